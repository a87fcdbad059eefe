//! Failures injected on demand ([`MockSmartWeb::fail_next`](super::MockSmartWeb::fail_next),
//! [`MockSmartWeb::drop_response_after_write`](super::MockSmartWeb::drop_response_after_write)).

/// How an injected failure looks to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// An HTTP error with this status (e.g. 503) and a short plain-text body; nothing is done.
    ServerError(u16),
    /// The answer is held back for the fake's timeout delay (default 150 s, longer than the
    /// client's default timeout of 120 s; see
    /// [`MockSmartWebBuilder::timeout_delay`](super::MockSmartWebBuilder::timeout_delay)), so
    /// the client times out first. Nothing is done. Give the client a short timeout in tests.
    Timeout,
    /// HTTP 200 with a truncated, unparseable SOAP body; nothing is done.
    MalformedBody,
    /// A SOAP fault with this code and message (HTTP 500, in the request's SOAP version, as
    /// ext/soap writes a `SoapFault`: SOAP 1.1 `faultcode`, SOAP 1.2 `Code/Value`); nothing
    /// is done.
    SoapFault {
        /// The fault code, e.g. `INTERNAL`.
        code: String,
        /// The fault text.
        message: String,
    },
}

/// The operation name that matches every operation in `fail_next`/`drop_response_after_write`.
pub const ANY_OPERATION: &str = "*";
