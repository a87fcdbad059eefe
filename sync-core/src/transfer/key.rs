//! How a Rackbeat order is recognised as the transfer of one SmartWeb order.
//!
//! Rules:
//! - Every order carries the reference twice: in `other_reference` (as rendered by
//!   `reference_format`) and as a **marker at the end of the heading**, `… [SW-1042]`. The
//!   heading is `heading_format`'s output with ` [<reference>]` appended, unless it already ends
//!   with that marker; so whichever of the two fields the account turns out to keep
//!   ([`DuplicateKey`](crate::facts::DuplicateKey)), orders made before that was known can
//!   still be found.
//! - A Rackbeat order **matches** a reference when its `other_reference` equals it exactly, or
//!   its heading (trailing spaces ignored) ends with the marker. A match by either field is
//!   evidence that the order exists; only a look-up by a *confirmed* key can show that it
//!   does not (see the transfer machine).
//! - The marker is bracketed and anchored at the end so that `SW-10` never matches
//!   `… [SW-1042]` and a heading a person typed is not taken for one of ours.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// The heading marker of `reference`: `[SW-1042]`.
#[must_use]
pub fn heading_marker(reference: &str) -> String {
    format!("[{reference}]")
}

/// The heading to send: `heading` with the reference's marker appended unless it already ends
/// with it (an empty heading becomes the marker alone).
#[must_use]
pub fn keyed_heading(heading: &str, reference: &str) -> String {
    let marker = heading_marker(reference);
    let heading = heading.trim();
    if heading.ends_with(&marker) {
        heading.to_owned()
    } else if heading.is_empty() {
        marker
    } else {
        format!("{heading} {marker}")
    }
}

/// The reference a heading's trailing marker names, if it ends with one.
#[must_use]
pub fn marker_of(heading: &str) -> Option<&str> {
    let inner = heading.trim_end().strip_suffix(']')?;
    let open = inner.rfind('[')?;
    inner.get(open + 1..).filter(|r| !r.is_empty())
}

/// A Rackbeat order as the transfer sees it: the fields that identify it, its state and the
/// totals Rackbeat computed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeenOrder {
    /// The Rackbeat order number.
    pub number: u64,
    /// `other_reference`, as Rackbeat returned it.
    pub other_reference: Option<String>,
    /// `heading`, as Rackbeat returned it.
    pub heading: Option<String>,
    /// Whether it is booked.
    pub booked: bool,
    /// When Rackbeat says it was created (naive server times read as UTC).
    pub created_at: Option<DateTime<Utc>>,
    /// `total_subtotal`: Rackbeat's net total.
    pub net_total: Option<Decimal>,
    /// `total_total`: Rackbeat's gross total.
    pub gross_total: Option<Decimal>,
}

impl SeenOrder {
    /// Whether `other_reference` is exactly `reference`.
    #[must_use]
    pub fn has_reference(&self, reference: &str) -> bool {
        self.other_reference.as_deref() == Some(reference)
    }

    /// Whether the heading ends with `reference`'s marker.
    #[must_use]
    pub fn has_heading_marker(&self, reference: &str) -> bool {
        self.heading
            .as_deref()
            .and_then(marker_of)
            .is_some_and(|r| r == reference)
    }

    /// Whether this order is the transfer of the order with `reference` (by either field).
    #[must_use]
    pub fn matches(&self, reference: &str) -> bool {
        self.has_reference(reference) || self.has_heading_marker(reference)
    }
}

impl From<&rackbeat_client::model::Order> for SeenOrder {
    fn from(order: &rackbeat_client::model::Order) -> Self {
        Self {
            number: order.number,
            other_reference: order.other_reference.clone(),
            heading: order.heading.clone(),
            booked: order.is_booked.unwrap_or(false),
            created_at: order.created_instant(),
            net_total: order.total_subtotal,
            gross_total: order.total_total,
        }
    }
}

/// Rackbeat orders read by one look-up, indexed by both keys.
#[derive(Debug, Clone, Default)]
pub struct OrderIndex {
    orders: BTreeMap<u64, SeenOrder>,
    by_reference: BTreeMap<String, BTreeSet<u64>>,
    by_marker: BTreeMap<String, BTreeSet<u64>>,
}

impl OrderIndex {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds orders read (an order read again replaces the earlier copy).
    pub fn extend(&mut self, orders: impl IntoIterator<Item = SeenOrder>) {
        for order in orders {
            self.forget(order.number);
            if let Some(reference) = order.other_reference.clone() {
                self.by_reference
                    .entry(reference)
                    .or_default()
                    .insert(order.number);
            }
            if let Some(marker) = order.heading.as_deref().and_then(marker_of) {
                self.by_marker
                    .entry(marker.to_owned())
                    .or_default()
                    .insert(order.number);
            }
            self.orders.insert(order.number, order);
        }
    }

    /// Drops an order (it was deleted).
    pub fn forget(&mut self, number: u64) {
        if let Some(old) = self.orders.remove(&number) {
            if let Some(set) = old
                .other_reference
                .as_ref()
                .and_then(|r| self.by_reference.get_mut(r))
            {
                set.remove(&number);
            }
            if let Some(set) = old
                .heading
                .as_deref()
                .and_then(marker_of)
                .and_then(|m| self.by_marker.get_mut(m))
            {
                set.remove(&number);
            }
        }
    }

    /// The orders matching `reference` by either key, by number.
    #[must_use]
    pub fn matching(&self, reference: &str) -> Vec<SeenOrder> {
        let numbers: BTreeSet<u64> = self
            .by_reference
            .get(reference)
            .into_iter()
            .chain(self.by_marker.get(reference))
            .flatten()
            .copied()
            .collect();
        numbers
            .iter()
            .filter_map(|n| self.orders.get(n).cloned())
            .collect()
    }

    /// How many orders the index holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    /// Whether the index is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_carries_the_reference_once() {
        assert_eq!(
            keyed_heading("SmartWeb order 1042", "SW-1042"),
            "SmartWeb order 1042 [SW-1042]"
        );
        assert_eq!(
            keyed_heading("Order [SW-1042]  ", "SW-1042"),
            "Order [SW-1042]"
        );
        assert_eq!(keyed_heading("  ", "SW-7"), "[SW-7]");
        assert_eq!(marker_of("SmartWeb order 1042 [SW-1042] "), Some("SW-1042"));
        assert_eq!(marker_of("SmartWeb order 1042"), None);
        assert_eq!(marker_of("[]"), None);
    }

    #[test]
    fn matching_is_exact_on_both_keys() {
        let by_heading = SeenOrder {
            number: 1,
            heading: Some("SmartWeb order 1042 [SW-1042]".into()),
            ..SeenOrder::default()
        };
        assert!(by_heading.matches("SW-1042"));
        assert!(!by_heading.matches("SW-104"));
        assert!(!by_heading.matches("1042"));
        let by_reference = SeenOrder {
            number: 2,
            other_reference: Some("SW-10".into()),
            ..SeenOrder::default()
        };
        assert!(by_reference.matches("SW-10"));
        assert!(!by_reference.matches("SW-1"));
        let typed = SeenOrder {
            number: 3,
            heading: Some("Replacement for SW-1042".into()),
            ..SeenOrder::default()
        };
        assert!(!typed.matches("SW-1042"));

        let mut index = OrderIndex::new();
        index.extend([by_heading.clone(), by_reference, typed]);
        assert_eq!(index.matching("SW-1042"), vec![by_heading]);
        index.forget(1);
        assert!(index.matching("SW-1042").is_empty());
        assert_eq!(index.len(), 2);
    }
}
