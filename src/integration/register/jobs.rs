//! The register and remove jobs: both systems brought to the wanted webhooks, or cleared of
//! ours.

use secrecy::SecretString;
use sync_core::webhooks::{
    OursRule, WantedWebhook, WebhookSystem, normalise_public_url, remember_public_url,
};

use super::side::Side;
use super::{BY_HAND, PUBLIC_URL_STATE};
use crate::integration::{Integration, bounded};
use crate::report::{ApiCalls, ItemKind, JobKind, JobReport};

impl Integration {
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
        let ours = OursRule::new(std::iter::once(base.as_str()).chain(previous.as_deref()));

        let mut all_ok = true;
        match self.inner.graphql.as_ref() {
            Some(gql) => {
                let sw_wanted: Vec<WantedWebhook> = wanted
                    .iter()
                    .filter(|w| w.system == WebhookSystem::Smartweb)
                    .cloned()
                    .collect();
                all_ok &= self
                    .reconcile(Side::Smartweb(gql), &sw_wanted, &ours, report, &mut calls)
                    .await;
            }
            None => {
                for w in wanted
                    .iter()
                    .filter(|w| w.system == WebhookSystem::Smartweb)
                {
                    report.skipped(
                        ItemKind::Webhook,
                        w.key(),
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
            .reconcile(Side::Rackbeat, &rb_wanted, &ours, report, &mut calls)
            .await;

        // Remember the URL once nothing of ours is left at the old one; otherwise keep the
        // old one so the next run still recognises (and removes) what is left there.
        let remember = remember_public_url(self.inner.dry_run, all_ok, previous.as_deref(), &base);
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

    /// Removes our webhooks from both systems: those under `public_base_url` (when given) and
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
        let ours = OursRule::new(given.iter().chain(previous.iter()).map(String::as_str));
        if ours.is_empty() {
            report.skipped(
                ItemKind::Webhook,
                "all",
                "no public URL is known (none registered here): give the public URL",
            );
            return self.finish(run);
        }
        let mut all_ok = true;
        match self.inner.graphql.as_ref() {
            Some(gql) => {
                all_ok &= self
                    .reconcile(Side::Smartweb(gql), &[], &ours, report, &mut calls)
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
            .reconcile(Side::Rackbeat, &[], &ours, report, &mut calls)
            .await;
        if all_ok && !self.inner.dry_run && previous.is_some() {
            self.forget(PUBLIC_URL_STATE, report).await;
        }
        let mut report = self.finish(run);
        report.api_calls.merge(&calls);
        report
    }
}
