//! Counts of HTTP requests sent, per operation (logins, projections and retries included).

/// The counter of requests sent, through the [`metrics`] facade, labelled `system`
/// (`smartweb`) and `operation` (as in [`RequestStats`]); retries count. An embedder sees it
/// with any `metrics` recorder installed, and pays nothing without one.
pub const API_CALLS_METRIC: &str = "sync_api_calls_total";
/// The counter of answers that were HTTP 429 (rate limited), labelled like
/// [`API_CALLS_METRIC`].
pub const RATE_LIMITED_METRIC: &str = "sync_api_rate_limited_total";

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A snapshot of the requests a client (and its clones) sent, per operation name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestStats {
    per_operation: BTreeMap<String, u64>,
}

impl RequestStats {
    /// Requests sent for `operation` (e.g. `Order_GetByDateWithPagination`).
    pub fn get(&self, operation: &str) -> u64 {
        self.per_operation.get(operation).copied().unwrap_or(0)
    }

    /// All requests sent.
    pub fn total(&self) -> u64 {
        self.per_operation.values().sum()
    }

    /// Every operation that was sent at least once, by name, with its count.
    pub fn per_operation(&self) -> &BTreeMap<String, u64> {
        &self.per_operation
    }
}

/// The live counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    counts: Mutex<BTreeMap<&'static str, u64>>,
}

impl Counters {
    pub(crate) fn record(&self, operation: &'static str) {
        // A poisoned lock only means another thread panicked mid-increment: keep counting.
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(operation).or_insert(0) += 1;
    }

    pub(crate) fn snapshot(&self) -> RequestStats {
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        RequestStats {
            per_operation: counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }
}
