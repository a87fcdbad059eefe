//! Rackbeat's own totals against SmartWeb's, before an order is booked.
//!
//! Rules:
//! - The figure compared is Rackbeat's net total (`total_subtotal`) with the planned net of the
//!   lines sent, which the mapping already reconciled with SmartWeb's order total (a rounding
//!   line included). They agree within `totals_tolerance`, or the order is not booked.
//! - On a mismatch, the lines sent are priced under every reading of `line_price` the sheet
//!   leaves open ([`LinePriceReading`]: net or gross, per unit or per line), each line rounded
//!   to 2 decimals half away from zero as Rackbeat is taken to do
//!   ([`crate::facts::totals_under`]); the readings whose net total is within tolerance of
//!   Rackbeat's figure are named in the failure.
//! - No figure from Rackbeat (neither in the create answer nor on reading the order back) is
//!   no evidence: the order is not booked.

use std::fmt;

use rust_decimal::Decimal;

use crate::facts::{LinePriceReading, PricedLine, totals_under};
use crate::order::DraftLine;

/// The price fields of the lines sent.
pub(super) fn priced(lines: &[DraftLine]) -> Vec<PricedLine> {
    lines
        .iter()
        .map(|l| PricedLine {
            quantity: l.quantity,
            line_price: l.line_price,
            discount_percentage: l.discount_percentage,
            vat_percentage: l.vat_percentage,
        })
        .collect()
}

/// What the order's totals are expected to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTotals {
    /// The planned net of the lines sent.
    pub planned_net: Decimal,
    /// SmartWeb's order total (net), when it had one.
    pub smartweb_net: Option<Decimal>,
    /// The tolerance (`totals_tolerance`).
    pub tolerance: Decimal,
}

/// Why Rackbeat's totals do not allow booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalsMismatch {
    /// Rackbeat gave no total to compare.
    Missing,
    /// Rackbeat computed another net total.
    Differs {
        /// Rackbeat's net total.
        rackbeat: Decimal,
        /// The planned net.
        planned: Decimal,
        /// SmartWeb's order total, when it had one.
        smartweb: Option<Decimal>,
        /// The readings of `line_price` that give Rackbeat's figure.
        readings: Vec<LinePriceReading>,
    },
}

impl fmt::Display for TotalsMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str(
                "Rackbeat reported no totals for it (neither in the create answer nor when read \
                 back), so they could not be checked",
            ),
            Self::Differs {
                rackbeat,
                planned,
                smartweb,
                readings,
            } => {
                write!(f, "Rackbeat computes a net total of {rackbeat}")?;
                match smartweb {
                    Some(sw) => write!(
                        f,
                        ", SmartWeb's order total is {sw} (the lines sent come to {planned})"
                    )?,
                    None => write!(f, ", the lines sent come to {planned}")?,
                }
                match readings.as_slice() {
                    [] => f.write_str(
                        "; no reading of line_price (net or gross, per unit or per line) gives \
                         Rackbeat's figure",
                    ),
                    readings => {
                        let names: Vec<String> = readings.iter().map(ToString::to_string).collect();
                        write!(
                            f,
                            "; Rackbeat's figure is what line_price read as {} gives (the engine \
                             sends it net per unit)",
                            names.join(" or ")
                        )
                    }
                }
            }
        }
    }
}

/// Checks Rackbeat's net total against the expected one.
///
/// # Errors
/// A [`TotalsMismatch`] when there is no figure or it is off by more than the tolerance.
pub fn check_server_totals(
    rackbeat_net: Option<Decimal>,
    expected: &ExpectedTotals,
    lines: &[DraftLine],
) -> Result<(), TotalsMismatch> {
    let Some(rackbeat) = rackbeat_net else {
        return Err(TotalsMismatch::Missing);
    };
    let close = |a: Decimal| {
        a.checked_sub(rackbeat)
            .is_some_and(|d| d.abs() <= expected.tolerance)
    };
    if close(expected.planned_net) {
        return Ok(());
    }
    let lines = priced(lines);
    Err(TotalsMismatch::Differs {
        rackbeat,
        planned: expected.planned_net,
        smartweb: expected.smartweb_net,
        readings: LinePriceReading::ALL
            .into_iter()
            .filter(|r| close(totals_under(&lines, *r).net))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::LineKind;
    use rust_decimal_macros::dec;

    fn line(quantity: Decimal, price: Decimal, vat: Decimal) -> DraftLine {
        DraftLine {
            kind: LineKind::Product,
            item_id: "A".into(),
            name: "A".into(),
            quantity,
            line_price: price,
            discount_percentage: Decimal::ZERO,
            vat_percentage: vat,
            location_id: None,
            net_total: quantity * price,
        }
    }

    fn expected(net: Decimal) -> ExpectedTotals {
        ExpectedTotals {
            planned_net: net,
            smartweb_net: Some(net),
            tolerance: dec!(0.05),
        }
    }

    #[test]
    fn a_gross_reading_is_named_with_both_figures() {
        let lines = [
            line(dec!(2), dec!(100), dec!(25)),
            line(dec!(1), dec!(40), dec!(25)),
        ];
        assert_eq!(
            check_server_totals(Some(dec!(240.02)), &expected(dec!(240)), &lines),
            Ok(())
        );
        let err = check_server_totals(Some(dec!(192)), &expected(dec!(240)), &lines).unwrap_err();
        let TotalsMismatch::Differs { readings, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(readings, &vec![LinePriceReading::GrossPerUnit]);
        let text = err.to_string();
        assert!(text.contains("192") && text.contains("240"), "{text}");
        assert!(text.contains("gross per unit"), "{text}");
        assert_eq!(
            check_server_totals(None, &expected(dec!(240)), &lines),
            Err(TotalsMismatch::Missing)
        );
        let none = check_server_totals(Some(dec!(1)), &expected(dec!(240)), &lines).unwrap_err();
        assert!(none.to_string().contains("no reading"), "{none}");
    }
}
