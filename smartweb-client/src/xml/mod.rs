//! XML reading and writing primitives used by the generated code.
//!
//! Reading builds a small element tree ([`Element`]) first and decodes typed values from it:
//! record fields (`xsd:all`) may come in any order, unknown elements are skipped, and arrays
//! are read from the `<item>` children of their own element only (nested arrays by path).
//! A response's array Result is read through a [`Cursor`] instead, one `<item>` tree at a
//! time, so a page of thousands of orders never exists as one tree (a tree costs about ten
//! times its text).
//!
//! Empty-value rule: an empty element (`<X/>`, `<X></X>`) or `xsi:nil="true"` reads as `None`
//! for numbers, booleans and records. For strings an empty element reads as `Some("")` (the
//! field was sent, with no text), and only `xsi:nil` or an absent element is `None`.
//!
//! Safety: `<!DOCTYPE` is rejected (no entity expansion), nesting is capped at
//! [`MAX_DEPTH`], only the five predefined entities and character references are resolved.
//! The body size limit is the caller's job.

use std::fmt::Write as _;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::Error;
use crate::soap::NilForm;

mod cursor;
mod tree;

pub use cursor::Cursor;
pub use tree::{Element, parse};

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

/// Builds XML text with correct escaping.
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    buf: String,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends raw markup (caller guarantees it is well-formed).
    pub fn raw(&mut self, markup: &str) {
        self.buf.push_str(markup);
    }

    /// `<name>`
    pub fn open(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// `</name>`
    pub fn close(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// `<name/>`
    pub fn empty(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push_str("/>");
    }

    /// Escaped text content.
    pub fn text(&mut self, text: &str) {
        self.buf.push_str(&quick_xml::escape::escape(text));
    }

    /// `<name>text</name>` with the text escaped (`<name/>` when empty).
    pub fn leaf(&mut self, name: &str, text: &str) {
        if text.is_empty() {
            self.empty(name);
        } else {
            self.open(name);
            self.text(text);
            self.close(name);
        }
    }

    /// An element with no value, in the chosen form.
    pub fn nil(&mut self, name: &str, form: NilForm) {
        match form {
            NilForm::Empty => self.empty(name),
            NilForm::XsiNil => {
                self.buf.push('<');
                self.buf.push_str(name);
                self.buf.push_str(" xsi:nil=\"true\"/>");
            }
        }
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished text.
    pub fn into_string(self) -> String {
        self.buf
    }
}

/// A value that is the content of one element: a scalar, an enum or a generated record.
pub trait XmlValue: Sized {
    /// Reads the content of `el` (whose own path is `path`); `Ok(None)` when it carries no
    /// value (see the module's empty-value rule).
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error>;
    /// Writes `<name>…</name>`.
    fn write_element(&self, name: &str, w: &mut XmlWriter);
}

fn scalar<T>(
    el: &Element,
    path: &Path<'_>,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, Error> {
    if el.is_nil() {
        return Ok(None);
    }
    if !el.children.is_empty() {
        return Err(decode_error(
            path,
            format!("expected {what}, found child elements"),
            "",
        ));
    }
    let text = el.text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| decode_error(path, format!("not a valid {what}"), text))
}

impl XmlValue for i64 {
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error> {
        scalar(el, path, "xsd:int", |t| t.parse().ok())
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, &self.to_string());
    }
}

impl XmlValue for bool {
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error> {
        scalar(el, path, "xsd:boolean", parse_bool)
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, if *self { "true" } else { "false" });
    }
}

/// `true`/`false`/`1`/`0` (ASCII case-insensitive for the words).
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t == "1" || t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t == "0" || t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Parses an `xsd:double`/`xsd:float` wire text exactly into a [`Decimal`] (never through a
/// binary float). Accepts plain (`-150`, `0.5`) and scientific (`1.0E-5`) forms; `INF`/`NaN`
/// are rejected.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    Decimal::from_str(t)
        .ok()
        .or_else(|| Decimal::from_scientific(t).ok())
}

impl XmlValue for Decimal {
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error> {
        scalar(el, path, "decimal number", parse_decimal)
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, &self.to_string());
    }
}

impl XmlValue for String {
    fn from_element(el: &Element, _path: &Path<'_>) -> Result<Option<Self>, Error> {
        if el.is_nil() {
            return Ok(None);
        }
        Ok(Some(el.text.clone()))
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, self);
    }
}

/// A field the WSDL types as a string that the server also sends as an array of records
/// (`Product.VariantTypes`: a `//`-joined string per the docs, an inlined array of
/// `ProductVariantType` when projected through `Product_SetFields`).
#[derive(Debug, Clone, PartialEq)]
pub enum TextOrItems<T> {
    /// The string form (an empty element reads as `Text("")`).
    Text(String),
    /// The array form, from `<item>` children.
    Items(Vec<T>),
}

impl<T: XmlValue> XmlValue for TextOrItems<T> {
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error> {
        if el.is_nil() {
            return Ok(None);
        }
        if el.children.is_empty() {
            return Ok(Some(Self::Text(el.text.clone())));
        }
        let mut items = Vec::new();
        for (index, item) in items_of(el) {
            if let Some(value) = T::from_element(item, &path.item(index))? {
                items.push(value);
            }
        }
        Ok(Some(Self::Items(items)))
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        match self {
            Self::Text(text) => w.leaf(name, text),
            Self::Items(items) => write_list(w, name, items),
        }
    }
}

/// The `<item>` children of an array element with their positions (other children are not
/// items of the array).
fn items_of(el: &Element) -> impl Iterator<Item = (usize, &Element)> {
    el.children.iter().filter(|c| c.name == "item").enumerate()
}

/// Reads a record field from its element (`path` is the record's path).
pub fn read_field<T: XmlValue>(el: &Element, path: &Path<'_>) -> Result<Option<T>, Error> {
    T::from_element(el, &path.child(&el.name))
}

/// Reads an array from the `<item>` children of `el` (other children are skipped).
pub fn read_list<T: XmlValue>(el: &Element, path: &Path<'_>) -> Result<Vec<T>, Error> {
    let own = path.child(&el.name);
    let mut out = Vec::new();
    for (index, item) in items_of(el) {
        if let Some(value) = T::from_element(item, &own.item(index))? {
            out.push(value);
        }
    }
    // Decoded records are large (an order line is over 600 bytes) and kept for a whole
    // page, so the doubling growth's spare capacity is given back.
    out.shrink_to_fit();
    Ok(out)
}

/// Writes a record field; `None` is left out.
pub fn write_field<T: XmlValue>(w: &mut XmlWriter, name: &str, value: &Option<T>) {
    if let Some(v) = value {
        v.write_element(name, w);
    }
}

/// Writes an array field as repeated `<item>`; an empty array is left out (so a partial
/// update never clears a list by accident).
pub fn write_list_field<T: XmlValue>(w: &mut XmlWriter, name: &str, items: &[T]) {
    if !items.is_empty() {
        write_list(w, name, items);
    }
}

/// `<name><item>…</item>…</name>`, `<name/>` when empty.
pub fn write_list<T: XmlValue>(w: &mut XmlWriter, name: &str, items: &[T]) {
    if items.is_empty() {
        w.empty(name);
        return;
    }
    w.open(name);
    for item in items {
        item.write_element("item", w);
    }
    w.close(name);
}

/// Writes a required operation argument.
pub fn write_arg<T: XmlValue>(w: &mut XmlWriter, name: &str, value: &T) {
    value.write_element(name, w);
}

/// Writes an optional operation argument: `None` is still sent, in the given [`NilForm`]
/// (the server binds arguments by position).
pub fn write_opt_arg<T: XmlValue>(w: &mut XmlWriter, name: &str, value: &Option<T>, nil: NilForm) {
    match value {
        Some(v) => v.write_element(name, w),
        None => w.nil(name, nil),
    }
}

/// Writes an array argument (always sent, `<name/>` when empty).
pub fn write_list_arg<T: XmlValue>(w: &mut XmlWriter, name: &str, items: &[T]) {
    write_list(w, name, items);
}

/// Reads a required argument from a request wrapper element.
pub fn read_arg<T: XmlValue>(wrapper: &Element, name: &str, path: &Path<'_>) -> Result<T, Error> {
    let Some(el) = wrapper.child(name) else {
        return Err(decode_error(path, format!("missing argument {name}"), ""));
    };
    let own = path.child(name);
    T::from_element(el, &own)?
        .ok_or_else(|| decode_error(&own, format!("argument {name} has no value"), ""))
}

/// Reads an optional argument (absent, empty or nil → `None`).
pub fn read_opt_arg<T: XmlValue>(
    wrapper: &Element,
    name: &str,
    path: &Path<'_>,
) -> Result<Option<T>, Error> {
    match wrapper.child(name) {
        Some(el) => T::from_element(el, &path.child(name)),
        None => Ok(None),
    }
}

/// Reads an array argument (absent → empty).
pub fn read_list_arg<T: XmlValue>(
    wrapper: &Element,
    name: &str,
    path: &Path<'_>,
) -> Result<Vec<T>, Error> {
    match wrapper.child(name) {
        Some(el) => read_list(el, path),
        None => Ok(Vec::new()),
    }
}

/// The decoded `<Op>Result` of an operation: `bool`, `i64`, `String`, `Option<Record>` or
/// `Vec<T>`.
pub trait ResultValue: Sized {
    /// Decodes the Result element (`None` when the response has none).
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error>;
    /// Writes the Result element named `name`.
    fn write_result(&self, name: &str, w: &mut XmlWriter);

    /// Decodes the Result element from a response being read: `start` was just returned by
    /// [`Cursor::next_child`], and the element is consumed through its end tag.
    ///
    /// The default builds the element's tree and calls [`from_result`](Self::from_result);
    /// arrays build one `<item>` at a time instead.
    fn read_result(
        cursor: &mut Cursor<'_>,
        start: Element,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        let el = cursor.subtree(start)?;
        Self::from_result(Some(&el), path)
    }
}

fn required_result<T: XmlValue>(el: Option<&Element>, path: &Path<'_>) -> Result<T, Error> {
    let Some(el) = el else {
        return Err(decode_error(path, "the response has no Result element", ""));
    };
    T::from_element(el, path)?.ok_or_else(|| decode_error(path, "the Result is empty", ""))
}

impl ResultValue for bool {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        required_result(el, path)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

impl ResultValue for i64 {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        required_result(el, path)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

/// A missing or nil string Result reads as `""`.
impl ResultValue for String {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        match el {
            Some(el) => Ok(String::from_element(el, path)?.unwrap_or_default()),
            None => Ok(String::new()),
        }
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        self.write_element(name, w);
    }
}

/// A missing or empty single-record Result reads as `None`.
impl<T: XmlValue> ResultValue for Option<T> {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        match el {
            Some(el) => T::from_element(el, path),
            None => Ok(None),
        }
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        match self {
            Some(v) => v.write_element(name, w),
            None => w.empty(name),
        }
    }
}

/// A missing or empty array Result reads as an empty `Vec`.
impl<T: XmlValue> ResultValue for Vec<T> {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        let Some(el) = el else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (index, item) in items_of(el) {
            if let Some(value) = T::from_element(item, &path.item(index))? {
                out.push(value);
            }
        }
        Ok(out)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        write_list(w, name, self);
    }
    fn read_result(
        cursor: &mut Cursor<'_>,
        _start: Element,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        let mut out = Vec::new();
        cursor.each_item(|item, index| {
            if let Some(value) = T::from_element(&item, &path.item(index))? {
                out.push(value);
            }
            Ok(())
        })?;
        // As in `read_list`: a page is kept whole, its spare capacity is not.
        out.shrink_to_fit();
        Ok(out)
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

impl<T> RecordPage<T> {
    /// No records and nothing unreadable: the end of a paged read.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.unreadable.is_empty()
    }

    fn read_item(&mut self, item: &Element, index: usize, path: &Path<'_>)
    where
        T: XmlValue,
    {
        match T::from_element(item, &path.item(index)) {
            Ok(Some(record)) => self.records.push(record),
            Ok(None) => {}
            Err(error) => self.unreadable.push(UnreadableRecord {
                index,
                id: item.child("Id").and_then(|id| id.text.trim().parse().ok()),
                error,
            }),
        }
    }
}

impl<T: XmlValue> ResultValue for RecordPage<T> {
    fn from_result(el: Option<&Element>, path: &Path<'_>) -> Result<Self, Error> {
        let mut page = Self {
            records: Vec::new(),
            unreadable: Vec::new(),
        };
        for (index, item) in el.into_iter().flat_map(items_of) {
            page.read_item(item, index, path);
        }
        Ok(page)
    }
    fn write_result(&self, name: &str, w: &mut XmlWriter) {
        write_list(w, name, &self.records);
    }
    fn read_result(
        cursor: &mut Cursor<'_>,
        _start: Element,
        path: &Path<'_>,
    ) -> Result<Self, Error> {
        let mut page = Self {
            records: Vec::new(),
            unreadable: Vec::new(),
        };
        // Malformed XML still fails the page: only well-formed records are skipped.
        cursor.each_item(|item, index| {
            page.read_item(&item, index, path);
            Ok(())
        })?;
        page.records.shrink_to_fit();
        Ok(page)
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
