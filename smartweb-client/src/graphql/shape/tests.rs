//! Unit tests of the schema mapping on hand-written introspection results.

use super::*;
use serde_json::json;

/// `[X!]!` → a type reference; kinds by naming convention of these tests.
fn tref(expr: &str) -> Value {
    if let Some(inner) = expr.strip_suffix('!') {
        json!({"kind": "NON_NULL", "name": null, "ofType": tref(inner)})
    } else if let Some(inner) = expr.strip_prefix('[').and_then(|e| e.strip_suffix(']')) {
        json!({"kind": "LIST", "name": null, "ofType": tref(inner)})
    } else {
        let kind = match expr {
            "String" | "Int" | "Boolean" | "ID" => "SCALAR",
            e if e.ends_with("Input") => "INPUT_OBJECT",
            e if e.ends_with("Topic") => "ENUM",
            _ => "OBJECT",
        };
        json!({"kind": kind, "name": expr, "ofType": null})
    }
}

fn field(name: &str, ty: &str, args: &[(&str, &str)]) -> Field {
    let args: Vec<Value> = args
        .iter()
        .map(|(n, t)| json!({"name": n, "type": tref(t), "defaultValue": null}))
        .collect();
    serde_json::from_value(json!({"name": name, "args": args, "type": tref(ty)})).unwrap()
}

fn object(name: &str, fields: &[(&str, &str)]) -> (String, Option<FullType>) {
    let fields: Vec<Value> = fields
        .iter()
        .map(|(n, t)| json!({"name": n, "args": [], "type": tref(t)}))
        .collect();
    let t = serde_json::from_value(json!({"kind": "OBJECT", "name": name, "fields": fields}));
    (name.to_owned(), Some(t.unwrap()))
}

fn input(name: &str, fields: &[(&str, &str)]) -> (String, Option<FullType>) {
    let fields: Vec<Value> = fields
        .iter()
        .map(|(n, t)| json!({"name": n, "type": tref(t), "defaultValue": null}))
        .collect();
    let t = serde_json::from_value(
        json!({"kind": "INPUT_OBJECT", "name": name, "inputFields": fields}),
    );
    (name.to_owned(), Some(t.unwrap()))
}

fn enumeration(name: &str, values: &[&str]) -> (String, Option<FullType>) {
    let values: Vec<Value> = values.iter().map(|v| json!({"name": v})).collect();
    let t = serde_json::from_value(json!({"kind": "ENUM", "name": name, "enumValues": values}));
    (name.to_owned(), Some(t.unwrap()))
}

fn webhook_type() -> (String, Option<FullType>) {
    object(
        "Webhook",
        &[
            ("id", "ID!"),
            ("endpoint", "String!"),
            ("events", "[String!]!"),
            ("signingKey", "String"),
        ],
    )
}

#[test]
fn list_typed_events_get_a_one_element_list_and_boolean_result_is_scalar() {
    let types: TypeMap = [input(
        "WebhookInput",
        &[
            ("endpoint", "String!"),
            ("events", "[String!]!"),
            ("enabled", "Boolean"),
        ],
    )]
    .into_iter()
    .collect();
    let f = field("webhookCreate", "Boolean!", &[("data", "WebhookInput!")]);
    let shape = CreateShape::discover(&f, &types).unwrap();
    assert_eq!(shape.ret, ReturnShape::Scalar { boolean: true });
    let (query, vars) = shape
        .request("https://h.example/x", "orders/created", Some("s"))
        .unwrap();
    assert_eq!(
        query,
        "mutation CreateWebhook($data: WebhookInput!) { webhookCreate(data: $data) }"
    );
    assert_eq!(
        vars,
        json!({"data": {"endpoint": "https://h.example/x", "events": ["orders/created"], "enabled": true}}),
        "no secret field in the schema: the secret is not sent"
    );
}

#[test]
fn payload_with_only_an_id_is_read() {
    let types: TypeMap = [
        enumeration("WebhookTopic", &["ORDER_CREATED"]),
        object(
            "CreatePayload",
            &[
                ("webhookId", "Int"),
                ("success", "Boolean!"),
                ("userErrors", "[UserError!]!"),
            ],
        ),
        object(
            "UserError",
            &[("message", "String!"), ("field", "[String!]")],
        ),
    ]
    .into_iter()
    .collect();
    let f = field(
        "webhookCreate",
        "CreatePayload!",
        &[("url", "String!"), ("topic", "WebhookTopic!")],
    );
    let shape = CreateShape::discover(&f, &types).unwrap();
    let (query, vars) = shape
        .request("https://h.example/x", "orders/created", None)
        .unwrap();
    assert_eq!(
        vars,
        json!({"url": "https://h.example/x", "topic": "ORDER_CREATED"})
    );
    assert!(query.contains("userErrors { message field }"), "{query}");
    assert!(query.contains("success webhookId"), "{query}");
}

#[test]
fn unfillable_required_field_is_a_mismatch_naming_it() {
    let types: TypeMap = [input(
        "WebhookInput",
        &[("url", "String!"), ("topic", "String!"), ("shopId", "Int!")],
    )]
    .into_iter()
    .collect();
    let f = field("webhookCreate", "Boolean", &[("input", "WebhookInput!")]);
    let err = CreateShape::discover(&f, &types).unwrap_err().to_string();
    assert!(err.contains("shopId: Int! is required"), "{err}");
}

#[test]
fn bare_list_result_and_input_object_delete_are_understood() {
    let types: TypeMap = [
        webhook_type(),
        input("DeleteInput", &[("webhookId", "ID!")]),
    ]
    .into_iter()
    .collect();
    let list = ListShape::discover(&field("webhooks", "[Webhook!]!", &[]), &types).unwrap();
    assert_eq!(list.container, Container::Direct);
    assert!(!list.pages());
    let (query, _) = list.request(1, 50);
    assert_eq!(
        query, "query ListWebhooks { webhooks { id endpoint events } }",
        "signingKey not selected"
    );
    let w = list
        .webhook
        .decode(&json!({"id": "7", "endpoint": "https://h", "events": ["ORDERS_UPDATED"]}))
        .unwrap();
    assert_eq!(
        (w.id.as_str(), w.url.as_str(), w.topic.as_str()),
        ("7", "https://h", "orders/updated")
    );

    let delete = DeleteShape::discover(
        &field("webhookDelete", "Webhook", &[("input", "DeleteInput!")]),
        &types,
    )
    .unwrap();
    let (query, vars) = delete.request("7").unwrap();
    assert_eq!(vars, json!({"input": {"webhookId": "7"}}));
    assert!(query.starts_with(
        "mutation DeleteWebhook($input: DeleteInput!) { webhookDelete(input: $input) { id"
    ));
}

#[test]
fn list_with_a_required_unknown_argument_is_a_mismatch() {
    let types: TypeMap = [webhook_type()].into_iter().collect();
    let err = ListShape::discover(
        &field("webhooks", "[Webhook!]!", &[("shopId", "Int!")]),
        &types,
    )
    .unwrap_err();
    assert!(err.to_string().contains("shopId: Int!"), "{err}");
}

#[test]
fn numeric_delete_id_must_be_a_number() {
    let types = TypeMap::new();
    let delete = DeleteShape::discover(
        &field("webhookDelete", "Boolean!", &[("id", "Int!")]),
        &types,
    )
    .unwrap();
    assert_eq!(delete.request("12").unwrap().1, json!({"id": 12}));
    assert!(matches!(
        delete.request("abc"),
        Err(GraphqlError::Schema(_))
    ));
}
