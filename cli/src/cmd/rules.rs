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
            let rules: Vec<serde_json::Value> = set
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "kb": r.kb.article, "title": r.title, "pack": r.pack,
                        "severity": r.severity, "file": r.file,
                        "symptoms": r.symptoms.iter().map(|s| serde_json::json!({
                            "name": s.name, "literals": s.literals, "regex": s.regex.as_ref().map(|x| x.as_str()),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let packs: Vec<serde_json::Value> = set
                .packs
                .iter()
                .map(|(m, origin)| serde_json::json!({"name": m.name, "version": m.version, "origin": origin}))
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({"packs": packs, "rules": rules})).unwrap_or_default()
                + "\n"
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
