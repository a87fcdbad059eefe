//! How `sync` shows long jobs on stderr: progress bars when stderr is a terminal, a few plain
//! lines otherwise (a log file or a pipe gets no bar-drawing escape codes). Fed by the
//! engine's [`Progress`] hook, never by reading logs.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use smartweb_rackbeat::progress::Progress;
use smartweb_rackbeat::report::JobKind;

/// Bars on a terminal, plain lines otherwise.
pub fn for_stderr() -> Arc<dyn Progress> {
    if std::io::stderr().is_terminal() {
        Arc::new(Bars::default())
    } else {
        Arc::new(Lines::new(std::io::stderr()))
    }
}

/// Locks, going on after a panic elsewhere: progress is never worth a second panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One bar per running job (`run` runs several at once), drawn on stderr.
#[derive(Default)]
pub struct Bars {
    screen: MultiProgress,
    bars: Mutex<HashMap<JobKind, ProgressBar>>,
}

impl Progress for Bars {
    fn started(&self, job: JobKind, total: u64) {
        let bar = self.screen.add(ProgressBar::new(total));
        let style = ProgressStyle::with_template("{prefix:>14} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(job.as_str());
        if let Some(old) = lock(&self.bars).insert(job, bar) {
            old.finish_and_clear();
        }
    }

    fn advanced(&self, job: JobKind, done: u64) {
        if let Some(bar) = lock(&self.bars).get(&job) {
            bar.set_position(done);
        }
    }

    fn finished(&self, job: JobKind) {
        if let Some(bar) = lock(&self.bars).remove(&job) {
            bar.finish_and_clear();
        }
    }
}

/// Where one job stands: its total, how many are done, the last tenth reported.
#[derive(Debug, Clone, Copy, Default)]
struct Standing {
    total: u64,
    done: u64,
    tenths: u64,
}

/// Plain lines: the total when a job starts, each further tenth, and the end; at most a
/// dozen lines a job however long it is.
pub struct Lines<W> {
    out: Mutex<W>,
    jobs: Mutex<HashMap<JobKind, Standing>>,
}

impl<W: Write + Send> Lines<W> {
    /// Lines written to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out: Mutex::new(out),
            jobs: Mutex::new(HashMap::new()),
        }
    }

    fn say(&self, line: std::fmt::Arguments<'_>) {
        let _ = writeln!(lock(&self.out), "{line}");
    }
}

impl<W: Write + Send> Progress for Lines<W> {
    fn started(&self, job: JobKind, total: u64) {
        lock(&self.jobs).insert(
            job,
            Standing {
                total,
                ..Standing::default()
            },
        );
        self.say(format_args!("{job}: {total} to do"));
    }

    fn advanced(&self, job: JobKind, done: u64) {
        let mut jobs = lock(&self.jobs);
        let Some(standing) = jobs.get_mut(&job) else {
            return;
        };
        standing.done = done;
        let tenths = done.saturating_mul(10) / standing.total.max(1);
        if tenths > standing.tenths && done < standing.total {
            standing.tenths = tenths;
            let total = standing.total;
            drop(jobs);
            self.say(format_args!("{job}: {done}/{total}"));
        }
    }

    fn finished(&self, job: JobKind) {
        let Some(standing) = lock(&self.jobs).remove(&job) else {
            return;
        };
        self.say(format_args!(
            "{job}: finished {} of {}",
            standing.done, standing.total
        ));
    }
}
