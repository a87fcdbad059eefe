//! Replays the fuzz corpora for the webhook parsers and the config loader
//! (`tests/corpus/{smartweb_webhook,rackbeat_webhook,config}/`) through the fuzz targets'
//! entry points and through the engine's webhook receiver, on stable: no panic, typed errors,
//! only the documented HTTP statuses, and no secret in any reply. `fuzz/corpus/` links to the
//! `smartweb_webhook` and `config` folders here; `rackbeat_webhook` is a copy of
//! rackbeat-client's (the fuzz target's corpus), so this crate's package carries its own.

use crate::engine_support;

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::SecretString;
use smartweb_rackbeat::config::ConfigFile;
use smartweb_rackbeat::intake::{Headers, IntakeConfig};
use smartweb_rackbeat::{WebhookReceiver, WebhookWorker};

/// The secret and token the fuzz targets use.
const SW_SECRET: &str = "fuzz-webhook-secret";
const RB_TOKEN: &str = "fuzz-webhook-token";

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

/// The fuzz targets' framing: `[mode][len][first…][len][second…][body…]`.
struct Frame {
    mode: u8,
    first: String,
    second: String,
    body: Vec<u8>,
}

fn frame(data: &[u8]) -> Frame {
    fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
        let Some((&len, rest)) = data.split_first() else {
            return &[];
        };
        let (head, tail) = rest.split_at(usize::from(len).min(rest.len()));
        *data = tail;
        head
    }
    let mut rest = data;
    let mode = rest.first().copied().unwrap_or(0);
    rest = rest.get(1..).unwrap_or(&[]);
    let first = String::from_utf8_lossy(take(&mut rest)).into_owned();
    let second = String::from_utf8_lossy(take(&mut rest)).into_owned();
    Frame {
        mode,
        first,
        second,
        body: rest.to_vec(),
    }
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SW_SECRET.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn receiver() -> (WebhookReceiver, WebhookWorker) {
    // The work queue is never drained: the receiver's answer is what is checked.
    let (receiver, worker, _) = engine_support::offline_receiver(
        SW_SECRET,
        RB_TOKEN,
        IntakeConfig::default()
            .with_max_body_bytes(64 * 1024)
            .with_queue_capacity(100_000)
            .with_dedupe_window(Duration::from_secs(3600)),
    );
    (receiver, worker)
}

const STATUSES: [u16; 6] = [200, 202, 400, 401, 413, 503];

#[tokio::test]
async fn smartweb_webhook_corpus_replays_without_panic() {
    let (receiver, _worker) = receiver();
    let files = corpus("smartweb_webhook");
    assert!(files.len() >= 5, "corpus has only {} files", files.len());
    let secret = SecretString::from(SW_SECRET);
    for (name, data) in &files {
        let f = frame(data);
        let header = if f.mode & 1 == 1 {
            sign(&f.body)
        } else {
            f.second.clone()
        };
        let verified = smartweb_client::webhook::verify_signature(&secret, &f.body, &header);
        if f.mode & 1 == 1 {
            assert!(verified, "{name}: a valid signature must verify");
        }
        let domain = (f.mode & 2 == 2).then_some("shop1234.mywebshop.io");
        let topic = (f.mode & 4 == 0).then_some(f.first.as_str());
        let _ = smartweb_client::webhook::parse(topic, domain, &f.body);

        let mut headers = Headers::from_pairs([("X-Hmac-Sha256", header.as_str())]);
        if let Some(t) = topic {
            headers.push("X-Webhook-Topic", t);
        }
        let reply = receiver.handle_smartweb_webhook(&headers, &f.body).await;
        assert!(STATUSES.contains(&reply.status), "{name}: {reply:?}");
        assert!(!reply.message.contains(SW_SECRET), "{name}");
        if !verified {
            assert_eq!(reply.status, 401, "{name}: unsigned must be refused");
        }
    }
}

#[tokio::test]
async fn rackbeat_webhook_corpus_replays_through_the_receiver() {
    let (receiver, _worker) = receiver();
    let files = corpus("rackbeat_webhook");
    assert!(files.len() >= 5, "corpus has only {} files", files.len());
    for (name, data) in &files {
        let f = frame(data);
        let presented = match f.mode & 3 {
            1 => Some(RB_TOKEN),
            2 | 3 => None,
            _ => Some(f.second.as_str()),
        };
        let mut headers = Headers::default();
        if let Some(t) = presented {
            headers.push("Rackbeat-Webhook-Token", t);
        }
        if f.mode & 4 == 0 {
            headers.push("Rackbeat-Webhook-Event", f.first.as_str());
        }
        let reply = receiver.handle_rackbeat_webhook(&headers, &f.body).await;
        assert!(STATUSES.contains(&reply.status), "{name}: {reply:?}");
        assert!(!reply.message.contains(RB_TOKEN), "{name}");
        if presented.is_none_or(|p| p.trim() != RB_TOKEN) {
            assert_eq!(reply.status, 401, "{name}: a wrong token must be refused");
        }
    }
}

#[test]
fn config_corpus_replays_without_panic() {
    let files = corpus("config");
    assert!(files.len() >= 3, "corpus has only {} files", files.len());
    for (name, data) in &files {
        let Ok(text) = std::str::from_utf8(data) else {
            continue;
        };
        match ConfigFile::parse(text) {
            Ok(file) => match file.resolve(|k| Some(format!("value-of-{k}"))) {
                Ok(config) => {
                    assert!(
                        !format!("{config:?}").contains("value-of-"),
                        "{name}: secret in Debug"
                    );
                }
                Err(problems) => assert!(!problems.is_empty(), "{name}"),
            },
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
}
