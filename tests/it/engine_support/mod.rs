//! A small Danish shop on both fakes, and an `Integration` wired to them.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::MockRackbeat;
use rust_decimal::Decimal;
use serde_json::json;
use smartweb_client::SmartWebClient;
use smartweb_client::mock::MockSmartWeb;
use smartweb_client::mock::fixtures::{self, OrderBuilder};
use smartweb_client::model;
use smartweb_rackbeat::intake::IntakeConfig;
use smartweb_rackbeat::integration::{DEFAULT_ORDER_LEASE, DEFAULT_SETTLE_TIME, ManualClock};
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::{
    Integration, IntegrationBuilder, OrderWindow, Settings, WebhookReceiver, WebhookWorker,
};

/// Catalogue: (SmartWeb id, item number, title, gross price, stock).
pub const PRODUCTS: [(i64, &str, &str, i64, i64); 4] = [
    (1, "KAFFE-1", "Kaffebønner 1 kg", 125, 40),
    (2, "KRUS-2", "Krus, hvid", 50, 100),
    (3, "FILTER-3", "Kaffefilter 100 stk", 25, 0),
    (4, "KANDE/4", "Kaffekande 1,5 l", 250, 5),
];

pub struct World {
    pub sw: MockSmartWeb,
    pub rb: MockRackbeat,
    pub store: Arc<dyn StateStore>,
    /// The engine's clock: it starts at the wall clock's now and moves only when a test moves
    /// it (leases and settle times pass by moving it, never by waiting).
    pub clock: ManualClock,
}

pub fn settings() -> Settings {
    Settings::builder()
        .layout(1)
        .payment_terms(1)
        .customer_group(1)
        .employee(1)
        .smartweb_category_id(1)
        .shipping_product_with_vat("FRAGT".to_owned())
        .shipping_product_without_vat("FRAGT0".to_owned())
        .fee_product("GEBYR".to_owned())
        .credit_note_product("KREDIT".to_owned())
        .discount_product("RABAT".to_owned())
        .build_unchecked()
}

/// The window that covers the fixture orders (created 2026-01-01 12:00 shop time).
/// A webhook receiver whose clients point at closed loopback ports: it never calls out, it
/// only checks, dedupes and queues (SmartWeb signed with `secret`, Rackbeat with `token`).
pub fn offline_receiver(
    secret: &str,
    token: &str,
    intake: IntakeConfig,
) -> (WebhookReceiver, WebhookWorker, Arc<dyn StateStore>) {
    let sw = SmartWebClient::builder()
        .endpoint("http://127.0.0.1:9/service.php")
        .username("u")
        .password("p")
        .retries(0)
        .build()
        .unwrap();
    let rb = RackbeatClient::builder()
        .base_url("http://127.0.0.1:9/api/")
        .token("t")
        .retries(0)
        .build()
        .unwrap();
    let store: Arc<dyn StateStore> = Arc::new(MemoryStore::new());
    let mut settings = settings();
    settings.transfer_orders = true;
    settings.sync_stock = true;
    let integration = Integration::builder(sw, rb, settings, Arc::clone(&store))
        .smartweb_webhook_secret(Some(secret.to_owned().into()))
        .rackbeat_webhook_token(Some(token.to_owned().into()))
        .build()
        .unwrap();
    let (receiver, worker) = integration.webhook_receiver(intake);
    (receiver, worker, store)
}

pub fn window() -> OrderWindow {
    OrderWindow {
        since: Some(Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap()),
    }
}

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// The Rackbeat numbers the settings point at: layout, terms, employee, customer group,
/// location, and product groups 1 (25 %) and 2 (0 %).
pub fn seed_rackbeat_tables(rb: &MockRackbeat) {
    rb.seed_layout(json!({"number": 1, "name": "Standard"}))
        .unwrap();
    rb.seed_payment_terms(json!({"number": 1, "name": "Netto 8 dage", "maturity_days": 8}))
        .unwrap();
    rb.seed_employee(json!({"number": 1, "name": "Lager"}))
        .unwrap();
    rb.seed_customer_group(json!({"number": 1, "name": "Webshop"}))
        .unwrap();
    rb.seed_location(json!({"number": 1, "name": "Hovedlager"}))
        .unwrap();
    rb.seed_product_group(json!({"number": 1, "name": "Varer", "vat_domestic": 25, "vat_eu": 25, "vat_abroad": 0, "vat_domestic_exempt": 0}))
        .unwrap();
    rb.seed_product_group(json!({"number": 2, "name": "Momsfri", "vat_domestic": 0, "vat_eu": 0, "vat_abroad": 0, "vat_domestic_exempt": 0}))
        .unwrap();
}

/// The line products of [`settings`] (shipping with/without VAT, fee, credit note, discount).
pub fn seed_line_products(rb: &MockRackbeat) {
    for (item, group) in [
        ("FRAGT", 1),
        ("FRAGT0", 2),
        ("GEBYR", 2),
        ("KREDIT", 1),
        ("RABAT", 1),
    ] {
        rb.seed_product(json!({"number": item, "name": item, "group": group, "sales_price": "0"}))
            .unwrap();
    }
}

impl World {
    pub async fn new() -> Self {
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
        Self {
            sw,
            rb,
            store: Arc::new(MemoryStore::new()),
            clock: ManualClock::new(Utc::now()),
        }
    }

    /// Moves the engine's clock past every claim and settle time an earlier run left.
    pub fn wait_out_holds(&self) {
        self.clock
            .advance(DEFAULT_SETTLE_TIME + DEFAULT_ORDER_LEASE + Duration::from_secs(1));
    }

    pub fn rackbeat_client(&self) -> RackbeatClient {
        RackbeatClient::builder()
            .base_url(self.rb.uri())
            .token(self.rb.token())
            .requests_per_minute(100_000)
            .backoff(Duration::from_millis(1), Duration::from_millis(5))
            .retries(5)
            .build()
            .unwrap()
    }

    /// A builder wired to both fakes and the store, for options the helpers below leave out.
    pub fn integration_builder(&self, settings: Settings) -> IntegrationBuilder {
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
        .clock(Arc::new(self.clock.clone()))
    }

    pub fn integration_with(&self, settings: Settings, dry_run: bool) -> Integration {
        self.integration_builder(settings)
            .dry_run(dry_run)
            .smartweb_webhook_secret(Some("hook-secret".to_owned().into()))
            .build()
            .unwrap()
    }

    pub fn integration(&self) -> Integration {
        self.integration_with(settings(), false)
    }

    /// A paid order (status 1): 2 × coffee and 1 × mug, 49 kr shipping with VAT, 10 kr fee.
    pub fn seed_order(&self, id: i64) -> model::Order {
        let order = standard_order(id);
        self.sw.seed_order(order.clone());
        order
    }

    /// Rackbeat orders carrying `reference` in `other_reference`.
    pub fn rackbeat_orders_for(&self, reference: &str) -> Vec<rackbeat_client::model::Order> {
        self.rb
            .orders()
            .into_iter()
            .filter(|o| o.other_reference.as_deref() == Some(reference))
            .collect()
    }
}

pub fn standard_order(id: i64) -> model::Order {
    let mut order = OrderBuilder::new(id)
        .status(1)
        .customer("Karen", "Jensen", &format!("karen{id}@example.invalid"))
        .delivery(1, "GLS Pakkeshop", Decimal::from(49))
        .line(1, "KAFFE-1", "Kaffebønner 1 kg", 2, Decimal::from(100))
        .line(2, "KRUS-2", "Krus, hvid", 1, Decimal::from(40))
        .build();
    if let Some(p) = order.payment.as_mut() {
        p.price = Some(Decimal::from(10));
    }
    order
}
