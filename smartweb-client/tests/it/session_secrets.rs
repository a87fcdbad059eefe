//! The password never shows in `Debug`, errors or logs (trace level included).

use crate::session_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use session_support::{FakeShop, PASSWORD, Seen, default_answer, fault, ok};
use smartweb_client::SmartWebClient;
use smartweb_client::{model, ops};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn debug_output_redacts_the_password() {
    let builder = SmartWebClient::builder().username("u").password(PASSWORD);
    assert!(!format!("{builder:?}").contains(PASSWORD));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(PASSWORD), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
    let login = ops::SolutionConnect {
        username: "u".into(),
        password: PASSWORD.into(),
    };
    assert!(!format!("{login:?}").contains(PASSWORD));
}

#[tokio::test]
async fn logs_at_trace_level_never_contain_the_password() {
    // tracing caches each call site's interest. While one subscriber is registered, it asks
    // only the subscriber of the thread that first hits the call site: another test's thread,
    // which has none, would turn the call site off for this test too. With a second
    // (silent) one registered, every call site asks them all.
    let _silent = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let shop = FakeShop::start(|s: &Seen| match (s.op.as_str(), s.nth) {
        ("Solution_GetWebinfo", 0) => fault("AUTH", "expired"),
        ("Solution_GetWebinfo", _) => {
            ok::<ops::SolutionGetWebinfo>(&Some(model::ShopWebinfo::default()))
        }
        _ => default_answer(s),
    })
    .await;
    let client = shop.client();
    client.raw().solution_get_webinfo().await.unwrap();
    // The password did go over the wire (twice: login and re-login)…
    let logins = shop
        .seen()
        .iter()
        .filter(|s| s.body.contains(PASSWORD))
        .count();
    assert_eq!(logins, 2);

    // …and nothing about it reached the log, which did record the calls.
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("Solution_Connect"),
        "log captured nothing useful:\n{log}"
    );
    assert!(log.contains("reconnecting"), "{log}");
    assert!(!log.contains(PASSWORD), "password in the log:\n{log}");
}
