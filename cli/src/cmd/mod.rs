//! The subcommands, one module each, and what they share: loading packs, zones, usage errors.

pub mod diagnose;
pub mod explain;
pub mod lint;
pub mod new;
pub mod rules;
pub mod test;

use crate::PackArgs;
use kbdiag_engine::pack::{embedded, PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn usage_error(msg: &str) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "kbdiag: error: {msg}");
    ExitCode::from(2)
}

pub fn load(args: &PackArgs) -> RuleSet {
    let mut set = if args.no_default_rules { RuleSet::default() } else { embedded::rule_set() };
    for dir in &args.rules {
        match PackFiles::from_dir(dir) {
            Ok(p) => set.add(p),
            Err(e) => set.errors.push(e),
        }
    }
    set
}

pub fn report_load_errors(set: &RuleSet) {
    let mut err = anstream::stderr();
    for e in &set.errors {
        let _ = writeln!(err, "kbdiag: rule error: {e}");
    }
}

pub fn parse_zones(specs: &[String]) -> Result<ScanOptions, String> {
    let mut opts = ScanOptions::default();
    for spec in specs {
        match spec.split_once('=') {
            Some((fmt, zone)) => {
                opts.zone_by_format.insert(fmt.trim().to_string(), Zone::parse(zone)?);
            }
            None => opts.zone = Zone::parse(spec)?,
        }
    }
    Ok(opts)
}

/// The pack folders named, or every pack under ./rules.
pub fn pack_dirs(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        return Ok(given);
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir("rules")
        .map_err(|_| "no pack given and no ./rules folder: name the pack folders".to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    v.sort();
    Ok(v)
}
