//! Units.

use crate::envelope::Resource;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A unit of measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Unit {
    /// Number.
    #[serde(with = "crate::serde_util::int")]
    pub number: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Unit {
    const SINGULAR: &'static str = "unit";
    const PLURAL: &'static str = "units";
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(Unit);
