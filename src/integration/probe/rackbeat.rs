//! The read-only Rackbeat checks: what the account's own data shows.
//!
//! - The newest orders, and for each the link this program recorded when it created it (the
//!   reference it sent): kept `other_reference`, findable by `search`, kept `heading`, and the
//!   totals the server computed from its own lines under each reading of `line_price`.
//! - The product groups' VAT fields and the zones customers and orders use.
//! - Available stock per location of one item.
//! - Whether customers carry `customer_group_id` at all.

use rackbeat_client::SortDirection;
use rackbeat_client::model::Order;
use rust_decimal::Decimal;
use serde_json::Value;
use sync_core::facts::{
    Assumption, PricedLine, Totals, Verdict, matching_readings, net_per_unit_verdict,
};
use sync_core::reference::ReferenceFormat;

use super::Findings;
use crate::integration::stock::AvailableSource;
use crate::integration::{Integration, bounded, note_credentials};
use crate::report::{ItemKind, JobReport};
use crate::state::OrderLink;
use sync_core::vat_zones;

/// How many of the newest orders are read.
const ORDER_SAMPLE: u32 = 50;
/// How many of them are read one by one when the list leaves their lines out.
const ORDERS_READ_WHOLE: usize = 5;

/// One sampled order and the link this program recorded for it, if it created it.
struct Sampled {
    order: Order,
    link: Option<OrderLink>,
}

pub(super) async fn check(
    integration: &Integration,
    test_item: Option<&str>,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    match sample_orders(integration, report).await {
        Ok(sample) => {
            let known = reference_kept(&sample, findings);
            reference_searchable(integration, known, findings, report).await;
            heading_kept(integration, &sample, findings);
            line_price(&sample, findings);
        }
        Err(reason) => {
            for a in [
                Assumption::ReferenceKept,
                Assumption::ReferenceSearchable,
                Assumption::HeadingKept,
                Assumption::LinePriceNetPerUnit,
            ] {
                findings.settle(a, Verdict::Unknown, reason.clone());
            }
        }
    }
    vat_zones(integration, findings, report).await;
    available_stock(integration, test_item, findings, report).await;
    webhook_keying(findings);
    customer_group_field(integration, findings, report).await;
}

fn failed(report: &mut JobReport, assumption: Assumption, what: &str, e: &rackbeat_client::Error) {
    note_credentials(report, e);
    report.failed(
        ItemKind::Assumption,
        assumption.name(),
        bounded(format!("could not {what}: {}", crate::error_chain(&e))),
    );
}

async fn sample_orders(
    integration: &Integration,
    report: &mut JobReport,
) -> Result<Vec<Sampled>, String> {
    let rb = integration.rackbeat();
    let newest = rb
        .orders()
        .list()
        .order_by("number", SortDirection::Descending)
        .limit(ORDER_SAMPLE)
        .send()
        .await;
    let page = match newest {
        Err(e) if matches!(e.status(), Some(400 | 422)) => {
            rb.orders().list().limit(ORDER_SAMPLE).send().await
        }
        other => other,
    };
    let mut orders = match page {
        Ok(page) => page.items,
        Err(e) => {
            failed(report, Assumption::ReferenceKept, "read the orders", &e);
            return Err(bounded(format!(
                "the orders could not be read: {}",
                crate::error_chain(&e)
            )));
        }
    };
    // A list may leave the lines out: a few orders are read whole for the totals check.
    for order in orders
        .iter_mut()
        .filter(|o| o.lines.is_empty())
        .take(ORDERS_READ_WHOLE)
    {
        if let Ok(Some(whole)) = rb.orders().find(order.number).await {
            *order = whole;
        }
    }
    let mut sample = Vec::with_capacity(orders.len());
    for order in orders {
        let link = integration
            .store()
            .link_by_rackbeat_number(order.number)
            .await
            .ok()
            .flatten();
        sample.push(Sampled { order, link });
    }
    Ok(sample)
}

fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// `other_reference`: a linked order must carry the reference this program sent; else any
/// order carrying one shows the field is kept. Returns an (order, reference) to search for.
fn reference_kept(sample: &[Sampled], findings: &mut Findings) -> Option<(u64, String)> {
    let linked = sample
        .iter()
        .filter_map(|s| s.link.as_ref().map(|l| (s, l)));
    let mut confirmed = None;
    for (s, link) in linked {
        let seen = s.order.other_reference.as_deref();
        if seen == Some(link.reference.as_str()) {
            confirmed.get_or_insert((s.order.number, link.reference.clone()));
        } else {
            findings.settle(
                Assumption::ReferenceKept,
                Verdict::Refuted,
                format!(
                    "order {} was created by this program with other_reference {:?} (SmartWeb order {}) and reads back other_reference = {}",
                    s.order.number,
                    link.reference,
                    link.order_id,
                    seen.map_or_else(|| "nothing".to_owned(), |v| format!("{v:?}"))
                ),
            );
            return None;
        }
    }
    if let Some((number, reference)) = confirmed {
        findings.settle(
            Assumption::ReferenceKept,
            Verdict::Confirmed,
            format!(
                "order {number}, created by this program, reads back other_reference = {reference:?}"
            ),
        );
        return Some((number, reference));
    }
    let carried = sample
        .iter()
        .find_map(|s| present(s.order.other_reference.as_deref()).map(|r| (s.order.number, r)));
    match carried {
        Some((number, reference)) => {
            findings.settle(
                Assumption::ReferenceKept,
                Verdict::Confirmed,
                format!("order {number} carries other_reference = {reference:?}"),
            );
            Some((number, reference.to_owned()))
        }
        None => {
            findings.settle(
                Assumption::ReferenceKept,
                Verdict::Unknown,
                no_evidence(sample.len(), "carries an other_reference"),
            );
            None
        }
    }
}

fn no_evidence(read: usize, what: &str) -> String {
    if read == 0 {
        "the account has no orders yet; `sync probe --write` settles it with a draft order"
            .to_owned()
    } else {
        format!(
            "none of the {read} newest orders {what}; `sync probe --write` settles it with a draft order"
        )
    }
}

async fn reference_searchable(
    integration: &Integration,
    known: Option<(u64, String)>,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    if findings.verdict(Assumption::ReferenceKept) == Verdict::Refuted {
        findings.settle(
            Assumption::ReferenceSearchable,
            Verdict::Refuted,
            "other_reference is not kept, so `search` cannot find an order by it".to_owned(),
        );
        return;
    }
    let Some((number, reference)) = known else {
        findings.settle(
            Assumption::ReferenceSearchable,
            Verdict::Unknown,
            "no order carrying an other_reference to search for; `sync probe --write` settles it"
                .to_owned(),
        );
        return;
    };
    let (verdict, evidence) = search_finds(integration, number, &reference, report).await;
    findings.settle(Assumption::ReferenceSearchable, verdict, evidence);
}

/// Whether `GET /orders?search=<reference>` lists order `number` (first page of hits).
pub(super) async fn search_finds(
    integration: &Integration,
    number: u64,
    reference: &str,
    report: &mut JobReport,
) -> (Verdict, String) {
    let rb = integration.rackbeat();
    match rb
        .orders()
        .list()
        .search(reference)
        .limit(rb.page_size())
        .send()
        .await
    {
        Ok(page) if page.items.iter().any(|o| o.number == number) => (
            Verdict::Confirmed,
            format!("search={reference:?} lists order {number}"),
        ),
        Ok(page) => (
            Verdict::Refuted,
            format!(
                "search={reference:?} does not list order {number} ({} hit(s))",
                page.items.len()
            ),
        ),
        Err(e) if matches!(e.status(), Some(400 | 422)) => (
            Verdict::Refuted,
            bounded(format!(
                "the server refuses search={reference:?}: {}",
                crate::error_chain(&e)
            )),
        ),
        Err(e) => {
            failed(
                report,
                Assumption::ReferenceSearchable,
                "search the orders",
                &e,
            );
            (
                Verdict::Unknown,
                bounded(format!(
                    "the search could not be made: {}",
                    crate::error_chain(&e)
                )),
            )
        }
    }
}

/// `heading`: a linked order's heading must be what this program sends (the heading format,
/// or one carrying the reference); else any order with a heading shows the field is kept.
fn heading_kept(integration: &Integration, sample: &[Sampled], findings: &mut Findings) {
    let format = ReferenceFormat::new(&integration.settings().heading_format);
    for s in sample {
        let Some(link) = &s.link else { continue };
        let heading = present(s.order.heading.as_deref());
        let expected = link
            .order_id
            .parse::<u64>()
            .ok()
            .zip(format.as_ref())
            .map(|(id, f)| f.render(id));
        match heading {
            None => {
                findings.settle(
                    Assumption::HeadingKept,
                    Verdict::Refuted,
                    format!(
                        "order {}, created by this program, reads back no heading",
                        s.order.number
                    ),
                );
                return;
            }
            Some(h) if Some(h) == expected.as_deref() || h.contains(&link.reference) => {
                findings.settle(
                    Assumption::HeadingKept,
                    Verdict::Confirmed,
                    format!(
                        "order {}, created by this program, reads back heading = {h:?}",
                        s.order.number
                    ),
                );
                return;
            }
            Some(_) => {}
        }
    }
    let carried = sample
        .iter()
        .find_map(|s| present(s.order.heading.as_deref()).map(|h| (s.order.number, h)));
    match carried {
        Some((number, heading)) => findings.settle(
            Assumption::HeadingKept,
            Verdict::Confirmed,
            format!("order {number} carries heading = {heading:?}"),
        ),
        None => findings.settle(
            Assumption::HeadingKept,
            Verdict::Unknown,
            no_evidence(sample.len(), "carries a heading"),
        ),
    }
}

/// The price fields and totals of an order as the server stored them; `None` when a figure
/// is missing.
pub(super) fn priced(order: &Order) -> Option<(Vec<PricedLine>, Totals)> {
    let totals = Totals {
        net: order.total_subtotal?,
        gross: order.total_total?,
    };
    if order.lines.is_empty() {
        return None;
    }
    let lines = order
        .lines
        .iter()
        .map(|l| {
            Some(PricedLine {
                quantity: l.quantity?,
                line_price: l.line_price?,
                discount_percentage: l.discount_percentage.unwrap_or_default(),
                vat_percentage: l.vat_percentage.unwrap_or_default(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((lines, totals))
}

/// The rounding a server may do differently from us (per line or on the total): a cent per
/// line.
pub(super) fn tolerance(lines: usize) -> Decimal {
    Decimal::new(1, 2) * Decimal::from(lines.max(1))
}

/// Evidence for one order's totals against the readings of `line_price`.
pub(super) fn totals_evidence(number: u64, lines: &[PricedLine], server: Totals) -> String {
    let ours =
        sync_core::facts::totals_under(lines, sync_core::facts::LinePriceReading::NetPerUnit);
    let matching = matching_readings(lines, server, tolerance(lines.len()));
    let matches = if matching.is_empty() {
        "no reading of line_price matches".to_owned()
    } else {
        format!(
            "matches {}",
            matching
                .iter()
                .map(|r| r.describe())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "order {number}: server total_subtotal {:.2} / total_total {:.2}; line_price read as net per unit gives {:.2} / {:.2}; {matches}",
        server.net, server.gross, ours.net, ours.gross
    )
}

/// `line_price`: the server's own totals, recomputed from its own lines.
fn line_price(sample: &[Sampled], findings: &mut Findings) {
    let mut confirmed = None;
    for s in sample {
        let Some((lines, totals)) = priced(&s.order) else {
            continue;
        };
        let matching = matching_readings(&lines, totals, tolerance(lines.len()));
        match net_per_unit_verdict(&matching) {
            Verdict::Refuted => {
                findings.settle(
                    Assumption::LinePriceNetPerUnit,
                    Verdict::Refuted,
                    totals_evidence(s.order.number, &lines, totals),
                );
                return;
            }
            Verdict::Confirmed => {
                confirmed.get_or_insert_with(|| totals_evidence(s.order.number, &lines, totals));
            }
            Verdict::Unknown => {}
        }
    }
    match confirmed {
        Some(evidence) => findings.settle(Assumption::LinePriceNetPerUnit, Verdict::Confirmed, evidence),
        None => findings.settle(
            Assumption::LinePriceNetPerUnit,
            Verdict::Unknown,
            no_evidence(
                sample.len(),
                "has lines and totals that tell the readings of line_price apart (VAT above 0, more than one unit)",
            ),
        ),
    }
}

async fn vat_zones(integration: &Integration, findings: &mut Findings, report: &mut JobReport) {
    let zones = match integration.account_vat_zones().await {
        Ok(z) => z,
        Err(e) => {
            failed(report, Assumption::VatZones, "read the VAT zones", &e);
            findings.settle(
                Assumption::VatZones,
                Verdict::Unknown,
                bounded(format!(
                    "the product groups could not be read: {}",
                    crate::error_chain(&e)
                )),
            );
            return;
        }
    };
    let (verdict, evidence) = vat_zones::zones_finding(integration.settings(), &zones);
    findings.settle(Assumption::VatZones, verdict, evidence);
}

/// Available stock per location: `GET /items/{n}/locations/available`, else an available
/// figure on `GET /products/{n}/locations`.
async fn available_stock(
    integration: &Integration,
    test_item: Option<&str>,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let rb = integration.rackbeat();
    let product = match test_item {
        Some(item) => rb.products().find(item).await,
        None => rb
            .products()
            .list()
            .limit(1)
            .send()
            .await
            .map(|p| p.items.into_iter().next()),
    };
    let product = match product {
        Ok(Some(p)) => p,
        Ok(None) => {
            findings.settle(
                Assumption::AvailableStockPerLocation,
                Verdict::Unknown,
                match test_item {
                    Some(item) => format!("Rackbeat has no item {item:?} (setting probe_item)"),
                    None => "the account has no products yet".to_owned(),
                },
            );
            return;
        }
        Err(e) => {
            failed(
                report,
                Assumption::AvailableStockPerLocation,
                "read a product",
                &e,
            );
            findings.settle(
                Assumption::AvailableStockPerLocation,
                Verdict::Unknown,
                bounded(format!(
                    "no product could be read: {}",
                    crate::error_chain(&e)
                )),
            );
            return;
        }
    };
    let item = product.path_key().to_owned();
    let total = match product.available_quantity {
        Some(q) => format!("its total available_quantity is {q}"),
        None => "it carries no total available_quantity".to_owned(),
    };
    let (verdict, evidence) = match integration.available_by_location(&item, true).await {
        Ok(source) if source.rows().is_empty() => (
            Verdict::Unknown,
            format!(
                "item {item} has stock at no location, so no available figure shows; {total} (set probe_item to a stocked item)"
            ),
        ),
        Ok(source) => source_verdict(&source, &item, &total),
        Err(e) => {
            failed(
                report,
                Assumption::AvailableStockPerLocation,
                "read stock per location",
                &e,
            );
            (
                Verdict::Unknown,
                bounded(format!(
                    "stock per location of {item} could not be read: {}",
                    crate::error_chain(&e)
                )),
            )
        }
    };
    findings.settle(Assumption::AvailableStockPerLocation, verdict, evidence);
}

/// The verdict an item's stock per location gives.
fn source_verdict(source: &AvailableSource, item: &str, total: &str) -> (Verdict, String) {
    let endpoint = match source {
        AvailableSource::Items(_) => format!("items/{item}/locations/available"),
        AvailableSource::ProductLocations(_) => {
            format!("items/{item}/locations/available answered 404; products/{item}/locations")
        }
    };
    let rows = source.rows();
    match rows.iter().find_map(|(l, q)| q.map(|q| (l, q))) {
        Some((location, q)) => (
            Verdict::Confirmed,
            format!("{endpoint}: location {location} available_quantity {q}; {total}"),
        ),
        None => (
            Verdict::Refuted,
            format!(
                "{endpoint}: {} location row(s), none with available_quantity (on hand only); {total}",
                rows.len()
            ),
        ),
    }
}

/// Deliveries are not visible to a probe: the webhook receiver records the keying of the
/// first delivery; until then it is unknown (both keyings are accepted).
fn webhook_keying(findings: &mut Findings) {
    findings.settle(
        Assumption::WebhookKeyedByNumber,
        Verdict::Unknown,
        "not visible to a probe: learned from the first Rackbeat delivery (deliveries keyed by number and by id are both accepted)".to_owned(),
    );
}

/// `customer_group_id`: whether customers carry the field at all (read as sent).
async fn customer_group_field(
    integration: &Integration,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let rb = integration.rackbeat();
    let limit = rb.page_size().to_string();
    let page = match rb
        .get_json(&["customers"], &[("limit", limit.as_str())])
        .await
    {
        Ok(p) => p,
        Err(e) => {
            failed(
                report,
                Assumption::CustomerGroupField,
                "read the customers",
                &e,
            );
            findings.settle(
                Assumption::CustomerGroupField,
                Verdict::Unknown,
                bounded(format!(
                    "the customers could not be read: {}",
                    crate::error_chain(&e)
                )),
            );
            return;
        }
    };
    let customers: &[Value] = page
        .get("customers")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let carrying = customers
        .iter()
        .find(|c| c.get("customer_group_id").is_some());
    let (verdict, evidence) = match (carrying, customers.len()) {
        (Some(c), _) => (
            Verdict::Confirmed,
            format!(
                "customer {} carries customer_group_id = {}",
                c.get("number").map_or_else(String::new, Value::to_string),
                c.get("customer_group_id").map_or_else(String::new, Value::to_string)
            ),
        ),
        (None, 0) => (
            Verdict::Unknown,
            "the account has no customers yet; `sync probe --write` settles it with a probe customer".to_owned(),
        ),
        (None, n) => (
            Verdict::Refuted,
            format!("none of the {n} customers read carries a customer_group_id field"),
        ),
    };
    findings.settle(Assumption::CustomerGroupField, verdict, evidence);
}
