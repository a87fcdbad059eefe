//! The HTTP listener of `sync run --listen`, defending itself against slow and idle clients.
//!
//! Anyone who can reach the port can open connections, so every connection is bounded:
//! - **headers**: a connection waiting for a request (just accepted, or idle after an answer)
//!   must deliver the whole request head within [`ListenerLimits::headers`], counted from the
//!   start, not reset by each byte (hyper's header read timeout). The same deadline is the
//!   idle timeout of a keep-alive connection: it is closed when no request starts in time;
//! - **body**: the whole body must arrive within [`ListenerLimits::body`] after the head (a
//!   total deadline around the read, not a per-frame timeout a one-byte drip would reset);
//!   otherwise the answer is `408` and the connection is closed. A body over
//!   [`ListenerLimits::max_body_bytes`] is `413`;
//! - **connections**: at most [`ListenerLimits::max_connections`] are open at once; one more
//!   is answered `503` and closed at once, so a flood of half-open connections costs each
//!   only its deadline, and webhooks get through again as soon as slots free up (both
//!   senders retry a 5xx).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// The bounds of every connection to the listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerLimits {
    /// From the moment a connection waits for a request to its last header byte; also how
    /// long a keep-alive connection may stay idle. Default 10 s.
    pub headers: Duration,
    /// From the last header byte to the last body byte. Default 10 s.
    pub body: Duration,
    /// Connections open at once. Default 256.
    pub max_connections: usize,
    /// The largest body accepted, in bytes. Default 256 KiB.
    pub max_body_bytes: usize,
}

impl Default for ListenerLimits {
    fn default() -> Self {
        Self {
            headers: Duration::from_secs(10),
            body: Duration::from_secs(10),
            max_connections: 256,
            max_body_bytes: 256 * 1024,
        }
    }
}

/// What a connection over the cap is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 5\r\nConnection: close\r\n\r\n";

/// Serves `app` on `listener` within `limits` until `shutdown`; then stops accepting and lets
/// open connections finish their request (each still bound by its deadlines).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ListenerLimits,
    shutdown: CancellationToken,
) {
    let app = app.layer(middleware::from_fn_with_state(limits, read_body_in_time));
    let service = TowerToHyperService::new(app);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let connections = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.headers);
    loop {
        let accepted = tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: give the open connections a moment
                // to end instead of spinning on accept.
                tracing::warn!(error = %e, "the webhook listener cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            turn_away(&stream);
            continue;
        };
        let connection =
            connections.watch(http.serve_connection(TokioIo::new(stream), service.clone()));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "webhook connection ended");
            }
            drop(slot);
        });
    }
    let deadline = limits.headers.saturating_add(limits.body);
    if tokio::time::timeout(deadline, connections.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("webhook connections still open at shutdown were dropped");
    }
}

/// Answers 503 without waiting (the socket's send buffer is empty) and closes.
fn turn_away(stream: &TcpStream) {
    tracing::warn!("the webhook listener is at its connection limit; answered 503");
    let _ = stream.try_write(BUSY);
}

/// Reads the whole body within the body deadline and the size cap, then hands the request on
/// with the body in memory.
async fn read_body_in_time(
    State(limits): State<ListenerLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > u64::try_from(limits.max_body_bytes).unwrap_or(u64::MAX)) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    match tokio::time::timeout(limits.body, read_body(body, limits.max_body_bytes)).await {
        Err(_) => refuse(
            StatusCode::REQUEST_TIMEOUT,
            "the request body did not arrive in time",
        ),
        Ok(Err(status)) => refuse(status, "unreadable or too large body"),
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

async fn read_body(body: Body, max: usize) -> Result<Bytes, StatusCode> {
    let mut chunks = body.into_data_stream();
    let mut read = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if read.len().saturating_add(chunk.len()) > max {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        read.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(read))
}

/// An error answer that closes the connection: the rest of the request is not read.
fn refuse(status: StatusCode, message: &'static str) -> Response {
    (status, [(header::CONNECTION, "close")], message).into_response()
}
