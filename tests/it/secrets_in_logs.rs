//! A full sync on both fakes with `tracing` captured at TRACE level (every crate, every
//! level): neither the SmartWeb password, the Rackbeat API token nor a webhook secret/token
//! may appear in the logs, in any error string or in the JSON job reports.

use crate::engine_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine;
use hmac::{Hmac, Mac};
use rackbeat_client::RackbeatClient;
use rackbeat_client::mock::MockRackbeat;
use rust_decimal::Decimal;
use secrecy::SecretString;
use serde_json::json;
use smartweb_client::mock::{MockSmartWeb, fixtures};
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::{Integration, JobReport, StockScope};

const SW_PASSWORD: &str = "Sw-Pa55word-c0ffee";
const RB_TOKEN: &str = "Rb-ApiT0ken-beef42";
const SW_HOOK_SECRET: &str = "Sw-HookSecret-f00d17";
const RB_HOOK_TOKEN: &str = "Rb-HookToken-d00d55";
const SECRETS: [&str; 4] = [SW_PASSWORD, RB_TOKEN, SW_HOOK_SECRET, RB_HOOK_TOKEN];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} contains a secret: {secret}");
        // Also not base64-encoded as a whole (e.g. a Basic auth header).
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
        assert!(!text.contains(&b64), "{what} contains a base64 secret");
    }
}

async fn start_fakes() -> (MockSmartWeb, MockRackbeat) {
    let sw = MockSmartWeb::builder()
        .credentials("api@example.invalid", SW_PASSWORD)
        .start()
        .await;
    for (id, item, title, price, stock) in engine_support::PRODUCTS {
        sw.seed_product(fixtures::product(
            id,
            item,
            title,
            Decimal::from(price),
            stock,
        ));
    }
    let rb = MockRackbeat::builder().token(RB_TOKEN).start().await;
    rb.seed_layout(json!({"number": 1, "name": "Standard"}))
        .unwrap();
    rb.seed_payment_terms(json!({"number": 1, "name": "Netto 8 dage", "maturity_days": 8}))
        .unwrap();
    rb.seed_employee(json!({"number": 1, "name": "Lager"}))
        .unwrap();
    rb.seed_customer_group(json!({"number": 1, "name": "Webshop"}))
        .unwrap();
    rb.seed_location(json!({"number": 1, "name": "Hovedlager"}))
        .unwrap();
    rb.seed_product_group(json!({"number": 1, "name": "Varer", "vat_domestic": 25, "vat_eu": 25, "vat_abroad": 0, "vat_domestic_exempt": 0})).unwrap();
    rb.seed_product_group(json!({"number": 2, "name": "Momsfri", "vat_domestic": 0, "vat_eu": 0, "vat_abroad": 0, "vat_domestic_exempt": 0})).unwrap();
    for (_, item, title, price, _) in engine_support::PRODUCTS {
        let net = Decimal::from(price) * Decimal::new(8, 1);
        rb.seed_product(
            json!({"number": item, "name": title, "group": 1, "sales_price": net.to_string()}),
        )
        .unwrap();
    }
    for (item, group) in [
        ("FRAGT", 1),
        ("FRAGT0", 2),
        ("GEBYR", 2),
        ("KREDIT", 1),
        ("RABAT", 1),
    ] {
        rb.seed_product(json!({"number": item, "name": item, "group": group, "sales_price": "0"}))
            .unwrap();
    }
    (sw, rb)
}

fn integration(
    sw: &MockSmartWeb,
    rb: &MockRackbeat,
    rb_token: &str,
    sw_password: &str,
) -> Integration {
    let smartweb = sw
        .client_builder()
        .password(sw_password.to_owned())
        .retries(0)
        .build()
        .unwrap();
    let rackbeat = RackbeatClient::builder()
        .base_url(rb.uri())
        .token(rb_token.to_owned())
        .requests_per_minute(100_000)
        .retries(0)
        .build()
        .unwrap();
    let store: Arc<dyn StateStore> = Arc::new(MemoryStore::new());
    let mut settings = engine_support::settings();
    settings.transfer_orders = true;
    settings.sync_stock = true;
    Integration::builder(smartweb, rackbeat, settings, store)
        .smartweb_webhook_secret(Some(SecretString::from(SW_HOOK_SECRET)))
        .rackbeat_webhook_token(Some(SecretString::from(RB_HOOK_TOKEN)))
        .build()
        .unwrap()
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SW_HOOK_SECRET.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn no_secret_reaches_logs_errors_or_reports() {
    let logs = Captured::default();
    let writer = logs.clone();
    // Scoped, not the global subscriber: the test binary holds every integration test of the
    // crate, and only this test's threads (its own and its runtime's) may log here. tracing
    // caches each call site's interest; while one subscriber is registered it asks only the
    // subscriber of the thread that first hits the call site (another test's, which has
    // none). With a second (silent) one registered, every call site asks them all.
    let _silent = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let dispatch = tracing::Dispatch::new(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    );
    let on_worker = dispatch.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            // Kept for the thread's life, which ends with the runtime.
            std::mem::forget(tracing::dispatcher::set_default(&on_worker));
        })
        .build()
        .unwrap();
    tracing::dispatcher::with_default(&dispatch, || runtime.block_on(sync_with_secrets(logs)));
}

/// A full sync, webhooks and failing credentials, every secret checked against what `logs`
/// captured and against every report, reply and error.
async fn sync_with_secrets(logs: Captured) {
    let (sw, rb) = start_fakes().await;
    sw.seed_order(engine_support::standard_order(1001));
    let engine = integration(&sw, &rb, RB_TOKEN, SW_PASSWORD);

    let mut reports: Vec<JobReport> = vec![
        engine.check_settings().await,
        engine.import_orders(engine_support::window()).await,
        engine.sync_products().await,
        engine.sync_stock(StockScope::All).await,
    ];
    assert!(
        !engine_support_orders(&rb).is_empty(),
        "the sync really ran: an order reached Rackbeat"
    );

    // Webhooks: a signed SmartWeb delivery, a Rackbeat delivery with its token, and
    // rejected ones (whose replies must not echo anything secret either).
    let (receiver, mut worker) = engine.webhook_receiver(IntakeConfig::default());
    let body = br#"{"id":"1001"}"#;
    let signed = Headers::from_pairs([
        ("X-Hmac-Sha256", sign(body).as_str()),
        ("X-Webhook-Topic", "orders/updated"),
    ]);
    let mut replies = vec![receiver.handle_smartweb_webhook(&signed, body).await];
    let rb_body = br#"{"item":"KAFFE-1","item_type":"product","type":"stock"}"#;
    let rb_headers = Headers::from_pairs([
        ("Rackbeat-Webhook-Token", RB_HOOK_TOKEN),
        ("Rackbeat-Webhook-Event", "inventory.changed"),
    ]);
    replies.push(receiver.handle_rackbeat_webhook(&rb_headers, rb_body).await);
    let wrong = Headers::from_pairs([
        ("Rackbeat-Webhook-Token", "Rb-HookToken-d00d5"),
        ("Rackbeat-Webhook-Event", "inventory.changed"),
    ]);
    replies.push(receiver.handle_rackbeat_webhook(&wrong, rb_body).await);
    let forged = Headers::from_pairs([
        ("X-Hmac-Sha256", "AAAA"),
        ("X-Webhook-Topic", "orders/created"),
    ]);
    replies.push(receiver.handle_smartweb_webhook(&forged, body).await);
    assert_eq!(replies[0].status, 202, "{:?}", replies[0]);
    assert_eq!(replies[1].status, 202, "{:?}", replies[1]);
    reports.extend(worker.drain().await);

    // Failing credentials: the errors name the problem, never the secret.
    let bad = integration(&sw, &rb, "Rb-ApiT0ken-beef4", "Sw-Pa55word-c0ffe");
    reports.push(bad.check_settings().await);
    reports.push(bad.import_orders(engine_support::window()).await);
    let mut errors = Vec::new();
    let sw_err = sw.client_builder().password("wrong").build().unwrap();
    if let Err(e) = sw_err.raw().solution_get_webinfo().await {
        errors.push(format!("{e} {e:?}"));
    }
    let rb_err = RackbeatClient::builder()
        .base_url(rb.uri())
        .token(RB_TOKEN)
        .base_url("http://rackbeat.example/api/")
        .build();
    if let Err(e) = rb_err {
        errors.push(format!("{e} {e:?}"));
    }
    errors.push(format!("{engine:?}"));

    let json = serde_json::to_string_pretty(&reports).unwrap();
    assert!(
        json.contains("\"job\"") || json.len() > 100,
        "reports were produced"
    );
    assert_clean("the JSON reports", &json);
    for reply in &replies {
        assert_clean("a webhook reply", &reply.message);
    }
    for error in &errors {
        assert_clean("an error", error);
    }
    let captured = logs.text();
    assert!(
        captured.contains("TRACE") || captured.contains("DEBUG"),
        "the capture works (got {} bytes)",
        captured.len()
    );
    assert_clean("the TRACE logs", &captured);
    let _ = std::io::stderr().flush();
}

fn engine_support_orders(rb: &MockRackbeat) -> Vec<rackbeat_client::model::Order> {
    rb.orders()
}
