//! Customers: CRUD keyed by an integer `number`, `search`, `simple_filter[ean]`.
//!
//! The sheet cannot tell whether the current API names the customer `name` or `company_name`
//! (§5.8). A create needs one of them; the fake answers both fields with the same value, so a
//! client reading either works. `payment_terms_id`, `layout_id`, `employee_id`,
//! `our_reference_id` and `customer_group_id` must name existing records. Defaults:
//! `vat_zone: "domestic"` (the only value seen in client code), the account's base currency,
//! `is_barred: false`, `customer_group_id: null` (the field name is inferred from
//! `supplier_group_id`; [`refuse_customer_group_id`](crate::mock::MockRackbeat::refuse_customer_group_id)
//! plays the other reading).

use serde_json::{Value, json};

use super::{assign_int_key, check_ref, normalise_int, stamp};
use crate::mock::json::{Object, int, int_of, merge, present};
use crate::mock::reply::{ApiError, Errors};
use crate::mock::state::{Kind, Row, State};

const REFS: &[(&str, Kind)] = &[
    ("payment_terms_id", Kind::PaymentTerms),
    ("layout_id", Kind::Layout),
    ("employee_id", Kind::Employee),
    ("our_reference_id", Kind::Employee),
    ("customer_group_id", Kind::CustomerGroup),
];

pub(super) fn prepare(
    st: &mut State,
    current: Option<&Object>,
    body: &Object,
) -> Result<Object, ApiError> {
    let mut errors = Errors::default();
    let mut body = body.clone();
    body.remove("payment_terms");
    if st.config.modes.refuse_customer_group_id && body.contains_key("customer_group_id") {
        errors.add(
            "customer_group_id",
            "The customer group id field is not a valid field.",
        );
    }
    match current {
        None => {
            let floor = st.config.first_customer_number;
            let n = assign_int_key(st, Kind::Customer, &body, floor, &mut errors);
            body.insert("number".into(), int(n));
            if present(&body, "name").is_none() && present(&body, "company_name").is_none() {
                errors.required("name");
            }
        }
        Some(cur) => {
            if let Some(n) = cur.get("number") {
                body.insert("number".into(), n.clone());
            }
        }
    }
    for (field, kind) in REFS {
        check_ref(st, &mut errors, &body, field, *kind);
    }
    errors.into_result()?;
    for (field, _) in REFS {
        normalise_int(&mut body, field);
    }
    let mut data = current.cloned().unwrap_or_else(|| defaults(st));
    merge(&mut data, &body, false);
    Ok(data)
}

pub(crate) fn defaults(st: &State) -> Object {
    let mut o = Object::new();
    o.insert("vat_zone".into(), json!("domestic"));
    o.insert("currency".into(), json!(st.config.base_currency));
    o.insert("is_barred".into(), Value::Bool(false));
    o.insert("ean".into(), Value::Null);
    o.insert("contact_email".into(), Value::Null);
    o.insert("customer_group_id".into(), Value::Null);
    o
}

pub(super) fn render(st: &State, row: &Row) -> Value {
    let mut o = row.data.clone();
    let name = present(&o, "name")
        .or_else(|| present(&o, "company_name"))
        .cloned()
        .unwrap_or(Value::Null);
    o.insert("name".into(), name.clone());
    o.insert("company_name".into(), name);
    if st.config.modes.refuse_customer_group_id {
        o.remove("customer_group_id");
    }
    let terms = o
        .get("payment_terms_id")
        .and_then(int_of)
        .and_then(|n| st.row(Kind::PaymentTerms, &n.to_string()));
    o.insert(
        "payment_terms".into(),
        terms.map_or(Value::Null, |t| super::render(st, Kind::PaymentTerms, t)),
    );
    stamp(st, Kind::Customer, row, &mut o);
    Value::Object(o)
}
