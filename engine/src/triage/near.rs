//! Rules that nearly explain a template: a loaded rule that did not confirm, one of whose
//! symptoms shares an error code or a literal with the template's example line; and why it did
//! not fire (its pattern did not match the line, or the rule's own verdict: explain's nearest
//! miss, in one sentence).

use super::{mask, NearRule, Unexplained};
use crate::pack::Rule;
use crate::report::{InputSummary, Outcome};

/// Near rules offered per template.
const MAX_NEAR: usize = 3;
/// A literal shorter than this is too common to say a rule is near.
const MIN_LITERAL: usize = 6;

/// Fill `near_rules` of each template from the rules and their outcomes (with the reason).
/// `inputs`: the run's inputs, to tell a symptom that does not read the template's inputs
/// (their format or role is not one of its sources) from one that read them and missed.
pub fn fill(templates: &mut [Unexplained], rules: &[Rule], outcomes: &[(Outcome, String)], inputs: &[InputSummary]) {
    // Per rule, the symptoms its `require` reads: the problem's own lines, not those a rule
    // reads for context (PG-ARCHIVE's `PANIC:` among the lines that show how far a log goes on
    // is no sign that archiving failed).
    let required: Vec<std::collections::BTreeSet<usize>> = rules.iter().map(Rule::required_symptoms).collect();
    for u in templates {
        let text = &u.example.text;
        let low = text.to_lowercase();
        let codes: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '"' | '\'' | ':'))
            .filter(|t| mask::is_code(t))
            .collect();
        let mut near = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let Some((outcome, reason)) = outcomes.get(ri) else { continue };
            if *outcome == Outcome::Confirmed {
                continue;
            }
            let hit = rule
                .symptoms
                .iter()
                .enumerate()
                .filter(|(i, _)| required[ri].contains(i))
                .map(|(_, s)| s)
                .find_map(|s| {
                    let lit = s.literals.iter().find(|l| {
                        l.len() >= MIN_LITERAL
                            && if s.literal_ci { low.contains(&l.to_lowercase()) } else { text.contains(l.as_str()) }
                    });
                    let code = codes.iter().find(|c| {
                        s.literals.iter().any(|l| l.contains(**c))
                            || s.regex.as_ref().is_some_and(|r| r.as_str().contains(**c))
                    });
                    lit.map(|l| (s, format!("literal '{l}'"))).or_else(|| code.map(|c| (s, format!("error code {c}"))))
                });
            let Some((s, shared)) = hit else { continue };
            let matches = s.matches_text(text);
            // The template's inputs as read: an input named by its path (the example's first).
            let read_as: Vec<&InputSummary> =
                u.inputs.iter().filter_map(|p| inputs.iter().find(|i| &i.path == p)).collect();
            let unread = !read_as.is_empty() && !read_as.iter().any(|i| s.reads(&i.format, i.role.as_deref()));
            let why = if matches && unread {
                let formats: std::collections::BTreeSet<String> = read_as
                    .iter()
                    .map(|i| match &i.role {
                        Some(r) => format!("{}/{r}", i.format),
                        None => i.format.clone(),
                    })
                    .collect();
                let formats = formats.into_iter().collect::<Vec<_>>().join(", ");
                format!(
                    "symptom '{}' matches this line ({shared}) but reads {} logs only, and the line's input was read as {formats}: if it is such a log, say so with --as PATH=FORMAT",
                    s.name,
                    s.sources_text(", ")
                )
            } else if !matches {
                format!("symptom '{}' shares {shared} with this line, but its pattern does not match it", s.name)
            } else {
                let r = if reason.is_empty() { "no reason given".to_string() } else { reason.clone() };
                format!("symptom '{}' matches this line ({shared}); the rule ended {}: {r}", s.name, outcome.as_str())
            };
            near.push(NearRule { rule: rule.id.clone(), kb: rule.kb.article.clone(), why });
            if near.len() >= MAX_NEAR {
                break;
            }
        }
        u.near_rules = near;
    }
}
