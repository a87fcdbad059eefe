//! Shared test helpers: a client pointed at wiremock, and header matchers.
#![allow(dead_code)]

#[cfg(feature = "client")]
#[allow(unused_imports)]
pub use client_helpers::*;

/// One of the project's JSON bodies in `tests/data/` (in the shapes of Rackbeat's documented
/// and observed samples; the folder's `README.md` says which each follows). A missing file
/// fails the test.
pub fn sample(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// [`sample`] parsed as JSON.
pub fn sample_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&sample(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[cfg(feature = "client")]
mod client_helpers {
    use std::time::Duration;

    use rackbeat_client::RackbeatClient;
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

    pub const TOKEN: &str = "test-token-SECRET-0123456789abcdef";

    /// A client for `server` with the base path `/api/`, no pacing and millisecond backoff.
    pub fn client(server: &MockServer) -> RackbeatClient {
        builder(server).build().unwrap()
    }

    pub fn builder(server: &MockServer) -> rackbeat_client::RackbeatClientBuilder {
        RackbeatClient::builder()
            .token(TOKEN)
            .base_url(format!("{}/api", server.uri()))
            .consumer_name("sw-rb-tests")
            .consumer_contact("ops@example.com")
            .requests_per_minute(0)
            .retries(3)
            .backoff(Duration::from_millis(1), Duration::from_millis(5))
            .max_retry_after(Duration::from_secs(1))
    }

    /// A mock for `verb path` that also requires every header the fact sheet lists.
    pub fn expect(verb: &str, p: &str) -> MockBuilder {
        Mock::given(method(verb))
            .and(path(format!("/api/{p}")))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(header("accept", "application/json"))
            .and(header("content-type", "application/json"))
            .and(header("user-agent", "sw-rb-tests (ops@example.com)"))
            .and(header("consumer-name", "sw-rb-tests"))
            .and(header("consumer-contact", "ops@example.com"))
            .and(header("api-version", "latest"))
    }

    pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_json(body)
    }
}
