//! SmartWeb models → sync-core inputs.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use smartweb_client::model;
use smartweb_client::values::parse_shop_datetime;

use crate::context::{DeliveryCountry, VatLookup};
use crate::shop::{
    ShopCurrency, ShopCustomer, ShopDelivery, ShopDiscountCode, ShopOrder, ShopOrderLine,
    ShopPayment,
};

fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or_default().trim().to_owned()
}

fn id(value: Option<i64>) -> Option<u64> {
    value.and_then(|v| u64::try_from(v).ok()).filter(|v| *v > 0)
}

/// A SmartWeb order as read with the full field sets.
#[must_use]
pub fn shop_order(order: &model::Order) -> ShopOrder {
    ShopOrder {
        id: id(order.id),
        status: order.status.as_ref().map(|s| s.trim().to_owned()),
        total: order.total,
        vat: order.vat,
        origin: text(&order.origin),
        reference_number: text(&order.reference_number),
        language_iso: text(&order.language_iso),
        site: order.site.and_then(|s| u32::try_from(s).ok()),
        created_at: order
            .date_delivered
            .as_deref()
            .and_then(parse_shop_datetime),
        currency: order.currency.as_deref().map(|c| ShopCurrency {
            iso: text(&c.iso),
            rate: c.currency,
            round: c.round.and_then(|r| i32::try_from(r).ok()),
        }),
        customer: order.customer.as_deref().map(customer),
        delivery: order.delivery.as_deref().map(|d| ShopDelivery {
            title: text(&d.title),
            price: d.price,
            vat: d.vat.unwrap_or(false),
            method_id: d.delivery_method_id.and_then(|m| u32::try_from(m).ok()),
        }),
        payment: order.payment.as_deref().map(|p| ShopPayment {
            title: text(&p.title),
            price: p.price,
            vat: p.vat.unwrap_or(false),
        }),
        discount_codes: order
            .discount_codes
            .iter()
            .map(|d| ShopDiscountCode {
                title: text(&d.title),
                kind: text(&d.r#type),
                value: d.value,
                discount: d.discount,
                vat: d.vat.unwrap_or(false),
            })
            .collect(),
        lines: order.order_lines.iter().map(line).collect(),
    }
}

fn customer(c: &model::OrderCustomer) -> ShopCustomer {
    ShopCustomer {
        firstname: text(&c.firstname),
        lastname: text(&c.lastname),
        company: text(&c.company),
        b2b: c.b2b.unwrap_or(false),
        cvr: text(&c.cvr),
        ean: text(&c.ean),
        address: text(&c.address),
        address2: text(&c.address2),
        zip: text(&c.zip),
        city: text(&c.city),
        country: text(&c.country),
        country_code: text(&c.country_code),
        state: text(&c.state),
        phone: text(&c.phone),
        mobile: text(&c.mobile),
        email: text(&c.email),
        shipping_firstname: text(&c.shipping_firstname),
        shipping_lastname: text(&c.shipping_lastname),
        shipping_company: text(&c.shipping_company),
        shipping_address: text(&c.shipping_address),
        shipping_address2: text(&c.shipping_address2),
        shipping_zip: text(&c.shipping_zip),
        shipping_city: text(&c.shipping_city),
        shipping_country: text(&c.shipping_country),
        shipping_country_code: text(&c.shipping_country_code),
        shipping_state: text(&c.shipping_state),
        shipping_phone: text(&c.shipping_phone),
        shipping_mobile: text(&c.shipping_mobile),
        shipping_email: text(&c.shipping_email),
    }
}

fn line(l: &model::OrderLine) -> ShopOrderLine {
    ShopOrderLine {
        product_id: id(l.product_id),
        variant_id: id(l.variant_id),
        item_number: text(&l.item_number),
        product_title: text(&l.product_title),
        variant_title: text(&l.variant_title),
        amount: l.amount,
        price: l.price,
        discount: l.discount,
        vat_rate: l.vat_rate,
        packet_lines: l.packet_lines.iter().map(line).collect(),
        offline_product: l.offline_product.unwrap_or(false),
    }
}

/// The delivery-country table by id (what `OrderCustomer.CountryCode` holds).
#[must_use]
pub fn delivery_countries(
    countries: &[model::ProductDeliveryCountry],
) -> BTreeMap<u32, DeliveryCountry> {
    countries
        .iter()
        .filter_map(|c| {
            let country_id = u32::try_from(c.id?).ok()?;
            Some((
                country_id,
                DeliveryCountry {
                    id: country_id,
                    iso: text(&c.iso).to_uppercase(),
                    tax: c.tax.map(Decimal::from),
                    company_tax: c.company_tax.map(Decimal::from),
                },
            ))
        })
        .collect()
}

/// VAT percent per product id and item number (products and their variants), from the
/// products' `VatGroupId` and the shop's VAT groups.
#[must_use]
pub fn vat_lookup(products: &[model::Product], vat_groups: &[model::VatGroup]) -> VatLookup {
    let rates: BTreeMap<i64, Decimal> = vat_groups
        .iter()
        .filter_map(|g| Some((g.id?, Decimal::from(g.vat_percentage?))))
        .collect();
    let mut lookup = VatLookup::default();
    for product in products {
        let Some(rate) = product.vat_group_id.and_then(|g| rates.get(&g)).copied() else {
            continue;
        };
        if let Some(product_id) = id(product.id) {
            lookup.by_product_id.insert(product_id, rate);
        }
        let item = text(&product.item_number);
        if !item.is_empty() {
            lookup.by_item_number.insert(item, rate);
        }
        for variant in &product.variants {
            let item = text(&variant.item_number);
            if !item.is_empty() {
                lookup.by_item_number.insert(item, rate);
            }
        }
    }
    lookup
}

/// A SmartWeb product (with its variants) as product planning sees it. `vat_groups` gives the
/// VAT percent per `VatGroupId`.
#[must_use]
pub fn product_view(
    product: &model::Product,
    vat_groups: &BTreeMap<i64, Decimal>,
) -> crate::products::SwProductView {
    crate::products::SwProductView {
        id: id(product.id),
        item_number: text(&product.item_number),
        title: text(&product.title),
        description: product
            .description_long
            .as_ref()
            .or(product.description.as_ref())
            .map(|d| d.trim().to_owned())
            .unwrap_or_default(),
        price: product.price,
        buying_price: product.buying_price,
        weight: product.weight,
        ean: text(&product.ean),
        status: product.status.unwrap_or(true),
        vat_percent: product
            .vat_group_id
            .and_then(|g| vat_groups.get(&g))
            .copied(),
        category_id: product.category_id.and_then(|c| u32::try_from(c).ok()),
        variants: product
            .variants
            .iter()
            .map(|v| crate::products::SwVariantView {
                id: id(v.id),
                item_number: text(&v.item_number),
                title: text(&v.title),
                price: v.price,
                buying_price: v.buying_price,
                weight: v.weight,
                ean: text(&v.ean),
                status: v.status.unwrap_or(true),
            })
            .collect(),
    }
}

/// VAT percent per SmartWeb VAT group id.
#[must_use]
pub fn vat_rates(vat_groups: &[model::VatGroup]) -> BTreeMap<i64, Decimal> {
    vat_groups
        .iter()
        .filter_map(|g| Some((g.id?, Decimal::from(g.vat_percentage?))))
        .collect()
}

/// The VAT group of a rate, if the shop has one with exactly that percentage.
#[must_use]
pub fn vat_group_for(vat_groups: &[model::VatGroup], percent: Decimal) -> Option<i64> {
    vat_groups
        .iter()
        .find(|g| g.vat_percentage.map(Decimal::from) == Some(percent))
        .and_then(|g| g.id)
}

/// The `Product_CreateOrUpdate` body for a planned SmartWeb product.
#[must_use]
pub fn product_create(
    draft: &crate::products::SwProductDraft,
    vat_groups: &[model::VatGroup],
) -> model::ProductCreateUpdate {
    model::ProductCreateUpdate {
        item_number: Some(draft.item_number.clone()),
        title: Some(draft.title.clone()),
        description_long: (!draft.description.is_empty()).then(|| draft.description.clone()),
        price: Some(draft.price),
        buying_price: draft.buying_price,
        weight: draft.weight,
        ean: (!draft.ean.is_empty()).then(|| draft.ean.clone()),
        category_id: Some(i64::from(draft.category_id)),
        vat_group_id: vat_group_for(vat_groups, draft.vat_percent),
        status: Some(draft.status),
        online: Some(draft.status),
        ..model::ProductCreateUpdate::default()
    }
}

/// The partial `Product_Update` body: only the changed fields are sent.
#[must_use]
pub fn product_update(
    id_or_none: Option<u64>,
    item_number: &str,
    changes: &crate::products::SwProductChanges,
) -> model::ProductUpdate {
    let product_id = id_or_none.and_then(|i| i64::try_from(i).ok());
    model::ProductUpdate {
        id: product_id,
        item_number: product_id.is_none().then(|| item_number.to_owned()),
        title: changes.title.clone(),
        description_long: changes.description.clone(),
        price: changes.price,
        buying_price: changes.buying_price,
        weight: changes.weight,
        ean: changes.ean.clone(),
        status: changes.status,
        ..model::ProductUpdate::default()
    }
}

/// The partial `Product_UpdateVariant` body.
#[must_use]
pub fn variant_update(
    variant_id: Option<u64>,
    item_number: &str,
    changes: &crate::products::SwProductChanges,
) -> model::ProductVariantUpdate {
    let vid = variant_id.and_then(|i| i64::try_from(i).ok());
    model::ProductVariantUpdate {
        id: vid,
        item_number: vid.is_none().then(|| item_number.to_owned()),
        price: changes.price,
        buying_price: changes.buying_price,
        weight: changes.weight,
        ean: changes.ean.clone(),
        status: changes.status,
        ..model::ProductVariantUpdate::default()
    }
}

/// The stock positions of a SmartWeb product: the product itself and each variant that has an
/// item number (variant stock is kept per variant).
#[must_use]
pub fn stock_views(product: &model::Product) -> Vec<crate::stock::SwStockView> {
    let Some(product_id) = id(product.id) else {
        return Vec::new();
    };
    let mut views = vec![crate::stock::SwStockView {
        item_number: text(&product.item_number),
        target: crate::stock::StockTarget::Product { product_id },
        current: product.stock,
    }];
    for variant in &product.variants {
        let Some(variant_id) = id(variant.id) else {
            continue;
        };
        let item_number = text(&variant.item_number);
        if item_number.is_empty() {
            continue;
        }
        views.push(crate::stock::SwStockView {
            item_number,
            target: crate::stock::StockTarget::Variant {
                product_id,
                variant_id,
            },
            current: variant.stock,
        });
    }
    views
}
