//! MockSmartWeb writes what PHP's ext/soap writes (`tests/data/ext-soap/`, captured from a
//! PHP `SoapServer` over the WSDL): faults byte for byte, and answers with every required
//! element (empty, or `xsi:nil` when nillable) in the schema's order and an unqualified
//! Result element.
#![cfg(feature = "mock")]

use crate::ext_soap_data;
use crate::mock_support as support;

use ext_soap_data::captured;
use smartweb_client::mock::{MockSmartWeb, fixtures};
use smartweb_client::soap::Element;
use smartweb_client::soap::SoapVersion;
use smartweb_client::{Error, ops};
use support::{call, connect, envelope, post, result_element};

fn names(el: &Element) -> Vec<&str> {
    el.children.iter().map(|c| c.name.as_str()).collect()
}

#[tokio::test]
async fn faults_are_byte_for_byte_ext_soaps() {
    let shop = MockSmartWeb::start().await;
    for (version, php) in [
        (SoapVersion::V11, captured!("fault-auth.soap11.xml")),
        (SoapVersion::V12, captured!("fault-auth.soap12.xml")),
    ] {
        let answer = call(&shop, &ops::SolutionGetWebinfo {}, version, None).await;
        assert_eq!(answer.status, 500);
        assert_eq!(answer.body, php.trim_end(), "{version:?}");
    }

    for (version, php) in [
        (
            SoapVersion::V11,
            captured!("fault-procedure-not-present.soap11.xml"),
        ),
        (
            SoapVersion::V12,
            captured!("fault-procedure-not-present.soap12.xml"),
        ),
    ] {
        let cookie = connect(&shop, version).await;
        let op = "Category_SetFields";
        let answer = post(
            &shop.endpoint(),
            envelope(op, "<Fields>Id</Fields>", version),
            version,
            op,
            Some(&cookie),
        )
        .await;
        assert_eq!(answer.body, php.trim_end(), "{version:?}");
        let err = answer.parse::<ops::SolutionGetWebinfo>().unwrap_err();
        assert!(matches!(err, Error::ProcedureNotPresent { .. }), "{err:?}");
    }

    let cookie = connect(&shop, SoapVersion::V12).await;
    let page_zero = ops::OrderGetAllWithPagination {
        page: 0,
        page_size: 10,
    };
    let answer = call(&shop, &page_zero, SoapVersion::V12, Some(&cookie)).await;
    assert_eq!(answer.body, captured!("fault-param.soap12.xml").trim_end());

    let answer = post(
        &shop.endpoint(),
        envelope("Order_GetById", "<OrderId>abc</OrderId>", SoapVersion::V11),
        SoapVersion::V11,
        "Order_GetById",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        answer.body,
        captured!("fault-encoding.soap11.xml").trim_end()
    );
}

#[tokio::test]
async fn required_elements_without_a_value_are_written_empty_in_schema_order() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    let answer = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    // The demo shop has no Cvr, Address, Zip, …: ext/soap still writes them all.
    assert!(
        answer.body.contains("<Solution_GetWebinfoResult><Title>"),
        "unqualified Result: {}",
        answer.body
    );
    let mock = result_element(&answer.body);
    let php = result_element(captured!("solution-getwebinfo.soap11.xml"));
    assert_eq!(names(&mock), names(&php));
    let cvr = mock.child("Cvr").unwrap();
    assert!(cvr.is_empty() && cvr.attributes.is_empty(), "{cvr:?}");
    let info = answer.parse::<ops::SolutionGetWebinfo>().unwrap().unwrap();
    assert_eq!(info.cvr.as_deref(), Some(""));
}

#[tokio::test]
async fn a_nillable_element_without_a_value_is_nil() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V12).await;
    let answer = call(
        &shop,
        &ops::CategoryGetAll {},
        SoapVersion::V12,
        Some(&cookie),
    )
    .await;
    let mock = result_element(&answer.body);
    let php = result_element(captured!("category-getall.soap12.xml"));
    assert_eq!(names(&mock.children[0]), names(&php.children[0]));
    let show_in_menu = mock.children[0].child("ShowInMenu").unwrap();
    assert!(show_in_menu.is_nil(), "{}", answer.body);
    let categories = answer.parse::<ops::CategoryGetAll>().unwrap();
    assert!(categories[0].show_in_menu.is_empty());
}

#[tokio::test]
async fn the_default_line_projection_keeps_the_required_arrays() {
    let shop = MockSmartWeb::start().await;
    shop.seed_order(
        fixtures::OrderBuilder::new(1043)
            .line(
                501,
                "SKU-100",
                "Kaffekop",
                1,
                rust_decimal::Decimal::from(80),
            )
            .build(),
    );
    let cookie = connect(&shop, SoapVersion::V11).await;
    let fields = ops::OrderSetFields {
        fields: "Id,OrderLines".to_owned(),
    };
    support::set_fields(&shop, &fields, &cookie).await;
    let answer = call(
        &shop,
        &ops::OrderGetById { order_id: 1043 },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    let mock = result_element(&answer.body);
    let php = result_element(captured!("order-getbyid-default-projection.soap11.xml"));
    assert_eq!(names(&mock), names(&php));
    let mock_line = &mock.child("OrderLines").unwrap().children[0];
    let php_line = &php.child("OrderLines").unwrap().children[0];
    assert_eq!(names(mock_line), names(php_line));
    assert_eq!(names(mock_line), ["Id", "PacketLines", "LineAddresses"]);
}
