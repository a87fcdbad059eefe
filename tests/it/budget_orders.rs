//! Request budgets of order imports, counted on both fakes (counts, never times).
//!
//! Importing N new orders costs SmartWeb ceil(N / page size) pages per date stream plus a
//! constant, and Rackbeat N draft creates (+ N books when booking) + the new customers + a
//! constant number of look-ups. Customers who ordered before cost nothing: the state store's
//! customer index names them (a stale entry costs a refused create and one look-up). A run
//! with nothing new costs a constant. Each test prints the counts it measured
//! (`cargo test --test budget_orders -- --nocapture`).

use crate::budget_support;
use crate::engine_support;

use budget_support::{World, new_customer_order, repeat_customer_order, settings};
use chrono::{DateTime, TimeZone, Utc};
use engine_support::window;
use smartweb_client::api::DEFAULT_ORDER_PAGE_SIZE;
use smartweb_rackbeat::OrderWindow;
use smartweb_rackbeat::sync_core::order::CustomerKey;
use smartweb_rackbeat::sync_core::settings::{OrderState, Settings};

/// New orders per run, each with a customer of its own.
const N: i64 = 250;

/// SmartWeb calls besides the full order pages: the session (`Solution_Connect`,
/// `Solution_SetLanguage`, four `*_SetFields` projections), the empty page that ends each date
/// stream, and the shop tables of the mapping (web info, VAT groups, delivery countries, the
/// products on the lines). Measured: 11.
const SMARTWEB_CONSTANT: usize = 12;

/// Rackbeat calls besides creates and books: the customer look-ups one by one before the
/// run switches to reading the customer list (`src/integration/customers.rs`), and that list.
/// Measured: 4 (3 searches and one page of customers).
const RACKBEAT_LOOKUPS: usize = 6;

fn page_count(n: i64) -> usize {
    usize::try_from(n)
        .unwrap()
        .div_ceil(usize::try_from(DEFAULT_ORDER_PAGE_SIZE).unwrap())
}

async fn import_new_orders(order_state: OrderState) -> World {
    let world = World::orders().await;
    world
        .sw
        .seed_orders((1..=N).map(|i| new_customer_order(10_000 + i)));
    let mut settings = settings();
    settings.order_state = order_state;
    let integration = world.integration_with(settings);
    world.clear_counts();

    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), usize::try_from(N).unwrap());
    world
}

fn print_counts(label: &str, world: &World) {
    println!(
        "{label}: SmartWeb {} calls {:?}",
        world.sw.total_requests(),
        world.smartweb_calls()
    );
    println!(
        "{label}: Rackbeat {} calls {:?}",
        world.rb.request_total(),
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn importing_new_orders_costs_the_pages_the_creates_and_a_constant() {
    let world = import_new_orders(OrderState::Draft).await;
    print_counts("import of 250 new orders (draft)", &world);

    let n = usize::try_from(N).unwrap();
    let sw_total = world.sw.total_requests();
    assert!(
        sw_total <= page_count(N) + SMARTWEB_CONSTANT,
        "SmartWeb: {sw_total} calls for {n} orders ({} pages): {:?}",
        page_count(N),
        world.smartweb_calls()
    );

    let creates = world.rb.request_count("POST /orders/drafts");
    let customers = world.rb.request_count("POST /customers");
    let books = world.rb.request_count("POST /orders/{number}/book");
    assert_eq!(creates, n, "one draft per order");
    assert_eq!(customers, n, "one new customer per order");
    assert_eq!(books, 0, "drafts are not booked");
    let lookups = world.rb.request_total() - creates - customers;
    assert!(
        lookups <= RACKBEAT_LOOKUPS,
        "Rackbeat: {lookups} calls besides creates: {:?}",
        world.rackbeat_calls()
    );
    assert_eq!(world.rb.customers().len(), n, "no customer twice");
}

#[tokio::test]
async fn booking_adds_one_call_per_order() {
    let world = import_new_orders(OrderState::Booked).await;
    print_counts("import of 250 new orders (booked)", &world);

    let n = usize::try_from(N).unwrap();
    let creates = world.rb.request_count("POST /orders/drafts");
    let books = world.rb.request_count("POST /orders/{number}/book");
    let customers = world.rb.request_count("POST /customers");
    assert_eq!((creates, books, customers), (n, n, n));
    let lookups = world.rb.request_total() - creates - books - customers;
    assert!(
        lookups <= RACKBEAT_LOOKUPS,
        "Rackbeat: {lookups} calls besides creates and books: {:?}",
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn repeat_customers_are_looked_up_once() {
    let world = World::orders().await;
    // 250 orders by 5 customers.
    world.sw.seed_orders((1..=N).map(|i| {
        let mut order = new_customer_order(20_000 + i);
        if let Some(c) = order.customer.as_mut() {
            c.email = Some(format!("regular{}@example.invalid", i % 5));
        }
        order
    }));
    let integration = world.integration_with(settings());
    world.clear_counts();
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    print_counts("import of 250 orders by 5 customers", &world);

    let n = usize::try_from(N).unwrap();
    let creates = world.rb.request_count("POST /orders/drafts");
    let customers = world.rb.request_count("POST /customers");
    assert_eq!((creates, customers), (n, 5));
    assert!(world.rb.request_total() - creates - customers <= RACKBEAT_LOOKUPS);
}

#[tokio::test]
async fn the_next_scheduled_run_with_nothing_new_costs_a_constant() {
    let world = import_new_orders(OrderState::Draft).await;
    let integration = world.integration_with(settings());
    world.clear_counts();

    // Continues from the cursor: the imported orders are behind it.
    let report = integration.import_orders(OrderWindow::default()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert!(report.created.is_empty(), "{}", report.render_table());
    print_counts("scheduled run with nothing new", &world);

    // The session and one empty page per date stream; measured: 6.
    let sw_total = world.sw.total_requests();
    assert!(
        sw_total <= 8,
        "SmartWeb: {sw_total} calls: {:?}",
        world.smartweb_calls()
    );
    assert_eq!(
        world.rb.request_total(),
        0,
        "Rackbeat: {:?}",
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn rereading_a_window_of_imported_orders_writes_nothing() {
    let world = import_new_orders(OrderState::Draft).await;
    let integration = world.integration_with(settings());
    world.clear_counts();

    // The same window again (an overlap, or a manual rerun): every order is linked already.
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert!(report.created.is_empty(), "{}", report.render_table());
    assert_eq!(report.skipped.len(), usize::try_from(N).unwrap());
    print_counts("rerun of the same window", &world);

    let sw_total = world.sw.total_requests();
    assert!(
        sw_total <= page_count(N) + SMARTWEB_CONSTANT,
        "SmartWeb: {sw_total} calls: {:?}",
        world.smartweb_calls()
    );
    assert_eq!(
        world.rb.request_total(),
        0,
        "Rackbeat: {:?}",
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn the_prefetched_customer_list_matches_exactly() {
    let world = World::orders().await;
    // 20 customers exist in Rackbeat (e-mail in upper case for half of them), plus one whose
    // e-mail merely contains another's.
    for id in 1..=20 {
        let email = if id % 2 == 0 {
            format!("BUYER{}@EXAMPLE.INVALID", 30_000 + id)
        } else {
            format!("buyer{}@example.invalid", 30_000 + id)
        };
        world
            .rb
            .seed_customer(serde_json::json!({
                "number": 500 + id,
                "name": format!("Kunde {id}"),
                "contact_email": email,
                "group": 1,
            }))
            .unwrap();
    }
    world
        .rb
        .seed_customer(serde_json::json!({
            "number": 999,
            "name": "Nær ved",
            "contact_email": "xbuyer30025@example.invalid",
            "group": 1,
        }))
        .unwrap();
    // 30 orders: the first 20 by the existing customers, 10 by new ones.
    world
        .sw
        .seed_orders((1..=30).map(|i| new_customer_order(30_000 + i)));
    let integration = world.integration_with(settings());
    world.clear_counts();
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    print_counts("import of 30 orders, 20 by existing customers", &world);

    assert_eq!(world.rb.request_count("POST /customers"), 10);
    assert!(world.rb.request_total() - 30 - 10 <= RACKBEAT_LOOKUPS);
    for id in 1..=30_u64 {
        let reference = format!("SW-{}", 30_000 + id);
        let order = world
            .rb
            .orders()
            .into_iter()
            .find(|o| o.other_reference.as_deref() == Some(reference.as_str()))
            .unwrap_or_else(|| panic!("no Rackbeat order {reference}"));
        let customer = order.customer.as_ref().map(|c| c.number);
        if id <= 20 {
            assert_eq!(
                customer,
                Some(500 + id),
                "{reference} by an existing customer"
            );
        } else {
            assert!(
                customer.is_some_and(|n| n > 999),
                "{reference} by a new customer, never the near miss 999: {customer:?}"
            );
        }
    }
}

/// The transfer machine's one newest-first listing of Rackbeat orders per run (it finds an
/// order an earlier attempt created; the store is a cache, Rackbeat the truth): one page
/// when the account's newest orders are older than the run's orders.
const RUN_LISTING: usize = 1;

/// When the first batch of orders was placed (shop time) and Rackbeat's clock while it is
/// imported: weeks before the repeat orders, as with customers who ordered before.
const FIRST_PLACED: &str = "2025-11-03 12:00:00";

fn first_window() -> OrderWindow {
    OrderWindow {
        since: Some(Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap()),
        until: Some(Utc.with_ymd_and_hms(2025, 11, 30, 0, 0, 0).unwrap()),
    }
}

fn rackbeat_time(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// The Rackbeat customer of each order, by reference.
fn customers_by_reference(world: &World) -> std::collections::BTreeMap<String, u64> {
    world
        .rb
        .orders()
        .into_iter()
        .filter_map(|o| Some((o.other_reference?, o.customer?.number)))
        .collect()
}

/// The Rackbeat customer on the order with `reference`.
fn customer_of(world: &World, reference: &str) -> Option<u64> {
    customers_by_reference(world).get(reference).copied()
}

fn email_key(id: i64) -> Vec<String> {
    vec![CustomerKey::Email(format!("buyer{id}@example.invalid")).index_key()]
}

/// 250 orders by 250 new customers (the first batch, placed weeks earlier), imported: the
/// customer index now names every one of them.
async fn customers_who_ordered_before(order_state: OrderState) -> World {
    let world = World::orders().await;
    world.rb.set_time(rackbeat_time(2025, 11, 3, 12));
    world.sw.seed_orders((1..=N).map(|i| {
        let mut order = new_customer_order(10_000 + i);
        order.date_delivered = Some(FIRST_PLACED.to_owned());
        order
    }));
    let integration = world.integration_with(settings_in(order_state));
    world.clear_counts();
    let report = integration.import_orders(first_window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), usize::try_from(N).unwrap());
    print_counts("cold index, 250 new customers (first orders)", &world);
    world
}

/// The second batch: one new order by each customer of the first, placed 2026-01-01.
async fn import_repeat_orders(world: &World, order_state: OrderState) {
    world.rb.set_time(rackbeat_time(2026, 1, 1, 12));
    world.sw.seed_orders(
        (1..=N).map(|i| repeat_customer_order(20_000 + i, 10_000 + i, "2026-01-01 12:00:00")),
    );
    let integration = world.integration_with(settings_in(order_state));
    world.clear_counts();
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), usize::try_from(N).unwrap());
    assert!(
        report.warnings.iter().all(|w| !w.contains("customer")),
        "{:?}",
        report.warnings
    );
}

#[tokio::test]
async fn repeat_customers_with_a_warm_index_cost_their_drafts_and_nothing_else() {
    let world = customers_who_ordered_before(OrderState::Draft).await;
    let customers_before = world.rb.customers().len();
    assert_eq!(
        world
            .store
            .remembered_customer(&email_key(10_001))
            .await
            .unwrap(),
        customer_of(&world, "SW-10001"),
        "the first run remembered its customers"
    );

    import_repeat_orders(&world, OrderState::Draft).await;
    print_counts(
        "warm index, 250 orders by 250 repeat customers (draft)",
        &world,
    );

    let n = usize::try_from(N).unwrap();
    assert_eq!(world.rb.request_count("POST /orders/drafts"), n);
    assert_eq!(world.rb.request_count("GET /orders"), RUN_LISTING);
    assert_eq!(
        world.rb.request_total(),
        n + RUN_LISTING,
        "one draft per order, one listing per run, nothing else: {:?}",
        world.rackbeat_calls()
    );
    assert_eq!(
        world.rb.customers().len(),
        customers_before,
        "no customer twice"
    );
    let customers = customers_by_reference(&world);
    for i in 1..=N {
        let first = customers.get(&format!("SW-{}", 10_000 + i));
        assert!(first.is_some());
        assert_eq!(
            customers.get(&format!("SW-{}", 20_000 + i)),
            first,
            "order {} by the customer of order {}",
            20_000 + i,
            10_000 + i
        );
    }
}

#[tokio::test]
async fn repeat_customers_with_a_warm_index_cost_their_drafts_and_books_when_booking() {
    let world = customers_who_ordered_before(OrderState::Booked).await;
    import_repeat_orders(&world, OrderState::Booked).await;
    print_counts(
        "warm index, 250 orders by 250 repeat customers (booked)",
        &world,
    );

    let n = usize::try_from(N).unwrap();
    assert_eq!(world.rb.request_count("POST /orders/drafts"), n);
    assert_eq!(world.rb.request_count("POST /orders/{number}/book"), n);
    assert_eq!(
        world.rb.request_total(),
        2 * n + RUN_LISTING,
        "{:?}",
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn a_cold_index_looks_existing_customers_up_once_and_remembers_them() {
    let world = World::orders().await;
    // 250 customers already in Rackbeat (made before the index existed, or by hand).
    world.rb.set_time(rackbeat_time(2025, 11, 3, 12));
    for i in 1..=N {
        world
            .rb
            .seed_customer(serde_json::json!({
                "number": 5_000 + i,
                "name": format!("Karen Jensen {i}"),
                "contact_email": format!("buyer{}@example.invalid", 10_000 + i),
                "group": 1,
            }))
            .unwrap();
    }
    world.rb.set_time(rackbeat_time(2026, 1, 1, 12));
    world.sw.seed_orders(
        (1..=N).map(|i| repeat_customer_order(20_000 + i, 10_000 + i, "2026-01-01 12:00:00")),
    );
    let integration = world.integration_with(settings());
    world.clear_counts();
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    print_counts(
        "cold index, 250 orders by 250 customers in Rackbeat",
        &world,
    );

    let n = usize::try_from(N).unwrap();
    let customer_pages = n.div_ceil(200);
    // Three customers looked up one by one (an e-mail search each), then the customer list.
    let lookups = 3 + customer_pages;
    assert_eq!(world.rb.request_count("POST /orders/drafts"), n);
    assert_eq!(world.rb.request_count("POST /customers"), 0);
    assert_eq!(world.rb.request_count("GET /customers"), lookups);
    // The account has no orders yet: the run's listing reads one empty page, and the first
    // create confirms the account's duplicate key with one search.
    let listing = world.rb.request_count("GET /orders");
    assert_eq!(listing, 2, "{:?}", world.rackbeat_calls());
    assert_eq!(world.rb.request_total(), n + lookups + listing);
    let customers = customers_by_reference(&world);
    for i in 1..=N {
        let number = u64::try_from(5_000 + i).unwrap();
        assert_eq!(customers.get(&format!("SW-{}", 20_000 + i)), Some(&number));
        assert_eq!(
            world
                .store
                .remembered_customer(&email_key(10_000 + i))
                .await
                .unwrap(),
            Some(number)
        );
    }
}

#[tokio::test]
async fn a_stale_index_entry_is_dropped_looked_up_again_and_the_order_retried_once() {
    let world = World::orders().await;
    world.rb.set_time(rackbeat_time(2025, 11, 3, 12));
    let first = |id: i64| {
        let mut order = new_customer_order(id);
        order.date_delivered = Some(FIRST_PLACED.to_owned());
        order
    };
    world.sw.seed_orders([first(10_001), first(10_002)]);
    let integration = world.integration_with(settings());
    let report = integration.import_orders(first_window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    let gone = customer_of(&world, "SW-10001").unwrap();
    let deleted = customer_of(&world, "SW-10002").unwrap();

    // Customer `gone` is deleted in Rackbeat and its e-mail now belongs to customer 777;
    // customer `deleted` is deleted and nobody has its e-mail.
    let rackbeat = world.rackbeat_client();
    for number in [gone, deleted] {
        rackbeat.customers().delete(number).await.unwrap();
    }
    world
        .rb
        .seed_customer(serde_json::json!({
            "number": 777,
            "name": "Karen Jensen",
            "contact_email": "buyer10001@example.invalid",
            "group": 1,
        }))
        .unwrap();
    world.rb.set_time(rackbeat_time(2026, 1, 1, 12));
    world.sw.seed_orders([
        repeat_customer_order(20_001, 10_001, "2026-01-01 12:00:00"),
        repeat_customer_order(20_002, 10_002, "2026-01-01 12:00:00"),
    ]);
    world.clear_counts();
    let report = integration.import_orders(window()).await;
    print_counts("two repeat customers whose index entries are stale", &world);
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), 2, "{}", report.render_table());
    for number in [gone, deleted] {
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.contains(&format!("remembered customer {number}"))),
            "{:?}",
            report.warnings
        );
    }

    assert_eq!(
        customer_of(&world, "SW-20001"),
        Some(777),
        "found again by e-mail"
    );
    let recreated = customer_of(&world, "SW-20002").unwrap();
    assert!(![gone, deleted, 777].contains(&recreated));
    assert_eq!(
        world
            .store
            .remembered_customer(&email_key(10_001))
            .await
            .unwrap(),
        Some(777)
    );
    assert_eq!(
        world
            .store
            .remembered_customer(&email_key(10_002))
            .await
            .unwrap(),
        Some(recreated)
    );
    // Per order: the refused create, one e-mail search, the create again; the second order
    // also creates its customer. Plus the run's listing.
    assert_eq!(world.rb.request_count("POST /orders/drafts"), 4);
    assert_eq!(world.rb.request_count("GET /customers"), 2);
    assert_eq!(world.rb.request_count("POST /customers"), 1);
    assert_eq!(world.rb.request_count("GET /orders"), RUN_LISTING);
    assert_eq!(world.rb.request_total(), 4 + 2 + 1 + RUN_LISTING);
    assert_eq!(world.rb.orders().len(), 4, "no order twice");
}

/// The test settings, with orders left in `order_state`.
fn settings_in(order_state: OrderState) -> Settings {
    let mut settings = settings();
    settings.order_state = order_state;
    settings
}
