#![doc = include_str!("../README.md")]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod config;
pub mod intake;
pub mod integration;
pub mod report;
pub mod scheduler;
pub mod state;

pub use integration::{
    BuildError, Integration, IntegrationBuilder, OrderWindow, ProbeOptions, StockScope,
    WebhookReceiver, WebhookReply, WebhookWork, WebhookWorker,
};
pub use report::JobReport;
pub use sync_core::settings::Settings;

// One dependency is enough: the crates of this workspace, and every foreign crate whose types
// appear in the public API of this crate or of the clients (so their versions always match).
pub use rackbeat_client;
pub use smartweb_client;
pub use sync_core;

/// The attribute [`state::StateStore`] is written with: implement a store of your own with
/// `#[smartweb_rackbeat::async_trait]`.
pub use async_trait::async_trait;
/// Dates and times: order windows, report and state timestamps, SmartWeb's shop-local times.
pub use chrono;
/// Time zones: [`IntegrationBuilder::shop_timezone`] takes a [`chrono_tz::Tz`].
pub use chrono_tz;
/// Streams: the clients' paged lists are [`futures::Stream`]s.
pub use futures;
/// HTTP types: webhook headers come in as an [`http::HeaderMap`].
pub use http;
/// The HTTP client: the client builders' `http_client` takes a [`reqwest::Client`].
pub use reqwest;
/// Money and quantities: [`rust_decimal::Decimal`] everywhere.
pub use rust_decimal;
/// Secrets: passwords, tokens and webhook secrets are [`secrecy::SecretString`]s.
pub use secrecy;
/// Reports, settings and models implement [`serde`]'s traits.
pub use serde;
/// JSON: reports serialise to it, and Rackbeat models keep unknown fields as
/// [`serde_json::Value`].
pub use serde_json;
/// The runtime: webhook queues are [`tokio::sync::mpsc`] receivers.
pub use tokio;
/// Cancellation: the scheduler and webhook workers stop on a
/// [`tokio_util::sync::CancellationToken`].
pub use tokio_util;
/// URLs: endpoints in the configuration are [`url::Url`]s.
pub use url;
