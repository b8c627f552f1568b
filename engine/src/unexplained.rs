//! What no rule explains, as the report carries it: templates of error and warning lines
//! (`triage` mines them, faces print them). Plain data, below both, so that the report does
//! not depend on the miner.

/// The level of an unexplained line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// An article offered for a template, with its BM25 score.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KbHit {
    pub article: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub score: f64,
}

/// One example line of a template.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Example {
    pub path: String,
    pub line: u64,
    pub text: String,
}

/// A rule that shares an error code or literal with a template but did not confirm, and why.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct NearRule {
    pub rule: String,
    pub kb: String,
    pub why: String,
}

/// One template of lines no finding explains (the JSON contract's `unexplained[]`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Unexplained {
    pub template: String,
    pub level: Level,
    pub count: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub inputs: Vec<String>,
    pub example: Example,
    pub kb: Vec<KbHit>,
    pub near_rules: Vec<NearRule>,
    /// For drawing (the HTML report): counts per time bucket (start UTC ms, width ms, count).
    #[serde(skip)]
    pub histogram: Vec<(i64, i64, u64)>,
    /// The example's input index (for faces that link to inputs).
    #[serde(skip)]
    pub example_input: usize,
    /// Routine repetition (many lines spread evenly): ranked last.
    #[serde(skip)]
    pub routine: bool,
    /// The lines say the program gave up (FATAL, PANIC, EMERG, CRITICAL, a crash): ranked
    /// first among their level.
    #[serde(skip)]
    pub fatal: bool,
}
