//! The write round trip (`sync probe --write`): a probe customer and a draft order in
//! Rackbeat, read back, searched for, their totals compared with ours, then deleted and looked
//! for again.
//!
//! - The customer is created with `customer_group_id` (setting `customer_group`): kept →
//!   confirmed; a 422 naming the field → refuted, and the customer is created without it.
//! - The draft carries a unique `other_reference` and `heading` and one line of the probe
//!   item: two units at 100.00 with the item's VAT rate (at least the standard rate, so net
//!   and gross differ). The create answer and a fresh read show whether the reference and the
//!   heading are kept; `search=` whether the reference finds it; the server's totals, which
//!   reading of `line_price` the server uses.
//! - A lost create answer is recovered the way the engine recovers one: by reference, then by
//!   heading among the newest orders. An order that cannot be found is reported with what to
//!   look for, never left silently.

use rackbeat_client::SortDirection;
use rackbeat_client::model::{NewCustomer, NewOrder, NewOrderLine, Order, VatZone};
use rust_decimal::Decimal;
use sync_core::facts::{
    Assumption, LinePriceReading, PricedLine, Verdict, matching_readings, net_per_unit_verdict,
    totals_under,
};

use super::Findings;
use super::rackbeat::{priced, search_finds, tolerance, totals_evidence};
use crate::integration::{Integration, bounded, fail};
use crate::report::{ItemKind, JobReport};

/// The unit price of the probe line.
const PROBE_PRICE: Decimal = Decimal::ONE_HUNDRED;
/// Units on the probe line: more than one, so per unit and per line differ.
const PROBE_QUANTITY: i64 = 2;

pub(super) async fn run(
    integration: &Integration,
    item: &str,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let rb = integration.rackbeat();
    let settings = integration.settings();
    let product = match rb.products().find(item).await {
        Ok(Some(p)) => p,
        Ok(None) => {
            report.failed(
                ItemKind::Setting,
                "probe_item",
                format!("Rackbeat has no item {item:?}: set probe_item to an existing item number"),
            );
            return;
        }
        Err(e) => {
            fail(
                report,
                ItemKind::Setting,
                "probe_item",
                &format!("could not read item {item}"),
                &e,
            );
            return;
        }
    };
    let zone = VatZone::from(settings.vat_zone.clone());
    let vat = integration
        .product_vat(&product, &zone)
        .await
        .filter(|v| *v > Decimal::ZERO)
        .unwrap_or(settings.standard_vat_percent);

    let stamp = findings.at.format("%Y%m%d%H%M%S").to_string();
    let Some(customer) = create_customer(integration, &stamp, findings, report).await else {
        return;
    };

    let reference = format!("PROBE-{stamp}");
    let heading = format!("smartweb-rackbeat probe {stamp} (deleted again)");
    let sent = NewOrderLine {
        item_id: product.number.clone(),
        quantity: Decimal::from(PROBE_QUANTITY),
        line_price: Some(PROBE_PRICE),
        vat_percentage: Some(vat),
        location_id: settings.location.map(u64::from),
        ..Default::default()
    };
    let draft = NewOrder {
        customer_id: customer,
        layout_id: settings.layout.map(u64::from),
        payment_terms_id: settings.payment_terms.map(u64::from),
        our_reference_id: settings.employee.map(u64::from),
        other_reference: Some(reference.clone()),
        heading: Some(heading.clone()),
        vat_zone: Some(zone),
        lines: vec![sent],
        ..Default::default()
    };
    let created = rb.orders().create_draft(&draft).await;
    let echoed = created.as_ref().ok().map(|o| o.other_reference.clone());
    let number = match created {
        Ok(order) => order.number,
        Err(e) => match recover(integration, &reference, &heading).await {
            Some(number) => {
                report.warn(bounded(format!(
                    "the probe's create answer was lost ({e}); its order was found again as number {number}"
                )));
                number
            }
            None => {
                fail(
                    report,
                    ItemKind::Order,
                    &reference,
                    &format!(
                        "the probe's draft order was not confirmed and cannot be found by other_reference {reference:?} or heading {heading:?}; if it appears in Rackbeat, delete it (and probe customer {customer})"
                    ),
                    &e,
                );
                return;
            }
        },
    };

    match rb.orders().find(number).await {
        Ok(Some(order)) => {
            observe(
                integration,
                &order,
                &reference,
                &heading,
                echoed,
                vat,
                findings,
                report,
            )
            .await;
        }
        Ok(None) => report.failed(
            ItemKind::Order,
            number.to_string(),
            "the probe's draft order cannot be read back (404)",
        ),
        Err(e) => fail(
            report,
            ItemKind::Order,
            number.to_string(),
            "reading the probe's draft order back failed",
            &e,
        ),
    }

    remove_order(integration, number, report).await;
    remove_customer(integration, customer, report).await;
}

/// Creates the probe customer (with `customer_group_id` when the setting names a group) and
/// returns its number.
async fn create_customer(
    integration: &Integration,
    stamp: &str,
    findings: &mut Findings,
    report: &mut JobReport,
) -> Option<u64> {
    let rb = integration.rackbeat();
    let settings = integration.settings();
    let group = settings.customer_group.map(u64::from);
    let mut customer = NewCustomer {
        name: Some(format!("smartweb-rackbeat probe {stamp} (deleted again)")),
        payment_terms_id: settings.payment_terms.map(u64::from),
        layout_id: settings.layout.map(u64::from),
        vat_zone: Some(VatZone::from(settings.vat_zone.clone())),
        customer_group_id: group,
        ..Default::default()
    };
    let created = match rb.customers().create(&customer).await {
        Err(rackbeat_client::Error::Validation { fields, .. })
            if group.is_some() && fields.keys().any(|k| k.contains("customer_group")) =>
        {
            let said = fields
                .iter()
                .filter(|(k, _)| k.contains("customer_group"))
                .map(|(k, m)| format!("{k}: {}", m.join(" ")))
                .collect::<Vec<_>>()
                .join("; ");
            findings.set(
                Assumption::CustomerGroupField,
                Verdict::Refuted,
                format!(
                    "creating a customer with customer_group_id = {} was refused: {said}",
                    group.unwrap_or_default()
                ),
            );
            customer.customer_group_id = None;
            rb.customers().create(&customer).await
        }
        other => other,
    };
    let created = match created {
        Ok(c) => c,
        Err(e) => {
            fail(
                report,
                ItemKind::Customer,
                "probe",
                "creating the probe customer failed",
                &e,
            );
            return None;
        }
    };
    if let Some(group) = group
        && findings.verdict(Assumption::CustomerGroupField) != Verdict::Refuted
    {
        let read = rb
            .get_json(&["customers", &created.number.to_string()], &[])
            .await
            .ok()
            .and_then(|v| {
                v.get("customer")
                    .and_then(|c| c.get("customer_group_id"))
                    .cloned()
            });
        let kept = read.as_ref().and_then(serde_json::Value::as_u64) == Some(group);
        let seen = read.map_or_else(|| "nothing".to_owned(), |v| v.to_string());
        findings.set(
            Assumption::CustomerGroupField,
            if kept { Verdict::Confirmed } else { Verdict::Refuted },
            format!(
                "probe customer {} was created with customer_group_id = {group} and reads back customer_group_id = {seen}",
                created.number
            ),
        );
    }
    report.created(
        ItemKind::Customer,
        created.number.to_string(),
        "probe customer (deleted again below)",
    );
    Some(created.number)
}

/// Finds a draft whose create answer was lost: by reference, then by heading among the
/// newest orders.
async fn recover(integration: &Integration, reference: &str, heading: &str) -> Option<u64> {
    let rb = integration.rackbeat();
    if let Ok(Some(order)) = rb.orders().find_by_reference(reference).await {
        return Some(order.number);
    }
    let newest = rb
        .orders()
        .list()
        .order_by("number", SortDirection::Descending)
        .limit(rb.page_size())
        .send()
        .await
        .ok()?;
    newest
        .items
        .into_iter()
        .find(|o| o.heading.as_deref() == Some(heading))
        .map(|o| o.number)
}

/// What the draft shows: reference and heading kept, reference searchable, the totals'
/// reading of `line_price`.
#[allow(clippy::too_many_arguments)]
async fn observe(
    integration: &Integration,
    order: &Order,
    reference: &str,
    heading: &str,
    echoed: Option<Option<String>>,
    vat: Decimal,
    findings: &mut Findings,
    report: &mut JobReport,
) {
    let number = order.number;
    let answer = match &echoed {
        Some(Some(r)) => format!("the create answer echoed {r:?}"),
        Some(None) => "the create answer carried no other_reference".to_owned(),
        None => "the create answer was lost".to_owned(),
    };
    let read = order.other_reference.as_deref();
    let kept = read == Some(reference);
    findings.set(
        Assumption::ReferenceKept,
        if kept {
            Verdict::Confirmed
        } else {
            Verdict::Refuted
        },
        format!(
            "draft {number} was sent other_reference {reference:?}; {answer}; read back: {}",
            read.map_or_else(|| "nothing".to_owned(), |r| format!("{r:?}"))
        ),
    );
    let (verdict, evidence) = if kept {
        search_finds(integration, number, reference, report).await
    } else {
        (
            Verdict::Refuted,
            format!(
                "draft {number} did not keep other_reference, so `search` cannot find it by it"
            ),
        )
    };
    findings.set(Assumption::ReferenceSearchable, verdict, evidence);
    let head = order.heading.as_deref();
    findings.set(
        Assumption::HeadingKept,
        if head == Some(heading) {
            Verdict::Confirmed
        } else {
            Verdict::Refuted
        },
        format!(
            "draft {number} was sent heading {heading:?}; read back: {}",
            head.map_or_else(|| "nothing".to_owned(), |h| format!("{h:?}"))
        ),
    );

    let sent = [PricedLine {
        quantity: Decimal::from(PROBE_QUANTITY),
        line_price: PROBE_PRICE,
        discount_percentage: Decimal::ZERO,
        vat_percentage: vat,
    }];
    match priced(order) {
        Some((lines, totals)) => {
            let matching = matching_readings(&lines, totals, tolerance(lines.len()));
            let ours = totals_under(&sent, LinePriceReading::NetPerUnit);
            let mut evidence = format!(
                "draft {number}: {} × {PROBE_PRICE} at {vat} % sent, ours {ours}; {}",
                PROBE_QUANTITY,
                totals_evidence(number, &lines, totals)
            );
            if lines != sent {
                evidence.push_str("; the server changed the line as sent");
            }
            findings.set(
                Assumption::LinePriceNetPerUnit,
                net_per_unit_verdict(&matching),
                evidence,
            );
        }
        None => findings.set(
            Assumption::LinePriceNetPerUnit,
            Verdict::Unknown,
            format!("draft {number} reads back without totals or line prices"),
        ),
    }
}

async fn remove_order(integration: &Integration, number: u64, report: &mut JobReport) {
    let orders = integration.rackbeat().orders();
    if let Err(e) = orders.delete(number).await {
        fail(
            report,
            ItemKind::Order,
            number.to_string(),
            "deleting the probe's draft order failed: delete it in Rackbeat",
            &e,
        );
        return;
    }
    match orders.find(number).await {
        Ok(None) => report.created(
            ItemKind::Order,
            number.to_string(),
            "probe draft order, deleted again (a second look confirms it is gone)",
        ),
        Ok(Some(_)) => report.failed(
            ItemKind::Order,
            number.to_string(),
            "the probe's draft order is still there after its deletion: delete it in Rackbeat",
        ),
        Err(e) => fail(
            report,
            ItemKind::Order,
            number.to_string(),
            "could not confirm the probe's draft order is gone",
            &e,
        ),
    }
}

async fn remove_customer(integration: &Integration, number: u64, report: &mut JobReport) {
    let customers = integration.rackbeat().customers();
    if let Err(e) = customers.delete(number).await {
        fail(
            report,
            ItemKind::Customer,
            number.to_string(),
            "deleting the probe customer failed: delete it in Rackbeat",
            &e,
        );
        return;
    }
    match customers.find(number).await {
        Ok(None) => {}
        Ok(Some(_)) => report.failed(
            ItemKind::Customer,
            number.to_string(),
            "the probe customer is still there after its deletion: delete it in Rackbeat",
        ),
        Err(e) => fail(
            report,
            ItemKind::Customer,
            number.to_string(),
            "could not confirm the probe customer is gone",
            &e,
        ),
    }
}
