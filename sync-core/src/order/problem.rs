//! Why an order cannot be mapped ([`MappingError`], every reason at once) and what a person
//! should know about a mapped one ([`Warning`]).

use std::fmt;

use rust_decimal::Decimal;

use super::text::{IdentifierFault, TEXT_LIMIT};

/// Where on the order a line sits: `line 3`, or `line 3.2` for a bundle's sub-line (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinePos {
    /// 1-based position among the order's lines.
    pub line: usize,
    /// 1-based position among the bundle's sub-lines, if it is one.
    pub sub: Option<usize>,
}

impl fmt::Display for LinePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sub {
            Some(sub) => write!(f, "line {}.{sub}", self.line),
            None => write!(f, "line {}", self.line),
        }
    }
}

/// The order could not be mapped; `problems` lists every reason found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SmartWeb order {} cannot be transferred: {}", order_label(.order_id), join(.problems))]
pub struct MappingError {
    /// The SmartWeb order id, when the order had one.
    pub order_id: Option<u64>,
    /// Every problem, in order of discovery.
    pub problems: Vec<MappingProblem>,
}

fn order_label(id: &Option<u64>) -> String {
    id.map_or_else(|| "(no id)".to_owned(), |id| id.to_string())
}

fn join(problems: &[MappingProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn cleaning(removed: usize, cut_from: Option<usize>) -> String {
    let mut parts = Vec::new();
    if removed > 0 {
        parts.push(format!("{removed} control character(s) removed"));
    }
    if let Some(chars) = cut_from {
        parts.push(format!("cut from {chars} to {TEXT_LIMIT} characters"));
    }
    parts.join("; ")
}

/// One reason an order cannot be mapped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MappingProblem {
    /// The order has no `Id`.
    #[error("the order has no id")]
    MissingOrderId,
    /// The order has no `Status`.
    #[error("the order has no status")]
    MissingStatus,
    /// A setting the mapping needs is not set.
    #[error("setting `{0}` is not set")]
    SettingMissing(&'static str),
    /// The order has no `Customer`.
    #[error("the order has no customer")]
    MissingCustomer,
    /// Neither a company nor a person's name.
    #[error("the customer has no name (company, first or last name)")]
    MissingCustomerName,
    /// No e-mail, and no CVR or EAN to find the customer by.
    #[error("the customer has no e-mail (and no CVR or EAN)")]
    MissingCustomerEmail,
    /// The delivery country id is not in the delivery-country table.
    #[error("delivery country id `{0}` is unknown")]
    UnknownCountry(String),
    /// The delivery country's VAT rate is needed but missing.
    #[error("delivery country `{0}` has no VAT rate for this customer type")]
    MissingCountryRate(String),
    /// The order has no lines.
    #[error("the order has no lines")]
    NoLines,
    /// A product line without an item number.
    #[error("{0} has no item number")]
    MissingItemNumber(LinePos),
    /// A line without a quantity.
    #[error("{0} has no quantity")]
    MissingQuantity(LinePos),
    /// A line with a negative quantity on an order that is not a credit note (no `Origin`).
    #[error(
        "{pos} has quantity {quantity} but the order is not a credit note (it has no origin \
         order); only credit notes take goods back"
    )]
    NegativeQuantity {
        /// The line.
        pos: LinePos,
        /// The quantity as read.
        quantity: i64,
    },
    /// A negative total on an order that is not a credit note (no `Origin`).
    #[error(
        "the order total {0} is negative but the order is not a credit note (it has no origin order)"
    )]
    NegativeTotal(Decimal),
    /// A line without a price.
    #[error("{0} has no price")]
    MissingPrice(LinePos),
    /// A discount below zero or above the line's price.
    #[error("{pos} has an invalid discount {discount}")]
    InvalidDiscount {
        /// The line.
        pos: LinePos,
        /// The discount as read.
        discount: Decimal,
    },
    /// No VAT rate for the line's product.
    #[error("{pos} (item `{item_number}`, product id {product_id:?}): unknown VAT rate")]
    UnknownVatRate {
        /// The line.
        pos: LinePos,
        /// Its item number.
        item_number: String,
        /// Its product id.
        product_id: Option<u64>,
    },
    /// Without `discount_product`, discount codes are taken off the product lines' prices;
    /// here they take more than the lines at one VAT rate are worth.
    #[error(
        "discount codes take {discount} (net) off the {vat_percentage} % goods, which total \
         only {goods}; set `discount_product` to transfer discount codes as their own line"
    )]
    DiscountExceedsGoods {
        /// The VAT rate.
        vat_percentage: Decimal,
        /// The net discount at that rate.
        discount: Decimal,
        /// The net total of the product lines at that rate.
        goods: Decimal,
    },
    /// An identifier (item number, e-mail, CVR, EAN) holds control characters or is too
    /// long; cleaning it would make it another identifier.
    #[error("{field} cannot be sent to Rackbeat: {fault}")]
    UnusableIdentifier {
        /// Which field, e.g. `line 2 item number`.
        field: String,
        /// What is wrong with it.
        fault: IdentifierFault,
    },
    /// An amount overflowed.
    #[error("an amount is out of range ({0})")]
    AmountOutOfRange(&'static str),
}

/// Something a person should know about a mapped order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Warning {
    /// The planned total differs from SmartWeb's beyond tolerance. Blocks booking.
    #[error(
        "totals differ: SmartWeb net {smartweb}, planned {planned_all} with shipping and fee \
         / {planned_goods} without; tolerance {tolerance}"
    )]
    TotalsMismatch {
        /// SmartWeb's `Total`.
        smartweb: Decimal,
        /// Planned net with shipping and fee.
        planned_all: Decimal,
        /// Planned net without shipping and fee.
        planned_goods: Decimal,
        /// The tolerance.
        tolerance: Decimal,
    },
    /// SmartWeb's VAT (when positive) differs from the planned VAT. Blocks booking.
    #[error("VAT differs: SmartWeb {smartweb}, planned {planned}")]
    VatMismatch {
        /// SmartWeb's `Vat`.
        smartweb: Decimal,
        /// Planned VAT on the matched lines.
        planned: Decimal,
    },
    /// The order has no `Total`, so nothing could be checked. Blocks booking.
    #[error("the order has no total to check against")]
    TotalMissing,
    /// A rounding line closed a gap within tolerance.
    #[error("a rounding line of {0} was added")]
    RoundingLineAdded(Decimal),
    /// A gap within tolerance was accepted (no `rounding_line_product`).
    #[error("a difference of {0} within tolerance was accepted")]
    RoundingGapAccepted(Decimal),
    /// A line with quantity 0 was left out.
    #[error("{0} has quantity 0 and was left out")]
    ZeroQuantityLine(LinePos),
    /// The VAT rate was taken from `default_vat_percent`.
    #[error("{0}: VAT group unknown, `default_vat_percent` used")]
    DefaultVatUsed(LinePos),
    /// The VAT rate was taken from the order line's own `VatRate`.
    #[error("{0}: VAT group unknown, the line's own VAT rate used")]
    LineVatRateUsed(LinePos),
    /// An absolute line discount is not an exact percentage; it was folded into the price.
    #[error("{0}: discount folded into the unit price (not an exact percentage)")]
    DiscountFolded(LinePos),
    /// The order had no creation date; `today` was used.
    #[error("the order has no creation date; today was used")]
    DateMissing,
    /// The order had no currency; Rackbeat's default applies.
    #[error("the order has no currency; the Rackbeat default applies")]
    CurrencyMissing,
    /// A free text had control characters removed or was cut to
    /// [`TEXT_LIMIT`](super::TEXT_LIMIT) characters.
    #[error("{field}: {}", cleaning(*.removed, *.cut_from))]
    TextCleaned {
        /// Which field, e.g. `delivery street`.
        field: String,
        /// How many control characters were removed (line breaks and tabs became spaces and
        /// are not counted).
        removed: usize,
        /// Its length in characters, when it was cut.
        cut_from: Option<usize>,
    },
    /// A discount code was taken off the product lines' prices (no `discount_product`).
    #[error(
        "discount code `{code}`: {net} (net) taken off the product lines' prices (no \
         `discount_product` set)"
    )]
    DiscountCodeSpread {
        /// The code's title.
        code: String,
        /// Its net discount.
        net: Decimal,
    },
    /// A bundle line was replaced by its sub-lines, or its sub-lines were ignored.
    #[error("{0}: bundle handled per setting `bundles`")]
    BundleHandled(LinePos),
}

impl Warning {
    /// Whether this warning keeps the order a draft whatever `order_state` says.
    #[must_use]
    pub fn blocks_booking(&self) -> bool {
        matches!(
            self,
            Self::TotalsMismatch { .. } | Self::VatMismatch { .. } | Self::TotalMissing
        )
    }
}
