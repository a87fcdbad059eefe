//! Typed request and response models, one file per API area.
//!
//! Response models keep every field `Option` except the resource's key, and keep fields this
//! crate does not model in `extra`. Money and quantities are [`rust_decimal::Decimal`], read
//! exactly from JSON numbers and numeric strings alike. Request bodies leave unset fields out.

mod account;
mod currency;
mod customer;
mod customer_group;
mod employee;
mod invoice;
mod layout;
mod location;
mod order;
mod payment_terms;
mod product;
mod product_group;
mod shipment;
mod unit;
mod vat_zone;
mod webhook;

pub use account::{Account, User, UserAccount};
pub use currency::Currency;
pub use customer::{Customer, NewCustomer};
pub use customer_group::CustomerGroup;
pub use employee::Employee;
pub use invoice::CustomerInvoice;
pub use layout::Layout;
pub use location::Location;
pub use order::{
    Address, BookingMail, LineItem, NewOrder, NewOrderLine, Order, OrderBooking, OrderLine,
    OrderLineUpdate,
};
pub use payment_terms::PaymentTerms;
pub use product::{NewProduct, Physical, Product, ProductLocation, ProductUpdate};
pub use product_group::{NewProductGroup, ProductGroup};
pub use shipment::Shipment;
pub use unit::Unit;
pub use vat_zone::VatZone;
pub use webhook::{NewWebhook, Webhook, WebhookToken};

/// Body of `PUT /customers/{number}`: the same shape as a create, every field optional.
pub type CustomerUpdate = NewCustomer;
