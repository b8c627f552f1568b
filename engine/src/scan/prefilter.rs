//! Which lines are candidates: the literals of every symptom, in up to three classes built
//! once per run: long exact literals behind a sampling filter (sampled.rs), short exact ones
//! in an automaton, and case-ignoring ones in an automaton of their own.

use super::sampled::Sampled;
use super::*;
use crate::pack::LiteralSearch;

/// What the scanner needs to know about every symptom of every rule, built once per run.
pub struct Prefilter {
    pub(super) symptoms: Vec<SymRef>,
    /// Literals searched exactly as written: the long ones (most of them) by sampling ...
    pub(super) long: Option<Literals>,
    /// ... the short ones by an automaton, the one- and two-byte ones by memchr ...
    pub(super) exact: Option<Literals>,
    pub(super) tiny: Option<Literals>,
    /// ... and those searched ignoring ASCII case (`(?i)` symptoms, `case: insensitive`), in
    /// an automaton of their own so that a few of them do not slow the others.
    pub(super) folded: Option<Literals>,
    /// Symptoms without a usable literal: checked on every line of their sources ...
    pub(super) fallback: Vec<usize>,
    /// ... through one bounded regex set over their patterns, which says on each line which of
    /// them can match (None when the set would be too big: then each regex runs).
    pub(super) fallback_set: Option<regex::bytes::RegexSet>,
    /// The error words that make a line worth mining (`ScanOptions::mine`).
    pub(super) words: crate::triage::Words,
}

/// One class of literals: a finder that proposes candidate lines fast, and an overlapping
/// automaton that, on a candidate line only, names every literal present (literals may
/// overlap, and each can own different symptoms).
pub(super) struct Literals {
    pub(super) find: Finder,
    pub(super) all: AhoCorasick,
    /// For each pattern: the symptoms (global indexes) that own that literal.
    pub(super) owners: Vec<Vec<usize>>,
}

/// How a class of literals finds its candidate lines.
pub(super) enum Finder {
    /// A leftmost-first automaton: every hit is a literal (it can use the packed SIMD
    /// searcher up to 64 literals).
    Automaton(AhoCorasick),
    /// Long exact literals: a sampling filter checked exactly; a hit lies inside a literal,
    /// not always at its start (sampled.rs).
    Sampled(Sampled),
    /// Exact literals of one or two bytes (`@`, `| `), each searched by itself with memchr's
    /// SIMD search: in a packed automaton they would make every byte a candidate.
    Tiny(Vec<memchr::memmem::Finder<'static>>),
}

impl Finder {
    /// A position inside an occurrence of a literal of the class that starts at or after
    /// `from` (so inside the line that holds it), or None.
    #[inline]
    pub(super) fn candidate(&self, hay: &[u8], from: usize) -> Option<usize> {
        match self {
            Finder::Automaton(ac) => ac.find(aho_corasick::Input::new(hay).range(from..)).map(|m| m.start()),
            Finder::Sampled(f) => f.candidate(hay, from),
            Finder::Tiny(fs) => fs.iter().filter_map(|f| f.find(&hay[from.min(hay.len())..])).min().map(|i| from + i),
        }
    }

    /// The starts of every occurrence of a tiny literal in `hay`, in order (each literal
    /// searched once over the region, not again from every candidate).
    pub(super) fn tiny_starts(&self, hay: &[u8]) -> Option<Vec<usize>> {
        let Finder::Tiny(fs) = self else { return None };
        let mut v: Vec<usize> = fs.iter().flat_map(|f| f.find_iter(hay)).collect();
        v.sort_unstable();
        Some(v)
    }
}

/// Exact literals this short or shorter get a class of their own ([`Finder::Tiny`]).
const TINY: usize = 2;

impl Literals {
    fn build(patterns: &[String], owners: Vec<Vec<usize>>, how: LiteralSearch) -> Option<Literals> {
        if patterns.is_empty() {
            return None;
        }
        let fold = how == LiteralSearch::AutomatonIgnoringCase;
        let b = |kind| AhoCorasickBuilder::new().ascii_case_insensitive(fold).match_kind(kind).build(patterns).ok();
        if how == LiteralSearch::Sampled {
            let f = Sampled::new(patterns.iter().map(String::as_bytes))?;
            return Some(Literals { find: Finder::Sampled(f), all: b(MatchKind::Standard)?, owners });
        }
        if how == LiteralSearch::Automaton && patterns.iter().all(|p| p.len() <= TINY) {
            let fs = patterns.iter().map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned()).collect();
            return Some(Literals { find: Finder::Tiny(fs), all: b(MatchKind::Standard)?, owners });
        }
        // Past 64 literals the packed SIMD searcher (Teddy) no longer applies and the default
        // NFA walks every byte through pointer-chasing states; a full DFA (a few MiB for
        // hundreds of literals) scans the same bytes about 1.6x faster (cli/examples/acbench.rs).
        let find = Finder::Automaton(if patterns.len() > 64 {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns)
                .ok()?
        } else {
            b(MatchKind::LeftmostFirst)?
        });
        Some(Literals { find, all: b(MatchKind::Standard)?, owners })
    }
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut symptoms = Vec::new();
        // (patterns, owners) for short exact, folded and long exact literals.
        let mut classes: [(Vec<String>, Vec<Vec<usize>>); 4] = Default::default();
        // Where each (class, literal) already is: a whole KB of rules shares many literals.
        let mut seen: std::collections::HashMap<(usize, &str), usize> = std::collections::HashMap::new();
        let mut fallback = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (si, s) in r.symptoms.iter().enumerate() {
                let g = symptoms.len();
                symptoms.push(SymRef { rule: ri, symptom: si });
                if s.literals.is_empty() {
                    fallback.push(g);
                }
                for lit in &s.literals {
                    let class = match LiteralSearch::of(lit, s.literal_ci) {
                        LiteralSearch::Automaton if lit.len() <= TINY => 3,
                        LiteralSearch::Automaton => 0,
                        LiteralSearch::AutomatonIgnoringCase => 1,
                        LiteralSearch::Sampled => 2,
                    };
                    let (patterns, owners) = &mut classes[class];
                    let i = *seen.entry((class, lit.as_str())).or_insert_with(|| {
                        patterns.push(lit.clone());
                        owners.push(Vec::new());
                        patterns.len() - 1
                    });
                    owners[i].push(g);
                }
            }
        }
        let [(pe, oe), (pf, of), (pl, ol), (pt, ot)] = classes;
        let exact = Literals::build(&pe, oe, LiteralSearch::Automaton);
        let tiny = Literals::build(&pt, ot, LiteralSearch::Automaton);
        let folded = Literals::build(&pf, of, LiteralSearch::AutomatonIgnoringCase);
        let long = Literals::build(&pl, ol, LiteralSearch::Sampled);
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
        Prefilter { symptoms, long, exact, tiny, folded, fallback, fallback_set, words: crate::triage::Words::new() }
    }

    /// Every class of literals.
    pub(super) fn classes(&self) -> impl Iterator<Item = &Literals> {
        self.long.iter().chain(self.exact.iter()).chain(self.tiny.iter()).chain(self.folded.iter())
    }

    pub(super) fn owners(&self) -> impl Iterator<Item = &Vec<usize>> {
        self.classes().flat_map(|l| l.owners.iter())
    }
}
