//! Totals reconciliation and credit-note folding.
//!
//! Rules:
//! - SmartWeb's `Order.Total` is net and after discount; whether it includes shipping and the
//!   payment fee is unknown. It is compared with two planned readings: all lines
//!   ([`TotalBasis::WithShippingAndFee`]) and product + discount lines only
//!   ([`TotalBasis::GoodsOnly`]); the closer one counts (all lines on a tie).
//! - Within `totals_tolerance`: a non-zero gap gets a `rounding_line_product` line at 0 % VAT
//!   when that setting is set, else it is accepted with a warning.
//! - Beyond it (or with no `Total`): a blocking warning; the order stays a draft.
//! - When SmartWeb's `Vat` is positive, the planned VAT of the matched lines must be within
//!   tolerance of it too (API orders carry 0 there, so it is skipped then).
//! - Credit notes compare magnitudes with the sign forced negative.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::context::MappingContext;
use crate::money::{MoneyOverflow, vat_of_net};

use super::plan::{DraftLine, LineKind, TotalBasis, TotalsCheck};
use super::problem::{MappingProblem, Warning};

fn is_goods(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Product | LineKind::Discount | LineKind::CreditNote
    )
}

fn sum_net<'a>(lines: impl Iterator<Item = &'a DraftLine>) -> Result<Decimal, MoneyOverflow> {
    lines
        .map(|l| l.net_total)
        .try_fold(Decimal::ZERO, |a, n| a.checked_add(n))
        .ok_or(MoneyOverflow)
}

fn sum_vat<'a>(
    ctx: &MappingContext<'_>,
    mut lines: impl Iterator<Item = &'a DraftLine>,
) -> Result<Decimal, MoneyOverflow> {
    lines.try_fold(Decimal::ZERO, |a, l| {
        a.checked_add(vat_of_net(
            l.net_total,
            l.vat_percentage,
            ctx.settings.rounding,
        )?)
        .ok_or(MoneyOverflow)
    })
}

/// Folds product and discount lines of a credit note into one negative
/// `credit_note_product` line per VAT rate; shipping and fee lines are kept but forced
/// negative (a refund).
pub(crate) fn fold_credit_note(
    lines: Vec<DraftLine>,
    product: &str,
    origin: &str,
) -> Result<Vec<DraftLine>, MoneyOverflow> {
    let mut by_rate: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    let mut rest = Vec::new();
    for mut line in lines {
        if is_goods(line.kind) {
            let entry = by_rate.entry(line.vat_percentage.normalize()).or_default();
            *entry = entry.checked_add(line.net_total).ok_or(MoneyOverflow)?;
        } else {
            line.line_price = -line.line_price.abs();
            line.net_total = -line.net_total.abs();
            rest.push(line);
        }
    }
    let name = if origin.trim().is_empty() {
        "Credit note".to_owned()
    } else {
        format!("Credit note for order {}", origin.trim())
    };
    let mut out: Vec<DraftLine> = by_rate
        .into_iter()
        .filter(|(_, net)| !net.is_zero())
        .map(|(rate, net)| DraftLine {
            kind: LineKind::CreditNote,
            item_id: product.to_owned(),
            name: name.clone(),
            quantity: Decimal::ONE,
            line_price: -net.abs(),
            discount_percentage: Decimal::ZERO,
            vat_percentage: rate,
            location_id: None,
            net_total: -net.abs(),
        })
        .collect();
    out.extend(rest);
    Ok(out)
}

pub(crate) fn reconcile(
    ctx: &MappingContext<'_>,
    total: Option<Decimal>,
    vat: Option<Decimal>,
    credit: bool,
    lines: &mut Vec<DraftLine>,
    warnings: &mut Vec<Warning>,
    problems: &mut Vec<MappingProblem>,
) -> TotalsCheck {
    match try_reconcile(ctx, total, vat, credit, lines, warnings) {
        Ok(check) => check,
        Err(MoneyOverflow) => {
            problems.push(MappingProblem::AmountOutOfRange("order totals"));
            TotalsCheck {
                smartweb_net: total,
                planned_net: Decimal::ZERO,
                planned_vat: Decimal::ZERO,
                planned_gross: Decimal::ZERO,
                matched: None,
                difference: None,
            }
        }
    }
}

fn try_reconcile(
    ctx: &MappingContext<'_>,
    total: Option<Decimal>,
    vat: Option<Decimal>,
    credit: bool,
    lines: &mut Vec<DraftLine>,
    warnings: &mut Vec<Warning>,
) -> Result<TotalsCheck, MoneyOverflow> {
    let settings = ctx.settings;
    let expected = total.map(|t| if credit { -t.abs() } else { t });
    let all = sum_net(lines.iter())?;
    let goods = sum_net(lines.iter().filter(|l| is_goods(l.kind)))?;
    let mut matched = None;
    let mut difference = None;
    match expected {
        None => warnings.push(Warning::TotalMissing),
        Some(expected) => {
            let d_all = expected.checked_sub(all).ok_or(MoneyOverflow)?;
            let d_goods = expected.checked_sub(goods).ok_or(MoneyOverflow)?;
            let (basis, diff) = if d_goods.abs() < d_all.abs() {
                (TotalBasis::GoodsOnly, d_goods)
            } else {
                (TotalBasis::WithShippingAndFee, d_all)
            };
            difference = Some(diff);
            if diff.abs() <= settings.totals_tolerance {
                matched = Some(basis);
                if !diff.is_zero() {
                    match settings.rounding_line_product.as_deref() {
                        Some(product) => {
                            lines.push(DraftLine {
                                kind: LineKind::Rounding,
                                item_id: product.to_owned(),
                                name: "Rounding".to_owned(),
                                quantity: Decimal::ONE,
                                line_price: diff,
                                discount_percentage: Decimal::ZERO,
                                vat_percentage: Decimal::ZERO,
                                location_id: None,
                                net_total: diff,
                            });
                            warnings.push(Warning::RoundingLineAdded(diff));
                        }
                        None => warnings.push(Warning::RoundingGapAccepted(diff)),
                    }
                }
            } else {
                warnings.push(Warning::TotalsMismatch {
                    smartweb: expected,
                    planned_all: all,
                    planned_goods: goods,
                    tolerance: settings.totals_tolerance,
                });
            }
        }
    }
    if let (Some(basis), Some(sw_vat)) = (matched, vat.filter(|v| !v.is_zero())) {
        let planned = match basis {
            TotalBasis::WithShippingAndFee => sum_vat(ctx, lines.iter())?,
            TotalBasis::GoodsOnly => sum_vat(ctx, lines.iter().filter(|l| is_goods(l.kind)))?,
        };
        let gap = sw_vat
            .abs()
            .checked_sub(planned.abs())
            .ok_or(MoneyOverflow)?;
        if gap.abs() > settings.totals_tolerance {
            warnings.push(Warning::VatMismatch {
                smartweb: sw_vat,
                planned,
            });
        }
    }
    let planned_net = sum_net(lines.iter())?;
    let planned_vat = sum_vat(ctx, lines.iter())?;
    Ok(TotalsCheck {
        smartweb_net: expected,
        planned_net,
        planned_vat,
        planned_gross: planned_net.checked_add(planned_vat).ok_or(MoneyOverflow)?,
        matched,
        difference,
    })
}
