//! Orders are never lost when the state store fails part-way: an abandoned claim is resumed
//! by a later run whatever its window, and a window whose outcomes could not be stored is read
//! again instead of moving the cursor past it.

mod engine_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use smartweb_rackbeat::OrderWindow;
use smartweb_rackbeat::report::ItemKind;
use smartweb_rackbeat::state::{
    Failure, Intent, IntentOutcome, MemoryStore, OrderLink, StateError, StateStore,
};

use engine_support::{World, at, window};

/// A memory store whose order writes can be switched to fail as an unreachable database.
#[derive(Default)]
struct Flaky {
    inner: MemoryStore,
    /// `link`, `begin_intent` and `record_failure` fail.
    down: AtomicBool,
    /// Only `complete_intent` fails (the Rackbeat order exists, its link is not saved).
    links_lost: AtomicBool,
}

fn unreachable() -> StateError {
    StateError::Unreachable {
        operation: "testing",
        source: "connection refused".into(),
    }
}

impl Flaky {
    fn check(&self, flag: &AtomicBool) -> Result<(), StateError> {
        if flag.load(Ordering::SeqCst) {
            Err(unreachable())
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl StateStore for Flaky {
    fn shop(&self) -> &str {
        self.inner.shop()
    }
    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        self.check(&self.down)?;
        self.inner.link(order_id).await
    }
    async fn link_by_rackbeat_number(&self, n: u64) -> Result<Option<OrderLink>, StateError> {
        self.inner.link_by_rackbeat_number(n).await
    }
    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        self.inner.put_link(link).await
    }
    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        self.check(&self.down)?;
        self.inner
            .begin_intent(order_id, reference, now, lease_until)
            .await
    }
    async fn renew_intent(&self, i: &Intent, until: DateTime<Utc>) -> Result<bool, StateError> {
        self.inner.renew_intent(i, until).await
    }
    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        self.check(&self.links_lost)?;
        self.inner.complete_intent(link).await
    }
    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        self.inner.release_intent(intent).await
    }
    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        self.inner.open_intents().await
    }
    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        self.inner.cursor(name).await
    }
    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        self.inner.advance_cursor(name, to).await
    }
    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        self.inner.reset_cursor(name, to).await
    }
    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        self.check(&self.down)?;
        self.inner.record_failure(kind, key, reason, now).await
    }
    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        self.inner.failures().await
    }
    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        self.inner.clear_failure(kind, key).await
    }
    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        self.inner.seen_webhook(key, now).await
    }
    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        self.inner.prune_webhooks(older_than).await
    }
    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        self.inner.put_secret(name, value).await
    }
    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        self.inner.secret(name).await
    }
    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        self.inner.delete_secret(name).await
    }
}

async fn world_with(store: &Arc<Flaky>) -> World {
    let mut world = World::new().await;
    world.store = Arc::clone(store) as Arc<dyn StateStore>;
    world
}

/// A window that does not hold the fixture orders (created 2026-01-01).
fn later_window() -> OrderWindow {
    OrderWindow {
        since: Some(at(2026, 3, 1)),
        until: Some(at(2026, 3, 2)),
    }
}

#[tokio::test]
async fn an_order_whose_link_was_lost_is_linked_by_a_later_run_outside_its_window() {
    let store = Arc::new(Flaky::default());
    let world = world_with(&store).await;
    world.seed_order(4001);
    let integration = world.integration();

    store.links_lost.store(true, Ordering::SeqCst);
    let first = integration.import_orders(window()).await;
    assert_eq!(first.created.len(), 1, "{first}");
    assert!(
        first
            .warnings
            .iter()
            .any(|w| w.contains("link could not be saved")),
        "{first}"
    );
    assert!(store.inner.link("4001").await.unwrap().is_none());
    assert_eq!(world.rackbeat_orders_for("SW-4001").len(), 1);

    // The next scheduled run's window no longer holds the order. While the first run's claim
    // is within its lease (5 minutes) it is left alone...
    store.links_lost.store(false, Ordering::SeqCst);
    let held = integration.import_orders(later_window()).await;
    assert!(held.created.is_empty() && held.updated.is_empty(), "{held}");
    assert_eq!(world.rackbeat_orders_for("SW-4001").len(), 1);

    // ...and once the lease has run out (renewed into the past, as if the time had passed) a
    // run resumes it: it finds the Rackbeat order by its reference and links it.
    let intents = store.inner.open_intents().await.unwrap();
    assert_eq!(intents.len(), 1, "the first run's claim is still open");
    let past = Utc::now() - chrono::Duration::seconds(1);
    assert!(store.inner.renew_intent(&intents[0], past).await.unwrap());
    let report = integration.import_orders(later_window()).await;
    assert!(report.failed.is_empty(), "{report}");
    assert_eq!(report.updated.len(), 1, "{report}");
    assert!(
        report.updated[0].detail.contains("earlier attempt"),
        "{report}"
    );
    let link = store.inner.link("4001").await.unwrap().expect("linked now");
    let orders = world.rackbeat_orders_for("SW-4001");
    assert_eq!(orders.len(), 1, "never created twice");
    assert_eq!(link.rackbeat_number, orders[0].number);
    assert!(store.inner.open_intents().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_window_whose_outcomes_could_not_be_stored_is_read_again() {
    let store = Arc::new(Flaky::default());
    let world = world_with(&store).await;
    world.seed_order(4101);
    let integration = world.integration();
    let start = at(2025, 12, 1);
    store.inner.reset_cursor("orders", start).await.unwrap();
    let scheduled = OrderWindow {
        since: None,
        until: Some(at(2026, 2, 1)),
    };

    store.down.store(true, Ordering::SeqCst);
    let outage = integration.import_orders(scheduled).await;
    assert_eq!(outage.failed.len(), 1, "{outage}");
    assert!(outage.failed[0].detail.contains("state store"), "{outage}");
    assert!(
        outage.warnings.iter().any(|w| w.contains("cursor stays")),
        "{outage}"
    );
    assert_eq!(
        store.inner.cursor("orders").await.unwrap(),
        Some(start),
        "the cursor did not move past the order"
    );
    assert!(world.rackbeat_orders_for("SW-4101").is_empty());

    store.down.store(false, Ordering::SeqCst);
    let recovered = integration.import_orders(scheduled).await;
    assert_eq!(recovered.created.len(), 1, "{recovered}");
    assert_eq!(world.rackbeat_orders_for("SW-4101").len(), 1);
    assert_eq!(
        store.inner.cursor("orders").await.unwrap(),
        Some(at(2026, 2, 1))
    );
}
