//! The client's error type.

use std::collections::BTreeMap;
use std::time::Duration;

/// At most this many bytes of a server body are kept in an error.
pub(crate) const BODY_CAP: usize = 2048;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong talking to Rackbeat. The API token never appears in any variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 422: validation or a business rule. `fields` maps Laravel-style paths such as
    /// `lines.0.item_id` to their messages.
    #[error("Rackbeat rejected the request (422){}", summary(.message, .fields))]
    Validation {
        /// Top-level `message`, when the server sent one.
        message: Option<String>,
        /// Field path → messages.
        fields: BTreeMap<String, Vec<String>>,
        /// The raw body, capped.
        body: String,
    },
    /// 401: the token is missing, wrong or revoked.
    #[error("Rackbeat refused the API token (401)")]
    Unauthorized {
        /// The raw body, capped.
        body: String,
    },
    /// 403: the token lacks a scope, or the action is not allowed.
    #[error("Rackbeat forbade the request (403)")]
    Forbidden {
        /// The raw body, capped.
        body: String,
    },
    /// 404: no such resource.
    #[error("not found in Rackbeat (404)")]
    NotFound {
        /// The raw body, capped.
        body: String,
    },
    /// 429: over the rate limit; retries were exhausted or not allowed.
    #[error("Rackbeat rate limit hit (429){}", .retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The `Retry-After` the server sent, if any.
        retry_after: Option<Duration>,
        /// The raw body, capped.
        body: String,
    },
    /// 5xx: the server failed.
    #[error("Rackbeat server error ({status})")]
    Server {
        /// HTTP status.
        status: u16,
        /// The raw body, capped.
        body: String,
    },
    /// Any other non-success status (e.g. 400).
    #[error("Rackbeat answered with HTTP {status}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The raw body, capped.
        body: String,
    },
    /// The request did not complete (connect, timeout, I/O).
    #[error("transport error talking to Rackbeat ({kind})")]
    Transport {
        /// What kind of failure.
        kind: TransportKind,
        /// The underlying error, with any URL stripped.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A success response whose body did not match the expected shape.
    #[error("cannot decode Rackbeat response at `{path}`: {message}")]
    Decode {
        /// JSON path of the failing value, e.g. `products[3].sales_price`.
        path: String,
        /// What serde reported.
        message: String,
        /// The start of the body, capped.
        snippet: String,
    },
    /// The response body was larger than the configured cap
    /// (`RackbeatClientBuilder::max_response_bytes`); it was not read further.
    #[error("Rackbeat response larger than {limit_bytes} bytes")]
    ResponseTooLarge {
        /// The configured limit.
        limit_bytes: u64,
    },
    /// The client was configured wrongly (bad base URL, missing token, …).
    #[error("invalid Rackbeat client configuration: {0}")]
    Config(String),
}

/// The kind of a [`Error::Transport`] failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// Could not connect.
    Connect,
    /// The request timed out.
    Timeout,
    /// Anything else (reset connection, bad TLS, …).
    Other,
}

impl std::fmt::Display for TransportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Other => "other",
        })
    }
}

fn summary(message: &Option<String>, fields: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::new();
    if let Some(m) = message {
        out.push_str(": ");
        out.push_str(m);
    }
    for (i, (path, msgs)) in fields.iter().enumerate() {
        out.push_str(if i == 0 && message.is_none() {
            ": "
        } else {
            "; "
        });
        out.push_str(path);
        out.push_str(": ");
        out.push_str(&msgs.join(", "));
    }
    out
}

impl Error {
    /// Whether retrying the same request later may succeed: 429, 5xx, connect errors and
    /// timeouts. The client retries 5xx and timeouts itself for GET, PUT and DELETE, a 429 for
    /// any method, and a connect error never (the service cannot be reached now).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Server { .. } => true,
            Self::Transport { kind, .. } => {
                matches!(kind, TransportKind::Connect | TransportKind::Timeout)
            }
            _ => false,
        }
    }

    /// Whether the server definitely said no and nothing was created or changed: 400, 401,
    /// 403, 404, 409 or 422. Safe to record as a failure and to try again once the cause
    /// is fixed. Everything else (a lost answer, a timeout, 429, 5xx, an answer that could
    /// not be read) is ambiguous for a write: it may have taken effect, so the write must
    /// be looked up before it is repeated.
    pub fn is_rejection(&self) -> bool {
        matches!(self.status(), Some(400 | 401 | 403 | 404 | 409 | 422))
    }

    /// Whether the token was refused (401) or lacks rights (403).
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Unauthorized { .. } | Self::Forbidden { .. })
    }

    /// Whether this is a 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// The HTTP status the server answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Validation { .. } => Some(422),
            Self::Unauthorized { .. } => Some(401),
            Self::Forbidden { .. } => Some(403),
            Self::NotFound { .. } => Some(404),
            Self::RateLimited { .. } => Some(429),
            Self::Server { status, .. } | Self::Status { status, .. } => Some(*status),
            Self::Transport { .. }
            | Self::Decode { .. }
            | Self::ResponseTooLarge { .. }
            | Self::Config(_) => None,
        }
    }

    /// Classifies a non-success answer (status and raw body) exactly as the client does,
    /// parsing a 422 body's `message` and `errors`. Never panics on any body; useful for
    /// tests, fuzzing and embedders with their own transport.
    pub fn from_response(status: u16, body: &[u8]) -> Self {
        match reqwest::StatusCode::from_u16(status) {
            Ok(code) => crate::transport::status_error(code, None, body),
            Err(_) => Self::Status {
                status,
                body: capped(body),
            },
        }
    }

    /// The raw (capped) body the server sent with an error status.
    pub fn body(&self) -> Option<&str> {
        match self {
            Self::Validation { body, .. }
            | Self::Unauthorized { body }
            | Self::Forbidden { body }
            | Self::NotFound { body }
            | Self::RateLimited { body, .. }
            | Self::Server { body, .. }
            | Self::Status { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Cuts `bytes` to at most [`BODY_CAP`] bytes of (lossy) UTF-8, on a char boundary.
pub(crate) fn capped(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.len() <= BODY_CAP {
        return text.into_owned();
    }
    let mut end = BODY_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text.get(..end).unwrap_or_default().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_are_the_definite_no_answers() {
        for status in [400, 401, 403, 404, 409, 422] {
            let e = Error::from_response(status, b"{\"message\":\"no\"}");
            assert!(e.is_rejection(), "{status}: {e}");
            assert!(!e.is_retryable(), "{status}");
        }
    }

    #[test]
    fn a_transport_cause_is_the_source_never_also_the_display() {
        use std::error::Error as _;
        let e = Error::Transport {
            kind: TransportKind::Connect,
            source: "connection refused".into(),
        };
        assert_eq!(
            e.to_string(),
            "transport error talking to Rackbeat (connect)"
        );
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("connection refused")
        );
    }

    #[test]
    fn ambiguous_answers_are_not_rejections() {
        for status in [408, 429, 500, 502, 503, 504] {
            let e = Error::from_response(status, b"");
            assert!(!e.is_rejection(), "{status}: {e}");
        }
        let lost = [
            Error::Transport {
                kind: TransportKind::Timeout,
                source: "timed out".into(),
            },
            Error::Transport {
                kind: TransportKind::Other,
                source: "connection reset".into(),
            },
            Error::Decode {
                path: "order".into(),
                message: "truncated".into(),
                snippet: String::new(),
            },
            Error::ResponseTooLarge { limit_bytes: 1 },
            Error::Config("no token".into()),
        ];
        for e in lost {
            assert!(!e.is_rejection(), "{e}");
        }
    }
}
