//! The curated field sets (`api::fields`) checked against a list of element names per
//! complex type: the generated model's (in-crate) or the WSDL's (the reference stage). An
//! unknown name would make the server reject the whole projection with NOSUCHPARAM.
#![allow(dead_code)]

use std::collections::HashSet;

use smartweb_client::api::fields;

/// Asserts that every name of every curated field set is an element of its type, where
/// `elements_of(type)` lists the elements of a complex type.
pub fn assert_field_sets_known(elements_of: impl Fn(&str) -> HashSet<String>) {
    for (ty, list) in [
        ("Order", fields::ORDER),
        ("OrderLine", fields::ORDER_LINE),
        ("Product", fields::PRODUCT),
        ("ProductVariant", fields::PRODUCT_VARIANT),
        ("User", fields::USER),
    ] {
        let known = elements_of(ty);
        assert!(known.len() > 5, "{ty}: only {} elements found", known.len());
        let names: Vec<&str> = list.split(',').collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "{ty}: duplicate names");
        for name in names {
            assert!(
                !name.is_empty() && name.trim() == name,
                "{ty}: bad name {name:?}"
            );
            assert!(known.contains(name), "{ty} has no element {name}");
        }
    }
}

/// The element names of `<xsd:complexType name="{ty}">` in a WSDL.
pub fn wsdl_elements(wsdl: &str, ty: &str) -> HashSet<String> {
    names_in(
        wsdl,
        &format!("<xsd:complexType name=\"{ty}\">"),
        "</xsd:complexType>",
        ("<xsd:element name=\"", '"'),
    )
}

/// The element names of the generated struct for complex type `ty`, read from the
/// generated source (`src/generated/model.rs`, one "Element `Name`" doc line per field).
pub fn model_elements(source: &str, ty: &str) -> HashSet<String> {
    names_in(
        source,
        &format!("pub struct {ty} {{\n"),
        "\n}\n",
        ("/// Element `", '`'),
    )
}

/// The names that follow `(marker, until)` between `open` and the next `close`.
fn names_in(text: &str, open: &str, close: &str, (marker, until): (&str, char)) -> HashSet<String> {
    let start = text
        .find(open)
        .unwrap_or_else(|| panic!("{open} not found"));
    let rest = &text[start..];
    let body = &rest[..rest.find(close).unwrap()];
    body.split(marker)
        .skip(1)
        .map(|s| s[..s.find(until).unwrap()].to_owned())
        .collect()
}
