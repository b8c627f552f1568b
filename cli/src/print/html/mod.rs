//! The report as one self-contained HTML file, to attach to a ticket and open offline: inline
//! CSS, inline SVG, no script, no external resource (a Content-Security-Policy in the page
//! says so to the browser too). Readable on screen, in a dark colour scheme and on paper.
//!
//! Sections, in the order a reader needs them: the verdict (and whether the run saw
//! everything), each finding (cause, steps, its timeline, evidence), what was ruled out,
//! errors, unexplained templates (when the report has them), the inputs with their warnings.
//! Every text from a log, a file name or a pack goes through [`escape`].

pub mod escape;
pub mod timeline;

use escape::{attr, text};
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::report::{Finding, Report};
use kbdiag_engine::warning::Code;
use std::fmt::Write;

const CSS: &str = include_str!("report.css");

/// A warning's code as in the JSON (`zone_assumed`).
pub(crate) fn code(c: Code) -> String {
    serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Why the run may not have seen everything (inputs not read whole, rules not judged), as the
/// engine decides it (`Report::complete`); empty when the verdict rests on everything.
pub fn incomplete_reasons(r: &Report) -> Vec<String> {
    if r.complete {
        Vec::new()
    } else {
        r.incomplete.clone()
    }
}

pub fn render(r: &Report) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let title = match r.findings.first() {
        Some(f) => format!("{} {} — kbdiag report", f.kb, f.outcome.as_str()),
        None => "kbdiag report".to_string(),
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"generator\" content=\"kbdiag {}\">\n\
<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        text(&r.tool.version),
        text(&title)
    );
    s.push_str(&verdict(r));
    for (n, f) in r.findings.iter().enumerate() {
        s.push_str(&finding(n, f, r));
    }
    s.push_str(&ruled_out(r));
    s.push_str(&errors(r));
    s.push_str(&unexplained(r));
    s.push_str(&inputs(r));
    let st = &r.stats;
    let _ = write!(
        s,
        "<footer>\n<p class=\"run\">kbdiag {} read {} file(s), {}, {} line(s) in {:.2} s.</p>\n\
<p>Times are UTC; each lane of a timeline also shows the clock its log was written in. Hover a mark for its line.</p>\n</footer>\n</main>\n</body>\n</html>\n",
        text(&r.tool.version),
        st.files,
        text(&kbdiag_engine::input::human_bytes(st.bytes)),
        st.lines,
        st.elapsed_ms as f64 / 1000.0
    );
    s
}

/// The headline: what was found, how sure, and whether the run saw everything.
fn verdict(r: &Report) -> String {
    let mut s = String::from("<header class=\"verdict\">\n<p class=\"brand\">kbdiag report</p>\n");
    let confirmed = r.findings.iter().filter(|f| f.outcome == Outcome::Confirmed).count();
    let possible = r.findings.len() - confirmed;
    let (class, head) = if confirmed > 0 {
        ("confirmed", format!("{confirmed} confirmed problem(s)"))
    } else if possible > 0 {
        ("possible", format!("{possible} possible problem(s)"))
    } else if r.stats.files == 0 {
        ("error", "Nothing could be diagnosed".to_string())
    } else if r.complete {
        ("clean", "No known problem found".to_string())
    } else {
        // Absence is a verdict only when everything was read and judged.
        ("possible", "No known problem found in what could be read".to_string())
    };
    let extra = if confirmed > 0 && possible > 0 { format!(", {possible} possible") } else { String::new() };
    let _ = writeln!(s, "<h1 class=\"{class}\" id=\"verdict\" data-verdict=\"{class}\">{head}{extra}</h1>");
    if !r.findings.is_empty() {
        s.push_str("<ul class=\"toc\">\n");
        for (n, f) in r.findings.iter().enumerate() {
            let _ = writeln!(
                s,
                "<li><a href=\"#f{n}\"><span class=\"badge {}\">{}</span> <b>{}</b> {}</a></li>",
                f.outcome.as_str(),
                label(f.outcome),
                text(&f.kb),
                text(&f.title)
            );
        }
        s.push_str("</ul>\n");
    }
    let why = incomplete_reasons(r);
    if why.is_empty() {
        s.push_str("<p class=\"complete yes\" data-complete=\"true\">Complete run: every input was read and every rule judged.</p>\n");
    } else {
        let _ = writeln!(
            s,
            "<div class=\"complete no\" data-complete=\"false\"><p><b>Incomplete run</b>: the verdict may miss what was not read or judged ({} reason(s)).</p><ul>",
            why.len()
        );
        for w in why.iter().take(20) {
            let _ = writeln!(s, "<li>{}</li>", text(w));
        }
        if why.len() > 20 {
            let _ = writeln!(s, "<li>and {} more</li>", why.len() - 20);
        }
        s.push_str("</ul></div>\n");
    }
    let _ = writeln!(s, "<p class=\"counts\">{}</p>\n</header>", text(&crate::print::headline(r)));
    s
}

fn label(o: Outcome) -> &'static str {
    match o {
        Outcome::Confirmed => "Confirmed",
        Outcome::Possible => "Possible",
        Outcome::RuledOut => "Ruled out",
        Outcome::NotMatched => "Not matched",
        _ => "Error",
    }
}

fn finding(n: usize, f: &Finding, r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<section class=\"finding {}\" id=\"f{n}\" data-rule=\"{}\" data-kb=\"{}\" data-outcome=\"{}\">",
        f.outcome.as_str(),
        attr(&f.rule),
        attr(&f.kb),
        f.outcome.as_str()
    );
    let kb = match f.url.as_deref().and_then(escape::http_url) {
        Some(u) => format!("<a href=\"{u}\" rel=\"noreferrer\">{}</a>", text(&f.kb)),
        None => text(&f.kb),
    };
    let _ = writeln!(
        s,
        "<h2><span class=\"badge {}\">{}</span> {kb} {}</h2>",
        f.outcome.as_str(),
        label(f.outcome),
        text(&f.title)
    );
    let _ = writeln!(
        s,
        "<p class=\"meta\">rule <code>{}</code> · severity <b>{}</b> · confidence {:.2}{}</p>",
        text(&f.rule),
        f.severity.as_str(),
        f.confidence,
        f.url
            .as_deref()
            .filter(|u| escape::http_url(u).is_none())
            .map(|u| format!(" · {}", text(u)))
            .unwrap_or_default()
    );
    if let Some(sum) = &f.summary {
        let _ = writeln!(s, "<p class=\"summary\">{}</p>", text(sum));
    }
    let _ = writeln!(s, "<h3>Cause</h3>\n<p>{}</p>", text(&f.cause));
    if !f.incomplete.is_empty() {
        s.push_str(
            "<div class=\"warn\"><b>Not read whole</b> (events of this rule may be in the part not read):<ul>\n",
        );
        for m in &f.incomplete {
            let _ = writeln!(s, "<li>{}</li>", text(m));
        }
        s.push_str("</ul></div>\n");
    }
    if !f.missing.is_empty() {
        s.push_str("<h3>Missing evidence</h3>\n<ul class=\"missing\">\n");
        for m in &f.missing {
            let _ = writeln!(s, "<li>{}</li>", text(m));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h3>Steps</h3>\n<ol class=\"steps\">\n");
    for st in &f.steps {
        let _ = writeln!(s, "<li>{}</li>", text(st));
    }
    s.push_str("</ol>\n");
    for x in &f.superseded {
        let _ = writeln!(
            s,
            "<p class=\"also\">Also explains <b>{}</b> {} ({}).</p>",
            text(&x.kb),
            text(&x.title),
            x.outcome.as_str()
        );
    }
    let tl = timeline::render(f, r);
    if !tl.is_empty() {
        s.push_str("<h3>Timeline</h3>\n");
        s.push_str(&tl);
    }
    s.push_str(&evidence(f, r));
    s.push_str("</section>\n");
    s
}

/// The evidence lines: where, which symptom, the time in UTC and as the log wrote it, the line.
fn evidence(f: &Finding, r: &Report) -> String {
    let mut s = String::from(
        "<h3>Evidence</h3>\n<div class=\"scroll\"><table class=\"evidence\"><thead><tr><th>where</th><th>symptom</th><th>UTC</th><th>written</th><th>line</th></tr></thead><tbody>\n",
    );
    for e in &f.evidence {
        // The clock it was written in, from the timeline's copy of the event.
        let input = r.inputs.iter().position(|i| i.path == e.path);
        let written = f
            .timeline
            .events
            .iter()
            .find(|t| Some(t.input) == input && t.line == e.line)
            .and_then(|t| timeline::both_clocks(t).1)
            .unwrap_or_else(|| if e.time.is_some() { "UTC".into() } else { String::new() });
        let _ = writeln!(
            s,
            "<tr{}><td class=\"where\">{}:{}</td><td>{}</td><td><time>{}</time></td><td>{}</td><td><code>{}</code></td></tr>",
            if e.decisive { " class=\"decisive\"" } else { "" },
            text(&e.path),
            e.line,
            text(&e.symptom),
            text(e.time.as_deref().unwrap_or("(no time)")),
            text(&written),
            text(&e.text)
        );
    }
    s.push_str("</tbody></table></div>\n");
    if let Some(more) = crate::print::text::omitted(f) {
        let _ = writeln!(s, "<p class=\"note\">{}.</p>", text(&more));
    }
    s
}

fn ruled_out(r: &Report) -> String {
    if r.ruled_out.is_empty() {
        return String::new();
    }
    let mut s = String::from("<section class=\"ruled-out\"><h2>Ruled out</h2>\n<ul>\n");
    for x in &r.ruled_out {
        let _ = writeln!(
            s,
            "<li data-kb=\"{}\"><span class=\"badge ruled_out\">Ruled out</span> <b>{}</b> {}<br><small>{}</small></li>",
            attr(&x.kb),
            text(&x.kb),
            text(&x.title),
            text(&x.reason)
        );
    }
    s.push_str("</ul></section>\n");
    s
}

fn errors(r: &Report) -> String {
    if r.errors.is_empty() {
        return String::new();
    }
    let mut s = String::from("<section class=\"errors\"><h2>Errors</h2>\n<ul>\n");
    for e in &r.errors {
        let mut at = text(e.file.as_deref().unwrap_or(""));
        if let Some(l) = e.line {
            let _ = write!(at, ":{l}");
        }
        let _ = writeln!(
            s,
            "<li><span class=\"badge error\">{}</span> {at}{} {}</li>",
            e.kind.as_str(),
            e.rule.as_deref().map(|x| format!(" (rule <code>{}</code>)", text(x))).unwrap_or_default(),
            text(&e.message)
        );
    }
    s.push_str("</ul></section>\n");
    s
}

/// Error and warning lines no finding explains, grouped into templates: a table of level,
/// count, template, first and last seen, a small inline-SVG histogram of the template's lines
/// over the span of all templates, the example line, KB candidates and near rules. All of them
/// (the engine bounds how many).
fn unexplained(r: &Report) -> String {
    if r.unexplained.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<section class=\"unexplained\"><h2>Not explained by any rule</h2>\n<p class=\"note\">Error and warning lines that no finding used, grouped into templates (<code>&lt;*&gt;</code> marks what varies), most unusual first.</p>\n<div class=\"scroll\"><table class=\"unexplained\"><thead><tr><th>level</th><th>count</th><th>template</th><th>over time (UTC)</th><th>example</th><th>KB candidates</th><th>near rules</th></tr></thead><tbody>\n",
    );
    // One time axis for every histogram, so that bursts can be compared.
    let lo = r.unexplained.iter().flat_map(|u| u.histogram.first().map(|b| b.0)).min();
    let hi = r.unexplained.iter().flat_map(|u| u.histogram.last().map(|b| b.0 + b.1)).max();
    for u in &r.unexplained {
        let kb: Vec<String> =
            u.kb.iter()
                .map(|k| {
                    let name = match k.url.as_deref().and_then(super::html::escape::http_url) {
                        Some(url) => format!("<a href=\"{url}\">{}</a>", text(&k.article)),
                        None => text(&k.article),
                    };
                    format!("{name} {} <small>({:.1})</small>", text(&k.title), k.score)
                })
                .collect();
        let near: Vec<String> =
            u.near_rules.iter().map(|x| format!("<code>{}</code>: {}", text(&x.rule), text(&x.why))).collect();
        let _ = writeln!(
            s,
            "<tr class=\"{}\"><td><span class=\"badge {}\">{}</span></td><td>{}</td><td><code>{}</code></td><td>{}<br><small><time>{}</time> .. <time>{}</time></small></td><td class=\"where\">{}:{}<br><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            u.level.as_str(),
            if u.level == kbdiag_engine::triage::Level::Error { "error" } else { "possible" },
            u.level.as_str(),
            u.count,
            text(&u.template),
            histogram(&u.histogram, lo, hi),
            text(u.first.as_deref().unwrap_or("-")),
            text(u.last.as_deref().unwrap_or("-")),
            text(&u.example.path),
            u.example.line,
            text(&u.example.text),
            if kb.is_empty() { "-".to_string() } else { kb.join("<br>") },
            if near.is_empty() { "-".to_string() } else { near.join("<br>") },
        );
    }
    s.push_str("</tbody></table></div>\n");
    if let Some(b) = &r.unexplained_bounded {
        let _ = writeln!(s, "<p class=\"note\">{}.</p>", text(b));
    }
    s.push_str("</section>\n");
    s
}

/// A 120x24 inline SVG: the template's counts per time bucket on the axis `lo..hi` (UTC ms),
/// the tallest bar full height. Empty when the lines had no time.
fn histogram(bars: &[(i64, i64, u64)], lo: Option<i64>, hi: Option<i64>) -> String {
    const W: f64 = 120.0;
    const H: f64 = 24.0;
    let (Some(lo), Some(hi)) = (lo, hi) else { return String::new() };
    if bars.is_empty() {
        return String::new();
    }
    let span = (hi - lo).max(1) as f64;
    let max = bars.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64;
    let mut s = format!("<svg class=\"hist\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"lines over time\"><rect class=\"hbase\" x=\"0\" y=\"{}\" width=\"{W}\" height=\"1\"/>", H - 1.0);
    for &(start, width, n) in bars {
        let x = (start - lo) as f64 / span * W;
        let w = (width as f64 / span * W).max(1.0);
        let h = (n as f64 / max * (H - 2.0)).max(1.0);
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"><title>{} line(s) from {}</title></rect>",
            H - 1.0 - h,
            n,
            text(&kbdiag_engine::time::rfc3339(start))
        );
    }
    s.push_str("</svg>");
    s
}

fn inputs(r: &Report) -> String {
    let mut s = String::from(
        "<section class=\"inputs\"><h2>Inputs</h2>\n<div class=\"scroll\"><table><thead><tr><th>path</th><th>format</th><th>events</th><th>size</th><th>first (UTC)</th><th>last (UTC)</th></tr></thead><tbody>\n",
    );
    for i in &r.inputs {
        let fmt = match &i.role {
            Some(role) => format!("{}/{}", i.format, role),
            None => i.format.clone(),
        };
        let t = |x: Option<i64>| x.map(kbdiag_engine::time::rfc3339).unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "<tr><td class=\"where\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><time>{}</time></td><td><time>{}</time></td></tr>",
            text(&i.path),
            text(&fmt),
            i.events,
            text(&kbdiag_engine::input::human_bytes(i.bytes)),
            t(i.first),
            t(i.last)
        );
        for w in &i.warnings {
            let _ = writeln!(
                s,
                "<tr class=\"warning\"><td colspan=\"6\"><span class=\"badge warn\">{}</span> {}</td></tr>",
                text(&code(w.code)),
                text(&w.message)
            );
        }
    }
    s.push_str("</tbody></table></div></section>\n");
    s
}
