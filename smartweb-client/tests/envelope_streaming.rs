//! `parse_response` reads array Results one `<item>` at a time through `xml::Cursor`: the
//! output must equal decoding the whole tree, and the whole document is still checked.

use rust_decimal_macros::dec;
use smartweb_client::__parser::{self as xml, Cursor};
use smartweb_client::model::{Order, OrderLine};
use smartweb_client::soap::{Path, ResultValue};
use smartweb_client::soap::{SoapVersion, build_response, parse_response};
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
    assert_eq!(a.attribute("x"), Some("1"));
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
