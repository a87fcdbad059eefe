//! Stock locations (warehouses, shelves, bins; hierarchical).

use crate::envelope::Resource;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A stock location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Location {
    /// Location number.
    #[serde(with = "crate::serde_util::int")]
    pub number: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Barcode.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// Default location.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_default: Option<bool>,
    /// Parent location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_id: Option<u64>,
    /// Number of child locations.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub children_count: Option<u64>,
    /// Top-level parent location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub toplevel_parent_id: Option<u64>,
    /// Depth in the hierarchy.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub nesting_level: Option<u64>,
    /// Path from the top (`[{number, name, children_count}]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nest_list: Option<Value>,
    /// When it was created (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last changed (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Location {
    const SINGULAR: &'static str = "location";
    const PLURAL: &'static str = "locations";
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(Location);
