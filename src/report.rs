//! Typed job reports: what a job created, updated, skipped and failed (and why), how many API
//! calls it made per system, and how long it took. Serialisable to JSON (snake_case, stable)
//! and printable as a plain-text table ([`JobReport`]'s `Display`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sync_core::facts::Finding;

/// Which job produced a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum JobKind {
    /// Orders created or updated in a window.
    ImportOrders,
    /// One order by number (the hosted app's "GET" button).
    ImportOrder,
    /// Products in the direction of `product_source`.
    SyncProducts,
    /// Stock from Rackbeat to SmartWeb.
    SyncStock,
    /// The settings check.
    CheckSettings,
    /// Status and tracking written back to SmartWeb for shipped orders.
    WriteBack,
    /// A SmartWeb webhook delivery.
    SmartwebWebhook,
    /// A Rackbeat webhook delivery.
    RackbeatWebhook,
    /// Webhook registration in both systems (`register_webhooks`).
    RegisterWebhooks,
    /// The webhooks registered in both systems (`list_webhooks`).
    ListWebhooks,
    /// Our webhooks removed from both systems (`remove_webhooks`).
    RemoveWebhooks,
    /// The account probe (`sync probe`): what the accounts confirm or refute.
    Probe,
}

impl JobKind {
    /// The snake_case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ImportOrders => "import_orders",
            Self::ImportOrder => "import_order",
            Self::SyncProducts => "sync_products",
            Self::SyncStock => "sync_stock",
            Self::CheckSettings => "check_settings",
            Self::WriteBack => "write_back",
            Self::SmartwebWebhook => "smartweb_webhook",
            Self::RackbeatWebhook => "rackbeat_webhook",
            Self::RegisterWebhooks => "register_webhooks",
            Self::ListWebhooks => "list_webhooks",
            Self::RemoveWebhooks => "remove_webhooks",
            Self::Probe => "probe",
        }
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of item an outcome or failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ItemKind {
    /// A SmartWeb order / Rackbeat order.
    Order,
    /// A customer.
    Customer,
    /// A product.
    Product,
    /// A product variant.
    Variant,
    /// A stock figure.
    Stock,
    /// A webhook delivery or registration.
    Webhook,
    /// A setting (in the settings check).
    Setting,
    /// A shipment written back to SmartWeb.
    Shipment,
    /// A load-bearing assumption about an account (the probe).
    Assumption,
}

impl ItemKind {
    /// Every kind, in order.
    pub const ALL: [ItemKind; 9] = [
        Self::Order,
        Self::Customer,
        Self::Product,
        Self::Variant,
        Self::Stock,
        Self::Webhook,
        Self::Setting,
        Self::Shipment,
        Self::Assumption,
    ];

    /// The snake_case name, as in JSON and in the state store.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Customer => "customer",
            Self::Product => "product",
            Self::Variant => "variant",
            Self::Stock => "stock",
            Self::Webhook => "webhook",
            Self::Setting => "setting",
            Self::Shipment => "shipment",
            Self::Assumption => "assumption",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an [`ItemKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown item kind {0:?}")]
pub struct UnknownItemKind(pub String);

impl FromStr for ItemKind {
    type Err = UnknownItemKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownItemKind(s.to_owned()))
    }
}

/// One item's outcome: which item, and a detail (what was done, or why it was skipped or
/// failed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    /// The kind of item.
    pub kind: ItemKind,
    /// Its key (SmartWeb order id, item number, setting name…).
    pub key: String,
    /// What happened, or the reason.
    pub detail: String,
}

impl ItemOutcome {
    /// An outcome.
    pub fn new(kind: ItemKind, key: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind,
            key: key.into(),
            detail: detail.into(),
        }
    }
}

/// API calls made to one system: a total and a count per operation (SmartWeb) or endpoint
/// (Rackbeat, e.g. `"POST /orders"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemCalls {
    /// All calls.
    pub total: u64,
    /// Calls per operation or endpoint.
    pub by_operation: BTreeMap<String, u64>,
}

impl SystemCalls {
    /// Counts `n` calls of `operation`.
    pub fn record(&mut self, operation: &str, n: u64) {
        self.total = self.total.saturating_add(n);
        let count = self.by_operation.entry(operation.to_owned()).or_insert(0);
        *count = count.saturating_add(n);
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &SystemCalls) {
        for (operation, n) in &other.by_operation {
            self.record(operation, *n);
        }
        // Calls counted in a total without an operation still count.
        let unattributed = other
            .total
            .saturating_sub(other.by_operation.values().copied().sum::<u64>());
        self.total = self.total.saturating_add(unattributed);
    }
}

/// API calls per system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCalls {
    /// Calls to the SmartWeb SOAP (and GraphQL) API, by operation name.
    pub smartweb: SystemCalls,
    /// Calls to the Rackbeat REST API, by endpoint.
    pub rackbeat: SystemCalls,
}

impl ApiCalls {
    /// Counts one SmartWeb call.
    pub fn record_smartweb(&mut self, operation: &str) {
        self.smartweb.record(operation, 1);
    }

    /// Counts one Rackbeat call.
    pub fn record_rackbeat(&mut self, endpoint: &str) {
        self.rackbeat.record(endpoint, 1);
    }

    /// All calls to both systems.
    pub fn total(&self) -> u64 {
        self.smartweb.total.saturating_add(self.rackbeat.total)
    }

    /// Adds another count to this one.
    pub fn merge(&mut self, other: &ApiCalls) {
        self.smartweb.merge(&other.smartweb);
        self.rackbeat.merge(&other.rackbeat);
    }
}

/// What one job run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobReport {
    /// The job.
    pub job: JobKind,
    /// Whether this was a dry run (planned and reported, nothing written). In a dry run
    /// `created` and `updated` list what *would* be done.
    pub dry_run: bool,
    /// When the job started.
    pub started_at: DateTime<Utc>,
    /// When the job finished (equal to `started_at` until [`finish`](Self::finish)).
    pub finished_at: DateTime<Utc>,
    /// `finished_at - started_at` in milliseconds.
    pub duration_ms: u64,
    /// Items created.
    pub created: Vec<ItemOutcome>,
    /// Items updated.
    pub updated: Vec<ItemOutcome>,
    /// Items left alone, with the reason.
    pub skipped: Vec<ItemOutcome>,
    /// Items that failed, with the reason.
    pub failed: Vec<ItemOutcome>,
    /// API calls made.
    pub api_calls: ApiCalls,
    /// Things worth a look that are not failures.
    pub warnings: Vec<String>,
    /// Set when a system refused our credentials (SmartWeb `AUTH` after a fresh login,
    /// Rackbeat 401/403): nothing will work until the configuration is fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_error: Option<String>,
    /// What is known about the accounts' load-bearing assumptions, each with its verdict,
    /// evidence and time (the probe's findings; `check` shows the stored ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

impl JobReport {
    /// An empty report for a job starting at `started_at`.
    pub fn new(job: JobKind, dry_run: bool, started_at: DateTime<Utc>) -> Self {
        Self {
            job,
            dry_run,
            started_at,
            finished_at: started_at,
            duration_ms: 0,
            created: Vec::new(),
            updated: Vec::new(),
            skipped: Vec::new(),
            failed: Vec::new(),
            api_calls: ApiCalls::default(),
            warnings: Vec::new(),
            credential_error: None,
            findings: Vec::new(),
        }
    }

    /// Records a created item.
    pub fn created(&mut self, kind: ItemKind, key: impl Into<String>, detail: impl Into<String>) {
        self.created.push(ItemOutcome::new(kind, key, detail));
    }

    /// Records an updated item.
    pub fn updated(&mut self, kind: ItemKind, key: impl Into<String>, detail: impl Into<String>) {
        self.updated.push(ItemOutcome::new(kind, key, detail));
    }

    /// Records a skipped item and why.
    pub fn skipped(&mut self, kind: ItemKind, key: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(ItemOutcome::new(kind, key, reason));
    }

    /// Records a failed item and why.
    pub fn failed(&mut self, kind: ItemKind, key: impl Into<String>, reason: impl Into<String>) {
        self.failed.push(ItemOutcome::new(kind, key, reason));
    }

    /// Records a warning.
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// Sets the finish time and the duration (0 if the clock went backwards).
    pub fn finish(&mut self, finished_at: DateTime<Utc>) {
        self.finished_at = finished_at;
        self.duration_ms =
            u64::try_from((finished_at - self.started_at).num_milliseconds()).unwrap_or(0);
    }

    /// Appends another report's items, calls and warnings (e.g. a sub-job's); keeps this
    /// report's job, dry-run flag and times.
    pub fn absorb(&mut self, other: JobReport) {
        self.created.extend(other.created);
        self.updated.extend(other.updated);
        self.skipped.extend(other.skipped);
        self.failed.extend(other.failed);
        self.api_calls.merge(&other.api_calls);
        self.warnings.extend(other.warnings);
        self.findings.extend(other.findings);
        if self.credential_error.is_none() {
            self.credential_error = other.credential_error;
        }
    }

    /// Whether any item failed.
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }

    /// Whether the job created or updated anything.
    pub fn has_changes(&self) -> bool {
        !self.created.is_empty() || !self.updated.is_empty()
    }

    /// One line: job, counts, calls and duration.
    pub fn summary(&self) -> String {
        format!(
            "{}{}: created {}, updated {}, skipped {}, failed {}; API calls: SmartWeb {}, Rackbeat {}; {} ms",
            self.job,
            if self.dry_run { " (dry run)" } else { "" },
            self.created.len(),
            self.updated.len(),
            self.skipped.len(),
            self.failed.len(),
            self.api_calls.smartweb.total,
            self.api_calls.rackbeat.total,
            self.duration_ms,
        )
    }

    /// The report as a plain-text table (the same text as `Display`).
    pub fn render_table(&self) -> String {
        self.to_string()
    }
}

/// Replaces line breaks and tabs so one item stays on one table row.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes rows as left-aligned columns separated by two spaces (widths in characters).
fn write_table(f: &mut fmt::Formatter<'_>, rows: &[Vec<String>]) -> fmt::Result {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count();
            match widths.get_mut(i) {
                Some(max) => *max = (*max).max(w),
                None => widths.push(w),
            }
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

impl fmt::Display for JobReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary())?;
        writeln!(
            f,
            "started {}  finished {}",
            self.started_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            self.finished_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )?;
        let sections = [
            ("created", &self.created),
            ("updated", &self.updated),
            ("skipped", &self.skipped),
            ("failed", &self.failed),
        ];
        let mut rows = vec![vec![
            "OUTCOME".to_owned(),
            "KIND".to_owned(),
            "KEY".to_owned(),
            "DETAIL".to_owned(),
        ]];
        for (label, items) in sections {
            for item in items {
                rows.push(vec![
                    label.to_owned(),
                    item.kind.to_string(),
                    one_line(&item.key),
                    one_line(&item.detail),
                ]);
            }
        }
        if rows.len() > 1 {
            writeln!(f)?;
            write_table(f, &rows)?;
        }
        let mut calls = vec![vec![
            "SYSTEM".to_owned(),
            "OPERATION".to_owned(),
            "CALLS".to_owned(),
        ]];
        for (system, counts) in [
            ("smartweb", &self.api_calls.smartweb),
            ("rackbeat", &self.api_calls.rackbeat),
        ] {
            for (operation, n) in &counts.by_operation {
                calls.push(vec![system.to_owned(), one_line(operation), n.to_string()]);
            }
        }
        if calls.len() > 1 {
            writeln!(f)?;
            write_table(f, &calls)?;
        }
        if !self.findings.is_empty() {
            let mut facts = vec![vec![
                "ASSUMPTION".to_owned(),
                "VERDICT".to_owned(),
                "CHECKED".to_owned(),
                "EVIDENCE".to_owned(),
            ]];
            for finding in &self.findings {
                facts.push(vec![
                    finding.assumption.name().to_owned(),
                    finding.verdict.name().to_owned(),
                    finding
                        .checked_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    one_line(&finding.evidence),
                ]);
            }
            writeln!(f)?;
            write_table(f, &facts)?;
        }
        if !self.warnings.is_empty() {
            writeln!(f)?;
            writeln!(f, "WARNINGS")?;
            for warning in &self.warnings {
                writeln!(f, "- {}", one_line(warning))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    fn sample() -> JobReport {
        let mut r = JobReport::new(JobKind::ImportOrders, false, t(0));
        r.created(ItemKind::Order, "1001", "Rackbeat order 5001");
        r.skipped(
            ItemKind::Order,
            "1002",
            "already linked to Rackbeat order 5000",
        );
        r.failed(ItemKind::Order, "1003", "unknown VAT rate\non line 3");
        r.api_calls.record_smartweb("Order_GetByDateUpdated");
        r.api_calls.record_smartweb("Order_GetByDateUpdated");
        r.api_calls.record_rackbeat("POST /orders");
        r.warn("cursor moved back by an operator");
        r.finish(t(2));
        r
    }

    #[test]
    fn json_is_snake_case_and_round_trips() {
        let r = sample();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["job"], "import_orders");
        assert_eq!(json["dry_run"], false);
        assert_eq!(json["duration_ms"], 2000);
        assert_eq!(json["created"][0]["kind"], "order");
        assert_eq!(json["failed"][0]["key"], "1003");
        assert_eq!(json["api_calls"]["smartweb"]["total"], 2);
        assert_eq!(
            json["api_calls"]["smartweb"]["by_operation"]["Order_GetByDateUpdated"],
            2
        );
        assert_eq!(
            json["api_calls"]["rackbeat"]["by_operation"]["POST /orders"],
            1
        );
        let back: JobReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn helpers_count_and_flag() {
        let r = sample();
        assert!(r.has_failures());
        assert!(r.has_changes());
        assert_eq!(r.api_calls.total(), 3);
        let empty = JobReport::new(JobKind::SyncStock, true, t(0));
        assert!(!empty.has_failures());
        assert!(!empty.has_changes());
    }

    #[test]
    fn table_lists_every_item_on_one_row() {
        let text = sample().render_table();
        assert!(text.starts_with("import_orders: created 1, updated 0, skipped 1, failed 1"));
        assert!(
            text.contains("failed   order  1003  unknown VAT rate on line 3"),
            "{text}"
        );
        assert!(
            text.contains("created  order  1001  Rackbeat order 5001"),
            "{text}"
        );
        assert!(
            text.contains("smartweb  Order_GetByDateUpdated  2"),
            "{text}"
        );
        assert!(text.contains("- cursor moved back by an operator"));
        let dry = JobReport::new(JobKind::SyncProducts, true, t(0)).to_string();
        assert!(dry.starts_with("sync_products (dry run): created 0"));
        assert!(!dry.contains("OUTCOME"), "no empty table: {dry}");
    }

    #[test]
    fn findings_show_as_a_table_and_in_json() {
        use sync_core::facts::{Assumption, Finding, Verdict};
        let mut r = JobReport::new(JobKind::Probe, false, t(0));
        let plain = serde_json::to_value(&r).unwrap();
        assert!(plain.get("findings").is_none(), "left out when empty");
        r.findings.push(Finding::new(
            Assumption::ReferenceKept,
            Verdict::Refuted,
            "order 12 reads back\nno other_reference",
            t(0),
        ));
        let text = r.render_table();
        assert!(text.starts_with("probe: created 0"), "{text}");
        let row = text
            .lines()
            .find(|l| l.starts_with("reference_kept"))
            .unwrap();
        assert!(row.contains("refuted"), "{row}");
        assert!(
            row.ends_with("order 12 reads back no other_reference"),
            "{row}"
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["job"], "probe");
        assert_eq!(json["findings"][0]["assumption"], "reference_kept");
        assert_eq!(json["findings"][0]["verdict"], "refuted");
        let back: JobReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn absorb_merges_items_and_calls() {
        let mut a = JobReport::new(JobKind::ImportOrders, false, t(0));
        a.api_calls.record_rackbeat("GET /orders");
        a.absorb(sample());
        assert_eq!(a.created.len(), 1);
        assert_eq!(a.api_calls.rackbeat.total, 2);
        assert_eq!(a.api_calls.rackbeat.by_operation["POST /orders"], 1);
        assert_eq!(a.job, JobKind::ImportOrders);
    }

    #[test]
    fn item_kinds_round_trip_as_text() {
        for kind in ItemKind::ALL {
            assert_eq!(kind.as_str().parse::<ItemKind>().unwrap(), kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
        assert!("nope".parse::<ItemKind>().is_err());
    }
}
