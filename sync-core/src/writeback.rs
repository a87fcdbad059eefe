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
//! - **Which tracking number counts**: where Rackbeat carries it is documented nowhere, so
//!   three field names are read, first non-empty wins: `tracking_number`, `tracking_code`,
//!   `track_trace`. The order's own fields come first; else the newest shipment (highest id)
//!   that is not known to be unshipped and has one. Shipments are looked up only when they
//!   can matter ([`RbOrderProgress::needs_shipments`]): tracking is written, the order is
//!   (partly) shipped and carries no tracking number itself.

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
    /// The tracking fields the order itself carries.
    pub tracking: TrackingFields,
    /// The order's shipments, when they were looked up.
    pub shipments: Vec<RbShipmentView>,
}

/// The fields a tracking number may sit in, as read (none is confirmed by any source).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingFields {
    /// `tracking_number`.
    pub tracking_number: Option<String>,
    /// `tracking_code`.
    pub tracking_code: Option<String>,
    /// `track_trace`.
    pub track_trace: Option<String>,
}

impl TrackingFields {
    /// The tracking number these fields hold: the first non-empty one, trimmed.
    #[must_use]
    pub fn number(&self) -> Option<&str> {
        [
            &self.tracking_number,
            &self.tracking_code,
            &self.track_trace,
        ]
        .into_iter()
        .filter_map(|f| f.as_deref().map(str::trim))
        .find(|t| !t.is_empty())
    }
}

/// One Rackbeat shipment of an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RbShipmentView {
    /// `id`.
    pub id: u64,
    /// `is_shipped`, when sent.
    pub is_shipped: Option<bool>,
    /// Its tracking fields.
    pub tracking: TrackingFields,
}

impl RbOrderProgress {
    /// Whether the order's shipments must be read to plan the write-back: tracking is
    /// written, the order is (partly) shipped, and it carries no tracking number itself.
    #[must_use]
    pub fn needs_shipments(&self, settings: &StatusWriteback) -> bool {
        settings.enabled
            && settings.write_tracking
            && (self.is_shipped || self.is_partly_shipped)
            && self.tracking.number().is_none()
    }

    /// The tracking number that counts: the order's own, else that of the newest shipment
    /// (highest id) not known to be unshipped.
    #[must_use]
    pub fn tracking_number(&self) -> Option<&str> {
        self.tracking.number().or_else(|| {
            self.shipments
                .iter()
                .filter(|s| s.is_shipped != Some(false))
                .filter_map(|s| s.tracking.number().map(|n| (s.id, n)))
                .max_by_key(|(id, _)| *id)
                .map(|(_, n)| n)
        })
    }
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
        .tracking_number()
        .filter(|t| settings.write_tracking && *t != current.tracking_code.trim())
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
            tracking: TrackingFields {
                tracking_code: Some("GLS123".into()),
                ..TrackingFields::default()
            },
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

    fn shipment(id: u64, shipped: Option<bool>, number: &str) -> RbShipmentView {
        RbShipmentView {
            id,
            is_shipped: shipped,
            tracking: TrackingFields {
                track_trace: Some(number.into()),
                ..TrackingFields::default()
            },
        }
    }

    #[test]
    fn the_first_non_empty_tracking_field_counts() {
        let fields = TrackingFields {
            tracking_number: Some("  ".into()),
            tracking_code: Some(" PN-1 ".into()),
            track_trace: Some("TT-1".into()),
        };
        assert_eq!(fields.number(), Some("PN-1"));
        assert_eq!(TrackingFields::default().number(), None);
    }

    #[test]
    fn the_order_s_own_tracking_beats_its_shipments() {
        let progress = RbOrderProgress {
            is_shipped: true,
            tracking: TrackingFields {
                tracking_number: Some("ORDER-1".into()),
                ..TrackingFields::default()
            },
            shipments: vec![shipment(9, Some(true), "SHIP-9")],
            ..RbOrderProgress::default()
        };
        assert_eq!(progress.tracking_number(), Some("ORDER-1"));
        assert!(!progress.needs_shipments(&on()));
    }

    #[test]
    fn the_newest_shipped_shipment_with_a_number_counts() {
        let progress = RbOrderProgress {
            is_partly_shipped: true,
            shipments: vec![
                shipment(3, Some(true), "OLD-3"),
                shipment(7, None, "NEW-7"),
                shipment(5, Some(true), "MID-5"),
                shipment(8, Some(true), " "),
                shipment(9, Some(false), "PICKED-9"),
            ],
            ..RbOrderProgress::default()
        };
        assert_eq!(progress.tracking_number(), Some("NEW-7"));
        assert_eq!(
            plan_writeback(&progress, &sw("2"), &on()),
            WritebackPlan::Update(StatusUpdate {
                status: Some(7),
                tracking_code: Some("NEW-7".into())
            })
        );
    }

    #[test]
    fn shipments_are_read_only_when_they_can_matter() {
        let shipped = RbOrderProgress {
            is_shipped: true,
            ..RbOrderProgress::default()
        };
        assert!(shipped.needs_shipments(&on()));
        let booked = RbOrderProgress {
            is_booked: true,
            ..RbOrderProgress::default()
        };
        assert!(!booked.needs_shipments(&on()));
        let no_tracking = StatusWriteback {
            write_tracking: false,
            ..on()
        };
        assert!(!shipped.needs_shipments(&no_tracking));
        assert!(!shipped.needs_shipments(&StatusWriteback::default()));
    }
}
