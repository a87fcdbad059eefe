//! The clients' errors as report failures: a typed [`Failure`] with the cause chain.
//!
//! Both clients send through reqwest, so one walk over the `source()` chain classifies the
//! transport failures of both (DNS, refused, unreachable, TLS, timeouts); the rest follows
//! each client's own error variants.

use std::error::Error as StdError;
use std::io;

use crate::report::{Failure, FailureKind, Service, TransportFailure};

/// How a request failed to travel, from the error and its `source()`s: reqwest's flags, the
/// I/O error kinds beneath hyper, and the texts of resolver and TLS errors.
pub(crate) fn transport_failure(error: &(dyn StdError + 'static)) -> TransportFailure {
    let mut connect = false;
    let mut timeout = false;
    let mut level = Some(error);
    while let Some(e) = level {
        if let Some(r) = e.downcast_ref::<reqwest::Error>() {
            connect |= r.is_connect();
            timeout |= r.is_timeout();
        }
        let text = e.to_string().to_ascii_lowercase();
        // hyper-util's resolver error says "dns error"; the system resolver "failed to lookup
        // address information".
        if text.contains("dns error")
            || text.contains("error resolving dns")
            || text.contains("failed to lookup address")
        {
            return TransportFailure::Dns;
        }
        if let Some(found) = e
            .downcast_ref::<io::Error>()
            .and_then(|io| io_failure(io, connect))
        {
            if found == TransportFailure::Timeout {
                timeout = true;
            } else {
                return found;
            }
        }
        if text.contains("certificate") || text.contains("tls") || text.contains("ssl") {
            return TransportFailure::Tls;
        }
        level = e.source();
    }
    match (timeout, connect) {
        (true, true) => TransportFailure::ConnectTimeout,
        (true, false) => TransportFailure::Timeout,
        _ => TransportFailure::Other,
    }
}

/// What an I/O error (and the I/O errors it wraps: hyper nests rustls's inside its own) says.
fn io_failure(error: &io::Error, connect: bool) -> Option<TransportFailure> {
    let here = match error.kind() {
        io::ErrorKind::ConnectionRefused => Some(TransportFailure::Refused),
        io::ErrorKind::NetworkUnreachable | io::ErrorKind::HostUnreachable => {
            Some(TransportFailure::Unreachable)
        }
        io::ErrorKind::TimedOut => Some(TransportFailure::Timeout),
        // While connecting, only the TLS handshake reads data it can find invalid.
        io::ErrorKind::InvalidData if connect => Some(TransportFailure::Tls),
        _ => None,
    };
    here.or_else(|| {
        error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<io::Error>())
            .and_then(|inner| io_failure(inner, connect))
    })
}

/// A client error as a report failure.
pub(crate) trait Classify: StdError + Sized + 'static {
    /// The service.
    fn service(&self) -> Service;
    /// The kind.
    fn failure_kind(&self) -> FailureKind;

    /// The kind, the service and the cause chain.
    fn failure(&self) -> Failure {
        Failure::new(self.failure_kind())
            .with_service(self.service())
            .with_causes_of(self)
    }
}

fn server_fault(code: impl ToString) -> FailureKind {
    FailureKind::ServerFault {
        code: code.to_string(),
    }
}

impl Classify for smartweb_client::Error {
    fn service(&self) -> Service {
        Service::Smartweb
    }

    fn failure_kind(&self) -> FailureKind {
        use smartweb_client::Error as E;
        match self {
            E::Auth { .. } => FailureKind::Auth,
            E::Transport(_) => FailureKind::Transport(transport_failure(self)),
            E::Param { .. }
            | E::NoSuchParam { .. }
            | E::ReceivedStatusRefused { .. }
            | E::MissingCategoryId { .. } => FailureKind::Rejected {
                fields: Default::default(),
            },
            E::Http { status: 429, .. } => FailureKind::RateLimited,
            E::Http {
                status: 401 | 403, ..
            } => FailureKind::Auth,
            E::Http { status: 404, .. } => FailureKind::NotFound,
            E::Http { status, .. } if *status >= 500 => server_fault(status),
            E::Http { .. } => FailureKind::Rejected {
                fields: Default::default(),
            },
            E::Decode { .. } | E::UnreadableRecord { .. } | E::ResponseTooLarge { .. } => {
                FailureKind::Decode
            }
            other => match other.fault_code() {
                Some(code) => server_fault(code),
                None => FailureKind::Other,
            },
        }
    }
}

impl Classify for rackbeat_client::Error {
    fn service(&self) -> Service {
        Service::Rackbeat
    }

    fn failure_kind(&self) -> FailureKind {
        use rackbeat_client::Error as E;
        match self {
            E::Validation { fields, .. } => FailureKind::Rejected {
                fields: fields.clone(),
            },
            E::Unauthorized { .. } | E::Forbidden { .. } => FailureKind::Auth,
            E::NotFound { .. } => FailureKind::NotFound,
            E::RateLimited { .. } => FailureKind::RateLimited,
            E::Server { status, .. } => server_fault(status),
            E::Status { .. } => FailureKind::Rejected {
                fields: Default::default(),
            },
            E::Transport { .. } => FailureKind::Transport(transport_failure(self)),
            E::Decode { .. } | E::ResponseTooLarge { .. } => FailureKind::Decode,
            _ => FailureKind::Other,
        }
    }
}

impl Classify for smartweb_client::graphql::GraphqlError {
    fn service(&self) -> Service {
        Service::Smartweb
    }

    fn failure_kind(&self) -> FailureKind {
        use smartweb_client::graphql::GraphqlError as E;
        match self {
            _ if self.is_auth() => FailureKind::Auth,
            E::Transport { .. } => FailureKind::Transport(transport_failure(self)),
            E::Http { status: 429, .. } => FailureKind::RateLimited,
            E::Http { status: 404, .. } => FailureKind::NotFound,
            E::Http { status, .. } | E::Token { status, .. } if *status >= 500 => {
                server_fault(status)
            }
            E::Http { .. } | E::Token { .. } | E::Graphql { .. } | E::Rejected { .. } => {
                FailureKind::Rejected {
                    fields: Default::default(),
                }
            }
            E::UnknownTopic { .. } | E::Schema(_) | E::Decode { .. } => FailureKind::Decode,
            _ => FailureKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("{text}")]
    struct Level {
        text: &'static str,
        #[source]
        source: Option<Box<dyn StdError + Send + Sync>>,
    }

    fn level(text: &'static str, source: impl StdError + Send + Sync + 'static) -> Level {
        Level {
            text,
            source: Some(Box::new(source)),
        }
    }

    #[test]
    fn io_kinds_beneath_wrappers_name_the_cause() {
        let refused = level(
            "tcp connect error",
            io::Error::new(io::ErrorKind::ConnectionRefused, "Connection refused"),
        );
        assert_eq!(transport_failure(&refused), TransportFailure::Refused);
        let unreachable = io::Error::new(io::ErrorKind::NetworkUnreachable, "no route");
        assert_eq!(
            transport_failure(&unreachable),
            TransportFailure::Unreachable
        );
        let timed_out = level("read", io::Error::new(io::ErrorKind::TimedOut, "slow"));
        assert_eq!(transport_failure(&timed_out), TransportFailure::Timeout);
        // hyper hands rustls's error on as an I/O error inside an I/O error.
        let nested = io::Error::other(io::Error::new(
            io::ErrorKind::InvalidData,
            "received corrupt message",
        ));
        assert_eq!(transport_failure(&nested), TransportFailure::Other);
    }

    #[test]
    fn resolver_and_tls_texts_name_the_cause() {
        let dns = level(
            "dns error",
            io::Error::other("failed to lookup address information: Name or service not known"),
        );
        assert_eq!(transport_failure(&dns), TransportFailure::Dns);
        let tls = level(
            "client error (Connect)",
            io::Error::other("invalid peer certificate: UnknownIssuer"),
        );
        assert_eq!(transport_failure(&tls), TransportFailure::Tls);
        let reset = io::Error::new(io::ErrorKind::ConnectionReset, "reset by peer");
        assert_eq!(transport_failure(&reset), TransportFailure::Other);
    }

    #[test]
    fn client_errors_map_to_kinds() {
        let validation = rackbeat_client::Error::from_response(
            422,
            br#"{"message":"invalid","errors":{"lines.0.item_id":["is invalid"]}}"#,
        );
        let failure = validation.failure();
        assert_eq!(failure.service, Some(Service::Rackbeat));
        match &failure.kind {
            FailureKind::Rejected { fields } => {
                assert_eq!(fields["lines.0.item_id"], ["is invalid"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            rackbeat_client::Error::from_response(401, b"").failure_kind(),
            FailureKind::Auth
        );
        assert_eq!(
            rackbeat_client::Error::from_response(503, b"").failure_kind(),
            server_fault(503)
        );
        let fault = smartweb_client::Error::Internal {
            message: "boom".to_owned(),
        };
        assert_eq!(fault.failure_kind(), server_fault("INTERNAL"));
        let failure = fault.failure();
        assert_eq!(failure.service, Some(Service::Smartweb));
        assert_eq!(failure.causes, ["SmartWeb internal fault: boom"]);
        let refused = smartweb_client::Error::Transport(Box::new(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "Connection refused",
        )));
        assert_eq!(
            refused.failure_kind(),
            FailureKind::Transport(TransportFailure::Refused)
        );
    }
}
