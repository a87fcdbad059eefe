//! Extension setting: which SmartWeb status an order gets when its Rackbeat order progresses.

use serde::{Deserialize, Serialize};

/// SmartWeb status ids written back when the Rackbeat order reaches a stage. `None` for a
/// stage means "write nothing at that stage". Status `1` ("Order received") e-mails the
/// customer, so it is refused unless `allow_status_1` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct StatusWriteback {
    /// Write statuses back at all. Default `false` (the hosted app never did).
    pub enabled: bool,
    /// Status when the Rackbeat order is booked. Default none.
    pub on_booked: Option<u32>,
    /// Status when the Rackbeat order is partly shipped. Default `7` ("Partially sent").
    pub on_partly_shipped: Option<u32>,
    /// Status when the Rackbeat order is shipped. Default `3` ("Order sent").
    pub on_shipped: Option<u32>,
    /// Status when the Rackbeat order is invoiced. Default none.
    pub on_invoiced: Option<u32>,
    /// Status when the Rackbeat order is cancelled. Default none (cancellations are not
    /// mirrored unless asked for; `5` is SmartWeb's "Cancelled").
    pub on_cancelled: Option<u32>,
    /// Also write the tracking code. Default `true`.
    pub write_tracking: bool,
    /// Allow writing status 1 (which e-mails the customer). Default `false`.
    pub allow_status_1: bool,
}

impl Default for StatusWriteback {
    fn default() -> Self {
        Self {
            enabled: false,
            on_booked: None,
            on_partly_shipped: Some(7),
            on_shipped: Some(3),
            on_invoiced: None,
            on_cancelled: None,
            write_tracking: true,
            allow_status_1: false,
        }
    }
}
