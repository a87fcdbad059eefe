//! Shipping, payment-fee and discount-code lines.
//!
//! Rules:
//! - **Price basis** (setting `fee_price_basis`, default `shop`): a delivery/payment/discount
//!   price is read as gross when its `Vat` flag is true and the shop's
//!   `ProductPricesWithVat` is true (it was entered like a product price); net otherwise.
//!   `net` and `gross` force one reading. A gross price becomes net as
//!   `round(price / (1 + rate/100))`.
//! - **Shipping**: a non-zero `Delivery.Price` becomes one line of
//!   `shipping_product_with_vat` when `Delivery.Vat` is true, else
//!   `shipping_product_without_vat`. Its VAT rate: without the flag 0 %; with it the zone
//!   rule's fixed rate (delivery-country or 0 %) or else `standard_vat_percent`. Free
//!   shipping (price 0 or missing) gives no line.
//! - **Payment fee**: a non-zero `Payment.Price` becomes one `fee_product` line at 0 % VAT
//!   (the guide requires the fee product to be VAT-free), priced at the amount the customer
//!   paid, so the gross total stays right whatever the price basis.
//! - **Discount codes**: each code's `Discount` is split over the VAT rates present among the
//!   product lines, in proportion to each rate's net product total (rounded; the last rate
//!   takes the remainder), so mixed-rate orders keep correct VAT; a gross `Discount` becomes
//!   net per rate. Then:
//!   - with `discount_product` set, each share becomes a negative `discount_product` line at
//!     its rate (with no product lines, the whole amount is one line at the shipping rate);
//!   - without it (the hosted app has no such setting), the shares of all codes are added
//!     up per rate and taken off that rate's product lines by lowering their unit prices
//!     (`spread.rs`), with a warning per code. The order's total and VAT per rate come out
//!     the same as with discount lines. A discount larger than the goods of its rate cannot
//!     be spread (a price would turn negative) and fails the order, naming `discount_product`
//!     as the fix;
//!   - on a credit note the shares stay lines either way: they are folded into the
//!     `credit_note_product` lines per rate.
//!
//!   Whether line prices already include the code's discount is unknown; the totals check
//!   catches a double deduction.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::context::MappingContext;
use crate::money::{MoneyOverflow, net_from_gross};
use crate::settings::PriceBasis;
use crate::shop::{ShopDelivery, ShopDiscountCode, ShopPayment};

use super::plan::{DraftLine, LineKind};
use super::problem::{MappingProblem, Warning};
use super::spread::SpreadError;
use super::vat::VatDecision;

fn is_gross(ctx: &MappingContext<'_>, vat_flag: bool) -> bool {
    match ctx.settings.fee_price_basis {
        PriceBasis::Shop => vat_flag && ctx.product_prices_with_vat,
        PriceBasis::Net => false,
        PriceBasis::Gross => vat_flag,
    }
}

fn to_net(
    ctx: &MappingContext<'_>,
    vat_flag: bool,
    price: Decimal,
    rate: Decimal,
) -> Result<Decimal, MoneyOverflow> {
    if is_gross(ctx, vat_flag) {
        net_from_gross(price, rate, ctx.settings.rounding)
    } else {
        Ok(ctx.settings.rounding.round(price))
    }
}

fn one_line(kind: LineKind, item_id: &str, name: String, net: Decimal, vat: Decimal) -> DraftLine {
    DraftLine {
        kind,
        item_id: item_id.to_owned(),
        name,
        quantity: Decimal::ONE,
        line_price: net,
        discount_percentage: Decimal::ZERO,
        vat_percentage: vat,
        location_id: None,
        net_total: net,
    }
}

/// The VAT rate of a shipping line with VAT.
pub(crate) fn shipping_rate(ctx: &MappingContext<'_>, vat: &VatDecision) -> Decimal {
    vat.fixed_rate.unwrap_or(ctx.settings.standard_vat_percent)
}

pub(crate) fn shipping_line(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    delivery: Option<&ShopDelivery>,
    problems: &mut Vec<MappingProblem>,
) -> Option<DraftLine> {
    let delivery = delivery?;
    let price = delivery.price.filter(|p| !p.is_zero())?;
    let (setting, product) = if delivery.vat {
        (
            "shipping_product_with_vat",
            ctx.settings.shipping_product_with_vat.as_deref(),
        )
    } else {
        (
            "shipping_product_without_vat",
            ctx.settings.shipping_product_without_vat.as_deref(),
        )
    };
    let Some(product) = product else {
        problems.push(MappingProblem::SettingMissing(setting));
        return None;
    };
    let rate = if delivery.vat {
        shipping_rate(ctx, vat)
    } else {
        Decimal::ZERO
    };
    let Ok(net) = to_net(ctx, delivery.vat, price, rate) else {
        problems.push(MappingProblem::AmountOutOfRange("shipping price"));
        return None;
    };
    let name = if delivery.title.trim().is_empty() {
        "Shipping".to_owned()
    } else {
        delivery.title.trim().to_owned()
    };
    Some(one_line(LineKind::Shipping, product, name, net, rate))
}

pub(crate) fn fee_line(
    ctx: &MappingContext<'_>,
    payment: Option<&ShopPayment>,
    problems: &mut Vec<MappingProblem>,
) -> Option<DraftLine> {
    let payment = payment?;
    let price = payment.price.filter(|p| !p.is_zero())?;
    let Some(product) = ctx.settings.fee_product.as_deref() else {
        problems.push(MappingProblem::SettingMissing("fee_product"));
        return None;
    };
    let name = if payment.title.trim().is_empty() {
        "Fee".to_owned()
    } else {
        payment.title.trim().to_owned()
    };
    let net = ctx.settings.rounding.round(price);
    Some(one_line(LineKind::Fee, product, name, net, Decimal::ZERO))
}

/// Net product totals per VAT rate.
fn net_by_rate(lines: &[DraftLine]) -> Result<BTreeMap<Decimal, Decimal>, MoneyOverflow> {
    let mut map = BTreeMap::new();
    for line in lines {
        let entry = map
            .entry(line.vat_percentage.normalize())
            .or_insert(Decimal::ZERO);
        *entry = line.net_total.checked_add(*entry).ok_or(MoneyOverflow)?;
    }
    Ok(map)
}

/// Splits `amount` over `weights` in proportion; the last share takes the remainder.
fn split(
    amount: Decimal,
    weights: &BTreeMap<Decimal, Decimal>,
    ctx: &MappingContext<'_>,
) -> Result<Vec<(Decimal, Decimal)>, MoneyOverflow> {
    let total = weights
        .values()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))
        .ok_or(MoneyOverflow)?;
    let mut shares = Vec::with_capacity(weights.len());
    let mut left = amount;
    let count = weights.len();
    for (i, (rate, weight)) in weights.iter().enumerate() {
        let share = if i + 1 == count {
            left
        } else {
            let s = amount
                .checked_mul(*weight)
                .and_then(|v| v.checked_div(total))
                .map(|v| ctx.settings.rounding.round(v))
                .ok_or(MoneyOverflow)?;
            left = left.checked_sub(s).ok_or(MoneyOverflow)?;
            s
        };
        shares.push((*rate, share));
    }
    Ok(shares)
}

/// Each code's net discount per VAT rate (see the module rules), with the code's title.
fn code_shares(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    code: &ShopDiscountCode,
    amount: Decimal,
    product_lines: &[DraftLine],
) -> Result<Vec<(Decimal, Decimal)>, MoneyOverflow> {
    let mut weights = net_by_rate(product_lines)?;
    let total = weights
        .values()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))
        .ok_or(MoneyOverflow)?;
    if total.is_zero() {
        weights = BTreeMap::from([(shipping_rate(ctx, vat), Decimal::ONE)]);
    }
    let mut shares = Vec::new();
    for (rate, share) in split(amount, &weights, ctx)? {
        let net = to_net(ctx, code.vat, share, rate)?;
        if !net.is_zero() {
            shares.push((rate, net));
        }
    }
    Ok(shares)
}

/// Applies the order's discount codes to `lines` (its product lines so far): as
/// `discount_product` lines, or spread over the product lines' prices.
pub(crate) fn discount_codes(
    ctx: &MappingContext<'_>,
    vat: &VatDecision,
    codes: &[ShopDiscountCode],
    credit_note: bool,
    lines: &mut Vec<DraftLine>,
    problems: &mut Vec<MappingProblem>,
    warnings: &mut Vec<Warning>,
) {
    let product = ctx.settings.discount_product.as_deref();
    let as_lines = product.is_some() || credit_note;
    let mut to_spread: BTreeMap<Decimal, Decimal> = BTreeMap::new();
    let mut discount_lines = Vec::new();
    for code in codes {
        let Some(amount) = code.discount.map(|d| d.abs()).filter(|d| !d.is_zero()) else {
            continue;
        };
        let shares = code_shares(ctx, vat, code, amount, lines).and_then(|shares| {
            if !as_lines {
                let total = crate::money::checked_sum(shares.iter().map(|(_, net)| *net))?;
                for (rate, net) in &shares {
                    let entry = to_spread.entry(*rate).or_default();
                    *entry = entry.checked_add(*net).ok_or(MoneyOverflow)?;
                }
                warnings.push(Warning::DiscountCodeSpread {
                    code: code.title.trim().to_owned(),
                    net: total,
                });
            }
            Ok(shares)
        });
        match shares {
            Ok(shares) if as_lines => {
                let name = format!("Discount code {}", code.title.trim());
                discount_lines.extend(shares.into_iter().map(|(rate, net)| {
                    // A credit note's lines are folded into `credit_note_product` lines.
                    let item = product.unwrap_or_default();
                    one_line(LineKind::Discount, item, name.clone(), -net, rate)
                }));
            }
            Ok(_) => {}
            Err(MoneyOverflow) => {
                problems.push(MappingProblem::AmountOutOfRange("discount code"));
            }
        }
    }
    lines.extend(discount_lines);
    for (rate, discount) in to_spread {
        match super::spread::spread(lines, rate, discount, ctx.settings) {
            Ok(_) => {}
            Err(SpreadError::ExceedsGoods { goods }) => {
                problems.push(MappingProblem::DiscountExceedsGoods {
                    vat_percentage: rate,
                    discount,
                    goods,
                });
            }
            Err(SpreadError::Overflow) => {
                problems.push(MappingProblem::AmountOutOfRange("discount code"));
            }
        }
    }
}
