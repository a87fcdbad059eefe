//! `webhookCreate`: where URL, topic and secret go, and what comes back.

use super::*;

/// How the topic is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TopicSlot {
    pub name: String,
    /// The field is a list: send a one-element list.
    pub list: bool,
    /// The field is an enum with these values.
    pub enum_values: Option<Vec<String>>,
}

impl TopicSlot {
    pub(crate) fn encode(&self, topic: &str) -> Result<Value, GraphqlError> {
        let value = match &self.enum_values {
            Some(values) => topic::to_enum_value(topic, values)?,
            None => topic.to_owned(),
        };
        Ok(if self.list {
            Value::Array(vec![Value::String(value)])
        } else {
            Value::String(value)
        })
    }
}

/// The fields (or flat arguments) carrying URL, topic and secret, plus fixed values the schema
/// requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreateFields {
    pub url: String,
    pub topic: TopicSlot,
    pub secret: Option<String>,
    pub fixed: Vec<(String, Value)>,
}

/// Where the values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CreateArgs {
    /// `webhookCreate(input: XInput!)`: one input-object argument.
    Input { arg: String, arg_type: String },
    /// `webhookCreate(url: String!, topic: …)`: flat arguments, with their declared types.
    Flat { arg_types: Vec<(String, String)> },
}

/// Everything needed to send `webhookCreate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreateShape {
    pub field: String,
    pub args: CreateArgs,
    pub fields: CreateFields,
    pub ret: ReturnShape,
}

fn fill_create_fields(
    operation: &str,
    items: &[InputValue],
    types: &TypeMap,
) -> Result<CreateFields, GraphqlError> {
    let offered = || items.iter().map(InputValue::describe).collect::<Vec<_>>();
    let url =
        find_input(items, URL_NAMES, |i| is_scalar(&i.ty) && !i.ty.is_list()).ok_or_else(|| {
            mismatch(
                operation,
                expected_one_of("a field for the webhook URL", URL_NAMES),
                offered(),
            )
        })?;
    let topic = find_input(items, TOPIC_NAMES, |i| is_leaf(&i.ty)).ok_or_else(|| {
        mismatch(
            operation,
            expected_one_of("a field for the topic", TOPIC_NAMES),
            offered(),
        )
    })?;
    let secret = find_input(items, SECRET_NAMES, |i| is_scalar(&i.ty) && !i.ty.is_list());
    let enum_values = (topic.ty.named().kind == TypeKind::Enum).then(|| {
        lookup(types, topic.ty.named_name())
            .map(FullType::enum_values)
            .unwrap_or_default()
    });
    let taken: Vec<&str> = [Some(url), Some(topic), secret]
        .into_iter()
        .flatten()
        .map(|i| i.name.as_str())
        .collect();
    let mut fixed = Vec::new();
    for item in items.iter().filter(|i| !taken.contains(&i.name.as_str())) {
        let named_as = |names: &[&str]| names.iter().any(|n| item.name.eq_ignore_ascii_case(n));
        if is_named(&item.ty, "Boolean") && !item.ty.is_list() && named_as(ACTIVE_NAMES) {
            fixed.push((item.name.clone(), Value::Bool(true)));
        } else if item.is_required()
            && is_named(&item.ty, "String")
            && !item.ty.is_list()
            && named_as(LABEL_NAMES)
        {
            fixed.push((item.name.clone(), Value::String(WEBHOOK_LABEL.to_owned())));
        } else if item.is_required() {
            return Err(mismatch(
                operation,
                format!(
                    "no required fields besides URL, topic, secret, a label and an active flag, but {} is required",
                    item.describe()
                ),
                offered(),
            ));
        }
    }
    Ok(CreateFields {
        url: url.name.clone(),
        topic: TopicSlot {
            name: topic.name.clone(),
            list: topic.ty.is_list(),
            enum_values,
        },
        secret: secret.map(|s| s.name.clone()),
        fixed,
    })
}

impl CreateShape {
    /// Maps `webhookCreate` (`field`) given the types fetched for it.
    pub(crate) fn discover(field: &Field, types: &TypeMap) -> Result<Self, GraphqlError> {
        let ret = ReturnShape::of(&field.name, &field.ty, types)?;
        let flat_has_url = find_input(&field.args, URL_NAMES, |i| is_scalar(&i.ty)).is_some();
        if flat_has_url {
            let fields = fill_create_fields(&field.name, &field.args, types)?;
            let arg_types = field
                .args
                .iter()
                .map(|a| (a.name.clone(), a.ty.render()))
                .collect();
            return Ok(Self {
                field: field.name.clone(),
                args: CreateArgs::Flat { arg_types },
                fields,
                ret,
            });
        }
        let inputs: Vec<&InputValue> = field
            .args
            .iter()
            .filter(|a| a.ty.named().kind == TypeKind::InputObject && !a.ty.is_list())
            .collect();
        let mut first_error = None;
        for arg in &inputs {
            let Some(input_type) = lookup(types, arg.ty.named_name()) else {
                continue;
            };
            let operation = format!("{}({}: {})", field.name, arg.name, arg.ty.render());
            match fill_create_fields(&operation, input_type.input_fields(), types) {
                Ok(fields) => {
                    if let Some(other) = field
                        .args
                        .iter()
                        .find(|a| a.name != arg.name && a.is_required())
                    {
                        return Err(mismatch(
                            &field.name,
                            format!("only the {} argument to be required", arg.name),
                            vec![other.describe()],
                        ));
                    }
                    return Ok(Self {
                        field: field.name.clone(),
                        args: CreateArgs::Input {
                            arg: arg.name.clone(),
                            arg_type: arg.ty.render(),
                        },
                        fields,
                        ret,
                    });
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| {
            mismatch(
                &field.name,
                expected_one_of(
                    "an argument for the webhook URL, or an input-object argument with such a field",
                    URL_NAMES,
                ),
                field.args.iter().map(InputValue::describe).collect(),
            )
        }))
    }

    /// The mutation text and its variables.
    pub(crate) fn request(
        &self,
        url: &str,
        topic: &str,
        secret: Option<&str>,
    ) -> Result<(String, Value), GraphqlError> {
        let mut values = Map::new();
        values.insert(self.fields.url.clone(), Value::String(url.to_owned()));
        values.insert(
            self.fields.topic.name.clone(),
            self.fields.topic.encode(topic)?,
        );
        if let (Some(name), Some(secret)) = (&self.fields.secret, secret) {
            values.insert(name.clone(), Value::String(secret.to_owned()));
        }
        for (name, value) in &self.fields.fixed {
            values.insert(name.clone(), value.clone());
        }
        let selection = self.ret.selection_after_field();
        Ok(match &self.args {
            CreateArgs::Input { arg, arg_type } => {
                let query = format!(
                    "mutation CreateWebhook(${arg}: {arg_type}) {{ {}({arg}: ${arg}){selection} }}",
                    self.field
                );
                let mut vars = Map::new();
                vars.insert(arg.clone(), Value::Object(values));
                (query, Value::Object(vars))
            }
            CreateArgs::Flat { arg_types } => {
                let used: Vec<&(String, String)> = arg_types
                    .iter()
                    .filter(|(n, _)| values.contains_key(n))
                    .collect();
                let decls: Vec<String> = used.iter().map(|(n, t)| format!("${n}: {t}")).collect();
                let args: Vec<String> = used.iter().map(|(n, _)| format!("{n}: ${n}")).collect();
                let query = format!(
                    "mutation CreateWebhook({}) {{ {}({}){selection} }}",
                    decls.join(", "),
                    self.field,
                    args.join(", ")
                );
                (query, Value::Object(values))
            }
        })
    }
}
