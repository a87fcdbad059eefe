//! Products: CRUD keyed by the item number (a string that may hold `/`, spaces or `æøå`),
//! stock per location and the derived quantities.
//!
//! - Path lookup: the segment is percent-decoded once and matched against `number`, then
//!   against `urlfriendly_number`. `urlfriendly_number` is the number percent-encoded like PHP's
//!   `rawurlencode` (the official SDK runs item numbers through `rawurlencode`); so a number
//!   encoded once (SDK), encoded twice (LR) or a `urlfriendly_number` used as is all reach the
//!   same product. How the real server derives `urlfriendly_number` is unknown (sheet §5.10).
//! - `stock_quantity` is the sum over locations once any stock per location is seeded, else the
//!   stored value; `in_order_quantity` is the stored base plus the lines of booked, unshipped,
//!   uncancelled orders; `available_quantity = stock_quantity − in_order_quantity` (2018 spec).
//! - Create needs `number`, `name` and `group` (an existing product-group number: "a product
//!   group must exist before any product can be created"); `group` is answered as the group
//!   object with its VAT per zone, and also as `group_id`.

use std::collections::HashMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::catalog::location_ref;
use super::{Call, check_ref, crud, find, normalise_int, only, render as render_any, stamp};
use crate::mock::json::{Object, decimal, int, int_of, key_text, merge, number, present, truthy};
use crate::mock::list::Listed;
use crate::mock::reply::{ApiError, Errors, Reply};
use crate::mock::state::{Kind, Row, Spec, State};

/// PHP `rawurlencode`: everything but `A-Z a-z 0-9 - _ . ~` is encoded.
const RAWURLENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Fields a client sends as numbers; anything else there is a 422.
const NUMERIC: &[&str] = &[
    "sales_price",
    "cost_price",
    "recommended_cost_price",
    "recommended_sales_price",
    "stock_quantity",
    "min_order",
    "min_sales",
    "min_stock",
];

/// Computed on read; a write cannot set them.
const COMPUTED: &[&str] = &[
    "urlfriendly_number",
    "available_quantity",
    "in_order_quantity",
    "group",
    "unit",
    "default_location",
];

/// The `urlfriendly_number` of an item number.
pub(crate) fn urlfriendly(number: &str) -> String {
    utf8_percent_encode(number, RAWURLENCODE).to_string()
}

pub(super) fn route(st: &mut State, call: &Call<'_>, rest: &[&str]) -> Result<Reply, ApiError> {
    match rest {
        [n, tail @ ..] if !tail.is_empty() || call.method != "POST" => {
            // Resolve the item number first, so sub-resources and CRUD share the lookup.
            let number = resolve(st, n).ok_or(ApiError::NotFound)?;
            match tail {
                [] => crud(st, call, Kind::Product, &[number.as_str()]),
                ["locations"] => {
                    only(call, "GET")?;
                    let q = call.list_query(st)?;
                    let rows = stock_rows(st, &number);
                    Ok(q.answer(&location_spec("product_locations"), rows))
                }
                ["locations", loc] => {
                    only(call, "GET")?;
                    let loc = find(st, Kind::Location, loc)?
                        .data
                        .get("number")
                        .and_then(int_of);
                    let row = stock_row(st, &number, loc.unwrap_or_default());
                    Ok(Reply::single(200, "product_location", row))
                }
                _ => Err(ApiError::NotFound),
            }
        }
        _ => crud(st, call, Kind::Product, rest),
    }
}

/// `GET /items/{n}/locations/available` → `locations[]` with the available stock per location.
/// Not served (404) when the fake omits available stock.
pub(super) fn available_locations(st: &State, call: &Call<'_>, n: &str) -> Result<Reply, ApiError> {
    if st.config.modes.omit_available_stock {
        return Err(ApiError::NotFound);
    }
    let number = resolve(st, n).ok_or(ApiError::NotFound)?;
    let q = call.list_query(st)?;
    Ok(q.answer(&location_spec("locations"), stock_rows(st, &number)))
}

fn location_spec(plural: &'static str) -> Spec {
    Spec {
        path: "",
        singular: "",
        plural,
        key: "number",
        int_key: true,
        search: &["number", "name"],
    }
}

/// The item number a (once-decoded) path segment names: the segment itself, else the number
/// whose `urlfriendly_number` it is.
pub(crate) fn resolve(st: &State, segment: &str) -> Option<String> {
    let table = st.table(Kind::Product);
    if table.get(segment).is_some() {
        return Some(segment.to_owned());
    }
    // `urlfriendly` is injective (`%` itself is encoded), so the only number it can stand for
    // is the segment decoded once more: a hash probe instead of encoding every number.
    let number = percent_decode_str(segment).decode_utf8().ok()?;
    (table.get(&number).is_some() && urlfriendly(&number) == segment).then(|| number.into_owned())
}

pub(super) fn prepare(
    st: &mut State,
    current: Option<&Object>,
    body: &Object,
) -> Result<Object, ApiError> {
    let mut errors = Errors::default();
    let mut body = body.clone();
    body.retain(|k, _| !COMPUTED.contains(&k.as_str()) || k == "group");
    // `group` is written as the group's number; a seeded model may carry the group object.
    if let Some(g) = body.remove("group") {
        let n = g.get("number").cloned().unwrap_or(g);
        body.insert("group_id".into(), n);
    }
    let old_number = current.and_then(|c| c.get("number")).and_then(key_text);
    match present(&body, "number").and_then(key_text) {
        Some(n) if n.trim().is_empty() => errors.required("number"),
        Some(n) if Some(&n) != old_number.as_ref() && st.exists(Kind::Product, &n) => {
            errors.taken("number")
        }
        Some(n) => {
            body.insert("number".into(), Value::String(n));
        }
        None if current.is_none() => errors.required("number"),
        None => {}
    }
    if current.is_none() && present(&body, "name").is_none() {
        errors.required("name");
    }
    match present(&body, "group_id") {
        None if current.is_none() => errors.required("group"),
        None => {}
        Some(g) if !int_of(g).is_some_and(|g| st.exists(Kind::ProductGroup, &g.to_string())) => {
            errors.invalid_ref("group");
        }
        Some(_) => {}
    }
    check_ref(st, &mut errors, &body, "unit_id", Kind::Unit);
    check_ref(
        st,
        &mut errors,
        &body,
        "default_location_id",
        Kind::Location,
    );
    for field in NUMERIC {
        if present(&body, field).is_some_and(|v| decimal(v).is_none()) {
            errors.not_numeric(field);
        }
    }
    errors.into_result()?;
    for field in ["group_id", "unit_id", "default_location_id"] {
        normalise_int(&mut body, field);
    }
    let mut data = match current {
        Some(c) => c.clone(),
        None => defaults(st.fresh_id()),
    };
    merge(&mut data, &body, false);
    Ok(data)
}

/// A seeded product: the defaults under whatever the model holds, without validation.
/// A seeded `in_order_quantity` becomes the base the order lines add to.
pub(crate) fn seed(st: &mut State, mut body: Object) -> Object {
    if let Some(g) = body.remove("group") {
        let n = g.get("number").cloned().unwrap_or(g);
        body.insert("group_id".into(), n);
    }
    if let Some(base) = body.remove("in_order_quantity") {
        body.insert("_in_order_base".into(), base);
    }
    body.retain(|k, _| !COMPUTED.contains(&k.as_str()));
    if let Some(n) = body.get("number").and_then(key_text) {
        body.insert("number".into(), Value::String(n));
    }
    for field in ["group_id", "unit_id", "default_location_id"] {
        normalise_int(&mut body, field);
    }
    let mut data = defaults(st.fresh_id());
    merge(&mut data, &body, false);
    data
}

fn defaults(id: i64) -> Object {
    let zero = || number(Decimal::ZERO);
    let mut o = Object::new();
    o.insert("id".into(), int(id));
    o.insert("type".into(), json!("product"));
    o.insert("barcode".into(), Value::Null);
    o.insert("description".into(), json!(""));
    for field in [
        "sales_price",
        "cost_price",
        "recommended_cost_price",
        "stock_quantity",
        "purchased_quantity",
    ] {
        o.insert(field.into(), zero());
    }
    o.insert("_in_order_base".into(), zero());
    o.insert("is_barred".into(), Value::Bool(false));
    o.insert("inventory_enabled".into(), Value::Bool(true));
    o.insert("unit_id".into(), Value::Null);
    o.insert("default_location_id".into(), Value::Null);
    o
}

pub(super) fn render(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    let n = row.key(&Kind::Product.spec()).unwrap_or_default();
    let stock = stock_quantity(st, &n, &row.data);
    let in_order = in_order_quantity(st, &n, &row.data);
    o.insert("urlfriendly_number".into(), Value::String(urlfriendly(&n)));
    o.insert("stock_quantity".into(), number(stock));
    o.insert("in_order_quantity".into(), number(in_order));
    if !st.config.modes.omit_available_stock {
        o.insert("available_quantity".into(), number(stock - in_order));
    }
    let group = o
        .get("group_id")
        .and_then(int_of)
        .and_then(|g| st.row(Kind::ProductGroup, &g.to_string()));
    o.insert(
        "group".into(),
        group.map_or(Value::Null, |g| render_any(st, Kind::ProductGroup, g)),
    );
    let unit = o
        .get("unit_id")
        .and_then(int_of)
        .and_then(|u| st.row(Kind::Unit, &u.to_string()));
    o.insert(
        "unit".into(),
        unit.map_or(
            Value::Null,
            |u| json!({"number": u.data.get("number"), "name": u.data.get("name")}),
        ),
    );
    o.insert(
        "default_location".into(),
        location_ref(st, o.get("default_location_id").and_then(int_of)),
    );
    stamp(st, Kind::Product, row, &mut o);
    Value::Object(o)
}

/// The stock rows of one item, by location (a range of the ordered map, not a scan).
fn stock_of<'a>(st: &'a State, item: &str) -> impl Iterator<Item = (i64, Decimal)> + 'a {
    let from = (item.to_owned(), i64::MIN);
    let to = (item.to_owned(), i64::MAX);
    st.stock.range(from..=to).map(|((_, loc), q)| (*loc, *q))
}

/// On-hand stock: the sum over locations when any is seeded, else the stored figure.
pub(crate) fn stock_quantity(st: &State, item: &str, data: &Object) -> Decimal {
    let mut per_location = stock_of(st, item).peekable();
    if per_location.peek().is_some() {
        per_location.map(|(_, q)| q).sum()
    } else {
        data.get("stock_quantity")
            .and_then(decimal)
            .unwrap_or_default()
    }
}

/// Stored base plus what booked, unshipped, uncancelled orders hold.
pub(crate) fn in_order_quantity(st: &State, item: &str, data: &Object) -> Decimal {
    let base = data
        .get("_in_order_base")
        .and_then(decimal)
        .unwrap_or_default();
    base + reserved_quantity(st, item)
}

/// Σ quantity of the reserving order lines of `item`, from a per-item total rebuilt only when
/// the orders change (a product list would otherwise scan every order for every product).
fn reserved_quantity(st: &State, item: &str) -> Decimal {
    let orders = st.table(Kind::Order);
    st.derived.reserved.read(
        orders.generation(),
        || {
            let mut totals: HashMap<String, Decimal> = HashMap::new();
            for line in reserving_lines(st) {
                if let Some(child) = line.get("child_id").and_then(key_text) {
                    let q = line.get("quantity").and_then(decimal).unwrap_or_default();
                    *totals.entry(child).or_default() += q;
                }
            }
            totals
        },
        |totals| totals.get(item).copied().unwrap_or_default(),
    )
}

/// Every line of every reserving order, in order.
fn reserving_lines(st: &State) -> impl Iterator<Item = &Value> {
    st.table(Kind::Order)
        .rows()
        .iter()
        .filter(|o| reserves(&o.data))
        .flat_map(|o| {
            o.data
                .get("lines")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
}

/// (location the line draws on, quantity) for every reserving order line of `item`.
fn reserved_lines<'a>(
    st: &'a State,
    item: &'a str,
) -> impl Iterator<Item = (Option<i64>, Decimal)> + 'a {
    reserving_lines(st)
        .filter(move |l| l.get("child_id").and_then(key_text).as_deref() == Some(item))
        .map(move |l| {
            (
                line_location(st, item, l),
                l.get("quantity").and_then(decimal).unwrap_or_default(),
            )
        })
}

/// Whether an order's lines count as "in order": booked, not shipped, not cancelled.
pub(crate) fn reserves(order: &Object) -> bool {
    let flag = |k: &str| order.get(k).is_some_and(truthy);
    flag("is_booked") && !flag("is_shipped") && !flag("is_cancelled")
}

/// The location a line draws stock from: its own, else the product's default, else the first
/// location holding stock of the item.
pub(crate) fn line_location(st: &State, item: &str, line: &Value) -> Option<i64> {
    line.get("location_id")
        .and_then(int_of)
        .or_else(|| {
            st.row(Kind::Product, item)
                .and_then(|p| p.data.get("default_location_id"))
                .and_then(int_of)
        })
        .or_else(|| stock_of(st, item).next().map(|(l, _)| l))
}

fn stock_rows(st: &State, item: &str) -> Vec<Listed> {
    let now = st.clock.now();
    stock_of(st, item)
        .map(|(loc, _)| (now, now, stock_row(st, item, loc)))
        .collect()
}

/// One location's stock of an item: `{number, name, stock_quantity, in_order_quantity,
/// available_quantity}` (the location's number and name, as GYT reads them).
fn stock_row(st: &State, item: &str, location: i64) -> Value {
    let stock = st
        .stock
        .get(&(item.to_owned(), location))
        .copied()
        .unwrap_or_default();
    let reserved: Decimal = reserved_lines(st, item)
        .filter(|(l, _)| *l == Some(location))
        .map(|(_, q)| q)
        .sum();
    let loc = location_ref(st, Some(location));
    let mut row = json!({
        "number": location,
        "name": loc.get("name"),
        "stock_quantity": number(stock),
        "in_order_quantity": number(reserved),
        "available_quantity": number(stock - reserved),
    });
    if st.config.modes.omit_available_stock
        && let Value::Object(o) = &mut row
    {
        o.remove("available_quantity");
    }
    row
}

/// Moves stock rows along when a product's number changes.
pub(super) fn renamed(st: &mut State, old: &str, new: &str) {
    let moved: Vec<((String, i64), Decimal)> = stock_of(st, old)
        .map(|(loc, q)| ((old.to_owned(), loc), q))
        .collect();
    for ((_, loc), q) in moved {
        st.stock.remove(&(old.to_owned(), loc));
        st.stock.insert((new.to_owned(), loc), q);
    }
}

/// Makes `available_quantity` equal `qty` by adjusting on-hand stock (at the default location
/// when stock is kept per location).
pub(crate) fn set_available(st: &mut State, item: &str, qty: Decimal) -> bool {
    let Some(row) = st.row(Kind::Product, item) else {
        return false;
    };
    let data = row.data.clone();
    let in_order = in_order_quantity(st, item, &data);
    let target_stock = qty + in_order;
    let current = stock_quantity(st, item, &data);
    let location = data
        .get("default_location_id")
        .and_then(int_of)
        .filter(|l| st.stock.contains_key(&(item.to_owned(), *l)))
        .or_else(|| stock_of(st, item).next().map(|(l, _)| l));
    match location {
        Some(loc) => {
            let entry = st.stock.entry((item.to_owned(), loc)).or_default();
            *entry += target_stock - current;
        }
        None => {
            st.table_mut(Kind::Product).update(item, |row| {
                row.data
                    .insert("stock_quantity".into(), number(target_stock));
            });
        }
    }
    true
}

/// Takes shipped quantities off on-hand stock.
pub(crate) fn deduct(st: &mut State, item: &str, location: Option<i64>, qty: Decimal) {
    match location.filter(|l| st.stock.contains_key(&(item.to_owned(), *l))) {
        Some(loc) => {
            if let Some(q) = st.stock.get_mut(&(item.to_owned(), loc)) {
                *q -= qty;
            }
        }
        None => {
            st.table_mut(Kind::Product).update(item, |row| {
                let current = row
                    .data
                    .get("stock_quantity")
                    .and_then(decimal)
                    .unwrap_or_default();
                row.data
                    .insert("stock_quantity".into(), number(current - qty));
            });
        }
    }
}
