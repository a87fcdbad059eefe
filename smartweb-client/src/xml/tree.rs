//! The owned element tree: what small documents (requests, faults, one array item) are read
//! into before the typed decoders walk them.

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
        matches!(self.attribute("nil"), Some("true" | "1"))
    }

    /// No children and no text after trimming.
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && self.text.trim().is_empty()
    }
}

/// The part after the prefix: `ns1:Order` → `Order`.
pub(super) fn local_part(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
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
