//! Inputs → candidate events, in one pass per file.
//!
//! A file is read in large chunks (no per-line allocation, no mmap of live logs). Two
//! multi-literal automatons built once from every symptom's literals (exact ones, and the few
//! that ignore ASCII case) run over each chunk; only the lines it hits are located, numbered, decoded, matched against their
//! symptom's regex and parsed for time and fields. Large plain files are split at line
//! boundaries and scanned in parallel; the results do not depend on how the work was split.
//!
//! One job per module, in the order the bytes flow: `options` (what is asked), `prefilter`
//! (which lines are candidates), `plan` (one input's format, role, ranges and warnings), `read`
//! (chunks, decompression), `decode` (line ends, UTF-16), `lines` (candidate lines, records and
//! continuations), `matching` (a line against a symptom, the event sink and its cap), `merge`
//! (the parts of one input back together, its summary). This file runs them: `scan_all`.

use crate::event::{cut, Event, SymRef};
use crate::format::{self, LineReader};
use crate::input::{self, Input, Origin};
use crate::pack::{Format, Rule};
pub use crate::report::InputSummary;
use crate::time::Zone;
use crate::warning::{Code, Warning};
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
/// Lines whose text is kept with their event, per symptom and stretch of an input: enough for
/// the evidence printed by default and for texts that quote a line. Every event is kept; the
/// text of the others is read again from the input when it is printed.
pub const TEXT_KEPT: usize = 64;

mod decode;
mod gaps;
pub use gaps::gap_around;
mod lines;
mod matching;
mod merge;
mod options;
mod plan;
mod prefilter;
mod read;
mod reread;
mod sampled;
mod spans;
mod trigrams;

use decode::*;
use merge::finish;
pub use options::{names_input, Assign, ScanOptions};
use plan::*;
pub use prefilter::Prefilter;
pub use reread::{fill_texts, read_again};

pub use crate::event::Reject;

/// How many rejects are kept per symptom and input (all are counted).
const KEEP_REJECTS: usize = 5;

/// Lines of symptoms that could not read an input ([`Scanned::unread`]).
pub type Unread = BTreeMap<(usize, usize), u64>;

/// What one input gave: its summary (for `inputs[]`) and its candidate events.
pub struct Scanned {
    pub summary: InputSummary,
    /// Per symptom that matched, its events in time order (see [`Event::key`]): one list per
    /// symptom, so the run takes a list whole where one input holds all of a symptom's events.
    pub hits: Vec<(SymRef, Vec<Event>)>,
    /// Only with `keep_rejects`: a few turned-down lines per symptom, and the count of all.
    pub rejects: BTreeMap<SymRef, (u64, Vec<Reject>)>,
    /// Per symptom, lines of its wording that its `where` turned away (another workflow's,
    /// another host's): always counted, so that a confirmation's silence can say the lines
    /// were there in another context rather than "worded differently".
    pub turned_away: BTreeMap<SymRef, u64>,
    /// Per symptom: candidate lines examined, and nanoseconds spent (with `profile`).
    pub cost: BTreeMap<SymRef, (u64, u64)>,
    /// Thread time per stage (with `profile`; zero otherwise).
    pub stages: Stages,
    /// With `mine`: the input's error and warning lines, by masked form.
    pub forms: crate::triage::Forms,
    /// Lines of a symptom that does not read this input although it could be such a log
    /// (pasted text of no known format, or a format's log with no role), a symptom its rule's
    /// verdict reads, on a line no symptom of the rule that reads the input took: the first line
    /// per (rule, symptom). Whatever their level: a line with no error word
    /// (`Start request repeated too quickly`) is what such a rule fires on.
    pub unread: Unread,
    /// How its lines were read (format id, zone, year reference), to read them again the
    /// same way (`gaps`); None for an input not read.
    pub reading: Option<Reading>,
}

/// How an input's lines were read: enough to make its [`LineReader`] again.
#[derive(Clone, Debug)]
pub struct Reading {
    pub format: Option<String>,
    pub zone: crate::time::Zone,
    pub year_ref: Option<i64>,
    pub month_first: bool,
}

impl Reading {
    /// The line reader this input was read with, to parse its lines again after the scan.
    pub fn line_reader<'a>(&self, formats: &'a [crate::pack::Format]) -> crate::format::LineReader<'a> {
        crate::format::LineReader {
            format: self.format.as_ref().and_then(|id| formats.iter().find(|f| &f.id == id)),
            zone: self.zone.clone(),
            year_ref: self.year_ref,
            month_first: self.month_first,
        }
    }
}

/// Where the scan's thread time went (`--profile`), in nanoseconds summed over threads: says
/// whether the literal search is the cost, or reading, line handling or the symptoms.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    /// Reading and decompressing (and decoding UTF-16).
    pub read_ns: u64,
    /// The literal search: finding lines with a literal and naming the literals on them.
    pub search_ns: u64,
    /// Walking the lines: numbering, records and continuation lines, literal-less symptoms'
    /// regex set.
    pub lines_ns: u64,
    /// The symptoms on their candidate lines: regex, fields, time, events.
    pub symptoms_ns: u64,
}

impl Stages {
    pub fn add(&mut self, o: &Stages) {
        self.read_ns += o.read_ns;
        self.search_ns += o.search_ns;
        self.lines_ns += o.lines_ns;
        self.symptoms_ns += o.symptoms_ns;
    }
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
    /// Does any literal of a symptom that reads this input, or of one in `unread`, exist?
    literal_applies: bool,
    /// Per global symptom: it does not read this input, which could be its log (pasted text,
    /// a log of its format with no role), and its rule requires it (see [`Scanned::unread`]).
    unread: Vec<bool>,
    /// Can the miner count lines by their shape (`triage::skeleton`)? Not when the format's
    /// line regex tells digits apart.
    shapes: bool,
    /// The user gave this input's zone (`--tz`, for it, its format or all): its times without
    /// a zone are then read in it without a warning.
    zoned: bool,
    /// Its numeric dates all read both ways (one of them): read day first for now.
    ambiguous_dates: Option<String>,
    /// A document (a Markdown or HTML page with front matter: a KB article, notes), not a
    /// log: no symptom reads it and nothing in it is mined.
    document: bool,
    /// For pasted text (generic, no known format): the known line formats whose fields a
    /// line of it may carry whole (a ticket with a sentence and one whole nlserver line is
    /// read as generic text, yet the line names its pid). An event's line that one of them
    /// matches gets the fields it names (hostile tester S: "names no pid" of such a line).
    quoted: Vec<&'a crate::pack::Format>,
}

/// What scanning one stretch of an input gave.
#[derive(Default)]
struct Part {
    hits: Vec<(usize, Event)>,
    rejects: BTreeMap<usize, (u64, Vec<Reject>)>,
    /// Per symptom, lines its `where` turned away (always counted).
    turned_away: BTreeMap<usize, u64>,
    cost: BTreeMap<usize, (u64, u64)>,
    stages: Stages,
    lines: u64,
    events: u64,
    /// Of `events`, JSON objects of a log no pack knows (records by their own keys, whose
    /// times only the miner and the input's span read).
    json_records: u64,
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
    /// The error is a device's bound (`input_bounded`), not a failed read.
    bounded: bool,
    /// Matching lines that start like a record but whose time could not be read (first line).
    untimed: (u64, u64),
    /// Matching lines whose local time fell in a DST change (first line).
    dst: (u64, u64),
    /// Matches in sentences that deny or point at them (`crate::prose`): how many, the first
    /// line, its cue words, the last line counted (a line of several symptoms counts once).
    denied: (u64, u64, String, u64),
    /// Matching lines whose time had no zone, read in an assumed one (first line).
    assumed: (u64, u64),
    /// With `mine`: error and warning lines by masked form (line numbers local to the part).
    forms: crate::triage::Forms,
    /// See [`Scanned::unread`] (line numbers local to the part).
    unread: Unread,
    /// CSV: lines read as part of no record (a start inside a quoted field, a record that does
    /// not parse): how many, and the first.
    csv_lost: (u64, u64),
    /// Runs of NUL bytes before a line's text (a hole left by a crash or an in-place
    /// truncation, read as zeros): NUL bytes skipped, lines they stood before, the first.
    nul_holes: (u64, u64, u64),
    /// Lines whose text has a NUL after each character (UTF-16 inside a file read as bytes):
    /// how many, and the first.
    nul_text: (u64, u64),
    /// A log (of a known format) whose last line has no line end, copied while it was written:
    /// that line's number and its first 300 bytes (it may be cut, and is not mined).
    cut_last: Option<(u64, String)>,
}

/// What one candidate line gives all its symptoms: its text, the record it continues, and the
/// parses done once for all of them.
struct LineCtx<'t> {
    text: &'t str,
    rec: Option<&'t [u8]>,
    /// A continuation line at the start of a split part: its time comes from the part before.
    unresolved: bool,
    parsed: Option<Option<format::Parsed>>,
    /// The symptoms this line is checked against (the fields their rules read are made).
    symptoms: &'t [usize],
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
    /// Events whose text was kept for good so far (the first ones), per global symptom ...
    kept: BTreeMap<usize, usize>,
    /// ... and the latest ones past them (indexes into `part.hits`), whose text is dropped
    /// when newer ones come.
    texts: BTreeMap<usize, VecDeque<usize>>,
    /// `distinct` symptoms: the values each has made an event for in this stretch.
    distinct_seen: BTreeMap<usize, Vec<String>>,
    /// The last record-start line before the current chunk.
    prev_rec: Option<Vec<u8>>,
    starts_mid_file: bool,
    cands: Vec<(usize, usize)>,
    /// Line starts and symptoms of `Plan::unread` found in the region, and how many are done.
    unread_cands: Vec<(usize, usize)>,
    unread_at: usize,
    line_cands: Vec<usize>,
    /// With `mine`: starts of the lines of the region holding an error word.
    mine_starts: Vec<usize>,
    /// With `mine`: the line shapes known so far, and whether the current region uses them.
    shapes: crate::triage::skeleton::Cache,
    /// First bytes of info lines (see `crate::settle`), the DFA states seen there, and how
    /// many regions to wait before checking them again where they were seldom found.
    info_starts: crate::triage::starts::InfoStarts,
    settle_seen: crate::settle::Seen,
    info_pause: u32,
    /// A hole of NULs longer than a line was dropped by the reader just before this region:
    /// NULs at its first line are the same run.
    nul_run_open: bool,
    /// The region being handled ends the input with a line that has no line end (set by
    /// `stream` before each region).
    ends_unterminated: bool,
    /// The last time the miner read in full (see `time::IsoMemo`).
    iso_memo: crate::time::IsoMemo,
    /// The time of the last record a continuation line asked for (`lines::Rec`): its stream
    /// offset (`u64::MAX`: `prev_rec`) and time.
    rec_time: Option<(u64, Option<i64>)>,
    /// Likewise whether that record's level field says it is no error or warning (`LOG:`,
    /// `INFO`): its continuation lines are then not mined (`lines::State::record_says_no_error`).
    rec_quiet: Option<(u64, bool)>,
    /// The line before was a frame of a Python traceback (`  File "x.py", line 3, in f`), and
    /// how deep it was indented: the deeper indented line after it is the frame's source line,
    /// no error line of its own.
    after_py_frame: Option<usize>,
    /// The time of the last line since the last record that is no line of the format but has
    /// its own time (`lines::State::own_time`): the lines that continue it (its stack trace)
    /// take it in the miner, rather than the format's record above it.
    own_since_rec: Option<i64>,
    /// Look-backs of `record_time` that found no timed record.
    walks_failed: u32,
    /// Capture ranges of the format's regex by line shape (candidate lines, `Plan::shapes`).
    spans: spans::SpanCache,
    /// Per global symptom, the capture slots its regex fills on each candidate line, made once
    /// (`Regex::captures` made and freed a set per line).
    locs: Vec<Option<regex::CaptureLocations>>,
    by_shape: bool,
    /// The format of `Plan::quoted` that last matched a line: tried first (a pasted log's lines
    /// are mostly of one format, and every format that fails costs a regex run).
    quoted_last: usize,
    /// Regions left before the cache is tried again after a region where it did not pay.
    shape_pause: u32,
    /// CSV: the record being gathered, and the lines lost.
    csv: lines::CsvState,
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
            texts: BTreeMap::new(),
            distinct_seen: BTreeMap::new(),
            prev_rec: None,
            starts_mid_file: false,
            cands: Vec::new(),
            unread_cands: Vec::new(),
            unread_at: 0,
            line_cands: Vec::new(),
            mine_starts: Vec::new(),
            shapes: crate::triage::skeleton::Cache::default(),
            iso_memo: crate::time::IsoMemo::default(),
            rec_time: None,
            rec_quiet: None,
            after_py_frame: None,
            own_since_rec: None,
            walks_failed: 0,
            info_starts: Default::default(),
            settle_seen: Default::default(),
            info_pause: 0,
            nul_run_open: false,
            ends_unterminated: false,
            spans: spans::SpanCache::default(),
            locs: Vec::new(),
            by_shape: false,
            quoted_last: 0,
            shape_pause: 0,
            csv: Default::default(),
        }
    }

    fn into_part(mut self) -> Part {
        self.csv_end();
        self.part.csv_lost = self.csv.lost;
        self.part
    }
}

/// Scan every input, in parallel; results come back in input order whatever the scheduling.
/// How much later than the bundle's dated lines a year-less file's modification time may be
/// and still be trusted as its year reference.
const HALF_YEAR_MS: i64 = 183 * 86_400_000;

pub fn scan_all(
    inputs: &[Input],
    rules: &[Rule],
    formats: &[Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Vec<Scanned> {
    // Inputs that can be read only once (stdin, a pipe) are read after the others, so that the
    // bundle's dated lines are known by then (see below).
    let (once, first): (Vec<usize>, Vec<usize>) = (0..inputs.len()).partition(|&i| !inputs[i].rereadable());
    let mut slots: Vec<Option<Scanned>> = (0..inputs.len()).map(|_| None).collect();
    for (i, s) in first.iter().zip(scan_some(inputs, Some(&first), rules, formats, pf, opts)) {
        slots[*i] = Some(s);
    }
    let dated = |slots: &[Option<Scanned>]| {
        slots
            .iter()
            .flatten()
            .filter(|s| !s.summary.yearless && s.summary.format != crate::format::GENERIC)
            .filter_map(|s| s.summary.last.map(|t| (t, s.summary.path.clone())))
            .max_by_key(|(t, _)| *t)
    };
    if !once.is_empty() {
        let mut later = opts.clone();
        if opts.year.is_none() && opts.dated_latest.is_none() {
            later.dated_latest = dated(&slots).map(|(t, from)| (t + 7 * 86_400_000, from));
        }
        for (i, s) in once.iter().zip(scan_some(inputs, Some(&once), rules, formats, pf, &later)) {
            slots[*i] = Some(s);
        }
    }
    let mut out: Vec<Scanned> = slots.into_iter().flatten().collect();
    // Logs that write no year (syslog) were read against their file's modification time. Where
    // that time is missing (a pasted file, an archive member without one) or implausible (more
    // than half a year after the bundle's latest dated line: the file was copied or extracted
    // long after it was written; or no date at all: a zip's DOS default of 1980, a tar's 0, a
    // time in the future), the bundle's dated lines decide instead: the logs of one
    // bundle cover the same stretch of time. A week past the latest dated line still counts as
    // that year (year-less logs often run a little longer than the application's). Dated lines
    // count from known formats only: a date in a generic text ("license expires 2099-12-31")
    // is not when anything was logged. Only those inputs are read a second time; stdin and
    // pipes, which can be read only once, were read last, with the dated lines already known.
    // With --year, the year of the last line: a log that runs over New Year (it ends in the
    // first months of the year and holds lines of its last months) is read again with its last
    // line as the reference, so its December lines fall in the year before. Lines merely out of
    // order (a later date earlier in the file, months apart from New Year) are left alone.
    // Each such input on its own.
    if opts.year.is_some() && opts.year_anchor.is_none() {
        use chrono::Datelike;
        for i in 0..out.len() {
            let s = &out[i].summary;
            let Some(lw) = s.last_written else { continue };
            // Months on the log's own clock (a Tokyo log's `Jan  1 00:03` is December in UTC).
            let zone = out[i].reading.as_ref().map(|r| r.zone.clone()).unwrap_or_default();
            let month = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms + i64::from(zone.offset_at(ms)) * 1000)
                    .map_or(0, |t| t.month())
            };
            let over_new_year = s.last.is_some_and(|l| l > lw + 86_400_000 && month(l) >= 10) && month(lw) <= 3;
            if !(s.yearless && inputs[i].rereadable() && over_new_year) {
                continue;
            }
            let again = ScanOptions { year_anchor: Some(lw), ..opts.clone() };
            if let Some(s) = scan_some(inputs, Some(&[i]), rules, formats, pf, &again).pop() {
                out[i] = s;
            }
        }
        // The same across files: logs rotated at New Year (auth.log.1 ends on December 31,
        // auth.log starts on January 1). When some year-less logs end in the first months and
        // others in the last, the bundle's last line is the latest of the early ends, and the
        // logs that end late in the year are from the year before it.
        let local_month = |i: usize, ms: i64| {
            let zone = out[i].reading.as_ref().map(|r| r.zone.clone()).unwrap_or_default();
            chrono::DateTime::from_timestamp_millis(ms + i64::from(zone.offset_at(ms)) * 1000).map_or(0, |t| t.month())
        };
        let yearless: Vec<(usize, i64)> = (0..out.len())
            .filter(|&i| out[i].summary.yearless)
            .filter_map(|i| out[i].summary.last_written.map(|lw| (i, lw)))
            .collect();
        let early = yearless.iter().filter(|&&(i, lw)| local_month(i, lw) <= 3).map(|&(_, lw)| lw).max();
        if let Some(anchor) = early {
            let late: Vec<usize> = yearless
                .iter()
                .filter(|&&(i, lw)| local_month(i, lw) >= 10 && inputs[i].rereadable())
                .map(|&(i, _)| i)
                .collect();
            if !late.is_empty() {
                let again = ScanOptions { year_anchor: Some(anchor), ..opts.clone() };
                for s in scan_some(inputs, Some(&late), rules, formats, pf, &again) {
                    if let Some(k) = out.iter().position(|o| o.summary.path == s.summary.path) {
                        out[k] = s;
                    }
                }
            }
        }
    }
    if opts.year.is_none() && opts.dated_latest.is_none() {
        let latest = out
            .iter()
            .filter(|s| !s.summary.yearless && s.summary.format != crate::format::GENERIC)
            .filter_map(|s| s.summary.last.map(|t| (t, s.summary.path.clone())))
            .max_by_key(|(t, _)| *t);
        if let Some((t, from)) = latest {
            let reference = t + 7 * 86_400_000;
            let redo: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].summary.yearless && inputs[i].rereadable())
                .filter(|&i| {
                    inputs[i].mtime_ms.is_none_or(|m| m > t + HALF_YEAR_MS || !crate::input::plausible_mtime(m))
                })
                .collect();
            if !redo.is_empty() {
                let mut again = opts.clone();
                again.dated_latest = Some((reference, from));
                for (i, s) in redo.iter().zip(scan_some(inputs, Some(&redo), rules, formats, pf, &again)) {
                    out[*i] = s;
                }
            }
        }
    }
    settle_date_order(&mut out, inputs, rules, formats, pf, opts);
    out
}

/// Logs whose numeric dates all read both ways (`03/06/2024 14:00` on a 24-hour clock) were
/// read day first, as their format declares. A month apart is a different incident, so the
/// bundle's other dated logs decide: the reading that puts the log's first and last times
/// among theirs (a day either side) is kept, read again month first where only that one
/// does (said in a warning); day first, when only it fits, quietly. When both or neither do, or
/// nothing else is dated, day first stays and the warning says so.
fn settle_date_order(
    out: &mut [Scanned],
    inputs: &[Input],
    rules: &[Rule],
    formats: &[Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) {
    const DAY: i64 = 86_400_000;
    let fmt = |t: i64| crate::time::rfc3339(t);
    for i in 0..out.len() {
        let Some(example) = out[i].summary.ambiguous_dates.clone() else { continue };
        let dated = out.iter().enumerate().filter(|&(k, s)| {
            k != i
                && s.summary.ambiguous_dates.is_none()
                && !s.summary.yearless
                && s.summary.format != crate::format::GENERIC
                && s.summary.first.is_some()
        });
        let range = dated.fold(None, |r: Option<(i64, i64)>, (_, s)| {
            let (f, l) = (s.summary.first.unwrap_or_default(), s.summary.last.unwrap_or_default());
            Some(r.map_or((f, l), |(a, b)| (a.min(f), b.max(l))))
        });
        let fits = |s: &InputSummary, (lo, hi): (i64, i64)| matches!((s.first, s.last), (Some(f), Some(l)) if f <= hi + DAY && l >= lo - DAY);
        let say = |s: &mut Scanned, why: String| s.summary.warnings.push(Warning::new(Code::DateOrder, why));
        let Some(range) = range else {
            say(&mut out[i], format!("dates such as '{example}' read both ways: read day first (D/M/YYYY), as the format declares; no other log of the bundle is dated to tell, so if this one writes the month first its times are months off"));
            continue;
        };
        let among = format!("the other logs' times ({} to {})", fmt(range.0), fmt(range.1));
        // Day first, the format's own order, puts them among the others: nothing to say (as
        // when a date can only be day first), unless the others span so long that month first
        // may as well (a date and its swap lie at least 29 days apart).
        if fits(&out[i].summary, range) {
            if range.1 - range.0 + 2 * DAY >= 29 * DAY && inputs[i].rereadable() {
                let again = ScanOptions { date_order: Some((true, String::new())), ..opts.clone() };
                if scan_some(inputs, Some(&[i]), rules, formats, pf, &again)
                    .pop()
                    .is_some_and(|s| fits(&s.summary, range))
                {
                    say(&mut out[i], format!("dates such as '{example}' read both ways: read day first (D/M/YYYY), as the format declares; month first would put them among {among} as well, so which is meant cannot be told here"));
                }
            }
            continue;
        }
        if !inputs[i].rereadable() {
            say(&mut out[i], format!("dates such as '{example}' read both ways: read day first (D/M/YYYY), as the format declares, which does not put them among {among}; it could not be read again month first: its times may be months off"));
            continue;
        }
        let again = ScanOptions {
            date_order: Some((true, format!("dates such as '{example}' read both ways: read month first (M/D/YYYY), which puts them among {among}, where day first does not"))),
            ..opts.clone()
        };
        match scan_some(inputs, Some(&[i]), rules, formats, pf, &again).pop() {
            Some(s) if fits(&s.summary, range) => out[i] = s,
            _ => say(&mut out[i], format!("dates such as '{example}' read both ways: read day first (D/M/YYYY), as the format declares; neither reading puts them among {among}, so its times may be months off")),
        }
    }
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
                finish(p, parts, inp, i, pf)
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

/// The time of a record line: by its format, or, for a log no pack knows, a JSON object's own
/// time key (`triage::record`: pino's, bunyan's, zap's ...), so that such a log has a span and
/// continuation lines a time (hostile tester Z 16: a pino log showed 0 events and no span).
pub(crate) fn record_stamp(lr: &crate::format::LineReader, text: &str) -> Option<crate::time::Stamp> {
    if let Some(t) = lr.parse(text).and_then(|p| p.time) {
        return Some(t);
    }
    if lr.format.is_some() || !text.trim_start().starts_with('{') {
        return None;
    }
    let rec = crate::triage::record::json_record(text)?;
    crate::triage::record::record_stamp(rec.get("time")?, &lr.zone)
}
