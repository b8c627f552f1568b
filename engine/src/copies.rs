//! One server writing each record to several files: PostgreSQL with `log_destination =
//! 'stderr,csvlog,jsonlog'` writes `postgresql-2026-12-05_183139.log`, `.csv` and `.json`
//! side by side, each record once in each. Read as three logs, one deadlock would count three
//! times and a rate rule would fire on a third of the real rate. Files of one folder whose
//! names differ only in their extension, read in different formats, are such copies: an event
//! of a copy is dropped when the main file has an event of the same symptom at the same
//! millisecond whose fields agree with it (each counted as often as the main file has it), and
//! the copy says so in a `same_records` warning. Whole seconds are never matched: two hosts'
//! syslogs meet on the same second by chance, on the same millisecond hardly ever. The main
//! file is the plain-text one (`.log`: its lines read best as evidence), else the first.

use crate::event::Event;
use crate::report::InputSummary;
use crate::warning::{Code, Warning};
use std::collections::{BTreeMap, HashMap};

/// The folder and the name before its first dot, and the extension after the last dot.
fn stem(path: &str) -> Option<(&str, &str, &str)> {
    let cut = path.rfind(['/', '\\', '!']).map_or(0, |i| i + 1);
    let (folder, base) = path.split_at(cut);
    let dot = base.find('.')?;
    let ext = &base[base.rfind('.')? + 1..];
    Some((folder, &base[..dot], ext))
}

/// Drop the events of copies (see the module's doc) from `hits` (per rule, per symptom, each
/// sorted by time) and note it on the copies.
pub fn drop_copies(hits: &mut [Vec<Vec<Event>>], inputs: &mut [InputSummary]) {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, x) in inputs.iter().enumerate() {
        if let Some((folder, name, _)) = stem(&x.path).filter(|_| x.readable && !x.format.is_empty()) {
            groups.entry((folder, name)).or_default().push(i);
        }
    }
    // (copy, main) pairs: a group of files in two formats or more.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let formats: std::collections::BTreeSet<&str> = members.iter().map(|&i| inputs[i].format.as_str()).collect();
        if formats.len() < 2 || formats.contains("generic") {
            continue;
        }
        let main = members
            .iter()
            .copied()
            .find(|&i| stem(&inputs[i].path).is_some_and(|(_, _, e)| e.eq_ignore_ascii_case("log")))
            .unwrap_or(members[0]);
        pairs.extend(members.iter().filter(|&&i| i != main).map(|&i| (i, main)));
    }
    if pairs.is_empty() {
        return;
    }
    let mut dropped: HashMap<usize, usize> = HashMap::new();
    for per_rule in hits.iter_mut() {
        for evs in per_rule.iter_mut() {
            for &(copy, main) in &pairs {
                // The main file's events by instant; only instants with milliseconds: two
                // servers' logs with whole seconds (syslog) meet on the same second by chance.
                let timed = |e: &Event| e.time.map(|t| t.utc_ms).filter(|ms| ms.rem_euclid(1000) != 0);
                let mut left: HashMap<i64, Vec<&crate::event::Fields>> = HashMap::new();
                for e in evs.iter().filter(|e| e.input == main) {
                    if let Some(ms) = timed(e) {
                        left.entry(ms).or_default().push(&e.fields);
                    }
                }
                if left.is_empty() {
                    continue;
                }
                // The same record: every field both name reads the same (the pid, the process
                // killed, the user); an OOM kill of another process at that millisecond is
                // another record. Marked first, then dropped.
                let gone: Vec<bool> = evs
                    .iter()
                    .map(|e| {
                        let Some(cands) = timed(e).filter(|_| e.input == copy).and_then(|ms| left.get_mut(&ms)) else {
                            return false;
                        };
                        let same = |f: &&crate::event::Fields| {
                            f.iter().all(|(k, v)| {
                                k == crate::event::UNKNOWN_FIELD || e.fields.get(k.as_str()).is_none_or(|w| w == v)
                            })
                        };
                        cands.iter().position(same).map(|k| cands.swap_remove(k)).is_some()
                    })
                    .collect();
                let before = evs.len();
                let mut k = 0;
                evs.retain(|_| {
                    k += 1;
                    !gone[k - 1]
                });
                *dropped.entry(copy).or_default() += before - evs.len();
            }
        }
    }
    for (copy, main) in pairs {
        let n = dropped.get(&copy).copied().unwrap_or(0);
        if n > 0 {
            let main_path = inputs[main].path.clone();
            inputs[copy].warnings.push(Warning::new(
                Code::SameRecords,
                format!(
                    "the same records as {main_path} in another format (a server that writes each record to several files, as PostgreSQL's log_destination = 'stderr,csvlog,jsonlog'): {n} event(s) found in both are counted once, from {main_path}"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stems() {
        assert_eq!(super::stem("b/pg/postgresql-2026.log"), Some(("b/pg/", "postgresql-2026", "log")));
        assert_eq!(super::stem("x.tar.gz!pg/postgresql-1.csv"), Some(("x.tar.gz!pg/", "postgresql-1", "csv")));
        assert_eq!(super::stem("noext"), None);
    }
}
