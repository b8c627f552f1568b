//! The authoring toolkit: `kbdiag lint` finds every planted mistake with its place, and
//! `kbdiag test` runs the fixture cases, shows a diff when a report changes and accepts it with
//! `--update`; `--lang` renders the translated texts.

use std::path::Path;
use std::process::Command;

fn kbdiag(args: &[&str]) -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let o =
        Command::new(env!("CARGO_BIN_EXE_kbdiag")).args(args).current_dir(&root).env("NO_COLOR", "1").output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

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
    // 10. A fixture case that names no rule of the pack.
    write(dir, "fixtures/KA-99/ghost/case.yaml", "rule: KA-99\nexpect: confirmed\n");
    write(dir, "fixtures/KA-99/ghost/bundle/x.log", "2024-06-12T06:00:00Z x\n");
}

#[test]
fn lint_reports_every_planted_mistake_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    planted(tmp.path());
    let (code, out, _) = kbdiag(&["lint", "--format", "json", &tmp.path().display().to_string()]);
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
        ("r07.yaml", "'typo' is not a symptom", Some(7)),
        ("r08.yaml", "'orphan' is used by no condition", Some(6)),
        ("r09.yaml", "wider than a week", Some(8)),
        ("ghost/case.yaml", "no rule 'KA-99'", None),
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
    let (code, text, _) = kbdiag(&["lint", &tmp.path().display().to_string()]);
    assert_eq!(code, 1);
    assert!(text.contains("r05.yaml:6:5: error: rule r05: symptoms.s.regex"), "{text}");
}

#[test]
fn lint_of_the_shipped_packs_is_clean() {
    let (code, out, err) = kbdiag(&["lint"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("2 pack(s): 0 error(s), 0 warning(s)\n"), "{out}");
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
    let (code, out, _) = kbdiag(&["test", &pack]);
    assert_eq!(code, 1, "no snapshots yet: {out}");
    assert!(out.contains("no snapshot"), "{out}");
    let (code, out, _) = kbdiag(&["test", &pack, "--update"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 snapshot(s) written"), "{out}");
    let (code, out, _) = kbdiag(&["test", &pack]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 passed, 0 failed"), "{out}");
    // Change the rule's text: the report differs, and the diff says how.
    write(d, "rules/fine.yaml", &OK_RULE.replace("cause: c", "cause: a better cause"));
    let (code, out, _) = kbdiag(&["test", &pack]);
    assert_eq!(code, 1);
    assert!(out.contains("  -   Cause: c\n  +   Cause: a better cause"), "{out}");
    // An outcome that differs from the case fails too.
    write(d, "fixtures/KA-1/quiet/bundle/x.log", "2024-06-12T06:00:00Z ALPHA\n");
    let (_, out, _) = kbdiag(&["test", &pack, "--update"]);
    assert!(out.contains("outcome confirmed but the case expects not_matched"), "{out}");
}

#[test]
fn pack_test_runs_the_shipped_packs() {
    let (code, out, _) = kbdiag(&["test"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" 0 failed"), "{out}");
}

#[test]
fn lang_sv_renders_ka_05406_in_swedish() {
    let (code, out, _) = kbdiag(&["diagnose", "--lang", "sv", "examples/ka-05406/"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("CONFIRMED KA-05406 Message Center-synkroniseringen kan inte logga in på RT-servern"),
        "{out}"
    );
    assert!(out.contains("1. Arbetsflödets logg visar Logon-felet 2024-06-12T04:00:04.118Z"), "{out}");
    assert!(out.contains("kl. 04:11 UTC (06:11 RT-serverns tid)"), "{out}");
    // A language a rule does not have falls back to the pack's own.
    let (_, out, _) = kbdiag(&["diagnose", "--lang", "de", "examples/ka-05406/"]);
    assert!(out.contains("1. The workflow log shows the Logon error"), "{out}");
    let (_, out, _) =
        kbdiag(&["diagnose", "--lang", "sv", "rules/adobe-campaign/fixtures/KA-05406/possible-recurring/bundle"]);
    assert!(out.contains("Felet återkommer vid ungefär 06:00 under 3 dagar"), "{out}");
}

#[test]
fn the_committed_json_schemas_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for kind in ["rule", "pack", "format", "case"] {
        let (code, out, _) = kbdiag(&["schema", kind]);
        assert_eq!(code, 0);
        let file = root.join(format!("docs/schema/{kind}.schema.json"));
        let committed = std::fs::read_to_string(&file).unwrap();
        assert_eq!(out, committed, "{} is stale: run `kbdiag schema {kind} > {}`", file.display(), file.display());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["additionalProperties"], false, "{kind}: unknown keys must be refused in editors too");
    }
    let (_, rule, _) = kbdiag(&["schema"]);
    for key in ["symptoms", "conditions", "require", "confirm", "text", "translations", "supersedes"] {
        assert!(rule.contains(&format!("\"{key}\"")), "rule schema lacks {key}");
    }
}
