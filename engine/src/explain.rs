//! Why a rule did or did not fire, for rule authors: per symptom what was found and what was
//! turned down, per condition the verdict with the numbers behind it, what input was missing,
//! and what to change. Also what a rule compiled to (`--compiled`).

use crate::cond::Evaluator;
use crate::duration::human;
use crate::event::Reject;
use crate::judge::Outcome;
use crate::pack::{Cond, RelKind, Rule, RuleSet};
use crate::report::Evidence;
use crate::report::InputSummary;
use crate::RuleRun;
use serde::Serialize;

/// How many hits per symptom an explanation lists.
const FIRST_HITS: usize = 3;

#[derive(Debug, Serialize)]
pub struct Explanation {
    pub rule: String,
    pub kb: String,
    pub title: String,
    pub file: String,
    pub outcome: Outcome,
    /// Why the outcome is what it is (empty for `confirmed`).
    pub reason: String,
    pub symptoms: Vec<SymptomReport>,
    pub conditions: Vec<CondReport>,
    pub missing: Vec<String>,
    /// What a rule author could change, or check, to make the rule behave as expected.
    pub advice: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SymptomReport {
    pub name: String,
    pub description: String,
    /// The sources the symptom reads, as written in the rule.
    pub sources: Vec<String>,
    /// The inputs of this run those sources selected.
    pub read_from: Vec<String>,
    pub hits: usize,
    pub first_hits: Vec<Evidence>,
    /// Candidate lines (holding the symptom's literal) that its regex or `where` turned down.
    pub rejected: u64,
    pub rejects: Vec<RejectReport>,
}

#[derive(Debug, Serialize)]
pub struct RejectReport {
    pub path: String,
    pub line: u64,
    pub text: String,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct CondReport {
    /// `require`, `confirm`, or the name of a named condition.
    pub name: String,
    /// What the condition says, e.g. `near(logon_failed, rt_restart, within 10m)`.
    pub condition: String,
    pub ok: bool,
    pub detail: String,
    /// Why the condition is neither met nor contradicted (a line that lacks the `by` field of
    /// a relation): it leaves the outcome at `possible`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecided: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn path(inputs: &[InputSummary], i: usize) -> String {
    inputs.get(i).map(|x| x.path.clone()).unwrap_or_default()
}

pub fn explain(set: &RuleSet, run: &RuleRun, inputs: &[InputSummary]) -> Explanation {
    let rule = &set.rules[run.rule];
    let mut advice = Vec::new();
    let mut symptoms = Vec::new();
    for (i, s) in rule.symptoms.iter().enumerate() {
        let read_from: Vec<String> = inputs
            .iter()
            .filter(|x| x.readable && s.reads(&x.format, x.role.as_deref()))
            .map(|x| x.path.clone())
            .collect();
        let hits = &run.hits[i];
        let (rejected, rejects) = &run.rejects[i];
        let first_hits = hits.iter().take(FIRST_HITS).map(|e| Evidence::of(&s.name, e, inputs, false)).collect();
        let rejects: Vec<RejectReport> = rejects
            .iter()
            .map(|r: &Reject| RejectReport {
                path: path(inputs, r.input),
                line: r.line,
                text: r.text.clone(),
                why: r.why.clone(),
            })
            .collect();
        let sources: Vec<String> = s.sources.iter().map(|x| x.to_string()).collect();
        if hits.is_empty() {
            // Inputs of the right format whose role stayed unknown: the role is what is missing.
            let roleless: Vec<&InputSummary> = inputs
                .iter()
                .filter(|x| {
                    x.role.is_none()
                        && s.sources
                            .iter()
                            .any(|sel| sel.role.is_some() && sel.format.as_deref() == Some(x.format.as_str()))
                })
                .collect();
            for x in &roleless {
                let wanted: Vec<String> = s
                    .sources
                    .iter()
                    .filter(|sel| sel.format.as_deref() == Some(x.format.as_str()))
                    .filter_map(|sel| sel.role.as_ref().map(|r| format!("{}/{r}", x.format)))
                    .collect();
                advice.push(format!(
                    "'{}' reads {}; {} is a {} log with no role (its name '{}' says none): if it is one of those, say so with --as '{}={}'",
                    s.name,
                    wanted.join(" or "),
                    x.path,
                    x.format,
                    crate::input::base_name(&x.path),
                    x.path,
                    wanted.first().cloned().unwrap_or_default()
                ));
            }
            if read_from.is_empty() && roleless.is_empty() {
                let seen: Vec<String> = inputs
                    .iter()
                    .map(|x| {
                        format!(
                            "{} [{}{}]",
                            x.path,
                            x.format,
                            x.role.as_deref().map(|r| format!("/{r}")).unwrap_or_default()
                        )
                    })
                    .collect();
                advice.push(format!(
                    "'{}' reads {} and no input is of that kind (inputs: {}): supply that log, or widen `sources` if the symptom also appears elsewhere",
                    s.name,
                    if sources.is_empty() { "any log".to_string() } else { sources.join(", ") },
                    if seen.is_empty() { "none".to_string() } else { seen.join(", ") }
                ));
            } else if let Some(r) = rejects.first() {
                advice.push(format!(
                    "'{}' turned down {rejected} line(s) that held its literal, e.g. {}:{} ({}): loosen the regex or `where` if such lines should count",
                    s.name, r.path, r.line, r.why
                ));
            } else if s.literals.is_empty() {
                advice.push(format!("no line of {} matches the regex of '{}'", read_from.join(", "), s.name));
            } else {
                advice.push(format!(
                    "no line of {} contains any of {} (case-insensitive), so '{}' never saw a candidate: check the wording against the real log line",
                    read_from.join(", "),
                    s.literals.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", "),
                    s.name
                ));
            }
        }
        symptoms.push(SymptomReport {
            name: s.name.clone(),
            description: s.description.clone(),
            sources,
            read_from,
            hits: hits.len(),
            first_hits,
            rejected: *rejected,
            rejects,
        });
    }

    let mut ev = Evaluator::new(rule, &run.hits, inputs);
    let mut conditions = Vec::new();
    let mut check = |name: &str, c: &Cond, ev: &mut Evaluator| {
        let r = ev.eval(c);
        if !r.ok {
            if let (Some(p), Cond::Rel { within, .. }) = (r.relation.nearest, c) {
                // Off by about a whole number of hours, with a side read in an assumed zone:
                // more likely a zone than a coincidence.
                let d = p.delta_ms.abs();
                let hours = (d + 1_800_000) / 3_600_000;
                let near_hour = hours > 0 && (d - hours * 3_600_000).abs() <= within.ms();
                let assumed =
                    inputs.iter().any(|i| i.warnings.iter().any(|w| w.code == crate::warning::Code::ZoneAssumed));
                if near_hour && assumed {
                    advice.push(format!(
                        "{name}: the closest pair is {} apart, about {hours} h: some times were read as UTC because the log gives no zone; if that log was written in local time, give its zone with --tz (e.g. --tz FORMAT=Europe/Paris)",
                        human(d)
                    ));
                }
                advice.push(format!(
                    "{name}: the closest pair is {} apart and the window is {}; if they belong together, widen `within` to at least {}",
                    human(p.delta_ms.abs()),
                    human(within.ms()),
                    human(p.delta_ms.abs())
                ));
            }
        }
        conditions.push(CondReport {
            name: name.to_string(),
            condition: describe(rule, c),
            ok: r.ok,
            detail: r.detail,
            undecided: r.undecided,
            error: r.error,
        });
    };
    check("require", &rule.require, &mut ev);
    if let Some(c) = &rule.confirm {
        check("confirm", c, &mut ev);
    }
    for (name, c) in &rule.conditions {
        check(name, c, &mut ev);
    }
    let j = &run.judgement;
    match run.outcome {
        Outcome::Possible => advice.push("the outcome stays `possible` until the missing input is supplied".into()),
        Outcome::RuledOut => advice.push(
            "the supplied logs contradict the rule; if the rule is right, this bundle is a must-not-fire case".into(),
        ),
        Outcome::Error => advice.push(format!("the rule failed: {}", run.error.clone().unwrap_or_default())),
        _ => {}
    }
    Explanation {
        rule: rule.id.clone(),
        kb: rule.kb.article.clone(),
        title: rule.title.clone(),
        file: rule.file.clone(),
        outcome: run.outcome,
        reason: if run.outcome == Outcome::Error { run.error.clone().unwrap_or_default() } else { j.reason.clone() },
        symptoms,
        conditions,
        missing: j.missing.clone(),
        advice,
    }
}

/// A condition in words, as `explain` and `--compiled` show it.
pub fn describe(rule: &Rule, c: &Cond) -> String {
    let s = |i: &usize| rule.symptoms[*i].name.clone();
    let by = |b: &Option<String>| b.as_ref().map(|f| format!(", by {f}")).unwrap_or_default();
    match c {
        Cond::Symptom(i) => s(i),
        Cond::Named(i) => rule.conditions[*i].0.clone(),
        Cond::All(v) => format!("all({})", v.iter().map(|c| describe(rule, c)).collect::<Vec<_>>().join(", ")),
        Cond::Any(v) => format!("any({})", v.iter().map(|c| describe(rule, c)).collect::<Vec<_>>().join(", ")),
        Cond::Not(c) => format!("not({})", describe(rule, c)),
        Cond::Rel { kind, a, b, within, by: g, slack, until } => {
            let k = match kind {
                RelKind::Near => "near",
                RelKind::Before => "before",
                RelKind::After => "after",
            };
            let sl = if slack.ms() > 0 { format!(", slack {}", human(slack.ms())) } else { String::new() };
            let un = until.map(|(u, w)| format!(", until {} within {}", s(&u), human(w.ms()))).unwrap_or_default();
            format!("{k}({}, {}, within {}{sl}{un}{})", s(a), s(b), human(within.ms()), by(g))
        }
        Cond::Count { symptom, min, within, distinct, by: g } => format!(
            "count({} >= {min}{}{}{})",
            s(symptom),
            distinct.as_ref().map(|d| format!(" distinct {d}")).unwrap_or_default(),
            within.map(|w| format!(" within {}", human(w.ms()))).unwrap_or_default(),
            by(g)
        ),
        Cond::Recurs { symptom, min_days, tolerance } => {
            format!("recurs({} on >= {min_days} days, ±{})", s(symptom), human(tolerance.ms()))
        }
        Cond::Sequence { steps, within, by: g } => {
            format!(
                "sequence({} within {}{})",
                steps.iter().map(s).collect::<Vec<_>>().join(" → "),
                human(within.ms()),
                by(g)
            )
        }
        Cond::Absent { a, b, within, by: g } => {
            format!("absent({} not followed by {} within {}{})", s(a), s(b), human(within.ms()), by(g))
        }
        Cond::Script { source, .. } => format!("script({})", source.trim()),
    }
}

/// What a rule compiled to.
#[derive(Debug, Serialize)]
pub struct Compiled {
    pub rule: String,
    pub kb: String,
    pub file: String,
    pub symptoms: Vec<CompiledSymptom>,
    pub require: String,
    pub confirm: Option<String>,
    pub conditions: Vec<(String, String)>,
    pub steps: usize,
    pub supersedes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CompiledSymptom {
    pub name: String,
    pub sources: Vec<String>,
    /// The literals of the prefilter, as searched (folded to lower case for case-ignoring
    /// symptoms).
    pub literals: Vec<String>,
    /// Per literal, how it is searched: `sampled` (exact, 10 bytes or more: the fast path),
    /// `automaton` (exact, shorter: a pass over every byte) or `automaton, ignoring case`.
    pub literal_search: Vec<String>,
    /// `contains`, `regex prefix`, `regex suffix`, or `none`.
    pub literal_origin: String,
    /// How candidate lines are found: `literal prefilter`, or `regex set on every line` (no usable
    /// literal: slower, the regex runs on every line of the symptom's sources).
    pub prefilter: String,
    pub regex: Option<String>,
    pub r#where: Vec<(String, String)>,
}

pub fn compiled(rule: &Rule) -> Compiled {
    Compiled {
        rule: rule.id.clone(),
        kb: rule.kb.article.clone(),
        file: rule.file.clone(),
        symptoms: rule
            .symptoms
            .iter()
            .map(|s| CompiledSymptom {
                name: s.name.clone(),
                sources: s.sources.iter().map(|x| x.to_string()).collect(),
                literals: s.literals.clone(),
                literal_search: s
                    .literals
                    .iter()
                    .map(|l| crate::pack::LiteralSearch::of(l, s.literal_ci).name().to_string())
                    .collect(),
                literal_origin: s.literal_origin.to_string(),
                prefilter: if s.literals.is_empty() {
                    "regex set on every line".into()
                } else {
                    "literal prefilter".into()
                },
                regex: s.regex.as_ref().map(|r| r.as_str().to_string()),
                r#where: s.where_.iter().map(|(f, r)| (f.clone(), r.as_str().to_string())).collect(),
            })
            .collect(),
        require: describe(rule, &rule.require),
        confirm: rule.confirm.as_ref().map(|c| describe(rule, c)),
        conditions: rule.conditions.iter().map(|(n, c)| (n.clone(), describe(rule, c))).collect(),
        steps: rule.text.steps.len(),
        supersedes: rule.supersedes.clone(),
    }
}
