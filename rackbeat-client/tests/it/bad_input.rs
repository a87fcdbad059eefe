//! Hostile and malformed input to the Rackbeat side: every case ends in a typed error (or a
//! documented lenient reading), never a panic. One test per row of `docs/BAD-INPUT.md`.

use rackbeat_client::model::{Customer, Order, Product, WebhookToken};
use rackbeat_client::{Error, Page, RackbeatClient, Single, webhook};
use rust_decimal_macros::dec;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(status: u16, body: impl Into<Vec<u8>>) -> (MockServer, RackbeatClient) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_bytes(body.into()))
        .mount(&server)
        .await;
    let client = RackbeatClient::builder()
        .base_url(server.uri())
        .token("t0ken")
        .requests_per_minute(100_000)
        .retries(0)
        .build()
        .unwrap();
    (server, client)
}

fn single_product(value: serde_json::Value) -> Result<Product, serde_json::Error> {
    serde_json::from_value::<Single<Product>>(json!({ "product": value })).map(Single::into_inner)
}

#[tokio::test]
async fn malformed_and_truncated_json_is_a_decode_error() {
    let full = br#"{"product":{"number":"A","name":"Chair","sales_price":"10.00"}}"#;
    for cut in [0, 1, 10, 30, full.len() - 1] {
        let (_server, client) = serve(200, &full[..cut]).await;
        let err = client.products().get("A").await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "cut {cut}: {err:?}");
    }
}

#[tokio::test]
async fn wrong_types_name_the_json_path() {
    let body = json!({"product": {"number": "A", "sales_price": "abc"}}).to_string();
    let (_server, client) = serve(200, body).await;
    match client.products().get("A").await.unwrap_err() {
        Error::Decode { path, .. } => assert!(path.contains("sales_price"), "{path}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_required_fields_are_errors() {
    // `number` identifies a product and an order: without it there is nothing to sync.
    assert!(single_product(json!({"name": "No number"})).is_err());
    assert!(
        serde_json::from_value::<Single<Order>>(json!({"order": {"currency": "DKK"}})).is_err()
    );
    // A list envelope without its array is an error, not an empty page.
    assert!(serde_json::from_value::<Page<Product>>(json!({"total": 3})).is_err());
}

#[test]
fn many_decimals_and_out_of_range_numbers() {
    // Decimals arrive exactly (read from the number's text), never through f64.
    let p = single_product(json!({"number": "A", "sales_price": "0.1234567890123456789"})).unwrap();
    assert_eq!(p.sales_price, Some(dec!(0.1234567890123456789)));
    let many: Single<Product> = serde_json::from_str(
        r#"{"product":{"number":"A","sales_price":1.12345678901234567890123456789012}}"#,
    )
    .unwrap();
    // More digits than a Decimal holds: rounded by the decimal parser, from the text.
    assert_eq!(
        many.0.sales_price,
        Some(dec!(1.1234567890123456789012345679))
    );
    for out_of_range in [
        r#"{"product":{"number":"A","sales_price":1e400}}"#,
        r#"{"product":{"number":"A","sales_price":"1e40"}}"#,
        r#"{"product":{"number":"A","sales_price":99999999999999999999999999999999}}"#,
        r#"{"product":{"number":"A","id":-1}}"#,
        r#"{"product":{"number":"A","id":18446744073709551616}}"#,
    ] {
        assert!(
            serde_json::from_str::<Single<Product>>(out_of_range).is_err(),
            "{out_of_range}"
        );
    }
}

#[test]
fn negative_quantities_are_kept_as_sent() {
    let p =
        single_product(json!({"number": "A", "available_quantity": -3, "stock_quantity": "-1.5"}))
            .unwrap();
    assert_eq!(p.available_quantity, Some(dec!(-3)));
    assert_eq!(p.stock_quantity, Some(dec!(-1.5)));
}

#[test]
fn unknown_fields_currency_and_country_are_kept() {
    let order: Single<Order> = serde_json::from_value(json!({"order": {
        "number": 1021, "currency": "XYZ", "brand_new": {"a": 1},
        "address": {"country": "Atlantis"}
    }}))
    .unwrap();
    let order = order.into_inner();
    assert_eq!(order.currency.as_deref(), Some("XYZ"));
    assert_eq!(order.extra.get("brand_new"), Some(&json!({"a": 1})));
    let customer: Single<Customer> =
        serde_json::from_value(json!({"customer": {"number": 7, "currency": "QQQ"}})).unwrap();
    assert_eq!(customer.into_inner().currency.as_deref(), Some("QQQ"));
    // Unknown webhook event names are kept by name.
    let d = webhook::parse_delivery(Some("brand.new_event"), None, b"{}").unwrap();
    assert_eq!(d.event_name.as_deref(), Some("brand.new_event"));
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error() {
    let (_server, client) = serve(200, b"{\"product\":{\"number\":\"\xff\"}}".to_vec()).await;
    let err = client.products().get("A").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn validation_bodies_are_parsed_or_kept_raw() {
    let body = json!({"message": "The given data was invalid.",
        "errors": {"lines.0.item_id": ["The selected item is invalid."], "number": "taken", "x": 3}});
    let (_server, client) = serve(422, body.to_string()).await;
    match client.products().get("A").await.unwrap_err() {
        Error::Validation {
            message, fields, ..
        } => {
            assert_eq!(message.as_deref(), Some("The given data was invalid."));
            assert_eq!(
                fields["lines.0.item_id"],
                vec!["The selected item is invalid."]
            );
            assert_eq!(fields["number"], vec!["taken"]);
            assert_eq!(fields["x"], vec!["3"]);
        }
        other => panic!("{other:?}"),
    }
    // A garbage 422 body still yields a typed error carrying the (capped) raw body.
    let garbage = vec![b'{'; 100_000];
    let err = Error::from_response(422, &garbage);
    assert!(matches!(err, Error::Validation { ref fields, .. } if fields.is_empty()));
    assert!(err.body().unwrap().len() <= 2048 + 3);
}

#[tokio::test]
async fn huge_response_bodies_are_cut_off_at_the_cap() {
    let server = MockServer::start().await;
    let huge = format!(
        r#"{{"product":{{"number":"A","name":"{}"}}}}"#,
        "x".repeat(2 << 20)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;
    let client = RackbeatClient::builder()
        .base_url(server.uri())
        .token("t0ken")
        .requests_per_minute(100_000)
        .retries(0)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = client.products().get("A").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                limit_bytes: 65_536
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    let build = |url: &str| RackbeatClient::builder().base_url(url).token("t").build();
    for refused in [
        "http://app.rackbeat.com/api/",
        "http://10.1.2.3/api/",
        "ftp://127.0.0.1/",
    ] {
        assert!(matches!(build(refused), Err(Error::Config(_))), "{refused}");
    }
    for allowed in [
        "https://app.rackbeat.com/api/",
        "http://127.0.0.1:9/api/",
        "http://localhost/api/",
        "http://[::1]:8080/",
    ] {
        assert!(build(allowed).is_ok(), "{allowed}");
    }
    assert!(matches!(
        RackbeatClient::builder()
            .token("t")
            .max_response_bytes(0)
            .build(),
        Err(Error::Config(_))
    ));
}

#[test]
fn bad_or_missing_webhook_token_is_refused() {
    let token = WebhookToken::new("s3cret-token");
    assert!(webhook::verify_token(&token, Some("s3cret-token")));
    assert!(webhook::verify_token(&token, Some(" s3cret-token ")));
    assert!(!webhook::verify_token(&token, Some("s3cret-tokem")));
    assert!(!webhook::verify_token(&token, Some("")));
    assert!(!webhook::verify_token(&token, None));
    // A body that is not JSON is a typed error.
    assert!(webhook::parse_delivery(Some("order.created"), None, b"<xml/>").is_err());
    assert!(webhook::parse_delivery(None, None, b"{}").is_err());
}
