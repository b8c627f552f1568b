//! Throughput of one literal-search configuration over files (the prefilter's cost alone):
//!   cargo run --release --example acbench -- KIND PATTERNS FILE...
//! KIND: default | dfa | dfa-std | dfa-nopre | nfa (leftmost-first) | regex (one alternation) |
//! packedN (Teddy per group of N literals, one pass each). Prints MiB/s on one thread, reading
//! the files included.
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Read every file and count `hits` in it; print the throughput.
fn measure(kind: &str, what: &str, files: &[String], mut hits_in: impl FnMut(&[u8]) -> usize) {
    let (mut bytes, mut hits) = (0usize, 0usize);
    let t = std::time::Instant::now();
    for f in files {
        let data = std::fs::read(f).unwrap();
        bytes += data.len();
        hits += hits_in(&data);
    }
    let s = t.elapsed().as_secs_f64();
    println!("{kind}: {what}, {hits} hits, {:.0} MiB/s ({s:.2} s)", bytes as f64 / s / 1048576.0);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args[0].as_str();
    let files = &args[2..];
    let pats: Vec<String> =
        std::fs::read_to_string(&args[1]).unwrap().lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
    let what = format!("{} patterns", pats.len());
    if kind == "regex" {
        let alt: Vec<String> = pats.iter().map(|p| regex::escape(p)).collect();
        let re = regex::bytes::Regex::new(&alt.join("|")).unwrap();
        return measure(kind, &what, files, |d| re.find_iter(d).count());
    }
    if let Some(n) = kind.strip_prefix("packed") {
        // Teddy per group of N patterns, one pass per group.
        let n: usize = n.parse().unwrap_or(64);
        let groups: Vec<aho_corasick::packed::Searcher> = pats
            .chunks(n)
            .map(|c| {
                let mut pb = aho_corasick::packed::Config::new().builder();
                for p in c {
                    pb.add(p);
                }
                pb.build().expect("packed")
            })
            .collect();
        let what = format!("{what} in {} groups", groups.len());
        return measure(kind, &what, files, |d| groups.iter().map(|g| g.find_iter(d).count()).sum());
    }
    let mut b = AhoCorasick::builder();
    b.match_kind(MatchKind::LeftmostFirst);
    match kind {
        "dfa" => {
            b.kind(Some(AhoCorasickKind::DFA));
        }
        "dfa-std" => {
            b.kind(Some(AhoCorasickKind::DFA)).match_kind(MatchKind::Standard).prefilter(false);
        }
        "dfa-nopre" => {
            b.kind(Some(AhoCorasickKind::DFA)).prefilter(false);
        }
        "nfa" => {
            b.kind(Some(AhoCorasickKind::ContiguousNFA));
        }
        _ => {}
    }
    let ac = b.build(&pats).unwrap();
    measure(kind, &what, files, |d| ac.find_iter(d).count());
}
