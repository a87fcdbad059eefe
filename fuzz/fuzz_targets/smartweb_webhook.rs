//! A SmartWeb webhook delivery: signature check (forged and valid) and body parsing.
//! Input layout: `[mode][topic length][topic…][signature length][signature…][body…]`; mode
//! bit 0 set means the signature is replaced by the valid one for the body.
#![no_main]

use base64::Engine;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;
use smartweb_client::webhook;

const SECRET: &str = "fuzz-webhook-secret";

fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let Some((&len, rest)) = data.split_first() else {
        return &[];
    };
    let (head, tail) = rest.split_at(usize::from(len).min(rest.len()));
    *data = tail;
    head
}

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let mode = rest.first().copied().unwrap_or(0);
    rest = rest.get(1..).unwrap_or(&[]);
    let topic = String::from_utf8_lossy(take(&mut rest)).into_owned();
    let forged = String::from_utf8_lossy(take(&mut rest)).into_owned();
    let body = rest;
    let secret = SecretString::from(SECRET);
    let header = if mode & 1 == 1 {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(body);
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    } else {
        forged
    };
    let verified = webhook::verify_signature(&secret, body, &header);
    if mode & 1 == 1 {
        assert!(verified, "a valid signature must verify");
    }
    let domain = (mode & 2 == 2).then_some("shop1234.mywebshop.io");
    let topic = (mode & 4 == 0).then_some(topic.as_str());
    if let Ok(event) = webhook::parse(topic, domain, body) {
        let _ = event.id_as_i64();
        let _ = event.topic.as_str();
    }
});
