//! Connections: accepted under a limit, served by hyper with a header-read timeout, stopped
//! within a grace period.
//!
//! Why not `axum::serve`: it sets no timer, so a client that connects and sends nothing (or
//! trickles its headers, or idles on a kept-alive connection) holds a task and a file
//! descriptor for ever; enough of them exhaust the descriptors and the accept loop stalls,
//! `/healthz` included. Its graceful shutdown also waits without bound for a half-sent request.
//! Here:
//! - hyper's `header_read_timeout` runs from the moment a request head is awaited: on a new
//!   connection, and again after each response on a kept-alive one. So one timeout closes
//!   silent, slow-header and idle keep-alive connections alike.
//! - at most `max_connections` are served at once, kept below the process's descriptor limit;
//!   one more is answered `503 too_many_connections` (JSON) at once and closed, so that the
//!   accept loop never stalls and a client always hears why.
//! - at the limit, a new connection first evicts an idle one: no request being answered, and
//!   nothing sent for a second or more (since it connected, or since its last request). Those
//!   that never showed accepted credentials go first, then the one idle longest. A flood of
//!   silent connections, or of connections kept alive with a `/healthz` now and then, needs no
//!   token and would otherwise keep every client out for as long as it lasts; only when no
//!   connection is idle is the new one refused.
//! - on shutdown, connections are asked to finish (idle ones close at once), and after
//!   `grace` whatever is left is dropped and running diagnoses are cancelled.

use super::protocol_errors::JsonProtocolErrors;
use super::{log, AppState};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// Descriptors kept free for what is not a client connection (packs read on reload, the
/// refusals being answered, stdio, the runtime's own).
const SPARE_FDS: usize = 64;

/// Refusals answered at once; beyond, a connection is closed without an answer.
const MAX_REFUSING: usize = 32;

/// The connection limit actually applied: the one asked, kept under the soft limit on open
/// files (read from /proc on Linux), where exceeding it would stall `accept`.
pub fn effective_max_connections(asked: usize) -> usize {
    match open_files_limit() {
        Some(n) => asked.min(n.saturating_sub(SPARE_FDS).max(1)),
        None => asked,
    }
}

fn open_files_limit() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

/// Accept and serve until `shutdown` resolves; then drain within the grace period.
pub async fn serve(listener: TcpListener, app: Router, st: Arc<AppState>, shutdown: impl Future<Output = ()>) {
    let max = effective_max_connections(st.cfg.max_connections);
    let slots = Arc::new(Semaphore::new(max));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let open = Arc::new(Open::default());
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                while tasks.try_join_next().is_some() {}
                let stream = match accepted {
                    Ok((s, _)) => s,
                    Err(e) => {
                        // Out of descriptors or buffers: wait a little rather than spin.
                        log(&format!("accept: {e}"));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let permit = match slots.clone().try_acquire_owned() {
                    Ok(permit) => Some(permit),
                    // Room made by evicting an idle connection: its slot comes back as its
                    // task is dropped.
                    Err(_) if open.evict_idle() => {
                        tokio::time::timeout(Duration::from_millis(200), slots.clone().acquire_owned()).await.ok().and_then(Result::ok)
                    }
                    Err(_) => None,
                };
                match permit {
                    Some(permit) => {
                        let app = app.clone();
                        let st = st.clone();
                        let stop = stop_rx.clone();
                        let act = Arc::new(Activity::default());
                        let id = open.add(act.clone());
                        let open2 = open.clone();
                        let h = tasks.spawn(async move {
                            st.metrics.connection_opened();
                            // Also when the task is aborted (evicted, or past the grace).
                            let _closed = Closed { st: st.clone(), open: open2, id, _permit: permit };
                            one(Heard { inner: stream, act: act.clone() }, app, act, st.cfg.header_timeout, stop).await;
                        });
                        open.set_abort(id, h);
                    }
                    None => {
                        st.metrics.connection_refused();
                        if let Ok(p) = refusing.clone().try_acquire_owned() {
                            tasks.spawn(async move {
                                refuse(stream, max).await;
                                drop(p);
                            });
                        }
                    }
                }
            }
        }
    }
    drop(listener);
    let open = max - slots.available_permits();
    log(&format!("shutting down: no new connections; finishing {open} open within {:?}", st.cfg.grace));
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(st.cfg.grace, async { while tasks.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        st.stopping.store(true, Ordering::SeqCst);
        let left = max - slots.available_permits();
        log(&format!("grace period over: closing {left} connection(s) and cancelling their diagnoses"));
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
}

/// One connection, HTTP/1.1 with keep-alive, until it ends or the server stops.
async fn one(
    stream: Heard,
    app: Router,
    act: Arc<Activity>,
    header_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.inner.set_nodelay(true);
    let svc = Track { inner: TowerToHyperService::new(app), act };
    let mut b = hyper::server::conn::http1::Builder::new();
    b.timer(TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
    let conn = b.serve_connection(TokioIo::new(JsonProtocolErrors::new(stream)), svc);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = async { stop.wait_for(|s| *s).await.map(|_| ()) } => {
            // Idle connections close now; one with a request running finishes it and closes.
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Over the connection limit: a JSON 503 written straight on the socket, then closed. What the
/// client already sent is read (a little, briefly) so that closing does not reset the
/// connection before the answer is read.
async fn refuse(mut stream: TcpStream, max: usize) {
    let body = super::ApiError::new(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "too_many_connections",
        format!("this server has {max} connections open, the most it serves at once: retry later"),
    )
    .body()
    .to_string();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(body.as_bytes()).await;
        let _ = stream.shutdown().await;
        let mut sink = [0u8; 8192];
        let mut left = 64 << 10;
        while left > 0 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left -= n.min(left),
            }
        }
    })
    .await;
}

/// What a connection is doing, for choosing one to evict at the limit.
#[derive(Default)]
struct Activity {
    /// When the client last sent a byte: milliseconds since [`epoch`], 0 before the first.
    last_read_ms: std::sync::atomic::AtomicU64,
    /// Requests being answered (from their head to their response).
    in_flight: std::sync::atomic::AtomicUsize,
    /// A request with credentials was answered other than 401: a client of this service.
    authed: AtomicBool,
}

/// The server's clock for [`Activity`]: milliseconds since the first reading.
fn epoch_ms() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_millis() as u64 + 1
}

/// The connections being served, to find an idle one to evict at the limit.
#[derive(Default)]
struct Open {
    conns: std::sync::Mutex<(u64, Vec<OpenConn>)>,
}

struct OpenConn {
    id: u64,
    since: std::time::Instant,
    act: Arc<Activity>,
    abort: Option<tokio::task::AbortHandle>,
}

impl Open {
    fn with<T>(&self, f: impl FnOnce(&mut (u64, Vec<OpenConn>)) -> T) -> T {
        f(&mut self.conns.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn add(&self, act: Arc<Activity>) -> u64 {
        self.with(|(next, v)| {
            *next += 1;
            v.push(OpenConn { id: *next, since: std::time::Instant::now(), act, abort: None });
            *next
        })
    }

    fn set_abort(&self, id: u64, h: tokio::task::AbortHandle) {
        self.with(|(_, v)| {
            if let Some(c) = v.iter_mut().find(|c| c.id == id) {
                c.abort = Some(h);
            }
        });
    }

    fn remove(&self, id: u64) {
        self.with(|(_, v)| v.retain(|c| c.id != id));
    }

    /// Close an idle connection to make room: one with no request being answered whose client
    /// has sent nothing for a second or more (since it connected, or since its last request).
    /// Those that never sent a request with accepted credentials go first, then the one idle
    /// longest: a flood of connections kept alive with a `/healthz` every few seconds, which
    /// needs no token, cannot keep a client with a token out, and neither can one of silent
    /// connections. A request being answered is never cut. False when no connection is idle.
    fn evict_idle(&self) -> bool {
        let now = epoch_ms();
        self.with(|(_, v)| {
            let Some(i) = v
                .iter()
                .enumerate()
                .filter(|(_, c)| c.abort.is_some() && c.act.in_flight.load(Ordering::Relaxed) == 0)
                .filter_map(|(i, c)| {
                    let last = c.act.last_read_ms.load(Ordering::Relaxed);
                    let idle_ms =
                        if last == 0 { c.since.elapsed().as_millis() as u64 } else { now.saturating_sub(last) };
                    (idle_ms >= 1000).then_some((i, c.act.authed.load(Ordering::Relaxed), idle_ms))
                })
                .min_by_key(|&(_, authed, idle_ms)| (authed, std::cmp::Reverse(idle_ms)))
                .map(|(i, _, _)| i)
            else {
                return false;
            };
            let c = v.swap_remove(i);
            if let Some(h) = c.abort {
                h.abort();
            }
            true
        })
    }
}

/// Counts a connection closed and frees its slot when its task ends, however it ends.
struct Closed {
    st: Arc<AppState>,
    open: Arc<Open>,
    id: u64,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Closed {
    fn drop(&mut self) {
        self.st.metrics.connection_closed();
        self.open.remove(self.id);
    }
}

/// A connection's socket, noting when the client last sent a byte.
struct Heard {
    inner: TcpStream,
    act: Arc<Activity>,
}

impl tokio::io::AsyncRead for Heard {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.act.last_read_ms.store(epoch_ms(), Ordering::Relaxed);
        }
        r
    }
}

impl tokio::io::AsyncWrite for Heard {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The service of one connection, counting its requests in flight and noting a client whose
/// credentials were accepted ([`Activity`]).
struct Track {
    inner: TowerToHyperService<Router>,
    act: Arc<Activity>,
}

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Track {
    type Response = axum::response::Response;
    type Error = std::convert::Infallible;
    type Future = std::pin::Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let credentials = req.headers().contains_key(hyper::header::AUTHORIZATION);
        let act = self.act.clone();
        act.in_flight.fetch_add(1, Ordering::Relaxed);
        // Counted down when the answer is ready, or when the request is dropped unanswered.
        let done = InFlight(act.clone());
        let fut = self.inner.call(req);
        Box::pin(async move {
            let r = fut.await;
            if let Ok(resp) = &r {
                if credentials && resp.status() != hyper::StatusCode::UNAUTHORIZED {
                    act.authed.store(true, Ordering::Relaxed);
                }
            }
            drop(done);
            r
        })
    }
}

/// One request in flight on a connection, counted down when dropped.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}
