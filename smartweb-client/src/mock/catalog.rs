//! Read-only catalogues: statuses, VAT groups, categories, currencies, countries, delivery
//! and payment methods, customer groups. None has a `*_SetFields`: they come back whole.

use super::responder::Ctx;
use super::wire::ServiceFault;
use crate::{model, ops};

pub(crate) fn status_codes(
    ctx: &mut Ctx<'_>,
    _: ops::OrderStatusCodeGetAll,
) -> Result<Vec<model::OrderStatusCode>, ServiceFault> {
    Ok(ctx.state.status_codes.clone())
}

pub(crate) fn vat_groups(
    ctx: &mut Ctx<'_>,
    _: ops::VatGroupGetAll,
) -> Result<Vec<model::VatGroup>, ServiceFault> {
    Ok(ctx.state.vat_groups.values().cloned().collect())
}

pub(crate) fn categories(
    ctx: &mut Ctx<'_>,
    _: ops::CategoryGetAll,
) -> Result<Vec<model::Category>, ServiceFault> {
    Ok(ctx.state.categories.values().cloned().collect())
}

pub(crate) fn category(
    ctx: &mut Ctx<'_>,
    a: ops::CategoryGetById,
) -> Result<Option<model::Category>, ServiceFault> {
    Ok(ctx.state.categories.get(&a.category_id).cloned())
}

pub(crate) fn currencies(
    ctx: &mut Ctx<'_>,
    _: ops::CurrencyGetAll,
) -> Result<Vec<model::Currency>, ServiceFault> {
    Ok(ctx.state.currencies.clone())
}

pub(crate) fn delivery_countries(
    ctx: &mut Ctx<'_>,
    _: ops::ProductGetDeliveryCountryAll,
) -> Result<Vec<model::ProductDeliveryCountry>, ServiceFault> {
    Ok(ctx.state.delivery_countries.clone())
}

pub(crate) fn deliveries(
    ctx: &mut Ctx<'_>,
    _: ops::DeliveryGetAll,
) -> Result<Vec<model::Delivery>, ServiceFault> {
    Ok(ctx.state.deliveries.clone())
}

pub(crate) fn payments(
    ctx: &mut Ctx<'_>,
    _: ops::PaymentGetAll,
) -> Result<Vec<model::PaymentMethod>, ServiceFault> {
    Ok(ctx.state.payments.clone())
}

pub(crate) fn user_groups(
    ctx: &mut Ctx<'_>,
    _: ops::UserGetGroupAll,
) -> Result<Vec<model::UserGroup>, ServiceFault> {
    Ok(ctx.state.user_groups.clone())
}
