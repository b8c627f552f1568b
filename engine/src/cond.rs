//! Symptom hits → condition results. Pure functions of the events: no clock, no files.

use crate::duration::{human, Span};
use crate::event::Event;
use crate::pack::{Cond, RelKind, Rule};
use crate::scan::InputSummary;
use crate::time::{local, rfc3339};
use std::collections::{BTreeMap, BTreeSet};

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
    /// Count: the highest count found.
    pub count: u64,
    /// The condition could not be evaluated (a script failed): the rule's outcome is `error`.
    pub error: Option<String>,
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
            .filter(|i| {
                i.readable
                    && (sym.sources.is_empty() || sym.sources.iter().any(|x| x.accepts(&i.format, i.role.as_deref())))
            })
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

    /// A → B → C ...: for each first-step event, the earliest chain after it (earliest choices
    /// give the shortest span); holds when a chain spans at most `within`.
    fn sequence(&self, steps: &[usize], within: Span, by: Option<&str>) -> CondResult {
        let names: Vec<&str> = steps.iter().map(|&s| self.sym(s)).collect();
        let chain_txt = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(" → ");
        let lists: Vec<Vec<(i64, usize)>> = steps.iter().map(|&s| self.timed(s)).collect();
        let mut chains: Vec<Vec<EvRef>> = Vec::new();
        let mut best_partial: (usize, Option<EvRef>) = (0, None);
        let mut shortest = i64::MAX;
        for &(t0, k0) in &lists[0] {
            let group = self.group_of((steps[0], k0), by);
            let mut chain = vec![(steps[0], k0)];
            let mut t = t0;
            for (i, list) in lists.iter().enumerate().skip(1) {
                let next = list.iter().find(|&&(tb, kb)| {
                    tb >= t && tb - t0 <= within.ms() && (group.is_none() || self.group_of((steps[i], kb), by) == group)
                });
                match next {
                    Some(&(tb, kb)) => {
                        chain.push((steps[i], kb));
                        t = tb;
                    }
                    None => break,
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
            return CondResult {
                ok: true,
                detail: format!(
                    "{} chain(s) {chain_txt} within {}{by_txt}, shortest {}",
                    chains.len(),
                    human(within.ms()),
                    human(shortest)
                ),
                support: chains.into_iter().flatten().collect(),
                ..Default::default()
            };
        }
        let detail = match best_partial {
            (n, Some(start)) if n > 0 => format!(
                "no chain {chain_txt} within {}{by_txt}; the longest starts at {} and stops after '{}' (no '{}' in time)",
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
    /// nothing either way.
    fn absent(&self, a: usize, b: usize, within: Span, by: Option<&str>) -> CondResult {
        let (an, bn) = (self.sym(a).to_string(), self.sym(b).to_string());
        let w = within.ms();
        let end = self.coverage_end(b);
        let bs = self.timed(b);
        let mut unanswered = Vec::new();
        let mut undecided = 0;
        let mut answered = 0;
        let mut slowest = 0;
        for (ta, ka) in self.timed(a) {
            let group = self.group_of((a, ka), by);
            let reply = bs.iter().find(|&&(tb, kb)| {
                tb >= ta && tb - ta <= w && (group.is_none() || self.group_of((b, kb), by) == group)
            });
            match reply {
                Some(&(tb, _)) => {
                    answered += 1;
                    slowest = slowest.max(tb - ta);
                }
                None if end.is_some_and(|e| e >= ta + w) => unanswered.push((a, ka)),
                None => undecided += 1,
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
                    "{} '{an}' event(s) not followed by '{bn}' within {}{by_txt} (first at {}){undecided_txt}",
                    unanswered.len(),
                    human(w),
                    rfc3339(first)
                ),
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
        CondResult { detail, ..Default::default() }
    }

    /// A Rhai script over the symptoms' events: `true`/`false`, or `#{ok: .., detail: ".."}`.
    fn script(&mut self, ast: &rhai::AST) -> CondResult {
        let names: Vec<&str> = self.rule.symptoms.iter().map(|s| s.name.as_str()).collect();
        let hits = self.hits;
        let inputs = self.inputs;
        let scope = self.scope.get_or_insert_with(|| crate::script::symptom_scope(&names, hits, inputs));
        let mut run_scope = scope.clone();
        match crate::script::shared().eval_ast_with_scope::<rhai::Dynamic>(&mut run_scope, ast) {
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
                error: Some(format!("script failed: {e}")),
                detail: "script failed".into(),
                ..Default::default()
            },
        }
    }

    fn relation(&self, kind: RelKind, a: usize, b: usize, within: Span, by: Option<&str>) -> CondResult {
        let (an, bn) = (self.sym(a).to_string(), self.sym(b).to_string());
        let word = match kind {
            RelKind::Near => "within",
            RelKind::Before => "at most this long after it:",
            RelKind::After => "at most this long before it:",
        };
        let b_times: Vec<(i64, usize)> =
            self.hits[b].iter().enumerate().filter_map(|(k, e)| e.time.map(|t| (t.utc_ms, k))).collect();
        let a_timed: Vec<(i64, usize)> =
            self.hits[a].iter().enumerate().filter_map(|(k, e)| e.time.map(|t| (t.utc_ms, k))).collect();
        if self.hits[a].is_empty() {
            return CondResult { detail: format!("no '{an}' event in the inputs"), ..Default::default() };
        }
        if a_timed.is_empty() {
            return CondResult { detail: format!("no '{an}' event with a readable time"), ..Default::default() };
        }
        if b_times.is_empty() {
            return CondResult { detail: format!("no '{bn}' event in the inputs"), ..Default::default() };
        }
        let w = within.ms();
        let mut pairs = Vec::new();
        let mut nearest: Option<Pair> = None;
        for &(ta, ka) in &a_timed {
            let group = by.map(|f| field(&self.hits[a][ka], f));
            let mut best: Option<Pair> = None;
            let mut best_any: Option<Pair> = None;
            for &(tb, kb) in &b_times {
                if let Some(g) = &group {
                    let gb = by.and_then(|f| field(&self.hits[b][kb], f));
                    if g.is_none() || *g != gb {
                        continue;
                    }
                }
                let d = tb - ta;
                let fits = match kind {
                    RelKind::Near => d.abs() <= w,
                    RelKind::Before => (0..=w).contains(&d),
                    RelKind::After => (-w..=0).contains(&d),
                };
                let p = Pair { a: (a, ka), b: (b, kb), delta_ms: d };
                if fits && best.is_none_or(|x| d.abs() < x.delta_ms.abs()) {
                    best = Some(p);
                }
                if best_any.is_none_or(|x| d.abs() < x.delta_ms.abs()) {
                    best_any = Some(p);
                }
            }
            match best {
                Some(p) => pairs.push(p),
                None => {
                    if let Some(p) = best_any {
                        if nearest.is_none_or(|x| p.delta_ms.abs() < x.delta_ms.abs()) {
                            nearest = Some(p);
                        }
                    }
                }
            }
        }
        let by_txt = by.map(|f| format!(" (same {f})")).unwrap_or_default();
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
        CondResult { detail, nearest, ..Default::default() }
    }

    fn time(&self, r: EvRef) -> i64 {
        self.hits[r.0][r.1].time.map_or(0, |t| t.utc_ms)
    }

    fn count(&self, s: usize, min: u32, within: Option<Span>, distinct: Option<&str>, by: Option<&str>) -> CondResult {
        let name = self.sym(s).to_string();
        // Group events by the `by` field.
        let mut groups: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
        for (k, e) in self.hits[s].iter().enumerate() {
            if within.is_some() && e.time.is_none() {
                continue;
            }
            let g = by.map(|f| field(e, f).unwrap_or_default());
            groups.entry(g).or_default().push(k);
        }
        let value = |k: usize| -> Option<String> {
            match distinct {
                Some(f) => field(&self.hits[s][k], f),
                None => Some(k.to_string()),
            }
        };
        let mut best: (u64, Vec<usize>, Option<String>) = (0, Vec::new(), None);
        for (g, ks) in &groups {
            // Sliding window over time-sorted events (or the whole group without a window).
            let mut start = 0;
            for end in 0..ks.len() {
                if let Some(w) = within {
                    let te = self.time((s, ks[end]));
                    while self.time((s, ks[start])) < te - w.ms() {
                        start += 1;
                    }
                }
                let win = &ks[start..=end];
                let n = win.iter().filter_map(|&k| value(k)).collect::<BTreeSet<_>>().len() as u64;
                if n > best.0 {
                    best = (n, win.to_vec(), g.clone());
                }
            }
        }
        let what = match distinct {
            Some(f) => format!("distinct {f} value(s) of '{name}'"),
            None => format!("'{name}' event(s)"),
        };
        let win = within.map(|w| format!(" within {}", human(w.ms()))).unwrap_or_default();
        let grp = match (&best.2, by) {
            (Some(g), Some(f)) => format!(" for {f}={g}"),
            _ => String::new(),
        };
        let ok = best.0 >= u64::from(min);
        CondResult {
            ok,
            detail: format!("{} {what}{win}{grp} (needs {min})", best.0),
            support: if ok { best.1.iter().map(|&k| (s, k)).collect() } else { Vec::new() },
            count: best.0,
            ..Default::default()
        }
    }

    fn recurs(&self, s: usize, min_days: u32, tol: Span) -> CondResult {
        const DAY: i64 = 86_400_000;
        let name = self.sym(s).to_string();
        // Local wall-clock time of day and local day of every timed event.
        let evs: Vec<(usize, i64, i64, i32)> = self.hits[s]
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                e.time.map(|t| {
                    let off = t.offset_s.unwrap_or(0);
                    let l = t.utc_ms + i64::from(off) * 1000;
                    (k, l.rem_euclid(DAY), l.div_euclid(DAY), off)
                })
            })
            .collect();
        let mut best: (usize, Vec<usize>) = (0, Vec::new());
        for &(_, tod, _, _) in &evs {
            let close: Vec<usize> = evs
                .iter()
                .filter(|(_, t, _, _)| {
                    let d = (t - tod).rem_euclid(DAY);
                    d.min(DAY - d) <= tol.ms()
                })
                .map(|(k, _, _, _)| *k)
                .collect();
            let days =
                close.iter().filter_map(|k| evs.iter().find(|e| e.0 == *k).map(|e| e.2)).collect::<BTreeSet<_>>().len();
            if days > best.0 {
                best = (days, close);
            }
        }
        let ok = best.0 >= min_days as usize;
        let mut days: Vec<String> = Vec::new();
        let mut clock = None;
        for k in &best.1 {
            if let Some(t) = self.hits[s][*k].time {
                let off = t.offset_s.unwrap_or(0);
                let d = local(t.utc_ms, off, "%Y-%m-%d");
                if !days.contains(&d) {
                    days.push(d);
                }
                clock.get_or_insert_with(|| local(t.utc_ms, off, "%H:%M"));
            }
        }
        days.sort();
        CondResult {
            ok,
            detail: match &clock {
                Some(c) if best.0 > 1 => format!(
                    "'{name}' at about {c} (±{}) on {} day(s): {} (needs {min_days})",
                    human(tol.ms()),
                    best.0,
                    days.join(", ")
                ),
                _ => format!(
                    "'{name}' never repeats at the same clock time (±{}) on different days (needs {min_days})",
                    human(tol.ms())
                ),
            },
            support: if ok { best.1.iter().map(|&k| (s, k)).collect() } else { Vec::new() },
            days,
            clock,
            count: best.0 as u64,
            ..Default::default()
        }
    }
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
