//! Structured log records: JSON Lines and CSV. A record's fields are read by name (a JSON
//! pointer such as `/timestamp` or `/labels/app`, or a CSV column), its time from the field
//! named `time`, and it is rendered as the line(s) symptoms read through the format's `text`
//! templates, e.g. `${error_severity}:  ${message}` and `DETAIL:  ${detail}`. A PostgreSQL
//! `jsonlog` or `csvlog` record then reads exactly like the same record in the stderr log, and
//! the same rules hold for all three.

use std::collections::BTreeMap;

/// The record layouts a format may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One record per line, read by the `line` regex (the default).
    #[default]
    Line,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values; quoted fields may hold commas, quotes (`""`) and newlines.
    Csv,
}

/// A piece of a `text` template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Lit(String),
    Field(String),
}

/// Split `a ${x} b` into pieces; `$` not followed by `{` is literal.
pub fn template(text: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        if i > 0 {
            out.push(Piece::Lit(rest[..i].to_string()));
        }
        let after = &rest[i + 2..];
        let end = after.find('}').ok_or_else(|| format!("'{text}': '${{' without a closing '}}'"))?;
        let name = after[..end].trim();
        if name.is_empty() {
            return Err(format!("'{text}': an empty ${{}}"));
        }
        out.push(Piece::Field(name.to_string()));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Lit(rest.to_string()));
    }
    Ok(out)
}

/// Render one template; `None` when a field it names is missing or empty (a record without a
/// DETAIL gives no `DETAIL:` line).
pub fn render(pieces: &[Piece], fields: &BTreeMap<String, String>) -> Option<String> {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Lit(l) => s.push_str(l),
            Piece::Field(f) => match fields.get(f) {
                Some(v) if !v.is_empty() => s.push_str(v),
                _ => return None,
            },
        }
    }
    Some(s)
}

/// The fields of a JSON Lines record: each declared field by its pointer (`/a/b`) or key;
/// without declarations, every top-level scalar. Numbers and booleans become text.
pub fn json_fields(line: &str, declared: &[(String, String)]) -> Option<BTreeMap<String, String>> {
    let line = line.trim();
    if !line.starts_with('{') {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let obj = v.as_object()?;
    let text = |x: &serde_json::Value| match x {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        serde_json::Value::Array(a) => Some(byte_array(a).unwrap_or_else(|| x.to_string())),
        serde_json::Value::Object(_) => Some(x.to_string()),
        other => Some(other.to_string()),
    };
    let mut out = BTreeMap::new();
    if declared.is_empty() {
        for (k, x) in obj {
            if let Some(t) = text(x) {
                out.insert(k.clone(), t);
            }
        }
    } else {
        for (name, path) in declared {
            let x = if path.starts_with('/') { v.pointer(path) } else { obj.get(path) };
            if let Some(t) = x.and_then(text) {
                out.insert(name.clone(), t);
            }
        }
    }
    Some(out)
}

/// An array of numbers 0 to 255, as bytes read as UTF-8 (invalid sequences as U+FFFD): how
/// `journalctl -o json` writes a field that is not valid UTF-8 or holds control characters (a
/// message in Latin-1, one coloured with ANSI escapes). Read as the JSON text `[91,51,...]`, such
/// a message would match nothing, and the journal would say "nothing found" about it.
fn byte_array(a: &[serde_json::Value]) -> Option<String> {
    if a.is_empty() {
        return None;
    }
    let bytes: Option<Vec<u8>> = a.iter().map(|v| v.as_u64().and_then(|n| u8::try_from(n).ok())).collect();
    Some(String::from_utf8_lossy(&bytes?).into_owned())
}

/// The fields of one CSV record (possibly several physical lines) by column name.
pub fn csv_fields(record: &str, columns: &[String], declared: &[(String, String)]) -> Option<BTreeMap<String, String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(record.as_bytes());
    let rec = r.records().next()?.ok()?;
    if rec.len() < 2 {
        return None;
    }
    let mut by_col: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, c) in columns.iter().enumerate() {
        if let Some(v) = rec.get(i) {
            by_col.insert(c.as_str(), v);
        }
    }
    let mut out = BTreeMap::new();
    if declared.is_empty() {
        for (c, v) in &by_col {
            out.insert((*c).to_string(), (*v).to_string());
        }
    } else {
        for (name, col) in declared {
            if let Some(v) = by_col.get(col.as_str()) {
                out.insert(name.clone(), (*v).to_string());
            }
        }
    }
    Some(out)
}

/// How many fields one CSV line has (None when it does not parse).
pub fn csv_width(line: &str) -> Option<usize> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line.as_bytes());
    r.records().next()?.ok().map(|rec| rec.len())
}

/// A CSV record read strictly, one physical line at a time, as PostgreSQL's csvlog writes it:
/// a field is quoted from its first byte or not at all, a quote inside a quoted field is
/// doubled, and a closing quote is followed by a comma or the end of the line. Anything else
/// means the reader is not where it thinks (it started inside a quoted field, or a record was
/// cut), and is said at once (`bad`) rather than after the quotes happen to balance again.
#[derive(Debug, Clone, Copy)]
pub struct CsvScan {
    quoted: bool,
    /// Inside a quoted field, the last byte was a quote: the next one says whether it was
    /// doubled or closed the field.
    quote_seen: bool,
    /// A quoted field was closed: only a comma (or the line's end) may follow.
    closed: bool,
    field_start: bool,
    commas: usize,
    bad: bool,
}

impl Default for CsvScan {
    fn default() -> Self {
        CsvScan { quoted: false, quote_seen: false, closed: false, field_start: true, commas: 0, bad: false }
    }
}

impl CsvScan {
    /// Take one physical line (without its line end) of the record.
    pub fn feed(&mut self, line: &[u8]) {
        for &b in line {
            if self.bad {
                return;
            }
            if self.quoted {
                if !self.quote_seen {
                    self.quote_seen = b == b'"';
                    continue;
                }
                self.quote_seen = false;
                if b == b'"' {
                    continue;
                }
                self.quoted = false;
                self.closed = true;
            }
            match b {
                b',' => {
                    self.commas += 1;
                    self.field_start = true;
                    self.closed = false;
                }
                b'"' if self.field_start && !self.closed => {
                    self.quoted = true;
                    self.field_start = false;
                }
                b'"' => self.bad = true,
                _ if self.closed => self.bad = true,
                _ => self.field_start = false,
            }
        }
        // A quote that ends the line closes its field (a doubled quote never spans a newline).
        if self.quoted && self.quote_seen {
            self.quoted = false;
            self.quote_seen = false;
            self.closed = true;
        }
    }

    /// Is a quoted field still open (the record goes on on the next line)?
    pub fn open(&self) -> bool {
        self.quoted
    }

    /// Was the text not strict CSV?
    pub fn bad(&self) -> bool {
        self.bad
    }

    /// The fields seen so far.
    pub fn width(&self) -> usize {
        self.commas + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_or_skip() {
        let t = template("DETAIL:  ${detail}").unwrap();
        let mut f = BTreeMap::new();
        assert_eq!(render(&t, &f), None);
        f.insert("detail".into(), "Process 1 waits".into());
        assert_eq!(render(&t, &f).as_deref(), Some("DETAIL:  Process 1 waits"));
        assert!(template("${x").is_err());
    }

    #[test]
    fn journal_byte_arrays_are_read_as_text() {
        let decl = vec![("message".to_string(), "/MESSAGE".to_string()), ("ids".to_string(), "/IDS".to_string())];
        // "r\xe9sultat: No space" in Latin-1 (not UTF-8), and an ANSI-coloured "error".
        let line = r#"{"MESSAGE":[114,233,115,58,32,78,111,32,115,112,97,99,101],"IDS":["a","b"]}"#;
        let f = json_fields(line, &decl).unwrap();
        assert_eq!(f["message"], "r\u{fffd}s: No space");
        // Arrays of anything else stay their JSON text.
        assert_eq!(f["ids"], r#"["a","b"]"#);
        let f = json_fields(r#"{"MESSAGE":[27,91,51,49,109,101,114,114,111,114,27,91,51,57,109]}"#, &decl).unwrap();
        assert_eq!(f["message"], "\u{1b}[31merror\u{1b}[39m");
        let f = json_fields(r#"{"MESSAGE":[1,2,300]}"#, &decl).unwrap();
        assert_eq!(f["message"], "[1,2,300]");
    }

    #[test]
    fn json_and_csv_records() {
        let decl = vec![("time".to_string(), "/timestamp".to_string()), ("user".to_string(), "user".to_string())];
        let f = json_fields(r#"{"timestamp":"2026-11-26 08:36:16.972 UTC","user":"a\"b","pid":5}"#, &decl).unwrap();
        assert_eq!(f["user"], "a\"b");
        assert_eq!(f["time"], "2026-11-26 08:36:16.972 UTC");
        assert!(json_fields("not json", &decl).is_none());
        let cols: Vec<String> = ["log_time", "user_name", "message"].iter().map(|s| s.to_string()).collect();
        let f = csv_fields("2026-11-26 08:35:55.384 UTC,bob,\"two\nlines, \"\"quoted\"\"\"\n", &cols, &[]).unwrap();
        assert_eq!(f["message"], "two\nlines, \"quoted\"");
        assert_eq!(f["user_name"], "bob");
    }

    fn scan(lines: &[&str]) -> CsvScan {
        let mut s = CsvScan::default();
        for l in lines {
            s.feed(l.as_bytes());
        }
        s
    }

    #[test]
    fn strict_csv_lines() {
        let s = scan(&["a,\"b \"\"q\"\"\",,\"\""]);
        assert!(!s.open() && !s.bad());
        assert_eq!(s.width(), 4);
        let s = scan(&["a,\"two", "lines\",c"]);
        assert!(!s.open() && !s.bad());
        assert_eq!(s.width(), 3);
        let s = scan(&["a,\"open", "still"]);
        assert!(s.open());
        // A line that ends with a quote closes its field.
        let s = scan(&["a,\"x", "\""]);
        assert!(!s.open() && !s.bad());
        // Read from inside a quoted field: its closing quote comes in the middle of a field.
        assert!(scan(&["end of a statement;\",\"HINT\",x"]).bad());
        assert!(scan(&["a,\"closed\"then text"]).bad());
        assert!(scan(&["a,b\"c"]).bad());
    }
}
