//! `kbdiag rules list`.

use super::{load, report_load_errors};
use crate::{ListFormat, PackArgs};
use kbdiag::print;
use std::io::Write;
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
    let _ = anstream::stdout().write_all(out.as_bytes());
    if set.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
