//! The endpoints: routing by method and path, and the CRUD every resource shares.

mod account;
mod catalog;
mod customers;
mod invoices;
pub(crate) mod orders;
pub(crate) mod products;
mod webhooks;

use serde_json::Value;

use super::json::{Object, int_of, key_text};
use super::list::{ListQuery, Listed};
use super::reply::{ApiError, Reply};
use super::state::{Kind, Row, State};

pub(crate) use customers::defaults as customer_defaults;
pub(crate) use invoices::seed_defaults as invoice_defaults;
pub(crate) use webhooks::token as webhook_token;

/// A seeded reference record: the create defaults under the given fields.
pub(crate) fn seed_defaults(_st: &State, kind: Kind, body: Object) -> Object {
    let mut data = catalog::create_defaults(kind);
    super::json::merge(&mut data, &body, false);
    for field in ["parent_id", "default_location_id"] {
        normalise_int(&mut data, field);
    }
    data
}

/// One decoded request.
pub(crate) struct Call<'a> {
    pub(crate) method: &'a str,
    pub(crate) segments: &'a [String],
    pub(crate) query: &'a [(String, String)],
    pub(crate) body: &'a Object,
}

impl Call<'_> {
    pub(crate) fn list_query(&self, st: &State) -> Result<ListQuery, ApiError> {
        ListQuery::parse(self.query, &st.clock, st.config.max_page_size)
    }

    /// The value of a plain query parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Dispatches a call to its endpoint.
pub(crate) fn route(st: &mut State, call: &Call<'_>) -> Result<Reply, ApiError> {
    let segs: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    match segs.as_slice() {
        ["self"] => only(call, "GET").map(|()| account::me(st)),
        ["products", rest @ ..] => products::route(st, call, rest),
        ["items", number, "locations", "available"] => {
            only(call, "GET")?;
            products::available_locations(st, call, number)
        }
        ["orders", rest @ ..] => orders::route(st, call, rest),
        ["customer-invoices", rest @ ..] => invoices::route(st, call, rest),
        ["webhooks", rest @ ..] => webhooks::route(st, call, rest),
        ["locations", "flat"] => {
            only(call, "GET")?;
            list_where(st, call, Kind::Location, None)
        }
        ["locations", number, "children"] => {
            only(call, "GET")?;
            let parent = find(st, Kind::Location, number)?
                .data
                .get("number")
                .and_then(int_of);
            list_where(
                st,
                call,
                Kind::Location,
                Some(&|v| v.get("parent_id").and_then(int_of) == parent),
            )
        }
        ["locations"] if call.method == "GET" => list_where(
            st,
            call,
            Kind::Location,
            Some(&|v| v.get("parent_id").is_none_or(Value::is_null)),
        ),
        [first, rest @ ..] => match Kind::by_path(first) {
            Some(kind) if kind != Kind::Shipment || call.method == "GET" => {
                crud(st, call, kind, rest)
            }
            _ => Err(ApiError::NotFound),
        },
        [] => Err(ApiError::NotFound),
    }
}

/// 405 unless the call uses `method`.
pub(crate) fn only(call: &Call<'_>, method: &str) -> Result<(), ApiError> {
    if call.method == method {
        Ok(())
    } else {
        Err(ApiError::MethodNotAllowed)
    }
}

/// The shared CRUD: list and create on the collection, show, update and delete on a member.
pub(crate) fn crud(
    st: &mut State,
    call: &Call<'_>,
    kind: Kind,
    rest: &[&str],
) -> Result<Reply, ApiError> {
    match (call.method, rest) {
        ("GET", []) => list_where(st, call, kind, None),
        ("POST", []) => create(st, kind, call.body),
        ("GET", [key]) => show(st, call, kind, key),
        ("PUT" | "PATCH", [key]) => update(st, kind, key, call.body),
        ("DELETE", [key]) => delete(st, kind, key),
        (_, [] | [_]) => Err(ApiError::MethodNotAllowed),
        _ => Err(ApiError::NotFound),
    }
}

/// Renders a row as the API shows it.
pub(crate) fn render(st: &State, kind: Kind, row: &Row) -> Value {
    let mut v = match kind {
        Kind::Product => products::render(st, row),
        Kind::Customer => customers::render(st, row),
        Kind::Order => orders::render(st, row),
        Kind::CustomerInvoice => invoices::render(st, row),
        Kind::Webhook => webhooks::render(st, row, false),
        Kind::ProductGroup => catalog::render_product_group(st, row),
        Kind::Location => catalog::render_location(st, row),
        _ => catalog::render_plain(st, kind, row),
    };
    if let Value::Object(o) = &mut v {
        o.retain(|k, _| !k.starts_with('_'));
    }
    v
}

/// The common fields of every object: `self` (unless the resource has none), timestamps.
pub(crate) fn stamp(st: &State, kind: Kind, row: &Row, out: &mut Object) {
    if kind != Kind::Webhook {
        let key = row.key(&kind.spec()).unwrap_or_default();
        let segment = if kind == Kind::Product {
            products::urlfriendly(&key)
        } else {
            key
        };
        out.insert(
            "self".into(),
            Value::String(st.url(&format!("{}/{}", kind.spec().path, segment))),
        );
    }
    out.insert(
        "created_at".into(),
        Value::String(st.clock.format(row.created)),
    );
    out.insert(
        "updated_at".into(),
        Value::String(st.clock.format(row.updated)),
    );
}

/// Lists the rendered rows of `kind` that pass `keep` (all when `None`), through the list
/// query.
///
/// When nothing reads the rendered objects (no `keep`, plain filter, `search`,
/// `simple_filter` or `order_by`), only the requested page is rendered: a page of a large
/// catalogue then costs the time filters plus its own rows, not a rendering of every row.
pub(crate) fn list_where(
    st: &State,
    call: &Call<'_>,
    kind: Kind,
    keep: Option<&dyn Fn(&Value) -> bool>,
) -> Result<Reply, ApiError> {
    let q = call.list_query(st)?;
    let filters = plain_filters(kind, &q)?;
    let rows = st.table(kind).rows();
    if keep.is_none() && filters.is_empty() && !q.reads_values() {
        let kept: Vec<&Row> = rows
            .iter()
            .filter(|r| q.within_times(r.created, r.updated))
            .collect();
        return Ok(q.answer_rendered_page(&kind.spec(), &kept, |r| render(st, kind, r)));
    }
    let rows: Vec<Listed> = rows
        .iter()
        .map(|r| (r.created, r.updated, render(st, kind, r)))
        .filter(|(_, _, v)| keep.is_none_or(|keep| keep(v)))
        .filter(|(_, _, v)| passes(&filters, v))
        .collect();
    Ok(q.answer(&kind.spec(), rows))
}

/// The plain (non-`simple_filter`) query filters this list honours, as given.
fn plain_filters(kind: Kind, q: &ListQuery) -> Result<Vec<&(String, String)>, ApiError> {
    let honoured: &[&str] = match kind {
        Kind::Product | Kind::Customer => &["is_barred"],
        Kind::Shipment => &["order_number"],
        Kind::Webhook => &["event"],
        Kind::Order => return orders::check_filters(q).map(|()| Vec::new()),
        _ => &[],
    };
    Ok(q.plain
        .iter()
        .filter(|(k, _)| honoured.contains(&k.as_str()))
        .collect())
}

/// Whether a rendered object passes every plain filter.
fn passes(filters: &[&(String, String)], v: &Value) -> bool {
    filters.iter().all(|(k, want)| match v.get(k) {
        Some(Value::Bool(b)) => *b == super::json::truthy(&Value::String(want.clone())),
        Some(other) => key_text(other).is_some_and(|t| &t == want),
        None => false,
    })
}

/// Finds a row by the key in a path segment (percent-decoded already).
pub(crate) fn find<'a>(st: &'a State, kind: Kind, key: &str) -> Result<&'a Row, ApiError> {
    let key = canonical_key(kind, key).ok_or(ApiError::NotFound)?;
    st.row(kind, &key).ok_or(ApiError::NotFound)
}

/// The key text a path segment stands for (`"007"` → `"7"` for integer keys).
pub(crate) fn canonical_key(kind: Kind, segment: &str) -> Option<String> {
    if kind.spec().int_key {
        segment.trim().parse::<i64>().ok().map(|i| i.to_string())
    } else {
        Some(segment.to_owned())
    }
}

fn show(st: &State, call: &Call<'_>, kind: Kind, key: &str) -> Result<Reply, ApiError> {
    let row = find(st, kind, key)?;
    let q = call.list_query(st)?;
    Ok(Reply::single(
        200,
        kind.spec().singular,
        q.project(render(st, kind, row)),
    ))
}

/// Validates a create or update body into the stored object.
fn prepare(
    st: &mut State,
    kind: Kind,
    current: Option<&Object>,
    body: &Object,
) -> Result<Object, ApiError> {
    match kind {
        Kind::Product => products::prepare(st, current, body),
        Kind::Customer => customers::prepare(st, current, body),
        _ => catalog::prepare(st, kind, current, body),
    }
}

/// Drops what a client cannot set: computed fields and the fake's hidden bookkeeping.
pub(crate) fn writable(body: &Object) -> Object {
    body.iter()
        .filter(|(k, _)| {
            !k.starts_with('_') && !matches!(k.as_str(), "self" | "created_at" | "updated_at")
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

pub(crate) fn create(st: &mut State, kind: Kind, body: &Object) -> Result<Reply, ApiError> {
    let data = prepare(st, kind, None, &writable(body))?;
    let key = data
        .get(kind.spec().key)
        .and_then(key_text)
        .unwrap_or_default();
    st.insert(kind, data);
    let row = find(st, kind, &key)?;
    Ok(Reply::single(
        201,
        kind.spec().singular,
        render(st, kind, row),
    ))
}

fn update(st: &mut State, kind: Kind, key: &str, body: &Object) -> Result<Reply, ApiError> {
    let current = find(st, kind, key)?.data.clone();
    let data = prepare(st, kind, Some(&current), &writable(body))?;
    let old_key = canonical_key(kind, key).unwrap_or_default();
    let new_key = data
        .get(kind.spec().key)
        .and_then(key_text)
        .unwrap_or_default();
    let now = st.clock.now();
    st.table_mut(kind).update(&old_key, |row| {
        row.data = data;
        row.updated = now;
    });
    if kind == Kind::Product && new_key != old_key {
        products::renamed(st, &old_key, &new_key);
    }
    let row = find(st, kind, &new_key)?;
    Ok(Reply::single(
        200,
        kind.spec().singular,
        render(st, kind, row),
    ))
}

fn delete(st: &mut State, kind: Kind, key: &str) -> Result<Reply, ApiError> {
    let row = find(st, kind, key)?;
    let rendered = render(st, kind, row);
    let key = canonical_key(kind, key).unwrap_or_default();
    let spec = kind.spec();
    st.table_mut(kind).remove(&key);
    if kind == Kind::Product {
        st.stock.retain(|(item, _), _| item != &key);
    }
    Ok(Reply::single(200, spec.singular, rendered))
}

/// Laravel-style validation of an optional reference: present and non-null → must exist.
pub(crate) fn check_ref(
    st: &State,
    errors: &mut super::reply::Errors,
    body: &Object,
    field: &str,
    kind: Kind,
) {
    if let Some(v) = super::json::present(body, field) {
        let found = match kind.spec().int_key {
            true => int_of(v).is_some_and(|i| st.exists(kind, &i.to_string())),
            false => key_text(v).is_some_and(|k| st.exists(kind, &k)),
        };
        if !found {
            errors.invalid_ref(field);
        }
    }
}

/// Stores an integer reference as an integer (clients may send `"12"`).
pub(crate) fn normalise_int(o: &mut Object, field: &str) {
    if let Some(i) = o.get(field).and_then(int_of) {
        o.insert(field.to_owned(), super::json::int(i));
    }
}

/// The key a create assigns: the body's when given (must be free), else the next number.
pub(crate) fn assign_int_key(
    st: &State,
    kind: Kind,
    body: &Object,
    floor: i64,
    errors: &mut super::reply::Errors,
) -> i64 {
    let spec = kind.spec();
    match super::json::present(body, spec.key) {
        Some(v) => match int_of(v) {
            Some(i) if st.exists(kind, &i.to_string()) => {
                errors.taken(spec.key);
                i
            }
            Some(i) => i,
            None => {
                errors.add(spec.key, format!("The {} must be an integer.", spec.key));
                0
            }
        },
        None => st.table(kind).next_int_key(floor),
    }
}
