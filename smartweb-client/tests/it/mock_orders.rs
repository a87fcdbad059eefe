//! MockSmartWeb orders: paging, windows, arity and binding quirks, writes, `Order_Create`
//! (net prices, `lineErrors`), and fault injection.
#![cfg(feature = "mock")]

use crate::mock_support as support;

use std::time::Duration;

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use smartweb_client::mock::{Fault, MockSmartWeb, fixtures};
use smartweb_client::soap::SoapVersion;
use smartweb_client::{Error, model, ops};
use support::{call, connect, envelope, post, set_fields};

fn paged(page: i64, page_size: i64) -> ops::OrderGetByDateWithPagination {
    ops::OrderGetByDateWithPagination {
        start: "2026-01-01 00:00:00".into(),
        end: "2026-12-31 23:59:59".into(),
        status: None,
        page,
        page_size,
    }
}

async fn shop_with_orders() -> (MockSmartWeb, String) {
    let shop = MockSmartWeb::start().await;
    shop.seed_orders([
        fixtures::OrderBuilder::new(1)
            .status(1)
            .created("2026-02-01 10:00:00")
            .build(),
        fixtures::OrderBuilder::new(2)
            .status(3)
            .created("2026-03-01 10:00:00")
            .build(),
        fixtures::OrderBuilder::new(3)
            .status(1)
            .created("2026-04-01 10:00:00")
            .build(),
        fixtures::OrderBuilder::new(4)
            .status(5)
            .created("2025-12-31 23:59:59")
            .build(),
    ]);
    let cookie = connect(&shop, SoapVersion::V11).await;
    (shop, cookie)
}

fn ids(orders: &[model::Order]) -> Vec<i64> {
    orders.iter().filter_map(|o| o.id).collect()
}

#[tokio::test]
async fn pages_start_at_one_and_end_with_an_empty_result() {
    let (shop, cookie) = shop_with_orders().await;
    let p1 = call(&shop, &paged(1, 2), SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(
        ids(&p1.parse::<ops::OrderGetByDateWithPagination>().unwrap()),
        [1, 2]
    );
    let p2 = call(&shop, &paged(2, 2), SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(
        ids(&p2.parse::<ops::OrderGetByDateWithPagination>().unwrap()),
        [3]
    );
    let p3 = call(&shop, &paged(3, 2), SoapVersion::V12, Some(&cookie)).await;
    assert_eq!(p3.status, 200);
    assert!(p3.body.contains("<ns1:Order_GetByDateWithPaginationResponse><Order_GetByDateWithPaginationResult/></ns1:Order_GetByDateWithPaginationResponse>"), "{}", p3.body);
    assert!(
        p3.parse::<ops::OrderGetByDateWithPagination>()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn page_zero_is_a_param_fault() {
    let (shop, cookie) = shop_with_orders().await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let answer = call(&shop, &paged(0, 2), version, Some(&cookie)).await;
        assert_eq!(answer.status, 500);
        let err = answer
            .parse::<ops::OrderGetByDateWithPagination>()
            .unwrap_err();
        assert!(
            matches!(err, Error::Param { ref message } if message == "Page must be greater than 0"),
            "{err:?}"
        );
        let all = call(
            &shop,
            &ops::OrderGetAllWithPagination {
                page: 0,
                page_size: 5,
            },
            version,
            Some(&cookie),
        )
        .await;
        assert!(matches!(
            all.parse::<ops::OrderGetAllWithPagination>(),
            Err(Error::Param { .. })
        ));
    }
}

#[tokio::test]
async fn leaving_out_status_is_the_php_arity_fault() {
    let (shop, cookie) = shop_with_orders().await;
    let args = "<Start>2026-01-01 00:00:00</Start><End>2026-12-31 23:59:59</End><Page>1</Page><PageSize>10</PageSize>";
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let op = "Order_GetByDateWithPagination";
        let answer = post(
            &shop.endpoint(),
            envelope(op, args, version),
            version,
            op,
            Some(&cookie),
        )
        .await;
        assert_eq!(answer.status, 500);
        let err = answer
            .parse::<ops::OrderGetByDateWithPagination>()
            .unwrap_err();
        let Error::Other { code, message } = err else {
            panic!("{err:?}")
        };
        assert_eq!(
            message,
            "Too few arguments to function WebService::Order_GetByDateWithPagination(), 4 passed in /code/smartweb/latest/api/service.php on line 108 and exactly 5 expected"
        );
        // PHP answers engine errors as Receiver (1.2) / Server (1.1).
        assert_eq!(
            code,
            if version == SoapVersion::V12 {
                "Receiver"
            } else {
                "Server"
            }
        );
    }
    // The recorded case: wrong argument names are dropped, so nothing binds.
    let op = "Order_GetAllWithPagination";
    let answer = post(
        &shop.endpoint(),
        envelope(op, "<Start>0</Start><Length>10</Length>", SoapVersion::V12),
        SoapVersion::V12,
        op,
        Some(&cookie),
    )
    .await;
    assert!(answer.body.contains("Too few arguments to function WebService::Order_GetAllWithPagination(), 0 passed in /code/smartweb/latest/api/service.php on line 108 and exactly 2 expected"), "{}", answer.body);
    // Plain Order_GetByDate works without Status (PROBE R16).
    let op = "Order_GetByDate";
    let answer = post(
        &shop.endpoint(),
        envelope(
            op,
            "<Start>2026-01-01</Start><End>2026-12-31</End>",
            SoapVersion::V11,
        ),
        SoapVersion::V11,
        op,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&answer.parse::<ops::OrderGetByDate>().unwrap()),
        [1, 2, 3]
    );
}

#[tokio::test]
async fn empty_and_nil_status_both_mean_all_and_unknown_names_are_ignored() {
    let (shop, cookie) = shop_with_orders().await;
    let op = "Order_GetByDateWithPagination";
    for status in [
        "<Status/>",
        "<Status xsi:nil=\"true\"/>",
        "<Status></Status>",
    ] {
        let args = format!(
            "<Start>2026-01-01 00:00:00</Start><End>2026-12-31 23:59:59</End>{status}<Page>1</Page><PageSize>10</PageSize><Bogus>1</Bogus>"
        );
        let answer = post(
            &shop.endpoint(),
            envelope(op, &args, SoapVersion::V11),
            SoapVersion::V11,
            op,
            Some(&cookie),
        )
        .await;
        assert_eq!(
            ids(&answer.parse::<ops::OrderGetByDateWithPagination>().unwrap()),
            [1, 2, 3],
            "{status}"
        );
    }
    let filtered = ops::OrderGetByDateWithPagination {
        status: Some("1, 5".into()),
        ..paged(1, 10)
    };
    let answer = call(&shop, &filtered, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(
        ids(&answer.parse::<ops::OrderGetByDateWithPagination>().unwrap()),
        [1, 3]
    );
}

#[tokio::test]
async fn windows_are_inclusive_on_created_and_updated() {
    let (shop, cookie) = shop_with_orders().await;
    let created = ops::OrderGetByDate {
        start: Some("2026-02-01 10:00:00".into()),
        end: Some("2026-03-01 10:00:00".into()),
        status: None,
    };
    let answer = call(&shop, &created, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(ids(&answer.parse::<ops::OrderGetByDate>().unwrap()), [1, 2]);
    let updated = ops::OrderGetByDateUpdatedWithPagination {
        start: "2026-05-01 00:00:00".into(),
        end: "2026-05-31 23:59:59".into(),
        status: Some(String::new()),
        page: 1,
        page_size: 10,
    };
    let none = call(&shop, &updated, SoapVersion::V11, Some(&cookie)).await;
    assert!(
        none.parse::<ops::OrderGetByDateUpdatedWithPagination>()
            .unwrap()
            .is_empty(),
        "zero dates are never inside"
    );
    let when = NaiveDate::from_ymd_opt(2026, 5, 2)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    assert!(shop.set_order_updated(2, when));
    assert!(!shop.set_order_updated(99, when));
    let one = call(&shop, &updated, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(
        ids(&one
            .parse::<ops::OrderGetByDateUpdatedWithPagination>()
            .unwrap()),
        [2]
    );
    let bad = ops::OrderGetByDate {
        start: Some("yesterday".into()),
        end: None,
        status: None,
    };
    let answer = call(&shop, &bad, SoapVersion::V11, Some(&cookie)).await;
    assert!(matches!(
        answer.parse::<ops::OrderGetByDate>(),
        Err(Error::Param { .. })
    ));
}

#[tokio::test]
async fn numbers_are_ids_and_statuses_are_listed() {
    let (shop, cookie) = shop_with_orders().await;
    let answer = call(
        &shop,
        &ops::OrderGetByNumber {
            start: Some(2),
            end: Some(3),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(
        ids(&answer.parse::<ops::OrderGetByNumber>().unwrap()),
        [2, 3]
    );
    let codes = call(
        &shop,
        &ops::OrderStatusCodeGetAll {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::OrderStatusCodeGetAll>()
    .unwrap();
    let code_ids: Vec<i64> = codes.iter().filter_map(|c| c.id).collect();
    assert_eq!(code_ids, [0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 100]);
}

#[tokio::test]
async fn status_tracking_and_comment_writes_stamp_date_updated() {
    let (shop, cookie) = shop_with_orders().await;
    let now = NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    shop.set_now(Some(now));
    let answer = call(
        &shop,
        &ops::OrderUpdateStatus {
            order_id: 1,
            status: 3,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(answer.parse::<ops::OrderUpdateStatus>().unwrap());
    let answer = call(
        &shop,
        &ops::OrderUpdateTrackingCode {
            order_id: 1,
            tracking_code: "GLS123".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(answer.parse::<ops::OrderUpdateTrackingCode>().unwrap());
    let answer = call(
        &shop,
        &ops::OrderUpdateComment {
            order_id: 1,
            text: "picked".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(answer.parse::<ops::OrderUpdateComment>().unwrap());
    let order = shop.order(1).unwrap();
    assert_eq!(order.status.as_deref(), Some("3"));
    assert_eq!(order.tracking_code.as_deref(), Some("GLS123"));
    assert_eq!(order.order_comment.as_deref(), Some("picked"));
    assert_eq!(order.date_updated.as_deref(), Some("2026-06-01 09:30:00"));
    let missing = call(
        &shop,
        &ops::OrderUpdateStatus {
            order_id: 77,
            status: 3,
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(matches!(
        missing.parse::<ops::OrderUpdateStatus>(),
        Err(Error::Param { .. })
    ));
}

fn order_create(lines: Vec<model::OrderLineCreate>) -> ops::OrderCreate {
    ops::OrderCreate {
        order_data: model::OrderCreate {
            currency_id: Some(1),
            payment_id: Some(1),
            delivery_id: Some(1),
            reference_number: Some("REF-1".into()),
            order_lines: lines,
            order_customer: Some(Box::new(model::OrderCustomerCreate {
                firstname: Some("Ann".into()),
                lastname: Some("Berg".into()),
                email: Some("ann@example.invalid".into()),
                country_code: Some("1".into()),
                ..Default::default()
            })),
            ..Default::default()
        },
    }
}

fn line(product_id: i64, amount: i64) -> model::OrderLineCreate {
    model::OrderLineCreate {
        product_id: Some(product_id),
        amount: Some(amount),
        ..Default::default()
    }
}

#[tokio::test]
async fn order_create_prices_lines_net_and_totals_net() {
    let shop = MockSmartWeb::start().await;
    shop.seed_product(fixtures::product(
        17,
        "PROBE-VS-25",
        "Server priced",
        dec!(100),
        5,
    ));
    let cookie = connect(&shop, SoapVersion::V11).await;
    let sent_price = model::OrderLineCreate {
        price: Some(dec!(40)),
        ..line(17, 1)
    };
    let answer = call(
        &shop,
        &order_create(vec![line(17, 2), sent_price]),
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    let id = answer.parse::<ops::OrderCreate>().unwrap();
    let order = shop.order(id).unwrap();
    assert_eq!(order.status.as_deref(), Some("0"));
    assert_eq!(
        order.order_lines[0].price,
        Some(dec!(80)),
        "100 gross at 25 % is 80 net"
    );
    assert_eq!(
        order.order_lines[1].price,
        Some(dec!(40)),
        "a sent price is stored as net"
    );
    assert_eq!(order.total, Some(dec!(200)));
    assert_eq!(order.vat, Some(dec!(0)));
    assert_eq!(order.date_updated.as_deref(), Some("0000-00-00 00:00:00"));
    assert_eq!(
        order.customer.as_ref().and_then(|c| c.email.as_deref()),
        Some("ann@example.invalid")
    );
    // With net product prices the price is taken as is.
    shop.set_prices_with_vat(false);
    let id = call(
        &shop,
        &order_create(vec![line(17, 1)]),
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::OrderCreate>()
    .unwrap();
    assert_eq!(
        shop.order(id).unwrap().order_lines[0].price,
        Some(dec!(100))
    );
}

#[tokio::test]
async fn order_create_leaves_out_offline_and_sold_out_lines_but_creates_the_order() {
    let shop = MockSmartWeb::start().await;
    shop.seed_product(fixtures::product(1, "OK", "In stock", dec!(100), 5));
    let mut offline = fixtures::product(7, "OFF", "Offline", dec!(100), 5);
    offline.online = Some(false);
    shop.seed_product(offline);
    shop.seed_product(fixtures::product(8, "EMPTY", "Sold out", dec!(100), 0));
    let mut backorder = fixtures::product(9, "BACK", "Backorder", dec!(100), 0);
    backorder.out_of_stock_buy = Some("1".into());
    shop.seed_product(backorder);
    let cookie = connect(&shop, SoapVersion::V12).await;
    let answer = call(
        &shop,
        &order_create(vec![line(1, 1), line(7, 1), line(8, 1), line(9, 1)]),
        SoapVersion::V12,
        Some(&cookie),
    )
    .await;
    assert_eq!(answer.status, 500);
    let err = answer.parse::<ops::OrderCreate>().unwrap_err();
    let Error::LineErrors {
        created_order_id: Some(id),
        message,
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        message,
        format!(
            "Order: {id} created. Following products were not included: Product: 7, Product: 8"
        )
    );
    let order = shop.order(id).expect("the order exists");
    let products: Vec<i64> = order
        .order_lines
        .iter()
        .filter_map(|l| l.product_id)
        .collect();
    assert_eq!(products, [1, 9]);
    // Missing required parts: `Internal`.
    let mut incomplete = order_create(vec![line(1, 1)]);
    incomplete.order_data.order_customer = None;
    let answer = call(&shop, &incomplete, SoapVersion::V12, Some(&cookie)).await;
    assert!(matches!(
        answer.parse::<ops::OrderCreate>(),
        Err(Error::Internal { .. })
    ));
}

#[tokio::test]
async fn the_real_client_sees_line_errors_with_the_created_id() {
    let shop = MockSmartWeb::start().await;
    shop.seed_product(fixtures::product(8, "EMPTY", "Sold out", dec!(100), 0));
    let client = shop.client_builder().build().unwrap();
    let err = client
        .raw()
        .order_create(order_create(vec![line(8, 1)]).order_data)
        .await
        .unwrap_err();
    let Error::LineErrors {
        created_order_id: Some(id),
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert!(shop.order(id).is_some());
    assert_eq!(shop.request_count("Order_Create"), 1, "never retried");
}

#[tokio::test]
async fn a_dropped_response_still_creates_the_order() {
    let shop = MockSmartWeb::start().await;
    shop.seed_product(fixtures::product(1, "OK", "In stock", dec!(100), 5));
    let cookie = connect(&shop, SoapVersion::V11).await;
    shop.drop_response_after_write("Order_Create", 1);
    let answer = call(
        &shop,
        &order_create(vec![line(1, 1)]),
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(answer.status, 502);
    assert!(answer.body.is_empty());
    assert_eq!(shop.orders().len(), 1, "the write happened");
    let answer = call(
        &shop,
        &order_create(vec![line(1, 1)]),
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert_eq!(answer.status, 200, "only one response dropped");
    assert_eq!(shop.orders().len(), 2);
}

#[tokio::test]
async fn injected_failures_hit_the_next_calls_only() {
    let (shop, cookie) = shop_with_orders().await;
    shop.fail_next("Order_GetAllWithPagination", 1, Fault::ServerError(503));
    shop.fail_next("Order_GetAllWithPagination", 1, Fault::MalformedBody);
    shop.fail_next(
        "Order_GetAllWithPagination",
        1,
        Fault::SoapFault {
            code: "INTERNAL".into(),
            message: "boom".into(),
        },
    );
    let op = ops::OrderGetAllWithPagination {
        page: 1,
        page_size: 10,
    };
    let first = call(&shop, &op, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(first.status, 503);
    let second = call(&shop, &op, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(second.status, 200);
    assert!(matches!(
        second.parse::<ops::OrderGetAllWithPagination>(),
        Err(Error::Decode { .. })
    ));
    let third = call(&shop, &op, SoapVersion::V11, Some(&cookie)).await;
    assert!(
        matches!(third.parse::<ops::OrderGetAllWithPagination>(), Err(Error::Internal { ref message }) if message == "boom")
    );
    let fourth = call(&shop, &op, SoapVersion::V11, Some(&cookie)).await;
    assert_eq!(
        fourth
            .parse::<ops::OrderGetAllWithPagination>()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(shop.request_count("Order_GetAllWithPagination"), 4);
}

#[tokio::test]
async fn an_injected_timeout_makes_the_client_time_out() {
    let shop = MockSmartWeb::builder()
        .timeout_delay(Duration::from_secs(30))
        .start()
        .await;
    shop.seed_order(fixtures::OrderBuilder::new(1).build());
    let client = shop
        .client_builder()
        .timeout(Duration::from_millis(200))
        .retries(0)
        .build()
        .unwrap();
    shop.fail_next("Order_GetById", 1, Fault::Timeout);
    let err = client.raw().order_get_by_id(1).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        client
            .raw()
            .order_get_by_id(1)
            .await
            .unwrap()
            .and_then(|o| o.id),
        Some(1)
    );
}

#[tokio::test]
async fn the_real_client_pages_with_status_sent_empty() {
    let (shop, _) = shop_with_orders().await;
    let client = shop.client_builder().build().unwrap();
    let page = client
        .raw()
        .order_get_by_date_with_pagination(
            "2026-01-01 00:00:00".into(),
            "2026-12-31 23:59:59".into(),
            None,
            1,
            10,
        )
        .await
        .unwrap();
    assert_eq!(ids(&page), [1, 2, 3]);
    set_fields_through_client(&client).await;
}

async fn set_fields_through_client(client: &smartweb_client::SmartWebClient) {
    assert!(
        client
            .raw()
            .order_set_fields("Id,Status".into())
            .await
            .unwrap()
    );
    let order = client.raw().order_get_by_id(2).await.unwrap().unwrap();
    assert_eq!(order.status.as_deref(), Some("3"));
}

#[tokio::test]
async fn order_lines_are_read_per_order() {
    let shop = MockSmartWeb::start().await;
    shop.seed_order(
        fixtures::OrderBuilder::new(6)
            .line(1, "A", "A", 1, dec!(10))
            .line(2, "B", "B", 3, dec!(5))
            .build(),
    );
    let cookie = connect(&shop, SoapVersion::V11).await;
    set_fields(
        &shop,
        &ops::OrderSetOrderLineFields {
            fields: "Id,ItemNumber,Amount".into(),
        },
        &cookie,
    )
    .await;
    let lines = call(
        &shop,
        &ops::OrderGetLines { order_id: 6 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await
    .parse::<ops::OrderGetLines>()
    .unwrap();
    let items: Vec<_> = lines
        .iter()
        .map(|l| (l.item_number.clone().unwrap(), l.amount.unwrap()))
        .collect();
    assert_eq!(items, [("A".to_owned(), 1), ("B".to_owned(), 3)]);
}

#[tokio::test]
async fn an_order_the_server_garbles_is_reported_and_the_page_goes_on() {
    let (shop, _) = shop_with_orders().await;
    shop.garble_order_field(2, "Total", "12,5");
    let client = shop.client_builder().build().unwrap();
    let day = |m, d| {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    let items: Vec<Result<model::Order, Error>> = futures::StreamExt::collect(
        client
            .orders()
            .page_size(2)
            .by_created(day(1, 1), day(12, 31), &[]),
    )
    .await;
    let read: Vec<i64> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .filter_map(|o| o.id)
        .collect();
    assert_eq!(read, [1, 3], "the other orders of the window are read");
    let unreadable: Vec<_> = items.iter().filter_map(|i| i.as_ref().err()).collect();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    match unreadable[0] {
        Error::UnreadableRecord { id, source } => {
            assert_eq!(*id, Some(2));
            match source.as_ref() {
                Error::Decode { path, excerpt, .. } => {
                    assert!(path.ends_with("/Total"), "{path}");
                    assert_eq!(excerpt, "12,5");
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    // A single read of that order is a decode error, as before.
    assert!(matches!(
        client.orders().by_id(2).await,
        Err(Error::Decode { .. })
    ));
}
