//! Which shop-local wall-clock range covers an instant range.
//!
//! SmartWeb stores and filters order dates as local shop time without an offset (SmartWeb API fact
//! sheet §2.11), so an import window in UTC is asked for as a local range. Converting both ends
//! naively fails around a daylight-saving change: when clocks fall back, the hour before the change
//! and the hour after it carry the same local times, and a window crossing it can come out inverted
//! (local start after local end) or miss the first pass through the repeated hour. [`local_window`]
//! widens the range so every local time any instant of the window can carry lies inside it: at most
//! one hour more than the window, only around a change.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};

/// The local wall-clock range `[start, end]` that holds the local time of every instant in
/// `[since, until]` in `zone`.
///
/// It is `since` plus the smaller and `until` plus the larger of the two ends' UTC offsets:
/// the naive conversion when no change lies between them, widened by the change otherwise.
/// (A window that spans several changes with equal offsets at both ends is long compared
/// with the hour a change moves, so its interior needs no widening.)
pub fn local_window<Tz: TimeZone>(
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    zone: &Tz,
) -> (NaiveDateTime, NaiveDateTime) {
    let offset = |at: DateTime<Utc>| {
        Duration::seconds(i64::from(
            zone.offset_from_utc_datetime(&at.naive_utc())
                .fix()
                .local_minus_utc(),
        ))
    };
    let (at_since, at_until) = (offset(since), offset(until));
    let shift = |at: DateTime<Utc>, by: Duration| {
        at.naive_utc()
            .checked_add_signed(by)
            .unwrap_or_else(|| at.naive_utc())
    };
    (
        shift(since, at_since.min(at_until)),
        shift(until, at_since.max(at_until)),
    )
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use chrono_tz::Europe::Copenhagen;

    use super::local_window;

    fn utc(h: u32, m: u32, day: u32, month: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, month, day, h, m, 0).unwrap()
    }

    fn local(h: u32, m: u32, day: u32, month: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, month, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn an_ordinary_window_is_the_plain_conversion() {
        assert_eq!(
            local_window(utc(10, 0, 1, 6), utc(12, 0, 1, 6), &Copenhagen),
            (local(12, 0, 1, 6), local(14, 0, 1, 6))
        );
        assert_eq!(
            local_window(utc(10, 0, 1, 12), utc(12, 0, 1, 12), &Copenhagen),
            (local(11, 0, 1, 12), local(13, 0, 1, 12))
        );
    }

    #[test]
    fn a_window_across_the_autumn_change_covers_both_passes_of_the_repeated_hour() {
        // 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET, so 02:00–03:00 happens twice.
        let (start, end) = local_window(utc(0, 45, 25, 10), utc(1, 5, 25, 10), &Copenhagen);
        assert!(start <= end, "never inverted: {start} .. {end}");
        // First pass (CEST) 02:45–02:59 and second pass (CET) 02:00–02:05 are both inside.
        for t in [
            local(2, 45, 25, 10),
            local(2, 59, 25, 10),
            local(2, 0, 25, 10),
        ] {
            assert!(start <= t && t <= end, "{t} in {start} .. {end}");
        }
        // The naive conversion would have been 02:45 .. 02:05: inverted.
        assert_eq!(start, local(1, 45, 25, 10));
        assert_eq!(end, local(3, 5, 25, 10));
    }

    #[test]
    fn a_window_across_the_spring_change_covers_the_missing_hour_edges() {
        // 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        let (start, end) = local_window(utc(0, 50, 29, 3), utc(1, 10, 29, 3), &Copenhagen);
        assert_eq!(start, local(1, 50, 29, 3));
        assert_eq!(end, local(3, 10, 29, 3));
    }

    #[test]
    fn every_instant_of_a_window_has_its_local_time_inside() {
        // Minute by minute across both changes of 2026, windows of 15 minutes to 3 hours.
        for (day, month) in [(25, 10), (29, 3)] {
            for start_minute in (0..240).step_by(5) {
                for length in [15, 60, 75, 180] {
                    let since = utc(0, 0, day, month) + chrono::Duration::minutes(start_minute);
                    let until = since + chrono::Duration::minutes(length);
                    let (start, end) = local_window(since, until, &Copenhagen);
                    let mut t = since;
                    while t <= until {
                        let wall = t.with_timezone(&Copenhagen).naive_local();
                        assert!(
                            start <= wall && wall <= end,
                            "{t}: {wall} not in {start} .. {end}"
                        );
                        t += chrono::Duration::minutes(1);
                    }
                }
            }
        }
    }
}
