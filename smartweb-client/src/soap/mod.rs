//! SOAP envelopes: building requests, reading responses and faults (SOAP 1.1 and 1.2).
//!
//! The client side uses [`build_request`], [`parse_response`], [`soap_action`] and
//! [`content_type`]; a fake server uses [`parse_request`], [`build_response`] and
//! [`build_fault`].

mod fault;
mod response;

use crate::Error;
use crate::xml;

/// The XML the operations are written in and read from: responses are decoded through
/// [`XmlValue`] and [`ResultValue`], requests written with an [`XmlWriter`].
pub use crate::xml::{
    Element, Path, RecordPage, ResultValue, UnreadableRecord, XmlValue, XmlWriter,
};
pub use fault::fault_to_error;
pub use response::{ResponseReader, parse_response};

/// The service namespace, also the `SOAPAction` prefix.
pub const NAMESPACE: &str = "https://api.hostedshop.io/service.php";

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The SOAP 1.2 envelope namespace.
pub const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

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
    type Output: ResultValue;

    /// Writes every argument element in WSDL order, unqualified; `None` in the `nil` form.
    fn write_args(&self, w: &mut XmlWriter, nil: NilForm);

    /// Decodes the arguments from the operation's request element (`<ns1:Op>…`), by name.
    fn read_args(wrapper: &Element, path: &Path<'_>) -> Result<Self, Error>
    where
        Self: Sized;
}

/// An array-returning operation read record by record ([`RecordPage`]): the same
/// request, with a page that keeps the records that decode and reports the ones that do not.
#[derive(Debug, Clone)]
pub struct RecordTolerant<O>(pub O);

impl<O, T> Operation for RecordTolerant<O>
where
    O: Operation<Output = Vec<T>>,
    T: xml::XmlValue,
{
    const NAME: &'static str = O::NAME;
    const KIND: OpKind = O::KIND;
    type Output = xml::RecordPage<T>;

    fn write_args(&self, w: &mut XmlWriter, nil: NilForm) {
        self.0.write_args(w, nil);
    }

    fn read_args(wrapper: &Element, path: &Path<'_>) -> Result<Self, Error> {
        O::read_args(wrapper, path).map(Self)
    }
}

/// `https://api.hostedshop.io/service.php#<Op>`
pub fn soap_action(op: &str) -> String {
    format!("{NAMESPACE}#{op}")
}

/// The `Content-Type` header for a request: SOAP 1.1 `text/xml; charset=utf-8` (send
/// [`soap_action`] as the quoted `SOAPAction` header too), SOAP 1.2
/// `application/soap+xml; charset=utf-8; action="…"`.
pub fn content_type(version: SoapVersion, op: &str) -> String {
    match version {
        SoapVersion::V11 => "text/xml; charset=utf-8".to_owned(),
        SoapVersion::V12 => format!(
            "application/soap+xml; charset=utf-8; action=\"{}\"",
            soap_action(op)
        ),
    }
}

fn envelope_open(version: SoapVersion, w: &mut XmlWriter) -> &'static str {
    let (prefix, ns) = match version {
        SoapVersion::V11 => ("SOAP-ENV", SOAP11_ENVELOPE),
        SoapVersion::V12 => ("env", SOAP12_ENVELOPE),
    };
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.raw(&format!(
        "<{prefix}:Envelope xmlns:{prefix}=\"{ns}\" xmlns:ns1=\"{NAMESPACE}\" xmlns:xsi=\"{XSI}\"><{prefix}:Body>"
    ));
    prefix
}

fn envelope_close(prefix: &str, w: &mut XmlWriter) {
    w.raw(&format!("</{prefix}:Body></{prefix}:Envelope>"));
}

/// Builds the request envelope for `op`: `<ns1:Op>` in the service namespace with every
/// argument as an unqualified child, in WSDL order; absent values in the `nil` form.
pub fn build_request<O: Operation>(op: &O, version: SoapVersion, nil: NilForm) -> String {
    let mut w = XmlWriter::new();
    let prefix = envelope_open(version, &mut w);
    let wrapper = format!("ns1:{}", O::NAME);
    w.open(&wrapper);
    op.write_args(&mut w, nil);
    w.close(&wrapper);
    envelope_close(prefix, &mut w);
    w.into_string()
}

/// Finds the version and the first element inside `Body`.
fn open_envelope(root: &Element) -> Result<(SoapVersion, &Element), Error> {
    let path = Path::root(&root.name);
    if root.name != "Envelope" {
        return Err(Error::Decode {
            path: path.render(),
            message: "not a SOAP envelope".to_owned(),
            excerpt: xml::excerpt(&root.qname),
        });
    }
    let version = envelope_version(root);
    let body = root.child("Body").ok_or_else(|| Error::Decode {
        path: path.render(),
        message: "envelope has no Body".to_owned(),
        excerpt: String::new(),
    })?;
    let first = body.children.first().ok_or_else(|| Error::Decode {
        path: path.child("Body").render(),
        message: "empty Body".to_owned(),
        excerpt: String::new(),
    })?;
    Ok((version, first))
}

fn envelope_version(root: &Element) -> SoapVersion {
    let key = match root.prefix() {
        Some(p) => format!("xmlns:{p}"),
        None => "xmlns".to_owned(),
    };
    let ns = root
        .attributes
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str());
    if ns == Some(SOAP12_ENVELOPE) {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    }
}

/// A request as a fake server sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The operation name (local name of the Body's first element).
    pub operation: String,
    /// The envelope's SOAP version.
    pub version: SoapVersion,
    /// The operation element with its argument children.
    pub wrapper: Element,
}

impl Request {
    /// Decodes the arguments as operation `O` (the names must match).
    pub fn args<O: Operation>(&self) -> Result<O, Error> {
        let path = Path::root(&self.wrapper.name);
        if self.operation != O::NAME {
            return Err(Error::Decode {
                path: path.render(),
                message: format!("request is {}, not {}", self.operation, O::NAME),
                excerpt: String::new(),
            });
        }
        O::read_args(&self.wrapper, &path)
    }
}

/// Reads a request envelope (either version): the operation name, the version and the
/// argument element, decoded further with [`Request::args`].
pub fn parse_request(body: &[u8]) -> Result<Request, Error> {
    let root = xml::parse(body)?;
    let (version, first) = open_envelope(&root)?;
    Ok(Request {
        operation: first.name.clone(),
        version,
        wrapper: first.clone(),
    })
}

/// Builds a response envelope the way PHP's ext/soap does over the WSDL: `ns1:<Op>Response`
/// in the service namespace holding an unqualified `<Op>Result` (a local element of a schema
/// without `elementFormDefault`), record fields unqualified too.
pub fn build_response<O: Operation>(output: &O::Output, version: SoapVersion) -> String {
    let mut w = XmlWriter::new();
    let prefix = envelope_open(version, &mut w);
    let response = format!("ns1:{}Response", O::NAME);
    w.open(&response);
    output.write_result(&format!("{}Result", O::NAME), &mut w);
    w.close(&response);
    envelope_close(prefix, &mut w);
    w.into_string()
}

/// Builds a fault envelope as PHP's ext/soap answers `throw new SoapFault($code, $message)`
/// in `version` (what a `SoapServer` writes, byte for byte):
///
/// - SOAP 1.1: `<faultcode>` holds `code`, with the envelope prefix for SOAP's own codes
///   (`Client`, `Server`, `VersionMismatch`, `MustUnderstand` → `SOAP-ENV:Server`);
/// - SOAP 1.2: `<env:Code><env:Value>` holds `code` with no Subcode (`AUTH`, `PRODUCT`, …),
///   `Client` and `Server` become `env:Sender` and `env:Receiver`, and `VersionMismatch`,
///   `MustUnderstand` and `DataEncodingUnknown` get the envelope prefix; the message is
///   `<env:Reason><env:Text>`.
pub fn build_fault(code: &str, message: &str, version: SoapVersion) -> String {
    let (prefix, ns) = match version {
        SoapVersion::V11 => ("SOAP-ENV", SOAP11_ENVELOPE),
        SoapVersion::V12 => ("env", SOAP12_ENVELOPE),
    };
    let code = match (version, code) {
        (SoapVersion::V11, "Client" | "Server" | "VersionMismatch" | "MustUnderstand")
        | (SoapVersion::V12, "VersionMismatch" | "MustUnderstand" | "DataEncodingUnknown") => {
            format!("{prefix}:{code}")
        }
        (SoapVersion::V12, "Client") => format!("{prefix}:Sender"),
        (SoapVersion::V12, "Server") => format!("{prefix}:Receiver"),
        _ => code.to_owned(),
    };
    let mut w = XmlWriter::new();
    w.raw(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{prefix}:Envelope xmlns:{prefix}=\"{ns}\"><{prefix}:Body><{prefix}:Fault>"
    ));
    match version {
        SoapVersion::V11 => {
            w.open("faultcode");
            w.raw(&php_text(&code));
            w.close("faultcode");
            w.open("faultstring");
            w.raw(&php_text(message));
            w.close("faultstring");
        }
        SoapVersion::V12 => {
            w.raw(&format!("<{prefix}:Code><{prefix}:Value>"));
            w.raw(&php_text(&code));
            w.raw(&format!(
                "</{prefix}:Value></{prefix}:Code><{prefix}:Reason><{prefix}:Text>"
            ));
            w.raw(&php_text(message));
            w.raw(&format!("</{prefix}:Text></{prefix}:Reason>"));
        }
    }
    w.raw(&format!(
        "</{prefix}:Fault></{prefix}:Body></{prefix}:Envelope>"
    ));
    w.into_string()
}

/// Text content escaped as libxml writes it for ext/soap: `&`, `<` and `>` only.
fn php_text(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::partial_escape(text)
}
