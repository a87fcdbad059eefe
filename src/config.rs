//! The configuration file of the `sync` program (TOML), and how it becomes clients, settings
//! and a state store.
//!
//! ```toml
//! [smartweb]
//! endpoint = "https://api.hostedshop.io/service.php"
//! username = "api@example.dk"
//! password_env = "SMARTWEB_PASSWORD"
//!
//! [rackbeat]
//! token_env = "RACKBEAT_TOKEN"
//!
//! [settings]
//! layout = 1
//!
//! [state]
//! path = "smartweb-rackbeat.sqlite"   # beside this file
//! ```
//!
//! Loading never reads the process environment by itself: [`ConfigFile::resolve`] takes a
//! lookup function, so tests and embedders decide where `*_env` secrets come from. Every
//! error names the key it is about (`smartweb.password`, `settings.layout`, …). A secret given
//! in plain text where `*_env` is expected is accepted with a warning.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rackbeat_client::RackbeatClient;
use smartweb_client::client::SmartWebClient;
use smartweb_client::graphql::{GraphqlClient, GraphqlError};

use secrecy::SecretString;
use serde::Deserialize;
use sync_core::settings::Settings;
use url::Url;

use crate::integration::Integration;
use crate::state::{SqliteStore, StateError, StateStore};

mod parse_error;

/// Default SmartWeb SOAP endpoint.
pub const DEFAULT_SMARTWEB_ENDPOINT: &str = "https://api.hostedshop.io/service.php";
/// Default Rackbeat API base URL.
pub const DEFAULT_RACKBEAT_BASE_URL: &str = "https://app.rackbeat.com/api/";
/// The largest `smartweb.requests_per_second` accepted.
pub const MAX_REQUESTS_PER_SECOND: u32 = 1_000;
/// The largest `rackbeat.requests_per_minute` accepted.
pub const MAX_REQUESTS_PER_MINUTE: u32 = 1_000_000;
/// Default SQLite state file, beside the configuration file (see [`load`]).
pub const DEFAULT_STATE_PATH: &str = "smartweb-rackbeat.sqlite";

/// A configuration problem, naming the key it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct ConfigError {
    /// The dotted key (`smartweb.password`, `settings.layout`), or `config` for the whole file.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// `[smartweb]`: the SOAP API user and the webhook secret.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmartWebSection {
    /// SOAP endpoint. Default [`DEFAULT_SMARTWEB_ENDPOINT`].
    pub endpoint: Option<String>,
    /// The API user's name (e-mail).
    pub username: Option<String>,
    /// The API user's password in plain text (prefer `password_env`).
    pub password: Option<SecretString>,
    /// The environment variable holding the password.
    pub password_env: Option<String>,
    /// Language layer (`DK`, `UK`, …). Default `DK`.
    pub language: Option<String>,
    /// The secret that signs SmartWeb webhooks (`X-Hmac-Sha256`), in plain text.
    pub webhook_secret: Option<SecretString>,
    /// The environment variable holding the webhook secret.
    pub webhook_secret_env: Option<String>,
    /// Client-side pacing. Default 4.
    pub requests_per_second: Option<u32>,
    /// OAuth2 client id for the GraphQL API (webhook registration).
    pub client_id: Option<String>,
    /// OAuth2 client secret in plain text (prefer `client_secret_env`).
    pub client_secret: Option<SecretString>,
    /// The environment variable holding the OAuth2 client secret.
    pub client_secret_env: Option<String>,
    /// GraphQL endpoint (`https://{shop}.mywebshop.io/api/graphql/experimental`).
    pub graphql_endpoint: Option<String>,
}

/// `[rackbeat]`: the API token and the webhook token.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackbeatSection {
    /// API base URL. Default [`DEFAULT_RACKBEAT_BASE_URL`].
    pub base_url: Option<String>,
    /// The API token in plain text (prefer `token_env`).
    pub token: Option<SecretString>,
    /// The environment variable holding the API token.
    pub token_env: Option<String>,
    /// Client-side pacing. Default 480.
    pub requests_per_minute: Option<u32>,
    /// The token Rackbeat sends with webhooks (`Rackbeat-Webhook-Token`), in plain text.
    pub webhook_token: Option<SecretString>,
    /// The environment variable holding the webhook token.
    pub webhook_token_env: Option<String>,
    /// An e-mail address Rackbeat can reach the integration's operator at, sent as the
    /// `Consumer-Contact` header (Rackbeat asks every integration for one).
    pub consumer_contact: Option<String>,
}

/// `[state]`: where the integration remembers what it did.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSection {
    /// The SQLite file; a relative path is relative to the configuration file's directory
    /// ([`load`]). Default [`DEFAULT_STATE_PATH`].
    pub path: Option<PathBuf>,
    /// A PostgreSQL URL (`postgres://…`) instead of the SQLite file, for several workers or
    /// shops sharing one database (feature `postgres`).
    pub url: Option<SecretString>,
}

/// `[[shops]]`: one shop of a multi-shop configuration, with its own credentials and settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopSection {
    /// The shop's key in the state store (unique; letters, digits, `-`, `_`).
    pub name: String,
    /// `[shops.smartweb]`
    #[serde(default)]
    pub smartweb: SmartWebSection,
    /// `[shops.rackbeat]`
    #[serde(default)]
    pub rackbeat: RackbeatSection,
    /// `[shops.settings]`
    #[serde(default)]
    pub settings: Settings,
}

/// The whole file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// `[smartweb]`
    #[serde(default)]
    pub smartweb: SmartWebSection,
    /// `[rackbeat]`
    #[serde(default)]
    pub rackbeat: RackbeatSection,
    /// `[settings]`: every setting by its name in the [settings
    /// list](https://github.com/smartweb-rackbeat/smartweb-rackbeat/blob/main/docs/SETTINGS.md),
    /// plus the extensions.
    #[serde(default)]
    pub settings: Settings,
    /// `[state]`
    #[serde(default)]
    pub state: StateSection,
    /// `[[shops]]`: several shops in one file, instead of the top-level `[smartweb]`,
    /// `[rackbeat]` and `[settings]`.
    #[serde(default)]
    pub shops: Vec<ShopSection>,
}

/// Resolved SmartWeb connection values.
#[derive(Debug, Clone)]
pub struct SmartWebConfig {
    /// SOAP endpoint (https, or http on loopback).
    pub endpoint: Url,
    /// API user name.
    pub username: String,
    /// API user password.
    pub password: SecretString,
    /// Language layer.
    pub language: String,
    /// Webhook signing secret, when configured.
    pub webhook_secret: Option<SecretString>,
    /// Requests per second.
    pub requests_per_second: u32,
    /// GraphQL client credentials and endpoint, when configured.
    pub graphql: Option<GraphqlConfig>,
}

/// Resolved GraphQL (webhook registration) values.
#[derive(Debug, Clone)]
pub struct GraphqlConfig {
    /// OAuth2 client id.
    pub client_id: String,
    /// OAuth2 client secret.
    pub client_secret: SecretString,
    /// GraphQL endpoint, when given (otherwise derived from the shop).
    pub endpoint: Option<Url>,
}

/// Resolved Rackbeat connection values.
#[derive(Debug, Clone)]
pub struct RackbeatConfig {
    /// API base URL (https, or http on loopback).
    pub base_url: Url,
    /// API token.
    pub token: SecretString,
    /// Requests per minute.
    pub requests_per_minute: u32,
    /// Webhook token, when configured (registration stores its own in the state store).
    pub webhook_token: Option<SecretString>,
    /// `Consumer-Contact` header, when configured.
    pub consumer_contact: Option<String>,
}

/// A configuration ready to use: secrets resolved, URLs checked, settings validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// SmartWeb connection.
    pub smartweb: SmartWebConfig,
    /// Rackbeat connection.
    pub rackbeat: RackbeatConfig,
    /// The integration's settings.
    pub settings: Settings,
    /// The shop's key in the state store (`default` for a single-shop file).
    pub shop: String,
    /// The SQLite state file: absolute when loaded by [`load`]; from [`ConfigFile::resolve`]
    /// as written (relative paths then depend on the working directory).
    pub state_path: PathBuf,
    /// A PostgreSQL URL used instead of the SQLite file.
    pub state_url: Option<SecretString>,
    /// Things that work but deserve attention (plain-text secrets, …).
    pub warnings: Vec<String>,
}

impl ConfigFile {
    /// Parses the TOML text. An unknown key is rejected with its name. An error names the key,
    /// line and column but never quotes the file: the line may hold a secret.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let deserializer = toml::Deserializer::parse(text)
            .map_err(|e| parse_error::config_error(text, &e, None))?;
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = e.path().to_string();
            parse_error::config_error(text, e.inner(), Some(key))
        })
    }

    /// Resolves secrets through `env` (a lookup such as `|k| std::env::var(k).ok()`), checks
    /// URLs and validates the settings. Returns every problem at once.
    pub fn resolve(self, env: impl Fn(&str) -> Option<String>) -> Result<Config, Vec<ConfigError>> {
        if !self.shops.is_empty() {
            return Err(vec![ConfigError::new(
                "shops",
                "this file lists several shops; load it with `resolve_all`",
            )]);
        }
        resolve_shop(
            DEFAULT_SHOP.to_owned(),
            self.smartweb,
            self.rackbeat,
            self.settings,
            &self.state,
            &env,
        )
    }

    /// Resolves every shop: the `[[shops]]` entries, or the single top-level shop. Keys of a
    /// shop's problems are prefixed with `shops[i].`.
    ///
    /// # Errors
    /// Every problem of every shop.
    pub fn resolve_all(
        self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Config>, Vec<ConfigError>> {
        if self.shops.is_empty() {
            return self.resolve(env).map(|c| vec![c]);
        }
        let mut problems = Vec::new();
        let top_level_used = self.smartweb.username.is_some()
            || self.smartweb.endpoint.is_some()
            || self.rackbeat.token.is_some()
            || self.rackbeat.token_env.is_some();
        if top_level_used {
            problems.push(ConfigError::new(
                "shops",
                "with [[shops]], put [smartweb], [rackbeat] and [settings] inside each shop",
            ));
        }
        let mut names = std::collections::BTreeSet::new();
        let mut configs = Vec::new();
        for (i, shop) in self.shops.into_iter().enumerate() {
            let prefix = format!("shops[{i}]");
            let name = shop.name.trim().to_owned();
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                problems.push(ConfigError::new(
                    format!("{prefix}.name"),
                    "must be non-empty letters, digits, `-` or `_`",
                ));
            } else if !names.insert(name.clone()) {
                problems.push(ConfigError::new(
                    format!("{prefix}.name"),
                    format!("`{name}` is used by another shop"),
                ));
            }
            match resolve_shop(
                name,
                shop.smartweb,
                shop.rackbeat,
                shop.settings,
                &self.state,
                &env,
            ) {
                Ok(mut config) => {
                    config.warnings = config
                        .warnings
                        .into_iter()
                        .map(|w| format!("{prefix}: {w}"))
                        .collect();
                    configs.push(config);
                }
                Err(shop_problems) => problems.extend(
                    shop_problems
                        .into_iter()
                        .map(|p| ConfigError::new(format!("{prefix}.{}", p.key), p.message)),
                ),
            }
        }
        if problems.is_empty() {
            Ok(configs)
        } else {
            Err(problems)
        }
    }
}

/// The shop key of a single-shop configuration.
pub const DEFAULT_SHOP: &str = crate::state::DEFAULT_SHOP;

fn resolve_shop(
    shop: String,
    sw: SmartWebSection,
    rb: RackbeatSection,
    settings: Settings,
    state: &StateSection,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Config, Vec<ConfigError>> {
    {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();

        let endpoint = checked_url(
            "smartweb.endpoint",
            sw.endpoint.as_deref().unwrap_or(DEFAULT_SMARTWEB_ENDPOINT),
            &mut problems,
        );
        let username = match sw.username.filter(|u| !u.trim().is_empty()) {
            Some(u) => u,
            None => {
                problems.push(ConfigError::new("smartweb.username", "is required"));
                String::new()
            }
        };
        let password = secret(
            "smartweb.password",
            sw.password,
            sw.password_env.as_deref(),
            true,
            env,
            &mut problems,
            &mut warnings,
        );
        let webhook_secret = secret(
            "smartweb.webhook_secret",
            sw.webhook_secret,
            sw.webhook_secret_env.as_deref(),
            false,
            env,
            &mut problems,
            &mut warnings,
        );
        let requests_per_second = within(
            "smartweb.requests_per_second",
            sw.requests_per_second.unwrap_or(4),
            MAX_REQUESTS_PER_SECOND,
            &mut problems,
        );
        let client_secret = secret(
            "smartweb.client_secret",
            sw.client_secret,
            sw.client_secret_env.as_deref(),
            false,
            env,
            &mut problems,
            &mut warnings,
        );
        let graphql_endpoint = sw
            .graphql_endpoint
            .as_deref()
            .and_then(|u| checked_url("smartweb.graphql_endpoint", u, &mut problems));
        let graphql = match (sw.client_id, client_secret) {
            (Some(client_id), Some(client_secret)) => {
                if graphql_endpoint.is_none() && sw.graphql_endpoint.is_none() {
                    problems.push(ConfigError::new(
                        "smartweb.graphql_endpoint",
                        "is required with client_id, e.g. \
                         https://shop000000.mywebshop.io/api/graphql/experimental",
                    ));
                }
                Some(GraphqlConfig {
                    client_id,
                    client_secret,
                    endpoint: graphql_endpoint,
                })
            }
            (Some(_), None) => {
                problems.push(ConfigError::new(
                    "smartweb.client_secret",
                    "client_id is set, so client_secret or client_secret_env is required",
                ));
                None
            }
            (None, Some(_)) => {
                problems.push(ConfigError::new(
                    "smartweb.client_id",
                    "client_secret is set, so client_id is required",
                ));
                None
            }
            (None, None) => None,
        };

        let base_url = checked_url(
            "rackbeat.base_url",
            rb.base_url.as_deref().unwrap_or(DEFAULT_RACKBEAT_BASE_URL),
            &mut problems,
        );
        let token = secret(
            "rackbeat.token",
            rb.token,
            rb.token_env.as_deref(),
            true,
            env,
            &mut problems,
            &mut warnings,
        );
        let webhook_token = secret(
            "rackbeat.webhook_token",
            rb.webhook_token,
            rb.webhook_token_env.as_deref(),
            false,
            env,
            &mut problems,
            &mut warnings,
        );
        let requests_per_minute = within(
            "rackbeat.requests_per_minute",
            rb.requests_per_minute.unwrap_or(480),
            MAX_REQUESTS_PER_MINUTE,
            &mut problems,
        );
        let consumer_contact = rb
            .consumer_contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        if consumer_contact.is_none() {
            warnings.push(
                "rackbeat.consumer_contact is not set: Rackbeat asks every integration for a \
                 contact e-mail (sent as the Consumer-Contact header)"
                    .to_owned(),
            );
        }

        if let Err(settings_problems) = settings.validate() {
            for p in settings_problems {
                problems.push(ConfigError::new(
                    format!("settings.{}", p.key()),
                    p.to_string(),
                ));
            }
        }

        match (endpoint, password, base_url, token) {
            (Some(endpoint), Some(password), Some(base_url), Some(token))
                if problems.is_empty() =>
            {
                Ok(Config {
                    smartweb: SmartWebConfig {
                        endpoint,
                        username,
                        password,
                        language: sw.language.unwrap_or_else(|| "DK".to_owned()),
                        webhook_secret,
                        requests_per_second,
                        graphql,
                    },
                    rackbeat: RackbeatConfig {
                        base_url,
                        token,
                        requests_per_minute,
                        webhook_token,
                        consumer_contact,
                    },
                    settings,
                    shop,
                    state_path: state
                        .path
                        .clone()
                        .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE_PATH)),
                    state_url: state.url.clone(),
                    warnings,
                })
            }
            _ => Err(problems),
        }
    }
}

impl Config {
    /// The SmartWeb client for this configuration.
    ///
    /// # Errors
    /// The client's configuration error.
    pub fn smartweb_client(&self) -> Result<SmartWebClient, smartweb_client::Error> {
        let c = &self.smartweb;
        SmartWebClient::builder()
            .endpoint(c.endpoint.as_str())
            .username(c.username.clone())
            .password(c.password.clone())
            .language(c.language.clone())
            .requests_per_second(c.requests_per_second)
            .build()
    }

    /// The Rackbeat client for this configuration.
    ///
    /// # Errors
    /// The client's configuration error.
    pub fn rackbeat_client(&self) -> Result<RackbeatClient, rackbeat_client::Error> {
        let c = &self.rackbeat;
        let mut builder = RackbeatClient::builder()
            .base_url(c.base_url.as_str())
            .token(c.token.clone())
            .requests_per_minute(c.requests_per_minute)
            .consumer_name("smartweb-rackbeat");
        if let Some(contact) = &c.consumer_contact {
            builder = builder.consumer_contact(contact.as_str());
        }
        builder.build()
    }

    /// The SmartWeb GraphQL client (webhook registration), when `client_id` is configured.
    /// The shop URL (for the OAuth2 token) is the origin of `graphql_endpoint`.
    pub fn graphql_client(&self) -> Option<Result<GraphqlClient, GraphqlError>> {
        let g = self.smartweb.graphql.as_ref()?;
        let endpoint = g.endpoint.as_ref()?;
        let origin = endpoint.origin().ascii_serialization();
        Some(
            GraphqlClient::builder()
                .shop_url(origin)
                .endpoint(endpoint.as_str())
                .client_id(g.client_id.clone())
                .client_secret(g.client_secret.clone())
                .build(),
        )
    }

    /// Opens (or creates) the SQLite state file.
    ///
    /// # Errors
    /// The store's error (a path that cannot be opened, a newer schema, …).
    pub async fn open_store(&self) -> Result<Arc<dyn StateStore>, StateError> {
        if let Some(url) = &self.state_url {
            return open_postgres(url, &self.shop).await;
        }
        let store = SqliteStore::open_shop(&self.state_path, self.shop.clone()).await?;
        Ok(Arc::new(store))
    }

    /// The integration for this configuration, on `store`.
    ///
    /// # Errors
    /// A message naming the key of the first configuration problem.
    pub fn integration(
        &self,
        store: Arc<dyn StateStore>,
        dry_run: bool,
    ) -> Result<Integration, ConfigError> {
        let smartweb = self
            .smartweb_client()
            .map_err(|e| ConfigError::new("smartweb", e.to_string()))?;
        let rackbeat = self
            .rackbeat_client()
            .map_err(|e| ConfigError::new("rackbeat", e.to_string()))?;
        let graphql = self
            .graphql_client()
            .transpose()
            .map_err(|e| ConfigError::new("smartweb.graphql_endpoint", e.to_string()))?;
        Integration::builder(smartweb, rackbeat, self.settings.clone(), store)
            .dry_run(dry_run)
            .smartweb_graphql(graphql)
            .smartweb_webhook_secret(self.smartweb.webhook_secret.clone())
            .rackbeat_webhook_token(self.rackbeat.webhook_token.clone())
            .build()
            .map_err(|e| ConfigError::new("settings", e.to_string()))
    }
}

#[cfg(feature = "postgres")]
async fn open_postgres(url: &SecretString, shop: &str) -> Result<Arc<dyn StateStore>, StateError> {
    use secrecy::ExposeSecret;
    let store = crate::state::PostgresStore::connect(url.expose_secret(), shop).await?;
    Ok(Arc::new(store))
}

#[cfg(not(feature = "postgres"))]
async fn open_postgres(
    _url: &SecretString,
    _shop: &str,
) -> Result<Arc<dyn StateStore>, StateError> {
    Err(StateError::InvalidInput {
        detail: "state.url needs PostgreSQL support: build with `--features postgres`".to_owned(),
    })
}

/// Reads, parses and resolves the configuration file at `path` (every shop of it), looking
/// `*_env` secrets up with `env`. A relative `[state] path` (and the default one) is taken
/// relative to the directory of the configuration file, never the working directory: a
/// cron job started anywhere finds the same state.
///
/// # Errors
/// Every problem, each naming its key.
pub fn load(
    path: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<Config>, Vec<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![ConfigError::new(
            "config",
            format!("cannot read {}: {e}", path.display()),
        )]
    })?;
    let directory = std::path::absolute(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .ok_or_else(|| {
            vec![ConfigError::new(
                "config",
                format!("cannot tell the directory of {}", path.display()),
            )]
        })?;
    let mut configs = ConfigFile::parse(&text)
        .map_err(|e| vec![e])?
        .resolve_all(env)?;
    for config in &mut configs {
        // `join` keeps an absolute path as it is.
        config.state_path = directory.join(&config.state_path);
    }
    Ok(configs)
}

/// A URL must be `https://`, or `http://` on a loopback host (local fakes and test servers).
pub fn check_endpoint(url: &str) -> Result<Url, String> {
    let parsed = Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err("plain http:// is only allowed for loopback hosts; use https://".to_owned()),
        other => Err(format!("unsupported scheme {other}://")),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn checked_url(key: &str, url: &str, problems: &mut Vec<ConfigError>) -> Option<Url> {
    match check_endpoint(url) {
        Ok(u) => Some(u),
        Err(message) => {
            problems.push(ConfigError::new(key, message));
            None
        }
    }
}

/// Checks a pacing rate is between 1 and `max`: zero would stop the client, and a huge rate
/// makes the pacer's interval round down to nothing.
fn within(key: &str, value: u32, max: u32, problems: &mut Vec<ConfigError>) -> u32 {
    if !(1..=max).contains(&value) {
        problems.push(ConfigError::new(
            key,
            format!("is {value}; must be between 1 and {max}"),
        ));
    }
    value
}

/// Resolves `<key>` / `<key>_env`. Both set is an error; plain text is accepted with a warning.
fn secret(
    key: &str,
    plain: Option<SecretString>,
    env_name: Option<&str>,
    required: bool,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Vec<ConfigError>,
    warnings: &mut Vec<String>,
) -> Option<SecretString> {
    match (plain, env_name) {
        (Some(_), Some(_)) => {
            problems.push(ConfigError::new(
                key,
                format!("set either {key} or {key}_env, not both"),
            ));
            None
        }
        (Some(value), None) => {
            warnings.push(format!(
                "{key} is given in plain text in the config file; prefer {key}_env"
            ));
            Some(value)
        }
        (None, Some(var)) => match env(var).filter(|v| !v.is_empty()) {
            Some(value) => Some(SecretString::from(value)),
            None => {
                problems.push(ConfigError::new(
                    format!("{key}_env"),
                    format!("environment variable {var} is not set"),
                ));
                None
            }
        },
        (None, None) => {
            if required {
                problems.push(ConfigError::new(
                    key,
                    format!("is required: set {key}_env (or {key})"),
                ));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    const MINIMAL: &str = r#"
[smartweb]
endpoint = "http://127.0.0.1:9/service.php"
username = "api@example.dk"
password_env = "SW_PASS"

[rackbeat]
base_url = "http://127.0.0.1:9/api/"
token_env = "RB_TOKEN"
consumer_contact = "it@example.dk"

[settings]
layout = 1
payment_terms = 1
customer_group = 1
smartweb_category_id = 1
shipping_product_with_vat = "FRAGT"
shipping_product_without_vat = "FRAGT0"
fee_product = "GEBYR"
"#;

    fn env(key: &str) -> Option<String> {
        match key {
            "SW_PASS" => Some("sw-secret".to_owned()),
            "RB_TOKEN" => Some("rb-secret".to_owned()),
            _ => None,
        }
    }

    #[test]
    fn unknown_key_is_named() {
        let err = ConfigFile::parse("[smartweb]\nusernme = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("usernme"), "{err}");
        assert!(err.key.starts_with("smartweb"), "{err}");
        let err = ConfigFile::parse("[settings]\nlayuot = 1\n").unwrap_err();
        assert!(err.to_string().contains("layuot"), "{err}");
        assert!(err.key.starts_with("settings"), "{err}");
    }

    #[test]
    fn settings_problems_name_their_key() {
        let text = MINIMAL.replace("layout = 1\n", "");
        let problems = ConfigFile::parse(&text).unwrap().resolve(env).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "settings.layout");
    }

    #[test]
    fn secrets_come_from_the_lookup() {
        let config = ConfigFile::parse(MINIMAL).unwrap().resolve(env).unwrap();
        assert_eq!(config.smartweb.password.expose_secret(), "sw-secret");
        assert_eq!(config.rackbeat.token.expose_secret(), "rb-secret");
        assert!(config.warnings.is_empty());
        assert!(!format!("{config:?}").contains("sw-secret"));
    }

    #[test]
    fn missing_env_names_the_key() {
        let problems = ConfigFile::parse(MINIMAL)
            .unwrap()
            .resolve(|_| None)
            .unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"smartweb.password_env"), "{keys:?}");
        assert!(keys.contains(&"rackbeat.token_env"), "{keys:?}");
    }

    #[test]
    fn plain_http_is_refused_off_loopback() {
        let text = MINIMAL.replace("http://127.0.0.1:9/api/", "http://rackbeat.example/api/");
        let problems = ConfigFile::parse(&text).unwrap().resolve(env).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "rackbeat.base_url");
    }

    #[test]
    fn a_missing_consumer_contact_is_a_warning() {
        let config = ConfigFile::parse(MINIMAL).unwrap().resolve(env).unwrap();
        assert_eq!(
            config.rackbeat.consumer_contact.as_deref(),
            Some("it@example.dk")
        );
        let text = MINIMAL.replace("consumer_contact = \"it@example.dk\"\n", "");
        let config = ConfigFile::parse(&text).unwrap().resolve(env).unwrap();
        assert_eq!(config.rackbeat.consumer_contact, None);
        assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
        assert!(config.warnings[0].contains("rackbeat.consumer_contact"));
    }

    #[test]
    fn plain_text_secret_is_a_warning() {
        let text = MINIMAL.replace("password_env = \"SW_PASS\"", "password = \"pw\"");
        let config = ConfigFile::parse(&text).unwrap().resolve(env).unwrap();
        assert_eq!(config.warnings.len(), 1);
        assert!(config.warnings[0].contains("smartweb.password"));
    }
}
