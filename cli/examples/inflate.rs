//! The decompression floor of docs/performance.md: every given .gz file inflated in parallel
//! (one thread per file, as many at once as cores) to nothing, with the same inflate code
//! kbdiag uses (flate2 on zlib-rs). kbdiag on the same files cannot be faster than this.
//!
//!   cargo run --release --example inflate -- [--lines] FILE.gz...
//!
//! `--lines` also counts the newlines of what it inflates (memchr): the least any tool that
//! gives line numbers must add to the decompression.

use rayon::prelude::*;
use std::io::Read;

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    let lines = files.first().is_some_and(|a| a == "--lines");
    if lines {
        files.remove(0);
    }
    let (total, newlines): (u64, u64) = files
        .par_iter()
        .map(|f| {
            let file = std::fs::File::open(f).expect("open");
            let mut d = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(256 << 10, file));
            let mut buf = vec![0u8; 1 << 20];
            let (mut n, mut nl) = (0u64, 0u64);
            loop {
                match d.read(&mut buf) {
                    Ok(0) => break (n, nl),
                    Ok(k) => {
                        n += k as u64;
                        if lines {
                            nl += memchr::memchr_iter(b'\n', &buf[..k]).count() as u64;
                        }
                    }
                    Err(e) => panic!("{f}: {e}"),
                }
            }
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!("{total} bytes inflated, {newlines} newlines");
}
