//! Currencies.

use crate::envelope::Resource;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A currency known to the account (fields beyond the code are unverified).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Currency {
    /// ISO code, e.g. `DKK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Exchange rate.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Decimal>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Currency {
    const SINGULAR: &'static str = "currency";
    const PLURAL: &'static str = "currencies";
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(Currency);
