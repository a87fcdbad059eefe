//! Webhook deliveries: every delivery body in `tests/data/` parses; token checks.

use crate::common;

use common::sample;
use rackbeat_client::Single;
use rackbeat_client::model::{NewCustomer, NewWebhook, Webhook, WebhookToken};
use rackbeat_client::webhook::{WebhookError, WebhookEvent, parse_delivery, verify_token};

#[test]
fn documented_general_envelope() {
    let d = parse_delivery(
        None,
        Some("4711"),
        sample("webhook_delivery_general.json").as_bytes(),
    )
    .unwrap();
    assert_eq!(d.event, Some(WebhookEvent::OrderCreated));
    assert_eq!(d.key.as_deref(), Some("123"), "numeric key becomes text");
    assert_eq!(d.key_name.as_deref(), Some("id"));
    assert_eq!(d.account_id.as_deref(), Some("4711"));
    assert!(d.data.unwrap().as_object().unwrap().is_empty());
}

#[test]
fn observed_minimal_body_takes_the_event_from_the_header() {
    let body = sample("webhook_delivery_order_created.json");
    let d = parse_delivery(Some("order.created"), None, body.as_bytes()).unwrap();
    assert_eq!(d.event, Some(WebhookEvent::OrderCreated));
    assert_eq!(d.event_name.as_deref(), Some("order.created"));
    assert_eq!(d.resource_key(), Some("1021"));
    assert_eq!(d.key_name.as_deref(), Some("number"));
    assert!(d.data.is_none());
}

#[test]
fn header_event_wins_over_body_event() {
    let d = parse_delivery(Some("product.updated"), None, br#"{"event":"order.created","key":5,"changed":["name","sales_price"],"old_key":"A","new_key":"B"}"#).unwrap();
    assert_eq!(d.event, Some(WebhookEvent::ProductUpdated));
    assert_eq!(d.changed, vec!["name", "sales_price"]);
    assert_eq!(
        (d.old_key.as_deref(), d.new_key.as_deref()),
        (Some("A"), Some("B"))
    );
}

#[test]
fn product_deleted_converted_to_lot() {
    let body = sample("webhook_product_deleted_converted_to_lot.json");
    let d = parse_delivery(Some("product.deleted"), None, body.as_bytes()).unwrap();
    assert_eq!(d.event, Some(WebhookEvent::ProductDeleted));
    assert_eq!(d.key.as_deref(), Some("converttolot"));
    assert_eq!(d.extra["converted_to_lot"], serde_json::json!(true));
}

#[test]
fn stock_style_body() {
    let d = parse_delivery(
        Some("inventory.changed"),
        None,
        br#"{"item": 10045, "item_type": "product", "type": "stock", "location": 1}"#,
    )
    .unwrap();
    assert!(d.is_stock_change());
    assert_eq!(d.resource_key(), Some("10045"));
    assert_eq!(d.item_type.as_deref(), Some("product"));
    assert_eq!(d.extra["location"].to_string(), "1");
}

#[test]
fn plural_event_name_from_the_docs_example_is_understood() {
    let req: NewWebhook = serde_json::from_str(&sample("webhook_create_request.json")).unwrap();
    assert_eq!(
        WebhookEvent::from_name(&req.event),
        WebhookEvent::OrderCreated
    );
    assert_eq!(
        WebhookEvent::from_name("delivery_terms.updated"),
        WebhookEvent::Other("delivery_terms.updated".into())
    );
}

#[test]
fn a_write_suppressing_webhooks_has_the_documented_body_and_the_create_response_parses() {
    let body: NewCustomer =
        serde_json::from_str(&sample("write_suppressing_webhooks.json")).unwrap();
    assert_eq!(body.suppress_webhooks, Some(true));
    assert_eq!(body.name.as_deref(), Some("Kaffe 500 g"));
    assert!(body.extra.is_empty(), "{:?}", body.extra);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::from_str::<serde_json::Value>(&sample("write_suppressing_webhooks.json"))
            .unwrap(),
        "our body is the documented one"
    );
    let w: Single<Webhook> = serde_json::from_str(&sample("webhook_create_response.json")).unwrap();
    assert_eq!(w.0.failures_since_last_success, Some(0));
}

#[test]
fn empty_or_bad_bodies() {
    assert!(matches!(
        parse_delivery(None, None, b""),
        Err(WebhookError::Empty)
    ));
    assert!(matches!(
        parse_delivery(None, None, b"not json"),
        Err(WebhookError::Body(_))
    ));
    let d = parse_delivery(Some("plugin.uninstalled"), None, b"  ").unwrap();
    assert_eq!(d.event, Some(WebhookEvent::PluginUninstalled));
}

#[test]
fn token_check() {
    let token = WebhookToken::new("abc123def456ghi789jkl012mno345pq");
    assert!(verify_token(
        &token,
        Some("abc123def456ghi789jkl012mno345pq")
    ));
    assert!(!verify_token(
        &token,
        Some("abc123def456ghi789jkl012mno345p")
    ));
    assert!(!verify_token(&token, Some("")));
    assert!(!verify_token(&token, None));
    assert!(!format!("{token:?}").contains("abc123"));
}
