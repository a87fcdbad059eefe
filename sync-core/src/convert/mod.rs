//! Conversions between the client crates' wire models and sync-core's plain domain types.
//!
//! These are field copies, not rules: every decision stays in the planning modules. Keeping
//! them here (and not in the engine) means anyone can feed sync-core straight from the
//! clients, and the engine never touches a field by hand.

pub mod rackbeat;
pub mod smartweb;
