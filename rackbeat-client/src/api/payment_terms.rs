//! Payment terms: `/payment-terms`.

use crate::api::{handler, list_and_get};
use crate::model::PaymentTerms;

handler!(
    /// Payment terms (`/payment-terms`), from [`RackbeatClient::payment_terms`](crate::RackbeatClient::payment_terms).
    PaymentTermsHandler
);

list_and_get!(PaymentTermsHandler, PaymentTerms, "payment-terms");
