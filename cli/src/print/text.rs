//! The report for a terminal: grouped by outcome, steps numbered, evidence as `path:line`.
//! Every text from a log, a file name or a pack goes through [`esc`] before it is styled.

use super::{esc, headline, input_line};
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::report::{Evidence, Report};
use std::fmt::Write;

use super::{BOLD, DIM, GREEN, RED, RESET, YELLOW};

/// Evidence lines as `path:line  time  text`, indented by `indent` spaces.
pub fn evidence(out: &mut String, ev: &[Evidence], indent: usize) {
    for e in ev {
        let _ = writeln!(
            out,
            "{:indent$}{DIM}{}:{}{RESET}  {}  {}",
            "",
            esc(&e.path),
            e.line,
            esc(e.time.as_deref().unwrap_or("(no time)")),
            esc(&e.text)
        );
    }
}

/// "… N more evidence line(s) between these" when the finding's evidence was shortened.
pub fn omitted(f: &kbdiag_engine::report::Finding) -> Option<String> {
    let left = f.evidence_total.saturating_sub(f.evidence.len() as u64);
    (left > 0).then(|| {
        format!(
            "{} evidence line(s) in all; the first and last {} are shown, {left} in between are not (--max-evidence)",
            f.evidence_total,
            f.evidence.len() / 2
        )
    })
}

/// The run summary: files, bytes, lines, throughput, rules, outcomes.
pub fn summary(r: &Report) -> String {
    let s = &r.stats;
    let secs = (s.elapsed_ms as f64 / 1000.0).max(0.001);
    format!(
        "{DIM}Read {} file(s), {}, {} line(s) in {:.2} s ({}/s); {}{RESET}\n",
        s.files,
        bytes(s.bytes),
        s.lines,
        secs,
        bytes((s.bytes as f64 / secs) as u64),
        headline(r).split_once(", ").map_or(String::new(), |(_, rest)| rest.to_string())
    )
}

/// The top `n` templates of lines no finding explains, after the findings (empty when none).
pub fn unexplained(r: &Report, n: usize) -> String {
    let mut out = String::new();
    if n == 0 || r.unexplained.is_empty() {
        return out;
    }
    let shown = n.min(r.unexplained.len());
    let _ = writeln!(
        out,
        "{BOLD}Not explained by any rule{RESET} ({shown} of {} template(s) of error and warning lines):",
        r.unexplained_total.max(r.unexplained.len() as u64)
    );
    for (i, u) in r.unexplained.iter().take(n).enumerate() {
        let style = if u.level == kbdiag_engine::triage::Level::Error { RED } else { YELLOW };
        let _ = writeln!(out, "  {}. {style}{}{RESET} x{}  {}", i + 1, u.level.as_str(), u.count, esc(&u.template));
        let span = match (&u.first, &u.last) {
            (Some(a), Some(b)) if a != b => format!("{} .. {}", esc(a), esc(b)),
            (Some(a), _) => esc(a).into_owned(),
            _ => "(no time)".into(),
        };
        let _ = writeln!(
            out,
            "     {DIM}{span}; e.g. {}:{}{RESET}  {}",
            esc(&u.example.path),
            u.example.line,
            esc(&u.example.text)
        );
        for k in &u.kb {
            let _ = writeln!(out, "     KB {} {} (score {:.1})", esc(&k.article), esc(&k.title), k.score);
        }
        for nr in &u.near_rules {
            let _ = writeln!(out, "     near rule {} ({}): {}", esc(&nr.rule), esc(&nr.kb), esc(&nr.why));
        }
    }
    if let Some(b) = &r.unexplained_bounded {
        let _ = writeln!(out, "  {DIM}{}{RESET}", esc(b));
    }
    out.push('\n');
    out
}

/// 1 GiB, 12.3 MiB, 512 B (the engine's wording, as in its warnings).
pub fn bytes(n: u64) -> String {
    kbdiag_engine::input::human_bytes(n)
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{BOLD}kbdiag {}{RESET}: {}", r.tool.version, headline(r));
    for f in &r.findings {
        let (colour, label) = match f.outcome {
            Outcome::Confirmed => (RED, "CONFIRMED"),
            _ => (YELLOW, "POSSIBLE"),
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "{colour}{label}{RESET} {BOLD}{} {}{RESET}", esc(&f.kb), esc(&f.title));
        let _ =
            writeln!(out, "  rule {}, severity {}, confidence {:.2}", esc(&f.rule), f.severity.as_str(), f.confidence);
        if let Some(s) = &f.summary {
            let _ = writeln!(out, "  {}", esc(s));
        }
        let _ = writeln!(out, "  {BOLD}Cause{RESET}: {}", esc(&f.cause));
        if !f.missing.is_empty() {
            let _ = writeln!(out, "  {BOLD}Missing{RESET}:");
            for m in &f.missing {
                let _ = writeln!(out, "    - {}", esc(m));
            }
        }
        let _ = writeln!(out, "  {BOLD}Steps{RESET}:");
        for (i, s) in f.steps.iter().enumerate() {
            let _ = writeln!(out, "    {}. {}", i + 1, esc(s));
        }
        let _ = writeln!(out, "  {BOLD}Evidence{RESET}:");
        evidence(&mut out, &f.evidence, 4);
        if let Some(more) = omitted(f) {
            let _ = writeln!(out, "    {DIM}({more}){RESET}");
        }
        for x in &f.superseded {
            let _ = writeln!(
                out,
                "  {BOLD}Also explains{RESET}: {} {} ({})",
                esc(&x.kb),
                esc(&x.title),
                x.outcome.as_str()
            );
        }
        if let Some(u) = &f.url {
            let _ = writeln!(out, "  {DIM}{}{RESET}", esc(u));
        }
    }
    if !r.ruled_out.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{GREEN}RULED OUT{RESET}");
        for x in &r.ruled_out {
            let _ = writeln!(out, "  {BOLD}{} {}{RESET}", esc(&x.kb), esc(&x.title));
            let _ = writeln!(out, "    {}", esc(&x.reason));
            evidence(&mut out, &x.evidence, 4);
        }
    }
    if r.findings.is_empty() && r.ruled_out.is_empty() {
        let _ = writeln!(out);
        let readable = r.stats.files;
        if readable == 0 {
            let _ = writeln!(out, "Nothing could be diagnosed: no input could be read, or every one was empty.");
        } else if r.complete {
            let _ = writeln!(out, "No known problem found in {readable} readable input(s).");
        } else {
            let _ = writeln!(
                out,
                "{YELLOW}No known problem found in what could be read, but the run is incomplete:{RESET} a problem may sit in what was not read or not judged."
            );
        }
    }
    if !r.complete {
        let _ = writeln!(out);
        let _ = writeln!(out, "{YELLOW}INCOMPLETE{RESET}: this verdict does not rest on everything given:");
        for l in super::incomplete_lines(r, |s| esc(s).into_owned()) {
            let _ = writeln!(out, "  - {l}");
        }
    }
    if !r.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{RED}ERRORS{RESET}");
        for e in &r.errors {
            let mut at = esc(e.file.as_deref().unwrap_or_default()).into_owned();
            if let Some(l) = e.line {
                at.push_str(&format!(":{l}"));
            }
            let who = e.rule.as_deref().map(|r| format!(" rule {}:", esc(r))).unwrap_or_default();
            let _ = writeln!(out, "  {at}:{who} {}", esc(&e.message));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{BOLD}Inputs{RESET}");
    for i in &r.inputs {
        let _ = writeln!(out, "  {}", input_line(i, |s| esc(s).into_owned()));
        for w in &i.warnings {
            let _ = writeln!(out, "    {YELLOW}warning{RESET}: {}", esc(&w.message));
        }
    }
    out
}

pub fn rules_list(set: &RuleSet) -> String {
    let mut out = String::new();
    for (meta, origin) in &set.packs {
        let _ = writeln!(out, "{BOLD}{} {}{RESET} {DIM}({}){RESET}", esc(&meta.name), esc(&meta.version), esc(origin));
        for r in set.rules.iter().filter(|r| r.pack == meta.name) {
            let _ = writeln!(
                out,
                "  {:<16} {:<36} {:<8} {}",
                esc(&r.kb.article),
                esc(&r.id),
                r.severity.as_str(),
                esc(&r.title)
            );
        }
    }
    out
}
