//! `sync`: run the SmartWeb ↔ Rackbeat integration against real shops (or any compatible
//! server) from a TOML configuration file. See `docs/PROGRAMS.md`.
//!
//! ```text
//! cargo run --example sync -- --config sync.toml check
//! cargo run --example sync -- --config sync.toml probe --write
//! cargo run --example sync -- --config sync.toml orders --since 2026-11-01T00:00:00+01:00
//! cargo run --example sync -- --config sync.toml order 1042
//! cargo run --example sync -- --config sync.toml products --dry-run
//! cargo run --example sync -- --config sync.toml stock --json
//! cargo run --example sync -- --config sync.toml writeback
//! cargo run --example sync -- --config sync.toml run --listen 127.0.0.1:8080
//! ```
//!
//! Exit status: 0 success, 1 when some items failed (the report says which and why), 2 on
//! configuration or credential errors (the message names the key). Reports go to stdout (a
//! table, or JSON with `--json`); progress and logs go to stderr (`SYNC_LOG=info` for more).

mod cli;

use std::process::ExitCode;

use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// The program: logs, runtime, signals, then [`cli::run_cli`] on the process's arguments.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let filter = || EnvFilter::try_from_env("SYNC_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter());
    match cli::log_format(&args) {
        cli::LogFormat::Text => logs.init(),
        cli::LogFormat::Json => logs.json().init(),
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::from(cli::EXIT_CONFIG);
        }
    };
    let status = runtime.block_on(async {
        let shutdown = CancellationToken::new();
        let on_signal = shutdown.clone();
        tokio::spawn(async move {
            let signal = tokio::select! {
                Ok(()) = tokio::signal::ctrl_c() => "Ctrl-C",
                () = terminated() => "SIGTERM",
            };
            // Said at once, so whoever sent the signal can see it arrived.
            eprintln!("received {signal}: finishing the order in flight, then stopping");
            on_signal.cancel();
        });
        let mut out = std::io::stdout();
        let mut err = std::io::stderr();
        cli::run_cli(args, cli::Context::process(shutdown), &mut out, &mut err).await
    });
    ExitCode::from(status)
}

/// Resolves when the process is asked to terminate (SIGTERM: `systemctl stop`, `docker
/// stop`, Kubernetes); never where there is no such signal or it cannot be watched.
async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            term.recv().await;
            return;
        }
    }
    std::future::pending::<()>().await;
}
