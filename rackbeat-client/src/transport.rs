//! Sending requests: URL building, pacing, retries, status classification, decoding.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::client::RackbeatClient;
use crate::envelope::{Resource, Single};
use crate::error::{Error, Result, TransportKind, capped};
use crate::retry::retry_delay;

impl RackbeatClient {
    /// Joins `segments` to the base URL, percent-encoding each as ONE path segment (so `/`,
    /// spaces and `æøå` in item numbers stay inside their segment), then appends `query`.
    pub(crate) fn url(&self, segments: &[&str], query: &[(String, String)]) -> Result<Url> {
        let mut url = self.inner.base_url.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| Error::Config("the base URL cannot be a base".into()))?;
            path.pop_if_empty();
            path.extend(segments);
        }
        if !query.is_empty() {
            url.set_query(Some(&encode_query(query)));
        }
        Ok(url)
    }

    /// The endpoint label of `url` for the request counters.
    fn endpoint_label(&self, method: &Method, url: &Url) -> String {
        let base = self.inner.base_url.path().trim_end_matches('/');
        let path = url.path().strip_prefix(base).unwrap_or(url.path());
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        crate::stats::endpoint_label(method.as_str(), &segments)
    }

    /// Sends one request with pacing and retries; returns the body of a 2xx answer.
    ///
    /// Whether and when a failed attempt is sent again is [`retry_delay`]'s decision (GET,
    /// PUT and DELETE after 429, 5xx and timeouts; POST only after 429; connect errors never).
    pub(crate) async fn send_bytes(
        &self,
        method: Method,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let policy = self.inner.retry;
        let attempt = || self.attempt(method.clone(), url.clone(), body.clone());
        if policy.retries == 0 {
            return attempt().await;
        }
        let backoff = ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(policy.min_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.retries);
        attempt
            .retry(backoff)
            .adjust(|err, delay| retry_delay(&method, err, delay, &policy))
            .notify(|err, delay| tracing::debug!(error = %err, ?delay, "retrying Rackbeat request"))
            .await
    }

    async fn attempt(&self, method: Method, url: Url, body: Option<Vec<u8>>) -> Result<Vec<u8>> {
        if let Some(pacer) = &self.inner.pacer {
            pacer.until_ready().await;
        }
        tracing::debug!(%method, path = url.path(), "Rackbeat request");
        let endpoint = self.endpoint_label(&method, &url);
        metrics::counter!(crate::stats::API_CALLS_METRIC, "system" => "rackbeat", "operation" => endpoint.clone())
            .increment(1);
        self.inner.counters.record(endpoint.clone());
        let mut request = self
            .inner
            .http
            .request(method, url)
            .headers(self.inner.headers.clone());
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let retry_after = parse_retry_after(response.headers(), SystemTime::now());
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            metrics::counter!(crate::stats::RATE_LIMITED_METRIC, "system" => "rackbeat", "operation" => endpoint)
                .increment(1);
        }
        let bytes = read_limited(response, self.inner.max_response_bytes).await?;
        if status.is_success() {
            return Ok(bytes);
        }
        Err(status_error(status, retry_after, &bytes))
    }

    /// Sends a request and decodes the JSON answer as `T`.
    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(String, String)],
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T> {
        let url = self.url(segments, query)?;
        let body = body.map(encode).transpose()?;
        let bytes = self.send_bytes(method, url, body).await?;
        decode(&bytes)
    }

    /// `GET` any path under the base URL (each segment percent-encoded as one) with `query`,
    /// and the JSON answer exactly as sent: fields the models leave out, or keep only as an
    /// `Option`, included. For probes that must tell a missing field from an empty one.
    /// Retried like every GET.
    pub async fn get_json(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<serde_json::Value> {
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.json(Method::GET, segments, &query, None::<&()>).await
    }

    /// GET a `{singular: {...}}` object.
    pub(crate) async fn get_one<T: Resource + DeserializeOwned>(
        &self,
        segments: &[&str],
    ) -> Result<T> {
        self.json::<Single<T>>(Method::GET, segments, &[], None::<&()>)
            .await
            .map(Single::into_inner)
    }

    /// Send `body` and decode a `{singular: {...}}` answer.
    pub(crate) async fn send_one<T: Resource + DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        body: &B,
    ) -> Result<T> {
        self.json::<Single<T>>(method, segments, &[], Some(body))
            .await
            .map(Single::into_inner)
    }

    /// Send a request whose answer body does not matter (delete, book).
    pub(crate) async fn send_unit(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<()> {
        let url = self.url(segments, &[])?;
        let body = body.map(encode).transpose()?;
        self.send_bytes(method, url, body).await.map(drop)
    }

    /// Raw escape hatch: any method and path (segments are percent-encoded one by one),
    /// answer as JSON (`null` for an empty body). Retries follow the same rules.
    pub async fn raw_json(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value> {
        let url = self.url(segments, query)?;
        let body = body.map(encode).transpose()?;
        let bytes = self.send_bytes(method, url, body).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Null);
        }
        decode(&bytes)
    }
}

/// `k=v&…` with every byte outside `A-Z a-z 0-9 * - . _` percent-encoded and a space as
/// `%20`, not the form encoding's `+`: the documented time filter carries a space
/// (`updated_at_from=2025-07-14 00:00:00`, sheet §1.7), and `%20` reads as a space in every
/// decoder, while `+` does so only in form decoders.
fn encode_query(query: &[(String, String)]) -> String {
    let part = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    query
        .iter()
        // `byte_serialize` writes a literal `+` as `%2B`, so any `+` left stands for a space.
        .map(|(k, v)| format!("{}={}", part(k), part(v)).replace('+', "%20"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Reads the body, failing as soon as it exceeds `limit` bytes (declared or received).
async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>> {
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(Error::ResponseTooLarge { limit_bytes: limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(Error::ResponseTooLarge { limit_bytes: limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn encode<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body)
        .map_err(|e| Error::Config(format!("cannot encode the request body: {e}")))
}

/// Decodes JSON, naming the failing path and quoting the start of the body on error.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        path: e.path().to_string(),
        message: e.inner().to_string(),
        snippet: capped(bytes.get(..512).unwrap_or(bytes)),
    })
}

fn transport(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    };
    Error::Transport {
        kind,
        source: Box::new(e.without_url()),
    }
}

/// `Retry-After` as delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[derive(serde::Deserialize)]
struct ValidationBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: BTreeMap<String, serde_json::Value>,
}

pub(crate) fn status_error(
    status: StatusCode,
    retry_after: Option<Duration>,
    bytes: &[u8],
) -> Error {
    let body = capped(bytes);
    match status.as_u16() {
        401 => Error::Unauthorized { body },
        403 => Error::Forbidden { body },
        404 => Error::NotFound { body },
        422 => {
            let parsed: Option<ValidationBody> = serde_json::from_slice(bytes).ok();
            let (message, fields) = match parsed {
                Some(v) => (
                    v.message,
                    v.errors
                        .into_iter()
                        .map(|(k, v)| (k, messages(v)))
                        .collect(),
                ),
                None => (None, BTreeMap::new()),
            };
            Error::Validation {
                message,
                fields,
                body,
            }
        }
        429 => Error::RateLimited { retry_after, body },
        s if status.is_server_error() => Error::Server { status: s, body },
        s => Error::Status { status: s, body },
    }
}

fn messages(v: serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|m| match m {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        serde_json::Value::String(s) => vec![s],
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_http_date() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after(&h, now), Some(Duration::from_secs(7)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 09 Sep 2001 01:46:50 GMT"),
        );
        assert_eq!(parse_retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&h, now), None);
    }
}
