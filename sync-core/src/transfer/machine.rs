//! The machine: one [`Transfer`] per order, made by the run's [`Job`].

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

use super::io::{Action, Failure, FailureKind, LookUpVia, Outcome, Verdict, VerdictKind};
use super::key::{SeenOrder, keyed_heading};
use super::totals::{ExpectedTotals, check_server_totals};
use super::wording as say;
use crate::facts::{AccountFacts, Assumption, DuplicateKey, Finding, Verdict as FactVerdict};
use crate::order::{DraftOrder, TransferPlan};

/// The times the machine works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How long a claim lasts while its holder works (the engine renews it while an action
    /// runs, so a claim whose holder died ends this long after its last renewal).
    pub lease: Duration,
    /// How long Rackbeat may take to finish a write it accepted: an order whose create ended
    /// without an answer is not created again before this has passed since the create was
    /// sent. Longer than the client's request timeout.
    pub settle: Duration,
    /// Look-ups reach this much further back than the earliest moment the order could have
    /// been created in Rackbeat (clock skew, and naive server times read as UTC).
    pub margin: Duration,
}

impl Policy {
    /// A 60 s lease (renewed while working), 3 min settle time (the client gives up after
    /// 90 s), one day's margin.
    pub const DEFAULT: Policy = Policy {
        lease: Duration::seconds(60),
        settle: Duration::seconds(180),
        margin: Duration::days(1),
    };
}

impl Default for Policy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// `at + by`, or the latest instant when that overflows.
pub(crate) fn later(at: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    at.checked_add_signed(by)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `at - by`, or the earliest instant when that overflows.
pub(crate) fn earlier(at: DateTime<Utc>, by: Duration) -> DateTime<Utc> {
    at.checked_sub_signed(by)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The order as the transfer needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferOrder {
    /// The SmartWeb order id.
    pub order_id: u64,
    /// The draft to create, its heading carrying the reference marker.
    pub draft: DraftOrder,
    /// Whether to book it.
    pub book: bool,
    /// What Rackbeat's totals must come to before it is booked.
    pub expected: ExpectedTotals,
    /// When the order was placed in the shop (UTC); no Rackbeat order for it can be older.
    /// `None` when unknown: look-ups then read back to the beginning.
    pub placed_at: Option<DateTime<Utc>>,
}

impl TransferOrder {
    /// The transfer of a mapped order, with the tolerance of the totals check.
    #[must_use]
    pub fn new(
        plan: &TransferPlan,
        tolerance: rust_decimal::Decimal,
        placed_at: Option<DateTime<Utc>>,
    ) -> Self {
        let mut draft = plan.order.clone();
        draft.heading = keyed_heading(&draft.heading, &draft.other_reference);
        Self {
            order_id: plan.smartweb_order_id,
            draft,
            book: plan.book,
            expected: ExpectedTotals {
                planned_net: plan.totals.planned_net,
                smartweb_net: plan.totals.smartweb_net,
                tolerance,
            },
            placed_at,
        }
    }

    /// The reference (`other_reference`).
    #[must_use]
    pub fn reference(&self) -> &str {
        &self.draft.other_reference
    }
}

/// One import job's shared knowledge: the account facts (as they were loaded and as the job
/// learns more) and whether the job stopped creating orders.
#[derive(Debug, Clone)]
pub struct Job {
    facts: AccountFacts,
    stopped: Option<String>,
    policy: Policy,
}

impl Job {
    /// A job that starts from `facts`.
    #[must_use]
    pub fn new(facts: AccountFacts, policy: Policy) -> Self {
        Self {
            facts,
            stopped: None,
            policy,
        }
    }

    /// The transfer of one order.
    pub fn transfer(&mut self, order: TransferOrder) -> Transfer<'_> {
        Transfer {
            job: self,
            order,
            queue: VecDeque::new(),
            awaiting: None,
            attempt: 0,
            holds_check: false,
            lease_until: None,
            sent_at: None,
            unsure: None,
            rackbeat: None,
            recovered: false,
            found_after_unsure: false,
            read_back: false,
            last_via: None,
            now: DateTime::<Utc>::MIN_UTC,
            end: None,
            problems: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            settled: true,
        }
    }

    /// The facts as the job knows them now.
    #[must_use]
    pub fn facts(&self) -> &AccountFacts {
        &self.facts
    }

    /// Why the job creates no more orders, if it stopped.
    #[must_use]
    pub fn stopped(&self) -> Option<&str> {
        self.stopped.as_deref()
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> Policy {
        self.policy
    }
}

/// One step of the transfer, waiting to be issued as an [`Action`].
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Claim,
    LookUp(Why),
    ClaimCheck,
    ResolveCustomer,
    Extend { customer: u64 },
    Create { customer: u64 },
    ReadBack,
    Book,
    Delete(u64),
    Finding(Finding),
    Link { booked: bool },
    RecordFailure(String),
    ClearFailure,
    Release,
    ReleaseCheck,
}

/// What a look-up is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// Does the order exist already (after the claim)?
    Existing,
    /// Did the create whose answer was lost take effect?
    AfterCreate,
    /// Does `search` find the order just created (confirms the reference round trip)?
    ConfirmSearch,
    /// Does a listing find it (confirms which key Rackbeat keeps)?
    ConfirmListing,
}

/// The transfer of one SmartWeb order: a sans-IO state machine.
///
/// [`start`](Self::start) gives the first [`Action`]; each [`Outcome`] fed to
/// [`handle`](Self::handle) gives the next, until [`Action::Done`]. Time is a parameter.
#[derive(Debug)]
pub struct Transfer<'j> {
    job: &'j mut Job,
    order: TransferOrder,
    queue: VecDeque<Step>,
    awaiting: Option<Step>,
    /// Which claim of the order this is (0 before the claim).
    attempt: u32,
    holds_check: bool,
    /// The lease the claim was extended to before the create.
    lease_until: Option<DateTime<Utc>>,
    sent_at: Option<DateTime<Utc>>,
    /// Why the create's answer was not definite.
    unsure: Option<String>,
    /// The Rackbeat order created or found.
    rackbeat: Option<SeenOrder>,
    recovered: bool,
    /// The create's answer was lost, and the order was found by its reference.
    found_after_unsure: bool,
    read_back: bool,
    /// How the last look-up read Rackbeat.
    last_via: Option<LookUpVia>,
    /// The time of the last call.
    now: DateTime<Utc>,
    /// An ending decided before any order existed (skip, hold, failure).
    end: Option<(VerdictKind, String)>,
    /// Problems that make the verdict a failure although an order exists.
    problems: Vec<String>,
    /// What was done about them (deletions).
    notes: Vec<String>,
    warnings: Vec<String>,
    settled: bool,
}

impl Transfer<'_> {
    /// The order being transferred.
    #[must_use]
    pub fn order(&self) -> &TransferOrder {
        &self.order
    }

    /// The first action.
    pub fn start(&mut self, now: DateTime<Utc>) -> Action {
        self.now = now;
        self.queue.push_back(Step::Claim);
        self.next(now)
    }

    /// Takes the outcome of the last action and gives the next one.
    pub fn handle(&mut self, outcome: Outcome, now: DateTime<Utc>) -> Action {
        self.now = now;
        match self.awaiting.take() {
            Some(step) => self.absorb(step, outcome),
            None => self.internal(&outcome),
        }
        self.next(now)
    }

    fn key(&self) -> Option<DuplicateKey> {
        self.job.facts.duplicate_key()
    }

    fn resumed(&self) -> bool {
        self.attempt > 1
    }

    fn reference(&self) -> String {
        self.order.reference().to_owned()
    }

    /// Queues steps to run after those already queued.
    fn then(&mut self, steps: impl IntoIterator<Item = Step>) {
        self.queue.extend(steps);
    }

    fn end(&mut self, kind: VerdictKind, detail: String) {
        self.end = Some((kind, detail));
    }

    /// Gives up: releases the claim, records `reason` for the retry, ends with `kind`.
    fn give_up(&mut self, kind: VerdictKind, reason: String) {
        self.then([Step::Release, Step::RecordFailure(reason.clone())]);
        self.end(kind, reason);
    }

    fn internal(&mut self, outcome: &Outcome) {
        self.queue.clear();
        self.settled = false;
        self.end(
            VerdictKind::Failed,
            say::unexpected(&format!("{outcome:?}")),
        );
    }

    fn next(&mut self, now: DateTime<Utc>) -> Action {
        // The account check is given back last, once the create's outcome is known.
        if self.queue.is_empty() && self.holds_check {
            self.holds_check = false;
            self.queue.push_back(Step::ReleaseCheck);
        }
        let Some(step) = self.queue.pop_front() else {
            return Action::Done(self.verdict());
        };
        let action = self.action(&step, now);
        self.awaiting = Some(step);
        action
    }

    fn action(&mut self, step: &Step, now: DateTime<Utc>) -> Action {
        let policy = self.job.policy;
        let number = self.rackbeat.as_ref().map_or(0, |o| o.number);
        match step {
            Step::Claim => Action::Claim {
                lease_until: later(now, policy.lease),
            },
            Step::ClaimCheck => Action::ClaimCheck {
                lease_until: later(later(now, policy.settle), policy.lease),
            },
            Step::Extend { .. } => {
                let lease_until = later(later(now, policy.settle), policy.lease);
                self.lease_until = Some(lease_until);
                Action::Extend { lease_until }
            }
            Step::LookUp(why) => {
                let action = self.look_up(*why);
                if let Action::LookUp { via, .. } = &action {
                    self.last_via = Some(*via);
                }
                action
            }
            Step::ResolveCustomer => Action::ResolveCustomer,
            Step::Create { customer } => Action::CreateDraft {
                customer: *customer,
            },
            Step::ReadBack => Action::ReadBack { number },
            Step::Book => Action::Book { number },
            Step::Delete(n) => Action::DeleteDraft { number: *n },
            Step::Finding(f) => Action::RecordFinding(f.clone()),
            Step::Link { booked } => Action::RecordLink {
                number,
                booked: *booked,
            },
            Step::RecordFailure(reason) => Action::RecordFailure {
                reason: reason.clone(),
            },
            Step::ClearFailure => Action::ClearFailure,
            Step::Release => Action::Release,
            Step::ReleaseCheck => Action::ReleaseCheck,
        }
    }

    fn look_up(&self, why: Why) -> Action {
        let margin = self.job.policy.margin;
        let reference = self.reference();
        let sent = self.sent_at.unwrap_or(DateTime::<Utc>::MIN_UTC);
        let (since, via) = match why {
            // No Rackbeat order for the shop order is older than the shop order.
            Why::Existing => {
                let placed = self.order.placed_at.unwrap_or(DateTime::<Utc>::MIN_UTC);
                let via = if !self.resumed() {
                    LookUpVia::RunListing
                } else if self.key() == Some(DuplicateKey::OtherReference) {
                    LookUpVia::Search
                } else {
                    LookUpVia::Listing
                };
                (placed, via)
            }
            Why::AfterCreate => {
                let via = if self.key() == Some(DuplicateKey::OtherReference) {
                    LookUpVia::Search
                } else {
                    LookUpVia::Listing
                };
                (sent, via)
            }
            Why::ConfirmSearch => (sent, LookUpVia::Search),
            Why::ConfirmListing => (sent, LookUpVia::Listing),
        };
        Action::LookUp {
            reference,
            since: earlier(since, margin),
            via,
        }
    }

    fn absorb(&mut self, step: Step, outcome: Outcome) {
        match (step, outcome) {
            (Step::Claim, outcome) => self.claimed(outcome),
            (Step::ClaimCheck, outcome) => self.checked(outcome),
            (Step::LookUp(why), Outcome::Found(orders)) => self.found(why, orders),
            (Step::LookUp(why), Outcome::Failed(f)) => self.look_up_failed(why, &f),
            (Step::ResolveCustomer, Outcome::Customer(customer)) => {
                self.then([Step::Extend { customer }]);
            }
            (Step::ResolveCustomer, Outcome::Failed(f)) => {
                self.give_up(VerdictKind::Failed, f.message);
            }
            (Step::Extend { customer }, Outcome::Done) => {
                self.sent_at = Some(self.now);
                self.then([Step::Create { customer }]);
            }
            (Step::Extend { .. }, Outcome::Refused) => {
                self.end(VerdictKind::Held, say::taken_over());
            }
            (Step::Extend { .. }, Outcome::Failed(f)) => {
                self.settled = false;
                self.give_up(VerdictKind::Failed, say::state_store(&f.message));
            }
            (Step::Create { .. }, Outcome::Order(order)) => self.created(order),
            (Step::Create { .. }, Outcome::Failed(f)) => match f.kind {
                FailureKind::Rejected => {
                    self.give_up(VerdictKind::Failed, say::refused(&f.message))
                }
                FailureKind::Unsure => {
                    self.unsure = Some(f.message);
                    self.then([Step::LookUp(Why::AfterCreate)]);
                }
            },
            (Step::ReadBack, Outcome::Order(order)) => {
                self.read_back = true;
                self.rackbeat = Some(order);
                self.settle_order();
            }
            (Step::ReadBack, Outcome::Failed(f)) => {
                self.read_back = true;
                let number = self.number();
                self.problems
                    .push(say::left_draft(number, &say::read_back_failed(&f.message)));
                self.then([Step::Link { booked: false }]);
            }
            (Step::Book, Outcome::Done) => {
                if let Some(order) = self.rackbeat.as_mut() {
                    order.booked = true;
                }
                self.then([Step::Link { booked: true }]);
            }
            (Step::Book, Outcome::Failed(f)) => {
                let number = self.number();
                self.warnings.push(say::booking_failed(number, &f.message));
                self.then([Step::Link { booked: false }]);
            }
            (Step::Delete(n), Outcome::Done) => self.notes.push(say::deleted_extra(n)),
            (Step::Delete(n), Outcome::Failed(f)) => {
                self.notes.push(say::delete_failed(n, &f.message));
            }
            (Step::Finding(_), Outcome::Done | Outcome::Failed(_)) => {}
            (Step::Link { .. }, Outcome::Done) => {
                self.then([Step::ClearFailure]);
            }
            (Step::Link { .. }, Outcome::Failed(f)) => {
                let number = self.number();
                match f.kind {
                    FailureKind::Rejected => {
                        self.problems.push(say::link_conflict(number, &f.message));
                    }
                    FailureKind::Unsure => {
                        self.warnings.push(say::link_not_saved(number, &f.message));
                    }
                }
            }
            (Step::RecordFailure(_), Outcome::Done) => {}
            (Step::RecordFailure(_), Outcome::Failed(f)) => {
                self.settled = false;
                self.warnings.push(say::failure_not_recorded(&f.message));
            }
            (
                Step::ClearFailure | Step::Release | Step::ReleaseCheck,
                Outcome::Done | Outcome::Failed(_),
            ) => {}
            (_, outcome) => self.internal(&outcome),
        }
    }

    fn number(&self) -> u64 {
        self.rackbeat.as_ref().map_or(0, |o| o.number)
    }

    fn claimed(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Claimed { attempt } => {
                self.attempt = attempt;
                self.then([Step::LookUp(Why::Existing)]);
            }
            Outcome::Linked { number } => {
                self.rackbeat = Some(SeenOrder {
                    number,
                    ..SeenOrder::default()
                });
                self.end(VerdictKind::AlreadyLinked, say::already_linked(number));
            }
            Outcome::Held { until, claimed_at } => {
                self.end(VerdictKind::Held, say::held_by_other(until, claimed_at));
            }
            Outcome::Failed(f) => {
                self.settled = false;
                self.end(VerdictKind::Failed, say::state_store(&f.message));
            }
            other => self.internal(&other),
        }
    }

    fn checked(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Claimed { .. } => {
                self.holds_check = true;
                self.then([Step::ResolveCustomer]);
            }
            Outcome::Held { until, .. } => {
                self.give_up(VerdictKind::Held, say::held_by_check(until));
            }
            Outcome::Failed(f) => {
                self.settled = false;
                self.give_up(VerdictKind::Failed, say::state_store(&f.message));
            }
            other => self.internal(&other),
        }
    }

    fn look_up_failed(&mut self, why: Why, failure: &Failure) {
        let reference = self.reference();
        match why {
            Why::Existing => {
                self.give_up(
                    VerdictKind::Failed,
                    say::look_up_failed(&reference, &failure.message),
                );
            }
            Why::AfterCreate => self.hold_after_unsure(),
            Why::ConfirmSearch => self.then([Step::LookUp(Why::ConfirmListing)]),
            Why::ConfirmListing => {
                self.warnings.push(say::not_confirmed(&reference));
                self.settle_order();
            }
        }
    }

    fn found(&mut self, why: Why, orders: Vec<SeenOrder>) {
        let reference = self.reference();
        let mut matching: Vec<SeenOrder> = orders
            .into_iter()
            .filter(|o| o.matches(&reference))
            .collect();
        matching.sort_by_key(|o| o.number);
        matching.dedup_by_key(|o| o.number);
        match why {
            Why::Existing | Why::AfterCreate => {
                if matching.is_empty() {
                    match why {
                        Why::AfterCreate => self.hold_after_unsure(),
                        _ if self.resumed() && self.key().is_none() => {
                            self.give_up(VerdictKind::Held, say::held_unconfirmed(&reference));
                        }
                        _ => self.create(),
                    }
                    return;
                }
                let searched = self.last_via == Some(LookUpVia::Search);
                self.learn_from_found(&matching, searched);
                if why == Why::AfterCreate {
                    self.found_after_unsure = true;
                } else {
                    self.recovered = true;
                }
                let kept = self.keep_one(matching);
                self.rackbeat = Some(kept);
                self.settle_order();
            }
            Why::ConfirmSearch | Why::ConfirmListing => {
                let number = self.number();
                let mine: Vec<SeenOrder> = matching
                    .into_iter()
                    .filter(|o| o.number == number)
                    .collect();
                if mine.is_empty() {
                    if why == Why::ConfirmSearch {
                        self.learn(
                            Assumption::ReferenceSearchable,
                            FactVerdict::Refuted,
                            format!(
                                "search={reference} did not find order {number}, which carries it"
                            ),
                        );
                        self.then([Step::LookUp(Why::ConfirmListing)]);
                    } else {
                        self.warnings.push(say::not_confirmed(&reference));
                        self.settle_order();
                    }
                    return;
                }
                self.learn_from_found(&mine, why == Why::ConfirmSearch);
                self.settle_order();
            }
        }
    }

    /// Records what finding `orders` by a look-up shows about the account's keys.
    fn learn_from_found(&mut self, orders: &[SeenOrder], searched: bool) {
        let reference = self.reference();
        if let Some(o) = orders.iter().find(|o| o.has_reference(&reference)) {
            let number = o.number;
            self.learn(
                Assumption::ReferenceKept,
                FactVerdict::Confirmed,
                format!("order {number} returned other_reference {reference:?}"),
            );
            if searched {
                self.learn(
                    Assumption::ReferenceSearchable,
                    FactVerdict::Confirmed,
                    format!("search={reference} found order {number}"),
                );
            }
        }
        if let Some(o) = orders.iter().find(|o| o.has_heading_marker(&reference)) {
            let number = o.number;
            self.learn(
                Assumption::HeadingKept,
                FactVerdict::Confirmed,
                format!("order {number} returned its heading ending in [{reference}]"),
            );
        }
    }

    /// Records a finding unless the job already knows the same verdict.
    fn learn(&mut self, assumption: Assumption, verdict: FactVerdict, evidence: String) {
        if self.job.facts.verdict(assumption) == verdict {
            return;
        }
        let finding = Finding::new(assumption, verdict, evidence, self.now);
        self.job.facts.record(finding.clone());
        self.then([Step::Finding(finding)]);
    }

    /// Of several Rackbeat orders for one reference, keeps one (the booked one, else the
    /// earliest) and deletes the other unbooked drafts; reports them all.
    fn keep_one(&mut self, mut matching: Vec<SeenOrder>) -> SeenOrder {
        let at = matching.iter().position(|o| o.booked).unwrap_or(0);
        if at >= matching.len() {
            return SeenOrder::default();
        }
        let kept = matching.remove(at);
        if !matching.is_empty() {
            let mut numbers: Vec<u64> = matching.iter().map(|o| o.number).collect();
            numbers.push(kept.number);
            numbers.sort_unstable();
            self.problems
                .push(say::duplicates(&self.reference(), &numbers, kept.number));
            for extra in matching {
                if extra.booked {
                    self.notes.push(say::booked_extra(extra.number));
                } else {
                    self.then([Step::Delete(extra.number)]);
                }
            }
        }
        kept
    }

    /// Nothing found: create the order, if the job may.
    fn create(&mut self) {
        if let Some(reason) = self.job.stopped.clone() {
            self.give_up(VerdictKind::Failed, reason);
            return;
        }
        let facts = &self.job.facts;
        if self.key().is_some() {
            self.then([Step::ResolveCustomer]);
        } else if facts.verdict(Assumption::ReferenceKept) == FactVerdict::Refuted
            && facts.verdict(Assumption::HeadingKept) == FactVerdict::Refuted
        {
            self.give_up(VerdictKind::Failed, say::no_key_possible());
        } else {
            // The first create on the account: one at a time until it is known whether a lost
            // answer can be found again.
            self.then([Step::ClaimCheck]);
        }
    }

    /// Checks the create answer against the key, then goes on with the order.
    fn created(&mut self, order: SeenOrder) {
        let reference = self.reference();
        let number = order.number;
        let heading = self.order.draft.heading.clone();
        let reference_echo = order.has_reference(&reference);
        let heading_echo = order.has_heading_marker(&reference);
        let got_reference = order.other_reference.clone();
        let got_heading = order.heading.clone();
        self.rackbeat = Some(order);
        match self.key() {
            Some(DuplicateKey::OtherReference | DuplicateKey::OtherReferenceListed) => {
                if !reference_echo {
                    self.no_echo(
                        Assumption::ReferenceKept,
                        say::stopped_no_echo(
                            number,
                            "other_reference",
                            &reference,
                            got_reference.as_deref(),
                        ),
                    );
                }
                self.settle_order();
            }
            Some(DuplicateKey::Heading) => {
                if !heading_echo {
                    self.no_echo(
                        Assumption::HeadingKept,
                        say::stopped_no_echo(number, "heading", &heading, got_heading.as_deref()),
                    );
                }
                self.settle_order();
            }
            None if reference_echo => self.then([Step::LookUp(Why::ConfirmSearch)]),
            None => {
                self.no_echo(
                    Assumption::ReferenceKept,
                    say::stopped_no_echo(
                        number,
                        "other_reference",
                        &reference,
                        got_reference.as_deref(),
                    ),
                );
                if heading_echo {
                    self.then([Step::LookUp(Why::ConfirmListing)]);
                } else {
                    self.learn(
                        Assumption::HeadingKept,
                        FactVerdict::Refuted,
                        format!("order {number} was created with heading {heading:?} and returned {got_heading:?}"),
                    );
                    self.settle_order();
                }
            }
        }
    }

    /// The create answer did not return a key field: the fact is refuted and the job stops
    /// creating orders.
    fn no_echo(&mut self, assumption: Assumption, reason: String) {
        self.learn(assumption, FactVerdict::Refuted, reason.clone());
        self.problems.push(reason.clone());
        self.job.stopped = Some(reason);
    }

    /// The create's answer was lost and nothing was found: the claim is kept until Rackbeat
    /// had time to finish the write.
    fn hold_after_unsure(&mut self) {
        let until = self.lease_until.unwrap_or(DateTime::<Utc>::MAX_UTC);
        let message = self.unsure.clone().unwrap_or_default();
        let reason =
            say::held_after_unsure(&self.reference(), until, &message, self.key().is_some());
        // No release: the claim's lease is what keeps every run from creating it again.
        self.then([Step::RecordFailure(reason.clone())]);
        self.end(VerdictKind::Held, reason);
    }

    /// An order exists (created or found): check its totals, book it, link it.
    fn settle_order(&mut self) {
        let Some(order) = self.rackbeat.clone() else {
            return;
        };
        if order.booked || !self.order.book {
            self.then([Step::Link {
                booked: order.booked,
            }]);
            return;
        }
        if order.net_total.is_none() && !self.read_back {
            self.then([Step::ReadBack]);
            return;
        }
        match check_server_totals(
            order.net_total,
            &self.order.expected,
            &self.order.draft.lines,
        ) {
            Ok(()) => self.then([Step::Book]),
            Err(mismatch) => {
                self.problems
                    .push(say::left_draft(order.number, &mismatch.to_string()));
                self.then([Step::Link { booked: false }]);
            }
        }
    }

    fn verdict(&self) -> Verdict {
        let number = self.rackbeat.as_ref().map(|o| o.number);
        let booked = self.rackbeat.as_ref().is_some_and(|o| o.booked);
        let (kind, detail) = match &self.end {
            Some((kind, detail)) => (*kind, detail.clone()),
            None => {
                let reference = self.order.reference();
                let n = number.unwrap_or_default();
                let base = if self.recovered {
                    say::recovered(n, reference, booked)
                } else {
                    say::created(
                        n,
                        reference,
                        self.order.draft.lines.len(),
                        &self.order.expected.planned_net.to_string(),
                        booked,
                    )
                };
                let mut parts = vec![base];
                if self.found_after_unsure {
                    parts.push(say::found_after_unsure(
                        reference,
                        self.unsure.as_deref().unwrap_or_default(),
                    ));
                }
                parts.extend(self.problems.iter().cloned());
                parts.extend(self.notes.iter().cloned());
                let kind = match (self.problems.is_empty(), self.recovered) {
                    (false, _) => VerdictKind::Failed,
                    (true, true) => VerdictKind::Recovered,
                    (true, false) => VerdictKind::Created,
                };
                (kind, parts.join("; "))
            }
        };
        Verdict {
            kind,
            number,
            booked,
            detail,
            warnings: self.warnings.clone(),
            settled: self.settled,
        }
    }
}
