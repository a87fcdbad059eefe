//! The request log: every request the fake received, in order, with the status it answered.

use serde_json::Value;

/// One request as the fake saw it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Path relative to the base URL, as sent (still percent-encoded), with a leading `/`:
    /// `/products/A%2F1`.
    pub path: String,
    /// The path's segments, percent-decoded once: `["products", "A/1"]`.
    pub segments: Vec<String>,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The body parsed as JSON (`None` when empty or not JSON).
    pub body: Option<Value>,
    /// The status the fake answered.
    pub status: u16,
}

impl RecordedRequest {
    /// `"<METHOD> <path>"`, e.g. `"POST /orders/drafts"`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}
