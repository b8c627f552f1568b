//! `kbdiag explain`: why a rule did or did not fire, or what it compiled to.

use super::{load, report_load_errors, run_options, usage_error};
use crate::{ExplainArgs, ListFormat};
use kbdiag::print;
use std::io::Write;
use std::process::ExitCode;

pub fn explain(a: ExplainArgs) -> ExitCode {
    let mut set = load(&a.packs);
    if let Err(e) = kbdiag::without_rules(&mut set, &a.no_rules) {
        return usage_error(&e);
    }
    let mut opts = match run_options(&set, &a.read.tz, &a.read.assign, &a.read.params, a.read.limits(), true) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.year = a.read.year;
    opts.keep_rejects = true;
    report_load_errors(&set);
    let found = set.find(&a.rule);
    let Some(rule) = found.first() else {
        let failed = set.errors.iter().any(|e| e.rule.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(&a.rule)));
        let left_out = a.no_rules.iter().any(|n| n.eq_ignore_ascii_case(&a.rule));
        return usage_error(&if failed {
            format!("rule '{}' failed to load (see above)", a.rule)
        } else if left_out {
            format!("rule '{}' is left out by --no-rule {}", a.rule, a.rule)
        } else {
            format!("no loaded rule has the id or KB article '{}' (see `kbdiag rules list`)", a.rule)
        });
    };
    let json = matches!(a.format, ListFormat::Json);
    let mut out = String::new();
    if a.compiled {
        for r in &found {
            let c = kbdiag_engine::explain::compiled(r);
            out.push_str(&if json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                print::explain::compiled(&c)
            });
        }
    } else {
        if a.paths.is_empty() {
            return usage_error("explain needs log paths (or --compiled)");
        }
        let run = kbdiag_engine::diagnose(&set, &a.paths, &opts);
        for p in &run.path_problems {
            let _ = writeln!(anstream::stderr(), "kbdiag: error: {}: {}", p.path, p.message);
        }
        for r in &found {
            let Some(rr) = run.rules.iter().find(|x| std::ptr::eq(&set.rules[x.rule], *r)) else { continue };
            let e = kbdiag_engine::explain::explain(&set, rr, &run.report.inputs);
            out.push_str(&if json {
                serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
            } else {
                print::explain::render(&e)
            });
        }
        if !run.path_problems.is_empty() {
            let _ = kbdiag::print::to_stdout(out.as_bytes(), false);
            return ExitCode::from(2);
        }
    }
    let _ = rule;
    if let Err(code) = kbdiag::print::to_stdout(out.as_bytes(), false) {
        return code;
    }
    if set.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
