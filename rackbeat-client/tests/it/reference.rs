//! Reference conformance: this crate against Rackbeat's documented and observed samples in
//! the shared reference folder (`<shared>/reference/rackbeat/samples/`), which is not part of
//! this repository.
//!
//! Ignored in the ordinary test run; the reference stage runs them:
//! `bash scripts/check-reference.sh <shared>`, which sets `SMARTWEB_RACKBEAT_SHARED=<shared>`
//! and passes `--ignored`. Without that variable, or with a folder that is not the shared one,
//! every test here fails.
#![cfg(feature = "client")]

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use rackbeat_client::model::{NewCustomer, NewWebhook, Order, Product, Webhook};
use rackbeat_client::webhook::{WebhookEvent, parse_delivery};
use rackbeat_client::{Error, Page, Single};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

/// `<shared>/reference/rackbeat/samples`, checked to be there.
fn samples_dir() -> PathBuf {
    let shared = std::env::var_os("SMARTWEB_RACKBEAT_SHARED").unwrap_or_else(|| {
        panic!(
            "SMARTWEB_RACKBEAT_SHARED is not set: reference stage: \
             bash scripts/check-reference.sh <shared>"
        )
    });
    let dir = PathBuf::from(shared).join("reference/rackbeat/samples");
    assert!(
        dir.is_dir(),
        "{} is missing: SMARTWEB_RACKBEAT_SHARED is not the shared folder",
        dir.display()
    );
    dir
}

/// A `.jsonc` sample as JSON: `//` comments outside strings are dropped and `[...]`
/// placeholders become empty arrays. `.json` samples are returned as they are.
fn strict_json(name: &str, text: &str) -> String {
    if !name.ends_with(".jsonc") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_string, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out.replace("[...]", "[]")
}

fn read_sample(name: &str) -> String {
    let path = samples_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    strict_json(name, &text)
}

/// The order revenue report (`/reports/revenue-orders`). No client call reads reports, so
/// there is no model for the envelope; its parts decode into this crate's types, and a key
/// this struct does not know fails the decode.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RevenueReport {
    orders: Vec<Order>,
    sum_total_cost: Decimal,
    sum_total_total: Decimal,
    sum_total_profit: Decimal,
    base_currency: String,
}

/// Decodes one sample into the models of this crate and checks what it must carry.
fn decode(name: &str, text: &str) {
    let json = || -> Value { serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}")) };
    match name {
        "docs_error_422_validation.json" => {
            let error = Error::from_response(422, text.as_bytes());
            let Error::Validation { fields, .. } = &error else {
                panic!("{name}: {error:?}");
            };
            let documented = json()["errors"].as_object().unwrap().len();
            assert_eq!(fields.len(), documented, "{name}: every field kept");
        }
        "docs_pagination_envelope.jsonc" => {
            // `data_collection` stands for a resource's plural key; the page reads any.
            let page: Page<Product> =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                page.total.is_some()
                    && page.pages.is_some()
                    && page.page.is_some()
                    && page.limit.is_some(),
                "{name}: {page:?}"
            );
        }
        "docs_report_revenue_orders.jsonc" => {
            serde_json::from_str::<RevenueReport>(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        "docs_webhook_create_request.json" => {
            let body: NewWebhook =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(body.extra.is_empty(), "{name}: unmodelled {:?}", body.extra);
            assert_ne!(
                WebhookEvent::from_name(&body.event),
                WebhookEvent::Other(body.event.clone()),
                "{name}: event understood"
            );
        }
        "docs_webhook_create_response.json" => {
            let Single(webhook): Single<Webhook> =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                webhook.extra.is_empty(),
                "{name}: unmodelled {:?}",
                webhook.extra
            );
            assert!(
                webhook.token.is_some(),
                "{name}: the token comes with the create"
            );
        }
        "docs_webhook_delivery_general.jsonc" => {
            let delivery = parse_delivery(None, None, text.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(delivery.event, Some(WebhookEvent::OrderCreated), "{name}");
            assert!(delivery.resource_key().is_some(), "{name}");
        }
        "docs_webhook_product_deleted_converted_to_lot.json" => {
            let delivery = parse_delivery(Some("product.deleted"), None, text.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(delivery.resource_number().is_some(), "{name}");
        }
        "docs_webhook_suppress_request_body.json" => {
            let body: NewCustomer =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(body.suppress_webhooks, Some(true), "{name}");
            assert!(body.extra.is_empty(), "{name}: unmodelled {:?}", body.extra);
        }
        "observed_webhook_delivery_order_created.json" => {
            let delivery = parse_delivery(Some("order.created"), None, text.as_bytes())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(delivery.event, Some(WebhookEvent::OrderCreated), "{name}");
            assert!(delivery.resource_number().is_some(), "{name}");
        }
        other => panic!("a recorded sample this test has no decoder for: {other}"),
    }
}

fn sample_names() -> Vec<String> {
    let dir = samples_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json") || n.ends_with(".jsonc"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no samples in {}", dir.display());
    names
}

#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn every_recorded_sample_decodes_into_our_models() {
    let names = sample_names();
    for name in &names {
        decode(name, &read_sample(name));
    }
    println!("reference: {} Rackbeat samples decode", names.len());
}

/// The key paths of a JSON value (`webhook.token`, `errors.customer_id[]`); an empty array
/// (a placeholder in the sample) contributes nothing beneath it.
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                key_paths(child, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Each of our bodies in `tests/data/` keeps every key of the sample its README line names,
/// with nothing beneath a sample's placeholders checked (ours are complete).
#[test]
#[ignore = "reference stage: bash scripts/check-reference.sh <shared>"]
fn our_bodies_keep_the_keys_of_the_samples_they_follow() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/README.md"))
            .unwrap();
    let mut checked = 0;
    for line in readme.lines().filter(|l| l.starts_with("- `")) {
        let ours = line.split('`').nth(1).unwrap();
        let (_, rest) = line
            .split_once(": follows `")
            .unwrap_or_else(|| panic!("README line names no sample: {line}"));
        let recorded_name = rest.split('`').next().unwrap();
        let recorded: Value = serde_json::from_str(&read_sample(recorded_name))
            .unwrap_or_else(|e| panic!("{recorded_name}: {e}"));
        let our = common::sample_json(ours);
        let (mut want, mut have) = (BTreeSet::new(), BTreeSet::new());
        key_paths(&recorded, "", &mut want);
        key_paths(&our, "", &mut have);
        // The sample's stand-in for a resource's plural key.
        if want.remove("data_collection") {
            assert!(
                have.iter().any(|k| our[k.as_str()].is_array()),
                "{ours}: no list where {recorded_name} has data_collection"
            );
        }
        let missing: Vec<_> = want.difference(&have).collect();
        assert!(
            missing.is_empty(),
            "{ours} lacks {missing:?} of {recorded_name}"
        );
        checked += 1;
    }
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".json")
        })
        .count();
    assert_eq!(checked, files, "every body in tests/data has a README line");
    println!("reference: {checked} of our Rackbeat bodies keep their sample's keys");
}
