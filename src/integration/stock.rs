//! Stock sync: Rackbeat's available quantity → SmartWeb stock, writing only differences.

use futures::StreamExt;
use rust_decimal::Decimal;
use sync_core::convert;
use sync_core::settings::StockFrom;
use sync_core::stock::{StockSkipReason, StockTarget, StockWrite, plan_stock};

use super::{Integration, ReadFailure, bounded, fail};
use crate::report::{ItemKind, JobKind, JobReport};

/// Which items a stock sync covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StockScope {
    /// The whole catalogue.
    #[default]
    All,
    /// Only these item numbers (products or variants), e.g. from a Rackbeat webhook.
    Items(Vec<String>),
}

impl Integration {
    /// Pushes Rackbeat's available quantities to SmartWeb for `scope`. Only items whose stock
    /// differs are written; negative quantities become 0 and fractions round down
    /// (`sync_core::stock`).
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn sync_stock(&self, scope: StockScope) -> JobReport {
        let mut run = self.start(JobKind::SyncStock);
        if !self.inner.settings.sync_stock {
            run.report.skipped(
                ItemKind::Stock,
                "all",
                "stock sync is turned off (`sync_stock = false`)",
            );
            return self.finish(run);
        }
        let (rb_products, sw_products) = match self.stock_inputs(&scope, &mut run.report).await {
            Ok(v) => v,
            Err(ReadFailure { reason, failure }) => {
                run.report
                    .failed_because(ItemKind::Stock, "all", reason, failure);
                return self.finish(run);
            }
        };

        let by_location = self.inner.settings.stock_from == StockFrom::Location;
        let mut items_endpoint = true;
        let mut rb_views = Vec::with_capacity(rb_products.len());
        for product in &rb_products {
            let mut view = convert::rackbeat::stock_view(product);
            if by_location && let Some(location) = self.inner.settings.location {
                match self
                    .available_by_location(product.path_key(), items_endpoint)
                    .await
                {
                    Ok(source) => {
                        items_endpoint = matches!(source, AvailableSource::Items(_));
                        view.set_location(location, source.at(u64::from(location)));
                    }
                    Err(e) => {
                        fail(
                            &mut run.report,
                            ItemKind::Stock,
                            &product.number,
                            &format!("reading available stock at location {location} failed"),
                            &e,
                        );
                        if run.report.unreachable_failure().is_some() {
                            return self.finish(run);
                        }
                        continue;
                    }
                }
            }
            rb_views.push(view);
        }
        let sw_views: Vec<_> = sw_products
            .iter()
            .flat_map(convert::smartweb::stock_views)
            .collect();
        let plan = plan_stock(&rb_views, &sw_views, &self.inner.settings);
        for skip in &plan.skipped {
            // A missing available figure is worth a look whatever the scope: the item's
            // shop stock stays as it is rather than being filled from on-hand.
            if skip.reason == StockSkipReason::NoQuantity {
                run.report.warn(format!(
                    "stock of {} not written: {} (on-hand stock is never pushed as available)",
                    skip.item_number, skip.reason
                ));
            }
            if let StockScope::All = scope {
                run.report
                    .skipped(ItemKind::Stock, &skip.item_number, skip.reason.to_string());
            }
        }
        let unchanged = sw_views
            .len()
            .saturating_sub(plan.writes.len() + plan.skipped.len());
        if unchanged > 0 {
            run.report
                .warn(format!("{unchanged} stock positions already in step"));
        }
        let mut tally = self.tally(JobKind::SyncStock, plan.writes.len());
        for (done, write) in plan.writes.iter().enumerate() {
            let left = plan.writes.len().saturating_sub(done);
            if self.halts(&mut run.report, left, "stock write(s)") {
                break;
            }
            self.write_stock(write, &mut run.report).await;
            tally.advance();
        }
        drop(tally);
        self.finish(run)
    }

    async fn stock_inputs(
        &self,
        scope: &StockScope,
        report: &mut JobReport,
    ) -> Result<
        (
            Vec<rackbeat_client::model::Product>,
            Vec<smartweb_client::model::Product>,
        ),
        ReadFailure,
    > {
        let rb = &self.inner.rackbeat;
        let sw = &self.inner.smartweb;
        match scope {
            StockScope::All => {
                let rb_products =
                    rb.products().list().all().await.map_err(|e| {
                        ReadFailure::of(report, "reading Rackbeat products failed", &e)
                    })?;
                let mut sw_products = Vec::new();
                let mut pages = std::pin::pin!(sw.products().all(500));
                while let Some(product) = pages.next().await {
                    match product {
                        Ok(product) => sw_products.push(product),
                        // One product SmartWeb sends garbled costs its own stock, not the
                        // catalogue's: reported, and the others are synced.
                        Err(smartweb_client::Error::UnreadableRecord { id, source }) => {
                            let key = id.map_or_else(|| "?".to_owned(), |id| id.to_string());
                            report.failed(
                                ItemKind::Product,
                                key,
                                bounded(format!(
                                    "SmartWeb sent the product in a form that cannot be read: {source}"
                                )),
                            );
                        }
                        Err(e) => {
                            return Err(ReadFailure::of(
                                report,
                                "reading SmartWeb products failed",
                                &e,
                            ));
                        }
                    }
                }
                Ok((rb_products, sw_products))
            }
            StockScope::Items(items) => {
                let mut rb_products = Vec::new();
                let mut sw_products: Vec<smartweb_client::model::Product> = Vec::new();
                for item in items {
                    if let Some(p) = rb.products().find(item).await.map_err(|e| {
                        ReadFailure::of(
                            report,
                            format!("reading Rackbeat product {item} failed"),
                            &e,
                        )
                    })? {
                        rb_products.push(p);
                    }
                    let found = sw.products().by_item_number(item).await.map_err(|e| {
                        ReadFailure::of(
                            report,
                            format!("reading SmartWeb product {item} failed"),
                            &e,
                        )
                    })?;
                    let found = if found.is_empty() {
                        // A variant's item number: read its parent product with all variants.
                        let variants =
                            sw.products()
                                .variants_by_item_number(item)
                                .await
                                .map_err(|e| {
                                    ReadFailure::of(
                                        report,
                                        format!("reading SmartWeb variant {item} failed"),
                                        &e,
                                    )
                                })?;
                        let mut parents = Vec::new();
                        for v in variants {
                            let Some(pid) = v.product_id else { continue };
                            if let Some(p) = sw.products().by_id(pid).await.map_err(|e| {
                                ReadFailure::of(
                                    report,
                                    format!("reading SmartWeb product {pid} failed"),
                                    &e,
                                )
                            })? {
                                parents.push(p);
                            }
                        }
                        parents
                    } else {
                        found
                    };
                    for p in found {
                        if !sw_products.iter().any(|q| q.id == p.id) {
                            sw_products.push(p);
                        }
                    }
                }
                // Keep only the positions asked for.
                Ok((rb_products, sw_products))
            }
        }
    }

    async fn write_stock(&self, write: &StockWrite, report: &mut JobReport) {
        let detail = format!(
            "{} → {}",
            write
                .previous
                .map_or_else(|| "unknown".to_owned(), |p| p.to_string()),
            write.quantity
        );
        if self.inner.dry_run {
            report.updated(
                ItemKind::Stock,
                &write.item_number,
                format!("would set {detail}"),
            );
            return;
        }
        let products = self.inner.smartweb.products();
        let result = match (write.target, write.stock_location_id) {
            (StockTarget::Product { product_id }, None) => products
                .set_stock(to_i64(product_id), write.quantity)
                .await
                .map(|_| ()),
            (StockTarget::Product { product_id }, Some(location)) => products
                .set_stock_at_location(to_i64(product_id), i64::from(location), write.quantity)
                .await
                .map(|_| ()),
            (StockTarget::Variant { variant_id, .. }, None) => products
                .set_variant_stock(to_i64(variant_id), write.quantity)
                .await
                .map(|_| ()),
            (StockTarget::Variant { variant_id, .. }, Some(location)) => products
                .set_variant_stock_at_location(
                    to_i64(variant_id),
                    i64::from(location),
                    write.quantity,
                )
                .await
                .map(|_| ()),
        };
        match result {
            Ok(()) => report.updated(ItemKind::Stock, &write.item_number, detail),
            Err(e) => fail(
                report,
                ItemKind::Stock,
                &write.item_number,
                "writing stock to SmartWeb failed",
                &e,
            ),
        }
    }
}

fn to_i64(id: u64) -> i64 {
    i64::try_from(id).unwrap_or(i64::MAX)
}

/// Where an item's stock per location came from, with its rows (location, available).
pub(crate) enum AvailableSource {
    /// `GET /items/{n}/locations/available` answered.
    Items(Vec<(u64, Option<Decimal>)>),
    /// `GET /products/{n}/locations` answered (the items endpoint is missing: 404).
    ProductLocations(Vec<(u64, Option<Decimal>)>),
}

impl AvailableSource {
    /// The rows: location number and its available quantity, when reported.
    pub(crate) fn rows(&self) -> &[(u64, Option<Decimal>)] {
        match self {
            AvailableSource::Items(rows) | AvailableSource::ProductLocations(rows) => rows,
        }
    }

    /// The available quantity at `location`: 0 when no row names it (nothing there), `None`
    /// when its row reports no available figure (on hand only).
    pub(crate) fn at(&self, location: u64) -> Option<Decimal> {
        match self.rows().iter().find(|(l, _)| *l == location) {
            Some((_, available)) => *available,
            None => Some(Decimal::ZERO),
        }
    }
}

impl Integration {
    /// An item's stock per location from the endpoint that reports the available quantity
    /// (`GET /items/{n}/locations/available`, the official SDK's), else from
    /// `GET /products/{n}/locations` when that endpoint answers 404 (or `try_items` is
    /// `false`: an earlier item of the run found it missing). A row of the latter without
    /// `available_quantity` stays without: on-hand stock is never taken for available.
    pub(crate) async fn available_by_location(
        &self,
        item: &str,
        try_items: bool,
    ) -> Result<AvailableSource, rackbeat_client::Error> {
        let rows = |locations: Vec<rackbeat_client::model::ProductLocation>| {
            locations
                .into_iter()
                .map(|l| (l.number, l.available_quantity))
                .collect()
        };
        let products = self.rackbeat().products();
        if try_items {
            match products.available_locations(item).await {
                Ok(l) => return Ok(AvailableSource::Items(rows(l))),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        products
            .locations(item)
            .await
            .map(|l| AvailableSource::ProductLocations(rows(l)))
    }
}
