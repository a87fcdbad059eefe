//! Counts of HTTP requests sent, per endpoint (retries included).

/// The counter of requests sent, through the [`metrics`] facade, labelled `system`
/// (`rackbeat`) and `operation` (as in [`RequestStats`]); retries count. An embedder sees it
/// with any `metrics` recorder installed, and pays nothing without one.
pub const API_CALLS_METRIC: &str = "sync_api_calls_total";
/// The counter of answers that were HTTP 429 (rate limited), labelled like
/// [`API_CALLS_METRIC`].
pub const RATE_LIMITED_METRIC: &str = "sync_api_rate_limited_total";

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A snapshot of the requests a client (and its clones) sent, per endpoint such as
/// `POST /orders/drafts` or `GET /products/{n}` (identifiers replaced by `{n}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestStats {
    per_endpoint: BTreeMap<String, u64>,
}

impl RequestStats {
    /// Requests sent to `endpoint` (e.g. `POST /orders/drafts`).
    pub fn get(&self, endpoint: &str) -> u64 {
        self.per_endpoint.get(endpoint).copied().unwrap_or(0)
    }

    /// All requests sent.
    pub fn total(&self) -> u64 {
        self.per_endpoint.values().sum()
    }

    /// Every endpoint that was called at least once, with its count.
    pub fn per_endpoint(&self) -> &BTreeMap<String, u64> {
        &self.per_endpoint
    }
}

/// The live counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl Counters {
    pub(crate) fn record(&self, endpoint: String) {
        // A poisoned lock only means another thread panicked mid-increment: keep counting.
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(endpoint).or_insert(0) += 1;
    }

    pub(crate) fn snapshot(&self) -> RequestStats {
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        RequestStats {
            per_endpoint: counts.clone(),
        }
    }
}

/// `METHOD /resource/{n}/action`: every second segment is an identifier, except the
/// collection actions `drafts` and `flat`.
pub(crate) fn endpoint_label(method: &str, segments: &[&str]) -> String {
    let mut label = String::from(method);
    for (i, segment) in segments.iter().enumerate() {
        label.push('/');
        if i % 2 == 1 && !matches!(*segment, "drafts" | "flat") {
            label.push_str("{n}");
        } else {
            label.push_str(segment);
        }
    }
    if segments.is_empty() {
        label.push('/');
    }
    label.replacen('/', " /", 1)
}

#[cfg(test)]
mod tests {
    use super::endpoint_label;

    #[test]
    fn labels_hide_identifiers() {
        assert_eq!(
            endpoint_label("POST", &["orders", "drafts"]),
            "POST /orders/drafts"
        );
        assert_eq!(
            endpoint_label("POST", &["orders", "12", "book"]),
            "POST /orders/{n}/book"
        );
        assert_eq!(
            endpoint_label("GET", &["products", "AB/1", "locations", "3"]),
            "GET /products/{n}/locations/{n}"
        );
        assert_eq!(endpoint_label("GET", &["self"]), "GET /self");
    }
}
