//! The fake's data: one table per resource, rows stored as JSON objects in insertion order
//! (the order Rackbeat lists them in by default), plus stock per item and location.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::clock::Clock;
use super::config::Config;
use super::fault::FaultRule;
use super::json::{Object, key_text};
use super::log::RecordedRequest;

/// The resources the fake keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Product,
    ProductGroup,
    Customer,
    CustomerGroup,
    Order,
    CustomerInvoice,
    Layout,
    PaymentTerms,
    DeliveryTerms,
    Employee,
    Location,
    Unit,
    Currency,
    Webhook,
    Shipment,
}

/// The wire facts of one resource.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Path segment under `/api/`.
    pub(crate) path: &'static str,
    /// Key of a single-object envelope.
    pub(crate) singular: &'static str,
    /// Key of a list envelope.
    pub(crate) plural: &'static str,
    /// The field a row is addressed by.
    pub(crate) key: &'static str,
    /// Whether the key is an integer the server assigns when the body has none.
    pub(crate) int_key: bool,
    /// Fields `search=` looks in (case-insensitive substring; dotted paths reach into objects).
    pub(crate) search: &'static [&'static str],
}

impl Kind {
    pub(crate) const ALL: [Kind; 15] = [
        Kind::Product,
        Kind::ProductGroup,
        Kind::Customer,
        Kind::CustomerGroup,
        Kind::Order,
        Kind::CustomerInvoice,
        Kind::Layout,
        Kind::PaymentTerms,
        Kind::DeliveryTerms,
        Kind::Employee,
        Kind::Location,
        Kind::Unit,
        Kind::Currency,
        Kind::Webhook,
        Kind::Shipment,
    ];

    pub(crate) fn spec(self) -> Spec {
        const NUMBER_NAME: &[&str] = &["number", "name"];
        let s = |path, singular, plural, key, int_key, search| Spec {
            path,
            singular,
            plural,
            key,
            int_key,
            search,
        };
        match self {
            Kind::Product => s(
                "products",
                "product",
                "products",
                "number",
                false,
                &["number", "name", "barcode"],
            ),
            Kind::ProductGroup => s(
                "product-groups",
                "product_group",
                "product_groups",
                "number",
                true,
                NUMBER_NAME,
            ),
            Kind::Customer => s(
                "customers",
                "customer",
                "customers",
                "number",
                true,
                &[
                    "number",
                    "name",
                    "company_name",
                    "contact_email",
                    "contact_phone",
                    "ean",
                    "company_vat",
                ],
            ),
            Kind::CustomerGroup => s(
                "customer-groups",
                "customer_group",
                "customer_groups",
                "number",
                true,
                NUMBER_NAME,
            ),
            Kind::Order => s(
                "orders",
                "order",
                "orders",
                "number",
                true,
                &[
                    "number",
                    "heading",
                    "other_reference",
                    "customer.number",
                    "customer.name",
                    "billing_address.email",
                    "delivery_address.email",
                ],
            ),
            Kind::CustomerInvoice => s(
                "customer-invoices",
                "customer_invoice",
                "customer_invoices",
                "number",
                true,
                &[
                    "number",
                    "heading",
                    "other_reference",
                    "customer.number",
                    "customer.name",
                ],
            ),
            Kind::Layout => s("layouts", "layout", "layouts", "number", true, NUMBER_NAME),
            Kind::PaymentTerms => s(
                "payment-terms",
                "payment_terms",
                "payment_terms",
                "number",
                true,
                NUMBER_NAME,
            ),
            Kind::DeliveryTerms => s(
                "delivery-terms",
                "delivery_terms",
                "delivery_terms",
                "number",
                true,
                NUMBER_NAME,
            ),
            Kind::Employee => s(
                "employees",
                "employee",
                "employees",
                "number",
                true,
                &["number", "name", "initials", "contact_email"],
            ),
            Kind::Location => s(
                "locations",
                "location",
                "locations",
                "number",
                true,
                &["number", "name", "barcode"],
            ),
            Kind::Unit => s("units", "unit", "units", "number", true, NUMBER_NAME),
            Kind::Currency => s(
                "currencies",
                "currency",
                "currencies",
                "code",
                false,
                &["code", "name"],
            ),
            Kind::Webhook => s(
                "webhooks",
                "webhook",
                "webhooks",
                "id",
                true,
                &["event", "url"],
            ),
            Kind::Shipment => s(
                "order-shipments",
                "order_shipment",
                "order_shipments",
                "id",
                true,
                &["order_number", "tracking_number"],
            ),
        }
    }

    /// The resource served under a path segment.
    pub(crate) fn by_path(segment: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.spec().path == segment)
    }
}

/// One stored record.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) data: Object,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
}

impl Row {
    /// The row's key as text.
    pub(crate) fn key(&self, spec: &Spec) -> Option<String> {
        self.data.get(spec.key).and_then(key_text)
    }
}

/// The rows of one resource, in insertion order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) rows: Vec<Row>,
}

impl Table {
    pub(crate) fn position(&self, spec: &Spec, key: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.key(spec).as_deref() == Some(key))
    }

    pub(crate) fn get(&self, spec: &Spec, key: &str) -> Option<&Row> {
        self.position(spec, key).and_then(|i| self.rows.get(i))
    }

    pub(crate) fn get_mut(&mut self, spec: &Spec, key: &str) -> Option<&mut Row> {
        self.position(spec, key)
            .and_then(move |i| self.rows.get_mut(i))
    }

    /// The next free integer key: one above the highest, and at least `floor`.
    pub(crate) fn next_int_key(&self, spec: &Spec, floor: i64) -> i64 {
        self.rows
            .iter()
            .filter_map(|r| r.data.get(spec.key).and_then(super::json::int_of))
            .max()
            .map_or(floor, |m| (m + 1).max(floor))
    }
}

/// Everything the fake knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    /// The base URL, ending in `/api/`.
    pub(crate) base: String,
    pub(crate) tables: BTreeMap<Kind, Table>,
    /// On-hand stock per (item number, location number).
    pub(crate) stock: BTreeMap<(String, i64), Decimal>,
    /// Source of internal ids (product `id`, order line `id`).
    pub(crate) next_id: i64,
    pub(crate) faults: Vec<FaultRule>,
    pub(crate) log: Vec<RecordedRequest>,
    /// Start of the current rate-limit window and the requests counted in it.
    pub(crate) window: Option<(DateTime<Utc>, u32)>,
}

impl State {
    pub(crate) fn new(config: Config, base: String) -> Self {
        let clock = Clock::new(config.frozen_at, config.utc_offset, config.timestamp_format);
        Self {
            config,
            clock,
            base,
            tables: Kind::ALL
                .into_iter()
                .map(|k| (k, Table::default()))
                .collect(),
            stock: BTreeMap::new(),
            next_id: 1,
            faults: Vec::new(),
            log: Vec::new(),
            window: None,
        }
    }

    pub(crate) fn table(&self, kind: Kind) -> &Table {
        // Every kind is inserted in `new`; the fallback only satisfies the no-panic rule.
        static EMPTY: Table = Table { rows: Vec::new() };
        self.tables.get(&kind).unwrap_or(&EMPTY)
    }

    pub(crate) fn table_mut(&mut self, kind: Kind) -> &mut Table {
        self.tables.entry(kind).or_default()
    }

    pub(crate) fn row(&self, kind: Kind, key: &str) -> Option<&Row> {
        self.table(kind).get(&kind.spec(), key)
    }

    pub(crate) fn exists(&self, kind: Kind, key: &str) -> bool {
        self.row(kind, key).is_some()
    }

    pub(crate) fn fresh_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Appends a row stamped with the current time.
    pub(crate) fn insert(&mut self, kind: Kind, data: Object) {
        let now = self.clock.now();
        self.insert_stamped(kind, data, now, now);
    }

    pub(crate) fn insert_stamped(
        &mut self,
        kind: Kind,
        data: Object,
        created: DateTime<Utc>,
        updated: DateTime<Utc>,
    ) {
        self.table_mut(kind).rows.push(Row {
            data,
            created,
            updated,
        });
    }

    /// A self URL under the base: `…/api/<path>`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}
