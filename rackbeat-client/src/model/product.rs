//! Products (items): read model, create and update bodies, stock per location.

use super::{Location, ProductGroup};
use crate::envelope::Resource;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A product (item) as Rackbeat returns it (`GET /products/{number}`).
///
/// Stock: `stock_quantity` is on hand, `in_order_quantity` is committed to orders and
/// `available_quantity` is in stock minus in order (what a webshop should show).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Product {
    /// Item number (SKU); a string, also when it looks numeric.
    #[serde(with = "crate::serde_util::string_or_number")]
    pub number: String,
    /// Internal id (may be null).
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<u64>,
    /// The number as Rackbeat wants it in paths; preferred over `number` when present.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub urlfriendly_number: Option<String>,
    /// Item type (`product` or `lot`), field `type` on the wire.
    #[serde(rename = "type")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Barcode / EAN.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sales price, excluding VAT.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_price: Option<Decimal>,
    /// Recommended sales price.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_sales_price: Option<Decimal>,
    /// Sales profit.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_profit: Option<Decimal>,
    /// Cost price.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub cost_price: Option<Decimal>,
    /// Recommended cost price.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_cost_price: Option<Decimal>,
    /// Cost addition in percent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub cost_addition_percentage: Option<Decimal>,
    /// Minimum order quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_order: Option<Decimal>,
    /// Minimum sales quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_sales: Option<Decimal>,
    /// Minimum stock.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_stock: Option<Decimal>,
    /// Quantity on hand.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub stock_quantity: Option<Decimal>,
    /// Quantity committed to customer orders.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_order_quantity: Option<Decimal>,
    /// In stock minus in order.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub available_quantity: Option<Decimal>,
    /// Quantity incoming from purchase orders.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchased_quantity: Option<Decimal>,
    /// Quantity reserved for production.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub used_in_production_quantity: Option<Decimal>,
    /// Default supplier number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_supplier_id: Option<String>,
    /// Default location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_location_id: Option<String>,
    /// Default location, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_location: Option<Location>,
    /// Main picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture_url: Option<String>,
    /// Picture URLs by size (`thumb`, `display`, `large`, `original`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pictures: Option<Value>,
    /// Barred (not for sale).
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_barred: Option<bool>,
    /// Can be converted to a BOM.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_convertable: Option<bool>,
    /// Whether stock is tracked.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub inventory_enabled: Option<bool>,
    /// Quality assurance on receipt.
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub should_assure_quality: Option<bool>,
    /// Product group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub group_id: Option<u64>,
    /// Product group, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<ProductGroup>,
    /// Discount group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_group: Option<Value>,
    /// Unit number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_id: Option<u64>,
    /// Unit, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Value>,
    /// Variation number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub variation_id: Option<u64>,
    /// Variation, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variation: Option<Value>,
    /// Weight and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical: Option<Physical>,
    /// When it was created (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last changed (ISO 8601 with offset, or naive local time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// When it was deleted, if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for Product {
    const SINGULAR: &'static str = "product";
    const PLURAL: &'static str = "products";
}

/// Weight and size of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct Physical {
    /// Weight.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<Decimal>,
    /// Weight unit, e.g. `kg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_unit: Option<String>,
    /// Height.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub height: Option<Decimal>,
    /// Width.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub width: Option<Decimal>,
    /// Depth.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub depth: Option<Decimal>,
    /// Size unit, e.g. `cm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_unit: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /products`. Unset fields are not sent.
///
/// A product group must exist first; `number`, `name`, `group` and `sales_price` are what
/// known integrations always send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct NewProduct {
    /// Item number (SKU).
    pub number: String,
    /// Name.
    pub name: String,
    /// Product group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub group: Option<u64>,
    /// Sales price, excluding VAT.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_price: Option<Decimal>,
    /// Recommended cost price.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_cost_price: Option<Decimal>,
    /// Extra cost.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub extra_cost: Option<Decimal>,
    /// Unit number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_id: Option<u64>,
    /// Initial stock quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub stock_quantity: Option<Decimal>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum inventory quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_inventory_quantity: Option<Decimal>,
    /// Minimum sales quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_sales_quantity: Option<Decimal>,
    /// Minimum purchase quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_purchase_quantity: Option<Decimal>,
    /// Barcode / EAN.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// Default location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_location_id: Option<String>,
    /// Variation number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub variation_id: Option<u64>,
    /// Weight and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical: Option<Physical>,
    /// The supplier's product number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_product_number: Option<String>,
    /// Barred (not for sale).
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_barred: Option<bool>,
    /// Discount group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_group: Option<Value>,
    /// Picture URL to import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Default supplier number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_supplier_id: Option<String>,
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

/// Body of `PUT /products/{number}`: a partial update; only set fields are sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct ProductUpdate {
    /// New item number (rename); usually unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Product group number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub group: Option<u64>,
    /// Sales price, excluding VAT.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub sales_price: Option<Decimal>,
    /// Recommended cost price.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_cost_price: Option<Decimal>,
    /// Extra cost.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub extra_cost: Option<Decimal>,
    /// Unit number.
    #[serde(
        default,
        with = "crate::serde_util::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_id: Option<u64>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minimum inventory quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_inventory_quantity: Option<Decimal>,
    /// Minimum sales quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_sales_quantity: Option<Decimal>,
    /// Minimum purchase quantity.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_purchase_quantity: Option<Decimal>,
    /// Barcode / EAN.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub barcode: Option<String>,
    /// Default location number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_location_id: Option<String>,
    /// Weight and size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical: Option<Physical>,
    /// The supplier's product number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_product_number: Option<String>,
    /// Barred (not for sale).
    #[serde(
        default,
        with = "crate::serde_util::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_barred: Option<bool>,
    /// Discount group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_group: Option<Value>,
    /// Picture URL to import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Default supplier number.
    #[serde(
        default,
        with = "crate::serde_util::opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub default_supplier_id: Option<String>,
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

/// Stock of one product at one location (`GET /products/{number}/locations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(remote = "Self")]
pub struct ProductLocation {
    /// Location number; when the server leaves it out it is taken from the embedded
    /// `location`, else 0 (the sheet only promises "at least `number` and `stock_quantity`").
    #[serde(default, with = "crate::serde_util::int")]
    pub number: u64,
    /// Location name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Quantity on hand at this location.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub stock_quantity: Option<Decimal>,
    /// Available quantity at this location, when sent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub available_quantity: Option<Decimal>,
    /// Quantity committed to orders at this location, when sent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub in_order_quantity: Option<Decimal>,
    /// Quantity incoming at this location, when sent.
    #[serde(
        default,
        with = "crate::serde_util::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub purchased_quantity: Option<Decimal>,
    /// The location, when embedded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The object's own API URL (`self`).
    #[serde(rename = "self")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_url: Option<String>,
    /// Fields this crate does not model, kept as sent.
    #[serde(flatten, skip_deserializing)]
    pub extra: Map<String, Value>,
}

impl Resource for ProductLocation {
    const SINGULAR: &'static str = "product_location";
    const PLURAL: &'static str = "product_locations";
}

// ---- hand-written below ----

impl ProductLocation {
    /// Fills a missing (`0`) `number` from the embedded `location`, else from `requested`.
    #[cfg(feature = "client")]
    pub(crate) fn with_number(mut self, requested: Option<u64>) -> Self {
        if self.number == 0 {
            self.number = self
                .location
                .as_ref()
                .map(|l| l.number)
                .filter(|n| *n != 0)
                .or(requested)
                .unwrap_or_default();
        }
        self
    }
}

impl Product {
    /// The path segment that addresses this product: `urlfriendly_number` when Rackbeat sent
    /// one, otherwise `number` (percent-encoded by the client either way).
    pub fn path_key(&self) -> &str {
        self.urlfriendly_number
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or(&self.number)
    }
}

crate::serde_util::model_with_extra!(
    Product,
    Physical,
    NewProduct,
    ProductUpdate,
    ProductLocation
);
