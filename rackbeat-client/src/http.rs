//! The HTTP client behind this crate's clients, and the starting point for one of your own.
//!
//! Its TLS backend is chosen by the crate's features: `rustls` (the default) with the *ring*
//! crypto provider given to this client alone (no process-wide provider is installed or
//! read), or `native-tls`, which wins when both are on.

use crate::Error;

/// Whether clients built here can speak `https`.
pub(crate) const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Why an `https` client cannot be built without a caller's client.
pub(crate) const NO_TLS: &str = "this build has no TLS backend: enable the `rustls` or \
                                 `native-tls` feature, or pass a client with `http_client`";

/// A `reqwest::ClientBuilder` with this build's TLS backend and nothing else set.
///
/// Start from it to hand the client builder your own `reqwest::Client` (its `http_client`
/// method) with a proxy, extra roots or other timeouts, keeping this crate's TLS setup.
/// A `reqwest::Client::builder()` of your own works as well, but when this crate's `rustls`
/// feature is the only TLS feature of reqwest in your program, reqwest's rustls has no
/// crypto provider of its own: give that builder a TLS backend
/// (`tls_backend_preconfigured`, `tls_backend_native`), enable reqwest's `rustls` feature
/// (aws-lc), or start from this function.
///
/// # Errors
/// [`Error::Config`] when the platform's certificate verifier cannot be set up.
pub fn client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "native-tls")]
    let builder = builder.tls_backend_native();
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    let builder = builder.tls_backend_preconfigured(rustls_config()?);
    Ok(builder)
}

/// rustls with ring, TLS 1.2 and 1.3, and the platform's certificate verifier (its trust
/// store and revocation checks), as reqwest's own rustls setup uses.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map(|builder| builder.with_no_client_auth())
        .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))
}
