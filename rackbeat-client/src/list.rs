//! List requests: typed filters, one page, or a stream over all pages.

use std::marker::PhantomData;

use chrono::NaiveDateTime;
use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::RackbeatClient;
use crate::envelope::{Page, Resource};
use crate::error::Result;

/// A stream never fetches more pages than this, whatever the envelope claims.
const MAX_PAGES: u32 = 100_000;

/// Sort direction for [`ListBuilder::order_by`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    /// `ASC`.
    Ascending,
    /// `DESC`.
    Descending,
}

impl SortDirection {
    fn as_str(self) -> &'static str {
        match self {
            Self::Ascending => "ASC",
            Self::Descending => "DESC",
        }
    }
}

/// A list request. Add filters, then [`send`](Self::send) for one page or
/// [`stream`](Self::stream) for every item over all pages.
#[derive(Debug, Clone)]
#[must_use = "a list request does nothing until `send`, `stream` or `all` is called"]
pub struct ListBuilder<T> {
    client: RackbeatClient,
    segments: Vec<String>,
    params: Vec<(String, String)>,
    limit: Option<u32>,
    page: Option<u32>,
    _item: PhantomData<fn() -> T>,
}

impl<T: Resource + DeserializeOwned + Send + 'static> ListBuilder<T> {
    pub(crate) fn new(client: &RackbeatClient, segments: &[&str]) -> Self {
        Self {
            client: client.clone(),
            segments: segments.iter().map(|s| (*s).to_owned()).collect(),
            params: Vec::new(),
            limit: None,
            page: None,
            _item: PhantomData,
        }
    }

    fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.params.retain(|(k, _)| *k != key);
        self.params.push((key, value.into()));
        self
    }

    /// Free-text search: `search=<text>`.
    pub fn search(self, text: impl Into<String>) -> Self {
        self.with("search", text)
    }

    /// `updated_at_from=YYYY-MM-DD HH:MM:SS` (server local time; support varies by endpoint).
    pub fn updated_at_from(self, at: NaiveDateTime) -> Self {
        self.with(
            "updated_at_from",
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
        )
    }

    /// `updated_at_to=YYYY-MM-DD HH:MM:SS`.
    pub fn updated_at_to(self, at: NaiveDateTime) -> Self {
        self.with("updated_at_to", at.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    /// Exact-field filter: `simple_filter[<field>]=<value>`.
    pub fn simple_filter(self, field: &str, value: impl Into<String>) -> Self {
        self.with(format!("simple_filter[{field}]"), value)
    }

    /// Only return these fields: `fields=a,b,c` (nested selection like `locations(*)` works).
    pub fn fields<I, S>(self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let list: Vec<String> = fields.into_iter().map(|f| f.as_ref().to_owned()).collect();
        self.with("fields", list.join(","))
    }

    /// Expand relations: `expand=a,b`.
    pub fn expand<I, S>(self, relations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let list: Vec<String> = relations
            .into_iter()
            .map(|f| f.as_ref().to_owned())
            .collect();
        self.with("expand", list.join(","))
    }

    /// Sorting: `order_by=<field>&order_direction=ASC|DESC`.
    pub fn order_by(self, field: impl Into<String>, direction: SortDirection) -> Self {
        self.with("order_by", field)
            .with("order_direction", direction.as_str())
    }

    /// Any other query parameter (e.g. `is_barred=false`; boolean filters are unreliable, a
    /// 422 "not filterable" is possible).
    pub fn param(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.with(key, value)
    }

    /// Page size (`limit`). Streams default to the client's page size (200).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit.max(1));
        self
    }

    /// Which page [`send`](Self::send) fetches, 1-based (default 1); where a stream starts.
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page.max(1));
        self
    }

    fn query(&self, page: u32, limit: Option<u32>) -> Vec<(String, String)> {
        let mut q = self.params.clone();
        q.push(("page".into(), page.to_string()));
        if let Some(limit) = limit {
            q.push(("limit".into(), limit.to_string()));
        }
        q
    }

    async fn fetch(&self, page: u32, limit: Option<u32>) -> Result<Page<T>> {
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        self.client
            .json(
                Method::GET,
                &segments,
                &self.query(page, limit),
                None::<&()>,
            )
            .await
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<Page<T>> {
        self.fetch(self.page.unwrap_or(1), self.limit).await
    }

    /// Every item over all pages, fetched lazily page by page. Stops after the page whose
    /// number reaches `pages`, at an empty page, or at a short page when `pages` is missing.
    pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + 'static {
        let limit = self.limit.unwrap_or_else(|| self.client.page_size());
        let start = self.page.unwrap_or(1);
        stream::try_unfold((self, Some(start)), move |(this, next)| async move {
            let Some(requested) = next else {
                return Ok(None);
            };
            let page = this.fetch(requested, Some(limit)).await?;
            let n = page.items.len();
            let current = page.page.unwrap_or(u64::from(requested));
            // Without `pages`, a full page means "maybe more"; "full" is the limit the server
            // says it applied (it may cap ours: the maximum is undocumented, sheet §1.6).
            let applied = page.limit.filter(|l| *l > 0).unwrap_or(u64::from(limit));
            let more = match page.pages {
                _ if n == 0 => false,
                Some(pages) => current < pages,
                None => u64::try_from(n).unwrap_or(u64::MAX) >= applied,
            };
            let next = (more && requested < MAX_PAGES).then_some(requested + 1);
            Ok(Some((page.items, (this, next))))
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    /// Collects [`stream`](Self::stream) into a `Vec`.
    pub async fn all(self) -> Result<Vec<T>> {
        self.stream().try_collect().await
    }
}

/// Bounds an item stream to the items of its first `pages` pages of `limit` items, so a
/// look-up by search cannot walk an unbounded result set.
pub(crate) trait TakePages: Sized {
    fn take_pages(self, pages: usize, limit: u32) -> futures::stream::Take<Self>;
}

impl<S: futures::Stream> TakePages for S {
    fn take_pages(self, pages: usize, limit: u32) -> futures::stream::Take<Self> {
        futures::StreamExt::take(
            self,
            pages.saturating_mul(usize::try_from(limit).unwrap_or(usize::MAX)),
        )
    }
}
