//! The answers hyper writes by itself, in the documented JSON.
//!
//! A request head that hyper cannot parse (a malformed request line or header, too many or too
//! large headers) never reaches a handler: hyper answers `400 Bad Request` or `431 Request
//! Header Fields Too Large` itself, with an empty body, and closes the connection. It has no
//! hook to change that answer. This wrapper around the connection's socket recognises exactly
//! those answers as they are written (a 400 or 431 status line, `connection: close` and
//! `content-length: 0`, the whole head in one write: our own 400s always carry a JSON body, so
//! they never look like this) and writes the JSON error body in their place.

use super::error::ApiError;
use axum::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub struct JsonProtocolErrors<S> {
    inner: S,
    /// A replacement being written, and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
}

impl<S> JsonProtocolErrors<S> {
    pub fn new(inner: S) -> Self {
        JsonProtocolErrors { inner, pending: None }
    }
}

/// The JSON answer for one of hyper's own, or `None` for any other write.
fn replacement(buf: &[u8]) -> Option<Vec<u8>> {
    let (status, code, message) = if buf.starts_with(b"HTTP/1.1 400 Bad Request\r\n") {
        (StatusCode::BAD_REQUEST, "bad_request", "the request head is not valid HTTP/1.1")
    } else if buf.starts_with(b"HTTP/1.1 431 Request Header Fields Too Large\r\n") {
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            "the request head is too large (over about 400 KB, or more than 100 header fields)",
        )
    } else {
        return None;
    };
    let head = std::str::from_utf8(buf).ok()?.to_ascii_lowercase();
    if !(head.ends_with("\r\n\r\n")
        && head.contains("\r\nconnection: close\r\n")
        && head.contains("\r\ncontent-length: 0\r\n"))
    {
        return None;
    }
    let body = ApiError::new(status, code, message).body().to_string();
    let reason = status.canonical_reason().unwrap_or("");
    Some(
        format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            status.as_u16(),
            body.len()
        )
        .into_bytes(),
    )
}

impl<S: AsyncWrite + Unpin> JsonProtocolErrors<S> {
    /// Write out the replacement in progress, if any.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((data, at)) = &mut self.pending {
            if *at == data.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &data[*at..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *at += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonProtocolErrors<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonProtocolErrors<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if let Some(r) = replacement(buf) {
            // Taken whole: hyper sees its head written; the JSON answer goes out instead, by
            // the flush and shutdown that follow.
            self.pending = Some((r, 0));
            let _ = self.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_own_answers_are_replaced() {
        let own = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Fri, 04 Dec 2026 18:51:24 GMT\r\n\r\n";
        let r = String::from_utf8(replacement(own).unwrap()).unwrap();
        assert!(r.starts_with("HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"), "{r}");
        assert!(
            r.ends_with(r#"{"error":{"code":"bad_request","message":"the request head is not valid HTTP/1.1"}}"#),
            "{r}"
        );
        let big = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        assert!(String::from_utf8(replacement(big).unwrap()).unwrap().contains("headers_too_large"));
        // Ours: a body, so a content length; and anything else.
        for other in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 52\r\n\r\n{}"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n",
        ] {
            assert!(replacement(other).is_none(), "{}", String::from_utf8_lossy(other));
        }
    }
}
