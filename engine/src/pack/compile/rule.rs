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
    for (i, (name, s)) in def.symptoms.iter().enumerate() {
        let Some(other) = &s.other_server_than else { continue };
        match sym_names.iter().position(|n| n == other) {
            Some(j) if j != i => {
                if let Some(x) = symptoms.iter_mut().find(|x: &&mut Symptom| x.name == *name) {
                    x.other_server_than = Some(j);
                }
            }
            _ => errs.push(CompileError::new(
                root.key("symptoms").key(name.clone()).key("other_server_than"),
                ErrorKind::Invalid(format!(
                    "'{other}' is not another symptom of this rule (its symptoms: {})",
                    sym_names.join(", ")
                )),
            )),
        }
    }
    for (name, s) in &def.symptoms {
        let Some(per) = &s.one_server_per else { continue };
        let mut found = Vec::new();
        for other in &per.symptoms {
            match sym_names.iter().position(|n| n == other) {
                Some(j) => found.push(j),
                None => errs.push(CompileError::new(
                    root.key("symptoms").key(name.clone()).key("one_server_per").key("symptoms"),
                    ErrorKind::Invalid(format!(
                        "'{other}' is not a symptom of this rule (its symptoms: {})",
                        sym_names.join(", ")
                    )),
                )),
            }
        }
        if let Some(x) = symptoms.iter_mut().find(|x: &&mut Symptom| x.name == *name) {
            x.one_server_per = Some((per.field.clone(), found));
        }
    }
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
    let mut rule = Rule {
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
    };
    // Symptoms that only name servers (`one_server_per`) and that no condition reads claim no
    // lines for the rule.
    let mut read = std::collections::BTreeSet::new();
    for c in std::iter::once(&rule.require).chain(&rule.confirm).chain(rule.conditions.iter().map(|(_, c)| c)) {
        c.walk(&rule, &mut |n| read.extend(n.own_symptoms(&rule)));
    }
    let naming: std::collections::BTreeSet<usize> =
        rule.symptoms.iter().flat_map(|s| s.one_server_per.iter().flat_map(|(_, v)| v.iter().copied())).collect();
    for i in naming {
        if !read.contains(&i) {
            if let Some(s) = rule.symptoms.get_mut(i) {
                s.claims_lines = false;
            }
        }
    }
    // Symptoms the texts read (by name, in a `${...}` hole or a step's `when`) and no
    // condition does.
    let mut words = std::collections::BTreeSet::new();
    for t in std::iter::once(&rule.text).chain(rule.translations.values().map(|(_, t)| t)) {
        let templates = t.summary.iter().chain([&t.cause]).chain(t.steps.iter().map(|(_, x)| x));
        for x in templates {
            match holes(&x.source) {
                Some(hs) => hs.into_iter().for_each(|h| add_words(h, &mut words)),
                None => add_words(&x.source, &mut words),
            }
        }
        for w in t.steps.iter().filter_map(|(w, _)| w.as_ref()) {
            add_words(&w.source, &mut words);
        }
    }
    for (i, s) in rule.symptoms.iter_mut().enumerate() {
        s.told = s.claims_lines && !read.contains(&i) && words.contains(&s.name);
    }
    Ok(rule)
}

/// The names a rule's expressions can read a field by: the words (letters, digits, `_`) of its
/// source, except that its prose (title, descriptions, keywords, the texts' cause, summary and
/// steps) counts only by the `${...}` expressions in it. Prose is full of words that are also
/// field names ("message", "level", "user"), and each would keep that field in every event of
/// the rule for nothing. `None` when the rule lists fields by `keys(` and so may read any.
pub(super) fn names_in(text: &str) -> Option<std::collections::BTreeSet<String>> {
    if text.contains("keys(") {
        return None;
    }
    let mut out = std::collections::BTreeSet::new();
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => names_of(&v, false, &mut out),
        // Not reached for a rule that compiled; every word then, to be safe.
        Err(_) => add_words(text, &mut out),
    }
    Some(out)
}

/// Keys whose string values are prose; `when` (a step's condition) is an expression even
/// inside `steps`.
const PROSE: &[&str] = &["title", "description", "keywords", "cause", "summary", "steps", "text"];

fn names_of(v: &serde_yaml::Value, prose: bool, out: &mut std::collections::BTreeSet<String>) {
    use serde_yaml::Value;
    match v {
        Value::Mapping(m) => {
            for (k, x) in m {
                match k.as_str() {
                    Some(key) => {
                        add_words(key, out);
                        let p = if key == "when" { false } else { prose || PROSE.contains(&key) };
                        names_of(x, p, out);
                    }
                    None => {
                        names_of(k, prose, out);
                        names_of(x, prose, out);
                    }
                }
            }
        }
        Value::Sequence(s) => s.iter().for_each(|x| names_of(x, prose, out)),
        Value::String(s) if prose => match holes(s) {
            Some(hs) => hs.into_iter().for_each(|h| add_words(h, out)),
            None => add_words(s, out),
        },
        Value::String(s) => add_words(s, out),
        Value::Tagged(t) => names_of(&t.value, prose, out),
        _ => {}
    }
}

/// The `${...}` expressions of a template (braces counted), or None when they do not balance
/// (then the whole text is taken).
fn holes(s: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let body = &rest[i + 2..];
        let mut depth = 1usize;
        let end = body.char_indices().find_map(|(j, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(j)
        })?;
        out.push(&body[..end]);
        rest = &body[end + 1..];
    }
    Some(out)
}

fn add_words(s: &str, out: &mut std::collections::BTreeSet<String>) {
    out.extend(s.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_string));
}

#[cfg(test)]
mod names_tests {
    use super::names_in;

    #[test]
    fn prose_words_are_not_field_names() {
        let rule = r#"
id: x
title: The message of a user
symptoms:
  a:
    description: a line with a level
    regex: 'boom (?P<host>\S+)'
    where: {workflow: '^w'}
text:
  cause: The message ${join(distinct(a, "category"), ", ")} failed {not a hole}.
  steps:
    - 'Check the ${a[0].tid} thread of the user.'
    - when: distinct(a, "role").len() > 0
      text: The role is known to the user.
"#;
        let n = names_in(rule).expect("names");
        for w in ["host", "workflow", "category", "tid", "role"] {
            assert!(n.contains(w), "{w} missing");
        }
        for w in ["message", "user", "level"] {
            assert!(!n.contains(w), "{w} taken from prose");
        }
        assert!(names_in("x: keys(e)").is_none());
    }
}
