//! Stock sync: Rackbeat's available quantity → SmartWeb stock, writing only differences.

use futures::StreamExt;
use sync_core::convert;
use sync_core::settings::StockFrom;
use sync_core::stock::{StockTarget, StockWrite, plan_stock};

use super::{Integration, bounded, fail};
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
            Err(reason) => {
                run.report.failed(ItemKind::Stock, "all", reason);
                return self.finish(run);
            }
        };

        let by_location = self.inner.settings.stock_from == StockFrom::Location;
        let mut rb_views = Vec::with_capacity(rb_products.len());
        for product in &rb_products {
            let locations = match (by_location, self.inner.settings.location) {
                (true, Some(location)) => {
                    match self
                        .inner
                        .rackbeat
                        .products()
                        .location(product.path_key(), u64::from(location))
                        .await
                    {
                        Ok(l) => vec![l],
                        Err(e) if e.status() == Some(404) => Vec::new(),
                        Err(e) => {
                            run.report.failed(
                                ItemKind::Stock,
                                &product.number,
                                bounded(format!(
                                    "reading stock at location {location} failed: {e}"
                                )),
                            );
                            continue;
                        }
                    }
                }
                _ => Vec::new(),
            };
            rb_views.push(convert::rackbeat::stock_view(product, &locations));
        }
        let sw_views: Vec<_> = sw_products
            .iter()
            .flat_map(convert::smartweb::stock_views)
            .collect();
        let plan = plan_stock(&rb_views, &sw_views, &self.inner.settings);
        if let StockScope::All = scope {
            for skip in &plan.skipped {
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
        for write in &plan.writes {
            self.write_stock(write, &mut run.report).await;
        }
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
        String,
    > {
        let rb = &self.inner.rackbeat;
        let sw = &self.inner.smartweb;
        match scope {
            StockScope::All => {
                let rb_products = rb.products().list().all().await.map_err(|e| {
                    super::note_credentials(report, &e);
                    bounded(format!("reading Rackbeat products failed: {e}"))
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
                            super::note_credentials(report, &e);
                            return Err(bounded(format!("reading SmartWeb products failed: {e}")));
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
                        super::note_credentials(report, &e);
                        bounded(format!("reading Rackbeat product {item} failed: {e}"))
                    })? {
                        rb_products.push(p);
                    }
                    let found = sw.products().by_item_number(item).await.map_err(|e| {
                        super::note_credentials(report, &e);
                        bounded(format!("reading SmartWeb product {item} failed: {e}"))
                    })?;
                    let found = if found.is_empty() {
                        // A variant's item number: read its parent product with all variants.
                        let variants =
                            sw.products()
                                .variants_by_item_number(item)
                                .await
                                .map_err(|e| {
                                    bounded(format!("reading SmartWeb variant {item} failed: {e}"))
                                })?;
                        let mut parents = Vec::new();
                        for v in variants {
                            let Some(pid) = v.product_id else { continue };
                            if let Some(p) = sw.products().by_id(pid).await.map_err(|e| {
                                bounded(format!("reading SmartWeb product {pid} failed: {e}"))
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
