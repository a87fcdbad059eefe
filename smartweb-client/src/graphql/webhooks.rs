//! Typed webhook calls: list, create, delete; and the schema discovery behind them.
//!
//! Rule owned here: each operation's shape is introspected on first use (one request for the
//! root fields, at most two for the types it mentions) and cached for the client's lifetime;
//! a failed discovery is not cached, so a corrected schema is picked up by the next call.

use std::collections::HashSet;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::{Mutex, OnceCell};

use super::client::{GraphqlClient, server_error};
use super::error::{GraphqlError, ServerError, excerpt};
use super::introspection::{
    Field, FullType, Roots, RootsData, TypeMap, roots_query, type_alias, types_query,
};
use super::shape::{
    Container, CreateShape, DeleteShape, ErrorsSelection, ListShape, ReturnShape,
    first_level_types, root_field, second_level_types,
};
use super::topic;

/// The mutation that creates a webhook (API fact sheet §8).
pub const CREATE_MUTATION: &str = "webhookCreate";
/// The mutation that deletes a webhook.
pub const DELETE_MUTATION: &str = "webhookDelete";
/// The query that lists webhooks (page style B, API fact sheet §9).
pub const LIST_QUERY: &str = "webhooks";

/// Webhooks asked for per page.
const PAGE_SIZE: u32 = 50;
/// A stop for servers that ignore the page argument and report no page count.
const MAX_PAGES: u32 = 200;

/// A webhook as SmartWeb has it registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisteredWebhook {
    /// The server's id (numbers are given as their decimal text).
    pub id: String,
    /// Where SmartWeb delivers.
    pub url: String,
    /// The topic in documented form (`orders/created`) when it names a documented topic,
    /// otherwise as the server wrote it. A list-typed topic field gives its first entry.
    pub topic: String,
    /// The webhook type's other scalar fields (e.g. `createdAt`), by their schema names.
    /// Fields whose names suggest a secret are never read.
    pub extra: Map<String, Value>,
}

/// The discovered shapes, cached per client.
#[derive(Default)]
pub(crate) struct SchemaCache {
    roots: OnceCell<Roots>,
    types: Mutex<TypeMap>,
    create: OnceCell<CreateShape>,
    list: OnceCell<ListShape>,
    delete: OnceCell<DeleteShape>,
}

impl std::fmt::Debug for SchemaCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaCache").finish_non_exhaustive()
    }
}

fn decode_error(what: &str, message: impl Into<String>, value: &Value) -> GraphqlError {
    GraphqlError::Decode {
        what: what.to_owned(),
        message: message.into(),
        excerpt: excerpt(&value.to_string()),
    }
}

impl GraphqlClient {
    /// All webhooks registered in the shop (every page).
    ///
    /// # Errors
    /// Transport, token and GraphQL errors; [`GraphqlError::Schema`] when the `webhooks` query
    /// does not fit (see the module docs for what is looked for).
    pub async fn list_webhooks(&self) -> Result<Vec<RegisteredWebhook>, GraphqlError> {
        let shape = self.list_shape().await?;
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for page in 1..=MAX_PAGES {
            let (query, variables) = shape.request(page, PAGE_SIZE);
            let data = self.execute(&query, variables, &[]).await?;
            let root = data.get(&shape.field).unwrap_or(&Value::Null);
            let (items, info) = match &shape.container {
                Container::Direct => (root.as_array(), None),
                Container::Wrapped { data, info } => (
                    root.get(data).and_then(Value::as_array),
                    info.as_ref().and_then(|i| Some((i, root.get(&i.field)?))),
                ),
            };
            let items =
                items.ok_or_else(|| decode_error("webhooks page", "no list of webhooks", root))?;
            let mut fresh = 0;
            for item in items {
                let webhook = shape
                    .webhook
                    .decode(item)
                    .map_err(|m| decode_error("webhook", m, item))?;
                if seen.insert(webhook.id.clone()) {
                    out.push(webhook);
                    fresh += 1;
                }
            }
            // An empty page, a page with nothing new (server ignoring the page number), or a
            // page-info that says so ends the walk.
            if !shape.pages() || fresh == 0 {
                break;
            }
            if let Some((info, value)) = info {
                let total = info
                    .total_pages
                    .as_ref()
                    .and_then(|f| value.get(f))
                    .and_then(Value::as_u64);
                let has_next = info
                    .has_next
                    .as_ref()
                    .and_then(|f| value.get(f))
                    .and_then(Value::as_bool);
                if has_next == Some(false) || total.is_some_and(|t| u64::from(page) >= t) {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Registers a webhook: SmartWeb will POST `topic` events to `url`.
    ///
    /// `topic` is normally one of [`DOCUMENTED_TOPICS`](super::DOCUMENTED_TOPICS); any string is
    /// accepted and, when the schema's topic field is an enum, mapped to its value
    /// (`orders/created` → `ORDERS_CREATED`). `secret` is sent when the schema has a secret
    /// field; otherwise it is dropped (with a warning in the log, never the secret itself).
    ///
    /// # Errors
    /// [`GraphqlError::Schema`] when the mutation has no usable URL or topic field (the message
    /// lists what the schema offers); [`GraphqlError::UnknownTopic`]; [`GraphqlError::Rejected`]
    /// when the payload reports errors; transport, token and GraphQL errors.
    pub async fn create_webhook(
        &self,
        url: &str,
        topic: &str,
        secret: Option<&SecretString>,
    ) -> Result<RegisteredWebhook, GraphqlError> {
        let secret = secret.map(|s| s.expose_secret());
        let secrets: Vec<&str> = secret.into_iter().collect();
        // Every error on this path is scrubbed of the webhook secret, discovery's included.
        self.create_inner(url, topic, secret)
            .await
            .map_err(|e| e.redacted(&secrets))
    }

    async fn create_inner(
        &self,
        url: &str,
        topic: &str,
        secret: Option<&str>,
    ) -> Result<RegisteredWebhook, GraphqlError> {
        let shape = self.create_shape().await?;
        if secret.is_some() && shape.fields.secret.is_none() {
            tracing::warn!(
                mutation = %shape.field,
                "the schema has no secret field for webhooks; the webhook secret is not sent"
            );
        }
        let (query, variables) = shape.request(url, topic, secret)?;
        let secrets: Vec<&str> = secret.into_iter().collect();
        let data = self.execute(&query, variables, &secrets).await?;
        let root = data.get(&shape.field).unwrap_or(&Value::Null);
        let from_inputs = |id: String| RegisteredWebhook {
            id,
            url: url.to_owned(),
            topic: topic::from_wire(topic),
            extra: Map::new(),
        };
        let found = match &shape.ret {
            ReturnShape::Scalar { boolean: true } => {
                if root.as_bool() != Some(true) {
                    return Err(rejected(&shape.field, "returned false"));
                }
                None
            }
            ReturnShape::Scalar { boolean: false } => {
                Some(from_inputs(id_text(root).ok_or_else(|| {
                    decode_error("webhookCreate result", "no id", root)
                })?))
            }
            ReturnShape::Webhook(fields) => Some(
                fields
                    .decode(root)
                    .map_err(|m| decode_error("webhookCreate result", m, root))?,
            ),
            ReturnShape::Payload {
                webhook,
                errors,
                flag,
                id,
            } => {
                check_payload(&shape.field, root, errors.as_ref(), flag.as_deref())?;
                let object = webhook.as_ref().and_then(|(name, fields)| {
                    root.get(name).filter(|v| !v.is_null()).map(|v| (fields, v))
                });
                match (
                    object,
                    id.as_ref().and_then(|f| root.get(f)).and_then(id_text),
                ) {
                    (Some((fields, value)), _) => Some(
                        fields
                            .decode(value)
                            .map_err(|m| decode_error("webhookCreate result", m, value))?,
                    ),
                    (None, Some(id)) => Some(from_inputs(id)),
                    (None, None) => None,
                }
            }
        };
        match found {
            Some(webhook) => Ok(webhook),
            // The result did not say which webhook: find the one just made.
            None => {
                let wanted = topic::from_wire(topic);
                self.list_webhooks()
                    .await?
                    .into_iter()
                    .rfind(|w| w.url == url && w.topic == wanted)
                    .ok_or_else(|| {
                        decode_error(
                            "webhookCreate result",
                            "created, but not found in the list",
                            root,
                        )
                    })
            }
        }
    }

    /// Deletes the webhook with this id.
    ///
    /// # Errors
    /// [`GraphqlError::Rejected`] when the result says `false` or lists errors;
    /// [`GraphqlError::Schema`] when the mutation takes no recognisable id (or a numeric id
    /// and `id` is not a number); transport, token and GraphQL errors.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), GraphqlError> {
        let shape = self.delete_shape().await?;
        let (query, variables) = shape.request(id)?;
        let data = self.execute(&query, variables, &[]).await?;
        let root = data.get(&shape.field).unwrap_or(&Value::Null);
        match &shape.ret {
            ReturnShape::Scalar { boolean: true } if root.as_bool() == Some(false) => {
                Err(rejected(&shape.field, "returned false"))
            }
            ReturnShape::Payload { errors, flag, .. } if !root.is_null() => {
                check_payload(&shape.field, root, errors.as_ref(), flag.as_deref())
            }
            _ => Ok(()),
        }
    }

    async fn roots(&self) -> Result<&Roots, GraphqlError> {
        self.inner
            .schema
            .roots
            .get_or_try_init(|| async {
                let data = self
                    .execute(&roots_query(), Value::Object(Map::new()), &[])
                    .await?;
                let parsed: RootsData = serde_json::from_value(data.clone()).map_err(|e| {
                    decode_error("introspection of the root types", e.to_string(), &data)
                })?;
                Ok(parsed.schema)
            })
            .await
    }

    /// The types `field` mentions, two levels deep, fetched once per client.
    async fn types_for(&self, field: &Field) -> Result<TypeMap, GraphqlError> {
        let mut types = self.inner.schema.types.lock().await;
        let first = first_level_types(field);
        self.fetch_types(&mut types, &first).await?;
        let second = second_level_types(
            first
                .iter()
                .filter_map(|n| types.get(n).and_then(Option::as_ref)),
        );
        self.fetch_types(&mut types, &second).await?;
        Ok(types.clone())
    }

    async fn fetch_types(&self, types: &mut TypeMap, names: &[String]) -> Result<(), GraphqlError> {
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !types.contains_key(*n))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let (query, variables) = types_query(&missing);
        let data = self.execute(&query, variables, &[]).await?;
        for (index, name) in missing.into_iter().enumerate() {
            let (alias, _) = type_alias(index);
            let value = data.get(&alias).cloned().unwrap_or(Value::Null);
            let parsed: Option<FullType> = serde_json::from_value(value.clone()).map_err(|e| {
                decode_error(
                    &format!("introspection of type {name}"),
                    e.to_string(),
                    &value,
                )
            })?;
            types.insert(name, parsed);
        }
        Ok(())
    }

    async fn create_shape(&self) -> Result<&CreateShape, GraphqlError> {
        self.inner
            .schema
            .create
            .get_or_try_init(|| async {
                let roots = self.roots().await?;
                let field = root_field(roots.mutation_fields(), CREATE_MUTATION, "Mutation")?;
                let types = self.types_for(field).await?;
                CreateShape::discover(field, &types)
            })
            .await
    }

    async fn list_shape(&self) -> Result<&ListShape, GraphqlError> {
        self.inner
            .schema
            .list
            .get_or_try_init(|| async {
                let roots = self.roots().await?;
                let field = root_field(roots.query_fields(), LIST_QUERY, "Query")?;
                let types = self.types_for(field).await?;
                ListShape::discover(field, &types)
            })
            .await
    }

    async fn delete_shape(&self) -> Result<&DeleteShape, GraphqlError> {
        self.inner
            .schema
            .delete
            .get_or_try_init(|| async {
                let roots = self.roots().await?;
                let field = root_field(roots.mutation_fields(), DELETE_MUTATION, "Mutation")?;
                let types = self.types_for(field).await?;
                DeleteShape::discover(field, &types)
            })
            .await
    }
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn rejected(operation: &str, message: &str) -> GraphqlError {
    GraphqlError::Rejected {
        operation: operation.to_owned(),
        errors: vec![ServerError {
            message: message.to_owned(),
            code: None,
            path: None,
        }],
    }
}

/// A payload's own error list (non-empty → rejected) and success flag (`false` → rejected).
fn check_payload(
    operation: &str,
    root: &Value,
    errors: Option<&ErrorsSelection>,
    flag: Option<&str>,
) -> Result<(), GraphqlError> {
    let listed: Vec<ServerError> = errors
        .and_then(|e| root.get(&e.field))
        .and_then(Value::as_array)
        .map(|items| items.iter().map(server_error).collect())
        .unwrap_or_default();
    if !listed.is_empty() {
        return Err(GraphqlError::Rejected {
            operation: operation.to_owned(),
            errors: listed,
        });
    }
    if flag.and_then(|f| root.get(f)).and_then(Value::as_bool) == Some(false) {
        return Err(rejected(operation, "reported no success"));
    }
    Ok(())
}
