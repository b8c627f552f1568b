//! Log formats at work: choosing one for a file (by name and by sniffing its first lines) and
//! splitting a line into time and fields.

use crate::pack::{Format, Glob};
use crate::time::{self, Stamp, Zone};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The format of files no pack format claims: lines that start with an ISO-8601-like stamp
/// (named in `pack`, whose symptoms' sources name it).
pub const GENERIC: &str = crate::pack::GENERIC;

fn generic_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests of this module
    RE.get_or_init(|| {
        // The time in brackets too (`[2024-06-12 10:00:00] ERROR ...`, PHP's and many scripts'
        // logs; Airflow's `[2024-06-10, 02:00:03 UTC]`), and a comma after it left out of the
        // message (Windows' CBS.log: `2024-06-12 10:00:00, Error  CBS ...`).
        Regex::new(r"^\[?(?P<time>\d{4}-\d{2}-\d{2}(?:[ T]|, )\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)(?:\]| [A-Z]{2,5}\]| [+-]\d{2}:?\d{2}\])?(?:\s*[,;|])?\s*(?P<message>.*)$")
            .expect("built-in regex")
    })
}

/// How to read the lines of one file: a pack format or the generic one.
pub struct LineReader<'a> {
    pub format: Option<&'a Format>,
    pub zone: Zone,
    /// For layouts without a year: the instant the log's times are at or before (ms).
    pub year_ref: Option<i64>,
    /// Read numeric dates month first (`Format::layouts_month_first`): the file's lines say so.
    pub month_first: bool,
}

/// Where each named capture of a line was found: (name, byte range).
pub type Spans<'r> = Vec<(&'r str, std::ops::Range<usize>)>;

/// A parsed line: its time and fields (named captures of the format's `line` regex).
#[derive(Clone)]
pub struct Parsed {
    pub time: Option<Stamp>,
    pub fields: BTreeMap<String, String>,
}

impl LineReader<'_> {
    /// A reader of `format` (None: generic) in `zone`, days before months.
    pub fn new(format: Option<&Format>, zone: Zone, year_ref: Option<i64>) -> LineReader<'_> {
        LineReader { format, zone, year_ref, month_first: false }
    }

    /// The time layouts this file's lines are read with.
    fn layouts_of<'f>(&self, f: &'f Format) -> &'f [String] {
        if self.month_first && !f.layouts_month_first.is_empty() {
            &f.layouts_month_first
        } else {
            &f.layouts
        }
    }

    pub fn id(&self) -> &str {
        self.format.map_or(GENERIC, |f| f.id.as_str())
    }

    fn regex(&self) -> &Regex {
        match self.format {
            Some(f) => &f.line,
            None => generic_line(),
        }
    }

    /// Parse a whole line (for `csv`, a whole record); `None` when it is not a record of this
    /// format (e.g. a continuation).
    pub fn parse(&self, line: &str) -> Option<Parsed> {
        if let Some(f) = self.format.filter(|f| f.kind != crate::structured::Kind::Line) {
            let mut fields = match f.kind {
                crate::structured::Kind::Jsonl => crate::structured::json_fields(line, &f.fields)?,
                _ => crate::structured::csv_fields(line, &f.columns, &f.fields)?,
            };
            let time = fields
                .remove("time")
                .and_then(|t| time::parse_with_year(&t, self.layouts_of(f), &self.zone, self.year_ref));
            return Some(Parsed { time, fields });
        }
        self.parse_line(line, None)
    }

    /// [`LineReader::parse`] of a line format, with where the time and the named captures
    /// were found (the miner's skeleton cache reads the time of a line of a known shape from
    /// there, without the regex).
    pub fn parse_at(&self, line: &str) -> Option<(Parsed, Spans<'_>)> {
        let mut spans = Vec::new();
        self.parse_line(line, Some(&mut spans)).map(|p| (p, spans))
    }

    fn parse_line<'r>(
        &'r self,
        line: &str,
        mut spans: Option<&mut Vec<(&'r str, std::ops::Range<usize>)>>,
    ) -> Option<Parsed> {
        let caps = self.regex().captures(line)?;
        let mut fields = BTreeMap::new();
        let mut time = None;
        for name in self.regex().capture_names().flatten() {
            if let Some(m) = caps.name(name) {
                if let Some(v) = spans.as_deref_mut() {
                    v.push((name, m.range()));
                }
                if name == "time" {
                    time = self.time_in(line, m.range());
                } else {
                    fields.insert(name.to_string(), m.as_str().to_string());
                }
            }
        }
        Some(Parsed { time, fields })
    }

    /// What [`LineReader::parse`] gives for a line of a line format whose captures are at
    /// `spans` (names and ranges, as [`LineReader::parse_at`] found them on a line of the same
    /// shape): the fields cut from the line and its time read, without the regex.
    pub fn parse_from(&self, line: &str, spans: &[(Box<str>, std::ops::Range<usize>)]) -> Option<Parsed> {
        self.parse_from_some(line, spans, |_| true)
    }

    /// [`LineReader::parse_from`] with only the fields `keep` names (the time is always read):
    /// the scanner makes only the fields the rules of a line's symptoms can read.
    pub fn parse_from_some(
        &self,
        line: &str,
        spans: &[(Box<str>, std::ops::Range<usize>)],
        keep: impl Fn(&str) -> bool,
    ) -> Option<Parsed> {
        let mut fields = BTreeMap::new();
        let mut time = None;
        for (name, r) in spans {
            if &**name == "time" {
                time = self.time_in(line, r.clone());
            } else {
                // A range off the line or off a character boundary: not a line of this shape.
                let v = line.get(r.clone())?;
                if keep(name) {
                    fields.insert(name.to_string(), v.to_string());
                }
            }
        }
        Some(Parsed { time, fields })
    }

    /// The time of a line of a line format whose `time` capture is `at`.
    #[inline]
    pub fn time_in(&self, line: &str, at: std::ops::Range<usize>) -> Option<Stamp> {
        match self.format {
            Some(f) => {
                line.get(at).and_then(|t| time::parse_with_year(t, self.layouts_of(f), &self.zone, self.year_ref))
            }
            // From the capture to the end of the line, not the capture only: a zone written
            // after a space (`2024-06-12 04:00:04 UTC`) is part of the time, and wins over --tz.
            None => time::parse_iso(line.as_bytes().get(at.start..)?, &self.zone).map(|(s, _)| s),
        }
    }

    /// [`LineReader::time_in`] of a line as bytes (only the time's bytes need be UTF-8).
    #[inline]
    pub fn time_in_bytes(&self, line: &[u8], at: std::ops::Range<usize>) -> Option<Stamp> {
        match self.format {
            Some(f) => {
                line.get(at).and_then(|t| time::parse_bytes_with_year(t, self.layouts_of(f), &self.zone, self.year_ref))
            }
            None => time::parse_iso(line.get(at.start..)?, &self.zone).map(|(s, _)| s),
        }
    }

    /// Is the format's first time layout ISO 8601 (read by `time::parse_iso`, and by
    /// `time::IsoMemo` from the same bytes)?
    pub fn iso_layout(&self) -> bool {
        self.format.is_some_and(|f| f.layouts.first().is_some_and(|l| l == "iso"))
    }

    /// [`LineReader::time_in_bytes`] through `memo` (an ISO time in the same minute as the
    /// last one read is read from its seconds): the same stamp.
    #[inline]
    pub fn time_in_bytes_memo(
        &self,
        line: &[u8],
        at: std::ops::Range<usize>,
        memo: &mut time::IsoMemo,
    ) -> Option<Stamp> {
        if let Some(f) = self.format.filter(|_| self.iso_layout()) {
            if let Some(st) = line.get(at.clone()).and_then(|t| memo.parse(t.trim_ascii(), &self.zone)) {
                return Some(st);
            }
            return line
                .get(at)
                .and_then(|t| time::parse_bytes_with_year(t, self.layouts_of(f), &self.zone, self.year_ref));
        }
        self.time_in_bytes(line, at)
    }

    /// Where the format's line regex settles a line's fields (`crate::settle`), if it can say.
    pub fn settle(&self) -> Option<&crate::settle::Settle> {
        self.format.and_then(|f| f.settle())
    }

    /// The line regex's pattern (None for records).
    pub fn line_pattern(&self) -> Option<&str> {
        (!self.structured()).then(|| self.regex().as_str())
    }

    /// Could the line start a record? A cheap check for the scanner's hot loop: its first byte
    /// is one the format's `line` pattern can start with (a digit for ISO dates, a month's
    /// initial for syslog, `[` for Apache, `{` for JSON Lines). Lines that fail it are
    /// continuation lines of the record before.
    #[inline]
    pub fn starts_record(&self, line: &[u8]) -> bool {
        match (line.first(), self.format) {
            (Some(&b), Some(f)) => f.record_start[usize::from(b)],
            (Some(b), None) => b.is_ascii_digit() || (*b == b'[' && line.get(1).is_some_and(u8::is_ascii_digit)),
            (None, _) => false,
        }
    }

    /// Is the format one of records (JSON Lines, CSV) rather than lines?
    pub fn structured(&self) -> bool {
        self.format.is_some_and(|f| f.kind != crate::structured::Kind::Line)
    }

    /// The lines a structured record reads as (its `text` templates), or the record itself.
    pub fn render(&self, raw: &str, p: &Parsed) -> Vec<String> {
        match self.format {
            Some(f) if !f.text.is_empty() => {
                f.text.iter().filter_map(|t| crate::structured::render(t, &p.fields)).collect()
            }
            _ => vec![raw.to_string()],
        }
    }

    /// Does the format read times without a year?
    pub fn yearless(&self) -> bool {
        self.format.is_some_and(|f| !f.layouts.iter().any(|l| time::layout_has_year(l)))
    }
}

/// A line that continues the record before (indented: a multi-line statement, a stack trace):
/// not a sample of a line format, which is sniffed on the lines that can start records.
pub(crate) fn continuation(l: &[u8]) -> bool {
    matches!(l.first(), Some(b' ') | Some(b'\t'))
}

/// Pick a format for a file from its name and its first lines (continuation lines included:
/// a CSV format reads them as part of its records, the others leave them out).
///
/// Score: the share of the sampled non-empty lines the format's `line` regex matches; a file
/// name that matches one of the format's globs lowers the bar by half, and then only lines that
/// can start a record count (a line-format file of the right name is not outvoted by its own
/// continuation lines: PostgreSQL's stderr file beside a csvlog holds two log lines and then
/// whatever `archive_command` prints). The best score that clears its bar wins; none → the
/// generic format.
pub fn choose<'a>(formats: &'a [Format], name: &str, sample: &[String]) -> Option<&'a Format> {
    let all: Vec<&str> = sample.iter().map(|s| s.as_str()).filter(|l| !l.trim().is_empty()).collect();
    let lines: Vec<&str> = all.iter().copied().filter(|l| !continuation(l.as_bytes())).collect();
    let mut best: Option<(&Format, f64)> = None;
    for f in formats {
        if f.param.is_some() && !f.given {
            continue;
        }
        let by_name = f.files.iter().any(|g| g.matches(name));
        if lines.is_empty() {
            // No line to judge (an empty file): the name alone, a name spelled out
            // (`postgresql-*.log`) before one any log has (`*.log`): an empty `postgresql.log`
            // was labelled `acc-nlserver`, the first format to take `*.log`.
            // Among variants that spell the same names (`postgresql`, `postgresql-rds`), the
            // plain one: the shortest id.
            let spelled = f.files.iter().any(|g| g.is_specific() && g.matches(name));
            let score = if spelled { 1.0 } else { 0.0 };
            let better = |(b, s): (&Format, f64)| score > s || (score == s && f.id.len() < b.id.len());
            if by_name && best.is_none_or(better) {
                best = Some((f, score));
            }
            continue;
        }
        // Records, not physical lines: a CSV record whose quoted field spans lines (a long
        // statement in a csvlog) is one record; lines of a line format that cannot start a
        // record (a multi-line statement's continuation) are not counted against it.
        // A CSV format whose writer puts a header line first is that writer's only with it:
        // another program's CSV of similar columns (a test report's `Result,Date and Time,...`)
        // is not read as its export (hostile tester 11, 15).
        if f.kind == crate::structured::Kind::Csv
            && !f.headers.is_empty()
            && !lines.first().is_some_and(|l| csv_header(l.as_bytes(), f))
        {
            continue;
        }
        let (hits, counted) = match f.kind {
            crate::structured::Kind::Csv => {
                let recs = csv_records(f, &all);
                (recs.iter().filter(|r| f.sniff_line(r)).count(), recs.len())
            }
            crate::structured::Kind::Line => (
                lines.iter().filter(|l| f.sniff_line(l)).count(),
                lines.iter().filter(|l| l.as_bytes().first().is_some_and(|b| f.record_start[usize::from(*b)])).count(),
            ),
            _ => (lines.iter().filter(|l| f.sniff_line(l)).count(), lines.len()),
        };
        // Unnamed, a line format needs two records at least (one line that happens to fit
        // is not a log), unless the sample is that short.
        if !by_name && f.kind == crate::structured::Kind::Line && hits < 2.min(lines.len()) {
            continue;
        }
        let ratio = hits as f64 / counted.max(1) as f64;
        let bar = if by_name { f.sniff_ratio / 2.0 } else { f.sniff_ratio };
        // A layout the user gave (--param) beats every guess that fits as well.
        let score = ratio + if by_name { 0.01 } else { 0.0 } + if f.given { 1.0 } else { 0.0 };
        // Of two that fit as well, the one that reads more of a line, by its named fields: a
        // .NET console log with a `MM/dd/yyyy` time fits a Campaign journal's `time message`
        // too, and was read as one (hostile tester 11, 10).
        let named = |f: &Format| f.line.capture_names().flatten().count();
        if hits > 0 && ratio >= bar && best.is_none_or(|(b, s)| score > s || (score == s && named(f) > named(b))) {
            best = Some((f, score));
        }
    }
    best.map(|(f, _)| f)
}

/// Physical lines joined into CSV records of format `f`: a line whose quoted field is left open
/// goes on on the next line (a quoted field with newlines, as csvlog writes multi-line
/// statements). Lines before the first that can start a record (a sample cut inside a field)
/// are dropped, and so is a gathered record that is not strict CSV: sniffing starts again at
/// the next line that can start one (the reader does the same, see `scan::lines`).
fn csv_records(f: &Format, lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut scan = crate::structured::CsvScan::default();
    for l in lines {
        if cur.is_empty() {
            if csv_header(l.as_bytes(), f) || !csv_starts_record(l.as_bytes(), f) {
                continue;
            }
            scan = crate::structured::CsvScan::default();
        } else {
            cur.push('\n');
        }
        cur.push_str(l);
        scan.feed(l.as_bytes());
        if scan.bad() {
            // Not a record: start again here if this line can start one.
            cur.clear();
            if csv_starts_record(l.as_bytes(), f) {
                scan = crate::structured::CsvScan::default();
                scan.feed(l.as_bytes());
                if !scan.bad() {
                    cur.push_str(l);
                }
            }
            if !scan.open() && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if !scan.open() {
            out.push(std::mem::take(&mut cur));
        }
    }
    out
}

/// Can this physical line start a record of CSV format `f`? When the format's time is its first
/// column (PostgreSQL's csvlog: `2026-11-26 08:35:55.384 UTC,...`), the line must start with a
/// readable time followed by a comma: that is how the reader finds its footing again after
/// starting inside a quoted field. A format whose time is in another column cannot tell, and
/// takes every line.
/// Is `line` one of the header lines format `f`'s writer puts first (`FormatDef::headers`)?
pub fn csv_header(line: &[u8], f: &Format) -> bool {
    !f.headers.is_empty()
        && std::str::from_utf8(line).is_ok_and(|l| {
            let l = l.trim_start_matches('\u{feff}').trim().to_lowercase();
            f.headers.contains(&l)
        })
}

pub fn csv_starts_record(line: &[u8], f: &Format) -> bool {
    let Some((_, col)) = f.fields.iter().find(|(n, _)| n == "time") else { return true };
    if f.columns.first() != Some(col) {
        return true;
    }
    let first = match line.split_first() {
        Some((b'"', rest)) => match memchr::memchr(b'"', rest) {
            Some(e) if rest.get(e + 1) == Some(&b',') => &rest[..e],
            _ => return false,
        },
        _ => match memchr::memchr(b',', line) {
            Some(e) => &line[..e],
            None => return false,
        },
    };
    std::str::from_utf8(first)
        .is_ok_and(|t| crate::time::parse_with(t, &f.layouts, &crate::time::Zone::default()).is_some())
}

/// The role of a file inside its format (e.g. `web`, `wfserver`), from its name.
pub fn role<'a>(format: &'a Format, name: &str) -> Option<&'a str> {
    format.roles.iter().find(|(_, globs)| globs.iter().any(|g: &Glob| g.matches(name))).map(|(r, _)| r.as_str())
}

/// The role of a file whose name says none, from the texts typical of each role: the role with
/// the most distinct hints found in `head` (none on a tie).
pub fn role_by_content<'a>(format: &'a Format, head: &[u8]) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for (role, hints) in &format.role_hints {
        let n = hints.iter().filter(|h| memchr::memmem::find(head, h.as_bytes()).is_some()).count();
        if n == 0 {
            continue;
        }
        match best {
            Some((_, b)) if n < b => {}
            Some((_, b)) if n == b => tie = true,
            _ => {
                best = Some((role.as_str(), n));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(r, _)| r)
    }
}

/// Fields a format takes from the file name (e.g. the workflow of a pasted journal).
pub fn path_fields(format: Option<&Format>, name: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = format.map(|f| f.fields_set.clone()).unwrap_or_default();
    if let Some(re) = format.and_then(|f| f.path_fields.as_ref()) {
        if let Some(c) = re.captures(name) {
            for n in re.capture_names().flatten() {
                if let Some(m) = c.name(n) {
                    out.insert(n.to_string(), m.as_str().to_string());
                }
            }
        }
    }
    out
}

/// The formats of a run with the parameters applied: a format whose layout is a parameter is
/// active only when the parameter is given (and then preferred by sniffing); an unknown
/// parameter or a value that does not translate is an error naming what exists.
pub fn with_params(formats: &[Format], params: &BTreeMap<String, String>) -> Result<Vec<Format>, Vec<String>> {
    let mut out: Vec<Format> = formats.to_vec();
    let mut errors = Vec::new();
    for (key, value) in params {
        let mut found = false;
        for f in out.iter_mut() {
            let Some(p) = &f.param else { continue };
            if p.key() != *key {
                continue;
            }
            found = true;
            match p.line_regex(value).and_then(|re| f.set_line(&re)) {
                Ok(()) => f.given = true,
                Err(e) => errors.push(format!("--param {key}: {e}")),
            }
        }
        if !found {
            let known: Vec<String> =
                formats.iter().filter_map(|f| f.param.as_ref().map(|p| p.key())).collect::<Vec<_>>();
            errors.push(format!(
                "--param {key}: no loaded format takes this parameter ({})",
                if known.is_empty() { "none takes any".to_string() } else { format!("known: {}", known.join(", ")) }
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Which way a file writes numeric dates (`6/10/2024`), from its first lines' times: month
/// first when some date's second number is above 12 (`6/13/2024`) and none's first is; day
/// first the other way round. When every date reads both ways, the clock decides: AM/PM is what
/// a US console writes, month first; a 24-hour clock keeps the format's own order, unsaid. The
/// answer, and what it rests on, for the warning.
pub fn date_order(times: &[&str]) -> Option<(bool, String)> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    #[allow(clippy::expect_used)] // a constant pattern
    let num = NUM.get_or_init(|| Regex::new(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b").expect("built-in regex"));
    let (mut day_first, mut month_first, mut ambiguous, mut ampm) = (None, None, None, false);
    for t in times {
        let Some(c) = num.captures(t) else { continue };
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let up = t.to_ascii_uppercase();
        ampm |= up.contains("AM") || up.contains("PM");
        if a > 12 && b <= 12 {
            day_first.get_or_insert(t.to_string());
        } else if b > 12 && a <= 12 {
            month_first.get_or_insert(t.to_string());
        } else if a != b && a <= 12 && b <= 12 {
            ambiguous.get_or_insert(t.to_string());
        }
    }
    match (day_first, month_first, ambiguous) {
        (Some(d), Some(m), _) => Some((false, format!("its dates are written both ways ('{d}' is day first, '{m}' month first): read day first, and the lines that do not fit have no time"))),
        (None, Some(m), _) => Some((true, format!("read month first (M/D/YYYY), as '{m}' can only be"))),
        (Some(_), None, _) => None,
        (None, None, Some(x)) if ampm => Some((true, format!("dates such as '{x}' read both ways: read month first (M/D/YYYY), as a console with a 12-hour clock (AM/PM) in US English writes them; if this one wrote the day first, its times are off"))),
        // A 24-hour clock and dates that read both ways: the format's own order (day first, as
        // the console writes them in most locales), as declared; nothing to say.
        (None, None, _) => None,
    }
}

/// One of `times` when every numeric date among them reads both ways (`03/06/2024`, neither
/// number above 12) on a 24-hour clock: [`date_order`] then keeps the format's order, and the
/// scan asks the bundle's other logs (`scan::scan_all`).
pub fn ambiguous_order(times: &[&str]) -> Option<String> {
    if date_order(times).is_some() {
        return None;
    }
    static NUM: OnceLock<Regex> = OnceLock::new();
    #[allow(clippy::expect_used)] // a constant pattern
    let num = NUM.get_or_init(|| Regex::new(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b").expect("built-in regex"));
    let mut found = None;
    for t in times {
        let Some(c) = num.captures(t) else { continue };
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        if a > 12 || b > 12 {
            return None;
        }
        if a != b && found.is_none() {
            found = Some(t.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    //! Every layout the Adobe Campaign pack reads, through the real pack definitions.
    use super::*;
    use crate::time::rfc3339;

    #[test]
    fn numeric_dates_are_read_the_way_the_file_writes_them() {
        use super::date_order;
        use crate::time::swap_day_month;
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            swap_day_month(&l(&["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p"])),
            l(&["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p"])
        );
        assert!(swap_day_month(&l(&["iso", "%b %e %H:%M:%S"])).is_empty());
        // One date that can only be month first decides, whatever its clock.
        assert_eq!(date_order(&["6/10/2024 09:00:01", "6/13/2024 09:00:01"]).map(|x| x.0), Some(true));
        // One that can only be day first: no warning, the layouts' own order.
        assert_eq!(date_order(&["6/10/2024 09:00:01", "13/6/2024 09:00:01"]), None);
        // Every date both ways on a 24-hour clock: left to the bundle's other logs.
        assert_eq!(
            ambiguous_order(&["6/10/2024 09:00:01", "5/5/2024 10:00:00"]).as_deref(),
            Some("6/10/2024 09:00:01")
        );
        assert_eq!(ambiguous_order(&["6/10/2024 09:00:01", "13/6/2024 09:00:01"]), None);
        assert_eq!(ambiguous_order(&["6/10/2024 09:00:01 PM"]), None);
        assert_eq!(ambiguous_order(&["5/5/2024 10:00:00"]), None);
        // Both ways in one file: day first, said.
        assert_eq!(date_order(&["13/6/2024 09:00:01", "6/13/2024 09:00:01"]).map(|x| x.0), Some(false));
        // Every date both ways: AM/PM says a US console; a 24-hour clock keeps day first.
        assert_eq!(date_order(&["6/10/2024 9:00:01 AM"]).map(|x| x.0), Some(true));
        assert_eq!(date_order(&["6/10/2024 09:00:01"]), None);
        // A day equal to its month reads the same both ways: nothing to say.
        assert_eq!(date_order(&["6/6/2024 9:00:01 AM"]), None);
        assert_eq!(date_order(&["2024-06-10 09:00:01"]), None);
    }

    fn formats() -> Vec<Format> {
        // The shipped Campaign pack, read from the repository (the engine embeds no pack).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/adobe-campaign");
        let mut set = crate::pack::RuleSet::default();
        set.add(crate::pack::PackFiles::from_dir(&dir).expect("rules/adobe-campaign"));
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        set.formats
    }

    /// A file with no line (empty) is named by its name alone: a name a format spells out
    /// before `*.log`, the plain variant before the others.
    #[test]
    fn an_empty_file_takes_the_format_its_name_spells() {
        let dir = |p: &str| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules").join(p);
        let mut set = crate::pack::RuleSet::default();
        for p in ["adobe-campaign", "postgresql", "linux"] {
            set.add(crate::pack::PackFiles::from_dir(&dir(p)).expect("a shipped pack"));
        }
        let id = |name: &str| choose(&set.formats, name, &[]).map(|f| f.id.clone());
        assert_eq!(id("postgresql.log").as_deref(), Some("postgresql"));
        assert_eq!(id("syslog").as_deref(), Some("syslog"));
        assert_eq!(id("access.log").as_deref(), Some("http-access"));
        assert_eq!(id("web.log").as_deref(), Some("acc-nlserver"));
        assert_eq!(id("notes"), None);
    }

    fn read(formats: &[Format], name: &str, line: &str, zone: Zone) -> (String, Parsed) {
        let f = choose(formats, name, &[line.to_string()]);
        let lr = LineReader::new(f, zone, None);
        let p = lr.parse(line).unwrap_or_else(|| panic!("{} did not parse {line:?}", lr.id()));
        (lr.id().to_string(), p)
    }

    #[test]
    fn nlserver_utc_layout() {
        let fs = formats();
        let (id, p) = read(
            &fs,
            "postupgrade.log",
            "2011-10-04 11:57:51.804Z B67B28C0 1 info log Updating table 'NmcTrackingLogMessages'",
            Zone::default(),
        );
        assert_eq!(id, "acc-nlserver");
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2011-10-04T11:57:51.804Z");
        assert_eq!(p.fields["tid"], "B67B28C0");
        assert!(!p.fields.contains_key("pid"));
        assert_eq!(p.fields["level"], "info");
        assert_eq!(p.fields["message"], "Updating table 'NmcTrackingLogMessages'");
    }

    #[test]
    fn nlserver_local_offset_layouts() {
        let fs = formats();
        let (_, p) = read(
            &fs,
            "web.log",
            "2019-07-05 16:01:59.874+05:30 00002572 00007893 1 info log Approval of content",
            Zone::default(),
        );
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2019-07-05T10:31:59.874Z");
        assert_eq!(p.time.unwrap().offset_s, 19800);
        assert_eq!(p.fields["pid"], "00002572");
        assert_eq!(p.fields["tid"], "00007893");
        let (_, p) = read(
            &fs,
            "web.log",
            "2023-04-13 03:50:13.857-05 001FF206 001FF22D 1 info log [iOS Connector] doTestConnection",
            Zone::default(),
        );
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2023-04-13T08:50:13.857Z");
        assert_eq!(p.fields["message"], "[iOS Connector] doTestConnection");
    }

    #[test]
    fn nlserver_tab_separated_layout() {
        let fs = formats();
        let line =
            "2021-05-31T08:42:18.210Z\t66462\t66501\t1\terror\tlog\tBAS-010007 Function not implemented (iRc=-55)";
        let (id, p) = read(&fs, "pipelined.log", line, Zone::default());
        assert_eq!(id, "acc-nlserver");
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2021-05-31T08:42:18.210Z");
        assert_eq!(p.fields["level"], "error");
        assert_eq!(p.fields["message"], "BAS-010007 Function not implemented (iRc=-55)");
    }

    #[test]
    fn workflow_journal_layouts_use_the_zone() {
        let fs = formats();
        let paris = Zone::parse("Europe/Paris").unwrap();
        let (id, p) = read(
            &fs,
            "mcSynch_mcExec1.journal.txt",
            "16/06/2020 14:30:06 end AuditTrail: Option 'MC_LastRtEventStat' modified by 'admin'.",
            paris.clone(),
        );
        assert_eq!(id, "acc-journal");
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2020-06-16T12:30:06Z");
        assert_eq!(p.fields["activity"], "end");
        let (_, p) =
            read(&fs, "paste.txt", "12/11/2019 10:19:59 PM    CRL-290002 Download error in cURL", paris.clone());
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2019-11-12T21:19:59Z");
        assert_eq!(p.fields["message"], "CRL-290002 Download error in cURL");
        let (_, p) = read(&fs, "paste.txt", "03/11/2021 6:35:29 AM BAS-010015 Cannot open file", Zone::default());
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2021-11-03T06:35:29Z");
    }

    #[test]
    fn journal_file_name_gives_the_workflow() {
        let fs = formats();
        let f = choose(&fs, "mcSynch_mcExec1.journal.txt", &["12/06/2024 08:00:05 x".into()]);
        assert_eq!(path_fields(f, "mcSynch_mcExec1.journal.txt")["workflow"], "mcSynch_mcExec1");
        assert_eq!(path_fields(f, "mcSynch_mcExec2.wflog")["workflow"], "mcSynch_mcExec2");
    }

    #[test]
    fn unknown_files_fall_back_to_the_generic_format() {
        let fs = formats();
        let (id, p) = read(&fs, "app.out", "2024-06-12T06:00:04,512+02:00 something happened", Zone::default());
        assert_eq!(id, GENERIC);
        assert_eq!(rfc3339(p.time.unwrap().utc_ms), "2024-06-12T04:00:04.512Z");
        assert_eq!(p.fields["message"], "something happened");
    }

    #[test]
    fn roles_come_from_file_names() {
        let fs = formats();
        let f = fs.iter().find(|f| f.id == "acc-nlserver").unwrap();
        assert_eq!(role(f, "web.log"), Some("web"));
        assert_eq!(role(f, "web_2.log"), Some("web"));
        assert_eq!(role(f, "web@default.log"), Some("web"));
        assert_eq!(role(f, "watchdog.log"), Some("watchdog"));
        assert_eq!(role(f, "wfserver_2.log"), Some("wfserver"));
        assert_eq!(role(f, "webmdl.log"), None);
    }
}
