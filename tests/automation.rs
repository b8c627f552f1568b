//! The automation surface of the CLI: batch runs over many bundles (`--each`), the
//! per-finding JSON Lines stream, quiet runs, output files, rule filters, completions and the
//! manual page.

mod common;
use common::{kbdiag, repo};

fn lines(s: &str) -> Vec<serde_json::Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn each_child_is_a_bundle_with_a_summary_at_the_end() {
    let d = tempfile::tempdir().unwrap();
    let cases = d.path().join("cases");
    std::fs::create_dir_all(cases.join("case-1/marketing")).unwrap();
    std::fs::create_dir_all(cases.join("case-1/rt1")).unwrap();
    let ex = repo().join("examples/ka-05406");
    std::fs::copy(ex.join("marketing/wfserver.log"), cases.join("case-1/marketing/wfserver.log")).unwrap();
    std::fs::copy(ex.join("rt1/web.log"), cases.join("case-1/rt1/web.log")).unwrap();
    std::fs::copy(repo().join("tests/field/archives/ka-05406.tar.gz"), cases.join("case-2.tar.gz")).unwrap();
    std::fs::create_dir_all(cases.join("case-3")).unwrap();
    std::fs::write(cases.join("case-3/app.log"), "2024-06-12T06:00:00Z all good\n").unwrap();
    let o = kbdiag(&["diagnose", "--each", &cases.display().to_string(), "--format", "json"]).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v = lines(&o.stdout);
    assert_eq!(v.len(), 4, "three reports and a summary");
    let b = |name: &str| cases.join(name).display().to_string();
    assert_eq!(v[0]["bundle"], b("case-1"));
    assert_eq!(v[1]["bundle"], b("case-2.tar.gz"));
    assert_eq!(v[2]["bundle"], b("case-3"));
    assert_eq!(v[0]["findings"][0]["outcome"], "confirmed");
    assert_eq!(v[1]["findings"][0]["outcome"], "confirmed");
    assert_eq!(v[2]["findings"], serde_json::json!([]));
    assert_eq!(v[3]["summary"]["bundles"], 3);
    assert_eq!(v[3]["summary"]["with_findings"], 2);
    assert_eq!(v[3]["summary"]["findings"]["confirmed"], 2);
    // Per finding, one line each, with its bundle.
    let o = kbdiag(&["diagnose", "--each", &cases.display().to_string(), "--format", "jsonl"]).run();
    let all = lines(&o.stdout);
    // Findings and the summary; the error and warning lines no rule explains come as lines of
    // their own (`unexplained`), each with its bundle.
    assert!(all.iter().any(|l| l["unexplained"].is_object() && l["bundle"] == b("case-1")), "{}", o.stdout);
    // Each bundle closes with a line that says whether it was read whole, also one with no
    // finding (`case-3`): no line at all could not be told from a run that read nothing.
    let done: Vec<&serde_json::Value> = all.iter().filter(|l| l["done"].is_object()).collect();
    assert_eq!(done.len(), 3, "{}", o.stdout);
    assert_eq!(done[2]["bundle"], b("case-3"));
    assert_eq!(done[2]["done"]["findings"], 0);
    assert_eq!(done[2]["done"]["complete"], true);
    assert_eq!(done[0]["done"]["findings"], 1);
    let v: Vec<serde_json::Value> =
        all.into_iter().filter(|l| !l["unexplained"].is_object() && !l["done"].is_object()).collect();
    assert_eq!(v.len(), 3, "two findings and the summary: {}", o.stdout);
    assert_eq!(v[0]["bundle"], b("case-1"));
    assert_eq!(v[0]["kb"], "KA-05406");
    assert!(v[2]["summary"].is_object());
    // --fail-on holds across the batch.
    let o = kbdiag(&["diagnose", "--each", &cases.display().to_string(), "--fail-on", "confirmed", "-q"]).run();
    assert_eq!((o.code, o.stdout.as_str()), (1, ""));
}

#[test]
fn shards_together_are_the_whole_batch() {
    // Seven bundles (some with findings, some without), shared by N workers: the union of the
    // N shards' report lines is the single run's, each bundle in exactly one shard.
    let d = tempfile::tempdir().unwrap();
    let cases = d.path().join("cases");
    let ex = repo().join("examples/ka-05406");
    for i in 0..7 {
        let c = cases.join(format!("case-{i}"));
        std::fs::create_dir_all(c.join("marketing")).unwrap();
        if i % 2 == 0 {
            std::fs::create_dir_all(c.join("rt1")).unwrap();
            std::fs::copy(ex.join("marketing/wfserver.log"), c.join("marketing/wfserver.log")).unwrap();
            std::fs::copy(ex.join("rt1/web.log"), c.join("rt1/web.log")).unwrap();
        } else {
            std::fs::write(c.join("marketing/app.log"), format!("2024-06-12T06:00:0{i}Z all good\n")).unwrap();
        }
    }
    let dir = cases.display().to_string();
    let run = |format: &str, extra: &[&str]| -> Vec<String> {
        let mut args = vec!["diagnose", "--each", &dir, "--format", format];
        args.extend_from_slice(extra);
        let o = kbdiag(&args).run();
        assert_eq!(o.code, 0, "{}", o.stderr);
        // The summary line is per run; the lines before it are what is shared out. A JSON
        // report says how long it took: that one field differs between runs.
        o.stdout
            .lines()
            .filter(|l| !l.starts_with("{\"summary\""))
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                if let Some(s) = v.get_mut("stats").and_then(|s| s.as_object_mut()) {
                    s.remove("elapsed_ms");
                }
                v.to_string()
            })
            .collect()
    };
    for format in ["jsonl", "json"] {
        let mut whole = run(format, &[]);
        // json: one report per bundle; jsonl: one line per finding (and per unexplained
        // template), at least the four confirmed KA-05406.
        if format == "json" {
            assert_eq!(whole.len(), 7);
        } else {
            assert!(whole.len() >= 4, "{}", whole.len());
        }
        whole.sort();
        for n in [1, 2, 3, 7, 9] {
            let mut union = Vec::new();
            for i in 0..n {
                let shard = format!("{i}/{n}");
                let part = run(format, &["--shard", &shard]);
                if format == "json" {
                    assert!(part.len() <= 7usize.div_ceil(n), "shard {shard}: {} reports", part.len());
                }
                union.extend(part);
            }
            union.sort();
            assert!(union == whole, "{format}, {n} shards: {} lines against {}", union.len(), whole.len());
        }
    }
    for bad in ["3/3", "1/0", "x/2", "2"] {
        let o = kbdiag(&["diagnose", "--each", &dir, "--shard", bad]).run();
        assert_eq!(o.code, 2, "--shard {bad}");
    }
    let o = kbdiag(&["diagnose", "--shard", "0/2", "examples/ka-05406"]).run();
    assert_eq!(o.code, 2, "--shard needs --each");
    // A Markdown or HTML report of --each would be JSON Lines without a word: a usage error.
    for format in ["markdown", "html"] {
        let o = kbdiag(&["diagnose", "--each", &dir, "--format", format]).run();
        assert_eq!(o.code, 2, "--each --format {format}");
        assert!(o.stderr.contains("--each writes one JSON report per line"), "{}", o.stderr);
        assert!(o.stdout.is_empty(), "{}", o.stdout);
    }
}

#[test]
fn a_fail_on_finding_is_not_hidden_by_a_bad_path() {
    let o = kbdiag(&["diagnose", "-q", "--fail-on", "confirmed", "examples/ka-05406", "no/such/path"]).run();
    assert_eq!(o.code, 1);
    let o = kbdiag(&["diagnose", "-q", "examples/ka-05406", "no/such/path"]).run();
    assert_eq!(o.code, 2);
}

#[test]
fn quiet_output_files_and_filters() {
    let o = kbdiag(&["diagnose", "-q", "--fail-on", "possible", "examples/ka-05406"]).run();
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (1, "", ""));
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("ticket.md");
    let o = kbdiag(&["diagnose", "--format", "markdown", "-o", &f.display().to_string(), "examples/ka-05406"]).run();
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
    assert!(std::fs::read_to_string(&f).unwrap().contains("Confirmed: [KA-05406]"));
    // Filters: one rule, one pack; names that select nothing are errors.
    let (_, v, _) = kbdiag(&["diagnose", "--format", "json", "--rule", "KA-05406", "examples/ka-05406"]).json();
    assert_eq!(v["stats"]["rules"], 1);
    let (_, v, _) = kbdiag(&["diagnose", "--format", "json", "--pack", "postgresql", "examples/ka-05406"]).json();
    assert_eq!(v["findings"], serde_json::json!([]));
    let o = kbdiag(&["diagnose", "--pack", "nosuch", "examples/ka-05406"]).run();
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--pack nosuch: no such pack"), "{}", o.stderr);
    let o = kbdiag(&["diagnose", "--rule", "KA-99999", "examples/ka-05406"]).run();
    assert_eq!(o.code, 2);
}

#[test]
fn completions_man_page_colour_and_help() {
    let o = kbdiag(&["completions", "bash"]).run();
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.contains("_kbdiag()") && o.stdout.contains("diagnose"),
        "{}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    let o = kbdiag(&["man"]).run();
    assert!(o.stdout.starts_with(".ie") || o.stdout.contains(".TH kbdiag"), "{}", &o.stdout[..200.min(o.stdout.len())]);
    let o = kbdiag(&["--color", "always", "diagnose", "examples/ka-05406"]).run();
    assert!(o.stdout.contains("\x1b["), "colour forced on a pipe");
    let o = kbdiag(&["--color", "never", "diagnose", "examples/ka-05406"]).env("CLICOLOR_FORCE", "1").run();
    assert!(!o.stdout.contains("\x1b["));
    let o = kbdiag(&["--help"]).run();
    assert!(o.stdout.contains("Exit status: 0") && o.stdout.contains("kbdiag diagnose bundle.tar.gz"), "{}", o.stdout);
}
