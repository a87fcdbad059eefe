//! Typed async client for the SmartWeb (HostedShop / DanDomain Webshop) SOAP API.
//!
//! Layers:
//! - [`model`]: one type per complex type of the WSDL (generated, always compiled);
//! - [`ops`]: one struct per WSDL operation (generated), implementing [`soap::Operation`];
//! - [`soap`]: SOAP 1.1/1.2 envelopes and faults;
//! - `client` (feature `client`): the session, transport and curated calls;
//! - `mock` (feature `mock`): a stateful in-process fake of the service.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod error;
pub mod model;
pub mod ops;
pub mod soap;
pub mod xml;

#[cfg(feature = "client")]
pub mod client;

pub use error::Error;
