//! The subcommands, one module each, and what they share: loading packs, zones, usage errors.

pub mod diagnose;
pub mod explain;
pub mod kb;
pub mod lint;
pub mod new;
pub mod rules;
pub mod serve;
pub mod test;
pub mod triage;

use crate::PackArgs;
use kbdiag::embedded;
use kbdiag_engine::pack::{PackFiles, RuleSet};
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
        let before = set.rules.len() + set.errors.len();
        match PackFiles::from_dir(dir) {
            Ok(p) => set.add(p),
            Err(e) => set.errors.push(e),
        }
        if set.rules.len() + set.errors.len() == before {
            set.errors.push(kbdiag_engine::pack::LoadError::new(
                dir.display().to_string(),
                "this pack has no rules (nothing under rules/)",
            ));
        }
    }
    set
}

/// The scan options every diagnosing command shares, checked against the loaded packs: a zone
/// for a format no pack defines, or `--as` naming an unknown format, is a usage error.
pub fn run_options(
    set: &RuleSet,
    tz: &[String],
    assign: &[String],
    params: &[String],
    limits: kbdiag_engine::input::Limits,
) -> Result<ScanOptions, String> {
    let mut opts = parse_zones(tz).map_err(|e| format!("--tz: {e}"))?;
    let known = |f: &str| f == kbdiag_engine::format::GENERIC || set.formats.iter().any(|x| x.id == f);
    let ids = || {
        let mut v: Vec<&str> = set.formats.iter().map(|f| f.id.as_str()).collect();
        v.push(kbdiag_engine::format::GENERIC);
        v.join(", ")
    };
    for f in opts.zone_by_format.keys() {
        if !known(f) {
            return Err(format!("--tz {f}=...: no loaded format is called '{f}' (known: {})", ids()));
        }
    }
    for spec in assign {
        let a = kbdiag_engine::scan::Assign::parse(spec).map_err(|e| format!("--as {e}"))?;
        if a.format == kbdiag_engine::format::GENERIC {
            if a.role.is_some() {
                return Err(format!("--as {spec}: the generic format has no roles"));
            }
            opts.assign.push(a);
            continue;
        }
        let Some(f) = set.formats.iter().find(|x| x.id == a.format) else {
            return Err(format!("--as {spec}: no loaded format is called '{}' (known: {})", a.format, ids()));
        };
        if let Some(r) = &a.role {
            if !f.roles.iter().any(|(name, _)| name == r) {
                let roles: Vec<&str> = f.roles.iter().map(|(n, _)| n.as_str()).collect();
                return Err(format!(
                    "--as {spec}: format '{}' has no role '{r}' (its roles: {})",
                    f.id,
                    roles.join(", ")
                ));
            }
        }
        opts.assign.push(a);
    }
    for spec in params {
        let (k, v) = spec.split_once('=').ok_or_else(|| format!("--param '{spec}': expected PACK.NAME=VALUE"))?;
        if opts.params.insert(k.trim().to_string(), v.to_string()).is_some() {
            return Err(format!("--param {}: given twice (give each parameter once)", k.trim()));
        }
    }
    let formats = kbdiag_engine::format::with_params(&set.formats, &opts.params).map_err(|e| e.join("; "))?;
    for a in &opts.assign {
        if let Some(p) = formats.iter().find(|f| f.id == a.format && !f.given).and_then(|f| f.param.as_ref()) {
            return Err(format!(
                "--as ...={}: this format reads lines by a parameter: give --param {}=...",
                a.format,
                p.key()
            ));
        }
    }
    opts.archive_limits = limits;
    Ok(opts)
}

/// `--lang`: a language some loaded rule is written or translated in.
pub fn check_lang(set: &RuleSet, lang: Option<&str>) -> Result<(), String> {
    let Some(l) = lang else { return Ok(()) };
    let mut langs: Vec<String> = set.packs.iter().map(|(m, _)| m.language.clone()).collect();
    langs.extend(set.rules.iter().flat_map(|r| r.translations.keys().cloned()));
    langs.sort();
    langs.dedup();
    if langs.iter().any(|x| x == l) {
        Ok(())
    } else {
        Err(format!("--lang {l}: no loaded rule is written in '{l}' (available: {})", langs.join(", ")))
    }
}

pub fn report_load_errors(set: &RuleSet) {
    let mut err = anstream::stderr();
    for e in &set.errors {
        let _ = writeln!(err, "kbdiag: rule error: {e}");
    }
}

pub fn parse_zones(specs: &[String]) -> Result<ScanOptions, String> {
    let mut opts = ScanOptions { zone_given: !specs.is_empty(), ..Default::default() };
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
