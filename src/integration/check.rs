//! "Update settings": every reference in the settings is checked against both live systems,
//! and every problem is reported at once.

use rackbeat_client::model::VatZone;
use rust_decimal::Decimal;

use sync_core::facts::Verdict;

use super::vat_zones::settings_zones;
use super::{Integration, bounded};
use crate::report::{ItemKind, JobKind, JobReport};

impl Integration {
    /// A product's VAT percentage in `zone`: from its embedded group, else from its group
    /// read by number; `None` when neither says.
    pub(crate) async fn product_vat(
        &self,
        product: &rackbeat_client::model::Product,
        zone: &VatZone,
    ) -> Option<Decimal> {
        if let Some(vat) = product.group.as_ref().and_then(|g| g.vat_for_zone(zone)) {
            return Some(vat);
        }
        let group = product
            .group
            .as_ref()
            .map(|g| g.number)
            .or(product.group_id)?;
        self.inner
            .rackbeat
            .product_groups()
            .get(group)
            .await
            .ok()
            .and_then(|g| g.vat_for_zone(zone))
    }
}

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
    /// group, location and line product named in the settings exists (and that the fee
    /// product carries 0 % VAT), that every VAT zone named is one the account knows (see
    /// `vat_zones`), and that the SmartWeb category and order statuses exist. Each problem is
    /// a failed item named by its setting; nothing is written. The report also carries the
    /// stored probe findings (`findings`), with a warning per refuted assumption.
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
        let zones = self.account_vat_zones().await;
        if let Err(e) = &zones {
            super::note_credentials(report, e);
            report.failed(
                ItemKind::Setting,
                "vat_zone",
                format!(
                    "could not read the VAT zones the account knows: {}",
                    bounded(e)
                ),
            );
        }
        for (setting, zone) in settings_zones(s) {
            checked += 1;
            match &zones {
                Ok(known) if !known.is_empty() => {
                    if !known.known().contains(&zone) {
                        report.failed(
                            ItemKind::Setting,
                            setting,
                            format!(
                                "`{zone}` is not a VAT zone this Rackbeat account knows ({})",
                                known.describe()
                            ),
                        );
                    }
                }
                // An account that shows no zone at all: the documented four are accepted.
                Ok(_) => {
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
                Err(_) => {}
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
                        let vat = self.product_vat(&product, &zone).await;
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
        self.show_facts(report).await;
        self.finish(run)
    }

    /// Puts the stored findings on the report, with a warning for each refuted assumption
    /// (and one when no probe has run yet).
    async fn show_facts(&self, report: &mut JobReport) {
        let facts = match self.account_facts().await {
            Ok(facts) => facts,
            Err(e) => {
                report.warn(format!(
                    "could not read the stored findings: {}",
                    bounded(e)
                ));
                return;
            }
        };
        report.findings = facts.findings().cloned().collect();
        if report.findings.is_empty() {
            report.warn(
                "no probe has run yet: run `sync probe`, and `sync probe --write` before the first orders (docs/ASSUMPTIONS.md)",
            );
        }
        for finding in facts.findings().filter(|f| f.verdict == Verdict::Refuted) {
            report.warn(format!(
                "{} refuted (checked {}): {} (docs/ASSUMPTIONS.md says what the engine does)",
                finding.assumption,
                finding
                    .checked_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                finding.evidence
            ));
        }
    }
}
