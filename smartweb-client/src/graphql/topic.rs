//! Webhook topics: the documented names and their mapping to a schema's enum values.
//!
//! SmartWeb documents topics as `orders/created`; a GraphQL enum cannot hold `/` or `-`, so an
//! enum-typed topic field is matched by a normalised key (`ORDERS_CREATED`), first exactly, then
//! loosely (singular/plural and `delete`/`deleted` alike) when exactly one value fits.

use super::error::GraphqlError;

/// The nine topics SmartWeb documents ("complete list", API fact sheet §8). Note the singular
/// `products/delete`.
pub const DOCUMENTED_TOPICS: [&str; 9] = [
    "orders/cancelled",
    "orders/created",
    "orders/fulfilled",
    "orders/invoice",
    "orders/partially-fulfilled",
    "orders/updated",
    "products/created",
    "products/updated",
    "products/delete",
];

/// `orders/partially-fulfilled` → `ORDERS_PARTIALLY_FULFILLED`.
fn strict_key(text: &str) -> String {
    words(text).join("_")
}

/// Like [`strict_key`] with each word's plural `S` and past-tense `D` dropped.
fn loose_key(text: &str) -> String {
    words(text)
        .into_iter()
        .map(|w| {
            let w = w.strip_suffix('S').unwrap_or(&w).to_owned();
            if w.ends_with("ED") {
                w.strip_suffix('D').unwrap_or(&w).to_owned()
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join("_")
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect()
}

/// The enum value to send for `topic`: the value itself when the schema has it, else the one
/// value whose normalised key matches.
pub(crate) fn to_enum_value(topic: &str, values: &[String]) -> Result<String, GraphqlError> {
    if let Some(v) = values.iter().find(|v| v.as_str() == topic) {
        return Ok(v.clone());
    }
    let unique = |key: fn(&str) -> String| {
        let wanted = key(topic);
        let mut hits = values.iter().filter(|v| key(v) == wanted);
        match (hits.next(), hits.next()) {
            (Some(one), None) => Some(one.clone()),
            _ => None,
        }
    };
    unique(strict_key)
        .or_else(|| unique(loose_key))
        .ok_or_else(|| GraphqlError::UnknownTopic {
            topic: topic.to_owned(),
            offered: values.to_vec(),
        })
}

/// A topic as read from the server, in documented form when it names a documented topic
/// (`ORDERS_CREATED` → `orders/created`); otherwise unchanged.
pub(crate) fn from_wire(value: &str) -> String {
    if DOCUMENTED_TOPICS.contains(&value) {
        return value.to_owned();
    }
    let find = |key: fn(&str) -> String| {
        let got = key(value);
        let mut hits = DOCUMENTED_TOPICS.iter().filter(|t| key(t) == got);
        match (hits.next(), hits.next()) {
            (Some(one), None) => Some((*one).to_owned()),
            _ => None,
        }
    };
    find(strict_key)
        .or_else(|| find(loose_key))
        .unwrap_or_else(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn documented_topics_map_to_screaming_enum_values_and_back() {
        let vals: Vec<String> = DOCUMENTED_TOPICS.iter().map(|t| strict_key(t)).collect();
        for topic in DOCUMENTED_TOPICS {
            let v = to_enum_value(topic, &vals).unwrap();
            assert_eq!(from_wire(&v), topic);
        }
        assert_eq!(
            to_enum_value("orders/partially-fulfilled", &vals).unwrap(),
            "ORDERS_PARTIALLY_FULFILLED"
        );
    }

    #[test]
    fn loose_match_accepts_singular_and_past_tense() {
        let vals = values(&["ORDER_CREATED", "PRODUCT_DELETED"]);
        assert_eq!(
            to_enum_value("orders/created", &vals).unwrap(),
            "ORDER_CREATED"
        );
        assert_eq!(
            to_enum_value("products/delete", &vals).unwrap(),
            "PRODUCT_DELETED"
        );
        assert_eq!(from_wire("PRODUCT_DELETED"), "products/delete");
    }

    #[test]
    fn exact_enum_value_is_taken_as_is() {
        let vals = values(&["ORDERS_CREATED"]);
        assert_eq!(
            to_enum_value("ORDERS_CREATED", &vals).unwrap(),
            "ORDERS_CREATED"
        );
    }

    #[test]
    fn unknown_topic_lists_the_offered_values() {
        let err = to_enum_value("customers/created", &values(&["ORDERS_CREATED"])).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("customers/created") && text.contains("ORDERS_CREATED"),
            "{text}"
        );
    }

    #[test]
    fn unknown_wire_values_are_kept() {
        assert_eq!(from_wire("SOMETHING_ELSE"), "SOMETHING_ELSE");
        assert_eq!(from_wire("orders/updated"), "orders/updated");
    }
}
