//! The packs shipped inside the `kbdiag` binary: the repository's `rules/` folder, embedded at
//! build time. They live here, not in the engine, so that the engine stays free of any product:
//! a program that embeds the engine brings its own packs.

use include_dir::{include_dir, Dir};
use kbdiag_engine::pack::{PackFiles, RuleSet};

static RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../rules");

/// The shipped packs, loaded: what `kbdiag` uses when no option says otherwise.
pub fn rule_set() -> RuleSet {
    let mut set = RuleSet::default();
    for p in packs() {
        set.add(p);
    }
    set
}

/// A pack's name, from its `pack.yaml` (None when it has none or it does not say).
pub fn pack_name(p: &PackFiles) -> Option<String> {
    let (_, text) = p.files.iter().find(|(rel, _)| rel == "pack.yaml")?;
    let v: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    v.get("name")?.as_str().map(str::to_string)
}

/// The shipped packs but those named in `given` (packs from folders: a folder holding a
/// built-in pack, given to try an edit, replaces it rather than making every rule a
/// duplicate), and the names of those replaced.
pub fn packs_except(given: &[&PackFiles]) -> (Vec<PackFiles>, Vec<String>) {
    let names: Vec<String> = given.iter().filter_map(|p| pack_name(p)).collect();
    let (mut kept, mut replaced) = (Vec::new(), Vec::new());
    for p in packs() {
        match pack_name(&p) {
            Some(n) if names.contains(&n) => replaced.push(n),
            _ => kept.push(p),
        }
    }
    (kept, replaced)
}

pub fn packs() -> Vec<PackFiles> {
    let mut out = Vec::new();
    for d in RULES.dirs() {
        let name = d.path().to_string_lossy().to_string();
        if d.get_file(d.path().join("pack.yaml")).is_none() {
            continue;
        }
        let mut files = Vec::new();
        collect(d, d.path(), &mut files);
        files.sort();
        out.push(PackFiles { origin: format!("embedded:{name}"), files });
    }
    out
}

fn collect(d: &Dir<'static>, root: &std::path::Path, out: &mut Vec<(String, String)>) {
    for f in d.files() {
        let rel = f.path().strip_prefix(root).unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
        if (rel.ends_with(".yaml") || rel.ends_with(".yml")) && !rel.starts_with("fixtures") {
            if let Some(text) = f.contents_utf8() {
                out.push((rel, text.to_string()));
            }
        }
    }
    for sub in d.dirs() {
        if !sub.path().strip_prefix(root).map(|p| p.starts_with("fixtures")).unwrap_or(false) {
            collect(sub, root, out);
        }
    }
}
