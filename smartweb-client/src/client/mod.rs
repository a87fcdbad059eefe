//! The HTTP client: builder, session, transport.

use crate::Error;
use crate::soap::Operation;

/// A SmartWeb API client (cheap to clone; clones share the session).
#[derive(Debug, Clone)]
pub struct SmartWebClient {}

/// Every generated WSDL operation as a typed async method: `client.raw().order_get_by_id(1)`.
#[derive(Debug, Clone, Copy)]
pub struct Raw<'a>(pub(crate) &'a SmartWebClient);

impl SmartWebClient {
    /// Calls any generated operation through the session.
    pub async fn call<O: Operation>(&self, _op: &O) -> Result<O::Output, Error> {
        todo!("session work")
    }

    /// The generated layer.
    pub fn raw(&self) -> Raw<'_> {
        Raw(self)
    }
}
