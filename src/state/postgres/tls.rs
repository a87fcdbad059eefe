//! TLS for the PostgreSQL store: libpq's `sslmode` and `sslrootcert`, over rustls with the
//! *ring* crypto provider (no process-wide provider is installed or read).
//!
//! tokio-postgres knows `sslmode` only up to `require` and no `sslrootcert`, so both are taken
//! out of the connection string here, before the driver parses the rest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use deadpool_postgres::{Manager, ManagerConfig};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::verify_server_cert_signed_by_trust_anchor;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres::NoTls;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::state::StateError;

/// libpq's `sslmode` values (the PostgreSQL documentation, "SSL Support").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SslMode {
    /// Plain TCP.
    Disable,
    /// TLS when the server offers it, plain otherwise (libpq's default).
    Prefer,
    /// TLS or no connection.
    Require,
    /// TLS with a certificate chained to a trusted root, whatever host it names.
    VerifyCa,
    /// TLS with a trusted certificate for the host connected to.
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<Self, StateError> {
        match value {
            "disable" => Ok(Self::Disable),
            "prefer" => Ok(Self::Prefer),
            "require" => Ok(Self::Require),
            "verify-ca" => Ok(Self::VerifyCa),
            "verify-full" => Ok(Self::VerifyFull),
            other => Err(StateError::InvalidInput {
                detail: format!(
                    "sslmode {other:?} is not one of disable, prefer, require, verify-ca, verify-full"
                ),
            }),
        }
    }
}

/// Where trusted root certificates come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Roots {
    /// The operating system's trust store (`sslrootcert=system`, or no `sslrootcert` with a
    /// `verify-*` mode).
    Platform,
    /// A PEM file of one or more CA certificates.
    File(PathBuf),
}

/// The TLS part of a connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TlsSettings {
    mode: SslMode,
    roots: Option<Roots>,
}

impl Default for TlsSettings {
    fn default() -> Self {
        Self {
            mode: SslMode::Prefer,
            roots: None,
        }
    }
}

impl TlsSettings {
    /// Takes `sslmode` and `sslrootcert` out of a connection string (URL or `key=value`
    /// form), returning the rest for the driver and the TLS settings.
    ///
    /// # Errors
    /// [`StateError::InvalidInput`] for an unknown `sslmode`, or `sslrootcert=system` with a
    /// mode that would not check the host (libpq refuses that too).
    pub(super) fn split_from(url: &str) -> Result<(String, Self), StateError> {
        let (rest, pairs) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            split_url_query(url)
        } else {
            split_key_values(url)
        };
        let mut settings = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "sslmode" => settings.mode = SslMode::parse(&value)?,
                _ => {
                    settings.roots = Some(match value.as_str() {
                        "system" => Roots::Platform,
                        path => Roots::File(PathBuf::from(path)),
                    })
                }
            }
        }
        if settings.roots == Some(Roots::Platform) && settings.mode != SslMode::VerifyFull {
            return Err(StateError::InvalidInput {
                detail: "sslrootcert=system needs sslmode=verify-full".to_owned(),
            });
        }
        Ok((rest, settings))
    }

    /// A connection manager for `config` that negotiates TLS as these settings say.
    ///
    /// # Errors
    /// [`StateError::InvalidInput`] when the root certificates cannot be read.
    pub(super) fn manager(
        &self,
        mut config: tokio_postgres::Config,
        manager_config: ManagerConfig,
    ) -> Result<Manager, StateError> {
        config.ssl_mode(match self.mode {
            SslMode::Disable => tokio_postgres::config::SslMode::Disable,
            SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                tokio_postgres::config::SslMode::Require
            }
        });
        if self.mode == SslMode::Disable {
            return Ok(Manager::from_config(config, NoTls, manager_config));
        }
        let tls = MakeRustlsConnect::new(self.client_config()?);
        Ok(Manager::from_config(config, tls, manager_config))
    }

    /// The rustls configuration: what is checked follows libpq. With a root file given, even
    /// `prefer` and `require` check the chain (as libpq does when its root file exists).
    fn client_config(&self) -> Result<ClientConfig, StateError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(tls_setup)?;
        let roots = match (&self.roots, self.mode) {
            (Some(roots), _) => Some(roots),
            (None, SslMode::VerifyCa | SslMode::VerifyFull) => Some(&Roots::Platform),
            (None, _) => None,
        };
        let roots = roots.map(load_roots).transpose()?.map(Arc::new);
        let config = match (roots, self.mode) {
            (Some(roots), SslMode::VerifyFull) => builder.with_root_certificates(roots),
            (roots, _) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(ChainCheck {
                    roots,
                    algorithms: provider.signature_verification_algorithms,
                })),
        };
        Ok(config.with_no_client_auth())
    }
}

/// The parameters this module handles; everything else goes to the driver.
fn is_tls_key(key: &str) -> bool {
    key == "sslmode" || key == "sslrootcert"
}

/// `postgres://…?a=b&sslmode=…`: the URL without the TLS parameters, and their decoded values.
fn split_url_query(url: &str) -> (String, Vec<(String, String)>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), Vec::new());
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut kept = Vec::new();
    let mut taken = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key);
        if is_tls_key(&key) {
            taken.push((key, decode(value)));
        } else {
            kept.push(pair);
        }
    }
    let rest = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (rest, taken)
}

/// `host=… sslmode=…`: the string without the TLS pairs, and their unescaped values. The
/// grammar is libpq's (and tokio-postgres'): `key = value`, a value bare up to whitespace or
/// in single quotes, `\` escaping the next character. A malformed rest is left for the
/// driver to refuse.
fn split_key_values(text: &str) -> (String, Vec<(String, String)>) {
    let mut kept: Vec<&str> = Vec::new();
    let mut taken = Vec::new();
    let mut chars = text.char_indices().peekable();
    let skip_ws = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
    };
    loop {
        skip_ws(&mut chars);
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        skip_ws(&mut chars);
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            skip_ws(&mut chars);
            let quoted = chars.next_if(|(_, c)| *c == '\'').is_some();
            while let Some((_, c)) = chars.next_if(|(_, c)| {
                if quoted {
                    *c != '\''
                } else {
                    !c.is_whitespace()
                }
            }) {
                if c == '\\' {
                    if let Some((_, escaped)) = chars.next() {
                        value.push(escaped);
                    }
                } else {
                    value.push(c);
                }
            }
            if quoted {
                chars.next_if(|(_, c)| *c == '\'');
            }
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        let pair = text.get(start..end).unwrap_or_default();
        if is_tls_key(&key) {
            taken.push((key, value));
        } else {
            kept.push(pair.trim_end());
        }
    }
    (kept.join(" "), taken)
}

/// Reads the trusted roots.
fn load_roots(roots: &Roots) -> Result<RootCertStore, StateError> {
    let certs = match roots {
        Roots::File(path) => read_pem_certificates(path)?,
        Roots::Platform => {
            let found = rustls_native_certs::load_native_certs();
            if found.certs.is_empty() {
                return Err(StateError::InvalidInput {
                    detail: "no root certificates found in the platform's trust store; name \
                             a CA file with sslrootcert="
                        .to_owned(),
                });
            }
            found.certs
        }
    };
    let mut store = RootCertStore::empty();
    let (added, _unusable) = store.add_parsable_certificates(certs);
    if added == 0 {
        return Err(StateError::InvalidInput {
            detail: match roots {
                Roots::File(path) => format!(
                    "the sslrootcert file {} holds no usable CA certificate",
                    path.display()
                ),
                Roots::Platform => {
                    "the platform's trust store holds no usable CA certificate".to_owned()
                }
            },
        });
    }
    Ok(store)
}

fn read_pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, StateError> {
    let unreadable = |e: rustls::pki_types::pem::Error| StateError::InvalidInput {
        detail: format!("cannot read the sslrootcert file {}: {e}", path.display()),
    };
    CertificateDer::pem_file_iter(path)
        .map_err(unreadable)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)
}

fn tls_setup(e: impl std::error::Error + Send + Sync + 'static) -> StateError {
    StateError::Database {
        operation: "setting up TLS for PostgreSQL",
        source: Box::new(e),
    }
}

/// The server check of every mode but `verify-full`: the certificate chains to a trusted
/// root whatever host it names (`verify-ca`, or a root file with `prefer`/`require`), or,
/// without roots, is taken as offered (libpq's `prefer` and `require`: encrypted, not
/// authenticated). Handshake signatures are always checked.
#[derive(Debug)]
struct ChainCheck {
    roots: Option<Arc<RootCertStore>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let certificate = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(
                &certificate,
                roots,
                intermediates,
                now,
                self.algorithms.all,
            )?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// Whether a driver error is a TLS failure (a refused certificate, no common protocol): a
/// setup problem, not a server out of reach.
pub(super) fn is_tls_failure(e: &tokio_postgres::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(error) = source {
        // tokio-rustls wraps rustls' error in an io::Error, whose `source` skips it.
        let wrapped = error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        if error.is::<rustls::Error>() || wrapped.is_some_and(|inner| inner.is::<rustls::Error>()) {
            return true;
        }
        source = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(mode: SslMode, roots: Option<Roots>) -> TlsSettings {
        TlsSettings { mode, roots }
    }

    #[test]
    fn url_parameters_are_taken_out_and_the_rest_kept() {
        let (rest, tls) = TlsSettings::split_from(
            "postgres://u:p%40ss@db.example:5432/app?application_name=sync&sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20one.pem&connect_timeout=5",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgres://u:p%40ss@db.example:5432/app?application_name=sync&connect_timeout=5"
        );
        assert_eq!(
            tls,
            settings(
                SslMode::VerifyFull,
                Some(Roots::File(PathBuf::from("/etc/ca one.pem")))
            )
        );
        let (rest, tls) =
            TlsSettings::split_from("postgresql://db.example/app?sslmode=disable").unwrap();
        assert_eq!(rest, "postgresql://db.example/app");
        assert_eq!(tls, settings(SslMode::Disable, None));
        let (rest, tls) = TlsSettings::split_from("postgres://db.example/app").unwrap();
        assert_eq!(rest, "postgres://db.example/app");
        assert_eq!(tls, TlsSettings::default());
    }

    #[test]
    fn key_value_pairs_are_taken_out_with_quotes_and_escapes() {
        let (rest, tls) = TlsSettings::split_from(
            "host=db.example  sslmode = verify-ca password='a b\\'c' sslrootcert='/etc/my ca\\'s.pem' dbname=app",
        )
        .unwrap();
        assert_eq!(rest, "host=db.example password='a b\\'c' dbname=app");
        assert_eq!(
            tls,
            settings(
                SslMode::VerifyCa,
                Some(Roots::File(PathBuf::from("/etc/my ca's.pem")))
            )
        );
        let rest_config: tokio_postgres::Config = rest.parse().unwrap();
        assert_eq!(rest_config.get_password(), Some(&b"a b'c"[..]));
        let (rest, tls) = TlsSettings::split_from("sslmode=require").unwrap();
        assert_eq!(rest, "");
        assert_eq!(tls, settings(SslMode::Require, None));
    }

    #[test]
    fn the_last_value_wins_as_in_the_driver() {
        let (_, tls) =
            TlsSettings::split_from("host=h sslmode=disable sslmode=verify-full").unwrap();
        assert_eq!(tls.mode, SslMode::VerifyFull);
    }

    #[test]
    fn unknown_modes_and_weak_system_roots_are_refused() {
        let unknown = TlsSettings::split_from("postgres://h/db?sslmode=allow-maybe").unwrap_err();
        assert!(
            matches!(&unknown, StateError::InvalidInput { detail } if detail.contains("allow-maybe")),
            "{unknown:?}"
        );
        for mode in ["prefer", "require", "verify-ca"] {
            let weak = TlsSettings::split_from(&format!(
                "postgres://h/db?sslmode={mode}&sslrootcert=system"
            ))
            .unwrap_err();
            assert!(matches!(weak, StateError::InvalidInput { .. }), "{mode}");
        }
        let (_, tls) =
            TlsSettings::split_from("postgres://h/db?sslmode=verify-full&sslrootcert=system")
                .unwrap();
        assert_eq!(tls, settings(SslMode::VerifyFull, Some(Roots::Platform)));
    }

    #[test]
    fn a_missing_or_empty_root_file_is_a_clear_error() {
        let missing = settings(
            SslMode::VerifyFull,
            Some(Roots::File(PathBuf::from("/nonexistent/ca.pem"))),
        )
        .client_config()
        .unwrap_err();
        assert!(
            matches!(&missing, StateError::InvalidInput { detail } if detail.contains("/nonexistent/ca.pem")),
            "{missing:?}"
        );
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let empty = settings(SslMode::VerifyCa, Some(Roots::File(empty)))
            .client_config()
            .unwrap_err();
        assert!(
            matches!(&empty, StateError::InvalidInput { detail } if detail.contains("no usable CA")),
            "{empty:?}"
        );
    }

    #[test]
    fn unverified_modes_need_no_roots() {
        for mode in [SslMode::Prefer, SslMode::Require] {
            assert!(settings(mode, None).client_config().is_ok(), "{mode:?}");
        }
    }
}
