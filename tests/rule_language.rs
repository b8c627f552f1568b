//! The rule language, construct by construct: each one must fire and must not fire, at window
//! edges, with events out of order across files, across time zones and per group. Rules and
//! logs are written inline; logs use the generic ISO-timestamp format.

use kbdiag_engine::judge::Outcome;
use kbdiag_engine::pack::{PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;

/// A rule whose `require` is the condition under test; symptoms a, b, c match ALPHA, BRAVO,
/// CHARLIE and capture `host` (h1, h2 ...) when it follows.
fn rule(cond: &str) -> String {
    format!(
        "id: t\nkb: {{article: KA-T}}\ntitle: test\nsymptoms:\n  a: {{regex: 'ALPHA(?: (?P<host>h\\d))?'}}\n  \
         b: {{regex: 'BRAVO(?: (?P<host>h\\d))?'}}\n  c: {{regex: 'CHARLIE(?: (?P<host>h\\d))?'}}\n\
         require:\n  {cond}\ntext: {{cause: c, steps: [s]}}\n"
    )
}

fn pack(rules: &[&str]) -> RuleSet {
    let mut files = vec![("pack.yaml".to_string(), "name: t\nversion: 0.0.1\n".to_string())];
    for (i, r) in rules.iter().enumerate() {
        files.push((format!("rules/r{i}.yaml"), r.to_string()));
    }
    let mut set = RuleSet::default();
    set.add(PackFiles { origin: "test".into(), files });
    set
}

struct Result {
    outcome: Outcome,
    detail: String,
    run: kbdiag_engine::Run,
}

/// Run one rule set over logs given as (file name, lines).
fn run_set(set: &RuleSet, logs: &[(&str, &[&str])], tz: Option<&str>) -> Result {
    assert!(
        set.errors.is_empty(),
        "rule did not load: {:?}",
        set.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, lines) in logs {
        std::fs::write(dir.path().join(name), lines.join("\n") + "\n").unwrap();
    }
    let mut opts = ScanOptions::default();
    if let Some(z) = tz {
        opts.zone = Zone::parse(z).unwrap();
    }
    let run = kbdiag_engine::diagnose(set, &[dir.path().display().to_string()], &opts);
    let r = &run.rules[0];
    let detail = match r.outcome {
        Outcome::NotMatched => r.judgement.reason.clone(),
        Outcome::Error => r.error.clone().unwrap_or_default(),
        _ => r.judgement.require.detail.clone(),
    };
    Result { outcome: r.outcome, detail, run }
}

fn check(cond: &str, logs: &[(&str, &[&str])]) -> Result {
    run_set(&pack(&[&rule(cond)]), logs, None)
}

fn fires(cond: &str, logs: &[(&str, &[&str])]) -> String {
    let r = check(cond, logs);
    assert_eq!(r.outcome, Outcome::Confirmed, "{cond} should fire: {}", r.detail);
    r.detail
}

fn quiet(cond: &str, logs: &[(&str, &[&str])]) -> String {
    let r = check(cond, logs);
    assert_eq!(r.outcome, Outcome::NotMatched, "{cond} should not fire: {}", r.detail);
    r.detail
}

// ---- near / before / after ----

#[test]
fn near_includes_the_window_edge_and_not_one_millisecond_more() {
    let c = "near: {a: a, b: b, within: 10m}";
    fires(c, &[("x.log", &["2024-06-12T06:00:00.000Z ALPHA", "2024-06-12T06:10:00.000Z BRAVO"])]);
    let d = quiet(c, &[("x.log", &["2024-06-12T06:00:00.000Z ALPHA", "2024-06-12T06:10:00.001Z BRAVO"])]);
    assert!(d.contains("nearest") && d.contains("10m after it"), "{d}");
}

#[test]
fn near_pairs_events_out_of_order_across_files_and_zones() {
    // b is in another file, written earlier in that file than a is in its own, at +05:30.
    let logs: &[(&str, &[&str])] = &[
        ("a.log", &["2024-06-12T05:00:00Z noise", "2024-06-12T06:00:00Z ALPHA"]),
        ("b.log", &["2024-06-12 11:29:00+05:30 BRAVO", "2024-06-12 09:00:00+05:30 noise"]),
    ];
    let d = fires("near: {a: a, b: b, within: 2m}", logs);
    assert!(d.contains("closest 1m apart"), "{d}");
    quiet("near: {a: a, b: b, within: 30s}", logs);
}

#[test]
fn naive_times_follow_the_zone() {
    let set = pack(&[&rule("near: {a: a, b: b, within: 1m}")]);
    // 08:00 naive in Paris (summer) is 06:00Z.
    let logs: &[(&str, &[&str])] =
        &[("a.log", &["2024-06-12 08:00:00 ALPHA"]), ("b.log", &["2024-06-12T06:00:30Z BRAVO"])];
    assert_eq!(run_set(&set, logs, Some("Europe/Paris")).outcome, Outcome::Confirmed);
    assert_eq!(run_set(&set, logs, None).outcome, Outcome::NotMatched);
}

#[test]
fn before_and_after_respect_the_direction() {
    let logs: &[(&str, &[&str])] = &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:05:00Z BRAVO"])];
    fires("before: {a: a, b: b, within: 5m}", logs);
    quiet("after: {a: a, b: b, within: 5m}", logs);
    fires("after: {a: b, b: a, within: 5m}", logs);
    quiet("before: {a: a, b: b, within: 4m59s}", logs);
}

#[test]
fn after_until_holds_a_from_b_to_the_next_end_event() {
    // BRAVO begins a state (a stop) that CHARLIE ends (a start): ALPHA 20 minutes into a
    // 40-minute state counts, past the 10-minute window.
    let cond = "after: {a: a, b: b, within: 10m, until: {symptom: c, within: 1h}}";
    let down = ["2024-06-12T06:00:00Z BRAVO", "2024-06-12T06:40:00Z CHARLIE"];
    let with = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = down.iter().map(|s| s.to_string()).collect();
        v.push(format!("{t} ALPHA"));
        v
    };
    let run = |t: &str, c: &str| {
        let lines = with(t);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        check(c, &[("x.log", &refs)]).outcome
    };
    assert_eq!(run("2024-06-12T06:20:00Z", cond), Outcome::Confirmed);
    // The same without `until`: only the window.
    assert_eq!(run("2024-06-12T06:20:00Z", "after: {a: a, b: b, within: 10m}"), Outcome::NotMatched);
    // After the end event the state is over.
    assert_eq!(run("2024-06-12T06:41:00Z", cond), Outcome::NotMatched);
    // The state ends at the end event: A at its very time is inside, a millisecond later not.
    assert_eq!(run("2024-06-12T06:40:00Z", cond), Outcome::Confirmed);
    assert_eq!(run("2024-06-12T06:40:00.001Z", cond), Outcome::NotMatched);
    // A B that is itself an end event (CHARLIE and BRAVO on one line) begins nothing.
    let lines = ["2024-06-12T06:00:00Z BRAVO CHARLIE", "2024-06-12T06:30:00Z ALPHA"];
    assert_eq!(check(cond, &[("x.log", &lines)]).outcome, Outcome::NotMatched);
    // The state needs its end logged within `until.within`: a stop with no start after it
    // proves nothing (the log may show the server busy again), nor does one whose start
    // comes later than that.
    let lines = ["2024-06-12T06:00:00Z BRAVO", "2024-06-12T06:30:00Z ALPHA"];
    assert_eq!(check(cond, &[("x.log", &lines)]).outcome, Outcome::NotMatched);
    let lines = ["2024-06-12T06:00:00Z BRAVO", "2024-06-12T06:30:00Z ALPHA", "2024-06-12T07:00:00Z CHARLIE"];
    assert_eq!(check(cond, &[("x.log", &lines)]).outcome, Outcome::Confirmed);
    let lines = ["2024-06-12T06:00:00Z BRAVO", "2024-06-12T06:30:00Z ALPHA", "2024-06-12T07:00:01Z CHARLIE"];
    assert_eq!(check(cond, &[("x.log", &lines)]).outcome, Outcome::NotMatched);
}

#[test]
fn near_by_field_joins_only_the_same_group() {
    let logs: &[(&str, &[&str])] = &[("x.log", &["2024-06-12T06:00:00Z ALPHA h1", "2024-06-12T06:00:30Z BRAVO h2"])];
    fires("near: {a: a, b: b, within: 1m}", logs);
    let d = quiet("near: {a: a, b: b, within: 1m, by: host}", logs);
    assert!(d.contains("same host"), "{d}");
    fires(
        "near: {a: a, b: b, within: 1m, by: host}",
        &[(
            "x.log",
            &["2024-06-12T06:00:00Z ALPHA h1", "2024-06-12T06:00:30Z BRAVO h2", "2024-06-12T06:00:50Z BRAVO h1"],
        )],
    );
    // Events without the field never meet an event that has it; in pasted text (these logs are
    // generic text) they do not meet each other either: nothing says they are one group (the
    // lines of a known format without the field, a workflow's journal, do: KA-14962's fixture).
    quiet(
        "near: {a: a, b: b, within: 1m, by: host}",
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:30Z BRAVO"])],
    );
    quiet(
        "near: {a: a, b: b, within: 1m, by: host}",
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:30Z BRAVO h1"])],
    );
    quiet(
        "after: {a: a, b: b, within: 1m, by: host}",
        &[("x.log", &["2024-06-12T06:00:00Z BRAVO h1", "2024-06-12T06:00:30Z ALPHA"])],
    );
}

/// A line without the `by` field (pasted into a ticket without its pid) beside one with it, in
/// the window: nothing says whether they are one process or two. A confirmation that needs
/// them joined is then undecided (possible, saying which line), never contradicted (ruled out);
/// so is its negation. Lines of two known groups still contradict it.
#[test]
fn a_line_without_the_by_field_leaves_a_confirmation_undecided() {
    let rule = |confirm: &str| {
        format!(
            "id: t\nkb: {{article: KA-T}}\ntitle: test\nsymptoms:\n  a: {{regex: 'ALPHA(?: (?P<host>h\\d))?'}}\n  \
             b: {{regex: 'BRAVO(?: (?P<host>h\\d))?'}}\nrequire: a\nconfirm:\n  {confirm}\ntext: {{cause: c, steps: [s]}}\n"
        )
    };
    let run = |confirm: &str, lines: &[&str]| run_set(&pack(&[&rule(confirm)]), &[("x.log", lines)], None);
    let near = "near: {a: a, b: b, within: 1m, by: host}";
    let explain = |r: &Result| format!("{:?} {:?}", r.run.report.findings, r.run.report.ruled_out);
    // The A names no host, the B does.
    let r = run(near, &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:30Z BRAVO h1"]);
    assert_eq!(r.outcome, Outcome::Possible, "{}", explain(&r));
    assert!(explain(&r).contains("names no host"), "{}", explain(&r));
    // The B names none, the A does.
    let r = run(near, &["2024-06-12T06:00:00Z ALPHA h2", "2024-06-12T06:00:30Z BRAVO"]);
    assert_eq!(r.outcome, Outcome::Possible, "{}", explain(&r));
    assert!(explain(&r).contains("'b' line at 2024-06-12T06:00:30"), "{}", explain(&r));
    // Negated: still undecided.
    let r = run(&format!("not: {{{near}}}"), &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:30Z BRAVO h1"]);
    assert_eq!(r.outcome, Outcome::Possible, "{}", explain(&r));
    // Out of the window, or two known hosts: contradicted, as before.
    // (A log that shows its rhythm: a line every 20 s, so that its silence is no hole.)
    let mut busy: Vec<String> = (0..36)
        .map(|i| {
            let s = 5 * 3600 + 58 * 60 + i * 20 + 5;
            format!("2024-06-12T{:02}:{:02}:{:02}Z tick", s / 3600, s / 60 % 60, s % 60)
        })
        .collect();
    busy.extend(["2024-06-12T06:00:00Z ALPHA".to_string(), "2024-06-12T06:05:00Z BRAVO h1".to_string()]);
    busy.sort();
    let r = run(near, &busy.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.outcome, Outcome::RuledOut, "{}", explain(&r));
    let r = run(near, &["2024-06-12T06:00:00Z ALPHA h2", "2024-06-12T06:00:30Z BRAVO h1"]);
    assert_eq!(r.outcome, Outcome::RuledOut, "{}", explain(&r));
    let r = run(near, &["2024-06-12T06:00:00Z ALPHA h1", "2024-06-12T06:00:30Z BRAVO h1"]);
    assert_eq!(r.outcome, Outcome::Confirmed, "{}", explain(&r));
    // Neither names the field: from two inputs nothing ties them (hostile tester R), nor in
    // one pasted text (a ticket quoting lines of two processes without their columns: hostile
    // tester S). One log of a known format stays together (KA-14962's journal fixture).
    let r = run(near, &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:30Z BRAVO"]);
    assert_eq!(r.outcome, Outcome::Possible, "{}", explain(&r));
    assert!(explain(&r).contains("are pasted text and name no host"), "{}", explain(&r));
    let two = run_set(
        &pack(&[&rule(near)]),
        &[("ticket.txt", &["2024-06-12T06:00:00Z ALPHA"]), ("mail.txt", &["2024-06-12T06:00:30Z BRAVO"])],
        None,
    );
    assert_eq!(two.outcome, Outcome::Possible, "{}", explain(&two));
    assert!(explain(&two).contains("come from two inputs and name no host"), "{}", explain(&two));
}

// ---- count ----

#[test]
fn count_within_a_window() {
    let c = "count: {symptom: a, min: 3, within: 1h}";
    fires(c, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:30:00Z ALPHA", "2024-06-12T07:00:00Z ALPHA"])]);
    let d = quiet(
        c,
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:30:00Z ALPHA", "2024-06-12T07:00:00.001Z ALPHA"])],
    );
    assert!(d.contains("2 'a' event(s) within 1h (needs 3)"), "{d}");
}

#[test]
fn count_per_group_and_distinct_values() {
    let logs: &[(&str, &[&str])] = &[(
        "x.log",
        &[
            "2024-06-12T06:00:00Z ALPHA h1",
            "2024-06-12T06:01:00Z ALPHA h2",
            "2024-06-12T06:02:00Z ALPHA h1",
            "2024-06-12T06:03:00Z ALPHA h2",
        ],
    )];
    fires("count: {symptom: a, min: 4, within: 1h}", logs);
    let d = quiet("count: {symptom: a, min: 3, within: 1h, by: host}", logs);
    assert!(d.contains("for host="), "{d}");
    fires("count: {symptom: a, min: 2, distinct: host}", logs);
    quiet("count: {symptom: a, min: 3, distinct: host}", logs);
}

#[test]
fn count_on_distinct_days() {
    let c = "count: {symptom: a, min: 3, distinct: _day}";
    fires(c, &[("x.log", &["2024-06-10T06:00:00Z ALPHA", "2024-06-11T23:00:00Z ALPHA", "2024-06-12T01:00:00Z ALPHA"])]);
    quiet(c, &[("x.log", &["2024-06-10T06:00:00Z ALPHA", "2024-06-10T23:00:00Z ALPHA", "2024-06-12T01:00:00Z ALPHA"])]);
}

#[test]
fn when_is_another_name_for_script() {
    fires("when: 'a.len() == 1'", &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])]);
}

// ---- sequence ----

#[test]
fn sequence_in_order_within_the_span() {
    let c = "sequence: {steps: [a, b, c], within: 5m}";
    fires(
        c,
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:02:00Z BRAVO", "2024-06-12T06:05:00Z CHARLIE"])],
    );
    let d = quiet(
        c,
        &[("x.log", &["2024-06-12T06:00:00Z BRAVO", "2024-06-12T06:02:00Z ALPHA", "2024-06-12T06:05:00Z CHARLIE"])],
    );
    assert!(d.contains("stops after 'a'"), "{d}");
    quiet(
        c,
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:02:00Z BRAVO", "2024-06-12T06:05:01Z CHARLIE"])],
    );
}

#[test]
fn sequence_across_files_and_by_group() {
    let logs: &[(&str, &[&str])] = &[
        ("c.log", &["2024-06-12T06:03:00Z CHARLIE h2"]),
        ("a.log", &["2024-06-12T06:00:00Z ALPHA h1"]),
        ("b.log", &["2024-06-12T06:01:00Z BRAVO h1"]),
    ];
    fires("sequence: {steps: [a, b, c], within: 5m}", logs);
    quiet("sequence: {steps: [a, b, c], within: 5m, by: host}", logs);
}

// ---- absence ----

#[test]
fn absence_of_a_follow_up() {
    let c = "absent: {a: a, b: b, within: 5m}";
    // Stop with no start within 5m, and the log goes on long enough to know.
    let d = fires(c, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:20:00Z BRAVO"])]);
    assert!(d.contains("not followed by 'b' within 5m"), "{d}");
    // Followed exactly at the edge: not absent.
    quiet(c, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:05:00Z BRAVO"])]);
    // The logs end before the window does: cannot tell, so it does not fire.
    let d = quiet(c, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:01:00Z other"])]);
    assert!(d.contains("too close to the end"), "{d}");
}

#[test]
fn absence_by_group() {
    let logs: &[(&str, &[&str])] =
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA h1", "2024-06-12T06:01:00Z BRAVO h2", "2024-06-12T07:00:00Z end"])];
    quiet("absent: {a: a, b: b, within: 5m}", logs);
    fires("absent: {a: a, b: b, within: 5m, by: host}", logs);
}

// ---- recurrence ----

#[test]
fn recurrence_at_the_same_clock_time() {
    let c = "recurs: {symptom: a, min_days: 3, tolerance: 10m}";
    let d = fires(
        c,
        &[("x.log", &["2024-06-10T06:00:03Z ALPHA", "2024-06-11T06:04:00Z ALPHA", "2024-06-12T05:58:00Z ALPHA"])],
    );
    assert!(d.contains("on 3 day(s): 2024-06-10, 2024-06-11, 2024-06-12"), "{d}");
    quiet(c, &[("x.log", &["2024-06-10T06:00:00Z ALPHA", "2024-06-11T09:00:00Z ALPHA", "2024-06-12T06:00:00Z ALPHA"])]);
    // Same day twice is not two days.
    quiet(
        "recurs: {symptom: a, min_days: 2}",
        &[("x.log", &["2024-06-10T06:00:00Z ALPHA", "2024-06-10T06:01:00Z ALPHA"])],
    );
}

#[test]
fn recurrence_uses_the_local_clock_across_dst() {
    // 06:00 Paris is 04:00Z in summer and 05:00Z in winter: still the same clock time.
    let set = pack(&[&rule("recurs: {symptom: a, min_days: 2, tolerance: 5m}")]);
    let logs: &[(&str, &[&str])] = &[("x.log", &["2024-10-26 06:00:00 ALPHA", "2024-10-28 06:00:00 ALPHA"])];
    assert_eq!(run_set(&set, logs, Some("Europe/Paris")).outcome, Outcome::Confirmed);
}

// ---- composition ----

#[test]
fn all_any_not_compose() {
    let logs: &[(&str, &[&str])] = &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:01:00Z BRAVO"])];
    fires("all: [a, b]", logs);
    quiet("all: [a, c]", logs);
    fires("any: [c, b]", logs);
    quiet("any: [c, {not: a}]", logs);
    fires("all: [a, {not: c}]", logs);
    fires("all: [{near: {a: a, b: b, within: 1m}}, {not: {count: {symptom: a, min: 2}}}]", logs);
}

#[test]
fn named_conditions_are_reused() {
    let r = "id: t\nkb: {article: KA-T}\ntitle: t\nsymptoms:\n  a: {contains: [ALPHA]}\n  b: {contains: [BRAVO]}\n\
             conditions:\n  close: {near: {a: a, b: b, within: 1m}}\n  both: {all: [close, b]}\nrequire: both\n\
             text: {cause: c, steps: ['${close.pairs.len()} pair(s)']}\n";
    let set = pack(&[r]);
    let res = run_set(&set, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:10Z BRAVO"])], None);
    assert_eq!(res.outcome, Outcome::Confirmed);
    assert_eq!(res.run.report.findings[0].steps, vec!["1 pair(s)".to_string()]);
}

// ---- Rhai ----

#[test]
fn script_conditions_see_events_and_fields() {
    let logs: &[(&str, &[&str])] = &[(
        "x.log",
        &["2024-06-12T06:00:00Z ALPHA h1", "2024-06-12T06:00:40Z BRAVO h1", "2024-06-12T09:00:00Z ALPHA h2"],
    )];
    fires("script: 'a.len() == 2 && b[0].time - a[0].time == seconds(40)'", logs);
    quiet("script: 'a.filter(|e| e.host == \"h2\").len() > 1'", logs);
    let d = fires("script: '#{ok: true, detail: \"saw \" + distinct(a, \"host\").len() + \" hosts\"}'", logs);
    assert_eq!(d, "saw 2 hosts");
}

#[test]
fn an_endless_script_is_an_error_and_the_other_rules_still_report() {
    let looping = rule("script: 'let n = 0; loop { n += 1; } true'");
    let good = rule("a").replace("id: t", "id: good").replace("KA-T", "KA-G");
    let set = pack(&[&looping, &good]);
    let res = run_set(&set, &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])], None);
    let bad = res.run.rules.iter().find(|r| set.rules[r.rule].id == "t").unwrap();
    assert_eq!(bad.outcome, Outcome::Error);
    assert!(bad.error.as_deref().unwrap_or("").contains("Too many operations"), "{:?}", bad.error);
    assert_eq!(res.run.report.findings.len(), 1);
    assert_eq!(res.run.report.findings[0].rule, "good");
    assert!(res
        .run
        .report
        .errors
        .iter()
        .any(|e| e.rule.as_deref() == Some("t") && e.kind == kbdiag_engine::report::ErrorKind::Rule));
    assert_eq!(res.run.report.stats.outcomes[&Outcome::Error], 1);
}

#[test]
fn scripts_cannot_reach_outside() {
    for (script, want) in [
        ("'import \"os\" as os; true'", "script failed"),
        ("'let s = \"x\"; for i in 0..40 { s += s; } true'", "script failed"),
        ("'let a = []; for i in 0..100000 { a.push(i); } true'", "script failed"),
        ("'fn f(n) { f(n + 1) } f(0)'", "script failed"),
    ] {
        let r = check(&format!("script: {script}"), &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])]);
        assert_eq!(r.outcome, Outcome::Error, "{script}");
        assert!(r.detail.contains(want), "{script}: {}", r.detail);
    }
    let set = pack(&[&rule("script: 'eval(\"1\")'")]);
    assert!(set.errors.iter().any(|e| e.message.contains("script")), "eval is refused at load");
}

// ---- ranking ----

#[test]
fn a_superseding_rule_comes_first_with_the_other_folded_under_it() {
    let root = rule("all: [a, b]")
        .replace("id: t", "id: root")
        .replace("KA-T", "KA-ROOT")
        .replace("title: test", "title: root\nseverity: low\nsupersedes: [KA-SYM]");
    let sym = rule("a")
        .replace("id: t", "id: sym")
        .replace("KA-T", "KA-SYM")
        .replace("title: test", "title: symptom\nseverity: critical");
    let set = pack(&[&sym, &root]);
    let res = run_set(&set, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:01Z BRAVO"])], None);
    let f = &res.run.report.findings;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, "root");
    assert_eq!(f[0].superseded[0].kb, "KA-SYM");
    // Without the root cause, the symptom rule reports on its own.
    let res = run_set(&set, &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])], None);
    assert_eq!(res.run.report.findings[0].rule, "sym");
}

#[test]
fn findings_are_ranked_by_outcome_then_severity() {
    let low =
        rule("a").replace("id: t", "id: low").replace("KA-T", "KA-L").replace("title: test", "title: l\nseverity: low");
    let high = rule("a")
        .replace("id: t", "id: high")
        .replace("KA-T", "KA-H")
        .replace("title: test", "title: h\nseverity: high");
    let set = pack(&[&low, &high]);
    let res = run_set(&set, &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])], None);
    let ids: Vec<&str> = res.run.report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, ["high", "low"]);
}

// ---- mistakes are reported at load ----

#[test]
fn condition_mistakes_are_load_errors() {
    for (cond, want) in [
        ("near: {a: a, b: zz, within: 10m}", "'zz' is not a symptom"),
        ("near: {a: a, b: b, within: 0s}", "longer than zero"),
        ("near: {a: a, b: b, within: 10}", "in `near`: invalid type: integer `10`, expected a string"),
        ("near: {a: a, b: b, within: 10s5}", "a unit is needed"),
        ("near: {a: a, b: b, withn: 10m}", "unknown field `withn`"),
        ("sequence: {steps: [a], within: 1m}", "at least two steps"),
        ("count: {symptom: a, min: 0}", "at least 1"),
        ("nearby: {a: a, b: b, within: 1m}", "unknown variant `nearby`"),
        ("missing_name", "neither a symptom nor a named condition"),
        ("near: {a: a, b: b, within: 10m, until: {symptom: c, within: 1h}}", "until is for after"),
        ("after: {a: a, b: b, within: 10m, until: {symptom: c, within: 5m}}", "must be longer than the window"),
        ("after: {a: a, b: b, within: 10m, until: {symptom: zz, within: 1h}}", "'zz' is not a symptom"),
    ] {
        let set = pack(&[&rule(cond)]);
        let msgs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains(want)), "{cond}: {msgs:?}");
    }
}

#[test]
fn a_symptom_without_a_usable_literal_is_checked_on_every_line() {
    let r = "id: t\nkb: {article: KA-T}\ntitle: t\nsymptoms:\n  code: {regex: '\\d{3}-\\d{3}'}\nrequire: code\ntext: {cause: c, steps: [s]}\n";
    let set = pack(&[r]);
    assert!(set.rules[0].symptoms[0].literals.is_empty(), "no literal: {:?}", set.rules[0].symptoms[0].literals);
    let res = run_set(
        &set,
        &[("x.log", &["2024-06-12T06:00:00Z nothing", "2024-06-12T06:00:01Z order 123-456 failed"])],
        None,
    );
    assert_eq!(res.outcome, Outcome::Confirmed);
    assert_eq!(res.run.rules[0].hits[0][0].line, 2);
    assert_eq!(kbdiag_engine::explain::compiled(&set.rules[0]).symptoms[0].prefilter, "regex set on every line");
}

// ---- semantics at volume (issue: correct at volume) ----

#[test]
fn a_sequence_uses_a_distinct_event_for_every_step() {
    let seq = "{sequence: {steps: [a, a, a, b], within: 10m}}";
    // One failure and a success is not three failures and a success.
    quiet(seq, &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:05Z BRAVO"])]);
    quiet(
        seq,
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:00:01Z ALPHA", "2024-06-12T06:00:05Z BRAVO"])],
    );
    let d = fires(
        seq,
        &[(
            "x.log",
            &[
                "2024-06-12T06:00:00Z ALPHA",
                "2024-06-12T06:00:01Z ALPHA",
                "2024-06-12T06:00:02Z ALPHA",
                "2024-06-12T06:00:05Z BRAVO",
            ],
        )],
    );
    assert!(d.starts_with("1 chain(s)"), "{d}");
}

#[test]
fn count_by_reports_every_group_over_the_threshold() {
    let mut lines = Vec::new();
    for (h, n) in [("h1", 5), ("h2", 4), ("h3", 3), ("h4", 1), ("h5", 3), ("h6", 3), ("h7", 3)] {
        for k in 0..n {
            lines.push(format!("2024-06-12T06:00:{k:02}Z ALPHA {h}"));
        }
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let r = check("{count: {symptom: a, min: 3, by: host}}", &[("x.log", &lines)]);
    assert_eq!(r.outcome, Outcome::Confirmed);
    assert!(r.detail.starts_with("6 group(s) reach 3 'a' event(s): 5 for host=h1, 4 for host=h2"), "{}", r.detail);
    assert!(r.detail.ends_with("and 1 more group(s)"), "{}", r.detail);
    // Every group's events are evidence, the one below the threshold is not.
    let f = &r.run.report.findings[0];
    assert_eq!(f.evidence_total, 21, "5+4+3+3+3+3 events of the six groups");
    assert!(!f.evidence.iter().any(|e| e.text.ends_with("h4")));
}

#[test]
fn a_failing_condition_outside_require_is_reported_not_dropped() {
    let r = "id: t\nkb: {article: KA-T}\ntitle: test\nsymptoms:\n  a: {regex: ALPHA}\n\
             conditions:\n  extra: {script: 'let x = []; x[3]'}\nrequire: a\ntext: {cause: c, steps: [s]}\n";
    let res = run_set(&pack(&[r]), &[("x.log", &["2024-06-12T06:00:00Z ALPHA"])], None);
    assert_eq!(res.outcome, Outcome::Confirmed);
    let f = &res.run.report.findings[0];
    assert!(
        f.missing.iter().any(|m| m.starts_with("condition 'extra' could not be checked: script failed")),
        "{:?}",
        f.missing
    );
    let e = res
        .run
        .report
        .errors
        .iter()
        .find(|e| e.kind == kbdiag_engine::report::ErrorKind::Condition)
        .expect("an error entry");
    assert!(e.message.starts_with("conditions.extra: script failed"), "{}", e.message);
}

#[test]
fn headline_counts_and_evidence_marks_what_satisfied_the_condition() {
    let r = "id: t\nkb: {article: KA-T}\ntitle: test\nsymptoms:\n  a: {regex: ALPHA}\n  b: {regex: BRAVO}\n\
             conditions:\n  hit: {near: {a: a, b: b, within: 5m}}\nrequire: a\nconfirm: hit\n\
             text:\n  summary: '${hit.count} of ${hit.total} a(s) near a b'\n  cause: c\n  steps: [s]\n";
    let res = run_set(
        &pack(&[r]),
        &[("x.log", &["2024-06-12T06:00:00Z ALPHA", "2024-06-12T06:01:00Z BRAVO", "2024-06-12T14:22:00Z ALPHA"])],
        None,
    );
    assert_eq!(res.outcome, Outcome::Confirmed);
    let f = &res.run.report.findings[0];
    assert_eq!(f.summary.as_deref(), Some("1 of 2 a(s) near a b"));
    let far = f.evidence.iter().find(|e| e.text.contains("14:22")).expect("the far error is evidence");
    assert!(!far.decisive, "the 14:22 error did not satisfy the condition");
    assert!(f.evidence.iter().filter(|e| e.decisive).count() == 2);
}

#[test]
fn evidence_is_capped_with_the_full_count_kept() {
    let lines: Vec<String> = (0..500).map(|k| format!("2024-06-12T{:02}:{:02}:00Z ALPHA", k / 60, k % 60)).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let r = check("a", &[("x.log", &lines)]);
    let f = &r.run.report.findings[0];
    assert_eq!(f.evidence_total, 500);
    assert_eq!(f.evidence.len(), 20);
    assert!(f.evidence[0].text.starts_with("2024-06-12T00:00:00Z"));
    assert!(f.evidence[19].text.starts_with("2024-06-12T08:19:00Z"));
}

/// A line two symptoms matched is one evidence line naming both; the cap and the count are in
/// lines, so 30 lines matched by both show as the first and last 10 of 30.
#[test]
fn a_line_two_symptoms_matched_is_one_evidence_line() {
    let lines: Vec<String> = (0..30).map(|k| format!("2024-06-12T10:{k:02}:00Z ALPHA BRAVO")).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let r = check("{all: [a, b]}", &[("x.log", &lines)]);
    let f = &r.run.report.findings[0];
    assert_eq!(f.evidence_total, 30);
    assert_eq!(f.evidence.len(), 20);
    assert!(f.evidence.iter().all(|e| e.symptom == "a, b"), "{:?}", f.evidence[0]);
    assert!(f.evidence[19].text.starts_with("2024-06-12T10:29:00Z"));
}

#[test]
fn non_ascii_literals_match_exactly_as_written() {
    for (sym, line, hit) in [
        ("{contains: ['ÖVERFÖRING MISSLYCKADES']}", "2024-06-12T06:00:00Z ÖVERFÖRING MISSLYCKADES", true),
        ("{regex: 'ÖVERFÖRING MISSLYCKADES'}", "2024-06-12T06:00:00Z ÖVERFÖRING MISSLYCKADES", true),
        ("{regex: 'ÖVERFÖRING MISSLYCKADES'}", "2024-06-12T06:00:00Z överföring misslyckades", false),
        ("{regex: '(?i)ÖVERFÖRING MISSLYCKADES'}", "2024-06-12T06:00:00Z överföring misslyckades", true),
        ("{contains: ['Överföring'], case: insensitive}", "2024-06-12T06:00:00Z ÖVERFÖRING", true),
        ("{contains: ['Empty return']}", "2024-06-12T06:00:00Z EMPTY RETURN", false),
        ("{contains: ['Empty return'], case: insensitive}", "2024-06-12T06:00:00Z EMPTY RETURN", true),
    ] {
        let r = format!(
            "id: t\nkb: {{article: KA-T}}\ntitle: test\nsymptoms:\n  a: {sym}\nrequire: a\ntext: {{cause: c, steps: [s]}}\n"
        );
        let res = run_set(&pack(&[&r]), &[("x.log", &[line])], None);
        let want = if hit { Outcome::Confirmed } else { Outcome::NotMatched };
        assert_eq!(res.outcome, want, "{sym} on {line}");
    }
}

/// A pack with a `web` format (web.log, ISO times) and one rule whose `b` reads only it.
fn pack_with_web(require: &str, confirm: &str) -> RuleSet {
    let rule = format!(
        "id: t\nkb: {{article: KA-T}}\ntitle: test\nsymptoms:\n  a: {{regex: 'ALPHA'}}\n  \
         b: {{regex: 'BRAVO', sources: [web]}}\nrequire: {require}\nconfirm: {confirm}\n\
         text: {{cause: c, steps: [s]}}\n"
    );
    let format = "id: web\nfiles: [\"web.log\"]\nline: '^(?P<time>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ) (?P<message>.*)$'\ntime: {layouts: [iso]}\n";
    let files = vec![
        ("pack.yaml".to_string(), "name: t\nversion: 0.0.1\n".to_string()),
        ("formats/web.yaml".to_string(), format.to_string()),
        ("rules/r.yaml".to_string(), rule),
    ];
    let mut set = RuleSet::default();
    set.add(PackFiles { origin: "test".into(), files });
    set
}

/// `b` is one alternative of `require` and the confirmation: when only `a` fired, `b`'s
/// silence proves nothing, whether no web log was supplied or the web log never shows it.
#[test]
fn a_confirming_symptom_also_named_in_require_is_not_absent_without_its_log() {
    let set = pack_with_web("{any: [a, b]}", "b");
    // (sys.txt is generic: its times are not in the web format's layout.)
    let r = run_set(&set, &[("sys.txt", &["2024-01-01 10:00:00 host x: ALPHA"])], None);
    assert_eq!(r.outcome, Outcome::Possible, "{}", r.detail);
    let missing = &r.run.rules[0].judgement.missing;
    assert!(missing.iter().any(|m| m.contains("no web log")), "{missing:?}");
    // With a web log that covers the time and has no BRAVO anywhere: silence, as for a
    // symptom only the confirmation names (its line may be worded otherwise), so possible,
    // saying so; a BRAVO in the bundle confirms.
    let r = run_set(
        &set,
        &[
            ("sys.txt", &["2024-01-01 10:00:00 host x: ALPHA"]),
            ("web.log", &["2024-01-01T09:00:00Z up", "2024-01-01T11:00:00Z up"]),
        ],
        None,
    );
    assert_eq!(r.outcome, Outcome::Possible, "{}", r.detail);
    let missing = &r.run.rules[0].judgement.missing;
    assert!(missing.iter().any(|m| m.contains("no such line was seen anywhere")), "{missing:?}");
    let r = run_set(
        &set,
        &[
            ("sys.txt", &["2024-01-01 10:00:00 host x: ALPHA"]),
            ("web.log", &["2024-01-01T09:00:00Z up", "2024-01-01T11:00:00Z BRAVO"]),
        ],
        None,
    );
    assert_eq!(r.outcome, Outcome::Confirmed, "{}", r.detail);
}

/// Required events pasted without times: no log can be shown to cover them, so a confirmation
/// by time can only leave the rule `possible`, never `ruled_out`.
#[test]
fn untimed_required_events_leave_a_time_confirmation_possible() {
    let set = pack_with_web("a", "{near: {a: a, b: b, within: 5m}}");
    let logs: &[(&str, &[&str])] = &[
        ("dialog.txt", &["Error: ALPHA happened"]),
        ("web.log", &["2024-01-01T09:00:00Z up", "2024-01-01T11:00:00Z up"]),
    ];
    let r = run_set(&set, logs, None);
    assert_eq!(r.outcome, Outcome::Possible, "{}", r.detail);
    let missing = &r.run.rules[0].judgement.missing;
    assert!(missing.iter().any(|m| m.contains("have no time")), "{missing:?}");
}

/// A capture named like a key every event has (`line`, `at`, `path` ...) would be replaced by
/// it without a word: a load error instead, naming the capture.
#[test]
fn a_capture_shadowed_by_an_event_key_is_a_load_error() {
    for name in ["line", "at", "path", "text"] {
        let r = format!(
            "id: t\nkb: {{article: KA-T}}\ntitle: test\nsymptoms:\n  a: {{regex: 'boom (?P<{name}>\\d+)'}}\nrequire: a\ntext: {{cause: c, steps: [s]}}\n"
        );
        let set = pack(&[&r]);
        let msgs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains(&format!("the capture '{name}'"))), "{name}: {msgs:?}");
    }
    let ok = "id: t\nkb: {article: KA-T}\ntitle: test\nsymptoms:\n  a: {regex: 'boom (?P<lineno>\\d+)'}\nrequire: a\ntext: {cause: c, steps: [s]}\n";
    assert!(pack(&[ok]).errors.is_empty());
}
