//! MockSmartWeb: login, cookies, AUTH, expiry, SOAP versions, fault shapes, unknown operations,
//! and the real client on top.
#![cfg(feature = "mock")]

use crate::mock_support as support;

use smartweb_client::mock::{DEFAULT_PASSWORD, MockSmartWeb};
use smartweb_client::soap::SoapVersion;
use smartweb_client::{Error, ops};
use support::{call, connect, envelope, post};

#[tokio::test]
async fn connect_answers_true_and_sets_a_session_cookie() {
    let shop = MockSmartWeb::start().await;
    let op = ops::SolutionConnect {
        username: smartweb_client::mock::DEFAULT_USERNAME.into(),
        password: DEFAULT_PASSWORD.into(),
    };
    let answer = call(&shop, &op, SoapVersion::V11, None).await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.content_type.starts_with("text/xml"),
        "{}",
        answer.content_type
    );
    let set_cookie = answer.set_cookie.clone().unwrap();
    assert!(set_cookie.starts_with("PHPSESSID="), "{set_cookie}");
    assert!(set_cookie.ends_with("; path=/"), "{set_cookie}");
    assert!(answer.parse::<ops::SolutionConnect>().unwrap());
    assert!(
        answer.body.contains(
            "<ns1:Solution_ConnectResponse><Solution_ConnectResult>true</Solution_ConnectResult>"
        ),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("xmlns:ns1=\"https://api.hostedshop.io/service.php\"")
    );
    assert_eq!(shop.session_count(), 1);
    // Every connect is a new session with its own cookie.
    let again = call(&shop, &op, SoapVersion::V11, None).await;
    assert_ne!(again.cookie(), answer.cookie());
    assert_eq!(shop.session_count(), 2);
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_fault() {
    let shop = MockSmartWeb::start().await;
    let op = ops::SolutionConnect {
        username: smartweb_client::mock::DEFAULT_USERNAME.into(),
        password: "wrong".into(),
    };
    let answer = call(&shop, &op, SoapVersion::V11, None).await;
    assert_eq!(answer.status, 500);
    assert!(answer.set_cookie.is_none());
    assert!(matches!(
        answer.parse::<ops::SolutionConnect>(),
        Err(Error::Auth { .. })
    ));
    assert_eq!(shop.session_count(), 0);
}

#[tokio::test]
async fn a_call_without_a_session_is_an_auth_fault() {
    let shop = MockSmartWeb::start().await;
    let answer = call(&shop, &ops::SolutionGetWebinfo {}, SoapVersion::V11, None).await;
    assert_eq!(answer.status, 500);
    let err = answer.parse::<ops::SolutionGetWebinfo>().unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    // A made-up cookie is no better.
    let answer = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some("forged"),
    )
    .await;
    assert!(
        answer
            .parse::<ops::SolutionGetWebinfo>()
            .unwrap_err()
            .is_auth()
    );
}

#[tokio::test]
async fn an_expired_session_is_an_auth_fault_and_a_reconnect_works() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    let ok = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    let info = ok.parse::<ops::SolutionGetWebinfo>().unwrap().unwrap();
    assert_eq!(info.product_prices_with_vat, Some(true));
    shop.expire_sessions();
    let expired = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(
        expired
            .parse::<ops::SolutionGetWebinfo>()
            .unwrap_err()
            .is_auth()
    );
    let fresh = connect(&shop, SoapVersion::V11).await;
    let ok = call(
        &shop,
        &ops::SolutionGetWebinfo {},
        SoapVersion::V11,
        Some(&fresh),
    )
    .await;
    assert!(ok.parse::<ops::SolutionGetWebinfo>().unwrap().is_some());
}

#[tokio::test]
async fn soap12_requests_are_answered_in_soap12() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V12).await;
    let answer = call(
        &shop,
        &ops::SolutionGetLanguages {},
        SoapVersion::V12,
        Some(&cookie),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.content_type.starts_with("application/soap+xml"),
        "{}",
        answer.content_type
    );
    assert!(
        answer
            .body
            .contains("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<Solution_GetLanguagesResult><item><Id>1</Id>"),
        "{}",
        answer.body
    );
    let layers = answer.parse::<ops::SolutionGetLanguages>().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(shop.requests()[1].version, SoapVersion::V12);
    assert_eq!(shop.requests()[1].session.as_deref(), Some(cookie.as_str()));
}

#[tokio::test]
async fn faults_come_in_the_request_version() {
    let shop = MockSmartWeb::start().await;
    let v12 = call(&shop, &ops::SolutionGetWebinfo {}, SoapVersion::V12, None).await;
    assert_eq!(v12.status, 500);
    assert!(v12.content_type.starts_with("application/soap+xml"));
    // As ext/soap writes a SoapFault: the code alone in Code/Value, no Subcode.
    assert!(
        v12.body
            .contains("<env:Code><env:Value>AUTH</env:Value></env:Code>"),
        "{}",
        v12.body
    );
    assert!(v12.body.contains("<env:Reason><env:Text>A valid authentication has not been performed with the service</env:Text></env:Reason>"));
    let v11 = call(&shop, &ops::SolutionGetWebinfo {}, SoapVersion::V11, None).await;
    assert!(v11.content_type.starts_with("text/xml"));
    assert!(
        v11.body
            .contains("<SOAP-ENV:Fault><faultcode>AUTH</faultcode><faultstring>"),
        "{}",
        v11.body
    );
    assert!(
        v11.parse::<ops::SolutionGetWebinfo>()
            .unwrap_err()
            .is_auth()
    );
}

#[tokio::test]
async fn unknown_operations_are_procedure_not_present() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    // Category_SetFields does not exist (the recorded case); Product_Search is not implemented.
    for op in ["Category_SetFields", "Product_Search"] {
        let answer = post(
            &shop.endpoint(),
            envelope(op, "<Fields>Id</Fields>", SoapVersion::V11),
            SoapVersion::V11,
            op,
            Some(&cookie),
        )
        .await;
        assert_eq!(answer.status, 500);
        let err = answer.parse::<ops::SolutionGetWebinfo>().unwrap_err();
        assert!(
            matches!(err, Error::ProcedureNotPresent { ref message } if message.contains(op)),
            "{err:?}"
        );
    }
    assert!(smartweb_client::mock::IMPLEMENTED_OPERATIONS.contains(&"Order_Create"));
}

#[tokio::test]
async fn an_unreadable_body_is_a_sender_fault() {
    let shop = MockSmartWeb::start().await;
    let answer = post(
        &shop.endpoint(),
        "<not-soap".into(),
        SoapVersion::V12,
        "X",
        None,
    )
    .await;
    assert_eq!(answer.status, 500);
    assert!(
        answer.body.contains("<env:Value>env:Sender</env:Value>"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn set_encoding_is_recorded_so_tests_can_forbid_it() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    assert!(shop.encoding_calls().is_empty());
    let answer = call(
        &shop,
        &ops::SolutionSetEncoding {
            encoding: "UTF-8".into(),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(answer.parse::<ops::SolutionSetEncoding>().unwrap());
    assert_eq!(shop.encoding_calls(), vec!["UTF-8".to_owned()]);
}

#[tokio::test]
async fn language_layers_are_per_session() {
    let shop = MockSmartWeb::start().await;
    let cookie = connect(&shop, SoapVersion::V11).await;
    let ok = call(
        &shop,
        &ops::SolutionSetLanguage {
            language_iso: Some("UK".into()),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    assert!(ok.parse::<ops::SolutionSetLanguage>().unwrap());
    let bad = call(
        &shop,
        &ops::SolutionSetLanguage {
            language_iso: Some("XX".into()),
        },
        SoapVersion::V11,
        Some(&cookie),
    )
    .await;
    let err = bad.parse::<ops::SolutionSetLanguage>().unwrap_err();
    assert_eq!(err.fault_code(), Some("NOSUCHISO"));
}

#[tokio::test]
async fn the_real_client_logs_in_reads_and_reconnects_after_expiry() {
    let shop = MockSmartWeb::start().await;
    shop.seed_order(smartweb_client::mock::fixtures::OrderBuilder::new(5).build());
    let client = shop.client_builder().build().unwrap();
    let order = client.raw().order_get_by_id(5).await.unwrap().unwrap();
    assert_eq!(order.id, Some(5));
    assert_eq!(order.status, None, "default projection is only Id");
    assert_eq!(shop.request_count("Solution_Connect"), 1);
    shop.expire_sessions();
    let again = client.raw().order_get_by_id(5).await.unwrap();
    assert_eq!(again.and_then(|o| o.id), Some(5));
    assert_eq!(shop.request_count("Solution_Connect"), 2);
    assert_eq!(
        shop.request_count("Order_GetById"),
        3,
        "one AUTH fault, one replay"
    );
    assert!(
        shop.encoding_calls().is_empty(),
        "the client never calls Solution_SetEncoding"
    );
}

#[test]
fn debug_output_never_shows_the_password() {
    let builder = MockSmartWeb::builder().credentials("user@example.invalid", "hunter2-secret");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert!(shown.contains("user@example.invalid"));
}

#[tokio::test]
async fn every_listed_operation_is_dispatched() {
    let shop = MockSmartWeb::start().await;
    for op in smartweb_client::mock::IMPLEMENTED_OPERATIONS {
        // No arguments and no session: an arity, AUTH or login fault, never "not present".
        let answer = post(
            &shop.endpoint(),
            envelope(op, "", SoapVersion::V11),
            SoapVersion::V11,
            op,
            None,
        )
        .await;
        let err = answer
            .parse::<ops::SolutionGetWebinfo>()
            .map(|_| ())
            .unwrap_err();
        assert!(
            !matches!(err, Error::ProcedureNotPresent { .. }),
            "{op}: {err:?}"
        );
    }
}
