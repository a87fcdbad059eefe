//! Customer resolution: find the Rackbeat customer of an order, or create it.
//!
//! In this order: the customers Rackbeat named earlier in the run; the state store's customer
//! index (customers found or created by earlier runs, so a repeat customer costs no Rackbeat
//! call; the entry is not checked with Rackbeat, and the transfer drops it and comes back here
//! when Rackbeat refuses the order for an unknown customer); then Rackbeat itself.
//!
//! In Rackbeat, keys are tried in the order the plan gives (EAN, CVR, e-mail): EAN with
//! `simple_filter[ean]`, CVR and e-mail with `search`, each hit checked with the exact-match
//! rule of [`CustomerKey::matches`]. A customer found or created is remembered for the run and
//! in the index under the plan's keys it answers to ([`CustomerPlan::keys_answered_by`]; a
//! customer created from the plan answers to all of them).
//!
//! A run with more than a handful of customers to look up reads the whole customer list once
//! instead (when it is at most `PREFETCH_MAX_PAGES` pages) and answers every further look-up
//! from that index with the same exact-match rules: the request budget of an import is then the
//! creates plus a constant number of look-ups, not one search per new customer. Customers
//! created during the run are added as they are created.

use std::collections::BTreeMap;

use rackbeat_client::model::Customer;
use sync_core::convert;
use sync_core::order::{CustomerKey, CustomerPlan, RbCustomerView, index_keys};
use sync_core::transfer::{Failure, Outcome};

use super::{Integration, bounded};

/// Customers looked up one by one before a run reads the whole customer list instead.
const LOOKUPS_BEFORE_PREFETCH: usize = 3;

/// The largest customer list (in pages of the client's page size) a run reads in one go;
/// a larger account keeps the per-key look-ups.
const PREFETCH_MAX_PAGES: u64 = 25;

/// Customers Rackbeat named during one run (found or created), by look-up key.
#[derive(Debug, Default)]
pub(crate) struct CustomerCache {
    by_key: BTreeMap<String, u64>,
    lookups: usize,
    prefetch: Prefetch,
}

impl CustomerCache {
    /// Drops every key naming `number` (Rackbeat refused an order for it).
    pub(super) fn forget(&mut self, number: u64) {
        self.by_key.retain(|_, n| *n != number);
        if let Prefetch::Loaded(list) = &mut self.prefetch {
            list.by_key.retain(|_, n| *n != number);
            list.views.remove(&number);
        }
    }
}

/// The run's copy of Rackbeat's customer list.
#[derive(Debug, Default)]
enum Prefetch {
    /// Not read (yet): look customers up one by one.
    #[default]
    NotYet,
    /// Every customer that existed when the list was read.
    Loaded(CustomerList),
    /// The list was too long or could not be read: keep looking up one by one.
    Skipped,
}

/// Rackbeat's customer list as read once, by look-up key.
#[derive(Debug, Default)]
struct CustomerList {
    by_key: BTreeMap<String, u64>,
    views: BTreeMap<u64, RbCustomerView>,
}

/// Whether Rackbeat refused a write because it does not know the customer it names: a 422
/// naming `customer_id` (the documented error shape; a deleted or never-existing number).
pub(super) fn names_unknown_customer(error: &rackbeat_client::Error) -> bool {
    matches!(
        error,
        rackbeat_client::Error::Validation { fields, .. } if fields.contains_key("customer_id")
    )
}

impl Integration {
    /// The Rackbeat customer for `plan` as the transfer machine takes it: named by Rackbeat
    /// in this run ([`Outcome::Customer`]), remembered by the state store's customer index
    /// ([`Outcome::RememberedCustomer`]), or found or created in Rackbeat now; a failure's
    /// message is the reason for the report.
    pub(super) async fn resolve_customer(
        &self,
        plan: &CustomerPlan,
        cache: &mut CustomerCache,
        report: &mut crate::report::JobReport,
    ) -> Outcome {
        let keys = plan.index_keys();
        if let Some(number) = keys.iter().find_map(|key| cache.by_key.get(key).copied()) {
            return Outcome::Customer(number);
        }
        match self.inner.store.remembered_customer(&keys).await {
            Ok(Some(number)) => return Outcome::RememberedCustomer(number),
            Ok(None) => {}
            Err(e) => report.warn(bounded(format!(
                "could not read the customer index, looking the customer up in Rackbeat: {e}"
            ))),
        }
        let (number, answered) = match self.customer_in_rackbeat(plan, cache, report).await {
            Ok(found) => found,
            Err(reason) => return Outcome::Failed(Failure::rejected(reason)),
        };
        for key in &answered {
            cache.by_key.insert(key.clone(), number);
        }
        if !answered.is_empty()
            && let Err(e) = self
                .inner
                .store
                .remember_customer(&answered, number, self.now())
                .await
        {
            // The index is a cache: the customer is looked up again next run.
            report.warn(bounded(format!(
                "could not remember customer {number} in the customer index: {e}"
            )));
        }
        Outcome::Customer(number)
    }

    /// Finds the customer in Rackbeat or creates it: its number and the plan's keys that name
    /// it.
    ///
    /// # Errors
    /// A reason for the report when a look-up or the create fails.
    async fn customer_in_rackbeat(
        &self,
        plan: &CustomerPlan,
        cache: &mut CustomerCache,
        report: &mut crate::report::JobReport,
    ) -> Result<(u64, Vec<String>), String> {
        if matches!(cache.prefetch, Prefetch::NotYet) && cache.lookups >= LOOKUPS_BEFORE_PREFETCH {
            cache.prefetch = match self.prefetch_customers().await {
                Ok(Some(list)) => Prefetch::Loaded(list),
                Ok(None) => Prefetch::Skipped,
                Err(e) => {
                    super::note_credentials(report, &e);
                    report.warn(bounded(format!(
                        "reading the customer list failed, looking customers up one by one: {}",
                        crate::error_chain(&e)
                    )));
                    Prefetch::Skipped
                }
            };
        }
        if let Prefetch::Loaded(list) = &cache.prefetch {
            let hit = plan
                .index_keys()
                .iter()
                .find_map(|key| list.by_key.get(key))
                .and_then(|number| list.views.get(number));
            if let Some(view) = hit {
                return Ok((view.number, plan.keys_answered_by(view)));
            }
        } else {
            cache.lookups += 1;
            for key in &plan.keys {
                let found = self.find_customer(key).await.map_err(|e| {
                    super::note_credentials(report, &e);
                    bounded(format!(
                        "looking up the customer failed: {}",
                        crate::error_chain(&e)
                    ))
                })?;
                if let Some(customer) = found {
                    let view = convert::rackbeat::customer_view(&customer);
                    return Ok((customer.number, plan.keys_answered_by(&view)));
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
                bounded(format!(
                    "creating the customer failed: {}",
                    crate::error_chain(&e)
                ))
            })?;
        // Made from the plan, so every key of the plan names it (even a field Rackbeat's
        // answer leaves out).
        Ok((created.number, plan.index_keys()))
    }

    /// Reads the whole customer list page by page and indexes it by look-up key; `None` when
    /// it is longer than `PREFETCH_MAX_PAGES` pages.
    async fn prefetch_customers(&self) -> Result<Option<CustomerList>, rackbeat_client::Error> {
        let customers = self.inner.rackbeat.customers();
        let limit = self.inner.rackbeat.page_size();
        let mut index = CustomerList::default();
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
                let view = convert::rackbeat::customer_view(customer);
                for key in index_keys(&view) {
                    // The first customer in list order wins, as with a search.
                    index.by_key.entry(key).or_insert(customer.number);
                }
                index.views.entry(customer.number).or_insert(view);
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
