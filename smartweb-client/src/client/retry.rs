//! What to do after a failed call: one pure decision, kept apart from the HTTP code.
//!
//! | error | replayable call (read, login, session setup) | write |
//! |---|---|---|
//! | `AUTH` fault | reconnect, replay once | reconnect on the next call, fail now |
//! | transport (connected), HTTP 429/502/503/504 | back off and resend while the schedule allows | fail |
//! | no connection made ([`Error::is_connect_failure`]) | fail: the service cannot be reached now | fail |
//! | any other fault or error | fail | fail |
//!
//! The back-off schedule (exponential, bounded in number) comes from `backon`; its next delay
//! is `None` once the retries are used up.

use std::time::Duration;

use crate::Error;

/// The session's next step after `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryDecision {
    /// Log in again, re-apply language and projections, send the call once more.
    ReconnectAndReplay,
    /// Forget the session (the next call logs in) and return the error.
    DropSessionAndFail,
    /// Wait this long and send the same request again.
    Backoff(Duration),
    /// Return the error.
    Fail,
}

/// Classifies `error` for a call that may (`replayable`) or may not be sent twice, given the
/// back-off schedule's next delay (`None`: no retry left, or the call is not on the back-off
/// path).
pub(crate) fn classify(
    error: &Error,
    replayable: bool,
    backoff: Option<Duration>,
) -> RetryDecision {
    match (error.is_auth(), error.is_retryable(), replayable, backoff) {
        (true, _, true, _) => RetryDecision::ReconnectAndReplay,
        (true, _, false, _) => RetryDecision::DropSessionAndFail,
        (false, true, true, Some(delay)) if !error.is_connect_failure() => {
            RetryDecision::Backoff(delay)
        }
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
        let refused = || {
            Error::Transport(Box::new(std::io::Error::from(
                std::io::ErrorKind::ConnectionRefused,
            )))
        };
        let http = |status| Error::Http {
            status,
            body_excerpt: String::new(),
        };
        let line_errors = || Error::LineErrors {
            created_order_id: Some(4),
            message: String::new(),
        };
        let delay = Duration::from_millis(500);
        let table: Vec<(Error, bool, RetryDecision)> = vec![
            (auth(), true, RetryDecision::ReconnectAndReplay),
            (auth(), false, RetryDecision::DropSessionAndFail),
            (transport(), true, RetryDecision::Backoff(delay)),
            (transport(), false, RetryDecision::Fail),
            (refused(), true, RetryDecision::Fail),
            (http(503), true, RetryDecision::Backoff(delay)),
            (http(429), true, RetryDecision::Backoff(delay)),
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
                classify(&error, replayable, Some(delay)),
                expected,
                "{error:?} replayable={replayable}"
            );
        }
    }

    #[test]
    fn nothing_is_resent_once_the_schedule_is_used_up() {
        let transport = Error::Transport("reset".into());
        assert_eq!(classify(&transport, true, None), RetryDecision::Fail);
        let auth = Error::Auth {
            message: String::new(),
        };
        assert_eq!(
            classify(&auth, true, None),
            RetryDecision::ReconnectAndReplay,
            "the AUTH replay is not part of the back-off schedule"
        );
    }
}
