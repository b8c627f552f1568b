//! `kbdiag test`: fixture cases against their snapshots, with diffs and `--update`.

use super::{pack_dirs, usage_error};
use kbdiag::print::{GREEN, RED, RESET, YELLOW};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn pack_test(packs: Vec<PathBuf>, update: bool) -> ExitCode {
    use kbdiag::fixture;
    let dirs = match pack_dirs(packs) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let mut out = anstream::stdout();
    let (mut passed, mut failed, mut updated) = (0, 0, 0);
    for dir in &dirs {
        let set = fixture::load_pack(dir);
        for e in &set.errors {
            let _ = writeln!(out, "{RED}ERROR{RESET} {e}");
            failed += 1;
        }
        let cases = match fixture::discover(dir) {
            Ok(c) => c,
            Err(e) => {
                let _ = writeln!(out, "{RED}ERROR{RESET} {e}");
                failed += 1;
                continue;
            }
        };
        for case in cases {
            let label = format!("{} {}", dir.display(), case.name);
            let run = match fixture::run(&set, &case) {
                Ok(r) => r,
                Err(e) => {
                    let _ = writeln!(out, "{RED}FAIL{RESET} {label}: {e}");
                    failed += 1;
                    continue;
                }
            };
            let mut problems = Vec::new();
            if run.outcome.as_str() != case.def.expect {
                problems.push(format!("outcome {} but the case expects {}", run.outcome.as_str(), case.def.expect));
            }
            let path = fixture::snapshot_path(&case);
            let new = run.text.trim_end_matches('\n');
            match fixture::read_snapshot(&path) {
                Some(old) if old == new => {}
                Some(old) if !update => {
                    problems.push(format!("report differs from {}:\n{}", path.display(), fixture::diff(&old, new)))
                }
                None if !update => problems.push(format!(
                    "no snapshot {} yet; run with --update after reading the report:\n{new}",
                    path.display()
                )),
                _ => {
                    if let Err(e) = fixture::write_snapshot(&case, new) {
                        problems.push(format!("cannot write {}: {e}", path.display()));
                    } else {
                        updated += 1;
                        let _ = writeln!(out, "{YELLOW}UPDATED{RESET} {label}");
                    }
                }
            }
            if problems.is_empty() {
                passed += 1;
                let _ = writeln!(out, "{GREEN}ok{RESET} {label}");
            } else {
                failed += 1;
                let _ = writeln!(out, "{RED}FAIL{RESET} {label}");
                for p in problems {
                    let _ = writeln!(out, "  {}", p.replace('\n', "\n  "));
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "{passed} passed, {failed} failed{}",
        if updated > 0 { format!(", {updated} snapshot(s) written") } else { String::new() }
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
