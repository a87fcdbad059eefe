//! Webhook registration in both systems (setting C4): make SmartWeb and Rackbeat deliver to
//! `<public>/webhooks/smartweb` and `<public>/webhooks/rackbeat`, idempotently.
//!
//! The rules (which webhooks are wanted, which are ours, what to keep, create and remove, the
//! public URL's form) are [`sync_core::webhooks`]; this module reads and writes both systems
//! and the state store:
//! - `jobs`: the register and remove jobs; `listing`: the list job and its table.
//! - `reconcile`: carries out one system's plan; `side`: the calls to either system.
//! - `secrets`: the webhook secrets and the public URL remembered in the state store.
//!   SmartWeb webhooks are created with one random secret per shop, stored under
//!   [`SMARTWEB_SECRET`](super::SMARTWEB_SECRET); Rackbeat's token (answered only on create)
//!   is stored under [`rackbeat_token_secret`](super::rackbeat_token_secret)`(event)`. A kept
//!   webhook whose secret is nowhere (not stored, not configured) is re-created so a fresh one
//!   is known.

mod jobs;
mod listing;
mod reconcile;
mod secrets;
mod side;

pub use listing::{ListedWebhook, WebhookListing};
pub use sync_core::webhooks::{
    InvalidPublicUrl, RACKBEAT_STOCK_EVENT, RACKBEAT_WEBHOOK_PATH, SMARTWEB_WEBHOOK_PATH,
    WantedWebhook, WebhookSystem, normalise_public_url,
};

use super::Integration;

/// The state-store entry holding the public base URL registered last. Not a secret: kept in
/// the secret table because the state store has no plain key-value table.
pub const PUBLIC_URL_STATE: &str = "webhooks.public_base_url";

/// Where the by-hand instructions are.
const BY_HAND: &str = "register by hand as described in docs/WEBHOOKS.md";

impl Integration {
    /// The webhooks the settings ask for, delivering under `public_base_url` (the rules are
    /// [`sync_core::webhooks::wanted_webhooks`]).
    ///
    /// # Errors
    /// `InvalidPublicUrl` when the base URL is not usable.
    pub fn wanted_webhooks(
        &self,
        public_base_url: &str,
    ) -> Result<Vec<WantedWebhook>, InvalidPublicUrl> {
        sync_core::webhooks::wanted_webhooks(&self.inner.settings, public_base_url)
    }
}
