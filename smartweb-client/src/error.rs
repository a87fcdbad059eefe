//! The one error type of this crate.

/// Everything that can go wrong talking to SmartWeb.
///
/// Fault variants keep the server's text; `Other` keeps unknown fault codes raw so callers
/// can compare them by string.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Fault `AUTH`: no valid session (the client reconnects once for reads).
    #[error("SmartWeb AUTH fault: {message}")]
    Auth {
        /// The server's message.
        message: String,
    },
    /// The server session was lost in the middle of work: an `AUTH` fault although the login
    /// had succeeded (the session expired, or the server or another client logging in with
    /// the same user ended it), and a fresh session did not carry the call. The credentials
    /// were accepted, so this is not a credential error ([`Error::is_auth`] is `false`); the
    /// call may be tried again later ([`Error::is_retryable`]). A read was replayed once on a
    /// fresh login before giving up; a write was not sent again.
    #[error("SmartWeb session lost during {operation} ({message}); the login itself was accepted")]
    SessionLost {
        /// The operation that met the `AUTH` fault.
        operation: String,
        /// The server's message.
        message: String,
    },
    /// Fault `PARAM`: an argument was rejected.
    #[error("SmartWeb PARAM fault: {message}")]
    Param {
        /// The server's message.
        message: String,
    },
    /// Fault `NOSUCHPARAM`: an unknown field name in a `*_SetFields` call. Fatal: the session
    /// keeps its previous projection.
    #[error("SmartWeb NOSUCHPARAM fault: {message}")]
    NoSuchParam {
        /// The server's message.
        message: String,
    },
    /// Fault `lineErrors` from `Order_Create`: **the order was created** without some lines.
    #[error("SmartWeb created order {created_order_id:?} with line errors: {message}")]
    LineErrors {
        /// The id of the order that exists now, read from the message.
        created_order_id: Option<i64>,
        /// The server's message.
        message: String,
    },
    /// Fault `INTERNAL` / `Internal`.
    #[error("SmartWeb internal fault: {message}")]
    Internal {
        /// The server's message.
        message: String,
    },
    /// Fault `ProcedureNotPresent`: the operation does not exist on this server.
    #[error("SmartWeb ProcedureNotPresent fault: {message}")]
    ProcedureNotPresent {
        /// The server's message.
        message: String,
    },
    /// Any other fault code (`PRODUCT`, `MODULE`, `NOSUCHISO`, `Receiver`, …), kept raw.
    #[error("SmartWeb fault {code}: {message}")]
    Other {
        /// The fault code as sent.
        code: String,
        /// The server's message.
        message: String,
    },
    /// A non-fault HTTP error status.
    #[error("SmartWeb answered HTTP {status}: {body_excerpt}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// The start of the body (bounded).
        body_excerpt: String,
    },
    /// The request could not be sent or the answer not received (connect, timeout, TLS, …).
    /// The cause is the error's [`source`](std::error::Error::source).
    #[error("SmartWeb request failed in transport (not sent, or its answer not received)")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The answer could not be read into the expected type.
    #[error("cannot decode SmartWeb response at {path}: {message} (near: {excerpt})")]
    Decode {
        /// Element path where decoding failed, e.g. `Order/OrderLines/item[2]/Price`.
        path: String,
        /// What was wrong.
        message: String,
        /// A bounded excerpt of the offending text.
        excerpt: String,
    },
    /// One record of a page could not be read (a field of the wrong type, say); the rest of
    /// the page was. Streams over pages yield this for that record and go on.
    /// Display names the record; the reason is the error's
    /// [`source`](std::error::Error::source).
    #[error("SmartWeb record {} could not be read", id.map_or_else(|| "without a readable Id".to_owned(), |id| id.to_string()))]
    UnreadableRecord {
        /// The record's `Id`, when that much could be read.
        id: Option<i64>,
        /// Why (an [`Error::Decode`] naming the field).
        #[source]
        source: Box<Error>,
    },
    /// The client was configured wrongly (missing username, bad URL, …).
    #[error("SmartWeb client configuration: {0}")]
    Config(String),
    /// The response body was larger than the configured limit and was not read further.
    #[error("SmartWeb response larger than the limit of {limit_bytes} bytes")]
    ResponseTooLarge {
        /// The configured limit (`SmartWebClientBuilder::max_response_bytes`).
        limit_bytes: u64,
    },
    /// Setting order status 1 ("received") was refused locally: the shop always e-mails the
    /// customer on it. Pass `allow_received = true` to send it anyway.
    #[error(
        "refusing to set order {order_id} to status 1 (received): it always e-mails the customer"
    )]
    ReceivedStatusRefused {
        /// The order that was not changed.
        order_id: i64,
    },
    /// A product create/upsert was refused locally because `CategoryId` is missing (the server
    /// requires it although the WSDL marks it optional). Nothing was sent.
    #[error("products without CategoryId (nothing sent): {item_numbers:?}")]
    MissingCategoryId {
        /// Item numbers of the products lacking a `CategoryId` (empty text when unknown).
        item_numbers: Vec<String>,
    },
}

impl Error {
    /// `true` for an `AUTH` fault that means the credentials: a refused login. From the
    /// client's calls it is only that: an `AUTH` fault met after a successful login is
    /// [`Error::SessionLost`].
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Auth { .. })
    }

    /// `true` when sending the same request again later may succeed: transport failures,
    /// HTTP 429/502/503/504 and a lost session. The client replays only **reads** on transport
    /// errors; faults are never retryable (an `AUTH` fault is handled by reconnecting, see
    /// the session docs).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::SessionLost { .. } => true,
            Self::Http { status, .. } => matches!(status, 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// `true` when the request never reached SmartWeb: the connection could not be made (name
    /// not resolved, refused, no route, TLS handshake failed, no connection within the connect
    /// timeout). Nothing was sent; sending again at once meets the same wall, so the client
    /// returns it without retrying.
    pub fn is_connect_failure(&self) -> bool {
        let Self::Transport(source) = self else {
            return false;
        };
        let mut level: Option<&(dyn std::error::Error + 'static)> = Some(&**source);
        while let Some(error) = level {
            #[cfg(feature = "client")]
            if error
                .downcast_ref::<reqwest::Error>()
                .is_some_and(reqwest::Error::is_connect)
            {
                return true;
            }
            if let Some(io) = error.downcast_ref::<std::io::Error>()
                && matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::HostUnreachable
                        | std::io::ErrorKind::NetworkUnreachable
                )
            {
                return true;
            }
            level = error.source();
        }
        false
    }

    /// The SOAP fault code as the server sent it, for fault variants (`AUTH`, `PARAM`,
    /// `NOSUCHPARAM`, `lineErrors`, `INTERNAL`, `ProcedureNotPresent`, or the raw unknown code).
    pub fn fault_code(&self) -> Option<&str> {
        match self {
            Self::Auth { .. } | Self::SessionLost { .. } => Some("AUTH"),
            Self::Param { .. } => Some("PARAM"),
            Self::NoSuchParam { .. } => Some("NOSUCHPARAM"),
            Self::LineErrors { .. } => Some("lineErrors"),
            Self::Internal { .. } => Some("INTERNAL"),
            Self::ProcedureNotPresent { .. } => Some("ProcedureNotPresent"),
            Self::Other { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status of a non-fault HTTP error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::Error;

    #[test]
    fn a_cause_is_the_source_never_also_the_display() {
        let transport = Error::Transport("connection refused".into());
        assert!(
            !transport.to_string().contains("connection refused"),
            "{transport}"
        );
        assert_eq!(
            transport.source().map(ToString::to_string).as_deref(),
            Some("connection refused")
        );
        let unreadable = Error::UnreadableRecord {
            id: None,
            source: Box::new(Error::Decode {
                path: "Product/Price".into(),
                message: "not a number".into(),
                excerpt: "abc".into(),
            }),
        };
        assert_eq!(
            unreadable.to_string(),
            "SmartWeb record without a readable Id could not be read"
        );
        let cause = unreadable
            .source()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            cause.contains("Product/Price") && cause.contains("not a number"),
            "{cause}"
        );
    }

    #[test]
    fn retry_and_auth_classification() {
        let transport = Error::Transport("connection reset".into());
        assert!(transport.is_retryable());
        assert!(!transport.is_auth());
        assert!(
            Error::Http {
                status: 503,
                body_excerpt: String::new()
            }
            .is_retryable()
        );
        assert!(
            !Error::Http {
                status: 400,
                body_excerpt: String::new()
            }
            .is_retryable()
        );
        let auth = Error::Auth {
            message: "no session".into(),
        };
        assert!(auth.is_auth());
        assert!(!auth.is_retryable());
        assert_eq!(auth.fault_code(), Some("AUTH"));
        let lost = Error::SessionLost {
            operation: "Order_GetById".into(),
            message: "no session".into(),
        };
        assert!(!lost.is_auth(), "not a credential error");
        assert!(lost.is_retryable());
        assert_eq!(lost.fault_code(), Some("AUTH"));
        let other = Error::Other {
            code: "PRODUCT".into(),
            message: "x".into(),
        };
        assert_eq!(other.fault_code(), Some("PRODUCT"));
        assert!(
            !Error::LineErrors {
                created_order_id: Some(4),
                message: String::new()
            }
            .is_retryable()
        );
        assert_eq!(
            Error::Http {
                status: 500,
                body_excerpt: String::new()
            }
            .status(),
            Some(500)
        );
    }
}
