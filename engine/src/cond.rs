//! Symptom hits → condition results. Pure functions of the events: no clock, no files.

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

/// What a condition found, with the numbers behind it.
#[derive(Debug, Clone, Default)]
pub struct CondResult {
    pub ok: bool,
    /// One sentence with the numbers behind the verdict.
    pub detail: String,
    /// Events that support the verdict (for evidence).
    pub support: Vec<EvRef>,
    /// Relations: the matching pairs.
    pub pairs: Vec<Pair>,
    /// Relations that failed: the closest pair there was.
    pub nearest: Option<Pair>,
    /// Recurrence: the days (YYYY-MM-DD, local) and the clock time (HH:MM, local).
    pub days: Vec<String>,
    pub clock: Option<String>,
    /// How many satisfied the condition: pairs found (relations), chains (sequence), A's left
    /// unanswered (absent), the highest count (count), days (recurs).
    pub count: u64,
    /// Out of how many: the A events with a time (relations, absent), the symptom's events
    /// (count), its timed events (recurs). Lets a text say "3 of 5 errors".
    pub total: u64,
    /// Count with `by`: every group that reached the threshold, busiest first.
    pub groups: Vec<Group>,
    /// The condition could not be evaluated (a script failed): the rule's outcome is `error`.
    pub error: Option<String>,
}

/// Timed events (time, index) per `by` value (`None` without `by`; `Some(None)` for events
/// without the field).
type Groups = HashMap<Option<Option<String>>, Vec<(i64, usize)>>;

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
    /// Per symptom, events sorted by time.
    pub hits: &'a [Vec<Event>],
    /// The run's inputs: what time each covers, for absence.
    pub inputs: &'a [InputSummary],
    named: BTreeMap<usize, CondResult>,
    scope: Option<rhai::Scope<'static>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(rule: &'a Rule, hits: &'a [Vec<Event>], inputs: &'a [InputSummary]) -> Self {
        Evaluator { rule, hits, inputs, named: BTreeMap::new(), scope: None }
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
                merge(ok, detail, rs.into_iter().filter(|r| r.ok || !ok))
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
                merge(ok, detail, rs.into_iter().filter(|r| r.ok == ok))
            }
            Cond::Not(c) => {
                let r = self.eval(c);
                CondResult { ok: !r.ok, detail: format!("not ({})", r.detail), error: r.error, ..Default::default() }
            }
            Cond::Rel { kind, a, b, within, by } => self.relation(*kind, *a, *b, *within, by.as_deref()),
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
        self.hits[s].iter().enumerate().filter_map(|(k, e)| e.time.map(|t| (t.utc_ms, k))).collect()
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

    /// A → B → C ...: for each first-step event, the earliest chain after it (earliest choices
    /// give the shortest span); holds when a chain spans at most `within`. A chain uses a
    /// distinct event for every step: `[failed, failed, failed, accepted]` needs three failures.
    /// Each step is a binary search: O(n log n) in all.
    fn sequence(&self, steps: &[usize], within: Span, by: Option<&str>) -> CondResult {
        let names: Vec<&str> = steps.iter().map(|&s| self.sym(s)).collect();
        let chain_txt = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(" → ");
        let mut distinct_syms: Vec<usize> = steps.to_vec();
        distinct_syms.sort_unstable();
        distinct_syms.dedup();
        let groups: HashMap<usize, Groups> = distinct_syms.iter().map(|&s| (s, self.timed_groups(s, by))).collect();
        let empty: Vec<(i64, usize)> = Vec::new();
        let mut chains: Vec<Vec<EvRef>> = Vec::new();
        let mut best_partial: (usize, Option<EvRef>) = (0, None);
        let mut shortest = i64::MAX;
        // Where each first-step event sits in its group's list.
        let pos0: HashMap<usize, usize> = groups
            .get(&steps[0])
            .into_iter()
            .flat_map(|g| g.values())
            .flat_map(|l| l.iter().enumerate().map(|(p, &(_, k))| (k, p)))
            .collect();
        for (t0, k0) in self.timed(steps[0]) {
            let group = self.group_of((steps[0], k0), by);
            let list_of = |s: usize| groups.get(&s).and_then(|g| g.get(&group)).unwrap_or(&empty);
            // Position (in its group list) of the last event used per symptom.
            let mut used: HashMap<usize, usize> = HashMap::new();
            let Some(&p0) = pos0.get(&k0) else { continue };
            used.insert(steps[0], p0);
            let mut chain = vec![(steps[0], k0)];
            let mut t = t0;
            for &sym in &steps[1..] {
                let list = list_of(sym);
                let mut from = list.partition_point(|&(tb, _)| tb < t);
                if let Some(&u) = used.get(&sym) {
                    from = from.max(u + 1);
                }
                match list.get(from) {
                    Some(&(tb, kb)) if tb - t0 <= within.ms() => {
                        chain.push((sym, kb));
                        used.insert(sym, from);
                        t = tb;
                    }
                    _ => break,
                }
            }
            if chain.len() == steps.len() {
                shortest = shortest.min(t - t0);
                chains.push(chain);
            } else if chain.len() > best_partial.0 {
                best_partial = (chain.len(), Some(chain[0]));
            }
        }
        let by_txt = by.map(|f| format!(" (same {f})")).unwrap_or_default();
        if !chains.is_empty() {
            let mut support: Vec<EvRef> = chains.iter().flatten().copied().collect();
            support.sort_unstable();
            support.dedup();
            return CondResult {
                ok: true,
                detail: format!(
                    "{} chain(s) {chain_txt} within {}{by_txt}, shortest {}",
                    chains.len(),
                    human(within.ms()),
                    human(shortest)
                ),
                count: chains.len() as u64,
                support,
                ..Default::default()
            };
        }
        let detail = match best_partial {
            (n, Some(start)) if n > 0 => format!(
                "no chain {chain_txt} within {}{by_txt}; the longest starts at {} and stops after '{}' (no further '{}' in time)",
                human(within.ms()),
                rfc3339(self.time(start)),
                names[n - 1],
                names[n]
            ),
            _ => format!("no chain {chain_txt}: no '{}' event with a time", names[0]),
        };
        CondResult { detail, ..Default::default() }
    }

    /// A not followed by B within D. An A too close to the end of B's logs to tell proves
    /// nothing either way. One binary search per A.
    fn absent(&self, a: usize, b: usize, within: Span, by: Option<&str>) -> CondResult {
        let (an, bn) = (self.sym(a).to_string(), self.sym(b).to_string());
        let w = within.ms();
        let end = self.coverage_end(b);
        let bgroups = self.timed_groups(b, by);
        let empty = Vec::new();
        let mut unanswered = Vec::new();
        let mut undecided = 0;
        let mut answered = 0;
        let mut total = 0u64;
        let mut slowest = 0;
        for (ta, ka) in self.timed(a) {
            total += 1;
            let bs = bgroups.get(&self.group_of((a, ka), by)).unwrap_or(&empty);
            let p = bs.partition_point(|&(tb, _)| tb < ta);
            match bs.get(p) {
                Some(&(tb, _)) if tb - ta <= w => {
                    answered += 1;
                    slowest = slowest.max(tb - ta);
                }
                _ if end.is_some_and(|e| e >= ta + w) => unanswered.push((a, ka)),
                _ => undecided += 1,
            }
        }
        let by_txt = by.map(|f| format!(" (same {f})")).unwrap_or_default();
        let undecided_txt = if undecided > 0 {
            format!("; {undecided} too close to the end of the '{bn}' logs to tell")
        } else {
            String::new()
        };
        if !unanswered.is_empty() {
            let first = self.time(unanswered[0]);
            return CondResult {
                ok: true,
                detail: format!(
                    "{} of {total} '{an}' event(s) not followed by '{bn}' within {}{by_txt} (first at {}){undecided_txt}",
                    unanswered.len(),
                    human(w),
                    rfc3339(first)
                ),
                count: unanswered.len() as u64,
                total,
                support: unanswered,
                ..Default::default()
            };
        }
        let detail = if answered > 0 {
            format!(
                "every '{an}' event is followed by '{bn}' within {}{by_txt} (slowest after {}){undecided_txt}",
                human(w),
                human(slowest)
            )
        } else if undecided > 0 {
            format!("no '{an}' event can be judged{undecided_txt}")
        } else {
            format!("no '{an}' event with a time")
        };
        CondResult { detail, total, ..Default::default() }
    }

    /// A Rhai script over the symptoms' events: `true`/`false`, or `#{ok: .., detail: ".."}`.
    fn script(&mut self, ast: &rhai::AST) -> CondResult {
        let names: Vec<&str> = self.rule.symptoms.iter().map(|s| s.name.as_str()).collect();
        let hits = self.hits;
        let inputs = self.inputs;
        let scope = self.scope.get_or_insert_with(|| {
            let paths: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
            crate::script::symptom_scope(&names, &crate::script::event_values(hits, &paths))
        });
        let mut run_scope = scope.clone();
        let events: usize = hits.iter().map(Vec::len).sum();
        let got = crate::script::budgeted(events, || {
            crate::script::shared().eval_ast_with_scope::<rhai::Dynamic>(&mut run_scope, ast)
        });
        match got {
            Ok(v) => {
                if let Some(b) = v.clone().try_cast::<bool>() {
                    return CondResult { ok: b, detail: format!("script returned {b}"), ..Default::default() };
                }
                if let Some(m) = v.try_cast::<rhai::Map>() {
                    let ok = m.get("ok").and_then(|x| x.as_bool().ok());
                    let detail = m.get("detail").map(|d| d.to_string()).unwrap_or_default();
                    if let Some(ok) = ok {
                        return CondResult {
                            ok,
                            detail: if detail.is_empty() { format!("script returned {ok}") } else { detail },
                            ..Default::default()
                        };
                    }
                }
                CondResult {
                    error: Some("script must return true/false or #{ok: bool, detail: \"...\"}".into()),
                    detail: "script returned something else".into(),
                    ..Default::default()
                }
            }
            Err(e) => CondResult {
                error: Some(format!("script failed: {}", crate::script::describe(&e))),
                detail: "script failed".into(),
                ..Default::default()
            },
        }
    }

    /// Each A with the nearest B (in the same `by` group) that fits the relation: two binary
    /// searches per A, O(n log n) in all.
    fn relation(&self, kind: RelKind, a: usize, b: usize, within: Span, by: Option<&str>) -> CondResult {
        let (an, bn) = (self.sym(a).to_string(), self.sym(b).to_string());
        let word = match kind {
            RelKind::Near => "within",
            RelKind::Before => "at most this long after it:",
            RelKind::After => "at most this long before it:",
        };
        let a_timed = self.timed(a);
        if self.hits[a].is_empty() {
            return CondResult { detail: format!("no '{an}' event in the inputs"), ..Default::default() };
        }
        if a_timed.is_empty() {
            return CondResult { detail: format!("no '{an}' event with a readable time"), ..Default::default() };
        }
        let bgroups = self.timed_groups(b, by);
        if bgroups.is_empty() {
            return CondResult { detail: format!("no '{bn}' event in the inputs"), ..Default::default() };
        }
        let w = within.ms();
        let empty = Vec::new();
        let mut pairs = Vec::new();
        let mut nearest: Option<Pair> = None;
        for &(ta, ka) in &a_timed {
            let group = self.group_of((a, ka), by);
            // An A without the `by` field belongs to no group.
            let bs = if matches!(group, Some(None)) { &empty } else { bgroups.get(&group).unwrap_or(&empty) };
            if bs.is_empty() {
                continue;
            }
            // The first B of the run of equal times at index i (ties go to the earliest B).
            let first_of = |i: usize| bs.partition_point(|&(t, _)| t < bs[i].0);
            let p = bs.partition_point(|&(tb, _)| tb < ta);
            let pair = |i: usize| Pair { a: (a, ka), b: (b, bs[i].1), delta_ms: bs[i].0 - ta };
            let before = (p > 0).then(|| pair(first_of(p - 1)));
            let after = (p < bs.len()).then(|| pair(p));
            // The nearest B either side (the earlier one on a tie).
            let any = match (before, after) {
                (Some(x), Some(y)) => Some(if y.delta_ms.abs() < x.delta_ms.abs() { y } else { x }),
                (x, y) => x.or(y),
            };
            let fit = match kind {
                RelKind::Near => any.filter(|x| x.delta_ms.abs() <= w),
                RelKind::Before => after.filter(|x| x.delta_ms <= w),
                RelKind::After => {
                    // The latest B at or before A.
                    let q = bs.partition_point(|&(tb, _)| tb <= ta);
                    (q > 0).then(|| pair(first_of(q - 1))).filter(|x| -x.delta_ms <= w)
                }
            };
            match fit {
                Some(p) => pairs.push(p),
                None => {
                    if let Some(p) = any {
                        if nearest.is_none_or(|x| p.delta_ms.abs() < x.delta_ms.abs()) {
                            nearest = Some(p);
                        }
                    }
                }
            }
        }
        let by_txt = by.map(|f| format!(" (same {f})")).unwrap_or_default();
        let total = a_timed.len() as u64;
        if !pairs.is_empty() {
            let closest = pairs.iter().map(|p| p.delta_ms.abs()).min().unwrap_or(0);
            let support = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
            return CondResult {
                ok: true,
                detail: format!(
                    "{} of {} '{an}' event(s) have a '{bn}' {word} {}{by_txt} (closest {} apart)",
                    pairs.len(),
                    a_timed.len(),
                    human(w),
                    human(closest)
                ),
                count: pairs.len() as u64,
                total,
                support,
                pairs,
                ..Default::default()
            };
        }
        let detail = match nearest {
            Some(p) => {
                let ta = self.time(p.a);
                let tb = self.time(p.b);
                format!(
                    "no '{an}' event has a '{bn}' {word} {}{by_txt}; nearest: '{an}' at {}, '{bn}' at {}, {} {} it",
                    human(w),
                    rfc3339(ta),
                    rfc3339(tb),
                    human(p.delta_ms.abs()),
                    if p.delta_ms >= 0 { "after" } else { "before" }
                )
            }
            None => {
                format!("no '{an}' event has a '{bn}' {word} {}{by_txt}; no '{bn}' event in the same group", human(w))
            }
        };
        CondResult { detail, nearest, total, ..Default::default() }
    }

    fn time(&self, r: EvRef) -> i64 {
        self.hits[r.0][r.1].time.map_or(0, |t| t.utc_ms)
    }

    /// Events (or distinct values of a field) per `by` group, in the busiest window of
    /// `within` (or the whole group): a sliding window with running counts, O(n log n). Every
    /// group that reaches `min` is reported, busiest first.
    fn count(&self, s: usize, min: u32, within: Option<Span>, distinct: Option<&str>, by: Option<&str>) -> CondResult {
        let name = self.sym(s).to_string();
        let mut groups: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
        for (k, e) in self.hits[s].iter().enumerate() {
            if within.is_some() && e.time.is_none() {
                continue;
            }
            let g = by.map(|f| field(e, f).unwrap_or_default());
            groups.entry(g).or_default().push(k);
        }
        let mut found: Vec<Group> = Vec::new();
        for (g, ks) in &groups {
            let values: Vec<Option<String>> = ks
                .iter()
                .map(|&k| match distinct {
                    Some(f) => field(&self.hits[s][k], f),
                    None => Some(String::new()),
                })
                .collect();
            let mut seen: HashMap<&str, u32> = HashMap::new();
            let mut n_in = 0u64; // events (or distinct values) in the window
            let mut best: (u64, usize, usize) = (0, 0, 0);
            let mut start = 0;
            for end in 0..ks.len() {
                n_in += match &values[end] {
                    None => 0,
                    Some(_) if distinct.is_none() => 1,
                    Some(x) => {
                        let c = seen.entry(x.as_str()).or_default();
                        *c += 1;
                        u64::from(*c == 1)
                    }
                };
                if let Some(w) = within {
                    let te = self.time((s, ks[end]));
                    while self.time((s, ks[start])) < te - w.ms() {
                        match &values[start] {
                            None => {}
                            Some(_) if distinct.is_none() => n_in -= 1,
                            Some(x) => {
                                if let Some(c) = seen.get_mut(x.as_str()) {
                                    *c -= 1;
                                    if *c == 0 {
                                        n_in -= 1;
                                    }
                                }
                            }
                        }
                        start += 1;
                    }
                }
                if n_in > best.0 {
                    best = (n_in, start, end);
                }
            }
            if best.0 > 0 {
                found.push(Group {
                    value: g.clone(),
                    count: best.0,
                    events: ks[best.1..=best.2].iter().map(|&k| (s, k)).collect(),
                });
            }
        }
        // Busiest first; equal counts in the groups' order.
        found.sort_by_key(|g| std::cmp::Reverse(g.count));
        let top = found.first().map_or(0, |g| g.count);
        let what = match distinct {
            Some(f) => format!("distinct {f} value(s) of '{name}'"),
            None => format!("'{name}' event(s)"),
        };
        let win = within.map(|w| format!(" within {}", human(w.ms()))).unwrap_or_default();
        let over: Vec<Group> = found.iter().filter(|g| g.count >= u64::from(min)).cloned().collect();
        let ok = !over.is_empty();
        let detail = match by {
            Some(f) if ok => {
                let shown: Vec<String> = over
                    .iter()
                    .take(5)
                    .map(|g| format!("{} for {f}={}", g.count, g.value.clone().unwrap_or_default()))
                    .collect();
                let more =
                    if over.len() > 5 { format!(" and {} more group(s)", over.len() - 5) } else { String::new() };
                format!("{} group(s) reach {min} {what}{win}: {}{more}", over.len(), shown.join(", "))
            }
            Some(f) => match found.first() {
                Some(g) => {
                    format!("{} {what}{win} for {f}={} (needs {min})", g.count, g.value.clone().unwrap_or_default())
                }
                None => format!("0 {what}{win} (needs {min})"),
            },
            None => format!("{top} {what}{win} (needs {min})"),
        };
        let mut support: Vec<EvRef> = over.iter().flat_map(|g| g.events.iter().copied()).collect();
        support.sort_unstable();
        support.dedup();
        CondResult {
            ok,
            detail,
            support,
            count: top,
            total: self.hits[s].len() as u64,
            groups: over,
            ..Default::default()
        }
    }

    /// The clock time at which the symptom recurs on the most days: events sorted by local
    /// time of day, a window of ±`tolerance` around each (wrapping at midnight) with running
    /// counts of days, O(n log n).
    fn recurs(&self, s: usize, min_days: u32, tol: Span) -> CondResult {
        const DAY: i64 = 86_400_000;
        let name = self.sym(s).to_string();
        // Local wall-clock time of day and local day of every timed event.
        let evs: Vec<(usize, i64, i64)> = self.hits[s]
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                e.time.map(|t| {
                    let off = t.offset_s.unwrap_or(0);
                    let l = t.utc_ms + i64::from(off) * 1000;
                    (k, l.rem_euclid(DAY), l.div_euclid(DAY))
                })
            })
            .collect();
        let tol_ms = tol.ms();
        // For each event (in evs order): the number of distinct days within ±tol of its clock.
        let mut days_at: Vec<usize> = vec![0; evs.len()];
        if 2 * tol_ms >= DAY {
            let all = evs.iter().map(|e| e.2).collect::<BTreeSet<_>>().len();
            days_at.iter_mut().for_each(|d| *d = all);
        } else if !evs.is_empty() {
            let mut order: Vec<usize> = (0..evs.len()).collect();
            order.sort_by_key(|&i| evs[i].1);
            // The sorted times of day three times over (shifted by -1, 0, +1 day): a window
            // never wraps.
            let evs_ref = &evs;
            let ext: Vec<(i64, i64)> = [-DAY, 0, DAY]
                .iter()
                .flat_map(|&shift| order.iter().map(move |&i| (evs_ref[i].1 + shift, evs_ref[i].2)))
                .collect();
            let n = order.len();
            let (mut lo, mut hi) = (0usize, 0usize); // window ext[lo..hi]
            let mut count: HashMap<i64, u32> = HashMap::new();
            for (pos, &i) in order.iter().enumerate() {
                let c = ext[n + pos].0;
                while hi < ext.len() && ext[hi].0 <= c + tol_ms {
                    *count.entry(ext[hi].1).or_default() += 1;
                    hi += 1;
                }
                while ext[lo].0 < c - tol_ms {
                    if let Some(x) = count.get_mut(&ext[lo].1) {
                        *x -= 1;
                        if *x == 0 {
                            count.remove(&ext[lo].1);
                        }
                    }
                    lo += 1;
                }
                days_at[i] = count.len();
            }
        }
        // The first event (in time order) with the most days is the centre.
        let mut best: (usize, Option<usize>) = (0, None);
        for (i, &d) in days_at.iter().enumerate() {
            if d > best.0 {
                best = (d, Some(i));
            }
        }
        let close: Vec<usize> = match best.1 {
            Some(c) => {
                let tod = evs[c].1;
                evs.iter()
                    .filter(|(_, t, _)| {
                        let d = (t - tod).rem_euclid(DAY);
                        d.min(DAY - d) <= tol_ms
                    })
                    .map(|(k, _, _)| *k)
                    .collect()
            }
            None => Vec::new(),
        };
        let ok = best.0 >= min_days as usize;
        let mut days: BTreeSet<String> = BTreeSet::new();
        let mut clock = None;
        for k in &close {
            if let Some(t) = self.hits[s][*k].time {
                let off = t.offset_s.unwrap_or(0);
                days.insert(local(t.utc_ms, off, "%Y-%m-%d"));
                clock.get_or_insert_with(|| local(t.utc_ms, off, "%H:%M"));
            }
        }
        let days: Vec<String> = days.into_iter().collect();
        CondResult {
            ok,
            detail: match &clock {
                Some(c) if best.0 > 1 => format!(
                    "'{name}' at about {c} (±{}) on {} day(s): {} (needs {min_days})",
                    human(tol.ms()),
                    best.0,
                    brief(&days)
                ),
                _ => format!(
                    "'{name}' never repeats at the same clock time (±{}) on different days (needs {min_days})",
                    human(tol.ms())
                ),
            },
            support: if ok { close.iter().map(|&k| (s, k)).collect() } else { Vec::new() },
            days,
            clock,
            count: best.0 as u64,
            total: evs.len() as u64,
            ..Default::default()
        }
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
        out.pairs.extend(r.pairs);
        out.nearest = out.nearest.or(r.nearest);
        out.days.extend(r.days);
        out.clock = out.clock.or(r.clock);
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
        return e.time.map(|t| local(t.utc_ms, t.offset_s.unwrap_or(0), "%Y-%m-%d"));
    }
    e.fields.get(name).cloned()
}
