//! The list job: every webhook of both systems, ours marked.

use std::fmt;

use serde::Serialize;
use sync_core::webhooks::{OursRule, WebhookSystem};

use super::BY_HAND;
use super::side::Side;
use crate::integration::{Integration, fail};
use crate::report::{ApiCalls, ItemKind, JobKind, JobReport};

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

impl Integration {
    /// Lists the webhooks of both systems, marking ours (by the public URL registered last).
    /// SmartWeb is skipped (with the reason in the report) when no GraphQL client is
    /// configured.
    pub async fn list_webhooks(&self) -> WebhookListing {
        let mut run = self.start(JobKind::ListWebhooks);
        let mut calls = ApiCalls::default();
        let base = self.stored_public_url(&mut run.report).await;
        let ours = OursRule::new(base.as_deref());
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
                    ours: ours.is_ours(&e.url),
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
}
