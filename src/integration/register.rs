//! Webhook registration in both systems (setting C4): make SmartWeb and Rackbeat deliver to
//! `<public>/webhooks/smartweb` and `<public>/webhooks/rackbeat`, idempotently.
//!
//! Rules owned here:
//! - **Ours** are the webhooks whose URL starts with `<public>/webhooks/`, for the public URL
//!   given now or the one registered last time (kept in the state store under
//!   [`PUBLIC_URL_STATE`]); every other webhook is foreign and never touched.
//! - Registering keeps ours that match a wanted (URL, topic), creates the missing ones, then
//!   removes ours that are no longer wanted (so a changed public URL is replaced without a
//!   gap). Nothing is removed from a system where a creation failed.
//! - Secrets: SmartWeb webhooks are created with one random secret per shop, stored under
//!   [`SMARTWEB_SECRET`]; Rackbeat's token (answered only on create) is stored under
//!   [`rackbeat_token_secret`]`(event)`. A kept webhook whose secret is nowhere (not stored,
//!   not configured) is re-created so a fresh one is known.

use std::collections::HashSet;
use std::fmt;

use rackbeat_client::model::NewWebhook;
use secrecy::SecretString;
use serde::Serialize;
use smartweb_client::graphql::{GraphqlClient, GraphqlError};
use sync_core::settings::ProductSource;

use super::{ClientError, Integration, SMARTWEB_SECRET, bounded, fail, rackbeat_token_secret};
use crate::report::{ApiCalls, ItemKind, JobKind, JobReport};

/// The path SmartWeb delivers to, under the public base URL.
pub const SMARTWEB_WEBHOOK_PATH: &str = "/webhooks/smartweb";
/// The path Rackbeat delivers to, under the public base URL.
pub const RACKBEAT_WEBHOOK_PATH: &str = "/webhooks/rackbeat";
/// The state-store entry holding the public base URL registered last. Not a secret: kept in
/// the secret table because the state store has no plain key-value table.
pub const PUBLIC_URL_STATE: &str = "webhooks.public_base_url";
/// Rackbeat's stock-change event as code comments call it (Rackbeat fact sheet §2.9: unconfirmed).
/// Registered on a best-effort basis: a refusal is reported as skipped, not failed.
pub const RACKBEAT_STOCK_EVENT: &str = "inventory.changed";

/// Where the by-hand instructions are.
const BY_HAND: &str = "register by hand as described in docs/WEBHOOKS.md";

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

/// A webhook as one of the systems has it registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedWebhook {
    /// Which system holds it.
    pub system: WebhookSystem,
    /// Its id in that system (as text).
    pub id: String,
    /// SmartWeb topic or Rackbeat event.
    pub topic: String,
    /// Where it delivers.
    pub url: String,
    /// Whether it is ours (its URL starts with `<public>/webhooks/`).
    pub ours: bool,
}

/// The webhooks of both systems, and the report of reading them (failures, warnings).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookListing {
    /// Every webhook read, SmartWeb first.
    pub webhooks: Vec<ListedWebhook>,
    /// The public base URL ours are recognised by, when one is known.
    pub public_base_url: Option<String>,
    /// What went wrong or was skipped while reading.
    pub report: JobReport,
}

impl fmt::Display for WebhookListing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.public_base_url {
            Some(base) => writeln!(f, "public base URL: {base}")?,
            None => writeln!(f, "public base URL: not registered yet")?,
        }
        writeln!(f, "SYSTEM    OURS  ID        TOPIC                 URL")?;
        for w in &self.webhooks {
            writeln!(
                f,
                "{:<8}  {:<4}  {:<8}  {:<20}  {}",
                w.system.as_str(),
                if w.ours { "yes" } else { "no" },
                w.id,
                w.topic,
                w.url
            )?;
        }
        writeln!(f)?;
        write!(f, "{}", self.report)
    }
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

/// A webhook as read from a system, reduced to what registration compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Existing {
    id: String,
    topic: String,
    url: String,
}

/// What to do in one system.
#[derive(Debug, Default, PartialEq, Eq)]
struct Plan {
    keep: Vec<(WantedWebhook, Existing)>,
    create: Vec<WantedWebhook>,
    remove: Vec<Existing>,
}

/// Pairs each wanted webhook with an identical one of ours (each used once), creates the rest
/// and removes ours that were not paired. Foreign webhooks are never in the plan.
fn plan(wanted: &[WantedWebhook], existing: &[Existing], ours: &dyn Fn(&str) -> bool) -> Plan {
    let ours: Vec<&Existing> = existing.iter().filter(|e| ours(&e.url)).collect();
    let mut used = HashSet::new();
    let mut out = Plan::default();
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

/// `<base>/webhooks/`: the prefix of our URLs.
fn ours_prefix(base: &str) -> String {
    format!("{base}/webhooks/")
}

/// 32 random bytes from the operating system as 64 hex characters.
fn random_secret() -> Result<SecretString, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(SecretString::from(hex))
}

impl ClientError for GraphqlError {
    fn is_credential(&self) -> bool {
        self.is_auth()
    }
    fn system(&self) -> &'static str {
        "smartweb"
    }
}

/// A failure of either system's client.
#[derive(Debug)]
enum SideError {
    Graphql(GraphqlError),
    Rackbeat(rackbeat_client::Error),
}

impl fmt::Display for SideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Graphql(e) => e.fmt(f),
            Self::Rackbeat(e) => e.fmt(f),
        }
    }
}

impl ClientError for SideError {
    fn is_credential(&self) -> bool {
        match self {
            Self::Graphql(e) => e.is_credential(),
            Self::Rackbeat(e) => e.is_credential(),
        }
    }
    fn system(&self) -> &'static str {
        match self {
            Self::Graphql(_) => "smartweb",
            Self::Rackbeat(_) => "rackbeat",
        }
    }
}

impl SideError {
    /// Every further creation would fail the same way: the schema does not fit, or the
    /// credentials were refused.
    fn repeats_for_every_webhook(&self) -> bool {
        self.is_credential() || matches!(self, Self::Graphql(GraphqlError::Schema(_)))
    }

    /// The system refused the request itself (400/422, an unknown topic, a rejected mutation),
    /// as opposed to a transport or credential failure.
    fn is_refusal(&self) -> bool {
        match self {
            Self::Graphql(e) => matches!(
                e,
                GraphqlError::Rejected { .. }
                    | GraphqlError::UnknownTopic { .. }
                    | GraphqlError::Graphql { .. }
            ),
            Self::Rackbeat(e) => matches!(e.status(), Some(400 | 404 | 422)),
        }
    }
}

/// One system's client, for the steps both systems share.
#[derive(Clone, Copy)]
enum Side<'a> {
    Smartweb(&'a GraphqlClient),
    Rackbeat,
}

impl Side<'_> {
    fn system(self) -> WebhookSystem {
        match self {
            Self::Smartweb(_) => WebhookSystem::Smartweb,
            Self::Rackbeat => WebhookSystem::Rackbeat,
        }
    }
}

/// What a creation gave back.
struct Created {
    id: String,
    token: Option<SecretString>,
}

/// The report key of a webhook: `smartweb orders/created`.
fn key(system: WebhookSystem, topic: &str) -> String {
    format!("{system} {topic}")
}

impl Integration {
    /// The webhooks the settings ask for, delivering under `public_base_url`:
    /// - SmartWeb → `<base>/webhooks/smartweb`: `orders/created` and `orders/updated` when
    ///   `transfer_orders`; `products/created`, `products/updated` and `products/delete` when
    ///   `product_source = smartweb`.
    /// - Rackbeat → `<base>/webhooks/rackbeat`: `product.created` and `product.updated` (plus
    ///   `inventory.changed`, best effort) when `sync_stock`; `order.created` (the only
    ///   documented order event; there is no documented "shipped" event) when
    ///   `status_writeback.enabled`.
    ///
    /// # Errors
    /// `InvalidPublicUrl` when the base URL is not usable.
    pub fn wanted_webhooks(
        &self,
        public_base_url: &str,
    ) -> Result<Vec<WantedWebhook>, InvalidPublicUrl> {
        let base = normalise_public_url(public_base_url)?;
        let settings = &self.inner.settings;
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

    /// Makes both systems deliver to `<public_base_url>/webhooks/smartweb` and
    /// `…/webhooks/rackbeat` for the webhooks of [`wanted_webhooks`](Self::wanted_webhooks).
    ///
    /// Idempotent: ours with the same URL and topic are kept, missing ones created, ours no
    /// longer wanted (including those at a previous public URL) removed; foreign webhooks are
    /// left alone. The secrets received or generated are stored (see the module docs) and
    /// the public URL is remembered for the next run. In a dry run nothing is written.
    ///
    /// The report (job `register_webhooks`, items of kind `webhook`, keys like
    /// `smartweb orders/created`): **created** lists new registrations; **skipped** lists the
    /// kept ones (detail `kept …`) and whatever was not attempted, with the reason (e.g.
    /// SmartWeb when no GraphQL client is configured); **updated** lists removals (detail
    /// `removed …`) and re-creations (detail `re-created …`); **failed** the errors.
    pub async fn register_webhooks(&self, public_base_url: &str) -> JobReport {
        let mut run = self.start(JobKind::RegisterWebhooks);
        let mut calls = ApiCalls::default();
        let wanted = match self.wanted_webhooks(public_base_url) {
            Ok(w) => w,
            Err(e) => {
                run.report
                    .failed(ItemKind::Webhook, "public_url", e.to_string());
                return self.finish(run);
            }
        };
        let base = normalise_public_url(public_base_url).unwrap_or_default();
        let report = &mut run.report;
        let settings = &self.inner.settings;
        if settings.trigger != sync_core::settings::Trigger::Webhooks || !settings.register_webhooks
        {
            report.warn(
                "the settings do not ask for webhooks (`trigger = webhooks` and \
                 `register_webhooks = true`); registering anyway because it was asked for",
            );
        }
        if !base.starts_with("https://") {
            report.warn(format!(
                "{base} is not https: SmartWeb and Rackbeat deliver over the internet and \
                 secrets would travel in clear"
            ));
        }
        let previous = self.stored_public_url(report).await;
        let prefixes: Vec<String> = std::iter::once(&base)
            .chain(previous.as_ref())
            .map(|b| ours_prefix(b))
            .collect();
        let is_ours = |url: &str| prefixes.iter().any(|p| url.starts_with(p.as_str()));

        let mut all_ok = true;
        match self.inner.graphql.as_ref() {
            Some(gql) => {
                let sw_wanted: Vec<WantedWebhook> = wanted
                    .iter()
                    .filter(|w| w.system == WebhookSystem::Smartweb)
                    .cloned()
                    .collect();
                all_ok &= self
                    .reconcile(
                        Side::Smartweb(gql),
                        &sw_wanted,
                        &is_ours,
                        report,
                        &mut calls,
                    )
                    .await;
            }
            None => {
                for w in wanted
                    .iter()
                    .filter(|w| w.system == WebhookSystem::Smartweb)
                {
                    report.skipped(
                        ItemKind::Webhook,
                        key(w.system, &w.topic),
                        format!(
                            "SmartWeb GraphQL client not configured (`[smartweb] client_id` and \
                             `client_secret`); {BY_HAND}: {} → {}",
                            w.topic, w.url
                        ),
                    );
                }
                // Not a failure: SmartWeb's webhooks are then managed by hand.
                report.warn(format!(
                    "SmartWeb webhooks were not registered: no GraphQL client; {BY_HAND}"
                ));
            }
        }
        let rb_wanted: Vec<WantedWebhook> = wanted
            .iter()
            .filter(|w| w.system == WebhookSystem::Rackbeat)
            .cloned()
            .collect();
        all_ok &= self
            .reconcile(Side::Rackbeat, &rb_wanted, &is_ours, report, &mut calls)
            .await;

        // Remember the URL once nothing of ours is left at the old one; otherwise keep the
        // old one so the next run still recognises (and removes) what is left there.
        let remember = !self.inner.dry_run
            && (all_ok || previous.is_none())
            && previous.as_deref() != Some(&base);
        if remember
            && let Err(e) = self
                .inner
                .store
                .put_secret(PUBLIC_URL_STATE, &SecretString::from(base.clone()))
                .await
        {
            report.failed(
                ItemKind::Webhook,
                "public_url",
                bounded(format!("could not remember the public URL: {e}")),
            );
        }
        let mut report = self.finish(run);
        report.api_calls.merge(&calls);
        report
    }

    /// Lists the webhooks of both systems, marking ours (by the public URL registered last).
    /// SmartWeb is skipped (with the reason in the report) when no GraphQL client is
    /// configured.
    pub async fn list_webhooks(&self) -> WebhookListing {
        let mut run = self.start(JobKind::ListWebhooks);
        let mut calls = ApiCalls::default();
        let base = self.stored_public_url(&mut run.report).await;
        let prefix = base.as_deref().map(ours_prefix);
        let is_ours = |url: &str| prefix.as_deref().is_some_and(|p| url.starts_with(p));
        let mut webhooks = Vec::new();
        let mut sides = vec![Side::Rackbeat];
        match self.inner.graphql.as_ref() {
            Some(gql) => sides.insert(0, Side::Smartweb(gql)),
            None => run.report.skipped(
                ItemKind::Webhook,
                "smartweb",
                format!("SmartWeb GraphQL client not configured; see its admin panel or {BY_HAND}"),
            ),
        }
        for side in sides {
            match self.existing(side, &mut calls).await {
                Ok(list) => webhooks.extend(list.into_iter().map(|e| ListedWebhook {
                    system: side.system(),
                    ours: is_ours(&e.url),
                    id: e.id,
                    topic: e.topic,
                    url: e.url,
                })),
                Err(e) => fail(
                    &mut run.report,
                    ItemKind::Webhook,
                    side.system().as_str(),
                    "listing webhooks",
                    &e,
                ),
            }
        }
        let mut report = self.finish(run);
        report.api_calls.merge(&calls);
        WebhookListing {
            webhooks,
            public_base_url: base,
            report,
        }
    }

    /// Removes our webhooks from both systems: those under `public_base_url` (when given) and
    /// under the public URL registered last. Foreign webhooks are left alone. When every one
    /// of a system is gone, its stored secrets are deleted too. Removals are reported as
    /// **updated** (detail `removed …`).
    pub async fn remove_webhooks(&self, public_base_url: Option<&str>) -> JobReport {
        let mut run = self.start(JobKind::RemoveWebhooks);
        let mut calls = ApiCalls::default();
        let report = &mut run.report;
        let given = match public_base_url.map(normalise_public_url).transpose() {
            Ok(g) => g,
            Err(e) => {
                report.failed(ItemKind::Webhook, "public_url", e.to_string());
                return self.finish(run);
            }
        };
        let previous = self.stored_public_url(report).await;
        let prefixes: Vec<String> = given
            .iter()
            .chain(previous.iter())
            .map(|b| ours_prefix(b))
            .collect();
        if prefixes.is_empty() {
            report.skipped(
                ItemKind::Webhook,
                "all",
                "no public URL is known (none registered here): give the public URL",
            );
            return self.finish(run);
        }
        let is_ours = |url: &str| prefixes.iter().any(|p| url.starts_with(p.as_str()));
        let mut all_ok = true;
        match self.inner.graphql.as_ref() {
            Some(gql) => {
                all_ok &= self
                    .reconcile(Side::Smartweb(gql), &[], &is_ours, report, &mut calls)
                    .await;
            }
            None => {
                report.skipped(
                    ItemKind::Webhook,
                    "smartweb",
                    format!("SmartWeb GraphQL client not configured; remove them in SmartWeb's admin panel ({BY_HAND})"),
                );
            }
        }
        all_ok &= self
            .reconcile(Side::Rackbeat, &[], &is_ours, report, &mut calls)
            .await;
        if all_ok && !self.inner.dry_run && previous.is_some() {
            self.forget(PUBLIC_URL_STATE, report).await;
        }
        let mut report = self.finish(run);
        report.api_calls.merge(&calls);
        report
    }

    /// The public URL registered last, if any (a store failure is a warning: registration
    /// still works for the URL given).
    async fn stored_public_url(&self, report: &mut JobReport) -> Option<String> {
        use secrecy::ExposeSecret;
        match self.inner.store.secret(PUBLIC_URL_STATE).await {
            Ok(v) => v.map(|s| s.expose_secret().to_owned()),
            Err(e) => {
                report.warn(bounded(format!(
                    "could not read the public URL registered last: {e}"
                )));
                None
            }
        }
    }

    async fn forget(&self, name: &str, report: &mut JobReport) {
        if let Err(e) = self.inner.store.delete_secret(name).await {
            report.warn(bounded(format!("could not delete {name}: {e}")));
        }
    }

    /// Whether deliveries of a kept webhook can be verified: SmartWeb by the stored or the
    /// configured secret, Rackbeat by the token stored for its event (a configured token is a
    /// single value and cannot be matched to one webhook's token).
    async fn secret_known(&self, side: Side<'_>, topic: &str) -> bool {
        let inner = &self.inner;
        let stored =
            |name: String| async move { matches!(inner.store.secret(&name).await, Ok(Some(_))) };
        match side {
            Side::Smartweb(_) => {
                inner.smartweb_webhook_secret.is_some() || stored(SMARTWEB_SECRET.to_owned()).await
            }
            Side::Rackbeat => stored(rackbeat_token_secret(topic)).await,
        }
    }

    /// The secret new SmartWeb webhooks are created with: the stored one, or a new random
    /// one, stored first (so the first delivery can be verified). `None` in a dry run without
    /// a stored secret.
    async fn smartweb_secret(&self) -> Result<Option<SecretString>, String> {
        let store = &self.inner.store;
        match store.secret(SMARTWEB_SECRET).await {
            Ok(Some(s)) => return Ok(Some(s)),
            Ok(None) => {}
            Err(e) => return Err(format!("could not read the stored SmartWeb secret: {e}")),
        }
        if self.inner.dry_run {
            return Ok(None);
        }
        let secret =
            random_secret().map_err(|e| format!("could not generate a webhook secret: {e}"))?;
        store
            .put_secret(SMARTWEB_SECRET, &secret)
            .await
            .map_err(|e| format!("could not store the SmartWeb webhook secret: {e}"))?;
        Ok(Some(secret))
    }

    /// The webhooks one system has registered. GraphQL calls are counted here (that client
    /// keeps no counters); Rackbeat's client counts its own.
    async fn existing(
        &self,
        side: Side<'_>,
        calls: &mut ApiCalls,
    ) -> Result<Vec<Existing>, SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhooks");
                let list = gql.list_webhooks().await.map_err(SideError::Graphql)?;
                Ok(list
                    .into_iter()
                    .map(|w| Existing {
                        id: w.id,
                        topic: w.topic,
                        url: w.url,
                    })
                    .collect())
            }
            Side::Rackbeat => {
                let list = self
                    .inner
                    .rackbeat
                    .webhooks()
                    .list()
                    .all()
                    .await
                    .map_err(SideError::Rackbeat)?;
                Ok(list
                    .into_iter()
                    .map(|w| Existing {
                        id: w.id.to_string(),
                        topic: w.event.unwrap_or_default(),
                        url: w.url.unwrap_or_default(),
                    })
                    .collect())
            }
        }
    }

    async fn create(
        &self,
        side: Side<'_>,
        wanted: &WantedWebhook,
        secret: Option<&SecretString>,
        calls: &mut ApiCalls,
    ) -> Result<Created, SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhookCreate");
                let made = gql
                    .create_webhook(&wanted.url, &wanted.topic, secret)
                    .await
                    .map_err(SideError::Graphql)?;
                Ok(Created {
                    id: made.id,
                    token: None,
                })
            }
            Side::Rackbeat => {
                let body = NewWebhook {
                    event: wanted.topic.clone(),
                    url: wanted.url.clone(),
                    is_active: Some(true),
                    ..NewWebhook::default()
                };
                let made = self
                    .inner
                    .rackbeat
                    .webhooks()
                    .create(&body)
                    .await
                    .map_err(SideError::Rackbeat)?;
                Ok(Created {
                    id: made.id.to_string(),
                    token: made
                        .token
                        .map(|t| SecretString::from(t.expose_secret().to_owned())),
                })
            }
        }
    }

    async fn delete(
        &self,
        side: Side<'_>,
        id: &str,
        calls: &mut ApiCalls,
    ) -> Result<(), SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhookDelete");
                gql.delete_webhook(id).await.map_err(SideError::Graphql)
            }
            Side::Rackbeat => {
                // Ids come from our own listing, where they were numbers.
                let id = id.parse::<u64>().unwrap_or_default();
                self.inner
                    .rackbeat
                    .webhooks()
                    .delete(id)
                    .await
                    .map_err(SideError::Rackbeat)
            }
        }
    }

    /// Brings one system to `wanted`; returns whether everything planned was done.
    async fn reconcile(
        &self,
        side: Side<'_>,
        wanted: &[WantedWebhook],
        is_ours: &dyn Fn(&str) -> bool,
        report: &mut JobReport,
        calls: &mut ApiCalls,
    ) -> bool {
        let system = side.system();
        let existing = match self.existing(side, calls).await {
            Ok(e) => e,
            Err(e) => {
                fail(
                    report,
                    ItemKind::Webhook,
                    system.as_str(),
                    "listing webhooks",
                    &e,
                );
                return false;
            }
        };
        let plan = plan(wanted, &existing, is_ours);
        let dry = self.inner.dry_run;
        let mut ok = true;

        // Kept webhooks whose secret is unknown are re-created to learn one.
        let mut recreate = Vec::new();
        for (w, e) in plan.keep {
            if self.secret_known(side, &w.topic).await {
                report.skipped(
                    ItemKind::Webhook,
                    key(system, &w.topic),
                    format!("kept: already registered (id {}) → {}", e.id, e.url),
                );
            } else {
                recreate.push((w, e));
            }
        }

        let needs_secret =
            matches!(side, Side::Smartweb(_)) && (!plan.create.is_empty() || !recreate.is_empty());
        let secret = if needs_secret {
            match self.smartweb_secret().await {
                Ok(s) => s,
                Err(reason) => {
                    report.failed(ItemKind::Webhook, system.as_str(), bounded(reason));
                    return false;
                }
            }
        } else {
            None
        };

        for (w, old) in recreate {
            let k = key(system, &w.topic);
            if dry {
                report.updated(
                    ItemKind::Webhook,
                    k,
                    format!(
                        "would re-create id {} (its secret is not known here)",
                        old.id
                    ),
                );
                continue;
            }
            if let Err(e) = self.delete(side, &old.id, calls).await {
                ok = false;
                fail(report, ItemKind::Webhook, k, "removing to re-create", &e);
                continue;
            }
            match self.create(side, &w, secret.as_ref(), calls).await {
                Ok(made) => {
                    self.store_token(&w, made.token.as_ref(), report).await;
                    report.updated(
                        ItemKind::Webhook,
                        k,
                        format!(
                            "re-created (its secret was not known): id {} → id {} → {}",
                            old.id, made.id, w.url
                        ),
                    );
                }
                Err(e) => {
                    ok = false;
                    fail(report, ItemKind::Webhook, k, "re-creating", &e);
                }
            }
        }

        let mut created_ok = true;
        // Set after an error every further creation would repeat (schema, credentials).
        let mut stopped: Option<String> = None;
        for w in &plan.create {
            let k = key(system, &w.topic);
            if dry {
                report.created(ItemKind::Webhook, k, format!("would create → {}", w.url));
                continue;
            }
            if let Some(first) = &stopped {
                report.failed(
                    ItemKind::Webhook,
                    k,
                    format!("not attempted: the error reported for {first} applies here too"),
                );
                continue;
            }
            match self.create(side, w, secret.as_ref(), calls).await {
                Ok(made) => {
                    self.store_token(w, made.token.as_ref(), report).await;
                    report.created(ItemKind::Webhook, k, format!("id {} → {}", made.id, w.url));
                }
                Err(e) if w.best_effort && e.is_refusal() => {
                    report.skipped(
                        ItemKind::Webhook,
                        k,
                        bounded(format!(
                            "not registered: {system} refused this (unconfirmed) event: {e}"
                        )),
                    );
                }
                Err(e) => {
                    created_ok = false;
                    if e.repeats_for_every_webhook() {
                        stopped = Some(k.clone());
                    }
                    fail(report, ItemKind::Webhook, k, "creating", &e);
                }
            }
        }

        if !created_ok {
            for e in &plan.remove {
                report.skipped(
                    ItemKind::Webhook,
                    key(system, &e.topic),
                    format!(
                        "not removed (id {} → {}) because creating a wanted webhook failed",
                        e.id, e.url
                    ),
                );
            }
            return false;
        }
        let still_wanted: HashSet<&str> = wanted.iter().map(|w| w.topic.as_str()).collect();
        for e in &plan.remove {
            let k = key(system, &e.topic);
            if dry {
                report.updated(
                    ItemKind::Webhook,
                    k,
                    format!("would remove id {} → {}", e.id, e.url),
                );
                continue;
            }
            match self.delete(side, &e.id, calls).await {
                Ok(()) => {
                    report.updated(
                        ItemKind::Webhook,
                        k,
                        format!("removed id {} → {}", e.id, e.url),
                    );
                    if matches!(side, Side::Rackbeat) && !still_wanted.contains(e.topic.as_str()) {
                        self.forget(&rackbeat_token_secret(&e.topic), report).await;
                    }
                }
                Err(err) => {
                    ok = false;
                    fail(report, ItemKind::Webhook, k, "removing", &err);
                }
            }
        }
        if ok && !dry && matches!(side, Side::Smartweb(_)) && wanted.is_empty() {
            // Nothing of ours is left in SmartWeb: its secret has no use any more.
            self.forget(SMARTWEB_SECRET, report).await;
        }
        ok
    }

    /// Stores the token Rackbeat answered on create under `rackbeat_token_secret(event)`.
    async fn store_token(
        &self,
        wanted: &WantedWebhook,
        token: Option<&SecretString>,
        report: &mut JobReport,
    ) {
        if wanted.system != WebhookSystem::Rackbeat {
            return;
        }
        let name = rackbeat_token_secret(&wanted.topic);
        match token {
            Some(token) => {
                if let Err(e) = self.inner.store.put_secret(&name, token).await {
                    report.failed(
                        ItemKind::Webhook,
                        key(wanted.system, &wanted.topic),
                        bounded(format!(
                            "created, but its token could not be stored (deliveries will be refused): {e}"
                        )),
                    );
                }
            }
            None => report.warn(format!(
                "Rackbeat answered no token for {}: its deliveries verify only with a configured token",
                wanted.topic
            )),
        }
    }
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

    fn existing(id: &str, topic: &str, url: &str) -> Existing {
        Existing {
            id: id.into(),
            topic: topic.into(),
            url: url.into(),
        }
    }

    #[test]
    fn plan_keeps_creates_and_removes_only_ours() {
        let new = "https://new.example/webhooks/smartweb";
        let old = "https://old.example/webhooks/smartweb";
        let prefixes = [
            "https://new.example/webhooks/",
            "https://old.example/webhooks/",
        ];
        let ours = |u: &str| prefixes.iter().any(|p| u.starts_with(p));
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
        assert!(normalise_public_url("not a url").is_err());
    }

    #[test]
    fn random_secrets_are_long_and_differ() {
        use secrecy::ExposeSecret;
        let a = random_secret().unwrap();
        let b = random_secret().unwrap();
        assert_eq!(a.expose_secret().len(), 64);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
