//! Lookup tables the engine reads from SmartWeb and hands to the mapping, plus the
//! [`MappingContext`] bundling them with the settings and "today".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::settings::Settings;

/// VAT percentages of SmartWeb products, from `Product.VatGroupId` →
/// `VatGroup.VatPercentage`. Looked up by product id first, then by item number (which also
/// covers variants whose item number the engine registered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VatLookup {
    /// Product id → VAT percent.
    pub by_product_id: BTreeMap<u64, Decimal>,
    /// Item number (product or variant) → VAT percent.
    pub by_item_number: BTreeMap<String, Decimal>,
}

impl VatLookup {
    /// The VAT percent of a product, by id and then by item number.
    #[must_use]
    pub fn rate(&self, product_id: Option<u64>, item_number: &str) -> Option<Decimal> {
        product_id
            .and_then(|id| self.by_product_id.get(&id))
            .or_else(|| self.by_item_number.get(item_number.trim()))
            .copied()
    }
}

/// A SmartWeb delivery country (`ProductDeliveryCountry`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryCountry {
    /// `Id`: what `OrderCustomer.CountryCode` holds.
    pub id: u32,
    /// `Iso` (e.g. `DK`).
    pub iso: String,
    /// `Tax`: VAT percent for private customers.
    pub tax: Option<Decimal>,
    /// `CompanyTax`: VAT percent for business customers.
    pub company_tax: Option<Decimal>,
}

/// Everything [`crate::map_order`] needs besides the order. Built with
/// [`MappingContext::new`] (and [`product_prices_with_vat`](Self::product_prices_with_vat)),
/// so new inputs can come in minor versions.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct MappingContext<'a> {
    /// The settings.
    pub settings: &'a Settings,
    /// Product VAT groups.
    pub vat: &'a VatLookup,
    /// Delivery countries by id.
    pub countries: &'a BTreeMap<u32, DeliveryCountry>,
    /// `ShopWebinfo.ProductPricesWithVat`.
    pub product_prices_with_vat: bool,
    /// The shop-local date used when the order carries no creation date.
    pub today: NaiveDate,
}

impl<'a> MappingContext<'a> {
    /// A context for `settings`, with the shop's VAT groups and delivery countries, and the
    /// shop-local date `today`. Prices are read as entered with VAT
    /// (`ProductPricesWithVat`, SmartWeb's default) until
    /// [`product_prices_with_vat`](Self::product_prices_with_vat) says otherwise.
    pub fn new(
        settings: &'a Settings,
        vat: &'a VatLookup,
        countries: &'a BTreeMap<u32, DeliveryCountry>,
        today: NaiveDate,
    ) -> Self {
        Self {
            settings,
            vat,
            countries,
            product_prices_with_vat: true,
            today,
        }
    }

    /// Sets whether the shop's product prices are entered with VAT
    /// (`ShopWebinfo.ProductPricesWithVat`).
    #[must_use]
    pub fn product_prices_with_vat(mut self, with_vat: bool) -> Self {
        self.product_prices_with_vat = with_vat;
        self
    }
}
