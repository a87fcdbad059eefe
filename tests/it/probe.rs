//! The probe (`Integration::probe`) against both fakes in every Rackbeat mode, read-only and
//! with the write round trip; the findings it stores and `check` shows; stock that never
//! takes on-hand for available; Rackbeat webhooks keyed by `id`.

use crate::engine_support;

use engine_support::{World, settings, window};
use rust_decimal::Decimal;
use serde_json::json;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::report::{ItemKind, JobReport};
use smartweb_rackbeat::{Integration, ProbeOptions, Settings, StockScope};
use sync_core::facts::{AccountFacts, Assumption, DuplicateKey, Verdict};
use sync_core::settings::StockFrom;

const RB_TOKEN: &str = "rackbeat-hook-token";

fn integration(world: &World, settings: Settings) -> Integration {
    world
        .integration_builder(settings)
        .rackbeat_webhook_token(Some(RB_TOKEN.to_owned().into()))
        .build()
        .unwrap()
}

fn probe_settings() -> Settings {
    let mut settings = settings();
    settings.probe_item = Some("KAFFE-1".into());
    settings
}

/// A world whose Rackbeat account already holds one transferred order (SmartWeb 1001) and
/// its customer, with stock of the probe item at location 1.
async fn used_world(setup: impl FnOnce(&World)) -> World {
    let world = World::new().await;
    setup(&world);
    world.seed_order(1001);
    world
        .rb
        .seed_stock("KAFFE-1", 1, Decimal::from(12))
        .unwrap();
    let report = integration(&world, probe_settings())
        .import_orders(window())
        .await;
    // The order reaches Rackbeat; in a mode that drops the reference the transfer then
    // stops creating orders and says so (a failed item), which the probe must see.
    assert!(
        report
            .created
            .iter()
            .chain(&report.failed)
            .any(|i| i.key == "1001" && i.detail.contains("Rackbeat order")),
        "{report}"
    );
    world
}

async fn probe(world: &World, write: bool) -> JobReport {
    integration(world, probe_settings())
        .probe(ProbeOptions {
            write,
            test_item: None,
        })
        .await
}

fn verdict(report: &JobReport, assumption: Assumption) -> Verdict {
    report
        .findings
        .iter()
        .find(|f| f.assumption == assumption)
        .unwrap_or_else(|| panic!("no finding for {assumption}: {report}"))
        .verdict
}

fn evidence(report: &JobReport, assumption: Assumption) -> String {
    report
        .findings
        .iter()
        .find(|f| f.assumption == assumption)
        .map(|f| f.evidence.clone())
        .unwrap()
}

fn failed_keys(report: &JobReport) -> Vec<String> {
    report.failed.iter().map(|f| f.key.clone()).collect()
}

async fn stored(world: &World) -> AccountFacts {
    AccountFacts::from_findings(world.store.findings().await.unwrap())
}

const SMARTWEB: [Assumption; 4] = [
    Assumption::SmartWebProjections,
    Assumption::SmartWebLanguage,
    Assumption::SmartWebOrderFilters,
    Assumption::SmartWebPriceBasis,
];

// ---- the default (documented) readings -------------------------------------------------------

#[tokio::test]
async fn read_only_on_a_used_account_confirms_what_its_data_shows() {
    let world = used_world(|_| {}).await;
    let requests = world.rb.request_total();
    let report = probe(&world, false).await;
    for a in [
        Assumption::ReferenceKept,
        Assumption::ReferenceSearchable,
        Assumption::HeadingKept,
        Assumption::LinePriceNetPerUnit,
        Assumption::VatZones,
        Assumption::AvailableStockPerLocation,
        Assumption::CustomerGroupField,
    ]
    .into_iter()
    .chain(SMARTWEB)
    {
        assert_eq!(verdict(&report, a), Verdict::Confirmed, "{a}: {report}");
    }
    assert_eq!(
        verdict(&report, Assumption::WebhookKeyedByNumber),
        Verdict::Unknown
    );
    assert!(evidence(&report, Assumption::ReferenceKept).contains("\"SW-1001\""));
    assert!(evidence(&report, Assumption::LinePriceNetPerUnit).contains("matches net per unit"));
    assert!(
        evidence(&report, Assumption::AvailableStockPerLocation)
            .contains("items/KAFFE-1/locations/available: location 1 available_quantity 12")
    );
    assert!(!report.has_failures(), "{report}");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("webhook_keyed_by_number unknown"))
    );
    // Read-only: nothing written to Rackbeat.
    let writes = world.rb.requests()[requests..]
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    assert_eq!(writes, 0);
    // Stored with their time.
    let facts = stored(&world).await;
    assert_eq!(facts.verdict(Assumption::ReferenceKept), Verdict::Confirmed);
    assert_eq!(facts.duplicate_key(), Some(DuplicateKey::OtherReference));
}

#[tokio::test]
async fn read_only_on_a_new_account_leaves_the_order_facts_unknown() {
    let world = World::new().await;
    let report = probe(&world, false).await;
    for a in [
        Assumption::ReferenceKept,
        Assumption::ReferenceSearchable,
        Assumption::HeadingKept,
        Assumption::LinePriceNetPerUnit,
        Assumption::CustomerGroupField,
    ] {
        assert_eq!(verdict(&report, a), Verdict::Unknown, "{a}: {report}");
    }
    assert!(evidence(&report, Assumption::ReferenceKept).contains("no orders yet"));
    assert_eq!(verdict(&report, Assumption::VatZones), Verdict::Confirmed);
    // No stock anywhere yet: nothing shows whether a figure is available.
    assert_eq!(
        verdict(&report, Assumption::AvailableStockPerLocation),
        Verdict::Unknown
    );
    assert!(!report.has_failures(), "{report}");
    assert_eq!(stored(&world).await.duplicate_key(), None);
}

#[tokio::test]
async fn the_write_round_trip_confirms_and_cleans_up() {
    let world = World::new().await;
    let report = probe(&world, true).await;
    for a in [
        Assumption::ReferenceKept,
        Assumption::ReferenceSearchable,
        Assumption::HeadingKept,
        Assumption::LinePriceNetPerUnit,
        Assumption::CustomerGroupField,
    ] {
        assert_eq!(verdict(&report, a), Verdict::Confirmed, "{a}: {report}");
    }
    let price = evidence(&report, Assumption::LinePriceNetPerUnit);
    assert!(price.contains("2 × 100 at 25 % sent"), "{price}");
    assert!(
        price.contains("server total_subtotal 200.00 / total_total 250.00"),
        "{price}"
    );
    assert!(!report.has_failures(), "{report}");
    // The draft and the probe customer are gone again, and a second look said so.
    assert!(world.rb.orders().is_empty());
    assert!(world.rb.customers().is_empty());
    let order = report
        .created
        .iter()
        .find(|c| c.kind == ItemKind::Order)
        .unwrap();
    assert!(order.detail.contains("a second look confirms it is gone"));
    assert_eq!(world.rb.request_count("DELETE /orders/*"), 1);
    assert!(world.rb.request_count("GET /orders/*") >= 2);
    let facts = stored(&world).await;
    assert_eq!(facts.duplicate_key(), Some(DuplicateKey::OtherReference));
    assert_eq!(
        facts.verdict(Assumption::LinePriceNetPerUnit),
        Verdict::Confirmed
    );
}

#[tokio::test]
async fn a_later_read_only_run_keeps_what_the_round_trip_settled() {
    let world = World::new().await;
    probe(&world, true).await;
    let report = probe(&world, false).await;
    assert_eq!(
        verdict(&report, Assumption::ReferenceKept),
        Verdict::Confirmed
    );
    assert!(evidence(&report, Assumption::ReferenceKept).contains("was sent other_reference"));
}

#[tokio::test]
async fn write_without_a_probe_item_says_what_to_set() {
    let world = World::new().await;
    let report = integration(&world, settings())
        .probe(ProbeOptions {
            write: true,
            test_item: None,
        })
        .await;
    let failed = report
        .failed
        .iter()
        .find(|f| f.key == "probe_item")
        .unwrap();
    assert!(failed.detail.contains("set `probe_item` in [settings]"));
    assert_eq!(world.rb.request_count("POST /**"), 0);
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_stores_nothing() {
    let world = World::new().await;
    let report = world
        .integration_with(probe_settings(), true)
        .probe(ProbeOptions {
            write: true,
            test_item: None,
        })
        .await;
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("round trip is skipped"))
    );
    assert_eq!(world.rb.request_count("POST /**"), 0);
    assert!(world.store.findings().await.unwrap().is_empty());
    assert_eq!(report.findings.len(), Assumption::ALL.len());
}

// ---- (a) other_reference dropped -------------------------------------------------------------

#[tokio::test]
async fn a_dropped_reference_is_refuted_from_a_linked_order() {
    let world = used_world(|w| w.rb.drop_other_reference(true)).await;
    let report = probe(&world, false).await;
    assert_eq!(
        verdict(&report, Assumption::ReferenceKept),
        Verdict::Refuted
    );
    assert!(
        evidence(&report, Assumption::ReferenceKept)
            .contains("with other_reference \"SW-1001\" (SmartWeb order 1001) and reads back other_reference = nothing")
    );
    assert_eq!(
        verdict(&report, Assumption::ReferenceSearchable),
        Verdict::Refuted
    );
    assert_eq!(
        verdict(&report, Assumption::HeadingKept),
        Verdict::Confirmed
    );
    assert!(failed_keys(&report).contains(&"reference_kept".to_owned()));
    assert_eq!(
        stored(&world).await.duplicate_key(),
        Some(DuplicateKey::Heading)
    );
}

#[tokio::test]
async fn a_dropped_reference_is_refuted_by_the_round_trip() {
    let world = World::new().await;
    world.rb.drop_other_reference(true);
    let report = probe(&world, true).await;
    assert_eq!(
        verdict(&report, Assumption::ReferenceKept),
        Verdict::Refuted
    );
    let seen = evidence(&report, Assumption::ReferenceKept);
    assert!(
        seen.contains("the create answer carried no other_reference; read back: nothing"),
        "{seen}"
    );
    assert_eq!(
        verdict(&report, Assumption::ReferenceSearchable),
        Verdict::Refuted
    );
    assert_eq!(
        verdict(&report, Assumption::HeadingKept),
        Verdict::Confirmed
    );
    assert!(world.rb.orders().is_empty(), "cleaned up");
    assert_eq!(
        stored(&world).await.duplicate_key(),
        Some(DuplicateKey::Heading)
    );
}

// ---- (b) line_price read as gross ------------------------------------------------------------

#[tokio::test]
async fn gross_line_prices_are_refuted_from_the_accounts_own_totals() {
    let world = used_world(|w| w.rb.line_price_gross(true)).await;
    let report = probe(&world, false).await;
    assert_eq!(
        verdict(&report, Assumption::LinePriceNetPerUnit),
        Verdict::Refuted
    );
    let seen = evidence(&report, Assumption::LinePriceNetPerUnit);
    assert!(seen.contains("matches gross per unit"), "{seen}");
    assert!(failed_keys(&report).contains(&"line_price_net_per_unit".to_owned()));
}

#[tokio::test]
async fn gross_line_prices_are_refuted_by_the_round_trip_with_both_totals() {
    let world = World::new().await;
    world.rb.line_price_gross(true);
    let report = probe(&world, true).await;
    assert_eq!(
        verdict(&report, Assumption::LinePriceNetPerUnit),
        Verdict::Refuted
    );
    let seen = evidence(&report, Assumption::LinePriceNetPerUnit);
    assert!(
        seen.contains("server total_subtotal 160.00 / total_total 200.00"),
        "{seen}"
    );
    assert!(seen.contains("ours net 200.00 / gross 250.00"), "{seen}");
    assert!(seen.contains("matches gross per unit"), "{seen}");
    assert!(world.rb.orders().is_empty());
}

// ---- (c) a held write -----------------------------------------------------------------------

#[tokio::test]
async fn a_held_create_is_reported_with_what_to_look_for() {
    let world = World::new().await;
    world.rb.hold_next_write("POST /orders/drafts", 1);
    let report = probe(&world, true).await;
    let lost = report
        .failed
        .iter()
        .find(|f| f.kind == ItemKind::Order)
        .unwrap_or_else(|| panic!("{report}"));
    assert!(lost.key.starts_with("PROBE-"));
    assert!(
        lost.detail.contains("cannot be found by other_reference"),
        "{}",
        lost.detail
    );
    assert!(lost.detail.contains("delete it"));
    // Nothing settled about the order fields; the customer is kept for the late order.
    assert_eq!(
        verdict(&report, Assumption::ReferenceKept),
        Verdict::Unknown
    );
    assert_eq!(world.rb.customers().len(), 1);
    assert_eq!(world.rb.land_held_writes(), 1);
    assert_eq!(
        world.rb.orders().len(),
        1,
        "the late order the report warned of"
    );
}

#[tokio::test]
async fn a_lost_create_answer_is_recovered_and_the_draft_still_deleted() {
    let world = World::new().await;
    world.rb.drop_response_after_write("POST /orders/drafts", 1);
    let report = probe(&world, true).await;
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("create answer was lost")),
        "{report}"
    );
    assert_eq!(
        verdict(&report, Assumption::ReferenceKept),
        Verdict::Confirmed
    );
    assert!(evidence(&report, Assumption::ReferenceKept).contains("the create answer was lost"));
    assert!(world.rb.orders().is_empty(), "found again and deleted");
    assert!(!report.has_failures(), "{report}");
}

// ---- (d) webhooks keyed by id ----------------------------------------------------------------

fn rb_headers(event: &str) -> Headers {
    Headers::from_pairs([
        ("Rackbeat-Webhook-Event", event),
        ("Rackbeat-Webhook-Token", RB_TOKEN),
    ])
}

#[tokio::test]
async fn a_delivery_keyed_by_id_is_looked_up_and_refutes_the_keying() {
    let world = used_world(|w| w.rb.key_webhooks_by_id(true)).await;
    let engine = integration(&world, probe_settings());
    let before = probe(&world, false).await;
    assert_eq!(
        verdict(&before, Assumption::WebhookKeyedByNumber),
        Verdict::Unknown
    );

    world.rb.set_available("KAFFE-1", Decimal::from(7)).unwrap();
    let body = world
        .rb
        .webhook_delivery("product.updated", "KAFFE-1")
        .unwrap();
    assert_eq!(body["key_name"], json!("id"));
    let (receiver, mut worker) = engine.webhook_receiver(IntakeConfig::default());
    let reply = receiver
        .handle_rackbeat_webhook(&rb_headers("product.updated"), body.to_string().as_bytes())
        .await;
    assert_eq!(reply.status, 202, "{}", reply.message);
    let reports = worker.drain().await;
    assert_eq!(reports.len(), 1);
    assert!(
        reports[0]
            .updated
            .iter()
            .any(|u| u.key == "KAFFE-1" && u.detail.ends_with("→ 7")),
        "{}",
        reports[0]
    );
    assert!(
        world.rb.request_count("GET /products") >= 1,
        "looked up by simple_filter[id]"
    );

    let after = probe(&world, false).await;
    assert_eq!(
        verdict(&after, Assumption::WebhookKeyedByNumber),
        Verdict::Refuted
    );
    assert!(evidence(&after, Assumption::WebhookKeyedByNumber).contains("key_name \"id\""));
    assert!(failed_keys(&after).contains(&"webhook_keyed_by_number".to_owned()));
}

#[tokio::test]
async fn an_order_delivery_keyed_by_id_writes_that_order_back() {
    let world = used_world(|_| {}).await;
    let mut settings = probe_settings();
    settings.status_writeback.enabled = true;
    let engine = integration(&world, settings);
    let number = world.rb.orders()[0].number;
    world.rb.key_webhooks_by_id(true);
    let body = world
        .rb
        .webhook_delivery("order.updated", &number.to_string())
        .unwrap();
    let (receiver, mut worker) = engine.webhook_receiver(IntakeConfig::default());
    let reply = receiver
        .handle_rackbeat_webhook(&rb_headers("order.updated"), body.to_string().as_bytes())
        .await;
    assert_eq!(reply.status, 202, "{}", reply.message);
    let reports = worker.drain().await;
    assert_eq!(reports.len(), 1);
    assert_eq!(
        reports[0].job,
        smartweb_rackbeat::report::JobKind::WriteBack,
        "{}",
        reports[0]
    );
    assert!(
        !reports[0].skipped.iter().any(|s| s.key.starts_with("id ")),
        "resolved: {}",
        reports[0]
    );

    // An id no order has is skipped with the reason, not an error.
    let reply = receiver
        .handle_rackbeat_webhook(
            &rb_headers("order.updated"),
            br#"{"key": 987654, "key_name": "id", "event": "order.updated"}"#,
        )
        .await;
    assert_eq!(reply.status, 202);
    let reports = worker.drain().await;
    assert!(
        reports[0].skipped[0]
            .detail
            .contains("no Rackbeat order with id 987654")
    );
}

#[tokio::test]
async fn a_delivery_keyed_by_number_confirms_the_keying() {
    let world = used_world(|_| {}).await;
    let engine = integration(&world, probe_settings());
    let body = world
        .rb
        .webhook_delivery("product.updated", "KAFFE-1")
        .unwrap();
    let (receiver, _worker) = engine.webhook_receiver(IntakeConfig::default());
    let reply = receiver
        .handle_rackbeat_webhook(&rb_headers("product.updated"), body.to_string().as_bytes())
        .await;
    assert_eq!(reply.status, 202);
    assert_eq!(
        stored(&world)
            .await
            .verdict(Assumption::WebhookKeyedByNumber),
        Verdict::Confirmed
    );
}

// ---- (e) no available stock -----------------------------------------------------------------

fn location_settings() -> Settings {
    let mut settings = probe_settings();
    settings.stock_from = StockFrom::Location;
    settings.location = Some(1);
    settings
}

fn shop_stock(world: &World, item: &str) -> Option<i64> {
    world.sw.product_by_item_number(item).and_then(|p| p.stock)
}

#[tokio::test]
async fn without_an_available_figure_the_probe_refutes_and_stock_is_never_taken_from_on_hand() {
    let world = used_world(|w| w.rb.omit_available_stock(true)).await;
    let report = probe(&world, false).await;
    assert_eq!(
        verdict(&report, Assumption::AvailableStockPerLocation),
        Verdict::Refuted
    );
    let seen = evidence(&report, Assumption::AvailableStockPerLocation);
    assert!(seen.contains("answered 404; products/KAFFE-1/locations: 1 location row(s), none with available_quantity"), "{seen}");
    assert!(
        seen.contains("carries no total available_quantity"),
        "{seen}"
    );

    let before = shop_stock(&world, "KAFFE-1");
    for settings in [location_settings(), probe_settings()] {
        let report = integration(&world, settings)
            .sync_stock(StockScope::Items(vec!["KAFFE-1".into()]))
            .await;
        assert!(report.updated.is_empty(), "{report}");
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.contains("stock of KAFFE-1 not written")
                    && w.contains("never pushed as available")),
            "{report}"
        );
        let all = integration(&world, location_settings())
            .sync_stock(StockScope::All)
            .await;
        assert!(
            all.skipped
                .iter()
                .any(|s| s.key == "KAFFE-1" && s.detail.contains("no available quantity")),
            "{all}"
        );
    }
    assert_eq!(
        shop_stock(&world, "KAFFE-1"),
        before,
        "12 on hand never reached the shop"
    );
}

#[tokio::test]
async fn stock_per_location_is_the_available_quantity_not_on_hand() {
    let world = used_world(|_| {}).await;
    // 12 on hand at location 1; a booked order holds 2 of them.
    let number = world.rb.orders()[0].number;
    world
        .rb
        .patch_order(number as i64, json!({"is_booked": true}))
        .unwrap();
    let report = integration(&world, location_settings())
        .sync_stock(StockScope::Items(vec!["KAFFE-1".into()]))
        .await;
    assert!(!report.has_failures(), "{report}");
    assert_eq!(shop_stock(&world, "KAFFE-1"), Some(10), "{report}");
    assert_eq!(
        world.rb.request_count("GET /items/*/locations/available"),
        1
    );
    assert_eq!(world.rb.request_count("GET /products/*/locations/**"), 0);
}

// ---- customer group field -------------------------------------------------------------------

#[tokio::test]
async fn a_refused_customer_group_field_is_refuted_both_ways() {
    let world = used_world(|_| {}).await;
    world.rb.refuse_customer_group_id(true);
    let read_only = probe(&world, false).await;
    assert_eq!(
        verdict(&read_only, Assumption::CustomerGroupField),
        Verdict::Refuted
    );
    assert!(
        evidence(&read_only, Assumption::CustomerGroupField)
            .contains("carries a customer_group_id field")
    );

    let written = probe(&world, true).await;
    assert_eq!(
        verdict(&written, Assumption::CustomerGroupField),
        Verdict::Refuted
    );
    let seen = evidence(&written, Assumption::CustomerGroupField);
    assert!(seen.contains("was refused: customer_group_id:"), "{seen}");
    assert_eq!(
        world.rb.customers().len(),
        1,
        "the probe customer was made without it and deleted"
    );
}

// ---- VAT zones --------------------------------------------------------------------------------

#[tokio::test]
async fn check_refuses_a_zone_the_account_does_not_know_and_accepts_one_it_lists() {
    let world = World::new().await;
    let mut unknown = probe_settings();
    unknown.vat_zone = "se".into();
    let report = integration(&world, unknown.clone()).check_settings().await;
    let refused = report.failed.iter().find(|f| f.key == "vat_zone").unwrap();
    assert!(
        refused
            .detail
            .contains("`se` is not a VAT zone this Rackbeat account knows"),
        "{}",
        refused.detail
    );
    let probed = integration(&world, unknown.clone())
        .probe(ProbeOptions::default())
        .await;
    assert_eq!(verdict(&probed, Assumption::VatZones), Verdict::Refuted);

    // An account whose product groups carry a per-country rate knows that zone.
    world
        .rb
        .seed_product_group(
            json!({"number": 3, "name": "Sverige", "vat_domestic": 25, "vat_se": 25}),
        )
        .unwrap();
    let report = integration(&world, unknown).check_settings().await;
    assert!(
        !report.failed.iter().any(|f| f.key == "vat_zone"),
        "{report}"
    );
}

// ---- check shows the findings -----------------------------------------------------------------

#[tokio::test]
async fn check_shows_the_stored_findings_in_the_table_and_the_json() {
    let world = used_world(|w| w.rb.line_price_gross(true)).await;
    let engine = integration(&world, probe_settings());
    let before = engine.check_settings().await;
    // The import's first create already taught the reference facts; the line price is the
    // probe's to settle.
    assert!(
        !before
            .findings
            .iter()
            .any(|f| f.assumption == sync_core::facts::Assumption::LinePriceNetPerUnit)
    );

    engine.probe(ProbeOptions::default()).await;
    let report = engine.check_settings().await;
    assert_eq!(report.findings.len(), Assumption::ALL.len());
    let table = report.render_table();
    assert!(table.contains("ASSUMPTION"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("line_price_net_per_unit ") && l.contains(" refuted ")),
        "{table}"
    );
    let json = serde_json::to_value(&report).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let price = findings
        .iter()
        .find(|f| f["assumption"] == "line_price_net_per_unit")
        .unwrap();
    assert_eq!(price["verdict"], "refuted");
    assert!(price["checked_at"].is_string());
    assert!(
        price["evidence"]
            .as_str()
            .unwrap()
            .contains("gross per unit")
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("line_price_net_per_unit refuted (checked "))
    );
    assert!(
        !report.has_failures(),
        "a refuted fact is shown, not a settings failure: {report}"
    );
}
