//! Candidate events: log lines that matched a symptom, with their time and fields.

use crate::time::Stamp;

/// An event's fields, sorted by name in one small vector: a few words for the two or three
/// fields a rule reads, where a `BTreeMap` takes a 544-byte node however few it holds.
pub type Fields = litemap::LiteMap<String, String>;

/// A symptom of a rule, by index: `rules[rule].symptoms[symptom]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymRef {
    pub rule: usize,
    pub symptom: usize,
}

/// One line that matched one symptom.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Index into the run's inputs.
    pub input: usize,
    /// 1-based line number in the (decompressed) input.
    pub line: u64,
    /// `None` when neither the line nor the record before it carried a readable time.
    pub time: Option<Stamp>,
    /// The line, lossily decoded, without its line ending; long lines are cut. Empty for an
    /// event whose text was not kept (see `scan::matching`). A box, not a `String`: one word
    /// less per event.
    pub text: Box<str>,
    /// Fields: from the file name, then the format's captures, then the symptom's captures
    /// (later ones win); only those the rule can read (`Rule::names`).
    pub fields: Fields,
}

impl Event {
    /// Sort key: time (untimed last), then input, then line. Deterministic whatever the order
    /// files were read in.
    pub fn key(&self) -> (bool, i64, usize, u64) {
        (self.time.is_none(), self.time.map_or(0, |t| t.utc_ms), self.input, self.line)
    }
}

/// The field that names the `where` fields a line passed only by not having them (comma
/// separated): such a line does not show the context the rule filters for.
pub const UNKNOWN_FIELD: &str = "_unknown";

/// The longest text kept for one evidence line.
pub const MAX_TEXT: usize = 1000;
/// The longest value kept for one captured field (a 4 MiB message captured by a symptom must
/// not be kept 10,000 times); a longer value ends in `…`.
pub const MAX_FIELD: usize = 1024;

pub fn cut(text: &str) -> String {
    cut_at(text, MAX_TEXT)
}

pub fn cut_field(text: &str) -> String {
    cut_at(text, MAX_FIELD)
}

fn cut_at(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
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
