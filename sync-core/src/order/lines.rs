//! Product lines: SmartWeb `OrderLine` → Rackbeat order line.
//!
//! Rules:
//! - `item_id` is the line's `ItemNumber` (a bought variant carries its own item number).
//! - Bundles (`PacketLines` non-empty): with `bundles = bundle_line` the bundle line itself is
//!   transferred and its sub-lines ignored; with `components` the sub-lines are transferred
//!   (each with its own item number, quantity and price) instead of the bundle line.
//! - `quantity` is `Amount`; a 0 quantity line is left out with a warning. A negative
//!   quantity is a mapping problem unless the order is a credit note (only credit notes take
//!   goods back).
//! - `line_price` is `Price` (already net per unit). `Discount` is read per
//!   `line_discount`; an absolute discount becomes `discount_percentage` only when the
//!   percentage is exact to 4 decimals, otherwise it is folded into `line_price` (exact to 6
//!   decimals, Rackbeat's price precision) with `discount_percentage = 0`.
//! - VAT: the zone decision's fixed rate, else the product's VAT group, else
//!   `default_vat_percent`, else the line's own positive `VatRate`; else a mapping problem.

use rust_decimal::Decimal;

use crate::context::MappingContext;
use crate::money::{PRICE_DECIMALS, exact_percentage, line_net_total};
use crate::settings::{BundleMode, LineDiscountMode};
use crate::shop::ShopOrderLine;

use super::plan::{DraftLine, LineKind};
use super::problem::{LinePos, MappingProblem, Warning};
use super::vat::VatDecision;

const PCT_DECIMALS: u32 = 4;

/// Collects mapped product lines, problems and warnings.
pub(crate) struct LineSink<'a> {
    pub lines: &'a mut Vec<DraftLine>,
    pub problems: &'a mut Vec<MappingProblem>,
    pub warnings: &'a mut Vec<Warning>,
    /// The order is a credit note: its lines need no item numbers (they become credit-note
    /// lines) and may take goods back (negative quantities).
    pub credit_note: bool,
}

pub(crate) fn map_product_lines(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    order_lines: &[ShopOrderLine],
    sink: &mut LineSink<'_>,
) {
    if order_lines.is_empty() {
        sink.problems.push(MappingProblem::NoLines);
    }
    for (i, line) in order_lines.iter().enumerate() {
        let pos = LinePos {
            line: i + 1,
            sub: None,
        };
        let expand =
            ctx.settings.bundles == BundleMode::Components && !line.packet_lines.is_empty();
        if expand {
            sink.warnings.push(Warning::BundleHandled(pos));
            for (j, sub) in line.packet_lines.iter().enumerate() {
                let pos = LinePos {
                    line: i + 1,
                    sub: Some(j + 1),
                };
                map_one(ctx, vat, sub, pos, sink);
            }
        } else {
            if !line.packet_lines.is_empty() {
                sink.warnings.push(Warning::BundleHandled(pos));
            }
            map_one(ctx, vat, line, pos, sink);
        }
    }
}

fn line_name(line: &ShopOrderLine) -> String {
    let product = line.product_title.trim();
    let variant = line.variant_title.trim();
    match (product.is_empty(), variant.is_empty()) {
        (false, false) => format!("{product} - {variant}"),
        (false, true) => product.to_owned(),
        (true, false) => variant.to_owned(),
        (true, true) => line.item_number.trim().to_owned(),
    }
}

fn map_one(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    line: &ShopOrderLine,
    pos: LinePos,
    sink: &mut LineSink<'_>,
) {
    let settings = ctx.settings;
    let item = line.item_number.trim();
    let before = sink.problems.len();
    if !sink.credit_note {
        if item.is_empty() {
            sink.problems.push(MappingProblem::MissingItemNumber(pos));
        }
        super::text::check_identifier(format!("{pos} item number"), item, sink.problems);
    }
    if line.amount.is_none() {
        sink.problems.push(MappingProblem::MissingQuantity(pos));
    }
    if line.price.is_none() {
        sink.problems.push(MappingProblem::MissingPrice(pos));
    }
    let rate = line_rate(ctx, vat, line, pos, sink);
    let (Some(amount), Some(price), Some(rate)) = (line.amount, line.price, rate) else {
        return;
    };
    if sink.problems.len() > before {
        return;
    }
    if amount == 0 {
        sink.warnings.push(Warning::ZeroQuantityLine(pos));
        return;
    }
    if amount < 0 && !sink.credit_note {
        sink.problems.push(MappingProblem::NegativeQuantity {
            pos,
            quantity: amount,
        });
        return;
    }
    let quantity = Decimal::from(amount);
    let discount = line.discount.unwrap_or_default();
    let before = sink.problems.len();
    let Some((line_price, pct)) =
        discount_terms(settings.line_discount, quantity, price, discount, pos, sink)
    else {
        if sink.problems.len() == before {
            sink.problems
                .push(MappingProblem::AmountOutOfRange("product line discount"));
        }
        return;
    };
    let Ok(net_total) = line_net_total(quantity, line_price, pct, settings.rounding) else {
        sink.problems
            .push(MappingProblem::AmountOutOfRange("product line total"));
        return;
    };
    sink.lines.push(DraftLine {
        kind: LineKind::Product,
        item_id: item.to_owned(),
        name: line_name(line),
        quantity,
        line_price,
        discount_percentage: pct,
        vat_percentage: rate,
        location_id: settings.location,
        net_total,
    });
}

fn line_rate(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    line: &ShopOrderLine,
    pos: LinePos,
    sink: &mut LineSink<'_>,
) -> Option<Decimal> {
    if let Some(rate) = vat.fixed_rate {
        return Some(rate);
    }
    if vat.line_vat != crate::settings::LineVat::ProductGroup {
        // The fixed rate was missing; that problem is already reported once for the order.
        return None;
    }
    let product_id = line.product_id.filter(|id| *id != 0);
    if let Some(rate) = ctx.vat.rate(product_id, &line.item_number) {
        return Some(rate);
    }
    if let Some(rate) = ctx.settings.default_vat_percent {
        sink.warnings.push(Warning::DefaultVatUsed(pos));
        return Some(rate);
    }
    if let Some(rate) = line
        .vat_rate
        .filter(|r| *r > Decimal::ZERO && *r <= Decimal::ONE_HUNDRED)
    {
        sink.warnings.push(Warning::LineVatRateUsed(pos));
        return Some(rate);
    }
    sink.problems.push(MappingProblem::UnknownVatRate {
        pos,
        item_number: line.item_number.trim().to_owned(),
        product_id,
    });
    None
}

/// `(line_price, discount_percentage)` for a line, or `None` after recording a problem.
fn discount_terms(
    mode: LineDiscountMode,
    quantity: Decimal,
    price: Decimal,
    discount: Decimal,
    pos: LinePos,
    sink: &mut LineSink<'_>,
) -> Option<(Decimal, Decimal)> {
    if discount.is_zero() {
        return Some((price, Decimal::ZERO));
    }
    let invalid = |sink: &mut LineSink<'_>| {
        sink.problems
            .push(MappingProblem::InvalidDiscount { pos, discount });
        None
    };
    if discount.is_sign_negative() {
        return invalid(sink);
    }
    match mode {
        LineDiscountMode::Percent => {
            if discount > Decimal::ONE_HUNDRED {
                return invalid(sink);
            }
            Some((price, discount))
        }
        LineDiscountMode::PerUnitAmount => {
            if discount > price.abs() {
                return invalid(sink);
            }
            if let Some(pct) = exact_percentage(discount, price, PCT_DECIMALS) {
                return Some((price, pct));
            }
            sink.warnings.push(Warning::DiscountFolded(pos));
            Some((price.checked_sub(discount)?, Decimal::ZERO))
        }
        LineDiscountMode::LineAmount => {
            let whole = price.checked_mul(quantity)?;
            if discount > whole.abs() {
                return invalid(sink);
            }
            if let Some(pct) = exact_percentage(discount, whole, PCT_DECIMALS) {
                return Some((price, pct));
            }
            sink.warnings.push(Warning::DiscountFolded(pos));
            let per_unit = discount.checked_div(quantity)?.round_dp(PRICE_DECIMALS);
            Some((price.checked_sub(per_unit)?, Decimal::ZERO))
        }
    }
}
