//! Typed async client for the SmartWeb (HostedShop / DanDomain Webshop) SOAP API.
//!
//! # Overview
//!
//! - [`model`]: one type per complex type of the WSDL (generated, always compiled). Every
//!   field is `Option`, arrays are `Vec`, money (`xsd:double`) is a
//!   [`rust_decimal::Decimal`] read from the wire text.
//! - [`ops`]: one struct per WSDL operation (generated), implementing [`soap::Operation`];
//!   arguments in WSDL order, all always sent.
//! - [`soap`]: SOAP 1.1/1.2 envelopes and typed faults ([`Error`]).
//! - [`values`]: shop dates (local wall-clock time, `0000-00-00 00:00:00` is `None`) and
//!   [`values::OrderStatus`] (unknown ids kept).
//! - [`webhook`]: `X-Hmac-Sha256` verification and delivery parsing (pure, no feature needed).
//! - `client` (feature `client`, default): `SmartWebClient` with its session, transport,
//!   pacing, request counts and `raw()` (every operation as a method).
//! - `api` (feature `client`): the curated calls below.
//! - `mock` (feature `mock`): a stateful in-process fake of the service.
//!
//! # The session
//!
//! A client logs in lazily (`Solution_Connect`), keeps every cookie the server sets, selects
//! the language (default `DK`, or the layer last chosen with `Solution_SetLanguage`) and
//! re-applies case-sensitive item-number matching (when asked for) and the remembered
//! `*_SetFields` projections after every login: a new server session starts from defaults. On an `AUTH` fault it reconnects and replays a **read** once; writes are never
//! replayed, and transport errors are retried for reads only. Calls are **serialised per
//! client** (projections are global state of the server session), and requests are paced at
//! `requests_per_second` (default 4). `Solution_SetEncoding` is never called.
//!
//! # Example
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn example() -> Result<(), smartweb_client::Error> {
//! use chrono::NaiveDate;
//! use futures::TryStreamExt;
//! use smartweb_client::client::SmartWebClient;
//! use smartweb_client::values::OrderStatus;
//!
//! let sw = SmartWebClient::builder()
//!     .username("api-user@example.com")
//!     .password(std::env::var("SMARTWEB_PASSWORD").unwrap_or_default())
//!     .build()?;
//!
//! let info = sw.shop().webinfo().await?;
//! println!("prices include VAT: {:?}", info.product_prices_with_vat);
//!
//! // Shop-local times; lines, customer, delivery, payment, … come inlined.
//! let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
//! let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap().and_hms_opt(23, 59, 59).unwrap();
//! let mut orders = std::pin::pin!(sw.orders().by_created(start, end, &[OrderStatus::Received]));
//! while let Some(order) = orders.try_next().await? {
//!     println!("order {:?}: {} lines", order.id, order.order_lines.len());
//! }
//!
//! sw.products().set_stock("SKU-1", 12).await?;
//! sw.orders().update_status(1042, OrderStatus::Sent, false).await?;
//! println!("{} requests sent", sw.request_count());
//! # Ok(())
//! # }
//! ```
//!
//! # Curated calls
//!
//! | Call | Operation(s) | Notes |
//! |---|---|---|
//! | `orders().by_created(start, end, &statuses)` | `Order_GetByDateWithPagination` | `Stream`; pages from 1 until an empty page; `Status` always sent |
//! | `orders().by_updated(start, end, &statuses)` | `Order_GetByDateUpdatedWithPagination` | as above |
//! | `orders().by_id(id)` / `by_number(n)` | `Order_GetById` / `Order_GetByNumber(n, n)` | full order and line field sets |
//! | `orders().update_status(id, status, allow_received)` | `Order_UpdateStatus` | status 1 refused unless allowed (always e-mails) |
//! | `orders().update_tracking_code(id, code)` / `update_comment(id, text)` | `Order_UpdateTrackingCode` / `Order_UpdateComment` | |
//! | `products().by_item_number(s)` / `by_id(id)` / `by_ids(&ids)` | `Product_GetByItemNumber` / `Product_GetById` / `Product_GetByIds` | variants and stock locations inlined |
//! | `products().all(page_size)` | `Product_GetAllWithLimit` | `Stream`; offset walk, dedup by `Id`, `Start` base detected |
//! | `products().updated_since(start, end)` | `Product_GetByUpdatedDate` | |
//! | `products().create` / `update` / `upsert` / `bulk_upsert` | `Product_Create` / `Product_Update` / `Product_CreateOrUpdate` / `Product_CreateOrUpdateBulk` | `CategoryId` checked before sending |
//! | `products().variants(id)` / `variants_by_item_number(s)` | `Product_GetVariants` / `Product_GetVariantsByItemNumber` | |
//! | `products().upsert_variant` / `update_variant` | `Product_CreateOrUpdateVariant` / `Product_UpdateVariant` | |
//! | `products().set_stock(key, n)` / `set_variant_stock(key, n)` | `Product_Update` / `Product_UpdateVariant` | key: id or item number; only the stock is sent |
//! | `products().set_stock_at_location` / `set_variant_stock_at_location` | `Product_Update(Variant)StockForStockLocation` | |
//! | `shop().webinfo()` | `Solution_GetWebinfo` | `ProductPricesWithVat` |
//! | `shop().languages()` / `vat_groups()` / `currencies()` / `delivery_countries()` | `Solution_GetLanguages` / `VatGroup_GetAll` / `Currency_GetAll` / `Product_GetDeliveryCountryAll` | |
//! | `shop().deliveries()` / `payments()` / `order_status_codes()` / `categories()` | `Delivery_GetAll` / `Payment_GetAll` / `OrderStatusCode_GetAll` / `Category_GetAll` | |
//! | `users().get(id)` / `by_group(id)` / `create` / `update` | `User_GetById` / `User_GetByGroup` / `User_Create` / `User_Update` | all user fields but `Password` |
//! | `users().groups()` / `group(id)` / `create_group` / `update_group` | `User_GetGroupAll` / `User_GetGroupById` / `User_CreateGroup` / `User_UpdateGroup` | |
//! | `webhook::verify_signature` / `webhook::parse` | (HTTP delivery) | HMAC-SHA256 of the raw body, base64; nine topics |
//!
//! Any other operation: `client.raw().<operation>(…)` or `client.call(&ops::…)`.
//!
//! # Features
//!
//! - `client` (default): the HTTP client and curated calls (reqwest, tokio).
//! - `rustls` (default): TLS by rustls with the *ring* crypto provider and the platform's
//!   certificate verifier. No process-wide rustls provider is installed or needed.
//! - `native-tls`: TLS by the platform's library (OpenSSL on Linux) instead; wins over
//!   `rustls` when both are on.
//! - `graphql`: the GraphQL client for webhook registration (implies `client`).
//! - `mock`: the in-process fake service (implies `client`).
//!
//! With `client` and neither TLS feature, pass your own `reqwest::Client` to the builders
//! (`http_client`), which also serves proxies, extra roots and custom timeouts.
//!
//! With `default-features = false` the crate is the model, operations, SOAP layer, values and
//! webhook parsing only.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod error;
mod generated;
pub mod model;
pub mod ops;
pub mod soap;
pub mod values;
pub mod webhook;
pub mod xml;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod api;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
#[cfg(feature = "graphql")]
#[cfg_attr(docsrs, doc(cfg(feature = "graphql")))]
pub mod graphql;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod http;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use error::Error;
