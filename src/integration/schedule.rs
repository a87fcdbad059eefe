//! Cron mode: the jobs of an [`Integration`] on the intervals of its settings.

use std::time::Duration;

use super::Integration;
use super::orders::OrderWindow;
use super::stock::StockScope;
use crate::report::JobReport;
use crate::scheduler::Scheduler;

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m.max(1)) * 60)
}

fn log(report: &JobReport) {
    if report.has_failures() {
        tracing::warn!(job = %report.job, summary = %report.summary(), "job finished with failures");
    } else {
        tracing::info!(job = %report.job, summary = %report.summary(), "job finished");
    }
}

impl Integration {
    /// A scheduler running order import (when `transfer_orders`), stock sync (when
    /// `sync_stock`), product sync and status write-back (when enabled) on the intervals of
    /// `settings.schedule`. Run it with [`Scheduler::run`] and a shutdown token.
    pub fn scheduler(&self) -> Scheduler {
        let settings = self.settings();
        let schedule = settings.schedule;
        let mut scheduler = Scheduler::new();
        if settings.transfer_orders {
            let me = self.clone();
            scheduler = scheduler.job("orders", minutes(schedule.orders_minutes), move || {
                let me = me.clone();
                async move { log(&me.import_orders(OrderWindow::default()).await) }
            });
        }
        if settings.sync_stock {
            let me = self.clone();
            scheduler = scheduler.job("stock", minutes(schedule.stock_minutes), move || {
                let me = me.clone();
                async move { log(&me.sync_stock(StockScope::All).await) }
            });
        }
        let me = self.clone();
        scheduler = scheduler.job("products", minutes(schedule.products_minutes), move || {
            let me = me.clone();
            async move { log(&me.sync_products().await) }
        });
        if settings.status_writeback.enabled {
            let me = self.clone();
            scheduler = scheduler.job("write_back", minutes(schedule.orders_minutes), move || {
                let me = me.clone();
                async move { log(&me.write_back().await) }
            });
        }
        scheduler
    }
}
