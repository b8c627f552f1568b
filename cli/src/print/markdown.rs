//! The report as Markdown, for pasting into a support ticket.

use super::{headline, input_line};
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::report::Report;
use std::fmt::Write;

/// Keep log text from breaking the table or the inline code.
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace('|', "\\|"))
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## kbdiag report\n\n{}\n", headline(r));
    for f in &r.findings {
        let label = if f.outcome == Outcome::Confirmed { "Confirmed" } else { "Possible" };
        let title = match &f.url {
            Some(u) => format!("[{}]({u}) {}", f.kb, f.title),
            None => format!("{} {}", f.kb, f.title),
        };
        let _ = writeln!(out, "### {label}: {title}\n");
        let _ = writeln!(out, "Rule `{}`, severity {}, confidence {:.2}.\n", f.rule, f.severity.as_str(), f.confidence);
        if let Some(s) = &f.summary {
            let _ = writeln!(out, "{s}\n");
        }
        let _ = writeln!(out, "**Cause.** {}\n", f.cause);
        if !f.missing.is_empty() {
            let _ = writeln!(out, "**Missing evidence.**\n");
            for m in &f.missing {
                let _ = writeln!(out, "- {m}");
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "**Steps.**\n");
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(out, "{}. {s}", i + 1);
        }
        for x in &f.superseded {
            let _ = writeln!(out, "\nAlso explains {} {} ({}).", x.kb, x.title, x.outcome.as_str());
        }
        let _ = writeln!(out, "\n**Evidence.**\n\n| where | time (UTC) | line |\n|---|---|---|");
        for e in &f.evidence {
            let _ = writeln!(
                out,
                "| {}:{} | {} | {} |",
                e.path.replace('|', "\\|"),
                e.line,
                e.time.as_deref().unwrap_or("-"),
                code(&e.text)
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
            let _ = writeln!(out, "- **{} {}**: {}", x.kb, x.title, x.reason);
        }
        let _ = writeln!(out);
    }
    if !r.errors.is_empty() {
        let _ = writeln!(out, "### Errors\n");
        for e in &r.errors {
            let _ = writeln!(
                out,
                "- {}{}: {}",
                e.file.as_deref().unwrap_or(""),
                e.rule.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
                e.message
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "<details><summary>Inputs</summary>\n");
    for i in &r.inputs {
        let _ = writeln!(out, "- {}", input_line(i));
        for w in &i.warnings {
            let _ = writeln!(out, "  - warning: {w}");
        }
    }
    let _ = writeln!(out, "\n</details>");
    out
}
