//! Checking the options of a run against the loaded packs: one place, so that `kbdiag
//! diagnose` and `kbdiag serve` accept and refuse the same zones, formats and languages, with
//! the same words.

use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;

/// The scan options every diagnosing command shares, checked against the loaded packs: a zone
/// for a format no pack defines, or `--as` naming an unknown format, is a usage error.
pub fn run_options(
    set: &RuleSet,
    tz: &[String],
    assign: &[String],
    params: &[String],
    limits: kbdiag_engine::input::Limits,
    local: bool,
) -> Result<ScanOptions, String> {
    let mut opts = parse_zones(tz).map_err(|e| format!("--tz: {e}"))?;
    let known = |f: &str| f == kbdiag_engine::format::GENERIC || set.formats.iter().any(|x| x.id == f);
    let ids = || {
        let mut v: Vec<&str> = set.formats.iter().map(|f| f.id.as_str()).collect();
        v.push(kbdiag_engine::format::GENERIC);
        v.join(", ")
    };
    // `--tz KEY=ZONE`: KEY is a format, else an input's path: on the command line a file or
    // folder that exists, an archive member (`a.tar.gz!/x.log`) or `-`; in a service request
    // (`local` false) a member of the uploaded bundle, which the server's own files must not
    // answer for.
    let keys: Vec<String> = opts.zone_by_format.keys().cloned().collect();
    for f in keys {
        // A loaded format's name is the format, even where a folder has that name (write
        // `NAME/` or `./NAME` for the folder).
        if known(&f) {
            continue;
        }
        let is_path = f == "-"
            || f.contains('!')
            || if local { std::path::Path::new(&f).exists() } else { f.contains(['/', '\\', '.']) };
        if !is_path {
            return Err(format!(
                "--tz {f}=...: no loaded format is called '{f}' and no such file or folder exists (formats: {})",
                ids()
            ));
        }
        if let Some(z) = opts.zone_by_format.remove(&f) {
            opts.zone_by_path.push((f, z));
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

pub fn parse_zones(specs: &[String]) -> Result<ScanOptions, String> {
    let mut opts = ScanOptions { zone_given: specs.iter().any(|s| !s.contains('=')), ..Default::default() };
    for spec in specs {
        // The last `=` splits: a zone has none, a path may.
        match spec.rsplit_once('=') {
            Some((fmt, zone)) => {
                opts.zone_by_format.insert(fmt.trim().to_string(), Zone::parse(zone)?);
            }
            None => opts.zone = Zone::parse(spec)?,
        }
    }
    Ok(opts)
}

/// The most worker threads a run takes: past a few hundred, threads only cost memory (each
/// has its stack), and tens of thousands fail to start at all, aborting the run.
pub const MAX_THREADS: usize = 512;

/// `--threads N`: 0 (one per core) up to [`MAX_THREADS`].
pub fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s.trim().parse().map_err(|_| format!("'{s}': expected a number of threads (0: one per core)"))?;
    if n > MAX_THREADS {
        return Err(format!("{n} threads: at most {MAX_THREADS} (0: one per core)"));
    }
    Ok(n)
}

/// `--year Y`: years a log can have been written in, 1970 to 9999 (a year outside them dated
/// every year-less line where no time can be written).
pub fn parse_year(s: &str) -> Result<i32, String> {
    let y: i32 = s.trim().parse().map_err(|_| format!("'{s}': expected a year like 2024"))?;
    if !(1970..=9999).contains(&y) {
        return Err(format!("{y}: a year from 1970 to 9999"));
    }
    Ok(y)
}

#[cfg(test)]
mod bounds {
    #[test]
    fn threads_and_years_are_bounded() {
        assert_eq!(super::parse_threads("0"), Ok(0));
        assert_eq!(super::parse_threads("512"), Ok(512));
        assert!(super::parse_threads("100000").is_err());
        assert!(super::parse_threads("-1").is_err());
        assert_eq!(super::parse_year("2024"), Ok(2024));
        assert!(super::parse_year("262143").is_err());
        assert!(super::parse_year("1969").is_err());
    }
}
