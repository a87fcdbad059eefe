//! A service that cannot be reached at all: the job stops at its first connection failure and
//! says so in one line naming the cause, instead of failing every item. Nothing here leaves
//! the machine: refused connections go to a loopback port nobody listens on, and host names
//! are resolved by a resolver that fails (reqwest's `dns_resolver`, through the clients'
//! `http_client` hook), so no DNS query is ever sent.

use crate::engine_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use engine_support::{World, settings, window};
use rackbeat_client::RackbeatClient;
use smartweb_client::SmartWebClient;
use smartweb_rackbeat::Integration;
use smartweb_rackbeat::report::{FailureKind, Service, TransportFailure};
use smartweb_rackbeat::state::MemoryStore;

/// A loopback port that refuses connections: bound, then let go.
fn refused_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A resolver with no network: every lookup fails as the system's does, and is counted.
#[derive(Clone, Default)]
struct NoNetwork {
    lookups: Arc<AtomicUsize>,
}

impl reqwest::dns::Resolve for NoNetwork {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            Err(Box::new(std::io::Error::other(format!(
                "failed to lookup address information: no network to resolve {host}"
            ))) as Box<dyn std::error::Error + Send + Sync>)
        })
    }
}

impl NoNetwork {
    fn http_client(&self) -> reqwest::Client {
        rackbeat_client::http::client_builder()
            .unwrap()
            .dns_resolver(Arc::new(self.clone()))
            .build()
            .unwrap()
    }

    fn lookups(&self) -> usize {
        self.lookups.load(Ordering::SeqCst)
    }
}

/// A Rackbeat client with the default retries: a connection that cannot be made is never
/// sent again, so each failed attempt counts once.
fn rackbeat_at(base_url: &str) -> rackbeat_client::RackbeatClientBuilder {
    RackbeatClient::builder()
        .base_url(base_url)
        .token("token".to_owned())
}

fn smartweb_at(endpoint: &str) -> smartweb_client::SmartWebClientBuilder {
    SmartWebClient::builder()
        .endpoint(endpoint)
        .username("api@example.invalid")
        .password("secret".to_owned())
}

fn integration(smartweb: SmartWebClient, rackbeat: RackbeatClient) -> Integration {
    Integration::new(smartweb, rackbeat, settings(), Arc::new(MemoryStore::new())).unwrap()
}

#[tokio::test]
async fn check_stops_at_the_first_refused_connection() {
    let port = refused_port();
    let rackbeat = rackbeat_at(&format!("http://127.0.0.1:{port}/api/"))
        .build()
        .unwrap();
    let smartweb = smartweb_at(&format!("http://127.0.0.1:{}/service.php", refused_port()))
        .build()
        .unwrap();
    let report = integration(smartweb, rackbeat).check_settings().await;

    // Nine settings name Rackbeat records; only the first was tried.
    assert_eq!(report.failed.len(), 1, "{}", report.render_table());
    assert_eq!(report.api_calls.rackbeat.total, 1);
    assert_eq!(report.api_calls.smartweb.total, 0);
    let item = &report.failed[0];
    assert_eq!(item.key, "layout");
    let failure = item.failure.as_ref().unwrap();
    assert_eq!(
        failure.kind,
        FailureKind::Transport(TransportFailure::Refused)
    );
    assert_eq!(failure.service, Some(Service::Rackbeat));
    assert!(
        failure.causes.len() > 1
            && failure
                .root_cause()
                .unwrap()
                .to_lowercase()
                .contains("refused"),
        "{:?}",
        failure.causes
    );
    let line = report.unreachable.as_deref().unwrap();
    assert!(
        line.starts_with(&format!(
            "cannot reach Rackbeat at http://127.0.0.1:{port}/api/: connection refused ("
        )),
        "{line}"
    );
    assert!(!line.contains('\n'));

    let table = report.render_table();
    assert!(table.lines().nth(1) == Some(line), "{table}");
    assert!(
        // The detail carries the whole cause chain, so the bracket only names the kind.
        table.contains("could not check layout 1: transport error talking to Rackbeat (connect): ")
            && table.contains(" [transport.refused]"),
        "{table}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["unreachable"], line);
    let failure = &json["failed"][0]["failure"];
    assert_eq!(failure["kind"], "transport.refused");
    assert_eq!(failure["service"], "rackbeat");
    assert!(failure["causes"].as_array().unwrap().len() > 1, "{failure}");
}

#[tokio::test]
async fn an_unresolvable_rackbeat_is_looked_up_once() {
    let resolver = NoNetwork::default();
    let rackbeat = rackbeat_at("https://rackbeat.invalid/api/")
        .http_client(resolver.http_client())
        .build()
        .unwrap();
    let smartweb = smartweb_at(&format!("http://127.0.0.1:{}/service.php", refused_port()))
        .build()
        .unwrap();
    let report = integration(smartweb, rackbeat).check_settings().await;

    assert_eq!(resolver.lookups(), 1);
    assert_eq!(report.failed.len(), 1, "{}", report.render_table());
    let failure = report.failed[0].failure.as_ref().unwrap();
    assert_eq!(failure.kind, FailureKind::Transport(TransportFailure::Dns));
    assert!(
        failure
            .causes
            .iter()
            .any(|c| c.contains("no network to resolve rackbeat.invalid")),
        "{:?}",
        failure.causes
    );
    let line = report.unreachable.as_deref().unwrap();
    assert!(
        line.starts_with(
            "cannot reach Rackbeat at https://rackbeat.invalid/api/: dns lookup failed ("
        ) && line.contains("no network to resolve rackbeat.invalid"),
        "{line}"
    );
}

#[tokio::test]
async fn an_unresolvable_smartweb_stops_the_order_import_at_once() {
    let resolver = NoNetwork::default();
    let smartweb = smartweb_at("https://shop.invalid/service.php")
        .http_client(resolver.http_client())
        .build()
        .unwrap();
    let rackbeat = rackbeat_at(&format!("http://127.0.0.1:{}/api/", refused_port()))
        .build()
        .unwrap();
    let report = integration(smartweb, rackbeat)
        .import_orders(window())
        .await;

    assert_eq!(resolver.lookups(), 1);
    assert_eq!(report.failed.len(), 1, "{}", report.render_table());
    assert_eq!(report.api_calls.rackbeat.total, 0);
    let failure = report.failed[0].failure.as_ref().unwrap();
    assert_eq!(failure.kind, FailureKind::Transport(TransportFailure::Dns));
    assert_eq!(failure.service, Some(Service::Smartweb));
    let line = report.unreachable.as_deref().unwrap();
    assert!(
        line.starts_with(
            "cannot reach SmartWeb at https://shop.invalid/service.php: dns lookup failed ("
        ),
        "{line}"
    );
    // The password never shows, whatever failed.
    assert!(!serde_json::to_string(&report).unwrap().contains("secret"));
}

#[tokio::test]
async fn orders_stop_after_the_first_when_rackbeat_refuses() {
    let world = World::new().await;
    for id in [1, 2, 3] {
        world.seed_order(id);
    }
    let rackbeat = rackbeat_at(&format!("http://127.0.0.1:{}/api/", refused_port()))
        .build()
        .unwrap();
    let smartweb = world.sw.client_builder().build().unwrap();
    let integration = Integration::builder(smartweb, rackbeat, settings(), world.store.clone())
        .clock(Arc::new(world.clock.clone()))
        .build()
        .unwrap();
    let report = integration.import_orders(window()).await;

    assert_eq!(report.failed.len(), 1, "{}", report.render_table());
    assert_eq!(report.api_calls.rackbeat.total, 1, "{:?}", report.api_calls);
    let failure = report.failed[0].failure.as_ref().unwrap();
    assert_eq!(
        failure.kind,
        FailureKind::Transport(TransportFailure::Refused)
    );
    assert!(report.unreachable.is_some());
    assert!(
        report.warnings.iter().any(|w| w.contains("cursor stays")),
        "{:?}",
        report.warnings
    );
    assert_eq!(
        world
            .store
            .cursor(smartweb_rackbeat::integration::ORDERS_CURSOR)
            .await
            .unwrap(),
        None
    );
}
