//! The `webhooks` query: paging (style B, 1-based) and where the list is.

use super::*;

/// How pages are asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Paging {
    /// No paging arguments.
    None,
    /// `webhooks(pagination: PaginationInput)`.
    Input {
        arg: String,
        arg_type: String,
        page: String,
        size: Option<String>,
    },
    /// `webhooks(page: Int, limit: Int)`; names with declared types.
    Flat {
        page: (String, String),
        size: Option<(String, String)>,
    },
}

/// Where the webhooks are in the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Container {
    /// The field returns the list itself.
    Direct,
    /// Page style B: `{ data: [...], pagination: {...} }`.
    Wrapped {
        data: String,
        info: Option<PageInfo>,
    },
}

/// The page-info object and the fields read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageInfo {
    pub field: String,
    pub total_pages: Option<String>,
    pub has_next: Option<String>,
}

/// Everything needed to send the `webhooks` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListShape {
    pub field: String,
    pub paging: Paging,
    pub container: Container,
    pub webhook: WebhookFields,
}

impl ListShape {
    /// Maps the `webhooks` query (`field`) given the types fetched for it.
    pub(crate) fn discover(field: &Field, types: &TypeMap) -> Result<Self, GraphqlError> {
        let op = field.name.as_str();
        let int_like = |i: &InputValue| is_scalar(&i.ty) && !i.ty.is_list();
        let paging = if let Some(page) = find_input(&field.args, PAGE_NAMES, int_like) {
            let size = find_input(&field.args, SIZE_NAMES, int_like);
            Paging::Flat {
                page: (page.name.clone(), page.ty.render()),
                size: size.map(|s| (s.name.clone(), s.ty.render())),
            }
        } else {
            field
                .args
                .iter()
                .filter(|a| a.ty.named().kind == TypeKind::InputObject)
                .find_map(|a| {
                    let t = lookup(types, a.ty.named_name())?;
                    let page = find_input(t.input_fields(), PAGE_NAMES, int_like)?;
                    let size = find_input(t.input_fields(), SIZE_NAMES, int_like);
                    let others_required = t.input_fields().iter().any(|i| {
                        i.is_required()
                            && i.name != page.name
                            && Some(&i.name) != size.map(|s| &s.name)
                    });
                    (!others_required).then(|| Paging::Input {
                        arg: a.name.clone(),
                        arg_type: a.ty.render(),
                        page: page.name.clone(),
                        size: size.map(|s| s.name.clone()),
                    })
                })
                .unwrap_or(Paging::None)
        };
        let used: Vec<&str> = match &paging {
            Paging::None => vec![],
            Paging::Input { arg, .. } => vec![arg.as_str()],
            Paging::Flat { page, size } => [Some(&page.0), size.as_ref().map(|s| &s.0)]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect(),
        };
        if let Some(other) = field
            .args
            .iter()
            .find(|a| a.is_required() && !used.contains(&a.name.as_str()))
        {
            return Err(mismatch(
                op,
                "no required arguments besides pagination",
                vec![other.describe()],
            ));
        }

        let named = field.ty.named();
        let named_name = named.name.clone().unwrap_or_default();
        let object = lookup(types, &named_name)
            .filter(|t| t.kind == TypeKind::Object)
            .ok_or_else(|| {
                mismatch(
                    op,
                    "a list of webhooks or a page object as result",
                    vec![field.ty.render()],
                )
            })?;
        let (container, webhook_type) = if field.ty.is_list() {
            (Container::Direct, object)
        } else {
            let offered = || {
                object
                    .fields()
                    .iter()
                    .map(Field::describe)
                    .collect::<Vec<_>>()
            };
            let data = find_field(object.fields(), DATA_NAMES, |f| f.ty.is_list())
                .or_else(|| {
                    object
                        .fields()
                        .iter()
                        .find(|f| f.ty.is_list() && f.ty.named().kind == TypeKind::Object)
                })
                .ok_or_else(|| {
                    mismatch(
                        &named_name,
                        expected_one_of("a list field", DATA_NAMES),
                        offered(),
                    )
                })?;
            let element = lookup(types, data.ty.named_name()).ok_or_else(|| {
                mismatch(
                    &named_name,
                    "a readable webhook type",
                    vec![data.describe()],
                )
            })?;
            let info = find_field(object.fields(), PAGE_INFO_NAMES, |f| {
                f.ty.named().kind == TypeKind::Object
            })
            .and_then(|f| {
                let t = lookup(types, f.ty.named_name())?;
                let total_pages = find_field(t.fields(), TOTAL_PAGES_NAMES, |g| is_scalar(&g.ty))
                    .map(|g| g.name.clone());
                let has_next =
                    find_field(t.fields(), HAS_NEXT_NAMES, |g| is_named(&g.ty, "Boolean"))
                        .map(|g| g.name.clone());
                (total_pages.is_some() || has_next.is_some()).then(|| PageInfo {
                    field: f.name.clone(),
                    total_pages,
                    has_next,
                })
            });
            (
                Container::Wrapped {
                    data: data.name.clone(),
                    info,
                },
                element,
            )
        };
        Ok(Self {
            field: field.name.clone(),
            paging,
            container,
            webhook: WebhookFields::of(webhook_type)?,
        })
    }

    /// The query text and variables for page `page` (1-based) of `size` items.
    pub(crate) fn request(&self, page: u32, size: u32) -> (String, Value) {
        let mut vars = Map::new();
        let (decls, args) = match &self.paging {
            Paging::None => (String::new(), String::new()),
            Paging::Input {
                arg,
                arg_type,
                page: page_name,
                size: size_name,
            } => {
                let mut input = Map::new();
                input.insert(page_name.clone(), Value::from(page));
                if let Some(s) = size_name {
                    input.insert(s.clone(), Value::from(size));
                }
                vars.insert(arg.clone(), Value::Object(input));
                (format!("(${arg}: {arg_type})"), format!("({arg}: ${arg})"))
            }
            Paging::Flat {
                page: (page_name, page_type),
                size: size_arg,
            } => {
                vars.insert(page_name.clone(), Value::from(page));
                let mut decls = vec![format!("${page_name}: {page_type}")];
                let mut args = vec![format!("{page_name}: ${page_name}")];
                if let Some((s, t)) = size_arg {
                    vars.insert(s.clone(), Value::from(size));
                    decls.push(format!("${s}: {t}"));
                    args.push(format!("{s}: ${s}"));
                }
                (
                    format!("({})", decls.join(", ")),
                    format!("({})", args.join(", ")),
                )
            }
        };
        let body = match &self.container {
            Container::Direct => self.webhook.selection(),
            Container::Wrapped { data, info } => {
                let info_sel = info
                    .as_ref()
                    .map(|i| {
                        let names: Vec<&str> = [i.total_pages.as_deref(), i.has_next.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect();
                        format!(" {} {{ {} }}", i.field, names.join(" "))
                    })
                    .unwrap_or_default();
                format!("{{ {data} {}{info_sel} }}", self.webhook.selection())
            }
        };
        let query = format!(
            "query ListWebhooks{decls} {{ {}{args} {body} }}",
            self.field
        );
        (query, Value::Object(vars))
    }

    /// Whether this shape pages at all.
    pub(crate) fn pages(&self) -> bool {
        self.paging != Paging::None
    }
}
