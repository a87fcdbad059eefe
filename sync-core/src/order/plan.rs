//! Output of the order mapping: what to write to Rackbeat, as plain data. Field names follow
//! the Rackbeat order and customer bodies (Rackbeat API fact sheet §2.3, §2.5).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::problem::Warning;

/// The decision for one SmartWeb order.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderPlan {
    /// Transfer it.
    Transfer(Box<TransferPlan>),
    /// Do not transfer it, for this reason (not an error: nothing is wrong with the order).
    Skip(SkipReason),
}

/// Why an order is not transferred.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// `transfer_orders` is off.
    #[error("order transfer is turned off (`transfer_orders = false`)")]
    TransferDisabled,
    /// The order's status is not in `imported_statuses` (or `credit_note_statuses`).
    #[error("status `{status}` is not imported")]
    StatusNotImported {
        /// The SmartWeb status id.
        status: String,
    },
    /// A credit note while `credit_notes` is off.
    #[error("credit note of order `{origin}` skipped: credit notes are turned off")]
    CreditNotesDisabled {
        /// The parent order (`Origin`), possibly empty.
        origin: String,
    },
}

/// Whether the plan is an order or a credit note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderKind {
    /// An ordinary customer order.
    Order,
    /// A SmartWeb credit note, planned as a Rackbeat order with negative
    /// `credit_note_product` lines.
    CreditNote {
        /// The parent SmartWeb order id (`Origin`), possibly empty.
        origin: String,
    },
}

/// A complete plan for one SmartWeb order.
#[derive(Debug, Clone, PartialEq)]
pub struct TransferPlan {
    /// The SmartWeb order id.
    pub smartweb_order_id: u64,
    /// Order or credit note.
    pub kind: OrderKind,
    /// The customer to find or create.
    pub customer: CustomerPlan,
    /// The draft order (its `customer_id` is the number of the customer found or created).
    pub order: DraftOrder,
    /// Book the order after creating it (`order_state = booked` and no blocking warning).
    pub book: bool,
    /// Things a person should know; see [`Warning::blocks_booking`].
    pub warnings: Vec<Warning>,
    /// The totals comparison.
    pub totals: TotalsCheck,
}

/// How to find the Rackbeat customer: try `keys` in order, create `create` when none matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPlan {
    /// Look-up keys, most specific first (EAN, CVR, e-mail).
    pub keys: Vec<CustomerKey>,
    /// The customer to create when no key matches.
    pub create: NewCustomer,
}

/// A way to find an existing Rackbeat customer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CustomerKey {
    /// A known Rackbeat customer number (from an earlier link; not produced by the mapping).
    Number(u64),
    /// `ean` (public-sector customers).
    Ean(String),
    /// `company_vat` (CVR).
    Cvr(String),
    /// `contact_email`, compared case-insensitively.
    Email(String),
}

/// An existing Rackbeat customer, as customer matching sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbCustomerView {
    /// `number`.
    pub number: u64,
    /// `ean`.
    pub ean: Option<String>,
    /// `company_vat` (CVR).
    pub company_vat: Option<String>,
    /// `contact_email`.
    pub contact_email: Option<String>,
}

/// A Rackbeat customer to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    /// `name`: the company, else "first last".
    pub name: String,
    /// Whether the customer is a company (B2B flag, company name or CVR).
    pub is_company: bool,
    /// `contact_email`.
    pub contact_email: Option<String>,
    /// `contact_phone`: phone, else mobile.
    pub contact_phone: Option<String>,
    /// `address_*`: the billing address.
    pub address: Address,
    /// `company_vat`: the CVR number.
    pub company_vat: Option<String>,
    /// `ean`.
    pub ean: Option<String>,
    /// `customer_group_id` (S4).
    pub customer_group_id: u32,
    /// `payment_terms_id` (S3).
    pub payment_terms_id: u32,
    /// `vat_zone`.
    pub vat_zone: String,
    /// `currency` (ISO).
    pub currency: Option<String>,
    /// `locale` (e.g. `da-DK`) from the order language.
    pub locale: Option<String>,
}

/// A postal address (billing or delivery).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// Person or company name.
    pub name: String,
    /// Street.
    pub street: String,
    /// Second street line.
    pub street2: String,
    /// Postal code.
    pub zipcode: String,
    /// City.
    pub city: String,
    /// State/region.
    pub state: String,
    /// Country name as SmartWeb gives it (what Rackbeat's `address_country` was seen with).
    pub country: String,
    /// ISO code from the delivery-country table, when known.
    pub country_iso: Option<String>,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
}

/// The Rackbeat draft order (`POST /orders/drafts`).
#[derive(Debug, Clone, PartialEq)]
pub struct DraftOrder {
    /// `layout_id` (S6).
    pub layout_id: u32,
    /// `employee_id` and `our_reference_id` (S5).
    pub employee_id: Option<u32>,
    /// `payment_terms_id` (S3).
    pub payment_terms_id: u32,
    /// `vat_zone`.
    pub vat_zone: String,
    /// `currency` (ISO); `None` leaves the account default.
    pub currency: Option<String>,
    /// `currency_rate` as SmartWeb had it; informational.
    pub currency_rate: Option<Decimal>,
    /// `other_reference`: the SmartWeb reference per `reference_format`.
    pub other_reference: String,
    /// `heading` per `heading_format`.
    pub heading: String,
    /// `order_date` (`YYYY-MM-DD`): the shop-local creation date.
    pub order_date: NaiveDate,
    /// `address_*`: billing.
    pub billing: Address,
    /// `delivery_address_*`: delivery (the billing address when SmartWeb's is empty).
    pub delivery: Address,
    /// `lines`.
    pub lines: Vec<DraftLine>,
}

impl DraftOrder {
    /// Net total of the lines (each rounded once per line); `None` on overflow.
    #[must_use]
    pub fn net_total(&self) -> Option<Decimal> {
        self.lines
            .iter()
            .try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l.net_total))
    }
}

/// What a line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A product from the SmartWeb order.
    Product,
    /// Shipping (`shipping_product_with_vat` / `_without_vat`).
    Shipping,
    /// Payment fee (`fee_product`).
    Fee,
    /// Discount code (`discount_product`, negative).
    Discount,
    /// Rounding to SmartWeb's total (`rounding_line_product`).
    Rounding,
    /// Credit note amount (`credit_note_product`, negative).
    CreditNote,
}

/// One Rackbeat order line.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftLine {
    /// What the line stands for.
    pub kind: LineKind,
    /// `item_id`: the Rackbeat item number.
    pub item_id: String,
    /// `name`: the line text.
    pub name: String,
    /// `quantity`.
    pub quantity: Decimal,
    /// `line_price`: net unit price.
    pub line_price: Decimal,
    /// `discount_percentage`.
    pub discount_percentage: Decimal,
    /// `vat_percentage`.
    pub vat_percentage: Decimal,
    /// `location_id` (S9).
    pub location_id: Option<u32>,
    /// Net line total after discount, rounded to 2 decimals (for checks; not sent).
    pub net_total: Decimal,
}

/// The totals reconciliation result (net = ex VAT).
#[derive(Debug, Clone, PartialEq)]
pub struct TotalsCheck {
    /// SmartWeb's `Total`, if present (sign-corrected for credit notes).
    pub smartweb_net: Option<Decimal>,
    /// Planned net total of all lines, rounding line included.
    pub planned_net: Decimal,
    /// Planned VAT of all lines.
    pub planned_vat: Decimal,
    /// Planned gross total (`planned_net + planned_vat`).
    pub planned_gross: Decimal,
    /// Which reading of SmartWeb's total matched, if any.
    pub matched: Option<TotalBasis>,
    /// SmartWeb's total minus the planned comparable total, before any rounding line.
    pub difference: Option<Decimal>,
}

/// What SmartWeb's `Order.Total` turned out to include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalBasis {
    /// Products, discounts, shipping and fee.
    WithShippingAndFee,
    /// Products and discounts only.
    GoodsOnly,
}
