//! What the SQL stores (SQLite, PostgreSQL) share: the column lists their rows are read in
//! and the checked conversions between our numbers and the databases' signed integers.

use sync_core::facts::{Assumption, Finding, Verdict};

use super::StateError;
use crate::report::ItemKind;

/// `order_links` columns, in the order the row readers expect.
pub(super) const LINK_COLUMNS: &str =
    "order_id, rackbeat_number, reference, booked, created_at, updated_at";

/// `order_intents` columns, in the order the row readers expect.
pub(super) const INTENT_COLUMNS: &str =
    "order_id, reference, owner, attempt, created_at, claimed_at, lease_until";

/// `failures` columns, in the order the row readers expect.
pub(super) const FAILURE_COLUMNS: &str =
    "kind, key, reason, attempts, first_failed_at, last_attempt_at";

/// `findings` columns, in the order the row readers expect.
pub(super) const FINDING_COLUMNS: &str = "assumption, verdict, evidence, checked_at";

/// A stored finding from its columns; `None` for an assumption this build does not know
/// (stored by a newer build), which readers leave out.
pub(super) fn finding_from_sql(
    assumption: &str,
    verdict: &str,
    evidence: String,
    checked_at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Finding>, StateError> {
    let Some(assumption) = Assumption::from_name(assumption) else {
        return Ok(None);
    };
    let verdict = Verdict::from_name(verdict).ok_or_else(|| StateError::Corrupt {
        detail: format!("unknown verdict {verdict:?}"),
    })?;
    Ok(Some(Finding::new(
        assumption, verdict, evidence, checked_at,
    )))
}

/// Findings in [`Assumption`] order, as every store answers them.
pub(super) fn in_assumption_order(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| f.assumption);
    findings
}

/// A Rackbeat order number as a signed database integer.
pub(super) fn number_to_sql(n: u64) -> Result<i64, StateError> {
    i64::try_from(n).map_err(|_| StateError::InvalidInput {
        detail: format!("Rackbeat order number {n} is too large"),
    })
}

/// A stored Rackbeat order number (never negative when we wrote it).
pub(super) fn number_from_sql(n: i64) -> Result<u64, StateError> {
    u64::try_from(n).map_err(|_| StateError::Corrupt {
        detail: format!("negative Rackbeat order number {n}"),
    })
}

/// A stored count (attempts), whatever integer width the database gives.
pub(super) fn count_from_sql<N>(n: N) -> Result<u32, StateError>
where
    N: TryInto<u32> + std::fmt::Display + Copy,
{
    n.try_into().map_err(|_| StateError::Corrupt {
        detail: format!("count {n} is out of range"),
    })
}

/// A stored item kind (`order`, `product`, …).
pub(super) fn kind_from_sql(kind: &str) -> Result<ItemKind, StateError> {
    kind.parse().map_err(|_| StateError::Corrupt {
        detail: format!("unknown item kind {kind:?}"),
    })
}
