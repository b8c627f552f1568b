//! `kbdiag lint`: every problem of a pack in one run, each with file and line where it can be
//! found: load errors (YAML, unknown keys, types, regexes, Rhai, names), duplicate ids, symptoms
//! nothing uses, windows that make no sense, missing translations, prefilter literals on most
//! lines of the pack's own fixture logs, fixture cases that are broken or missing.

use crate::fixture;
use kbdiag_engine::judge::symptoms_of;
use kbdiag_engine::pack::{Cond, KeyPath, PackFiles, Rule, RuleSet, YamlIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
    /// The line of the file the problem is on, for the text output.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}")?;
        if let Some(r) = &self.rule {
            write!(f, ": rule {r}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A problem for the terminal: its line (`file:line:col: severity: ...`, as `Display`), then
/// the source line with a caret under the column (in colour; `anstream` takes the colour out
/// where it does not belong).
pub fn render(p: &Problem) -> String {
    use annotate_snippets::renderer::{AnsiColor, Effects};
    use annotate_snippets::{Level, Renderer, Snippet};
    let mut out = format!("{p}\n");
    let (Some(line), Some(src)) = (p.line, p.source_line.as_deref()) else { return out };
    // The mark is always an error annotation, whose mark is the caret; a warning's is coloured
    // as a warning.
    let renderer = match p.severity {
        Severity::Error => Renderer::styled(),
        Severity::Warning => Renderer::styled().error(AnsiColor::BrightYellow.on_default().effects(Effects::BOLD)),
    };
    // The column counts characters; the snippet wants a byte range in the line.
    let col = p.column.unwrap_or(1).max(1);
    let start = src.char_indices().nth(col - 1).map_or(src.len(), |(i, _)| i);
    let end = src[start..].chars().next().map_or(start, |c| start + c.len_utf8());
    let message =
        Level::Error.title("").snippet(Snippet::source(src).line_start(line).annotation(Level::Error.span(start..end)));
    let shown = renderer.render(message).to_string();
    // Its title line is the problem's own line above.
    out.extend(shown.split_once('\n').map(|(_, rest)| rest));
    out.push('\n');
    out
}

pub fn lint(pack_dir: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    let files = match PackFiles::from_dir(pack_dir) {
        Ok(f) => f,
        Err(e) => {
            out.push(Problem {
                severity: Severity::Error,
                file: e.file,
                line: e.line,
                column: e.column,
                rule: None,
                message: e.message,
                source_line: None,
            });
            return out;
        }
    };
    let texts: BTreeMap<String, String> =
        files.files.iter().map(|(rel, t)| (format!("{}/{}", files.origin, rel), t.clone())).collect();
    let mut set = RuleSet::default();
    set.add(PackFiles { origin: files.origin.clone(), files: files.files.clone() });
    // The engine places its errors itself (YAML errors where the parser stopped, compile
    // errors at the key they are about, Rhai errors at the character).
    for e in &set.errors {
        out.push(Problem {
            severity: Severity::Error,
            file: e.file.clone(),
            line: e.line,
            column: e.column,
            rule: e.rule.clone(),
            message: e.message.clone(),
            source_line: None,
        });
    }
    let wanted_langs: Vec<String> = set.packs.first().map(|(m, _)| m.translations.clone()).unwrap_or_default();
    let root = KeyPath::root();
    let shared_codes = codes_of_several_rules(&set.rules);
    for rule in &set.rules {
        let index = YamlIndex::new(texts.get(&rule.file).map(String::as_str).unwrap_or(""));
        let mut warn = |path: KeyPath, message: String| out.push(warning_at(rule, &index, &path, message));
        // Symptoms that no condition and no text uses.
        let mut used = BTreeSet::new();
        symptoms_of(rule, &rule.require, &mut used);
        if let Some(c) = &rule.confirm {
            symptoms_of(rule, c, &mut used);
        }
        for (_, c) in &rule.conditions {
            symptoms_of(rule, c, &mut used);
        }
        // Symptoms that name the servers another symptom's logs must cover are used by it.
        for s in &rule.symptoms {
            used.extend(s.one_server_per.iter().flat_map(|(_, v)| v.iter().copied()));
        }
        let sources = template_sources(rule);
        for (i, s) in rule.symptoms.iter().enumerate() {
            if !used.contains(&i) && !sources.iter().any(|src| mentions(src, &s.name)) {
                warn(
                    root.key("symptoms").key(s.name.clone()),
                    format!("symptom '{}' is used by no condition and no text", s.name),
                );
            }
        }
        // Symptoms that make every run slower: the prefilter is one pass over every byte with the
        // literals as written; a case-ignoring literal adds a second full pass, a symptom with no
        // literal runs its regex on every line (docs/performance.md has the figures).
        for s in &rule.symptoms {
            if s.literals.is_empty() {
                warn(
                    root.key("symptoms").key(s.name.clone()),
                    format!(
                        "symptom '{}' has no literal text for the prefilter: its regex runs on every line of its sources, which can make the whole run several times slower; give a `contains` text every matching line has",
                        s.name
                    ),
                );
            } else if s.literal_ci {
                warn(
                    root.key("symptoms").key(s.name.clone()),
                    format!(
                        "symptom '{}' ignores case (`(?i)` without `contains`, or case: insensitive): its literals add an automaton pass over every byte of every log (0.47 s became 1.04 s for 1 GiB with the shipped packs and one such symptom, docs/performance.md); if the program writes the text in a fixed case, list it in `contains` as written (the regex may keep `(?i)`)",
                        s.name
                    ),
                );
            }
        }
        // Windows that make no sense.
        let mut conds: Vec<(KeyPath, &Cond)> = vec![(root.key("require"), &rule.require)];
        if let Some(c) = &rule.confirm {
            conds.push((root.key("confirm"), c));
        }
        conds.extend(rule.conditions.iter().map(|(n, c)| (root.key("conditions").key(n.clone()), c)));
        for (path, c) in conds {
            for msg in odd_windows(c) {
                warn(path.clone(), msg);
            }
        }
        // A confirming path that rests on one generic signal (an HTTP status, an error code
        // another rule also uses, a generic database error) and no context.
        let rule_text = texts.get(&rule.file).map(String::as_str).unwrap_or("");
        if !generic_ok(rule_text) {
            if let Some(names) = generic_confirming_path(rule, &shared_codes) {
                warn(
                    root.key("require"),
                    format!(
                        "the rule can confirm on a generic signal alone ({}): an HTTP status, an error code another rule also uses or a generic database error says nothing about this article's context; put the article's context (workflow, activity, schema, build, a corroborating line) in `confirm` or a `where`, or say why the signal is specific enough in a `# generic-ok: REASON` comment",
                        names.join(", ")
                    ),
                );
            }
        }
        // Translations.
        for lang in &wanted_langs {
            match rule.translations.get(lang) {
                None => warn(
                    root.key("text"),
                    format!("no '{lang}' translation (the pack asks for: {})", wanted_langs.join(", ")),
                ),
                Some((_, t)) if t.steps.len() != rule.text.steps.len() => warn(
                    root.key("translations").key(lang.clone()).key("steps"),
                    format!("the '{lang}' translation has {} steps, the rule {}", t.steps.len(), rule.text.steps.len()),
                ),
                _ => {}
            }
        }
    }
    // Prefilter literals on most lines of the pack's own fixture logs (crate::busy).
    out.extend(busy_literals(pack_dir, &set, &texts));
    // Fixture cases.
    match fixture::discover(pack_dir) {
        Err(e) => out.push(Problem {
            severity: Severity::Error,
            file: pack_dir.join("fixtures").display().to_string(),
            line: None,
            column: None,
            rule: None,
            message: e,
            source_line: None,
        }),
        Ok(cases) => {
            const OUTCOMES: [&str; 5] = ["confirmed", "possible", "ruled_out", "not_matched", "error"];
            for c in &cases {
                let file = c.dir.join("case.yaml").display().to_string();
                let mut bad = |message: String| {
                    out.push(Problem {
                        severity: Severity::Error,
                        file: file.clone(),
                        line: None,
                        column: None,
                        rule: None,
                        message,
                        source_line: None,
                    })
                };
                if set.find(&c.def.rule).is_empty()
                    && !set.errors.iter().any(|e| e.rule.as_deref() == Some(&c.def.rule))
                {
                    bad(format!("case {}: no rule '{}' in this pack", c.name, c.def.rule));
                }
                if !OUTCOMES.contains(&c.def.expect.as_str()) {
                    bad(format!(
                        "case {}: expect '{}' is not an outcome ({})",
                        c.name,
                        c.def.expect,
                        OUTCOMES.join(", ")
                    ));
                }
                if !c.dir.join("bundle").is_dir() {
                    bad(format!("case {}: no bundle/ folder of logs", c.name));
                }
            }
            for rule in &set.rules {
                let mine: Vec<&fixture::Case> =
                    cases.iter().filter(|c| set.find(&c.def.rule).first().is_some_and(|r| r.id == rule.id)).collect();
                let fires = mine.iter().any(|c| c.def.expect == "confirmed" || c.def.expect == "possible");
                let quiet = mine.iter().any(|c| c.def.expect == "not_matched" || c.def.expect == "ruled_out");
                for (has, what) in [
                    (fires, "must fire (expect confirmed or possible)"),
                    (quiet, "must not fire (expect not_matched or ruled_out)"),
                ] {
                    if !has {
                        out.push(Problem {
                            severity: Severity::Warning,
                            file: rule.file.clone(),
                            line: Some(1),
                            column: Some(1),
                            rule: Some(rule.id.clone()),
                            message: format!("no fixture case that {what}: add fixtures/{}/<case>/", rule.kb.article),
                            source_line: None,
                        });
                    }
                }
            }
        }
    }
    for p in &mut out {
        if let (Some(text), Some(l)) = (texts.get(&p.file), p.line) {
            p.source_line = text.lines().nth(l - 1).map(str::to_string);
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, a.severity).cmp(&(&b.file, b.line, b.severity)));
    out
}

/// A warning for each symptom whose prefilter literal (or whose literals together) is on more
/// than [`crate::busy::BUSY_SHARE`] of the fixture lines of the formats it reads: every such
/// line is a candidate its regex must look at, so on a real log the symptom costs as much as
/// one without literals (KA-23188's `log` made a 1 GiB run take 60 s instead of 1).
fn busy_literals(pack_dir: &Path, set: &RuleSet, texts: &BTreeMap<String, String>) -> Vec<Problem> {
    use crate::busy::thousands;
    let mut out = Vec::new();
    for sh in crate::busy::shares(pack_dir, set) {
        let rule = &set.rules[sh.rule];
        let s = &rule.symptoms[sh.symptom];
        let single = sh.busy_literal();
        if single.is_none() && !sh.busy_set() {
            continue;
        }
        let pct = |n: u64| (n * 100 + sh.lines / 2) / sh.lines.max(1);
        // Of the candidate lines, the share the regex turns down.
        let turned = |n: crate::busy::Seen| (n.wasted * 100 + n.on / 2) / n.on.max(1);
        let mut formats: Vec<&str> = sh.formats.iter().take(3).map(String::as_str).collect();
        if sh.formats.len() > 3 {
            formats.push("...");
        }
        let seen = format!("{} fixture lines it reads ({})", thousands(sh.lines), formats.join(", "));
        let quote = |l: &str| format!("'{}'", l.escape_debug());
        let regex = s.regex.is_some();
        let advice = match (regex, s.literal_origin) {
            (true, "contains") => {
                "make the `contains` text as specific as the regex (a text every matching line has and few others do)"
            }
            (true, _) => {
                "make the literal as specific as the regex: start (or end) the regex with a text only the lines it is about hold, or give that text in `contains`"
            }
            (false, _) => "make the `contains` text as specific as the lines the symptom is about",
        };
        let (what, n, path) = match single {
            Some((k, n)) => (
                format!("its literal {}", quote(&s.literals[k])),
                n,
                match s.literal_origin {
                    "contains" => KeyPath::root().key("symptoms").key(s.name.clone()).key("contains").index(k),
                    _ => KeyPath::root().key("symptoms").key(s.name.clone()).key("regex"),
                },
            ),
            None => {
                let mut shown: Vec<String> = s.literals.iter().take(5).map(|l| quote(l)).collect();
                if s.literals.len() > 5 {
                    shown.push(format!("and {} more", s.literals.len() - 5));
                }
                (
                    format!("its {} literals together ({})", s.literals.len(), shown.join(", ")),
                    sh.any,
                    KeyPath::root().key("symptoms").key(s.name.clone()),
                )
            }
        };
        let verb = if single.is_some() { "is" } else { "are" };
        let cost = match regex {
            true => format!("its regex turns down {}% of them, and every such line becomes a candidate", turned(n)),
            false => "every such line becomes an event".to_string(),
        };
        let advice =
            if single.is_some() { advice.to_string() } else { advice.replace("the literal ", "the literals ") };
        let message = format!(
            "symptom '{}' of {}: {what} {verb} on {}% of {seen}; {cost}; {advice}",
            s.name,
            rule.kb.article,
            pct(n.on)
        );
        let index = YamlIndex::new(texts.get(&rule.file).map(String::as_str).unwrap_or(""));
        out.push(warning_at(rule, &index, &path, message));
    }
    out
}

/// The source text of every template and `when` of a rule, all languages.
/// A warning about `rule`, placed at `path` in its file.
fn warning_at(rule: &Rule, index: &YamlIndex, path: &KeyPath, message: String) -> Problem {
    let loc = index.position(path);
    Problem {
        severity: Severity::Warning,
        file: rule.file.clone(),
        line: loc.map(|l| l.0),
        column: loc.map(|l| l.1),
        rule: Some(rule.id.clone()),
        message,
        source_line: None,
    }
}

fn template_sources(rule: &Rule) -> Vec<String> {
    let mut v = Vec::new();
    let mut add = |t: &kbdiag_engine::pack::Text| {
        v.extend(t.summary.iter().map(|s| s.source.clone()));
        v.push(t.cause.source.clone());
        for (w, s) in &t.steps {
            v.extend(w.iter().map(|w| w.source.clone()));
            v.push(s.source.clone());
        }
    };
    add(&rule.text);
    for (_, t) in rule.translations.values() {
        add(t);
    }
    v
}

/// Does `src` use `name` as a word (an identifier in a template)?
fn mentions(src: &str, name: &str) -> bool {
    src.match_indices(name).any(|(i, _)| {
        let before = src[..i].chars().next_back();
        let after = src[i + name.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// Windows too wide to mean anything in a support bundle.
fn odd_windows(c: &Cond) -> Vec<String> {
    const WEEK: i64 = 7 * 86_400_000;
    let mut out = Vec::new();
    c.walk_here(&mut |n| match (n, n.own_window()) {
        (Cond::Count { .. }, Some(w)) if w.ms() > 5 * WEEK => {
            out.push(format!("a count window of {w} is wider than five weeks: leave `within` out to count them all"))
        }
        (Cond::Count { .. }, _) => {}
        (_, Some(w)) if w.ms() > WEEK => {
            out.push(format!("a window of {w} is wider than a week: events that far apart are hardly related"))
        }
        _ => {}
    });
    out
}

/// `# generic-ok: REASON` in a rule file: the author says why the rule's one signal is
/// specific enough to confirm on (a reason is required).
fn generic_ok(rule_text: &str) -> bool {
    rule_text.lines().any(|l| {
        l.trim_start()
            .strip_prefix('#')
            .and_then(|r| r.trim_start().strip_prefix("generic-ok:"))
            .is_some_and(|reason| !reason.trim().is_empty())
    })
}

fn code_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"\b[A-Z]{2,5}-\d{4,9}\b").expect("code regex"))
}

/// The source texts of a symptom: its `contains` texts, its literals, its regex.
fn symptom_texts(s: &kbdiag_engine::pack::Symptom) -> Vec<String> {
    let mut v: Vec<String> = s.contains.clone();
    v.extend(s.literals.iter().cloned());
    v.extend(s.regex.as_ref().map(|r| r.as_str().to_string()));
    v
}

/// Error codes (`XTK-170006`, `ORA-00904`) that symptoms of two or more rules name.
fn codes_of_several_rules(rules: &[Rule]) -> BTreeSet<String> {
    let mut by_code: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for r in rules {
        for s in &r.symptoms {
            for t in symptom_texts(s) {
                for m in code_regex().find_iter(&t) {
                    by_code.entry(m.as_str().to_string()).or_default().insert(&r.id);
                }
            }
        }
    }
    by_code.into_iter().filter(|(_, r)| r.len() > 1).map(|(c, _)| c).collect()
}

/// Is this text (a literal, or a regex read as text) only a generic signal: an HTTP status or
/// reason, a shared error code, a generic database error, and filler words?
fn generic_text(text: &str, shared_codes: &BTreeSet<String>) -> bool {
    static RES: std::sync::OnceLock<Vec<regex::Regex>> = std::sync::OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            // regex syntax, read as text
            r"\(\?P<\w+>|\(\?[:i]+\)?|\\[dswbDSWB]|\[[^\]]*\]|\{\d+(,\d*)?\}|[()*+?|^$\\]",
            // HTTP statuses and reasons
            r"(?i)\bhttp(/\d\.\d)?\b|\bstatus\b|\b[1-5]\d\d\b|forbidden|unauthori[sz]ed|not found|request entity too large|payload too large|service unavailable|bad gateway|internal server error|gateway time-?out|too many requests|bad request",
            // generic database errors
            r"(?i)duplicate key( value)?|unique constraint|violates|invalid identifier|does not exist|deadlock detected|syntax error|permission denied|no such table|\bsqlstate\b|\bodbc\b|\bsql\b|\bdatabase\b|\bpostgresql\b|\boracle\b|\berrno\b|\d+",
            // filler
            r"(?i)\b(the|an?|of|to|with|type|query|queries|returned|error|errors|code|failed|failure|occurred|has|have|been|is|was|message|response|server|request|call|during|network|log|warning|an error)\b",
        ]
        .iter()
        .map(|r| regex::Regex::new(r).expect("generic regex"))
        .collect()
    });
    // Shared codes are generic; a code only this rule uses is its own signal; a regex for any
    // code of a family (`INT-\d+`) is generic.
    static ANY_CODE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let any_code =
        ANY_CODE.get_or_init(|| regex::Regex::new(r"\b[A-Z]{2,5}-(?:\\d|\[0-9\])\S*").expect("code family regex"));
    let text = any_code.replace_all(text, " ");
    let mut t =
        code_regex()
            .replace_all(&text, |c: &regex::Captures| {
                if shared_codes.contains(&c[0]) {
                    " ".to_string()
                } else {
                    " specificcode ".to_string()
                }
            })
            .into_owned();
    for re in res {
        t = re.replace_all(&t, " ").into_owned();
    }
    // What is left must hold no word of three letters or more.
    !t.split(|c: char| !c.is_alphabetic()).any(|w| w.chars().count() >= 3)
}

/// Is a symptom only a generic signal? Not when it filters on a field (`where`: a workflow
/// name, a schema), and not when any of its texts says more than the signal.
fn generic_symptom(s: &kbdiag_engine::pack::Symptom, shared_codes: &BTreeSet<String>) -> bool {
    let texts = symptom_texts(s);
    s.where_.is_empty() && !texts.is_empty() && texts.iter().all(|t| generic_text(t, shared_codes))
}

/// The symptom sets that can satisfy a condition on their own (its disjunctive form; a script
/// is context the lint cannot read, `None`; a `not` adds no evidence).
fn paths(rule: &Rule, c: &Cond, depth: usize) -> Vec<Option<BTreeSet<usize>>> {
    const MOST: usize = 64;
    if depth > 16 {
        return vec![None];
    }
    match c {
        Cond::Symptom(i) => vec![Some(BTreeSet::from([*i]))],
        Cond::Named(i) => rule.conditions.get(*i).map_or(vec![None], |(_, b)| paths(rule, b, depth + 1)),
        Cond::Any(cs) => cs.iter().flat_map(|c| paths(rule, c, depth + 1)).take(MOST).collect(),
        Cond::All(cs) => {
            let mut acc: Vec<Option<BTreeSet<usize>>> = vec![Some(BTreeSet::new())];
            for c in cs {
                let alts = paths(rule, c, depth + 1);
                let mut next = Vec::new();
                for a in &acc {
                    for b in &alts {
                        next.push(match (a, b) {
                            (Some(a), Some(b)) => Some(a.union(b).copied().collect()),
                            _ => None,
                        });
                    }
                }
                next.truncate(MOST);
                acc = next;
            }
            acc
        }
        Cond::Not(_) => vec![Some(BTreeSet::new())],
        Cond::Script { .. } => vec![None],
        other => vec![Some(other.own_symptoms(rule).into_iter().collect())],
    }
}

/// The symptom names of a way for the rule to confirm that rests on generic signals only, if
/// there is one.
fn generic_confirming_path(rule: &Rule, shared_codes: &BTreeSet<String>) -> Option<Vec<String>> {
    let confirming = match &rule.confirm {
        Some(c) => Cond::All(vec![rule.require.clone(), c.clone()]),
        None => rule.require.clone(),
    };
    paths(rule, &confirming, 0).into_iter().flatten().find_map(|set| {
        (!set.is_empty() && set.iter().all(|&i| generic_symptom(&rule.symptoms[i], shared_codes)))
            .then(|| set.iter().map(|&i| rule.symptoms[i].name.clone()).collect())
    })
}
