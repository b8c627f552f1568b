//! Hostile rules: alias bombs, enormous and catastrophic regexes, runaway templates, and a pack
//! of hundreds of broken rules. Each ends as a clear load error or that rule's `error` outcome,
//! quickly, and the other rules still report.

use kbdiag_engine::judge::Outcome;
use kbdiag_engine::pack::{PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;

const GOOD: &str = "id: good\nkb: {article: KA-G}\ntitle: good\nsymptoms:\n  s: {contains: [ALPHA]}\nrequire: s\ntext: {cause: c, steps: [s]}\n";

fn load(rules: &[(String, String)]) -> RuleSet {
    let mut files = vec![("pack.yaml".to_string(), "name: hostile\nversion: 0.0.1\n".to_string())];
    files.push(("rules/good.yaml".into(), GOOD.into()));
    files.extend(rules.iter().cloned());
    let mut set = RuleSet::default();
    set.add(PackFiles { origin: "hostile".into(), files });
    set
}

fn run(set: &RuleSet, lines: &[&str]) -> kbdiag_engine::Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.log"), lines.join("\n") + "\n").unwrap();
    kbdiag_engine::diagnose(set, &[dir.path().display().to_string()], &ScanOptions::default())
}

fn good_still_reports(set: &RuleSet) {
    let r = run(set, &["2024-06-12T06:00:00Z ALPHA"]);
    assert!(r.report.findings.iter().any(|f| f.rule == "good"), "{:?}", r.report.findings);
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut y = String::from("id: bomb\nkb: {article: KA-B}\ntitle: t\nsymptoms:\n  s: {contains: [x]}\nconditions:\n");
    y.push_str("  a: &a {all: [s, s, s, s, s, s, s, s, s]}\n");
    let mut prev = 'a';
    for c in "bcdefghijklmn".chars() {
        y.push_str(&format!("  {c}: &{c} {{all: [{}]}}\n", vec![format!("*{prev}"); 9].join(", ")));
        prev = c;
    }
    y.push_str("require: s\ntext: {cause: c, steps: [s]}\n");
    let set = load(&[("rules/bomb.yaml".into(), y)]);
    let msgs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
    assert!(msgs.iter().any(|m| m.contains("bomb.yaml") && m.contains("repetition limit exceeded")), "{msgs:?}");
    good_still_reports(&set);
}

#[test]
fn an_enormous_regex_is_a_load_error() {
    let r = GOOD
        .replace("id: good", "id: huge")
        .replace("KA-G", "KA-H")
        .replace("{contains: [ALPHA]}", "{regex: '(?:a{1000}){1000}'}");
    let set = load(&[("rules/huge.yaml".into(), r)]);
    let msgs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("rule huge") && m.contains("symptoms.s.regex") && m.contains("size limit")),
        "{msgs:?}"
    );
    good_still_reports(&set);
}

#[test]
fn a_catastrophic_pattern_runs_in_linear_time() {
    // (a+)+$ backtracks exponentially in PCRE; here it is an automaton and simply fails.
    let r = GOOD
        .replace("id: good", "id: redos")
        .replace("KA-G", "KA-R")
        .replace("{contains: [ALPHA]}", "{contains: [aaaa], regex: '^\\S+ (a+)+$'}");
    let set = load(&[("rules/redos.yaml".into(), r)]);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    // The time the rule costs (`--profile`'s measure) on a line of n a's then a b: the fastest
    // of three runs, and the candidate lines its symptom examined.
    let cost = |n: usize| -> (u64, u64) {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("2024-06-12T06:00:00Z {}b", "a".repeat(n));
        std::fs::write(dir.path().join("x.log"), format!("{long}\n2024-06-12T06:00:01Z ALPHA\n")).unwrap();
        let opts = ScanOptions { profile: true, ..Default::default() };
        let mut best = (u64::MAX, 0);
        for _ in 0..3 {
            let res = kbdiag_engine::diagnose(&set, &[dir.path().display().to_string()], &opts);
            let redos = res.rules.iter().find(|r| set.rules[r.rule].id == "redos").unwrap();
            assert_eq!(redos.outcome, Outcome::NotMatched);
            assert!(res.report.findings.iter().any(|f| f.rule == "good"));
            // --profile's stages: the file was read, searched, walked and matched.
            let st = res.stages;
            assert!(st.read_ns > 0 && st.search_ns > 0 && st.lines_ns > 0 && st.symptoms_ns > 0, "{st:?}");
            best = (best.0.min(redos.nanos), redos.candidates);
        }
        best
    };
    // Both lengths past the few hundred KB where the regex crate turns from its bounded
    // backtracker to its PikeVM (a constant factor, not a growth).
    let (small, small_lines) = cost(750_000);
    let (big, big_lines) = cost(6_000_000);
    // The long line is examined once, whatever its length.
    assert_eq!((small_lines, big_lines), (1, 1));
    // 8 times the text: about 8 times the work when linear, 64 times when quadratic (and
    // exponential backtracking would not end). A generous bound between the two; a ratio of
    // the same run's own measures, not a time limit.
    let ratio = big as f64 / small.max(1) as f64;
    assert!(ratio < 24.0, "8x the text cost {ratio:.1}x the time ({small} ns, then {big} ns)");
}

#[test]
fn runaway_templates_end_the_rule_in_error() {
    for (name, text) in [
        ("loop", "'${ let n = 0; loop { n += 1; } n }'"),
        ("big", "'${ let s = \"x\"; for i in 0..40 { s += s; } s }'"),
        ("index", "'${ [][5] }'"),
        ("missing", "'${ no_such_variable }'"),
    ] {
        let r = GOOD
            .replace("id: good", &format!("id: {name}"))
            .replace("KA-G", "KA-X")
            .replace("steps: [s]", &format!("steps: [{text}]"));
        let set = load(&[(format!("rules/{name}.yaml"), r)]);
        assert!(set.errors.is_empty(), "{name}: {:?}", set.errors);
        let res = run(&set, &["2024-06-12T06:00:00Z ALPHA"]);
        let bad = res.rules.iter().find(|r| set.rules[r.rule].id == name).unwrap();
        assert_eq!(bad.outcome, Outcome::Error, "{name}");
        let e = res.report.errors.iter().find(|e| e.rule.as_deref() == Some(name)).unwrap();
        assert!(e.message.starts_with("text.steps[0]:"), "{name}: {}", e.message);
        assert!(res.report.findings.iter().any(|f| f.rule == "good"), "{name}");
    }
}

#[test]
fn hundreds_of_broken_rules_are_all_reported_and_the_good_one_still_works() {
    let mistakes = [
        "id: X\nkb: {article: KA-X}\ntitle: [unclosed\n",
        "id: X\nkb: {article: KA-X}\ntitle: t\nsymptoms:\n  s: {regex: 'a(b'}\nrequire: s\ntext: {cause: c, steps: [s]}\n",
        "id: X\nkb: {article: KA-X}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: nope\ntext: {cause: c, steps: [s]}\n",
        "id: X\nkb: {article: KA-X}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: s\ntext: {cause: '${ 1 + }', steps: [s]}\n",
        "id: X\nkb: {article: KA-X}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: s\nextra: 1\ntext: {cause: c, steps: [s]}\n",
        "id: X\nkb: {article: KA-X}\ntitle: t\nsymptoms:\n  s: {contains: [a]}\nrequire: {near: {a: s, b: s, within: 0m}}\ntext: {cause: c, steps: [s]}\n",
    ];
    let files: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("rules/bad-{i:03}.yaml"),
                mistakes[i % mistakes.len()].replace("id: X", &format!("id: bad-{i:03}")),
            )
        })
        .collect();
    let set = load(&files);
    assert_eq!(set.rules.len(), 1, "only the good rule loads");
    let files_with_errors: std::collections::BTreeSet<&str> = set.errors.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files_with_errors.len(), 300, "every broken file is named");
    good_still_reports(&set);
}

/// The operation budget bounds work, not time: a template whose every operation copies a
/// 15 MB string would run for minutes within it. Each evaluation also has a wall-clock limit;
/// past it the rule ends `error` and the others still report.
#[test]
fn a_slow_template_is_stopped_by_the_clock() {
    let slow = GOOD.replace("id: good", "id: slow").replace("KA-G", "KA-S").replace(
        "text: {cause: c, steps: [s]}",
        "text: {cause: '${let s = \"x\"; for i in 0..23 { s += s; } let n = 0; loop { let t = s + \"y\"; n += 1; } n}', steps: [s]}",
    );
    let set = load(&[("rules/slow.yaml".into(), slow)]);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.log"), "2024-06-12T06:00:00Z ALPHA\n").unwrap();
    let opts = ScanOptions { script_time: Some(std::time::Duration::from_millis(500)), ..Default::default() };
    let started = std::time::Instant::now();
    let r = kbdiag_engine::diagnose(&set, &[dir.path().display().to_string()], &opts);
    let slow = r.rules.iter().find(|x| set.rules[x.rule].id == "slow").unwrap();
    assert_eq!(slow.outcome, Outcome::Error);
    assert!(slow.error.as_deref().unwrap_or("").contains("Took too long"), "{:?}", slow.error);
    assert!(r.report.findings.iter().any(|f| f.rule == "good"));
    // Not a timing assertion on the machine's speed: without the clock this runs for minutes.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn other_server_than_must_name_another_symptom() {
    for other in ["nowhere", "s"] {
        let y = format!(
            "id: srv\nkb: {{article: KA-S}}\ntitle: t\nsymptoms:\n  s: {{contains: [x], other_server_than: {other}}}\nrequire: s\ntext: {{cause: c, steps: [s]}}\n"
        );
        let set = load(&[("rules/srv.yaml".into(), y)]);
        let e =
            set.errors.iter().find(|e| e.rule.as_deref() == Some("srv")).unwrap_or_else(|| panic!("{:?}", set.errors));
        assert!(e.to_string().contains("other_server_than") && e.to_string().contains("not another symptom"), "{e}");
        good_still_reports(&set);
    }
}
