//! The `kbdiag` command as users run it: exit codes, the JSON contract, the text and Markdown
//! reports, and bad input. Each test is a small builder: input, args, expected output.

mod common;
use common::{kbdiag, repo};
use std::io::Write;
use std::path::Path;

fn fixture(case: &str) -> String {
    format!("rules/adobe-campaign/fixtures/KA-05406/{case}/bundle")
}

#[test]
fn json_contract_on_the_example_bundle() {
    let (code, v, _) = kbdiag(&["diagnose", "--format", "json", "examples/ka-05406/"]).json();
    assert_eq!(code, 0);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["tool"]["name"], "kbdiag");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    for key in ["path", "format", "events", "bytes", "first", "last", "skipped", "warnings"] {
        assert!(v["inputs"][0].get(key).is_some(), "inputs[0].{key} missing: {}", v["inputs"][0]);
    }
    let f = &v["findings"][0];
    for key in ["rule", "kb", "title", "outcome", "severity", "confidence", "cause", "steps", "evidence", "missing"] {
        assert!(f.get(key).is_some(), "findings[0].{key} missing");
    }
    assert_eq!(f["rule"], "acc-mc-logon-empty-return");
    assert_eq!(f["kb"], "KA-05406");
    assert_eq!(f["outcome"], "confirmed");
    assert_eq!(f["severity"], "high");
    // Evidence in time order: the restart's stop line, then the error 3 s later.
    assert_eq!(f["evidence"][0]["symptom"], "rt_restart");
    let ev = &f["evidence"][1];
    assert_eq!(ev["symptom"], "logon_failed");
    assert_eq!(ev["path"], "examples/ka-05406/marketing/wfserver.log");
    assert_eq!(ev["line"], 60);
    assert_eq!(ev["time"], "2024-06-12T04:00:04.118Z");
    assert!(ev["text"].as_str().unwrap().contains("Empty return for method 'Logon'"));
    let steps: Vec<&str> = f["steps"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(steps[0].contains("2024-06-12T04:00:04.118Z"), "{}", steps[0]);
    assert!(steps[0].contains("06:00:01 +02:00"), "restart time named: {}", steps[0]);
    assert!(
        steps[1].contains("mcSynch_mcExec1") && steps[1].contains("04:11 UTC (06:11 RT server time)"),
        "{}",
        steps[1]
    );
    assert_eq!(v["ruled_out"], serde_json::json!([]));
    assert_eq!(v["errors"], serde_json::json!([]));
    for key in ["files", "bytes", "events", "rules", "elapsed_ms"] {
        assert!(v["stats"].get(key).is_some(), "stats.{key} missing");
    }
    assert_eq!(v["stats"]["files"], 2);
}

#[test]
fn ruled_out_is_listed_with_its_reason() {
    let (code, v, _) = kbdiag(&["diagnose", "--format", "json", &fixture("ruled-out")]).json();
    assert_eq!(code, 0);
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["ruled_out"][0]["kb"], "KA-05406");
    let reason = v["ruled_out"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("8h22m19s") && reason.contains("at most 10m before it"), "{reason}");
}

#[test]
fn fail_on_sets_exit_1_only_at_its_level() {
    let confirmed = fixture("confirmed");
    let possible = fixture("possible-recurring");
    assert_eq!(kbdiag(&["diagnose", &confirmed, "--fail-on", "confirmed"]).run().code, 1);
    assert_eq!(kbdiag(&["diagnose", &confirmed, "--fail-on", "possible"]).run().code, 1);
    assert_eq!(kbdiag(&["diagnose", &possible, "--fail-on", "possible"]).run().code, 1);
    assert_eq!(kbdiag(&["diagnose", &possible, "--fail-on", "confirmed"]).run().code, 0);
    assert_eq!(kbdiag(&["diagnose", &possible]).run().code, 0);
    assert_eq!(kbdiag(&["diagnose", &fixture("clean"), "--fail-on", "possible"]).run().code, 0);
}

#[test]
fn missing_path_is_a_usage_error_but_the_rest_is_reported() {
    let o = kbdiag(&["diagnose", "no/such/bundle", &fixture("confirmed")]).run();
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("no/such/bundle: no such file or folder"), "{}", o.stderr);
    assert!(o.stdout.contains("CONFIRMED KA-05406"), "{}", o.stdout);
}

#[test]
fn bad_tz_is_a_usage_error() {
    let o = kbdiag(&["diagnose", "--tz", "Mars/Olympus", &fixture("confirmed")]).run();
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--tz: bad time zone 'Mars/Olympus'"), "{}", o.stderr);
    assert!(o.stdout.is_empty());
}

#[test]
fn tz_changes_how_a_naive_journal_is_read() {
    // Read as UTC, the journal's 08:00:05 is two hours after the restart, and the RT
    // watchdog.log (05:59:59Z to 06:00:12Z) does not reach that far: possible, not ruled out,
    // and `missing` says which log does not cover which time.
    let (_, v, _) = kbdiag(&["diagnose", "--format", "json", &fixture("confirmed-journal")]).json();
    assert_eq!(v["findings"][0]["outcome"], "possible");
    let missing = v["findings"][0]["missing"][0].as_str().unwrap();
    assert!(
        missing.contains("does not cover from 1h before to 1m after 2024-06-12T08:00:05Z")
            && missing.contains("rt/watchdog.log"),
        "{missing}"
    );
    // Read in Paris time (globally or for the journal format only), it is the restart.
    for tz in ["Europe/Paris", "acc-journal=Europe/Paris", "+02:00"] {
        let (_, v, _) = kbdiag(&["diagnose", "--format", "json", "--tz", tz, &fixture("confirmed-journal")]).json();
        assert_eq!(v["findings"][0]["outcome"], "confirmed", "--tz {tz}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kbdiag(&["diagnose"]).run().code, 2);
    assert_eq!(kbdiag(&["diagnose", "--format", "yaml", "x"]).run().code, 2);
    assert_eq!(kbdiag(&["frobnicate"]).run().code, 2);
}

fn broken_pack(dir: &Path) {
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("pack.yaml"), "name: broken\nversion: 0.0.1\n").unwrap();
    std::fs::write(dir.join("rules/bad-yaml.yaml"), "id: x\nkb: {article: KA-1}\ntitle: [unclosed\n").unwrap();
    std::fs::write(
        dir.join("rules/bad-regex.yaml"),
        "id: bad-regex\nkb: {article: KA-2}\ntitle: t\nsymptoms:\n  s: {regex: 'a(b'}\nrequire: s\ntext: {cause: c, steps: [x]}\n",
    )
    .unwrap();
}

#[test]
fn broken_rules_are_named_and_the_others_still_report() {
    let tmp = tempfile::tempdir().unwrap();
    broken_pack(tmp.path());
    let pack = tmp.path().display().to_string();
    let o = kbdiag(&["diagnose", "--format", "json", "--rules", &pack, &fixture("confirmed")]).run();
    assert_eq!(o.code, 2, "rule-loading errors exit 2");
    assert!(o.stderr.contains("bad-yaml.yaml:3:"), "file and line: {}", o.stderr);
    assert!(o.stderr.contains("rule bad-regex: symptoms.s.regex"), "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["kb"], "KA-05406", "the good rule still reports");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e["kind"] == "load"));
}

#[test]
fn a_folder_that_is_not_a_pack_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let o = kbdiag(&["rules", "list", "--rules", &tmp.path().display().to_string()]).run();
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not a rule pack: no pack.yaml"), "{}", o.stderr);
}

#[test]
fn gzip_binary_and_dangling_files_do_not_stop_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path();
    // The confirmed case, with the RT log gzipped.
    let src = repo().join(fixture("confirmed"));
    std::fs::create_dir_all(b.join("marketing")).unwrap();
    std::fs::copy(src.join("marketing/wfserver.log"), b.join("marketing/wfserver.log")).unwrap();
    let web = std::fs::read(src.join("rt1/web.log")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&web).unwrap();
    std::fs::write(b.join("web.log.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(b.join("core.bin"), b"\x7fELF\x00\x00\x01binary").unwrap();
    std::fs::write(b.join("fake.log.gz"), b"2024-06-12 06:00:00Z not gzip at all\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(b.join("gone.log"), b.join("dangling.log")).unwrap();
    let (code, v, _) = kbdiag(&["diagnose", "--format", "json", &b.display().to_string()]).json();
    assert_eq!(code, 0);
    assert_eq!(v["findings"][0]["outcome"], "confirmed", "{v:#}");
    let input = |name: &str| {
        v["inputs"].as_array().unwrap().iter().find(|i| i["path"].as_str().unwrap().contains(name)).cloned().unwrap()
    };
    assert_eq!(input("web.log.gz")["format"], "acc-nlserver");
    assert_eq!(input("web.log.gz")["events"], 7);
    assert!(input("core.bin")["warnings"][0]["message"].as_str().unwrap().contains("binary file"));
    assert_eq!(input("core.bin")["warnings"][0]["code"], "binary");
    assert!(input("fake.log.gz")["warnings"][0]["message"].as_str().unwrap().contains("not gzip"));
    assert_eq!(input("fake.log.gz")["warnings"][0]["code"], "not_compressed");
    #[cfg(unix)]
    assert!(input("dangling.log")["warnings"][0]["message"].as_str().unwrap().contains("cannot open"), "{v:#}");
    assert_eq!(input("dangling.log")["warnings"][0]["code"], "unreadable");
}

#[test]
fn stdin_is_read_with_dash() {
    let log = std::fs::read(repo().join(fixture("confirmed")).join("marketing/wfserver.log")).unwrap();
    let (code, v, _) = kbdiag(&["diagnose", "--format", "json", "-"]).stdin(&log).json();
    assert_eq!(code, 0);
    assert_eq!(v["inputs"][0]["path"], "<stdin>");
    assert_eq!(v["inputs"][0]["format"], "acc-nlserver");
    // stdin has no file name: its content says it is a workflow server log, and the Logon
    // error without an RT log is a possible KA-05406.
    assert_eq!(v["inputs"][0]["role"], "wfserver");
    assert_eq!(v["findings"][0]["kb"], "KA-05406");
    assert_eq!(v["findings"][0]["outcome"], "possible");
    assert_eq!(v["stats"]["events"], 7);
}

#[test]
fn crlf_and_invalid_utf8_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut log = b"2024-06-12 06:00:01.204Z 00002572 00007893 1 info log Stop requested (pid=9572)\r\n".to_vec();
    log.extend_from_slice(
        b"2024-06-12 06:00:02.000Z 00002572 00007893 1 info log bad bytes \xff\xfe here\\nSEVERE: literal newline\r\n",
    );
    // The RT server's log in a folder of its own: beside wfserver.log it would be the marketing
    // server's web.log (other_server_than).
    std::fs::create_dir(tmp.path().join("rt")).unwrap();
    std::fs::write(tmp.path().join("rt/web.log"), &log).unwrap();
    let mut wf = b"2024-06-12 06:00:04.118Z 00003A1F 00003A2B 1 error log mcSynch_mcExec9 (id=1) - caf\xe9 ".to_vec();
    wf.extend_from_slice(b"Empty return for method 'Logon' of service 'xtk:session'\r\n");
    std::fs::write(tmp.path().join("wfserver.log"), &wf).unwrap();
    let (_, v, _) = kbdiag(&["diagnose", "--format", "json", &tmp.path().display().to_string()]).json();
    let f = &v["findings"][0];
    assert_eq!(f["outcome"], "confirmed");
    let text = f["evidence"][1]["text"].as_str().unwrap();
    assert!(text.ends_with("'xtk:session'"), "CR stripped: {text:?}");
    // The one byte past ASCII makes no UTF-8 character and the file has no UTF-8 character:
    // an 8-bit Windows code page, read as Windows-1252 (a `legacy_encoding` warning).
    assert!(text.contains("caf\u{e9} Empty"), "read as Windows-1252: {text:?}");
    assert!(v["inputs"].to_string().contains("Windows-1252"), "{:#}", v["inputs"]);
}

#[test]
fn text_report_has_no_colour_when_piped_and_markdown_is_pasteable() {
    let o = kbdiag(&["diagnose", &fixture("confirmed")]).env("NO_COLOR", "").run();
    assert!(!o.stdout.contains('\x1b'), "no escape codes when stdout is not a terminal");
    assert!(o.stdout.contains("    1. The workflow log shows the Logon error"), "{}", o.stdout);
    assert!(o.stdout.contains("marketing/wfserver.log:5"), "evidence as path:line");
    let md = kbdiag(&["diagnose", "--format", "markdown", &fixture("confirmed")]).run();
    assert_eq!(md.code, 0);
    // The rule count grows with the packs; the snapshot is about the finding.
    insta::with_settings!({filters => vec![(r"\d+ rule\(s\)", "[N] rule(s)"), (r"\d+ not matched", "[N] not matched")]}, {
        insta::assert_snapshot!("markdown_confirmed", md.stdout);
    });
}

#[test]
fn rules_list_shows_the_embedded_pack() {
    let o = kbdiag(&["rules", "list"]).run();
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("adobe-campaign 0.1.0"), "{}", o.stdout);
    assert!(o.stdout.contains("KA-05406"), "{}", o.stdout);
    assert!(o.stdout.contains("postgresql 0."), "{}", o.stdout);
    assert!(o.stdout.contains("pg-deadlock"), "{}", o.stdout);
    let (_, v, _) = kbdiag(&["rules", "list", "--format", "json"]).json();
    assert_eq!(v["rules"][0]["kb"], "KA-05406");
    let none = kbdiag(&["diagnose", "--no-default-rules", &fixture("confirmed")]).run();
    assert_eq!(none.code, 2, "no rules at all is a usage error");
}

#[test]
fn explain_a_ruled_out_case() {
    let o = kbdiag(&["explain", "KA-05406", &fixture("ruled-out")]).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("explain_ruled_out", o.stdout);
}

#[test]
fn explain_a_not_matched_case() {
    let o = kbdiag(&["explain", "acc-mc-logon-empty-return", &fixture("other-error-at-restart")]).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("explain_not_matched", o.stdout);
}

#[test]
fn explain_says_which_input_was_missing() {
    let (code, v, _) = kbdiag(&["explain", "KA-05406", "--format", "json", &fixture("possible-recurring")]).json();
    assert_eq!(code, 0);
    assert_eq!(v["outcome"], "possible");
    assert_eq!(v["symptoms"][1]["name"], "rt_restart");
    assert_eq!(v["symptoms"][1]["read_from"], serde_json::json!([]));
    assert!(v["advice"][0].as_str().unwrap().contains("no input is of that kind"), "{}", v["advice"]);
    assert!(v["missing"][0].as_str().unwrap().contains("no acc-nlserver/web or acc-nlserver/watchdog log"));
}

#[test]
fn explain_compiled_shows_the_prefilter() {
    let o = kbdiag(&["explain", "KA-05406", "--compiled"]).run();
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("prefilter: literal prefilter (contains)"), "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "condition collision = after(logon_failed, rt_restart, within 10m, slack 1m, until rt_up within 1h)"
        ),
        "{}",
        o.stdout
    );
    let (_, v, _) = kbdiag(&["explain", "KA-05406", "--compiled", "--format", "json"]).json();
    assert_eq!(v["symptoms"][1]["literal_origin"], "regex prefix");
    assert_eq!(v["symptoms"][1]["literal_search"][0], "sampled");
    assert!(o.stdout.contains("literal \"Stop requested for 'web@\" (sampled)"), "{}", o.stdout);
    // A literal under 10 bytes takes the automaton, and explain says so.
    let o = kbdiag(&["explain", "KA-16945", "--compiled"]).run();
    assert!(o.stdout.contains("literal \"| \" (automaton)"), "{}", o.stdout);
    let unknown = kbdiag(&["explain", "KA-99999", "--compiled"]).run();
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no loaded rule has the id or KB article 'KA-99999'"));
}

#[test]
fn profile_says_where_the_scan_time_went() {
    let o = kbdiag(&["diagnose", "--profile", &fixture("confirmed")]).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    let line = o.stderr.lines().find(|l| l.starts_with("stages (thread time")).expect("a stages line");
    // Each stage is named with a time in seconds; the fixture's logs were read and searched.
    for stage in ["reading and decompressing", "literal search", "lines", "symptoms"] {
        let at = line.find(stage).unwrap_or_else(|| panic!("no '{stage}' in: {line}"));
        // A number of seconds follows each name (the engine's tests check the times themselves).
        let secs = line[at + stage.len()..].trim_start().split(' ').next().unwrap().trim_end_matches(',');
        secs.parse::<f64>().unwrap_or_else(|_| panic!("'{stage}' is not followed by seconds: {line}"));
    }
    // Without --profile, nothing of it.
    let o = kbdiag(&["diagnose", &fixture("confirmed")]).run();
    assert!(!o.stderr.contains("stages (thread time"), "{}", o.stderr);
}

/// `--rules` on a folder holding a built-in pack (to try an edit) replaces the built-in copy:
/// the edited rule is the one judged, and no rule is a duplicate.
#[test]
fn a_pack_folder_given_replaces_the_built_in_pack_of_its_name() {
    let d = tempfile::tempdir().unwrap();
    let pack = d.path().join("adobe-campaign");
    let src = repo().join("rules/adobe-campaign");
    for e in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let rel = e.path().strip_prefix(&src).unwrap();
        let to = pack.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let rule = pack.join("rules/KA-05406.yaml");
    let text = std::fs::read_to_string(&rule).unwrap();
    let edited = text.replacen("\ntitle: ", "\ntitle: EDITED ", 1);
    assert_ne!(text, edited);
    std::fs::write(&rule, edited).unwrap();
    let ex = repo().join("examples/ka-05406").display().to_string();
    let o = kbdiag(&["diagnose", "--format", "json", "--rules", &pack.display().to_string(), &ex]).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("replaces the built-in pack 'adobe-campaign'"), "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0), "{:#}", v["errors"]);
    assert_eq!(v["stats"]["rules"], 128);
    assert!(v["findings"][0]["title"].as_str().unwrap_or("").starts_with("EDITED "), "{:#}", v["findings"][0]);
}

/// A `.tar.gz` of a KA-05406 bundle of `n` errors and restarts (members of about 100 bytes a
/// line), made in memory.
fn ka05406_tar_gz(dir: &std::path::Path, n: usize) -> Vec<u8> {
    let src = dir.join("src");
    common::ka05406_bundle(&src, n);
    let mut b = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for f in ["marketing/wfserver.log", "rt1/web.log"] {
        b.append_path_with_name(src.join(f), f).unwrap();
    }
    b.into_inner().unwrap().finish().unwrap()
}

#[test]
fn archive_members_past_the_memory_budget_are_judged_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    // 20,000 errors: members of about 2 MiB, over a budget of nothing.
    let tgz = tmp.path().join("bundle.tar.gz");
    std::fs::write(&tgz, ka05406_tar_gz(tmp.path(), 20_000)).unwrap();
    let path = tgz.display().to_string();
    let run = |extra: &[&str], env: Option<(&str, &str)>| {
        let mut args = vec!["diagnose", "--format", "json", &path];
        args.extend_from_slice(extra);
        let mut k = kbdiag(&args);
        if let Some((key, value)) = env {
            k = k.env(key, value);
        }
        let (code, mut v, err) = k.json();
        assert_eq!(code, 0, "{err}");
        v["stats"]["elapsed_ms"] = serde_json::Value::Null;
        v
    };
    let memory = run(&[], None);
    assert_eq!(memory["findings"][0]["kb"], "KA-05406", "{memory:#}");
    assert_eq!(memory["findings"][0]["outcome"], "confirmed");
    assert_eq!(memory["complete"], true);
    // In mapped temporary files: the same report, byte for byte but for the time taken.
    let spilled_tmp = tmp.path().join("spill");
    std::fs::create_dir_all(&spilled_tmp).unwrap();
    let spilled = run(&["--max-archive-memory", "0"], Some(("TMPDIR", &spilled_tmp.display().to_string())));
    assert_eq!(spilled, memory);
    // The files have no name: nothing is left in the folder.
    assert_eq!(std::fs::read_dir(&spilled_tmp).unwrap().count(), 0);
    // No temporary folder to write to: held in memory all the same, nothing lost.
    let nowhere = run(&["--max-archive-memory", "0"], Some(("TMPDIR", "/nonexistent/kbdiag-tmp")));
    assert_eq!(nowhere, memory);
}
