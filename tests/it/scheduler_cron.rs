//! The cron scheduler on Tokio's paused clock: runs are counted, never timed.
//!
//! With `start_paused`, Tokio jumps the clock to the next timer whenever every task is idle,
//! so `sleep` below advances virtual time and lets every run that falls due finish first.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use smartweb_rackbeat::scheduler::{Intervals, JobPanic, MAX_INTERVAL, Scheduler, cancel_on_watch};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

const MIN: Duration = Duration::from_secs(60);

fn counter() -> Arc<AtomicUsize> {
    Arc::new(AtomicUsize::new(0))
}

fn counting(
    count: &Arc<AtomicUsize>,
) -> impl Fn() -> std::future::Ready<()> + Send + Sync + 'static {
    let count = count.clone();
    move || {
        count.fetch_add(1, Ordering::SeqCst);
        std::future::ready(())
    }
}

#[test]
fn default_intervals_are_5_15_60_minutes() {
    let i = Intervals::default();
    assert_eq!(i.orders, 5 * MIN);
    assert_eq!(i.stock, 15 * MIN);
    assert_eq!(i.products, 60 * MIN);
}

#[tokio::test(start_paused = true)]
async fn each_job_runs_on_its_own_interval() {
    let (orders, stock, products) = (counter(), counter(), counter());
    let intervals = Intervals::default();
    let scheduler = Scheduler::new()
        .job("orders", intervals.orders, counting(&orders))
        .job("stock", intervals.stock, counting(&stock))
        .job("products", intervals.products, counting(&products));
    assert_eq!(scheduler.jobs().len(), 3);
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(scheduler.run(shutdown.clone()));

    // Runs at 0, 5, 10, … 60 (orders), 0, 15, … 60 (stock), 0 and 60 (products).
    tokio::time::sleep(61 * MIN).await;
    assert_eq!(orders.load(Ordering::SeqCst), 13);
    assert_eq!(stock.load(Ordering::SeqCst), 5);
    assert_eq!(products.load(Ordering::SeqCst), 2);

    shutdown.cancel();
    running.await.unwrap();
    tokio::time::advance(120 * MIN).await;
    assert_eq!(
        orders.load(Ordering::SeqCst),
        13,
        "nothing runs after shutdown"
    );
}

#[tokio::test(start_paused = true)]
async fn advancing_the_clock_triggers_due_runs() {
    let runs = counter();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(
        Scheduler::new()
            .run_at_start(false)
            .job("orders", 5 * MIN, counting(&runs))
            .run(shutdown.clone()),
    );
    tokio::task::yield_now().await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "first run after one interval"
    );
    tokio::time::advance(5 * MIN).await;
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    tokio::time::advance(10 * MIN).await;
    tokio::time::sleep(Duration::from_millis(1)).await;
    // Two intervals passed in one jump: missed ticks are skipped, not replayed in a burst.
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    shutdown.cancel();
    running.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_slow_job_never_overlaps_itself() {
    let runs = counter();
    let active = counter();
    let max_active = counter();
    let job = {
        let (runs, active, max_active) = (runs.clone(), active.clone(), max_active.clone());
        move || {
            let (runs, active, max_active) = (runs.clone(), active.clone(), max_active.clone());
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                max_active.fetch_max(now, Ordering::SeqCst);
                // Takes 12 minutes of a 5-minute interval.
                tokio::time::sleep(12 * MIN).await;
                active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    };
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(
        Scheduler::new()
            .job("orders", 5 * MIN, job)
            .run(shutdown.clone()),
    );
    // Overdue when each run ends, the next starts right after it: 0, 12, 24, 36, 48 — one
    // catch-up run each time, never a second copy alongside.
    tokio::time::sleep(50 * MIN).await;
    assert_eq!(max_active.load(Ordering::SeqCst), 1);
    assert_eq!(runs.load(Ordering::SeqCst), 5);
    shutdown.cancel();
    running.await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_the_running_job_finish_and_starts_no_new_one() {
    let started = counter();
    let finished = counter();
    let (begun_tx, mut begun_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let job = {
        let (started, finished) = (started.clone(), finished.clone());
        move || {
            let (started, finished, begun) = (started.clone(), finished.clone(), begun_tx.clone());
            async move {
                started.fetch_add(1, Ordering::SeqCst);
                let _ = begun.send(());
                tokio::time::sleep(3 * MIN).await;
                finished.fetch_add(1, Ordering::SeqCst);
            }
        }
    };
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(
        Scheduler::new()
            .job("stock", 15 * MIN, job)
            .run(shutdown.clone()),
    );
    begun_rx.recv().await.unwrap();
    shutdown.cancel();
    running.await.unwrap();
    assert_eq!(started.load(Ordering::SeqCst), 1);
    assert_eq!(
        finished.load(Ordering::SeqCst),
        1,
        "the running job finished"
    );
    tokio::time::advance(60 * MIN).await;
    assert_eq!(started.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_panicking_job_runs_again_next_time() {
    let runs = counter();
    let job = {
        let runs = runs.clone();
        move || {
            let n = runs.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    panic!("first run fails");
                }
            }
        }
    };
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(
        Scheduler::new()
            .job("products", 60 * MIN, job)
            .run(shutdown.clone()),
    );
    tokio::time::sleep(61 * MIN).await;
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    shutdown.cancel();
    // The panicked run is returned as a failed run, so the program can exit non-zero.
    let panicked = running.await.unwrap();
    assert_eq!(
        panicked,
        [JobPanic {
            job: "products".to_owned(),
            message: "first run fails".to_owned()
        }]
    );
    assert_eq!(
        panicked[0].to_string(),
        "job products failed: it panicked: first run fails"
    );
}

#[tokio::test(start_paused = true)]
async fn intervals_are_bounded_so_the_clock_never_overflows() {
    let runs = counter();
    let scheduler = Scheduler::new()
        .job("huge", Duration::MAX, counting(&runs))
        .job("zero", Duration::ZERO, counting(&runs));
    assert_eq!(
        scheduler.jobs(),
        [("huge", MAX_INTERVAL), ("zero", Duration::from_millis(1))]
    );
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(scheduler.run(shutdown.clone()));
    tokio::time::sleep(Duration::from_millis(10)).await;
    shutdown.cancel();
    assert!(running.await.unwrap().is_empty(), "no panic");
    assert!(runs.load(Ordering::SeqCst) > 2);
}

#[tokio::test(start_paused = true)]
async fn a_watch_signal_stops_the_scheduler() {
    let runs = counter();
    let (stop_tx, stop_rx) = watch::channel(false);
    let running = tokio::spawn(
        Scheduler::new()
            .job("orders", 5 * MIN, counting(&runs))
            .run(cancel_on_watch(stop_rx)),
    );
    tokio::time::sleep(11 * MIN).await;
    assert_eq!(runs.load(Ordering::SeqCst), 3);
    stop_tx.send(true).unwrap();
    running.await.unwrap();
    tokio::time::advance(60 * MIN).await;
    assert_eq!(runs.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_watch_sender_also_stops_it() {
    let (stop_tx, stop_rx) = watch::channel(false);
    let token = cancel_on_watch(stop_rx);
    drop(stop_tx);
    token.cancelled().await;
    assert!(token.is_cancelled());
}
