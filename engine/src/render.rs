//! Rule outcome + evidence → the texts of a finding: the rule's templates (Rhai interpolated
//! strings) run with the symptoms' events and the conditions' results in scope.

use crate::cond::{CondResult, Evaluator};
use crate::judge::Judgement;
use crate::pack::{Rule, Template};
use crate::report::InputSummary;
use crate::script;
use rhai::{Array, Dynamic, Map, Scope};

/// The filled-in texts.
pub struct Texts {
    pub title: String,
    pub summary: Option<String>,
    pub cause: String,
    pub steps: Vec<String>,
}

/// The parts of a condition's result a rule's texts read (`.pairs`, `.events`, `.groups`):
/// only those are turned into Rhai values, since 100,000 pairs of events cost real time.
#[derive(Clone, Copy)]
struct Wanted {
    pairs: bool,
    events: bool,
    groups: bool,
}

fn result_map(r: &CondResult, values: &[script::EvList], want: Wanted) -> Dynamic {
    let ev = |(s, k): (usize, usize)| Dynamic::from(values[s].ev(k));
    let mut m = Map::new();
    m.insert("ok".into(), r.ok.into());
    m.insert("detail".into(), r.detail.clone().into());
    m.insert("count".into(), (r.count as i64).into());
    m.insert("total".into(), (r.total as i64).into());
    let groups: Array = r
        .groups
        .iter()
        .take(if want.groups { usize::MAX } else { 0 })
        .map(|g| {
            let mut gm = Map::new();
            gm.insert("value".into(), g.value.clone().unwrap_or_default().into());
            gm.insert("count".into(), (g.count as i64).into());
            gm.insert("events".into(), g.events.iter().map(|&x| ev(x)).collect::<Array>().into());
            Dynamic::from_map(gm)
        })
        .collect();
    m.insert("groups".into(), groups.into());
    let pairs: Array = r
        .relation
        .pairs
        .iter()
        .take(if want.pairs { usize::MAX } else { 0 })
        .map(|p| {
            let mut pm = Map::new();
            pm.insert("a".into(), ev(p.a));
            pm.insert("b".into(), ev(p.b));
            pm.insert("delta".into(), p.delta_ms.into());
            Dynamic::from_map(pm)
        })
        .collect();
    m.insert("pairs".into(), pairs.into());
    let events: Array = if want.events { r.support.iter().map(|&x| ev(x)).collect() } else { Array::new() };
    m.insert("events".into(), events.into());
    m.insert("days".into(), r.recurrence.days.iter().map(|d| Dynamic::from(d.clone())).collect::<Array>().into());
    m.insert("clock".into(), r.recurrence.clock.clone().unwrap_or_default().into());
    Dynamic::from_map(m)
}

/// Fill the rule's texts. Errors name the template (`text.steps[1]: ...`).
pub fn fill(
    rule: &Rule,
    j: &Judgement,
    ev: &mut Evaluator,
    hits: &script::Hits,
    inputs: &[InputSummary],
    lang: Option<&str>,
) -> Result<Texts, String> {
    // The requested language if the rule has it, else the pack's own.
    let (at, title, text) = match lang.and_then(|l| rule.translations.get(l).map(|t| (l, t))) {
        Some((l, (title, text))) => (format!("translations.{l}"), title.clone(), text),
        None => ("text".to_string(), rule.title.clone(), &rule.text),
    };
    let names: Vec<&str> = rule.symptoms.iter().map(|s| s.name.as_str()).collect();
    // What the texts read: symptom arrays and result parts no text names are left empty.
    let mut sources: Vec<&str> = vec![text.cause.source.as_str()];
    sources.extend(text.summary.iter().map(|t| t.source.as_str()));
    for (w, t) in &text.steps {
        sources.extend(w.iter().map(|w| w.source.as_str()));
        sources.push(t.source.as_str());
    }
    let all = sources.join("\n");
    let want =
        Wanted { pairs: all.contains(".pairs"), events: all.contains(".events"), groups: all.contains(".groups") };
    let paths: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
    let ends: Vec<Option<i64>> = inputs.iter().map(|i| i.last).collect();
    // Events are lists of references (script::EvList): a few words per symptom.
    let values: Vec<script::EvList> = script::event_values(hits, &paths, &ends);
    // Symptom lists the texts do not name are empty arrays.
    let shown: Vec<Option<script::EvList>> =
        values.iter().zip(&names).map(|(v, n)| all.contains(n).then(|| v.clone())).collect();
    let mut scope = script::symptom_scope(&names, shown);
    for i in 0..rule.conditions.len() {
        let r = ev.named(i);
        scope.push_constant(rule.conditions[i].0.as_str(), result_map(&r, &values, want));
    }
    scope.push_constant("outcome", j.outcome.as_str());
    scope.push_constant("missing", j.missing.iter().map(|m| Dynamic::from(m.clone())).collect::<Array>());
    let e = script::shared();
    let events: usize = hits.iter().map(Vec::len).sum();
    let run = |what: &str, t: &Template, scope: &mut Scope| -> Result<String, String> {
        script::budgeted(events, || e.eval_ast_with_scope::<String>(scope, &t.ast))
            .map_err(|err| format!("{what}: {}", script::describe(&err)))
    };
    let summary = match &text.summary {
        Some(t) => Some(run(&format!("{at}.summary"), t, &mut scope)?),
        None => None,
    };
    let cause = run(&format!("{at}.cause"), &text.cause, &mut scope)?;
    let mut steps = Vec::new();
    for (i, (when, t)) in text.steps.iter().enumerate() {
        if let Some(w) = when {
            let yes = script::budgeted(events, || e.eval_ast_with_scope::<bool>(&mut scope, &w.ast))
                .map_err(|err| format!("{at}.steps[{i}].when: {}", script::describe(&err)))?;
            if !yes {
                continue;
            }
        }
        steps.push(run(&format!("{at}.steps[{i}]"), t, &mut scope)?);
    }
    Ok(Texts { title, summary, cause, steps })
}
