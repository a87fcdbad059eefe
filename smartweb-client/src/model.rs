//! One type per complex type of the WSDL (generated into `src/generated/model.rs`).
//!
//! Every field is `Option` (arrays are `Vec`, absent = empty); `xsd:double`/`xsd:float` are
//! exact [`rust_decimal::Decimal`]s; see [`crate::xml`] for how empty elements read.

pub use crate::generated::model::*;
