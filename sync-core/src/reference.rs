//! The reference that ties a Rackbeat order to its SmartWeb order (`other_reference`).
//!
//! Rule: the format (setting `reference_format`, default `"SW-{number}"`) must contain
//! `{number}` or `{id}`; both stand for the SmartWeb order id (the number the shop admin
//! shows). [`ReferenceFormat::parse`] reverses [`ReferenceFormat::render`], so the engine can
//! recover a crash between "created in Rackbeat" and "recorded" by looking orders up by
//! reference.

const PLACEHOLDERS: [&str; 2] = ["{number}", "{id}"];

/// A validated reference format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceFormat {
    prefix: String,
    suffix: String,
    placeholder: &'static str,
}

impl ReferenceFormat {
    /// Parses a format; `None` when it contains neither `{number}` nor `{id}`. The first
    /// placeholder found is the one substituted; further occurrences stay literal.
    #[must_use]
    pub fn new(format: &str) -> Option<Self> {
        let (at, placeholder) = PLACEHOLDERS
            .iter()
            .filter_map(|p| format.find(p).map(|at| (at, *p)))
            .min_by_key(|(at, _)| *at)?;
        let prefix = format.get(..at)?.to_owned();
        let suffix = format.get(at + placeholder.len()..)?.to_owned();
        Some(Self {
            prefix,
            suffix,
            placeholder,
        })
    }

    /// The reference of SmartWeb order `order_id`.
    #[must_use]
    pub fn render(&self, order_id: u64) -> String {
        format!("{}{order_id}{}", self.prefix, self.suffix)
    }

    /// The SmartWeb order id a reference was rendered from, if it matches this format.
    #[must_use]
    pub fn parse(&self, reference: &str) -> Option<u64> {
        let rest = reference.strip_prefix(self.prefix.as_str())?;
        let digits = rest.strip_suffix(self.suffix.as_str())?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// The placeholder this format uses (`{number}` or `{id}`).
    #[must_use]
    pub fn placeholder(&self) -> &'static str {
        self.placeholder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_and_parse_round_trip() {
        let f = ReferenceFormat::new("SW-{number}").unwrap();
        assert_eq!(f.render(1042), "SW-1042");
        assert_eq!(f.parse("SW-1042"), Some(1042));
        assert_eq!(f.parse("SW-"), None);
        assert_eq!(f.parse("XX-1042"), None);
        assert_eq!(f.parse("SW-10a"), None);
        let f = ReferenceFormat::new("shop1/{id}/web").unwrap();
        assert_eq!(f.render(7), "shop1/7/web");
        assert_eq!(f.parse("shop1/7/web"), Some(7));
        assert_eq!(f.placeholder(), "{id}");
    }

    #[test]
    fn format_without_placeholder_is_refused() {
        assert_eq!(ReferenceFormat::new("SW-"), None);
        assert_eq!(ReferenceFormat::new("{num}"), None);
    }
}
