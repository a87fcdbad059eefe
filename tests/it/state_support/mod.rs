//! A state store that wraps another and lets a test make chosen calls fail or hang, to see
//! what the engine does when its memory fails part-way.
#![allow(dead_code)]

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use smartweb_rackbeat::report::ItemKind;
use smartweb_rackbeat::state::{Failure, Intent, IntentOutcome, OrderLink, StateError, StateStore};
use sync_core::facts::Finding;

/// What a hooked call does.
pub enum Hook {
    /// Goes through to the wrapped store.
    Pass,
    /// Fails with this error, changing nothing.
    Fail(StateError),
    /// Never returns (a worker that died right there).
    Hang,
    /// Goes through, then fails with this error: the write took effect, its answer was lost.
    FailAfter(StateError),
    /// Goes through, then never returns: the worker died after the write took effect.
    HangAfter,
}

/// The decision for one call, by the store method's name (`"link"`, `"complete_intent"`, …).
pub type Decide = Box<dyn Fn(&'static str) -> Hook + Send + Sync>;

/// `inner`, with every call first put to `decide`.
pub struct Hooked<S> {
    pub inner: S,
    decide: Decide,
}

impl<S> Hooked<S> {
    pub fn new(inner: S, decide: impl Fn(&'static str) -> Hook + Send + Sync + 'static) -> Self {
        Self {
            inner,
            decide: Box::new(decide),
        }
    }

    /// Runs one call of the wrapped store as `decide` says.
    async fn around<T>(
        &self,
        call: &'static str,
        work: impl std::future::Future<Output = Result<T, StateError>>,
    ) -> Result<T, StateError> {
        match (self.decide)(call) {
            Hook::Pass => work.await,
            Hook::Fail(e) => Err(e),
            Hook::Hang => std::future::pending().await,
            Hook::FailAfter(e) => {
                work.await?;
                Err(e)
            }
            Hook::HangAfter => {
                let _ = work.await;
                std::future::pending().await
            }
        }
    }
}

/// The error an unreachable database gives.
pub fn unreachable() -> StateError {
    StateError::Unreachable {
        operation: "testing",
        source: "connection refused".into(),
    }
}

#[async_trait]
impl<S: StateStore> StateStore for Hooked<S> {
    fn shop(&self) -> &str {
        self.inner.shop()
    }
    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        self.around("link", self.inner.link(order_id)).await
    }
    async fn link_by_rackbeat_number(&self, n: u64) -> Result<Option<OrderLink>, StateError> {
        self.around(
            "link_by_rackbeat_number",
            self.inner.link_by_rackbeat_number(n),
        )
        .await
    }
    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        self.around("put_link", self.inner.put_link(link)).await
    }
    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        self.around(
            "begin_intent",
            self.inner
                .begin_intent(order_id, reference, now, lease_until),
        )
        .await
    }
    async fn renew_intent(&self, i: &Intent, until: DateTime<Utc>) -> Result<bool, StateError> {
        self.around("renew_intent", self.inner.renew_intent(i, until))
            .await
    }
    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        self.around("complete_intent", self.inner.complete_intent(link))
            .await
    }
    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        self.around("release_intent", self.inner.release_intent(intent))
            .await
    }
    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        self.around("open_intents", self.inner.open_intents()).await
    }
    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        self.around("cursor", self.inner.cursor(name)).await
    }
    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        self.around("advance_cursor", self.inner.advance_cursor(name, to))
            .await
    }
    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        self.around("reset_cursor", self.inner.reset_cursor(name, to))
            .await
    }
    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        self.around(
            "record_failure",
            self.inner.record_failure(kind, key, reason, now),
        )
        .await
    }
    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        self.around("failures", self.inner.failures()).await
    }
    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        self.around("clear_failure", self.inner.clear_failure(kind, key))
            .await
    }
    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        self.around("seen_webhook", self.inner.seen_webhook(key, now))
            .await
    }
    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        self.around("prune_webhooks", self.inner.prune_webhooks(older_than))
            .await
    }
    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        self.around("put_secret", self.inner.put_secret(name, value))
            .await
    }
    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        self.around("secret", self.inner.secret(name)).await
    }
    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        self.around("delete_secret", self.inner.delete_secret(name))
            .await
    }
    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError> {
        self.around("put_finding", self.inner.put_finding(finding))
            .await
    }
    async fn findings(&self) -> Result<Vec<Finding>, StateError> {
        self.around("findings", self.inner.findings()).await
    }
    async fn remembered_customer(&self, keys: &[String]) -> Result<Option<u64>, StateError> {
        self.around("remembered_customer", self.inner.remembered_customer(keys))
            .await
    }
    async fn remember_customer(
        &self,
        keys: &[String],
        number: u64,
        now: DateTime<Utc>,
    ) -> Result<(), StateError> {
        self.around(
            "remember_customer",
            self.inner.remember_customer(keys, number, now),
        )
        .await
    }
    async fn forget_customer(&self, number: u64) -> Result<u64, StateError> {
        self.around("forget_customer", self.inner.forget_customer(number))
            .await
    }
}
