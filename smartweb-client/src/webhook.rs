//! SmartWeb webhook deliveries: signature check and parsing. Pure functions, no I/O, no
//! `client` feature needed.
//!
//! A delivery (API sheet §8) is an HTTP request whose JSON body holds only the id of the
//! affected object (`{"id":"…"}`), with three headers:
//! [`SIGNATURE_HEADER`] (`X-Hmac-Sha256`), [`TOPIC_HEADER`] (`X-Webhook-Topic`) and
//! [`SHOP_DOMAIN_HEADER`] (`X-Shop-Domain`). The receiver fetches the object itself.
//!
//! The signature algorithm is not documented; the header name and the base64-looking example
//! point to HMAC-SHA256 over the **raw body**, base64-encoded, which is what
//! [`verify_signature`] checks (constant-time). Verify before parsing, on the bytes exactly as
//! received.
//!
//! ```
//! use secrecy::SecretString;
//! use smartweb_client::webhook::{self, Topic};
//!
//! # fn sign(secret: &str, body: &[u8]) -> String {
//! #     use base64::Engine;
//! #     use hmac::{Hmac, Mac};
//! #     let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
//! #     mac.update(body);
//! #     base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
//! # }
//! let secret = SecretString::from("webhook-secret");
//! let body = br#"{"id":"1042"}"#;
//! let header = sign("webhook-secret", body);
//! assert!(webhook::verify_signature(&secret, body, &header));
//!
//! let event = webhook::parse(Some("orders/created"), Some("shop1234.mywebshop.io"), body)?;
//! assert_eq!(event.topic, Topic::OrdersCreated);
//! assert_eq!(event.id, "1042");
//! assert_eq!(event.id_as_i64(), Some(1042));
//! # Ok::<(), smartweb_client::webhook::WebhookError>(())
//! ```

use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The header carrying the base64 HMAC-SHA256 of the raw body.
pub const SIGNATURE_HEADER: &str = "X-Hmac-Sha256";
/// The header naming the topic, e.g. `orders/created`.
pub const TOPIC_HEADER: &str = "X-Webhook-Topic";
/// The header naming the shop's domain.
pub const SHOP_DOMAIN_HEADER: &str = "X-Shop-Domain";

/// Longest piece of a body quoted in an error (characters).
const EXCERPT_CHARS: usize = 200;

/// `true` when `header_value` is the base64 HMAC-SHA256 of `raw_body` under `secret`.
///
/// The header is accepted in standard or URL-safe base64, with or without padding, and as a
/// 64-digit hex digest (surrounding whitespace ignored): the sheet has only "a signature to
/// verify the webhook" with a "base64-like" example and states no encoding, so both common
/// HMAC encodings are read. Anything that does not decode to 32 bytes, including an empty
/// header, is `false`. The MAC is compared in constant time.
pub fn verify_signature(secret: &SecretString, raw_body: &[u8], header_value: &str) -> bool {
    let header = header_value.trim();
    if header.is_empty() {
        return false;
    }
    let Some(given) = decode_hex(header).or_else(|| decode_base64(header)) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) else {
        return false;
    };
    mac.update(raw_body);
    let expected = mac.finalize().into_bytes();
    // Lengths are public (always 32 for SHA-256); only the contents are compared in constant time.
    expected.len() == given.len() && bool::from(expected.as_slice().ct_eq(given.as_slice()))
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
}

/// A SHA-256 digest written as 64 hex digits (either case); `None` for anything else, so
/// base64 text (which may also be all hex digits, but never 64 of them for 32 bytes) falls
/// through to [`decode_base64`].
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

/// A webhook topic. The nine documented ones are named; anything else is kept in
/// [`Topic::Unknown`] as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Topic {
    /// `orders/cancelled`
    OrdersCancelled,
    /// `orders/created`
    OrdersCreated,
    /// `orders/fulfilled`
    OrdersFulfilled,
    /// `orders/invoice`
    OrdersInvoice,
    /// `orders/partially-fulfilled`
    OrdersPartiallyFulfilled,
    /// `orders/updated`
    OrdersUpdated,
    /// `products/created`
    ProductsCreated,
    /// `products/updated`
    ProductsUpdated,
    /// `products/delete` (singular, as documented)
    ProductsDelete,
    /// A topic this crate does not know, kept as sent (trimmed).
    Unknown(String),
}

impl Topic {
    /// Reads a topic header value; unknown values become [`Topic::Unknown`].
    pub fn parse(text: &str) -> Self {
        match text.trim() {
            "orders/cancelled" => Self::OrdersCancelled,
            "orders/created" => Self::OrdersCreated,
            "orders/fulfilled" => Self::OrdersFulfilled,
            "orders/invoice" => Self::OrdersInvoice,
            "orders/partially-fulfilled" => Self::OrdersPartiallyFulfilled,
            "orders/updated" => Self::OrdersUpdated,
            "products/created" => Self::ProductsCreated,
            "products/updated" => Self::ProductsUpdated,
            "products/delete" => Self::ProductsDelete,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The topic as it appears on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::OrdersCancelled => "orders/cancelled",
            Self::OrdersCreated => "orders/created",
            Self::OrdersFulfilled => "orders/fulfilled",
            Self::OrdersInvoice => "orders/invoice",
            Self::OrdersPartiallyFulfilled => "orders/partially-fulfilled",
            Self::OrdersUpdated => "orders/updated",
            Self::ProductsCreated => "products/created",
            Self::ProductsUpdated => "products/updated",
            Self::ProductsDelete => "products/delete",
            Self::Unknown(raw) => raw,
        }
    }

    /// `true` for the `orders/*` topics.
    pub fn is_order(&self) -> bool {
        self.as_str().starts_with("orders/")
    }

    /// `true` for the `products/*` topics.
    pub fn is_product(&self) -> bool {
        self.as_str().starts_with("products/")
    }
}

impl std::fmt::Display for Topic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One parsed webhook delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// What happened.
    pub topic: Topic,
    /// The shop's domain from `X-Shop-Domain`, when sent (trimmed, never empty).
    pub shop_domain: Option<String>,
    /// The id of the affected object, as text (the body may send a string or a number).
    pub id: String,
}

impl WebhookEvent {
    /// The id as a number, when it is one (SOAP ids are integers).
    pub fn id_as_i64(&self) -> Option<i64> {
        self.id.trim().parse().ok()
    }
}

/// Why a delivery could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The `X-Webhook-Topic` header is missing or empty.
    #[error("webhook has no X-Webhook-Topic header")]
    MissingTopic,
    /// The body is not a JSON object.
    #[error("webhook body is not a JSON object: {message} (near: {excerpt})")]
    InvalidBody {
        /// What was wrong.
        message: String,
        /// A bounded excerpt of the body.
        excerpt: String,
    },
    /// The body has no usable `id` (missing, empty, or neither a string nor a number).
    #[error("webhook body has no id (near: {excerpt})")]
    MissingId {
        /// A bounded excerpt of the body.
        excerpt: String,
    },
}

/// Parses a delivery from its topic and shop-domain headers and its raw body.
///
/// Call [`verify_signature`] first. The body must be a JSON object with an `id` that is a
/// non-empty string or a number; other members are ignored.
pub fn parse(
    topic_header: Option<&str>,
    shop_domain_header: Option<&str>,
    body: &[u8],
) -> Result<WebhookEvent, WebhookError> {
    let topic = topic_header
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Topic::parse)
        .ok_or(WebhookError::MissingTopic)?;
    let shop_domain = shop_domain_header
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| WebhookError::InvalidBody {
            message: e.to_string(),
            excerpt: excerpt(body),
        })?;
    let object = value.as_object().ok_or_else(|| WebhookError::InvalidBody {
        message: "expected a JSON object".to_owned(),
        excerpt: excerpt(body),
    })?;
    let id = match object.get("id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(WebhookError::MissingId {
                excerpt: excerpt(body),
            });
        }
    };
    Ok(WebhookEvent {
        topic,
        shop_domain,
        id,
    })
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_topic_round_trips() {
        for raw in [
            "orders/cancelled",
            "orders/created",
            "orders/fulfilled",
            "orders/invoice",
            "orders/partially-fulfilled",
            "orders/updated",
            "products/created",
            "products/updated",
            "products/delete",
        ] {
            let topic = Topic::parse(raw);
            assert!(!matches!(topic, Topic::Unknown(_)), "{raw} should be known");
            assert_eq!(topic.as_str(), raw);
        }
        assert_eq!(
            Topic::parse("customers/created"),
            Topic::Unknown("customers/created".to_owned())
        );
    }
}
