//! `kbdiag serve`: the engine behind an HTTP API, for ticketing systems and nightly jobs.
//!
//! - `POST /v1/diagnose`: a bundle in the body (archive, compressed file, plain log, or
//!   `multipart/form-data` with several files) → the report, as `diagnose --format json` gives
//!   it (or Markdown, or text).
//! - `GET /v1/rules`, `GET /v1/rules/{id}`: the loaded rules, as `rules list --format json`.
//! - `POST /v1/reload` (and SIGHUP): load the packs again; a set that fails to load is not
//!   served, the one before stays.
//! - `GET /healthz` (liveness, no token), `GET /readyz` (readiness, no token: 503 from
//!   SIGTERM on, so that a load balancer stops sending before the process stops),
//!   `GET /metrics` (Prometheus text).
//! - `GET /` (no token): an upload page that posts to `/v1/diagnose?format=html`.
//!
//! Requests never name server-side paths and nothing is written to disk: bodies are read into
//! memory (bounded), archives are expanded in memory (bounded), and diagnoses run on blocking
//! threads, a bounded number at a time, each with a deadline. Connections are bounded too
//! (`conn`): a header-read timeout, a connection limit, a grace period at shutdown.

mod access;
mod auth;
mod body;
mod conn;
mod diagnose;
mod error;
mod gate;
mod metrics;
mod params;
mod protocol_errors;
pub mod rules;
mod upload;

pub use error::ApiError;

use crate::embedded;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kbdiag_engine::pack::{PackFiles, RuleSet};
use metrics::Metrics;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How the server runs: `kbdiag serve`'s options.
#[derive(Debug, Clone)]
pub struct Config {
    /// `ADDR:PORT` (port 0: any free port; the one chosen is printed).
    pub listen: String,
    /// Bearer tokens; `None` serves without authentication (`--no-auth`).
    pub token_file: Option<PathBuf>,
    /// Pack folders added to the embedded packs, read again on every reload.
    pub rules: Vec<PathBuf>,
    pub no_default_rules: bool,
    /// Request body bytes (as sent, before decompression).
    pub max_request_bytes: u64,
    /// Bytes after decompression, over all the inputs of one request.
    pub max_decompressed_bytes: u64,
    /// Decompressed bytes one request holds in memory; past them, members go to temporary
    /// files ([`kbdiag_engine::input::Data`]).
    pub max_memory: u64,
    /// Archives inside archives: how deep.
    pub max_archive_depth: u32,
    /// Archive members over all the inputs of one request.
    pub max_archive_members: u64,
    /// Diagnoses running at once (0: one per core).
    pub max_concurrent: usize,
    /// Diagnose requests waiting for a slot; beyond them, 503.
    pub queue: usize,
    /// Per diagnose request, from admission (body, wait and diagnosis): then 504.
    pub timeout: Duration,
    /// Worker threads of a diagnosis (0: the shared pool, one thread per core).
    pub threads: usize,
    /// Tests only: each diagnosis waits this long first (slow requests on demand).
    pub debug_delay: Duration,
    /// KB articles offered for unexplained templates (`--kb`), as loaded at start.
    pub kb: Option<Arc<kbdiag_engine::triage::kb::Index>>,
    /// Their folders (and where they were named: `--kb` or `KBDIAG_KB`), read again on every
    /// reload.
    pub kb_dirs: Vec<PathBuf>,
    pub kb_from: &'static str,
    /// What loading the KB had to say (articles skipped or read in part), said after the
    /// first line.
    pub kb_warnings: Vec<String>,
    /// Rules left out (`--no-rule`), at start and on every reload.
    pub no_rules: Vec<String>,
    /// A request's head must arrive within this long, on a new connection and between the
    /// requests of a kept-alive one; then the connection is closed.
    pub header_timeout: Duration,
    /// Connections served at once (kept under the open-files limit); more get a 503.
    pub max_connections: usize,
    /// From SIGTERM, `/readyz` answers 503 and new connections are still served this long,
    /// for load balancers that learn of the stop only from the readiness probe.
    pub drain_delay: Duration,
    /// Then, what is in flight has this long to finish; the rest is cut.
    pub grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            token_file: None,
            rules: Vec::new(),
            no_default_rules: false,
            max_request_bytes: 64 << 20,
            max_decompressed_bytes: 1 << 30,
            max_memory: 256 << 20,
            max_archive_depth: 4,
            max_archive_members: kbdiag_engine::input::DEFAULT_MAX_MEMBERS,
            max_concurrent: 0,
            queue: 16,
            timeout: Duration::from_secs(60),
            threads: 0,
            debug_delay: Duration::ZERO,
            kb: None,
            kb_dirs: Vec::new(),
            kb_from: "--kb",
            kb_warnings: Vec::new(),
            no_rules: Vec::new(),
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            drain_delay: Duration::ZERO,
            grace: Duration::from_secs(25),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    cfg: Config,
    /// The rule set served. A request takes its `Arc` when its diagnosis starts and keeps it to
    /// the end, whatever reloads happen meanwhile.
    rules: RwLock<Arc<RuleSet>>,
    tokens: Option<RwLock<Arc<Vec<Vec<u8>>>>>,
    /// The KB index served (`--kb`), replaced by a reload as the rules are.
    kb: RwLock<Option<Arc<kbdiag_engine::triage::kb::Index>>>,
    /// Diagnosis slots (`max_concurrent`).
    slots: Arc<tokio::sync::Semaphore>,
    /// Diagnose requests admitted (running or waiting), at most `max_concurrent + queue`.
    gate: Arc<gate::Gate>,
    /// Packs loaded and not stopping: what `/readyz` says.
    ready: AtomicBool,
    /// The grace period is over: running diagnoses stop at their next check.
    stopping: Arc<AtomicBool>,
    metrics: Metrics,
    /// One reload at a time.
    reloading: tokio::sync::Mutex<()>,
}

impl AppState {
    pub fn rule_set(&self) -> Arc<RuleSet> {
        self.rules.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn kb(&self) -> Option<Arc<kbdiag_engine::triage::kb::Index>> {
        self.kb.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn tokens(&self) -> Option<Arc<Vec<Vec<u8>>>> {
        self.tokens.as_ref().map(|t| t.read().unwrap_or_else(|p| p.into_inner()).clone())
    }
}

/// Load the packs: the embedded ones (unless `no_default_rules`) and the folders. Any load
/// error refuses the whole set: a server does not serve a set with a rule missing.
pub fn load_rules(dirs: &[PathBuf], no_default_rules: bool) -> Result<RuleSet, ApiError> {
    // A folder holding a built-in pack replaces it (as in the batch commands).
    let given: Vec<Result<PackFiles, _>> = dirs.iter().map(|d| PackFiles::from_dir(d)).collect();
    let mut set = RuleSet::default();
    if !no_default_rules {
        let ok: Vec<&PackFiles> = given.iter().filter_map(|p| p.as_ref().ok()).collect();
        for p in embedded::packs_except(&ok).0 {
            set.add(p);
        }
    }
    for p in given {
        match p {
            Ok(p) => set.add(p),
            Err(e) => set.errors.push(e),
        }
    }
    if !set.errors.is_empty() {
        let details: Vec<serde_json::Value> = set
            .errors
            .iter()
            .map(|e| serde_json::json!({"file": e.file, "line": e.line, "rule": e.rule, "message": e.message}))
            .collect();
        let first = set.errors[0].to_string();
        let more = if set.errors.len() > 1 { format!(" (and {} more)", set.errors.len() - 1) } else { String::new() };
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "reload_failed",
            format!("the rule packs do not load: {first}{more}"),
        )
        .with_details(serde_json::Value::Array(details)));
    }
    if set.rules.is_empty() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "reload_failed",
            "no rules loaded (use --rules DIR, or drop --no-default-rules)",
        ));
    }
    Ok(set)
}

fn log(msg: &str) {
    let _ = writeln!(std::io::stderr(), "kbdiag serve: {msg}");
}

fn usage_error(msg: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "kbdiag: error: {msg}");
    ExitCode::from(2)
}

/// Run the server until SIGINT or SIGTERM. Usage errors (no rules, unreadable token file,
/// address in use) exit 2 before anything is served.
pub fn run(mut cfg: Config) -> ExitCode {
    if cfg.max_concurrent == 0 {
        cfg.max_concurrent = std::thread::available_parallelism().map_or(1, |n| n.get());
    }
    let tokens = match &cfg.token_file {
        Some(p) => match auth::read_tokens(p) {
            Ok(t) => Some(RwLock::new(Arc::new(t))),
            Err(e) => return usage_error(&e),
        },
        None => None,
    };
    let set = match load_rules(&cfg.rules, cfg.no_default_rules) {
        Ok(mut s) => {
            if let Err(e) = crate::without_rules(&mut s, &cfg.no_rules) {
                return usage_error(&e);
            }
            s
        }
        Err(e) => {
            for d in e.details.iter().flat_map(|d| d.as_array().cloned().unwrap_or_default()) {
                log(&format!("rule error: {d}"));
            }
            return usage_error(&e.message);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return usage_error(&format!("cannot start the runtime: {e}")),
    };
    let cfg_kb = cfg.kb.clone();
    let state = Arc::new(AppState {
        slots: Arc::new(tokio::sync::Semaphore::new(cfg.max_concurrent)),
        gate: Arc::new(gate::Gate::new(cfg.max_concurrent + cfg.queue)),
        cfg,
        rules: RwLock::new(Arc::new(set)),
        tokens,
        ready: AtomicBool::new(false),
        stopping: Arc::new(AtomicBool::new(false)),
        metrics: Metrics::default(),
        reloading: tokio::sync::Mutex::new(()),
        kb: RwLock::new(cfg_kb),
    });
    let code = rt.block_on(serve(state));
    // Diagnoses cut at the end of the grace period stop at their next check; do not wait
    // for one stuck elsewhere.
    rt.shutdown_timeout(Duration::from_secs(2));
    code
}

async fn serve(state: Arc<AppState>) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(&state.cfg.listen).await {
        Ok(l) => l,
        Err(e) => return usage_error(&format!("--listen {}: {e}", state.cfg.listen)),
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => return usage_error(&format!("--listen {}: {e}", state.cfg.listen)),
    };
    // The first line on stderr, always: tests and scripts read the port from it.
    let _ = writeln!(std::io::stderr(), "listening on http://{addr}");
    for w in &state.cfg.kb_warnings {
        let _ = writeln!(std::io::stderr(), "kbdiag: warning: {w}");
    }
    log(&format!(
        "{} rules; auth {}; at most {} diagnoses at once, {} waiting; timeout {:?}; at most {} connections",
        state.rule_set().rules.len(),
        if state.tokens.is_some() { "by bearer token" } else { "OFF (--no-auth)" },
        state.cfg.max_concurrent,
        state.cfg.queue,
        state.cfg.timeout,
        conn::effective_max_connections(state.cfg.max_connections),
    ));
    #[cfg(unix)]
    {
        let st = state.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut hup) = signal(SignalKind::hangup()) else { return };
            while hup.recv().await.is_some() {
                log("SIGHUP: reloading the rule packs");
                let _ = reload_rules(&st).await;
            }
        });
    }
    let app = router(state.clone());
    state.ready.store(true, Ordering::SeqCst);
    let st = state.clone();
    let stop = async move {
        signalled().await;
        st.ready.store(false, Ordering::SeqCst);
        if !st.cfg.drain_delay.is_zero() {
            log(&format!("not ready: still serving for {:?} while load balancers drain", st.cfg.drain_delay));
            tokio::time::sleep(st.cfg.drain_delay).await;
        }
    };
    conn::serve(listener, app, state, stop).await;
    log("stopped");
    ExitCode::SUCCESS
}

/// SIGINT or SIGTERM.
async fn signalled() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    log("stop signal: /readyz now answers 503");
}

/// The routes. Everything but `/healthz`, `/readyz` and `/` needs a token (when tokens are configured).
pub fn router(state: Arc<AppState>) -> Router {
    let guarded = Router::new()
        .route("/v1/diagnose", post(diagnose::diagnose))
        .route("/v1/rules", get(rules_list))
        .route("/v1/rules/{id}", get(rule_one))
        .route("/v1/reload", post(reload))
        .route("/metrics", get(metrics_text))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::require_token));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/", get(upload::page))
        .merge(guarded)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), access::access))
        // Bodies are read (and bounded) by the diagnose handler itself.
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

async fn healthz(State(st): State<Arc<AppState>>) -> Response {
    Json(serde_json::json!({
        "status": "ok",
        "version": kbdiag_engine::VERSION,
        "rules": st.rule_set().rules.len(),
    }))
    .into_response()
}

/// Readiness: 200 while the packs are loaded and the server is not stopping; 503 otherwise, so
/// that a load balancer sends nothing more before the process stops.
async fn readyz(State(st): State<Arc<AppState>>) -> Response {
    if st.ready.load(Ordering::SeqCst) {
        Json(serde_json::json!({"status": "ready", "rules": st.rule_set().rules.len()})).into_response()
    } else {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", "this server is stopping (or not started)")
            .into_response()
    }
}

async fn rules_list(State(st): State<Arc<AppState>>) -> Response {
    Json(rules::rules_json(&st.rule_set())).into_response()
}

async fn rule_one(State(st): State<Arc<AppState>>, id: Result<UrlPath<String>, PathRejection>) -> Response {
    // axum's own rejection (a path that is not valid UTF-8 once decoded, `%FF`) answers in
    // the documented JSON too.
    let id = match id {
        Ok(UrlPath(id)) => id,
        Err(e) => return ApiError::bad_request(format!("the rule id in the path: {}", e.body_text())).into_response(),
    };
    let set = st.rule_set();
    match rules::find(&set, &id) {
        Some(r) => Json(rules::rule_json(r)).into_response(),
        None => ApiError::not_found(format!("no rule '{id}' is loaded (GET /v1/rules lists them)")).into_response(),
    }
}

async fn reload(State(st): State<Arc<AppState>>) -> Response {
    match reload_rules(&st).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Load the packs (and the token file) again and serve them; on any error keep what is
/// served, log why, and answer 409 with the load errors.
pub async fn reload_rules(st: &Arc<AppState>) -> Result<serde_json::Value, ApiError> {
    let _one = st.reloading.lock().await;
    let dirs = st.cfg.rules.clone();
    let no_default = st.cfg.no_default_rules;
    let token_file = st.cfg.token_file.clone();
    let no_rules = st.cfg.no_rules.clone();
    let (kb_dirs, kb_from) = (st.cfg.kb_dirs.clone(), st.cfg.kb_from);
    let loaded = tokio::task::spawn_blocking(move || {
        let mut set = load_rules(&dirs, no_default)?;
        crate::without_rules(&mut set, &no_rules)
            .map_err(|m| ApiError::new(StatusCode::CONFLICT, "reload_failed", m))?;
        let tokens = match &token_file {
            Some(p) => Some(auth::read_tokens(p).map_err(|m| ApiError::new(StatusCode::CONFLICT, "reload_failed", m))?),
            None => None,
        };
        // The KB folders too: an article added, changed or removed is served from now on.
        let kb = if kb_dirs.is_empty() {
            None
        } else {
            Some(Arc::new(
                crate::kbindex::load(&kb_dirs, kb_from)
                    .map_err(|m| ApiError::new(StatusCode::CONFLICT, "reload_failed", m))?,
            ))
        };
        Ok::<_, ApiError>((set, tokens, kb))
    })
    .await
    .map_err(|e| ApiError::internal(format!("reload stopped: {e}")));
    match loaded.and_then(|r| r) {
        Ok((set, tokens, kb)) => {
            if kb.is_some() {
                *st.kb.write().unwrap_or_else(|p| p.into_inner()) = kb;
            }
            let n = set.rules.len();
            let packs: Vec<String> = set.packs.iter().map(|(m, _)| m.name.clone()).collect();
            // Counted first: whoever sees the new set sees the reload counted.
            st.metrics.reload(true);
            if let (Some(slot), Some(t)) = (&st.tokens, tokens) {
                *slot.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(t);
            }
            *st.rules.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(set);
            log(&format!("reloaded: {n} rules from {}", packs.join(", ")));
            Ok(serde_json::json!({"reloaded": true, "rules": n, "packs": packs}))
        }
        Err(e) => {
            st.metrics.reload(false);
            let kept = st.rule_set().rules.len();
            log(&format!("reload failed; still serving the {kept} rules loaded before: {}", e.message));
            for d in e.details.iter().flat_map(|d| d.as_array().cloned().unwrap_or_default()) {
                log(&format!("  rule error: {d}"));
            }
            let message = format!("{}; still serving the {kept} rules loaded before", e.message);
            Err(ApiError { message, ..e })
        }
    }
}

async fn metrics_text(State(st): State<Arc<AppState>>) -> Response {
    let c = st.gate.counts();
    let body = st.metrics.render(st.rule_set().rules.len(), c.running, c.waiting);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

async fn not_found(req: Request) -> Response {
    ApiError::not_found(format!("no endpoint {} {}", req.method(), req.uri().path())).into_response()
}

async fn method_not_allowed(req: Request) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} is not allowed on {}", req.method(), req.uri().path()),
    )
    .into_response()
}
