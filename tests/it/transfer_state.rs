//! Rackbeat is the truth, the state file a cache: a deleted, emptied, restored-older or
//! misplaced state file costs look-ups in Rackbeat, never an order created twice.

use crate::engine_support;

use std::path::Path;
use std::sync::Arc;

use engine_support::{World, window};
use smartweb_rackbeat::JobReport;
use smartweb_rackbeat::state::{SqliteStore, StateStore};

const FIRST: std::ops::RangeInclusive<i64> = 6001..=6005;
const SECOND: std::ops::RangeInclusive<i64> = 6006..=6010;

/// A world whose state is the SQLite file at `path`.
async fn world_on(path: &Path) -> World {
    let mut world = World::new().await;
    world.store = open(path).await;
    world
}

async fn open(path: &Path) -> Arc<dyn StateStore> {
    Arc::new(SqliteStore::open(path).await.unwrap())
}

async fn import(world: &World) -> JobReport {
    let report = world.integration().import_orders(window()).await;
    assert!(report.failed.is_empty(), "{report}");
    report
}

/// Every seeded order has exactly one Rackbeat order, and the store links it.
async fn assert_each_once(world: &World, ids: impl Iterator<Item = i64>) {
    for id in ids {
        let orders = world.rackbeat_orders_for(&format!("SW-{id}"));
        assert_eq!(orders.len(), 1, "order {id}: {orders:?}");
        let link = world.store.link(&id.to_string()).await.unwrap();
        assert_eq!(
            link.map(|l| l.rackbeat_number),
            Some(orders[0].number),
            "order {id}"
        );
    }
}

fn seed(world: &World, ids: std::ops::RangeInclusive<i64>) {
    for id in ids {
        world.seed_order(id);
    }
}

/// Closes every handle on the file (so WAL content is checkpointed into it).
fn close(world: &mut World) {
    world.store = Arc::new(smartweb_rackbeat::state::MemoryStore::new());
}

/// Imports the first orders, then loses the state as `lose` does, then imports again: the
/// orders are found in Rackbeat and linked, none created again.
async fn after_losing_state(lose: impl FnOnce(&Path) -> std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let mut world = world_on(&path).await;
    seed(&world, FIRST);
    let first = import(&world).await;
    assert_eq!(first.created.len(), 5, "{first}");

    close(&mut world);
    let path = lose(&path);
    world.store = open(&path).await;
    world.rb.clear_requests();
    let again = import(&world).await;
    assert!(again.created.is_empty(), "{again}");
    assert_eq!(again.updated.len(), 5, "{again}");
    for item in &again.updated {
        assert!(item.detail.contains("from an earlier attempt"), "{again}");
    }
    assert_eq!(world.rb.request_count("POST /orders/drafts"), 0);
    // One listing of the newest orders served all five look-ups.
    assert_eq!(world.rb.request_count("GET /orders"), 1, "{again}");
    assert_each_once(&world, FIRST).await;
}

#[tokio::test]
async fn a_deleted_state_file_creates_nothing_twice() {
    after_losing_state(|path| {
        std::fs::remove_file(path).unwrap();
        let _ = std::fs::remove_file(path.with_extension("sqlite-wal"));
        let _ = std::fs::remove_file(path.with_extension("sqlite-shm"));
        path.to_path_buf()
    })
    .await;
}

#[tokio::test]
async fn an_emptied_state_file_creates_nothing_twice() {
    after_losing_state(|path| {
        std::fs::write(path, b"").unwrap();
        let _ = std::fs::remove_file(path.with_extension("sqlite-wal"));
        let _ = std::fs::remove_file(path.with_extension("sqlite-shm"));
        path.to_path_buf()
    })
    .await;
}

#[tokio::test]
async fn a_state_file_in_another_working_directory_creates_nothing_twice() {
    // A cron job started elsewhere with a relative path gets a fresh file.
    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = elsewhere.path().join("state.sqlite");
    after_losing_state(move |_| {
        // Keep the directory alive for the rest of the test.
        std::mem::forget(elsewhere);
        fresh
    })
    .await;
}

#[tokio::test]
async fn a_state_file_restored_from_an_older_copy_creates_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let backup = dir.path().join("backup.sqlite");
    let mut world = world_on(&path).await;
    seed(&world, FIRST);
    import(&world).await;
    close(&mut world);
    std::fs::copy(&path, &backup).unwrap();

    // Five more orders after the backup.
    world.store = open(&path).await;
    seed(&world, SECOND);
    let second = import(&world).await;
    assert_eq!(second.created.len(), 5, "{second}");
    close(&mut world);

    // The backup comes back: it knows only the first five.
    std::fs::copy(&backup, &path).unwrap();
    let _ = std::fs::remove_file(path.with_extension("sqlite-wal"));
    let _ = std::fs::remove_file(path.with_extension("sqlite-shm"));
    world.store = open(&path).await;
    let restored = import(&world).await;
    assert!(restored.created.is_empty(), "{restored}");
    assert_eq!(restored.updated.len(), 5, "{restored}");
    assert_eq!(restored.skipped.len(), 5, "{restored}");
    assert_each_once(&world, FIRST.chain(SECOND)).await;
    assert_eq!(world.rb.orders().len(), 10);
}

#[tokio::test]
async fn two_orders_for_one_reference_are_reported_and_the_later_draft_deleted() {
    // A write that landed after its order was created again (a settle time set too short, or
    // a state lost meanwhile) left two drafts for one reference.
    let mut world = World::new().await;
    world.seed_order(6101);
    import(&world).await;
    let first = world.rackbeat_orders_for("SW-6101")[0].number;
    world.store = Arc::new(smartweb_rackbeat::state::MemoryStore::new());
    let body = world
        .rb
        .requests()
        .into_iter()
        .find(|r| r.endpoint() == "POST /orders/drafts");
    let body = body.and_then(|r| r.body).unwrap();
    let copy: rackbeat_client::model::NewOrder = serde_json::from_str(&body.to_string()).unwrap();
    let later = world
        .rackbeat_client()
        .orders()
        .create_draft(&copy)
        .await
        .unwrap()
        .number;

    let report = world.integration().import_orders(window()).await;
    assert_eq!(report.failed.len(), 1, "{report}");
    let detail = &report.failed[0].detail;
    assert!(
        detail.contains(&format!("{first}, {later}")) && detail.contains("deleted the extra draft"),
        "{report}"
    );
    let left = world.rackbeat_orders_for("SW-6101");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].number, first, "the earlier order is kept");
    let link = world.store.link("6101").await.unwrap().unwrap();
    assert_eq!(link.rackbeat_number, first);
}
