//! Properties over generated input: where chunks and splits fall never changes what is found;
//! neither do file order, thread count, or whether a time is written in UTC or with an offset;
//! and no byte string makes the readers panic.

use kbdiag::embedded;
use kbdiag_engine::input::Input;
use kbdiag_engine::pack::{PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::{self, Zone};
use proptest::prelude::*;
use std::sync::OnceLock;

fn packs() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(embedded::rule_set)
}

fn mem(name: &str, data: Vec<u8>) -> Input {
    Input::bytes(name, data)
}

/// Every event of every rule: (rule, symptom, input path, line, time, text).
fn events(run: &kbdiag_engine::Run) -> Vec<(usize, usize, String, u64, Option<i64>, String)> {
    let mut v = Vec::new();
    for r in &run.rules {
        for (s, evs) in r.hits.iter().enumerate() {
            for e in evs {
                v.push((
                    r.rule,
                    s,
                    run.report.inputs[e.input].path.clone(),
                    e.line,
                    e.time.map(|t| t.utc_ms),
                    e.text.to_string(),
                ));
            }
        }
    }
    v.sort();
    v
}

const LINES: &[&str] = &[
    "{T} 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=1) - Empty return for method 'Logon' of service 'xtk:session'",
    "{T} 00002572 00007893 1 info log Stop requested (pid=9572)",
    "{T} 000026A4 000026A5 1 info log Server started",
    "{T} 00003A1F 00003A2B 1 info log mcSynch_mcExec1 (id=1) - Workflow started",
    "{T} 00003A1F 00003A2B 1 error log PGS-220000 PostgreSQL error: ERROR:  deadlock detected",
    "\tcontinuation of the record above: Empty return for method 'Logon' of service 'xtk:session'",
    "",
    "{T} 00003A1F 00003A2B 1 info log nothing to see",
];

/// A log of the given line kinds, one second apart from 06:00Z, with CRLF where asked.
fn log(kinds: &[(usize, bool)], offset_min: i32) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &(k, crlf)) in kinds.iter().enumerate() {
        let ms = 1_718_172_000_000 + i as i64 * 1000;
        let stamp = if offset_min == 0 {
            time::local(ms, 0, "%Y-%m-%d %H:%M:%S%.3fZ")
        } else {
            let off = offset_min * 60;
            format!("{}{}", time::local(ms, off, "%Y-%m-%d %H:%M:%S%.3f"), time::offset_label(off))
        };
        out.extend_from_slice(LINES[k].replace("{T}", &stamp).as_bytes());
        out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    out
}

fn kinds() -> impl Strategy<Value = Vec<(usize, bool)>> {
    prop::collection::vec((0..LINES.len(), any::<bool>()), 1..120)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn chunk_and_split_boundaries_never_change_the_matches(k in kinds(), chunk in 1usize..300, split in 0u64..2000) {
        let data = log(&k, 0);
        let whole = kbdiag_engine::diagnose_inputs(packs(), vec![mem("wfserver.log", data.clone())], vec![], &ScanOptions::default());
        let opts = ScanOptions { chunk_bytes: chunk, split_bytes: split, ..Default::default() };
        let pieces = kbdiag_engine::diagnose_inputs(packs(), vec![mem("wfserver.log", data)], vec![], &opts);
        prop_assert_eq!(events(&pieces), events(&whole));
        prop_assert_eq!(pieces.report.inputs[0].events, whole.report.inputs[0].events);
        prop_assert_eq!(pieces.report.inputs[0].lines, whole.report.inputs[0].lines);
    }

    #[test]
    fn outcomes_do_not_depend_on_order_threads_or_how_times_are_written(
        a in kinds(), b in kinds(), off_a in -720i32..840, off_b in -720i32..840, threads in 1usize..4, swap in any::<bool>()
    ) {
        let (off_a, off_b) = (off_a / 15 * 15, off_b / 15 * 15);
        let utc = vec![mem("wfserver.log", log(&a, 0)), mem("web.log", log(&b, 0))];
        let mut shifted = vec![mem("wfserver.log", log(&a, off_a)), mem("web.log", log(&b, off_b))];
        if swap {
            shifted.reverse();
        }
        let one = kbdiag_engine::diagnose_inputs(packs(), utc, vec![], &ScanOptions { threads: 1, ..Default::default() });
        let other = kbdiag_engine::diagnose_inputs(packs(), shifted, vec![], &ScanOptions { threads, ..Default::default() });
        let outcomes = |r: &kbdiag_engine::Run| r.rules.iter().map(|x| (x.rule, x.outcome)).collect::<Vec<_>>();
        prop_assert_eq!(outcomes(&one), outcomes(&other));
        let times = |r: &kbdiag_engine::Run| {
            let mut v: Vec<(String, u64, Option<i64>)> = events(r).into_iter().map(|e| (e.2, e.3, e.4)).collect();
            v.sort();
            v
        };
        prop_assert_eq!(times(&one), times(&other));
    }

    #[test]
    fn readers_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = time::parse_iso(&bytes, &Zone::default());
        let _ = time::parse_with(&text, &["%d/%m/%Y %I:%M:%S %p".to_string(), "iso".to_string(), "%Y-%m-%d %H:%M:%S%.3f %z".to_string()], &Zone::default());
        let _ = Zone::parse(&text);
        let _ = kbdiag_engine::duration::parse(&text);
        for f in &packs().formats {
            let lr = kbdiag_engine::format::LineReader::new(Some(f), Zone::default(), None);
            let _ = lr.parse(&text);
        }
        let _ = kbdiag_engine::diagnose_inputs(packs(), vec![mem("web.log", bytes.clone()), mem("x.journal.txt", bytes)], vec![], &ScanOptions::default());
    }

    #[test]
    fn the_rule_loader_never_panics_and_accounts_for_every_file(text in prop_oneof!["[ -~\n]{0,300}", "[a-z ]{0,30}"], yamlish in prop::sample::select(vec![
        "id: x\nkb: {article: K}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: ",
        "id: x\nkb: {article: K}\ntitle: t\nsymptoms:\n  s: {regex: '",
        "id: x\nkb: {article: K}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: s\ntext: {cause: '${",
        "id: x\nkb: {article: K}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: s\ntext: {cause: c, steps: [s]}\n# ",
        "",
    ])) {
        let mut set = RuleSet::default();
        set.add(PackFiles { origin: "p".into(), files: vec![
            ("pack.yaml".into(), "name: p\nversion: 0.0.1\n".into()),
            ("rules/r.yaml".into(), format!("{yamlish}{text}")),
            ("formats/f.yaml".into(), format!("id: f\nline: '(?P<time>\\S+) {text}'\n")),
        ]});
        // Every file is accounted for: it loads, or an error names it, never both, never neither.
        let named = |f: &str| set.errors.iter().any(|e| e.file.ends_with(f));
        let rule_loaded = set.rules.iter().any(|r| r.id == "x");
        prop_assert!(rule_loaded != named("rules/r.yaml"), "rule loaded: {}, errors: {:?}", rule_loaded, set.errors);
        let format_loaded = set.formats.iter().any(|f| f.id == "f");
        prop_assert!(format_loaded != named("formats/f.yaml"), "format loaded: {}, errors: {:?}", format_loaded, set.errors);
        prop_assert!(set.rules.len() <= 1 && set.errors.iter().all(|e| !e.message.trim().is_empty()), "{:?}", set.errors);
    }
}

/// Every event is kept and judged, whatever the input is read from: a plain file split into
/// many parts, a .gz, stdin-like bytes give the same events; the evidence count is the real
/// one and every evidence line shown has its text (read again when it was not kept).
#[test]
fn every_event_is_kept_whatever_the_source() {
    use std::io::Write;
    let mut log = String::new();
    for k in 0..25_000u64 {
        log.push_str(&format!(
            "2024-06-{:02} {:02}:{:02}:{:02}.000Z 00003A1F 00003A2B 1 error log mcSynch_a (id=1) - Empty return for method 'Logon' of service 'xtk:session'\n",
            1 + k / 86_400 % 28,
            k / 3600 % 24,
            k / 60 % 60,
            k % 60
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("wfserver.log");
    std::fs::write(&plain, &log).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(log.as_bytes()).unwrap();
    let gzp = dir.path().join("wf2").join("wfserver.log.gz");
    std::fs::create_dir_all(gzp.parent().unwrap()).unwrap();
    std::fs::write(&gzp, gz.finish().unwrap()).unwrap();
    let kept = |run: &kbdiag_engine::Run| {
        let r = run.rules.iter().find(|r| packs().rules[r.rule].kb.article == "KA-05406").unwrap();
        (r.outcome, r.hits[0].len(), r.hits[0].first().map(|e| e.line), r.hits[0].last().map(|e| e.line))
    };
    let split = ScanOptions { split_bytes: 64 << 10, threads: 2, ..Default::default() };
    let a = kbdiag_engine::diagnose(packs(), &[plain.display().to_string()], &split);
    let b = kbdiag_engine::diagnose(packs(), &[gzp.display().to_string()], &ScanOptions::default());
    let c = kbdiag_engine::diagnose_inputs(
        packs(),
        vec![mem("wfserver.log", log.into_bytes())],
        vec![],
        &ScanOptions::default(),
    );
    let ka = kept(&a);
    assert_eq!(ka.1, 25_000, "every event is kept, none dropped");
    assert_eq!((ka.2, ka.3), (Some(1), Some(25_000)));
    assert_eq!(ka, kept(&b));
    assert_eq!(ka, kept(&c));
    for run in [&a, &b, &c] {
        let f = run.report.findings.iter().find(|f| f.kb == "KA-05406").expect("finding");
        assert_eq!(f.evidence_total, 25_000, "the number of evidence lines is the real one");
        assert!(f.evidence.iter().all(|e| e.text.contains("Empty return")), "every shown line has its text");
        assert!(run.report.inputs[0].warnings.iter().all(|w| !w.message.contains("kept")));
    }
}

/// A line longer than a split part is read by the part it starts in only, and the lines after
/// it are still found.
#[test]
fn a_line_longer_than_a_part_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wfserver.log");
    let mut data = b"2024-06-12 06:00:00.000Z 00003A1F 00003A2B 1 info log x - ".to_vec();
    data.extend(std::iter::repeat_n(b'x', 3 << 20));
    data.extend_from_slice(b"\n2024-06-12 06:00:04.118Z 00003A1F 00003A2B 1 error log mcSynch_a (id=1) - Empty return for method 'Logon' of service 'xtk:session'\n");
    std::fs::write(&p, &data).unwrap();
    let opts = ScanOptions { split_bytes: 256 << 10, threads: 2, ..Default::default() };
    let run = kbdiag_engine::diagnose(packs(), &[p.display().to_string()], &opts);
    let s = &run.report.inputs[0];
    assert_eq!(s.bytes, data.len() as u64, "every byte counted once");
    assert_eq!(run.lines, 2);
    let r = run.rules.iter().find(|r| packs().rules[r.rule].kb.article == "KA-05406").unwrap();
    assert_eq!(r.hits[0].len(), 1);
    assert_eq!(r.hits[0][0].line, 2);
}
