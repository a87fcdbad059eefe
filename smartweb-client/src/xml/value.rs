//! Typed values: how scalars, strings, records and arrays read from an element's events
//! (see the module's empty-value rule) and write themselves.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::source::{Content, Opened, Source, Text, TreeSource};
use super::{Element, Path, XmlWriter, decode_error, write_list};
use crate::Error;

/// A value that is the content of one element: a scalar, an enum or a generated record.
pub trait XmlValue: Sized {
    /// Reads the content of the element `opened`, just opened in `source` (its own path is
    /// `path`), through its end tag; `Ok(None)` when it carries no value. After an error
    /// the source stands somewhere inside the element.
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error>;

    /// Writes `<name>…</name>`.
    fn write_element(&self, name: &str, w: &mut XmlWriter);

    /// Reads the content of a tree element (whose own path is `path`), by the same rules.
    fn from_element(el: &Element, path: &Path<'_>) -> Result<Option<Self>, Error> {
        let (mut source, opened) = TreeSource::open(el);
        Self::read(&mut source, &opened, path)
    }
}

/// A boxed value reads and writes as the value itself: generated records hold the records
/// nested in them boxed, so that an absent one costs a pointer, not its size.
impl<T: XmlValue> XmlValue for Box<T> {
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        Ok(T::read(source, opened, path)?.map(Box::new))
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        T::write_element(self, name, w);
    }
}

/// The trimmed text of a scalar element: `None` when it is nil or blank, an error when it
/// has child elements.
fn scalar_text<'a, S: Source<'a>>(
    source: &mut S,
    opened: &Opened<'a>,
    path: &Path<'_>,
    what: &str,
) -> Result<Option<Text<'a>>, Error> {
    if opened.nil {
        source.skip()?;
        return Ok(None);
    }
    let mut text = Text::default();
    loop {
        match source.next()? {
            Content::Text(piece) => text.push(piece),
            Content::Child(_) => {
                return Err(decode_error(
                    path,
                    format!("expected {what}, found child elements"),
                    "",
                ));
            }
            Content::End => break,
        }
    }
    Ok(Some(text).filter(|t| !t.as_str().trim().is_empty()))
}

fn scalar<'a, S: Source<'a>, T>(
    source: &mut S,
    opened: &Opened<'a>,
    path: &Path<'_>,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, Error> {
    let Some(text) = scalar_text(source, opened, path, what)? else {
        return Ok(None);
    };
    let text = text.as_str().trim();
    parse(text)
        .map(Some)
        .ok_or_else(|| decode_error(path, format!("not a valid {what}"), text))
}

impl XmlValue for i64 {
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        scalar(source, opened, path, "xsd:int", |t| t.parse().ok())
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, &self.to_string());
    }
}

impl XmlValue for bool {
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        scalar(source, opened, path, "xsd:boolean", parse_bool)
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
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        scalar(source, opened, path, "decimal number", parse_decimal)
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        w.leaf(name, &self.to_string());
    }
}

/// The text of a string element: all its own text (an empty element reads as `""`);
/// child elements are passed over, and blank text between them is no text.
impl XmlValue for String {
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        _path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        if opened.nil {
            source.skip()?;
            return Ok(None);
        }
        let mut text = Text::default();
        let mut children = false;
        loop {
            match source.next()? {
                Content::Text(piece) => text.push(piece),
                Content::Child(_) => {
                    children = true;
                    source.skip()?;
                }
                Content::End => break,
            }
        }
        if children && text.as_str().trim().is_empty() {
            return Ok(Some(String::new()));
        }
        Ok(Some(text.into_string()))
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
    fn read<'a, S: Source<'a>>(
        source: &mut S,
        opened: &Opened<'a>,
        path: &Path<'_>,
    ) -> Result<Option<Self>, Error> {
        if opened.nil {
            source.skip()?;
            return Ok(None);
        }
        let mut text = Text::default();
        let mut children = false;
        let mut items = Vec::new();
        let mut index = 0_usize;
        loop {
            match source.next()? {
                // Text counts only while there are no children.
                Content::Text(piece) => {
                    if !children {
                        text.push(piece);
                    }
                }
                Content::Child(child) => {
                    children = true;
                    if child.name == "item" {
                        if let Some(value) = T::read(source, &child, &path.item(index))? {
                            items.push(value);
                        }
                        index = index.saturating_add(1);
                    } else {
                        source.skip()?;
                    }
                }
                Content::End => break,
            }
        }
        Ok(Some(if children {
            Self::Items(items)
        } else {
            Self::Text(text.into_string())
        }))
    }
    fn write_element(&self, name: &str, w: &mut XmlWriter) {
        match self {
            Self::Text(text) => w.leaf(name, text),
            Self::Items(items) => write_list(w, name, items),
        }
    }
}

/// Reads a record: `field` is handed each child element with the source and reads it when it
/// is one of the record's fields (returning `true`); other children are passed over. `false`
/// when there is no record: the element is nil, or has neither children nor text.
pub fn read_record<'a, S: Source<'a>>(
    source: &mut S,
    opened: &Opened<'a>,
    mut field: impl FnMut(&mut S, &Opened<'a>) -> Result<bool, Error>,
) -> Result<bool, Error> {
    if opened.nil {
        source.skip()?;
        return Ok(false);
    }
    let mut content = false;
    loop {
        match source.next()? {
            Content::Child(child) => {
                content = true;
                if !field(source, &child)? {
                    source.skip()?;
                }
            }
            Content::Text(text) => content = content || !text.trim().is_empty(),
            Content::End => return Ok(content),
        }
    }
}

/// Reads a record field from the element `opened` (`path` is the field's own path).
pub fn read_field<'a, S: Source<'a>, T: XmlValue>(
    source: &mut S,
    opened: &Opened<'a>,
    path: &Path<'_>,
) -> Result<Option<T>, Error> {
    T::read(source, opened, path)
}

/// Calls `each` with every `<item>` child of the current element and its position among
/// them; other children are passed over.
pub(super) fn read_items<'a, S: Source<'a>>(
    source: &mut S,
    mut each: impl FnMut(&mut S, &Opened<'a>, usize) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut index = 0_usize;
    loop {
        match source.next()? {
            Content::Child(child) if child.name == "item" => {
                each(source, &child, index)?;
                index = index.saturating_add(1);
            }
            Content::Child(_) => source.skip()?,
            Content::Text(_) => {}
            Content::End => return Ok(()),
        }
    }
}

/// Reads an array from the `<item>` children of the element just opened (other children are
/// passed over); `path` is the array's own path.
pub fn read_list<'a, S: Source<'a>, T: XmlValue>(
    source: &mut S,
    path: &Path<'_>,
) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    read_items(source, |source, item, index| {
        if let Some(value) = T::read(source, item, &path.item(index))? {
            out.push(value);
        }
        Ok(())
    })?;
    // Decoded records are large (an order line is over 600 bytes) and kept for a whole
    // page, so the doubling growth's spare capacity is given back.
    out.shrink_to_fit();
    Ok(out)
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
        Some(el) => {
            let (mut source, _) = TreeSource::open(el);
            read_list(&mut source, &path.child(name))
        }
        None => Ok(Vec::new()),
    }
}
