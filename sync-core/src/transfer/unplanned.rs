//! What becomes of an order before (or instead of) its transfer: linked already, skipped by the
//! mapping, unmappable, or planned in a dry run. The words and what to record are decided here,
//! like the transfer's own.

use super::io::{Verdict, VerdictKind};
use super::wording as say;
use crate::order::{MappingError, SkipReason, TransferPlan};

/// An order the mapping did not plan to transfer: how to report it and what to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplanned {
    /// The report line (its `settled` says whether recording is needed for it to hold).
    pub verdict: Verdict,
    /// Record the order as failed with this reason, so the next run retries it by id.
    pub record_failure: Option<String>,
    /// Forget an earlier failure: the order is no longer owed a transfer.
    pub forget_failure: bool,
}

fn verdict(kind: VerdictKind, detail: String) -> Verdict {
    Verdict {
        kind,
        number: None,
        booked: false,
        detail,
        warnings: Vec::new(),
        settled: true,
    }
}

impl Verdict {
    /// An order the state store links to Rackbeat order `number` already.
    #[must_use]
    pub fn already_linked(number: u64) -> Self {
        Self {
            number: Some(number),
            ..verdict(VerdictKind::AlreadyLinked, say::already_linked(number))
        }
    }
}

/// A mapped order that is not to be transferred.
///
/// One that failed before and has since left the imported statuses (cancelled, say) is no
/// longer owed a transfer: its failure is forgotten, so it is not retried. A skip because of a
/// setting keeps the failure, as the setting may be turned back.
#[must_use]
pub fn skipped(reason: &SkipReason) -> Unplanned {
    Unplanned {
        verdict: verdict(VerdictKind::Skipped, reason.to_string()),
        record_failure: None,
        forget_failure: matches!(reason, SkipReason::StatusNotImported { .. }),
    }
}

/// An order that cannot be mapped: failed, and retried by id until it can.
#[must_use]
pub fn unmappable(error: &MappingError) -> Unplanned {
    let reason = format!("cannot be mapped: {error}");
    Unplanned {
        verdict: verdict(VerdictKind::Failed, reason.clone()),
        record_failure: Some(reason),
        forget_failure: false,
    }
}

/// What a dry run reports for a planned order.
#[must_use]
pub fn dry_run(plan: &TransferPlan) -> Verdict {
    let verb = if plan.book {
        "book"
    } else {
        "leave as a draft"
    };
    verdict(
        VerdictKind::Created,
        format!(
            "would create a Rackbeat order {} with {} lines (net {}) and {verb} it",
            plan.order.other_reference,
            plan.order.lines.len(),
            plan.totals.planned_net
        ),
    )
}
