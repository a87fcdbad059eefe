//! "Update settings": every reference in the settings is checked against both live systems,
//! and every problem is reported at once.

use rackbeat_client::model::VatZone;
use rust_decimal::Decimal;

use sync_core::check::{self, NumberedResource};
use sync_core::facts::Verdict;
use sync_core::vat_zones;

use super::classify::Classify;
use super::{Integration, bounded_error};
use crate::report::{Failure, ItemKind, JobKind, JobReport};

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
    Error(String, Failure),
}

fn found<T>(result: Result<T, rackbeat_client::Error>, report: &mut JobReport) -> Found {
    match result {
        Ok(_) => Found::Yes,
        Err(e) if e.is_not_found() => Found::No,
        Err(e) => {
            super::note_credentials(report, &e);
            Found::Error(bounded_error(&e), e.failure())
        }
    }
}

/// The check stopped: a service could not be reached at all, so every further check would
/// fail the same way.
struct Stopped;

/// Goes on unless a failure so far says a service cannot be reached.
fn reachable(report: &JobReport) -> Result<(), Stopped> {
    match report.unreachable_failure() {
        Some(_) => Err(Stopped),
        None => Ok(()),
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
        let mut checked = 0usize;
        if self
            .check_references(&mut run.report, &mut checked)
            .await
            .is_ok()
        {
            let problems = run.report.failed.len();
            run.report
                .warn(format!("{checked} settings checked, {problems} problems"));
        }
        self.show_facts(&mut run.report).await;
        self.finish(run)
    }

    /// The checks of [`check_settings`](Self::check_settings), counted in `checked`; stops at
    /// the first failure that says a service cannot be reached.
    async fn check_references(
        &self,
        report: &mut JobReport,
        checked: &mut usize,
    ) -> Result<(), Stopped> {
        let s = &self.inner.settings;
        let rb = &self.inner.rackbeat;

        let mut verdict = |report: &mut JobReport, setting: &str, what: String, f: Found| {
            *checked += 1;
            match f {
                Found::Yes => {}
                Found::No => report.failed(
                    ItemKind::Setting,
                    setting,
                    format!("{what} does not exist in Rackbeat"),
                ),
                Found::Error(e, failure) => report.failed_because(
                    ItemKind::Setting,
                    setting,
                    format!("could not check {what}: {e}"),
                    failure,
                ),
            }
            reachable(report)
        };

        for reference in check::numbered_references(s) {
            let n = reference.number;
            let f = match reference.resource {
                NumberedResource::Layout => numbered!(rb.layouts(), n, report),
                NumberedResource::PaymentTerms => numbered!(rb.payment_terms(), n, report),
                NumberedResource::Employee => numbered!(rb.employees(), n, report),
                NumberedResource::CustomerGroup => numbered!(rb.customer_groups(), n, report),
                NumberedResource::ProductGroup => numbered!(rb.product_groups(), n, report),
                NumberedResource::Location => numbered!(rb.locations(), n, report),
            };
            verdict(report, reference.setting, reference.describe(), f)?;
        }
        let zones = self.account_vat_zones().await;
        if let Err(e) = &zones {
            super::note_credentials(report, e);
            report.failed_because(
                ItemKind::Setting,
                "vat_zone",
                format!(
                    "could not read the VAT zones the account knows: {}",
                    bounded_error(e)
                ),
                e.failure(),
            );
            reachable(report)?;
        }
        *checked += vat_zones::settings_zones(s).len();
        if let Ok(zones) = &zones {
            for (setting, problem) in vat_zones::zone_problems(s, zones) {
                report.failed(ItemKind::Setting, setting, problem);
            }
        }

        for line_product in check::line_products(s) {
            let (setting, item) = (line_product.setting, line_product.item);
            *checked += 1;
            match rb.products().find(item).await {
                // Only a product whose rate matters is worth the product group read.
                Ok(Some(product)) if line_product.must_be_without_vat => {
                    let vat = self.product_vat(&product, &check::fee_vat_zone(s)).await;
                    if let Some(problem) = check::line_product_vat_problem(&line_product, vat) {
                        report.failed(ItemKind::Setting, setting, problem);
                    }
                }
                Ok(Some(_)) => {}
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
            reachable(report)?;
        }

        let sw = &self.inner.smartweb;
        if let Some(category) = s.smartweb_category_id {
            *checked += 1;
            match sw.shop().categories().await {
                Ok(categories) => {
                    let ids: Vec<i64> = categories.iter().filter_map(|c| c.id).collect();
                    if let Some(problem) = check::category_problem(category, &ids) {
                        report.failed(ItemKind::Setting, "smartweb_category_id", problem);
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
            reachable(report)?;
        }
        *checked += 1;
        match sw.shop().order_status_codes().await {
            Ok(codes) => {
                let known: Vec<i64> = codes.iter().filter_map(|c| c.id).collect();
                for (setting, problem) in check::order_status_problems(s, &known) {
                    report.failed(ItemKind::Setting, setting, problem);
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
        reachable(report)
    }

    /// Puts the stored findings on the report, with a warning for each refuted assumption
    /// (and one when no probe has run yet).
    async fn show_facts(&self, report: &mut JobReport) {
        let facts = match self.account_facts().await {
            Ok(facts) => facts,
            Err(e) => {
                report.warn(format!(
                    "could not read the stored findings: {}",
                    bounded_error(&e)
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
