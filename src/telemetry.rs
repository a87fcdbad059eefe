//! The metrics the engine records through the [`metrics`] facade. Install any `metrics`
//! recorder (the `sync` program installs a Prometheus one and serves it at `/metrics`) and they
//! appear; without one they cost next to nothing.
//!
//! The clients add [`API_CALLS_METRIC`] and [`RATE_LIMITED_METRIC`] (labels `system`,
//! `operation`). The engine's metrics carry the label `shop` (the state store's shop name).

use std::time::Duration;

use crate::report::{ItemKind, ItemOutcome, JobReport};

pub use rackbeat_client::{API_CALLS_METRIC, RATE_LIMITED_METRIC};

/// Counter: orders worked on, labelled `outcome` (`created`, `updated`, `skipped`, `failed`).
pub const ORDERS_METRIC: &str = "sync_orders_total";
/// Histogram: how long each job run took in seconds, labelled `job` (as in reports).
pub const JOB_DURATION_METRIC: &str = "sync_job_duration_seconds";
/// Gauge: seconds since the oldest order still failing first failed (0 when none fails).
pub const OLDEST_FAILING_ORDER_METRIC: &str = "sync_oldest_failing_order_age_seconds";
/// Gauge: seconds since the last order import that read its whole window (the orders
/// cursor); absent until one has.
pub const SINCE_LAST_IMPORT_METRIC: &str = "sync_seconds_since_last_successful_import";

/// Records a finished job: its duration, and its orders by outcome.
pub(crate) fn record_job(report: &JobReport, shop: &str) {
    let seconds = Duration::from_millis(report.duration_ms).as_secs_f64();
    metrics::histogram!(JOB_DURATION_METRIC, "job" => report.job.as_str(), "shop" => shop.to_owned())
        .record(seconds);
    let outcomes: [(&'static str, &[ItemOutcome]); 4] = [
        ("created", &report.created),
        ("updated", &report.updated),
        ("skipped", &report.skipped),
        ("failed", &report.failed),
    ];
    for (outcome, items) in outcomes {
        let orders = items
            .iter()
            .filter(|item| item.kind == ItemKind::Order)
            .count();
        if orders > 0 {
            metrics::counter!(ORDERS_METRIC, "outcome" => outcome, "shop" => shop.to_owned())
                .increment(u64::try_from(orders).unwrap_or(u64::MAX));
        }
    }
}

/// Sets the two age gauges of one shop.
pub(crate) fn record_ages(shop: &str, oldest_failing: Duration, since_import: Option<Duration>) {
    metrics::gauge!(OLDEST_FAILING_ORDER_METRIC, "shop" => shop.to_owned())
        .set(oldest_failing.as_secs_f64());
    if let Some(age) = since_import {
        metrics::gauge!(SINCE_LAST_IMPORT_METRIC, "shop" => shop.to_owned()).set(age.as_secs_f64());
    }
}
