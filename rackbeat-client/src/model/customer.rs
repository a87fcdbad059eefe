//! Customers.

use super::{PaymentTerms, VatZone};
use crate::envelope::Resource;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer as Rackbeat returns it (`GET /customers/{number}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Customer {
    /// Customer number.
    #[serde(with = "crate::serde_util::int")]
    pub number: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Company name (older field name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// VAT / organisation number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub company_vat: Option<String>,
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street: Option<String>,
    /// Street, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_city: Option<String>,
    /// Postal code.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_zipcode: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Phone.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_phone: Option<String>,
    /// Locale, e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// EAN (public sector) number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub ean: Option<String>,
    /// Our reference (text or employee object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub our_reference: Option<Value>,
    /// Their reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub their_reference: Option<Value>,
    /// Attention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
    /// Credit limit.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_credit: Option<Decimal>,
    /// Payment terms number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_terms_id: Option<u64>,
    /// Payment terms, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<PaymentTerms>,
    /// Employee number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_id: Option<u64>,
    /// VAT zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_zone: Option<VatZone>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Layout number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub layout_id: Option<u64>,
    /// Customer group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_group_id: Option<u64>,
    /// General discount in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub general_discount_percentage: Option<Decimal>,
    /// Barred.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_barred: Option<bool>,
    /// Deleted.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_deleted: Option<bool>,
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

impl Resource for Customer {
    const SINGULAR: &'static str = "customer";
    const PLURAL: &'static str = "customers";
}

/// Body of `POST /customers` and `PUT /customers/{number}`; unset fields are not sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewCustomer {
    /// Customer number; unset lets Rackbeat choose.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub number: Option<u64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Company name (older field name; which one is current is unverified).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// VAT / organisation number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub company_vat: Option<String>,
    /// Street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street: Option<String>,
    /// Street, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_street2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_city: Option<String>,
    /// Postal code.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub address_zipcode: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Phone.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub contact_phone: Option<String>,
    /// Locale, e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// EAN (public sector) number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub ean: Option<String>,
    /// Attention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
    /// Payment terms number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_terms_id: Option<u64>,
    /// Employee number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub employee_id: Option<u64>,
    /// VAT zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_zone: Option<VatZone>,
    /// ISO currency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Layout number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub layout_id: Option<u64>,
    /// Customer group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub customer_group_id: Option<u64>,
    /// General discount in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub general_discount_percentage: Option<Decimal>,
    /// Barred.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_barred: Option<bool>,
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

// ---- hand-written below ----

crate::serde_util::model_with_extra!(Customer, NewCustomer);
