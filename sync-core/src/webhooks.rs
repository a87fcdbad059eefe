//! Webhook registration rules (setting C4): which webhooks the settings ask for, where they
//! deliver, which registered webhooks are ours, and what to keep, create and remove.
//!
//! - **Ours** are the webhooks whose URL starts with `<public>/webhooks/` for one of the
//!   public base URLs known ([`OursRule`]); every other webhook is foreign and never in a plan.
//! - A plan ([`plan`]) keeps ours that match a wanted (URL, topic), creates the missing ones
//!   and removes ours that were not paired (a duplicate, an old public URL, a topic no longer
//!   wanted). The engine creates before it removes, so a changed public URL is replaced
//!   without a gap.
//! - A public base URL is an absolute http(s) URL with a host and neither query nor fragment,
//!   kept without its trailing slash ([`normalise_public_url`]).

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use crate::settings::{ProductSource, Settings};

/// The path SmartWeb delivers to, under the public base URL.
pub const SMARTWEB_WEBHOOK_PATH: &str = "/webhooks/smartweb";
/// The path Rackbeat delivers to, under the public base URL.
pub const RACKBEAT_WEBHOOK_PATH: &str = "/webhooks/rackbeat";
/// Rackbeat's stock-change event as code comments call it (Rackbeat fact sheet §2.9: unconfirmed).
/// Registered on a best-effort basis: a refusal is reported as skipped, not failed.
pub const RACKBEAT_STOCK_EVENT: &str = "inventory.changed";

/// One of the two systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebhookSystem {
    /// SmartWeb (registered through its GraphQL API).
    Smartweb,
    /// Rackbeat (`/webhooks`).
    Rackbeat,
}

impl WebhookSystem {
    /// `smartweb` or `rackbeat`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Smartweb => "smartweb",
            Self::Rackbeat => "rackbeat",
        }
    }
}

impl fmt::Display for WebhookSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A webhook the settings ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WantedWebhook {
    /// Which system delivers.
    pub system: WebhookSystem,
    /// SmartWeb topic (`orders/created`) or Rackbeat event (`product.updated`).
    pub topic: String,
    /// Where it delivers.
    pub url: String,
    /// Registered if the system accepts it; a refusal is skipped, not failed (an event name
    /// the Rackbeat API fact sheet could not confirm).
    pub best_effort: bool,
}

impl WantedWebhook {
    /// The report key of this webhook: `smartweb orders/created`.
    pub fn key(&self) -> String {
        webhook_key(self.system, &self.topic)
    }
}

/// The report key of a webhook: `smartweb orders/created`.
pub fn webhook_key(system: WebhookSystem, topic: &str) -> String {
    format!("{system} {topic}")
}

/// The public base URL is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid public URL {url:?}: {reason}")]
pub struct InvalidPublicUrl {
    /// What was given.
    pub url: String,
    /// What is wrong.
    pub reason: String,
}

/// Checks a public base URL and gives it without a trailing slash (`https://sync.example.com`
/// or `https://example.com/prefix`).
///
/// # Errors
/// [`InvalidPublicUrl`] when it is not an absolute http(s) URL with a host, or has a query or
/// fragment.
pub fn normalise_public_url(raw: &str) -> Result<String, InvalidPublicUrl> {
    let invalid = |reason: &str| InvalidPublicUrl {
        url: raw.to_owned(),
        reason: reason.to_owned(),
    };
    let url = url::Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be https (or http)"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The webhooks `settings` ask for, delivering under `public_base_url`:
/// - SmartWeb → `<base>/webhooks/smartweb`: `orders/created` and `orders/updated` when
///   `transfer_orders`; `products/created`, `products/updated` and `products/delete` when
///   `product_source = smartweb`.
/// - Rackbeat → `<base>/webhooks/rackbeat`: `product.created` and `product.updated` (plus
///   `inventory.changed`, best effort) when `sync_stock`; `order.created` (the only
///   documented order event; there is no documented "shipped" event) when
///   `status_writeback.enabled`.
///
/// # Errors
/// [`InvalidPublicUrl`] when the base URL is not usable.
pub fn wanted_webhooks(
    settings: &Settings,
    public_base_url: &str,
) -> Result<Vec<WantedWebhook>, InvalidPublicUrl> {
    let base = normalise_public_url(public_base_url)?;
    let sw_url = format!("{base}{SMARTWEB_WEBHOOK_PATH}");
    let rb_url = format!("{base}{RACKBEAT_WEBHOOK_PATH}");
    let mut out = Vec::new();
    let mut add = |system, url: &str, topic: &str, best_effort| {
        out.push(WantedWebhook {
            system,
            topic: topic.to_owned(),
            url: url.to_owned(),
            best_effort,
        });
    };
    if settings.transfer_orders {
        for topic in ["orders/created", "orders/updated"] {
            add(WebhookSystem::Smartweb, &sw_url, topic, false);
        }
    }
    if settings.product_source == ProductSource::Smartweb {
        for topic in ["products/created", "products/updated", "products/delete"] {
            add(WebhookSystem::Smartweb, &sw_url, topic, false);
        }
    }
    if settings.sync_stock {
        for event in ["product.created", "product.updated"] {
            add(WebhookSystem::Rackbeat, &rb_url, event, false);
        }
        add(WebhookSystem::Rackbeat, &rb_url, RACKBEAT_STOCK_EVENT, true);
    }
    if settings.status_writeback.enabled {
        add(WebhookSystem::Rackbeat, &rb_url, "order.created", false);
    }
    Ok(out)
}

/// Which webhooks are ours: those delivering under `<base>/webhooks/` for one of the known
/// public base URLs (the one given now, the one registered last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OursRule {
    prefixes: Vec<String>,
}

impl OursRule {
    /// Ours under any of `bases` (normalised public base URLs).
    pub fn new<'a>(bases: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            prefixes: bases
                .into_iter()
                .map(|base| format!("{base}/webhooks/"))
                .collect(),
        }
    }

    /// No public base URL is known, so nothing can be recognised as ours.
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// Whether a webhook delivering to `url` is ours.
    pub fn is_ours(&self, url: &str) -> bool {
        self.prefixes.iter().any(|p| url.starts_with(p.as_str()))
    }
}

/// A webhook as a system has it registered, reduced to what a plan compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingWebhook {
    /// Its id in that system (as text).
    pub id: String,
    /// SmartWeb topic or Rackbeat event.
    pub topic: String,
    /// Where it delivers.
    pub url: String,
}

/// What to do in one system.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WebhookPlan {
    /// Wanted webhooks already registered, with the registration that serves them.
    pub keep: Vec<(WantedWebhook, ExistingWebhook)>,
    /// Wanted webhooks to register.
    pub create: Vec<WantedWebhook>,
    /// Ours that nothing wanted was paired with.
    pub remove: Vec<ExistingWebhook>,
}

/// Pairs each wanted webhook with an identical one of ours (same URL, topic without regard to
/// ASCII case; each registration used once), creates the rest and removes ours that were not
/// paired. Foreign webhooks are never in the plan.
pub fn plan(
    wanted: &[WantedWebhook],
    existing: &[ExistingWebhook],
    ours: &OursRule,
) -> WebhookPlan {
    let ours: Vec<&ExistingWebhook> = existing.iter().filter(|e| ours.is_ours(&e.url)).collect();
    let mut used = HashSet::new();
    let mut out = WebhookPlan::default();
    for w in wanted {
        let found = ours.iter().enumerate().find(|(i, e)| {
            !used.contains(i) && e.url == w.url && e.topic.eq_ignore_ascii_case(&w.topic)
        });
        match found {
            Some((i, e)) => {
                used.insert(i);
                out.keep.push((w.clone(), (*e).clone()));
            }
            None => out.create.push(w.clone()),
        }
    }
    out.remove = ours
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, e)| (*e).clone())
        .collect();
    out
}

/// Whether registering at `base` should remember it as the public URL for the next run.
///
/// Only once nothing of ours is left at the previous URL (`all_done`), or when there was none;
/// otherwise the previous one is kept so the next run still recognises (and removes) what is
/// left there. Never in a dry run, and not when it is already the one remembered.
pub fn remember_public_url(
    dry_run: bool,
    all_done: bool,
    previous: Option<&str>,
    base: &str,
) -> bool {
    !dry_run && (all_done || previous.is_none()) && previous != Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(topic: &str, url: &str) -> WantedWebhook {
        WantedWebhook {
            system: WebhookSystem::Smartweb,
            topic: topic.into(),
            url: url.into(),
            best_effort: false,
        }
    }

    fn existing(id: &str, topic: &str, url: &str) -> ExistingWebhook {
        ExistingWebhook {
            id: id.into(),
            topic: topic.into(),
            url: url.into(),
        }
    }

    #[test]
    fn plan_keeps_creates_and_removes_only_ours() {
        let new = "https://new.example/webhooks/smartweb";
        let old = "https://old.example/webhooks/smartweb";
        let ours = OursRule::new(["https://new.example", "https://old.example"]);
        let p = plan(
            &[wanted("orders/created", new), wanted("orders/updated", new)],
            &[
                existing("1", "orders/created", new),
                existing("2", "orders/created", new),
                existing("3", "orders/updated", old),
                existing("4", "orders/updated", "https://foreign.example/hook"),
            ],
            &ours,
        );
        assert_eq!(p.keep.len(), 1);
        assert_eq!(p.keep[0].1.id, "1");
        assert_eq!(p.create, vec![wanted("orders/updated", new)]);
        let removed: Vec<&str> = p.remove.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            removed,
            ["2", "3"],
            "the duplicate and the old URL; never the foreign"
        );
    }

    #[test]
    fn plan_matches_topics_without_case_and_wanting_nothing_removes_all_ours() {
        let url = "https://a.example/webhooks/rackbeat";
        let ours = OursRule::new(["https://a.example"]);
        let p = plan(
            &[wanted("Product.Updated", url)],
            &[existing("9", "product.updated", url)],
            &ours,
        );
        assert_eq!(p.keep.len(), 1);
        assert!(p.create.is_empty() && p.remove.is_empty());

        let p = plan(
            &[],
            &[
                existing("9", "product.updated", url),
                existing("10", "x", "https://a.example/other"),
            ],
            &ours,
        );
        assert_eq!(p.remove, vec![existing("9", "product.updated", url)]);
    }

    #[test]
    fn ours_is_by_prefix_and_nothing_without_a_base() {
        let ours = OursRule::new(["https://a.example/app"]);
        assert!(ours.is_ours("https://a.example/app/webhooks/smartweb"));
        assert!(!ours.is_ours("https://a.example/webhooks/smartweb"));
        assert!(OursRule::new([]).is_empty());
        assert!(!OursRule::new([]).is_ours("https://a.example/app/webhooks/smartweb"));
    }

    #[test]
    fn public_urls_are_normalised_and_checked() {
        assert_eq!(
            normalise_public_url("https://Sync.Example.com/").unwrap(),
            "https://sync.example.com"
        );
        assert_eq!(
            normalise_public_url(" https://example.com/app/ ").unwrap(),
            "https://example.com/app"
        );
        assert!(normalise_public_url("ftp://example.com").is_err());
        assert!(normalise_public_url("https://example.com/?a=1").is_err());
        assert!(normalise_public_url("https://example.com/#top").is_err());
        assert!(normalise_public_url("not a url").is_err());
    }

    #[test]
    fn wanted_follows_the_settings() {
        let mut settings = Settings {
            transfer_orders: true,
            sync_stock: false,
            product_source: ProductSource::Rackbeat,
            ..Settings::default()
        };
        settings.status_writeback.enabled = false;
        let w = wanted_webhooks(&settings, "https://a.example/").unwrap();
        let keys: Vec<String> = w.iter().map(WantedWebhook::key).collect();
        assert_eq!(keys, ["smartweb orders/created", "smartweb orders/updated"]);
        assert!(
            w.iter()
                .all(|w| w.url == "https://a.example/webhooks/smartweb")
        );

        settings.transfer_orders = false;
        settings.sync_stock = true;
        settings.status_writeback.enabled = true;
        let w = wanted_webhooks(&settings, "https://a.example").unwrap();
        let best_effort: Vec<&str> = w
            .iter()
            .filter(|w| w.best_effort)
            .map(|w| w.topic.as_str())
            .collect();
        assert_eq!(best_effort, [RACKBEAT_STOCK_EVENT]);
        assert_eq!(w.len(), 4);
        assert!(w.iter().all(|w| w.system == WebhookSystem::Rackbeat));
        assert!(wanted_webhooks(&settings, "ftp://a.example").is_err());
    }

    #[test]
    fn the_public_url_is_remembered_only_when_nothing_is_left_behind() {
        assert!(remember_public_url(
            false,
            true,
            Some("https://old"),
            "https://new"
        ));
        assert!(remember_public_url(false, false, None, "https://new"));
        assert!(!remember_public_url(
            false,
            false,
            Some("https://old"),
            "https://new"
        ));
        assert!(!remember_public_url(true, true, None, "https://new"));
        assert!(!remember_public_url(
            false,
            true,
            Some("https://new"),
            "https://new"
        ));
    }
}
