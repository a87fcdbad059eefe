//! `sync`: run the SmartWeb ↔ Rackbeat integration against real shops (or any compatible
//! server) from a TOML configuration file.
//!
//! ```text
//! cargo run --example sync -- --config sync.toml check
//! cargo run --example sync -- --config sync.toml orders --since 2026-11-01T00:00:00+01:00
//! cargo run --example sync -- --config sync.toml order 1042
//! cargo run --example sync -- --config sync.toml products --dry-run
//! cargo run --example sync -- --config sync.toml stock --json
//! cargo run --example sync -- --config sync.toml run --listen 127.0.0.1:8080
//! ```
//!
//! Exit status: 0 success, 1 when some items failed (the report says which and why), 2 on
//! configuration or credential errors (the message names the key). Reports go to stdout (a
//! table, or JSON with `--json`); progress and logs go to stderr.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use smartweb_rackbeat::config::{self, Config};
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::report::JobReport;
use smartweb_rackbeat::{Integration, OrderWindow, StockScope, WebhookReceiver};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Parser)]
#[command(name = "sync", about = "SmartWeb ↔ Rackbeat sync", version)]
struct Cli {
    /// The configuration file (TOML).
    #[arg(long, global = true, default_value = "sync.toml")]
    config: PathBuf,
    /// Plan and report only: write nothing to either system or the state file.
    #[arg(long, global = true)]
    dry_run: bool,
    /// Print the job's report as JSON on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every setting against both systems ("Update settings").
    Check,
    /// Import orders created or updated in a window (default: since the last run).
    Orders {
        /// Start of the window (RFC 3339).
        #[arg(long)]
        since: Option<DateTime<chrono::FixedOffset>>,
        /// End of the window (RFC 3339); default now.
        #[arg(long)]
        until: Option<DateTime<chrono::FixedOffset>>,
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
        /// Address to listen on for webhooks, e.g. `127.0.0.1:8080`.
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
}

const EXIT_OK: u8 = 0;
const EXIT_FAILED_ITEMS: u8 = 1;
const EXIT_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SYNC_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    ExitCode::from(runtime.block_on(run(cli)))
}

async fn run(cli: Cli) -> u8 {
    let config = match config::load(&cli.config) {
        Ok(c) => c,
        Err(problems) => {
            for p in problems {
                eprintln!("configuration error: {p}");
            }
            return EXIT_CONFIG;
        }
    };
    for warning in &config.warnings {
        eprintln!("warning: {warning}");
    }
    let integration = match build(&config, cli.dry_run).await {
        Ok(i) => i,
        Err(message) => {
            eprintln!("configuration error: {message}");
            return EXIT_CONFIG;
        }
    };

    let report = match cli.command {
        Command::Check => integration.check_settings().await,
        Command::Orders { since, until } => {
            eprintln!("importing orders…");
            integration
                .import_orders(OrderWindow {
                    since: since.map(|t| t.with_timezone(&Utc)),
                    until: until.map(|t| t.with_timezone(&Utc)),
                })
                .await
        }
        Command::Order { number } => integration.import_order(number).await,
        Command::Products => {
            eprintln!("syncing products…");
            integration.sync_products().await
        }
        Command::Stock { items } => {
            eprintln!("syncing stock…");
            let scope = if items.is_empty() {
                StockScope::All
            } else {
                StockScope::Items(items)
            };
            integration.sync_stock(scope).await
        }
        Command::Writeback => integration.write_back().await,
        Command::Run { listen } => return serve(integration, listen).await,
    };
    print_report(&report, cli.json);
    exit_code(&report)
}

async fn build(config: &Config, dry_run: bool) -> Result<Integration, String> {
    let store = config
        .open_store()
        .await
        .map_err(|e| format!("state.path: {e}"))?;
    config
        .integration(store, dry_run)
        .map_err(|e| e.to_string())
}

fn print_report(report: &JobReport, json: bool) {
    if json {
        match serde_json::to_string_pretty(report) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: cannot write the report as JSON: {e}"),
        }
    } else {
        println!("{}", report.render_table());
    }
}

fn exit_code(report: &JobReport) -> u8 {
    if let Some(problem) = &report.credential_error {
        eprintln!("credential error: {problem}");
        EXIT_CONFIG
    } else if report.has_failures() {
        EXIT_FAILED_ITEMS
    } else {
        EXIT_OK
    }
}

/// `run`: the scheduler, plus the webhook listener when `listen` is given.
async fn serve(integration: Integration, listen: Option<SocketAddr>) -> u8 {
    let shutdown = CancellationToken::new();
    let (receiver, worker) = integration.webhook_receiver(IntakeConfig::default());
    let worker = tokio::spawn(worker.run(shutdown.clone()));
    let scheduler = tokio::spawn(integration.scheduler().run(shutdown.clone()));

    let server = match listen {
        Some(addr) => {
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("configuration error: --listen {addr}: {e}");
                    shutdown.cancel();
                    return EXIT_CONFIG;
                }
            };
            eprintln!("listening for webhooks on http://{addr}/webhooks/{{smartweb,rackbeat}}");
            let app = webhook_router(receiver, IntakeConfig::default().max_body_bytes);
            let stop = shutdown.clone();
            Some(tokio::spawn(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move { stop.cancelled().await })
                    .await
            }))
        }
        None => None,
    };

    eprintln!("running; press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    eprintln!("stopping: finishing running jobs…");
    shutdown.cancel();
    let _ = scheduler.await;
    let _ = worker.await;
    if let Some(server) = server {
        let _ = server.await;
    }
    EXIT_OK
}

/// How long a client may take to send its request body (slow-loris guard).
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

fn webhook_router(receiver: WebhookReceiver, max_body: usize) -> Router {
    Router::new()
        .route("/webhooks/smartweb", post(smartweb_hook))
        .route("/webhooks/rackbeat", post(rackbeat_hook))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_READ_TIMEOUT,
        ))
        .with_state(receiver)
}

fn headers(map: &HeaderMap) -> Headers {
    Headers::from_pairs(
        map.iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned()))),
    )
}

fn reply(r: smartweb_rackbeat::WebhookReply) -> (StatusCode, String) {
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
            .handle_smartweb_webhook(&headers(&map), &body)
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
            .handle_rackbeat_webhook(&headers(&map), &body)
            .await,
    )
}
