//! Pacing through the client: clones share one rate. Uses tokio's paused clock (the pacer
//! reads tokio time), so nothing sleeps for real and only request counts are asserted.

use crate::session_support;

use std::time::Duration;

use session_support::{FakeShop, Seen, default_answer, ok};
use smartweb_client::{model, ops};

#[tokio::test(start_paused = true)]
async fn clones_share_the_configured_rate() {
    let shop = FakeShop::start(|s: &Seen| match s.op.as_str() {
        "Solution_GetWebinfo" => {
            ok::<ops::SolutionGetWebinfo>(&Some(model::ShopWebinfo::default()))
        }
        _ => default_answer(s),
    })
    .await;
    // A caller's client without timeouts: with a paused clock they would fire while a
    // request waits on I/O. From the crate's builder, which has a TLS backend whatever the
    // features (`reqwest::Client::new()` panics when `rustls` is the only one).
    let caller = smartweb_client::http::client_builder()
        .unwrap()
        .build()
        .unwrap();
    let client = shop
        .builder()
        .requests_per_minute(120)
        .http_client(caller)
        .build()
        .unwrap();
    let mut workers = Vec::new();
    for _ in 0..2 {
        let client = client.clone();
        workers.push(tokio::spawn(async move {
            for _ in 0..4 {
                client.raw().solution_get_webinfo().await.unwrap();
            }
        }));
    }
    // 2 per second, first at once: by 1.1 s at most 3 requests may have left
    // (login, language, one read), whatever the two workers want.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let early = client.request_count();
    assert!(early <= 3, "{early} requests in 1.1 s at 2/s");
    for w in workers {
        w.await.unwrap();
    }
    let stats = client.request_stats();
    assert_eq!(stats.get("Solution_GetWebinfo"), 8);
    assert_eq!(stats.get("Solution_Connect"), 1);
    assert_eq!(shop.seen().len(), 10);
}
