//! The VAT zones a Rackbeat account knows.
//!
//! Rackbeat has no VAT-zone endpoint (sheet §2.7). What an account does expose: each product
//! group carries a VAT percentage per zone (`vat_domestic`, `vat_eu`, `vat_abroad`,
//! `vat_domestic_exempt`, and any further `vat_<zone>` field a newer account has), and
//! customers and orders carry the `vat_zone` they use. The zones known to the account are the
//! union of both; a zone the settings name outside it is refused by `check` and refuted by
//! the probe.

use std::collections::BTreeSet;

use rackbeat_client::model::ProductGroup;
use serde_json::Value;

use super::Integration;

/// The zones one account shows, and where they were seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AccountZones {
    /// Zones a product group carries a VAT percentage for.
    pub(crate) from_groups: BTreeSet<String>,
    /// Zones customers or orders use.
    pub(crate) in_use: BTreeSet<String>,
    /// Product groups read.
    pub(crate) groups: usize,
}

impl AccountZones {
    /// Every zone the account knows.
    pub(crate) fn known(&self) -> BTreeSet<String> {
        self.from_groups.union(&self.in_use).cloned().collect()
    }

    /// Whether the account showed any zone at all (with none, nothing can be refused).
    pub(crate) fn is_empty(&self) -> bool {
        self.from_groups.is_empty() && self.in_use.is_empty()
    }

    /// One line of evidence: what was read and which zones it showed.
    pub(crate) fn describe(&self) -> String {
        let list = |s: &BTreeSet<String>| {
            if s.is_empty() {
                "none".to_owned()
            } else {
                s.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        format!(
            "{} product group(s) carry VAT for {}; customers and orders use {}",
            self.groups,
            list(&self.from_groups),
            list(&self.in_use)
        )
    }

    /// Adds the zones a product group carries a percentage for.
    fn add_group(&mut self, group: &ProductGroup) {
        self.groups += 1;
        let typed = [
            ("domestic", group.vat_domestic),
            ("eu", group.vat_eu),
            ("abroad", group.vat_abroad),
            ("domestic_exempt", group.vat_domestic_exempt),
        ];
        for (zone, rate) in typed {
            if rate.is_some() {
                self.from_groups.insert(zone.to_owned());
            }
        }
        for (key, value) in &group.extra {
            if let Some(zone) = key.strip_prefix("vat_")
                && !zone.is_empty()
                && (value.is_number() || value.as_str().is_some_and(|s| s.parse::<f64>().is_ok()))
            {
                self.from_groups.insert(zone.to_owned());
            }
        }
    }

    /// Adds the `vat_zone` of each object of a raw list.
    fn add_in_use(&mut self, items: Option<&Value>) {
        for item in items.and_then(Value::as_array).into_iter().flatten() {
            if let Some(zone) = item.get("vat_zone").and_then(Value::as_str) {
                let zone = zone.trim();
                if !zone.is_empty() {
                    self.in_use.insert(zone.to_owned());
                }
            }
        }
    }
}

/// The zones the settings use: `vat_zone` and every `vat_zone_rules[].vat_zone`, each with
/// the setting that names it.
pub(crate) fn settings_zones(settings: &sync_core::settings::Settings) -> Vec<(String, String)> {
    std::iter::once(("vat_zone".to_owned(), settings.vat_zone.trim().to_owned()))
        .chain(settings.vat_zone_rules.iter().enumerate().map(|(i, r)| {
            (
                format!("vat_zone_rules[{i}].vat_zone"),
                r.vat_zone.trim().to_owned(),
            )
        }))
        .collect()
}

impl Integration {
    /// Reads the zones the Rackbeat account knows: every product group, and the first page
    /// of customers and of orders.
    pub(crate) async fn account_vat_zones(&self) -> Result<AccountZones, rackbeat_client::Error> {
        let rb = &self.inner.rackbeat;
        let mut zones = AccountZones::default();
        for group in rb.product_groups().list().all().await? {
            zones.add_group(&group);
        }
        let limit = rb.page_size().to_string();
        for resource in ["customers", "orders"] {
            let page = rb
                .get_json(
                    &[resource],
                    &[("limit", limit.as_str()), ("fields", "vat_zone")],
                )
                .await?;
            zones.add_in_use(page.get(resource));
        }
        Ok(zones)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn zones_come_from_group_fields_and_from_use() {
        let group: ProductGroup = serde_json::from_value(json!({
            "number": 1,
            "vat_domestic": 25,
            "vat_eu": 25,
            "vat_abroad": null,
            "vat_se": "25.00",
            "vat_note": "not a rate"
        }))
        .unwrap();
        let mut zones = AccountZones::default();
        zones.add_group(&group);
        zones.add_in_use(Some(
            &json!([{"vat_zone": "domestic_exempt"}, {"vat_zone": ""}, {}]),
        ));
        assert_eq!(
            zones.known().into_iter().collect::<Vec<_>>(),
            ["domestic", "domestic_exempt", "eu", "se"]
        );
        assert_eq!(
            zones.describe(),
            "1 product group(s) carry VAT for domestic, eu, se; customers and orders use domestic_exempt"
        );
    }
}
