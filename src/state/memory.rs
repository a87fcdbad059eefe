//! An in-memory [`StateStore`] for tests and demos.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use sync_core::facts::{AccountFacts, Finding};

use super::types::bounded_reason;
use super::{
    ClaimToken, DEFAULT_SHOP, Failure, Intent, IntentOutcome, OrderLink, StateError, StateStore,
    TokenSource,
};
use crate::report::ItemKind;

#[derive(Default)]
struct Tables {
    links: BTreeMap<String, OrderLink>,
    intents: BTreeMap<String, Intent>,
    cursors: BTreeMap<String, DateTime<Utc>>,
    failures: BTreeMap<(ItemKind, String), Failure>,
    webhooks: BTreeMap<String, DateTime<Utc>>,
    secrets: BTreeMap<String, SecretString>,
    facts: AccountFacts,
}

/// A [`StateStore`] in memory: nothing survives the process.
///
/// Clones share the same state, like several connections to one database. Each operation runs
/// under one mutex, which makes it atomic. [`worker`](Self::worker) gives a handle that shares
/// the state under another worker id, to simulate several workers.
#[derive(Clone)]
pub struct MemoryStore {
    shop: Arc<str>,
    tables: Arc<Mutex<Tables>>,
    tokens: TokenSource,
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("shop", &self.shop)
            .field("worker", &self.tokens.worker())
            .finish_non_exhaustive()
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// An empty store for the shop [`DEFAULT_SHOP`].
    pub fn new() -> Self {
        Self::for_shop(DEFAULT_SHOP)
    }

    /// An empty store for the named shop.
    pub fn for_shop(shop: impl Into<String>) -> Self {
        let shop: String = shop.into();
        Self {
            shop: Arc::from(shop),
            tables: Arc::default(),
            tokens: TokenSource::random(),
        }
    }

    /// A handle on the same state under another worker id (claim tokens start with it).
    pub fn worker(&self, worker_id: impl Into<String>) -> Self {
        Self {
            shop: self.shop.clone(),
            tables: self.tables.clone(),
            tokens: TokenSource::with_worker(worker_id),
        }
    }

    fn tables(&self) -> MutexGuard<'_, Tables> {
        // A panic while the lock was held cannot leave a table half-written (every update
        // is a single map operation), so a poisoned lock is still consistent.
        self.tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn owned_by(intent: &Intent, token: Option<&ClaimToken>) -> bool {
    token.is_some() && intent.owner.as_ref() == token
}

#[async_trait]
impl StateStore for MemoryStore {
    fn shop(&self) -> &str {
        &self.shop
    }

    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        Ok(self.tables().links.get(order_id).cloned())
    }

    async fn link_by_rackbeat_number(
        &self,
        rackbeat_number: u64,
    ) -> Result<Option<OrderLink>, StateError> {
        Ok(self
            .tables()
            .links
            .values()
            .find(|l| l.rackbeat_number == rackbeat_number)
            .cloned())
    }

    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        let mut t = self.tables();
        let mut stored = link.clone();
        if let Some(existing) = t.links.get(&link.order_id) {
            stored.created_at = existing.created_at;
        }
        t.links.insert(link.order_id.clone(), stored);
        Ok(())
    }

    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        let mut t = self.tables();
        if let Some(link) = t.links.get(order_id) {
            return Ok(IntentOutcome::AlreadyLinked(link.clone()));
        }
        let token = self.tokens.next();
        let intent = match t.intents.get_mut(order_id) {
            Some(existing) if !existing.is_free(now) => {
                return Ok(IntentOutcome::HeldByOther(existing.clone()));
            }
            Some(existing) => {
                existing.owner = Some(token);
                existing.attempt = existing.attempt.saturating_add(1);
                existing.claimed_at = now;
                existing.lease_until = lease_until;
                existing.clone()
            }
            None => {
                let intent = Intent {
                    order_id: order_id.to_owned(),
                    reference: reference.to_owned(),
                    owner: Some(token),
                    attempt: 1,
                    created_at: now,
                    claimed_at: now,
                    lease_until,
                };
                t.intents.insert(order_id.to_owned(), intent.clone());
                intent
            }
        };
        Ok(IntentOutcome::Claimed(intent))
    }

    async fn renew_intent(
        &self,
        intent: &Intent,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StateError> {
        let mut t = self.tables();
        match t.intents.get_mut(&intent.order_id) {
            Some(stored) if owned_by(stored, intent.owner.as_ref()) => {
                stored.lease_until = lease_until;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        let mut t = self.tables();
        t.intents.remove(&link.order_id);
        let mut stored = link.clone();
        if let Some(existing) = t.links.get(&link.order_id) {
            if existing.rackbeat_number != link.rackbeat_number {
                return Err(StateError::LinkConflict {
                    order_id: link.order_id.clone(),
                    existing: existing.rackbeat_number,
                    attempted: link.rackbeat_number,
                });
            }
            stored.created_at = existing.created_at;
        }
        t.links.insert(link.order_id.clone(), stored.clone());
        Ok(stored)
    }

    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        let mut t = self.tables();
        match t.intents.get_mut(&intent.order_id) {
            Some(stored) if owned_by(stored, intent.owner.as_ref()) => {
                stored.owner = None;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        Ok(self.tables().intents.values().cloned().collect())
    }

    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        Ok(self.tables().cursors.get(name).copied())
    }

    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        let mut t = self.tables();
        let position = t.cursors.entry(name.to_owned()).or_insert(to);
        if to > *position {
            *position = to;
        }
        Ok(*position)
    }

    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        self.tables().cursors.insert(name.to_owned(), to);
        Ok(())
    }

    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        let mut t = self.tables();
        let failure = t
            .failures
            .entry((kind, key.to_owned()))
            .and_modify(|f| {
                f.attempts = f.attempts.saturating_add(1);
                f.reason = bounded_reason(reason);
                f.last_attempt_at = now;
            })
            .or_insert_with(|| Failure {
                kind,
                key: key.to_owned(),
                reason: bounded_reason(reason),
                attempts: 1,
                first_failed_at: now,
                last_attempt_at: now,
            });
        Ok(failure.clone())
    }

    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        Ok(self.tables().failures.values().cloned().collect())
    }

    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        Ok(self
            .tables()
            .failures
            .remove(&(kind, key.to_owned()))
            .is_some())
    }

    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        let mut t = self.tables();
        if t.webhooks.contains_key(key) {
            return Ok(true);
        }
        t.webhooks.insert(key.to_owned(), now);
        Ok(false)
    }

    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        let mut t = self.tables();
        let before = t.webhooks.len();
        t.webhooks.retain(|_, seen| *seen >= older_than);
        Ok(u64::try_from(before.saturating_sub(t.webhooks.len())).unwrap_or(u64::MAX))
    }

    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        self.tables().secrets.insert(
            name.to_owned(),
            SecretString::from(value.expose_secret().to_owned()),
        );
        Ok(())
    }

    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        Ok(self.tables().secrets.get(name).cloned())
    }

    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        Ok(self.tables().secrets.remove(name).is_some())
    }

    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError> {
        let mut stored = finding.clone();
        stored.evidence = bounded_reason(&finding.evidence);
        self.tables().facts.record(stored);
        Ok(())
    }

    async fn findings(&self) -> Result<Vec<Finding>, StateError> {
        Ok(self.tables().facts.findings().cloned().collect())
    }
}
