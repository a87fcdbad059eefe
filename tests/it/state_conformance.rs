//! The same behaviour tests against every `StateStore` (in-memory, SQLite and, with the
//! `postgres` feature, PostgreSQL).
//!
//! Each test takes two handles on one state, `a` and `b`: for the memory store two workers
//! sharing the maps, for SQLite two connections to one file (as two processes would have), for
//! PostgreSQL two stores with their own connection pools on one database, under a shop key of
//! their own so tests run in parallel. The PostgreSQL tests need a server and are ignored
//! unless asked for (`tests/it/postgres_support/mod.rs` says how).

#[cfg(feature = "postgres")]
use crate::postgres_support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use secrecy::{ExposeSecret, SecretString};
use smartweb_rackbeat::report::ItemKind;
use smartweb_rackbeat::state::{
    IntentOutcome, MAX_REASON_CHARS, MemoryStore, OrderLink, SqliteStore, StateError, StateStore,
};
use sync_core::facts::{AccountFacts, Assumption, DuplicateKey, Finding, Verdict};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "smartweb-rackbeat-state-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn file(&self) -> PathBuf {
        self.0.join("state.sqlite")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn memory_pair() -> (MemoryStore, MemoryStore) {
    let a = MemoryStore::new().worker("a");
    let b = a.worker("b");
    (a, b)
}

async fn sqlite_pair(path: &Path) -> (SqliteStore, SqliteStore) {
    let a = SqliteStore::open(path).await.unwrap().with_worker_id("a");
    let b = SqliteStore::open(path).await.unwrap().with_worker_id("b");
    (a, b)
}

/// Two workers' stores on the test database under a fresh shop key.
#[cfg(feature = "postgres")]
async fn postgres_pair(
    test: &str,
) -> (
    smartweb_rackbeat::state::PostgresStore,
    smartweb_rackbeat::state::PostgresStore,
) {
    use smartweb_rackbeat::state::PostgresStore;
    let url = postgres_support::database_url();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let shop = format!(
        "conformance-{test}-{}-{nanos}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let a = PostgresStore::connect(&url, shop.clone())
        .await
        .unwrap()
        .with_worker_id("a");
    let b = PostgresStore::connect(&url, shop)
        .await
        .unwrap()
        .with_worker_id("b");
    (a, b)
}

fn claimed(outcome: IntentOutcome) -> smartweb_rackbeat::state::Intent {
    match outcome {
        IntentOutcome::Claimed(intent) => intent,
        other => panic!("expected Claimed, got {other:?}"),
    }
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let (a, b) = super::memory_pair();
                    super::$name(a, b).await;
                }
            )*
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let dir = super::TempDir::new();
                    let (a, b) = super::sqlite_pair(&dir.file()).await;
                    super::$name(a, b).await;
                }
            )*
        }
        #[cfg(feature = "postgres")]
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                #[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
                async fn $name() {
                    let (a, b) = super::postgres_pair(stringify!($name)).await;
                    super::$name(a, b).await;
                }
            )*
        }
        /// The same suite through `Arc<dyn StateStore>`, the shape the engine holds.
        mod shared_dyn {
            use std::sync::Arc;
            use smartweb_rackbeat::state::StateStore;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let dir = super::TempDir::new();
                    let (a, b) = super::sqlite_pair(&dir.file()).await;
                    let (a, b): (Arc<dyn StateStore>, Arc<dyn StateStore>) = (Arc::new(a), Arc::new(b));
                    super::$name(a, b).await;
                }
            )*
        }
    };
}

conformance!(
    links_round_trip_and_keep_created_at,
    claim_complete_then_already_linked,
    racing_claims_have_exactly_one_winner,
    racing_claims_on_many_orders_one_winner_each,
    claims_racing_a_completion_never_start_afresh,
    live_lease_is_held_and_expired_lease_is_taken_over,
    released_intent_is_resumed_at_once,
    renew_extends_only_the_holders_lease,
    worker_dying_between_created_and_recorded_is_resumed,
    complete_with_a_different_number_is_a_conflict,
    open_intents_lists_every_open_intent_in_order,
    cursors_only_move_forward_unless_reset,
    concurrent_cursor_advances_end_at_the_max,
    failures_count_attempts_and_clear,
    webhook_keys_dedupe_under_concurrency,
    webhook_keys_are_pruned_by_age,
    secrets_round_trip_and_stay_redacted,
    findings_keep_the_latest_per_assumption,
    the_customer_index_answers_with_the_first_key_asked,
    forgetting_a_customer_drops_every_key_naming_it,
);

async fn links_round_trip_and_keep_created_at<S: StateStore>(a: S, b: S) {
    assert_eq!(a.link("1001").await.unwrap(), None);
    let link = OrderLink::new("1001", 5001, "SW-1001", false, t(0));
    a.put_link(&link).await.unwrap();
    assert_eq!(b.link("1001").await.unwrap(), Some(link.clone()));

    let booked = OrderLink {
        booked: true,
        created_at: t(100),
        updated_at: t(100),
        ..link.clone()
    };
    b.put_link(&booked).await.unwrap();
    let stored = a.link("1001").await.unwrap().unwrap();
    assert!(stored.booked);
    assert_eq!(stored.created_at, t(0), "created_at is kept");
    assert_eq!(stored.updated_at, t(100));
    assert_eq!(
        a.link_by_rackbeat_number(5001)
            .await
            .unwrap()
            .unwrap()
            .order_id,
        "1001"
    );
    assert_eq!(a.link_by_rackbeat_number(9999).await.unwrap(), None);
}

async fn claim_complete_then_already_linked<S: StateStore>(a: S, b: S) {
    let intent = claimed(
        a.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
    );
    assert_eq!(intent.attempt, 1);
    assert!(!intent.is_resumed());
    assert_eq!(intent.reference, "SW-1001");
    assert!(intent.owner.is_some());

    let link = OrderLink::new("1001", 5001, "SW-1001", true, t(5));
    assert_eq!(a.complete_intent(&link).await.unwrap(), link);
    assert!(a.open_intents().await.unwrap().is_empty());

    match b
        .begin_intent("1001", "SW-1001", t(10), t(70))
        .await
        .unwrap()
    {
        IntentOutcome::AlreadyLinked(found) => assert_eq!(found, link),
        other => panic!("expected AlreadyLinked, got {other:?}"),
    }
    // The same worker asking again gets the same answer: no second claim in one process.
    assert!(matches!(
        a.begin_intent("1001", "SW-1001", t(10), t(70))
            .await
            .unwrap(),
        IntentOutcome::AlreadyLinked(_)
    ));
}

async fn racing_claims_have_exactly_one_winner<S: StateStore + Clone + 'static>(a: S, b: S) {
    let mut tasks = Vec::new();
    for i in 0..16 {
        // Half on each handle: same process (webhook + cron) and another process at once.
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store
                .begin_intent("1001", "SW-1001", t(0), t(60))
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    let mut held = 0;
    for task in tasks {
        match task.await.unwrap() {
            IntentOutcome::Claimed(_) => winners += 1,
            IntentOutcome::HeldByOther(_) => held += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((winners, held), (1, 15));
    let open = a.open_intents().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].attempt, 1);
}

async fn racing_claims_on_many_orders_one_winner_each<S: StateStore + Clone + 'static>(a: S, b: S) {
    let mut tasks = Vec::new();
    for order in 0..10 {
        for store in [a.clone(), b.clone(), a.clone()] {
            tasks.push(tokio::spawn(async move {
                let id = format!("{order}");
                let outcome = store
                    .begin_intent(&id, &format!("SW-{id}"), t(0), t(60))
                    .await
                    .unwrap();
                (id, matches!(outcome, IntentOutcome::Claimed(_)))
            }));
        }
    }
    let mut winners = HashSet::new();
    for task in tasks {
        let (id, won) = task.await.unwrap();
        if won {
            assert!(winners.insert(id.clone()), "order {id} claimed twice");
        }
    }
    assert_eq!(winners.len(), 10);
}

async fn claims_racing_a_completion_never_start_afresh<S: StateStore + Clone + 'static>(
    a: S,
    b: S,
) {
    // While the lease is live a claimant must see HeldByOther, once the link is recorded
    // AlreadyLinked. A store that let a claim fall between "intent removed" and "link
    // visible" would hand out a fresh attempt 1, whose holder would create a second order.
    for round in 0..10 {
        let id = format!("race-{round}");
        claimed(a.begin_intent(&id, "SW-race", t(0), t(600)).await.unwrap());
        let mut claimants = Vec::new();
        for i in 0..8 {
            let store = if i % 2 == 0 { b.clone() } else { a.clone() };
            let id = id.clone();
            claimants.push(tokio::spawn(async move {
                store
                    .begin_intent(&id, "SW-race", t(30), t(90))
                    .await
                    .unwrap()
            }));
        }
        a.complete_intent(&OrderLink::new(&id, 9000 + round, "SW-race", false, t(31)))
            .await
            .unwrap();
        for claimant in claimants {
            match claimant.await.unwrap() {
                IntentOutcome::HeldByOther(_) | IntentOutcome::AlreadyLinked(_) => {}
                IntentOutcome::Claimed(intent) => panic!("claimed during completion: {intent:?}"),
            }
        }
        assert!(matches!(
            b.begin_intent(&id, "SW-race", t(32), t(90)).await.unwrap(),
            IntentOutcome::AlreadyLinked(_)
        ));
    }
    assert!(a.open_intents().await.unwrap().is_empty());
}

async fn live_lease_is_held_and_expired_lease_is_taken_over<S: StateStore>(a: S, b: S) {
    let first = claimed(
        a.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
    );

    match b
        .begin_intent("1001", "SW-other", t(30), t(90))
        .await
        .unwrap()
    {
        IntentOutcome::HeldByOther(intent) => assert_eq!(intent.owner, first.owner),
        other => panic!("expected HeldByOther, got {other:?}"),
    }

    let second = claimed(
        b.begin_intent("1001", "SW-other", t(61), t(120))
            .await
            .unwrap(),
    );
    assert_eq!(second.attempt, 2);
    assert!(
        second.is_resumed(),
        "the taker must look the reference up first"
    );
    assert_eq!(second.reference, "SW-1001", "the first reference is kept");
    assert_ne!(second.owner, first.owner);
    assert_eq!(second.created_at, t(0));
    assert_eq!(second.claimed_at, t(61));

    // The old holder lost the claim.
    assert!(!a.renew_intent(&first, t(500)).await.unwrap());
    assert!(!a.release_intent(&first).await.unwrap());
    let open = a.open_intents().await.unwrap();
    assert_eq!(open[0].owner, second.owner);
    assert_eq!(open[0].lease_until, t(120));
}

async fn released_intent_is_resumed_at_once<S: StateStore>(a: S, b: S) {
    let first = claimed(
        a.begin_intent("1001", "SW-1001", t(0), t(600))
            .await
            .unwrap(),
    );
    assert!(a.release_intent(&first).await.unwrap());
    let open = b.open_intents().await.unwrap();
    assert_eq!(open.len(), 1, "the intent stays after a release");
    assert!(open[0].owner.is_none());
    assert!(open[0].is_free(t(1)));

    let second = claimed(
        b.begin_intent("1001", "SW-1001", t(1), t(600))
            .await
            .unwrap(),
    );
    assert_eq!(second.attempt, 2);
    assert!(second.is_resumed());
}

async fn renew_extends_only_the_holders_lease<S: StateStore>(a: S, b: S) {
    let intent = claimed(
        a.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
    );
    assert!(a.renew_intent(&intent, t(300)).await.unwrap());
    assert!(matches!(
        b.begin_intent("1001", "SW-1001", t(100), t(400))
            .await
            .unwrap(),
        IntentOutcome::HeldByOther(_)
    ));
    let mut forged = intent.clone();
    forged.owner = Some(smartweb_rackbeat::state::ClaimToken(
        "someone-else#1".into(),
    ));
    assert!(!b.renew_intent(&forged, t(900)).await.unwrap());
    assert!(!b.release_intent(&forged).await.unwrap());
    assert_eq!(a.open_intents().await.unwrap()[0].lease_until, t(300));
}

async fn worker_dying_between_created_and_recorded_is_resumed<S: StateStore>(a: S, b: S) {
    // Worker a claims, creates the Rackbeat order, and dies before complete_intent.
    let lost = claimed(
        a.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
    );
    drop(a);
    // Recovery on the other worker lists the open intent and resumes it after the lease.
    let open = b.open_intents().await.unwrap();
    assert_eq!(open.len(), 1);
    assert!(!open[0].is_free(t(59)));
    assert!(open[0].is_free(t(60)));
    let resumed = claimed(
        b.begin_intent("1001", "SW-1001", t(60), t(120))
            .await
            .unwrap(),
    );
    assert!(resumed.is_resumed());
    assert_eq!(resumed.reference, lost.reference);
    // It finds the order by reference in Rackbeat and records the link without creating.
    let link = OrderLink::new("1001", 5001, resumed.reference.clone(), false, t(61));
    b.complete_intent(&link).await.unwrap();
    assert_eq!(b.link("1001").await.unwrap(), Some(link));
    assert!(b.open_intents().await.unwrap().is_empty());
}

async fn complete_with_a_different_number_is_a_conflict<S: StateStore>(a: S, b: S) {
    a.put_link(&OrderLink::new("1001", 5001, "SW-1001", false, t(0)))
        .await
        .unwrap();
    // A stale intent (e.g. written by an old run) for the same order.
    let _ = b
        .begin_intent("1002", "SW-1002", t(0), t(60))
        .await
        .unwrap();
    let err = b
        .complete_intent(&OrderLink::new("1001", 5002, "SW-1001", false, t(1)))
        .await
        .unwrap_err();
    match err {
        StateError::LinkConflict {
            order_id,
            existing,
            attempted,
        } => assert_eq!(
            (order_id.as_str(), existing, attempted),
            ("1001", 5001, 5002)
        ),
        other => panic!("expected LinkConflict, got {other:?}"),
    }
    assert_eq!(a.link("1001").await.unwrap().unwrap().rackbeat_number, 5001);
    // Completing with the same number just updates.
    let again = OrderLink::new("1001", 5001, "SW-1001", true, t(2));
    let stored = b.complete_intent(&again).await.unwrap();
    assert!(stored.booked);
    assert_eq!(stored.created_at, t(0));
}

async fn open_intents_lists_every_open_intent_in_order<S: StateStore>(a: S, b: S) {
    for id in ["3", "1", "2"] {
        claimed(
            a.begin_intent(id, &format!("SW-{id}"), t(0), t(60))
                .await
                .unwrap(),
        );
    }
    a.complete_intent(&OrderLink::new("2", 7, "SW-2", false, t(1)))
        .await
        .unwrap();
    let ids: Vec<String> = b
        .open_intents()
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.order_id)
        .collect();
    assert_eq!(ids, ["1", "3"]);
}

async fn cursors_only_move_forward_unless_reset<S: StateStore>(a: S, b: S) {
    assert_eq!(a.cursor("orders.updated").await.unwrap(), None);
    assert_eq!(
        a.advance_cursor("orders.updated", t(100)).await.unwrap(),
        t(100)
    );
    assert_eq!(
        b.advance_cursor("orders.updated", t(50)).await.unwrap(),
        t(100)
    );
    assert_eq!(b.cursor("orders.updated").await.unwrap(), Some(t(100)));
    assert_eq!(
        a.advance_cursor("orders.updated", t(200)).await.unwrap(),
        t(200)
    );
    // Cursors are independent by name.
    assert_eq!(a.cursor("orders.created").await.unwrap(), None);
    a.reset_cursor("orders.updated", t(10)).await.unwrap();
    assert_eq!(b.cursor("orders.updated").await.unwrap(), Some(t(10)));
    // Sub-second precision survives.
    let precise = t(300) + Duration::microseconds(123_456);
    a.advance_cursor("products", precise).await.unwrap();
    assert_eq!(b.cursor("products").await.unwrap(), Some(precise));
}

async fn concurrent_cursor_advances_end_at_the_max<S: StateStore + Clone + 'static>(a: S, b: S) {
    let mut tasks = Vec::new();
    for i in 0..40i64 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        // Values arrive in a scrambled order.
        let secs = (i * 17) % 40;
        tasks.push(tokio::spawn(async move {
            store
                .advance_cursor("orders.created", t(secs))
                .await
                .unwrap()
        }));
    }
    for task in tasks {
        let after = task.await.unwrap();
        assert!(after >= t(0));
    }
    assert_eq!(a.cursor("orders.created").await.unwrap(), Some(t(39)));
    assert_eq!(b.cursor("orders.created").await.unwrap(), Some(t(39)));
}

async fn failures_count_attempts_and_clear<S: StateStore>(a: S, b: S) {
    let first = a
        .record_failure(ItemKind::Order, "1003", "unknown VAT rate", t(0))
        .await
        .unwrap();
    assert_eq!(first.attempts, 1);
    let second = b
        .record_failure(ItemKind::Order, "1003", "customer group missing", t(60))
        .await
        .unwrap();
    assert_eq!(second.attempts, 2);
    assert_eq!(second.reason, "customer group missing");
    assert_eq!(second.first_failed_at, t(0));
    assert_eq!(second.last_attempt_at, t(60));
    a.record_failure(ItemKind::Product, "SKU-1", "no price", t(1))
        .await
        .unwrap();
    a.record_failure(ItemKind::Order, "1001", &"x".repeat(10_000), t(1))
        .await
        .unwrap();

    let all = b.failures().await.unwrap();
    let keys: Vec<(ItemKind, &str)> = all.iter().map(|f| (f.kind, f.key.as_str())).collect();
    assert_eq!(
        keys,
        [
            (ItemKind::Order, "1001"),
            (ItemKind::Order, "1003"),
            (ItemKind::Product, "SKU-1")
        ]
    );
    assert_eq!(
        all[0].reason.chars().count(),
        smartweb_rackbeat::state::MAX_REASON_CHARS
    );

    assert!(a.clear_failure(ItemKind::Order, "1003").await.unwrap());
    assert!(!b.clear_failure(ItemKind::Order, "1003").await.unwrap());
    // Same key, other kind: untouched.
    assert!(!a.clear_failure(ItemKind::Product, "1001").await.unwrap());
    assert_eq!(a.failures().await.unwrap().len(), 2);
    // After clearing, counting starts again.
    let fresh = a
        .record_failure(ItemKind::Order, "1003", "again", t(90))
        .await
        .unwrap();
    assert_eq!(fresh.attempts, 1);
}

async fn webhook_keys_dedupe_under_concurrency<S: StateStore + Clone + 'static>(a: S, b: S) {
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store
                .seen_webhook("orders/created:1001", t(0))
                .await
                .unwrap()
        }));
    }
    let mut first_sightings = 0;
    for task in tasks {
        if !task.await.unwrap() {
            first_sightings += 1;
        }
    }
    assert_eq!(first_sightings, 1);
    assert!(!a.seen_webhook("orders/created:1002", t(0)).await.unwrap());
}

async fn webhook_keys_are_pruned_by_age<S: StateStore>(a: S, b: S) {
    assert!(!a.seen_webhook("old", t(0)).await.unwrap());
    assert!(!a.seen_webhook("edge", t(100)).await.unwrap());
    assert!(!a.seen_webhook("new", t(200)).await.unwrap());
    assert_eq!(b.prune_webhooks(t(100)).await.unwrap(), 1);
    assert!(
        !b.seen_webhook("old", t(300)).await.unwrap(),
        "pruned keys are new again"
    );
    assert!(b.seen_webhook("edge", t(300)).await.unwrap());
    assert!(b.seen_webhook("new", t(300)).await.unwrap());
}

async fn secrets_round_trip_and_stay_redacted<S: StateStore>(a: S, b: S) {
    assert!(a.secret("rackbeat.webhook_token").await.unwrap().is_none());
    let token = SecretString::from("0123456789abcdef0123456789abcdef");
    a.put_secret("rackbeat.webhook_token", &token)
        .await
        .unwrap();
    let loaded = b.secret("rackbeat.webhook_token").await.unwrap().unwrap();
    assert_eq!(loaded.expose_secret(), token.expose_secret());
    assert!(!format!("{loaded:?}").contains("0123456789"));

    b.put_secret("rackbeat.webhook_token", &SecretString::from("rotated"))
        .await
        .unwrap();
    assert_eq!(
        a.secret("rackbeat.webhook_token")
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "rotated"
    );
    assert!(a.delete_secret("rackbeat.webhook_token").await.unwrap());
    assert!(!b.delete_secret("rackbeat.webhook_token").await.unwrap());
    assert!(a.secret("rackbeat.webhook_token").await.unwrap().is_none());
}

async fn findings_keep_the_latest_per_assumption<S: StateStore>(a: S, b: S) {
    assert!(a.findings().await.unwrap().is_empty());
    let kept = Finding::new(
        Assumption::ReferenceKept,
        Verdict::Confirmed,
        "order 12: other_reference = \"SW-1001\"",
        t(10),
    );
    let price = Finding::new(
        Assumption::LinePriceNetPerUnit,
        Verdict::Refuted,
        "order 12: total_total 100.00, ours 125.00",
        t(10),
    );
    // Stored out of report order: read back in `Assumption` order.
    a.put_finding(&price).await.unwrap();
    a.put_finding(&kept).await.unwrap();
    assert_eq!(
        b.findings().await.unwrap(),
        vec![kept.clone(), price.clone()]
    );

    // An older finding never replaces a newer one; a newer (or equally recent) one does.
    let stale = Finding::new(Assumption::ReferenceKept, Verdict::Refuted, "old", t(5));
    b.put_finding(&stale).await.unwrap();
    assert_eq!(a.findings().await.unwrap()[0], kept);
    let newer = Finding::new(
        Assumption::ReferenceKept,
        Verdict::Refuted,
        "order 13: other_reference missing",
        t(20),
    );
    b.put_finding(&newer).await.unwrap();
    let same_time = Finding::new(
        Assumption::LinePriceNetPerUnit,
        Verdict::Unknown,
        "re-checked",
        t(10),
    );
    b.put_finding(&same_time).await.unwrap();
    let facts = AccountFacts::from_findings(a.findings().await.unwrap());
    assert_eq!(facts.verdict(Assumption::ReferenceKept), Verdict::Refuted);
    assert_eq!(
        facts.finding(Assumption::ReferenceKept).unwrap().checked_at,
        t(20)
    );
    assert_eq!(
        facts.verdict(Assumption::LinePriceNetPerUnit),
        Verdict::Unknown
    );
    assert_eq!(facts.duplicate_key(), None);

    // Heading confirmed: the second key.
    a.put_finding(&Finding::new(
        Assumption::HeadingKept,
        Verdict::Confirmed,
        "heading = \"SW-1001\"",
        t(30),
    ))
    .await
    .unwrap();
    let facts = AccountFacts::from_findings(b.findings().await.unwrap());
    assert_eq!(facts.duplicate_key(), Some(DuplicateKey::Heading));

    // Long evidence is cut, on a character boundary.
    let long = "æ".repeat(MAX_REASON_CHARS + 50);
    a.put_finding(&Finding::new(
        Assumption::VatZones,
        Verdict::Unknown,
        long,
        t(40),
    ))
    .await
    .unwrap();
    let stored = b.findings().await.unwrap();
    let vat = stored
        .iter()
        .find(|f| f.assumption == Assumption::VatZones)
        .unwrap();
    assert_eq!(vat.evidence.chars().count(), MAX_REASON_CHARS);
    assert_eq!(stored.len(), 4);
}

fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

async fn the_customer_index_answers_with_the_first_key_asked<S: StateStore>(a: S, b: S) {
    assert_eq!(
        a.remembered_customer(&keys(&["email:jens@example.dk"]))
            .await
            .unwrap(),
        None
    );
    assert_eq!(a.remembered_customer(&[]).await.unwrap(), None);

    a.remember_customer(&keys(&["email:jens@example.dk"]), 41, t(1))
        .await
        .unwrap();
    b.remember_customer(&keys(&["ean:5790000000001", "cvr:11223344"]), 42, t(2))
        .await
        .unwrap();
    // The caller's order decides which key wins (sync-core asks most specific first).
    let asked = keys(&["ean:5790000000001", "cvr:11223344", "email:jens@example.dk"]);
    assert_eq!(b.remembered_customer(&asked).await.unwrap(), Some(42));
    let asked = keys(&["email:jens@example.dk", "ean:5790000000001"]);
    assert_eq!(a.remembered_customer(&asked).await.unwrap(), Some(41));
    let asked = keys(&["cvr:99999999", "email:jens@example.dk"]);
    assert_eq!(b.remembered_customer(&asked).await.unwrap(), Some(41));
    assert_eq!(
        b.remembered_customer(&keys(&["cvr:99999999"]))
            .await
            .unwrap(),
        None
    );

    // Remembering again re-points the key (a customer found anew under it).
    b.remember_customer(&keys(&["email:jens@example.dk"]), 43, t(3))
        .await
        .unwrap();
    assert_eq!(
        a.remembered_customer(&keys(&["email:jens@example.dk"]))
            .await
            .unwrap(),
        Some(43)
    );
    // Remembering under no key changes nothing.
    a.remember_customer(&[], 44, t(4)).await.unwrap();
    assert_eq!(a.forget_customer(44).await.unwrap(), 0);
}

async fn forgetting_a_customer_drops_every_key_naming_it<S: StateStore>(a: S, b: S) {
    let all = keys(&["ean:579", "cvr:11223344", "email:indkoeb@example.dk"]);
    a.remember_customer(&all, 42, t(1)).await.unwrap();
    a.remember_customer(&keys(&["email:anne@example.dk"]), 7, t(1))
        .await
        .unwrap();
    assert_eq!(b.forget_customer(42).await.unwrap(), 3);
    for key in &all {
        assert_eq!(
            a.remembered_customer(std::slice::from_ref(key))
                .await
                .unwrap(),
            None,
            "{key}"
        );
    }
    assert_eq!(
        a.remembered_customer(&keys(&["email:anne@example.dk"]))
            .await
            .unwrap(),
        Some(7),
        "other customers stay"
    );
    assert_eq!(b.forget_customer(42).await.unwrap(), 0);
    // Found again later: remembered afresh.
    b.remember_customer(&keys(&["cvr:11223344"]), 42, t(2))
        .await
        .unwrap();
    assert_eq!(a.remembered_customer(&all).await.unwrap(), Some(42));
}
