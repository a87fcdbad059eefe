//! Test data shared by the benchmarks: realistic SmartWeb orders and products built with the
//! fake's fixtures, and the SOAP responses the service would send for them.
#![allow(dead_code)]

use rust_decimal::Decimal;
use smartweb_client::mock::fixtures::{self, OrderBuilder};
use smartweb_client::model;
use smartweb_client::ops;
use smartweb_client::soap::{self, SoapVersion};

/// A fully inlined order: customer, delivery, payment, currency, five lines, a discount code
/// and comments, as `Order_GetByDateWithPagination` returns it.
pub fn order(id: i64) -> model::Order {
    let mut order = OrderBuilder::new(id)
        .status(1)
        .created("2026-01-01 12:00:00")
        .customer("Karen", "Jensen", &format!("karen{id}@example.invalid"))
        .reference(&format!("REF-{id}"))
        .customer_comment("Stilles ved døren, tak")
        .delivery(1, "GLS Pakkeshop", Decimal::from(49))
        .line(1, "KAFFE-1", "Kaffebønner 1 kg", 2, Decimal::from(100))
        .line(2, "KRUS-2", "Krus, hvid", 4, Decimal::new(4000, 2))
        .line(
            3,
            "FILTER-3",
            "Kaffefilter 100 stk",
            1,
            Decimal::new(2000, 2),
        )
        .line(4, "KANDE/4", "Kaffekande 1,5 l", 1, Decimal::from(200))
        .line(5, "TE-5", "Grøn te, 250 g", 3, Decimal::new(6396, 2))
        .discount_code("VELKOMMEN", Decimal::from(25))
        .build();
    if let Some(p) = order.payment.as_mut() {
        p.price = Some(Decimal::from(10));
    }
    order
}

/// `n` orders with ids from 1.
pub fn orders(n: i64) -> Vec<model::Order> {
    (1..=n).map(order).collect()
}

/// A product with three variants, each at two stock locations, and the product at two stock
/// locations too, as `Product_GetAllWithLimit` returns it.
pub fn product(id: i64) -> model::Product {
    let mut p = fixtures::product(
        id,
        &format!("VARE-{id:05}"),
        "T-shirt, økologisk bomuld",
        Decimal::new(19995, 2),
        12,
    );
    p.stock_locations = (1..=2)
        .map(|location| model::ProductStockLocation {
            stock_location_id: Some(location),
            delivery_time_id: Some(1),
            stock: Some(6),
            buy_price: Some(Decimal::new(5000, 2)),
        })
        .collect();
    p.variants = ["S", "M", "L"]
        .iter()
        .enumerate()
        .map(|(i, size)| {
            let variant_id = id * 10 + i64::try_from(i).unwrap_or(0);
            let mut v = fixtures::variant(
                variant_id,
                id,
                &format!("VARE-{id:05}-{size}"),
                size,
                Decimal::new(19995, 2),
                4,
            );
            v.stock_locations = (1..=2)
                .map(|location| model::ProductVariantStockLocation {
                    stock_location_id: Some(location),
                    delivery_time_id: Some(1),
                    stock: Some(2),
                    buy_price: Some(Decimal::new(5000, 2)),
                })
                .collect();
            v
        })
        .collect();
    p
}

/// `n` products with ids from 1.
pub fn products(n: i64) -> Vec<model::Product> {
    (1..=n).map(product).collect()
}

/// The SOAP 1.1 response of one `Order_GetByDateWithPagination` page holding `orders`.
pub fn orders_response(orders: &[model::Order]) -> String {
    soap::build_response::<ops::OrderGetByDateWithPagination>(&orders.to_vec(), SoapVersion::V11)
}

/// The SOAP 1.1 response of one `Order_GetAllWithPagination` page holding `orders`.
pub fn orders_page_all(orders: &[model::Order]) -> String {
    soap::build_response::<ops::OrderGetAllWithPagination>(&orders.to_vec(), SoapVersion::V11)
}

/// The SOAP 1.1 response of one `Product_GetAllWithLimit` page holding `products`.
pub fn products_response(products: &[model::Product]) -> String {
    soap::build_response::<ops::ProductGetAllWithLimit>(&products.to_vec(), SoapVersion::V11)
}

/// quick-xml's raw tokenizer over `body`, reading every event and keeping nothing: the floor
/// a parse built on it cannot beat. Returns the number of events.
pub fn tokenize(body: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut events = 0_usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return events,
            Ok(_) => events += 1,
            Err(e) => panic!("the page is XML: {e}"),
        }
    }
}

/// The size of the pieces a response is fed in by [`read_in_pieces`]: about what a TCP
/// connection hands over at a time.
pub const PIECE: usize = 16 * 1024;

/// Decodes `body` as the client reads a response: fed to a `soap::ResponseReader` in
/// [`PIECE`]-byte pieces.
pub fn read_in_pieces<O: soap::Operation>(
    body: &[u8],
) -> Result<O::Output, smartweb_client::Error> {
    let mut reader = soap::ResponseReader::<O>::new();
    for piece in body.chunks(PIECE) {
        reader.feed(piece)?;
    }
    reader.finish()
}
