//! Webhook signature verification and delivery parsing.

use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::SecretString;
use smartweb_client::webhook::{self, Topic, WebhookError};

const SECRET: &str = "shared-webhook-secret";

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn a_valid_signature_verifies() {
    let body = br#"{"id":"1042"}"#;
    let secret = SecretString::from(SECRET);
    assert!(webhook::verify_signature(
        &secret,
        body,
        &sign(SECRET, body)
    ));
    // Surrounding whitespace and missing padding are tolerated.
    let padded = sign(SECRET, body);
    assert!(webhook::verify_signature(
        &secret,
        body,
        &format!("  {padded} ")
    ));
    assert!(webhook::verify_signature(
        &secret,
        body,
        padded.trim_end_matches('=')
    ));
}

#[test]
fn a_wrong_signature_body_or_secret_fails() {
    let body = br#"{"id":"1042"}"#;
    let secret = SecretString::from(SECRET);
    let good = sign(SECRET, body);
    assert!(
        !webhook::verify_signature(&secret, br#"{"id":"1043"}"#, &good),
        "other body"
    );
    assert!(!webhook::verify_signature(
        &secret,
        body,
        &sign("other-secret", body)
    ));
    assert!(!webhook::verify_signature(
        &SecretString::from("x"),
        body,
        &good
    ));
    // A signature of the re-serialised body does not match the raw one.
    assert!(!webhook::verify_signature(
        &secret,
        br#"{ "id": "1042" }"#,
        &good
    ));
    // Truncated MAC.
    let short = base64::engine::general_purpose::STANDARD.encode([0u8; 16]);
    assert!(!webhook::verify_signature(&secret, body, &short));
}

#[test]
fn a_missing_or_garbled_signature_fails() {
    let body = br#"{"id":"1"}"#;
    let secret = SecretString::from(SECRET);
    assert!(!webhook::verify_signature(&secret, body, ""));
    assert!(!webhook::verify_signature(&secret, body, "   "));
    assert!(!webhook::verify_signature(
        &secret,
        body,
        "not base64 at all!"
    ));
    // The documentation's example value is not a signature of this body.
    assert!(!webhook::verify_signature(
        &secret,
        body,
        "yRpDZI7InNvbWUtb5JkZXItaWQifV1dE5VjyVtZZ7m9moybIzqd7bRQnclM0jLcG4SDJgfQ"
    ));
}

#[test]
fn deliveries_parse_with_string_or_number_ids() {
    let event = webhook::parse(
        Some("orders/created"),
        Some("shop1234.mywebshop.io"),
        br#"{"id":"some-order-id"}"#,
    )
    .unwrap();
    assert_eq!(event.topic, Topic::OrdersCreated);
    assert!(event.topic.is_order());
    assert_eq!(event.shop_domain.as_deref(), Some("shop1234.mywebshop.io"));
    assert_eq!(event.id, "some-order-id");
    assert_eq!(event.id_as_i64(), None);

    let event = webhook::parse(
        Some(" products/delete "),
        None,
        br#"{"id": 77, "extra": true}"#,
    )
    .unwrap();
    assert_eq!(event.topic, Topic::ProductsDelete);
    assert!(event.topic.is_product());
    assert_eq!(event.shop_domain, None);
    assert_eq!(event.id_as_i64(), Some(77));
}

#[test]
fn all_nine_topics_are_known_and_others_are_kept() {
    let known = [
        ("orders/cancelled", Topic::OrdersCancelled),
        ("orders/created", Topic::OrdersCreated),
        ("orders/fulfilled", Topic::OrdersFulfilled),
        ("orders/invoice", Topic::OrdersInvoice),
        (
            "orders/partially-fulfilled",
            Topic::OrdersPartiallyFulfilled,
        ),
        ("orders/updated", Topic::OrdersUpdated),
        ("products/created", Topic::ProductsCreated),
        ("products/updated", Topic::ProductsUpdated),
        ("products/delete", Topic::ProductsDelete),
    ];
    for (raw, topic) in known {
        let event = webhook::parse(Some(raw), None, br#"{"id":"1"}"#).unwrap();
        assert_eq!(event.topic, topic);
        assert_eq!(event.topic.to_string(), raw);
    }
    let event = webhook::parse(Some("customers/created"), None, br#"{"id":"1"}"#).unwrap();
    assert_eq!(event.topic, Topic::Unknown("customers/created".to_owned()));
    assert_eq!(event.topic.as_str(), "customers/created");
}

#[test]
fn bad_deliveries_are_typed_errors() {
    assert_eq!(
        webhook::parse(None, None, br#"{"id":"1"}"#),
        Err(WebhookError::MissingTopic)
    );
    assert_eq!(
        webhook::parse(Some(""), None, br#"{"id":"1"}"#),
        Err(WebhookError::MissingTopic)
    );
    assert!(matches!(
        webhook::parse(Some("orders/created"), None, b"not json"),
        Err(WebhookError::InvalidBody { .. })
    ));
    assert!(matches!(
        webhook::parse(Some("orders/created"), None, b"[1,2]"),
        Err(WebhookError::InvalidBody { .. })
    ));
    for body in [
        &br#"{}"#[..],
        br#"{"id":""}"#,
        br#"{"id":null}"#,
        br#"{"id":[1]}"#,
    ] {
        assert!(
            matches!(
                webhook::parse(Some("orders/created"), None, body),
                Err(WebhookError::MissingId { .. })
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
