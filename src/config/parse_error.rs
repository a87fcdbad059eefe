//! Config file errors that never quote the file.
//!
//! The TOML parser's own `Display` prints the offending source line under the message
//! (`4 | password = "hunter2…`), and serde's type errors quote the value they did not expect
//! (``invalid type: integer `123456`, expected a string``). Either would put a secret on
//! stderr when the line is `password = …`, `token = …` or `[state] url = …`. So an error is
//! rendered from the parser's bare message, the key and the line and column only; values are
//! cut out of serde's messages, and a secret key gets a message of its own.

use super::ConfigError;

/// Keys whose values are secrets (the last segment of a dotted key).
const SECRET_KEYS: [&str; 6] = [
    "password",
    "token",
    "webhook_secret",
    "webhook_token",
    "client_secret",
    "url",
];

/// A TOML syntax or type error as a [`ConfigError`]: `key` when the deserializer knows it
/// (`smartweb.password`), else the key written on the offending line, else `config`.
pub(super) fn config_error(
    text: &str,
    error: &toml::de::Error,
    key: Option<String>,
) -> ConfigError {
    let position = error.span().map(|span| Position::of(text, span.start));
    let key = key
        .filter(|k| !k.is_empty() && k != ".")
        .or_else(|| position.and_then(|p| key_on_line(text, p.line)))
        .unwrap_or_else(|| "config".to_owned());
    let message = if is_secret_key(&key) {
        secret_message(error.message())
    } else {
        without_values(error.message())
    };
    let message = match position {
        Some(p) => format!("line {}, column {}: {message}", p.line, p.column),
        None => message,
    };
    ConfigError::new(key, message)
}

/// Whether a dotted key (`shops[0].smartweb.password`) names a secret.
pub(super) fn is_secret_key(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    SECRET_KEYS.contains(&last)
}

/// What to say about a secret's value without showing it.
fn secret_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let found = rest.split([' ', ',']).next().unwrap_or("value");
        format!("must be a string, found {found} (the value is not shown)")
    } else {
        format!("{} (the value is not shown)", without_values(message))
    }
}

/// Serde's messages quote the value they met (``invalid type: string "abc", expected u32``,
/// ``invalid value: integer `-1`, expected …``): keep the kinds, drop the values.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let (before, quoted) = rest.split_at(start);
        let quote = quoted.chars().next().unwrap_or('"');
        let body = quoted.get(1..).unwrap_or_default();
        let Some(end) = body.find(quote) else {
            break;
        };
        out.push_str(before);
        // Backticks after "expected" or "unknown field" name keys and variants, which are
        // not values: keep those; quoted values after "invalid" are dropped.
        let names =
            quote == '`' && !before.contains("invalid type") && !before.contains("invalid value");
        if names {
            out.push('`');
            out.push_str(body.get(..end).unwrap_or_default());
            out.push('`');
        } else {
            // Drop the value and the space before it: `string "x",` → `string,`.
            if out.ends_with(' ') {
                out.pop();
            }
        }
        rest = body.get(end.saturating_add(1)..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

impl Position {
    fn of(text: &str, offset: usize) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
        Self {
            line: before.matches('\n').count().saturating_add(1),
            column: before
                .get(line_start..)
                .unwrap_or_default()
                .chars()
                .count()
                .saturating_add(1),
        }
    }
}

/// The dotted key written on `line` (1-based) under the table header before it, when the
/// line starts with a bare key: `smartweb.password` for `password = "…` under `[smartweb]`.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let index = line.checked_sub(1)?;
    let written = lines.get(index)?;
    let (name, _) = written.split_once('=').unwrap_or((written, ""));
    let name = bare_key(name)?;
    let table = lines
        .iter()
        .take(index)
        .rev()
        .find_map(|l| table_header(l))
        .unwrap_or_default();
    Some(if table.is_empty() {
        name.to_owned()
    } else {
        format!("{table}.{name}")
    })
}

/// A trimmed bare (dotted) key, or `None` when the text is not one.
fn bare_key(text: &str) -> Option<&str> {
    let name = text.trim();
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    bare.then_some(name)
}

/// The name of a `[table]` or `[[array]]` header line.
fn table_header(line: &str) -> Option<&str> {
    let line = line.trim();
    let inner = line
        .strip_prefix("[[")
        .and_then(|l| l.split_once("]]"))
        .or_else(|| line.strip_prefix('[').and_then(|l| l.split_once(']')))
        .map(|(name, _)| name)?;
    bare_key(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_out_of_serde_messages() {
        assert_eq!(
            without_values("invalid type: string \"hunter2\", expected u32"),
            "invalid type: string, expected u32"
        );
        assert_eq!(
            without_values("invalid type: integer `123456`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            without_values("unknown field `layuot`, expected one of `layout`, `scope`"),
            "unknown field `layuot`, expected one of `layout`, `scope`"
        );
        assert_eq!(
            without_values("unknown variant `tuesday`, expected `cron` or `webhooks`"),
            "unknown variant `tuesday`, expected `cron` or `webhooks`"
        );
        assert_eq!(
            without_values("unterminated \"quote"),
            "unterminated \"quote"
        );
    }

    #[test]
    fn secret_keys_are_recognised_by_their_last_segment() {
        assert!(is_secret_key("smartweb.password"));
        assert!(is_secret_key("shops[1].rackbeat.token"));
        assert!(is_secret_key("state.url"));
        assert!(!is_secret_key("smartweb.password_env"));
        assert!(!is_secret_key("settings.layout"));
    }

    #[test]
    fn positions_are_one_based_in_characters() {
        let text = "[a]\nkey = \"æøå\"x\n";
        assert_eq!(Position::of(text, 0), Position { line: 1, column: 1 });
        let offset = text.find('x').unwrap();
        assert_eq!(
            Position::of(text, offset),
            Position {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    fn the_key_on_a_line_is_found_under_its_table() {
        let text = "top = 1\n[smartweb]\npassword = \"x\n[[shops]]\nname = 1\n";
        assert_eq!(key_on_line(text, 1).as_deref(), Some("top"));
        assert_eq!(key_on_line(text, 3).as_deref(), Some("smartweb.password"));
        assert_eq!(key_on_line(text, 5).as_deref(), Some("shops.name"));
        assert_eq!(key_on_line(text, 2), None);
        assert_eq!(key_on_line(text, 99), None);
    }
}
