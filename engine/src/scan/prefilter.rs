//! Which lines are candidates: the literals of every symptom, in up to three classes built
//! once per run: long exact literals behind a sampling filter (sampled.rs), short exact ones
//! in an automaton, and case-ignoring ones in an automaton of their own.

use super::sampled::Sampled;
use super::*;
use crate::pack::LiteralSearch;

/// What the scanner needs to know about every symptom of every rule, built once per run.
pub struct Prefilter {
    pub(super) symptoms: Vec<SymRef>,
    /// Per symptom: do the lines that give its events belong to its rule (`Symptom::claims_lines`)?
    pub(super) claims: Vec<bool>,
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
    /// The same over pieces of exact literals, in the packed SIMD searcher (Teddy) of a chosen
    /// variant (see `Literals::build`).
    Packed(aho_corasick::packed::Searcher),
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
            Finder::Packed(p) => {
                p.find_in(hay, aho_corasick::Span::from(from.min(hay.len())..hay.len())).map(|m| m.start())
            }
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
        // The automaton that names the literals on a candidate line walks the whole line,
        // byte by byte: a full DFA (one table lookup a byte) rather than the default for
        // more than a hundred patterns, a contiguous NFA that follows failure links (on a
        // busy symptom's lines that walk was 12% of the time).
        let b = |kind| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(kind)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(patterns)
                .ok()
        };
        if how == LiteralSearch::Sampled {
            let f = Sampled::new(patterns.iter().map(String::as_bytes))?;
            return Some(Literals { find: Finder::Sampled(f), all: b(MatchKind::Standard)?, owners });
        }
        if how == LiteralSearch::Automaton && patterns.iter().all(|p| p.len() <= TINY) {
            let fs = patterns.iter().map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned()).collect();
            return Some(Literals { find: Finder::Tiny(fs), all: b(MatchKind::Standard)?, owners });
        }
        // The finder only proposes lines (the overlapping automaton then names the literals on
        // them), so it may look for any piece of each literal: the piece from its rarest three
        // bytes on. The packed SIMD searcher (Teddy) tests the first three bytes of every
        // pattern at every position and verifies each position they pass, so a literal that
        // starts like every line (`login` and the `log` of `info log ...`) would make every
        // line a candidate. Case variants of one word often share their piece (`ogin`).
        let pieces = rare_pieces(patterns, fold);
        // Past 64 literals the packed SIMD searcher (Teddy) no longer applies and the default
        // NFA walks every byte through pointer-chasing states; a full DFA (a few MiB for
        // hundreds of literals) scans the same bytes about 1.6x faster (cli/examples/acbench.rs).
        // Up to 64 pieces, the packed searcher's wide variant (16 buckets, Fat Teddy) even when
        // fewer would pick the narrow one (8 buckets): a position passes when its three bytes
        // are each among those of some pattern of a bucket, so more buckets hold fewer
        // patterns each and let fewer positions through to verification.
        if !fold && pieces.len() <= 64 {
            let packed = aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .only_teddy_fat(Some(true))
                .builder()
                .extend(&pieces)
                .build();
            if let Some(p) = packed {
                return Some(Literals { find: Finder::Packed(p), all: b(MatchKind::Standard)?, owners });
            }
        }
        let find = Finder::Automaton(if pieces.len() > 64 {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&pieces)
                .ok()?
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .match_kind(MatchKind::LeftmostFirst)
                .build(&pieces)
                .ok()?
        });
        Some(Literals { find, all: b(MatchKind::Standard)?, owners })
    }
}

/// How common a trigram is in log text: its rank among the most frequent ones of the shipped
/// fixtures (0 the most frequent), or None when it is not among them (rare).
fn trigram_rank(t: &[u8]) -> Option<usize> {
    static RANKS: std::sync::OnceLock<std::collections::HashMap<[u8; 3], usize>> = std::sync::OnceLock::new();
    let ranks = RANKS.get_or_init(|| super::trigrams::COMMON.iter().enumerate().map(|(i, t)| (*t, i)).collect());
    let key: [u8; 3] = t.try_into().ok()?;
    ranks.get(&key).copied()
}

/// For each literal, the piece the finder searches: from the start of its rarest trigram (the
/// first such, a rare one being any not among the common ones) to its end; then pieces that
/// hold another piece are dropped (the other finds their lines too). Literals shorter than
/// three bytes or holding a line break are kept whole. With `fold`, trigrams are compared in
/// lower case both ways (the corpus ranks are case-sensitive: the lowest rank of the variants).
fn rare_pieces(patterns: &[String], fold: bool) -> Vec<Vec<u8>> {
    let rank = |w: &[u8]| -> usize {
        let r = if fold {
            let lo = w.to_ascii_lowercase();
            let up = w.to_ascii_uppercase();
            [trigram_rank(w), trigram_rank(&lo), trigram_rank(&up)].into_iter().flatten().min()
        } else {
            trigram_rank(w)
        };
        // Rare first: an unknown trigram beats every common one, then the less common.
        r.map_or(0, |r| usize::MAX - r)
    };
    let mut pieces: Vec<Vec<u8>> = patterns
        .iter()
        .map(|p| {
            let b = p.as_bytes();
            if b.len() < 3 || b.contains(&b'\n') {
                return b.to_vec();
            }
            let start = (0..=b.len() - 3).min_by_key(|&i| rank(&b[i..i + 3])).unwrap_or(0);
            b[start..].to_vec()
        })
        .collect();
    let norm = |v: &[u8]| if fold { v.to_ascii_lowercase() } else { v.to_vec() };
    pieces.sort_by_key(|v| (v.len(), norm(v)));
    pieces.dedup_by_key(|v| norm(v));
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for p in pieces {
        let n = norm(&p);
        if !kept.iter().any(|k| memchr::memmem::find(&n, &norm(k)).is_some()) {
            kept.push(p);
        }
    }
    kept
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Prefilter {
        let mut symptoms = Vec::new();
        let mut claims = Vec::new();
        // (patterns, owners) for short exact, folded and long exact literals.
        let mut classes: [(Vec<String>, Vec<Vec<usize>>); 4] = Default::default();
        // Where each (class, literal) already is: a whole KB of rules shares many literals.
        let mut seen: std::collections::HashMap<(usize, &str), usize> = std::collections::HashMap::new();
        let mut fallback = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            for (si, s) in r.symptoms.iter().enumerate() {
                let g = symptoms.len();
                symptoms.push(SymRef { rule: ri, symptom: si });
                claims.push(s.claims_lines);
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
        Prefilter {
            symptoms,
            claims,
            long,
            exact,
            tiny,
            folded,
            fallback,
            fallback_set,
            words: crate::triage::Words::new(),
        }
    }

    /// Every class of literals.
    pub(super) fn classes(&self) -> impl Iterator<Item = &Literals> {
        self.long.iter().chain(self.exact.iter()).chain(self.tiny.iter()).chain(self.folded.iter())
    }

    pub(super) fn owners(&self) -> impl Iterator<Item = &Vec<usize>> {
        self.classes().flat_map(|l| l.owners.iter())
    }
}

#[cfg(test)]
mod rare_piece_tests {
    use super::rare_pieces;

    fn pieces(p: &[&str], fold: bool) -> Vec<String> {
        let v: Vec<String> = p.iter().map(|s| s.to_string()).collect();
        rare_pieces(&v, fold).into_iter().map(|b| String::from_utf8(b).unwrap()).collect()
    }

    #[test]
    fn a_literal_is_searched_from_its_rarest_trigram() {
        // `log` opens every nlserver line (`info log ...`): not where `login` is searched from.
        let p = pieces(&["login", "Login", "logon", "_rt"], false);
        assert!(p.iter().all(|x| !x.starts_with("log") && !x.starts_with("Log")), "{p:?}");
        // Every literal is still found through some piece it holds.
        for lit in ["login", "Login", "logon", "_rt"] {
            assert!(p.iter().any(|x| lit.contains(x.as_str())), "{lit} in {p:?}");
        }
        // Short and multi-line literals are kept whole.
        assert_eq!(pieces(&["ab"], false), vec!["ab"]);
        assert_eq!(pieces(&["a\nbcdef"], false), vec!["a\nbcdef"]);
    }

    #[test]
    fn pieces_that_hold_another_are_dropped() {
        // `uploading` holds `upload`'s piece whatever it is: one pattern for both.
        let p = pieces(&["upload", "uploading", "Uploading"], false);
        assert!(p.len() <= 2, "{p:?}");
        let p = pieces(&["Upload", "upload"], true);
        assert_eq!(p.len(), 1, "{p:?}");
    }
}
