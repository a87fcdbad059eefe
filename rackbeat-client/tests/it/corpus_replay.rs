//! Replays the fuzz corpora `tests/corpus/rackbeat_json/` and `tests/corpus/rackbeat_webhook/`
//! (the fuzz targets' corpora: `fuzz/corpus/<target>` links here)
//! through the same entry points as the fuzz targets, on stable: no panic, typed errors,
//! bounded messages.

use std::path::PathBuf;

use rackbeat_client::model::{Customer, Order, Product, ProductLocation, WebhookToken};
use rackbeat_client::{Error, Page, Single, webhook};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn json_corpus_replays_without_panic() {
    let files = corpus("rackbeat_json");
    assert!(files.len() >= 15, "corpus has only {} files", files.len());
    for (_, data) in &files {
        let _ = serde_json::from_slice::<Page<Product>>(data);
        let _ = serde_json::from_slice::<Page<Order>>(data);
        let _ = serde_json::from_slice::<Page<Customer>>(data);
        let _ = serde_json::from_slice::<Page<ProductLocation>>(data);
        let _ = serde_json::from_slice::<Single<Product>>(data);
        let _ = serde_json::from_slice::<Single<Order>>(data);
        let _ = serde_json::from_slice::<Single<Customer>>(data);
        for status in [400, 404, 422, 429, 500] {
            let error = Error::from_response(status, data);
            assert_eq!(error.status(), Some(status));
            // The raw body is kept, capped (2 KiB plus an ellipsis).
            assert!(error.body().is_some_and(|b| b.len() <= 2048 + 3));
            let _ = error.to_string();
        }
    }
}

fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let Some((&len, rest)) = data.split_first() else {
        return &[];
    };
    let (head, tail) = rest.split_at(usize::from(len).min(rest.len()));
    *data = tail;
    head
}

/// Same framing as the `rackbeat_webhook` fuzz target:
/// `[mode][event length][event…][token length][token…][body…]`.
#[test]
fn webhook_corpus_replays_without_panic() {
    const TOKEN: &str = "fuzz-webhook-token";
    let files = corpus("rackbeat_webhook");
    assert!(files.len() >= 5, "corpus has only {} files", files.len());
    for (name, data) in &files {
        let mut rest = data.as_slice();
        let mode = rest.first().copied().unwrap_or(0);
        rest = rest.get(1..).unwrap_or(&[]);
        let event = String::from_utf8_lossy(take(&mut rest)).into_owned();
        let token = String::from_utf8_lossy(take(&mut rest)).into_owned();
        let body = rest;
        let expected = WebhookToken::new(TOKEN);
        let presented = match mode & 3 {
            1 => Some(TOKEN),
            2 | 3 => None,
            _ => Some(token.as_str()),
        };
        assert_eq!(
            webhook::verify_token(&expected, presented),
            presented.is_some_and(|p| p.trim() == TOKEN),
            "{name}"
        );
        let event = (mode & 4 == 0).then_some(event.as_str());
        let account = (mode & 8 == 8).then_some("42");
        if let Ok(delivery) = webhook::parse_delivery(event, account, body) {
            assert!(
                delivery.event.is_some() || delivery.resource_key().is_some(),
                "{name}"
            );
        }
    }
}
