//! What the typed decoders read: one element's content as a run of child elements, text and
//! its end tag, from a document being read ([`Cursor`](super::Cursor)) or from an element
//! tree ([`TreeSource`]). Both give the same events for the same XML, so every type has one
//! decoder whichever way its input arrives.

use std::borrow::Cow;

use quick_xml::events::attributes::Attributes;

use super::tree::local_part;
use super::{Element, Path, decode_error};
use crate::Error;

/// An element's start tag: its names, whether it is `xsi:nil`, and its attributes.
#[derive(Debug, Clone, Copy)]
pub struct Opened<'a> {
    /// The qualified name as written, e.g. `ns1:Order_GetByIdResult`.
    pub qname: &'a str,
    /// The local name (prefix removed), e.g. `Order_GetByIdResult`.
    pub name: &'a str,
    /// `xsi:nil="true"` (or `"1"`) is set (any prefix, as [`Element::is_nil`]).
    pub nil: bool,
    attributes: TagAttributes<'a>,
}

/// Where an [`Opened`]'s attributes live.
#[derive(Debug, Clone, Copy)]
enum TagAttributes<'a> {
    /// The start tag's text without `<` and `>`, already checked when it was read; the
    /// attributes follow the qualified name.
    Tag(&'a str),
    /// An element tree's attribute list.
    Tree(&'a [(String, String)]),
}

impl<'a> Opened<'a> {
    /// A start tag read from a document: `tag` is its text without `<`, `>` (and `/`), and
    /// the qualified name is its first `name_len` bytes. Every attribute is checked here;
    /// on a bad one, (what was wrong, the text near it).
    #[inline]
    pub(super) fn from_tag(tag: &'a str, name_len: usize) -> Result<Self, (String, String)> {
        let qname = tag.get(..name_len).unwrap_or(tag);
        // Most elements of a response carry no attributes: nothing to check or look up.
        let nil = if tag.len() > name_len {
            nil_attribute(tag, name_len)?
        } else {
            false
        };
        Ok(Self {
            qname,
            name: local_part(qname),
            nil,
            attributes: TagAttributes::Tag(tag),
        })
    }

    /// The start tag of a tree element.
    pub fn of(element: &'a Element) -> Self {
        Self {
            qname: &element.qname,
            name: &element.name,
            nil: element.is_nil(),
            attributes: TagAttributes::Tree(&element.attributes),
        }
    }

    /// Attributes as `(qualified name, unescaped value)`, including `xmlns` declarations.
    pub fn attributes(&self) -> Vec<(String, String)> {
        match self.attributes {
            TagAttributes::Tree(list) => list.to_vec(),
            TagAttributes::Tag(tag) => Attributes::new(tag, self.qname.len())
                // Checked when the tag was read.
                .filter_map(Result::ok)
                .filter_map(|a| {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned();
                    Some((<str as ToOwned>::to_owned(a.key.as_ref()), value))
                })
                .collect(),
        }
    }

    /// The value of the attribute with this local name (any prefix).
    pub fn attribute(&self, local: &str) -> Option<String> {
        self.attributes()
            .into_iter()
            .find(|(k, _)| local_part(k) == local)
            .map(|(_, v)| v)
    }

    /// The element with these names and attributes, no text or children yet.
    pub fn to_element(self) -> Element {
        Element {
            qname: self.qname.to_owned(),
            name: self.name.to_owned(),
            attributes: self.attributes(),
            text: String::new(),
            children: Vec::new(),
        }
    }
}

/// Checks every attribute of a start tag (`tag`, its name `name_len` bytes long) and tells
/// whether the first one named `nil` (any prefix) says the element is nil.
fn nil_attribute(tag: &str, name_len: usize) -> Result<bool, (String, String)> {
    let mut nil = None;
    for attribute in Attributes::new(tag, name_len) {
        let attribute = attribute.map_err(|e| {
            let qname = tag.get(..name_len).unwrap_or(tag);
            (format!("bad attribute: {e}"), qname.to_owned())
        })?;
        let key: &str = attribute.key.as_ref();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| (format!("bad attribute value: {e}"), key.to_owned()))?;
        if nil.is_none() && local_part(key) == "nil" {
            nil = Some(is_nil_value(&value));
        }
    }
    Ok(nil.unwrap_or(false))
}

/// `xsi:nil` values meaning "no value".
pub(super) fn is_nil_value(value: &str) -> bool {
    matches!(value, "true" | "1")
}

/// The next piece of the current element's content.
#[derive(Debug)]
pub enum Content<'a> {
    /// A child element's start tag (`<x/>` comes as a start and an end).
    Child(Opened<'a>),
    /// Text (a run of it: one element's text may come in several pieces), entities resolved.
    Text(Cow<'a, str>),
    /// The end tag of the current element.
    End,
}

/// Events of one document or tree, read forward; the decoders' only input.
pub trait Source<'a> {
    /// The next piece of the current element's content; after [`Content::Child`] the child is
    /// the current element until its [`Content::End`].
    fn next(&mut self) -> Result<Content<'a>, Error>;

    /// Passes over the rest of the current element, through its end tag.
    fn skip(&mut self) -> Result<(), Error>;

    /// How many elements are open (the current element's depth; the root is 1).
    fn depth(&self) -> usize;

    /// Reads on through the end of the open element at `depth` (after a decode error inside
    /// it) and returns that whole element as a tree, the part already read included.
    fn finish_as_tree(&mut self, depth: usize) -> Result<Element, Error>;
}

/// Text of an element gathered from its pieces: borrowed while it is one piece.
#[derive(Debug, Default)]
pub(super) struct Text<'a>(Option<Cow<'a, str>>);

impl<'a> Text<'a> {
    pub(super) fn push(&mut self, piece: Cow<'a, str>) {
        match &mut self.0 {
            None => self.0 = Some(piece),
            Some(text) => text.to_mut().push_str(&piece),
        }
    }

    pub(super) fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }

    pub(super) fn into_string(self) -> String {
        self.0.map(Cow::into_owned).unwrap_or_default()
    }
}

/// Replays an element tree as [`Source`] events (text first, then the children).
#[derive(Debug)]
pub struct TreeSource<'a> {
    /// Open elements, outermost first, with how far each has been replayed.
    open: Vec<Frame<'a>>,
}

#[derive(Debug)]
struct Frame<'a> {
    element: &'a Element,
    text_given: bool,
    next_child: usize,
}

impl<'a> TreeSource<'a> {
    /// A source positioned just after `root`'s start tag; returns it with that tag.
    pub fn open(root: &'a Element) -> (Self, Opened<'a>) {
        let source = Self {
            open: vec![Frame::new(root)],
        };
        (source, Opened::of(root))
    }
}

impl<'a> Frame<'a> {
    fn new(element: &'a Element) -> Self {
        Self {
            element,
            text_given: false,
            next_child: 0,
        }
    }
}

impl<'a> Source<'a> for TreeSource<'a> {
    fn next(&mut self) -> Result<Content<'a>, Error> {
        let Some(frame) = self.open.last_mut() else {
            return Ok(Content::End);
        };
        let element = frame.element;
        if !frame.text_given {
            frame.text_given = true;
            if !element.text.is_empty() {
                return Ok(Content::Text(Cow::Borrowed(&element.text)));
            }
        }
        match element.children.get(frame.next_child) {
            Some(child) => {
                frame.next_child = frame.next_child.saturating_add(1);
                self.open.push(Frame::new(child));
                Ok(Content::Child(Opened::of(child)))
            }
            None => {
                self.open.pop();
                Ok(Content::End)
            }
        }
    }

    fn skip(&mut self) -> Result<(), Error> {
        self.open.pop();
        Ok(())
    }

    fn depth(&self) -> usize {
        self.open.len()
    }

    fn finish_as_tree(&mut self, depth: usize) -> Result<Element, Error> {
        let frame = depth
            .checked_sub(1)
            .and_then(|at| self.open.get(at))
            .ok_or_else(|| {
                decode_error(
                    &Path::root("(tree)"),
                    format!("no open element at depth {depth}"),
                    "",
                )
            })?;
        let element = frame.element.clone();
        self.open.truncate(depth.saturating_sub(1));
        Ok(element)
    }
}
