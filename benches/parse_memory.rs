//! Memory: the peak resident memory of parsing one large `Order_GetByDateWithPagination`
//! response (50 MB by default), as a multiple of the response. Goals: below 3× (issue 9),
//! 1.5× (issue 20). Results and machine: BENCHMARKS.md.
//!
//! `cargo bench --bench parse_memory` writes the response to a temporary file, then runs this
//! binary again as a child per way of reading it, and reports each child's peak (`VmHWM`
//! from `/proc/self/status`, and `/usr/bin/time -v`'s maximum resident set size when that
//! tool is installed):
//! - `pieces`: as the client reads a response: the file read in 16 KiB pieces (the size of
//!   the pieces a TCP connection hands over) into a `soap::ResponseReader`, so the text is
//!   never held whole;
//! - `whole`: the whole file read first, then `soap::parse_response`;
//! - `tree`: the whole file as one element tree (what the decoders avoid).
//!
//! `PARSE_MEMORY_MB` sets the size (50). Without `--bench` (as `cargo test --benches` runs it)
//! it uses 1 MB.
//!
//! No counting allocator: the workspace forbids `unsafe_code`, which a `GlobalAlloc` needs.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use smartweb_client::__parser as xml;
use smartweb_client::{model, ops, soap};

/// A `/proc/self/status` figure in KiB (`VmRSS`, `VmHWM`), Linux only.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// As the client's order stream reads a page: record by record.
type Page = soap::RecordTolerant<ops::OrderGetByDateWithPagination>;

/// The child: read and decode the response one way (see the module doc), report the peak.
fn child(mode: &str, path: &Path) {
    let before = status_kib("VmRSS:").unwrap_or(0);
    let (items, structs) = match mode {
        "pieces" => {
            let mut file = std::fs::File::open(path).expect("open the response");
            let mut reader = soap::ResponseReader::<Page>::new();
            let mut piece = vec![0; 16 * 1024];
            loop {
                let n = file.read(&mut piece).expect("read the response");
                if n == 0 {
                    break;
                }
                reader.feed(&piece[..n]).expect("the response parses");
            }
            let page = reader.finish().expect("the response parses");
            (page.records.len(), struct_bytes(&page.records))
        }
        "whole" => {
            let body = std::fs::read(path).expect("read the response");
            let page = soap::parse_response::<Page>(&body).expect("the response parses");
            (page.records.len(), struct_bytes(&page.records))
        }
        _ => {
            let body = std::fs::read(path).expect("read the response");
            let root = xml::parse(&body).expect("the response is XML");
            (root.children.len(), 0)
        }
    };
    let peak = status_kib("VmHWM:").unwrap_or(0);
    println!(
        "child {mode}: {items} items; peak RSS (KiB): before reading {before}, at the end \
         {peak}; the decoded records' fixed-size parts (structs, boxed records and arrays, no \
         strings) {structs} bytes",
    );
    println!("CHILD before_kib={before} peak_kib={peak} structs={structs}");
}

/// The bytes the orders' structs, boxed records and arrays take, their strings' heap blocks
/// left out: how much of the decoded size the model's layout fixes.
fn struct_bytes(orders: &[model::Order]) -> usize {
    use std::mem::size_of;
    fn boxed<T>(record: &Option<Box<T>>) -> usize {
        record.as_ref().map_or(0, |_| size_of::<T>())
    }
    // A page's array is shrunk to fit: its length is its capacity.
    size_of_val(orders)
        + orders
            .iter()
            .map(|o| {
                o.order_lines.capacity() * size_of::<model::OrderLine>()
                    + o.discount_codes.capacity() * size_of::<model::OrderDiscountCode>()
                    + o.transactions.capacity() * size_of::<model::OrderTransaction>()
                    + boxed(&o.currency)
                    + boxed(&o.customer)
                    + boxed(&o.user)
                    + boxed(&o.payment)
                    + boxed(&o.packing)
                    + boxed(&o.delivery)
            })
            .sum::<usize>()
}

/// What a child reported, in bytes.
struct Peaks {
    /// RSS before reading the response.
    before: u64,
    /// Peak RSS at the end.
    peak: u64,
    /// `/usr/bin/time -v`'s maximum RSS, when installed.
    time_peak: Option<u64>,
    /// The decoded records' structs, boxed records and arrays (`parse` only).
    structs: u64,
}

/// Runs `child(mode)` as a separate process (under `/usr/bin/time -v` when installed).
fn measure(mode: &str, response: &Path) -> Peaks {
    let exe = std::env::current_exe().expect("own path");
    let time = Path::new("/usr/bin/time");
    let output = if time.exists() {
        Command::new(time)
            .arg("-v")
            .arg(&exe)
            .arg(mode)
            .arg(response)
            .output()
    } else {
        Command::new(&exe).arg(mode).arg(response).output()
    }
    .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "child failed: {stdout}{stderr}");
    print!("{stdout}");
    let field = |name: &str| -> u64 {
        stdout
            .lines()
            .find(|l| l.starts_with("CHILD "))
            .and_then(|l| {
                l.split_whitespace()
                    .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
            })
            .unwrap_or(0)
    };
    let time_peak = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024);
    Peaks {
        before: field("before_kib") * 1024,
        peak: field("peak_kib") * 1024,
        time_peak,
        structs: field("structs"),
    }
}

/// Writes a response of at least `megabytes` MB of orders to `path`; returns its size.
fn write_response(path: &Path, megabytes: u64) -> u64 {
    let sample = support::orders_response(&support::orders(100));
    let per_order = (sample.len() as u64 / 100).max(1);
    let count = (megabytes * 1_000_000).div_ceil(per_order);
    let body = support::orders_response(&support::orders(i64::try_from(count).unwrap_or(1)));
    std::fs::write(path, &body).expect("write the response");
    println!(
        "response: {count} orders, {} bytes ({:.1} MB)",
        body.len(),
        body.len() as f64 / 1e6
    );
    body.len() as u64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    for mode in ["pieces", "whole", "tree"] {
        if let Some(i) = args.iter().position(|a| a == mode) {
            child(mode, Path::new(args.get(i + 1).expect("<mode> <file>")));
            return;
        }
    }
    let benching = args.iter().any(|a| a == "--bench");
    let megabytes = if benching {
        std::env::var("PARSE_MEMORY_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(50)
    } else {
        1
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("orders.xml");
    let size = write_response(&path, megabytes);

    let mb = |b: u64| b as f64 / 1e6;
    let time_mb =
        |t: Option<u64>| t.map_or_else(|| "n/a".to_owned(), |p| format!("{:.1} MB", mb(p)));
    let times = |bytes: u64| bytes as f64 / size as f64;
    let mut ratios = Vec::new();
    for (mode, what) in [
        (
            "tree",
            "whole-document element tree (not used for responses)",
        ),
        ("whole", "parse_response on the whole body"),
        (
            "pieces",
            "ResponseReader fed 16 KiB pieces (how the client reads)",
        ),
    ] {
        let peaks = measure(mode, &path);
        let growth = peaks.peak.saturating_sub(peaks.before);
        println!(
            "parse_memory: {what}: peak RSS {:.1} MB (VmHWM), {} (/usr/bin/time -v); growth \
             over the RSS before reading {:.1} MB = {:.2}x the {:.1} MB response; the orders' \
             structs and arrays alone, strings left out: {:.2}x",
            mb(peaks.peak),
            time_mb(peaks.time_peak),
            mb(growth),
            times(growth),
            mb(size),
            times(peaks.structs),
        );
        ratios.push((mode, times(growth)));
    }
    // Reported, not asserted: a missed goal is a figure for BENCHMARKS.md, not a broken run.
    for (mode, ratio) in ratios.into_iter().filter(|(mode, _)| *mode != "tree") {
        for goal in [3.0, 1.5] {
            let verdict = if ratio <= goal { "met" } else { "NOT MET" };
            println!("parse_memory: {mode}: goal {goal}x {verdict} ({ratio:.2}x)");
        }
    }
}
