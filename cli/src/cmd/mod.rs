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
pub use kbdiag::options::{check_lang, run_options};
use kbdiag_engine::pack::{PackFiles, RuleSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn usage_error(msg: &str) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "kbdiag: error: {msg}");
    ExitCode::from(2)
}

pub fn load(args: &PackArgs) -> RuleSet {
    let given: Vec<(&PathBuf, Result<PackFiles, kbdiag_engine::pack::LoadError>)> =
        args.rules.iter().map(|d| (d, PackFiles::from_dir(d))).collect();
    let mut set = RuleSet::default();
    if !args.no_default_rules {
        let ok: Vec<&PackFiles> = given.iter().filter_map(|(_, p)| p.as_ref().ok()).collect();
        let (kept, replaced) = embedded::packs_except(&ok);
        for n in replaced {
            let _ = writeln!(
                anstream::stderr(),
                "kbdiag: note: a folder given with --rules replaces the built-in pack '{}'",
                kbdiag::print::esc(&n)
            );
        }
        for p in kept {
            set.add(p);
        }
    }
    for (dir, p) in given {
        let before = set.rules.len() + set.errors.len();
        match p {
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
    // Batch commands only (the service loads its packs elsewhere).
    crate::pin_mmap_threshold();
    set
}

pub fn report_load_errors(set: &RuleSet) {
    let mut err = anstream::stderr();
    for e in &set.errors {
        let _ = writeln!(err, "kbdiag: rule error: {e}");
    }
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

/// One child of a folder of bundles (`diagnose --each`, `triage`): a folder or file is
/// diagnosed; a FIFO, socket or device is listed as not read (a FIFO nobody writes to would hold
/// the whole batch forever).
/// The children of a folder of bundles (`--each`, `triage`), in name order, each bundle once:
/// a child that is a link to another child (or to a folder inside one) is left out and said on
/// stderr, so that a bundle is not counted twice ("in 2 bundles" of one case).
pub fn bundle_children(dir: &std::path::Path) -> std::io::Result<Vec<PathBuf>> {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)?.flatten().map(|e| e.path()).collect();
    children.sort();
    // Real entries first: a link is the copy, whatever its name.
    let is_link = |p: &PathBuf| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let mut order: Vec<usize> = (0..children.len()).collect();
    order.sort_by_key(|&i| is_link(&children[i]));
    let mut kept: Vec<(usize, PathBuf)> = Vec::new();
    let mut dropped = vec![false; children.len()];
    for i in order {
        let Ok(real) = std::fs::canonicalize(&children[i]) else { continue };
        if let Some((j, _)) = kept.iter().find(|(_, k)| real == *k || real.starts_with(k) || k.starts_with(&real)) {
            dropped[i] = true;
            let _ = writeln!(
                anstream::stderr(),
                "kbdiag: note: {} is the same bundle as {} (a link): read once",
                kbdiag::print::esc(&children[i].display().to_string()),
                kbdiag::print::esc(&children[*j].display().to_string())
            );
            continue;
        }
        kept.push((i, real));
    }
    Ok(children.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(c, _)| c).collect())
}

/// Where `child` leads when it is a link to something outside its folder.
fn link_out_of_parent(child: &std::path::Path) -> Option<PathBuf> {
    if !std::fs::symlink_metadata(child).ok()?.file_type().is_symlink() {
        return None;
    }
    let parent =
        std::fs::canonicalize(child.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(".".as_ref())).ok()?;
    let target = std::fs::canonicalize(child).ok()?;
    (!target.starts_with(&parent)).then_some(target)
}

pub fn diagnose_child(
    set: &RuleSet,
    child: &std::path::Path,
    opts: &kbdiag_engine::scan::ScanOptions,
) -> kbdiag_engine::Run {
    let name = child.display().to_string();
    // A child that is a link out of the folder of bundles is not followed, as a link inside
    // a bundle is not: the cases folder is where customer archives are extracted, and one can
    // plant `case.log -> ~/.ssh/id_rsa` at its top (hostile tester T).
    if let Some(target) = link_out_of_parent(child) {
        let input = kbdiag_engine::input::link_outside_input(name, &target);
        return kbdiag_engine::diagnose_inputs(set, vec![input], Vec::new(), opts);
    }
    match kbdiag_engine::input::special_file(child) {
        Some(what) => {
            kbdiag_engine::diagnose_inputs(set, vec![kbdiag_engine::input::special_input(name, what)], Vec::new(), opts)
        }
        None => kbdiag_engine::diagnose(set, &[name], opts),
    }
}
