//! `cargo run --example demo`: the whole integration on two local fakes, no network and no
//! setup. Starts a SmartWeb and a Rackbeat fake seeded with a small Danish webshop
//! (`shop.rs`), runs the settings check, an order import, a product sync, a stock sync, a
//! webhook-triggered import and a second import, and prints each job's report and a summary
//! (`scenario.rs`).
//!
//! One order of the shop cannot be mapped on purpose (a line without an item number): the
//! reports show it failed, and why, while every other order goes through. The demo still
//! exits 0; it exits 1 only when the demo itself could not run.

// Some items of these modules exist for `tests/it/demo.rs`; `tests/it/main.rs` includes them.
#[allow(dead_code)]
mod scenario;
#[allow(dead_code)]
mod shop;

use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout();
    match runtime.block_on(scenario::run_demo(&mut out)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the demo could not run: {e}");
            ExitCode::FAILURE
        }
    }
}
