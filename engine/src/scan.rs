//! Inputs → candidate events. One pass per file: a case-insensitive multi-literal automaton
//! (built once from every symptom's literals) picks candidate lines; only those are decoded,
//! matched against the symptom's regex and parsed for time and fields.

use crate::event::{cut, Event, SymRef};
use crate::format::{self, LineReader};
use crate::input::{self, Input};
use crate::pack::{Format, Rule};
use crate::time::Zone;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use std::io::BufRead;

/// How many lines are sampled to choose a format.
const SNIFF_LINES: usize = 30;

/// What the scanner needs to know about every symptom of every rule, built once per run.
pub struct Prefilter {
    symptoms: Vec<SymRef>,
    ac: Option<AhoCorasick>,
    /// For each automaton pattern: the symptoms (global indexes) that own that literal.
    owners: Vec<Vec<usize>>,
    /// Symptoms without a usable literal: checked on every line of their sources.
    fallback: Vec<usize>,
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut symptoms = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut fallback = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (si, s) in r.symptoms.iter().enumerate() {
                let g = symptoms.len();
                symptoms.push(SymRef { rule: ri, symptom: si });
                if s.literals.is_empty() {
                    fallback.push(g);
                }
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
        let ac = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&patterns).ok()
        };
        Prefilter { symptoms, ac, owners, fallback }
    }

    /// The literals and the symptoms that own them (for `explain --compiled`).
    pub fn symptom_count(&self) -> usize {
        self.symptoms.len()
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
}

/// A candidate line (it held a symptom's literal) that the symptom turned down.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Reject {
    #[serde(skip)]
    pub input: usize,
    pub line: u64,
    pub text: String,
    pub why: String,
}

/// How many rejects are kept per symptom and input (all are counted).
const KEEP_REJECTS: usize = 5;

/// What one input gave: its summary (for `inputs[]`) and its candidate events.
pub struct Scanned {
    pub summary: InputSummary,
    pub hits: Vec<(SymRef, Event)>,
    /// Only with `keep_rejects`: a few turned-down lines per symptom, and the count of all.
    pub rejects: BTreeMap<SymRef, (u64, Vec<Reject>)>,
}

/// One entry of the report's `inputs`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputSummary {
    pub path: String,
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub events: u64,
    pub bytes: u64,
    #[serde(serialize_with = "ser_time")]
    pub first: Option<i64>,
    #[serde(serialize_with = "ser_time")]
    pub last: Option<i64>,
    pub skipped: u64,
    pub warnings: Vec<String>,
    /// False when the input could not be read at all (then it counts as absent).
    #[serde(skip)]
    pub readable: bool,
}

fn ser_time<S: serde::Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(ms) => s.serialize_str(&crate::time::rfc3339(*ms)),
        None => s.serialize_none(),
    }
}

impl InputSummary {
    fn unreadable(input: &Input, warning: String) -> InputSummary {
        InputSummary {
            path: input.display.clone(),
            format: "none".into(),
            role: None,
            events: 0,
            bytes: 0,
            first: None,
            last: None,
            skipped: 0,
            warnings: vec![warning],
            readable: false,
        }
    }
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

/// Scan one input.
pub fn scan(
    input: &Input,
    index: usize,
    rules: &[Rule],
    formats: &[Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Scanned {
    let opened = match input::open(input) {
        Ok(o) => o,
        Err(w) => {
            return Scanned { summary: InputSummary::unreadable(input, w), hits: Vec::new(), rejects: BTreeMap::new() }
        }
    };
    let mut reader = opened.reader;
    let mut warnings = opened.warnings;
    let mut bytes: u64 = 0;

    // Sample the first lines to choose a format.
    let mut sample_raw: Vec<Vec<u8>> = Vec::new();
    let mut read_error = None;
    while sample_raw.len() < SNIFF_LINES {
        let mut buf = Vec::new();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) => {
                bytes += n as u64;
                sample_raw.push(buf);
            }
            Err(e) => {
                read_error = Some(e);
                break;
            }
        }
    }
    if sample_raw.iter().any(|l| l.contains(&0)) {
        let mut s = InputSummary::unreadable(input, "binary file (NUL bytes in its first lines); skipped".into());
        s.bytes = bytes;
        s.format = "binary".into();
        return Scanned { summary: s, hits: Vec::new(), rejects: BTreeMap::new() };
    }
    let name = input::base_name(&input.display);
    let sample: Vec<String> = sample_raw.iter().map(|l| String::from_utf8_lossy(strip_eol(l)).into_owned()).collect();
    let chosen = format::choose(formats, name, &sample);
    let zone = chosen
        .and_then(|f| opts.zone_by_format.get(&f.id))
        .or_else(|| opts.zone_by_format.get(format::GENERIC).filter(|_| chosen.is_none()))
        .cloned()
        .unwrap_or_else(|| opts.zone.clone());
    let lr = LineReader { format: chosen, zone };
    let role = chosen.and_then(|f| format::role(f, name)).map(str::to_string);
    let base_fields = format::path_fields(chosen, name);

    // Which symptoms read this input.
    let applies: Vec<bool> = pf
        .symptoms
        .iter()
        .map(|s| {
            let sym = &rules[s.rule].symptoms[s.symptom];
            sym.sources.is_empty() || sym.sources.iter().any(|sel| sel.accepts(lr.id(), role.as_deref()))
        })
        .collect();
    let fallback: Vec<usize> = pf.fallback.iter().copied().filter(|&g| applies[g]).collect();
    let any_applies = applies.iter().any(|&a| a);

    let mut st = State {
        lr: &lr,
        rules,
        pf,
        applies: &applies,
        fallback: &fallback,
        base_fields: &base_fields,
        index,
        hits: Vec::new(),
        events: 0,
        skipped: 0,
        first: None,
        last_start: Vec::new(),
        last_time: None,
        cand: Vec::new(),
        bad_utf8: 0,
        keep_rejects: opts.keep_rejects,
        rejects: BTreeMap::new(),
    };
    let mut lineno: u64 = 0;
    for raw in sample_raw {
        lineno += 1;
        st.line(raw, lineno, any_applies);
    }
    if read_error.is_none() {
        let mut buf = Vec::with_capacity(4096);
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    bytes += n as u64;
                    lineno += 1;
                    buf = st.line(std::mem::take(&mut buf), lineno, any_applies);
                }
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
    }
    if let Some(e) = read_error {
        warnings.push(format!(
            "read stopped after line {lineno}: {}{}",
            input::io_message(&e),
            if opened.gzip { " (truncated or corrupt gzip?)" } else { "" }
        ));
    }
    if st.bad_utf8 > 0 {
        warnings.push(format!("{} candidate line(s) had invalid UTF-8 bytes (shown as �)", st.bad_utf8));
    }
    if chosen.is_none() && st.events == 0 && lineno > 0 {
        warnings.push("no known log format and no timestamps recognised; lines were searched without times".into());
    }
    // The time of the last record.
    let last = if st.last_start.is_empty() {
        None
    } else {
        lr.parse(&String::from_utf8_lossy(strip_eol(&st.last_start))).and_then(|p| p.time).map(|t| t.utc_ms)
    };
    let last = match (last, st.last_time) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let mut hits = st.hits;
    hits.sort_by_key(|(s, e)| (*s, e.key()));
    Scanned {
        rejects: st.rejects,
        summary: InputSummary {
            path: input.display.clone(),
            format: lr.id().to_string(),
            role,
            events: st.events,
            bytes,
            first: st.first,
            last,
            skipped: st.skipped,
            warnings,
            readable: true,
        },
        hits,
    }
}

struct State<'a> {
    lr: &'a LineReader<'a>,
    rules: &'a [Rule],
    pf: &'a Prefilter,
    applies: &'a [bool],
    fallback: &'a [usize],
    base_fields: &'a BTreeMap<String, String>,
    index: usize,
    hits: Vec<(SymRef, Event)>,
    events: u64,
    skipped: u64,
    first: Option<i64>,
    /// The last line that started a record (its time serves continuation lines).
    last_start: Vec<u8>,
    last_time: Option<i64>,
    cand: Vec<usize>,
    bad_utf8: u64,
    keep_rejects: bool,
    rejects: BTreeMap<SymRef, (u64, Vec<Reject>)>,
}

impl State<'_> {
    /// Handle one line; returns a buffer for the next read (the scanner swaps buffers rather
    /// than copying lines).
    fn line(&mut self, raw: Vec<u8>, lineno: u64, any_applies: bool) -> Vec<u8> {
        let line = strip_eol(&raw);
        if line.is_empty() {
            return raw;
        }
        let starts = LineReader::starts_record(line);
        if starts {
            self.events += 1;
            if self.first.is_none() {
                if let Some(t) = self.lr.parse(&String::from_utf8_lossy(line)).and_then(|p| p.time) {
                    self.first = Some(t.utc_ms);
                }
            }
        } else {
            self.skipped += 1;
        }
        if any_applies {
            self.candidates(line, lineno);
        }
        if starts {
            std::mem::replace(&mut self.last_start, raw)
        } else {
            raw
        }
    }

    fn candidates(&mut self, line: &[u8], lineno: u64) {
        self.cand.clear();
        if let Some(ac) = &self.pf.ac {
            for m in ac.find_overlapping_iter(line) {
                for &g in &self.pf.owners[m.pattern().as_usize()] {
                    if self.applies[g] && !self.cand.contains(&g) {
                        self.cand.push(g);
                    }
                }
            }
        }
        for &g in self.fallback {
            if !self.cand.contains(&g) {
                self.cand.push(g);
            }
        }
        if self.cand.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(line);
        let mut parsed: Option<Option<crate::format::Parsed>> = None;
        let mut counted_bad = false;
        let cand = std::mem::take(&mut self.cand);
        for &g in &cand {
            let sref = self.pf.symptoms[g];
            let sym = &self.rules[sref.rule].symptoms[sref.symptom];
            let caps = match &sym.regex {
                Some(re) => match re.captures(&text) {
                    Some(c) => Some(c),
                    None => {
                        self.reject(sref, lineno, &text, || "the regex did not match".into());
                        continue;
                    }
                },
                None => None,
            };
            let p = parsed.get_or_insert_with(|| self.lr.parse(&text));
            let mut fields = self.base_fields.clone();
            let mut time = None;
            if let Some(p) = p {
                fields.extend(p.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                time = p.time;
            }
            if time.is_none() && !self.last_start.is_empty() {
                // A continuation line: it happened at the time of the record it belongs to.
                time = self.lr.parse(&String::from_utf8_lossy(strip_eol(&self.last_start))).and_then(|p| p.time);
            }
            if let (Some(c), Some(re)) = (&caps, &sym.regex) {
                for n in re.capture_names().flatten() {
                    if let Some(m) = c.name(n) {
                        if !m.as_str().is_empty() {
                            fields.insert(n.to_string(), m.as_str().to_string());
                        }
                    }
                }
            }
            if let Some((f, re)) = sym.where_.iter().find(|(f, re)| !fields.get(f).is_some_and(|v| re.is_match(v))) {
                self.reject(sref, lineno, &text, || match fields.get(f) {
                    Some(v) => format!("where.{f}: '{v}' does not match {}", re.as_str()),
                    None => format!("where.{f}: the line has no field '{f}'"),
                });
                continue;
            }
            if !counted_bad && matches!(text, std::borrow::Cow::Owned(_)) {
                self.bad_utf8 += 1;
                counted_bad = true;
            }
            if let Some(t) = time {
                self.last_time = Some(self.last_time.map_or(t.utc_ms, |l| l.max(t.utc_ms)));
            }
            self.hits.push((sref, Event { input: self.index, line: lineno, time, text: cut(&text), fields }));
        }
        self.cand = cand;
    }

    fn reject(&mut self, sref: SymRef, line: u64, text: &str, why: impl FnOnce() -> String) {
        if !self.keep_rejects {
            return;
        }
        let e = self.rejects.entry(sref).or_default();
        e.0 += 1;
        if e.1.len() < KEEP_REJECTS {
            e.1.push(Reject { input: self.index, line, text: cut(text), why: why() });
        }
    }
}
