//! The HTTP client: builder, session, transport, pacing and request counts.
//!
//! See [`SmartWebClient`] for the session rules (lazy login, projections, `AUTH` handling,
//! per-session serialisation) and [`SmartWebClientBuilder`] for the settings.

mod builder;
mod pacing;
mod projection;
mod retry;
mod session;
mod stats;
mod transport;

use std::sync::Arc;

pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_ENDPOINT, DEFAULT_LANGUAGE, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_REQUESTS_PER_SECOND, DEFAULT_RETRY_MIN_DELAY, DEFAULT_TIMEOUT,
    DEFAULT_TRANSPORT_RETRIES, SmartWebClientBuilder,
};
pub use projection::Projection;
pub use stats::RequestStats;

use crate::Error;
use crate::soap::Operation;
use builder::Config;
use pacing::Pacer;
use session::SessionState;
use stats::Counters;

/// A SmartWeb API client (cheap to clone; clones share the session, the pacing and the
/// request counts).
///
/// One client is one server session:
/// - it logs in lazily on the first call (`Solution_Connect`), keeps every cookie the server
///   sets, selects the configured language and re-applies the remembered `*_SetFields`
///   projections after every (re)login;
/// - on an `AUTH` fault it reconnects and replays a **read** once; writes are never replayed;
/// - calls are **serialised**: the session's projections are server-side global state, so a
///   call and the projection it needs run under one lock, and no other call interleaves;
/// - requests leave at most [`requests_per_second`](SmartWebClientBuilder::requests_per_second)
///   apart, and transport errors are retried for reads only.
///
/// The password is never shown by `Debug`, logs or errors.
#[derive(Clone)]
pub struct SmartWebClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: Arc<Config>,
    http: reqwest::Client,
    pacer: Pacer,
    counters: Counters,
    session: tokio::sync::Mutex<SessionState>,
}

impl std::fmt::Debug for SmartWebClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.inner.config;
        f.debug_struct("SmartWebClient")
            .field("endpoint", &c.endpoint.as_str())
            .field("username", &c.username)
            .field("password", &"[redacted]")
            .field("language", &c.language)
            .field("requests_per_second", &c.requests_per_second)
            .field("soap_version", &c.soap_version)
            .field("nil_form", &c.nil_form)
            .finish_non_exhaustive()
    }
}

/// Every generated WSDL operation as a typed async method: `client.raw().order_get_by_id(1)`.
#[derive(Debug, Clone, Copy)]
pub struct Raw<'a>(pub(crate) &'a SmartWebClient);

impl SmartWebClient {
    /// A builder with the defaults; `username` and `password` are required.
    pub fn builder() -> SmartWebClientBuilder {
        SmartWebClientBuilder::new()
    }

    fn from_parts(config: Arc<Config>, http: reqwest::Client) -> Self {
        Self {
            inner: Arc::new(Inner {
                pacer: Pacer::new(config.requests_per_second),
                config,
                http,
                counters: Counters::default(),
                session: tokio::sync::Mutex::new(SessionState::default()),
            }),
        }
    }

    /// Calls any generated operation through the session (see the type docs for the rules).
    ///
    /// A successful `*_SetFields` call is remembered and re-applied after every reconnect; a
    /// `NOSUCHPARAM` fault is returned as is and nothing is remembered.
    pub async fn call<O>(&self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync + 'static,
        O::Output: 'static,
    {
        self.session().await.call(op).await
    }

    /// Calls `op` after making sure each `(projection, fields)` is set, all under one hold of
    /// the session, so no other call can change the projections in between.
    pub async fn call_with_projections<O>(
        &self,
        projections: &[(Projection, &str)],
        op: &O,
    ) -> Result<O::Output, Error>
    where
        O: Operation + Sync + 'static,
        O::Output: 'static,
    {
        let mut session = self.session().await;
        for (projection, fields) in projections {
            session.ensure_projection(*projection, fields).await?;
        }
        session.call(op).await
    }

    /// The language layer this client selects after each login (`Solution_SetLanguage`).
    pub fn language(&self) -> &str {
        &self.inner.config.language
    }

    /// The generated layer.
    pub fn raw(&self) -> Raw<'_> {
        Raw(self)
    }

    /// How many HTTP requests this client and its clones sent, per operation (logins,
    /// projections and retries included).
    pub fn request_stats(&self) -> RequestStats {
        self.inner.counters.snapshot()
    }

    /// How many HTTP requests this client and its clones sent in total.
    pub fn request_count(&self) -> u64 {
        self.request_stats().total()
    }
}
