//! Request budgets of order imports, counted on both fakes (counts, never times).
//!
//! Importing N new orders costs SmartWeb ceil(N / page size) pages per date stream plus a
//! constant, and Rackbeat N draft creates (+ N books when booking) + the new customers + a
//! constant number of look-ups. A run with nothing new costs a constant. Each test prints
//! the counts it measured (`cargo test --test budget_orders -- --nocapture`).

mod budget_support;
mod engine_support;

use budget_support::{World, new_customer_order, settings};
use engine_support::window;
use smartweb_client::api::DEFAULT_ORDER_PAGE_SIZE;
use smartweb_rackbeat::OrderWindow;
use smartweb_rackbeat::sync_core::settings::OrderState;

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
