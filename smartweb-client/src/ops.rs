//! One struct per WSDL operation (generated).
