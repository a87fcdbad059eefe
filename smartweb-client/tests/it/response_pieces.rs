//! `soap::ResponseReader`: a response fed in pieces, however it is cut and whatever the
//! window, decodes to exactly what `parse_response` gives for the whole body, errors
//! included; and a large page is never held whole as text.

use rust_decimal_macros::dec;
use smartweb_client::model::{Order, OrderLine};
use smartweb_client::ops;
use smartweb_client::soap::{
    self, Operation, RecordTolerant, ResponseReader, SoapVersion, build_fault, build_response,
    parse_response,
};

type Page = ops::OrderGetByDateWithPagination;

fn orders(count: i64) -> Vec<Order> {
    (1..=count)
        .map(|id| {
            let line = OrderLine {
                id: Some(id * 10),
                // Two- and three-byte characters, cut by many piece boundaries.
                product_title: Some(format!("Grøn te <{id}> & «kop» €")),
                price: Some(dec!(99.95)),
                ..OrderLine::default()
            };
            Order {
                id: Some(id),
                total: Some(dec!(125.00) + rust_decimal::Decimal::from(id)),
                customer_comment: Some("Stilles ved døren\r\ntak".to_owned()),
                order_lines: vec![line.clone(), line],
                ..Order::default()
            }
        })
        .collect()
}

/// What a reader gives for `body` fed in `piece`-byte pieces with a `window`, as text
/// (`RecordPage` and errors have no `PartialEq`).
pub(crate) fn in_pieces<O: Operation>(body: &[u8], piece: usize, window: usize) -> String
where
    O::Output: std::fmt::Debug,
{
    let mut reader = ResponseReader::<O>::with_window(window);
    for part in body.chunks(piece) {
        if let Err(error) = reader.feed(part) {
            return format!("error: {error:?}");
        }
    }
    match reader.finish() {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("error: {error:?}"),
    }
}

/// What `parse_response` gives for the whole `body`, as text.
pub(crate) fn whole<O: Operation>(body: &[u8]) -> String
where
    O::Output: std::fmt::Debug,
{
    match parse_response::<O>(body) {
        Ok(output) => format!("{output:?}"),
        Err(error) => format!("error: {error:?}"),
    }
}

/// Every cut of `body` (piece sizes from 1 byte to the whole, windows from 1 byte to more
/// than the body) decodes as the whole body does.
fn check_every_cut<O: Operation>(body: &[u8]) -> String
where
    O::Output: std::fmt::Debug,
{
    let expected = whole::<O>(body);
    for window in [1, 3, 17, 64, 257, 4096, 1 << 20] {
        for piece in [1, 2, 5, 13, 64, 1000, body.len().max(1)] {
            let got = in_pieces::<O>(body, piece, window);
            assert_eq!(
                got,
                expected,
                "window {window}, pieces of {piece} bytes, body:\n{}",
                String::from_utf8_lossy(body)
            );
        }
    }
    expected
}

#[test]
fn a_page_in_pieces_equals_the_whole_body() {
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let body = build_response::<Page>(&orders(6), version);
        let decoded = check_every_cut::<Page>(body.as_bytes());
        assert_eq!(decoded, format!("{:?}", orders(6)));
        check_every_cut::<RecordTolerant<Page>>(body.as_bytes());
    }
}

#[test]
fn passed_over_elements_comments_cdata_and_nil_items_in_pieces() {
    let body = r#"<?xml version="1.0"?>
<!-- recorded -->
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://api.hostedshop.io/service.php">
 <SOAP-ENV:Header><ns1:Trace><Id>7</Id></ns1:Trace></SOAP-ENV:Header>
 <SOAP-ENV:Body>
  <ns1:Order_GetByDateWithPaginationResponse>
   <ns1:Debug><item><Id>99</Id></item></ns1:Debug>
   <ns1:Order_GetByDateWithPaginationResult>
     <!-- page 1 -->
     <item><Id>1</Id><Total>10.50</Total><CustomerComment><![CDATA[<b>ø</b> & co]]></CustomerComment></item>
     <Count>2</Count>
     <item xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
     <item/>
     <item><Id>2</Id><OrderLines><item><Id>20</Id></item></OrderLines><OrderComment>&#248;&amp;&lt;</OrderComment></item>
   </ns1:Order_GetByDateWithPaginationResult>
   <ns1:Order_GetByDateWithPaginationResult><item><Id>3</Id></item></ns1:Order_GetByDateWithPaginationResult>
  </ns1:Order_GetByDateWithPaginationResponse>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"#;
    let decoded = check_every_cut::<Page>(body.as_bytes());
    assert!(decoded.contains("\"<b>ø</b> & co\""), "{decoded}");
    assert!(decoded.contains("\"ø&<\""), "{decoded}");
    assert!(
        !decoded.contains("Some(3)"),
        "the second Result is passed over"
    );
    check_every_cut::<RecordTolerant<Page>>(body.as_bytes());
}

#[test]
fn unreadable_records_and_failed_items_in_pieces() {
    let body = build_response::<Page>(&orders(4), SoapVersion::V11).replacen(
        "<Total>127.00</Total>",
        "<Total>12,7</Total>",
        1,
    );
    // The tolerant page keeps the other three and names the bad one.
    let page = check_every_cut::<RecordTolerant<Page>>(body.as_bytes());
    assert!(page.contains("index: 1, id: Some(2)"), "{page}");
    assert!(page.contains("12,7"), "{page}");
    // A plain array fails as a whole, naming the item and field.
    let error = check_every_cut::<Page>(body.as_bytes());
    assert!(error.starts_with("error: Decode"), "{error}");
    assert!(error.contains("item[2]/Total"), "{error}");
}

#[test]
fn empty_missing_and_other_results_in_pieces() {
    for body in [
        r#"<Envelope><Body><Order_GetByDateWithPaginationResponse/></Body></Envelope>"#,
        r#"<Envelope><Body><Order_GetByDateWithPaginationResponse><Order_GetByDateWithPaginationResult/></Order_GetByDateWithPaginationResponse></Body></Envelope>"#,
        r#"<Envelope><Body><Order_GetByDateWithPaginationResponse><Order_GetByDateWithPaginationResult xsi:nil="true"/><x/></Order_GetByDateWithPaginationResponse></Body></Envelope>"#,
    ] {
        assert_eq!(check_every_cut::<Page>(body.as_bytes()), "[]", "{body}");
    }
    // Results that are not arrays are read once the body is complete.
    let one = build_response::<ops::OrderGetById>(&orders(1).pop(), SoapVersion::V12);
    let decoded = check_every_cut::<ops::OrderGetById>(one.as_bytes());
    assert!(decoded.starts_with("Some(Order"), "{decoded}");
    let flag = build_response::<ops::SolutionConnect>(&true, SoapVersion::V11);
    assert_eq!(
        check_every_cut::<ops::SolutionConnect>(flag.as_bytes()),
        "true"
    );
}

#[test]
fn faults_in_pieces() {
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let body = build_fault("AUTH", "Adgang nægtet", version);
        let error = check_every_cut::<Page>(body.as_bytes());
        assert!(error.starts_with("error: Auth"), "{error}");
    }
}

#[test]
fn broken_documents_fail_alike_in_pieces() {
    let good = build_response::<Page>(&orders(3), SoapVersion::V11);
    let broken = [
        // A second root after the envelope.
        format!("{good}<Envelope/>"),
        // The envelope never closes.
        good.replace("</SOAP-ENV:Envelope>", ""),
        // Cut off inside the second order.
        good.chars().take(good.len() / 2).collect(),
        // End tags that do not match the elements opened before the items: checked by the
        // reader itself once it has let their start tags go.
        good.replace(
            "</Order_GetByDateWithPaginationResult>",
            "</Order_GetByDateWithPaginationResultx>",
        ),
        good.replace(
            "</ns1:Order_GetByDateWithPaginationResponse>",
            "</ns1:Order_GetByDateWithPaginationResponsex>",
        ),
        good.replace("</SOAP-ENV:Body>", "</SOAP-ENV:Bodyx>"),
        good.replace("</SOAP-ENV:Envelope>", "</Envelope>"),
        // An unknown entity in the last order, and in a sibling after the Result.
        good.replacen("<Id>30</Id>", "<Id>&bogus;</Id>", 1),
        good.replace(
            "</ns1:Order_GetByDateWithPaginationResponse>",
            "<x>&bogus;</x></ns1:Order_GetByDateWithPaginationResponse>",
        ),
        // Not an envelope, not this operation.
        "<Letter><Body/></Letter>".to_owned(),
        good.replace(
            "Order_GetByDateWithPaginationResponse",
            "Order_GetByIdResponse",
        ),
        String::new(),
    ];
    for body in broken {
        let error = check_every_cut::<Page>(body.as_bytes());
        assert!(error.starts_with("error: Decode"), "{body}: {error}");
    }
}

#[test]
fn text_that_is_not_utf8_fails_at_its_place_in_the_body() {
    let good = build_response::<Page>(&orders(3), SoapVersion::V11);
    let at = good.rfind("<Id>").unwrap() + 4;
    let mut body = good.into_bytes();
    body.insert(at, 0xff);
    let error = check_every_cut::<Page>(&body);
    assert!(
        error.contains(&format!("not UTF-8 from byte {at}")),
        "{error}"
    );
    // Stopped at the bad byte, before the body ends.
    let mut reader = ResponseReader::<Page>::with_window(64);
    let failed = body
        .chunks(16)
        .map(|part| reader.feed(part))
        .position(|r| r.is_err());
    assert!(
        failed.is_some_and(|piece| piece < body.len() / 16),
        "{failed:?}"
    );
}

#[test]
fn a_large_page_holds_one_window_of_text_at_a_time() {
    let many = orders(6_000);
    let body = build_response::<Page>(&many, SoapVersion::V11);
    assert!(body.len() > 2_000_000, "{}", body.len());
    let mut reader = ResponseReader::<Page>::new();
    let mut most = 0;
    for part in body.as_bytes().chunks(16 * 1024) {
        reader.feed(part).unwrap();
        most = most.max(reader.pending_bytes());
    }
    let decoded = reader.finish().unwrap();
    assert_eq!(decoded, many);
    // A window (256 KiB) plus the piece that filled it: never the page.
    assert!(most < 256 * 1024 + 16 * 1024, "held {most} bytes");
}

#[tokio::test]
async fn the_client_decodes_a_large_page_as_it_arrives() {
    use crate::session_support::{FakeShop, Seen, default_answer, ok};
    let many = orders(3_000);
    let answer = many.clone();
    let shop = FakeShop::start(move |s: &Seen| match s.op.as_str() {
        "Order_GetByDateWithPagination" => ok::<Page>(&answer),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let request = Page {
        start: "2026-01-01".to_owned(),
        end: "2026-12-31".to_owned(),
        status: None,
        page: 1,
        page_size: 3_000,
    };
    let page = client.call(&request).await.unwrap();
    assert_eq!(page, many);
    let body = soap::build_response::<Page>(&many, SoapVersion::V11);
    assert!(
        body.len() > 1_000_000,
        "more than one window: {}",
        body.len()
    );
    let tolerant = client.call(&RecordTolerant(request)).await.unwrap();
    assert_eq!(tolerant.records, many);
    assert!(tolerant.unreadable.is_empty());
}

#[test]
fn a_record_that_is_not_well_formed_fails_the_page_at_its_first_error() {
    // quick-xml drops the element it expected after a mismatched end tag; reading the rest
    // of the record on from there must not turn the error into a different, later one.
    let good = build_response::<Page>(&orders(3), SoapVersion::V11);
    let body = good.replacen("</Total>", "</Totalx>", 2);
    for read in [
        check_every_cut::<Page>(body.as_bytes()),
        check_every_cut::<RecordTolerant<Page>>(body.as_bytes()),
    ] {
        assert!(read.starts_with("error: Decode"), "{read}");
        assert!(
            read.contains("expected `</Total>`, but `</Totalx>` was found"),
            "{read}"
        );
        assert!(
            read.contains("item/Total"),
            "the first order's field: {read}"
        );
    }
}
