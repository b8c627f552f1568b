//! `GET /`: a static upload page (public: it holds no data; the token is typed into it and sent
//! only with the diagnose request). It posts to `/v1/diagnose?format=html` and shows the report
//! in a sandboxed frame.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("upload.html");

pub async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            // Its own inline script and style, requests to this server, the report in a frame.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; \
                 img-src data:; frame-src 'self' about:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
        ],
        PAGE,
    )
        .into_response()
}
