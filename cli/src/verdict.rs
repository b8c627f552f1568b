//! The verdict of a run for `--fail-on` (CLI exit 1) and `fail_on` (the service's
//! `X-Kbdiag-Verdict: fail`): one function, so that both fail on the same reports.

use kbdiag_engine::judge::Outcome;
use kbdiag_engine::report::Report;

/// The level asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailLevel {
    /// Any finding.
    Possible,
    /// A confirmed finding.
    Confirmed,
}

/// Is the level met? A rule that could not be judged (outcome `error`) meets it too: a
/// pipeline asking to fail on a problem must not pass on a rule it could not check. An
/// incomplete run may hide a problem: "fail on possible" fails on it too.
pub fn fails(level: Option<FailLevel>, r: &Report) -> bool {
    let Some(level) = level else { return false };
    let errored = r.stats.outcomes.get(&Outcome::Error).copied().unwrap_or(0) > 0;
    errored
        || (level == FailLevel::Possible && !r.complete)
        || r.findings.iter().any(|f| match level {
            FailLevel::Possible => true,
            FailLevel::Confirmed => f.outcome == Outcome::Confirmed,
        })
}
