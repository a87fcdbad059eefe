//! Orders are never lost when the state store fails part-way: an abandoned claim is resumed
//! by a later run whatever its window, and a window whose outcomes could not be stored is read
//! again instead of moving the cursor past it.

use crate::engine_support;
use crate::state_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use smartweb_rackbeat::OrderWindow;
use smartweb_rackbeat::state::{MemoryStore, StateStore};

use engine_support::{World, at, window};
use state_support::{Hook, Hooked, unreachable};

/// A memory store whose order writes can be switched to fail as an unreachable database.
struct Flaky {
    /// `link`, `begin_intent` and `record_failure` fail.
    down: AtomicBool,
    /// Only `complete_intent` fails (the Rackbeat order exists, its link is not saved).
    links_lost: AtomicBool,
}

fn flaky_store() -> (Arc<Flaky>, Arc<Hooked<MemoryStore>>) {
    let flaky = Arc::new(Flaky {
        down: AtomicBool::new(false),
        links_lost: AtomicBool::new(false),
    });
    let switches = Arc::clone(&flaky);
    let store = Hooked::new(MemoryStore::new(), move |call| {
        let down = switches.down.load(Ordering::SeqCst)
            && matches!(call, "link" | "begin_intent" | "record_failure");
        let lost = switches.links_lost.load(Ordering::SeqCst) && call == "complete_intent";
        if down || lost {
            Hook::Fail(unreachable())
        } else {
            Hook::Pass
        }
    });
    (flaky, Arc::new(store))
}

async fn world_with(store: &Arc<Hooked<MemoryStore>>) -> World {
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
    let (switches, store) = flaky_store();
    let world = world_with(&store).await;
    world.seed_order(4001);
    let integration = world.integration();

    switches.links_lost.store(true, Ordering::SeqCst);
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
    // is within its lease (which covers the settle time of its create) it is listed as held...
    switches.links_lost.store(false, Ordering::SeqCst);
    let held = integration.import_orders(later_window()).await;
    assert!(held.created.is_empty() && held.updated.is_empty(), "{held}");
    assert_eq!(held.failed.len(), 1, "{held}");
    assert!(held.failed[0].detail.starts_with("held until"), "{held}");
    assert_eq!(world.rackbeat_orders_for("SW-4001").len(), 1);
    let intents = store.inner.open_intents().await.unwrap();
    assert!(
        intents
            .iter()
            .any(|i| i.order_id == "4001" && i.owner.is_some()),
        "the first run's claim is still open: {intents:?}"
    );

    // ...and once the time has passed, a run resumes it: it finds the Rackbeat order by its
    // reference and links it.
    world.wait_out_holds();
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
    assert!(
        !store
            .inner
            .open_intents()
            .await
            .unwrap()
            .iter()
            .any(|i| i.order_id == "4001")
    );
}

#[tokio::test]
async fn a_window_whose_outcomes_could_not_be_stored_is_read_again() {
    let (switches, store) = flaky_store();
    let world = world_with(&store).await;
    world.seed_order(4101);
    let integration = world.integration();
    let start = at(2025, 12, 1);
    store.inner.reset_cursor("orders", start).await.unwrap();
    let scheduled = OrderWindow {
        since: None,
        until: Some(at(2026, 2, 1)),
    };

    switches.down.store(true, Ordering::SeqCst);
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

    switches.down.store(false, Ordering::SeqCst);
    let recovered = integration.import_orders(scheduled).await;
    assert_eq!(recovered.created.len(), 1, "{recovered}");
    assert_eq!(world.rackbeat_orders_for("SW-4101").len(), 1);
    assert_eq!(
        store.inner.cursor("orders").await.unwrap(),
        Some(at(2026, 2, 1))
    );
}
