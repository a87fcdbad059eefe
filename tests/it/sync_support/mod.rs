//! Runs the `sync` program in-process, as its `main` does, with a chosen environment and
//! shutdown token, and captures its exit status, stdout and stderr. The including test crate
//! includes the CLI source as `mod cli` (`#[path = "../examples/sync/cli.rs"]`).
#![allow(dead_code)]

use std::path::Path;

use smartweb_client::mock::{DEFAULT_USERNAME, MockSmartWeb};
use tokio_util::sync::CancellationToken;

/// The environment variable the test configurations name for the SmartWeb password.
pub const SW_PASS: &str = "SYNC_TEST_SW_PASS";
/// … for the Rackbeat token.
pub const RB_TOKEN: &str = "SYNC_TEST_RB_TOKEN";
/// … for the SmartWeb webhook secret.
pub const SW_HOOK: &str = "SYNC_TEST_SW_HOOK";

/// A configuration of the program for both fakes (the Rackbeat one at `rackbeat_url`, its
/// own or a stand-in's in front of it), with `settings` and the state file at `state`;
/// secrets come from [`SW_PASS`], [`RB_TOKEN`] and [`SW_HOOK`]; pacing out of the way.
pub fn fake_config(
    sw: &MockSmartWeb,
    rackbeat_url: &str,
    settings: toml::Value,
    state: &Path,
) -> toml::Table {
    let mut table = toml::Table::new();
    let mut smartweb = toml::Table::new();
    smartweb.insert("endpoint".into(), sw.endpoint().into());
    smartweb.insert("username".into(), DEFAULT_USERNAME.into());
    smartweb.insert("password_env".into(), SW_PASS.into());
    smartweb.insert("webhook_secret_env".into(), SW_HOOK.into());
    smartweb.insert("requests_per_second".into(), 1000.into());
    let mut rackbeat = toml::Table::new();
    rackbeat.insert("base_url".into(), rackbeat_url.into());
    rackbeat.insert("token_env".into(), RB_TOKEN.into());
    rackbeat.insert("requests_per_minute".into(), 1_000_000.into());
    let mut state_table = toml::Table::new();
    state_table.insert("path".into(), state.to_string_lossy().into_owned().into());
    table.insert("smartweb".into(), smartweb.into());
    table.insert("rackbeat".into(), rackbeat.into());
    table.insert("settings".into(), settings);
    table.insert("state".into(), state_table.into());
    table
}

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
        progress: None,
        metrics: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = crate::cli::run_cli(argv, ctx, &mut out, &mut err).await;
    Outcome {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}
