//! The report: what a run found, in the shape of the JSON contract (docs/design.md, "Output").
//! Every field is documented in docs/json-output.md.

use crate::pack::model::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a rule ended (the contract in docs/design.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    Confirmed,
    Possible,
    RuledOut,
    NotMatched,
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Confirmed => "confirmed",
            Outcome::Possible => "possible",
            Outcome::RuledOut => "ruled_out",
            Outcome::NotMatched => "not_matched",
            Outcome::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub tool: Tool,
    pub inputs: Vec<InputSummary>,
    pub findings: Vec<Finding>,
    pub ruled_out: Vec<RuledOut>,
    pub errors: Vec<ErrorEntry>,
    pub stats: Stats,
    /// True when the verdict rests on everything: every input read whole and understood, every
    /// rule judged. Only then does an empty `findings` mean "no known problem".
    pub complete: bool,
    /// When not complete, why (one sentence each: inputs not read whole, rules not judged).
    pub incomplete: Vec<String>,
    /// Error and warning lines no confirmed or possible finding used, grouped into templates,
    /// ranked (see docs/json-output.md). Empty when mining is off.
    pub unexplained: Vec<crate::unexplained::Unexplained>,
    /// Set when templates were left out past the bound (a sentence saying how many).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unexplained_bounded: Option<String>,
    /// How many templates there were, those left out past the bound included (so a report
    /// that lists the top 10 can say "10 of 40").
    pub unexplained_total: u64,
    /// Whether error lines were mined at all: false with `--max-unexplained 0`, when an empty
    /// `unexplained` says nothing (not "everything is explained").
    pub mined: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub kb: String,
    pub title: String,
    pub outcome: Outcome,
    pub severity: Severity,
    pub confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub cause: String,
    pub steps: Vec<String>,
    /// The first and last `max_evidence` lines (default 10 each) of the evidence, in time order.
    pub evidence: Vec<Evidence>,
    /// How many evidence lines there were in all; when more than `evidence` holds, the lines
    /// left out sit between its first and second half.
    pub evidence_total: u64,
    pub missing: Vec<String>,
    /// Inputs this rule reads that were not read whole (see `inputs[].complete`): events of
    /// the rule may be in the part not read. Empty when everything it reads was complete.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Findings of rules this one supersedes, folded under it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<Folded>,
    /// Every event of the rule's symptoms with its time, for a timeline (the HTML report).
    /// Not in the JSON contract: `evidence` is the capped, readable part; this is the whole
    /// picture a drawing needs, as plain data.
    #[serde(skip)]
    pub timeline: Timeline,
}

/// The events behind a finding, for drawing: all of them (not only the evidence lines shown),
/// with the clock each was written in, and the pairs the deciding relation joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// The rule's symptom names; [`TimelineEvent::symptom`] indexes this.
    pub symptoms: Vec<String>,
    /// Grouped by symptom in rule order, each group sorted by time (untimed last).
    pub events: Vec<TimelineEvent>,
    /// What the deciding condition's relation (near, before, after) joined: indices into
    /// `events`, `(a, b)` as the rule names them (e.g. a Logon error and its restart).
    pub pairs: Vec<(usize, usize)>,
}

/// One event on a timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineEvent {
    pub symptom: usize,
    /// Index into the report's `inputs`.
    pub input: usize,
    pub line: u64,
    /// UTC milliseconds; `None` when the line had no readable time.
    pub utc_ms: Option<i64>,
    /// The offset (seconds east) the line was written in, when the line or the zone said so.
    pub offset_s: Option<i32>,
    /// No zone on the line: the reader's zone was assumed.
    pub assumed: bool,
    /// Part of what satisfied the deciding condition (as [`Evidence::decisive`]).
    pub decisive: bool,
}

/// An event of a rule: (symptom index, event index).
pub type EventAt = (usize, usize);

/// A mark per event of a rule (`marks[symptom][k]`): one byte each, where a set of
/// references costs a few dozen bytes per event of a rule with 200,000.
pub(crate) struct Marks(Vec<Vec<bool>>);

impl Marks {
    /// The events in `refs` marked.
    pub(crate) fn of(hits: &[Vec<crate::event::Event>], refs: &[EventAt]) -> Marks {
        let mut m: Vec<Vec<bool>> = hits.iter().map(|v| vec![false; v.len()]).collect();
        for &(s, k) in refs {
            if let Some(x) = m.get_mut(s).and_then(|v| v.get_mut(k)) {
                *x = true;
            }
        }
        Marks(m)
    }

    pub(crate) fn has(&self, (s, k): EventAt) -> bool {
        self.0.get(s).and_then(|v| v.get(k)).copied().unwrap_or(false)
    }
}

impl Timeline {
    /// The timeline of one rule's run: `hits` per symptom (each sorted by time), the events
    /// of the deciding condition (`decisive`) and the pairs its relation found. A symptom not
    /// `drawn` (one that only names servers, `Symptom::claims_lines`) has no events on it, nor
    /// has one whose every line a symptom before it drew already (KA-05406's start lines,
    /// which its restart markers hold too): a line is one mark.
    pub(crate) fn of(
        symptoms: Vec<String>,
        drawn: &[bool],
        hits: &[Vec<crate::event::Event>],
        decisive: &Marks,
        pairs: &[(EventAt, EventAt)],
    ) -> Timeline {
        let mut start = Vec::with_capacity(hits.len());
        let mut events = Vec::with_capacity(hits.iter().map(Vec::len).sum());
        let mut lines: std::collections::HashSet<(usize, u64)> = std::collections::HashSet::new();
        for (s, evs) in hits.iter().enumerate() {
            start.push(events.len());
            if !drawn.get(s).copied().unwrap_or(true) {
                continue;
            }
            if !evs.is_empty() && evs.iter().all(|e| lines.contains(&(e.input, e.line))) {
                continue;
            }
            lines.extend(evs.iter().map(|e| (e.input, e.line)));
            events.extend(evs.iter().enumerate().map(|(k, e)| TimelineEvent {
                symptom: s,
                input: e.input,
                line: e.line,
                utc_ms: e.time.map(|t| t.utc_ms),
                offset_s: e.time.map(|t| t.offset_s),
                assumed: e.time.is_some_and(|t| t.assumed),
                decisive: decisive.has((s, k)),
            }));
        }
        let at = |(s, k): (usize, usize)| {
            let end = start.get(s + 1).copied().unwrap_or(events.len());
            start.get(s).map(|b| b + k).filter(|&i| i < end)
        };
        let pairs = pairs.iter().filter_map(|&(a, b)| Some((at(a)?, at(b)?))).collect();
        Timeline { symptoms, events, pairs }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Folded {
    pub rule: String,
    pub kb: String,
    pub title: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub symptom: String,
    pub path: String,
    pub line: u64,
    /// RFC 3339 UTC; null when the line had no readable time.
    pub time: Option<String>,
    pub text: String,
    /// True when the line is part of what satisfied the rule's deciding condition (its
    /// `confirm`, else its `require`): e.g. an error that fell within a restart, not one far
    /// from any.
    pub decisive: bool,
}

impl Evidence {
    /// The evidence line of one event (the one builder: findings and explain alike).
    pub(crate) fn of(symptom: &str, e: &crate::event::Event, inputs: &[InputSummary], decisive: bool) -> Evidence {
        Evidence {
            symptom: symptom.to_string(),
            path: inputs.get(e.input).map(|i| i.path.clone()).unwrap_or_default(),
            line: e.line,
            time: e.time.map(|t| crate::time::rfc3339(t.utc_ms)),
            text: e.text.to_string(),
            decisive,
        }
    }

    /// A line whose text was not kept in memory (see `scan::TEXT_KEPT`) until it is read again.
    pub(crate) fn text_missing(&self) -> bool {
        self.text.is_empty()
    }

    /// One entry per line: a line that two symptoms matched is shown once, naming both
    /// ("type_mismatch, in_alert"), decisive if either made it so.
    pub(crate) fn merge_same_lines(list: Vec<Evidence>) -> Vec<Evidence> {
        let mut out: Vec<Evidence> = Vec::with_capacity(list.len());
        let mut at: std::collections::HashMap<(String, u64), usize> = std::collections::HashMap::new();
        for e in list {
            match at.get(&(e.path.clone(), e.line)) {
                Some(&i) => {
                    let kept = &mut out[i];
                    if !kept.symptom.split(", ").any(|s| s == e.symptom) {
                        kept.symptom = format!("{}, {}", kept.symptom, e.symptom);
                    }
                    kept.decisive |= e.decisive;
                }
                None => {
                    at.insert((e.path.clone(), e.line), out.len());
                    out.push(e);
                }
            }
        }
        out
    }
}

/// The evidence of a rule shown in a report: one entry per line (a line two symptoms matched
/// names both), in time order; past `2 * keep` lines only the first and last `keep`. Only the
/// lines shown are built, so a rule with 100,000 events costs a pass over references, not
/// 100,000 strings. Returns the lines and how many there were in all.
pub(crate) fn select_evidence(
    rule: &crate::pack::Rule,
    hits: &[Vec<crate::event::Event>],
    inputs: &[InputSummary],
    refs: &[(usize, usize)],
    decisive: &Marks,
    keep: usize,
) -> (Vec<Evidence>, u64) {
    // Lines in order, each with its events. `refs` are in time order, and the events of one
    // line share its time, input and line number: they are next to each other, so a line is a
    // run of `refs` (where a line starts, one word per line, not a list per line).
    let place = |(s, k): (usize, usize)| (hits[s][k].input, hits[s][k].line);
    let mut starts: Vec<usize> = Vec::new();
    for (i, &r) in refs.iter().enumerate() {
        if i == 0 || place(refs[i - 1]) != place(r) {
            starts.push(i);
        }
    }
    let run = |n: usize| &refs[starts[n]..starts.get(n + 1).copied().unwrap_or(refs.len())];
    let total = starts.len() as u64;
    let shown: Vec<usize> = if starts.len() > 2 * keep {
        (0..keep).chain(starts.len() - keep..starts.len()).collect()
    } else {
        (0..starts.len()).collect()
    };
    let out = shown
        .into_iter()
        .map(|n| {
            let built: Vec<Evidence> = run(n)
                .iter()
                .map(|&(s, k)| Evidence::of(&rule.symptoms[s].name, &hits[s][k], inputs, decisive.has((s, k))))
                .collect();
            let mut merged = Evidence::merge_same_lines(built);
            merged.swap_remove(0)
        })
        .collect();
    (out, total)
}

#[derive(Debug, Clone, Serialize)]
pub struct RuledOut {
    pub rule: String,
    pub kb: String,
    pub title: String,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// What went wrong, for automation to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rule (or pack file) that failed to load.
    Load,
    /// A path given that could not be used at all.
    Input,
    /// A rule that could not be judged (a condition or text failed): its outcome is `error`.
    Rule,
    /// A named condition outside `require`/`confirm` that failed: the finding stands, and says
    /// what it could not check.
    Condition,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Load => "load",
            ErrorKind::Input => "input",
            ErrorKind::Rule => "rule",
            ErrorKind::Condition => "condition",
        }
    }
}

/// A rule that could not be evaluated or loaded, or a path that could not be used.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorEntry {
    pub kind: ErrorKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub files: u64,
    pub bytes: u64,
    pub events: u64,
    pub rules: u64,
    pub elapsed_ms: u64,
    /// Lines read, all files.
    pub lines: u64,
    /// How many rules ended in each outcome (all five keys are always present).
    pub outcomes: BTreeMap<Outcome, u64>,
}

/// One entry of the report's `inputs`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputSummary {
    pub path: String,
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub events: u64,
    pub bytes: u64,
    #[serde(serialize_with = "ser_time")]
    pub first: Option<i64>,
    #[serde(serialize_with = "ser_time")]
    pub last: Option<i64>,
    pub skipped: u64,
    pub warnings: Vec<crate::warning::Warning>,
    /// True when the input was read whole and understood: no warning whose code loses data
    /// ([`crate::warning::Code::loses_data`]). A verdict of absence rests only on complete inputs.
    pub complete: bool,
    /// Lines read, empty ones included.
    #[serde(skip)]
    pub lines: u64,
    /// False when the input could not be read at all (then it counts as absent).
    #[serde(skip)]
    pub readable: bool,
    /// Its format writes times without a year (syslog): the year was inferred.
    #[serde(skip)]
    pub yearless: bool,
    /// The time of its last record, in file order (not the latest time).
    #[serde(skip)]
    pub last_written: Option<i64>,
    /// Its numeric dates all read both ways on a 24-hour clock (`03/06/2024 14:00`): one of
    /// them, read day first, as the format declares, until the bundle's other logs say
    /// (`scan_all`).
    #[serde(skip)]
    pub ambiguous_dates: Option<String>,
}

fn ser_time<S: serde::Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(ms) => s.serialize_str(&crate::time::rfc3339(*ms)),
        None => s.serialize_none(),
    }
}

impl InputSummary {
    pub(crate) fn unreadable(path: &str, warning: crate::warning::Warning) -> InputSummary {
        InputSummary {
            // Decided for every input in `diagnose_inputs` (nothing read can still lose nothing).
            complete: false,
            path: path.to_string(),
            format: "none".into(),
            role: None,
            events: 0,
            bytes: 0,
            first: None,
            last: None,
            skipped: 0,
            lines: 0,
            yearless: false,
            last_written: None,
            ambiguous_dates: None,
            warnings: vec![warning],
            readable: false,
        }
    }
}
