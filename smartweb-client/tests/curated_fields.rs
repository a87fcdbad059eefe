//! Every name in the curated field sets is an element of its WSDL type (an unknown name
//! would make the server reject the whole projection with NOSUCHPARAM).

use std::collections::HashSet;
use std::path::PathBuf;

use smartweb_client::api::fields;

fn wsdl() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/smartweb/service.wsdl");
    std::fs::read_to_string(path).ok()
}

/// The element names of `<xsd:complexType name="{ty}">`.
fn elements_of(wsdl: &str, ty: &str) -> HashSet<String> {
    let open = format!("<xsd:complexType name=\"{ty}\">");
    let start = wsdl
        .find(&open)
        .unwrap_or_else(|| panic!("type {ty} not in the WSDL"));
    let rest = &wsdl[start..];
    let body = &rest[..rest.find("</xsd:complexType>").unwrap()];
    body.split("<xsd:element name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

fn assert_all_known(wsdl: &str, ty: &str, list: &str) {
    let known = elements_of(wsdl, ty);
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

#[test]
fn field_sets_use_only_wsdl_names() {
    let Some(wsdl) = wsdl() else {
        eprintln!("service.wsdl not found beside the project; skipped");
        return;
    };
    assert_all_known(&wsdl, "Order", fields::ORDER);
    assert_all_known(&wsdl, "OrderLine", fields::ORDER_LINE);
    assert_all_known(&wsdl, "Product", fields::PRODUCT);
    assert_all_known(&wsdl, "ProductVariant", fields::PRODUCT_VARIANT);
    assert_all_known(&wsdl, "User", fields::USER);
}

#[test]
fn field_sets_inline_what_the_integration_needs() {
    let has = |list: &str, name: &str| list.split(',').any(|n| n == name);
    for name in [
        "Customer",
        "Delivery",
        "Payment",
        "DiscountCodes",
        "Currency",
        "OrderLines",
        "Transactions",
        "Status",
        "Total",
        "DateUpdated",
    ] {
        assert!(has(fields::ORDER, name), "Order field set lacks {name}");
    }
    for name in [
        "PacketLines",
        "ProductTitle",
        "VatRate",
        "Price",
        "Amount",
        "ItemNumber",
    ] {
        assert!(
            has(fields::ORDER_LINE, name),
            "OrderLine field set lacks {name}"
        );
    }
    for name in ["Title", "Vat"] {
        assert!(
            !has(fields::ORDER_LINE, name),
            "{name} is not an OrderLine field"
        );
    }
    for name in [
        "Variants",
        "StockLocations",
        "VatGroupId",
        "Price",
        "BuyingPrice",
        "Weight",
        "Title",
        "DescriptionShort",
        "DescriptionLong",
        "CategoryId",
        "Ean",
        "Status",
        "Online",
        "Stock",
        "DateUpdated",
        "ItemNumber",
    ] {
        assert!(has(fields::PRODUCT, name), "Product field set lacks {name}");
    }
    assert!(has(fields::PRODUCT_VARIANT, "StockLocations"));
    assert!(!has(fields::USER, "Password"), "never read user passwords");
}
