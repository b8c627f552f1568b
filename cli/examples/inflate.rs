//! The decompression floor of docs/performance.md: every given .gz file inflated in parallel
//! (one thread per file, as many at once as cores) to nothing, with the same inflate code
//! kbdiag uses (flate2 on zlib-rs). kbdiag on the same files cannot be faster than this.
//!
//!   cargo run --release --example inflate -- FILE.gz...

use rayon::prelude::*;
use std::io::Read;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let total: u64 = files
        .par_iter()
        .map(|f| {
            let file = std::fs::File::open(f).expect("open");
            let mut d = flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(256 << 10, file));
            let mut buf = vec![0u8; 1 << 20];
            let mut n = 0u64;
            loop {
                match d.read(&mut buf) {
                    Ok(0) => break n,
                    Ok(k) => n += k as u64,
                    Err(e) => panic!("{f}: {e}"),
                }
            }
        })
        .sum();
    eprintln!("{total} bytes inflated");
}
