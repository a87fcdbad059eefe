//! An error with its causes, as one line for a human.
//!
//! The clients' and the state store's errors say what failed in their `Display` and give the
//! cause as their [`source`](std::error::Error::source), never both (a cause printed by its
//! error and again by a reader of the chain would show twice). Whoever shows an error to a
//! person (a report, a log line, the `sync` program) walks the chain with [`error_chain`].

use std::error::Error;
use std::fmt::Write as _;

use crate::report::cause_chain;

/// `error` followed by each of its causes, `: `-separated (`SmartWeb request failed in
/// transport: error sending request: connection refused`). A cause whose text the line already
/// holds (an error that prints its own source) is left out.
pub fn error_chain<E: Error + ?Sized>(error: &E) -> String {
    let mut causes = cause_chain(error).into_iter();
    let mut line = causes.next().unwrap_or_default();
    for text in causes {
        if !text.is_empty() && !line.contains(&text) {
            let _ = write!(line, ": {text}");
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::error_chain;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Middle);

    #[derive(Debug, thiserror::Error)]
    #[error("middle")]
    struct Middle(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    #[error("prints its cause: {0}")]
    struct Echoing(#[source] std::io::Error);

    #[test]
    fn every_cause_once_in_order() {
        let error = Outer(Middle(std::io::Error::other("connection refused")));
        assert_eq!(error_chain(&error), "outer: middle: connection refused");
    }

    #[test]
    fn a_cause_already_printed_is_not_repeated() {
        let error = Echoing(std::io::Error::other("reset"));
        assert_eq!(error_chain(&error), "prints its cause: reset");
    }

    #[test]
    fn client_errors_show_their_cause_once() {
        let transport = smartweb_client::Error::Transport("connection refused".into());
        assert_eq!(
            error_chain(&transport),
            "SmartWeb request failed in transport (not sent, or its answer not received): \
             connection refused"
        );
        let unreadable = smartweb_client::Error::UnreadableRecord {
            id: Some(7),
            source: Box::new(smartweb_client::Error::Decode {
                path: "Order/Total".into(),
                message: "not a number".into(),
                excerpt: "abc".into(),
            }),
        };
        let line = error_chain(&unreadable);
        assert_eq!(line.matches("not a number").count(), 1, "{line}");
        assert!(
            line.starts_with("SmartWeb record 7 could not be read: "),
            "{line}"
        );
    }
}
