//! The printers of the `kbdiag` command, as a library so that the workspace tests render
//! findings exactly as users see them.

pub mod busy;
pub mod embedded;
pub mod fixture;
pub mod kbimport;
pub mod kbindex;
pub mod lint;
pub mod options;
pub mod print;
pub mod serve;
pub mod size;
pub mod verdict;

/// `--no-rule ID` (repeatable): leave out the rules with this id or KB article. An id that
/// names no loaded rule is an error (a typo would silently leave the noisy rule in).
pub fn without_rules(set: &mut kbdiag_engine::pack::RuleSet, ids: &[String]) -> Result<(), String> {
    for id in ids {
        if set.find(id).is_empty() {
            return Err(format!("--no-rule {id}: no loaded rule has that id or KB article (see `kbdiag rules list`)"));
        }
    }
    set.rules.retain(|r| !ids.iter().any(|k| r.id.eq_ignore_ascii_case(k) || r.kb.article.eq_ignore_ascii_case(k)));
    Ok(())
}
