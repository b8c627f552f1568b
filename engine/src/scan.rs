//! Inputs → candidate events, in one pass per file.
//!
//! A file is read in large chunks (no per-line allocation, no mmap of live logs). Two
//! multi-literal automatons built once from every symptom's literals (exact ones, and the few
//! that ignore ASCII case) run over each chunk; only the lines it hits are located, numbered, decoded, matched against their
//! symptom's regex and parsed for time and fields. Large plain files are split at line
//! boundaries and scanned in parallel; the results do not depend on how the work was split.

use crate::event::{cut, Event, SymRef};
use crate::format::{self, LineReader};
use crate::input::{self, Input, Origin};
use crate::pack::{Format, Rule};
pub use crate::report::InputSummary;
use crate::time::Zone;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

/// How many lines are sampled to choose a format.
const SNIFF_LINES: usize = 30;
/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// The longest line searched; the rest of a longer line is skipped (with a warning).
pub const MAX_LINE: usize = 8 << 20;
/// Plain files larger than this are split and scanned in parallel.
const SPLIT_MIN: u64 = 32 << 20;
/// Events kept per symptom and input: the first half and the last half (all are counted).
pub const MAX_EVENTS: usize = 10_000;

/// What the scanner needs to know about every symptom of every rule, built once per run.
pub struct Prefilter {
    symptoms: Vec<SymRef>,
    /// Literals searched exactly as written (most of them) ...
    exact: Option<Literals>,
    /// ... and those searched ignoring ASCII case (`(?i)` symptoms, `case: insensitive`), in
    /// an automaton of their own so that a few of them do not slow the others.
    folded: Option<Literals>,
    /// Symptoms without a usable literal: checked on every line of their sources ...
    fallback: Vec<usize>,
    /// ... through one bounded regex set over their patterns, which says on each line which of
    /// them can match (None when the set would be too big: then each regex runs).
    fallback_set: Option<regex::bytes::RegexSet>,
}

/// One class of literals: a leftmost-first automaton that finds candidate lines fast (it can
/// use the packed SIMD searcher), and an overlapping one that, on a candidate line only, names
/// every literal present (literals may overlap, and each can own different symptoms).
struct Literals {
    find: AhoCorasick,
    all: AhoCorasick,
    /// For each pattern: the symptoms (global indexes) that own that literal.
    owners: Vec<Vec<usize>>,
}

impl Literals {
    fn build(patterns: &[String], owners: Vec<Vec<usize>>, fold: bool) -> Option<Literals> {
        if patterns.is_empty() {
            return None;
        }
        let b = |kind| AhoCorasickBuilder::new().ascii_case_insensitive(fold).match_kind(kind).build(patterns).ok();
        // Past 64 literals the packed SIMD searcher (Teddy) no longer applies and the default
        // NFA walks every byte through pointer-chasing states; a full DFA (a few MiB for
        // hundreds of literals) scans the same bytes about 1.6x faster (cli/examples/acbench.rs).
        let find = if patterns.len() > 64 {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns)
                .ok()?
        } else {
            b(MatchKind::LeftmostFirst)?
        };
        Some(Literals { find, all: b(MatchKind::Standard)?, owners })
    }
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut symptoms = Vec::new();
        // (patterns, owners) for exact and folded literals.
        let mut classes: [(Vec<String>, Vec<Vec<usize>>); 2] = Default::default();
        let mut fallback = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (si, s) in r.symptoms.iter().enumerate() {
                let g = symptoms.len();
                symptoms.push(SymRef { rule: ri, symptom: si });
                if s.literals.is_empty() {
                    fallback.push(g);
                }
                let (patterns, owners) = &mut classes[usize::from(s.literal_ci)];
                for lit in &s.literals {
                    match patterns.iter().position(|p| p == lit) {
                        Some(i) => owners[i].push(g),
                        None => {
                            patterns.push(lit.clone());
                            owners.push(vec![g]);
                        }
                    }
                }
            }
        }
        let [(pe, oe), (pf, of)] = classes;
        let exact = Literals::build(&pe, oe, false);
        let folded = Literals::build(&pf, of, true);
        let fallback_set = (!fallback.is_empty())
            .then(|| {
                let pats: Option<Vec<String>> = fallback
                    .iter()
                    .map(|&g: &usize| {
                        let s: &SymRef = &symptoms[g];
                        rules[s.rule].symptoms[s.symptom].regex.as_ref().map(|r| r.as_str().to_string())
                    })
                    .collect();
                regex::bytes::RegexSetBuilder::new(pats?).size_limit(8 << 20).dfa_size_limit(1 << 20).build().ok()
            })
            .flatten();
        Prefilter { symptoms, exact, folded, fallback, fallback_set }
    }

    fn owners(&self) -> impl Iterator<Item = &Vec<usize>> {
        self.exact.iter().chain(self.folded.iter()).flat_map(|l| l.owners.iter())
    }
}

/// Options of a scan.
#[derive(Clone, Default)]
pub struct ScanOptions {
    /// Zone for naive times.
    pub zone: Zone,
    /// Per-format zones (`--tz FORMAT=ZONE`), overriding `zone`.
    pub zone_by_format: BTreeMap<String, Zone>,
    /// Keep the candidate lines a symptom turned down, and why (for `explain`).
    pub keep_rejects: bool,
    /// Show input paths relative to this folder (fixture bundles, so that reports do not
    /// depend on where the repository is checked out).
    pub relative_to: Option<String>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Called with the number of bytes read, as they are read (progress display).
    pub progress: Option<Arc<dyn Fn(u64) + Send + Sync>>,
    /// Measure the time each symptom costs (`--profile`).
    pub profile: bool,
    /// Split plain files larger than this many bytes into parts scanned in parallel
    /// (0: the default, 32 MiB). Tests set it small to exercise the seams.
    pub split_bytes: u64,
    /// Language of the rule texts (`--lang`); rules without it use their pack's language.
    pub lang: Option<String>,
    /// Bytes read at a time (0: the default, 1 MiB). Tests set it small to exercise the
    /// chunk boundaries.
    pub chunk_bytes: usize,
    /// Evidence lines shown per finding: the first and the last this many (0: the default, 10).
    pub max_evidence: usize,
    /// `--as PATH=FORMAT[/ROLE]`: the format (and role) of given inputs, whatever their name.
    pub assign: Vec<Assign>,
    /// Asked between chunks: true stops the run's reading (a server's request that timed out or
    /// whose client went away); the inputs say they were cut short.
    pub cancel: Option<Arc<dyn Fn() -> bool + Send + Sync>>,
    /// `--year`: the year of the latest line of logs that write times without one.
    pub year: Option<i32>,
    /// Set by the scan itself for its second pass over year-less inputs: the latest time of
    /// the bundle's dated lines (plus a week), and the input that holds it.
    #[doc(hidden)]
    pub dated_latest: Option<(i64, String)>,
    /// `--param PACK.NAME=VALUE`: values of pack parameters (a format's line layout, e.g.
    /// `postgresql.prefix`), see [`crate::layout`].
    pub params: BTreeMap<String, String>,
    /// Bounds on archives (total decompressed bytes, nesting depth).
    pub archive_limits: crate::input::Limits,
    /// True when the user gave a zone (`--tz`): times without a zone are then not worth a
    /// warning.
    pub zone_given: bool,
}

/// One `--as PATH=FORMAT[/ROLE]`.
#[derive(Clone, Debug)]
pub struct Assign {
    /// A path as given (a file, a folder, an archive, `-` for stdin) or an archive member.
    pub path: String,
    pub format: String,
    pub role: Option<String>,
}

impl Assign {
    /// Parse `PATH=FORMAT[/ROLE]` (the last `=` splits, so paths may hold `=`).
    pub fn parse(spec: &str) -> Result<Assign, String> {
        let (path, what) = spec.rsplit_once('=').ok_or_else(|| format!("'{spec}': expected PATH=FORMAT[/ROLE]"))?;
        let (format, role) = match what.split_once('/') {
            Some((f, r)) => (f.trim().to_string(), Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (what.trim().to_string(), None),
        };
        if path.is_empty() || format.is_empty() {
            return Err(format!("'{spec}': expected PATH=FORMAT[/ROLE]"));
        }
        let path = path.trim_end_matches('/').to_string();
        Ok(Assign { path, format, role })
    }

    /// Does it name this input (the input itself, a folder or archive holding it, or stdin)?
    pub fn applies_to(&self, display: &str) -> bool {
        let p = if self.path == "-" { "<stdin>" } else { self.path.as_str() };
        display == p || display.strip_prefix(p).is_some_and(|rest| rest.starts_with('/') || rest.starts_with("!/"))
    }
}

pub use crate::event::Reject;

/// How many rejects are kept per symptom and input (all are counted).
const KEEP_REJECTS: usize = 5;

/// What one input gave: its summary (for `inputs[]`) and its candidate events.
pub struct Scanned {
    pub summary: InputSummary,
    pub hits: Vec<(SymRef, Event)>,
    /// Only with `keep_rejects`: a few turned-down lines per symptom, and the count of all.
    pub rejects: BTreeMap<SymRef, (u64, Vec<Reject>)>,
    /// Per symptom: candidate lines examined, and nanoseconds spent (with `profile`).
    pub cost: BTreeMap<SymRef, (u64, u64)>,
}

fn strip_eol(mut b: &[u8]) -> &[u8] {
    if b.last() == Some(&b'\n') {
        b = &b[..b.len() - 1];
    }
    if b.last() == Some(&b'\r') {
        b = &b[..b.len() - 1];
    }
    b
}

/// The largest UTF-16 file converted (it is converted in memory).
const UTF16_MAX: usize = 256 << 20;

/// UTF-16 by its byte-order mark, or by NUL bytes at every other position (no mark):
/// `Some(true)` little-endian, `Some(false)` big-endian.
fn utf16_kind(head: &[u8]) -> Option<bool> {
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some(true);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some(false);
    }
    let probe = &head[..head.len().min(4096) & !1];
    if probe.len() < 16 {
        return None;
    }
    let odd = probe.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even = probe.iter().step_by(2).filter(|&&b| b == 0).count();
    let half = probe.len() / 2;
    if odd * 10 >= half * 9 && even * 10 < half {
        Some(true)
    } else if even * 10 >= half * 9 && odd * 10 < half {
        Some(false)
    } else {
        None
    }
}

fn utf16_to_utf8(bytes: &[u8], le: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    let s = String::from_utf16_lossy(&units);
    s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)
}

/// How one input is read: chosen once from its name and first lines, shared by its ranges.
struct Plan<'a> {
    lr: LineReader<'a>,
    role: Option<String>,
    base_fields: BTreeMap<String, String>,
    /// Per global symptom: does it read this input?
    applies: Vec<bool>,
    /// Symptoms without literals that read this input: checked on every line.
    fallback: Vec<usize>,
    /// Does any literal of a symptom that reads this input exist?
    literal_applies: bool,
}

/// What scanning one stretch of an input gave.
#[derive(Default)]
struct Part {
    hits: Vec<(usize, Event)>,
    /// Events dropped by the cap, per global symptom.
    dropped: BTreeMap<usize, u64>,
    rejects: BTreeMap<usize, (u64, Vec<Reject>)>,
    cost: BTreeMap<usize, (u64, u64)>,
    lines: u64,
    events: u64,
    skipped: u64,
    bytes: u64,
    first_rec: Option<Vec<u8>>,
    last_rec: Option<Vec<u8>>,
    /// Hits (indexes into `hits`) on continuation lines before the first record of this part:
    /// their time comes from the part before.
    unresolved: Vec<usize>,
    bad_utf8: u64,
    long_lines: Vec<u64>,
    error: Option<String>,
    /// Matching lines that start like a record but whose time could not be read (first line).
    untimed: (u64, u64),
    /// Matching lines whose local time fell in a DST change (first line).
    dst: (u64, u64),
    /// Matching lines whose time had no zone, read in an assumed one (first line).
    assumed: (u64, u64),
}

/// Scan every input, in parallel; results come back in input order whatever the scheduling.
pub fn scan_all(
    inputs: &[Input],
    rules: &[Rule],
    formats: &[Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Vec<Scanned> {
    let mut out = scan_some(inputs, None, rules, formats, pf, opts);
    // Logs that write no year (syslog) take it from the bundle's dated lines when it has some:
    // the logs of one bundle cover the same stretch of time, and that holds where file
    // modification times do not (a mailed attachment, a re-packed archive, stdin). A week past
    // the latest dated line still counts as that year: year-less logs often run a little
    // longer than the application's. Only those inputs are read a second time.
    if opts.year.is_none() && opts.dated_latest.is_none() {
        let latest = out
            .iter()
            .filter(|s| !s.summary.yearless)
            .filter_map(|s| s.summary.last.map(|t| (t, s.summary.path.clone())))
            .max_by_key(|(t, _)| *t);
        let redo: Vec<usize> = (0..out.len()).filter(|&i| out[i].summary.yearless).collect();
        if let (Some((t, from)), false) = (latest, redo.is_empty()) {
            let mut again = opts.clone();
            again.dated_latest = Some((t + 7 * 86_400_000, from));
            for (i, s) in redo.iter().zip(scan_some(inputs, Some(&redo), rules, formats, pf, &again)) {
                out[*i] = s;
            }
        }
    }
    out
}

/// Scan the inputs (or only those at `only`), in parallel.
fn scan_some(
    inputs: &[Input],
    only: Option<&[usize]>,
    rules: &[Rule],
    formats: &[Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Vec<Scanned> {
    let picked: Vec<usize> = match only {
        Some(o) => o.to_vec(),
        None => (0..inputs.len()).collect(),
    };
    let run = || {
        use rayon::prelude::*;
        // One job per input, opened only when its turn comes (a bundle of thousands of files
        // must not hold thousands of descriptors); the parts of a split file run in parallel
        // inside its job, and rayon's work stealing balances both levels.
        picked
            .par_iter()
            .map(|&i| {
                let inp = &inputs[i];
                let p = prepare(inp, i, rules, formats, pf, opts);
                let n = match &p {
                    Prepared::Ready { ranges, .. } => ranges.len(),
                    Prepared::Done(_) => 0,
                };
                let parts: Vec<Part> =
                    (0..n).into_par_iter().map(|r| run_range(&p, r, inputs, i, rules, pf, opts)).collect();
                finish(p, parts, inp, i, rules, pf)
            })
            .collect()
    };
    if opts.threads > 0 {
        match rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build() {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        }
    } else {
        run()
    }
}

/// The bytes read while sniffing, and the reader for the rest.
type Head = (Vec<u8>, Box<dyn Read + Send>);

enum Prepared<'a> {
    /// Nothing to scan (unreadable, binary): the summary is final.
    Done(Box<InputSummary>),
    Ready {
        plan: Box<Plan<'a>>,
        /// The head already read (sniffed), for the first range.
        head: std::sync::Mutex<Option<Head>>,
        /// Byte ranges of a plain file, or one `(0, u64::MAX)` for a stream.
        ranges: Vec<(u64, u64)>,
        warnings: Vec<String>,
        gzip: bool,
        /// A read error met while sniffing: the input ends there.
        early_error: Option<String>,
    },
}

fn prepare<'a>(
    input: &Input,
    _index: usize,
    rules: &[Rule],
    formats: &'a [Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Prepared<'a> {
    let opened = match input::open(input) {
        Ok(o) => o,
        Err(w) => {
            let mut s = InputSummary::unreadable(&input.display, w);
            s.warnings.extend(input.notes.iter().cloned());
            return Prepared::Done(Box::new(s));
        }
    };
    let mut reader: Box<dyn Read + Send> = opened.reader;
    let mut warnings = input.notes.clone();
    warnings.extend(opened.warnings);
    // Read the head: enough for the sniff lines.
    let mut head = Vec::with_capacity(64 * 1024);
    let mut buf = vec![0u8; 64 * 1024];
    let mut early_error: Option<String> = None;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                head.extend_from_slice(&buf[..n]);
                if memchr::memchr_iter(b'\n', &head).count() >= SNIFF_LINES || head.len() >= 256 * 1024 {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                early_error = Some(format!(
                    "{}{}",
                    input::io_message(&e),
                    if opened.gzip { " (truncated or corrupt gzip?)" } else { "" }
                ));
                reader = Box::new(std::io::empty());
                break;
            }
        }
    }
    let mut converted = false;
    if let Some(le) = utf16_kind(&head) {
        // Windows tools write UTF-16: convert it (whole, up to a bound) and read that.
        let mut all = std::mem::take(&mut head);
        let _ = (&mut reader).take(UTF16_MAX as u64).read_to_end(&mut all);
        if all.len() >= UTF16_MAX {
            warnings.push(format!("UTF-16 text longer than {} MiB: only its start was read", UTF16_MAX >> 20));
        }
        head = utf16_to_utf8(&all, le).into_bytes();
        reader = Box::new(std::io::empty());
        warnings.push(format!("UTF-16{} text, converted to UTF-8", if le { "LE" } else { "BE" }));
        converted = true;
    }
    let probe = &head[..head.len().min(8192)];
    let nuls = probe.iter().filter(|&&b| b == 0).count();
    let controls =
        probe.iter().filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f).count();
    if controls * 10 > probe.len() * 3 {
        let mut s = InputSummary::unreadable(
            &input.display,
            format!("binary file ({controls} control bytes in its first {} bytes); skipped", probe.len()),
        );
        s.bytes = head.len() as u64;
        s.format = "binary".into();
        return Prepared::Done(Box::new(s));
    }
    if nuls > 0 {
        warnings.push(format!("{nuls} NUL byte(s) near the start (a zero-filled block?); read as text"));
    }
    let name = input::base_name(&input.display);
    let sample: Vec<String> = head
        .split(|&b| b == b'\n')
        .take(SNIFF_LINES)
        .map(|l| String::from_utf8_lossy(strip_eol(l)).into_owned())
        .collect();
    // `--as PATH=FORMAT[/ROLE]` wins over names and sniffing.
    let forced = opts.assign.iter().rev().find(|a| a.applies_to(&input.display));
    let chosen = match forced {
        Some(a) => formats.iter().find(|f| f.id == a.format),
        None => format::choose(formats, name, &sample),
    };
    let zone = chosen
        .and_then(|f| opts.zone_by_format.get(&f.id))
        .or_else(|| opts.zone_by_format.get(format::GENERIC).filter(|_| chosen.is_none()))
        .cloned()
        .unwrap_or_else(|| opts.zone.clone());
    // Year-less times (syslog): the year that puts them at or before --year's end, else the
    // latest dated line of the bundle (second pass, see `scan_all`), else the file's (or
    // archive member's) modification time, else now.
    let (year_ref, year_from) = match (opts.year, &opts.dated_latest, input.mtime_ms) {
        (Some(y), _, _) => (
            chrono::NaiveDate::from_ymd_opt(y, 12, 31)
                .and_then(|d| d.and_hms_opt(23, 59, 59))
                .map(|t| t.and_utc().timestamp_millis()),
            format!("--year {y}"),
        ),
        (None, Some((t, from)), _) => {
            (Some(*t), format!("the dated lines of the bundle (the latest, in {from}, plus a week)"))
        }
        (None, None, Some(m)) => (Some(m), "the file's modification time".to_string()),
        (None, None, None) => (None, "the current date (the input has no modification time)".to_string()),
    };
    let lr = LineReader { format: chosen, zone, year_ref };
    if lr.yearless() {
        let latest = year_ref.unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
        warnings.push(format!(
            "times are written without a year: read as the latest {} or earlier, from {year_from}; say the year with --year",
            crate::time::rfc3339(latest).get(..10).unwrap_or_default()
        ));
    }
    // A name that promises a format whose lines are not there: say so, or a log in an
    // unforeseen layout would quietly be searched as generic text (rules that read only that
    // format would then see nothing). Only names a glob spells out (`postgresql-*.log`,
    // `syslog`), not any `*.log`.
    if chosen.is_none() && forced.is_none() {
        let named = |f: &&Format| f.files.iter().any(|g| g.is_specific() && g.matches(name));
        let fits: Vec<&Format> = formats.iter().filter(|f| f.param.is_none() || f.given).filter(named).collect();
        if !fits.is_empty() && sample.iter().any(|l| !l.trim().is_empty()) {
            let ids: Vec<&str> = fits.iter().map(|f| f.id.as_str()).collect();
            let params: Vec<String> = formats
                .iter()
                .filter(|f| !f.given)
                .filter(named)
                .filter_map(|f| f.param.as_ref().map(|p| format!("give its layout with --param {}=... or ", p.key())))
                .collect();
            warnings.push(format!(
                "its name fits format {} but its lines do not, so it is read as generic text; if it is one, {}say which with --as {}=FORMAT",
                ids.join(", "),
                params.first().map(String::as_str).unwrap_or(""),
                input.display,
            ));
        }
    }
    let mut role = match forced.and_then(|a| a.role.clone()) {
        Some(r) => Some(r),
        None => chosen.and_then(|f| format::role(f, name)).map(str::to_string),
    };
    if role.is_none() {
        if let Some(f) = chosen {
            if let Some(r) = format::role_by_content(f, &head) {
                warnings.push(format!(
                    "role '{r}' taken from the file's content (its name '{name}' says none; --as {}={}/{r} says so explicitly)",
                    input.display, f.id
                ));
                role = Some(r.to_string());
            }
        }
    }
    if role.is_none() {
        if let Some(w) = unused_for_want_of_role(chosen, rules, name, &input.display) {
            warnings.push(w);
        }
    }
    let base_fields = format::path_fields(chosen, name);
    let applies: Vec<bool> = pf
        .symptoms
        .iter()
        .map(|s| {
            let sym = &rules[s.rule].symptoms[s.symptom];
            sym.sources.is_empty() || sym.sources.iter().any(|sel| sel.accepts(lr.id(), role.as_deref()))
        })
        .collect();
    let fallback: Vec<usize> = pf.fallback.iter().copied().filter(|&g| applies[g]).collect();
    let literal_applies = pf.owners().flatten().any(|&g| applies[g]);
    let plan = Box::new(Plan { lr, role, base_fields, applies, fallback, literal_applies });
    // Split a large plain file at line boundaries; anything else is one stream.
    let size = match &input.origin {
        Origin::File(p) if !opened.gzip => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        _ => 0,
    };
    let split = if opts.split_bytes > 0 { opts.split_bytes } else { SPLIT_MIN };
    // Structured records (a CSV field may span lines) are read as one stream.
    let ranges = if size > split && !converted && !plan.lr.structured() {
        let n = size.div_ceil(split);
        (0..n).map(|k| (k * size / n, if k + 1 == n { u64::MAX } else { (k + 1) * size / n })).collect()
    } else {
        vec![(0, u64::MAX)]
    };
    Prepared::Ready {
        plan,
        head: std::sync::Mutex::new(Some((head, reader))),
        ranges,
        warnings,
        gzip: opened.gzip,
        early_error,
    }
}

/// A warning for a file of a format with roles whose role stayed unknown, when loaded rules
/// read that format only in given roles: they cannot use it.
fn unused_for_want_of_role(chosen: Option<&Format>, rules: &[Rule], name: &str, display: &str) -> Option<String> {
    let f = chosen?;
    if f.roles.is_empty() {
        return None;
    }
    let mut wanting: Vec<&str> = Vec::new();
    let mut roles: Vec<&str> = Vec::new();
    for r in rules {
        let reads_any_role =
            r.symptoms.iter().any(|s| s.sources.is_empty() || s.sources.iter().any(|sel| sel.accepts(&f.id, None)));
        let wants_role: Vec<&str> = r
            .symptoms
            .iter()
            .flat_map(|s| s.sources.iter())
            .filter(|sel| sel.format.as_deref() == Some(f.id.as_str()))
            .filter_map(|sel| sel.role.as_deref())
            .collect();
        if !reads_any_role && !wants_role.is_empty() {
            wanting.push(&r.kb.article);
            roles.extend(wants_role);
        }
    }
    if wanting.is_empty() {
        return None;
    }
    roles.sort_unstable();
    roles.dedup();
    wanting.sort_unstable();
    wanting.dedup();
    let shown = wanting.iter().take(5).copied().collect::<Vec<_>>().join(", ");
    let more = if wanting.len() > 5 { format!(" and {} more", wanting.len() - 5) } else { String::new() };
    Some(format!(
        "no role: the name '{name}' matches none of {}'s roles and its content gives none; rules that read only {}/{} logs cannot use it ({shown}{more}); name the role with --as '{display}={}/ROLE'",
        f.id,
        f.id,
        roles.join("|"),
        f.id
    ))
}

/// Scan range `r` of a prepared input.
fn run_range(
    p: &Prepared,
    r: usize,
    inputs: &[Input],
    index: usize,
    rules: &[Rule],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Part {
    let Prepared::Ready { plan, head, ranges, gzip, .. } = p else { return Part::default() };
    let (start, end) = ranges[r];
    let mut st = State::new(plan, rules, pf, opts, index);
    if r == 0 {
        let taken = head.lock().ok().and_then(|mut g| g.take());
        let Some((head, rest)) = taken else { return Part::default() };
        let limit = if end == u64::MAX { None } else { Some(end) };
        st.stream(head, rest, limit, *gzip);
        return st.into_part();
    }
    // A later range of a plain file: start at the first line that begins at or after `start`.
    let Origin::File(path) = &inputs[index.min(inputs.len() - 1)].origin else { return Part::default() };
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            st.part.error = Some(format!("cannot reopen: {}", input::io_message(&e)));
            return st.part;
        }
    };
    if f.seek(SeekFrom::Start(start - 1)).is_err() {
        return st.part;
    }
    let mut skipped = 0u64;
    let mut b = [0u8; 64 * 1024];
    let mut head = Vec::new();
    'find: loop {
        // A line longer than the range belongs to the range it starts in: never read past
        // this range's end looking for its newline (a 2 GiB line is read once, not once per part).
        if end != u64::MAX && start - 1 + skipped >= end {
            return st.part;
        }
        match f.read(&mut b) {
            Ok(0) => return st.part,
            Ok(n) => {
                if let Some(i) = memchr::memchr(b'\n', &b[..n]) {
                    skipped += i as u64 + 1;
                    head.extend_from_slice(&b[i + 1..n]);
                    break 'find;
                }
                skipped += n as u64;
            }
            Err(_) => return st.part,
        }
    }
    let begin = start - 1 + skipped;
    if end != u64::MAX && begin >= end {
        return st.part;
    }
    let limit = if end == u64::MAX { None } else { Some(end - begin) };
    st.starts_mid_file = true;
    st.stream(head, Box::new(f), limit, false);
    st.into_part()
}

/// What one candidate line gives all its symptoms: its text, the record it continues, and the
/// parses done once for all of them.
struct LineCtx<'t> {
    text: &'t str,
    rec: Option<&'t [u8]>,
    /// A continuation line at the start of a split part: its time comes from the part before.
    unresolved: bool,
    parsed: Option<Option<format::Parsed>>,
    rec_time: Option<Option<crate::time::Stamp>>,
    counted_bad: bool,
    /// The line was already counted for the untimed / DST / assumed-zone warnings (a line
    /// that matches several symptoms is one line).
    counted_time: bool,
}

struct State<'a> {
    plan: &'a Plan<'a>,
    rules: &'a [Rule],
    pf: &'a Prefilter,
    opts: &'a ScanOptions,
    index: usize,
    part: Part,
    /// Line number of the last line handled (local to the part).
    line_no: u64,
    /// Events kept so far per global symptom (the first half of the cap) ...
    kept: BTreeMap<usize, usize>,
    /// ... and a ring of the latest ones past it.
    last: BTreeMap<usize, VecDeque<Event>>,
    /// The last record-start line before the current chunk.
    prev_rec: Option<Vec<u8>>,
    starts_mid_file: bool,
    cands: Vec<(usize, usize)>,
    line_cands: Vec<usize>,
    /// CSV: the record gathered so far (its quoted fields span lines), its first line, and the
    /// quotes seen in it.
    pending: Vec<u8>,
    pending_line: u64,
    pending_quotes: usize,
}

impl<'a> State<'a> {
    fn new(plan: &'a Plan<'a>, rules: &'a [Rule], pf: &'a Prefilter, opts: &'a ScanOptions, index: usize) -> Self {
        State {
            plan,
            rules,
            pf,
            opts,
            index,
            part: Part::default(),
            line_no: 0,
            kept: BTreeMap::new(),
            last: BTreeMap::new(),
            prev_rec: None,
            starts_mid_file: false,
            cands: Vec::new(),
            line_cands: Vec::new(),
            pending: Vec::new(),
            pending_line: 0,
            pending_quotes: 0,
        }
    }

    fn into_part(mut self) -> Part {
        for (g, ring) in std::mem::take(&mut self.last) {
            self.part.hits.extend(ring.into_iter().map(|e| (g, e)));
        }
        self.part
    }

    /// Read `head` then `rest` in chunks, handling complete lines; stop after the lines that
    /// start before `limit` (bytes from the start of `head`).
    fn stream(&mut self, head: Vec<u8>, mut rest: Box<dyn Read + Send>, limit: Option<u64>, gzip: bool) {
        let mut buf = head;
        let mut offset: u64 = 0; // stream offset of buf[0]
        let mut eof = false;
        let mut skipping_long = false;
        let chunk = if self.opts.chunk_bytes > 0 { self.opts.chunk_bytes } else { CHUNK };
        let mut tmp = vec![0u8; chunk];
        self.part.bytes += buf.len() as u64;
        if let Some(p) = &self.opts.progress {
            p(buf.len() as u64);
        }
        loop {
            // Fill up to a chunk beyond what is carried.
            if !eof {
                eof = self.fill(rest.as_mut(), &mut buf, &mut tmp, chunk, gzip);
            }
            if skipping_long {
                // Drop the rest of an over-long line.
                match memchr::memchr(b'\n', &buf) {
                    Some(i) => {
                        offset += i as u64 + 1;
                        buf.drain(..=i);
                        skipping_long = false;
                    }
                    None => {
                        offset += buf.len() as u64;
                        buf.clear();
                        if eof {
                            return;
                        }
                        continue;
                    }
                }
            }
            if buf.is_empty() && eof {
                return;
            }
            let cut_at = match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None if eof => buf.len(),
                None if buf.len() >= MAX_LINE => {
                    // One line longer than we search: take its first MAX_LINE bytes as a line.
                    self.part.long_lines.push(self.line_no + 1);
                    skipping_long = true;
                    buf.len()
                }
                None => {
                    // Keep reading until the line ends.
                    let before = buf.len();
                    let want = (buf.len() + chunk.max(buf.len())).min(MAX_LINE);
                    if !eof {
                        eof = self.fill(rest.as_mut(), &mut buf, &mut tmp, want, gzip);
                    }
                    if buf.len() == before && eof {
                        buf.len()
                    } else {
                        continue;
                    }
                }
            };
            let go_on = self.region(&buf[..cut_at], offset, limit);
            offset += cut_at as u64;
            buf.drain(..cut_at);
            if !go_on || (eof && buf.is_empty() && !skipping_long) {
                return;
            }
        }
    }

    /// Read into `buf` until it holds `want` bytes or the input ends; true at the end (a read
    /// error ends the input too, and is reported).
    fn fill(&mut self, rest: &mut dyn Read, buf: &mut Vec<u8>, tmp: &mut [u8], want: usize, gzip: bool) -> bool {
        if self.opts.cancel.as_ref().is_some_and(|c| c()) {
            self.part.error = Some(format!("read stopped after line {}: the run was cancelled", self.line_no));
            return true;
        }
        while buf.len() < want {
            match rest.read(tmp) {
                Ok(0) => return true,
                Ok(n) => {
                    buf.extend_from_slice(&tmp[..n]);
                    self.part.bytes += n as u64;
                    if let Some(p) = &self.opts.progress {
                        p(n as u64);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.part.error = Some(format!(
                        "read stopped after line {}: {}{}",
                        self.line_no,
                        input::io_message(&e),
                        if gzip { " (truncated or corrupt gzip?)" } else { "" }
                    ));
                    return true;
                }
            }
        }
        false
    }

    /// Handle the complete lines of `region` (which starts at stream offset `base`). Returns
    /// false once a line starts at or past `limit`.
    fn region(&mut self, region: &[u8], base: u64, limit: Option<u64>) -> bool {
        let plan = self.plan;
        if plan.lr.structured() {
            self.records(region);
            return true;
        }
        self.cands.clear();
        if plan.literal_applies {
            for lits in self.pf.exact.iter().chain(self.pf.folded.iter()) {
                // Find a candidate line with the fast automaton, name every literal on it with
                // the overlapping one, then go on from the end of that line.
                let mut pos = 0;
                while pos < region.len() {
                    let Some(m) = lits.find.find(aho_corasick::Input::new(region).range(pos..)) else { break };
                    let s = m.start();
                    let ls = memchr::memrchr(b'\n', &region[..s]).map_or(0, |i| i + 1);
                    let le = memchr::memchr(b'\n', &region[s..]).map_or(region.len(), |i| s + i);
                    for m2 in lits.all.find_overlapping_iter(&region[ls..le]) {
                        for &g in &lits.owners[m2.pattern().as_usize()] {
                            if plan.applies[g] {
                                self.cands.push((ls, g));
                            }
                        }
                    }
                    pos = le + 1;
                }
            }
            self.cands.sort_unstable();
            self.cands.dedup();
        }
        let any_fallback = !plan.fallback.is_empty();
        let mut ci = 0;
        let mut s = 0usize;
        let mut last_rec: Option<(usize, usize)> = None;
        let cands = std::mem::take(&mut self.cands);
        let mut iter = memchr::memchr_iter(b'\n', region);
        loop {
            let e = match iter.next() {
                Some(e) => e,
                None if s < region.len() => region.len(),
                None => break,
            };
            if let Some(lim) = limit {
                if base + s as u64 >= lim {
                    self.end_region(region, last_rec);
                    self.cands = cands;
                    return false;
                }
            }
            self.line_no += 1;
            self.part.lines += 1;
            let line = strip_eol(&region[s..e]);
            let is_rec = plan.lr.starts_record(line);
            if line.is_empty() {
            } else if is_rec {
                self.part.events += 1;
                if self.part.first_rec.is_none() {
                    self.part.first_rec = Some(line.to_vec());
                }
                last_rec = Some((s, s + line.len()));
            } else {
                self.part.skipped += 1;
            }
            // The symptoms to check on this line: the automaton's, then literal-less ones the
            // regex set (or, without a set, nothing) lets through. No allocation per line.
            self.line_cands.clear();
            while ci < cands.len() && cands[ci].0 == s {
                self.line_cands.push(cands[ci].1);
                ci += 1;
            }
            if any_fallback && !line.is_empty() {
                let add = |g: usize, v: &mut Vec<usize>| {
                    if plan.applies[g] && !v.contains(&g) {
                        v.push(g);
                    }
                };
                match &self.pf.fallback_set {
                    // The set's patterns are in `pf.fallback` order.
                    Some(set) => set.matches(line).iter().for_each(|k| add(self.pf.fallback[k], &mut self.line_cands)),
                    None => plan.fallback.iter().for_each(|&g| add(g, &mut self.line_cands)),
                }
            }
            if !self.line_cands.is_empty() {
                let prev = self.prev_rec.take();
                let rec: Option<&[u8]> = if is_rec {
                    None
                } else {
                    match last_rec {
                        Some((a, b)) => Some(&region[a..b]),
                        None => prev.as_deref(),
                    }
                };
                let unresolved = !is_rec && last_rec.is_none() && prev.is_none() && self.starts_mid_file;
                let lc = std::mem::take(&mut self.line_cands);
                self.line(line, rec, unresolved, &lc);
                self.line_cands = lc;
                self.prev_rec = prev;
            }
            s = e + 1;
            if e == region.len() {
                break;
            }
        }
        self.end_region(region, last_rec);
        self.cands = cands;
        true
    }

    /// JSON Lines and CSV: each record is parsed, rendered as the line(s) its format's `text`
    /// says, and those lines go through the same prefilter and symptoms as plain lines. (The
    /// raw bytes are not prefiltered: escaping in JSON and CSV changes quoted text.)
    fn records(&mut self, region: &[u8]) {
        let plan = self.plan;
        let csv = plan.lr.format.is_some_and(|f| f.kind == crate::structured::Kind::Csv);
        let mut s = 0usize;
        for e in memchr::memchr_iter(b'\n', region).chain(std::iter::once(region.len())) {
            if s > region.len() || (e == region.len() && s == region.len()) {
                break;
            }
            let line = strip_eol(&region[s..e]);
            s = e + 1;
            self.line_no += 1;
            self.part.lines += 1;
            if csv {
                // A quoted field may hold newlines: gather lines until the quotes balance.
                if self.pending.is_empty() {
                    self.pending_line = self.line_no;
                } else {
                    self.pending.push(b'\n');
                }
                self.pending.extend_from_slice(line);
                self.pending_quotes += memchr::memchr_iter(b'"', line).count();
                if crate::structured::csv_open(self.pending_quotes) {
                    continue;
                }
                let rec = std::mem::take(&mut self.pending);
                self.pending_quotes = 0;
                let at = self.pending_line;
                self.record(&rec, at);
            } else if !line.is_empty() {
                let at = self.line_no;
                self.record(line, at);
            }
        }
    }

    fn record(&mut self, raw: &[u8], at: u64) {
        let plan = self.plan;
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let text = String::from_utf8_lossy(raw);
        let Some(parsed) = plan.lr.parse(&text) else {
            self.part.skipped += 1;
            return;
        };
        self.part.events += 1;
        if self.part.first_rec.is_none() {
            self.part.first_rec = Some(raw.to_vec());
        }
        self.part.last_rec = Some(raw.to_vec());
        self.prev_rec = Some(raw.to_vec());
        for rendered in plan.lr.render(&text, &parsed) {
            let mut gs: Vec<usize> = Vec::new();
            for lits in self.pf.exact.iter().chain(self.pf.folded.iter()) {
                for m in lits.all.find_overlapping_iter(rendered.as_bytes()) {
                    for &g in &lits.owners[m.pattern().as_usize()] {
                        if plan.applies[g] && !gs.contains(&g) {
                            gs.push(g);
                        }
                    }
                }
            }
            match &self.pf.fallback_set {
                Some(set) => set.matches(rendered.as_bytes()).iter().for_each(|k| {
                    let g = self.pf.fallback[k];
                    if plan.applies[g] && !gs.contains(&g) {
                        gs.push(g);
                    }
                }),
                None => plan.fallback.iter().for_each(|&g| {
                    if !gs.contains(&g) {
                        gs.push(g);
                    }
                }),
            }
            if gs.is_empty() {
                continue;
            }
            let keep = self.line_no;
            self.line_no = at;
            let mut l = LineCtx {
                text: &rendered,
                rec: None,
                unresolved: false,
                parsed: Some(Some(parsed.clone())),
                rec_time: None,
                counted_bad: !matches!(text, std::borrow::Cow::Owned(_)),
                counted_time: false,
            };
            for &g in &gs {
                self.symptom(g, &mut l);
                self.part.cost.entry(g).or_default().0 += 1;
            }
            self.line_no = keep;
        }
    }

    /// Remember the last record of a region: the next region's continuation lines (and the
    /// next part of a split file) take their time from it.
    fn end_region(&mut self, region: &[u8], last_rec: Option<(usize, usize)>) {
        if let Some((a, b)) = last_rec {
            self.prev_rec = Some(region[a..b].to_vec());
        }
        self.part.last_rec.clone_from(&self.prev_rec);
    }

    /// Check one candidate line against its symptoms.
    fn line(&mut self, line: &[u8], rec: Option<&[u8]>, unresolved: bool, gs: &[usize]) {
        let text = String::from_utf8_lossy(line);
        // Parsed once per line, whatever the number of symptoms: the line, and the record a
        // continuation line belongs to.
        let mut l = LineCtx {
            text: &text,
            rec,
            unresolved,
            parsed: None,
            rec_time: None,
            // Count a line with invalid UTF-8 once, however many symptoms it matches.
            counted_bad: !matches!(text, std::borrow::Cow::Owned(_)),
            counted_time: false,
        };
        for &g in gs {
            let t0 = self.opts.profile.then(std::time::Instant::now);
            self.symptom(g, &mut l);
            let c = self.part.cost.entry(g).or_default();
            c.0 += 1;
            if let Some(t0) = t0 {
                c.1 += t0.elapsed().as_nanos() as u64;
            }
        }
    }

    fn symptom(&mut self, g: usize, l: &mut LineCtx) {
        let text = l.text;
        let sref = self.pf.symptoms[g];
        let sym = &self.rules[sref.rule].symptoms[sref.symptom];
        let caps = match &sym.regex {
            Some(re) => match re.captures(text) {
                Some(c) => Some(c),
                None => {
                    self.reject(g, text, || "the regex did not match".into());
                    return;
                }
            },
            None => {
                // `contains` only: the prefilter found a literal, possibly only a part of a
                // non-ASCII text, or folded: check the texts as the rule wrote them.
                let hit = if sym.contains_ci {
                    let low = text.to_lowercase();
                    sym.contains.iter().any(|l| low.contains(l.as_str()))
                } else {
                    sym.contains.iter().any(|l| text.contains(l.as_str()))
                };
                if !hit {
                    return;
                }
                None
            }
        };
        let lr = &self.plan.lr;
        let p = l.parsed.get_or_insert_with(|| lr.parse(text));
        let mut fields = self.plan.base_fields.clone();
        let mut time = None;
        if let Some(p) = p {
            fields.extend(p.fields.iter().map(|(k, v)| (k.clone(), crate::event::cut_field(v))));
            time = p.time;
        }
        if time.is_none() {
            if let Some(r) = l.rec {
                // A continuation line: it happened at the time of the record it belongs to.
                time = *l.rec_time.get_or_insert_with(|| lr.parse(&String::from_utf8_lossy(r)).and_then(|p| p.time));
            }
        }
        let first_look = !l.counted_time;
        l.counted_time = true;
        match time {
            _ if !first_look => {}
            None if self.plan.lr.starts_record(text.as_bytes()) => {
                self.part.untimed.0 += 1;
                if self.part.untimed.1 == 0 {
                    self.part.untimed.1 = self.line_no;
                }
            }
            Some(t) if t.dst => {
                self.part.dst.0 += 1;
                if self.part.dst.1 == 0 {
                    self.part.dst.1 = self.line_no;
                }
            }
            _ => {}
        }
        if first_look && time.is_some_and(|t| t.assumed) && !self.opts.zone_given {
            self.part.assumed.0 += 1;
            if self.part.assumed.1 == 0 {
                self.part.assumed.1 = self.line_no;
            }
        }
        if let (Some(c), Some(re)) = (&caps, &sym.regex) {
            for n in re.capture_names().flatten() {
                if let Some(m) = c.name(n) {
                    if !m.as_str().is_empty() {
                        fields.insert(n.to_string(), crate::event::cut_field(m.as_str()));
                    }
                }
            }
        }
        // A field the line does not have is tested as empty: `where: {workflow: '^(mcSync_|$)'}`
        // accepts a line without a workflow name, `'^mcSync_'` does not.
        if let Some((f, re)) = sym.where_.iter().find(|(f, re)| !re.is_match(fields.get(f).map_or("", String::as_str)))
        {
            self.reject(g, text, || match fields.get(f) {
                Some(v) => format!("where.{f}: '{v}' does not match {}", re.as_str()),
                None => format!("where.{f}: the line has no field '{f}'"),
            });
            return;
        }
        if !l.counted_bad {
            self.part.bad_utf8 += 1;
            l.counted_bad = true;
        }
        let ev = Event { input: self.index, line: self.line_no, time, text: cut(text), fields };
        let kept = self.kept.entry(g).or_default();
        if *kept < MAX_EVENTS / 2 {
            *kept += 1;
            if l.unresolved && time.is_none() {
                self.part.unresolved.push(self.part.hits.len());
            }
            self.part.hits.push((g, ev));
        } else {
            // Past the first half: keep a ring of the latest events, count the rest.
            let ring = self.last.entry(g).or_default();
            ring.push_back(ev);
            if ring.len() > MAX_EVENTS / 2 {
                ring.pop_front();
                *self.part.dropped.entry(g).or_default() += 1;
            }
        }
    }

    fn reject(&mut self, g: usize, text: &str, why: impl FnOnce() -> String) {
        if !self.opts.keep_rejects {
            return;
        }
        let e = self.part.rejects.entry(g).or_default();
        e.0 += 1;
        if e.1.len() < KEEP_REJECTS {
            e.1.push(Reject { input: self.index, line: self.line_no, text: cut(text), why: why() });
        }
    }
}

/// Put the parts of one input back together: line numbers offset by the parts before, times of
/// continuation lines at a part's start taken from the part before, warnings gathered.
fn finish(p: Prepared, parts: Vec<Part>, input: &Input, index: usize, rules: &[Rule], pf: &Prefilter) -> Scanned {
    let (plan, ranges, mut warnings, early_error) = match p {
        Prepared::Done(s) => {
            return Scanned { summary: *s, hits: Vec::new(), rejects: BTreeMap::new(), cost: BTreeMap::new() }
        }
        Prepared::Ready { plan, ranges, warnings, early_error, .. } => (plan, ranges, warnings, early_error),
    };
    let lr = &plan.lr;
    let time_of =
        |rec: &Option<Vec<u8>>| rec.as_ref().and_then(|r| lr.parse(&String::from_utf8_lossy(r))).and_then(|p| p.time);
    let mut hits: Vec<(SymRef, Event)> = Vec::new();
    let mut rejects: BTreeMap<SymRef, (u64, Vec<Reject>)> = BTreeMap::new();
    let mut cost: BTreeMap<SymRef, (u64, u64)> = BTreeMap::new();
    let mut dropped: BTreeMap<usize, u64> = BTreeMap::new();
    // Per global symptom, the kept events in line order (each part kept its own first and
    // last halves of the cap; the input keeps the first and last halves of all of them, so the
    // result does not depend on how the input was split or where it came from).
    let mut per_symptom: BTreeMap<usize, Vec<Event>> = BTreeMap::new();
    let (mut lines, mut events, mut skipped, mut bytes, mut bad) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let (mut untimed, mut dst, mut assumed) = ((0u64, 0u64), (0u64, 0u64), (0u64, 0u64));
    let mut first = None;
    let mut prev_rec: Option<Vec<u8>> = None;
    let mut last_rec: Option<Vec<u8>> = None;
    for mut part in parts {
        let offset = lines;
        let carried = time_of(&prev_rec);
        for &k in &part.unresolved {
            part.hits[k].1.time = carried;
        }
        for (g, mut e) in part.hits {
            e.line += offset;
            e.input = index;
            per_symptom.entry(g).or_default().push(e);
        }
        for (g, (n, mut kept)) in part.rejects {
            let slot = rejects.entry(pf.symptoms[g]).or_default();
            slot.0 += n;
            for r in &mut kept {
                r.line += offset;
                r.input = index;
            }
            slot.1.extend(kept);
        }
        for (g, (n, ns)) in part.cost {
            let c = cost.entry(pf.symptoms[g]).or_default();
            c.0 += n;
            c.1 += ns;
        }
        for (g, n) in part.dropped {
            *dropped.entry(g).or_default() += n;
        }
        for l in &part.long_lines {
            warnings.push(format!(
                "line {} is longer than {} MiB: only its start was searched",
                l + offset,
                MAX_LINE >> 20
            ));
        }
        if let Some(e) = part.error {
            warnings.push(e);
        }
        if first.is_none() {
            first = time_of(&part.first_rec);
        }
        if part.last_rec.is_some() {
            last_rec = part.last_rec.clone();
            prev_rec = part.last_rec;
        }
        for (acc, got) in [(&mut untimed, part.untimed), (&mut dst, part.dst), (&mut assumed, part.assumed)] {
            if got.0 > 0 && acc.0 == 0 {
                acc.1 = got.1 + offset;
            }
            acc.0 += got.0;
        }
        lines += part.lines;
        events += part.events;
        skipped += part.skipped;
        bytes += part.bytes;
        bad += part.bad_utf8;
    }
    for (g, mut evs) in per_symptom {
        if evs.len() > MAX_EVENTS {
            let extra = evs.len() - MAX_EVENTS;
            evs.drain(MAX_EVENTS / 2..MAX_EVENTS / 2 + extra);
            *dropped.entry(g).or_default() += extra as u64;
        }
        hits.extend(evs.into_iter().map(|e| (pf.symptoms[g], e)));
    }
    if ranges.len() > 1 {
        if let Origin::File(path) = &input.origin {
            bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(bytes);
        }
    }
    for (g, n) in dropped {
        let s = pf.symptoms[g];
        warnings.push(format!(
            "symptom '{}' of rule {} matched {} more lines than the {} kept (the first and last {}); counts and correlations see only the kept ones",
            rules[s.rule].symptoms[s.symptom].name,
            rules[s.rule].id,
            n,
            MAX_EVENTS,
            MAX_EVENTS / 2
        ));
    }
    if let Some(e) = early_error {
        warnings.push(format!("read stopped after line {lines}: {e}"));
    }
    if bytes == 0 {
        warnings.push("empty file".into());
    }
    if untimed.0 > 0 {
        warnings.push(format!(
            "{} matching line(s) start like a record but have no readable time (first: line {}); they cannot be correlated",
            untimed.0, untimed.1
        ));
    }
    if assumed.0 > 0 {
        warnings.push(format!(
            "{} matching line(s) have times without a zone (first: line {}), read as UTC; if this log was written in another zone, say which with --tz ZONE or --tz {}=ZONE",
            assumed.0,
            assumed.1,
            plan.lr.id()
        ));
    }
    if dst.0 > 0 {
        warnings.push(format!(
            "{} matching line(s) have a local time that a DST change makes ambiguous or skips (first: line {}): read as the earlier instant, or with the offset before the gap",
            dst.0, dst.1
        ));
    }
    // Times that go backwards within a file (clock changes, merged files): the events are
    // sorted by time anyway, but say so.
    let mut by_line: Vec<(u64, i64)> = hits.iter().filter_map(|(_, e)| e.time.map(|t| (e.line, t.utc_ms))).collect();
    by_line.sort_unstable();
    by_line.dedup();
    let mut high: Option<(u64, i64)> = None;
    let mut back = (0u64, None);
    for &(line, t) in &by_line {
        match high {
            Some((hl, ht)) if t + 1000 < ht => {
                back.0 += 1;
                back.1.get_or_insert((line, t, hl, ht));
            }
            Some((_, ht)) if t <= ht => {}
            _ => high = Some((line, t)),
        }
    }
    if let (n, Some((l, t, hl, ht))) = back {
        warnings.push(format!(
            "time goes backwards at {n} matching line(s): line {l} ({}) comes after line {hl} ({}); events are ordered by time",
            crate::time::rfc3339(t),
            crate::time::rfc3339(ht)
        ));
    }
    if bad > 0 {
        warnings.push(format!("{bad} matching line(s) had invalid UTF-8 bytes (shown as U+FFFD)"));
    }
    if plan.lr.format.is_none() && events == 0 && lines > 0 {
        warnings.push("no known log format and no timestamps recognised; lines were searched without times".into());
    }
    // The span: the earliest and latest of the first record, the last record and every event
    // (a journal pasted from a console runs newest first; times of other lines are not parsed).
    let ends = [first.map(|t| t.utc_ms), time_of(&last_rec).map(|t| t.utc_ms)];
    let times = || ends.iter().flatten().copied().chain(hits.iter().filter_map(|(_, e)| e.time.map(|t| t.utc_ms)));
    let (first, last) = (times().min(), times().max());
    hits.sort_by_key(|a| (a.0, a.1.key()));
    Scanned {
        summary: InputSummary {
            path: input.display.clone(),
            format: plan.lr.id().to_string(),
            role: plan.role.clone(),
            events,
            bytes,
            first,
            last,
            skipped,
            lines,
            warnings,
            readable: true,
            yearless: plan.lr.yearless(),
        },
        hits,
        rejects,
        cost,
    }
}
