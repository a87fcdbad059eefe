//! Writing XML: the escaping writer and the helpers the generated code writes fields,
//! arrays and operation arguments with.

use super::XmlValue;
use crate::soap::NilForm;

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
