//! Which server wrote a log: a symptom with `other_server_than: X` reads lines that another
//! server writes than X's (the RT server's restarts against the marketing server's Logon
//! errors). A support bundle puts each server's logs in a folder of their own (its
//! `var/<instance>/log/`, or a folder named after the host), or names them after their server
//! (`web@rt1.log`, `rt1-logs.txt`), so a log in the same folder as a server log that gave X's
//! events, whose name names no other server, is that server's own: the marketing server's web.log beside
//! its wfserver.log restarts with it, and says nothing of the RT server. Such a log may neither
//! confirm the rule nor rule it out: the rule is judged again without it, and when that
//! changes a `confirmed` or a `ruled_out`, the outcome is `possible` and the reason names the
//! files.

use super::{judge, Judgement, Outcome};
use crate::cond::Evaluator;
use crate::event::Event;
use crate::pack::Rule;
use crate::report::InputSummary;
use std::collections::BTreeSet;

/// The folder of an input's path: up to its last `/`, `\` or `!` (an archive's member).
fn folder(path: &str) -> &str {
    path.rfind(['/', '\\', '!']).map_or("", |i| &path[..i])
}

/// The root of a server's files: the folder, less a trailing `var/<instance>/log` (an
/// nlserver install keeps web.log and watchdog.log in `var/default/log` and each instance's
/// modules in `var/<instance>/log`: one server).
fn root(path: &str) -> &str {
    let f = folder(path);
    let parts: Vec<&str> = f.rsplitn(4, ['/', '\\']).collect();
    match parts.as_slice() {
        [log, _, var, rest] if log.eq_ignore_ascii_case("log") && var.eq_ignore_ascii_case("var") => rest,
        [log, _, var] if log.eq_ignore_ascii_case("log") && var.eq_ignore_ascii_case("var") => "",
        _ => f,
    }
}

/// Words in a file name that name no server: copies, rotations, dates.
fn names_no_server(word: &str) -> bool {
    const COPIES: &[&str] = &[
        "old", "bak", "backup", "copy", "orig", "new", "prev", "save", "tmp", "log", "logs", "txt", "export",
        "exported", "default", "instance", "server",
    ];
    word.is_empty() || word.bytes().all(|b| b.is_ascii_digit()) || COPIES.contains(&word)
}

/// What a file's name says of its server beyond its role: the words of its name less the
/// role word, rotation and compression suffixes, extensions, dates and copy words
/// (`web@rt1.log` → `rt1`, `web.rt1.log` → `rt1`, `rt1-logs.txt` → `rt1`, `web_20240612.log`
/// and `web_old.log` → empty). Files renamed after their server, in a folder of
/// attachments, are told apart by it.
fn tag(x: &InputSummary) -> String {
    let name = crate::input::base_name(&x.path).to_ascii_lowercase();
    let role = x.role.as_deref().unwrap_or("").to_ascii_lowercase();
    let words: Vec<&str> =
        name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| *w != role && !names_no_server(w)).collect();
    words.join("-")
}

/// Is `x`, a log that a symptom with `other_server_than` reads, most likely written by the
/// server that wrote `server`, the other symptom's log: under one server's folder, and not
/// named after another server? Only a name of `x`'s own tells it apart: `web.rt1.log` beside
/// `wfserver.log` is rt1's; a `web.log` beside `mkt-wfserver.log` names no server, so it may be
/// the marketing server's own as well as the RT server's, and proves nothing either way.
fn same_server(server: &InputSummary, x: &InputSummary) -> bool {
    let tx = tag(x);
    root(&server.path) == root(&x.path) && (tx.is_empty() || tx == tag(server))
}

/// Inputs that symptom `s` reads but that sit beside a server log of its `other_server_than`
/// symptom, with that server log: `(input, server input)`.
fn beside(rule: &Rule, s: usize, hits: &[Vec<Event>], inputs: &[InputSummary]) -> Vec<(usize, usize)> {
    let Some(o) = rule.symptoms[s].other_server_than else { return Vec::new() };
    // Server logs: inputs with a role (a process's own log) that gave the other symptom's events.
    let servers: BTreeSet<usize> =
        hits[o].iter().map(|e| e.input).filter(|&i| inputs.get(i).is_some_and(|x| x.role.is_some())).collect();
    let sym = &rule.symptoms[s];
    inputs
        .iter()
        .enumerate()
        .filter(|(i, x)| x.readable && !servers.contains(i) && sym.reads(&x.format, x.role.as_deref()))
        .filter_map(|(i, x)| servers.iter().find(|&&k| same_server(&inputs[k], x)).map(|&k| (i, k)))
        .collect()
}

/// Judge `rule` again without the logs that sit beside the other server's logs, when they
/// decided its outcome: `j` is then made `possible`, with the reason.
pub fn recheck(rule: &Rule, hits: &crate::script::Hits, inputs: &[InputSummary], j: &mut Judgement) {
    if !matches!(j.outcome, Outcome::Confirmed | Outcome::RuledOut) {
        return;
    }
    let doubtful: Vec<(usize, Vec<(usize, usize)>)> =
        (0..rule.symptoms.len()).map(|s| (s, beside(rule, s, hits, inputs))).filter(|(_, b)| !b.is_empty()).collect();
    if doubtful.is_empty() {
        return;
    }
    // The same events and inputs, less those logs' events of those symptoms; the logs
    // themselves lose their role, so that no role-bound symptom counts them as its log.
    let mut strict: Vec<Vec<Event>> = hits.iter().cloned().collect();
    let mut masked: Vec<InputSummary> = inputs.to_vec();
    for (s, b) in &doubtful {
        let out: BTreeSet<usize> = b.iter().map(|&(i, _)| i).collect();
        strict[*s].retain(|e| !out.contains(&e.input));
        for &i in &out {
            masked[i].role = None;
        }
    }
    let strict: crate::script::Hits = std::sync::Arc::new(strict);
    let mut ev = Evaluator::new(rule, &strict, &masked);
    let mut again = judge(rule, &strict, &masked, &mut ev);
    if again.outcome == j.outcome {
        return;
    }
    // Without those logs the other server's own logs decide (its log shows no restart near
    // the error): that verdict stands, its references mapped back to the full lists.
    if matches!(again.outcome, Outcome::Confirmed | Outcome::RuledOut) {
        let kept: Vec<Vec<usize>> = hits
            .iter()
            .enumerate()
            .map(|(s, evs)| {
                let out: BTreeSet<usize> =
                    doubtful.iter().filter(|(d, _)| *d == s).flat_map(|(_, b)| b.iter().map(|&(i, _)| i)).collect();
                (0..evs.len()).filter(|&k| !out.contains(&evs[k].input)).collect()
            })
            .collect();
        remap(&mut again, &kept);
        *j = again;
        return;
    }
    let was = j.outcome;
    j.outcome = Outcome::Possible;
    for (s, b) in doubtful {
        let sym = &rule.symptoms[s];
        let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
        let pairs: Vec<String> =
            b.iter().map(|&(i, k)| format!("{} (beside {})", inputs[i].path, inputs[k].path)).collect();
        let other = rule.symptoms[sym.other_server_than.unwrap_or(s)].name.clone();
        let decided = if was == Outcome::Confirmed { "confirm" } else { "rule out" };
        j.missing.push(format!(
            "{what}: the only such log that would {decided} this is {}, in the same folder as the server log of '{other}': it is most likely that server's own, not the other server's; add the other server's log (in a folder of its own, as a bundle of several servers has it)",
            pairs.join(", ")
        ));
    }
    super::merge_same_reasons(rule, &mut j.missing);
}

/// A `ruled_out` resting on the silence of logs from fewer servers than the bundle shows
/// exist (`one_server_per`: two Message Center sync workflows, so two execution instances, and
/// one RT server's web.log) is no contradiction: the server of the failing workflow may be
/// the one whose log is missing. `j` is then made `possible`, with the reason.
pub fn short_of_servers(rule: &Rule, hits: &[Vec<Event>], inputs: &[InputSummary], j: &mut Judgement) {
    if j.outcome != Outcome::RuledOut {
        return;
    }
    for (s, sym) in rule.symptoms.iter().enumerate() {
        let Some((field, named_by)) = &sym.one_server_per else { continue };
        // The names, case folded (`mcSynch_X` and `mcsynch_x` are one workflow), first spelling kept.
        let mut names: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
        for e in named_by.iter().filter_map(|&k| hits.get(k)).flatten() {
            if let Some(v) = e.fields.get(field.as_str()).filter(|v| !v.is_empty()) {
                names.entry(v.to_lowercase()).or_insert(v.as_str());
            }
        }
        // The servers whose logs this symptom reads: one per server folder and name, less the
        // logs that are the other server's own (`beside`).
        let own: BTreeSet<usize> = beside(rule, s, hits, inputs).into_iter().map(|(i, _)| i).collect();
        // Only logs that cover a time of the other server's events count: an archive folder of
        // the same RT server's older days is no second server's log of the failure.
        let times: Vec<i64> = sym
            .other_server_than
            .and_then(|o| hits.get(o))
            .map(|evs| evs.iter().filter_map(|e| e.time.map(|t| t.utc_ms)).collect())
            .unwrap_or_default();
        let covers = |x: &InputSummary| {
            times.is_empty()
                || matches!((x.first, x.last), (Some(a), Some(b)) if times.iter().any(|t| (a..=b).contains(t)))
        };
        let logs: Vec<&InputSummary> = inputs
            .iter()
            .enumerate()
            .filter(|(i, x)| x.readable && !own.contains(i) && sym.reads(&x.format, x.role.as_deref()) && covers(x))
            .map(|(_, x)| x)
            .collect();
        let servers: BTreeSet<(&str, String)> = logs.iter().map(|x| (root(&x.path), tag(x))).collect();
        if names.len() <= servers.len() || logs.is_empty() {
            continue;
        }
        j.outcome = Outcome::Possible;
        let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
        let shown: Vec<&str> = names.values().copied().collect();
        let paths: Vec<&str> = logs.iter().map(|x| x.path.as_str()).collect();
        j.missing.push(format!(
            "{what}: the logs name {} {field}s ({}), each served by a server of its own, but hold such logs of {} server(s) only ({}): the one of the server that matters may be missing, so its silence rules nothing out; add the logs of every such server, each in a folder of its own",
            names.len(),
            shown.join(", "),
            servers.len(),
            paths.join(", ")
        ));
    }
}

/// Map the event references of a judgement made on filtered lists (`kept[s][k]`: the index in
/// the full list of symptom `s` of its `k`-th kept event) back to the full lists.
fn remap(j: &mut Judgement, kept: &[Vec<usize>]) {
    let m = |r: &mut crate::cond::EvRef| {
        if let Some(&k) = kept.get(r.0).and_then(|v| v.get(r.1)) {
            r.1 = k;
        }
    };
    j.evidence.iter_mut().for_each(m);
    for c in std::iter::once(&mut j.require).chain(j.confirm.as_mut()) {
        c.support.iter_mut().for_each(m);
        for p in c.relation.pairs.iter_mut().chain(c.relation.nearest.as_mut()) {
            m(&mut p.a);
            m(&mut p.b);
        }
        for g in &mut c.groups {
            g.events.iter_mut().for_each(m);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folders_of_files_and_members() {
        assert_eq!(super::folder("/b/marketing/web.log"), "/b/marketing");
        assert_eq!(super::folder("case.tar.gz!mkt/web.log"), "case.tar.gz!mkt");
        assert_eq!(super::folder("case.tar.gz!web.log"), "case.tar.gz");
        assert_eq!(super::folder("C:\\logs\\web.log"), "C:\\logs");
        assert_eq!(super::folder("web.log"), "");
    }

    #[test]
    fn names_that_name_their_server() {
        let x = |path: &str, role: &str| crate::report::InputSummary {
            path: path.into(),
            format: "acc-nlserver".into(),
            role: Some(role.into()),
            events: 0,
            bytes: 0,
            first: None,
            last: None,
            skipped: 0,
            warnings: Vec::new(),
            complete: true,
            lines: 0,
            readable: true,
            yearless: false,
            last_written: None,
            ambiguous_dates: None,
        };
        for (path, role, want) in [
            ("b/web.log", "web", ""),
            ("b/web.log-20240612.gz", "web", ""),
            ("b/web@rt1.log", "web", "rt1"),
            ("b/web_rt1.log.2", "web", "rt1"),
            ("b/rt1-logs.txt", "web", "rt1"),
            ("b/web.rt1.log", "web", "rt1"),
            ("b/web_20240612.log", "web", ""),
            ("b/web-2024-06-12.log", "web", ""),
            ("b/web_old.log", "web", ""),
            ("b/web_copy.log", "web", ""),
            ("b/marketing-wf.log", "wfserver", "marketing-wf"),
            ("b/wfserver.log.1000", "wfserver", ""),
        ] {
            assert_eq!(super::tag(&x(path, role)), want, "{path}");
        }
        // (the server log of the other symptom, the log read beside it)
        let same =
            |server: (&str, &str), log: (&str, &str)| super::same_server(&x(server.0, server.1), &x(log.0, log.1));
        assert!(same(("b/wfserver.log", "wfserver"), ("b/web.log", "web")));
        assert!(!same(("b/wfserver@mkt.log", "wfserver"), ("b/web@rt1.log", "web")));
        assert!(!same(("b/marketing-wf.log", "wfserver"), ("b/rt1-logs.txt", "web")));
        assert!(!same(("mkt/wfserver.log", "wfserver"), ("rt/web.log", "web")));
        // A log named after a server beside an unnamed server log is that server's; an unnamed
        // log beside a named server log may be either server's ('default' is an instance).
        assert!(!same(("b/wfserver.log", "wfserver"), ("b/web.rt1.log", "web")));
        assert!(same(("b/mkt-wfserver.log", "wfserver"), ("b/web.log", "web")));
        assert!(same(("b/wfserver.log", "wfserver"), ("b/web@default.log", "web")));
        assert!(same(("b/wfserver.log", "wfserver"), ("b/web-export.log", "web")));
        // One nlserver install: var/default/log and var/<instance>/log.
        assert!(same(
            ("mkt01/nl6/var/mkt_prod/log/wfserver.log", "wfserver"),
            ("mkt01/nl6/var/default/log/web.log", "web")
        ));
        assert!(!same(
            ("mkt01/nl6/var/mkt_prod/log/wfserver.log", "wfserver"),
            ("rt1/nl6/var/default/log/web.log", "web")
        ));
        assert!(same(("var/prod/log/wfserver.log", "wfserver"), ("var/default/log/web.log", "web")));
    }
}
