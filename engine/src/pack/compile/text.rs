//! Texts: the cause, the summary and the steps compiled to Rhai templates once.

use super::*;

pub(super) fn compile_text(t: &model::TextDef, at: &KeyPath) -> Result<Text, Vec<CompileError>> {
    let e = script::shared();
    let mut errs = Vec::new();
    let mut tpl = |path: KeyPath, text: &str, is_expr: bool| -> Option<Template> {
        let source = if is_expr { text.to_string() } else { script::template_source(text) };
        // A full script, not an expression: `${ ... }` holes may hold `let` statements.
        match e.compile(&source) {
            Ok(ast) => Some(Template { source: text.to_string(), ast }),
            Err(err) => {
                let kind = if is_expr { ErrorKind::Expression(err) } else { ErrorKind::Template(err) };
                errs.push(CompileError::new(path, kind));
                None
            }
        }
    };
    let summary = t.summary.as_deref().map(|s| tpl(at.key("summary"), s, false));
    let cause = tpl(at.key("cause"), &t.cause, false);
    let mut steps = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        let step = at.key("steps").index(i);
        match s {
            StepDef::Text(x) => steps.push((None, tpl(step, x, false))),
            StepDef::When(w) => {
                let when = tpl(step.key("when"), &w.when, true);
                steps.push((when, tpl(step.key("text"), &w.text, false)));
            }
        }
    }
    if t.steps.is_empty() {
        errs.push(CompileError::new(
            at.key("steps"),
            ErrorKind::Invalid("a rule needs at least one resolution step".into()),
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let Some(cause) = cause else { return Err(errs) };
    Ok(Text {
        summary: summary.flatten(),
        cause,
        steps: steps.into_iter().filter_map(|(w, t)| Some((w, t?))).collect(),
    })
}
