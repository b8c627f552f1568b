//! Symptom hits → condition results. Pure functions of the events: no clock, no files.
//!
//! This file holds the results and the evaluator's walk (`eval`: symptoms, names, all/any/not);
//! each time operator has its module: `relation` (near/before/after), `count`, `recurs`,
//! `sequence` (and `absent`), `script`.

mod count;
mod recurs;
mod relation;
mod script;
mod sequence;

use crate::duration::{human, Span};
use crate::event::Event;
use crate::pack::{Cond, RelKind, Rule};
use crate::report::InputSummary;
use crate::time::{local, rfc3339};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An event of a symptom: `(symptom index, event index)` into the rule's hit lists.
pub type EvRef = (usize, usize);

/// A pair found by a relation: event `a`, the nearest `b`, and `b - a` in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub a: EvRef,
    pub b: EvRef,
    pub delta_ms: i64,
}

/// What a condition found: the verdict and numbers every kind gives, then the typed parts each
/// kind fills (`relation`, `recurrence`, `groups` for count); `all`/`any` carry their members' parts.
#[derive(Debug, Clone, Default)]
pub struct CondResult {
    pub ok: bool,
    /// One sentence with the numbers behind the verdict.
    pub detail: String,
    /// Events that support the verdict (for evidence).
    pub support: Vec<EvRef>,
    /// What a relation (near, before, after) found.
    pub relation: RelationFound,
    /// What a recurrence found.
    pub recurrence: RecurrenceFound,
    /// How many satisfied the condition: pairs found (relations), chains (sequence), A's left
    /// unanswered (absent), the highest count (count), days (recurs).
    pub count: u64,
    /// Out of how many: the A events with a time (relations, absent), the symptom's events
    /// (count), its timed events (recurs). Lets a text say "3 of 5 errors".
    pub total: u64,
    /// What a count found: with `by`, every group that reached the threshold, busiest first.
    pub groups: Vec<Group>,
    /// The condition could not be evaluated (a script failed): the rule's outcome is `error`.
    pub error: Option<String>,
    /// The condition does not hold, but not because the logs say otherwise: the lines needed to
    /// decide are too few (a script's `#{ok: false, undecided: "why"}`). A confirmation that
    /// fails only so makes the finding `possible`, with this sentence, never `ruled_out`.
    pub undecided: Option<String>,
}

/// Timed events (time, index) per `by` value (`None` without `by`; `Some(None)` for events
/// without the field).
type Groups = HashMap<Option<Option<String>>, Vec<(i64, usize)>>;

/// The part of a result only relations (near, before, after) fill; `all`/`any` carry their
/// members' parts, so a text can read the pairs of a composite condition.
#[derive(Debug, Clone, Default)]
pub struct RelationFound {
    /// The matching pairs.
    pub pairs: Vec<Pair>,
    /// When none matched: the closest pair there was.
    pub nearest: Option<Pair>,
    /// When none matched: the pair that the least clock shift between its two logs would make
    /// match, and that shift (ms). For `near` it is the nearest pair's distance past the
    /// window; for `before` and `after` a pair on the wrong side needs its whole distance.
    pub least_shift: Option<(Pair, i64)>,
}

/// The part of a result only `recurs` fills.
#[derive(Debug, Clone, Default)]
pub struct RecurrenceFound {
    /// The days (YYYY-MM-DD, local) it recurred on.
    pub days: Vec<String>,
    /// The clock time (HH:MM, local) it recurs at.
    pub clock: Option<String>,
}

/// One `by` group of a count: its value, its count and the events of its busiest window.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub value: Option<String>,
    pub count: u64,
    pub events: Vec<EvRef>,
}

/// Evaluates a rule's conditions over its hits; named conditions are evaluated once.
pub struct Evaluator<'a> {
    pub rule: &'a Rule,
    /// Per symptom, events sorted by time (shared with the scripts' event references).
    pub hits: crate::script::Hits,
    /// The run's inputs: what time each covers, for absence.
    pub inputs: &'a [InputSummary],
    named: BTreeMap<usize, CondResult>,
    scope: Option<rhai::Scope<'static>>,
    /// Read events without a time as if all were written at this instant (None: leave them
    /// out of every time condition). The judge asks this way whether lines pasted without
    /// times could meet a rule's conditions (`judge::placed_untimed`).
    untimed_at: Option<i64>,
    /// Per symptom, lines its `where` turned away in the scan (empty: not known).
    pub turned_away: Vec<u64>,
}

impl<'a> Evaluator<'a> {
    pub fn new(rule: &'a Rule, hits: &crate::script::Hits, inputs: &'a [InputSummary]) -> Self {
        Evaluator {
            rule,
            hits: hits.clone(),
            inputs,
            named: BTreeMap::new(),
            scope: None,
            untimed_at: None,
            turned_away: Vec::new(),
        }
    }

    /// An evaluator that reads the events without a time as written at `at`.
    pub fn with_untimed_at(rule: &'a Rule, hits: &crate::script::Hits, inputs: &'a [InputSummary], at: i64) -> Self {
        Evaluator { untimed_at: Some(at), ..Evaluator::new(rule, hits, inputs) }
    }

    /// The latest time covered by an input that symptom `s` reads.
    fn coverage_end(&self, s: usize) -> Option<i64> {
        let sym = &self.rule.symptoms[s];
        self.inputs
            .iter()
            .filter(|i| i.readable && sym.reads(&i.format, i.role.as_deref()))
            .filter_map(|i| i.last)
            .max()
    }

    fn group_of(&self, r: EvRef, by: Option<&str>) -> Option<Option<String>> {
        by.map(|f| field(&self.hits[r.0][r.1], f))
    }

    /// The input an event was read from.
    fn input_of(&self, r: EvRef) -> usize {
        self.hits[r.0][r.1].input
    }

    /// Is the event's input pasted text (generic: no known format, so no field beyond the
    /// time, whatever its lines hold)?
    fn pasted(&self, r: EvRef) -> bool {
        self.inputs.get(self.input_of(r)).is_some_and(|i| i.format == crate::format::GENERIC)
    }

    fn sym(&self, i: usize) -> &str {
        &self.rule.symptoms[i].name
    }

    /// The result of a named condition (evaluated on first use).
    pub fn named(&mut self, i: usize) -> CondResult {
        if let Some(r) = self.named.get(&i) {
            return r.clone();
        }
        let c = self.rule.conditions[i].1.clone();
        let r = self.eval(&c);
        self.named.insert(i, r.clone());
        r
    }

    pub fn eval(&mut self, c: &Cond) -> CondResult {
        match c {
            Cond::Symptom(i) => {
                let n = self.hits[*i].len();
                CondResult {
                    ok: n > 0,
                    detail: if n > 0 {
                        format!("{n} '{}' event(s)", self.sym(*i))
                    } else {
                        format!("no '{}' event in the inputs", self.sym(*i))
                    },
                    support: (0..n).map(|k| (*i, k)).collect(),
                    count: n as u64,
                    ..Default::default()
                }
            }
            Cond::Named(i) => {
                let mut r = self.named(*i);
                r.detail = format!("{}: {}", self.rule.conditions[*i].0, r.detail);
                r
            }
            Cond::All(v) => {
                let rs: Vec<CondResult> = v.iter().map(|c| self.eval(c)).collect();
                if let Some(e) = rs.iter().find_map(|r| r.error.clone()) {
                    return CondResult { error: Some(e), detail: "a part failed".into(), ..Default::default() };
                }
                let ok = rs.iter().all(|r| r.ok);
                let detail = if ok {
                    rs.iter().map(|r| r.detail.as_str()).collect::<Vec<_>>().join("; ")
                } else {
                    rs.iter().filter(|r| !r.ok).map(|r| r.detail.as_str()).collect::<Vec<_>>().join("; ")
                };
                // Undecided when every part that fails is undecided (none says otherwise).
                let undecided = if ok || rs.iter().any(|r| !r.ok && r.undecided.is_none()) {
                    None
                } else {
                    Some(rs.iter().filter_map(|r| r.undecided.clone()).collect::<Vec<_>>().join("; "))
                };
                CondResult { undecided, ..merge(ok, detail, rs.into_iter().filter(|r| r.ok || !ok)) }
            }
            Cond::Any(v) => {
                let rs: Vec<CondResult> = v.iter().map(|c| self.eval(c)).collect();
                if let Some(e) = rs.iter().find_map(|r| r.error.clone()) {
                    return CondResult { error: Some(e), detail: "a part failed".into(), ..Default::default() };
                }
                let ok = rs.iter().any(|r| r.ok);
                let detail = rs
                    .iter()
                    .filter(|r| r.ok == ok)
                    .map(|r| r.detail.as_str())
                    .collect::<Vec<_>>()
                    .join(if ok { "; " } else { "; and " });
                // Undecided when one alternative could not be decided: it might have held.
                let undecided = if ok {
                    None
                } else {
                    let u: Vec<String> = rs.iter().filter_map(|r| r.undecided.clone()).collect();
                    (!u.is_empty()).then(|| u.join("; "))
                };
                CondResult { undecided, ..merge(ok, detail, rs.into_iter().filter(|r| r.ok == ok)) }
            }
            Cond::Not(c) => {
                let r = self.eval(c);
                // What could not be decided stays undecided when negated: not holding, and not
                // contradicted either.
                let ok = !r.ok && r.undecided.is_none();
                CondResult {
                    ok,
                    detail: format!("not ({})", r.detail),
                    error: r.error,
                    undecided: r.undecided,
                    ..Default::default()
                }
            }
            Cond::Rel { kind, a, b, within, by, slack, until } => {
                let reach = relation::Reach { within: *within, slack: slack.ms(), until: *until };
                self.relation(*kind, *a, *b, by.as_deref(), reach)
            }
            Cond::Count { symptom, min, within, distinct, by } => {
                self.count(*symptom, *min, *within, distinct.as_deref(), by.as_deref())
            }
            Cond::Recurs { symptom, min_days, tolerance } => self.recurs(*symptom, *min_days, *tolerance),
            Cond::Sequence { steps, within, by } => self.sequence(steps, *within, by.as_deref()),
            Cond::Absent { a, b, within, by } => self.absent(*a, *b, *within, by.as_deref()),
            Cond::Script { ast, .. } => self.script(ast),
        }
    }

    fn timed(&self, s: usize) -> Vec<(i64, usize)> {
        let at = |e: &Event| e.time.map(|t| t.utc_ms).or(self.untimed_at);
        let mut v: Vec<(i64, usize)> =
            self.hits[s].iter().enumerate().filter_map(|(k, e)| at(e).map(|t| (t, k))).collect();
        if self.untimed_at.is_some() {
            // The untimed come last in the hits; placed, they go to their instant (a stable
            // sort keeps their order among equal times).
            v.sort_by_key(|&(t, _)| t);
        }
        v
    }

    /// The timed events of symptom `s` per value of `by` (one group, keyed `None`, without
    /// `by`), each list sorted by time as the hits are.
    fn timed_groups(&self, s: usize, by: Option<&str>) -> Groups {
        let mut out: Groups = HashMap::new();
        for (t, k) in self.timed(s) {
            out.entry(self.group_of((s, k), by)).or_default().push((t, k));
        }
        out
    }

    fn time(&self, r: EvRef) -> i64 {
        self.hits[r.0][r.1].time.map_or(self.untimed_at.unwrap_or(0), |t| t.utc_ms)
    }
}

/// At most ten items, then "and N more".
fn brief(items: &[String]) -> String {
    if items.len() <= 12 {
        return items.join(", ");
    }
    format!("{}, and {} more", items[..10].join(", "), items.len() - 10)
}

fn merge(ok: bool, detail: String, rs: impl Iterator<Item = CondResult>) -> CondResult {
    let mut out = CondResult { ok, detail, ..Default::default() };
    for r in rs {
        out.support.extend(r.support);
        out.relation.pairs.extend(r.relation.pairs);
        out.relation.nearest = out.relation.nearest.or(r.relation.nearest);
        out.recurrence.days.extend(r.recurrence.days);
        out.recurrence.clock = out.recurrence.clock.or(r.recurrence.clock);
        out.count = out.count.max(r.count);
        out.total = out.total.max(r.total);
        out.groups.extend(r.groups);
    }
    out
}

/// A field of an event for `by` and `distinct`: a captured field, or the built-in `_day`
/// (the local date the event was written on, e.g. for "errors on 3 distinct days").
fn field(e: &Event, name: &str) -> Option<String> {
    if name == "_day" {
        return e.time.map(|t| local(t.utc_ms, t.offset_s, "%Y-%m-%d"));
    }
    e.fields.get(name).cloned()
}
