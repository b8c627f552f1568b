//! One rule definition → a rule: its symptoms, conditions and texts compiled, every problem
//! collected with its key path.

use super::*;

pub(super) fn compile_rule(def: model::RuleDef, file: &str, pack: &str) -> Result<Rule, Vec<CompileError>> {
    let mut errs = Vec::new();
    let root = KeyPath::root();
    let named = def.symptoms.keys().map(|n| ("symptoms", n)).chain(def.conditions.keys().map(|n| ("conditions", n)));
    for (section, name) in named {
        if !is_ident(name) || RESERVED.contains(&name.as_str()) {
            errs.push(CompileError::new(root.key(section).key(name.clone()), ErrorKind::Invalid(format!(
                "'{name}' cannot name a symptom or condition: use letters, digits and _ (not starting with a digit), and not one of {}",
                RESERVED.join(", ")
            ))).bare());
        }
    }
    if let Some(dup) = def.symptoms.keys().find(|k| def.conditions.contains_key(*k)) {
        errs.push(
            CompileError::new(
                root.key("conditions").key(dup.clone()),
                ErrorKind::Invalid(format!("'{dup}' names both a symptom and a condition")),
            )
            .bare(),
        );
    }
    let mut symptoms = Vec::new();
    for (name, s) in &def.symptoms {
        match compile_symptom(name, s) {
            Ok(x) => symptoms.push(x),
            Err(m) => errs.push(m),
        }
    }
    let sym_names: Vec<String> = def.symptoms.keys().cloned().collect();
    let cond_names: Vec<String> = def.conditions.keys().cloned().collect();
    let resolver = Resolver { symptoms: &sym_names, conds: &cond_names, defs: &def.conditions };
    let mut conditions = Vec::new();
    for (name, c) in &def.conditions {
        match resolver.cond(c, &mut vec![name.clone()]) {
            Ok(x) => conditions.push((name.clone(), x)),
            Err(k) => errs.push(CompileError::new(root.key("conditions").key(name.clone()), k)),
        }
    }
    let require = resolver.cond(&def.require, &mut Vec::new()).map_err(|k| CompileError::new(root.key("require"), k));
    let confirm = def
        .confirm
        .as_ref()
        .map(|c| resolver.cond(c, &mut Vec::new()))
        .transpose()
        .map_err(|k| CompileError::new(root.key("confirm"), k));
    let text = compile_text(&def.text, &root.key("text"));
    let mut translations = BTreeMap::new();
    for (lang, t) in &def.translations {
        let as_text = model::TextDef { summary: t.summary.clone(), cause: t.cause.clone(), steps: t.steps.clone() };
        match compile_text(&as_text, &root.key("translations").key(lang.clone())) {
            Ok(x) => {
                translations.insert(lang.clone(), (t.title.clone(), x));
            }
            Err(e) => errs.extend(e),
        }
    }
    let (require, confirm, text) = match (require, confirm, text) {
        (Ok(r), Ok(c), Ok(t)) if errs.is_empty() => (r, c, t),
        (r, c, t) => {
            errs.extend(r.err());
            errs.extend(c.err());
            if let Err(e) = t {
                errs.extend(e);
            }
            return Err(errs);
        }
    };
    if !(0.0..=1.0).contains(&def.confidence.confirmed) || !(0.0..=1.0).contains(&def.confidence.possible) {
        return Err(vec![CompileError::new(
            root.key("confidence"),
            ErrorKind::Invalid("confidence values must lie between 0 and 1".into()),
        )
        .bare()]);
    }
    Ok(Rule {
        id: def.id,
        kb: def.kb,
        title: def.title,
        severity: def.severity,
        status: def.status,
        confidence: def.confidence,
        products: def.products,
        symptoms,
        conditions,
        require,
        confirm,
        text,
        translations,
        supersedes: def.supersedes,
        file: file.to_string(),
        pack: pack.to_string(),
        names: None,
    })
}

/// The words of a rule's source (identifiers: letters, digits, `_`), or `None` when it lists
/// fields by `keys(` and so may read any.
pub(super) fn names_in(text: &str) -> Option<std::collections::BTreeSet<String>> {
    if text.contains("keys(") {
        return None;
    }
    Some(
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
    )
}
