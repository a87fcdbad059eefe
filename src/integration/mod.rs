//! [`Integration`]: the jobs of the sync, each returning a [`JobReport`].
//!
//! Every job reads with one client, decides in `sync-core`, and writes with the other. Each
//! job has a dry run (set on the builder): it reads and plans as usual, reports what it would
//! do, and writes nothing to either system or to the state store.

mod check;
mod classify;
mod clock;
mod customers;
mod facts;
mod health;
mod orders;
mod probe;
mod products;
mod register;
mod schedule;
mod stock;
mod transfer;
mod vat_zones;
mod webhooks;
mod writeback;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rackbeat_client::RackbeatClient;
use secrecy::SecretString;
use smartweb_client::SmartWebClient;
use smartweb_client::graphql::GraphqlClient;
use sync_core::settings::Settings;
use tokio_util::sync::CancellationToken;

use crate::progress::{NoProgress, Progress, Tally};
use crate::report::{ApiCalls, JobKind, JobReport};
use crate::state::StateStore;
use classify::Classify;

pub use clock::{Clock, ManualClock, SystemClock};
pub use health::Readiness;
pub use orders::{ORDERS_CURSOR, OrderWindow, OrderWindowError};
pub use probe::ProbeOptions;
pub use register::{
    InvalidPublicUrl, ListedWebhook, RACKBEAT_STOCK_EVENT, RACKBEAT_WEBHOOK_PATH,
    SMARTWEB_WEBHOOK_PATH, WantedWebhook, WebhookListing, WebhookSystem, normalise_public_url,
};
pub use stock::StockScope;
pub use webhooks::{
    SMARTWEB_SECRET, WebhookReceiver, WebhookReply, WebhookWork, WebhookWorker,
    rackbeat_token_secret,
};
pub use writeback::WRITEBACK_CURSOR;

/// The shop's time zone when none is given: SmartWeb shops are Danish (API sheet §2.11).
pub const DEFAULT_SHOP_TIMEZONE: Tz = chrono_tz::Europe::Copenhagen;

/// How long an order claim lasts before another worker may take it over. The holder renews it
/// while it works (every third of the lease), so a claim whose holder died ends this long after
/// its last renewal.
pub const DEFAULT_ORDER_LEASE: Duration = Duration::from_secs(60);

/// How long Rackbeat may take to finish a write it accepted (see
/// [`IntegrationBuilder::settle_time`]): longer than the Rackbeat client's 90 s request
/// timeout.
pub const DEFAULT_SETTLE_TIME: Duration = Duration::from_secs(180);

/// The engine: two clients, the settings and a state store.
///
/// Cheap to clone (clones share everything), so a webhook listener and the scheduler can run
/// jobs side by side; the state store's intents make sure one SmartWeb order still becomes at
/// most one Rackbeat order.
#[derive(Clone)]
pub struct Integration {
    inner: Arc<Inner>,
}

struct Inner {
    smartweb: SmartWebClient,
    rackbeat: RackbeatClient,
    settings: Settings,
    store: Arc<dyn StateStore>,
    dry_run: bool,
    shop_timezone: Tz,
    order_lease: Duration,
    settle_time: Duration,
    clock: Arc<dyn Clock>,
    initial_lookback: chrono::Duration,
    smartweb_webhook_secret: Option<SecretString>,
    rackbeat_webhook_token: Option<SecretString>,
    graphql: Option<GraphqlClient>,
    progress: Arc<dyn Progress>,
    stop: CancellationToken,
}

impl std::fmt::Debug for Integration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Integration")
            .field("smartweb", &self.inner.smartweb)
            .field("rackbeat", &self.inner.rackbeat)
            .field("dry_run", &self.inner.dry_run)
            .field("shop", &self.inner.store.shop())
            .finish_non_exhaustive()
    }
}

/// Builds an [`Integration`]; see [`Integration::builder`].
pub struct IntegrationBuilder {
    smartweb: SmartWebClient,
    rackbeat: RackbeatClient,
    settings: Settings,
    store: Arc<dyn StateStore>,
    dry_run: bool,
    shop_timezone: Tz,
    order_lease: Duration,
    settle_time: Duration,
    clock: Arc<dyn Clock>,
    initial_lookback: chrono::Duration,
    smartweb_webhook_secret: Option<SecretString>,
    rackbeat_webhook_token: Option<SecretString>,
    graphql: Option<GraphqlClient>,
    progress: Arc<dyn Progress>,
    stop: CancellationToken,
}

impl std::fmt::Debug for IntegrationBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegrationBuilder")
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

/// Why an [`Integration`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The settings have problems (every one is listed).
    #[error("invalid settings: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Settings(Vec<sync_core::settings::SettingsProblem>),
}

impl IntegrationBuilder {
    /// Plan and report only: write nothing to SmartWeb, Rackbeat or the state store.
    #[must_use]
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// The shop's time zone, used to turn run windows into SmartWeb's local timestamps.
    /// Default [`DEFAULT_SHOP_TIMEZONE`].
    #[must_use]
    pub fn shop_timezone(mut self, tz: Tz) -> Self {
        self.shop_timezone = tz;
        self
    }

    /// How long an order claim lasts before another worker may resume it (renewed while the
    /// holder works). Default [`DEFAULT_ORDER_LEASE`].
    #[must_use]
    pub fn order_lease(mut self, lease: Duration) -> Self {
        self.order_lease = lease;
        self
    }

    /// How long Rackbeat may take to finish a write it accepted: an order whose create ended
    /// without an answer is held (listed "held until …", exit 1) and not created again until
    /// this has passed since the create was sent; then it is looked up first. Keep it longer
    /// than the Rackbeat client's request timeout. Default [`DEFAULT_SETTLE_TIME`].
    #[must_use]
    pub fn settle_time(mut self, settle: Duration) -> Self {
        self.settle_time = settle;
        self
    }

    /// Where the engine reads the time (default [`SystemClock`]); tests pass a
    /// [`ManualClock`] and move it.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// How far back the first status write-back looks when no cursor exists yet. Default 30
    /// days. (The first order import uses the setting `initial_lookback_days`.)
    #[must_use]
    pub fn initial_lookback(mut self, lookback: chrono::Duration) -> Self {
        self.initial_lookback = lookback;
        self
    }

    /// The secret SmartWeb signs webhooks with (`X-Hmac-Sha256`).
    #[must_use]
    pub fn smartweb_webhook_secret(mut self, secret: Option<SecretString>) -> Self {
        self.smartweb_webhook_secret = secret;
        self
    }

    /// The token Rackbeat sends with webhooks. When unset, the token stored at registration
    /// (state store secret `rackbeat.webhook_token`) is used.
    #[must_use]
    pub fn rackbeat_webhook_token(mut self, token: Option<SecretString>) -> Self {
        self.rackbeat_webhook_token = token;
        self
    }

    /// The SmartWeb GraphQL client used to register webhooks in SmartWeb (SOAP has no
    /// webhook operations).
    #[must_use]
    pub fn smartweb_graphql(mut self, client: Option<GraphqlClient>) -> Self {
        self.graphql = client;
        self
    }

    /// Who is told how far long jobs have come (order import, stock, products), item by
    /// item. Default: nobody ([`NoProgress`]).
    #[must_use]
    pub fn progress(mut self, observer: Arc<dyn Progress>) -> Self {
        self.progress = observer;
        self
    }

    /// A token that stops long jobs between items: once it is cancelled, the order import,
    /// stock and product sync finish the item in flight and leave the rest for the next run
    /// (the orders cursor stays, so those orders are read again). Meant for a graceful
    /// shutdown (SIGTERM). Default: a token nobody cancels.
    #[must_use]
    pub fn stop_token(mut self, stop: CancellationToken) -> Self {
        self.stop = stop;
        self
    }

    /// Validates the settings and builds the integration.
    ///
    /// # Errors
    /// [`BuildError::Settings`] with every problem of the settings.
    pub fn build(self) -> Result<Integration, BuildError> {
        self.settings.validate().map_err(BuildError::Settings)?;
        Ok(Integration {
            inner: Arc::new(Inner {
                smartweb: self.smartweb,
                rackbeat: self.rackbeat,
                settings: self.settings,
                store: self.store,
                dry_run: self.dry_run,
                shop_timezone: self.shop_timezone,
                order_lease: self.order_lease,
                settle_time: self.settle_time,
                clock: self.clock,
                initial_lookback: self.initial_lookback,
                smartweb_webhook_secret: self.smartweb_webhook_secret,
                rackbeat_webhook_token: self.rackbeat_webhook_token,
                graphql: self.graphql,
                progress: self.progress,
                stop: self.stop,
            }),
        })
    }
}

impl Integration {
    /// Starts building an integration from the two clients, the settings and a state store.
    pub fn builder(
        smartweb: SmartWebClient,
        rackbeat: RackbeatClient,
        settings: Settings,
        store: Arc<dyn StateStore>,
    ) -> IntegrationBuilder {
        IntegrationBuilder {
            smartweb,
            rackbeat,
            settings,
            store,
            dry_run: false,
            shop_timezone: DEFAULT_SHOP_TIMEZONE,
            order_lease: DEFAULT_ORDER_LEASE,
            settle_time: DEFAULT_SETTLE_TIME,
            clock: Arc::new(SystemClock),
            initial_lookback: chrono::Duration::days(30),
            smartweb_webhook_secret: None,
            rackbeat_webhook_token: None,
            graphql: None,
            progress: Arc::new(NoProgress),
            stop: CancellationToken::new(),
        }
    }

    /// An integration with default options (not a dry run).
    ///
    /// # Errors
    /// [`BuildError::Settings`] with every problem of the settings.
    pub fn new(
        smartweb: SmartWebClient,
        rackbeat: RackbeatClient,
        settings: Settings,
        store: Arc<dyn StateStore>,
    ) -> Result<Self, BuildError> {
        Self::builder(smartweb, rackbeat, settings, store).build()
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The state store.
    pub fn store(&self) -> &Arc<dyn StateStore> {
        &self.inner.store
    }

    /// The SmartWeb client.
    pub fn smartweb(&self) -> &SmartWebClient {
        &self.inner.smartweb
    }

    /// The Rackbeat client.
    pub fn rackbeat(&self) -> &RackbeatClient {
        &self.inner.rackbeat
    }

    /// The SmartWeb GraphQL client (webhook registration), when configured.
    pub fn smartweb_graphql(&self) -> Option<&GraphqlClient> {
        self.inner.graphql.as_ref()
    }

    /// Whether this integration only plans and reports.
    pub fn is_dry_run(&self) -> bool {
        self.inner.dry_run
    }

    /// The current time, from the clock the integration was given.
    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    /// A UTC instant as the shop's local wall-clock time (what SmartWeb's dates mean).
    fn shop_local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.inner.shop_timezone).naive_local()
    }

    /// The shop-local range that covers `[since, until]`, widened around a daylight-saving
    /// change ([`sync_core::window::local_window`]).
    fn shop_local_window(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> (NaiveDateTime, NaiveDateTime) {
        sync_core::window::local_window(since, until, &self.inner.shop_timezone)
    }

    /// Starts a report and remembers both clients' request counters, so the report counts
    /// only this job's calls.
    fn start(&self, job: JobKind) -> Run {
        Run {
            report: JobReport::new(job, self.inner.dry_run, self.now()),
            smartweb_before: self.inner.smartweb.request_stats(),
            rackbeat_before: self.inner.rackbeat.request_stats(),
        }
    }

    fn finish(&self, run: Run) -> JobReport {
        let Run {
            mut report,
            smartweb_before,
            rackbeat_before,
        } = run;
        let mut calls = ApiCalls::default();
        let sw_after = self.inner.smartweb.request_stats();
        for (op, n) in sw_after.per_operation() {
            let delta = n.saturating_sub(smartweb_before.get(op));
            if delta > 0 {
                calls.smartweb.record(op, delta);
            }
        }
        let rb_after = self.inner.rackbeat.request_stats();
        for (endpoint, n) in rb_after.per_endpoint() {
            let delta = n.saturating_sub(rackbeat_before.get(endpoint));
            if delta > 0 {
                calls.rackbeat.record(endpoint, delta);
            }
        }
        report.api_calls = calls;
        if report.unreachable.is_none()
            && let Some(failure) = report.unreachable_failure()
        {
            report.unreachable = Some(self.unreachable_line(failure));
        }
        report.finish(self.now());
        crate::telemetry::record_job(&report, self.inner.store.shop());
        report
    }

    /// One line for a service that cannot be reached: `cannot reach SmartWeb at https://…:
    /// dns lookup failed (failed to lookup address information: …)`.
    fn unreachable_line(&self, failure: &crate::report::Failure) -> String {
        use crate::report::{FailureKind, Service};
        let service = failure.service.unwrap_or(Service::Smartweb);
        let address = match service {
            Service::Rackbeat => without_credentials(self.inner.rackbeat.base_url().as_str()),
            _ => without_credentials(self.inner.smartweb.endpoint()),
        };
        let what = match &failure.kind {
            FailureKind::Transport(transport) => transport.describe(),
            other => other.name(),
        };
        let mut line = format!("cannot reach {} at {address}: {what}", service.title());
        if let Some(root) = failure.root_cause() {
            line.push_str(&format!(" ({root})"));
        }
        bounded(line)
    }

    /// Starts counting `total` items of `job` for the progress observer.
    fn tally(&self, job: JobKind, total: usize) -> Tally<'_> {
        Tally::start(self.inner.progress.as_ref(), job, total)
    }

    /// Whether long jobs must stop after the item in flight (see
    /// [`IntegrationBuilder::stop_token`]).
    fn stopping(&self) -> bool {
        self.inner.stop.is_cancelled()
    }

    /// Whether a job's loop ends before its next step, with `left` steps (`what`, e.g.
    /// "product change(s)") still to do: on request (reported as left for the next run), or
    /// once a service proved unreachable (already reported).
    fn halts(&self, report: &mut JobReport, left: usize, what: &str) -> bool {
        if report.unreachable_failure().is_some() {
            return true;
        }
        if self.stopping() {
            report.warn(format!(
                "stopped on request: {left} {what} left for the next run"
            ));
            return true;
        }
        false
    }
}

/// One job in progress.
struct Run {
    report: JobReport,
    smartweb_before: smartweb_client::RequestStats,
    rackbeat_before: rackbeat_client::RequestStats,
}

/// An error from one of the clients, as the engine reports it.
pub(crate) trait ClientError: Classify {
    /// Whether the system refused our credentials.
    fn is_credential(&self) -> bool;
}

impl ClientError for smartweb_client::Error {
    fn is_credential(&self) -> bool {
        self.is_auth()
    }
}

impl ClientError for rackbeat_client::Error {
    fn is_credential(&self) -> bool {
        self.is_auth()
    }
}

/// Records a failed item caused by a client error, with its typed failure and cause chain,
/// noting a credential problem on the report (the `sync` program exits 2 for it).
pub(crate) fn fail(
    report: &mut JobReport,
    kind: crate::report::ItemKind,
    key: impl Into<String>,
    context: &str,
    error: &impl ClientError,
) {
    let ReadFailure { reason, failure } = ReadFailure::of(report, context, error);
    report.failed_because(kind, key, reason, failure);
}

/// A client error that ended a job's reading step: the reason and the typed failure, for
/// the one failed item the job then reports.
pub(crate) struct ReadFailure {
    /// The reason, bounded.
    pub(crate) reason: String,
    /// The kind and cause chain.
    pub(crate) failure: crate::report::Failure,
}

impl ReadFailure {
    /// `context` (what was being read) failed with `error`, noting a credential problem on
    /// the report.
    pub(crate) fn of(
        report: &mut JobReport,
        context: impl std::fmt::Display,
        error: &impl ClientError,
    ) -> Self {
        note_credentials(report, error);
        Self {
            reason: bounded(format!("{context}: {}", crate::error_chain(error))),
            failure: error.failure(),
        }
    }
}

/// Notes a credential problem on the report, if `error` is one.
pub(crate) fn note_credentials(report: &mut JobReport, error: &impl ClientError) {
    if error.is_credential() && report.credential_error.is_none() {
        report.credential_error = Some(bounded(format!(
            "{} refused the credentials: {}",
            error.service(),
            crate::error_chain(error)
        )));
    }
}

/// An error with its causes ([`crate::error_chain`]) as bounded text for reports.
fn bounded_error(error: &impl std::error::Error) -> String {
    bounded(crate::error_chain(error))
}

/// An address without user name, password or query (none belong in a report).
fn without_credentials(address: &str) -> String {
    match url::Url::parse(address) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.to_string()
        }
        Err(_) => "(an address that is not a URL)".to_owned(),
    }
}

/// Bounded text for reports and failure reasons.
fn bounded(text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    let limit = 500;
    if text.chars().count() <= limit {
        return text;
    }
    let mut cut: String = text.chars().take(limit).collect();
    cut.push('…');
    cut
}
