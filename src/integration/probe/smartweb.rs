//! The SmartWeb checks (all read-only): projections applied, the configured language, the
//! order date filters and the shop's price basis.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use futures::{Stream, StreamExt};
use smartweb_client::model::{Order, Product};
use sync_core::facts::{Assumption, Verdict};

use super::Findings;
use crate::integration::{Integration, bounded, note_credentials};
use crate::report::{ItemKind, JobReport};

/// How far back the probe looks for a recent order.
const RECENT_DAYS: i64 = 90;

pub(super) async fn check(
    integration: &Integration,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    price_basis(integration, findings, report).await;
    let until = integration.shop_local(findings.at);
    let since = until - Duration::days(RECENT_DAYS);
    let sw = integration.smartweb();
    let recent_order = first(sw.orders().by_created(since, until, &[]), report).await;
    let product = first(sw.products().all(1), report).await;
    projections(recent_order.as_ref(), product.as_ref(), findings);
    language(integration, product.as_ref(), findings, report).await;
    order_filters(integration, since, until, findings, report).await;
}

/// The first item of a stream (`Ok(None)` for none); a read error is noted on the report.
async fn first<T>(
    stream: impl Stream<Item = Result<T, smartweb_client::Error>>,
    report: &mut JobReport,
) -> Result<Option<T>, String> {
    let mut stream = std::pin::pin!(stream);
    match stream.next().await {
        None => Ok(None),
        Some(Ok(item)) => Ok(Some(item)),
        Some(Err(e)) => {
            note_credentials(report, &e);
            Err(bounded(e))
        }
    }
}

fn failed(report: &mut JobReport, assumption: Assumption, what: &str, e: &smartweb_client::Error) {
    note_credentials(report, e);
    report.failed(
        ItemKind::Assumption,
        assumption.name(),
        bounded(format!("could not {what}: {e}")),
    );
}

async fn price_basis(integration: &Integration, findings: &mut Findings, report: &mut JobReport) {
    let (verdict, evidence) = match integration.smartweb().shop().webinfo().await {
        Ok(info) => match info.product_prices_with_vat {
            Some(with_vat) => (
                Verdict::Confirmed,
                format!(
                    "Solution_GetWebinfo: ProductPricesWithVat = {with_vat} (product prices {} VAT)",
                    if with_vat { "include" } else { "exclude" }
                ),
            ),
            None => (
                Verdict::Refuted,
                "Solution_GetWebinfo answers without ProductPricesWithVat".to_owned(),
            ),
        },
        Err(e) => {
            failed(
                report,
                Assumption::SmartWebPriceBasis,
                "read the shop's web info",
                &e,
            );
            (
                Verdict::Unknown,
                bounded(format!("Solution_GetWebinfo failed: {e}")),
            )
        }
    };
    findings.set(Assumption::SmartWebPriceBasis, verdict, evidence);
}

/// The projections the client sets are applied when the records carry the fields asked for:
/// order lines their price, quantity and item number; products their item number and price.
fn projections(
    order: Result<&Option<Order>, &String>,
    product: Result<&Option<Product>, &String>,
    findings: &mut Findings,
) {
    let mut seen = Vec::new();
    let mut missing = Vec::new();
    match order {
        Ok(Some(order)) => match order.order_lines.first() {
            Some(line) => {
                let id = order.id.unwrap_or_default();
                let fields = [
                    ("Price", line.price.is_some()),
                    ("Amount", line.amount.is_some()),
                    (
                        "ItemNumber",
                        line.item_number.is_some() || line.product_title.is_some(),
                    ),
                ];
                let absent: Vec<&str> =
                    fields.iter().filter(|(_, p)| !p).map(|(f, _)| *f).collect();
                if absent.is_empty() {
                    seen.push(format!(
                        "order {id}'s lines carry Price, Amount and ItemNumber"
                    ));
                } else {
                    missing.push(format!("order {id}'s lines lack {}", absent.join(", ")));
                }
            }
            None => missing.push(format!(
                "order {} came without OrderLines",
                order.id.unwrap_or_default()
            )),
        },
        Ok(None) => {}
        Err(e) => missing.push(format!("the orders could not be read: {e}")),
    }
    match product {
        Ok(Some(product)) => {
            let id = product.id.unwrap_or_default();
            if product.item_number.is_some() && product.price.is_some() {
                seen.push(format!("product {id} carries ItemNumber and Price"));
            } else {
                missing.push(format!("product {id} lacks ItemNumber or Price"));
            }
        }
        Ok(None) => {}
        Err(e) => missing.push(format!("the products could not be read: {e}")),
    }
    let unreadable = missing.iter().any(|m| m.contains("could not be read"));
    let (verdict, evidence) = match (seen.is_empty(), missing.is_empty()) {
        (_, false) if !unreadable => (Verdict::Refuted, missing.join("; ")),
        (false, _) => (Verdict::Confirmed, seen.join("; ")),
        (true, true) => (
            Verdict::Unknown,
            format!("no order in the last {RECENT_DAYS} days and no product to look at"),
        ),
        (true, false) => (Verdict::Unknown, missing.join("; ")),
    };
    findings.set(Assumption::SmartWebProjections, verdict, evidence);
}

/// The configured language must be one of the shop's layers, and a product read under it
/// must be in it.
async fn language(
    integration: &Integration,
    product: Result<&Option<Product>, &String>,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let sw = integration.smartweb();
    let wanted = sw.language().to_owned();
    let layers = match sw.shop().languages().await {
        Ok(l) => l,
        Err(e) => {
            failed(
                report,
                Assumption::SmartWebLanguage,
                "read the shop's languages",
                &e,
            );
            findings.set(
                Assumption::SmartWebLanguage,
                Verdict::Unknown,
                bounded(format!("Solution_GetLanguages failed: {e}")),
            );
            return;
        }
    };
    let names: Vec<String> = layers
        .iter()
        .filter_map(|l| {
            let iso = l.language_iso.clone()?;
            Some(if l.primary == Some(true) {
                format!("{iso} (primary)")
            } else {
                iso
            })
        })
        .collect();
    let listed = layers.iter().any(|l| {
        l.language_iso
            .as_deref()
            .is_some_and(|iso| iso.eq_ignore_ascii_case(&wanted))
    });
    let answered = product.ok().and_then(Option::as_ref).and_then(|p| {
        p.language_iso
            .as_deref()
            .map(|iso| (p.id.unwrap_or_default(), iso))
    });
    let (verdict, evidence) = match answered {
        _ if !listed => (
            Verdict::Refuted,
            format!(
                "the configured language {wanted} is not one of the shop's layers ({})",
                names.join(", ")
            ),
        ),
        Some((id, iso)) if !iso.eq_ignore_ascii_case(&wanted) => (
            Verdict::Refuted,
            format!("product {id} answered in {iso} although {wanted} is selected"),
        ),
        Some((id, iso)) => (
            Verdict::Confirmed,
            format!(
                "{wanted} is a layer of the shop ({}); product {id} answered in {iso}",
                names.join(", ")
            ),
        ),
        None => (
            Verdict::Confirmed,
            format!("{wanted} is a layer of the shop ({})", names.join(", ")),
        ),
    };
    findings.set(Assumption::SmartWebLanguage, verdict, evidence);
}

/// Both order date filters must hold back orders outside their window: a window in the
/// year 2000 must be empty. The recent window's counts are evidence.
async fn order_filters(
    integration: &Integration,
    since: NaiveDateTime,
    until: NaiveDateTime,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let orders = integration.smartweb().orders();
    let (old_start, old_end) = match (
        NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)),
        NaiveDate::from_ymd_opt(2000, 1, 2).and_then(|d| d.and_hms_opt(0, 0, 0)),
    ) {
        (Some(a), Some(b)) => (a, b),
        _ => return,
    };
    let mut evidence = Vec::new();
    let mut verdict = Verdict::Confirmed;
    for (name, old, recent) in [
        (
            "Order_GetByDateWithPagination",
            first(orders.by_created(old_start, old_end, &[]), report).await,
            count(orders.by_created(since, until, &[])).await,
        ),
        (
            "Order_GetByDateUpdatedWithPagination",
            first(orders.by_updated(old_start, old_end, &[]), report).await,
            count(orders.by_updated(since, until, &[])).await,
        ),
    ] {
        match old {
            Ok(None) => evidence.push(format!(
                "{name}: nothing on 2000-01-01, {} order(s) in the last {RECENT_DAYS} days",
                recent.unwrap_or_else(|e| format!("? ({e})"))
            )),
            Ok(Some(order)) => {
                verdict = Verdict::Refuted;
                evidence.push(format!(
                    "{name} for 2000-01-01 returned order {} (updated {})",
                    order.id.unwrap_or_default(),
                    order.date_updated.as_deref().unwrap_or("?")
                ));
            }
            Err(e) => {
                if verdict == Verdict::Confirmed {
                    verdict = Verdict::Unknown;
                }
                report.failed(
                    ItemKind::Assumption,
                    Assumption::SmartWebOrderFilters.name(),
                    format!("could not call {name}: {e}"),
                );
                evidence.push(format!("{name} failed: {e}"));
            }
        }
    }
    findings.set(
        Assumption::SmartWebOrderFilters,
        verdict,
        bounded(evidence.join("; ")),
    );
}

/// How many orders a window holds, for evidence: counted up to one page, so a busy shop
/// costs one call (`"100 or more"`).
async fn count<T>(
    stream: impl Stream<Item = Result<T, smartweb_client::Error>>,
) -> Result<String, String> {
    const ENOUGH: usize = smartweb_client::api::DEFAULT_ORDER_PAGE_SIZE as usize;
    let mut stream = std::pin::pin!(stream.take(ENOUGH));
    let mut n = 0;
    while let Some(item) = stream.next().await {
        item.map_err(bounded)?;
        n += 1;
    }
    Ok(if n == ENOUGH {
        format!("{n} or more")
    } else {
        n.to_string()
    })
}
