//! The report as Markdown, for pasting into a support ticket.
//!
//! Every text from a log, a file name or a pack is data: in prose it goes through [`prose`]
//! (Markdown syntax backslash-escaped, `<`, `>` and `&` as entities, control characters shown as
//! in the text report), and a log line is quoted verbatim in a code span that it cannot close
//! ([`code`], [`cell_code`]).

use super::{esc, headline, input_line};
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::report::Report;
use std::fmt::Write;

/// A text as literal Markdown prose (CommonMark and GitHub Flavored Markdown): it renders as
/// the text itself, with no emphasis, link, image, HTML, table cell or block of its own.
/// Control characters first become visible as in the text report ([`esc`]); then the Markdown
/// punctuation ``\ ` * _ [ ] ( ) ! | # ~ $`` gets a backslash, `<`, `>` and `&` become `&lt;`,
/// `&gt;` and `&amp;`, and what would start a block at the start of a line (spaces, a tab, `-`,
/// `+`, `=`, `1.`) is escaped there too.
pub fn prose(s: &str) -> String {
    let s = esc(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 4);
    // At the start, what would begin a block: an indent, a list marker, an ordered list's `1.`.
    #[derive(PartialEq)]
    enum Start {
        Blank,
        Digits,
        Done,
    }
    let mut start = Start::Blank;
    for c in s.chars() {
        if start == Start::Blank {
            match c {
                ' ' => {
                    out.push_str("&#32;");
                    continue;
                }
                '\t' => {
                    out.push_str("&#9;");
                    continue;
                }
                '-' | '+' | '=' => {
                    out.push('\\');
                    out.push(c);
                    start = Start::Done;
                    continue;
                }
                '0'..='9' => start = Start::Digits,
                _ => start = Start::Done,
            }
        } else if start == Start::Digits {
            match c {
                '0'..='9' => {}
                '.' => {
                    out.push_str("\\.");
                    start = Start::Done;
                    continue;
                }
                _ => start = Start::Done,
            }
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// A text quoted verbatim in an inline code span it cannot close: the fence is one backtick
/// longer than the longest run of backticks in the text, with a space inside each end when the
/// text starts or ends with a backtick, or starts and ends with a space (CommonMark strips one
/// space from each end of such a span). Control characters are shown as in the text report.
/// An empty text gives an empty string (there is no empty code span).
pub fn code(s: &str) -> String {
    span(&esc(s))
}

/// [`code`] for a table cell: also every `|` escaped as `\|` (GitHub's tables split a row at
/// a `|` even inside a code span, and take `\|` back to `|` before reading the span).
pub fn cell_code(s: &str) -> String {
    span(&esc(s).replace('|', "\\|"))
}

fn span(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let (mut longest, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && s.chars().any(|c| c != ' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A URL as a link destination, when it is an http(s) URL: characters that would end or break
/// the destination escaped (backslash before `(`, `)`, `\`; spaces, `<`, `>` and control
/// characters percent-encoded). `None` for any other scheme.
fn link_url(u: &str) -> Option<String> {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' ' | '<' | '>' | '`' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() || super::is_hidden(c) => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

pub fn render(r: &Report) -> String {
    render_top(r, 10)
}

/// The top `n` unexplained templates, as a Markdown section (empty when none or `n` is 0).
pub fn unexplained(r: &Report, n: usize) -> String {
    let mut out = String::new();
    if n == 0 || r.unexplained.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "### Not explained by any rule\n\n{} of {} template(s) of error and warning lines that no finding used.\n",
        n.min(r.unexplained.len()),
        r.unexplained_total.max(r.unexplained.len() as u64)
    );
    let _ = writeln!(out, "| level | count | template | first (UTC) | example | KB candidates | near rules |\n|---|---|---|---|---|---|---|");
    for u in r.unexplained.iter().take(n) {
        let kb: Vec<String> = u.kb.iter().map(|k| format!("{} ({:.1})", prose(&k.article), k.score)).collect();
        let near: Vec<String> = u.near_rules.iter().map(|x| format!("{}: {}", prose(&x.rule), prose(&x.why))).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}:{} {} | {} | {} |",
            u.level.as_str(),
            u.count,
            cell_code(&u.template),
            u.first.as_deref().map_or_else(|| "-".to_string(), prose),
            prose(&u.example.path),
            u.example.line,
            cell_code(&u.example.text),
            if kb.is_empty() { "-".to_string() } else { kb.join(", ") },
            if near.is_empty() { "-".to_string() } else { near.join("; ") },
        );
    }
    if let Some(b) = &r.unexplained_bounded {
        let _ = writeln!(out, "\n_{}._", prose(b));
    }
    let _ = writeln!(out);
    out
}

/// The report, with the top `n` unexplained templates after the findings.
pub fn render_top(r: &Report, n: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## kbdiag report\n\n{}\n", headline(r));
    if !r.complete {
        let _ = writeln!(out, "**Incomplete.** This verdict does not rest on everything given:\n");
        for l in super::incomplete_lines(r, prose) {
            let _ = writeln!(out, "- {l}");
        }
        let _ = writeln!(out);
    }
    if r.findings.is_empty() && r.ruled_out.is_empty() && r.stats.files > 0 {
        let _ = writeln!(
            out,
            "{}\n",
            if r.complete {
                "No known problem found."
            } else {
                "No known problem found in what could be read; the run is incomplete (above)."
            }
        );
    }
    for f in &r.findings {
        let label = if f.outcome == Outcome::Confirmed { "Confirmed" } else { "Possible" };
        let title = match f.url.as_deref().map(|u| (u, link_url(u))) {
            Some((_, Some(u))) => format!("[{}]({u}) {}", prose(&f.kb), prose(&f.title)),
            Some((u, None)) => format!("{} {} ({})", prose(&f.kb), prose(&f.title), prose(u)),
            None => format!("{} {}", prose(&f.kb), prose(&f.title)),
        };
        let _ = writeln!(out, "### {label}: {title}\n");
        let _ = writeln!(
            out,
            "Rule {}, severity {}, confidence {:.2}.\n",
            code(&f.rule),
            f.severity.as_str(),
            f.confidence
        );
        if let Some(s) = &f.summary {
            let _ = writeln!(out, "{}\n", prose(s));
        }
        let _ = writeln!(out, "**Cause.** {}\n", prose(&f.cause));
        if !f.missing.is_empty() {
            let _ = writeln!(out, "**Missing evidence.**\n");
            for m in &f.missing {
                let _ = writeln!(out, "- {}", prose(m));
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "**Steps.**\n");
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, prose(s));
        }
        for x in &f.superseded {
            let _ = writeln!(out, "\nAlso explains {} {} ({}).", prose(&x.kb), prose(&x.title), x.outcome.as_str());
        }
        let _ = writeln!(out, "\n**Evidence.**\n\n| where | time (UTC) | line |\n|---|---|---|");
        for e in &f.evidence {
            let _ = writeln!(
                out,
                "| {}:{} | {} | {} |",
                prose(&e.path),
                e.line,
                e.time.as_deref().map_or_else(|| "-".to_string(), prose),
                cell_code(&e.text)
            );
        }
        if let Some(more) = super::text::omitted(f) {
            let _ = writeln!(out, "\n_{more}._");
        }
        let _ = writeln!(out);
    }
    if !r.ruled_out.is_empty() {
        let _ = writeln!(out, "### Ruled out\n");
        for x in &r.ruled_out {
            let _ = writeln!(out, "- **{} {}**: {}", prose(&x.kb), prose(&x.title), prose(&x.reason));
        }
        let _ = writeln!(out);
    }
    if !r.errors.is_empty() {
        let _ = writeln!(out, "### Errors\n");
        for e in &r.errors {
            let _ = writeln!(
                out,
                "- {}{}: {}",
                prose(e.file.as_deref().unwrap_or("")),
                e.rule.as_deref().map(|r| format!(" ({})", prose(r))).unwrap_or_default(),
                prose(&e.message)
            );
        }
        let _ = writeln!(out);
    }
    out.push_str(&unexplained(r, n));
    let _ = writeln!(out, "<details><summary>Inputs</summary>\n");
    for i in &r.inputs {
        let _ = writeln!(out, "- {}", input_line(i, prose));
        for w in &i.warnings {
            let _ = writeln!(out, "  - warning: {}", prose(&w.message));
        }
    }
    let _ = writeln!(out, "\n</details>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_literal() {
        assert_eq!(prose("a|b``c_*d*_<script>"), "a\\|b\\`\\`c\\_\\*d\\*\\_&lt;script&gt;");
        assert_eq!(prose("![x](http://evil)"), "\\!\\[x\\]\\(http://evil\\)");
        assert_eq!(prose("<img src=x> & &amp;"), "&lt;img src=x&gt; &amp; &amp;amp;");
        assert_eq!(prose("# h ~~s~~ $x$ \\"), "\\# h \\~\\~s\\~\\~ \\$x\\$ \\\\");
        assert_eq!(prose("- item"), "\\- item");
        assert_eq!(prose("12. item 3.5"), "12\\. item 3.5");
        assert_eq!(prose("  - x"), "&#32;&#32;\\- x");
        assert_eq!(prose("a-b 1. c"), "a-b 1. c");
        assert_eq!(prose("3 failed 2024-06-12"), "3 failed 2024-06-12");
        assert_eq!(prose("2024-06-12T07:00:01Z"), "2024-06-12T07:00:01Z");
        assert_eq!(prose("1) x"), "1\\) x");
        assert_eq!(prose("\x1b[2J\r\u{202e}"), "\\\\x1b\\[2J\\\\r\\\\u{202e}");
    }

    #[test]
    fn code_spans_cannot_be_closed() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a``b`"), "``` a``b` ```");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code(" a"), "` a`");
        assert_eq!(code("  "), "`  `");
        assert_eq!(code(""), "");
        assert_eq!(code("a|b"), "`a|b`");
        assert_eq!(cell_code("a|b\\|c"), "`a\\|b\\\\|c`");
        assert_eq!(code("\x1b]0;t\x07\x08"), "`\\x1b]0;t\\x07\\x08`");
    }

    #[test]
    fn link_urls() {
        assert_eq!(link_url("https://x/a b(c)").as_deref(), Some("https://x/a%20b\\(c\\)"));
        assert_eq!(link_url("HTTP://x/<\x1b>").as_deref(), Some("HTTP://x/%3C%1B%3E"));
        assert_eq!(link_url("javascript:alert(1)"), None);
    }
}
