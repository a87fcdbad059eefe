//! One type per complex type of the WSDL (generated).
