//! The Rackbeat fake (`rackbeat_client::mock`): its answers parse with the real client, its
//! shapes match the documentation samples, and each quirk of the sheet has a test.
#![cfg(feature = "mock")]

use crate::common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::sample_json as sample;
use rackbeat_client::mock::{Fault, MockRackbeat, RateLimit, Rebook, TimestampFormat};
use rackbeat_client::model::{
    NewCustomer, NewOrder, NewOrderLine, NewProduct, NewWebhook, OrderLineUpdate,
};
use rackbeat_client::{Error, RackbeatClient, TransportKind};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 8, 9, 30, 0).unwrap()
}

/// A fake with a frozen clock and the reference data an order needs.
async fn seeded() -> MockRackbeat {
    seed(
        MockRackbeat::builder()
            .frozen_at(start_time())
            .start()
            .await,
    )
}

fn seed(rb: MockRackbeat) -> MockRackbeat {
    rb.seed_product_group(json!({"number": 1, "name": "Goods"}))
        .unwrap();
    rb.seed_product_group(json!({"number": 2, "name": "Books", "vat_domestic": 0}))
        .unwrap();
    rb.seed_location(json!({"number": 1, "name": "Main warehouse"}))
        .unwrap();
    rb.seed_location(json!({"number": 2, "name": "Shelf A", "parent_id": 1}))
        .unwrap();
    rb.seed_product(
        json!({"number": "AB/100", "name": "Widget", "group": 1, "sales_price": "80.00"}),
    )
    .unwrap();
    rb.seed_product(json!({"number": "Æble 1", "name": "Apple", "group": 1, "sales_price": 10}))
        .unwrap();
    rb.seed_product(json!({"number": "BOOK-1", "name": "Book", "group": 2, "sales_price": "100"}))
        .unwrap();
    rb.seed_customer(json!({
        "number": 7, "name": "Jens Hansen", "contact_email": "jens@example.dk", "ean": "5790000000001"
    }))
    .unwrap();
    rb.seed_customer(
        json!({"number": 8, "company_name": "Nordic AS", "contact_email": "ap@nordic.no"}),
    )
    .unwrap();
    rb.seed_layout(json!({"number": 1, "name": "Standard"}))
        .unwrap();
    rb.seed_payment_terms(json!({"number": 1, "name": "Net 8", "maturity_days": 8}))
        .unwrap();
    rb.seed_employee(json!({"number": 3, "name": "Sales", "initials": "SA"}))
        .unwrap();
    rb
}

fn client(rb: &MockRackbeat) -> RackbeatClient {
    RackbeatClient::builder()
        .token(rb.token())
        .base_url(rb.uri())
        .requests_per_minute(0)
        .retries(0)
        .build()
        .unwrap()
}

/// A raw call with the fake's token: (status, headers, JSON body or Null).
async fn call(
    rb: &MockRackbeat,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    call_with(rb, method, path, body, Some(rb.token().expose_secret())).await
}

async fn call_with(
    rb: &MockRackbeat,
    method: &str,
    path: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let url = format!("{}{}", rb.uri(), path.trim_start_matches('/'));
    let mut req = reqwest::Client::new()
        .request(method.parse().unwrap(), url)
        .header("Accept", "application/json");
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

fn line(item: &str, quantity: Decimal) -> NewOrderLine {
    NewOrderLine {
        item_id: item.into(),
        quantity,
        ..Default::default()
    }
}

fn draft(customer: u64, lines: Vec<NewOrderLine>) -> NewOrder {
    NewOrder {
        customer_id: customer,
        lines,
        ..Default::default()
    }
}

// ---- transport ------------------------------------------------------------------------------

#[tokio::test]
async fn base_url_ends_in_api_like_the_real_one() {
    let rb = MockRackbeat::start().await;
    assert!(rb.uri().starts_with("http://127.0.0.1:"));
    assert!(rb.uri().ends_with("/api/"));
    let (status, _, _) = call(&rb, "GET", "../products", None).await;
    assert_eq!(status, 404, "paths outside /api/ are not served");
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let rb = seeded().await;
    let (status, _, body) = call_with(&rb, "GET", "products", None, None).await;
    assert_eq!(status, 401);
    assert_eq!(body, json!({"message": "Unauthenticated."}));
    let (status, _, _) = call_with(&rb, "GET", "products", None, Some("wrong")).await;
    assert_eq!(status, 401);

    let wrong = RackbeatClient::builder()
        .token("wrong")
        .base_url(rb.uri())
        .requests_per_minute(0)
        .build()
        .unwrap();
    let err = wrong.products().get("AB/100").await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    let custom = MockRackbeat::builder().token("s3cret").start().await;
    let (status, _, _) = call_with(&custom, "GET", "self", None, Some("s3cret")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn single_objects_are_wrapped_under_their_singular_key() {
    let rb = seeded().await;
    let (status, _, body) = call(&rb, "GET", "customers/7", None).await;
    assert_eq!(status, 200);
    let customer = &body["customer"];
    assert_eq!(customer["number"], 7);
    assert_eq!(customer["self"], format!("{}customers/7", rb.uri()));
    assert_eq!(
        customer["created_at"], "2025-01-08 10:30:00",
        "naive server time, +01:00"
    );
    assert_eq!(customer["updated_at"], "2025-01-08 10:30:00");
    let (status, _, _) = call(&rb, "GET", "customers/999", None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn timestamps_can_be_iso_8601() {
    let rb = seed(
        MockRackbeat::builder()
            .frozen_at(start_time())
            .timestamp_format(TimestampFormat::Iso8601)
            .start()
            .await,
    );
    let (_, _, body) = call(&rb, "GET", "layouts/1", None).await;
    assert_eq!(body["layout"]["created_at"], "2025-01-08T10:30:00+01:00");
}

// ---- lists ----------------------------------------------------------------------------------

#[tokio::test]
async fn lists_answer_206_with_the_documented_envelope() {
    let rb = seeded().await;
    rb.seed_products(
        (0..42).map(|i| json!({"number": format!("P{i:03}"), "name": "Bulk", "group": 1})),
    )
    .unwrap();
    let (status, _, body) = call(&rb, "GET", "products?page=3", None).await;
    assert_eq!(status, 206);
    let documented = sample("pagination_envelope.json");
    for key in documented
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "products")
    {
        assert!(body.get(key).is_some_and(Value::is_number), "missing {key}");
    }
    assert_eq!(body["total"], 45);
    assert_eq!(body["pages"], 3);
    assert_eq!(body["page"], 3);
    assert_eq!(body["limit"], 20, "the documented default");
    assert_eq!(body["products"].as_array().unwrap().len(), 5);

    let all = client(&rb).products().list().limit(10).all().await.unwrap();
    assert_eq!(all.len(), 45, "the client walks every page");
    let (_, _, empty) = call(&rb, "GET", "webhooks", None).await;
    assert_eq!(
        empty,
        json!({"webhooks": [], "total": 0, "pages": 1, "page": 1, "limit": 20})
    );
}

#[tokio::test]
async fn limit_is_capped_at_the_configured_maximum() {
    let rb = seed(MockRackbeat::builder().max_page_size(2).start().await);
    let (_, _, body) = call(&rb, "GET", "products?limit=500", None).await;
    assert_eq!(body["limit"], 2);
    assert_eq!(body["pages"], 2);
    assert_eq!(body["products"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn search_simple_filter_and_fields() {
    let rb = seeded().await;
    let hits = client(&rb)
        .customers()
        .search("JENS@example")
        .all()
        .await
        .unwrap();
    assert_eq!(hits.iter().map(|c| c.number).collect::<Vec<_>>(), [7]);
    let found = client(&rb)
        .customers()
        .find_by_email("ap@nordic.no")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.number, 8);
    let (_, _, body) = call(
        &rb,
        "GET",
        "customers?simple_filter[ean]=5790000000001",
        None,
    )
    .await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["customers"][0]["number"], 7);
    let (_, _, body) = call(&rb, "GET", "products?search=widg&fields=number,name", None).await;
    assert_eq!(
        body["products"],
        json!([{"number": "AB/100", "name": "Widget"}])
    );
    let (_, _, body) = call(&rb, "GET", "products?simple_filter[number]=BOOK-1", None).await;
    assert_eq!(body["products"][0]["name"], "Book");
}

#[tokio::test]
async fn customers_answer_name_and_company_name() {
    let rb = seeded().await;
    let nordic = rb.customer(8).unwrap();
    assert_eq!(nordic.name.as_deref(), Some("Nordic AS"));
    assert_eq!(nordic.company_name.as_deref(), Some("Nordic AS"));
}

#[tokio::test]
async fn updated_at_filters_use_server_time() {
    let rb = seeded().await;
    rb.advance_time(Duration::from_secs(3600));
    let created = client(&rb)
        .customers()
        .create(&NewCustomer {
            name: Some("Late Customer".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let (_, _, body) = call(
        &rb,
        "GET",
        "customers?updated_at_from=2025-01-08%2011:00:00",
        None,
    )
    .await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["customers"][0]["number"], json!(created.number));
    let (_, _, body) = call(
        &rb,
        "GET",
        "customers?updated_at_to=2025-01-08%2010:30:00",
        None,
    )
    .await;
    assert_eq!(body["total"], 2);
    let (status, _, body) = call(&rb, "GET", "customers?updated_at_from=yesterday", None).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["updated_at_from"].is_array());
}

#[tokio::test]
async fn orders_reject_filters_the_real_service_rejects() {
    let rb = seeded().await;
    let (status, _, body) = call(&rb, "GET", "orders?is_booked=false", None).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["is_booked"][0],
        "Property 'is_booked' is not filterable"
    );
    let (status, _, _) = call(&rb, "GET", "orders?simple_filter[number]=1", None).await;
    assert_eq!(status, 206);
}

// ---- products -------------------------------------------------------------------------------

#[tokio::test]
async fn item_numbers_with_slash_space_and_danish_letters() {
    let rb = seeded().await;
    let rbc = client(&rb);
    let widget = rbc.products().get("AB/100").await.unwrap();
    assert_eq!(widget.urlfriendly_number.as_deref(), Some("AB%2F100"));
    assert_eq!(
        rbc.products().get("Æble 1").await.unwrap().name.as_deref(),
        Some("Apple")
    );
    for path in [
        "products/AB%2F100",
        "products/AB%252F100",
        "products/%C3%86ble%201",
        "products/%25C3%2586ble%25201",
    ] {
        let (status, _, body) = call(&rb, "GET", path, None).await;
        assert_eq!(status, 200, "{path}");
        assert!(body["product"]["number"].is_string());
    }
    let (status, _, _) = call(&rb, "GET", "products/AB/100", None).await;
    assert_eq!(status, 404, "an unencoded slash is a different path");
    assert_eq!(
        widget.self_url.as_deref(),
        Some(format!("{}products/AB%2F100", rb.uri()).as_str())
    );
}

#[tokio::test]
async fn product_create_validates_and_answers_201() {
    let rb = seeded().await;
    let created = client(&rb)
        .products()
        .create(&NewProduct {
            number: "C 3/ø".into(),
            name: "Chair".into(),
            group: Some(1),
            sales_price: Some(dec!(199.99)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.sales_price, Some(dec!(199.99)));
    assert_eq!(created.group.unwrap().number, 1);
    let (status, _, body) = call(
        &rb,
        "POST",
        "products",
        Some(json!({"number": "X", "name": "X", "group": 99})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"errors": {"group": ["The selected group is invalid."]}})
    );
    let (status, _, body) = call(
        &rb,
        "POST",
        "products",
        Some(json!({"number": "AB/100", "name": "Dup", "group": 1})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["number"][0],
        "The number has already been taken."
    );
    let (status, _, _) = call(
        &rb,
        "PUT",
        "products/C%203%2F%C3%B8",
        Some(json!({"sales_price": "150"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(rb.product("C 3/ø").unwrap().sales_price, Some(dec!(150)));
}

#[tokio::test]
async fn stock_per_location_and_available_quantity() {
    let rb = seeded().await;
    rb.seed_stock("AB/100", 1, dec!(10)).unwrap();
    rb.seed_stock("AB/100", 2, dec!(5)).unwrap();
    let rbc = client(&rb);
    let per_location = rbc.products().locations("AB/100").await.unwrap();
    assert_eq!(per_location.len(), 2);
    let (status, _, body) = call(&rb, "GET", "products/AB%2F100/locations", None).await;
    assert_eq!(status, 206);
    assert_eq!(body["product_locations"][0]["number"], 1);
    assert_eq!(body["product_locations"][0]["stock_quantity"], json!(10));
    let (_, _, one) = call(&rb, "GET", "products/AB%2F100/locations/2", None).await;
    assert_eq!(one["product_location"]["stock_quantity"], json!(5));

    let product = rbc.products().get("AB/100").await.unwrap();
    assert_eq!(product.stock_quantity, Some(dec!(15)));
    assert_eq!(product.available_quantity, Some(dec!(15)));

    rb.set_available("AB/100", dec!(3)).unwrap();
    assert_eq!(
        rb.product("AB/100").unwrap().available_quantity,
        Some(dec!(3))
    );
    rb.set_available("Æble 1", dec!(7)).unwrap();
    assert_eq!(rb.product("Æble 1").unwrap().stock_quantity, Some(dec!(7)));
    assert!(rb.seed_stock("nope", 1, dec!(1)).is_err());
}

#[tokio::test]
async fn locations_flat_and_children() {
    let rb = seeded().await;
    let rbc = client(&rb);
    assert_eq!(rbc.locations().flat().all().await.unwrap().len(), 2);
    let children = rbc.locations().children(1).all().await.unwrap();
    assert_eq!(children.len(), 1);
    let (_, _, top) = call(&rb, "GET", "locations", None).await;
    assert_eq!(top["total"], 1);
    let (_, _, shelf) = call(&rb, "GET", "locations/2", None).await;
    assert_eq!(shelf["location"]["nesting_level"], 1);
    assert_eq!(shelf["location"]["toplevel_parent_id"], 1);
}

// ---- orders ---------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_references_give_the_documented_422() {
    let rb = seeded().await;
    let body = json!({
        "customer_id": 999,
        "lines": [{"quantity": 1, "variations": [{"option_id": 5}]}]
    });
    let (status, _, got) = call(&rb, "POST", "orders/drafts", Some(body)).await;
    assert_eq!(status, 422);
    assert_eq!(
        got,
        sample("error_422_validation.json"),
        "byte-for-byte the documentation's sample"
    );

    let (_, _, got) = call(
        &rb,
        "POST",
        "orders/drafts",
        Some(json!({
            "customer_id": 7, "layout_id": 9, "payment_terms_id": 9, "employee_id": 9, "our_reference_id": 9,
            "lines": [{"item_id": "AB/100"}, {"item_id": "nope"}, {"item_id": "AB/100", "location_id": 42}]
        })),
    )
    .await;
    assert_eq!(
        got,
        json!({"errors": {
            "employee_id": ["The selected employee id is invalid."],
            "layout_id": ["The selected layout id is invalid."],
            "lines.1.item_id": ["Product needed"],
            "lines.2.location_id": ["The selected lines.2.location_id is invalid."],
            "our_reference_id": ["The selected our reference id is invalid."],
            "payment_terms_id": ["The selected payment terms id is invalid."],
        }})
    );
    let err = client(&rb)
        .orders()
        .create_draft(&draft(999, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap_err();
    match err {
        Error::Validation { fields, .. } => {
            assert_eq!(fields["customer_id"], ["The selected Customer is invalid."])
        }
        other => panic!("{other:?}"),
    }
    assert!(rb.orders().is_empty(), "nothing was stored");
}

#[tokio::test]
async fn drafts_get_sequential_numbers_totals_and_lines() {
    let rb = seed(
        MockRackbeat::builder()
            .frozen_at(start_time())
            .first_order_number(1001)
            .start()
            .await,
    );
    let rbc = client(&rb);
    let mut order = draft(7, vec![line("AB/100", dec!(2)), line("BOOK-1", dec!(1))]);
    order.lines[0].discount_percentage = Some(dec!(10));
    order.other_reference = Some("SW-5001".into());
    let first = rbc.orders().create_draft(&order).await.unwrap();
    let second = rbc.orders().create_draft(&draft(8, vec![])).await.unwrap();
    assert_eq!((first.number, second.number), (1001, 1002));
    assert_eq!(first.is_booked, Some(false));
    // 80 × 2 × 0.9 = 144 net, 25 % VAT = 36; the book is in a 0 % group: 100 net.
    assert_eq!(first.total_subtotal, Some(dec!(244.00)));
    assert_eq!(first.total_total, Some(dec!(280.00)));
    let lines = rbc.orders().lines(1001).await.unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0].line_price,
        Some(dec!(80.00)),
        "priced from the product"
    );
    assert_eq!(lines[0].vat_percentage, Some(dec!(25)));
    assert_eq!(lines[1].vat_percentage, Some(dec!(0)));
    let fetched = rbc.orders().get(1001).await.unwrap();
    assert_eq!(fetched.lines.len(), 2, "GET /orders/{{n}} embeds lines");
    assert_eq!(fetched.customer.unwrap().number, 7);
    let found = rbc
        .orders()
        .find_by_reference("SW-5001")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.number, 1001);
    assert_eq!(rb.request_count("POST /orders/drafts"), 2);
}

#[tokio::test]
async fn booking_locks_lines_and_reserves_stock() {
    let rb = seeded().await;
    rb.seed_stock("AB/100", 1, dec!(10)).unwrap();
    let rbc = client(&rb);
    let order = rbc
        .orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(3))]))
        .await
        .unwrap();
    let added = rbc
        .orders()
        .add_line(order.number, &line("Æble 1", dec!(1)))
        .await
        .unwrap();
    let update = OrderLineUpdate {
        quantity: Some(dec!(4)),
        ..Default::default()
    };
    rbc.orders()
        .update_line(order.number, added.id, &update)
        .await
        .unwrap();
    rbc.orders().book(order.number, false).await.unwrap();
    let booked = rb.order(1).unwrap();
    assert_eq!(booked.is_booked, Some(true));
    assert_eq!(booked.booked_at.as_deref(), Some("2025-01-08 10:30:00"));
    let book_call = rb
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/book"))
        .unwrap();
    assert_eq!(book_call.body, Some(json!({"mail": {"send": false}})));

    let widget = rb.product("AB/100").unwrap();
    assert_eq!(widget.in_order_quantity, Some(dec!(3)));
    assert_eq!(widget.available_quantity, Some(dec!(7)));

    let err = rbc
        .orders()
        .add_line(order.number, &line("AB/100", dec!(1)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { fields, .. } if fields.contains_key("order")),
        "{err:?}"
    );
    let err = rbc
        .orders()
        .delete_line(order.number, added.id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    let (status, _, _) = call(&rb, "PUT", "orders/1", Some(json!({"lines": []}))).await;
    assert_eq!(status, 422);
    let (status, _, body) = call(&rb, "PUT", "orders/1", Some(json!({"heading": "Rush"}))).await;
    assert_eq!(
        (status, body["order"]["heading"].clone()),
        (200, json!("Rush")),
        "the header stays editable"
    );
    let err = rbc.orders().book(order.number, false).await.unwrap_err();
    assert!(
        matches!(err, Error::Validation { .. }),
        "booking twice is a 422 by default"
    );
    assert_eq!(rb.order(1).unwrap().lines.len(), 2);

    rb.mark_shipped(1, Some("TRACK-1")).unwrap();
    let widget = rb.product("AB/100").unwrap();
    assert_eq!(
        (widget.stock_quantity, widget.in_order_quantity),
        (Some(dec!(7)), Some(dec!(0)))
    );
    assert_eq!(rb.order(1).unwrap().is_shipped, Some(true));
    let (_, _, shipments) = call(&rb, "GET", "orders/1/shipments", None).await;
    assert_eq!(
        shipments["order_shipments"][0]["tracking_number"],
        "TRACK-1"
    );
}

#[tokio::test]
async fn rebooking_can_be_idempotent() {
    let rb = seed(
        MockRackbeat::builder()
            .rebook(Rebook::Idempotent)
            .start()
            .await,
    );
    let rbc = client(&rb);
    let order = rbc
        .orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap();
    rbc.orders().book(order.number, true).await.unwrap();
    rbc.orders().book(order.number, true).await.unwrap();
    assert_eq!(rb.orders().len(), 1);
}

#[tokio::test]
async fn line_update_with_a_new_item_resets_the_price() {
    let rb = seeded().await;
    let rbc = client(&rb);
    let mut l = line("AB/100", dec!(1));
    l.line_price = Some(dec!(50));
    let order = rbc.orders().create_draft(&draft(7, vec![l])).await.unwrap();
    let id = order.lines[0].id;
    let update = OrderLineUpdate {
        item_id: Some("BOOK-1".into()),
        ..Default::default()
    };
    let changed = rbc
        .orders()
        .update_line(order.number, id, &update)
        .await
        .unwrap();
    assert_eq!(changed.line_price, Some(dec!(100)));
    assert_eq!(changed.name.as_deref(), Some("Book"));
}

#[tokio::test]
async fn credit_note_and_invoice_from_order() {
    let rb = seeded().await;
    let rbc = client(&rb);
    let order = rbc
        .orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(2))]))
        .await
        .unwrap();
    let (status, _, _) = call(&rb, "POST", "orders/1/convert-to-invoice", None).await;
    assert_eq!(status, 422, "only booked orders are invoiced");
    rbc.orders().book(order.number, false).await.unwrap();
    let (status, _, body) = call(&rb, "POST", "orders/1/convert-to-invoice?book=true", None).await;
    assert_eq!((status, body), (200, json!({"invoice_id": 1})));
    let credit = rbc.customer_invoices().create_credit_note(1).await.unwrap();
    assert_eq!(credit.number, 2);
    assert_eq!(credit.total_total, Some(dec!(-200.00)));
    assert_eq!(rb.customer_invoices().len(), 2);
}

// ---- faults ---------------------------------------------------------------------------------

#[tokio::test]
async fn drop_response_after_write_leaves_the_record() {
    let rb = seeded().await;
    let rbc = client(&rb);
    rb.drop_response_after_write("POST /orders/drafts", 1);
    let err = rbc
        .orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server { status: 502, .. }), "{err:?}");
    assert_eq!(
        rb.orders().len(),
        1,
        "the order exists although the client saw a failure"
    );
    // A blind retry duplicates it: the case the engine must avoid.
    rbc.orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap();
    assert_eq!(rb.orders().len(), 2);
    let (status, _, _) = call(&rb, "GET", "orders/1", None).await;
    assert_eq!(status, 200, "reads are not affected");
}

#[tokio::test]
async fn fail_next_does_not_write() {
    let rb = seeded().await;
    let rbc = client(&rb);
    rb.fail_next("POST /orders/drafts", 2, Fault::ServerError(503));
    for _ in 0..2 {
        let err = rbc
            .orders()
            .create_draft(&draft(7, vec![]))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Server { status: 503, .. }), "{err:?}");
    }
    assert!(rb.orders().is_empty());
    rbc.orders().create_draft(&draft(7, vec![])).await.unwrap();
    assert_eq!(rb.orders().len(), 1);
    assert_eq!(rb.request_count("POST /orders/drafts"), 3);
    let statuses: Vec<u16> = rb.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 201]);
}

#[tokio::test]
async fn malformed_body_is_a_decode_error() {
    let rb = seeded().await;
    rb.fail_next("GET /products/{number}", 1, Fault::MalformedBody);
    let err = client(&rb).products().get("AB/100").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(client(&rb).products().get("AB/100").await.is_ok());
}

#[tokio::test]
async fn timeout_fault_outlasts_the_client_timeout() {
    let rb = seed(
        MockRackbeat::builder()
            .timeout_delay(Duration::from_secs(30))
            .start()
            .await,
    );
    rb.fail_next("GET /customers/*", 1, Fault::Timeout);
    let rbc = RackbeatClient::builder()
        .token(rb.token())
        .base_url(rb.uri())
        .requests_per_minute(0)
        .retries(0)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = rbc.customers().get(7).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let rb = seed(
        MockRackbeat::builder()
            .frozen_at(start_time())
            .rate_limit(RateLimit::new(3, Duration::from_secs(60)))
            .start()
            .await,
    );
    for _ in 0..3 {
        assert_eq!(call(&rb, "GET", "self", None).await.0, 200);
    }
    rb.advance_time(Duration::from_secs(15));
    let (status, headers, body) = call(&rb, "GET", "self", None).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "45");
    assert_eq!(body, json!({"message": "Too Many Attempts."}));
    let err = client(&rb).account().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(45)),
        "{err:?}"
    );
    rb.advance_time(Duration::from_secs(45));
    assert_eq!(call(&rb, "GET", "self", None).await.0, 200, "a new window");
    let quiet = seed(
        MockRackbeat::builder()
            .rate_limit(RateLimit::new(0, Duration::from_secs(60)).without_retry_after())
            .start()
            .await,
    );
    let (status, headers, _) = call(&quiet, "GET", "self", None).await;
    assert_eq!(status, 429);
    assert!(headers.get("retry-after").is_none());
}

// ---- webhooks, account, log -----------------------------------------------------------------

#[tokio::test]
async fn webhook_create_matches_the_sample_and_dedupes() {
    let rb = seeded().await;
    let request = sample("webhook_create_request.json");
    let (status, _, body) = call(&rb, "POST", "webhooks", Some(request.clone())).await;
    assert_eq!(status, 201);
    let documented = sample("webhook_create_response.json");
    let keys = |v: &Value| {
        v["webhook"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&body), keys(&documented));
    let token = body["webhook"]["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 32);
    assert_eq!(body["webhook"]["failures_since_last_success"], 0);
    assert_eq!(rb.webhook_token(1).unwrap().expose_secret(), token);

    let (status, _, again) = call(&rb, "POST", "webhooks", Some(request)).await;
    assert_eq!(status, 200, "same event and url updates");
    assert!(
        again["webhook"].get("token").is_none(),
        "the token only comes with the create"
    );
    assert_eq!(rb.webhooks().len(), 1);

    let rbc = client(&rb);
    let other = NewWebhook {
        event: "product.updated".into(),
        url: "https://shop.example/rb".into(),
        ..Default::default()
    };
    let created = rbc.webhooks().create(&other).await.unwrap();
    assert!(created.token.is_some());
    assert_eq!(rbc.webhooks().list().all().await.unwrap().len(), 2);
    rbc.webhooks().delete(created.id).await.unwrap();
    assert_eq!(rb.webhooks().len(), 1);
    let (status, _, bad) = call(
        &rb,
        "POST",
        "webhooks",
        Some(json!({"event": "x", "url": "not a url"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(bad["errors"]["url"].is_array());
}

#[tokio::test]
async fn self_reports_the_account() {
    let rb = seed(
        MockRackbeat::builder()
            .account(4242, "Test Shop ApS")
            .start()
            .await,
    );
    let account = client(&rb).account().await.unwrap();
    let (_, _, body) = call(&rb, "GET", "self", None).await;
    assert_eq!(body["user_account"]["id"], 4242);
    assert_eq!(body["user_account"]["company_name"], "Test Shop ApS");
    assert!(format!("{account:?}").contains("Test Shop ApS"));
}

#[tokio::test]
async fn request_log_counts_per_endpoint() {
    let rb = seeded().await;
    let rbc = client(&rb);
    rbc.products().get("AB/100").await.unwrap();
    rbc.products().get("Æble 1").await.unwrap();
    rbc.customers().get(7).await.unwrap();
    assert_eq!(rb.request_count("GET /products/*"), 2);
    assert_eq!(rb.request_count("GET /products/{number}"), 2);
    assert_eq!(rb.request_count("/customers/**"), 1);
    assert_eq!(rb.request_count("POST /products"), 0);
    assert_eq!(rb.request_total(), 3);
    let first = &rb.requests()[0];
    assert_eq!(first.endpoint(), "GET /products/AB%2F100");
    assert_eq!(first.segments, ["products", "AB/100"]);
    rb.clear_requests();
    assert_eq!(rb.request_total(), 0);
}

#[tokio::test]
async fn typed_inspection_sees_every_record() {
    let rb = seeded().await;
    let rbc = client(&rb);
    rbc.orders()
        .create_draft(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap();
    assert_eq!(rb.orders().len(), rb.records("orders").len());
    assert_eq!(rb.products().len(), rb.records("products").len());
    assert_eq!(rb.customers().len(), rb.records("customers").len());
    assert_eq!(rb.records("payment-terms").len(), 1);
    rb.patch_order(1, json!({"is_cancelled": true})).unwrap();
    assert_eq!(rb.order(1).unwrap().is_cancelled, Some(true));
}

#[tokio::test]
async fn typed_models_seed_the_fake() {
    let rb = MockRackbeat::start().await;
    rb.seed_product_group(json!({"number": 1, "name": "Goods"}))
        .unwrap();
    let product = NewProduct {
        number: "T-1".into(),
        name: "Typed".into(),
        group: Some(1),
        ..Default::default()
    };
    rb.seed_product(&product).unwrap();
    let customer = NewCustomer {
        number: Some(5),
        name: Some("Typed ApS".into()),
        ..Default::default()
    };
    rb.seed_customer(&customer).unwrap();
    let back = rb.product("T-1").unwrap();
    assert_eq!(back.group_id, Some(1));
    assert_eq!(rb.customer(5).unwrap().name.as_deref(), Some("Typed ApS"));
}

#[tokio::test]
async fn the_token_never_shows_in_debug_output() {
    let rb = MockRackbeat::builder()
        .token("very-secret-token")
        .start()
        .await;
    assert!(!format!("{rb:?}").contains("very-secret-token"));
    assert!(
        !format!("{:?}", MockRackbeat::builder().token("very-secret-token"))
            .contains("very-secret-token")
    );
}

#[tokio::test]
async fn available_stock_per_location_and_deletes() {
    let rb = seeded().await;
    rb.seed_stock("AB/100", 2, dec!(4)).unwrap();
    let (status, _, body) = call(&rb, "GET", "items/AB%2F100/locations/available", None).await;
    assert_eq!(status, 206);
    assert_eq!(body["locations"][0]["available_quantity"], json!(4));
    let (status, _, body) = call(&rb, "DELETE", "products/AB%2F100", None).await;
    assert_eq!(
        (status, body["product"]["number"].clone()),
        (200, json!("AB/100"))
    );
    assert!(rb.product("AB/100").is_none());
    let (status, _, _) = call(&rb, "GET", "products/AB%2F100/locations", None).await;
    assert_eq!(status, 404);
    let (status, _, _) = call(&rb, "PATCH", "self", None).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn plain_post_orders_is_unbooked_unless_configured() {
    let rb = seeded().await;
    let order = client(&rb)
        .orders()
        .create(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap();
    assert_eq!(order.is_booked, Some(false));
    let booking = seed(
        MockRackbeat::builder()
            .post_orders_books(true)
            .start()
            .await,
    );
    let rbc = booking.client_builder().retries(0).build().unwrap();
    let order = rbc
        .orders()
        .create(&draft(7, vec![line("AB/100", dec!(1))]))
        .await
        .unwrap();
    assert_eq!(order.is_booked, Some(true));
    assert!(order.booked_at.is_some());
}
