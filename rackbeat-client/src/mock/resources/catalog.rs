//! The reference data: product groups (VAT per zone), customer groups, layouts, payment and
//! delivery terms, employees, locations (a tree), units and currencies.
//!
//! All are keyed by an integer `number` the server assigns when the body has none, except
//! currencies (`code`). A create needs `name` (currencies: `code`); everything else the body
//! holds is stored and echoed.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{assign_int_key, check_ref, normalise_int, stamp};
use crate::mock::json::{Object, int, int_of, merge, present};
use crate::mock::reply::{ApiError, Errors};
use crate::mock::state::{Kind, Row, State};

/// Product-group VAT defaults when a create leaves them out: the Danish 25 % at home, none
/// elsewhere. The sheet names the fields but not their defaults. (inferred)
const GROUP_DEFAULTS: &[(&str, i64)] = &[
    ("vat_domestic", 25),
    ("vat_eu", 0),
    ("vat_abroad", 0),
    ("vat_domestic_exempt", 0),
];

pub(super) fn prepare(
    st: &mut State,
    kind: Kind,
    current: Option<&Object>,
    body: &Object,
) -> Result<Object, ApiError> {
    let spec = kind.spec();
    let mut errors = Errors::default();
    let mut data = current.cloned().unwrap_or_default();
    let mut body = body.clone();
    match current {
        None if spec.int_key => {
            let key = assign_int_key(st, kind, &body, 1, &mut errors);
            body.insert(spec.key.to_owned(), int(key));
        }
        None => match present(&body, spec.key).and_then(crate::mock::json::key_text) {
            Some(k) if st.exists(kind, &k) => errors.taken(spec.key),
            Some(_) => {}
            None => errors.required(spec.key),
        },
        // The key of an existing row stays what it is.
        Some(cur) => {
            if let Some(k) = cur.get(spec.key) {
                body.insert(spec.key.to_owned(), k.clone());
            }
        }
    }
    if current.is_none() && kind != Kind::Currency && present(&body, "name").is_none() {
        errors.required("name");
    }
    match kind {
        Kind::Location => {
            check_ref(st, &mut errors, &body, "parent_id", Kind::Location);
            normalise_int(&mut body, "parent_id");
        }
        Kind::Employee => {
            check_ref(
                st,
                &mut errors,
                &body,
                "default_location_id",
                Kind::Location,
            );
            normalise_int(&mut body, "default_location_id");
        }
        _ => {}
    }
    errors.into_result()?;
    if current.is_none() {
        data = create_defaults(kind);
    }
    merge(&mut data, &body, false);
    Ok(data)
}

/// What a create of `kind` starts from.
pub(crate) fn create_defaults(kind: Kind) -> Object {
    let mut data = Object::new();
    match kind {
        Kind::ProductGroup => {
            for (field, value) in GROUP_DEFAULTS {
                data.insert((*field).to_owned(), int(*value));
            }
            data.insert("has_inventory".into(), Value::Bool(true));
            data.insert("is_sellable".into(), Value::Bool(true));
            data.insert("is_draft".into(), Value::Bool(false));
        }
        Kind::Location => {
            data.insert("barcode".into(), Value::Null);
            data.insert("is_default".into(), Value::Bool(false));
            data.insert("parent_id".into(), Value::Null);
        }
        _ => {}
    }
    data
}

pub(super) fn render_plain(st: &State, kind: Kind, row: &Row) -> Value {
    let mut o = row.data.clone();
    stamp(st, kind, row, &mut o);
    Value::Object(o)
}

pub(super) fn render_product_group(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    let number = o.get("number").and_then(int_of);
    // Every product of a list renders its group: count all groups in one pass per change of
    // the products, not one pass per product.
    let products = st.table(Kind::Product);
    let count = st.derived.group_sizes.read(
        products.generation(),
        || {
            let mut sizes = HashMap::new();
            for p in products.rows() {
                *sizes
                    .entry(p.data.get("group_id").and_then(int_of))
                    .or_insert(0usize) += 1;
            }
            sizes
        },
        |sizes| sizes.get(&number).copied().unwrap_or(0),
    );
    o.insert("num_products".into(), json!(count));
    stamp(st, Kind::ProductGroup, row, &mut o);
    Value::Object(o)
}

/// Locations carry their place in the tree: `parent_id`, `toplevel_parent_id`,
/// `nesting_level` (0 at the top), `children_count` and `nest_list` (the path from the top).
pub(super) fn render_location(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    let number = o.get("number").and_then(int_of);
    let table = st.table(Kind::Location).rows();
    let children = |n: Option<i64>| {
        table
            .iter()
            .filter(|r| r.data.get("parent_id").and_then(int_of) == n && n.is_some())
            .count()
    };
    // Walk up to the top, guarding against a cycle in seeded data.
    let mut path = vec![row];
    while let Some(parent) = path
        .last()
        .and_then(|r| r.data.get("parent_id").and_then(int_of))
        .and_then(|p| st.row(Kind::Location, &p.to_string()))
    {
        if path.len() > table.len() {
            break;
        }
        path.push(parent);
    }
    path.reverse();
    let top = path
        .first()
        .and_then(|r| r.data.get("number").and_then(int_of));
    let nest: Vec<Value> = path
        .iter()
        .map(|r| {
            let n = r.data.get("number").and_then(int_of);
            json!({"number": n, "name": r.data.get("name"), "children_count": children(n)})
        })
        .collect();
    o.insert("children_count".into(), json!(children(number)));
    o.insert(
        "toplevel_parent_id".into(),
        if top == number {
            Value::Null
        } else {
            json!(top)
        },
    );
    o.insert("nesting_level".into(), json!(path.len().saturating_sub(1)));
    o.insert("nest_list".into(), Value::Array(nest));
    stamp(st, Kind::Location, row, &mut o);
    Value::Object(o)
}

/// `{number, name}` of a location, as order lines and products embed it.
pub(crate) fn location_ref(st: &State, number: Option<i64>) -> Value {
    number
        .and_then(|n| st.row(Kind::Location, &n.to_string()))
        .map_or(
            Value::Null,
            |r| json!({"number": r.data.get("number"), "name": r.data.get("name")}),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::config::Config;

    fn object(v: Value) -> Object {
        match v {
            Value::Object(o) => o,
            _ => Object::new(),
        }
    }

    fn num_products(st: &State, group: &str) -> Value {
        let row = st.row(Kind::ProductGroup, group).unwrap();
        render_product_group(st, row)["num_products"].clone()
    }

    #[test]
    fn a_group_counts_its_products_as_they_come_move_and_go() {
        let mut st = State::new(Config::default(), "http://127.0.0.1/api/".into());
        for n in [1, 2] {
            st.insert(
                Kind::ProductGroup,
                object(json!({"number": n, "name": "G"})),
            );
        }
        st.insert(Kind::Product, object(json!({"number": "A", "group_id": 1})));
        assert_eq!(num_products(&st, "1"), json!(1));
        st.insert(Kind::Product, object(json!({"number": "B", "group_id": 1})));
        assert_eq!(num_products(&st, "1"), json!(2));
        st.table_mut(Kind::Product).update("B", |r| {
            r.data.insert("group_id".into(), json!(2));
        });
        assert_eq!(num_products(&st, "1"), json!(1));
        assert_eq!(num_products(&st, "2"), json!(1));
        st.table_mut(Kind::Product).remove("A");
        assert_eq!(num_products(&st, "1"), json!(0));
    }
}
