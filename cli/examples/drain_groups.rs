//! The triage miner alone, for accuracy checks (bench/triage_eval.py): one log message per line
//! on stdin, its template number per line on stdout (masks, then Drain with depth 4, similarity
//! 0.5, in input order).

use kbdiag_engine::triage::{drain, mask};
use std::io::{BufRead, Write};

fn main() {
    let mut d = drain::Drain::new(drain::Params::default());
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let c = d.add(&mask::tokens(&line));
        let _ = writeln!(out, "{c}");
    }
    let _ = out.flush();
}
