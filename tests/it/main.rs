//! The engine's integration tests in one binary: one link instead of one per file. Each module
//! is a former `tests/<name>.rs` (`cargo test -p smartweb-rackbeat --test it <name>::` runs
//! one); the `*_support` modules hold what they share, and `cli`, `shop` and `scenario` are the
//! example programs' sources, included once. `tests/sync_state_file.rs` stays its own binary:
//! it changes the process's working directory, which every test here would see.

#[path = "../../examples/sync/cli.rs"]
#[allow(dead_code)]
mod cli;
#[path = "../../examples/demo/scenario.rs"]
#[allow(dead_code)]
mod scenario;
#[path = "../../examples/demo/shop.rs"]
#[allow(dead_code)]
mod shop;

mod bad_input;
mod budget_orders;
mod budget_stock;
mod budget_support;
mod corpus_replay;
mod demo;
mod engine_orders;
mod engine_recovery;
mod engine_support;
mod engine_sync;
mod postgres_store;
mod postgres_support;
mod postgres_tls;
mod postgres_workers;
mod probe;
mod readme_example;
mod scheduler_cron;
mod secrets_in_logs;
mod state_conformance;
mod state_sqlite;
mod state_support;
mod sync_config;
// Runs the installed program as a child process: needs the binary.
#[cfg(feature = "cli")]
mod sync_process;
mod sync_program;
mod sync_support;
mod transfer_state;
mod unreachable;
mod webhook_listener;
mod webhooks_register;
