//! Products, stock and the settings check end to end on both fakes.

use crate::engine_support;

use engine_support::{World, settings};
use rust_decimal::Decimal;
use serde_json::json;
use smartweb_client::mock::fixtures;
use smartweb_rackbeat::StockScope;
use smartweb_rackbeat::sync_core::settings::ProductSource;

#[tokio::test]
async fn products_flow_from_rackbeat_to_smartweb_and_settle() {
    let world = World::new().await;
    world
        .rb
        .seed_product(
            json!({"number": "NY-5", "name": "Mælkeskummer", "group": 1, "sales_price": "160"}),
        )
        .unwrap();
    world
        .rb
        .seed_product(
            json!({"number": "KRUS-2", "name": "Krus, sort", "group": 1, "sales_price": "40"}),
        )
        .unwrap();
    let integration = world.integration();

    let report = integration.sync_products().await;
    assert!(report.failed.is_empty(), "{report}");
    let created: Vec<&str> = report.created.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(created, vec!["NY-5"], "{report}");
    let new = world
        .sw
        .product_by_item_number("NY-5")
        .expect("created in SmartWeb");
    assert_eq!(new.category_id, Some(1), "the S2 category");
    // Net 160 at 25 % is 200 gross in a shop whose prices include VAT.
    assert_eq!(new.price, Some(Decimal::from(200)));
    let mug = world.sw.product_by_item_number("KRUS-2").unwrap();
    assert_eq!(mug.title.as_deref(), Some("Krus, sort"));
    // Line products never become shop products.
    assert!(world.sw.product_by_item_number("FRAGT").is_none());
    assert!(report.skipped.iter().any(|s| s.key == "GEBYR"));

    let again = integration.sync_products().await;
    assert!(
        again.created.is_empty() && again.updated.is_empty(),
        "{again}"
    );
}

#[tokio::test]
async fn products_flow_from_smartweb_to_rackbeat() {
    let world = World::new().await;
    world.sw.seed_product(fixtures::product(
        9,
        "SW-ONLY-9",
        "Kaffekværn",
        Decimal::from(500),
        3,
    ));
    let mut s = settings();
    s.product_source = ProductSource::Smartweb;
    s.product_group = Some(1);
    let integration = world.integration_with(s, false);

    let report = integration.sync_products().await;
    assert!(report.failed.is_empty(), "{report}");
    assert!(
        report.created.iter().any(|c| c.key == "SW-ONLY-9"),
        "{report}"
    );
    let product = world.rb.product("SW-ONLY-9").expect("created in Rackbeat");
    assert_eq!(
        product.sales_price,
        Some(Decimal::from(400)),
        "net of 25 % VAT"
    );
    let again = integration.sync_products().await;
    assert!(
        again.created.is_empty() && again.updated.is_empty(),
        "{again}"
    );
}

#[tokio::test]
async fn stock_sync_writes_only_changed_items() {
    let world = World::new().await;
    world
        .rb
        .set_available("KAFFE-1", Decimal::from(40))
        .unwrap(); // same as the shop
    world.rb.set_available("KRUS-2", Decimal::from(7)).unwrap(); // shop has 100
    world.rb.set_available("FILTER-3", Decimal::ZERO).unwrap(); // shop has 0
    world
        .rb
        .set_available("KANDE/4", Decimal::new(25, 1))
        .unwrap(); // 2.5 → 2, shop has 5
    let integration = world.integration();

    let report = integration.sync_stock(StockScope::All).await;
    assert!(report.failed.is_empty(), "{report}");
    let mut updated: Vec<&str> = report.updated.iter().map(|u| u.key.as_str()).collect();
    updated.sort_unstable();
    assert_eq!(updated, vec!["KANDE/4", "KRUS-2"], "{report}");
    assert_eq!(
        world.sw.product_by_item_number("KRUS-2").unwrap().stock,
        Some(7)
    );
    assert_eq!(
        world.sw.product_by_item_number("KANDE/4").unwrap().stock,
        Some(2)
    );
    assert_eq!(world.sw.stock_writes().len(), 2);

    let again = integration.sync_stock(StockScope::All).await;
    assert!(again.updated.is_empty(), "{again}");

    // One item from a webhook.
    world
        .rb
        .set_available("KAFFE-1", Decimal::from(12))
        .unwrap();
    let one = integration
        .sync_stock(StockScope::Items(vec!["KAFFE-1".into()]))
        .await;
    assert_eq!(one.updated.len(), 1, "{one}");
    assert_eq!(
        world.sw.product_by_item_number("KAFFE-1").unwrap().stock,
        Some(12)
    );
}

#[tokio::test]
async fn the_settings_check_lists_every_problem() {
    let world = World::new().await;
    let good = world.integration().check_settings().await;
    assert!(good.failed.is_empty(), "{good}");

    let mut s = settings();
    s.layout = Some(99);
    s.payment_terms = Some(98);
    s.employee = Some(97);
    s.fee_product = Some("FRAGT".into()); // exists, but carries 25 % VAT
    s.shipping_product_without_vat = Some("FINDES-IKKE".into());
    s.smartweb_category_id = Some(77);
    s.vat_zone = "moon".into();
    let report = world.integration_with(s, false).check_settings().await;
    let mut keys: Vec<&str> = report.failed.iter().map(|f| f.key.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "employee",
            "fee_product",
            "layout",
            "payment_terms",
            "shipping_product_without_vat",
            "smartweb_category_id",
            "vat_zone",
        ],
        "{report}"
    );
}

#[tokio::test]
async fn a_product_smartweb_sends_garbled_costs_only_its_own_stock() {
    let world = World::new().await;
    world
        .rb
        .set_available("KAFFE-1", Decimal::from(40))
        .unwrap(); // same as the shop
    world.rb.set_available("KRUS-2", Decimal::from(7)).unwrap(); // shop has 100
    world.rb.set_available("KANDE/4", Decimal::from(1)).unwrap(); // shop has 5
    world.sw.garble_product_field(4, "Stock", "many");
    let integration = world.integration();

    let report = integration.sync_stock(StockScope::All).await;
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].key, "4");
    assert!(
        report.failed[0].detail.contains("cannot be read"),
        "{}",
        report.failed[0].detail
    );
    let updated: Vec<&str> = report.updated.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(
        updated,
        vec!["KRUS-2"],
        "the rest of the catalogue is synced: {report}"
    );
    assert_eq!(
        world.sw.product_by_item_number("KRUS-2").unwrap().stock,
        Some(7)
    );
    assert_eq!(
        world.sw.product_by_item_number("KANDE/4").unwrap().stock,
        Some(5),
        "not written blind"
    );
}

#[tokio::test]
async fn dry_runs_of_products_and_stock_write_nothing() {
    let world = World::new().await;
    world
        .rb
        .seed_product(
            json!({"number": "NY-5", "name": "Mælkeskummer", "group": 1, "sales_price": "160"}),
        )
        .unwrap();
    world.rb.set_available("KRUS-2", Decimal::from(7)).unwrap();
    let integration = world.integration_with(settings(), true);
    let products = integration.sync_products().await;
    assert!(!products.created.is_empty());
    let stock = integration.sync_stock(StockScope::All).await;
    assert!(!stock.updated.is_empty());
    assert!(world.sw.product_by_item_number("NY-5").is_none());
    assert!(world.sw.stock_writes().is_empty());
    assert_eq!(
        world.sw.product_by_item_number("KRUS-2").unwrap().stock,
        Some(100)
    );
}

#[tokio::test]
async fn a_stop_request_leaves_product_and_stock_changes_for_the_next_run() {
    let world = World::new().await;
    world
        .rb
        .seed_product(
            json!({"number": "NY-5", "name": "Mælkeskummer", "group": 1, "sales_price": "160"}),
        )
        .unwrap();
    world.rb.set_available("KRUS-2", Decimal::from(7)).unwrap();
    let stop = tokio_util::sync::CancellationToken::new();
    stop.cancel();
    let stopped = world
        .integration_builder(settings())
        .stop_token(stop)
        .build()
        .unwrap();

    let products = stopped.sync_products().await;
    assert!(
        products.created.is_empty() && products.failed.is_empty(),
        "{products}"
    );
    assert!(
        products
            .warnings
            .iter()
            .any(|w| w.starts_with("stopped on request: ")
                && w.ends_with(" product change(s) left for the next run")),
        "{products}"
    );
    let stock = stopped.sync_stock(StockScope::All).await;
    assert!(
        stock.updated.is_empty() && stock.failed.is_empty(),
        "{stock}"
    );
    let left: usize = stock
        .warnings
        .iter()
        .find_map(|w| {
            w.strip_prefix("stopped on request: ")?
                .strip_suffix(" stock write(s) left for the next run")?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("{stock}"));
    assert!(world.sw.product_by_item_number("NY-5").is_none());
    assert!(world.sw.stock_writes().is_empty());

    // The next run does what was left.
    let next = world.integration();
    assert!(!next.sync_products().await.created.is_empty());
    assert_eq!(next.sync_stock(StockScope::All).await.updated.len(), left);
    assert!(left > 0);
    assert!(world.sw.product_by_item_number("NY-5").is_some());
}
