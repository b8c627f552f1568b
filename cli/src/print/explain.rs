//! `kbdiag explain` for a terminal. Every text from a log, a file name or a pack goes through
//! [`esc`] before it is styled.

use kbdiag_engine::explain::{Compiled, Explanation};
use std::fmt::Write;

use super::{esc, BOLD, DIM, GREEN, RED, RESET, YELLOW};

/// The texts, escaped, joined by ", ".
fn list(xs: &[String]) -> String {
    xs.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ")
}

pub fn render(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BOLD}{} {}{RESET} ({}, {})", esc(&e.kb), esc(&e.title), esc(&e.rule), esc(&e.file));
    let _ = writeln!(out, "outcome: {BOLD}{}{RESET}", e.outcome.as_str());
    if !e.reason.is_empty() {
        let _ = writeln!(out, "because: {}", esc(&e.reason));
    }
    let _ = writeln!(out, "\n{BOLD}Symptoms{RESET}");
    for s in &e.symptoms {
        let mark = if s.hits > 0 { format!("{GREEN}✔{RESET}") } else { format!("{RED}✘{RESET}") };
        let _ = writeln!(
            out,
            "  {mark} {}: {} hit(s){} — reads {}",
            esc(&s.name),
            s.hits,
            if s.rejected > 0 { format!(", {} candidate line(s) turned down", s.rejected) } else { String::new() },
            if s.sources.is_empty() { "any log".to_string() } else { list(&s.sources) }
        );
        let _ = writeln!(
            out,
            "      read from: {}",
            if s.read_from.is_empty() { "(no input of that kind)".to_string() } else { list(&s.read_from) }
        );
        super::text::evidence(&mut out, &s.first_hits, 6);
        for r in &s.rejects {
            let _ = writeln!(out, "      turned down {DIM}{}:{}{RESET}: {}", esc(&r.path), r.line, esc(&r.why));
            let _ = writeln!(out, "        {DIM}{}{RESET}", esc(&r.text));
        }
    }
    let _ = writeln!(out, "\n{BOLD}Conditions{RESET}");
    for c in &e.conditions {
        let mark = match (c.ok, &c.undecided) {
            (true, _) => format!("{GREEN}pass{RESET}"),
            (false, Some(_)) => format!("{YELLOW}undecided{RESET}"),
            (false, None) => format!("{RED}fail{RESET}"),
        };
        let _ = writeln!(out, "  {mark} {} = {}", esc(&c.name), esc(&c.condition));
        match &c.undecided {
            // Neither met nor contradicted: why first, then what was and was not found.
            Some(why) if !c.ok => {
                let _ = writeln!(out, "       {}", esc(why));
                let _ = writeln!(out, "       {DIM}({}){RESET}", esc(&c.detail));
            }
            _ => {
                let _ = writeln!(out, "       {}", esc(&c.detail));
            }
        }
        if let Some(err) = &c.error {
            let _ = writeln!(out, "       error: {}", esc(err));
        }
    }
    if !e.missing.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Missing input{RESET}");
        for m in &e.missing {
            let _ = writeln!(out, "  - {}", esc(m));
        }
    }
    if !e.advice.is_empty() {
        let _ = writeln!(out, "\n{BOLD}What to change or check{RESET}");
        for a in &e.advice {
            let _ = writeln!(out, "  - {}", esc(a));
        }
    }
    out
}

pub fn compiled(c: &Compiled) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BOLD}{} {}{RESET} ({})", esc(&c.kb), esc(&c.rule), esc(&c.file));
    for s in &c.symptoms {
        let _ = writeln!(out, "  symptom {BOLD}{}{RESET}", esc(&s.name));
        let _ =
            writeln!(out, "    sources:   {}", if s.sources.is_empty() { "any log".into() } else { list(&s.sources) });
        let _ = writeln!(out, "    prefilter: {} ({})", esc(&s.prefilter), esc(&s.literal_origin));
        for (l, how) in s.literals.iter().zip(&s.literal_search) {
            let _ = writeln!(out, "      literal \"{}\" ({})", esc(l), esc(how));
        }
        if let Some(r) = &s.regex {
            let _ = writeln!(out, "    regex:     {}", esc(r));
        }
        for (f, r) in &s.r#where {
            let _ = writeln!(out, "    where:     {} ~ {}", esc(f), esc(r));
        }
    }
    let _ = writeln!(out, "  require: {}", esc(&c.require));
    if let Some(x) = &c.confirm {
        let _ = writeln!(out, "  confirm: {}", esc(x));
    }
    for (n, d) in &c.conditions {
        let _ = writeln!(out, "  condition {} = {}", esc(n), esc(d));
    }
    if !c.supersedes.is_empty() {
        let _ = writeln!(out, "  supersedes: {}", list(&c.supersedes));
    }
    let _ = writeln!(out, "  steps: {}", c.steps);
    out
}
