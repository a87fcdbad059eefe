//! The `sync` command line, as a library: [`run_cli`] parses the arguments, loads the
//! configuration, runs one command and returns the exit status. `main.rs` wires it to the
//! process (arguments, environment, stdout/stderr, Ctrl-C); tests call it in-process with
//! their own environment, buffers and shutdown token (`#[path = "../examples/sync/cli.rs"]`).
//!
//! Exit status: [`EXIT_OK`], [`EXIT_FAILED_ITEMS`] when some items failed (the report says
//! which and why), [`EXIT_CONFIG`] on configuration or credential errors (the message names
//! the key). Reports go to `out` (a table, or JSON with `--json`); progress to `err`.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, FixedOffset, Utc};
use clap::{Parser, Subcommand};
use futures::FutureExt;
use smartweb_rackbeat::config::{Config, ConfigError};
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::integration::WebhookListing;
use smartweb_rackbeat::report::{ItemKind, JobKind, JobReport};
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::{
    Integration, OrderWindow, ProbeOptions, StockScope, WebhookReceiver, WebhookReply,
};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

#[path = "listener.rs"]
pub mod listener;

use listener::ListenerLimits;

/// Success.
pub const EXIT_OK: u8 = 0;
/// The job ran, but some items failed.
pub const EXIT_FAILED_ITEMS: u8 = 1;
/// A configuration or credential error (or a command-line usage error).
pub const EXIT_CONFIG: u8 = 2;

/// SmartWeb ↔ Rackbeat sync.
#[derive(Debug, Parser)]
#[command(name = "sync", about = "SmartWeb ↔ Rackbeat sync", version)]
pub struct Cli {
    /// The configuration file (TOML).
    #[arg(long, global = true, default_value = "sync.toml")]
    pub config: PathBuf,
    /// Plan and report only: write nothing to either system or the state file.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Print the job's report as JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every setting against both systems ("Update settings").
    Check,
    /// Probe both accounts: which load-bearing assumptions hold (docs/ASSUMPTIONS.md).
    Probe {
        /// Also make a reversible write round trip in Rackbeat (a draft order of the
        /// `probe_item`, deleted again).
        #[arg(long)]
        write: bool,
    },
    /// Import orders created or updated in a window (default: since the last run).
    Orders {
        /// Start of the window (RFC 3339).
        #[arg(long)]
        since: Option<DateTime<FixedOffset>>,
        /// End of the window (RFC 3339); default now.
        #[arg(long)]
        until: Option<DateTime<FixedOffset>>,
    },
    /// Import one order by its SmartWeb order number (the "GET" button).
    Order {
        /// The SmartWeb order number.
        number: i64,
    },
    /// Sync products in the direction of `product_source`.
    Products,
    /// Push Rackbeat stock to SmartWeb.
    Stock {
        /// Only these item numbers (repeatable); default the whole catalogue.
        #[arg(long = "item")]
        items: Vec<String>,
    },
    /// Write SmartWeb order status and tracking back from Rackbeat.
    Writeback,
    /// Register, list or remove the webhooks of both systems (setting C4).
    Webhooks {
        /// What to do with them.
        #[command(subcommand)]
        action: WebhooksAction,
    },
    /// Run the scheduler, and with `--listen` an HTTP listener for both systems' webhooks at
    /// `/webhooks/smartweb` and `/webhooks/rackbeat`. Stops on Ctrl-C.
    Run {
        /// Address to listen on for webhooks, e.g. `127.0.0.1:8080` (port 0: any free port).
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
}

/// `sync webhooks …`
#[derive(Debug, Subcommand)]
pub enum WebhooksAction {
    /// Make both systems send their webhooks to `<public-url>/webhooks/smartweb` and
    /// `<public-url>/webhooks/rackbeat`; repeated runs change nothing.
    Register {
        /// The public https base URL this program's `run --listen` is reachable at.
        #[arg(long)]
        public_url: String,
    },
    /// List the webhooks registered in both systems (ours marked).
    List,
    /// Remove our webhooks from both systems.
    Remove {
        /// The public base URL they were registered with (default: the last registered).
        #[arg(long)]
        public_url: Option<String>,
    },
}

/// Looks up an environment variable by name.
pub type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where a run's outside world comes from.
pub struct Context {
    /// Looks up an environment variable (the `*_env` keys of the config file).
    pub env: Box<EnvLookup>,
    /// Cancelled to stop `run` (Ctrl-C in the program).
    pub shutdown: CancellationToken,
    /// Told the bound address once `run --listen` listens (useful with port 0).
    pub listening: Option<oneshot::Sender<SocketAddr>>,
}

impl Context {
    /// The process environment, and a shutdown token.
    pub fn process(shutdown: CancellationToken) -> Self {
        Self {
            env: Box::new(|key| std::env::var(key).ok()),
            shutdown,
            listening: None,
        }
    }
}

/// Runs the command line `args` (the first is the program name) and returns the exit status.
pub async fn run_cli(
    args: Vec<String>,
    ctx: Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let informational = !e.use_stderr();
            let text = e.render().to_string();
            if informational {
                let _ = write!(out, "{text}");
                return EXIT_OK;
            }
            let _ = write!(err, "{text}");
            return EXIT_CONFIG;
        }
    };
    let configs = match load_config(&cli.config, &ctx.env) {
        Ok(c) => c,
        Err(problems) => {
            for p in problems {
                let _ = writeln!(err, "configuration error: {p}");
            }
            return EXIT_CONFIG;
        }
    };
    let mut integrations = Vec::with_capacity(configs.len());
    for config in &configs {
        for warning in &config.warnings {
            let _ = writeln!(err, "warning: {warning}");
        }
        match build(config, cli.dry_run).await {
            Ok(i) => integrations.push((config.shop.clone(), i)),
            Err(problem) => {
                let _ = writeln!(err, "configuration error: {problem}");
                return EXIT_CONFIG;
            }
        }
    }
    if cli.dry_run {
        let _ = writeln!(
            err,
            "dry run: nothing is written to SmartWeb, Rackbeat or the state file"
        );
    }
    if let Command::Probe { write: true } = cli.command
        && !cli.dry_run
        && let Some((shop, _)) = integrations
            .iter()
            .find(|(_, i)| i.settings().probe_item.is_none())
    {
        let _ = writeln!(
            err,
            "configuration error: settings.probe_item: `probe --write` needs a Rackbeat item number for its draft order line (shop {shop}); the order is deleted again"
        );
        return EXIT_CONFIG;
    }
    if let Command::Run { listen } = cli.command {
        return serve(integrations, listen, ctx.shutdown, ctx.listening, err).await;
    }

    let several = integrations.len() > 1;
    let mut status = EXIT_OK;
    let mut json_reports = serde_json::Map::new();
    for (shop, integration) in &integrations {
        if several {
            let _ = writeln!(err, "== shop {shop}");
        }
        // Boxed: the jobs' futures are large, and the panic guard must not hold a second copy
        // of one on the stack.
        let (report, listing) = guarded(
            &cli.command,
            cli.dry_run,
            Box::pin(run_command(&cli.command, integration, err)),
        )
        .await;
        if cli.json {
            let value = match &listing {
                Some(listing) => serde_json::to_value(listing),
                None => serde_json::to_value(&report),
            };
            match value {
                Ok(v) if several => {
                    json_reports.insert(shop.clone(), v);
                }
                Ok(v) => match serde_json::to_string_pretty(&v) {
                    Ok(text) => {
                        let _ = writeln!(out, "{text}");
                    }
                    Err(e) => {
                        let _ = writeln!(err, "error: cannot write the report as JSON: {e}");
                    }
                },
                Err(e) => {
                    let _ = writeln!(err, "error: cannot write the report as JSON: {e}");
                }
            }
        } else {
            if several {
                let _ = writeln!(out, "== shop {shop}");
            }
            match &listing {
                Some(listing) => {
                    let _ = write!(out, "{listing}");
                }
                None => print_report(&report, false, out, err),
            }
        }
        status = status.max(exit_code(&report, err));
    }
    if cli.json && several {
        match serde_json::to_string_pretty(&serde_json::Value::Object(json_reports)) {
            Ok(text) => {
                let _ = writeln!(out, "{text}");
            }
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the reports as JSON: {e}");
            }
        }
    }
    status
}

/// Runs one command on one shop: its report, and for `webhooks list` the listing.
async fn run_command(
    command: &Command,
    integration: &Integration,
    err: &mut dyn Write,
) -> (JobReport, Option<WebhookListing>) {
    let report = match command {
        Command::Check => {
            let _ = writeln!(err, "checking the settings against both systems…");
            integration.check_settings().await
        }
        Command::Probe { write } => {
            let _ = writeln!(err, "probing both accounts…");
            integration
                .probe(ProbeOptions {
                    write: *write,
                    test_item: None,
                })
                .await
        }
        Command::Orders { since, until } => {
            let _ = writeln!(err, "importing orders…");
            integration
                .import_orders(OrderWindow {
                    since: since.map(|t| t.with_timezone(&Utc)),
                    until: until.map(|t| t.with_timezone(&Utc)),
                })
                .await
        }
        Command::Order { number } => {
            let _ = writeln!(err, "importing SmartWeb order {number}…");
            integration.import_order(*number).await
        }
        Command::Products => {
            let _ = writeln!(err, "syncing products…");
            integration.sync_products().await
        }
        Command::Stock { items } => {
            let _ = writeln!(err, "syncing stock…");
            let scope = if items.is_empty() {
                StockScope::All
            } else {
                StockScope::Items(items.clone())
            };
            integration.sync_stock(scope).await
        }
        Command::Writeback => {
            let _ = writeln!(err, "writing order status back to SmartWeb…");
            integration.write_back().await
        }
        Command::Webhooks { action } => match action {
            WebhooksAction::Register { public_url } => {
                let _ = writeln!(err, "registering webhooks at {public_url}…");
                integration.register_webhooks(public_url).await
            }
            WebhooksAction::List => {
                let listing = integration.list_webhooks().await;
                return (listing.report.clone(), Some(listing));
            }
            WebhooksAction::Remove { public_url } => {
                let _ = writeln!(err, "removing our webhooks…");
                integration.remove_webhooks(public_url.as_deref()).await
            }
        },
        Command::Run { .. } => unreachable_run(),
    };
    (report, None)
}

/// `run` is handled before the per-shop loop.
fn unreachable_run() -> JobReport {
    JobReport::new(JobKind::CheckSettings, false, Utc::now())
}

/// Runs one command's job; a panic in it becomes a report with the job failed (exit status
/// [`EXIT_FAILED_ITEMS`]) instead of ending the process with Rust's panic status.
pub async fn guarded(
    command: &Command,
    dry_run: bool,
    job: impl Future<Output = (JobReport, Option<WebhookListing>)>,
) -> (JobReport, Option<WebhookListing>) {
    let started = Utc::now();
    match AssertUnwindSafe(job).catch_unwind().await {
        Ok(done) => done,
        Err(payload) => {
            let message = smartweb_rackbeat::scheduler::payload_message(payload.as_ref());
            let (job, item) = job_of(command);
            let mut report = JobReport::new(job, dry_run, started);
            report.failed(
                item,
                "job",
                format!(
                    "the job stopped: it panicked ({message}); what it did before is kept, the \
                     rest was not done; please report this"
                ),
            );
            report.finish(Utc::now());
            (report, None)
        }
    }
}

/// The job a command runs and the kind of item it works on.
fn job_of(command: &Command) -> (JobKind, ItemKind) {
    match command {
        Command::Check | Command::Run { .. } => (JobKind::CheckSettings, ItemKind::Setting),
        Command::Probe { .. } => (JobKind::Probe, ItemKind::Assumption),
        Command::Orders { .. } => (JobKind::ImportOrders, ItemKind::Order),
        Command::Order { .. } => (JobKind::ImportOrder, ItemKind::Order),
        Command::Products => (JobKind::SyncProducts, ItemKind::Product),
        Command::Stock { .. } => (JobKind::SyncStock, ItemKind::Stock),
        Command::Writeback => (JobKind::WriteBack, ItemKind::Shipment),
        Command::Webhooks { action } => (
            match action {
                WebhooksAction::Register { .. } => JobKind::RegisterWebhooks,
                WebhooksAction::List => JobKind::ListWebhooks,
                WebhooksAction::Remove { .. } => JobKind::RemoveWebhooks,
            },
            ItemKind::Webhook,
        ),
    }
}

/// Reads, parses and resolves the configuration file (every shop of it); every problem
/// names its key. The state file is found beside the configuration file.
pub fn load_config(path: &Path, env: &EnvLookup) -> Result<Vec<Config>, Vec<ConfigError>> {
    smartweb_rackbeat::config::load(path, |key| env(key))
}

async fn build(config: &Config, dry_run: bool) -> Result<Integration, String> {
    // A dry run must not create the state file: without one there is nothing to remember yet.
    let store: Arc<dyn StateStore> =
        if dry_run && config.state_url.is_none() && !config.state_path.exists() {
            Arc::new(MemoryStore::new())
        } else {
            config
                .open_store()
                .await
                .map_err(|e| match config.state_url {
                    Some(_) => format!("state.url: {e}"),
                    None => format!("state.path: {}: {e}", config.state_path.display()),
                })?
        };
    config
        .integration(store, dry_run)
        .map_err(|e| e.to_string())
}

fn print_report(report: &JobReport, json: bool, out: &mut dyn Write, err: &mut dyn Write) {
    if json {
        match serde_json::to_string_pretty(report) {
            Ok(text) => {
                let _ = writeln!(out, "{text}");
            }
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the report as JSON: {e}");
            }
        }
    } else {
        let _ = write!(out, "{}", report.render_table());
    }
}

/// The configuration keys behind a credential refused by `system`.
fn credential_keys(problem: &str) -> &'static str {
    let lower = problem.to_ascii_lowercase();
    if lower.starts_with("rackbeat") {
        "rackbeat.token"
    } else {
        "smartweb.username / smartweb.password"
    }
}

fn exit_code(report: &JobReport, err: &mut dyn Write) -> u8 {
    if let Some(problem) = &report.credential_error {
        let _ = writeln!(
            err,
            "credential error ({}): {problem}",
            credential_keys(problem)
        );
        EXIT_CONFIG
    } else if report.has_failures() {
        let _ = writeln!(
            err,
            "{} item(s) failed; the report says which and why",
            report.failed.len()
        );
        EXIT_FAILED_ITEMS
    } else {
        EXIT_OK
    }
}

/// `run`: every shop's scheduler, plus the webhook listener when `listen` is given, until
/// `shutdown`. One shop listens at `/webhooks/{smartweb,rackbeat}`; several shops at
/// `/webhooks/<shop>/{smartweb,rackbeat}`. A scheduled run or a webhook delivery whose work
/// panicked is reported as failed, and the exit status is then [`EXIT_FAILED_ITEMS`].
async fn serve(
    integrations: Vec<(String, Integration)>,
    listen: Option<SocketAddr>,
    shutdown: CancellationToken,
    listening: Option<oneshot::Sender<SocketAddr>>,
    err: &mut dyn Write,
) -> u8 {
    // Bind first: a bad address is a configuration error, before anything runs.
    let socket = match listen {
        Some(addr) => match tokio::net::TcpListener::bind(addr).await {
            Ok(socket) => Some(socket),
            Err(e) => {
                let _ = writeln!(err, "configuration error: --listen {addr}: {e}");
                return EXIT_CONFIG;
            }
        },
        None => None,
    };
    let intake = IntakeConfig::default();
    let several = integrations.len() > 1;
    let mut app = Router::new();
    let mut workers = Vec::new();
    let mut schedulers = Vec::new();
    for (shop, integration) in &integrations {
        let (receiver, worker) = integration.webhook_receiver(intake);
        let prefix = if several {
            format!("/webhooks/{shop}")
        } else {
            "/webhooks".to_owned()
        };
        if socket.is_some() {
            app = app.nest(&prefix, webhook_router(receiver));
        }
        workers.push((
            shop.clone(),
            tokio::spawn(worker.run(CancellationToken::new())),
        ));
        let scheduler = integration.scheduler();
        let jobs: Vec<String> = scheduler
            .jobs()
            .iter()
            .map(|(name, every)| format!("{name} every {} min", every.as_secs() / 60))
            .collect();
        let _ = writeln!(err, "shop {shop}: scheduled {}", jobs.join(", "));
        schedulers.push((shop.clone(), tokio::spawn(scheduler.run(shutdown.clone()))));
    }

    let server = socket.map(|socket| {
        let bound = socket.local_addr().ok();
        let shops = if several { "<shop>/" } else { "" };
        if let Some(bound) = bound {
            let _ = writeln!(
                err,
                "listening for webhooks on http://{bound}/webhooks/{shops}smartweb and http://{bound}/webhooks/{shops}rackbeat"
            );
        }
        if let (Some(tell), Some(bound)) = (listening, bound) {
            let _ = tell.send(bound);
        }
        let limits = ListenerLimits {
            max_body_bytes: intake.max_body_bytes,
            ..ListenerLimits::default()
        };
        tokio::spawn(listener::serve(socket, app, limits, shutdown.clone()))
    });

    let _ = writeln!(err, "running; press Ctrl-C to stop");
    shutdown.cancelled().await;
    let _ = writeln!(err, "stopping: finishing running jobs…");
    let mut status = EXIT_OK;
    if let Some(server) = server
        && let Err(e) = server.await
    {
        let _ = writeln!(err, "error: the webhook listener failed: {e}");
        status = EXIT_FAILED_ITEMS;
    }
    // The server is gone, so every receiver is dropped: the workers finish the queued work and
    // stop; the schedulers finish their running job and stop.
    for (shop, scheduler) in schedulers {
        match scheduler.await {
            Ok(panics) => {
                for failed in &panics {
                    let _ = writeln!(err, "error: shop {shop}: {failed}");
                }
                if !panics.is_empty() {
                    status = EXIT_FAILED_ITEMS;
                }
            }
            Err(e) => {
                let _ = writeln!(err, "error: shop {shop}: the scheduler failed: {e}");
                status = EXIT_FAILED_ITEMS;
            }
        }
    }
    for (shop, worker) in workers {
        match worker.await {
            Ok(done) if done.panicked > 0 => {
                let _ = writeln!(
                    err,
                    "error: shop {shop}: the work of {} webhook deliveries failed: it panicked",
                    done.panicked
                );
                status = EXIT_FAILED_ITEMS;
            }
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(err, "error: shop {shop}: the webhook worker failed: {e}");
                status = EXIT_FAILED_ITEMS;
            }
        }
    }
    let _ = writeln!(err, "stopped");
    status
}

/// The HTTP side of `run --listen` for one shop: `POST /smartweb` and `POST /rackbeat` (nested
/// under `/webhooks` or `/webhooks/<shop>`). The listener ([`listener::serve`]) bounds the
/// connection and the body; everything else is the receiver's business.
pub fn webhook_router(receiver: WebhookReceiver) -> Router {
    Router::new()
        .route("/smartweb", post(smartweb_hook))
        .route("/rackbeat", post(rackbeat_hook))
        .with_state(receiver)
}

fn reply(r: WebhookReply) -> (StatusCode, String) {
    (
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        r.message,
    )
}

async fn smartweb_hook(
    State(receiver): State<WebhookReceiver>,
    map: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    reply(
        receiver
            .handle_smartweb_webhook(&Headers::from(&map), &body)
            .await,
    )
}

async fn rackbeat_hook(
    State(receiver): State<WebhookReceiver>,
    map: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    reply(
        receiver
            .handle_rackbeat_webhook(&Headers::from(&map), &body)
            .await,
    )
}
