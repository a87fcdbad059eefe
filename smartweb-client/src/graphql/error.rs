//! The one error type of the GraphQL client.
//!
//! Rule owned here: no error ever carries a secret. Bodies and server messages are bounded
//! ([`BODY_EXCERPT_CHARS`]) and scrubbed of the client secret and webhook secrets before they are
//! stored (see `redact`).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How many characters of a response body an error keeps.
pub const BODY_EXCERPT_CHARS: usize = 2048;

/// What replaces a secret found in a server message or body.
const REDACTED: &str = "[redacted]";

/// One entry of a GraphQL `errors` array (or of a mutation payload's `errors` list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerError {
    /// The server's `message`.
    pub message: String,
    /// `extensions.code` (or the payload entry's `code`), when the server sent one.
    pub code: Option<String>,
    /// The `path` (or the payload entry's `field`), joined with `.`, when present.
    pub path: Option<String>,
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(path) = &self.path {
            write!(f, " (at {path})")?;
        }
        Ok(())
    }
}

/// The schema does not have the shape this client needs.
///
/// Says which operation, what was looked for and what the schema offers instead, so the
/// mismatch can be fixed (or reported) without re-running the introspection by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaMismatch {
    /// The GraphQL field being mapped, e.g. `webhookCreate` or `Mutation`.
    pub operation: String,
    /// What was expected, e.g. `an input field for the webhook URL (one of url, callbackUrl, …)`.
    pub expected: String,
    /// What the schema offers at that place, as `name: Type` entries.
    pub offered: Vec<String>,
}

impl fmt::Display for SchemaMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}; the schema offers ",
            self.operation, self.expected
        )?;
        if self.offered.is_empty() {
            f.write_str("nothing")
        } else {
            f.write_str(&self.offered.join(", "))
        }
    }
}

/// Everything that can go wrong in [`GraphqlClient`](super::GraphqlClient).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphqlError {
    /// The builder was given an unusable setting (missing value, bad URL, plain `http://` to a
    /// host that is not loopback, zero pacing).
    #[error("invalid GraphQL client configuration: {0}")]
    Config(String),

    /// The OAuth2 token endpoint refused the client credentials or failed.
    #[error("OAuth2 token request failed with HTTP {status}{}", oauth_suffix(.error.as_deref(), .description.as_deref()))]
    Token {
        /// HTTP status of the token response.
        status: u16,
        /// The OAuth2 `error` code (e.g. `invalid_client`), when sent.
        error: Option<String>,
        /// The OAuth2 `error_description`, when sent (secret-scrubbed).
        description: Option<String>,
        /// A bounded, secret-scrubbed excerpt of the response body.
        body: String,
    },

    /// The GraphQL endpoint answered with an HTTP error and no GraphQL `errors`.
    #[error("GraphQL endpoint answered HTTP {status}")]
    Http {
        /// HTTP status.
        status: u16,
        /// `Retry-After` in seconds, when the server sent one.
        retry_after: Option<Duration>,
        /// A bounded, secret-scrubbed excerpt of the response body.
        body: String,
    },

    /// The response carried a non-empty `errors` array.
    #[error("GraphQL request failed: {}", join_errors(.errors))]
    Graphql {
        /// HTTP status the errors came with (usually 200).
        status: u16,
        /// The entries of `errors`, secret-scrubbed.
        errors: Vec<ServerError>,
    },

    /// A webhook mutation ran but its payload reported failure (a non-empty `errors` list in the
    /// payload, or `false`).
    #[error("{operation} was rejected: {}", join_errors(.errors))]
    Rejected {
        /// The mutation, e.g. `webhookCreate`.
        operation: String,
        /// What the payload said, secret-scrubbed.
        errors: Vec<ServerError>,
    },

    /// The introspected schema does not fit what this client needs.
    #[error("GraphQL schema does not fit: {0}")]
    Schema(SchemaMismatch),

    /// The topic is not one of the values of the schema's topic enum.
    #[error("topic {topic:?} is not offered by the schema; it offers {}", .offered.join(", "))]
    UnknownTopic {
        /// The topic asked for.
        topic: String,
        /// The enum values the schema offers.
        offered: Vec<String>,
    },

    /// The request could not be sent or its answer not read (connect, timeout, TLS, body).
    #[error("request to the {target} failed")]
    Transport {
        /// `GraphQL endpoint` or `OAuth2 token endpoint`.
        target: &'static str,
        /// The transport error (its URL is kept: it never holds a secret here).
        #[source]
        source: reqwest::Error,
    },

    /// A response did not have the expected JSON shape.
    #[error("could not decode the {what}: {message}")]
    Decode {
        /// What was being decoded.
        what: String,
        /// What was wrong.
        message: String,
        /// A bounded, secret-scrubbed excerpt of the JSON.
        excerpt: String,
    },
}

impl GraphqlError {
    /// True when the same call may succeed later unchanged: timeouts, connection failures,
    /// HTTP 429 and 5xx (also from the token endpoint).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { source, .. } => {
                source.is_timeout() || source.is_connect() || source.is_request()
            }
            Self::Http { status, .. } | Self::Token { status, .. } => {
                *status == 429 || (500..600).contains(status)
            }
            _ => false,
        }
    }

    /// True when the credentials were refused (token endpoint 4xx, or 401/403 from the API
    /// even after a fresh token).
    #[must_use]
    pub fn is_auth(&self) -> bool {
        match self {
            Self::Token { status, .. } => (400..500).contains(status) && *status != 429,
            Self::Http { status, .. } => *status == 401 || *status == 403,
            _ => false,
        }
    }

    /// The HTTP status behind this error, when there is one.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Token { status, .. }
            | Self::Http { status, .. }
            | Self::Graphql { status, .. } => Some(*status),
            Self::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Removes every occurrence of the given secrets from the texts this error carries.
    pub(crate) fn redacted(mut self, secrets: &[&str]) -> Self {
        let scrub = |text: &mut String| *text = redact(text, secrets);
        match &mut self {
            Self::Token {
                description, body, ..
            } => {
                if let Some(d) = description {
                    scrub(d);
                }
                scrub(body);
            }
            Self::Http { body, .. } => scrub(body),
            Self::Graphql { errors, .. } | Self::Rejected { errors, .. } => {
                for e in errors {
                    scrub(&mut e.message);
                    if let Some(path) = &mut e.path {
                        scrub(path);
                    }
                }
            }
            Self::Decode {
                excerpt, message, ..
            } => {
                scrub(excerpt);
                scrub(message);
            }
            _ => {}
        }
        self
    }
}

/// Replaces each non-empty secret in `text` by a marker.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |acc, s| acc.replace(s, REDACTED))
}

/// The first [`BODY_EXCERPT_CHARS`] characters of `text`, marked when cut.
pub(crate) fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn join_errors(errors: &[ServerError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn oauth_suffix(error: Option<&str>, description: Option<&str>) -> String {
    match (error, description) {
        (Some(e), Some(d)) => format!(": {e} ({d})"),
        (Some(e), None) => format!(": {e}"),
        (None, Some(d)) => format!(": {d}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_removes_every_occurrence_and_ignores_empty_secrets() {
        assert_eq!(
            redact("a s3cr3t b s3cr3t", &["s3cr3t", ""]),
            "a [redacted] b [redacted]"
        );
    }

    #[test]
    fn excerpt_is_bounded_on_char_boundaries() {
        let long = "ø".repeat(BODY_EXCERPT_CHARS + 10);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("short"), "short");
    }

    #[test]
    fn schema_mismatch_names_expected_and_offered() {
        let m = SchemaMismatch {
            operation: "webhookCreate".into(),
            expected: "a URL field".into(),
            offered: vec!["name: String!".into(), "topic: WebhookTopic!".into()],
        };
        assert_eq!(
            m.to_string(),
            "webhookCreate: expected a URL field; the schema offers name: String!, topic: WebhookTopic!"
        );
    }
}
