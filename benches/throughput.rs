//! End-to-end throughput of order imports: orders imported per minute against both fakes on
//! loopback, with the Rackbeat client pacing at Rackbeat's real 480 requests per minute, for
//! new customers (a cold customer index: each order also creates its customer) and repeat
//! customers (a warm index: no customer call), drafts and booked. Issue 20; results and the
//! machine in BENCHMARKS.md.
//!
//! `cargo bench --bench throughput` (about a minute with the defaults: pacing is real time,
//! N orders at c calls each take N·c/8 s). `THROUGHPUT_ORDERS` sets N (40). Without `--bench`
//! (as `cargo test --benches` runs it) it imports 3 orders per case.
//!
//! Each case first imports N orders by N new customers with an unpaced client (so the account
//! facts and, for the warm case, the customer index are known), then times one paced import
//! of N new orders: by the same customers (warm) or by N more new ones (cold).

// The request-budget tests' worlds: both fakes seeded with the same shop.
#[path = "../tests/it/budget_support/mod.rs"]
mod budget_support;
#[path = "../tests/it/engine_support/mod.rs"]
mod engine_support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use budget_support::{World, new_customer_order, repeat_customer_order, settings};
use chrono::{TimeZone, Utc};
use rackbeat_client::RackbeatClient;
use smartweb_rackbeat::sync_core::settings::OrderState;
use smartweb_rackbeat::{Integration, OrderWindow, Settings};

/// Rackbeat's limit, and the client's default pacing.
const RACKBEAT_PER_MINUTE: u32 = 480;

fn env_i64(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    Cold,
    Warm,
}

/// What one timed import did.
struct Measured {
    orders: i64,
    elapsed: Duration,
    rackbeat_calls: usize,
    per_order: usize,
}

fn window(month: u32) -> OrderWindow {
    OrderWindow {
        since: Some(Utc.with_ymd_and_hms(2025, month, 1, 0, 0, 0).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2025, month, 28, 0, 0, 0).unwrap()),
    }
}

async fn measure(n: i64, index: Index, order_state: OrderState) -> Measured {
    let world = World::orders().await;
    let settings = settings_in(order_state);
    // Earlier orders, by N new customers, weeks before (unpaced: only the timed run counts).
    world
        .rb
        .set_time(Utc.with_ymd_and_hms(2025, 10, 3, 12, 0, 0).unwrap());
    world.sw.seed_orders((1..=n).map(|i| {
        let mut order = new_customer_order(10_000 + i);
        order.date_delivered = Some("2025-10-03 12:00:00".into());
        order
    }));
    let report = world
        .integration_with(settings.clone())
        .import_orders(window(10))
        .await;
    assert!(report.failed.is_empty(), "{}", report.render_table());

    world
        .rb
        .set_time(Utc.with_ymd_and_hms(2025, 11, 3, 12, 0, 0).unwrap());
    world.sw.seed_orders((1..=n).map(|i| {
        let customer_of = match index {
            Index::Warm => 10_000 + i,
            Index::Cold => 20_000 + i,
        };
        repeat_customer_order(20_000 + i, customer_of, "2025-11-03 12:00:00")
    }));
    let rackbeat = RackbeatClient::builder()
        .base_url(world.rb.uri())
        .token(world.rb.token())
        .requests_per_minute(RACKBEAT_PER_MINUTE)
        .build()
        .expect("Rackbeat client");
    let smartweb = world.sw.client_builder().build().expect("SmartWeb client");
    let integration = Integration::builder(smartweb, rackbeat, settings, Arc::clone(&world.store))
        .build()
        .expect("integration");
    world.clear_counts();

    let started = Instant::now();
    let report = integration.import_orders(window(11)).await;
    let elapsed = started.elapsed();
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), usize::try_from(n).unwrap_or(0));
    let per_order = world.rb.request_count("POST /orders/drafts")
        + world.rb.request_count("POST /orders/{number}/book")
        + world.rb.request_count("POST /customers");
    Measured {
        orders: n,
        elapsed,
        rackbeat_calls: world.rb.request_total(),
        per_order,
    }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n = if benching {
        env_i64("THROUGHPUT_ORDERS", 40).max(1)
    } else {
        3
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!(
        "throughput: {n} orders per case, Rackbeat paced at {RACKBEAT_PER_MINUTE}/min, both fakes on loopback"
    );
    println!(
        "| customer index | order state | time | orders/min | Rackbeat calls (per order + per run) | limit = 480 ÷ calls per order | share of the limit |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (index, state) in [
        (Index::Warm, OrderState::Draft),
        (Index::Warm, OrderState::Booked),
        (Index::Cold, OrderState::Draft),
        (Index::Cold, OrderState::Booked),
    ] {
        let m = runtime.block_on(measure(n, index, state));
        let seconds = m.elapsed.as_secs_f64().max(0.001);
        let orders = m.orders as f64;
        let per_minute = orders / seconds * 60.0;
        let calls_per_order = m.per_order as f64 / orders;
        let limit = f64::from(RACKBEAT_PER_MINUTE) / calls_per_order;
        println!(
            "| {index:?} | {state:?} | {seconds:.1} s | {per_minute:.0} | {} ({} + {}) | {limit:.0}/min ({calls_per_order:.0} per order) | {:.1} % |",
            m.rackbeat_calls,
            m.per_order,
            m.rackbeat_calls - m.per_order,
            per_minute / limit * 100.0
        );
    }
}

/// The test settings, with orders left in `order_state`.
fn settings_in(order_state: OrderState) -> Settings {
    let mut settings = settings();
    settings.order_state = order_state;
    settings
}
