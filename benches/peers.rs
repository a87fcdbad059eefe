//! Side by side in one run (issue 20): the same `Order_GetAllWithPagination` page of 100,
//! 1,000 and 10,000 orders (the fully inlined shape of `support::order`: customer, delivery,
//! payment, currency, five lines, a discount code) decoded by smartweb-client record by
//! record as its client reads a response (fed to a `ResponseReader` in 16 KiB pieces), by PHP's ext/soap `SoapClient` (`benches/peers.php`) and read by quick-xml's raw
//! tokenizer; the median of `--rounds` rounds each, with the ratios. A last row puts the
//! products page of `benches/soap.rs` beside the tokenizer (no PHP). Results: BENCHMARKS.md.
//!
//! `scripts/bench-peers.sh [path/to/service.wsdl]` runs it:
//! `cargo bench --bench peers -- [--wsdl PATH] [--rounds N] [--sizes 100,1000,10000]`.
//! Without `--wsdl` (or without `php`) the PHP column is left out. Without `--bench` (as
//! `cargo test --benches` runs it) it decodes one page of 10 orders once, as a smoke test.

mod support;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;
use smartweb_client::ops;
use smartweb_client::soap::RecordTolerant;

/// What a parser read from a page: orders, order lines and the sum of the orders' `Total`.
#[derive(Debug, PartialEq)]
struct Decoded {
    orders: usize,
    lines: usize,
    total: String,
}

struct Settings {
    wsdl: Option<String>,
    rounds: usize,
    sizes: Vec<i64>,
    /// Products in the products page (2,500 as in `benches/soap.rs`).
    products: i64,
}

fn settings() -> Settings {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if !args.iter().any(|a| a == "--bench") {
        return Settings {
            wsdl: None,
            rounds: 1,
            sizes: vec![10],
            products: 10,
        };
    }
    Settings {
        wsdl: value("--wsdl"),
        rounds: value("--rounds")
            .and_then(|r| r.parse().ok())
            .unwrap_or(5)
            .max(1),
        sizes: value("--sizes")
            .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
            .unwrap_or_else(|| vec![100, 1_000, 10_000]),
        products: 2_500,
    }
}

/// CPU time this thread has run (`/proc/thread-self/schedstat`, nanoseconds): unlike the
/// wall clock it does not count the time other processes had the CPU, so it stays fair on
/// a shared machine.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Median wall-clock and CPU time of one run.
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

/// Times one run of `run`, its result dropped outside the timed part. CPU time falls back to
/// the wall clock where the kernel does not report it.
fn time<T>(run: impl FnOnce() -> T) -> Timing {
    let cpu_start = thread_cpu();
    let start = Instant::now();
    let output = black_box(run());
    let wall = start.elapsed();
    let cpu = match (cpu_start, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall,
    };
    drop(output);
    Timing { wall, cpu }
}

/// The median wall-clock and CPU times of `runs`.
fn median(runs: &[Timing]) -> Timing {
    let middle = |mut times: Vec<Duration>| {
        times.sort();
        times.get(times.len() / 2).copied().unwrap_or_default()
    };
    Timing {
        wall: middle(runs.iter().map(|t| t.wall).collect()),
        cpu: middle(runs.iter().map(|t| t.cpu).collect()),
    }
}

/// Our side: the client's record-by-record read of the page.
fn client_decoded(page: &[u8]) -> Decoded {
    let read = support::read_in_pieces::<RecordTolerant<ops::OrderGetAllWithPagination>>(page)
        .expect("the page parses");
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    let total: Decimal = read.records.iter().filter_map(|o| o.total).sum();
    Decoded {
        orders: read.records.len(),
        lines: read.records.iter().map(|o| o.order_lines.len()).sum(),
        total: format!("{:.2}", total.round_dp(2)),
    }
}

/// PHP's side: (median time, what it decoded), or why there is none.
fn php(wsdl: &str, page: &Path, rounds: usize) -> Result<(Timing, Decoded), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers.php");
    let output = Command::new("php")
        .arg(&script)
        .arg(wsdl)
        .arg(page)
        .arg(rounds.to_string())
        .output()
        .map_err(|e| format!("php did not run: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "php failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("php "))
        .ok_or_else(|| format!("no result line from php: {stdout}"))?;
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or("")
            .to_owned()
    };
    let millis = |name: &str| -> Result<Duration, String> {
        let ms: f64 = field(name).parse().map_err(|_| line.to_owned())?;
        Ok(Duration::from_secs_f64(ms / 1e3))
    };
    Ok((
        Timing {
            wall: millis("wall_ms")?,
            cpu: millis("cpu_ms")?,
        },
        Decoded {
            orders: field("orders").parse().unwrap_or(0),
            lines: field("lines").parse().unwrap_or(0),
            total: field("total"),
        },
    ))
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

/// `cpu ms (wall ms), MB/s by CPU time`
fn cell(t: Timing, bytes: Option<usize>) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut cell = format!("{:.2} ms (wall {:.2})", ms(t.cpu), ms(t.wall));
    if let Some(bytes) = bytes {
        cell.push_str(&format!(
            ", {:.0} MB/s",
            bytes as f64 / 1e6 / t.cpu.as_secs_f64()
        ));
    }
    cell
}

/// The products page of `benches/soap.rs` (2,500 products, three variants each, stock
/// locations on both) beside the tokenizer: a second shape, read record by record. PHP's
/// script reads orders only, so its column is empty here.
fn products_row(settings: &Settings) {
    let count = settings.products;
    let page = support::products_response(&support::products(count));
    let bytes = page.as_bytes();
    let parse = || support::read_in_pieces::<RecordTolerant<ops::ProductGetAllWithLimit>>(bytes);
    let read = parse().expect("the products page parses");
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    assert_eq!(read.records.len(), usize::try_from(count).unwrap_or(0));
    let (tokenizer, client) = beside_tokenizer(bytes, settings.rounds, parse);
    row(
        &format!("{count} products"),
        bytes.len(),
        client,
        tokenizer,
        "–",
        "–",
    );
}

/// The median times of `rounds` runs of the tokenizer over `bytes` and of `parse`, taken in
/// turn so that both meet the same load, after one untimed run each.
fn beside_tokenizer<T>(bytes: &[u8], rounds: usize, parse: impl Fn() -> T) -> (Timing, Timing) {
    black_box((support::tokenize(bytes), parse()));
    let (mut tokenizer, mut client) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        tokenizer.push(time(|| support::tokenize(bytes)));
        client.push(time(&parse));
    }
    (median(&tokenizer), median(&client))
}

/// One table row: the client's and the tokenizer's cells, PHP's cells as given.
fn row(label: &str, bytes: usize, client: Timing, tokenizer: Timing, php: &str, ratio: &str) {
    println!(
        "| {label} | {:.2} MB | {} | {php} | {} | {ratio} | {:.0} % (wall {:.0} %) |",
        bytes as f64 / 1e6,
        cell(client, Some(bytes)),
        cell(tokenizer, Some(bytes)),
        tokenizer.cpu.as_secs_f64() / client.cpu.as_secs_f64() * 100.0,
        tokenizer.wall.as_secs_f64() / client.wall.as_secs_f64() * 100.0,
    );
}

fn main() {
    let settings = settings();
    let dir = tempfile::tempdir().expect("temp dir");
    let php_note = match &settings.wsdl {
        None => "PHP ext/soap: skipped (no --wsdl)".to_owned(),
        Some(wsdl) => format!("PHP ext/soap: WSDL {wsdl}"),
    };
    println!(
        "peers: Order_GetAllWithPagination pages, median of {} rounds; load average (1, 5, 15 min) at the start: {}; {php_note}",
        settings.rounds,
        load()
    );
    println!();
    println!(
        "Times are the median CPU time of the parsing thread (PHP: of the process), wall clock in brackets; MB/s by CPU time."
    );
    println!();
    println!(
        "| orders in page | size | smartweb-client (record by record, fed 16 KiB pieces) | PHP ext/soap `SoapClient` | quick-xml raw tokenizer | PHP ÷ client | client speed ÷ tokenizer speed |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut values_differ = false;
    for &count in &settings.sizes {
        let page = support::orders_page_all(&support::orders(count));
        let bytes = page.as_bytes();
        let path = dir.path().join(format!("orders-{count}.xml"));
        std::fs::write(&path, bytes).expect("write the page");

        let ours = client_decoded(bytes);
        assert_eq!(ours.orders, usize::try_from(count).unwrap_or(0));
        let parse =
            || support::read_in_pieces::<RecordTolerant<ops::OrderGetAllWithPagination>>(bytes);
        let (tokenizer, client) = beside_tokenizer(bytes, settings.rounds, parse);
        let (php_cell, ratio_cell) = match settings
            .wsdl
            .as_deref()
            .map(|wsdl| php(wsdl, &path, settings.rounds))
        {
            None => ("skipped".to_owned(), "–".to_owned()),
            Some(Err(why)) => {
                eprintln!("peers: PHP ext/soap at {count} orders: {why}");
                ("failed".to_owned(), "–".to_owned())
            }
            Some(Ok((time, decoded))) => {
                if decoded != ours {
                    values_differ = true;
                    eprintln!(
                        "peers: VALUES DIFFER at {count} orders: smartweb-client {ours:?}, PHP {decoded:?}"
                    );
                }
                (
                    cell(time, None),
                    format!(
                        "{:.1}× (wall {:.1}×)",
                        time.cpu.as_secs_f64() / client.cpu.as_secs_f64(),
                        time.wall.as_secs_f64() / client.wall.as_secs_f64()
                    ),
                )
            }
        };
        row(
            &count.to_string(),
            bytes.len(),
            client,
            tokenizer,
            &php_cell,
            &ratio_cell,
        );
        println!(
            "<!-- {count} orders: read {} orders, {} lines, total {} -->",
            ours.orders, ours.lines, ours.total
        );
    }
    products_row(&settings);
    println!();
    println!("peers: load average at the end: {}", load());
    if values_differ {
        eprintln!("peers: the parsers read different values (see above)");
        std::process::exit(1);
    }
}
