//! The VAT zone of a customer or an order.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A VAT zone. Only `domestic` is seen in client code; the others mirror the product-group
/// field names (`vat_eu`, `vat_abroad`, `vat_domestic_exempt`) and are unverified, so any other
/// value survives as [`VatZone::Other`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum VatZone {
    /// `domestic`.
    #[default]
    Domestic,
    /// `eu`.
    Eu,
    /// `abroad` (outside the EU).
    Abroad,
    /// `domestic_exempt` (VAT exempt).
    DomesticExempt,
    /// Any other value, as sent.
    Other(String),
}

impl VatZone {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Domestic => "domestic",
            Self::Eu => "eu",
            Self::Abroad => "abroad",
            Self::DomesticExempt => "domestic_exempt",
            Self::Other(s) => s,
        }
    }
}

impl From<String> for VatZone {
    fn from(s: String) -> Self {
        match s.as_str() {
            "domestic" => Self::Domestic,
            "eu" => Self::Eu,
            "abroad" => Self::Abroad,
            "domestic_exempt" => Self::DomesticExempt,
            _ => Self::Other(s),
        }
    }
}

impl From<VatZone> for String {
    fn from(z: VatZone) -> Self {
        match z {
            VatZone::Other(s) => s,
            other => other.as_str().to_owned(),
        }
    }
}

impl fmt::Display for VatZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
