//! Rule outcome + evidence → the texts of a finding: the rule's templates (Rhai interpolated
//! strings) run with the symptoms' events and the conditions' results in scope.

use crate::cond::{CondResult, Evaluator};
use crate::event::Event;
use crate::judge::{Judgement, Outcome};
use crate::pack::{Rule, Template};
use crate::scan::InputSummary;
use crate::script;
use crate::time::{local, offset_label, rfc3339};
use rhai::{Array, Dynamic, Map, Scope};

/// The filled-in texts.
pub struct Texts {
    pub summary: Option<String>,
    pub cause: String,
    pub steps: Vec<String>,
}

fn event_map(e: &Event, inputs: &[InputSummary]) -> Dynamic {
    let mut m = Map::new();
    for (k, v) in &e.fields {
        m.insert(k.as_str().into(), v.clone().into());
    }
    let (ms, off) = e
        .time
        .map_or((0, 0), |t| (t.utc_ms, t.offset_s.unwrap_or(0)));
    m.insert("has_time".into(), e.time.is_some().into());
    m.insert("time".into(), ms.into());
    m.insert("offset".into(), i64::from(off).into());
    m.insert(
        "at".into(),
        if e.time.is_some() {
            rfc3339(ms)
        } else {
            String::new()
        }
        .into(),
    );
    m.insert(
        "local".into(),
        if e.time.is_some() {
            format!(
                "{} {}",
                local(ms, off, "%Y-%m-%d %H:%M:%S"),
                offset_label(off)
            )
        } else {
            String::new()
        }
        .into(),
    );
    m.insert(
        "path".into(),
        inputs
            .get(e.input)
            .map(|i| i.path.clone())
            .unwrap_or_default()
            .into(),
    );
    m.insert("line".into(), (e.line as i64).into());
    m.insert("text".into(), e.text.clone().into());
    Dynamic::from_map(m)
}

fn result_map(r: &CondResult, hits: &[Vec<Event>], inputs: &[InputSummary]) -> Dynamic {
    let ev = |(s, k): (usize, usize)| event_map(&hits[s][k], inputs);
    let mut m = Map::new();
    m.insert("ok".into(), r.ok.into());
    m.insert("detail".into(), r.detail.clone().into());
    m.insert("count".into(), (r.count as i64).into());
    let pairs: Array = r
        .pairs
        .iter()
        .map(|p| {
            let mut pm = Map::new();
            pm.insert("a".into(), ev(p.a));
            pm.insert("b".into(), ev(p.b));
            pm.insert("delta".into(), p.delta_ms.into());
            Dynamic::from_map(pm)
        })
        .collect();
    m.insert("pairs".into(), pairs.into());
    m.insert(
        "events".into(),
        r.support.iter().map(|&x| ev(x)).collect::<Array>().into(),
    );
    m.insert(
        "days".into(),
        r.days
            .iter()
            .map(|d| Dynamic::from(d.clone()))
            .collect::<Array>()
            .into(),
    );
    m.insert("clock".into(), r.clock.clone().unwrap_or_default().into());
    Dynamic::from_map(m)
}

/// Fill the rule's texts. Errors name the template (`text.steps[1]: ...`).
pub fn fill(
    rule: &Rule,
    j: &Judgement,
    ev: &mut Evaluator,
    hits: &[Vec<Event>],
    inputs: &[InputSummary],
) -> Result<Texts, String> {
    let mut scope = Scope::new();
    for (i, s) in rule.symptoms.iter().enumerate() {
        let arr: Array = hits[i].iter().map(|e| event_map(e, inputs)).collect();
        scope.push_constant(s.name.as_str(), arr);
    }
    for i in 0..rule.conditions.len() {
        let r = ev.named(i);
        scope.push_constant(rule.conditions[i].0.as_str(), result_map(&r, hits, inputs));
    }
    scope.push_constant("outcome", j.outcome.as_str());
    scope.push_constant(
        "missing",
        j.missing
            .iter()
            .map(|m| Dynamic::from(m.clone()))
            .collect::<Array>(),
    );
    let e = script::shared();
    let run = |what: &str, t: &Template, scope: &mut Scope| -> Result<String, String> {
        e.eval_ast_with_scope::<String>(scope, &t.ast)
            .map_err(|err| format!("{what}: {err}"))
    };
    let summary = match &rule.text.summary {
        Some(t) => Some(run("text.summary", t, &mut scope)?),
        None => None,
    };
    let cause = run("text.cause", &rule.text.cause, &mut scope)?;
    let mut steps = Vec::new();
    for (i, (when, t)) in rule.text.steps.iter().enumerate() {
        if let Some(w) = when {
            let yes = e
                .eval_ast_with_scope::<bool>(&mut scope, &w.ast)
                .map_err(|err| format!("text.steps[{i}].when: {err}"))?;
            if !yes {
                continue;
            }
        }
        steps.push(run(&format!("text.steps[{i}]"), t, &mut scope)?);
    }
    Ok(Texts {
        summary,
        cause,
        steps,
    })
}

/// Did the texts fail for a reason that makes the outcome `error`?
pub fn outcome_after(j: &Judgement, texts: &Result<Texts, String>) -> Outcome {
    if texts.is_err() {
        Outcome::Error
    } else {
        j.outcome
    }
}
