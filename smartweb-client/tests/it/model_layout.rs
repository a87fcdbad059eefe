//! The decoded model's layout: records nested in records are boxed, so a page of orders or
//! products costs its fields, not every record it could hold (the parse memory section of
//! BENCHMARKS.md), and boxing changes nothing on the wire.

use std::mem::size_of;

use rust_decimal_macros::dec;
use smartweb_client::__parser as xml;
use smartweb_client::model::{
    Order, OrderCurrency, OrderCustomer, OrderDelivery, OrderLine, OrderPacking, OrderPayment,
    Product, ProductDeliveryTime, ProductUnit, ProductVariant, User,
};
use smartweb_client::ops;
use smartweb_client::soap::{SoapVersion, build_response, parse_response};

/// Each bound is the type's size when this was written plus less than re-inlining its
/// smallest nested record would add, so the guard trips if any record field is held inline
/// again (or the WSDL grows the type by more than a couple of fields: re-measure then).
/// Before boxing: `Order` 3,128 bytes (1,224 of them an absent `User`), `Product` 3,536,
/// `ProductVariant` 624; a page of 9,726 orders held 24 MB of such inline records, about half
/// the 50 MB response.
#[test]
fn nested_records_cost_a_pointer() {
    // 664 bytes; an inline `OrderPacking` (80 bytes) would make it 736.
    assert!(size_of::<Order>() <= 704, "Order: {}", size_of::<Order>());
    // 1,376 bytes; an inline `ProductUnit` (64 bytes) would make it 1,432.
    assert!(
        size_of::<Product>() <= 1_408,
        "Product: {}",
        size_of::<Product>()
    );
    // 472 bytes; an inline `ProductUnit` would make it 528.
    assert!(
        size_of::<ProductVariant>() <= 504,
        "ProductVariant: {}",
        size_of::<ProductVariant>()
    );
    // Absent costs a pointer: `None` is the null pointer.
    assert_eq!(size_of::<Option<Box<User>>>(), size_of::<usize>());
}

fn user() -> User {
    User {
        id: Some(7),
        username: Some("anna".into()),
        firstname: Some("Anna".into()),
        lastname: Some("Berg".into()),
        email: Some("anna@example.invalid".into()),
        cvr: Some("12345678".into()),
        ..Default::default()
    }
}

/// An order holding every one of its nested records.
fn full_order() -> Order {
    Order {
        id: Some(1042),
        currency_id: Some(1042),
        currency: Some(Box::new(OrderCurrency {
            order_id: Some(1042),
            iso: Some("DKK".into()),
            currency: Some(dec!(1)),
            round: Some(3),
            ..Default::default()
        })),
        customer_id: Some(1042),
        customer: Some(Box::new(OrderCustomer {
            firstname: Some("Anna".into()),
            email: Some("anna@example.invalid".into()),
            b2b: Some(true),
            ..Default::default()
        })),
        user_id: Some(7),
        user: Some(Box::new(user())),
        payment_id: Some(21),
        payment: Some(Box::new(OrderPayment {
            id: Some(21),
            title: Some("Online betaling".into()),
            price: Some(dec!(0)),
            ..Default::default()
        })),
        packing_id: Some(3),
        packing: Some(Box::new(OrderPacking {
            id: Some(3),
            text: Some("Gift wrap".into()),
            ..Default::default()
        })),
        delivery_id: Some(14),
        delivery: Some(Box::new(OrderDelivery {
            id: Some(14),
            title: Some("GLS Pakkeshop".into()),
            price: Some(dec!(39.20)),
            vat: Some(true),
            ..Default::default()
        })),
        total: Some(dec!(199.20)),
        order_lines: vec![OrderLine {
            id: Some(1),
            amount: Some(2),
            price: Some(dec!(80)),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Each nested record of the full order left out in turn, then all of them.
fn orders_missing_each() -> Vec<Order> {
    let full = full_order();
    let mut out: Vec<Order> = [
        Order {
            currency: None,
            ..full.clone()
        },
        Order {
            customer: None,
            ..full.clone()
        },
        Order {
            user: None,
            ..full.clone()
        },
        Order {
            payment: None,
            ..full.clone()
        },
        Order {
            packing: None,
            ..full.clone()
        },
        Order {
            delivery: None,
            ..full.clone()
        },
    ]
    .into();
    out.push(Order {
        currency: None,
        customer: None,
        user: None,
        payment: None,
        packing: None,
        delivery: None,
        ..full
    });
    out
}

#[test]
fn orders_with_and_without_nested_records_round_trip() {
    let mut orders = vec![full_order()];
    orders.extend(orders_missing_each());
    for order in &orders {
        let text = xml::to_string(order, "Order");
        assert_eq!(
            xml::from_str::<Order>(&text).unwrap().as_ref(),
            Some(order),
            "{text}"
        );
    }
    let text = xml::to_string(&full_order(), "Order");
    assert!(
        text.contains("<User><Id>7</Id><Username>anna</Username>"),
        "{text}"
    );
    // The page path reads the same records, record by record.
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let envelope = build_response::<ops::OrderGetAllWithPagination>(&orders, version);
        assert_eq!(
            parse_response::<ops::OrderGetAllWithPagination>(envelope.as_bytes()).unwrap(),
            orders
        );
    }
}

#[test]
fn products_with_nested_records_round_trip() {
    let unit = ProductUnit {
        id: Some(1),
        language_iso: Some("DK".into()),
        title: Some("stk.".into()),
    };
    let delivery_time = ProductDeliveryTime {
        id: Some(2),
        title_in_stock: Some("1-2 dage".into()),
        ..Default::default()
    };
    let product = Product {
        id: Some(17),
        title: Some("Kaffe".into()),
        unit: Some(Box::new(unit.clone())),
        delivery_time: Some(Box::new(delivery_time.clone())),
        producer: Some(Box::new(user())),
        variants: vec![
            ProductVariant {
                id: Some(171),
                unit: Some(Box::new(unit)),
                delivery_time: Some(Box::new(delivery_time)),
                ..Default::default()
            },
            ProductVariant {
                id: Some(172),
                price: Some(dec!(80)),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let bare = Product {
        unit: None,
        delivery_time: None,
        producer: None,
        ..product.clone()
    };
    let page = vec![product, bare];
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let envelope = build_response::<ops::ProductGetAll>(&page, version);
        assert_eq!(
            parse_response::<ops::ProductGetAll>(envelope.as_bytes()).unwrap(),
            page
        );
    }
}
