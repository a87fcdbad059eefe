//! The fake's modes: the readings of the sheet no source settles (`rackbeat_client::mock`,
//! module `modes`), each against the default reading.
#![cfg(feature = "mock")]

use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::MockRackbeat;
use rackbeat_client::model::{NewCustomer, NewOrder, NewOrderLine};
use rackbeat_client::webhook::parse_delivery;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

async fn seeded(builder: rackbeat_client::mock::MockRackbeatBuilder) -> MockRackbeat {
    let rb = builder.start().await;
    rb.seed_product_group(json!({"number": 1, "name": "Goods"}))
        .unwrap();
    rb.seed_product_group(json!({"number": 2, "name": "Books", "vat_domestic": 0}))
        .unwrap();
    rb.seed_location(json!({"number": 1, "name": "Main warehouse"}))
        .unwrap();
    rb.seed_product(json!({"number": "W-1", "name": "Widget", "group": 1, "sales_price": "80"}))
        .unwrap();
    rb.seed_product(json!({"number": "BOOK-1", "name": "Book", "group": 2, "sales_price": "100"}))
        .unwrap();
    rb.seed_customer(json!({"number": 7, "name": "Jens Hansen"}))
        .unwrap();
    rb
}

fn client(rb: &MockRackbeat) -> RackbeatClient {
    rb.client_builder().retries(0).build().unwrap()
}

async fn get(rb: &MockRackbeat, path: &str) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .get(format!("{}{}", rb.uri(), path))
        .bearer_auth(rb.token().expose_secret())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn order_with(reference: &str, lines: Vec<NewOrderLine>) -> NewOrder {
    NewOrder {
        customer_id: 7,
        other_reference: Some(reference.into()),
        heading: Some(format!("Webshop order {reference}")),
        lines,
        ..Default::default()
    }
}

fn priced(item: &str, quantity: Decimal, price: Decimal, vat: Decimal) -> NewOrderLine {
    NewOrderLine {
        item_id: item.into(),
        quantity,
        line_price: Some(price),
        vat_percentage: Some(vat),
        ..Default::default()
    }
}

// ---- (a) other_reference dropped -------------------------------------------------------------

#[tokio::test]
async fn by_default_a_draft_keeps_its_reference_and_search_finds_it() {
    let rb = seeded(MockRackbeat::builder()).await;
    let api = client(&rb);
    let created = api
        .orders()
        .create_draft(&order_with("SW-1001", vec![]))
        .await
        .unwrap();
    assert_eq!(created.other_reference.as_deref(), Some("SW-1001"));
    let found = api.orders().find_by_reference("SW-1001").await.unwrap();
    assert_eq!(found.map(|o| o.number), Some(created.number));
}

#[tokio::test]
async fn dropping_the_reference_accepts_it_but_never_stores_returns_or_finds_it() {
    let rb = seeded(MockRackbeat::builder()).await;
    rb.drop_other_reference(true);
    let api = client(&rb);
    let created = api
        .orders()
        .create_draft(&order_with("SW-1001", vec![]))
        .await
        .unwrap();
    assert_eq!(created.other_reference, None, "the create answer omits it");
    assert_eq!(
        created.heading.as_deref(),
        Some("Webshop order SW-1001"),
        "the heading is kept"
    );
    let (status, shown) = get(&rb, &format!("orders/{}", created.number)).await;
    assert_eq!(status, 200);
    assert!(shown["order"].get("other_reference").is_none());
    // `search` still finds the order through its heading, never through the reference.
    let (_, searched) = get(&rb, "orders?search=SW-1001").await;
    let searched = searched["orders"].as_array().unwrap();
    assert_eq!(searched.len(), 1);
    assert!(searched[0].get("other_reference").is_none());
    let hits: Vec<u64> = api
        .orders()
        .list()
        .search("SW-1001")
        .all()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.other_reference.is_some())
        .map(|o| o.number)
        .collect();
    assert!(hits.is_empty());
    assert_eq!(
        api.orders().find_by_reference("SW-1001").await.unwrap(),
        None
    );
    // An update cannot set it either, and switching the mode off reveals nothing stored.
    let (status, _) = put(
        &rb,
        &format!("orders/{}", created.number),
        json!({"other_reference": "SW-1001"}),
    )
    .await;
    assert_eq!(status, 200);
    rb.drop_other_reference(false);
    assert_eq!(
        rb.order(created.number as i64).unwrap().other_reference,
        None
    );
}

async fn put(rb: &MockRackbeat, path: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .put(format!("{}{}", rb.uri(), path))
        .bearer_auth(rb.token().expose_secret())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

// ---- (b) line_price read as gross ------------------------------------------------------------

fn totals_order() -> NewOrder {
    let mut discounted = priced("W-1", dec!(3), dec!(19.99), dec!(25));
    discounted.discount_percentage = Some(dec!(10));
    order_with(
        "SW-2",
        vec![
            priced("W-1", dec!(2), dec!(100), dec!(25)),
            discounted,
            priced("BOOK-1", dec!(1), dec!(50), dec!(0)),
        ],
    )
}

#[tokio::test]
async fn by_default_totals_read_line_price_as_net_per_unit() {
    let rb = seeded(MockRackbeat::builder()).await;
    let created = client(&rb)
        .orders()
        .create_draft(&totals_order())
        .await
        .unwrap();
    // nets: 200, round2(3 × 19.99 × 0.9) = 53.97, 50; VAT per line: 50, 13.49 (13.4925), 0.
    assert_eq!(created.total_subtotal, Some(dec!(303.97)));
    assert_eq!(created.total_total, Some(dec!(367.46)));
    let shown = rb.order(created.number as i64).unwrap();
    assert_eq!(shown.total_total, Some(dec!(367.46)));
}

#[tokio::test]
async fn in_gross_mode_totals_read_line_price_as_vat_inclusive() {
    let rb = seeded(MockRackbeat::builder().line_price_gross(true)).await;
    let created = client(&rb)
        .orders()
        .create_draft(&totals_order())
        .await
        .unwrap();
    // grosses: 200, 53.97, 50; VAT inside: 40, round2(53.97 × 25 / 125) = 10.79, 0.
    assert_eq!(created.total_total, Some(dec!(303.97)));
    assert_eq!(created.total_subtotal, Some(dec!(253.18)));
    rb.line_price_gross(false);
    let shown = rb.order(created.number as i64).unwrap();
    assert_eq!(
        shown.total_subtotal,
        Some(dec!(303.97)),
        "the mode is a reading, not stored data"
    );
}

// ---- (c) a held write ------------------------------------------------------------------------

#[tokio::test]
async fn a_held_create_is_lost_to_the_client_and_lands_when_the_test_says() {
    let rb = seeded(MockRackbeat::builder()).await;
    let api = client(&rb);
    rb.hold_next_write("POST /orders/drafts", 1);
    let err = api
        .orders()
        .create_draft(&order_with(
            "SW-3",
            vec![priced("W-1", dec!(1), dec!(80), dec!(25))],
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(504));
    assert!(rb.orders().is_empty(), "not there yet");
    assert_eq!(rb.held_writes(), 1);
    assert_eq!(
        api.orders().find_by_reference("SW-3").await.unwrap(),
        None,
        "a look right after the lost answer finds nothing"
    );

    // The next create is not held.
    let other = api
        .orders()
        .create_draft(&order_with("SW-4", vec![]))
        .await
        .unwrap();
    assert_eq!(rb.land_held_writes(), 1);
    assert_eq!(rb.held_writes(), 0);
    let landed = api
        .orders()
        .find_by_reference("SW-3")
        .await
        .unwrap()
        .expect("landed");
    assert!(landed.number > other.number, "numbered when it landed");
    assert_eq!(landed.total_total, Some(dec!(100.00)));
    assert_eq!(rb.land_held_writes(), 0, "landed once");
    assert_eq!(rb.orders().len(), 2);
}

#[tokio::test]
async fn reads_are_never_held() {
    let rb = seeded(MockRackbeat::builder()).await;
    rb.hold_next_write("/orders/**", 1);
    let (status, _) = get(&rb, "orders").await;
    assert_eq!(status, 206);
    assert_eq!(rb.held_writes(), 0);
}

// ---- (d) webhooks keyed by id ----------------------------------------------------------------

#[tokio::test]
async fn deliveries_are_keyed_by_number_by_default_and_by_id_in_that_mode() {
    let rb = seeded(MockRackbeat::builder()).await;
    let api = client(&rb);
    let order = api
        .orders()
        .create_draft(&order_with("SW-5", vec![]))
        .await
        .unwrap();
    let n = order.number.to_string();
    assert_eq!(
        rb.webhook_delivery("order.created", &n).unwrap(),
        json!({"key_name": "number", "key": n})
    );

    rb.key_webhooks_by_id(true);
    let body = rb.webhook_delivery("order.created", &n).unwrap();
    let id = order
        .extra
        .get("id")
        .and_then(Value::as_u64)
        .expect("orders carry an id");
    assert_eq!(
        body,
        json!({"key": id, "key_name": "id", "event": "order.created"})
    );
    let parsed = parse_delivery(Some("order.created"), None, body.to_string().as_bytes()).unwrap();
    assert_eq!(parsed.key_name.as_deref(), Some("id"));
    assert_eq!(parsed.resource_number(), None, "an id is no order number");

    // The order is found by id among the recently updated orders.
    let (status, recent) = get(&rb, "orders?updated_at_from=2000-01-01%2000:00:00").await;
    assert_eq!(status, 206);
    assert_eq!(recent["orders"][0]["id"], json!(id));
    assert_eq!(recent["orders"][0]["number"], json!(order.number));

    // A product by id: `simple_filter[id]`.
    let product = rb.product("W-1").unwrap();
    let pid = product.id.unwrap();
    let body = rb.webhook_delivery("product.updated", "W-1").unwrap();
    assert_eq!(
        body,
        json!({"key": pid, "key_name": "id", "event": "product.updated"})
    );
    let (status, found) = get(&rb, &format!("products?simple_filter[id]={pid}")).await;
    assert_eq!(status, 206);
    assert_eq!(found["products"].as_array().unwrap().len(), 1);
    assert_eq!(found["products"][0]["number"], json!("W-1"));

    assert!(rb.webhook_delivery("order.created", "999").is_err());
    assert!(rb.webhook_delivery("customer.created", "7").is_err());
}

// ---- (e) no available stock ------------------------------------------------------------------

#[tokio::test]
async fn by_default_available_stock_is_served() {
    let rb = seeded(MockRackbeat::builder()).await;
    rb.seed_stock("W-1", 1, dec!(5)).unwrap();
    let (status, avail) = get(&rb, "items/W-1/locations/available").await;
    assert_eq!(status, 206);
    assert_eq!(avail["locations"][0]["available_quantity"], json!(5));
    let product = client(&rb).products().get("W-1").await.unwrap();
    assert_eq!(product.available_quantity, Some(dec!(5)));
}

#[tokio::test]
async fn omitting_available_stock_leaves_only_on_hand_figures() {
    let rb = seeded(MockRackbeat::builder().omit_available_stock(true)).await;
    rb.seed_stock("W-1", 1, dec!(5)).unwrap();
    let api = client(&rb);
    let product = api.products().get("W-1").await.unwrap();
    assert_eq!(product.available_quantity, None);
    assert_eq!(product.stock_quantity, Some(dec!(5)), "on hand stays");
    let per_location = api.products().locations("W-1").await.unwrap();
    assert_eq!(per_location.len(), 1);
    assert_eq!(per_location[0].available_quantity, None);
    assert_eq!(per_location[0].stock_quantity, Some(dec!(5)));
    let one = api.products().location("W-1", 1).await.unwrap();
    assert_eq!(one.available_quantity, None);
    let (status, _) = get(&rb, "items/W-1/locations/available").await;
    assert_eq!(status, 404);
    let (_, listed) = get(&rb, "products").await;
    assert!(
        listed["products"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("available_quantity").is_none())
    );
}

// ---- customer group field ---------------------------------------------------------------------

#[tokio::test]
async fn customers_carry_customer_group_id_unless_refused() {
    let rb = seeded(MockRackbeat::builder()).await;
    rb.seed_customer_group(json!({"number": 2, "name": "Webshop"}))
        .unwrap();
    let (_, shown) = get(&rb, "customers/7").await;
    assert_eq!(shown["customer"]["customer_group_id"], Value::Null);
    assert!(shown["customer"].get("customer_group_id").is_some());
    let api = client(&rb);
    let new = NewCustomer {
        name: Some("Webshop customer".into()),
        customer_group_id: Some(2),
        ..Default::default()
    };
    let created = api.customers().create(&new).await.unwrap();
    assert_eq!(created.customer_group_id, Some(2));

    rb.refuse_customer_group_id(true);
    let (_, shown) = get(&rb, "customers/7").await;
    assert!(shown["customer"].get("customer_group_id").is_none());
    let err = api.customers().create(&new).await.unwrap_err();
    assert_eq!(err.status(), Some(422));
}
