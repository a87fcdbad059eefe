#![doc = include_str!("../README.md")]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod config;
pub mod intake;
pub mod integration;
pub mod report;
pub mod scheduler;
pub mod state;

pub use integration::{
    BuildError, Integration, IntegrationBuilder, OrderWindow, ProbeOptions, StockScope,
    WebhookReceiver, WebhookReply, WebhookWork, WebhookWorker,
};
pub use report::JobReport;
pub use sync_core;
pub use sync_core::settings::Settings;
