//! The rule-pack files as authors write them (YAML), before compilation.
//!
//! Unknown keys are refused everywhere: a misspelt key that is silently ignored is a rule that
//! silently never fires. docs/rule-format.md documents every field.

use serde::Deserialize;
use std::collections::BTreeMap;

/// How a parameter's value becomes a `line` pattern (see `crate::layout`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineFromDef {
    /// The parameter's name inside the pack (`prefix` → `--param postgresql.prefix=...`).
    pub param: String,
    /// Per escape letter (the character after `%`), the regex it stands for; named captures
    /// become fields, and one escape must capture `time`.
    pub escapes: BTreeMap<String, String>,
    /// The escape letter after which the rest of the value may be missing (PostgreSQL's `q`).
    #[serde(default)]
    pub optional_rest: Option<String>,
    /// The regex for the rest of the line after the prefix (level and message).
    pub then: String,
}

/// `pack.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// Engine versions the pack works with, a Cargo-style requirement, e.g. `">=0.1"` or `"^0.2"`.
    #[serde(default)]
    pub engine: Option<String>,
    /// Language of the rule texts (default `en`).
    #[serde(default = "default_lang")]
    pub language: String,
    /// Other languages every rule of the pack should carry (`kbdiag lint` warns otherwise).
    #[serde(default)]
    pub translations: Vec<String>,
    /// Packs (folders beside this one) whose formats this pack's rules read too: the
    /// postgresql pack reads the server's lines in syslog, whose formats the linux pack
    /// defines. `kbdiag test` loads their formats (not their rules) beside the pack; a
    /// diagnosis loads every pack it is given.
    #[serde(default)]
    pub formats_from: Vec<String>,
}

fn default_lang() -> String {
    "en".into()
}

/// `formats/<id>.yaml`: how to recognise a log file and read its lines.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormatDef {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// File-name globs (`*.log`, `web@*.log`) that suggest this format.
    #[serde(default)]
    pub files: Vec<String>,
    /// Roles inside the format chosen by file name, e.g. `web: ["web.log", "web_*.log"]`.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    /// Text typical of each role's log (e.g. `web: ["Starting Web server module"]`): when the
    /// file name says no role (`marketing-wf.log`, stdin, a pasted file), the role whose texts
    /// appear in the file's first 256 KiB is taken, with a warning saying so.
    #[serde(default)]
    pub role_hints: BTreeMap<String, Vec<String>>,
    /// Regex over the file name (not the folder) whose named captures become fields of every
    /// event of the file, e.g. the workflow name of a pasted workflow journal.
    #[serde(default)]
    pub path_fields: Option<String>,
    /// Fields every record of the format has, with their value: what the layout implies but
    /// no line writes (`dmesg` output is the kernel's: `{program: kernel}`).
    #[serde(default)]
    pub fields_set: BTreeMap<String, String>,
    /// Regex over a line that finds, without parsing every line, the lines whose level is a
    /// number the line's fields give rather than a word (a web server's access log: a 5xx
    /// `status` is an error, `" 5\d\d `). The miner reads each line it finds (and any with an
    /// error word) and takes the level from the fields; it cannot count such lines by their
    /// shape, whose digits it does not tell apart.
    #[serde(default)]
    pub mine_hint: Option<String>,
    /// `line` (the default: a regex per line), `jsonl` (a JSON object per line) or `csv`.
    #[serde(default)]
    pub kind: crate::structured::Kind,
    /// Regex over one line; named captures become fields. It must capture `time`. Not used
    /// by `jsonl` and `csv` formats.
    #[serde(default)]
    pub line: String,
    /// `jsonl`/`csv`: the fields to read, as name → JSON pointer (`/timestamp`, `/labels/app`)
    /// or key, or CSV column. `time` must be one of them.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// `csv`: the columns, in order (PostgreSQL's csvlog has no header line).
    #[serde(default)]
    pub columns: Vec<String>,
    /// `jsonl`/`csv`: how a record reads as the line(s) symptoms match, e.g.
    /// `["${level}:  ${message}", "DETAIL:  ${detail}"]`; a template whose fields are missing
    /// or empty gives no line. Default: the record as written.
    #[serde(default)]
    pub text: Vec<String>,
    /// How to read the `time` capture.
    #[serde(default)]
    pub time: TimeDef,
    /// Share of the first lines that must match `line` for sniffing to pick this format
    /// (default 0.6).
    #[serde(default)]
    pub sniff_ratio: Option<f64>,
    /// JSON Lines: fields (by their names under `fields`) every sampled record must have to
    /// count for this format, besides `time`. What tells one program's JSON log from any
    /// other JSON log with a timestamp (PostgreSQL's jsonlog: `session`, `level`), so that the
    /// format can be chosen by content under any file name.
    #[serde(default)]
    pub sniff_fields: Vec<String>,
    /// A line format whose `line` pattern is built at run time from a parameter the user
    /// gives (`--param PACK.NAME=VALUE`), e.g. PostgreSQL's `log_line_prefix`. Until it is
    /// given, the format reads nothing.
    #[serde(default)]
    pub line_from: Option<LineFromDef>,
    /// `csv`: the fewest columns a record may have (older versions of the writer stop earlier:
    /// PostgreSQL 13's csvlog has 24 of the 26 columns of 14, 12 has 23). Default: all of them.
    #[serde(default)]
    pub min_columns: Option<usize>,
    /// `csv`: header lines the writer puts first (Windows Event Viewer's `Level,Date and
    /// Time,Source,Event ID,Task Category`; PowerShell's `#TYPE` line, then its columns). The
    /// first two lines, where they are among them (compared without case and without blanks
    /// around them), are skipped: no record, and no line lost either.
    #[serde(default)]
    pub headers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeDef {
    /// chrono strftime layouts tried in order; `iso` is the built-in fast ISO-8601 reader.
    #[serde(default = "default_layouts")]
    pub layouts: Vec<String>,
}

impl Default for TimeDef {
    fn default() -> Self {
        TimeDef { layouts: default_layouts() }
    }
}

fn default_layouts() -> Vec<String> {
    vec!["iso".into()]
}

/// `rules/<file>.yaml`: one rule.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub kb: KbRef,
    pub title: String,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub confidence: ConfidenceDef,
    /// Named matchers over log lines.
    pub symptoms: BTreeMap<String, SymptomDef>,
    /// Named conditions over the symptoms' events; usable by name in `require`/`confirm`,
    /// in other conditions and in the texts.
    #[serde(default)]
    pub conditions: BTreeMap<String, CondDef>,
    /// What must hold for the rule to apply at all; if it does not, the outcome is `not_matched`.
    pub require: CondDef,
    /// Corroboration: holds → `confirmed`; fails on supplied evidence → `ruled_out`; fails
    /// because the corroborating logs are missing → `possible`. Absent → `confirmed` on `require`.
    #[serde(default)]
    pub confirm: Option<CondDef>,
    pub text: TextDef,
    /// The texts in other languages, by language code (`sv`, `de` ...): `--lang` picks one.
    #[serde(default)]
    pub translations: BTreeMap<String, TranslationDef>,
    /// Rules (ids or KB articles) this one explains: when both fire, theirs are folded under
    /// this finding, which comes first.
    #[serde(default)]
    pub supersedes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KbRef {
    pub article: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

fn default_severity() -> Severity {
    Severity::Medium
}

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    Draft,
    #[default]
    Test,
    Stable,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceDef {
    #[serde(default = "conf_confirmed")]
    pub confirmed: f64,
    #[serde(default = "conf_possible")]
    pub possible: f64,
}

impl Default for ConfidenceDef {
    fn default() -> Self {
        ConfidenceDef { confirmed: conf_confirmed(), possible: conf_possible() }
    }
}

fn conf_confirmed() -> f64 {
    0.9
}
fn conf_possible() -> f64 {
    0.5
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SymptomDef {
    #[serde(default)]
    pub description: String,
    /// Where to look: `format` or `format/role`; `*` is any file. Default: any file.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Plain text the line must contain, in the case written (see `case`); any one of the
    /// list suffices.
    #[serde(default)]
    pub contains: Vec<String>,
    /// `sensitive` (the default: products write their messages the same way every time) or
    /// `insensitive` for `contains` texts whose case varies in the logs. A regex says it
    /// itself with `(?i)`.
    #[serde(default)]
    pub case: Option<LetterCase>,
    /// Regex the line must match; named captures become fields.
    #[serde(default)]
    pub regex: Option<String>,
    /// Field conditions: every named field must match its regex (a missing field fails).
    #[serde(default, rename = "where")]
    pub where_: BTreeMap<String, String>,
    /// The name of another symptom of the rule whose lines a different server writes (the
    /// RT server's restarts against the marketing server's errors). A log in the same folder
    /// as a server log (a file with a role) that gave that symptom's events is that server's
    /// own: its events cannot confirm the rule and its silence cannot rule it out.
    #[serde(default)]
    pub other_server_than: Option<String>,
    /// Servers of this symptom's kind that the bundle shows must exist: each distinct value of
    /// `field` among the events of `symptoms` has one of its own (a Message Center sync workflow,
    /// `mcSynch_<account>`, per execution instance). When the bundle holds this symptom's logs
    /// from fewer servers, their silence cannot rule the rule out: the log of the server that
    /// matters may be missing.
    #[serde(default)]
    pub one_server_per: Option<OneServerPer>,
    /// One event per value of this field: for a symptom that names things (the sync workflows
    /// at work) rather than counts them. A line that holds a value already named, as a whole
    /// word, is passed over before its regex runs, so a name on every tenth line of a busy log
    /// costs a text search, not an event.
    #[serde(default)]
    pub distinct: Option<String>,
    /// The levels a line must have where its format writes one (`error`, `warning`, or level
    /// words such as `LOG`): a line
    /// the format marks `info` or `debug` that quotes an error's text ("filter loaded:
    /// pattern '...' will be ignored") is not that error. Lines whose format has no level
    /// (a pasted journal, generic text) are not judged by it.
    #[serde(default)]
    pub levels: Vec<SymptomLevel>,
}

/// `one_server_per`: the field whose distinct values each name a server of the symptom's kind,
/// and the symptoms whose events carry it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OneServerPer {
    /// A field of those symptoms' events (a capture or a format field), e.g. `workflow`.
    pub field: String,
    /// Symptoms of this rule whose events name the servers.
    pub symptoms: Vec<String>,
}

/// A level a symptom's line may have: a class (`error`, `warning`: what triage reads the
/// format's level as), or the level word itself as the format writes it (`LOG`, `FATAL`),
/// compared without regard to case. A word tells apart what a class cannot: PostgreSQL's
/// `archive command failed` is a LOG line, and a DETAIL, HINT or STATEMENT line quoting it is
/// no such line, though none of them is an error either.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum SymptomLevel {
    Class(LevelClass),
    Word(String),
}

/// The level classes of [`SymptomLevel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelClass {
    Error,
    Warning,
}

/// How `contains` compares letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LetterCase {
    Sensitive,
    Insensitive,
}

/// A condition. In YAML either a name (a symptom: "at least one event"; or a named condition)
/// or a map with exactly one operator.
#[derive(Debug, Clone)]
pub enum CondDef {
    Name(String),
    Op(Box<CondOp>),
}

impl schemars::JsonSchema for CondDef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Condition".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let op = g.subschema_for::<CondOp>();
        schemars::json_schema!({
            "description": "A symptom name (at least one event), a named condition, or a map with exactly one operator.",
            "anyOf": [{"type": "string"}, op]
        })
    }
}

impl<'de> Deserialize<'de> for CondDef {
    /// By hand rather than `untagged`, so that a mistake inside an operator is reported as
    /// itself ("unknown field `withn`") and not as "did not match any variant".
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_yaml::Value::deserialize(d)?;
        match v {
            serde_yaml::Value::String(s) => Ok(CondDef::Name(s)),
            serde_yaml::Value::Mapping(m) if m.len() == 1 => {
                // yaml_serde reads enums from a Value only as tagged values (`!near {...}`):
                // turn the one-key map into that form.
                let Some((serde_yaml::Value::String(key), inner)) = m.into_iter().next() else {
                    return Err(D::Error::custom("a condition operator must be a name such as near or all"));
                };
                let tagged = serde_yaml::Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                    tag: serde_yaml::value::Tag::new(key.clone()),
                    value: inner,
                }));
                serde_yaml::from_value::<CondOp>(tagged)
                    .map(|op| CondDef::Op(Box::new(op)))
                    .map_err(|e| D::Error::custom(format!("in `{key}`: {e}")))
            }
            serde_yaml::Value::Mapping(m) => Err(D::Error::custom(format!(
                "a condition is a map with exactly one operator (all, any, not, near, before, after, count, recurs, sequence, absent, script); found {} keys",
                m.len()
            ))),
            other => Err(D::Error::custom(format!(
                "a condition is a symptom or condition name, or a map with one operator; found {}",
                match other {
                    serde_yaml::Value::Sequence(_) => "a list (wrap it in all: or any:)",
                    serde_yaml::Value::Number(_) => "a number",
                    serde_yaml::Value::Bool(_) => "a boolean",
                    _ => "nothing",
                }
            ))),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum CondOp {
    All(Vec<CondDef>),
    Any(Vec<CondDef>),
    Not(CondDef),
    /// A within D of B, either side.
    Near(RelationDef),
    /// A at most D before B.
    Before(RelationDef),
    /// A at most D after B.
    After(RelationDef),
    /// At least `min` events (or distinct field values) within a window.
    Count(CountDef),
    /// The same clock time on several days.
    Recurs(RecursDef),
    /// A, then B, then C ..., all within a span.
    Sequence(SequenceDef),
    /// A not followed by B within D.
    Absent(RelationDef),
    /// A Rhai expression over the symptoms' events; true (or `#{ok: true, detail: ".."}`) holds.
    /// `when` is accepted as another name for it.
    #[serde(alias = "when")]
    Script(String),
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SequenceDef {
    /// Symptom names, in the order they must happen.
    pub steps: Vec<String>,
    /// Longest time from the first step to the last.
    pub within: String,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    pub a: String,
    pub b: String,
    pub within: String,
    /// Only pair events whose value of this field is equal.
    #[serde(default)]
    pub by: Option<String>,
    /// `before` and `after` only: a `b` event this much on the other side of `a` counts too
    /// (`after: {a: error, b: restart, within: 10m, slack: 2m}`: a restart's start line comes a
    /// little after the failure that the restart's stop caused).
    #[serde(default)]
    pub slack: Option<String>,
    /// `after` only: `b` begins a state that lasts until the next `until.symptom` event (a
    /// server's stop until its start), for at most `until.within`: an `a` inside it counts
    /// however long after `b` it falls (`after: {a: error, b: restart, within: 10m, until:
    /// {symptom: server_up, within: 1h}}`: an error 25 minutes into a restart that took 40).
    #[serde(default)]
    pub until: Option<UntilDef>,
}

/// The end of the state a relation's `b` event begins: the next event of `symptom`, at most
/// `within` after it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UntilDef {
    pub symptom: String,
    pub within: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountDef {
    pub symptom: String,
    pub min: u32,
    #[serde(default)]
    pub within: Option<String>,
    #[serde(default)]
    pub distinct: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecursDef {
    pub symptom: String,
    /// How many different days must show the event at about the same clock time.
    pub min_days: u32,
    /// How far apart the clock times may be (default 10m).
    #[serde(default)]
    pub tolerance: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextDef {
    #[serde(default)]
    pub summary: Option<String>,
    pub cause: String,
    pub steps: Vec<StepDef>,
}

/// A rule's texts in another language: a title and the same texts as `text`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationDef {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub cause: String,
    pub steps: Vec<StepDef>,
}

/// A resolution step: a template, or a template with a `when` (a Rhai boolean expression over
/// the same values the templates see).
#[derive(Debug, Clone)]
pub enum StepDef {
    Text(String),
    When(StepWhen),
}

impl schemars::JsonSchema for StepDef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Step".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let when = g.subschema_for::<StepWhen>();
        schemars::json_schema!({
            "description": "A resolution step: a text with ${...} holes, or {when, text} to show it only when the Rhai expression `when` is true.",
            "anyOf": [{"type": "string"}, when]
        })
    }
}

impl<'de> Deserialize<'de> for StepDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_yaml::Value::deserialize(d)? {
            serde_yaml::Value::String(s) => Ok(StepDef::Text(s)),
            v @ serde_yaml::Value::Mapping(_) => serde_yaml::from_value(v).map(StepDef::When).map_err(D::Error::custom),
            _ => Err(D::Error::custom("a step is a text, or a map with `when` and `text`")),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepWhen {
    pub when: String,
    pub text: String,
}

/// A fixture case (`fixtures/<rule>/<case>/case.yaml`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseDef {
    /// The rule the case is about (rule id or KB article).
    pub rule: String,
    pub expect: String,
    #[serde(default)]
    pub description: String,
    /// Zone for naive times (`--tz`).
    #[serde(default)]
    pub tz: Option<String>,
    /// The year of year-less times (`--year`), so that a case does not depend on when its
    /// files were checked out.
    #[serde(default)]
    pub year: Option<i32>,
    /// Pack parameters (`--param`), e.g. `{postgresql.prefix: '< %m >'}`.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Other rules (ids or KB articles) whose problems the bundle holds as well: a real log
    /// of several incidents (a server's syslog with a deadlock and a full disk). The overlap
    /// check (tests/overlaps.rs) does not take them for rules claiming this case's incident.
    #[serde(default)]
    pub also: Vec<String>,
}
