//! A caller's `reqwest::Client` (the builders' `http_client`) carries every request; the
//! session (login, cookies, language) works on top of it as on a client built here.
#![cfg(feature = "mock")]

use reqwest::header::{HeaderMap, HeaderValue};
use smartweb_client::mock::MockSmartWeb;
use smartweb_client::soap::{SoapVersion, build_fault};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client with a header only it sends (a proxy tag, say).
fn caller_client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-proxy-tag", HeaderValue::from_static("embedder"));
    smartweb_client::http::client_builder()
        .unwrap()
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn requests_carry_the_callers_client_headers() {
    let server = MockServer::start().await;
    // Only a request from the caller's client gets this fault; any other gets a 404.
    Mock::given(method("POST"))
        .and(path("/service.php"))
        .and(header("x-proxy-tag", "embedder"))
        .respond_with(ResponseTemplate::new(500).set_body_string(build_fault(
            "Server",
            "answered through the caller's client",
            SoapVersion::V11,
        )))
        .expect(1)
        .mount(&server)
        .await;
    let sw = smartweb_client::SmartWebClient::builder()
        .endpoint(format!("{}/service.php", server.uri()))
        .username("api@example.com")
        .password("secret")
        .http_client(caller_client())
        .build()
        .unwrap();
    // The login's answer: the fault came back through the caller's client.
    let error = sw.shop().webinfo().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("answered through the caller's client"),
        "{error}"
    );
}

#[tokio::test]
async fn the_session_works_over_a_callers_client_without_a_cookie_store() {
    let shop = MockSmartWeb::start().await;
    let sw = shop
        .client_builder()
        .http_client(caller_client())
        .build()
        .unwrap();
    sw.shop().webinfo().await.unwrap();
    sw.shop().languages().await.unwrap();
    let requests = shop.requests();
    let logins = requests
        .iter()
        .filter(|r| r.operation == "Solution_Connect")
        .count();
    assert_eq!(logins, 1, "one login, its cookie reused: {requests:?}");
    let later = requests
        .iter()
        .filter(|r| r.operation != "Solution_Connect");
    for request in later {
        assert!(request.session.is_some(), "{request:?}");
    }
}
