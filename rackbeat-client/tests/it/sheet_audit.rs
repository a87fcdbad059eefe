//! Behaviour pinned to the Rackbeat API fact sheet by the sheet audit: each test quotes the
//! sheet line it holds the client to, or says which two readings it tolerates.
#![cfg(feature = "client")]

use crate::common;

use chrono::NaiveDate;
use common::{client, expect, json};
use rackbeat_client::model::{NewOrder, Order, OrderLine, ProductUpdate};
use rackbeat_client::webhook::parse_delivery;
use rackbeat_client::{Error, Page, Single};
use rust_decimal_macros::dec;
use serde_json::json;
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{MockServer, ResponseTemplate};

fn empty_products() -> ResponseTemplate {
    json(
        206,
        json!({"products": [], "total": 0, "pages": 1, "page": 1, "limit": 20}),
    )
}

// §1.7: "Their format is `YYYY-MM-DD HH:MM:SS`, e.g. `updated_at_from=2025-07-14 00:00:00`."
// The space goes out as `%20`, which every decoder reads as a space (a form `+` is not).
#[tokio::test]
async fn time_filter_space_is_sent_as_percent_20() {
    let server = MockServer::start().await;
    expect("GET", "orders")
        .and(query_param("updated_at_from", "2025-07-14 00:00:00"))
        .and(query_param("simple_filter[number]", "A+B 1"))
        .respond_with(json(
            206,
            json!({"orders": [], "total": 0, "pages": 1, "page": 1, "limit": 20}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let at = NaiveDate::from_ymd_opt(2025, 7, 14)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    client(&server)
        .orders()
        .list()
        .updated_at_from(at)
        .simple_filter("number", "A+B 1")
        .send()
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    let query = sent[0].url.query().unwrap().to_owned();
    assert!(
        query.contains("updated_at_from=2025-07-14%2000%3A00%3A00"),
        "{query}"
    );
    assert!(query.contains("=A%2BB%201"), "{query}");
    assert!(!query.contains('+'), "{query}");
}

// §1.8 / §6: "retry with backoff on 429 and 5xx, honouring `Retry-After` when present". A
// throttled POST was refused before it was handled, so it is repeated; a 5xx POST is not
// (see transport.rs `server_error_is_not_retried_for_post`).
#[tokio::test]
async fn post_is_retried_after_a_429() {
    let server = MockServer::start().await;
    expect("POST", "orders/drafts")
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "orders/drafts")
        .respond_with(json(201, json!({"order": {"number": 5001}})))
        .expect(1)
        .mount(&server)
        .await;
    let order = client(&server)
        .orders()
        .create_draft(&NewOrder {
            customer_id: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(order.number, 5001);
}

// §1.10: the SDK encodes an item number once, LR "double-encodes (`rawurlencode(rawurlencode(n))`),
// presumably so that numbers containing `/` survive the server's decoding"; §5.10 leaves it
// open. A server that only knows the double-encoded form is reached on the second try.
#[tokio::test]
async fn item_number_with_slash_falls_back_to_double_encoding() {
    let server = MockServer::start().await;
    expect("GET", "products/BOX%2F10")
        .respond_with(json(404, json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "products/BOX%252F10")
        .respond_with(json(200, json!({"product": {"number": "BOX/10"}})))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server).products().get("BOX/10").await.unwrap();
    assert_eq!(p.number, "BOX/10");
}

// §2.1 `GET /products`: "`simple_filter[number]`"; §1.7: "Seen working … for
// `simple_filter[number]` on `/orders` and `/products`". When neither path form answers, the
// product is found by filter, and writes go to its `urlfriendly_number` (§1.10 "Preferred:
// use `urlfriendly_number` when you have it").
#[tokio::test]
async fn item_number_falls_back_to_simple_filter_and_urlfriendly_number() {
    let server = MockServer::start().await;
    for p in ["products/BOX%2F10", "products/BOX%252F10"] {
        for verb in ["GET", "PUT"] {
            expect(verb, p)
                .respond_with(json(404, json!({"message": "Not Found"})))
                .mount(&server)
                .await;
        }
    }
    expect("GET", "products")
        .and(query_param("simple_filter[number]", "BOX/10"))
        .respond_with(json(
            206,
            json!({"products": [
                {"number": "BOX/1", "urlfriendly_number": "BOX-1"},
                {"number": "BOX/10", "urlfriendly_number": "BOX-10"}
            ], "total": 2, "pages": 1, "page": 1, "limit": 200}),
        ))
        .mount(&server)
        .await;
    expect("PUT", "products/BOX-10")
        .respond_with(json(
            200,
            json!({"product": {"number": "BOX/10", "name": "New"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let got = rb.products().get("BOX/10").await.unwrap();
    assert_eq!(got.urlfriendly_number.as_deref(), Some("BOX-10"));
    let update = ProductUpdate {
        name: Some("New".into()),
        ..Default::default()
    };
    let updated = rb.products().update("BOX/10", &update).await.unwrap();
    assert_eq!(updated.name.as_deref(), Some("New"));
    assert!(rb.products().find("BOX/11").await.unwrap().is_none());
}

// §2.1 `GET /products/{n}`: "404 if unknown". A number of plain characters has one path form,
// so its 404 is final after one request.
#[tokio::test]
async fn plain_item_number_404_costs_one_request() {
    let server = MockServer::start().await;
    expect("GET", "products/ABC-1")
        .respond_with(json(404, json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "products")
        .respond_with(empty_products())
        .expect(0)
        .mount(&server)
        .await;
    assert!(
        client(&server)
            .products()
            .find("ABC-1")
            .await
            .unwrap()
            .is_none()
    );
}

fn orders_page(orders: serde_json::Value, page: u64, pages: u64) -> ResponseTemplate {
    json(
        206,
        json!({"orders": orders, "total": 3, "pages": pages, "page": page, "limit": 200}),
    )
}

// §1.7: "Text search: `search=<text>`" with no word on which fields it covers. When the
// search misses `other_reference`, the newest orders are checked.
#[tokio::test]
async fn find_by_reference_checks_the_newest_orders_when_search_misses() {
    let server = MockServer::start().await;
    expect("GET", "orders")
        .and(query_param("search", "SW-77"))
        .respond_with(orders_page(json!([]), 1, 1))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param("order_by", "number"))
        .and(query_param("order_direction", "DESC"))
        .respond_with(orders_page(
            json!([{"number": 3, "other_reference": "SW-77"}, {"number": 2}]),
            1,
            1,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let found = client(&server)
        .orders()
        .find_by_reference("SW-77")
        .await
        .unwrap();
    assert_eq!(found.map(|o| o.number), Some(3));
}

// The same, on a server that ignores `order_by` (§1.7: "Sorting: `order_by=<field>&
// order_direction=ASC|DESC`. [sdk SDK, LR]" only): the newest orders are on the last page.
#[tokio::test]
async fn find_by_reference_reads_the_last_page_when_the_sort_is_ignored() {
    let server = MockServer::start().await;
    expect("GET", "orders")
        .and(query_param("search", "SW-9"))
        .respond_with(json(422, json!({"errors": {"search": ["not supported"]}})))
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param("order_by", "number"))
        .respond_with(orders_page(json!([{"number": 1}, {"number": 2}]), 1, 2))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param_is_missing("order_by"))
        .and(query_param("page", "2"))
        .respond_with(orders_page(
            json!([{"number": 3, "other_reference": "SW-9"}]),
            2,
            2,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let found = client(&server)
        .orders()
        .find_by_reference("SW-9")
        .await
        .unwrap();
    assert_eq!(found.map(|o| o.number), Some(3));
}

// §1.6: "Maximum `limit`: **not documented.**" A server that caps the page size and sends no
// `pages` must not end the stream after its first (full, but smaller) page.
#[tokio::test]
async fn stream_without_pages_uses_the_limit_the_server_applied() {
    let server = MockServer::start().await;
    expect("GET", "products")
        .and(query_param("page", "1"))
        .respond_with(json(
            206,
            json!({"products": [{"number": "a"}, {"number": "b"}], "limit": 2}),
        ))
        .mount(&server)
        .await;
    expect("GET", "products")
        .and(query_param("page", "2"))
        .respond_with(json(
            206,
            json!({"products": [{"number": "c"}], "limit": 2}),
        ))
        .mount(&server)
        .await;
    let all = client(&server)
        .products()
        .list()
        .limit(200)
        .all()
        .await
        .unwrap();
    let numbers: Vec<_> = all.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["a", "b", "c"]);
}

// §2.1: "`GET /products/{n}/locations[/{location_number}]` | stock per location →
// `product_locations[]` with at least `number` and `stock_quantity`". A single location
// answer without `number` still names the location asked for.
#[tokio::test]
async fn product_location_without_number_takes_the_requested_one() {
    let server = MockServer::start().await;
    expect("GET", "products/A-1/locations/3")
        .respond_with(json(
            200,
            json!({"product_location": {"stock_quantity": "4", "available_quantity": 3}}),
        ))
        .mount(&server)
        .await;
    let l = client(&server).products().location("A-1", 3).await.unwrap();
    assert_eq!(l.number, 3);
    assert_eq!(l.available_quantity, Some(dec!(3)));
}

// §1.4: "the object is wrapped under its singular snake_case key"; the plural is
// `Str::plural` of it. Order lines (SDK `OrderLineResource`) are `order_line(s)`; a `line(s)`
// key still decodes.
#[test]
fn order_line_envelopes_accept_both_keys() {
    let line = json!({"id": 9, "child_id": "A-1", "quantity": 1});
    for key in ["order_line", "line"] {
        let one: Single<OrderLine> = serde_json::from_value(json!({ key: line })).unwrap();
        assert_eq!(one.0.id, 9);
    }
    for key in ["order_lines", "lines"] {
        let page: Page<OrderLine> =
            serde_json::from_value(json!({ key: [line], "total": 1, "pages": 1, "page": 1 }))
                .unwrap();
        assert_eq!(page.items.len(), 1);
    }
}

// §6: "Deserialize `key`, `number` and `*_id` values as string-or-number where the docs
// disagree"; §1.10: "Some clients send numeric strings … and the API accepts them". Text
// fields that often hold digits (zip codes, EAN, VAT numbers, barcodes, phones, references)
// read from either; lines may be `null` and a line may lack its `id`.
#[test]
fn digit_text_fields_read_from_numbers_too() {
    let order: Single<Order> = serde_json::from_value(json!({"order": {
        "number": "5001",
        "other_reference": 1021,
        "customer": {"number": 7, "ean": 5790000000001_u64, "company_vat": 12345678,
                     "address_zipcode": 2100, "contact_phone": 12345678},
        "delivery_address": {"zipcode": 8000, "phone": 4512345678_u64},
        "lines": null
    }}))
    .unwrap();
    let order = order.0;
    assert_eq!(order.number, 5001);
    assert_eq!(order.other_reference.as_deref(), Some("1021"));
    let customer = order.customer.unwrap();
    assert_eq!(customer.ean.as_deref(), Some("5790000000001"));
    assert_eq!(customer.company_vat.as_deref(), Some("12345678"));
    assert_eq!(customer.address_zipcode.as_deref(), Some("2100"));
    let delivery = order.delivery_address.unwrap();
    assert_eq!(delivery.zipcode.as_deref(), Some("8000"));
    assert!(order.lines.is_empty());

    let with_line: Single<Order> = serde_json::from_value(json!({"order": {
        "number": 1,
        "lines": [{"child_id": "A-1", "quantity": 2, "item": {"number": 100, "barcode": 5701234567890_u64}}]
    }}))
    .unwrap();
    let line = &with_line.0.lines[0];
    assert_eq!(line.id, 0);
    assert_eq!(
        line.item.as_ref().unwrap().barcode.as_deref(),
        Some("5701234567890")
    );

    let product: Single<rackbeat_client::model::Product> = serde_json::from_value(
        json!({"product": {"number": 1001, "barcode": 5701234567890_u64, "urlfriendly_number": 1001}}),
    )
    .unwrap();
    assert_eq!(product.0.number, "1001");
    assert_eq!(product.0.barcode.as_deref(), Some("5701234567890"));
}

// §2.9: "**Body** (documented): `{"key": <id or number>, "key_name": "id"|"number", …}`";
// observed bodies are `{"key_name":"number","key":"1021"}`. Paths take numbers, so an
// `id` key is not passed off as a number.
#[test]
fn webhook_resource_number_respects_key_name() {
    let observed = parse_delivery(
        Some("order.created"),
        None,
        br#"{"key_name":"number","key":"1021"}"#,
    )
    .unwrap();
    assert_eq!(observed.resource_number().as_deref(), Some("1021"));

    let by_id = parse_delivery(
        None,
        None,
        br#"{"key": 123, "key_name": "id", "event": "order.created", "data": {}}"#,
    )
    .unwrap();
    assert_eq!(by_id.resource_key(), Some("123"));
    assert_eq!(by_id.resource_number(), None);

    let with_data = parse_delivery(
        None,
        None,
        br#"{"key": 123, "key_name": "id", "event": "order.created", "data": {"number": 5001}}"#,
    )
    .unwrap();
    assert_eq!(with_data.resource_number().as_deref(), Some("5001"));

    let stock = parse_delivery(
        Some("inventory.changed"),
        None,
        br#"{"item": "BOX/10", "item_type": "product", "type": "stock"}"#,
    )
    .unwrap();
    assert_eq!(stock.resource_number().as_deref(), Some("BOX/10"));
}

// §1.5: "**201** when a POST creates a resource. **206 Partial Content** for every paginated
// list" and §1.9 404: both statuses keep their meaning for item paths after fallbacks.
#[tokio::test]
async fn not_found_stays_not_found_after_every_fallback() {
    let server = MockServer::start().await;
    for p in ["products/X%20Y", "products/X%2520Y"] {
        expect("DELETE", p)
            .respond_with(json(404, json!({"message": "Not Found"})))
            .expect(1)
            .mount(&server)
            .await;
    }
    expect("GET", "products")
        .and(query_param("simple_filter[number]", "X Y"))
        .respond_with(empty_products())
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).products().delete("X Y").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

// §2.3: "`name` [code A4S] and/or `company_name` [2018-spec OLD, LR Supplier]; exactly one of
// them is current, so verify which" and "Required on create in 2018: `company_name` and
// `payment_terms_id`". The create body carries the name under both keys.
#[tokio::test]
async fn customer_create_sends_the_name_under_both_keys() {
    use rackbeat_client::model::NewCustomer;
    use wiremock::matchers::body_partial_json;
    let server = MockServer::start().await;
    expect("POST", "customers")
        .and(body_partial_json(
            json!({"name": "Jens Hansen", "company_name": "Jens Hansen", "payment_terms_id": 1}),
        ))
        .respond_with(json(
            201,
            json!({"customer": {"number": 7, "name": "Jens Hansen"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("PUT", "customers/7")
        .and(body_partial_json(
            json!({"name": "Acme A/S", "company_name": "Acme A/S"}),
        ))
        .respond_with(json(200, json!({"customer": {"number": 7}})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let created = rb
        .customers()
        .create(&NewCustomer {
            name: Some("Jens Hansen".into()),
            payment_terms_id: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.number, 7);
    rb.customers()
        .update(
            7,
            &NewCustomer {
                company_name: Some("Acme A/S".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
}
