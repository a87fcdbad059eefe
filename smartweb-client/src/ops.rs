//! One struct per WSDL operation (generated into `src/generated/ops.rs`), each implementing
//! [`crate::soap::Operation`].

pub use crate::generated::ops::*;
