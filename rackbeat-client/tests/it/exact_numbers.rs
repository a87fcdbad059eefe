//! Decimals are read from the number's text and written as exact text, without serde_json's
//! `arbitrary_precision` (which would change how every crate in a program parses JSON).

use std::str::FromStr;

use rackbeat_client::Single;
use rackbeat_client::model::{NewOrderLine, Order, OrderLine, Product};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::json;

/// Literals that a float would not carry as written (0.1, 1E-7, more digits than an f64
/// holds) next to ordinary ones.
const LITERALS: &[&str] = &[
    "0.1",
    "1234567.891",
    "1E-7",
    "1e-7",
    "0",
    "42",
    "-3",
    "18446744073709551615",
    "12345678901234.123456",
    "0.30000000000000000001",
    "79.995",
];

fn exact(literal: &str) -> Decimal {
    Decimal::from_str(literal)
        .or_else(|_| Decimal::from_scientific(literal))
        .unwrap()
}

#[test]
fn numbers_are_read_from_their_text() {
    for literal in LITERALS {
        let json = format!(r#"{{"product": {{"number": "A-1", "sales_price": {literal}}}}}"#);
        let product: Single<Product> = serde_json::from_str(&json).unwrap();
        assert_eq!(product.0.sales_price, Some(exact(literal)), "{literal}");
        let from_reader: Single<Product> = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(from_reader.0.sales_price, Some(exact(literal)), "{literal}");
    }
}

#[test]
fn numbers_nested_in_models_and_lists_are_exact() {
    let order: Single<Order> = serde_json::from_str(
        r#"{"order": {"number": 1, "total_total": 0.30000000000000000001,
            "lines": [{"id": 5, "quantity": 1E-7, "line_price": 1234567.891, "zzz": {"a": 1}}],
            "unknown_key": [1, 2.5]}}"#,
    )
    .unwrap();
    let order = order.0;
    assert_eq!(order.total_total, Some(exact("0.30000000000000000001")));
    let line = order.lines.first().unwrap();
    assert_eq!(line.quantity, Some(exact("0.0000001")));
    assert_eq!(line.line_price, Some(exact("1234567.891")));
    assert_eq!(line.extra["zzz"], json!({"a": 1}));
    assert_eq!(order.extra["unknown_key"], json!([1, 2.5]));
}

#[test]
fn decimals_are_written_as_their_exact_text() {
    for literal in LITERALS {
        let line = NewOrderLine {
            item_id: "A-1".into(),
            quantity: exact(literal),
            ..Default::default()
        };
        let text = serde_json::to_string(&line).unwrap();
        let written = exact(literal).normalize().to_string();
        assert!(
            text.contains(&format!(r#""quantity":{written}"#)),
            "{literal}: {text}"
        );
        let back: NewOrderLine = serde_json::from_str(&text).unwrap();
        assert_eq!(back.quantity, exact(literal), "{literal}");
    }
}

#[test]
fn a_parsed_value_still_reads_through_its_shortest_text() {
    // `from_value` and serde's buffering (an embedder flattening one of our models into a
    // type of their own) hand over numbers already parsed: up to 15 significant digits come
    // back as written.
    let value =
        json!({"id": 5, "quantity": 0.1, "line_price": 1234567.891, "discount_percentage": "12.5"});
    let line: OrderLine = serde_json::from_value(value).unwrap();
    assert_eq!(line.quantity, Some(exact("0.1")));
    assert_eq!(line.line_price, Some(exact("1234567.891")));

    #[derive(Deserialize)]
    struct Embedding {
        #[serde(flatten)]
        line: OrderLine,
        #[serde(rename = "embedder_ratio")]
        ratio: f64,
    }
    let embedded: Embedding = serde_json::from_str(
        r#"{"id": 6, "quantity": 1E-7, "line_price": 79.995, "embedder_ratio": 0.25, "other": true}"#,
    )
    .unwrap();
    assert_eq!(embedded.line.quantity, Some(exact("0.0000001")));
    assert_eq!(embedded.line.line_price, Some(exact("79.995")));
    assert_eq!(embedded.line.extra["other"], json!(true));
    assert!((embedded.ratio - 0.25).abs() < f64::EPSILON);
}
