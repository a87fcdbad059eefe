//! What goes on the wire: fault envelopes in the request's SOAP version, as PHP's ext/soap
//! writes them, and element trees written back to text.
//!
//! Successful answers come from the generated layer ([`soap::build_response`]) and are then
//! shaped like ext/soap's (see `responder`); faults are [`soap::build_fault`]'s.

use crate::soap::{self, SoapVersion};
use crate::xml::Element;

/// Who raises a fault, which decides how ext/soap writes its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// The service's `throw new SoapFault('AUTH', …)` (`AUTH`, `PARAM`, `PRODUCT`, …): the
    /// code as is, in SOAP 1.1 `faultcode` and SOAP 1.2 `Code/Value` (no Subcode).
    Application(String),
    /// A PHP error in the service or ext/soap's own (arity, encoding): `SOAP-ENV:Server`,
    /// SOAP 1.2 `env:Receiver`.
    Engine,
    /// A request ext/soap could not read: `SOAP-ENV:Client`, SOAP 1.2 `env:Sender`.
    Sender,
    /// An operation the service does not have: ext/soap's own answer, `SOAP-ENV:Server`
    /// "Procedure 'X' not present" in SOAP 1.1, `rpc:ProcedureNotPresent` "Procedure not
    /// present" in SOAP 1.2.
    ProcedureNotPresent(String),
}

/// A fault the fake answers with (HTTP 500, like PHP's `SoapServer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceFault {
    pub(crate) kind: FaultKind,
    pub(crate) message: String,
}

impl ServiceFault {
    /// An application fault (`AUTH`, `PARAM`, `PRODUCT`, …).
    pub(crate) fn app(code: &str, message: impl Into<String>) -> Self {
        Self {
            kind: FaultKind::Application(code.to_owned()),
            message: message.into(),
        }
    }

    /// `AUTH`: no valid session (the text is the one the sheet quotes for the code).
    pub(crate) fn auth() -> Self {
        Self::app(
            "AUTH",
            "A valid authentication has not been performed with the service",
        )
    }

    /// `PARAM` with the sheet's "No such id" wording.
    pub(crate) fn no_such_id(id: i64, field: &str) -> Self {
        Self::app("PARAM", format!("No such id: {id} for {field}"))
    }

    /// A PHP engine error (`Receiver`).
    pub(crate) fn receiver(message: impl Into<String>) -> Self {
        Self {
            kind: FaultKind::Engine,
            message: message.into(),
        }
    }

    /// An unreadable request (`Sender`).
    pub(crate) fn sender(message: impl Into<String>) -> Self {
        Self {
            kind: FaultKind::Sender,
            message: message.into(),
        }
    }

    /// An operation the service does not offer.
    pub(crate) fn procedure_not_present(operation: &str) -> Self {
        Self {
            kind: FaultKind::ProcedureNotPresent(operation.to_owned()),
            message: String::new(),
        }
    }
}

/// The fault envelope in the request's version, byte for byte as ext/soap writes it.
pub(crate) fn fault_body(fault: &ServiceFault, version: SoapVersion) -> String {
    match (&fault.kind, version) {
        (FaultKind::Application(code), _) => soap::build_fault(code, &fault.message, version),
        (FaultKind::Engine, _) => soap::build_fault("Server", &fault.message, version),
        (FaultKind::Sender, _) => soap::build_fault("Client", &fault.message, version),
        (FaultKind::ProcedureNotPresent(operation), SoapVersion::V11) => soap::build_fault(
            "Server",
            &format!("Procedure '{operation}' not present"),
            version,
        ),
        (FaultKind::ProcedureNotPresent(_), SoapVersion::V12) => {
            soap::build_fault("rpc:ProcedureNotPresent", "Procedure not present", version)
        }
    }
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The `Content-Type` of an answer in `version`.
pub(crate) fn content_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V11 => "text/xml; charset=utf-8",
        SoapVersion::V12 => "application/soap+xml; charset=utf-8",
    }
}

/// Writes an element tree back as text (attributes kept, text escaped, `<X/>` when empty).
pub(crate) fn write_tree(el: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&el.qname);
    for (key, value) in &el.attributes {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        out.push_str(&escape(value));
        out.push('"');
    }
    if el.children.is_empty() && el.text.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    out.push_str(&escape(&el.text));
    for child in &el.children {
        write_tree(child, out);
    }
    out.push_str("</");
    out.push_str(&el.qname);
    out.push('>');
}

/// A whole document: the XML declaration and the root element.
pub(crate) fn write_document(root: &Element) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_tree(root, &mut out);
    out
}

/// A childless element with no text.
pub(crate) fn empty_element(name: &str) -> Element {
    Element {
        qname: name.to_owned(),
        name: name.to_owned(),
        ..Element::default()
    }
}
