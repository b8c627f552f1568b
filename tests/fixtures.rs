//! Every fixture case of every pack under rules/: the case's rule must end in the expected
//! outcome, and the rendered report must equal the reviewed snapshot beside the case
//! (`<case>/report.snap`). All cases run; the failures are listed together at the end.

use kbdiag::fixture;
use std::path::{Path, PathBuf};

fn packs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("rules/ folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn every_pack_loads_cleanly() {
    for p in packs() {
        let set = fixture::load_pack(&p);
        let errs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
        assert!(errs.is_empty(), "{}:\n{}", p.display(), errs.join("\n"));
        assert!(!set.rules.is_empty(), "{} has no rules", p.display());
    }
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_case() {
    for p in packs() {
        let set = fixture::load_pack(&p);
        let cases = fixture::discover(&p).expect("cases");
        for r in &set.rules {
            let mine: Vec<_> =
                cases.iter().filter(|c| set.find(&c.def.rule).first().is_some_and(|x| x.id == r.id)).collect();
            assert!(
                mine.iter().any(|c| c.def.expect == "confirmed" || c.def.expect == "possible"),
                "rule {} ({}) has no case that must fire",
                r.id,
                r.kb.article
            );
            assert!(
                mine.iter().any(|c| c.def.expect == "not_matched" || c.def.expect == "ruled_out"),
                "rule {} ({}) has no case that must not fire",
                r.id,
                r.kb.article
            );
        }
    }
}

#[test]
fn fixture_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for p in packs() {
        let set = fixture::load_pack(&p);
        for case in fixture::discover(&p).expect("cases") {
            count += 1;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let run = fixture::run(&set, &case).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(
                    run.outcome.as_str(),
                    case.def.expect,
                    "case {}: outcome {} but expected {}\n{}",
                    case.name,
                    run.outcome.as_str(),
                    case.def.expect,
                    run.text
                );
                let mut s = insta::Settings::clone_current();
                s.set_snapshot_path(case.dir.canonicalize().unwrap_or(case.dir.clone()));
                s.set_prepend_module_to_snapshot(false);
                s.set_omit_expression(true);
                s.set_description(format!("{}: {}", case.name, case.def.description.trim()));
                s.bind(|| insta::assert_snapshot!("report", run.text));
            }));
            if result.is_err() {
                failures.push(case.name.clone());
            }
        }
    }
    assert!(count > 0, "no fixture cases found");
    assert!(failures.is_empty(), "failing fixture cases: {}", failures.join(", "));
}
