//! Configuration of a [`SmartWebClient`]: the one place that validates it.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::{Host, Url};

use super::SmartWebClient;
use crate::Error;
use crate::soap::{NilForm, SoapVersion};

/// The endpoint of the WSDL's `soap:address`.
pub const DEFAULT_ENDPOINT: &str = "https://api.hostedshop.io/service.php";
/// The language layer set after each login (`Solution_SetLanguage`).
pub const DEFAULT_LANGUAGE: &str = "DK";
/// Requests per second, evenly spaced (a courtesy: no limit is documented, API sheet §2.10).
pub const DEFAULT_REQUESTS_PER_SECOND: u32 = 4;
/// Largest response body read (a fully inlined catalogue page can be large).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// Whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// TCP/TLS connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How often a **read** is re-sent after a transport error.
pub const DEFAULT_TRANSPORT_RETRIES: usize = 2;
/// First back-off delay before re-sending a read (doubles each time).
pub const DEFAULT_RETRY_MIN_DELAY: Duration = Duration::from_millis(500);

/// Validated settings shared by clones of one client.
pub(crate) struct Config {
    pub(crate) endpoint: Url,
    pub(crate) username: String,
    pub(crate) password: SecretString,
    pub(crate) language: String,
    pub(crate) soap_version: SoapVersion,
    pub(crate) nil_form: NilForm,
    pub(crate) max_response_bytes: u64,
    pub(crate) requests_per_second: NonZeroU32,
    pub(crate) transport_retries: usize,
    pub(crate) retry_min_delay: Duration,
}

/// Builds a [`SmartWebClient`]; start with [`SmartWebClient::builder`].
///
/// Only `username` and `password` are required. [`build`](Self::build) refuses a plain
/// `http://` endpoint unless its host is a loopback address (tests and local fakes), because
/// the login and the session cookie travel in every request.
#[derive(Debug, Clone)]
pub struct SmartWebClientBuilder {
    endpoint: String,
    username: Option<String>,
    password: Option<SecretString>,
    language: String,
    requests_per_second: u32,
    soap_version: SoapVersion,
    nil_form: NilForm,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: u64,
    transport_retries: usize,
    retry_min_delay: Duration,
    http_client: Option<reqwest::Client>,
}

impl Default for SmartWebClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            username: None,
            password: None,
            language: DEFAULT_LANGUAGE.to_owned(),
            requests_per_second: DEFAULT_REQUESTS_PER_SECOND,
            soap_version: SoapVersion::V11,
            nil_form: NilForm::Empty,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            transport_retries: DEFAULT_TRANSPORT_RETRIES,
            retry_min_delay: DEFAULT_RETRY_MIN_DELAY,
            http_client: None,
        }
    }
}

impl SmartWebClientBuilder {
    /// A builder with the defaults (see the `DEFAULT_*` constants of this module).
    pub fn new() -> Self {
        Self::default()
    }

    /// The SOAP endpoint (default [`DEFAULT_ENDPOINT`]).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The API user's login (an e-mail address), sent as `Solution_Connect.Username`.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The API user's password. Kept as a secret: never in `Debug`, logs or errors.
    pub fn password(mut self, password: impl Into<SecretString>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The language layer to select after each login (default [`DEFAULT_LANGUAGE`]); use the
    /// shop's layer codes (`DK`, `UK`, …) from `Solution_GetLanguages`.
    pub fn language(mut self, language_iso: impl Into<String>) -> Self {
        self.language = language_iso.into();
        self
    }

    /// Requests per second for all clones of the client together (default
    /// [`DEFAULT_REQUESTS_PER_SECOND`]); must be at least 1.
    pub fn requests_per_second(mut self, requests_per_second: u32) -> Self {
        self.requests_per_second = requests_per_second;
        self
    }

    /// SOAP 1.1 (default, what the WSDL promises) or 1.2 (proven live).
    pub fn soap_version(mut self, version: SoapVersion) -> Self {
        self.soap_version = version;
        self
    }

    /// How an argument without a value is sent: empty element (default) or `xsi:nil`.
    pub fn nil_form(mut self, nil: NilForm) -> Self {
        self.nil_form = nil;
        self
    }

    /// Whole-request timeout (default [`DEFAULT_TIMEOUT`]); `None` for no timeout.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]); `None` for no timeout.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger one
    /// fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How often a read is re-sent after a transport error and the first back-off delay
    /// (doubling, capped at 30 s). Writes are never re-sent. Defaults:
    /// [`DEFAULT_TRANSPORT_RETRIES`], [`DEFAULT_RETRY_MIN_DELAY`].
    pub fn transport_retries(mut self, retries: usize, min_delay: Duration) -> Self {
        self.transport_retries = retries;
        self.retry_min_delay = min_delay;
        self
    }

    /// Sends every request through `client` instead of one built here: for a proxy, extra
    /// root certificates, another TLS backend, your own timeouts or connection pool.
    ///
    /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout) then no
    /// longer apply, and no `User-Agent` is set: configure those on `client`. Everything else
    /// still does: endpoint check, login and session cookies (kept by this crate, not by a
    /// cookie store of `client`), pacing, retries of reads, the response size limit.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Validates the settings and builds the client. Nothing is sent until the first call.
    pub fn build(self) -> Result<SmartWebClient, Error> {
        let endpoint = validate_endpoint(&self.endpoint)?;
        let username = self
            .username
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| Error::Config("username is required".to_owned()))?;
        let password = self
            .password
            .ok_or_else(|| Error::Config("password is required".to_owned()))?;
        let requests_per_second = NonZeroU32::new(self.requests_per_second)
            .ok_or_else(|| Error::Config("requests_per_second must be at least 1".to_owned()))?;
        if self.language.trim().is_empty() {
            return Err(Error::Config("language must not be empty".to_owned()));
        }
        if self.max_response_bytes == 0 {
            return Err(Error::Config(
                "max_response_bytes must be at least 1".to_owned(),
            ));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => own_http_client(&endpoint, self.timeout, self.connect_timeout)?,
        };
        let config = Config {
            endpoint,
            username,
            password,
            language: self.language.trim().to_owned(),
            soap_version: self.soap_version,
            nil_form: self.nil_form,
            max_response_bytes: self.max_response_bytes,
            requests_per_second,
            transport_retries: self.transport_retries,
            retry_min_delay: self.retry_min_delay,
        };
        Ok(SmartWebClient::from_parts(Arc::new(config), http))
    }
}

/// The client used when the caller passes none.
fn own_http_client(
    endpoint: &Url,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
) -> Result<reqwest::Client, Error> {
    if endpoint.scheme() == "https" && !crate::http::HAS_TLS {
        return Err(Error::Config(crate::http::NO_TLS.to_owned()));
    }
    let mut http = crate::http::client_builder()?
        .user_agent(concat!("smartweb-client/", env!("CARGO_PKG_VERSION")));
    if let Some(timeout) = timeout {
        http = http.timeout(timeout);
    }
    if let Some(timeout) = connect_timeout {
        http = http.connect_timeout(timeout);
    }
    http.build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

/// `https://` anywhere; `http://` only to a loopback host (127.0.0.0/8, `::1`, `localhost`).
fn validate_endpoint(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::Config(format!("endpoint is not a URL ({e})")))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(Error::Config(
            "plain http:// is only allowed to a loopback host; use https://".to_owned(),
        )),
        other => Err(Error::Config(format!(
            "endpoint scheme must be https, not {other}"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_needs_a_tls_feature_or_a_callers_client() {
        let builder = SmartWebClientBuilder::new().username("u").password("p");
        let https = builder.clone().build();
        if crate::http::HAS_TLS {
            assert!(https.is_ok(), "{https:?}");
        } else {
            assert!(
                matches!(&https, Err(Error::Config(m)) if m == crate::http::NO_TLS),
                "{https:?}"
            );
        }
        let caller = crate::http::client_builder().unwrap().build().unwrap();
        let with_caller = builder.http_client(caller).build();
        assert!(with_caller.is_ok(), "{with_caller:?}");
    }

    #[test]
    fn endpoints_are_checked() {
        assert!(validate_endpoint("https://api.hostedshop.io/service.php").is_ok());
        assert!(validate_endpoint("http://127.0.0.1:8080/service.php").is_ok());
        assert!(validate_endpoint("http://127.3.4.5/service.php").is_ok());
        assert!(validate_endpoint("http://[::1]:9000/").is_ok());
        assert!(validate_endpoint("http://localhost:9000/").is_ok());
        assert!(matches!(
            validate_endpoint("http://api.hostedshop.io/service.php"),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            validate_endpoint("http://10.0.0.1/service.php"),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            validate_endpoint("ftp://localhost/"),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            validate_endpoint("not a url"),
            Err(Error::Config(_))
        ));
    }
}
