//! SmartWeb → Rackbeat product planning (rules in the module docs of `products`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::money::{MoneyOverflow, net_from_gross};

use super::ProductContext;
use super::to_smartweb::{text_change, value_change};
use super::view::{
    ProductAction, ProductSkip, RbProductChanges, RbProductDraft, RbProductView, SwProductView,
};

/// One SmartWeb product or variant, flattened to what Rackbeat gets.
struct Source {
    name: String,
    description: String,
    price: Option<Decimal>,
    cost: Option<Decimal>,
    ean: String,
    weight: Option<Decimal>,
    vat: Option<Decimal>,
}

fn skip(item_number: &str, reason: ProductSkip) -> ProductAction {
    ProductAction::Skip {
        item_number: item_number.to_owned(),
        reason,
    }
}

fn join_title(product: &str, variant: &str) -> String {
    match (product.trim(), variant.trim()) {
        (p, "") => p.to_owned(),
        ("", v) => v.to_owned(),
        (p, v) => format!("{p} - {v}"),
    }
}

fn sources<'a>(
    smartweb: &'a [SwProductView],
    actions: &mut Vec<ProductAction>,
) -> BTreeMap<&'a str, Vec<Source>> {
    let mut out: BTreeMap<&str, Vec<Source>> = BTreeMap::new();
    for p in smartweb {
        let numbered: Vec<_> = p
            .variants
            .iter()
            .filter(|v| !v.item_number.trim().is_empty())
            .collect();
        if numbered.is_empty() {
            let key = p.item_number.trim();
            if key.is_empty() {
                actions.push(skip(&p.title, ProductSkip::MissingItemNumber));
                continue;
            }
            out.entry(key).or_default().push(Source {
                name: p.title.trim().to_owned(),
                description: p.description.trim().to_owned(),
                price: p.price,
                cost: p.buying_price,
                ean: p.ean.trim().to_owned(),
                weight: p.weight,
                vat: p.vat_percent,
            });
            continue;
        }
        if !p.item_number.trim().is_empty() {
            actions.push(skip(&p.item_number, ProductSkip::HasVariants));
        }
        for v in &p.variants {
            let key = v.item_number.trim();
            if key.is_empty() {
                actions.push(skip(
                    &join_title(&p.title, &v.title),
                    ProductSkip::MissingItemNumber,
                ));
                continue;
            }
            out.entry(key).or_default().push(Source {
                name: join_title(&p.title, &v.title),
                description: p.description.trim().to_owned(),
                price: v.price.filter(|x| !x.is_zero()).or(p.price),
                cost: v.buying_price.or(p.buying_price),
                ean: v.ean.trim().to_owned(),
                weight: v.weight.or(p.weight),
                vat: p.vat_percent,
            });
        }
    }
    out
}

pub(super) fn plan(
    smartweb: &[SwProductView],
    rackbeat: &[RbProductView],
    ctx: &ProductContext<'_>,
) -> Vec<ProductAction> {
    let mut actions = Vec::new();
    let sources = sources(smartweb, &mut actions);
    let mut targets: BTreeMap<&str, Vec<&RbProductView>> = BTreeMap::new();
    for p in rackbeat {
        let key = p.number.trim();
        if !key.is_empty() {
            targets.entry(key).or_default().push(p);
        }
    }
    for (number, list) in &sources {
        let [source] = list.as_slice() else {
            actions.push(skip(number, ProductSkip::Duplicate("SmartWeb")));
            continue;
        };
        let action = match targets.get(number).map(Vec::as_slice) {
            None => create(number, source, ctx),
            Some([rb]) => update(number, source, rb, ctx),
            Some(_) => Some(Ok(skip(number, ProductSkip::Duplicate("Rackbeat")))),
        };
        match action {
            Some(Ok(a)) => actions.push(a),
            Some(Err(MoneyOverflow)) => actions.push(skip(number, ProductSkip::OutOfRange)),
            None => {}
        }
    }
    actions
}

/// The net price of a source, `Ok(None)` when it has none, or the reason it cannot be had.
fn net_price(source: &Source, ctx: &ProductContext<'_>) -> Result<Option<Decimal>, ProductSkip> {
    let Some(price) = source.price else {
        return Ok(None);
    };
    let rounding = ctx.settings.rounding;
    if !ctx.product_prices_with_vat {
        return Ok(Some(rounding.round(price)));
    }
    let vat = source.vat.ok_or(ProductSkip::UnknownVat)?;
    net_from_gross(price, vat, rounding)
        .map(Some)
        .map_err(|_| ProductSkip::OutOfRange)
}

fn create(
    number: &str,
    source: &Source,
    ctx: &ProductContext<'_>,
) -> Option<Result<ProductAction, MoneyOverflow>> {
    let Some(group) = ctx.settings.product_group else {
        return Some(Ok(skip(number, ProductSkip::NoProductGroup)));
    };
    let sales_price = match net_price(source, ctx) {
        Ok(Some(p)) => p,
        Ok(None) => return Some(Ok(skip(number, ProductSkip::NoPrice))),
        Err(reason) => return Some(Ok(skip(number, reason))),
    };
    let rounding = ctx.settings.rounding;
    Some(Ok(ProductAction::CreateRackbeat(RbProductDraft {
        number: number.to_owned(),
        name: source.name.clone(),
        description: source.description.clone(),
        group,
        sales_price,
        cost_price: source.cost.map(|c| rounding.round(c)),
        barcode: source.ean.clone(),
        weight: source.weight,
    })))
}

fn update(
    number: &str,
    source: &Source,
    rb: &RbProductView,
    ctx: &ProductContext<'_>,
) -> Option<Result<ProductAction, MoneyOverflow>> {
    let sales_price = match net_price(source, ctx) {
        Ok(p) => p,
        Err(reason) => return Some(Ok(skip(number, reason))),
    };
    let rounding = ctx.settings.rounding;
    let changes = RbProductChanges {
        name: text_change(&source.name, &rb.name),
        description: text_change(&source.description, &rb.description),
        sales_price: value_change(sales_price, rb.sales_price),
        cost_price: value_change(source.cost.map(|c| rounding.round(c)), rb.cost_price),
        barcode: text_change(&source.ean, &rb.barcode),
        weight: value_change(source.weight, rb.weight),
    };
    (!changes.is_empty()).then(|| {
        Ok(ProductAction::UpdateRackbeat {
            number: number.to_owned(),
            changes,
        })
    })
}
