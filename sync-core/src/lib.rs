//! Pure sync rules between SmartWeb and Rackbeat: settings, exact money, order and customer
//! mapping, product and stock planning. No I/O, no async, no clock, no randomness.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
