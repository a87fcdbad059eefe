//! SOAP faults (both versions) into the typed [`Error`].

use crate::Error;
use crate::xml::{Element, excerpt};

/// Longest fault message kept (characters).
const MESSAGE_CHARS: usize = 2000;

/// Turns a `Fault` element of either SOAP version into an [`Error`].
///
/// SOAP 1.2: the code is `Code/Subcode/Value` when present, else `Code/Value` (where PHP's
/// ext/soap puts a `SoapFault`'s code: `<env:Value>AUTH</env:Value>`), prefix stripped
/// (`env:Receiver` → `Receiver`); the message is `Reason/Text`. SOAP 1.1: `faultcode`
/// (prefix stripped; a dotted `Client.AUTH` reads as `AUTH`) and `faultstring`, with
/// `detail` text appended when present. Codes are matched case-insensitively (the server
/// writes both `INTERNAL` and `Internal`), and any fault whose text says
/// `Order: <id> created` is [`Error::LineErrors`]: that order exists.
///
/// An operation the server does not have is [`Error::ProcedureNotPresent`] in both versions,
/// although ext/soap names it only in SOAP 1.2 (`rpc:ProcedureNotPresent`); in SOAP 1.1 it
/// answers `SOAP-ENV:Server` with `Procedure 'X' not present`.
pub fn fault_to_error(fault: &Element) -> Error {
    let (code, message) = if let Some(code) = fault.child("faultcode") {
        let mut message = fault
            .child("faultstring")
            .map(|e| e.text.trim().to_owned())
            .unwrap_or_default();
        if let Some(detail) = fault.child("detail") {
            let detail = all_text(detail);
            if !detail.is_empty() {
                message = if message.is_empty() {
                    detail
                } else {
                    format!("{message} ({detail})")
                };
            }
        }
        (code.text.trim().to_owned(), message)
    } else {
        let code_el = fault.child("Code");
        let subcode = code_el
            .and_then(|c| c.child("Subcode"))
            .and_then(|s| s.child("Value"))
            .map(|v| v.text.trim().to_owned())
            .filter(|s| !s.is_empty());
        let code = subcode.unwrap_or_else(|| {
            code_el
                .and_then(|c| c.child("Value"))
                .map(|v| v.text.trim().to_owned())
                .unwrap_or_default()
        });
        let message = fault
            .child("Reason")
            .and_then(|r| r.child("Text"))
            .map(|t| t.text.trim().to_owned())
            .unwrap_or_default();
        (code, message)
    };
    let code = strip_prefix(&code).to_owned();
    classify(&code, bounded(&message))
}

fn strip_prefix(code: &str) -> &str {
    code.rsplit_once(':').map_or(code, |(_, local)| local)
}

fn bounded(message: &str) -> String {
    if message.chars().count() > MESSAGE_CHARS {
        let mut cut: String = message.chars().take(MESSAGE_CHARS).collect();
        cut.push('…');
        cut
    } else {
        message.to_owned()
    }
}

fn all_text(el: &Element) -> String {
    let mut parts = Vec::new();
    collect_text(el, &mut parts);
    parts.join(" ")
}

fn collect_text(el: &Element, parts: &mut Vec<String>) {
    let t = el.text.trim();
    if !t.is_empty() {
        parts.push(t.to_owned());
    }
    for child in &el.children {
        collect_text(child, parts);
    }
}

/// The application code of a fault code: prefix already stripped; a SOAP 1.1 dotted form
/// (`Client.AUTH`, `Server.PARAM`) names the application code after its last dot.
fn application_code(code: &str) -> &str {
    match code.rsplit_once('.') {
        Some((_, last)) if KNOWN_CODES.iter().any(|k| k.eq_ignore_ascii_case(last)) => last,
        _ => code,
    }
}

/// The codes with their own [`Error`] variant.
const KNOWN_CODES: &[&str] = &[
    "AUTH",
    "PARAM",
    "NOSUCHPARAM",
    "INTERNAL",
    "ProcedureNotPresent",
    "lineErrors",
];

fn classify(code: &str, message: String) -> Error {
    let code = application_code(code);
    // "Order: 4 created. Following products were not included: …": the order WAS created
    // (API sheet §2.7), whatever code the fault carries, so it must never look retryable.
    if let Some(id) = created_order_id(&message) {
        return Error::LineErrors {
            created_order_id: Some(id),
            message,
        };
    }
    let is = |known: &str| code.eq_ignore_ascii_case(known);
    if is("AUTH") {
        Error::Auth { message }
    } else if is("PARAM") {
        Error::Param { message }
    } else if is("NOSUCHPARAM") {
        Error::NoSuchParam { message }
    } else if is("INTERNAL") {
        Error::Internal { message }
    } else if is("ProcedureNotPresent") || is_soap11_procedure_not_present(code, &message) {
        Error::ProcedureNotPresent { message }
    } else if is("lineErrors") {
        Error::LineErrors {
            created_order_id: None,
            message,
        }
    } else {
        Error::Other {
            code: excerpt(code),
            message,
        }
    }
}

/// ext/soap's SOAP 1.1 answer to an unknown operation: `Server`, `Procedure 'X' not present`.
fn is_soap11_procedure_not_present(code: &str, message: &str) -> bool {
    code.eq_ignore_ascii_case("Server")
        && message.starts_with("Procedure '")
        && message.ends_with("' not present")
}

/// The id in `Order: 4 created. …` (`/Order:\s*(\d+)\s*created/`).
pub(crate) fn created_order_id(message: &str) -> Option<i64> {
    let mut rest = message;
    while let Some(at) = rest.find("Order:") {
        let after = rest.get(at + "Order:".len()..).unwrap_or("");
        let trimmed = after.trim_start();
        let digits_len = trimmed
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(trimmed.len(), |(i, _)| i);
        if digits_len > 0 {
            let digits = trimmed.get(..digits_len).unwrap_or("");
            let tail = trimmed.get(digits_len..).unwrap_or("").trim_start();
            if tail.starts_with("created")
                && let Ok(id) = digits.parse::<i64>()
            {
                return Some(id);
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::created_order_id;

    #[test]
    fn created_id_is_read_from_the_message() {
        assert_eq!(
            created_order_id("Order: 4 created. Following products were not included: Product: 7"),
            Some(4)
        );
        assert_eq!(created_order_id("Order:123created"), Some(123));
        assert_eq!(created_order_id("Order: x created"), None);
        assert_eq!(created_order_id("no id"), None);
        assert_eq!(
            created_order_id("Order: 5 failed; Order: 6 created"),
            Some(6)
        );
    }
}
