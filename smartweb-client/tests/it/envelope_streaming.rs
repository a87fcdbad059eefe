//! `parse_response` decodes the Result straight from `xml::Cursor`'s events: the output must
//! equal decoding the whole tree (the same decoders over `xml::TreeSource`), errors included,
//! and the whole document is still checked.

use rust_decimal_macros::dec;
use smartweb_client::__parser::{self as xml, Cursor};
use smartweb_client::model::{self, Order, OrderLine, TextOrItems};
use smartweb_client::soap::{
    Path, RecordTolerant, ResultValue, SoapVersion, build_response, parse_response,
};
use smartweb_client::{Error, ops};

fn orders(count: i64) -> Vec<Order> {
    (1..=count)
        .map(|id| {
            let line = OrderLine {
                id: Some(id * 10),
                product_title: Some(format!("Vare <{id}> & co")),
                price: Some(dec!(99.95)),
                ..OrderLine::default()
            };
            Order {
                id: Some(id),
                total: Some(dec!(125.00) + rust_decimal::Decimal::from(id)),
                order_lines: vec![line.clone(), line],
                ..Order::default()
            }
        })
        .collect()
}

/// Decodes the Result the old way: one tree for the whole document.
fn from_whole_tree(body: &str) -> Vec<Order> {
    let root = xml::parse(body.as_bytes()).unwrap();
    let response = root
        .child("Body")
        .and_then(|b| b.child("Order_GetByDateWithPaginationResponse"))
        .unwrap();
    let result = response.child("Order_GetByDateWithPaginationResult");
    Vec::<Order>::from_result(result, &Path::root("Result")).unwrap()
}

#[test]
fn an_array_result_read_item_by_item_equals_the_whole_tree() {
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let body = build_response::<ops::OrderGetByDateWithPagination>(&orders(40), version);
        let streamed =
            parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()).unwrap();
        assert_eq!(streamed.len(), 40);
        assert_eq!(streamed, from_whole_tree(&body));
        assert_eq!(streamed, orders(40));
        assert_eq!(
            streamed[3].order_lines[1].product_title.as_deref(),
            Some("Vare <4> & co")
        );
    }
}

#[test]
fn headers_unknown_siblings_comments_and_non_item_children_are_passed_over() {
    let body = r#"<?xml version="1.0"?>
<!-- recorded -->
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://api.hostedshop.io/service.php">
 <SOAP-ENV:Header><ns1:Trace><Id>7</Id></ns1:Trace></SOAP-ENV:Header>
 <SOAP-ENV:Body>
  <ns1:Order_GetByDateWithPaginationResponse>
   <ns1:Debug><item><Id>99</Id></item></ns1:Debug>
   <ns1:Order_GetByDateWithPaginationResult>
     <!-- page 1 -->
     <item><Id>1</Id><Total>10.50</Total></item>
     <Count>2</Count>
     <item xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
     <item><Id>2</Id><OrderLines><item><Id>20</Id></item></OrderLines></item>
   </ns1:Order_GetByDateWithPaginationResult>
   <ns1:Order_GetByDateWithPaginationResult><item><Id>3</Id></item></ns1:Order_GetByDateWithPaginationResult>
  </ns1:Order_GetByDateWithPaginationResponse>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"#;
    let orders = parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()).unwrap();
    let ids: Vec<_> = orders.iter().map(|o| o.id).collect();
    assert_eq!(
        ids,
        [Some(1), Some(2)],
        "nil items and non-item children are no orders; the first Result counts"
    );
    assert_eq!(orders[0].total, Some(dec!(10.50)));
    assert_eq!(orders[1].order_lines[0].id, Some(20));
    assert_eq!(orders, from_whole_tree(body));
}

#[test]
fn an_item_decode_error_names_its_index() {
    let body = r#"<Envelope><Body><Order_GetByDateWithPaginationResponse><Order_GetByDateWithPaginationResult><item><Id>1</Id></item><item><Total>12,5</Total></item></Order_GetByDateWithPaginationResult></Order_GetByDateWithPaginationResponse></Body></Envelope>"#;
    match parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()) {
        Err(Error::Decode { path, excerpt, .. }) => {
            assert_eq!(
                path,
                "Envelope/Body/Order_GetByDateWithPaginationResponse/\
                 Order_GetByDateWithPaginationResult/item[2]/Total"
            );
            assert_eq!(excerpt, "12,5");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_or_empty_array_result_is_an_empty_page() {
    for body in [
        r#"<Envelope><Body><Order_GetByDateWithPaginationResponse/></Body></Envelope>"#,
        r#"<Envelope><Body><Order_GetByDateWithPaginationResponse><Order_GetByDateWithPaginationResult/></Order_GetByDateWithPaginationResponse></Body></Envelope>"#,
    ] {
        let orders = parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()).unwrap();
        assert!(orders.is_empty(), "{body}");
    }
}

#[test]
fn the_rest_of_the_document_is_still_checked_after_the_result() {
    let good = build_response::<ops::OrderGetByDateWithPagination>(&orders(3), SoapVersion::V11);
    let broken = [
        // A second root after the envelope.
        format!("{good}<Envelope/>"),
        // The envelope never closes.
        good.replace("</SOAP-ENV:Envelope>", ""),
        // Mismatched end tag after the Result.
        good.replace("</SOAP-ENV:Body>", "</SOAP-ENV:Bodyx>"),
        // Unknown entity in a sibling after the Result.
        good.replace(
            "</ns1:Order_GetByDateWithPaginationResponse>",
            "<x>&bogus;</x></ns1:Order_GetByDateWithPaginationResponse>",
        ),
    ];
    for body in broken {
        assert!(
            matches!(
                parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()),
                Err(Error::Decode { .. })
            ),
            "{body}"
        );
    }
}

#[test]
fn the_envelope_is_checked_before_the_result() {
    for (body, message) in [
        ("<Letter><Body/></Letter>", "not a SOAP envelope"),
        ("<Envelope><Header/></Envelope>", "envelope has no Body"),
        ("<Envelope><Body>  </Body></Envelope>", "empty Body"),
        ("", "no root element"),
    ] {
        match parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()) {
            Err(Error::Decode { message: m, .. }) => assert!(m.contains(message), "{body}: {m}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn a_cursor_walks_builds_and_skips() {
    let doc = br#"<a x="1"><b>t&amp;u</b><!-- c --><c><d/><d>2</d></c><e>3</e></a>"#;
    let mut cursor = Cursor::new(doc).unwrap();
    let a = cursor.next_child().unwrap().unwrap();
    assert_eq!(a.attribute("x").as_deref(), Some("1"));
    let b = cursor.next_child().unwrap().unwrap();
    assert_eq!(cursor.subtree(b).unwrap().text, "t&u");
    let c = cursor.next_child().unwrap().unwrap();
    assert_eq!(c.name, "c");
    assert_eq!(cursor.path().render(), "a/c");
    cursor.skip().unwrap();
    let e = cursor.next_child().unwrap().unwrap();
    assert_eq!(cursor.subtree(e).unwrap().text, "3");
    assert!(cursor.next_child().unwrap().is_none(), "a ends");
    assert!(cursor.next_child().unwrap().is_none(), "the document ends");
    cursor.finish().unwrap();
}

/// Decodes `body` both ways, streamed (`parse_response`) and from the whole tree with the
/// same error paths, and returns them as text (`RecordPage` and errors have no `PartialEq`).
fn streamed_and_tree<O: smartweb_client::soap::Operation>(body: &str) -> (String, String)
where
    O::Output: std::fmt::Debug,
{
    let streamed = match parse_response::<O>(body.as_bytes()) {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("error: {error}"),
    };
    let root = xml::parse(body.as_bytes()).unwrap();
    let response = root.child("Body").unwrap().children.first().unwrap();
    let result_name = format!("{}Result", O::NAME);
    let envelope = Path::root("Envelope");
    let body_path = envelope.child("Body");
    let response_path = body_path.child(&response.name);
    let result_path = response_path.child(&result_name);
    let tree = match O::Output::from_result(response.child(&result_name), &result_path) {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("error: {error}"),
    };
    (streamed, tree)
}

fn order_page(items: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://api.hostedshop.io/service.php" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <SOAP-ENV:Body>
  <ns1:Order_GetByDateWithPaginationResponse>
   <ns1:Order_GetByDateWithPaginationResult>{items}</ns1:Order_GetByDateWithPaginationResult>
  </ns1:Order_GetByDateWithPaginationResponse>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#
    )
}

/// Records of every shape the empty-value rule knows, with entities, CDATA, CRLF line ends,
/// indentation, unknown fields and a string field holding child elements.
const AWKWARD_ITEMS: &str = "
    <item>
      <Id> 7 </Id>
      <Total xsi:nil=\"true\"/>
      <Vat></Vat>
      <OrderComment/>
      <CustomerComment>Line one\r\nline two &amp; &lt;three&gt; &#248;&#x41;<![CDATA[ <raw> ]]></CustomerComment>
      <DeliveryComment>text <b>bold</b> more</DeliveryComment>
      <TrackingCode>  <x/>  </TrackingCode>
      <ReferenceNumber xsi:nil=\"1\">ignored</ReferenceNumber>
      <Unknown><Deep><Deeper>1</Deeper></Deep></Unknown>
      <Customer xsi:nil=\"true\"><Firstname>ignored</Firstname></Customer>
      <Currency>   </Currency>
      <Payment>text only</Payment>
      <Delivery><Price>49.5</Price></Delivery>
      <OrderLines>
        <item xsi:nil=\"true\"/>
        <count>2</count>
        <item><Id>1</Id><Price>1.0E-5</Price><ProductTitle/></item>
        <item></item>
      </OrderLines>
      <DiscountCodes/>
    </item>
    <item/>
    <item xsi:nil=\"true\"/>
    <item>   </item>
    <notitem><Id>99</Id></notitem>
    <item><Id>8</Id><Status>1</Status></item>";

#[test]
fn every_empty_value_form_reads_the_same_streamed_and_from_the_tree() {
    let body = order_page(AWKWARD_ITEMS);
    let (streamed, tree) = streamed_and_tree::<ops::OrderGetByDateWithPagination>(&body);
    assert_eq!(streamed, tree);
    let orders = parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()).unwrap();
    assert_eq!(
        orders.len(),
        2,
        "empty and nil items are no orders: {orders:?}"
    );
    let order = &orders[0];
    assert_eq!(order.id, Some(7));
    assert_eq!((order.total, order.vat), (None, None));
    assert_eq!(order.order_comment.as_deref(), Some(""));
    assert_eq!(
        order.customer_comment.as_deref(),
        Some("Line one\nline two & <three> øA <raw> ")
    );
    assert_eq!(order.delivery_comment.as_deref(), Some("text  more"));
    assert_eq!(order.tracking_code.as_deref(), Some(""));
    assert_eq!(order.reference_number, None);
    assert_eq!(order.customer, None);
    assert_eq!(order.currency, None);
    assert_eq!(order.payment, Some(Default::default()));
    assert_eq!(
        order.delivery.as_ref().and_then(|d| d.price),
        Some(dec!(49.5))
    );
    assert_eq!(order.order_lines.len(), 1);
    assert_eq!(order.order_lines[0].price, Some(dec!(0.00001)));
    assert_eq!(order.order_lines[0].product_title.as_deref(), Some(""));
    assert!(order.discount_codes.is_empty());
    assert_eq!(orders[1].status.as_deref(), Some("1"));
}

#[test]
fn a_record_page_skips_the_same_records_streamed_and_from_the_tree() {
    let items = "
        <item><Id>1</Id><Total>10</Total></item>
        <item><Total>12,5</Total><Id> 2 </Id></item>
        <item><OrderLines><item><Id>30</Id><Amount>x</Amount></item></OrderLines><Id>3</Id></item>
        <item><Id>not a number</Id><Vat><b/></Vat></item>
        <item><Id>5</Id></item>";
    let body = order_page(items);
    let (streamed, tree) =
        streamed_and_tree::<RecordTolerant<ops::OrderGetByDateWithPagination>>(&body);
    assert_eq!(streamed, tree);
    let page = parse_response::<RecordTolerant<ops::OrderGetByDateWithPagination>>(body.as_bytes())
        .unwrap();
    let ids: Vec<_> = page.records.iter().map(|o| o.id).collect();
    assert_eq!(ids, [Some(1), Some(5)]);
    let skipped: Vec<_> = page.unreadable.iter().map(|u| (u.index, u.id)).collect();
    assert_eq!(
        skipped,
        [(1, Some(2)), (2, Some(3)), (3, None)],
        "the Id is found after the bad field too"
    );
    let paths: Vec<_> = page
        .unreadable
        .iter()
        .map(|u| match &u.error {
            Error::Decode { path, .. } => path.rsplit_once("Result/").unwrap().1.to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        paths,
        [
            "item[2]/Total",
            "item[3]/OrderLines/item[1]/Amount",
            "item[4]/Id"
        ]
    );
}

#[test]
fn malformed_xml_after_a_bad_value_still_fails_the_page() {
    for items in [
        "<item><Total>x</Total><Id>2</Id><Open></item>",
        "<item><Total><a>1</a></Total><Id>&bogus;</Id></item>",
    ] {
        let body = order_page(items);
        // The same error as reading the document whole: the XML is reported, not the value.
        let whole = xml::parse(body.as_bytes()).unwrap_err().to_string();
        let tolerant =
            parse_response::<RecordTolerant<ops::OrderGetByDateWithPagination>>(body.as_bytes())
                .unwrap_err();
        let strict =
            parse_response::<ops::OrderGetByDateWithPagination>(body.as_bytes()).unwrap_err();
        assert_eq!(tolerant.to_string(), whole, "{items}");
        assert_eq!(strict.to_string(), whole, "{items}");
    }
}

#[test]
fn a_products_page_reads_the_same_streamed_and_from_the_tree() {
    let products: Vec<model::Product> = (1..=6)
        .map(|id| model::Product {
            id: Some(id),
            item_number: Some(format!("VARE-{id}")),
            price: Some(dec!(199.95)),
            variant_types: Some(if id % 2 == 0 {
                TextOrItems::Text("Size//Colour".into())
            } else {
                TextOrItems::Items(vec![model::ProductVariantType {
                    id: Some(id),
                    ..Default::default()
                }])
            }),
            variants: (1..=3)
                .map(|v| model::ProductVariant {
                    id: Some(id * 10 + v),
                    stock: Some(v),
                    stock_locations: vec![model::ProductVariantStockLocation {
                        stock_location_id: Some(1),
                        stock: Some(2),
                        ..Default::default()
                    }],
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let body = build_response::<ops::ProductGetAllWithLimit>(&products, version);
        let (streamed, tree) = streamed_and_tree::<ops::ProductGetAllWithLimit>(&body);
        assert_eq!(streamed, tree);
        let page = parse_response::<ops::ProductGetAllWithLimit>(body.as_bytes()).unwrap();
        assert_eq!(page, products);
    }
}
