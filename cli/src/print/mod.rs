//! Printers: a report rendered for a person (text, with colour that anstream strips when stdout
//! is not a terminal or NO_COLOR is set) or for a ticket (Markdown, or one HTML file with a
//! timeline). JSON is serde's.
//!
//! Log text, field values (they reach the filled texts of a finding), file names and the texts
//! of packs are data, never terminal or Markdown syntax: every printer passes each of them
//! through [`esc`] (text) or [`markdown::prose`] / [`markdown::code`] (Markdown) before it
//! wraps them in its own styles.

pub mod explain;
pub mod html;
pub mod markdown;
pub mod text;

use kbdiag_engine::report::Report;
use std::borrow::Cow;

// The styles of every printer and of `kbdiag test` (anstyle renders them as ANSI escapes);
// anstream strips them when stdout is not a terminal or NO_COLOR is set.
use anstyle::{AnsiColor, Reset, Style};
pub const BOLD: Style = Style::new().bold();
pub const RED: Style = AnsiColor::Red.on_default().bold();
pub const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const DIM: Style = Style::new().dimmed();
pub const RESET: Reset = Reset;

/// Text from a log, a file name or a pack, made safe for a terminal: every control character
/// shown visibly instead of acting on the terminal. Tab is kept as it is (harmless, and common in
/// logs); line feed and carriage return become `\n` and `\r`; ESC, the other C0 controls and DEL
/// `\xNN` (ESC `\x1b`, backspace `\x08`); the C1 controls (U+0080 to U+009F) and the
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069: they can
/// make text read differently from what it is) and the invisible characters (below)
/// `\u{NN}` (`\u{9b}`, `\u{202e}`, `\u{200b}`). Everything else, backslashes included, is
/// left as it is.
pub fn esc(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || is_hidden(c)
}

/// Unicode's Bidi_Control characters, and the characters that show nothing but change what a
/// text is: "ad\u{200b}min" prints as "admin" and is not that name; tag characters (U+E0000
/// to U+E007F) can carry a whole hidden sentence to whatever reads the ticket next; U+2028 and
/// U+2029 end lines where no line ends. (Soft hyphen, zero-width space, joiners and word
/// joiner, the invisible operators, the byte-order mark, the Mongolian vowel separator and the
/// interlinear annotation marks.)
pub(crate) fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{00ad}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// `c`, or its visible escape when it is a control character.
fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    if !needs_escape(c) {
        out.push(c);
        return;
    }
    let _ = match c {
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        '\0'..='\x7f' => write!(out, "\\x{:02x}", c as u32),
        _ => write!(out, "\\u{{{:x}}}", c as u32),
    };
}

/// "3 inputs, 1 confirmed, 1 possible, 1 ruled out" — one line for the top of a report.
pub fn headline(r: &Report) -> String {
    use kbdiag_engine::judge::Outcome;
    let n = |k: &str| {
        let o = match k {
            "confirmed" => Outcome::Confirmed,
            "possible" => Outcome::Possible,
            "ruled_out" => Outcome::RuledOut,
            "not_matched" => Outcome::NotMatched,
            _ => Outcome::Error,
        };
        r.stats.outcomes.get(&o).copied().unwrap_or(0)
    };
    format!(
        "{} input(s), {} rule(s): {} confirmed, {} possible, {} ruled out, {} not matched, {} error(s){}",
        r.inputs.len(),
        r.stats.rules,
        n("confirmed"),
        n("possible"),
        n("ruled_out"),
        n("not_matched"),
        n("error"),
        if r.complete { String::new() } else { format!("; INCOMPLETE ({} reason(s) below)", r.incomplete.len()) }
    )
}

/// The lead of a report whose verdict does not rest on everything: what was not read or not
/// judged, one reason per line (each passed through the printer's `esc`).
pub fn incomplete_lines(r: &Report, esc: impl Fn(&str) -> String) -> Vec<String> {
    r.incomplete.iter().map(|x| esc(x)).collect()
}

/// `path [format/role] N event(s), N byte(s), from to`, each text passed through `esc` (the
/// escaping of the printer).
pub fn input_line(i: &kbdiag_engine::report::InputSummary, esc: impl Fn(&str) -> String) -> String {
    let fmt = match &i.role {
        Some(r) => format!("{}/{}", esc(&i.format), esc(r)),
        None => esc(&i.format),
    };
    let span = match (&i.first, &i.last) {
        (Some(f), Some(l)) => format!(", {} to {}", kbdiag_engine::time::rfc3339(*f), kbdiag_engine::time::rfc3339(*l)),
        _ => String::new(),
    };
    format!("{} [{}] {} event(s), {} byte(s){}", esc(&i.path), fmt, i.events, i.bytes, span)
}

/// `--profile`: per rule the candidate lines its symptoms examined and the time spent on them
/// and on judging it, slowest first.
pub fn profile(set: &kbdiag_engine::pack::RuleSet, run: &kbdiag_engine::Run) -> String {
    use std::fmt::Write;
    let mut rows: Vec<&kbdiag_engine::RuleRun> = run.rules.iter().collect();
    rows.sort_by(|a, b| b.nanos.cmp(&a.nanos).then(b.candidates.cmp(&a.candidates)));
    let mut out = String::from("profile: rule, time, candidate lines, events\n");
    for r in rows {
        let rule = &set.rules[r.rule];
        let events: usize = r.hits.iter().map(|h| h.len()).sum();
        let _ = writeln!(
            out,
            "  {:<52} {:>10.3} ms {:>10} {:>8}",
            format!("{} ({})", esc(&rule.id), esc(&rule.kb.article)),
            r.nanos as f64 / 1e6,
            r.candidates,
            events
        );
    }
    let st = &run.stages;
    let _ = writeln!(
        out,
        "stages (thread time, all threads): reading and decompressing {:.3} s, literal search {:.3} s, lines {:.3} s, symptoms {:.3} s",
        st.read_ns as f64 / 1e9,
        st.search_ns as f64 / 1e9,
        st.lines_ns as f64 / 1e9,
        st.symptoms_ns as f64 / 1e9
    );
    out
}

/// Write a report to stdout: `raw` (JSON, HTML) byte-exact, otherwise through anstream (colour
/// stripped where stdout is no terminal). A reader that went away (`| head -1`) is no error:
/// the run's exit status still says what it found, so a `--fail-on` gate is not passed by a
/// short read. Any other failure (a full disk behind `> report.txt`, an I/O error) loses the
/// report: it is said on stderr and the status is 2, never a silent 0.
pub fn to_stdout(out: &[u8], raw: bool) -> Result<(), std::process::ExitCode> {
    use std::io::Write as _;
    let r = if raw {
        let mut s = std::io::stdout().lock();
        s.write_all(out).and_then(|_| s.flush())
    } else {
        let mut s = anstream::stdout();
        s.write_all(out).and_then(|_| s.flush())
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            let _ = writeln!(anstream::stderr(), "kbdiag: error: writing the output: {e}");
            Err(std::process::ExitCode::from(2))
        }
    }
}
