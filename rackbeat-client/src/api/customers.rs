//! Customers: `/customers`.

use futures::TryStreamExt;
use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get, optional};
use crate::list::{ListBuilder, TakePages};
use crate::model::{Customer, CustomerUpdate, NewCustomer};

/// `find_by_email` looks at no more than this many pages of search hits.
const EMAIL_SEARCH_PAGES: usize = 5;

handler!(
    /// Customers (`/customers`), from [`RackbeatClient::customers`](crate::RackbeatClient::customers).
    CustomersHandler
);

list_and_get!(CustomersHandler, Customer, "customers");

impl CustomersHandler<'_> {
    /// `GET /customers?search=<text>`: a list request.
    pub fn search(&self, text: impl Into<String>) -> ListBuilder<Customer> {
        self.list().search(text)
    }

    /// `GET /customers/{number}`, with a 404 as `None`.
    pub async fn find(&self, number: u64) -> Result<Option<Customer>> {
        optional(self.get(number).await)
    }

    /// The first customer whose `contact_email` equals `email` (trimmed, case-insensitive).
    /// Rackbeat has no e-mail filter, so this searches for the address and checks each hit;
    /// it looks at a bounded number of pages.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<Customer>> {
        let wanted = email.trim();
        if wanted.is_empty() {
            return Ok(None);
        }
        let limit = self.client.page_size();
        let hits = self.search(wanted).limit(limit).stream();
        let bounded = hits.take_pages(EMAIL_SEARCH_PAGES, limit);
        let found = bounded
            .try_filter(|c| {
                let matches = c.contact_email.as_deref().is_some_and(|e| {
                    e.trim().eq_ignore_ascii_case(wanted)
                        || e.trim().to_lowercase() == wanted.to_lowercase()
                });
                std::future::ready(matches)
            })
            .try_next()
            .await?;
        Ok(found)
    }

    /// `POST /customers` (retried only after a 429). When only one of `name` and
    /// `company_name` is set, it is sent under both: the sheet cannot tell which name is
    /// current (§2.3, §5.8).
    pub async fn create(&self, customer: &NewCustomer) -> Result<Customer> {
        self.client
            .send_one(Method::POST, &["customers"], &with_both_names(customer))
            .await
    }

    /// `PUT /customers/{number}`: a partial update (names mirrored as in
    /// [`create`](Self::create)).
    pub async fn update(&self, number: u64, update: &CustomerUpdate) -> Result<Customer> {
        self.client
            .send_one(
                Method::PUT,
                &["customers", &number.to_string()],
                &with_both_names(update),
            )
            .await
    }

    /// `DELETE /customers/{number}`.
    pub async fn delete(&self, number: u64) -> Result<()> {
        self.client
            .send_unit(
                Method::DELETE,
                &["customers", &number.to_string()],
                None::<&()>,
            )
            .await
    }
}

/// The body with the customer's name under both `name` and `company_name` when only one is
/// set. Sheet §2.3: "`name` [code A4S] and/or `company_name` [2018-spec OLD, LR Supplier];
/// exactly one of them is current, so verify which", and "Required on create in 2018:
/// `company_name` and `payment_terms_id`". Sending both satisfies either reading; a server
/// ignores the field it does not know.
pub(crate) fn with_both_names(customer: &NewCustomer) -> NewCustomer {
    let mut body = customer.clone();
    let filled = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    match (filled(&body.name), filled(&body.company_name)) {
        (true, false) => body.company_name.clone_from(&body.name),
        (false, true) => body.name.clone_from(&body.company_name),
        _ => {}
    }
    body
}
