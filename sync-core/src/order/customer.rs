//! Customer and addresses: SmartWeb `OrderCustomer` → Rackbeat customer plan.
//!
//! Rules:
//! - Name: the company when set, else "first last". Neither is a mapping problem.
//! - Company: the `B2B` flag, a company name or a CVR number.
//! - Look-up keys, most specific first: EAN, CVR, e-mail. No e-mail and no CVR/EAN is a
//!   mapping problem (the customer could never be found again).
//! - Matching a Rackbeat customer to a key ([`CustomerKey::matches`]), exact after
//!   normalising: EAN trimmed and case-insensitive, CVR without spaces and `DK` prefix
//!   ([`normalise_cvr`]), e-mail trimmed and case-insensitive. A search hit that does not
//!   match exactly is not the customer. [`CustomerKey::index_key`] and [`index_keys`] give
//!   the same equality as index entries, so a customer list read once answers every key.
//! - Phone: `Phone`, else `Mobile`.
//! - Delivery address: the `Shipping*` fields; when street, zip and city are all empty the
//!   billing address is used. Each empty shipping name/country falls back to billing.
//! - Country: the name as given plus the ISO code from the delivery-country table.
//! - Locale from `LanguageISO`: DK→da-DK, NO→nb-NO, SE→sv-SE, DE→de-DE, EN/GB/UK→en-GB,
//!   US→en-US, FI→fi-FI; others none.

use crate::shop::ShopCustomer;

use super::plan::{Address, CustomerKey, RbCustomerView};
use super::problem::MappingProblem;

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn person(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_owned()
}

pub(crate) fn customer_name(c: &ShopCustomer) -> Option<String> {
    non_empty(&c.company).or_else(|| non_empty(&person(&c.firstname, &c.lastname)))
}

pub(crate) fn is_company(c: &ShopCustomer) -> bool {
    c.b2b || !c.company.trim().is_empty() || !c.cvr.trim().is_empty()
}

pub(crate) fn phone(c: &ShopCustomer) -> Option<String> {
    non_empty(&c.phone).or_else(|| non_empty(&c.mobile))
}

pub(crate) fn keys(c: &ShopCustomer) -> Vec<CustomerKey> {
    let mut keys = Vec::new();
    if let Some(ean) = non_empty(&c.ean) {
        keys.push(CustomerKey::Ean(ean));
    }
    if let Some(cvr) = non_empty(&c.cvr).filter(|c| !normalise_cvr(c).is_empty()) {
        keys.push(CustomerKey::Cvr(cvr));
    }
    if let Some(email) = non_empty(&c.email) {
        keys.push(CustomerKey::Email(email));
    }
    keys
}

/// A CVR number as digits only: written with and without the `DK` prefix and spaces
/// (`DK 12 34 56 78` → `12345678`).
#[must_use]
pub fn normalise_cvr(cvr: &str) -> String {
    let cleaned: String = cvr.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = cleaned.to_uppercase();
    upper.strip_prefix("DK").unwrap_or(&upper).to_owned()
}

fn lowercase(text: &str) -> String {
    text.trim().to_lowercase()
}

impl CustomerKey {
    /// The key as an index entry (`number:7`, `ean:…`, `cvr:12345678`, `email:jens@…`):
    /// equal for every spelling that names the same customer.
    #[must_use]
    pub fn index_key(&self) -> String {
        match self {
            Self::Number(n) => format!("number:{n}"),
            Self::Ean(e) => format!("ean:{}", lowercase(e)),
            Self::Cvr(c) => format!("cvr:{}", normalise_cvr(c)),
            Self::Email(e) => format!("email:{}", lowercase(e)),
        }
    }

    /// The text to ask Rackbeat for (a search or filter may match loosely; check each hit
    /// with [`matches`](Self::matches)).
    #[must_use]
    pub fn search_text(&self) -> String {
        match self {
            Self::Number(n) => n.to_string(),
            Self::Ean(e) | Self::Email(e) => e.trim().to_owned(),
            Self::Cvr(c) => normalise_cvr(c),
        }
    }

    /// Whether `customer` answers to this key.
    #[must_use]
    pub fn matches(&self, customer: &RbCustomerView) -> bool {
        index_keys(customer).contains(&self.index_key())
    }
}

/// Every index entry a Rackbeat customer answers to (see [`CustomerKey::index_key`]).
#[must_use]
pub fn index_keys(customer: &RbCustomerView) -> Vec<String> {
    let mut keys = vec![CustomerKey::Number(customer.number).index_key()];
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    if let Some(ean) = present(&customer.ean) {
        keys.push(CustomerKey::Ean(ean).index_key());
    }
    if let Some(cvr) = present(&customer.company_vat).filter(|c| !normalise_cvr(c).is_empty()) {
        keys.push(CustomerKey::Cvr(cvr).index_key());
    }
    if let Some(email) = present(&customer.contact_email) {
        keys.push(CustomerKey::Email(email).index_key());
    }
    keys
}

pub(crate) fn check(c: &ShopCustomer, problems: &mut Vec<MappingProblem>) {
    if customer_name(c).is_none() {
        problems.push(MappingProblem::MissingCustomerName);
    }
    if keys(c).is_empty() {
        problems.push(MappingProblem::MissingCustomerEmail);
    }
    for (field, value) in [
        ("customer e-mail", &c.email),
        ("customer CVR", &c.cvr),
        ("customer EAN", &c.ean),
    ] {
        super::text::check_identifier(field.to_owned(), value, problems);
    }
}

pub(crate) fn billing(c: &ShopCustomer, iso: Option<String>) -> Address {
    let name = match (
        non_empty(&c.company),
        non_empty(&person(&c.firstname, &c.lastname)),
    ) {
        (Some(company), Some(person)) if company != person => format!("{company}, att. {person}"),
        (Some(company), _) => company,
        (None, person) => person.unwrap_or_default(),
    };
    Address {
        name,
        street: c.address.trim().to_owned(),
        street2: c.address2.trim().to_owned(),
        zipcode: c.zip.trim().to_owned(),
        city: c.city.trim().to_owned(),
        state: c.state.trim().to_owned(),
        country: c.country.trim().to_owned(),
        country_iso: iso,
        email: c.email.trim().to_owned(),
        phone: phone(c).unwrap_or_default(),
    }
}

pub(crate) fn delivery(c: &ShopCustomer, billing: &Address, iso: Option<String>) -> Address {
    let empty = [&c.shipping_address, &c.shipping_zip, &c.shipping_city]
        .iter()
        .all(|s| s.trim().is_empty());
    if empty {
        return billing.clone();
    }
    let name = match (
        non_empty(&c.shipping_company),
        non_empty(&person(&c.shipping_firstname, &c.shipping_lastname)),
    ) {
        (Some(company), Some(person)) => format!("{company}, att. {person}"),
        (Some(name), None) | (None, Some(name)) => name,
        (None, None) => billing.name.clone(),
    };
    let or =
        |shipping: &str, fallback: &str| non_empty(shipping).unwrap_or_else(|| fallback.to_owned());
    Address {
        name,
        street: c.shipping_address.trim().to_owned(),
        street2: c.shipping_address2.trim().to_owned(),
        zipcode: c.shipping_zip.trim().to_owned(),
        city: c.shipping_city.trim().to_owned(),
        state: c.shipping_state.trim().to_owned(),
        country: or(&c.shipping_country, &billing.country),
        country_iso: iso.or_else(|| billing.country_iso.clone()),
        email: or(&c.shipping_email, &billing.email),
        phone: non_empty(&c.shipping_phone)
            .or_else(|| non_empty(&c.shipping_mobile))
            .unwrap_or_else(|| billing.phone.clone()),
    }
}

pub(crate) fn locale(language_iso: &str) -> Option<String> {
    let locale = match language_iso.trim().to_ascii_uppercase().as_str() {
        "DK" | "DA" => "da-DK",
        "NO" | "NB" => "nb-NO",
        "SE" | "SV" => "sv-SE",
        "DE" => "de-DE",
        "EN" | "GB" | "UK" => "en-GB",
        "US" => "en-US",
        "FI" => "fi-FI",
        _ => return None,
    };
    Some(locale.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rb(number: u64, ean: &str, cvr: &str, email: &str) -> RbCustomerView {
        let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        RbCustomerView {
            number,
            ean: some(ean),
            company_vat: some(cvr),
            contact_email: some(email),
        }
    }

    #[test]
    fn cvr_is_compared_without_prefix_and_spaces() {
        assert_eq!(normalise_cvr(" dk 12 34 56 78 "), "12345678");
        assert_eq!(normalise_cvr("DK12345678"), "12345678");
        assert_eq!(normalise_cvr("12345678"), "12345678");
        let customer = rb(7, "", "DK 1234 5678", "");
        assert!(CustomerKey::Cvr("12345678".into()).matches(&customer));
        assert!(CustomerKey::Cvr("dk12345678".into()).matches(&customer));
        assert!(!CustomerKey::Cvr("1234567".into()).matches(&customer));
        assert_eq!(
            CustomerKey::Cvr("DK 12345678".into()).search_text(),
            "12345678"
        );
    }

    #[test]
    fn email_and_ean_match_exactly_after_trimming_and_case() {
        let customer = rb(7, " 5790000000001 ", "", "Jens@Example.dk ");
        assert!(CustomerKey::Email(" jens@example.DK".into()).matches(&customer));
        assert!(!CustomerKey::Email("jens@example.dk.evil".into()).matches(&customer));
        assert!(CustomerKey::Ean("5790000000001".into()).matches(&customer));
        assert!(!CustomerKey::Ean("579000000000".into()).matches(&customer));
        assert!(CustomerKey::Number(7).matches(&customer));
        assert!(!CustomerKey::Number(8).matches(&customer));
    }

    #[test]
    fn a_customer_answers_to_each_key_it_has() {
        assert_eq!(
            index_keys(&rb(7, "579", "DK 11 22 33 44", "A@b.dk")),
            ["number:7", "ean:579", "cvr:11223344", "email:a@b.dk"]
        );
        // Blank and prefix-only values are no keys: they would match every such customer.
        assert_eq!(index_keys(&rb(8, " ", "DK", "")), ["number:8"]);
    }
}
