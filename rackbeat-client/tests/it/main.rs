//! The crate's integration tests in one binary: one link instead of one per file. Each module
//! is a former `tests/<name>.rs` (`cargo test -p rackbeat-client --test it <name>::` runs one);
//! `common` holds the helpers they share. Bodies stay in `tests/data/` and `tests/corpus/`.

mod bad_input;
mod common;
mod corpus_replay;
mod endpoints;
mod exact_numbers;
mod http_client;
mod mock_modes;
mod mock_rackbeat;
mod models;
mod orders_newest;
mod reference;
mod sheet_audit;
mod transport;
mod webhooks;
