//! Which reading of Rackbeat's `line_price` a server's own totals agree with.
//!
//! Nothing documents whether `line_price` is net or gross, per unit or per line (sheet §3,
//! §5.6). The server settles it itself: it computes `total_subtotal` (net) and `total_total`
//! (gross) from the lines it stores. [`matching_readings`] recomputes those totals from the
//! lines under each [`LinePriceReading`] and names the ones that agree, so the probe can
//! confirm or refute the engine's reading, and a failed reconciliation can say which reading
//! would have matched.
//!
//! Per line, as the server is assumed to compute (each step rounded to 2 decimals, half away
//! from zero): amount = `line_price` × quantity (per unit) or `line_price` (per line), less
//! `discount_percentage`; read as net, VAT = amount × rate / 100; read as gross, the VAT inside
//! is amount × rate / (100 + rate) and net = amount − VAT.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One way of reading `line_price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinePriceReading {
    /// VAT-exclusive price of one unit: what the engine sends.
    NetPerUnit,
    /// VAT-inclusive price of one unit.
    GrossPerUnit,
    /// VAT-exclusive price of the whole line.
    NetPerLine,
    /// VAT-inclusive price of the whole line.
    GrossPerLine,
}

impl LinePriceReading {
    /// Every reading, the engine's first.
    pub const ALL: [LinePriceReading; 4] = [
        LinePriceReading::NetPerUnit,
        LinePriceReading::GrossPerUnit,
        LinePriceReading::NetPerLine,
        LinePriceReading::GrossPerLine,
    ];

    /// Words for reports: `net per unit`, `gross per line`, …
    pub fn describe(self) -> &'static str {
        match self {
            LinePriceReading::NetPerUnit => "net per unit",
            LinePriceReading::GrossPerUnit => "gross per unit",
            LinePriceReading::NetPerLine => "net per line",
            LinePriceReading::GrossPerLine => "gross per line",
        }
    }

    fn gross(self) -> bool {
        matches!(
            self,
            LinePriceReading::GrossPerUnit | LinePriceReading::GrossPerLine
        )
    }

    fn per_unit(self) -> bool {
        matches!(
            self,
            LinePriceReading::NetPerUnit | LinePriceReading::GrossPerUnit
        )
    }
}

impl fmt::Display for LinePriceReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The price fields of one order line, as the server stored them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PricedLine {
    /// `quantity`.
    pub quantity: Decimal,
    /// `line_price`.
    pub line_price: Decimal,
    /// `discount_percentage` (0 when absent).
    pub discount_percentage: Decimal,
    /// `vat_percentage` (0 when absent).
    pub vat_percentage: Decimal,
}

/// An order's net and gross totals (`total_subtotal`, `total_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Excluding VAT.
    pub net: Decimal,
    /// Including VAT.
    pub gross: Decimal,
}

impl fmt::Display for Totals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "net {:.2} / gross {:.2}", self.net, self.gross)
    }
}

fn round2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The totals a server reading `line_price` as `reading` computes for `lines`.
pub fn totals_under(lines: &[PricedLine], reading: LinePriceReading) -> Totals {
    let hundred = Decimal::ONE_HUNDRED;
    lines.iter().fold(Totals::default(), |sum, line| {
        let before_discount = if reading.per_unit() {
            line.line_price * line.quantity
        } else {
            line.line_price
        };
        let amount = round2(before_discount * (hundred - line.discount_percentage) / hundred);
        let rate = line.vat_percentage;
        let (net, vat) = if reading.gross() {
            let vat = if hundred + rate == Decimal::ZERO {
                Decimal::ZERO
            } else {
                round2(amount * rate / (hundred + rate))
            };
            (amount - vat, vat)
        } else {
            (amount, round2(amount * rate / hundred))
        };
        Totals {
            net: sum.net + net,
            gross: sum.gross + net + vat,
        }
    })
}

/// The readings under which `lines` add up to the server's `totals`, each total within
/// `tolerance`, in [`LinePriceReading::ALL`] order.
pub fn matching_readings(
    lines: &[PricedLine],
    totals: Totals,
    tolerance: Decimal,
) -> Vec<LinePriceReading> {
    LinePriceReading::ALL
        .into_iter()
        .filter(|r| {
            let ours = totals_under(lines, *r);
            (ours.net - totals.net).abs() <= tolerance
                && (ours.gross - totals.gross).abs() <= tolerance
        })
        .collect()
}

/// What a set of matching readings says about the engine's reading (net per unit):
/// confirmed when it is the only one that matches, refuted when it does not match, unknown
/// when the lines cannot tell it apart from another reading (e.g. one unit without VAT).
pub fn net_per_unit_verdict(matching: &[LinePriceReading]) -> super::Verdict {
    match matching {
        [LinePriceReading::NetPerUnit] => super::Verdict::Confirmed,
        m if !m.contains(&LinePriceReading::NetPerUnit) => super::Verdict::Refuted,
        _ => super::Verdict::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Verdict;
    use rust_decimal_macros::dec;

    fn line(q: Decimal, price: Decimal, discount: Decimal, vat: Decimal) -> PricedLine {
        PricedLine {
            quantity: q,
            line_price: price,
            discount_percentage: discount,
            vat_percentage: vat,
        }
    }

    #[test]
    fn each_reading_computes_its_own_totals() {
        let lines = [
            line(dec!(2), dec!(100), dec!(0), dec!(25)),
            line(dec!(3), dec!(19.99), dec!(10), dec!(25)),
            line(dec!(1), dec!(50), dec!(0), dec!(0)),
        ];
        assert_eq!(
            totals_under(&lines, LinePriceReading::NetPerUnit),
            Totals {
                net: dec!(303.97),
                gross: dec!(367.46)
            }
        );
        assert_eq!(
            totals_under(&lines, LinePriceReading::GrossPerUnit),
            Totals {
                net: dec!(253.18),
                gross: dec!(303.97)
            }
        );
        // Per line: 100, round2(19.99 × 0.9) = 17.99, 50.
        assert_eq!(
            totals_under(&lines, LinePriceReading::NetPerLine),
            Totals {
                net: dec!(167.99),
                gross: dec!(197.49)
            }
        );
        assert_eq!(
            totals_under(&lines, LinePriceReading::GrossPerLine),
            Totals {
                net: dec!(144.39),
                gross: dec!(167.99)
            }
        );
    }

    #[test]
    fn the_matching_reading_decides_the_verdict() {
        let lines = [line(dec!(2), dec!(100), dec!(0), dec!(25))];
        let net = Totals {
            net: dec!(200),
            gross: dec!(250),
        };
        let m = matching_readings(&lines, net, dec!(0.01));
        assert_eq!(m, [LinePriceReading::NetPerUnit]);
        assert_eq!(net_per_unit_verdict(&m), Verdict::Confirmed);

        let gross = Totals {
            net: dec!(160),
            gross: dec!(200),
        };
        let m = matching_readings(&lines, gross, dec!(0.01));
        assert_eq!(m, [LinePriceReading::GrossPerUnit]);
        assert_eq!(net_per_unit_verdict(&m), Verdict::Refuted);

        let nothing = matching_readings(&lines, Totals::default(), dec!(0.01));
        assert!(nothing.is_empty());
        assert_eq!(net_per_unit_verdict(&nothing), Verdict::Refuted);
    }

    #[test]
    fn one_unit_without_vat_cannot_tell_the_readings_apart() {
        let lines = [line(dec!(1), dec!(80), dec!(0), dec!(0))];
        let totals = Totals {
            net: dec!(80),
            gross: dec!(80),
        };
        let m = matching_readings(&lines, totals, dec!(0.01));
        assert_eq!(m, LinePriceReading::ALL);
        assert_eq!(net_per_unit_verdict(&m), Verdict::Unknown);
    }
}
