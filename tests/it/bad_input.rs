//! Hostile input to the engine's entry points: webhook deliveries (signature, token, size,
//! replay) and the config file. One test per row of `docs/BAD-INPUT.md`; the HTTP listener's
//! defences are in `webhook_listener.rs`, the config's secrets and ranges in `sync_config.rs`.

use crate::engine_support;

use std::sync::Arc;

use base64::Engine;
use hmac::{Hmac, Mac};
use smartweb_rackbeat::config::ConfigFile;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::state::StateStore;
use smartweb_rackbeat::{WebhookReceiver, WebhookWorker};

const SW_SECRET: &str = "sw-hook-secret-5b1e";
const RB_TOKEN: &str = "rb-hook-token-93af";
const MAX_BODY: usize = 4096;

fn receiver() -> (WebhookReceiver, WebhookWorker, Arc<dyn StateStore>) {
    engine_support::offline_receiver(
        SW_SECRET,
        RB_TOKEN,
        IntakeConfig::default().with_max_body_bytes(MAX_BODY),
    )
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SW_SECRET.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn sw_headers(signature: Option<&str>, topic: &str) -> Headers {
    let mut h = Headers::from_pairs([("X-Webhook-Topic", topic), ("X-Shop-Domain", "shop.test")]);
    if let Some(s) = signature {
        h.push("X-Hmac-Sha256", s);
    }
    h
}

fn rb_headers(token: Option<&str>, event: &str) -> Headers {
    let mut h = Headers::from_pairs([("Rackbeat-Webhook-Event", event)]);
    if let Some(t) = token {
        h.push("Rackbeat-Webhook-Token", t);
    }
    h
}

#[tokio::test]
async fn smartweb_webhook_with_bad_or_missing_signature_is_refused() {
    let (receiver, mut worker, _) = receiver();
    let body = br#"{"id":"1042"}"#;
    let missing = receiver
        .handle_smartweb_webhook(&sw_headers(None, "orders/created"), body)
        .await;
    assert_eq!(missing.status, 401);
    let forged = receiver
        .handle_smartweb_webhook(&sw_headers(Some("AAAA"), "orders/created"), body)
        .await;
    assert_eq!(forged.status, 401);
    // A valid signature over a different body does not carry over.
    let other = sign(br#"{"id":"1043"}"#);
    let swapped = receiver
        .handle_smartweb_webhook(&sw_headers(Some(&other), "orders/created"), body)
        .await;
    assert_eq!(swapped.status, 401);
    assert!(worker.drain().await.is_empty(), "nothing may be queued");
    for reply in [missing, forged, swapped] {
        assert!(!reply.message.contains(SW_SECRET));
    }
}

#[tokio::test]
async fn rackbeat_webhook_with_bad_or_missing_token_is_refused() {
    let (receiver, mut worker, _) = receiver();
    let body = br#"{"item":"SKU-1","item_type":"product","type":"stock"}"#;
    for token in [None, Some(""), Some("rb-hook-token-93aF"), Some("x")] {
        let reply = receiver
            .handle_rackbeat_webhook(&rb_headers(token, "inventory.changed"), body)
            .await;
        assert_eq!(reply.status, 401, "{token:?}");
        assert!(!reply.message.contains(RB_TOKEN));
    }
    assert!(worker.drain().await.is_empty());
}

#[tokio::test]
async fn signed_but_malformed_bodies_are_400() {
    let (receiver, mut worker, _) = receiver();
    for body in [
        &b"not json"[..],
        b"[1,2]",
        b"{}",
        b"{\"id\":\"\"}",
        b"\xff\xfe",
        b"",
    ] {
        let reply = receiver
            .handle_smartweb_webhook(&sw_headers(Some(&sign(body)), "orders/created"), body)
            .await;
        assert_eq!(reply.status, 400, "{body:?}: {}", reply.message);
    }
    let reply = receiver
        .handle_smartweb_webhook(
            &sw_headers(Some(&sign(br#"{"id":"abc"}"#)), "orders/created"),
            br#"{"id":"abc"}"#,
        )
        .await;
    assert_eq!(reply.status, 400, "a non-numeric order id");
    let reply = receiver
        .handle_rackbeat_webhook(&rb_headers(Some(RB_TOKEN), "order.created"), b"{\"key\":")
        .await;
    assert_eq!(reply.status, 400);
    assert!(worker.drain().await.is_empty());
}

#[tokio::test]
async fn replayed_smartweb_webhooks_are_queued_once_rackbeat_repeats_every_time() {
    let (receiver, mut worker, _) = receiver();
    let body = br#"{"id":"1042"}"#;
    let headers = sw_headers(Some(&sign(body)), "orders/created");
    let first = receiver.handle_smartweb_webhook(&headers, body).await;
    assert_eq!(first.status, 202, "{}", first.message);
    let again = receiver.handle_smartweb_webhook(&headers, body).await;
    assert_eq!(again.status, 200, "{}", again.message);
    let rb_body = br#"{"item":"SKU-1","item_type":"product","type":"stock"}"#;
    let rb = rb_headers(Some(RB_TOKEN), "inventory.changed");
    assert_eq!(
        receiver.handle_rackbeat_webhook(&rb, rb_body).await.status,
        202
    );
    // Rackbeat sends the same body for every change of one item, so a repeat may be a real
    // second change: it is queued again (pushing current stock is idempotent).
    assert_eq!(
        receiver.handle_rackbeat_webhook(&rb, rb_body).await.status,
        202
    );
    // The SmartWeb replay was dropped before the queue; both Rackbeat deliveries were queued.
    // (The work itself fails against the closed ports, which is not what this test is about.)
    assert_eq!(worker.drain().await.len(), 3);
}

#[tokio::test]
async fn oversized_webhook_bodies_are_413_before_any_parsing() {
    let (receiver, mut worker, _) = receiver();
    let big = format!(r#"{{"id":"1","pad":"{}"}}"#, "x".repeat(MAX_BODY));
    let reply = receiver
        .handle_smartweb_webhook(
            &sw_headers(Some(&sign(big.as_bytes())), "orders/created"),
            big.as_bytes(),
        )
        .await;
    assert_eq!(reply.status, 413);
    // A declared Content-Length over the cap is refused without looking at the body.
    let mut headers = rb_headers(Some(RB_TOKEN), "inventory.changed");
    headers.push("Content-Length", "999999999");
    let reply = receiver.handle_rackbeat_webhook(&headers, b"{}").await;
    assert_eq!(reply.status, 413);
    assert!(worker.drain().await.is_empty());
}

#[test]
fn config_with_unknown_keys_is_rejected_naming_the_key() {
    let text = "[smartweb]\nusername = \"u\"\npassword_env = \"P\"\npasword = \"typo\"\n[rackbeat]\ntoken_env = \"T\"\n";
    let err = ConfigFile::parse(text).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("pasword"), "{message}");
    let err = ConfigFile::parse("[smartweeb]\nusername = \"u\"\n").unwrap_err();
    assert!(err.to_string().contains("smartweeb"), "{err}");
}

#[test]
fn config_with_plain_text_secrets_is_accepted_with_a_warning() {
    let text = "[smartweb]\nusername = \"u\"\npassword = \"plain-pass-1f2e\"\nwebhook_secret = \"plain-hook-77\"\n[rackbeat]\ntoken = \"plain-token-9a\"\n[settings]\nlayout = 1\npayment_terms = 1\ncustomer_group = 1\nsmartweb_category_id = 1\nshipping_product_with_vat = \"FRAGT\"\nshipping_product_without_vat = \"FRAGT0\"\nfee_product = \"GEBYR\"\n";
    let config = ConfigFile::parse(text).unwrap().resolve(|_| None).unwrap();
    assert!(!config.warnings.is_empty());
    let joined = config.warnings.join("\n");
    assert!(joined.contains("smartweb.password"), "{joined}");
    assert!(joined.contains("rackbeat.token"), "{joined}");
    for secret in ["plain-pass-1f2e", "plain-hook-77", "plain-token-9a"] {
        assert!(!joined.contains(secret));
        assert!(!format!("{config:?}").contains(secret), "{secret} in Debug");
    }
}

#[test]
fn config_with_plain_http_off_loopback_is_rejected() {
    let text = "[smartweb]\nendpoint = \"http://api.hostedshop.io/service.php\"\nusername = \"u\"\npassword_env = \"P\"\n[rackbeat]\nbase_url = \"http://app.rackbeat.com/api/\"\ntoken_env = \"T\"\n";
    let problems = ConfigFile::parse(text)
        .unwrap()
        .resolve(|_| Some("x".to_owned()))
        .unwrap_err();
    let keys: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        keys.iter().any(|k| k.contains("smartweb.endpoint")),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.contains("rackbeat.base_url")),
        "{keys:?}"
    );
}

#[test]
fn config_that_is_not_toml_or_has_wrong_types_is_a_config_error() {
    for text in [
        "[smartweb",
        "[smartweb]\nrequests_per_second = \"fast\"\n",
        "[smartweb]\nrequests_per_second = -4\n",
        "\u{0}",
        &"[a]\n".repeat(10_000),
        &format!("x = {}", "[".repeat(10_000)),
    ] {
        assert!(ConfigFile::parse(text).is_err(), "{:.40}", text);
    }
}

// ---- orders the shop sends with hostile content ----------------------------------------

/// The bodies of every `POST <path>` the Rackbeat fake received.
fn posted(world: &engine_support::World, path: &str) -> Vec<serde_json::Value> {
    world
        .rb
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .filter_map(|r| r.body)
        .collect()
}

/// Every scalar inside a JSON value.
fn leaves<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
        scalar => out.push(scalar),
    }
}

#[tokio::test]
async fn a_negative_quantity_order_without_origin_fails_with_its_reason_and_is_retried() {
    use smartweb_client::mock::fixtures::OrderBuilder;
    let world = engine_support::World::new().await;
    let order = OrderBuilder::new(8001)
        .status(1)
        .customer("Karen", "Jensen", "karen8001@example.invalid")
        .line(
            1,
            "KAFFE-1",
            "Kaffebønner 1 kg",
            -2,
            rust_decimal::Decimal::from(100),
        )
        .build();
    world.sw.seed_order(order);
    let mut settings = engine_support::settings();
    settings.credit_notes = false;
    let integration = world.integration_with(settings, false);
    for run in 1..=2 {
        let report = integration.import_orders(engine_support::window()).await;
        let failed: Vec<_> = report.failed.iter().filter(|f| f.key == "8001").collect();
        assert_eq!(failed.len(), 1, "run {run}: {}", report.render_table());
        assert!(
            failed[0].detail.contains("line 1 has quantity -2")
                && failed[0].detail.contains("not a credit note"),
            "{}",
            failed[0].detail
        );
        assert!(
            report.skipped.iter().all(|s| s.key != "8001"),
            "not a silent skip"
        );
    }
    assert!(world.rackbeat_orders_for("SW-8001").is_empty());
    assert!(posted(&world, "/orders/drafts").is_empty());
}

#[tokio::test]
async fn control_characters_and_100_kb_names_never_reach_rackbeat() {
    use smartweb_client::mock::fixtures::OrderBuilder;
    let world = engine_support::World::new().await;
    let mut order = OrderBuilder::new(8002)
        .status(1)
        .customer("Ka\0ren\u{7}", "Jen\u{1b}sen", "karen8002@example.invalid")
        .line(
            1,
            "KAFFE-1",
            &"Kaffe ".repeat(17_000),
            1,
            rust_decimal::Decimal::from(100),
        )
        .build();
    if let Some(c) = order.customer.as_mut() {
        c.address = Some("Testvej 3\r\n2. sal\u{0}".into());
    }
    world.sw.seed_order(order);
    let integration = world.integration();
    let report = integration.import_orders(engine_support::window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), 1, "{}", report.render_table());
    let bodies = [
        posted(&world, "/orders/drafts"),
        posted(&world, "/customers"),
    ]
    .concat();
    let mut scalars = Vec::new();
    bodies.iter().for_each(|b| leaves(b, &mut scalars));
    let texts: Vec<&str> = scalars.iter().filter_map(|v| v.as_str()).collect();
    assert!(texts.contains(&"Karen Jensen"), "{texts:?}");
    assert!(texts.contains(&"Testvej 3 2. sal"), "{texts:?}");
    for text in &texts {
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(
            text.chars().count() <= smartweb_rackbeat::sync_core::order::TEXT_LIMIT,
            "{} chars",
            text.chars().count()
        );
    }
}

#[tokio::test]
async fn decimals_reach_rackbeat_in_plain_notation() {
    use smartweb_client::mock::fixtures::OrderBuilder;
    let world = engine_support::World::new().await;
    let tiny = rust_decimal::Decimal::from_scientific("1E-7").unwrap();
    let order = OrderBuilder::new(8003)
        .status(1)
        .customer("Karen", "Jensen", "karen8003@example.invalid")
        .line(1, "KAFFE-1", "Kaffebønner 1 kg", 1, tiny)
        .build();
    world.sw.seed_order(order);
    let report = world
        .integration()
        .import_orders(engine_support::window())
        .await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    let sent: Vec<String> = world
        .rb
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/orders/drafts")
        .filter_map(|r| r.body_text)
        .collect();
    assert_eq!(sent.len(), 1);
    // The digits as the client wrote them: serde_json's own `Value` would print the f64.
    assert!(sent[0].contains(r#""line_price":0.0000001"#), "{}", sent[0]);
    let mut numbers = Vec::new();
    json_numbers(&sent[0], &mut numbers);
    assert!(numbers.len() >= 5, "{numbers:?}");
    for n in numbers {
        assert!(!n.contains(['e', 'E']), "{n} in {}", sent[0]);
    }
}

/// The text of every number in a JSON document, as written.
fn json_numbers<'a>(json: &'a str, out: &mut Vec<&'a str>) {
    let mut in_string = false;
    let mut escaped = false;
    let mut start = None;
    for (i, b) in json.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        let in_number = b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
        match (start, in_number) {
            (None, true) if b == b'-' || b.is_ascii_digit() => start = Some(i),
            (Some(s), false) => {
                out.push(&json[s..i]);
                start = None;
            }
            _ => {}
        }
        in_string = b == b'"';
    }
}
