//! SOAP throughput: parsing an orders page of 1,000 fully inlined orders and a products page
//! of 2,500 products with variants and stock locations, each beside quick-xml's raw tokenizer
//! reading the same bytes (the floor the client's parse is built on), the orders page also
//! fed in pieces to a `ResponseReader` (how the client reads it), and building request
//! envelopes. Results and machine: BENCHMARKS.md.
//!
//! `cargo bench --bench soap`

mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use smartweb_client::model;
use smartweb_client::ops;
use smartweb_client::soap::{self, NilForm, SoapVersion};

const ORDERS: i64 = 1_000;
const PRODUCTS: i64 = 2_500;

fn parse_orders(c: &mut Criterion) {
    let body = support::orders_response(&support::orders(ORDERS));
    let bytes = body.as_bytes();
    let check =
        soap::parse_response::<ops::OrderGetByDateWithPagination>(bytes).map(|orders| orders.len());
    assert_eq!(check.ok(), Some(1_000), "the page must parse");
    println!(
        "orders page: {ORDERS} orders, {} bytes, {} tokenizer events",
        bytes.len(),
        support::tokenize(bytes)
    );

    let mut group = c.benchmark_group("orders_page_1000");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_response", |b| {
        b.iter(|| soap::parse_response::<ops::OrderGetByDateWithPagination>(black_box(bytes)));
    });
    // As the client reads a response: 16 KiB pieces as they arrive.
    group.bench_function("response_reader_16k_pieces", |b| {
        b.iter(|| support::read_in_pieces::<ops::OrderGetByDateWithPagination>(black_box(bytes)));
    });
    group.bench_function("quick_xml_tokenizer", |b| {
        b.iter(|| support::tokenize(black_box(bytes)));
    });
    group.finish();
}

fn parse_products(c: &mut Criterion) {
    let body = support::products_response(&support::products(PRODUCTS));
    let bytes = body.as_bytes();
    let check =
        soap::parse_response::<ops::ProductGetAllWithLimit>(bytes).map(|products| products.len());
    assert_eq!(check.ok(), Some(2_500), "the page must parse");
    println!(
        "products page: {PRODUCTS} products, {} bytes, {} tokenizer events",
        bytes.len(),
        support::tokenize(bytes)
    );

    let mut group = c.benchmark_group("products_page_2500");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_response", |b| {
        b.iter(|| soap::parse_response::<ops::ProductGetAllWithLimit>(black_box(bytes)));
    });
    group.bench_function("quick_xml_tokenizer", |b| {
        b.iter(|| support::tokenize(black_box(bytes)));
    });
    group.finish();
}

fn build_requests(c: &mut Criterion) {
    let page = ops::OrderGetByDateWithPagination {
        start: "2026-01-01 00:00:00".into(),
        end: "2026-01-31 23:59:59".into(),
        status: Some("1,2".into()),
        page: 3,
        page_size: 100,
    };
    let stock = ops::ProductUpdate {
        product_data: model::ProductUpdate {
            id: Some(42),
            stock: Some(17),
            ..Default::default()
        },
    };
    let mut group = c.benchmark_group("build_request");
    group.throughput(Throughput::Elements(1));
    group.bench_function("Order_GetByDateWithPagination", |b| {
        b.iter(|| soap::build_request(black_box(&page), SoapVersion::V11, NilForm::Empty));
    });
    group.bench_function("Product_Update_stock", |b| {
        b.iter(|| soap::build_request(black_box(&stock), SoapVersion::V11, NilForm::Empty));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = parse_orders, parse_products, build_requests
}
criterion_main!(benches);
