//! A simulated state store and Rackbeat account that carry out the machine's actions, with a
//! fault injectable at any action: the ground the crash-point and interleaving tests stand on.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rust_decimal::Decimal;

use super::io::{Action, Failure, LookUpVia, Outcome, REFERENCE_CHECK, Verdict};
use super::key::SeenOrder;
use super::machine::{Job, Policy, TransferOrder, later};
use crate::facts::{AccountFacts, Finding, LinePriceReading, totals_under};

/// What happens to one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fault {
    /// Done, answered.
    Success,
    /// Not done, answered with a definite "no".
    Rejected,
    /// Not done, answered with an unsure failure (timeout before the server).
    Unsure,
    /// Done, but the answer is lost (an unsure failure).
    Lost,
    /// Done, then the process dies before it records anything.
    Gone,
    /// A create only: taken in, the answer lost, and the order lands just before the settle
    /// time ends (Rackbeat's slowest accepted write).
    Late,
}

impl Fault {
    /// The five outcomes every action boundary is tried with.
    pub(super) const EVERY: [Fault; 5] = [
        Fault::Success,
        Fault::Rejected,
        Fault::Unsure,
        Fault::Lost,
        Fault::Gone,
    ];
}

/// How the simulated Rackbeat account behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Account {
    /// Drafts keep `other_reference`.
    pub(super) keeps_reference: bool,
    /// `search` finds `other_reference`.
    pub(super) searchable: bool,
    /// Drafts keep the heading.
    pub(super) keeps_heading: bool,
    /// `line_price` is read as gross per unit.
    pub(super) gross: bool,
}

#[derive(Debug, Clone)]
pub(super) struct SimIntent {
    pub(super) owner: Option<u32>,
    pub(super) attempt: u32,
    pub(super) lease_until: DateTime<Utc>,
    pub(super) claimed_at: DateTime<Utc>,
}

/// The simulated world: one state store, one Rackbeat account, one clock.
#[derive(Debug, Clone)]
pub(super) struct World {
    pub(super) now: DateTime<Utc>,
    pub(super) account: Account,
    pub(super) policy: Policy,
    pub(super) orders: BTreeMap<u64, SeenOrder>,
    /// Writes taken in that land at the given time, with the SmartWeb order they are for.
    pub(super) landing: Vec<(DateTime<Utc>, u64, SeenOrder)>,
    /// Which SmartWeb order each Rackbeat order was made for (the ground truth, whatever the
    /// account keeps).
    pub(super) origin: BTreeMap<u64, u64>,
    pub(super) next_number: u64,
    pub(super) links: BTreeMap<u64, (u64, bool)>,
    pub(super) intents: BTreeMap<String, SimIntent>,
    pub(super) failures: BTreeMap<u64, String>,
    pub(super) findings: Vec<Finding>,
    pub(super) next_token: u32,
    /// Tokens of claims whose holder is alive and working (their leases are renewed as time
    /// passes, as the engine's heartbeat does).
    pub(super) working: Vec<u32>,
}

/// A worker's claims during one transfer.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Claims {
    pub(super) order: Option<u32>,
    pub(super) check: Option<u32>,
}

pub(super) fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

impl World {
    pub(super) fn new(account: Account, policy: Policy) -> Self {
        Self {
            now: start_time(),
            account,
            policy,
            orders: BTreeMap::new(),
            landing: Vec::new(),
            origin: BTreeMap::new(),
            next_number: 1,
            links: BTreeMap::new(),
            intents: BTreeMap::new(),
            failures: BTreeMap::new(),
            findings: Vec::new(),
            next_token: 1,
            working: Vec::new(),
        }
    }

    /// Moves the clock; lands due writes; live holders renew their leases.
    pub(super) fn advance(&mut self, by: Duration) {
        self.now = later(self.now, by);
        let now = self.now;
        let (due, rest): (Vec<_>, Vec<_>) =
            self.landing.drain(..).partition(|(at, _, _)| *at <= now);
        self.landing = rest;
        for (_, id, mut order) in due {
            order.created_at = Some(now);
            self.insert(id, order);
        }
        let lease = self.policy.lease;
        for intent in self.intents.values_mut() {
            if intent.owner.is_some_and(|t| self.working.contains(&t)) {
                intent.lease_until = intent.lease_until.max(later(now, lease));
            }
        }
    }

    /// The facts a new job starts from: those given plus every finding recorded.
    pub(super) fn job(&self, facts: &AccountFacts) -> Job {
        let mut facts = facts.clone();
        for finding in &self.findings {
            facts.record(finding.clone());
        }
        Job::new(facts, self.policy)
    }

    /// Stores an order made for SmartWeb order `id` under the next number.
    pub(super) fn insert(&mut self, id: u64, mut order: SeenOrder) -> SeenOrder {
        order.number = self.next_number;
        self.next_number += 1;
        self.origin.insert(order.number, id);
        self.orders.insert(order.number, order.clone());
        order
    }

    /// The Rackbeat orders made for SmartWeb order `id` (landed).
    pub(super) fn rackbeat_orders(&self, id: u64) -> Vec<&SeenOrder> {
        self.orders
            .values()
            .filter(|o| self.origin.get(&o.number) == Some(&id))
            .collect()
    }

    /// Performs `action` for a worker; `None` when the worker died (fault `Gone`).
    pub(super) fn perform(
        &mut self,
        action: &Action,
        order: &TransferOrder,
        claims: &mut Claims,
        fault: Fault,
        listing: Option<&[SeenOrder]>,
    ) -> Option<Outcome> {
        let applied = matches!(fault, Fault::Success | Fault::Lost | Fault::Gone);
        if fault == Fault::Rejected {
            return Some(Outcome::Failed(Failure::rejected("refused (simulated)")));
        }
        if fault == Fault::Late {
            if let Action::CreateDraft { .. } = action {
                let landing = later(self.now, self.policy.settle - Duration::seconds(1));
                let stored = self.stored(order);
                self.landing.push((landing, order.order_id, stored));
            }
            return Some(Outcome::Failed(Failure::unsure("held write (simulated)")));
        }
        let outcome = if applied {
            self.apply(action, order, claims, listing)
        } else {
            Outcome::Failed(Failure::unsure("no answer (simulated)"))
        };
        match fault {
            Fault::Gone => {
                claims
                    .order
                    .iter()
                    .chain(claims.check.iter())
                    .for_each(|t| {
                        self.working.retain(|w| w != t);
                    });
                None
            }
            Fault::Lost => Some(Outcome::Failed(Failure::unsure("answer lost (simulated)"))),
            _ => Some(outcome),
        }
    }

    fn stored(&self, order: &TransferOrder) -> SeenOrder {
        let reading = if self.account.gross {
            LinePriceReading::GrossPerUnit
        } else {
            LinePriceReading::NetPerUnit
        };
        let net = Some(totals_under(&super::totals::priced(&order.draft.lines), reading).net);
        SeenOrder {
            number: 0,
            other_reference: self
                .account
                .keeps_reference
                .then(|| order.draft.other_reference.clone()),
            heading: self
                .account
                .keeps_heading
                .then(|| order.draft.heading.clone()),
            booked: false,
            created_at: Some(self.now),
            net_total: net,
            gross_total: None,
        }
    }

    fn claim(&mut self, key: &str, lease_until: DateTime<Utc>, slot: &mut Option<u32>) -> Outcome {
        let now = self.now;
        let token = self.next_token;
        match self.intents.get_mut(key) {
            Some(i) if i.owner.is_some() && i.lease_until > now => Outcome::Held {
                until: i.lease_until,
                claimed_at: i.claimed_at,
            },
            Some(i) => {
                i.owner = Some(token);
                i.attempt += 1;
                i.lease_until = lease_until;
                i.claimed_at = now;
                self.next_token += 1;
                *slot = Some(token);
                self.working.push(token);
                Outcome::Claimed { attempt: i.attempt }
            }
            None => {
                self.intents.insert(
                    key.to_owned(),
                    SimIntent {
                        owner: Some(token),
                        attempt: 1,
                        lease_until,
                        claimed_at: now,
                    },
                );
                self.next_token += 1;
                *slot = Some(token);
                self.working.push(token);
                Outcome::Claimed { attempt: 1 }
            }
        }
    }

    fn release(&mut self, key: &str, token: Option<u32>) {
        if let Some(i) = self.intents.get_mut(key)
            && token.is_some()
            && i.owner == token
        {
            i.owner = None;
        }
        if let Some(t) = token {
            self.working.retain(|w| *w != t);
        }
    }

    fn apply(
        &mut self,
        action: &Action,
        order: &TransferOrder,
        claims: &mut Claims,
        listing: Option<&[SeenOrder]>,
    ) -> Outcome {
        let id = order.order_id;
        let key = id.to_string();
        match action {
            Action::Claim { lease_until } => {
                if let Some((number, _)) = self.links.get(&id) {
                    return Outcome::Linked { number: *number };
                }
                self.claim(&key, *lease_until, &mut claims.order)
            }
            Action::ClaimCheck { lease_until } => {
                self.claim(REFERENCE_CHECK, *lease_until, &mut claims.check)
            }
            Action::Extend { lease_until } => match self.intents.get_mut(&key) {
                Some(i) if i.owner.is_some() && i.owner == claims.order => {
                    i.lease_until = *lease_until;
                    Outcome::Done
                }
                _ => Outcome::Refused,
            },
            Action::LookUp {
                reference,
                since,
                via,
            } => {
                let pool: Vec<SeenOrder> = match (via, listing) {
                    (LookUpVia::RunListing, Some(listing)) => listing.to_vec(),
                    _ => self.orders.values().cloned().collect(),
                };
                let found = pool
                    .into_iter()
                    .filter(|o| o.created_at.is_none_or(|c| c >= *since))
                    .filter(|o| match via {
                        LookUpVia::Search => self.account.searchable && o.has_reference(reference),
                        _ => true,
                    })
                    .collect();
                Outcome::Found(found)
            }
            Action::ResolveCustomer => Outcome::Customer(7),
            Action::CreateDraft { .. } => Outcome::Order(self.insert(id, self.stored(order))),
            Action::ReadBack { number } => match self.orders.get(number) {
                Some(o) => Outcome::Order(o.clone()),
                None => Outcome::Failed(Failure::rejected("404")),
            },
            Action::Book { number } => match self.orders.get_mut(number) {
                Some(o) if !o.booked => {
                    o.booked = true;
                    Outcome::Done
                }
                _ => Outcome::Failed(Failure::rejected("cannot book")),
            },
            Action::DeleteDraft { number } => match self.orders.get(number) {
                Some(o) if !o.booked => {
                    self.orders.remove(number);
                    Outcome::Done
                }
                _ => Outcome::Failed(Failure::rejected("cannot delete")),
            },
            Action::RecordFinding(finding) => {
                self.findings.push(finding.clone());
                Outcome::Done
            }
            Action::RecordLink { number, booked } => {
                self.intents.remove(&key);
                claims
                    .order
                    .iter()
                    .for_each(|t| self.working.retain(|w| w != t));
                match self.links.get(&id) {
                    Some((n, _)) if n != number => {
                        Outcome::Failed(Failure::rejected("linked to another order"))
                    }
                    _ => {
                        self.links.insert(id, (*number, *booked));
                        Outcome::Done
                    }
                }
            }
            Action::RecordFailure { reason } => {
                self.failures.insert(id, reason.clone());
                Outcome::Done
            }
            Action::ClearFailure => {
                self.failures.remove(&id);
                Outcome::Done
            }
            Action::Release => {
                self.release(&key, claims.order);
                Outcome::Done
            }
            Action::ReleaseCheck => {
                self.release(REFERENCE_CHECK, claims.check);
                Outcome::Done
            }
            Action::Done(_) => Outcome::Done,
        }
    }

    /// Whether a later run finds the order again: linked, a failure recorded, or a claim.
    pub(super) fn will_be_retried(&self, id: u64) -> bool {
        self.links.contains_key(&id)
            || self.failures.contains_key(&id)
            || self
                .intents
                .get(&id.to_string())
                .is_some_and(|i| i.owner.is_some())
    }

    /// Ends the working state of a worker's claims (its transfer finished).
    pub(super) fn finished(&mut self, claims: &Claims) {
        for t in claims.order.iter().chain(claims.check.iter()) {
            self.working.retain(|w| w != t);
        }
    }
}

/// Runs one transfer of `order` to its end with the given fault at action `crash_at` (and
/// success elsewhere). Returns the verdict, or `None` when the worker died; and the actions
/// issued (the `Done` excluded).
pub(super) fn run(
    world: &mut World,
    facts: &AccountFacts,
    order: &TransferOrder,
    fault_at: Option<(usize, Fault)>,
) -> (Option<Verdict>, Vec<Action>) {
    let mut job = world.job(facts);
    let listing: Vec<SeenOrder> = world.orders.values().cloned().collect();
    let mut transfer = job.transfer(order.clone());
    let mut claims = Claims::default();
    let mut actions = Vec::new();
    let mut action = transfer.start(world.now);
    loop {
        if let Action::Done(verdict) = action {
            world.finished(&claims);
            return (Some(verdict), actions);
        }
        let fault = match fault_at {
            Some((at, fault)) if at == actions.len() => fault,
            _ => Fault::Success,
        };
        let fault = if fault == Fault::Late && !matches!(action, Action::CreateDraft { .. }) {
            Fault::Unsure
        } else {
            fault
        };
        actions.push(action.clone());
        let outcome = world.perform(&action, order, &mut claims, fault, Some(&listing));
        world.advance(Duration::seconds(1));
        match outcome {
            Some(outcome) => action = transfer.handle(outcome, world.now),
            None => return (None, actions),
        }
    }
}

/// A two-line order: 2 × 100 and 1 × 40 at 25 % VAT (net 240).
pub(super) fn order(id: u64, book: bool) -> TransferOrder {
    use crate::order::{Address, DraftLine, DraftOrder, LineKind};
    let line = |item: &str, quantity: i64, price: i64| DraftLine {
        kind: LineKind::Product,
        item_id: item.into(),
        name: item.into(),
        quantity: Decimal::from(quantity),
        line_price: Decimal::from(price),
        discount_percentage: Decimal::ZERO,
        vat_percentage: Decimal::from(25),
        location_id: None,
        net_total: Decimal::from(quantity * price),
    };
    let reference = format!("SW-{id}");
    TransferOrder {
        order_id: id,
        draft: DraftOrder {
            layout_id: 1,
            employee_id: None,
            payment_terms_id: 1,
            vat_zone: "domestic".into(),
            currency: Some("DKK".into()),
            currency_rate: None,
            heading: super::key::keyed_heading(&format!("SmartWeb order {id}"), &reference),
            other_reference: reference,
            order_date: start_time().date_naive(),
            billing: Address::default(),
            delivery: Address::default(),
            lines: vec![line("A", 2, 100), line("B", 1, 40)],
        },
        book,
        expected: super::totals::ExpectedTotals {
            planned_net: Decimal::from(240),
            smartweb_net: Some(Decimal::from(240)),
            tolerance: Decimal::new(5, 2),
        },
        placed_at: Some(start_time() - Duration::hours(1)),
    }
}
