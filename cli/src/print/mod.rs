//! Printers: a report rendered for a person (text, with colour that anstream strips when stdout
//! is not a terminal or NO_COLOR is set) or for a ticket (Markdown). JSON is serde's.

pub mod explain;
pub mod markdown;
pub mod text;

use kbdiag_engine::report::Report;

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
