//! Order import end to end on both fakes: exactly once, whatever happens.

use crate::engine_support;

use engine_support::{World, settings, standard_order, window};
use rackbeat_client::mock::Fault;
use rust_decimal::Decimal;
use serde_json::Value;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::sync_core::settings::OrderState;

fn rb_order_json(world: &World, reference: &str) -> Value {
    world
        .rb
        .records("orders")
        .into_iter()
        .find(|o| o["other_reference"] == reference)
        .unwrap_or_else(|| panic!("no Rackbeat order {reference}"))
}

#[tokio::test]
async fn a_new_order_becomes_exactly_one_rackbeat_order() {
    let world = World::new().await;
    world.seed_order(1001);
    let integration = world.integration();

    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), 1, "{}", report.render_table());
    assert_eq!(
        world.rackbeat_orders_for("SW-1001").len(),
        1,
        "{:#?}",
        world.rb.records("orders")
    );

    let order = rb_order_json(&world, "SW-1001");
    assert_eq!(order["is_booked"], false, "order_state defaults to draft");
    let lines = order["lines"].as_array().expect("lines");
    let items: Vec<&str> = lines
        .iter()
        .map(|l| {
            l["item"]["number"]
                .as_str()
                .or(l["child_id"].as_str())
                .or(l["item_id"].as_str())
                .unwrap_or_default()
        })
        .collect();
    assert!(items.contains(&"KAFFE-1"), "{items:?}");
    assert!(items.contains(&"KRUS-2"), "{items:?}");
    assert!(items.contains(&"FRAGT"), "shipping with VAT: {items:?}");
    assert!(items.contains(&"GEBYR"), "payment fee: {items:?}");

    // The customer was created with the order's e-mail, group and payment terms.
    let customers = world.rb.customers();
    let customer = customers
        .iter()
        .find(|c| c.contact_email.as_deref() == Some("karen1001@example.invalid"))
        .expect("customer created");
    assert_eq!(order["customer"]["number"].as_u64(), Some(customer.number));

    // Every request of the import went through once: a rerun creates nothing.
    let again = integration.import_orders(window()).await;
    assert!(again.created.is_empty(), "{}", again.render_table());
    assert_eq!(again.skipped.len(), 1);
    assert_eq!(world.rackbeat_orders_for("SW-1001").len(), 1);
    assert_eq!(world.rb.customers().len(), 1);
}

#[tokio::test]
async fn order_fields_follow_the_settings_and_booked_orders_are_booked() {
    let world = World::new().await;
    world.seed_order(1010);
    let mut s = settings();
    s.order_state = OrderState::Booked;
    let integration = world.integration_with(s, false);
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());

    let order = rb_order_json(&world, "SW-1010");
    assert_eq!(order["is_booked"], true, "{order:#}");
    assert_eq!(order["vat_zone"], "domestic");
    let shipping = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l.to_string().contains("FRAGT"))
        .expect("shipping line");
    // 49 kr gross shipping at 25 % is 39.20 net.
    let price: Decimal = shipping["line_price"]
        .as_str()
        .map(|s| s.parse().unwrap())
        .or_else(|| {
            shipping["line_price"]
                .as_f64()
                .map(|_| shipping["line_price"].to_string().parse().unwrap())
        })
        .unwrap();
    assert_eq!(price, Decimal::new(3920, 2));
    let link = integration.store().link("1010").await.unwrap().unwrap();
    assert!(link.booked);
}

#[tokio::test]
async fn the_same_webhook_five_times_makes_one_order() {
    let world = World::new().await;
    world.seed_order(1002);
    let integration = world.integration();
    let (receiver, mut worker) = integration.webhook_receiver(IntakeConfig::default());

    let body = br#"{"id":"1002"}"#;
    let signature = sign("hook-secret", body);
    let headers = Headers::from_pairs([
        ("X-Hmac-Sha256", signature.as_str()),
        ("X-Webhook-Topic", "orders/created"),
        ("X-Shop-Domain", "shop000000.mywebshop.io"),
    ]);
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            receiver
                .handle_smartweb_webhook(&headers, body)
                .await
                .status,
        );
    }
    assert_eq!(statuses, vec![202, 200, 200, 200, 200]);
    let reports = worker.drain().await;
    assert_eq!(reports.len(), 1);
    assert_eq!(world.rackbeat_orders_for("SW-1002").len(), 1);

    // A bad signature is refused and queues nothing.
    let bad = Headers::from_pairs([
        ("X-Hmac-Sha256", "AAAA"),
        ("X-Webhook-Topic", "orders/created"),
    ]);
    assert_eq!(
        receiver.handle_smartweb_webhook(&bad, body).await.status,
        401
    );
    assert!(worker.drain().await.is_empty());
}

#[tokio::test]
async fn webhook_and_cron_at_once_make_one_order() {
    let world = World::new().await;
    world.seed_order(1003);
    let integration = world.integration();
    let (cron, hook, hook2) = tokio::join!(
        integration.import_orders(window()),
        integration.import_order_by_id(1003),
        integration.import_order(1003),
    );
    let created = cron.created.len() + hook.created.len() + hook2.created.len();
    assert_eq!(created, 1, "{cron}\n{hook}\n{hook2}");
    assert_eq!(world.rackbeat_orders_for("SW-1003").len(), 1);
}

#[tokio::test]
async fn a_dropped_create_response_still_makes_one_order() {
    let world = World::new().await;
    world.seed_order(1004);
    world.rb.drop_response_after_write("POST /orders/drafts", 1);
    let integration = world.integration();

    let first = integration.import_orders(window()).await;
    assert_eq!(world.rackbeat_orders_for("SW-1004").len(), 1, "{first}");
    let second = integration.import_orders(window()).await;
    assert!(second.created.is_empty(), "{second}");
    assert_eq!(world.rackbeat_orders_for("SW-1004").len(), 1);
    assert!(integration.store().link("1004").await.unwrap().is_some());
}

#[tokio::test]
async fn storms_of_5xx_and_429_end_with_every_order_once() {
    let world = World::new().await;
    for id in 2001..=2006 {
        world.seed_order(id);
    }
    world
        .rb
        .fail_next("POST /orders/drafts", 3, Fault::ServerError(503));
    world.rb.drop_response_after_write("POST /orders/drafts", 2);
    world
        .rb
        .fail_next("GET /customers", 2, Fault::ServerError(500));
    world
        .rb
        .fail_next("POST /customers", 1, Fault::ServerError(502));
    world.sw.fail_next(
        "Order_GetByDateWithPagination",
        2,
        smartweb_client::mock::Fault::ServerError(503),
    );
    let integration = world.integration();

    // A create that failed without an answer holds its order for the settle time; the next
    // run comes after it.
    for _ in 0..8 {
        let report = integration.import_orders(window()).await;
        if report.failed.is_empty() {
            break;
        }
        world.wait_out_holds();
    }
    for id in 2001..=2006 {
        assert_eq!(
            world.rackbeat_orders_for(&format!("SW-{id}")).len(),
            1,
            "order {id}"
        );
    }
    assert_eq!(world.rb.orders().len(), 6);
}

#[tokio::test]
async fn an_unmappable_order_fails_with_its_reason_and_goes_through_once_fixed() {
    let world = World::new().await;
    world.seed_order(3001);
    let mut broken = standard_order(3002);
    broken.order_lines[0].item_number = Some(String::new());
    world.sw.seed_order(broken);
    let integration = world.integration();

    let report = integration.import_orders(window()).await;
    assert_eq!(report.created.len(), 1, "{report}");
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].key, "3002");
    assert!(
        report.failed[0].detail.contains("item number"),
        "{}",
        report.failed[0].detail
    );
    // The failure is typed: a mapping problem, each problem listed.
    match &report.failed[0].failure.as_ref().unwrap().kind {
        smartweb_rackbeat::report::FailureKind::Mapping { problems } => {
            assert!(
                problems.iter().any(|p| p.contains("item number")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(report.unreachable.is_none());
    let failures = integration.store().failures().await.unwrap();
    assert_eq!(failures.len(), 1);

    // Fixed in the shop: the next run (any window) retries and transfers it.
    world.sw.update_order(3002, |o| {
        o.order_lines[0].item_number = Some("KAFFE-1".into());
    });
    let later = integration
        .import_orders(smartweb_rackbeat::OrderWindow {
            since: Some(engine_support::at(2026, 3, 1)),
            until: Some(engine_support::at(2026, 3, 2)),
        })
        .await;
    assert_eq!(later.created.len(), 1, "{later}");
    assert_eq!(world.rackbeat_orders_for("SW-3002").len(), 1);
    assert!(integration.store().failures().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_order_cancelled_in_the_shop_is_no_longer_retried() {
    let world = World::new().await;
    let mut broken = standard_order(3101);
    broken.order_lines[0].item_number = Some(String::new());
    world.sw.seed_order(broken);
    let integration = world.integration();

    let report = integration.import_orders(window()).await;
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(integration.store().failures().await.unwrap().len(), 1);

    // Cancelled in the shop (status 5 is not among the imported statuses).
    world.sw.update_order(3101, |o| o.status = Some("5".into()));
    let march = smartweb_rackbeat::OrderWindow {
        since: Some(engine_support::at(2026, 3, 1)),
        until: Some(engine_support::at(2026, 3, 2)),
    };
    let skipped = integration.import_orders(march).await;
    assert_eq!(skipped.skipped.len(), 1, "{skipped}");
    assert!(
        skipped.skipped[0].detail.contains("not imported"),
        "{skipped}"
    );
    assert!(integration.store().failures().await.unwrap().is_empty());

    world.sw.clear_requests();
    let quiet = integration.import_orders(march).await;
    assert!(
        quiet.skipped.is_empty() && quiet.failed.is_empty(),
        "{quiet}"
    );
    assert_eq!(
        world.sw.request_count("Order_GetById"),
        0,
        "not fetched again"
    );
    assert!(world.rackbeat_orders_for("SW-3101").is_empty());
}

#[tokio::test]
async fn an_order_smartweb_sends_garbled_fails_alone_and_is_retried_by_id() {
    let world = World::new().await;
    world.seed_order(3201);
    world.seed_order(3202);
    world.sw.garble_order_field(3202, "Total", "12,5");
    let integration = world.integration();

    let report = integration.import_orders(window()).await;
    assert_eq!(
        report.created.len(),
        1,
        "the rest of the window goes through: {report}"
    );
    assert_eq!(report.created[0].key, "3201");
    assert_eq!(report.failed.len(), 1, "{report}");
    assert_eq!(report.failed[0].key, "3202");
    assert!(
        report.failed[0].detail.contains("cannot be read")
            && report.failed[0].detail.contains("Total"),
        "{}",
        report.failed[0].detail
    );
    let failures = integration.store().failures().await.unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].key, "3202");
    assert!(world.rackbeat_orders_for("SW-3202").is_empty());

    // A later run, whatever its window, tries it again by id (and fails it again, with why).
    let later = integration
        .import_orders(smartweb_rackbeat::OrderWindow {
            since: Some(engine_support::at(2026, 3, 1)),
            until: Some(engine_support::at(2026, 3, 2)),
        })
        .await;
    assert_eq!(later.failed.len(), 1, "{later}");
    assert_eq!(later.failed[0].key, "3202");
    assert!(later.created.is_empty(), "{later}");
    assert_eq!(world.rackbeat_orders_for("SW-3201").len(), 1);
}

#[tokio::test]
async fn a_dry_run_writes_nothing() {
    let world = World::new().await;
    world.seed_order(4001);
    let integration = world.integration_with(settings(), true);
    let report = integration.import_orders(window()).await;
    assert!(report.dry_run);
    assert_eq!(report.created.len(), 1, "{report}");
    assert!(report.created[0].detail.starts_with("would"));
    assert!(world.rb.orders().is_empty());
    assert!(world.rb.customers().is_empty());
    assert!(integration.store().link("4001").await.unwrap().is_none());
    assert!(
        integration
            .store()
            .cursor(smartweb_rackbeat::integration::ORDERS_CURSOR)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn get_button_imports_one_order_by_number() {
    let world = World::new().await;
    world.seed_order(5001);
    let integration = world.integration();
    let report = integration.import_order(5001).await;
    assert_eq!(report.created.len(), 1, "{report}");
    let missing = integration.import_order(999_999).await;
    assert_eq!(missing.failed.len(), 1);
}

/// A JSON number or numeric string as an exact decimal.
fn decimal(value: &Value) -> Decimal {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned);
    text.parse()
        .unwrap_or_else(|e| panic!("{value} is not a decimal: {e}"))
}

#[tokio::test]
async fn a_discount_code_order_imports_with_the_seed_settings_alone_and_reconciles() {
    use smartweb_client::mock::fixtures::{self, OrderBuilder};
    let world = World::new().await;
    // A VAT-free book beside the 25 % goods, in both systems.
    let mut book = fixtures::product(5, "BOG-5", "Kaffebogen", Decimal::from(199), 10);
    book.vat_group_id = Some(1);
    world.sw.seed_product(book);
    world
        .rb
        .seed_product(serde_json::json!({"number": "BOG-5", "name": "Kaffebogen", "group": 2, "sales_price": "199"}))
        .unwrap();
    let order = OrderBuilder::new(7001)
        .status(1)
        .customer("Karen", "Jensen", "karen7001@example.invalid")
        .line(1, "KAFFE-1", "Kaffebønner 1 kg", 3, Decimal::new(3333, 2))
        .line(2, "KRUS-2", "Krus, hvid", 7, Decimal::new(1429, 2))
        .line(5, "BOG-5", "Kaffebogen", 1, Decimal::from(199))
        .discount_code("SOMMER", Decimal::new(2555, 2))
        .build();
    // 99.99 + 100.03 + 199 − 25.55
    assert_eq!(order.total, Some(Decimal::new(37347, 2)));
    world.sw.seed_order(order);
    // The hosted app's settings: no `discount_product`.
    let mut s = settings();
    s.discount_product = None;
    s.order_state = OrderState::Booked;
    let integration = world.integration_with(s, false);

    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{}", report.render_table());
    assert_eq!(report.created.len(), 1, "{}", report.render_table());
    let rb = rb_order_json(&world, "SW-7001");
    assert_eq!(rb["is_booked"], true, "{rb:#}");
    let lines = rb["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 3, "no discount line: {rb:#}");
    // Rackbeat's own total is the SmartWeb total to the øre, and each line keeps its rate.
    assert_eq!(
        decimal(&rb["total_subtotal"]),
        Decimal::new(37347, 2),
        "{rb:#}"
    );
    let rates: Vec<(Option<&str>, Decimal)> = lines
        .iter()
        .map(|l| {
            (
                l["item"]["number"].as_str().or(l["child_id"].as_str()),
                decimal(&l["vat_percentage"]),
            )
        })
        .collect();
    assert_eq!(
        rates,
        [
            (Some("KAFFE-1"), Decimal::from(25)),
            (Some("KRUS-2"), Decimal::from(25)),
            (Some("BOG-5"), Decimal::ZERO),
        ]
    );
    let link = integration.store().link("7001").await.unwrap().unwrap();
    assert!(link.booked);
}

/// Order `id` imported and booked with write-back on, then shipped in Rackbeat with
/// `tracking`; returns the world, the integration and the Rackbeat order number.
async fn shipped_order(id: i64, tracking: &str) -> (World, smartweb_rackbeat::Integration, u64) {
    let world = World::new().await;
    world.seed_order(id);
    let mut s = settings();
    s.order_state = OrderState::Booked;
    s.status_writeback.enabled = true;
    let integration = world.integration_with(s, false);
    let report = integration.import_orders(window()).await;
    assert!(report.failed.is_empty(), "{report}");
    let number = integration
        .store()
        .link(&id.to_string())
        .await
        .unwrap()
        .unwrap()
        .rackbeat_number;
    world
        .rb
        .mark_shipped(i64::try_from(number).unwrap(), Some(tracking))
        .unwrap();
    (world, integration, number)
}

#[tokio::test]
async fn shipped_orders_are_written_back() {
    let (world, integration, number) = shipped_order(6001, "TRACK-1").await;
    let back = integration.write_back_order(number).await;
    assert_eq!(back.updated.len(), 1, "{back}");
    let sw_order = world.sw.order(6001).unwrap();
    assert_eq!(sw_order.status.as_deref(), Some("3"));
    assert_eq!(sw_order.tracking_code.as_deref(), Some("TRACK-1"));
    // Nothing changes the second time.
    let again = integration.write_back_order(number).await;
    assert!(again.updated.is_empty(), "{again}");
}

#[tokio::test]
async fn tracking_is_read_from_order_shipments_when_the_order_path_is_not_found() {
    let (world, integration, number) = shipped_order(6101, "TRACK-2").await;
    // A server that only offers the sheet's other path, `GET /order-shipments?order_number=`.
    world.rb.fail_next(
        format!("GET /orders/{number}/shipments"),
        1,
        rackbeat_client::mock::Fault::ServerError(404),
    );
    let back = integration.write_back_order(number).await;
    assert_eq!(back.updated.len(), 1, "{back}");
    assert_eq!(
        world.sw.order(6101).unwrap().tracking_code.as_deref(),
        Some("TRACK-2")
    );
}

fn sign(secret: &str, body: &[u8]) -> String {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
