//! Per-line cost of the miner's steps over a file's lines, one thread, in cache-warm loops.
//!   cargo run --release --example minebench -- FILE
use kbdiag_engine::triage::skeleton;
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let data = std::fs::read(f).unwrap();
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let n = lines.len() as f64;
    let mut cache = skeleton::Cache::default();
    for l in &lines {
        let h = skeleton::hash_line(l);
        cache.insert(h, l, &[], None);
    }
    let zone = kbdiag_engine::time::Zone::default();
    let mut starts = kbdiag_engine::triage::starts::InfoStarts::default();
    if let Some(l) = lines.iter().find(|l| l.windows(6).any(|w| w == b" info ")) {
        let n = l.windows(6).position(|w| w == b" info ").unwrap() + 6;
        starts.add(l, n, u128::MAX);
    }
    for _ in 0..5 {
        let t = Instant::now();
        let mut k = 0;
        for l in &lines {
            k += starts.holds(l) as u64;
        }
        println!("holds {:.1} ns ({k} info)", t.elapsed().as_secs_f64() * 1e9 / n);
        let t = Instant::now();
        let mut x = 0u64;
        for l in &lines {
            x ^= skeleton::hash_line(std::hint::black_box(l));
        }
        let e1 = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let mut hits = 0;
        for l in &lines {
            let h = skeleton::hash_line(l);
            hits += cache.get(h, l, &[]).is_some() as u64;
        }
        let e2 = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut memo = kbdiag_engine::time::IsoMemo::default();
        let mut s = 0i64;
        for l in &lines {
            if let Some(st) = memo.parse(l.get(..29).unwrap_or(l), &zone) {
                s += st.utc_ms;
            }
        }
        let e3 = t.elapsed().as_secs_f64();
        println!(
            "{} lines: hash {:.1} ns, hash+get {:.1} ns, memo time {:.1} ns ({x} {hits} {s})",
            lines.len(),
            e1 * 1e9 / n,
            e2 * 1e9 / n,
            e3 * 1e9 / n
        );
    }
}
