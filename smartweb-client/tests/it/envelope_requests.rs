//! Request envelopes asserted structurally (and read back the way a fake server would).

use rust_decimal_macros::dec;
use smartweb_client::__parser as xml;
use smartweb_client::model;
use smartweb_client::ops;
use smartweb_client::soap::Element;
use smartweb_client::soap::{
    self, NAMESPACE, NilForm, OpKind, Operation, SOAP11_ENVELOPE, SOAP12_ENVELOPE, SoapVersion,
    build_request, parse_request,
};

/// The operation element inside Body, after checking the envelope's shape.
fn wrapper(envelope: &str, version: SoapVersion) -> Element {
    let root = xml::parse(envelope.as_bytes()).unwrap();
    assert_eq!(root.name, "Envelope");
    let (prefix, ns) = match version {
        SoapVersion::V11 => ("SOAP-ENV", SOAP11_ENVELOPE),
        SoapVersion::V12 => ("env", SOAP12_ENVELOPE),
    };
    assert_eq!(root.prefix(), Some(prefix));
    assert!(
        root.attributes
            .contains(&(format!("xmlns:{prefix}"), ns.to_owned()))
    );
    assert!(
        root.attributes
            .contains(&("xmlns:ns1".to_owned(), NAMESPACE.to_owned()))
    );
    let body = root.child("Body").unwrap();
    assert_eq!(body.qname, format!("{prefix}:Body"));
    assert_eq!(body.children.len(), 1);
    let op = body.children[0].clone();
    assert_eq!(op.prefix(), Some("ns1"), "operation element is qualified");
    for child in &op.children {
        assert_eq!(
            child.prefix(),
            None,
            "arguments are unqualified: {}",
            child.qname
        );
    }
    op
}

fn names(el: &Element) -> Vec<&str> {
    el.children.iter().map(|c| c.name.as_str()).collect()
}

fn paged(status: Option<&str>) -> ops::OrderGetByDateWithPagination {
    ops::OrderGetByDateWithPagination {
        start: "2026-01-01 00:00:00".into(),
        end: "2026-01-31 23:59:59".into(),
        status: status.map(str::to_owned),
        page: 1,
        page_size: 100,
    }
}

#[test]
fn paged_orders_send_nil_status_in_both_forms() {
    let envelope = build_request(&paged(None), SoapVersion::V11, NilForm::Empty);
    assert!(envelope.contains("<Status/>"), "{envelope}");
    let op = wrapper(&envelope, SoapVersion::V11);
    assert_eq!(op.name, "Order_GetByDateWithPagination");
    assert_eq!(names(&op), ["Start", "End", "Status", "Page", "PageSize"]);
    let status = op.child("Status").unwrap();
    assert!(status.is_empty() && !status.is_nil());
    assert_eq!(op.child("Page").unwrap().text, "1");

    let envelope = build_request(&paged(None), SoapVersion::V11, NilForm::XsiNil);
    assert!(
        envelope.contains("<Status xsi:nil=\"true\"/>"),
        "{envelope}"
    );
    assert!(envelope.contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""));
    let op = wrapper(&envelope, SoapVersion::V11);
    assert_eq!(names(&op), ["Start", "End", "Status", "Page", "PageSize"]);
    assert!(op.child("Status").unwrap().is_nil());

    let envelope = build_request(&paged(Some("1,2,3")), SoapVersion::V12, NilForm::XsiNil);
    let op = wrapper(&envelope, SoapVersion::V12);
    assert_eq!(op.child("Status").unwrap().text, "1,2,3");
}

#[test]
fn request_round_trips_through_the_fake_server_reader() {
    for version in [SoapVersion::V11, SoapVersion::V12] {
        for nil in [NilForm::Empty, NilForm::XsiNil] {
            let op = paged(None);
            let request = parse_request(build_request(&op, version, nil).as_bytes()).unwrap();
            assert_eq!(request.operation, "Order_GetByDateWithPagination");
            assert_eq!(request.version, version);
            let back = request.args::<ops::OrderGetByDateWithPagination>().unwrap();
            // `<Status/>` is an empty string on the wire (as the PHP server sees it);
            // only `xsi:nil` reads back as `None`.
            let expected_status = match nil {
                NilForm::Empty => Some(String::new()),
                NilForm::XsiNil => None,
            };
            assert_eq!(
                back,
                ops::OrderGetByDateWithPagination {
                    status: expected_status,
                    ..op
                }
            );
            assert!(
                request.args::<ops::OrderGetById>().is_err(),
                "name mismatch"
            );
        }
    }
}

#[test]
fn partial_product_update_sends_only_id_and_stock() {
    let op = ops::ProductUpdate {
        product_data: model::ProductUpdate {
            id: Some(42),
            stock: Some(7),
            ..Default::default()
        },
    };
    let envelope = build_request(&op, SoapVersion::V11, NilForm::XsiNil);
    let wrapper = wrapper(&envelope, SoapVersion::V11);
    assert_eq!(names(&wrapper), ["ProductData"]);
    let data = wrapper.child("ProductData").unwrap();
    assert_eq!(names(data), ["Id", "Stock"]);
    assert_eq!(data.child("Stock").unwrap().text, "7");
    assert!(envelope.contains("<ProductData><Id>42</Id><Stock>7</Stock></ProductData>"));
    assert_eq!(ops::ProductUpdate::KIND, OpKind::Write);
}

#[test]
fn order_create_nests_lines_as_items() {
    let op = ops::OrderCreate {
        order_data: model::OrderCreate {
            currency_id: Some(1),
            payment_id: Some(1),
            delivery_id: Some(1),
            order_lines: vec![
                model::OrderLineCreate {
                    product_id: Some(17),
                    amount: Some(2),
                    price: Some(dec!(80.50)),
                    ..Default::default()
                },
                model::OrderLineCreate {
                    product_id: Some(18),
                    amount: Some(1),
                    ..Default::default()
                },
            ],
            order_customer: Some(Box::new(model::OrderCustomerCreate {
                firstname: Some("Anna".into()),
                country_code: Some("1".into()),
                ..Default::default()
            })),
            ..Default::default()
        },
    };
    let envelope = build_request(&op, SoapVersion::V11, NilForm::Empty);
    let wrapper = wrapper(&envelope, SoapVersion::V11);
    assert_eq!(wrapper.name, "Order_Create");
    let data = wrapper.child("OrderData").unwrap();
    let lines = data.child("OrderLines").unwrap();
    assert_eq!(names(lines), ["item", "item"]);
    assert_eq!(lines.children[0].child("Price").unwrap().text, "80.50");
    assert_eq!(lines.children[1].child("ProductId").unwrap().text, "18");
    assert_eq!(
        data.child("OrderCustomer")
            .unwrap()
            .child("Firstname")
            .unwrap()
            .text,
        "Anna"
    );
    assert!(
        data.child("Vat").is_none(),
        "None fields are left out of records"
    );
    let back = parse_request(envelope.as_bytes())
        .unwrap()
        .args::<ops::OrderCreate>()
        .unwrap();
    assert_eq!(back, op);
}

#[test]
fn text_is_escaped() {
    let nasty = "Fish & Chips <b>\"big\"</b> 'x' æøå";
    let op = ops::OrderUpdateComment {
        order_id: 5,
        text: nasty.into(),
    };
    let envelope = build_request(&op, SoapVersion::V11, NilForm::Empty);
    assert!(!envelope.contains("<b>"), "{envelope}");
    assert!(
        envelope.contains("Fish &amp; Chips &lt;b&gt;&quot;big&quot;&lt;/b&gt;"),
        "{envelope}"
    );
    let wrapper = wrapper(&envelope, SoapVersion::V11);
    assert_eq!(names(&wrapper), ["OrderId", "Text"]);
    assert_eq!(wrapper.child("Text").unwrap().text, nasty);
}

#[test]
fn arrays_and_no_argument_operations() {
    let op = ops::ProductGetByIds {
        product_ids: vec![1, 2, 3],
    };
    let envelope = build_request(&op, SoapVersion::V11, NilForm::Empty);
    assert!(
        envelope.contains("<ProductIds><item>1</item><item>2</item><item>3</item></ProductIds>")
    );
    let empty = ops::ProductGetByIds {
        product_ids: vec![],
    };
    assert!(build_request(&empty, SoapVersion::V11, NilForm::Empty).contains("<ProductIds/>"));
    let envelope = build_request(
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        NilForm::Empty,
    );
    let wrapper = wrapper(&envelope, SoapVersion::V11);
    assert!(wrapper.children.is_empty());
}

#[test]
fn operation_metadata() {
    assert_eq!(ops::OrderGetById::NAME, "Order_GetById");
    assert_eq!(ops::OrderGetById::KIND, OpKind::Read);
    assert_eq!(ops::OrderSetFields::KIND, OpKind::Read);
    assert_eq!(ops::SolutionConnect::KIND, OpKind::Read);
    assert_eq!(ops::SolutionSetLanguage::KIND, OpKind::Read);
    assert_eq!(ops::ProductSearch::KIND, OpKind::Read);
    assert_eq!(ops::SolutionHasModule::KIND, OpKind::Read);
    assert_eq!(ops::OrderCreate::KIND, OpKind::Write);
    assert_eq!(ops::OrderUpdateStatus::KIND, OpKind::Write);
    assert_eq!(ops::SolutionSetEncoding::KIND, OpKind::Write);
    assert_eq!(
        soap::soap_action(ops::OrderGetById::NAME),
        "https://api.hostedshop.io/service.php#Order_GetById"
    );
    assert_eq!(
        soap::content_type(SoapVersion::V11, "X"),
        "text/xml; charset=utf-8"
    );
    assert_eq!(
        soap::content_type(SoapVersion::V12, "Order_GetById"),
        "application/soap+xml; charset=utf-8; action=\"https://api.hostedshop.io/service.php#Order_GetById\""
    );
    // Argument names come from the WSDL, including its lowercase `module`.
    let envelope = build_request(
        &ops::SolutionHasModule {
            module: "blog".into(),
        },
        SoapVersion::V11,
        NilForm::Empty,
    );
    assert!(envelope.contains("<module>blog</module>"));
}

#[test]
fn operation_list_has_every_wsdl_operation_once_with_its_kind() {
    // The names and their order against the WSDL itself: the reference stage
    // (`tests/it/reference.rs`).
    use smartweb_client::ops::OPERATIONS;
    assert_eq!(OPERATIONS.len(), 247);
    let mut names: Vec<&str> = OPERATIONS.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 247, "names are unique");
    for (name, kind) in OPERATIONS {
        let verb = name.split_once('_').unwrap().1;
        if verb.starts_with("Get") {
            assert_eq!(*kind, OpKind::Read, "{name}");
        }
        if verb.starts_with("Create") || verb.starts_with("Delete") || verb.starts_with("Update") {
            assert_eq!(*kind, OpKind::Write, "{name}");
        }
    }
}
