//! Spreading a discount over the product lines of one VAT rate, when no `discount_product`
//! exists to carry it as a line of its own.
//!
//! Rules:
//! - The lines taking part are the product lines at the rate with a positive net total.
//!   A discount larger than their sum is refused ([`SpreadError::ExceedsGoods`]): no line
//!   price may turn negative.
//! - **Allocation in øre, largest remainder**: each line's exact share
//!   `discount × line net / rate net` is cut to whole øre, and the øre left over go one each
//!   to the lines with the largest cut-off fractions (earlier lines first on a tie). The
//!   shares then sum to the discount exactly, and no share exceeds its line's net.
//! - **As a reduced `line_price`**: a line keeps its quantity and `discount_percentage` and
//!   gets the unit price that yields its new net, `round(new net / (quantity ×
//!   (1 − discount%/100)), 6)` (Rackbeat takes 6 price decimals). Its net is then recomputed
//!   exactly as Rackbeat computes it ([`line_net_total`]), so the plan never claims a total
//!   Rackbeat would not show. A reduced price was chosen over a `discount_percentage`
//!   because it is exact for any line value: a 6-decimal unit price moves a line's total in
//!   steps of `quantity × 0.000001`, below one øre for every quantity under 10 000, whereas
//!   a 4-decimal percentage moves it in steps of `line value × 0.000001`, more than one øre
//!   for any line worth over 10 000.
//! - **The last øre**: the line with the smallest quantity is priced last and absorbs what the others' price rounding moved
//!   (at most `quantity × 0.0000005` each), so the rate's net falls by exactly the discount
//!   whenever that line's quantity is under 10 000. Otherwise the difference (at most
//!   `quantity × 0.0000005` of that line, rounded to øre) is returned as
//!   [`Spread::residual`] and left to the totals check (`totals_tolerance`, rounding line).

use rust_decimal::{Decimal, RoundingStrategy as DecimalRounding};

use crate::money::{MONEY_DECIMALS, MoneyOverflow, PRICE_DECIMALS, line_net_total};
use crate::settings::Settings;

use super::plan::{DraftLine, LineKind};

/// Why a discount could not be spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpreadError {
    /// An amount overflowed.
    Overflow,
    /// The discount is larger than the net of the lines at the rate (`goods`).
    ExceedsGoods {
        /// The net total of the product lines at the rate.
        goods: Decimal,
    },
}

impl From<MoneyOverflow> for SpreadError {
    fn from(_: MoneyOverflow) -> Self {
        Self::Overflow
    }
}

/// What spreading did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Spread {
    /// How far the rate's new net is above its target (`goods − discount`): what the line
    /// prices could not express exactly. Zero unless every line at the rate has a quantity
    /// of 10 000 or more.
    pub residual: Decimal,
}

fn overflow<T>(value: Option<T>) -> Result<T, SpreadError> {
    value.ok_or(SpreadError::Overflow)
}

/// Each line's share of `discount` (whole øre, largest remainder), in the order of `nets`.
fn allocate(discount: Decimal, nets: &[Decimal]) -> Result<Vec<Decimal>, SpreadError> {
    let total = overflow(
        nets.iter()
            .try_fold(Decimal::ZERO, |a, n| a.checked_add(*n)),
    )?;
    let mut shares = Vec::with_capacity(nets.len());
    let mut fractions = Vec::with_capacity(nets.len());
    for (i, net) in nets.iter().enumerate() {
        let exact = overflow(
            discount
                .checked_mul(*net)
                .and_then(|v| v.checked_div(total)),
        )?;
        let floor = exact.round_dp_with_strategy(MONEY_DECIMALS, DecimalRounding::ToZero);
        fractions.push((overflow(exact.checked_sub(floor))?, i));
        shares.push(floor);
    }
    let given = overflow(
        shares
            .iter()
            .try_fold(Decimal::ZERO, |a, s| a.checked_add(*s)),
    )?;
    let cent = Decimal::new(1, MONEY_DECIMALS);
    let left = overflow(overflow(discount.checked_sub(given))?.checked_div(cent))?;
    // Largest fraction first; on a tie the earlier line.
    fractions.sort_by(|(fa, ia), (fb, ib)| fb.cmp(fa).then(ia.cmp(ib)));
    let mut left = left;
    for (_, i) in fractions {
        if left <= Decimal::ZERO {
            break;
        }
        if let Some(share) = shares.get_mut(i) {
            *share = overflow(share.checked_add(cent))?;
        }
        left = overflow(left.checked_sub(Decimal::ONE))?;
    }
    Ok(shares)
}

/// Reprices `line` so that its net is `target` (or as close as 6 price decimals allow);
/// returns the net Rackbeat will compute.
fn reprice(
    line: &mut DraftLine,
    target: Decimal,
    settings: &Settings,
) -> Result<Decimal, SpreadError> {
    let keep = overflow(
        Decimal::ONE_HUNDRED
            .checked_sub(line.discount_percentage)
            .and_then(|k| k.checked_div(Decimal::ONE_HUNDRED)),
    )?;
    let units = overflow(line.quantity.checked_mul(keep))?;
    let price = settings
        .rounding
        .round_dp(overflow(target.checked_div(units))?, PRICE_DECIMALS);
    let net = line_net_total(
        line.quantity,
        price,
        line.discount_percentage,
        settings.rounding,
    )?;
    line.line_price = price.normalize();
    line.net_total = net;
    Ok(net)
}

/// Takes `discount` (net, positive) off the product lines at `rate` by lowering their unit
/// prices (see the module rules).
pub(crate) fn spread(
    lines: &mut [DraftLine],
    rate: Decimal,
    discount: Decimal,
    settings: &Settings,
) -> Result<Spread, SpreadError> {
    let rate = rate.normalize();
    let mut taking_part: Vec<&mut DraftLine> = lines
        .iter_mut()
        .filter(|l| {
            l.kind == LineKind::Product
                && l.vat_percentage.normalize() == rate
                && l.net_total > Decimal::ZERO
                && l.discount_percentage < Decimal::ONE_HUNDRED
        })
        .collect();
    let goods = overflow(
        taking_part
            .iter()
            .try_fold(Decimal::ZERO, |a, l| a.checked_add(l.net_total)),
    )?;
    if discount <= Decimal::ZERO {
        return Ok(Spread::default());
    }
    if discount > goods {
        return Err(SpreadError::ExceedsGoods { goods });
    }
    let nets: Vec<Decimal> = taking_part.iter().map(|l| l.net_total).collect();
    let shares = allocate(discount, &nets)?;
    // The line with the smallest quantity (the last of equals) is priced last.
    let last = taking_part
        .iter()
        .enumerate()
        .min_by(|(ia, a), (ib, b)| a.quantity.abs().cmp(&b.quantity.abs()).then(ib.cmp(ia)))
        .map(|(i, _)| i);
    let mut moved = Decimal::ZERO;
    for (i, (line, share)) in taking_part.iter_mut().zip(&shares).enumerate() {
        if Some(i) == last || share.is_zero() {
            continue;
        }
        let target = overflow(line.net_total.checked_sub(*share))?;
        let net = reprice(line, target, settings)?;
        moved = overflow(moved.checked_add(overflow(target.checked_sub(net))?))?;
    }
    let Some((line, share)) = last.and_then(|i| taking_part.get_mut(i).zip(shares.get(i))) else {
        return Ok(Spread {
            residual: overflow(Decimal::ZERO.checked_sub(moved))?,
        });
    };
    let wanted = overflow(overflow(line.net_total.checked_sub(*share))?.checked_add(moved))?;
    let target = wanted.max(Decimal::ZERO);
    if target == line.net_total {
        return Ok(Spread::default());
    }
    let net = reprice(line, target, settings)?;
    Ok(Spread {
        residual: overflow(net.checked_sub(wanted))?,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn product(quantity: Decimal, price: Decimal, pct: Decimal, rate: Decimal) -> DraftLine {
        let net = line_net_total(quantity, price, pct, Settings::default().rounding).unwrap();
        DraftLine {
            kind: LineKind::Product,
            item_id: "SKU".into(),
            name: "Product".into(),
            quantity,
            line_price: price,
            discount_percentage: pct,
            vat_percentage: rate,
            location_id: None,
            net_total: net,
        }
    }

    fn net(lines: &[DraftLine]) -> Decimal {
        lines.iter().map(|l| l.net_total).sum()
    }

    #[test]
    fn shares_are_whole_oere_by_largest_remainder() {
        assert_eq!(
            allocate(dec!(10), &[dec!(1), dec!(1), dec!(1)]).unwrap(),
            [dec!(3.34), dec!(3.33), dec!(3.33)]
        );
        assert_eq!(
            allocate(dec!(0.05), &[dec!(100), dec!(200)]).unwrap(),
            [dec!(0.02), dec!(0.03)]
        );
        assert_eq!(
            allocate(dec!(30), &[dec!(10), dec!(20)]).unwrap(),
            [dec!(10), dec!(20)]
        );
    }

    #[test]
    fn a_third_off_three_lines_reconciles_to_the_oere() {
        let s = Settings::default();
        let mut lines = vec![
            product(dec!(3), dec!(33.33), dec!(0), dec!(25)),
            product(dec!(7), dec!(14.29), dec!(0), dec!(25)),
            product(dec!(1), dec!(9.99), dec!(10), dec!(25)),
            product(dec!(2), dec!(50), dec!(0), dec!(0)),
        ];
        let before = net(&lines);
        let spread = spread(&mut lines, dec!(25), dec!(33.33), &s).unwrap();
        assert_eq!(spread.residual, dec!(0));
        assert_eq!(net(&lines), before - dec!(33.33));
        // Other rates are untouched; every line's net is what Rackbeat computes.
        assert_eq!(lines[3].line_price, dec!(50));
        for l in &lines {
            assert_eq!(
                line_net_total(l.quantity, l.line_price, l.discount_percentage, s.rounding)
                    .unwrap(),
                l.net_total
            );
            assert!(l.line_price.scale() <= PRICE_DECIMALS);
        }
        // The line discount stays visible.
        assert_eq!(lines[2].discount_percentage, dec!(10));
    }

    #[test]
    fn more_discount_than_goods_is_refused() {
        let mut lines = vec![product(dec!(1), dec!(10), dec!(0), dec!(25))];
        assert_eq!(
            spread(&mut lines, dec!(25), dec!(10.01), &Settings::default()),
            Err(SpreadError::ExceedsGoods { goods: dec!(10) })
        );
        assert_eq!(
            spread(&mut lines, dec!(0), dec!(1), &Settings::default()),
            Err(SpreadError::ExceedsGoods { goods: dec!(0) })
        );
        assert_eq!(lines[0].line_price, dec!(10), "nothing changed");
        // The whole amount is fine: the line is then free.
        spread(&mut lines, dec!(25), dec!(10), &Settings::default()).unwrap();
        assert_eq!(
            (lines[0].line_price, lines[0].net_total),
            (dec!(0), dec!(0))
        );
    }

    #[test]
    fn huge_quantities_leave_a_bounded_residual() {
        let s = Settings::default();
        let mut lines = vec![product(dec!(30000), dec!(0.07), dec!(0), dec!(25))];
        let spread = spread(&mut lines, dec!(25), dec!(1.01), &s).unwrap();
        // 2098.99 / 30000 = 0.06996633… → 0.069966 → 2098.98: one øre below the target.
        assert_eq!(spread.residual, dec!(-0.01));
        assert_eq!(lines[0].net_total, dec!(2098.98));
        assert_eq!(net(&lines), dec!(2100) - dec!(1.01) + spread.residual);
    }
}
