//! The PHP server's request log (`scripts/php-soap/RequestLog.php`): one JSON line per call
//! with the arguments in the order SmartWeb binds them and the type PHP decoded each one as.

use std::fmt;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::PathBuf;

use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A value as ext/soap decoded it. Floats are exact decimals of PHP's shortest text for the
/// double (`1.0E-5`), so `Float(0.00001)` and `Float(0.000010)` are the same.
#[derive(Debug, Clone, PartialEq)]
pub enum Php {
    Null,
    Bool(bool),
    Int(i64),
    Float(Decimal),
    String(String),
    /// The SHA-256 (hex) of a password the server did not log in clear.
    Sha256(String),
    Array(Vec<Php>),
    Object(Vec<Arg>),
}

/// One argument (or object field) in the order PHP holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub value: Php,
}

/// One request as PHP decoded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub op: String,
    /// `"1.1"` or `"1.2"`.
    pub soap: String,
    pub args: Vec<Arg>,
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.op)?;
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{}: {:?}", arg.name, arg.value)?;
        }
        write!(f, ") over SOAP {}", self.soap)
    }
}

#[derive(Deserialize)]
struct RawCall {
    op: String,
    soap: String,
    args: Vec<RawArg>,
}

#[derive(Deserialize)]
struct RawArg {
    name: String,
    #[serde(flatten)]
    value: RawValue,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum RawValue {
    Null,
    Bool { value: bool },
    Int { value: i64 },
    Float { value: String },
    String { value: String },
    Sha256 { value: String },
    Array { items: Vec<RawValue> },
    Object { fields: Vec<RawArg> },
}

fn value(raw: RawValue) -> Result<Php, String> {
    Ok(match raw {
        RawValue::Null => Php::Null,
        RawValue::Bool { value } => Php::Bool(value),
        RawValue::Int { value } => Php::Int(value),
        RawValue::Float { value } => Php::Float(
            Decimal::from_str_exact(&value)
                .or_else(|_| Decimal::from_scientific(&value))
                .map_err(|e| format!("PHP float {value:?} is not a decimal: {e}"))?,
        ),
        RawValue::String { value } => Php::String(value),
        RawValue::Sha256 { value } => Php::Sha256(value),
        RawValue::Array { items } => {
            Php::Array(items.into_iter().map(value).collect::<Result<_, _>>()?)
        }
        RawValue::Object { fields } => Php::Object(args(fields)?),
    })
}

fn args(raw: Vec<RawArg>) -> Result<Vec<Arg>, String> {
    raw.into_iter()
        .map(|a| {
            Ok(Arg {
                name: a.name,
                value: value(a.value)?,
            })
        })
        .collect()
}

/// Reads the calls appended to the log since the last read.
pub struct PhpLog {
    path: PathBuf,
    offset: u64,
}

impl PhpLog {
    /// Starts at the current end of the log (earlier calls are not this run's).
    pub fn open(path: PathBuf) -> Self {
        let offset = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("cannot read the PHP request log {}: {e}", path.display()))
            .len();
        Self { path, offset }
    }

    /// The calls PHP logged since the last read, in order.
    pub fn take(&mut self) -> Vec<Call> {
        let mut file = std::fs::File::open(&self.path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", self.path.display()));
        file.seek(SeekFrom::Start(self.offset))
            .unwrap_or_else(|e| panic!("cannot seek {}: {e}", self.path.display()));
        let mut calls = Vec::new();
        let mut reader = BufReader::new(file);
        let mut line = String::new();
        loop {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", self.path.display()));
            if read == 0 {
                break;
            }
            self.offset += read as u64;
            let raw: RawCall = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("unreadable PHP log line {line:?}: {e}"));
            let parsed = args(raw.args).unwrap_or_else(|e| panic!("{e} in {line:?}"));
            calls.push(Call {
                op: raw.op,
                soap: raw.soap,
                args: parsed,
            });
        }
        calls
    }
}

// ----- expected values ---------------------------------------------------------------------

/// An expected call: the operation and its arguments in binding order.
pub fn call(op: &str, args: Vec<Arg>) -> (String, Vec<Arg>) {
    (op.to_owned(), args)
}

pub fn arg(name: &str, value: Php) -> Arg {
    Arg {
        name: name.to_owned(),
        value,
    }
}

pub fn int(value: i64) -> Php {
    Php::Int(value)
}

pub fn float(value: Decimal) -> Php {
    Php::Float(value)
}

pub fn text(value: &str) -> Php {
    Php::String(value.to_owned())
}

pub fn boolean(value: bool) -> Php {
    Php::Bool(value)
}

pub fn object(fields: Vec<Arg>) -> Php {
    Php::Object(fields)
}

/// How PHP logs a password: its SHA-256.
pub fn password(clear: &str) -> Php {
    let digest = Sha256::digest(clear.as_bytes());
    Php::Sha256(digest.iter().map(|b| format!("{b:02x}")).collect())
}
