//! Product planning: given both catalogues and `product_source`, the minimal list of creates
//! and updates in the other system.
//!
//! Rules (both directions):
//! - Products are matched by item number (Rackbeat `number` = SmartWeb `ItemNumber` of a
//!   product or a variant), compared after trimming. An item number that appears twice on
//!   one side is skipped with a reason (the match would be a guess).
//! - Only fields that differ are written; an unchanged product produces nothing, so planning
//!   again after applying a plan gives no writes (idempotent).
//! - An empty text or a missing number on the source side never clears the target's value.
//! - Nothing is ever deleted: a product missing from the source is left alone.
//! - Prices are rounded to 2 decimals with the configured strategy.
//!
//! Rackbeat → SmartWeb (`to_smartweb.rs`):
//! - A Rackbeat product matching a SmartWeb product updates title, description, price, cost
//!   (`BuyingPrice`), weight and EAN; matching a variant updates price, cost, weight and EAN
//!   (a variant's title is its variant values). A new number creates a SmartWeb product in
//!   `smartweb_category_id`; variants are never created (their parent is unknown).
//! - Price: Rackbeat's `sales_price` is net. When the shop's `ProductPricesWithVat` is true,
//!   SmartWeb gets `round(net × (1 + rate/100))` with the rate of the SmartWeb product's VAT
//!   group, else the Rackbeat product's rate, else `standard_vat_percent`; otherwise the net.
//!   A variant with no own price (inherits the product's) is left alone when the inherited
//!   price is already right.
//! - Barred Rackbeat products are set offline (`Status = false`) in SmartWeb, never deleted
//!   and never created; un-barring does not switch a product back online (a person decides).
//!
//! SmartWeb → Rackbeat (`to_rackbeat.rs`):
//! - Each SmartWeb product without variants, and each variant with an item number, is one
//!   Rackbeat product (`number`, `name`, net `sales_price`, `cost_price`, `barcode` = EAN,
//!   `weight`); new ones get `product_group`. A product whose variants carry item numbers is
//!   not itself transferred. A variant's name is "product title - variant title"; its price
//!   is its own, else the product's.
//! - Net price: SmartWeb's price is gross when `ProductPricesWithVat` is true and becomes
//!   `round(price / (1 + rate/100))` with the product's VAT group rate (a product without a
//!   known rate is skipped); otherwise it is already net.
//! - SmartWeb's `Status` (visibility) is not mirrored to Rackbeat.

mod to_rackbeat;
mod to_smartweb;
mod view;

use crate::settings::{ProductSource, Settings};

pub use view::{
    ProductAction, ProductPlan, ProductSkip, RbProductChanges, RbProductDraft, RbProductView,
    SwProductChanges, SwProductDraft, SwProductView, SwVariantView,
};

/// What product planning needs besides the catalogues.
#[derive(Debug, Clone, Copy)]
pub struct ProductContext<'a> {
    /// The settings (`smartweb_category_id`, `product_group`, `standard_vat_percent`,
    /// `rounding`).
    pub settings: &'a Settings,
    /// `ShopWebinfo.ProductPricesWithVat`.
    pub product_prices_with_vat: bool,
}

/// Plans the product writes from `source` to the other system.
///
/// The actions come in a deterministic order (by item number, then kind).
#[must_use]
pub fn plan_products(
    source: ProductSource,
    rackbeat: &[RbProductView],
    smartweb: &[SwProductView],
    ctx: &ProductContext<'_>,
) -> ProductPlan {
    let actions = match source {
        ProductSource::Rackbeat => {
            // Line products (shipping, fee, credit note, …) are bookkeeping items, not goods:
            // they never become webshop products.
            let line_products = line_products(ctx.settings);
            let (lines, goods): (Vec<_>, Vec<_>) = rackbeat
                .iter()
                .cloned()
                .partition(|p| line_products.contains(&p.number.trim()));
            let mut actions = to_smartweb::plan(&goods, smartweb, ctx);
            actions.extend(lines.into_iter().map(|p| ProductAction::Skip {
                item_number: p.number,
                reason: ProductSkip::LineProduct,
            }));
            actions
        }
        ProductSource::Smartweb => to_rackbeat::plan(smartweb, rackbeat, ctx),
    };
    ProductPlan { actions }
}

/// The item numbers of the configured line products (L1–L5 and the extension lines).
#[must_use]
pub fn line_products(settings: &Settings) -> Vec<&str> {
    [
        &settings.shipping_product_with_vat,
        &settings.shipping_product_without_vat,
        &settings.fee_product,
        &settings.credit_note_product,
        &settings.rounding_line_product,
        &settings.discount_product,
    ]
    .into_iter()
    .filter_map(|p| p.as_deref().map(str::trim))
    .chain(std::iter::once(settings.legacy_rb01.trim()))
    .filter(|p| !p.is_empty())
    .collect()
}

#[cfg(test)]
mod tests;
