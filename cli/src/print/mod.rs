//! Printers: a report rendered for a person (text, with colour that anstream strips when stdout
//! is not a terminal or NO_COLOR is set) or for a ticket (Markdown). JSON is serde's.

pub mod explain;
pub mod markdown;
pub mod text;

use kbdiag_engine::report::Report;

// ANSI styles; anstream strips them when stdout is not a terminal or NO_COLOR is set.
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// "3 inputs, 1 confirmed, 1 possible, 1 ruled out" — one line for the top of a report.
pub fn headline(r: &Report) -> String {
    let n = |k: &str| r.stats.outcomes.get(k).copied().unwrap_or(0);
    format!(
        "{} input(s), {} rule(s): {} confirmed, {} possible, {} ruled out, {} not matched, {} error(s)",
        r.inputs.len(),
        r.stats.rules,
        n("confirmed"),
        n("possible"),
        n("ruled_out"),
        n("not_matched"),
        n("error")
    )
}

pub fn input_line(i: &kbdiag_engine::scan::InputSummary) -> String {
    let fmt = match &i.role {
        Some(r) => format!("{}/{}", i.format, r),
        None => i.format.clone(),
    };
    let span = match (&i.first, &i.last) {
        (Some(f), Some(l)) => format!(", {} to {}", kbdiag_engine::time::rfc3339(*f), kbdiag_engine::time::rfc3339(*l)),
        _ => String::new(),
    };
    format!("{} [{}] {} event(s), {} byte(s){}", i.path, fmt, i.events, i.bytes, span)
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
            format!("{} ({})", rule.id, rule.kb.article),
            r.nanos as f64 / 1e6,
            r.candidates,
            events
        );
    }
    out
}
