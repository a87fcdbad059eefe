//! Rackbeat → SmartWeb product planning (rules in the module docs of `products`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::money::{MoneyOverflow, gross_from_net};

use super::ProductContext;
use super::view::{
    ProductAction, ProductSkip, RbProductView, SwProductChanges, SwProductDraft, SwProductView,
};

#[derive(Debug, Clone, Copy)]
enum Target {
    Product(usize),
    Variant(usize, usize),
}

/// `Some(new)` when the source text is non-empty and differs from the target's.
pub(super) fn text_change(source: &str, target: &str) -> Option<String> {
    let s = source.trim();
    (!s.is_empty() && s != target.trim()).then(|| s.to_owned())
}

/// `Some(new)` when the source value is set and differs from the target's.
pub(super) fn value_change(source: Option<Decimal>, target: Option<Decimal>) -> Option<Decimal> {
    source.filter(|s| Some(*s) != target)
}

fn shop_price(
    ctx: &ProductContext<'_>,
    net: Decimal,
    rate: Decimal,
) -> Result<Decimal, MoneyOverflow> {
    let rounding = ctx.settings.rounding;
    if ctx.product_prices_with_vat {
        gross_from_net(net, rate, rounding)
    } else {
        Ok(rounding.round(net))
    }
}

fn skip(item_number: &str, reason: ProductSkip) -> ProductAction {
    ProductAction::Skip {
        item_number: item_number.to_owned(),
        reason,
    }
}

pub(super) fn plan(
    rackbeat: &[RbProductView],
    smartweb: &[SwProductView],
    ctx: &ProductContext<'_>,
) -> Vec<ProductAction> {
    let mut targets: BTreeMap<&str, Vec<Target>> = BTreeMap::new();
    for (i, p) in smartweb.iter().enumerate() {
        let key = p.item_number.trim();
        if !key.is_empty() {
            targets.entry(key).or_default().push(Target::Product(i));
        }
        for (j, v) in p.variants.iter().enumerate() {
            let key = v.item_number.trim();
            if !key.is_empty() {
                targets.entry(key).or_default().push(Target::Variant(i, j));
            }
        }
    }
    let mut actions = Vec::new();
    let mut sources: BTreeMap<&str, Vec<&RbProductView>> = BTreeMap::new();
    for p in rackbeat {
        let key = p.number.trim();
        if key.is_empty() {
            actions.push(skip(&p.name, ProductSkip::MissingItemNumber));
        } else {
            sources.entry(key).or_default().push(p);
        }
    }
    for (number, list) in sources {
        let [rb] = list.as_slice() else {
            actions.push(skip(number, ProductSkip::Duplicate("Rackbeat")));
            continue;
        };
        let action = match targets.get(number).map(Vec::as_slice) {
            None => create(number, rb, ctx),
            Some([Target::Product(i)]) => smartweb
                .get(*i)
                .and_then(|p| update_product(number, rb, p, ctx).transpose()),
            Some([Target::Variant(i, j)]) => smartweb.get(*i).and_then(|p| {
                p.variants
                    .get(*j)
                    .and_then(|v| update_variant(number, rb, p, v, ctx).transpose())
            }),
            Some(_) => Some(Ok(skip(number, ProductSkip::Duplicate("SmartWeb")))),
        };
        match action {
            Some(Ok(a)) => actions.push(a),
            Some(Err(MoneyOverflow)) => actions.push(skip(number, ProductSkip::OutOfRange)),
            None => {}
        }
    }
    actions
}

fn create(
    number: &str,
    rb: &RbProductView,
    ctx: &ProductContext<'_>,
) -> Option<Result<ProductAction, MoneyOverflow>> {
    if rb.is_barred {
        return Some(Ok(skip(number, ProductSkip::BarredNotCreated)));
    }
    let Some(category_id) = ctx.settings.smartweb_category_id else {
        return Some(Ok(skip(number, ProductSkip::NoCategory)));
    };
    let Some(net) = rb.sales_price else {
        return Some(Ok(skip(number, ProductSkip::NoPrice)));
    };
    let rate = rb.vat_percent.unwrap_or(ctx.settings.standard_vat_percent);
    let rounding = ctx.settings.rounding;
    Some(shop_price(ctx, net, rate).map(|price| {
        ProductAction::CreateSmartweb(SwProductDraft {
            item_number: number.to_owned(),
            title: rb.name.trim().to_owned(),
            description: rb.description.trim().to_owned(),
            price,
            buying_price: rb.cost_price.map(|c| rounding.round(c)),
            weight: rb.weight,
            ean: rb.barcode.trim().to_owned(),
            category_id,
            vat_percent: rate,
            status: true,
        })
    }))
}

/// The SmartWeb side's current values, product or variant.
struct Current<'a> {
    price: Option<Decimal>,
    cost: Option<Decimal>,
    weight: Option<Decimal>,
    ean: &'a str,
    status: bool,
}

fn common_changes(
    rb: &RbProductView,
    want_price: Option<Decimal>,
    current: &Current<'_>,
    ctx: &ProductContext<'_>,
) -> SwProductChanges {
    let rounding = ctx.settings.rounding;
    SwProductChanges {
        title: None,
        description: None,
        price: value_change(want_price, current.price),
        buying_price: value_change(rb.cost_price.map(|c| rounding.round(c)), current.cost),
        weight: value_change(rb.weight, current.weight),
        ean: text_change(&rb.barcode, current.ean),
        status: (rb.is_barred && current.status).then_some(false),
    }
}

fn update_product(
    number: &str,
    rb: &RbProductView,
    sw: &SwProductView,
    ctx: &ProductContext<'_>,
) -> Result<Option<ProductAction>, MoneyOverflow> {
    let rate = sw
        .vat_percent
        .or(rb.vat_percent)
        .unwrap_or(ctx.settings.standard_vat_percent);
    let want = rb
        .sales_price
        .map(|net| shop_price(ctx, net, rate))
        .transpose()?;
    let mut changes = common_changes(
        rb,
        want,
        &Current {
            price: sw.price,
            cost: sw.buying_price,
            weight: sw.weight,
            ean: &sw.ean,
            status: sw.status,
        },
        ctx,
    );
    changes.title = text_change(&rb.name, &sw.title);
    changes.description = text_change(&rb.description, &sw.description);
    Ok(
        (!changes.is_empty()).then(|| ProductAction::UpdateSmartwebProduct {
            id: sw.id,
            item_number: number.to_owned(),
            changes,
        }),
    )
}

fn update_variant(
    number: &str,
    rb: &RbProductView,
    parent: &SwProductView,
    sw: &super::view::SwVariantView,
    ctx: &ProductContext<'_>,
) -> Result<Option<ProductAction>, MoneyOverflow> {
    let rate = parent
        .vat_percent
        .or(rb.vat_percent)
        .unwrap_or(ctx.settings.standard_vat_percent);
    let want = rb
        .sales_price
        .map(|net| shop_price(ctx, net, rate))
        .transpose()?;
    let effective = sw.price.filter(|p| !p.is_zero()).or(parent.price);
    let changes = common_changes(
        rb,
        want,
        &Current {
            price: effective,
            cost: sw.buying_price,
            weight: sw.weight,
            ean: &sw.ean,
            status: sw.status,
        },
        ctx,
    );
    Ok(
        (!changes.is_empty()).then(|| ProductAction::UpdateSmartwebVariant {
            product_id: parent.id,
            variant_id: sw.id,
            item_number: number.to_owned(),
            changes,
        }),
    )
}
