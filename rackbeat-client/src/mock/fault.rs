//! Fault injection and rate limiting: what the fake does instead of answering normally.
//!
//! Rule: a [`Fault`] from [`MockRackbeat::fail_next`](super::MockRackbeat::fail_next) answers
//! *before* the request is handled, so it never changes state. Only
//! [`MockRackbeat::drop_response_after_write`](super::MockRackbeat::drop_response_after_write)
//! commits the write and then fails the answer: the case that creates duplicate orders.

use std::fmt;
use std::time::Duration;

/// Which requests a rule or a count applies to: `"<METHOD> <path>"`, the path relative to the
/// base URL (`…/api/`), e.g. `"POST /orders/drafts"`, `"GET /products/*"`,
/// `"POST /orders/{number}/book"`.
///
/// Segments are compared after percent-decoding. `*` or any `{name}` matches exactly one
/// segment, a trailing `**` matches the rest of the path (also nothing). The method `*` or
/// `ANY` matches every method; a pattern without a method (`"/orders"`) does too.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    method: Option<String>,
    segments: Vec<String>,
}

impl Endpoint {
    /// Parses a pattern such as `"POST /orders/drafts"`.
    pub fn new(pattern: &str) -> Self {
        let pattern = pattern.trim();
        let (method, path) = match pattern.split_once(char::is_whitespace) {
            Some((m, p)) if !m.starts_with('/') => (Some(m.to_ascii_uppercase()), p.trim()),
            _ => (None, pattern),
        };
        let method = method.filter(|m| m != "*" && m != "ANY");
        let path = path.trim_start_matches('/');
        let path = path.strip_prefix("api/").unwrap_or(path);
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.starts_with('{') && s.ends_with('}') {
                    "*".to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect();
        Self { method, segments }
    }

    /// Whether a request (method and decoded path segments) matches.
    pub(crate) fn matches(&self, method: &str, segments: &[String]) -> bool {
        if self
            .method
            .as_deref()
            .is_some_and(|m| !m.eq_ignore_ascii_case(method))
        {
            return false;
        }
        let mut pattern = self.segments.iter();
        let mut actual = segments.iter();
        loop {
            match (pattern.next(), actual.next()) {
                (Some(p), _) if p == "**" => return true,
                (None, None) => return true,
                (Some(p), Some(a)) if p == "*" || p == a => {}
                _ => return false,
            }
        }
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} /{}",
            self.method.as_deref().unwrap_or("*"),
            self.segments.join("/")
        )
    }
}

impl From<&str> for Endpoint {
    fn from(s: &str) -> Self {
        Endpoint::new(s)
    }
}

impl From<String> for Endpoint {
    fn from(s: String) -> Self {
        Endpoint::new(&s)
    }
}

impl From<&String> for Endpoint {
    fn from(s: &String) -> Self {
        Endpoint::new(s)
    }
}

/// How an injected failure answers. None of them performs the request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers with this status (e.g. 500, 502, 503) and the body `{"message":"Server Error"}`
    /// (the 5xx body is undocumented; this is Laravel's default).
    ServerError(u16),
    /// Answers only after the configured timeout delay
    /// ([`MockRackbeatBuilder::timeout_delay`](super::MockRackbeatBuilder::timeout_delay),
    /// default 120 s, longer than the 90 s request timeout the official SDK uses), so a client
    /// with any shorter timeout sees a timeout. The late answer is a 504 with an empty body.
    Timeout,
    /// Answers 200 with `Content-Type: application/json` and a truncated, unparsable body.
    MalformedBody,
}

/// One armed fault rule.
#[derive(Debug, Clone)]
pub(crate) struct FaultRule {
    pub(crate) endpoint: Endpoint,
    pub(crate) remaining: u32,
    pub(crate) action: FaultAction,
}

/// What an armed rule does.
#[derive(Debug, Clone)]
pub(crate) enum FaultAction {
    /// Fail before handling.
    Fail(Fault),
    /// Handle (commit the write), then answer 502 with an empty body.
    DropAfterWrite,
    /// Keep the write without performing it and answer 504 with an empty body; it is
    /// performed when the test lands it.
    Hold,
}

/// A request budget: at most `max_requests` per `window`, counted on the fake's clock.
///
/// Rackbeat publishes no figure; its own PHP wrapper throttles itself to 480 requests per
/// minute per token, which [`RateLimit::per_minute`] mirrors. The fake counts requests in
/// fixed windows that start at the first request (or at
/// [`MockRackbeat::reset_rate_limit`](super::MockRackbeat::reset_rate_limit)); with a frozen
/// clock the window moves only with
/// [`MockRackbeat::advance_time`](super::MockRackbeat::advance_time), which keeps tests
/// deterministic. Over the budget the answer is 429 with `Retry-After: <seconds until the
/// window ends>` (rounded up, at least 1) and `{"message":"Too Many Attempts."}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub max_requests: u32,
    /// Window length.
    pub window: Duration,
    /// Whether 429 answers carry `Retry-After` (unconfirmed on the real service; default on).
    pub retry_after: bool,
}

impl RateLimit {
    /// `n` requests per minute.
    pub fn per_minute(n: u32) -> Self {
        Self {
            max_requests: n,
            window: Duration::from_secs(60),
            retry_after: true,
        }
    }

    /// `n` requests per `window`.
    pub fn new(n: u32, window: Duration) -> Self {
        Self {
            max_requests: n,
            window,
            retry_after: true,
        }
    }

    /// Leaves `Retry-After` out of 429 answers (the other possibility the sheet allows).
    pub fn without_retry_after(mut self) -> Self {
        self.retry_after = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn patterns_match_methods_and_segments() {
        let book = Endpoint::new("POST /orders/{number}/book");
        assert!(book.matches("POST", &segs("orders/12/book")));
        assert!(!book.matches("GET", &segs("orders/12/book")));
        assert!(!book.matches("POST", &segs("orders/12")));
        let any = Endpoint::new("/products/**");
        assert!(any.matches("DELETE", &segs("products/A/locations")));
        assert!(any.matches("GET", &segs("products")));
        let api = Endpoint::new("get /api/orders");
        assert!(api.matches("GET", &segs("orders")));
        assert_eq!(api.to_string(), "GET /orders");
    }
}
