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
    #[error("SmartWeb transport error: {0}")]
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
    #[error("SmartWeb record {} could not be read: {source}", id.map_or_else(|| "without a readable Id".to_owned(), |id| id.to_string()))]
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
    use super::Error;

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
