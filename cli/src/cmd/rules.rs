//! `kbdiag rules list`.

use super::{load, report_load_errors};
use crate::{ListFormat, PackArgs};
use kbdiag::print;
use std::process::ExitCode;

pub fn rules_list(packs: PackArgs, format: ListFormat) -> ExitCode {
    let set = load(&packs);
    report_load_errors(&set);
    let out = match format {
        ListFormat::Json => {
            // The same document as the server's GET /v1/rules.
            serde_json::to_string_pretty(&kbdiag::serve::rules::rules_json(&set)).unwrap_or_default() + "\n"
        }
        ListFormat::Text => print::text::rules_list(&set),
    };
    if let Err(code) = kbdiag::print::to_stdout(out.as_bytes(), false) {
        return code;
    }
    if set.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
