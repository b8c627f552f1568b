//! The blind evaluation set (tests/blind/README.md): every bundle is diagnosed with the packs
//! under rules/, and scored against the examiners' expectations the way tests/blind/score.py
//! scores them. Prints recall and the false confirmations; fails on any false confirmation and
//! on any miss not listed, with its reason, in tests/blind/known.yaml.

mod common;

use common::{kbdiag, pack_dirs, repo};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[derive(Deserialize)]
struct Entry {
    bundle: String,
    kind: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
struct Expect {
    id: String,
    outcome: String,
    #[serde(default)]
    accept_possible: bool,
}

#[derive(Deserialize)]
struct Known {
    bundle: String,
    id: String,
    reason: String,
}

fn rank(o: &str) -> u8 {
    match o {
        "confirmed" => 3,
        "possible" => 2,
        "ruled_out" => 1,
        _ => 0,
    }
}

/// (ids, outcome, rule) of every finding, folded (`superseded`) finding and ruled-out entry.
fn outcomes(report: &serde_json::Value) -> Vec<(BTreeSet<String>, String, String)> {
    let ids = |f: &serde_json::Value| -> BTreeSet<String> {
        ["rule", "kb"].iter().filter_map(|k| f[*k].as_str()).filter(|s| !s.is_empty()).map(str::to_lowercase).collect()
    };
    let mut out = Vec::new();
    for f in report["findings"].as_array().into_iter().flatten() {
        out.push((
            ids(f),
            f["outcome"].as_str().unwrap_or("").to_string(),
            f["rule"].as_str().unwrap_or("").to_string(),
        ));
        for s in f["superseded"].as_array().into_iter().flatten() {
            out.push((
                ids(s),
                s["outcome"].as_str().unwrap_or("").to_string(),
                s["rule"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    for r in report["ruled_out"].as_array().into_iter().flatten() {
        out.push((ids(r), "ruled_out".into(), r["rule"].as_str().unwrap_or("").to_string()));
    }
    out
}

#[test]
fn blind_set_recall_and_no_false_confirmation() {
    let dir = repo().join("tests/blind");
    let mut entries: Vec<Entry> = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("expected-")
                && p.extension().is_some_and(|x| x == "yaml")
        })
        .collect();
    files.sort();
    for f in &files {
        let v: Vec<Entry> = serde_yaml::from_str(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        entries.extend(v);
    }
    assert!(!entries.is_empty(), "no blind bundles under {}", dir.display());
    let known: Vec<Known> = match std::fs::read_to_string(dir.join("known.yaml")) {
        Ok(t) => serde_yaml::from_str::<Option<Vec<Known>>>(&t).unwrap().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let known: BTreeMap<(String, String), String> =
        known.into_iter().map(|k| ((k.bundle, k.id.to_lowercase()), k.reason)).collect();

    // The packs as they are on disk, not as embedded at build time.
    let mut packs: Vec<String> = vec!["--no-default-rules".into()];
    for p in pack_dirs() {
        packs.push("--rules".into());
        packs.push(p.display().to_string());
    }
    // Every bundle in one run: `diagnose --each` loads the packs once and diagnoses the
    // bundles in parallel (one JSON report per line). Bundles with their own arguments (a
    // `--tz` the examiner says a user would give) run again on their own, in parallel threads.
    let mut args: Vec<String> =
        vec!["diagnose".into(), "--each".into(), "tests/blind/bundles".into(), "--format".into(), "json".into()];
    args.extend(packs.iter().cloned());
    let out = kbdiag(&args).run();
    assert!(out.code == 0 || out.code == 1, "diagnose --each exited {}: {}", out.code, out.stderr);
    let mut by_bundle: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for line in out.stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if let Some(b) = v["bundle"].as_str() {
            let name = b.rsplit(['/', '\\']).next().unwrap_or(b).to_string();
            by_bundle.insert(name, v);
        }
    }
    let own: Vec<usize> = (0..entries.len()).filter(|&i| !entries[i].args.is_empty()).collect();
    let next = AtomicUsize::new(0);
    let again: Mutex<Vec<(usize, serde_json::Value)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..own.len().clamp(1, 4) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = own.get(k) else { break };
                let e = &entries[i];
                let mut args: Vec<String> = vec!["diagnose".into(), "--format".into(), "json".into()];
                args.extend(packs.iter().cloned());
                args.extend(e.args.iter().cloned());
                args.push(format!("tests/blind/bundles/{}", e.bundle));
                let out = kbdiag(&args).run();
                let v: serde_json::Value = serde_json::from_str(&out.stdout)
                    .unwrap_or_else(|err| panic!("{}: no JSON ({err}), exit {}: {}", e.bundle, out.code, out.stderr));
                again.lock().unwrap().push((i, v));
            });
        }
    });
    let again: BTreeMap<usize, serde_json::Value> = again.into_inner().unwrap().into_iter().collect();
    let reports: Vec<Option<serde_json::Value>> = (0..entries.len())
        .map(|i| again.get(&i).cloned().or_else(|| by_bundle.get(&entries[i].bundle).cloned()))
        .collect();
    for (e, r) in entries.iter().zip(&reports) {
        assert!(r.is_some(), "no report for bundle {}", e.bundle);
    }

    let (mut wanted, mut found) = (0, 0);
    let mut false_conf = Vec::new();
    let mut misses = Vec::new();
    for (e, rep) in entries.iter().zip(&reports) {
        let all = outcomes(rep.as_ref().unwrap());
        let got = |id: &str| {
            all.iter()
                .filter(|(ids, _, _)| ids.contains(&id.to_lowercase()))
                .map(|(_, o, _)| o.as_str())
                .max_by_key(|o| rank(o))
                .unwrap_or("none")
                .to_string()
        };
        for x in &e.expect {
            let g = got(&x.id);
            let exact = match x.outcome.as_str() {
                "any" => continue,
                "confirmed" => g == "confirmed" || (g == "possible" && x.accept_possible),
                "possible" => g == "possible",
                "not_confirmed" => g == "none" || g == "ruled_out" || (g == "possible" && x.accept_possible),
                other => panic!("{}: unknown outcome {other}", e.bundle),
            };
            if x.outcome == "confirmed" || x.outcome == "possible" {
                wanted += 1;
                if g == "confirmed" || g == "possible" {
                    found += 1;
                }
            }
            if !exact {
                misses.push((e.bundle.clone(), x.id.clone(), format!("expected {}, got {g}", x.outcome)));
            }
        }
        let ok_conf: BTreeSet<String> = e
            .expect
            .iter()
            .filter(|x| x.outcome == "confirmed" || x.outcome == "any")
            .map(|x| x.id.to_lowercase())
            .collect();
        for (ids, o, rule) in &all {
            if o == "confirmed" && ids.is_disjoint(&ok_conf) {
                false_conf.push(format!(
                    "{} [{}]: {rule} ({})",
                    e.bundle,
                    e.kind,
                    ids.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    let recall = 100.0 * found as f64 / wanted.max(1) as f64;
    println!(
        "blind set: {} bundles; recall {found}/{wanted} = {recall:.1}%; {} false confirmation(s); {} miss(es)",
        entries.len(),
        false_conf.len(),
        misses.len()
    );
    for f in &false_conf {
        println!("  FALSE CONFIRMATION {f}");
    }
    let mut unknown = Vec::new();
    for (b, id, what) in &misses {
        match known.get(&(b.clone(), id.to_lowercase())) {
            Some(reason) => println!("  known miss {b}: {id} {what} ({reason})"),
            None => {
                println!("  MISS {b}: {id} {what}");
                unknown.push(format!("{b}: {id} {what}"));
            }
        }
    }
    let stale: Vec<_> = known
        .keys()
        .filter(|(b, id)| !misses.iter().any(|(mb, mid, _)| mb == b && mid.to_lowercase() == *id))
        .collect();
    for (b, id) in &stale {
        println!("  known entry that now passes (remove it from known.yaml): {b}: {id}");
    }
    assert!(false_conf.is_empty(), "false confirmations on the blind set:\n{}", false_conf.join("\n"));
    assert!(unknown.is_empty(), "misses not in tests/blind/known.yaml:\n{}", unknown.join("\n"));
    assert!(stale.is_empty(), "known.yaml lists misses that now pass: {stale:?}");
}
