//! The fake shop's state: catalogue, orders, sessions, logs and pending fault injections.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use chrono::NaiveDateTime;
use secrecy::SecretString;

use super::faults::Fault;
use super::projection::{FieldSet, Kind};
use super::{RecordedRequest, StockWrite};
use crate::model;

/// The zero date the service uses for "no date".
pub(crate) const ZERO_DATE: &str = "0000-00-00 00:00:00";

/// One server session (one `Solution_Connect`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Session {
    pub(crate) language: String,
    pub(crate) case_sensitive_item_number: bool,
    pub(crate) fields: HashMap<Kind, FieldSet>,
}

impl Session {
    pub(crate) fn fields(&self, kind: Kind) -> FieldSet {
        self.fields.get(&kind).cloned().unwrap_or_default()
    }
}

/// Next free ids (each starts above the highest id seeded).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    pub(crate) order: i64,
    pub(crate) order_line: i64,
    /// Order customer / delivery / payment rows.
    pub(crate) order_row: i64,
    /// Per-order currency snapshots (`Order.CurrencyId`).
    pub(crate) currency_snapshot: i64,
    pub(crate) product: i64,
    pub(crate) variant: i64,
    pub(crate) user: i64,
}

/// The shop's zone (API sheet §2.11).
pub(crate) const SHOP_TIMEZONE: chrono_tz::Tz = chrono_tz::Europe::Copenhagen;

/// A UTC instant as the shop's wall-clock time.
pub(crate) fn shop_local(instant: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    instant.with_timezone(&SHOP_TIMEZONE).naive_local()
}

/// Takes the next id from `counter`, keeping it above `floor`.
pub(crate) fn next_id(counter: &mut i64, floor: i64) -> i64 {
    *counter = (*counter).max(floor).saturating_add(1);
    *counter
}

/// Everything the fake knows.
pub(crate) struct State {
    pub(crate) username: String,
    pub(crate) password: SecretString,
    pub(crate) webinfo: model::ShopWebinfo,
    pub(crate) languages: Vec<model::SolutionLanguage>,
    pub(crate) modules: Vec<String>,
    pub(crate) timeout_delay: Duration,
    pub(crate) frozen_now: Option<NaiveDateTime>,

    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) sessions_started: u64,
    pub(crate) cookie_salt: u64,

    pub(crate) orders: BTreeMap<i64, model::Order>,
    pub(crate) products: BTreeMap<i64, model::Product>,
    pub(crate) categories: BTreeMap<i64, model::Category>,
    pub(crate) vat_groups: BTreeMap<i64, model::VatGroup>,
    pub(crate) delivery_countries: Vec<model::ProductDeliveryCountry>,
    pub(crate) currencies: Vec<model::Currency>,
    pub(crate) deliveries: Vec<model::Delivery>,
    pub(crate) payments: Vec<model::PaymentMethod>,
    pub(crate) users: BTreeMap<i64, model::User>,
    pub(crate) user_groups: Vec<model::UserGroup>,
    pub(crate) status_codes: Vec<model::OrderStatusCode>,
    pub(crate) ids: Ids,

    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) stock_writes: Vec<StockWrite>,
    pub(crate) encoding_calls: Vec<String>,
    pub(crate) injected: HashMap<String, VecDeque<Fault>>,
    pub(crate) dropped: HashMap<String, u32>,
    /// Record fields sent with this raw text instead of their value:
    /// (record kind, id, field) → text.
    pub(crate) garbled_fields: HashMap<(Kind, i64, String), String>,
}

impl State {
    pub(crate) fn new(username: String, password: SecretString) -> Self {
        Self {
            username,
            password,
            webinfo: model::ShopWebinfo::default(),
            languages: Vec::new(),
            modules: ["blog", "news", "multisite", "filesale", "seo", "api"]
                .map(str::to_owned)
                .to_vec(),
            timeout_delay: Duration::from_secs(150),
            frozen_now: None,
            sessions: HashMap::new(),
            sessions_started: 0,
            cookie_salt: std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish(),
            orders: BTreeMap::new(),
            products: BTreeMap::new(),
            categories: BTreeMap::new(),
            vat_groups: BTreeMap::new(),
            delivery_countries: Vec::new(),
            currencies: Vec::new(),
            deliveries: Vec::new(),
            payments: Vec::new(),
            users: BTreeMap::new(),
            user_groups: Vec::new(),
            status_codes: Vec::new(),
            ids: Ids::default(),
            requests: Vec::new(),
            stock_writes: Vec::new(),
            encoding_calls: Vec::new(),
            injected: HashMap::new(),
            dropped: HashMap::new(),
            garbled_fields: HashMap::new(),
        }
    }

    /// Shop-local "now" (the frozen clock when set): the wall-clock time in the shop's zone,
    /// Europe/Copenhagen as the sheet assumes ("in local shop time. The time zone is not
    /// stated; Europe/Copenhagen is assumed", §2.11), whatever the machine's own zone.
    pub(crate) fn now(&self) -> NaiveDateTime {
        self.frozen_now
            .unwrap_or_else(|| shop_local(chrono::Utc::now()))
    }

    /// `now` in the wire format.
    pub(crate) fn now_text(&self) -> String {
        crate::values::format_shop_datetime(&self.now())
    }

    /// The primary language layer (`DK` when none is marked).
    pub(crate) fn primary_language(&self) -> String {
        self.languages
            .iter()
            .find(|l| l.primary == Some(true))
            .or_else(|| self.languages.first())
            .and_then(|l| l.language_iso.clone())
            .unwrap_or_else(|| "DK".to_owned())
    }

    /// Starts a fresh session (default projections, primary language) and returns its cookie.
    pub(crate) fn start_session(&mut self) -> String {
        self.sessions_started = self.sessions_started.saturating_add(1);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hasher.write_u64(self.cookie_salt);
        hasher.write_u64(self.sessions_started);
        let cookie = format!("{:016x}{:04x}", hasher.finish(), self.sessions_started);
        let session = Session {
            language: self.primary_language(),
            ..Session::default()
        };
        self.sessions.insert(cookie.clone(), session);
        cookie
    }

    pub(crate) fn prices_with_vat(&self) -> bool {
        self.webinfo.product_prices_with_vat.unwrap_or(true)
    }

    /// VAT percentage of a product (its `VatGroupId`; 0 when unknown).
    pub(crate) fn vat_percent(&self, product: &model::Product) -> i64 {
        product
            .vat_group_id
            .and_then(|id| self.vat_groups.get(&id))
            .and_then(|g| g.vat_percentage)
            .unwrap_or(0)
    }

    /// Finds a variant anywhere: `(product id, index in its Variants)`.
    pub(crate) fn variant_position(&self, variant_id: i64) -> Option<(i64, usize)> {
        self.products.iter().find_map(|(pid, p)| {
            p.variants
                .iter()
                .position(|v| v.id == Some(variant_id))
                .map(|i| (*pid, i))
        })
    }

    pub(crate) fn max_variant_id(&self) -> i64 {
        self.products
            .values()
            .flat_map(|p| p.variants.iter())
            .filter_map(|v| v.id)
            .max()
            .unwrap_or(0)
    }

    pub(crate) fn max_line_id(&self) -> i64 {
        self.orders
            .values()
            .flat_map(|o| o.order_lines.iter())
            .filter_map(|l| l.id)
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::shop_local;

    #[test]
    fn the_shop_clock_is_copenhagen_wall_time() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        let at = |h| {
            NaiveDate::from_ymd_opt(2026, 1, 15)
                .unwrap()
                .and_hms_opt(h, 0, 0)
        };
        assert_eq!(Some(shop_local(winter)), at(13));
        assert_eq!(
            shop_local(summer),
            NaiveDate::from_ymd_opt(2026, 7, 15)
                .unwrap()
                .and_hms_opt(14, 0, 0)
                .unwrap()
        );
    }
}
