//! The time an [`Integration`](super::Integration) works by: the system clock, or one a test
//! (or an embedder replaying a day) moves by hand, so that leases, settle times and windows
//! are tested by moving time instead of rewriting stored leases.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// Where the engine reads the current time (set with
/// [`IntegrationBuilder::clock`](super::IntegrationBuilder::clock)).
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

impl<F: Fn() -> DateTime<Utc> + Send + Sync> Clock for F {
    fn now(&self) -> DateTime<Utc> {
        self()
    }
}

/// A clock that stands still until it is moved. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    at: Arc<Mutex<DateTime<Utc>>>,
}

impl ManualClock {
    /// A clock standing at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self {
            at: Arc::new(Mutex::new(at)),
        }
    }

    /// Moves the clock forward by `by` (to the latest instant on overflow).
    pub fn advance(&self, by: std::time::Duration) {
        let mut at = self.at.lock().unwrap_or_else(PoisonError::into_inner);
        *at = chrono::Duration::from_std(by)
            .ok()
            .and_then(|by| at.checked_add_signed(by))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.at.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.at.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
