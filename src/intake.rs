//! Webhook intake plumbing, independent of any web framework.
//!
//! A handler for either system does, in order:
//!
//! 1. [`Intake::check_content_length`] on the headers, then read the body and
//!    [`Intake::check_body`] (a bounded size, [`IntakeError::BodyTooLarge`] → 413);
//! 2. verify the delivery with the client crate (SmartWeb HMAC, Rackbeat token) using
//!    [`Headers::get`];
//! 3. [`Intake::accept`]: reserve a queue slot, record the dedupe key in the
//!    [`StateStore`], and queue the work; answer 2xx at once
//!    ([`Accepted::Queued`] and [`Accepted::Duplicate`] alike) and let a worker
//!    ([`work_off`]) do the work off the request path.
//!
//! The slot is reserved *before* the dedupe key is recorded, so a full queue (answered with
//! 503, [`IntakeError::status_code`]) never marks a delivery as seen: the sender's retry gets in.
//! Work lost after acceptance (a crash) is caught by the next scheduled run, which is why the
//! cron jobs stay on even with webhooks.

use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::FutureExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::state::{StateError, StateStore};

/// Header names and values with case-insensitive lookup by name.
///
/// Build it from pairs (`Headers::from_pairs([("X-Webhook-Topic", "orders/created")])`) or
/// from an [`http::HeaderMap`] (values that are not UTF-8 are left out).
///
/// `Debug` shows the names but hides the values of headers that carry credentials
/// ([`Headers::is_sensitive`]), such as `Rackbeat-Webhook-Token` and `X-Hmac-Sha256`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| {
                let shown = if Self::is_sensitive(n) {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (n.as_str(), shown)
            }))
            .finish()
    }
}

impl Headers {
    /// Headers from name/value pairs, in order.
    pub fn from_pairs<N, V>(pairs: impl IntoIterator<Item = (N, V)>) -> Self
    where
        N: Into<String>,
        V: Into<String>,
    {
        Self(
            pairs
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        )
    }

    /// The first value of the header `name` (any case), trimmed of surrounding spaces.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// Every value of the header `name` (any case).
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// Adds a header.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Whether a header name carries a credential (token, signature, secret, authorization,
    /// cookie); such values are never shown by `Debug`.
    pub fn is_sensitive(name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        [
            "token",
            "hmac",
            "signature",
            "secret",
            "authorization",
            "cookie",
            "api-key",
        ]
        .iter()
        .any(|marker| name.contains(marker))
    }

    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Self::from_pairs(iter)
    }
}

impl From<&http::HeaderMap> for Headers {
    fn from(map: &http::HeaderMap) -> Self {
        map.iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect()
    }
}

/// Why a delivery was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IntakeError {
    /// The body (or its declared `Content-Length`) exceeds the limit.
    #[error("webhook body of {size} bytes exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The body's (declared) size.
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// The work queue is full; the sender should retry later.
    #[error("the webhook work queue is full")]
    QueueFull,
    /// The worker side of the queue is gone (shutting down).
    #[error("the webhook work queue is closed")]
    QueueClosed,
    /// The dedupe key could not be recorded.
    #[error("cannot record the webhook dedupe key")]
    State(#[from] StateError),
}

impl IntakeError {
    /// The HTTP status a handler should answer with: 413 for a too large body, 503 for a full
    /// or closed queue or a busy store (the sender retries), 500 otherwise.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::BodyTooLarge { .. } => 413,
            Self::QueueFull | Self::QueueClosed => 503,
            Self::State(e) if e.is_retryable() => 503,
            Self::State(_) => 500,
        }
    }
}

/// What [`Intake::accept`] did. Both answer the sender with 2xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// The work was queued.
    Queued,
    /// The dedupe key was seen before: nothing was queued.
    Duplicate,
}

/// Limits for webhook intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeConfig {
    /// The largest body accepted, in bytes (default 256 KiB; both systems send small JSON).
    pub max_body_bytes: usize,
    /// How many deliveries may wait for a worker (default 1024).
    pub queue_capacity: usize,
    /// How long dedupe keys are kept (default 7 days), see [`Intake::prune`].
    pub dedupe_window: Duration,
}

impl Default for IntakeConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 256 * 1024,
            queue_capacity: 1024,
            dedupe_window: Duration::from_secs(7 * 24 * 60 * 60),
        }
    }
}

/// The request-path half of webhook intake: size checks, dedupe and a bounded queue of work
/// items `T`. Clones share the queue.
#[derive(Debug)]
pub struct Intake<T> {
    config: IntakeConfig,
    queue: mpsc::Sender<T>,
}

impl<T> Clone for Intake<T> {
    fn clone(&self) -> Self {
        Self {
            config: self.config,
            queue: self.queue.clone(),
        }
    }
}

impl<T: Send + 'static> Intake<T> {
    /// An intake and the receiving end of its queue (give that to [`work_off`]). A zero
    /// capacity is raised to one.
    pub fn new(config: IntakeConfig) -> (Self, mpsc::Receiver<T>) {
        let (queue, rx) = mpsc::channel(config.queue_capacity.max(1));
        (Self { config, queue }, rx)
    }

    /// The limits in force.
    pub fn config(&self) -> &IntakeConfig {
        &self.config
    }

    /// Rejects a request whose declared `Content-Length` exceeds the limit, before the body is
    /// read. A missing or unreadable length passes (the body is checked after reading).
    pub fn check_content_length(&self, headers: &Headers) -> Result<(), IntakeError> {
        match headers
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        {
            Some(size) if size > self.limit_u64() => Err(IntakeError::BodyTooLarge {
                size,
                limit: self.config.max_body_bytes,
            }),
            _ => Ok(()),
        }
    }

    /// Rejects a body over the limit.
    pub fn check_body(&self, body: &[u8]) -> Result<(), IntakeError> {
        if body.len() > self.config.max_body_bytes {
            return Err(IntakeError::BodyTooLarge {
                size: u64::try_from(body.len()).unwrap_or(u64::MAX),
                limit: self.config.max_body_bytes,
            });
        }
        Ok(())
    }

    fn limit_u64(&self) -> u64 {
        u64::try_from(self.config.max_body_bytes).unwrap_or(u64::MAX)
    }

    /// Queues `work` unless `dedupe_key` was seen before. The queue slot is reserved first,
    /// so a full queue leaves the key unrecorded and the sender's retry is not lost.
    pub async fn accept<S>(
        &self,
        store: &S,
        dedupe_key: &str,
        now: DateTime<Utc>,
        work: T,
    ) -> Result<Accepted, IntakeError>
    where
        S: StateStore + ?Sized,
    {
        let permit = self.reserve()?;
        if store.seen_webhook(dedupe_key, now).await? {
            tracing::debug!(dedupe_key, "duplicate webhook delivery ignored");
            return Ok(Accepted::Duplicate);
        }
        permit.send(work);
        Ok(Accepted::Queued)
    }

    /// Queues `work` without dedupe (for deliveries whose work is idempotent anyway).
    pub fn enqueue(&self, work: T) -> Result<Accepted, IntakeError> {
        self.reserve()?.send(work);
        Ok(Accepted::Queued)
    }

    fn reserve(&self) -> Result<mpsc::Permit<'_, T>, IntakeError> {
        self.queue.try_reserve().map_err(|e| match e {
            mpsc::error::TrySendError::Full(()) => IntakeError::QueueFull,
            mpsc::error::TrySendError::Closed(()) => IntakeError::QueueClosed,
        })
    }

    /// Removes dedupe keys older than the window. Returns how many went.
    pub async fn prune<S>(&self, store: &S, now: DateTime<Utc>) -> Result<u64, IntakeError>
    where
        S: StateStore + ?Sized,
    {
        let window =
            chrono::Duration::from_std(self.config.dedupe_window).unwrap_or(chrono::Duration::MAX);
        let cutoff = now
            .checked_sub_signed(window)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Ok(store.prune_webhooks(cutoff).await?)
    }
}

/// What [`work_off`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkedOff {
    /// Items handled, those that panicked included.
    pub handled: u64,
    /// Items whose handling panicked (each logged as a failed item at error level).
    pub panicked: u64,
}

/// Works off the queue one item at a time with `handle`, until the queue is closed and empty
/// or `shutdown` is cancelled. An item being handled when shutdown comes is finished; items
/// still queued then are left (the next scheduled run catches their orders up). A panic while
/// handling one item is caught and counted, and the next item is handled: one bad delivery
/// must not stop the worker (and fill the queue).
pub async fn work_off<T, F, Fut>(
    mut queue: mpsc::Receiver<T>,
    shutdown: CancellationToken,
    mut handle: F,
) -> WorkedOff
where
    F: FnMut(T) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut done = WorkedOff::default();
    loop {
        let item = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            item = queue.recv() => item,
        };
        let Some(item) = item else { break };
        // The item's future is dropped after a panic, so no state of it is used again.
        if let Err(payload) = AssertUnwindSafe(handle(item)).catch_unwind().await {
            let message = crate::scheduler::payload_message(payload.as_ref());
            tracing::error!("webhook work failed: it panicked: {message}");
            done.panicked = done.panicked.saturating_add(1);
        }
        done.handled = done.handled.saturating_add(1);
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::MemoryStore;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).unwrap()
    }

    fn small() -> IntakeConfig {
        IntakeConfig {
            max_body_bytes: 8,
            queue_capacity: 2,
            ..IntakeConfig::default()
        }
    }

    #[test]
    fn header_lookup_ignores_case() {
        let h = Headers::from_pairs([
            ("X-Hmac-Sha256", " abc "),
            ("x-webhook-topic", "orders/created"),
        ]);
        assert_eq!(h.get("x-hmac-sha256"), Some("abc"));
        assert_eq!(h.get("X-WEBHOOK-TOPIC"), Some("orders/created"));
        assert_eq!(h.get("missing"), None);
    }

    #[test]
    fn debug_hides_credentials() {
        let h = Headers::from_pairs([
            ("Rackbeat-Webhook-Token", "0123456789abcdef0123456789abcdef"),
            ("X-Hmac-Sha256", "c2lnbmF0dXJl"),
            ("Authorization", "Bearer abc"),
            ("X-Webhook-Topic", "orders/created"),
        ]);
        let debug = format!("{h:?}");
        assert!(!debug.contains("0123456789"), "{debug}");
        assert!(!debug.contains("c2lnbmF0dXJl"), "{debug}");
        assert!(!debug.contains("Bearer"), "{debug}");
        assert!(debug.contains("orders/created"), "{debug}");
        assert!(debug.contains("Rackbeat-Webhook-Token"), "{debug}");
    }

    #[test]
    fn header_map_converts() {
        let mut map = http::HeaderMap::new();
        map.insert(
            "Rackbeat-Webhook-Token",
            http::HeaderValue::from_static("t0k"),
        );
        map.append("x-multi", http::HeaderValue::from_static("a"));
        map.append("x-multi", http::HeaderValue::from_static("b"));
        let h = Headers::from(&map);
        assert_eq!(h.get("rackbeat-webhook-token"), Some("t0k"));
        assert_eq!(h.get_all("X-Multi").collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn body_size_is_bounded() {
        let (intake, _rx) = Intake::<u32>::new(small());
        assert!(intake.check_body(b"12345678").is_ok());
        let err = intake.check_body(b"123456789").unwrap_err();
        assert!(matches!(
            err,
            IntakeError::BodyTooLarge { size: 9, limit: 8 }
        ));
        assert_eq!(err.status_code(), 413);
        let declared = Headers::from_pairs([("Content-Length", "1000000")]);
        assert_eq!(
            intake
                .check_content_length(&declared)
                .unwrap_err()
                .status_code(),
            413
        );
        assert!(intake.check_content_length(&Headers::default()).is_ok());
    }

    #[tokio::test]
    async fn duplicates_are_not_queued() {
        let store = MemoryStore::new();
        let (intake, mut rx) = Intake::new(small());
        assert_eq!(
            intake.accept(&store, "k1", now(), 1).await.unwrap(),
            Accepted::Queued
        );
        assert_eq!(
            intake.accept(&store, "k1", now(), 2).await.unwrap(),
            Accepted::Duplicate
        );
        assert_eq!(rx.recv().await, Some(1));
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_full_queue_does_not_mark_the_key_seen() {
        let store = MemoryStore::new();
        let (intake, mut rx) = Intake::new(small());
        intake.accept(&store, "a", now(), 1).await.unwrap();
        intake.accept(&store, "b", now(), 2).await.unwrap();
        let err = intake.accept(&store, "c", now(), 3).await.unwrap_err();
        assert!(matches!(err, IntakeError::QueueFull));
        assert_eq!(err.status_code(), 503);
        rx.recv().await.unwrap();
        // The sender's retry of "c" gets in now.
        assert_eq!(
            intake.accept(&store, "c", now(), 3).await.unwrap(),
            Accepted::Queued
        );
    }

    #[tokio::test]
    async fn closed_queue_is_reported() {
        let (intake, rx) = Intake::<u32>::new(small());
        drop(rx);
        assert!(matches!(intake.enqueue(1), Err(IntakeError::QueueClosed)));
    }

    #[tokio::test]
    async fn prune_drops_keys_outside_the_window() {
        let store = MemoryStore::new();
        let (intake, _rx) = Intake::<u32>::new(IntakeConfig::default());
        let old = now() - chrono::Duration::days(8);
        assert!(!store.seen_webhook("old", old).await.unwrap());
        assert!(!store.seen_webhook("new", now()).await.unwrap());
        assert_eq!(intake.prune(&store, now()).await.unwrap(), 1);
        assert!(!store.seen_webhook("old", now()).await.unwrap());
        assert!(store.seen_webhook("new", now()).await.unwrap());
    }

    #[tokio::test]
    async fn work_off_handles_everything_until_closed() {
        let (intake, rx) = Intake::new(IntakeConfig::default());
        for i in 0..5u32 {
            intake.enqueue(i).unwrap();
        }
        drop(intake);
        let mut seen = Vec::new();
        let handled = work_off(rx, CancellationToken::new(), |i| {
            seen.push(i);
            async {}
        })
        .await;
        assert_eq!(
            handled,
            WorkedOff {
                handled: 5,
                panicked: 0
            }
        );
        assert_eq!(seen, [0, 1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn a_panicking_item_is_counted_and_the_next_is_handled() {
        let (intake, rx) = Intake::new(IntakeConfig::default());
        for i in 0..3u32 {
            intake.enqueue(i).unwrap();
        }
        drop(intake);
        let mut seen = Vec::new();
        let done = work_off(rx, CancellationToken::new(), |i| {
            seen.push(i);
            async move {
                assert!(i != 1, "item {i} cannot be handled");
            }
        })
        .await;
        assert_eq!(
            done,
            WorkedOff {
                handled: 3,
                panicked: 1
            }
        );
        assert_eq!(seen, [0, 1, 2]);
    }

    #[tokio::test]
    async fn work_off_stops_on_shutdown() {
        let (intake, rx) = Intake::new(IntakeConfig::default());
        intake.enqueue(1u32).unwrap();
        let token = CancellationToken::new();
        token.cancel();
        assert_eq!(
            work_off(rx, token, |_| async {}).await,
            WorkedOff::default()
        );
    }
}
