//! A stateful in-process fake of the Rackbeat REST API, for tests and demos (feature `mock`).
//!
//! [`MockRackbeat`] runs a real HTTP server on `127.0.0.1` (a [`wiremock::MockServer`] with one
//! catch-all responder) that keeps state like the real service: create an order and it can be
//! read back, book it and its lines lock, ship it and the stock drops. Point a
//! [`RackbeatClient`](crate::RackbeatClient) (or any HTTP client) at [`MockRackbeat::uri`],
//! which ends in `/api/` like the real base URL `https://app.rackbeat.com/api/`, with the bearer
//! token [`MockRackbeat::token`].
//!
//! The behaviour follows the Rackbeat API fact sheet; where the sheet is unsure the fake picks
//! the best-evidenced reading and says so in the docs of the item concerned.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use rackbeat_client::RackbeatClient;
//! use rackbeat_client::mock::{Fault, MockRackbeat};
//! use rackbeat_client::model::{NewOrder, NewOrderLine};
//! use rust_decimal::Decimal;
//! use serde_json::json;
//!
//! let rackbeat = MockRackbeat::start().await;
//! rackbeat.seed_product_group(json!({"number": 1, "name": "Goods"}))?;
//! rackbeat.seed_product(json!({"number": "AB/100", "name": "Widget", "group": 1, "sales_price": "80.00"}))?;
//! rackbeat.seed_customer(json!({"number": 7, "name": "Jens Hansen"}))?;
//!
//! let client = RackbeatClient::builder()
//!     .token(rackbeat.token())
//!     .base_url(rackbeat.uri())
//!     .max_retries(0)
//!     .build()?;
//!
//! // The next draft is created, but its answer is lost: the client sees a 502.
//! rackbeat.drop_response_after_write("POST /orders/drafts", 1);
//! let order = NewOrder {
//!     customer_id: 7,
//!     lines: vec![NewOrderLine { item_id: "AB/100".into(), quantity: Decimal::from(2), ..Default::default() }],
//!     ..Default::default()
//! };
//! assert!(client.orders().create_draft(&order).await.is_err());
//! assert_eq!(rackbeat.orders().len(), 1, "the order exists anyway");
//!
//! // A 503 on the next product read, then normal service.
//! rackbeat.fail_next("GET /products/*", 1, Fault::ServerError(503));
//! assert!(client.products().get("AB/100").await.is_err());
//! let widget = client.products().get("AB/100").await?;
//! assert_eq!(widget.in_order_quantity, Some(Decimal::ZERO), "a draft reserves nothing");
//! assert_eq!(rackbeat.request_count("GET /products/{number}"), 2);
//! # Ok(())
//! # }
//! ```
//!
//! # What the fake serves
//!
//! | Endpoint | Notes |
//! |---|---|
//! | `GET /self` | `{"user_account": {id, company_name, address}, "user": {…}}` |
//! | `/products`, `/products/{n}` | CRUD; see [`products`](self#products) |
//! | `GET /products/{n}/locations[/{loc}]` | `product_locations` / `product_location` |
//! | `GET /items/{n}/locations/available` | `locations` with the available stock per location |
//! | `/product-groups`, `/customer-groups`, `/layouts`, `/payment-terms`, `/delivery-terms`, `/employees`, `/units`, `/currencies` (key `code`) | CRUD |
//! | `/locations`, `/locations/{n}`, `GET /locations/flat`, `GET /locations/{n}/children` | `/locations` lists the top level only, `/flat` all (inferred) |
//! | `/customers`, `/customers/{n}` | CRUD |
//! | `/orders`, `POST /orders/drafts`, `/orders/{n}`, `POST /orders/{n}/book`, `/orders/{n}/lines[/{id}]`, `GET /orders/{n}/shipments`, `POST /orders/{n}/convert-to-invoice` | see the order rules below |
//! | `GET /order-shipments?order_number=` | shipments made with [`MockRackbeat::mark_shipped`] |
//! | `GET /customer-invoices[/{n}]`, `POST /customer-invoices/{n}/create-creditnote` | minimal |
//! | `/webhooks`, `/webhooks/{id}` | register (token on create only), list, show, update, delete |
//!
//! # Wire rules
//!
//! - **Auth**: every request needs `Authorization: Bearer <token>`, else 401
//!   `{"message":"Unauthenticated."}`.
//! - **Envelopes**: one object as `{<singular>: {…}}` (201 on create, 200 on show, update,
//!   delete and actions); lists as `{<plural>: […], total, pages, page, limit}` with **206**.
//!   Every object carries `created_at`, `updated_at` ([`TimestampFormat`], default
//!   `2025-01-08 10:30:00`) and a `self` URL, except webhooks (the documentation's sample has
//!   none).
//! - **Lists** (all of them): `page`, `limit` (default 20, capped, default cap 1000), `search`,
//!   `simple_filter[field]=value`, `updated_at_from`/`updated_at_to` (and `created_at_…`),
//!   `order_by`/`order_direction`, `fields` (honoured on top-level fields, also on show).
//!   `search` looks (case-insensitively, substring) in: products `number`, `name`, `barcode`;
//!   customers `number`, `name`, `company_name`, `contact_email`, `contact_phone`, `ean`,
//!   `company_vat`; orders `number`, `heading`, `other_reference`, `customer.number`,
//!   `customer.name`, `billing_address.email`, `delivery_address.email`; customer invoices
//!   `number`, `heading`, `other_reference`, `customer.number`, `customer.name`; employees
//!   `number`, `name`, `initials`, `contact_email`; webhooks `event`, `url`; everything else
//!   `number` and `name`. Plain `is_barred=` filters products and customers, `event=` webhooks.
//!   `/orders` accepts `simple_filter` only on `number`, `created_at`, `updated_at`, and
//!   rejects boolean filters (`is_booked=` …) with 422 "Property '…' is not filterable"
//!   (observed GYT).
//! - **Validation**: 422 `{"errors": {"<dot.path>": ["message"]}}`, the shape of the
//!   documentation's sample, in Laravel's wording ("The selected payment terms id is
//!   invalid.", "The name field is required.", "The number has already been taken."); the
//!   order rules use "The selected Customer is invalid." and "Product needed" as documented.
//! - **Item numbers** may contain `/`, spaces and `æøå`: a path segment is percent-decoded
//!   once and matched against `number`, then `urlfriendly_number` (the number encoded like
//!   PHP's `rawurlencode`), so single and double encoding both work.
//! - **Unknown path** → 404 `{"message":"Not Found"}`; wrong method → 405.
//!
//! ## Products
//!
//! Create needs `number`, `name` and `group` (an existing product group); `stock_quantity`,
//! `in_order_quantity` and `available_quantity` are derived: on-hand is the sum over locations
//! once any stock per location is seeded ([`MockRackbeat::seed_stock`]); in-order adds up the
//! lines of booked, unshipped orders; available = on hand − in order.
//!
//! ## Orders
//!
//! Drafts and `POST /orders` create unbooked orders numbered sequentially; booking sets
//! `is_booked` and `booked_at` and locks the lines (422 on any line change); booking twice
//! follows [`Rebook`]. Totals: `total_subtotal` = Σ round2(`line_price` × `quantity` ×
//! (1 − `discount_percentage`/100)), `total_total` adds Σ round2(net × `vat_percentage`/100);
//! a line without `vat_percentage` takes its product group's rate for the order's `vat_zone`.
//!
//! # Testing powers
//!
//! - Seeding with typed models or `serde_json::json!` values ([`MockRackbeat::seed_product`] …):
//!   anything that serialises to a JSON object; `null` fields are dropped so defaults apply;
//!   seeding a key that exists replaces that record.
//! - Inspection ([`MockRackbeat::orders`] …) returns the objects as the API would answer them.
//! - A request log ([`MockRackbeat::requests`], [`MockRackbeat::request_count`]).
//! - Faults ([`MockRackbeat::fail_next`], [`MockRackbeat::drop_response_after_write`]) and a
//!   rate limit ([`RateLimit`]).
//! - A clock that can be frozen and moved ([`MockRackbeat::set_time`],
//!   [`MockRackbeat::advance_time`]).
//! - Modes that play the readings the sheet leaves open, on the handle or the builder:
//!   [`MockRackbeat::drop_other_reference`], [`MockRackbeat::line_price_gross`],
//!   [`MockRackbeat::hold_next_write`] with [`MockRackbeat::land_held_writes`],
//!   [`MockRackbeat::key_webhooks_by_id`] with [`MockRackbeat::webhook_delivery`],
//!   [`MockRackbeat::omit_available_stock`] and [`MockRackbeat::refuse_customer_group_id`].
//!   Orders carry an internal `id` (as products do), so a delivery keyed by `id` can be
//!   resolved: products through `simple_filter[id]`, orders among the recently updated ones
//!   (`/orders` does not filter on `id`).

mod clock;
mod config;
mod derived;
mod fault;
mod handle;
mod json;
mod list;
mod log;
mod modes;
mod reply;
mod resources;
mod server;
mod state;

pub use clock::TimestampFormat;
pub use config::{DEFAULT_TOKEN, Rebook};
pub use fault::{Endpoint, Fault, RateLimit};
pub use handle::{MockError, MockRackbeat, MockRackbeatBuilder};
pub use log::RecordedRequest;
