//! Reading a diagnose request's body: the body alone, or each file of a multipart body,
//! within `--max-request-bytes`.
//!
//! Buffers grow as bytes arrive and never by what `Content-Length` declares: a client that
//! declares 90 GB and sends ten bytes costs ten bytes (a declared length over the limit is
//! refused before anything is read). Multipart bodies are read part by part from the
//! connection, not gathered first and parsed after.

use super::error::ApiError;
use super::params::display_name;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt;
use std::time::Duration;

/// The files of a request, each with its display name.
pub struct Files {
    pub files: Vec<(String, Vec<u8>)>,
}

fn too_large(max: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("the request body is larger than this server's limit of {max} bytes"),
    )
}

/// A body must arrive at this many bytes a second at least, on average ...
const MIN_RATE: u64 = 1024;
/// ... after `--header-timeout` (the grace): a client that trickles its body (a byte every few
/// seconds) would otherwise hold an admitted request, and with a few of them every diagnose
/// slot, for the whole `--timeout`.
struct Pace {
    start: tokio::time::Instant,
    grace: Duration,
}

impl Pace {
    fn new(grace: Duration) -> Pace {
        Pace { start: tokio::time::Instant::now(), grace }
    }

    /// Await `f` (the next piece of the body) while the body, `received` bytes so far, keeps
    /// to the rate; a 408 when it falls behind.
    async fn next<F: std::future::Future>(&self, received: u64, f: F) -> Result<F::Output, ApiError> {
        let due = self.start + self.grace + Duration::from_millis(received.saturating_mul(1000) / MIN_RATE);
        tokio::time::timeout_at(due, f).await.map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body_too_slow",
                format!(
                    "the request body arrived slower than {MIN_RATE} bytes a second ({received} bytes in {} s): send it at once",
                    self.start.elapsed().as_secs()
                ),
            )
        })
    }
}

/// Read the body; `bytes_in` counts what was received, also when the answer is an error.
pub async fn read(
    req: Request,
    name: Option<String>,
    max: u64,
    grace: Duration,
    bytes_in: &mut u64,
) -> Result<Files, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared.filter(|&n| n > max) {
        let mut body = req.into_body();
        if n - max <= DRAIN_BYTES {
            drain(&mut body).await;
        }
        return Err(too_large(max));
    }
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if multipart {
        return read_multipart(req, max, grace, bytes_in).await;
    }
    let (parts, mut body) = req.into_parts();
    let mut data = Vec::new();
    let pace = Pace::new(grace);
    while let Some(frame) = pace.next(*bytes_in, body.frame()).await? {
        let frame = frame.map_err(|e| ApiError::bad_request(format!("cannot read the request body: {e}")))?;
        if let Ok(chunk) = frame.into_data() {
            *bytes_in += chunk.len() as u64;
            if (data.len() + chunk.len()) as u64 > max {
                drop(data);
                drain(&mut body).await;
                return Err(too_large(max));
            }
            data.extend_from_slice(&chunk);
        }
    }
    if data.is_empty() {
        return Err(ApiError::bad_request(
            "empty body: send a bundle (an archive, a compressed log or a log) or multipart/form-data files",
        ));
    }
    let name = name.or_else(|| disposition_name(&parts.headers)).unwrap_or_else(|| "request".into());
    Ok(Files { files: vec![(name, data)] })
}

async fn read_multipart(req: Request, max: u64, grace: Duration, bytes_in: &mut u64) -> Result<Files, ApiError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        ApiError::bad_request(format!("multipart body: {}", e.body_text()))
    };
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("multipart body: {}", e.body_text())))?;
    let mut files = Vec::new();
    let pace = Pace::new(grace);
    while let Some(mut field) = pace.next(*bytes_in, mp.next_field()).await?.map_err(bad)? {
        let n = files.len() + 1;
        let name = field
            .file_name()
            .or(field.name())
            .map(display_name)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("part-{n}"));
        let mut data = Vec::new();
        while let Some(chunk) = pace.next(*bytes_in, field.chunk()).await?.map_err(bad)? {
            *bytes_in += chunk.len() as u64;
            if *bytes_in > max {
                return Err(too_large(max));
            }
            data.extend_from_slice(&chunk);
        }
        files.push((name, data));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request("the multipart body holds no file"));
    }
    Ok(Files { files })
}

/// Past the request limit, at most this much more of a body is read (and dropped) before the
/// 413 is sent, within [`DRAIN_TIME`]: a client still sending would otherwise see its
/// connection reset instead of the answer. Beyond either bound the connection is closed.
const DRAIN_BYTES: u64 = 8 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(2);

async fn drain(body: &mut Body) {
    let mut left = DRAIN_BYTES;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while let Some(Ok(frame)) = body.frame().await {
            let n = frame.data_ref().map_or(0, |d| d.len() as u64);
            if n >= left {
                return;
            }
            left -= n;
        }
    })
    .await;
}

/// `Content-Disposition: attachment; filename="bundle.tar.gz"`.
fn disposition_name(h: &HeaderMap) -> Option<String> {
    let v = h.get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
    let at = v.find("filename=")?;
    let rest = &v[at + "filename=".len()..];
    let name = match rest.strip_prefix('"') {
        Some(q) => q.split('"').next()?,
        None => rest.split(';').next()?.trim(),
    };
    Some(display_name(name)).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn disposition_names() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"b.tar.gz\""));
        assert_eq!(disposition_name(&h).as_deref(), Some("b.tar.gz"));
    }
}
