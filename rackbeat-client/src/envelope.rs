//! Rackbeat's response envelopes: `{<singular>: {...}}` and
//! `{<plural>: [...], total, pages, page, limit}`.
//!
//! Each model names its keys once through [`Resource`], including the irregular ones
//! (`product_locations`, `payment_terms`, `currencies`). When the declared key is absent,
//! the only array (list) or only object (single) in the body is taken instead, so an
//! unverified key does not break decoding (it is kept as JSON text until known, so its numbers
//! keep their text).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A model that Rackbeat wraps in an envelope keyed by its name.
pub trait Resource {
    /// Key of a single object, e.g. `product` in `{"product": {...}}`.
    const SINGULAR: &'static str;
    /// Key of a list, e.g. `products` in `{"products": [...], "total": ...}`.
    const PLURAL: &'static str;
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page, from the `T::PLURAL` key.
    pub items: Vec<T>,
    /// Total number of items over all pages.
    pub total: Option<u64>,
    /// Number of pages.
    pub pages: Option<u64>,
    /// This page's number (1-based).
    pub page: Option<u64>,
    /// Page size.
    pub limit: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            total: None,
            pages: None,
            page: None,
            limit: None,
        }
    }
}

impl<T> Page<T> {
    /// Whether a later page exists. `false` when the page is empty or the counters are
    /// missing, so a malformed envelope cannot make a stream loop forever.
    pub fn has_next(&self) -> bool {
        if self.items.is_empty() {
            return false;
        }
        match (self.page, self.pages) {
            (Some(page), Some(pages)) => page < pages,
            _ => false,
        }
    }
}

impl<T: Resource + Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry(T::PLURAL, &self.items)?;
        m.serialize_entry("total", &self.total)?;
        m.serialize_entry("pages", &self.pages)?;
        m.serialize_entry("page", &self.page)?;
        m.serialize_entry("limit", &self.limit)?;
        m.end()
    }
}

/// Reads a counter leniently (number or numeric string).
struct Counter(Option<u64>);

impl<'de> Deserialize<'de> for Counter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_util::opt_int::deserialize(d).map(Counter)
    }
}

impl<'de, T: Resource + DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);
        impl<'de, T: Resource + DeserializeOwned> Visitor<'de> for PageVisitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list envelope with key `{}`", T::PLURAL)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut page = Page::default();
                let mut found = false;
                let mut arrays: Vec<Box<RawValue>> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        k if k == T::PLURAL => {
                            page.items = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
                            found = true;
                        }
                        "total" => page.total = map.next_value::<Counter>()?.0,
                        "pages" => page.pages = map.next_value::<Counter>()?.0,
                        "page" => page.page = map.next_value::<Counter>()?.0,
                        "limit" => page.limit = map.next_value::<Counter>()?.0,
                        _ if found => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        _ => {
                            let value = map.next_value::<Box<RawValue>>()?;
                            if value.get().trim_start().starts_with('[') {
                                arrays.push(value);
                            }
                        }
                    }
                }
                if !found {
                    // Irregular key not declared by the model: accept the only array sent.
                    match (arrays.pop(), arrays.is_empty()) {
                        (Some(items), true) => {
                            page.items =
                                serde_json::from_str(items.get()).map_err(de::Error::custom)?;
                        }
                        _ => return Err(de::Error::missing_field(T::PLURAL)),
                    }
                }
                Ok(page)
            }
        }
        d.deserialize_map(PageVisitor(PhantomData))
    }
}

/// A single object wrapped under its singular key: `{"product": {...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Single<T>(pub T);

impl<T> Single<T> {
    /// The wrapped object.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: Resource + Serialize> Serialize for Single<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(T::SINGULAR, &self.0)?;
        m.end()
    }
}

impl<'de, T: Resource + DeserializeOwned> Deserialize<'de> for Single<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SingleVisitor<T>(PhantomData<T>);
        impl<'de, T: Resource + DeserializeOwned> Visitor<'de> for SingleVisitor<T> {
            type Value = Single<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an object envelope with key `{}`", T::SINGULAR)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Single<T>, A::Error> {
                let mut item = None;
                let mut objects = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == T::SINGULAR && item.is_none() {
                        item = Some(map.next_value::<T>()?);
                    } else if item.is_none() {
                        let value = map.next_value::<Box<RawValue>>()?;
                        if value.get().trim_start().starts_with('{') {
                            objects.push(value);
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if let Some(item) = item {
                    return Ok(Single(item));
                }
                // Irregular key not declared by the model: accept the only object sent.
                match (objects.pop(), objects.is_empty()) {
                    (Some(v), true) => serde_json::from_str(v.get())
                        .map(Single)
                        .map_err(de::Error::custom),
                    _ => Err(de::Error::missing_field(T::SINGULAR)),
                }
            }
        }
        d.deserialize_map(SingleVisitor(PhantomData))
    }
}
