//! The configuration and report types as an embedder uses them, from outside our crates:
//! settings built with the builder (no struct literal, so a new setting breaks nothing), a
//! mapping context from its constructor, intake limits from their setters, and a report's
//! outcomes and failures read field by field. Everything through the one dependency
//! `smartweb_rackbeat`.

use std::collections::BTreeMap;

use smartweb_rackbeat::JobReport;
use smartweb_rackbeat::chrono::NaiveDate;
use smartweb_rackbeat::intake::IntakeConfig;
use smartweb_rackbeat::report::{FailureKind, ItemKind, JobKind, Service, TransportFailure};
use smartweb_rackbeat::rust_decimal::Decimal;
use smartweb_rackbeat::sync_core::context::{MappingContext, VatLookup};
use smartweb_rackbeat::sync_core::settings::{
    LineVat, OrderState, ProductSource, Schedule, VatZoneRule,
};
use smartweb_rackbeat::sync_core::{InvalidSettings, Settings};

#[test]
fn settings_are_built_without_a_struct_literal() {
    let mut rule = VatZoneRule::new("eu", LineVat::Zero);
    rule.countries = vec!["SE".to_owned()];
    rule.b2b = Some(true);
    let mut schedule = Schedule::default();
    schedule.orders_minutes = 2;
    let settings = Settings::builder()
        .layout(1)
        .payment_terms(14)
        .customer_group(1)
        .smartweb_category_id(10)
        .shipping_product_with_vat("FRAGT".to_owned())
        .shipping_product_without_vat("FRAGT0".to_owned())
        .fee_product("GEBYR".to_owned())
        .order_state(OrderState::Booked)
        .product_source(ProductSource::Rackbeat)
        .totals_tolerance(Decimal::new(10, 2))
        .vat_zone_rules(vec![rule])
        .schedule(schedule)
        .build()
        .unwrap();
    assert_eq!(settings.payment_terms, Some(14));
    assert_eq!(settings.schedule.orders_minutes, 2);
    assert_eq!(settings.vat_zone_rules[0].vat_zone, "eu");
    // Fields stay plain to read and to change.
    let mut changed = settings.clone();
    changed.status_writeback.enabled = true;
    assert!(changed.status_writeback.enabled);

    let refused: InvalidSettings = Settings::builder().build().unwrap_err();
    assert!(
        refused.problems.iter().any(|p| p.key() == "layout"),
        "{refused}"
    );

    let vat = VatLookup::default();
    let countries = BTreeMap::new();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let ctx =
        MappingContext::new(&settings, &vat, &countries, today).product_prices_with_vat(false);
    assert!(!ctx.product_prices_with_vat);
    assert_eq!(ctx.today, today);

    let intake = IntakeConfig::default().with_queue_capacity(16);
    assert_eq!(intake.queue_capacity, 16);
}

#[test]
fn a_report_is_read_field_by_field() {
    // What `sync check --json` prints for a Rackbeat nobody listens to.
    let json = r#"{
        "job": "check_settings", "dry_run": false,
        "started_at": "2026-12-03T00:00:00Z", "finished_at": "2026-12-03T00:00:01Z",
        "duration_ms": 1000, "created": [], "updated": [], "skipped": [],
        "failed": [{
            "kind": "setting", "key": "layout",
            "detail": "could not check layout 1: transport error talking to Rackbeat (connect)",
            "failure": {"kind": "transport.refused", "service": "rackbeat",
                        "causes": ["transport error talking to Rackbeat (connect)",
                                   "Connection refused (os error 111)"]}
        }],
        "api_calls": {"smartweb": {"total": 0, "by_operation": {}},
                      "rackbeat": {"total": 1, "by_operation": {"GET /layouts/{n}": 1}}},
        "warnings": [],
        "unreachable": "cannot reach Rackbeat at http://127.0.0.1:9/api/: connection refused (Connection refused (os error 111))"
    }"#;
    let report: JobReport = serde_json::from_str(json).unwrap();
    assert_eq!(report.job, JobKind::CheckSettings);
    assert!(report.has_failures());
    assert_eq!(report.api_calls.rackbeat.total, 1);
    let item = &report.failed[0];
    assert_eq!(item.kind, ItemKind::Setting);
    let failure = item.failure.as_ref().unwrap();
    match &failure.kind {
        FailureKind::Transport(TransportFailure::Refused) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(failure.service, Some(Service::Rackbeat));
    assert_eq!(
        failure.root_cause(),
        Some("Connection refused (os error 111)")
    );
    assert!(
        report
            .unreachable
            .as_deref()
            .unwrap()
            .starts_with("cannot reach Rackbeat")
    );
    assert_eq!(report.unreachable_failure(), Some(failure));

    // A report an embedder makes for work of its own.
    let mut own = JobReport::new(JobKind::ImportOrders, true, report.started_at);
    own.skipped(ItemKind::Order, "1001", "already linked");
    own.finish(report.finished_at);
    assert_eq!(own.duration_ms, 1000);
    assert_eq!(own.skipped[0].detail, "already linked");
}
