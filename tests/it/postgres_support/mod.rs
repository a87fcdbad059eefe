//! The PostgreSQL server of the `postgres` tests. They are `#[ignore]`d, so the README's test
//! command needs no server; CI runs them against a throwaway one:
//!
//! ```sh
//! eval "$(bash scripts/postgres.sh start)"
//! cargo test --workspace --all-features --test state_conformance --test 'postgres_*' -- --ignored
//! bash scripts/postgres.sh stop
//! ```
#![cfg(feature = "postgres")]

/// The URL in `SMARTWEB_RACKBEAT_TEST_PG`; a test run without one fails.
pub fn database_url() -> String {
    std::env::var("SMARTWEB_RACKBEAT_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "SMARTWEB_RACKBEAT_TEST_PG is not set: start a server with \
             `eval \"$(bash scripts/postgres.sh start)\"` to run the PostgreSQL tests"
        )
    })
}
