//! `Product_*` operations: reads (with language layers), create/update/upsert (single and
//! bulk), variants and stock per product, variant and stock location.

use super::StockWrite;
use super::merge;
use super::orders::{bound, in_window};
use super::responder::Ctx;
use super::state::{State, ZERO_DATE, next_id};
use super::wire::ServiceFault;
use crate::xml::Element;
use crate::{model, ops};

const MISSING_CATEGORY: &str = "A CategoryId must be set when creating a product";

/// Write types send `RelatedProducts`, reads answer `RelatedProductIds`.
const PRODUCT_RENAMES: &[(&str, &str)] = &[("RelatedProducts", "RelatedProductIds")];

/// A product as seen through a language layer: texts exist only in the layer the product was
/// written in (its `LanguageISO`); elsewhere they are absent (PROBE F9).
fn localized(product: &model::Product, language: &str) -> model::Product {
    let mut p = product.clone();
    let own = p.language_iso.as_deref().unwrap_or(language);
    if !own.eq_ignore_ascii_case(language) {
        p.title = None;
        p.seo_title = None;
        p.seo_description = None;
        p.seo_keywords = None;
        p.seo_link = None;
        p.seo_canonical = None;
        p.description = None;
        p.description_short = None;
        p.description_long = None;
        p.language_iso = Some(language.to_owned());
    }
    p
}

fn same_item_number(a: Option<&str>, b: &str, case_sensitive: bool) -> bool {
    a.is_some_and(|a| {
        !a.is_empty()
            && if case_sensitive {
                a == b
            } else if a.is_ascii() && b.is_ascii() {
                // The same answer as below without two allocations per product: an update by
                // item number compares against the whole catalogue.
                a.eq_ignore_ascii_case(b)
            } else {
                a.to_lowercase() == b.to_lowercase()
            }
    })
}

fn view(
    ctx: &mut Ctx<'_>,
    pick: impl Fn(&model::Product) -> bool,
) -> Result<Vec<model::Product>, ServiceFault> {
    let language = ctx.session()?.language.clone();
    Ok(ctx
        .state
        .products
        .values()
        .filter(|p| pick(p))
        .map(|p| localized(p, &language))
        .collect())
}

pub(crate) fn get_all(
    ctx: &mut Ctx<'_>,
    _: ops::ProductGetAll,
) -> Result<Vec<model::Product>, ServiceFault> {
    view(ctx, |_| true)
}

/// `Start` is an offset counted from 0 (the sheet leaves the base open); past the end is empty.
pub(crate) fn get_all_with_limit(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetAllWithLimit,
) -> Result<Vec<model::Product>, ServiceFault> {
    let start = usize::try_from(a.start.max(0)).unwrap_or(usize::MAX);
    let length = usize::try_from(a.length.max(0)).unwrap_or(0);
    // Cut the page before copying: localising the whole catalogue for every page made a full
    // read quadratic in the catalogue.
    let language = ctx.session()?.language.clone();
    Ok(ctx
        .state
        .products
        .values()
        .skip(start)
        .take(length)
        .map(|p| localized(p, &language))
        .collect())
}

pub(crate) fn get_by_id(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetById,
) -> Result<Option<model::Product>, ServiceFault> {
    Ok(view(ctx, |p| p.id == Some(a.product_id))?
        .into_iter()
        .next())
}

pub(crate) fn get_by_ids(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetByIds,
) -> Result<Vec<model::Product>, ServiceFault> {
    let found = view(ctx, |p| p.id.is_some_and(|id| a.product_ids.contains(&id)))?;
    Ok(a.product_ids
        .iter()
        .filter_map(|id| found.iter().find(|p| p.id == Some(*id)).cloned())
        .collect())
}

/// An array: every product with that item number (case-insensitive unless the session asked
/// for case-sensitive matching).
pub(crate) fn get_by_item_number(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetByItemNumber,
) -> Result<Vec<model::Product>, ServiceFault> {
    let case = ctx.session()?.case_sensitive_item_number;
    view(ctx, |p| {
        same_item_number(p.item_number.as_deref(), &a.item_number, case)
    })
}

/// Inclusive window on `DateUpdated`; a never-updated product (zero date) is outside.
pub(crate) fn get_by_updated_date(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetByUpdatedDate,
) -> Result<Vec<model::Product>, ServiceFault> {
    let start = bound("Start", Some(&a.start))?;
    let end = bound("End", Some(&a.end))?;
    view(ctx, |p| in_window(p.date_updated.as_deref(), start, end))
}

fn log_stock(
    state: &mut State,
    operation: &str,
    product_id: i64,
    variant_id: Option<i64>,
    location: Option<i64>,
    stock: i64,
) {
    state.stock_writes.push(StockWrite {
        operation: operation.to_owned(),
        product_id,
        variant_id,
        stock_location_id: location,
        stock,
    });
}

fn sent_stock(fields: &[Element]) -> Option<i64> {
    merge::sent_text(fields, "Stock").and_then(|t| t.trim().parse().ok())
}

fn insert_new_product(
    ctx: &mut Ctx<'_>,
    fields: &[Element],
    operation: &str,
) -> Result<i64, ServiceFault> {
    if merge::sent_text(fields, "CategoryId").is_none_or(|t| t.trim().is_empty()) {
        return Err(ServiceFault::app("PRODUCT", MISSING_CATEGORY));
    }
    let language = ctx.session()?.language.clone();
    let state = &mut *ctx.state;
    let mut product: model::Product = merge::apply(&model::Product::default(), fields)?;
    let floor = state.products.keys().next_back().copied().unwrap_or(0);
    let id = next_id(&mut state.ids.product, floor);
    product.id = Some(id);
    if product.date_created.as_deref().is_none_or(str::is_empty) {
        product.date_created = Some(state.now_text());
    }
    if product.date_updated.as_deref().is_none_or(str::is_empty) {
        product.date_updated = Some(ZERO_DATE.to_owned());
    }
    product.language_iso.get_or_insert(language);
    product.stock.get_or_insert(0);
    if let Some(stock) = sent_stock(fields) {
        log_stock(state, operation, id, None, None, stock);
    }
    state.products.insert(id, product);
    Ok(id)
}

fn update_existing(
    state: &mut State,
    id: i64,
    fields: &[Element],
    operation: &str,
) -> Result<(), ServiceFault> {
    let now = state.now_text();
    let stored = state
        .products
        .get(&id)
        .ok_or_else(|| ServiceFault::no_such_id(id, "ProductId"))?;
    let mut updated: model::Product = merge::apply(stored, fields)?;
    updated.id = Some(id);
    if merge::sent_text(fields, "DateUpdated").is_none() {
        updated.date_updated = Some(now);
    }
    if let Some(stock) = sent_stock(fields) {
        log_stock(state, operation, id, None, None, stock);
    }
    state.products.insert(id, updated);
    Ok(())
}

fn ids_by_item_number(state: &State, item_number: &str, case: bool) -> Vec<i64> {
    state
        .products
        .values()
        .filter(|p| same_item_number(p.item_number.as_deref(), item_number, case))
        .filter_map(|p| p.id)
        .collect()
}

/// `Product_Create`: `CategoryId` is required (the same `PRODUCT` fault as the upsert).
pub(crate) fn create(ctx: &mut Ctx<'_>, a: ops::ProductCreate) -> Result<i64, ServiceFault> {
    let fields = merge::sent_fields(&a.product_data, PRODUCT_RENAMES, &[])?;
    insert_new_product(ctx, &fields, "Product_Create")
}

/// `Product_Update`: key `Id`, else `ItemNumber` (every match); only sent fields change.
pub(crate) fn update(ctx: &mut Ctx<'_>, a: ops::ProductUpdate) -> Result<Vec<i64>, ServiceFault> {
    let fields = merge::sent_fields(&a.product_data, PRODUCT_RENAMES, &["Id"])?;
    let case = ctx.session()?.case_sensitive_item_number;
    let ids = match (a.product_data.id, a.product_data.item_number.as_deref()) {
        (Some(id), _) => vec![id],
        (None, Some(item)) => ids_by_item_number(ctx.state, item, case),
        (None, None) => Vec::new(),
    };
    if ids.is_empty() {
        return Err(ServiceFault::app(
            "PARAM",
            "No product matches the given Id or ItemNumber",
        ));
    }
    for id in &ids {
        update_existing(ctx.state, *id, &fields, "Product_Update")?;
    }
    Ok(ids)
}

fn upsert(
    ctx: &mut Ctx<'_>,
    data: &model::ProductCreateUpdate,
    operation: &str,
) -> Result<i64, ServiceFault> {
    let Some(item) = data.item_number.as_deref().filter(|s| !s.trim().is_empty()) else {
        return Err(ServiceFault::app("PARAM", "ItemNumber must be set"));
    };
    let fields = merge::sent_fields(data, PRODUCT_RENAMES, &[])?;
    let case = ctx.session()?.case_sensitive_item_number;
    match ids_by_item_number(ctx.state, item, case).first() {
        Some(id) => {
            update_existing(ctx.state, *id, &fields, operation)?;
            Ok(*id)
        }
        None => insert_new_product(ctx, &fields, operation),
    }
}

/// `Product_CreateOrUpdate`: key `ItemNumber`; creating without `CategoryId` is the
/// `PRODUCT` fault (in `Code/Value`, no Subcode).
pub(crate) fn create_or_update(
    ctx: &mut Ctx<'_>,
    a: ops::ProductCreateOrUpdate,
) -> Result<i64, ServiceFault> {
    upsert(ctx, &a.product_data, "Product_CreateOrUpdate")
}

/// One `{Id, Error}` per item, in order; a failing item does not stop the others.
pub(crate) fn create_or_update_bulk(
    ctx: &mut Ctx<'_>,
    a: ops::ProductCreateOrUpdateBulk,
) -> Result<Vec<model::ProductCreateOrUpdateBulkResult>, ServiceFault> {
    let mut out = Vec::new();
    for data in &a.product_data_list {
        let result = match upsert(ctx, data, "Product_CreateOrUpdateBulk") {
            Ok(id) => model::ProductCreateOrUpdateBulkResult {
                id: Some(id),
                error: Some(String::new()),
            },
            Err(fault) => model::ProductCreateOrUpdateBulkResult {
                id: Some(0),
                error: Some(fault.message),
            },
        };
        out.push(result);
    }
    Ok(out)
}

pub(crate) fn get_variants(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetVariants,
) -> Result<Vec<model::ProductVariant>, ServiceFault> {
    Ok(ctx
        .state
        .products
        .get(&a.product_id)
        .map(|p| p.variants.clone())
        .unwrap_or_default())
}

pub(crate) fn get_variants_by_item_number(
    ctx: &mut Ctx<'_>,
    a: ops::ProductGetVariantsByItemNumber,
) -> Result<Vec<model::ProductVariant>, ServiceFault> {
    let case = ctx.session()?.case_sensitive_item_number;
    Ok(ctx
        .state
        .products
        .values()
        .flat_map(|p| p.variants.iter())
        .filter(|v| same_item_number(v.item_number.as_deref(), &a.item_number, case))
        .cloned()
        .collect())
}

fn insert_variant(
    state: &mut State,
    product_id: Option<i64>,
    fields: &[Element],
    operation: &str,
) -> Result<i64, ServiceFault> {
    let product_id =
        product_id.ok_or_else(|| ServiceFault::app("PARAM", "ProductId must be set"))?;
    if !state.products.contains_key(&product_id) {
        return Err(ServiceFault::no_such_id(product_id, "ProductId"));
    }
    let mut variant: model::ProductVariant =
        merge::apply(&model::ProductVariant::default(), fields)?;
    let floor = state.max_variant_id();
    let id = next_id(&mut state.ids.variant, floor);
    variant.id = Some(id);
    variant.product_id = Some(product_id);
    variant.stock.get_or_insert(0);
    if let Some(stock) = sent_stock(fields) {
        log_stock(state, operation, product_id, Some(id), None, stock);
    }
    let now = state.now_text();
    if let Some(product) = state.products.get_mut(&product_id) {
        product.variants.push(variant);
        product.date_updated = Some(now);
    }
    Ok(id)
}

fn update_variant_at(
    state: &mut State,
    variant_id: i64,
    fields: &[Element],
    operation: &str,
) -> Result<(), ServiceFault> {
    let (product_id, index) = state
        .variant_position(variant_id)
        .ok_or_else(|| ServiceFault::no_such_id(variant_id, "VariantId"))?;
    let now = state.now_text();
    let stock = sent_stock(fields);
    let Some(product) = state.products.get_mut(&product_id) else {
        return Err(ServiceFault::no_such_id(product_id, "ProductId"));
    };
    let Some(stored) = product.variants.get_mut(index) else {
        return Err(ServiceFault::no_such_id(variant_id, "VariantId"));
    };
    let mut updated: model::ProductVariant = merge::apply(&*stored, fields)?;
    updated.id = Some(variant_id);
    updated.product_id = Some(product_id);
    *stored = updated;
    product.date_updated = Some(now);
    if let Some(stock) = stock {
        log_stock(state, operation, product_id, Some(variant_id), None, stock);
    }
    Ok(())
}

fn variant_ids_by_item_number(state: &State, item: &str, case: bool) -> Vec<i64> {
    state
        .products
        .values()
        .flat_map(|p| p.variants.iter())
        .filter(|v| same_item_number(v.item_number.as_deref(), item, case))
        .filter_map(|v| v.id)
        .collect()
}

pub(crate) fn create_variant(
    ctx: &mut Ctx<'_>,
    a: ops::ProductCreateVariant,
) -> Result<i64, ServiceFault> {
    let fields = merge::sent_fields(&a.variant_data, &[], &[])?;
    insert_variant(
        ctx.state,
        a.variant_data.product_id,
        &fields,
        "Product_CreateVariant",
    )
}

/// Key `Id`, else `ItemNumber` (every match); returns the ids changed.
pub(crate) fn update_variant(
    ctx: &mut Ctx<'_>,
    a: ops::ProductUpdateVariant,
) -> Result<Vec<i64>, ServiceFault> {
    let fields = merge::sent_fields(&a.variant_data, &[], &["Id", "ProductId"])?;
    let case = ctx.session()?.case_sensitive_item_number;
    let ids = match (a.variant_data.id, a.variant_data.item_number.as_deref()) {
        (Some(id), _) => vec![id],
        (None, Some(item)) => variant_ids_by_item_number(ctx.state, item, case),
        (None, None) => Vec::new(),
    };
    if ids.is_empty() {
        return Err(ServiceFault::app(
            "PARAM",
            "No variant matches the given Id or ItemNumber",
        ));
    }
    for id in &ids {
        update_variant_at(ctx.state, *id, &fields, "Product_UpdateVariant")?;
    }
    Ok(ids)
}

/// Key `ItemNumber`: updates the first variant with it, else creates one under `ProductId`.
pub(crate) fn create_or_update_variant(
    ctx: &mut Ctx<'_>,
    a: ops::ProductCreateOrUpdateVariant,
) -> Result<i64, ServiceFault> {
    let Some(item) = a
        .variant_data
        .item_number
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    else {
        return Err(ServiceFault::app("PARAM", "ItemNumber must be set"));
    };
    let case = ctx.session()?.case_sensitive_item_number;
    let existing = variant_ids_by_item_number(ctx.state, item, case)
        .first()
        .copied();
    match existing {
        Some(id) => {
            let fields = merge::sent_fields(&a.variant_data, &[], &["ProductId"])?;
            update_variant_at(ctx.state, id, &fields, "Product_CreateOrUpdateVariant")?;
            Ok(id)
        }
        None => {
            let fields = merge::sent_fields(&a.variant_data, &[], &[])?;
            insert_variant(
                ctx.state,
                a.variant_data.product_id,
                &fields,
                "Product_CreateOrUpdateVariant",
            )
        }
    }
}

fn set_location<L: Default>(
    locations: &mut Vec<L>,
    location_id: i64,
    id_of: fn(&L) -> Option<i64>,
    make: fn(i64) -> L,
    set: fn(&mut L, i64),
    stock: i64,
) {
    match locations.iter_mut().find(|l| id_of(l) == Some(location_id)) {
        Some(existing) => set(existing, stock),
        None => {
            let mut new = make(location_id);
            set(&mut new, stock);
            locations.push(new);
        }
    }
}

/// Sets one location's stock (the location entry is added when missing). The product's own
/// `Stock` is left alone: the sheet does not know how the two relate.
pub(crate) fn update_location_stock(
    ctx: &mut Ctx<'_>,
    a: ops::ProductUpdateStockForStockLocation,
) -> Result<bool, ServiceFault> {
    let state = &mut *ctx.state;
    let now = state.now_text();
    let product = state
        .products
        .get_mut(&a.product_id)
        .ok_or_else(|| ServiceFault::no_such_id(a.product_id, "ProductId"))?;
    set_location(
        &mut product.stock_locations,
        a.stock_location_id,
        |l| l.stock_location_id,
        |id| model::ProductStockLocation {
            stock_location_id: Some(id),
            delivery_time_id: Some(-1),
            ..Default::default()
        },
        |l, s| l.stock = Some(s),
        a.stock,
    );
    product.date_updated = Some(now);
    log_stock(
        state,
        "Product_UpdateStockForStockLocation",
        a.product_id,
        None,
        Some(a.stock_location_id),
        a.stock,
    );
    Ok(true)
}

pub(crate) fn update_variant_location_stock(
    ctx: &mut Ctx<'_>,
    a: ops::ProductUpdateVariantStockForStockLocation,
) -> Result<bool, ServiceFault> {
    let state = &mut *ctx.state;
    let (product_id, index) = state
        .variant_position(a.variant_id)
        .ok_or_else(|| ServiceFault::no_such_id(a.variant_id, "VariantId"))?;
    let now = state.now_text();
    if let Some(product) = state.products.get_mut(&product_id) {
        if let Some(variant) = product.variants.get_mut(index) {
            set_location(
                &mut variant.stock_locations,
                a.stock_location_id,
                |l| l.stock_location_id,
                |id| model::ProductVariantStockLocation {
                    stock_location_id: Some(id),
                    delivery_time_id: Some(-1),
                    ..Default::default()
                },
                |l, s| l.stock = Some(s),
                a.stock,
            );
        }
        product.date_updated = Some(now);
    }
    log_stock(
        state,
        "Product_UpdateVariantStockForStockLocation",
        product_id,
        Some(a.variant_id),
        Some(a.stock_location_id),
        a.stock,
    );
    Ok(true)
}
