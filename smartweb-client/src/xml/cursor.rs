//! A forward-only pass over a document.
//!
//! [`parse`](super::parse) builds a whole tree with it; [`crate::soap::ResponseReader`] walks
//! down to the Result element with it and decodes the Result straight from its events (a
//! [`Source`]): no element is copied on the way, names and most text are borrowed from the
//! text. A cursor can be [resumed](Cursor::resume) on the rest of a document, inside the
//! elements open where it begins, so a response arriving in pieces is read without holding
//! the part already decoded.

use std::borrow::Cow;

use quick_xml::errors::IllFormedError;
use quick_xml::events::{BytesStart, Event};

use super::source::{Content, Opened, Source};
use super::tree::local_part;
use super::{Element, MAX_DEPTH, Path, decode_error, excerpt};
use crate::Error;

/// Reads a document element by element without keeping what it has passed.
///
/// The cursor is always inside some element (or at the top level before and after the root).
/// [`next_child`](Self::next_child) opens the next child element of the current one; the
/// caller then either builds it with [`subtree`](Self::subtree), skips it with
/// [`skip`](Self::skip), descends into it with further `next_child` calls, or has a typed
/// decoder read it (the cursor is a `Source`).
///
/// The same safety rules as [`parse`](super::parse) apply: no `<!DOCTYPE`, nesting capped at
/// [`MAX_DEPTH`], only predefined entities and character references, one root, UTF-8 only.
pub struct Cursor<'a> {
    text: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    /// Open elements, outermost first: the qualified name (for the depth cap, error paths and
    /// the end tags of resumed elements) and where its start tag begins in `text` (to read a
    /// record again after it failed to decode; `usize::MAX` for a resumed element, whose
    /// start lies before `text`).
    open: Vec<(&'a str, usize)>,
    /// How many of the outermost open elements were opened before `text` began
    /// ([`resume`](Self::resume)): quick-xml never saw their start tags, so the cursor
    /// checks their end tags itself.
    resumed: usize,
    root_closed: bool,
    /// The end of the document has been read.
    ended: bool,
    /// The element opened last was an empty-element tag (`<x/>`): its end comes next.
    empty_open: bool,
    /// The document has a `\r` somewhere (rare): text must have its line ends normalised.
    has_cr: bool,
    /// The first error met (path, message, excerpt): a document that is not well formed is
    /// not read past it, so every later read gives it again. quick-xml itself would read on
    /// (after a mismatched end tag it drops the element it expected), and a record's
    /// decoder that reads the rest of a failed record must not find a different error.
    failed: Option<(String, String, String)>,
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
        let text = std::str::from_utf8(body).map_err(|e| super::not_utf8(&e, 0))?;
        Ok(Self::resume(text, &[]))
    }

    /// A cursor reading `text`, the rest of a document whose elements `open` (qualified
    /// names, outermost first) are open where `text` begins: how a response that arrives in
    /// pieces is read on after the part already decoded was let go. With `open` empty,
    /// `text` is a whole document.
    pub fn resume(text: &'a str, open: &'a [String]) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        // The end tags of the resumed elements have no start tag in `text`; `next_node`
        // checks their names instead.
        config.allow_unmatched_ends = !open.is_empty();
        // `<x/>` is opened and closed here rather than by quick-xml's expansion, which copies
        // the name of every empty element into a new allocation.
        config.expand_empty_elements = false;
        Self {
            text,
            reader,
            open: open
                .iter()
                .map(|name| (name.as_str(), usize::MAX))
                .collect(),
            resumed: open.len(),
            root_closed: false,
            ended: false,
            empty_open: false,
            has_cr: text.contains('\r'),
            failed: None,
        }
    }

    /// Where in its text the cursor could be [resumed](Self::resume) from (bytes read so
    /// far): `None` just after an empty-element tag (`<x/>`), whose end is still to come
    /// without any more text.
    pub fn resume_point(&self) -> Option<usize> {
        if self.empty_open {
            return None;
        }
        usize::try_from(self.reader.buffer_position()).ok()
    }

    /// The qualified names of the open elements, outermost first: what
    /// [`resume`](Self::resume) needs to read on from [`position`](Self::position).
    pub fn open_names(&self) -> Vec<String> {
        self.open
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect()
    }

    /// Where the cursor is, as an error path (`Envelope/Body/…`).
    pub fn path(&self) -> Path<'static> {
        if self.open.is_empty() {
            Path::owned("(document)".to_owned())
        } else {
            let names: Vec<&str> = self.open.iter().map(|(name, _)| local_part(name)).collect();
            Path::owned(names.join("/"))
        }
    }

    /// The next child element of the current element, its start tag consumed; text between
    /// children is passed over. `None` when the current element ends (its end tag consumed)
    /// or, at the top level, when the document ends.
    pub fn next_child(&mut self) -> Result<Option<Opened<'a>>, Error> {
        loop {
            match self.next_node()? {
                Content::Child(opened) => return Ok(Some(opened)),
                Content::Text(_) => {}
                Content::End => return Ok(None),
            }
        }
    }

    /// Builds the rest of `start` (just returned by [`next_child`](Self::next_child)) into a
    /// full element with its text and children, through its end tag.
    pub fn subtree(&mut self, start: Opened<'a>) -> Result<Element, Error> {
        let mut stack = vec![start.to_element()];
        loop {
            match self.next_node()? {
                Content::Child(opened) => stack.push(opened.to_element()),
                Content::Text(text) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&text);
                    }
                }
                // `next_node` fails on a document that ends inside an element.
                Content::End if self.ended => {
                    return Err(decode_error(&self.path(), "unexpected end of document", ""));
                }
                Content::End => {
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
            }
        }
    }

    /// Passes over the rest of the element just opened, through its end tag.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.close_to(self.open.len())
    }

    /// Reads the rest of the document, checking that it is well formed.
    pub fn finish(&mut self) -> Result<(), Error> {
        while !self.ended {
            self.next_node()?;
        }
        Ok(())
    }

    /// Reads on until the open element at `depth` (1 = the root) has ended; nothing when
    /// fewer elements are open. (`next_node` fails on a document that ends inside one.)
    fn close_to(&mut self, depth: usize) -> Result<(), Error> {
        while self.open.len() >= depth && depth > 0 {
            self.next_node()?;
        }
        Ok(())
    }

    /// The next event of the document: what [`Source::next`] gives, with the end of the
    /// document as [`Content::End`] too (`self.ended` tells them apart).
    fn next_node(&mut self) -> Result<Content<'a>, Error> {
        if let Some((path, message, excerpt)) = &self.failed {
            return Err(Error::Decode {
                path: path.clone(),
                message: message.clone(),
                excerpt: excerpt.clone(),
            });
        }
        let node = self.read_node();
        if let Err(Error::Decode {
            path,
            message,
            excerpt,
        }) = &node
        {
            self.failed = Some((path.clone(), message.clone(), excerpt.clone()));
        }
        node
    }

    /// [`next_node`](Self::next_node) before the first error.
    fn read_node(&mut self) -> Result<Content<'a>, Error> {
        if self.empty_open {
            // The end of the `<x/>` opened last.
            self.empty_open = false;
            return Ok(self.close());
        }
        loop {
            let position = self.reader.buffer_position();
            // No `map_err` closures on this path: it runs for every event of a response.
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.malformed(format!("malformed XML: {e}"), position)),
            };
            match event {
                Event::Start(start) => return self.open(&start, position),
                Event::Empty(start) => {
                    let opened = self.open(&start, position)?;
                    self.empty_open = true;
                    return Ok(opened);
                }
                Event::End(end) => {
                    let Some(&(expected, _)) = self.open.last() else {
                        return Err(self.at_top("unexpected end tag", position));
                    };
                    // quick-xml checked the end tags of the elements it saw open.
                    let name = end.name();
                    let found: &str = name.as_ref();
                    if self.open.len() <= self.resumed && found != expected {
                        // The error quick-xml gives for the elements it saw open.
                        let e = quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                            expected: expected.to_owned(),
                            found: found.to_owned(),
                        });
                        return Err(self.malformed(format!("malformed XML: {e}"), position));
                    }
                    return Ok(self.close());
                }
                Event::Text(t) => {
                    if !self.open.is_empty() {
                        // Line ends need normalising only where the document has a `\r`.
                        let text = if self.has_cr {
                            t.xml10_content()
                        } else {
                            t.into_inner()
                        };
                        return Ok(Content::Text(text));
                    }
                    if !t.trim().is_empty() {
                        return Err(self.at_top("text outside the root", position));
                    }
                }
                Event::GeneralRef(r) => {
                    let Some(resolved) = resolve_reference(&r) else {
                        let message = format!("unknown entity &{};", excerpt(&r));
                        return Err(self.malformed(message, position));
                    };
                    if !self.open.is_empty() {
                        return Ok(Content::Text(resolved));
                    }
                }
                Event::CData(c) => {
                    if self.open.is_empty() {
                        return Err(self.at_top("CDATA outside the root", position));
                    }
                    return Ok(Content::Text(c.into_inner()));
                }
                Event::DocType(_) => {
                    return Err(self.at_top("DOCTYPE is not allowed", position));
                }
                Event::Eof => {
                    if !self.open.is_empty() {
                        return Err(decode_error(
                            &self.path(),
                            "document ends inside an element",
                            "",
                        ));
                    }
                    self.ended = true;
                    return Ok(Content::End);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }

    /// Opens the element of a start tag read at `position`.
    fn open(&mut self, start: &BytesStart<'_>, position: u64) -> Result<Content<'a>, Error> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.malformed(format!("nesting deeper than {MAX_DEPTH}"), position));
        }
        if self.open.is_empty() && self.root_closed {
            return Err(self.at_top("more than one root element", position));
        }
        let Some((tag, at)) = within(self.text, start) else {
            return Err(self.malformed("a start tag not taken from the document".into(), position));
        };
        let opened = match Opened::from_tag(tag, start.name().as_ref().len()) {
            Ok(opened) => opened,
            Err((message, near)) => return Err(decode_error(&self.path(), message, &near)),
        };
        // The tag's text starts after its `<`.
        self.open.push((opened.qname, at.saturating_sub(1)));
        Ok(Content::Child(opened))
    }

    /// Closes the innermost open element.
    fn close(&mut self) -> Content<'a> {
        self.open.pop();
        if self.open.is_empty() {
            self.root_closed = true;
        }
        Content::End
    }

    /// An error at the current element, with the text from `position` as the excerpt.
    #[cold]
    fn malformed(&self, message: String, position: u64) -> Error {
        decode_error(&self.path(), message, self.near(position))
    }

    /// An error about the document as a whole.
    #[cold]
    fn at_top(&self, message: &str, position: u64) -> Error {
        decode_error(&Path::root("(document)"), message, self.near(position))
    }

    fn near(&self, position: u64) -> &'a str {
        let text = self.text;
        usize::try_from(position)
            .ok()
            .and_then(|at| text.get(at..))
            .unwrap_or("")
    }
}

impl<'a> Source<'a> for Cursor<'a> {
    fn next(&mut self) -> Result<Content<'a>, Error> {
        self.next_node()
    }

    fn skip(&mut self) -> Result<(), Error> {
        Cursor::skip(self)
    }

    fn depth(&self) -> usize {
        self.open.len()
    }

    fn finish_as_tree(&mut self, depth: usize) -> Result<Element, Error> {
        let Some(&(_, start)) = depth.checked_sub(1).and_then(|at| self.open.get(at)) else {
            return Err(decode_error(
                &self.path(),
                format!("no open element at depth {depth}"),
                "",
            ));
        };
        self.close_to(depth)?;
        let end = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
        let element = self.text.get(start..end).unwrap_or("");
        super::parse(element.as_bytes())
    }
}

/// `part` (text of `whole` that quick-xml hands out for the lifetime of its event only) as a
/// slice of `whole` again, with its offset, so that names can be kept without copying.
/// `None` if `part` does not lie in `whole`.
fn within<'a>(whole: &'a str, part: &str) -> Option<(&'a str, usize)> {
    let offset = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let found = whole.get(offset..offset.checked_add(part.len())?)?;
    (found.as_ptr() == part.as_ptr()).then_some((found, offset))
}

/// `amp`, `lt`, `gt`, `quot`, `apos` and `#…`/`#x…` character references (never NUL).
fn resolve_reference(r: &str) -> Option<Cow<'static, str>> {
    if let Some(num) = r.strip_prefix('#') {
        let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(|c| Cow::Owned(c.to_string()));
    }
    let text = match r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    };
    Some(Cow::Borrowed(text))
}
