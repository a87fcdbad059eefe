//! OAuth2 client credentials (API fact sheet §9): fetch, cache and renew the Bearer token.
//!
//! Rule owned here: a token is renewed [`RENEW_MARGIN`] before it expires (at most half its
//! lifetime before), and dropped when the API answers 401 with it. Expiry is measured on tokio's
//! clock so tests can pause time. Neither the client secret nor a token is ever logged or put in
//! an error.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::error::{GraphqlError, excerpt, redact};

/// How long before expiry a token is renewed.
pub const RENEW_MARGIN: Duration = Duration::from_secs(5 * 60);

/// Lifetime assumed when the token response has no `expires_in` (the documented 24 h).
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// A token and when to stop using it.
struct CachedToken {
    value: SecretString,
    renew_at: Instant,
    generation: u64,
}

/// The token in use, shared by all calls of one client.
#[derive(Default)]
pub(crate) struct TokenCache {
    slot: Mutex<Option<CachedToken>>,
    issued: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache").finish_non_exhaustive()
    }
}

/// A token handed to one request, with the generation needed to drop it after a 401.
pub(crate) struct Lease {
    pub token: SecretString,
    pub generation: u64,
}

/// When to renew a token that lives `lifetime` from `now`.
fn renew_at(now: Instant, lifetime: Duration) -> Instant {
    let margin = RENEW_MARGIN.min(lifetime / 2);
    now + lifetime.saturating_sub(margin)
}

impl TokenCache {
    /// The cached token, or a fresh one from `fetch` when there is none or it is due for
    /// renewal. Concurrent callers wait for one fetch.
    pub(crate) async fn lease<F, Fut>(&self, fetch: F) -> Result<Lease, GraphqlError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(SecretString, Duration), GraphqlError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(t) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(Lease {
                token: t.value.clone(),
                generation: t.generation,
            });
        }
        let (value, lifetime) = fetch().await?;
        let generation = self
            .issued
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        *slot = Some(CachedToken {
            value: value.clone(),
            renew_at: renew_at(Instant::now(), lifetime),
            generation,
        });
        Ok(Lease {
            token: value,
            generation,
        })
    }

    /// Drops the cached token if it is still the one of `generation` (the API refused it).
    pub(crate) async fn invalidate(&self, generation: u64) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|t| t.generation == generation) {
            *slot = None;
        }
    }
}

/// POSTs the client credentials to the token endpoint and reads `access_token` / `expires_in`.
pub(crate) async fn fetch_token(
    http: &reqwest::Client,
    token_url: &url::Url,
    client_id: &str,
    client_secret: &SecretString,
) -> Result<(SecretString, Duration), GraphqlError> {
    let secret = client_secret.expose_secret();
    let transport = |source| GraphqlError::Transport {
        target: "OAuth2 token endpoint",
        source,
    };
    let response = http
        .post(token_url.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    let body = response.text().await.map_err(transport)?;
    let json: Option<Value> = serde_json::from_str(&body).ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|j| j.get(name))
            .and_then(Value::as_str)
            .map(|s| redact(s, &[secret]))
    };
    if !status.is_success() {
        return Err(GraphqlError::Token {
            status: status.as_u16(),
            error: field("error"),
            description: field("error_description"),
            body: excerpt(&redact(&body, &[secret])),
        });
    }
    let token = json
        .as_ref()
        .and_then(|j| j.get("access_token"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GraphqlError::Decode {
            what: "OAuth2 token response".into(),
            message: "no access_token".into(),
            excerpt: excerpt(&redact(&body, &[secret])),
        })?;
    let lifetime = json
        .as_ref()
        .and_then(|j| j.get("expires_in"))
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        })
        .map_or(DEFAULT_TOKEN_LIFETIME, Duration::from_secs);
    tracing::debug!(
        expires_in_secs = lifetime.as_secs(),
        "fetched a GraphQL access token"
    );
    Ok((SecretString::from(token.to_owned()), lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn renews_five_minutes_early_or_at_half_life() {
        let now = Instant::now();
        assert_eq!(
            renew_at(now, DEFAULT_TOKEN_LIFETIME) - now,
            Duration::from_secs(86_400 - 300)
        );
        assert_eq!(
            renew_at(now, Duration::from_secs(60)) - now,
            Duration::from_secs(30)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cache_reuses_then_renews_and_invalidates_by_generation() {
        let cache = TokenCache::default();
        let fetch = |t: &'static str| {
            move || async move { Ok((SecretString::from(t), Duration::from_secs(3600))) }
        };
        let a = cache.lease(fetch("a")).await.unwrap();
        let again = cache.lease(fetch("b")).await.unwrap();
        assert_eq!(again.token.expose_secret(), "a");
        cache.invalidate(a.generation + 7).await; // someone else's, stale generation: kept
        assert_eq!(
            cache.lease(fetch("b")).await.unwrap().token.expose_secret(),
            "a"
        );
        cache.invalidate(a.generation).await;
        let b = cache.lease(fetch("b")).await.unwrap();
        assert_eq!(b.token.expose_secret(), "b");
        tokio::time::advance(Duration::from_secs(3600 - 299)).await;
        assert_eq!(
            cache.lease(fetch("c")).await.unwrap().token.expose_secret(),
            "c"
        );
    }
}
