//! Status write-back: a Rackbeat order's progress → SmartWeb status and tracking code.
//!
//! Rules:
//! - Off unless `status_writeback.enabled`.
//! - The most advanced stage reached that has a status mapped wins: cancelled, else invoiced,
//!   shipped, partly shipped, booked. A cancelled order with no `on_cancelled` gets nothing
//!   (it is not reported as shipped).
//! - Status 1 ("Order received") e-mails the customer: refused unless `allow_status_1`.
//! - A SmartWeb order that is cancelled (5), a draft (99) or a credit note (100) is never
//!   changed.
//! - Only differences are written: the same status or the same tracking code is not
//!   written again. The tracking code is written when `write_tracking` is on and Rackbeat
//!   has a non-empty one.

use crate::settings::StatusWriteback;

/// What the engine read about a Rackbeat order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbOrderProgress {
    /// `is_booked`.
    pub is_booked: bool,
    /// `is_partly_shipped`.
    pub is_partly_shipped: bool,
    /// `is_shipped`.
    pub is_shipped: bool,
    /// `is_invoiced`.
    pub is_invoiced: bool,
    /// `is_cancelled`.
    pub is_cancelled: bool,
    /// Tracking code from the order's shipment, if any.
    pub tracking_code: Option<String>,
}

/// The SmartWeb order's current state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SwOrderState {
    /// `Status` (string id).
    pub status: Option<String>,
    /// `TrackingCode`.
    pub tracking_code: String,
}

/// The SmartWeb writes to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    /// New status (`Order_UpdateStatus`), if it changes.
    pub status: Option<u32>,
    /// New tracking code, if it changes.
    pub tracking_code: Option<String>,
}

/// Why a write-back is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WritebackRefusal {
    /// Status 1 would e-mail the customer and is not allowed.
    #[error("status 1 e-mails the customer and `allow_status_1` is off")]
    Status1NotAllowed,
    /// The SmartWeb order is in a status that is never changed.
    #[error("SmartWeb status `{0}` is final and is not changed")]
    FinalStatus(String),
}

/// The write-back decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WritebackPlan {
    /// Nothing to write.
    Nothing,
    /// Write this.
    Update(StatusUpdate),
    /// A write was due but is refused.
    Refused(WritebackRefusal),
}

const FINAL_STATUSES: [&str; 3] = ["5", "99", "100"];

/// Plans the SmartWeb status / tracking update for one order.
#[must_use]
pub fn plan_writeback(
    progress: &RbOrderProgress,
    current: &SwOrderState,
    settings: &StatusWriteback,
) -> WritebackPlan {
    if !settings.enabled {
        return WritebackPlan::Nothing;
    }
    let current_status = current.status.as_deref().map(str::trim).unwrap_or_default();
    if FINAL_STATUSES.contains(&current_status) {
        return WritebackPlan::Refused(WritebackRefusal::FinalStatus(current_status.to_owned()));
    }
    let target = if progress.is_cancelled {
        settings.on_cancelled
    } else {
        [
            (progress.is_invoiced, settings.on_invoiced),
            (progress.is_shipped, settings.on_shipped),
            (progress.is_partly_shipped, settings.on_partly_shipped),
            (progress.is_booked, settings.on_booked),
        ]
        .into_iter()
        .find_map(|(reached, status)| status.filter(|_| reached))
    };
    let status = target.filter(|s| s.to_string() != current_status);
    if status == Some(1) && !settings.allow_status_1 {
        return WritebackPlan::Refused(WritebackRefusal::Status1NotAllowed);
    }
    let tracking_code = progress
        .tracking_code
        .as_deref()
        .map(str::trim)
        .filter(|t| settings.write_tracking && !t.is_empty() && *t != current.tracking_code.trim())
        .map(str::to_owned);
    if status.is_none() && tracking_code.is_none() {
        WritebackPlan::Nothing
    } else {
        WritebackPlan::Update(StatusUpdate {
            status,
            tracking_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on() -> StatusWriteback {
        StatusWriteback {
            enabled: true,
            ..StatusWriteback::default()
        }
    }

    fn sw(status: &str) -> SwOrderState {
        SwOrderState {
            status: Some(status.into()),
            tracking_code: String::new(),
        }
    }

    #[test]
    fn shipped_with_tracking_becomes_status_3() {
        let progress = RbOrderProgress {
            is_booked: true,
            is_shipped: true,
            tracking_code: Some("GLS123".into()),
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&progress, &sw("2"), &on()),
            WritebackPlan::Update(StatusUpdate {
                status: Some(3),
                tracking_code: Some("GLS123".into())
            })
        );
        let done = SwOrderState {
            status: Some("3".into()),
            tracking_code: "GLS123".into(),
        };
        assert_eq!(
            plan_writeback(&progress, &done, &on()),
            WritebackPlan::Nothing
        );
    }

    #[test]
    fn disabled_or_unmapped_stage_writes_nothing() {
        let progress = RbOrderProgress {
            is_booked: true,
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&progress, &sw("1"), &on()),
            WritebackPlan::Nothing
        );
        let shipped = RbOrderProgress {
            is_shipped: true,
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&shipped, &sw("1"), &StatusWriteback::default()),
            WritebackPlan::Nothing
        );
    }

    #[test]
    fn status_1_is_refused_unless_allowed() {
        let progress = RbOrderProgress {
            is_booked: true,
            ..RbOrderProgress::default()
        };
        let mut settings = StatusWriteback {
            on_booked: Some(1),
            ..on()
        };
        assert_eq!(
            plan_writeback(&progress, &sw("0"), &settings),
            WritebackPlan::Refused(WritebackRefusal::Status1NotAllowed)
        );
        settings.allow_status_1 = true;
        assert_eq!(
            plan_writeback(&progress, &sw("0"), &settings),
            WritebackPlan::Update(StatusUpdate {
                status: Some(1),
                tracking_code: None
            })
        );
    }

    #[test]
    fn cancelled_orders_and_final_statuses() {
        let cancelled = RbOrderProgress {
            is_shipped: true,
            is_cancelled: true,
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&cancelled, &sw("2"), &on()),
            WritebackPlan::Nothing
        );
        let settings = StatusWriteback {
            on_cancelled: Some(5),
            ..on()
        };
        assert_eq!(
            plan_writeback(&cancelled, &sw("2"), &settings),
            WritebackPlan::Update(StatusUpdate {
                status: Some(5),
                tracking_code: None
            })
        );
        let shipped = RbOrderProgress {
            is_shipped: true,
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&shipped, &sw("100"), &on()),
            WritebackPlan::Refused(WritebackRefusal::FinalStatus("100".into()))
        );
    }

    #[test]
    fn partly_shipped_uses_its_own_status() {
        let progress = RbOrderProgress {
            is_booked: true,
            is_partly_shipped: true,
            ..RbOrderProgress::default()
        };
        assert_eq!(
            plan_writeback(&progress, &sw("2"), &on()),
            WritebackPlan::Update(StatusUpdate {
                status: Some(7),
                tracking_code: None
            })
        );
    }
}
