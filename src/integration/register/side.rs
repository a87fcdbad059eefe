//! The calls registration makes to either system, and their errors.

use std::fmt;

use rackbeat_client::model::NewWebhook;
use secrecy::SecretString;
use smartweb_client::graphql::{GraphqlClient, GraphqlError};
use sync_core::webhooks::{ExistingWebhook, WantedWebhook, WebhookSystem};

use crate::integration::{ClientError, Integration};
use crate::report::ApiCalls;

impl ClientError for GraphqlError {
    fn is_credential(&self) -> bool {
        self.is_auth()
    }
    fn system(&self) -> &'static str {
        "smartweb"
    }
}

/// A failure of either system's client.
#[derive(Debug)]
pub(super) enum SideError {
    Graphql(GraphqlError),
    Rackbeat(rackbeat_client::Error),
}

impl fmt::Display for SideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Graphql(e) => e.fmt(f),
            Self::Rackbeat(e) => e.fmt(f),
        }
    }
}

impl ClientError for SideError {
    fn is_credential(&self) -> bool {
        match self {
            Self::Graphql(e) => e.is_credential(),
            Self::Rackbeat(e) => e.is_credential(),
        }
    }
    fn system(&self) -> &'static str {
        match self {
            Self::Graphql(_) => "smartweb",
            Self::Rackbeat(_) => "rackbeat",
        }
    }
}

impl SideError {
    /// Every further creation would fail the same way: the schema does not fit, or the
    /// credentials were refused.
    pub(super) fn repeats_for_every_webhook(&self) -> bool {
        self.is_credential() || matches!(self, Self::Graphql(GraphqlError::Schema(_)))
    }

    /// The system refused the request itself (400/422, an unknown topic, a rejected mutation),
    /// as opposed to a transport or credential failure.
    pub(super) fn is_refusal(&self) -> bool {
        match self {
            Self::Graphql(e) => matches!(
                e,
                GraphqlError::Rejected { .. }
                    | GraphqlError::UnknownTopic { .. }
                    | GraphqlError::Graphql { .. }
            ),
            Self::Rackbeat(e) => matches!(e.status(), Some(400 | 404 | 422)),
        }
    }
}

/// One system's client, for the steps both systems share.
#[derive(Clone, Copy)]
pub(super) enum Side<'a> {
    Smartweb(&'a GraphqlClient),
    Rackbeat,
}

impl Side<'_> {
    pub(super) fn system(self) -> WebhookSystem {
        match self {
            Self::Smartweb(_) => WebhookSystem::Smartweb,
            Self::Rackbeat => WebhookSystem::Rackbeat,
        }
    }
}

/// What a creation gave back.
pub(super) struct Created {
    pub(super) id: String,
    pub(super) token: Option<SecretString>,
}

impl Integration {
    /// The webhooks one system has registered. GraphQL calls are counted here (that client
    /// keeps no counters); Rackbeat's client counts its own.
    pub(super) async fn existing(
        &self,
        side: Side<'_>,
        calls: &mut ApiCalls,
    ) -> Result<Vec<ExistingWebhook>, SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhooks");
                let list = gql.list_webhooks().await.map_err(SideError::Graphql)?;
                Ok(list
                    .into_iter()
                    .map(|w| ExistingWebhook {
                        id: w.id,
                        topic: w.topic,
                        url: w.url,
                    })
                    .collect())
            }
            Side::Rackbeat => {
                let list = self
                    .inner
                    .rackbeat
                    .webhooks()
                    .list()
                    .all()
                    .await
                    .map_err(SideError::Rackbeat)?;
                Ok(list
                    .into_iter()
                    .map(|w| ExistingWebhook {
                        id: w.id.to_string(),
                        topic: w.event.unwrap_or_default(),
                        url: w.url.unwrap_or_default(),
                    })
                    .collect())
            }
        }
    }

    pub(super) async fn create(
        &self,
        side: Side<'_>,
        wanted: &WantedWebhook,
        secret: Option<&SecretString>,
        calls: &mut ApiCalls,
    ) -> Result<Created, SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhookCreate");
                let made = gql
                    .create_webhook(&wanted.url, &wanted.topic, secret)
                    .await
                    .map_err(SideError::Graphql)?;
                Ok(Created {
                    id: made.id,
                    token: None,
                })
            }
            Side::Rackbeat => {
                let body = NewWebhook {
                    event: wanted.topic.clone(),
                    url: wanted.url.clone(),
                    is_active: Some(true),
                    ..NewWebhook::default()
                };
                let made = self
                    .inner
                    .rackbeat
                    .webhooks()
                    .create(&body)
                    .await
                    .map_err(SideError::Rackbeat)?;
                Ok(Created {
                    id: made.id.to_string(),
                    token: made
                        .token
                        .map(|t| SecretString::from(t.expose_secret().to_owned())),
                })
            }
        }
    }

    pub(super) async fn delete(
        &self,
        side: Side<'_>,
        id: &str,
        calls: &mut ApiCalls,
    ) -> Result<(), SideError> {
        match side {
            Side::Smartweb(gql) => {
                calls.record_smartweb("graphql webhookDelete");
                gql.delete_webhook(id).await.map_err(SideError::Graphql)
            }
            Side::Rackbeat => {
                // Ids come from our own listing, where they were numbers.
                let id = id.parse::<u64>().unwrap_or_default();
                self.inner
                    .rackbeat
                    .webhooks()
                    .delete(id)
                    .await
                    .map_err(SideError::Rackbeat)
            }
        }
    }
}
