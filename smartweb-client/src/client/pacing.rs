//! Request pacing: at most `requests_per_minute`, evenly spaced, shared by all clones.
//!
//! A GCRA limiter from `governor` with a burst of one, so requests leave at least
//! `1 / rate` apart. Its clock is tokio's, so the pacing follows tokio's (pausable) time and
//! tests can drive it without sleeping.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// Reads tokio's clock (which a paused test runtime controls).
#[derive(Debug, Clone, Copy, Default)]
struct TokioClock;

impl Clock for TokioClock {
    type Instant = std::time::Instant;

    fn now(&self) -> Self::Instant {
        tokio::time::Instant::now().into_std()
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<std::time::Instant>>;

/// Hands out one permit per request.
pub(crate) struct Pacer {
    limiter: Limiter,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer").finish_non_exhaustive()
    }
}

impl Pacer {
    /// A pacer for `per_minute` requests per minute.
    pub(crate) fn new(per_minute: NonZeroU32) -> Self {
        let period = Duration::from_secs(60) / per_minute.get();
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_minute(per_minute))
            .allow_burst(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::direct_with_clock(quota, TokioClock),
        }
    }

    /// Waits until the next request may leave.
    pub(crate) async fn ready(&self) {
        loop {
            match self.limiter.check() {
                Ok(()) => return,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(TokioClock.now());
                    tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn pacing_holds_the_configured_rate() {
        let pacer = Arc::new(Pacer::new(NonZeroU32::new(240).unwrap()));
        let sent = Arc::new(AtomicUsize::new(0));
        let worker = {
            let (pacer, sent) = (pacer.clone(), sent.clone());
            tokio::spawn(async move {
                for _ in 0..100 {
                    pacer.ready().await;
                    sent.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        // Permits at 0, 250, 500, 750, 1000 ms, …: probe between them.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(sent.load(Ordering::SeqCst), 5);
        tokio::time::sleep(Duration::from_millis(9000)).await;
        assert_eq!(sent.load(Ordering::SeqCst), 41);
        worker.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_rate() {
        let pacer = Arc::new(Pacer::new(NonZeroU32::new(120).unwrap()));
        let sent = Arc::new(AtomicUsize::new(0));
        let mut workers = Vec::new();
        for _ in 0..4 {
            let (pacer, sent) = (pacer.clone(), sent.clone());
            workers.push(tokio::spawn(async move {
                for _ in 0..10 {
                    pacer.ready().await;
                    sent.fetch_add(1, Ordering::SeqCst);
                }
            }));
        }
        // 2 per second, whoever asks: at 0, 500, …, 4500 ms → 10 permits by 4.75 s.
        tokio::time::sleep(Duration::from_millis(4750)).await;
        assert_eq!(sent.load(Ordering::SeqCst), 10);
        for w in workers {
            w.abort();
        }
    }
}
