//! Customer invoices (credit notes are customer invoices too).

use super::Customer;
use crate::envelope::Resource;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer invoice (`GET /customer-invoices/{number}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct CustomerInvoice {
    /// Invoice number.
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
    /// The order, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Value>,
    /// Order number, when sent flat.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub order_id: Option<u64>,
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
    /// Total including VAT (inferred).
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_total: Option<Decimal>,
    /// Total in the account's base currency.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_base_currency: Option<Decimal>,
    /// Open balance.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub balance: Option<Decimal>,
    /// Booked.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_booked: Option<bool>,
    /// Paid.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_paid: Option<bool>,
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// Lines, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Value>,
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
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for CustomerInvoice {
    const SINGULAR: &'static str = "customer_invoice";
    const PLURAL: &'static str = "customer_invoices";
}

// ---- hand-written below ----

crate::serde_util::model_with_extra!(CustomerInvoice);
