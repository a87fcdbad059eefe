//! The records a [`StateStore`](super::StateStore) keeps.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::report::ItemKind;

/// Longest failure reason kept, in characters; longer reasons are cut (a server body can be big).
pub const MAX_REASON_CHARS: usize = 2000;

/// A SmartWeb order that has become a Rackbeat order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLink {
    /// The SmartWeb order id (as text, so any id form fits).
    pub order_id: String,
    /// The Rackbeat order number.
    pub rackbeat_number: u64,
    /// The reference written on the Rackbeat order that names the SmartWeb order; used to find
    /// the order again in Rackbeat after a crash.
    pub reference: String,
    /// Whether the Rackbeat order has been booked (not just a draft).
    pub booked: bool,
    /// When the link was first recorded. Stores keep the first value on later writes.
    pub created_at: DateTime<Utc>,
    /// When the link was last written.
    pub updated_at: DateTime<Utc>,
}

impl OrderLink {
    /// A new link, created and updated at `now`.
    pub fn new(
        order_id: impl Into<String>,
        rackbeat_number: u64,
        reference: impl Into<String>,
        booked: bool,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            order_id: order_id.into(),
            rackbeat_number,
            reference: reference.into(),
            booked,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Identifies one successful claim of an intent. Every call to
/// [`begin_intent`](super::StateStore::begin_intent) that claims gets a fresh token, so two
/// claims in one process (a webhook and a cron run) never mistake each other for themselves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimToken(pub String);

impl ClaimToken {
    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A write-ahead intent: "this SmartWeb order is being turned into a Rackbeat order".
///
/// It exists from the first claim until [`complete_intent`](super::StateStore::complete_intent)
/// records the link. While it exists, a Rackbeat order with [`reference`](Self::reference)
/// *may* exist, so whoever resumes it ([`is_resumed`](Self::is_resumed)) must look the
/// reference up in Rackbeat before creating anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    /// The SmartWeb order id.
    pub order_id: String,
    /// The reference given on the first claim; later claims keep it, because it may already be
    /// on a Rackbeat order.
    pub reference: String,
    /// The current holder's claim, `None` once released.
    pub owner: Option<ClaimToken>,
    /// How many times the order has been claimed (1 on the first claim).
    pub attempt: u32,
    /// When the intent was first recorded.
    pub created_at: DateTime<Utc>,
    /// When the current (or last) holder claimed it.
    pub claimed_at: DateTime<Utc>,
    /// When the current lease ends; after it another worker may take the intent over.
    pub lease_until: DateTime<Utc>,
}

impl Intent {
    /// Whether nobody holds the intent at `now` (released, or the lease ran out).
    pub fn is_free(&self, now: DateTime<Utc>) -> bool {
        self.owner.is_none() || self.lease_until <= now
    }

    /// Whether an earlier attempt existed: the Rackbeat order may already have been created, so
    /// look [`reference`](Self::reference) up in Rackbeat before creating.
    pub fn is_resumed(&self) -> bool {
        self.attempt > 1
    }
}

/// The answer of [`begin_intent`](super::StateStore::begin_intent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "record")]
pub enum IntentOutcome {
    /// The order is already a Rackbeat order: nothing to do.
    AlreadyLinked(OrderLink),
    /// This caller now holds the order until the lease ends (or it completes or releases it).
    Claimed(Intent),
    /// Someone else holds a live lease on the order: leave it alone for now.
    HeldByOther(Intent),
}

/// An item that failed, kept so the next run retries it and reports can show why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// What kind of item failed.
    pub kind: ItemKind,
    /// Its key (order id, item number…).
    pub key: String,
    /// The latest reason, at most [`MAX_REASON_CHARS`] characters.
    pub reason: String,
    /// How many attempts have failed in a row.
    pub attempts: u32,
    /// When the first of these failures happened.
    pub first_failed_at: DateTime<Utc>,
    /// When the latest attempt failed.
    pub last_attempt_at: DateTime<Utc>,
}

/// Cuts a failure reason to [`MAX_REASON_CHARS`] characters.
pub(crate) fn bounded_reason(reason: &str) -> String {
    match reason.char_indices().nth(MAX_REASON_CHARS) {
        Some((cut, _)) => reason.get(..cut).unwrap_or(reason).to_owned(),
        None => reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reasons_are_cut_on_a_char_boundary() {
        let long = "æ".repeat(MAX_REASON_CHARS + 10);
        let cut = bounded_reason(&long);
        assert_eq!(cut.chars().count(), MAX_REASON_CHARS);
        assert_eq!(bounded_reason("short"), "short");
    }
}
