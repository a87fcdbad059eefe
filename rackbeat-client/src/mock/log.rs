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
    /// The body parsed as JSON (`None` when empty or not JSON). Numbers are `f64`-backed here
    /// (no `arbitrary_precision`); read [`body_text`](Self::body_text) for the exact digits.
    pub body: Option<Value>,
    /// The body exactly as sent (`None` when empty or not UTF-8): the digits of every number
    /// as the client wrote them.
    pub body_text: Option<String>,
    /// The status the fake answered.
    pub status: u16,
}

impl RecordedRequest {
    /// `"<METHOD> <path>"`, e.g. `"POST /orders/drafts"`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}
