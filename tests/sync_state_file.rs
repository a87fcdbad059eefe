//! Where the `sync` program keeps its state file, and what it does with a damaged one. Run
//! in-process (the CLI source is included) against closed loopback ports: every run here stops
//! before the first request.
//!
//! One test changes the working directory of this test process; every other path here is
//! absolute, so the tests do not depend on it. That change is why this file is its own test
//! binary and not a module of `tests/it/` (whose tests share one process and would all see
//! it); it shares the helpers of `tests/it/` instead.

#[path = "../examples/sync/cli.rs"]
#[allow(dead_code)]
mod cli;
#[path = "it/engine_support/mod.rs"]
mod engine_support;
#[path = "it/sync_support/mod.rs"]
mod sync_support;

use std::path::{Path, PathBuf};

use smartweb_rackbeat::state::StateStore;
use sync_support::{Outcome, run_sync};
use tokio_util::sync::CancellationToken;

const CONFIG: &str = r#"
[smartweb]
endpoint = "http://127.0.0.1:9/service.php"
username = "api@example.dk"
password_env = "SW_PASS"
[rackbeat]
base_url = "http://127.0.0.1:9/api/"
token_env = "RB_TOKEN"
consumer_contact = "it@example.dk"
[settings]
layout = 1
payment_terms = 1
customer_group = 1
smartweb_category_id = 1
shipping_product_with_vat = "FRAGT"
shipping_product_without_vat = "FRAGT0"
fee_product = "GEBYR"
"#;

/// Runs `sync --config <config_file> <args>`; a `run` stops at once (its shutdown token is
/// cancelled before it starts), after opening the state.
async fn sync(config_file: &Path, args: &[&str]) -> Outcome {
    let shutdown = CancellationToken::new();
    shutdown.cancel();
    run_sync(
        config_file,
        args,
        |key| Some(format!("value-of-{key}")),
        shutdown,
    )
    .await
}

fn write_config(dir: &Path, state: &str) -> PathBuf {
    let file = dir.join("sync.toml");
    std::fs::write(&file, format!("{CONFIG}\n{state}")).unwrap();
    file
}

#[tokio::test]
async fn the_state_file_is_beside_the_config_whatever_the_working_directory() {
    let home = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("etc");
    std::fs::create_dir(&config_dir).unwrap();
    let default_config = write_config(&config_dir, "");
    let nested_dir = home.path().join("nested");
    std::fs::create_dir_all(nested_dir.join("state")).unwrap();
    let relative_config = write_config(&nested_dir, "[state]\npath = \"state/shop.sqlite\"\n");

    let original = std::env::current_dir().unwrap();
    std::env::set_current_dir(elsewhere.path()).unwrap();
    // The config file given relative to the working directory, as a cron line would.
    let relative_to_cwd = pathdiff(&default_config, elsewhere.path());
    let first = sync(&relative_to_cwd, &["run"]).await;
    let second = sync(&relative_config, &["run"]).await;
    std::env::set_current_dir(&original).unwrap();

    assert_eq!(first.code, cli::EXIT_OK, "{}\n{}", first.out, first.err);
    assert_eq!(second.code, cli::EXIT_OK, "{}\n{}", second.out, second.err);
    assert!(
        config_dir.join("smartweb-rackbeat.sqlite").exists(),
        "the default file is beside the config"
    );
    assert!(
        nested_dir.join("state").join("shop.sqlite").exists(),
        "a relative path is relative to the config's directory"
    );
    let in_cwd: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        in_cwd.is_empty(),
        "nothing in the working directory: {in_cwd:?}"
    );
}

/// `target` relative to `from` (both absolute, `from` a directory), via `..` steps.
fn pathdiff(target: &Path, from: &Path) -> PathBuf {
    let target: Vec<_> = target.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = target.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..from.len() {
        relative.push("..");
    }
    for part in &target[common..] {
        relative.push(part);
    }
    relative
}

#[tokio::test]
async fn a_damaged_state_file_exits_2_naming_it_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let state = dir.path().join("smartweb-rackbeat.sqlite");

    // A healthy file first (the `run` creates and migrates it), then 200 bytes flipped in
    // its second page.
    let created = sync(&config, &["run"]).await;
    assert_eq!(created.code, cli::EXIT_OK, "{}", created.err);
    let mut bytes = std::fs::read(&state).unwrap();
    assert!(bytes.len() >= 2 * 4096, "{} bytes", bytes.len());
    let end = (4096 + 200).min(bytes.len());
    for b in &mut bytes[4096..end] {
        *b = !*b;
    }
    std::fs::write(&state, &bytes).unwrap();

    for (what, content) in [
        ("flipped bytes", bytes.clone()),
        ("garbage", b"not a database at all, just text".to_vec()),
    ] {
        std::fs::write(&state, &content).unwrap();
        for args in [&["orders"][..], &["order", "1001"], &["run"]] {
            let o = sync(&config, args).await;
            assert_eq!(o.code, cli::EXIT_CONFIG, "{what} {args:?}: {}", o.err);
            assert!(
                o.err.contains("configuration error: state.path")
                    && o.err.contains(&state.display().to_string())
                    && o.err.contains("is damaged"),
                "{what} {args:?}: {}",
                o.err
            );
            assert!(
                !o.err.contains("importing"),
                "{what}: nothing runs: {}",
                o.err
            );
            assert_eq!(std::fs::read(&state).unwrap(), content, "{what}: untouched");
        }
    }
}

#[tokio::test]
async fn an_empty_state_file_is_a_fresh_state() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), "");
    let state = dir.path().join("smartweb-rackbeat.sqlite");
    std::fs::write(&state, b"").unwrap();
    let o = sync(&config, &["run"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}", o.err);
    assert!(std::fs::metadata(&state).unwrap().len() > 0, "migrated");
}

/// A cursor read from the state file may hold any instant (a hand-edited or damaged-but-valid
/// file): the window arithmetic on it is checked, so the job reports instead of panicking.
#[tokio::test]
async fn a_write_back_cursor_at_the_edge_of_time_does_not_panic() {
    let world = engine_support::World::new().await;
    let mut settings = engine_support::settings();
    settings.status_writeback.enabled = true;
    let integration = world.integration_with(settings, false);
    let earliest = chrono::DateTime::<chrono::Utc>::MIN_UTC;
    world
        .store
        .advance_cursor(smartweb_rackbeat::integration::WRITEBACK_CURSOR, earliest)
        .await
        .unwrap();
    let report = integration.write_back().await;
    assert_eq!(report.job.as_str(), "write_back");
    assert!(!report.has_failures(), "{report:?}");
    let cursor = world
        .store
        .cursor(smartweb_rackbeat::integration::WRITEBACK_CURSOR)
        .await
        .unwrap();
    assert!(cursor > Some(earliest), "the cursor moved on: {cursor:?}");
}
