//! `count`: a sliding window over the events of one symptom (running distinct counts), per
//! group.

use super::*;

impl Evaluator<'_> {
    /// Events (or distinct values of a field) per `by` group, in the busiest window of
    /// `within` (or the whole group): a sliding window with running counts, O(n log n). Every
    /// group that reaches `min` is reported, busiest first.
    pub(super) fn count(
        &self,
        s: usize,
        min: u32,
        within: Option<Span>,
        distinct: Option<&str>,
        by: Option<&str>,
    ) -> CondResult {
        let name = self.sym(s).to_string();
        let mut groups: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
        for (k, e) in self.hits[s].iter().enumerate() {
            if within.is_some() && e.time.is_none() && self.untimed_at.is_none() {
                continue;
            }
            let g = by.map(|f| field(e, f).unwrap_or_default());
            groups.entry(g).or_default().push(k);
        }
        if self.untimed_at.is_some() {
            // Placed at their instant, the untimed (last in the hits) go among the timed.
            groups.values_mut().for_each(|ks| ks.sort_by_key(|&k| self.time((s, k))));
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
}
