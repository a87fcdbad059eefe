//! The probe (`sync probe [--write]`, [`Integration::probe`]): what the two accounts confirm
//! or refute of the assumptions the engine stakes orders on (`sync_core::facts`).
//!
//! Read-only by default: it reads both accounts and concludes what their data shows (a linked
//! order's `other_reference`, the totals the server computed from its own lines, the VAT
//! fields of the product groups, …). With `write` it also makes a reversible round trip in
//! Rackbeat ([`round_trip`]): a probe customer and a draft order, read back, searched for,
//! their totals compared with ours, then deleted (and looked for again).
//!
//! Each assumption ends as a [`Finding`]: confirmed, refuted or unknown, with the field and
//! value seen. Findings are stored (not in a dry run) and shown by `check`. A finding that
//! settles nothing never hides a settled one: when the probe cannot tell this time (an empty
//! account, a read-only run after a write run), the stored verdict stays and is shown.
//! A refuted assumption is a failed item of the report (exit status 1); an unknown one is a
//! warning saying how to settle it.

mod rackbeat;
mod round_trip;
mod smartweb;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sync_core::facts::{AccountFacts, Assumption, Finding, Verdict};

use super::{Integration, bounded};
use crate::report::{ItemKind, JobKind, JobReport};

/// What [`Integration::probe`] does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Also make the reversible write round trip in Rackbeat (a probe customer and a draft
    /// order, deleted again).
    pub write: bool,
    /// The Rackbeat item number of the round trip's order line; default the setting
    /// `probe_item`. Read-only, it is also the item whose available stock is looked at.
    pub test_item: Option<String>,
}

/// The findings of one probe run, by assumption.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    at: DateTime<Utc>,
    found: BTreeMap<Assumption, Finding>,
}

impl Findings {
    fn new(at: DateTime<Utc>) -> Self {
        Self {
            at,
            found: BTreeMap::new(),
        }
    }

    /// Records a verdict checked now (replacing an earlier one of this run).
    pub(crate) fn set(&mut self, assumption: Assumption, verdict: Verdict, evidence: String) {
        self.found.insert(
            assumption,
            Finding::new(assumption, verdict, bounded(evidence), self.at),
        );
    }

    /// Records a verdict unless this run already settled the assumption: the round trip's
    /// own observation (made first) beats what the read-only pass infers.
    pub(crate) fn settle(&mut self, assumption: Assumption, verdict: Verdict, evidence: String) {
        let settled = self
            .found
            .get(&assumption)
            .is_some_and(|f| f.verdict != Verdict::Unknown);
        if !settled {
            self.set(assumption, verdict, evidence);
        }
    }

    /// The verdict of this run so far.
    pub(crate) fn verdict(&self, assumption: Assumption) -> Verdict {
        self.found
            .get(&assumption)
            .map_or(Verdict::Unknown, |f| f.verdict)
    }
}

impl Integration {
    /// Probes both accounts, one check per assumption the engine stakes orders on, and returns a report whose
    /// `findings` hold one verdict per assumption. Refuted assumptions are failed items;
    /// unknown ones are warnings. In a dry run nothing is written to Rackbeat or the state
    /// store (the round trip is skipped).
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run, write = options.write))]
    pub async fn probe(&self, options: ProbeOptions) -> JobReport {
        let mut run = self.start(JobKind::Probe);
        let report = &mut run.report;
        let mut findings = Findings::new(self.now());
        let stored = match self.account_facts().await {
            Ok(facts) => facts,
            Err(e) => {
                report.failed(
                    ItemKind::Assumption,
                    "state",
                    bounded(format!("could not read the stored findings: {e}")),
                );
                AccountFacts::new()
            }
        };
        let test_item = options
            .test_item
            .clone()
            .or_else(|| self.inner.settings.probe_item.clone())
            .filter(|i| !i.trim().is_empty());

        if options.write {
            match (&test_item, self.inner.dry_run) {
                (_, true) => report.warn(
                    "dry run: the write round trip is skipped (it creates and deletes a draft order)",
                ),
                (None, false) => report.failed(
                    ItemKind::Setting,
                    "probe_item",
                    "`probe --write` needs a Rackbeat item number for its draft order line: \
                     set `probe_item` in [settings] (any stocked item; the order is deleted again)",
                ),
                (Some(item), false) => {
                    round_trip::run(self, item, &mut findings, report).await;
                }
            }
        }
        rackbeat::check(self, test_item.as_deref(), &mut findings, report).await;
        smartweb::check(self, &mut findings, report).await;

        let shown = self.keep(findings, &stored, report).await;
        for finding in &shown {
            match finding.verdict {
                Verdict::Refuted => report.failed(
                    ItemKind::Assumption,
                    finding.assumption.name(),
                    format!("refuted: {}", finding.evidence),
                ),
                Verdict::Unknown => report.warn(format!(
                    "{} unknown: {}",
                    finding.assumption, finding.evidence
                )),
                Verdict::Confirmed => {}
            }
        }
        report.findings = shown;
        self.finish(run)
    }

    /// Stores this run's findings (not in a dry run) and returns what to show, one per
    /// assumption: this run's, or the stored one where this run settled nothing.
    async fn keep(
        &self,
        findings: Findings,
        stored: &AccountFacts,
        report: &mut JobReport,
    ) -> Vec<Finding> {
        let mut shown = Vec::with_capacity(Assumption::ALL.len());
        for assumption in Assumption::ALL {
            let new = findings.found.get(&assumption);
            let old = stored.finding(assumption);
            let keep_old = old.is_some_and(|o| o.verdict != Verdict::Unknown)
                && new.is_none_or(|n| n.verdict == Verdict::Unknown);
            let finding = match (keep_old, old, new) {
                (true, Some(old), _) => old.clone(),
                (_, _, Some(new)) => {
                    if !self.inner.dry_run
                        && let Err(e) = self.inner.store.put_finding(new).await
                    {
                        report.failed(
                            ItemKind::Assumption,
                            assumption.name(),
                            bounded(format!("could not store the finding: {e}")),
                        );
                    }
                    new.clone()
                }
                (_, Some(old), None) => old.clone(),
                (_, None, None) => {
                    Finding::new(assumption, Verdict::Unknown, "not checked", findings.at)
                }
            };
            shown.push(finding);
        }
        shown
    }
}
