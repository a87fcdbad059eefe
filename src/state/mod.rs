//! Durable sync state: which SmartWeb orders became which Rackbeat orders, write-ahead intents
//! that make order creation duplicate-proof, cursors, failures, webhook dedupe keys, secrets,
//! and the account facts the probe established (findings).
//!
//! # One store per shop
//!
//! A store instance serves **one shop**; [`StateStore::shop`] names it and no method takes a
//! shop parameter. The engine runs one `Integration` per shop, so a shop can never be mixed
//! up with another by passing the wrong argument. The tables are still keyed by shop
//! (see [`SqliteStore::open_shop`]), so one database can hold many shops: a multi-shop store
//! (PostgreSQL, issue 12) hands out one handle per shop over a shared pool.
//!
//! # Duplicate-proof orders
//!
//! 1. [`StateStore::begin_intent`] atomically claims the order with a lease, or answers that it
//!    is already linked or held by someone else. Every claim gets a fresh [`ClaimToken`], so a
//!    webhook and a cron run in one process are two claimants like two processes are.
//! 2. If the claimed [`Intent::is_resumed`], a Rackbeat order may exist already: look its
//!    reference up in Rackbeat first.
//! 3. Create the Rackbeat order, then [`StateStore::complete_intent`] records the link and
//!    drops the intent in one transaction.
//! 4. On an error where nothing was created, [`StateStore::release_intent`]; when unsure, leave
//!    the intent: its lease runs out and the next claimant resumes it.
//!
//! # Time
//!
//! Every instant is passed in by the caller; the stores never read the clock. Leases compare
//! the callers' clocks, so workers sharing one store need synchronised clocks (NTP); keep
//! leases long compared with the possible skew (minutes, not seconds). A store shared across
//! machines may compare against its database's clock instead.
//!
//! # Secrets
//!
//! [`StateStore::put_secret`] stores a secret **as given** (not encrypted): protect the SQLite
//! file like the configuration file that holds the API credentials.

mod error;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
mod sql;
mod sqlite;
mod types;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use sync_core::facts::Finding;

pub use error::{BoxError, StateError};
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use postgres::{
    DEFAULT_POSTGRES_CONNECTIONS, POSTGRES_SCHEMA_VERSION, PostgresOptions, PostgresStore,
};
pub use sqlite::{DEFAULT_BUSY_TIMEOUT, SCHEMA_VERSION, SqliteStore};
pub use types::{ClaimToken, Failure, Intent, IntentOutcome, MAX_REASON_CHARS, OrderLink};

use crate::report::ItemKind;

/// The shop name used by constructors that take none.
pub const DEFAULT_SHOP: &str = "default";

/// Durable state for one shop. See the [module docs](self) for the protocol.
///
/// All methods are safe to call concurrently, from several tasks and (for stores backed by a
/// shared database) several processes.
#[async_trait]
pub trait StateStore: Send + Sync {
    /// The shop this store serves.
    fn shop(&self) -> &str;

    /// The link recorded for a SmartWeb order, if any.
    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError>;

    /// The link for a Rackbeat order number, if any (e.g. to write a shipment back).
    async fn link_by_rackbeat_number(
        &self,
        rackbeat_number: u64,
    ) -> Result<Option<OrderLink>, StateError>;

    /// Writes a link as given (insert or replace), keeping the stored `created_at` when one
    /// exists. Use it for updates such as `booked`; new orders go through
    /// [`complete_intent`](Self::complete_intent).
    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError>;

    /// Atomically claims `order_id` until `lease_until`.
    ///
    /// - a link exists → [`IntentOutcome::AlreadyLinked`];
    /// - an intent with a live lease (`lease_until > now`, not released) →
    ///   [`IntentOutcome::HeldByOther`];
    /// - an intent that is free (released or expired) → taken over: new owner, `attempt + 1`,
    ///   the stored reference kept → [`IntentOutcome::Claimed`] (resumed);
    /// - nothing → a new intent, `attempt = 1` → [`IntentOutcome::Claimed`].
    ///
    /// Of any number of concurrent callers for one order exactly one gets `Claimed`.
    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError>;

    /// Extends the lease of an intent this caller holds. Returns `false` (and changes nothing)
    /// when the intent is gone or someone else holds it now.
    async fn renew_intent(
        &self,
        intent: &Intent,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StateError>;

    /// Records the link and removes the order's intent in one transaction (whoever holds it:
    /// the Rackbeat order exists, so the link is a fact).
    ///
    /// If the order is already linked to the same Rackbeat number the link is updated; if it is
    /// linked to a different one the existing link is kept, the intent is still removed, and
    /// [`StateError::LinkConflict`] is returned. Returns the link as stored.
    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError>;

    /// Gives up a claim: the intent stays (a later claimant resumes it) but is free at once.
    /// Returns `false` when `intent`'s token no longer holds it.
    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError>;

    /// Every open intent (held or free), ordered by order id, for recovery after a crash:
    /// claim the free ones ([`Intent::is_free`]) with [`begin_intent`](Self::begin_intent).
    async fn open_intents(&self) -> Result<Vec<Intent>, StateError>;

    /// A named cursor's position (e.g. `"orders.updated"`).
    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError>;

    /// Moves a cursor to `to` unless it is already later (monotonic maximum, atomic).
    /// Returns the position after the call.
    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError>;

    /// Sets a cursor to `to` even if that moves it back (an operator's "resync from").
    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError>;

    /// Records a failed attempt: creates the failure with `attempts = 1`, or increments
    /// `attempts` and replaces the reason and last attempt time. The reason is cut to
    /// [`MAX_REASON_CHARS`]. Returns the failure as stored.
    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError>;

    /// Every recorded failure, ordered by kind then key.
    async fn failures(&self) -> Result<Vec<Failure>, StateError>;

    /// Forgets a failure (after a success). Returns whether one existed.
    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError>;

    /// Inserts a webhook dedupe key if absent. Returns `true` when the key was already there
    /// (a redelivery), `false` when this call recorded it. Atomic across concurrent callers:
    /// exactly one of them sees `false`.
    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError>;

    /// Removes dedupe keys first seen before `older_than`. Returns how many went.
    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError>;

    /// Stores a secret by name (e.g. the Rackbeat webhook token, shown only once), replacing
    /// any previous value. Stored as given: protect the store like the configuration.
    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError>;

    /// Loads a secret by name.
    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError>;

    /// Deletes a secret. Returns whether one existed.
    async fn delete_secret(&self, name: &str) -> Result<bool, StateError>;

    /// Stores what the probe (or a job) established about one assumption, replacing the
    /// stored finding for it unless that one was checked later: an older finding never
    /// replaces a newer one, as in [`AccountFacts::record`](sync_core::facts::AccountFacts::record).
    /// The evidence is cut to [`MAX_REASON_CHARS`].
    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError>;

    /// The latest finding per assumption, in [`Assumption`](sync_core::facts::Assumption)
    /// order. Findings about assumptions this build does not know (stored by a newer build)
    /// are left out.
    async fn findings(&self) -> Result<Vec<Finding>, StateError>;
}

/// Hands out unique claim tokens: `<worker id>#<counter>`.
#[derive(Debug, Clone)]
pub(crate) struct TokenSource {
    worker: Arc<str>,
    next: Arc<AtomicU64>,
}

impl TokenSource {
    /// A source with a random worker id (process id plus 64 random bits).
    pub(crate) fn random() -> Self {
        Self::with_worker(format!("{}-{:016x}", std::process::id(), random_u64()))
    }

    /// A source with the given worker id.
    pub(crate) fn with_worker(worker: impl Into<String>) -> Self {
        let worker: String = worker.into();
        Self {
            worker: Arc::from(worker),
            next: Arc::new(AtomicU64::new(1)),
        }
    }

    /// The worker id.
    pub(crate) fn worker(&self) -> &str {
        &self.worker
    }

    /// A fresh token.
    pub(crate) fn next(&self) -> ClaimToken {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        ClaimToken(format!("{}#{n}", self.worker))
    }
}

/// 64 random bits from the standard library's randomly keyed hasher (no extra dependency;
/// uniqueness, not secrecy, is what matters here).
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// A shared store is a store, so `Integration<Arc<dyn StateStore>>` and `Arc<SqliteStore>`
/// work wherever a `StateStore` is expected.
#[async_trait]
impl<T: StateStore + ?Sized> StateStore for Arc<T> {
    fn shop(&self) -> &str {
        (**self).shop()
    }

    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        (**self).link(order_id).await
    }

    async fn link_by_rackbeat_number(
        &self,
        rackbeat_number: u64,
    ) -> Result<Option<OrderLink>, StateError> {
        (**self).link_by_rackbeat_number(rackbeat_number).await
    }

    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        (**self).put_link(link).await
    }

    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        (**self)
            .begin_intent(order_id, reference, now, lease_until)
            .await
    }

    async fn renew_intent(
        &self,
        intent: &Intent,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StateError> {
        (**self).renew_intent(intent, lease_until).await
    }

    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        (**self).complete_intent(link).await
    }

    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        (**self).release_intent(intent).await
    }

    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        (**self).open_intents().await
    }

    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        (**self).cursor(name).await
    }

    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        (**self).advance_cursor(name, to).await
    }

    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        (**self).reset_cursor(name, to).await
    }

    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        (**self).record_failure(kind, key, reason, now).await
    }

    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        (**self).failures().await
    }

    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        (**self).clear_failure(kind, key).await
    }

    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        (**self).seen_webhook(key, now).await
    }

    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        (**self).prune_webhooks(older_than).await
    }

    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        (**self).put_secret(name, value).await
    }

    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        (**self).secret(name).await
    }

    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        (**self).delete_secret(name).await
    }

    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError> {
        (**self).put_finding(finding).await
    }

    async fn findings(&self) -> Result<Vec<Finding>, StateError> {
        (**self).findings().await
    }
}
