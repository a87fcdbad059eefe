//! Cron mode: run each job on its own interval until shutdown.
//!
//! Each job runs in its own loop: it never overlaps itself (the next run starts only after the
//! previous one finished; if the interval passed meanwhile, one run starts right away and the
//! other missed ticks are dropped, never replayed in a burst), while different jobs
//! may run at the same time (the state store keeps them apart). On shutdown, a job that is
//! running is allowed to finish and no new run starts.
//!
//! Default intervals ([`Intervals::default`]): orders every 5 minutes, stock every 15, products
//! every 60. The hosted app ran orders every 2 hours and products and stock twice a day; polling
//! is cheap with cursors and an overlap window, and webhooks cover the time in between.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// How often the standard jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    /// Order import (default 5 minutes; the hosted app: every 2 hours).
    pub orders: Duration,
    /// Stock sync (default 15 minutes; the hosted app: twice a day).
    pub stock: Duration,
    /// Product sync (default 60 minutes; the hosted app: twice a day).
    pub products: Duration,
}

impl Intervals {
    /// Orders every 5 minutes.
    pub const DEFAULT_ORDERS: Duration = Duration::from_secs(5 * 60);
    /// Stock every 15 minutes.
    pub const DEFAULT_STOCK: Duration = Duration::from_secs(15 * 60);
    /// Products every 60 minutes.
    pub const DEFAULT_PRODUCTS: Duration = Duration::from_secs(60 * 60);
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            orders: Self::DEFAULT_ORDERS,
            stock: Self::DEFAULT_STOCK,
            products: Self::DEFAULT_PRODUCTS,
        }
    }
}

/// The longest interval a job may have (a year); longer ones are shortened to it, so that
/// no interval overflows the clock.
pub const MAX_INTERVAL: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// A scheduled run that panicked. The scheduler reports it as a failed run and runs the job
/// again at its next time; [`Scheduler::run`] returns every one, so that the program can end
/// with a failure status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPanic {
    /// The job's name.
    pub job: String,
    /// The panic's message (or a placeholder when it carried none).
    pub message: String,
}

impl std::fmt::Display for JobPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "job {} failed: it panicked: {}", self.job, self.message)
    }
}

/// A boxed job run.
type JobFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
/// Something that starts a job run.
type JobFn = Arc<dyn Fn() -> JobFuture + Send + Sync + 'static>;

struct ScheduledJob {
    name: String,
    every: Duration,
    run: JobFn,
}

/// A set of jobs, each with an interval. Build it, then [`run`](Self::run) it.
///
/// ```
/// # async fn demo() {
/// use smartweb_rackbeat::scheduler::{Intervals, Scheduler};
/// use tokio_util::sync::CancellationToken;
///
/// let intervals = Intervals::default();
/// let shutdown = CancellationToken::new();
/// let scheduler = Scheduler::new()
///     .job("orders", intervals.orders, || async { /* import_orders(...) */ })
///     .job("stock", intervals.stock, || async { /* sync_stock() */ });
/// shutdown.cancel(); // e.g. from a Ctrl-C handler
/// let panicked = scheduler.run(shutdown).await;
/// assert!(panicked.is_empty());
/// # }
/// ```
pub struct Scheduler {
    jobs: Vec<ScheduledJob>,
    run_at_start: bool,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field(
                "jobs",
                &self
                    .jobs
                    .iter()
                    .map(|j| (&j.name, j.every))
                    .collect::<Vec<_>>(),
            )
            .field("run_at_start", &self.run_at_start)
            .finish()
    }
}

impl Default for Scheduler {
    fn default() -> Self {
        Self::new()
    }
}

impl Scheduler {
    /// A scheduler with no jobs that runs each job at once on start, then every interval.
    pub fn new() -> Self {
        Self {
            jobs: Vec::new(),
            run_at_start: true,
        }
    }

    /// Whether each job runs as soon as the scheduler starts (default) or first after one
    /// interval.
    pub fn run_at_start(mut self, yes: bool) -> Self {
        self.run_at_start = yes;
        self
    }

    /// Adds a job that `job()` starts every `every`. A zero interval is raised to one
    /// millisecond and one over [`MAX_INTERVAL`] lowered to it. The job's own errors are its
    /// business (log or report them inside); a panic is caught and reported by
    /// [`run`](Self::run).
    pub fn job<F, Fut>(mut self, name: impl Into<String>, every: Duration, job: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let run: JobFn = Arc::new(move || Box::pin(job()) as JobFuture);
        self.jobs.push(ScheduledJob {
            name: name.into(),
            every: every.clamp(Duration::from_millis(1), MAX_INTERVAL),
            run,
        });
        self
    }

    /// The names and intervals of the jobs, in the order they were added.
    pub fn jobs(&self) -> Vec<(&str, Duration)> {
        self.jobs
            .iter()
            .map(|j| (j.name.as_str(), j.every))
            .collect()
    }

    /// Runs every job on its interval until `shutdown` is cancelled; then waits for running
    /// jobs to finish and returns the runs that panicked. A run that panics is logged as a
    /// failed run (error level) and the job runs again next time.
    pub async fn run(self, shutdown: CancellationToken) -> Vec<JobPanic> {
        let run_at_start = self.run_at_start;
        let loops = self
            .jobs
            .into_iter()
            .map(|job| job_loop(job, run_at_start, shutdown.clone()));
        futures::future::join_all(loops)
            .await
            .into_iter()
            .flatten()
            .collect()
    }
}

async fn job_loop(
    job: ScheduledJob,
    run_at_start: bool,
    shutdown: CancellationToken,
) -> Vec<JobPanic> {
    let mut panics = Vec::new();
    let start = if run_at_start {
        Instant::now()
    } else {
        Instant::now() + job.every
    };
    let mut ticks = tokio::time::interval_at(start, job.every);
    // A run longer than the interval causes one catch-up run, not a burst of them.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            // Shutdown wins over a due tick, so no run starts after it.
            biased;
            () = shutdown.cancelled() => break,
            _ = ticks.tick() => {}
        }
        let span = tracing::info_span!("scheduled_job", job = %job.name);
        // Spawned so that a panicking job is contained; awaited without a shutdown branch so
        // a running job always finishes.
        if let Err(e) = tokio::spawn((job.run)().instrument(span)).await {
            let failed = JobPanic {
                job: job.name.clone(),
                message: panic_message(e),
            };
            tracing::error!(job = %job.name, "{failed}");
            panics.push(failed);
        }
    }
    tracing::debug!(job = %job.name, "scheduler stopped");
    panics
}

/// The message of a panicked (or cancelled) task.
pub(crate) fn panic_message(error: tokio::task::JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => payload_message(payload.as_ref()),
        Err(e) => e.to_string(),
    }
}

/// The text a caught panic carried (`panic!("…")` gives a `&str` or a `String`), for
/// reporting a job that panicked.
pub fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// A [`CancellationToken`] cancelled when `signal` becomes `true` or its sender is dropped,
/// for callers that signal shutdown through a `watch` channel.
pub fn cancel_on_watch(mut signal: watch::Receiver<bool>) -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        // wait_for returns Err when the sender is gone: treat that as shutdown too.
        let _ = signal.wait_for(|stop| *stop).await;
        cancel.cancel();
    });
    token
}
