//! Every name in the curated field sets is an element of its type in the generated model (an
//! unknown name would make the server reject the whole projection with NOSUCHPARAM). The model
//! is generated from the WSDL; the reference stage (`tests/it/reference.rs`) checks the names
//! against the WSDL itself and that the generated code is current.

use crate::field_sets;

use smartweb_client::api::fields;

#[test]
fn field_sets_use_only_element_names_of_the_generated_model() {
    let model = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/generated/model.rs"
    ));
    field_sets::assert_field_sets_known(|ty| field_sets::model_elements(model, ty));
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
