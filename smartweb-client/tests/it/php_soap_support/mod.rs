//! The driver of the PHP ext/soap conformance stage (`scripts/php-soap/run.sh`): the PHP
//! server's address and files, a tally of checks, and one run of the curated calls over one
//! SOAP version.

pub mod faults;
pub mod log;
pub mod orders;
pub mod products;
pub mod shop;
pub mod users;

use std::fmt::{Debug, Display};
use std::path::PathBuf;

use chrono::NaiveDateTime;
use smartweb_client::soap::SoapVersion;
use smartweb_client::{SmartWebClient, SmartWebClientBuilder};

use log::{Arg, PhpLog, arg, call, password, text};

/// The login the PHP shop accepts (`scripts/php-soap/ShopData.php`).
pub const USERNAME: &str = "api@kaffeogkopper.example";
/// The PHP shop's test password (not a secret; it needs XML escaping on the wire).
pub const PASSWORD: &str = "Kaffe&Kopper<2026>";

/// Where the PHP server runs, from the environment `run.sh` sets. A missing variable fails
/// the test: this stage never passes without having talked to PHP.
pub struct Stage {
    pub url: String,
    pub log: PathBuf,
    pub sessions: PathBuf,
}

impl Stage {
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: run this test through scripts/php-soap/run.sh <path to shared>")
            })
        };
        Self {
            url: var("SMARTWEB_PHP_URL"),
            log: PathBuf::from(var("SMARTWEB_PHP_LOG")),
            sessions: PathBuf::from(var("SMARTWEB_PHP_SESSIONS")),
        }
    }

    /// Ends every PHP session, as an idle timeout on the server would.
    pub fn expire_sessions(&self) -> usize {
        let entries = std::fs::read_dir(&self.sessions)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", self.sessions.display()));
        let mut removed = 0;
        for entry in entries {
            let path = entry.expect("session directory entry").path();
            std::fs::remove_file(&path)
                .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
            removed += 1;
        }
        removed
    }
}

/// Every comparison made, and the ones that failed (all are reported, not just the first).
#[derive(Default)]
pub struct Checks {
    count: usize,
    failures: Vec<String>,
}

impl Checks {
    pub fn that(&mut self, what: impl Display, ok: bool, detail: impl FnOnce() -> String) {
        self.count += 1;
        if !ok {
            self.failures.push(format!("{what}: {}", detail()));
        }
    }

    pub fn eq<T: PartialEq + Debug>(&mut self, what: impl Display, got: &T, want: &T) {
        self.that(what, got == want, || {
            difference(&format!("{got:?}"), &format!("{want:?}"))
        });
    }

    /// Prints the tally (the line `run.sh` reports) and fails the test on any failure.
    pub fn finish(self) {
        println!(
            "php-soap: {} checks, {} failed",
            self.count,
            self.failures.len()
        );
        assert!(
            self.failures.is_empty(),
            "PHP ext/soap conformance failures:\n{}",
            self.failures.join("\n")
        );
    }
}

/// Where two `Debug` texts part: a window around the first difference (whole records are
/// compared, and a record's text runs to kilobytes).
fn difference(got: &str, want: &str) -> String {
    const CONTEXT: usize = 120;
    let at = got
        .char_indices()
        .zip(want.chars())
        .find(|((_, g), w)| g != w)
        .map_or_else(|| got.len().min(want.len()), |((i, _), _)| i);
    let window = |text: &str| {
        let boundary = |i: usize| {
            (0..=i.min(text.len()))
                .rev()
                .find(|&b| text.is_char_boundary(b))
        };
        let start = boundary(at.saturating_sub(CONTEXT)).unwrap_or(0);
        let end = boundary(at + CONTEXT).unwrap_or(0);
        format!("…{}…", &text[start..end])
    };
    format!("\n    got:  {}\n    want: {}", window(got), window(want))
}

/// One pass of the curated calls over one SOAP version.
pub struct Run<'a> {
    pub stage: &'a Stage,
    pub version: SoapVersion,
    pub client: SmartWebClient,
    pub checks: &'a mut Checks,
    log: PhpLog,
}

impl<'a> Run<'a> {
    pub fn new(stage: &'a Stage, version: SoapVersion, checks: &'a mut Checks) -> Self {
        let client = builder(stage, version)
            .build()
            .expect("client for the PHP server");
        Self {
            stage,
            version,
            client,
            checks,
            log: PhpLog::open(stage.log.clone()),
        }
    }

    /// `"SOAP 1.1"`/`"SOAP 1.2"`, prefixed to every check's name.
    pub fn label(&self) -> &'static str {
        match self.version {
            SoapVersion::V11 => "SOAP 1.1",
            SoapVersion::V12 => "SOAP 1.2",
        }
    }

    pub fn eq<T: PartialEq + Debug>(&mut self, what: impl Display, got: &T, want: &T) {
        let label = self.label();
        self.checks.eq(format!("[{label}] {what}"), got, want);
    }

    pub fn that(&mut self, what: impl Display, ok: bool, detail: impl FnOnce() -> String) {
        let label = self.label();
        self.checks.that(format!("[{label}] {what}"), ok, detail);
    }

    /// Checks the requests PHP received since the last look: exactly these operations in
    /// this order, each argument with its name, position, PHP type and value, all in this
    /// run's SOAP version.
    pub fn arrived(&mut self, what: &str, want: Vec<(String, Vec<Arg>)>) {
        let calls = self.log.take();
        let version = match self.version {
            SoapVersion::V11 => "1.1",
            SoapVersion::V12 => "1.2",
        };
        let got_ops: Vec<&str> = calls.iter().map(|c| c.op.as_str()).collect();
        let want_ops: Vec<&str> = want.iter().map(|(op, _)| op.as_str()).collect();
        self.eq(
            format!("{what}: operations PHP received"),
            &got_ops,
            &want_ops,
        );
        for (call, (op, args)) in calls.iter().zip(&want) {
            if call.op != *op {
                continue;
            }
            self.eq(
                format!("{what}: {op} arrived over SOAP {version}"),
                &call.soap.as_str(),
                &version,
            );
            self.eq(
                format!("{what}: arguments of {op} as PHP decoded them"),
                &call.args,
                args,
            );
        }
    }
}

/// A client for the PHP server: no pacing worth mentioning, the given SOAP version.
pub fn builder(stage: &Stage, version: SoapVersion) -> SmartWebClientBuilder {
    SmartWebClient::builder()
        .endpoint(stage.url.clone())
        .username(USERNAME)
        .password(PASSWORD)
        .soap_version(version)
        .requests_per_minute(60_000)
}

/// A result with its error as text, so a failed comparison shows what went wrong.
pub fn ok<T>(result: Result<T, smartweb_client::Error>) -> Result<T, String> {
    result.map_err(|e| format!("{e} ({e:?})"))
}

/// A text value.
pub fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// What ext/soap writes for a required string without a value (`<Cvr/>`): an empty string.
pub fn empty() -> Option<String> {
    Some(String::new())
}

/// A shop-local time.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("a shop date")
}

/// What a login sends: `Solution_Connect`, then the language layer.
pub fn login_calls() -> Vec<(String, Vec<Arg>)> {
    vec![
        call(
            "Solution_Connect",
            vec![
                arg("Username", text(USERNAME)),
                arg("Password", password(PASSWORD)),
            ],
        ),
        call("Solution_SetLanguage", vec![arg("LanguageISO", text("DK"))]),
    ]
}
