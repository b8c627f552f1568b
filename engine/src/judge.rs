//! Condition results → a rule's outcome (the contract in docs/design.md): `not_matched` when the
//! required symptoms are absent; `confirmed` when corroborated; otherwise `possible` when the
//! corroborating logs are missing (or do not cover the times in question) and `ruled_out` when
//! the supplied logs contradict.

use crate::cond::{CondResult, EvRef, Evaluator};
use crate::event::{Event, UNKNOWN_FIELD};
use crate::pack::{Cond, Rule};
use crate::report::InputSummary;
use crate::time::rfc3339;
use crate::warning::Code;
use std::collections::BTreeSet;

pub use crate::report::Outcome;

pub mod dst;
pub mod servers;

/// The verdict on one rule, with everything that led to it.
pub struct Judgement {
    pub outcome: Outcome,
    /// Why: for `ruled_out` the contradiction, for `not_matched` what was absent.
    pub reason: String,
    pub missing: Vec<String>,
    pub require: CondResult,
    pub confirm: Option<CondResult>,
    /// Evidence events, sorted by time.
    pub evidence: Vec<EvRef>,
}

/// Symptoms a condition refers to (through named conditions too).
pub fn symptoms_of(rule: &Rule, c: &Cond, out: &mut BTreeSet<usize>) {
    c.walk(rule, &mut |n| out.extend(n.own_symptoms(rule)));
}

/// The symptoms a condition reads under an odd number of `not`s (`negated`) and under an even
/// number (`asserted`), through named conditions.
fn polarity(rule: &Rule, c: &Cond, neg: bool, negated: &mut BTreeSet<usize>, asserted: &mut BTreeSet<usize>) {
    match c {
        Cond::Not(x) => polarity(rule, x, !neg, negated, asserted),
        Cond::Named(i) => {
            if let Some((_, body)) = rule.conditions.get(*i) {
                polarity(rule, body, neg, negated, asserted);
            }
        }
        _ => {
            if neg { &mut *negated } else { &mut *asserted }.extend(c.own_symptoms(rule));
            for x in c.children() {
                polarity(rule, x, neg, negated, asserted);
            }
        }
    }
}

/// The largest time window a condition uses: how far around an event a log must reach to
/// count as covering it.
fn slack(rule: &Rule, c: &Cond) -> i64 {
    let mut widest = 0;
    c.walk(rule, &mut |n| widest = widest.max(n.own_window().map_or(0, |w| w.ms())));
    widest
}

/// How far before and after a required event the confirmation looks for its lines: the
/// window a log of the confirming side must cover around the event before its silence there can
/// contradict. `after: {a, b, within, slack}` looks for `b` up to `within` (or the `until` state's
/// length) before an `a` and `slack` after it; `before` the other way; `near`, `count` and
/// `sequence` both ways; `absent` after its `a`. Seen from a `b` event, each is reversed.
fn reach_window(rule: &Rule, c: &Cond, req: &BTreeSet<usize>) -> (i64, i64) {
    use crate::pack::RelKind;
    let (mut before, mut after) = (0i64, 0i64);
    c.walk(rule, &mut |n| {
        let (b, a) = match n {
            Cond::Rel { kind, a, b, within, slack, until, .. } => {
                let w = within.ms().max(until.map_or(0, |(_, u)| u.ms()));
                let (back, ahead) = match kind {
                    RelKind::Near => (within.ms(), within.ms()),
                    RelKind::After => (w, slack.ms()),
                    RelKind::Before => (slack.ms(), within.ms()),
                };
                match (req.contains(a), req.contains(b)) {
                    (false, true) => (ahead, back),
                    (true, false) => (back, ahead),
                    _ => (back.max(ahead), back.max(ahead)),
                }
            }
            Cond::Absent { a, within, .. } if req.contains(a) => (0, within.ms()),
            Cond::Absent { within, .. } => (within.ms(), within.ms()),
            _ => {
                let w = n.own_window().map_or(0, |w| w.ms());
                (w, w)
            }
        };
        before = before.max(b);
        after = after.max(a);
    });
    (before, after)
}

pub fn judge(rule: &Rule, hits: &[Vec<Event>], inputs: &[InputSummary], ev: &mut Evaluator) -> Judgement {
    let verdict = |outcome, reason, require, confirm, evidence| Judgement {
        outcome,
        reason,
        missing: Vec::new(),
        require,
        confirm,
        evidence,
    };
    let require = ev.eval(&rule.require);
    if let Some(e) = &require.error {
        return verdict(Outcome::Error, format!("require: {e}"), require, None, Vec::new());
    }
    if !require.ok {
        if let Some(j) = placed_untimed(rule, hits, ev, &require) {
            return j;
        }
        return verdict(Outcome::NotMatched, require.detail.clone(), require, None, Vec::new());
    }
    let Some(confirm_cond) = &rule.confirm else {
        let evidence = sorted(hits, require.support.iter().copied());
        let unknown = unknown_context(rule, hits, &require.support);
        let outcome = if unknown.is_empty() { Outcome::Confirmed } else { Outcome::Possible };
        return Judgement { missing: unknown, ..verdict(outcome, String::new(), require, None, evidence) };
    };
    let confirm = ev.eval(confirm_cond);
    if let Some(e) = &confirm.error {
        return verdict(Outcome::Error, format!("confirm: {e}"), require, Some(confirm), Vec::new());
    }
    if confirm.ok {
        let evidence = sorted(hits, require.support.iter().chain(confirm.support.iter()).copied());
        let support: Vec<EvRef> = require.support.iter().chain(confirm.support.iter()).copied().collect();
        let mut unknown = unknown_context(rule, hits, &support);
        unknown.extend(zone_made_pairs(hits, inputs, &confirm));
        let outcome = if unknown.is_empty() { Outcome::Confirmed } else { Outcome::Possible };
        return Judgement { missing: unknown, ..verdict(outcome, String::new(), require, Some(confirm), evidence) };
    }
    // Not corroborated for want of lines (a script's `undecided`): possible, saying why.
    if let Some(why) = confirm.undecided.clone() {
        let evidence = sorted(hits, require.support.iter().copied());
        return Judgement {
            outcome: Outcome::Possible,
            reason: confirm.detail.clone(),
            missing: vec![why],
            require,
            confirm: Some(confirm),
            evidence,
        };
    }
    // Not corroborated: missing evidence, or evidence that contradicts?
    let mut req_syms = BTreeSet::new();
    symptoms_of(rule, &rule.require, &mut req_syms);
    let mut conf_syms = BTreeSet::new();
    symptoms_of(rule, confirm_cond, &mut conf_syms);
    let anchors: Vec<i64> =
        req_syms.iter().flat_map(|&s| hits[s].iter().filter_map(|e| e.time.map(|t| t.utc_ms))).collect();
    // Inputs of the required events whose times carry no zone and were read as UTC.
    let assumed_in = |i: usize| inputs.get(i).is_some_and(zone_assumed);
    let assumed_req: BTreeSet<&str> = req_syms
        .iter()
        .flat_map(|&s| hits[s].iter())
        .filter(|e| assumed_in(e.input))
        .filter_map(|e| inputs.get(e.input).map(|x| x.path.as_str()))
        .collect();
    // Required events without a time (a pasted dialog): no log can be shown to cover them.
    let untimed: usize = req_syms.iter().map(|&s| hits[s].iter().filter(|e| e.time.is_none()).count()).sum();
    let pad = slack(rule, confirm_cond);
    let (pad_before, pad_after) = reach_window(rule, confirm_cond, &req_syms);
    let mut missing = Vec::new();
    // Every symptom the confirmation reads, including one that `require` also names (as one
    // alternative of `any`, it may well not have fired): its log must be there and cover the
    // times before its silence can contradict.
    // The times of the confirming side's lines (the symptoms only the confirmation reads), sorted.
    let mut seen: Vec<i64> = conf_syms
        .iter()
        .filter(|s| !req_syms.contains(s))
        .flat_map(|&s| hits[s].iter().filter_map(|e| e.time.map(|t| t.utc_ms)))
        .collect();
    seen.sort_unstable();
    // A symptom the confirmation only negates (`not: approval_page`) contradicts by its lines,
    // not by its silence: where it has lines, no coverage of the times is needed.
    let (mut negated, mut asserted) = (BTreeSet::new(), BTreeSet::new());
    polarity(rule, confirm_cond, false, &mut negated, &mut asserted);
    for s in conf_syms.iter().filter(|s| !req_syms.contains(s) || hits[**s].is_empty()) {
        if negated.contains(s) && !asserted.contains(s) && !hits[*s].is_empty() {
            continue;
        }
        let sym = &rule.symptoms[*s];
        let eligible: Vec<&InputSummary> =
            inputs.iter().filter(|i| i.readable && sym.reads(&i.format, i.role.as_deref())).collect();
        let wanted = sym.sources_text(" or ");
        // "any log" names no log: the sentences then say "log", not "any log log".
        let wanted_log = if wanted == "any log" { "log".to_string() } else { format!("{wanted} log") };
        let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
        if eligible.is_empty() {
            // A file named as such a log whose lines fit none of its layouts is there, read as
            // generic text: say so rather than that the log is missing.
            let named: Vec<&str> = inputs
                .iter()
                .filter(|i| {
                    i.warnings.iter().any(|w| {
                        w.code == Code::NameFormatMismatch
                            && sym.sources.iter().filter_map(|x| x.format.as_deref()).any(|f| w.message.contains(f))
                    })
                })
                .map(|i| i.path.as_str())
                .collect();
            if named.is_empty() {
                missing.push(format!("{what}: no {wanted_log} in the bundle"));
            } else {
                missing.push(format!(
                    "{what}: {} is named like the {wanted_log}, but its lines fit none of that format's layouts, so it was read as generic text (see its warning); if it is one, say so with --as",
                    named.join(", ")
                ));
            }
            continue;
        }
        if untimed > 0 {
            missing.push(format!(
                "{what}: {untimed} of the events found have no time (pasted text?), so no {wanted_log} can be shown to cover them"
            ));
            continue;
        }
        // A log of the confirming side that was not read whole (cut, unreadable past a point,
        // bounded): the line that would confirm may be in the part not read, so silence is
        // no contradiction, whatever the other logs of that side show.
        let cut: Vec<String> = eligible
            .iter()
            .filter(|i| !i.complete)
            .map(|i| match i.warnings.iter().find(|w| w.code.loses_data()) {
                Some(w) => format!("{} ({})", i.path, w.message),
                None => i.path.clone(),
            })
            .collect();
        if !cut.is_empty() {
            missing.push(format!(
                "{what}: the {wanted_log} {} was not read whole, so the line that would confirm may be in the part not read",
                cut.join(", ")
            ));
            continue;
        }
        // Where no symptom of the confirming side has a line within the confirmation's window
        // around a required event, their silence there contradicts only if the logs cover that
        // whole window (`reach_window`): a log that ends (or starts) inside it may hold the line
        // just past its end. The logs of that side together (a rotated log's files one after the other) must
        // then reach over it. Where one has a line in the window, that line speaks (a stop
        // beside the error that rules the article out), and a log overlapping the window is
        // enough.
        let reach =
            eligible.iter().filter_map(|i| Some((i.first?, i.last?))).reduce(|(a, b), (f, l)| (a.min(f), b.max(l)));
        let heard = |t: i64| {
            let k = seen.partition_point(|&x| x < t - pad_before);
            seen.get(k).is_some_and(|&x| x <= t + pad_after)
        };
        let uncovered: Vec<i64> = anchors
            .iter()
            .copied()
            .filter(|&t| {
                let overlaps = eligible
                    .iter()
                    .any(|i| matches!((i.first, i.last), (Some(f), Some(l)) if f - pad <= t && t <= l + pad));
                !overlaps || (!heard(t) && !reach.is_some_and(|(f, l)| f <= t - pad_before && t + pad_after <= l))
            })
            .collect();
        if !uncovered.is_empty() {
            let spans = eligible
                .iter()
                .map(|i| match (i.first, i.last) {
                    (Some(f), Some(l)) => format!("{} ({} to {})", i.path, rfc3339(f), rfc3339(l)),
                    _ => format!("{} (no readable times)", i.path),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let times: Vec<String> = uncovered.iter().take(5).map(|t| rfc3339(*t)).collect();
            let zone_hint = if assumed_req.is_empty() {
                String::new()
            } else {
                format!(
                    " (the times of {} carry no zone and were read as UTC: if written in another zone, run again with --tz PATH_OR_FORMAT=ZONE)",
                    assumed_req.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            missing.push(format!(
                "{what}: the {wanted_log} supplied does not cover {}{}{}; supplied: {spans}{zone_hint}",
                match (pad_before, pad_after) {
                    (0, 0) => String::new(),
                    (b, a) if a == b => format!("the {} either side of ", crate::duration::human(a)),
                    (b, 0) => format!("the {} before ", crate::duration::human(b)),
                    (0, a) => format!("the {} after ", crate::duration::human(a)),
                    (b, a) =>
                        format!("from {} before to {} after ", crate::duration::human(b), crate::duration::human(a)),
                },
                times.join(", "),
                if uncovered.len() > 5 { format!(" and {} more", uncovered.len() - 5) } else { String::new() }
            ));
        }
    }
    // Lines of the confirming side that carry no time (a ticket's prose, a pasted dialog)
    // cannot be placed against the required events: where the confirmation is a relation in
    // time, they neither confirm nor contradict, so the answer is for a person to give.
    if missing.is_empty() && pad > 0 {
        for &s in conf_syms.iter().filter(|s| !req_syms.contains(s)) {
            let n = hits[s].iter().filter(|e| e.time.is_none()).count();
            if n > 0 {
                let sym = &rule.symptoms[s];
                let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
                missing.push(format!(
                    "{what}: {n} line(s) of it have no time (pasted text?), so they cannot be placed against the required events; check them by hand"
                ));
            }
        }
    }
    // Silence contradicts only where the corroborating side shows some activity: when not one
    // of the symptoms only the confirmation reads has a hit anywhere in the bundle, their lines
    // may be worded differently in this customer's logs (another version, another language) or
    // not logged at this level, and nothing was seen that contradicts.
    // (A symptom `require` also names, as one alternative of `any`, counts when it has no
    // event: its silence is as uninformative as the confirmation's own.)
    let conf_only = silent_symptoms(&req_syms, &conf_syms, hits);
    if missing.is_empty() && !conf_only.is_empty() && conf_only.iter().all(|&s| hits[s].is_empty()) {
        for &s in &conf_only {
            let sym = &rule.symptoms[s];
            let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
            let src = sym.sources_text(" or ");
            let logs = if src == "any log" { "logs".to_string() } else { format!("{src} log(s)") };
            let turned = ev.turned_away.get(s).copied().unwrap_or(0);
            missing.push(if turned > 0 {
                // Lines of the wording were there, in another context than the rule asks for
                // (another workflow's, another host's): not a wording the rule misses.
                format!(
                    "{what}: no line in the context the rule asks for; {turned} line(s) of this wording in the {logs} supplied are in another context (the rule's `where` turned them away), so their silence cannot rule the problem out; `kbdiag explain {}` on the same logs lists them",
                    rule.id
                )
            } else {
                format!(
                    "{what}: no such line was seen anywhere in the {logs} supplied, so their silence cannot rule the problem out (the line may be worded differently in this version, or not logged)"
                )
            });
        }
    }
    // A time relation missed by about a zone's offset, where one side's times carry no zone
    // and were read as UTC: most likely a zone, not a contradiction. Offsets are whole hours or
    // quarters of one (India +05:30, Nepal +05:45, Newfoundland -03:30), from 1 h to 14 h.
    if let Some(p) = confirm.relation.nearest.filter(|_| missing.is_empty()) {
        const QUARTER: i64 = 900_000;
        let quarters = (p.delta_ms.abs() + QUARTER / 2) / QUARTER;
        let off = (p.delta_ms.abs() - quarters * QUARTER).abs();
        let assumed: Vec<&str> = [p.a, p.b]
            .iter()
            .filter_map(|&(s, k)| inputs.get(hits[s][k].input))
            .filter(|i| zone_assumed(i))
            .map(|i| i.path.as_str())
            .collect();
        if (4..=56).contains(&quarters) && off <= pad.max(60_000) && !assumed.is_empty() {
            let about = if quarters % 4 == 0 {
                format!("{} hour(s)", quarters / 4)
            } else {
                crate::duration::human(quarters * QUARTER)
            };
            missing.push(format!(
                "the nearest pair is {} apart, about {about}, and the times of {} carry no zone and were read as UTC: if that log was written in another zone, run again with --tz PATH_OR_FORMAT=ZONE",
                crate::duration::human(p.delta_ms.abs()),
                assumed.join(", ")
            ));
        }
    }
    // A relation between two servers' logs missed by little more than its window: their
    // clocks may differ by that much (no NTP, a drifting VM), so the miss is no contradiction.
    // A pair on the wrong side of a one-way window (`after`: an error a few minutes before the
    // restart) needs its whole distance: the same bound holds for it.
    if let Some((p, shift)) = confirm.relation.least_shift.filter(|_| missing.is_empty() && pad > 0) {
        let (ea, eb) = (&hits[p.a.0][p.a.1], &hits[p.b.0][p.b.1]);
        let d = p.delta_ms.abs();
        if ea.input != eb.input && shift > 0 && shift < pad {
            let name = |i: usize| inputs.get(i).map_or("?", |x| x.path.as_str());
            let side = if d > pad { "just past" } else { "on the wrong side of" };
            let side = format!("{side} the {} window", crate::duration::human(pad));
            missing.push(format!(
                "the nearest pair is {} apart, {side}, and its two lines come from two logs ({} and {}): if the two servers' clocks differ by a few minutes, it is a match; compare their clocks (NTP) before ruling it out",
                crate::duration::human(d),
                name(ea.input),
                name(eb.input)
            ));
        }
    }
    let evidence = sorted(hits, require.support.iter().copied());
    merge_same_reasons(rule, &mut missing);
    if !missing.is_empty() {
        return Judgement {
            outcome: Outcome::Possible,
            reason: confirm.detail.clone(),
            missing,
            require,
            confirm: Some(confirm),
            evidence,
        };
    }
    let mut evidence = evidence;
    if let Some(p) = confirm.relation.nearest {
        evidence = sorted(hits, evidence.into_iter().chain([p.a, p.b]));
    }
    Judgement {
        outcome: Outcome::RuledOut,
        reason: confirm.detail.clone(),
        missing,
        require,
        confirm: Some(confirm),
        evidence,
    }
}

/// What a rule's symptom is called in the reasons: its description, else its name quoted.
pub(crate) fn symptom_words(rule: &Rule, s: usize) -> String {
    let sym = &rule.symptoms[s];
    if sym.description.is_empty() {
        format!("'{}'", sym.name)
    } else {
        sym.description.clone()
    }
}

/// Reasons that say the same of several symptoms (two symptoms read from the same missing
/// log) as one: "A | B: the reason", in the order first given (a description may hold a
/// semicolon or a comma, not a bar).
pub(crate) fn merge_same_reasons(rule: &Rule, missing: &mut Vec<String>) {
    let names: Vec<String> = (0..rule.symptoms.len()).map(|s| symptom_words(rule, s)).collect();
    let split = |m: &str| -> Option<(String, String)> {
        names
            .iter()
            .filter(|n| m.starts_with(&format!("{n}: ")))
            .max_by_key(|n| n.len())
            .map(|n| (n.clone(), m[n.len() + 2..].to_string()))
    };
    let mut out: Vec<(Vec<String>, String)> = Vec::new();
    for m in missing.drain(..) {
        match split(&m) {
            Some((who, why)) => match out.iter_mut().find(|(w, r)| !w.is_empty() && *r == why) {
                Some((w, _)) => {
                    if !w.contains(&who) {
                        w.push(who);
                    }
                }
                None => out.push((vec![who], why)),
            },
            None => out.push((Vec::new(), m)),
        }
    }
    missing.extend(out.into_iter().map(|(w, r)| if w.is_empty() { r } else { format!("{}: {r}", w.join(" | ")) }));
}

/// The symptoms whose silence can contradict: those only the confirmation reads, and one
/// `require` also names (as one alternative of `any`) that has no event.
fn silent_symptoms(req_syms: &BTreeSet<usize>, conf_syms: &BTreeSet<usize>, hits: &[Vec<Event>]) -> Vec<usize> {
    conf_syms.iter().copied().filter(|&s| !req_syms.contains(&s) || hits[s].is_empty()).collect()
}

/// What a `ruled_out` rests on: the inputs whose silence contradicts (read by a symptom only
/// the confirmation names), the times of the required events, and the confirmation's widest
/// window. The run reads those inputs again for stretches without lines around those times
/// (`scan::gap_around`) before it lets the verdict stand.
pub fn silent_side(rule: &Rule, hits: &[Vec<Event>], inputs: &[InputSummary]) -> (Vec<usize>, Vec<i64>, i64) {
    let Some(confirm) = &rule.confirm else { return (Vec::new(), Vec::new(), 0) };
    let mut req_syms = BTreeSet::new();
    symptoms_of(rule, &rule.require, &mut req_syms);
    let mut conf_syms = BTreeSet::new();
    symptoms_of(rule, confirm, &mut conf_syms);
    let silent = silent_symptoms(&req_syms, &conf_syms, hits);
    let eligible = (0..inputs.len())
        .filter(|&i| {
            let x = &inputs[i];
            x.readable && silent.iter().any(|&s| rule.symptoms[s].reads(&x.format, x.role.as_deref()))
        })
        .collect();
    let mut anchors: Vec<i64> =
        req_syms.iter().flat_map(|&s| hits[s].iter().filter_map(|e| e.time.map(|t| t.utc_ms))).collect();
    anchors.sort_unstable();
    anchors.dedup();
    (eligible, anchors, slack(rule, confirm))
}

/// Required events without a time (lines pasted into a ticket, a log whose times were not
/// read) are left out of every time condition, so `require` can fail only for want of times:
/// 30 failed logins pasted without their syslog prefix are not "fewer than 10 within 10
/// minutes", they are of unknown times. Read as if written at one instant (alone, or at the
/// time of one of the timed required events), do they meet `require`? Then the problem may well
/// be there: `possible`, saying so, with `ev` left as the placed evaluator (the texts read its
/// groups). None when no placing meets it.
fn placed_untimed(rule: &Rule, hits: &[Vec<Event>], ev: &mut Evaluator, real: &CondResult) -> Option<Judgement> {
    let mut req_syms = BTreeSet::new();
    symptoms_of(rule, &rule.require, &mut req_syms);
    let untimed: Vec<(usize, usize)> = req_syms
        .iter()
        .map(|&s| (s, hits[s].iter().filter(|e| e.time.is_none()).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    if untimed.is_empty() {
        return None;
    }
    // Alone (an instant no timed event is near), then beside timed required events: up to 32
    // of their times, spread over them.
    let mut times: Vec<i64> =
        req_syms.iter().flat_map(|&s| hits[s].iter().filter_map(|e| e.time.map(|t| t.utc_ms))).collect();
    times.sort_unstable();
    times.dedup();
    let step = times.len().div_ceil(32).max(1);
    let far = times.first().map_or(0, |t| t.saturating_sub(400 * 86_400_000));
    let at = std::iter::once(far).chain(times.iter().step_by(step).copied());
    for t0 in at {
        let mut placed = Evaluator::with_untimed_at(ev.rule, &ev.hits, ev.inputs, t0);
        let require = placed.eval(&rule.require);
        if !require.ok || require.error.is_some() {
            continue;
        }
        let said: Vec<String> = untimed
            .iter()
            .map(|&(s, n)| {
                let sym = &rule.symptoms[s];
                let what = if sym.description.is_empty() { format!("'{}'", sym.name) } else { sym.description.clone() };
                format!("{what}: {n} event(s) have no time (pasted text?)")
            })
            .collect();
        let missing = vec![format!(
            "{}, so the rule's time conditions cannot be checked on them: read as written close together they meet them ({}), with their real times they might not ({}); find the lines' times in the original logs",
            said.join("; "),
            require.detail,
            real.detail
        )];
        let evidence = sorted(hits, require.support.iter().copied());
        *ev = placed;
        return Some(Judgement {
            outcome: Outcome::Possible,
            reason: real.detail.clone(),
            missing,
            require,
            confirm: None,
            evidence,
        });
    }
    None
}

/// The symptoms whose every supporting event passed a `where` filter only by not having the
/// field (`_unknown`): the lines do not show the context the rule asks for, so the finding can
/// be `possible` at most. One sentence per such symptom, for `missing`.
fn unknown_context(rule: &Rule, hits: &[Vec<Event>], support: &[EvRef]) -> Vec<String> {
    let mut per: std::collections::BTreeMap<usize, (usize, usize, Option<&str>)> = std::collections::BTreeMap::new();
    for &(s, k) in support {
        let e = &hits[s][k];
        let slot = per.entry(s).or_default();
        slot.0 += 1;
        if let Some(f) = e.fields.get(UNKNOWN_FIELD) {
            slot.1 += 1;
            slot.2 = Some(f.as_str());
        }
    }
    per.into_iter()
        .filter(|(_, (n, unknown, _))| *n > 0 && n == unknown)
        .map(|(s, (_, _, f))| {
            let sym = &rule.symptoms[s];
            let f = f.unwrap_or("");
            let wanted: Vec<String> = sym
                .where_
                .iter()
                .filter(|(name, _)| f.split(',').any(|x| x == name))
                .map(|(name, re)| format!("{name} matching {}", re.as_str()))
                .collect();
            format!(
                "'{}': the line(s) do not say their {f}, so they cannot be shown to be the article's context ({}); check it by hand",
                sym.name,
                wanted.join(", ")
            )
        })
        .collect()
}

/// Were some times of this input read in a zone assumed, not written nor given with `--tz`?
fn zone_assumed(input: &InputSummary) -> bool {
    input.warnings.iter().any(|w| w.code == Code::ZoneAssumed)
}

/// A relation confirmed only by pairs whose two lines differ in what is known of their zone:
/// one side's time carries a zone (or was given one with `--tz`), the other's carries none and
/// was read as UTC. Had that log been written in the zoned side's zone, or any other, the pairs
/// would lie hours apart: the match rests on an assumption, so the finding is `possible`, and
/// says which log to give a zone. Pairs whose sides both carry a zone, or both none (two
/// servers' logs in one layout, usually in one zone), stand.
fn zone_made_pairs(hits: &[Vec<Event>], inputs: &[InputSummary], confirm: &CondResult) -> Option<String> {
    let pairs = &confirm.relation.pairs;
    let stamp = |(s, k): EvRef| hits[s][k].time;
    // A zone assumed, not given: the line has none and `--tz` named none for its log (the
    // input then carries a `zone_assumed` warning).
    let naive = |(s, k): EvRef| {
        hits[s][k].time.is_some_and(|t| t.assumed) && inputs.get(hits[s][k].input).is_some_and(zone_assumed)
    };
    let mixed = |p: &crate::cond::Pair| stamp(p.a).is_some() && stamp(p.b).is_some() && naive(p.a) != naive(p.b);
    if pairs.is_empty() || !pairs.iter().all(mixed) {
        return None;
    }
    let p = &pairs[0];
    let (naive, zoned) = if naive(p.a) { (p.a, p.b) } else { (p.b, p.a) };
    let path = |(s, k): EvRef| inputs.get(hits[s][k].input).map_or("?", |i| i.path.as_str()).to_string();
    let off = stamp(zoned).map_or(0, |t| t.offset_s);
    let zone = format!("{}{:02}:{:02}", if off < 0 { '-' } else { '+' }, off.abs() / 3600, off.abs() % 3600 / 60);
    Some(format!(
        "the match rests on a zone: the times of {} carry none and were read as UTC, while those of {} carry one ({zone}); if {} was written in another zone, its lines lie hours from these (say which with --tz PATH_OR_FORMAT=ZONE)",
        path(naive),
        path(zoned),
        path(naive)
    ))
}

/// The events, each once, in time order (then symptom, then place in the symptom). A sorted
/// vector, not a set: 200,000 references are 3 MiB, not a tree of nodes.
fn sorted(hits: &[Vec<Event>], refs: impl Iterator<Item = EvRef>) -> Vec<EvRef> {
    let mut v: Vec<EvRef> = refs.collect();
    v.sort_unstable_by_key(|&(s, k)| (hits[s][k].key(), s, k));
    v.dedup();
    v
}
