//! One walk over a rule's condition tree, for every question asked of its shape (which
//! symptoms it reads, how wide its windows are, which windows look wrong): judge, explain and
//! lint ask through it instead of each matching every operator again.

use super::compile::{Cond, Rule};
use crate::duration::Span;

impl Cond {
    /// The conditions directly inside this one (a named condition's body is not inside it: see
    /// [`Cond::walk`]).
    pub fn children(&self) -> &[Cond] {
        match self {
            Cond::All(v) | Cond::Any(v) => v,
            Cond::Not(c) => std::slice::from_ref(c.as_ref()),
            _ => &[],
        }
    }

    /// The symptoms this node itself reads (a script may read any: all of the rule's).
    pub fn own_symptoms(&self, rule: &Rule) -> Vec<usize> {
        match self {
            Cond::Symptom(i) => vec![*i],
            Cond::Rel { a, b, until: Some((u, _)), .. } => vec![*a, *b, *u],
            Cond::Rel { a, b, .. } | Cond::Absent { a, b, .. } => vec![*a, *b],
            Cond::Count { symptom, .. } | Cond::Recurs { symptom, .. } => vec![*symptom],
            Cond::Sequence { steps, .. } => steps.clone(),
            // The symptoms the script names (as words of its source: a variable, or a name in
            // a string). Every symptom, as before, made a script in `require` count each
            // confirming symptom as required, so their silence was never weighed.
            Cond::Script { source, .. } => {
                let words: std::collections::BTreeSet<&str> =
                    source.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
                (0..rule.symptoms.len()).filter(|&i| words.contains(rule.symptoms[i].name.as_str())).collect()
            }
            Cond::Named(_) | Cond::All(_) | Cond::Any(_) | Cond::Not(_) => Vec::new(),
        }
    }

    /// The time window of this node itself, if it has one.
    pub fn own_window(&self) -> Option<Span> {
        match self {
            Cond::Rel { within, .. } | Cond::Sequence { within, .. } | Cond::Absent { within, .. } => Some(*within),
            Cond::Count { within, .. } => *within,
            _ => None,
        }
    }

    /// Visit this node and every node below it as written here, not entering named conditions
    /// (lint checks each named condition once, at its own place).
    pub fn walk_here(&self, f: &mut dyn FnMut(&Cond)) {
        f(self);
        for c in self.children() {
            c.walk_here(f);
        }
    }

    /// Visit this node and every node below it, through named conditions too (each named
    /// condition's body once per mention; names cannot recurse, the compiler refuses cycles).
    pub fn walk(&self, rule: &Rule, f: &mut dyn FnMut(&Cond)) {
        f(self);
        if let Cond::Named(i) = self {
            if let Some((_, body)) = rule.conditions.get(*i) {
                body.walk(rule, f);
            }
        }
        for c in self.children() {
            c.walk(rule, f);
        }
    }
}
