//! Facts about one pair of accounts that no document settles, as the probe established them.
//!
//! Duplicate protection and booked totals rest on how the real Rackbeat account treats a few
//! fields (does a draft keep `other_reference`? is `line_price` net per unit?). The engine's
//! probe (`sync probe`, `Integration::probe`) checks each [`Assumption`] against the accounts
//! and records a [`Finding`]; the transfer machine (`crate::transfer`) and the other
//! planners read them through [`AccountFacts`] and take the path that is safe under every
//! reading the facts leave open.
//!
//! Pure data: the probe's I/O lives in the engine; this module only names the facts and
//! answers what follows from them.

mod line_price;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use line_price::{
    LinePriceReading, PricedLine, Totals, matching_readings, net_per_unit_verdict, totals_under,
};

/// A load-bearing assumption about one of the two services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Assumption {
    /// A Rackbeat draft order keeps `other_reference` as sent and returns it when read.
    ReferenceKept,
    /// `GET /orders?search=<reference>` finds the order by its `other_reference`.
    ReferenceSearchable,
    /// A Rackbeat draft order keeps `heading` as sent and returns it (the second key: the
    /// heading carries the reference too).
    HeadingKept,
    /// `line_price` is a net (VAT-exclusive) price per unit, beside `vat_percentage`.
    LinePriceNetPerUnit,
    /// The VAT-zone values the settings use (`domestic`, `eu`, `abroad`, `domestic_exempt`)
    /// are known to the account.
    VatZones,
    /// Available stock per location is readable from an endpoint that reports the available
    /// (not on-hand) quantity.
    AvailableStockPerLocation,
    /// Rackbeat webhooks carry `key_name: "number"` (otherwise they are keyed by `id`).
    WebhookKeyedByNumber,
    /// A new Rackbeat customer takes `customer_group_id`.
    CustomerGroupField,
    /// SmartWeb applies the `*_SetFields` projections the client asks for.
    SmartWebProjections,
    /// SmartWeb answers in the configured language.
    SmartWebLanguage,
    /// SmartWeb filters orders by created and by updated date.
    SmartWebOrderFilters,
    /// The shop's price basis (`product_prices_with_vat`) is readable.
    SmartWebPriceBasis,
}

impl Assumption {
    /// Every assumption, in report order.
    pub const ALL: [Assumption; 12] = [
        Assumption::ReferenceKept,
        Assumption::ReferenceSearchable,
        Assumption::HeadingKept,
        Assumption::LinePriceNetPerUnit,
        Assumption::VatZones,
        Assumption::AvailableStockPerLocation,
        Assumption::WebhookKeyedByNumber,
        Assumption::CustomerGroupField,
        Assumption::SmartWebProjections,
        Assumption::SmartWebLanguage,
        Assumption::SmartWebOrderFilters,
        Assumption::SmartWebPriceBasis,
    ];

    /// The stable name used in reports, JSON and the state store.
    pub fn name(self) -> &'static str {
        match self {
            Assumption::ReferenceKept => "reference_kept",
            Assumption::ReferenceSearchable => "reference_searchable",
            Assumption::HeadingKept => "heading_kept",
            Assumption::LinePriceNetPerUnit => "line_price_net_per_unit",
            Assumption::VatZones => "vat_zones",
            Assumption::AvailableStockPerLocation => "available_stock_per_location",
            Assumption::WebhookKeyedByNumber => "webhook_keyed_by_number",
            Assumption::CustomerGroupField => "customer_group_field",
            Assumption::SmartWebProjections => "smartweb_projections",
            Assumption::SmartWebLanguage => "smartweb_language",
            Assumption::SmartWebOrderFilters => "smartweb_order_filters",
            Assumption::SmartWebPriceBasis => "smartweb_price_basis",
        }
    }

    /// The assumption with this [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the probe concluded about one assumption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Seen to hold on this account.
    Confirmed,
    /// Seen not to hold on this account.
    Refuted,
    /// Not checked yet, or the evidence did not settle it.
    #[default]
    Unknown,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 3] = [Verdict::Confirmed, Verdict::Refuted, Verdict::Unknown];

    /// The stable name used in reports, JSON and the state store.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Refuted => "refuted",
            Verdict::Unknown => "unknown",
        }
    }

    /// The verdict with this [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One assumption's verdict, with the evidence (the field and value seen) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The assumption checked.
    pub assumption: Assumption,
    /// What the evidence says.
    pub verdict: Verdict,
    /// The field and value seen, or why nothing settled it.
    pub evidence: String,
    /// When it was checked.
    pub checked_at: DateTime<Utc>,
}

impl Finding {
    /// A finding checked at `checked_at`.
    pub fn new(
        assumption: Assumption,
        verdict: Verdict,
        evidence: impl Into<String>,
        checked_at: DateTime<Utc>,
    ) -> Self {
        Self {
            assumption,
            verdict,
            evidence: evidence.into(),
            checked_at,
        }
    }
}

/// How a Rackbeat order is recognised as the transfer of one SmartWeb order, so that a lost
/// create answer can be recovered instead of creating the order again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKey {
    /// `other_reference`, confirmed kept and searchable.
    OtherReference,
    /// `other_reference` is kept but `search` does not find it: recent orders are listed and
    /// matched on it.
    OtherReferenceListed,
    /// `other_reference` is refuted or unknown, `heading` (which carries the reference) is
    /// confirmed kept: recent orders are listed and matched on the heading.
    Heading,
}

/// Everything known about one account pair: the latest finding per assumption.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountFacts {
    findings: BTreeMap<Assumption, Finding>,
}

impl AccountFacts {
    /// No facts: every assumption unknown.
    pub fn new() -> Self {
        Self::default()
    }

    /// Facts from findings; a later finding for the same assumption replaces an earlier one.
    pub fn from_findings(findings: impl IntoIterator<Item = Finding>) -> Self {
        let mut facts = Self::default();
        for finding in findings {
            facts.record(finding);
        }
        facts
    }

    /// Records a finding, replacing an older one for the same assumption (an older finding
    /// never replaces a newer one).
    pub fn record(&mut self, finding: Finding) {
        match self.findings.get(&finding.assumption) {
            Some(known) if known.checked_at > finding.checked_at => {}
            _ => {
                self.findings.insert(finding.assumption, finding);
            }
        }
    }

    /// The finding for `assumption`, if it was checked.
    pub fn finding(&self, assumption: Assumption) -> Option<&Finding> {
        self.findings.get(&assumption)
    }

    /// The verdict for `assumption` ([`Verdict::Unknown`] when never checked).
    pub fn verdict(&self, assumption: Assumption) -> Verdict {
        self.findings
            .get(&assumption)
            .map_or(Verdict::Unknown, |f| f.verdict)
    }

    /// Whether `assumption` was confirmed.
    pub fn confirmed(&self, assumption: Assumption) -> bool {
        self.verdict(assumption) == Verdict::Confirmed
    }

    /// Every finding, in [`Assumption`] order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.values()
    }

    /// The key a lost create is recovered by, or `None` when no key is confirmed: then no
    /// order may be written whose lost answer could not be recovered.
    pub fn duplicate_key(&self) -> Option<DuplicateKey> {
        if self.confirmed(Assumption::ReferenceKept) {
            if self.confirmed(Assumption::ReferenceSearchable) {
                Some(DuplicateKey::OtherReference)
            } else {
                Some(DuplicateKey::OtherReferenceListed)
            }
        } else if self.confirmed(Assumption::HeadingKept) {
            Some(DuplicateKey::Heading)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for a in Assumption::ALL {
            assert_eq!(Assumption::from_name(a.name()), Some(a));
        }
        assert_eq!(Assumption::from_name("nope"), None);
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_name(v.name()), Some(v));
            assert_eq!(v.to_string(), v.name());
        }
        assert_eq!(Verdict::from_name("maybe"), None);
    }

    #[test]
    fn newer_finding_wins_and_older_is_ignored() {
        let mut facts = AccountFacts::new();
        facts.record(Finding::new(
            Assumption::ReferenceKept,
            Verdict::Confirmed,
            "a",
            at(2),
        ));
        facts.record(Finding::new(
            Assumption::ReferenceKept,
            Verdict::Refuted,
            "b",
            at(1),
        ));
        assert_eq!(facts.verdict(Assumption::ReferenceKept), Verdict::Confirmed);
        facts.record(Finding::new(
            Assumption::ReferenceKept,
            Verdict::Refuted,
            "c",
            at(3),
        ));
        assert_eq!(facts.verdict(Assumption::ReferenceKept), Verdict::Refuted);
    }

    #[test]
    fn duplicate_key_prefers_reference_then_heading() {
        let mut facts = AccountFacts::new();
        assert_eq!(facts.duplicate_key(), None);
        facts.record(Finding::new(
            Assumption::HeadingKept,
            Verdict::Confirmed,
            "",
            at(1),
        ));
        assert_eq!(facts.duplicate_key(), Some(DuplicateKey::Heading));
        facts.record(Finding::new(
            Assumption::ReferenceKept,
            Verdict::Confirmed,
            "",
            at(1),
        ));
        assert_eq!(
            facts.duplicate_key(),
            Some(DuplicateKey::OtherReferenceListed)
        );
        facts.record(Finding::new(
            Assumption::ReferenceSearchable,
            Verdict::Confirmed,
            "",
            at(1),
        ));
        assert_eq!(facts.duplicate_key(), Some(DuplicateKey::OtherReference));
    }
}
