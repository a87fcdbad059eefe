//! The VAT zones a Rackbeat account knows, and what the settings' zones are measured against.
//!
//! Rackbeat has no VAT-zone endpoint (sheet §2.7). What an account does expose: each product
//! group carries a VAT percentage per zone (`vat_domestic`, `vat_eu`, `vat_abroad`,
//! `vat_domestic_exempt`, and any further `vat_<zone>` field a newer account has), and
//! customers and orders carry the `vat_zone` they use. The zones known to the account are the
//! union of both. A zone the settings name outside it is a problem for `check` and refutes the
//! probe's VAT-zone assumption; an account that shows no zone at all refuses nothing.
//!
//! The engine reads the product groups and the zones in use; the rules are here.

use std::collections::BTreeSet;
use std::str::FromStr;

use rackbeat_client::model::{ProductGroup, VatZone};
use rust_decimal::Decimal;

use crate::facts::Verdict;
use crate::settings::Settings;

/// The zones one account shows, and where they were seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountZones {
    /// Zones a product group carries a VAT percentage for.
    pub from_groups: BTreeSet<String>,
    /// Zones customers or orders use.
    pub in_use: BTreeSet<String>,
    /// Product groups read.
    pub groups: usize,
}

impl AccountZones {
    /// Every zone the account knows.
    pub fn known(&self) -> BTreeSet<String> {
        self.from_groups.union(&self.in_use).cloned().collect()
    }

    /// Whether the account showed any zone at all (with none, nothing can be refused).
    pub fn is_empty(&self) -> bool {
        self.from_groups.is_empty() && self.in_use.is_empty()
    }

    /// One line of evidence: what was read and which zones it showed.
    pub fn describe(&self) -> String {
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

    /// Adds the zones a product group carries a percentage for: the four typed fields, and any
    /// other `vat_<zone>` field holding a number (or a numeric string).
    pub fn add_group(&mut self, group: &ProductGroup) {
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
                && (value.is_number() || value.as_str().is_some_and(is_rate))
            {
                self.from_groups.insert(zone.to_owned());
            }
        }
    }

    /// Adds zones customers or orders use (blank ones are no zone).
    pub fn add_in_use<'a>(&mut self, zones: impl IntoIterator<Item = &'a str>) {
        for zone in zones {
            let zone = zone.trim();
            if !zone.is_empty() {
                self.in_use.insert(zone.to_owned());
            }
        }
    }
}

fn is_rate(text: &str) -> bool {
    Decimal::from_str(text.trim()).is_ok()
}

/// The zones the settings use: `vat_zone` and every `vat_zone_rules[].vat_zone`, each with
/// the setting that names it.
pub fn settings_zones(settings: &Settings) -> Vec<(String, String)> {
    std::iter::once(("vat_zone".to_owned(), settings.vat_zone.trim().to_owned()))
        .chain(settings.vat_zone_rules.iter().enumerate().map(|(i, r)| {
            (
                format!("vat_zone_rules[{i}].vat_zone"),
                r.vat_zone.trim().to_owned(),
            )
        }))
        .collect()
}

/// Every zone of the settings the account does not know, as `(setting, problem)`. An account
/// that shows no zone at all is measured against the four zones Rackbeat documents.
pub fn zone_problems(settings: &Settings, account: &AccountZones) -> Vec<(String, String)> {
    let known = account.known();
    settings_zones(settings)
        .into_iter()
        .filter_map(|(setting, zone)| {
            let problem = if account.is_empty() {
                match VatZone::from(zone) {
                    VatZone::Other(other) => format!(
                        "`{other}` is not a Rackbeat VAT zone (domestic, eu, abroad, domestic_exempt)"
                    ),
                    _ => return None,
                }
            } else if known.contains(&zone) {
                return None;
            } else {
                format!(
                    "`{zone}` is not a VAT zone this Rackbeat account knows ({})",
                    account.describe()
                )
            };
            Some((setting, problem))
        })
        .collect()
}

/// The probe's finding on the settings' zones: unknown when the account shows none,
/// confirmed when it knows every one, refuted (naming the unknown ones) otherwise; with the
/// evidence.
pub fn zones_finding(settings: &Settings, account: &AccountZones) -> (Verdict, String) {
    let wanted = settings_zones(settings);
    let names: Vec<&str> = wanted.iter().map(|(_, z)| z.as_str()).collect();
    if account.is_empty() {
        return (
            Verdict::Unknown,
            format!(
                "the settings use {}; the account shows no zone ({})",
                names.join(", "),
                account.describe()
            ),
        );
    }
    let known = account.known();
    let unknown: Vec<String> = wanted
        .iter()
        .filter(|(_, z)| !known.contains(z))
        .map(|(setting, z)| format!("{setting} = {z:?}"))
        .collect();
    if unknown.is_empty() {
        (
            Verdict::Confirmed,
            format!(
                "the settings use {}; {}",
                names.join(", "),
                account.describe()
            ),
        )
    } else {
        (
            Verdict::Refuted,
            format!(
                "the account does not know {}; {}",
                unknown.join(", "),
                account.describe()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{LineVat, VatZoneRule};

    fn account() -> AccountZones {
        let group = product_group();
        let mut zones = AccountZones::default();
        zones.add_group(&group);
        zones.add_in_use(["domestic_exempt", " ", ""]);
        zones
    }

    /// `{"number": 1, "vat_domestic": 25, "vat_eu": 25, "vat_abroad": null, "vat_se": "25.00",
    /// "vat_note": "not a rate"}`.
    fn product_group() -> ProductGroup {
        let mut group = ProductGroup {
            number: 1,
            vat_domestic: Some(Decimal::from(25)),
            vat_eu: Some(Decimal::from(25)),
            ..ProductGroup::default()
        };
        group.extra.insert("vat_se".into(), "25.00".into());
        group.extra.insert("vat_note".into(), "not a rate".into());
        group
    }

    #[test]
    fn zones_come_from_group_fields_and_from_use() {
        let zones = account();
        assert_eq!(
            zones.known().into_iter().collect::<Vec<_>>(),
            ["domestic", "domestic_exempt", "eu", "se"]
        );
        assert_eq!(
            zones.describe(),
            "1 product group(s) carry VAT for domestic, eu, se; customers and orders use domestic_exempt"
        );
    }

    fn settings(zone: &str, rule_zone: &str) -> Settings {
        let mut settings = Settings {
            vat_zone: zone.into(),
            ..Settings::default()
        };
        settings.vat_zone_rules = vec![VatZoneRule::new(rule_zone, LineVat::ProductGroup)];
        settings
    }

    #[test]
    fn a_zone_outside_the_account_is_a_problem_and_refutes_the_finding() {
        let s = settings("domestic", " no ");
        let problems = zone_problems(&s, &account());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "vat_zone_rules[0].vat_zone");
        assert!(
            problems[0]
                .1
                .starts_with("`no` is not a VAT zone this Rackbeat account knows (1 product group"),
            "{problems:?}"
        );
        let (verdict, evidence) = zones_finding(&s, &account());
        assert_eq!(verdict, Verdict::Refuted);
        assert!(
            evidence.starts_with("the account does not know vat_zone_rules[0].vat_zone = \"no\"; "),
            "{evidence}"
        );
        let known = settings("domestic", "se");
        assert!(zone_problems(&known, &account()).is_empty());
        assert_eq!(zones_finding(&known, &account()).0, Verdict::Confirmed);
    }

    #[test]
    fn an_account_showing_no_zone_accepts_the_documented_four_only() {
        let empty = AccountZones::default();
        let s = settings("eu", "se");
        let problems = zone_problems(&s, &empty);
        assert_eq!(
            problems,
            [(
                "vat_zone_rules[0].vat_zone".to_owned(),
                "`se` is not a Rackbeat VAT zone (domestic, eu, abroad, domestic_exempt)"
                    .to_owned()
            )]
        );
        assert_eq!(zones_finding(&s, &empty).0, Verdict::Unknown);
    }
}
