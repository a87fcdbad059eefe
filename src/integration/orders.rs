//! Order import: SmartWeb orders become Rackbeat orders, each at most once.
//!
//! This file reads: the window of SmartWeb orders, the orders earlier runs left unfinished,
//! the shop tables the mapping needs. For each order it skips one the state store links
//! already, maps it in `sync-core`, and hands the plan to the transfer machine
//! (`sync_core::transfer`), whose actions `transfer.rs` carries out: claim, look up in
//! Rackbeat (one newest-first listing per run), create the draft, check Rackbeat's totals,
//! book, link. Every decision and every report line about an order comes from `sync-core`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeZone, Utc};
use futures::{Stream, StreamExt};
use smartweb_client::model::Order;
use smartweb_client::values::OrderStatus;
use sync_core::context::{MappingContext, VatLookup};
use sync_core::convert;
use sync_core::order::{OrderPlan, map_order};
use sync_core::transfer::{self as rules, TransferOrder, Verdict};

use super::transfer::OrderRun;
use super::{Integration, Run, bounded, fail};
use crate::report::{ItemKind, JobKind, JobReport};

/// The cursor that remembers how far order imports have come.
pub const ORDERS_CURSOR: &str = "orders";

/// Which orders an import looks at: created or updated between `since` and `until`.
///
/// Without `since`, the import continues from the stored cursor minus the overlap
/// (`order_overlap_minutes`), or looks back `initial_lookback_days` on the first run. Without
/// `until`, it runs to now. Orders that failed before, and orders whose claim an earlier run
/// abandoned, are retried whatever the window; the cursor does not move past orders whose
/// outcome could not be stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderWindow {
    /// Start (inclusive); `None` continues from the cursor.
    pub since: Option<DateTime<Utc>>,
    /// End (inclusive); `None` is now.
    pub until: Option<DateTime<Utc>>,
}

/// A window that cannot be computed from the settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrderWindowError {
    /// `initial_lookback_days` reaches before the earliest date the program handles.
    #[error(
        "setting `initial_lookback_days` = {days} reaches before the earliest date this program \
         handles; use a number of days that ends after the year -262143"
    )]
    LookbackOutOfRange {
        /// The setting's value.
        days: u32,
    },
    /// The cursor minus `order_overlap_minutes` is before the earliest date handled.
    #[error(
        "setting `order_overlap_minutes` = {minutes} reaches before the earliest date this \
         program handles"
    )]
    OverlapOutOfRange {
        /// The setting's value.
        minutes: u32,
    },
}

/// `at` minus `days` days, checked.
fn days_before(at: DateTime<Utc>, days: u32) -> Result<DateTime<Utc>, OrderWindowError> {
    chrono::Duration::try_days(i64::from(days))
        .and_then(|d| at.checked_sub_signed(d))
        .ok_or(OrderWindowError::LookbackOutOfRange { days })
}

/// `at` minus `minutes` minutes, checked.
fn minutes_before(at: DateTime<Utc>, minutes: u32) -> Result<DateTime<Utc>, OrderWindowError> {
    chrono::Duration::try_minutes(i64::from(minutes))
        .and_then(|d| at.checked_sub_signed(d))
        .ok_or(OrderWindowError::OverlapOutOfRange { minutes })
}

/// Lookup tables for one run's mappings.
pub(super) struct MappingInputs {
    vat: VatLookup,
    countries: BTreeMap<u32, sync_core::context::DeliveryCountry>,
    prices_with_vat: bool,
}

impl Integration {
    /// Imports the orders created or updated in `window` (see [`OrderWindow`]), plus every
    /// order that failed before, and advances the cursor when the window was read completely.
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn import_orders(&self, window: OrderWindow) -> JobReport {
        let mut run = self.start(JobKind::ImportOrders);
        let now = self.now();
        let until = window.until.unwrap_or(now);
        let settings = &self.inner.settings;
        let since = match window.since {
            Some(since) => Ok(since),
            None => match self.inner.store.cursor(ORDERS_CURSOR).await {
                Ok(Some(cursor)) => minutes_before(cursor, settings.order_overlap_minutes),
                Ok(None) => days_before(until, settings.initial_lookback_days),
                Err(e) => {
                    run.report.failed(
                        ItemKind::Order,
                        "state",
                        bounded(format!("state store: {e}")),
                    );
                    return self.finish(run);
                }
            },
        };
        let since = match since {
            Ok(since) => since,
            Err(e) => {
                run.report
                    .failed(ItemKind::Order, "settings", e.to_string());
                return self.finish(run);
            }
        };
        let (local_since, local_until) = self.shop_local_window(since, until);
        run.report.warnings.extend(std::iter::once(format!(
            "window {} .. {} (shop time {local_since} .. {local_until})",
            since.to_rfc3339(),
            until.to_rfc3339(),
        )));

        let WindowOrders {
            mut orders,
            unreadable,
        } = match self.orders_in_window(since, until).await {
            Ok(window) => window,
            Err(e) => {
                fail(
                    &mut run.report,
                    ItemKind::Order,
                    "smartweb",
                    "reading orders from SmartWeb failed",
                    &e,
                );
                return self.finish(run);
            }
        };
        let unreadable_ids: BTreeSet<i64> = unreadable.keys().flatten().copied().collect();
        self.add_unfinished_orders(&mut orders, &unreadable_ids, &mut run)
            .await;

        // Orders whose outcome the state store could not take (it was unreachable): the
        // window is read again next time instead of moving the cursor past them.
        let mut unsettled = 0_usize;
        for (id, why) in unreadable {
            let reason = bounded(format!(
                "SmartWeb sent the order in a form that cannot be read: {why}"
            ));
            let recorded = match id {
                // Retried by id on every run, like an order that cannot be mapped.
                Some(id) => {
                    self.remember_failure(&id.to_string(), &reason, &mut run.report)
                        .await
                }
                // Nothing to retry it by: read the window again next run instead.
                None => false,
            };
            let key = id.map_or_else(|| "?".to_owned(), |id| id.to_string());
            run.report.failed(ItemKind::Order, key, reason);
            if !recorded {
                unsettled = unsettled.saturating_add(1);
            }
        }
        if !orders.is_empty() {
            match self.mapping_inputs(orders.values(), &mut run.report).await {
                Ok(inputs) => {
                    let mut transfers = self.order_run(&mut run.report).await;
                    for order in orders.values() {
                        let settled = self
                            .transfer(order, &inputs, &mut transfers, &mut run.report)
                            .await;
                        if !settled {
                            unsettled = unsettled.saturating_add(1);
                        }
                    }
                }
                Err(e) => {
                    fail(
                        &mut run.report,
                        ItemKind::Order,
                        "smartweb",
                        "reading shop tables from SmartWeb failed",
                        &e,
                    );
                    return self.finish(run);
                }
            }
        }

        if unsettled > 0 {
            run.report.warn(format!(
                "the orders cursor stays where it was: the state store could not record the \
                 outcome of {unsettled} order(s), so this window is read again next run"
            ));
        } else if !self.inner.dry_run
            && let Err(e) = self.inner.store.advance_cursor(ORDERS_CURSOR, until).await
        {
            run.report
                .warn(bounded(format!("could not advance the orders cursor: {e}")));
        }
        self.finish(run)
    }

    /// Imports one order by its SmartWeb order number (the hosted app's "GET" button),
    /// whatever its date.
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn import_order(&self, number: i64) -> JobReport {
        let read = self.inner.smartweb.orders().by_number(number).await;
        self.import_one(read, number, "number").await
    }

    /// Imports one order by its SmartWeb id (what webhooks carry).
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn import_order_by_id(&self, order_id: i64) -> JobReport {
        let read = self.inner.smartweb.orders().by_id(order_id).await;
        self.import_one(read, order_id, "id").await
    }

    /// Transfers the order one read found, or reports why there is none.
    async fn import_one(
        &self,
        read: Result<Option<Order>, smartweb_client::Error>,
        key: i64,
        by: &str,
    ) -> JobReport {
        let mut run = self.start(JobKind::ImportOrder);
        match read {
            Ok(Some(order)) => self.transfer_one(order, &mut run).await,
            Ok(None) => run.report.failed(
                ItemKind::Order,
                key.to_string(),
                format!("SmartWeb has no order with {by} {key}"),
            ),
            Err(e) => fail(
                &mut run.report,
                ItemKind::Order,
                key.to_string(),
                "reading the order from SmartWeb failed",
                &e,
            ),
        }
        self.finish(run)
    }

    async fn transfer_one(&self, order: Order, run: &mut Run) {
        match self
            .mapping_inputs(std::iter::once(&order), &mut run.report)
            .await
        {
            Ok(inputs) => {
                let mut transfers = self.order_run(&mut run.report).await;
                // One order by number has no cursor to hold back; the report says what failed.
                let _settled = self
                    .transfer(&order, &inputs, &mut transfers, &mut run.report)
                    .await;
            }
            Err(e) => fail(
                &mut run.report,
                ItemKind::Order,
                order.id.unwrap_or_default().to_string(),
                "reading shop tables from SmartWeb failed",
                &e,
            ),
        }
    }

    /// The statuses asked for: the imported ones, plus credit-note statuses when those are on.
    fn imported_statuses(&self) -> Vec<OrderStatus> {
        let settings = &self.inner.settings;
        let mut ids: BTreeSet<i64> = settings
            .imported_statuses
            .iter()
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        if settings.credit_notes {
            ids.extend(
                settings
                    .credit_note_statuses
                    .iter()
                    .filter_map(|s| s.trim().parse::<i64>().ok()),
            );
        }
        ids.into_iter().map(OrderStatus::from_id).collect()
    }

    /// The orders created or updated in the window, and the ones SmartWeb listed there but
    /// sent in a form that cannot be decoded (by id; `None` for one without a readable id).
    async fn orders_in_window(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<WindowOrders, smartweb_client::Error> {
        let (start, end) = self.shop_local_window(since, until);
        let statuses = self.imported_statuses();
        let sw = &self.inner.smartweb;
        let mut window = WindowOrders::default();
        window
            .read(sw.orders().by_created(start, end, &statuses))
            .await?;
        // Orders that were only updated; a server without this query still gets the created ones.
        match window
            .read(sw.orders().by_updated(start, end, &statuses))
            .await
        {
            Ok(()) => {}
            Err(e) if e.is_auth() || e.is_retryable() => return Err(e),
            Err(e) => {
                tracing::warn!(error = %e, "reading updated orders failed; created orders only");
            }
        }
        // An order read whole by one query is not unreadable because the other failed on it.
        let WindowOrders { orders, unreadable } = &mut window;
        unreadable.retain(|id, _| id.is_none_or(|id| !orders.contains_key(&id)));
        Ok(window)
    }

    /// Adds every order an earlier run did not finish, when it is not in this window: the
    /// ones that failed (retried until they go through) and every open claim: an abandoned one
    /// (its holder died or could not record its link) is resumed, which first looks the order
    /// up in Rackbeat; one still held is listed as held until its lease ends (exit 1), never
    /// left out silently.
    async fn add_unfinished_orders(
        &self,
        orders: &mut BTreeMap<i64, Order>,
        unreadable: &BTreeSet<i64>,
        run: &mut Run,
    ) {
        let mut unfinished: BTreeMap<i64, &'static str> = BTreeMap::new();
        match self.inner.store.failures().await {
            Ok(failures) => {
                for failure in failures.iter().filter(|f| f.kind == ItemKind::Order) {
                    if let Ok(order_id) = failure.key.parse::<i64>() {
                        unfinished.insert(order_id, "failed earlier");
                    }
                }
            }
            Err(e) => run
                .report
                .warn(bounded(format!("could not read earlier failures: {e}"))),
        }
        match self.inner.store.open_intents().await {
            Ok(intents) => {
                // Released claims come with a recorded failure; these are the held or abandoned
                // ones (the account's reference check is no order: its key is not a number).
                for intent in intents.iter().filter(|i| i.owner.is_some()) {
                    if let Ok(order_id) = intent.order_id.parse::<i64>() {
                        unfinished
                            .entry(order_id)
                            .or_insert("left unfinished by an earlier run");
                    }
                }
            }
            Err(e) => run.report.warn(bounded(format!(
                "could not read unfinished order claims: {e}"
            ))),
        }
        for (order_id, why) in unfinished {
            if orders.contains_key(&order_id) || unreadable.contains(&order_id) {
                continue;
            }
            match self.inner.smartweb.orders().by_id(order_id).await {
                Ok(Some(order)) => {
                    orders.insert(order_id, order);
                }
                Ok(None) => run.report.failed(
                    ItemKind::Order,
                    order_id.to_string(),
                    format!("{why} and SmartWeb no longer returns it"),
                ),
                Err(e) => run.report.failed(
                    ItemKind::Order,
                    order_id.to_string(),
                    bounded(format!(
                        "{why}; reading the order from SmartWeb failed: {e}"
                    )),
                ),
            }
        }
    }

    /// Shop tables the mapping needs: the VAT basis, delivery countries, and the VAT groups of
    /// the products on these orders' lines (one `Product_GetByIds` call).
    ///
    /// A table the server cannot give (an operation it lacks, a fault) is left empty with a
    /// warning: the orders that need it then fail with a clear reason instead of the whole run.
    /// Credential and transport errors still stop the run.
    pub(super) async fn mapping_inputs<'a>(
        &self,
        orders: impl Iterator<Item = &'a Order>,
        report: &mut JobReport,
    ) -> Result<MappingInputs, smartweb_client::Error> {
        let sw = &self.inner.smartweb;
        let mut product_ids = BTreeSet::new();
        for order in orders {
            for line in &order.order_lines {
                product_ids.extend(line.product_id.filter(|id| *id > 0));
                for packet in &line.packet_lines {
                    product_ids.extend(packet.product_id.filter(|id| *id > 0));
                }
            }
        }
        let prices_with_vat = tolerate(sw.shop().webinfo().await, "Solution_GetWebinfo", report)?
            .and_then(|w| w.product_prices_with_vat)
            .unwrap_or(true);
        let vat_groups =
            tolerate(sw.shop().vat_groups().await, "VatGroup_GetAll", report)?.unwrap_or_default();
        let countries = tolerate(
            sw.shop().delivery_countries().await,
            "Product_GetDeliveryCountryAll",
            report,
        )?
        .unwrap_or_default();
        let ids: Vec<i64> = product_ids.into_iter().collect();
        let products = if ids.is_empty() {
            Vec::new()
        } else {
            match tolerate(sw.products().by_ids(&ids).await, "Product_GetByIds", report)? {
                Some(products) => products,
                None => {
                    // One by one, for servers without the batch call.
                    let mut products = Vec::new();
                    for id in &ids {
                        if let Some(p) =
                            tolerate(sw.products().by_id(*id).await, "Product_GetById", report)?
                                .flatten()
                        {
                            products.push(p);
                        }
                    }
                    products
                }
            }
        };
        Ok(MappingInputs {
            vat: convert::smartweb::vat_lookup(&products, &vat_groups),
            countries: convert::smartweb::delivery_countries(&countries),
            prices_with_vat,
        })
    }

    /// Maps and transfers one order, reporting what happened.
    ///
    /// Returns whether the outcome is settled in the state store (linked, skipped, failure
    /// recorded, or a claim left for the next attempt); `false` when the store could not take
    /// it, so the order must be read again.
    #[tracing::instrument(skip_all, fields(order_id = order.id))]
    pub(super) async fn transfer(
        &self,
        order: &Order,
        inputs: &MappingInputs,
        run: &mut OrderRun<'_>,
        report: &mut JobReport,
    ) -> bool {
        let Some(order_id) = order.id else {
            // Nothing to record it under; reading it again would not help either.
            report.failed(ItemKind::Order, "?", "SmartWeb order without Id");
            return true;
        };
        let key = order_id.to_string();
        let store = &self.inner.store;
        match store.link(&key).await {
            Ok(Some(link)) => {
                let verdict = Verdict::already_linked(link.rackbeat_number);
                return self.report_verdict(&key, verdict, report);
            }
            Ok(None) => {}
            Err(e) => {
                report.failed(ItemKind::Order, &key, bounded(format!("state store: {e}")));
                return false;
            }
        }

        let shop_order = convert::smartweb::shop_order(order);
        let today = self.shop_local(self.now()).date();
        let ctx = MappingContext {
            settings: &self.inner.settings,
            vat: &inputs.vat,
            countries: &inputs.countries,
            product_prices_with_vat: inputs.prices_with_vat,
            today,
        };
        let unplanned = match map_order(&shop_order, &ctx) {
            Ok(OrderPlan::Transfer(plan)) => {
                for warning in &plan.warnings {
                    report.warn(format!("order {key}: {warning}"));
                }
                if self.inner.dry_run {
                    return self.report_verdict(&key, rules::dry_run(&plan), report);
                }
                let placed_at = shop_order.created_at.and_then(|local| {
                    self.inner
                        .shop_timezone
                        .from_local_datetime(&local)
                        .earliest()
                        .map(|at| at.with_timezone(&Utc))
                });
                let transfer =
                    TransferOrder::new(&plan, self.inner.settings.totals_tolerance, placed_at);
                return self.execute(transfer, &plan, run, report).await;
            }
            Ok(OrderPlan::Skip(reason)) => rules::skipped(&reason),
            Err(e) => rules::unmappable(&e),
        };
        let mut verdict = unplanned.verdict;
        if !self.inner.dry_run {
            if unplanned.forget_failure {
                let _ = store.clear_failure(ItemKind::Order, &key).await;
            }
            if let Some(reason) = &unplanned.record_failure {
                verdict.settled = self.remember_failure(&key, reason, report).await;
            }
        }
        self.report_verdict(&key, verdict, report)
    }

    /// Records a failed order for retry; `false` when the store could not take it.
    async fn remember_failure(&self, key: &str, reason: &str, report: &mut JobReport) -> bool {
        if self.inner.dry_run {
            return true;
        }
        if let Err(e) = self
            .inner
            .store
            .record_failure(ItemKind::Order, key, reason, self.now())
            .await
        {
            report.warn(bounded(format!(
                "order {key}: could not record the failure: {e}"
            )));
            return false;
        }
        true
    }
}

/// What an order window held.
#[derive(Default)]
struct WindowOrders {
    orders: BTreeMap<i64, Order>,
    /// Orders listed but not decodable, by id, with the reason.
    unreadable: BTreeMap<Option<i64>, String>,
}

impl WindowOrders {
    /// Reads one paged query: decoded orders in, unreadable ones noted, other errors out.
    async fn read(
        &mut self,
        stream: impl Stream<Item = Result<Order, smartweb_client::Error>>,
    ) -> Result<(), smartweb_client::Error> {
        let mut stream = std::pin::pin!(stream);
        while let Some(item) = stream.next().await {
            match item {
                Ok(order) => {
                    if let Some(id) = order.id {
                        self.orders.insert(id, order);
                    }
                }
                Err(smartweb_client::Error::UnreadableRecord { id, source }) => {
                    self.unreadable.insert(id, source.to_string());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// `Ok(Some(v))`, or `Ok(None)` with a warning when the server answered with a fault or
/// cannot decode; credential and transport errors are returned.
fn tolerate<T>(
    result: Result<T, smartweb_client::Error>,
    operation: &str,
    report: &mut JobReport,
) -> Result<Option<T>, smartweb_client::Error> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_auth() || e.is_retryable() => Err(e),
        Err(e) => {
            report.warn(bounded(format!(
                "{operation} failed, continuing without it: {e}"
            )));
            Ok(None)
        }
    }
}
