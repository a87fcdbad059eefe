//! The public handle: start a fake, seed it, inject faults, inspect what happened.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use secrecy::SecretString;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use super::clock::TimestampFormat;
use super::config::{Config, Rebook};
use super::fault::{Endpoint, Fault, FaultAction, FaultRule, RateLimit};
use super::json::{Object, int, int_of, key_text, merge, to_object};
use super::log::RecordedRequest;
use super::resources::{self, orders, products};
use super::server::{Dispatcher, Shared, lock};
use super::state::{Kind, State};
use crate::model;

/// Why a seeding or test call on the fake was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The record the call names does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The value could not be stored (not a JSON object, no key, wrong state).
    #[error("invalid: {0}")]
    Invalid(String),
}

/// A running fake Rackbeat server. Dropping it stops the server.
///
/// All methods take `&self` and are synchronous apart from starting; the state sits behind a
/// mutex shared with the server.
#[derive(Debug)]
pub struct MockRackbeat {
    server: MockServer,
    shared: Shared,
    base: String,
    token: SecretString,
}

/// Settings for a [`MockRackbeat`] before it starts.
#[derive(Debug, Clone, Default)]
pub struct MockRackbeatBuilder {
    config: Config,
}

impl MockRackbeatBuilder {
    /// The bearer token the fake accepts (default [`DEFAULT_TOKEN`](super::DEFAULT_TOKEN)).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.config.token = SecretString::from(token.into());
        self
    }

    /// The largest `limit` a list honours (default 1000, after Rackbeat's LR client; the real
    /// maximum is undocumented). Larger requests are answered with this limit.
    pub fn max_page_size(mut self, max: u64) -> Self {
        self.config.max_page_size = max.max(1);
        self
    }

    /// Turns on a request budget (default: none, as no official limit is published).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.config.rate_limit = Some(limit);
        self
    }

    /// How timestamps are written (default [`TimestampFormat::Naive`]).
    pub fn timestamp_format(mut self, format: TimestampFormat) -> Self {
        self.config.timestamp_format = format;
        self
    }

    /// The server's UTC offset for rendered and parsed timestamps (default `+01:00`).
    pub fn utc_offset(mut self, offset: FixedOffset) -> Self {
        self.config.utc_offset = offset;
        self
    }

    /// Starts with a frozen clock at `at` (default: the wall clock).
    pub fn frozen_at(mut self, at: DateTime<Utc>) -> Self {
        self.config.frozen_at = Some(at);
        self
    }

    /// The number the first order gets when the body has none (default 1).
    pub fn first_order_number(mut self, number: i64) -> Self {
        self.config.first_order_number = number;
        self
    }

    /// The number the first customer gets when the body has none (default 1).
    pub fn first_customer_number(mut self, number: i64) -> Self {
        self.config.first_customer_number = number;
        self
    }

    /// What booking an already booked order does (default [`Rebook::Reject`]).
    pub fn rebook(mut self, rebook: Rebook) -> Self {
        self.config.rebook = rebook;
        self
    }

    /// Whether plain `POST /orders` books at once (default `false`: the sheet leans towards
    /// "unbooked until `/book`", §2.5).
    pub fn post_orders_books(mut self, books: bool) -> Self {
        self.config.post_orders_books = books;
        self
    }

    /// How long [`Fault::Timeout`] waits before answering (default 120 s).
    pub fn timeout_delay(mut self, delay: Duration) -> Self {
        self.config.timeout_delay = delay;
        self
    }

    /// The account `GET /self` reports (default `1001`, `"Mock Company ApS"`).
    pub fn account(mut self, id: i64, company_name: impl Into<String>) -> Self {
        self.config.account_id = id;
        self.config.company_name = company_name.into();
        self
    }

    /// The account's base currency, the default of customers and orders (default `DKK`).
    pub fn base_currency(mut self, code: impl Into<String>) -> Self {
        self.config.base_currency = code.into();
        self
    }

    /// Starts with orders dropping `other_reference`
    /// ([`MockRackbeat::drop_other_reference`]).
    pub fn drop_other_reference(mut self, on: bool) -> Self {
        self.config.modes.drop_other_reference = on;
        self
    }

    /// Starts reading `line_price` as gross ([`MockRackbeat::line_price_gross`]).
    pub fn line_price_gross(mut self, on: bool) -> Self {
        self.config.modes.line_price_gross = on;
        self
    }

    /// Starts keying webhooks by `id` ([`MockRackbeat::key_webhooks_by_id`]).
    pub fn key_webhooks_by_id(mut self, on: bool) -> Self {
        self.config.modes.webhooks_by_id = on;
        self
    }

    /// Starts without available-stock figures ([`MockRackbeat::omit_available_stock`]).
    pub fn omit_available_stock(mut self, on: bool) -> Self {
        self.config.modes.omit_available_stock = on;
        self
    }

    /// Starts with customers refusing `customer_group_id`
    /// ([`MockRackbeat::refuse_customer_group_id`]).
    pub fn refuse_customer_group_id(mut self, on: bool) -> Self {
        self.config.modes.refuse_customer_group_id = on;
        self
    }

    /// Starts the server on a free loopback port.
    pub async fn start(self) -> MockRackbeat {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let base = format!("{}/api/", server.uri());
        let token = self.config.token.clone();
        let shared: Shared =
            std::sync::Arc::new(std::sync::Mutex::new(State::new(self.config, base.clone())));
        Mock::given(any())
            .respond_with(Dispatcher {
                shared: shared.clone(),
            })
            .mount(&server)
            .await;
        MockRackbeat {
            server,
            shared,
            base,
            token,
        }
    }
}

impl MockRackbeat {
    /// Starts a fake with the default settings.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// Settings for a fake.
    pub fn builder() -> MockRackbeatBuilder {
        MockRackbeatBuilder::default()
    }

    /// The base URL to give the client, ending in `/api/`: `http://127.0.0.1:<port>/api/`.
    pub fn uri(&self) -> String {
        self.base.clone()
    }

    /// The server's socket address.
    pub fn address(&self) -> std::net::SocketAddr {
        *self.server.address()
    }

    /// The bearer token the fake accepts.
    pub fn token(&self) -> SecretString {
        self.token.clone()
    }

    /// A client builder already pointed at this fake, with its token and without client-side
    /// pacing (the fake's own [`RateLimit`] is what tests exercise).
    pub fn client_builder(&self) -> crate::RackbeatClientBuilder {
        crate::RackbeatClient::builder()
            .token(self.token())
            .base_url(self.uri())
            .requests_per_minute(0)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        lock(&self.shared)
    }

    // ---- clock -------------------------------------------------------------------------

    /// The fake's current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.state().clock.now()
    }

    /// Freezes the clock at `at`.
    pub fn set_time(&self, at: DateTime<Utc>) {
        self.state().clock.set(at);
    }

    /// Moves the clock forward (freezing it first if it followed the wall clock). Also moves
    /// the rate-limit window.
    pub fn advance_time(&self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        self.state().clock.advance(by);
    }

    /// Starts a fresh rate-limit window now.
    pub fn reset_rate_limit(&self) {
        self.state().window = None;
    }

    // ---- seeding -----------------------------------------------------------------------

    fn seed(&self, kind: Kind, value: impl Serialize) -> Result<(), MockError> {
        let body = to_object(&value).map_err(MockError::Invalid)?;
        let mut st = self.state();
        seed_into(&mut st, kind, body)
    }

    /// Adds or replaces a product (e.g. a [`model::Product`], [`model::NewProduct`] or a JSON
    /// object). `group` may be the group's number or object. Needs `number`.
    pub fn seed_product(&self, product: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Product, product)
    }

    /// [`Self::seed_product`] for many.
    pub fn seed_products<T: Serialize>(
        &self,
        products: impl IntoIterator<Item = T>,
    ) -> Result<(), MockError> {
        products.into_iter().try_for_each(|p| self.seed_product(p))
    }

    /// Adds or replaces a product group ([`model::ProductGroup`] …); VAT per zone defaults to
    /// 25 % domestic, 0 elsewhere.
    pub fn seed_product_group(&self, group: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::ProductGroup, group)
    }

    /// Adds or replaces a customer ([`model::Customer`], [`model::NewCustomer`] …).
    pub fn seed_customer(&self, customer: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Customer, customer)
    }

    /// [`Self::seed_customer`] for many.
    pub fn seed_customers<T: Serialize>(
        &self,
        customers: impl IntoIterator<Item = T>,
    ) -> Result<(), MockError> {
        customers
            .into_iter()
            .try_for_each(|c| self.seed_customer(c))
    }

    /// Adds or replaces a customer group.
    pub fn seed_customer_group(&self, group: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::CustomerGroup, group)
    }

    /// Adds or replaces a layout.
    pub fn seed_layout(&self, layout: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Layout, layout)
    }

    /// Adds or replaces payment terms.
    pub fn seed_payment_terms(&self, terms: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::PaymentTerms, terms)
    }

    /// Adds or replaces delivery terms.
    pub fn seed_delivery_terms(&self, terms: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::DeliveryTerms, terms)
    }

    /// Adds or replaces an employee.
    pub fn seed_employee(&self, employee: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Employee, employee)
    }

    /// Adds or replaces a location (`parent_id` for a shelf inside a warehouse).
    pub fn seed_location(&self, location: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Location, location)
    }

    /// Adds or replaces a unit.
    pub fn seed_unit(&self, unit: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Unit, unit)
    }

    /// Adds or replaces a currency (keyed by `code`).
    pub fn seed_currency(&self, currency: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::Currency, currency)
    }

    /// Adds or replaces a customer invoice (with `lines` in the order-line form:
    /// `child_id`, `quantity`, `line_price`, `discount_percentage`, `vat_percentage`).
    pub fn seed_customer_invoice(&self, invoice: impl Serialize) -> Result<(), MockError> {
        self.seed(Kind::CustomerInvoice, invoice)
    }

    /// Sets the on-hand stock of `item` at `location`. From then on the product's
    /// `stock_quantity` is the sum over its locations.
    pub fn seed_stock(
        &self,
        item: &str,
        location: i64,
        quantity: Decimal,
    ) -> Result<(), MockError> {
        let mut st = self.state();
        if !st.exists(Kind::Product, item) {
            return Err(MockError::NotFound(format!("product {item}")));
        }
        if !st.exists(Kind::Location, &location.to_string()) {
            return Err(MockError::NotFound(format!("location {location}")));
        }
        st.stock.insert((item.to_owned(), location), quantity);
        Ok(())
    }

    /// Adjusts on-hand stock so `available_quantity` of `item` becomes `quantity` (at its
    /// default location, or its first stocked one, when stock is kept per location).
    pub fn set_available(&self, item: &str, quantity: Decimal) -> Result<(), MockError> {
        let mut st = self.state();
        if products::set_available(&mut st, item, quantity) {
            Ok(())
        } else {
            Err(MockError::NotFound(format!("product {item}")))
        }
    }

    /// Ships a booked order as the warehouse would: sets `is_shipped`, records a shipment with
    /// `tracking_number` (read through `GET /orders/{n}/shipments`), and takes the lines off
    /// on-hand stock. Where the real API carries tracking is not in the sheet (inferred).
    pub fn mark_shipped(&self, order: i64, tracking: Option<&str>) -> Result<(), MockError> {
        let mut st = self.state();
        orders::ship(&mut st, order, tracking.map(str::to_owned)).map_err(MockError::Invalid)
    }

    /// Overwrites fields of a stored order without validation (e.g. `{"is_cancelled": true}`
    /// or `{"is_ready_for_shipping": true}`), touching `updated_at`.
    pub fn patch_order(&self, order: i64, patch: impl Serialize) -> Result<(), MockError> {
        let patch = to_object(&patch).map_err(MockError::Invalid)?;
        let mut st = self.state();
        let now = st.clock.now();
        st.table_mut(Kind::Order)
            .update(&order.to_string(), |row| {
                merge(&mut row.data, &patch, false);
                row.updated = now;
            })
            .ok_or_else(|| MockError::NotFound(format!("order {order}")))
    }

    // ---- inspection --------------------------------------------------------------------

    /// Every record of a resource as the API would answer it, by path segment
    /// (`"orders"`, `"products"`, `"payment-terms"`, `"order-shipments"` …).
    pub fn records(&self, resource: &str) -> Vec<Value> {
        let st = self.state();
        Kind::by_path(resource).map_or_else(Vec::new, |kind| {
            st.table(kind)
                .rows()
                .iter()
                .map(|r| resources::render(&st, kind, r))
                .collect()
        })
    }

    fn typed<T: DeserializeOwned>(&self, resource: &str) -> Vec<T> {
        self.records(resource)
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect()
    }

    fn one(&self, kind: Kind, key: &str) -> Option<Value> {
        let st = self.state();
        st.row(kind, key).map(|r| resources::render(&st, kind, r))
    }

    /// All orders, lines included, in creation order.
    pub fn orders(&self) -> Vec<model::Order> {
        self.typed("orders")
    }

    /// One order.
    pub fn order(&self, number: i64) -> Option<model::Order> {
        self.one(Kind::Order, &number.to_string())
            .and_then(|v| serde_json::from_str(&v.to_string()).ok())
    }

    /// All customers.
    pub fn customers(&self) -> Vec<model::Customer> {
        self.typed("customers")
    }

    /// One customer.
    pub fn customer(&self, number: i64) -> Option<model::Customer> {
        self.one(Kind::Customer, &number.to_string())
            .and_then(|v| serde_json::from_str(&v.to_string()).ok())
    }

    /// All products, with their derived stock figures.
    pub fn products(&self) -> Vec<model::Product> {
        self.typed("products")
    }

    /// One product by item number.
    pub fn product(&self, number: &str) -> Option<model::Product> {
        self.one(Kind::Product, number)
            .and_then(|v| serde_json::from_str(&v.to_string()).ok())
    }

    /// All customer invoices (credit notes included).
    pub fn customer_invoices(&self) -> Vec<model::CustomerInvoice> {
        self.typed("customer-invoices")
    }

    /// All webhooks (without their tokens, as the API lists them).
    pub fn webhooks(&self) -> Vec<model::Webhook> {
        self.typed("webhooks")
    }

    /// The token of a registered webhook, as the create answer gave it.
    pub fn webhook_token(&self, id: i64) -> Option<SecretString> {
        let st = self.state();
        st.row(Kind::Webhook, &id.to_string())
            .and_then(resources::webhook_token)
            .map(SecretString::from)
    }

    // ---- request log -------------------------------------------------------------------

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().log.clone()
    }

    /// How many requests matched `endpoint` (see [`Endpoint`]), e.g.
    /// `request_count("POST /orders/drafts")` or `request_count("GET /products/*")`.
    pub fn request_count(&self, endpoint: impl Into<Endpoint>) -> usize {
        let endpoint = endpoint.into();
        self.state()
            .log
            .iter()
            .filter(|r| endpoint.matches(&r.method, &r.segments))
            .count()
    }

    /// How many requests were received in all.
    pub fn request_total(&self) -> usize {
        self.state().log.len()
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.state().log.clear();
    }

    // ---- faults ------------------------------------------------------------------------

    /// Makes the next `n` requests matching `endpoint` fail with `fault`, without performing
    /// them. Rules apply in the order they were armed.
    pub fn fail_next(&self, endpoint: impl Into<Endpoint>, n: u32, fault: Fault) {
        self.arm(endpoint.into(), n, FaultAction::Fail(fault));
    }

    /// Makes the next `n` successful writes matching `endpoint` commit and then answer 502 with
    /// an empty body: the client sees a failure although the record exists.
    pub fn drop_response_after_write(&self, endpoint: impl Into<Endpoint>, n: u32) {
        self.arm(endpoint.into(), n, FaultAction::DropAfterWrite);
    }

    fn arm(&self, endpoint: Endpoint, n: u32, action: FaultAction) {
        if n > 0 {
            self.state().faults.push(FaultRule {
                endpoint,
                remaining: n,
                action,
            });
        }
    }

    /// Disarms every fault rule.
    pub fn clear_faults(&self) {
        self.state().faults.clear();
    }

    // ---- readings the sheet leaves open (see the module `modes`) -------------------------

    /// Holds the next `n` writes matching `endpoint`: each is taken in but not performed, and
    /// answered 504 with an empty body, as a gateway timeout would lose it; it takes effect
    /// only when [`land_held_writes`](Self::land_held_writes) is called. This is the lost
    /// create whose order appears later, after the client has given up on it.
    pub fn hold_next_write(&self, endpoint: impl Into<Endpoint>, n: u32) {
        self.arm(endpoint.into(), n, FaultAction::Hold);
    }

    /// Performs every held write, in the order they arrived (an order gets its number now).
    /// Returns how many succeeded.
    pub fn land_held_writes(&self) -> usize {
        super::server::land_held(&mut self.state())
    }

    /// How many writes are held.
    pub fn held_writes(&self) -> usize {
        self.state().held.len()
    }

    /// With `on`, orders accept `other_reference` but neither store nor return it, so
    /// `search` cannot find it (what one public integration met). Also settable on the
    /// builder.
    pub fn drop_other_reference(&self, on: bool) {
        self.state().config.modes.drop_other_reference = on;
    }

    /// With `on`, the server reads `line_price` as VAT-inclusive: per line, gross =
    /// round2(`line_price` × `quantity` × (1 − `discount_percentage`/100)), VAT =
    /// round2(gross × rate / (100 + rate)), net = gross − VAT; `total_subtotal` sums the nets
    /// and `total_total` the grosses. Off (the default), `line_price` is net per unit.
    pub fn line_price_gross(&self, on: bool) {
        self.state().config.modes.line_price_gross = on;
    }

    /// With `on`, [`webhook_delivery`](Self::webhook_delivery) keys deliveries by the
    /// internal `id` (the documentation's example `{"key":123,"key_name":"id",
    /// "event":"order.created"}`) instead of the observed `{"key_name":"number","key":"1021"}`.
    pub fn key_webhooks_by_id(&self, on: bool) {
        self.state().config.modes.webhooks_by_id = on;
    }

    /// With `on`, no available-stock figure exists: products and their stock per location
    /// carry no `available_quantity`, and `GET /items/{n}/locations/available` answers 404.
    /// On-hand (`stock_quantity`) and in-order figures stay.
    pub fn omit_available_stock(&self, on: bool) {
        self.state().config.modes.omit_available_stock = on;
    }

    /// With `on`, customers carry no `customer_group_id` and a create or update naming it
    /// answers 422 (the field name is inferred from `supplier_group_id` only). Off (the
    /// default), customers answer `customer_group_id` (null when unset).
    pub fn refuse_customer_group_id(&self, on: bool) {
        self.state().config.modes.refuse_customer_group_id = on;
    }

    /// The body Rackbeat would deliver for `event` (e.g. `"order.created"`,
    /// `"product.updated"`) about the order or product with number `key`: keyed by number
    /// (the observed minimal body) or, after [`key_webhooks_by_id`](Self::key_webhooks_by_id),
    /// by its internal `id` with the event named in the body (the documented envelope).
    /// Deliver it with the `Rackbeat-Webhook-Event` header set to `event`.
    pub fn webhook_delivery(&self, event: &str, key: &str) -> Result<Value, MockError> {
        let st = self.state();
        let kind = if event.starts_with("order") {
            Kind::Order
        } else if event.starts_with("product") {
            Kind::Product
        } else {
            return Err(MockError::Invalid(format!(
                "no order or product event: {event}"
            )));
        };
        let key = resources::canonical_key(kind, key)
            .ok_or_else(|| MockError::Invalid(format!("not a key: {key}")))?;
        let row = st
            .row(kind, &key)
            .ok_or_else(|| MockError::NotFound(format!("{} {key}", kind.spec().singular)))?;
        if st.config.modes.webhooks_by_id {
            let id = row
                .data
                .get("id")
                .cloned()
                .ok_or_else(|| MockError::Invalid(format!("{key} has no id")))?;
            Ok(serde_json::json!({"key": id, "key_name": "id", "event": event}))
        } else {
            Ok(serde_json::json!({"key_name": "number", "key": key}))
        }
    }
}

/// Stores a seeded record: defaults under the given fields, key assigned when missing,
/// replacing a record with the same key.
fn seed_into(st: &mut State, kind: Kind, mut body: Object) -> Result<(), MockError> {
    let spec = kind.spec();
    let created = take_time(st, &mut body, "created_at");
    let updated = take_time(st, &mut body, "updated_at");
    body.remove("self");
    let key = match body.get(spec.key).and_then(key_text) {
        Some(k) if spec.int_key => int_of(&Value::String(k.clone()))
            .ok_or_else(|| MockError::Invalid(format!("{} must be an integer, got {k}", spec.key)))?
            .to_string(),
        Some(k) => k,
        None if spec.int_key => {
            let floor = if kind == Kind::Customer {
                st.config.first_customer_number
            } else {
                1
            };
            st.table(kind).next_int_key(floor).to_string()
        }
        None => {
            return Err(MockError::Invalid(format!(
                "a {} needs `{}`",
                spec.singular, spec.key
            )));
        }
    };
    let key_value = if spec.int_key {
        key.parse::<i64>().map(int).unwrap_or(Value::Null)
    } else {
        Value::String(key.clone())
    };
    body.insert(spec.key.to_owned(), key_value);
    let data = match kind {
        Kind::Product => products::seed(st, body),
        Kind::Customer => with_defaults(resources::customer_defaults(st), body),
        Kind::CustomerInvoice => with_defaults(resources::invoice_defaults(), body),
        _ => resources::seed_defaults(st, kind, body),
    };
    let now = st.clock.now();
    let (created, updated) = (created.unwrap_or(now), updated.or(created).unwrap_or(now));
    let table = st.table_mut(kind);
    if table.get(&key).is_some() {
        table.update(&key, |row| {
            row.data = data;
            row.created = created;
            row.updated = updated;
        });
    } else {
        st.insert_stamped(kind, data, created, updated);
    }
    Ok(())
}

fn with_defaults(mut defaults: Object, body: Object) -> Object {
    merge(&mut defaults, &body, false);
    defaults
}

fn take_time(st: &State, body: &mut Object, field: &str) -> Option<DateTime<Utc>> {
    body.remove(field)
        .and_then(|v| v.as_str().and_then(|t| st.clock.parse(t)))
}
