//! Generates `smartweb-client/src/{model,ops}.rs` from the SmartWeb WSDL.

fn main() {}
