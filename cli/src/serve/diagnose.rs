//! `POST /v1/diagnose`: admission (bounded queue), the body (bounded), the diagnosis on a
//! blocking thread (bounded slots, a deadline), the report.

use super::access::Note;
use super::body;
use super::error::ApiError;
use super::gate::Admitted;
use super::params::{self, Format, Query};
use super::{log, AppState};
use crate::print;
use crate::verdict;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kbdiag_engine::input::{self, Input, Limits, Origin};
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::warning::Code;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Why a diagnosis stopped before its end.
const GO: u8 = 0;
const TIMED_OUT: u8 = 1;
const CLIENT_GONE: u8 = 2;
const TOO_LARGE: u8 = 3;
const TOO_MANY: u8 = 4;

/// Set to a reason once; the running diagnosis checks it as it expands archives and reads.
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

pub async fn diagnose(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let mut note = Note::default();
    let mut r = match handle(st, req, &mut note).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    r.extensions_mut().insert(note);
    r
}

fn overloaded(st: &AppState, c: super::gate::Counts) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        format!(
            "{} diagnoses are running and {} waiting (for their body or a slot), the most this server takes ({} slots, queue {}): retry later",
            c.running, c.waiting, st.cfg.max_concurrent, st.cfg.queue
        ),
    );
    e.retry_after = Some(1);
    e
}

async fn handle(st: Arc<AppState>, req: Request, note: &mut Note) -> Result<Response, ApiError> {
    let q = params::parse(req.uri().query())?;
    // The set this request runs with, from its start to its end, whatever reloads happen.
    let set = st.rule_set();
    let limits = Limits {
        max_bytes: st.cfg.max_decompressed_bytes,
        max_depth: st.cfg.max_archive_depth,
        max_members: st.cfg.max_archive_members,
        max_memory: st.cfg.max_memory,
    };
    let mut opts = params::scan_options(&set, &q, limits)?;
    opts.timeline = matches!(q.format, Some(Format::Html));
    let mut admitted = st.gate.admit().map_err(|c| overloaded(&st, c))?;
    let cancel = Arc::new(Cancel::default());
    let on_drop = CancelOnDrop(Some(cancel.clone()));
    let timeout = st.cfg.timeout;
    let mut bytes_in = 0u64;
    let work = {
        let st = st.clone();
        let cancel = cancel.clone();
        let bytes_in = &mut bytes_in;
        let name = q.name.clone();
        async move {
            let files = body::read(req, name, st.cfg.max_request_bytes, st.cfg.header_timeout, bytes_in).await?;
            let permit = st
                .slots
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| ApiError::internal("the server is shutting down"))?;
            admitted.start();
            let job = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let _admitted: Admitted = admitted;
                run_job(&st, &set, files.files, opts, &cancel)
            });
            job.await.map_err(|e| ApiError::internal(format!("the diagnosis stopped: {e}")))?
        }
    };
    let result = tokio::time::timeout(timeout, work).await;
    note.bytes_in = bytes_in;
    let run = match result {
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
    for f in &run.report.findings {
        *note.findings.entry(f.outcome.as_str().to_string()).or_default() += 1;
    }
    Ok(respond(&st, &q, &run))
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{}", s as u64)
    } else {
        format!("{s}")
    }
}

/// On a blocking thread: expand the bodies (bounded, cancellable), diagnose, stop early when
/// cancelled.
fn run_job(
    st: &AppState,
    set: &RuleSet,
    bodies: Vec<(String, Vec<u8>)>,
    mut opts: ScanOptions,
    cancel: &Arc<Cancel>,
) -> Result<kbdiag_engine::Run, ApiError> {
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
            TOO_MANY => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_members",
                format!(
                    "the bundle's archives hold more than {} members, this server's limit",
                    st.cfg.max_archive_members
                ),
            ),
            TIMED_OUT => ApiError::new(StatusCode::GATEWAY_TIMEOUT, "timeout", "the diagnosis took too long"),
            _ => ApiError::new(StatusCode::BAD_REQUEST, "cancelled", "the client went away"),
        }
    };
    // The engine asks between members, chunks and inputs whether to go on: a timeout, a
    // client gone, the decompressed limit or the end of the grace period stop it.
    let go_on: input::Cancel = {
        let c = cancel.clone();
        let stopping = st.stopping.clone();
        Arc::new(move || {
            if stopping.load(Ordering::Relaxed) {
                c.set(TIMED_OUT);
            }
            c.get() != GO
        })
    };
    // Tests only: a slow request on demand, that a deadline or a disconnect still stops.
    let mut waited = Duration::ZERO;
    while waited < st.cfg.debug_delay {
        if go_on() {
            return Err(stopped(cancel.get()));
        }
        let step = Duration::from_millis(10).min(st.cfg.debug_delay - waited);
        std::thread::sleep(step);
        waited += step;
    }
    let max = st.cfg.max_decompressed_bytes;
    let mut inputs: Vec<Input> = Vec::new();
    let mut spent: u64 = 0;
    let mut members: u64 = 0;
    let mut held: u64 = 0;
    for (name, data) in bodies {
        if go_on() {
            return Err(stopped(cancel.get()));
        }
        let limits = Limits {
            max_bytes: max.saturating_sub(spent),
            max_depth: st.cfg.max_archive_depth,
            max_members: st.cfg.max_archive_members.saturating_sub(members),
            max_memory: st.cfg.max_memory.saturating_sub(held),
        };
        let before = inputs.len();
        inputs.extend(input::from_bytes_cancellable(&name, data, limits, Some(go_on.clone())));
        for i in &inputs[before..] {
            if let Origin::Bytes(b) = &i.origin {
                spent += b.len() as u64;
                if !b.is_mapped() {
                    held += b.len() as u64;
                }
            }
        }
        // Every input past the first of a body came out of an archive.
        members += (inputs.len() - before).saturating_sub(1) as u64;
    }
    if go_on() {
        return Err(stopped(cancel.get()));
    }
    let rejected = inputs.iter().filter(|i| matches!(i.origin, Origin::Problem(_))).count() as u64;
    st.metrics.inputs_rejected(rejected);
    let problem = |code: Code| inputs.iter().any(|i| matches!(&i.origin, Origin::Problem(m) if m.code == code));
    if problem(Code::ArchiveBytes) || spent > max {
        return Err(stopped(TOO_LARGE));
    }
    if problem(Code::ArchiveMembers) {
        return Err(stopped(TOO_MANY));
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
    opts.cancel = Some(go_on);
    opts.threads = st.cfg.threads;
    // The answer carries what no rule explains (`unexplained`, unless `max_unexplained=0`:
    // `opts.mine`, from the query), with KB candidates under --kb.
    opts.kb = st.kb();
    let run = kbdiag_engine::diagnose_inputs(set, inputs, Vec::new(), &opts);
    match cancel.get() {
        GO => Ok(run),
        why => {
            if why == TOO_LARGE {
                st.metrics.inputs_rejected(1);
            }
            Err(stopped(why))
        }
    }
}

fn respond(st: &AppState, q: &Query, run: &kbdiag_engine::Run) -> Response {
    let report = &run.report;
    for f in &report.findings {
        st.metrics.finding(&f.rule, f.outcome.as_str());
    }
    // The templates shown in text and Markdown, as the CLI's `--max-unexplained` (10 unless
    // the request says).
    let shown = q.max_unexplained.unwrap_or(10);
    let (ctype, body) = match q.format.unwrap_or(Format::Json) {
        Format::Json => ("application/json", serde_json::to_vec(report).unwrap_or_default()),
        Format::Markdown => ("text/markdown; charset=utf-8", print::markdown::render_top(report, shown).into_bytes()),
        Format::Html => ("text/html; charset=utf-8", print::html::render(report).into_bytes()),
        Format::Text => {
            // What the CLI prints: the report, what no rule explains, the summary line
            // (hostile tester 10, 5: the unexplained section was left out).
            let t = format!(
                "{}\n{}{}",
                print::text::render(report),
                print::text::unexplained(report, shown),
                print::text::summary(report)
            );
            // The text printer styles for terminals; an HTTP client gets it plain.
            ("text/plain; charset=utf-8", anstream::adapter::strip_str(&t).to_string().into_bytes())
        }
    };
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, ctype)], body).into_response();
    // A report holds log text: never sniffed as anything else, and the HTML one (inline style
    // and SVG, no script) may load nothing and run nothing, whatever slipped into it.
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if matches!(q.format, Some(Format::Html)) {
        r.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
            ),
        );
    }
    if q.fail_on.is_some() {
        // The CLI's `--fail-on` verdict, from the same function: a rule that errored fails.
        let fail = verdict::fails(q.fail_on, report);
        r.headers_mut().insert("x-kbdiag-verdict", HeaderValue::from_static(if fail { "fail" } else { "pass" }));
    }
    r
}
