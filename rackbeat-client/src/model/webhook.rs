//! Webhook registrations.

use crate::envelope::Resource;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A webhook registration. `token` is only returned by create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Webhook {
    /// Webhook id.
    #[serde(with = "crate::serde_util::int")]
    pub id: u64,
    /// Event name, e.g. `order.created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Active.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_active: Option<bool>,
    /// Owning plugin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugin: Option<Value>,
    /// Failed deliveries since the last success.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub failures_since_last_success: Option<u64>,
    /// Shared secret sent back as `Rackbeat-Webhook-Token` (create only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<WebhookToken>,
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

impl Resource for Webhook {
    const SINGULAR: &'static str = "webhook";
    const PLURAL: &'static str = "webhooks";
}

/// Body of `POST /webhooks`. Registering the same (event, url) again updates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewWebhook {
    /// Event name, e.g. `order.created`.
    pub event: String,
    /// Callback URL (reachable from the internet).
    pub url: String,
    /// Active.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_active: Option<bool>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

// ---- hand-written below ----

/// The shared secret of a webhook. Redacted in `Debug`; compared in constant time.
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct WebhookToken(secrecy::SecretString);

impl WebhookToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(secrecy::SecretString::from(token.into()))
    }

    /// The token text; store it, never log it.
    pub fn expose_secret(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.0)
    }

    /// Whether `presented` equals this token, in constant time.
    pub fn verify(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.expose_secret()
            .as_bytes()
            .ct_eq(presented.as_bytes())
            .into()
    }
}

impl std::fmt::Debug for WebhookToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookToken([REDACTED])")
    }
}

impl PartialEq for WebhookToken {
    fn eq(&self, other: &Self) -> bool {
        self.verify(other.expose_secret())
    }
}

impl From<String> for WebhookToken {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl From<WebhookToken> for String {
    fn from(t: WebhookToken) -> Self {
        t.expose_secret().to_owned()
    }
}

crate::serde_util::model_with_extra!(Webhook, NewWebhook);
