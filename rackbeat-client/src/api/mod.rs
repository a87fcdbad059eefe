//! One handler per Rackbeat resource, reached from [`RackbeatClient`]:
//! `rb.products().get("SKU-1")`, `rb.orders().create_draft(&body)`, …

mod account;
mod currencies;
mod customer_groups;
mod customer_invoices;
mod customers;
mod employees;
mod layouts;
mod locations;
mod orders;
mod payment_terms;
mod product_groups;
mod products;
mod units;
mod webhooks;

pub use currencies::CurrenciesHandler;
pub use customer_groups::CustomerGroupsHandler;
pub use customer_invoices::CustomerInvoicesHandler;
pub use customers::CustomersHandler;
pub use employees::EmployeesHandler;
pub use layouts::LayoutsHandler;
pub use locations::LocationsHandler;
pub use orders::{NewestOrders, OrdersHandler};
pub use payment_terms::PaymentTermsHandler;
pub use product_groups::ProductGroupsHandler;
pub use products::ProductsHandler;
pub use units::UnitsHandler;
pub use webhooks::WebhooksHandler;

use crate::client::RackbeatClient;

impl RackbeatClient {
    /// Products (items): `/products`.
    pub fn products(&self) -> ProductsHandler<'_> {
        ProductsHandler::new(self)
    }
    /// Product groups: `/product-groups`.
    pub fn product_groups(&self) -> ProductGroupsHandler<'_> {
        ProductGroupsHandler::new(self)
    }
    /// Customers: `/customers`.
    pub fn customers(&self) -> CustomersHandler<'_> {
        CustomersHandler::new(self)
    }
    /// Customer groups: `/customer-groups`.
    pub fn customer_groups(&self) -> CustomerGroupsHandler<'_> {
        CustomerGroupsHandler::new(self)
    }
    /// Customer orders: `/orders`.
    pub fn orders(&self) -> OrdersHandler<'_> {
        OrdersHandler::new(self)
    }
    /// Customer invoices and credit notes: `/customer-invoices`.
    pub fn customer_invoices(&self) -> CustomerInvoicesHandler<'_> {
        CustomerInvoicesHandler::new(self)
    }
    /// Document layouts: `/layouts`.
    pub fn layouts(&self) -> LayoutsHandler<'_> {
        LayoutsHandler::new(self)
    }
    /// Payment terms: `/payment-terms`.
    pub fn payment_terms(&self) -> PaymentTermsHandler<'_> {
        PaymentTermsHandler::new(self)
    }
    /// Employees: `/employees`.
    pub fn employees(&self) -> EmployeesHandler<'_> {
        EmployeesHandler::new(self)
    }
    /// Stock locations: `/locations`.
    pub fn locations(&self) -> LocationsHandler<'_> {
        LocationsHandler::new(self)
    }
    /// Units: `/units`.
    pub fn units(&self) -> UnitsHandler<'_> {
        UnitsHandler::new(self)
    }
    /// Currencies: `/currencies`.
    pub fn currencies(&self) -> CurrenciesHandler<'_> {
        CurrenciesHandler::new(self)
    }
    /// Webhook registrations: `/webhooks`.
    pub fn webhooks(&self) -> WebhooksHandler<'_> {
        WebhooksHandler::new(self)
    }
}

/// Maps a 404 to `None`.
pub(crate) fn optional<T>(r: crate::Result<T>) -> crate::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Declares a handler struct with a `new` constructor.
macro_rules! handler {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'a> {
            client: &'a crate::client::RackbeatClient,
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a crate::client::RackbeatClient) -> Self {
                Self { client }
            }
        }
    };
}
pub(crate) use handler;

/// Adds `list()` and `get(number)` for a resource keyed by an integer number at `$path`.
macro_rules! list_and_get {
    ($name:ident, $model:ty, $path:literal) => {
        impl<'a> $name<'a> {
            #[doc = concat!("`GET /", $path, "`: a list request (filters, one page or a stream).")]
            pub fn list(&self) -> crate::list::ListBuilder<$model> {
                crate::list::ListBuilder::new(self.client, &[$path])
            }

            #[doc = concat!("`GET /", $path, "/{number}`.")]
            pub async fn get(&self, number: u64) -> crate::Result<$model> {
                self.client.get_one(&[$path, &number.to_string()]).await
            }
        }
    };
}
pub(crate) use list_and_get;
