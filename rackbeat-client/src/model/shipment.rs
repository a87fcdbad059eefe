//! Order shipments: what the warehouse picked and sent for an order.
//!
//! The sheet lists the paths (`GET /orders/{n}/shipments`, `GET /order-shipments?order_number=`)
//! and the envelope key (`order_shipment`); the official client reads `id`, `customer`,
//! `is_picked`, `is_partly_picked`, `is_shipped`, `created_at` and `updated_at`. Where a
//! shipment carries its tracking number is documented nowhere, so the three names seen in
//! carrier integrations (`tracking_number`, `tracking_code`, `track_trace`) are all read;
//! which one counts is the caller's rule.

use crate::envelope::Resource;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One shipment of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Shipment {
    /// Shipment id.
    #[serde(with = "crate::serde_util::int")]
    pub id: u64,
    /// The order it belongs to (on `/order-shipments` answers).
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub order_number: Option<u64>,
    /// Everything is picked.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_picked: Option<bool>,
    /// Some of it is picked.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_partly_picked: Option<bool>,
    /// It has left the warehouse.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_shipped: Option<bool>,
    /// Tracking number (candidate name; not confirmed by any source).
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_number: Option<String>,
    /// Tracking code (candidate name; not confirmed by any source).
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_code: Option<String>,
    /// Track & trace (candidate name; not confirmed by any source).
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub track_trace: Option<String>,
    /// When it was shipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<String>,
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
    /// Fields this crate does not model (e.g. `customer`), kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Shipment {
    const SINGULAR: &'static str = "order_shipment";
    const PLURAL: &'static str = "order_shipments";
}

crate::serde_util::model_with_extra!(Shipment);
