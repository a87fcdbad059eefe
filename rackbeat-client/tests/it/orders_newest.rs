//! Orders read newest first as far back as asked (`OrdersHandler::newest_first`), the order's
//! creation time, and which errors are a definite "no" (`Error::is_rejection`).
#![cfg(all(feature = "client", feature = "mock"))]

use crate::common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{client, expect, json};
use rackbeat_client::Error;
use rackbeat_client::mock::MockRackbeat;
use rackbeat_client::model::{NewOrder, Order};
use serde_json::json;
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{MockServer, ResponseTemplate};

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// A fake holding 50 orders made one an hour from 1 March 00:00 (server time = UTC here).
async fn fake_with_orders() -> MockRackbeat {
    let rb = MockRackbeat::builder()
        .utc_offset(chrono::FixedOffset::east_opt(0).unwrap())
        .frozen_at(at(1, 0))
        .start()
        .await;
    rb.seed_customer(json!({"number": 1, "name": "Kunde"}))
        .unwrap();
    let client = rb.client_builder().build().unwrap();
    for n in 1..=50_u64 {
        rb.set_time(at(1, 0) + Duration::hours(i64::try_from(n).unwrap() - 1));
        let order = NewOrder {
            customer_id: 1,
            other_reference: Some(format!("SW-{n}")),
            ..NewOrder::default()
        };
        assert_eq!(
            client.orders().create_draft(&order).await.unwrap().number,
            n
        );
    }
    rb
}

#[tokio::test]
async fn a_sorted_listing_reads_only_as_far_back_as_asked() {
    let rb = fake_with_orders().await;
    let client = rb.client_builder().page_size(10).build().unwrap();
    rb.clear_requests();
    let orders = client.orders();
    let mut newest = orders.newest_first();

    // The last 5 hours: the first page (orders 50..41) reaches back far enough.
    let read = newest.back_to(at(2, 21)).await.unwrap();
    assert_eq!(rb.request_count("GET /orders"), 1);
    assert_eq!(read.first().map(|o| o.number), Some(50));
    assert!(newest.covers(at(2, 21)));
    assert!(!newest.covers(at(2, 10)));

    // Further back: only the pages not read yet.
    let read = newest.back_to(at(2, 0)).await.unwrap();
    let numbers: Vec<u64> = read.iter().map(|o| o.number).collect();
    assert_eq!(numbers.first(), Some(&40));
    assert!(numbers.contains(&25), "{numbers:?}");
    assert_eq!(rb.request_count("GET /orders"), 3);

    // Before everything: to the end of the list, then no more requests.
    newest.back_to(at(1, 0) - Duration::days(1)).await.unwrap();
    let total = rb.request_count("GET /orders");
    assert!(newest.covers(at(1, 0) - Duration::days(365)));
    assert!(
        newest
            .back_to(at(1, 0) - Duration::days(400))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(rb.request_count("GET /orders"), total);
    for request in rb.requests() {
        let query = request.query.unwrap_or_default();
        assert!(query.contains("order_direction=DESC"), "{query}");
    }
}

#[tokio::test]
async fn a_deletion_makes_the_shifted_page_read_again() {
    let rb = fake_with_orders().await;
    let client = rb.client_builder().page_size(10).build().unwrap();
    let orders = client.orders();
    let mut newest = orders.newest_first();
    let first = newest.read_page().await.unwrap();
    assert_eq!(first.last().map(|o| o.number), Some(41));
    // Deleting 45 moves 40 onto the first page; the next read starts there again.
    orders.delete(45).await.unwrap();
    newest.deleted();
    let next = newest.read_page().await.unwrap();
    assert!(
        next.iter().any(|o| o.number == 40),
        "{:?}",
        next.iter().map(|o| o.number).collect::<Vec<_>>()
    );
}

fn orders_page(orders: serde_json::Value, page: u64, pages: u64) -> ResponseTemplate {
    json(
        206,
        json!({"orders": orders, "page": page, "pages": pages, "limit": 2, "total": 6}),
    )
}

#[tokio::test]
async fn a_server_that_lists_oldest_first_is_read_from_its_last_page_back() {
    let server = MockServer::start().await;
    // It ignores the sort: page 1 holds the oldest orders.
    expect("GET", "orders")
        .and(query_param("order_by", "number"))
        .respond_with(orders_page(
            json!([{"number": 1, "created_at": "2026-03-01 00:00:00"}, {"number": 2, "created_at": "2026-03-01 01:00:00"}]),
            1,
            3,
        ))
        .expect(1)
        .mount(&server)
        .await;
    for (page, numbers) in [(3, [5, 6]), (2, [3, 4])] {
        let orders: Vec<_> = numbers
            .iter()
            .map(|n| json!({"number": n, "created_at": format!("2026-03-01 {:02}:00:00", n - 1)}))
            .collect();
        expect("GET", "orders")
            .and(query_param_is_missing("order_by"))
            .and(query_param("page", page.to_string()))
            .respond_with(orders_page(json!(orders), page, 3))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let orders = client.orders();
    let mut newest = orders.newest_first();
    // The first read brings the newest page too.
    let read = newest.read_page().await.unwrap();
    let numbers: Vec<u64> = read.iter().map(|o| o.number).collect();
    assert_eq!(numbers, [1, 2, 5, 6]);
    // Back to 03:00 needs page 2 as well, and then nothing else.
    newest.back_to(at(1, 3)).await.unwrap();
    assert!(newest.covers(at(1, 0)));
}

#[tokio::test]
async fn a_server_that_refuses_the_sort_and_follows_no_order_is_read_whole() {
    let server = MockServer::start().await;
    expect("GET", "orders")
        .and(query_param("order_by", "number"))
        .respond_with(json(422, json!({"errors": {"order_by": ["not sortable"]}})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param_is_missing("order_by"))
        .and(query_param("page", "1"))
        .respond_with(orders_page(
            json!([{"number": 4}, {"number": 9}, {"number": 2}]),
            1,
            2,
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param_is_missing("order_by"))
        .and(query_param("page", "2"))
        .respond_with(orders_page(json!([{"number": 7}]), 2, 2))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let orders = client.orders();
    let mut newest = orders.newest_first();
    let read = newest.back_to(at(2, 0)).await.unwrap();
    let mut numbers: Vec<u64> = read.iter().map(|o| o.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [2, 4, 7, 9]);
    assert!(newest.covers(at(1, 0) - Duration::days(3650)));
}

#[test]
fn creation_times_are_read_in_both_forms() {
    let order = |t: &str| Order {
        created_at: Some(t.to_owned()),
        ..Order::default()
    };
    assert_eq!(
        order("2026-03-01T13:00:00+01:00").created_instant(),
        Some(at(1, 12))
    );
    assert_eq!(
        order("2026-03-01 13:00:00").created_instant(),
        Some(at(1, 13))
    );
    assert_eq!(order("soon").created_instant(), None);
    assert_eq!(Order::default().created_instant(), None);
}

#[test]
fn only_an_answered_refusal_is_a_rejection() {
    for status in [400, 401, 403, 404, 409, 422] {
        assert!(
            Error::from_response(status, b"{}").is_rejection(),
            "{status}"
        );
    }
    for status in [429, 500, 502, 503, 504] {
        assert!(
            !Error::from_response(status, b"{}").is_rejection(),
            "{status}"
        );
    }
    let decode = Error::Decode {
        path: "order".into(),
        message: "eof".into(),
        snippet: String::new(),
    };
    assert!(
        !decode.is_rejection(),
        "a create answered unreadably may have been made"
    );
}
