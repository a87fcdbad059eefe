//! SmartWeb's GraphQL API, for webhook registration only (feature `graphql`).
//!
//! SmartWeb's SOAP API has no webhook operations; webhooks live in the GraphQL API (API fact sheet
//! §8–§9): OAuth2 client credentials at `{shop}/auth/oauth/token` (a Bearer token valid 24 h), the
//! endpoint `{shop}/api/graphql/experimental`, the mutations `webhookCreate` / `webhookDelete` and
//! the query `webhooks`.
//!
//! # Overview
//! - [`GraphqlClient`], made by [`GraphqlClient::builder`]: the token is fetched on first use,
//!   cached, renewed [`RENEW_MARGIN`] before it expires and once when the API answers 401
//!   (that request is then sent once more). Requests are paced to
//!   [`DEFAULT_REQUESTS_PER_SECOND`] (the documented limit). Plain `http://` is refused except
//!   to loopback.
//! - [`GraphqlClient::list_webhooks`], [`GraphqlClient::create_webhook`] and
//!   [`GraphqlClient::delete_webhook`] give and take [`RegisteredWebhook`].
//! - [`GraphqlError`]: every failure; a non-empty `errors` array is [`GraphqlError::Graphql`].
//!   No error, log line or `Debug` output carries the client secret, a token or a webhook
//!   secret.
//!
//! # Schema discovery
//! The webhook input types were never recorded, so the client reads them by introspection on
//! first use of each operation and caches what it found for its lifetime. It then fills, by
//! name (first match wins, case-insensitive):
//! - the URL from `url`, `callbackUrl`, `address`, `endpoint`, `uri`, `webhookUrl`, `targetUrl`
//!   or `callback`;
//! - the topic from `topic`, `event`, `events`, `topics`, `type`, `eventType` or `eventName`; an
//!   enum field gets the matching value (`orders/created` → `ORDERS_CREATED`), a list field a
//!   one-element list;
//! - the secret (optional) from `secret`, `signingSecret`, `key`, `secretKey`, `signingKey`,
//!   `hmacSecret` or `sharedSecret`;
//! - a required label (`name`, `title`, `label`, `description`) with `smartweb-rackbeat`, and an
//!   `active`/`enabled` flag with `true`.
//!
//! Both `webhookCreate(input: XInput!)` and flat arguments work; the result may be the webhook,
//! a `{content, errors}`-style payload, an id or a Boolean. The `webhooks` list is read page by
//! page (style B, `webhooks(pagination, …) { pagination {…} data {…} }`, 1-based) until an
//! empty or last page. When the schema does not fit, [`GraphqlError::Schema`] says what was
//! expected and lists what the schema offers.
//!
//! # Example
//! ```no_run
//! use secrecy::SecretString;
//! use smartweb_client::graphql::{GraphqlClient, GraphqlError};
//!
//! # async fn run() -> Result<(), GraphqlError> {
//! let client = GraphqlClient::builder()
//!     .shop_url("https://shop000000.mywebshop.io")
//!     .client_id("my-client-id")
//!     .client_secret(SecretString::from("my-client-secret"))
//!     .build()?;
//!
//! let secret = SecretString::from("a-webhook-secret");
//! let created = client
//!     .create_webhook("https://sync.example.com/webhooks/smartweb", "orders/created", Some(&secret))
//!     .await?;
//! for webhook in client.list_webhooks().await? {
//!     println!("{} {} -> {}", webhook.id, webhook.topic, webhook.url);
//! }
//! client.delete_webhook(&created.id).await?;
//! # Ok(())
//! # }
//! ```
//!
//! With the `mock` feature, `testing::GraphqlFake` serves a realistic fake of this API
//! on 127.0.0.1 for tests.

mod auth;
mod client;
mod error;
mod introspection;
mod pacing;
mod shape;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod testing;
mod topic;
mod webhooks;

pub use auth::{DEFAULT_TOKEN_LIFETIME, RENEW_MARGIN};
pub use client::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUESTS_PER_SECOND, DEFAULT_TIMEOUT, GRAPHQL_PATH,
    GraphqlClient, GraphqlClientBuilder, TOKEN_PATH,
};
pub use error::{BODY_EXCERPT_CHARS, GraphqlError, SchemaMismatch, ServerError};
pub use topic::DOCUMENTED_TOPICS;
pub use webhooks::{CREATE_MUTATION, DELETE_MUTATION, LIST_QUERY, RegisteredWebhook};
