//! Model decoding: exact decimals, lenient keys, envelopes, unknown fields kept.

use rackbeat_client::model::*;
use rackbeat_client::{Page, Single};
use rust_decimal_macros::dec;

#[test]
fn decimal_from_number_and_string_is_exact_inside_flattened_model() {
    let p: Single<Product> = serde_json::from_str(
        r#"{"product": {"number": "A-1", "sales_price": 199.99, "cost_price": "199.99",
            "available_quantity": 12345678901234.123456, "stock_quantity": 3, "foo": 1.10}}"#,
    )
    .unwrap();
    let p = p.0;
    assert_eq!(p.sales_price, Some(dec!(199.99)));
    assert_eq!(p.cost_price, Some(dec!(199.99)));
    assert_eq!(p.available_quantity, Some(dec!(12345678901234.123456)));
    assert_eq!(p.stock_quantity, Some(dec!(3)));
    // Unknown fields are kept as ordinary `serde_json::Value`s.
    assert_eq!(p.extra["foo"], serde_json::json!(1.1));
}

#[test]
fn nested_models_inside_flatten_decode_numbers_exactly() {
    let o: Single<Order> = serde_json::from_str(
        r#"{"order": {"number": "1021", "total_total": 0.1, "customer": {"number": 7, "max_credit": "1000.005"},
            "lines": [{"id": 5, "child_id": 123, "quantity": "2", "line_price": 79.995, "location": {"number": 1}}]}}"#,
    )
    .unwrap();
    let o = o.0;
    assert_eq!(o.number, 1021);
    assert_eq!(o.total_total, Some(dec!(0.1)));
    assert_eq!(o.customer.unwrap().max_credit, Some(dec!(1000.005)));
    let line = &o.lines[0];
    assert_eq!(line.child_id.as_deref(), Some("123"));
    assert_eq!(line.line_price, Some(dec!(79.995)));
    assert_eq!(line.quantity, Some(dec!(2)));
    assert_eq!(line.location.as_ref().unwrap().number, 1);
}

#[test]
fn page_envelope_uses_the_plural_key() {
    let page: Page<ProductLocation> = serde_json::from_str(
        r#"{"product_locations": [{"number": 1, "stock_quantity": 4.5}], "total": 1, "pages": "1", "page": 1, "limit": 20}"#,
    )
    .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].stock_quantity, Some(dec!(4.5)));
    assert_eq!(page.pages, Some(1));
    assert!(!page.has_next());
    let text = serde_json::to_string(&page).unwrap();
    assert!(
        text.starts_with(r#"{"product_locations":[{"number":1,"stock_quantity":4.5}]"#),
        "{text}"
    );
}

#[test]
fn request_bodies_skip_unset_fields_and_write_exact_numbers() {
    let body = NewOrder {
        customer_id: 42,
        other_reference: Some("SW-1001".into()),
        lines: vec![NewOrderLine {
            item_id: "ÆØÅ/1".into(),
            quantity: dec!(2),
            line_price: Some(dec!(79.995)),
            ..Default::default()
        }],
        ..Default::default()
    };
    let v = serde_json::to_string(&body).unwrap();
    assert_eq!(
        v,
        r#"{"customer_id":42,"other_reference":"SW-1001","lines":[{"item_id":"ÆØÅ/1","quantity":2,"line_price":79.995}]}"#
    );
}

#[test]
fn webhook_token_is_redacted_and_round_trips() {
    let w: Single<Webhook> = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/webhook_create_response.json"
    )))
    .unwrap();
    let w = w.0;
    assert_eq!(w.id, 123);
    let token = w.token.clone().unwrap();
    assert_eq!(token.expose_secret(), "abc123def456ghi789jkl012mno345pq");
    assert!(token.verify("abc123def456ghi789jkl012mno345pq"));
    assert!(!token.verify("abc123def456ghi789jkl012mno345pX"));
    let dbg = format!("{w:?}");
    assert!(!dbg.contains("abc123"), "{dbg}");
    assert!(w.plugin.is_none());
}

#[test]
fn vat_zone_is_open() {
    let c: Customer = serde_json::from_str(r#"{"number": 1, "vat_zone": "martian"}"#).unwrap();
    assert_eq!(c.vat_zone, Some(VatZone::Other("martian".into())));
    let c: Customer =
        serde_json::from_str(r#"{"number": "2", "vat_zone": "eu", "is_barred": 0}"#).unwrap();
    assert_eq!(c.vat_zone, Some(VatZone::Eu));
    assert_eq!(c.is_barred, Some(false));
}

#[test]
fn envelopes_fall_back_to_the_only_array_or_object() {
    let page: Page<OrderLine> = serde_json::from_str(
        r#"{"order_lines": [{"id": 1, "line_price": "9.95"}], "total": 1, "pages": 1, "page": 1}"#,
    )
    .unwrap();
    assert_eq!(page.items[0].line_price, Some(dec!(9.95)));
    let one: Single<CustomerInvoice> =
        serde_json::from_str(r#"{"credit_note": {"number": 9, "total_total": -100.10}}"#).unwrap();
    assert_eq!(one.0.total_total, Some(dec!(-100.10)));
    let err = serde_json::from_str::<Page<Product>>(r#"{"a": [], "b": []}"#).unwrap_err();
    assert!(err.to_string().contains("products"), "{err}");
}
