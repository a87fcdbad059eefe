//! Receiving Rackbeat webhook deliveries: token check and a lenient body parser.
//!
//! Pure (no HTTP client needed): hand it the headers and body your web framework received.
//! Rackbeat signs nothing; authenticity rests on the `Rackbeat-Webhook-Token` header, which
//! [`verify_token`] compares in constant time. Bodies come in several shapes (the documented
//! envelope, the observed minimal `{"key_name":"number","key":"1021"}`, a stock-style
//! `{"item": …, "item_type": …, "type": "stock"}`), so [`parse_delivery`] accepts all of them,
//! takes the event from the `Rackbeat-Webhook-Event` header, and the caller re-fetches the
//! resource by its key. Expect duplicates: handle deliveries idempotently.

use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use crate::model::WebhookToken;

/// Header carrying the webhook's shared token.
pub const TOKEN_HEADER: &str = "Rackbeat-Webhook-Token";
/// Header carrying the event name.
pub const EVENT_HEADER: &str = "Rackbeat-Webhook-Event";
/// Header carrying the account id.
pub const ACCOUNT_HEADER: &str = "Rackbeat-Account-Id";

/// Whether the presented `Rackbeat-Webhook-Token` matches the stored one, in constant time.
/// A missing header never matches.
pub fn verify_token(expected: &WebhookToken, presented: Option<&str>) -> bool {
    match presented {
        Some(p) => bool::from(
            expected
                .expose_secret()
                .as_bytes()
                .ct_eq(p.trim().as_bytes()),
        ),
        None => false,
    }
}

/// A webhook event name; unknown names survive as [`WebhookEvent::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `order.created` (the docs' example also writes `orders.created`).
    OrderCreated,
    /// `product.created`.
    ProductCreated,
    /// `product.updated`.
    ProductUpdated,
    /// `product.deleted` (with `converted_to_lot` when it became a BOM).
    ProductDeleted,
    /// `lot.created`.
    LotCreated,
    /// `plugin.uninstalled`.
    PluginUninstalled,
    /// A stock change (`inventory.changed` in third-party code; name unconfirmed).
    InventoryChanged,
    /// Any other event name, as sent.
    Other(String),
}

impl WebhookEvent {
    /// Parses an event name, accepting the plural resource form (`orders.created`).
    pub fn from_name(name: &str) -> Self {
        let name = name.trim();
        let (resource, action) = name.split_once('.').unwrap_or((name, ""));
        let resource = resource.strip_suffix('s').unwrap_or(resource);
        match (resource, action) {
            ("order", "created") => Self::OrderCreated,
            ("product", "created") => Self::ProductCreated,
            ("product", "updated") => Self::ProductUpdated,
            ("product", "deleted") => Self::ProductDeleted,
            ("lot", "created") => Self::LotCreated,
            ("plugin", "uninstalled") => Self::PluginUninstalled,
            ("inventory", "changed") => Self::InventoryChanged,
            _ => Self::Other(name.to_owned()),
        }
    }
}

impl fmt::Display for WebhookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OrderCreated => "order.created",
            Self::ProductCreated => "product.created",
            Self::ProductUpdated => "product.updated",
            Self::ProductDeleted => "product.deleted",
            Self::LotCreated => "lot.created",
            Self::PluginUninstalled => "plugin.uninstalled",
            Self::InventoryChanged => "inventory.changed",
            Self::Other(s) => s,
        })
    }
}

/// A parsed delivery. Every field is optional because the observed bodies are sparser than
/// the documented ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookDelivery {
    /// The event: from the `Rackbeat-Webhook-Event` header, else from the body's `event`.
    pub event: Option<WebhookEvent>,
    /// The event name exactly as sent.
    pub event_name: Option<String>,
    /// `Rackbeat-Account-Id`, when sent.
    pub account_id: Option<String>,
    /// The resource key (`key`), as text even when sent as a number.
    pub key: Option<String>,
    /// What `key` is: `number` or `id`.
    pub key_name: Option<String>,
    /// Previous key ("updated" events).
    pub old_key: Option<String>,
    /// New key ("updated" events).
    pub new_key: Option<String>,
    /// Names of the changed fields ("updated" events).
    pub changed: Vec<String>,
    /// Event data (documented envelope only).
    pub data: Option<Value>,
    /// Item number of a stock-style delivery (`item`).
    pub item: Option<String>,
    /// Item type of a stock-style delivery (`item_type`, e.g. `product`).
    pub item_type: Option<String>,
    /// Delivery type of a stock-style delivery (`type`, e.g. `stock`).
    pub kind: Option<String>,
    /// Any other body fields (e.g. `converted_to_lot`).
    pub extra: Map<String, Value>,
}

impl WebhookDelivery {
    /// The key to re-fetch the resource by: `key`, else the stock-style `item`.
    pub fn resource_key(&self) -> Option<&str> {
        self.key.as_deref().or(self.item.as_deref())
    }

    /// The resource's business `number` (order number, item number), which is what the
    /// API's paths take: `key` when `key_name` is `number` or absent (the observed bodies),
    /// else `data.number` when the body carries it, else the stock-style `item`. `None` when
    /// the delivery only names an internal `id` (the documented envelope's example is
    /// `{"key": 123, "key_name": "id", …}`, sheet §2.9), which no path here accepts.
    pub fn resource_number(&self) -> Option<String> {
        let by_number = match self.key_name.as_deref().map(str::trim) {
            None | Some("") => true,
            Some(name) => name.eq_ignore_ascii_case("number"),
        };
        if by_number && let Some(key) = &self.key {
            return Some(key.clone());
        }
        let from_data = match self.data.as_ref().and_then(|d| d.get("number")) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        from_data.or_else(|| self.item.clone())
    }

    /// Whether this is a stock-style delivery (`"type": "stock"`).
    pub fn is_stock_change(&self) -> bool {
        self.kind.as_deref() == Some("stock") || self.event == Some(WebhookEvent::InventoryChanged)
    }
}

/// Why a delivery body could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is not a JSON object of the expected shape.
    #[error("webhook body is not a JSON object of the expected shape: {0}")]
    Body(String),
    /// Neither the header nor the body names an event, and the body has no key.
    #[error("webhook delivery names no event and no key")]
    Empty,
}

#[derive(Deserialize, Default)]
#[serde(remote = "Self")]
struct RawDelivery {
    #[serde(default)]
    event: Option<String>,
    #[serde(default, with = "crate::serde_util::opt_string_or_number")]
    key: Option<String>,
    #[serde(default)]
    key_name: Option<String>,
    #[serde(default, with = "crate::serde_util::opt_string_or_number")]
    old_key: Option<String>,
    #[serde(default, with = "crate::serde_util::opt_string_or_number")]
    new_key: Option<String>,
    #[serde(default)]
    changed: Option<Value>,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default, with = "crate::serde_util::opt_string_or_number")]
    item: Option<String>,
    #[serde(default)]
    item_type: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(flatten, skip_deserializing)]
    extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for RawDelivery {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (mut raw, extra) =
            crate::serde_util::with_extra(d, |fields| RawDelivery::deserialize(fields))?;
        raw.extra = extra;
        Ok(raw)
    }
}

/// Parses a delivery from the `Rackbeat-Webhook-Event` and `Rackbeat-Account-Id` header
/// values and the raw body. An empty body is accepted when the header names the event.
pub fn parse_delivery(
    event_header: Option<&str>,
    account_header: Option<&str>,
    body: &[u8],
) -> Result<WebhookDelivery, WebhookError> {
    let raw: RawDelivery = if body.iter().all(u8::is_ascii_whitespace) {
        RawDelivery::default()
    } else {
        serde_json::from_slice(body).map_err(|e| WebhookError::Body(e.to_string()))?
    };
    let event_name = event_header
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or(raw.event);
    let changed = match raw.changed {
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        Some(Value::String(s)) => vec![s],
        _ => Vec::new(),
    };
    let delivery = WebhookDelivery {
        event: event_name.as_deref().map(WebhookEvent::from_name),
        event_name,
        account_id: account_header
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        key: raw.key,
        key_name: raw.key_name,
        old_key: raw.old_key,
        new_key: raw.new_key,
        changed,
        data: raw.data,
        item: raw.item,
        item_type: raw.item_type,
        kind: raw.kind,
        extra: raw.extra,
    };
    if delivery.event.is_none() && delivery.resource_key().is_none() {
        return Err(WebhookError::Empty);
    }
    Ok(delivery)
}
