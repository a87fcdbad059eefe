//! Carries out the order transfer machine's actions (`sync_core::transfer`): every decision is
//! the machine's; here each action becomes its call to the state store or Rackbeat, and each
//! answer its [`Outcome`]. While an action runs, the order's claim is kept alive (a heartbeat
//! every third of the lease), so a claim outlives its holder by one lease at most.

use std::future::Future;

use chrono::{DateTime, Utc};
use rackbeat_client::api::NewestOrders;
use sync_core::convert;
use sync_core::order::TransferPlan;
use sync_core::transfer::{
    Action, Failure, Job, LookUpVia, OrderIndex, Outcome, REFERENCE_CHECK, SeenOrder,
    TransferOrder, Verdict, VerdictKind,
};

use super::customers::CustomerCache;
use super::{Integration, bounded, note_credentials};
use crate::report::{ItemKind, JobReport};
use crate::state::{Intent, IntentOutcome, OrderLink, StateError};

/// What the transfers of one import run share.
pub(super) struct OrderRun<'a> {
    /// The account facts as loaded and as the run learns them.
    pub(super) job: Job,
    /// The run's one newest-first listing of Rackbeat orders, read as far back as needed.
    listing: NewestOrders<'a>,
    /// The orders that listing read (and any later look-up), by both keys.
    index: OrderIndex,
    /// Customers found or created in this run.
    pub(super) customers: CustomerCache,
}

/// The claims one transfer holds.
#[derive(Default)]
struct Claims {
    order: Option<Intent>,
    /// The lease last set on the order claim (the heartbeat never shortens it).
    lease_until: Option<DateTime<Utc>>,
    check: Option<Intent>,
}

impl Integration {
    /// The shared state of an import run that starts from the stored account facts.
    pub(super) async fn order_run(&self, report: &mut JobReport) -> OrderRun<'_> {
        let facts = match self.account_facts().await {
            Ok(facts) => facts,
            Err(e) => {
                // Unknown facts take the safe path: one checked create at a time.
                report.warn(bounded(format!(
                    "could not read the account facts, treating all as unknown: {e}"
                )));
                sync_core::facts::AccountFacts::new()
            }
        };
        let policy = sync_core::transfer::Policy {
            lease: to_chrono(self.inner.order_lease),
            settle: to_chrono(self.inner.settle_time),
            ..sync_core::transfer::Policy::DEFAULT
        };
        OrderRun {
            job: Job::new(facts, policy),
            listing: self.inner.rackbeat.orders().newest_first(),
            index: OrderIndex::new(),
            customers: CustomerCache::default(),
        }
    }

    /// Runs the transfer of one planned order to its end; returns whether its outcome is
    /// settled in the state store.
    pub(super) async fn execute(
        &self,
        order: TransferOrder,
        plan: &TransferPlan,
        run: &mut OrderRun<'_>,
        report: &mut JobReport,
    ) -> bool {
        let key = order.order_id.to_string();
        let OrderRun {
            job,
            listing,
            index,
            customers,
        } = run;
        let mut claims = Claims::default();
        let mut transfer = job.transfer(order);
        let mut action = transfer.start(self.now());
        loop {
            let order = transfer.order();
            let outcome = match action {
                Action::Done(verdict) => return self.report_verdict(&key, verdict, report),
                Action::Claim { lease_until } => {
                    claims.lease_until = Some(lease_until);
                    self.claim(&key, order.reference(), lease_until, &mut claims.order)
                        .await
                }
                Action::ClaimCheck { lease_until } => {
                    self.claim(REFERENCE_CHECK, "", lease_until, &mut claims.check)
                        .await
                }
                Action::Extend { lease_until } => {
                    claims.lease_until = Some(lease_until);
                    self.extend(claims.order.as_ref(), lease_until).await
                }
                Action::LookUp {
                    reference,
                    since,
                    via,
                } => {
                    let found = self.look_up(&reference, since, via, listing, index);
                    let found = self.keeping_claim(&claims, found).await;
                    self.rackbeat_outcome(found, report, Outcome::Found)
                }
                Action::ResolveCustomer => {
                    let customer = self.resolve_customer(&plan.customer, customers, report);
                    match self.keeping_claim(&claims, customer).await {
                        Ok(number) => Outcome::Customer(number),
                        Err(reason) => Outcome::Failed(Failure::rejected(reason)),
                    }
                }
                Action::CreateDraft { customer } => {
                    let body = convert::rackbeat::new_order(&order.draft, customer);
                    let orders = self.inner.rackbeat.orders();
                    let created = orders.create_draft(&body);
                    let created = self.keeping_claim(&claims, created).await;
                    self.rackbeat_outcome(created, report, |o| Outcome::Order(SeenOrder::from(&o)))
                }
                Action::ReadBack { number } => {
                    let orders = self.inner.rackbeat.orders();
                    let read = orders.find(number);
                    match self.keeping_claim(&claims, read).await {
                        Ok(None) => Outcome::Failed(Failure::rejected(format!(
                            "Rackbeat has no order {number}"
                        ))),
                        read => self.rackbeat_outcome(read, report, |o| {
                            Outcome::Order(o.as_ref().map(SeenOrder::from).unwrap_or_default())
                        }),
                    }
                }
                Action::Book { number } => {
                    let orders = self.inner.rackbeat.orders();
                    let booked = orders.book(number, false);
                    let booked = self.keeping_claim(&claims, booked).await;
                    self.rackbeat_outcome(booked, report, |()| Outcome::Done)
                }
                Action::DeleteDraft { number } => {
                    let orders = self.inner.rackbeat.orders();
                    let deleted = orders.delete(number);
                    let deleted = self.keeping_claim(&claims, deleted).await;
                    if deleted.is_ok() {
                        listing.deleted();
                        index.forget(number);
                    }
                    self.rackbeat_outcome(deleted, report, |()| Outcome::Done)
                }
                Action::RecordFinding(finding) => {
                    store_outcome(self.record_finding(&finding).await.map(|()| Outcome::Done))
                }
                Action::RecordLink { number, booked } => {
                    let link =
                        OrderLink::new(key.clone(), number, order.reference(), booked, self.now());
                    match self.inner.store.complete_intent(&link).await {
                        Ok(_) => Outcome::Done,
                        Err(e @ StateError::LinkConflict { .. }) => {
                            Outcome::Failed(Failure::rejected(bounded(e)))
                        }
                        Err(e) => Outcome::Failed(Failure::unsure(bounded(e))),
                    }
                }
                Action::RecordFailure { reason } => {
                    let recorded =
                        self.inner
                            .store
                            .record_failure(ItemKind::Order, &key, &reason, self.now());
                    store_outcome(recorded.await.map(|_| Outcome::Done))
                }
                Action::ClearFailure => store_outcome(
                    self.inner
                        .store
                        .clear_failure(ItemKind::Order, &key)
                        .await
                        .map(|_| Outcome::Done),
                ),
                Action::Release => self.release(claims.order.as_ref()).await,
                Action::ReleaseCheck => self.release(claims.check.as_ref()).await,
            };
            action = transfer.handle(outcome, self.now());
        }
    }

    /// Reports how an order's transfer (or its skip) ended; returns whether it is settled.
    pub(super) fn report_verdict(
        &self,
        key: &str,
        verdict: Verdict,
        report: &mut JobReport,
    ) -> bool {
        for warning in verdict.warnings {
            report.warn(bounded(format!("order {key}: {warning}")));
        }
        let detail = bounded(verdict.detail);
        match verdict.kind {
            VerdictKind::Created => report.created(ItemKind::Order, key, detail),
            VerdictKind::Recovered => report.updated(ItemKind::Order, key, detail),
            VerdictKind::AlreadyLinked | VerdictKind::Skipped => {
                report.skipped(ItemKind::Order, key, detail);
            }
            VerdictKind::Failed | VerdictKind::Held => report.failed(ItemKind::Order, key, detail),
        }
        verdict.settled
    }

    async fn claim(
        &self,
        key: &str,
        reference: &str,
        lease_until: DateTime<Utc>,
        slot: &mut Option<Intent>,
    ) -> Outcome {
        match self
            .inner
            .store
            .begin_intent(key, reference, self.now(), lease_until)
            .await
        {
            Ok(IntentOutcome::Claimed(intent)) => {
                let attempt = intent.attempt;
                *slot = Some(intent);
                Outcome::Claimed { attempt }
            }
            Ok(IntentOutcome::AlreadyLinked(link)) => Outcome::Linked {
                number: link.rackbeat_number,
            },
            Ok(IntentOutcome::HeldByOther(intent)) => Outcome::Held {
                until: intent.lease_until,
                claimed_at: intent.claimed_at,
            },
            Err(e) => Outcome::Failed(Failure::unsure(bounded(e))),
        }
    }

    async fn extend(&self, intent: Option<&Intent>, lease_until: DateTime<Utc>) -> Outcome {
        let Some(intent) = intent else {
            return Outcome::Refused;
        };
        match self.inner.store.renew_intent(intent, lease_until).await {
            Ok(true) => Outcome::Done,
            Ok(false) => Outcome::Refused,
            Err(e) => Outcome::Failed(Failure::unsure(bounded(e))),
        }
    }

    async fn release(&self, intent: Option<&Intent>) -> Outcome {
        match intent {
            Some(intent) => store_outcome(
                self.inner
                    .store
                    .release_intent(intent)
                    .await
                    .map(|_| Outcome::Done),
            ),
            None => Outcome::Done,
        }
    }

    /// The Rackbeat orders a look-up reads, matched by the reference's keys.
    async fn look_up(
        &self,
        reference: &str,
        since: DateTime<Utc>,
        via: LookUpVia,
        listing: &mut NewestOrders<'_>,
        index: &mut OrderIndex,
    ) -> Result<Vec<SeenOrder>, rackbeat_client::Error> {
        let orders = self.inner.rackbeat.orders();
        match via {
            LookUpVia::RunListing => {
                let read = listing.back_to(since).await?;
                index.extend(read.iter().map(SeenOrder::from));
                Ok(index.matching(reference))
            }
            LookUpVia::Listing => {
                let read = orders.newest_first().back_to(since).await?;
                let mut fresh = OrderIndex::new();
                fresh.extend(read.iter().map(SeenOrder::from));
                index.extend(read.iter().map(SeenOrder::from));
                Ok(fresh.matching(reference))
            }
            LookUpVia::Search => {
                let hits = orders.search_reference(reference).await?;
                Ok(hits.iter().map(SeenOrder::from).collect())
            }
        }
    }

    /// A Rackbeat answer as an outcome: a refusal is definite, anything else may have taken
    /// effect. A credential problem is noted on the report (exit 2).
    fn rackbeat_outcome<T>(
        &self,
        result: Result<T, rackbeat_client::Error>,
        report: &mut JobReport,
        done: impl FnOnce(T) -> Outcome,
    ) -> Outcome {
        match result {
            Ok(value) => done(value),
            Err(e) => {
                note_credentials(report, &e);
                let message = bounded(&e);
                Outcome::Failed(if e.is_rejection() {
                    Failure::rejected(message)
                } else {
                    Failure::unsure(message)
                })
            }
        }
    }

    /// Runs `work` while renewing the order claim every third of the lease (never shortening a
    /// lease the transfer set, such as the one that covers a create's settle time).
    async fn keeping_claim<T>(&self, claims: &Claims, work: impl Future<Output = T>) -> T {
        let Some(intent) = claims.order.as_ref() else {
            return work.await;
        };
        let every = (self.inner.order_lease / 3).max(std::time::Duration::from_millis(10));
        let lease = to_chrono(self.inner.order_lease);
        let mut beats = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let work = std::pin::pin!(work);
        let mut work = work;
        loop {
            tokio::select! {
                out = &mut work => return out,
                _ = beats.tick() => {
                    let now = self.now();
                    let until = now
                        .checked_add_signed(lease)
                        .unwrap_or(DateTime::<Utc>::MAX_UTC)
                        .max(claims.lease_until.unwrap_or(now));
                    if let Err(e) = self.inner.store.renew_intent(intent, until).await {
                        tracing::warn!(error = %e, order = %intent.order_id, "could not renew the order claim");
                    }
                }
            }
        }
    }
}

/// A state-store answer as an outcome (a store error may have been written: unsure).
fn store_outcome(result: Result<Outcome, StateError>) -> Outcome {
    result.unwrap_or_else(|e| Outcome::Failed(Failure::unsure(bounded(e))))
}

fn to_chrono(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
