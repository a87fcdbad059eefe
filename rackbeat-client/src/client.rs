//! [`RackbeatClient`] and its builder.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::error::{Error, Result};

/// Default base URL of the Rackbeat API.
pub const DEFAULT_BASE_URL: &str = "https://app.rackbeat.com/api/";
/// Default pacing: Rackbeat's own PHP wrapper throttles itself to this many requests per minute.
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 480;
/// Default (and recommended maximum) page size for streams.
pub const DEFAULT_PAGE_SIZE: u32 = 200;
/// Whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(90);
/// TCP/TLS connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a request that may be repeated is sent again (GET, PUT and DELETE after a
/// 429, 5xx or timeout; POST only after a 429; a connection that could not be made, never).
pub const DEFAULT_RETRIES: usize = 3;
/// First back-off delay (jittered, doubling each time).
pub const DEFAULT_BACKOFF_MIN_DELAY: Duration = Duration::from_millis(500);
/// Longest back-off delay.
pub const DEFAULT_BACKOFF_MAX_DELAY: Duration = Duration::from_secs(30);
/// A `Retry-After` longer than this is not waited for: the 429 is returned instead.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// Retry settings: jittered exponential backoff for GET, PUT and DELETE (and for a POST
/// answered with 429, which the server refused before handling it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub(crate) retries: usize,
    /// First backoff delay.
    pub(crate) min_delay: Duration,
    /// Longest backoff delay.
    pub(crate) max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the 429 is returned instead.
    pub(crate) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: DEFAULT_RETRIES,
            min_delay: DEFAULT_BACKOFF_MIN_DELAY,
            max_delay: DEFAULT_BACKOFF_MAX_DELAY,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }
}

/// A Rackbeat API client. Cheap to clone; clones share the connection pool and the pacer.
///
/// Build one with [`RackbeatClient::builder`], then use the resource handlers
/// ([`products`](Self::products), [`orders`](Self::orders), …).
#[derive(Clone)]
pub struct RackbeatClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Sent with every request (token, identification, content type), so that they arrive
    /// through a caller's client too.
    pub(crate) headers: HeaderMap,
    pub(crate) base_url: Url,
    pub(crate) pacer: Option<DefaultDirectRateLimiter>,
    pub(crate) retry: RetryPolicy,
    pub(crate) page_size: u32,
    pub(crate) max_response_bytes: u64,
    pub(crate) counters: crate::stats::Counters,
}

impl fmt::Debug for RackbeatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RackbeatClient")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &"[REDACTED]")
            .field("paced", &self.inner.pacer.is_some())
            .field("retry", &self.inner.retry)
            .field("page_size", &self.inner.page_size)
            .finish()
    }
}

impl RackbeatClient {
    /// Starts configuring a client.
    pub fn builder() -> RackbeatClientBuilder {
        RackbeatClientBuilder::default()
    }

    /// How many requests this client and its clones sent, per endpoint
    /// (`POST /orders/drafts`, `GET /products/{n}`), retries included.
    pub fn request_stats(&self) -> crate::stats::RequestStats {
        self.inner.counters.snapshot()
    }

    /// The base URL every path is joined to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The page size used by streams and look-ups.
    pub fn page_size(&self) -> u32 {
        self.inner.page_size
    }
}

/// Default cap on a response body (64 MiB): far above any page Rackbeat sends, low enough
/// that a misbehaving server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Configures a [`RackbeatClient`].
#[derive(Clone)]
pub struct RackbeatClientBuilder {
    token: Option<SecretString>,
    base_url: String,
    user_agent: Option<String>,
    consumer_name: String,
    consumer_contact: Option<String>,
    api_version: String,
    timeout: Duration,
    connect_timeout: Duration,
    requests_per_minute: Option<u32>,
    retry: RetryPolicy,
    page_size: u32,
    max_response_bytes: u64,
    http_client: Option<reqwest::Client>,
}

impl Default for RackbeatClientBuilder {
    fn default() -> Self {
        Self {
            token: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            user_agent: None,
            consumer_name: "rackbeat-client".to_owned(),
            consumer_contact: None,
            api_version: "latest".to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            requests_per_minute: Some(DEFAULT_REQUESTS_PER_MINUTE),
            retry: RetryPolicy::default(),
            page_size: DEFAULT_PAGE_SIZE,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http_client: None,
        }
    }
}

impl fmt::Debug for RackbeatClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RackbeatClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .field("base_url", &self.base_url)
            .field("consumer_name", &self.consumer_name)
            .field("api_version", &self.api_version)
            .field("requests_per_minute", &self.requests_per_minute)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl RackbeatClientBuilder {
    /// The API token (required). Sent as `Authorization: Bearer …`; never logged.
    pub fn token(mut self, token: impl Into<SecretString>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Base URL (default [`DEFAULT_BASE_URL`]); point it at a fake for tests.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// `User-Agent`; defaults to `"<consumer name> (<consumer contact>)"` like the official SDK.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// `Consumer-Name` header (default `rackbeat-client`).
    pub fn consumer_name(mut self, name: impl Into<String>) -> Self {
        self.consumer_name = name.into();
        self
    }

    /// `Consumer-Contact` header (an e-mail); Rackbeat asks integrators to send it.
    pub fn consumer_contact(mut self, contact: impl Into<String>) -> Self {
        self.consumer_contact = Some(contact.into());
        self
    }

    /// `API-Version` header (default `latest`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// Whole-request timeout (default [`DEFAULT_TIMEOUT`]). For none at all, pass an
    /// [`http_client`](Self::http_client) without one.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Client-side pacing in requests per minute, evenly spaced and shared by all clones
    /// (default [`DEFAULT_REQUESTS_PER_MINUTE`]). `0` turns pacing off.
    pub fn requests_per_minute(mut self, requests_per_minute: u32) -> Self {
        self.requests_per_minute = (requests_per_minute > 0).then_some(requests_per_minute);
        self
    }

    /// How often a request that may be repeated is sent again (default [`DEFAULT_RETRIES`]):
    /// GET, PUT and DELETE after a 429, 5xx or timeout, POST only after a 429 (refused before
    /// it was handled); a connection that could not be made is returned at once. `0` disables
    /// retrying.
    pub fn retries(mut self, retries: usize) -> Self {
        self.retry.retries = retries;
        self
    }

    /// Back-off delays between retries: the first (jittered, doubling each time) and the
    /// longest (defaults [`DEFAULT_BACKOFF_MIN_DELAY`] and [`DEFAULT_BACKOFF_MAX_DELAY`]).
    pub fn backoff(mut self, min_delay: Duration, max_delay: Duration) -> Self {
        self.retry.min_delay = min_delay;
        self.retry.max_delay = max_delay.max(min_delay);
        self
    }

    /// The longest `Retry-After` of a 429 that is waited for (default
    /// [`DEFAULT_MAX_RETRY_AFTER`]); a longer one returns the 429.
    pub fn max_retry_after(mut self, longest: Duration) -> Self {
        self.retry.max_retry_after = longest;
        self
    }

    /// Page size for streams and look-ups (default 200, clamped to 1..=1000).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.clamp(1, 1000);
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a
    /// larger answer fails with [`Error::ResponseTooLarge`] without being read further.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Sends every request through `client` instead of one built here: for a proxy, extra
    /// root certificates, another TLS backend, your own timeouts or connection pool.
    ///
    /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout) then no
    /// longer apply: configure them on `client`. Everything else still does: the token and
    /// the identification headers (`User-Agent`, `Consumer-Name`, `Consumer-Contact`,
    /// `API-Version`) go with every request and replace the same headers set on `client`;
    /// its other default headers are sent as well. Pacing, retries and the response size
    /// limit apply as usual.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<RackbeatClient> {
        let token = self
            .token
            .ok_or_else(|| Error::Config("an API token is required".into()))?;
        if token.expose_secret().trim().is_empty() {
            return Err(Error::Config("the API token is empty".into()));
        }
        let mut base = self.base_url.clone();
        if !base.ends_with('/') {
            base.push('/');
        }
        let base_url =
            Url::parse(&base).map_err(|e| Error::Config(format!("bad base URL: {e}")))?;
        if base_url.cannot_be_a_base() {
            return Err(Error::Config("the base URL cannot be a base".into()));
        }
        check_scheme(&base_url)?;
        if self.max_response_bytes == 0 {
            return Err(Error::Config(
                "max_response_bytes must be at least 1".into(),
            ));
        }

        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| {
                Error::Config("the API token contains characters not allowed in a header".into())
            })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let user_agent = self
            .user_agent
            .clone()
            .unwrap_or_else(|| match &self.consumer_contact {
                Some(c) => format!("{} ({c})", self.consumer_name),
                None => format!("{}/{}", self.consumer_name, env!("CARGO_PKG_VERSION")),
            });
        headers.insert(USER_AGENT, header_value("User-Agent", &user_agent)?);
        headers.insert(
            HeaderName::from_static("consumer-name"),
            header_value("Consumer-Name", &self.consumer_name)?,
        );
        if let Some(contact) = &self.consumer_contact {
            headers.insert(
                HeaderName::from_static("consumer-contact"),
                header_value("Consumer-Contact", contact)?,
            );
        }
        headers.insert(
            HeaderName::from_static("api-version"),
            header_value("API-Version", &self.api_version)?,
        );

        let http = match self.http_client {
            Some(client) => client,
            None => {
                if base_url.scheme() == "https" && !crate::http::HAS_TLS {
                    return Err(Error::Config(crate::http::NO_TLS.into()));
                }
                crate::http::client_builder()?
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| {
                        Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                    })?
            }
        };

        // Evenly spaced, no burst: a server counting per fixed minute window would otherwise
        // see a burst on top of a full minute of paced requests (429s).
        let pacer = self
            .requests_per_minute
            .and_then(NonZeroU32::new)
            .map(|rpm| RateLimiter::direct(Quota::per_minute(rpm).allow_burst(NonZeroU32::MIN)));

        Ok(RackbeatClient {
            inner: Arc::new(Inner {
                http,
                headers,
                base_url,
                pacer,
                retry: self.retry,
                page_size: self.page_size,
                max_response_bytes: self.max_response_bytes,
                counters: crate::stats::Counters::default(),
            }),
        })
    }
}

/// `https://` anywhere; plain `http://` only to a loopback host (tests and local fakes), so
/// the token never crosses a network in clear text.
fn check_scheme(url: &Url) -> Result<()> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(Error::Config(
            "plain http:// is only allowed to a loopback host; use https://".into(),
        )),
        other => Err(Error::Config(format!(
            "the base URL scheme must be https, not {other}"
        ))),
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Config(format!("the {name} header value is not valid")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_pacer() {
        let rb = local().requests_per_minute(60).build().unwrap();
        let clone = rb.clone();
        let pacer = |c: &RackbeatClient| c.inner.pacer.as_ref().map(|p| p.check().is_ok());
        // 60/min allows a burst of one: the clone finds the cell the original just used.
        assert_eq!(pacer(&rb), Some(true));
        assert_eq!(pacer(&clone), Some(false));
        assert!(
            local()
                .requests_per_minute(0)
                .build()
                .unwrap()
                .inner
                .pacer
                .is_none()
        );
    }

    /// A builder that builds in every feature set (no TLS needed for loopback).
    fn local() -> RackbeatClientBuilder {
        RackbeatClient::builder()
            .token("t")
            .base_url("http://127.0.0.1:9/api/")
    }

    #[test]
    fn https_needs_a_tls_feature_or_a_callers_client() {
        let https = RackbeatClient::builder().token("t").build();
        if crate::http::HAS_TLS {
            assert!(https.is_ok(), "{https:?}");
        } else {
            assert!(
                matches!(&https, Err(Error::Config(m)) if m == crate::http::NO_TLS),
                "{https:?}"
            );
        }
        let caller = crate::http::client_builder().unwrap().build().unwrap();
        let with_caller = RackbeatClient::builder()
            .token("t")
            .http_client(caller)
            .build();
        assert!(with_caller.is_ok(), "{with_caller:?}");
    }

    #[test]
    fn default_pacing_is_480_per_minute_evenly_spaced() {
        let rb = local().build().unwrap();
        let pacer = rb.inner.pacer.as_ref().unwrap();
        let allowed = (0..20).filter(|_| pacer.check().is_ok()).count();
        assert_eq!(allowed, 1);
    }
}
