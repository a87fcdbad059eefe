//! Reading a response: the `<Op>Result` as the operation's output, or the fault as a typed
//! [`Error`], from a body at hand ([`parse_response`]) or one arriving in pieces
//! ([`ResponseReader`]). Both are one reader: `parse_response` is a reader given the whole
//! body at once.
//!
//! An array Result is decoded item by item ([`ResultValue::read_item`]). While the body
//! arrives, the text of the items already decoded is let go, so a page costs its decoded
//! records plus a window of text (256 KiB), never the whole body. A fault or any other
//! Result is small and read once the body is complete. Text that ends inside an element is
//! read again from the last point the reader could resume from (the Result's start tag, or
//! the end of an item), once more of the body has come; what it reads there is exactly what
//! a whole-body read gives, errors included.

use super::{Operation, fault_to_error};
use crate::Error;
use crate::xml::{self, Cursor, Path, ResultValue};

/// How much text a reader gathers before it reads on (and at least twice what it could not
/// read at its last try). An item cut off at the window's end is read again when the next
/// window has come: for orders of 5 KB that repeats under 1 % of the work, and the window is
/// small beside a page of several MB.
const WINDOW: usize = 256 * 1024;

/// Where the reader stands in the document.
#[derive(Debug)]
enum Stage {
    /// Nothing read yet: the text starts at the document's start.
    Start,
    /// A fault or a Result that is read whole: read from the start once the body is complete.
    Whole,
    /// Inside an array Result, after its start tag or a complete item; `open` holds the open
    /// elements' qualified names (the Result last), `index` the items read.
    Items { open: Vec<String>, index: usize },
    /// After the array Result: the rest of the Response and the document, inside `open`.
    Rest { open: Vec<String> },
}

impl Stage {
    fn open(&self) -> &[String] {
        match self {
            Self::Start | Self::Whole => &[],
            Self::Items { open, .. } | Self::Rest { open } => open,
        }
    }
}

/// Decodes the response to `O` from a body that arrives in pieces: [`feed`](Self::feed) each
/// piece as it comes, then [`finish`](Self::finish). The output and every error are those
/// [`parse_response`] gives for the whole body, however it was cut.
///
/// ```
/// use smartweb_client::{ops, soap};
///
/// let body = soap::build_response::<ops::OrderGetByDateWithPagination>(
///     &vec![],
///     soap::SoapVersion::V11,
/// );
/// let mut reader = soap::ResponseReader::<ops::OrderGetByDateWithPagination>::new();
/// for piece in body.as_bytes().chunks(7) {
///     reader.feed(piece)?;
/// }
/// assert!(reader.finish()?.is_empty());
/// # Ok::<(), smartweb_client::Error>(())
/// ```
pub struct ResponseReader<O: Operation> {
    /// Text not yet read through: what came after the last resume point.
    pending: Vec<u8>,
    /// `pending` is read on once it is this long.
    attempt_at: usize,
    /// How much text is gathered before reading on.
    window: usize,
    /// How many bytes of the body were read through and let go.
    released: usize,
    stage: Stage,
    /// Where in the text of the current try the reader could resume from.
    resume_at: usize,
    /// The array page being filled, or the Result read whole.
    output: Option<O::Output>,
}

impl<O: Operation> std::fmt::Debug for ResponseReader<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseReader")
            .field("operation", &O::NAME)
            .field("stage", &self.stage)
            .field("pending_bytes", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl<O: Operation> Default for ResponseReader<O> {
    fn default() -> Self {
        Self::new()
    }
}

impl<O: Operation> ResponseReader<O> {
    /// A reader before the body's first byte, reading on whenever 256 KiB of text have
    /// come.
    pub fn new() -> Self {
        Self::with_window(WINDOW)
    }

    /// A reader that reads on whenever `window` bytes of text have come (at least 1): a
    /// smaller window holds less text at a time but reads an item cut off at its end again
    /// more often.
    pub fn with_window(window: usize) -> Self {
        let window = window.max(1);
        Self {
            pending: Vec::new(),
            attempt_at: window,
            window,
            released: 0,
            stage: Stage::Start,
            resume_at: 0,
            output: None,
        }
    }

    /// Takes the next piece of the body and decodes what it completes. Fails early only
    /// on what no later piece can mend (text that is not UTF-8); everything else is
    /// reported by [`finish`](Self::finish).
    pub fn feed(&mut self, piece: &[u8]) -> Result<(), Error> {
        self.pending.extend_from_slice(piece);
        if self.pending.len() < self.attempt_at {
            return Ok(());
        }
        let window = std::mem::take(&mut self.pending);
        let read = self.advance(&window, false);
        self.pending = window;
        let read = read?;
        let read = read.min(self.pending.len());
        self.pending.drain(..read);
        self.released = self.released.saturating_add(read);
        self.attempt_at = match self.stage {
            // Read once the body is complete.
            Stage::Whole | Stage::Rest { .. } => usize::MAX,
            // Twice what could not be read: a long item is not read again for every piece.
            Stage::Start | Stage::Items { .. } => {
                self.window.max(self.pending.len().saturating_mul(2))
            }
        };
        Ok(())
    }

    /// How many bytes of the body are held as text, waiting to be decoded.
    pub fn pending_bytes(&self) -> usize {
        self.pending.len()
    }

    /// The body is complete: decodes the rest and returns the output, or the fault or
    /// decode error.
    pub fn finish(mut self) -> Result<O::Output, Error> {
        let window = std::mem::take(&mut self.pending);
        self.advance(&window, true)?;
        self.output()
    }

    fn output(self) -> Result<O::Output, Error> {
        self.output.ok_or_else(|| {
            xml::decode_error(&Path::root("(document)"), "the response was not read", "")
        })
    }

    /// Reads `window` (the text after the last resume point) as far as it goes; returns how
    /// much of it was read through. Unless `last`, an error may only mean that the window
    /// ends early: the reader stops at its last resume point and tries again later.
    fn advance(&mut self, window: &[u8], last: bool) -> Result<usize, Error> {
        let text = match std::str::from_utf8(window) {
            Ok(text) => text,
            // A character cut at the window's end is completed by the next piece.
            Err(e) if !last && e.error_len().is_none() => window
                .get(..e.valid_up_to())
                .and_then(|valid| std::str::from_utf8(valid).ok())
                .unwrap_or(""),
            Err(e) => return Err(xml::not_utf8(&e, self.released)),
        };
        let open = self.stage.open().to_vec();
        let mut cursor = Cursor::resume(text, &open);
        self.resume_at = 0;
        match self.run(&mut cursor, last) {
            Ok(()) if last => Ok(window.len()),
            Err(error) if last => Err(error),
            Ok(()) | Err(_) => Ok(self.resume_at),
        }
    }

    /// Reads on from the stage's point, moving the stage and `resume_at` with each resume
    /// point passed.
    fn run(&mut self, cursor: &mut Cursor<'_>, last: bool) -> Result<(), Error> {
        match self.stage {
            Stage::Start | Stage::Whole => self.read_envelope(cursor, last),
            Stage::Items { .. } => {
                self.read_items(cursor)?;
                self.read_rest(cursor)
            }
            Stage::Rest { .. } => self.read_rest(cursor),
        }
    }

    /// The document from its start: the envelope down to the Result, then the Result.
    fn read_envelope(&mut self, cursor: &mut Cursor<'_>, last: bool) -> Result<(), Error> {
        self.output = None;
        let document = Path::root("(document)");
        let root = cursor.next_child()?.ok_or_else(|| Error::Decode {
            path: document.render(),
            message: "no root element".to_owned(),
            excerpt: String::new(),
        })?;
        let envelope_path = Path::root(root.name);
        if root.name != "Envelope" {
            return Err(Error::Decode {
                path: envelope_path.render(),
                message: "not a SOAP envelope".to_owned(),
                excerpt: xml::excerpt(root.qname),
            });
        }
        let body_path = Path::root("Envelope");
        let body_path = body_path.child("Body");
        loop {
            match cursor.next_child()? {
                Some(child) if child.name == "Body" => break,
                Some(_) => cursor.skip()?,
                None => {
                    return Err(Error::Decode {
                        path: envelope_path.render(),
                        message: "envelope has no Body".to_owned(),
                        excerpt: String::new(),
                    });
                }
            }
        }
        let first = cursor.next_child()?.ok_or_else(|| Error::Decode {
            path: body_path.render(),
            message: "empty Body".to_owned(),
            excerpt: String::new(),
        })?;
        if first.name == "Fault" {
            if !last {
                self.stage = Stage::Whole;
                return Ok(());
            }
            let fault = cursor.subtree(first)?;
            return Err(fault_to_error(&fault));
        }
        let expected = format!("{}Response", O::NAME);
        if first.name != expected {
            return Err(Error::Decode {
                path: body_path.render(),
                message: format!("expected {expected}, found {}", first.name),
                excerpt: xml::excerpt(first.qname),
            });
        }
        let response_path = body_path.child(first.name);
        let result_name = format!("{}Result", O::NAME);
        let result_path = response_path.child(&result_name);
        while let Some(child) = cursor.next_child()? {
            if child.name != result_name {
                cursor.skip()?;
                continue;
            }
            match O::Output::empty_page() {
                Some(page) => {
                    self.output = Some(page);
                    if let Some(at) = cursor.resume_point() {
                        self.stage = Stage::Items {
                            open: cursor.open_names(),
                            index: 0,
                        };
                        self.resume_at = at;
                    }
                    self.read_items(cursor)?;
                }
                None if !last => {
                    self.stage = Stage::Whole;
                    return Ok(());
                }
                None => {
                    let output = O::Output::read_result(cursor, &child, &result_path)?;
                    self.output = Some(output);
                }
            }
            // Later Results, like any other element, are passed over.
            return self.read_rest(cursor);
        }
        self.output = Some(O::Output::missing(&result_path)?);
        cursor.finish()
    }

    /// The items of the array Result the cursor is in, through the Result's end tag.
    fn read_items(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Error> {
        let Some(page) = self.output.as_mut() else {
            return Err(xml::decode_error(
                &cursor.path(),
                "no page to read into",
                "",
            ));
        };
        let path = cursor.path();
        let mut index = match self.stage {
            Stage::Items { index, .. } => index,
            _ => 0,
        };
        while let Some(child) = cursor.next_child()? {
            if child.name == "item" {
                page.read_item(cursor, &child, index, &path)?;
                index = index.saturating_add(1);
            } else {
                cursor.skip()?;
            }
            if let (Some(at), Stage::Items { index: read, .. }) =
                (cursor.resume_point(), &mut self.stage)
            {
                *read = index;
                self.resume_at = at;
            }
        }
        page.end_page();
        if let Some(at) = cursor.resume_point() {
            self.stage = Stage::Rest {
                open: cursor.open_names(),
            };
            self.resume_at = at;
        }
        Ok(())
    }

    /// The rest of the element the cursor is in (its children passed over), and of the
    /// document, checked to be well formed.
    fn read_rest(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Error> {
        while cursor.next_child()?.is_some() {
            cursor.skip()?;
        }
        cursor.finish()
    }
}

/// Reads a response body: the `<Op>Result` as `O::Output`, or the fault as a typed [`Error`].
///
/// The envelope is read with a [`Cursor`] and the Result decoded straight from its events
/// (only a Fault becomes a tree), so a large page costs its text plus the decoded values
/// (BENCHMARKS.md); a [`ResponseReader`] fed the body as it arrives costs the decoded values
/// and a window of text. The whole document is checked to be well formed.
pub fn parse_response<O: Operation>(body: &[u8]) -> Result<O::Output, Error> {
    let mut reader = ResponseReader::<O>::new();
    reader.advance(body, true)?;
    reader.output()
}
