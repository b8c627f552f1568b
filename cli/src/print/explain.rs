//! `kbdiag explain` for a terminal.

use kbdiag_engine::explain::{Compiled, Explanation};
use std::fmt::Write;

use super::{BOLD, DIM, GREEN, RED, RESET};

pub fn render(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BOLD}{} {}{RESET} ({}, {})", e.kb, e.title, e.rule, e.file);
    let _ = writeln!(out, "outcome: {BOLD}{}{RESET}", e.outcome.as_str());
    if !e.reason.is_empty() {
        let _ = writeln!(out, "because: {}", e.reason);
    }
    let _ = writeln!(out, "\n{BOLD}Symptoms{RESET}");
    for s in &e.symptoms {
        let mark = if s.hits > 0 { format!("{GREEN}✔{RESET}") } else { format!("{RED}✘{RESET}") };
        let _ = writeln!(
            out,
            "  {mark} {}: {} hit(s){} — reads {}",
            s.name,
            s.hits,
            if s.rejected > 0 { format!(", {} candidate line(s) turned down", s.rejected) } else { String::new() },
            if s.sources.is_empty() { "any log".to_string() } else { s.sources.join(", ") }
        );
        let _ = writeln!(
            out,
            "      read from: {}",
            if s.read_from.is_empty() { "(no input of that kind)".to_string() } else { s.read_from.join(", ") }
        );
        super::text::evidence(&mut out, &s.first_hits, 6);
        for r in &s.rejects {
            let _ = writeln!(out, "      turned down {DIM}{}:{}{RESET}: {}", r.path, r.line, r.why);
            let _ = writeln!(out, "        {DIM}{}{RESET}", r.text);
        }
    }
    let _ = writeln!(out, "\n{BOLD}Conditions{RESET}");
    for c in &e.conditions {
        let mark = if c.ok { format!("{GREEN}pass{RESET}") } else { format!("{RED}fail{RESET}") };
        let _ = writeln!(out, "  {mark} {} = {}", c.name, c.condition);
        let _ = writeln!(out, "       {}", c.detail);
        if let Some(err) = &c.error {
            let _ = writeln!(out, "       error: {err}");
        }
    }
    if !e.missing.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Missing input{RESET}");
        for m in &e.missing {
            let _ = writeln!(out, "  - {m}");
        }
    }
    if !e.advice.is_empty() {
        let _ = writeln!(out, "\n{BOLD}What to change or check{RESET}");
        for a in &e.advice {
            let _ = writeln!(out, "  - {a}");
        }
    }
    out
}

pub fn compiled(c: &Compiled) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BOLD}{} {}{RESET} ({})", c.kb, c.rule, c.file);
    for s in &c.symptoms {
        let _ = writeln!(out, "  symptom {BOLD}{}{RESET}", s.name);
        let _ = writeln!(
            out,
            "    sources:   {}",
            if s.sources.is_empty() { "any log".into() } else { s.sources.join(", ") }
        );
        let _ = writeln!(out, "    prefilter: {} ({})", s.prefilter, s.literal_origin);
        for l in &s.literals {
            let _ = writeln!(out, "      literal \"{l}\"");
        }
        if let Some(r) = &s.regex {
            let _ = writeln!(out, "    regex:     {r}");
        }
        for (f, r) in &s.r#where {
            let _ = writeln!(out, "    where:     {f} ~ {r}");
        }
    }
    let _ = writeln!(out, "  require: {}", c.require);
    if let Some(x) = &c.confirm {
        let _ = writeln!(out, "  confirm: {x}");
    }
    for (n, d) in &c.conditions {
        let _ = writeln!(out, "  condition {n} = {d}");
    }
    if !c.supersedes.is_empty() {
        let _ = writeln!(out, "  supersedes: {}", c.supersedes.join(", "));
    }
    let _ = writeln!(out, "  steps: {}", c.steps);
    out
}
