//! Product groups, which carry the VAT percentage per VAT zone.

use crate::envelope::Resource;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A product group. VAT on a line comes from (product group × VAT zone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct ProductGroup {
    /// Group number.
    #[serde(with = "crate::serde_util::int")]
    pub number: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Products in it keep stock.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub has_inventory: Option<bool>,
    /// Products in it can be sold.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_sellable: Option<bool>,
    /// Spread cost.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_spread_cost: Option<bool>,
    /// VAT percent for the `domestic` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_domestic: Option<Decimal>,
    /// VAT percent for the `eu` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_eu: Option<Decimal>,
    /// VAT percent for the `abroad` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_abroad: Option<Decimal>,
    /// VAT percent for the `domestic_exempt` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_domestic_exempt: Option<Decimal>,
    /// Draft (unpublished).
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_draft: Option<bool>,
    /// Number of products in the group.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub num_products: Option<u64>,
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

impl Resource for ProductGroup {
    const SINGULAR: &'static str = "product_group";
    const PLURAL: &'static str = "product_groups";
}

/// Body of `POST /product-groups` and `PUT /product-groups/{number}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewProductGroup {
    /// Group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub number: Option<u64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Products in it keep stock.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub has_inventory: Option<bool>,
    /// Products in it can be sold.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_sellable: Option<bool>,
    /// VAT percent for the `domestic` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_domestic: Option<Decimal>,
    /// VAT percent for the `eu` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_eu: Option<Decimal>,
    /// VAT percent for the `abroad` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_abroad: Option<Decimal>,
    /// VAT percent for the `domestic_exempt` zone.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub vat_domestic_exempt: Option<Decimal>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

// ---- hand-written below ----

impl ProductGroup {
    /// The VAT percentage this group carries for `zone`, if Rackbeat sent it.
    pub fn vat_for_zone(&self, zone: &super::VatZone) -> Option<rust_decimal::Decimal> {
        use super::VatZone;
        match zone {
            VatZone::Domestic => self.vat_domestic,
            VatZone::Eu => self.vat_eu,
            VatZone::Abroad => self.vat_abroad,
            VatZone::DomesticExempt => self.vat_domestic_exempt,
            VatZone::Other(_) => None,
        }
    }
}

crate::serde_util::model_with_extra!(ProductGroup, NewProductGroup);
