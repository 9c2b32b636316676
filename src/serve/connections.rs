//! Accepting the preview server's connections with limits, so a visitor
//! (or a stuck browser tab) cannot starve the server or the rebuilds it
//! shares file handles with:
//!
//! - a **connection cap**: over it, a new connection is closed at once;
//! - a **header-read timeout**: a request's headers must arrive in time
//!   (slowloris), and it also closes a kept-alive connection that sends no
//!   next request;
//! - an **idle timeout**: a connection that moves no byte either way for
//!   that long is closed (live reload's keep-alive comments count as
//!   traffic, so an open tab stays connected).
//!
//! Accept errors (out of file handles) pause accepting briefly instead of
//! spinning.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// The preview server's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a request's headers may take to arrive.
    pub header_read: Duration,
    /// How long a connection may move no byte before it is closed.
    pub idle: Duration,
    /// How many connections may be open at once.
    pub connections: usize,
}

impl Default for Limits {
    /// 10 s for headers, 60 s idle (live reload's keep-alive comments come
    /// every 15 s) and 64 connections: a few browsers with several tabs
    /// each, well inside the 256 file handles a process may have by default
    /// on macOS, with room left for the rebuilds.
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            connections: 64,
        }
    }
}

/// Accepts connections on `listener` for ever, serving each with `router`
/// within `limits`.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits) {
    let permits = Arc::new(Semaphore::new(limits.connections));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file handles, most likely: let some close.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let router = router.clone();
        tokio::spawn(async move {
            serve_one(stream, router, limits).await;
            drop(permit);
        });
    }
}

async fn serve_one(stream: TcpStream, router: Router, limits: Limits) {
    let started = Instant::now();
    let last_activity = Arc::new(AtomicU64::new(0));
    let io = TokioIo::new(Watched {
        stream,
        started,
        last_activity: Arc::clone(&last_activity),
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .serve_connection(io, TowerToHyperService::new(router));
    tokio::select! {
        _ = connection => {}
        _ = idle(started, &last_activity, limits.idle) => {}
    }
}

/// Finishes once no byte has moved for `limit`.
async fn idle(started: Instant, last_activity: &AtomicU64, limit: Duration) {
    loop {
        let last = started + Duration::from_millis(last_activity.load(Ordering::Relaxed));
        let deadline = last + limit;
        if Instant::now() >= deadline {
            return;
        }
        tokio::time::sleep_until(deadline).await;
    }
}

/// A TCP stream that notes when bytes last moved.
struct Watched {
    stream: TcpStream,
    started: Instant,
    last_activity: Arc<AtomicU64>,
}

impl Watched {
    fn touch(&self) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_activity.store(millis, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write(cx, bytes);
        if matches!(result, Poll::Ready(Ok(written)) if written > 0) {
            self.touch();
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const LONG: Duration = Duration::from_secs(30);
    const SHORT: Duration = Duration::from_millis(300);

    fn limits(header_read: Duration, idle: Duration) -> Limits {
        Limits {
            header_read,
            idle,
            connections: 2,
        }
    }

    async fn start(limits: Limits) -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let router = Router::new().route("/", axum::routing::get(|| async { "hello" }));
        tokio::spawn(serve(listener, router, limits));
        address
    }

    /// Reads until the server closes the connection; the time it took, or
    /// None when it was still open after `patience`.
    async fn closed_within(stream: &mut TcpStream, patience: Duration) -> Option<Duration> {
        let started = Instant::now();
        let mut sink = Vec::new();
        match tokio::time::timeout(patience, stream.read_to_end(&mut sink)).await {
            Ok(_) => Some(started.elapsed()),
            Err(_) => None,
        }
    }

    #[tokio::test]
    async fn headers_that_never_finish_are_cut_off() {
        let address = start(limits(SHORT, LONG)).await;
        let mut slow = TcpStream::connect(address).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let closed = closed_within(&mut slow, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "a slowloris connection stayed open");
    }

    #[tokio::test]
    async fn a_connection_that_moves_no_byte_is_closed() {
        let address = start(limits(LONG, SHORT)).await;
        let mut stalled = TcpStream::connect(address).await.unwrap();
        stalled.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        let closed = closed_within(&mut stalled, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "an idle connection stayed open");
    }

    #[tokio::test]
    async fn a_kept_alive_connection_that_sends_no_next_request_is_closed() {
        let address = start(limits(SHORT, LONG)).await;
        let mut quiet = TcpStream::connect(address).await.unwrap();
        quiet
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut first = [0u8; 12];
        quiet.read_exact(&mut first).await.unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        let closed = closed_within(&mut quiet, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "an idle connection stayed open");
    }

    #[tokio::test]
    async fn over_the_cap_a_connection_is_closed_and_under_it_served_again() {
        let address = start(limits(LONG, LONG)).await;
        let mut held = Vec::new();
        for _ in 0..2 {
            let mut stream = TcpStream::connect(address).await.unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            held.push(stream);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut third = TcpStream::connect(address).await.unwrap();
        let closed = closed_within(&mut third, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "a connection over the cap was kept");
        drop(held);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut fourth = TcpStream::connect(address).await.unwrap();
        fourth
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        fourth.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("hello"), "{answer}");
    }
}
