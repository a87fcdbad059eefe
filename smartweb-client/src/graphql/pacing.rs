//! Client-side pacing: at most N requests per second (SmartWeb documents 5/s for GraphQL,
//! API fact sheet §2.10), with no burst above one request per interval.
//!
//! `governor` does the GCRA bookkeeping; its clock is tokio's, so a paused test clock paces
//! without real waiting.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// Time since the pacer was made, on tokio's clock.
#[derive(Debug, Clone, Copy)]
struct TokioClock {
    origin: tokio::time::Instant,
}

impl Clock for TokioClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        tokio::time::Instant::now().saturating_duration_since(self.origin)
    }
}

/// Spaces requests evenly at the configured rate.
pub(crate) struct Pacer {
    limiter: RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Duration>>,
    clock: TokioClock,
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer").finish_non_exhaustive()
    }
}

impl Pacer {
    pub(crate) fn per_second(rate: NonZeroU32) -> Self {
        let clock = TokioClock {
            origin: tokio::time::Instant::now(),
        };
        // A burst of one: "5 per second" holds for every one-second window, not just on average.
        let quota = Quota::per_second(rate).allow_burst(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::direct_with_clock(quota, clock),
            clock,
        }
    }

    /// Waits until the next request may go out, and claims that slot.
    pub(crate) async fn ready(&self) {
        while let Err(not_until) = self.limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn five_per_second_spaces_requests_by_200ms() {
        let pacer = Pacer::per_second(NonZeroU32::new(5).unwrap());
        let start = tokio::time::Instant::now();
        for _ in 0..6 {
            pacer.ready().await;
        }
        // First slot is free, the five after it are 200 ms apart (virtual time).
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
