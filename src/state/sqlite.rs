//! A [`StateStore`] in an embedded SQLite file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use secrecy::{ExposeSecret, SecretString};
use sync_core::facts::Finding;

use super::sql::{
    FAILURE_COLUMNS, FINDING_COLUMNS, INTENT_COLUMNS, LINK_COLUMNS, count_from_sql,
    finding_from_sql, in_assumption_order, kind_from_sql, number_from_sql, number_to_sql,
};
use super::types::bounded_reason;
use super::{
    ClaimToken, DEFAULT_SHOP, Failure, Intent, IntentOutcome, OrderLink, StateError, StateStore,
    TokenSource,
};
use crate::report::ItemKind;

mod integrity;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// Migrations: entry `i` brings the schema from version `i` to `i + 1`. Append only.
const MIGRATIONS: &[&str] = &[
    // 1: initial schema. Instants are microseconds since the Unix epoch (UTC), so they sort
    // and compare as integers.
    "CREATE TABLE order_links (
        shop TEXT NOT NULL,
        order_id TEXT NOT NULL,
        rackbeat_number INTEGER NOT NULL,
        reference TEXT NOT NULL,
        booked INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (shop, order_id)
    );
    CREATE INDEX order_links_by_rackbeat_number ON order_links (shop, rackbeat_number);
    CREATE TABLE order_intents (
        shop TEXT NOT NULL,
        order_id TEXT NOT NULL,
        reference TEXT NOT NULL,
        owner TEXT,
        attempt INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        claimed_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        PRIMARY KEY (shop, order_id)
    );
    CREATE TABLE cursors (
        shop TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (shop, name)
    );
    CREATE TABLE failures (
        shop TEXT NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_failed_at INTEGER NOT NULL,
        last_attempt_at INTEGER NOT NULL,
        PRIMARY KEY (shop, kind, key)
    );
    CREATE TABLE webhook_keys (
        shop TEXT NOT NULL,
        key TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (shop, key)
    );
    CREATE INDEX webhook_keys_by_seen_at ON webhook_keys (shop, seen_at);
    CREATE TABLE secrets (
        shop TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (shop, name)
    );",
    // 2: the latest finding per assumption about the shop's accounts (`sync probe`).
    "CREATE TABLE findings (
        shop TEXT NOT NULL,
        assumption TEXT NOT NULL,
        verdict TEXT NOT NULL,
        evidence TEXT NOT NULL,
        checked_at INTEGER NOT NULL,
        PRIMARY KEY (shop, assumption)
    );",
];

/// How long a call waits for another connection's write lock before [`StateError::Busy`].
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`StateStore`] in a SQLite file (WAL journal, versioned schema migrated on open).
///
/// Several processes may open the same file: claims run in `BEGIN IMMEDIATE` transactions, so
/// they are serialised by SQLite's write lock and exactly one claimant wins. Blocking calls run
/// on Tokio's blocking pool. Clones share one connection.
///
/// The file holds the stored secrets in clear: give it the same protection as the
/// configuration (owner-only permissions).
#[derive(Clone)]
pub struct SqliteStore {
    shop: Arc<str>,
    path: Arc<Path>,
    conn: Arc<Mutex<Connection>>,
    tokens: TokenSource,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("shop", &self.shop)
            .field("path", &self.path)
            .field("worker", &self.tokens.worker())
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the file for the shop [`DEFAULT_SHOP`].
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StateError> {
        Self::open_shop(path, DEFAULT_SHOP).await
    }

    /// Opens (creating if needed) the file for the named shop, with WAL, a busy timeout of
    /// [`DEFAULT_BUSY_TIMEOUT`], and pending migrations applied.
    ///
    /// A file that is not a SQLite database, or whose pages fail SQLite's `quick_check`, is
    /// [`StateError::Damaged`] and is not written to; an empty file is a fresh state.
    pub async fn open_shop(
        path: impl AsRef<Path>,
        shop: impl Into<String>,
    ) -> Result<Self, StateError> {
        Self::open_with(path, shop, DEFAULT_BUSY_TIMEOUT).await
    }

    /// Like [`open_shop`](Self::open_shop) with a chosen busy timeout.
    pub async fn open_with(
        path: impl AsRef<Path>,
        shop: impl Into<String>,
        busy_timeout: Duration,
    ) -> Result<Self, StateError> {
        let path: PathBuf = path.as_ref().to_path_buf();
        let shop: String = shop.into();
        let open_path = path.clone();
        let conn = tokio::task::spawn_blocking(move || open_connection(&open_path, busy_timeout))
            .await
            .map_err(|e| StateError::Unavailable {
                source: Box::new(e),
            })??;
        Ok(Self {
            shop: Arc::from(shop),
            path: Arc::from(path),
            conn: Arc::new(Mutex::new(conn)),
            tokens: TokenSource::random(),
        })
    }

    /// The same store under another worker id (claim tokens start with it). Shares the
    /// connection.
    pub fn with_worker_id(mut self, worker_id: impl Into<String>) -> Self {
        self.tokens = TokenSource::with_worker(worker_id);
        self
    }

    /// The file this store uses.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file.
    pub async fn schema_version(&self) -> Result<i64, StateError> {
        self.call(|conn, _| {
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(db("reading the schema version"))
        })
        .await
    }

    /// Runs `f` with the connection on the blocking pool.
    async fn call<T, F>(&self, f: F) -> Result<T, StateError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &str) -> Result<T, StateError> + Send + 'static,
    {
        let conn = self.conn.clone();
        let shop = self.shop.clone();
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            // A panic mid-call rolls its transaction back when the Transaction drops, so the
            // connection is still usable after poisoning.
            let mut guard = conn
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut guard, &shop).map_err(|e| integrity::damage_found(e, &path))
        })
        .await
        .map_err(|e| StateError::Unavailable {
            source: Box::new(e),
        })?
    }
}

fn open_connection(path: &Path, busy_timeout: Duration) -> Result<Connection, StateError> {
    let open_err = |e: rusqlite::Error| integrity::from_sqlite(path, e);
    integrity::check_header(path)?;
    let mut conn = Connection::open(path).map_err(open_err)?;
    conn.busy_timeout(busy_timeout).map_err(open_err)?;
    // journal_mode answers with a row, so it is queried rather than executed.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(open_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "SQLite state file is not in WAL mode");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(open_err)?;
    // Before the migration, which would write to a damaged file.
    integrity::check_pages(&conn, path)?;
    migrate(&mut conn).map_err(|e| integrity::damage_found(e, path))?;
    Ok(conn)
}

/// Applies pending migrations inside one write transaction, so two processes opening a new
/// file at once do not both migrate.
fn migrate(conn: &mut Connection) -> Result<(), StateError> {
    let supported = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db("starting the migration"))?;
    let found: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db("reading the schema version"))?;
    if found > supported {
        return Err(StateError::SchemaTooNew { found, supported });
    }
    let start = usize::try_from(found.max(0)).unwrap_or(0);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
        tx.execute_batch(sql).map_err(db("migrating the schema"))?;
        let version = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
        tx.pragma_update(None, "user_version", version)
            .map_err(db("recording the schema version"))?;
    }
    tx.commit().map_err(db("committing the migration"))
}

/// Maps a driver error, turning lock timeouts into [`StateError::Busy`].
fn db(operation: &'static str) -> impl Fn(rusqlite::Error) -> StateError {
    move |e| match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StateError::Busy,
        _ => StateError::Database {
            operation,
            source: Box::new(e),
        },
    }
}

fn to_micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn from_micros(micros: i64) -> Result<DateTime<Utc>, StateError> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| StateError::Corrupt {
        detail: format!("timestamp {micros} is out of range"),
    })
}

/// The raw columns of an `order_links` row (read with rusqlite's tuple `TryFrom<&Row>`).
type LinkRow = (String, i64, String, bool, i64, i64);

fn link_from_row(row: LinkRow) -> Result<OrderLink, StateError> {
    let (order_id, number, reference, booked, created_at, updated_at) = row;
    Ok(OrderLink {
        order_id,
        rackbeat_number: number_from_sql(number)?,
        reference,
        booked,
        created_at: from_micros(created_at)?,
        updated_at: from_micros(updated_at)?,
    })
}

/// The raw columns of an `order_intents` row.
type IntentRow = (String, String, Option<String>, i64, i64, i64, i64);

fn intent_from_row(row: IntentRow) -> Result<Intent, StateError> {
    let (order_id, reference, owner, attempt, created_at, claimed_at, lease_until) = row;
    Ok(Intent {
        order_id,
        reference,
        owner: owner.map(ClaimToken),
        attempt: count_from_sql(attempt)?,
        created_at: from_micros(created_at)?,
        claimed_at: from_micros(claimed_at)?,
        lease_until: from_micros(lease_until)?,
    })
}

fn select_link(
    conn: &Connection,
    shop: &str,
    order_id: &str,
) -> Result<Option<OrderLink>, StateError> {
    conn.query_row(
        &format!("SELECT {LINK_COLUMNS} FROM order_links WHERE shop = ?1 AND order_id = ?2"),
        params![shop, order_id],
        |r| LinkRow::try_from(r),
    )
    .optional()
    .map_err(db("reading an order link"))?
    .map(link_from_row)
    .transpose()
}

fn select_intent(
    conn: &Connection,
    shop: &str,
    order_id: &str,
) -> Result<Option<Intent>, StateError> {
    conn.query_row(
        &format!("SELECT {INTENT_COLUMNS} FROM order_intents WHERE shop = ?1 AND order_id = ?2"),
        params![shop, order_id],
        |r| IntentRow::try_from(r),
    )
    .optional()
    .map_err(db("reading an intent"))?
    .map(intent_from_row)
    .transpose()
}

fn upsert_link(
    conn: &Connection,
    shop: &str,
    link: &OrderLink,
    operation: &'static str,
) -> Result<(), StateError> {
    conn.execute(
        "INSERT INTO order_links
            (shop, order_id, rackbeat_number, reference, booked, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (shop, order_id) DO UPDATE SET
            rackbeat_number = excluded.rackbeat_number,
            reference = excluded.reference,
            booked = excluded.booked,
            updated_at = excluded.updated_at",
        params![
            shop,
            link.order_id,
            number_to_sql(link.rackbeat_number)?,
            link.reference,
            link.booked,
            to_micros(link.created_at),
            to_micros(link.updated_at),
        ],
    )
    .map_err(db(operation))?;
    Ok(())
}

/// The raw columns of a `failures` row.
type FailureRow = (String, String, String, i64, i64, i64);

fn failure_from_row(
    (kind, key, reason, attempts, first, last): FailureRow,
) -> Result<Failure, StateError> {
    Ok(Failure {
        kind: kind_from_sql(&kind)?,
        key,
        reason,
        attempts: count_from_sql(attempts)?,
        first_failed_at: from_micros(first)?,
        last_attempt_at: from_micros(last)?,
    })
}

#[async_trait]
impl StateStore for SqliteStore {
    fn shop(&self) -> &str {
        &self.shop
    }

    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        let order_id = order_id.to_owned();
        self.call(move |conn, shop| select_link(conn, shop, &order_id))
            .await
    }

    async fn link_by_rackbeat_number(
        &self,
        rackbeat_number: u64,
    ) -> Result<Option<OrderLink>, StateError> {
        let number = number_to_sql(rackbeat_number)?;
        self.call(move |conn, shop| {
            conn.query_row(
                &format!(
                    "SELECT {LINK_COLUMNS} FROM order_links
                     WHERE shop = ?1 AND rackbeat_number = ?2 ORDER BY order_id LIMIT 1"
                ),
                params![shop, number],
                |r| LinkRow::try_from(r),
            )
            .optional()
            .map_err(db("reading an order link"))?
            .map(link_from_row)
            .transpose()
        })
        .await
    }

    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        let link = link.clone();
        self.call(move |conn, shop| upsert_link(conn, shop, &link, "writing an order link"))
            .await
    }

    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        let order_id = order_id.to_owned();
        let reference = reference.to_owned();
        let token = self.tokens.next();
        self.call(move |conn, shop| {
            // IMMEDIATE takes the write lock before reading, so no other connection (or
            // process) can claim between our read and our write.
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db("claiming an order"))?;
            if let Some(link) = select_link(&tx, shop, &order_id)? {
                return Ok(IntentOutcome::AlreadyLinked(link));
            }
            let outcome = match select_intent(&tx, shop, &order_id)? {
                Some(existing) if !existing.is_free(now) => IntentOutcome::HeldByOther(existing),
                Some(existing) => {
                    let attempt = existing.attempt.saturating_add(1);
                    tx.execute(
                        "UPDATE order_intents
                         SET owner = ?3, attempt = ?4, claimed_at = ?5, lease_until = ?6
                         WHERE shop = ?1 AND order_id = ?2",
                        params![
                            shop,
                            order_id,
                            token.as_str(),
                            attempt,
                            to_micros(now),
                            to_micros(lease_until)
                        ],
                    )
                    .map_err(db("taking over an intent"))?;
                    IntentOutcome::Claimed(Intent {
                        owner: Some(token),
                        attempt,
                        claimed_at: now,
                        lease_until,
                        ..existing
                    })
                }
                None => {
                    tx.execute(
                        "INSERT INTO order_intents
                            (shop, order_id, reference, owner, attempt, created_at, claimed_at,
                             lease_until)
                         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5, ?6)",
                        params![
                            shop,
                            order_id,
                            reference,
                            token.as_str(),
                            to_micros(now),
                            to_micros(lease_until)
                        ],
                    )
                    .map_err(db("recording an intent"))?;
                    IntentOutcome::Claimed(Intent {
                        order_id,
                        reference,
                        owner: Some(token),
                        attempt: 1,
                        created_at: now,
                        claimed_at: now,
                        lease_until,
                    })
                }
            };
            tx.commit().map_err(db("claiming an order"))?;
            Ok(outcome)
        })
        .await
    }

    async fn renew_intent(
        &self,
        intent: &Intent,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StateError> {
        let Some(owner) = intent.owner.clone() else {
            return Ok(false);
        };
        let order_id = intent.order_id.clone();
        self.call(move |conn, shop| {
            let changed = conn
                .execute(
                    "UPDATE order_intents SET lease_until = ?4
                     WHERE shop = ?1 AND order_id = ?2 AND owner = ?3",
                    params![shop, order_id, owner.as_str(), to_micros(lease_until)],
                )
                .map_err(db("renewing a lease"))?;
            Ok(changed > 0)
        })
        .await
    }

    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        let link = link.clone();
        self.call(move |conn, shop| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(db("completing an intent"))?;
            tx.execute(
                "DELETE FROM order_intents WHERE shop = ?1 AND order_id = ?2",
                params![shop, link.order_id],
            )
            .map_err(db("completing an intent"))?;
            let existing = select_link(&tx, shop, &link.order_id)?;
            let result = match existing {
                Some(existing) if existing.rackbeat_number != link.rackbeat_number => {
                    Err(StateError::LinkConflict {
                        order_id: link.order_id.clone(),
                        existing: existing.rackbeat_number,
                        attempted: link.rackbeat_number,
                    })
                }
                existing => {
                    upsert_link(&tx, shop, &link, "recording an order link")?;
                    Ok(OrderLink {
                        created_at: existing.map_or(link.created_at, |e| e.created_at),
                        ..link
                    })
                }
            };
            // The intent goes even on a conflict: the order is linked either way.
            tx.commit().map_err(db("completing an intent"))?;
            result
        })
        .await
    }

    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        let Some(owner) = intent.owner.clone() else {
            return Ok(false);
        };
        let order_id = intent.order_id.clone();
        self.call(move |conn, shop| {
            let changed = conn
                .execute(
                    "UPDATE order_intents SET owner = NULL
                     WHERE shop = ?1 AND order_id = ?2 AND owner = ?3",
                    params![shop, order_id, owner.as_str()],
                )
                .map_err(db("releasing an intent"))?;
            Ok(changed > 0)
        })
        .await
    }

    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        self.call(|conn, shop| {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT {INTENT_COLUMNS} FROM order_intents WHERE shop = ?1 ORDER BY order_id"
                ))
                .map_err(db("listing intents"))?;
            let rows = stmt
                .query_map(params![shop], |r| IntentRow::try_from(r))
                .map_err(db("listing intents"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db("listing intents"))?;
            rows.into_iter().map(intent_from_row).collect()
        })
        .await
    }

    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        let name = name.to_owned();
        self.call(move |conn, shop| {
            conn.query_row(
                "SELECT position FROM cursors WHERE shop = ?1 AND name = ?2",
                params![shop, name],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map_err(db("reading a cursor"))?
            .map(from_micros)
            .transpose()
        })
        .await
    }

    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        let name = name.to_owned();
        self.call(move |conn, shop| {
            // One statement, so the maximum is taken atomically even across processes.
            let position: i64 = conn
                .query_row(
                    "INSERT INTO cursors (shop, name, position) VALUES (?1, ?2, ?3)
                     ON CONFLICT (shop, name) DO UPDATE
                        SET position = max(position, excluded.position)
                     RETURNING position",
                    params![shop, name, to_micros(to)],
                    |r| r.get(0),
                )
                .map_err(db("advancing a cursor"))?;
            from_micros(position)
        })
        .await
    }

    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        let name = name.to_owned();
        self.call(move |conn, shop| {
            conn.execute(
                "INSERT INTO cursors (shop, name, position) VALUES (?1, ?2, ?3)
                 ON CONFLICT (shop, name) DO UPDATE SET position = excluded.position",
                params![shop, name, to_micros(to)],
            )
            .map_err(db("resetting a cursor"))?;
            Ok(())
        })
        .await
    }

    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        let key = key.to_owned();
        let reason = bounded_reason(reason);
        self.call(move |conn, shop| {
            let row = conn
                .query_row(
                    &format!(
                        "INSERT INTO failures
                            (shop, kind, key, reason, attempts, first_failed_at, last_attempt_at)
                         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
                         ON CONFLICT (shop, kind, key) DO UPDATE SET
                            reason = excluded.reason,
                            attempts = attempts + 1,
                            last_attempt_at = excluded.last_attempt_at
                         RETURNING {FAILURE_COLUMNS}"
                    ),
                    params![shop, kind.as_str(), key, reason, to_micros(now)],
                    |r| FailureRow::try_from(r),
                )
                .map_err(db("recording a failure"))?;
            failure_from_row(row)
        })
        .await
    }

    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        self.call(|conn, shop| {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT {FAILURE_COLUMNS} FROM failures WHERE shop = ?1"
                ))
                .map_err(db("listing failures"))?;
            let rows = stmt
                .query_map(params![shop], |r| FailureRow::try_from(r))
                .map_err(db("listing failures"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db("listing failures"))?;
            let mut failures = rows
                .into_iter()
                .map(failure_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            // Sorted here (not in SQL) so the order is the enum's, as in the memory store.
            failures.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
            Ok(failures)
        })
        .await
    }

    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        let key = key.to_owned();
        self.call(move |conn, shop| {
            let removed = conn
                .execute(
                    "DELETE FROM failures WHERE shop = ?1 AND kind = ?2 AND key = ?3",
                    params![shop, kind.as_str(), key],
                )
                .map_err(db("clearing a failure"))?;
            Ok(removed > 0)
        })
        .await
    }

    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        let key = key.to_owned();
        self.call(move |conn, shop| {
            let inserted = conn
                .execute(
                    "INSERT INTO webhook_keys (shop, key, seen_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (shop, key) DO NOTHING",
                    params![shop, key, to_micros(now)],
                )
                .map_err(db("recording a webhook key"))?;
            Ok(inserted == 0)
        })
        .await
    }

    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        self.call(move |conn, shop| {
            let removed = conn
                .execute(
                    "DELETE FROM webhook_keys WHERE shop = ?1 AND seen_at < ?2",
                    params![shop, to_micros(older_than)],
                )
                .map_err(db("pruning webhook keys"))?;
            Ok(u64::try_from(removed).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        let name = name.to_owned();
        let value = SecretString::from(value.expose_secret().to_owned());
        self.call(move |conn, shop| {
            conn.execute(
                "INSERT INTO secrets (shop, name, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (shop, name) DO UPDATE SET value = excluded.value",
                params![shop, name, value.expose_secret()],
            )
            .map_err(db("storing a secret"))?;
            Ok(())
        })
        .await
    }

    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        let name = name.to_owned();
        self.call(move |conn, shop| {
            let value: Option<String> = conn
                .query_row(
                    "SELECT value FROM secrets WHERE shop = ?1 AND name = ?2",
                    params![shop, name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db("loading a secret"))?;
            Ok(value.map(SecretString::from))
        })
        .await
    }

    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        let name = name.to_owned();
        self.call(move |conn, shop| {
            let removed = conn
                .execute(
                    "DELETE FROM secrets WHERE shop = ?1 AND name = ?2",
                    params![shop, name],
                )
                .map_err(db("deleting a secret"))?;
            Ok(removed > 0)
        })
        .await
    }

    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError> {
        let assumption = finding.assumption.name();
        let verdict = finding.verdict.name();
        let evidence = bounded_reason(&finding.evidence);
        let checked_at = to_micros(finding.checked_at);
        self.call(move |conn, shop| {
            conn.execute(
                "INSERT INTO findings (shop, assumption, verdict, evidence, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (shop, assumption) DO UPDATE SET
                    verdict = excluded.verdict,
                    evidence = excluded.evidence,
                    checked_at = excluded.checked_at
                 WHERE excluded.checked_at >= findings.checked_at",
                params![shop, assumption, verdict, evidence, checked_at],
            )
            .map_err(db("storing a finding"))?;
            Ok(())
        })
        .await
    }

    async fn findings(&self) -> Result<Vec<Finding>, StateError> {
        self.call(|conn, shop| {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT {FINDING_COLUMNS} FROM findings WHERE shop = ?1"
                ))
                .map_err(db("listing findings"))?;
            let rows = stmt
                .query_map(params![shop], |r| {
                    <(String, String, String, i64)>::try_from(r)
                })
                .map_err(db("listing findings"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db("listing findings"))?;
            let mut findings = Vec::with_capacity(rows.len());
            for (assumption, verdict, evidence, checked_at) in rows {
                if let Some(f) =
                    finding_from_sql(&assumption, &verdict, evidence, from_micros(checked_at)?)?
                {
                    findings.push(f);
                }
            }
            Ok(in_assumption_order(findings))
        })
        .await
    }
}
