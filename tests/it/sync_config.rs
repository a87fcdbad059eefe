//! The `sync` program's configuration file under hostile edits, run in-process (the CLI source
//! is included): a secret written wrongly never reaches stdout or stderr, and every number is
//! range-checked at load (exit 2 naming the key) instead of panicking later; a job that
//! panics anyway is a failed job (exit 1), not a crash. No network: the endpoints are closed
//! loopback ports and every run stops at the configuration.

use crate::cli;
use crate::sync_support;

use std::path::Path;

use sync_support::{Outcome, run_sync};
use tokio_util::sync::CancellationToken;

/// A secret that must never be printed, and its recognisable core (a cut-off or partly
/// escaped rendering would still contain it).
const SECRET: &str = "hunter2-PLAIN-pw";
const SECRET_CORE: &str = "hunter2";
/// A secret made of digits, for the "given as a number" form.
const NUMERIC_SECRET: &str = "918273645501";

/// A complete, valid configuration for closed loopback ports; `{smartweb}`, `{rackbeat}`,
/// `{state}` and `{settings}` mark where a section's extra lines go.
const TEMPLATE: &str = r#"
[smartweb]
endpoint = "http://127.0.0.1:9/service.php"
username = "api@example.dk"
{smartweb}
[rackbeat]
base_url = "http://127.0.0.1:9/api/"
consumer_contact = "it@example.dk"
{rackbeat}
[settings]
layout = 1
payment_terms = 1
customer_group = 1
smartweb_category_id = 1
shipping_product_with_vat = "FRAGT"
shipping_product_without_vat = "FRAGT0"
fee_product = "GEBYR"
{settings}
[state]
{state}
"#;

/// The same for `[[shops]]`.
const SHOPS_TEMPLATE: &str = r#"
[state]
path = "state.sqlite"

[[shops]]
name = "butik-a"
[shops.smartweb]
endpoint = "http://127.0.0.1:9/service.php"
username = "api@example.dk"
{smartweb}
[shops.rackbeat]
base_url = "http://127.0.0.1:9/api/"
consumer_contact = "it@example.dk"
{rackbeat}
[shops.settings]
layout = 1
payment_terms = 1
customer_group = 1
smartweb_category_id = 1
shipping_product_with_vat = "FRAGT"
shipping_product_without_vat = "FRAGT0"
fee_product = "GEBYR"
"#;

/// Where the secret keys live; the required secret of the other system comes from `_env`.
#[derive(Clone, Copy, Debug)]
enum Section {
    SmartWeb,
    Rackbeat,
    State,
}

/// Fills a template: `lines` go into `section`, the other sections get what they need.
fn config(template: &str, section: Section, key: &str, lines: &str) -> String {
    let mut smartweb = String::new();
    let mut rackbeat = String::new();
    let mut state = String::new();
    if key != "password" {
        smartweb.push_str("password_env = \"SW_PASS\"\n");
    }
    if key != "token" {
        rackbeat.push_str("token_env = \"RB_TOKEN\"\n");
    }
    if key == "client_secret" {
        smartweb.push_str("client_id = \"sync\"\n");
        smartweb.push_str("graphql_endpoint = \"http://127.0.0.1:9/api/graphql/experimental\"\n");
    }
    match section {
        Section::SmartWeb => smartweb.push_str(lines),
        Section::Rackbeat => rackbeat.push_str(lines),
        Section::State => state.push_str(lines),
    }
    template
        .replace("{smartweb}", &smartweb)
        .replace("{rackbeat}", &rackbeat)
        .replace("{state}", &state)
        .replace("{settings}", "")
}

/// Every malformed way of writing `key = <secret>` that the issue lists, and a few more.
fn malformed(key: &str, secret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("missing closing quote", format!("{key} = \"{secret}\n")),
        (
            "missing closing single quote",
            format!("{key} = '{secret}\n"),
        ),
        (
            "unterminated multi-line string",
            format!("{key} = \"\"\"{secret}\n"),
        ),
        ("unquoted", format!("{key} = {secret}\n")),
        ("as an array", format!("{key} = [\"{secret}\"]\n")),
        (
            "as a multi-line array",
            format!("{key} = [\n  \"{secret}\",\n]\n"),
        ),
        (
            "as a table",
            format!("{key} = {{ value = \"{secret}\" }}\n"),
        ),
        (
            "text after the value",
            format!("{key} = \"{secret}\" trailing\n"),
        ),
        ("a comment-less tail", format!("{key} = \"{secret}\"\"\"\n")),
        (
            "duplicated key",
            format!("{key} = \"{secret}\"\n{key} = \"{secret}\"\n"),
        ),
        ("missing equals sign", format!("{key} \"{secret}\"\n")),
        ("bad escape", format!("{key} = \"{secret}\\q\"\n")),
        ("as a number", format!("{key} = {NUMERIC_SECRET}\n")),
        (
            "as a boolean-looking word",
            format!("{key} = tru{secret}\n"),
        ),
        (
            "with its _env twin",
            format!("{key} = \"{secret}\"\n{key}_env = \"X\"\n"),
        ),
    ]
}

async fn sync(config_file: &Path, args: &[&str]) -> Outcome {
    let env = |key: &str| match key {
        "SW_PASS" => Some("sw-pass-from-env".to_owned()),
        "RB_TOKEN" => Some("rb-token-from-env".to_owned()),
        _ => None,
    };
    run_sync(config_file, args, env, CancellationToken::new()).await
}

async fn sync_with_text(text: &str, args: &[&str]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sync.toml");
    std::fs::write(&file, text).unwrap();
    sync(&file, args).await
}

#[tokio::test]
async fn no_malformed_secret_reaches_any_output() {
    let mut cases = Vec::new();
    for (section, key) in [
        (Section::SmartWeb, "password"),
        (Section::SmartWeb, "webhook_secret"),
        (Section::SmartWeb, "client_secret"),
        (Section::Rackbeat, "token"),
        (Section::Rackbeat, "webhook_token"),
    ] {
        for (form, lines) in malformed(key, SECRET) {
            for (layout, template) in [("top level", TEMPLATE), ("[[shops]]", SHOPS_TEMPLATE)] {
                let text = config(template, section, key, &lines);
                cases.push((format!("{layout} {key}: {form}"), text));
            }
        }
    }
    // `[state] url` holds a password inside the URL.
    let url = format!("postgres://sync:{SECRET}@127.0.0.1:1/sync");
    for (form, lines) in malformed("url", &url) {
        cases.push((
            format!("state.url: {form}"),
            config(TEMPLATE, Section::State, "url", &lines),
        ));
    }
    // An inline table holding the secret, broken.
    cases.push((
        "inline [smartweb] table, missing quote".to_owned(),
        format!(
            "smartweb = {{ username = \"u\", password = \"{SECRET} }}\n[rackbeat]\ntoken_env = \"RB_TOKEN\"\n"
        ),
    ));
    // A whole section given as the secret string.
    cases.push((
        "[state] as a string".to_owned(),
        format!("state = \"{url}\"\n"),
    ));

    assert!(cases.len() > 150, "{} cases", cases.len());
    for (case, text) in &cases {
        assert!(text.contains(SECRET_CORE) || text.contains(NUMERIC_SECRET));
        for args in [&["check"][..], &["--json", "orders"]] {
            let o = sync_with_text(text, args).await;
            assert_eq!(o.code, cli::EXIT_CONFIG, "{case}: {}\n{}", o.out, o.err);
            let all = format!("{}{}", o.out, o.err);
            for secret in [SECRET_CORE, NUMERIC_SECRET] {
                assert!(
                    !all.contains(secret),
                    "{case}: the secret is printed:\n{all}"
                );
            }
            assert!(
                o.err.contains("configuration error: "),
                "{case}: the error is still reported:\n{}",
                o.err
            );
        }
    }
}

#[tokio::test]
async fn a_malformed_secret_is_reported_by_key_line_and_column() {
    let text = config(
        TEMPLATE,
        Section::SmartWeb,
        "password",
        &format!("password = \"{SECRET}\n"),
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("password ="))
        .unwrap()
        + 1;
    let o = sync_with_text(&text, &["check"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG);
    assert!(
        o.err.contains(&format!(
            "configuration error: smartweb.password: line {line}, column"
        )),
        "{}",
        o.err
    );

    let text = config(
        TEMPLATE,
        Section::Rackbeat,
        "token",
        &format!("token = {NUMERIC_SECRET}\n"),
    );
    let o = sync_with_text(&text, &["check"]).await;
    assert!(
        o.err.contains("rackbeat.token: line")
            && o.err
                .contains("must be a string, found integer (the value is not shown)"),
        "{}",
        o.err
    );
}

/// Keys that are not secrets still show what was wrong with them.
#[tokio::test]
async fn a_wrong_non_secret_value_names_its_key_and_expected_type() {
    let text = config(
        TEMPLATE,
        Section::SmartWeb,
        "",
        "requests_per_second = \"fast\"\n",
    );
    let o = sync_with_text(&text, &["check"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG);
    assert!(
        o.err.contains("smartweb.requests_per_second: line")
            && o.err.contains("invalid type: string, expected u32"),
        "{}",
        o.err
    );
}

#[tokio::test]
async fn initial_lookback_overflow_exits_2_naming_the_key() {
    let text = TEMPLATE
        .replace("{smartweb}", "password_env = \"SW_PASS\"")
        .replace("{rackbeat}", "token_env = \"RB_TOKEN\"")
        .replace("{state}", "")
        .replace("{settings}", "initial_lookback_days = 4000000000");
    let o = sync_with_text(&text, &["orders"]).await;
    assert_eq!(o.code, cli::EXIT_CONFIG, "{}\n{}", o.out, o.err);
    assert!(
        o.err
            .contains("configuration error: settings.initial_lookback_days: "),
        "{}",
        o.err
    );
    assert!(o.err.contains("3650"), "says the range: {}", o.err);
    assert!(o.out.is_empty());
}

/// Every number of the file that feeds date arithmetic, pacing or the scheduler is bounded.
#[tokio::test]
async fn every_number_out_of_range_exits_2_naming_its_key() {
    let cases: [(&str, &str, &str); 9] = [
        (
            "settings",
            "initial_lookback_days = 3651",
            "settings.initial_lookback_days",
        ),
        (
            "settings",
            "order_overlap_minutes = 4294967295",
            "settings.order_overlap_minutes",
        ),
        (
            "schedule",
            "orders_minutes = 0",
            "settings.schedule.orders_minutes",
        ),
        (
            "schedule",
            "stock_minutes = 4294967295",
            "settings.schedule.stock_minutes",
        ),
        (
            "schedule",
            "products_minutes = 10081",
            "settings.schedule.products_minutes",
        ),
        (
            "smartweb",
            "requests_per_second = 0",
            "smartweb.requests_per_second",
        ),
        (
            "smartweb",
            "requests_per_second = 4294967295",
            "smartweb.requests_per_second",
        ),
        (
            "rackbeat",
            "requests_per_minute = 0",
            "rackbeat.requests_per_minute",
        ),
        (
            "rackbeat",
            "requests_per_minute = 1000001",
            "rackbeat.requests_per_minute",
        ),
    ];
    for (section, line, key) in cases {
        let (settings, schedule) = match section {
            "settings" => (line.to_owned(), String::new()),
            "schedule" => (String::new(), format!("[settings.schedule]\n{line}")),
            _ => (String::new(), String::new()),
        };
        let text = TEMPLATE
            .replace(
                "{smartweb}",
                &format!(
                    "password_env = \"SW_PASS\"\n{}",
                    if section == "smartweb" { line } else { "" }
                ),
            )
            .replace(
                "{rackbeat}",
                &format!(
                    "token_env = \"RB_TOKEN\"\n{}",
                    if section == "rackbeat" { line } else { "" }
                ),
            )
            .replace("{settings}", &format!("{settings}\n{schedule}"))
            .replace("{state}", "");
        let o = sync_with_text(&text, &["orders"]).await;
        assert_eq!(o.code, cli::EXIT_CONFIG, "{line}: {}", o.err);
        assert!(
            o.err.contains(&format!("configuration error: {key}: ")),
            "{line}: {}",
            o.err
        );
    }
}

#[tokio::test]
async fn a_job_that_panics_is_a_failed_job_with_exit_1() {
    let command = cli::Command::Orders {
        since: None,
        until: None,
    };
    let (report, listing) = cli::guarded(&command, false, async {
        panic!("window arithmetic overflowed");
    })
    .await;
    assert!(listing.is_none());
    assert_eq!(report.job.as_str(), "import_orders");
    assert_eq!(report.failed.len(), 1, "{report:?}");
    let failure = &report.failed[0];
    assert_eq!(failure.key, "job");
    assert!(
        failure
            .detail
            .contains("it panicked (window arithmetic overflowed)"),
        "{}",
        failure.detail
    );
    assert!(report.has_failures());
    assert!(report.credential_error.is_none(), "exit 1, not 2");

    // A job that does not panic is passed through untouched.
    let (kept, _) = cli::guarded(&command, true, async {
        let mut report = smartweb_rackbeat::JobReport::new(
            smartweb_rackbeat::report::JobKind::ImportOrders,
            true,
            chrono::Utc::now(),
        );
        report.warn("fine");
        (report, None)
    })
    .await;
    assert!(!kept.has_failures() && kept.dry_run);
}
