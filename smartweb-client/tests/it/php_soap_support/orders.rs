//! Orders: paged reads by created and updated date, by id and number, and the write-backs
//! (status, tracking code, comment).

use futures::TryStreamExt;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use smartweb_client::Error;
use smartweb_client::api::fields;
use smartweb_client::model::{
    Order, OrderCurrency, OrderCustomer, OrderDelivery, OrderDiscountCode, OrderLine,
    OrderLineAddress, OrderPayment, OrderTransaction,
};
use smartweb_client::values::OrderStatus;

use super::log::{arg, call, int, text};
use super::{Run, at, empty, ok, s};

const ZERO_DATE: &str = "0000-00-00 00:00:00";

fn currency(order_id: i64) -> OrderCurrency {
    OrderCurrency {
        order_id: Some(order_id),
        id: Some(1),
        iso: s("DKK"),
        symbol: s("kr."),
        symbol_place: s("right"),
        currency: Some(dec!(1)),
        decimal: s(","),
        point: s("."),
        round: Some(0),
    }
}

/// Anna Holm, the B2B customer of orders 1042 and 1044 (delivery to Peter in Silkeborg).
fn anna(order_id: i64) -> OrderCustomer {
    OrderCustomer {
        id: Some(14),
        order_id: Some(order_id),
        firstname: s("Anna"),
        lastname: s("Holm"),
        company: s("Holm Design ApS"),
        b2b: Some(true),
        cvr: s("12345678"),
        ean: empty(),
        address: s("Nørregade 4"),
        address2: empty(),
        zip: s("1165"),
        city: s("København K"),
        country: s("Denmark"),
        country_code: s("1"),
        state: empty(),
        phone: s("+45 20 30 40 50"),
        mobile: empty(),
        email: s("anna@holmdesign.example"),
        shipping_firstname: s("Peter"),
        shipping_lastname: s("Holm"),
        shipping_company: empty(),
        shipping_address: s("Skovvej 2"),
        shipping_address2: empty(),
        shipping_zip: s("8600"),
        shipping_city: s("Silkeborg"),
        shipping_country: s("Denmark"),
        shipping_country_code: s("1"),
        shipping_state: empty(),
        shipping_phone: empty(),
        shipping_mobile: empty(),
        shipping_email: empty(),
    }
}

fn gls(id: i64, order_id: i64, droppoint: Option<i64>) -> OrderDelivery {
    OrderDelivery {
        id: Some(id),
        order_id: Some(order_id),
        delivery_method_id: Some(1),
        vat: Some(true),
        title: s("GLS Pakkeshop"),
        price: Some(dec!(39.2)),
        buy_price: Some(dec!(25)),
        service_type: s("gls"),
        droppoint_id: droppoint,
        droppoint_id_long: droppoint.map(|d| d.to_string()),
    }
}

fn payment(id: i64, order_id: i64) -> OrderPayment {
    OrderPayment {
        id: Some(id),
        order_id: Some(order_id),
        payment_method_id: Some(1),
        title: s("Online betaling"),
        price: Some(dec!(0)),
        vat: Some(false),
        external_id: Some(format!("qp-{}", 880_000 + order_id)),
    }
}

struct Line<'a> {
    id: i64,
    order_id: i64,
    product_id: i64,
    variant_id: i64,
    amount: i64,
    title: &'a str,
    variant_title: &'a str,
    item_number: &'a str,
    supplier: Option<&'a str>,
    price: Decimal,
    buy_price: Decimal,
    weight: Decimal,
}

fn line(l: Line<'_>) -> OrderLine {
    OrderLine {
        id: Some(l.id),
        order_id: Some(l.order_id),
        product_id: Some(l.product_id),
        variant_id: Some(l.variant_id),
        file_download_id: Some(0),
        amount: Some(l.amount),
        packet_lines: vec![],
        packet_title: empty(),
        packet_id: Some(0),
        product_title: s(l.title),
        variant_title: s(l.variant_title),
        additional_title: empty(),
        item_number: s(l.item_number),
        item_number_supplier: l.supplier.map(str::to_owned),
        discount: Some(dec!(0)),
        discount_rounded: Some(dec!(0)),
        price: Some(l.price),
        price_rounded: Some(l.price),
        service_type: empty(),
        buy_price: Some(l.buy_price),
        stock_status: s("instock"),
        status: Some(0),
        tracking_code: empty(),
        weight: Some(l.weight),
        line_addresses: vec![],
        offline_product: Some(false),
        vat_rate: Some(dec!(25)),
        stock_location_id: Some(1),
        delivery_id: Some(0),
        unit: s("stk."),
        extended_data_internal: empty(),
        extended_data_external: empty(),
    }
}

fn order_1042() -> Order {
    let mut seed_bag = line(Line {
        id: 5002,
        order_id: 1042,
        product_id: 502,
        variant_id: 0,
        amount: 1,
        title: "Frøpose (økologisk)",
        variant_title: "",
        item_number: "SKU-200",
        supplier: Some(""),
        price: dec!(67.6),
        buy_price: dec!(12.5),
        weight: dec!(0.00005),
    });
    seed_bag.line_addresses = vec![OrderLineAddress {
        id: Some(1),
        line_id: Some(5002),
        amount: Some(1),
        firstname: s("Peter"),
        lastname: s("Holm"),
        company: empty(),
        address: s("Skovvej 2"),
        zip: s("8600"),
        city: s("Silkeborg"),
        country_iso: s("DK"),
        comment: empty(),
        delivery_date: s("2026-11-06"),
        delivery_time: s("08-12"),
    }];
    Order {
        id: Some(1042),
        invoice_number: None,
        currency_id: Some(4),
        currency: Some(Box::new(currency(1042))),
        customer_id: Some(14),
        customer: Some(Box::new(anna(1042))),
        user_id: Some(7),
        site: Some(1),
        language_iso: s("DK"),
        status: s("3"),
        payment_id: Some(1),
        payment: Some(Box::new(payment(21, 1042))),
        transactions: vec![OrderTransaction {
            id: Some(31),
            order_id: Some(1042),
            payment_id: Some(21),
            status: Some(1),
            transaction_number: Some(889_911),
            transaction_number_long: s("889911"),
            subscription_id: Some(0),
            subscription_id_long: empty(),
            cardtype: s("dankort"),
            amount: Some(33_340),
            amount_full: Some(dec!(333.4)),
            amount_original: Some(dec!(333.4)),
            currency: s("1"),
            errorcode: Some(0),
            actioncode: Some(0),
            date: s("2026-11-03 10:15:42"),
        }],
        vat: Some(dec!(56.88)),
        total: Some(dec!(227.52)),
        order_comment: s("Kunden ringer før levering"),
        customer_comment: empty(),
        delivery_time: empty(),
        tracking_code: s("GLS-00012345"),
        date_delivered: s("2026-11-03 10:15:00"),
        date_due: s(ZERO_DATE),
        date_sent: s("2026-11-04 14:02:00"),
        date_updated: s("2026-11-04 14:02:00"),
        order_lines: vec![
            line(Line {
                id: 5001,
                order_id: 1042,
                product_id: 501,
                variant_id: 601,
                amount: 2,
                title: "Kaffekop",
                variant_title: "Rød",
                item_number: "SKU-100-RED",
                supplier: Some("SUP-100R"),
                price: dec!(79.96),
                buy_price: dec!(31.2),
                weight: dec!(0.35),
            }),
            seed_bag,
        ],
        packing_id: Some(0),
        delivery_id: Some(1),
        delivery: Some(Box::new(gls(14, 1042, Some(95123)))),
        discount_codes: vec![OrderDiscountCode {
            id: Some(3),
            order_id: Some(1042),
            discount_id: Some(9),
            title: s("VELKOMMEN10"),
            r#type: s("percent"),
            value: Some(dec!(10)),
            discount: Some(dec!(25.28)),
            vat: Some(true),
            is_new_gift_card: Some(false),
        }],
        reference_number: s("PO-2026-118"),
        origin: empty(),
        ..Default::default()
    }
}

fn order_1043() -> Order {
    Order {
        id: Some(1043),
        currency_id: Some(5),
        currency: Some(Box::new(currency(1043))),
        customer_id: Some(15),
        customer: Some(Box::new(OrderCustomer {
            id: Some(15),
            order_id: Some(1043),
            firstname: s("Jonas"),
            lastname: s("Berg"),
            company: empty(),
            b2b: Some(false),
            cvr: empty(),
            ean: empty(),
            address: s("Åboulevarden 30, 3. th."),
            address2: empty(),
            zip: s("8000"),
            city: s("Aarhus C"),
            country: s("Denmark"),
            country_code: s("1"),
            state: empty(),
            phone: empty(),
            mobile: empty(),
            email: s("jonas@berg.example"),
            shipping_firstname: empty(),
            shipping_lastname: empty(),
            shipping_company: empty(),
            shipping_address: empty(),
            shipping_address2: empty(),
            shipping_zip: empty(),
            shipping_city: empty(),
            shipping_country: empty(),
            shipping_country_code: empty(),
            shipping_state: empty(),
            shipping_phone: empty(),
            shipping_mobile: empty(),
            shipping_email: empty(),
        })),
        user_id: Some(0),
        site: Some(1),
        language_iso: s("DK"),
        status: s("1"),
        payment_id: Some(1),
        payment: Some(Box::new(payment(22, 1043))),
        vat: Some(dec!(16.9)),
        total: Some(dec!(67.6)),
        tracking_code: empty(),
        date_delivered: s("2026-11-10 09:00:00"),
        date_due: s(ZERO_DATE),
        date_sent: s(ZERO_DATE),
        date_updated: s(ZERO_DATE),
        order_lines: vec![line(Line {
            id: 5003,
            order_id: 1043,
            product_id: 501,
            variant_id: 602,
            amount: 1,
            title: "Kaffekop",
            variant_title: "Blå",
            item_number: "SKU-100-BLUE",
            supplier: None,
            price: dec!(67.6),
            buy_price: dec!(31.2),
            weight: dec!(0.35),
        })],
        delivery_id: Some(1),
        delivery: Some(Box::new(gls(15, 1043, None))),
        reference_number: empty(),
        origin: empty(),
        ..Default::default()
    }
}

/// The credit note of 1042: status 99, `Origin` 1042, negative total.
fn order_1044() -> Order {
    Order {
        id: Some(1044),
        currency_id: Some(6),
        currency: Some(Box::new(currency(1044))),
        customer_id: Some(16),
        customer: Some(Box::new(anna(1044))),
        user_id: Some(7),
        site: Some(1),
        language_iso: s("DK"),
        status: s("99"),
        vat: Some(dec!(-37.5)),
        total: Some(dec!(-150)),
        date_delivered: s("2026-11-12 16:30:00"),
        date_sent: s(ZERO_DATE),
        date_updated: s("2026-11-12 16:31:05"),
        order_lines: vec![line(Line {
            id: 5004,
            order_id: 1044,
            product_id: 501,
            variant_id: 601,
            amount: 1,
            title: "Kaffekop",
            variant_title: "Rød",
            item_number: "SKU-100-RED",
            supplier: None,
            price: dec!(-150),
            buy_price: dec!(0),
            weight: dec!(0),
        })],
        reference_number: s("PO-2026-118"),
        origin: s("1042"),
        ..Default::default()
    }
}

fn page(
    op: &str,
    start: &str,
    end: &str,
    status: &str,
    page: i64,
    size: i64,
) -> (String, Vec<super::log::Arg>) {
    call(
        op,
        vec![
            arg("Start", text(start)),
            arg("End", text(end)),
            arg("Status", text(status)),
            arg("Page", int(page)),
            arg("PageSize", int(size)),
        ],
    )
}

pub async fn run(run: &mut Run<'_>) {
    const NOV_1: &str = "2026-11-01 00:00:00";
    const NOV_30: &str = "2026-11-30 23:59:59";
    const BY_DATE: &str = "Order_GetByDateWithPagination";
    const BY_UPDATED: &str = "Order_GetByDateUpdatedWithPagination";

    let all: Result<Vec<Order>, Error> = run
        .client
        .orders()
        .page_size(2)
        .by_created(at(NOV_1), at(NOV_30), &[])
        .try_collect()
        .await;
    run.arrived(
        "orders created in November, two a page",
        vec![
            call("Order_SetFields", vec![arg("Fields", text(fields::ORDER))]),
            call(
                "Order_SetOrderLineFields",
                vec![arg("Fields", text(fields::ORDER_LINE))],
            ),
            page(BY_DATE, NOV_1, NOV_30, "", 1, 2),
            page(BY_DATE, NOV_1, NOV_30, "", 2, 2),
            page(BY_DATE, NOV_1, NOV_30, "", 3, 2),
        ],
    );
    let all = ok(all).unwrap_or_default();
    let ids: Vec<Option<i64>> = all.iter().map(|o| o.id).collect();
    run.eq(
        "orders created in November",
        &ids,
        &vec![Some(1042), Some(1043), Some(1044)],
    );
    for (got, want) in all.iter().zip([order_1042(), order_1043(), order_1044()]) {
        run.eq(format!("order {:?}", want.id), got, &want);
    }

    let sent_or_draft: Result<Vec<Order>, Error> = run
        .client
        .orders()
        .by_created(
            at(NOV_1),
            at(NOV_30),
            &[OrderStatus::Sent, OrderStatus::Draft],
        )
        .try_collect()
        .await;
    run.arrived(
        "orders sent or draft",
        vec![
            page(BY_DATE, NOV_1, NOV_30, "3,99", 1, 100),
            page(BY_DATE, NOV_1, NOV_30, "3,99", 2, 100),
        ],
    );
    run.eq(
        "orders sent or draft",
        &ok(sent_or_draft),
        &Ok(vec![order_1042(), order_1044()]),
    );

    let updated: Result<Vec<Order>, Error> = run
        .client
        .orders()
        .by_updated(at("2026-11-04 00:00:00"), at(NOV_30), &[])
        .try_collect()
        .await;
    run.arrived(
        "orders updated since 4 November",
        vec![
            page(BY_UPDATED, "2026-11-04 00:00:00", NOV_30, "", 1, 100),
            page(BY_UPDATED, "2026-11-04 00:00:00", NOV_30, "", 2, 100),
        ],
    );
    run.eq(
        "orders updated since 4 November (1043 never was)",
        &ok(updated),
        &Ok(vec![order_1042(), order_1044()]),
    );

    let by_id = run.client.orders().by_id(1043).await;
    run.arrived(
        "order 1043",
        vec![call("Order_GetById", vec![arg("OrderId", int(1043))])],
    );
    run.eq("order 1043 by id", &ok(by_id), &Ok(Some(order_1043())));

    let missing = run.client.orders().by_id(999).await;
    run.arrived(
        "order 999",
        vec![call("Order_GetById", vec![arg("OrderId", int(999))])],
    );
    run.eq(
        "order 999 (an empty Result element)",
        &ok(missing),
        &Ok(None),
    );

    let by_number = run.client.orders().by_number(1044).await;
    run.arrived(
        "order number 1044",
        vec![call(
            "Order_GetByNumber",
            vec![arg("Start", int(1044)), arg("End", int(1044))],
        )],
    );
    run.eq("order number 1044", &ok(by_number), &Ok(Some(order_1044())));

    let sent = run
        .client
        .orders()
        .update_status(1042, OrderStatus::Sent, false)
        .await;
    run.arrived(
        "status of 1042 to sent",
        vec![call(
            "Order_UpdateStatus",
            vec![arg("OrderId", int(1042)), arg("Status", int(3))],
        )],
    );
    run.eq("status of 1042 to sent", &ok(sent), &Ok(()));

    let refused = run
        .client
        .orders()
        .update_status(1043, OrderStatus::Received, false)
        .await;
    run.arrived("status 1 without consent", vec![]);
    run.that(
        "status 1 without consent is refused locally",
        matches!(
            refused,
            Err(Error::ReceivedStatusRefused { order_id: 1043 })
        ),
        || format!("{refused:?}"),
    );
    let received = run
        .client
        .orders()
        .update_status(1043, OrderStatus::Received, true)
        .await;
    run.arrived(
        "status 1 with consent",
        vec![call(
            "Order_UpdateStatus",
            vec![arg("OrderId", int(1043)), arg("Status", int(1))],
        )],
    );
    run.eq("status 1 with consent", &ok(received), &Ok(()));

    let tracking = run
        .client
        .orders()
        .update_tracking_code(1043, "GLS-00067890")
        .await;
    run.arrived(
        "tracking code of 1043",
        vec![call(
            "Order_UpdateTrackingCode",
            vec![
                arg("OrderId", int(1043)),
                arg("TrackingCode", text("GLS-00067890")),
            ],
        )],
    );
    run.eq("tracking code of 1043", &ok(tracking), &Ok(()));

    let comment = "Ring på <døren> & vent";
    let commented = run.client.orders().update_comment(1043, comment).await;
    run.arrived(
        "comment of 1043 (escaped on the wire, exact in PHP)",
        vec![call(
            "Order_UpdateComment",
            vec![arg("OrderId", int(1043)), arg("Text", text(comment))],
        )],
    );
    run.eq("comment of 1043", &ok(commented), &Ok(()));

    let unknown = run
        .client
        .orders()
        .update_status(999, OrderStatus::Sent, false)
        .await;
    run.arrived(
        "status of an unknown order",
        vec![call(
            "Order_UpdateStatus",
            vec![arg("OrderId", int(999)), arg("Status", int(3))],
        )],
    );
    run.that(
        "PHP's PARAM fault is Error::Param",
        matches!(&unknown, Err(Error::Param { message }) if message == "No such id: 999 for OrderId"),
        || format!("{unknown:?}"),
    );
}
