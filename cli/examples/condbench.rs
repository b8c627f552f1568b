//! Condition benchmark (docs/performance.md): for each construct of the rule language, a rule
//! over N events per symptom (generated in memory, spread over many days, with 50 groups for
//! `by`), timed end to end (scan, conditions, texts). Growth from N to 10 N shows the order:
//! ~10x is n log n, ~100x would be n².
//!
//!   cargo run --release --example condbench -- 10000 100000

use kbdiag_engine::input::Input;
use kbdiag_engine::pack::{PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use std::time::Instant;

const CONSTRUCTS: &[(&str, &str)] = &[
    ("(symptom only: scan, events and texts)", "a"),
    ("near", "{near: {a: a, b: b, within: 5m}}"),
    ("near by", "{near: {a: a, b: b, within: 5m, by: host}}"),
    ("before", "{before: {a: a, b: b, within: 5m}}"),
    ("after by", "{after: {a: a, b: b, within: 5m, by: host}}"),
    ("count", "{count: {symptom: a, min: 3}}"),
    ("count within", "{count: {symptom: a, min: 3, within: 10m}}"),
    ("count within by distinct", "{count: {symptom: a, min: 3, within: 10m, by: host, distinct: user}}"),
    ("sequence", "{sequence: {steps: [a, a, b], within: 10m}}"),
    ("sequence by", "{sequence: {steps: [a, a, b], within: 10m, by: host}}"),
    ("absent", "{absent: {a: a, b: b, within: 1m}}"),
    ("absent by", "{absent: {a: a, b: b, within: 1m, by: host}}"),
    ("recurs", "{recurs: {symptom: a, min_days: 3, tolerance: 10m}}"),
];

fn rule(cond: &str) -> RuleSet {
    let r = format!(
        "id: t\nkb: {{article: KA-T}}\ntitle: t\nsymptoms:\n  \
         a: {{regex: 'ALPHA (?P<host>h\\d+) (?P<user>u\\d+)'}}\n  b: {{regex: 'BRAVO (?P<host>h\\d+)'}}\n\
         conditions:\n  c: {cond}\nrequire: c\n\
         text:\n  summary: '${{c.count}} of ${{c.total}}: ${{join(pluck(a, \"at\"), \", \")}}'\n  cause: x\n  steps: [s]\n"
    );
    let mut set = RuleSet::default();
    set.add(PackFiles {
        origin: "bench".into(),
        files: vec![("pack.yaml".into(), "name: b\nversion: 0.0.1\n".into()), ("rules/t.yaml".into(), r)],
    });
    assert!(set.errors.is_empty(), "{:?}", set.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
    set
}

/// N ALPHA and N BRAVO lines, one every ~37 s (so 100,000 span about 43 days), 50 hosts, in
/// files of at most 10,000 events per symptom (the per-input cap), one per server.
fn logs(n: usize) -> Vec<Vec<u8>> {
    let files = n.div_ceil(10_000);
    (0..files).map(|f| log(n / files, f as i64 * (n / files) as i64 * 37)).collect()
}

fn log(n: usize, offset_s: i64) -> Vec<u8> {
    let mut out = String::with_capacity(n * 2 * 60);
    let start = 1_717_200_000i64 + offset_s; // 2024-06-01
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for k in 0..n as i64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = start + k * 37;
        let fmt = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_default()
        };
        out.push_str(&format!("{} ALPHA h{} u{}\n", fmt(t), x % 50, x % 7));
        out.push_str(&format!("{} BRAVO h{}\n", fmt(t + (x % 120) as i64), (x >> 8) % 50));
    }
    out.into_bytes()
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    let logs: Vec<(usize, Vec<Vec<u8>>)> = sizes.iter().map(|&n| (n, logs(n))).collect();
    print!("| construct |");
    for n in &sizes {
        print!(" {n} events/symptom |");
    }
    println!(" growth |");
    println!("|---|{}---|", "---|".repeat(sizes.len()));
    for (name, cond) in CONSTRUCTS {
        let set = rule(cond);
        print!("| `{name}` |");
        let mut times = Vec::new();
        for (_, data) in &logs {
            // Best of 3.
            let mut best = f64::MAX;
            for _ in 0..3 {
                let inputs: Vec<Input> =
                    data.iter().enumerate().map(|(i, d)| Input::bytes(format!("server{i}.log"), d.clone())).collect();
                let opts = ScanOptions { zone_given: true, ..Default::default() };
                let t0 = Instant::now();
                let run = kbdiag_engine::diagnose_inputs(&set, inputs, vec![], &opts);
                let dt = t0.elapsed().as_secs_f64();
                assert!(run.rules[0].error.is_none(), "{name}: {:?}", run.rules[0].error);
                let events: usize = run.rules[0].hits.iter().map(Vec::len).sum();
                assert!(events >= 2 * (data.len() * 10_000).min(2 * 10_000) / 2, "{name}: only {events} events");
                best = best.min(dt);
            }
            times.push(best);
            print!(" {best:.3} s |");
        }
        let growth = times.last().unwrap_or(&0.0) / times.first().unwrap_or(&1.0).max(1e-9);
        println!(" {growth:.1}x |");
    }
}
