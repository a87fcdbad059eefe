//! The embedder's own JSON types: the shapes that serde reads through its buffer (flatten,
//! untagged and internally tagged enums), where a crate turning on serde_json's
//! `arbitrary_precision` would make every `f64` fail with "invalid type: map, expected f64".
//! `tests/json.rs` reads them with every crate of this workspace in the program.

use serde::Deserialize;

/// A record whose numbers sit in a flattened part.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Reading {
    /// Its own field.
    pub sensor: String,
    /// The flattened part.
    #[serde(flatten)]
    pub measure: Measure,
}

/// The flattened part of a [`Reading`].
#[derive(Debug, Deserialize, PartialEq)]
pub struct Measure {
    /// A float.
    pub value: f64,
    /// An integer.
    pub count: u32,
}

/// A number or a text, told apart by serde trying each.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Amount {
    /// A float.
    Number(f64),
    /// A text.
    Text(String),
}

/// A shape named by its `kind` field.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(tag = "kind")]
pub enum Shape {
    /// A circle.
    Circle {
        /// Its radius.
        radius: f64,
    },
}
