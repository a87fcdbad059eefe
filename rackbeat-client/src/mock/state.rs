//! The fake's data: one table per resource, rows stored as JSON objects in insertion order
//! (the order Rackbeat lists them in by default), plus stock per item and location.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::clock::Clock;
use super::config::Config;
use super::derived::Derived;
use super::fault::FaultRule;
use super::json::{Object, key_text};
use super::log::RecordedRequest;
use super::modes::HeldWrite;

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

    fn int_key(&self, spec: &Spec) -> Option<i64> {
        self.data.get(spec.key).and_then(super::json::int_of)
    }
}

/// The rows of one resource, in insertion order, indexed by key.
///
/// Rows change only through the methods below, so the indexes stay in step with them and
/// [`Table::generation`] tells caches of derived figures when to rebuild. Catalogues of
/// thousands of products must stay cheap: a look-up by key is a hash probe, appending is
/// amortised O(1), and only a removal or a change of key re-indexes the table (O(n)).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    spec: Spec,
    rows: Vec<Row>,
    /// Key text → position of the first row with that key (keys are unique in practice; the
    /// first one wins, as a front-to-back search would find it).
    index: HashMap<String, usize>,
    /// Integer keys → how many rows carry each, for the next free number.
    int_keys: BTreeMap<i64, usize>,
    /// Bumped by every change.
    generation: u64,
}

impl Table {
    pub(crate) fn new(spec: Spec) -> Self {
        Self {
            spec,
            rows: Vec::new(),
            index: HashMap::new(),
            int_keys: BTreeMap::new(),
            generation: 0,
        }
    }

    /// The rows in insertion order.
    pub(crate) fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Changes with every insert, update and removal.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Row> {
        self.position(key).and_then(|i| self.rows.get(i))
    }

    /// Appends a row.
    pub(crate) fn push(&mut self, row: Row) {
        if let Some(key) = row.key(&self.spec) {
            self.index.entry(key).or_insert(self.rows.len());
        }
        if let Some(i) = row.int_key(&self.spec) {
            *self.int_keys.entry(i).or_default() += 1;
        }
        self.rows.push(row);
        self.generation += 1;
    }

    /// Changes the row with `key` in place; `None` when there is none. A change of the key
    /// itself re-indexes the table.
    pub(crate) fn update<R>(&mut self, key: &str, change: impl FnOnce(&mut Row) -> R) -> Option<R> {
        let i = self.position(key)?;
        let spec = self.spec;
        let row = self.rows.get_mut(i)?;
        let before = (row.key(&spec), row.int_key(&spec));
        let out = change(row);
        let after = (row.key(&spec), row.int_key(&spec));
        if before != after {
            self.reindex();
        }
        self.generation += 1;
        Some(out)
    }

    /// Removes the row with `key`, keeping the order of the others.
    pub(crate) fn remove(&mut self, key: &str) -> Option<Row> {
        let i = self.position(key)?;
        let row = self.rows.remove(i);
        self.reindex();
        self.generation += 1;
        Some(row)
    }

    /// The next free integer key: one above the highest, and at least `floor`.
    pub(crate) fn next_int_key(&self, floor: i64) -> i64 {
        self.int_keys
            .last_key_value()
            .map_or(floor, |(m, _)| (m + 1).max(floor))
    }

    fn reindex(&mut self) {
        self.index.clear();
        self.int_keys.clear();
        for (i, row) in self.rows.iter().enumerate() {
            if let Some(key) = row.key(&self.spec) {
                self.index.entry(key).or_insert(i);
            }
            if let Some(n) = row.int_key(&self.spec) {
                *self.int_keys.entry(n).or_default() += 1;
            }
        }
    }
}

/// Everything the fake knows.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    /// The base URL, ending in `/api/`.
    pub(crate) base: String,
    tables: BTreeMap<Kind, Table>,
    /// On-hand stock per (item number, location number).
    pub(crate) stock: BTreeMap<(String, i64), Decimal>,
    /// Source of internal ids (product `id`, order line `id`).
    pub(crate) next_id: i64,
    pub(crate) faults: Vec<FaultRule>,
    pub(crate) log: Vec<RecordedRequest>,
    /// Writes taken in and not yet performed ([`FaultAction::Hold`](super::fault::FaultAction)).
    pub(crate) held: Vec<HeldWrite>,
    /// Start of the current rate-limit window and the requests counted in it.
    pub(crate) window: Option<(DateTime<Utc>, u32)>,
    /// Cached whole-table figures for rendering.
    pub(crate) derived: Derived,
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
                .map(|k| (k, Table::new(k.spec())))
                .collect(),
            stock: BTreeMap::new(),
            next_id: 1,
            faults: Vec::new(),
            log: Vec::new(),
            held: Vec::new(),
            window: None,
            derived: Derived::default(),
        }
    }

    pub(crate) fn table(&self, kind: Kind) -> &Table {
        // Every kind is inserted in `new`; the fallback only satisfies the no-panic rule.
        static EMPTY: LazyLock<Table> = LazyLock::new(|| Table::new(Kind::Product.spec()));
        self.tables.get(&kind).unwrap_or(&EMPTY)
    }

    pub(crate) fn table_mut(&mut self, kind: Kind) -> &mut Table {
        self.tables
            .entry(kind)
            .or_insert_with(|| Table::new(kind.spec()))
    }

    pub(crate) fn row(&self, kind: Kind, key: &str) -> Option<&Row> {
        self.table(kind).get(key)
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
        self.table_mut(kind).push(Row {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn row(v: Value) -> Row {
        let Value::Object(data) = v else {
            panic!("not an object")
        };
        Row {
            data,
            created: DateTime::UNIX_EPOCH,
            updated: DateTime::UNIX_EPOCH,
        }
    }

    fn numbers(t: &Table) -> Vec<String> {
        t.rows()
            .iter()
            .filter_map(|r| r.key(&Kind::Product.spec()))
            .collect()
    }

    #[test]
    fn look_ups_follow_inserts_renames_and_removals() {
        let mut t = Table::new(Kind::Product.spec());
        for n in ["A/1", "B", "C"] {
            t.push(row(json!({"number": n})));
        }
        assert_eq!(t.position("B"), Some(1));
        assert!(t.get("A/1").is_some());
        assert!(t.get("D").is_none());

        t.update("B", |r| {
            r.data.insert("number".into(), json!("D"));
        });
        assert!(t.get("B").is_none());
        assert_eq!(t.position("D"), Some(1));

        assert!(t.remove("A/1").is_some());
        assert_eq!(numbers(&t), ["D", "C"], "the others keep their order");
        assert_eq!(t.position("C"), Some(1));
        assert!(t.remove("A/1").is_none());
        assert!(t.update("A/1", |_| ()).is_none());
    }

    #[test]
    fn a_duplicated_key_finds_the_first_row() {
        let mut t = Table::new(Kind::Product.spec());
        t.push(row(json!({"number": "X", "name": "first"})));
        t.push(row(json!({"number": "X", "name": "second"})));
        assert_eq!(
            t.get("X").and_then(|r| r.data.get("name")),
            Some(&json!("first"))
        );
        t.remove("X");
        assert_eq!(
            t.get("X").and_then(|r| r.data.get("name")),
            Some(&json!("second"))
        );
    }

    #[test]
    fn the_next_integer_key_is_above_the_highest_present() {
        let mut t = Table::new(Kind::Order.spec());
        assert_eq!(t.next_int_key(5), 5);
        t.push(row(json!({"number": 7})));
        t.push(row(json!({"number": "9"})));
        assert_eq!(t.next_int_key(1), 10);
        assert_eq!(t.next_int_key(20), 20);
        assert_eq!(
            t.position("9"),
            Some(1),
            "numeric strings and numbers share the key text"
        );
        t.remove("9");
        assert_eq!(
            t.next_int_key(1),
            8,
            "a freed top number is reused, as before"
        );
        t.update("7", |r| {
            r.data.insert("number".into(), json!(3));
        });
        assert_eq!(t.next_int_key(1), 4);
    }

    #[test]
    fn every_change_moves_the_generation() {
        let mut t = Table::new(Kind::Product.spec());
        let g0 = t.generation();
        t.push(row(json!({"number": "A"})));
        let g1 = t.generation();
        t.update("A", |r| {
            r.data.insert("name".into(), json!("x"));
        });
        let g2 = t.generation();
        t.remove("A");
        assert!(g0 < g1 && g1 < g2 && g2 < t.generation());
    }
}
