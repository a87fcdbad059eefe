//! SOAP envelopes: building requests, reading responses and faults (SOAP 1.1 and 1.2).
//!
//! SEAM (temporary note for implementers): this module is owned by the codegen/XML work.
//! The client calls exactly `build_request`, `parse_response` and `soap_action`.

use crate::Error;

/// The service namespace, also the `SOAPAction` prefix.
pub const NAMESPACE: &str = "https://api.hostedshop.io/service.php";

/// SOAP protocol version of an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, `SOAPAction` header): what the WSDL promises.
    #[default]
    V11,
    /// SOAP 1.2 (`application/soap+xml; action=…`).
    V12,
}

/// How an argument with no value is sent (the server binds by position, so it is never left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NilForm {
    /// `<Status/>`
    #[default]
    Empty,
    /// `<Status xsi:nil="true"/>`
    XsiNil,
}

/// Whether an operation only reads (safe to replay after a reconnect) or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// Safe to retry.
    Read,
    /// Never retried automatically.
    Write,
}

/// One WSDL operation with its arguments, in WSDL order.
pub trait Operation {
    /// The operation name, e.g. `Order_GetById`.
    const NAME: &'static str;
    /// Read or write.
    const KIND: OpKind;
    /// The decoded `<Op>Result`.
    type Output;
}

/// `https://api.hostedshop.io/service.php#<Op>`
pub fn soap_action(op: &str) -> String {
    format!("{NAMESPACE}#{op}")
}

/// Builds the request envelope for `op`.
pub fn build_request<O: Operation>(_op: &O, _version: SoapVersion, _nil: NilForm) -> String {
    todo!("codegen work")
}

/// Reads a response body: the `<Op>Result` as `O::Output`, or the fault as a typed [`Error`].
pub fn parse_response<O: Operation>(_body: &[u8]) -> Result<O::Output, Error> {
    todo!("codegen work")
}
