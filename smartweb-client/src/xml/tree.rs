//! The owned element tree: what small documents (requests, faults, the fakes' records) are
//! read into; the typed decoders read it replayed as events ([`TreeSource`](super::TreeSource)).

use super::{Cursor, Path, decode_error};
use crate::Error;

/// One parsed XML element: its names, attributes, direct text and child elements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// The qualified name as written, e.g. `ns1:Order_GetByIdResult`.
    pub qname: String,
    /// The local name (prefix removed), e.g. `Order_GetByIdResult`.
    pub name: String,
    /// Attributes as `(qualified name, unescaped value)`, including `xmlns` declarations.
    pub attributes: Vec<(String, String)>,
    /// The element's own text (entities resolved). Whitespace-only text between child
    /// elements is dropped.
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The prefix of the qualified name, if any.
    pub fn prefix(&self) -> Option<&str> {
        self.qname.split_once(':').map(|(p, _)| p)
    }

    /// The value of the attribute with this local name (any prefix).
    pub fn attribute(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| local_part(k) == local)
            .map(|(_, v)| v.as_str())
    }

    /// `xsi:nil="true"` (or `"1"`) is set.
    pub fn is_nil(&self) -> bool {
        self.attribute("nil")
            .is_some_and(super::source::is_nil_value)
    }

    /// No children and no text after trimming.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && self.text.trim().is_empty()
    }
}

/// The part after the prefix: `ns1:Order` → `Order`.
pub(super) fn local_part(qname: &str) -> &str {
    // Names are short: a plain loop beats a `memrchr` call on every start tag.
    match qname.bytes().rposition(|b| b == b':') {
        Some(colon) => qname.get(colon.saturating_add(1)..).unwrap_or(qname),
        None => qname,
    }
}

/// Parses a whole document into its root element.
///
/// Rejects `<!DOCTYPE`, unknown entities, mismatched tags, nesting deeper than
/// [`MAX_DEPTH`](super::MAX_DEPTH), content after the root and non-UTF-8 input. Never panics.
pub fn parse(body: &[u8]) -> Result<Element, Error> {
    let mut cursor = Cursor::new(body)?;
    let Some(root) = cursor.next_child()? else {
        return Err(decode_error(
            &Path::root("(document)"),
            "no root element",
            "",
        ));
    };
    let root = cursor.subtree(root)?;
    cursor.finish()?;
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::local_part;

    #[test]
    fn local_names_of_every_length_and_prefix() {
        for name in [
            "",
            "a",
            "Id",
            "Order",
            "OrderLines",
            "ItemNumberSupplier",
            "A23456789012345678",
        ] {
            assert_eq!(local_part(name), name);
            for prefix in ["n", "ns1", "SOAP-ENV", "abcdefghijklmnop"] {
                assert_eq!(local_part(&format!("{prefix}:{name}")), name);
            }
        }
        assert_eq!(local_part("a:b:c"), "c", "the last colon counts, as before");
        assert_eq!(local_part("ø:æ"), "æ");
        assert_eq!(local_part("trailing:"), "");
    }
}
