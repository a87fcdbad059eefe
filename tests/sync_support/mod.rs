//! Runs the `sync` program in-process, as its `main` does, with a chosen environment and
//! shutdown token, and captures its exit status, stdout and stderr. The including test crate
//! includes the CLI source as `mod cli` (`#[path = "../examples/sync/cli.rs"]`).
#![allow(dead_code)]

use std::path::Path;

use tokio_util::sync::CancellationToken;

/// What one run of the program left behind.
pub struct Outcome {
    /// The exit status.
    pub code: u8,
    /// Everything written to stdout.
    pub out: String,
    /// Everything written to stderr.
    pub err: String,
}

/// Runs `sync --config <config> <args…>`; `env` answers the `*_env` lookups and `shutdown`
/// stops a `run` (cancel it beforehand to stop one right after it has started).
pub async fn run_sync(
    config: &Path,
    args: &[&str],
    env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    shutdown: CancellationToken,
) -> Outcome {
    let mut argv = vec![
        "sync".to_owned(),
        "--config".to_owned(),
        config.to_string_lossy().into_owned(),
    ];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    let ctx = crate::cli::Context {
        env: Box::new(env),
        shutdown,
        listening: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = crate::cli::run_cli(argv, ctx, &mut out, &mut err).await;
    Outcome {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}
