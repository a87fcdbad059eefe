//! Pure sync rules between SmartWeb and Rackbeat: settings, exact money, order and customer
//! mapping, product and stock planning, status write-back.
//!
//! # Sans-IO
//!
//! This crate answers "what should happen?" as data; the engine (`smartweb-rackbeat`) reads
//! both systems, calls these functions and carries out the plans. Nothing here performs I/O,
//! is async, reads the clock, draws random numbers or logs: time comes in as a parameter
//! ([`MappingContext::today`]), and every function is deterministic, so every decision can be
//! tested exhaustively (the split `quinn-proto` / `quinn` makes).
//!
//! The inputs are this crate's own plain types ([`shop::ShopOrder`],
//! [`products::RbProductView`], …) whose fields mirror the API fields they come from, so a
//! conversion from a client model is a field-by-field copy. The outputs name the fields of
//! the write they describe ([`order::DraftOrder::layout_id`], [`order::DraftLine::line_price`]).
//!
//! # Overview
//!
//! | Job | Function | Rules documented in |
//! |---|---|---|
//! | Settings, defaults, validation | [`Settings`], [`Settings::validate`] | [`settings`] |
//! | Money and rounding | [`money::RoundingStrategy`], [`money::net_from_gross`] | [`money`] |
//! | SmartWeb order → Rackbeat customer + order | [`map_order`] → [`OrderPlan`] | [`order`] |
//! | Totals reconciliation, rounding line | inside [`map_order`] → [`order::TotalsCheck`] | [`order`] (`totals.rs`) |
//! | Reference tying both orders | [`reference::ReferenceFormat`] | [`mod@reference`] |
//! | Products | [`products::plan_products`] → [`products::ProductPlan`] | [`products`] |
//! | Stock | [`stock::plan_stock`] → [`stock::StockPlan`] | [`stock`] |
//! | Status / tracking write-back | [`writeback::plan_writeback`] | [`writeback`] |
//! | Webhook registration | [`webhooks::wanted_webhooks`], [`webhooks::plan`] | [`webhooks`] |
//!
//! Money is [`rust_decimal::Decimal`] from input to output; all arithmetic is checked, so the
//! mapping never panics, and rounding is explicit ([`money`]).
//!
//! # Example
//!
//! ```
//! use std::collections::BTreeMap;
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//! use sync_core::shop::{ShopCustomer, ShopOrder, ShopOrderLine};
//! use sync_core::{map_order, MappingContext, OrderPlan, Settings, VatLookup};
//!
//! let settings = Settings::builder()
//!     .layout(1)
//!     .payment_terms(1)
//!     .customer_group(1)
//!     .build_unchecked();
//! let vat = VatLookup {
//!     by_product_id: BTreeMap::from([(7, Decimal::from(25))]),
//!     ..VatLookup::default()
//! };
//! let order = ShopOrder {
//!     id: Some(1042),
//!     status: Some("1".into()),
//!     total: Some(Decimal::from(160)),
//!     customer: Some(ShopCustomer {
//!         firstname: "Jens".into(),
//!         email: "jens@example.dk".into(),
//!         ..ShopCustomer::default()
//!     }),
//!     lines: vec![ShopOrderLine {
//!         product_id: Some(7),
//!         item_number: "SKU-7".into(),
//!         amount: Some(2),
//!         price: Some(Decimal::from(80)),
//!         ..ShopOrderLine::default()
//!     }],
//!     ..ShopOrder::default()
//! };
//! let countries = BTreeMap::new();
//! let today = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
//! let ctx = MappingContext::new(&settings, &vat, &countries, today);
//! let OrderPlan::Transfer(plan) = map_order(&order, &ctx).unwrap() else { panic!() };
//! assert_eq!(plan.order.other_reference, "SW-1042");
//! assert_eq!(plan.order.lines[0].vat_percentage, Decimal::from(25));
//! assert_eq!(plan.totals.planned_gross, Decimal::from(200));
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod check;
pub mod context;
pub mod convert;
pub mod facts;
pub mod money;
pub mod order;
pub mod products;
pub mod reference;
pub mod settings;
pub mod shop;
pub mod stock;
pub mod transfer;
pub mod vat_zones;
pub mod webhooks;
pub mod window;
pub mod writeback;

pub use context::{DeliveryCountry, MappingContext, VatLookup};
pub use order::{MappingError, OrderPlan, map_order};
pub use settings::{InvalidSettings, Settings, SettingsBuilder};
