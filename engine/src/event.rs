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

/// An evidence line at most [`MAX_TEXT`] bytes: a longer one keeps its start and its end
/// (where a log line's prefix and its message usually are), joined by ` … `.
pub fn cut(text: &str) -> String {
    if text.len() <= MAX_TEXT {
        return text.to_string();
    }
    let head = floor(text, MAX_TEXT / 2);
    let tail = ceil(text, text.len() - (MAX_TEXT / 2 - 5));
    format!("{} … {}", &text[..head], &text[tail..])
}

/// [`cut`], keeping what matched (`at..end`, byte offsets) in view: when a long line's match
/// lies past its start and before its end, the start, then the text around the match.
pub fn cut_around(text: &str, at: usize, end: usize) -> String {
    let head = MAX_TEXT / 2;
    let tail_from = text.len().saturating_sub(MAX_TEXT / 2 - 5);
    if text.len() <= MAX_TEXT || end <= head || at >= tail_from || end > text.len() {
        return cut(text);
    }
    let head = floor(text, 300);
    let from = ceil(text, at.saturating_sub(200).max(head));
    let to = floor(text, (from + MAX_TEXT - 310).min(text.len()).max(end.min(from + MAX_TEXT)));
    let more = if to < text.len() { " …" } else { "" };
    format!("{} … {}{more}", &text[..head], &text[from..to])
}

/// The largest char boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or after `i`.
fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
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

#[cfg(test)]
mod cut_tests {
    use super::*;

    #[test]
    fn long_lines_keep_their_start_their_end_and_what_matched() {
        let short = "2024-06-12 error x";
        assert_eq!(cut(short), short);
        let long = format!("2024-06-12 warning log x - {}Empty return for method 'Logon'", "B".repeat(5000));
        let c = cut(&long);
        assert!(c.len() <= MAX_TEXT + 8 && c.starts_with("2024-06-12 warning") && c.ends_with("'Logon'"), "{c}");
        // A match in the middle of a 4 MiB line is shown, after the line's start.
        let mid = format!("2024-06-12 {}FATAL disk gone{}", "a".repeat(2_000_000), "z".repeat(2_000_000));
        let at = mid.find("FATAL").unwrap();
        let c = cut_around(&mid, at, at + 15);
        assert!(
            c.len() <= MAX_TEXT + 16 && c.starts_with("2024-06-12 a") && c.contains("FATAL disk gone"),
            "{}",
            c.len()
        );
        // Multi-byte characters are never split, wherever the cuts fall.
        let wide = "é".repeat(3000);
        for at in [0, 1000, 2999, 5998] {
            let at = floor(&wide, at);
            let _ = cut_around(&wide, at, (at + 2).min(wide.len()));
        }
        let _ = cut(&wide);
    }
}
