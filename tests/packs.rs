//! The shipped packs together, as `kbdiag diagnose` loads them: ordinary traffic of both
//! products stays quiet, and overlapping rules rank the root cause first.

use kbdiag_engine::pack::{embedded, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use std::path::Path;

fn all_packs() -> RuleSet {
    let mut set = RuleSet::default();
    for p in embedded::packs() {
        set.add(p);
    }
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    set
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus").join(name).display().to_string()
}

#[test]
fn both_packs_are_embedded() {
    let set = all_packs();
    let names: Vec<&str> = set.packs.iter().map(|(m, _)| m.name.as_str()).collect();
    assert_eq!(names, ["adobe-campaign", "postgresql"]);
    assert!(set.rules.iter().filter(|r| r.pack == "adobe-campaign").count() >= 16);
    assert!(set.rules.iter().filter(|r| r.pack == "postgresql").count() >= 5);
}

#[test]
fn clean_logs_stay_quiet() {
    let set = all_packs();
    let run = kbdiag_engine::diagnose(&set, &[corpus("clean")], &ScanOptions::default());
    let r = &run.report;
    let fired: Vec<String> = r.findings.iter().map(|f| format!("{} {}", f.kb, f.outcome.as_str())).collect();
    assert!(fired.is_empty(), "rules fired on clean logs: {fired:?}");
    assert!(r.ruled_out.is_empty(), "{:?}", r.ruled_out);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // Every file was recognised, so the quiet is not from reading nothing.
    for i in &r.inputs {
        assert_ne!(i.format, "generic", "{} not recognised", i.path);
        assert!(i.events > 0 && i.warnings.is_empty(), "{i:?}");
    }
    assert_eq!(r.inputs.len(), 6);
}

#[test]
fn the_mcsync_deadlock_outranks_the_generic_postgresql_deadlock() {
    let set = all_packs();
    let run = kbdiag_engine::diagnose(&set, &[corpus("overlap-deadlock")], &ScanOptions::default());
    let f = &run.report.findings;
    assert_eq!(f.len(), 1, "{:?}", f.iter().map(|x| &x.rule).collect::<Vec<_>>());
    assert_eq!(f[0].kb, "KA-23471");
    assert_eq!(f[0].superseded.len(), 1);
    assert_eq!(f[0].superseded[0].rule, "pg-deadlock");
    // Without the marketing log, the PostgreSQL rule reports on its own.
    let only_db = format!("{}/db", corpus("overlap-deadlock"));
    let run = kbdiag_engine::diagnose(&set, &[only_db], &ScanOptions::default());
    assert_eq!(run.report.findings[0].rule, "pg-deadlock");
}
