//! The `sync run --listen` HTTP listener against hostile clients on loopback: dripped headers
//! and bodies, idle keep-alive connections, more connections than allowed, announced but
//! missing bodies and oversized bodies. Each test runs on a paused clock (tokio jumps to the
//! next deadline when everything waits), with short deadlines, and asserts that the
//! connection ends and what it was answered; real time stays well under a second.

use crate::cli;
use crate::engine_support;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use cli::listener::{self, ListenerLimits};
use smartweb_rackbeat::WebhookWorker;
use smartweb_rackbeat::intake::IntakeConfig;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

const SW_SECRET: &str = "listener-sw-secret";
const RB_TOKEN: &str = "listener-rb-token";
const MAX_BODY: usize = 4096;
/// Far below any deadline: a per-byte timeout would never fire at this pace.
const DRIP_EVERY: Duration = Duration::from_millis(200);
/// Longer than every deadline: a connection still open then is never closed.
const NEVER: Duration = Duration::from_secs(60);

fn limits() -> ListenerLimits {
    ListenerLimits {
        headers: Duration::from_secs(2),
        body: Duration::from_secs(3),
        max_connections: 3,
        max_body_bytes: MAX_BODY,
    }
}

/// The listener with the program's routes for one shop, on a free loopback port.
async fn start(limits: ListenerLimits) -> (SocketAddr, WebhookWorker, CancellationToken) {
    let (receiver, worker, _) = engine_support::offline_receiver(
        SW_SECRET,
        RB_TOKEN,
        IntakeConfig::default().with_max_body_bytes(limits.max_body_bytes),
    );
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    let app = Router::new().nest("/webhooks", cli::webhook_router(receiver));
    let shutdown = CancellationToken::new();
    tokio::spawn(listener::serve(socket, app, limits, shutdown.clone()));
    (addr, worker, shutdown)
}

/// A valid Rackbeat stock delivery: answered 202 and queued, without calling out.
fn valid_request(connection: &str) -> Vec<u8> {
    let body = r#"{"item":"SKU-1","item_type":"product","type":"stock"}"#;
    format!(
        "POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\nRackbeat-Webhook-Event: inventory.changed\r\nRackbeat-Webhook-Token: {RB_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Everything the server sends until it closes (a reset after the answer ends it too). A
/// server that never closes fails the test (a minute on the paused clock, no real time).
async fn read_until_closed(stream: &mut (impl AsyncRead + Unpin)) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    let reading = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    if tokio::time::timeout(NEVER, reading).await.is_err() {
        panic!(
            "the server kept the connection open; it sent {:?}",
            String::from_utf8_lossy(&answer)
        );
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> Option<u16> {
    answer.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// Sends `head`, then `drip` one byte at a time until the server stops reading; returns what
/// the server answered before closing.
async fn drip(addr: SocketAddr, head: &[u8], drip: &'static [u8]) -> String {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write.write_all(head).await.unwrap();
    let dripping = tokio::spawn(async move {
        for byte in drip.iter().cycle() {
            if write.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(DRIP_EVERY).await;
        }
    });
    let answer = read_until_closed(&mut read).await;
    dripping.abort();
    answer
}

#[tokio::test(start_paused = true)]
async fn a_dripped_body_is_cut_off_at_the_body_deadline() {
    let (addr, mut worker, _stop) = start(limits()).await;
    let head = format!(
        "POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\nRackbeat-Webhook-Token: {RB_TOKEN}\r\nRackbeat-Webhook-Event: inventory.changed\r\nContent-Length: 1000\r\n\r\n"
    );
    let started = Instant::now();
    let answer = drip(addr, head.as_bytes(), b"{\"item\":\"SKU-1\"    ").await;
    assert_eq!(status(&answer), Some(408), "{answer}");
    // On the paused clock: ended at the body deadline, although a byte came every 200 ms.
    assert!(
        started.elapsed() <= limits().body + DRIP_EVERY,
        "{:?}",
        started.elapsed()
    );
    assert!(worker.drain().await.is_empty(), "nothing queued");
}

#[tokio::test(start_paused = true)]
async fn dripped_headers_are_cut_off_at_the_header_deadline() {
    let (addr, mut worker, _stop) = start(limits()).await;
    let started = Instant::now();
    let answer = drip(
        addr,
        b"POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\n",
        b"X-Padding: aaaaaaaa\r\n",
    )
    .await;
    // hyper closes the connection without an answer when the head is late.
    assert!(status(&answer).is_none_or(|s| s == 408), "{answer}");
    assert!(
        started.elapsed() <= limits().headers + DRIP_EVERY,
        "{:?}",
        started.elapsed()
    );
    assert!(worker.drain().await.is_empty());
}

#[tokio::test(start_paused = true)]
async fn idle_connections_are_closed() {
    let (addr, mut worker, _stop) = start(limits()).await;

    // A connection that never sends anything.
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    assert_eq!(read_until_closed(&mut silent).await, "");
    assert!(started.elapsed() <= limits().headers + DRIP_EVERY);

    // A keep-alive connection after its answer.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    kept.write_all(&valid_request("keep-alive")).await.unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut kept).await;
    assert_eq!(status(&answer), Some(202), "{answer}");
    assert!(
        started.elapsed() >= limits().headers && started.elapsed() <= limits().headers + DRIP_EVERY,
        "closed by the idle deadline: {:?}",
        started.elapsed()
    );
    assert_eq!(worker.drain().await.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn connections_over_the_cap_are_turned_away_and_webhooks_still_get_through() {
    let (addr, mut worker, _stop) = start(limits()).await;
    let head = b"POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\n";
    let padding: &'static [u8] = b"X-Padding: aaaaaaaa\r\n";
    let first = tokio::spawn(drip(addr, head, padding));
    let second = tokio::spawn(drip(addr, head, padding));
    tokio::task::yield_now().await;

    // Two of three slots hang: a valid webhook is still answered.
    let mut valid = TcpStream::connect(addr).await.unwrap();
    valid.write_all(&valid_request("close")).await.unwrap();
    let answer = read_until_closed(&mut valid).await;
    assert_eq!(status(&answer), Some(202), "{answer}");
    assert!(
        !first.is_finished() && !second.is_finished(),
        "the drips still hang"
    );

    // A third drip fills the last slot; the next connection is turned away at once.
    let third = tokio::spawn(drip(addr, head, padding));
    tokio::task::yield_now().await;
    let mut over = TcpStream::connect(addr).await.unwrap();
    let answer = read_until_closed(&mut over).await;
    assert_eq!(status(&answer), Some(503), "{answer}");
    assert!(answer.contains("Retry-After"), "{answer}");

    // The drips are cut off at their deadline, which frees the slots.
    for dripper in [first, second, third] {
        dripper.await.unwrap();
    }
    let mut after = TcpStream::connect(addr).await.unwrap();
    after.write_all(&valid_request("close")).await.unwrap();
    let answer = read_until_closed(&mut after).await;
    assert_eq!(status(&answer), Some(202), "{answer}");
    assert_eq!(worker.drain().await.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn an_announced_body_that_never_comes_is_408() {
    // The client announces 1000 bytes, sends 10 and stalls.
    let (addr, mut worker, _stop) = start(limits()).await;
    let head = "POST /webhooks/smartweb HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Webhook-Topic: orders/created\r\nX-Hmac-Sha256: AAAA\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n";
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"{\"id\":\"1\"").await.unwrap();
    let answer = read_until_closed(&mut stream).await;
    assert_eq!(status(&answer), Some(408), "{answer}");
    assert!(worker.drain().await.is_empty());
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let (addr, mut worker, _stop) = start(limits()).await;
    // Declared too large: refused before the body is read.
    let body = vec![b'x'; MAX_BODY * 4];
    let head = format!(
        "POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\nRackbeat-Webhook-Token: {RB_TOKEN}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(&body).await;
    let answer = read_until_closed(&mut stream).await;
    assert_eq!(status(&answer), Some(413), "{answer}");

    // Chunked, with no length announced: cut off once the cap is passed.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /webhooks/rackbeat HTTP/1.1\r\nHost: x\r\nRackbeat-Webhook-Token: {RB_TOKEN}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 1024, "y".repeat(1024));
    for _ in 0..(MAX_BODY / 1024 + 2) {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let answer = read_until_closed(&mut stream).await;
    assert_eq!(status(&answer), Some(413), "{answer}");
    assert!(worker.drain().await.is_empty());
}
