//! The client: configuration, and the one transport every call goes through.
//!
//! Rule owned here: a GraphQL request is paced, carries a Bearer token, and is sent again once
//! (with a fresh token) when the API answers 401; a non-empty `errors` array is an error even
//! with HTTP 200. Nothing else is retried.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use url::Url;

use super::auth::{TokenCache, fetch_token};
use super::error::{GraphqlError, ServerError, excerpt};
use super::pacing::Pacer;
use super::webhooks::SchemaCache;

/// Path of the token endpoint under the shop URL (API fact sheet §9).
pub const TOKEN_PATH: &str = "/auth/oauth/token";
/// Path of the GraphQL endpoint under the shop URL; the experimental schema is the one with the
/// webhook operations (API fact sheet §8–§9).
pub const GRAPHQL_PATH: &str = "/api/graphql/experimental";
/// Default pacing: SmartWeb documents 5 GraphQL calls per second (API fact sheet §2.10).
pub const DEFAULT_REQUESTS_PER_SECOND: u32 = 5;
/// Default whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for SmartWeb's GraphQL API, limited to webhook registration.
///
/// Cheap to clone; clones share the token, the pacing and the discovered schema shape.
/// Make one with [`GraphqlClient::builder`].
#[derive(Clone)]
pub struct GraphqlClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    endpoint: Url,
    token_url: Url,
    client_id: String,
    client_secret: SecretString,
    token: TokenCache,
    pacer: Pacer,
    pub(crate) schema: SchemaCache,
}

impl std::fmt::Debug for GraphqlClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphqlClient")
            .field("endpoint", &self.inner.endpoint.as_str())
            .field("token_url", &self.inner.token_url.as_str())
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &self.inner.client_secret)
            .finish_non_exhaustive()
    }
}

/// Configuration for a [`GraphqlClient`]; made by [`GraphqlClient::builder`].
///
/// `Debug` shows the client secret as redacted.
#[derive(Debug, Clone)]
pub struct GraphqlClientBuilder {
    shop_url: Option<String>,
    token_url: Option<String>,
    endpoint: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    requests_per_second: u32,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    idle_pool: bool,
    http_client: Option<reqwest::Client>,
}

impl Default for GraphqlClientBuilder {
    fn default() -> Self {
        Self {
            shop_url: None,
            token_url: None,
            endpoint: None,
            client_id: None,
            client_secret: None,
            requests_per_second: DEFAULT_REQUESTS_PER_SECOND,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            idle_pool: true,
            http_client: None,
        }
    }
}

impl GraphqlClientBuilder {
    /// The shop's base URL, e.g. `https://shop000000.mywebshop.io`. The token URL and the
    /// GraphQL endpoint default to [`TOKEN_PATH`] and [`GRAPHQL_PATH`] under it.
    #[must_use]
    pub fn shop_url(mut self, url: impl Into<String>) -> Self {
        self.shop_url = Some(url.into());
        self
    }

    /// Overrides the token URL (default `{shop}/auth/oauth/token`).
    #[must_use]
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Overrides the GraphQL endpoint (default `{shop}/api/graphql/experimental`), e.g. for a
    /// fake.
    #[must_use]
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The OAuth2 client id (admin *Settings → API*).
    #[must_use]
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// The OAuth2 client secret.
    #[must_use]
    pub fn client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Pacing (default [`DEFAULT_REQUESTS_PER_SECOND`]); applies to token and GraphQL requests.
    #[must_use]
    pub fn requests_per_second(mut self, rate: u32) -> Self {
        self.requests_per_second = rate;
        self
    }

    /// Whole-request timeout (default [`DEFAULT_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Turns off the request and connect timeouts and the idle-connection timer.
    ///
    /// For tests on a paused tokio clock: those timers are tokio timers, and a paused clock
    /// jumps to the next timer while a request waits on the (real) network, which would fire
    /// the timeout at once or move the clock far past a token's expiry.
    #[must_use]
    pub fn without_timeouts(mut self) -> Self {
        self.timeout = None;
        self.connect_timeout = None;
        self.idle_pool = false;
        self
    }

    /// Sends every request through `client` instead of one built here: for a proxy, extra
    /// root certificates, another TLS backend, your own timeouts or connection pool.
    ///
    /// [`timeout`](Self::timeout), [`connect_timeout`](Self::connect_timeout) and
    /// [`without_timeouts`](Self::without_timeouts) then no longer apply, and no `User-Agent`
    /// is set: configure those on `client`. URLs, credentials, tokens and pacing still do.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client (no request is sent yet).
    ///
    /// # Errors
    /// [`GraphqlError::Config`] when the client id or secret is missing or empty, neither a shop
    /// URL nor both explicit URLs are given, a URL does not parse, a URL is plain `http://` to
    /// a host other than loopback, or the pacing is zero.
    pub fn build(self) -> Result<GraphqlClient, GraphqlError> {
        let config = |m: &str| GraphqlError::Config(m.to_owned());
        let shop = self
            .shop_url
            .as_deref()
            .map(|s| parse_url("shop URL", s))
            .transpose()?;
        let derive =
            |explicit: Option<&str>, what: &str, path: &str| -> Result<Url, GraphqlError> {
                match (explicit, &shop) {
                    (Some(u), _) => parse_url(what, u),
                    (None, Some(shop)) => shop.join(path).map_err(|e| {
                        GraphqlError::Config(format!("cannot derive the {what}: {e}"))
                    }),
                    (None, None) => Err(GraphqlError::Config(format!("no shop URL and no {what}"))),
                }
            };
        let token_url = derive(self.token_url.as_deref(), "token URL", TOKEN_PATH)?;
        let endpoint = derive(self.endpoint.as_deref(), "GraphQL endpoint", GRAPHQL_PATH)?;
        let client_id = self
            .client_id
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| config("no client id"))?;
        let client_secret = self
            .client_secret
            .filter(|s| !s.expose_secret().is_empty())
            .ok_or_else(|| config("no client secret"))?;
        let rate = NonZeroU32::new(self.requests_per_second)
            .ok_or_else(|| config("requests per second must be at least 1"))?;
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let cannot =
                    |e: String| GraphqlError::Config(format!("cannot build the HTTP client: {e}"));
                let https = token_url.scheme() == "https" || endpoint.scheme() == "https";
                if https && !crate::http::HAS_TLS {
                    return Err(GraphqlError::Config(crate::http::NO_TLS.to_owned()));
                }
                let mut http = crate::http::client_builder()
                    .map_err(|e| cannot(e.to_string()))?
                    .user_agent(concat!("smartweb-client/", env!("CARGO_PKG_VERSION")));
                if let Some(t) = self.timeout {
                    http = http.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    http = http.connect_timeout(t);
                }
                if !self.idle_pool {
                    http = http.pool_idle_timeout(None);
                }
                http.build().map_err(|e| cannot(e.to_string()))?
            }
        };
        Ok(GraphqlClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                token_url,
                client_id,
                client_secret,
                token: TokenCache::default(),
                pacer: Pacer::per_second(rate),
                schema: SchemaCache::default(),
            }),
        })
    }
}

/// Parses a URL and refuses plain `http://` except to loopback (tests, local fakes).
fn parse_url(what: &str, text: &str) -> Result<Url, GraphqlError> {
    let url = Url::parse(text)
        .map_err(|e| GraphqlError::Config(format!("invalid {what} {text:?}: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(GraphqlError::Config(format!(
            "refusing plain http for the {what} {text:?}: use https (http is allowed for loopback only)"
        ))),
        other => Err(GraphqlError::Config(format!(
            "unsupported scheme {other:?} for the {what}"
        ))),
    }
}

/// The raw answer of one POST.
struct Answer {
    status: reqwest::StatusCode,
    retry_after: Option<Duration>,
    body: String,
}

impl GraphqlClient {
    /// A builder with the defaults (5 requests/s, 30 s timeout, 10 s connect timeout).
    #[must_use]
    pub fn builder() -> GraphqlClientBuilder {
        GraphqlClientBuilder::default()
    }

    /// The GraphQL endpoint in use.
    #[must_use]
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// Runs one GraphQL request and returns its `data`.
    ///
    /// `secrets` are scrubbed from any error text (servers may echo variables in messages).
    pub(crate) async fn execute(
        &self,
        query: &str,
        variables: Value,
        secrets: &[&str],
    ) -> Result<Value, GraphqlError> {
        let client_secret = self.inner.client_secret.expose_secret();
        let mut scrub: Vec<&str> = secrets.to_vec();
        scrub.push(client_secret);
        self.execute_inner(query, &variables)
            .await
            .map_err(|e| e.redacted(&scrub))
    }

    async fn execute_inner(&self, query: &str, variables: &Value) -> Result<Value, GraphqlError> {
        let body = json!({ "query": query, "variables": variables });
        let mut lease = self.lease().await?;
        let mut answer = self.post(&body, &lease.token).await?;
        if answer.status == reqwest::StatusCode::UNAUTHORIZED {
            tracing::debug!("GraphQL answered 401; renewing the token once");
            self.inner.token.invalidate(lease.generation).await;
            lease = self.lease().await?;
            answer = self.post(&body, &lease.token).await?;
        }
        decode_answer(answer)
    }

    async fn lease(&self) -> Result<super::auth::Lease, GraphqlError> {
        let inner = &self.inner;
        inner
            .token
            .lease(|| async {
                inner.pacer.ready().await;
                fetch_token(
                    &inner.http,
                    &inner.token_url,
                    &inner.client_id,
                    &inner.client_secret,
                )
                .await
            })
            .await
    }

    async fn post(&self, body: &Value, token: &SecretString) -> Result<Answer, GraphqlError> {
        let transport = |source| GraphqlError::Transport {
            target: "GraphQL endpoint",
            source,
        };
        self.inner.pacer.ready().await;
        let response = self
            .inner
            .http
            .post(self.inner.endpoint.clone())
            .bearer_auth(token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .map(Duration::from_secs);
        let body = response.text().await.map_err(transport)?;
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

/// `errors` first (whatever the status), then the HTTP status, then `data`.
fn decode_answer(answer: Answer) -> Result<Value, GraphqlError> {
    let json: Option<Value> = serde_json::from_str(&answer.body).ok();
    let errors = json
        .as_ref()
        .and_then(|j| j.get("errors"))
        .and_then(Value::as_array)
        .filter(|e| !e.is_empty());
    if let Some(errors) = errors {
        return Err(GraphqlError::Graphql {
            status: answer.status.as_u16(),
            errors: errors.iter().map(server_error).collect(),
        });
    }
    if !answer.status.is_success() {
        return Err(GraphqlError::Http {
            status: answer.status.as_u16(),
            retry_after: answer.retry_after,
            body: excerpt(&answer.body),
        });
    }
    match json.and_then(|mut j| j.get_mut("data").map(Value::take)) {
        Some(data) if !data.is_null() => Ok(data),
        _ => Err(GraphqlError::Decode {
            what: "GraphQL response".into(),
            message: "neither data nor errors".into(),
            excerpt: excerpt(&answer.body),
        }),
    }
}

/// One `errors` entry: `message`, `extensions.code` and `path`; strings and odd shapes kept.
pub(crate) fn server_error(value: &Value) -> ServerError {
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join("."),
            ),
            other => Some(other.to_string()),
        }
    };
    match value {
        Value::String(s) => ServerError {
            message: s.clone(),
            code: None,
            path: None,
        },
        Value::Object(o) => ServerError {
            message: text(o.get("message")).unwrap_or_else(|| excerpt(&value.to_string())),
            code: text(o.get("extensions").and_then(|e| e.get("code")))
                .or_else(|| text(o.get("code"))),
            path: text(o.get("path")).or_else(|| text(o.get("field"))),
        },
        other => ServerError {
            message: excerpt(&other.to_string()),
            code: None,
            path: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(parse_url("x", "https://shop000000.mywebshop.io").is_ok());
        assert!(parse_url("x", "http://127.0.0.1:8080/api").is_ok());
        assert!(parse_url("x", "http://localhost/api").is_ok());
        assert!(parse_url("x", "http://[::1]:9/").is_ok());
        let err = parse_url("x", "http://shop000000.mywebshop.io").unwrap_err();
        assert!(err.to_string().contains("refusing plain http"), "{err}");
    }

    #[test]
    fn builder_derives_default_urls_and_redacts_the_secret() {
        let client = GraphqlClient::builder()
            .shop_url("https://shop000000.mywebshop.io")
            .client_id("id")
            .client_secret("hunter2-secret")
            .build()
            .unwrap();
        assert_eq!(
            client.endpoint().as_str(),
            "https://shop000000.mywebshop.io/api/graphql/experimental"
        );
        assert_eq!(
            client.inner.token_url.as_str(),
            "https://shop000000.mywebshop.io/auth/oauth/token"
        );
        let debug = format!("{client:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        let builder_debug = format!(
            "{:?}",
            GraphqlClient::builder().client_secret("hunter2-secret")
        );
        assert!(!builder_debug.contains("hunter2"), "{builder_debug}");
    }

    #[test]
    fn builder_refuses_missing_credentials_and_zero_rate() {
        let base = || GraphqlClient::builder().shop_url("https://s.mywebshop.io");
        assert!(matches!(
            base().client_secret("s").build(),
            Err(GraphqlError::Config(_))
        ));
        assert!(matches!(
            base().client_id("i").build(),
            Err(GraphqlError::Config(_))
        ));
        let zero = base()
            .client_id("i")
            .client_secret("s")
            .requests_per_second(0)
            .build();
        assert!(matches!(zero, Err(GraphqlError::Config(_))));
        let no_url = GraphqlClient::builder()
            .client_id("i")
            .client_secret("s")
            .build();
        assert!(matches!(no_url, Err(GraphqlError::Config(_))));
    }

    #[test]
    fn server_errors_keep_message_code_and_path() {
        let e = server_error(
            &json!({"message":"nope","extensions":{"code":"FORBIDDEN"},"path":["webhookCreate", 0]}),
        );
        assert_eq!(e.message, "nope");
        assert_eq!(e.code.as_deref(), Some("FORBIDDEN"));
        assert_eq!(e.path.as_deref(), Some("webhookCreate.0"));
        assert_eq!(server_error(&json!("plain")).message, "plain");
    }
}
