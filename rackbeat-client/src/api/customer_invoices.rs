//! Customer invoices: `/customer-invoices`.

use reqwest::Method;

use crate::Result;
use crate::api::{handler, list_and_get};
use crate::model::CustomerInvoice;

handler!(
    /// Customer invoices (`/customer-invoices`), from
    /// [`RackbeatClient::customer_invoices`](crate::RackbeatClient::customer_invoices).
    CustomerInvoicesHandler
);

list_and_get!(
    CustomerInvoicesHandler,
    CustomerInvoice,
    "customer-invoices"
);

impl CustomerInvoicesHandler<'_> {
    /// `POST /customer-invoices/{number}/create-creditnote`: a credit note for the whole
    /// invoice, returned as a customer invoice. Retried only after a 429.
    pub async fn create_credit_note(&self, number: u64) -> Result<CustomerInvoice> {
        self.client
            .send_one(
                Method::POST,
                &[
                    "customer-invoices",
                    &number.to_string(),
                    "create-creditnote",
                ],
                &serde_json::json!({}),
            )
            .await
    }
}
