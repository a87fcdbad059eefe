//! Product planning inputs (views of both catalogues) and outputs (actions).

use rust_decimal::Decimal;

/// A Rackbeat product as planning needs it (`GET /products`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbProductView {
    /// `number` (the SKU).
    pub number: String,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: String,
    /// `sales_price` (net).
    pub sales_price: Option<Decimal>,
    /// `cost_price`.
    pub cost_price: Option<Decimal>,
    /// `barcode` (EAN).
    pub barcode: String,
    /// `physical.weight`.
    pub weight: Option<Decimal>,
    /// `group.number`.
    pub group: Option<u32>,
    /// `is_barred`.
    pub is_barred: bool,
    /// The product group's domestic VAT percent (`group.vat_domestic`), when known.
    pub vat_percent: Option<Decimal>,
}

/// A SmartWeb product as planning needs it (`Product`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwProductView {
    /// `Id` (none for a product not created yet).
    pub id: Option<u64>,
    /// `ItemNumber`.
    pub item_number: String,
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// `Price` as entered (gross when `ProductPricesWithVat`).
    pub price: Option<Decimal>,
    /// `BuyingPrice`.
    pub buying_price: Option<Decimal>,
    /// `Weight`.
    pub weight: Option<Decimal>,
    /// `Ean`.
    pub ean: String,
    /// `Status` (visible in the shop).
    pub status: bool,
    /// VAT percent of the product's VAT group.
    pub vat_percent: Option<Decimal>,
    /// `CategoryId`.
    pub category_id: Option<u32>,
    /// `Variants`.
    pub variants: Vec<SwVariantView>,
}

/// A SmartWeb product variant (`ProductVariant`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwVariantView {
    /// `Id`.
    pub id: Option<u64>,
    /// `ItemNumber` (may be empty).
    pub item_number: String,
    /// `Title` (the variant values joined with `//`).
    pub title: String,
    /// `Price`; `None` or 0 = the product's price.
    pub price: Option<Decimal>,
    /// `BuyingPrice`.
    pub buying_price: Option<Decimal>,
    /// `Weight`.
    pub weight: Option<Decimal>,
    /// `Ean`.
    pub ean: String,
    /// `Status`.
    pub status: bool,
}

/// A SmartWeb product to create (`Product_Create`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwProductDraft {
    /// `ItemNumber`.
    pub item_number: String,
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// `Price` (gross or net per `ProductPricesWithVat`).
    pub price: Decimal,
    /// `BuyingPrice`.
    pub buying_price: Option<Decimal>,
    /// `Weight`.
    pub weight: Option<Decimal>,
    /// `Ean`.
    pub ean: String,
    /// `CategoryId` (`smartweb_category_id`).
    pub category_id: u32,
    /// The VAT percent the price was computed with; the engine picks the matching VAT group.
    pub vat_percent: Decimal,
    /// `Status`: new products are visible.
    pub status: bool,
}

/// Fields to change on a SmartWeb product or variant; `None` = leave as is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwProductChanges {
    /// `Title` (products only).
    pub title: Option<String>,
    /// `Description` (products only).
    pub description: Option<String>,
    /// `Price`.
    pub price: Option<Decimal>,
    /// `BuyingPrice`.
    pub buying_price: Option<Decimal>,
    /// `Weight`.
    pub weight: Option<Decimal>,
    /// `Ean`.
    pub ean: Option<String>,
    /// `Status`.
    pub status: Option<bool>,
}

impl SwProductChanges {
    /// Whether nothing changes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A Rackbeat product to create (`POST /products`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbProductDraft {
    /// `number`.
    pub number: String,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: String,
    /// `group` (`product_group`).
    pub group: u32,
    /// `sales_price` (net).
    pub sales_price: Decimal,
    /// `cost_price` / `recommended_cost_price`.
    pub cost_price: Option<Decimal>,
    /// `barcode`.
    pub barcode: String,
    /// `physical.weight`.
    pub weight: Option<Decimal>,
}

/// Fields to change on a Rackbeat product; `None` = leave as is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbProductChanges {
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `sales_price` (net).
    pub sales_price: Option<Decimal>,
    /// `cost_price`.
    pub cost_price: Option<Decimal>,
    /// `barcode`.
    pub barcode: Option<String>,
    /// `physical.weight`.
    pub weight: Option<Decimal>,
}

impl RbProductChanges {
    /// Whether nothing changes.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Why a product is left alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProductSkip {
    /// The source product has no item number.
    #[error("no item number")]
    MissingItemNumber,
    /// The item number appears more than once on the named side.
    #[error("item number appears more than once in {0}")]
    Duplicate(&'static str),
    /// A barred Rackbeat product is not created in SmartWeb.
    #[error("barred in Rackbeat; not created in SmartWeb")]
    BarredNotCreated,
    /// `smartweb_category_id` is not set, so no SmartWeb product can be created.
    #[error("setting `smartweb_category_id` is not set")]
    NoCategory,
    /// `product_group` is not set, so no Rackbeat product can be created.
    #[error("setting `product_group` is not set")]
    NoProductGroup,
    /// No price to transfer.
    #[error("no sales price")]
    NoPrice,
    /// The SmartWeb product's VAT rate is unknown, so its net price is unknown.
    #[error("VAT rate unknown; net price cannot be computed")]
    UnknownVat,
    /// The product's variants are transferred instead.
    #[error("has variants with item numbers; the variants are transferred instead")]
    HasVariants,
    /// A line product of the settings (shipping, fee, credit note, …): never a shop product.
    #[error("a line product of the settings; not a shop product")]
    LineProduct,
    /// An amount overflowed.
    #[error("amount out of range")]
    OutOfRange,
}

/// One planned product write, or a skip with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductAction {
    /// Create a SmartWeb product.
    CreateSmartweb(SwProductDraft),
    /// Update a SmartWeb product.
    UpdateSmartwebProduct {
        /// `Id` when known.
        id: Option<u64>,
        /// `ItemNumber` (the key otherwise).
        item_number: String,
        /// What changes.
        changes: SwProductChanges,
    },
    /// Update a SmartWeb variant.
    UpdateSmartwebVariant {
        /// The parent's `Id` when known.
        product_id: Option<u64>,
        /// The variant's `Id` when known.
        variant_id: Option<u64>,
        /// The variant's `ItemNumber`.
        item_number: String,
        /// What changes (never title or description).
        changes: SwProductChanges,
    },
    /// Create a Rackbeat product.
    CreateRackbeat(RbProductDraft),
    /// Update a Rackbeat product.
    UpdateRackbeat {
        /// `number`.
        number: String,
        /// What changes.
        changes: RbProductChanges,
    },
    /// Leave a product alone.
    Skip {
        /// The item number (possibly empty), with the SmartWeb product title when it has none.
        item_number: String,
        /// Why.
        reason: ProductSkip,
    },
}

impl ProductAction {
    /// Whether the action writes anything.
    #[must_use]
    pub fn is_write(&self) -> bool {
        !matches!(self, Self::Skip { .. })
    }
}

/// The product plan: actions in a deterministic order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductPlan {
    /// Writes and skips.
    pub actions: Vec<ProductAction>,
}

impl ProductPlan {
    /// The writes only.
    pub fn writes(&self) -> impl Iterator<Item = &ProductAction> {
        self.actions.iter().filter(|a| a.is_write())
    }

    /// Whether the plan writes nothing.
    #[must_use]
    pub fn is_noop(&self) -> bool {
        self.writes().next().is_none()
    }
}
