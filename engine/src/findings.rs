//! Outcomes → the findings of a report, in the order a reader needs them: a rule that
//! `supersedes` another folds it under itself (the root cause first, the symptom rule not
//! competing), then confirmed before possible, graver before milder, surer before less sure.

use crate::pack::RuleSet;
use crate::report::{self, Finding, RuledOut};

/// Fold superseded findings under their root and sort both lists.
pub(crate) fn rank(set: &RuleSet, findings: &mut Vec<Finding>, ruled_out: &mut [RuledOut]) {
    fold_superseded(set, findings);
    findings.sort_by(|a, b| {
        a.outcome
            .cmp(&b.outcome)
            .then(b.severity.cmp(&a.severity))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.rule.cmp(&b.rule))
    });
    ruled_out.sort_by(|a, b| a.rule.cmp(&b.rule));
}

/// Does `f`'s evidence start before `root`'s (both with times), by more than a minute? A cause
/// comes before what it causes: a disk that filled an hour before archiving began to fail is no
/// effect of it, and folding it would hide a finding of its own. (Within a minute: lines of one
/// moment written in another order, PAM's failure a moment before sshd's.)
fn starts_before(f: &Finding, root: &Finding) -> bool {
    let first = |x: &Finding| {
        x.evidence.iter().filter_map(|e| chrono::DateTime::parse_from_rfc3339(e.time.as_deref()?).ok()).min()
    };
    matches!((first(f), first(root)), (Some(a), Some(b)) if a + chrono::TimeDelta::minutes(1) < b)
}

/// A rule that `supersedes` another explains it: when both are reported, the other's finding
/// is folded under the root cause (if the root is at least as certain), so the cause comes first
/// and the symptom rule does not compete with it.
fn fold_superseded(set: &RuleSet, findings: &mut Vec<Finding>) {
    let mut folded: Vec<(usize, usize)> = Vec::new(); // (root, folded)
    for (ri, root) in findings.iter().enumerate() {
        let Some(rule) = set.rules.iter().find(|r| r.id == root.rule) else { continue };
        for key in &rule.supersedes {
            for (fi, f) in findings.iter().enumerate() {
                let hit = f.rule.eq_ignore_ascii_case(key) || f.kb.eq_ignore_ascii_case(key);
                if hit
                    && fi != ri
                    && root.outcome <= f.outcome
                    && !starts_before(f, root)
                    && !folded.iter().any(|&(_, x)| x == fi || x == ri)
                {
                    folded.push((ri, fi));
                }
            }
        }
    }
    let mut moved: Vec<(usize, report::Folded)> = folded
        .iter()
        .map(|&(r, f)| {
            let x = &findings[f];
            (r, report::Folded { rule: x.rule.clone(), kb: x.kb.clone(), title: x.title.clone(), outcome: x.outcome })
        })
        .collect();
    let drop: std::collections::BTreeSet<usize> = folded.iter().map(|&(_, f)| f).collect();
    for (r, f) in moved.drain(..) {
        findings[r].superseded.push(f);
    }
    let mut i = 0;
    findings.retain(|_| {
        let keep = !drop.contains(&i);
        i += 1;
        keep
    });
}
