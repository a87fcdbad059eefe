//! The login session: lazy `Solution_Connect`, language and projection replay, and the one
//! reconnect-and-retry on `AUTH`.
//!
//! Rules owned here:
//! - The first call logs in (`Solution_Connect`), then sets the language
//!   (`Solution_SetLanguage`: the layer of the last successful call, else the configured one),
//!   re-applies a case-sensitive `Solution_SetCaseSensitiveItemNumber(true)` and every
//!   remembered projection: a reconnect is a fresh server session with default state. A
//!   refused login (`false` or any fault) is [`Error::Auth`], and no error ever contains the
//!   password.
//! - A `*_SetFields` call that succeeds is remembered; one that fails (`NOSUCHPARAM`) is
//!   returned and not remembered (the server keeps the previous projection).
//! - On an `AUTH` fault the session reconnects with a fresh cookie jar, re-applies language and
//!   projections, and replays the call once **if it is a read** (or a session-setup call).
//!   A write is never replayed: its error is returned and the next call reconnects.
//! - Only a refused login is [`Error::Auth`] (a credential error). An `AUTH` fault after a
//!   login that succeeded (on a write, on the replay, or while re-applying language and
//!   projections: another client logging in with the same user can end the session at any
//!   time) is [`Error::SessionLost`], a retryable session error.
//! - Transport errors (and HTTP 429/502/503/504) are retried with exponential back-off for
//!   reads only.
//! - **Calls are serialised per session.** Field sets and language are global state of the
//!   server session, so a call that needs one projection must not run while another call
//!   changes it. One `tokio::sync::Mutex` is held around "apply projection + call", and every
//!   call (of every clone) takes it. Clones share one session; for parallel work build
//!   several clients (one session each). Pacing is per client.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::cookie::Jar;
use secrecy::ExposeSecret;
use tokio::sync::MutexGuard;

use super::SmartWebClient;
use super::projection::{self, Projection, Setting};
use super::retry::{RetryDecision, classify};
use crate::soap::{OpKind, Operation};
use crate::{Error, ops};

/// Longest back-off between transport retries.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);

/// The server session as the client knows it.
#[derive(Default)]
pub(crate) struct SessionState {
    /// Cookies of the current login; replaced by a fresh jar on every (re)connect.
    jar: Arc<Jar>,
    /// `Solution_Connect` succeeded and language and projections are applied.
    connected: bool,
    /// Projections set successfully, re-applied after every reconnect.
    projections: BTreeMap<Projection, String>,
    /// A language layer chosen by a successful `Solution_SetLanguage` call, used instead of
    /// the configured one after every reconnect.
    language: Option<String>,
    /// The last successful `Solution_SetCaseSensitiveItemNumber`, re-applied after every
    /// reconnect when `true` (a fresh session matches item numbers case-insensitively).
    case_sensitive_item_number: Option<bool>,
}

/// Exclusive use of the session for one or more calls.
pub(crate) struct Session<'a> {
    client: &'a SmartWebClient,
    state: MutexGuard<'a, SessionState>,
}

impl SmartWebClient {
    /// Waits for exclusive use of the session.
    pub(crate) async fn session(&self) -> Session<'_> {
        Session {
            client: self,
            state: self.inner.session.lock().await,
        }
    }
}

impl Session<'_> {
    /// Runs `op` with lazy login, projection bookkeeping and the `AUTH` rule.
    pub(crate) async fn call<O>(&mut self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync + 'static,
        O::Output: 'static,
    {
        if !self.state.connected {
            self.connect().await?;
        }
        let result = match self.send(op).await {
            Err(e) => match classify(&e, replayable::<O>()) {
                RetryDecision::ReconnectAndReplay => {
                    self.state.connected = false;
                    tracing::info!(
                        operation = O::NAME,
                        "SmartWeb AUTH fault; reconnecting and replaying the read once"
                    );
                    // A refused login here is a credential error; an AUTH fault on the replay,
                    // right after a login that succeeded, is a lost session.
                    self.connect().await?;
                    let replayed = self.send(op).await;
                    if replayed.as_ref().is_err_and(Error::is_auth) {
                        self.state.connected = false;
                    }
                    replayed.map_err(|e| session_lost(e, O::NAME))
                }
                RetryDecision::DropSessionAndFail => {
                    self.state.connected = false;
                    tracing::warn!(
                        operation = O::NAME,
                        "SmartWeb AUTH fault on a write; not replayed"
                    );
                    Err(session_lost(e, O::NAME))
                }
                RetryDecision::Backoff | RetryDecision::Fail => Err(e),
            },
            ok => ok,
        };
        if let Ok(output) = &result
            && let Some((projection, fields)) = projection::set_by(op)
        {
            // `*_SetFields` answers a boolean; only `true` means the projection is in place.
            if (output as &dyn Any).downcast_ref::<bool>() == Some(&true) {
                self.state.projections.insert(projection, fields);
            }
        }
        if let Ok(output) = &result
            && let Some(setting) = projection::setting_by(op)
            && (output as &dyn Any).downcast_ref::<bool>() == Some(&true)
        {
            match setting {
                Setting::Language(language) => self.state.language = Some(language),
                Setting::CaseSensitiveItemNumber(enabled) => {
                    self.state.case_sensitive_item_number = Some(enabled);
                }
            }
        }
        result
    }

    /// Makes sure `projection` is `fields` on the server, setting it only when it differs.
    pub(crate) async fn ensure_projection(
        &mut self,
        projection: Projection,
        fields: &str,
    ) -> Result<(), Error> {
        if !self.state.connected {
            self.connect().await?;
        }
        if self.state.projections.get(&projection).map(String::as_str) == Some(fields) {
            return Ok(());
        }
        let fields = fields.to_owned();
        let accepted = match projection {
            Projection::Order => self.call(&ops::OrderSetFields { fields }).await?,
            Projection::OrderLine => self.call(&ops::OrderSetOrderLineFields { fields }).await?,
            Projection::Product => self.call(&ops::ProductSetFields { fields }).await?,
            Projection::ProductVariant => {
                self.call(&ops::ProductSetVariantFields { fields }).await?
            }
            Projection::User => self.call(&ops::UserSetFields { fields }).await?,
            Projection::PageText => self.call(&ops::PageTextSetFields { fields }).await?,
        };
        if accepted {
            Ok(())
        } else {
            Err(refused(projection.operation_name()))
        }
    }

    /// Logs in with a fresh cookie jar, then applies language and remembered projections.
    async fn connect(&mut self) -> Result<(), Error> {
        self.state.connected = false;
        self.state.jar = Arc::new(Jar::default());
        let config = &self.client.inner.config;
        let password = config.password.expose_secret();
        let login = ops::SolutionConnect {
            username: config.username.clone(),
            password: password.to_owned(),
        };
        let accepted = self
            .send(&login)
            .await
            .map_err(|e| login_error(e, password))?;
        if !accepted {
            return Err(Error::Auth {
                message: "Solution_Connect returned false: login refused (check the API user, \
                          its password, that API access is enabled and the IP is allowed)"
                    .to_owned(),
            });
        }
        tracing::debug!("SmartWeb session opened");

        // A fresh session is back to the defaults (API sheet §2.4): language, item-number
        // case sensitivity and projections are all set again.
        let language = ops::SolutionSetLanguage {
            language_iso: Some(
                self.state
                    .language
                    .clone()
                    .unwrap_or_else(|| config.language.clone()),
            ),
        };
        // The language layer is a preference: a server that refuses it (or does not offer
        // the call) still serves the shop's default layer, so only a broken session stops here.
        // From here on the login has succeeded: an AUTH fault means the session was lost.
        match self.send(&language).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!("Solution_SetLanguage returned false; using the default layer")
            }
            Err(e) if e.is_auth() || e.is_retryable() => {
                return Err(session_lost(e, "Solution_SetLanguage"));
            }
            Err(e) => {
                tracing::warn!(error = %e, "Solution_SetLanguage failed; using the default layer")
            }
        }
        if self.state.case_sensitive_item_number == Some(true) {
            let case = ops::SolutionSetCaseSensitiveItemNumber { enabled: true };
            let accepted = self
                .send(&case)
                .await
                .map_err(|e| session_lost(e, "Solution_SetCaseSensitiveItemNumber"))?;
            if !accepted {
                return Err(refused("Solution_SetCaseSensitiveItemNumber"));
            }
        }
        let remembered = self.state.projections.clone();
        for (projection, fields) in remembered {
            let accepted = match projection {
                Projection::Order => self.send(&ops::OrderSetFields { fields }).await,
                Projection::OrderLine => self.send(&ops::OrderSetOrderLineFields { fields }).await,
                Projection::Product => self.send(&ops::ProductSetFields { fields }).await,
                Projection::ProductVariant => {
                    self.send(&ops::ProductSetVariantFields { fields }).await
                }
                Projection::User => self.send(&ops::UserSetFields { fields }).await,
                Projection::PageText => self.send(&ops::PageTextSetFields { fields }).await,
            }
            .map_err(|e| session_lost(e, projection.operation_name()))?;
            if !accepted {
                self.state.projections.remove(&projection);
                return Err(refused(projection.operation_name()));
            }
        }
        self.state.connected = true;
        Ok(())
    }

    /// One call on the current jar; transport errors retried for reads and session setup.
    async fn send<O>(&self, op: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync + 'static,
    {
        let client = self.client;
        let jar = self.state.jar.clone();
        let config = &client.inner.config;
        if !replayable::<O>() || config.transport_retries == 0 {
            return client.exchange(&jar, op).await;
        }
        let backoff = ExponentialBuilder::default()
            .with_min_delay(config.retry_min_delay)
            .with_max_delay(MAX_RETRY_DELAY.max(config.retry_min_delay))
            .with_max_times(config.transport_retries);
        (|| client.exchange(&jar, op))
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|e| classify(e, true) == RetryDecision::Backoff)
            .notify(|error, delay| {
                tracing::warn!(
                    operation = O::NAME,
                    %error,
                    ?delay,
                    "SmartWeb read failed in transport; retrying"
                );
            })
            .await
    }
}

/// An `AUTH` fault met after a successful login as [`Error::SessionLost`]: the credentials
/// were accepted, so it must not read as a refused login. Other errors pass unchanged.
fn session_lost(error: Error, operation: &str) -> Error {
    match error {
        Error::Auth { message } => Error::SessionLost {
            operation: operation.to_owned(),
            message,
        },
        other => other,
    }
}

/// Reads, the login and session setup may be sent twice; other writes never.
fn replayable<O: Operation>() -> bool {
    O::KIND == OpKind::Read || projection::is_session_setup(O::NAME)
}

fn refused(operation: &str) -> Error {
    Error::Other {
        code: "false".to_owned(),
        message: format!("{operation} returned false"),
    }
}

/// A failed login as an [`Error::Auth`] (faults) with every trace of the password removed.
fn login_error(error: Error, password: &str) -> Error {
    let scrub = |text: &str| scrub_secret(text, password);
    if error.fault_code().is_some() {
        return Error::Auth {
            message: scrub(&format!("Solution_Connect refused the login: {error}")),
        };
    }
    match error {
        Error::Http {
            status,
            body_excerpt,
        } => Error::Http {
            status,
            body_excerpt: scrub(&body_excerpt),
        },
        Error::Decode {
            path,
            message,
            excerpt,
        } => Error::Decode {
            path,
            message: scrub(&message),
            excerpt: scrub(&excerpt),
        },
        other => other,
    }
}

/// Replaces the secret (as is and XML-escaped) with `[redacted]`.
fn scrub_secret(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let escaped = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    text.replace(secret, "[redacted]")
        .replace(&escaped, "[redacted]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_errors_never_carry_the_password() {
        let e = login_error(
            Error::Param {
                message: "bad login for pa<ss".to_owned(),
            },
            "pa<ss",
        );
        assert!(e.is_auth());
        assert!(!e.to_string().contains("pa<ss"));
        let e = login_error(
            Error::Http {
                status: 400,
                body_excerpt: "<Password>pa&lt;ss</Password>".to_owned(),
            },
            "pa<ss",
        );
        assert!(!format!("{e} {e:?}").contains("pa&lt;ss"));
    }
}
