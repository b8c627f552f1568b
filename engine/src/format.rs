//! Log formats at work: choosing one for a file (by name and by sniffing its first lines) and
//! splitting a line into time and fields.

use crate::pack::{Format, Glob};
use crate::time::{self, Stamp, Zone};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The format of files no pack format claims: lines that start with an ISO-8601-like stamp.
pub const GENERIC: &str = "generic";

fn generic_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)\s*(?P<message>.*)$")
            .expect("built-in regex")
    })
}

/// How to read the lines of one file: a pack format or the generic one.
pub struct LineReader<'a> {
    pub format: Option<&'a Format>,
    pub zone: Zone,
}

/// A parsed line: its time and fields (named captures of the format's `line` regex).
pub struct Parsed {
    pub time: Option<Stamp>,
    pub fields: BTreeMap<String, String>,
}

impl LineReader<'_> {
    pub fn id(&self) -> &str {
        self.format.map_or(GENERIC, |f| f.id.as_str())
    }

    fn regex(&self) -> &Regex {
        match self.format {
            Some(f) => &f.line,
            None => generic_line(),
        }
    }

    /// Parse a whole line; `None` when it is not a record of this format (e.g. a continuation).
    pub fn parse(&self, line: &str) -> Option<Parsed> {
        let caps = self.regex().captures(line)?;
        let mut fields = BTreeMap::new();
        let mut time = None;
        for name in self.regex().capture_names().flatten() {
            if let Some(m) = caps.name(name) {
                if name == "time" {
                    time = match self.format {
                        Some(f) => time::parse_with(m.as_str(), &f.layouts, &self.zone),
                        None => time::parse_iso(m.as_str().as_bytes(), &self.zone).map(|(s, _)| s),
                    };
                } else {
                    fields.insert(name.to_string(), m.as_str().to_string());
                }
            }
        }
        Some(Parsed { time, fields })
    }

    /// Does the line start a record? A cheap check for the scanner's hot loop: every format
    /// here starts a record with a digit (the date).
    #[inline]
    pub fn starts_record(line: &[u8]) -> bool {
        line.first().is_some_and(u8::is_ascii_digit)
    }
}

/// Pick a format for a file from its name and its first lines.
///
/// Score: the share of the sampled non-empty lines the format's `line` regex matches; a file
/// name that matches one of the format's globs lowers the bar by half. The best score that
/// clears its bar wins; none → the generic format.
pub fn choose<'a>(formats: &'a [Format], name: &str, sample: &[String]) -> Option<&'a Format> {
    let lines: Vec<&str> = sample
        .iter()
        .map(|s| s.as_str())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut best: Option<(&Format, f64)> = None;
    for f in formats {
        let by_name = f.files.iter().any(|g| g.matches(name));
        if lines.is_empty() {
            if by_name && best.is_none() {
                best = Some((f, 0.0));
            }
            continue;
        }
        let hits = lines.iter().filter(|l| f.line.is_match(l)).count();
        let ratio = hits as f64 / lines.len() as f64;
        let bar = if by_name {
            f.sniff_ratio / 2.0
        } else {
            f.sniff_ratio
        };
        let score = ratio + if by_name { 0.01 } else { 0.0 };
        if hits > 0 && ratio >= bar && best.is_none_or(|(_, s)| score > s) {
            best = Some((f, score));
        }
    }
    best.map(|(f, _)| f)
}

/// The role of a file inside its format (e.g. `web`, `wfserver`), from its name.
pub fn role<'a>(format: &'a Format, name: &str) -> Option<&'a str> {
    format
        .roles
        .iter()
        .find(|(_, globs)| globs.iter().any(|g: &Glob| g.matches(name)))
        .map(|(r, _)| r.as_str())
}

/// Fields a format takes from the file name (e.g. the workflow of a pasted journal).
pub fn path_fields(format: Option<&Format>, name: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
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
