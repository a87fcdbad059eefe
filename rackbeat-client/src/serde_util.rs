//! Lenient, exact (de)serializers for Rackbeat's loosely typed JSON.
//!
//! Rackbeat sends numbers both as JSON numbers and as strings, and keys such as `number` or a
//! webhook `key` as either. The crate turns on serde_json's `arbitrary_precision`, so a JSON
//! number reaches these helpers as its literal text (directly, or as serde_json's private
//! one-entry map when it was buffered by `#[serde(flatten)]`); nothing passes through a binary
//! float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserializer, Serializer};

/// serde_json's marker key for a number kept as text under `arbitrary_precision`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A scalar as it appeared on the wire.
enum Scalar {
    Null,
    Bool(bool),
    /// A JSON number, as its literal text.
    Number(String),
    Str(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string, a boolean or null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == NUMBER_TOKEN => Ok(Scalar::Number(map.next_value::<String>()?)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

fn parse_decimal<E: de::Error>(text: &str) -> Result<Decimal, E> {
    let t = text.trim();
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &"a decimal number"))
}

fn scalar_to_decimal<E: de::Error>(s: Scalar) -> Result<Option<Decimal>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Str(t) if t.trim().is_empty() => Ok(None),
        Scalar::Number(t) | Scalar::Str(t) => parse_decimal(&t).map(Some),
        Scalar::Bool(b) => Err(E::invalid_type(
            de::Unexpected::Bool(b),
            &"a decimal number",
        )),
    }
}

fn scalar_to_u64<E: de::Error>(s: Scalar) -> Result<Option<u64>, E> {
    match scalar_to_decimal::<E>(s)? {
        None => Ok(None),
        Some(d) if d.fract().is_zero() => d
            .to_u64()
            .map(Some)
            .ok_or_else(|| E::custom(format!("{d} is out of range for an unsigned integer"))),
        Some(d) => Err(E::custom(format!("{d} is not a whole number"))),
    }
}

fn scalar_to_string<E: de::Error>(s: Scalar) -> Result<Option<String>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Number(t) | Scalar::Str(t) => Ok(Some(t)),
        Scalar::Bool(b) => Err(E::invalid_type(
            de::Unexpected::Bool(b),
            &"a string or a number",
        )),
    }
}

fn scalar_to_bool<E: de::Error>(s: Scalar) -> Result<Option<bool>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Number(t) | Scalar::Str(t) => match t.trim() {
            "1" | "true" => Ok(Some(true)),
            "0" | "false" => Ok(Some(false)),
            "" => Ok(None),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &"a boolean")),
        },
    }
}

/// Writes a decimal as an exact JSON number (its text, not a float), without trailing zeros
/// (`50.00` → `50`), so equal amounts always produce equal JSON.
fn write_decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let n = serde_json::Number::from_str(&d.normalize().to_string())
        .map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&n, s)
}

/// `Decimal` from a JSON number or string; written as a JSON number.
pub(crate) mod decimal {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        write_decimal(d, s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        scalar_to_decimal(scalar(d)?)?
            .ok_or_else(|| de::Error::custom("expected a decimal number, got null"))
    }
}

/// `Option<Decimal>` from a JSON number, string, empty string or null.
pub(crate) mod opt_decimal {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => write_decimal(d, s),
            None => s.serialize_none(),
        }
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        scalar_to_decimal(scalar(d)?)
    }
}

/// `u64` from a JSON number or a numeric string.
pub(crate) mod int {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(*v)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        scalar_to_u64(scalar(d)?)?.ok_or_else(|| de::Error::custom("expected an integer, got null"))
    }
}

/// `Option<u64>` from a JSON number, a numeric string, empty string or null.
pub(crate) mod opt_int {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_u64(*v),
            None => s.serialize_none(),
        }
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        scalar_to_u64(scalar(d)?)
    }
}

/// `String` from a JSON string or number (item numbers, webhook keys).
pub(crate) mod string_or_number {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        scalar_to_string(scalar(d)?)?
            .ok_or_else(|| de::Error::custom("expected a string or a number, got null"))
    }
}

/// `Option<String>` from a JSON string, number or null.
pub(crate) mod opt_string_or_number {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v),
            None => s.serialize_none(),
        }
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        scalar_to_string(scalar(d)?)
    }
}

/// `Option<bool>` from a JSON boolean, `0`/`1`, `"true"`/`"false"` or null.
pub(crate) mod opt_bool {
    use super::*;
    pub(crate) fn serialize<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_bool(*v),
            None => s.serialize_none(),
        }
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        scalar_to_bool(scalar(d)?)
    }
}

/// A list that may arrive as `null` (read as empty).
pub(crate) fn vec_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(<Option<Vec<T>> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewOrderLine, ProductUpdate};

    #[test]
    fn decimals_are_written_in_plain_notation_never_scientific() {
        // `1E-7` is how a SOAP double or a float printer writes 0.0000001.
        let tiny = Decimal::from_scientific("1E-7").unwrap();
        let cases = [
            (tiny, "0.0000001"),
            (Decimal::from_scientific("1.50E+3").unwrap(), "1500"),
            (
                Decimal::from_str("0.0000000000000000000000000001").unwrap(),
                "0.0000000000000000000000000001",
            ),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::new(-10, 6), "-0.00001"),
            (Decimal::new(10000, 2), "100"),
        ];
        for (value, plain) in cases {
            let line = NewOrderLine {
                item_id: "A".into(),
                quantity: value,
                line_price: Some(value),
                discount_percentage: Some(value),
                vat_percentage: Some(value),
                ..Default::default()
            };
            let text = serde_json::to_string(&line).unwrap();
            assert_eq!(
                text,
                format!(
                    r#"{{"item_id":"A","quantity":{plain},"line_price":{plain},"discount_percentage":{plain},"vat_percentage":{plain}}}"#
                )
            );
            let product = ProductUpdate {
                sales_price: Some(value),
                ..Default::default()
            };
            let text = serde_json::to_string(&product).unwrap();
            assert_eq!(text, format!(r#"{{"sales_price":{plain}}}"#));
        }
    }
}
