//! Session behaviour against a scripted fake: login, cookies, projections, the AUTH rule,
//! transport retries, HTTP/fault handling and request counts.

use crate::session_support;

use std::sync::Arc;
use std::time::Duration;

use session_support::{FakeShop, PASSWORD, Seen, default_answer, fault, ok, true_for, xml};
use smartweb_client::soap::SoapVersion;
use smartweb_client::{Error, model, ops};
use smartweb_client::{Projection, SmartWebClient};
use wiremock::ResponseTemplate;

fn webinfo() -> model::ShopWebinfo {
    model::ShopWebinfo {
        title: Some("Demo shop".to_owned()),
        product_prices_with_vat: Some(true),
        ..Default::default()
    }
}

fn order(id: i64) -> model::Order {
    model::Order {
        id: Some(id),
        ..Default::default()
    }
}

#[tokio::test]
async fn connect_sets_the_cookie_and_later_calls_send_it() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        // A second cookie set on a later response must be kept too.
        "Solution_SetLanguage" => {
            true_for("Solution_SetLanguage").append_header("Set-Cookie", "lb=node7; path=/")
        }
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(webinfo())),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();

    let info = client.raw().solution_get_webinfo().await.unwrap().unwrap();
    assert_eq!(info.product_prices_with_vat, Some(true));
    client.raw().solution_get_webinfo().await.unwrap();

    let seen = shop.seen();
    let ops: Vec<&str> = seen.iter().map(|s| s.op.as_str()).collect();
    assert_eq!(
        ops,
        [
            "Solution_Connect",
            "Solution_SetLanguage",
            "Solution_GetWebinfo",
            "Solution_GetWebinfo"
        ]
    );
    assert_eq!(seen[0].cookie, None, "the login starts without cookies");
    let language: ops::SolutionSetLanguage = seen[1].args();
    assert_eq!(language.language_iso.as_deref(), Some("DK"));
    assert_eq!(seen[1].cookie.as_deref(), Some("PHPSESSID=sess1"));
    for later in &seen[2..] {
        let cookie = later.cookie.as_deref().unwrap();
        assert!(cookie.contains("PHPSESSID=sess1"), "{cookie}");
        assert!(cookie.contains("lb=node7"), "{cookie}");
    }
    // SOAP 1.1 headers, UTF-8 body.
    assert_eq!(
        seen[2].content_type.as_deref(),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(
        seen[2].soap_action.as_deref(),
        Some("\"https://api.hostedshop.io/service.php#Solution_GetWebinfo\"")
    );
    let login: ops::SolutionConnect = seen[0].args();
    assert_eq!(login.username, session_support::USERNAME);
    assert_eq!(login.password, PASSWORD, "non-ASCII password sent as UTF-8");
    assert!(!ops.contains(&"Solution_SetEncoding"));
}

#[tokio::test]
async fn soap_12_sends_the_action_in_the_content_type() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(webinfo())),
        _ => default_answer(s),
    })
    .await;
    let client = shop
        .builder()
        .soap_version(SoapVersion::V12)
        .build()
        .unwrap();
    client.raw().solution_get_webinfo().await.unwrap();
    let seen = shop.seen();
    let last = seen.last().unwrap();
    assert_eq!(
        last.content_type.as_deref(),
        Some(
            "application/soap+xml; charset=utf-8; action=\"https://api.hostedshop.io/service.php#Solution_GetWebinfo\""
        )
    );
    assert_eq!(last.soap_action, None);
    assert_eq!(last.request.version, SoapVersion::V12);
}

#[tokio::test]
async fn auth_fault_reconnects_reapplies_state_and_retries_the_read_once() {
    let shop = FakeShop::start(|s: &Seen| match (s.op.as_str(), s.nth) {
        ("Order_GetById", 0) => fault("AUTH", "A valid authentication has not been performed"),
        ("Order_GetById", _) => ok::<ops::OrderGetById>(&Some(order(7))),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    assert!(
        client
            .raw()
            .order_set_fields("Id,Status".to_owned())
            .await
            .unwrap()
    );
    assert!(
        client
            .raw()
            .order_set_order_line_fields("Id,Amount".to_owned())
            .await
            .unwrap()
    );

    let got = client.raw().order_get_by_id(7).await.unwrap().unwrap();
    assert_eq!(got.id, Some(7));

    let seen = shop.seen();
    let ops: Vec<&str> = seen.iter().map(|s| s.op.as_str()).collect();
    assert_eq!(
        ops,
        [
            "Solution_Connect",
            "Solution_SetLanguage",
            "Order_SetFields",
            "Order_SetOrderLineFields",
            "Order_GetById",
            "Solution_Connect",
            "Solution_SetLanguage",
            "Order_SetFields",
            "Order_SetOrderLineFields",
            "Order_GetById",
        ]
    );
    // The reconnect starts with a fresh jar and the replay uses the new session.
    assert_eq!(seen[5].cookie, None);
    assert_eq!(seen[9].cookie.as_deref(), Some("PHPSESSID=sess2"));
    let fields: ops::OrderSetFields = seen[7].args();
    assert_eq!(fields.fields, "Id,Status");
    let line_fields: ops::OrderSetOrderLineFields = seen[8].args();
    assert_eq!(line_fields.fields, "Id,Amount");
    assert_eq!(
        seen[8].request.operation,
        Projection::OrderLine.operation_name()
    );
}

#[tokio::test]
async fn a_read_is_replayed_only_once() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetById" => fault("AUTH", "still no session"),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let err = client.raw().order_get_by_id(7).await.unwrap_err();
    // The login was accepted twice: the session was lost, the credentials are fine.
    assert!(
        matches!(&err, Error::SessionLost { operation, .. } if operation == "Order_GetById"),
        "{err:?}"
    );
    assert!(!err.is_auth() && err.is_retryable());
    assert_eq!(client.request_stats().get("Order_GetById"), 2);
    assert_eq!(client.request_stats().get("Solution_Connect"), 2);
}

#[tokio::test]
async fn a_session_lost_while_setting_it_up_is_not_a_credential_error() {
    // Another client logging in with the same user ends our session between our login and
    // the language call.
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_SetLanguage" if s.nth == 0 => fault("AUTH", "session ended"),
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(webinfo())),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let err = client.raw().solution_get_webinfo().await.unwrap_err();
    assert!(
        matches!(&err, Error::SessionLost { operation, .. } if operation == "Solution_SetLanguage"),
        "{err:?}"
    );
    assert!(!err.is_auth());
    // The next call logs in again and goes through.
    client.raw().solution_get_webinfo().await.unwrap();
    assert_eq!(client.request_stats().get("Solution_Connect"), 2);
}

#[tokio::test]
async fn a_write_after_auth_is_not_retried() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_UpdateStatus" => fault("AUTH", "session expired"),
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(webinfo())),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let err = client.raw().order_update_status(5, 3).await.unwrap_err();
    assert!(
        matches!(&err, Error::SessionLost { operation, .. } if operation == "Order_UpdateStatus"),
        "{err:?}"
    );
    assert_eq!(
        shop.ops(),
        [
            "Solution_Connect",
            "Solution_SetLanguage",
            "Order_UpdateStatus"
        ]
    );

    // The next call logs in again first.
    client.raw().solution_get_webinfo().await.unwrap();
    assert_eq!(
        &shop.ops()[3..],
        [
            "Solution_Connect",
            "Solution_SetLanguage",
            "Solution_GetWebinfo"
        ]
    );
}

#[tokio::test]
async fn nosuchparam_is_fatal_and_the_projection_is_not_remembered() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_SetFields" => {
            let args: ops::OrderSetFields = s.args();
            if args.fields.contains("CurrencyIso") {
                fault("NOSUCHPARAM", "No such field: CurrencyIso")
            } else {
                true_for("Order_SetFields")
            }
        }
        "Order_GetById" if s.nth == 0 => fault("AUTH", "expired"),
        "Order_GetById" => ok::<ops::OrderGetById>(&Some(order(1))),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    client
        .raw()
        .order_set_fields("Id".to_owned())
        .await
        .unwrap();
    let err = client
        .raw()
        .order_set_fields("Id,CurrencyIso".to_owned())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NoSuchParam { .. }), "{err:?}");
    assert_eq!(
        client.request_stats().get("Order_SetFields"),
        2,
        "not retried"
    );

    // After a reconnect only the good projection is re-applied.
    client.raw().order_get_by_id(1).await.unwrap();
    let reapplied: Vec<String> = shop
        .seen()
        .iter()
        .filter(|s| s.op == "Order_SetFields")
        .map(|s| s.args::<ops::OrderSetFields>().fields)
        .collect();
    assert_eq!(reapplied, ["Id", "Id,CurrencyIso", "Id"]);
}

#[tokio::test]
async fn a_refused_login_is_an_auth_error_without_the_password() {
    let refusing = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_Connect" => xml(
            r#"<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="https://api.hostedshop.io/service.php"><SOAP-ENV:Body><ns1:Solution_ConnectResponse><ns1:Solution_ConnectResult>false</ns1:Solution_ConnectResult></ns1:Solution_ConnectResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
                .to_owned(),
        ),
        _ => default_answer(s),
    })
    .await;
    let err = refusing
        .client()
        .raw()
        .solution_get_webinfo()
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(PASSWORD));
    assert_eq!(refusing.ops(), ["Solution_Connect"]);

    // A fault that (carelessly) quotes the password is still scrubbed.
    let echoing = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_Connect" => fault("PARAM", &format!("bad password {PASSWORD}")),
        _ => default_answer(s),
    })
    .await;
    let err = echoing
        .client()
        .raw()
        .solution_get_webinfo()
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(PASSWORD), "{err}");
}

#[tokio::test]
async fn a_fault_with_http_500_is_a_fault_and_other_statuses_are_http_errors() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetById" => fault("PARAM", "No such id"),
        "Order_UpdateStatus" => ResponseTemplate::new(503).set_body_string("maintenance"),
        "Order_GetByNumber" => ResponseTemplate::new(502).set_body_string("bad gateway"),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let err = client.raw().order_get_by_id(99).await.unwrap_err();
    assert!(
        matches!(&err, Error::Param { message } if message == "No such id"),
        "{err:?}"
    );
    assert_eq!(
        client.request_stats().get("Order_GetById"),
        1,
        "faults are not retried"
    );

    // A write is sent once, whatever the status.
    let err = client.raw().order_update_status(1, 3).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(client.request_stats().get("Order_UpdateStatus"), 1);

    // A read is retried on 502 (2 retries configured), then the error is returned.
    let err = client
        .raw()
        .order_get_by_number(Some(1), Some(1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 502, body_excerpt } if body_excerpt == "bad gateway")
    );
    assert_eq!(client.request_stats().get("Order_GetByNumber"), 3);
}

fn client_at(endpoint: String) -> SmartWebClient {
    SmartWebClient::builder()
        .endpoint(endpoint)
        .username("u")
        .password(PASSWORD)
        .requests_per_minute(60_000)
        .retries(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap()
}

#[tokio::test]
async fn transport_errors_after_connecting_are_retried_for_reads() {
    // A server that accepts each connection and closes it unanswered.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}/service.php", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let client = client_at(endpoint);
    let err = client.raw().solution_get_webinfo().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable() && !err.is_connect_failure(), "{err:?}");
    assert_eq!(
        client.request_stats().get("Solution_Connect"),
        4,
        "1 try + 3 retries"
    );
    assert!(!format!("{err} {err:?}").contains(PASSWORD));
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_is_not_retried() {
    // Nothing listens on a port whose listener was dropped.
    let endpoint = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/service.php", listener.local_addr().unwrap())
    };
    let client = client_at(endpoint);
    let err = client.raw().solution_get_webinfo().await.unwrap_err();
    assert!(err.is_connect_failure(), "{err:?}");
    assert_eq!(client.request_stats().get("Solution_Connect"), 1);
    assert!(!format!("{err} {err:?}").contains(PASSWORD));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(model::ShopWebinfo {
            title: Some("x".repeat(10_000)),
            ..Default::default()
        })),
        _ => default_answer(s),
    })
    .await;
    let client = shop.builder().max_response_bytes(4096).build().unwrap();
    let err = client.raw().solution_get_webinfo().await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit_bytes: 4096 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn calls_needing_different_projections_do_not_interleave() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Order_GetById" => ok::<ops::OrderGetById>(&Some(order(1))),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let fields = if i % 2 == 0 { "Id,Total" } else { "Id,Status" };
            client
                .call_with_projections(
                    &[(Projection::Order, fields)],
                    &ops::OrderGetById { order_id: i },
                )
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Replay the log: each read must run under the projection its caller asked for.
    let mut current = String::new();
    for s in shop.seen() {
        match s.op.as_str() {
            "Order_SetFields" => current = s.args::<ops::OrderSetFields>().fields,
            "Order_GetById" => {
                let id = s.args::<ops::OrderGetById>().order_id;
                let wanted = if id % 2 == 0 { "Id,Total" } else { "Id,Status" };
                assert_eq!(
                    current, wanted,
                    "order {id} read under the wrong projection"
                );
            }
            _ => {}
        }
    }
    assert_eq!(client.request_stats().get("Order_GetById"), 6);
}

#[tokio::test]
async fn request_counts_are_shared_by_clones() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_GetWebinfo" => ok::<ops::SolutionGetWebinfo>(&Some(webinfo())),
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    let clone = client.clone();
    client.raw().solution_get_webinfo().await.unwrap();
    clone.raw().solution_get_webinfo().await.unwrap();
    let stats = Arc::new(client.request_stats());
    assert_eq!(stats.get("Solution_GetWebinfo"), 2);
    assert_eq!(stats.get("Solution_Connect"), 1, "clones share one session");
    assert_eq!(stats.total(), 4);
    assert_eq!(clone.request_count(), 4);
}

#[test]
fn configuration_is_validated() {
    let err = SmartWebClient::builder()
        .endpoint("http://shop.example.com/service.php")
        .username("u")
        .password("p")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    let err = SmartWebClient::builder().password("p").build().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    // Zero turns pacing off, as in the Rackbeat client.
    let unpaced = SmartWebClient::builder()
        .endpoint("http://127.0.0.1:9/service.php")
        .username("u")
        .password("p")
        .requests_per_minute(0)
        .build()
        .unwrap();
    assert!(
        format!("{unpaced:?}").contains("requests_per_minute: None"),
        "{unpaced:?}"
    );
    // Defaults: the real endpoint over https.
    let client = SmartWebClient::builder()
        .username("u")
        .password("p")
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("https://api.hostedshop.io/service.php"));
}
