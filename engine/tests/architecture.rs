//! The engine's modules depend on each other one way (docs/design.md): no import cycle, and
//! none of the arrows the architecture forbids. Read from the sources, so that a new `use`
//! that breaks the shape fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → the `crate::` modules its non-test code names.
fn deps() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        let p = e.path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            for f in std::fs::read_dir(&p).unwrap().flatten() {
                text.entry(name.clone()).or_default().push_str(&std::fs::read_to_string(f.path()).unwrap());
            }
        } else if name != "lib" {
            text.insert(name, std::fs::read_to_string(&p).unwrap());
        }
    }
    let names: BTreeSet<String> = text.keys().cloned().collect();
    text.iter()
        .map(|(m, t)| {
            let code = t.split("#[cfg(test)]").next().unwrap_or_default();
            let used = code
                .match_indices("crate::")
                .map(|(i, _)| {
                    code[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>()
                })
                .filter(|d| d != m && names.contains(d))
                .collect();
            (m.clone(), used)
        })
        .collect()
}

#[test]
fn no_import_cycle() {
    let d = deps();
    // Kahn's algorithm: every module must come out.
    let mut left = d.clone();
    loop {
        let free: Vec<String> =
            left.iter().filter(|(_, v)| v.iter().all(|x| !left.contains_key(x))).map(|(k, _)| k.clone()).collect();
        if free.is_empty() {
            break;
        }
        for f in free {
            left.remove(&f);
        }
    }
    assert!(left.is_empty(), "modules in a cycle: {left:?}");
}

#[test]
fn no_forbidden_arrow() {
    let d = deps();
    for (from, to) in [
        ("script", "scan"),
        ("render", "scan"),
        ("explain", "scan"),
        ("pack", "scan"),
        ("format", "scan"),
        ("scan", "cond"),
        ("scan", "judge"),
        ("report", "scan"),
        ("input", "report"),
    ] {
        assert!(!d.get(from).is_some_and(|s| s.contains(to)), "{from} must not depend on {to}");
    }
}
