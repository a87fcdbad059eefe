//! The account facts the probe established (see `sync_core::facts`), loaded for the jobs that
//! act on them and recorded as jobs learn them (e.g. the first create echoing the reference).

use sync_core::facts::{AccountFacts, Finding};

use super::Integration;
use crate::state::StateError;

impl Integration {
    /// The facts known about this shop's accounts: the latest finding per assumption.
    ///
    /// Stub until the probe stores findings: every assumption unknown.
    pub async fn account_facts(&self) -> Result<AccountFacts, StateError> {
        Ok(AccountFacts::new())
    }

    /// Records what a job learned about an account (kept with its time; shown by `check`).
    ///
    /// Stub until the probe stores findings: nothing is kept.
    #[allow(dead_code)] // used once the transfer job records what it learns
    pub(crate) async fn record_finding(&self, finding: &Finding) -> Result<(), StateError> {
        let _ = finding;
        Ok(())
    }
}
