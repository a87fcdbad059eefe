//! What only the PostgreSQL store has: migrations shared by starting workers, shops side by
//! side in one table set, schemas, and credentials kept out of errors. The behaviour shared
//! with the other stores is in `state_conformance.rs`.
//!
//! Needs a server: ignored unless asked for (`tests/it/postgres_support/mod.rs` says how).
#![cfg(feature = "postgres")]

use crate::postgres_support;

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use postgres_support::database_url;
use secrecy::{ExposeSecret, SecretString};
use smartweb_rackbeat::state::{
    IntentOutcome, OrderLink, POSTGRES_SCHEMA_VERSION, PostgresOptions, PostgresStore, StateError,
    StateStore,
};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

/// A name no other test (or earlier run on the same server) uses.
fn unique(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{prefix}_{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

async fn raw_client(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn workers_starting_together_migrate_once() {
    let url = database_url();
    let schema = unique("migrate");
    let mut starting = Vec::new();
    for worker in 0..8 {
        let options = PostgresOptions::new(url.clone())
            .schema(schema.clone())
            .max_connections(2)
            .worker_id(format!("w{worker}"));
        starting.push(tokio::spawn(async move {
            PostgresStore::connect_with(options, "shop").await
        }));
    }
    let mut stores = Vec::new();
    for task in starting {
        stores.push(task.await.unwrap().expect("every worker starts"));
    }
    for store in &stores {
        assert_eq!(
            store.schema_version().await.unwrap(),
            POSTGRES_SCHEMA_VERSION
        );
    }
    let client = raw_client(&url).await;
    let applied: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM {schema}.schema_migrations"),
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        applied, POSTGRES_SCHEMA_VERSION,
        "each version recorded once"
    );
    // The tables are in the schema asked for, and the stores work there.
    stores[0]
        .put_link(&OrderLink::new("1", 10, "SW-1", false, t(0)))
        .await
        .unwrap();
    let in_schema: i64 = client
        .query_one(&format!("SELECT count(*) FROM {schema}.order_links"), &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(in_schema, 1);
    assert!(stores[7].link("1").await.unwrap().is_some());
    // Restarting finds nothing to do.
    let again = PostgresStore::connect_with(PostgresOptions::new(url.clone()).schema(schema), "x")
        .await
        .unwrap();
    assert_eq!(
        again.schema_version().await.unwrap(),
        POSTGRES_SCHEMA_VERSION
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn a_database_migrated_by_a_newer_build_is_refused() {
    let url = database_url();
    let schema = unique("newer");
    PostgresStore::connect_with(
        PostgresOptions::new(url.clone()).schema(schema.clone()),
        "s",
    )
    .await
    .unwrap();
    raw_client(&url)
        .await
        .execute(
            &format!("INSERT INTO {schema}.schema_migrations (version) VALUES (99)"),
            &[],
        )
        .await
        .unwrap();
    let err = PostgresStore::connect_with(PostgresOptions::new(url).schema(schema), "s")
        .await
        .unwrap_err();
    match err {
        StateError::SchemaTooNew { found, supported } => {
            assert_eq!((found, supported), (99, POSTGRES_SCHEMA_VERSION));
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn shops_share_tables_but_never_rows() {
    let url = database_url();
    let first = PostgresStore::connect(&url, unique("shop_a"))
        .await
        .unwrap();
    let second = first.for_shop(unique("shop_b"));
    assert_ne!(first.shop(), second.shop());

    // The same order id in both shops: two orders, two claims, two links.
    let a = first
        .begin_intent("1001", "SW-1001", t(0), t(60))
        .await
        .unwrap();
    let b = second
        .begin_intent("1001", "SW-1001", t(0), t(60))
        .await
        .unwrap();
    assert!(matches!(a, IntentOutcome::Claimed(_)));
    assert!(matches!(b, IntentOutcome::Claimed(_)));
    first
        .complete_intent(&OrderLink::new("1001", 1, "SW-1001", false, t(1)))
        .await
        .unwrap();
    assert!(second.link("1001").await.unwrap().is_none());
    assert_eq!(second.open_intents().await.unwrap().len(), 1);

    first.advance_cursor("orders", t(100)).await.unwrap();
    assert_eq!(second.cursor("orders").await.unwrap(), None);
    first
        .put_secret("token", &SecretString::from("first-shop-token"))
        .await
        .unwrap();
    assert!(second.secret("token").await.unwrap().is_none());
    assert_eq!(
        first
            .secret("token")
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "first-shop-token"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_a_retryable_error_without_the_password() {
    // A closed port on loopback: the connection is refused, nothing leaves the machine.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let bad = format!("postgres://sync:s3cr3t-pw@127.0.0.1:{port}/state?connect_timeout=5");
    let err = PostgresStore::connect(&bad, "shop").await.unwrap_err();
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!shown.contains("s3cr3t-pw"), "{shown}");
    assert!(matches!(err, StateError::Unreachable { .. }), "{err:?}");
    assert!(err.is_retryable(), "a run stops and tries again later");
}

#[tokio::test]
#[ignore = "needs PostgreSQL in SMARTWEB_RACKBEAT_TEST_PG (tests/it/postgres_support)"]
async fn the_store_debug_never_shows_the_url() {
    let url = database_url();
    let store = PostgresStore::connect(&url, "debug-shop").await.unwrap();
    let debug = format!("{store:?}");
    assert!(debug.contains("debug-shop"));
    assert!(!debug.contains(&url), "the URL stays out of Debug: {debug}");
}
