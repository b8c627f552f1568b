//! Which lines are candidates: the literals of every symptom in one or two multi-literal
//! automatons, built once per run.

use super::*;

/// What the scanner needs to know about every symptom of every rule, built once per run.
pub struct Prefilter {
    pub(super) symptoms: Vec<SymRef>,
    /// Literals searched exactly as written (most of them) ...
    pub(super) exact: Option<Literals>,
    /// ... and those searched ignoring ASCII case (`(?i)` symptoms, `case: insensitive`), in
    /// an automaton of their own so that a few of them do not slow the others.
    pub(super) folded: Option<Literals>,
    /// Symptoms without a usable literal: checked on every line of their sources ...
    pub(super) fallback: Vec<usize>,
    /// ... through one bounded regex set over their patterns, which says on each line which of
    /// them can match (None when the set would be too big: then each regex runs).
    pub(super) fallback_set: Option<regex::bytes::RegexSet>,
}

/// One class of literals: a leftmost-first automaton that finds candidate lines fast (it can
/// use the packed SIMD searcher), and an overlapping one that, on a candidate line only, names
/// every literal present (literals may overlap, and each can own different symptoms).
pub(super) struct Literals {
    pub(super) find: AhoCorasick,
    pub(super) all: AhoCorasick,
    /// For each pattern: the symptoms (global indexes) that own that literal.
    pub(super) owners: Vec<Vec<usize>>,
}

impl Literals {
    fn build(patterns: &[String], owners: Vec<Vec<usize>>, fold: bool) -> Option<Literals> {
        if patterns.is_empty() {
            return None;
        }
        let b = |kind| AhoCorasickBuilder::new().ascii_case_insensitive(fold).match_kind(kind).build(patterns).ok();
        // Past 64 literals the packed SIMD searcher (Teddy) no longer applies and the default
        // NFA walks every byte through pointer-chasing states; a full DFA (a few MiB for
        // hundreds of literals) scans the same bytes about 1.6x faster (cli/examples/acbench.rs).
        let find = if patterns.len() > 64 {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns)
                .ok()?
        } else {
            b(MatchKind::LeftmostFirst)?
        };
        Some(Literals { find, all: b(MatchKind::Standard)?, owners })
    }
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut symptoms = Vec::new();
        // (patterns, owners) for exact and folded literals.
        let mut classes: [(Vec<String>, Vec<Vec<usize>>); 2] = Default::default();
        let mut fallback = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (si, s) in r.symptoms.iter().enumerate() {
                let g = symptoms.len();
                symptoms.push(SymRef { rule: ri, symptom: si });
                if s.literals.is_empty() {
                    fallback.push(g);
                }
                let (patterns, owners) = &mut classes[usize::from(s.literal_ci)];
                for lit in &s.literals {
                    match patterns.iter().position(|p| p == lit) {
                        Some(i) => owners[i].push(g),
                        None => {
                            patterns.push(lit.clone());
                            owners.push(vec![g]);
                        }
                    }
                }
            }
        }
        let [(pe, oe), (pf, of)] = classes;
        let exact = Literals::build(&pe, oe, false);
        let folded = Literals::build(&pf, of, true);
        let fallback_set = (!fallback.is_empty())
            .then(|| {
                let pats: Option<Vec<String>> = fallback
                    .iter()
                    .map(|&g: &usize| {
                        let s: &SymRef = &symptoms[g];
                        rules[s.rule].symptoms[s.symptom].regex.as_ref().map(|r| r.as_str().to_string())
                    })
                    .collect();
                regex::bytes::RegexSetBuilder::new(pats?).size_limit(8 << 20).dfa_size_limit(1 << 20).build().ok()
            })
            .flatten();
        Prefilter { symptoms, exact, folded, fallback, fallback_set }
    }

    pub(super) fn owners(&self) -> impl Iterator<Item = &Vec<usize>> {
        self.exact.iter().chain(self.folded.iter()).flat_map(|l| l.owners.iter())
    }
}
