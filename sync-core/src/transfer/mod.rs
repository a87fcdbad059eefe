//! The order transfer: "a SmartWeb order becomes at most one Rackbeat order", as a sans-IO
//! state machine (the split `quinn-proto` / `quinn` makes).
//!
//! A [`Transfer`] takes what the state store and Rackbeat answer ([`Outcome`]) and says what to
//! do next ([`Action`]); the engine only carries actions out. Time is a parameter. The run's
//! [`Job`] holds what every order's transfer shares: the account facts
//! ([`crate::facts::AccountFacts`]) as loaded and as the job learns them, and whether the job
//! stopped creating orders.
//!
//! # The protocol for one order
//!
//! 1. **Claim** it in the state store (a lease, renewed by the engine while it works). Linked
//!    already → skipped. Held by someone else → reported *held until T, because …* (a failed
//!    item: exit 1), never a silent skip.
//! 2. **Look it up in Rackbeat**, whatever the store says: the store is a cache, Rackbeat is the
//!    truth. A first claim uses the run's one listing of recent orders (newest first, back to
//!    the order's placing minus [`Policy::margin`]); a resumed claim reads afresh, after its
//!    claim, so that it sees any write a dead holder's create left. Found → linked (two or more
//!    → reported loudly, the booked or else the earliest kept, the other unbooked drafts
//!    deleted). Not found after a resumed claim while no duplicate key is confirmed → held:
//!    "not found" proves nothing then.
//! 3. **Create** the draft, which carries the reference in `other_reference` and as a marker at
//!    the end of its heading ([`keyed_heading`]). With no confirmed key the create is the
//!    account's *reference check*: one at a time per account ([`Action::ClaimCheck`]); its
//!    answer and a look-up confirm (or refute) the key. Before sending, the claim is extended
//!    to cover [`Policy::settle`]: whoever finds the claim later knows a write may still land
//!    until then.
//! 4. **Every create answer is checked**: an answer that does not return the key field refutes
//!    it, and the job creates no more orders. A **lost answer** is looked up at once; not
//!    found → the order is held (the claim kept) until the settle time has passed, then looked
//!    up again; never created again blindly.
//! 5. **Book** only when Rackbeat's own net total agrees with the planned one
//!    ([`check_server_totals`]); otherwise it stays a draft and the failure names both figures
//!    and the reading of `line_price` that gives Rackbeat's.
//! 6. **Link** it (the link ends the claim).
//!
//! A definite rejection releases the claim and records the failure (retried by the next run);
//! an unsure failure keeps the claim until its lease ends. Every outcome leaves either a link,
//! a recorded failure or a claim that a later run resumes, so a crash between any two actions
//! costs a look-up, never a duplicate; `tests.rs` drives the machine through every such crash.

mod io;
mod key;
mod machine;
mod totals;
mod unplanned;
mod wording;

pub use io::{
    Action, Failure, FailureKind, LookUpVia, Outcome, REFERENCE_CHECK, Verdict, VerdictKind,
};
pub use key::{OrderIndex, SeenOrder, heading_marker, keyed_heading, marker_of};
pub use machine::{Job, Policy, Transfer, TransferOrder};
pub use totals::{ExpectedTotals, TotalsMismatch, check_server_totals};
pub use unplanned::{Unplanned, dry_run, skipped, unmappable};

#[cfg(test)]
mod sim;
#[cfg(test)]
mod tests;
