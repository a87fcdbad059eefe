//! XML reading and writing primitives used by the generated code.
//!
//! Reading: every type decodes from the events of its element (a [`Source`]): child element
//! starts, text and the end tag. A response is decoded straight from the document as it is
//! read ([`Cursor`]), without building elements and with names and most text borrowed from
//! the body; small documents (requests, faults, fakes' records) are parsed into an element
//! tree ([`Element`]) and replayed as the same events ([`TreeSource`]), so each type has one
//! decoder. Record fields (`xsd:all`) may come in any order, unknown elements are skipped,
//! and arrays are read from the `<item>` children of their own element only.
//!
//! Empty-value rule: an empty element (`<X/>`, `<X></X>`) or `xsi:nil="true"` reads as `None`
//! for numbers, booleans and records. For strings an empty element reads as `Some("")` (the
//! field was sent, with no text), and only `xsi:nil` or an absent element is `None`.
//!
//! Safety: `<!DOCTYPE` is rejected (no entity expansion), nesting is capped at
//! [`MAX_DEPTH`], only the five predefined entities and character references are resolved.
//! The body size limit is the caller's job.

use std::fmt::Write as _;

use crate::Error;

mod cursor;
mod result;
mod source;
mod tree;
mod value;
mod writer;

pub use cursor::Cursor;
pub use result::{RecordPage, ResultValue, UnreadableRecord};
pub use source::{Opened, Source};
pub use tree::{Element, parse};
pub use value::{
    TextOrItems, XmlValue, parse_decimal, read_arg, read_field, read_list, read_list_arg,
    read_opt_arg, read_record,
};
pub use writer::{
    XmlWriter, write_arg, write_field, write_list, write_list_arg, write_list_field, write_opt_arg,
};

/// Deepest element nesting accepted when parsing.
pub const MAX_DEPTH: usize = 256;

/// Longest excerpt of offending text kept in a decode error.
const EXCERPT_CHARS: usize = 120;

/// Cuts `text` to a bounded excerpt for error messages.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

pub(crate) fn decode_error(path: &Path<'_>, message: impl Into<String>, near: &str) -> Error {
    Error::Decode {
        path: path.render(),
        message: message.into(),
        excerpt: excerpt(near),
    }
}

/// Text that is not UTF-8: `error` from checking text that begins `offset` bytes into the
/// document.
pub(crate) fn not_utf8(error: &std::str::Utf8Error, offset: usize) -> Error {
    let at = offset.saturating_add(error.valid_up_to());
    decode_error(
        &Path::root("(document)"),
        format!("not UTF-8 from byte {at}"),
        "",
    )
}

/// Where a value sits in the document, for error messages (`Order/OrderLines/item[2]/Price`).
#[derive(Debug, Clone)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone)]
enum Segment<'a> {
    Name(&'a str),
    Item(usize),
    Owned(String),
}

impl<'a> Path<'a> {
    /// A path starting at `name`.
    pub fn root(name: &'a str) -> Self {
        Self {
            parent: None,
            segment: Segment::Name(name),
        }
    }

    pub(crate) fn owned(text: String) -> Path<'static> {
        Path {
            parent: None,
            segment: Segment::Owned(text),
        }
    }

    /// This path extended by a child element name.
    pub fn child(&'a self, name: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Name(name),
        }
    }

    /// This path extended by an array item (`item[n]`, 1-based like XPath).
    pub fn item(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Item(index),
        }
    }

    /// `A/B/item[3]/C`
    pub fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut cursor = Some(self);
        while let Some(p) = cursor {
            parts.push(&p.segment);
            cursor = p.parent;
        }
        let mut out = String::new();
        for segment in parts.iter().rev() {
            match segment {
                Segment::Name(n) => {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(n);
                }
                Segment::Owned(n) => {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(n);
                }
                Segment::Item(i) => {
                    let _ = write!(out, "/item[{}]", i.saturating_add(1));
                }
            }
        }
        out
    }
}

/// Decodes one record (or scalar) from a standalone XML document whose root is the value's
/// element, e.g. `<Order>…</Order>`. Handy in tests and fakes.
pub fn from_str<T: XmlValue>(xml: &str) -> Result<Option<T>, Error> {
    let root = parse(xml.as_bytes())?;
    T::from_element(&root, &Path::root(&root.name))
}

/// Encodes one value as a standalone element named `name`.
pub fn to_string<T: XmlValue>(value: &T, name: &str) -> String {
    let mut w = XmlWriter::new();
    value.write_element(name, &mut w);
    w.into_string()
}
