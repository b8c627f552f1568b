//! The shipped packs together, as `kbdiag diagnose` loads them: ordinary traffic of both
//! products stays quiet, and overlapping rules rank the root cause first.

use kbdiag::embedded;
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::scan::ScanOptions;
use std::path::Path;

fn all_packs() -> RuleSet {
    let set = embedded::rule_set();
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    set
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus").join(name).display().to_string()
}

#[test]
fn every_pack_is_embedded() {
    let set = all_packs();
    let names: Vec<&str> = set.packs.iter().map(|(m, _)| m.name.as_str()).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("pack.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(names, on_disk);
    assert!(names.contains(&"adobe-campaign") && names.contains(&"postgresql"));
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

/// Findings and ruled-out entries as JSON, for comparing runs.
fn verdicts(r: &kbdiag_engine::report::Report) -> String {
    let mut inputs: Vec<String> = r
        .inputs
        .iter()
        .map(|i| format!("{} {} {} {:?} {:?} {}", i.path, i.events, i.skipped, i.first, i.last, i.bytes))
        .collect();
    inputs.sort();
    format!(
        "{}\n{}\n{}",
        serde_json::to_string_pretty(&r.findings).unwrap(),
        serde_json::to_string_pretty(&r.ruled_out).unwrap(),
        inputs.join("\n")
    )
}

#[test]
fn results_do_not_depend_on_threads_file_order_or_splitting() {
    let set = all_packs();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let paths: Vec<String> =
        ["examples/ka-05406/rt1/web.log", "examples/ka-05406/marketing/wfserver.log", "tests/corpus/clean"]
            .iter()
            .map(|p| base.join(p).display().to_string())
            .collect();
    let reference =
        verdicts(&kbdiag_engine::diagnose(&set, &paths, &ScanOptions { threads: 1, ..Default::default() }).report);
    assert!(reference.contains("KA-05406"), "the reference run must find something to compare");
    let reversed: Vec<String> = paths.iter().rev().cloned().collect();
    for (threads, order, split) in [(2, &paths, 0), (4, &reversed, 0), (1, &paths, 4096), (3, &reversed, 1000)] {
        let opts = ScanOptions { threads, split_bytes: split, ..Default::default() };
        let got = verdicts(&kbdiag_engine::diagnose(&set, order, &opts).report);
        assert_eq!(got, reference, "threads {threads}, split {split}");
    }
}

#[test]
fn continuation_lines_keep_their_record_time_across_split_seams() {
    // A PostgreSQL deadlock whose detail continues on tab-indented lines, repeated so that
    // some records straddle the seams of a small split.
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    for i in 0..200 {
        log.push_str(&format!("2024-06-12 10:{:02}:{:02}.000 UTC [20114] ERROR:  deadlock detected\n", i / 60, i % 60));
        log.push_str("\tProcess 20109 waits for ShareLock on transaction 884210; blocked by process 20114.\n");
    }
    std::fs::write(dir.path().join("postgresql.log"), &log).unwrap();
    let mut files = vec![("pack.yaml".to_string(), "name: t\nversion: 0.0.1\n".to_string())];
    files.push((
        "formats/pg.yaml".into(),
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/postgresql/formats/postgresql.yaml"),
        )
        .unwrap(),
    ));
    files.push((
        "rules/r.yaml".into(),
        "id: waits\nkb: {article: T-1}\ntitle: t\nsymptoms:\n  waits: {contains: ['waits for ShareLock']}\nrequire: waits\ntext: {cause: c, steps: [s]}\n".into(),
    ));
    let mut set = RuleSet::default();
    set.add(kbdiag_engine::pack::PackFiles { origin: "t".into(), files });
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let paths = [dir.path().display().to_string()];
    let whole = kbdiag_engine::diagnose(&set, &paths, &ScanOptions::default());
    let split =
        kbdiag_engine::diagnose(&set, &paths, &ScanOptions { split_bytes: 700, threads: 2, ..Default::default() });
    let times = |r: &kbdiag_engine::Run| -> Vec<(u64, Option<i64>)> {
        r.rules[0].hits[0].iter().map(|e| (e.line, e.time.map(|t| t.utc_ms))).collect()
    };
    assert_eq!(times(&whole).len(), 200);
    assert!(times(&whole).iter().all(|(_, t)| t.is_some()));
    assert_eq!(times(&split), times(&whole));
}

/// The miner gives a continuation line its record's time across the seams of a split file too
/// (hostile tester W: in a 35 MB log, the `Caused by:` lines of one stack trace past the middle
/// had no time): the templates, their counts, times and histograms are the same whole or split.
#[test]
fn unexplained_continuation_lines_keep_their_record_time_across_split_seams() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    for i in 0..40 {
        log.push_str(&format!("2024-06-12 10:{:02}:{:02},123 ERROR [main] app - request failed\n", i, i % 60));
        for k in 0..30 {
            log.push_str(&format!("\tat com.example.Pkg.method{k}(File.java:{k})\n"));
            if k % 10 == 9 {
                log.push_str(&format!("Caused by: com.example.Sync{k}Exception: connection reset\n"));
            }
        }
    }
    std::fs::write(dir.path().join("app.log"), &log).unwrap();
    let set = all_packs();
    let paths = [dir.path().display().to_string()];
    let run = |split_bytes: u64, threads: usize| {
        let opts = ScanOptions { split_bytes, threads, mine: true, ..Default::default() };
        kbdiag_engine::diagnose(&set, &paths, &opts)
            .report
            .unexplained
            .iter()
            .map(|u| (u.template.clone(), u.count, u.first.clone(), u.last.clone(), u.histogram.clone()))
            .collect::<Vec<_>>()
    };
    let whole = run(0, 1);
    // Three exception classes (`Sync9Exception`, `Sync19Exception`, `Sync29Exception`): three
    // templates, as two classes are two problems.
    let caused: Vec<_> = whole.iter().filter(|u| u.0.starts_with("Caused by")).collect();
    assert_eq!(caused.len(), 3, "{whole:#?}");
    for c in caused {
        assert_eq!(
            (c.1, c.2.as_deref(), c.3.as_deref()),
            (40, Some("2024-06-12T10:00:00.123Z"), Some("2024-06-12T10:39:39.123Z")),
            "{whole:#?}"
        );
    }
    for (split, threads) in [(700, 2), (4096, 3), (50_000, 2)] {
        assert_eq!(run(split, threads), whole, "split {split}");
    }
}
