//! Customer (sales) orders, their lines, and the create / book bodies.

use super::{Customer, Location, PaymentTerms, VatZone};
use crate::envelope::Resource;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer order as Rackbeat returns it (`GET /orders/{number}`), lines included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Order {
    /// Order number.
    #[serde(with = "crate::serde_util::int")]
    pub number: u64,
    /// The customer, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Customer number, when sent flat.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_id: Option<u64>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Currency rate.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_rate: Option<Decimal>,
    /// Total excluding VAT (inferred).
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_subtotal: Option<Decimal>,
    /// VAT total, when sent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_vat: Option<Decimal>,
    /// Total including VAT (inferred).
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_total: Option<Decimal>,
    /// Other reference; this project stores the webshop order reference here.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub other_reference: Option<String>,
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// VAT zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_zone: Option<VatZone>,
    /// Archived.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_archived: Option<bool>,
    /// Booked.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_booked: Option<bool>,
    /// Cancelled.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_cancelled: Option<bool>,
    /// Shipped.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_shipped: Option<bool>,
    /// Ready for shipping.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_ready_for_shipping: Option<bool>,
    /// Partly shipped.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_partly_shipped: Option<bool>,
    /// Ready for invoicing.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_ready_for_invoicing: Option<bool>,
    /// Invoiced.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_invoiced: Option<bool>,
    /// Partly invoiced.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_partly_invoiced: Option<bool>,
    /// Paid.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_paid: Option<bool>,
    /// Our reference (an employee object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub our_reference: Option<Value>,
    /// Billing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// Delivery address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    /// Payment terms, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<PaymentTerms>,
    /// Order date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_date: Option<String>,
    /// Delivery date or time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_at: Option<String>,
    /// When it was booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked_at: Option<String>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// When it was created (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last changed (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Order lines (`null` reads as none).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::vec_or_null",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub lines: Vec<OrderLine>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Order {
    const SINGULAR: &'static str = "order";
    const PLURAL: &'static str = "orders";
}

impl Order {
    /// When the order was created: `created_at` read as ISO 8601 with an offset, or as naive
    /// server time taken as UTC (the server's zone is undocumented, sheet §1.10: allow a margin
    /// of hours when comparing). `None` when missing or unreadable.
    pub fn created_instant(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let text = self.created_at.as_deref()?.trim();
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .ok()
            .or_else(|| {
                chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                    .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                    .ok()
                    .map(|n| n.and_utc())
            })
    }
}

/// An order line as Rackbeat returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct OrderLine {
    /// Line id (used in line paths); 0 when the server left it out (the sheet lists `id` on
    /// read lines only from observed code, so a missing one must not fail the whole order).
    #[serde(default, with = "crate::serde_util::int")]
    pub id: u64,
    /// Item number of the line's product or lot.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub child_id: Option<String>,
    /// `product` or `lot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_type: Option<String>,
    /// Line text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
    /// Unit price excluding VAT (inferred).
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub line_price: Option<Decimal>,
    /// Discount in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_percentage: Option<Decimal>,
    /// VAT in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_percentage: Option<Decimal>,
    /// Location the line draws from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The item, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<LineItem>,
    /// Unit, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Value>,
    /// Variations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variations: Option<Value>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

// Sheet §1.4: "the object is wrapped under its singular snake_case key" and "the plural key
// is Laravel's `Str::plural` of the singular"; the SDK's resource is `OrderLineResource`, so
// `order_line` / `order_lines`. A body keyed `line` / `lines` still decodes: the envelope takes
// the only object or array when the declared key is missing.
impl Resource for OrderLine {
    const SINGULAR: &'static str = "order_line";
    const PLURAL: &'static str = "order_lines";
}

/// The item embedded in an order line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct LineItem {
    /// Item number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub number: Option<String>,
    /// Item number for paths.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub urlfriendly_number: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Barcode.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// A postal address with contact data, as used on orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Address {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Street, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub zipcode: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /orders/drafts` and `POST /orders`; unset fields are not sent.
///
/// `*_id` fields take the referenced object's *number* (customer number, employee number, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewOrder {
    /// Customer number.
    #[serde(with = "crate::serde_util::int")]
    pub customer_id: u64,
    /// Layout number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub layout_id: Option<u64>,
    /// Employee number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_id: Option<u64>,
    /// Our reference (employee number).
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub our_reference_id: Option<u64>,
    /// Delivery responsible (employee number).
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_responsible_id: Option<u64>,
    /// Their reference (contact number).
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub your_reference_id: Option<u64>,
    /// Payment terms number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_terms_id: Option<u64>,
    /// Delivery terms number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_terms: Option<String>,
    /// Other reference; this project stores the webshop order reference here.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub other_reference: Option<String>,
    /// VAT zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_zone: Option<VatZone>,
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Currency rate.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_rate: Option<Decimal>,
    /// Order number; unset lets Rackbeat choose.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub number: Option<u64>,
    /// Barcode.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// General discount.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub general_discount: Option<Decimal>,
    /// Delivery date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_at: Option<NaiveDate>,
    /// Order date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_date: Option<NaiveDate>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Billing address: name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_name: Option<String>,
    /// Billing address: street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street: Option<String>,
    /// Billing address: street, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street2: Option<String>,
    /// Billing address: state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_state: Option<String>,
    /// Billing address: city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_city: Option<String>,
    /// Billing address: postal code.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_zipcode: Option<String>,
    /// Billing address: country (Rackbeat examples use a country name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// Delivery address: name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_name: Option<String>,
    /// Delivery address: street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_street: Option<String>,
    /// Delivery address: street, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_street2: Option<String>,
    /// Delivery address: state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_state: Option<String>,
    /// Delivery address: city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_city: Option<String>,
    /// Delivery address: postal code.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_address_zipcode: Option<String>,
    /// Delivery address: country (Rackbeat examples use a country name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address_country: Option<String>,
    /// Billing address object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// Delivery address object (e-mail and phone go here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    /// Custom field values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Value>,
    /// Ask Rackbeat not to fire webhooks for this write.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub suppress_webhooks: Option<bool>,
    /// Lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<NewOrderLine>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// A line in an order body, or the body of `POST /orders/{number}/lines`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewOrderLine {
    /// Item number (SKU).
    pub item_id: String,
    /// Quantity.
    #[serde(with = "crate::serde_util::decimal")]
    pub quantity: Decimal,
    /// Line text overriding the item name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit price excluding VAT; unset lets Rackbeat price the line.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub line_price: Option<Decimal>,
    /// Discount in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_percentage: Option<Decimal>,
    /// VAT in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_percentage: Option<Decimal>,
    /// Location number to draw from.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub location_id: Option<u64>,
    /// Variations (`[{..., option_id}]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variations: Option<Value>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// Body of `PUT /orders/{number}/lines/{id}`; send price, discount and VAT to keep them when the item changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct OrderLineUpdate {
    /// Item number (SKU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// Quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
    /// Line text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit price excluding VAT.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub line_price: Option<Decimal>,
    /// Discount in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_percentage: Option<Decimal>,
    /// VAT in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_percentage: Option<Decimal>,
    /// Location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub location_id: Option<u64>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /orders/{number}/book`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct OrderBooking {
    /// Whether and how to mail the confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<BookingMail>,
    /// Ask Rackbeat not to fire webhooks for this write.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub suppress_webhooks: Option<bool>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// The `mail` object of a booking body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct BookingMail {
    /// Send the document by mail.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub send: Option<bool>,
    /// Mail subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Mail body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Receivers (`{to: [...], cc: [...], bcc: [...]}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receivers: Option<Value>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(
    Order,
    OrderLine,
    LineItem,
    Address,
    NewOrder,
    NewOrderLine,
    OrderLineUpdate,
    OrderBooking,
    BookingMail
);
