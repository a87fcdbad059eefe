//! What to do after a failed call: one pure decision, kept apart from the back-off timing.
//!
//! | error | replayable call (read, login, session setup) | write |
//! |---|---|---|
//! | `AUTH` fault | reconnect, replay once | reconnect on the next call, fail now |
//! | transport, HTTP 429/502/503/504 | back off and resend (bounded) | fail |
//! | any other fault or error | fail | fail |

use crate::Error;

/// The session's next step after `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Log in again, re-apply language and projections, send the call once more.
    ReconnectAndReplay,
    /// Forget the session (the next call logs in) and return the error.
    DropSessionAndFail,
    /// Wait (exponential back-off) and send the same request again.
    Backoff,
    /// Return the error.
    Fail,
}

/// Classifies `error` for a call that may (`replayable`) or may not be sent twice.
pub(crate) fn classify(error: &Error, replayable: bool) -> RetryDecision {
    match (error.is_auth(), error.is_retryable(), replayable) {
        (true, _, true) => RetryDecision::ReconnectAndReplay,
        (true, _, false) => RetryDecision::DropSessionAndFail,
        (false, true, true) => RetryDecision::Backoff,
        _ => RetryDecision::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_by_error_and_call_kind() {
        let auth = || Error::Auth {
            message: String::new(),
        };
        let transport = || Error::Transport("reset".into());
        let http = |status| Error::Http {
            status,
            body_excerpt: String::new(),
        };
        let line_errors = || Error::LineErrors {
            created_order_id: Some(4),
            message: String::new(),
        };
        let table: Vec<(Error, bool, RetryDecision)> = vec![
            (auth(), true, RetryDecision::ReconnectAndReplay),
            (auth(), false, RetryDecision::DropSessionAndFail),
            (transport(), true, RetryDecision::Backoff),
            (transport(), false, RetryDecision::Fail),
            (http(503), true, RetryDecision::Backoff),
            (http(429), true, RetryDecision::Backoff),
            (http(500), true, RetryDecision::Fail),
            (http(503), false, RetryDecision::Fail),
            (
                Error::NoSuchParam {
                    message: String::new(),
                },
                true,
                RetryDecision::Fail,
            ),
            (
                Error::Param {
                    message: String::new(),
                },
                true,
                RetryDecision::Fail,
            ),
            (line_errors(), false, RetryDecision::Fail),
            (
                Error::ResponseTooLarge { limit_bytes: 1 },
                true,
                RetryDecision::Fail,
            ),
        ];
        for (error, replayable, expected) in table {
            assert_eq!(
                classify(&error, replayable),
                expected,
                "{error:?} replayable={replayable}"
            );
        }
    }
}
