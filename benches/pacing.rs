//! Pacing: pushes product updates through `RackbeatClient` against the Rackbeat fake limited
//! to a given rate and reports the achieved rate and the number of 429 answers. The goal
//! (issue 9): at least 90 % of the limit with zero 429s. Results and machine: BENCHMARKS.md.
//!
//! `cargo bench --bench pacing` (about 100 s with the defaults). Settings by environment:
//! `PACING_REQUESTS` (2000), `PACING_LIMIT` (the fake's budget per minute, 1200),
//! `PACING_CLIENT_RPM` (the client's pacing; default the limit less one second's burst,
//! see BENCHMARKS.md), `PACING_IN_FLIGHT` (concurrent requests, 16).
//!
//! Without `--bench` (as `cargo test --benches` runs it) it pushes 20 requests only.

use std::time::{Duration, Instant};

use futures::{StreamExt, stream};
use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::{MockRackbeat, RateLimit};
use rackbeat_client::model::ProductUpdate;
use rust_decimal::Decimal;
use serde_json::json;

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let requests = if benching {
        env_u32("PACING_REQUESTS", 2_000)
    } else {
        20
    };
    let limit = env_u32("PACING_LIMIT", 1_200);
    // The client allows a burst of one second's worth; leaving that much room keeps the first
    // fixed window of the fake within its budget.
    let client_rpm = env_u32("PACING_CLIENT_RPM", limit - limit.div_ceil(60));
    let in_flight = usize::try_from(env_u32("PACING_IN_FLIGHT", 16)).unwrap_or(16);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let rb = MockRackbeat::builder()
            .rate_limit(RateLimit::per_minute(limit))
            .start()
            .await;
        rb.seed_product_group(json!({"number": 1, "name": "Varer"}))
            .expect("group");
        let items: Vec<String> = (1..=100).map(|i| format!("VARE-{i:03}")).collect();
        for item in &items {
            rb.seed_product(json!({"number": item, "name": item, "group": 1, "sales_price": "10"}))
                .expect("product");
        }
        let client = RackbeatClient::builder()
            .base_url(rb.uri())
            .token(rb.token())
            .requests_per_minute(client_rpm)
            .retries(5)
            .build()
            .expect("client");
        rb.clear_requests();
        rb.reset_rate_limit();

        let started = Instant::now();
        let results: Vec<bool> = stream::iter(0..requests)
            .map(|i| {
                let client = client.clone();
                let item = items[i as usize % items.len()].clone();
                async move {
                    let update = ProductUpdate {
                        sales_price: Some(Decimal::new(1000 + i64::from(i), 2)),
                        ..Default::default()
                    };
                    client.products().update(&item, &update).await.is_ok()
                }
            })
            .buffer_unordered(in_flight)
            .collect()
            .await;
        let elapsed = started.elapsed();

        let log = rb.requests();
        let throttled = log.iter().filter(|r| r.status == 429).count();
        let ok = results.iter().filter(|ok| **ok).count();
        let per_minute = f64::from(requests) / elapsed.max(Duration::from_millis(1)).as_secs_f64() * 60.0;
        let share = per_minute / f64::from(limit) * 100.0;
        println!(
            "pacing: {requests} updates, fake limit {limit}/min, client {client_rpm}/min, {in_flight} in flight"
        );
        println!(
            "pacing: {ok} succeeded in {:.1} s = {per_minute:.0}/min ({share:.1} % of the limit), {} requests sent, {throttled} answered 429",
            elapsed.as_secs_f64(),
            log.len()
        );
        if benching {
            assert_eq!(ok, requests as usize, "every update must succeed");
            assert_eq!(throttled, 0, "no request may be throttled");
            assert!(share >= 90.0, "at least 90 % of the limit");
        }
    });
}
