//! Customer resolution: find the Rackbeat customer of an order, or create it.
//!
//! Keys are tried in the order the plan gives (EAN, CVR, e-mail): EAN with
//! `simple_filter[ean]`, CVR and e-mail with `search` plus an exact match. Results are cached
//! for the run, so an order batch with repeat customers costs one look-up per customer.

use std::collections::BTreeMap;

use rackbeat_client::model::Customer;
use sync_core::convert;
use sync_core::order::{CustomerKey, CustomerPlan};

use super::{Integration, bounded};

/// Customers found or created during one run, by look-up key.
#[derive(Debug, Default)]
pub(crate) struct CustomerCache {
    by_key: BTreeMap<String, u64>,
}

fn cache_key(key: &CustomerKey) -> Option<String> {
    match key {
        CustomerKey::Number(n) => Some(format!("number:{n}")),
        CustomerKey::Ean(e) => Some(format!("ean:{}", e.trim())),
        CustomerKey::Cvr(c) => Some(format!("cvr:{}", normalise_cvr(c))),
        CustomerKey::Email(e) => Some(format!("email:{}", e.trim().to_lowercase())),
        _ => None,
    }
}

/// CVR numbers are written with and without the `DK` prefix and spaces.
fn normalise_cvr(cvr: &str) -> String {
    let cleaned: String = cvr.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = cleaned.to_uppercase();
    upper.strip_prefix("DK").unwrap_or(&upper).to_owned()
}

fn same_text(a: Option<&str>, b: &str) -> bool {
    a.is_some_and(|a| a.trim().eq_ignore_ascii_case(b.trim()))
}

impl Integration {
    /// The Rackbeat customer number for `plan`, creating the customer when no key matches.
    ///
    /// # Errors
    /// A reason for the report when a look-up or the create fails.
    pub(super) async fn resolve_customer(
        &self,
        plan: &CustomerPlan,
        cache: &mut CustomerCache,
        report: &mut crate::report::JobReport,
    ) -> Result<u64, String> {
        for key in &plan.keys {
            if let Some(number) = cache_key(key).and_then(|k| cache.by_key.get(&k).copied()) {
                return Ok(number);
            }
        }
        for key in &plan.keys {
            let found = self.find_customer(key).await.map_err(|e| {
                super::note_credentials(report, &e);
                bounded(format!("looking up the customer failed: {e}"))
            })?;
            if let Some(customer) = found {
                self.remember(plan, customer.number, cache);
                return Ok(customer.number);
            }
        }
        let body = convert::rackbeat::new_customer(&plan.create);
        let created = self
            .inner
            .rackbeat
            .customers()
            .create(&body)
            .await
            .map_err(|e| {
                super::note_credentials(report, &e);
                bounded(format!("creating the customer failed: {e}"))
            })?;
        self.remember(plan, created.number, cache);
        Ok(created.number)
    }

    fn remember(&self, plan: &CustomerPlan, number: u64, cache: &mut CustomerCache) {
        for key in &plan.keys {
            if let Some(k) = cache_key(key) {
                cache.by_key.insert(k, number);
            }
        }
    }

    async fn find_customer(
        &self,
        key: &CustomerKey,
    ) -> Result<Option<Customer>, rackbeat_client::Error> {
        let customers = self.inner.rackbeat.customers();
        match key {
            CustomerKey::Number(n) => customers.find(*n).await,
            CustomerKey::Email(email) => customers.find_by_email(email).await,
            CustomerKey::Ean(ean) => {
                let page = customers
                    .list()
                    .simple_filter("ean", ean.trim())
                    .send()
                    .await?;
                Ok(page
                    .items
                    .into_iter()
                    .find(|c| same_text(c.ean.as_deref(), ean)))
            }
            CustomerKey::Cvr(cvr) => {
                let wanted = normalise_cvr(cvr);
                let page = customers.search(wanted.clone()).send().await?;
                Ok(page.items.into_iter().find(|c| {
                    c.company_vat
                        .as_deref()
                        .is_some_and(|v| normalise_cvr(v) == wanted)
                }))
            }
            _ => Ok(None),
        }
    }
}
