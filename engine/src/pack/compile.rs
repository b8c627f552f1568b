//! From pack files to runnable formats and rules: regexes compiled, literals for the prefilter
//! chosen, condition names resolved, text templates compiled to Rhai once.

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
    pub description: String,
    pub files: Vec<Glob>,
    pub roles: Vec<(String, Vec<Glob>)>,
    pub role_hints: Vec<(String, Vec<String>)>,
    pub path_fields: Option<Regex>,
    pub line: Regex,
    pub layouts: Vec<String>,
    pub sniff_ratio: f64,
    /// The bytes a record can start with (from the `line` pattern).
    pub record_start: [bool; 256],
    pub kind: crate::structured::Kind,
    /// `jsonl`/`csv`: field name → pointer, key or column.
    pub fields: Vec<(String, String)>,
    pub columns: Vec<String>,
    /// `csv`: the fewest columns a record may have.
    pub min_columns: usize,
    /// `jsonl`/`csv`: templates of the lines a record reads as.
    pub text: Vec<Vec<crate::structured::Piece>>,
    /// A line layout given as a parameter (`line_from`): the format is used only once it is.
    pub param: Option<crate::layout::ParamLayout>,
    /// The parameter was given for this run: the format is preferred when it fits a file.
    pub given: bool,
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
        Ok(())
    }

    /// Is this sampled line a record of the format (for sniffing)?
    pub fn sniff_line(&self, line: &str) -> bool {
        use crate::structured::{csv_fields, json_fields, Kind};
        match self.kind {
            Kind::Line => self.line.is_match(line),
            Kind::Jsonl => json_fields(line, &self.fields).is_some_and(|f| f.contains_key("time")),
            // A sampled line is a record when it has the declared columns (all, or at least
            // `min_columns`); a record whose quoted field spans lines does not count here,
            // which sniffing tolerates.
            Kind::Csv => {
                crate::structured::csv_width(line).is_some_and(|w| (self.min_columns..=self.columns.len()).contains(&w))
                    && csv_fields(line, &self.columns, &self.fields).is_some_and(|f| {
                        f.get("time").is_some_and(|t| {
                            crate::time::parse_with(t, &self.layouts, &crate::time::Zone::default()).is_some()
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
    pub where_: Vec<(String, Regex)>,
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
    Rel { kind: RelKind, a: usize, b: usize, within: Span, by: Option<String> },
    Count { symptom: usize, min: u32, within: Option<Span>, distinct: Option<String>, by: Option<String> },
    Recurs { symptom: usize, min_days: u32, tolerance: Span },
    Sequence { steps: Vec<usize>, within: Span, by: Option<String> },
    Absent { a: usize, b: usize, within: Span, by: Option<String> },
    Script { source: String, ast: std::sync::Arc<rhai::AST> },
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
                        Ok(r) => rules.push(r),
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

fn compile_format(def: model::FormatDef) -> Result<Format, CompileError> {
    use crate::structured::Kind;
    let id = def.id.clone();
    // Format errors read "format 'id': what", and point at the key they are about.
    let err = |path: &str, kind: ErrorKind, what: &str| {
        let ctx = if what.is_empty() { format!("format '{id}'") } else { format!("format '{id}': {what}") };
        CompileError::new(KeyPath::parse(path), kind).context(ctx)
    };
    let invalid = |path: &str, msg: String| err(path, ErrorKind::Invalid(msg), "");
    let structured = def.kind != Kind::Line;
    let param = def.line_from.as_ref().map(|lf| compile_line_from(&def.id, lf)).transpose()?;
    if param.is_some() && (structured || !def.line.is_empty()) {
        return Err(invalid("line_from", "`line_from` replaces `line` in a line format; give one of them".into()));
    }
    let line = if structured {
        rule_regex("^").map_err(|e| err("kind", e.into(), ""))?
    } else if param.is_some() {
        // Matches nothing until the parameter is given.
        rule_regex(r"[^\s\S]").map_err(|e| err("line_from", e.into(), ""))?
    } else {
        rule_regex(&def.line).map_err(|e| err("line", e.into(), "bad `line` regex"))?
    };
    shadowed_capture(&line, true).map_err(|e| err("line", ErrorKind::Invalid(e), "`line`"))?;
    if !structured && param.is_none() && !line.capture_names().any(|n| n == Some("time")) {
        return Err(invalid("line", "the `line` regex must capture `time`".into()));
    }
    if structured && !def.fields.contains_key("time") {
        return Err(invalid("fields", format!("a {:?} format must name its `time` field under `fields`", def.kind)));
    }
    if def.kind == Kind::Csv && def.columns.is_empty() {
        return Err(invalid("columns", "a csv format must list its `columns`".into()));
    }
    let mut text = Vec::new();
    for (i, t) in def.text.iter().enumerate() {
        text.push(
            crate::structured::template(t).map_err(|e| err(&format!("text[{i}]"), ErrorKind::Invalid(e), "text"))?,
        );
    }
    let path_fields = def
        .path_fields
        .as_deref()
        .map(rule_regex)
        .transpose()
        .map_err(|e| err("path_fields", e.into(), "bad `path_fields` regex"))?;
    // Every layout must read back a time it wrote: a layout that cannot yield a time would
    // leave every line of the format untimed, silently.
    for (i, layout) in def.time.layouts.iter().enumerate() {
        if layout == "iso" || matches!(layout.as_str(), "epoch_s" | "epoch_ms" | "epoch_us" | "epoch_ns") {
            continue;
        }
        let sample = chrono::NaiveDate::from_ymd_opt(2024, 6, 12).and_then(|d| d.and_hms_opt(6, 0, 4));
        let ok = sample.is_some_and(|t| {
            let text =
                chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(t, chrono::Utc).format(layout).to_string();
            let reference = Some(t.and_utc().timestamp_millis() + 86_400_000);
            crate::time::parse_with_year(&text, std::slice::from_ref(layout), &crate::time::Zone::default(), reference)
                .is_some_and(|st| st.utc_ms == t.and_utc().timestamp_millis())
        });
        if !ok {
            return Err(invalid(
                &format!("time.layouts[{i}]"),
                format!("time layout '{layout}' cannot be read back to a full time (it needs at least month, day, hour, minute and second)"),
            ));
        }
    }
    let glob = |at: String, g: &str| Glob::new(g).map_err(|e| invalid(&at, format!("bad file-name glob '{g}': {e}")));
    let files =
        def.files.iter().enumerate().map(|(i, g)| glob(format!("files[{i}]"), g)).collect::<Result<Vec<_>, _>>()?;
    let mut roles = Vec::new();
    for (k, v) in &def.roles {
        let gs =
            v.iter().enumerate().map(|(i, g)| glob(format!("roles.{k}[{i}]"), g)).collect::<Result<Vec<_>, _>>()?;
        roles.push((k.clone(), gs));
    }
    Ok(Format {
        id: def.id,
        description: def.description,
        files,
        roles,
        role_hints: def.role_hints.into_iter().collect(),
        path_fields,
        line,
        record_start: match def.kind {
            Kind::Line => first_bytes(&def.line),
            Kind::Jsonl => {
                let mut b = [false; 256];
                b[usize::from(b'{')] = true;
                b
            }
            Kind::Csv => [true; 256],
        },
        kind: def.kind,
        fields: def.fields.into_iter().collect(),
        min_columns: def.min_columns.unwrap_or(def.columns.len()).min(def.columns.len()),
        columns: def.columns,
        text,
        layouts: def.time.layouts,
        sniff_ratio: def.sniff_ratio.unwrap_or(0.6),
        param,
        given: false,
    })
}

/// A `line_from` checked: one-letter escapes whose patterns compile; the pack name is filled in
/// when the pack is added to a rule set.
fn compile_line_from(id: &str, lf: &model::LineFromDef) -> Result<crate::layout::ParamLayout, CompileError> {
    let at = KeyPath::root().key("line_from");
    let letter = |path: KeyPath, k: &str| -> Result<char, CompileError> {
        let mut cs = k.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c != '%' => Ok(c),
            _ => Err(CompileError::new(
                path,
                ErrorKind::Invalid(format!("line_from escape '{k}' must be one character (the letter after %)")),
            )
            .context(format!("format '{id}'"))),
        }
    };
    let mut escapes = BTreeMap::new();
    for (k, v) in &lf.escapes {
        let path = at.key("escapes").key(k.clone());
        let ctx = format!("format '{id}': line_from escape '{k}'");
        let re = rule_regex(v).map_err(|e| CompileError::new(path.clone(), e).context(&ctx))?;
        shadowed_capture(&re, true)
            .map_err(|e| CompileError::new(path.clone(), ErrorKind::Invalid(e)).context(&ctx))?;
        escapes.insert(letter(path, k)?, v.clone());
    }
    if !escapes.values().any(|v| v.contains("(?P<time>")) {
        return Err(CompileError::new(
            at.key("escapes"),
            ErrorKind::Invalid("no line_from escape captures `time`".into()),
        )
        .context(format!("format '{id}'")));
    }
    rule_regex(&lf.then)
        .map_err(|e| CompileError::new(at.key("then"), e).context(format!("format '{id}': line_from `then`")))?;
    Ok(crate::layout::ParamLayout {
        pack: String::new(),
        name: lf.param.clone(),
        escapes,
        optional_rest: lf.optional_rest.as_deref().map(|k| letter(at.key("optional_rest"), k)).transpose()?,
        then: lf.then.clone(),
    })
}

/// The bytes a match of `pattern` can start with; every byte when that cannot be told.
pub fn first_bytes(pattern: &str) -> [bool; 256] {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut out = [false; 256];
    let all = [true; 256];
    // ASCII classes (\d is 0-9 here): the first byte of a UTF-8 digit of another script is not
    // worth a record start, and Unicode classes are too large to enumerate.
    let parsed = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok();
    let Some(hir) = parsed.or_else(|| regex_syntax::parse(pattern).ok()) else { return all };
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix).limit_literal_len(1).limit_class(256).limit_total(1024);
    let seq = ex.extract(&hir);
    let Some(lits) = seq.literals() else { return all };
    for l in lits {
        match l.as_bytes().first() {
            Some(&b) => out[usize::from(b)] = true,
            None => return all,
        }
    }
    if lits.is_empty() {
        return all;
    }
    out
}

fn compile_rule(def: model::RuleDef, file: &str, pack: &str) -> Result<Rule, Vec<CompileError>> {
    let mut errs = Vec::new();
    let root = KeyPath::root();
    let named = def.symptoms.keys().map(|n| ("symptoms", n)).chain(def.conditions.keys().map(|n| ("conditions", n)));
    for (section, name) in named {
        if !is_ident(name) || RESERVED.contains(&name.as_str()) {
            errs.push(CompileError::new(root.key(section).key(name.clone()), ErrorKind::Invalid(format!(
                "'{name}' cannot name a symptom or condition: use letters, digits and _ (not starting with a digit), and not one of {}",
                RESERVED.join(", ")
            ))).bare());
        }
    }
    if let Some(dup) = def.symptoms.keys().find(|k| def.conditions.contains_key(*k)) {
        errs.push(
            CompileError::new(
                root.key("conditions").key(dup.clone()),
                ErrorKind::Invalid(format!("'{dup}' names both a symptom and a condition")),
            )
            .bare(),
        );
    }
    let mut symptoms = Vec::new();
    for (name, s) in &def.symptoms {
        match compile_symptom(name, s) {
            Ok(x) => symptoms.push(x),
            Err(m) => errs.push(m),
        }
    }
    let sym_names: Vec<String> = def.symptoms.keys().cloned().collect();
    let cond_names: Vec<String> = def.conditions.keys().cloned().collect();
    let resolver = Resolver { symptoms: &sym_names, conds: &cond_names, defs: &def.conditions };
    let mut conditions = Vec::new();
    for (name, c) in &def.conditions {
        match resolver.cond(c, &mut vec![name.clone()]) {
            Ok(x) => conditions.push((name.clone(), x)),
            Err(k) => errs.push(CompileError::new(root.key("conditions").key(name.clone()), k)),
        }
    }
    let require = resolver.cond(&def.require, &mut Vec::new()).map_err(|k| CompileError::new(root.key("require"), k));
    let confirm = def
        .confirm
        .as_ref()
        .map(|c| resolver.cond(c, &mut Vec::new()))
        .transpose()
        .map_err(|k| CompileError::new(root.key("confirm"), k));
    let text = compile_text(&def.text, &root.key("text"));
    let mut translations = BTreeMap::new();
    for (lang, t) in &def.translations {
        let as_text = model::TextDef { summary: t.summary.clone(), cause: t.cause.clone(), steps: t.steps.clone() };
        match compile_text(&as_text, &root.key("translations").key(lang.clone())) {
            Ok(x) => {
                translations.insert(lang.clone(), (t.title.clone(), x));
            }
            Err(e) => errs.extend(e),
        }
    }
    let (require, confirm, text) = match (require, confirm, text) {
        (Ok(r), Ok(c), Ok(t)) if errs.is_empty() => (r, c, t),
        (r, c, t) => {
            errs.extend(r.err());
            errs.extend(c.err());
            if let Err(e) = t {
                errs.extend(e);
            }
            return Err(errs);
        }
    };
    if !(0.0..=1.0).contains(&def.confidence.confirmed) || !(0.0..=1.0).contains(&def.confidence.possible) {
        return Err(vec![CompileError::new(
            root.key("confidence"),
            ErrorKind::Invalid("confidence values must lie between 0 and 1".into()),
        )
        .bare()]);
    }
    Ok(Rule {
        id: def.id,
        kb: def.kb,
        title: def.title,
        severity: def.severity,
        status: def.status,
        confidence: def.confidence,
        products: def.products,
        symptoms,
        conditions,
        require,
        confirm,
        text,
        translations,
        supersedes: def.supersedes,
        file: file.to_string(),
        pack: pack.to_string(),
    })
}

/// A rule's regex. Rule regexes run only on candidate lines (short ones), so they get no lazy
/// DFA at all (a cache limit below its minimum turns it off; the one-pass DFA, backtracker and
/// PikeVM remain): with a thousand rules the DFA caches, kept per regex and per thread, were most
/// of the memory (83 MiB peak; 57 MiB without them, and no slower). The compiled size is capped
/// too, so that a regex that explodes (`(?:a{1000}){1000}`) is a load error, not a memory hog.
pub fn rule_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(&ascii_classes(pattern)).size_limit(2 << 20).dfa_size_limit(1 << 10).build()
}

/// `\d`, `\w`, `\s` (and their negations) and `\b`/`\B` mean their ASCII forms in rules: log
/// text is ASCII where these matter, and the Unicode classes make each regex about ten times
/// larger, which a pack of a thousand rules feels. `\p{..}` stays available for Unicode.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('s') => out.push_str("[\\t\\n\\x0B\\x0C\\r ]"),
            Some('S') => out.push_str("[^\\t\\n\\x0B\\x0C\\r ]"),
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Names the texts and scripts already use.
const RESERVED: &[&str] =
    &["outcome", "missing", "true", "false", "this", "fn", "let", "if", "else", "for", "in", "loop"];

/// What every event carries besides its fields (see `script::event_value`): a capture of the
/// same name would be silently replaced by it.
pub const EVENT_KEYS: &[&str] = &["has_time", "time", "offset", "at", "local", "path", "line", "text"];

/// A named capture that an event key would shadow, as an error naming the key.
fn shadowed_capture(re: &Regex, allow_time: bool) -> Result<(), String> {
    for n in re.capture_names().flatten() {
        if EVENT_KEYS.contains(&n) && !(allow_time && n == "time") {
            return Err(format!(
                "the capture '{n}' has the name of a key every event has ({}): it would be replaced by that key; rename it (e.g. '{n}_value')",
                EVENT_KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

fn compile_symptom(name: &str, s: &model::SymptomDef) -> Result<Symptom, CompileError> {
    let at = KeyPath::root().key("symptoms").key(name);
    if s.contains.is_empty() && s.regex.is_none() {
        return Err(CompileError::new(at, ErrorKind::Invalid("give `contains` or `regex` (or both)".into())));
    }
    let regex = s.regex.as_deref().map(rule_regex).transpose().map_err(|e| CompileError::new(at.key("regex"), e))?;
    if let Some(re) = &regex {
        shadowed_capture(re, false).map_err(|e| CompileError::new(at.key("regex"), ErrorKind::Invalid(e)))?;
    }
    let mut where_ = Vec::new();
    for (field, pat) in &s.where_ {
        let re = rule_regex(pat).map_err(|e| CompileError::new(at.key("where").key(field.clone()), e))?;
        where_.push((field.clone(), re));
    }
    let sources = s
        .sources
        .iter()
        .map(|t| {
            let t = t.trim();
            if t == "*" {
                return SourceSel { format: None, role: None };
            }
            match t.split_once('/') {
                Some((f, r)) => SourceSel { format: Some(f.to_string()), role: Some(r.to_string()) },
                None => SourceSel { format: Some(t.to_string()), role: None },
            }
        })
        .collect();
    let contains_ci = s.case == Some(model::LetterCase::Insensitive);
    let (literals, literal_ci, literal_origin) = if !s.contains.is_empty() {
        if let Some(i) = s.contains.iter().position(|c| c.is_empty()) {
            return Err(CompileError::new(
                at.key("contains").index(i),
                ErrorKind::Invalid("an empty text would match every line".into()),
            )
            .context(at.key("contains").to_string()));
        }
        if contains_ci {
            // ASCII case folding in the prefilter: a text with non-ASCII letters is searched by
            // its longest ASCII stretch (the exact check runs on the candidate line after).
            let lits: Option<Vec<String>> = s.contains.iter().map(|c| ascii_stretch(c)).collect();
            match lits {
                Some(l) => (l, true, "contains"),
                None => (Vec::new(), true, "none"),
            }
        } else {
            (s.contains.clone(), false, "contains")
        }
    } else {
        s.regex.as_deref().map(extract_literals).unwrap_or((Vec::new(), false, "none"))
    };
    let contains = if contains_ci { s.contains.iter().map(|c| c.to_lowercase()).collect() } else { s.contains.clone() };
    Ok(Symptom {
        name: name.to_string(),
        description: s.description.clone(),
        sources,
        literals,
        literal_ci,
        contains,
        contains_ci,
        literal_origin,
        regex,
        where_,
    })
}

/// The text ASCII-lower-cased when it is all ASCII, else its longest all-ASCII stretch of at
/// least 3 bytes (lower-cased), else none.
fn ascii_stretch(text: &str) -> Option<String> {
    if text.is_ascii() {
        return Some(text.to_ascii_lowercase());
    }
    let best = text.split(|c: char| !c.is_ascii()).max_by_key(|p| p.trim().len())?;
    (best.trim().len() >= 3).then(|| best.to_ascii_lowercase())
}

/// Literals every match of `pattern` starts (or else ends) with, for the prefilter, and
/// whether they are to be searched ignoring ASCII case: a case-insensitive pattern yields case
/// variants of the same text, which fold into fewer ASCII-lower-cased literals; an exact
/// pattern's literals are kept exactly (non-ASCII included). None when any literal would be
/// shorter than 3 bytes, or there would be more than 64.
pub fn extract_literals(pattern: &str) -> (Vec<String>, bool, &'static str) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return (Vec::new(), false, "none");
    };
    for (kind, origin) in [(ExtractKind::Prefix, "regex prefix"), (ExtractKind::Suffix, "regex suffix")] {
        let mut ex = Extractor::new();
        ex.kind(kind);
        let seq = ex.extract(&hir);
        if let Some(lits) = seq.literals() {
            let mut exact: Vec<String> =
                lits.iter().map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned()).collect();
            exact.sort();
            exact.dedup();
            let mut folded: Vec<String> = exact.iter().map(|l| l.to_ascii_lowercase()).collect();
            folded.sort();
            folded.dedup();
            let ci = folded.len() < exact.len();
            let out = if ci { folded } else { exact };
            if !out.is_empty() && out.iter().all(|l| l.trim().len() >= 3) && out.len() <= 64 {
                return (out, ci, origin);
            }
        }
    }
    (Vec::new(), false, "none")
}

struct Resolver<'a> {
    symptoms: &'a [String],
    conds: &'a [String],
    defs: &'a BTreeMap<String, CondDef>,
}

impl Resolver<'_> {
    fn symptom(&self, name: &str) -> Result<usize, ErrorKind> {
        self.symptoms.iter().position(|s| s == name).ok_or_else(|| {
            ErrorKind::Reference(format!(
                "'{name}' is not a symptom of this rule (symptoms: {})",
                self.symptoms.join(", ")
            ))
        })
    }

    fn span(&self, text: &str) -> Result<Span, ErrorKind> {
        duration::parse(text).map_err(ErrorKind::Duration)
    }

    fn cond(&self, c: &CondDef, stack: &mut Vec<String>) -> Result<Cond, ErrorKind> {
        match c {
            CondDef::Name(n) => {
                if let Ok(i) = self.symptom(n) {
                    return Ok(Cond::Symptom(i));
                }
                if let Some(i) = self.conds.iter().position(|x| x == n) {
                    if stack.contains(n) {
                        return Err(ErrorKind::Reference(format!(
                            "condition '{n}' refers to itself ({} → {n})",
                            stack.join(" → ")
                        )));
                    }
                    // Check the referred condition for cycles through this path.
                    stack.push(n.clone());
                    let r = self.cond(&self.defs[n], stack);
                    stack.pop();
                    r?;
                    return Ok(Cond::Named(i));
                }
                Err(ErrorKind::Reference(format!(
                    "'{n}' is neither a symptom nor a named condition of this rule (symptoms: {}; conditions: {})",
                    self.symptoms.join(", "),
                    if self.conds.is_empty() { "none".to_string() } else { self.conds.join(", ") }
                )))
            }
            CondDef::Op(op) => match op.as_ref() {
                CondOp::All(v) | CondOp::Any(v) if v.is_empty() => {
                    Err(ErrorKind::Invalid("an empty all/any list".into()))
                }
                CondOp::All(v) => Ok(Cond::All(v.iter().map(|c| self.cond(c, stack)).collect::<Result<_, _>>()?)),
                CondOp::Any(v) => Ok(Cond::Any(v.iter().map(|c| self.cond(c, stack)).collect::<Result<_, _>>()?)),
                CondOp::Not(c) => Ok(Cond::Not(Box::new(self.cond(c, stack)?))),
                CondOp::Near(r) | CondOp::Before(r) | CondOp::After(r) => {
                    let kind = match op.as_ref() {
                        CondOp::Near(_) => RelKind::Near,
                        CondOp::Before(_) => RelKind::Before,
                        _ => RelKind::After,
                    };
                    let within = self.span(&r.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", r.within)));
                    }
                    Ok(Cond::Rel { kind, a: self.symptom(&r.a)?, b: self.symptom(&r.b)?, within, by: r.by.clone() })
                }
                CondOp::Count(c) => {
                    if c.min == 0 {
                        return Err(ErrorKind::Invalid("count.min must be at least 1".into()));
                    }
                    Ok(Cond::Count {
                        symptom: self.symptom(&c.symptom)?,
                        min: c.min,
                        within: c.within.as_deref().map(|w| self.span(w)).transpose()?,
                        distinct: c.distinct.clone(),
                        by: c.by.clone(),
                    })
                }
                CondOp::Sequence(q) => {
                    if q.steps.len() < 2 {
                        return Err(ErrorKind::Invalid("a sequence needs at least two steps".into()));
                    }
                    let within = self.span(&q.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", q.within)));
                    }
                    let steps = q.steps.iter().map(|s| self.symptom(s)).collect::<Result<_, _>>()?;
                    Ok(Cond::Sequence { steps, within, by: q.by.clone() })
                }
                CondOp::Absent(r) => {
                    let within = self.span(&r.within)?;
                    if within.ms() <= 0 {
                        return Err(ErrorKind::Duration(format!("window '{}' must be longer than zero", r.within)));
                    }
                    Ok(Cond::Absent { a: self.symptom(&r.a)?, b: self.symptom(&r.b)?, within, by: r.by.clone() })
                }
                CondOp::Script(src) => {
                    let ast = script::shared().compile(src).map_err(ErrorKind::Script)?;
                    Ok(Cond::Script { source: src.clone(), ast: std::sync::Arc::new(ast) })
                }
                CondOp::Recurs(r) => {
                    let tolerance = r.tolerance.as_deref().map(|t| self.span(t)).transpose()?.unwrap_or(Span(600_000));
                    if r.min_days < 2 {
                        return Err(ErrorKind::Invalid("recurs.min_days must be at least 2".into()));
                    }
                    if tolerance.ms() >= 12 * 3_600_000 {
                        return Err(ErrorKind::Invalid("recurs.tolerance must be under 12h".into()));
                    }
                    Ok(Cond::Recurs { symptom: self.symptom(&r.symptom)?, min_days: r.min_days, tolerance })
                }
            },
        }
    }
}

fn compile_text(t: &model::TextDef, at: &KeyPath) -> Result<Text, Vec<CompileError>> {
    let e = script::shared();
    let mut errs = Vec::new();
    let mut tpl = |path: KeyPath, text: &str, is_expr: bool| -> Option<Template> {
        let source = if is_expr { text.to_string() } else { script::template_source(text) };
        // A full script, not an expression: `${ ... }` holes may hold `let` statements.
        match e.compile(&source) {
            Ok(ast) => Some(Template { source: text.to_string(), ast }),
            Err(err) => {
                let kind = if is_expr { ErrorKind::Expression(err) } else { ErrorKind::Template(err) };
                errs.push(CompileError::new(path, kind));
                None
            }
        }
    };
    let summary = t.summary.as_deref().map(|s| tpl(at.key("summary"), s, false));
    let cause = tpl(at.key("cause"), &t.cause, false);
    let mut steps = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        let step = at.key("steps").index(i);
        match s {
            StepDef::Text(x) => steps.push((None, tpl(step, x, false))),
            StepDef::When(w) => {
                let when = tpl(step.key("when"), &w.when, true);
                steps.push((when, tpl(step.key("text"), &w.text, false)));
            }
        }
    }
    if t.steps.is_empty() {
        errs.push(CompileError::new(
            at.key("steps"),
            ErrorKind::Invalid("a rule needs at least one resolution step".into()),
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let Some(cause) = cause else { return Err(errs) };
    Ok(Text {
        summary: summary.flatten(),
        cause,
        steps: steps.into_iter().filter_map(|(w, t)| Some((w, t?))).collect(),
    })
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
