//! Meaning of SmartWeb's string-typed values: shop dates and order status ids.
//!
//! Money needs no helper here: every `xsd:double`/`xsd:float` field of the generated model is
//! already a [`rust_decimal::Decimal`] parsed from the wire text.

use chrono::NaiveDateTime;

/// The wire format of shop dates: `yyyy-mm-dd hh:mm:ss`.
pub const SHOP_DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Reads a shop date `yyyy-mm-dd hh:mm:ss` (a date-only `yyyy-mm-dd` is read as midnight).
///
/// The result is the **shop's local wall-clock time** (the API states no time zone;
/// Europe/Copenhagen is assumed by the sheet), so it is naive on purpose: attach the shop's
/// zone before comparing with UTC instants. The zero date `0000-00-00 00:00:00` (also
/// `0000-00-00`) and empty text mean "no date" and read as `None`, as does any text that is
/// not a valid date.
///
/// Tolerated besides the documented form (the sheet quotes it from a fault, and the three
/// `xsd:dateTime` fields' wire format "was not observed"): a `T` between date and time,
/// fractional seconds, and an `xsd:dateTime` zone suffix (`Z`, `+01:00`), which is dropped:
/// the wall-clock part is kept, like every other shop date.
pub fn parse_shop_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if t.is_empty() || t.starts_with("0000-00-00") {
        return None;
    }
    if let Ok(d) = NaiveDateTime::parse_from_str(t, SHOP_DATETIME_FORMAT) {
        return Some(d);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    let wall = without_zone(t);
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(wall, format).ok())
}

/// `t` without a trailing `Z` or `±hh:mm`/`±hhmm` zone (only after the time part).
fn without_zone(t: &str) -> &str {
    if let Some(stripped) = t.strip_suffix(['Z', 'z']) {
        return stripped;
    }
    // The zone sign comes after the time (`…T10:00:00+01:00`); the date's own `-` are earlier.
    match t.rfind(['+', '-']) {
        Some(at) if at > 10 && t.get(..at).is_some_and(|head| head.contains(':')) => {
            t.get(..at).unwrap_or(t)
        }
        _ => t,
    }
}

/// Writes a shop-local date in the wire format `yyyy-mm-dd hh:mm:ss`.
pub fn format_shop_datetime(value: &NaiveDateTime) -> String {
    value.format(SHOP_DATETIME_FORMAT).to_string()
}

/// An order status id (API sheet §6). Shops can add their own statuses: unknown ids are kept
/// in [`OrderStatus::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// 0: not received; the default for API-created orders.
    NotReceived,
    /// 1: order received. Setting it always e-mails the customer.
    Received,
    /// 2: processing.
    Processing,
    /// 3: sent.
    Sent,
    /// 4: reopened.
    Reopened,
    /// 5: cancelled.
    Cancelled,
    /// 6: ready for pickup.
    ReadyForPickup,
    /// 7: partially sent.
    PartiallySent,
    /// 8: picked up.
    PickedUp,
    /// 99: draft (new credit notes start here).
    Draft,
    /// 100: credit note.
    CreditNote,
    /// Any other (shop-defined) status id.
    Other(i64),
}

impl OrderStatus {
    /// The status for a numeric id.
    pub fn from_id(id: i64) -> Self {
        match id {
            0 => Self::NotReceived,
            1 => Self::Received,
            2 => Self::Processing,
            3 => Self::Sent,
            4 => Self::Reopened,
            5 => Self::Cancelled,
            6 => Self::ReadyForPickup,
            7 => Self::PartiallySent,
            8 => Self::PickedUp,
            99 => Self::Draft,
            100 => Self::CreditNote,
            other => Self::Other(other),
        }
    }

    /// The numeric id sent to and read from the API.
    pub fn id(self) -> i64 {
        match self {
            Self::NotReceived => 0,
            Self::Received => 1,
            Self::Processing => 2,
            Self::Sent => 3,
            Self::Reopened => 4,
            Self::Cancelled => 5,
            Self::ReadyForPickup => 6,
            Self::PartiallySent => 7,
            Self::PickedUp => 8,
            Self::Draft => 99,
            Self::CreditNote => 100,
            Self::Other(id) => id,
        }
    }

    /// Reads `Order.Status`, which the WSDL types as a string holding the id (`"0"`, `"99"`).
    /// `None` for empty or non-numeric text.
    pub fn parse(text: &str) -> Option<Self> {
        text.trim().parse::<i64>().ok().map(Self::from_id)
    }
}

impl From<i64> for OrderStatus {
    fn from(id: i64) -> Self {
        Self::from_id(id)
    }
}

impl From<OrderStatus> for i64 {
    fn from(status: OrderStatus) -> Self {
        status.id()
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_dates() {
        let d = parse_shop_datetime("2026-08-15 18:41:30").unwrap();
        assert_eq!(format_shop_datetime(&d), "2026-08-15 18:41:30");
        assert_eq!(parse_shop_datetime("0000-00-00 00:00:00"), None);
        assert_eq!(parse_shop_datetime("0000-00-00"), None);
        assert_eq!(parse_shop_datetime(""), None);
        assert_eq!(parse_shop_datetime("garbage"), None);
        assert_eq!(
            parse_shop_datetime("2024-01-31").map(|d| format_shop_datetime(&d)),
            Some("2024-01-31 00:00:00".to_owned())
        );
    }

    #[test]
    fn order_status_ids_round_trip() {
        for id in [0, 1, 2, 3, 4, 5, 6, 7, 8, 99, 100, 42, -1] {
            assert_eq!(OrderStatus::from_id(id).id(), id);
        }
        assert_eq!(OrderStatus::from_id(100), OrderStatus::CreditNote);
        assert_eq!(OrderStatus::from_id(42), OrderStatus::Other(42));
        assert_eq!(OrderStatus::parse(" 99 "), Some(OrderStatus::Draft));
        assert_eq!(OrderStatus::parse(""), None);
        assert_eq!(OrderStatus::Received.to_string(), "1");
    }
}
