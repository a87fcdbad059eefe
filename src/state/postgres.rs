//! A [`StateStore`] in PostgreSQL; the design is documented on [`PostgresStore`].

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, ManagerConfig, Pool, RecyclingMethod};
use secrecy::{ExposeSecret, SecretString};
use sync_core::facts::Finding;
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;

use super::sql::{
    FAILURE_COLUMNS, FINDING_COLUMNS, INTENT_COLUMNS, LINK_COLUMNS, count_from_sql,
    finding_from_sql, in_assumption_order, kind_from_sql, number_from_sql, number_to_sql,
};
use super::types::bounded_reason;
use super::{
    ClaimToken, Failure, Intent, IntentOutcome, OrderLink, StateError, StateStore, TokenSource,
};
use crate::report::ItemKind;
use tls::TlsSettings;

mod tls;

/// The schema version this build writes (the highest version in `schema_migrations`).
pub const POSTGRES_SCHEMA_VERSION: i64 = 2;

/// Migrations: entry `i` brings the schema from version `i` to `i + 1`. Append only.
///
/// Key columns use the `"C"` collation so ordering is by bytes, as in the other stores.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE order_links (
        shop TEXT COLLATE \"C\" NOT NULL,
        order_id TEXT COLLATE \"C\" NOT NULL,
        rackbeat_number BIGINT NOT NULL,
        reference TEXT NOT NULL,
        booked BOOLEAN NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, order_id)
    );
    CREATE INDEX order_links_by_rackbeat_number ON order_links (shop, rackbeat_number);
    CREATE TABLE order_intents (
        shop TEXT COLLATE \"C\" NOT NULL,
        order_id TEXT COLLATE \"C\" NOT NULL,
        reference TEXT NOT NULL,
        owner TEXT,
        attempt INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        claimed_at TIMESTAMPTZ NOT NULL,
        lease_until TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, order_id)
    );
    CREATE TABLE cursors (
        shop TEXT COLLATE \"C\" NOT NULL,
        name TEXT COLLATE \"C\" NOT NULL,
        position TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, name)
    );
    CREATE TABLE failures (
        shop TEXT COLLATE \"C\" NOT NULL,
        kind TEXT COLLATE \"C\" NOT NULL,
        key TEXT COLLATE \"C\" NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_failed_at TIMESTAMPTZ NOT NULL,
        last_attempt_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, kind, key)
    );
    CREATE TABLE webhook_keys (
        shop TEXT COLLATE \"C\" NOT NULL,
        key TEXT COLLATE \"C\" NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, key)
    );
    CREATE INDEX webhook_keys_by_seen_at ON webhook_keys (shop, seen_at);
    CREATE TABLE secrets (
        shop TEXT COLLATE \"C\" NOT NULL,
        name TEXT COLLATE \"C\" NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (shop, name)
    );
",
    "
    CREATE TABLE findings (
        shop TEXT COLLATE \"C\" NOT NULL,
        assumption TEXT COLLATE \"C\" NOT NULL,
        verdict TEXT NOT NULL,
        evidence TEXT NOT NULL,
        checked_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (shop, assumption)
    );
",
];

/// The advisory lock key held while migrating (an arbitrary constant: "swrb" + "migr").
const MIGRATION_LOCK: i64 = 0x7377_7262_6d69_6772;

/// Connections a store opens at most when [`PostgresOptions::max_connections`] is not set.
pub const DEFAULT_POSTGRES_CONNECTIONS: usize = 8;

/// How to connect a [`PostgresStore`].
#[derive(Clone)]
pub struct PostgresOptions {
    url: SecretString,
    schema: Option<String>,
    max_connections: usize,
    worker_id: Option<String>,
}

impl std::fmt::Debug for PostgresOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password: never shown.
        f.debug_struct("PostgresOptions")
            .field("schema", &self.schema)
            .field("max_connections", &self.max_connections)
            .field("worker_id", &self.worker_id)
            .finish_non_exhaustive()
    }
}

impl PostgresOptions {
    /// Options for a connection URL (`postgres://user:password@host:port/db` or a libpq
    /// `key=value` string), with the tables in the user's default schema.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: SecretString::from(url.into()),
            schema: None,
            max_connections: DEFAULT_POSTGRES_CONNECTIONS,
            worker_id: None,
        }
    }

    /// Keeps the tables in this schema (created if missing): letters, digits and `_`, not
    /// starting with a digit.
    #[must_use]
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// The most connections the store's pool opens (at least 1). Default
    /// [`DEFAULT_POSTGRES_CONNECTIONS`].
    #[must_use]
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// The worker id claim tokens start with (default: process id plus random bits). Use a
    /// name that tells operators which machine holds a claim.
    #[must_use]
    pub fn worker_id(mut self, worker_id: impl Into<String>) -> Self {
        self.worker_id = Some(worker_id.into());
        self
    }
}

/// A [`StateStore`] in PostgreSQL, for many workers on many machines serving many shops.
///
/// Clones and [`for_shop`](Self::for_shop) handles share one connection pool.
///
/// # Single machine or many workers
///
/// One process on one machine is served well by [`SqliteStore`](super::SqliteStore): a file, no
/// server, claims serialised by SQLite's write lock. When several workers on several machines
/// share the work (an agency or a SaaS running many shops), they share one PostgreSQL
/// database instead: every worker opens a [`PostgresStore`] on the same URL, and the database
/// decides who imports which order. Nothing else coordinates the workers: no queue, no leader.
///
/// One table set holds every shop; each row carries its `shop`, and each handle serves one shop
/// ([`PostgresStore::for_shop`] hands out more handles over the same connection pool).
///
/// # How orders are claimed
///
/// [`begin_intent`](StateStore::begin_intent) is one short transaction whose core is a single
/// conditional upsert:
///
/// ```sql
/// INSERT INTO order_intents (…) VALUES (…)               -- a new intent, attempt 1
/// ON CONFLICT (shop, order_id) DO UPDATE                  -- or take the existing one over…
///     SET owner = excluded.owner, attempt = order_intents.attempt + 1, …
///     WHERE order_intents.owner IS NULL                   -- …only if released
///        OR order_intents.lease_until <= excluded.claimed_at   -- …or its lease ran out
/// RETURNING …
/// ```
///
/// PostgreSQL row-locks the conflicting intent before it evaluates the `WHERE`, so of any
/// number of concurrent claimants exactly one sees a returned row; the others wait for that
/// row lock (microseconds, never across an HTTP call) and then see the new owner's live lease
/// (`HeldByOther`). Still in the same transaction, the order's link is read; if it exists the
/// transaction is rolled back and the answer is `AlreadyLinked`. Because
/// [`complete_intent`](StateStore::complete_intent) deletes the intent and writes the link in
/// one transaction, and a claimant that meets that deletion in flight waits for it to commit,
/// a claim can never slip in between "intent gone" and "link visible".
///
/// Why row locks through a conditional upsert, and not the alternatives:
/// - `FOR UPDATE SKIP LOCKED` dequeues *some* free row from a job table. The engine does not
///   pull from a queue: it walks SmartWeb's order list and asks about *one given* order, and the
///   row for it may not exist yet. The upsert creates or takes over exactly that row.
/// - Advisory locks (and any lock held for the duration of the work) tie the claim to a
///   connection or a transaction kept open across Rackbeat HTTP calls. A claim must instead
///   outlive transactions and survive connection hiccups, and a dead worker's claim must end at
///   a known time with an attempt count that tells the next worker to look the reference up in
///   Rackbeat first. A lease row does all that, with the same semantics as the other stores.
///   Advisory locks are used for one thing: serialising schema migrations between workers that
///   start at the same time.
///
/// A worker that dies mid-order leaves its intent with a lease; after `lease_until` the next
/// claimant takes it over (`attempt + 1`, [`Intent::is_resumed`]) and the engine looks the
/// reference up in Rackbeat before creating anything.
///
/// Leases compare the instants the callers pass in (like every store, see the
/// [module docs](super)), so the workers' clocks must be synchronised (NTP) and leases long
/// compared with the skew.
///
/// # Cursors, failures, webhooks, secrets
///
/// Cursors move with `GREATEST` inside one upsert, so two workers advancing at once end at the
/// maximum. Webhook keys are inserted with `ON CONFLICT DO NOTHING`: exactly one caller sees a
/// first delivery. Failures count attempts in one upsert. Secrets are stored as given: protect
/// the database like the configuration holding the API credentials.
///
/// # Migrations
///
/// Versioned migrations run when a store connects, inside one transaction holding a
/// transaction-level advisory lock, and each applied version is recorded in
/// `schema_migrations`. Workers starting together therefore migrate once; a database migrated
/// by a newer build is refused with [`StateError::SchemaTooNew`].
///
/// # Connections
///
/// The URL is a libpq-style connection string or `postgres://user:password@host:port/db`. It
/// may hold a password: it is never logged or put in errors.
///
/// TLS follows libpq's `sslmode` in the URL (`?sslmode=verify-full` or `sslmode=verify-full`):
/// - `disable`: plain TCP.
/// - `prefer` (the default): TLS when the server offers it, plain otherwise; the certificate
///   is not checked.
/// - `require`: TLS or no connection; the certificate is not checked.
/// - `verify-ca`: TLS with a certificate chained to a trusted root, whatever host it names.
/// - `verify-full`: TLS with a trusted certificate for the host connected to. Use this over
///   any network you do not control.
///
/// `sslrootcert=/path/ca.pem` names the trusted CA certificates (PEM); without it the
/// `verify-*` modes trust the platform's roots, as does `sslrootcert=system` (which needs
/// `verify-full`, as in libpq). As in libpq, a given `sslrootcert` file makes `prefer` and
/// `require` check the chain too. TLS is rustls with the *ring* provider; a refused
/// certificate is a [`StateError::Database`] (not retried), not
/// [`StateError::Unreachable`].
#[derive(Clone)]
pub struct PostgresStore {
    shop: Arc<str>,
    pool: Pool,
    tokens: TokenSource,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("shop", &self.shop)
            .field("worker", &self.tokens.worker())
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to `url` for the named shop and applies pending migrations.
    ///
    /// # Errors
    /// [`StateError::InvalidInput`] for an unreadable URL, an unknown `sslmode` or an
    /// unreadable `sslrootcert`; [`StateError::Unreachable`] when the server cannot be reached
    /// (retryable); [`StateError::Database`] when TLS fails (the server's certificate is
    /// refused, or it offers no TLS under `require`) or migrating fails;
    /// [`StateError::SchemaTooNew`] when a newer build migrated the database.
    pub async fn connect(url: &str, shop: impl Into<String>) -> Result<Self, StateError> {
        Self::connect_with(PostgresOptions::new(url), shop).await
    }

    /// Like [`connect`](Self::connect) with more options.
    ///
    /// # Errors
    /// As [`connect`](Self::connect), and [`StateError::InvalidInput`] for a bad schema name.
    pub async fn connect_with(
        options: PostgresOptions,
        shop: impl Into<String>,
    ) -> Result<Self, StateError> {
        let (url, tls) = TlsSettings::split_from(options.url.expose_secret())?;
        let mut config: tokio_postgres::Config = url
            .parse()
            // The parser's message may quote the URL (and so a password): not passed on.
            .map_err(|_| StateError::InvalidInput {
                detail: "the PostgreSQL connection URL cannot be read".to_owned(),
            })?;
        if let Some(schema) = &options.schema {
            if !is_plain_identifier(schema) {
                return Err(StateError::InvalidInput {
                    detail: format!("{schema:?} is not a plain schema name"),
                });
            }
            // Every pooled connection starts with the schema first on its search path.
            let mut startup = config.get_options().unwrap_or_default().to_owned();
            if !startup.is_empty() {
                startup.push(' ');
            }
            startup.push_str(&format!("-c search_path={schema}"));
            config.options(&startup);
        }
        let manager = tls.manager(
            config,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        )?;
        let pool = Pool::builder(manager)
            .max_size(options.max_connections)
            .build()
            .map_err(|e| StateError::Database {
                operation: "creating the connection pool",
                source: Box::new(e),
            })?;
        let tokens = match options.worker_id {
            Some(id) => TokenSource::with_worker(id),
            None => TokenSource::random(),
        };
        let store = Self {
            shop: Arc::from(shop.into()),
            pool,
            tokens,
        };
        store.migrate(options.schema.as_deref()).await?;
        Ok(store)
    }

    /// A handle for another shop over the same pool and worker id.
    pub fn for_shop(&self, shop: impl Into<String>) -> Self {
        Self {
            shop: Arc::from(shop.into()),
            pool: self.pool.clone(),
            tokens: self.tokens.clone(),
        }
    }

    /// The same store under another worker id (claim tokens start with it). Shares the pool.
    pub fn with_worker_id(mut self, worker_id: impl Into<String>) -> Self {
        self.tokens = TokenSource::with_worker(worker_id);
        self
    }

    /// The highest migration applied to the database.
    ///
    /// # Errors
    /// [`StateError::Database`] when the database cannot be read.
    pub async fn schema_version(&self) -> Result<i64, StateError> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .map_err(db("reading the schema version"))?;
        row.try_get(0).map_err(db("reading the schema version"))
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StateError> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => db("connecting to PostgreSQL")(e),
            timeout @ deadpool_postgres::PoolError::Timeout(_) => StateError::Unreachable {
                operation: "connecting to PostgreSQL",
                source: Box::new(timeout),
            },
            other => StateError::Database {
                operation: "connecting to PostgreSQL",
                source: Box::new(other),
            },
        })
    }

    /// Applies pending migrations in one transaction under an advisory lock, so workers
    /// starting together migrate once and the others wait, then find nothing to do.
    async fn migrate(&self, schema: Option<&str>) -> Result<(), StateError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(db("starting the migration"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(db("waiting for the migration lock"))?;
        if let Some(schema) = schema {
            // Checked by is_plain_identifier, so it can be spliced in.
            tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .await
                .map_err(db("creating the schema"))?;
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
        )
        .await
        .map_err(db("creating the migrations table"))?;
        let found: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .and_then(|row| row.try_get(0))
            .map_err(db("reading the schema version"))?;
        let supported = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if found > supported {
            return Err(StateError::SchemaTooNew { found, supported });
        }
        let start = usize::try_from(found.max(0)).unwrap_or(0);
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(start) {
            tx.batch_execute(sql)
                .await
                .map_err(db("migrating the schema"))?;
            let version = i64::try_from(index).unwrap_or(i64::MAX).saturating_add(1);
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1)",
                &[&version],
            )
            .await
            .map_err(db("recording the schema version"))?;
            tracing::info!(version, "migrated the PostgreSQL state schema");
        }
        tx.commit().await.map_err(db("committing the migration"))
    }
}

/// Whether `name` can be used unquoted as a schema name.
fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
}

/// Maps a driver error, turning lock conflicts into [`StateError::Busy`].
fn db(operation: &'static str) -> impl Fn(tokio_postgres::Error) -> StateError {
    move |e| {
        let busy = [
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::LOCK_NOT_AVAILABLE,
        ];
        if e.code().is_some_and(|code| busy.contains(code)) {
            StateError::Busy
        } else if is_unreachable(&e) {
            StateError::Unreachable {
                operation,
                source: Box::new(e),
            }
        } else {
            StateError::Database {
                operation,
                source: Box::new(e),
            }
        }
    }
}

/// The server is out of reach rather than refusing the statement: the connection is closed,
/// it failed at the socket (refused, reset, timed out), or the server says it is shutting
/// down or not accepting connections (SQLSTATE class 08, `57P01`–`57P03`).
fn is_unreachable(e: &tokio_postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if tls::is_tls_failure(e) {
        return false;
    }
    match e.code() {
        Some(code) => {
            code.code().starts_with("08")
                || [
                    SqlState::ADMIN_SHUTDOWN,
                    SqlState::CRASH_SHUTDOWN,
                    SqlState::CANNOT_CONNECT_NOW,
                ]
                .contains(code)
        }
        None => std::error::Error::source(e).is_some_and(|source| source.is::<std::io::Error>()),
    }
}

fn link_from_row(row: &Row) -> Result<OrderLink, StateError> {
    let read = db("reading an order link");
    Ok(OrderLink {
        order_id: row.try_get(0).map_err(&read)?,
        rackbeat_number: number_from_sql(row.try_get(1).map_err(&read)?)?,
        reference: row.try_get(2).map_err(&read)?,
        booked: row.try_get(3).map_err(&read)?,
        created_at: row.try_get(4).map_err(&read)?,
        updated_at: row.try_get(5).map_err(&read)?,
    })
}

fn intent_from_row(row: &Row) -> Result<Intent, StateError> {
    let read = db("reading an intent");
    Ok(Intent {
        order_id: row.try_get(0).map_err(&read)?,
        reference: row.try_get(1).map_err(&read)?,
        owner: row
            .try_get::<_, Option<String>>(2)
            .map_err(&read)?
            .map(ClaimToken),
        attempt: count_from_sql(row.try_get::<_, i32>(3).map_err(&read)?)?,
        created_at: row.try_get(4).map_err(&read)?,
        claimed_at: row.try_get(5).map_err(&read)?,
        lease_until: row.try_get(6).map_err(&read)?,
    })
}

fn failure_from_row(row: &Row) -> Result<Failure, StateError> {
    let read = db("reading a failure");
    Ok(Failure {
        kind: kind_from_sql(row.try_get(0).map_err(&read)?)?,
        key: row.try_get(1).map_err(&read)?,
        reason: row.try_get(2).map_err(&read)?,
        attempts: count_from_sql(row.try_get::<_, i32>(3).map_err(&read)?)?,
        first_failed_at: row.try_get(4).map_err(&read)?,
        last_attempt_at: row.try_get(5).map_err(&read)?,
    })
}

async fn select_link(
    client: &impl GenericClient,
    shop: &str,
    order_id: &str,
) -> Result<Option<OrderLink>, StateError> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM order_links WHERE shop = $1 AND order_id = $2");
    let stmt = client
        .prepare_cached(&sql)
        .await
        .map_err(db("reading an order link"))?;
    client
        .query_opt(&stmt, &[&shop, &order_id])
        .await
        .map_err(db("reading an order link"))?
        .as_ref()
        .map(link_from_row)
        .transpose()
}

#[async_trait]
impl StateStore for PostgresStore {
    fn shop(&self) -> &str {
        &self.shop
    }

    async fn link(&self, order_id: &str) -> Result<Option<OrderLink>, StateError> {
        let client = self.client().await?;
        select_link(&client, &self.shop, order_id).await
    }

    async fn link_by_rackbeat_number(
        &self,
        rackbeat_number: u64,
    ) -> Result<Option<OrderLink>, StateError> {
        let number = number_to_sql(rackbeat_number)?;
        let client = self.client().await?;
        let sql = format!(
            "SELECT {LINK_COLUMNS} FROM order_links
             WHERE shop = $1 AND rackbeat_number = $2 ORDER BY order_id LIMIT 1"
        );
        client
            .query_opt(&sql, &[&&*self.shop, &number])
            .await
            .map_err(db("reading an order link"))?
            .as_ref()
            .map(link_from_row)
            .transpose()
    }

    async fn put_link(&self, link: &OrderLink) -> Result<(), StateError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO order_links
                    (shop, order_id, rackbeat_number, reference, booked, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (shop, order_id) DO UPDATE SET
                    rackbeat_number = excluded.rackbeat_number,
                    reference = excluded.reference,
                    booked = excluded.booked,
                    updated_at = excluded.updated_at",
                &[
                    &&*self.shop,
                    &link.order_id,
                    &number_to_sql(link.rackbeat_number)?,
                    &link.reference,
                    &link.booked,
                    &link.created_at,
                    &link.updated_at,
                ],
            )
            .await
            .map_err(db("writing an order link"))?;
        Ok(())
    }

    async fn begin_intent(
        &self,
        order_id: &str,
        reference: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<IntentOutcome, StateError> {
        let token = self.tokens.next();
        let shop: &str = &self.shop;
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(db("claiming an order"))?;
        // See the module docs: the upsert row-locks the intent whether or not it takes it.
        let claim_sql = format!(
            "INSERT INTO order_intents
                (shop, order_id, reference, owner, attempt, created_at, claimed_at, lease_until)
             VALUES ($1, $2, $3, $4, 1, $5, $5, $6)
             ON CONFLICT (shop, order_id) DO UPDATE SET
                owner = excluded.owner,
                attempt = order_intents.attempt + 1,
                claimed_at = excluded.claimed_at,
                lease_until = excluded.lease_until
             WHERE order_intents.owner IS NULL
                OR order_intents.lease_until <= excluded.claimed_at
             RETURNING {INTENT_COLUMNS}"
        );
        let claimed = tx
            .query_opt(
                &claim_sql,
                &[
                    &shop,
                    &order_id,
                    &reference,
                    &token.as_str(),
                    &now,
                    &lease_until,
                ],
            )
            .await
            .map_err(db("claiming an order"))?;
        let outcome = match claimed {
            Some(row) => IntentOutcome::Claimed(intent_from_row(&row)?),
            None => {
                // The upsert locked the live intent, so it is still there for this statement.
                let held_sql = format!(
                    "SELECT {INTENT_COLUMNS} FROM order_intents
                     WHERE shop = $1 AND order_id = $2"
                );
                let row = tx
                    .query_one(&held_sql, &[&shop, &order_id])
                    .await
                    .map_err(db("reading a held intent"))?;
                IntentOutcome::HeldByOther(intent_from_row(&row)?)
            }
        };
        // Read after the upsert: a completion that removed the intent has committed by now
        // (the upsert waited for it), so its link is visible to this statement.
        if let Some(link) = select_link(&tx, shop, order_id).await? {
            tx.rollback().await.map_err(db("claiming an order"))?;
            return Ok(IntentOutcome::AlreadyLinked(link));
        }
        tx.commit().await.map_err(db("claiming an order"))?;
        Ok(outcome)
    }

    async fn renew_intent(
        &self,
        intent: &Intent,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StateError> {
        let Some(owner) = &intent.owner else {
            return Ok(false);
        };
        let client = self.client().await?;
        let changed = client
            .execute(
                "UPDATE order_intents SET lease_until = $4
                 WHERE shop = $1 AND order_id = $2 AND owner = $3",
                &[
                    &&*self.shop,
                    &intent.order_id,
                    &owner.as_str(),
                    &lease_until,
                ],
            )
            .await
            .map_err(db("renewing a lease"))?;
        Ok(changed > 0)
    }

    async fn complete_intent(&self, link: &OrderLink) -> Result<OrderLink, StateError> {
        let shop: &str = &self.shop;
        let number = number_to_sql(link.rackbeat_number)?;
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(db("completing an intent"))?;
        tx.execute(
            "DELETE FROM order_intents WHERE shop = $1 AND order_id = $2",
            &[&shop, &link.order_id],
        )
        .await
        .map_err(db("completing an intent"))?;
        // Writes unless a link to a different number exists; the conflicting row is locked
        // either way, so the read below sees exactly what blocked the write.
        let written = tx
            .query_opt(
                "INSERT INTO order_links
                    (shop, order_id, rackbeat_number, reference, booked, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (shop, order_id) DO UPDATE SET
                    reference = excluded.reference,
                    booked = excluded.booked,
                    updated_at = excluded.updated_at
                 WHERE order_links.rackbeat_number = excluded.rackbeat_number
                 RETURNING created_at",
                &[
                    &shop,
                    &link.order_id,
                    &number,
                    &link.reference,
                    &link.booked,
                    &link.created_at,
                    &link.updated_at,
                ],
            )
            .await
            .map_err(db("recording an order link"))?;
        let result = match written {
            Some(row) => Ok(OrderLink {
                created_at: row.try_get(0).map_err(db("recording an order link"))?,
                ..link.clone()
            }),
            None => match select_link(&tx, shop, &link.order_id).await? {
                Some(existing) => Err(StateError::LinkConflict {
                    order_id: link.order_id.clone(),
                    existing: existing.rackbeat_number,
                    attempted: link.rackbeat_number,
                }),
                None => Err(StateError::Corrupt {
                    detail: format!(
                        "the link of order {} blocked a write and vanished",
                        link.order_id
                    ),
                }),
            },
        };
        // The intent goes even on a conflict: the order is linked either way.
        tx.commit().await.map_err(db("completing an intent"))?;
        result
    }

    async fn release_intent(&self, intent: &Intent) -> Result<bool, StateError> {
        let Some(owner) = &intent.owner else {
            return Ok(false);
        };
        let client = self.client().await?;
        let changed = client
            .execute(
                "UPDATE order_intents SET owner = NULL
                 WHERE shop = $1 AND order_id = $2 AND owner = $3",
                &[&&*self.shop, &intent.order_id, &owner.as_str()],
            )
            .await
            .map_err(db("releasing an intent"))?;
        Ok(changed > 0)
    }

    async fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        let client = self.client().await?;
        let sql =
            format!("SELECT {INTENT_COLUMNS} FROM order_intents WHERE shop = $1 ORDER BY order_id");
        client
            .query(&sql, &[&&*self.shop])
            .await
            .map_err(db("listing intents"))?
            .iter()
            .map(intent_from_row)
            .collect()
    }

    async fn cursor(&self, name: &str) -> Result<Option<DateTime<Utc>>, StateError> {
        let client = self.client().await?;
        client
            .query_opt(
                "SELECT position FROM cursors WHERE shop = $1 AND name = $2",
                &[&&*self.shop, &name],
            )
            .await
            .map_err(db("reading a cursor"))?
            .map(|row| row.try_get(0))
            .transpose()
            .map_err(db("reading a cursor"))
    }

    async fn advance_cursor(
        &self,
        name: &str,
        to: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, StateError> {
        let client = self.client().await?;
        // One statement: the conflicting row is locked, so the maximum is taken atomically.
        client
            .query_one(
                "INSERT INTO cursors (shop, name, position) VALUES ($1, $2, $3)
                 ON CONFLICT (shop, name) DO UPDATE
                    SET position = GREATEST(cursors.position, excluded.position)
                 RETURNING position",
                &[&&*self.shop, &name, &to],
            )
            .await
            .and_then(|row| row.try_get(0))
            .map_err(db("advancing a cursor"))
    }

    async fn reset_cursor(&self, name: &str, to: DateTime<Utc>) -> Result<(), StateError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO cursors (shop, name, position) VALUES ($1, $2, $3)
                 ON CONFLICT (shop, name) DO UPDATE SET position = excluded.position",
                &[&&*self.shop, &name, &to],
            )
            .await
            .map_err(db("resetting a cursor"))?;
        Ok(())
    }

    async fn record_failure(
        &self,
        kind: ItemKind,
        key: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Failure, StateError> {
        let reason = bounded_reason(reason);
        let client = self.client().await?;
        let sql = format!(
            "INSERT INTO failures
                (shop, kind, key, reason, attempts, first_failed_at, last_attempt_at)
             VALUES ($1, $2, $3, $4, 1, $5, $5)
             ON CONFLICT (shop, kind, key) DO UPDATE SET
                reason = excluded.reason,
                attempts = failures.attempts + 1,
                last_attempt_at = excluded.last_attempt_at
             RETURNING {FAILURE_COLUMNS}"
        );
        let row = client
            .query_one(&sql, &[&&*self.shop, &kind.as_str(), &key, &reason, &now])
            .await
            .map_err(db("recording a failure"))?;
        failure_from_row(&row)
    }

    async fn failures(&self) -> Result<Vec<Failure>, StateError> {
        let client = self.client().await?;
        let sql = format!("SELECT {FAILURE_COLUMNS} FROM failures WHERE shop = $1");
        let mut failures = client
            .query(&sql, &[&&*self.shop])
            .await
            .map_err(db("listing failures"))?
            .iter()
            .map(failure_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        // Sorted here (not in SQL) so the order is the enum's, as in the other stores.
        failures.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
        Ok(failures)
    }

    async fn clear_failure(&self, kind: ItemKind, key: &str) -> Result<bool, StateError> {
        let client = self.client().await?;
        let removed = client
            .execute(
                "DELETE FROM failures WHERE shop = $1 AND kind = $2 AND key = $3",
                &[&&*self.shop, &kind.as_str(), &key],
            )
            .await
            .map_err(db("clearing a failure"))?;
        Ok(removed > 0)
    }

    async fn seen_webhook(&self, key: &str, now: DateTime<Utc>) -> Result<bool, StateError> {
        let client = self.client().await?;
        let inserted = client
            .execute(
                "INSERT INTO webhook_keys (shop, key, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT (shop, key) DO NOTHING",
                &[&&*self.shop, &key, &now],
            )
            .await
            .map_err(db("recording a webhook key"))?;
        Ok(inserted == 0)
    }

    async fn prune_webhooks(&self, older_than: DateTime<Utc>) -> Result<u64, StateError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM webhook_keys WHERE shop = $1 AND seen_at < $2",
                &[&&*self.shop, &older_than],
            )
            .await
            .map_err(db("pruning webhook keys"))
    }

    async fn put_secret(&self, name: &str, value: &SecretString) -> Result<(), StateError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO secrets (shop, name, value) VALUES ($1, $2, $3)
                 ON CONFLICT (shop, name) DO UPDATE SET value = excluded.value",
                &[&&*self.shop, &name, &value.expose_secret()],
            )
            .await
            .map_err(db("storing a secret"))?;
        Ok(())
    }

    async fn secret(&self, name: &str) -> Result<Option<SecretString>, StateError> {
        let client = self.client().await?;
        let value: Option<String> = client
            .query_opt(
                "SELECT value FROM secrets WHERE shop = $1 AND name = $2",
                &[&&*self.shop, &name],
            )
            .await
            .map_err(db("loading a secret"))?
            .map(|row| row.try_get(0))
            .transpose()
            .map_err(db("loading a secret"))?;
        Ok(value.map(SecretString::from))
    }

    async fn delete_secret(&self, name: &str) -> Result<bool, StateError> {
        let client = self.client().await?;
        let removed = client
            .execute(
                "DELETE FROM secrets WHERE shop = $1 AND name = $2",
                &[&&*self.shop, &name],
            )
            .await
            .map_err(db("deleting a secret"))?;
        Ok(removed > 0)
    }

    async fn put_finding(&self, finding: &Finding) -> Result<(), StateError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO findings (shop, assumption, verdict, evidence, checked_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (shop, assumption) DO UPDATE SET
                    verdict = excluded.verdict,
                    evidence = excluded.evidence,
                    checked_at = excluded.checked_at
                 WHERE excluded.checked_at >= findings.checked_at",
                &[
                    &&*self.shop,
                    &finding.assumption.name(),
                    &finding.verdict.name(),
                    &bounded_reason(&finding.evidence),
                    &finding.checked_at,
                ],
            )
            .await
            .map_err(db("storing a finding"))?;
        Ok(())
    }

    async fn findings(&self) -> Result<Vec<Finding>, StateError> {
        let client = self.client().await?;
        let rows = client
            .query(
                &format!("SELECT {FINDING_COLUMNS} FROM findings WHERE shop = $1"),
                &[&&*self.shop],
            )
            .await
            .map_err(db("listing findings"))?;
        let mut findings = Vec::with_capacity(rows.len());
        for row in rows {
            let assumption: String = row.try_get(0).map_err(db("reading a finding"))?;
            let verdict: String = row.try_get(1).map_err(db("reading a finding"))?;
            let evidence: String = row.try_get(2).map_err(db("reading a finding"))?;
            let checked_at: DateTime<Utc> = row.try_get(3).map_err(db("reading a finding"))?;
            if let Some(f) = finding_from_sql(&assumption, &verdict, evidence, checked_at)? {
                findings.push(f);
            }
        }
        Ok(in_assumption_order(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_checked_before_use() {
        assert!(is_plain_identifier("sync_state"));
        assert!(is_plain_identifier("_s1"));
        assert!(!is_plain_identifier("1abc"));
        assert!(!is_plain_identifier("a; DROP TABLE x"));
        assert!(!is_plain_identifier("Upper"));
        assert!(!is_plain_identifier(""));
    }

    #[test]
    fn options_never_show_the_url() {
        let options = PostgresOptions::new("postgres://sync:hunter2@db/state").schema("s");
        assert!(!format!("{options:?}").contains("hunter2"));
    }

    #[tokio::test]
    async fn an_unreadable_url_is_refused_without_echoing_it() {
        let err = PostgresStore::connect("postgres://sync:hunter2@db:notaport/x", "shop")
            .await
            .unwrap_err();
        assert!(matches!(err, StateError::InvalidInput { .. }));
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }
}
