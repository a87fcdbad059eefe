//! Envelopes as PHP's ext/soap writes them (`tests/data/ext-soap/`, captured from a PHP
//! `SoapServer` over the WSDL): every fault maps to its typed error in both SOAP versions,
//! the answers decode (unqualified Result, empty and nil elements, `5.0E-5`), and
//! `soap::build_fault` writes ext/soap's faults byte for byte.

use rust_decimal_macros::dec;
use smartweb_client::soap::{SoapVersion, build_fault, parse_response};
use smartweb_client::{Error, ops};

use crate::ext_soap_data;

use ext_soap_data::captured;

fn fault(body: &str) -> Error {
    match parse_response::<ops::OrderGetById>(body.as_bytes()) {
        Err(e) => e,
        Ok(answer) => panic!("a fault, not {answer:?}"),
    }
}

#[test]
fn auth_in_both_versions() {
    for body in [
        captured!("fault-auth.soap11.xml"),
        captured!("fault-auth.soap12.xml"),
    ] {
        let e = fault(body);
        assert!(
            matches!(&e, Error::Auth { message } if message == "A valid authentication has not been performed with the service"),
            "{e:?}"
        );
    }
}

#[test]
fn smartweb_codes_sit_in_code_value_without_subcode() {
    let e = fault(captured!("fault-param.soap12.xml"));
    assert!(
        matches!(&e, Error::Param { message } if message == "Page must be greater than 0"),
        "{e:?}"
    );
    let e = fault(captured!("fault-nosuchparam.soap11.xml"));
    assert!(matches!(e, Error::NoSuchParam { .. }), "{e:?}");
    let e = fault(captured!("fault-product.soap12.xml"));
    assert!(
        matches!(&e, Error::Other { code, .. } if code == "PRODUCT"),
        "{e:?}"
    );
    for body in [
        captured!("fault-lineerrors.soap11.xml"),
        captured!("fault-lineerrors.soap12.xml"),
    ] {
        let e = fault(body);
        assert!(
            matches!(
                e,
                Error::LineErrors {
                    created_order_id: Some(1045),
                    ..
                }
            ),
            "{e:?}"
        );
    }
}

#[test]
fn an_operation_the_server_lacks_is_procedure_not_present_in_both_versions() {
    // SOAP 1.1 says it only in the text: `SOAP-ENV:Server`, "Procedure 'X' not present".
    let e = fault(captured!("fault-procedure-not-present.soap11.xml"));
    assert!(
        matches!(&e, Error::ProcedureNotPresent { message } if message == "Procedure 'Category_SetFields' not present"),
        "{e:?}"
    );
    let e = fault(captured!("fault-procedure-not-present.soap12.xml"));
    assert!(
        matches!(&e, Error::ProcedureNotPresent { message } if message == "Procedure not present"),
        "{e:?}"
    );
    // Any other Server fault stays what it is.
    let e = fault(captured!("fault-encoding.soap11.xml"));
    assert!(
        matches!(&e, Error::Other { code, message } if code == "Server" && message == "SOAP-ERROR: Encoding: Violation of encoding rules"),
        "{e:?}"
    );
    let e = fault(captured!("fault-encoding.soap12.xml"));
    assert!(
        matches!(&e, Error::Other { code, .. } if code == "Receiver"),
        "{e:?}"
    );
}

#[test]
fn build_fault_writes_ext_soaps_faults_byte_for_byte() {
    let auth = "A valid authentication has not been performed with the service";
    let lines = "Order: 1045 created. Following products were not included: Product: 503";
    let encoding = "SOAP-ERROR: Encoding: Violation of encoding rules";
    let cases = [
        (
            ("AUTH", auth, SoapVersion::V11),
            captured!("fault-auth.soap11.xml"),
        ),
        (
            ("AUTH", auth, SoapVersion::V12),
            captured!("fault-auth.soap12.xml"),
        ),
        (
            ("PARAM", "Page must be greater than 0", SoapVersion::V12),
            captured!("fault-param.soap12.xml"),
        ),
        (
            (
                "NOSUCHPARAM",
                "No such field on Order: CurrencyIso",
                SoapVersion::V11,
            ),
            captured!("fault-nosuchparam.soap11.xml"),
        ),
        (
            (
                "PRODUCT",
                "A CategoryId must be set when creating a product",
                SoapVersion::V12,
            ),
            captured!("fault-product.soap12.xml"),
        ),
        (
            ("lineErrors", lines, SoapVersion::V11),
            captured!("fault-lineerrors.soap11.xml"),
        ),
        (
            ("lineErrors", lines, SoapVersion::V12),
            captured!("fault-lineerrors.soap12.xml"),
        ),
        (
            ("Server", encoding, SoapVersion::V11),
            captured!("fault-encoding.soap11.xml"),
        ),
        (
            ("Server", encoding, SoapVersion::V12),
            captured!("fault-encoding.soap12.xml"),
        ),
        (
            (
                "Server",
                "Procedure 'Category_SetFields' not present",
                SoapVersion::V11,
            ),
            captured!("fault-procedure-not-present.soap11.xml"),
        ),
        (
            (
                "rpc:ProcedureNotPresent",
                "Procedure not present",
                SoapVersion::V12,
            ),
            captured!("fault-procedure-not-present.soap12.xml"),
        ),
    ];
    for ((code, message, version), php) in cases {
        assert_eq!(
            build_fault(code, message, version),
            php.trim_end(),
            "{code} {version:?}"
        );
    }
}

#[test]
fn required_elements_without_a_value_are_empty_and_the_result_is_unqualified() {
    let body = captured!("solution-getwebinfo.soap11.xml");
    assert!(body.contains("<Solution_GetWebinfoResult><Title>"));
    let info = parse_response::<ops::SolutionGetWebinfo>(body.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(info.title.as_deref(), Some("Kaffe & Kopper"));
    assert_eq!(info.cvr.as_deref(), Some(""), "<Cvr/>");
    assert_eq!(info.bank_info.as_deref(), Some(""));
    assert_eq!(info.product_prices_with_vat, Some(true));
    assert_eq!(info.solution_id.as_deref(), Some("shop000000"));
}

#[test]
fn nil_and_one_item_arrays() {
    let body = captured!("category-getall.soap12.xml");
    let categories = parse_response::<ops::CategoryGetAll>(body.as_bytes()).unwrap();
    assert_eq!(categories.len(), 2);
    assert_eq!(categories[0].show_in_menu, Vec::<i64>::new(), "xsi:nil");
    assert_eq!(categories[0].language_access, vec!["DK".to_owned()]);
    assert_eq!(
        categories[0].seo_descripton.as_deref(),
        Some("Kaffe fra eget risteri")
    );
    assert_eq!(categories[1].show_in_menu, vec![1]);
    assert_eq!(categories[1].user_group_access_ids, vec![0, 2]);
    assert_eq!(categories[1].description.as_deref(), Some(""));
}

#[test]
fn projected_orders_with_exact_decimals() {
    let body = captured!("order-getbyid.soap12.xml");
    let order = parse_response::<ops::OrderGetById>(body.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(order.id, Some(1042));
    assert_eq!(order.total, Some(dec!(227.52)));
    assert_eq!(order.vat, Some(dec!(56.88)));
    assert_eq!(order.delivery_comment, None, "a null optional is left out");
    let customer = order.customer.unwrap();
    assert_eq!(customer.ean.as_deref(), Some(""));
    assert_eq!(customer.shipping_city.as_deref(), Some("Silkeborg"));
    assert_eq!(order.order_lines.len(), 2);
    assert_eq!(order.order_lines[1].weight, Some(dec!(0.00005)), "5.0E-5");
    assert_eq!(order.order_lines[1].line_addresses.len(), 1);
    assert_eq!(
        order.order_lines[1].line_addresses[0].company.as_deref(),
        Some("")
    );
    let delivery = order.delivery.unwrap();
    assert_eq!(delivery.buy_price, Some(dec!(25)));
    assert_eq!(delivery.droppoint_id, Some(95123));

    let body = captured!("order-getbyid-default-projection.soap11.xml");
    let order = parse_response::<ops::OrderGetById>(body.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(order.order_lines.len(), 1);
    assert_eq!(order.order_lines[0].id, Some(5003));
    assert!(order.order_lines[0].packet_lines.is_empty());
    assert_eq!(order.order_lines[0].price, None);

    let body = captured!("order-getbyid-unknown.soap11.xml");
    let order = parse_response::<ops::OrderGetById>(body.as_bytes()).unwrap();
    assert_eq!(order, None);
}

#[test]
fn products_with_nested_arrays_and_a_one_item_id_list() {
    let body = captured!("product-getbyids.soap11.xml");
    let products = parse_response::<ops::ProductGetByIds>(body.as_bytes()).unwrap();
    assert_eq!(products.len(), 2);
    assert_eq!(products[0].variants.len(), 2);
    assert_eq!(
        products[0].variants[0].stock_locations[0].buy_price,
        Some(dec!(31.2))
    );
    assert!(products[0].variants[1].stock_locations.is_empty());
    assert_eq!(products[1].weight, Some(dec!(0.00005)));
    assert!(products[1].variants.is_empty());

    let body = captured!("product-update.soap12.xml");
    let ids = parse_response::<ops::ProductUpdate>(body.as_bytes()).unwrap();
    assert_eq!(ids, vec![502]);
}
