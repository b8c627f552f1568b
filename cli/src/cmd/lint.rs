//! `kbdiag lint`: the printer around `kbdiag::lint`.

use super::{pack_dirs, usage_error};
use crate::ListFormat;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn lint(packs: Vec<PathBuf>, format: ListFormat) -> ExitCode {
    let dirs = match pack_dirs(packs) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let problems: Vec<kbdiag::lint::Problem> = dirs.iter().flat_map(|d| kbdiag::lint::lint(d)).collect();
    let errors = problems.iter().filter(|p| p.severity == kbdiag::lint::Severity::Error).count();
    let out = match format {
        ListFormat::Json => serde_json::to_string_pretty(&problems).unwrap_or_default() + "\n",
        ListFormat::Text => {
            let mut s: String = problems.iter().map(kbdiag::lint::render).collect();
            s.push_str(&format!("{} pack(s): {errors} error(s), {} warning(s)\n", dirs.len(), problems.len() - errors));
            s
        }
    };
    if let Err(code) = kbdiag::print::to_stdout(out.as_bytes(), false) {
        return code;
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
