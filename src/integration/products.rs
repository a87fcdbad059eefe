//! Product sync in the direction of `product_source`.

use futures::TryStreamExt;
use sync_core::convert;
use sync_core::products::{ProductAction, ProductContext, plan_products};
use sync_core::settings::ProductSource;

use super::{Integration, fail};
use crate::report::{ItemKind, JobKind, JobReport};

impl Integration {
    /// Reads both catalogues, plans the minimal creates and updates in the system that is not
    /// the source of truth, and carries them out (or only reports them in a dry run).
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn sync_products(&self) -> JobReport {
        let mut run = self.start(JobKind::SyncProducts);
        let settings = &self.inner.settings;
        let sw = &self.inner.smartweb;
        let rb = &self.inner.rackbeat;

        let shop = async {
            let webinfo = sw.shop().webinfo().await?;
            let vat_groups = sw.shop().vat_groups().await?;
            let products: Vec<_> = sw.products().all(500).try_collect().await?;
            Ok::<_, smartweb_client::Error>((webinfo, vat_groups, products))
        };
        let (webinfo, vat_groups, sw_products) = match shop.await {
            Ok(v) => v,
            Err(e) => {
                fail(
                    &mut run.report,
                    ItemKind::Product,
                    "smartweb",
                    "reading SmartWeb products failed",
                    &e,
                );
                return self.finish(run);
            }
        };
        let inventory = async {
            let groups = rb.product_groups().list().all().await?;
            let products = rb.products().list().all().await?;
            Ok::<_, rackbeat_client::Error>((groups, products))
        };
        let (groups, rb_products) = match inventory.await {
            Ok(v) => v,
            Err(e) => {
                fail(
                    &mut run.report,
                    ItemKind::Product,
                    "rackbeat",
                    "reading Rackbeat products failed",
                    &e,
                );
                return self.finish(run);
            }
        };

        let rates = convert::smartweb::vat_rates(&vat_groups);
        let sw_views: Vec<_> = sw_products
            .iter()
            .map(|p| convert::smartweb::product_view(p, &rates))
            .collect();
        let rb_views: Vec<_> = rb_products
            .iter()
            .map(|p| convert::rackbeat::product_view(p, &groups, &settings.vat_zone))
            .collect();
        let ctx = ProductContext {
            settings,
            product_prices_with_vat: webinfo.product_prices_with_vat.unwrap_or(true),
        };
        let plan = plan_products(settings.product_source, &rb_views, &sw_views, &ctx);
        let unchanged = match settings.product_source {
            ProductSource::Rackbeat => rb_views.len(),
            ProductSource::Smartweb => sw_views.len(),
        }
        .saturating_sub(plan.actions.len());
        if unchanged > 0 {
            run.report.warn(format!(
                "{unchanged} products already in step: nothing to do"
            ));
        }

        let mut tally = self.tally(JobKind::SyncProducts, plan.actions.len());
        for (done, action) in plan.actions.iter().enumerate() {
            let left = plan.actions.len().saturating_sub(done);
            if self.halts(&mut run.report, left, "product change(s)") {
                break;
            }
            self.apply_product_action(action, &vat_groups, &mut run.report)
                .await;
            tally.advance();
        }
        drop(tally);
        self.finish(run)
    }

    async fn apply_product_action(
        &self,
        action: &ProductAction,
        vat_groups: &[smartweb_client::model::VatGroup],
        report: &mut JobReport,
    ) {
        let dry = self.inner.dry_run;
        let sw = &self.inner.smartweb;
        let rb = &self.inner.rackbeat;
        match action {
            ProductAction::Skip {
                item_number,
                reason,
            } => report.skipped(ItemKind::Product, item_number, reason.to_string()),
            ProductAction::CreateSmartweb(draft) => {
                let key = &draft.item_number;
                if dry {
                    report.created(ItemKind::Product, key, "would create in SmartWeb");
                    return;
                }
                let body = convert::smartweb::product_create(draft, vat_groups);
                match sw.products().upsert(body).await {
                    Ok(id) => report.created(
                        ItemKind::Product,
                        key,
                        format!("created in SmartWeb as product {id}"),
                    ),
                    Err(e) => fail(
                        report,
                        ItemKind::Product,
                        key,
                        "creating in SmartWeb failed",
                        &e,
                    ),
                }
            }
            ProductAction::UpdateSmartwebProduct {
                id,
                item_number,
                changes,
            } => {
                if dry {
                    report.updated(ItemKind::Product, item_number, "would update in SmartWeb");
                    return;
                }
                let body = convert::smartweb::product_update(*id, item_number, changes);
                match sw.products().update(body).await {
                    Ok(_) => report.updated(ItemKind::Product, item_number, "updated in SmartWeb"),
                    Err(e) => fail(
                        report,
                        ItemKind::Product,
                        item_number,
                        "updating in SmartWeb failed",
                        &e,
                    ),
                }
            }
            ProductAction::UpdateSmartwebVariant {
                variant_id,
                item_number,
                changes,
                ..
            } => {
                if dry {
                    report.updated(ItemKind::Variant, item_number, "would update in SmartWeb");
                    return;
                }
                let body = convert::smartweb::variant_update(*variant_id, item_number, changes);
                match sw.products().update_variant(body).await {
                    Ok(_) => report.updated(ItemKind::Variant, item_number, "updated in SmartWeb"),
                    Err(e) => fail(
                        report,
                        ItemKind::Variant,
                        item_number,
                        "updating in SmartWeb failed",
                        &e,
                    ),
                }
            }
            ProductAction::CreateRackbeat(draft) => {
                let key = &draft.number;
                if dry {
                    report.created(ItemKind::Product, key, "would create in Rackbeat");
                    return;
                }
                match rb
                    .products()
                    .create(&convert::rackbeat::new_product(draft))
                    .await
                {
                    Ok(_) => report.created(ItemKind::Product, key, "created in Rackbeat"),
                    Err(e) => fail(
                        report,
                        ItemKind::Product,
                        key,
                        "creating in Rackbeat failed",
                        &e,
                    ),
                }
            }
            ProductAction::UpdateRackbeat { number, changes } => {
                if dry {
                    report.updated(ItemKind::Product, number, "would update in Rackbeat");
                    return;
                }
                let body = convert::rackbeat::product_update(changes);
                match rb.products().update(number, &body).await {
                    Ok(_) => report.updated(ItemKind::Product, number, "updated in Rackbeat"),
                    Err(e) => fail(
                        report,
                        ItemKind::Product,
                        number,
                        "updating in Rackbeat failed",
                        &e,
                    ),
                }
            }
        }
    }
}
