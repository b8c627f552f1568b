//! The authoring toolkit: `kbdiag lint` finds every planted mistake with its place, and
//! `kbdiag test` runs the fixture cases, shows a diff when a report changes and accepts it with
//! `--update`; `--lang` renders the translated texts.

mod common;

use common::{kbdiag, repo, Out};
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const OK_RULE: &str = "id: fine\nkb: {article: KA-1}\ntitle: fine\nsymptoms:\n  s: {contains: [ALPHA]}\nrequire: s\ntext: {cause: c, steps: [s]}\n";

/// A pack with ten different mistakes, one per file or case.
fn planted(dir: &Path) {
    write(dir, "pack.yaml", "name: planted\nversion: 0.0.1\ntranslations: [sv]\n");
    // 1. YAML syntax error.
    write(dir, "rules/r01.yaml", "id: r01\nkb: {article: KA-01\ntitle: t\n");
    // 2. Unknown field.
    write(
        dir,
        "rules/r02.yaml",
        &OK_RULE.replace("fine", "r02").replace("KA-1", "KA-02").replace("require: s", "require: s\nseverty: high"),
    );
    // 3. Wrong type.
    write(
        dir,
        "rules/r03.yaml",
        &OK_RULE.replace("fine", "r03").replace("KA-1", "KA-03").replace("{contains: [ALPHA]}", "{contains: 42}"),
    );
    // 4. Duplicate rule id (the same as r02's good twin below).
    write(dir, "rules/r04a.yaml", &OK_RULE.replace("id: fine", "id: twin").replace("KA-1", "KA-04"));
    write(dir, "rules/r04b.yaml", &OK_RULE.replace("id: fine", "id: twin").replace("KA-1", "KA-04"));
    // 5. Bad regex.
    write(
        dir,
        "rules/r05.yaml",
        "id: r05\nkb: {article: KA-05}\ntitle: t\nsymptoms:\n  s:\n    regex: 'a(b'\nrequire: s\ntext: {cause: c, steps: [s]}\n",
    );
    // 6. Rhai compile error in a step.
    write(dir, "rules/r06.yaml", "id: r06\nkb: {article: KA-06}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\nrequire: s\ntext:\n  cause: c\n  steps:\n    - fine\n    - 'broken ${ 1 + }'\n");
    // 6b. The same in a folded block: the position lands on the second line of the block.
    write(
        dir,
        "rules/r10.yaml",
        "id: r10\nkb: {article: KA-10}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\nrequire: s\ntext:\n  cause: c\n  steps:\n    - >-\n      first line\n      then ${ 2 * }\n",
    );
    // 7. Unknown symptom name in a condition.
    write(
        dir,
        "rules/r07.yaml",
        "id: r07\nkb: {article: KA-07}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\nconditions:\n  close:\n    near: {a: s, b: typo, within: 5m}\nrequire: close\ntext: {cause: c, steps: [s]}\n",
    );
    // 8. A symptom nothing uses.
    write(dir, "rules/r08.yaml", "id: r08\nkb: {article: KA-08}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\n  orphan: {contains: [y]}\nrequire: s\ntext: {cause: c, steps: [s]}\n");
    // 9. A window that makes no sense.
    write(
        dir,
        "rules/r09.yaml",
        "id: r09\nkb: {article: KA-09}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\n  u: {contains: [y]}\nconditions:\n  far:\n    near: {a: s, b: u, within: 30d}\nrequire: far\ntext: {cause: c, steps: [s]}\n",
    );
    // 11. Slow symptoms: one ignoring case, one without any literal.
    write(
        dir,
        "rules/r11.yaml",
        "id: r11\nkb: {article: KA-11}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\n  folded:\n    regex: '(?i)boom happened'\n  bare:\n    regex: '\\d+'\nrequire: {all: [s, folded, bare]}\ntext: {cause: c, steps: [s]}\n",
    );
    // 10. A fixture case that names no rule of the pack.
    write(dir, "fixtures/KA-99/ghost/case.yaml", "rule: KA-99\nexpect: confirmed\n");
    write(dir, "fixtures/KA-99/ghost/bundle/x.log", "2024-06-12T06:00:00Z x\n");
}

#[test]
fn lint_reports_every_planted_mistake_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    planted(tmp.path());
    let Out { code, stdout: out, .. } = kbdiag(&["lint", "--format", "json", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 1, "errors exit 1: {out}");
    let problems: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let find = |file: &str, needle: &str| -> serde_json::Value {
        problems
            .iter()
            .find(|p| p["file"].as_str().unwrap().ends_with(file) && p["message"].as_str().unwrap().contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("no problem in {file} with '{needle}': {problems:#?}"))
    };
    let cases = [
        ("r01.yaml", "did not find expected ',' or '}'", Some(3)),
        ("r02.yaml", "unknown field `severty`", Some(7)),
        ("r03.yaml", "invalid type: integer `42`", Some(5)),
        ("r04b.yaml", "already loaded", None),
        ("r05.yaml", "symptoms.s.regex", Some(6)),
        ("r06.yaml", "text.steps[1]", Some(11)),
        ("r10.yaml", "text.steps[0]", Some(12)),
        ("r07.yaml", "'typo' is not a symptom", Some(7)),
        ("r08.yaml", "'orphan' is used by no condition", Some(6)),
        ("r09.yaml", "wider than a week", Some(8)),
        ("ghost/case.yaml", "no rule 'KA-99'", None),
        ("r11.yaml", "symptom 'folded' ignores case", Some(6)),
        ("r11.yaml", "symptom 'bare' has no literal text", Some(8)),
    ];
    for (file, needle, line) in cases {
        let p = find(file, needle);
        if let Some(l) = line {
            assert_eq!(p["line"], l, "{file}: {p}");
        }
    }
    // And the pack-level checks: a missing translation, rules without cases.
    find("r08.yaml", "no 'sv' translation");
    find("r08.yaml", "no fixture case that must fire");
    let Out { code, stdout: text, .. } = kbdiag(&["lint", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 1);
    assert!(text.contains("r05.yaml:6:5: error: rule r05: symptoms.s.regex"), "{text}");
    // Rhai errors point at the character: the `}` of `${ 1 + }`, and inside a folded block.
    assert!(text.contains("r06.yaml:11:22: error: rule r06: text.steps[1]"), "{text}");
    assert!(text.contains("r10.yaml:12:19: error: rule r10: text.steps[0]"), "{text}");
}

#[test]
fn lint_of_the_shipped_packs_is_clean() {
    let Out { code, stdout: out, stderr: err } = kbdiag(&["lint"]).run();
    assert_eq!(code, 0, "{out}{err}");
    let packs = std::fs::read_dir(repo().join("rules"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("pack.yaml").is_file())
        .count();
    assert!(out.ends_with(&format!("{packs} pack(s): 0 error(s), 0 warning(s)\n")), "{out}");
}

#[test]
fn pack_test_shows_a_diff_and_update_accepts_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "pack.yaml", "name: t\nversion: 0.0.1\n");
    write(d, "rules/fine.yaml", OK_RULE);
    write(d, "fixtures/KA-1/fires/case.yaml", "rule: KA-1\nexpect: confirmed\ndescription: fires\n");
    write(d, "fixtures/KA-1/fires/bundle/x.log", "2024-06-12T06:00:00Z ALPHA\n");
    write(d, "fixtures/KA-1/quiet/case.yaml", "rule: KA-1\nexpect: not_matched\n");
    write(d, "fixtures/KA-1/quiet/bundle/x.log", "2024-06-12T06:00:00Z BRAVO\n");
    let pack = d.display().to_string();
    let Out { code, stdout: out, .. } = kbdiag(&["test", &pack]).run();
    assert_eq!(code, 1, "no snapshots yet: {out}");
    assert!(out.contains("no snapshot"), "{out}");
    let Out { code, stdout: out, .. } = kbdiag(&["test", &pack, "--update"]).run();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 snapshot(s) written"), "{out}");
    let Out { code, stdout: out, .. } = kbdiag(&["test", &pack]).run();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 passed, 0 failed"), "{out}");
    // Change the rule's text: the report differs, and the diff says how.
    write(d, "rules/fine.yaml", &OK_RULE.replace("cause: c", "cause: a better cause"));
    let Out { code, stdout: out, .. } = kbdiag(&["test", &pack]).run();
    assert_eq!(code, 1);
    assert!(out.contains("  -   Cause: c\n  +   Cause: a better cause"), "{out}");
    // An outcome that differs from the case fails too.
    write(d, "fixtures/KA-1/quiet/bundle/x.log", "2024-06-12T06:00:00Z ALPHA\n");
    let Out { stdout: out, .. } = kbdiag(&["test", &pack, "--update"]).run();
    assert!(out.contains("outcome confirmed but the case expects not_matched"), "{out}");
    // A year-less log dated by nothing but the clone's file times would give another report
    // next year (the CI of 2026-12-06 failed so): the case must say its year.
    let syslog = std::fs::read_to_string(repo().join("rules/linux/formats/syslog.yaml")).unwrap();
    write(d, "formats/syslog.yaml", &syslog);
    std::fs::remove_file(d.join("fixtures/KA-1/quiet/bundle/x.log")).unwrap();
    write(d, "fixtures/KA-1/quiet/bundle/syslog", "Dec 10 06:55:00 host app[1]: BRAVO\n");
    let Out { code, stdout: out, .. } = kbdiag(&["test", &pack]).run();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("add `year: YYYY` to its case.yaml"), "{out}");
    write(d, "fixtures/KA-1/quiet/case.yaml", "rule: KA-1\nexpect: not_matched\nyear: 2024\n");
    let Out { stdout: out, .. } = kbdiag(&["test", &pack, "--update"]).run();
    assert!(!out.contains("year: YYYY"), "{out}");
}

#[test]
fn pack_test_runs_the_shipped_packs() {
    let Out { code, stdout: out, .. } = kbdiag(&["test"]).run();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" 0 failed"), "{out}");
}

#[test]
fn lang_sv_renders_ka_05406_in_swedish() {
    let Out { code, stdout: out, .. } = kbdiag(&["diagnose", "--lang", "sv", "examples/ka-05406/"]).run();
    assert_eq!(code, 0);
    assert!(
        out.contains("CONFIRMED KA-05406 Message Center-synkroniseringen kan inte logga in på RT-servern"),
        "{out}"
    );
    assert!(out.contains("1. Arbetsflödets logg visar Logon-felet 2024-06-12T04:00:04.118Z"), "{out}");
    assert!(out.contains("kl. 04:11 UTC (06:11 RT-serverns tid)"), "{out}");
    // A language no loaded rule has is a usage error, not a silent fallback.
    let Out { code, stderr: err, .. } = kbdiag(&["diagnose", "--lang", "de", "examples/ka-05406/"]).run();
    assert_eq!(code, 2);
    assert!(err.contains("--lang de: no loaded rule is written in 'de' (available: en, sv)"), "{err}");
    let Out { stdout: out, .. } =
        kbdiag(&["diagnose", "--lang", "sv", "rules/adobe-campaign/fixtures/KA-05406/possible-recurring/bundle"]).run();
    assert!(out.contains("Felet återkommer vid ungefär 06:00 under 3 dagar"), "{out}");
}

#[test]
fn the_committed_json_schemas_are_current() {
    let root = repo();
    for kind in ["rule", "pack", "format", "case"] {
        let Out { code, stdout: out, .. } = kbdiag(&["schema", kind]).run();
        assert_eq!(code, 0);
        let file = root.join(format!("docs/schema/{kind}.schema.json"));
        let committed = std::fs::read_to_string(&file).unwrap();
        assert_eq!(out, committed, "{} is stale: run `kbdiag schema {kind} > {}`", file.display(), file.display());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["additionalProperties"], false, "{kind}: unknown keys must be refused in editors too");
    }
    let Out { stdout: rule, .. } = kbdiag(&["schema"]).run();
    for key in ["symptoms", "conditions", "require", "confirm", "text", "translations", "supersedes"] {
        assert!(rule.contains(&format!("\"{key}\"")), "rule schema lacks {key}");
    }
}

fn draft(article: &str) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pack.yaml", "name: drafts\nversion: 0.0.1\n");
    let Out { code, stdout: out, stderr: err } =
        kbdiag(&["new", "--from-kb", article, "--out", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 0, "{out}{err}");
    let number = Path::new(article).file_name().unwrap().to_string_lossy().split('.').next().unwrap().to_string();
    let rule = std::fs::read_to_string(tmp.path().join(format!("rules/{number}.yaml"))).unwrap();
    (tmp, rule)
}

fn lint_errors(dir: &Path) -> Vec<serde_json::Value> {
    let Out { stdout: out, .. } = kbdiag(&["lint", "--format", "json", &dir.display().to_string()]).run();
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    v.into_iter().filter(|p| p["severity"] == "error").collect()
}

#[test]
fn new_from_the_swedish_ka_05406_article() {
    // The article lives beside the repository (../shared), not in it: skip, saying so, when a
    // clone stands alone.
    if common::shared("kb/KA-05406.sv.md").is_none() {
        return;
    }
    let (tmp, rule) = draft("../shared/kb/KA-05406.sv.md");
    assert!(rule.contains("article: KA-05406") && rule.contains("revision: 4"), "{rule}");
    let s1 = rule.find("Kontrollera loggarna för det tekniska arbetsflödet").expect("step 1");
    let s2 = rule.find("ändra schemaläggaren för arbetsflödena på marknadsföringssidan").expect("step 2");
    assert!(s1 < s2, "steps in order");
    assert!(rule.contains("cause: \"Felet beror på att RT-servern startar samtidigt"), "{rule}");
    assert!(rule.contains("TODO"), "the draft marks what is left");
    assert!(lint_errors(tmp.path()).is_empty(), "the draft passes lint: {:?}", lint_errors(tmp.path()));
    // The pattern taken from the (translated) article matches the real English error line.
    let pack = tmp.path().display().to_string();
    let (_, v, _) = kbdiag(&[
        "diagnose",
        "--no-default-rules",
        "--rules",
        &pack,
        "--format",
        "json",
        "rules/adobe-campaign/fixtures/KA-05406/confirmed/bundle",
    ])
    .json();
    assert_eq!(v["findings"][0]["kb"], "KA-05406", "{v:#}");
    assert!(v["findings"][0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Empty return for method 'Logon' of service 'xtk:session'"));
}

#[test]
fn new_from_an_english_crlf_article_with_the_cause_under_resolution() {
    let (tmp, rule) = draft("tests/kb/KA-90001.en.md");
    assert!(rule.contains("title: \"Nightly export workflow stops with \\\"Invalid login or password\\\"\""), "{rule}");
    assert!(rule.contains("cause: \"The workflow runs as an operator whose account was disabled"), "{rule}");
    assert!(
        rule.contains("- \"Enable that operator again, or pick an active one, then save the workflow.\""),
        "continued step: {rule}"
    );
    assert!(rule.contains("regex: \"(?i)XSV\\\\-350012"), "the error code leads the pattern: {rule}");
    assert!(!rule.contains('\r'));
    assert!(lint_errors(tmp.path()).is_empty());
}

#[test]
fn new_from_an_article_without_log_text() {
    let (tmp, rule) = draft("tests/kb/KA-90002.md");
    assert!(rule.contains("the article quotes no log text"), "{rule}");
    assert!(rule.contains("cause: \"The aggregation workflow was left paused by the upgrade.\""), "{rule}");
    assert!(rule.contains("- \"Start the aggregation workflow again.\""), "{rule}");
    assert!(rule.contains("products: [\"Campaign v8\"]"), "{rule}");
    assert!(lint_errors(tmp.path()).is_empty());
    // The fixture skeletons are there, waiting for logs.
    assert!(tmp.path().join("fixtures/KA-90002/fires/case.yaml").is_file());
    assert!(tmp.path().join("fixtures/KA-90002/near-miss/bundle").is_dir());
    // It does not overwrite without --force.
    let Out { code, stderr: err, .. } =
        kbdiag(&["new", "--from-kb", "tests/kb/KA-90002.md", "--out", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 2);
    assert!(err.contains("exists (use --force to overwrite)"), "{err}");
}

#[test]
fn a_pack_that_needs_a_newer_engine_is_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "pack.yaml", "name: future\nversion: 2.0.0\nengine: \">=9.1\"\n");
    write(tmp.path(), "rules/fine.yaml", OK_RULE);
    let Out { code, stderr: err, .. } = kbdiag(&["rules", "list", "--rules", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 2);
    assert!(
        err.contains("pack.yaml: this pack needs kbdiag engine >=9.1, but this kbdiag is 0.1.0: update kbdiag"),
        "{err}"
    );
    // Any Cargo-style requirement is understood (semver): ~9 wants 9.x.
    write(tmp.path(), "pack.yaml", "name: odd\nversion: 2.0.0\nengine: \"~9\"\n");
    let Out { stderr: err, .. } = kbdiag(&["rules", "list", "--rules", &tmp.path().display().to_string()]).run();
    assert!(err.contains("this pack needs kbdiag engine ~9, but this kbdiag is 0.1.0"), "{err}");
    write(tmp.path(), "pack.yaml", "name: odd\nversion: 2.0.0\nengine: \"newest\"\n");
    let Out { stderr: err, .. } = kbdiag(&["rules", "list", "--rules", &tmp.path().display().to_string()]).run();
    assert!(err.contains("engine requirement 'newest' not understood"), "{err}");
    write(tmp.path(), "pack.yaml", "name: ok\nversion: 2.0.0\nengine: \">=0.1\"\n");
    let Out { code, stdout: out, .. } = kbdiag(&["rules", "list", "--rules", &tmp.path().display().to_string()]).run();
    assert_eq!(code, 0);
    assert!(out.contains("ok 2.0.0"), "{out}");
}

#[test]
fn lint_shows_the_line_and_a_caret_under_the_place() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "pack.yaml", "name: snip\nversion: 0.0.1\n");
    write(
        d,
        "rules/flow.yaml",
        "id: flow\nkb: {article: KA-1}\ntitle: t\nsymptoms: {s: {regex: 'a('}, orphan: {contains: [y]}}\nrequire: s\ntext: {cause: c, steps: [s]}\n",
    );
    write(
        d,
        "rules/steps.yaml",
        "id: steps\nkb: {article: KA-2}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\nrequire: s\ntext:\n  cause: c\n  steps:\n    - fine\n    - |\n      literal\n      then ${ 3 - }\n",
    );
    write(
        d,
        "rules/warn.yaml",
        "id: warn\nkb: {article: KA-3}\ntitle: t\nsymptoms: {s: {contains: [x]}, orphan: {contains: [y]}}\nrequire: s\ntext: {cause: c, steps: [s]}\n",
    );
    let Out { code, stdout: out, .. } = kbdiag(&["lint", &d.display().to_string()]).run();
    assert_eq!(code, 1, "{out}");
    // The error in flow style: the `regex` key, not just its line.
    let flow = "flow.yaml:4:16: error: rule flow: symptoms.s.regex: regex parse error:";
    let at = out.find(flow).unwrap_or_else(|| panic!("{out}"));
    let snippet = "  |\n4 | symptoms: {s: {regex: 'a('}, orphan: {contains: [y]}}\n  |                ^\n";
    assert!(out[at..].contains(snippet), "{out}");
    // A warning lint makes itself, placed through the same index.
    assert!(
        out.contains("warn.yaml:4:32: warning: rule warn: symptom 'orphan' is used by no condition and no text\n  |\n4 | symptoms: {s: {contains: [x]}, orphan: {contains: [y]}}\n  |                                ^\n"),
        "{out}"
    );
    // The Rhai error in a literal block: its own line, the `}`.
    assert!(
        out.contains("steps.yaml:13:19: error: rule steps: text.steps[1]: Unexpected '}' (line 2, position 13)\n   |\n13 |       then ${ 3 - }\n   |                   ^\n"),
        "{out}"
    );
    // JSON keeps its shape: no snippet in it.
    let Out { stdout: json, .. } = kbdiag(&["lint", "--format", "json", &d.display().to_string()]).run();
    let v: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = v[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["column", "file", "line", "message", "rule", "severity"], "{json}");
}

/// A rule that confirms on an HTTP status, a shared error code or a generic database error alone
/// is warned about; one with the article's context in `confirm`, a `where`, or a
/// `# generic-ok: REASON` comment is not.
#[test]
fn lint_warns_on_a_rule_confirming_on_one_generic_signal() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "pack.yaml", "name: generic\nversion: 0.0.1\n");
    let rule = |id: &str, kb: &str, symptoms: &str, tail: &str| {
        format!("id: {id}\nkb: {{article: {kb}}}\ntitle: t\n{tail}symptoms:\n{symptoms}require: s\ntext: {{cause: c, steps: ['${{s.len()}}']}}\n")
    };
    let forbidden = "  s: {contains: [\"'Forbidden' type error (403)\"], regex: \"INT-\\\\d+ The HTTP query returned an? 'Forbidden' type error \\\\(403\\\\)\"}\n";
    // 1. An HTTP status alone.
    write(d, "rules/http.yaml", &rule("http", "KA-1", forbidden, ""));
    // 2. The same with the article's context as a confirming condition: fine.
    write(
        d,
        "rules/context.yaml",
        &rule("context", "KA-2", &format!("{forbidden}  publish: {{contains: [Publishing the template]}}\n"), "")
            .replace("require: s\n", "require: s\nconfirm: {near: {a: s, b: publish, within: 1m}}\n"),
    );
    // 3. The same, said to be enough.
    write(d, "rules/said.yaml", &rule("said", "KA-3", forbidden, "# generic-ok: the only 403 this product writes\n"));
    // 4. An error code two rules use, alone; 5. the other rule names its context.
    write(d, "rules/code.yaml", &rule("code", "KA-4", "  s: {contains: [XTK-170006]}\n", ""));
    write(
        d,
        "rules/code2.yaml",
        &rule("code2", "KA-5", "  s: {regex: \"XTK-170006 Unable to evaluate the expression 'GetDataSources\"}\n", ""),
    );
    // 6. A code only one rule uses is that rule's own signal.
    write(d, "rules/own.yaml", &rule("own", "KA-6", "  s: {contains: [WDB-230011]}\n", ""));
    // 7. A generic database error, confirmed through an `any` whose other branch has context.
    write(
        d,
        "rules/db.yaml",
        &rule("db", "KA-7", "  s: {contains: [ORA-00904]}\n  ctx: {contains: ['nms:broadLogRcp']}\n  dup: {regex: 'duplicate key value violates unique constraint'}\n", "")
            .replace("require: s\n", "require: {any: [{all: [s, ctx]}, dup]}\n"),
    );
    let Out { stdout: json, .. } = kbdiag(&["lint", "--format", "json", &d.display().to_string()]).run();
    let v: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let warned: Vec<&str> = v
        .iter()
        .filter(|p| p["message"].as_str().unwrap_or("").contains("generic signal alone"))
        .map(|p| p["rule"].as_str().unwrap())
        .collect();
    assert_eq!(warned, ["code", "db", "http"], "{json}");
    let http = v.iter().find(|p| p["rule"] == "http" && p["message"].as_str().unwrap().contains("generic")).unwrap();
    assert_eq!(http["line"], 6, "placed on `require`: {http}");
    assert!(http["message"].as_str().unwrap().contains("(s)"), "{http}");
}

/// A prefilter literal on most lines of the pack's own fixture logs (KA-23188 once searched
/// `log`, the category column of every nlserver line: 10 million candidate lines in the 1 GiB
/// benchmark, 60 s instead of 1) is warned about with the rule, the symptom, the literal and
/// its share; a specific literal is not, nor a literal the regex takes on every line it is on,
/// nor anything in fixtures too small to say.
#[test]
fn lint_warns_on_a_prefilter_literal_on_most_fixture_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "pack.yaml", "name: busy\nversion: 0.0.1\n");
    let rule = |logon_regex: &str| {
        format!(
            "id: busy\nkb: {{article: KA-1}}\ntitle: t\nsymptoms:\n  logon:\n    regex: '{logon_regex}'\n  sync:\n    contains: [mcSynch_]\n    regex: '(?P<workflow>mcSynch_\\w+) \\(id=\\d+\\)'\nrequire: {{all: [logon, sync]}}\ntext: {{cause: c, steps: [s]}}\n"
        )
    };
    // Every line of the sync workflow, as nlserver writes it: `log` is its category column.
    let log = |n: usize, logon: bool| {
        let mut s: String = (0..n)
            .map(|i| {
                format!("2024-06-12 06:{:02}:{:02}.204Z 00003A1F 00003A2B 1 info log mcSynch_mcExec1 (id=11875) - Step {i} done\n", i / 60, i % 60)
            })
            .collect();
        if logon {
            s.push_str("2024-06-12 07:00:00.000Z 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=11875) - Logon failed for user bob\n");
        }
        s
    };
    let cases = |n: usize| {
        write(d, "fixtures/KA-1/fires/case.yaml", "rule: KA-1\nexpect: confirmed\nyear: 2024\n");
        write(d, "fixtures/KA-1/fires/bundle/wfserver.log", &log(n - 1, true));
        write(d, "fixtures/KA-1/quiet/case.yaml", "rule: KA-1\nexpect: not_matched\nyear: 2024\n");
        write(d, "fixtures/KA-1/quiet/bundle/wfserver.log", &log(n, false));
    };
    let lint = || {
        let Out { code, stdout: json, .. } = kbdiag(&["lint", "--format", "json", &d.display().to_string()]).run();
        assert_eq!(code, 0, "warnings only: {json}");
        serde_json::from_str::<Vec<serde_json::Value>>(&json).unwrap()
    };
    // The regex starts with `log` and nothing else fixed: the engine searches `log`.
    write(d, "rules/busy.yaml", &rule(r"log\b.*Logon failed for user (?P<user>\S+)"));
    cases(150);
    let Out { stdout: compiled, .. } =
        kbdiag(&["explain", "busy", "--compiled", "--no-default-rules", "--rules", &d.display().to_string()]).run();
    assert!(compiled.contains("literal \"log\" "), "{compiled}");
    let v = lint();
    assert_eq!(
        v.len(),
        1,
        "one warning, about `logon` (not `sync`, whose regex takes every line with its literal): {v:#?}"
    );
    let msg = v[0]["message"].as_str().unwrap();
    assert_eq!(v[0]["rule"], "busy");
    assert!(v[0]["file"].as_str().unwrap().ends_with("busy.yaml"), "{v:#?}");
    assert_eq!(v[0]["line"], 6, "placed on the regex: {v:#?}");
    assert!(
        msg.starts_with("symptom 'logon' of KA-1: its literal 'log' is on 100% of 300 fixture lines it reads (generic); its regex turns down 100% of them, and every such line becomes a candidate; make the literal as specific as the regex"),
        "{msg}"
    );
    // The text output: file:line, then the line.
    let Out { stdout: text, .. } = kbdiag(&["lint", &d.display().to_string()]).run();
    assert!(text.contains("busy.yaml:6:5: warning: rule busy: symptom 'logon' of KA-1: its literal 'log'"), "{text}");
    // The literal as specific as the regex: no warning.
    write(d, "rules/busy.yaml", &rule(r"Logon failed for user (?P<user>\S+)"));
    let v = lint();
    assert!(v.is_empty(), "{v:#?}");
    // Too few lines to say: the same busy literal in 20 lines gives no warning.
    write(d, "rules/busy.yaml", &rule(r"log\b.*Logon failed for user (?P<user>\S+)"));
    cases(10);
    let v = lint();
    assert!(v.is_empty(), "{v:#?}");
}
