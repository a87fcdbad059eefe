//! The crate's integration tests in one binary: one link instead of one per file. Each module
//! is a former `tests/<name>.rs` (`cargo test -p smartweb-client --test it <name>::` runs one);
//! `envelopes`, `ext_soap_data`, `field_sets`, `mock_support`, `php_soap_support` and
//! `session_support` hold what they share. Data stays in `tests/data/` and `tests/corpus/`.

mod bad_input;
mod corpus_replay;
mod curated_fields;
mod curated_orders;
mod curated_products;
mod curated_shop_users;
mod envelope_requests;
mod envelope_responses;
mod envelope_streaming;
mod envelopes;
mod ext_soap_data;
mod ext_soap_envelopes;
mod field_sets;
mod fixtures_parse;
mod graphql_webhooks;
mod http_client;
mod mock_ext_soap;
mod mock_orders;
mod mock_products;
mod mock_projection;
mod mock_session;
mod mock_support;
mod model_layout;
mod php_soap;
mod php_soap_support;
mod reference;
mod response_pieces;
mod session_flow;
mod session_pacing;
mod session_secrets;
mod session_support;
mod sheet_audit;
mod webhook_parse;
