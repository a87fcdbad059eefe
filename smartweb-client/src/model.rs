//! One type per complex type of the WSDL (generated into `src/generated/model.rs`).
//!
//! Every field is `Option` (arrays are `Vec`, absent = empty); `xsd:double`/`xsd:float` are
//! exact [`rust_decimal::Decimal`]s. An empty element (`<X/>`) or `xsi:nil="true"` reads as
//! `None` for numbers, booleans and records; for strings an empty element reads as `Some("")`
//! and only `xsi:nil` or an absent element is `None`. A record held in another record is
//! `Option<Box<T>>` (`order.customer.as_deref()` reads it, `Some(Box::new(OrderCustomer {
//! .. }))` sets it): an absent one costs a pointer, not its size.

pub use crate::generated::model::*;
pub use crate::xml::TextOrItems;
