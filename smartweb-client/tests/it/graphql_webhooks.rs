//! The GraphQL webhook client against the wiremock fake (no network).
#![cfg(all(feature = "graphql", feature = "mock"))]

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use smartweb_client::graphql::testing::{FAKE_CLIENT_SECRET, FakeSchema, GraphqlFake};
use smartweb_client::graphql::{GraphqlClient, GraphqlError};

const HOOK_URL: &str = "https://sync.example.com/webhooks/smartweb";

fn client(fake: &GraphqlFake) -> GraphqlClient {
    fake.client_builder().build().unwrap()
}

fn bearers(fake: &GraphqlFake) -> Vec<String> {
    fake.graphql_requests()
        .into_iter()
        .filter_map(|r| r.bearer)
        .collect()
}

#[tokio::test]
async fn create_list_delete_round_trip_with_an_input_object_schema() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    let secret = SecretString::from("whsec-round-trip");

    let created = gql
        .create_webhook(HOOK_URL, "orders/created", Some(&secret))
        .await
        .unwrap();
    assert_eq!(created.url, HOOK_URL);
    assert_eq!(created.topic, "orders/created");

    let held = fake.webhooks();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id.to_string(), created.id);
    assert_eq!(held[0].topic, "orders/created");
    assert_eq!(
        held[0].secret.as_ref().unwrap().expose_secret(),
        "whsec-round-trip"
    );
    let sent = fake
        .graphql_requests()
        .into_iter()
        .find(|r| r.query.contains("webhookCreate("))
        .unwrap();
    assert_eq!(
        sent.variables["input"]["topic"], "ORDERS_CREATED",
        "enum value sent"
    );
    assert_eq!(sent.variables["input"]["url"], HOOK_URL);

    let listed = gql.list_webhooks().await.unwrap();
    assert_eq!(listed, vec![created.clone()]);
    assert!(listed[0].extra.contains_key("createdAt"));
    assert!(
        !listed[0].extra.contains_key("secret"),
        "secret-like fields are never read"
    );
    assert!(
        !listed[0].extra.contains_key("attempts"),
        "fields with arguments are not selected"
    );

    gql.delete_webhook(&created.id).await.unwrap();
    assert!(fake.webhooks().is_empty());
    assert!(gql.list_webhooks().await.unwrap().is_empty());
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    gql.create_webhook(HOOK_URL, "orders/updated", None)
        .await
        .unwrap();
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.token_requests(), 1);
    let used = bearers(&fake);
    assert!(used.len() > 3);
    assert!(used.iter().all(|t| t == "fake-token-1"), "{used:?}");
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    let twin = gql.clone();
    let (a, b, c) = tokio::join!(
        gql.list_webhooks(),
        twin.list_webhooks(),
        gql.list_webhooks()
    );
    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    assert_eq!(fake.token_requests(), 1);
}

#[tokio::test]
async fn discovery_runs_once_per_operation_and_is_cached() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    let after_first_list = fake.introspection_requests();
    assert!(after_first_list >= 2, "root fields and types were read");
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.introspection_requests(), after_first_list);

    let made = gql
        .create_webhook(HOOK_URL, "orders/created", None)
        .await
        .unwrap();
    gql.delete_webhook(&made.id).await.unwrap();
    let after_all = fake.introspection_requests();
    let made = gql
        .create_webhook(HOOK_URL, "orders/created", None)
        .await
        .unwrap();
    gql.delete_webhook(&made.id).await.unwrap();
    gql.list_webhooks().await.unwrap();
    assert_eq!(
        fake.introspection_requests(),
        after_all,
        "nothing re-introspected"
    );
    let roots = fake
        .graphql_requests()
        .iter()
        .filter(|r| r.query.contains("__schema"))
        .count();
    assert_eq!(roots, 1, "the root fields are read once for all operations");
}

#[tokio::test]
async fn token_is_renewed_once_on_401_and_the_request_retried() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    fake.add_webhook(HOOK_URL, "orders/created");
    fake.revoke_tokens();

    let listed = gql.list_webhooks().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.unauthorized_responses(), 1);
    assert_eq!(
        bearers(&fake).last().map(String::as_str),
        Some("fake-token-2")
    );
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_not_a_loop() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    fake.fail_next(401, json!({"message": "Unauthenticated."}));
    fake.fail_next(401, json!({"message": "Unauthenticated."}));

    let err = gql.list_webhooks().await.unwrap_err();
    assert!(
        matches!(err, GraphqlError::Http { status: 401, .. }),
        "{err:?}"
    );
    assert!(err.is_auth());
    assert_eq!(fake.token_requests(), 2, "renewed exactly once");
}

#[tokio::test(start_paused = true)]
async fn expired_token_is_renewed_before_use() {
    let fake = GraphqlFake::start().await;
    let gql = fake.client_builder().without_timeouts().build().unwrap();
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.token_requests(), 1);

    tokio::time::advance(Duration::from_secs(60 * 60)).await;
    gql.list_webhooks().await.unwrap();
    assert_eq!(
        fake.token_requests(),
        1,
        "an hour-old 24 h token is still used"
    );

    // Within five minutes of the 24 h expiry: renewed before the request, no 401 needed.
    tokio::time::advance(Duration::from_secs(23 * 60 * 60 - 4 * 60)).await;
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.token_requests(), 2);
    assert_eq!(fake.unauthorized_responses(), 0);
    assert_eq!(
        bearers(&fake).last().map(String::as_str),
        Some("fake-token-2")
    );
}

#[tokio::test(start_paused = true)]
async fn missing_expires_in_means_24_hours() {
    let fake = GraphqlFake::start().await;
    fake.set_token_lifetime(None);
    let gql = fake.client_builder().without_timeouts().build().unwrap();
    gql.list_webhooks().await.unwrap();
    tokio::time::advance(Duration::from_secs(23 * 60 * 60)).await;
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.token_requests(), 1);
    tokio::time::advance(Duration::from_secs(56 * 60)).await;
    gql.list_webhooks().await.unwrap();
    assert_eq!(fake.token_requests(), 2);
}

#[tokio::test]
async fn list_walks_every_page() {
    let fake = GraphqlFake::start().await;
    fake.set_max_page_size(2);
    let ids: Vec<String> = (0..5)
        .map(|i| fake.add_webhook(&format!("https://other.example/{i}"), "products/updated"))
        .collect();
    let listed = client(&fake).list_webhooks().await.unwrap();
    assert_eq!(listed.iter().map(|w| w.id.clone()).collect::<Vec<_>>(), ids);
    assert!(listed.iter().all(|w| w.topic == "products/updated"));
    let pages: Vec<_> = fake
        .graphql_requests()
        .into_iter()
        .filter(|r| r.query.contains("ListWebhooks"))
        .map(|r| r.variables["pagination"]["page"].clone())
        .collect();
    assert_eq!(
        pages,
        vec![json!(1), json!(2), json!(3)],
        "stops at totalPages"
    );
}

#[tokio::test]
async fn flat_argument_schema_with_payloads_works() {
    let fake = GraphqlFake::start_with(FakeSchema::FlatArguments).await;
    fake.set_max_page_size(1);
    let foreign = fake.add_webhook("https://other.example/hook", "orders/created");
    let gql = client(&fake);
    let secret = SecretString::from("whsec-flat");

    let created = gql
        .create_webhook(HOOK_URL, "orders/partially-fulfilled", Some(&secret))
        .await
        .unwrap();
    assert_eq!(created.topic, "orders/partially-fulfilled");
    assert_eq!(created.url, HOOK_URL);
    let sent = fake
        .graphql_requests()
        .into_iter()
        .find(|r| r.query.contains("webhookCreate("))
        .unwrap();
    assert_eq!(sent.variables["callbackUrl"], HOOK_URL);
    assert_eq!(
        sent.variables["event"], "orders/partially-fulfilled",
        "string topic sent as is"
    );
    assert_eq!(sent.variables["signingSecret"], "whsec-flat");
    assert_eq!(
        sent.variables["name"], "smartweb-rackbeat",
        "required label filled"
    );

    let listed = gql.list_webhooks().await.unwrap();
    assert_eq!(
        listed.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        vec![foreign.as_str(), created.id.as_str()]
    );
    assert_eq!(listed[1].url, HOOK_URL);

    gql.delete_webhook(&created.id).await.unwrap();
    let sent = fake
        .graphql_requests()
        .into_iter()
        .rfind(|r| r.query.contains("webhookDelete("))
        .unwrap();
    assert_eq!(
        sent.variables["webhookId"],
        json!(created.id.parse::<u64>().unwrap()),
        "Int id sent as a number"
    );
    assert_eq!(fake.webhooks().len(), 1);

    let err = gql.delete_webhook(&created.id).await.unwrap_err();
    match &err {
        GraphqlError::Rejected { operation, errors } => {
            assert_eq!(operation, "webhookDelete");
            assert_eq!(errors[0].message, "Webhook not found.");
            assert_eq!(errors[0].path.as_deref(), Some("webhookId"));
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
}

#[tokio::test]
async fn schema_without_a_url_field_gives_a_clear_error() {
    let fake = GraphqlFake::start_with(FakeSchema::WithoutUrlField).await;
    let gql = client(&fake);
    let err = gql
        .create_webhook(HOOK_URL, "orders/created", None)
        .await
        .unwrap_err();
    let GraphqlError::Schema(mismatch) = &err else {
        panic!("expected a schema error, got {err:?}");
    };
    assert_eq!(
        mismatch.operation,
        "webhookCreate(input: WebhookCreateInput!)"
    );
    assert_eq!(
        mismatch.offered,
        vec![
            "name: String!",
            "topic: WebhookTopic!",
            "destination: WebhookDestinationInput!"
        ]
    );
    let text = err.to_string();
    for needle in [
        "webhook URL",
        "url",
        "callbackUrl",
        "endpoint",
        "name: String!",
        "destination: WebhookDestinationInput!",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from: {text}");
    }
    assert!(
        !fake
            .graphql_requests()
            .iter()
            .any(|r| r.query.contains("webhookCreate(")),
        "no mutation was sent"
    );
    // Other operations are discovered on their own and still work.
    assert!(gql.list_webhooks().await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_topic_is_refused_before_sending() {
    let fake = GraphqlFake::start().await;
    let err = client(&fake)
        .create_webhook(HOOK_URL, "customers/created", None)
        .await
        .unwrap_err();
    match &err {
        GraphqlError::UnknownTopic { topic, offered } => {
            assert_eq!(topic, "customers/created");
            assert!(offered.contains(&"ORDERS_CREATED".to_owned()));
        }
        other => panic!("expected UnknownTopic, got {other:?}"),
    }
    assert!(fake.webhooks().is_empty());
}

#[tokio::test]
async fn errors_array_is_mapped_with_codes() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    fake.fail_next(
        200,
        json!({"data": null, "errors": [
            {"message": "Too many requests", "extensions": {"code": "RATE_LIMITED"}, "path": ["webhooks"]},
            {"message": "second"}
        ]}),
    );
    let err = gql.list_webhooks().await.unwrap_err();
    match &err {
        GraphqlError::Graphql { status, errors } => {
            assert_eq!(*status, 200);
            assert_eq!(errors.len(), 2);
            assert_eq!(errors[0].code.as_deref(), Some("RATE_LIMITED"));
            assert_eq!(errors[0].path.as_deref(), Some("webhooks"));
            assert_eq!(errors[1].message, "second");
        }
        other => panic!("expected Graphql errors, got {other:?}"),
    }
    assert!(
        err.to_string().contains("Too many requests [RATE_LIMITED]"),
        "{err}"
    );

    // A server-side failure of the delete (not found) comes back the same way.
    let err = gql.delete_webhook("999").await.unwrap_err();
    assert!(
        matches!(&err, GraphqlError::Graphql { errors, .. } if errors[0].code.as_deref() == Some("NOT_FOUND"))
    );
}

#[tokio::test]
async fn http_errors_keep_status_and_a_bounded_body() {
    let fake = GraphqlFake::start().await;
    let gql = client(&fake);
    gql.list_webhooks().await.unwrap();
    fake.fail_next(503, json!({"detail": "x".repeat(10_000)}));
    let err = gql.list_webhooks().await.unwrap_err();
    match &err {
        GraphqlError::Http { status, body, .. } => {
            assert_eq!(*status, 503);
            assert!(body.chars().count() <= smartweb_client::graphql::BODY_EXCERPT_CHARS + 1);
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_errors() {
    // A wrong client secret: the token endpoint refuses it.
    let fake = GraphqlFake::start().await;
    let wrong = "not-the-right-secret-91c";
    let gql = fake
        .client_builder()
        .client_secret(SecretString::from(wrong))
        .build()
        .unwrap();
    assert!(!format!("{gql:?}").contains(wrong));
    let err = gql.list_webhooks().await.unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert!(
        matches!(&err, GraphqlError::Token { status: 401, error: Some(e), .. } if e == "invalid_client")
    );
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(wrong), "{text}");
    }

    // A server that echoes the webhook secret in its error message.
    let gql = client(&fake);
    assert!(!format!("{gql:?}").contains(FAKE_CLIENT_SECRET));
    gql.create_webhook(HOOK_URL, "orders/updated", None)
        .await
        .unwrap(); // discovery done
    let hook_secret = SecretString::from("whsec-echoed-7d1");
    fake.fail_next(
        200,
        json!({"errors": [{"message": "Variable \"$input\" got invalid value {secret: \"whsec-echoed-7d1\"}"}]}),
    );
    let err = gql
        .create_webhook(HOOK_URL, "orders/created", Some(&hook_secret))
        .await
        .unwrap_err();
    assert!(matches!(err, GraphqlError::Graphql { .. }), "{err:?}");
    let sent = fake.graphql_requests().pop().unwrap();
    assert!(
        sent.query.contains("webhookCreate("),
        "the mutation itself got the echo"
    );
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("whsec-echoed-7d1"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[tokio::test]
async fn client_secret_echoed_by_the_token_endpoint_is_scrubbed() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/auth/oauth/token"))
        .respond_with(|req: &wiremock::Request| {
            // Echo the whole form back, secret included.
            wiremock::ResponseTemplate::new(400).set_body_json(json!({
                "error": "invalid_request",
                "error_description": String::from_utf8_lossy(&req.body),
            }))
        })
        .mount(&server)
        .await;
    let gql = GraphqlClient::builder()
        .shop_url(server.uri())
        .client_id("id")
        .client_secret(SecretString::from("echo-me-secret-55"))
        .build()
        .unwrap();
    let err = gql.list_webhooks().await.unwrap_err();
    let GraphqlError::Token {
        description, body, ..
    } = &err
    else {
        panic!("expected Token, got {err:?}");
    };
    assert!(description.as_deref().unwrap().contains("[redacted]"));
    for text in [err.to_string(), format!("{err:?}"), body.clone()] {
        assert!(!text.contains("echo-me-secret-55"), "{text}");
    }
}

#[tokio::test]
async fn token_and_graphql_requests_work_over_a_callers_http_client() {
    let fake = GraphqlFake::start().await;
    let caller = smartweb_client::http::client_builder()
        .unwrap()
        .build()
        .unwrap();
    let gql = fake.client_builder().http_client(caller).build().unwrap();
    assert!(gql.list_webhooks().await.unwrap().is_empty());
    assert_eq!(fake.token_requests(), 1);
}
