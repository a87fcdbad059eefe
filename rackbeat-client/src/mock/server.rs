//! The request pipeline behind the catch-all wiremock `Mock`: log, injected faults, rate limit,
//! bearer check, routing, dropped answers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use secrecy::ExposeSecret;
use serde_json::Value;
use subtle::ConstantTimeEq;
use wiremock::{Request, Respond, ResponseTemplate};

use super::fault::{Fault, FaultAction};
use super::json::Object;
use super::log::RecordedRequest;
use super::modes::HeldWrite;
use super::reply::ApiError;
use super::resources::{Call, route};
use super::state::State;

/// The state shared by the server and the [`MockRackbeat`](super::MockRackbeat) handle.
pub(crate) type Shared = Arc<Mutex<State>>;

/// Locks the state; a panic in another holder does not make the fake unusable.
pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The catch-all responder.
pub(crate) struct Dispatcher {
    pub(crate) shared: Shared,
}

impl Respond for Dispatcher {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut st = lock(&self.shared);
        handle(&mut st, request)
    }
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), "application/json")
}

fn handle(st: &mut State, request: &Request) -> ResponseTemplate {
    let method = request.method.as_str().to_ascii_uppercase();
    let raw_path = request.url.path();
    let Some(relative) = raw_path
        .strip_prefix("/api/")
        .or_else(|| (raw_path == "/api").then_some(""))
    else {
        return record(
            st,
            &method,
            raw_path,
            Vec::new(),
            request,
            json_response(404, &ApiError::NotFound.body()),
            404,
        );
    };
    let segments: Vec<String> = relative
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let path = format!("/{relative}");

    // Injected failures answer before anything is handled.
    if let Some(fault) = take_rule(st, &method, &segments, |a| {
        matches!(a, FaultAction::Fail(_))
    }) {
        let (template, status) = match fault {
            FaultAction::Fail(Fault::ServerError(code)) => (
                json_response(code, &serde_json::json!({"message": "Server Error"})),
                code,
            ),
            FaultAction::Fail(Fault::Timeout) => (
                ResponseTemplate::new(504).set_delay(st.config.timeout_delay),
                504,
            ),
            FaultAction::Fail(Fault::MalformedBody)
            | FaultAction::DropAfterWrite
            | FaultAction::Hold => (
                ResponseTemplate::new(200)
                    .set_body_raw(b"{\"data\": [{\"number\": \"1".to_vec(), "application/json"),
                200,
            ),
        };
        return record(st, &method, &path, segments, request, template, status);
    }

    if let Some(retry_after) = over_limit(st) {
        let mut t = json_response(429, &serde_json::json!({"message": "Too Many Attempts."}));
        if let Some(secs) = retry_after {
            t = t.insert_header("Retry-After", secs.to_string().as_str());
        }
        return record(st, &method, &path, segments, request, t, 429);
    }

    if !authorised(st, request) {
        let e = ApiError::Unauthenticated;
        return record(
            st,
            &method,
            &path,
            segments,
            request,
            json_response(e.status(), &e.body()),
            e.status(),
        );
    }

    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let body: Object = match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(o)) => o,
        // Laravel reads an empty or unparsable body as no input; validation then reports.
        _ => Object::new(),
    };
    let is_write = method != "GET" && method != "HEAD";
    // A held write: taken in, not performed, its answer lost as a gateway timeout would lose
    // it; `land_held_writes` performs it later.
    if is_write && take_rule(st, &method, &segments, |a| matches!(a, FaultAction::Hold)).is_some() {
        st.held.push(HeldWrite {
            method: method.clone(),
            segments: segments.clone(),
            query,
            body,
        });
        return record(
            st,
            &method,
            &path,
            segments,
            request,
            ResponseTemplate::new(504),
            504,
        );
    }
    let call = Call {
        method: &method,
        segments: &segments,
        query: &query,
        body: &body,
    };
    let (status, body) = match route(st, &call) {
        Ok(reply) => (reply.status, reply.body),
        Err(e) => (e.status(), e.body()),
    };
    if is_write
        && (200..300).contains(&status)
        && take_rule(st, &method, &segments, |a| {
            matches!(a, FaultAction::DropAfterWrite)
        })
        .is_some()
    {
        return record(
            st,
            &method,
            &path,
            segments,
            request,
            ResponseTemplate::new(502),
            502,
        );
    }
    record(
        st,
        &method,
        &path,
        segments,
        request,
        json_response(status, &body),
        status,
    )
}

fn record(
    st: &mut State,
    method: &str,
    path: &str,
    segments: Vec<String>,
    request: &Request,
    template: ResponseTemplate,
    status: u16,
) -> ResponseTemplate {
    st.log.push(RecordedRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        segments,
        query: request.url.query().map(str::to_owned),
        body: serde_json::from_slice(&request.body).ok(),
        body_text: std::str::from_utf8(&request.body)
            .ok()
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        status,
    });
    template
}

/// Consumes one use of the first armed rule of the wanted action that matches.
fn take_rule(
    st: &mut State,
    method: &str,
    segments: &[String],
    wanted: impl Fn(&FaultAction) -> bool,
) -> Option<FaultAction> {
    let i = st.faults.iter().position(|r| {
        r.remaining > 0 && wanted(&r.action) && r.endpoint.matches(method, segments)
    })?;
    let rule = st.faults.get_mut(i)?;
    rule.remaining -= 1;
    let action = rule.action.clone();
    st.faults.retain(|r| r.remaining > 0);
    Some(action)
}

/// Counts the request against the rate limit; `Some(retry_after)` when over it.
fn over_limit(st: &mut State) -> Option<Option<u64>> {
    let limit = st.config.rate_limit?;
    let now = st.clock.now();
    let window = chrono::Duration::from_std(limit.window).unwrap_or(chrono::Duration::MAX);
    let (start, count) = match st.window {
        Some((start, count)) if now < start + window => (start, count),
        _ => (now, 0),
    };
    if count >= limit.max_requests {
        st.window = Some((start, count));
        let left = (start + window - now).to_std().unwrap_or(Duration::ZERO);
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        return Some(limit.retry_after.then_some(secs.max(1)));
    }
    st.window = Some((start, count + 1));
    None
}

fn authorised(st: &State, request: &Request) -> bool {
    let expected = format!("Bearer {}", st.config.token.expose_secret());
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|got| got.trim().as_bytes().ct_eq(expected.as_bytes()).into())
}

/// Performs the held writes in the order they arrived; how many succeeded (2xx).
pub(crate) fn land_held(st: &mut State) -> usize {
    let held = std::mem::take(&mut st.held);
    held.iter()
        .filter(|w| {
            let call = Call {
                method: &w.method,
                segments: &w.segments,
                query: &w.query,
                body: &w.body,
            };
            route(st, &call).is_ok_and(|reply| (200..300).contains(&reply.status))
        })
        .count()
}
