//! Webhooks: register, list, show, update, delete; keyed by an integer `id`.
//!
//! Follows the documentation (D-wh) and its verbatim sample: `POST /webhooks` with
//! `{event, url, is_active}` answers 201 `{"webhook": {id, event, url, is_active, plugin,
//! failures_since_last_success, token, created_at, updated_at}}` (no `self`, as in the sample).
//! The 32-character `token` appears **only** in that create answer. Registering the same
//! (`event`, `url`) again updates the existing webhook instead of adding one and answers 200
//! without `token`. A missing `event` or `url`, or a `url` that is not http(s), answers **400**
//! (the webhook docs name 400 for invalid parameters) with the usual `{"errors": {…}}` map.
//! The fake does not deliver webhooks; it does not check that the URL is reachable.

use serde_json::Value;

use super::{Call, crud, find, stamp};
use crate::mock::json::{Object, int, merge, present, truthy};
use crate::mock::reply::{ApiError, Errors, Reply};
use crate::mock::state::{Kind, Row, State};

pub(super) fn route(st: &mut State, call: &Call<'_>, rest: &[&str]) -> Result<Reply, ApiError> {
    match (call.method, rest) {
        ("POST", []) => register(st, call.body),
        ("PUT" | "PATCH", [id]) => {
            let mut errors = Errors::default();
            validate(call.body, false, &mut errors);
            if !errors.is_empty() {
                return Err(ApiError::BadRequest(errors));
            }
            let row = find(st, Kind::Webhook, id)?;
            let key = row.key(&Kind::Webhook.spec()).unwrap_or_default();
            let mut data = row.data.clone();
            let mut body = super::writable(call.body);
            body.remove("id");
            body.remove("token");
            merge(&mut data, &body, false);
            save(st, &key, data);
            let row = find(st, Kind::Webhook, &key)?;
            Ok(Reply::single(200, "webhook", render(st, row, false)))
        }
        _ => crud(st, call, Kind::Webhook, rest),
    }
}

fn validate(body: &Object, create: bool, errors: &mut Errors) {
    match present(body, "event").and_then(Value::as_str) {
        Some(e) if !e.trim().is_empty() => {}
        Some(_) => errors.required("event"),
        None if create => errors.required("event"),
        None => {}
    }
    match present(body, "url") {
        Some(Value::String(u))
            if url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) => {}
        Some(_) => errors.add("url", "The url must be a valid URL."),
        None if create => errors.required("url"),
        None => {}
    }
}

fn register(st: &mut State, body: &Object) -> Result<Reply, ApiError> {
    let mut errors = Errors::default();
    validate(body, true, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::BadRequest(errors));
    }
    let event = present(body, "event").cloned().unwrap_or(Value::Null);
    let url = present(body, "url").cloned().unwrap_or(Value::Null);
    let active = body.get("is_active").is_none_or(truthy);
    let existing = st
        .table(Kind::Webhook)
        .rows()
        .iter()
        .find(|r| r.data.get("event") == Some(&event) && r.data.get("url") == Some(&url))
        .and_then(|r| r.key(&Kind::Webhook.spec()));
    if let Some(key) = existing {
        let mut data = find(st, Kind::Webhook, &key)?.data.clone();
        data.insert("is_active".into(), Value::Bool(active));
        save(st, &key, data);
        let row = find(st, Kind::Webhook, &key)?;
        return Ok(Reply::single(200, "webhook", render(st, row, false)));
    }
    let id = st.table(Kind::Webhook).next_int_key(1);
    let mut data = Object::new();
    data.insert("id".into(), int(id));
    data.insert("event".into(), event);
    data.insert("url".into(), url);
    data.insert("is_active".into(), Value::Bool(active));
    data.insert("plugin".into(), Value::Null);
    data.insert("failures_since_last_success".into(), int(0));
    data.insert(
        "_token".into(),
        Value::String(token_for(id, st.config.account_id)),
    );
    st.insert(Kind::Webhook, data);
    let row = find(st, Kind::Webhook, &id.to_string())?;
    Ok(Reply::single(201, "webhook", render(st, row, true)))
}

fn save(st: &mut State, key: &str, data: Object) {
    let now = st.clock.now();
    st.table_mut(Kind::Webhook).update(key, |row| {
        row.data = data;
        row.updated = now;
    });
}

/// A deterministic 32-character lowercase hex token (splitmix64 over the id and account).
fn token_for(id: i64, account: i64) -> String {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let seed = (id as u64) ^ ((account as u64) << 32);
    format!("{:016x}{:016x}", mix(seed), mix(seed.wrapping_add(1)))
}

/// The stored token of a webhook (for [`MockRackbeat::webhook_token`](crate::mock::MockRackbeat::webhook_token)).
pub(crate) fn token(row: &Row) -> Option<String> {
    row.data
        .get("_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A webhook as read; `with_token` only for the create answer.
pub(crate) fn render(st: &State, row: &Row, with_token: bool) -> Value {
    let mut o = row.data.clone();
    if with_token {
        o.insert(
            "token".into(),
            token(row).map_or(Value::Null, Value::String),
        );
    }
    o.retain(|k, _| !k.starts_with('_'));
    stamp(st, Kind::Webhook, row, &mut o);
    Value::Object(o)
}
