//! A forward-only pass over a document.
//!
//! [`parse`](super::parse) builds a whole tree with it; [`crate::soap::parse_response`] walks
//! down to the Result element with it and builds trees only for the small pieces it decodes,
//! so the memory a response costs is its text plus the decoded values, whatever its size.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use super::tree::local_part;
use super::{Element, MAX_DEPTH, Path, decode_error, excerpt};
use crate::Error;

/// What the cursor meets next.
enum Node<'a> {
    /// An element's start tag (`<x/>` comes as a start and an end), as an [`Element`] with
    /// its names and attributes but no text or children yet.
    Start(Element),
    /// Text inside an element, entities resolved.
    Text(Cow<'a, str>),
    /// The end tag of the innermost open element.
    End,
    /// The end of a well-formed document.
    Eof,
}

/// Reads a document element by element without keeping what it has passed.
///
/// The cursor is always inside some element (or at the top level before and after the root).
/// [`next_child`](Self::next_child) opens the next child element of the current one; the
/// caller then either builds it with [`subtree`](Self::subtree), skips it with
/// [`skip`](Self::skip), or descends into it with further `next_child` calls.
///
/// The same safety rules as [`parse`](super::parse) apply: no `<!DOCTYPE`, nesting capped at
/// [`MAX_DEPTH`], only predefined entities and character references, one root, UTF-8 only.
pub struct Cursor<'a> {
    text: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    /// Local names of the open elements, outermost first (for depth and error paths).
    open: Vec<String>,
    root_closed: bool,
}

impl std::fmt::Debug for Cursor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("open", &self.open)
            .field("root_closed", &self.root_closed)
            .finish_non_exhaustive()
    }
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `body`, which must be UTF-8.
    pub fn new(body: &'a [u8]) -> Result<Self, Error> {
        let text = std::str::from_utf8(body)
            .map_err(|e| decode_error(&Path::root("(document)"), format!("not UTF-8: {e}"), ""))?;
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        Ok(Self {
            text,
            reader,
            open: Vec::new(),
            root_closed: false,
        })
    }

    /// Where the cursor is, as an error path (`Envelope/Body/…`).
    pub fn path(&self) -> Path<'static> {
        if self.open.is_empty() {
            Path::owned("(document)".to_owned())
        } else {
            Path::owned(self.open.join("/"))
        }
    }

    /// The next child element of the current element, its start tag consumed; text between
    /// children is passed over. `None` when the current element ends (its end tag consumed)
    /// or, at the top level, when the document ends.
    pub fn next_child(&mut self) -> Result<Option<Element>, Error> {
        loop {
            match self.next_node()? {
                Node::Start(element) => return Ok(Some(element)),
                Node::Text(_) => {}
                Node::End | Node::Eof => return Ok(None),
            }
        }
    }

    /// Builds the rest of `start` (just returned by [`next_child`](Self::next_child)) into a
    /// full element with its text and children, through its end tag.
    pub fn subtree(&mut self, start: Element) -> Result<Element, Error> {
        let mut stack = vec![start];
        loop {
            match self.next_node()? {
                Node::Start(element) => stack.push(element),
                Node::Text(text) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&text);
                    }
                }
                Node::End => {
                    let Some(mut element) = stack.pop() else {
                        return Err(decode_error(&self.path(), "unexpected end tag", ""));
                    };
                    // Indentation between child elements is not text.
                    if !element.children.is_empty() && element.text.trim().is_empty() {
                        element.text = String::new();
                    }
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => return Ok(element),
                    }
                }
                Node::Eof => {
                    return Err(decode_error(
                        &self.path(),
                        "document ends inside an element",
                        "",
                    ));
                }
            }
        }
    }

    /// Reads the rest of the array element just opened: each `<item>` child is built as a
    /// tree and handed to `each` with its position, one at a time; other children are passed
    /// over.
    pub fn each_item(
        &mut self,
        mut each: impl FnMut(Element, usize) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut index = 0_usize;
        while let Some(child) = self.next_child()? {
            if child.name != "item" {
                self.skip()?;
                continue;
            }
            let item = self.subtree(child)?;
            each(item, index)?;
            index = index.saturating_add(1);
        }
        Ok(())
    }

    /// Passes over the rest of the element just opened, through its end tag.
    pub fn skip(&mut self) -> Result<(), Error> {
        let mut depth = 0_usize;
        loop {
            match self.next_node()? {
                Node::Start(_) => depth = depth.saturating_add(1),
                Node::Text(_) => {}
                Node::End => match depth.checked_sub(1) {
                    Some(outer) => depth = outer,
                    None => return Ok(()),
                },
                Node::Eof => {
                    return Err(decode_error(
                        &self.path(),
                        "document ends inside an element",
                        "",
                    ));
                }
            }
        }
    }

    /// Reads the rest of the document, checking that it is well formed.
    pub fn finish(mut self) -> Result<(), Error> {
        loop {
            if let Node::Eof = self.next_node()? {
                return Ok(());
            }
        }
    }

    fn next_node(&mut self) -> Result<Node<'a>, Error> {
        loop {
            let position = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
            let text = self.text;
            let near = || text.get(position..).unwrap_or("");
            let event = self
                .reader
                .read_event()
                .map_err(|e| decode_error(&self.path(), format!("malformed XML: {e}"), near()))?;
            match event {
                Event::DocType(_) => {
                    return Err(decode_error(
                        &Path::root("(document)"),
                        "DOCTYPE is not allowed",
                        near(),
                    ));
                }
                Event::Start(start) => {
                    if self.open.len() >= MAX_DEPTH {
                        return Err(decode_error(
                            &self.path(),
                            format!("nesting deeper than {MAX_DEPTH}"),
                            near(),
                        ));
                    }
                    if self.open.is_empty() && self.root_closed {
                        return Err(decode_error(
                            &Path::root("(document)"),
                            "more than one root element",
                            near(),
                        ));
                    }
                    let element = element_from(&start)
                        .map_err(|(message, near)| decode_error(&self.path(), message, &near))?;
                    self.open.push(element.name.clone());
                    return Ok(Node::Start(element));
                }
                Event::End(_) => {
                    if self.open.pop().is_none() {
                        return Err(decode_error(
                            &Path::root("(document)"),
                            "unexpected end tag",
                            near(),
                        ));
                    }
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                    return Ok(Node::End);
                }
                Event::Empty(_) => {
                    // `expand_empty_elements` turns `<x/>` into a start and an end.
                    return Err(decode_error(
                        &self.path(),
                        "unexpected empty-element event",
                        near(),
                    ));
                }
                Event::Text(t) => {
                    if !self.open.is_empty() {
                        return Ok(Node::Text(t.xml10_content()));
                    }
                    if !t.trim().is_empty() {
                        return Err(decode_error(
                            &Path::root("(document)"),
                            "text outside the root",
                            near(),
                        ));
                    }
                }
                Event::CData(c) => {
                    if self.open.is_empty() {
                        return Err(decode_error(
                            &Path::root("(document)"),
                            "CDATA outside the root",
                            near(),
                        ));
                    }
                    return Ok(Node::Text(c.into_inner()));
                }
                Event::GeneralRef(r) => {
                    let resolved = resolve_reference(&r).ok_or_else(|| {
                        decode_error(
                            &self.path(),
                            format!("unknown entity &{};", excerpt(&r)),
                            near(),
                        )
                    })?;
                    if !self.open.is_empty() {
                        return Ok(Node::Text(Cow::Owned(resolved.to_string())));
                    }
                }
                Event::Eof => {
                    if !self.open.is_empty() {
                        return Err(decode_error(
                            &self.path(),
                            "document ends inside an element",
                            "",
                        ));
                    }
                    return Ok(Node::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }
}

/// `amp`, `lt`, `gt`, `quot`, `apos` and `#…`/`#x…` character references (never NUL).
fn resolve_reference(r: &str) -> Option<char> {
    if let Some(num) = r.strip_prefix('#') {
        let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    match r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The element a start tag opens; on a bad attribute, (what was wrong, the text near it).
/// The error path is the caller's, built only when needed.
fn element_from(start: &BytesStart<'_>) -> Result<Element, (String, String)> {
    let qname = <str as ToOwned>::to_owned(start.name().as_ref());
    let name = local_part(&qname).to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| (format!("bad attribute: {e}"), qname.clone()))?;
        let key = <str as ToOwned>::to_owned(attribute.key.as_ref());
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| (format!("bad attribute value: {e}"), key.clone()))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        qname,
        name,
        attributes,
        text: String::new(),
        children: Vec::new(),
    })
}
