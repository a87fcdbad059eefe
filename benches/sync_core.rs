//! sync-core throughput: mapping SmartWeb orders to Rackbeat order plans (orders/s) and
//! planning stock for 100,000 items (items/s). Results and machine: BENCHMARKS.md.
//!
//! `cargo bench --bench sync_core`

mod support;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use smartweb_client::mock::fixtures;
use sync_core::context::MappingContext;
use sync_core::convert;
use sync_core::order::{OrderPlan, map_order};
use sync_core::settings::Settings;
use sync_core::stock::{RbStockView, StockTarget, SwStockView, plan_stock};

const ORDERS: i64 = 1_000;
const STOCK_ITEMS: u64 = 100_000;

fn settings() -> Settings {
    Settings {
        layout: Some(1),
        payment_terms: Some(1),
        customer_group: Some(1),
        employee: Some(1),
        smartweb_category_id: Some(1),
        shipping_product_with_vat: Some("FRAGT".into()),
        shipping_product_without_vat: Some("FRAGT0".into()),
        fee_product: Some("GEBYR".into()),
        credit_note_product: Some("KREDIT".into()),
        discount_product: Some("RABAT".into()),
        ..Settings::default()
    }
}

fn map_orders(c: &mut Criterion) {
    let settings = settings();
    let products: Vec<_> = ["KAFFE-1", "KRUS-2", "FILTER-3", "KANDE/4", "TE-5"]
        .iter()
        .zip(1..)
        .map(|(item, id)| fixtures::product(id, item, item, Decimal::from(100), 10))
        .collect();
    let vat = convert::smartweb::vat_lookup(&products, &fixtures::vat_groups());
    let countries = convert::smartweb::delivery_countries(&[fixtures::delivery_country_dk()]);
    let ctx = MappingContext {
        settings: &settings,
        vat: &vat,
        countries: &countries,
        product_prices_with_vat: true,
        today: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap_or_default(),
    };
    let orders: Vec<_> = support::orders(ORDERS)
        .iter()
        .map(convert::smartweb::shop_order)
        .collect();
    let transfers = orders
        .iter()
        .filter(|o| matches!(map_order(o, &ctx), Ok(OrderPlan::Transfer(_))))
        .count();
    assert_eq!(transfers, 1_000, "every order must map to a transfer");

    let mut group = c.benchmark_group("map_order");
    group.throughput(Throughput::Elements(ORDERS as u64));
    group.bench_function("1000_orders", |b| {
        b.iter(|| {
            for order in &orders {
                let _ = black_box(map_order(black_box(order), &ctx));
            }
        });
    });
    group.finish();
}

fn plan_stock_100k(c: &mut Criterion) {
    let settings = settings();
    let item = |i: u64| format!("ITEM-{i:06}");
    // 1 % of the items differ.
    let rackbeat: Vec<RbStockView> = (1..=STOCK_ITEMS)
        .map(|i| RbStockView {
            item_number: item(i),
            available_total: Some(Decimal::from(if i % 100 == 0 { 11 } else { 10 })),
            ..RbStockView::default()
        })
        .collect();
    let smartweb: Vec<SwStockView> = (1..=STOCK_ITEMS)
        .map(|i| SwStockView {
            item_number: item(i),
            target: StockTarget::Product { product_id: i },
            current: Some(10),
        })
        .collect();
    let plan = plan_stock(&rackbeat, &smartweb, &settings);
    assert_eq!(plan.writes.len(), 1_000, "1 % of the items change");

    let mut group = c.benchmark_group("plan_stock");
    group.throughput(Throughput::Elements(STOCK_ITEMS));
    group.bench_function("100000_items", |b| {
        b.iter(|| plan_stock(black_box(&rackbeat), black_box(&smartweb), &settings));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = map_orders, plan_stock_100k
}
criterion_main!(benches);
