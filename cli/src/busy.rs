//! Busy prefilter literals: how many lines of a pack's own fixture bundles each symptom's
//! prefilter literals are on, for `kbdiag lint`.
//!
//! A symptom's regex runs only on the lines that hold one of its literals (the prefilter,
//! `Symptom::literals`, derived by the engine from `contains` or the regex). A literal that is
//! on most lines of a log (`log`, the category column of every Adobe Campaign nlserver line)
//! turns every line into a candidate: KA-23188 once made 10 million candidate lines of a 1 GiB
//! benchmark and took 60 s instead of 1. The fixture bundles of a pack are realistic logs of
//! the formats it reads, so the share of their lines a literal is on says how busy it is.
//!
//! Only the lines a literal brings for nothing count against it: those the symptom's regex then
//! turns down. A literal on every line the regex matches is already as specific as the regex
//! (the workflow name `mcSynch_` of KA-05406's `sync_running`, whose regex takes every line of
//! that workflow): the fixtures written around that rule are full of such lines, and a more
//! specific literal would save nothing. A symptom without a regex makes an event of every
//! line that holds its `contains` text: all of them count.
//!
//! The fixture files are read as `kbdiag test` reads them: collected by the engine (archives,
//! compressed files, byte-for-byte copies read once), each given its format and role by the
//! engine (one run per set of case parameters, with the pack's formats and no rule), then
//! searched line by line with one Aho-Corasick automaton over every literal of the pack (one
//! more for the literals searched ignoring case): O(bytes + matches).

use crate::fixture;
use aho_corasick::AhoCorasick;
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::scan::ScanOptions;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

/// A literal is busy when the lines it brings to a symptom for nothing (lines that hold it
/// but that the symptom's regex turns down; without a regex, every line that holds it: each is
/// an event) are more than this share of the lines the symptom reads. A literal is meant to be
/// on the lines the symptom is about, a minority of any log even in fixtures written around the
/// rules' own incidents: in the shipped packs the most any literal brings for nothing is 17%
/// (`authentication failure; ` of LINUX-SSH-INVALID-USERS, on 25% of 1,082 syslog lines), while
/// a word of the line layout (`log`, `info`, a process name) is on nearly every line of its
/// format. Half leaves the shipped packs three times that margin and still catches a literal
/// long before it costs what KA-23188's did.
pub const BUSY_SHARE: f64 = 0.5;

/// Fewer lines than this of the formats a symptom reads say nothing: the few dozen lines of a
/// case written around one rule are mostly that rule's lines, so a pack of a few short cases
/// would warn on any text they share. Past 200 lines, more than 100 lines brought for nothing
/// are a pattern of the format, not of one case. Every symptom of the shipped packs reads 250
/// fixture lines or more but two, which read one role each (71 `mta` lines, 164 PostgreSQL
/// `debug` lines).
pub const MIN_LINES: u64 = 200;

/// Lines of the fixtures that hold a literal (or any of a symptom's literals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// Lines that hold it: candidate lines of the symptom.
    pub on: u64,
    /// Of those, the lines the symptom's regex turns down (all of them when it has no regex:
    /// each is an event).
    pub wasted: u64,
}

impl Seen {
    fn add(&mut self, o: Seen) {
        self.on += o.on;
        self.wasted += o.wasted;
    }
}

/// One symptom's figures over the fixture lines of the formats it reads.
#[derive(Debug, Clone)]
pub struct Share {
    /// Index of the rule in the set, and of the symptom in the rule.
    pub rule: usize,
    pub symptom: usize,
    /// Non-empty fixture lines of the formats (and roles) the symptom reads.
    pub lines: u64,
    /// Those formats (`format` or `format/role`), most lines first.
    pub formats: Vec<String>,
    /// Per literal of the symptom (same order as `Symptom::literals`).
    pub per_literal: Vec<Seen>,
    /// Any of its literals: the symptom's candidate lines.
    pub any: Seen,
}

impl Share {
    /// The literal that brings the most lines for nothing (then the most lines):
    /// (index in `Symptom::literals`, its figures).
    pub fn busiest(&self) -> Option<(usize, Seen)> {
        self.per_literal.iter().copied().enumerate().max_by_key(|&(i, n)| (n.wasted, n.on, std::cmp::Reverse(i)))
    }

    /// Enough lines, and more than [`BUSY_SHARE`] of them brought for nothing.
    pub fn busy(&self, n: Seen) -> bool {
        self.lines >= MIN_LINES && n.wasted as f64 > BUSY_SHARE * self.lines as f64
    }

    /// The busiest literal, when it alone is past the threshold.
    pub fn busy_literal(&self) -> Option<(usize, Seen)> {
        self.busiest().filter(|&(_, n)| self.busy(n))
    }

    /// Whether the literals together are past the threshold.
    pub fn busy_set(&self) -> bool {
        self.busy(self.any)
    }
}

/// Where a line was read: its format id (`generic` when no format took it) and role.
type Key = (String, Option<String>);

/// The fixture lines of the pack at `pack_dir`, by the format and role the engine gives their
/// file.
struct Lines {
    /// Per (format, role): the bytes of each file read that way.
    files: BTreeMap<Key, Vec<Vec<u8>>>,
}

fn fixture_lines(pack_dir: &Path) -> Lines {
    let mut files: BTreeMap<Key, Vec<Vec<u8>>> = BTreeMap::new();
    let Ok(cases) = fixture::discover(pack_dir) else { return Lines { files } };
    // The formats a case is read with (the pack's and those of `formats_from`), no rule: the
    // run only says each file's format and role.
    let formats = fixture::load_formats(pack_dir);
    // A case's parameters can change the formats (`postgresql.prefix`): one run per set of them.
    let mut groups: BTreeMap<&BTreeMap<String, String>, Vec<String>> = BTreeMap::new();
    for c in &cases {
        let bundle = c.dir.join("bundle");
        if bundle.is_dir() {
            groups.entry(&c.def.params).or_default().push(bundle.display().to_string());
        }
    }
    // Copies of a file in several cases are read once (the engine compares bytes); across
    // parameter groups too.
    let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
    for (params, bundles) in groups {
        let opts = ScanOptions { params: params.clone(), ..ScanOptions::default() };
        let (inputs, _) = kbdiag_engine::input::collect_with(&bundles, opts.archive_limits);
        let run = kbdiag_engine::diagnose_inputs(&formats, inputs.clone(), Vec::new(), &opts);
        let how: HashMap<&str, &kbdiag_engine::report::InputSummary> =
            run.report.inputs.iter().map(|s| (s.path.as_str(), s)).collect();
        for input in &inputs {
            let Some(s) = how.get(input.display.as_str()) else { continue };
            // Not read as a log: binary, unreadable, a document (a KB article in the bundle).
            let document = s.warnings.iter().any(|w| w.code == kbdiag_engine::warning::Code::Document);
            if !s.readable || document || s.format == "binary" {
                continue;
            }
            let Ok(mut opened) = kbdiag_engine::input::open(input) else { continue };
            let mut bytes = Vec::new();
            if opened.reader.read_to_end(&mut bytes).is_err() {
                continue;
            }
            let hash = {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                h.finish()
            };
            if seen.insert(hash) {
                files.entry((s.format.clone(), s.role.clone())).or_default().push(bytes);
            }
        }
    }
    Lines { files }
}

/// The non-empty lines of a file (without their line ends).
fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
}

/// Every literal of the pack's symptoms, each once: the automata over them, and which
/// (rule, symptom, literal index) each pattern is.
struct Literals {
    exact: Option<AhoCorasick>,
    folded: Option<AhoCorasick>,
    /// Per pattern of `exact`, then of `folded` (offset by the exact count): its owners.
    owners: Vec<Vec<(usize, usize, usize)>>,
    n_exact: usize,
}

fn literals(set: &RuleSet) -> Literals {
    // (literal, ignoring case) → pattern number within its class.
    let mut exact: Vec<String> = Vec::new();
    let mut folded: Vec<String> = Vec::new();
    let mut at: HashMap<(String, bool), usize> = HashMap::new();
    let mut owners_exact: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let mut owners_folded: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    for (r, rule) in set.rules.iter().enumerate() {
        for (s, sym) in rule.symptoms.iter().enumerate() {
            for (k, lit) in sym.literals.iter().enumerate() {
                let (list, owners) =
                    if sym.literal_ci { (&mut folded, &mut owners_folded) } else { (&mut exact, &mut owners_exact) };
                let i = *at.entry((lit.clone(), sym.literal_ci)).or_insert_with(|| {
                    list.push(lit.clone());
                    owners.push(Vec::new());
                    list.len() - 1
                });
                owners[i].push((r, s, k));
            }
        }
    }
    let build = |pats: &[String], ci: bool| {
        (!pats.is_empty()).then(|| AhoCorasick::builder().ascii_case_insensitive(ci).build(pats).ok()).flatten()
    };
    let n_exact = exact.len();
    owners_exact.extend(owners_folded);
    Literals { exact: build(&exact, false), folded: build(&folded, true), owners: owners_exact, n_exact }
}

/// For each symptom of the pack's rules that has literals, the lines of its formats in the
/// pack's fixture bundles, and how many of them hold each literal and any of them.
pub fn shares(pack_dir: &Path, set: &RuleSet) -> Vec<Share> {
    let lits = literals(set);
    if lits.owners.is_empty() {
        return Vec::new();
    }
    let lines = fixture_lines(pack_dir);
    // Per (format, role): its lines, and per symptom whose literals are on some of them, the
    // figures per literal and for any literal.
    #[derive(Default)]
    struct Counts {
        lines: u64,
        symptoms: HashMap<(usize, usize), (Vec<Seen>, Seen)>,
    }
    let mut counts: BTreeMap<&Key, Counts> = BTreeMap::new();
    let mut found: Vec<usize> = Vec::new();
    let mut owned: Vec<(usize, usize, usize)> = Vec::new();
    for (key, files) in &lines.files {
        let c = counts.entry(key).or_default();
        for line in files.iter().flat_map(|f| lines_of(f)) {
            c.lines += 1;
            found.clear();
            for (ac, offset) in [(&lits.exact, 0), (&lits.folded, lits.n_exact)] {
                if let Some(ac) = ac {
                    found.extend(ac.find_overlapping_iter(line).map(|m| offset + m.pattern().as_usize()));
                }
            }
            if found.is_empty() {
                continue;
            }
            owned.clear();
            owned.extend(found.iter().flat_map(|&p| lits.owners[p].iter().copied()));
            owned.sort_unstable();
            owned.dedup();
            // The line as the scan gives it to a symptom's regex.
            let text = String::from_utf8_lossy(line);
            for group in owned.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
                let (r, s, _) = group[0];
                let sym = &set.rules[r].symptoms[s];
                let wasted = u64::from(sym.regex.as_ref().is_none_or(|re| !re.is_match(&text)));
                let seen = Seen { on: 1, wasted };
                let (per, any) = c
                    .symptoms
                    .entry((r, s))
                    .or_insert_with(|| (vec![Seen::default(); sym.literals.len()], Seen::default()));
                for &(_, _, k) in group {
                    per[k].add(seen);
                }
                any.add(seen);
            }
        }
    }
    let mut out = Vec::new();
    for (r, rule) in set.rules.iter().enumerate() {
        for (s, sym) in rule.symptoms.iter().enumerate() {
            if sym.literals.is_empty() {
                continue;
            }
            let read: Vec<(&Key, &Counts)> = counts
                .iter()
                .filter(|(k, c)| c.lines > 0 && sym.reads(&k.0, k.1.as_deref()))
                .map(|(k, c)| (*k, c))
                .collect();
            let mut by_format: BTreeMap<String, u64> = BTreeMap::new();
            let mut per_literal = vec![Seen::default(); sym.literals.len()];
            let mut any = Seen::default();
            for (k, c) in &read {
                // The role only where the symptom's sources name roles of that format.
                let with_role =
                    sym.sources.iter().any(|sel| sel.format.as_deref() == Some(k.0.as_str()) && sel.role.is_some());
                let name = match (&k.1, with_role) {
                    (Some(role), true) => format!("{}/{role}", k.0),
                    _ => k.0.clone(),
                };
                *by_format.entry(name).or_default() += c.lines;
                if let Some((per, a)) = c.symptoms.get(&(r, s)) {
                    per_literal.iter_mut().zip(per).for_each(|(x, y)| x.add(*y));
                    any.add(*a);
                }
            }
            let mut formats: Vec<(String, u64)> = by_format.into_iter().collect();
            formats.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            out.push(Share {
                rule: r,
                symptom: s,
                lines: read.iter().map(|(_, c)| c.lines).sum(),
                formats: formats.into_iter().map(|(f, _)| f).collect(),
                per_literal,
                any,
            });
        }
    }
    out
}

/// `4210` as `4,210`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4210), "4,210");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }
}
