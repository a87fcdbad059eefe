//! Customer and addresses: SmartWeb `OrderCustomer` → Rackbeat customer plan.
//!
//! Rules:
//! - Name: the company when set, else "first last". Neither is a mapping problem.
//! - Company: the `B2B` flag, a company name or a CVR number.
//! - Look-up keys, most specific first: EAN, CVR, e-mail. No e-mail and no CVR/EAN is a
//!   mapping problem (the customer could never be found again).
//! - Phone: `Phone`, else `Mobile`.
//! - Delivery address: the `Shipping*` fields; when street, zip and city are all empty the
//!   billing address is used. Each empty shipping name/country falls back to billing.
//! - Country: the name as given plus the ISO code from the delivery-country table.
//! - Locale from `LanguageISO`: DK→da-DK, NO→nb-NO, SE→sv-SE, DE→de-DE, EN/GB/UK→en-GB,
//!   US→en-US, FI→fi-FI; others none.

use crate::shop::ShopCustomer;

use super::plan::{Address, CustomerKey};
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
    if let Some(cvr) = non_empty(&c.cvr) {
        keys.push(CustomerKey::Cvr(cvr));
    }
    if let Some(email) = non_empty(&c.email) {
        keys.push(CustomerKey::Email(email));
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
