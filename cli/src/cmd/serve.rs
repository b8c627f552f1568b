//! `kbdiag serve`: the options, then the server in `kbdiag::serve`.

use super::usage_error;
use crate::PackArgs;
use clap::Args;
use kbdiag::serve::{self, Config};
use kbdiag::size::parse_size;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port; the first line on stderr says
    /// which: `listening on http://ADDR`).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Bearer tokens that clients must send, one per line (blank lines and # comments
    /// ignored). Required unless --no-auth is given.
    #[arg(long, value_name = "FILE", conflicts_with = "no_auth")]
    token_file: Option<PathBuf>,
    /// Serve without authentication: anyone who reaches the port can use it.
    #[arg(long)]
    no_auth: bool,
    #[command(flatten)]
    packs: PackArgs,
    /// Largest request body accepted, in bytes (K, M, G suffixes); larger ones get 413.
    #[arg(long, value_name = "N", default_value = "64M", value_parser = parse_size)]
    max_request_bytes: u64,
    /// Largest bundle once decompressed (all its files), in bytes (K, M, G suffixes); larger
    /// ones get 413.
    #[arg(long, value_name = "N", default_value = "1G", value_parser = parse_size)]
    max_decompressed_bytes: u64,
    /// Decompressed bytes one diagnosis holds in memory (K, M, G suffixes); past them, archive
    /// members of 64 KiB or more go to temporary files (in TMPDIR), mapped: disk, not RAM.
    #[arg(long, value_name = "N", default_value = "256M", value_parser = parse_size)]
    max_memory: u64,
    /// Archives nested inside archives: how deep they are opened.
    #[arg(long, value_name = "N", default_value_t = 4)]
    max_archive_depth: u32,
    /// Archive members in one request, all its archives together (empty ones count too);
    /// more get 413.
    #[arg(long, value_name = "N", default_value_t = kbdiag_engine::input::DEFAULT_MAX_MEMBERS)]
    max_archive_members: u64,
    /// Diagnoses running at once (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_concurrent: usize,
    /// Diagnose requests that may wait for a free slot; beyond them, 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 16)]
    queue: usize,
    /// Seconds a diagnose request may take, waiting included; then 504.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    timeout: f64,
    /// Worker threads of one diagnosis (default: the shared pool, one thread per core).
    #[arg(long, value_name = "N", default_value = "0", value_parser = kbdiag::options::parse_threads)]
    threads: usize,
    /// Seconds a client has to send a request's headers, on a new connection and between the
    /// requests of a kept-alive one; then the connection is closed.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    header_timeout: f64,
    /// Client connections served at once (kept under the open-files limit); one more gets a
    /// 503 and is closed.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    max_connections: usize,
    /// Seconds between SIGTERM and the end of accepting, while /readyz already answers 503:
    /// for load balancers that learn of the stop from the readiness probe only.
    #[arg(long, value_name = "SECS", default_value_t = 0.0)]
    drain_delay: f64,
    /// Seconds the requests in flight have to finish after that; then they are cut and the
    /// process exits.
    #[arg(long, value_name = "SECS", default_value_t = 25.0)]
    grace: f64,
    /// Tests only: every diagnosis waits this long first.
    #[arg(long, value_name = "MS", default_value_t = 0, hide = true)]
    debug_delay_ms: u64,
    /// A folder of KB articles offered for unexplained templates (repeatable; also KBDIAG_KB).
    #[arg(long = "kb", value_name = "DIR")]
    kb: Vec<PathBuf>,
    /// Leave out this rule (id or KB article; repeatable), at start and on every reload.
    #[arg(long = "no-rule", value_name = "ID")]
    no_rules: Vec<String>,
}

pub fn serve(a: ServeArgs) -> ExitCode {
    if a.token_file.is_none() && !a.no_auth {
        return usage_error(
            "serve needs --token-file FILE (bearer tokens, one per line), or --no-auth to serve without authentication",
        );
    }
    for (name, v, zero_ok) in [
        ("--timeout", a.timeout, false),
        ("--header-timeout", a.header_timeout, false),
        ("--drain-delay", a.drain_delay, true),
        ("--grace", a.grace, true),
    ] {
        if !(v.is_finite() && (v > 0.0 || (zero_ok && v == 0.0)) && v < 1e9) {
            let at_least = if zero_ok { "0 or more" } else { "above 0" };
            return usage_error(&format!("{name}: give a number of seconds {at_least}"));
        }
    }
    if a.max_connections == 0 {
        return usage_error("--max-connections: give 1 or more");
    }
    let (dirs, from) = kbdiag::kbindex::dirs(&a.kb);
    let mut kb_warnings = Vec::new();
    let kb = if dirs.is_empty() {
        None
    } else {
        // Said after "listening on", which is always the first line (scripts read the port).
        match kbdiag::kbindex::load_with(&dirs, from, &mut |w| kb_warnings.push(w)) {
            Ok(ix) => Some(std::sync::Arc::new(ix)),
            Err(e) => return usage_error(&e),
        }
    };
    serve::run(Config {
        kb,
        kb_warnings,
        kb_dirs: dirs,
        kb_from: from,
        no_rules: a.no_rules,
        listen: a.listen,
        token_file: a.token_file,
        rules: a.packs.rules,
        no_default_rules: a.packs.no_default_rules,
        max_request_bytes: a.max_request_bytes,
        max_decompressed_bytes: a.max_decompressed_bytes,
        max_memory: a.max_memory,
        max_archive_depth: a.max_archive_depth,
        max_archive_members: a.max_archive_members,
        max_concurrent: a.max_concurrent,
        queue: a.queue,
        timeout: Duration::from_secs_f64(a.timeout),
        threads: a.threads,
        debug_delay: Duration::from_millis(a.debug_delay_ms),
        header_timeout: Duration::from_secs_f64(a.header_timeout),
        max_connections: a.max_connections,
        drain_delay: Duration::from_secs_f64(a.drain_delay),
        grace: Duration::from_secs_f64(a.grace),
    })
}
