//! What the transfer machine asks the engine to do ([`Action`]), what the engine answers
//! ([`Outcome`]), and how an order's transfer ends ([`Verdict`]).

use chrono::{DateTime, Utc};

use super::key::SeenOrder;
use crate::facts::Finding;

/// The next thing to do for one order. The engine performs it and answers with an
/// [`Outcome`] (see each variant), or stops: a process that dies between two actions is
/// exactly what the machine is built to survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Claim the order in the state store until `lease_until` (`begin_intent`). Answer
    /// [`Outcome::Claimed`], [`Outcome::Linked`], [`Outcome::Held`] or [`Outcome::Failed`].
    Claim {
        /// The claim's lease end.
        lease_until: DateTime<Utc>,
    },
    /// Claim the account's reference check, the one create allowed in flight on an account
    /// whose duplicate key is not confirmed (an intent under [`REFERENCE_CHECK`]). Answers as
    /// for [`Action::Claim`].
    ClaimCheck {
        /// The claim's lease end.
        lease_until: DateTime<Utc>,
    },
    /// Extend the order claim to `lease_until` before creating: the claim then outlives any
    /// write Rackbeat accepted (`renew_intent`). Answer [`Outcome::Done`], [`Outcome::Refused`]
    /// (someone else holds it now) or [`Outcome::Failed`].
    Extend {
        /// The new lease end.
        lease_until: DateTime<Utc>,
    },
    /// Find the Rackbeat orders carrying `reference` (by `other_reference` or heading marker)
    /// among those created since `since`. Answer [`Outcome::Found`] or [`Outcome::Failed`].
    LookUp {
        /// The reference to match.
        reference: String,
        /// No order of interest can have been created before this.
        since: DateTime<Utc>,
        /// How to look.
        via: LookUpVia,
    },
    /// Find or create the Rackbeat customer of the plan. Answer [`Outcome::Customer`] or
    /// [`Outcome::Failed`] (its message is the whole reason).
    ResolveCustomer,
    /// `POST /orders/drafts` with the order's draft for customer `customer`. Answer
    /// [`Outcome::Order`] with the create answer, or [`Outcome::Failed`].
    CreateDraft {
        /// The Rackbeat customer number.
        customer: u64,
    },
    /// `GET /orders/{number}`. Answer [`Outcome::Order`] or [`Outcome::Failed`].
    ReadBack {
        /// The Rackbeat order number.
        number: u64,
    },
    /// Book the order. Answer [`Outcome::Done`] or [`Outcome::Failed`].
    Book {
        /// The Rackbeat order number.
        number: u64,
    },
    /// Delete an extra unbooked draft. Answer [`Outcome::Done`] or [`Outcome::Failed`].
    DeleteDraft {
        /// The Rackbeat order number.
        number: u64,
    },
    /// Remember what this transfer learned about the account. Answer [`Outcome::Done`] or
    /// [`Outcome::Failed`] (a failure only costs the knowledge).
    RecordFinding(Finding),
    /// Record the link and end the claim (`complete_intent`). Answer [`Outcome::Done`],
    /// [`Outcome::Failed`] with [`FailureKind::Rejected`] for a link conflict, or
    /// [`FailureKind::Unsure`] when the store could not take it.
    RecordLink {
        /// The Rackbeat order number.
        number: u64,
        /// Whether it is booked.
        booked: bool,
    },
    /// Record the order as failed so that the next run retries it by id. Answer
    /// [`Outcome::Done`] or [`Outcome::Failed`].
    RecordFailure {
        /// Why.
        reason: String,
    },
    /// Forget an earlier failure of the order. Answer [`Outcome::Done`] or
    /// [`Outcome::Failed`].
    ClearFailure,
    /// Give the order claim up (nothing was created by it). Answer [`Outcome::Done`] or
    /// [`Outcome::Failed`].
    Release,
    /// Give the account's reference check up. Answer [`Outcome::Done`] or
    /// [`Outcome::Failed`].
    ReleaseCheck,
    /// Nothing more to do: report this.
    Done(Verdict),
}

/// The state-store key of the account's reference check (see [`Action::ClaimCheck`]); not a
/// SmartWeb order id.
pub const REFERENCE_CHECK: &str = "@reference-check";

/// How a look-up reads Rackbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookUpVia {
    /// The run's one listing of recent orders, newest first, read back to `since` (pages
    /// already read serve every order of the run). Valid for an order the state store did not
    /// know: nobody sharing the store can have created it since the listing began.
    RunListing,
    /// A listing of recent orders read now, back to `since`.
    Listing,
    /// `search=<reference>`, read now.
    Search,
}

/// What performing an [`Action`] gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The claim is ours; `attempt` counts claims of this order (1 = the first: nobody
    /// sharing the state store has worked on it before).
    Claimed {
        /// Which claim this is (1 = the first).
        attempt: u32,
    },
    /// The order is linked to this Rackbeat order already.
    Linked {
        /// The Rackbeat order number.
        number: u64,
    },
    /// Someone else holds the claim until `until`.
    Held {
        /// The holder's lease end.
        until: DateTime<Utc>,
        /// When the holder claimed it.
        claimed_at: DateTime<Utc>,
    },
    /// The orders found (the engine may pass more; the machine matches them itself).
    Found(Vec<SeenOrder>),
    /// The customer's Rackbeat number.
    Customer(u64),
    /// A Rackbeat order as answered (create answer or read back).
    Order(SeenOrder),
    /// The action was carried out.
    Done,
    /// The claim could not be extended: someone else holds it now.
    Refused,
    /// The action failed.
    Failed(Failure),
}

/// How an action failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Definite, or not.
    pub kind: FailureKind,
    /// What went wrong (shown in reports; never holds a secret).
    pub message: String,
}

impl Failure {
    /// A definite failure: nothing was done.
    pub fn rejected(message: impl Into<String>) -> Self {
        Self {
            kind: FailureKind::Rejected,
            message: message.into(),
        }
    }

    /// A failure that may have happened after the action took effect.
    pub fn unsure(message: impl Into<String>) -> Self {
        Self {
            kind: FailureKind::Unsure,
            message: message.into(),
        }
    }
}

/// Whether a failed action may still have taken effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// A definite "no" (e.g. Rackbeat's 422): nothing was done.
    Rejected,
    /// No answer, or one that does not say (timeout, 5xx, a lost answer): it may have been
    /// done.
    Unsure,
}

/// How one order's transfer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// What happened.
    pub kind: VerdictKind,
    /// The Rackbeat order, when there is one.
    pub number: Option<u64>,
    /// Whether that order is booked.
    pub booked: bool,
    /// The report line.
    pub detail: String,
    /// Things a person should know.
    pub warnings: Vec<String>,
    /// Whether the state store holds the outcome (a link, a recorded failure, or a claim that
    /// a later run resumes); `false` when the order must be read again.
    pub settled: bool,
}

/// The kind of a [`Verdict`], which decides how it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
    /// A Rackbeat order was created by this transfer (reported as created).
    Created,
    /// The Rackbeat order of an earlier attempt was found and linked (reported as updated).
    Recovered,
    /// Linked before (reported as skipped).
    AlreadyLinked,
    /// Not to be transferred, for a reason that is not a problem (reported as skipped).
    Skipped,
    /// Something needs a person (reported as failed: exit 1).
    Failed,
    /// The order is held until a time or a fact, with the reason (reported as failed: exit 1).
    Held,
}
