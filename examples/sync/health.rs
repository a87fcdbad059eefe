//! `/healthz`, `/readyz` and `/metrics` of `sync run --listen`, beside the webhooks.
//!
//! - `/healthz`: 200 while the process serves requests.
//! - `/readyz`: 200 when, for every shop, the state store and both services answer and the
//!   last complete order import is not older than the shop's limit; otherwise 503 with one
//!   line per reason.
//! - `/metrics`: the Prometheus text format of everything recorded through the `metrics`
//!   facade (engine and clients); the age gauges are brought up to date first.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;
use smartweb_rackbeat::Integration;

/// One shop as the health routes see it.
pub struct ShopHealth {
    /// The shop's name (prefixed to its reasons when there are several).
    pub shop: String,
    /// Its engine.
    pub integration: Integration,
    /// The oldest a last complete order import may be for the shop to count as ready.
    pub max_import_age: Duration,
}

/// What the health routes answer from.
pub struct Health {
    /// Every shop of the configuration.
    pub shops: Vec<ShopHealth>,
    /// The process's Prometheus recorder; without one `/metrics` is 404.
    pub metrics: Option<PrometheusHandle>,
}

/// The three routes.
pub fn health_router(health: Arc<Health>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(health)
}

async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok\n")
}

async fn readyz(State(health): State<Arc<Health>>) -> (StatusCode, String) {
    let several = health.shops.len() > 1;
    let checks = health
        .shops
        .iter()
        .map(|shop| shop.integration.readiness(shop.max_import_age));
    let mut problems = Vec::new();
    for (shop, readiness) in health
        .shops
        .iter()
        .zip(futures::future::join_all(checks).await)
    {
        for problem in readiness.problems {
            problems.push(if several {
                format!("shop {}: {problem}", shop.shop)
            } else {
                problem
            });
        }
    }
    if problems.is_empty() {
        (StatusCode::OK, "ready\n".to_owned())
    } else {
        let mut text = problems.join("\n");
        text.push('\n');
        (StatusCode::SERVICE_UNAVAILABLE, text)
    }
}

async fn metrics(State(health): State<Arc<Health>>) -> Response {
    let Some(handle) = &health.metrics else {
        return (
            StatusCode::NOT_FOUND,
            "no metrics recorder in this process\n",
        )
            .into_response();
    };
    for shop in &health.shops {
        if let Err(e) = shop.integration.refresh_gauges().await {
            tracing::warn!(shop = %shop.shop, error = %e, "the age gauges could not be read from the state store");
        }
    }
    handle.run_upkeep();
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}
