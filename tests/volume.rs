//! Correct at volume: every shipped rule's must-fire bundle, multiplied until each symptom
//! has about 10,000 events spread over many days, must end in the same outcome, with no error
//! and a bounded report. The multiplied bundle is built in memory: for every repetition, the
//! lines that matched (and the line before each, which a continuation line takes its time
//! from), plus each file's first and last line, with every date moved on by whole periods.

mod common;
use kbdiag::fixture;
use kbdiag_engine::input::Input;
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const TARGET: usize = 10_000;

fn packs() -> Vec<PathBuf> {
    common::pack_dirs()
}

/// Move every date of a line (`YYYY-MM-DD` or `DD/MM/YYYY`) on by `days`.
fn shift(line: &str, days: i64, iso: &Regex, eu: &Regex) -> String {
    let d = chrono::Duration::days(days);
    let line =
        iso.replace_all(line, |c: &regex::Captures| match chrono::NaiveDate::parse_from_str(&c[0][..10], "%Y-%m-%d") {
            Ok(x) => format!("{}{}", (x + d).format("%Y-%m-%d"), &c[0][10..]),
            Err(_) => c[0].to_string(),
        });
    eu.replace_all(&line, |c: &regex::Captures| match chrono::NaiveDate::parse_from_str(&c[0], "%d/%m/%Y") {
        Ok(x) => (x + d).format("%d/%m/%Y").to_string(),
        Err(_) => c[0].to_string(),
    })
    .into_owned()
}

fn dates(text: &str, iso: &Regex, eu: &Regex) -> Vec<chrono::NaiveDate> {
    let mut v: Vec<_> = iso
        .find_iter(text)
        .filter_map(|m| chrono::NaiveDate::parse_from_str(&m.as_str()[..10], "%Y-%m-%d").ok())
        .collect();
    v.extend(eu.find_iter(text).filter_map(|m| chrono::NaiveDate::parse_from_str(m.as_str(), "%d/%m/%Y").ok()));
    v
}

/// Cases whose verdict the volume copy cannot keep, and why. The copy repeats each event's line
/// and the line before it, day after day: a case whose verdict is about the log's other lines
/// is another case there.
const NOT_AT_VOLUME: &[(&str, &str)] = &[
    (
        "KA-05406/gap-in-rt-log",
        "its verdict is a hole in a dense RT log; the copy keeps only the restart lines, a log that writes only its restarts, whose daily silence is its rhythm (ruled out, as the unit test `a_rhythm_is_no_hole` in engine/src/scan/gaps.rs expects of such a log)",
    ),
    (
        "KA-23471/joint-start-hours-before",
        "its `possible` rests on the 14-hour silence of a sparse log (a hole around the joint start); repeated daily, the silence is the log's rhythm and the single start before the deadlock rules the article out, which is right for that other case",
    ),
    (
        "KA-05406/same-rt-server-archive-folder",
        "its verdict is that the archive folder's log does not reach the error's time (so it is no second RT server's log of it); repeated over 10,000 days, both logs span every error: two servers' logs covering them, another case",
    ),
    (
        "KA-05406/month-first-journal",
        "its journal writes its dates month first on a 24-hour clock (06/12/2024 for June 12), which only the bundle's other logs tell; the copy moves `DD/MM/YYYY` dates day first, so its journal runs from December 6 on, and its later dates (13/12/2024) can only be day first: another log, months away from the RT log",
    ),
    (
        "KA-22755/windows-1252",
        "its point is its bytes: the article's line saved in Windows-1252 (`é` as one byte); the copy is made as UTF-8 text, which turns those bytes into U+FFFD, another file; the rule at volume is KA-22755/fires",
    ),
    (
        "KA-14775/fires",
        "its `possible` is that one or two refusals and nothing else of the sends are too few to tell the article's cause; repeated 10,000 times with no acceptance beside them, they are what that cause makes, another case (confirmed, as KA-14775's true-incident fixture is)",
    ),
    (
        "KA-14713/fires",
        "its `possible` is that one or two failed FCM calls and nothing else of the sends are too few to tell the article's cause; repeated 10,000 times with no acceptance beside them, they are what that cause makes, another case (confirmed, as KA-14713's true-incident fixture is)",
    ),
    (
        "KA-14810/fires",
        "its `possible` is that one or two refusals and nothing else of the sends are too few to tell the article's cause; repeated 10,000 times with no acceptance beside them, they are what that cause makes, another case (confirmed, as KA-14810's true-incident fixture is)",
    ),
    (
        "linux-ssh-brute-force/stale-password-job",
        "its verdict is the pace of one account's failures (one a minute); the copy cannot move syslog's year-less dates (`Jun 10 09:00:05`), so its repetitions fall on the same minutes, a burst of hundreds a minute: another case",
    ),
];

#[test]
fn every_rule_holds_at_10000_events_per_symptom() {
    // A date ends at a non-digit: `2026-11-26T08:30:46` (no word boundary before the T) too.
    let iso = Regex::new(r"\b\d{4}-\d{2}-\d{2}(?:\b|T)").unwrap();
    let eu = Regex::new(r"\b\d{2}/\d{2}/\d{4}\b").unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    // Cases copied from real servers repeat one incident in many log layouts: the layouts are
    // the fixtures' business, volume is the rule's, so one such case per rule is multiplied.
    let mut real_seen: BTreeSet<String> = BTreeSet::new();
    for pack in packs() {
        let set = fixture::load_pack(&pack);
        for case in fixture::discover(&pack).unwrap() {
            if !matches!(case.def.expect.as_str(), "confirmed" | "possible") {
                continue;
            }
            if NOT_AT_VOLUME.iter().any(|(n, _)| case.name.ends_with(n)) {
                continue;
            }
            let case_name = case.name.rsplit('/').next().unwrap_or_default();
            // (The text layouts: csvlog and jsonlog records cost a JSON/CSV parse each, which in
            // a debug build would make this test minutes long.)
            let structured = case_name.contains("csvlog") || case_name.contains("jsonlog");
            if case_name.starts_with("real-") && (structured || !real_seen.insert(case.def.rule.clone())) {
                continue;
            }
            let rules = set.find(&case.def.rule);
            let [rule] = rules.as_slice() else { continue };
            let ri = set.rules.iter().position(|r| std::ptr::eq(r, *rule)).unwrap();
            let mut opts =
                ScanOptions { threads: 2, year: case.def.year, params: case.def.params.clone(), ..Default::default() };
            if let Some(tz) = &case.def.tz {
                opts.zone = Zone::parse(tz).unwrap();
            }
            let bundle = case.dir.join("bundle");
            let prefix = bundle.display().to_string();
            opts.relative_to = Some(prefix.clone());
            let base = kbdiag_engine::diagnose(&set, std::slice::from_ref(&prefix), &opts);
            let rr = base.rules.iter().find(|r| r.rule == ri).unwrap();
            // Lines to repeat, per input path.
            let mut keep: BTreeMap<usize, BTreeSet<u64>> = BTreeMap::new();
            let mut per_symptom = Vec::new();
            for hits in rr.hits.iter() {
                if !hits.is_empty() {
                    per_symptom.push(hits.len());
                }
                for e in hits {
                    let k = keep.entry(e.input).or_default();
                    k.insert(e.line);
                    if e.line > 1 {
                        k.insert(e.line - 1);
                    }
                }
            }
            let Some(&fewest) = per_symptom.iter().min() else { continue };
            let reps = TARGET.div_ceil(fewest);
            let mut inputs = Vec::new();
            let mut texts = Vec::new();
            for (i, summary) in base.report.inputs.iter().enumerate() {
                let path = bundle.join(&summary.path);
                let Ok(raw) = std::fs::read(&path) else { continue };
                texts.push((i, summary.path.clone(), String::from_utf8_lossy(&raw).into_owned()));
            }
            let all: String = texts.iter().map(|t| t.2.as_str()).collect::<Vec<_>>().join("\n");
            let ds = dates(&all, &iso, &eu);
            let span = match (ds.iter().min(), ds.iter().max()) {
                (Some(a), Some(b)) => (*b - *a).num_days() + 1,
                _ => 1,
            };
            for (i, name, text) in &texts {
                let lines: Vec<&str> = text.lines().collect();
                let mut chosen: BTreeSet<u64> = keep.get(i).cloned().unwrap_or_default();
                if !lines.is_empty() {
                    chosen.insert(1);
                    chosen.insert(lines.len() as u64);
                }
                let mut out = String::new();
                for r in 0..reps {
                    for &n in &chosen {
                        if let Some(l) = lines.get(n as usize - 1) {
                            out.push_str(&shift(l, r as i64 * span, &iso, &eu));
                            out.push('\n');
                        }
                    }
                }
                inputs.push(Input::bytes(name.clone(), out.into_bytes()));
            }
            let t0 = std::time::Instant::now();
            let big = kbdiag_engine::diagnose_inputs(&set, inputs, vec![], &opts);
            eprintln!("{}: {:?}", case.name, t0.elapsed());
            let got = big.rules.iter().find(|r| r.rule == ri).unwrap();
            checked += 1;
            let what = format!("{} ({} repetitions, {} days apart)", case.name, reps, span);
            if got.outcome != rr.outcome {
                failures.push(format!(
                    "{what}: {} at volume, {} in the fixture: {:?}",
                    got.outcome.as_str(),
                    rr.outcome.as_str(),
                    got.error
                ));
                continue;
            }
            if let Some(e) = big.report.errors.iter().find(|e| e.rule.as_deref() == Some(&rule.id)) {
                failures.push(format!("{what}: error entry: {}", e.message));
            }
            let md = kbdiag::print::markdown::render(&big.report);
            if md.len() > 64 * 1024 {
                failures.push(format!("{what}: Markdown report of {} bytes", md.len()));
            }
            for f in &big.report.findings {
                if f.evidence.len() > 2 * kbdiag_engine::DEFAULT_EVIDENCE {
                    failures.push(format!("{what}: {} evidence lines shown", f.evidence.len()));
                }
                let long = f.steps.iter().chain(f.summary.iter()).map(String::len).max().unwrap_or(0);
                if long > 4096 {
                    failures.push(format!("{what}: a text of {long} bytes"));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} must-fire cases found");
    assert!(failures.is_empty(), "{} of {checked} cases fail at volume:\n{}", failures.len(), failures.join("\n"));
}
