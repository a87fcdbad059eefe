//! The demo's steps: start both fakes with the demo shop, then run the settings check, an
//! order import, a product sync, a stock sync, a webhook-triggered import and a second order
//! import, printing each job's report and a final summary.
//!
//! Used by `examples/demo/main.rs` and, in-process, by `tests/it/demo.rs` (through `#[path]`);
//! expects a sibling module `shop` at the crate root.

use std::io::Write;
use std::sync::Arc;

use base64::Engine;
use hmac::{Hmac, Mac};
use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::MockRackbeat;
use secrecy::SecretString;
use smartweb_client::mock::MockSmartWeb;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::state::MemoryStore;
use smartweb_rackbeat::{Integration, JobReport, OrderWindow, StockScope, WebhookReply};

use crate::shop;

/// The error type of the demo (setup problems only: job failures are part of the reports).
pub type DemoError = Box<dyn std::error::Error + Send + Sync>;

/// One step of the demo and the report of its job.
#[derive(Debug)]
pub struct Step {
    /// What the step does.
    pub title: &'static str,
    /// The job's report.
    pub report: JobReport,
}

/// Everything the demo did, for the summary and for tests.
#[derive(Debug)]
pub struct DemoRun {
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// What the webhook handler answered SmartWeb.
    pub webhook_reply: WebhookReply,
    /// Orders in Rackbeat at the end.
    pub rackbeat_orders: usize,
    /// Of those, booked.
    pub rackbeat_booked: usize,
    /// Customers in Rackbeat at the end.
    pub rackbeat_customers: usize,
    /// Products in SmartWeb at the end.
    pub smartweb_products: usize,
    /// Stock changes SmartWeb received.
    pub smartweb_stock_writes: usize,
    /// Requests each fake received in all.
    pub requests: (usize, usize),
}

impl DemoRun {
    /// The report of the step with this title.
    pub fn report(&self, title: &str) -> Option<&JobReport> {
        self.steps
            .iter()
            .find(|s| s.title == title)
            .map(|s| &s.report)
    }
}

/// Step titles.
pub const CHECK: &str = "Settings check";
/// Step title.
pub const IMPORT: &str = "Order import";
/// Step title.
pub const PRODUCTS: &str = "Product sync (Rackbeat → SmartWeb)";
/// Step title.
pub const STOCK: &str = "Stock sync (Rackbeat → SmartWeb)";
/// Step title.
pub const WEBHOOK: &str = "Webhook: SmartWeb orders/created";
/// Step title.
pub const REIMPORT: &str = "Order import again";

/// Runs the whole demo, writing the reports to `out`.
pub async fn run_demo(out: &mut dyn Write) -> Result<DemoRun, DemoError> {
    writeln!(
        out,
        "SmartWeb ↔ Rackbeat demo: the webshop \"Kaffekompagniet\" on two local fakes\n"
    )?;
    let sw = MockSmartWeb::start().await;
    let rb = MockRackbeat::start().await;
    shop::seed(&sw, &rb)?;
    writeln!(out, "SmartWeb fake:  {}", sw.endpoint())?;
    writeln!(out, "Rackbeat fake:  {}", rb.uri())?;
    writeln!(
        out,
        "Seeded: {} SmartWeb products ({} with variants), {} orders; Rackbeat catalogue with stock.\n",
        sw.products().len(),
        sw.products()
            .iter()
            .filter(|p| !p.variants.is_empty())
            .count(),
        sw.orders().len()
    )?;

    let smartweb = sw.client_builder().build()?;
    let rackbeat = RackbeatClient::builder()
        .base_url(rb.uri())
        .token(rb.token())
        // The fake has no rate limit; the real service allows 480 per minute.
        .requests_per_minute(0)
        .build()?;
    let integration = Integration::builder(
        smartweb,
        rackbeat,
        shop::settings(),
        Arc::new(MemoryStore::new()),
    )
    .smartweb_webhook_secret(Some(SecretString::from(shop::WEBHOOK_SECRET)))
    .build()?;

    let mut steps = Vec::new();
    let mut show = |out: &mut dyn Write, title: &'static str, report: JobReport| {
        let n = steps.len() + 1;
        let rule = "=".repeat(90);
        let _ = writeln!(out, "{rule}\n{n}. {title}\n{rule}");
        let _ = writeln!(out, "{}", report.render_table());
        steps.push(Step { title, report });
    };

    show(out, CHECK, integration.check_settings().await);
    show(
        out,
        IMPORT,
        integration.import_orders(OrderWindow::default()).await,
    );
    show(out, PRODUCTS, integration.sync_products().await);
    show(out, STOCK, integration.sync_stock(StockScope::All).await);

    // A customer orders while the integration runs: SmartWeb announces it with a webhook.
    let (receiver, mut worker) = integration.webhook_receiver(IntakeConfig::default());
    let order_id = shop::seed_webhook_order(&sw);
    let body = format!("{{\"id\":\"{order_id}\"}}");
    let headers = Headers::from_pairs([
        (
            "X-Hmac-Sha256",
            sign(shop::WEBHOOK_SECRET, body.as_bytes())?,
        ),
        ("X-Webhook-Topic", "orders/created".to_owned()),
        ("X-Shop-Domain", shop::SHOP_DOMAIN.to_owned()),
        ("Content-Type", "application/json".to_owned()),
    ]);
    let webhook_reply = receiver
        .handle_smartweb_webhook(&headers, body.as_bytes())
        .await;
    // SmartWeb retries a delivery it is unsure about: the repeat is recognised.
    let repeat = receiver
        .handle_smartweb_webhook(&headers, body.as_bytes())
        .await;
    let mut webhook = JobReport::new(
        smartweb_rackbeat::report::JobKind::SmartwebWebhook,
        false,
        chrono::Utc::now(),
    );
    for report in worker.drain().await {
        webhook.absorb(report);
    }
    webhook.warn(format!(
        "delivery for order {order_id}: HTTP {} {}; repeated delivery: HTTP {} {}",
        webhook_reply.status, webhook_reply.message, repeat.status, repeat.message
    ));
    webhook.finish(chrono::Utc::now());
    show(out, WEBHOOK, webhook);

    show(
        out,
        REIMPORT,
        integration.import_orders(OrderWindow::default()).await,
    );

    let orders = rb.records("orders");
    let run = DemoRun {
        rackbeat_orders: orders.len(),
        rackbeat_booked: orders
            .iter()
            .filter(|o| o.get("is_booked").and_then(serde_json::Value::as_bool) == Some(true))
            .count(),
        rackbeat_customers: rb.records("customers").len(),
        smartweb_products: sw.products().len(),
        smartweb_stock_writes: sw.stock_writes().len(),
        requests: (sw.total_requests(), rb.request_total()),
        webhook_reply,
        steps,
    };
    summary(out, &run)?;
    Ok(run)
}

/// SmartWeb's webhook signature: base64 HMAC-SHA256 of the raw body.
fn sign(secret: &str, body: &[u8]) -> Result<String, DemoError> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())?;
    mac.update(body);
    Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

fn summary(out: &mut dyn Write, run: &DemoRun) -> std::io::Result<()> {
    let rule = "=".repeat(90);
    writeln!(out, "{rule}\nSummary\n{rule}")?;
    let header = [
        "STEP", "CREATED", "UPDATED", "SKIPPED", "FAILED", "SMARTWEB", "RACKBEAT",
    ];
    let width = run
        .steps
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let pad = |text: &str| format!("{text}{}", " ".repeat(width - text.chars().count()));
    writeln!(
        out,
        "{}  {:>7}  {:>7}  {:>7}  {:>6}  {:>8}  {:>8}",
        pad(header[0]),
        header[1],
        header[2],
        header[3],
        header[4],
        header[5],
        header[6]
    )?;
    for step in &run.steps {
        let r = &step.report;
        writeln!(
            out,
            "{}  {:>7}  {:>7}  {:>7}  {:>6}  {:>8}  {:>8}",
            pad(step.title),
            r.created.len(),
            r.updated.len(),
            r.skipped.len(),
            r.failed.len(),
            r.api_calls.smartweb.total,
            r.api_calls.rackbeat.total
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Rackbeat now holds {} orders ({} booked) and {} customers; SmartWeb holds {} products and received {} stock updates.",
        run.rackbeat_orders,
        run.rackbeat_booked,
        run.rackbeat_customers,
        run.smartweb_products,
        run.smartweb_stock_writes
    )?;
    writeln!(
        out,
        "Requests received: SmartWeb fake {}, Rackbeat fake {}.",
        run.requests.0, run.requests.1
    )?;
    let failed: Vec<String> = run
        .steps
        .iter()
        .filter(|s| s.title == REIMPORT)
        .flat_map(|s| s.report.failed.iter())
        .map(|f| format!("{} {}: {}", f.kind, f.key, f.detail))
        .collect();
    if !failed.is_empty() {
        writeln!(
            out,
            "Still failing (retried on every import until fixed in SmartWeb):"
        )?;
        for line in failed {
            writeln!(out, "  - {line}")?;
        }
    }
    Ok(())
}
