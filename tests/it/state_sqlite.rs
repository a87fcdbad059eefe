//! SQLite-only behaviour: the file persists, the schema is versioned, shops are apart.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use secrecy::{ExposeSecret, SecretString};
use smartweb_rackbeat::report::ItemKind;
use smartweb_rackbeat::state::{
    IntentOutcome, OrderLink, SCHEMA_VERSION, SqliteStore, StateError, StateStore,
};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "smartweb-rackbeat-sqlite-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn file(&self) -> PathBuf {
        self.0.join("state.sqlite")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn state_survives_reopening_the_file() {
    let dir = TempDir::new();
    {
        let store = SqliteStore::open(dir.file()).await.unwrap();
        assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
        store
            .put_link(&OrderLink::new("1001", 5001, "SW-1001", true, t(0)))
            .await
            .unwrap();
        let _ = store
            .begin_intent("1002", "SW-1002", t(0), t(60))
            .await
            .unwrap();
        store.advance_cursor("orders.updated", t(42)).await.unwrap();
        store
            .record_failure(ItemKind::Order, "1003", "no VAT zone", t(1))
            .await
            .unwrap();
        assert!(!store.seen_webhook("k", t(2)).await.unwrap());
        store
            .put_secret("rackbeat.webhook_token", &SecretString::from("tok"))
            .await
            .unwrap();
    }
    let store = SqliteStore::open(dir.file()).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.link("1001").await.unwrap().unwrap().rackbeat_number,
        5001
    );
    assert_eq!(store.open_intents().await.unwrap()[0].order_id, "1002");
    assert_eq!(store.cursor("orders.updated").await.unwrap(), Some(t(42)));
    assert_eq!(store.failures().await.unwrap()[0].reason, "no VAT zone");
    assert!(store.seen_webhook("k", t(3)).await.unwrap());
    assert_eq!(
        store
            .secret("rackbeat.webhook_token")
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "tok"
    );
}

#[tokio::test]
async fn the_file_uses_wal_and_the_schema_version() {
    let dir = TempDir::new();
    let _store = SqliteStore::open(dir.file()).await.unwrap();
    let conn = rusqlite::Connection::open(dir.file()).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[tokio::test]
async fn a_newer_schema_is_refused_untouched() {
    let dir = TempDir::new();
    drop(SqliteStore::open(dir.file()).await.unwrap());
    let conn = rusqlite::Connection::open(dir.file()).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = SqliteStore::open(dir.file()).await.unwrap_err();
    assert!(
        matches!(err, StateError::SchemaTooNew { found, supported }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unopenable_path_is_a_typed_error() {
    let dir = TempDir::new();
    let err = SqliteStore::open(dir.0.join("missing-folder").join("state.sqlite"))
        .await
        .unwrap_err();
    assert!(matches!(err, StateError::Open { .. }), "{err:?}");
    assert!(!err.is_retryable());
}

/// A state file with a few hundred links, closed (checkpointed into the main file).
async fn filled_store(path: &std::path::Path) {
    let store = SqliteStore::open(path).await.unwrap();
    for n in 0..300u64 {
        let id = (1000 + n).to_string();
        store
            .put_link(&OrderLink::new(
                &id,
                5000 + n,
                format!("SW-{id}"),
                true,
                t(0),
            ))
            .await
            .unwrap();
    }
    drop(store);
}

#[tokio::test]
async fn a_file_with_flipped_bytes_is_damaged_and_left_untouched() {
    let dir = TempDir::new();
    filled_store(&dir.file()).await;
    let mut bytes = std::fs::read(dir.file()).unwrap();
    assert!(bytes.len() > 3 * 4096, "{} bytes", bytes.len());
    // 200 bytes from the start of the second page (the first b-tree page after the schema).
    for b in &mut bytes[4096..4096 + 200] {
        *b = !*b;
    }
    std::fs::write(dir.file(), &bytes).unwrap();

    let err = SqliteStore::open(dir.file()).await.unwrap_err();
    assert!(matches!(err, StateError::Damaged { .. }), "{err:?}");
    assert!(!err.is_retryable());
    let message = err.to_string();
    assert!(
        message.contains(&dir.file().display().to_string()),
        "names the file: {message}"
    );
    assert_eq!(
        std::fs::read(dir.file()).unwrap(),
        bytes,
        "nothing was written to it"
    );
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_damaged() {
    let dir = TempDir::new();
    for garbage in [
        &b"this is not a database"[..],
        &[0u8; 5000][..],
        b"SQLite format 2\0........",
    ] {
        std::fs::write(dir.file(), garbage).unwrap();
        let err = SqliteStore::open(dir.file()).await.unwrap_err();
        assert!(matches!(err, StateError::Damaged { .. }), "{err:?}");
        assert_eq!(std::fs::read(dir.file()).unwrap(), garbage, "untouched");
    }
}

#[tokio::test]
async fn a_truncated_file_is_damaged() {
    let dir = TempDir::new();
    filled_store(&dir.file()).await;
    let bytes = std::fs::read(dir.file()).unwrap();
    std::fs::write(dir.file(), &bytes[..bytes.len() / 2]).unwrap();
    let err = SqliteStore::open(dir.file()).await.unwrap_err();
    assert!(matches!(err, StateError::Damaged { .. }), "{err:?}");
}

#[tokio::test]
async fn an_empty_file_is_a_fresh_state() {
    let dir = TempDir::new();
    std::fs::write(dir.file(), b"").unwrap();
    let store = SqliteStore::open(dir.file()).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert!(store.link("1001").await.unwrap().is_none());
    store
        .put_link(&OrderLink::new("1001", 5001, "SW-1001", true, t(0)))
        .await
        .unwrap();
    assert!(store.link("1001").await.unwrap().is_some());
}

#[tokio::test]
async fn shops_in_one_file_are_kept_apart() {
    let dir = TempDir::new();
    let one = SqliteStore::open_shop(dir.file(), "shop-one")
        .await
        .unwrap();
    let two = SqliteStore::open_shop(dir.file(), "shop-two")
        .await
        .unwrap();
    assert_eq!(one.shop(), "shop-one");
    one.put_link(&OrderLink::new("1001", 5001, "SW-1001", false, t(0)))
        .await
        .unwrap();
    one.advance_cursor("orders.updated", t(10)).await.unwrap();
    assert_eq!(two.link("1001").await.unwrap(), None);
    assert_eq!(two.cursor("orders.updated").await.unwrap(), None);
    // The same SmartWeb order id in another shop is another order.
    assert!(matches!(
        two.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
        IntentOutcome::Claimed(_)
    ));
    assert!(matches!(
        one.begin_intent("1001", "SW-1001", t(0), t(60))
            .await
            .unwrap(),
        IntentOutcome::AlreadyLinked(_)
    ));
    // Each shop has a customer index of its own.
    let keys = ["email:jens@example.dk".to_owned()];
    one.remember_customer(&keys, 42, t(0)).await.unwrap();
    assert_eq!(two.remembered_customer(&keys).await.unwrap(), None);
    assert_eq!(two.forget_customer(42).await.unwrap(), 0);
    assert_eq!(one.remembered_customer(&keys).await.unwrap(), Some(42));
}

#[tokio::test]
async fn debug_output_names_the_file_but_no_secret() {
    let dir = TempDir::new();
    let store = SqliteStore::open(dir.file()).await.unwrap();
    store
        .put_secret("token", &SecretString::from("hunter2-secret"))
        .await
        .unwrap();
    let debug = format!("{store:?}");
    assert!(debug.contains("state.sqlite"));
    assert!(!debug.contains("hunter2"));
}

/// Environment variables that turn this test binary into a claimant process.
const CHILD_FILE: &str = "SMARTWEB_RACKBEAT_TEST_CLAIM_FILE";
const CHILD_WORKER: &str = "SMARTWEB_RACKBEAT_TEST_CLAIM_WORKER";

/// Runs only as a child of `separate_processes_on_one_file_have_one_claimant`: claims orders
/// 1..=5 and prints one line per claim won.
#[tokio::test]
#[ignore = "run as a child process by another test"]
async fn claimant_process() {
    let (Ok(file), Ok(worker)) = (std::env::var(CHILD_FILE), std::env::var(CHILD_WORKER)) else {
        return;
    };
    let store = SqliteStore::open(&file)
        .await
        .unwrap()
        .with_worker_id(worker);
    for order in 1..=5 {
        let id = order.to_string();
        if let IntentOutcome::Claimed(_) = store
            .begin_intent(&id, &format!("SW-{id}"), t(0), t(60))
            .await
            .unwrap()
        {
            println!("CLAIMED {id}");
        }
    }
}

#[test]
fn separate_processes_on_one_file_have_one_claimant() {
    let dir = TempDir::new();
    // Create the schema first, so the children race on claims rather than on migration.
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(SqliteStore::open(dir.file()))
        .unwrap();
    let exe = std::env::current_exe().unwrap();
    // The test's name in the one test binary: its module path without the crate's name.
    let claimant = module_path!()
        .split_once("::")
        .map_or("claimant_process".to_owned(), |(_, module)| {
            format!("{module}::claimant_process")
        });
    let children: Vec<_> = (0..4)
        .map(|i| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    &claimant,
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_FILE, dir.file())
                .env(CHILD_WORKER, format!("process-{i}"))
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut claims: Vec<String> = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a claimant process failed");
        let text = String::from_utf8(out.stdout).unwrap();
        claims.extend(
            text.lines()
                // The harness may print "test claimant_process ... " on the same line.
                .filter_map(|l| l.split_once("CLAIMED ").map(|(_, id)| id.trim().to_owned())),
        );
    }
    claims.sort();
    assert_eq!(
        claims,
        ["1", "2", "3", "4", "5"],
        "each order claimed exactly once"
    );
}

/// A file with link 1001 taken back to an older schema by `downgrade` (as an older build
/// wrote it), then opened again: migrated to [`SCHEMA_VERSION`] with the link kept.
async fn migrated_from(dir: &TempDir, downgrade: &str) -> SqliteStore {
    {
        let store = SqliteStore::open(dir.file()).await.unwrap();
        store
            .put_link(&OrderLink::new("1001", 5001, "SW-1001", false, t(0)))
            .await
            .unwrap();
    }
    let conn = rusqlite::Connection::open(dir.file()).unwrap();
    conn.execute_batch(downgrade).unwrap();
    drop(conn);
    let store = SqliteStore::open(dir.file()).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.link("1001").await.unwrap().unwrap().rackbeat_number,
        5001
    );
    store
}

#[tokio::test]
async fn a_version_1_file_is_migrated_and_keeps_its_data() {
    let dir = TempDir::new();
    let store = migrated_from(
        &dir,
        "DROP TABLE customer_index; DROP TABLE findings; PRAGMA user_version = 1;",
    )
    .await;
    let finding = sync_core::facts::Finding::new(
        sync_core::facts::Assumption::ReferenceKept,
        sync_core::facts::Verdict::Confirmed,
        "other_reference = \"SW-1\"",
        t(1),
    );
    store.put_finding(&finding).await.unwrap();
    drop(store);
    let store = SqliteStore::open(dir.file()).await.unwrap();
    assert_eq!(store.findings().await.unwrap(), vec![finding]);
}

#[tokio::test]
async fn a_version_2_file_gains_the_customer_index_and_keeps_its_data() {
    assert_eq!(SCHEMA_VERSION, 3);
    let dir = TempDir::new();
    // The build before the customer index wrote version 2.
    let store = migrated_from(&dir, "DROP TABLE customer_index; PRAGMA user_version = 2;").await;
    let keys = ["email:jens@example.dk".to_owned()];
    assert_eq!(store.remembered_customer(&keys).await.unwrap(), None);
    store.remember_customer(&keys, 42, t(1)).await.unwrap();
    drop(store);
    let store = SqliteStore::open(dir.file()).await.unwrap();
    assert_eq!(store.remembered_customer(&keys).await.unwrap(), Some(42));
}
