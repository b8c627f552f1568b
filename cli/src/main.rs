//! `kbdiag`: diagnose support log bundles with executable KB-article rules.
//!
//! Exit status (contract): 0 when a run completed, whatever it found; 1 when `--fail-on` is
//! met; 2 on a usage error (bad option, bad zone, missing path) or a rule that failed to load.

mod cmd;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kbdiag",
    version,
    about = "Diagnose support log bundles with executable KB-article rules",
    after_help = "Examples:\n  kbdiag diagnose bundle.tar.gz\n  kbdiag diagnose --format markdown -o ticket.md logs/\n  kbdiag diagnose --each cases/ --format json > reports.jsonl\n  kbdiag explain KA-05406 logs/\n  kbdiag serve --token-file tokens.txt\n\nExit status: 0 the run completed (with or without findings); 1 --fail-on was met; 2 usage error, a rule that failed to load or could not be judged, or nothing readable to diagnose."
)]
struct Cli {
    /// When to colour the output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
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
    /// Serve diagnoses over HTTP (POST /v1/diagnose, GET /v1/rules, /healthz, /metrics).
    Serve(cmd::serve::ServeArgs),
    /// KB articles in bulk: draft rules for a folder of articles, and which articles the packs cover.
    Kb(cmd::kb::KbArgs),
    /// What no rule explains across many bundles (every child of DIR a bundle): the templates,
    /// in how many bundles each appears, KB candidates, near rules; the rules to write next.
    Triage(cmd::triage::TriageCmdArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `kbdiag man > kbdiag.1`.
    Man,
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
pub struct PackArgs {
    /// Add a rule pack folder (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Do not load the packs built into kbdiag.
    #[arg(long)]
    no_default_rules: bool,
}

/// How logs are read: zones, formats, years, archive limits (diagnose and explain alike).
#[derive(Args)]
struct ReadArgs {
    /// Zone for log times written without one: an IANA name (Europe/Paris) or an offset
    /// (+05:30). FORMAT=ZONE sets it for one log format only (e.g. acc-journal=Europe/Paris),
    /// PATH=ZONE for one file, folder or archive member (e.g. bundle/rt1=Europe/Paris; the last
    /// one that names a file wins). Repeatable. Default UTC.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Vec<String>,
    /// Read PATH as FORMAT (and ROLE), whatever its name says: e.g. --as
    /// ticket-1234.txt=acc-journal, --as -=acc-nlserver/wfserver for stdin, --as
    /// bundle.zip!/logs/a.log=acc-nlserver/web for an archive member. A folder or archive
    /// applies to everything in it. Repeatable.
    #[arg(long = "as", value_name = "PATH=FORMAT[/ROLE]", allow_hyphen_values = true)]
    pub assign: Vec<String>,
    /// The year of the last line of logs written without one (syslog's `Dec 10 06:55:46`; a log
    /// that runs over New Year has its December in the year before); default: each file's
    /// modification time, or the bundle's dated lines where that is missing or implausible.
    #[arg(long, value_name = "YEAR", value_parser = kbdiag::options::parse_year)]
    pub year: Option<i32>,
    /// A pack parameter, e.g. the server's exact log_line_prefix:
    /// --param postgresql.prefix='%m [%p] %q%u@%d ' (lines that fit it are read with it,
    /// whatever sniffing would guess). Repeatable. The shipped packs take one, postgresql.prefix;
    /// a pack's formats declare theirs (`line_from` in docs/rule-format.md).
    #[arg(long = "param", value_name = "PACK.NAME=VALUE", allow_hyphen_values = true)]
    pub params: Vec<String>,
    /// Stop reading archives after this many decompressed bytes in all (e.g. 16G, 512M).
    #[arg(long, value_name = "SIZE", default_value = "16G", value_parser = kbdiag::size::parse_size)]
    pub max_archive_bytes: u64,
    /// Decompressed archive members held in memory (e.g. 1G, 256M); past them, members of 64 KiB
    /// or more go to temporary files (in TMPDIR), mapped: the run costs disk, not RAM.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = kbdiag::size::parse_size)]
    pub max_archive_memory: u64,
    /// How deep archives inside archives are opened.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_archive_depth: u32,
    /// Stop reading archives after this many members in all (empty members count too).
    #[arg(long, value_name = "N", default_value_t = kbdiag_engine::input::DEFAULT_MAX_MEMBERS)]
    pub max_archive_members: u64,
}

impl ReadArgs {
    fn limits(&self) -> kbdiag_engine::input::Limits {
        kbdiag_engine::input::Limits {
            max_bytes: self.max_archive_bytes,
            max_depth: self.max_archive_depth,
            max_members: self.max_archive_members,
            max_memory: self.max_archive_memory,
        }
    }
}

#[derive(Args)]
struct DiagnoseArgs {
    /// Log files, folders (read recursively), archives (.zip, .tar, .tar.gz ...), compressed
    /// files (.gz, .bz2, .xz, .zst), or - for stdin.
    #[arg(value_name = "PATH", required_unless_present = "each")]
    paths: Vec<String>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    #[command(flatten)]
    read: ReadArgs,
    /// Exit 1 when a finding at this level (or more certain) is reported.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Language of the rule texts (e.g. sv); rules without it fall back to their pack's language.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value = "0", value_parser = kbdiag::options::parse_threads)]
    threads: usize,
    /// Print, on stderr, the time and candidate lines each rule cost, slowest first.
    #[arg(long)]
    profile: bool,
    /// Treat every child of DIR (a folder, an archive or a file) as a bundle of its own:
    /// diagnosed in parallel, one JSON report per line (with `bundle`), then a summary line.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    each: Option<PathBuf>,
    /// With --each: diagnose only share I of N (0-based), for N workers sharing one folder
    /// (a Kubernetes Indexed Job's pods). The children are sorted by name and dealt out in
    /// turn, so the N shards together are exactly the whole folder, each child once.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Only these rules (id or KB article; repeatable).
    #[arg(long = "rule", value_name = "ID")]
    only_rules: Vec<String>,
    /// Only the rules of these packs (repeatable).
    #[arg(long = "pack", value_name = "NAME")]
    only_packs: Vec<String>,
    /// Write the report to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print no report; the exit status tells (with --fail-on: 1 when a finding is at that
    /// level). A rule pack that did not load is still said on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// Evidence lines shown per finding: the first and the last N (JSON gives the full count in
    /// `evidence_total`).
    #[arg(long, value_name = "N", default_value_t = kbdiag_engine::DEFAULT_EVIDENCE)]
    max_evidence: usize,
    #[command(flatten)]
    triage: TriageArgs,
}

/// What no rule explains: error templates, KB candidates, rules left out.
#[derive(Args, Clone)]
pub struct TriageArgs {
    /// Templates of error and warning lines no finding explains, shown after the findings (text,
    /// Markdown): the top N [default: 10]. JSON carries them all (up to 1,000), or the top N when
    /// N is given. 0: do not look for them.
    #[arg(long, value_name = "N")]
    pub max_unexplained: Option<usize>,
    /// A folder of KB articles (Markdown or HTML with front matter: id, title, url) to offer
    /// for each unexplained template (repeatable; also KBDIAG_KB, folders separated by ':').
    #[arg(long = "kb", value_name = "DIR")]
    pub kb: Vec<PathBuf>,
    /// Leave out this rule (id or KB article; repeatable): to silence a noisy rule.
    #[arg(long = "no-rule", value_name = "ID")]
    pub no_rules: Vec<String>,
}

impl TriageArgs {
    /// Set up a run: mining on unless N is 0, the KB index loaded.
    /// Templates shown in text and Markdown.
    pub fn shown(&self) -> usize {
        self.max_unexplained.unwrap_or(10)
    }

    pub fn apply(&self, opts: &mut kbdiag_engine::scan::ScanOptions) -> Result<(), String> {
        opts.mine = self.shown() > 0;
        let (dirs, from) = kbdiag::kbindex::dirs(&self.kb);
        if opts.mine && !dirs.is_empty() {
            opts.kb = Some(std::sync::Arc::new(kbdiag::kbindex::load(&dirs, from)?));
        }
        Ok(())
    }
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
    #[command(flatten)]
    read: ReadArgs,
    /// Leave out this rule (id or KB article; repeatable).
    #[arg(long = "no-rule", value_name = "ID")]
    no_rules: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum OutFormat {
    Text,
    Json,
    Markdown,
    /// One finding per line (JSON Lines), each with its `bundle`.
    Jsonl,
    /// One self-contained HTML file (inline CSS and SVG timelines, no script).
    Html,
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

/// `I/N` with `I < N`.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 0/4")?;
    let i: usize = i.trim().parse().map_err(|_| format!("'{i}' is not a shard index"))?;
    let n: usize = n.trim().parse().map_err(|_| format!("'{n}' is not a shard count"))?;
    if n == 0 || i >= n {
        return Err(format!("shard {i}/{n}: give I/N with 0 <= I < N"));
    }
    Ok((i, n))
}

/// Batch commands: at most two glibc malloc arenas. Each scan thread otherwise gets an arena
/// of its own, and the events it made stay spread over them after they are merged: on a 1 GiB
/// bundle with 223,433 events the resident size was 81 MiB with the default arenas and 74 MiB
/// with two, in the same time.
///
/// The service keeps the defaults: its connections run on many threads at once.
fn fewer_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets parameters of the allocator; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Batch commands, once the packs are compiled and before inputs are read: a fixed mmap
/// threshold. glibc raises its threshold each time a mapped block is freed (up to 32 MiB), so
/// the event vectors that grow and are dropped while inputs are merged end up in the heap,
/// which keeps their high-water mark resident. Pinned at 128 KiB, a block that size or larger
/// is mapped and given back when freed: the same bundle peaked at 54-57 MiB instead of 63-70,
/// in the same time (docs/performance.md).
///
/// Not before the packs are compiled: each regex compiled allocates and frees blocks of a
/// few hundred KiB, which a pinned threshold maps and unmaps every time (zeroed pages, a page
/// fault each); starting with the shipped packs took 77 ms that way against 58 ms.
pub(crate) fn pin_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets parameters of the allocator (under the main arena's lock);
    // called between pack loading and scanning, when no other thread runs.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(..)) {
        fewer_arenas();
    }
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    match cli.command {
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "kbdiag", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            use clap::CommandFactory;
            let man = clap_mangen::Man::new(Cli::command());
            let mut out = Vec::new();
            if man.render(&mut out).is_err() {
                return ExitCode::from(2);
            }
            let _ = std::io::stdout().write_all(&out);
            ExitCode::SUCCESS
        }
        Command::Diagnose(a) => cmd::diagnose::diagnose(a),
        Command::Explain(a) => cmd::explain::explain(a),
        Command::Lint { packs, format } => cmd::lint::lint(packs, format),
        Command::New { from_kb, out, force } => cmd::new::new_from_kb(&from_kb, &out, force),
        Command::Schema { kind } => {
            let Some(s) = kbdiag_engine::pack::schema(&kind) else { return cmd::usage_error("unknown schema kind") };
            let _ =
                anstream::stdout().write_all((serde_json::to_string_pretty(&s).unwrap_or_default() + "\n").as_bytes());
            ExitCode::SUCCESS
        }
        Command::Test { packs, update } => cmd::test::pack_test(packs, update),
        Command::Rules { command: RulesCommand::List { packs, format } } => cmd::rules::rules_list(packs, format),
        Command::Serve(a) => cmd::serve::serve(a),
        Command::Kb(a) => cmd::kb::kb(a),
        Command::Triage(a) => cmd::triage::triage(a),
    }
}
