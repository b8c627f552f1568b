//! `kbdiag diagnose`: the report on a bundle.

use super::{check_lang, load, report_load_errors, run_options, usage_error};
use crate::{DiagnoseArgs, FailOn, OutFormat};
use kbdiag::print;
use std::io::Write;
use std::process::ExitCode;

pub fn diagnose(a: DiagnoseArgs) -> ExitCode {
    let set = load(&a.packs);
    let limits = kbdiag_engine::input::Limits { max_bytes: a.max_archive_bytes, max_depth: a.max_archive_depth };
    let mut opts = match run_options(&set, &a.tz, &a.assign, limits) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.year = a.year;
    if let Err(e) = check_lang(&set, a.lang.as_deref()) {
        return usage_error(&e);
    }
    opts.threads = a.threads;
    opts.lang = a.lang.clone();
    opts.profile = a.profile;
    opts.max_evidence = a.max_evidence.max(1);
    let bar = progress_bar(&a.paths);
    if let Some(b) = &bar {
        let b = b.clone();
        opts.progress = Some(std::sync::Arc::new(move |n| b.inc(n)));
    }
    if !matches!(a.format, OutFormat::Text) {
        // The text report lists them itself.
        report_load_errors(&set);
    }
    if set.rules.is_empty() && set.errors.is_empty() {
        return usage_error("no rules loaded (use --rules DIR, or drop --no-default-rules)");
    }
    let run = kbdiag_engine::diagnose(&set, &a.paths, &opts);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for p in &run.path_problems {
        let _ = writeln!(anstream::stderr(), "kbdiag: error: {}: {}", p.path, p.message);
    }
    if a.profile {
        let _ = anstream::stderr().write_all(print::profile(&set, &run).as_bytes());
    }
    let out = match a.format {
        OutFormat::Json => serde_json::to_string_pretty(&run.report).map(|s| s + "\n").unwrap_or_default(),
        OutFormat::Text => format!("{}\n{}", print::text::render(&run.report), print::text::summary(&run.report)),
        OutFormat::Markdown => print::markdown::render(&run.report),
    };
    let mut stdout = anstream::stdout();
    if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        // stdout closed (e.g. piped into head): nothing more to say.
        return ExitCode::SUCCESS;
    }
    if !set.errors.is_empty() || !run.path_problems.is_empty() {
        return ExitCode::from(2);
    }
    // "No known problem" is only a verdict when something could be read and judged.
    if run.report.stats.files == 0 {
        let _ = writeln!(
            anstream::stderr(),
            "kbdiag: error: nothing could be diagnosed: none of the {} input(s) could be read as text (see their warnings)",
            run.report.inputs.len()
        );
        return ExitCode::from(2);
    }
    if run.report.errors.iter().any(|e| e.kind == "rule" || e.kind == "condition") {
        // A rule that could not be judged is not an all-clear.
        return ExitCode::from(2);
    }
    let hit = run.report.findings.iter().any(|f| match a.fail_on {
        Some(FailOn::Possible) => true,
        Some(FailOn::Confirmed) => f.outcome == kbdiag_engine::judge::Outcome::Confirmed,
        None => false,
    });
    if hit {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A byte progress bar on stderr, only when stderr is a terminal.
fn progress_bar(paths: &[String]) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    fn size(p: &std::path::Path, files: &mut u64) -> u64 {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => {
                std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| size(&e.path(), files)).sum()).unwrap_or(0)
            }
            Ok(m) if m.is_file() => {
                *files += 1;
                m.len()
            }
            _ => 0,
        }
    }
    let mut files = 0;
    let total: u64 = paths.iter().filter(|p| *p != "-").map(|p| size(std::path::Path::new(p), &mut files)).sum();
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{bar:30}} {{bytes}}/{{total_bytes}} of {files} file(s), {{bytes_per_sec}}, {{eta}} left"
    ))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}
