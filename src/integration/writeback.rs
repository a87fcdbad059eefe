//! Status and tracking write-back: when Rackbeat moves an order on (booked, shipped,
//! invoiced, cancelled), the SmartWeb order gets the mapped status and the tracking code.

use rackbeat_client::model::Order as RbOrder;
use smartweb_client::values::OrderStatus;
use sync_core::convert;
use sync_core::reference::ReferenceFormat;
use sync_core::writeback::{SwOrderState, WritebackPlan, plan_writeback};

use super::{Integration, bounded, fail};
use crate::report::{ItemKind, JobKind, JobReport};

/// The cursor of the polling write-back.
pub const WRITEBACK_CURSOR: &str = "writeback";

impl Integration {
    /// Writes back the state of every Rackbeat order updated since the last write-back run
    /// (a polling catch-up for missed webhooks). Off unless `status_writeback.enabled`.
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn write_back(&self) -> JobReport {
        let mut run = self.start(JobKind::WriteBack);
        if !self.inner.settings.status_writeback.enabled {
            run.report.skipped(
                ItemKind::Order,
                "all",
                "status write-back is turned off (`status_writeback.enabled = false`)",
            );
            return self.finish(run);
        }
        let now = self.now();
        let since = match self.inner.store.cursor(WRITEBACK_CURSOR).await {
            // Checked: the cursor comes from the state file, which may hold any instant.
            Ok(Some(c)) => c
                .checked_sub_signed(chrono::Duration::minutes(10))
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC),
            Ok(None) => now - self.inner.initial_lookback,
            Err(e) => {
                run.report.failed(
                    ItemKind::Order,
                    "state",
                    bounded(format!("state store: {e}")),
                );
                return self.finish(run);
            }
        };
        let rb = &self.inner.rackbeat;
        let orders = match rb
            .orders()
            .list()
            .updated_at_from(self.shop_local_window(since, self.now()).0)
            .all()
            .await
        {
            // A server that does not filter orders by `updated_at` (the sheet is unsure):
            // read them all; write-back only writes differences anyway.
            Err(e) if matches!(e.status(), Some(400 | 422)) => rb.orders().list().all().await,
            other => other,
        };
        let orders = match orders {
            Ok(o) => o,
            Err(e) => {
                fail(
                    &mut run.report,
                    ItemKind::Order,
                    "rackbeat",
                    "reading Rackbeat orders failed",
                    &e,
                );
                return self.finish(run);
            }
        };
        for order in &orders {
            self.write_back_one(order, &mut run.report).await;
        }
        if !self.inner.dry_run
            && let Err(e) = self.inner.store.advance_cursor(WRITEBACK_CURSOR, now).await
        {
            run.report.warn(bounded(format!(
                "could not advance the write-back cursor: {e}"
            )));
        }
        self.finish(run)
    }

    /// Writes back one Rackbeat order's state (e.g. from an order webhook).
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn write_back_order(&self, rackbeat_number: u64) -> JobReport {
        let mut run = self.start(JobKind::WriteBack);
        match self.inner.rackbeat.orders().find(rackbeat_number).await {
            Ok(Some(order)) => self.write_back_one(&order, &mut run.report).await,
            Ok(None) => run.report.failed(
                ItemKind::Order,
                rackbeat_number.to_string(),
                "Rackbeat has no such order",
            ),
            Err(e) => fail(
                &mut run.report,
                ItemKind::Order,
                rackbeat_number.to_string(),
                "reading the Rackbeat order failed",
                &e,
            ),
        }
        self.finish(run)
    }

    /// The SmartWeb order id a Rackbeat order belongs to: from the link, else from its
    /// `other_reference`.
    async fn smartweb_id_of(&self, order: &RbOrder) -> Option<i64> {
        if let Ok(Some(link)) = self.inner.store.link_by_rackbeat_number(order.number).await {
            return link.order_id.parse().ok();
        }
        let format = ReferenceFormat::new(&self.inner.settings.reference_format)?;
        let id = format.parse(order.other_reference.as_deref()?.trim())?;
        i64::try_from(id).ok()
    }

    async fn write_back_one(&self, order: &RbOrder, report: &mut JobReport) {
        let key = order.number.to_string();
        let Some(sw_id) = self.smartweb_id_of(order).await else {
            return; // Not an order that came from SmartWeb.
        };
        let sw = &self.inner.smartweb;
        let current = match sw.orders().by_id(sw_id).await {
            Ok(Some(o)) => o,
            Ok(None) => {
                report.failed(
                    ItemKind::Order,
                    &key,
                    format!("SmartWeb order {sw_id} no longer exists"),
                );
                return;
            }
            Err(e) => {
                report.failed(
                    ItemKind::Order,
                    &key,
                    bounded(format!("reading SmartWeb order {sw_id} failed: {e}")),
                );
                return;
            }
        };
        let state = SwOrderState {
            status: current.status.clone(),
            tracking_code: current.tracking_code.clone().unwrap_or_default(),
        };
        let settings = &self.inner.settings.status_writeback;
        let mut progress = convert::rackbeat::order_progress(order);
        if progress.needs_shipments(settings) {
            match self.inner.rackbeat.orders().shipments(order.number).await {
                Ok(shipments) => {
                    progress.shipments = shipments
                        .iter()
                        .map(convert::rackbeat::shipment_view)
                        .collect();
                }
                Err(e) => {
                    super::note_credentials(report, &e);
                    report.warn(bounded(format!(
                        "Rackbeat order {key}: reading its shipments failed, status written without tracking: {e}"
                    )));
                }
            }
        }
        match plan_writeback(&progress, &state, settings) {
            WritebackPlan::Nothing => {}
            WritebackPlan::Refused(reason) => {
                report.skipped(
                    ItemKind::Order,
                    &key,
                    format!("SmartWeb order {sw_id}: {reason}"),
                );
            }
            WritebackPlan::Update(update) => {
                let what = format!(
                    "SmartWeb order {sw_id}: status {} tracking {}",
                    update
                        .status
                        .map_or_else(|| "unchanged".to_owned(), |s| s.to_string()),
                    update.tracking_code.as_deref().unwrap_or("unchanged")
                );
                if self.inner.dry_run {
                    report.updated(ItemKind::Order, &key, format!("would set {what}"));
                    return;
                }
                if let Some(code) = &update.tracking_code
                    && let Err(e) = sw.orders().update_tracking_code(sw_id, code).await
                {
                    fail(
                        report,
                        ItemKind::Order,
                        &key,
                        "writing the tracking code failed",
                        &e,
                    );
                    return;
                }
                if let Some(status) = update.status {
                    let status = OrderStatus::from_id(i64::from(status));
                    if let Err(e) = sw
                        .orders()
                        .update_status(sw_id, status, settings.allow_status_1)
                        .await
                    {
                        fail(
                            report,
                            ItemKind::Order,
                            &key,
                            "writing the status failed",
                            &e,
                        );
                        return;
                    }
                }
                report.updated(ItemKind::Order, &key, format!("set {what}"));
            }
        }
    }
}
