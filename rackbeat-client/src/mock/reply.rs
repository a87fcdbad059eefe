//! What a handler returns, and how errors look on the wire.
//!
//! Bodies for errors other than 422 are undocumented (sheet §1.9, §5.11); the fake uses
//! Laravel's defaults: 401 `{"message":"Unauthenticated."}`, 404 `{"message":"Not Found"}`,
//! 405 `{"message":"Method Not Allowed"}`. A 422 is exactly the documented shape
//! `{"errors": {"<dot.path>": ["message", …]}}` with no top-level `message`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// A successful answer.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
}

impl Reply {
    pub(crate) fn ok(body: Value) -> Self {
        Self { status: 200, body }
    }
    pub(crate) fn partial(body: Value) -> Self {
        Self { status: 206, body }
    }
    /// `{key: value}`.
    pub(crate) fn single(status: u16, key: &str, value: Value) -> Self {
        let mut o = serde_json::Map::new();
        o.insert(key.to_owned(), value);
        Self {
            status,
            body: Value::Object(o),
        }
    }
}

/// A failed answer.
#[derive(Debug, Clone)]
pub(crate) enum ApiError {
    Unauthenticated,
    NotFound,
    MethodNotAllowed,
    Validation(Errors),
    /// The same error map with status 400 (the webhook docs name 400 for invalid parameters).
    BadRequest(Errors),
}

impl ApiError {
    pub(crate) fn status(&self) -> u16 {
        match self {
            ApiError::Unauthenticated => 401,
            ApiError::NotFound => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Validation(_) => 422,
            ApiError::BadRequest(_) => 400,
        }
    }

    pub(crate) fn body(&self) -> Value {
        match self {
            ApiError::Unauthenticated => json!({"message": "Unauthenticated."}),
            ApiError::NotFound => json!({"message": "Not Found"}),
            ApiError::MethodNotAllowed => json!({"message": "Method Not Allowed"}),
            ApiError::Validation(e) | ApiError::BadRequest(e) => json!({"errors": e.0}),
        }
    }

    /// A 422 with one message at one path.
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Errors::default();
        e.add(path, message);
        ApiError::Validation(e)
    }
}

/// Validation messages collected per dot-path, in the server's Laravel wording.
#[derive(Debug, Clone, Default)]
pub(crate) struct Errors(BTreeMap<String, Vec<String>>);

impl Errors {
    pub(crate) fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.entry(path.into()).or_default().push(message.into());
    }

    /// Laravel's `required` message; `attribute` is the field with `_` read as spaces.
    pub(crate) fn required(&mut self, path: &str) {
        let msg = format!("The {} field is required.", attribute(path));
        self.add(path, msg);
    }

    /// Laravel's `exists` message.
    pub(crate) fn invalid_ref(&mut self, path: &str) {
        let msg = format!("The selected {} is invalid.", attribute(path));
        self.add(path, msg);
    }

    /// Laravel's `unique` message.
    pub(crate) fn taken(&mut self, path: &str) {
        let msg = format!("The {} has already been taken.", attribute(path));
        self.add(path, msg);
    }

    /// Laravel's `numeric` message.
    pub(crate) fn not_numeric(&mut self, path: &str) {
        let msg = format!("The {} must be a number.", attribute(path));
        self.add(path, msg);
    }

    /// How many messages are collected.
    pub(crate) fn len(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, else the 422.
    pub(crate) fn into_result(self) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self))
        }
    }
}

/// Laravel's display name of a field: top-level `snake_case` fields read with spaces
/// (`payment_terms_id` → `payment terms id`), nested paths stay as they are
/// (`lines.0.variations.0.option_id`, as in the documentation's sample).
fn attribute(path: &str) -> String {
    if path.contains('.') {
        path.to_owned()
    } else {
        path.replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_laravel_wording() {
        let mut e = Errors::default();
        e.invalid_ref("payment_terms_id");
        e.invalid_ref("lines.0.variations.0.option_id");
        e.required("name");
        let body = ApiError::Validation(e).body();
        assert_eq!(
            body["errors"]["payment_terms_id"][0],
            "The selected payment terms id is invalid."
        );
        assert_eq!(
            body["errors"]["lines.0.variations.0.option_id"][0],
            "The selected lines.0.variations.0.option_id is invalid."
        );
        assert_eq!(body["errors"]["name"][0], "The name field is required.");
        assert!(body.get("message").is_none());
    }
}
