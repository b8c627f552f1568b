//! `kbdiag`: diagnose support log bundles with executable KB-article rules.
//!
//! Exit status (contract): 0 when a run completed, whatever it found; 1 when `--fail-on` is
//! met; 2 on a usage error (bad option, bad zone, missing path) or a rule that failed to load.

use kbdiag::print;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kbdiag_engine::pack::{embedded, PackFiles, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use kbdiag_engine::time::Zone;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kbdiag", version, about = "Diagnose support log bundles with executable KB-article rules")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read log files and folders, and report which known problems they show.
    Diagnose(DiagnoseArgs),
    /// Show why a rule did or did not fire on some logs, or what it compiled to.
    Explain(ExplainArgs),
    /// Check rule packs: every problem at once, with file and line (exit 1 on errors).
    Lint {
        /// Pack folders (default: every pack under ./rules).
        #[arg(value_name = "PACK")]
        packs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run the fixture cases of rule packs and compare their reports with the snapshots.
    Test {
        /// Pack folders (default: every pack under ./rules).
        #[arg(value_name = "PACK")]
        packs: Vec<PathBuf>,
        /// Write the new reports as the snapshots (after reviewing the differences).
        #[arg(long)]
        update: bool,
    },
    /// Draft a rule (and its fixture skeletons) from a KB article.
    New {
        /// The article, in Experience League markdown (front matter, Description, Resolution).
        #[arg(long = "from-kb", value_name = "ARTICLE.md")]
        from_kb: PathBuf,
        /// The pack folder to write into (default: the current folder).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of a pack file kind (for editors: see docs/rule-format.md).
    Schema {
        /// rule, pack, format or case.
        #[arg(default_value = "rule", value_parser = ["rule", "pack", "format", "case"])]
        kind: String,
    },
    /// Work with the loaded rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the loaded packs and rules.
    List {
        #[command(flatten)]
        packs: PackArgs,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Args)]
struct PackArgs {
    /// Add a rule pack folder (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Do not load the packs built into kbdiag.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct DiagnoseArgs {
    /// Log files, folders (read recursively), .gz files, or - for stdin.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<String>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    /// Zone for log times written without one: an IANA name (Europe/Paris) or an offset
    /// (+05:30). FORMAT=ZONE sets it for one log format only (e.g. acc-journal=Europe/Paris).
    /// Repeatable. Default UTC.
    #[arg(long, value_name = "ZONE")]
    tz: Vec<String>,
    /// Exit 1 when a finding at this level (or more certain) is reported.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Language of the rule texts (e.g. sv); rules without it fall back to their pack's language.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Print, on stderr, the time and candidate lines each rule cost, slowest first.
    #[arg(long)]
    profile: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// Rule id or KB article number (e.g. KA-05406).
    rule: String,
    /// Log files and folders, as for diagnose.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Show what the rule compiled to (literals, regexes, conditions) instead.
    #[arg(long)]
    compiled: bool,
    #[command(flatten)]
    packs: PackArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// As for diagnose.
    #[arg(long, value_name = "ZONE")]
    tz: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum FailOn {
    Possible,
    Confirmed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Diagnose(a) => diagnose(a),
        Command::Explain(a) => explain(a),
        Command::Lint { packs, format } => lint(packs, format),
        Command::New { from_kb, out, force } => new_from_kb(&from_kb, &out, force),
        Command::Schema { kind } => {
            let Some(s) = kbdiag_engine::pack::schema(&kind) else { return usage_error("unknown schema kind") };
            let _ =
                anstream::stdout().write_all((serde_json::to_string_pretty(&s).unwrap_or_default() + "\n").as_bytes());
            ExitCode::SUCCESS
        }
        Command::Test { packs, update } => pack_test(packs, update),
        Command::Rules { command: RulesCommand::List { packs, format } } => rules_list(packs, format),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "kbdiag: error: {msg}");
    ExitCode::from(2)
}

fn load(args: &PackArgs) -> RuleSet {
    let mut set = if args.no_default_rules { RuleSet::default() } else { embedded::rule_set() };
    for dir in &args.rules {
        match PackFiles::from_dir(dir) {
            Ok(p) => set.add(p),
            Err(e) => set.errors.push(e),
        }
    }
    set
}

fn report_load_errors(set: &RuleSet) {
    let mut err = anstream::stderr();
    for e in &set.errors {
        let _ = writeln!(err, "kbdiag: rule error: {e}");
    }
}

fn parse_zones(specs: &[String]) -> Result<ScanOptions, String> {
    let mut opts = ScanOptions::default();
    for spec in specs {
        match spec.split_once('=') {
            Some((fmt, zone)) => {
                opts.zone_by_format.insert(fmt.trim().to_string(), Zone::parse(zone)?);
            }
            None => opts.zone = Zone::parse(spec)?,
        }
    }
    Ok(opts)
}

fn diagnose(a: DiagnoseArgs) -> ExitCode {
    let mut opts = match parse_zones(&a.tz) {
        Ok(o) => o,
        Err(e) => return usage_error(&format!("--tz: {e}")),
    };
    opts.threads = a.threads;
    opts.lang = a.lang.clone();
    opts.profile = a.profile;
    let bar = progress_bar(&a.paths);
    if let Some(b) = &bar {
        let b = b.clone();
        opts.progress = Some(std::sync::Arc::new(move |n| b.inc(n)));
    }
    let set = load(&a.packs);
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

fn rules_list(packs: PackArgs, format: ListFormat) -> ExitCode {
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

fn explain(a: ExplainArgs) -> ExitCode {
    let mut opts = match parse_zones(&a.tz) {
        Ok(o) => o,
        Err(e) => return usage_error(&format!("--tz: {e}")),
    };
    opts.keep_rejects = true;
    let set = load(&a.packs);
    report_load_errors(&set);
    let found = set.find(&a.rule);
    let Some(rule) = found.first() else {
        let failed = set.errors.iter().any(|e| e.rule.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(&a.rule)));
        return usage_error(&if failed {
            format!("rule '{}' failed to load (see above)", a.rule)
        } else {
            format!("no loaded rule has the id or KB article '{}' (see `kbdiag rules list`)", a.rule)
        });
    };
    let json = matches!(a.format, ListFormat::Json);
    let mut out = String::new();
    if a.compiled {
        for r in &found {
            let c = kbdiag_engine::explain::compiled(r);
            out.push_str(&if json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                print::explain::compiled(&c)
            });
        }
    } else {
        if a.paths.is_empty() {
            return usage_error("explain needs log paths (or --compiled)");
        }
        let run = kbdiag_engine::diagnose(&set, &a.paths, &opts);
        for p in &run.path_problems {
            let _ = writeln!(anstream::stderr(), "kbdiag: error: {}: {}", p.path, p.message);
        }
        for r in &found {
            let Some(rr) = run.rules.iter().find(|x| std::ptr::eq(&set.rules[x.rule], *r)) else { continue };
            let e = kbdiag_engine::explain::explain(&set, rr, &run.report.inputs);
            out.push_str(&if json {
                serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
            } else {
                print::explain::render(&e)
            });
        }
        if !run.path_problems.is_empty() {
            let _ = anstream::stdout().write_all(out.as_bytes());
            return ExitCode::from(2);
        }
    }
    let _ = rule;
    let _ = anstream::stdout().write_all(out.as_bytes());
    if set.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
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

/// The pack folders named, or every pack under ./rules.
fn pack_dirs(given: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    if !given.is_empty() {
        return Ok(given);
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir("rules")
        .map_err(|_| "no pack given and no ./rules folder: name the pack folders".to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    v.sort();
    Ok(v)
}

fn lint(packs: Vec<PathBuf>, format: ListFormat) -> ExitCode {
    let dirs = match pack_dirs(packs) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let problems: Vec<kbdiag::lint::Problem> = dirs.iter().flat_map(|d| kbdiag::lint::lint(d)).collect();
    let errors = problems.iter().filter(|p| p.severity == kbdiag::lint::Severity::Error).count();
    let out = match format {
        ListFormat::Json => serde_json::to_string_pretty(&problems).unwrap_or_default() + "\n",
        ListFormat::Text => {
            let mut s: String = problems.iter().map(|p| format!("{p}\n")).collect();
            s.push_str(&format!("{} pack(s): {errors} error(s), {} warning(s)\n", dirs.len(), problems.len() - errors));
            s
        }
    };
    let _ = anstream::stdout().write_all(out.as_bytes());
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn pack_test(packs: Vec<PathBuf>, update: bool) -> ExitCode {
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
            let _ = writeln!(out, "\x1b[31mERROR\x1b[0m {e}");
            failed += 1;
        }
        let cases = match fixture::discover(dir) {
            Ok(c) => c,
            Err(e) => {
                let _ = writeln!(out, "\x1b[31mERROR\x1b[0m {e}");
                failed += 1;
                continue;
            }
        };
        for case in cases {
            let label = format!("{} {}", dir.display(), case.name);
            let run = match fixture::run(&set, &case) {
                Ok(r) => r,
                Err(e) => {
                    let _ = writeln!(out, "\x1b[31mFAIL\x1b[0m {label}: {e}");
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
                        let _ = writeln!(out, "\x1b[33mUPDATED\x1b[0m {label}");
                    }
                }
            }
            if problems.is_empty() {
                passed += 1;
                let _ = writeln!(out, "\x1b[32mok\x1b[0m {label}");
            } else {
                failed += 1;
                let _ = writeln!(out, "\x1b[31mFAIL\x1b[0m {label}");
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

fn new_from_kb(article: &std::path::Path, out: &std::path::Path, force: bool) -> ExitCode {
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
