//! Candidate events: log lines that matched a symptom, with their time and fields.

use crate::time::Stamp;
use std::collections::BTreeMap;

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
    /// The line, lossily decoded, without its line ending; long lines are cut.
    pub text: String,
    /// Fields: from the file name, then the format's captures, then the symptom's captures
    /// (later ones win).
    pub fields: BTreeMap<String, String>,
}

impl Event {
    /// Sort key: time (untimed last), then input, then line. Deterministic whatever the order
    /// files were read in.
    pub fn key(&self) -> (bool, i64, usize, u64) {
        (self.time.is_none(), self.time.map_or(0, |t| t.utc_ms), self.input, self.line)
    }
}

/// The longest text kept for one evidence line.
pub const MAX_TEXT: usize = 1000;

pub fn cut(text: &str) -> String {
    if text.len() <= MAX_TEXT {
        return text.to_string();
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
