//! Customer invoices, minimal: list, show, `create-creditnote`, and `convert-to-invoice` from an
//! order.
//!
//! An invoice is rendered like an order (lines, `total_subtotal`, `total_total`, `customer`).
//! A credit note is a new customer invoice whose lines are the original's with negated
//! quantities, created unbooked and answered 201 `{"customer_invoice": …}`; it carries
//! `credited_invoice_number` (inferred: the sheet knows no separate credit-note resource).
//! `POST /orders/{n}/convert-to-invoice?book=true|false` answers 200 `{"invoice_id": <number>}`
//! (LR) and marks the order `is_invoiced`; an unbooked order gives 422.

use serde_json::{Value, json};

use super::orders::render_document;
use super::{Call, crud, find, only, render as render_any, stamp};
use crate::mock::json::{Object, decimal, int, int_of, number, truthy};
use crate::mock::reply::{ApiError, Reply};
use crate::mock::state::{Kind, Row, State};

pub(super) fn route(st: &mut State, call: &Call<'_>, rest: &[&str]) -> Result<Reply, ApiError> {
    match rest {
        [n, "create-creditnote"] => {
            only(call, "POST")?;
            credit_note(st, n)
        }
        [] | [_] if matches!(call.method, "GET") => crud(st, call, Kind::CustomerInvoice, rest),
        [] | [_] => Err(ApiError::MethodNotAllowed),
        _ => Err(ApiError::NotFound),
    }
}

fn next_number(st: &State) -> i64 {
    st.table(Kind::CustomerInvoice).next_int_key(1)
}

fn credit_note(st: &mut State, n: &str) -> Result<Reply, ApiError> {
    let original = find(st, Kind::CustomerInvoice, n)?.data.clone();
    let new_number = next_number(st);
    let mut data = original.clone();
    let lines: Vec<Value> = original
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut l| {
            if let Some(o) = l.as_object_mut() {
                let q = o.get("quantity").and_then(decimal).unwrap_or_default();
                o.insert("quantity".into(), number(-q));
            }
            l
        })
        .collect();
    data.insert("number".into(), int(new_number));
    data.insert("lines".into(), Value::Array(lines));
    data.insert("is_booked".into(), Value::Bool(false));
    data.insert("is_paid".into(), Value::Bool(false));
    data.insert(
        "credited_invoice_number".into(),
        original.get("number").cloned().unwrap_or(Value::Null),
    );
    st.insert(Kind::CustomerInvoice, data);
    let row = find(st, Kind::CustomerInvoice, &new_number.to_string())?;
    Ok(Reply::single(
        201,
        "customer_invoice",
        render_any(st, Kind::CustomerInvoice, row),
    ))
}

/// `POST /orders/{n}/convert-to-invoice`.
pub(super) fn from_order(st: &mut State, n: &str, book: bool) -> Result<Reply, ApiError> {
    let order = find(st, Kind::Order, n)?;
    let key = order.key(&Kind::Order.spec()).unwrap_or_default();
    let mut order_data = order.data.clone();
    if !order_data.get("is_booked").is_some_and(truthy) {
        return Err(ApiError::invalid(
            "order",
            "The order must be booked before it can be invoiced.",
        ));
    }
    let number = next_number(st);
    let mut data = Object::new();
    for field in [
        "customer_id",
        "currency",
        "currency_rate",
        "vat_zone",
        "heading",
        "other_reference",
        "lines",
        "payment_terms_id",
        "layout_id",
    ] {
        if let Some(v) = order_data.get(field) {
            data.insert(field.to_owned(), v.clone());
        }
    }
    data.insert("number".into(), int(number));
    data.insert(
        "order_id".into(),
        order_data.get("number").cloned().unwrap_or(Value::Null),
    );
    data.insert("is_booked".into(), Value::Bool(book));
    data.insert("is_paid".into(), Value::Bool(false));
    st.insert(Kind::CustomerInvoice, data);
    order_data.insert("is_invoiced".into(), Value::Bool(true));
    order_data.insert("is_ready_for_invoicing".into(), Value::Bool(false));
    let now = st.clock.now();
    st.table_mut(Kind::Order).update(&key, |row| {
        row.data = order_data;
        row.updated = now;
    });
    Ok(Reply::ok(json!({"invoice_id": number})))
}

/// A seeded invoice: `is_booked: false` and `is_paid: false` unless the model says otherwise.
pub(crate) fn seed_defaults() -> Object {
    let mut o = Object::new();
    o.insert("is_booked".into(), Value::Bool(false));
    o.insert("is_paid".into(), Value::Bool(false));
    o.insert("lines".into(), Value::Array(Vec::new()));
    o
}

pub(super) fn render(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    render_document(st, &mut o);
    let order = o.get("order_id").and_then(int_of);
    o.insert(
        "order".into(),
        order.map_or(Value::Null, |n| json!({"number": n})),
    );
    stamp(st, Kind::CustomerInvoice, row, &mut o);
    Value::Object(o)
}
