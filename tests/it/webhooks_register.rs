//! Webhook registration in both systems against the fakes: SmartWeb's GraphQL fake
//! (`GraphqlFake`) and the Rackbeat fake (`MockRackbeat`).

use std::sync::Arc;

use rackbeat_client::mock::MockRackbeat;
use rackbeat_client::model::NewWebhook;
use secrecy::ExposeSecret;
use smartweb_client::graphql::testing::{FakeSchema, GraphqlFake};
use smartweb_client::mock::MockSmartWeb;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::integration::rackbeat_token_secret;
use smartweb_rackbeat::report::JobKind;
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::sync_core::settings::ProductSource;
use smartweb_rackbeat::{Integration, JobReport, Settings};

const PUBLIC: &str = "https://sync.example.com";
const MOVED: &str = "https://hooks.example.net/shop1";
const FOREIGN: &str = "https://elsewhere.example.org/hook";
use smartweb_rackbeat::integration::SMARTWEB_SECRET;

/// Every option that asks for webhooks: orders, SmartWeb products, stock and write-back.
fn settings() -> Settings {
    let mut s = Settings::builder()
        .layout(1)
        .payment_terms(1)
        .customer_group(1)
        .smartweb_category_id(1)
        .product_group(1)
        .product_source(ProductSource::Smartweb)
        .shipping_product_with_vat("FRAGT".to_owned())
        .shipping_product_without_vat("FRAGT0".to_owned())
        .fee_product("GEBYR".to_owned())
        .sync_stock(true)
        .build_unchecked();
    s.status_writeback.enabled = true;
    s
}

struct World {
    _sw: MockSmartWeb,
    rb: MockRackbeat,
    gql: GraphqlFake,
    store: Arc<MemoryStore>,
}

impl World {
    async fn new() -> Self {
        Self::with_schema(FakeSchema::InputObject).await
    }

    async fn with_schema(schema: FakeSchema) -> Self {
        Self {
            _sw: MockSmartWeb::start().await,
            rb: MockRackbeat::start().await,
            gql: GraphqlFake::start_with(schema).await,
            store: Arc::new(MemoryStore::new()),
        }
    }

    fn build(&self, graphql: bool, dry_run: bool) -> Integration {
        let sw = self._sw.client_builder().build().unwrap();
        let rb = self.rb.client_builder().build().unwrap();
        let gql = graphql.then(|| self.gql.client_builder().build().unwrap());
        Integration::builder(sw, rb, settings(), self.store.clone())
            .smartweb_graphql(gql)
            .dry_run(dry_run)
            .build()
            .unwrap()
    }

    fn integration(&self) -> Integration {
        self.build(true, false)
    }

    fn smartweb_hooks(&self) -> Vec<(String, String)> {
        let mut v: Vec<_> = self
            .gql
            .webhooks()
            .into_iter()
            .map(|w| (w.url, w.topic))
            .collect();
        v.sort();
        v
    }

    fn rackbeat_hooks(&self) -> Vec<(String, String)> {
        let mut v: Vec<_> = self
            .rb
            .webhooks()
            .into_iter()
            .map(|w| (w.url.unwrap_or_default(), w.event.unwrap_or_default()))
            .collect();
        v.sort();
        v
    }
}

fn wanted_smartweb(base: &str) -> Vec<(String, String)> {
    let url = format!("{base}/webhooks/smartweb");
    let mut v: Vec<_> = [
        "orders/created",
        "orders/updated",
        "products/created",
        "products/delete",
        "products/updated",
    ]
    .into_iter()
    .map(|t| (url.clone(), t.to_owned()))
    .collect();
    v.sort();
    v
}

fn wanted_rackbeat(base: &str) -> Vec<(String, String)> {
    let url = format!("{base}/webhooks/rackbeat");
    let mut v: Vec<_> = [
        "inventory.changed",
        "order.created",
        "product.created",
        "product.updated",
    ]
    .into_iter()
    .map(|t| (url.clone(), t.to_owned()))
    .collect();
    v.sort();
    v
}

fn details(items: &[smartweb_rackbeat::report::ItemOutcome]) -> Vec<String> {
    items
        .iter()
        .map(|i| format!("{} | {}", i.key, i.detail))
        .collect()
}

fn assert_clean(report: &JobReport) {
    assert!(
        report.failed.is_empty(),
        "failures: {:?}",
        details(&report.failed)
    );
    assert!(report.credential_error.is_none());
}

#[tokio::test]
async fn registering_twice_creates_each_webhook_once() {
    let w = World::new().await;
    let integration = w.integration();

    let first = integration.register_webhooks(PUBLIC).await;
    assert_clean(&first);
    assert_eq!(first.job, JobKind::RegisterWebhooks);
    assert_eq!(first.created.len(), 9, "{:?}", details(&first.created));
    assert_eq!(w.smartweb_hooks(), wanted_smartweb(PUBLIC));
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));
    let sw_calls = &first.api_calls.smartweb.by_operation;
    assert_eq!(sw_calls.get("graphql webhookCreate"), Some(&5));
    assert_eq!(sw_calls.get("graphql webhooks"), Some(&1));
    assert_eq!(first.api_calls.rackbeat.total, 5, "one list, four creates");

    let second = integration.register_webhooks(&format!("{PUBLIC}/")).await;
    assert_clean(&second);
    assert!(second.created.is_empty(), "{:?}", details(&second.created));
    assert!(second.updated.is_empty(), "{:?}", details(&second.updated));
    assert_eq!(second.skipped.len(), 9);
    assert!(second.skipped.iter().all(|s| s.detail.starts_with("kept")));
    assert_eq!(w.smartweb_hooks(), wanted_smartweb(PUBLIC));
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));

    // One SmartWeb secret, random, stored, and the one every webhook was created with.
    let secret = w.store.secret(SMARTWEB_SECRET).await.unwrap().unwrap();
    assert_eq!(secret.expose_secret().len(), 64);
    for hook in w.gql.webhooks() {
        assert_eq!(
            hook.secret.as_ref().map(|s| s.expose_secret().to_owned()),
            Some(secret.expose_secret().to_owned())
        );
    }
    // No secret or token in the report.
    let json = serde_json::to_string(&(&first, &second)).unwrap();
    assert!(!json.contains(secret.expose_secret()));
    for hook in w.rb.webhooks() {
        let token = w.rb.webhook_token(hook.id as i64).unwrap();
        assert!(!json.contains(token.expose_secret()));
        assert!(!first.to_string().contains(token.expose_secret()));
    }
}

#[tokio::test]
async fn a_changed_public_url_replaces_ours_and_leaves_foreign_webhooks_alone() {
    let w = World::new().await;
    let integration = w.integration();
    let foreign_sw = w.gql.add_webhook(FOREIGN, "orders/created");
    integration
        .rackbeat()
        .webhooks()
        .create(&NewWebhook {
            event: "order.created".into(),
            url: FOREIGN.into(),
            ..NewWebhook::default()
        })
        .await
        .unwrap();

    assert_clean(&integration.register_webhooks(PUBLIC).await);
    let moved = integration.register_webhooks(MOVED).await;
    assert_clean(&moved);
    assert_eq!(moved.created.len(), 9);
    let removed: Vec<_> = moved
        .updated
        .iter()
        .filter(|u| u.detail.starts_with("removed"))
        .collect();
    assert_eq!(removed.len(), 9, "{:?}", details(&moved.updated));
    assert!(removed.iter().all(|r| r.detail.contains(PUBLIC)));

    let mut sw = wanted_smartweb(MOVED);
    sw.push((FOREIGN.to_owned(), "orders/created".to_owned()));
    sw.sort();
    assert_eq!(w.smartweb_hooks(), sw);
    assert!(
        w.gql
            .webhooks()
            .iter()
            .any(|h| h.id.to_string() == foreign_sw)
    );
    let mut rb = wanted_rackbeat(MOVED);
    rb.push((FOREIGN.to_owned(), "order.created".to_owned()));
    rb.sort();
    assert_eq!(w.rackbeat_hooks(), rb);

    // The new URL is remembered: a third run keeps everything.
    let again = integration.register_webhooks(MOVED).await;
    assert!(!again.has_changes(), "{:?}", details(&again.created));

    // Listing marks ours; the foreign ones are not.
    let listing = integration.list_webhooks().await;
    assert_clean(&listing.report);
    assert_eq!(listing.public_base_url.as_deref(), Some(MOVED));
    assert_eq!(listing.webhooks.len(), 11);
    for hook in &listing.webhooks {
        assert_eq!(hook.ours, hook.url != FOREIGN, "{hook:?}");
    }
    assert!(listing.to_string().contains(FOREIGN));
}

#[tokio::test]
async fn an_expired_graphql_token_is_renewed_once() {
    let w = World::new().await;
    let integration = w.integration();
    assert_clean(&integration.register_webhooks(PUBLIC).await);
    assert_eq!(w.gql.token_requests(), 1);

    w.gql.revoke_tokens();
    let second = integration.register_webhooks(PUBLIC).await;
    assert_clean(&second);
    assert!(!second.has_changes());
    assert_eq!(w.gql.unauthorized_responses(), 1);
    assert_eq!(w.gql.token_requests(), 2, "renewed once, then reused");
}

#[tokio::test]
async fn a_schema_without_a_url_field_gives_the_clear_error_and_rackbeat_still_registers() {
    let w = World::with_schema(FakeSchema::WithoutUrlField).await;
    let report = w.integration().register_webhooks(PUBLIC).await;
    let smartweb_failures: Vec<_> = report
        .failed
        .iter()
        .filter(|f| f.key.starts_with("smartweb"))
        .collect();
    assert!(!smartweb_failures.is_empty(), "{report}");
    let reason = &smartweb_failures[0].detail;
    assert!(
        reason.contains("schema does not fit") && reason.contains("URL"),
        "names what was expected: {reason}"
    );
    assert!(
        reason.contains("destination"),
        "names what the schema offers: {reason}"
    );
    assert_eq!(smartweb_failures.len(), 5, "every topic is reported");
    assert!(
        smartweb_failures[1..]
            .iter()
            .all(|f| f.detail.starts_with("not attempted")),
        "the schema error is not repeated for each topic"
    );
    assert!(w.gql.webhooks().is_empty());
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));
}

#[tokio::test]
async fn the_rackbeat_token_is_stored_and_verifies_deliveries() {
    let w = World::new().await;
    let integration = w.integration();
    assert_clean(&integration.register_webhooks(PUBLIC).await);

    for hook in w.rb.webhooks() {
        let event = hook.event.clone().unwrap();
        let stored = w
            .store
            .secret(&rackbeat_token_secret(&event))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("token for {event} stored"));
        let issued = w.rb.webhook_token(hook.id as i64).unwrap();
        assert_eq!(stored.expose_secret(), issued.expose_secret(), "{event}");
    }

    let product_updated =
        w.rb.webhooks()
            .into_iter()
            .find(|h| h.event.as_deref() == Some("product.updated"))
            .unwrap();
    let token = w.rb.webhook_token(product_updated.id as i64).unwrap();
    let (receiver, _worker) = integration.webhook_receiver(IntakeConfig::default());
    let headers = |token: &str| {
        Headers::from_pairs([
            ("Rackbeat-Webhook-Token", token),
            ("Rackbeat-Webhook-Event", "product.updated"),
            ("Rackbeat-Account-Id", "1"),
        ])
    };
    let ok = receiver
        .handle_rackbeat_webhook(
            &headers(token.expose_secret()),
            br#"{"key_name":"number","key":"AB/100"}"#,
        )
        .await;
    assert_eq!(ok.status, 202, "{}", ok.message);
    let wrong = receiver
        .handle_rackbeat_webhook(
            &headers("0123456789abcdef0123456789abcdef"),
            br#"{"key_name":"number","key":"AB/200"}"#,
        )
        .await;
    assert_eq!(wrong.status, 401, "{}", wrong.message);
}

#[tokio::test]
async fn a_dry_run_plans_and_changes_nothing() {
    let w = World::new().await;
    let report = w.build(true, true).register_webhooks(PUBLIC).await;
    assert_clean(&report);
    assert!(report.dry_run);
    assert_eq!(report.created.len(), 9);
    assert!(report.created.iter().all(|c| c.detail.starts_with("would")));
    assert!(w.gql.webhooks().is_empty());
    assert!(w.rb.webhooks().is_empty());
    assert!(w.store.secret(SMARTWEB_SECRET).await.unwrap().is_none());
    assert!(
        w.store
            .secret("webhooks.public_base_url")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        w.gql
            .graphql_requests()
            .iter()
            .all(|r| !r.query.contains("webhookCreate(") || r.query.contains("__")),
        "no create was sent"
    );

    // A dry run after a real one plans the removal of a changed URL but does not do it.
    assert_clean(&w.integration().register_webhooks(PUBLIC).await);
    let moved = w.build(true, true).register_webhooks(MOVED).await;
    assert_eq!(moved.created.len(), 9);
    assert_eq!(
        moved
            .updated
            .iter()
            .filter(|u| u.detail.starts_with("would remove"))
            .count(),
        9
    );
    assert_eq!(w.smartweb_hooks(), wanted_smartweb(PUBLIC));
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));
}

#[tokio::test]
async fn without_a_graphql_client_smartweb_waits_and_rackbeat_proceeds() {
    let w = World::new().await;
    let report = w.build(false, false).register_webhooks(PUBLIC).await;
    assert_clean(&report);
    let skipped: Vec<_> = report
        .skipped
        .iter()
        .filter(|s| s.key.starts_with("smartweb"))
        .collect();
    assert_eq!(skipped.len(), 5);
    assert!(
        skipped
            .iter()
            .all(|s| s.detail.contains("not configured") && s.detail.contains("WEBHOOKS.md"))
    );
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));
    assert!(w.gql.webhooks().is_empty());
}

#[tokio::test]
async fn remove_takes_away_ours_and_their_secrets_only() {
    let w = World::new().await;
    let integration = w.integration();
    w.gql.add_webhook(FOREIGN, "orders/updated");
    assert_clean(&integration.register_webhooks(PUBLIC).await);

    let removed = integration.remove_webhooks(None).await;
    assert_clean(&removed);
    assert_eq!(removed.job, JobKind::RemoveWebhooks);
    assert_eq!(removed.updated.len(), 9);
    assert_eq!(
        w.smartweb_hooks(),
        vec![(FOREIGN.to_owned(), "orders/updated".to_owned())]
    );
    assert!(w.rb.webhooks().is_empty());
    assert!(w.store.secret(SMARTWEB_SECRET).await.unwrap().is_none());
    assert!(
        w.store
            .secret(&rackbeat_token_secret("product.updated"))
            .await
            .unwrap()
            .is_none()
    );

    // Nothing known any more: nothing to remove without a URL.
    let nothing = integration.remove_webhooks(None).await;
    assert!(!nothing.has_changes());
    assert_eq!(nothing.skipped.len(), 1);
}

#[tokio::test]
async fn a_kept_rackbeat_webhook_without_a_known_token_is_recreated() {
    let w = World::new().await;
    let integration = w.integration();
    assert_clean(&integration.register_webhooks(PUBLIC).await);
    let name = rackbeat_token_secret("product.created");
    assert!(w.store.delete_secret(&name).await.unwrap());

    let report = integration.register_webhooks(PUBLIC).await;
    assert_clean(&report);
    assert_eq!(report.updated.len(), 1, "{:?}", details(&report.updated));
    assert!(report.updated[0].detail.starts_with("re-created"));
    assert_eq!(w.rackbeat_hooks(), wanted_rackbeat(PUBLIC));
    let hook =
        w.rb.webhooks()
            .into_iter()
            .find(|h| h.event.as_deref() == Some("product.created"))
            .unwrap();
    let stored = w.store.secret(&name).await.unwrap().unwrap();
    assert_eq!(
        stored.expose_secret(),
        w.rb.webhook_token(hook.id as i64).unwrap().expose_secret()
    );
}

#[tokio::test]
async fn an_invalid_public_url_fails_before_touching_anything() {
    let w = World::new().await;
    let report = w.integration().register_webhooks("ftp://nope").await;
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].key, "public_url");
    assert!(w.gql.graphql_requests().is_empty());
    assert!(w.rb.webhooks().is_empty());
}

/// `X-Hmac-Sha256` as SmartWeb sends it: base64 of HMAC-SHA256 over the raw body.
fn smartweb_signature(secret: &str, body: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn the_stored_smartweb_secret_verifies_deliveries() {
    let w = World::new().await;
    let integration = w.integration();
    assert_clean(&integration.register_webhooks(PUBLIC).await);
    let secret = w.store.secret(SMARTWEB_SECRET).await.unwrap().unwrap();

    let (receiver, _worker) = integration.webhook_receiver(IntakeConfig::default());
    let body = br#"{"id":"1001"}"#;
    let headers = |signature: String| {
        Headers::from_pairs([
            ("X-Hmac-Sha256", signature),
            ("X-Webhook-Topic", "orders/created".to_owned()),
            ("X-Shop-Domain", "shop000000.mywebshop.io".to_owned()),
        ])
    };
    let ok = receiver
        .handle_smartweb_webhook(
            &headers(smartweb_signature(secret.expose_secret(), body)),
            body,
        )
        .await;
    assert_eq!(ok.status, 202, "{}", ok.message);
    let wrong = receiver
        .handle_smartweb_webhook(
            &headers(smartweb_signature("not-the-secret", br#"{"id":"1002"}"#)),
            br#"{"id":"1002"}"#,
        )
        .await;
    assert_eq!(wrong.status, 401, "{}", wrong.message);
}
