//! Payment terms.

use crate::envelope::Resource;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Payment terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct PaymentTerms {
    /// Number (0 when an embedded object leaves it out).
    #[serde(default, with = "crate::serde_util::int")]
    pub number: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Type (field `type`).
    #[serde(rename = "type")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Type, translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_translated: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Days until due.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub maturity_days: Option<u64>,
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

impl Resource for PaymentTerms {
    const SINGULAR: &'static str = "payment_terms";
    const PLURAL: &'static str = "payment_terms";
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(PaymentTerms);
