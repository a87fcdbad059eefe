//! `Solution_*` and `*_SetFields`: login, language, encoding, projections.

use secrecy::ExposeSecret;

use super::projection::{FieldSet, Kind};
use super::responder::{Ctx, Reply, check_arity};
use super::state::State;
use super::wire::ServiceFault;
use crate::soap::{self, Request};
use crate::{model, ops};

/// `Solution_Connect`: a fresh session on the right credentials, else an `AUTH` fault.
///
/// The sheet does not know whether a bad login is a fault or `false`; the fake answers the
/// `AUTH` fault (the one code documented for authentication).
pub(crate) fn connect(state: &mut State, req: &Request) -> Result<Reply, ServiceFault> {
    check_arity::<ops::SolutionConnect>(req)?;
    let args = req
        .args::<ops::SolutionConnect>()
        .map_err(|_| ServiceFault::receiver("SOAP-ERROR: Encoding: Violation of encoding rules"))?;
    let user_ok = args.username == state.username;
    let password_ok = args.password.as_bytes() == state.password.expose_secret().as_bytes();
    if !(user_ok && password_ok) {
        return Err(ServiceFault::auth());
    }
    let cookie = state.start_session();
    Ok(Reply {
        body: soap::build_response::<ops::SolutionConnect>(&true, req.version),
        set_cookie: Some(cookie),
    })
}

pub(crate) fn webinfo(
    ctx: &mut Ctx<'_>,
    _: ops::SolutionGetWebinfo,
) -> Result<Option<model::ShopWebinfo>, ServiceFault> {
    Ok(Some(ctx.state.webinfo.clone()))
}

/// Recorded (tests assert it is never called) and answered `true`.
pub(crate) fn set_encoding(
    ctx: &mut Ctx<'_>,
    args: ops::SolutionSetEncoding,
) -> Result<bool, ServiceFault> {
    ctx.state.encoding_calls.push(args.encoding);
    Ok(true)
}

pub(crate) fn languages(
    ctx: &mut Ctx<'_>,
    _: ops::SolutionGetLanguages,
) -> Result<Vec<model::SolutionLanguage>, ServiceFault> {
    Ok(ctx.state.languages.clone())
}

/// Selects a layer of `Solution_GetLanguages`; an unknown ISO is `NOSUCHISO`, no value
/// selects the primary layer.
pub(crate) fn set_language(
    ctx: &mut Ctx<'_>,
    args: ops::SolutionSetLanguage,
) -> Result<bool, ServiceFault> {
    let iso = match args.language_iso.filter(|s| !s.trim().is_empty()) {
        Some(iso) => iso.trim().to_owned(),
        None => ctx.state.primary_language(),
    };
    let known = ctx.state.languages.iter().any(|l| {
        l.language_iso
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case(&iso))
    });
    if !known {
        return Err(ServiceFault::app(
            "NOSUCHISO",
            format!("No such LanguageISO: {iso}"),
        ));
    }
    ctx.session()?.language = iso.to_ascii_uppercase();
    Ok(true)
}

pub(crate) fn set_case_sensitive(
    ctx: &mut Ctx<'_>,
    args: ops::SolutionSetCaseSensitiveItemNumber,
) -> Result<bool, ServiceFault> {
    ctx.session()?.case_sensitive_item_number = args.enabled;
    Ok(true)
}

/// `true` for the modules the probe saw; any other name is the `MODULE` fault (PROBE F22).
pub(crate) fn has_module(
    ctx: &mut Ctx<'_>,
    args: ops::SolutionHasModule,
) -> Result<bool, ServiceFault> {
    if ctx.state.modules.contains(&args.module) {
        Ok(true)
    } else {
        Err(ServiceFault::app(
            "MODULE",
            format!("No such module: {}", args.module),
        ))
    }
}

/// A `*_SetFields` call: validated against the WSDL type; on an unknown name the session keeps
/// its previous field set and the call is `NOSUCHPARAM`.
pub(crate) fn set_fields(
    ctx: &mut Ctx<'_>,
    kind: Kind,
    fields: &str,
) -> Result<bool, ServiceFault> {
    let set = FieldSet::parse(kind, fields)?;
    ctx.session()?.fields.insert(kind, set);
    Ok(true)
}
