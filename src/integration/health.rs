//! Whether the integration can do its work now (`/readyz`), and the age gauges of
//! `/metrics`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Integration, bounded};
use crate::integration::orders::ORDERS_CURSOR;
use crate::report::ItemKind;
use crate::telemetry;

/// What a readiness check found: ready when nothing is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Readiness {
    /// What stands in the way, one short reason each (empty when ready).
    pub problems: Vec<String>,
    /// When the last order import that read its whole window ended (the orders cursor).
    pub last_import: Option<DateTime<Utc>>,
}

impl Readiness {
    /// Whether the integration can do its work.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Integration {
    /// Checks that the state store and both services answer (one cheap read each:
    /// `Solution_GetWebinfo`, `GET /self`, the orders cursor) and, when orders are
    /// transferred, that the last complete order import is at most `max_import_age` old.
    pub async fn readiness(&self, max_import_age: Duration) -> Readiness {
        let shop = self.inner.smartweb.shop();
        let (cursor, smartweb, rackbeat) = futures::join!(
            self.inner.store.cursor(ORDERS_CURSOR),
            shop.webinfo(),
            self.inner.rackbeat.account(),
        );
        let mut problems = Vec::new();
        if let Err(e) = smartweb {
            problems.push(bounded(format!("SmartWeb does not answer: {e}")));
        }
        if let Err(e) = rackbeat {
            problems.push(bounded(format!("Rackbeat does not answer: {e}")));
        }
        let last_import = match cursor {
            Ok(at) => at,
            Err(e) => {
                problems.push(bounded(format!("the state store does not answer: {e}")));
                None
            }
        };
        if self.inner.settings.transfer_orders && problems.is_empty() {
            match last_import {
                None => problems.push("no order import has finished yet".to_owned()),
                Some(at) => {
                    let age = self.age(at);
                    if age > max_import_age {
                        problems.push(format!(
                            "the last complete order import ended {} s ago (limit {} s)",
                            age.as_secs(),
                            max_import_age.as_secs()
                        ));
                    }
                }
            }
        }
        Readiness {
            problems,
            last_import,
        }
    }

    /// Sets the gauges that grow with time: the age of the oldest order still failing and the
    /// time since the last complete order import ([`crate::telemetry`]). Call it before
    /// metrics are read.
    ///
    /// # Errors
    /// The state store's error when it cannot be read; the gauges then keep their values.
    pub async fn refresh_gauges(&self) -> Result<(), crate::state::StateError> {
        let store = &self.inner.store;
        let failures = store.failures().await?;
        let cursor = store.cursor(ORDERS_CURSOR).await?;
        let oldest = failures
            .iter()
            .filter(|f| f.kind == ItemKind::Order)
            .map(|f| f.first_failed_at)
            .min()
            .map_or(Duration::ZERO, |at| self.age(at));
        telemetry::record_ages(store.shop(), oldest, cursor.map(|at| self.age(at)));
        Ok(())
    }

    /// How long ago `at` was on the integration's clock (zero for a time in the future).
    fn age(&self, at: DateTime<Utc>) -> Duration {
        (self.now() - at).to_std().unwrap_or(Duration::ZERO)
    }
}
