//! One shop's sections become a [`Config`]: each section resolved by its own function, every
//! problem collected (never only the first) and named by its key.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use sync_core::settings::Settings;
use url::Url;

use super::{
    Config, ConfigError, DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_STATE_PATH, GraphqlConfig,
    MAX_CONNECT_TIMEOUT_SECONDS, MAX_REQUESTS_PER_MINUTE, MAX_REQUESTS_PER_SECOND, RackbeatConfig,
    RackbeatSection, SmartWebConfig, SmartWebSection, StateSection, check_endpoint,
};

/// The SmartWeb client's default pacing, in the unit of the `sync` config (4 a second).
const DEFAULT_REQUESTS_PER_SECOND: u32 = smartweb_client::DEFAULT_REQUESTS_PER_MINUTE / 60;

/// Resolves one shop; `Err` holds every problem found.
pub(super) fn resolve_shop(
    shop: String,
    sw: SmartWebSection,
    rb: RackbeatSection,
    settings: Settings,
    state: &StateSection,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Config, Vec<ConfigError>> {
    let mut found = Findings::new(env);
    let smartweb = smartweb(sw, &mut found);
    let rackbeat = rackbeat(rb, &mut found);
    found.settings(&settings);
    match (smartweb, rackbeat) {
        (Some(smartweb), Some(rackbeat)) if found.problems.is_empty() => Ok(Config {
            smartweb,
            rackbeat,
            settings,
            shop,
            state_path: state
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE_PATH)),
            state_url: state.url.clone(),
            warnings: found.warnings,
        }),
        _ => Err(found.problems),
    }
}

/// `[smartweb]`: `None` when a required value is missing (the problem is recorded).
fn smartweb<F: Fn(&str) -> Option<String>>(
    sw: SmartWebSection,
    found: &mut Findings<'_, F>,
) -> Option<SmartWebConfig> {
    let endpoint = found.url(
        "smartweb.endpoint",
        sw.endpoint
            .as_deref()
            .unwrap_or(smartweb_client::DEFAULT_ENDPOINT),
    );
    let username = found.text("smartweb.username", sw.username);
    let password = found.secret(
        "smartweb.password",
        sw.password,
        sw.password_env.as_deref(),
        true,
    );
    let webhook_secret = found.secret(
        "smartweb.webhook_secret",
        sw.webhook_secret,
        sw.webhook_secret_env.as_deref(),
        false,
    );
    let requests_per_second = found.within(
        "smartweb.requests_per_second",
        sw.requests_per_second
            .unwrap_or(DEFAULT_REQUESTS_PER_SECOND),
        MAX_REQUESTS_PER_SECOND,
    );
    let connect_timeout = found.connect_timeout(
        "smartweb.connect_timeout_seconds",
        sw.connect_timeout_seconds,
    );
    let client_secret = found.secret(
        "smartweb.client_secret",
        sw.client_secret,
        sw.client_secret_env.as_deref(),
        false,
    );
    let graphql = graphql(
        sw.client_id,
        client_secret,
        sw.graphql_endpoint.as_deref(),
        found,
    );
    Some(SmartWebConfig {
        endpoint: endpoint?,
        username: username?,
        password: password?,
        language: sw
            .language
            .unwrap_or_else(|| smartweb_client::DEFAULT_LANGUAGE.to_owned()),
        webhook_secret,
        requests_per_second,
        connect_timeout,
        graphql,
    })
}

/// The GraphQL credentials: both halves or neither, and an endpoint with them.
fn graphql<F: Fn(&str) -> Option<String>>(
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    endpoint: Option<&str>,
    found: &mut Findings<'_, F>,
) -> Option<GraphqlConfig> {
    let checked = endpoint.and_then(|u| found.url("smartweb.graphql_endpoint", u));
    match (client_id, client_secret) {
        (Some(client_id), Some(client_secret)) => {
            if endpoint.is_none() {
                found.problem(
                    "smartweb.graphql_endpoint",
                    "is required with client_id, e.g. \
                     https://shop000000.mywebshop.io/api/graphql/experimental",
                );
            }
            Some(GraphqlConfig {
                client_id,
                client_secret,
                endpoint: checked,
            })
        }
        (Some(_), None) => {
            found.problem(
                "smartweb.client_secret",
                "client_id is set, so client_secret or client_secret_env is required",
            );
            None
        }
        (None, Some(_)) => {
            found.problem(
                "smartweb.client_id",
                "client_secret is set, so client_id is required",
            );
            None
        }
        (None, None) => None,
    }
}

/// `[rackbeat]`: `None` when a required value is missing (the problem is recorded).
fn rackbeat<F: Fn(&str) -> Option<String>>(
    rb: RackbeatSection,
    found: &mut Findings<'_, F>,
) -> Option<RackbeatConfig> {
    let base_url = found.url(
        "rackbeat.base_url",
        rb.base_url
            .as_deref()
            .unwrap_or(rackbeat_client::DEFAULT_BASE_URL),
    );
    let token = found.secret("rackbeat.token", rb.token, rb.token_env.as_deref(), true);
    let webhook_token = found.secret(
        "rackbeat.webhook_token",
        rb.webhook_token,
        rb.webhook_token_env.as_deref(),
        false,
    );
    let requests_per_minute = found.within(
        "rackbeat.requests_per_minute",
        rb.requests_per_minute
            .unwrap_or(rackbeat_client::DEFAULT_REQUESTS_PER_MINUTE),
        MAX_REQUESTS_PER_MINUTE,
    );
    let connect_timeout = found.connect_timeout(
        "rackbeat.connect_timeout_seconds",
        rb.connect_timeout_seconds,
    );
    let consumer_contact = rb
        .consumer_contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if consumer_contact.is_none() {
        found.warn(
            "rackbeat.consumer_contact is not set: Rackbeat asks every integration for a \
             contact e-mail (sent as the Consumer-Contact header)",
        );
    }
    Some(RackbeatConfig {
        base_url: base_url?,
        token: token?,
        requests_per_minute,
        connect_timeout,
        webhook_token,
        consumer_contact,
    })
}

/// The problems and warnings found so far, and where `*_env` secrets are looked up.
struct Findings<'e, F> {
    env: &'e F,
    problems: Vec<ConfigError>,
    warnings: Vec<String>,
}

impl<'e, F: Fn(&str) -> Option<String>> Findings<'e, F> {
    fn new(env: &'e F) -> Self {
        Self {
            env,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn problem(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.problems.push(ConfigError::new(key, message));
    }

    fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// `[settings]`, each problem under `settings.<key>`.
    fn settings(&mut self, settings: &Settings) {
        if let Err(problems) = settings.validate() {
            for p in problems {
                self.problem(format!("settings.{}", p.key()), p.to_string());
            }
        }
    }

    /// A required, non-blank text.
    fn text(&mut self, key: &str, value: Option<String>) -> Option<String> {
        let value = value.filter(|v| !v.trim().is_empty());
        if value.is_none() {
            self.problem(key, "is required");
        }
        value
    }

    /// An endpoint: https, or http to a loopback host.
    fn url(&mut self, key: &str, url: &str) -> Option<Url> {
        check_endpoint(url)
            .map_err(|message| self.problem(key, message))
            .ok()
    }

    /// A pacing rate between 1 and `max`: zero would stop the client, and a huge rate makes
    /// the pacer's interval round down to nothing.
    fn within(&mut self, key: &str, value: u32, max: u32) -> u32 {
        if !(1..=max).contains(&value) {
            self.problem(key, format!("is {value}; must be between 1 and {max}"));
        }
        value
    }

    /// A connect timeout in seconds (default [`DEFAULT_CONNECT_TIMEOUT_SECONDS`]), between 1
    /// and [`MAX_CONNECT_TIMEOUT_SECONDS`].
    fn connect_timeout(&mut self, key: &str, seconds: Option<u32>) -> Duration {
        let seconds = self.within(
            key,
            seconds.unwrap_or(DEFAULT_CONNECT_TIMEOUT_SECONDS),
            MAX_CONNECT_TIMEOUT_SECONDS,
        );
        Duration::from_secs(u64::from(seconds))
    }

    /// `<key>` / `<key>_env`. Both set is an error; plain text is accepted with a warning.
    fn secret(
        &mut self,
        key: &str,
        plain: Option<SecretString>,
        env_name: Option<&str>,
        required: bool,
    ) -> Option<SecretString> {
        match (plain, env_name) {
            (Some(_), Some(_)) => {
                self.problem(key, format!("set either {key} or {key}_env, not both"));
                None
            }
            (Some(value), None) => {
                self.warn(format!(
                    "{key} is given in plain text in the config file; prefer {key}_env"
                ));
                Some(value)
            }
            (None, Some(var)) => match (self.env)(var).filter(|v| !v.is_empty()) {
                Some(value) => Some(SecretString::from(value)),
                None => {
                    self.problem(
                        format!("{key}_env"),
                        format!("environment variable {var} is not set"),
                    );
                    None
                }
            },
            (None, None) => {
                if required {
                    self.problem(key, format!("is required: set {key}_env (or {key})"));
                }
                None
            }
        }
    }
}
