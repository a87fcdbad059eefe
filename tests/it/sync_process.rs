//! The installed `sync` program (`--features cli`) as a child process against both fakes on
//! loopback: `run --listen` answers `/healthz`, `/readyz` and `/metrics` (and the metrics
//! follow the import), logs as JSON with `--log-format json`, and SIGTERM lets the order in
//! flight finish, then ends the process with status 0. A stand-in in front of the Rackbeat
//! fake holds the first order create until the test lets it through, so every step waits on
//! something the test sees (a held request, a line on stderr), never on time.

use crate::cli;
use crate::shop;
use crate::sync_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use cli::progress::Lines as ProgressLines;
use rackbeat_client::mock::MockRackbeat;
use secrecy::ExposeSecret;
use smartweb_client::mock::{DEFAULT_PASSWORD, MockSmartWeb};
use smartweb_rackbeat::progress::Progress;
use smartweb_rackbeat::report::JobKind;
use sync_support::{RB_TOKEN, SW_HOOK, SW_PASS, fake_config, run_sync};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStderr};
use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;

/// Stands between the program and the Rackbeat fake: passes every request on, except that
/// the first order create waits until [`Gate::release`].
struct Gate {
    fake: SocketAddr,
    http: reqwest::Client,
    armed: AtomicBool,
    /// Order creates that reached the gate.
    creates: AtomicUsize,
    held: Notify,
    release: Semaphore,
}

impl Gate {
    /// Serves the gate on a free loopback port; returns it and the base URL to configure.
    async fn start(rb: &MockRackbeat) -> (Arc<Self>, String) {
        let gate = Arc::new(Self {
            fake: rb.address(),
            http: rackbeat_client::http::client_builder()
                .unwrap()
                .build()
                .unwrap(),
            armed: AtomicBool::new(true),
            creates: AtomicUsize::new(0),
            held: Notify::new(),
            release: Semaphore::new(0),
        });
        let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(pass_on)
            .with_state(Arc::clone(&gate));
        tokio::spawn(async move { axum::serve(socket, app).await });
        let base = rb
            .uri()
            .replace(&rb.address().to_string(), &addr.to_string());
        (gate, base)
    }

    /// Waits until the first order create is held.
    async fn holding(&self) {
        self.held.notified().await;
    }

    /// Lets the held order create through.
    fn release(&self) {
        self.release.add_permits(1);
    }
}

async fn pass_on(State(gate): State<Arc<Gate>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let is_create = parts.method == http::Method::POST
        && (path.ends_with("/orders") || path.ends_with("/orders/drafts"));
    if is_create {
        gate.creates.fetch_add(1, Ordering::SeqCst);
        if gate.armed.swap(false, Ordering::SeqCst) {
            gate.held.notify_one();
            let _permit = gate.release.acquire().await.unwrap();
        }
    }
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut forwarded = gate
        .http
        .request(
            parts.method,
            format!("http://{}{path_and_query}", gate.fake),
        )
        .body(body);
    for (name, value) in &parts.headers {
        if name != http::header::HOST {
            forwarded = forwarded.header(name, value);
        }
    }
    let answer = forwarded.send().await.unwrap();
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        response = response.header(name, value);
    }
    response
        .body(Body::from(answer.bytes().await.unwrap()))
        .unwrap()
}

/// Both fakes with the demo shop, the gate, and a config file naming the gate as Rackbeat.
struct Fixture {
    _sw: MockSmartWeb,
    rb: MockRackbeat,
    gate: Arc<Gate>,
    _dir: tempfile::TempDir,
    config: PathBuf,
}

impl Fixture {
    async fn start() -> Self {
        let sw = MockSmartWeb::start().await;
        let rb = MockRackbeat::start().await;
        shop::seed(&sw, &rb).unwrap();
        let (gate, rackbeat_url) = Gate::start(&rb).await;
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("sync.toml");
        let table = fake_config(
            &sw,
            &rackbeat_url,
            toml::Value::try_from(shop::settings()).unwrap(),
            &dir.path().join("state.sqlite"),
        );
        std::fs::write(&config, toml::to_string(&table).unwrap()).unwrap();
        Self {
            _sw: sw,
            rb,
            gate,
            _dir: dir,
            config,
        }
    }

    fn secrets(&self) -> [(&'static str, String); 3] {
        [
            (SW_PASS, DEFAULT_PASSWORD.to_owned()),
            (RB_TOKEN, self.rb.token().expose_secret().to_owned()),
            (SW_HOOK, shop::WEBHOOK_SECRET.to_owned()),
        ]
    }

    /// Starts `sync --config <file> <args…>` with the secrets in its environment.
    fn spawn(&self, args: &[&str]) -> (Child, Lines<BufReader<ChildStderr>>) {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_sync"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .envs(self.secrets())
            .env(
                "SYNC_LOG",
                "warn,smartweb_rackbeat::integration::schedule=info",
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap()).lines();
        (child, stderr)
    }

    /// Every Rackbeat order's `other_reference`.
    fn references(&self) -> Vec<String> {
        self.rb
            .records("orders")
            .iter()
            .filter_map(|o| o.get("other_reference")?.as_str().map(str::to_owned))
            .collect()
    }
}

/// Reads stderr up to the first line `wanted` accepts; every line read is kept in `seen`.
async fn wait_for(
    stderr: &mut Lines<BufReader<ChildStderr>>,
    seen: &mut Vec<String>,
    wanted: impl Fn(&str) -> bool,
) -> String {
    while let Some(line) = stderr.next_line().await.unwrap() {
        seen.push(line.clone());
        if wanted(&line) {
            return line;
        }
    }
    panic!(
        "stderr ended before the line waited for:\n{}",
        seen.join("\n")
    );
}

/// Sends SIGTERM to the child, as `systemctl stop` or `docker stop` would.
fn terminate(child: &Child) {
    let pid = child.id().unwrap().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
}

async fn get(addr: &str, path: &str) -> (u16, String) {
    // No pooled connection stays open to hold up the program's shutdown.
    let client = rackbeat_client::http::client_builder()
        .unwrap()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let answer = client
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

/// The value of the Prometheus sample whose line starts with `name{` and holds every label.
fn sample(metrics: &str, name: &str, labels: &[&str]) -> Option<f64> {
    metrics
        .lines()
        .filter(|line| {
            line.starts_with(&format!("{name}{{")) || line.starts_with(&format!("{name} "))
        })
        .find(|line| labels.iter().all(|label| line.contains(label)))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_listen_serves_health_readiness_and_metrics_that_follow_the_import() {
    let f = Fixture::start().await;
    let (mut child, mut stderr) =
        f.spawn(&["--log-format", "json", "run", "--listen", "127.0.0.1:0"]);
    let mut seen = Vec::new();
    let line = wait_for(&mut stderr, &mut seen, |l| {
        l.starts_with("health at http://")
    })
    .await;
    let addr = line
        .trim_start_matches("health at http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();

    // The first order create is held: the process is up, not ready, nothing imported yet.
    f.gate.holding().await;
    assert_eq!(get(&addr, "/healthz").await, (200, "ok\n".to_owned()));
    let (status, reason) = get(&addr, "/readyz").await;
    assert_eq!(status, 503, "{reason}");
    assert_eq!(reason, "no order import has finished yet\n");
    let (status, before) = get(&addr, "/metrics").await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(sample(&before, "sync_orders_total", &[]), None, "{before}");
    assert!(
        sample(
            &before,
            "sync_api_calls_total",
            &[
                r#"system="smartweb""#,
                r#"operation="Order_GetByDateUpdatedWithPagination""#
            ]
        )
        .is_some_and(|n| n >= 1.0),
        "{before}"
    );

    // Let it through; the scheduler's JSON log line says when the import has ended.
    f.gate.release();
    let finished = wait_for(&mut stderr, &mut seen, |l| {
        l.contains(r#""job":"import_orders""#) && l.contains("job finished")
    })
    .await;
    let log: serde_json::Value = serde_json::from_str(&finished).unwrap();
    assert_eq!(log["level"], "WARN", "{finished}");
    assert_eq!(log["fields"]["job"], "import_orders", "{finished}");
    assert!(log["timestamp"].is_string(), "{finished}");

    let (status, after) = get(&addr, "/metrics").await;
    assert_eq!(status, 200);
    let created = f.references().len();
    assert!(created >= 30, "{created}");
    let created = f64::from(u32::try_from(created).unwrap());
    assert_eq!(
        sample(&after, "sync_orders_total", &[r#"outcome="created""#]),
        Some(created),
        "{after}"
    );
    assert_eq!(
        sample(&after, "sync_orders_total", &[r#"outcome="failed""#]),
        Some(1.0),
        "{after}"
    );
    assert!(
        sample(
            &after,
            "sync_api_calls_total",
            &[r#"system="rackbeat""#, r#"operation="POST /orders/drafts""#]
        )
        .is_some_and(|n| n >= created),
        "{after}"
    );
    assert!(
        sample(
            &after,
            "sync_job_duration_seconds_count",
            &[r#"job="import_orders""#]
        )
        .is_some_and(|n| n >= 1.0),
        "{after}"
    );
    assert!(
        sample(&after, "sync_oldest_failing_order_age_seconds", &[]).is_some(),
        "{after}"
    );
    assert!(
        sample(&after, "sync_seconds_since_last_successful_import", &[])
            .is_some_and(|age| age < 3600.0),
        "{after}"
    );
    assert_eq!(get(&addr, "/readyz").await, (200, "ready\n".to_owned()));

    terminate(&child);
    wait_for(&mut stderr, &mut seen, |l| {
        l.starts_with("received SIGTERM")
    })
    .await;
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(0), "{}", seen.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_order_in_flight_finish_once_then_exits_0() {
    let f = Fixture::start().await;
    let (mut child, mut stderr) = f.spawn(&["run"]);
    let mut seen = Vec::new();

    // An order is in flight: its create waits at the gate. Stop the program now.
    f.gate.holding().await;
    terminate(&child);
    wait_for(&mut stderr, &mut seen, |l| {
        l.starts_with("received SIGTERM")
    })
    .await;
    f.gate.release();
    let status = child.wait().await.unwrap();
    while let Some(line) = stderr.next_line().await.unwrap() {
        seen.push(line);
    }
    assert_eq!(status.code(), Some(0), "{}", seen.join("\n"));

    // The order in flight was completed, and no other order was started.
    let references = f.references();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(f.gate.creates.load(Ordering::SeqCst), 1);
    assert!(
        seen.iter().any(|l| l.contains("stopping")),
        "{}",
        seen.join("\n")
    );

    // The next run imports the rest; the finished order is not created again.
    let env = {
        let secrets = f.secrets();
        move |key: &str| {
            secrets
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, value)| value.clone())
        }
    };
    let again = run_sync(&f.config, &["orders"], env, CancellationToken::new()).await;
    assert_eq!(
        again.code,
        cli::EXIT_FAILED_ITEMS,
        "{}\n{}",
        again.out,
        again.err
    );
    let mut all = f.references();
    let total = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), total, "an order was created twice");
    assert!(all.contains(&references[0]));
    assert!(total > 1);
}

#[test]
fn lines_give_the_total_each_tenth_and_the_end() {
    let mut written = Vec::new();
    let lines = ProgressLines::new(&mut written);
    lines.started(JobKind::ImportOrders, 20);
    for done in 1..=20 {
        lines.advanced(JobKind::ImportOrders, done);
    }
    lines.finished(JobKind::ImportOrders);
    drop(lines);
    let text = String::from_utf8(written).unwrap();
    let expected: Vec<String> = std::iter::once("import_orders: 20 to do".to_owned())
        .chain((1..10).map(|tenth| format!("import_orders: {}/20", tenth * 2)))
        .chain(std::iter::once(
            "import_orders: finished 20 of 20".to_owned(),
        ))
        .collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn a_job_stopped_early_says_how_far_it_came() {
    let mut written = Vec::new();
    let lines = ProgressLines::new(&mut written);
    lines.started(JobKind::SyncStock, 3);
    lines.advanced(JobKind::SyncStock, 1);
    lines.finished(JobKind::SyncStock);
    drop(lines);
    let text = String::from_utf8(written).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "sync_stock: 3 to do",
            "sync_stock: 1/3",
            "sync_stock: finished 1 of 3"
        ]
    );
}
