//! Readings of the sheet that no source settles, played on demand: the fake answers as the
//! documented-or-inferred service by default, and each mode switches it to the other reading so
//! the engine's probe and its fail-safe paths can be tested against both.
//!
//! | Mode | Handle method | What changes |
//! |---|---|---|
//! | reference dropped | [`drop_other_reference`](super::MockRackbeat::drop_other_reference) | orders accept `other_reference` but neither store nor return it; `search` cannot find it |
//! | gross line prices | [`line_price_gross`](super::MockRackbeat::line_price_gross) | order totals read `line_price` as VAT-inclusive |
//! | held write | [`hold_next_write`](super::MockRackbeat::hold_next_write), [`land_held_writes`](super::MockRackbeat::land_held_writes) | a write's answer is lost (504) and it takes effect only when the test lands it |
//! | webhooks by id | [`key_webhooks_by_id`](super::MockRackbeat::key_webhooks_by_id), [`webhook_delivery`](super::MockRackbeat::webhook_delivery) | deliveries name the internal `id` (the documentation's example) instead of the `number` |
//! | no available stock | [`omit_available_stock`](super::MockRackbeat::omit_available_stock) | no `available_quantity` on products or stock per location, and no `GET /items/{n}/locations/available` |
//! | no customer group field | [`refuse_customer_group_id`](super::MockRackbeat::refuse_customer_group_id) | customers carry no `customer_group_id` and a write naming it is a 422 |

use super::json::Object;

/// The switches of one fake; all off by default.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Modes {
    /// Orders take `other_reference` without storing or returning it.
    pub(crate) drop_other_reference: bool,
    /// `line_price` is VAT-inclusive when totals are computed.
    pub(crate) line_price_gross: bool,
    /// Webhook deliveries are keyed by the internal `id`.
    pub(crate) webhooks_by_id: bool,
    /// No available-stock figure anywhere.
    pub(crate) omit_available_stock: bool,
    /// Customers neither carry nor accept `customer_group_id`.
    pub(crate) refuse_customer_group_id: bool,
}

/// A write taken in but not yet performed: performed as received when the test lands it.
#[derive(Debug, Clone)]
pub(crate) struct HeldWrite {
    pub(crate) method: String,
    pub(crate) segments: Vec<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Object,
}
