//! How far a long job has come, told to whoever watches: the `sync` program draws progress
//! bars from it, an embedder can feed its own UI or logs.
//!
//! The engine calls a [`Progress`] observer set with
//! [`IntegrationBuilder::progress`](crate::IntegrationBuilder::progress): once when a job knows
//! how many items it will work on, after each item, and when the job ends. The calls are
//! synchronous and made from the job's task: keep them cheap (draw, count, send on a channel).

use crate::report::JobKind;

/// Watches long jobs (order import, stock, products) item by item.
pub trait Progress: Send + Sync {
    /// `job` starts on `total` items.
    fn started(&self, job: JobKind, total: u64);
    /// `job` finished one more item (`done` of the total so far).
    fn advanced(&self, job: JobKind, done: u64);
    /// `job` ended, whether every item was worked on or it stopped early.
    fn finished(&self, job: JobKind);
}

/// The observer of an integration without one: tells nobody.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn started(&self, _job: JobKind, _total: u64) {}
    fn advanced(&self, _job: JobKind, _done: u64) {}
    fn finished(&self, _job: JobKind) {}
}

/// One job's items as they are worked off: tells the observer, and ends the job for it when
/// dropped (so a job's early return still closes its bar).
pub(crate) struct Tally<'a> {
    observer: &'a dyn Progress,
    job: JobKind,
    done: u64,
}

impl<'a> Tally<'a> {
    pub(crate) fn start(observer: &'a dyn Progress, job: JobKind, total: usize) -> Self {
        observer.started(job, u64::try_from(total).unwrap_or(u64::MAX));
        Self {
            observer,
            job,
            done: 0,
        }
    }

    /// One more item done.
    pub(crate) fn advance(&mut self) {
        self.done = self.done.saturating_add(1);
        self.observer.advanced(self.job, self.done);
    }
}

impl Drop for Tally<'_> {
    fn drop(&mut self) {
        self.observer.finished(self.job);
    }
}
