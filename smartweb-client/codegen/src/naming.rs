//! Rust names from WSDL names.

/// `ItemNumber` → `item_number`, `B2B` → `b2b`, `LanguageISO` → `language_iso`,
/// `SEORedirect_GetAll` → `seo_redirect_get_all`.
pub fn snake(wire: &str) -> String {
    let mut out = String::new();
    for part in wire.split('_').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        let chars: Vec<char> = part.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower) {
                    out.push('_');
                }
            }
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
    "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// A snake_case identifier, raw (`r#type`) when it is a keyword.
pub fn field_ident(wire: &str) -> String {
    let s = snake(wire);
    if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// `Order_GetById` → `OrderGetById`.
pub fn op_type(wire: &str) -> String {
    wire.split('_')
        .map(|p| {
            let mut cs = p.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `INCLUSION` → `Inclusion`.
pub fn variant(value: &str) -> String {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lower = p.to_ascii_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Doc text safe for rustdoc (no HTML tags or link brackets).
pub fn doc_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases() {
        assert_eq!(snake("ItemNumber"), "item_number");
        assert_eq!(snake("B2B"), "b2b");
        assert_eq!(snake("LanguageISO"), "language_iso");
        assert_eq!(snake("VatGroupId"), "vat_group_id");
        assert_eq!(snake("SEORedirect_GetAll"), "seo_redirect_get_all");
        assert_eq!(snake("module"), "module");
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(op_type("Order_GetById"), "OrderGetById");
        assert_eq!(variant("INCLUSION"), "Inclusion");
    }
}
