//! `Settings::validate`: every offline problem of a settings file, all at once.

use rust_decimal::Decimal;

use super::{ProductSource, Settings, StockFrom};

/// The longest job interval in `schedule` (one week).
pub const MAX_SCHEDULE_MINUTES: u32 = 7 * 24 * 60;
/// The largest `order_overlap_minutes` (one day).
pub const MAX_ORDER_OVERLAP_MINUTES: u32 = 24 * 60;
/// The largest `initial_lookback_days` (ten years).
pub const MAX_INITIAL_LOOKBACK_DAYS: u32 = 3650;
use crate::reference::ReferenceFormat;

/// One problem found by [`Settings::validate`]. `setting` is the setting's name (dotted for
/// nested ones, `vat_zone_rules[2].vat_zone` for list items).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsProblem {
    /// A setting needed by the chosen configuration is not set.
    #[error("`{setting}` must be set because {because}")]
    Missing {
        /// The setting's name.
        setting: String,
        /// Why it is needed.
        because: &'static str,
    },
    /// A text setting is empty or blank.
    #[error("`{setting}` must not be empty")]
    Empty {
        /// The setting's name.
        setting: String,
    },
    /// A number is out of its allowed range.
    #[error("`{setting}` is out of range: {why}")]
    OutOfRange {
        /// The setting's name.
        setting: String,
        /// The allowed range.
        why: &'static str,
    },
    /// A format string lacks its placeholder.
    #[error("`{setting}` must contain `{{number}}` or `{{id}}`")]
    NoPlaceholder {
        /// The setting's name.
        setting: String,
    },
    /// A status id is not a whole number.
    #[error("`{setting}` holds `{value}`, which is not a SmartWeb status id")]
    BadStatus {
        /// The setting's name.
        setting: String,
        /// The offending value.
        value: String,
    },
}

impl SettingsProblem {
    /// The name of the setting the problem is about (`layout`, `schedule.orders_minutes`,
    /// `vat_zone_rules[2].vat_zone`).
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Self::Missing { setting, .. }
            | Self::Empty { setting }
            | Self::OutOfRange { setting, .. }
            | Self::NoPlaceholder { setting }
            | Self::BadStatus { setting, .. } => setting,
        }
    }
}

fn missing(setting: &str, because: &'static str) -> SettingsProblem {
    SettingsProblem::Missing {
        setting: setting.to_owned(),
        because,
    }
}

fn blank(value: Option<&String>) -> bool {
    value.is_some_and(|v| v.trim().is_empty())
}

impl Settings {
    /// Checks the settings offline and returns **every** problem found, in field order.
    ///
    /// Checked: settings required by the chosen options (layout, payment terms, customer
    /// group and line products when `transfer_orders`; category for `product_source =
    /// rackbeat`; product group for `smartweb`; credit-note product when `credit_notes`;
    /// `location` when `stock_from = location`), non-empty texts (`legacy_rb01`, `vat_zone`,
    /// set line products), non-negative tolerance and VAT rates, placeholders of the
    /// reference and heading formats, status ids, VAT-zone rules, and the ranges of the
    /// intervals ([`MAX_SCHEDULE_MINUTES`]), the window overlap ([`MAX_ORDER_OVERLAP_MINUTES`])
    /// and the first run's look-back ([`MAX_INITIAL_LOOKBACK_DAYS`]).
    ///
    /// # Errors
    /// The list of problems, never empty.
    pub fn validate(&self) -> Result<(), Vec<SettingsProblem>> {
        let mut p = Vec::new();
        let orders = "`transfer_orders` is true";
        if self.transfer_orders {
            if self.layout.is_none() {
                p.push(missing("layout", orders));
            }
            if self.payment_terms.is_none() {
                p.push(missing("payment_terms", orders));
            }
            if self.customer_group.is_none() {
                p.push(missing("customer_group", orders));
            }
            for (name, value) in [
                ("shipping_product_with_vat", &self.shipping_product_with_vat),
                (
                    "shipping_product_without_vat",
                    &self.shipping_product_without_vat,
                ),
                ("fee_product", &self.fee_product),
            ] {
                if value.is_none() {
                    p.push(missing(name, orders));
                }
            }
        }
        match self.product_source {
            ProductSource::Rackbeat if self.smartweb_category_id.is_none() => p.push(missing(
                "smartweb_category_id",
                "`product_source` is rackbeat (new SmartWeb products need a category)",
            )),
            ProductSource::Smartweb if self.product_group.is_none() => p.push(missing(
                "product_group",
                "`product_source` is smartweb (new Rackbeat products need a group)",
            )),
            _ => {}
        }
        if self.credit_notes && self.credit_note_product.is_none() {
            p.push(missing("credit_note_product", "`credit_notes` is true"));
        }
        if self.stock_from == StockFrom::Location && self.location.is_none() {
            p.push(missing("location", "`stock_from` is location"));
        }
        for (name, value) in [
            ("shipping_product_with_vat", &self.shipping_product_with_vat),
            (
                "shipping_product_without_vat",
                &self.shipping_product_without_vat,
            ),
            ("fee_product", &self.fee_product),
            ("credit_note_product", &self.credit_note_product),
            ("rounding_line_product", &self.rounding_line_product),
            ("discount_product", &self.discount_product),
        ] {
            if blank(value.as_ref()) {
                p.push(SettingsProblem::Empty {
                    setting: name.to_owned(),
                });
            }
        }
        if self.legacy_rb01.trim().is_empty() {
            p.push(SettingsProblem::Empty {
                setting: "legacy_rb01".to_owned(),
            });
        }
        if self.vat_zone.trim().is_empty() {
            p.push(SettingsProblem::Empty {
                setting: "vat_zone".to_owned(),
            });
        }
        if self.totals_tolerance.is_sign_negative() && !self.totals_tolerance.is_zero() {
            p.push(SettingsProblem::OutOfRange {
                setting: "totals_tolerance".to_owned(),
                why: "must not be negative",
            });
        }
        let rate_ok = |r: Decimal| r >= Decimal::ZERO && r <= Decimal::ONE_HUNDRED;
        if !rate_ok(self.standard_vat_percent) {
            p.push(SettingsProblem::OutOfRange {
                setting: "standard_vat_percent".to_owned(),
                why: "must be between 0 and 100",
            });
        }
        if self.default_vat_percent.is_some_and(|r| !rate_ok(r)) {
            p.push(SettingsProblem::OutOfRange {
                setting: "default_vat_percent".to_owned(),
                why: "must be between 0 and 100",
            });
        }
        for (name, format) in [
            ("reference_format", &self.reference_format),
            ("heading_format", &self.heading_format),
        ] {
            if ReferenceFormat::new(format).is_none() {
                p.push(SettingsProblem::NoPlaceholder {
                    setting: name.to_owned(),
                });
            }
        }
        for (name, list) in [
            ("imported_statuses", &self.imported_statuses),
            ("credit_note_statuses", &self.credit_note_statuses),
        ] {
            for value in list {
                if value.trim().parse::<u32>().is_err() {
                    p.push(SettingsProblem::BadStatus {
                        setting: name.to_owned(),
                        value: value.clone(),
                    });
                }
            }
        }
        for (i, rule) in self.vat_zone_rules.iter().enumerate() {
            if rule.vat_zone.trim().is_empty() {
                p.push(SettingsProblem::Empty {
                    setting: format!("vat_zone_rules[{i}].vat_zone"),
                });
            }
            for c in rule.countries.iter().chain(&rule.except_countries) {
                if c.trim().is_empty() {
                    p.push(SettingsProblem::Empty {
                        setting: format!("vat_zone_rules[{i}].countries"),
                    });
                }
            }
        }
        let wb = &self.status_writeback;
        if wb.enabled && !wb.allow_status_1 {
            for (name, status) in [
                ("status_writeback.on_booked", wb.on_booked),
                ("status_writeback.on_partly_shipped", wb.on_partly_shipped),
                ("status_writeback.on_shipped", wb.on_shipped),
                ("status_writeback.on_invoiced", wb.on_invoiced),
                ("status_writeback.on_cancelled", wb.on_cancelled),
            ] {
                if status == Some(1) {
                    p.push(SettingsProblem::OutOfRange {
                        setting: name.to_owned(),
                        why: "status 1 e-mails the customer; set `allow_status_1` to use it",
                    });
                }
            }
        }
        for (name, minutes) in [
            ("schedule.orders_minutes", self.schedule.orders_minutes),
            ("schedule.stock_minutes", self.schedule.stock_minutes),
            ("schedule.products_minutes", self.schedule.products_minutes),
        ] {
            if !(1..=MAX_SCHEDULE_MINUTES).contains(&minutes) {
                p.push(SettingsProblem::OutOfRange {
                    setting: name.to_owned(),
                    why: "must be between 1 and 10080 minutes (one week)",
                });
            }
        }
        // Both become date arithmetic on the order window: bounded here, so that no value of
        // the file can push a date out of range.
        if self.order_overlap_minutes > MAX_ORDER_OVERLAP_MINUTES {
            p.push(SettingsProblem::OutOfRange {
                setting: "order_overlap_minutes".to_owned(),
                why: "must be between 0 and 1440 minutes (one day)",
            });
        }
        if self.initial_lookback_days > MAX_INITIAL_LOOKBACK_DAYS {
            p.push(SettingsProblem::OutOfRange {
                setting: "initial_lookback_days".to_owned(),
                why: "must be between 0 and 3650 days (ten years); use `orders --since` to go further back",
            });
        }
        if p.is_empty() { Ok(()) } else { Err(p) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn default_settings_list_every_missing_order_setting() {
        let problems = Settings::default().validate().unwrap_err();
        let names: Vec<String> = problems
            .iter()
            .filter_map(|p| match p {
                SettingsProblem::Missing { setting, .. } => Some(setting.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            [
                "layout",
                "payment_terms",
                "customer_group",
                "shipping_product_with_vat",
                "shipping_product_without_vat",
                "fee_product",
                "smartweb_category_id"
            ]
        );
    }

    #[test]
    fn several_problems_are_reported_together() {
        let s = Settings {
            transfer_orders: false,
            smartweb_category_id: Some(1),
            legacy_rb01: "  ".into(),
            totals_tolerance: dec!(-0.01),
            reference_format: "SW-".into(),
            credit_notes: true,
            imported_statuses: vec!["1".into(), "sent".into()],
            fee_product: Some(String::new()),
            ..Settings::default()
        };
        let problems = s.validate().unwrap_err();
        assert_eq!(problems.len(), 6, "{problems:#?}");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(text.contains(&"`legacy_rb01` must not be empty".to_owned()));
        assert!(text.contains(&"`fee_product` must not be empty".to_owned()));
        assert!(text.contains(&"`reference_format` must contain `{number}` or `{id}`".to_owned()));
        assert!(text.iter().any(|t| t.starts_with("`totals_tolerance`")));
        assert!(text.iter().any(|t| t.starts_with("`credit_note_product`")));
        assert!(text.iter().any(|t| t.contains("`sent`")));
        let keys: Vec<&str> = problems.iter().map(SettingsProblem::key).collect();
        assert!(keys.contains(&"imported_statuses"), "{keys:?}");
        assert!(keys.contains(&"legacy_rb01"), "{keys:?}");
    }

    #[test]
    fn intervals_overlap_and_lookback_are_range_checked() {
        let base = Settings {
            transfer_orders: false,
            smartweb_category_id: Some(1),
            ..Settings::default()
        };
        let mut s = base.clone();
        s.initial_lookback_days = MAX_INITIAL_LOOKBACK_DAYS;
        s.order_overlap_minutes = MAX_ORDER_OVERLAP_MINUTES;
        s.schedule.orders_minutes = MAX_SCHEDULE_MINUTES;
        assert_eq!(
            s.validate(),
            Ok(()),
            "the upper limits themselves are allowed"
        );
        s.initial_lookback_days = 0;
        s.order_overlap_minutes = 0;
        assert_eq!(
            s.validate(),
            Ok(()),
            "no look-back and no overlap are allowed"
        );

        let mut s = base;
        s.initial_lookback_days = 4_000_000_000;
        s.order_overlap_minutes = u32::MAX;
        s.schedule.orders_minutes = 0;
        s.schedule.stock_minutes = MAX_SCHEDULE_MINUTES + 1;
        s.schedule.products_minutes = u32::MAX;
        let problems = s.validate().unwrap_err();
        let keys: Vec<&str> = problems.iter().map(SettingsProblem::key).collect();
        assert_eq!(
            keys,
            [
                "schedule.orders_minutes",
                "schedule.stock_minutes",
                "schedule.products_minutes",
                "order_overlap_minutes",
                "initial_lookback_days"
            ]
        );
        assert!(
            problems
                .iter()
                .all(|p| matches!(p, SettingsProblem::OutOfRange { .. })),
            "{problems:?}"
        );
    }

    #[test]
    fn product_source_smartweb_needs_product_group_not_category() {
        let s = Settings {
            transfer_orders: false,
            product_source: ProductSource::Smartweb,
            ..Settings::default()
        };
        let problems = s.validate().unwrap_err();
        assert_eq!(
            problems,
            [SettingsProblem::Missing {
                setting: "product_group".into(),
                because: "`product_source` is smartweb (new Rackbeat products need a group)",
            }]
        );
    }

    #[test]
    fn writeback_status_1_needs_explicit_permission() {
        let mut s = Settings {
            transfer_orders: false,
            smartweb_category_id: Some(1),
            ..Settings::default()
        };
        s.status_writeback.enabled = true;
        s.status_writeback.on_booked = Some(1);
        assert_eq!(s.validate().unwrap_err().len(), 1);
        s.status_writeback.allow_status_1 = true;
        assert!(s.validate().is_ok());
    }
}
