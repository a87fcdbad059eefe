//! `webhookDelete`: where the id goes.

use super::*;

/// The id argument or input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdSlot {
    pub name: String,
    pub int: bool,
    pub list: bool,
}

impl IdSlot {
    fn encode(&self, operation: &str, id: &str) -> Result<Value, GraphqlError> {
        let one = if self.int {
            let n: i64 = id.parse().map_err(|_| {
                mismatch(
                    operation,
                    format!("a numeric webhook id for {}, got {id:?}", self.name),
                    vec![],
                )
            })?;
            Value::from(n)
        } else {
            Value::String(id.to_owned())
        };
        Ok(if self.list {
            Value::Array(vec![one])
        } else {
            one
        })
    }
}

/// Where the id goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DeleteArgs {
    Flat { arg_type: String },
    Input { arg: String, arg_type: String },
}

/// Everything needed to send `webhookDelete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeleteShape {
    pub field: String,
    pub args: DeleteArgs,
    pub id: IdSlot,
    pub ret: ReturnShape,
}

impl DeleteShape {
    /// Maps `webhookDelete` (`field`) given the types fetched for it.
    pub(crate) fn discover(field: &Field, types: &TypeMap) -> Result<Self, GraphqlError> {
        let ret = ReturnShape::of(&field.name, &field.ty, types)?;
        let slot = |i: &InputValue| IdSlot {
            name: i.name.clone(),
            int: is_named(&i.ty, "Int"),
            list: i.ty.is_list(),
        };
        let (args, id) = if let Some(arg) = find_input(&field.args, ID_NAMES, |i| is_scalar(&i.ty))
        {
            (
                DeleteArgs::Flat {
                    arg_type: arg.ty.render(),
                },
                slot(arg),
            )
        } else {
            field
                .args
                .iter()
                .filter(|a| a.ty.named().kind == TypeKind::InputObject && !a.ty.is_list())
                .find_map(|a| {
                    let t = lookup(types, a.ty.named_name())?;
                    let id = find_input(t.input_fields(), ID_NAMES, |i| is_scalar(&i.ty))?;
                    Some((
                        DeleteArgs::Input {
                            arg: a.name.clone(),
                            arg_type: a.ty.render(),
                        },
                        slot(id),
                    ))
                })
                .ok_or_else(|| {
                    mismatch(
                        &field.name,
                        expected_one_of("an id argument or input field", ID_NAMES),
                        field.args.iter().map(InputValue::describe).collect(),
                    )
                })?
        };
        let used = match &args {
            DeleteArgs::Flat { .. } => &id.name,
            DeleteArgs::Input { arg, .. } => arg,
        };
        if let Some(other) = field
            .args
            .iter()
            .find(|a| a.is_required() && &a.name != used)
        {
            return Err(mismatch(
                &field.name,
                format!("only {used} to be required"),
                vec![other.describe()],
            ));
        }
        Ok(Self {
            field: field.name.clone(),
            args,
            id,
            ret,
        })
    }

    /// The mutation text and variables deleting `id`.
    pub(crate) fn request(&self, id: &str) -> Result<(String, Value), GraphqlError> {
        let value = self.id.encode(&self.field, id)?;
        let selection = self.ret.selection_after_field();
        let mut vars = Map::new();
        let query = match &self.args {
            DeleteArgs::Flat { arg_type } => {
                let n = &self.id.name;
                vars.insert(n.clone(), value);
                format!(
                    "mutation DeleteWebhook(${n}: {arg_type}) {{ {}({n}: ${n}){selection} }}",
                    self.field
                )
            }
            DeleteArgs::Input { arg, arg_type } => {
                let mut input = Map::new();
                input.insert(self.id.name.clone(), value);
                vars.insert(arg.clone(), Value::Object(input));
                format!(
                    "mutation DeleteWebhook(${arg}: {arg_type}) {{ {}({arg}: ${arg}){selection} }}",
                    self.field
                )
            }
        };
        Ok((query, Value::Object(vars)))
    }
}
