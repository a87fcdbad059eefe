//! Typed async client for the Rackbeat inventory REST API.
//!
//! - [`model`]: request and response types (always compiled; `default-features = false`
//!   gives just these, the envelopes and [`webhook`], with no HTTP stack).
//! - [`RackbeatClient`] (feature `client`, on by default): builder, shared pacing (480
//!   requests/minute by default), jittered retries for GET/PUT/DELETE (POST only after a 429), typed
//!   errors, one handler per resource, lists as one [`Page`] or a `Stream` over all pages.
//! - [`webhook`]: constant-time token check and a lenient delivery parser.
//!
//! # Features
//!
//! - `client` (default): the HTTP client (reqwest, tokio).
//! - `rustls` (default): TLS by rustls with the *ring* crypto provider and the platform's
//!   certificate verifier. No process-wide rustls provider is installed or needed.
//! - `native-tls`: TLS by the platform's library (OpenSSL on Linux) instead; wins over
//!   `rustls` when both are on.
//! - `mock`: the in-process fake service (implies `client`).
//!
//! With `client` and neither TLS feature, pass your own `reqwest::Client` to
//! `RackbeatClientBuilder::http_client`, which also serves proxies, extra roots and custom
//! timeouts.
//!
//! Money and quantities are [`rust_decimal::Decimal`], read exactly from JSON numbers and
//! strings (`199.99` and `"199.99"` both become exactly 199.99, `1E-7` exactly 0.0000001)
//! and written as exact JSON numbers: the models read a number from its text (serde_json's
//! raw values), so no value passes through a binary float. The crate changes nothing about how
//! the rest of a program parses JSON (no `arbitrary_precision`). Unknown fields are kept in
//! each model's `extra` map as ordinary `serde_json::Value`s.
//!
//! # Example
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run() -> rackbeat_client::Result<()> {
//! use futures::TryStreamExt;
//! use rackbeat_client::RackbeatClient;
//! use rackbeat_client::model::{NewOrder, NewOrderLine};
//! use rust_decimal::Decimal;
//!
//! let rb = RackbeatClient::builder()
//!     .token("eyJ0eXAiOiJKV1Qi...")
//!     .consumer_name("my-shop-sync")
//!     .consumer_contact("ops@example.com")
//!     .build()?;
//!
//! // One product, by item number (percent-encoded as one path segment).
//! let product = rb.products().get("BOX/10 æøå").await?;
//! println!("{} available", product.available_quantity.unwrap_or_default());
//!
//! // Every product matching a search, page by page.
//! let mut products = rb.products().list().search("box").limit(200).stream();
//! while let Some(p) = products.try_next().await? {
//!     println!("{}", p.number);
//! }
//!
//! // A draft order, found again later by the reference stored on it.
//! let draft = NewOrder {
//!     customer_id: 1001,
//!     other_reference: Some("SW-5001".into()),
//!     lines: vec![NewOrderLine {
//!         item_id: "BOX/10".into(),
//!         quantity: Decimal::from(2),
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let order = rb.orders().create_draft(&draft).await?;
//! rb.orders().book(order.number, false).await?;
//! assert!(rb.orders().find_by_reference("SW-5001").await?.is_some());
//! # Ok(())
//! # }
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod envelope;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod model;
mod serde_util;
pub mod webhook;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod api;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod http;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod list;
#[cfg(feature = "client")]
mod stats;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use client::{
    DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_PAGE_SIZE, DEFAULT_REQUESTS_PER_MINUTE,
    RackbeatClient, RackbeatClientBuilder, RetryPolicy,
};
pub use envelope::{Page, Resource, Single};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use error::{Error, Result, TransportKind};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use list::{ListBuilder, SortDirection};
/// HTTP method type used by [`RackbeatClient::raw_json`].
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use reqwest::Method;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use stats::RequestStats;
