//! A Rackbeat webhook delivery: token check (right, wrong, missing) and body parsing.
//! Input layout: `[mode][event length][event…][token length][token…][body…]`; mode bit 0 set
//! presents the right token, bit 1 set presents none.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rackbeat_client::model::WebhookToken;
use rackbeat_client::webhook;

const TOKEN: &str = "fuzz-webhook-token";

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
    let event = String::from_utf8_lossy(take(&mut rest)).into_owned();
    let token = String::from_utf8_lossy(take(&mut rest)).into_owned();
    let body = rest;
    let expected = WebhookToken::new(TOKEN);
    let presented = match mode & 3 {
        1 => Some(TOKEN),
        2 | 3 => None,
        _ => Some(token.as_str()),
    };
    let ok = webhook::verify_token(&expected, presented);
    assert_eq!(ok, presented.is_some_and(|p| p.trim() == TOKEN));
    let event = (mode & 4 == 0).then_some(event.as_str());
    let account = (mode & 8 == 8).then_some("42");
    if let Ok(delivery) = webhook::parse_delivery(event, account, body) {
        let _ = delivery.resource_key();
        let _ = delivery.is_stock_change();
    }
});
