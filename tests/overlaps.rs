//! Rules that share an error code (`XTK-170006`, `PGS-220000` ...) or a literal text
//! ("recipient is not defined") but name different causes
//! must not both claim the same incident: on each one's must-fire fixture, the other either
//! stays silent (a condition tells them apart) or one `supersedes` the other (the report folds
//! it under the root cause). Every such pair is also shown apart by at least one fixture.

mod common;
use kbdiag::fixture;
use kbdiag_engine::judge::Outcome;
use kbdiag_engine::scan::ScanOptions;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn rules_sharing_an_error_code_are_told_apart_or_ranked() {
    let code = regex::Regex::new(r"\b[A-Z]{3}-\d{6}\b").unwrap();
    let mut pairs_seen = 0;
    let mut failures = Vec::new();
    for pack in common::pack_dirs() {
        let set = fixture::load_pack(&pack);
        assert!(set.errors.is_empty(), "{}: {:?}", pack.display(), set.errors);
        // Error code → rules whose symptoms mention it.
        let mut by_code: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (ri, r) in set.rules.iter().enumerate() {
            for s in &r.symptoms {
                let texts = s.literals.iter().cloned().chain(s.regex.as_ref().map(|x| x.as_str().to_string()));
                for t in texts {
                    for c in code.find_iter(&t) {
                        by_code.entry(c.as_str().to_string()).or_default().insert(ri);
                    }
                }
                // The literal texts themselves, when long enough to name one error.
                for l in s.literals.iter().filter(|l| l.len() >= 12) {
                    by_code.entry(l.clone()).or_default().insert(ri);
                }
            }
        }
        let ranked = |a: usize, b: usize| {
            let (ra, rb) = (&set.rules[a], &set.rules[b]);
            let names = |r: &kbdiag_engine::pack::Rule, other: &kbdiag_engine::pack::Rule| {
                r.supersedes
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&other.id) || k.eq_ignore_ascii_case(&other.kb.article))
            };
            names(ra, rb) || names(rb, ra)
        };
        let cases = fixture::discover(&pack).unwrap();
        // Outcomes of every rule on every case, computed once per case.
        let mut outcome_on: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
        for case in &cases {
            let bundle = case.dir.join("bundle").display().to_string();
            let mut opts = ScanOptions { year: case.def.year, params: case.def.params.clone(), ..Default::default() };
            if let Some(tz) = &case.def.tz {
                opts.zone = kbdiag_engine::time::Zone::parse(tz).unwrap();
            }
            let run = kbdiag_engine::diagnose(&set, &[bundle], &opts);
            outcome_on.insert(case.name.clone(), run.rules.iter().map(|r| r.outcome).collect());
        }
        let fires = |o: Outcome| matches!(o, Outcome::Confirmed | Outcome::Possible);
        let owner = |case: &fixture::Case| {
            set.find(&case.def.rule).first().and_then(|r| set.rules.iter().position(|x| x.id == r.id))
        };
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for rules in by_code.values() {
            let v: Vec<usize> = rules.iter().copied().collect();
            for i in 0..v.len() {
                for j in i + 1..v.len() {
                    pairs.insert((v[i], v[j]));
                }
            }
        }
        // A rule whose own problem the case's bundle holds too (`also`: a real log of several
        // incidents) claims another incident, not this one.
        let also = |case: &fixture::Case, x: usize| {
            let r = &set.rules[x];
            case.def.also.iter().any(|k| k.eq_ignore_ascii_case(&r.id) || k.eq_ignore_ascii_case(&r.kb.article))
        };
        // Any two rules that both fire on a must-fire case of either also claim one incident.
        for case in &cases {
            let Some(o) = owner(case) else { continue };
            let outs = &outcome_on[&case.name];
            if !fires(outs[o]) {
                continue;
            }
            for (x, &ox) in outs.iter().enumerate() {
                if x != o && fires(ox) && !also(case, x) {
                    pairs.insert((o.min(x), o.max(x)));
                }
            }
        }
        for &(a, b) in &pairs {
            pairs_seen += 1;
            let (ra, rb) = (&set.rules[a], &set.rules[b]);
            let mut apart = false;
            for case in &cases {
                let Some(o) = owner(case) else { continue };
                if o != a && o != b {
                    continue;
                }
                let outs = &outcome_on[&case.name];
                let (oa, ob) = (outs[a], outs[b]);
                if fires(oa) != fires(ob) {
                    apart = true;
                }
                if fires(oa) && fires(ob) && !ranked(a, b) && !also(case, if o == a { b } else { a }) {
                    failures.push(format!(
                        "{} and {} both fire on {} and neither supersedes the other",
                        ra.kb.article, rb.kb.article, case.name
                    ));
                }
            }
            if !apart && !ranked(a, b) {
                failures.push(format!(
                    "{} and {}: no fixture shows one firing without the other",
                    ra.kb.article, rb.kb.article
                ));
            }
        }
    }
    assert!(pairs_seen >= 10, "only {pairs_seen} pairs of rules share an error code or text");
    assert!(failures.is_empty(), "{} overlap problem(s):\n{}", failures.len(), failures.join("\n"));
}
