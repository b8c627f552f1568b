//! Drain (He et al., ICWS 2017): masked token sequences grouped into templates by a
//! fixed-depth parse tree (token count, then the first tokens) and a similarity threshold
//! within a leaf. A template is its constant tokens with `<*>` for the others.
//!
//! The tree only ever sees sequences in the order it is given; callers give a deterministic
//! order (the miner: first occurrence in the bundle), so templates never depend on threads.

use super::mask::WILD;
use std::collections::HashMap;

/// Drain's parameters (the LogPAI benchmark's: depth 4, similarity 0.5, 100 children).
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Tree depth: the token-count level, `depth - 2` token levels, the leaf.
    pub depth: usize,
    /// Share of equal tokens from which a sequence joins a template.
    pub sim: f64,
    /// Children per inner node; past it new tokens go under `<*>`.
    pub max_children: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { depth: 4, sim: 0.5, max_children: 100 }
    }
}

#[derive(Default)]
struct Node {
    children: HashMap<String, Node>,
    clusters: Vec<usize>,
}

/// The clusters found so far: a template each.
pub struct Drain {
    params: Params,
    root: HashMap<usize, Node>,
    pub templates: Vec<Vec<String>>,
}

impl Drain {
    pub fn new(params: Params) -> Drain {
        Drain { params, root: HashMap::new(), templates: Vec::new() }
    }

    /// Add a sequence; returns its cluster's index.
    pub fn add(&mut self, toks: &[String]) -> usize {
        let levels = self.params.depth.saturating_sub(2).max(1);
        let max_children = self.params.max_children.max(2);
        let mut node = self.root.entry(toks.len()).or_default();
        for t in toks.iter().take(levels) {
            let key = if t.contains(WILD) || t.bytes().any(|c| c.is_ascii_digit()) { WILD } else { t.as_str() };
            let key =
                if node.children.contains_key(key) || node.children.len() + 1 < max_children { key } else { WILD };
            node = node.children.entry(key.to_string()).or_default();
        }
        // The most similar template of the leaf (ties: the one with more wildcards, then the
        // oldest).
        let mut best: Option<(f64, usize, usize)> = None;
        for &c in &node.clusters {
            let tpl = &self.templates[c];
            let (mut same, mut wild) = (0usize, 0usize);
            for (a, b) in tpl.iter().zip(toks) {
                if a == WILD {
                    wild += 1;
                } else if a == b {
                    same += 1;
                }
            }
            let sim = if toks.is_empty() { 1.0 } else { same as f64 / toks.len() as f64 };
            if best.is_none_or(|(s, w, _)| sim > s || (sim == s && wild > w)) {
                best = Some((sim, wild, c));
            }
        }
        match best {
            Some((sim, _, c)) if sim >= self.params.sim => {
                let tpl = &mut self.templates[c];
                for (a, b) in tpl.iter_mut().zip(toks) {
                    if a != b {
                        *a = WILD.to_string();
                    }
                }
                c
            }
            _ => {
                let c = self.templates.len();
                self.templates.push(toks.to_vec());
                node.clusters.push(c);
                c
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        super::super::mask::tokens(s)
    }

    #[test]
    fn groups_and_generalises() {
        let mut d = Drain::new(Params::default());
        let a = d.add(&t("Failed password for root from 1.2.3.4 port 22 ssh2"));
        let b = d.add(&t("Failed password for admin from 1.2.3.5 port 23 ssh2"));
        let c = d.add(&t("Accepted publickey for root from 1.2.3.4 port 22 ssh2"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(d.templates[a].join(" "), "Failed password for <*> from <*> port <*> ssh2");
    }
}
