//! The rule listing, as `kbdiag rules list --format json` prints it and `GET /v1/rules` answers.

use kbdiag_engine::pack::{Rule, RuleSet};
use serde_json::{json, Value};

/// One rule, as listed.
pub fn rule_json(r: &Rule) -> Value {
    json!({
        "id": r.id, "kb": r.kb.article, "title": r.title, "pack": r.pack,
        "severity": r.severity, "file": r.file,
        "symptoms": r.symptoms.iter().map(|s| json!({
            "name": s.name, "literals": s.literals, "regex": s.regex.as_ref().map(|x| x.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// `{"packs": [...], "rules": [...]}`.
pub fn rules_json(set: &RuleSet) -> Value {
    let rules: Vec<Value> = set.rules.iter().map(rule_json).collect();
    let packs: Vec<Value> =
        set.packs.iter().map(|(m, origin)| json!({"name": m.name, "version": m.version, "origin": origin})).collect();
    json!({"packs": packs, "rules": rules})
}

/// A rule by id, or else by KB article number (case-insensitive), as `explain` finds it.
pub fn find<'a>(set: &'a RuleSet, key: &str) -> Option<&'a Rule> {
    set.rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(key))
        .or_else(|| set.rules.iter().find(|r| r.kb.article.eq_ignore_ascii_case(key)))
}
