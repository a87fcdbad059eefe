//! Maps the introspected schema onto the three webhook operations (pure: no I/O).
//!
//! The webhook input types were never recorded (API fact sheet §8, §12.10), so each operation's
//! arguments and result are found by name heuristics over what introspection returned. The
//! candidate names are listed once here, in order of preference; a mismatch names them and
//! lists what the schema offers.

use serde_json::{Map, Value};

use super::error::{GraphqlError, SchemaMismatch};
use super::introspection::{Field, FullType, InputValue, TypeKind, TypeMap, TypeRef};
use super::topic;
use super::webhooks::RegisteredWebhook;

mod create;
mod delete;
mod list;
#[cfg(test)]
mod tests;

pub(crate) use create::CreateShape;
pub(crate) use delete::DeleteShape;
pub(crate) use list::{Container, ListShape};

/// Names of the URL field, in order of preference.
pub(crate) const URL_NAMES: &[&str] = &[
    "url",
    "callbackUrl",
    "address",
    "endpoint",
    "uri",
    "webhookUrl",
    "targetUrl",
    "callback",
];
/// Names of the topic field.
pub(crate) const TOPIC_NAMES: &[&str] = &[
    "topic",
    "event",
    "events",
    "topics",
    "type",
    "eventType",
    "eventName",
];
/// Names of the (optional) secret field.
pub(crate) const SECRET_NAMES: &[&str] = &[
    "secret",
    "signingSecret",
    "key",
    "secretKey",
    "signingKey",
    "hmacSecret",
    "sharedSecret",
];
/// Names of the webhook id argument of the delete mutation.
const ID_NAMES: &[&str] = &["id", "webhookId", "ids", "webhookIds"];
/// Required booleans we can fill with `true`; also set when optional.
const ACTIVE_NAMES: &[&str] = &["active", "enabled", "isActive", "isEnabled"];
/// Required labels we can fill with [`WEBHOOK_LABEL`].
const LABEL_NAMES: &[&str] = &["name", "title", "label", "description"];
/// The label given to webhooks when the schema demands one.
pub(crate) const WEBHOOK_LABEL: &str = "smartweb-rackbeat";
/// Page-number argument names (pages are 1-based, API fact sheet §9).
const PAGE_NAMES: &[&str] = &["page", "currentPage", "pageNumber"];
/// Page-size argument names.
const SIZE_NAMES: &[&str] = &["limit", "pageSize", "perPage", "size", "first", "take"];
/// Names of the list in a page-style-B result.
const DATA_NAMES: &[&str] = &["data", "items", "nodes", "content", "results", "webhooks"];
/// Names of the page-info object in a page-style-B result.
const PAGE_INFO_NAMES: &[&str] = &["pagination", "pageInfo", "meta", "paging"];
const TOTAL_PAGES_NAMES: &[&str] = &[
    "totalPages",
    "pages",
    "lastPage",
    "pageCount",
    "totalPageCount",
];
const HAS_NEXT_NAMES: &[&str] = &["hasNextPage", "hasNext", "hasMore"];
/// Names of a payload's webhook object (style A payloads are `{content, errors}`).
const PAYLOAD_WEBHOOK_NAMES: &[&str] = &["content", "webhook", "data", "node", "result"];
const PAYLOAD_ERRORS_NAMES: &[&str] = &["errors", "userErrors"];
const PAYLOAD_FLAG_NAMES: &[&str] = &["success", "ok", "deleted", "result"];
const ERROR_SUBFIELD_NAMES: &[&str] = &["message", "code", "field", "path"];
/// Field-name fragments never selected into [`RegisteredWebhook::extra`]: they may hold secrets.
const SECRET_LIKE: &[&str] = &["secret", "key", "token", "hmac", "password"];

const BUILTIN_SCALARS: &[&str] = &["String", "Int", "Float", "Boolean", "ID"];

fn find_input<'a>(
    items: &'a [InputValue],
    names: &[&str],
    ok: impl Fn(&InputValue) -> bool,
) -> Option<&'a InputValue> {
    names.iter().find_map(|n| {
        items
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(n) && ok(i))
    })
}

fn find_field<'a>(
    items: &'a [Field],
    names: &[&str],
    ok: impl Fn(&Field) -> bool,
) -> Option<&'a Field> {
    names.iter().find_map(|n| {
        items
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(n) && ok(f))
    })
}

fn is_scalar(t: &TypeRef) -> bool {
    t.named().kind == TypeKind::Scalar
}

fn is_leaf(t: &TypeRef) -> bool {
    matches!(t.named().kind, TypeKind::Scalar | TypeKind::Enum)
}

fn is_named(t: &TypeRef, name: &str) -> bool {
    t.named_name() == name
}

fn lookup<'a>(types: &'a TypeMap, name: &str) -> Option<&'a FullType> {
    types.get(name).and_then(Option::as_ref)
}

fn expected_one_of(what: &str, names: &[&str]) -> String {
    format!("{what} (one of {})", names.join(", "))
}

fn mismatch(
    operation: impl Into<String>,
    expected: impl Into<String>,
    offered: Vec<String>,
) -> GraphqlError {
    GraphqlError::Schema(SchemaMismatch {
        operation: operation.into(),
        expected: expected.into(),
        offered,
    })
}

/// The named, non-builtin types a root field mentions (its arguments and result), and those
/// the named types mention in turn: everything the builders below can look at.
pub(crate) fn first_level_types(field: &Field) -> Vec<String> {
    let mut names: Vec<String> = field
        .args
        .iter()
        .map(|a| a.ty.named_name().to_owned())
        .collect();
    names.push(field.ty.named_name().to_owned());
    keep_fetchable(names)
}

/// The named types mentioned by the fields, input fields and arguments of `types`.
pub(crate) fn second_level_types<'a>(types: impl Iterator<Item = &'a FullType>) -> Vec<String> {
    let mut names = Vec::new();
    for t in types {
        for f in t.fields() {
            names.push(f.ty.named_name().to_owned());
        }
        for i in t.input_fields() {
            names.push(i.ty.named_name().to_owned());
        }
    }
    keep_fetchable(names)
}

fn keep_fetchable(mut names: Vec<String>) -> Vec<String> {
    names.retain(|n| {
        !n.is_empty() && !n.starts_with("__") && !BUILTIN_SCALARS.contains(&n.as_str())
    });
    names.sort();
    names.dedup();
    names
}

/// The root field `name` of `fields`, or a mismatch listing the fields offered.
pub(crate) fn root_field<'a>(
    fields: &'a [Field],
    name: &str,
    root: &str,
) -> Result<&'a Field, GraphqlError> {
    fields.iter().find(|f| f.name == name).ok_or_else(|| {
        // The webhook-ish fields are the useful hint; all fields when there are none.
        let all: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
        let webhookish: Vec<String> = all
            .iter()
            .filter(|n| n.to_ascii_lowercase().contains("webhook"))
            .cloned()
            .collect();
        let offered = if webhookish.is_empty() {
            all
        } else {
            webhookish
        };
        mismatch(root, format!("a field named {name}"), offered)
    })
}

// ---------------------------------------------------------------------------------------------
// The webhook object

/// Which fields of the webhook object type to select, and how to read them back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebhookFields {
    id: String,
    url: String,
    topic: String,
    extra: Vec<String>,
}

impl WebhookFields {
    /// Reads an object type as a webhook: it needs `id`, a URL field and a topic field.
    fn of(ty: &FullType) -> Result<Self, GraphqlError> {
        let type_name = ty.name.clone().unwrap_or_default();
        let offered = || ty.fields().iter().map(Field::describe).collect::<Vec<_>>();
        let plain = |f: &Field| f.args.iter().all(|a| !a.is_required());
        let id = find_field(ty.fields(), &["id"], |f| is_scalar(&f.ty) && plain(f))
            .ok_or_else(|| mismatch(&type_name, "an `id` field", offered()))?;
        let url = find_field(ty.fields(), URL_NAMES, |f| {
            is_scalar(&f.ty) && !f.ty.is_list() && plain(f)
        })
        .ok_or_else(|| {
            mismatch(
                &type_name,
                expected_one_of("a field for the webhook URL", URL_NAMES),
                offered(),
            )
        })?;
        let topic = find_field(ty.fields(), TOPIC_NAMES, |f| is_leaf(&f.ty) && plain(f))
            .ok_or_else(|| {
                mismatch(
                    &type_name,
                    expected_one_of("a field for the topic", TOPIC_NAMES),
                    offered(),
                )
            })?;
        let taken = [&id.name, &url.name, &topic.name];
        let extra = ty
            .fields()
            .iter()
            .filter(|f| is_leaf(&f.ty) && plain(f) && !taken.contains(&&f.name))
            .filter(|f| {
                let lower = f.name.to_ascii_lowercase();
                !SECRET_LIKE.iter().any(|s| lower.contains(s))
            })
            .map(|f| f.name.clone())
            .collect();
        Ok(Self {
            id: id.name.clone(),
            url: url.name.clone(),
            topic: topic.name.clone(),
            extra,
        })
    }

    /// `{ id url topic … }`.
    pub(crate) fn selection(&self) -> String {
        let mut names = vec![self.id.as_str(), self.url.as_str(), self.topic.as_str()];
        names.extend(self.extra.iter().map(String::as_str));
        format!("{{ {} }}", names.join(" "))
    }

    /// Reads one webhook object of a response.
    pub(crate) fn decode(&self, value: &Value) -> Result<RegisteredWebhook, String> {
        let obj = value.as_object().ok_or("a webhook is not an object")?;
        let text = |name: &str| -> Option<String> {
            match obj.get(name)? {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Array(items) => items.first().and_then(|v| v.as_str().map(str::to_owned)),
                _ => None,
            }
        };
        let id = text(&self.id).ok_or_else(|| format!("webhook without `{}`", self.id))?;
        let url = text(&self.url).unwrap_or_default();
        let topic = text(&self.topic)
            .map(|t| topic::from_wire(&t))
            .unwrap_or_default();
        let extra: Map<String, Value> = self
            .extra
            .iter()
            .filter_map(|n| obj.get(n).map(|v| (n.clone(), v.clone())))
            .collect();
        Ok(RegisteredWebhook {
            id,
            url,
            topic,
            extra,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Mutation results

/// How a payload lists its own errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorsSelection {
    pub field: String,
    /// Subfields to select; empty when the list holds scalars.
    pub subfields: Vec<String>,
}

/// What a mutation returns, and what to select from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReturnShape {
    /// A scalar: an id, or a Boolean (`boolean`).
    Scalar { boolean: bool },
    /// The webhook object itself.
    Webhook(WebhookFields),
    /// A payload object around the result.
    Payload {
        webhook: Option<(String, WebhookFields)>,
        errors: Option<ErrorsSelection>,
        flag: Option<String>,
        id: Option<String>,
    },
}

impl ReturnShape {
    fn of(operation: &str, ty: &TypeRef, types: &TypeMap) -> Result<Self, GraphqlError> {
        let named = ty.named();
        match named.kind {
            TypeKind::Scalar | TypeKind::Enum => Ok(Self::Scalar {
                boolean: is_named(ty, "Boolean"),
            }),
            TypeKind::Object => {
                let name = named.name.clone().unwrap_or_default();
                let object = lookup(types, &name).ok_or_else(|| {
                    mismatch(operation, format!("the type {name} to be readable"), vec![])
                })?;
                if let Ok(fields) = WebhookFields::of(object) {
                    return Ok(Self::Webhook(fields));
                }
                let webhook = PAYLOAD_WEBHOOK_NAMES
                    .iter()
                    .copied()
                    .chain(object.fields().iter().map(|f| f.name.as_str()))
                    .find_map(|n| {
                        let f = object
                            .fields()
                            .iter()
                            .find(|f| f.name.eq_ignore_ascii_case(n))?;
                        if f.ty.named().kind != TypeKind::Object || f.ty.is_list() {
                            return None;
                        }
                        let t = lookup(types, f.ty.named_name())?;
                        WebhookFields::of(t).ok().map(|w| (f.name.clone(), w))
                    });
                let errors = find_field(object.fields(), PAYLOAD_ERRORS_NAMES, |f| f.ty.is_list())
                    .map(|f| {
                        let subfields = lookup(types, f.ty.named_name())
                            .filter(|t| t.kind == TypeKind::Object)
                            .map(|t| {
                                ERROR_SUBFIELD_NAMES
                                    .iter()
                                    .filter_map(|n| {
                                        find_field(t.fields(), &[n], |sf| is_leaf(&sf.ty))
                                            .map(|sf| sf.name.clone())
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        ErrorsSelection {
                            field: f.name.clone(),
                            subfields,
                        }
                    });
                // An object-typed error list with none of the known subfields cannot be selected.
                let errors = errors.filter(|e| {
                    !e.subfields.is_empty()
                        || object
                            .fields()
                            .iter()
                            .any(|f| f.name == e.field && is_leaf(&f.ty))
                });
                let flag = find_field(object.fields(), PAYLOAD_FLAG_NAMES, |f| {
                    is_named(&f.ty, "Boolean")
                })
                .map(|f| f.name.clone());
                let id = find_field(object.fields(), &["id", "webhookId"], |f| {
                    is_scalar(&f.ty) && !f.ty.is_list()
                })
                .map(|f| f.name.clone());
                Ok(Self::Payload {
                    webhook,
                    errors,
                    flag,
                    id,
                })
            }
            _ => Err(mismatch(
                operation,
                "a scalar, a webhook object or a payload object as result",
                vec![ty.render()],
            )),
        }
    }

    /// [`Self::selection`] with a leading space, or nothing for scalars.
    fn selection_after_field(&self) -> String {
        let selection = self.selection();
        if selection.is_empty() {
            selection
        } else {
            format!(" {selection}")
        }
    }

    /// The selection set to put after the mutation field (empty for scalars).
    pub(crate) fn selection(&self) -> String {
        match self {
            Self::Scalar { .. } => String::new(),
            Self::Webhook(w) => w.selection(),
            Self::Payload {
                webhook,
                errors,
                flag,
                id,
            } => {
                let mut parts = vec!["__typename".to_owned()];
                if let Some((name, w)) = webhook {
                    parts.push(format!("{name} {}", w.selection()));
                }
                if let Some(e) = errors {
                    if e.subfields.is_empty() {
                        parts.push(e.field.clone());
                    } else {
                        parts.push(format!("{} {{ {} }}", e.field, e.subfields.join(" ")));
                    }
                }
                parts.extend(flag.iter().cloned());
                parts.extend(id.iter().cloned());
                format!("{{ {} }}", parts.join(" "))
            }
        }
    }
}
