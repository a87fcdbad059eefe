//! Webhook intake for both systems, independent of any web framework.
//!
//! [`WebhookReceiver::handle_smartweb_webhook`] and
//! [`WebhookReceiver::handle_rackbeat_webhook`] verify a delivery, drop duplicates (state
//! store dedupe keys), queue the work and return at once with a status for the HTTP answer.
//! A [`WebhookWorker`] does the queued work off the request path. The scheduled jobs keep
//! running beside webhooks, so a delivery lost after it was accepted is caught up later.

use futures::StreamExt;
use rackbeat_client::model::WebhookToken;
use rackbeat_client::webhook::{self as rb_webhook, WebhookEvent};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use smartweb_client::webhook as sw_webhook;
use sync_core::facts::{Assumption, Finding, Verdict};
use sync_core::settings::ProductSource;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::stock::StockScope;
use super::{Integration, bounded};
use crate::intake::{Accepted, Headers, Intake, IntakeConfig, IntakeError, WorkedOff, work_off};
use crate::report::{ItemKind, JobKind, JobReport};

/// Work queued by a webhook delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookWork {
    /// Import the SmartWeb order with this id.
    ImportOrder(i64),
    /// Run a product sync (SmartWeb is the source and a product changed).
    SyncProducts,
    /// Push these items' stock to SmartWeb.
    PushStock(Vec<String>),
    /// Write back the state of this Rackbeat order.
    WriteBack(u64),
    /// Push the stock of the Rackbeat product with this internal `id` (a delivery keyed by
    /// `id`, the documentation's form): its item number is looked up first.
    PushStockByProductId(u64),
    /// Write back the Rackbeat order with this internal `id` (a delivery keyed by `id`): its
    /// number is looked up among the recently updated orders first.
    WriteBackByOrderId(u64),
}

/// What to answer the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookReply {
    /// HTTP status: 202 queued, 200 duplicate or ignored, 401 bad signature or token, 400 bad
    /// body, 413 too large, 503 queue full (the sender retries).
    pub status: u16,
    /// A short explanation (never a secret).
    pub message: String,
}

impl WebhookReply {
    fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    fn from_intake(e: &IntakeError) -> Self {
        Self::new(e.status_code(), e.to_string())
    }
}

/// Verifies and queues webhook deliveries; cheap to clone into request handlers.
#[derive(Debug, Clone)]
pub struct WebhookReceiver {
    integration: Integration,
    intake: Intake<WebhookWork>,
}

/// Does the queued webhook work.
#[derive(Debug)]
pub struct WebhookWorker {
    integration: Integration,
    queue: mpsc::Receiver<WebhookWork>,
}

/// The name of the state-store secret holding the SmartWeb webhook signing secret chosen at
/// registration (a configured `smartweb.webhook_secret` is tried first).
pub const SMARTWEB_SECRET: &str = "smartweb.webhook_secret";

/// The name of the state-store secret holding Rackbeat's webhook token for `event`.
pub fn rackbeat_token_secret(event: &str) -> String {
    format!("rackbeat.webhook_token.{event}")
}

/// The internal `id` a delivery is keyed by (`key_name: "id"`, the documentation's form).
fn keyed_by_id(delivery: &rb_webhook::WebhookDelivery) -> Option<u64> {
    let name = delivery.key_name.as_deref()?.trim();
    if !name.eq_ignore_ascii_case("id") {
        return None;
    }
    delivery.key.as_deref()?.trim().parse().ok()
}

fn sha256_hex(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Integration {
    /// A receiver for both systems' webhooks and the worker that does their work.
    pub fn webhook_receiver(&self, config: IntakeConfig) -> (WebhookReceiver, WebhookWorker) {
        let (intake, queue) = Intake::new(config);
        (
            WebhookReceiver {
                integration: self.clone(),
                intake,
            },
            WebhookWorker {
                integration: self.clone(),
                queue,
            },
        )
    }

    /// Does one piece of webhook work now.
    pub async fn run_webhook_work(&self, work: WebhookWork) -> JobReport {
        match work {
            WebhookWork::ImportOrder(id) => self.import_order_by_id(id).await,
            WebhookWork::SyncProducts => self.sync_products().await,
            WebhookWork::PushStock(items) => self.sync_stock(StockScope::Items(items)).await,
            WebhookWork::WriteBack(number) => self.write_back_order(number).await,
            WebhookWork::PushStockByProductId(id) => match self.item_number_by_id(id).await {
                Ok(item) => self.sync_stock(StockScope::Items(vec![item])).await,
                Err(reason) => self.unresolved(ItemKind::Stock, id, reason),
            },
            WebhookWork::WriteBackByOrderId(id) => match self.order_number_by_id(id).await {
                Ok(number) => self.write_back_order(number).await,
                Err(reason) => self.unresolved(ItemKind::Shipment, id, reason),
            },
        }
    }

    /// The report of a delivery whose resource could not be found by its `id`: skipped, as
    /// the scheduled job catches the change up.
    fn unresolved(&self, kind: ItemKind, id: u64, reason: String) -> JobReport {
        let mut run = self.start(JobKind::RackbeatWebhook);
        run.report.skipped(
            kind,
            format!("id {id}"),
            format!("{reason}; the next scheduled run catches the change up"),
        );
        self.finish(run)
    }

    /// The item number of the Rackbeat product with internal `id`
    /// (`GET /products?simple_filter[id]=`, checked on the answer).
    async fn item_number_by_id(&self, id: u64) -> Result<String, String> {
        let rb = &self.inner.rackbeat;
        let page = rb
            .products()
            .list()
            .simple_filter("id", id.to_string())
            .limit(rb.page_size())
            .send()
            .await
            .map_err(|e| bounded(format!("looking up Rackbeat product id {id} failed: {e}")))?;
        page.items
            .into_iter()
            .find(|p| p.id == Some(id))
            .map(|p| p.number)
            .ok_or_else(|| format!("no Rackbeat product has id {id}"))
    }

    /// The number of the Rackbeat order with internal `id`: `/orders` filters on no `id`
    /// (sheet §1.7), so it is looked for among the orders updated in the last
    /// [`ORDER_ID_LOOKBACK_DAYS`] days (the delivery follows the change).
    async fn order_number_by_id(&self, id: u64) -> Result<u64, String> {
        let rb = &self.inner.rackbeat;
        let since = (self.now() - chrono::Duration::days(ORDER_ID_LOOKBACK_DAYS)).naive_utc();
        let limit = rb.page_size();
        let stream = rb
            .orders()
            .list()
            .updated_at_from(since)
            .limit(limit)
            .stream()
            .take(
                usize::try_from(limit)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(ORDER_ID_PAGES),
            );
        let mut stream = std::pin::pin!(stream);
        while let Some(order) = stream.next().await {
            let order = order
                .map_err(|e| bounded(format!("looking up Rackbeat order id {id} failed: {e}")))?;
            if order.extra.get("id").and_then(serde_json::Value::as_u64) == Some(id) {
                return Ok(order.number);
            }
        }
        Err(format!(
            "no Rackbeat order with id {id} was updated in the last {ORDER_ID_LOOKBACK_DAYS} days"
        ))
    }
}

/// How far back an order keyed by `id` is looked for.
const ORDER_ID_LOOKBACK_DAYS: i64 = 3;
/// How many pages of recently updated orders are read at most for one `id`.
const ORDER_ID_PAGES: usize = 5;

impl WebhookWorker {
    /// Works off the queue until `shutdown` is cancelled or every receiver is dropped.
    /// Returns how many pieces of work were done, and how many of them panicked.
    pub async fn run(self, shutdown: CancellationToken) -> WorkedOff {
        let integration = self.integration;
        work_off(self.queue, shutdown, |work| {
            let integration = integration.clone();
            async move {
                let report = integration.run_webhook_work(work).await;
                tracing::info!(summary = %report.summary(), "webhook work done");
            }
        })
        .await
    }

    /// Does every piece of work queued so far, now, and returns the reports (for tests and
    /// one-shot programs).
    pub async fn drain(&mut self) -> Vec<JobReport> {
        let mut reports = Vec::new();
        while let Ok(work) = self.queue.try_recv() {
            reports.push(self.integration.run_webhook_work(work).await);
        }
        reports
    }
}

impl WebhookReceiver {
    /// A SmartWeb delivery: checks the body size and `X-Hmac-Sha256`, parses the topic and
    /// id, drops a repeated delivery, and queues the order import (order topics) or a product
    /// sync (product topics, when SmartWeb is the product source).
    pub async fn handle_smartweb_webhook(&self, headers: &Headers, body: &[u8]) -> WebhookReply {
        if let Err(e) = self
            .intake
            .check_content_length(headers)
            .and_then(|()| self.intake.check_body(body))
        {
            return WebhookReply::from_intake(&e);
        }
        let inner = &self.integration.inner;
        let Some(signature) = headers.get("x-hmac-sha256") else {
            return WebhookReply::new(401, "missing X-Hmac-Sha256");
        };
        let mut secrets: Vec<SecretString> =
            inner.smartweb_webhook_secret.iter().cloned().collect();
        if let Ok(Some(stored)) = inner.store.secret(SMARTWEB_SECRET).await {
            secrets.push(stored);
        }
        if secrets.is_empty() {
            return WebhookReply::new(401, "no SmartWeb webhook secret is configured");
        }
        if !secrets
            .iter()
            .any(|secret| sw_webhook::verify_signature(secret, body, signature))
        {
            return WebhookReply::new(401, "bad signature");
        }
        let event = match sw_webhook::parse(
            headers.get("x-webhook-topic"),
            headers.get("x-shop-domain"),
            body,
        ) {
            Ok(e) => e,
            Err(e) => return WebhookReply::new(400, e.to_string()),
        };
        let work = if event.topic.is_order() {
            if !inner.settings.transfer_orders {
                return WebhookReply::new(200, "ignored: order transfer is off");
            }
            match event.id_as_i64() {
                Some(id) => WebhookWork::ImportOrder(id),
                None => return WebhookReply::new(400, "order id is not a number"),
            }
        } else if event.topic.is_product() {
            if inner.settings.product_source != ProductSource::Smartweb {
                return WebhookReply::new(200, "ignored: Rackbeat is the product source");
            }
            WebhookWork::SyncProducts
        } else {
            return WebhookReply::new(200, format!("ignored topic {}", event.topic.as_str()));
        };
        let key = format!(
            "smartweb:{}:{}:{}",
            event.topic.as_str(),
            event.id,
            sha256_hex(body)
        );
        self.accept(&key, work).await
    }

    /// A Rackbeat delivery: checks the body size and `Rackbeat-Webhook-Token` (the configured
    /// token, or the one stored when the webhook was registered), parses it leniently, and
    /// queues a stock push (product and stock events, when stock sync is on) or a write-back
    /// (order events, when write-back is on). Repeats are queued too (see the body).
    pub async fn handle_rackbeat_webhook(&self, headers: &Headers, body: &[u8]) -> WebhookReply {
        if let Err(e) = self
            .intake
            .check_content_length(headers)
            .and_then(|()| self.intake.check_body(body))
        {
            return WebhookReply::from_intake(&e);
        }
        let presented = headers.get(rb_webhook::TOKEN_HEADER);
        let event_name = headers.get(rb_webhook::EVENT_HEADER).unwrap_or_default();
        if !self.rackbeat_token_ok(event_name, presented).await {
            return WebhookReply::new(401, "bad or missing Rackbeat-Webhook-Token");
        }
        let delivery = match rb_webhook::parse_delivery(
            headers.get(rb_webhook::EVENT_HEADER),
            headers.get(rb_webhook::ACCOUNT_HEADER),
            body,
        ) {
            Ok(d) => d,
            Err(e) => return WebhookReply::new(400, e.to_string()),
        };
        self.learn_keying(&delivery).await;
        let settings = &self.integration.inner.settings;
        let name = delivery.event_name.clone().unwrap_or_default();
        let is_order = name.trim().starts_with("order");
        let by_id = keyed_by_id(&delivery);
        let work = if delivery.is_stock_change()
            || matches!(
                delivery.event,
                Some(WebhookEvent::ProductCreated | WebhookEvent::ProductUpdated)
            ) {
            if !settings.sync_stock {
                return WebhookReply::new(200, "ignored: stock sync is off");
            }
            match (delivery.resource_number(), by_id) {
                (Some(item), _) => WebhookWork::PushStock(vec![item]),
                (None, Some(id)) => WebhookWork::PushStockByProductId(id),
                (None, None) => return WebhookReply::new(400, "no item number in the delivery"),
            }
        } else if is_order {
            if !settings.status_writeback.enabled {
                return WebhookReply::new(200, "ignored: status write-back is off");
            }
            match (
                delivery
                    .resource_number()
                    .and_then(|k| k.trim().parse().ok()),
                by_id,
            ) {
                (Some(number), _) => WebhookWork::WriteBack(number),
                (None, Some(id)) => WebhookWork::WriteBackByOrderId(id),
                (None, None) => return WebhookReply::new(400, "order number is not a number"),
            }
        } else {
            return WebhookReply::new(200, format!("ignored event {name}"));
        };
        // Not deduplicated: Rackbeat sends the same body for every update of one item (no
        // delivery id, no timestamp), so a "repeat" may be a real second change, and both
        // kinds of work (push the item's current stock, write the order's current state back)
        // are idempotent.
        match self.intake.enqueue(work) {
            Ok(_) => WebhookReply::new(202, "queued"),
            Err(e) => WebhookReply::from_intake(&e),
        }
    }

    /// Records how deliveries are keyed (the assumption `webhook_keyed_by_number`), when
    /// this delivery says and the stored verdict differs. Never in a dry run; a store error
    /// only costs the record, not the delivery.
    async fn learn_keying(&self, delivery: &rb_webhook::WebhookDelivery) {
        let Some(name) = delivery.key_name.as_deref().map(str::trim) else {
            return;
        };
        if delivery.key.is_none() || self.integration.inner.dry_run {
            return;
        }
        let verdict = if name.eq_ignore_ascii_case("number") {
            Verdict::Confirmed
        } else if name.eq_ignore_ascii_case("id") {
            Verdict::Refuted
        } else {
            return;
        };
        let known = self
            .integration
            .account_facts()
            .await
            .map(|f| f.verdict(Assumption::WebhookKeyedByNumber))
            .unwrap_or_default();
        if known == verdict {
            return;
        }
        let finding = Finding::new(
            Assumption::WebhookKeyedByNumber,
            verdict,
            format!(
                "a {} delivery came keyed by key_name {name:?} (key {})",
                delivery.event_name.as_deref().unwrap_or("Rackbeat"),
                delivery.key.as_deref().unwrap_or_default()
            ),
            self.integration.now(),
        );
        if let Err(e) = self.integration.record_finding(&finding).await {
            tracing::warn!(error = %e, "could not record how Rackbeat keys its webhooks");
        }
    }

    async fn rackbeat_token_ok(&self, event: &str, presented: Option<&str>) -> bool {
        let Some(presented) = presented else {
            return false;
        };
        let inner = &self.integration.inner;
        let mut candidates: Vec<SecretString> = Vec::new();
        if let Some(t) = &inner.rackbeat_webhook_token {
            candidates.push(t.clone());
        }
        for name in [
            rackbeat_token_secret(event.trim()),
            "rackbeat.webhook_token".to_owned(),
        ] {
            if let Ok(Some(t)) = inner.store.secret(&name).await {
                candidates.push(t);
            }
        }
        candidates.iter().any(|expected| {
            rb_webhook::verify_token(
                &WebhookToken::new(expected.expose_secret()),
                Some(presented),
            )
        })
    }

    async fn accept(&self, key: &str, work: WebhookWork) -> WebhookReply {
        let store = &self.integration.inner.store;
        match self
            .intake
            .accept(store.as_ref(), key, self.integration.now(), work)
            .await
        {
            Ok(Accepted::Queued) => WebhookReply::new(202, "queued"),
            Ok(Accepted::Duplicate) => WebhookReply::new(200, "duplicate delivery ignored"),
            Err(e) => WebhookReply::from_intake(&e),
        }
    }
}
