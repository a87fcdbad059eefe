//! Carries out one system's webhook plan: re-create kept webhooks whose secret is unknown,
//! create the missing ones (stopping at an error every further creation would repeat), and
//! remove ours no longer wanted only when every creation succeeded.

use std::collections::HashSet;

use sync_core::webhooks::{OursRule, WantedWebhook, plan, webhook_key as key};

use super::side::Side;
use crate::integration::{Integration, SMARTWEB_SECRET, bounded, fail, rackbeat_token_secret};
use crate::report::{ApiCalls, ItemKind, JobReport};

impl Integration {
    /// Brings one system to `wanted`; returns whether everything planned was done.
    pub(super) async fn reconcile(
        &self,
        side: Side<'_>,
        wanted: &[WantedWebhook],
        ours: &OursRule,
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
        let plan = plan(wanted, &existing, ours);
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
}
