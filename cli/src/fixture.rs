//! Fixture cases of a pack: `fixtures/<rule>/<case>/case.yaml` beside a `bundle/` folder of
//! logs. Running a case diagnoses its bundle with the pack and renders the report as a
//! support engineer would read it; the workspace tests snapshot that text, and assert the
//! expected outcome of the case's rule.

use kbdiag_engine::judge::Outcome;
use kbdiag_engine::pack::model::CaseDef;
use kbdiag_engine::pack::{PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;
use std::path::{Path, PathBuf};

pub struct Case {
    /// `KA-05406/confirmed`
    pub name: String,
    pub dir: PathBuf,
    pub def: CaseDef,
}

/// The cases of a pack, sorted by name. A `case.yaml` that cannot be read is an error.
pub fn discover(pack_dir: &Path) -> Result<Vec<Case>, String> {
    let root = pack_dir.join("fixtures");
    let mut out = Vec::new();
    let Ok(rules) = std::fs::read_dir(&root) else {
        return Ok(out);
    };
    for r in rules.flatten() {
        let Ok(cases) = std::fs::read_dir(r.path()) else {
            continue;
        };
        for c in cases.flatten() {
            let file = c.path().join("case.yaml");
            if !file.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let def: CaseDef = serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            out.push(Case {
                name: format!("{}/{}", r.file_name().to_string_lossy(), c.file_name().to_string_lossy()),
                dir: c.path(),
                def,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub struct CaseRun {
    /// The outcome of the case's rule.
    pub outcome: Outcome,
    /// The text report, without colour, paths relative to the bundle.
    pub text: String,
    pub report: kbdiag_engine::report::Report,
}

/// Load a pack folder alone (no embedded packs), as `kbdiag test` and the tests do.
pub fn load_pack(pack_dir: &Path) -> RuleSet {
    let mut set = RuleSet::default();
    match PackFiles::from_dir(pack_dir) {
        Ok(p) => set.add(p),
        Err(e) => set.errors.push(e),
    }
    set
}

pub fn run(set: &RuleSet, case: &Case) -> Result<CaseRun, String> {
    let rules = set.find(&case.def.rule);
    let [rule] = rules.as_slice() else {
        return Err(format!(
            "case {}: rule '{}' matches {} loaded rules (want exactly one)",
            case.name,
            case.def.rule,
            rules.len()
        ));
    };
    let mut opts = ScanOptions::default();
    if let Some(tz) = &case.def.tz {
        opts.zone = Zone::parse(tz).map_err(|e| format!("case {}: {e}", case.name))?;
        opts.zone_given = true;
    }
    opts.year = case.def.year;
    opts.params = case.def.params.clone();
    let bundle = case.dir.join("bundle");
    let prefix = bundle.display().to_string();
    opts.relative_to = Some(prefix.clone());
    let run = kbdiag_engine::diagnose(set, &[prefix], &opts);
    let idx = set.rules.iter().position(|r| std::ptr::eq(r, *rule)).unwrap_or(0);
    let outcome = run.rules.iter().find(|r| r.rule == idx).map_or(Outcome::Error, |r| r.outcome);
    let full = anstream::adapter::strip_str(&crate::print::text::render(&run.report)).to_string();
    // The headline counts every rule of the pack: leave it out, or each new rule would change
    // every snapshot. The outcomes are all in the body.
    let text = full.split_once('\n').map_or(full.clone(), |(_, rest)| rest.trim_start_matches('\n').to_string());
    Ok(CaseRun { outcome, text, report: run.report })
}

/// The reviewed snapshot of a case: `report.snap` beside `case.yaml`, in insta's format (a
/// header between `---` lines, then the report), so that `cargo test` and `kbdiag test` read
/// and write the same files.
pub fn snapshot_path(case: &Case) -> PathBuf {
    case.dir.join("report.snap")
}

/// The report stored in a snapshot file, without its header.
pub fn read_snapshot(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?.replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(rest[end + 5..].trim_end_matches('\n').to_string())
}

pub fn write_snapshot(case: &Case, text: &str) -> std::io::Result<()> {
    let description =
        serde_json::to_string(&format!("{}: {}", case.name, case.def.description.trim())).unwrap_or_default();
    let body = format!("---\nsource: kbdiag test\ndescription: {description}\n---\n{}\n", text.trim_end_matches('\n'));
    std::fs::write(snapshot_path(case), body)
}

/// A line diff (longest common subsequence): `-` lines only in `old`, `+` only in `new`,
/// two lines of context around each change.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let near = |k: usize| ops[k.saturating_sub(2)..(k + 3).min(ops.len())].iter().any(|o| o.0 != ' ');
    let mut out = String::new();
    let mut gap = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if *op != ' ' || near(k) {
            if gap {
                out.push_str("  ...\n");
                gap = false;
            }
            out.push_str(&format!("{op} {line}\n"));
        } else {
            gap = true;
        }
    }
    out
}
