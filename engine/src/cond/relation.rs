//! `near`, `before`, `after`: per `a` event, the nearest `b` event by binary search, with and
//! without `by` groups.

use super::*;

/// How far a relation reaches: its window, the slack on the other side (`before`/`after`), and
/// the state a `b` begins until an event of another symptom (`after ... until`).
pub(super) struct Reach {
    pub within: Span,
    pub slack: i64,
    pub until: Option<(usize, Span)>,
}

impl Evaluator<'_> {
    /// Each A with the nearest B (in the same `by` group) that fits the relation: two binary
    /// searches per A, O(n log n) in all.
    pub(super) fn relation(&self, kind: RelKind, a: usize, b: usize, by: Option<&str>, reach: Reach) -> CondResult {
        let Reach { within, slack, until } = reach;
        let (an, bn) = (self.sym(a).to_string(), self.sym(b).to_string());
        // "within 10m", "at most 10m after it", "at most 10m before it".
        let span_words = |w: &str| match kind {
            RelKind::Near => format!("within {w}"),
            RelKind::Before if slack > 0 => format!("at most {w} after it (or {} before)", human(slack)),
            RelKind::After => {
                let mut or = Vec::new();
                if slack > 0 {
                    or.push(format!("{} after", human(slack)));
                }
                if let Some((u, s)) = until {
                    or.push(format!(
                        "before it with the next '{}' after it, at most {} from the '{bn}'",
                        self.sym(u),
                        human(s.ms())
                    ));
                }
                if or.is_empty() {
                    format!("at most {w} before it")
                } else {
                    format!("at most {w} before it (or {})", or.join(", or "))
                }
            }
            RelKind::Before => format!("at most {w} after it"),
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
        // The times of the events that end the state a B begins, in order (every group: a
        // server's start line ends its restart whatever the line names).
        let ends: Vec<i64> =
            until.map(|(u, _)| self.timed(u).into_iter().map(|(t, _)| t).collect()).unwrap_or_default();
        let longest = until.map_or(0, |(_, s)| s.ms());
        let empty = Vec::new();
        let mut pairs = Vec::new();
        let mut nearest: Option<Pair> = None;
        let mut least_shift: Option<(Pair, i64)> = None;
        let mut fieldless: Option<Pair> = None;
        // How far the clocks would have to be off for B to fit A (0: it fits).
        let shift = |d: i64| match kind {
            RelKind::Near => (d.abs() - w).max(0),
            RelKind::Before if d < 0 => (-d - slack).max(0),
            RelKind::Before => (d - w).max(0),
            RelKind::After if d > 0 => (d - slack).max(0),
            RelKind::After => (-d - w).max(0),
        };
        for &(ta, ka) in &a_timed {
            // An A without the `by` field meets the B events also without it, as in `count`,
            // `sequence` and `absent` (docs/rule-format.md).
            let bs = bgroups.get(&self.group_of((a, ka), by)).unwrap_or(&empty);
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
                RelKind::Before => {
                    after.filter(|x| x.delta_ms <= w).or_else(|| before.filter(|x| slack > 0 && -x.delta_ms <= slack))
                }
                RelKind::After => {
                    // The latest B at or before A.
                    let q = bs.partition_point(|&(tb, _)| tb <= ta);
                    let latest = (q > 0).then(|| pair(first_of(q - 1)));
                    latest
                        .filter(|x| -x.delta_ms <= w)
                        .or_else(|| (q < bs.len()).then(|| pair(q)).filter(|x| slack > 0 && x.delta_ms <= slack))
                        .or_else(|| {
                            // Inside the state the latest B began: its end is logged at or after A
                            // and at most `longest` after B, and no end comes between (a B that is
                            // itself an end, a start line, begins nothing). A state whose end is
                            // not logged proves nothing: the log may show the server busy again.
                            latest.filter(|x| {
                                let tb = ta + x.delta_ms;
                                let next_end = ends.partition_point(|&t| t < tb);
                                longest > 0 && ends.get(next_end).is_some_and(|&t| t >= ta && t - tb <= longest)
                            })
                        })
                }
            };
            match fit {
                // Neither line names the `by` field and they come from two inputs (a 403 pasted
                // into a ticket, a publishing line of a log whose layout writes no pid), or from
                // pasted text (a ticket quoting lines of two processes, read as generic text
                // whose layout has no pid: hostile tester S confirmed two pids so): nothing ties
                // them to one process. Lines of one log of a known format without it (a
                // workflow's journal, a server log whose prefix has no %p) stay together.
                Some(p)
                    if by.is_some()
                        && self.group_of(p.a, by) == Some(None)
                        && (self.input_of(p.a) != self.input_of(p.b) || self.pasted(p.a)) =>
                {
                    fieldless.get_or_insert(p);
                }
                Some(p) => pairs.push(p),
                None => {
                    for c in [before, after].into_iter().flatten() {
                        let s = shift(c.delta_ms);
                        if least_shift.is_none_or(|(_, x)| s < x) {
                            least_shift = Some((c, s));
                        }
                    }
                    if let Some(p) = any {
                        if nearest.is_none_or(|x| p.delta_ms.abs() < x.delta_ms.abs()) {
                            nearest = Some(p);
                        }
                    }
                }
            }
        }
        // Pairs of one input where neither line names the field (a workflow's journal, one
        // process by what it is; a ticket quoting both lines) are said as such.
        let fieldless_pairs = by.is_some() && pairs.iter().any(|p: &Pair| self.group_of(p.a, by) == Some(None));
        let by_txt = match by {
            Some(f) if fieldless_pairs => format!(" (same {f}, or in one input with no {f} on either line)"),
            Some(f) => format!(" (same {f})"),
            None => String::new(),
        };
        let total = a_timed.len() as u64;
        if !pairs.is_empty() {
            let closest = pairs.iter().map(|p| p.delta_ms.abs()).min().unwrap_or(0);
            let support = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
            return CondResult {
                ok: true,
                detail: format!(
                    "{} of {} '{an}' event(s) have a '{bn}' {}{by_txt} (closest {} apart)",
                    pairs.len(),
                    a_timed.len(),
                    span_words(&human(w)),
                    human(closest)
                ),
                count: pairs.len() as u64,
                total,
                support,
                relation: RelationFound { pairs, nearest: None, least_shift: None },
                ..Default::default()
            };
        }
        let detail = match nearest {
            Some(p) => {
                let ta = self.time(p.a);
                let tb = self.time(p.b);
                format!(
                    "no '{an}' event has a '{bn}' {}{by_txt}; nearest: '{an}' at {}, '{bn}' at {}, {} {} it",
                    span_words(&human(w)),
                    rfc3339(ta),
                    rfc3339(tb),
                    human(p.delta_ms.abs()),
                    if p.delta_ms >= 0 { "after" } else { "before" }
                )
            }
            None => {
                format!(
                    "no '{an}' event has a '{bn}' {}{by_txt}; no '{bn}' event in the same group",
                    span_words(&human(w))
                )
            }
        };
        let undecided = match (by, fieldless) {
            (Some(f), Some(p)) => Some(format!(
                "the '{an}' line at {} and the '{bn}' line at {} {} and name no {f} (pasted without it?), so nothing says whether they are one process",
                rfc3339(self.time(p.a)),
                rfc3339(self.time(p.b)),
                if self.input_of(p.a) != self.input_of(p.b) { "come from two inputs" } else { "are pasted text" }
            )),
            _ => by.and_then(|f| self.unplaced(kind, (a, b), f, (w, slack), &a_timed, &span_words(&human(w)))),
        };
        CondResult {
            detail,
            relation: RelationFound { pairs: Vec::new(), nearest, least_shift },
            total,
            undecided,
            ..Default::default()
        }
    }

    /// When no A met a B of its own `by` group: is there an A and a B that fit in time, one of
    /// them without the `by` field (a line pasted into a ticket without its pid, beside a log's
    /// line with one)? Nothing then says whether they are one process or two: the relation is
    /// undecided, not contradicted, and the sentence says which lines. One binary search per A.
    fn unplaced(
        &self,
        kind: RelKind,
        (a, b): (usize, usize),
        f: &str,
        (w, slack): (i64, i64),
        a_timed: &[(i64, usize)],
        span: &str,
    ) -> Option<String> {
        let (an, bn) = (self.sym(a), self.sym(b));
        // B times with the field, and without it.
        let (with, without): (Vec<_>, Vec<_>) =
            self.timed(b).into_iter().partition(|&(_, k)| field(&self.hits[b][k], f).is_some());
        // Where a B may lie from its A: (before A, after A).
        let (lo, hi) = match kind {
            RelKind::Near => (w, w),
            RelKind::Before => (slack, w),
            RelKind::After => (w, slack),
        };
        let hit = |bs: &[(i64, usize)], ta: i64| {
            let i = bs.partition_point(|&(t, _)| t < ta.saturating_sub(lo));
            bs.get(i).filter(|&&(t, _)| t <= ta.saturating_add(hi)).map(|&(_, k)| k)
        };
        for &(ta, ka) in a_timed {
            let a_value = field(&self.hits[a][ka], f);
            let other = if a_value.is_none() { &with } else { &without };
            let Some(kb) = hit(other, ta) else { continue };
            let at = |s: usize, k: usize| {
                let e = &self.hits[s][k];
                e.time.map_or_else(|| "(untimed)".to_string(), |t| rfc3339(t.utc_ms))
            };
            return Some(match a_value {
                None => format!(
                    "the '{an}' line at {} names no {f} (pasted without it?), so nothing says whether the '{bn}' {span}, of {f} {}, is the same process or another",
                    at(a, ka),
                    field(&self.hits[b][kb], f).unwrap_or_default()
                ),
                Some(v) => format!(
                    "the '{bn}' line at {} names no {f} (pasted without it?), so nothing says whether it is the same process as the '{an}' of {f} {v} it is {span}",
                    at(b, kb)
                ),
            });
        }
        None
    }
}
