//! Stock planning: Rackbeat available quantity → SmartWeb stock, for products and variants.
//!
//! Rules:
//! - The quantity is Rackbeat's `available_quantity` (on hand − in orders): in total, or at
//!   the `location` setting when `stock_from = location` (an item with no entry at that
//!   location has 0 there). Where Rackbeat reports no available figure (on hand only), the
//!   item is skipped ([`StockSkipReason::NoQuantity`]): on-hand stock is never pushed as
//!   available.
//! - Negative becomes 0; fractions round **down** (2.9 → 2: never promise stock that is not
//!   there); above `i32::MAX` (SmartWeb's `xsd:int`) it is capped.
//! - Matched by item number (trimmed). Only differences produce writes.
//! - Items on only one side, items without a quantity and item numbers found twice on one
//!   side are listed as skipped with the reason.
//! - Writes go to `smartweb_stock_location_id` when set, else to the plain `Stock` field.
//! - Output order is by item number.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::settings::{Settings, StockFrom};

/// Rackbeat stock of one item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbStockView {
    /// Item `number`.
    pub item_number: String,
    /// `available_quantity` over all locations.
    pub available_total: Option<Decimal>,
    /// Available quantity per location number; a location missing here has nothing
    /// available, unless it is in `unknown_locations`.
    pub available_by_location: BTreeMap<u32, Decimal>,
    /// Locations whose stock Rackbeat reported without an available figure (on hand only):
    /// the item is skipped there, never filled from on-hand.
    pub unknown_locations: BTreeSet<u32>,
}

impl RbStockView {
    /// Records the available quantity at `location`, or (`None`) that Rackbeat reported none.
    pub fn set_location(&mut self, location: u32, available: Option<Decimal>) {
        match available {
            Some(q) => {
                self.unknown_locations.remove(&location);
                self.available_by_location.insert(location, q);
            }
            None => {
                self.available_by_location.remove(&location);
                self.unknown_locations.insert(location);
            }
        }
    }
}

/// Where a SmartWeb stock figure lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StockTarget {
    /// A product without variants.
    Product {
        /// Product `Id`.
        product_id: u64,
    },
    /// A variant.
    Variant {
        /// Parent product `Id`.
        product_id: u64,
        /// Variant `Id`.
        variant_id: u64,
    },
}

/// SmartWeb stock of one product or variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwStockView {
    /// `ItemNumber`.
    pub item_number: String,
    /// Which product or variant.
    pub target: StockTarget,
    /// Current stock (at `smartweb_stock_location_id` when set); `None` if unknown.
    pub current: Option<i64>,
}

/// One stock write to SmartWeb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockWrite {
    /// `ItemNumber`.
    pub item_number: String,
    /// Which product or variant.
    pub target: StockTarget,
    /// The new stock.
    pub quantity: i64,
    /// The stock before, as read.
    pub previous: Option<i64>,
    /// SmartWeb stock location to write to; `None` = the plain `Stock` field.
    pub stock_location_id: Option<u32>,
}

/// Why an item's stock is not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StockSkipReason {
    /// In SmartWeb but not in Rackbeat.
    #[error("not in Rackbeat")]
    NotInRackbeat,
    /// In Rackbeat but not in SmartWeb.
    #[error("not in SmartWeb")]
    NotInSmartweb,
    /// The item number appears more than once on the named side.
    #[error("item number appears more than once in {0}")]
    Duplicate(&'static str),
    /// Rackbeat gave no available quantity.
    #[error("Rackbeat gave no available quantity")]
    NoQuantity,
    /// `stock_from = location` but `location` is not set.
    #[error("setting `location` is not set")]
    LocationNotSet,
}

/// A skipped item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockSkip {
    /// The item number.
    pub item_number: String,
    /// Why.
    pub reason: StockSkipReason,
}

/// The stock plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockPlan {
    /// Writes, by item number.
    pub writes: Vec<StockWrite>,
    /// Skipped items, by item number.
    pub skipped: Vec<StockSkip>,
}

/// SmartWeb stock for a Rackbeat available quantity: negative → 0, fractions down, capped at
/// `i32::MAX`.
#[must_use]
pub fn shop_quantity(available: Decimal) -> i64 {
    if available <= Decimal::ZERO {
        return 0;
    }
    available
        .floor()
        .to_i64()
        .map_or(i64::from(i32::MAX), |q| q.min(i64::from(i32::MAX)))
}

fn available(rb: &RbStockView, settings: &Settings) -> Result<Decimal, StockSkipReason> {
    match settings.stock_from {
        StockFrom::Total => rb.available_total.ok_or(StockSkipReason::NoQuantity),
        StockFrom::Location => {
            let location = settings.location.ok_or(StockSkipReason::LocationNotSet)?;
            if rb.unknown_locations.contains(&location) {
                return Err(StockSkipReason::NoQuantity);
            }
            Ok(rb
                .available_by_location
                .get(&location)
                .copied()
                .unwrap_or_default())
        }
    }
}

/// Plans the SmartWeb stock writes.
#[must_use]
pub fn plan_stock(
    rackbeat: &[RbStockView],
    smartweb: &[SwStockView],
    settings: &Settings,
) -> StockPlan {
    let mut rb: BTreeMap<&str, Vec<&RbStockView>> = BTreeMap::new();
    for r in rackbeat {
        rb.entry(r.item_number.trim()).or_default().push(r);
    }
    let mut sw: BTreeMap<&str, Vec<&SwStockView>> = BTreeMap::new();
    for s in smartweb {
        sw.entry(s.item_number.trim()).or_default().push(s);
    }
    // SmartWeb matches item numbers without regard to case by default (SmartWeb fact sheet §2.5),
    // so an item spelt `kaffe-1` in Rackbeat is the shop's `KAFFE-1` when nothing else could be.
    // Built on the first item without an exact match (most catalogues have none).
    let by_case = std::cell::OnceCell::new();
    let by_case = || {
        by_case.get_or_init(|| {
            let mut rb_by_case: BTreeMap<String, Vec<&str>> = BTreeMap::new();
            for &item in rb.keys() {
                rb_by_case
                    .entry(item.to_lowercase())
                    .or_default()
                    .push(item);
            }
            let mut sw_by_case: BTreeMap<String, usize> = BTreeMap::new();
            for &item in sw.keys() {
                *sw_by_case.entry(item.to_lowercase()).or_default() += 1;
            }
            (rb_by_case, sw_by_case)
        })
    };
    let mut paired: BTreeSet<&str> = BTreeSet::new();
    let mut plan = StockPlan::default();
    let mut skip = |item: &str, reason| {
        plan.skipped.push(StockSkip {
            item_number: item.to_owned(),
            reason,
        });
    };
    let mut writes = Vec::new();
    for (&item, shop) in &sw {
        if item.is_empty() {
            continue;
        }
        let source = match rb.get(item) {
            Some(source) => source,
            None => {
                let key = item.to_lowercase();
                let (rb_by_case, sw_by_case) = by_case();
                let folded = match (
                    rb_by_case.get(&key).map(Vec::as_slice),
                    sw_by_case.get(&key),
                ) {
                    (Some([only]), Some(1)) => rb.get_key_value(only),
                    _ => None,
                };
                let Some((&rb_item, source)) = folded else {
                    skip(item, StockSkipReason::NotInRackbeat);
                    continue;
                };
                paired.insert(rb_item);
                source
            }
        };
        let [source] = source.as_slice() else {
            skip(item, StockSkipReason::Duplicate("Rackbeat"));
            continue;
        };
        let [shop] = shop.as_slice() else {
            skip(item, StockSkipReason::Duplicate("SmartWeb"));
            continue;
        };
        let quantity = match available(source, settings) {
            Ok(a) => shop_quantity(a),
            Err(reason) => {
                skip(item, reason);
                continue;
            }
        };
        if shop.current != Some(quantity) {
            writes.push(StockWrite {
                item_number: item.to_owned(),
                target: shop.target,
                quantity,
                previous: shop.current,
                stock_location_id: settings.smartweb_stock_location_id,
            });
        }
    }
    for &item in rb.keys() {
        if !item.is_empty() && !paired.contains(item) && !sw.contains_key(item) {
            skip(item, StockSkipReason::NotInSmartweb);
        }
    }
    plan.writes = writes;
    plan.skipped
        .sort_by(|a, b| a.item_number.cmp(&b.item_number));
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn rb(item: &str, total: Decimal) -> RbStockView {
        RbStockView {
            item_number: item.into(),
            available_total: Some(total),
            available_by_location: BTreeMap::from([(1, dec!(3)), (2, total)]),
            unknown_locations: BTreeSet::new(),
        }
    }

    fn sw(item: &str, id: u64, current: i64) -> SwStockView {
        SwStockView {
            item_number: item.into(),
            target: StockTarget::Product { product_id: id },
            current: Some(current),
        }
    }

    #[test]
    fn quantity_rules() {
        assert_eq!(shop_quantity(dec!(-4)), 0);
        assert_eq!(shop_quantity(dec!(2.9)), 2);
        assert_eq!(shop_quantity(dec!(0.5)), 0);
        assert_eq!(shop_quantity(dec!(7)), 7);
        assert_eq!(shop_quantity(Decimal::MAX), i64::from(i32::MAX));
    }

    #[test]
    fn item_numbers_pair_regardless_of_case_when_unambiguous() {
        let settings = Settings::default();
        let plan = plan_stock(
            &[
                rb("kaffe-1", dec!(7)),
                rb("Krus-2", dec!(4)),
                rb("KRUS-2", dec!(9)),
            ],
            &[sw("KAFFE-1", 1, 5), sw("krus-2", 2, 3)],
            &settings,
        );
        // `kaffe-1` is the shop's `KAFFE-1`; `krus-2` could be either Rackbeat item.
        assert_eq!(plan.writes.len(), 1, "{plan:?}");
        assert_eq!(plan.writes[0].item_number, "KAFFE-1");
        assert_eq!(plan.writes[0].quantity, 7);
        let skipped: Vec<_> = plan
            .skipped
            .iter()
            .map(|s| (s.item_number.as_str(), &s.reason))
            .collect();
        assert!(
            skipped.contains(&("krus-2", &StockSkipReason::NotInRackbeat)),
            "{skipped:?}"
        );
        assert!(
            !skipped.iter().any(|(item, _)| *item == "kaffe-1"),
            "paired, not reported missing: {skipped:?}"
        );
        // An exact match always wins over a case-folded one.
        let exact = plan_stock(
            &[rb("abc", dec!(1)), rb("ABC", dec!(2))],
            &[sw("ABC", 1, 0)],
            &settings,
        );
        assert_eq!(exact.writes.len(), 1);
        assert_eq!(exact.writes[0].quantity, 2);
    }

    #[test]
    fn only_differences_are_written_and_missing_items_reported() {
        let settings = Settings::default();
        let plan = plan_stock(
            &[
                rb("A", dec!(5)),
                rb("B", dec!(-2)),
                rb("C", dec!(1.7)),
                rb("RB-ONLY", dec!(1)),
            ],
            &[
                sw("A", 1, 5),
                sw("B", 2, 3),
                SwStockView {
                    item_number: "C".into(),
                    target: StockTarget::Variant {
                        product_id: 3,
                        variant_id: 31,
                    },
                    current: None,
                },
                sw("SW-ONLY", 4, 9),
            ],
            &settings,
        );
        assert_eq!(
            plan.writes,
            [
                StockWrite {
                    item_number: "B".into(),
                    target: StockTarget::Product { product_id: 2 },
                    quantity: 0,
                    previous: Some(3),
                    stock_location_id: None,
                },
                StockWrite {
                    item_number: "C".into(),
                    target: StockTarget::Variant {
                        product_id: 3,
                        variant_id: 31
                    },
                    quantity: 1,
                    previous: None,
                    stock_location_id: None,
                },
            ]
        );
        assert_eq!(
            plan.skipped,
            [
                StockSkip {
                    item_number: "RB-ONLY".into(),
                    reason: StockSkipReason::NotInSmartweb
                },
                StockSkip {
                    item_number: "SW-ONLY".into(),
                    reason: StockSkipReason::NotInRackbeat
                },
            ]
        );
    }

    #[test]
    fn location_stock_and_smartweb_stock_location() {
        let settings = Settings {
            stock_from: StockFrom::Location,
            location: Some(1),
            smartweb_stock_location_id: Some(4),
            ..Settings::default()
        };
        let mut no_entry = rb("B", dec!(9));
        no_entry.available_by_location.clear();
        let plan = plan_stock(
            &[rb("A", dec!(10)), no_entry],
            &[sw("A", 1, 10), sw("B", 2, 9)],
            &settings,
        );
        let got: Vec<_> = plan
            .writes
            .iter()
            .map(|w| (w.item_number.as_str(), w.quantity, w.stock_location_id))
            .collect();
        assert_eq!(got, [("A", 3, Some(4)), ("B", 0, Some(4))]);
    }

    #[test]
    fn a_location_without_an_available_figure_is_left_out_not_zeroed() {
        let settings = Settings {
            stock_from: StockFrom::Location,
            location: Some(1),
            ..Settings::default()
        };
        let mut on_hand_only = rb("H", dec!(9));
        on_hand_only.set_location(1, None);
        let mut back = rb("K", dec!(9));
        back.set_location(1, None);
        back.set_location(1, Some(dec!(4)));
        let plan = plan_stock(
            &[on_hand_only, back],
            &[sw("H", 1, 7), sw("K", 2, 7)],
            &settings,
        );
        assert_eq!(
            plan.skipped,
            [StockSkip {
                item_number: "H".into(),
                reason: StockSkipReason::NoQuantity
            }]
        );
        let got: Vec<_> = plan
            .writes
            .iter()
            .map(|w| (w.item_number.as_str(), w.quantity))
            .collect();
        assert_eq!(got, [("K", 4)]);
    }

    #[test]
    fn duplicates_and_missing_quantity_are_reported_not_written() {
        let settings = Settings::default();
        let mut none = rb("N", dec!(1));
        none.available_total = None;
        let plan = plan_stock(
            &[rb("D", dec!(1)), rb("D", dec!(2)), none],
            &[sw("D", 1, 0), sw("N", 2, 0)],
            &settings,
        );
        assert!(plan.writes.is_empty());
        let reasons: Vec<_> = plan.skipped.iter().map(|s| s.reason.clone()).collect();
        assert_eq!(
            reasons,
            [
                StockSkipReason::Duplicate("Rackbeat"),
                StockSkipReason::NoQuantity
            ]
        );
    }

    proptest! {
        #[test]
        fn applying_the_plan_makes_it_empty(
            stock in prop::collection::vec((0u8..6, -50i64..500, 0u32..3), 0..8),
            current in prop::collection::vec((0u8..6, prop::option::of(0i64..60)), 0..8),
        ) {
            let settings = Settings::default();
            let rackbeat: Vec<_> = stock
                .iter()
                .map(|(i, q, s)| rb(&format!("I{i}"), Decimal::new(*q, *s)))
                .collect();
            let mut smartweb: Vec<_> = current
                .iter()
                .enumerate()
                .map(|(n, (i, c))| SwStockView {
                    item_number: format!("I{i}"),
                    target: StockTarget::Product { product_id: n as u64 },
                    current: *c,
                })
                .collect();
            let first = plan_stock(&rackbeat, &smartweb, &settings);
            for w in &first.writes {
                prop_assert!(w.quantity >= 0);
                for s in smartweb.iter_mut().filter(|s| s.item_number == w.item_number) {
                    s.current = Some(w.quantity);
                }
            }
            let second = plan_stock(&rackbeat, &smartweb, &settings);
            prop_assert!(second.writes.is_empty(), "{:?}", second.writes);
            prop_assert_eq!(first.skipped, second.skipped);
        }
    }
}
