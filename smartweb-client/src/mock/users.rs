//! `User_*` (customer accounts): reads under `User_SetFields`, create and update.

use super::merge;
use super::responder::Ctx;
use super::state::next_id;
use super::wire::ServiceFault;
use crate::{model, ops};

pub(crate) fn get_all(
    ctx: &mut Ctx<'_>,
    _: ops::UserGetAll,
) -> Result<Vec<model::User>, ServiceFault> {
    Ok(ctx.state.users.values().cloned().collect())
}

pub(crate) fn get_by_id(
    ctx: &mut Ctx<'_>,
    a: ops::UserGetById,
) -> Result<Option<model::User>, ServiceFault> {
    Ok(ctx.state.users.get(&a.user_id).cloned())
}

pub(crate) fn get_by_group(
    ctx: &mut Ctx<'_>,
    a: ops::UserGetByGroup,
) -> Result<Vec<model::User>, ServiceFault> {
    Ok(ctx
        .state
        .users
        .values()
        .filter(|u| u.user_group_id == Some(a.user_group_id))
        .cloned()
        .collect())
}

pub(crate) fn create(ctx: &mut Ctx<'_>, a: ops::UserCreate) -> Result<i64, ServiceFault> {
    let fields = merge::sent_fields(&a.user_data, &[], &["Id"])?;
    if let Some(date) = merge::sent_text(&fields, "ConsentDate")
        && crate::values::parse_shop_datetime(date).is_none()
    {
        return Err(ServiceFault::app(
            "PARAM",
            format!("ConsentDate '{date}' is not a valid datetime (yyyy-mm-dd hh:mm:ss)"),
        ));
    }
    let state = &mut *ctx.state;
    let mut user: model::User = merge::apply(&model::User::default(), &fields)?;
    let floor = state.users.keys().next_back().copied().unwrap_or(0);
    let id = next_id(&mut state.ids.user, floor);
    user.id = Some(id);
    if user.date_created.as_deref().is_none_or(str::is_empty) {
        user.date_created = Some(state.now_text());
    }
    state.users.insert(id, user);
    Ok(id)
}

/// Key `Id` (required); only sent fields change.
pub(crate) fn update(ctx: &mut Ctx<'_>, a: ops::UserUpdate) -> Result<i64, ServiceFault> {
    let id = a
        .user_data
        .id
        .ok_or_else(|| ServiceFault::app("PARAM", "Id must be set"))?;
    let fields = merge::sent_fields(&a.user_data, &[], &["Id"])?;
    let state = &mut *ctx.state;
    let now = state.now_text();
    let stored = state
        .users
        .get(&id)
        .ok_or_else(|| ServiceFault::no_such_id(id, "UserId"))?;
    let mut updated: model::User = merge::apply(stored, &fields)?;
    updated.id = Some(id);
    updated.date_updated = Some(now);
    state.users.insert(id, updated);
    Ok(id)
}
