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
    /// A leaf's clusters by the constant token each had at each position when it was made
    /// (position, then token): a template only ever turns constants into `<*>`, so a cluster
    /// that shares a constant with a sequence now is listed under it. A leaf can hold tens of
    /// thousands of clusters (messages whose first words are all different land under `<*>`),
    /// and comparing each new sequence with every one of them made mining quadratic (hostile
    /// tester T: 30,000 distinct lines took 35 s).
    postings: Vec<HashMap<String, Vec<usize>>>,
}

impl Node {
    /// The leaf's clusters that may reach `need` equal tokens with `toks`, in cluster order: a
    /// cluster with `need` equal constants among the `k` positions where `toks` is no wildcard
    /// shares one with any `k - need + 1` of them (pigeonhole), so the rarest such positions'
    /// lists hold every one. None when no cluster can reach `need`.
    fn candidates(&self, toks: &[String], need: usize) -> Option<Vec<usize>> {
        let mut lists: Vec<&[usize]> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.as_str() != WILD)
            .map(|(i, t)| self.postings.get(i).and_then(|m| m.get(t.as_str())).map_or(&[][..], Vec::as_slice))
            .collect();
        if need == 0 || lists.len() < need {
            return (need == 0).then(|| self.clusters.clone());
        }
        lists.sort_by_key(|l| l.len());
        let mut out: Vec<usize> = lists[..lists.len() - need + 1].iter().flat_map(|l| l.iter().copied()).collect();
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// The clusters found so far: a template each.
pub struct Drain {
    params: Params,
    root: HashMap<usize, Node>,
    pub templates: Vec<Vec<String>>,
    /// Leaves of up to this many clusters are searched whole (the lists cost more there).
    scan_all: usize,
}

/// A leading token that is variable: one with a digit, or the wildcard itself.
fn variable_key(t: &str) -> bool {
    t == WILD || t.bytes().any(|c| c.is_ascii_digit())
}

impl Drain {
    pub fn new(params: Params) -> Drain {
        Drain { params, root: HashMap::new(), templates: Vec::new(), scan_all: 64 }
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
        // The equal tokens a template needs to be similar enough (as the compare below
        // reckons it); a large leaf is searched only among the clusters that can have them.
        let sim_of = |same: usize| if toks.is_empty() { 1.0 } else { same as f64 / toks.len() as f64 };
        let need = (0..=toks.len()).find(|&s| sim_of(s) >= self.params.sim);
        let picked;
        let clusters: &[usize] = if node.clusters.len() <= self.scan_all {
            &node.clusters
        } else {
            picked = node.candidates(toks, need?)?;
            &picked
        };
        // The most similar template of the leaf (ties: the one with more wildcards, then the
        // oldest).
        let mut best: Option<(f64, usize, usize)> = None;
        for &c in clusters {
            let tpl = &self.templates[c];
            if self.params.codes_apart
                && tpl
                    .iter()
                    .zip(toks)
                    .enumerate()
                    .any(|(i, (a, b))| a != b && (apart(a, b) || names_the_limit(tpl, toks, i)))
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
            let sim = sim_of(same);
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
        node.postings.resize_with(toks.len(), HashMap::new);
        for (i, t) in toks.iter().enumerate().filter(|(_, t)| t.as_str() != WILD) {
            node.postings[i].entry(t.clone()).or_default().push(c);
        }
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

/// Does the word at `i` name which limit was hit, where the template and the message differ:
/// a plain word right before `timeout` or `exceeded` (`canceling statement due to lock timeout`
/// against `... statement timeout`, `disk quota exceeded` against `rate limit exceeded`: other
/// causes, with other remedies, hostile tester 10, 13). A wildcard there takes no such word
/// either, so that the result does not depend on which line came first. Numbers and ids before
/// those words are masked, and stay one template (`after <*> timeout`).
pub fn names_the_limit<S: AsRef<str>>(tpl: &[S], toks: &[S], i: usize) -> bool {
    let limit = |t: &str| {
        let t = t.trim_end_matches(|c: char| c.is_ascii_punctuation());
        ["timeout", "timeouts", "exceeded"].iter().any(|w| t.eq_ignore_ascii_case(w))
    };
    let plain = |t: &str| t.len() > 1 && t.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    // The word right before the limit, or the one before that when two words name it
    // (`disk quota exceeded`).
    let names = |k: usize| {
        toks.get(k).is_some_and(|t| limit(t.as_ref()))
            && tpl.get(k).map(AsRef::as_ref) == toks.get(k).map(AsRef::as_ref)
    };
    let plain_between =
        |k: usize| (i + 1..k).all(|j| plain(toks[j].as_ref()) && (tpl[j].as_ref() == WILD || plain(tpl[j].as_ref())));
    let (a, b) = (tpl[i].as_ref(), toks[i].as_ref());
    (i + 1..=i + 2).any(|k| names(k) && plain_between(k)) && plain(b) && (a == WILD || plain(a))
}

/// Do two tokens at the same place keep a message and a template apart (`codes_apart`): both
/// error codes (`ORA-00942`, `XSV-350122`, a kept status code `0x80070005`), or two words of
/// which one is an error word (`refused`, `reset`).
///
/// A wildcard against a status code or an error word keeps them apart too: a template whose place
/// became `<*>` from two plain words (`closed`, `dropped`) or a masked value (`retval 0x1`)
/// must not take `refused` or `0x80070005` there, or the result would depend on which line
/// came first (hostile tester T).
pub fn apart(a: &str, b: &str) -> bool {
    use super::mask::{is_code_word, WILD};
    let word = |t: &str| t.trim_matches(|c: char| c.is_ascii_punctuation()).chars().all(char::is_alphabetic);
    // (Not a product code: `DM1234` looks like one and is often an id; such codes stay
    // apart from each other only, as before.)
    use super::mask::is_named_constant as named;
    let marked = |t: &str| is_code_word(t) || (word(t) && super::error_word(t)) || named(t);
    if a == WILD || b == WILD {
        return a != b && marked(if a == WILD { b } else { a });
    }
    // A code against another word too: `SQLSTATE[]:` joined whichever code's line came first
    // (hostile tester 9, 8).
    (is_code_word(a) || is_code_word(b))
        || ((super::error_word(a) || super::error_word(b)) && word(a) && word(b))
        || (named(a) && named(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        super::super::mask::tokens(s)
    }

    /// Lines that differ only in a named constant (a signal, an errno name, an exception
    /// class) or a kept number (SQLSTATE, HTTP status) are two templates (hostile tester Z 8),
    /// while the same lines differing in a process id are one.
    #[test]
    fn named_constants_and_kept_numbers_stay_apart() {
        let pairs = [
            ("worker process 4411 exited on signal 9 (SIGKILL)", "worker process 4412 exited on signal 11 (SIGSEGV)"),
            ("query failed: SQLSTATE 40001", "query failed: SQLSTATE 23505"),
            ("handler threw java.lang.OutOfMemoryError", "handler threw java.lang.StackOverflowError"),
            ("errno=28 ENOSPC writing /var/lib/app/data", "errno=13 EACCES writing /var/lib/app/data"),
            (
                "request to payment-api returned HTTP 502 Bad Gateway",
                "request to payment-api returned HTTP 404 Not Found",
            ),
        ];
        for (x, y) in pairs {
            let mut d = Drain::new(Params::default());
            assert_ne!(d.add(&t(x)), d.add(&t(y)), "{x} / {y}");
        }
        let mut d = Drain::new(Params::default());
        let a = d.add(&t("worker process 4411 exited on signal 9 (SIGKILL)"));
        assert_eq!(a, d.add(&t("worker process 5012 exited on signal 9 (SIGKILL)")));
    }

    /// The word that names which limit was hit keeps two messages apart; a number or an id
    /// there does not (hostile tester 10, 13).
    #[test]
    fn the_word_naming_a_limit_keeps_messages_apart() {
        let pairs = [
            ("canceling statement due to lock timeout", "canceling statement due to statement timeout"),
            (
                "upload rejected: disk quota exceeded for tenant acme",
                "upload rejected: rate limit exceeded for tenant acme",
            ),
        ];
        for (x, y) in pairs {
            for (p, q) in [(x, y), (y, x)] {
                let mut d = Drain::new(Params::default());
                assert_ne!(d.add(&t(p)), d.add(&t(q)), "{p} / {q}");
            }
        }
        let mut d = Drain::new(Params::default());
        let a = d.add(&t("request aborted after 30s timeout on node-7"));
        assert_eq!(a, d.add(&t("request aborted after 45s timeout on node-9")));
        // Other words still merge as Drain merges them.
        let b = d.add(&t("Failed password for root from 1.2.3.4 port 22 ssh2"));
        assert_eq!(b, d.add(&t("Failed password for admin from 1.2.3.5 port 23 ssh2")));
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
        let a = d.add(&t("node42 link down on port 7"));
        let b = d.add(&t("nodeX link down on port 9"));
        assert_eq!(a, b);
        assert_eq!(d.templates[a].join(" "), "<*> link down on port <*>");
    }

    /// The lists of a large leaf find what comparing with every cluster finds, merge for merge:
    /// sequences of a few words drawn from small vocabularies (so that many clusters share
    /// tokens, merge and gain wildcards), with and without wildcards of their own.
    #[test]
    fn a_large_leaf_is_searched_by_its_lists_with_the_same_result() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for sim in [0.4, 0.5, 0.7, 1.0] {
            let params = Params { depth: 4, sim, ..Params::default() };
            let (mut fast, mut slow) = (Drain::new(params), Drain::new(params));
            slow.scan_all = usize::MAX;
            for _ in 0..4000 {
                let len = 3 + next(4) as usize;
                let toks: Vec<String> = (0..len)
                    .map(|i| match next(12) {
                        0 => WILD.to_string(),
                        // The leading token: a digit sends most of them under `<*>`.
                        _ if i == 0 => format!("k{}", next(3)),
                        v => format!("w{}{}", i, v % (2 + i as u64 * 2)),
                    })
                    .collect();
                assert_eq!(fast.add(&toks), slow.add(&toks), "{toks:?} at sim {sim}");
            }
            assert_eq!(fast.templates, slow.templates);
            assert!(fast.templates.len() > 200, "{} clusters: too few for large leaves", fast.templates.len());
        }
    }

    /// 30,000 messages of five random words (no two alike) in one leaf: linear, not quadratic.
    /// Counted in compares, not timed: each new message may look at the clusters that share
    /// a rare word with it, a handful, where all of them were compared before.
    #[test]
    fn distinct_messages_do_not_make_the_search_quadratic() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut word = move || {
            (0..7)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    char::from(b'a' + (x % 26) as u8)
                })
                .collect::<String>()
        };
        let mut d = Drain::new(Params::default());
        let mut looked = 0usize;
        for _ in 0..30_000 {
            let toks = vec![word(), word(), "failed".to_string(), word(), word(), word()];
            let node = {
                let mut node = d.root.get(&toks.len());
                for t in &toks[..d.levels(toks.len())] {
                    node = node.and_then(|n| n.children.get(t.as_str()).or_else(|| n.children.get(WILD)));
                }
                node
            };
            if let Some(n) = node.filter(|n| n.clusters.len() > d.scan_all) {
                looked += n.candidates(&toks, 3).map_or(0, |c| c.len());
            }
            d.add(&toks);
        }
        assert!(d.templates.len() > 29_000, "{}", d.templates.len());
        assert!(looked < 30_000, "{looked} clusters compared");
    }

    #[test]
    fn messages_with_other_error_codes_stay_apart() {
        let toks = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        // Another error word, another hex status code: apart too (hostile tester T).
        let (refused, reset, other_peer, hr1, hr2, alice, bob) = (
            "connection to <*> was refused by the peer",
            "connection to <*> was reset by the peer",
            "connection to <*> was refused by a peer",
            "Windows Update failed with error 0x800f081f",
            "Windows Update failed with error 0x80070005",
            "session of user alice closed",
            "session of user bob closed",
        );
        let mut d = Drain::new(Params::default());
        let a = d.add(&toks(refused));
        assert_ne!(a, d.add(&toks(reset)));
        assert_eq!(a, d.add(&toks(other_peer)));
        let x = d.add(&toks(hr1));
        assert_ne!(x, d.add(&toks(hr2)));
        // Other words that are no error words still merge.
        let u = d.add(&toks(alice));
        assert_eq!(u, d.add(&toks(bob)));
        // In any order: a place that became `<*>` from plain words takes no error word or
        // code (hostile tester T), so the groups do not depend on which line came first.
        let words = ["closed", "dropped", "refused", "reset"];
        let groups = |order: &[usize]| {
            let mut d = Drain::new(Params::default());
            let mut by: Vec<(usize, usize)> = order
                .iter()
                .map(|&i| (i, d.add(&toks(&format!("connection to db was {} by the peer", words[i])))))
                .collect();
            by.sort_unstable();
            // Which words share a group, as a partition of the word indexes.
            let ids: Vec<usize> = by.iter().map(|&(_, g)| g).collect();
            (0..4).map(|i| (0..4).filter(|&j| ids[j] == ids[i]).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        let first = groups(&[0, 1, 2, 3]);
        assert_eq!(first, groups(&[2, 3, 0, 1]));
        assert_eq!(first, groups(&[3, 2, 1, 0]));
        assert_eq!(first[2], [2], "refused stays alone: {first:?}");
        let mut d = Drain::new(Params::default());
        let masked = d.add(&toks("Update failed retval <*>"));
        assert_ne!(masked, d.add(&toks("Update failed retval 0x80070005")));
        // Without keeping them apart, all of these pairs merge (the cases are not idle).
        let mut r = Drain::new(Params { codes_apart: false, ..Params::default() });
        for (p, q) in [(refused, reset), (hr1, hr2)] {
            assert_eq!(r.add(&toks(p)), r.add(&toks(q)), "{p}");
        }
        let toks = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let mut d = Drain::new(Params::default());
        let a = d.add(&toks("ORA-210000 Oracle Error: ORA-00942: failed (iRc=<*>)"));
        let b = d.add(&toks("ORA-210000 Oracle Error: ORA-01017: failed (iRc=<*>)"));
        let c = d.add(&toks("ORA-210000 Oracle Error: ORA-00942: failed (rc=<*>)"));
        assert_ne!(a, b);
        assert_eq!(a, c);
        let mut r = Drain::new(Params { codes_apart: false, ..Params::default() });
        let a = r.add(&toks("ORA-210000 Oracle Error: ORA-00942: failed (iRc=<*>)"));
        assert_eq!(a, r.add(&toks("ORA-210000 Oracle Error: ORA-01017: failed (iRc=<*>)")));
    }
}
