//! Exact money: every amount is a [`Decimal`], every rounding is explicit.
//!
//! Rules owned here:
//! - Amounts are rounded to 2 decimals (øre / cents) with the configured [`RoundingStrategy`]:
//!   half-up ("commercial", the Danish default) or half-even ("banker's").
//! - Gross → net: `net = gross / (1 + rate/100)`, then rounded to 2 decimals.
//! - Net → gross: `gross = net × (1 + rate/100)`, then rounded to 2 decimals.
//! - A line's net total is `quantity × unit price × (1 − discount%/100)`, rounded once per line
//!   (Rackbeat computes per line, so rounding per line keeps both sides comparable).
//! - All arithmetic is checked: an overflow becomes [`MoneyOverflow`], never a panic, so the
//!   mapping stays total on arbitrary input.

use rust_decimal::{Decimal, RoundingStrategy as DecimalRounding};
use serde::{Deserialize, Serialize};

/// Number of decimals money is rounded to (øre, cents).
pub const MONEY_DECIMALS: u32 = 2;

/// Number of decimals a unit price may have in Rackbeat (the sheet: "up to 6 decimals on
/// prices").
pub const PRICE_DECIMALS: u32 = 6;

/// How an amount is rounded to [`MONEY_DECIMALS`] decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingStrategy {
    /// Half away from zero ("commercial" rounding, 0.125 → 0.13, −0.125 → −0.13). The default.
    #[default]
    HalfUp,
    /// Half to even ("banker's" rounding, 0.125 → 0.12, 0.135 → 0.14).
    HalfEven,
}

/// An amount left the range a [`Decimal`] can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("amount out of range")]
pub struct MoneyOverflow;

impl RoundingStrategy {
    fn decimal(self) -> DecimalRounding {
        match self {
            Self::HalfUp => DecimalRounding::MidpointAwayFromZero,
            Self::HalfEven => DecimalRounding::MidpointNearestEven,
        }
    }

    /// Rounds `amount` to [`MONEY_DECIMALS`] decimals (øre rounding).
    #[must_use]
    pub fn round(self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(MONEY_DECIMALS, self.decimal())
    }

    /// Rounds `amount` to `decimals` decimals.
    #[must_use]
    pub fn round_dp(self, amount: Decimal, decimals: u32) -> Decimal {
        amount.round_dp_with_strategy(decimals, self.decimal())
    }
}

/// `1 + rate/100` for a VAT percentage such as `25`.
///
/// # Errors
/// [`MoneyOverflow`] when the rate is out of range.
pub fn vat_factor(vat_percent: Decimal) -> Result<Decimal, MoneyOverflow> {
    vat_percent
        .checked_div(Decimal::ONE_HUNDRED)
        .and_then(|r| r.checked_add(Decimal::ONE))
        .ok_or(MoneyOverflow)
}

/// Net amount of a gross (VAT-inclusive) amount at `vat_percent`, rounded to 2 decimals.
///
/// # Errors
/// [`MoneyOverflow`] on overflow or a rate of −100 %.
pub fn net_from_gross(
    gross: Decimal,
    vat_percent: Decimal,
    rounding: RoundingStrategy,
) -> Result<Decimal, MoneyOverflow> {
    let factor = vat_factor(vat_percent)?;
    gross
        .checked_div(factor)
        .map(|n| rounding.round(n))
        .ok_or(MoneyOverflow)
}

/// Gross (VAT-inclusive) amount of a net amount at `vat_percent`, rounded to 2 decimals.
///
/// # Errors
/// [`MoneyOverflow`] on overflow.
pub fn gross_from_net(
    net: Decimal,
    vat_percent: Decimal,
    rounding: RoundingStrategy,
) -> Result<Decimal, MoneyOverflow> {
    let factor = vat_factor(vat_percent)?;
    net.checked_mul(factor)
        .map(|g| rounding.round(g))
        .ok_or(MoneyOverflow)
}

/// VAT on a net amount at `vat_percent`, rounded to 2 decimals.
///
/// # Errors
/// [`MoneyOverflow`] on overflow.
pub fn vat_of_net(
    net: Decimal,
    vat_percent: Decimal,
    rounding: RoundingStrategy,
) -> Result<Decimal, MoneyOverflow> {
    net.checked_mul(vat_percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .map(|v| rounding.round(v))
        .ok_or(MoneyOverflow)
}

/// Net total of a line: `quantity × unit_price × (1 − discount_percent/100)`, rounded to 2
/// decimals once.
///
/// # Errors
/// [`MoneyOverflow`] on overflow.
pub fn line_net_total(
    quantity: Decimal,
    unit_price: Decimal,
    discount_percent: Decimal,
    rounding: RoundingStrategy,
) -> Result<Decimal, MoneyOverflow> {
    let keep = Decimal::ONE_HUNDRED
        .checked_sub(discount_percent)
        .ok_or(MoneyOverflow)?;
    quantity
        .checked_mul(unit_price)
        .and_then(|v| v.checked_mul(keep))
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .map(|v| rounding.round(v))
        .ok_or(MoneyOverflow)
}

/// Checked sum of amounts.
///
/// # Errors
/// [`MoneyOverflow`] on overflow.
pub fn checked_sum<I: IntoIterator<Item = Decimal>>(amounts: I) -> Result<Decimal, MoneyOverflow> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, a| acc.checked_add(a))
        .ok_or(MoneyOverflow)
}

/// The exact percentage `part` is of `whole` (`part / whole × 100`), if it has at most
/// `max_decimals` decimals; `None` when it would need more (e.g. 1/3) or `whole` is zero.
///
/// Used to turn an absolute line discount into Rackbeat's `discount_percentage` only when that
/// is exact; otherwise the caller folds the discount into the unit price instead.
#[must_use]
pub fn exact_percentage(part: Decimal, whole: Decimal, max_decimals: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let pct = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    let rounded = pct.round_dp(max_decimals);
    // Exact iff multiplying back gives the part again, digit for digit.
    let back = rounded
        .checked_mul(whole)?
        .checked_div(Decimal::ONE_HUNDRED)?;
    (back == part).then(|| rounded.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_up_and_half_even_differ_on_midpoints() {
        assert_eq!(RoundingStrategy::HalfUp.round(dec!(0.125)), dec!(0.13));
        assert_eq!(RoundingStrategy::HalfEven.round(dec!(0.125)), dec!(0.12));
        assert_eq!(RoundingStrategy::HalfUp.round(dec!(-0.125)), dec!(-0.13));
        assert_eq!(RoundingStrategy::HalfEven.round(dec!(0.135)), dec!(0.14));
    }

    #[test]
    fn danish_vat_gross_net_round_trip() {
        let r = RoundingStrategy::HalfUp;
        assert_eq!(net_from_gross(dec!(100), dec!(25), r).unwrap(), dec!(80));
        assert_eq!(gross_from_net(dec!(80), dec!(25), r).unwrap(), dec!(100));
        assert_eq!(
            net_from_gross(dec!(99.95), dec!(25), r).unwrap(),
            dec!(79.96)
        );
        assert_eq!(vat_of_net(dec!(79.96), dec!(25), r).unwrap(), dec!(19.99));
        assert_eq!(net_from_gross(dec!(50), dec!(0), r).unwrap(), dec!(50));
    }

    #[test]
    fn line_total_rounds_once_per_line() {
        let r = RoundingStrategy::HalfUp;
        // 3 × 33.335 = 100.005 → 100.01 (rounded once, not 3 × 33.34)
        assert_eq!(
            line_net_total(dec!(3), dec!(33.335), dec!(0), r).unwrap(),
            dec!(100.01)
        );
        assert_eq!(
            line_net_total(dec!(2), dec!(100), dec!(10), r).unwrap(),
            dec!(180)
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert_eq!(
            line_net_total(
                Decimal::MAX,
                Decimal::MAX,
                dec!(0),
                RoundingStrategy::HalfUp
            ),
            Err(MoneyOverflow)
        );
        assert_eq!(
            checked_sum([Decimal::MAX, Decimal::MAX]),
            Err(MoneyOverflow)
        );
        assert_eq!(
            net_from_gross(dec!(1), dec!(-100), RoundingStrategy::HalfUp),
            Err(MoneyOverflow)
        );
    }

    #[test]
    fn exact_percentage_only_when_exact() {
        assert_eq!(exact_percentage(dec!(10), dec!(100), 4), Some(dec!(10)));
        assert_eq!(exact_percentage(dec!(12.5), dec!(50), 4), Some(dec!(25)));
        assert_eq!(exact_percentage(dec!(10), dec!(30), 4), None);
        assert_eq!(exact_percentage(dec!(1), dec!(0), 4), None);
    }
}
