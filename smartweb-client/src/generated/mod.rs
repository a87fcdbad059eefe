//! Source generated from the WSDL by `smartweb-codegen`. Do not edit by hand.
