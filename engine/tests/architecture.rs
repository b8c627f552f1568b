//! The engine's modules depend on each other one way (docs/design.md): no import cycle, and
//! none of the arrows the architecture forbids. Read from the sources, so that a new `use`
//! that breaks the shape fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → the `crate::` modules its non-test code names.
fn deps() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The non-test code of a file (its `#[cfg(test)]` module is last, by convention).
    fn code(p: &Path) -> String {
        let t = std::fs::read_to_string(p).unwrap();
        t.split("#[cfg(test)]").next().unwrap_or_default().to_string()
    }
    // Every file of a folder module, at any depth (pack/compile/format.rs is part of `pack`).
    fn all(dir: &Path, out: &mut String) {
        for f in std::fs::read_dir(dir).unwrap().flatten() {
            let p = f.path();
            if p.is_dir() {
                all(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push_str(&code(&p));
            }
        }
    }
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        let p = e.path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            all(&p, text.entry(name.clone()).or_default());
        } else if name != "lib" {
            text.insert(name, code(&p));
        }
    }
    let names: BTreeSet<String> = text.keys().cloned().collect();
    text.iter()
        .map(|(m, t)| {
            let used = t
                .match_indices("crate::")
                .map(|(i, _)| t[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
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
