//! Customer orders: drafts, booking, lines, totals, shipping.
//!
//! - `POST /orders/drafts` and `POST /orders` both create an **unbooked** order (FTP and B2B
//!   poll `is_booked` after `POST /orders`; see
//!   [`MockRackbeatBuilder::post_orders_books`](crate::mock::MockRackbeatBuilder::post_orders_books)
//!   for the other reading). The number is the body's `number` when given and free, else one
//!   above the highest (at least the configured first order number).
//! - Validation (422, Laravel dot-paths): `customer_id` is required and must name a customer
//!   ("The selected Customer is invalid.", as in the documentation's sample); `layout_id`,
//!   `payment_terms_id`, `employee_id`, `our_reference_id`, `delivery_responsible_id` must exist;
//!   each `lines.N.item_id` must name a product ("Product needed" when missing or unknown);
//!   `lines.N.location_id` must exist; `lines.N.variations.M.option_id` is always invalid (the
//!   fake has no variations); `lines.N.quantity`, `line_price`, `discount_percentage` and
//!   `vat_percentage` must be numbers.
//! - Defaults: `vat_zone`, `currency`, `payment_terms_id` and `layout_id` come from the customer
//!   when the body leaves them out (inferred); a line without `line_price` gets the product's
//!   `sales_price`, without `name` the product's name, without `vat_percentage` the product
//!   group's VAT for the order's zone (`vat_<zone>`), without `discount_percentage` 0. A line
//!   update that changes the item resets the price to the new item's (observed GYT) unless the
//!   body sets it.
//! - Totals (inferred: the sheet only presumes net/gross): per line, net =
//!   `line_price × quantity × (1 − discount_percentage/100)` and VAT = net × `vat_percentage`/100,
//!   each rounded to 2 decimals half away from zero; `total_subtotal` is the sum of the nets
//!   (excl. VAT), `total_total` the sum of nets and VATs (incl. VAT).
//! - `POST /orders/{n}/book` (body `{"mail":{"send":bool}}`, recorded in the request log) sets
//!   `is_booked` and `booked_at` and answers 200 `{"order": …}` (the SDK reads a single-item
//!   answer). A second booking follows [`Rebook`](crate::mock::Rebook) (default 422).
//! - Once booked, lines are locked: `POST/PUT/DELETE /orders/{n}/lines…` and a `PUT /orders/{n}`
//!   carrying `lines` answer 422 `{"errors":{"order":["The order is booked; its lines can no
//!   longer be changed."]}}` (the status and text are not documented); a booked order cannot be
//!   deleted (422). Header fields stay editable.
//! - Line endpoints use the SDK's resource key: `order_line` / `order_lines`; lines embedded in
//!   an order are `lines`.
//! - `/orders` is filterable server-side only on `number`, `created_at` and `updated_at`
//!   (observed GYT): any other `simple_filter[…]` or a plain boolean filter such as
//!   `is_booked=` answers 422 `{"errors":{"<field>":["Property '<field>' is not filterable"]}}`.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::catalog::location_ref;
use super::products::{deduct, line_location, urlfriendly};
use super::{
    Call, check_ref, find, list_where, normalise_int, render as render_any, stamp, writable,
};
use crate::mock::config::Rebook;
use crate::mock::json::{Object, decimal, int, int_of, key_text, merge, number, present, truthy};
use crate::mock::list::ListQuery;
use crate::mock::reply::{ApiError, Errors, Reply};
use crate::mock::state::{Kind, Row, Spec, State};

const LOCKED: &str = "The order is booked; its lines can no longer be changed.";
const HEADER_REFS: &[(&str, Kind)] = &[
    ("layout_id", Kind::Layout),
    ("payment_terms_id", Kind::PaymentTerms),
    ("employee_id", Kind::Employee),
    ("our_reference_id", Kind::Employee),
    ("delivery_responsible_id", Kind::Employee),
];
const FILTERABLE: &[&str] = &["number", "created_at", "updated_at"];
const BOOLEAN_FILTERS: &[&str] = &[
    "is_booked",
    "is_shipped",
    "is_archived",
    "is_cancelled",
    "is_invoiced",
    "is_ready_for_shipping",
    "is_ready_for_invoicing",
];

pub(super) fn route(st: &mut State, call: &Call<'_>, rest: &[&str]) -> Result<Reply, ApiError> {
    match (call.method, rest) {
        ("GET", []) => list_where(st, call, Kind::Order, None),
        ("POST", []) => create(st, call.body, st.config.post_orders_books),
        ("POST", ["drafts"]) => create(st, call.body, false),
        ("GET", [n]) => {
            let row = find(st, Kind::Order, n)?;
            let q = call.list_query(st)?;
            Ok(Reply::single(
                200,
                "order",
                q.project(render_any(st, Kind::Order, row)),
            ))
        }
        ("PUT" | "PATCH", [n]) => update(st, n, call.body),
        ("DELETE", [n]) => delete(st, n),
        ("POST", [n, "book"]) => book(st, n),
        ("POST", [n, "convert-to-invoice"]) => {
            let book = call.param("book").is_some_and(|b| truthy(&json!(b)));
            super::invoices::from_order(st, n, book)
        }
        ("GET", [n, "shipments"]) => {
            let number = find(st, Kind::Order, n)?
                .data
                .get("number")
                .and_then(int_of);
            list_where(
                st,
                call,
                Kind::Shipment,
                Some(&|v| v.get("order_number").and_then(int_of) == number),
            )
        }
        (_, [n, "lines", tail @ ..]) => lines(st, call, n, tail),
        (_, [] | [_] | [_, "book"]) => Err(ApiError::MethodNotAllowed),
        _ => Err(ApiError::NotFound),
    }
}

/// The 422 for filters `/orders` does not support.
pub(super) fn check_filters(q: &ListQuery) -> Result<(), ApiError> {
    let bad = q
        .simple
        .iter()
        .map(|(k, _)| k)
        .filter(|k| !FILTERABLE.contains(&k.as_str()))
        .chain(
            q.plain
                .iter()
                .map(|(k, _)| k)
                .filter(|k| BOOLEAN_FILTERS.contains(&k.as_str())),
        );
    let mut errors = Errors::default();
    for field in bad {
        errors.add(
            field.clone(),
            format!("Property '{field}' is not filterable"),
        );
    }
    errors.into_result()
}

fn create(st: &mut State, body: &Object, booked: bool) -> Result<Reply, ApiError> {
    let body = writable(body);
    let mut errors = Errors::default();
    let customer = match present(&body, "customer_id") {
        None => {
            errors.add("customer_id", "The Customer field is required.");
            None
        }
        Some(v) => match int_of(v).and_then(|n| st.row(Kind::Customer, &n.to_string())) {
            Some(c) => Some(c.data.clone()),
            None => {
                errors.add("customer_id", "The selected Customer is invalid.");
                None
            }
        },
    };
    for (field, kind) in HEADER_REFS {
        check_ref(st, &mut errors, &body, field, *kind);
    }
    let number = match present(&body, "number") {
        Some(v) => match int_of(v) {
            Some(n) if st.exists(Kind::Order, &n.to_string()) => {
                errors.taken("number");
                n
            }
            Some(n) => n,
            None => {
                errors.add("number", "The number must be an integer.");
                0
            }
        },
        None => st
            .table(Kind::Order)
            .next_int_key(st.config.first_order_number),
    };
    let mut header = body.clone();
    header.remove("lines");
    header.remove("id");
    if st.config.modes.drop_other_reference {
        header.remove("other_reference");
    }
    for field in ["vat_zone", "currency", "payment_terms_id", "layout_id"] {
        let inherited = customer.as_ref().and_then(|c| present(c, field)).cloned();
        if let (None, Some(v)) = (present(&header, field), inherited) {
            header.insert(field.to_owned(), v);
        }
    }
    let zone = zone_of(&header);
    let lines = match body.get("lines") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let l = l.as_object().cloned().unwrap_or_default();
                prepare_line(st, &zone, &l, None, &format!("lines.{i}."), &mut errors)
            })
            .collect(),
        Some(_) => {
            errors.add("lines", "The lines must be an array.");
            Vec::new()
        }
    };
    errors.into_result()?;
    for (field, _) in HEADER_REFS {
        normalise_int(&mut header, field);
    }
    normalise_int(&mut header, "customer_id");
    let lines: Vec<Value> = lines
        .into_iter()
        .map(|mut l| {
            l.insert("id".into(), int(st.fresh_id()));
            Value::Object(l)
        })
        .collect();
    let mut data = defaults(st);
    merge(&mut data, &header, false);
    data.insert("id".into(), int(st.fresh_id()));
    data.insert("number".into(), int(number));
    data.insert("lines".into(), Value::Array(lines));
    if booked {
        mark_booked(st, &mut data);
    }
    st.insert(Kind::Order, data);
    let row = find(st, Kind::Order, &number.to_string())?;
    Ok(Reply::single(
        201,
        "order",
        render_any(st, Kind::Order, row),
    ))
}

fn defaults(st: &State) -> Object {
    let mut o = Object::new();
    for flag in [
        "is_booked",
        "is_archived",
        "is_cancelled",
        "is_shipped",
        "is_partly_shipped",
        "is_ready_for_shipping",
        "is_ready_for_invoicing",
        "is_invoiced",
        "is_partly_invoiced",
    ] {
        o.insert(flag.into(), Value::Bool(false));
    }
    o.insert("vat_zone".into(), json!("domestic"));
    o.insert("currency".into(), json!(st.config.base_currency));
    o.insert("currency_rate".into(), Value::Null);
    o.insert("heading".into(), Value::Null);
    if !st.config.modes.drop_other_reference {
        o.insert("other_reference".into(), Value::Null);
    }
    o.insert("order_date".into(), json!(st.clock.today()));
    o.insert("deliver_at".into(), Value::Null);
    o
}

fn zone_of(header: &Object) -> String {
    header
        .get("vat_zone")
        .and_then(Value::as_str)
        .unwrap_or("domestic")
        .to_owned()
}

fn mark_booked(st: &State, data: &mut Object) {
    data.insert("is_booked".into(), Value::Bool(true));
    data.insert(
        "_booked_at".into(),
        Value::String(st.clock.now().to_rfc3339()),
    );
}

/// Validates one line (for create, or over `current` for an update) into its stored form.
/// Errors go under `prefix` (`lines.0.` inside an order body, empty on the line endpoints).
fn prepare_line(
    st: &State,
    zone: &str,
    body: &Object,
    current: Option<&Object>,
    prefix: &str,
    errors: &mut Errors,
) -> Option<Object> {
    let before = errors.clone();
    let item_field = present(body, "item_id").or_else(|| present(body, "child_id"));
    let product = match (item_field, current) {
        (None, Some(cur)) => cur
            .get("child_id")
            .and_then(key_text)
            .and_then(|n| st.row(Kind::Product, &n)),
        (None, None) => None,
        (Some(v), _) => key_text(v).and_then(|n| st.row(Kind::Product, &n)),
    };
    if product.is_none() {
        errors.add(format!("{prefix}item_id"), "Product needed");
    }
    for field in [
        "quantity",
        "line_price",
        "discount_percentage",
        "vat_percentage",
    ] {
        if present(body, field).is_some_and(|v| decimal(v).is_none()) {
            errors.not_numeric(&format!("{prefix}{field}"));
        }
    }
    if present(body, "location_id")
        .is_some_and(|loc| !int_of(loc).is_some_and(|l| st.exists(Kind::Location, &l.to_string())))
    {
        errors.invalid_ref(&format!("{prefix}location_id"));
    }
    if let Some(Value::Array(vars)) = body.get("variations") {
        for (j, v) in vars.iter().enumerate() {
            if v.get("option_id").is_some() {
                errors.invalid_ref(&format!("{prefix}variations.{j}.option_id"));
            }
        }
    }
    if errors.len() != before.len() {
        return None;
    }
    let product = product?;
    let item = product
        .data
        .get("number")
        .and_then(key_text)
        .unwrap_or_default();
    let item_changed = current
        .is_some_and(|c| c.get("child_id").and_then(key_text).as_deref() != Some(item.as_str()));
    let mut line = current.cloned().unwrap_or_default();
    let fresh = current.is_none() || item_changed;
    let mut extra = body.clone();
    for k in ["item_id", "child_id", "item", "location", "unit", "id"] {
        extra.remove(k);
    }
    merge(&mut line, &extra, false);
    line.insert("child_id".into(), Value::String(item.clone()));
    line.insert("child_type".into(), json!("product"));
    if fresh && present(body, "line_price").is_none() {
        line.insert(
            "line_price".into(),
            product
                .data
                .get("sales_price")
                .cloned()
                .unwrap_or(number(Decimal::ZERO)),
        );
    }
    if fresh && present(body, "name").is_none() {
        line.insert(
            "name".into(),
            product.data.get("name").cloned().unwrap_or(Value::Null),
        );
    }
    if fresh && present(body, "vat_percentage").is_none() {
        line.insert(
            "vat_percentage".into(),
            number(vat_for(st, &product.data, zone)),
        );
    }
    if present(&line, "quantity").is_none() {
        line.insert("quantity".into(), int(1));
    }
    if present(&line, "discount_percentage").is_none() {
        line.insert("discount_percentage".into(), int(0));
    }
    if !line.contains_key("variations") {
        line.insert("variations".into(), Value::Array(Vec::new()));
    }
    normalise_int(&mut line, "location_id");
    Some(line)
}

/// The product group's VAT percentage for a zone (`vat_domestic`, `vat_eu`, …), 0 when unset.
fn vat_for(st: &State, product: &Object, zone: &str) -> Decimal {
    product
        .get("group_id")
        .and_then(int_of)
        .and_then(|g| st.row(Kind::ProductGroup, &g.to_string()))
        .and_then(|g| g.data.get(&format!("vat_{zone}")).and_then(decimal))
        .unwrap_or_default()
}

fn update(st: &mut State, n: &str, body: &Object) -> Result<Reply, ApiError> {
    let row = find(st, Kind::Order, n)?;
    let key = row.key(&Kind::Order.spec()).unwrap_or_default();
    let current = row.data.clone();
    let body = writable(body);
    let mut errors = Errors::default();
    if present(&body, "customer_id")
        .is_some_and(|v| !int_of(v).is_some_and(|c| st.exists(Kind::Customer, &c.to_string())))
    {
        errors.add("customer_id", "The selected Customer is invalid.");
    }
    for (field, kind) in HEADER_REFS {
        check_ref(st, &mut errors, &body, field, *kind);
    }
    let booked = current.get("is_booked").is_some_and(truthy);
    let mut header = body.clone();
    if st.config.modes.drop_other_reference {
        header.remove("other_reference");
    }
    for k in [
        "lines",
        "id",
        "number",
        "is_booked",
        "booked_at",
        "is_shipped",
        "total_subtotal",
        "total_total",
    ] {
        header.remove(k);
    }
    let mut merged = current.clone();
    merge(&mut merged, &header, false);
    let zone = zone_of(&merged);
    let new_lines = match body.get("lines") {
        Some(_) if booked => return Err(ApiError::invalid("order", LOCKED)),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, l)| {
                    let l = l.as_object().cloned().unwrap_or_default();
                    prepare_line(st, &zone, &l, None, &format!("lines.{i}."), &mut errors)
                })
                .collect::<Vec<_>>(),
        ),
        _ => None,
    };
    errors.into_result()?;
    for (field, _) in HEADER_REFS {
        normalise_int(&mut merged, field);
    }
    normalise_int(&mut merged, "customer_id");
    if let Some(lines) = new_lines {
        let lines = lines
            .into_iter()
            .map(|mut l| {
                l.insert("id".into(), int(st.fresh_id()));
                Value::Object(l)
            })
            .collect();
        merged.insert("lines".into(), Value::Array(lines));
    }
    save(st, &key, merged);
    let row = find(st, Kind::Order, &key)?;
    Ok(Reply::single(
        200,
        "order",
        render_any(st, Kind::Order, row),
    ))
}

fn save(st: &mut State, key: &str, data: Object) {
    let now = st.clock.now();
    st.table_mut(Kind::Order).update(key, |row| {
        row.data = data;
        row.updated = now;
    });
}

fn delete(st: &mut State, n: &str) -> Result<Reply, ApiError> {
    let row = find(st, Kind::Order, n)?;
    if row.data.get("is_booked").is_some_and(truthy) {
        return Err(ApiError::invalid(
            "order",
            "A booked order cannot be deleted.",
        ));
    }
    let rendered = render_any(st, Kind::Order, row);
    let key = row.key(&Kind::Order.spec()).unwrap_or_default();
    st.table_mut(Kind::Order).remove(&key);
    Ok(Reply::single(200, "order", rendered))
}

fn book(st: &mut State, n: &str) -> Result<Reply, ApiError> {
    let row = find(st, Kind::Order, n)?;
    let key = row.key(&Kind::Order.spec()).unwrap_or_default();
    let mut data = row.data.clone();
    if data.get("is_booked").is_some_and(truthy) {
        if st.config.rebook == Rebook::Reject {
            return Err(ApiError::invalid("order", "The order is already booked."));
        }
    } else {
        mark_booked(st, &mut data);
        save(st, &key, data);
    }
    let row = find(st, Kind::Order, &key)?;
    Ok(Reply::single(
        200,
        "order",
        render_any(st, Kind::Order, row),
    ))
}

fn lines(st: &mut State, call: &Call<'_>, n: &str, tail: &[&str]) -> Result<Reply, ApiError> {
    let row = find(st, Kind::Order, n)?;
    let key = row.key(&Kind::Order.spec()).unwrap_or_default();
    let (created, updated) = (row.created, row.updated);
    let mut data = row.data.clone();
    let booked = data.get("is_booked").is_some_and(truthy);
    let zone = zone_of(&data);
    let mut lines: Vec<Value> = data
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let index = |id: &str| {
        let id = id.trim().parse::<i64>().ok();
        lines
            .iter()
            .position(|l| l.get("id").and_then(int_of) == id && id.is_some())
    };
    let reply = match (call.method, tail) {
        ("GET", []) => {
            let q = call.list_query(st)?;
            let rows = lines
                .iter()
                .map(|l| (created, updated, render_line(st, l)))
                .collect();
            return Ok(q.answer(&line_spec(), rows));
        }
        ("GET", [id]) => {
            let line = index(id)
                .and_then(|i| lines.get(i))
                .ok_or(ApiError::NotFound)?;
            return Ok(Reply::single(200, "order_line", render_line(st, line)));
        }
        ("POST" | "PUT" | "PATCH" | "DELETE", _) if booked && tail.len() <= 1 => {
            return Err(ApiError::invalid("order", LOCKED));
        }
        ("POST", []) => {
            let mut errors = Errors::default();
            let line = prepare_line(st, &zone, &writable(call.body), None, "", &mut errors);
            errors.into_result()?;
            let mut line = line.ok_or(ApiError::NotFound)?;
            line.insert("id".into(), int(st.fresh_id()));
            let line = Value::Object(line);
            lines.push(line.clone());
            (201, line)
        }
        ("PUT" | "PATCH", [id]) => {
            let i = index(id).ok_or(ApiError::NotFound)?;
            let current = lines
                .get(i)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let mut errors = Errors::default();
            let line = prepare_line(
                st,
                &zone,
                &writable(call.body),
                Some(&current),
                "",
                &mut errors,
            );
            errors.into_result()?;
            let line = Value::Object(line.ok_or(ApiError::NotFound)?);
            if let Some(slot) = lines.get_mut(i) {
                *slot = line.clone();
            }
            (200, line)
        }
        ("DELETE", [id]) => {
            let i = index(id).ok_or(ApiError::NotFound)?;
            (200, lines.remove(i))
        }
        (_, [] | [_]) => return Err(ApiError::MethodNotAllowed),
        _ => return Err(ApiError::NotFound),
    };
    data.insert("lines".into(), Value::Array(lines));
    save(st, &key, data);
    let (status, line) = reply;
    Ok(Reply::single(status, "order_line", render_line(st, &line)))
}

fn line_spec() -> Spec {
    Spec {
        path: "",
        singular: "order_line",
        plural: "order_lines",
        key: "id",
        int_key: true,
        search: &["child_id", "name"],
    }
}

/// A line as read: the stored fields plus `item`, `location`, `unit` objects.
pub(crate) fn render_line(st: &State, line: &Value) -> Value {
    let mut o = line.as_object().cloned().unwrap_or_default();
    let item = o.get("child_id").and_then(key_text).unwrap_or_default();
    let product = st.row(Kind::Product, &item);
    o.insert(
        "item".into(),
        product.map_or(Value::Null, |p| {
            json!({
                "number": item,
                "urlfriendly_number": urlfriendly(&item),
                "name": p.data.get("name"),
                "barcode": p.data.get("barcode"),
                "type": "product",
            })
        }),
    );
    let location = o.get("location_id").and_then(int_of);
    o.insert("location".into(), location_ref(st, location));
    let unit = product
        .and_then(|p| p.data.get("unit_id").and_then(int_of))
        .and_then(|u| st.row(Kind::Unit, &u.to_string()));
    o.insert(
        "unit".into(),
        unit.map_or(
            Value::Null,
            |u| json!({"number": u.data.get("number"), "name": u.data.get("name")}),
        ),
    );
    o.entry("variations_formatted").or_insert(json!(""));
    o.entry("product_variation").or_insert(Value::Null);
    Value::Object(o)
}

/// (net, VAT) of one line, each rounded to 2 decimals half away from zero. `line_price` is
/// read as net per unit, or with `gross` as VAT-inclusive per unit (the VAT is then the part
/// of the line amount above its net: amount × rate / (100 + rate)).
fn line_amounts(line: &Value, gross: bool) -> (Decimal, Decimal) {
    let d = |k: &str| line.get(k).and_then(decimal).unwrap_or_default();
    let hundred = Decimal::ONE_HUNDRED;
    let round = |x: Decimal| x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let amount =
        round(d("line_price") * d("quantity") * (hundred - d("discount_percentage")) / hundred);
    let rate = d("vat_percentage");
    if gross {
        let vat = round(amount * rate / (hundred + rate));
        (amount - vat, vat)
    } else {
        (amount, round(amount * rate / hundred))
    }
}

/// `total_subtotal` (net) and `total_total` (gross) of a document's lines, `line_price` read
/// as the fake's mode says.
pub(crate) fn totals(st: &State, lines: &[Value]) -> (Decimal, Decimal) {
    let gross = st.config.modes.line_price_gross;
    lines
        .iter()
        .map(|l| line_amounts(l, gross))
        .fold((Decimal::ZERO, Decimal::ZERO), |(n, g), (ln, lv)| {
            (n + ln, g + ln + lv)
        })
}

pub(super) fn render(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    if st.config.modes.drop_other_reference {
        o.remove("other_reference");
    }
    render_document(st, &mut o);
    let booked_at = o
        .get("_booked_at")
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or(Value::Null, |t| {
            Value::String(st.clock.format(t.with_timezone(&chrono::Utc)))
        });
    o.insert("booked_at".into(), booked_at);
    stamp(st, Kind::Order, row, &mut o);
    Value::Object(o)
}

/// What orders and invoices share: lines, totals, customer, references, addresses.
pub(crate) fn render_document(st: &State, o: &mut Object) {
    let lines: Vec<Value> = o
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let (net, gross) = totals(st, &lines);
    o.insert("total_subtotal".into(), number(net));
    o.insert("total_total".into(), number(gross));
    o.insert(
        "lines".into(),
        Value::Array(lines.iter().map(|l| render_line(st, l)).collect()),
    );
    let customer = o
        .get("customer_id")
        .and_then(int_of)
        .and_then(|c| st.row(Kind::Customer, &c.to_string()));
    o.insert(
        "customer".into(),
        customer.map_or(Value::Null, |c| render_any(st, Kind::Customer, c)),
    );
    let employee = |field: &str| {
        o.get(field)
            .and_then(int_of)
            .and_then(|e| st.row(Kind::Employee, &e.to_string()))
            .map_or(Value::Null, |e| render_any(st, Kind::Employee, e))
    };
    let our_reference = employee("our_reference_id");
    o.insert("our_reference".into(), our_reference);
    let terms = o
        .get("payment_terms_id")
        .and_then(int_of)
        .and_then(|t| st.row(Kind::PaymentTerms, &t.to_string()))
        .map_or(Value::Null, |t| render_any(st, Kind::PaymentTerms, t));
    o.insert("payment_terms".into(), terms);
    for (object, flat) in [
        ("billing_address", "address_"),
        ("delivery_address", "delivery_address_"),
    ] {
        let mut address = o
            .get(object)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for field in [
            "name", "street", "street2", "state", "city", "zipcode", "country", "email", "phone",
        ] {
            if let Some(v) = present(o, &format!("{flat}{field}")) {
                address.entry(field).or_insert_with(|| v.clone());
            }
            address.entry(field).or_insert(Value::Null);
        }
        o.insert(object.into(), Value::Object(address));
    }
}

/// Ships a booked order: `is_shipped`, a shipment with the tracking number, stock deducted.
pub(crate) fn ship(st: &mut State, number: i64, tracking: Option<String>) -> Result<(), String> {
    let key = number.to_string();
    let row = st
        .row(Kind::Order, &key)
        .ok_or_else(|| format!("no order {number}"))?;
    let mut data = row.data.clone();
    if !data.get("is_booked").is_some_and(truthy) {
        return Err(format!("order {number} is not booked"));
    }
    if data.get("is_shipped").is_some_and(truthy) {
        return Err(format!("order {number} is already shipped"));
    }
    let lines: Vec<Value> = data
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for line in &lines {
        let item = line.get("child_id").and_then(key_text).unwrap_or_default();
        let qty = line.get("quantity").and_then(decimal).unwrap_or_default();
        let loc = line_location(st, &item, line);
        deduct(st, &item, loc, qty);
    }
    data.insert("is_shipped".into(), Value::Bool(true));
    data.insert("is_ready_for_shipping".into(), Value::Bool(false));
    data.insert("is_ready_for_invoicing".into(), Value::Bool(true));
    save(st, &key, data);
    let id = st.table(Kind::Shipment).next_int_key(1);
    let now = st.clock.now();
    let mut shipment = Object::new();
    shipment.insert("id".into(), int(id));
    shipment.insert("order_number".into(), int(number));
    shipment.insert(
        "tracking_number".into(),
        tracking.map_or(Value::Null, Value::String),
    );
    shipment.insert("is_shipped".into(), Value::Bool(true));
    shipment.insert("shipped_at".into(), Value::String(st.clock.format(now)));
    st.insert(Kind::Shipment, shipment);
    Ok(())
}
