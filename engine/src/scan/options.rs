//! What a scan is asked to do: zones, years, parameters, formats given with `--as`, limits.

use super::*;

/// Options of a scan.
#[derive(Clone, Default)]
pub struct ScanOptions {
    /// Zone for naive times.
    pub zone: Zone,
    /// Per-format zones (`--tz FORMAT=ZONE`), overriding `zone`.
    pub zone_by_format: BTreeMap<String, Zone>,
    /// Per-input zones (`--tz PATH=ZONE`: a file, a folder or archive holding it, an archive
    /// member, `-`), overriding the format's and the global zone; the last one given that
    /// names an input wins.
    pub zone_by_path: Vec<(String, Zone)>,
    /// Keep the candidate lines a symptom turned down, and why (for `explain`).
    pub keep_rejects: bool,
    /// Show input paths relative to this folder (fixture bundles, so that reports do not
    /// depend on where the repository is checked out).
    pub relative_to: Option<String>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Called with the number of bytes read, as they are read (progress display).
    pub progress: Option<Arc<dyn Fn(u64) + Send + Sync>>,
    /// Measure the time each symptom costs (`--profile`).
    pub profile: bool,
    /// Split plain files larger than this many bytes into parts scanned in parallel
    /// (0: the default, 32 MiB). Tests set it small to exercise the seams.
    pub split_bytes: u64,
    /// Language of the rule texts (`--lang`); rules without it use their pack's language.
    pub lang: Option<String>,
    /// Bytes read at a time (0: the default, 1 MiB). Tests set it small to exercise the
    /// chunk boundaries.
    pub chunk_bytes: usize,
    /// Evidence lines shown per finding: the first and the last this many (0: the default, 10).
    pub max_evidence: usize,
    /// `--as PATH=FORMAT[/ROLE]`: the format (and role) of given inputs, whatever their name.
    pub assign: Vec<Assign>,
    /// Asked between chunks: true stops the run's reading (a server's request that timed out or
    /// whose client went away); the inputs say they were cut short.
    pub cancel: Option<Arc<dyn Fn() -> bool + Send + Sync>>,
    /// `--year`: the year of the latest line of logs that write times without one.
    pub year: Option<i32>,
    /// Set by the scan itself for its second pass over year-less inputs: the latest time of
    /// the bundle's dated lines (plus a week), and the input that holds it.
    #[doc(hidden)]
    pub dated_latest: Option<(i64, String)>,
    /// Set by the scan itself to read an input whose numeric dates all read both ways in the
    /// order the bundle's other logs point to (month first?), and why.
    #[doc(hidden)]
    pub date_order: Option<(bool, String)>,
    /// Set by the scan itself, with `--year`, for a log that runs over New Year: the time of
    /// its last line read in that year; lines later in the year are from the year before.
    #[doc(hidden)]
    pub year_anchor: Option<i64>,
    /// `--param PACK.NAME=VALUE`: values of pack parameters (a format's line layout, e.g.
    /// `postgresql.prefix`), translated by the format's `line_from`.
    pub params: BTreeMap<String, String>,
    /// Bounds on archives (total decompressed bytes, nesting depth).
    pub archive_limits: crate::input::Limits,
    /// True when the user gave a zone for all inputs (`--tz ZONE`): times without a zone are
    /// then not worth a warning (a zone given for a format or a path counts for its inputs).
    pub zone_given: bool,
    /// The wall-clock limit of each Rhai evaluation (a template, a `when`, a script
    /// condition); `None`: [`crate::script::MAX_TIME`]. Past it the rule ends `error`.
    pub script_time: Option<std::time::Duration>,
    /// Mine the error and warning lines no finding explains into templates (`unexplained`).
    pub mine: bool,
    /// The KB articles offered for unexplained templates (`--kb`).
    pub kb: Option<Arc<crate::triage::kb::Index>>,
    /// Unexplained templates reported (0: the default, [`crate::triage::MAX_TEMPLATES`]).
    pub max_templates: usize,
    /// Keep every event of each finding for drawing ([`crate::report::Finding::timeline`]):
    /// only the HTML report draws them, and for a rule with 200,000 events the copy costs
    /// 12 MiB, so the other outputs leave it empty.
    pub timeline: bool,
}

/// One `--as PATH=FORMAT[/ROLE]`.
#[derive(Clone, Debug)]
pub struct Assign {
    /// A path as given (a file, a folder, an archive, `-` for stdin) or an archive member.
    pub path: String,
    pub format: String,
    pub role: Option<String>,
}

impl Assign {
    /// Parse `PATH=FORMAT[/ROLE]` (the last `=` splits, so paths may hold `=`).
    pub fn parse(spec: &str) -> Result<Assign, String> {
        let (path, what) = spec.rsplit_once('=').ok_or_else(|| format!("'{spec}': expected PATH=FORMAT[/ROLE]"))?;
        let (format, role) = match what.split_once('/') {
            Some((f, r)) => (f.trim().to_string(), Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (what.trim().to_string(), None),
        };
        if path.is_empty() || format.is_empty() {
            return Err(format!("'{spec}': expected PATH=FORMAT[/ROLE]"));
        }
        let path = path.trim_end_matches('/').to_string();
        Ok(Assign { path, format, role })
    }

    /// Does it name this input (the input itself, a folder or archive holding it, or stdin)?
    pub fn applies_to(&self, display: &str) -> bool {
        names_input(&self.path, display)
    }
}

/// Does `path`, as given on the command line, name the input shown as `display`: the input
/// itself, a folder or archive holding it, or stdin (`-`)?
pub fn names_input(path: &str, display: &str) -> bool {
    let holds = |p: &str, d: &str| {
        let p = p.trim_end_matches('/');
        let p = if p == "-" { "<stdin>" } else { p };
        d == p || d.strip_prefix(p).is_some_and(|rest| rest.starts_with('/') || rest.starts_with("!/"))
    };
    holds(path, display) || holds(&normal_path(path), &normal_path(display))
}

/// A path as the user may have spelled it otherwise: `./` and `x/../` left out, doubled
/// slashes made one, an archive member's `!x` written `!/x`, and made absolute (from the
/// current folder) when the file part is relative. Only the spelling changes: links are not
/// followed, nothing is read.
fn normal_path(p: &str) -> String {
    if p == "-" || p == "<stdin>" {
        return p.to_string();
    }
    let (file, member) = match p.split_once('!') {
        Some((f, m)) => (f, Some(m)),
        None => (p, None),
    };
    let clean = |s: &str, absolute: bool| {
        let mut out: Vec<&str> = Vec::new();
        for c in s.split('/') {
            match c {
                "" | "." => {}
                ".." if out.last().is_some_and(|l| *l != "..") => {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        format!("{}{}", if absolute { "/" } else { "" }, out.join("/"))
    };
    let abs = std::path::absolute(file).map(|a| a.to_string_lossy().into_owned()).unwrap_or_else(|_| file.to_string());
    let mut out = clean(&abs, abs.starts_with('/'));
    if let Some(m) = member {
        out.push_str("!/");
        out.push_str(&clean(m, false));
    }
    out
}
