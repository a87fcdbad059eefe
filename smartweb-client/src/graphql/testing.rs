//! A stateful fake of SmartWeb's GraphQL API for tests (features `graphql` + `mock`).
//!
//! [`GraphqlFake`] runs a wiremock server on 127.0.0.1 that answers the OAuth2 token request,
//! introspection in the standard result shape, and `webhooks` / `webhookCreate` /
//! `webhookDelete` against an in-memory list. The schema is one of [`FakeSchema`]'s variants,
//! written as a realistic fragment of what the experimental schema could be (the real input
//! types were never recorded). Counters and a request log let tests assert what the client did.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use secrecy::SecretString;
use serde_json::{Map, Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::GraphqlClient;
use super::client::{GRAPHQL_PATH, GraphqlClientBuilder, TOKEN_PATH};
use super::topic::{DOCUMENTED_TOPICS, from_wire};

/// The client id the fake accepts.
pub const FAKE_CLIENT_ID: &str = "fake-client-id";
/// The client secret the fake accepts.
pub const FAKE_CLIENT_SECRET: &str = "fake-client-secret-4f2a9c";

/// Which schema the fake serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FakeSchema {
    /// `webhookCreate(input: WebhookCreateInput!): Webhook!` with `url: String!`,
    /// `topic: WebhookTopic!` (an enum such as `ORDERS_CREATED`) and `secret: String`;
    /// `webhookDelete(id: ID!): Boolean!`; `webhooks(pagination: PaginationInput, search,
    /// sorting): WebhookPage! { pagination { page limit total totalPages } data { … } }`.
    #[default]
    InputObject,
    /// Flat arguments and `{content, errors}` payloads:
    /// `webhookCreate(callbackUrl: String!, event: String!, signingSecret: String, name: String!)`,
    /// `webhookDelete(webhookId: Int!)`, `webhooks(page: Int!, limit: Int): WebhookList!
    /// { data { … } pagination { currentPage lastPage total } }`; ids are `Int`.
    FlatArguments,
    /// Like [`FakeSchema::InputObject`], but `WebhookCreateInput` is `{ name: String!,
    /// topic: WebhookTopic!, destination: WebhookDestinationInput! }`: no URL field.
    WithoutUrlField,
}

/// A webhook held by the fake.
#[derive(Debug, Clone)]
pub struct FakeWebhook {
    /// Its id (shown as a string for `ID` schemas, as a number for `Int` ones).
    pub id: u64,
    /// Delivery URL.
    pub url: String,
    /// Topic in documented form (`orders/created`).
    pub topic: String,
    /// The secret it was created with.
    pub secret: Option<SecretString>,
}

/// One GraphQL request the fake received (after authentication).
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The Bearer token it carried.
    pub bearer: Option<String>,
    /// The query text.
    pub query: String,
    /// The variables.
    pub variables: Value,
}

#[derive(Debug)]
struct State {
    schema: FakeSchema,
    token_lifetime: Option<u64>,
    issued: u64,
    valid_tokens: HashSet<String>,
    token_requests: usize,
    unauthorized: usize,
    requests: Vec<RecordedRequest>,
    webhooks: BTreeMap<u64, FakeWebhook>,
    next_id: u64,
    max_page_size: usize,
    injected: VecDeque<(u16, Value)>,
}

/// The fake server; dropping it stops the server.
#[derive(Debug)]
pub struct GraphqlFake {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

impl GraphqlFake {
    /// Starts a fake with the default schema ([`FakeSchema::InputObject`]).
    pub async fn start() -> Self {
        Self::start_with(FakeSchema::default()).await
    }

    /// Starts a fake serving `schema`.
    pub async fn start_with(schema: FakeSchema) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            schema,
            token_lifetime: Some(24 * 60 * 60),
            issued: 0,
            valid_tokens: HashSet::new(),
            token_requests: 0,
            unauthorized: 0,
            requests: Vec::new(),
            webhooks: BTreeMap::new(),
            next_id: 101,
            max_page_size: 100,
            injected: VecDeque::new(),
        }));
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(TokenEndpoint(state.clone()))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(GRAPHQL_PATH))
            .respond_with(GraphqlEndpoint(state.clone()))
            .mount(&server)
            .await;
        Self { server, state }
    }

    /// The fake shop's base URL (`http://127.0.0.1:PORT`).
    #[must_use]
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder aimed at this fake with its credentials, paced at 1000 requests/s so
    /// tests do not wait.
    #[must_use]
    pub fn client_builder(&self) -> GraphqlClientBuilder {
        GraphqlClient::builder()
            .shop_url(self.uri())
            .client_id(FAKE_CLIENT_ID)
            .client_secret(SecretString::from(FAKE_CLIENT_SECRET))
            .requests_per_second(1000)
    }

    /// Sets the `expires_in` of tokens issued from now on (`None`: leave it out).
    pub fn set_token_lifetime(&self, seconds: Option<u64>) {
        lock(&self.state).token_lifetime = seconds;
    }

    /// Invalidates every token issued so far (the next GraphQL request gets 401).
    pub fn revoke_tokens(&self) {
        lock(&self.state).valid_tokens.clear();
    }

    /// How many token requests arrived (accepted or not).
    #[must_use]
    pub fn token_requests(&self) -> usize {
        lock(&self.state).token_requests
    }

    /// How many GraphQL requests were answered 401.
    #[must_use]
    pub fn unauthorized_responses(&self) -> usize {
        lock(&self.state).unauthorized
    }

    /// The authenticated GraphQL requests, in order.
    #[must_use]
    pub fn graphql_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// How many authenticated requests were introspection queries.
    #[must_use]
    pub fn introspection_requests(&self) -> usize {
        lock(&self.state)
            .requests
            .iter()
            .filter(|r| r.query.contains("__schema") || r.query.contains("__type("))
            .count()
    }

    /// The webhooks the fake holds, by id.
    #[must_use]
    pub fn webhooks(&self) -> Vec<FakeWebhook> {
        lock(&self.state).webhooks.values().cloned().collect()
    }

    /// Adds a webhook as if made by someone else; returns its id as text.
    pub fn add_webhook(&self, url: &str, topic: &str) -> String {
        let mut state = lock(&self.state);
        state
            .insert(url.to_owned(), topic.to_owned(), None)
            .to_string()
    }

    /// Makes the fake answer at most `size` webhooks per page.
    pub fn set_max_page_size(&self, size: usize) {
        lock(&self.state).max_page_size = size.max(1);
    }

    /// Answers the next authenticated GraphQL request with this status and JSON body.
    pub fn fail_next(&self, status: u16, body: Value) {
        lock(&self.state).injected.push_back((status, body));
    }
}

impl State {
    fn insert(&mut self, url: String, topic: String, secret: Option<SecretString>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.webhooks.insert(
            id,
            FakeWebhook {
                id,
                url,
                topic,
                secret,
            },
        );
        id
    }
}

struct TokenEndpoint(Arc<Mutex<State>>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        state.token_requests += 1;
        let form: BTreeMap<String, String> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let field = |k: &str| form.get(k).map(String::as_str);
        if field("grant_type") != Some("client_credentials") {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"error": "unsupported_grant_type"}));
        }
        if field("client_id") != Some(FAKE_CLIENT_ID)
            || field("client_secret") != Some(FAKE_CLIENT_SECRET)
        {
            return ResponseTemplate::new(401).set_body_json(
                json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
            );
        }
        state.issued += 1;
        let token = format!("fake-token-{}", state.issued);
        state.valid_tokens.insert(token.clone());
        let mut body = json!({"access_token": token, "token_type": "Bearer"});
        if let (Some(lifetime), Some(obj)) = (state.token_lifetime, body.as_object_mut()) {
            obj.insert("expires_in".into(), json!(lifetime));
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

struct GraphqlEndpoint(Arc<Mutex<State>>);

impl Respond for GraphqlEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        let bearer = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        if !bearer
            .as_ref()
            .is_some_and(|t| state.valid_tokens.contains(t))
        {
            state.unauthorized += 1;
            return ResponseTemplate::new(401)
                .set_body_json(json!({"message": "Unauthenticated."}));
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let query = body
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let variables = body.get("variables").cloned().unwrap_or_else(|| json!({}));
        state.requests.push(RecordedRequest {
            bearer,
            query: query.clone(),
            variables: variables.clone(),
        });
        if let Some((status, body)) = state.injected.pop_front() {
            return ResponseTemplate::new(status).set_body_json(body);
        }
        let schema = schema(state.schema);
        let answer = if query.contains("__schema") {
            Ok(json!({"__schema": {
                "queryType": {"name": "Query", "fields": schema.query.iter().map(|f| f.to_json(&schema)).collect::<Vec<_>>()},
                "mutationType": {"name": "Mutation", "fields": schema.mutation.iter().map(|f| f.to_json(&schema)).collect::<Vec<_>>()},
            }}))
        } else if query.contains("__type(") {
            Ok(types_answer(&schema, &variables))
        } else if query.contains("webhookCreate") {
            state
                .create(&variables)
                .map(|v| json!({"webhookCreate": select(v, &query)}))
        } else if query.contains("webhookDelete") {
            state
                .delete(&variables)
                .map(|v| json!({"webhookDelete": v}))
        } else if query.contains("webhooks") {
            Ok(json!({"webhooks": state.list(&variables, &query)}))
        } else {
            Err(
                json!({"message": "Cannot query this field on the fake.", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}),
            )
        };
        match answer {
            Ok(data) => ResponseTemplate::new(200).set_body_json(json!({"data": data})),
            Err(error) => {
                ResponseTemplate::new(200).set_body_json(json!({"data": null, "errors": [error]}))
            }
        }
    }
}

/// Keeps only the keys of `value` (and its nested objects) named in the query: a rough
/// stand-in for GraphQL selection, so unselected fields (e.g. `secret`) are not answered.
fn select(value: Value, query: &str) -> Value {
    let words: HashSet<&str> = query
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    fn keep(value: Value, words: &HashSet<&str>) -> Value {
        match value {
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .filter(|(k, _)| words.contains(k.as_str()))
                    .map(|(k, v)| (k, keep(v, words)))
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| keep(v, words)).collect())
            }
            other => other,
        }
    }
    keep(value, &words)
}

fn graphql_error(message: &str, code: &str) -> Value {
    json!({"message": message, "extensions": {"code": code}})
}

/// `ORDERS_CREATED` for `orders/created`.
fn enum_value(topic: &str) -> String {
    topic
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>()
        .join("_")
}

impl State {
    fn webhook_json(&self, w: &FakeWebhook) -> Value {
        match self.schema {
            FakeSchema::FlatArguments => json!({
                "__typename": "Webhook", "id": w.id, "callbackUrl": w.url, "event": w.topic,
                "name": "webhook", "createdAt": "2026-11-28T12:00:00+01:00",
            }),
            FakeSchema::InputObject | FakeSchema::WithoutUrlField => json!({
                "__typename": "Webhook", "id": w.id.to_string(), "url": w.url,
                "topic": enum_value(&w.topic),
                "secret": w.secret.as_ref().map(|_| "(stored)"),
                "createdAt": "2026-11-28T12:00:00+01:00", "updatedAt": null,
            }),
        }
    }

    fn create(&mut self, vars: &Value) -> Result<Value, Value> {
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        match self.schema {
            FakeSchema::InputObject => {
                let input = vars.get("input").cloned().unwrap_or(Value::Null);
                let url = text(&input, "url").ok_or_else(|| {
                    graphql_error(
                        "Field \"url\" of required type \"String!\" was not provided.",
                        "BAD_USER_INPUT",
                    )
                })?;
                let topic = text(&input, "topic").unwrap_or_default();
                let documented = from_wire(&topic);
                if !DOCUMENTED_TOPICS.contains(&documented.as_str())
                    || topic != enum_value(&documented)
                {
                    return Err(graphql_error(
                        &format!("Value \"{topic}\" does not exist in \"WebhookTopic\" enum."),
                        "BAD_USER_INPUT",
                    ));
                }
                let secret = text(&input, "secret").map(SecretString::from);
                let id = self.insert(url, documented, secret);
                let w = self.webhooks.get(&id).cloned();
                Ok(w.map(|w| self.webhook_json(&w)).unwrap_or(Value::Null))
            }
            FakeSchema::FlatArguments => {
                let (Some(url), Some(event)) = (text(vars, "callbackUrl"), text(vars, "event"))
                else {
                    return Err(graphql_error(
                        "Variable \"$callbackUrl\" and \"$event\" are required.",
                        "BAD_USER_INPUT",
                    ));
                };
                if text(vars, "name").is_none_or(|n| n.is_empty()) {
                    return Ok(
                        json!({"__typename": "WebhookMutationPayload", "content": null,
                        "errors": [{"field": "name", "message": "The name field is required."}]}),
                    );
                }
                let secret = text(vars, "signingSecret").map(SecretString::from);
                let id = self.insert(url, event, secret);
                let w = self.webhooks.get(&id).cloned();
                Ok(json!({"__typename": "WebhookMutationPayload",
                    "content": w.map(|w| self.webhook_json(&w)), "errors": []}))
            }
            FakeSchema::WithoutUrlField => Err(graphql_error(
                "Field \"url\" is not defined by type \"WebhookCreateInput\".",
                "GRAPHQL_VALIDATION_FAILED",
            )),
        }
    }

    fn delete(&mut self, vars: &Value) -> Result<Value, Value> {
        match self.schema {
            FakeSchema::FlatArguments => {
                let id = vars
                    .get("webhookId")
                    .and_then(Value::as_u64)
                    .unwrap_or_default();
                Ok(match self.webhooks.remove(&id) {
                    Some(_) => {
                        json!({"__typename": "WebhookMutationPayload", "content": null, "errors": []})
                    }
                    None => json!({"__typename": "WebhookMutationPayload", "content": null,
                        "errors": [{"field": "webhookId", "message": "Webhook not found."}]}),
                })
            }
            FakeSchema::InputObject | FakeSchema::WithoutUrlField => {
                let id = vars
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_default();
                match self.webhooks.remove(&id) {
                    Some(_) => Ok(json!(true)),
                    None => Err(graphql_error("Webhook not found.", "NOT_FOUND")),
                }
            }
        }
    }

    fn list(&self, vars: &Value, query: &str) -> Value {
        let num = |v: Option<&Value>, default: u64| v.and_then(Value::as_u64).unwrap_or(default);
        let flat = self.schema == FakeSchema::FlatArguments;
        let (page, limit) = if flat {
            (num(vars.get("page"), 1), num(vars.get("limit"), 20))
        } else {
            let p = vars.get("pagination");
            (
                num(p.and_then(|p| p.get("page")), 1),
                num(p.and_then(|p| p.get("limit")), 20),
            )
        };
        let limit = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .clamp(1, self.max_page_size);
        let page = usize::try_from(page.max(1)).unwrap_or(1);
        let all: Vec<&FakeWebhook> = self.webhooks.values().collect();
        let total = all.len();
        let pages = total.div_ceil(limit).max(1);
        let data: Vec<Value> = all
            .iter()
            .skip((page - 1).saturating_mul(limit))
            .take(limit)
            .map(|w| self.webhook_json(w))
            .collect();
        let out = if flat {
            json!({"data": data, "pagination": {"currentPage": page, "lastPage": pages, "total": total}})
        } else {
            json!({"pagination": {"page": page, "limit": limit, "total": total, "totalPages": pages}, "data": data})
        };
        select(out, query)
    }
}

// ---------------------------------------------------------------------------------------------
// The schema, as small tables rendered into the standard introspection shape.

struct FieldDef {
    name: &'static str,
    ty: &'static str,
    args: Vec<(&'static str, &'static str)>,
}

struct TypeDef {
    kind: &'static str,
    name: &'static str,
    fields: Vec<FieldDef>,
    inputs: Vec<(&'static str, &'static str)>,
    values: Vec<&'static str>,
}

struct Schema {
    query: Vec<FieldDef>,
    mutation: Vec<FieldDef>,
    types: Vec<TypeDef>,
}

fn f(name: &'static str, ty: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        args: vec![],
    }
}

fn fa(name: &'static str, ty: &'static str, args: &[(&'static str, &'static str)]) -> FieldDef {
    FieldDef {
        name,
        ty,
        args: args.to_vec(),
    }
}

fn object(name: &'static str, fields: Vec<FieldDef>) -> TypeDef {
    TypeDef {
        kind: "OBJECT",
        name,
        fields,
        inputs: vec![],
        values: vec![],
    }
}

fn input(name: &'static str, inputs: &[(&'static str, &'static str)]) -> TypeDef {
    TypeDef {
        kind: "INPUT_OBJECT",
        name,
        fields: vec![],
        inputs: inputs.to_vec(),
        values: vec![],
    }
}

fn enumeration(name: &'static str, values: Vec<&'static str>) -> TypeDef {
    TypeDef {
        kind: "ENUM",
        name,
        fields: vec![],
        inputs: vec![],
        values,
    }
}

impl Schema {
    fn kind_of(&self, name: &str) -> &'static str {
        match name {
            "String" | "Int" | "Float" | "Boolean" | "ID" | "DateTime" => "SCALAR",
            _ => self
                .types
                .iter()
                .find(|t| t.name == name)
                .map_or("OBJECT", |t| t.kind),
        }
    }

    /// `[Webhook!]!` → nested `{kind, name, ofType}`.
    fn type_ref(&self, expr: &str) -> Value {
        if let Some(inner) = expr.strip_suffix('!') {
            json!({"kind": "NON_NULL", "name": null, "ofType": self.type_ref(inner)})
        } else if let Some(inner) = expr.strip_prefix('[').and_then(|e| e.strip_suffix(']')) {
            json!({"kind": "LIST", "name": null, "ofType": self.type_ref(inner)})
        } else {
            json!({"kind": self.kind_of(expr), "name": expr, "ofType": null})
        }
    }

    fn input_value(&self, (name, ty): (&str, &str)) -> Value {
        json!({"name": name, "type": self.type_ref(ty), "defaultValue": null})
    }

    fn type_json(&self, t: &TypeDef) -> Value {
        let fields = (t.kind == "OBJECT")
            .then(|| t.fields.iter().map(|f| f.to_json(self)).collect::<Vec<_>>());
        let inputs = (t.kind == "INPUT_OBJECT").then(|| {
            t.inputs
                .iter()
                .map(|i| self.input_value(*i))
                .collect::<Vec<_>>()
        });
        let values = (t.kind == "ENUM").then(|| {
            t.values
                .iter()
                .map(|v| json!({"name": v}))
                .collect::<Vec<_>>()
        });
        json!({"kind": t.kind, "name": t.name, "fields": fields, "inputFields": inputs, "enumValues": values})
    }
}

impl FieldDef {
    fn to_json(&self, schema: &Schema) -> Value {
        json!({
            "name": self.name,
            "args": self.args.iter().map(|a| schema.input_value(*a)).collect::<Vec<_>>(),
            "type": schema.type_ref(self.ty),
        })
    }
}

fn types_answer(schema: &Schema, variables: &Value) -> Value {
    let mut out = Map::new();
    for (var, name) in variables.as_object().into_iter().flatten() {
        let Some(index) = var.strip_prefix('n') else {
            continue;
        };
        let found = name
            .as_str()
            .and_then(|n| schema.types.iter().find(|t| t.name == n))
            .map_or(Value::Null, |t| schema.type_json(t));
        out.insert(format!("t{index}"), found);
    }
    Value::Object(out)
}

fn schema(which: FakeSchema) -> Schema {
    let topics = enumeration(
        "WebhookTopic",
        DOCUMENTED_TOPICS
            .iter()
            .map(|t| topic_enum_value(t))
            .collect(),
    );
    let other_queries = || {
        vec![
            fa(
                "orders",
                "OrderPage!",
                &[
                    ("pagination", "PaginationInput"),
                    ("search", "OrderSearchInput"),
                ],
            ),
            fa("orderById", "Order", &[("id", "ID!")]),
            f("currencies", "[Currency!]!"),
            fa(
                "webhookLogs",
                "WebhookLogPage!",
                &[("pagination", "PaginationInput")],
            ),
        ]
    };
    let other_mutations = || {
        vec![
            fa(
                "orderCreateV2",
                "OrderCreatePayload!",
                &[("input", "OrderCreateInput!")],
            ),
            fa(
                "redirectCreate",
                "Redirect!",
                &[("input", "RedirectCreateInput!")],
            ),
        ]
    };
    match which {
        FakeSchema::InputObject | FakeSchema::WithoutUrlField => {
            let mut query = other_queries();
            query.push(fa(
                "webhooks",
                "WebhookPage!",
                &[
                    ("pagination", "PaginationInput"),
                    ("search", "String"),
                    ("sorting", "WebhookSortingInput"),
                ],
            ));
            let mut mutation = other_mutations();
            mutation.push(fa(
                "webhookCreate",
                "Webhook!",
                &[("input", "WebhookCreateInput!")],
            ));
            mutation.push(fa(
                "webhookUpdate",
                "Webhook!",
                &[("id", "ID!"), ("input", "WebhookUpdateInput!")],
            ));
            mutation.push(fa("webhookDelete", "Boolean!", &[("id", "ID!")]));
            let create_input = if which == FakeSchema::WithoutUrlField {
                input(
                    "WebhookCreateInput",
                    &[
                        ("name", "String!"),
                        ("topic", "WebhookTopic!"),
                        ("destination", "WebhookDestinationInput!"),
                    ],
                )
            } else {
                input(
                    "WebhookCreateInput",
                    &[
                        ("url", "String!"),
                        ("topic", "WebhookTopic!"),
                        ("secret", "String"),
                    ],
                )
            };
            Schema {
                query,
                mutation,
                types: vec![
                    create_input,
                    input(
                        "WebhookDestinationInput",
                        &[("kind", "String!"), ("value", "String!")],
                    ),
                    input(
                        "WebhookUpdateInput",
                        &[("url", "String"), ("topic", "WebhookTopic")],
                    ),
                    input("PaginationInput", &[("page", "Int"), ("limit", "Int")]),
                    input(
                        "WebhookSortingInput",
                        &[("field", "String!"), ("direction", "String")],
                    ),
                    topics,
                    object(
                        "WebhookPage",
                        vec![f("pagination", "Pagination!"), f("data", "[Webhook!]!")],
                    ),
                    object(
                        "Pagination",
                        vec![
                            f("page", "Int!"),
                            f("limit", "Int!"),
                            f("total", "Int!"),
                            f("totalPages", "Int!"),
                        ],
                    ),
                    object(
                        "Webhook",
                        vec![
                            f("id", "ID!"),
                            f("url", "String!"),
                            f("topic", "WebhookTopic!"),
                            f("secret", "String"),
                            f("createdAt", "DateTime!"),
                            f("updatedAt", "DateTime"),
                            fa(
                                "attempts",
                                "WebhookAttemptPage!",
                                &[("pagination", "PaginationInput")],
                            ),
                        ],
                    ),
                ],
            }
        }
        FakeSchema::FlatArguments => {
            let mut query = other_queries();
            query.push(fa(
                "webhooks",
                "WebhookList!",
                &[("page", "Int!"), ("limit", "Int")],
            ));
            let mut mutation = other_mutations();
            mutation.push(fa(
                "webhookCreate",
                "WebhookMutationPayload!",
                &[
                    ("callbackUrl", "String!"),
                    ("event", "String!"),
                    ("signingSecret", "String"),
                    ("name", "String!"),
                ],
            ));
            mutation.push(fa(
                "webhookDelete",
                "WebhookMutationPayload!",
                &[("webhookId", "Int!")],
            ));
            Schema {
                query,
                mutation,
                types: vec![
                    object(
                        "WebhookMutationPayload",
                        vec![f("content", "Webhook"), f("errors", "[MutationError!]!")],
                    ),
                    object(
                        "MutationError",
                        vec![f("field", "String"), f("message", "String!")],
                    ),
                    object(
                        "WebhookList",
                        vec![f("data", "[Webhook!]!"), f("pagination", "PageInfo!")],
                    ),
                    object(
                        "PageInfo",
                        vec![
                            f("currentPage", "Int!"),
                            f("lastPage", "Int!"),
                            f("total", "Int!"),
                        ],
                    ),
                    object(
                        "Webhook",
                        vec![
                            f("id", "Int!"),
                            f("callbackUrl", "String!"),
                            f("event", "String!"),
                            f("name", "String"),
                            f("createdAt", "DateTime!"),
                        ],
                    ),
                ],
            }
        }
    }
}

/// The `WebhookTopic` value of a documented topic.
fn topic_enum_value(topic: &str) -> &'static str {
    match topic {
        "orders/cancelled" => "ORDERS_CANCELLED",
        "orders/created" => "ORDERS_CREATED",
        "orders/fulfilled" => "ORDERS_FULFILLED",
        "orders/invoice" => "ORDERS_INVOICE",
        "orders/partially-fulfilled" => "ORDERS_PARTIALLY_FULFILLED",
        "orders/updated" => "ORDERS_UPDATED",
        "products/created" => "PRODUCTS_CREATED",
        "products/updated" => "PRODUCTS_UPDATED",
        _ => "PRODUCTS_DELETE",
    }
}
