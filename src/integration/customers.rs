//! Customer resolution: find the Rackbeat customer of an order, or create it.
//!
//! Keys are tried in the order the plan gives (EAN, CVR, e-mail): EAN with
//! `simple_filter[ean]`, CVR and e-mail with `search`, each hit checked with the exact-match
//! rule of [`CustomerKey::matches`]. Results are cached
//! for the run, so an order batch with repeat customers costs one look-up per customer.
//!
//! A run with more than a handful of customers to look up reads the whole customer list once
//! instead (when it is at most `PREFETCH_MAX_PAGES` pages) and answers every further look-up
//! from that index with the same exact-match rules: the request budget of an import is then the
//! creates plus a constant number of look-ups, not one search per new customer. Customers
//! created during the run are added as they are created.

use std::collections::BTreeMap;

use rackbeat_client::model::Customer;
use sync_core::convert;
use sync_core::order::{CustomerKey, CustomerPlan, index_keys};

use super::{Integration, bounded};

/// Customers looked up one by one before a run reads the whole customer list instead.
const LOOKUPS_BEFORE_PREFETCH: usize = 3;

/// The largest customer list (in pages of the client's page size) a run reads in one go;
/// a larger account keeps the per-key look-ups.
const PREFETCH_MAX_PAGES: u64 = 25;

/// Customers found or created during one run, by look-up key.
#[derive(Debug, Default)]
pub(crate) struct CustomerCache {
    by_key: BTreeMap<String, u64>,
    lookups: usize,
    prefetch: Prefetch,
}

/// The run's copy of Rackbeat's customer list, by look-up key.
#[derive(Debug, Default)]
enum Prefetch {
    /// Not read (yet): look customers up one by one.
    #[default]
    NotYet,
    /// Every customer that existed when the list was read, by look-up key.
    Loaded(BTreeMap<String, u64>),
    /// The list was too long or could not be read: keep looking up one by one.
    Skipped,
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
            if let Some(number) = cache.by_key.get(&key.index_key()).copied() {
                return Ok(number);
            }
        }
        if matches!(cache.prefetch, Prefetch::NotYet) && cache.lookups >= LOOKUPS_BEFORE_PREFETCH {
            cache.prefetch = match self.prefetch_customers().await {
                Ok(Some(index)) => Prefetch::Loaded(index),
                Ok(None) => Prefetch::Skipped,
                Err(e) => {
                    super::note_credentials(report, &e);
                    report.warn(bounded(format!(
                        "reading the customer list failed, looking customers up one by one: {e}"
                    )));
                    Prefetch::Skipped
                }
            };
        }
        if let Prefetch::Loaded(index) = &cache.prefetch {
            let hit = plan
                .keys
                .iter()
                .find_map(|key| index.get(&key.index_key()).copied());
            if let Some(number) = hit {
                self.remember(plan, number, cache);
                return Ok(number);
            }
        } else {
            cache.lookups += 1;
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
            cache.by_key.insert(key.index_key(), number);
        }
    }

    /// Reads the whole customer list page by page and indexes it by look-up key; `None` when
    /// it is longer than `PREFETCH_MAX_PAGES` pages.
    async fn prefetch_customers(
        &self,
    ) -> Result<Option<BTreeMap<String, u64>>, rackbeat_client::Error> {
        let customers = self.inner.rackbeat.customers();
        let limit = self.inner.rackbeat.page_size();
        let mut index = BTreeMap::new();
        for page_number in 1..=PREFETCH_MAX_PAGES {
            let page_number = u32::try_from(page_number).unwrap_or(u32::MAX);
            let page = customers
                .list()
                .limit(limit)
                .page(page_number)
                .send()
                .await?;
            if page.pages.is_some_and(|pages| pages > PREFETCH_MAX_PAGES) {
                return Ok(None);
            }
            for customer in &page.items {
                for key in index_keys(&convert::rackbeat::customer_view(customer)) {
                    // The first customer in list order wins, as with a search.
                    index.entry(key).or_insert(customer.number);
                }
            }
            let count = page.items.len();
            let current = page.page.unwrap_or(u64::from(page_number));
            let more = match page.pages {
                _ if count == 0 => false,
                Some(pages) => current < pages,
                None => count >= usize::try_from(limit).unwrap_or(usize::MAX),
            };
            if !more {
                return Ok(Some(index));
            }
        }
        // Still more after the last page allowed: an incomplete index cannot answer "not found".
        Ok(None)
    }

    async fn find_customer(
        &self,
        key: &CustomerKey,
    ) -> Result<Option<Customer>, rackbeat_client::Error> {
        let customers = self.inner.rackbeat.customers();
        let hits = match key {
            CustomerKey::Number(n) => return customers.find(*n).await,
            CustomerKey::Email(email) => return customers.find_by_email(email).await,
            CustomerKey::Ean(_) => {
                customers
                    .list()
                    .simple_filter("ean", key.search_text())
                    .send()
                    .await?
            }
            CustomerKey::Cvr(_) => customers.search(key.search_text()).send().await?,
            _ => return Ok(None),
        };
        Ok(hits
            .items
            .into_iter()
            .find(|c| key.matches(&convert::rackbeat::customer_view(c))))
    }
}
