//! Transport behaviour: pagination streams, error mapping, retries, secrecy of the token.
#![cfg(feature = "client")]

use crate::common;

use std::time::Duration;

use common::{TOKEN, builder, client, expect, json};
use futures::TryStreamExt;
use rackbeat_client::model::{NewOrder, Product, ProductUpdate};
use rackbeat_client::{Error, RackbeatClient, TransportKind};
use serde_json::json;
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{MockServer, ResponseTemplate};

fn products_page(page: u64, pages: u64, numbers: &[&str]) -> ResponseTemplate {
    let items: Vec<_> = numbers.iter().map(|n| json!({"number": n})).collect();
    json(
        206,
        json!({"products": items, "total": 5, "pages": pages, "page": page, "limit": 2}),
    )
}

#[tokio::test]
async fn stream_walks_three_pages_then_stops() {
    let server = MockServer::start().await;
    for (page, numbers) in [(1, vec!["a", "b"]), (2, vec!["c", "d"]), (3, vec!["e"])] {
        expect("GET", "products")
            .and(query_param("page", page.to_string().as_str()))
            .and(query_param("limit", "2"))
            .and(query_param("search", "x"))
            .respond_with(products_page(page, 3, &numbers))
            .expect(1)
            .mount(&server)
            .await;
    }
    expect("GET", "products")
        .and(query_param("page", "4"))
        .respond_with(products_page(4, 3, &[]))
        .expect(0)
        .mount(&server)
        .await;
    let all: Vec<Product> = client(&server)
        .products()
        .list()
        .search("x")
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<_> = all.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn stream_stops_at_an_empty_page_even_if_pages_claims_more() {
    let server = MockServer::start().await;
    expect("GET", "products")
        .and(query_param("page", "1"))
        .respond_with(products_page(1, 99, &["a", "b"]))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "products")
        .and(query_param("page", "2"))
        .respond_with(products_page(2, 99, &[]))
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<Product> = client(&server)
        .products()
        .list()
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn validation_sample_becomes_field_errors() {
    let server = MockServer::start().await;
    let body: serde_json::Value = common::sample_json("error_422_validation.json");
    expect("POST", "orders/drafts")
        .respond_with(json(422, body))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .orders()
        .create_draft(&NewOrder::default())
        .await
        .unwrap_err();
    let Error::Validation {
        message, fields, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(message, &None);
    assert_eq!(fields["customer_id"], ["The selected Customer is invalid."]);
    assert_eq!(fields["lines.0.item_id"], ["Product needed"]);
    assert_eq!(fields["lines.0.variations.0.option_id"].len(), 1);
    assert_eq!(err.status(), Some(422));
    assert!(!err.is_retryable());
    assert!(
        err.to_string().contains("lines.0.item_id: Product needed"),
        "{err}"
    );
}

#[tokio::test]
async fn validation_with_top_level_message() {
    let server = MockServer::start().await;
    expect("GET", "orders")
        .respond_with(json(
            422,
            json!({"message": "Property 'is_booked' is not filterable", "errors": {}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .orders()
        .list()
        .param("is_booked", "true")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { message: Some(m), .. } if m.contains("is_booked")),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limited_with_retry_after_then_success() {
    let server = MockServer::start().await;
    expect("GET", "products/A")
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "products/A")
        .respond_with(json(200, json!({"product": {"number": "A"}})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).products().get("A").await.unwrap().number,
        "A"
    );
}

#[tokio::test]
async fn rate_limited_without_retry_after_then_success() {
    let server = MockServer::start().await;
    expect("PUT", "products/A")
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    expect("PUT", "products/A")
        .respond_with(json(200, json!({"product": {"number": "A"}})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .products()
        .update("A", &ProductUpdate::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn rate_limit_on_post_is_returned_with_retry_after() {
    let server = MockServer::start().await;
    expect("POST", "orders/drafts")
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .orders()
        .create_draft(&NewOrder::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(30)),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn retry_after_longer_than_allowed_is_not_waited_for() {
    let server = MockServer::start().await;
    expect("GET", "products/A")
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).products().get("A").await.unwrap_err();
    assert_eq!(err.status(), Some(429));
}

#[tokio::test]
async fn server_error_is_retried_for_get() {
    let server = MockServer::start().await;
    expect("GET", "orders/1")
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    expect("GET", "orders/1")
        .respond_with(json(200, json!({"order": {"number": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client(&server).orders().get(1).await.unwrap().number, 1);
}

#[tokio::test]
async fn server_error_is_retried_for_delete_until_exhausted() {
    let server = MockServer::start().await;
    expect("DELETE", "orders/1")
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .expect(4)
        .mount(&server)
        .await;
    let err = client(&server).orders().delete(1).await.unwrap_err();
    assert!(
        matches!(&err, Error::Server { status: 500, body } if body == "boom"),
        "{err:?}"
    );
}

#[tokio::test]
async fn server_error_is_not_retried_for_post() {
    let server = MockServer::start().await;
    expect("POST", "orders")
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .orders()
        .create(&NewOrder::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(
        err.is_retryable(),
        "the caller may retry after checking for a duplicate"
    );
}

#[tokio::test]
async fn other_statuses_are_typed_and_not_retried() {
    let server = MockServer::start().await;
    expect("GET", "orders/1")
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthenticated."))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders/2")
        .respond_with(ResponseTemplate::new(403))
        .expect(1)
        .mount(&server)
        .await;
    expect("GET", "orders/3")
        .respond_with(ResponseTemplate::new(400))
        .expect(1)
        .mount(&server)
        .await;
    let rb = client(&server);
    let e1 = rb.orders().get(1).await.unwrap_err();
    assert!(matches!(&e1, Error::Unauthorized { body } if body == "Unauthenticated."));
    assert!(e1.is_auth());
    assert!(matches!(
        rb.orders().get(2).await.unwrap_err(),
        Error::Forbidden { .. }
    ));
    assert!(matches!(
        rb.orders().get(3).await.unwrap_err(),
        Error::Status { status: 400, .. }
    ));
}

#[tokio::test]
async fn decode_error_names_the_json_path() {
    let server = MockServer::start().await;
    expect("GET", "products")
        .and(query_param_is_missing("limit"))
        .respond_with(json(206, json!({"products": [{"number": "a"}, {"number": "b", "sales_price": "12,50"}], "total": 2, "pages": 1, "page": 1})))
        .mount(&server)
        .await;
    let err = client(&server).products().list().send().await.unwrap_err();
    let Error::Decode { path, snippet, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "products[1].sales_price");
    assert!(snippet.contains("12,50"), "{snippet}");
}

#[tokio::test]
async fn connect_errors_are_transport_and_retryable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let rb = RackbeatClient::builder()
        .token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/api/"))
        .requests_per_minute(0)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let err = rb.orders().get(1).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert!(!format!("{err:?}{err}").contains(TOKEN));
}

#[tokio::test]
async fn timeouts_are_transport_errors() {
    let server = MockServer::start().await;
    expect("POST", "orders")
        .respond_with(json(201, json!({})).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let rb = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = rb.orders().create(&NewOrder::default()).await.unwrap_err();
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
async fn token_never_appears_in_debug_or_errors() {
    let server = MockServer::start().await;
    expect("GET", "self")
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let b = builder(&server);
    assert!(!format!("{b:?}").contains(TOKEN));
    let rb = b.build().unwrap();
    assert!(!format!("{rb:?}").contains(TOKEN));
    assert!(format!("{rb:?}").contains("REDACTED"));
    let err = rb.account().await.unwrap_err();
    assert!(!format!("{err:?} {err}").contains(TOKEN));
    let err = RackbeatClient::builder()
        .token(TOKEN)
        .base_url("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(!format!("{err:?} {err}").contains(TOKEN));
    assert!(matches!(
        RackbeatClient::builder().build().unwrap_err(),
        Error::Config(_)
    ));
}

#[tokio::test]
async fn default_headers_without_consumer_contact() {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::header("api-version", "2020-07-26"))
        .and(wiremock::matchers::header(
            "consumer-name",
            "rackbeat-client",
        ))
        .and(wiremock::matchers::header_exists("user-agent"))
        .respond_with(json(200, json!({"user_account": {"id": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = RackbeatClient::builder()
        .token("t")
        .base_url(server.uri())
        .api_version("2020-07-26")
        .build()
        .unwrap();
    assert_eq!(rb.base_url().as_str(), format!("{}/", server.uri()));
    rb.account().await.unwrap();
}
