//! Whether and when to send a request again: one pure decision, kept apart from the HTTP code.
//!
//! | answer | GET, HEAD, PUT, DELETE (idempotent) | POST, PATCH |
//! |---|---|---|
//! | 429 | again, after `Retry-After` (up to the cap) or the back-off | the same: refused before it was handled |
//! | 5xx, timeout | again, after the back-off | never: the write may have taken effect |
//! | connect error | never: the service cannot be reached now | never |
//! | anything else | never | never |
//!
//! A connection that could not be made (name not resolved, refused, no route, TLS handshake
//! failed, no connection within the connect timeout) is returned at once: sending again within
//! seconds meets the same wall, and a caller that cannot reach the service at all learns it
//! within one connect timeout instead of several. The next run tries again.
//!
//! The back-off schedule (jittered, exponential, bounded in number) comes from `backon`; its
//! next delay is `None` once the retries are used up, and then nothing is sent again.

use std::time::Duration;

use reqwest::Method;

use crate::client::RetryPolicy;
use crate::error::{Error, TransportKind};

/// The delay before sending `method` again after `error`, or `None` to return the error.
///
/// `backoff` is the schedule's next delay (`None`: the retries are used up). A 429's
/// `Retry-After` replaces it, and one longer than [`RetryPolicy::max_retry_after`] is not
/// waited for.
pub(crate) fn retry_delay(
    method: &Method,
    error: &Error,
    backoff: Option<Duration>,
    policy: &RetryPolicy,
) -> Option<Duration> {
    let backoff = backoff?;
    match error {
        // Sheet §1.8: a throttled request was refused before it was handled, so repeating it
        // cannot create a duplicate, whatever the method.
        Error::RateLimited {
            retry_after: Some(after),
            ..
        } => (*after <= policy.max_retry_after).then_some(*after),
        Error::RateLimited { .. } => Some(backoff),
        Error::Transport {
            kind: TransportKind::Connect,
            ..
        } => None,
        // A 5xx or a lost answer to a write may hide the write: never repeated blindly.
        _ if method.is_idempotent() && error.is_retryable() => Some(backoff),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(after: Option<u64>) -> Error {
        Error::RateLimited {
            retry_after: after.map(Duration::from_secs),
            body: String::new(),
        }
    }

    fn server(status: u16) -> Error {
        Error::Server {
            status,
            body: String::new(),
        }
    }

    fn transport(kind: TransportKind) -> Error {
        Error::Transport {
            kind,
            source: "lost".into(),
        }
    }

    #[test]
    fn decisions_by_method_answer_and_schedule() {
        let policy = RetryPolicy {
            max_retry_after: Duration::from_secs(60),
            ..RetryPolicy::default()
        };
        let planned = Some(Duration::from_millis(300));
        let secs = |s| Some(Duration::from_secs(s));
        let table: Vec<(Method, Error, Option<Duration>, Option<Duration>)> = vec![
            // Throttled: any method, after Retry-After up to the cap, else the back-off.
            (Method::GET, limited(Some(7)), planned, secs(7)),
            (Method::POST, limited(Some(7)), planned, secs(7)),
            (Method::POST, limited(None), planned, planned),
            (Method::PUT, limited(Some(61)), planned, None),
            (Method::POST, limited(Some(7)), None, None),
            // Server failures and lost answers: idempotent methods only.
            (Method::GET, server(503), planned, planned),
            (Method::PUT, server(500), planned, planned),
            (
                Method::DELETE,
                transport(TransportKind::Timeout),
                planned,
                planned,
            ),
            // Not reached at all: returned at once, whatever the method.
            (
                Method::GET,
                transport(TransportKind::Connect),
                planned,
                None,
            ),
            (
                Method::POST,
                transport(TransportKind::Connect),
                planned,
                None,
            ),
            (Method::GET, transport(TransportKind::Other), planned, None),
            (Method::POST, server(503), planned, None),
            (
                Method::POST,
                transport(TransportKind::Timeout),
                planned,
                None,
            ),
            (Method::PATCH, server(502), planned, None),
            // Retries used up.
            (Method::GET, server(503), None, None),
            // Definite answers are never sent again.
            (Method::GET, Error::from_response(404, b""), planned, None),
            (Method::PUT, Error::from_response(422, b"{}"), planned, None),
            (Method::GET, Error::from_response(401, b""), planned, None),
            (
                Method::GET,
                Error::Decode {
                    path: String::new(),
                    message: String::new(),
                    snippet: String::new(),
                },
                planned,
                None,
            ),
        ];
        for (method, error, backoff, expected) in table {
            assert_eq!(
                retry_delay(&method, &error, backoff, &policy),
                expected,
                "{method} {error:?} backoff={backoff:?}"
            );
        }
    }
}
