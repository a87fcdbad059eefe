//! A caller's `reqwest::Client` (`RackbeatClientBuilder::http_client`) carries every request,
//! with the builder's token and identification headers on top of the client's own.
#![cfg(feature = "client")]

use crate::common;

use common::{TOKEN, builder, expect, json};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;
use wiremock::MockServer;
use wiremock::matchers::header;

fn caller_client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-proxy-tag", HeaderValue::from_static("embedder"));
    // Replaced by the builder's: Rackbeat asks integrators to identify themselves.
    headers.insert("consumer-name", HeaderValue::from_static("not-this-one"));
    rackbeat_client::http::client_builder()
        .unwrap()
        .default_headers(headers)
        .user_agent("embedder-agent/1.0")
        .build()
        .unwrap()
}

#[tokio::test]
async fn requests_go_through_the_callers_client_with_the_builders_headers() {
    let server = MockServer::start().await;
    // `expect` requires the token and every identification header of the builder.
    expect("GET", "products/A1")
        .and(header("x-proxy-tag", "embedder"))
        .respond_with(json(200, json!({"product": {"number": "A1"}})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = builder(&server)
        .http_client(caller_client())
        .build()
        .unwrap();
    let product = rb.products().get("A1").await.unwrap();
    assert_eq!(product.number, "A1");
    let seen = server.received_requests().await.unwrap();
    let request = seen.first().unwrap();
    assert_eq!(
        request.headers.get_all("consumer-name").iter().count(),
        1,
        "the builder's header replaces the client's"
    );
    assert_eq!(
        request.headers.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
}

#[tokio::test]
async fn writes_go_through_the_callers_client_too() {
    let server = MockServer::start().await;
    expect("POST", "orders/7/book")
        .and(header("x-proxy-tag", "embedder"))
        .respond_with(json(200, json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let rb = builder(&server)
        .http_client(caller_client())
        .build()
        .unwrap();
    rb.orders().book(7, false).await.unwrap();
}
