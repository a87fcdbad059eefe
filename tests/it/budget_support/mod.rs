//! Worlds for the request-budget tests: both fakes, a shop with many new orders or a large
//! catalogue, and an `Integration` wired to them. Patterns follow `tests/it/engine_support`.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::MockRackbeat;
use rust_decimal::Decimal;
use serde_json::json;
use smartweb_client::mock::MockSmartWeb;
use smartweb_client::mock::fixtures::{self, OrderBuilder};
use smartweb_client::model;
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::{Integration, Settings};

/// Catalogue of the order worlds: (SmartWeb id, item number, title, gross price, stock).
pub const PRODUCTS: [(i64, &str, &str, i64, i64); 2] = [
    (1, "KAFFE-1", "Kaffebønner 1 kg", 125, 40),
    (2, "KRUS-2", "Krus, hvid", 50, 100),
];

/// Both fakes and the state store one `Integration` uses.
pub struct World {
    pub sw: MockSmartWeb,
    pub rb: MockRackbeat,
    pub store: Arc<dyn StateStore>,
}

pub use super::engine_support::settings;

/// A paid order (status 1) by a customer of its own (`buyer{id}@example.invalid`):
/// 2 × coffee and 1 × mug, 49 kr shipping with VAT, 10 kr fee.
pub fn new_customer_order(id: i64) -> model::Order {
    let mut order = OrderBuilder::new(id)
        .status(1)
        .customer(
            "Karen",
            &format!("Jensen {id}"),
            &format!("buyer{id}@example.invalid"),
        )
        .delivery(1, "GLS Pakkeshop", Decimal::from(49))
        .line(1, "KAFFE-1", "Kaffebønner 1 kg", 2, Decimal::from(100))
        .line(2, "KRUS-2", "Krus, hvid", 1, Decimal::from(40))
        .build();
    if let Some(p) = order.payment.as_mut() {
        p.price = Some(Decimal::from(10));
    }
    order
}

/// [`new_customer_order`] `id`, placed at `placed` (shop time, `yyyy-mm-dd hh:mm:ss`) by the
/// customer of order `customer_of` (same name and e-mail): a repeat customer.
pub fn repeat_customer_order(id: i64, customer_of: i64, placed: &str) -> model::Order {
    let mut order = new_customer_order(id);
    order.customer = new_customer_order(customer_of).customer;
    order.date_delivered = Some(placed.to_owned());
    order
}

use super::engine_support::{seed_line_products, seed_rackbeat_tables};

impl World {
    /// A shop with the two products of [`PRODUCTS`] and the charge products on Rackbeat.
    pub async fn orders() -> Self {
        let sw = MockSmartWeb::start().await;
        for (id, item, title, price, stock) in PRODUCTS {
            sw.seed_product(fixtures::product(
                id,
                item,
                title,
                Decimal::from(price),
                stock,
            ));
        }
        let rb = MockRackbeat::start().await;
        seed_rackbeat_tables(&rb);
        for (_, item, title, price, _) in PRODUCTS {
            let net = Decimal::from(price) * Decimal::new(8, 1);
            rb.seed_product(
                json!({"number": item, "name": title, "group": 1, "sales_price": net.to_string()}),
            )
            .unwrap();
        }
        seed_line_products(&rb);
        Self::with(sw, rb)
    }

    /// A catalogue of `items` plain products (`ITEM-00001` …) with the same stock on both
    /// sides, except every `changed_every`-th item, whose Rackbeat stock is one higher.
    pub async fn catalogue(items: i64, changed_every: i64) -> Self {
        let sw = MockSmartWeb::start().await;
        let rb = MockRackbeat::start().await;
        seed_rackbeat_tables(&rb);
        sw.seed_products(
            (1..=items)
                .map(|id| fixtures::product(id, &item_number(id), "Vare", Decimal::from(100), 10)),
        );
        for id in 1..=items {
            let stock = if id % changed_every == 0 { 11 } else { 10 };
            rb.seed_product(json!({
                "number": item_number(id),
                "name": "Vare",
                "group": 1,
                "sales_price": "80",
                "stock_quantity": stock,
            }))
            .unwrap();
        }
        Self::with(sw, rb)
    }

    fn with(sw: MockSmartWeb, rb: MockRackbeat) -> Self {
        Self {
            sw,
            rb,
            store: Arc::new(MemoryStore::new()),
        }
    }

    /// A client without pacing in the way (budgets count requests, never time).
    pub fn rackbeat_client(&self) -> RackbeatClient {
        RackbeatClient::builder()
            .base_url(self.rb.uri())
            .token(self.rb.token())
            .requests_per_minute(0)
            .backoff(Duration::from_millis(1), Duration::from_millis(5))
            .retries(5)
            .build()
            .unwrap()
    }

    /// An `Integration` with `settings` on both fakes and this world's store.
    pub fn integration_with(&self, settings: Settings) -> Integration {
        let sw = self
            .sw
            .client_builder()
            .retries(3)
            .backoff(Duration::from_millis(1), Duration::from_millis(1))
            .build()
            .unwrap();
        Integration::builder(
            sw,
            self.rackbeat_client(),
            settings,
            Arc::clone(&self.store),
        )
        .build()
        .unwrap()
    }

    /// Forgets both fakes' request logs, so the next counts are one run's.
    pub fn clear_counts(&self) {
        self.sw.clear_requests();
        self.rb.clear_requests();
    }

    /// SmartWeb calls by operation, for the test output.
    pub fn smartweb_calls(&self) -> Vec<(String, usize)> {
        let mut by_op = std::collections::BTreeMap::<String, usize>::new();
        for r in self.sw.requests() {
            *by_op.entry(r.operation.clone()).or_default() += 1;
        }
        by_op.into_iter().collect()
    }

    /// Rackbeat calls by method and path (numbers and item numbers kept), for the test output.
    pub fn rackbeat_calls(&self) -> Vec<(String, usize)> {
        let mut by_endpoint = std::collections::BTreeMap::<String, usize>::new();
        for r in self.rb.requests() {
            let shape: Vec<&str> = r
                .segments
                .iter()
                .map(|s| {
                    if s.chars().any(|c| c.is_ascii_digit()) {
                        "*"
                    } else {
                        s.as_str()
                    }
                })
                .collect();
            *by_endpoint
                .entry(format!("{} /{}", r.method, shape.join("/")))
                .or_default() += 1;
        }
        by_endpoint.into_iter().collect()
    }
}

/// `ITEM-00042`.
pub fn item_number(id: i64) -> String {
    format!("ITEM-{id:05}")
}
