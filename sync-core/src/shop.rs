//! Input: a SmartWeb order as read from the API (`Order` and its parts, SmartWeb API fact sheet
//! §4.1), as plain data. Every field the API may leave out is an `Option` (or an empty
//! `String`/`Vec`), so a conversion from the client model is a field-by-field copy; the mapping
//! decides what a missing value means.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// A SmartWeb order (`Order`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopOrder {
    /// `Id`: the SmartWeb order id (also the order number shown in the admin).
    pub id: Option<u64>,
    /// `Status`: the status id as the API sends it (a string such as `"1"`).
    pub status: Option<String>,
    /// `Total`: ex VAT, after discount; negative on credit notes. Whether it includes
    /// delivery and fees is unknown (see [`crate::order`]).
    pub total: Option<Decimal>,
    /// `Vat`: read 0 on API-created orders; used only when positive.
    pub vat: Option<Decimal>,
    /// `Origin`: the parent order id for a credit note; empty otherwise.
    pub origin: String,
    /// `ReferenceNumber`: free text from the shop.
    pub reference_number: String,
    /// `LanguageISO` (e.g. `DK`).
    pub language_iso: String,
    /// `Site`: site/shop id.
    pub site: Option<u32>,
    /// `DateDelivered`: really the creation time, shop local time; `None` for the zero-date.
    pub created_at: Option<NaiveDateTime>,
    /// `Currency` (the per-order snapshot).
    pub currency: Option<ShopCurrency>,
    /// `Customer` (billing + shipping).
    pub customer: Option<ShopCustomer>,
    /// `Delivery`.
    pub delivery: Option<ShopDelivery>,
    /// `Payment`.
    pub payment: Option<ShopPayment>,
    /// `DiscountCodes`.
    pub discount_codes: Vec<ShopDiscountCode>,
    /// `OrderLines`.
    pub lines: Vec<ShopOrderLine>,
}

/// `OrderCurrency`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopCurrency {
    /// `Iso` (e.g. `DKK`).
    pub iso: String,
    /// `Currency`: the exchange rate (1 for the base currency).
    pub rate: Option<Decimal>,
    /// `Round`: 0 none, 1 up to integer, 2 down, 3 half up (informational).
    pub round: Option<i32>,
}

/// `OrderCustomer`: billing address in the plain fields, delivery address in `shipping_*`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopCustomer {
    /// `Firstname`.
    pub firstname: String,
    /// `Lastname`.
    pub lastname: String,
    /// `Company`.
    pub company: String,
    /// `B2B`.
    pub b2b: bool,
    /// `Cvr`: company registration number.
    pub cvr: String,
    /// `Ean`: EAN/GLN for public-sector e-invoicing.
    pub ean: String,
    /// `Address`.
    pub address: String,
    /// `Address2`.
    pub address2: String,
    /// `Zip`.
    pub zip: String,
    /// `City`.
    pub city: String,
    /// `Country`: the country name.
    pub country: String,
    /// `CountryCode`: the numeric delivery-country id, as a string.
    pub country_code: String,
    /// `State`.
    pub state: String,
    /// `Phone`.
    pub phone: String,
    /// `Mobile`.
    pub mobile: String,
    /// `Email`.
    pub email: String,
    /// `ShippingFirstname`.
    pub shipping_firstname: String,
    /// `ShippingLastname`.
    pub shipping_lastname: String,
    /// `ShippingCompany`.
    pub shipping_company: String,
    /// `ShippingAddress`.
    pub shipping_address: String,
    /// `ShippingAddress2`.
    pub shipping_address2: String,
    /// `ShippingZip`.
    pub shipping_zip: String,
    /// `ShippingCity`.
    pub shipping_city: String,
    /// `ShippingCountry`.
    pub shipping_country: String,
    /// `ShippingCountryCode`: numeric delivery-country id, as a string.
    pub shipping_country_code: String,
    /// `ShippingState`.
    pub shipping_state: String,
    /// `ShippingPhone`.
    pub shipping_phone: String,
    /// `ShippingMobile`.
    pub shipping_mobile: String,
    /// `ShippingEmail`.
    pub shipping_email: String,
}

/// `OrderDelivery`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopDelivery {
    /// `Title` (e.g. `GLS Pakkeshop`).
    pub title: String,
    /// `Price`: the shipping charge (basis: see [`crate::settings::PriceBasis`]).
    pub price: Option<Decimal>,
    /// `Vat`: VAT applies to the shipping.
    pub vat: bool,
    /// `DeliveryMethodId`.
    pub method_id: Option<u32>,
}

/// `OrderPayment`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopPayment {
    /// `Title`.
    pub title: String,
    /// `Price`: the payment fee.
    pub price: Option<Decimal>,
    /// `Vat`.
    pub vat: bool,
}

/// `OrderDiscountCode`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopDiscountCode {
    /// `Title`.
    pub title: String,
    /// `Type` (e.g. `percent`); informational.
    pub kind: String,
    /// `Value`: the code's value (percent or amount); informational.
    pub value: Option<Decimal>,
    /// `Discount`: the amount taken off the order (positive).
    pub discount: Option<Decimal>,
    /// `Vat`.
    pub vat: bool,
}

/// `OrderLine`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopOrderLine {
    /// `ProductId`.
    pub product_id: Option<u64>,
    /// `VariantId` (0 or `None` = no variant).
    pub variant_id: Option<u64>,
    /// `ItemNumber`: the variant's own item number when a variant was bought.
    pub item_number: String,
    /// `ProductTitle`.
    pub product_title: String,
    /// `VariantTitle`.
    pub variant_title: String,
    /// `Amount`: the quantity.
    pub amount: Option<i64>,
    /// `Price`: the **net** unit price.
    pub price: Option<Decimal>,
    /// `Discount`: line discount (meaning: [`crate::settings::LineDiscountMode`]).
    pub discount: Option<Decimal>,
    /// `VatRate`: 0 on API orders; not trusted (only a last resort, see [`crate::order`]).
    pub vat_rate: Option<Decimal>,
    /// `PacketLines`: sub-lines of a bundle.
    pub packet_lines: Vec<ShopOrderLine>,
    /// `OfflineProduct`: the product no longer exists in the shop.
    pub offline_product: bool,
}
