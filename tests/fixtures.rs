//! Every fixture case of every pack under rules/, one test each (so that `cargo test --test
//! fixtures -- KA-05406` runs one article's cases): the case's rule must end in the expected
//! outcome, and the rendered report must equal the reviewed snapshot beside the case
//! (`<case>/report.snap`, the same file `kbdiag test` reads). Two more tests check every pack
//! as a whole: it loads cleanly, and every rule has a case that must fire and one that must not.

mod common;
use kbdiag::fixture;
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

fn packs() -> Vec<PathBuf> {
    common::pack_dirs()
}

fn loads_cleanly(pack: &Path) -> Result<(), Failed> {
    let set = fixture::load_pack(pack);
    let errs: Vec<String> = set.errors.iter().map(|e| e.to_string()).collect();
    if !errs.is_empty() {
        return Err(errs.join("\n").into());
    }
    if set.rules.is_empty() {
        return Err("no rules".into());
    }
    Ok(())
}

/// The same check `kbdiag lint` makes: every rule has a must-fire and a must-not-fire case.
fn fire_and_quiet(pack: &Path) -> Result<(), Failed> {
    let missing: Vec<String> = kbdiag::lint::lint(pack)
        .into_iter()
        .filter(|p| p.message.starts_with("no fixture case that must"))
        .map(|p| p.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("\n").into())
    }
}

fn case(pack: &Path, name: &str) -> Result<(), Failed> {
    let set = fixture::load_pack(pack);
    let case = fixture::discover(pack)?.into_iter().find(|c| c.name == name).ok_or("case vanished")?;
    let run = fixture::run(&set, &case)?;
    if run.outcome.as_str() != case.def.expect {
        return Err(
            format!("outcome {} but the case expects {}\n{}", run.outcome.as_str(), case.def.expect, run.text).into()
        );
    }
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(case.dir.canonicalize().unwrap_or(case.dir.clone()));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s.set_description(format!("{}: {}", case.name, case.def.description.trim()));
    s.bind(|| insta::assert_snapshot!("report", run.text));
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for pack in packs() {
        let pname = pack.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let p = pack.clone();
        trials.push(Trial::test(format!("{pname}::loads_cleanly"), move || loads_cleanly(&p)));
        let p = pack.clone();
        trials.push(Trial::test(format!("{pname}::every_rule_has_a_firing_and_a_quiet_case"), move || {
            fire_and_quiet(&p)
        }));
        match fixture::discover(&pack) {
            Ok(cases) => {
                assert!(!cases.is_empty(), "{pname}: no fixture cases");
                for c in cases {
                    let p = pack.clone();
                    let name = c.name.clone();
                    trials.push(Trial::test(format!("{pname}::{}", c.name), move || case(&p, &name)));
                }
            }
            Err(e) => trials.push(Trial::test(format!("{pname}::fixtures"), move || Err(e.clone().into()))),
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
