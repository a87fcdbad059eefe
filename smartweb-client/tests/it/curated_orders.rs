//! Curated order calls against the scripted fake: paging, projections, write-backs.

use crate::session_support;

use chrono::NaiveDate;
use futures::TryStreamExt;
use session_support::{FakeShop, Seen, default_answer, ok};
use smartweb_client::api::fields;
use smartweb_client::values::OrderStatus;
use smartweb_client::{Error, model, ops};

fn order(id: i64) -> model::Order {
    model::Order {
        id: Some(id),
        status: Some("1".to_owned()),
        ..Default::default()
    }
}

fn day(d: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

#[tokio::test]
async fn by_created_pages_from_one_and_stops_at_the_empty_page() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetByDateWithPagination" => {
            let args: ops::OrderGetByDateWithPagination = s.args();
            let page = match args.page {
                1 => vec![order(10), order(11)],
                2 => vec![order(12)],
                _ => vec![],
            };
            ok::<ops::OrderGetByDateWithPagination>(&page)
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let orders: Vec<model::Order> = client
        .orders()
        .page_size(2)
        .by_created(day(1), day(31), &[OrderStatus::Received, OrderStatus::Sent])
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = orders.iter().filter_map(|o| o.id).collect();
    assert_eq!(ids, [10, 11, 12]);
    assert_eq!(
        OrderStatus::parse(orders[0].status.as_deref().unwrap()),
        Some(OrderStatus::Received)
    );

    let seen = shop.seen();
    let reads: Vec<ops::OrderGetByDateWithPagination> = seen
        .iter()
        .filter(|s| s.op == "Order_GetByDateWithPagination")
        .map(|s| s.args())
        .collect();
    assert_eq!(reads.iter().map(|r| r.page).collect::<Vec<_>>(), [1, 2, 3]);
    for r in &reads {
        assert_eq!(r.start, "2026-01-01 00:00:00");
        assert_eq!(r.end, "2026-01-31 00:00:00");
        assert_eq!(r.status.as_deref(), Some("1,3"));
        assert_eq!(r.page_size, 2);
    }
    // Projections applied once, before the first read.
    let order_fields: Vec<String> = seen
        .iter()
        .filter(|s| s.op == "Order_SetFields")
        .map(|s| s.args::<ops::OrderSetFields>().fields)
        .collect();
    assert_eq!(order_fields, [fields::ORDER]);
    let first_read = seen
        .iter()
        .position(|s| s.op == "Order_GetByDateWithPagination")
        .unwrap();
    let line_fields = seen
        .iter()
        .position(|s| s.op == "Order_SetOrderLineFields")
        .unwrap();
    assert!(line_fields < first_read);
    assert_eq!(
        seen[line_fields]
            .args::<ops::OrderSetOrderLineFields>()
            .fields,
        fields::ORDER_LINE
    );
}

#[tokio::test]
async fn by_updated_always_sends_status_even_without_a_filter() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetByDateUpdatedWithPagination" => {
            ok::<ops::OrderGetByDateUpdatedWithPagination>(&vec![])
        }
        _ => default_answer(s),
    })
    .await;
    let orders: Vec<model::Order> = shop
        .client()
        .orders()
        .by_updated(day(1), day(2), &[])
        .try_collect()
        .await
        .unwrap();
    assert!(orders.is_empty());
    let read = shop
        .seen()
        .into_iter()
        .find(|s| s.op == "Order_GetByDateUpdatedWithPagination")
        .unwrap();
    // Start, End, Status (empty form), Page, PageSize — all five, in order.
    let names: Vec<&str> = read
        .request
        .wrapper
        .children
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Start", "End", "Status", "Page", "PageSize"]);
    let status = read.request.wrapper.child("Status").unwrap();
    assert!(
        status.is_empty(),
        "Status must be sent with no value: {}",
        read.body
    );
    let args: ops::OrderGetByDateUpdatedWithPagination = read.args();
    assert_eq!(args.page, 1);
}

#[tokio::test]
async fn by_id_and_by_number_read_whole_orders() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetById" => ok::<ops::OrderGetById>(&Some(order(5))),
        "Order_GetByNumber" => {
            let args: ops::OrderGetByNumber = s.args();
            assert_eq!((args.start, args.end), (Some(1042), Some(1042)));
            ok::<ops::OrderGetByNumber>(&vec![order(1042)])
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    assert_eq!(client.orders().by_id(5).await.unwrap().unwrap().id, Some(5));
    assert_eq!(
        client.orders().by_number(1042).await.unwrap().unwrap().id,
        Some(1042)
    );
    // Both reads ran under the full projections, set only once.
    assert_eq!(client.request_stats().get("Order_SetFields"), 1);
    assert_eq!(client.request_stats().get("Order_SetOrderLineFields"), 1);
}

#[tokio::test]
async fn status_one_is_refused_unless_allowed() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_UpdateStatus" => ok::<ops::OrderUpdateStatus>(&true),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let err = client
        .orders()
        .update_status(7, OrderStatus::Received, false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ReceivedStatusRefused { order_id: 7 }),
        "{err:?}"
    );
    assert!(shop.seen().is_empty(), "nothing may be sent");

    client
        .orders()
        .update_status(7, OrderStatus::Sent, false)
        .await
        .unwrap();
    client
        .orders()
        .update_status(7, OrderStatus::Received, true)
        .await
        .unwrap();
    let sent: Vec<ops::OrderUpdateStatus> = shop
        .seen()
        .iter()
        .filter(|s| s.op == "Order_UpdateStatus")
        .map(|s| s.args())
        .collect();
    assert_eq!(
        sent,
        [
            ops::OrderUpdateStatus {
                order_id: 7,
                status: 3
            },
            ops::OrderUpdateStatus {
                order_id: 7,
                status: 1
            }
        ]
    );
}

#[tokio::test]
async fn tracking_code_and_comment_are_written() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_UpdateTrackingCode" => ok::<ops::OrderUpdateTrackingCode>(&true),
        "Order_UpdateComment" => ok::<ops::OrderUpdateComment>(&false),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    client
        .orders()
        .update_tracking_code(9, "GLS-123 <æøå>")
        .await
        .unwrap();
    let err = client.orders().update_comment(9, "note").await.unwrap_err();
    assert!(
        matches!(&err, Error::Other { code, .. } if code == "false"),
        "{err:?}"
    );
    let seen = shop.seen();
    let tracking: ops::OrderUpdateTrackingCode = seen
        .iter()
        .find(|s| s.op == "Order_UpdateTrackingCode")
        .unwrap()
        .args();
    assert_eq!(tracking.tracking_code, "GLS-123 <æøå>");
    assert_eq!(tracking.order_id, 9);
}
