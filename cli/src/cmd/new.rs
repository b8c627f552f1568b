//! `kbdiag new --from-kb`: write the draft of a rule from a KB article.

use super::usage_error;
use std::io::Write;
use std::process::ExitCode;

pub fn new_from_kb(article: &std::path::Path, out: &std::path::Path, force: bool) -> ExitCode {
    let text = match std::fs::read(article) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return usage_error(&format!("{}: {e}", article.display())),
    };
    let parsed = match kbdiag::kbimport::parse(&text) {
        Ok(a) => a,
        Err(e) => return usage_error(&format!("{}: {e}", article.display())),
    };
    let name = article.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let files = kbdiag::kbimport::draft(&parsed, &name);
    if !force {
        if let Some((rel, _)) = files.iter().find(|(rel, _)| out.join(rel).exists()) {
            return usage_error(&format!("{} exists (use --force to overwrite)", out.join(rel).display()));
        }
    }
    let mut stdout = anstream::stdout();
    for (rel, content) in &files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return usage_error(&format!("{}: {e}", dir.display()));
            }
        }
        if let Err(e) = std::fs::write(&path, content) {
            return usage_error(&format!("{}: {e}", path.display()));
        }
        let _ = writeln!(stdout, "wrote {}", path.display());
    }
    let _ = writeln!(
        stdout,
        "{}: {} step(s), cause {}, {} quoted error text(s). Next: edit the TODOs, add logs to the fixture bundles, run `kbdiag lint` and `kbdiag test`.",
        parsed.number,
        parsed.steps.len(),
        if parsed.cause.is_empty() { "not found" } else { "found" },
        parsed.quoted.len()
    );
    ExitCode::SUCCESS
}
