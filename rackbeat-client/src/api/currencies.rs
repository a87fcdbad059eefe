//! Currencies: `/currencies`.

use crate::api::handler;
use crate::list::ListBuilder;
use crate::model::Currency;

handler!(
    /// Currencies (`/currencies`), from [`RackbeatClient::currencies`](crate::RackbeatClient::currencies).
    CurrenciesHandler
);

impl CurrenciesHandler<'_> {
    /// `GET /currencies`: a list request.
    pub fn list(&self) -> ListBuilder<Currency> {
        ListBuilder::new(self.client, &["currencies"])
    }
}
