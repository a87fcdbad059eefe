//! Behaviour pinned to the SmartWeb API fact sheet by the SmartWeb audit: each
//! test quotes the sentence it follows.

use crate::session_support;

use futures::TryStreamExt;
use session_support::{FakeShop, Seen, default_answer, fault, ok, true_for, xml};
use smartweb_client::soap::{self, SoapVersion};
use smartweb_client::values::parse_shop_datetime;
use smartweb_client::{Error, model, ops};

// ----- session state after a reconnect ----------------------------------------------------

/// §2.4: "A reconnect gives a fresh session with default state. All `*_SetFields` choices go
/// back to "Id only", and language and case-sensitivity settings are presumably reset too.
/// After a reconnect, set them all again before retrying a read."
#[tokio::test]
async fn a_reconnect_sets_case_sensitivity_language_and_page_text_fields_again() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_SetCaseSensitiveItemNumber" | "PageText_SetFields" => true_for(&s.op),
        // The first read finds the session gone.
        "Solution_GetWebinfo" if s.nth == 0 => fault("AUTH", "session expired"),
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(model::ShopWebinfo {
            solution_id: Some("shop000000".into()),
            ..Default::default()
        })),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    assert!(
        client
            .raw()
            .solution_set_case_sensitive_item_number(true)
            .await
            .unwrap()
    );
    assert!(
        client
            .raw()
            .solution_set_language(Some("UK".into()))
            .await
            .unwrap()
    );
    assert!(
        client
            .raw()
            .page_text_set_fields("Id,Title".into())
            .await
            .unwrap()
    );
    let info = client.shop().webinfo().await.unwrap();
    assert_eq!(info.solution_id.as_deref(), Some("shop000000"));

    let seen = shop.seen();
    let after_auth: Vec<&Seen> = seen
        .iter()
        .skip_while(|s| !(s.op == "Solution_GetWebinfo" && s.nth == 0))
        .skip(1)
        .collect();
    let ops_after: Vec<&str> = after_auth.iter().map(|s| s.op.as_str()).collect();
    assert_eq!(
        ops_after,
        [
            "Solution_Connect",
            "Solution_SetLanguage",
            "Solution_SetCaseSensitiveItemNumber",
            "PageText_SetFields",
            "Solution_GetWebinfo"
        ]
    );
    // The layer chosen with Solution_SetLanguage survives, not the configured default `DK`.
    let language: ops::SolutionSetLanguage = after_auth[1].args();
    assert_eq!(language.language_iso.as_deref(), Some("UK"));
    let case: ops::SolutionSetCaseSensitiveItemNumber = after_auth[2].args();
    assert!(case.enabled);
    let fields: ops::PageTextSetFields = after_auth[3].args();
    assert_eq!(fields.fields, "Id,Title");
}

#[cfg(feature = "mock")]
mod against_the_fake {
    use rust_decimal::Decimal;
    use smartweb_client::mock::{MockSmartWeb, fixtures};
    use smartweb_client::model;

    /// §2.5: "ItemNumber matching is **not case-sensitive by default**" and §2.4: after a
    /// reconnect "set them all again": a client that asked for case-sensitive matching keeps
    /// it across a lost session.
    #[tokio::test]
    async fn case_sensitive_item_numbers_survive_a_lost_session() {
        let shop = MockSmartWeb::start().await;
        shop.seed_product(fixtures::product(7, "ABC-1", "Mug", Decimal::from(100), 5));
        let client = shop.client_builder().build().unwrap();
        assert_eq!(
            client
                .products()
                .by_item_number("abc-1")
                .await
                .unwrap()
                .len(),
            1
        );

        assert!(
            client
                .raw()
                .solution_set_case_sensitive_item_number(true)
                .await
                .unwrap()
        );
        assert!(
            client
                .products()
                .by_item_number("abc-1")
                .await
                .unwrap()
                .is_empty()
        );
        shop.expire_sessions();
        assert!(
            client
                .products()
                .by_item_number("abc-1")
                .await
                .unwrap()
                .is_empty(),
            "the new session must be case-sensitive again"
        );
        assert_eq!(
            client
                .products()
                .by_item_number("ABC-1")
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(shop.request_count("Solution_SetCaseSensitiveItemNumber"), 2);
    }

    /// §2.5 / PROBE F9: "Reading a DK-authored product under the UK layer returned
    /// `Title`/`SeoLink` as null or absent", and §2.4: the language is set again after a
    /// reconnect, the one the client chose.
    #[tokio::test]
    async fn a_chosen_language_layer_survives_a_lost_session() {
        let shop = MockSmartWeb::start().await;
        shop.seed_product(model::Product {
            language_iso: Some("DK".into()),
            ..fixtures::product(7, "SKU-7", "Krus", Decimal::from(100), 5)
        });
        let client = shop.client_builder().build().unwrap();
        let dk = client.products().by_id(7).await.unwrap().unwrap();
        assert_eq!(dk.title.as_deref(), Some("Krus"));

        assert!(
            client
                .raw()
                .solution_set_language(Some("UK".into()))
                .await
                .unwrap()
        );
        shop.expire_sessions();
        let uk = client.products().by_id(7).await.unwrap().unwrap();
        assert_eq!(
            uk.title, None,
            "read under the UK layer after the reconnect"
        );
    }
}

// ----- faults -------------------------------------------------------------------------------

fn soap11_fault(code: &str, message: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>{code}</faultcode><faultstring>{message}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    )
}

/// §2.7: "`lineErrors` | `Order: 4 created. Following products were not included: Product: 7`.
/// **The order WAS created.** Read the id with `/Order:\s*(\d+)\s*created/`, do not retry".
/// The id is read from the text whatever code the fault carries (only SOAP 1.2 faults were
/// ever seen, so a 1.1 server may place the code differently).
#[test]
fn a_created_order_is_reported_whatever_the_fault_code() {
    let text = "Order: 4 created. Following products were not included: Product: 7";
    for code in ["lineErrors", "SOAP-ENV:Server", "LINEERRORS", "Receiver"] {
        let body = soap11_fault(code, text);
        match soap::parse_response::<ops::OrderCreate>(body.as_bytes()) {
            Err(Error::LineErrors {
                created_order_id, ..
            }) => assert_eq!(created_order_id, Some(4), "{code}"),
            other => panic!("{code}: {other:?}"),
        }
    }
}

/// §2.7: "Documented codes: `AUTH`, `PARAM`, `NOSUCHPARAM`, `NOSUCHISO`, `INTERNAL`" and
/// "`Internal` (this capitalisation)"; "With SOAP 1.1 you would expect `faultcode` and
/// `faultstring` … **No 1.1 fault was seen.**" A 1.1 server may qualify the code
/// (`SOAP-ENV:AUTH`) or use the dotted 1.1 form (`Client.AUTH`); both read as the code.
#[test]
fn soap11_fault_codes_are_read_in_every_plausible_form() {
    type Check = fn(&Error) -> bool;
    let cases: [(&str, Check); 6] = [
        ("AUTH", |e| e.is_auth()),
        ("SOAP-ENV:AUTH", |e| e.is_auth()),
        ("SOAP-ENV:Client.AUTH", |e| e.is_auth()),
        ("Server.PARAM", |e| matches!(e, Error::Param { .. })),
        ("internal", |e| matches!(e, Error::Internal { .. })),
        ("nosuchparam", |e| matches!(e, Error::NoSuchParam { .. })),
    ];
    for (code, expected) in cases {
        let body = soap11_fault(code, "text");
        let error = soap::parse_response::<ops::SolutionGetWebinfo>(body.as_bytes()).unwrap_err();
        assert!(expected(&error), "{code}: {error:?}");
    }
    // Unknown codes stay raw (§2.7: "Handle any unknown code as a named, fatal error that
    // keeps the raw code and text").
    let body = soap11_fault("SOAP-ENV:Server.userException", "boom");
    let error = soap::parse_response::<ops::SolutionGetWebinfo>(body.as_bytes()).unwrap_err();
    assert_eq!(error.fault_code(), Some("Server.userException"));
    let body = soap11_fault("MODULE", "No such module");
    let error = soap::parse_response::<ops::SolutionHasModule>(body.as_bytes()).unwrap_err();
    assert_eq!(error.fault_code(), Some("MODULE"));
}

// ----- Product_GetAllWithLimit ------------------------------------------------------------

fn product(id: i64) -> model::Product {
    model::Product {
        id: Some(id),
        item_number: Some(format!("SKU-{id}")),
        ..Default::default()
    }
}

/// §2.9: "`Product_GetAllWithLimit(Start: int, Length: int)`. `Start` is an offset. No cap
/// was seen up to `Length` 500 (honoured) and 2,500 (accepted)." No cap was seen, none is
/// ruled out: a server that answers fewer than `Length` products is walked on until an empty
/// page, by the number of products it returned.
#[tokio::test]
async fn a_server_capping_length_is_read_to_the_end() {
    const CAP: usize = 2;
    let catalogue: Vec<model::Product> = (1..=5).map(product).collect();
    let shop = FakeShop::start(move |s: &Seen| match s.op.as_str() {
        "Product_GetAllWithLimit" => {
            let args: ops::ProductGetAllWithLimit = s.args();
            let start = usize::try_from(args.start).unwrap();
            let page: Vec<model::Product> =
                catalogue.iter().skip(start).take(CAP).cloned().collect();
            ok::<ops::ProductGetAllWithLimit>(&page)
        }
        _ => default_answer(s),
    })
    .await;
    let products: Vec<model::Product> = shop
        .client()
        .products()
        .all(500)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = products.iter().filter_map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let starts: Vec<i64> = shop
        .seen()
        .iter()
        .filter(|s| s.op == "Product_GetAllWithLimit")
        .map(|s| s.args::<ops::ProductGetAllWithLimit>().start)
        .collect();
    assert_eq!(starts, [0, 2, 4, 5]);
    assert!(
        shop.seen()
            .iter()
            .filter(|s| s.op == "Product_GetAllWithLimit")
            .all(|s| s.args::<ops::ProductGetAllWithLimit>().length == 500)
    );
}

// ----- dates ----------------------------------------------------------------------------------

/// §2.11: "**Dates are strings** `yyyy-mm-dd hh:mm:ss` … **`0000-00-00 00:00:00` means null.**
/// Date-only strings (`Y-m-d`) were accepted" and "Only three `xsd:dateTime` fields exist …
/// Their wire format was not observed." The documented form is read exactly; the
/// `xsd:dateTime` forms are read as the same wall-clock time.
#[test]
fn shop_dates_in_the_documented_and_the_xsd_forms() {
    let expected = chrono::NaiveDate::from_ymd_opt(2026, 8, 15)
        .unwrap()
        .and_hms_opt(18, 41, 30)
        .unwrap();
    for text in [
        "2026-08-15 18:41:30",
        " 2026-08-15 18:41:30 ",
        "2026-08-15T18:41:30",
        "2026-08-15T18:41:30.000",
        "2026-08-15 18:41:30.0",
        "2026-08-15T18:41:30Z",
        "2026-08-15T18:41:30+02:00",
        "2026-08-15T18:41:30-0100",
    ] {
        assert_eq!(parse_shop_datetime(text), Some(expected), "{text}");
    }
    assert_eq!(
        parse_shop_datetime("2026-08-15"),
        expected.date().and_hms_opt(0, 0, 0)
    );
    for none in [
        "0000-00-00 00:00:00",
        "0000-00-00",
        "",
        "garbage",
        "2026-13-01",
    ] {
        assert_eq!(parse_shop_datetime(none), None, "{none}");
    }
}

// ----- webhooks -------------------------------------------------------------------------------

/// §8: "`X-Hmac-Sha256`: a signature to verify the webhook. The example value is
/// base64-like" and "**Signature algorithm and key:** not found. The header name suggests
/// HMAC-SHA256, and the example suggests base64 output". The encoding is not stated, so the
/// hex digest and URL-safe base64 are accepted besides standard base64; other text is not.
#[test]
fn webhook_signatures_in_base64_and_hex() {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    use secrecy::SecretString;
    use smartweb_client::webhook::verify_signature;

    let body = br#"{"id":"1042"}"#;
    let secret = SecretString::from("webhook-secret");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"webhook-secret").unwrap();
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let engines = &base64::engine::general_purpose::STANDARD;
    let url_safe = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for header in [
        engines.encode(digest),
        url_safe.encode(digest),
        hex.clone(),
        hex.to_uppercase(),
    ] {
        assert!(verify_signature(&secret, body, &header), "{header}");
        assert!(!verify_signature(&secret, b"{\"id\":\"1043\"}", &header));
    }
    assert!(!verify_signature(&secret, body, &hex[..62]));
    assert!(!verify_signature(&secret, body, ""));
    let other = SecretString::from("other-secret");
    assert!(!verify_signature(&other, body, &hex));
}

// ----- SOAP 1.2 answers -----------------------------------------------------------------------

/// §2.2: "shoplift's live client sent **SOAP 1.2** envelopes … and that worked" and "the
/// server … answers in the version it is sent. Either version works." A client configured
/// for SOAP 1.2 sends the `action` parameter and no `SOAPAction` header.
#[tokio::test]
async fn soap12_requests_carry_the_action_in_the_content_type() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_Connect" => {
            let body = soap::build_response::<ops::SolutionConnect>(&true, SoapVersion::V12);
            xml(body).append_header("Set-Cookie", "PHPSESSID=one; path=/")
        }
        "Solution_SetLanguage" => xml(soap::build_response::<ops::SolutionSetLanguage>(
            &true,
            SoapVersion::V12,
        )),
        _ => default_answer(s),
    })
    .await;
    let client = shop
        .builder()
        .soap_version(SoapVersion::V12)
        .build()
        .unwrap();
    assert!(
        client
            .raw()
            .solution_set_language(Some("DK".into()))
            .await
            .unwrap()
    );
    for seen in shop.seen() {
        let content_type = seen.content_type.unwrap();
        assert_eq!(
            content_type,
            format!(
                "application/soap+xml; charset=utf-8; action=\"https://api.hostedshop.io/service.php#{}\"",
                seen.op
            )
        );
        assert!(
            seen.body
                .contains("http://www.w3.org/2003/05/soap-envelope")
        );
    }
}
