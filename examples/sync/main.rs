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

fn main() -> ExitCode {
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
            return ExitCode::from(cli::EXIT_CONFIG);
        }
    };
    let status = runtime.block_on(async {
        let shutdown = CancellationToken::new();
        let on_ctrl_c = shutdown.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        let args: Vec<String> = std::env::args().collect();
        let mut out = std::io::stdout();
        let mut err = std::io::stderr();
        cli::run_cli(args, cli::Context::process(shutdown), &mut out, &mut err).await
    });
    ExitCode::from(status)
}
