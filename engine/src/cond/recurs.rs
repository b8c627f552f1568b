//! `recurs`: the incident on enough distinct days, a window over clock time.

use super::*;

impl Evaluator<'_> {
    /// The clock time at which the symptom recurs on the most days: events sorted by local
    /// time of day, a window of ±`tolerance` around each (wrapping at midnight) with running
    /// counts of days, O(n log n).
    pub(super) fn recurs(&self, s: usize, min_days: u32, tol: Span) -> CondResult {
        const DAY: i64 = 86_400_000;
        let name = self.sym(s).to_string();
        // Local wall-clock time of day and local day of every timed event.
        let evs: Vec<(usize, i64, i64)> = self.hits[s]
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                e.time.map(|t| {
                    let off = t.offset_s;
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
                let off = t.offset_s;
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
            recurrence: RecurrenceFound { days, clock },
            count: best.0 as u64,
            total: evs.len() as u64,
            ..Default::default()
        }
    }
}
