//! Every endpoint: method, path, query, headers and body, against wiremock.
#![cfg(feature = "client")]

use crate::common;

use chrono::NaiveDate;
use common::{client, expect, json};
use futures::TryStreamExt;
use rackbeat_client::SortDirection;
use rackbeat_client::model::*;
use rust_decimal_macros::dec;
use serde_json::json;
use wiremock::MockServer;
use wiremock::matchers::{body_json, query_param, query_param_is_missing};

#[tokio::test]
async fn product_get_encodes_the_number_as_one_segment() {
    let server = MockServer::start().await;
    expect("GET", "products/BOX%2F10%20%C3%A6%C3%B8%C3%A5")
        .respond_with(json(200, json!({"product": {"number": "BOX/10 æøå", "available_quantity": "7.5", "sales_price": 199.99}})))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server).products().get("BOX/10 æøå").await.unwrap();
    assert_eq!(p.number, "BOX/10 æøå");
    assert_eq!(p.available_quantity, Some(dec!(7.5)));
    assert_eq!(p.sales_price, Some(dec!(199.99)));
}

#[tokio::test]
async fn product_find_maps_404_to_none() {
    let server = MockServer::start().await;
    expect("GET", "products/nope")
        .respond_with(json(404, json!({"message": "Not found"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client(&server).products().find("nope").await.unwrap(), None);
}

#[tokio::test]
async fn product_list_sends_typed_filters() {
    let server = MockServer::start().await;
    expect("GET", "products")
        .and(query_param("search", "box"))
        .and(query_param("limit", "50"))
        .and(query_param("page", "2"))
        .and(query_param("simple_filter[number]", "A-1"))
        .and(query_param("fields", "number,name,available_quantity"))
        .and(query_param("order_by", "updated_at"))
        .and(query_param("order_direction", "DESC"))
        .and(query_param("updated_at_from", "2025-07-14 00:00:00"))
        .and(query_param("updated_at_to", "2025-07-15 12:30:00"))
        .and(query_param("is_barred", "false"))
        .respond_with(json(206, json!({"products": [{"number": "A-1"}], "total": 51, "pages": 2, "page": 2, "limit": 50})))
        .expect(1)
        .mount(&server)
        .await;
    let day = NaiveDate::from_ymd_opt(2025, 7, 14).unwrap();
    let page = client(&server)
        .products()
        .list()
        .search("box")
        .limit(50)
        .page(2)
        .simple_filter("number", "A-1")
        .fields(["number", "name", "available_quantity"])
        .order_by("updated_at", SortDirection::Descending)
        .updated_at_from(day.and_hms_opt(0, 0, 0).unwrap())
        .updated_at_to(day.succ_opt().unwrap().and_hms_opt(12, 30, 0).unwrap())
        .param("is_barred", "false")
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        (page.total, page.pages, page.page, page.limit),
        (Some(51), Some(2), Some(2), Some(50))
    );
}

#[tokio::test]
async fn product_create_update_delete() {
    let server = MockServer::start().await;
    expect("POST", "products")
        .and(body_json(
            json!({"number": "A-1", "name": "Box", "group": 3, "sales_price": 79.995}),
        ))
        .respond_with(json(
            201,
            json!({"product": {"number": "A-1", "urlfriendly_number": "A-1"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("PUT", "products/A%2F1")
        .and(body_json(json!({"sales_price": 10.1, "is_barred": true})))
        .respond_with(json(
            200,
            json!({"product": {"number": "A/1", "sales_price": "10.10"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("DELETE", "products/A%2F1")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let created = rb
        .products()
        .create(&NewProduct {
            number: "A-1".into(),
            name: "Box".into(),
            group: Some(3),
            sales_price: Some(dec!(79.995)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.path_key(), "A-1");
    let updated = rb
        .products()
        .update(
            "A/1",
            &ProductUpdate {
                sales_price: Some(dec!(10.10)),
                is_barred: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.sales_price, Some(dec!(10.10)));
    rb.products().delete("A/1").await.unwrap();
}

#[tokio::test]
async fn product_stock_per_location() {
    let server = MockServer::start().await;
    expect("GET", "products/A-1/locations")
        .and(query_param("page", "1"))
        .and(query_param("limit", "200"))
        .respond_with(json(206, json!({"product_locations": [
            {"number": 1, "name": "Main", "stock_quantity": 5, "available_quantity": "4.5"},
            {"number": 2, "name": "Shelf", "stock_quantity": "0"}], "total": 2, "pages": 1, "page": 1, "limit": 200})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "products/A-1/locations/2")
        .respond_with(json(
            200,
            json!({"product_location": {"number": 2, "stock_quantity": 3}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let locs = rb.products().locations("A-1").await.unwrap();
    assert_eq!(locs.len(), 2);
    assert_eq!(locs[0].available_quantity, Some(dec!(4.5)));
    assert_eq!(
        rb.products()
            .location("A-1", 2)
            .await
            .unwrap()
            .stock_quantity,
        Some(dec!(3))
    );
}

#[tokio::test]
async fn product_groups_crud() {
    let server = MockServer::start().await;
    let group =
        json!({"number": 3, "name": "Boxes", "vat_domestic": 25, "vat_eu": "0", "vat_abroad": 0.0});
    expect("GET", "product-groups")
        .respond_with(json(
            206,
            json!({"product_groups": [group], "total": 1, "pages": 1, "page": 1, "limit": 20}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "product-groups/3")
        .respond_with(json(200, json!({"product_group": group})))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "product-groups")
        .and(body_json(
            json!({"number": 3, "name": "Boxes", "vat_domestic": 25}),
        ))
        .respond_with(json(201, json!({"product_group": group})))
        .expect(1)
        .mount(&server)
        .await;
    expect("PUT", "product-groups/3")
        .and(body_json(json!({"name": "Crates"})))
        .respond_with(json(200, json!({"product_group": group})))
        .expect(1)
        .mount(&server)
        .await;
    expect("DELETE", "product-groups/3")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let listed = rb.product_groups().list().send().await.unwrap();
    assert_eq!(
        listed.items[0].vat_for_zone(&VatZone::Domestic),
        Some(dec!(25))
    );
    assert_eq!(
        rb.product_groups()
            .get(3)
            .await
            .unwrap()
            .vat_for_zone(&VatZone::Eu),
        Some(dec!(0))
    );
    rb.product_groups()
        .create(&NewProductGroup {
            number: Some(3),
            name: Some("Boxes".into()),
            vat_domestic: Some(dec!(25)),
            ..Default::default()
        })
        .await
        .unwrap();
    rb.product_groups()
        .update(
            3,
            &NewProductGroup {
                name: Some("Crates".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    rb.product_groups().delete(3).await.unwrap();
}

#[tokio::test]
async fn customers_crud_and_search() {
    let server = MockServer::start().await;
    let c = json!({"number": 1001, "name": "Ola", "contact_email": "ola@example.no", "vat_zone": "domestic"});
    expect("GET", "customers/1001")
        .respond_with(json(200, json!({"customer": c})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "customers")
        .and(query_param("search", "ola"))
        .and(query_param("page", "1"))
        .and(query_param_is_missing("limit"))
        .respond_with(json(
            206,
            json!({"customers": [c], "total": 1, "pages": 1, "page": 1, "limit": 20}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "customers")
        // The name goes under both keys: the sheet cannot tell which one is current (§2.3).
        .and(body_json(json!({"name": "Ola", "company_name": "Ola", "contact_email": "ola@example.no", "vat_zone": "domestic", "payment_terms_id": 1})))
        .respond_with(json(201, json!({"customer": c}))).expect(1).mount(&server).await;
    expect("PUT", "customers/1001")
        .and(body_json(json!({"contact_phone": "+47 1234"})))
        .respond_with(json(200, json!({"customer": c})))
        .expect(1)
        .mount(&server)
        .await;
    expect("DELETE", "customers/1001")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    assert_eq!(
        rb.customers().get(1001).await.unwrap().vat_zone,
        Some(VatZone::Domestic)
    );
    assert_eq!(
        rb.customers()
            .search("ola")
            .send()
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let new = NewCustomer {
        name: Some("Ola".into()),
        contact_email: Some("ola@example.no".into()),
        vat_zone: Some(VatZone::Domestic),
        payment_terms_id: Some(1),
        ..Default::default()
    };
    assert_eq!(rb.customers().create(&new).await.unwrap().number, 1001);
    rb.customers()
        .update(
            1001,
            &CustomerUpdate {
                contact_phone: Some("+47 1234".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    rb.customers().delete(1001).await.unwrap();
}

#[tokio::test]
async fn customer_find_by_email_searches_then_matches_exactly() {
    let server = MockServer::start().await;
    expect("GET", "customers")
        .and(query_param("search", "Kari@Example.no"))
        .and(query_param("limit", "200"))
        .respond_with(json(206, json!({"customers": [
            {"number": 1, "contact_email": "kari@example.no.other"},
            {"number": 2, "contact_email": " KARI@example.NO "},
            {"number": 3, "contact_email": "kari@example.no"}], "total": 3, "pages": 1, "page": 1, "limit": 200})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "customers").and(query_param("search", "nobody@example.no"))
        .respond_with(json(206, json!({"customers": [{"number": 9, "contact_email": "nobody@example.no.x"}], "total": 1, "pages": 1, "page": 1})))
        .expect(1).mount(&server).await;
    let rb = client(&server);
    assert_eq!(
        rb.customers()
            .find_by_email(" Kari@Example.no ")
            .await
            .unwrap()
            .map(|c| c.number),
        Some(2)
    );
    assert_eq!(
        rb.customers()
            .find_by_email("nobody@example.no")
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn customer_groups_list_and_get() {
    let server = MockServer::start().await;
    expect("GET", "customer-groups").respond_with(json(206, json!({"customer_groups": [{"number": 1, "name": "B2B"}], "total": 1, "pages": 1, "page": 1}))).expect(1).mount(&server).await;
    expect("GET", "customer-groups/1")
        .respond_with(json(
            200,
            json!({"customer_group": {"number": 1, "name": "B2B"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    assert_eq!(rb.customer_groups().list().all().await.unwrap().len(), 1);
    assert_eq!(
        rb.customer_groups().get(1).await.unwrap().name.as_deref(),
        Some("B2B")
    );
}

fn order_json() -> serde_json::Value {
    json!({"number": 5001, "other_reference": "SW-1", "total_total": "125.00", "is_booked": false,
           "customer": {"number": 1001}, "lines": [{"id": 77, "child_id": "A-1", "quantity": 2, "line_price": 50}]})
}

#[tokio::test]
async fn orders_create_book_get_list_delete() {
    let server = MockServer::start().await;
    let body = json!({
        "customer_id": 1001, "layout_id": 2, "payment_terms_id": 1, "other_reference": "SW-1",
        "vat_zone": "domestic", "currency": "NOK", "order_date": "2026-11-28",
        "delivery_address_name": "Ola", "delivery_address": {"email": "ola@example.no", "phone": "123"},
        "lines": [{"item_id": "A-1", "quantity": 2, "line_price": 50, "vat_percentage": 25}]
    });
    expect("POST", "orders/drafts")
        .and(body_json(body.clone()))
        .respond_with(json(201, json!({"order": order_json()})))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "orders")
        .and(body_json(body))
        .respond_with(json(201, json!({"order": order_json()})))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "orders/5001/book")
        .and(body_json(json!({"mail": {"send": false}})))
        .respond_with(json(200, json!({"order": order_json()})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders/5001")
        .respond_with(json(200, json!({"order": order_json()})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders")
        .and(query_param("simple_filter[number]", "5001"))
        .respond_with(json(
            206,
            json!({"orders": [order_json()], "total": 1, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("DELETE", "orders/5001")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let new = NewOrder {
        customer_id: 1001,
        layout_id: Some(2),
        payment_terms_id: Some(1),
        other_reference: Some("SW-1".into()),
        vat_zone: Some(VatZone::Domestic),
        currency: Some("NOK".into()),
        order_date: NaiveDate::from_ymd_opt(2026, 11, 28),
        delivery_address_name: Some("Ola".into()),
        delivery_address: Some(Address {
            email: Some("ola@example.no".into()),
            phone: Some("123".into()),
            ..Default::default()
        }),
        lines: vec![NewOrderLine {
            item_id: "A-1".into(),
            quantity: dec!(2),
            line_price: Some(dec!(50.00)),
            vat_percentage: Some(dec!(25)),
            ..Default::default()
        }],
        ..Default::default()
    };
    let draft = rb.orders().create_draft(&new).await.unwrap();
    assert_eq!(draft.number, 5001);
    assert_eq!(draft.total_total, Some(dec!(125)));
    assert_eq!(draft.lines[0].line_price, Some(dec!(50)));
    rb.orders().create(&new).await.unwrap();
    rb.orders().book(5001, false).await.unwrap();
    assert_eq!(
        rb.orders()
            .get(5001)
            .await
            .unwrap()
            .customer
            .unwrap()
            .number,
        1001
    );
    assert_eq!(
        rb.orders()
            .list()
            .simple_filter("number", "5001")
            .send()
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    rb.orders().delete(5001).await.unwrap();
}

#[tokio::test]
async fn order_lines_crud() {
    let server = MockServer::start().await;
    let line = json!({"id": 77, "child_id": "A-1", "quantity": "3", "line_price": "19.90"});
    expect("GET", "orders/5001/lines")
        .respond_with(json(
            206,
            json!({"lines": [line], "total": 1, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "orders/5001/lines")
        .and(body_json(json!({"item_id": "A-1", "quantity": 3})))
        .respond_with(json(201, json!({"line": line})))
        .expect(1)
        .mount(&server)
        .await;
    expect("PUT", "orders/5001/lines/77")
        .and(body_json(json!({"item_id": "B-2", "line_price": 19.9, "discount_percentage": 0, "vat_percentage": 25})))
        .respond_with(json(200, json!({"line": line}))).expect(1).mount(&server).await;
    expect("DELETE", "orders/5001/lines/77")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    assert_eq!(
        rb.orders().lines(5001).await.unwrap()[0].quantity,
        Some(dec!(3))
    );
    rb.orders()
        .add_line(
            5001,
            &NewOrderLine {
                item_id: "A-1".into(),
                quantity: dec!(3),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let upd = OrderLineUpdate {
        item_id: Some("B-2".into()),
        line_price: Some(dec!(19.90)),
        discount_percentage: Some(dec!(0)),
        vat_percentage: Some(dec!(25)),
        ..Default::default()
    };
    assert_eq!(
        rb.orders().update_line(5001, 77, &upd).await.unwrap().id,
        77
    );
    rb.orders().delete_line(5001, 77).await.unwrap();
}

#[tokio::test]
async fn order_find_by_reference_matches_exactly_across_pages() {
    let server = MockServer::start().await;
    expect("GET", "orders").and(query_param("search", "SW-10")).and(query_param("page", "1"))
        .respond_with(json(206, json!({"orders": [{"number": 1, "other_reference": "SW-100"}, {"number": 2, "other_reference": "sw-10"}], "total": 3, "pages": 2, "page": 1, "limit": 200})))
        .expect(1).mount(&server).await;
    expect("GET", "orders").and(query_param("search", "SW-10")).and(query_param("page", "2"))
        .respond_with(json(206, json!({"orders": [{"number": 3, "other_reference": "SW-10"}], "total": 3, "pages": 2, "page": 2, "limit": 200})))
        .expect(1).mount(&server).await;
    expect("GET", "orders")
        .and(query_param("search", "SW-404"))
        .respond_with(json(
            206,
            json!({"orders": [], "total": 0, "pages": 0, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // A search miss also checks the newest orders (the sheet does not say what `search`
    // covers); they do not carry the reference either.
    expect("GET", "orders")
        .and(query_param("order_by", "number"))
        .and(query_param("order_direction", "DESC"))
        .respond_with(json(
            206,
            json!({"orders": [{"number": 3, "other_reference": "SW-10"}], "total": 1, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    assert_eq!(
        rb.orders()
            .find_by_reference("SW-10")
            .await
            .unwrap()
            .map(|o| o.number),
        Some(3)
    );
    assert_eq!(rb.orders().find_by_reference("SW-404").await.unwrap(), None);
}

#[tokio::test]
async fn order_shipments_are_typed_and_fall_back_to_the_order_shipments_path() {
    let server = MockServer::start().await;
    expect("GET", "orders/7/shipments")
        .respond_with(json(
            200,
            json!({"order_shipments": [
                {"id": 1, "is_shipped": true, "tracking_number": "GLS-1", "customer": {"number": 3}},
                {"id": "2", "is_picked": 1, "track_trace": 987654}
            ], "total": 2, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders/8/shipments")
        .respond_with(json(404, json!({"message": "Not found"})))
        .expect(1)
        .mount(&server)
        .await;
    // A server that ignores `order_number` answers with other orders' shipments too.
    expect("GET", "order-shipments")
        .and(query_param("order_number", "8"))
        .respond_with(json(
            200,
            json!({"order_shipments": [
                {"id": 5, "order_number": 8, "tracking_code": "PN-5"},
                {"id": 6, "order_number": 9, "tracking_code": "PN-6"}
            ], "total": 2, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders/9/shipments")
        .respond_with(json(500, json!({"message": "boom"})))
        .mount(&server)
        .await;
    let rb = client(&server);
    let nested = rb.orders().shipments(7).await.unwrap();
    assert_eq!(nested.len(), 2);
    assert_eq!(nested[0].tracking_number.as_deref(), Some("GLS-1"));
    assert_eq!(nested[0].is_shipped, Some(true));
    assert_eq!(nested[0].extra["customer"]["number"], 3);
    assert_eq!(nested[1].id, 2);
    assert_eq!(nested[1].is_picked, Some(true));
    assert_eq!(nested[1].track_trace.as_deref(), Some("987654"));
    let fallback = rb.orders().shipments(8).await.unwrap();
    assert_eq!(
        fallback.iter().map(|s| s.id).collect::<Vec<_>>(),
        [5],
        "{fallback:?}"
    );
    assert_eq!(fallback[0].tracking_code.as_deref(), Some("PN-5"));
    // Any other failure is the caller's to see, not an empty list.
    let failed = rb.orders().shipments(9).await.unwrap_err();
    assert_eq!(failed.status(), Some(500));
}

#[tokio::test]
async fn customer_invoices_and_credit_note() {
    let server = MockServer::start().await;
    let inv = json!({"number": 9001, "total_total": 125.5, "balance": "0", "is_booked": true});
    expect("GET", "customer-invoices")
        .respond_with(json(
            206,
            json!({"customer_invoices": [inv], "total": 1, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "customer-invoices/9001")
        .respond_with(json(200, json!({"customer_invoice": inv})))
        .expect(1)
        .mount(&server)
        .await;
    expect("POST", "customer-invoices/9001/create-creditnote")
        .and(body_json(json!({})))
        .respond_with(json(
            201,
            json!({"customer_invoice": {"number": 9002, "total_total": -125.5}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    assert_eq!(
        rb.customer_invoices().list().send().await.unwrap().items[0].total_total,
        Some(dec!(125.5))
    );
    assert_eq!(
        rb.customer_invoices().get(9001).await.unwrap().is_booked,
        Some(true)
    );
    assert_eq!(
        rb.customer_invoices()
            .create_credit_note(9001)
            .await
            .unwrap()
            .total_total,
        Some(dec!(-125.5))
    );
}

#[tokio::test]
async fn lookups_layouts_terms_employees_units_currencies() {
    let server = MockServer::start().await;
    for (path, plural, singular) in [
        ("layouts", "layouts", "layout"),
        ("payment-terms", "payment_terms", "payment_terms"),
        ("employees", "employees", "employee"),
        ("units", "units", "unit"),
    ] {
        expect("GET", path)
            .respond_with(json(
                206,
                json!({plural: [{"number": 1, "name": "x"}], "total": 1, "pages": 1, "page": 1}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        expect("GET", &format!("{path}/1"))
            .respond_with(json(200, json!({singular: {"number": 1, "name": "x"}})))
            .expect(1)
            .mount(&server)
            .await;
    }
    expect("GET", "currencies").respond_with(json(206, json!({"currencies": [{"code": "DKK", "rate": "100.000000"}], "total": 1, "pages": 1, "page": 1}))).expect(1).mount(&server).await;
    let rb = client(&server);
    assert_eq!(rb.layouts().list().send().await.unwrap().items[0].number, 1);
    assert_eq!(rb.layouts().get(1).await.unwrap().number, 1);
    assert_eq!(
        rb.payment_terms().list().send().await.unwrap().items[0].number,
        1
    );
    assert_eq!(rb.payment_terms().get(1).await.unwrap().number, 1);
    assert_eq!(
        rb.employees().list().send().await.unwrap().items[0].number,
        1
    );
    assert_eq!(rb.employees().get(1).await.unwrap().number, 1);
    assert_eq!(rb.units().list().send().await.unwrap().items[0].number, 1);
    assert_eq!(rb.units().get(1).await.unwrap().number, 1);
    assert_eq!(
        rb.currencies().list().send().await.unwrap().items[0].rate,
        Some(dec!(100))
    );
}

#[tokio::test]
async fn locations_list_get_flat_children() {
    let server = MockServer::start().await;
    let loc = json!({"number": 1, "name": "Main", "is_default": true, "parent_id": null});
    expect("GET", "locations")
        .respond_with(json(
            206,
            json!({"locations": [loc], "total": 1, "pages": 1, "page": 1}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "locations/1")
        .respond_with(json(200, json!({"location": loc})))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "locations/flat").respond_with(json(206, json!({"locations": [loc, {"number": 2, "parent_id": 1}], "total": 2, "pages": 1, "page": 1}))).expect(1).mount(&server).await;
    expect("GET", "locations/1/children").respond_with(json(206, json!({"locations": [{"number": 2, "parent_id": 1}], "total": 1, "pages": 1, "page": 1}))).expect(1).mount(&server).await;
    let rb = client(&server);
    assert_eq!(
        rb.locations().list().send().await.unwrap().items[0].is_default,
        Some(true)
    );
    assert_eq!(rb.locations().get(1).await.unwrap().number, 1);
    assert_eq!(
        rb.locations()
            .flat()
            .stream()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        rb.locations().children(1).all().await.unwrap()[0].parent_id,
        Some(1)
    );
}

#[tokio::test]
async fn webhooks_list_create_get_delete() {
    let server = MockServer::start().await;
    let created: serde_json::Value = common::sample_json("webhook_create_response.json");
    let request: serde_json::Value = common::sample_json("webhook_create_request.json");
    expect("POST", "webhooks")
        .and(body_json(request))
        .respond_with(json(201, created.clone()))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "webhooks").respond_with(json(206, json!({"webhooks": [{"id": 123, "event": "orders.created"}], "total": 1, "pages": 1, "page": 1}))).expect(1).mount(&server).await;
    expect("GET", "webhooks/123")
        .respond_with(json(200, json!({"webhook": {"id": 123}})))
        .expect(1)
        .mount(&server)
        .await;
    expect("DELETE", "webhooks/123")
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let w = rb
        .webhooks()
        .create(&NewWebhook {
            event: "orders.created".into(),
            url: "https://shop.example/webhooks/rackbeat/orders".into(),
            is_active: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        w.token.unwrap().expose_secret(),
        "abc123def456ghi789jkl012mno345pq"
    );
    assert_eq!(rb.webhooks().list().send().await.unwrap().items[0].id, 123);
    assert!(rb.webhooks().get(123).await.unwrap().token.is_none());
    rb.webhooks().delete(123).await.unwrap();
}

#[tokio::test]
async fn account_self_and_raw_json() {
    let server = MockServer::start().await;
    expect("GET", "self").respond_with(json(200, json!({"user_account": {"id": 12345, "company_name": "Shop AS"}, "user": {"id": 1, "name": "API"}}))).expect(1).mount(&server).await;
    expect("GET", "reports/checking")
        .and(query_param("show_all_locations", "true"))
        .respond_with(json(206, json!({"items": [], "total": 0})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let me = rb.account().await.unwrap();
    assert_eq!(me.user_account.unwrap().id, Some(12345));
    let v = rb
        .raw_json(
            rackbeat_client::Method::GET,
            &["reports", "checking"],
            &[("show_all_locations".into(), "true".into())],
            None,
        )
        .await
        .unwrap();
    assert_eq!(v["total"], json!(0));
}
