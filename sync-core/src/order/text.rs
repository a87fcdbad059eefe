//! Text sent to Rackbeat: no control characters, bounded length.
//!
//! Rules:
//! - **Free text** (customer and address names, streets, cities, phone numbers, line texts,
//!   the heading): control characters (Unicode `Cc`: NUL, the C0 range, DEL, the C1 range)
//!   are removed; a line break or tab becomes one space, because no field the engine writes
//!   is multi-line (an address already has `street` and `street2`). The text is then trimmed
//!   and cut to [`TEXT_LIMIT`] characters. Each change is a [`Warning::TextCleaned`] naming
//!   the field; the order still goes through (a cleaned name still names the customer).
//! - **Identifiers** (item numbers, e-mail, CVR, EAN) cannot be cleaned without becoming
//!   another identifier, so a control character or more than [`TEXT_LIMIT`] characters is a
//!   [`MappingProblem::UnusableIdentifier`]: the order fails with the field named and is
//!   retried once the shop's data is fixed.
//! - **Why 191**: Rackbeat publishes no field limits. It is a Laravel application on MySQL,
//!   whose string columns are `VARCHAR(255)`, or `VARCHAR(191)` where an index over a
//!   4-byte UTF-8 column must fit 767 bytes; 191 characters fits either, for every field.

use std::fmt;

use super::plan::{Address, DraftOrder, NewCustomer};
use super::problem::{MappingProblem, Warning};

/// The most characters any text sent to Rackbeat may have.
pub const TEXT_LIMIT: usize = 191;

/// What is wrong with an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierFault {
    /// It holds control characters (how many).
    ControlCharacters(usize),
    /// It is longer than [`TEXT_LIMIT`] characters (how many it has).
    TooLong(usize),
}

impl fmt::Display for IdentifierFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ControlCharacters(n) => write!(f, "it holds {n} control character(s)"),
            Self::TooLong(n) => write!(f, "it has {n} characters, more than {TEXT_LIMIT}"),
        }
    }
}

/// Records a problem when the identifier in `value` cannot be sent as it is.
pub(crate) fn check_identifier(field: String, value: &str, problems: &mut Vec<MappingProblem>) {
    let controls = value.chars().filter(|c| c.is_control()).count();
    let fault = if controls > 0 {
        IdentifierFault::ControlCharacters(controls)
    } else {
        let chars = value.trim().chars().count();
        if chars <= TEXT_LIMIT {
            return;
        }
        IdentifierFault::TooLong(chars)
    };
    problems.push(MappingProblem::UnusableIdentifier { field, fault });
}

/// `value` without control characters, trimmed and cut to [`TEXT_LIMIT`] characters,
/// with a warning naming `field` when anything changed.
fn clean(field: impl FnOnce() -> String, value: &mut String, warnings: &mut Vec<Warning>) {
    let removed = value
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    let needs_work = value.chars().any(char::is_control) || value.chars().nth(TEXT_LIMIT).is_some();
    if !needs_work {
        return;
    }
    let mut spaced = String::with_capacity(value.len());
    let mut after_break = false;
    for c in value.chars() {
        match c {
            '\n' | '\r' | '\t' => {
                if !after_break {
                    spaced.push(' ');
                }
                after_break = true;
            }
            c if c.is_control() => {}
            c => {
                spaced.push(c);
                after_break = false;
            }
        }
    }
    let trimmed = spaced.trim();
    let chars = trimmed.chars().count();
    let cut_from = (chars > TEXT_LIMIT).then_some(chars);
    let cleaned: String = trimmed.chars().take(TEXT_LIMIT).collect();
    let cleaned = cleaned.trim_end().to_owned();
    if removed > 0 || cut_from.is_some() {
        warnings.push(Warning::TextCleaned {
            field: field(),
            removed,
            cut_from,
        });
    }
    *value = cleaned;
}

fn clean_opt(
    field: impl FnOnce() -> String,
    value: &mut Option<String>,
    warnings: &mut Vec<Warning>,
) {
    if let Some(v) = value.as_mut() {
        clean(field, v, warnings);
    }
}

pub(crate) fn clean_address(which: &str, a: &mut Address, warnings: &mut Vec<Warning>) {
    for (name, value) in [
        ("name", &mut a.name),
        ("street", &mut a.street),
        ("street2", &mut a.street2),
        ("zipcode", &mut a.zipcode),
        ("city", &mut a.city),
        ("state", &mut a.state),
        ("country", &mut a.country),
        ("email", &mut a.email),
        ("phone", &mut a.phone),
    ] {
        clean(|| format!("{which} {name}"), value, warnings);
    }
}

/// Cleans the free texts of the planned order and customer that are not addresses
/// (those are cleaned with [`clean_address`] as they are built).
pub(crate) fn clean_plan(
    order: &mut DraftOrder,
    customer: &mut NewCustomer,
    warnings: &mut Vec<Warning>,
) {
    clean(|| "customer name".to_owned(), &mut customer.name, warnings);
    clean_opt(
        || "customer phone".to_owned(),
        &mut customer.contact_phone,
        warnings,
    );
    clean(|| "heading".to_owned(), &mut order.heading, warnings);
    for (i, line) in order.lines.iter_mut().enumerate() {
        clean(
            || format!("order line {} text", i + 1),
            &mut line.name,
            warnings,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(input: &str) -> (String, Vec<Warning>) {
        let mut value = input.to_owned();
        let mut warnings = Vec::new();
        clean(|| "f".to_owned(), &mut value, &mut warnings);
        (value, warnings)
    }

    #[test]
    fn control_characters_go_and_line_breaks_become_spaces() {
        let (value, warnings) = cleaned("Jens\0 Hansen\u{7}\u{9b}");
        assert_eq!(value, "Jens Hansen");
        assert_eq!(
            warnings,
            [Warning::TextCleaned {
                field: "f".into(),
                removed: 3,
                cut_from: None
            }]
        );
        let (value, warnings) = cleaned("Vestergade 1\r\n3. tv\t");
        assert_eq!(value, "Vestergade 1 3. tv");
        assert!(
            warnings.is_empty(),
            "whitespace only is not worth a warning"
        );
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let (value, warnings) = cleaned(&"æ".repeat(100 * 1024));
        assert_eq!(value.chars().count(), TEXT_LIMIT);
        assert_eq!(
            warnings,
            [Warning::TextCleaned {
                field: "f".into(),
                removed: 0,
                cut_from: Some(100 * 1024)
            }]
        );
        let exact = "a".repeat(TEXT_LIMIT);
        assert_eq!(cleaned(&exact), (exact.clone(), Vec::new()));
    }

    #[test]
    fn clean_text_is_left_alone() {
        assert_eq!(
            cleaned("  Søren Ærø  "),
            ("  Søren Ærø  ".to_owned(), Vec::new())
        );
    }

    #[test]
    fn identifiers_are_refused_not_cleaned() {
        let mut problems = Vec::new();
        check_identifier("e-mail".into(), "a@b.dk\0", &mut problems);
        check_identifier("item".into(), &"X".repeat(TEXT_LIMIT + 1), &mut problems);
        check_identifier("cvr".into(), " 12345678 ", &mut problems);
        check_identifier("ean".into(), &"1".repeat(TEXT_LIMIT), &mut problems);
        assert_eq!(
            problems,
            [
                MappingProblem::UnusableIdentifier {
                    field: "e-mail".into(),
                    fault: IdentifierFault::ControlCharacters(1)
                },
                MappingProblem::UnusableIdentifier {
                    field: "item".into(),
                    fault: IdentifierFault::TooLong(TEXT_LIMIT + 1)
                },
            ]
        );
        assert_eq!(
            problems[0].to_string(),
            "e-mail cannot be sent to Rackbeat: it holds 1 control character(s)"
        );
    }
}
