//! Memory: the peak resident memory of parsing one large `Order_GetByDateWithPagination`
//! response (50 MB by default). The goal (issue 9): the peak stays below 3× the response size.
//! Results and machine: BENCHMARKS.md.
//!
//! `cargo bench --bench parse_memory` writes the response to a temporary file, then runs this
//! binary again as a child that reads the file and parses it, and reports the child's peak
//! (`VmHWM` from `/proc/self/status`, and `/usr/bin/time -v`'s maximum resident set size when
//! that tool is installed). `PARSE_MEMORY_MB` sets the size (50). Without `--bench` (as
//! `cargo test --benches` runs it) it uses 1 MB.
//!
//! No counting allocator: the workspace forbids `unsafe_code`, which a `GlobalAlloc` needs.

mod support;

use std::path::Path;
use std::process::Command;

use smartweb_client::{ops, soap, xml};

/// A `/proc/self/status` figure in KiB (`VmRSS`, `VmHWM`), Linux only.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// The child: read the response, parse it, report the peak.
fn parse(path: &Path) {
    let before = status_kib("VmRSS:").unwrap_or(0);
    let body = std::fs::read(path).expect("read the response");
    let read = status_kib("VmHWM:").unwrap_or(0);
    // The element tree alone (what `parse_response` builds before decoding), then dropped.
    let tree = xml::parse(&body).expect("the response is XML");
    let tree_peak = status_kib("VmHWM:").unwrap_or(0);
    drop(tree);
    let orders = soap::parse_response::<ops::OrderGetByDateWithPagination>(&body)
        .expect("the response parses");
    let peak = status_kib("VmHWM:").unwrap_or(0);
    println!(
        "child: {} orders from {} bytes; peak RSS (KiB): before reading {before}, after reading \
         {read}, with the element tree {tree_peak}, after the full parse {peak}",
        orders.len(),
        body.len()
    );
    println!(
        "CHILD before_kib={before} read_kib={read} tree_kib={tree_peak} peak_kib={peak} bytes={}",
        body.len()
    );
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
    if let Some(i) = args.iter().position(|a| a == "parse") {
        parse(Path::new(args.get(i + 1).expect("parse <file>")));
        return;
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

    let exe = std::env::current_exe().expect("own path");
    let time = Path::new("/usr/bin/time");
    let output = if time.exists() {
        Command::new(time)
            .arg("-v")
            .arg(&exe)
            .arg("parse")
            .arg(&path)
            .output()
    } else {
        Command::new(&exe).arg("parse").arg(&path).output()
    }
    .expect("run the child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "child failed: {stdout}{stderr}");
    print!("{stdout}");

    let field = |name: &str| -> Option<u64> {
        stdout
            .lines()
            .find(|l| l.starts_with("CHILD "))?
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    let before = field("before_kib").unwrap_or(0) * 1024;
    let peak = field("peak_kib").unwrap_or(0) * 1024;
    let time_peak = stderr
        .lines()
        .find(|l| l.contains("Maximum resident set size"))
        .and_then(|l| l.rsplit(':').next())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024);
    let growth = peak.saturating_sub(before);
    let tree = field("tree_kib").unwrap_or(0) * 1024;
    let ratio = growth as f64 / size as f64;
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "parse_memory: response {:.1} MB; peak RSS {:.1} MB (VmHWM), {} (/usr/bin/time -v); \
         element tree alone {:.1} MB; growth over the RSS before reading {:.1} MB = {ratio:.2}x \
         the response (body included)",
        mb(size),
        mb(peak),
        time_peak.map_or_else(|| "n/a".to_owned(), |p| format!("{:.1} MB", mb(p))),
        mb(tree.saturating_sub(before)),
        mb(growth),
    );
    // Reported, not asserted: a failed goal is a figure for BENCHMARKS.md, not a broken run.
    if ratio < 3.0 {
        println!("parse_memory: goal met (below 3x)");
    } else {
        println!("parse_memory: GOAL NOT MET (3x): the DOM parser holds the whole tree");
    }
}
