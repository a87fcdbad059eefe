//! The webhook secrets and the public URL registration keeps in the state store.

use secrecy::SecretString;
use sync_core::webhooks::{WantedWebhook, WebhookSystem};

use super::PUBLIC_URL_STATE;
use super::side::Side;
use crate::integration::{Integration, SMARTWEB_SECRET, bounded, rackbeat_token_secret};
use crate::report::{ItemKind, JobReport};

/// 32 random bytes from the operating system as 64 hex characters.
fn random_secret() -> Result<SecretString, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(SecretString::from(hex))
}

impl Integration {
    /// The public URL registered last, if any (a store failure is a warning: registration
    /// still works for the URL given).
    pub(super) async fn stored_public_url(&self, report: &mut JobReport) -> Option<String> {
        use secrecy::ExposeSecret;
        match self.inner.store.secret(PUBLIC_URL_STATE).await {
            Ok(v) => v.map(|s| s.expose_secret().to_owned()),
            Err(e) => {
                report.warn(bounded(format!(
                    "could not read the public URL registered last: {e}"
                )));
                None
            }
        }
    }

    pub(super) async fn forget(&self, name: &str, report: &mut JobReport) {
        if let Err(e) = self.inner.store.delete_secret(name).await {
            report.warn(bounded(format!("could not delete {name}: {e}")));
        }
    }

    /// Whether deliveries of a kept webhook can be verified: SmartWeb by the stored or the
    /// configured secret, Rackbeat by the token stored for its event (a configured token is a
    /// single value and cannot be matched to one webhook's token).
    pub(super) async fn secret_known(&self, side: Side<'_>, topic: &str) -> bool {
        let inner = &self.inner;
        let stored =
            |name: String| async move { matches!(inner.store.secret(&name).await, Ok(Some(_))) };
        match side {
            Side::Smartweb(_) => {
                inner.smartweb_webhook_secret.is_some() || stored(SMARTWEB_SECRET.to_owned()).await
            }
            Side::Rackbeat => stored(rackbeat_token_secret(topic)).await,
        }
    }

    /// The secret new SmartWeb webhooks are created with: the stored one, or a new random
    /// one, stored first (so the first delivery can be verified). `None` in a dry run without
    /// a stored secret.
    pub(super) async fn smartweb_secret(&self) -> Result<Option<SecretString>, String> {
        let store = &self.inner.store;
        match store.secret(SMARTWEB_SECRET).await {
            Ok(Some(s)) => return Ok(Some(s)),
            Ok(None) => {}
            Err(e) => return Err(format!("could not read the stored SmartWeb secret: {e}")),
        }
        if self.inner.dry_run {
            return Ok(None);
        }
        let secret =
            random_secret().map_err(|e| format!("could not generate a webhook secret: {e}"))?;
        store
            .put_secret(SMARTWEB_SECRET, &secret)
            .await
            .map_err(|e| format!("could not store the SmartWeb webhook secret: {e}"))?;
        Ok(Some(secret))
    }

    /// Stores the token Rackbeat answered on create under `rackbeat_token_secret(event)`.
    pub(super) async fn store_token(
        &self,
        wanted: &WantedWebhook,
        token: Option<&SecretString>,
        report: &mut JobReport,
    ) {
        if wanted.system != WebhookSystem::Rackbeat {
            return;
        }
        let name = rackbeat_token_secret(&wanted.topic);
        match token {
            Some(token) => {
                if let Err(e) = self.inner.store.put_secret(&name, token).await {
                    report.failed(
                        ItemKind::Webhook,
                        wanted.key(),
                        bounded(format!(
                            "created, but its token could not be stored (deliveries will be refused): {e}"
                        )),
                    );
                }
            }
            None => report.warn(format!(
                "Rackbeat answered no token for {}: its deliveries verify only with a configured token",
                wanted.topic
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_secrets_are_long_and_differ() {
        use secrecy::ExposeSecret;
        let a = random_secret().unwrap();
        let b = random_secret().unwrap();
        assert_eq!(a.expose_secret().len(), 64);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }
}
