//! Throughput of the miner's error-word search (`triage::Words`) over a file, one thread: how
//! much it would cost to find the lines worth mining by their words before looking at their
//! shapes (docs/performance.md, fifth session).
//!   cargo run --release --example wordsbench -- FILE
use std::time::Instant;
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let data = std::fs::read(f).unwrap();
    let w = kbdiag_engine::triage::Words::new();
    for _ in 0..3 {
        let t = Instant::now();
        let (mut pos, mut n) = (0, 0);
        while let Some(s) = w.find(&data, pos) {
            n += 1;
            pos = memchr::memchr(b'\n', &data[s..]).map_or(data.len(), |i| s + i + 1);
        }
        let e = t.elapsed().as_secs_f64();
        println!(
            "{n} lines with words, {:.0} MiB/s, {:.1} ns/line-of-file",
            data.len() as f64 / e / 1048576.0,
            e * 1e9 / memchr::memchr_iter(b'\n', &data).count() as f64
        );
    }
}
