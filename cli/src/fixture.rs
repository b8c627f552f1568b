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
    add_formats_from(&mut set, pack_dir);
    set
}

/// The formats a pack's cases are read with, as [`load_pack`] loads them, without any rule
/// (nothing to compile but the formats): what `kbdiag lint` needs to tell each fixture file's
/// format.
pub fn load_formats(pack_dir: &Path) -> RuleSet {
    let mut set = RuleSet::default();
    match PackFiles::from_dir(pack_dir) {
        Ok(mut p) => {
            p.files.retain(|(rel, _)| rel == "pack.yaml" || rel.starts_with("formats/"));
            set.add(p);
        }
        Err(e) => set.errors.push(e),
    }
    add_formats_from(&mut set, pack_dir);
    set
}

/// The formats of the packs it reads with (`formats_from`), without their rules.
fn add_formats_from(set: &mut RuleSet, pack_dir: &Path) {
    let meta = std::fs::read_to_string(pack_dir.join("pack.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<kbdiag_engine::pack::model::PackMeta>(&t).ok());
    for name in meta.map(|m| m.formats_from).unwrap_or_default() {
        // A folder of that name beside the pack (the repository's `rules/`, or a pack being
        // edited) first; else the shipped pack of that name, so that a pack made elsewhere
        // (`triage --draft-rule --out /tmp/drafts`) is tested with the formats it names.
        let dir = pack_dir.parent().unwrap_or(Path::new(".")).join(&name);
        let found = match PackFiles::from_dir(&dir) {
            Ok(p) => Ok(p),
            // Only when there is no pack of that name beside it: a broken one is an error.
            Err(e) if dir.join("pack.yaml").exists() => Err(e),
            Err(e) => crate::embedded::packs()
                .into_iter()
                .find(|p| crate::embedded::pack_name(p).as_deref() == Some(name.as_str()))
                .ok_or(e),
        };
        match found {
            Ok(mut p) => {
                p.files.retain(|(rel, _)| rel == "pack.yaml" || rel.starts_with("formats/"));
                set.add(p);
            }
            Err(e) => set.errors.push(e),
        }
    }
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
    // A year taken from the clone's file times (or today) makes the snapshot change with the
    // day the pack is tested: the case must say its year.
    if case.def.year.is_none() {
        let dated_by_clock = run.report.inputs.iter().flat_map(|i| &i.warnings).any(|w| {
            w.code == kbdiag_engine::warning::Code::YearInferred
                && (w.message.contains("modification time") || w.message.contains("current date"))
        });
        if dated_by_clock {
            return Err(format!(
                "case {}: the bundle's times have no year and nothing in it dates them, so the report would change \
                 with the day the pack is tested; add `year: YYYY` to its case.yaml",
                case.name
            ));
        }
    }
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

/// A line diff (similar's Myers diff): `-` lines only in `old`, `+` only in `new`, two lines of
/// context around each change, `  ...` where unchanged lines are left out.
pub fn diff(old: &str, new: &str) -> String {
    use similar::ChangeTag;
    let d = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    for (g, group) in d.grouped_ops(2).iter().enumerate() {
        if g > 0 || group.first().is_some_and(|op| op.old_range().start > 0) {
            out.push_str("  ...\n");
        }
        for op in group {
            for change in d.iter_changes(op) {
                let tag = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                out.push(tag);
                out.push(' ');
                out.push_str(change.value().trim_end_matches(['\n', '\r']));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn diff_shows_changes_with_two_lines_of_context_and_elisions() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\n";
        assert_eq!(diff(old, new), "  ...\n  c\n  d\n- e\n+ E\n  f\n  g\n  ...\n  j\n  k\n+ l\n");
        assert_eq!(diff("x\n", "y"), "- x\n+ y\n");
        assert_eq!(diff("same\n", "same\n"), "");
    }
}
