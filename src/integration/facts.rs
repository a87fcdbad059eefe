//! The account facts the probe established (see `sync_core::facts`), loaded for the jobs that
//! act on them and recorded as jobs learn them (e.g. the first create echoing the reference).

use sync_core::facts::{AccountFacts, Finding};

use super::Integration;
use crate::state::StateError;

impl Integration {
    /// The facts known about this shop's accounts: the latest finding per assumption, as the
    /// state store keeps them (every assumption unknown before the first probe).
    pub async fn account_facts(&self) -> Result<AccountFacts, StateError> {
        let findings = self.inner.store.findings().await?;
        Ok(AccountFacts::from_findings(findings))
    }

    /// Records what a job learned about an account (kept with its time; shown by `check`).
    /// An older finding never replaces a newer one.
    pub(crate) async fn record_finding(&self, finding: &Finding) -> Result<(), StateError> {
        self.inner.store.put_finding(finding).await
    }
}
