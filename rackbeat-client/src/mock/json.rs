//! Small helpers over `serde_json::Value`: lenient reads of the loosely typed wire values and
//! exact decimal output.
//!
//! Money and quantities go through [`Decimal`] only: a JSON number is read from its text and
//! written back from the decimal's text, so nothing in the fake does binary float arithmetic.
//! (A `Value` holds a fractional number as the float nearest its text, whose shortest text is
//! the one written for up to 15 significant digits: amounts, prices and quantities.)

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

/// A JSON object.
pub(crate) type Object = Map<String, Value>;

/// Reads a decimal from a JSON number or a numeric string (the API accepts both).
pub(crate) fn decimal(v: &Value) -> Option<Decimal> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
}

/// Writes a decimal as a JSON number carrying exactly the decimal's text.
pub(crate) fn number(d: Decimal) -> Value {
    Number::from_str(&d.to_string())
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(d.to_string()))
}

/// A JSON number for an integer.
pub(crate) fn int(i: i64) -> Value {
    Value::Number(Number::from(i))
}

/// Reads an integer key from a JSON number or a numeric string (`"12"` and `12` alike).
pub(crate) fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.to_string().parse().ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The canonical text of a key value: strings as they are, numbers in their literal form.
pub(crate) fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_i64().map_or_else(|| n.to_string(), |i| i.to_string())),
        _ => None,
    }
}

/// A scalar as the text a query-string filter compares against (`true`, `12`, `abc`).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads a boolean leniently (`true`, `1`, `"true"`, `"1"`).
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64().is_some_and(|i| i != 0),
        Value::String(s) => matches!(s.trim(), "1" | "true" | "TRUE" | "True"),
        _ => false,
    }
}

/// Follows a dotted path (`customer.name`) through nested objects.
pub(crate) fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, part| cur.get(part))
}

/// The value of `key` unless it is absent or `null`.
pub(crate) fn present<'a>(o: &'a Object, key: &str) -> Option<&'a Value> {
    o.get(key).filter(|v| !v.is_null())
}

/// Copies every field of `patch` over `base`, except `null`s when `skip_nulls` is set.
pub(crate) fn merge(base: &mut Object, patch: &Object, skip_nulls: bool) {
    for (k, v) in patch {
        if skip_nulls && v.is_null() {
            continue;
        }
        base.insert(k.clone(), v.clone());
    }
}

/// Serialises any value into a JSON object, dropping `null` fields so server defaults apply.
pub(crate) fn to_object<T: serde::Serialize + ?Sized>(value: &T) -> Result<Object, String> {
    match serde_json::to_value(value) {
        Ok(Value::Object(mut o)) => {
            o.retain(|_, v| !v.is_null());
            Ok(o)
        }
        Ok(other) => Err(format!("expected a JSON object, got {other}")),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decimals_round_trip_through_text() {
        let d = decimal(&json!("12.50")).unwrap();
        assert_eq!(d.to_string(), "12.50");
        assert_eq!(decimal(&json!(3)).unwrap(), Decimal::from(3));
        assert!(decimal(&json!(true)).is_none());
        assert_eq!(number(Decimal::new(1999, 2)).to_string(), "19.99");
    }

    #[test]
    fn keys_accept_numbers_and_numeric_strings() {
        assert_eq!(int_of(&json!("12")), Some(12));
        assert_eq!(int_of(&json!(12)), Some(12));
        assert_eq!(key_text(&json!(7)).as_deref(), Some("7"));
        assert_eq!(key_text(&json!("A/1")).as_deref(), Some("A/1"));
    }
}
