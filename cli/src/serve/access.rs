//! Every request: a request id (the client's `X-Request-Id` when it is a sane one, else one
//! made here), returned in the response; counted in the metrics; one JSON line on stderr.
//!
//! The access line says what an operator needs to follow a request through a proxy and a
//! ticketing system: id, method, endpoint (the route template, never the raw URL, which may
//! carry a customer's file name), status, duration, bytes received and findings by outcome.
//! It never holds log text, a query string or a token.

use super::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub const REQUEST_ID: &str = "x-request-id";

/// What a handler adds to its response for the access line (taken out before sending).
#[derive(Clone, Debug, Default)]
pub struct Note {
    pub bytes_in: u64,
    pub findings: BTreeMap<String, u64>,
}

/// A client's request id is kept when it is 1 to 128 printable ASCII characters (no spaces):
/// enough for UUIDs and tracing ids, and nothing that could forge a log line or a header.
pub fn valid_request_id(s: &[u8]) -> bool {
    !s.is_empty() && s.len() <= 128 && s.iter().all(|b| (0x21..=0x7e).contains(b))
}

/// A new id: 16 hex digits, unpredictable (a per-process random hasher over a counter and
/// the clock), unique within the process.
fn new_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
    let mut h = KEYS.get_or_init(Default::default).build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    format!("{:016x}", h.finish())
}

pub async fn access(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let t0 = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .map(|v| v.as_bytes())
        .filter(|v| valid_request_id(v))
        .and_then(|v| std::str::from_utf8(v).ok())
        .map_or_else(new_request_id, str::to_string);
    let endpoint = req.extensions().get::<MatchedPath>().map_or("unmatched", |m| m.as_str()).to_string();
    let method = req.method().to_string();
    let mut resp = next.run(req).await;
    let took = t0.elapsed();
    let note = resp.extensions_mut().remove::<Note>().unwrap_or_default();
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    let status = resp.status().as_u16();
    st.metrics.request(&endpoint, status, took);
    let line = serde_json::json!({
        "ts": SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64()),
        "kind": "access",
        "request_id": id,
        "method": method,
        "endpoint": endpoint,
        "status": status,
        "duration_ms": (took.as_secs_f64() * 1e6).round() / 1e3,
        "bytes_in": note.bytes_in,
        "findings": note.findings,
    });
    // One write per line, so that lines from concurrent requests never interleave.
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids() {
        assert!(valid_request_id(b"3f2a-9c1e"));
        assert!(valid_request_id(b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        for bad in [&b""[..], b"a b", b"line\nbreak", "é".as_bytes(), &[b'x'; 129]] {
            assert!(!valid_request_id(bad), "{bad:?}");
        }
        let (a, b) = (new_request_id(), new_request_id());
        assert_ne!(a, b);
        assert!(valid_request_id(a.as_bytes()));
    }
}
