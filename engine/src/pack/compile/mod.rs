//! From pack files to runnable formats and rules: regexes compiled, literals for the prefilter
//! chosen, condition names resolved, text templates compiled to Rhai once.

mod cond;
mod format;
mod rule;
mod symptom;
mod text;

use cond::*;
pub use format::first_bytes;
use format::*;
use rule::*;
use symptom::*;
pub use symptom::{ascii_classes, extract_literals, rule_regex, EVENT_KEYS};
use text::*;

use super::error::{CompileError, ErrorKind, KeyPath};
use super::model::{self, CondDef, CondOp, StepDef};
use super::{LoadError, Pack, PackFiles, YamlIndex};
use crate::duration::{self, Span};
use crate::script;
use regex::Regex;
use std::collections::BTreeMap;

/// A compiled log format.
#[derive(Clone)]
pub struct Format {
    pub id: String,
    /// The pack that defines it (set when the pack is added to a rule set): the products its
    /// rules name are what a log of this format is from (`triage::kb`'s preference).
    pub pack: String,
    pub description: String,
    pub files: Vec<Glob>,
    pub roles: Vec<(String, Vec<Glob>)>,
    pub role_hints: Vec<(String, Vec<String>)>,
    pub path_fields: Option<Regex>,
    /// `fields_set`: fields every record has.
    pub fields_set: BTreeMap<String, String>,
    /// `mine_hint`: where lines whose level a number gives are found (see `FormatDef`).
    pub mine_hint: Option<regex::bytes::Regex>,
    pub line: Regex,
    pub layouts: Vec<String>,
    /// The layouts with `%d` and `%m` swapped, when one writes both as numbers (a console
    /// pasted on a US desktop writes the month first): a file whose lines say so is read with
    /// them (the scan decides which, per file). Empty otherwise.
    pub layouts_month_first: Vec<String>,
    pub sniff_ratio: f64,
    /// JSON Lines: fields a sampled record must have, besides `time`, to count.
    pub sniff_fields: Vec<String>,
    /// The bytes a record can start with (from the `line` pattern).
    pub record_start: [bool; 256],
    pub kind: crate::structured::Kind,
    /// `jsonl`/`csv`: field name → pointer, key or column.
    pub fields: Vec<(String, String)>,
    pub columns: Vec<String>,
    /// `csv`: the fewest columns a record may have.
    pub min_columns: usize,
    /// `csv`: header lines the writer puts first, in lower case (see `FormatDef::headers`).
    pub headers: Vec<String>,
    /// `jsonl`/`csv`: templates of the lines a record reads as.
    pub text: Vec<Vec<crate::structured::Piece>>,
    /// A line layout given as a parameter (`line_from`): the format is used only once it is.
    pub param: Option<crate::layout::ParamLayout>,
    /// The parameter was given for this run: the format is preferred when it fits a file.
    pub given: bool,
    /// Where the line regex settles a line's fields (`crate::settle`), made on first use.
    pub settle: std::sync::OnceLock<Option<crate::settle::Settle>>,
}

impl Format {
    /// Use `pattern` as the line regex (a parameter's layout, translated).
    pub fn set_line(&mut self, pattern: &str) -> Result<(), String> {
        let line = rule_regex(pattern).map_err(|e| format!("the layout does not make a valid pattern: {e}"))?;
        if !line.capture_names().any(|n| n == Some("time")) {
            return Err("the layout has no time".into());
        }
        shadowed_capture(&line, true)?;
        self.record_start = first_bytes(pattern);
        self.line = line;
        self.settle = std::sync::OnceLock::new();
        Ok(())
    }

    /// Where the line regex settles a line's fields, if it has that shape (line formats).
    pub fn settle(&self) -> Option<&crate::settle::Settle> {
        if self.kind != crate::structured::Kind::Line {
            return None;
        }
        self.settle.get_or_init(|| crate::settle::Settle::new(self.line.as_str())).as_ref()
    }

    /// Is this sampled line a record of the format (for sniffing)?
    pub fn sniff_line(&self, line: &str) -> bool {
        use crate::structured::{csv_fields, json_fields, Kind};
        match self.kind {
            Kind::Line => self.line.is_match(line),
            Kind::Jsonl => json_fields(line, &self.fields)
                .is_some_and(|f| f.contains_key("time") && self.sniff_fields.iter().all(|k| f.contains_key(k))),
            // A sampled line is a record when it has the declared columns (all, or at least
            // `min_columns`); a record whose quoted field spans lines does not count here,
            // which sniffing tolerates.
            Kind::Csv => {
                crate::structured::csv_width(line).is_some_and(|w| (self.min_columns..=self.columns.len()).contains(&w))
                    && csv_fields(line, &self.columns, &self.fields).is_some_and(|f| {
                        // Either way round: a US desktop's `6/13/2024 2:00:06 PM` is read month
                        // first once the file's dates say so.
                        f.get("time").is_some_and(|t| {
                            let zone = crate::time::Zone::default();
                            crate::time::parse_with(t, &self.layouts, &zone).is_some()
                                || crate::time::parse_with(t, &self.layouts_month_first, &zone).is_some()
                        })
                    })
            }
        }
    }
}

/// A compiled rule.
pub struct Rule {
    pub id: String,
    pub kb: model::KbRef,
    pub title: String,
    pub severity: model::Severity,
    pub status: model::Status,
    pub confidence: model::ConfidenceDef,
    pub products: Vec<String>,
    pub symptoms: Vec<Symptom>,
    /// Named conditions, in file order.
    pub conditions: Vec<(String, Cond)>,
    pub require: Cond,
    pub confirm: Option<Cond>,
    pub text: Text,
    /// Texts in other languages: language → (title, texts).
    pub translations: BTreeMap<String, (String, Text)>,
    pub supersedes: Vec<String>,
    /// The file the rule came from, for messages.
    pub file: String,
    pub pack: String,
    /// Every word of the rule's file (`None`: keep every field, for a rule that lists an
    /// event's fields with `keys`): the fields its conditions, texts and scripts can read are
    /// among them, so an event of this rule keeps only those. A field no word of the rule names
    /// is never read, and storing it for 100,000 events would cost memory for nothing.
    ///
    /// A hash set: every event asks it for each field of its line, and a search of a sorted set
    /// of a hundred words costs a dozen string compares each time (most of a busy symptom's
    /// time per event, in profiles).
    pub names: Option<std::collections::HashSet<String, foldhash::fast::FixedState>>,
}

impl Rule {
    /// The symptoms (indexes) its `require` reads: the problem's own lines, not those it reads
    /// for context or detail (PG-ARCHIVE's archive_command stderr, the `PANIC:` lines that
    /// show how far a log goes on): a line of those alone never makes the rule fire.
    pub fn required_symptoms(&self) -> std::collections::BTreeSet<usize> {
        let mut r = std::collections::BTreeSet::new();
        self.require.walk(self, &mut |c| r.extend(c.own_symptoms(self)));
        r
    }

    /// The symptoms (indexes) its verdict reads: those of `require` and of `confirm` (a
    /// restart that would turn KA-05406's possible into confirmed), not those only its texts
    /// read (PG-ARCHIVE's archive_command stderr, quoted in a step).
    pub fn deciding_symptoms(&self) -> std::collections::BTreeSet<usize> {
        let mut r = self.required_symptoms();
        if let Some(c) = &self.confirm {
            c.walk(self, &mut |c| r.extend(c.own_symptoms(self)));
        }
        r
    }

    /// Does the rule read a field of this name (or every field)?
    pub fn reads_field(&self, name: &str) -> bool {
        self.names.as_ref().is_none_or(|n| n.contains(name))
    }
}

pub struct Symptom {
    pub name: String,
    pub description: String,
    pub sources: Vec<SourceSel>,
    /// Literals, one of which every matching line contains (the prefilter). Empty: no usable
    /// literal, the symptom is checked on every line of its sources.
    pub literals: Vec<String>,
    /// The literals are ASCII-lower-cased and searched ignoring ASCII case (a `(?i)` regex,
    /// or `case: insensitive`); otherwise they are searched exactly as written, which lets the
    /// prefilter use its fastest (SIMD) search and keeps non-ASCII text exact.
    pub literal_ci: bool,
    /// The `contains` texts (lower-cased when `case: insensitive`); empty without `contains`.
    pub contains: Vec<String>,
    pub contains_ci: bool,
    /// Where the literals came from: `contains`, `regex prefix`, `regex suffix` or `none`.
    pub literal_origin: &'static str,
    pub regex: Option<Regex>,
    /// Texts a line must hold for the regex to match (`required_suffix`), checked first.
    pub required: Vec<memchr::memmem::Finder<'static>>,
    pub where_: Vec<(String, Regex)>,
    /// `other_server_than`: the index of the symptom whose server does not write this one's
    /// lines (see `judge::same_server`).
    pub other_server_than: Option<usize>,
    /// `one_server_per`: the field, and the indexes of the symptoms whose events carry it.
    pub one_server_per: Option<(String, Vec<usize>)>,
    /// Whether the lines that give this symptom's events are the rule's: a finding of the rule
    /// takes them out of the unexplained lines. Not so for a symptom that only names servers
    /// (`one_server_per`: every line of a sync workflow, its own errors among them).
    pub claims_lines: bool,
    /// The rule's texts (cause, summary, steps, in any language) read this symptom's events
    /// and no condition does: its lines are what a finding reports beside its judgement (the
    /// iOS connector's exception a KA-22067 step quotes), so they are explained by it.
    pub told: bool,
    /// `distinct`: one event per value of this field.
    pub distinct: Option<String>,
    /// `levels`: the levels a line must have where its format writes one (empty: any).
    pub levels: Vec<model::SymptomLevel>,
}

/// How the scanner searches a literal of a symptom: exact literals of this length or more are
/// sampled (one window every few bytes, engine/src/scan/sampled.rs), shorter ones and
/// case-ignoring ones go through an automaton that visits every byte. Here, not in the
/// scanner, because `explain --compiled` and lint tell rule authors which is which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralSearch {
    Sampled,
    Automaton,
    AutomatonIgnoringCase,
}

impl LiteralSearch {
    /// The shortest literal the sampled search takes: shorter ones leave a stride under 5
    /// (with its 6-byte windows), where sampling stops paying.
    pub const SAMPLED_MIN_LEN: usize = 10;

    pub fn of(lit: &str, ignore_case: bool) -> LiteralSearch {
        match ignore_case {
            true => LiteralSearch::AutomatonIgnoringCase,
            false if lit.len() >= Self::SAMPLED_MIN_LEN && !lit.contains('\n') => LiteralSearch::Sampled,
            false => LiteralSearch::Automaton,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LiteralSearch::Sampled => "sampled",
            LiteralSearch::Automaton => "automaton",
            LiteralSearch::AutomatonIgnoringCase => "automaton, ignoring case",
        }
    }
}

/// Which files a symptom reads: a format (None = any) and optionally one of its roles.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceSel {
    pub format: Option<String>,
    pub role: Option<String>,
}

impl SourceSel {
    pub fn accepts(&self, format: &str, role: Option<&str>) -> bool {
        self.format.as_deref().is_none_or(|f| f == format) && self.role.as_deref().is_none_or(|r| Some(r) == role)
    }
}

impl std::fmt::Display for SourceSel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.format, &self.role) {
            (None, _) => write!(f, "any log"),
            (Some(x), None) => write!(f, "{x}"),
            (Some(x), Some(r)) => write!(f, "{x}/{r}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelKind {
    Near,
    Before,
    After,
}

/// A compiled condition; symptoms and named conditions are referred to by index.
#[derive(Debug, Clone)]
pub enum Cond {
    Symptom(usize),
    Named(usize),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// `until`: the symptom whose next event ends the state a `b` event begins, and the
    /// longest that state lasts (`after` only).
    Rel {
        kind: RelKind,
        a: usize,
        b: usize,
        within: Span,
        by: Option<String>,
        slack: Span,
        until: Option<(usize, Span)>,
    },
    Count {
        symptom: usize,
        min: u32,
        within: Option<Span>,
        distinct: Option<String>,
        by: Option<String>,
    },
    Recurs {
        symptom: usize,
        min_days: u32,
        tolerance: Span,
    },
    Sequence {
        steps: Vec<usize>,
        within: Span,
        by: Option<String>,
    },
    Absent {
        a: usize,
        b: usize,
        within: Span,
        by: Option<String>,
    },
    Script {
        source: String,
        ast: std::sync::Arc<rhai::AST>,
    },
}

pub struct Template {
    pub source: String,
    pub ast: rhai::AST,
}

pub struct Text {
    pub summary: Option<Template>,
    pub cause: Template,
    pub steps: Vec<(Option<Template>, Template)>,
}

/// A file-name glob (globset's syntax: `*`, `?`, `[abc]`, `{a,b}`), matched case-insensitively
/// against a base name.
#[derive(Debug, Clone)]
pub struct Glob {
    pattern: String,
    matcher: globset::GlobMatcher,
}

impl Glob {
    pub fn new(p: &str) -> Result<Glob, globset::Error> {
        let matcher = globset::GlobBuilder::new(p).case_insensitive(true).build()?.compile_matcher();
        Ok(Glob { pattern: p.to_string(), matcher })
    }
    pub fn matches(&self, name: &str) -> bool {
        self.matcher.is_match(name)
    }
    /// Does the pattern spell out a name (`postgresql-*.log`, `syslog`) rather than only an
    /// extension (`*.log`)?
    pub fn is_specific(&self) -> bool {
        !self.pattern.starts_with(['*', '?', '[', '{'])
    }
}

fn yaml_error(file: &str, e: &serde_yaml::Error) -> LoadError {
    let loc = e.location();
    LoadError {
        line: loc.as_ref().map(|l| l.line()),
        column: loc.as_ref().map(|l| l.column()),
        ..LoadError::new(file, e.to_string())
    }
}

/// Compile one pack. Returns the pack (if `pack.yaml` itself is usable) and every problem.
pub fn compile_pack(files: &PackFiles) -> (Option<Pack>, Vec<LoadError>) {
    let mut errors = Vec::new();
    let name_of = |rel: &str| format!("{}/{}", files.origin, rel);
    let Some((_, meta_text)) = files.files.iter().find(|(p, _)| p == "pack.yaml") else {
        errors.push(LoadError::new(files.origin.clone(), "no pack.yaml"));
        return (None, errors);
    };
    let meta: model::PackMeta = match serde_yaml::from_str(meta_text) {
        Ok(m) => m,
        Err(e) => {
            errors.push(yaml_error(&name_of("pack.yaml"), &e));
            return (None, errors);
        }
    };
    if let Some(req) = &meta.engine {
        if let Err(msg) = check_engine(req) {
            // A refusal of the whole pack: said without a place.
            errors.push(LoadError::new(name_of("pack.yaml"), msg));
            return (None, errors);
        }
    }
    let mut formats = Vec::new();
    let mut rules = Vec::new();
    for (rel, text) in &files.files {
        let file = name_of(rel);
        if rel.starts_with("formats/") {
            match serde_yaml::from_str::<model::FormatDef>(text) {
                Ok(def) => match compile_format(def) {
                    Ok(f) => formats.push(f),
                    Err(e) => errors.push(LoadError::compile(&file, None, e, &YamlIndex::new(text))),
                },
                Err(e) => errors.push(yaml_error(&file, &e)),
            }
        } else if rel.starts_with("rules/") {
            match serde_yaml::from_str::<model::RuleDef>(text) {
                Ok(def) => {
                    let id = def.id.clone();
                    match compile_rule(def, &file, &meta.name) {
                        Ok(mut r) => {
                            r.names = rule::names_in(text).map(|n| n.into_iter().collect());
                            rules.push(r)
                        }
                        Err(errs) => {
                            // The file is indexed only when it has errors to place.
                            let index = YamlIndex::new(text);
                            errors.extend(
                                errs.into_iter().map(|e| LoadError::compile(&file, Some(id.clone()), e, &index)),
                            )
                        }
                    }
                }
                Err(e) => errors.push(yaml_error(&file, &e)),
            }
        }
    }
    (Some(Pack { meta, origin: files.origin.clone(), formats, rules }), errors)
}

/// A Cargo-style version requirement (`>=0.2`, `^0.1`, `~0.1.3`) against this engine's version.
fn check_engine(req: &str) -> Result<(), String> {
    let want = semver::VersionReq::parse(req.trim()).map_err(|e| {
        format!("engine requirement '{req}' not understood ({e}): write a version requirement such as >=0.1")
    })?;
    let have = semver::Version::parse(env!("CARGO_PKG_VERSION")).map_err(|e| e.to_string())?;
    if !want.matches(&have) {
        return Err(format!(
            "this pack needs kbdiag engine {req}, but this kbdiag is {}: update kbdiag",
            env!("CARGO_PKG_VERSION")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let g = |p: &str| Glob::new(p).unwrap();
        assert!(g("web*.log").matches("web_2.log"));
        assert!(g("web@*.log").matches("WEB@default.log"));
        assert!(!g("web*.log").matches("webmdl.txt"));
        assert!(g("*.journal*").matches("mcSynch_mcExec1.journal.txt"));
        // Classes and alternatives (globset), which the hand-written matcher lacked.
        assert!(g("secure.[0-9]").matches("secure.4"));
        assert!(!g("secure.[0-9]").matches("secure.x"));
        assert!(g("{messages,syslog}*").matches("syslog.1"));
        assert!(Glob::new("web[.log").is_err());
    }

    #[test]
    fn ascii_classes_keep_meaning_for_log_text() {
        assert_eq!(ascii_classes(r"a\d+\\d[\w,]\b"), r"a[0-9]+\\d[[0-9A-Za-z_],](?-u:\b)");
        let re = rule_regex(r"^(?P<n>\d+)\s+\w+\b!\S$").unwrap();
        assert!(re.is_match("42 \tab!x"));
        assert!(!re.is_match("٤٢ ab!x"), "Arabic-Indic digits are not \\d in rules");
        assert!(rule_regex(r"\p{Nd}").unwrap().is_match("٤"));
        assert!(rule_regex(r"[\D]").unwrap().is_match("x"));
    }

    #[test]
    fn literals_from_regexes() {
        let (l, ci, o) = extract_literals("(?P<m>Stop requested|Web server stop(?:ped)?|Server started)");
        assert_eq!(o, "regex prefix");
        assert!(!ci, "an exact pattern keeps its case");
        assert!(l.contains(&"Stop requested".to_string()), "{l:?}");
        let (l, ci, _) = extract_literals("(?i)stop requested");
        assert!(ci, "{l:?}");
        assert!(l.iter().all(|x| x == &x.to_ascii_lowercase()), "{l:?}");
        // Non-ASCII stays exact, case-sensitive or not.
        let (l, ci, _) = extract_literals("ÖVERFÖRING MISSLYCKADES");
        assert!(!ci);
        assert_eq!(l, vec!["ÖVERFÖRING MISSLYCKADES".to_string()]);
        let (l, ci, _) = extract_literals("(?i)överföring");
        assert!(ci);
        assert!(l.iter().any(|x| x.starts_with('Ö')) && l.iter().any(|x| x.starts_with('ö')), "{l:?}");
        let (l, _, _) = extract_literals(".*x");
        assert!(l.is_empty());
    }

    #[test]
    fn record_starts_from_the_line_pattern() {
        let d = first_bytes(r"^(?P<time>\d{4}-\d{2}-\d{2}) (?P<m>.*)$");
        assert!(d[usize::from(b'2')] && !d[usize::from(b'\t')] && !d[usize::from(b'P')]);
        let s = first_bytes(r"^(?P<time>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d) ");
        assert!(s[usize::from(b'J')] && s[usize::from(b'D')] && !s[usize::from(b'2')]);
        let a = first_bytes(r"^\[(?P<time>[^\]]+)\] ");
        assert!(a[usize::from(b'[')] && !a[usize::from(b'2')]);
        assert!(first_bytes(r"^.*x")[usize::from(b'\t')], "anything can start it");
    }
}
