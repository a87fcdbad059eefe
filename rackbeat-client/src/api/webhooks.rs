//! Webhook registrations: `/webhooks`.

use reqwest::Method;

use crate::Result;
use crate::api::handler;
use crate::list::ListBuilder;
use crate::model::{NewWebhook, Webhook};

handler!(
    /// Webhook registrations (`/webhooks`), from
    /// [`RackbeatClient::webhooks`](crate::RackbeatClient::webhooks).
    WebhooksHandler
);

impl WebhooksHandler<'_> {
    /// `GET /webhooks`: a list request.
    pub fn list(&self) -> ListBuilder<Webhook> {
        ListBuilder::new(self.client, &["webhooks"])
    }

    /// `GET /webhooks/{id}`.
    pub async fn get(&self, id: u64) -> Result<Webhook> {
        self.client.get_one(&["webhooks", &id.to_string()]).await
    }

    /// `POST /webhooks`. The answer carries the `token` (only here): store it to check
    /// deliveries. Registering the same (event, url) again updates the existing webhook.
    pub async fn create(&self, webhook: &NewWebhook) -> Result<Webhook> {
        self.client
            .send_one(Method::POST, &["webhooks"], webhook)
            .await
    }

    /// `DELETE /webhooks/{id}`.
    pub async fn delete(&self, id: u64) -> Result<()> {
        self.client
            .send_unit(Method::DELETE, &["webhooks", &id.to_string()], None::<&()>)
            .await
    }
}
