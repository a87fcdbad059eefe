//! "Update settings": every reference in the settings is checked against both live systems,
//! and every problem is reported at once.

use rackbeat_client::model::VatZone;
use rust_decimal::Decimal;

use super::{Integration, bounded};
use crate::report::{ItemKind, JobKind, JobReport};

/// The outcome of one existence check.
enum Found {
    Yes,
    No,
    Error(String),
}

fn found<T>(result: Result<T, rackbeat_client::Error>, report: &mut JobReport) -> Found {
    match result {
        Ok(_) => Found::Yes,
        Err(e) if e.is_not_found() => Found::No,
        Err(e) => {
            super::note_credentials(report, &e);
            Found::Error(bounded(e))
        }
    }
}

/// Whether Rackbeat has the numbered record: `GET /<resource>/{n}`, and on a 404 the list
/// (a server may offer only the list, e.g. `GET /layouts`).
macro_rules! numbered {
    ($handler:expr, $n:expr, $report:expr) => {{
        let n = u64::from($n);
        match $handler.get(n).await {
            Ok(_) => Found::Yes,
            Err(e) if e.is_not_found() => match $handler.list().all().await {
                Ok(all) if all.iter().any(|x| x.number == n) => Found::Yes,
                Ok(_) => Found::No,
                Err(e) if e.is_not_found() => Found::No,
                Err(e) => found::<()>(Err(e), $report),
            },
            Err(e) => found::<()>(Err(e), $report),
        }
    }};
}

impl Integration {
    /// Checks that every Rackbeat layout, payment terms, employee, customer group, product
    /// group, VAT zone, location and line product named in the settings exists (and that the
    /// fee product carries 0 % VAT), and that the SmartWeb category and order statuses exist.
    /// Each problem is a failed item named by its setting; nothing is written.
    #[tracing::instrument(skip_all, fields(dry_run = self.inner.dry_run))]
    pub async fn check_settings(&self) -> JobReport {
        let mut run = self.start(JobKind::CheckSettings);
        let report = &mut run.report;
        let s = &self.inner.settings;
        let rb = &self.inner.rackbeat;
        let mut checked = 0usize;

        let mut verdict = |report: &mut JobReport, setting: &str, what: String, f: Found| {
            checked += 1;
            match f {
                Found::Yes => {}
                Found::No => report.failed(
                    ItemKind::Setting,
                    setting,
                    format!("{what} does not exist in Rackbeat"),
                ),
                Found::Error(e) => report.failed(
                    ItemKind::Setting,
                    setting,
                    format!("could not check {what}: {e}"),
                ),
            }
        };

        if let Some(n) = s.layout {
            let f = numbered!(rb.layouts(), n, report);
            verdict(report, "layout", format!("layout {n}"), f);
        }
        if let Some(n) = s.payment_terms {
            let f = numbered!(rb.payment_terms(), n, report);
            verdict(report, "payment_terms", format!("payment terms {n}"), f);
        }
        if let Some(n) = s.employee {
            let f = numbered!(rb.employees(), n, report);
            verdict(report, "employee", format!("employee {n}"), f);
        }
        if let Some(n) = s.customer_group {
            let f = numbered!(rb.customer_groups(), n, report);
            verdict(report, "customer_group", format!("customer group {n}"), f);
        }
        if let Some(n) = s.product_group {
            let f = numbered!(rb.product_groups(), n, report);
            verdict(report, "product_group", format!("product group {n}"), f);
        }
        if let Some(n) = s.location {
            let f = numbered!(rb.locations(), n, report);
            verdict(report, "location", format!("location {n}"), f);
        }
        for (setting, zone) in std::iter::once(("vat_zone".to_owned(), s.vat_zone.clone())).chain(
            s.vat_zone_rules
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("vat_zone_rules[{i}].vat_zone"), r.vat_zone.clone())),
        ) {
            checked += 1;
            if let VatZone::Other(other) = VatZone::from(zone) {
                report.failed(
                    ItemKind::Setting,
                    setting,
                    format!(
                        "`{other}` is not a Rackbeat VAT zone (domestic, eu, abroad, domestic_exempt)"
                    ),
                );
            }
        }

        let line_products = [
            ("shipping_product_with_vat", &s.shipping_product_with_vat),
            (
                "shipping_product_without_vat",
                &s.shipping_product_without_vat,
            ),
            ("fee_product", &s.fee_product),
            ("credit_note_product", &s.credit_note_product),
            ("rounding_line_product", &s.rounding_line_product),
            ("discount_product", &s.discount_product),
        ];
        for (setting, item) in line_products {
            let Some(item) = item.as_deref() else {
                continue;
            };
            checked += 1;
            match rb.products().find(item).await {
                Ok(Some(product)) => {
                    if setting == "fee_product" {
                        let zone = match VatZone::from(s.vat_zone.clone()) {
                            VatZone::Other(_) => VatZone::Domestic,
                            zone => zone,
                        };
                        let mut vat = product.group.as_ref().and_then(|g| g.vat_for_zone(&zone));
                        let group = product
                            .group
                            .as_ref()
                            .map(|g| g.number)
                            .or(product.group_id);
                        if let (None, Some(group)) = (vat, group) {
                            vat = rb
                                .product_groups()
                                .get(group)
                                .await
                                .ok()
                                .and_then(|g| g.vat_for_zone(&zone));
                        }
                        if vat.is_some_and(|v| v != Decimal::ZERO) {
                            report.failed(
                                ItemKind::Setting,
                                setting,
                                format!(
                                    "fee product {item} carries {}% VAT; it must be without VAT",
                                    vat.unwrap_or_default()
                                ),
                            );
                        }
                    }
                }
                Ok(None) => report.failed(
                    ItemKind::Setting,
                    setting,
                    format!("product {item} does not exist in Rackbeat"),
                ),
                Err(e) => super::fail(
                    report,
                    ItemKind::Setting,
                    setting,
                    &format!("could not check product {item}"),
                    &e,
                ),
            }
        }

        let sw = &self.inner.smartweb;
        if let Some(category) = s.smartweb_category_id {
            checked += 1;
            match sw.shop().categories().await {
                Ok(categories) => {
                    if !categories.iter().any(|c| c.id == Some(i64::from(category))) {
                        report.failed(
                            ItemKind::Setting,
                            "smartweb_category_id",
                            format!("SmartWeb has no category {category}"),
                        );
                    }
                }
                Err(e) => super::fail(
                    report,
                    ItemKind::Setting,
                    "smartweb_category_id",
                    "could not read SmartWeb categories",
                    &e,
                ),
            }
        }
        checked += 1;
        match sw.shop().order_status_codes().await {
            Ok(codes) => {
                let known: Vec<i64> = codes.iter().filter_map(|c| c.id).collect();
                for (setting, list) in [
                    ("imported_statuses", &s.imported_statuses),
                    ("credit_note_statuses", &s.credit_note_statuses),
                ] {
                    for status in list {
                        let ok = status
                            .trim()
                            .parse::<i64>()
                            .is_ok_and(|id| known.contains(&id));
                        if !ok {
                            report.failed(
                                ItemKind::Setting,
                                setting,
                                format!("SmartWeb has no order status `{status}`"),
                            );
                        }
                    }
                }
            }
            Err(e) => super::fail(
                report,
                ItemKind::Setting,
                "smartweb",
                "could not read SmartWeb order statuses",
                &e,
            ),
        }
        let problems = report.failed.len();
        report.warn(format!("{checked} settings checked, {problems} problems"));
        self.finish(run)
    }
}
