//! `sequence` (steps in order within a window, per group) and `absent` (an `a` event with no
//! `b` event within the window after it): binary-searched steps, O(n log n).

use super::*;

impl Evaluator<'_> {
    /// A → B → C ...: for each first-step event, the earliest chain after it (earliest choices
    /// give the shortest span); holds when a chain spans at most `within`. A chain uses a
    /// distinct event for every step: `[failed, failed, failed, accepted]` needs three failures.
    /// Each step is a binary search: O(n log n) in all.
    pub(super) fn sequence(&self, steps: &[usize], within: Span, by: Option<&str>) -> CondResult {
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
    pub(super) fn absent(&self, a: usize, b: usize, within: Span, by: Option<&str>) -> CondResult {
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
}
