//! A stateful in-process fake of the SmartWeb SOAP service, **for tests and demos**.
//!
//! [`MockSmartWeb`] runs a `wiremock` server on 127.0.0.1 whose one catch-all responder
//! reads each SOAP request, dispatches on the operation name and works on a shared shop state
//! (catalogue, orders, sessions). Point a client at [`MockSmartWeb::endpoint`], seed data
//! through the typed `seed_*` methods, and inspect the result (`order`, `products`,
//! [`requests`](MockSmartWeb::requests), [`stock_writes`](MockSmartWeb::stock_writes), …).
//!
//! ```
//! use rust_decimal::Decimal;
//! use smartweb_client::mock::{MockSmartWeb, fixtures};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), smartweb_client::Error> {
//! let shop = MockSmartWeb::start().await;
//! shop.seed_product(fixtures::product(7, "SKU-7", "Mug", Decimal::from(100), 5));
//! shop.seed_order(fixtures::OrderBuilder::new(1).status(1).build());
//!
//! let client = shop.client_builder().build()?;
//! let product = client.raw().product_get_by_id(7).await?;
//! assert_eq!(product.and_then(|p| p.id), Some(7)); // default projection: only Id
//! assert_eq!(shop.request_count("Solution_Connect"), 1);
//! # Ok(())
//! # }
//! ```
//!
//! # Behaviour (the SmartWeb API fact sheet)
//!
//! - **Transport.** Answers are written as PHP's ext/soap writes them over the WSDL (checked
//!   against PHP 8.2 by `scripts/php-soap/run.sh`): SOAP 1.1 (`text/xml`) unless the request
//!   came in SOAP 1.2, then SOAP 1.2 (`application/soap+xml`, `env:` prefix). Results are
//!   `ns1:<Op>Response` holding an unqualified `<Op>Result`, record fields unqualified and in
//!   WSDL order, arrays as `<item>`, an empty array as a self-closing element, and **every
//!   element the schema requires**, empty when it has no value (`<Cvr/>`; `xsi:nil="true"`
//!   where nillable). Faults use HTTP 500 and ext/soap's shapes: an application code
//!   (`AUTH`, `PARAM`, `PRODUCT`, …) is SOAP 1.1 `faultcode` and SOAP 1.2 `Code/Value`, with
//!   no Subcode; PHP engine errors (arity, encoding) are `SOAP-ENV:Server` / `env:Receiver`.
//! - **Sessions.** `Solution_Connect(Username, Password)` answers `true` and sets
//!   `Set-Cookie: PHPSESSID=…; path=/`; every connect starts a fresh session (default
//!   projections, primary language). **Wrong credentials are an `AUTH` fault** (the sheet
//!   does not know whether the real server faults or answers `false`). Any other call without
//!   a live session cookie is `AUTH` ("A valid authentication has not been performed with the
//!   service"). [`expire_sessions`](MockSmartWeb::expire_sessions) ends them all.
//!   `Solution_SetEncoding` is answered `true` and recorded
//!   ([`encoding_calls`](MockSmartWeb::encoding_calls)).
//! - **Projections.** `Order_SetFields`, `Order_SetOrderLineFields`, `Product_SetFields`,
//!   `Product_SetVariantFields` and `User_SetFields` take a comma list; default is only `Id`.
//!   Names are checked against the WSDL type (as generated in [`crate::model`]); an unknown
//!   name is `NOSUCHPARAM` and the previous set stays. Complex fields inline whole objects;
//!   nested `OrderLines` follow the line set and nested `Variants` the variant set; a line
//!   always carries `<PacketLines/>` and `<LineAddresses/>` (required by the schema); a
//!   projected empty array is `<Name/>`. An empty `Fields` list restores the default.
//! - **Argument binding** like PHP: arguments are bound by position in WSDL order, unknown
//!   names are dropped, and a missing argument is the `Receiver` fault `Too few arguments to
//!   function WebService::<Op>(), N passed in … and exactly M expected` (the only exception
//!   is `Status` of plain `Order_GetByDate`, which the probe could leave out). An empty
//!   element and `xsi:nil="true"` both mean "no value". A value that does not decode (text in
//!   an int) is `Receiver` "SOAP-ERROR: Encoding: Violation of encoding rules". The arity and
//!   encoding checks run before the session check, as in PHP.
//! - **Clock.** Stamps (`DateDelivered`, `DateUpdated`, `DateCreated`) are shop-local
//!   wall-clock time in Europe/Copenhagen, the zone the sheet assumes, whatever the machine's
//!   zone; [`set_now`](MockSmartWeb::set_now) freezes it.
//! - **Orders.** Windows are inclusive, on `DateDelivered` (the creation time) or
//!   `DateUpdated`; a zero date is outside every window (so a never-updated order is not
//!   "updated"). `Status` is a comma list of ids, empty = all. `Page` counts from 1, `Page=0`
//!   is `PARAM` "Page must be greater than 0", a page past the end is empty. Results are in
//!   id order. Order numbers are ids. An unknown id reads as an empty Result; a write to an
//!   unknown order is `PARAM` "No such id: N for OrderId". `Order_UpdateStatus`,
//!   `…TrackingCode` and `…Comment` set `DateUpdated` to now.
//! - **`Order_Create`.** Needs `CurrencyId`, `PaymentId`, `DeliveryId`, `OrderCustomer` and
//!   at least one line, else the fault `Internal`. The order gets status `"0"`,
//!   `DateDelivered` = now, zero dates elsewhere, `Vat` 0. A line whose product is unknown,
//!   offline (`Online` not true) or out of stock (`Stock` ≤ 0, of the variant when one is
//!   given, and `OutOfStockBuy` not `"1"`) is left out; the order is still created and the
//!   answer is the `lineErrors` fault `Order: <id> created. Following products were not
//!   included: Product: <id>[, Product: <id>…]`. Line `Price` is stored as sent (net); when
//!   left out it is the variant's or product's price, net of the product's VAT group when
//!   the shop has `ProductPricesWithVat` (`gross × 100 / (100 + rate)`, rounded half away
//!   from zero to 2 decimals). `Total` = Σ net price × amount (delivery not included). Stock
//!   is not reserved.
//! - **Products.** Prices are stored as entered (gross when `ProductPricesWithVat`).
//!   `Product_GetAllWithLimit` `Start` is an offset from **0**. `Product_GetByItemNumber`
//!   answers an array, case-insensitive unless `Solution_SetCaseSensitiveItemNumber(true)`.
//!   Writes change only the sent fields and set `DateUpdated` to now; `Product_Create` and
//!   creating through `Product_CreateOrUpdate(Bulk)` need `CategoryId` (fault `PRODUCT` "A
//!   CategoryId must be set when creating a product"); the upsert key is `ItemNumber`
//!   (missing: `PARAM`). Bulk items answer `{Id, Error}` (`Id` 0 and the message on
//!   failure). Stock per location adds the location when missing and leaves the product's
//!   `Stock` alone. Texts exist only in the layer the product was written in (its
//!   `LanguageISO`); under another layer they are absent (PROBE F9).
//! - **Not implemented** operations are answered as ext/soap answers an operation its
//!   service lacks: SOAP 1.1 `SOAP-ENV:Server` "Procedure 'X' not present", SOAP 1.2
//!   `rpc:ProcedureNotPresent` "Procedure not present". The implemented ones are listed in
//!   [`IMPLEMENTED_OPERATIONS`].
//! - **Fault injection.** [`fail_next`](MockSmartWeb::fail_next) fails the next N calls of
//!   an operation (see [`Fault`]) without doing anything;
//!   [`drop_response_after_write`](MockSmartWeb::drop_response_after_write) does the call
//!   and then answers an empty HTTP 502 (the "order created, client saw an error" case).

mod catalog;
mod ext_soap;
mod faults;
pub mod fixtures;
mod merge;
mod orders;
mod products;
mod projection;
mod responder;
mod solution;
mod state;
mod users;
mod wire;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use secrecy::SecretString;
use wiremock::{Mock, MockServer};

pub use faults::{ANY_OPERATION, Fault};
pub use responder::IMPLEMENTED_OPERATIONS;

use crate::model;
use crate::soap::SoapVersion;
use projection::Kind;
use responder::{Responder, lock};
use state::{State, next_id};

/// The user name [`MockSmartWeb::start`] accepts.
pub const DEFAULT_USERNAME: &str = "api@example.invalid";
/// The password [`MockSmartWeb::start`] accepts (a test value, not a secret).
pub const DEFAULT_PASSWORD: &str = "mock-password";

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The operation name (empty when the body was not a readable SOAP envelope).
    pub operation: String,
    /// The SOAP version of the request.
    pub version: SoapVersion,
    /// The `PHPSESSID` cookie sent, if any.
    pub session: Option<String>,
}

/// One stock change the fake applied.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StockWrite {
    /// The operation that wrote it, e.g. `Product_UpdateStockForStockLocation`.
    pub operation: String,
    /// The product.
    pub product_id: i64,
    /// The variant, for variant writes.
    pub variant_id: Option<i64>,
    /// The stock location, for per-location writes.
    pub stock_location_id: Option<i64>,
    /// The absolute stock written.
    pub stock: i64,
}

/// Settings for [`MockSmartWeb`].
#[derive(Debug)]
pub struct MockSmartWebBuilder {
    username: String,
    password: SecretString,
    prices_with_vat: bool,
    languages: Vec<model::SolutionLanguage>,
    timeout_delay: Duration,
    catalogue: bool,
}

impl Default for MockSmartWebBuilder {
    fn default() -> Self {
        Self {
            username: DEFAULT_USERNAME.to_owned(),
            password: SecretString::from(DEFAULT_PASSWORD),
            prices_with_vat: true,
            languages: fixtures::languages(),
            timeout_delay: Duration::from_secs(150),
            catalogue: true,
        }
    }
}

impl MockSmartWebBuilder {
    /// The credentials `Solution_Connect` accepts (default [`DEFAULT_USERNAME`] /
    /// [`DEFAULT_PASSWORD`]).
    pub fn credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.username = username.into();
        self.password = password.into();
        self
    }

    /// The shop's VAT basis for product prices (`ShopWebinfo.ProductPricesWithVat`, default
    /// `true`).
    pub fn prices_with_vat(mut self, with_vat: bool) -> Self {
        self.prices_with_vat = with_vat;
        self
    }

    /// The language layers (default: `DK` primary and `UK`, as recorded).
    pub fn languages(mut self, languages: Vec<model::SolutionLanguage>) -> Self {
        self.languages = languages;
        self
    }

    /// How long a [`Fault::Timeout`] holds its answer (default 150 s, above the client's
    /// default timeout of 120 s).
    pub fn timeout_delay(mut self, delay: Duration) -> Self {
        self.timeout_delay = delay;
        self
    }

    /// Whether to seed the recorded demo shop's catalogue (default `true`): VAT groups 0 %
    /// and 25 %, currency DKK, delivery country DK, delivery "GLS Pakkeshop", payment "Online
    /// betaling", the 11 stock statuses, category 1 and customer group 1.
    pub fn with_demo_catalogue(mut self, seed: bool) -> Self {
        self.catalogue = seed;
        self
    }

    /// Starts the server on 127.0.0.1.
    pub async fn start(self) -> MockSmartWeb {
        let mut state = State::new(self.username, self.password);
        state.webinfo = fixtures::webinfo(self.prices_with_vat);
        state.languages = self.languages;
        state.timeout_delay = self.timeout_delay;
        if self.catalogue {
            for group in fixtures::vat_groups() {
                state.vat_groups.insert(group.id.unwrap_or(0), group);
            }
            state.currencies.push(fixtures::currency_dkk());
            state
                .delivery_countries
                .push(fixtures::delivery_country_dk());
            state.deliveries.push(fixtures::delivery_gls());
            state.payments.push(fixtures::payment_online());
            state.status_codes = fixtures::status_codes();
            state.categories.insert(
                1,
                model::Category {
                    id: Some(1),
                    title: Some("Alle produkter".into()),
                    language_iso: Some("DK".into()),
                    parent_id: Some(0),
                    status: Some(true),
                    sorting: Some(0),
                    ..Default::default()
                },
            );
            state.user_groups.push(model::UserGroup {
                id: Some(1),
                title: Some("Kunder".into()),
                parent_id: Some(0),
                producer: Some(false),
                language_iso: Some("DK".into()),
                sorting: Some(0),
                ..Default::default()
            });
        }
        let state = Arc::new(Mutex::new(state));
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(Responder {
                state: Arc::clone(&state),
            })
            .mount(&server)
            .await;
        MockSmartWeb { server, state }
    }
}

/// The running fake. Dropping it stops answering.
pub struct MockSmartWeb {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for MockSmartWeb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockSmartWeb")
            .field("endpoint", &self.endpoint())
            .finish_non_exhaustive()
    }
}

impl MockSmartWeb {
    /// A builder with the defaults.
    pub fn builder() -> MockSmartWebBuilder {
        MockSmartWebBuilder::default()
    }

    /// Starts a fake with the defaults (credentials [`DEFAULT_USERNAME`] /
    /// [`DEFAULT_PASSWORD`], prices with VAT, the demo catalogue).
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// The SOAP endpoint URL (`http://127.0.0.1:<port>/service.php`).
    pub fn endpoint(&self) -> String {
        format!("{}/service.php", self.server.uri())
    }

    /// A client builder pointed at this fake with its credentials and no pacing delay worth
    /// mentioning (1000 requests/s).
    pub fn client_builder(&self) -> crate::client::SmartWebClientBuilder {
        let state = lock(&self.state);
        crate::client::SmartWebClient::builder()
            .endpoint(self.endpoint())
            .username(state.username.clone())
            .password(state.password.clone())
            .requests_per_second(1000)
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut lock(&self.state))
    }

    // ----- seeding -------------------------------------------------------------------------

    /// Stores an order (an id is assigned when `Id` is `None`); returns its id.
    pub fn seed_order(&self, mut order: model::Order) -> i64 {
        self.with(|s| {
            let floor = s.orders.keys().next_back().copied().unwrap_or(0);
            let id = match order.id {
                Some(id) => id,
                None => next_id(&mut s.ids.order, floor),
            };
            order.id = Some(id);
            s.orders.insert(id, order);
            id
        })
    }

    /// Stores several orders; returns their ids.
    pub fn seed_orders(&self, orders: impl IntoIterator<Item = model::Order>) -> Vec<i64> {
        orders.into_iter().map(|o| self.seed_order(o)).collect()
    }

    /// Stores a product with its variants (ids are assigned where `None`, and each variant's
    /// `ProductId` is set); returns the product id.
    pub fn seed_product(&self, mut product: model::Product) -> i64 {
        self.with(|s| {
            let floor = s.products.keys().next_back().copied().unwrap_or(0);
            let id = match product.id {
                Some(id) => id,
                None => next_id(&mut s.ids.product, floor),
            };
            product.id = Some(id);
            for variant in &mut product.variants {
                if variant.id.is_none() {
                    let floor = s.max_variant_id();
                    variant.id = Some(next_id(&mut s.ids.variant, floor));
                }
                variant.product_id = Some(id);
            }
            s.products.insert(id, product);
            id
        })
    }

    /// Stores several products; returns their ids.
    pub fn seed_products(&self, products: impl IntoIterator<Item = model::Product>) -> Vec<i64> {
        products.into_iter().map(|p| self.seed_product(p)).collect()
    }

    /// Stores (or replaces, by id) a category.
    pub fn seed_category(&self, category: model::Category) {
        self.with(|s| {
            s.categories.insert(category.id.unwrap_or(0), category);
        });
    }

    /// Stores (or replaces, by id) a VAT group.
    pub fn seed_vat_group(&self, group: model::VatGroup) {
        self.with(|s| {
            s.vat_groups.insert(group.id.unwrap_or(0), group);
        });
    }

    /// Adds (or replaces, by id) a delivery country.
    pub fn seed_delivery_country(&self, country: model::ProductDeliveryCountry) {
        self.with(|s| upsert_by_id(&mut s.delivery_countries, country, |c| c.id));
    }

    /// Adds (or replaces, by id) a currency.
    pub fn seed_currency(&self, currency: model::Currency) {
        self.with(|s| upsert_by_id(&mut s.currencies, currency, |c| c.id));
    }

    /// Adds (or replaces, by id) a delivery method.
    pub fn seed_delivery(&self, delivery: model::Delivery) {
        self.with(|s| upsert_by_id(&mut s.deliveries, delivery, |d| d.id));
    }

    /// Adds (or replaces, by id) a payment method.
    pub fn seed_payment(&self, payment: model::PaymentMethod) {
        self.with(|s| upsert_by_id(&mut s.payments, payment, |p| p.id));
    }

    /// Stores a customer account (an id is assigned when `None`); returns its id.
    pub fn seed_user(&self, mut user: model::User) -> i64 {
        self.with(|s| {
            let floor = s.users.keys().next_back().copied().unwrap_or(0);
            let id = match user.id {
                Some(id) => id,
                None => next_id(&mut s.ids.user, floor),
            };
            user.id = Some(id);
            s.users.insert(id, user);
            id
        })
    }

    /// Adds (or replaces, by id) a customer group.
    pub fn seed_user_group(&self, group: model::UserGroup) {
        self.with(|s| upsert_by_id(&mut s.user_groups, group, |g| g.id));
    }

    /// Adds (or replaces, by id) an order status (shops can define their own).
    pub fn seed_status_code(&self, status: model::OrderStatusCode) {
        self.with(|s| upsert_by_id(&mut s.status_codes, status, |c| c.id));
    }

    /// Changes the shop's `ProductPricesWithVat`.
    pub fn set_prices_with_vat(&self, with_vat: bool) {
        self.with(|s| {
            s.webinfo.product_prices_with_vat = Some(with_vat);
            s.webinfo.show_product_prices_with_vat = Some(with_vat);
        });
    }

    /// Freezes the fake's clock ("now" for creation and update stamps) at a shop-local time;
    /// `None` follows the system clock again.
    pub fn set_now(&self, now: Option<NaiveDateTime>) {
        self.with(|s| s.frozen_now = now);
    }

    /// Sets an order's `DateUpdated` (simulates a change made in the shop); `false` when the
    /// order does not exist.
    pub fn set_order_updated(&self, order_id: i64, when: NaiveDateTime) -> bool {
        self.with(|s| match s.orders.get_mut(&order_id) {
            Some(order) => {
                order.date_updated = Some(crate::values::format_shop_datetime(&when));
                true
            }
            None => false,
        })
    }

    /// Sets an order's `DateUpdated` to now; `false` when the order does not exist.
    pub fn touch_order(&self, order_id: i64) -> bool {
        let now = self.with(|s| s.now());
        self.set_order_updated(order_id, now)
    }

    /// Changes a stored order in place; `false` when it does not exist.
    pub fn update_order(&self, order_id: i64, change: impl FnOnce(&mut model::Order)) -> bool {
        self.with(|s| s.orders.get_mut(&order_id).map(change).is_some())
    }

    /// Changes a stored product in place; `false` when it does not exist.
    pub fn update_product(
        &self,
        product_id: i64,
        change: impl FnOnce(&mut model::Product),
    ) -> bool {
        self.with(|s| s.products.get_mut(&product_id).map(change).is_some())
    }

    // ----- inspection ----------------------------------------------------------------------

    /// A stored order (whole, no projection).
    pub fn order(&self, order_id: i64) -> Option<model::Order> {
        self.with(|s| s.orders.get(&order_id).cloned())
    }

    /// Every stored order, by id.
    pub fn orders(&self) -> Vec<model::Order> {
        self.with(|s| s.orders.values().cloned().collect())
    }

    /// A stored product (whole, with variants).
    pub fn product(&self, product_id: i64) -> Option<model::Product> {
        self.with(|s| s.products.get(&product_id).cloned())
    }

    /// The first product with this item number (case-insensitive).
    pub fn product_by_item_number(&self, item_number: &str) -> Option<model::Product> {
        let wanted = item_number.to_lowercase();
        self.with(|s| {
            s.products
                .values()
                .find(|p| {
                    p.item_number
                        .as_deref()
                        .is_some_and(|i| i.to_lowercase() == wanted)
                })
                .cloned()
        })
    }

    /// Every stored product, by id.
    pub fn products(&self) -> Vec<model::Product> {
        self.with(|s| s.products.values().cloned().collect())
    }

    /// A stored variant, wherever it is.
    pub fn variant(&self, variant_id: i64) -> Option<model::ProductVariant> {
        self.with(|s| {
            s.products
                .values()
                .flat_map(|p| p.variants.iter())
                .find(|v| v.id == Some(variant_id))
                .cloned()
        })
    }

    /// A stored customer account.
    pub fn user(&self, user_id: i64) -> Option<model::User> {
        self.with(|s| s.users.get(&user_id).cloned())
    }

    /// Every stored customer account, by id.
    pub fn users(&self) -> Vec<model::User> {
        self.with(|s| s.users.values().cloned().collect())
    }

    /// Every stock change applied, in order.
    pub fn stock_writes(&self) -> Vec<StockWrite> {
        self.with(|s| s.stock_writes.clone())
    }

    /// Every request received, in order (injected failures included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.with(|s| s.requests.clone())
    }

    /// How many requests named `operation` were received.
    pub fn request_count(&self, operation: &str) -> usize {
        self.with(|s| {
            s.requests
                .iter()
                .filter(|r| r.operation == operation)
                .count()
        })
    }

    /// How many requests were received in total.
    pub fn total_requests(&self) -> usize {
        self.with(|s| s.requests.len())
    }

    /// Forgets the request log (state is kept).
    pub fn clear_requests(&self) {
        self.with(|s| s.requests.clear());
    }

    /// The `Encoding` argument of every `Solution_SetEncoding` call (should stay empty: the
    /// call breaks UTF-8 on the real service).
    pub fn encoding_calls(&self) -> Vec<String> {
        self.with(|s| s.encoding_calls.clone())
    }

    /// How many sessions are live.
    pub fn session_count(&self) -> usize {
        self.with(|s| s.sessions.len())
    }

    /// Ends every session: the next call with an old cookie is an `AUTH` fault.
    pub fn expire_sessions(&self) {
        self.with(|s| s.sessions.clear());
    }

    // ----- fault injection -----------------------------------------------------------------

    /// Sends the order's `field` (a direct child of `Order`, e.g. `Total`) with `raw_text` in
    /// every answer from now on, as a misbehaving server would (`"12,5"` in a number): for
    /// testing what a reader does with one order it cannot decode.
    pub fn garble_order_field(&self, order_id: i64, field: &str, raw_text: &str) {
        self.garble(Kind::Order, order_id, field, raw_text);
    }

    /// Like [`garble_order_field`](Self::garble_order_field), for a product's field.
    pub fn garble_product_field(&self, product_id: i64, field: &str, raw_text: &str) {
        self.garble(Kind::Product, product_id, field, raw_text);
    }

    fn garble(&self, kind: Kind, id: i64, field: &str, raw_text: &str) {
        self.with(|s| {
            s.garbled_fields
                .insert((kind, id, field.to_owned()), raw_text.to_owned());
        });
    }

    /// The next `n` calls of `operation` ([`ANY_OPERATION`] for any) fail as `fault`, without
    /// doing anything. Queued after failures already pending.
    pub fn fail_next(&self, operation: &str, n: usize, fault: Fault) {
        self.with(|s| {
            let queue = s.injected.entry(operation.to_owned()).or_default();
            queue.extend(std::iter::repeat_n(fault, n));
        });
    }

    /// The next `n` calls of `operation` ([`ANY_OPERATION`] for any) are carried out, and
    /// then answered with an empty HTTP 502 instead of their result.
    pub fn drop_response_after_write(&self, operation: &str, n: u32) {
        self.with(|s| {
            let count = s.dropped.entry(operation.to_owned()).or_default();
            *count = count.saturating_add(n);
        });
    }
}

fn upsert_by_id<T>(items: &mut Vec<T>, item: T, id_of: fn(&T) -> Option<i64>) {
    let id = id_of(&item);
    match items.iter_mut().find(|i| id.is_some() && id_of(i) == id) {
        Some(existing) => *existing = item,
        None => items.push(item),
    }
}
