//! `script`: a Rhai condition over the rule's events, with its budget.

use super::*;

impl Evaluator<'_> {
    /// A Rhai script over the symptoms' events: `true`/`false`, or `#{ok: .., detail: ".."}`,
    /// with `undecided: ".."` when it fails for want of lines, not because they contradict.
    pub(super) fn script(&mut self, ast: &rhai::AST) -> CondResult {
        let names: Vec<&str> = self.rule.symptoms.iter().map(|s| s.name.as_str()).collect();
        let hits = &self.hits;
        let inputs = self.inputs;
        let scope = self.scope.get_or_insert_with(|| {
            let paths: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
            let ends: Vec<Option<i64>> = inputs.iter().map(|i| i.last).collect();
            crate::script::symptom_scope(
                &names,
                crate::script::event_values(hits, &paths, &ends).into_iter().map(Some).collect(),
            )
        });
        let mut run_scope = scope.clone();
        let events: usize = hits.iter().map(Vec::len).sum();
        let got = crate::script::budgeted(events, || {
            crate::script::shared().eval_ast_with_scope::<rhai::Dynamic>(&mut run_scope, ast)
        });
        match got {
            Ok(v) => {
                if let Some(b) = v.clone().try_cast::<bool>() {
                    return CondResult { ok: b, detail: format!("script returned {b}"), ..Default::default() };
                }
                if let Some(m) = v.try_cast::<rhai::Map>() {
                    let ok = m.get("ok").and_then(|x| x.as_bool().ok());
                    let detail = m.get("detail").map(|d| d.to_string()).unwrap_or_default();
                    let undecided = m.get("undecided").map(|d| d.to_string()).filter(|u| !u.is_empty());
                    if let Some(ok) = ok {
                        return CondResult {
                            ok,
                            detail: if detail.is_empty() { format!("script returned {ok}") } else { detail },
                            undecided: undecided.filter(|_| !ok),
                            ..Default::default()
                        };
                    }
                }
                CondResult {
                    error: Some("script must return true/false or #{ok: bool, detail: \"...\"}".into()),
                    detail: "script returned something else".into(),
                    ..Default::default()
                }
            }
            Err(e) => CondResult {
                error: Some(format!("script failed: {}", crate::script::describe(&e))),
                detail: "script failed".into(),
                ..Default::default()
            },
        }
    }
}
