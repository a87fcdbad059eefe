//! Curated calls for the integration, on top of the generated operations.
//!
//! One handler per resource, borrowed from the client: [`SmartWebClient::orders`],
//! [`SmartWebClient::products`], [`SmartWebClient::shop`], [`SmartWebClient::users`]. Reads
//! apply the field sets of [`fields`] first (under the same session hold as the read), so the
//! records come back whole; lists that page are `Stream`s that own a client clone.

pub mod fields;
mod orders;
mod products;
mod shop;
mod users;

pub use orders::{DEFAULT_ORDER_PAGE_SIZE, OrdersHandler};
pub use products::{DEFAULT_PRODUCT_PAGE_SIZE, ProductKey, ProductsHandler};
pub use shop::ShopHandler;
pub use users::UsersHandler;

/// The orders handler's former name.
#[deprecated(note = "renamed `OrdersHandler`, like the Rackbeat client's handlers")]
pub type Orders<'a> = OrdersHandler<'a>;
/// The products handler's former name.
#[deprecated(note = "renamed `ProductsHandler`, like the Rackbeat client's handlers")]
pub type Products<'a> = ProductsHandler<'a>;
/// The shop handler's former name.
#[deprecated(note = "renamed `ShopHandler`, like the Rackbeat client's handlers")]
pub type Shop<'a> = ShopHandler<'a>;
/// The users handler's former name.
#[deprecated(note = "renamed `UsersHandler`, like the Rackbeat client's handlers")]
pub type Users<'a> = UsersHandler<'a>;

use crate::Error;
use crate::client::SmartWebClient;

impl SmartWebClient {
    /// Orders: paged reads by created/updated date, by id or number; status, tracking code
    /// and comment write-back.
    pub fn orders(&self) -> OrdersHandler<'_> {
        OrdersHandler::new(self)
    }

    /// Products and variants: reads, create/update/upsert, stock.
    pub fn products(&self) -> ProductsHandler<'_> {
        ProductsHandler::new(self)
    }

    /// Shop settings and catalogues: web info, languages, VAT groups, currencies, countries,
    /// delivery and payment methods, order status codes, categories.
    pub fn shop(&self) -> ShopHandler<'_> {
        ShopHandler::new(self)
    }

    /// Customers (users) and customer groups.
    pub fn users(&self) -> UsersHandler<'_> {
        UsersHandler::new(self)
    }
}

/// Turns a `false` answer of a boolean write into an error naming the operation.
fn expect_true(operation: &str, accepted: bool) -> Result<(), Error> {
    if accepted {
        Ok(())
    } else {
        Err(Error::Other {
            code: "false".to_owned(),
            message: format!("{operation} returned false"),
        })
    }
}
