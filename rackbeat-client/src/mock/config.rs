//! Settings of one fake server, fixed when it starts.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use secrecy::SecretString;

use super::clock::TimestampFormat;
use super::fault::RateLimit;
use super::modes::Modes;

/// The bearer token a fake accepts unless told otherwise.
pub const DEFAULT_TOKEN: &str = "mock-rackbeat-token";

/// What a second `POST /orders/{n}/book` on a booked order does. The sheet has no evidence
/// either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Rebook {
    /// 422 `{"errors":{"order":["The order is already booked."]}}`: booking is a business rule
    /// and 422 is how Rackbeat reports business rules (sheet §1.9). The default.
    #[default]
    Reject,
    /// 200 with the order, unchanged (`booked_at` keeps the first booking's time).
    Idempotent,
}

/// The settings of a [`MockRackbeat`](super::MockRackbeat).
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) token: SecretString,
    pub(crate) max_page_size: u64,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) timestamp_format: TimestampFormat,
    pub(crate) utc_offset: FixedOffset,
    pub(crate) frozen_at: Option<DateTime<Utc>>,
    pub(crate) first_order_number: i64,
    pub(crate) first_customer_number: i64,
    pub(crate) rebook: Rebook,
    pub(crate) post_orders_books: bool,
    pub(crate) timeout_delay: Duration,
    pub(crate) account_id: i64,
    pub(crate) company_name: String,
    pub(crate) base_currency: String,
    pub(crate) modes: Modes,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            token: SecretString::from(DEFAULT_TOKEN),
            max_page_size: 1000,
            rate_limit: None,
            timestamp_format: TimestampFormat::Naive,
            utc_offset: FixedOffset::east_opt(3600).unwrap_or_else(|| Utc.fix()),
            frozen_at: None,
            first_order_number: 1,
            first_customer_number: 1,
            rebook: Rebook::Reject,
            post_orders_books: false,
            timeout_delay: Duration::from_secs(120),
            account_id: 1001,
            company_name: "Mock Company ApS".to_owned(),
            base_currency: "DKK".to_owned(),
            modes: Modes::default(),
        }
    }
}
