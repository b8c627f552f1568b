//! Drain (He et al., ICWS 2017): masked token sequences grouped into templates by a
//! fixed-depth parse tree (token count, then the first tokens) and a similarity threshold
//! within a leaf. A template is its constant tokens with `<*>` for the others.
//!
//! The tree only ever sees sequences in the order it is given; callers give a deterministic
//! order (the miner: first occurrence in the bundle), so templates never depend on threads.

use super::mask::WILD;
use std::collections::HashMap;

/// Drain's parameters, with the reference implementation's meaning (logpai/logparser).
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Depth of the leaves counted as the reference does: the root, the token-count level,
    /// `depth - 3` levels of leading tokens, then the leaf's clusters. The LogPAI benchmark
    /// uses 4 (one leading token) for most data sets; kbdiag uses 5 (two leading tokens), which
    /// keeps messages with the same first word but different second words apart (`Failed
    /// password` and `Failed publickey`) and lets a leaf hold fewer clusters to compare.
    pub depth: usize,
    /// Share of equal tokens from which a sequence joins a template.
    pub sim: f64,
    /// Children per inner node; past it new tokens go under `<*>`.
    pub max_children: usize,
    /// A product's error code names the error (`ORA-00942` a missing table, `ORA-01017` a bad
    /// password): a message whose code differs from a template's at the same place does not
    /// join it, however similar the rest. Off for the reference's own setting (the published
    /// figures are measured without it).
    pub codes_apart: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params { depth: 5, sim: 0.5, max_children: 100, codes_apart: true }
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

/// A leading token that is variable: one with a digit, or the wildcard itself.
fn variable_key(t: &str) -> bool {
    t == WILD || t.bytes().any(|c| c.is_ascii_digit())
}

impl Drain {
    pub fn new(params: Params) -> Drain {
        Drain { params, root: HashMap::new(), templates: Vec::new() }
    }

    fn levels(&self, len: usize) -> usize {
        self.params.depth.saturating_sub(3).min(len)
    }

    /// The leaf a sequence is searched in: each leading token's own child, else the `<*>`
    /// child, else none (a new cluster), as the reference's tree search.
    fn search(&self, toks: &[String]) -> Option<usize> {
        let mut node = self.root.get(&toks.len())?;
        for t in &toks[..self.levels(toks.len())] {
            node = node.children.get(t.as_str()).or_else(|| node.children.get(WILD))?;
        }
        // The most similar template of the leaf (ties: the one with more wildcards, then the
        // oldest).
        let mut best: Option<(f64, usize, usize)> = None;
        for &c in &node.clusters {
            let tpl = &self.templates[c];
            if self.params.codes_apart
                && tpl
                    .iter()
                    .zip(toks)
                    .any(|(a, b)| a != b && super::mask::is_code_word(a) && super::mask::is_code_word(b))
            {
                continue;
            }
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
        best.filter(|&(sim, _, _)| sim >= self.params.sim).map(|(_, _, c)| c)
    }

    /// Put a new cluster in the tree, as the reference does: a leading token with a digit (or
    /// a wildcard) goes under `<*>`; a full node sends new tokens under `<*>` too.
    fn insert(&mut self, c: usize) {
        let max_children = self.params.max_children.max(2);
        let toks = &self.templates[c];
        let levels = self.params.depth.saturating_sub(3).min(toks.len());
        let mut node = self.root.entry(toks.len()).or_default();
        for t in &toks[..levels] {
            let key = if node.children.contains_key(t.as_str()) {
                t.as_str()
            } else if variable_key(t) {
                WILD
            } else if node.children.contains_key(WILD) {
                if node.children.len() < max_children {
                    t.as_str()
                } else {
                    WILD
                }
            } else if node.children.len() + 1 < max_children {
                t.as_str()
            } else {
                WILD
            };
            node = node.children.entry(key.to_string()).or_default();
        }
        node.clusters.push(c);
    }

    /// Add a sequence; returns its cluster's index.
    pub fn add(&mut self, toks: &[String]) -> usize {
        match self.search(toks) {
            Some(c) => {
                let tpl = &mut self.templates[c];
                for (a, b) in tpl.iter_mut().zip(toks) {
                    if a != b {
                        *a = WILD.to_string();
                    }
                }
                c
            }
            None => {
                let c = self.templates.len();
                self.templates.push(toks.to_vec());
                self.insert(c);
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

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn depth_counts_leading_tokens_as_the_reference_does() {
        // Depth 4: one leading token, so two messages sharing only their first word meet in one
        // leaf and merge when half their tokens agree; depth 5 keeps them apart by the second.
        let lines = ["Failed password for root", "Failed publickey for root"];
        let mut four = Drain::new(Params { depth: 4, ..Params::default() });
        let mut five = Drain::new(Params { depth: 5, ..Params::default() });
        let g4: Vec<usize> = lines.iter().map(|l| four.add(&words(l))).collect();
        let g5: Vec<usize> = lines.iter().map(|l| five.add(&words(l))).collect();
        assert_eq!(g4[0], g4[1]);
        assert_eq!(four.templates[g4[0]].join(" "), "Failed <*> for root");
        assert_ne!(g5[0], g5[1]);
    }

    #[test]
    fn a_new_leading_word_is_searched_under_the_wildcard_branch() {
        // The first message's leading token has a digit, so its cluster hangs under `<*>`; a
        // message whose leading word has no branch of its own is searched there, as the
        // reference does, and joins it.
        let mut d = Drain::new(Params { depth: 4, ..Params::default() });
        let a = d.add(&words("node42 link down on port 7"));
        let b = d.add(&words("nodeX link down on port 9"));
        assert_eq!(a, b);
        assert_eq!(d.templates[a].join(" "), "<*> link down on port <*>");
    }

    #[test]
    fn messages_with_other_error_codes_stay_apart() {
        let toks = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let mut d = Drain::new(Params::default());
        let a = d.add(&toks("ORA-210000 Oracle Error: ORA-00942: failed (iRc=<*>)"));
        let b = d.add(&toks("ORA-210000 Oracle Error: ORA-01017: failed (iRc=<*>)"));
        let c = d.add(&toks("ORA-210000 Oracle Error: ORA-00942: refused (iRc=<*>)"));
        assert_ne!(a, b);
        assert_eq!(a, c);
        let mut r = Drain::new(Params { codes_apart: false, ..Params::default() });
        let a = r.add(&toks("ORA-210000 Oracle Error: ORA-00942: failed (iRc=<*>)"));
        assert_eq!(a, r.add(&toks("ORA-210000 Oracle Error: ORA-01017: failed (iRc=<*>)")));
    }
}
