//! `GET /self`.

use reqwest::Method;

use crate::client::RackbeatClient;
use crate::model::Account;

impl RackbeatClient {
    /// `GET /self`: the account and user behind the token (a cheap credentials check).
    pub async fn account(&self) -> crate::Result<Account> {
        self.json(Method::GET, &["self"], &[], None::<&()>).await
    }
}
