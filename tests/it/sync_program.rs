//! The `sync` program, run in-process against both fakes (seeded with the demo shop) for
//! every command: exit statuses, what lands in the fakes, `--dry-run`, `--json`, bad
//! configurations, and `run --listen` with real HTTP webhook deliveries on loopback.

use crate::cli;
use crate::shop;
use crate::sync_support;

use std::net::SocketAddr;
use std::path::PathBuf;

use base64::Engine;
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use rackbeat_client::mock::MockRackbeat;
use secrecy::ExposeSecret;
use smartweb_client::mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, Fault, MockSmartWeb};
use smartweb_rackbeat::config::ConfigFile;
use sync_support::{Outcome, RB_TOKEN, SW_HOOK, SW_PASS, fake_config, run_sync};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

/// Both fakes with the demo shop, and a config file for them in a temp dir.
struct Fixture {
    sw: MockSmartWeb,
    rb: MockRackbeat,
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Fixture {
    async fn start() -> Self {
        let sw = MockSmartWeb::start().await;
        let rb = MockRackbeat::start().await;
        shop::seed(&sw, &rb).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("sync.toml");
        let fixture = Self {
            sw,
            rb,
            dir,
            config,
        };
        fixture.write_config(|_| {});
        fixture
    }

    /// Writes the config file; `edit` may change the TOML table first.
    fn write_config(&self, edit: impl FnOnce(&mut toml::Table)) {
        let mut table = fake_config(
            &self.sw,
            &self.rb.uri(),
            toml::Value::try_from(shop::settings()).unwrap(),
            &self.state_path(),
        );
        edit(&mut table);
        std::fs::write(&self.config, toml::to_string(&table).unwrap()).unwrap();
    }

    fn state_path(&self) -> PathBuf {
        self.dir.path().join("state.sqlite")
    }

    fn env(&self) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let token = self.rb.token().expose_secret().to_owned();
        move |key| match key {
            SW_PASS => Some(DEFAULT_PASSWORD.to_owned()),
            RB_TOKEN => Some(token.clone()),
            SW_HOOK => Some(shop::WEBHOOK_SECRET.to_owned()),
            _ => None,
        }
    }

    async fn sync(&self, args: &[&str]) -> Outcome {
        self.sync_with(args, self.env()).await
    }

    async fn sync_with(
        &self,
        args: &[&str],
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Outcome {
        run_sync(&self.config, args, env, CancellationToken::new()).await
    }

    fn rackbeat_references(&self) -> Vec<String> {
        self.rb
            .records("orders")
            .iter()
            .filter_map(|o| o.get("other_reference")?.as_str().map(str::to_owned))
            .collect()
    }
}

fn rfc3339(d: chrono::DateTime<Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_passes_against_a_complete_setup() {
    let f = Fixture::start().await;
    let o = f.sync(&["check"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(
        o.out
            .starts_with("check_settings: created 0, updated 0, skipped 0, failed 0"),
        "{}",
        o.out
    );
    assert!(o.out.contains("0 problems"), "{}", o.out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_without_smartweb_says_so_in_one_line_and_exits_1() {
    let f = Fixture::start().await;
    // A loopback port nobody listens on: every connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/service.php");
    f.write_config(|t| {
        let smartweb = t["smartweb"].as_table_mut().unwrap();
        smartweb.insert("endpoint".into(), endpoint.clone().into());
        smartweb.insert("connect_timeout_seconds".into(), 3.into());
    });
    let o = f.sync(&["check", "--json"]).await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    let prefix = format!("error: cannot reach SmartWeb at {endpoint}: connection refused (");
    let lines: Vec<&str> = o.err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 1, "{}", o.err);
    assert!(lines[0].starts_with(&prefix), "{}", o.err);
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["failed"].as_array().unwrap().len(), 1, "{}", o.out);
    let failure = &report["failed"][0]["failure"];
    assert_eq!(failure["kind"], "transport.refused", "{}", o.out);
    assert_eq!(failure["service"], "smartweb");
    assert!(failure["causes"].as_array().unwrap().len() > 1, "{}", o.out);
    assert!(
        report["unreachable"]
            .as_str()
            .unwrap()
            .starts_with("cannot reach SmartWeb")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_names_every_missing_reference_and_exits_1() {
    let f = Fixture::start().await;
    f.write_config(|t| {
        let settings = t["settings"].as_table_mut().unwrap();
        settings.insert("layout".into(), 77.into());
        settings.insert("fee_product".into(), "NO-SUCH-FEE".into());
    });
    let o = f.sync(&["check"]).await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    assert!(
        o.out.contains("layout 77 does not exist in Rackbeat"),
        "{}",
        o.out
    );
    assert!(
        o.out.contains("product NO-SUCH-FEE does not exist"),
        "{}",
        o.out
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_in_a_window_go_through_except_the_unmappable_one() {
    let f = Fixture::start().await;
    let now = Utc::now();
    let since = rfc3339(now - Duration::days(30));
    let until = rfc3339(now + Duration::hours(1));
    let o = f
        .sync(&["orders", "--since", &since, "--until", &until])
        .await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    assert!(
        o.out
            .contains(&format!("created {}", shop::TRANSFERABLE_ORDERS)),
        "{}",
        o.out
    );
    let failed = format!(
        "failed   order  {}  cannot be mapped",
        shop::UNMAPPABLE_ORDER
    );
    assert!(o.out.contains(&failed), "{}", o.out);
    assert!(o.out.contains("has no item number"), "{}", o.out);
    assert!(o.err.contains("1 item(s) failed"), "{}", o.err);
    assert!(
        o.err.contains("importing orders"),
        "progress goes to stderr: {}",
        o.err
    );
    assert_eq!(f.rb.records("orders").len(), shop::TRANSFERABLE_ORDERS);
    assert!(f.state_path().exists(), "the state file is created");

    // A rerun of the same window creates nothing; the unmappable order fails again.
    let again = f
        .sync(&["orders", "--since", &since, "--until", &until])
        .await;
    assert_eq!(again.code, cli::EXIT_FAILED_ITEMS, "{}", again.out);
    assert!(
        again.out.starts_with("import_orders: created 0"),
        "{}",
        again.out
    );
    assert_eq!(f.rb.records("orders").len(), shop::TRANSFERABLE_ORDERS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_window_limits_what_is_imported() {
    let f = Fixture::start().await;
    let now = Utc::now();
    // Only the newest seeded order (placed 15 hours ago) lies in the last 20 hours.
    let o = f
        .sync(&[
            "orders",
            "--since",
            &rfc3339(now - Duration::hours(20)),
            "--until",
            &rfc3339(now),
        ])
        .await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let newest = shop::FIRST_ORDER + shop::SEEDED_ORDERS - 1;
    assert_eq!(f.rackbeat_references(), vec![format!("SW-{newest}")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_by_number_imports_that_order_only() {
    let f = Fixture::start().await;
    let o = f.sync(&["order", "1023"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(o.out.contains("created  order  1023"), "{}", o.out);
    assert_eq!(f.rackbeat_references(), vec!["SW-1023".to_owned()]);
    // The B2B customer already existed in Rackbeat (found by CVR): none was created.
    // (The fake's typed `orders()`/`customers()` drop records with fractional JSON numbers,
    // so the raw records are counted.)
    assert_eq!(f.rb.records("customers").len(), 1);

    let failed = f
        .sync(&["order", &shop::UNMAPPABLE_ORDER.to_string()])
        .await;
    assert_eq!(failed.code, cli::EXIT_FAILED_ITEMS, "{}", failed.out);
    assert!(failed.out.contains("has no item number"), "{}", failed.out);

    let unknown = f.sync(&["order", "99999"]).await;
    assert_eq!(unknown.code, cli::EXIT_FAILED_ITEMS, "{}", unknown.out);
    assert!(
        unknown
            .out
            .contains("SmartWeb has no order with number 99999"),
        "{}",
        unknown.out
    );
    assert_eq!(f.rb.records("orders").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_and_stock_write_to_smartweb() {
    let f = Fixture::start().await;
    let before = f.sw.products().len();
    let o = f.sync(&["products"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert_eq!(f.sw.products().len(), before + shop::NEW_IN_RACKBEAT.len());
    for item in shop::NEW_IN_RACKBEAT {
        assert!(
            f.sw.product_by_item_number(item).is_some(),
            "{item} created"
        );
    }

    let o = f.sync(&["stock", "--item", "KVÆRN-1"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let writes = f.sw.stock_writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0].stock, 4);

    let o = f.sync(&["stock"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(f.sw.stock_writes().len() > 1);
    // Nothing changed since: a second run writes nothing.
    let count = f.sw.stock_writes().len();
    let o = f.sync(&["stock"]).await;
    assert_eq!(o.code, cli::EXIT_OK);
    assert_eq!(f.sw.stock_writes().len(), count, "{}", o.out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_writes_nothing_anywhere() {
    let f = Fixture::start().await;
    let products = f.sw.products();

    let o = f
        .sync(&[
            "orders",
            "--dry-run",
            "--since",
            &rfc3339(Utc::now() - Duration::days(30)),
        ])
        .await;
    // The unmappable order is still reported as failed.
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    assert!(o.out.starts_with("import_orders (dry run)"), "{}", o.out);
    assert!(
        o.out.contains("would create a Rackbeat order SW-1001"),
        "{}",
        o.out
    );
    assert!(o.err.contains("dry run"), "{}", o.err);

    let o = f.sync(&["products", "--dry-run"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(o.out.contains("would create in SmartWeb"), "{}", o.out);

    let o = f.sync(&["stock", "--dry-run"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let o = f.sync(&["order", "1001", "--dry-run"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);

    assert!(f.rb.records("orders").is_empty());
    assert_eq!(
        f.rb.records("customers").len(),
        1,
        "only the seeded customer"
    );
    assert_eq!(f.rb.request_count("POST /orders/drafts"), 0);
    assert_eq!(f.sw.products(), products, "SmartWeb products unchanged");
    assert!(f.sw.stock_writes().is_empty());
    assert!(!f.state_path().exists(), "a dry run creates no state file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_reports_parse() {
    let f = Fixture::start().await;
    let o = f.sync(&["products", "--json"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}", o.err);
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["job"], "sync_products");
    assert_eq!(report["dry_run"], false);
    assert_eq!(
        report["created"].as_array().unwrap().len(),
        shop::NEW_IN_RACKBEAT.len()
    );
    assert!(report["api_calls"]["smartweb"]["total"].as_u64().unwrap() > 0);

    let o = f
        .sync(&["--json", "order", &shop::UNMAPPABLE_ORDER.to_string()])
        .await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS);
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(
        report["failed"][0]["key"],
        shop::UNMAPPABLE_ORDER.to_string()
    );
    assert!(
        report["failed"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("no item number")
    );

    let o = f.sync(&["check", "--json"]).await;
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["job"], "check_settings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writeback_runs_and_reports() {
    let f = Fixture::start().await;
    let o = f.sync(&["writeback"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(o.out.starts_with("write_back"), "{}", o.out);
    assert!(
        o.out.contains("status write-back is turned off"),
        "{}",
        o.out
    );

    f.write_config(|t| {
        let settings = t["settings"].as_table_mut().unwrap();
        let mut wb = toml::Table::new();
        wb.insert("enabled".into(), true.into());
        settings.insert("status_writeback".into(), wb.into());
    });
    let o = f.sync(&["writeback", "--json"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["job"], "write_back");

    // An imported order ships in Rackbeat: its SmartWeb status follows.
    let o = f.sync(&["order", "1023"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let number = f.rb.records("orders")[0]["number"].as_i64().unwrap();
    f.rb.mark_shipped(number, Some("00370712345678901234"))
        .unwrap();
    let o = f.sync(&["writeback"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let order = f.sw.order(1023).unwrap();
    assert_eq!(order.status.as_deref(), Some("3"), "{}", o.out);
    assert!(
        o.out.contains("set SmartWeb order 1023: status 3"),
        "{}",
        o.out
    );
    // Tracking is not asserted: the engine does not yet read the tracking number the
    // Rackbeat fake records on its shipments (reported to the coordinator).
    let o = f.sync(&["writeback"]).await;
    assert_eq!(o.code, cli::EXIT_OK);
    assert!(
        o.out.contains("updated 0"),
        "nothing to write twice: {}",
        o.out
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_key_exits_2_naming_it() {
    let f = Fixture::start().await;
    f.write_config(|t| {
        t["settings"]
            .as_table_mut()
            .unwrap()
            .insert("layuot".into(), 1.into());
    });
    let o = f.sync(&["check"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG, "{}", o.out);
    assert!(o.err.contains("configuration error: settings"), "{}", o.err);
    assert!(o.err.contains("layuot"), "{}", o.err);
    assert!(o.out.is_empty());
    assert_eq!(
        f.rb.request_total(),
        0,
        "nothing is called with a bad config"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_password_env_exits_2_naming_the_key() {
    let f = Fixture::start().await;
    let token = f.rb.token().expose_secret().to_owned();
    let o = f
        .sync_with(&["orders"], move |key| {
            (key == RB_TOKEN).then(|| token.clone())
        })
        .await;
    assert_eq!(o.code, cli::EXIT_CONFIG, "{}", o.out);
    assert!(o.err.contains("smartweb.password_env"), "{}", o.err);
    assert!(o.err.contains(SW_PASS), "names the variable: {}", o.err);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_off_loopback_and_missing_file_exit_2() {
    let f = Fixture::start().await;
    f.write_config(|t| {
        t["rackbeat"]
            .as_table_mut()
            .unwrap()
            .insert("base_url".into(), "http://rackbeat.example/api/".into());
    });
    let o = f.sync(&["check"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG);
    assert!(o.err.contains("rackbeat.base_url"), "{}", o.err);

    let ctx = cli::Context {
        env: Box::new(|_| None),
        shutdown: CancellationToken::new(),
        listening: None,
        progress: None,
        metrics: None,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let missing = f.dir.path().join("nope.toml");
    let args = ["sync", "--config", missing.to_str().unwrap(), "check"];
    let code = cli::run_cli(args.map(str::to_owned).to_vec(), ctx, &mut out, &mut err).await;
    assert_eq!(code, cli::EXIT_CONFIG);
    assert!(String::from_utf8(err).unwrap().contains("cannot read"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_exit_2() {
    let f = Fixture::start().await;
    let o = f
        .sync_with(&["products"], |key| match key {
            SW_PASS => Some("wrong-password".to_owned()),
            _ => Some("wrong-token".to_owned()),
        })
        .await;
    assert_eq!(o.code, cli::EXIT_CONFIG, "{}\n{}", o.out, o.err);
    assert!(o.err.contains("credential error"), "{}", o.err);
    assert!(o.err.contains("smartweb.password"), "{}", o.err);
    assert!(!o.err.contains("wrong-password"), "secrets never printed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_session_is_a_session_error_with_exit_1_not_a_credential_error() {
    let f = Fixture::start().await;
    // The session ends twice in a row, as when other processes log in with the same user:
    // once under the first call, and again under its replay right after a fresh login.
    let auth = || Fault::SoapFault {
        code: "AUTH".to_owned(),
        message: "A valid authentication has not been performed with the service".to_owned(),
    };
    f.sw.fail_next("Order_GetByNumber", 2, auth());
    let o = f.sync(&["order", "1023"]).await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    assert!(!o.err.contains("credential error"), "{}", o.err);
    assert!(o.out.contains("session lost"), "{}", o.out);
    assert!(f.rb.records("orders").is_empty());

    // The next run logs in again and imports it.
    let o = f.sync(&["order", "1023"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert_eq!(f.rackbeat_references(), vec!["SW-1023".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_and_help_exits_0() {
    let f = Fixture::start().await;
    let o = f.sync(&["frobnicate"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG);
    assert!(o.err.contains("frobnicate"), "{}", o.err);
    let o = f.sync(&["orders", "--since", "yesterday"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG);
    let o = f.sync(&["--help"]).await;
    assert_eq!(o.code, cli::EXIT_OK);
    for command in [
        "check",
        "orders",
        "order",
        "products",
        "stock",
        "writeback",
        "run",
    ] {
        assert!(o.out.contains(command), "help lists {command}: {}", o.out);
    }
}

#[test]
fn example_config_parses_and_resolves() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sync.example.toml")).unwrap();
    let file = ConfigFile::parse(&text).unwrap();
    let settings = file.settings.clone();
    assert_eq!(settings.layout, Some(1));
    assert_eq!(settings.shipping_product_with_vat.as_deref(), Some("FRAGT"));
    assert_eq!(settings.legacy_rb01, "RB01");
    assert_eq!(settings.vat_zone_rules.len(), 2);
    let config = file
        .resolve(|key| Some(format!("value-of-{key}")))
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(config.smartweb.username, "api@example.dk");
    assert_eq!(config.state_path, PathBuf::from("smartweb-rackbeat.sqlite"));
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
}

#[test]
fn default_imported_statuses_agree_with_the_example_and_the_docs() {
    let defaults = smartweb_rackbeat::Settings::default().imported_statuses;
    // SmartWeb's API sheet: orders created through the API start at status 0.
    assert_eq!(defaults.first().map(String::as_str), Some("0"));
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sync.example.toml")).unwrap();
    let settings = ConfigFile::parse(&example).unwrap().settings;
    assert_eq!(settings.imported_statuses, defaults, "sync.example.toml");
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROGRAMS.md")).unwrap();
    let quoted: Vec<String> = defaults.iter().map(|s| format!("\"{s}\"")).collect();
    let row = format!("| `imported_statuses` | ext | `[{}]` |", quoted.join(","));
    assert!(docs.contains(&row), "docs/PROGRAMS.md lacks {row}");
}

#[test]
fn example_config_names_every_setting() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sync.example.toml")).unwrap();
    // Every key of a default Settings, serialised, appears in the example.
    let defaults = toml::Value::try_from(smartweb_rackbeat::Settings::default()).unwrap();
    let mut missing = Vec::new();
    for key in defaults.as_table().unwrap().keys() {
        if !text.contains(&format!("\n{key} ="))
            && !text.contains(&format!("# {key} ="))
            && !text.contains(&format!("[settings.{key}]"))
            && !text.contains(&format!("[[settings.{key}]]"))
        {
            missing.push(key.clone());
        }
    }
    for key in [
        "endpoint",
        "username",
        "password_env",
        "password",
        "language",
        "webhook_secret",
        "webhook_secret_env",
        "requests_per_second",
        "base_url",
        "token_env",
        "token",
        "requests_per_minute",
        "webhook_token",
        "client_id",
        "client_secret_env",
        "graphql_endpoint",
        "webhook_token_env",
        "path",
    ] {
        if !text.contains(&format!("\n{key} =")) && !text.contains(&format!("# {key} =")) {
            missing.push(key.to_owned());
        }
    }
    assert!(missing.is_empty(), "sync.example.toml lacks {missing:?}");
}

// ----- run --listen ------------------------------------------------------------------------

/// One HTTP/1.1 request over a fresh connection; returns the status code and body.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(shop::WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_listens_for_both_systems_webhooks_and_stops_cleanly() {
    let f = Fixture::start().await;
    let order_id = shop::seed_webhook_order(&f.sw);
    let (tx, rx) = oneshot::channel();
    let shutdown = CancellationToken::new();
    let ctx = cli::Context {
        env: Box::new(f.env()),
        shutdown: shutdown.clone(),
        listening: Some(tx),
        progress: None,
        metrics: None,
    };
    let argv = [
        "sync",
        "--config",
        f.config.to_str().unwrap(),
        "run",
        "--listen",
        "127.0.0.1:0",
    ]
    .map(str::to_owned)
    .to_vec();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let program = cli::run_cli(argv, ctx, &mut out, &mut err);
    let deliveries = async {
        let addr = rx.await.expect("the listener reports its address");
        let body = format!("{{\"id\":\"{order_id}\"}}");
        let topic = ("X-Webhook-Topic", "orders/created".to_owned());
        let good = http(
            addr,
            "POST",
            "/webhooks/smartweb",
            &[("X-Hmac-Sha256", sign(body.as_bytes())), topic.clone()],
            body.as_bytes(),
        )
        .await;
        let repeat = http(
            addr,
            "POST",
            "/webhooks/smartweb",
            &[("X-Hmac-Sha256", sign(body.as_bytes())), topic.clone()],
            body.as_bytes(),
        )
        .await;
        let forged = http(
            addr,
            "POST",
            "/webhooks/smartweb",
            &[("X-Hmac-Sha256", sign(b"something else")), topic],
            body.as_bytes(),
        )
        .await;
        let rackbeat = http(
            addr,
            "POST",
            "/webhooks/rackbeat",
            &[("Rackbeat-Webhook-Event", "product.updated".to_owned())],
            br#"{"key":"KAF-001"}"#,
        )
        .await;
        let wrong_method = http(addr, "GET", "/webhooks/smartweb", &[], b"").await;
        let unknown = http(addr, "POST", "/webhooks/other", &[], b"{}").await;
        shutdown.cancel();
        (good, repeat, forged, rackbeat, wrong_method, unknown)
    };
    let (code, (good, repeat, forged, rackbeat, wrong_method, unknown)) =
        tokio::join!(program, deliveries);
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, cli::EXIT_OK, "{err}");
    assert_eq!(good.0, 202, "{good:?}");
    assert_eq!(repeat.0, 200, "{repeat:?}");
    assert!(repeat.1.contains("duplicate"), "{repeat:?}");
    assert_eq!(forged.0, 401, "{forged:?}");
    assert_eq!(rackbeat.0, 401, "no token: {rackbeat:?}");
    assert_eq!(wrong_method.0, 405);
    assert_eq!(unknown.0, 404);
    assert!(
        err.contains("listening for webhooks on http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("scheduled orders every 5 min"), "{err}");
    assert!(err.contains("stopped"), "{err}");
    // Whatever ran (scheduler and webhook worker side by side), no order came over twice.
    let mut references = f.rackbeat_references();
    let all = references.len();
    references.sort();
    references.dedup();
    assert_eq!(references.len(), all, "no duplicates");
}

#[tokio::test]
async fn webhooks_register_twice_then_list_and_remove_on_rackbeat() {
    let f = Fixture::start().await;
    let first = f
        .sync(&[
            "webhooks",
            "register",
            "--public-url",
            "https://sync.example.dk",
            "--json",
        ])
        .await;
    // No GraphQL client configured: SmartWeb is skipped with the reason, Rackbeat registers.
    assert_eq!(first.code, cli::EXIT_OK, "{}\n{}", first.out, first.err);
    let report: serde_json::Value = serde_json::from_str(&first.out).unwrap();
    assert!(
        !report["created"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let registered = f.rb.webhooks().len();
    assert!(registered >= 2, "{registered}");
    assert!(
        f.rb.webhooks()
            .iter()
            .all(|w| w.url.as_deref() == Some("https://sync.example.dk/webhooks/rackbeat"))
    );

    let second = f
        .sync(&[
            "webhooks",
            "register",
            "--public-url",
            "https://sync.example.dk",
            "--json",
        ])
        .await;
    assert_eq!(second.code, cli::EXIT_OK, "{}", second.err);
    let report: serde_json::Value = serde_json::from_str(&second.out).unwrap();
    assert!(
        report["created"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    assert_eq!(
        f.rb.webhooks().len(),
        registered,
        "repeated runs change nothing"
    );

    let list = f.sync(&["webhooks", "list"]).await;
    assert_eq!(list.code, cli::EXIT_OK, "{}", list.err);
    assert!(
        list.out
            .contains("https://sync.example.dk/webhooks/rackbeat"),
        "{}",
        list.out
    );

    let removed = f.sync(&["webhooks", "remove"]).await;
    assert_eq!(removed.code, cli::EXIT_OK, "{}", removed.err);
    assert!(f.rb.webhooks().is_empty());
}

#[tokio::test]
async fn several_shops_in_one_config_run_one_after_the_other() {
    let a = Fixture::start().await;
    let b = Fixture::start().await;
    // One file with [[shops]] for both fixtures, one SQLite file shared by shop key.
    let shop_table = |f: &Fixture, name: &str, pass_env: &str, token_env: &str| {
        let mut smartweb = toml::Table::new();
        smartweb.insert("endpoint".into(), f.sw.endpoint().into());
        smartweb.insert("username".into(), DEFAULT_USERNAME.into());
        smartweb.insert("password_env".into(), pass_env.into());
        smartweb.insert("requests_per_second".into(), 1000.into());
        let mut rackbeat = toml::Table::new();
        rackbeat.insert("base_url".into(), f.rb.uri().into());
        rackbeat.insert("token_env".into(), token_env.into());
        rackbeat.insert("requests_per_minute".into(), 1_000_000.into());
        let mut shop = toml::Table::new();
        shop.insert("name".into(), name.into());
        shop.insert("smartweb".into(), smartweb.into());
        shop.insert("rackbeat".into(), rackbeat.into());
        shop.insert(
            "settings".into(),
            toml::Value::try_from(shop::settings()).unwrap(),
        );
        toml::Value::Table(shop)
    };
    let mut table = toml::Table::new();
    table.insert(
        "shops".into(),
        toml::Value::Array(vec![
            shop_table(&a, "shop-a", "A_PASS", "A_TOKEN"),
            shop_table(&b, "shop-b", "B_PASS", "B_TOKEN"),
        ]),
    );
    let mut state = toml::Table::new();
    state.insert(
        "path".into(),
        a.state_path().to_string_lossy().into_owned().into(),
    );
    table.insert("state".into(), state.into());
    std::fs::write(&a.config, toml::to_string(&table).unwrap()).unwrap();

    let (ta, tb) = (
        a.rb.token().expose_secret().to_owned(),
        b.rb.token().expose_secret().to_owned(),
    );
    let env = move |key: &str| match key {
        "A_PASS" | "B_PASS" => Some(DEFAULT_PASSWORD.to_owned()),
        "A_TOKEN" => Some(ta.clone()),
        "B_TOKEN" => Some(tb.clone()),
        _ => None,
    };
    let since = (Utc::now() - Duration::days(3650)).to_rfc3339();
    let run = a
        .sync_with(&["orders", "--since", &since, "--json"], env.clone())
        .await;
    assert_eq!(
        run.code,
        cli::EXIT_FAILED_ITEMS,
        "the demo's unmappable order: {}",
        run.err
    );
    let reports: serde_json::Value = serde_json::from_str(&run.out).unwrap();
    assert!(reports["shop-a"]["created"].as_array().unwrap().len() > 20);
    assert!(reports["shop-b"]["created"].as_array().unwrap().len() > 20);
    let refs_a = a.rackbeat_references();
    let refs_b = b.rackbeat_references();
    assert_eq!(refs_a.len(), refs_b.len());

    // Links are kept per shop: a rerun creates nothing in either.
    let again = a
        .sync_with(&["orders", "--since", &since, "--json"], env)
        .await;
    let reports: serde_json::Value = serde_json::from_str(&again.out).unwrap();
    assert!(reports["shop-a"]["created"].as_array().unwrap().is_empty());
    assert!(reports["shop-b"]["created"].as_array().unwrap().is_empty());
    assert_eq!(b.rackbeat_references().len(), refs_b.len());
}

#[tokio::test]
async fn a_postgres_state_url_without_the_feature_or_server_is_a_config_error() {
    let f = Fixture::start().await;
    f.write_config(|t| {
        let state = t.get_mut("state").unwrap().as_table_mut().unwrap();
        state.insert("url".into(), "postgres://nobody@127.0.0.1:1/none".into());
    });
    let run = f.sync(&["check"]).await;
    assert_eq!(run.code, cli::EXIT_CONFIG, "{}", run.err);
    assert!(run.err.contains("state"), "{}", run.err);
    assert!(
        !run.err.contains("nobody@"),
        "the URL may hold a password: {}",
        run.err
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_reports_every_assumption_and_check_shows_the_findings() {
    let f = Fixture::start().await;
    let o = f.sync(&["probe", "--json"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["job"], "probe");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 12);
    let vat = findings
        .iter()
        .find(|f| f["assumption"] == "vat_zones")
        .unwrap();
    assert_eq!(vat["verdict"], "confirmed", "{vat}");
    assert!(
        f.rb.requests().iter().all(|r| r.method == "GET"),
        "read-only"
    );

    let o = f.sync(&["check"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert!(o.out.contains("ASSUMPTION"), "{}", o.out);
    assert!(o.out.contains("smartweb_price_basis"), "{}", o.out);
    let o = f.sync(&["check", "--json"]).await;
    let report: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_write_needs_probe_item_and_exits_2_without_it() {
    let f = Fixture::start().await;
    let o = f.sync(&["probe", "--write"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG, "{}\n{}", o.out, o.err);
    assert!(o.err.contains("settings.probe_item"), "{}", o.err);
    assert_eq!(f.rb.request_total(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_write_round_trip_exits_1_when_an_assumption_is_refuted() {
    let f = Fixture::start().await;
    f.write_config(|t| {
        let settings = t["settings"].as_table_mut().unwrap();
        settings.insert("probe_item".into(), "KAF-004".into());
    });
    let orders_before = f.rb.orders().len();
    let o = f.sync(&["probe", "--write"]).await;
    assert_eq!(o.code, cli::EXIT_OK, "{}\n{}", o.out, o.err);
    assert_eq!(
        f.rb.orders().len(),
        orders_before,
        "the draft is gone again"
    );

    f.rb.line_price_gross(true);
    let o = f.sync(&["probe", "--write"]).await;
    assert_eq!(o.code, cli::EXIT_FAILED_ITEMS, "{}\n{}", o.out, o.err);
    assert!(
        o.out
            .lines()
            .any(|l| l.starts_with("failed") && l.contains("line_price_net_per_unit")),
        "{}",
        o.out
    );
}
