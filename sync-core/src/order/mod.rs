//! Order mapping: a SmartWeb order ([`ShopOrder`]) becomes an [`OrderPlan`] (customer to find
//! or create, the Rackbeat draft order, whether to book, warnings) or a [`MappingError`]
//! listing every reason it cannot.
//!
//! Steps, each owning its rules in its own file:
//! 1. Skip decisions (here): `transfer_orders` off → skip; a **credit note** (a non-empty
//!    `Origin`: the parent order SmartWeb credits) is skipped when `credit_notes` is off and
//!    imported only at a status in `credit_note_statuses`; other orders only at a status in
//!    `imported_statuses`. An order without `Origin` is never a credit note, whatever its
//!    signs: a negative quantity or total on it is a mapping problem (retried and reported),
//!    not a silent skip.
//! 2. VAT zone and line VAT source (`vat.rs`).
//! 3. Customer and addresses (`customer.rs`).
//! 4. Product lines (`lines.rs`), then discount codes, shipping and fee (`charges.rs`;
//!    without `discount_product`, codes are spread over the product lines' prices,
//!    `spread.rs`).
//! 5. Credit notes fold into `credit_note_product` lines (`totals.rs`).
//! 6. Totals reconciliation (`totals.rs`).
//! 7. Order fields (here): `layout`, `employee`, `payment_terms`, the VAT zone, currency ISO,
//!    `other_reference` per `reference_format`, `heading` per `heading_format`, and
//!    `order_date` = the date part of `DateDelivered` (the creation time in shop-local time;
//!    `today` from the context when missing).
//! 8. Text (`text.rs`): free texts lose control characters and are cut to
//!    [`TEXT_LIMIT`] characters (with a warning); identifiers that would need that are
//!    mapping problems.
//! 9. Booking: `order_state = booked` and no warning that [blocks
//!    booking](Warning::blocks_booking).
//!
//! Amounts are taken as they are in the order's currency; the currency's `Round` setting is
//! not applied (Rackbeat computes its own totals).

mod charges;
mod customer;
mod lines;
mod plan;
mod problem;
mod spread;
mod text;
mod totals;
mod vat;

use rust_decimal::Decimal;

use crate::context::MappingContext;
use crate::reference::ReferenceFormat;
use crate::settings::OrderState;
use crate::shop::ShopOrder;

pub use customer::{index_keys, normalise_cvr};
pub use plan::{
    Address, CustomerKey, CustomerPlan, DraftLine, DraftOrder, LineKind, NewCustomer, OrderKind,
    OrderPlan, RbCustomerView, SkipReason, TotalBasis, TotalsCheck, TransferPlan,
};
pub use problem::{LinePos, MappingError, MappingProblem, Warning};
pub use text::{IdentifierFault, TEXT_LIMIT};

/// Whether a SmartWeb order is a credit note: a non-empty `Origin` (the parent order's id;
/// SmartWeb sets it on every credit note and on nothing else).
#[must_use]
pub fn is_credit_note(order: &ShopOrder) -> bool {
    !order.origin.trim().is_empty()
}

fn status_in(status: &str, list: &[String]) -> bool {
    list.iter().any(|s| s.trim() == status.trim())
}

fn skip_reason(order: &ShopOrder, ctx: &MappingContext<'_>) -> Option<SkipReason> {
    let settings = ctx.settings;
    if !settings.transfer_orders {
        return Some(SkipReason::TransferDisabled);
    }
    let credit = is_credit_note(order);
    if credit && !settings.credit_notes {
        return Some(SkipReason::CreditNotesDisabled {
            origin: order.origin.trim().to_owned(),
        });
    }
    let status = order.status.as_deref()?;
    let list = if credit {
        &settings.credit_note_statuses
    } else {
        &settings.imported_statuses
    };
    (!status_in(status, list)).then(|| SkipReason::StatusNotImported {
        status: status.trim().to_owned(),
    })
}

/// Maps one SmartWeb order to a plan for Rackbeat.
///
/// Never panics, whatever the input: missing fields and out-of-range amounts become
/// [`MappingProblem`]s.
///
/// # Errors
/// A [`MappingError`] listing every problem found (missing item numbers, unknown VAT rates,
/// missing customer name and e-mail, missing settings, …).
pub fn map_order(order: &ShopOrder, ctx: &MappingContext<'_>) -> Result<OrderPlan, MappingError> {
    if let Some(reason) = skip_reason(order, ctx) {
        return Ok(OrderPlan::Skip(reason));
    }
    let settings = ctx.settings;
    let credit = is_credit_note(order);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if order.id.is_none() {
        problems.push(MappingProblem::MissingOrderId);
    }
    if order.status.is_none() {
        problems.push(MappingProblem::MissingStatus);
    }
    if let Some(total) = order.total.filter(|t| !credit && *t < Decimal::ZERO) {
        problems.push(MappingProblem::NegativeTotal(total));
    }
    let layout = settings.layout;
    let payment_terms = settings.payment_terms;
    let customer_group = settings.customer_group;
    for (name, value) in [
        ("layout", layout),
        ("payment_terms", payment_terms),
        ("customer_group", customer_group),
    ] {
        if value.is_none() {
            problems.push(MappingProblem::SettingMissing(name));
        }
    }
    let credit_product = settings.credit_note_product.as_deref();
    if credit && credit_product.is_none() {
        problems.push(MappingProblem::SettingMissing("credit_note_product"));
    }

    let customer = order.customer.as_ref();
    match customer {
        Some(c) => customer::check(c, &mut problems),
        None => problems.push(MappingProblem::MissingCustomer),
    }
    let vat = vat::decide(ctx, customer, &mut problems);

    let mut draft_lines = Vec::new();
    lines::map_product_lines(
        ctx,
        &vat,
        &order.lines,
        &mut lines::LineSink {
            lines: &mut draft_lines,
            problems: &mut problems,
            warnings: &mut warnings,
            credit_note: credit,
        },
    );
    charges::discount_codes(
        ctx,
        &vat,
        &order.discount_codes,
        credit,
        &mut draft_lines,
        &mut problems,
        &mut warnings,
    );
    if let Some(line) = charges::shipping_line(ctx, &vat, order.delivery.as_ref(), &mut problems) {
        draft_lines.push(line);
    }
    if let Some(line) = charges::fee_line(ctx, order.payment.as_ref(), &mut problems) {
        draft_lines.push(line);
    }
    if let Some(product) = credit_product.filter(|_| credit) {
        match totals::fold_credit_note(draft_lines, product, &order.origin) {
            Ok(folded) => draft_lines = folded,
            Err(_) => {
                problems.push(MappingProblem::AmountOutOfRange("credit note"));
                draft_lines = Vec::new();
            }
        }
    }
    let totals = totals::reconcile(
        ctx,
        order.total,
        order.vat.filter(|v| *v > Decimal::ZERO),
        credit,
        &mut draft_lines,
        &mut warnings,
        &mut problems,
    );

    let (Some(id), Some(layout_id), Some(payment_terms_id), Some(customer_group_id), Some(c)) =
        (order.id, layout, payment_terms, customer_group, customer)
    else {
        return Err(MappingError {
            order_id: order.id,
            problems,
        });
    };
    if !problems.is_empty() {
        return Err(MappingError {
            order_id: Some(id),
            problems,
        });
    }

    let order_date = match order.created_at {
        Some(at) => at.date(),
        None => {
            warnings.push(Warning::DateMissing);
            ctx.today
        }
    };
    let currency = order
        .currency
        .as_ref()
        .map(|c| c.iso.trim().to_uppercase())
        .filter(|iso| !iso.is_empty());
    if currency.is_none() {
        warnings.push(Warning::CurrencyMissing);
    }
    let render = |format: &str, fallback: &str| {
        ReferenceFormat::new(format)
            .or_else(|| ReferenceFormat::new(fallback))
            .map(|f| f.render(id))
            .unwrap_or_else(|| id.to_string())
    };
    // Cleaned before the delivery address may copy it and the new customer takes it, so a
    // cleaned billing field is reported once.
    let mut billing = customer::billing(c, vat.billing_iso.clone());
    text::clean_address("billing", &mut billing, &mut warnings);
    let mut delivery = customer::delivery(c, &billing, vat.country_iso.clone());
    text::clean_address("delivery", &mut delivery, &mut warnings);
    let mut new_customer = NewCustomer {
        name: customer::customer_name(c).unwrap_or_default(),
        is_company: customer::is_company(c),
        contact_email: Some(c.email.trim().to_owned()).filter(|e| !e.is_empty()),
        contact_phone: customer::phone(c),
        address: billing.clone(),
        company_vat: Some(c.cvr.trim().to_owned()).filter(|v| !v.is_empty()),
        ean: Some(c.ean.trim().to_owned()).filter(|v| !v.is_empty()),
        customer_group_id,
        payment_terms_id,
        vat_zone: vat.zone.clone(),
        currency: currency.clone(),
        locale: customer::locale(&order.language_iso),
    };
    let mut order_draft = DraftOrder {
        layout_id,
        employee_id: settings.employee,
        payment_terms_id,
        vat_zone: vat.zone,
        currency,
        currency_rate: order.currency.as_ref().and_then(|c| c.rate),
        other_reference: render(&settings.reference_format, "SW-{number}"),
        heading: render(&settings.heading_format, "SmartWeb order {number}"),
        order_date,
        billing,
        delivery,
        lines: draft_lines,
    };
    text::clean_plan(&mut order_draft, &mut new_customer, &mut warnings);
    let book =
        settings.order_state == OrderState::Booked && !warnings.iter().any(Warning::blocks_booking);
    Ok(OrderPlan::Transfer(Box::new(TransferPlan {
        smartweb_order_id: id,
        kind: if credit {
            OrderKind::CreditNote {
                origin: order.origin.trim().to_owned(),
            }
        } else {
            OrderKind::Order
        },
        customer: CustomerPlan {
            keys: customer::keys(c),
            create: new_customer,
        },
        order: order_draft,
        book,
        warnings,
        totals,
    })))
}

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;
