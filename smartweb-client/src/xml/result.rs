//! The `<Op>Result` of a response: how each kind of Result decodes, including an array read
//! record by record.

use super::source::{Opened, Source, TreeSource};
use super::value::read_items;
use super::{Element, Path, XmlValue, XmlWriter, decode_error, write_list};
use crate::Error;

/// The decoded `<Op>Result` of an operation: `bool`, `i64`, `String`, `Option<Record>` or
/// `Vec<T>`.
pub trait ResultValue: Sized {
    /// Decodes the Result element just opened in `source` (`opened`), through its end tag.
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error>;

    /// The value of a response that has no Result element.
    fn missing(path: &Path<'_>) -> Result<Self, Error>;

    /// Writes the Result element named `name`.
    fn write_result(&self, name: &str, w: &mut XmlWriter);

    /// An array Result's empty page, to be filled item by item with
    /// [`read_item`](Self::read_item) while the response arrives, so that no more of the
    /// response than one item has to be held as text. `None` (the default) for a Result
    /// that is read whole with [`read_result`](Self::read_result).
    fn empty_page() -> Option<Self> {
        None
    }

    /// Reads the `<item>` just opened in `source` (the Result's `index`th, its path
    /// `path.item(index)`) into this page, through its end tag. Only called on a page
    /// from [`empty_page`](Self::empty_page); the default passes over the item.
    fn read_item<'a, S: Source<'a>>(
        &mut self,
        source: &mut S,
        item: &Opened<'a>,
        index: usize,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        let _ = (item, index, path);
        source.skip()
    }

    /// Called once the page's last item has been read.
    fn end_page(&mut self) {}

    /// Decodes a Result element of a tree (`None` when the response has none).
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        match el {
            Some(el) => {
                let (mut source, opened) = TreeSource::open(el);
                Self::read_result(&mut source, &opened, path)
            }
            None => Self::missing(path),
        }
    }
}

fn required_result<'a, S: Source<'a>, T: XmlValue>(
    source: &mut S,
    opened: &Opened<'a>,
    path: &Path<'_>,
) -> Result<T, Error> {
    T::read(source, opened, path)?.ok_or_else(|| decode_error(path, "the Result is empty", ""))
}

fn no_result<T>(path: &Path<'_>) -> Result<T, Error> {
    Err(decode_error(path, "the response has no Result element", ""))
}

impl ResultValue for bool {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        required_result(source, opened, path)
    }
    fn missing(path: &Path<'_>) -> Result<Self, Error> {
        no_result(path)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

impl ResultValue for i64 {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        required_result(source, opened, path)
    }
    fn missing(path: &Path<'_>) -> Result<Self, Error> {
        no_result(path)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

/// A missing or nil string Result reads as `""`.
impl ResultValue for String {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        Ok(String::read(source, opened, path)?.unwrap_or_default())
    }
    fn missing(_path: &Path<'_>) -> Result<Self, Error> {
        Ok(String::new())
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

/// A missing or empty single-record Result reads as `None`.
impl<T: XmlValue> ResultValue for Option<T> {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        T::read(source, opened, path)
    }
    fn missing(_path: &Path<'_>) -> Result<Self, Error> {
        Ok(None)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        match self {
            Some(v) => v.write_element(name, w),
            None => w.empty(name),
        }
    }
}

/// Reads an array Result's items into `page` ([`ResultValue::read_item`]), then ends it.
fn read_page<'a, S: Source<'a>, P: ResultValue>(
    source: &mut S,
    mut page: P,
    path: &Path<'_>,
) -> Result<P, Error> {
    read_items(source, |source, item, index| {
        page.read_item(source, item, index, path)
    })?;
    page.end_page();
    Ok(page)
}

/// Reads the `<item>` just opened. When its value does not decode, the rest of the item is
/// still read, so that malformed XML anywhere in it fails the page (the outer error) before
/// the bad value; the inner error comes with the whole item as a tree.
fn read_one<'a, S: Source<'a>, T: XmlValue>(
    source: &mut S,
    item: &Opened<'a>,
    index: usize,
    path: &Path<'_>,
) -> Result<Result<Option<T>, (Error, Element)>, Error> {
    let depth = source.depth();
    match T::read(source, item, &path.item(index)) {
        Ok(value) => Ok(Ok(value)),
        Err(error) => Ok(Err((error, source.finish_as_tree(depth)?))),
    }
}

/// A missing or empty array Result reads as an empty `Vec`; one item that does not decode
/// fails the whole Result (see [`RecordPage`] for the tolerant read).
impl<T: XmlValue> ResultValue for Vec<T> {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        _opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        read_page(source, Vec::new(), path)
    }
    fn missing(_path: &Path<'_>) -> Result<Self, Error> {
        Ok(Vec::new())
    }
    fn empty_page() -> Option<Self> {
        Some(Vec::new())
    }
    fn read_item<'a, S: Source<'a>>(
        &mut self,
        source: &mut S,
        item: &Opened<'a>,
        index: usize,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        let value = read_one(source, item, index, path)?.map_err(|(error, _)| error)?;
        self.extend(value);
        Ok(())
    }
    fn end_page(&mut self) {
        // As in `read_list`: a page is kept whole, its spare capacity is not.
        self.shrink_to_fit();
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        write_list(w, name, self);
    }
}

/// An array Result read record by record: the records that decoded, and the ones that did
/// not with their `Id` (when readable) and why, so one malformed record does not cost the
/// whole page.
#[derive(Debug)]
pub struct RecordPage<T> {
    /// The records that decoded, in document order.
    pub records: Vec<T>,
    /// The `<item>`s that did not decode.
    pub unreadable: Vec<UnreadableRecord>,
}

/// One `<item>` of a [`RecordPage`] that did not decode.
#[derive(Debug)]
pub struct UnreadableRecord {
    /// Its position among the page's items (0-based).
    pub index: usize,
    /// Its `Id` child, when that parses as a number.
    pub id: Option<i64>,
    /// The decode error, naming the field.
    pub error: Error,
}

impl<T> Default for RecordPage<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl<T> RecordPage<T> {
    /// No records and nothing unreadable: the end of a paged read.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.unreadable.is_empty()
    }
}

impl<T: XmlValue> ResultValue for RecordPage<T> {
    fn read_result<'a, S: Source<'a>>(
        source: &mut S,
        _opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        read_page(source, Self::default(), path)
    }
    fn missing(_path: &Path<'_>) -> Result<Self, Error> {
        Ok(Self::default())
    }
    fn empty_page() -> Option<Self> {
        Some(Self::default())
    }
    fn read_item<'a, S: Source<'a>>(
        &mut self,
        source: &mut S,
        item: &Opened<'a>,
        index: usize,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        match read_one(source, item, index, path)? {
            Ok(record) => self.records.extend(record),
            // Only well-formed records are skipped.
            Err((error, record)) => {
                self.unreadable.push(UnreadableRecord {
                    index,
                    id: record
                        .child("Id")
                        .and_then(|id| id.text.trim().parse().ok()),
                    error,
                });
            }
        }
        Ok(())
    }
    fn end_page(&mut self) {
        self.records.shrink_to_fit();
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        write_list(w, name, &self.records);
    }
}
