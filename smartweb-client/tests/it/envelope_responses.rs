//! Responses and faults of both SOAP versions, model round trips, hostile input.

use rust_decimal_macros::dec;
use smartweb_client::__parser as xml;
use smartweb_client::Error;
use smartweb_client::model::{self, AssociationType, Order, OrderLine};
use smartweb_client::ops;
use smartweb_client::soap::{SoapVersion, build_fault, build_response, parse_response};

fn soap12_fault(code_block: &str, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">
  <env:Body>
    <env:Fault>
      <env:Code>{code_block}</env:Code>
      <env:Reason><env:Text xml:lang="en">{text}</env:Text></env:Reason>
    </env:Fault>
  </env:Body>
</env:Envelope>"#
    )
}

fn soap11_fault(code: &str, text: &str, detail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
<SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{code}</faultcode><faultstring>{text}</faultstring>{detail}</SOAP-ENV:Fault></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#
    )
}

fn fault_of(body: &str) -> Error {
    parse_response::<ops::OrderGetById>(body.as_bytes()).unwrap_err()
}

#[test]
fn soap12_faults_use_subcode_then_code() {
    let e = fault_of(&soap12_fault(
        "<env:Value>env:Receiver</env:Value><env:Subcode><env:Value>AUTH</env:Value></env:Subcode>",
        "A valid authentication has not been performed with the service",
    ));
    assert!(
        matches!(e, Error::Auth { ref message } if message.starts_with("A valid")),
        "{e:?}"
    );

    let e = fault_of(&soap12_fault(
        "<env:Value>PRODUCT</env:Value>",
        "A CategoryId must be set when creating a product",
    ));
    assert!(
        matches!(e, Error::Other { ref code, ref message } if code == "PRODUCT" && message.contains("CategoryId")),
        "{e:?}"
    );

    let e = fault_of(&soap12_fault(
        "<env:Value>env:Receiver</env:Value>",
        "Too few arguments to function WebService::Order_GetAllWithPagination()",
    ));
    assert!(
        matches!(e, Error::Other { ref code, .. } if code == "Receiver"),
        "{e:?}"
    );

    let e = fault_of(&soap12_fault(
        "<env:Value>env:Sender</env:Value><env:Subcode><env:Value>ns1:PARAM</env:Value></env:Subcode>",
        "Page must be greater than 0",
    ));
    assert!(
        matches!(e, Error::Param { ref message } if message == "Page must be greater than 0"),
        "{e:?}"
    );

    let e = fault_of(&soap12_fault(
        "<env:Value>env:Receiver</env:Value><env:Subcode><env:Value>lineErrors</env:Value></env:Subcode>",
        "Order: 4 created. Following products were not included: Product: 7",
    ));
    assert!(
        matches!(e, Error::LineErrors { created_order_id: Some(4), ref message } if message.contains("Product: 7")),
        "{e:?}"
    );
}

#[test]
fn soap11_faults_map_every_code() {
    type Check = fn(&Error) -> bool;
    let cases: Vec<(&str, Check)> = vec![
        ("AUTH", |e| matches!(e, Error::Auth { .. })),
        ("PARAM", |e| matches!(e, Error::Param { .. })),
        ("NOSUCHPARAM", |e| matches!(e, Error::NoSuchParam { .. })),
        ("INTERNAL", |e| matches!(e, Error::Internal { .. })),
        ("Internal", |e| matches!(e, Error::Internal { .. })),
        ("SOAP-ENV:ProcedureNotPresent", |e| {
            matches!(e, Error::ProcedureNotPresent { .. })
        }),
        (
            "MODULE",
            |e| matches!(e, Error::Other { code, message } if code == "MODULE" && message == "boom"),
        ),
    ];
    for (code, check) in cases {
        let e = fault_of(&soap11_fault(code, "boom", ""));
        assert!(check(&e), "{code}: {e:?}");
    }
    let e = fault_of(&soap11_fault(
        "lineErrors",
        "Order: 12 created. Following products were not included: Product: 7",
        "<detail><reason>out of stock</reason></detail>",
    ));
    match e {
        Error::LineErrors {
            created_order_id,
            message,
        } => {
            assert_eq!(created_order_id, Some(12));
            assert!(message.contains("out of stock"), "detail kept: {message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn built_faults_parse_back() {
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let e = fault_of(&build_fault(
            "NOSUCHPARAM",
            "No such field: Files & <x>",
            version,
        ));
        assert!(
            matches!(e, Error::NoSuchParam { ref message } if message == "No such field: Files & <x>"),
            "{version:?}: {e:?}"
        );
        let e = fault_of(&build_fault("Receiver", "SOAP-ERROR: Encoding", version));
        assert!(
            matches!(e, Error::Other { ref code, .. } if code == "Receiver"),
            "{e:?}"
        );
    }
}

#[test]
fn responses_parse_in_both_versions_with_any_prefix() {
    let soap11 = r#"<?xml version="1.0"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:x="https://api.hostedshop.io/service.php">
 <s:Body>
  <x:Order_GetByIdResponse>
   <x:Order_GetByIdResult>
     <Total>  -12.50 </Total><Id>3</Id><Unknown><Deep>1</Deep></Unknown>
     <OrderLines><item><Id>1</Id><PacketLines><item><Id>2</Id></item></PacketLines></item></OrderLines>
   </x:Order_GetByIdResult>
  </x:Order_GetByIdResponse>
 </s:Body>
</s:Envelope>"#;
    let order = parse_response::<ops::OrderGetById>(soap11.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(order.id, Some(3));
    assert_eq!(order.total, Some(dec!(-12.50)));
    assert_eq!(
        order.order_lines.len(),
        1,
        "nested items are not counted globally"
    );
    assert_eq!(order.order_lines[0].packet_lines[0].id, Some(2));

    let empty = r#"<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body><Order_GetByIdResponse xmlns="https://api.hostedshop.io/service.php"><Order_GetByIdResult/></Order_GetByIdResponse></Body></Envelope>"#;
    assert_eq!(
        parse_response::<ops::OrderGetById>(empty.as_bytes()).unwrap(),
        None
    );

    let wrong = r#"<Envelope><Body><Other_Response/></Body></Envelope>"#;
    assert!(matches!(
        parse_response::<ops::OrderGetById>(wrong.as_bytes()),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn decode_errors_name_the_path() {
    let body = r#"<Envelope><Body><Order_GetByIdResponse><Order_GetByIdResult><OrderLines><item><Id>1</Id></item><item><Price>12,5</Price></item></OrderLines></Order_GetByIdResult></Order_GetByIdResponse></Body></Envelope>"#;
    match parse_response::<ops::OrderGetById>(body.as_bytes()) {
        Err(Error::Decode { path, excerpt, .. }) => {
            assert_eq!(
                path,
                "Envelope/Body/Order_GetByIdResponse/Order_GetByIdResult/OrderLines/item[2]/Price"
            );
            assert_eq!(excerpt, "12,5");
        }
        other => panic!("{other:?}"),
    }
    let bad_bool = r#"<Envelope><Body><Solution_ConnectResponse><Solution_ConnectResult>yes</Solution_ConnectResult></Solution_ConnectResponse></Body></Envelope>"#;
    assert!(matches!(
        parse_response::<ops::SolutionConnect>(bad_bool.as_bytes()),
        Err(Error::Decode { .. })
    ));
    let numeric_bool = r#"<Envelope><Body><Solution_ConnectResponse><Solution_ConnectResult>1</Solution_ConnectResult></Solution_ConnectResponse></Body></Envelope>"#;
    assert!(parse_response::<ops::SolutionConnect>(numeric_bool.as_bytes()).unwrap());
}

#[test]
fn doctype_and_deep_nesting_are_rejected() {
    let doctype = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Envelope><Body>&a;</Body></Envelope>"#;
    match parse_response::<ops::SolutionConnect>(doctype.as_bytes()) {
        Err(Error::Decode { message, .. }) => assert!(message.contains("DOCTYPE"), "{message}"),
        other => panic!("{other:?}"),
    }
    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    match xml::parse(deep.as_bytes()) {
        Err(Error::Decode { message, .. }) => assert!(message.contains("nesting"), "{message}"),
        other => panic!("{other:?}"),
    }
    let fine = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    assert!(xml::parse(fine.as_bytes()).is_ok());
    for junk in [
        &b""[..],
        b"<",
        b"<a><b></a>",
        b"\xff\xfe",
        b"<a>&unknown;</a>",
        b"<a/><b/>",
        b"text",
    ] {
        assert!(xml::parse(junk).is_err(), "{junk:?}");
    }
}

#[test]
fn models_round_trip_through_xml() {
    let order = Order {
        id: Some(17),
        origin: Some("16".into()),
        total: Some(dec!(-150.25)),
        order_comment: Some("a & b <c>".into()),
        order_lines: vec![
            OrderLine {
                id: Some(1),
                price: Some(dec!(80)),
                packet_lines: vec![OrderLine {
                    id: Some(2),
                    ..Default::default()
                }],
                ..Default::default()
            },
            OrderLine {
                id: Some(3),
                offline_product: Some(true),
                ..Default::default()
            },
        ],
        customer: Some(Box::new(model::OrderCustomer {
            b2b: Some(true),
            shipping_firstname: Some(String::new()),
            ..Default::default()
        })),
        ..Default::default()
    };
    let text = xml::to_string(&order, "Order");
    assert_eq!(xml::from_str::<Order>(&text).unwrap(), Some(order.clone()));

    let association = model::DiscountCustomerAssociation {
        association_type: Some(AssociationType::Other("SOMETHING_NEW".into())),
        customer_ids: vec![1, 2],
    };
    let text = xml::to_string(&association, "X");
    assert!(
        text.contains("<AssociationType>SOMETHING_NEW</AssociationType>"),
        "{text}"
    );
    assert_eq!(
        xml::from_str::<model::DiscountCustomerAssociation>(&text).unwrap(),
        Some(association)
    );
    assert_eq!(
        AssociationType::from_wire("INCLUSION"),
        AssociationType::Inclusion
    );

    // The fake server answers with the same types.
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let envelope = build_response::<ops::OrderGetById>(&Some(order.clone()), version);
        assert_eq!(
            parse_response::<ops::OrderGetById>(envelope.as_bytes()).unwrap(),
            Some(order.clone())
        );
        let page = vec![order.clone(), Order::default()];
        let envelope = build_response::<ops::OrderGetAllWithPagination>(&page, version);
        // An all-None record is an empty element, which reads back as no record.
        assert_eq!(
            parse_response::<ops::OrderGetAllWithPagination>(envelope.as_bytes()).unwrap(),
            vec![order.clone()]
        );
        let envelope = build_response::<ops::OrderGetAllWithPagination>(&vec![], version);
        // ext/soap writes the Result element unqualified.
        assert!(envelope.contains("<Order_GetAllWithPaginationResult/>"));
        let envelope = build_response::<ops::SolutionConnect>(&true, version);
        assert!(parse_response::<ops::SolutionConnect>(envelope.as_bytes()).unwrap());
        let envelope = build_response::<ops::OrderCreate>(&42, version);
        assert_eq!(
            parse_response::<ops::OrderCreate>(envelope.as_bytes()).unwrap(),
            42
        );
    }
}

#[test]
fn hostile_values_decode_errors_not_panics() {
    let huge = "9".repeat(200);
    for text in [
        "1e99999999999",
        "1e-99999999999",
        "1E400",
        huge.as_str(),
        "NaN",
        "INF",
        "-",
        "1.2.3",
    ] {
        let body = format!(
            "<Envelope><Body><Order_GetByIdResponse><Order_GetByIdResult><Total>{text}</Total><Id>{text}</Id></Order_GetByIdResult></Order_GetByIdResponse></Body></Envelope>"
        );
        assert!(
            parse_response::<ops::OrderGetById>(body.as_bytes()).is_err(),
            "{text}"
        );
    }
    assert_eq!(xml::parse_decimal("1.0E-5"), Some(dec!(0.00001)));
    assert_eq!(xml::parse_decimal(" 287.5 "), Some(dec!(287.5)));

    // A fixed pseudo-random walk over mutated envelopes: every outcome is Ok or Err.
    let base = build_response::<ops::OrderGetById>(
        &Some(Order {
            id: Some(1),
            total: Some(dec!(2.5)),
            order_lines: vec![
                OrderLine::default(),
                OrderLine {
                    id: Some(2),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }),
        SoapVersion::V12,
    )
    .into_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        let mut bytes = base.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed as usize) % bytes.len();
            bytes[at] = (seed >> 32) as u8;
        }
        let _ = parse_response::<ops::OrderGetById>(&bytes);
        let _ = smartweb_client::soap::parse_request(&bytes);
    }
}

#[test]
fn byte_order_mark_and_cdata_are_accepted() {
    let body = "\u{feff}<?xml version=\"1.0\"?><Envelope><Body><Solution_GetWebinfoResponse><Solution_GetWebinfoResult><Title><![CDATA[A & <B>]]></Title><ProductPricesWithVat>false</ProductPricesWithVat></Solution_GetWebinfoResult></Solution_GetWebinfoResponse></Body></Envelope>";
    let info = parse_response::<ops::SolutionGetWebinfo>(body.as_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(info.title.as_deref(), Some("A & <B>"));
    assert_eq!(info.product_prices_with_vat, Some(false));
}
