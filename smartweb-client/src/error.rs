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
    /// The client was configured wrongly (missing username, bad URL, …).
    #[error("SmartWeb client configuration: {0}")]
    Config(String),
}
