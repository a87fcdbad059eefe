//! The `sync` command line, as a library: [`run_cli`] parses the arguments, loads the
//! configuration, runs one command and returns the exit status. `main.rs` wires it to the
//! process (arguments, environment, stdout/stderr, Ctrl-C); tests call it in-process with
//! their own environment, buffers and shutdown token (`#[path = "../examples/sync/cli.rs"]`).
//!
//! Exit status: [`EXIT_OK`], [`EXIT_FAILED_ITEMS`] when some items failed (the report says
//! which and why), [`EXIT_CONFIG`] on configuration or credential errors (the message names
//! the key). Reports go to `out` (a table, or JSON with `--json`); progress to `err`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, FixedOffset, Utc};
use clap::{Parser, Subcommand};
use smartweb_rackbeat::config::{Config, ConfigError, ConfigFile};
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::report::JobReport;
use smartweb_rackbeat::state::{MemoryStore, StateStore};
use smartweb_rackbeat::{Integration, OrderWindow, StockScope, WebhookReceiver, WebhookReply};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

/// Success.
pub const EXIT_OK: u8 = 0;
/// The job ran, but some items failed.
pub const EXIT_FAILED_ITEMS: u8 = 1;
/// A configuration or credential error (or a command-line usage error).
pub const EXIT_CONFIG: u8 = 2;

/// How long a client may take to send its request body (slow-loris guard).
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// Run the scheduler, and with `--listen` an HTTP listener for both systems' webhooks at
    /// `/webhooks/smartweb` and `/webhooks/rackbeat`. Stops on Ctrl-C.
    Run {
        /// Address to listen on for webhooks, e.g. `127.0.0.1:8080` (port 0: any free port).
        #[arg(long)]
        listen: Option<SocketAddr>,
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
    let config = match load_config(&cli.config, &ctx.env) {
        Ok(c) => c,
        Err(problems) => {
            for p in problems {
                let _ = writeln!(err, "configuration error: {p}");
            }
            return EXIT_CONFIG;
        }
    };
    for warning in &config.warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    let integration = match build(&config, cli.dry_run).await {
        Ok(i) => i,
        Err(problem) => {
            let _ = writeln!(err, "configuration error: {problem}");
            return EXIT_CONFIG;
        }
    };
    if cli.dry_run {
        let _ = writeln!(
            err,
            "dry run: nothing is written to SmartWeb, Rackbeat or the state file"
        );
    }

    let report = match cli.command {
        Command::Check => {
            let _ = writeln!(err, "checking the settings against both systems…");
            integration.check_settings().await
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
            integration.import_order(number).await
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
                StockScope::Items(items)
            };
            integration.sync_stock(scope).await
        }
        Command::Writeback => {
            let _ = writeln!(err, "writing order status back to SmartWeb…");
            integration.write_back().await
        }
        Command::Run { listen } => {
            return serve(integration, listen, ctx.shutdown, ctx.listening, err).await;
        }
    };
    print_report(&report, cli.json, out, err);
    exit_code(&report, err)
}

/// Reads, parses and resolves the configuration file; every problem names its key.
pub fn load_config(path: &Path, env: &EnvLookup) -> Result<Config, Vec<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![ConfigError {
            key: "config".to_owned(),
            message: format!("cannot read {}: {e}", path.display()),
        }]
    })?;
    ConfigFile::parse(&text)
        .map_err(|e| vec![e])?
        .resolve(|key| env(key))
}

async fn build(config: &Config, dry_run: bool) -> Result<Integration, String> {
    // A dry run must not create the state file: without one there is nothing to remember yet.
    let store: Arc<dyn StateStore> = if dry_run && !config.state_path.exists() {
        Arc::new(MemoryStore::new())
    } else {
        config
            .open_store()
            .await
            .map_err(|e| format!("state.path: {}: {e}", config.state_path.display()))?
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

/// `run`: the scheduler, plus the webhook listener when `listen` is given, until `shutdown`.
async fn serve(
    integration: Integration,
    listen: Option<SocketAddr>,
    shutdown: CancellationToken,
    listening: Option<oneshot::Sender<SocketAddr>>,
    err: &mut dyn Write,
) -> u8 {
    let intake = IntakeConfig::default();
    let (receiver, worker) = integration.webhook_receiver(intake);

    // Bind first: a bad address is a configuration error, before anything runs.
    let server = match listen {
        Some(addr) => {
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => l,
                Err(e) => {
                    let _ = writeln!(err, "configuration error: --listen {addr}: {e}");
                    return EXIT_CONFIG;
                }
            };
            let bound = listener.local_addr().unwrap_or(addr);
            let _ = writeln!(
                err,
                "listening for webhooks on http://{bound}/webhooks/smartweb and http://{bound}/webhooks/rackbeat"
            );
            if let Some(tell) = listening {
                let _ = tell.send(bound);
            }
            let app = webhook_router(receiver, intake.max_body_bytes);
            let stop = shutdown.clone();
            Some(tokio::spawn(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move { stop.cancelled().await })
                    .await
            }))
        }
        None => {
            drop(receiver);
            None
        }
    };
    let worker = tokio::spawn(worker.run(shutdown.clone()));
    let scheduler = integration.scheduler();
    let jobs: Vec<String> = scheduler
        .jobs()
        .iter()
        .map(|(name, every)| format!("{name} every {} min", every.as_secs() / 60))
        .collect();
    let _ = writeln!(err, "scheduled: {}", jobs.join(", "));
    let scheduler = tokio::spawn(scheduler.run(shutdown.clone()));

    let _ = writeln!(err, "running; press Ctrl-C to stop");
    shutdown.cancelled().await;
    let _ = writeln!(err, "stopping: finishing running jobs…");
    let mut status = EXIT_OK;
    if let Some(server) = server {
        match server.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                let _ = writeln!(err, "error: the webhook listener stopped: {e}");
                status = EXIT_FAILED_ITEMS;
            }
            Err(e) => {
                let _ = writeln!(err, "error: the webhook listener failed: {e}");
                status = EXIT_FAILED_ITEMS;
            }
        }
    }
    let _ = scheduler.await;
    let _ = worker.await;
    let _ = writeln!(err, "stopped");
    status
}

/// The HTTP side of `run --listen`: `POST /webhooks/smartweb` and `POST /webhooks/rackbeat`,
/// a bounded body and a body-read timeout; everything else is the receiver's business.
pub fn webhook_router(receiver: WebhookReceiver, max_body: usize) -> Router {
    Router::new()
        .route("/webhooks/smartweb", post(smartweb_hook))
        .route("/webhooks/rackbeat", post(rackbeat_hook))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_READ_TIMEOUT,
        ))
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
