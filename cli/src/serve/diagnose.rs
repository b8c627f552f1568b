//! `POST /v1/diagnose`: admission (bounded queue), the body (bounded), the diagnosis on a
//! blocking thread (bounded slots, a deadline), the report.

use super::error::ApiError;
use super::{log, AppState};
use crate::print;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kbdiag_engine::input::{self, Input, Limits, Origin};
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Markdown,
    Text,
    Html,
}

#[derive(Clone, Copy, PartialEq)]
enum FailOn {
    Possible,
    Confirmed,
}

/// The query parameters.
struct Params {
    opts: ScanOptions,
    format: Format,
    fail_on: Option<FailOn>,
    /// Display name of a single-body bundle (`?name=marketing/wfserver.log`).
    name: Option<String>,
}

fn params(query: Option<&str>) -> Result<Params, ApiError> {
    let mut p = Params { opts: ScanOptions::default(), format: Format::Json, fail_on: None, name: None };
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match &*k {
            "lang" if !v.is_empty() => p.opts.lang = Some(v.into_owned()),
            "lang" => {}
            "tz" => match v.split_once('=') {
                Some((fmt, zone)) => {
                    let z = Zone::parse(zone).map_err(|e| ApiError::bad_request(format!("tz: {e}")))?;
                    p.opts.zone_by_format.insert(fmt.trim().to_string(), z);
                }
                None => p.opts.zone = Zone::parse(&v).map_err(|e| ApiError::bad_request(format!("tz: {e}")))?,
            },
            "format" => {
                p.format = match &*v {
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    "text" => Format::Text,
                    "html" => Format::Html,
                    _ => return Err(ApiError::bad_request(format!("format '{v}': use json, markdown, text or html"))),
                }
            }
            "fail_on" => {
                p.fail_on = match &*v {
                    "possible" => Some(FailOn::Possible),
                    "confirmed" => Some(FailOn::Confirmed),
                    _ => return Err(ApiError::bad_request(format!("fail_on '{v}': use possible or confirmed"))),
                }
            }
            "name" if !v.is_empty() => p.name = Some(display_name(&v)),
            "name" => {}
            _ => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter '{k}' (lang, tz, format, fail_on, name)"
                )))
            }
        }
    }
    Ok(p)
}

/// A client-given file name as shown in the report: never a path on this server, only a
/// label (control characters dropped, at most 512 characters).
fn display_name(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(512).collect::<String>().trim_start_matches('/').to_string()
}

/// Why a diagnosis stopped before its end.
const GO: u8 = 0;
const TIMED_OUT: u8 = 1;
const CLIENT_GONE: u8 = 2;
const TOO_LARGE: u8 = 3;

/// Set to a reason once; the running diagnosis checks it as it reads.
#[derive(Default)]
struct Cancel(AtomicU8);

impl Cancel {
    fn set(&self, why: u8) {
        let _ = self.0.compare_exchange(GO, why, Ordering::SeqCst, Ordering::SeqCst);
    }
    fn get(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Dropped with the request's future (client gone, or deadline): stop the diagnosis.
struct CancelOnDrop(Option<Arc<Cancel>>);

impl CancelOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.set(CLIENT_GONE);
        }
    }
}

/// One admitted diagnose request (running or queued); released when its work really ends.
struct Admitted(Arc<AppState>);

impl Drop for Admitted {
    fn drop(&mut self) {
        self.0.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

fn admit(st: &Arc<AppState>) -> Option<Admitted> {
    let cap = st.cfg.max_concurrent + st.cfg.queue;
    st.admitted
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < cap).then_some(n + 1))
        .ok()
        .map(|_| Admitted(st.clone()))
}

struct Running(Arc<AppState>);

impl Running {
    fn start(st: &Arc<AppState>) -> Running {
        st.running.fetch_add(1, Ordering::SeqCst);
        Running(st.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

pub async fn diagnose(State(st): State<Arc<AppState>>, req: Request) -> Response {
    match handle(st, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn handle(st: Arc<AppState>, req: Request) -> Result<Response, ApiError> {
    let p = params(req.uri().query())?;
    let Some(admitted) = admit(&st) else {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            format!(
                "{} diagnoses are running and {} waiting, the most this server takes: retry later",
                st.cfg.max_concurrent, st.cfg.queue
            ),
        );
        e.retry_after = Some(1);
        return Err(e);
    };
    let cancel = Arc::new(Cancel::default());
    let on_drop = CancelOnDrop(Some(cancel.clone()));
    let timeout = st.cfg.timeout;
    let work = {
        let st = st.clone();
        let cancel = cancel.clone();
        let name = p.name.clone();
        let opts = p.opts.clone();
        async move {
            let bodies = read_request(&st, req, name).await?;
            let permit = st
                .slots
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| ApiError::internal("the server is shutting down"))?;
            let job = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let _admitted = admitted;
                let _running = Running::start(&st);
                run_job(&st, bodies, opts, &cancel)
            });
            job.await.map_err(|e| ApiError::internal(format!("the diagnosis stopped: {e}")))?
        }
    };
    let result = tokio::time::timeout(timeout, work).await;
    let done = match result {
        Err(_) => {
            cancel.set(TIMED_OUT);
            log(&format!("diagnosis stopped after the timeout of {timeout:?}"));
            return Err(ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "timeout",
                format!("the diagnosis took longer than {} s, this server's limit per request", secs(timeout)),
            ));
        }
        Ok(r) => r?,
    };
    on_drop.disarm();
    Ok(respond(&st, &p, done))
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{}", s as u64)
    } else {
        format!("{s}")
    }
}

/// The files of a request, each with its display name: the body alone, or each file of a
/// multipart body.
async fn read_request(st: &AppState, req: Request, name: Option<String>) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let (parts, body) = req.into_parts();
    let max = st.cfg.max_request_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than this server's limit of {max} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut body = body;
    if let Some(n) = declared.filter(|&n| n > max) {
        if n - max <= DRAIN_BYTES {
            drain(&mut body).await;
        }
        return Err(too_large());
    }
    let mut data = Vec::with_capacity(declared.unwrap_or(0) as usize);
    {
        use http_body_util::BodyExt;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| ApiError::bad_request(format!("cannot read the request body: {e}")))?;
            if let Ok(chunk) = frame.into_data() {
                if (data.len() + chunk.len()) as u64 > max {
                    drop(data);
                    drain(&mut body).await;
                    return Err(too_large());
                }
                data.extend_from_slice(&chunk);
            }
        }
    }
    let multipart = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        if data.is_empty() {
            return Err(ApiError::bad_request(
                "empty body: send a bundle (an archive, a compressed log or a log) or multipart/form-data files",
            ));
        }
        let name = name.or_else(|| disposition_name(&parts.headers)).unwrap_or_else(|| "request".into());
        return Ok(vec![(name, data)]);
    }
    let req = Request::from_parts(parts, Body::from(data));
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("multipart body: {}", e.body_text())))?;
    let mut files = Vec::new();
    while let Some(field) =
        mp.next_field().await.map_err(|e| ApiError::bad_request(format!("multipart body: {}", e.body_text())))?
    {
        let n = files.len() + 1;
        let name = field
            .file_name()
            .or(field.name())
            .map(display_name)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("part-{n}"));
        let bytes =
            field.bytes().await.map_err(|e| ApiError::bad_request(format!("multipart body: {}", e.body_text())))?;
        files.push((name, bytes.to_vec()));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request("the multipart body holds no file"));
    }
    Ok(files)
}

/// Past the request limit, at most this much more of a body is read (and dropped) before the
/// 413 is sent, within [`DRAIN_TIME`]: a client still sending would otherwise see its
/// connection reset instead of the answer. Beyond either bound the connection is closed.
const DRAIN_BYTES: u64 = 8 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(2);

async fn drain(body: &mut Body) {
    use http_body_util::BodyExt;
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

/// What a finished diagnosis gives.
struct Done {
    run: kbdiag_engine::Run,
}

/// On a blocking thread: expand the bodies (bounded), diagnose, stop early when cancelled.
fn run_job(
    st: &AppState,
    bodies: Vec<(String, Vec<u8>)>,
    mut opts: ScanOptions,
    cancel: &Arc<Cancel>,
) -> Result<Done, ApiError> {
    let stopped = |why: u8| -> ApiError {
        match why {
            TOO_LARGE => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "decompressed_too_large",
                format!(
                    "the bundle holds more than {} bytes once decompressed, this server's limit",
                    st.cfg.max_decompressed_bytes
                ),
            ),
            TIMED_OUT => ApiError::new(StatusCode::GATEWAY_TIMEOUT, "timeout", "the diagnosis took too long"),
            _ => ApiError::new(StatusCode::BAD_REQUEST, "cancelled", "the client went away"),
        }
    };
    // Tests only: a slow request on demand, that a deadline or a disconnect still stops.
    let mut waited = Duration::ZERO;
    while waited < st.cfg.debug_delay {
        if cancel.get() != GO {
            return Err(stopped(cancel.get()));
        }
        let step = Duration::from_millis(10).min(st.cfg.debug_delay - waited);
        std::thread::sleep(step);
        waited += step;
    }
    let max = st.cfg.max_decompressed_bytes;
    let mut inputs: Vec<Input> = Vec::new();
    let mut spent: u64 = 0;
    for (name, data) in bodies {
        let limits = Limits { max_bytes: max.saturating_sub(spent), max_depth: st.cfg.max_archive_depth };
        for i in input::from_bytes(&name, data, limits) {
            if let Origin::Bytes(b) = &i.origin {
                spent += b.len() as u64;
            }
            inputs.push(i);
        }
    }
    let rejected = inputs.iter().filter(|i| matches!(i.origin, Origin::Problem(_))).count() as u64;
    st.metrics.inputs_rejected(rejected);
    let over = inputs
        .iter()
        .any(|i| matches!(&i.origin, Origin::Problem(m) if m.code == kbdiag_engine::warning::Code::ArchiveBytes));
    if over || spent > max {
        return Err(stopped(TOO_LARGE));
    }
    // The scan reports the bytes it reads (decompressed) as it goes: a compressed stream is
    // bounded there, and a cancelled request stops at its next read.
    let read = Arc::new(AtomicU64::new(0));
    let c = cancel.clone();
    opts.progress = Some(Arc::new(move |n| {
        if read.fetch_add(n, Ordering::Relaxed) + n > max {
            c.set(TOO_LARGE);
        }
    }));
    // The engine asks between chunks whether to go on: a timeout, a client gone or the
    // decompressed limit stop the reading, and the request answers why.
    let c = cancel.clone();
    opts.cancel = Some(Arc::new(move || c.get() != GO));
    opts.threads = st.cfg.threads;
    // The answer carries what no rule explains (`unexplained`), with KB candidates under --kb.
    opts.mine = true;
    opts.kb = st.cfg.kb.clone();
    let set = st.rule_set();
    let run = kbdiag_engine::diagnose_inputs(&set, inputs, Vec::new(), &opts);
    match cancel.get() {
        GO => Ok(Done { run }),
        why => {
            if why == TOO_LARGE {
                st.metrics.inputs_rejected(1);
            }
            Err(stopped(why))
        }
    }
}

fn respond(st: &AppState, p: &Params, done: Done) -> Response {
    let report = &done.run.report;
    for f in &report.findings {
        st.metrics.finding(&f.rule, f.outcome.as_str());
    }
    let (ctype, body) = match p.format {
        Format::Json => ("application/json", serde_json::to_vec(report).unwrap_or_default()),
        Format::Markdown => ("text/markdown; charset=utf-8", print::markdown::render(report).into_bytes()),
        Format::Html => ("text/html; charset=utf-8", print::html::render(report).into_bytes()),
        Format::Text => {
            let t = format!("{}\n{}", print::text::render(report), print::text::summary(report));
            // The text printer styles for terminals; an HTTP client gets it plain.
            ("text/plain; charset=utf-8", anstream::adapter::strip_str(&t).to_string().into_bytes())
        }
    };
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, ctype)], body).into_response();
    if let Some(level) = p.fail_on {
        let fail = report.findings.iter().any(|f| match level {
            FailOn::Possible => true,
            FailOn::Confirmed => f.outcome == Outcome::Confirmed,
        });
        r.headers_mut().insert("x-kbdiag-verdict", HeaderValue::from_static(if fail { "fail" } else { "pass" }));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters() {
        let p = params(Some(
            "lang=sv&tz=Europe/Paris&tz=acc-journal=%2B05:30&format=markdown&fail_on=confirmed&name=rt1/web.log",
        ))
        .ok()
        .unwrap();
        assert_eq!(p.opts.lang.as_deref(), Some("sv"));
        assert!(p.opts.zone_by_format.contains_key("acc-journal"));
        assert!(p.format == Format::Markdown);
        assert!(p.fail_on == Some(FailOn::Confirmed));
        assert_eq!(p.name.as_deref(), Some("rt1/web.log"));
        for bad in ["format=pdf", "fail_on=maybe", "tz=Mars/Olympus", "path=/etc/passwd"] {
            let e = params(Some(bad)).err().unwrap();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }

    #[test]
    fn names_are_labels() {
        assert_eq!(display_name("/etc/x\u{1b}[2Jy.log"), "etc/x[2Jy.log");
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"b.tar.gz\""));
        assert_eq!(disposition_name(&h).as_deref(), Some("b.tar.gz"));
    }
}
