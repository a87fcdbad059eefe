//! Lenient, exact (de)serializers for Rackbeat's loosely typed JSON.
//!
//! Rackbeat sends numbers both as JSON numbers and as strings, and keys such as `number` or a
//! webhook `key` as either. A JSON number is read from its literal text, which serde_json
//! (with its `raw_value` feature, which changes nothing for anyone else) hands over when asked
//! for a raw value; nothing passes through a binary float. Models keep their undeclared keys
//! without `#[serde(flatten)]` ([`with_extra`]), because flatten buffers every value and so
//! loses a number's text.
//!
//! A value that reaches these readers through another deserializer (a `serde_json::Value`, or
//! serde's buffer when an embedder flattens one of our models into a type of their own) has
//! already been parsed; its number is then read from the shortest text that round-trips.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserializer, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The newtype name under which serde_json hands over a value's JSON text (the name
/// `serde_json::value::RawValue` deserializes itself with); other deserializers hand over the
/// value itself. Pinned by the exactness tests below.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A scalar as it appeared on the wire.
enum Scalar {
    Null,
    Bool(bool),
    /// A JSON number, as its literal text.
    Number(String),
    Str(String),
}

impl Scalar {
    /// A scalar from a value's JSON text.
    fn from_json_text<E: de::Error>(text: &str) -> Result<Self, E> {
        let text = text.trim();
        match text.as_bytes().first() {
            Some(b'"') => serde_json::from_str(text)
                .map(Scalar::Str)
                .map_err(E::custom),
            Some(b'{') => Err(E::invalid_type(de::Unexpected::Map, &ScalarVisitor)),
            Some(b'[') => Err(E::invalid_type(de::Unexpected::Seq, &ScalarVisitor)),
            _ => Ok(match text {
                "null" => Scalar::Null,
                "true" => Scalar::Bool(true),
                "false" => Scalar::Bool(false),
                number => Scalar::Number(number.to_owned()),
            }),
        }
    }
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
    /// Only from a value parsed before it got here: Rust prints the shortest text that
    /// reads back as the same float, which is the text sent for up to 15 significant digits.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
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
    /// A deserializer that does not know raw values hands over the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    /// serde_json's raw value: one entry, the token and the value's JSON text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        match map.next_key_seed(IsRawValueToken)? {
            Some(true) => map.next_value_seed(JsonText),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// Whether a map key is [`RAW_VALUE_TOKEN`] (compared borrowed, without allocating).
struct IsRawValueToken;

impl<'de> DeserializeSeed<'de> for IsRawValueToken {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for IsRawValueToken {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == RAW_VALUE_TOKEN)
    }
}

/// A raw value's JSON text, read as a scalar.
struct JsonText;

impl<'de> DeserializeSeed<'de> for JsonText {
    type Value = Scalar;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for JsonText {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value's text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Scalar::from_json_text(v)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_newtype_struct(RAW_VALUE_TOKEN, ScalarVisitor)
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
/// (`50.00` → `50`), so equal amounts always produce equal JSON. The text goes out as a raw
/// value: serde_json writes it as it is.
fn write_decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let text =
        RawValue::from_string(d.normalize().to_string()).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&text, s)
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

/// Deserializes a model through `declared` (its derived deserializer, made with
/// `#[serde(remote = "Self")]` and its `extra` field `#[serde(flatten, skip_deserializing)]`)
/// and returns the keys it does not declare beside it: declared keys are read straight from
/// the input, so numbers keep their text, and only the others are parsed into [`Value`]s.
pub(crate) fn with_extra<'de, D, T>(
    d: D,
    declared: impl FnOnce(ExtraCollector<'_, D>) -> Result<T, D::Error>,
) -> Result<(T, Map<String, Value>), D::Error>
where
    D: Deserializer<'de>,
{
    let mut extra = Map::new();
    let model = declared(ExtraCollector {
        inner: d,
        extra: &mut extra,
    })?;
    Ok((model, extra))
}

/// The deserializer [`with_extra`] hands to a model's derived deserializer.
pub(crate) struct ExtraCollector<'a, D> {
    inner: D,
    extra: &'a mut Map<String, Value>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ExtraCollector<'_, D> {
    type Error = D::Error;

    /// Asked for as a map, not a struct: a deserializer that knows the field list (serde's
    /// own when an embedder flattens the model) would otherwise hold back the other keys.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(CollectingVisitor {
            visitor,
            fields,
            extra: self.extra,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Hands the model's visitor a map that holds back the undeclared keys.
struct CollectingVisitor<'a, V> {
    visitor: V,
    fields: &'static [&'static str],
    extra: &'a mut Map<String, Value>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CollectingVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(CollectingMap {
            map,
            fields: self.fields,
            extra: self.extra,
        })
    }
}

/// A map that yields the declared keys and puts every other entry into `extra`.
struct CollectingMap<'a, A> {
    map: A,
    fields: &'static [&'static str],
    extra: &'a mut Map<String, Value>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CollectingMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            match self.map.next_key_seed(KeyOf(self.fields))? {
                None => return Ok(None),
                Some(Key::Declared(name)) => {
                    let name: StrDeserializer<'_, A::Error> = name.into_deserializer();
                    return seed.deserialize(name).map(Some);
                }
                Some(Key::Other(name)) => {
                    let value = self.map.next_value::<Value>()?;
                    self.extra.insert(name, value);
                }
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key: one of the model's declared names (borrowed from its field list), or another.
enum Key {
    Declared(&'static str),
    Other(String),
}

struct KeyOf(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyOf {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().find(|name| **name == v) {
            Some(name) => Key::Declared(name),
            None => Key::Other(v.to_owned()),
        })
    }
}

/// `Serialize` and `Deserialize` for models made with `#[serde(remote = "Self")]` whose
/// `extra: Map<String, Value>` is `#[serde(flatten, skip_deserializing)]`: serialized as
/// derived (extra flattened), deserialized through [`with_extra`].
macro_rules! model_with_extra {
    ($($model:ty),+ $(,)?) => {$(
        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$model>::serialize(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let (mut model, extra) =
                    $crate::serde_util::with_extra(d, |fields| <$model>::deserialize(fields))?;
                model.extra = extra;
                Ok(model)
            }
        }
    )+};
}
pub(crate) use model_with_extra;

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
