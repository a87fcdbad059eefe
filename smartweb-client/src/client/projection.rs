//! The session's response projections (`*_SetFields`): which record types they control and
//! how a successful `*_SetFields` call is recognised so it can be remembered.

use std::any::Any;

use crate::ops;
use crate::soap::Operation;

/// A record type whose returned fields a session chooses with a `*_SetFields` call.
///
/// Without a projection the server returns only `Id` (API sheet §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Projection {
    /// `Order_SetFields`: `Order` records.
    Order,
    /// `Order_SetOrderLineFields`: `OrderLine` records (also nested `Order.OrderLines`).
    OrderLine,
    /// `Product_SetFields`: `Product` records.
    Product,
    /// `Product_SetVariantFields`: `ProductVariant` records (also nested `Product.Variants`).
    ProductVariant,
    /// `User_SetFields`: `User` records.
    User,
    /// `PageText_SetFields`: `PageText` records.
    PageText,
}

impl Projection {
    /// The operation that sets this projection.
    pub fn operation_name(self) -> &'static str {
        match self {
            Self::Order => "Order_SetFields",
            Self::OrderLine => "Order_SetOrderLineFields",
            Self::Product => "Product_SetFields",
            Self::ProductVariant => "Product_SetVariantFields",
            Self::User => "User_SetFields",
            Self::PageText => "PageText_SetFields",
        }
    }
}

/// When `op` is a `*_SetFields` call, the projection it sets and its field list.
pub(crate) fn set_by<O: Operation + 'static>(op: &O) -> Option<(Projection, String)> {
    let any = op as &dyn Any;
    if let Some(o) = any.downcast_ref::<ops::OrderSetFields>() {
        return Some((Projection::Order, o.fields.clone()));
    }
    if let Some(o) = any.downcast_ref::<ops::OrderSetOrderLineFields>() {
        return Some((Projection::OrderLine, o.fields.clone()));
    }
    if let Some(o) = any.downcast_ref::<ops::ProductSetFields>() {
        return Some((Projection::Product, o.fields.clone()));
    }
    if let Some(o) = any.downcast_ref::<ops::ProductSetVariantFields>() {
        return Some((Projection::ProductVariant, o.fields.clone()));
    }
    if let Some(o) = any.downcast_ref::<ops::UserSetFields>() {
        return Some((Projection::User, o.fields.clone()));
    }
    if let Some(o) = any.downcast_ref::<ops::PageTextSetFields>() {
        return Some((Projection::PageText, o.fields.clone()));
    }
    None
}

/// A session setting other than a projection, set by a successful call and lost on every
/// reconnect (API sheet §2.4: "language and case-sensitivity settings are presumably reset
/// too. After a reconnect, set them all again").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Setting {
    /// `Solution_SetLanguage(LanguageISO)` with a value.
    Language(String),
    /// `Solution_SetCaseSensitiveItemNumber(Enabled)`.
    CaseSensitiveItemNumber(bool),
}

/// When `op` changes a session setting, the setting it makes.
pub(crate) fn setting_by<O: Operation + 'static>(op: &O) -> Option<Setting> {
    let any = op as &dyn Any;
    if let Some(o) = any.downcast_ref::<ops::SolutionSetLanguage>() {
        return o
            .language_iso
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Setting::Language(l.to_owned()));
    }
    if let Some(o) = any.downcast_ref::<ops::SolutionSetCaseSensitiveItemNumber>() {
        return Some(Setting::CaseSensitiveItemNumber(o.enabled));
    }
    None
}

/// `true` for the calls that only change session state (language, projections): they are
/// idempotent, so they are replayed after a reconnect even when marked as writes.
pub(crate) fn is_session_setup(name: &str) -> bool {
    matches!(
        name,
        "Solution_SetLanguage"
            | "Solution_SetCaseSensitiveItemNumber"
            | "PageText_SetFields"
            | "Order_SetFields"
            | "Order_SetOrderLineFields"
            | "Product_SetFields"
            | "Product_SetVariantFields"
            | "User_SetFields"
    )
}
