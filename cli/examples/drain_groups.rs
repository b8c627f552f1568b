//! The triage miner alone, for accuracy checks (bench/triage_eval.py): one log message per line
//! on stdin, its template number per line on stdout, in input order.
//!
//! Without arguments it runs what `kbdiag diagnose` runs: kbdiag's masks, then Drain with its
//! default parameters. With `--reference` it runs the LogPAI benchmark's own setting instead, to
//! check the Drain tree against the published figures with the same preprocessing: each
//! `--regex` replaced by `<*>`, a split on whitespace, then Drain with `--depth` and `--sim`.
//!
//! ```text
//! drain_groups [--reference] [--depth N] [--sim X] [--regex RE]...
//! ```

use kbdiag_engine::triage::{drain, mask};
use std::io::{BufRead, Write};

fn main() {
    let mut params = drain::Params::default();
    let mut reference = false;
    let mut regexes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| fail(&format!("{a} needs a value")));
        match a.as_str() {
            "--reference" => {
                reference = true;
                params.codes_apart = false;
            }
            "--depth" => params.depth = value().parse().unwrap_or_else(|_| fail("--depth takes a number")),
            "--sim" => params.sim = value().parse().unwrap_or_else(|_| fail("--sim takes a number")),
            "--regex" => {
                let re = value();
                regexes.push(regex::Regex::new(&re).unwrap_or_else(|e| fail(&format!("--regex {re}: {e}"))));
            }
            _ => fail(&format!("unknown argument {a}")),
        }
    }
    let mut d = drain::Drain::new(params);
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let toks = if reference {
            let mut l = line;
            for re in &regexes {
                l = re.replace_all(&l, mask::WILD).into_owned();
            }
            l.split_whitespace().map(str::to_string).collect()
        } else {
            mask::tokens(&line)
        };
        let c = d.add(&toks);
        let _ = writeln!(out, "{c}");
    }
    let _ = out.flush();
}

fn fail(msg: &str) -> ! {
    eprintln!("drain_groups: {msg}");
    std::process::exit(2)
}
