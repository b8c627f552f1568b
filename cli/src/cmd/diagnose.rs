//! `kbdiag diagnose`: the report on a bundle, or on every bundle of a folder (`--each`).

use super::{check_lang, load, report_load_errors, run_options, usage_error};
use crate::{DiagnoseArgs, FailOn, OutFormat};
use kbdiag::print;
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::report::Report;
use kbdiag_engine::scan::ScanOptions;
use std::io::Write;
use std::process::ExitCode;

pub fn diagnose(a: DiagnoseArgs) -> ExitCode {
    if a.shard.is_some() && a.each.is_none() {
        return usage_error("--shard I/N shares out the children of --each DIR: give --each");
    }
    // --each writes JSON Lines (one report per bundle); a Markdown or HTML report asked for
    // would otherwise be JSON without a word.
    if a.each.is_some() && matches!(a.format, OutFormat::Markdown | OutFormat::Html) {
        return usage_error(
            "--each writes one JSON report per line (JSON Lines), not Markdown or HTML: leave --format out (or give json), or diagnose each bundle on its own",
        );
    }
    let mut set = load(&a.packs);
    if let Err(e) = filter(&mut set, &a.only_rules, &a.only_packs) {
        return usage_error(&e);
    }
    if let Err(e) = kbdiag::without_rules(&mut set, &a.triage.no_rules) {
        return usage_error(&e);
    }
    let mut opts = match run_options(&set, &a.read.tz, &a.read.assign, &a.read.params, a.read.limits(), true) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.year = a.read.year;
    if let Err(e) = check_lang(&set, a.lang.as_deref()) {
        return usage_error(&e);
    }
    opts.threads = a.threads;
    opts.lang = a.lang.clone();
    opts.profile = a.profile;
    opts.max_evidence = a.max_evidence.max(1);
    opts.timeline = matches!(a.format, OutFormat::Html);
    if let Err(e) = a.triage.apply(&mut opts) {
        return usage_error(&e);
    }
    // An N given caps the JSON list too (as the service's `max_unexplained` does).
    if let Some(n) = a.triage.max_unexplained.filter(|&n| n > 0) {
        opts.max_templates = n;
    }
    if !matches!(a.format, OutFormat::Text) || a.quiet {
        // The text report lists them itself; --quiet keeps stdout empty, not stderr (as
        // `grep -q`): a rule pack that did not load is said.
        report_load_errors(&set);
    }
    if set.rules.is_empty() && set.errors.is_empty() {
        return usage_error(if a.triage.no_rules.is_empty() {
            "no rules loaded (use --rules DIR, or drop --no-default-rules)"
        } else {
            "no rules left: --no-rule left out every rule that was loaded"
        });
    }
    let read: Vec<String> = a.paths.iter().cloned().chain(a.each.iter().map(|d| d.display().to_string())).collect();
    if let Some(e) = a.output.as_deref().and_then(|o| overwrites_input(o, &read)) {
        return usage_error(&e);
    }
    if let Some(dir) = &a.each {
        return each(&a, &set, &opts, dir);
    }
    // Collect once: the progress bar's total and the scan see the same inputs.
    let (inputs, problems) = kbdiag_engine::input::collect_with(&a.paths, opts.archive_limits);
    // An --as that names no input (a typo, a path spelt differently) would silently leave the
    // file to sniffing: say so.
    for asg in &opts.assign {
        if !inputs.iter().any(|i| i.names().any(|n| asg.applies_to(n))) {
            let _ = writeln!(
                anstream::stderr(),
                "kbdiag: warning: --as {}={}: no input is this path or under it (inputs are named as given on the command line)",
                print::esc(&asg.path),
                print::esc(&asg.format)
            );
        }
    }
    // The same for a --tz PATH=ZONE: its times would silently stay in the assumed zone.
    for (path, _) in &opts.zone_by_path {
        if !inputs.iter().any(|i| i.names().any(|n| kbdiag_engine::scan::names_input(path, n))) {
            let _ = writeln!(
                anstream::stderr(),
                "kbdiag: warning: --tz {}=...: no input is this path or under it, so no log is read in that zone",
                print::esc(path)
            );
        }
    }
    let bar = if a.quiet { None } else { progress_bar(&inputs) };
    if let Some(b) = &bar {
        let b = b.clone();
        opts.progress = Some(std::sync::Arc::new(move |n| b.inc(n)));
    }
    let run = kbdiag_engine::diagnose_inputs(&set, inputs, problems, &opts);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !a.quiet {
        for p in &run.path_problems {
            let _ = writeln!(anstream::stderr(), "kbdiag: error: {}: {}", print::esc(&p.path), print::esc(&p.message));
        }
    }
    if a.profile {
        let _ = anstream::stderr().write_all(print::profile(&set, &run).as_bytes());
    }
    if !a.quiet {
        let bundle = a.paths.join(" ");
        let out = match a.format {
            OutFormat::Json => serde_json::to_string_pretty(&run.report).map(|s| s + "\n").unwrap_or_default(),
            OutFormat::Jsonl => findings_jsonl(&bundle, &run.report),
            OutFormat::Text => format!(
                "{}\n{}{}",
                print::text::render(&run.report),
                print::text::unexplained(&run.report, a.triage.shown()),
                print::text::summary(&run.report)
            ),
            OutFormat::Markdown => print::markdown::render_top(&run.report, a.triage.shown()),
            OutFormat::Html => print::html::render(&run.report),
        };
        if let Err(code) = emit(&a, &out) {
            return code;
        }
    }
    // A --fail-on finding wins over a bad path or a broken rule: the 1 is not hidden by a 2.
    if fails(a.fail_on, &run.report) {
        return ExitCode::from(1);
    }
    if !set.errors.is_empty() || !run.path_problems.is_empty() {
        return ExitCode::from(2);
    }
    // "No known problem" is only a verdict when something could be read and judged.
    if run.report.stats.files == 0 {
        let _ = writeln!(
            anstream::stderr(),
            "kbdiag: error: nothing could be diagnosed: none of the {} input(s) could be read as text or had anything in it (see their warnings)",
            run.report.inputs.len()
        );
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Would `-o FILE` write over a log being read (the file itself, or a file inside a folder
/// given)? The report would replace the customer's log it is about; a new file in a bundle's
/// folder is allowed (it is not read in this run).
fn overwrites_input(out: &std::path::Path, paths: &[String]) -> Option<String> {
    let out = std::fs::canonicalize(out).ok()?;
    let hit = paths
        .iter()
        .filter(|p| p.as_str() != "-")
        .find(|p| std::fs::canonicalize(p).is_ok_and(|p| out == p || out.starts_with(&p)))?;
    Some(format!(
        "-o {}: this file is an input (or inside {}): the report would overwrite a log it reads; write it elsewhere",
        print::esc(&out.display().to_string()),
        print::esc(hit)
    ))
}

/// Keep only the rules asked for (`--rule`, `--pack`); a name that selects nothing is an error.
fn filter(set: &mut RuleSet, rules: &[String], packs: &[String]) -> Result<(), String> {
    for p in packs {
        if !set.packs.iter().any(|(m, _)| m.name.eq_ignore_ascii_case(p)) {
            let names: Vec<&str> = set.packs.iter().map(|(m, _)| m.name.as_str()).collect();
            return Err(format!("--pack {p}: no such pack (loaded: {})", names.join(", ")));
        }
    }
    for r in rules {
        if set.find(r).is_empty() {
            return Err(format!("--rule {r}: no loaded rule has that id or KB article (see `kbdiag rules list`)"));
        }
    }
    if rules.is_empty() && packs.is_empty() {
        return Ok(());
    }
    set.rules.retain(|r| {
        let by_rule = rules.iter().any(|k| r.id.eq_ignore_ascii_case(k) || r.kb.article.eq_ignore_ascii_case(k));
        let by_pack = packs.iter().any(|p| r.pack.eq_ignore_ascii_case(p));
        by_rule || by_pack
    });
    Ok(())
}

/// Is `--fail-on` met? The service's `fail_on` asks the same function.
fn fails(fail_on: Option<FailOn>, r: &Report) -> bool {
    use kbdiag::verdict::FailLevel;
    kbdiag::verdict::fails(
        fail_on.map(|f| match f {
            FailOn::Possible => FailLevel::Possible,
            FailOn::Confirmed => FailLevel::Confirmed,
        }),
        r,
    )
}

/// Write the output to `-o FILE` or stdout. JSON and HTML go out byte-exact (no colour
/// adapter: they hold no escape sequence, every control character of a log made visible).
fn emit(a: &DiagnoseArgs, out: &str) -> Result<(), ExitCode> {
    if let Some(path) = &a.output {
        // The file gets no colour codes whatever the terminal.
        let plain = anstream::adapter::strip_str(out).to_string();
        let text =
            if matches!(a.format, OutFormat::Json | OutFormat::Jsonl | OutFormat::Html) { out } else { plain.as_str() };
        return std::fs::write(path, text).map_err(|e| {
            let _ = writeln!(anstream::stderr(), "kbdiag: error: -o {}: {e}", print::esc(&path.display().to_string()));
            ExitCode::from(2)
        });
    }
    print::to_stdout(out.as_bytes(), matches!(a.format, OutFormat::Json | OutFormat::Jsonl | OutFormat::Html))
}

/// One finding per line, each with its bundle (ripgrep's `--json`, Hayabusa's JSONL).
fn findings_jsonl(bundle: &str, r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let mut v = serde_json::to_value(f).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("bundle".into(), bundle.into());
        }
        out.push_str(&serde_json::to_string(&v).unwrap_or_default());
        out.push('\n');
    }
    // Then the templates no finding explains, one per line: {"bundle", "unexplained": {...}}.
    for u in &r.unexplained {
        let v = serde_json::json!({ "bundle": bundle, "unexplained": u });
        out.push_str(&serde_json::to_string(&v).unwrap_or_default());
        out.push('\n');
    }
    // A bundle's last line says whether it was judged on everything given: without it, no
    // line at all (no finding) could not be told from a run that read nothing whole (hostile
    // tester W).
    let done = serde_json::json!({
        "bundle": bundle,
        "done": {
            "complete": r.complete,
            "incomplete": r.incomplete,
            "findings": r.findings.len(),
            "unexplained": r.unexplained.len(),
            "inputs": r.inputs.len(),
            "errors": r.errors.len(),
        }
    });
    out.push_str(&serde_json::to_string(&done).unwrap_or_default());
    out.push('\n');
    out
}

/// `--each DIR`: every child a bundle of its own, diagnosed in parallel; reports come out in
/// the children's name order, one JSON object per line, then a summary line.
fn each(a: &DiagnoseArgs, set: &RuleSet, opts: &ScanOptions, dir: &std::path::Path) -> ExitCode {
    use rayon::prelude::*;
    let mut children: Vec<std::path::PathBuf> = match super::bundle_children(dir) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("--each {}: {e}", dir.display())),
    };
    // A folder with no bundle at all (not a shard that was dealt none) is said below.
    let empty = children.is_empty();
    if let Some((i, n)) = a.shard {
        // Dealt by position in name order: deterministic for a given folder, and the shards
        // differ in size by one child at most.
        children = children.into_iter().enumerate().filter(|(k, _)| k % n == i).map(|(_, c)| c).collect();
    }
    let runs: Vec<(String, kbdiag_engine::Run)> = children
        .par_iter()
        .map(|c| {
            // `bundle` is the bundle's path (DIR/child), so that lines of parallel runs over
            // several folders can be told apart.
            let name = c.display().to_string();
            (name, super::diagnose_child(set, c, opts))
        })
        .collect();
    let mut out = String::new();
    let (mut with_findings, mut unreadable, mut errors) = (0u64, 0u64, 0u64);
    let mut outcomes: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for (name, run) in &runs {
        with_findings += u64::from(!run.report.findings.is_empty());
        unreadable += u64::from(run.report.stats.files == 0);
        errors += run.report.errors.len() as u64;
        for f in &run.report.findings {
            *outcomes.entry(f.outcome.as_str().to_string()).or_default() += 1;
        }
        match a.format {
            OutFormat::Jsonl => out.push_str(&findings_jsonl(name, &run.report)),
            _ => {
                let mut v = serde_json::to_value(&run.report).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("bundle".into(), name.clone().into());
                }
                out.push_str(&serde_json::to_string(&v).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    let summary = serde_json::json!({
        "summary": {
            "bundles": runs.len(),
            "with_findings": with_findings,
            "unreadable": unreadable,
            "errors": errors,
            "findings": outcomes,
        }
    });
    out.push_str(&summary.to_string());
    out.push('\n');
    if !a.quiet {
        if let Err(code) = emit(a, &out) {
            return code;
        }
    }
    if runs.iter().any(|(_, r)| fails(a.fail_on, &r.report)) {
        return ExitCode::from(1);
    }
    if empty {
        // Nothing was read, as for `diagnose` of an empty folder.
        eprintln!(
            "kbdiag: --each {}: no bundle in this folder (each child folder, archive or log file is one)",
            kbdiag::print::esc(&dir.display().to_string())
        );
        return ExitCode::from(2);
    }
    if !set.errors.is_empty() || unreadable > 0 {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// A byte progress bar on stderr, only when stderr is a terminal, over the inputs collected.
fn progress_bar(inputs: &[kbdiag_engine::input::Input]) -> Option<indicatif::ProgressBar> {
    use kbdiag_engine::input::Origin;
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let mut files = 0u64;
    let mut total = 0u64;
    for i in inputs {
        let size = match &i.origin {
            Origin::File(p) => std::fs::metadata(p).map(|m| m.len()).ok(),
            Origin::Bytes(b) => Some(b.len() as u64),
            _ => None,
        };
        if let Some(n) = size {
            files += 1;
            total += n;
        }
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{bar:30}} {{bytes}}/{{total_bytes}} of {files} file(s), {{bytes_per_sec}}, {{eta}} left"
    ))
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}
