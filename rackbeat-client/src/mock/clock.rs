//! The fake's sense of time: the wall clock by default, or a frozen clock that tests move by hand.
//!
//! Timestamps are rendered in the server's local offset. The sheet presumes Rackbeat runs on
//! Danish time (Europe/Copenhagen); the fake uses a fixed offset (default `+01:00`) and does not
//! model daylight saving time.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// How the fake writes `created_at`, `updated_at`, `booked_at` and the other timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimestampFormat {
    /// `2025-01-08 10:30:00`, naive local time: the form of the documentation's webhook sample
    /// (the only verbatim timestamp in the sheet), so the default.
    #[default]
    Naive,
    /// `2025-01-08T10:30:00+01:00`, ISO-8601 with the offset: the form the official SDK parses.
    Iso8601,
}

/// The fake's clock: the wall clock, or a frozen instant moved with [`Clock::advance`].
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    frozen: Option<DateTime<Utc>>,
    offset: FixedOffset,
    format: TimestampFormat,
}

impl Clock {
    pub(crate) fn new(
        frozen: Option<DateTime<Utc>>,
        offset: FixedOffset,
        format: TimestampFormat,
    ) -> Self {
        Self {
            frozen,
            offset,
            format,
        }
    }

    /// The current instant.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(Utc::now)
    }

    /// Freezes the clock at `at`.
    pub(crate) fn set(&mut self, at: DateTime<Utc>) {
        self.frozen = Some(at);
    }

    /// Moves a frozen clock forward (freezing the wall clock's current instant first).
    pub(crate) fn advance(&mut self, by: chrono::Duration) {
        let now = self.now();
        self.frozen = Some(now + by);
    }

    /// A timestamp in the configured wire format.
    pub(crate) fn format(&self, at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&self.offset);
        match self.format {
            TimestampFormat::Naive => local.format("%Y-%m-%d %H:%M:%S").to_string(),
            TimestampFormat::Iso8601 => local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }

    /// Today's date in the server's offset, `YYYY-MM-DD`.
    pub(crate) fn today(&self) -> String {
        self.now()
            .with_timezone(&self.offset)
            .format("%Y-%m-%d")
            .to_string()
    }

    /// Parses a timestamp as the API's filters take it (`YYYY-MM-DD HH:MM:SS` in server time),
    /// also accepting ISO-8601 with an offset and a bare date (midnight).
    pub(crate) fn parse(&self, text: &str) -> Option<DateTime<Utc>> {
        let t = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Some(dt.with_timezone(&Utc));
        }
        if let Ok(dt) = DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%:z") {
            return Some(dt.with_timezone(&Utc));
        }
        let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
            .ok()
            .or_else(|| {
                NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
            })?;
        self.offset
            .from_local_datetime(&naive)
            .single()
            .map(|dt| dt.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_in_server_time() {
        let offset = FixedOffset::east_opt(3600).unwrap();
        let at = Utc.with_ymd_and_hms(2025, 1, 8, 9, 30, 0).unwrap();
        let clock = Clock::new(Some(at), offset, TimestampFormat::Naive);
        assert_eq!(clock.format(at), "2025-01-08 10:30:00");
        assert_eq!(clock.parse("2025-01-08 10:30:00"), Some(at));
        assert_eq!(clock.parse("2025-01-08T10:30:00+01:00"), Some(at));
        let iso = Clock::new(Some(at), offset, TimestampFormat::Iso8601);
        assert_eq!(iso.format(at), "2025-01-08T10:30:00+01:00");
    }
}
