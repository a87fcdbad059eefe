//! `Order_*` operations: paged and windowed reads, status/tracking/comment writes and
//! `Order_Create` with its `lineErrors` rule.

use chrono::NaiveDateTime;
use rust_decimal::{Decimal, RoundingStrategy};

use super::responder::Ctx;
use super::state::{State, ZERO_DATE, next_id};
use super::wire::ServiceFault;
use crate::values::parse_shop_datetime;
use crate::{model, ops};

fn all_orders(state: &State) -> impl Iterator<Item = &model::Order> {
    state.orders.values()
}

/// `Page` from 1 (`Page=0` is the recorded `PARAM` fault); a page past the end is empty.
pub(crate) fn paginate<T>(
    items: Vec<T>,
    page: i64,
    page_size: i64,
) -> Result<Vec<T>, ServiceFault> {
    if page <= 0 {
        return Err(ServiceFault::app("PARAM", "Page must be greater than 0"));
    }
    let (Ok(page), Ok(size)) = (usize::try_from(page), usize::try_from(page_size)) else {
        return Ok(Vec::new());
    };
    let skip = page.saturating_sub(1).saturating_mul(size);
    Ok(items.into_iter().skip(skip).take(size).collect())
}

/// A `Status` argument: a comma list of status ids; no value or `""` means every status.
fn status_filter(status: Option<&str>) -> Option<Vec<String>> {
    let ids: Vec<String> = status
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (!ids.is_empty()).then_some(ids)
}

fn status_matches(order: &model::Order, filter: Option<&[String]>) -> bool {
    filter.is_none_or(|ids| {
        let status = order.status.as_deref().unwrap_or("").trim();
        ids.iter().any(|id| id == status)
    })
}

/// A window bound: `yyyy-mm-dd hh:mm:ss` or `yyyy-mm-dd` (midnight); no value is open.
pub(crate) fn bound(name: &str, text: Option<&str>) -> Result<Option<NaiveDateTime>, ServiceFault> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    parse_shop_datetime(text).map(Some).ok_or_else(|| {
        ServiceFault::app(
            "PARAM",
            format!("{name} '{text}' is not a valid datetime (yyyy-mm-dd hh:mm:ss)"),
        )
    })
}

/// Inclusive window on a date field; a zero date is never inside.
pub(crate) fn in_window(
    date: Option<&str>,
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
) -> bool {
    let Some(date) = date.and_then(parse_shop_datetime) else {
        return false;
    };
    start.is_none_or(|s| date >= s) && end.is_none_or(|e| date <= e)
}

#[derive(Clone, Copy)]
enum DateField {
    /// `DateDelivered`, which holds the creation time.
    Created,
    /// `DateUpdated`
    Updated,
}

fn by_window(
    state: &State,
    field: DateField,
    start: Option<&str>,
    end: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<model::Order>, ServiceFault> {
    let start = bound("Start", start)?;
    let end = bound("End", end)?;
    let filter = status_filter(status);
    Ok(all_orders(state)
        .filter(|o| {
            let date = match field {
                DateField::Created => o.date_delivered.as_deref(),
                DateField::Updated => o.date_updated.as_deref(),
            };
            in_window(date, start, end) && status_matches(o, filter.as_deref())
        })
        .cloned()
        .collect())
}

pub(crate) fn get_by_id(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetById,
) -> Result<Option<model::Order>, ServiceFault> {
    Ok(ctx.state.orders.get(&a.order_id).cloned())
}

/// Order numbers are the ids (as on the probe shop).
pub(crate) fn get_by_number(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByNumber,
) -> Result<Vec<model::Order>, ServiceFault> {
    Ok(all_orders(ctx.state)
        .filter(|o| {
            let id = o.id.unwrap_or(0);
            a.start.is_none_or(|s| id >= s) && a.end.is_none_or(|e| id <= e)
        })
        .cloned()
        .collect())
}

pub(crate) fn get_all(
    ctx: &mut Ctx<'_>,
    _: ops::OrderGetAll,
) -> Result<Vec<model::Order>, ServiceFault> {
    Ok(all_orders(ctx.state).cloned().collect())
}

pub(crate) fn get_all_paged(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetAllWithPagination,
) -> Result<Vec<model::Order>, ServiceFault> {
    paginate(
        all_orders(ctx.state).cloned().collect(),
        a.page,
        a.page_size,
    )
}

pub(crate) fn get_by_date(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByDate,
) -> Result<Vec<model::Order>, ServiceFault> {
    by_window(
        ctx.state,
        DateField::Created,
        a.start.as_deref(),
        a.end.as_deref(),
        a.status.as_deref(),
    )
}

pub(crate) fn get_by_date_paged(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByDateWithPagination,
) -> Result<Vec<model::Order>, ServiceFault> {
    if a.page <= 0 {
        return paginate(Vec::<model::Order>::new(), a.page, a.page_size);
    }
    let found = by_window(
        ctx.state,
        DateField::Created,
        Some(&a.start),
        Some(&a.end),
        a.status.as_deref(),
    )?;
    paginate(found, a.page, a.page_size)
}

pub(crate) fn get_by_updated(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByDateUpdated,
) -> Result<Vec<model::Order>, ServiceFault> {
    by_window(
        ctx.state,
        DateField::Updated,
        a.start.as_deref(),
        a.end.as_deref(),
        a.status.as_deref(),
    )
}

pub(crate) fn get_by_updated_paged(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByDateUpdatedWithPagination,
) -> Result<Vec<model::Order>, ServiceFault> {
    if a.page <= 0 {
        return paginate(Vec::<model::Order>::new(), a.page, a.page_size);
    }
    let found = by_window(
        ctx.state,
        DateField::Updated,
        Some(&a.start),
        Some(&a.end),
        a.status.as_deref(),
    )?;
    paginate(found, a.page, a.page_size)
}

pub(crate) fn get_by_status(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByStatus,
) -> Result<Vec<model::Order>, ServiceFault> {
    let filter = status_filter(a.status.as_deref());
    Ok(all_orders(ctx.state)
        .filter(|o| status_matches(o, filter.as_deref()))
        .cloned()
        .collect())
}

pub(crate) fn get_by_status_paged(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetByStatusWithPagination,
) -> Result<Vec<model::Order>, ServiceFault> {
    let filter = status_filter(a.status.as_deref());
    let found = all_orders(ctx.state)
        .filter(|o| status_matches(o, filter.as_deref()))
        .cloned()
        .collect();
    paginate(found, a.page, a.page_size)
}

/// Lines of an order (empty for an unknown order).
pub(crate) fn get_lines(
    ctx: &mut Ctx<'_>,
    a: ops::OrderGetLines,
) -> Result<Vec<model::OrderLine>, ServiceFault> {
    Ok(ctx
        .state
        .orders
        .get(&a.order_id)
        .map(|o| o.order_lines.clone())
        .unwrap_or_default())
}

fn order_mut(state: &mut State, id: i64) -> Result<&mut model::Order, ServiceFault> {
    state
        .orders
        .get_mut(&id)
        .ok_or_else(|| ServiceFault::no_such_id(id, "OrderId"))
}

/// Sets `Status` (a string on the record) and `DateUpdated`.
pub(crate) fn update_status(
    ctx: &mut Ctx<'_>,
    a: ops::OrderUpdateStatus,
) -> Result<bool, ServiceFault> {
    let now = ctx.state.now_text();
    let order = order_mut(ctx.state, a.order_id)?;
    order.status = Some(a.status.to_string());
    order.date_updated = Some(now);
    Ok(true)
}

pub(crate) fn update_tracking_code(
    ctx: &mut Ctx<'_>,
    a: ops::OrderUpdateTrackingCode,
) -> Result<bool, ServiceFault> {
    let now = ctx.state.now_text();
    let order = order_mut(ctx.state, a.order_id)?;
    order.tracking_code = Some(a.tracking_code);
    order.date_updated = Some(now);
    Ok(true)
}

/// Replaces the whole internal comment.
pub(crate) fn update_comment(
    ctx: &mut Ctx<'_>,
    a: ops::OrderUpdateComment,
) -> Result<bool, ServiceFault> {
    let now = ctx.state.now_text();
    let order = order_mut(ctx.state, a.order_id)?;
    order.order_comment = Some(a.text);
    order.date_updated = Some(now);
    Ok(true)
}

/// `gross × 100 / (100 + vat%)`, rounded half away from zero to 2 decimals.
pub(crate) fn net_of_vat(gross: Decimal, vat_percent: i64) -> Decimal {
    let hundred = Decimal::ONE_HUNDRED;
    let divisor = hundred + Decimal::from(vat_percent);
    if divisor.is_zero() {
        return gross;
    }
    (gross * hundred / divisor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Why a line is left out of a created order.
fn line_refused(state: &State, line: &model::OrderLineCreate) -> bool {
    let Some(product) = line.product_id.and_then(|id| state.products.get(&id)) else {
        return true;
    };
    if product.online != Some(true) {
        return true;
    }
    let variant = line
        .variant_id
        .filter(|v| *v > 0)
        .and_then(|v| product.variants.iter().find(|x| x.id == Some(v)));
    if line.variant_id.is_some_and(|v| v > 0) && variant.is_none() {
        return true;
    }
    let stock = variant.map_or(product.stock, |v| v.stock).unwrap_or(0);
    let out_of_stock_buy = product.out_of_stock_buy.as_deref().map(str::trim) == Some("1");
    stock <= 0 && !out_of_stock_buy
}

fn build_line(
    state: &mut State,
    order_id: i64,
    line: &model::OrderLineCreate,
) -> Option<model::OrderLine> {
    let product = line
        .product_id
        .and_then(|id| state.products.get(&id))?
        .clone();
    let variant = line
        .variant_id
        .filter(|v| *v > 0)
        .and_then(|v| product.variants.iter().find(|x| x.id == Some(v)))
        .cloned();
    let price = match line.price {
        Some(net) => net,
        None => {
            let gross = variant
                .as_ref()
                .and_then(|v| v.price)
                .or(product.price)
                .unwrap_or_default();
            if state.prices_with_vat() {
                net_of_vat(gross, state.vat_percent(&product))
            } else {
                gross
            }
        }
    };
    let item_number = variant
        .as_ref()
        .and_then(|v| v.item_number.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| product.item_number.clone());
    let floor = state.max_line_id();
    let id = next_id(&mut state.ids.order_line, floor);
    Some(model::OrderLine {
        id: Some(id),
        order_id: Some(order_id),
        product_id: product.id,
        variant_id: Some(variant.as_ref().and_then(|v| v.id).unwrap_or(0)),
        file_download_id: Some(line.file_download_id.unwrap_or(0)),
        amount: Some(line.amount.unwrap_or(1)),
        packet_title: Some(String::new()),
        product_title: Some(product.title.clone().unwrap_or_default()),
        variant_title: Some(
            variant
                .as_ref()
                .and_then(|v| v.title.clone())
                .unwrap_or_default(),
        ),
        additional_title: Some(String::new()),
        item_number: Some(item_number.unwrap_or_default()),
        item_number_supplier: Some(product.item_number_supplier.clone().unwrap_or_default()),
        discount: Some(line.discount.unwrap_or_default()),
        discount_rounded: Some(line.discount.unwrap_or_default().round_dp(2)),
        price: Some(price),
        price_rounded: Some(
            price.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        ),
        service_type: Some(line.service_type.clone().unwrap_or_default()),
        buy_price: Some(line.buy_price.unwrap_or_default()),
        stock_status: Some(String::new()),
        tracking_code: Some(line.tracking_code.clone().unwrap_or_default()),
        weight: Some(
            variant
                .as_ref()
                .and_then(|v| v.weight)
                .or(product.weight)
                .unwrap_or_default(),
        ),
        offline_product: Some(false),
        vat_rate: Some(Decimal::ZERO),
        stock_location_id: Some(0),
        delivery_id: Some(0),
        unit: Some(
            line.unit
                .clone()
                .or_else(|| product.unit.as_ref().and_then(|u| u.title.clone()))
                .unwrap_or_default(),
        ),
        extended_data_internal: Some(line.extended_data_internal.clone().unwrap_or_default()),
        extended_data_external: Some(line.extended_data_external.clone().unwrap_or_default()),
        ..model::OrderLine::default()
    })
}

fn customer_from(
    create: &model::OrderCustomerCreate,
    id: i64,
    order_id: i64,
) -> model::OrderCustomer {
    let s = |v: &Option<String>| Some(v.clone().unwrap_or_default());
    model::OrderCustomer {
        id: Some(id),
        order_id: Some(order_id),
        firstname: s(&create.firstname),
        lastname: s(&create.lastname),
        company: s(&create.company),
        b2b: Some(create.b2b.unwrap_or(false)),
        cvr: s(&create.cvr),
        ean: s(&create.ean),
        address: s(&create.address),
        address2: s(&create.address2),
        zip: s(&create.zip),
        city: s(&create.city),
        country: s(&create.country),
        country_code: s(&create.country_code),
        state: s(&create.state),
        phone: s(&create.phone),
        mobile: s(&create.mobile),
        email: s(&create.email),
        shipping_firstname: s(&create.shipping_firstname),
        shipping_lastname: s(&create.shipping_lastname),
        shipping_company: s(&create.shipping_company),
        shipping_address: s(&create.shipping_address),
        shipping_address2: s(&create.shipping_address2),
        shipping_zip: s(&create.shipping_zip),
        shipping_city: s(&create.shipping_city),
        shipping_country: s(&create.shipping_country),
        shipping_country_code: s(&create.shipping_country_code),
        shipping_state: s(&create.shipping_state),
        shipping_phone: s(&create.shipping_phone),
        shipping_mobile: s(&create.shipping_mobile),
        shipping_email: s(&create.shipping_email),
    }
}

/// `Order_Create`: see the module docs of [`crate::mock`] for the rules.
pub(crate) fn create(ctx: &mut Ctx<'_>, a: ops::OrderCreate) -> Result<i64, ServiceFault> {
    let data = a.order_data;
    let (Some(currency_id), Some(payment_id), Some(delivery_id), Some(customer)) = (
        data.currency_id,
        data.payment_id,
        data.delivery_id,
        data.order_customer.as_deref(),
    ) else {
        return Err(ServiceFault::app(
            "Internal",
            "An internal error in the service occured. Contact an administrator",
        ));
    };
    if data.order_lines.is_empty() {
        return Err(ServiceFault::app(
            "Internal",
            "An internal error in the service occured. Contact an administrator",
        ));
    }
    let language = ctx.session()?.language.clone();
    let state = &mut *ctx.state;
    let floor = state.orders.keys().next_back().copied().unwrap_or(0);
    let order_id = next_id(&mut state.ids.order, floor);
    let mut lines = Vec::new();
    let mut refused = Vec::new();
    for line in &data.order_lines {
        if line_refused(state, line) {
            refused.push(line.product_id.unwrap_or(0));
        } else if let Some(built) = build_line(state, order_id, line) {
            lines.push(built);
        }
    }
    let total: Decimal = lines
        .iter()
        .map(|l| l.price.unwrap_or_default() * Decimal::from(l.amount.unwrap_or(0)))
        .sum();
    let row_floor = state
        .orders
        .values()
        .filter_map(|o| o.customer_id)
        .max()
        .unwrap_or(0);
    let customer_row = next_id(&mut state.ids.order_row, row_floor);
    let delivery_row = next_id(&mut state.ids.order_row, row_floor);
    let payment_row = next_id(&mut state.ids.order_row, row_floor);
    let snapshot_floor = state
        .orders
        .values()
        .filter_map(|o| o.currency_id)
        .max()
        .unwrap_or(0);
    let currency_snapshot = next_id(&mut state.ids.currency_snapshot, snapshot_floor);
    let currency = state
        .currencies
        .iter()
        .find(|c| c.id == Some(currency_id))
        .cloned();
    let delivery_method = state
        .deliveries
        .iter()
        .find(|d| d.id == Some(delivery_id))
        .cloned();
    let payment_method = state
        .payments
        .iter()
        .find(|p| p.id == Some(payment_id))
        .cloned();
    let now = state.now_text();
    let delivery = data
        .delivery
        .as_deref()
        .cloned()
        .unwrap_or_else(|| model::OrderDelivery {
            title: Some(
                delivery_method
                    .as_ref()
                    .and_then(|d| d.title.clone())
                    .unwrap_or_default(),
            ),
            vat: Some(delivery_method.as_ref().and_then(|d| d.vat).unwrap_or(true)),
            service_type: Some(
                delivery_method
                    .as_ref()
                    .and_then(|d| d.service_type.clone())
                    .unwrap_or_default(),
            ),
            droppoint_id: Some(0),
            droppoint_id_long: Some(String::new()),
            buy_price: Some(Decimal::ZERO),
            ..model::OrderDelivery::default()
        });
    let order = model::Order {
        id: Some(order_id),
        currency_id: Some(currency_snapshot),
        currency: Some(Box::new(model::OrderCurrency {
            order_id: Some(order_id),
            id: Some(currency_id),
            iso: currency.as_ref().and_then(|c| c.iso.clone()),
            symbol: currency.as_ref().and_then(|c| c.symbol.clone()),
            symbol_place: currency.as_ref().and_then(|c| c.symbol_place.clone()),
            currency: currency.as_ref().and_then(|c| c.currency),
            decimal: currency.as_ref().and_then(|c| c.decimal.clone()),
            point: currency.as_ref().and_then(|c| c.point.clone()),
            round: currency.as_ref().and_then(|c| c.round),
        })),
        customer_id: Some(customer_row),
        customer: Some(Box::new(customer_from(customer, customer_row, order_id))),
        user_id: Some(data.user_id.unwrap_or(0)),
        site: Some(data.site_id.unwrap_or(1)),
        language_iso: Some(data.language_iso.clone().unwrap_or(language)),
        status: Some("0".to_owned()),
        payment_id: Some(payment_id),
        payment: Some(Box::new(model::OrderPayment {
            id: Some(payment_row),
            order_id: Some(order_id),
            payment_method_id: Some(payment_id),
            title: Some(
                payment_method
                    .as_ref()
                    .and_then(|p| p.title.clone())
                    .unwrap_or_default(),
            ),
            price: Some(Decimal::ZERO),
            vat: Some(false),
            external_id: Some(String::new()),
        })),
        vat: Some(Decimal::ZERO),
        total: Some(total),
        order_comment: Some(String::new()),
        order_comment_external: Some(String::new()),
        customer_comment: Some(data.customer_comment.clone().unwrap_or_default()),
        delivery_comment: Some(data.delivery_comment.clone().unwrap_or_default()),
        delivery_time: Some(data.delivery_time.clone().unwrap_or_default()),
        tracking_code: Some(String::new()),
        date_delivered: Some(now),
        date_due: Some(ZERO_DATE.to_owned()),
        date_sent: Some(ZERO_DATE.to_owned()),
        date_updated: Some(ZERO_DATE.to_owned()),
        order_lines: lines,
        packing_id: Some(0),
        delivery_id: Some(delivery_id),
        delivery: Some(Box::new(model::OrderDelivery {
            id: Some(delivery_row),
            order_id: Some(order_id),
            delivery_method_id: Some(delivery_id),
            price: Some(data.delivery_price.or(delivery.price).unwrap_or_default()),
            ..delivery
        })),
        reference_number: Some(data.reference_number.clone().unwrap_or_default()),
        origin: Some(data.origin.clone().unwrap_or_default()),
        referral_code: Some(data.referral_code.clone().unwrap_or_default()),
        ..model::Order::default()
    };
    state.orders.insert(order_id, order);
    if refused.is_empty() {
        return Ok(order_id);
    }
    let products = refused
        .iter()
        .map(|id| format!("Product: {id}"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(ServiceFault::app(
        "lineErrors",
        format!("Order: {order_id} created. Following products were not included: {products}"),
    ))
}
