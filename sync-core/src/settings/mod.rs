//! Settings: every setting of the hosted app by its name in the [settings list], plus this
//! project's extensions, with documented defaults.
//!
//! [settings list]: https://github.com/smartweb-rackbeat/smartweb-rackbeat/blob/main/docs/SETTINGS.md
//!
//! The struct is serde-friendly (TOML, JSON): every field has a default (`#[serde(default)]`),
//! and an unknown key is rejected with its name (`deny_unknown_fields`). Decimals are written as
//! strings (`totals_tolerance = "0.05"`), integers or TOML floats. Call [`Settings::validate`] after loading:
//! it returns every problem at once.
//!
//! Rackbeat references (`layout`, `payment_terms`, `employee`, `customer_group`,
//! `product_group`, `location`) are Rackbeat **numbers**; line products are Rackbeat item
//! numbers (SKUs). Whether they exist in Rackbeat is checked by the engine ("Update settings"),
//! not here.

mod validate;
mod writeback;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::RoundingStrategy;

pub use validate::{
    MAX_INITIAL_LOOKBACK_DAYS, MAX_ORDER_OVERLAP_MINUTES, MAX_SCHEDULE_MINUTES, SettingsProblem,
};
pub use writeback::StatusWriteback;

/// C2 `scope`: which SmartWeb sites, languages and orders are covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// "All" (the guide says to choose it). The default and only value.
    #[default]
    All,
}

/// C3 `trigger`: how new SmartWeb orders are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// SmartWeb webhooks (with a polling catch-up).
    Webhooks,
    /// Poll on a schedule ([`Schedule`]). The default.
    #[default]
    Cron,
}

/// C6 `product_source`: the system products are synchronised from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductSource {
    /// Rackbeat is the source of truth; products are created/updated in SmartWeb. The default.
    #[default]
    Rackbeat,
    /// SmartWeb is the source of truth; products are created/updated in Rackbeat.
    Smartweb,
}

/// O1 `order_state`: the state a transferred order gets in Rackbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Leave it a draft. The default.
    #[default]
    Draft,
    /// Book it ("sent to the customer"), unless the totals check fails.
    Booked,
}

/// Extension: how a SmartWeb delivery / payment-fee / discount-code price is read.
///
/// The sheet leaves open whether `OrderDelivery.Price` (and `OrderPayment.Price`,
/// `OrderDiscountCode.Discount`) includes VAT when its `Vat` flag is true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// Gross when the item's `Vat` flag is true **and** the shop's `ProductPricesWithVat` is
    /// true (prices are entered like product prices); net otherwise. The default.
    #[default]
    Shop,
    /// Always net (ex VAT).
    Net,
    /// Gross whenever the item's `Vat` flag is true.
    Gross,
}

/// Extension: what `OrderLine.Discount` means (the sheet says it is unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineDiscountMode {
    /// A net amount off each unit. The default.
    #[default]
    PerUnitAmount,
    /// A net amount off the whole line.
    LineAmount,
    /// A percentage off the line.
    Percent,
}

/// Extension: how a bundle ("packet") order line with `PacketLines` is transferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleMode {
    /// Transfer the bundle line itself (its item number, quantity and price; Rackbeat holds
    /// the bundle as a product or lot/BOM); sub-lines are informational only. The default.
    #[default]
    BundleLine,
    /// Transfer the sub-lines (each with its own item number, quantity and price) instead of
    /// the bundle line.
    Components,
}

/// Extension: where the Rackbeat stock sent to SmartWeb is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockFrom {
    /// `available_quantity` over all locations. The default.
    #[default]
    Total,
    /// Available quantity at the `location` setting (S9) only.
    Location,
}

/// Extension: where an order line's VAT percentage comes from under a [`VatZoneRule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineVat {
    /// The product's SmartWeb VAT group (`VatGroup.VatPercentage`). The default.
    #[default]
    ProductGroup,
    /// The delivery country's `Tax` (private) or `CompanyTax` (B2B) rate (OSS sales).
    DeliveryCountry,
    /// 0 % (export outside the EU, reverse charge).
    Zero,
}

/// Extension: a VAT-zone rule. The first rule whose conditions all match the order wins;
/// with none matching, the order gets `vat_zone` (S8) and product-group VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VatZoneRule {
    /// Delivery-country ISO codes this rule applies to (`["SE", "DE"]`); empty = any country.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Applies only to orders outside these countries (`["DK"]`); empty = no exclusion.
    #[serde(default)]
    pub except_countries: Vec<String>,
    /// `Some(true)`: B2B orders only; `Some(false)`: private only; `None`: both.
    #[serde(default)]
    pub b2b: Option<bool>,
    /// The Rackbeat `vat_zone` to set (`domestic`, `eu`, `abroad`, `domestic_exempt`).
    pub vat_zone: String,
    /// Where each line's VAT percentage comes from.
    #[serde(default)]
    pub line_vat: LineVat,
}

/// Extension: job intervals in minutes (cron mode, and catch-up polling under webhooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// Order import interval. Default 5.
    pub orders_minutes: u32,
    /// Stock sync interval. Default 15.
    pub stock_minutes: u32,
    /// Product sync interval. Default 60.
    pub products_minutes: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            orders_minutes: 5,
            stock_minutes: 15,
            products_minutes: 60,
        }
    }
}

/// All settings of the integration. Field names are the names of the [settings
/// list](https://github.com/smartweb-rackbeat/smartweb-rackbeat/blob/main/docs/SETTINGS.md);
/// the extensions follow. Defaults are stated per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// C2: shops/sites covered. Default `all`.
    pub scope: Scope,
    /// C3: webhooks or cron. Default `cron`.
    pub trigger: Trigger,
    /// C4: create the webhooks in SmartWeb when `trigger = webhooks`. Default `false`.
    pub register_webhooks: bool,
    /// C5: transfer SmartWeb orders to Rackbeat. Default `true`.
    pub transfer_orders: bool,
    /// C6: product source of truth. Default `rackbeat`.
    pub product_source: ProductSource,
    /// O1: state of transferred orders. Default `draft`.
    pub order_state: OrderState,
    /// S1: send Rackbeat stock to SmartWeb. Default `true`.
    pub sync_stock: bool,
    /// S2: SmartWeb category for products created from Rackbeat (required when
    /// `product_source = rackbeat`). Default none.
    pub smartweb_category_id: Option<u32>,
    /// S3: Rackbeat payment-terms number for orders/customers (required when orders are
    /// transferred). Default none.
    pub payment_terms: Option<u32>,
    /// S4: Rackbeat customer-group number for new customers (required when orders are
    /// transferred). Default none.
    pub customer_group: Option<u32>,
    /// S5: Rackbeat employee number, "our reference" on orders. Default none (not set).
    pub employee: Option<u32>,
    /// S6: Rackbeat layout number for orders (required when orders are transferred).
    pub layout: Option<u32>,
    /// S7: Rackbeat product group for products created from SmartWeb (required when
    /// `product_source = smartweb`).
    pub product_group: Option<u32>,
    /// S8: Rackbeat VAT zone for orders when no [`VatZoneRule`] matches. Default `"domestic"`.
    pub vat_zone: String,
    /// S9: Rackbeat location number goods are drawn from (set on every order line).
    pub location: Option<u32>,
    /// L1: Rackbeat item number of the shipping line with VAT (required when orders are
    /// transferred).
    pub shipping_product_with_vat: Option<String>,
    /// L2: Rackbeat item number of the shipping line without VAT (required when orders are
    /// transferred).
    pub shipping_product_without_vat: Option<String>,
    /// L3: Rackbeat item number of the fee line (a product without VAT; required when
    /// orders are transferred).
    pub fee_product: Option<String>,
    /// L4: unused, but must hold a value. Default `"RB01"`.
    pub legacy_rb01: String,
    /// L5: Rackbeat item number for credit notes made in SmartWeb (required when
    /// `credit_notes = true`).
    pub credit_note_product: Option<String>,

    /// Extension: largest accepted difference between the planned and the SmartWeb net total.
    /// Default `0.05` (five øre). Must not be negative.
    pub totals_tolerance: Decimal,
    /// Extension: how amounts are rounded to 2 decimals. Default `half_up`.
    pub rounding: RoundingStrategy,
    /// Extension: Rackbeat item number (without VAT) of a line that closes a gap within
    /// tolerance. Default none: no rounding line, the gap is accepted as is.
    pub rounding_line_product: Option<String>,
    /// Extension: Rackbeat item number used for SmartWeb discount codes (one negative line per
    /// VAT rate). Optional: without it (as in the hosted app, which has no such setting) a
    /// code's discount is taken off the product lines' unit prices, per VAT rate, to the øre
    /// (see `order/spread.rs`); an order whose codes exceed its goods then fails and names
    /// this setting.
    pub discount_product: Option<String>,
    /// Extension: VAT-zone rules by delivery country and B2B flag; first match wins, falling
    /// back to `vat_zone`. Default none.
    pub vat_zone_rules: Vec<VatZoneRule>,
    /// Extension: VAT percentage of a shipping line with VAT under product-group VAT.
    /// Default `25` (Danish standard rate).
    pub standard_vat_percent: Decimal,
    /// Extension: VAT percentage for a line whose product's VAT group is unknown (e.g. the
    /// product was deleted). Default none: such a line is a mapping error.
    pub default_vat_percent: Option<Decimal>,
    /// Extension: SmartWeb order status ids that are imported. Default
    /// `["0","1","2","3","4","6","7","8"]`: every status but cancelled (5), draft (99) and
    /// credit note (100, see `credit_note_statuses`). `0` ("not received") is included because
    /// orders created through the API start there (API sheet §6); drop it if your shop leaves
    /// unfinished checkouts at 0.
    pub imported_statuses: Vec<String>,
    /// Extension: transfer SmartWeb credit notes (non-empty `Origin` or negative total).
    /// Default `false` (credit notes are made in Rackbeat).
    pub credit_notes: bool,
    /// Extension: SmartWeb status ids at which a credit note is imported. Default `["100"]`.
    pub credit_note_statuses: Vec<String>,
    /// Extension: SmartWeb status / tracking write-back when Rackbeat orders progress.
    pub status_writeback: StatusWriteback,
    /// Extension: count Rackbeat stock in total or at `location`. Default `total`.
    pub stock_from: StockFrom,
    /// Extension: SmartWeb stock location id written to; none = the product's plain `Stock`.
    pub smartweb_stock_location_id: Option<u32>,
    /// Extension: the Rackbeat `other_reference` tying an order to its SmartWeb order; must
    /// contain `{number}` or `{id}` (both the SmartWeb order id). Default `"SW-{number}"`.
    pub reference_format: String,
    /// Extension: the Rackbeat order `heading`; same placeholders. Default
    /// `"SmartWeb order {number}"`.
    pub heading_format: String,
    /// Extension: minutes each polling window overlaps the previous one. Default 10.
    pub order_overlap_minutes: u32,
    /// Extension: how many days back the first order import looks when no run has happened
    /// yet (no cursor and no `--since`). Default 180: it catches a shop's recent orders
    /// without replaying years of history; preview with a dry run, or give `--since`.
    pub initial_lookback_days: u32,
    /// Extension: job intervals.
    pub schedule: Schedule,
    /// Extension: how delivery, payment-fee and discount-code prices are read. Default `shop`.
    pub fee_price_basis: PriceBasis,
    /// Extension: meaning of `OrderLine.Discount`. Default `per_unit_amount`.
    pub line_discount: LineDiscountMode,
    /// Extension: bundle handling. Default `bundle_line`.
    pub bundles: BundleMode,
    /// Extension: Rackbeat item number the probe's write round trip (`sync probe --write`)
    /// puts on its draft order (two units), which it deletes again. Default none: the round
    /// trip is refused until it is set.
    pub probe_item: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            scope: Scope::All,
            trigger: Trigger::Cron,
            register_webhooks: false,
            transfer_orders: true,
            product_source: ProductSource::Rackbeat,
            order_state: OrderState::Draft,
            sync_stock: true,
            smartweb_category_id: None,
            payment_terms: None,
            customer_group: None,
            employee: None,
            layout: None,
            product_group: None,
            vat_zone: "domestic".to_owned(),
            location: None,
            shipping_product_with_vat: None,
            shipping_product_without_vat: None,
            fee_product: None,
            legacy_rb01: "RB01".to_owned(),
            credit_note_product: None,
            totals_tolerance: Decimal::new(5, 2),
            rounding: RoundingStrategy::HalfUp,
            rounding_line_product: None,
            discount_product: None,
            vat_zone_rules: Vec::new(),
            standard_vat_percent: Decimal::from(25),
            default_vat_percent: None,
            imported_statuses: ["0", "1", "2", "3", "4", "6", "7", "8"]
                .map(str::to_owned)
                .to_vec(),
            credit_notes: false,
            credit_note_statuses: vec!["100".to_owned()],
            status_writeback: StatusWriteback::default(),
            stock_from: StockFrom::Total,
            smartweb_stock_location_id: None,
            reference_format: "SW-{number}".to_owned(),
            heading_format: "SmartWeb order {number}".to_owned(),
            order_overlap_minutes: 10,
            initial_lookback_days: 180,
            schedule: Schedule::default(),
            fee_price_basis: PriceBasis::Shop,
            line_discount: LineDiscountMode::PerUnitAmount,
            bundles: BundleMode::BundleLine,
            probe_item: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn complete() -> Settings {
        Settings {
            payment_terms: Some(1),
            customer_group: Some(2),
            employee: Some(3),
            layout: Some(4),
            smartweb_category_id: Some(10),
            shipping_product_with_vat: Some("FRAGT".into()),
            shipping_product_without_vat: Some("FRAGT0".into()),
            fee_product: Some("GEBYR".into()),
            vat_zone_rules: vec![VatZoneRule {
                countries: vec!["SE".into()],
                except_countries: vec![],
                b2b: Some(false),
                vat_zone: "eu".into(),
                line_vat: LineVat::DeliveryCountry,
            }],
            ..Settings::default()
        }
    }

    #[test]
    fn toml_round_trip_keeps_every_value() {
        let s = complete();
        let text = toml::to_string(&s).unwrap();
        let back: Settings = toml::from_str(&text).unwrap();
        assert_eq!(back, s);
        assert!(back.validate().is_ok());
    }

    #[test]
    fn empty_toml_gives_documented_defaults() {
        let s: Settings = toml::from_str("").unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.legacy_rb01, "RB01");
        assert_eq!(s.reference_format, "SW-{number}");
        assert_eq!(s.totals_tolerance, dec!(0.05));
        assert_eq!(s.schedule.orders_minutes, 5);
        assert_eq!(s.schedule.stock_minutes, 15);
        assert_eq!(s.schedule.products_minutes, 60);
    }

    #[test]
    fn hand_written_toml_reads() {
        let text = r#"
            trigger = "webhooks"
            register_webhooks = true
            product_source = "smartweb"
            order_state = "booked"
            product_group = 7
            payment_terms = 1
            customer_group = 1
            layout = 1
            shipping_product_with_vat = "F1"
            shipping_product_without_vat = "F0"
            fee_product = "GEBYR"
            totals_tolerance = "0.10"
            rounding = "half_even"
            standard_vat_percent = 25

            [[vat_zone_rules]]
            except_countries = ["DK"]
            b2b = true
            vat_zone = "eu"
            line_vat = "zero"

            [status_writeback]
            on_shipped = 3

            [schedule]
            orders_minutes = 2
        "#;
        let s: Settings = toml::from_str(text).unwrap();
        assert_eq!(s.trigger, Trigger::Webhooks);
        assert_eq!(s.product_source, ProductSource::Smartweb);
        assert_eq!(s.totals_tolerance, dec!(0.10));
        assert_eq!(s.rounding, RoundingStrategy::HalfEven);
        assert_eq!(s.vat_zone_rules[0].line_vat, LineVat::Zero);
        assert_eq!(s.schedule.orders_minutes, 2);
        assert_eq!(s.schedule.stock_minutes, 15);
        assert!(s.validate().is_ok(), "{:?}", s.validate());
    }

    #[test]
    fn decimals_read_from_strings_integers_and_floats() {
        let s: Settings = toml::from_str(
            "totals_tolerance = 0.05\nstandard_vat_percent = 25\ndefault_vat_percent = \"12.5\"",
        )
        .unwrap();
        assert_eq!(s.totals_tolerance, dec!(0.05));
        assert_eq!(s.standard_vat_percent, dec!(25));
        assert_eq!(s.default_vat_percent, Some(dec!(12.5)));
    }

    #[test]
    fn unknown_key_is_rejected_by_name() {
        let err = toml::from_str::<Settings>("layuot = 3").unwrap_err();
        assert!(err.to_string().contains("layuot"), "{err}");
        let err = toml::from_str::<Settings>("[schedule]\nordres_minutes = 3").unwrap_err();
        assert!(err.to_string().contains("ordres_minutes"), "{err}");
    }
}
