//! Three workers share one PostgreSQL database and import the same window of orders for two
//! shops at once, on the stateful fakes, with injected faults and one worker killed mid-run:
//! every SmartWeb order becomes exactly one Rackbeat order, and none is lost.
//!
//! Needs a server: ignored unless asked for (`tests/it/postgres_support/mod.rs` says how).
#![cfg(feature = "postgres")]

use crate::postgres_support;
use crate::state_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{TimeZone, Utc};
use rackbeat_client::mock::{Fault, MockRackbeat};
use rust_decimal_macros::dec;
use serde_json::json;
use smartweb_client::mock::{MockSmartWeb, fixtures};
use smartweb_rackbeat::Integration;
use smartweb_rackbeat::integration::OrderWindow;
use smartweb_rackbeat::report::JobReport;
use smartweb_rackbeat::state::{PostgresOptions, PostgresStore, StateStore};
use state_support::{Hook, Hooked};
use sync_core::settings::Settings;
use sync_core::transfer::REFERENCE_CHECK;
use tokio::sync::Notify;

const ORDERS_PER_SHOP: i64 = 200;
const SHOPS: [&str; 2] = ["shop-north", "shop-south"];

/// One shop: its webshop and its Rackbeat account, each a fake of its own.
struct Shop {
    key: &'static str,
    smartweb: MockSmartWeb,
    rackbeat: MockRackbeat,
}

async fn start_shop(key: &'static str) -> Shop {
    let smartweb = MockSmartWeb::start().await;
    smartweb.seed_product(fixtures::product(7, "MUG-7", "Mug", dec!(100), 100_000));
    // All created at fixtures::DEFAULT_CREATED (2026-01-01 12:00 shop time), inside WINDOW.
    smartweb.seed_orders((1..=ORDERS_PER_SHOP).map(|id| {
        fixtures::OrderBuilder::new(id)
            .status(1)
            .line(7, "MUG-7", "Mug", 2, dec!(80))
            .build()
    }));

    let rackbeat = MockRackbeat::start().await;
    rackbeat
        .seed_product_group(json!({"number": 1, "name": "Goods"}))
        .unwrap();
    for (number, name) in [
        ("MUG-7", "Mug"),
        ("FRAGT", "Shipping"),
        ("FRAGT0", "Shipping without VAT"),
        ("GEBYR", "Fee"),
    ] {
        rackbeat
            .seed_product(
                json!({"number": number, "name": name, "group": 1, "sales_price": "80.00"}),
            )
            .unwrap();
    }
    rackbeat
        .seed_layout(json!({"number": 1, "name": "Standard"}))
        .unwrap();
    rackbeat
        .seed_payment_terms(json!({"number": 1, "name": "Net 8 days"}))
        .unwrap();
    rackbeat
        .seed_customer_group(json!({"number": 1, "name": "Webshop"}))
        .unwrap();
    Shop {
        key,
        smartweb,
        rackbeat,
    }
}

fn settings() -> Settings {
    Settings::builder()
        .layout(1)
        .payment_terms(1)
        .customer_group(1)
        .smartweb_category_id(1)
        .shipping_product_with_vat("FRAGT".to_owned())
        .shipping_product_without_vat("FRAGT0".to_owned())
        .fee_product("GEBYR".to_owned())
        .build_unchecked()
}

/// The window every worker imports: around 2026-01-01 12:00 Copenhagen time.
fn window() -> OrderWindow {
    OrderWindow {
        since: Some(Utc.with_ymd_and_hms(2025, 12, 31, 0, 0, 0).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap()),
    }
}

fn integration(shop: &Shop, store: Arc<dyn StateStore>) -> Integration {
    let smartweb = shop.smartweb.client_builder().build().unwrap();
    // No client retries: a fault reaches the engine, which must cope with it.
    let rackbeat = shop.rackbeat.client_builder().retries(0).build().unwrap();
    Integration::builder(smartweb, rackbeat, settings(), store)
        .build()
        .unwrap()
}

fn unique_schema() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "workers_{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A worker's own store: its own pool, its own worker id.
async fn worker_store(url: &str, schema: &str, worker: &str) -> PostgresStore {
    let options = PostgresOptions::new(url)
        .schema(schema)
        .max_connections(4)
        .worker_id(worker);
    PostgresStore::connect_with(options, SHOPS[0])
        .await
        .unwrap()
}

/// Imports the window for every shop, one after the other, as a worker's cron run would.
async fn run_worker(integrations: Vec<Integration>) -> Vec<JobReport> {
    let mut reports = Vec::new();
    for integration in integrations {
        reports.push(integration.import_orders(window()).await);
    }
    reports
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn three_workers_import_every_order_exactly_once() {
    let url = postgres_support::database_url();
    let schema = unique_schema();
    let shops = [start_shop(SHOPS[0]).await, start_shop(SHOPS[1]).await];

    // Faults on both shops' Rackbeat: creates failing with 502/503 (nothing created), and
    // creates whose answer is lost after the order was made.
    for shop in &shops {
        shop.rackbeat
            .fail_next("POST /orders/drafts", 3, Fault::ServerError(503));
        shop.rackbeat
            .drop_response_after_write("POST /orders/drafts", 2);
        shop.rackbeat
            .fail_next("GET /orders", 1, Fault::ServerError(502));
    }

    // Worker 2 is spawned first so it is surely mid-run when it dies; it dies on its first
    // recording, after it created a Rackbeat order.
    let dying = Arc::new(Notify::new());
    let doomed_store = worker_store(&url, &schema, "worker-2").await;
    let doomed: Vec<Integration> = shops
        .iter()
        .map(|shop| {
            // It "dies" at its first `complete_intent`: the Rackbeat order exists but the link
            // is never recorded. It says so through `dying`, then never returns, so the test
            // can kill the worker right there.
            let dying = dying.clone();
            let store: Arc<dyn StateStore> =
                Arc::new(Hooked::new(doomed_store.for_shop(shop.key), move |call| {
                    if call == "complete_intent" {
                        dying.notify_one();
                        Hook::Hang
                    } else {
                        Hook::Pass
                    }
                }));
            integration(shop, store)
        })
        .collect();
    let mut doomed = tokio::spawn(run_worker(doomed));

    let mut workers = Vec::new();
    for worker in 0..2 {
        let store = worker_store(&url, &schema, &format!("worker-{worker}")).await;
        // Each worker takes the shops in its own order, so shops are worked on side by side.
        let mut integrations: Vec<Integration> = shops
            .iter()
            .map(|shop| integration(shop, Arc::new(store.for_shop(shop.key))))
            .collect();
        if worker == 1 {
            integrations.reverse();
        }
        workers.push(tokio::spawn(run_worker(integrations)));
    }

    tokio::select! {
        () = dying.notified() => doomed.abort(),
        finished = &mut doomed => panic!("worker 2 finished without ever claiming an order: {finished:?}"),
    }
    assert!(doomed.await.unwrap_err().is_cancelled());
    let mut first_run = Vec::new();
    for worker in workers {
        first_run.extend(worker.await.unwrap());
    }
    let created_first: usize = first_run.iter().map(|r| r.created.len()).sum();
    assert!(created_first > 0, "the live workers imported orders");

    // The dead worker's claim (and the claims kept after failed creates) hold until their
    // lease ends. The engine reads the wall clock, so instead of waiting five minutes the
    // test moves every lease end into the past: time has passed.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    // The dead worker held its claims when it died: the order whose link it never recorded
    // (its Rackbeat order exists), the orders it was working on beside it (imports run
    // several at once), and the account's reference check when the first create on the
    // account was its own.
    let dead: Vec<(String, String)> = client
        .query(
            &format!(
                "SELECT shop, order_id FROM {schema}.order_intents WHERE owner LIKE 'worker-2#%'"
            ),
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .filter(|(_, order): &(String, String)| order != REFERENCE_CHECK)
        .collect();
    assert!(!dead.is_empty(), "the dead worker held claims");
    let dead_shop = dead[0].0.clone();
    assert!(
        dead.iter().all(|(shop, _)| *shop == dead_shop),
        "the dead worker died in its first shop: {dead:?}"
    );
    let dead_rackbeat = shops
        .iter()
        .find(|s| s.key == dead_shop)
        .unwrap()
        .rackbeat
        .orders();
    let dead_created: Vec<String> = dead
        .iter()
        .map(|(_, order)| order.clone())
        .filter(|order| {
            dead_rackbeat
                .iter()
                .any(|o| o.other_reference.as_deref() == Some(&format!("SW-{order}")))
        })
        .collect();
    assert!(
        !dead_created.is_empty(),
        "the dead worker's Rackbeat order exists: {dead:?}"
    );
    client
        .execute(
            &format!("UPDATE {schema}.order_intents SET lease_until = now() - interval '1 second'"),
            &[],
        )
        .await
        .unwrap();

    // A follow-up run (a fresh worker) imports the rest: resumed intents are looked up by
    // reference in Rackbeat before anything is created again.
    let follow_up_store = worker_store(&url, &schema, "worker-3").await;
    for shop in &shops {
        shop.rackbeat.clear_faults();
    }
    let follow_up = run_worker(
        shops
            .iter()
            .map(|shop| integration(shop, Arc::new(follow_up_store.for_shop(shop.key))))
            .collect(),
    )
    .await;
    for report in &follow_up {
        assert!(report.failed.is_empty(), "{:#?}", report.failed);
    }
    let dead_index = SHOPS.iter().position(|k| *k == dead_shop).unwrap();
    for dead_order in &dead_created {
        assert!(
            follow_up[dead_index]
                .updated
                .iter()
                .any(|item| item.key == *dead_order),
            "the dead worker's Rackbeat order {dead_order} was found by its reference, not created again: {:#?}",
            follow_up[dead_index]
        );
    }
    // The faults really happened: more create calls than orders reached Rackbeat.
    for shop in &shops {
        assert!(shop.rackbeat.request_count("POST /orders/drafts") > ORDERS_PER_SHOP as usize);
    }
    for report in first_run.iter().chain(&follow_up) {
        eprintln!(
            "failed {:?}",
            report
                .failed
                .iter()
                .map(|i| (&i.key, &i.detail))
                .collect::<Vec<_>>()
        );
        eprintln!(
            "updated {:?}",
            report
                .updated
                .iter()
                .map(|i| (&i.key, &i.detail))
                .collect::<Vec<_>>()
        );
    }
    eprintln!(
        "first run: {created_first} created, {} skipped, {} failed; follow-up: {} created, {} recovered",
        first_run.iter().map(|r| r.skipped.len()).sum::<usize>(),
        first_run.iter().map(|r| r.failed.len()).sum::<usize>(),
        follow_up.iter().map(|r| r.created.len()).sum::<usize>(),
        follow_up.iter().map(|r| r.updated.len()).sum::<usize>(),
    );

    // Every order exactly once in Rackbeat, and linked to that Rackbeat order.
    for shop in &shops {
        let mut by_reference: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for order in shop.rackbeat.orders() {
            by_reference
                .entry(order.other_reference.clone().unwrap_or_default())
                .or_default()
                .push(order.number);
        }
        let store = follow_up_store.for_shop(shop.key);
        for id in 1..=ORDERS_PER_SHOP {
            let reference = format!("SW-{id}");
            let numbers = by_reference.remove(&reference).unwrap_or_default();
            assert_eq!(
                numbers.len(),
                1,
                "{}: order {id} is in Rackbeat {} times",
                shop.key,
                numbers.len()
            );
            let link = store
                .link(&id.to_string())
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{}: order {id} has no link", shop.key));
            assert_eq!(link.rackbeat_number, numbers[0]);
            assert_eq!(link.reference, reference);
        }
        assert!(
            by_reference.is_empty(),
            "{}: Rackbeat orders nobody asked for: {by_reference:?}",
            shop.key
        );
        // The account's reference check is a lock, not an order: the dead worker's stays
        // behind, free to take since its lease ended, and no run resumes it.
        let open: Vec<_> = store
            .open_intents()
            .await
            .unwrap()
            .into_iter()
            .filter(|intent| intent.order_id != REFERENCE_CHECK)
            .collect();
        assert!(open.is_empty(), "{}: open claims left: {open:#?}", shop.key);
        let failures = store.failures().await.unwrap();
        assert!(failures.is_empty(), "{failures:#?}");
    }

    // Running again changes nothing.
    let before: Vec<usize> = shops.iter().map(|s| s.rackbeat.orders().len()).collect();
    let again = run_worker(
        shops
            .iter()
            .map(|shop| integration(shop, Arc::new(follow_up_store.for_shop(shop.key))))
            .collect(),
    )
    .await;
    for report in &again {
        assert!(report.created.is_empty() && report.failed.is_empty());
    }
    let after: Vec<usize> = shops.iter().map(|s| s.rackbeat.orders().len()).collect();
    assert_eq!(before, after);
}
