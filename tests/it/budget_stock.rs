//! Request budget of a stock sync, counted on both fakes (counts, never times): a catalogue of
//! 10,000 items with 1 % changed costs the list pages on both sides plus one write per changed
//! item. Each test prints what it measured (`-- --nocapture`).

use crate::budget_support;

use budget_support::{World, item_number, settings};
use smartweb_rackbeat::StockScope;

const ITEMS: i64 = 10_000;
/// A smaller catalogue through the same formula, where a failure is quicker to read.
const SMALL_CATALOGUE: i64 = 1_000;
/// Every 100th item changed: 1 %.
const CHANGED_EVERY: i64 = 100;

/// `Integration::sync_stock` reads SmartWeb 500 products a page.
const SMARTWEB_PAGE: usize = 500;

/// The SmartWeb session: `Solution_Connect`, `Solution_SetLanguage` and the product and
/// variant `*_SetFields` projections.
const SMARTWEB_SESSION: usize = 4;

fn counts(world: &World) {
    println!(
        "SmartWeb {} calls {:?}",
        world.sw.total_requests(),
        world.smartweb_calls()
    );
    println!(
        "Rackbeat {} calls {:?}",
        world.rb.request_total(),
        world.rackbeat_calls()
    );
}

#[tokio::test]
async fn a_stock_sync_costs_the_list_pages_and_the_changed_items_writes() {
    stock_sync_budget(SMALL_CATALOGUE).await;
}

/// The figure, 10,000 items. The fakes index their tables by key and render only the
/// requested list page, so seeding and every page cost O(catalogue) at most: the whole run
/// takes seconds, also in a debug build (timings in BENCHMARKS.md).
#[tokio::test]
async fn a_stock_sync_of_10000_items_costs_the_list_pages_and_the_changed_items_writes() {
    stock_sync_budget(ITEMS).await;
}

async fn stock_sync_budget(items: i64) {
    let started = std::time::Instant::now();
    let world = World::catalogue(items, CHANGED_EVERY).await;
    println!("seeded {items} items in {:?}", started.elapsed());
    let integration = world.integration_with(settings());
    world.clear_counts();

    let syncing = std::time::Instant::now();
    let report = integration.sync_stock(StockScope::All).await;
    println!("synced in {:?}", syncing.elapsed());
    assert!(report.failed.is_empty(), "{}", report.render_table());
    let changed = usize::try_from(items / CHANGED_EVERY).unwrap();
    assert_eq!(report.updated.len(), changed, "{}", report.render_table());
    println!("stock sync of {items} items, {changed} changed:");
    counts(&world);

    let items = usize::try_from(items).unwrap();
    // Full pages, then the empty or short page that ends the read.
    let sw_pages = world.sw.request_count("Product_GetAllWithLimit");
    assert!(
        sw_pages <= items.div_ceil(SMARTWEB_PAGE) + 1,
        "{sw_pages} pages"
    );
    let sw_writes = world.sw.request_count("Product_Update");
    assert_eq!(sw_writes, changed, "one write per changed item");
    assert!(
        world.sw.total_requests() <= sw_pages + sw_writes + SMARTWEB_SESSION,
        "{:?}",
        world.smartweb_calls()
    );

    let rb_page = usize::try_from(integration.rackbeat().page_size()).unwrap();
    let rb_pages = world.rb.request_count("GET /products");
    assert!(rb_pages <= items.div_ceil(rb_page) + 1, "{rb_pages} pages");
    assert_eq!(
        world.rb.request_total(),
        rb_pages,
        "Rackbeat is only read: {:?}",
        world.rackbeat_calls()
    );

    // The changed items now hold Rackbeat's figure.
    let sample = world
        .sw
        .product_by_item_number(&item_number(CHANGED_EVERY))
        .unwrap();
    assert_eq!(sample.stock, Some(11));

    // A second sync finds nothing to write: the reads only.
    world.clear_counts();
    let syncing = std::time::Instant::now();
    let again = integration.sync_stock(StockScope::All).await;
    println!("second sync in {:?}", syncing.elapsed());
    assert!(again.updated.is_empty(), "{}", again.render_table());
    println!("second stock sync, nothing changed:");
    counts(&world);
    assert_eq!(world.sw.request_count("Product_Update"), 0);
    assert!(world.sw.total_requests() <= sw_pages + SMARTWEB_SESSION);
    assert_eq!(world.rb.request_total(), rb_pages);
    println!("{items} items in all: {:?}", started.elapsed());
}
