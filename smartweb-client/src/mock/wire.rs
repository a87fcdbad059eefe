//! What goes on the wire: response and fault envelopes in the request's SOAP version, and
//! element trees written back to text.
//!
//! Successful answers come from the generated layer ([`soap::build_response`]); faults are
//! built here because the fake needs the PHP `SoapServer` shapes (see [`ServiceFault`]).

use crate::soap::{self, SoapVersion};
use crate::xml::Element;

/// How a fault code is placed in the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaultPlace {
    /// An application code (`AUTH`, `PARAM`, …): SOAP 1.2 `Code/Value` = `env:Receiver` and
    /// `Code/Subcode/Value` = the code; SOAP 1.1 `faultcode` = the code.
    Subcode,
    /// The code alone in SOAP 1.2 `Code/Value` with no Subcode, as recorded for `PRODUCT`.
    TopLevel,
    /// A PHP engine error: SOAP 1.2 `env:Receiver`, SOAP 1.1 `SOAP-ENV:Server`.
    Receiver,
    /// A request the SOAP layer could not read: SOAP 1.2 `env:Sender`, SOAP 1.1 `SOAP-ENV:Client`.
    Sender,
}

/// A fault the fake answers with (HTTP 500, like PHP's `SoapServer`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServiceFault {
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) place: FaultPlace,
}

impl ServiceFault {
    /// An application fault with its code in the SOAP 1.2 Subcode.
    pub(crate) fn app(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            place: FaultPlace::Subcode,
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
            code: "Receiver".to_owned(),
            message: message.into(),
            place: FaultPlace::Receiver,
        }
    }

    /// An unreadable request (`Sender`).
    pub(crate) fn sender(message: impl Into<String>) -> Self {
        Self {
            code: "Sender".to_owned(),
            message: message.into(),
            place: FaultPlace::Sender,
        }
    }

    /// A code in SOAP 1.2 `Code/Value` without Subcode (`PRODUCT`).
    pub(crate) fn top_level(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            place: FaultPlace::TopLevel,
        }
    }
}

fn envelope(version: SoapVersion, body: &str) -> String {
    let (prefix, ns) = match version {
        SoapVersion::V11 => ("SOAP-ENV", soap::SOAP11_ENVELOPE),
        SoapVersion::V12 => ("env", soap::SOAP12_ENVELOPE),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{prefix}:Envelope xmlns:{prefix}=\"{ns}\" xmlns:ns1=\"{}\"><{prefix}:Body>{body}</{prefix}:Body></{prefix}:Envelope>",
        soap::NAMESPACE
    )
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The fault envelope in the request's version.
pub(crate) fn fault_body(fault: &ServiceFault, version: SoapVersion) -> String {
    let message = escape(&fault.message);
    let code = escape(&fault.code);
    let inner = match version {
        SoapVersion::V11 => {
            let faultcode = match fault.place {
                FaultPlace::Receiver => "SOAP-ENV:Server".to_owned(),
                FaultPlace::Sender => "SOAP-ENV:Client".to_owned(),
                FaultPlace::Subcode | FaultPlace::TopLevel => code,
            };
            format!(
                "<SOAP-ENV:Fault><faultcode>{faultcode}</faultcode><faultstring>{message}</faultstring></SOAP-ENV:Fault>"
            )
        }
        SoapVersion::V12 => {
            let code_part = match fault.place {
                FaultPlace::Subcode => format!(
                    "<env:Value>env:Receiver</env:Value><env:Subcode><env:Value>{code}</env:Value></env:Subcode>"
                ),
                FaultPlace::TopLevel => format!("<env:Value>{code}</env:Value>"),
                FaultPlace::Receiver => "<env:Value>env:Receiver</env:Value>".to_owned(),
                FaultPlace::Sender => "<env:Value>env:Sender</env:Value>".to_owned(),
            };
            format!(
                "<env:Fault><env:Code>{code_part}</env:Code><env:Reason><env:Text xml:lang=\"en\">{message}</env:Text></env:Reason></env:Fault>"
            )
        }
    };
    envelope(version, &inner)
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
