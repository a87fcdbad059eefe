//! The introspection queries this client sends and the standard result shape they return.
//!
//! Only the parts of the standard `__Schema` / `__Type` result that the webhook mapping needs
//! are read: root fields with their arguments and types, and a type's fields, input fields and
//! enum values.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `__TypeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum TypeKind {
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
    List,
    NonNull,
    #[serde(other)]
    Other,
}

/// A type reference (`type { kind name ofType { … } }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeRef {
    pub kind: TypeKind,
    pub name: Option<String>,
    pub of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// The named type under all `NON_NULL` and `LIST` wrappers.
    pub fn named(&self) -> &TypeRef {
        match (&self.kind, &self.of_type) {
            (TypeKind::NonNull | TypeKind::List, Some(inner)) => inner.named(),
            _ => self,
        }
    }

    /// The name of [`Self::named`] (empty when the server left it out).
    pub fn named_name(&self) -> &str {
        self.named().name.as_deref().unwrap_or_default()
    }

    /// True for `X!`.
    pub fn is_non_null(&self) -> bool {
        self.kind == TypeKind::NonNull
    }

    /// True for `[X]` or `[X]!`.
    pub fn is_list(&self) -> bool {
        match (&self.kind, &self.of_type) {
            (TypeKind::List, _) => true,
            (TypeKind::NonNull, Some(inner)) => inner.kind == TypeKind::List,
            _ => false,
        }
    }

    /// The type as written in GraphQL, e.g. `[WebhookTopic!]!`, for variable declarations.
    pub fn render(&self) -> String {
        match (&self.kind, &self.of_type) {
            (TypeKind::NonNull, Some(inner)) => format!("{}!", inner.render()),
            (TypeKind::List, Some(inner)) => format!("[{}]", inner.render()),
            _ => self.name.clone().unwrap_or_default(),
        }
    }
}

/// An argument or input field (`__InputValue`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InputValue {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default)]
    pub default_value: Option<String>,
}

impl InputValue {
    /// Required: non-null without a default.
    pub fn is_required(&self) -> bool {
        self.ty.is_non_null() && self.default_value.is_none()
    }

    /// `name: Type`, for error messages.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.name, self.ty.render())
    }
}

/// An output field (`__Field`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Field {
    pub name: String,
    #[serde(default)]
    pub args: Vec<InputValue>,
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

impl Field {
    /// `name: Type`, for error messages.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.name, self.ty.render())
    }
}

/// An enum value (`__EnumValue`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct EnumValue {
    pub name: String,
}

/// A full type (`__Type` with its members).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FullType {
    pub kind: TypeKind,
    pub name: Option<String>,
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    #[serde(default)]
    pub input_fields: Option<Vec<InputValue>>,
    #[serde(default)]
    pub enum_values: Option<Vec<EnumValue>>,
}

impl FullType {
    pub fn fields(&self) -> &[Field] {
        self.fields.as_deref().unwrap_or_default()
    }

    pub fn input_fields(&self) -> &[InputValue] {
        self.input_fields.as_deref().unwrap_or_default()
    }

    pub fn enum_values(&self) -> Vec<String> {
        self.enum_values
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }
}

/// `__schema { queryType { fields } mutationType { fields } }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Roots {
    #[serde(default)]
    pub query_type: Option<RootType>,
    #[serde(default)]
    pub mutation_type: Option<RootType>,
}

/// A root operation type with its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct RootType {
    #[serde(default)]
    pub fields: Vec<Field>,
}

impl Roots {
    pub fn query_fields(&self) -> &[Field] {
        self.query_type
            .as_ref()
            .map(|t| t.fields.as_slice())
            .unwrap_or_default()
    }

    pub fn mutation_fields(&self) -> &[Field] {
        self.mutation_type
            .as_ref()
            .map(|t| t.fields.as_slice())
            .unwrap_or_default()
    }
}

/// `data` of [`ROOTS_QUERY`].
#[derive(Debug, Deserialize)]
pub(crate) struct RootsData {
    #[serde(rename = "__schema")]
    pub schema: Roots,
}

/// Depth of `ofType` nesting read: enough for `[[X!]!]!`, as the standard introspection query.
const TYPE_REF: &str = "fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";

/// The root fields of the query and mutation types, with arguments and types.
pub(crate) fn roots_query() -> String {
    format!(
        "query IntrospectRoots {{ __schema {{ \
         queryType {{ fields(includeDeprecated: true) {{ ...RootField }} }} \
         mutationType {{ fields(includeDeprecated: true) {{ ...RootField }} }} }} }} \
         fragment RootField on __Field {{ name args {{ name type {{ ...TypeRef }} defaultValue }} type {{ ...TypeRef }} }} \
         {TYPE_REF}"
    )
}

/// The alias of the `index`th type in [`types_query`], and the variable holding its name.
pub(crate) fn type_alias(index: usize) -> (String, String) {
    (format!("t{index}"), format!("n{index}"))
}

/// One request reading several named types, aliased `t0`, `t1`, … with names in `$n0`, `$n1`, ….
pub(crate) fn types_query(names: &[String]) -> (String, serde_json::Value) {
    let mut decls = Vec::new();
    let mut selections = Vec::new();
    let mut variables = serde_json::Map::new();
    for (index, name) in names.iter().enumerate() {
        let (alias, var) = type_alias(index);
        decls.push(format!("${var}: String!"));
        selections.push(format!("{alias}: __type(name: ${var}) {{ ...FullType }}"));
        variables.insert(var, serde_json::Value::String(name.clone()));
    }
    let query = format!(
        "query IntrospectTypes({}) {{ {} }} \
         fragment FullType on __Type {{ kind name \
         fields(includeDeprecated: true) {{ name args {{ name type {{ ...TypeRef }} defaultValue }} type {{ ...TypeRef }} }} \
         inputFields {{ name type {{ ...TypeRef }} defaultValue }} \
         enumValues(includeDeprecated: true) {{ name }} }} \
         {TYPE_REF}",
        decls.join(", "),
        selections.join(" ")
    );
    (query, serde_json::Value::Object(variables))
}

/// Types read so far, by name. A name the server does not know maps to `None`.
pub(crate) type TypeMap = BTreeMap<String, Option<FullType>>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> TypeRef {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn renders_and_unwraps_wrapped_types() {
        let t = parse(json!({"kind":"NON_NULL","name":null,"ofType":
            {"kind":"LIST","name":null,"ofType":
                {"kind":"NON_NULL","name":null,"ofType":{"kind":"ENUM","name":"WebhookTopic","ofType":null}}}}));
        assert_eq!(t.render(), "[WebhookTopic!]!");
        assert_eq!(t.named_name(), "WebhookTopic");
        assert_eq!(t.named().kind, TypeKind::Enum);
        assert!(t.is_list());
        assert!(t.is_non_null());
    }

    #[test]
    fn types_query_aliases_each_name() {
        let (q, vars) = types_query(&["A".into(), "B".into()]);
        assert!(q.contains("t0: __type(name: $n0)"));
        assert!(q.contains("t1: __type(name: $n1)"));
        assert_eq!(vars, json!({"n0":"A","n1":"B"}));
    }
}
