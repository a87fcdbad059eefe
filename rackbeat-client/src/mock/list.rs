//! List queries: pagination, search, filters, sorting and field selection, and the list envelope.
//!
//! - `page` (1-based, default 1) and `limit` (default 20, at least 1, capped at the configured
//!   maximum: default 1000 after Rackbeat's own LR client "max 1000, min 1"). The answer is
//!   HTTP 206 with `{<plural>: [...], total, pages, page, limit}`; `limit` is the limit applied
//!   and `pages` is at least 1 (Laravel's paginator), so an empty list is `pages: 1`.
//! - `search`: case-insensitive substring over each resource's search fields (listed in the
//!   module docs of [`crate::mock`]).
//! - `simple_filter[<field>]=<value>`: exact match of a top-level field's text (`true`/`false`
//!   for booleans, the literal for numbers).
//! - `updated_at_from` / `updated_at_to` (and `created_at_from` / `created_at_to`): inclusive
//!   bounds in server time, `YYYY-MM-DD HH:MM:SS` (a bare date or ISO-8601 is also accepted); an
//!   unreadable value is a 422.
//! - `order_by=<field>&order_direction=ASC|DESC` on a top-level field; default insertion order.
//! - `fields=a,b,c(*)` keeps only those top-level fields (a nested selection keeps the whole
//!   object).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::clock::Clock;
use super::json::{at_path, scalar_text};
use super::reply::{ApiError, Errors, Reply};
use super::state::Spec;

/// The documented default page size.
pub(crate) const DEFAULT_LIMIT: u64 = 20;

/// A rendered row with its (created, updated) instants, as list filters need them.
pub(crate) type Listed = (DateTime<Utc>, DateTime<Utc>, Value);

/// A parsed list query.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListQuery {
    pub(crate) page: u64,
    pub(crate) limit: u64,
    pub(crate) search: Option<String>,
    pub(crate) simple: Vec<(String, String)>,
    /// Every other query parameter, for endpoints with extra filters.
    pub(crate) plain: Vec<(String, String)>,
    pub(crate) updated: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub(crate) created: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub(crate) fields: Option<Vec<String>>,
    pub(crate) order_by: Option<(String, bool)>,
}

impl ListQuery {
    pub(crate) fn parse(
        pairs: &[(String, String)],
        clock: &Clock,
        max_limit: u64,
    ) -> Result<Self, ApiError> {
        let mut q = ListQuery {
            page: 1,
            limit: DEFAULT_LIMIT.min(max_limit.max(1)),
            ..Default::default()
        };
        let mut errors = Errors::default();
        let mut direction_desc = false;
        let mut order_by = None;
        for (k, v) in pairs {
            let mut time = |slot: &mut Option<DateTime<Utc>>| match clock.parse(v) {
                Some(t) => *slot = Some(t),
                None => errors.add(
                    k.clone(),
                    format!("The {} is not a valid date.", k.replace('_', " ")),
                ),
            };
            match k.as_str() {
                "page" => {
                    q.page = v
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|p| *p >= 1)
                        .unwrap_or(1)
                }
                "limit" => {
                    q.limit = v
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .unwrap_or(DEFAULT_LIMIT)
                        .clamp(1, max_limit.max(1));
                }
                "search" if !v.trim().is_empty() => q.search = Some(v.trim().to_lowercase()),
                "updated_at_from" => time(&mut q.updated.0),
                "updated_at_to" => time(&mut q.updated.1),
                "created_at_from" => time(&mut q.created.0),
                "created_at_to" => time(&mut q.created.1),
                "fields" => q.fields = Some(top_level_fields(v)),
                "order_by" => order_by = Some(v.trim().to_owned()),
                "order_direction" => direction_desc = v.trim().eq_ignore_ascii_case("desc"),
                _ => match k
                    .strip_prefix("simple_filter[")
                    .and_then(|r| r.strip_suffix(']'))
                {
                    Some(field) => q.simple.push((field.to_owned(), v.clone())),
                    None => q.plain.push((k.clone(), v.clone())),
                },
            }
        }
        q.order_by = order_by
            .filter(|f| !f.is_empty())
            .map(|f| (f, direction_desc));
        errors.into_result().map(|()| q)
    }

    /// Filters, sorts, pages and projects rendered rows into the 206 list envelope.
    /// `rows` pairs each rendered object with its (created, updated) instants.
    pub(crate) fn answer(&self, spec: &Spec, rows: Vec<Listed>) -> Reply {
        let mut kept: Vec<Value> = rows
            .into_iter()
            .filter(|(created, updated, v)| {
                self.within_times(*created, *updated) && self.matches(spec, v)
            })
            .map(|(_, _, v)| v)
            .collect();
        if let Some((field, desc)) = &self.order_by {
            kept.sort_by(|a, b| {
                let o = compare(a.get(field), b.get(field));
                if *desc { o.reverse() } else { o }
            });
        }
        let total = kept.len();
        let (skip, take) = self.window();
        let items: Vec<Value> = kept
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|v| self.project(v))
            .collect();
        self.envelope(spec, items, total)
    }

    /// Whether filtering or sorting reads the rendered objects (`search`, `simple_filter`,
    /// `order_by`), so every row must be rendered before the page can be cut.
    pub(crate) fn reads_values(&self) -> bool {
        self.search.is_some() || !self.simple.is_empty() || self.order_by.is_some()
    }

    /// Whether a row's instants pass the `created_at_…` and `updated_at_…` bounds.
    pub(crate) fn within_times(&self, created: DateTime<Utc>, updated: DateTime<Utc>) -> bool {
        within(created, self.created) && within(updated, self.updated)
    }

    /// [`Self::answer`] for rows that already passed every filter, in list order, when
    /// nothing reads the rendered objects ([`Self::reads_values`] is false): only the page's
    /// rows are rendered.
    pub(crate) fn answer_rendered_page<R>(
        &self,
        spec: &Spec,
        kept: &[R],
        render: impl Fn(&R) -> Value,
    ) -> Reply {
        let (skip, take) = self.window();
        let items: Vec<Value> = kept
            .iter()
            .skip(skip)
            .take(take)
            .map(|r| self.project(render(r)))
            .collect();
        self.envelope(spec, items, kept.len())
    }

    /// (rows to skip, rows to take) for the requested page.
    fn window(&self) -> (usize, usize) {
        let skip =
            usize::try_from((self.page - 1).saturating_mul(self.limit)).unwrap_or(usize::MAX);
        let take = usize::try_from(self.limit).unwrap_or(usize::MAX);
        (skip, take)
    }

    /// The 206 list envelope around one page of `total` rows.
    fn envelope(&self, spec: &Spec, items: Vec<Value>, total: usize) -> Reply {
        let total = total as u64;
        let pages = total.div_ceil(self.limit).max(1);
        let mut body = serde_json::Map::new();
        body.insert(spec.plural.to_owned(), Value::Array(items));
        body.insert("total".into(), json!(total));
        body.insert("pages".into(), json!(pages));
        body.insert("page".into(), json!(self.page));
        body.insert("limit".into(), json!(self.limit));
        Reply::partial(Value::Object(body))
    }

    fn matches(&self, spec: &Spec, v: &Value) -> bool {
        let simple_ok = self.simple.iter().all(|(field, want)| {
            v.get(field)
                .and_then(scalar_text)
                .is_some_and(|have| &have == want)
        });
        let search_ok = self.search.as_ref().is_none_or(|needle| {
            spec.search.iter().any(|path| {
                at_path(v, path)
                    .and_then(scalar_text)
                    .is_some_and(|t| t.to_lowercase().contains(needle))
            })
        });
        simple_ok && search_ok
    }

    /// Applies `fields=` to one object.
    pub(crate) fn project(&self, v: Value) -> Value {
        match (&self.fields, v) {
            (Some(fields), Value::Object(o)) => Value::Object(
                o.into_iter()
                    .filter(|(k, _)| fields.iter().any(|f| f == k || f == "*"))
                    .collect(),
            ),
            (_, v) => v,
        }
    }
}

fn within(t: DateTime<Utc>, (from, to): (Option<DateTime<Utc>>, Option<DateTime<Utc>>)) -> bool {
    from.is_none_or(|f| t >= f) && to.is_none_or(|e| t <= e)
}

/// Numbers compare as decimals, everything else as text; missing values sort first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let dec = |v: Option<&Value>| v.and_then(super::json::decimal);
    match (dec(a), dec(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.and_then(scalar_text).cmp(&b.and_then(scalar_text)),
    }
}

/// `number,name,locations(*)` → `["number", "name", "locations"]`, ignoring commas inside `()`.
fn top_level_fields(spec: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in spec.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => out.push(std::mem::take(&mut current)),
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    out.push(current);
    out.into_iter()
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        crate::mock::state::Kind::Product.spec()
    }

    #[test]
    fn rendering_only_the_page_answers_like_rendering_every_row() {
        let t0 = DateTime::UNIX_EPOCH;
        let rows: Vec<Listed> = (0..7i64)
            .map(|i| {
                let at = t0 + chrono::Duration::days(i);
                (at, at, json!({"number": format!("N{i}"), "name": "x"}))
            })
            .collect();
        for (page, limit, from) in [
            (1, 3, None),
            (3, 3, None),
            (4, 3, None),
            (1, 20, None),
            (2, 2, Some(t0 + chrono::Duration::days(2))),
            (9, 1000, None),
        ] {
            let q = ListQuery {
                page,
                limit,
                updated: (from, None),
                fields: Some(vec!["number".into()]),
                ..Default::default()
            };
            assert!(!q.reads_values());
            let eager = q.answer(&spec(), rows.clone());
            let kept: Vec<&Listed> = rows
                .iter()
                .filter(|(c, u, _)| q.within_times(*c, *u))
                .collect();
            let lazy = q.answer_rendered_page(&spec(), &kept, |(_, _, v)| v.clone());
            assert_eq!(lazy.status, 206);
            assert_eq!(eager.body, lazy.body, "page {page}, limit {limit}");
        }
    }

    #[test]
    fn value_filters_and_sorting_need_every_row_rendered() {
        let base = ListQuery {
            page: 1,
            limit: 20,
            ..Default::default()
        };
        assert!(!base.reads_values());
        let searched = ListQuery {
            search: Some("a".into()),
            ..base.clone()
        };
        let filtered = ListQuery {
            simple: vec![("number".into(), "1".into())],
            ..base.clone()
        };
        let sorted = ListQuery {
            order_by: Some(("name".into(), true)),
            ..base
        };
        assert!(searched.reads_values() && filtered.reads_values() && sorted.reads_values());
    }

    #[test]
    fn field_lists_ignore_nested_selections() {
        assert_eq!(
            top_level_fields("number, name,locations(number,name)"),
            ["number", "name", "locations"]
        );
    }
}
