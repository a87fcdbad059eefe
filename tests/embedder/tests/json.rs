//! With every crate of this workspace in the program, the embedder's JSON parses as serde_json
//! parses it alone: floats through flatten, untagged and internally tagged enums, and
//! `serde_json::Value` numbers without `arbitrary_precision`. Our own models stay exact.

use std::str::FromStr;

use embedder_check::{Amount, Measure, Reading, Shape};
use rust_decimal::Decimal;
use serde_json::Value;

#[test]
fn a_float_in_a_flattened_struct_reads() {
    let reading: Reading =
        serde_json::from_str(r#"{"sensor": "t1", "value": 21.5, "count": 3}"#).unwrap();
    assert_eq!(
        reading,
        Reading {
            sensor: "t1".into(),
            measure: Measure {
                value: 21.5,
                count: 3
            }
        }
    );
}

#[test]
fn a_float_in_an_untagged_enum_reads() {
    let amounts: Vec<Amount> = serde_json::from_str(r#"[0.1, "0.1", 7]"#).unwrap();
    assert_eq!(
        amounts,
        [
            Amount::Number(0.1),
            Amount::Text("0.1".into()),
            Amount::Number(7.0)
        ]
    );
}

#[test]
fn a_float_in_an_internally_tagged_enum_reads() {
    let shape: Shape = serde_json::from_str(r#"{"kind": "Circle", "radius": 1.25}"#).unwrap();
    assert_eq!(shape, Shape::Circle { radius: 1.25 });
}

#[test]
fn values_hold_numbers_as_plain_serde_json_does() {
    // Under `arbitrary_precision` a Value keeps the literal text ("1.10") and `as_f64` of a
    // huge integer changes; without it, the number is the float nearest the text.
    let value: Value = serde_json::from_str(r#"{"a": 1.10, "b": 1E-7}"#).unwrap();
    assert_eq!(value["a"].to_string(), "1.1");
    assert_eq!(value["b"].as_f64(), Some(1e-7));
    assert!(value["a"].is_f64());
}

#[test]
fn rackbeat_amounts_stay_exact_in_the_same_program() {
    let product: rackbeat_client::Single<rackbeat_client::model::Product> = serde_json::from_str(
        r#"{"product": {"number": "A-1", "sales_price": 0.30000000000000000001}}"#,
    )
    .unwrap();
    assert_eq!(
        product.0.sales_price,
        Some(Decimal::from_str("0.30000000000000000001").unwrap())
    );
    // The engine's report and sync-core's settings round-trip through JSON in this program.
    let report = smartweb_rackbeat::JobReport::new(
        smartweb_rackbeat::report::JobKind::ImportOrders,
        false,
        smartweb_rackbeat::chrono::Utc::now(),
    );
    let text = serde_json::to_string(&report).unwrap();
    let back: smartweb_rackbeat::JobReport = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
    let settings = serde_json::to_value(sync_core::Settings::default()).unwrap();
    assert!(settings.is_object());
}
