//! One type per complex type of the WSDL (generated into `src/generated/model.rs`).
//!
//! Every field is `Option` (arrays are `Vec`, absent = empty); `xsd:double`/`xsd:float` are
//! exact [`rust_decimal::Decimal`]s. An empty element (`<X/>`) or `xsi:nil="true"` reads as
//! `None` for numbers, booleans and records; for strings an empty element reads as `Some("")`
//! and only `xsi:nil` or an absent element is `None`.

pub use crate::generated::model::*;
pub use crate::xml::TextOrItems;
