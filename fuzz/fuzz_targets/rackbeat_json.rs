//! Any bytes as a Rackbeat JSON answer: list and single envelopes of the main resources, and
//! as the body of a 422 (or other error status). Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rackbeat_client::model::{Customer, Order, Product, ProductLocation};
use rackbeat_client::{Error, Page, Single};

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Page<Product>>(data);
    let _ = serde_json::from_slice::<Page<Order>>(data);
    let _ = serde_json::from_slice::<Page<Customer>>(data);
    let _ = serde_json::from_slice::<Page<ProductLocation>>(data);
    let _ = serde_json::from_slice::<Single<Product>>(data);
    let _ = serde_json::from_slice::<Single<Order>>(data);
    let _ = serde_json::from_slice::<Single<Customer>>(data);
    for status in [400, 404, 422, 429, 500] {
        let error = Error::from_response(status, data);
        let _ = error.to_string();
    }
});
