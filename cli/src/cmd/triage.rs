//! `kbdiag triage DIR`: every child of DIR a bundle (as `diagnose --each`); the templates no
//! rule explains, across bundles: in how many bundles each appears, its KB candidates and the
//! rules that nearly fired. The list of rules to write next. `--draft-rule N` drafts a rule
//! from the N-th template, with its example line as the must-fire fixture.

use super::{load, report_load_errors, run_options, usage_error};
use crate::{PackArgs, TriageArgs};
use kbdiag::print::{esc, markdown::cell_code, markdown::prose};
use kbdiag_engine::triage::{KbHit, Level, NearRule, Unexplained};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TriageCmdArgs {
    /// A folder whose every child (folder, archive or file) is a bundle.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    #[command(flatten)]
    packs: PackArgs,
    #[command(flatten)]
    triage: TriageArgs,
    /// text, markdown or json.
    #[arg(long, default_value = "text", value_parser = ["text", "markdown", "json"])]
    format: String,
    /// Draft a rule from the N-th template of the list (1 = the first), with its example line
    /// as the must-fire fixture, into --out.
    #[arg(long, value_name = "N")]
    draft_rule: Option<usize>,
    /// The pack folder drafts are written into (only with --draft-rule).
    #[arg(long, value_name = "DIR", default_value = ".", requires = "draft_rule")]
    out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value = "0", value_parser = kbdiag::options::parse_threads)]
    threads: usize,
}

/// One template across bundles.
#[derive(serde::Serialize)]
struct Across {
    template: String,
    level: Level,
    /// Bundles it appears in, and lines in all.
    bundles: usize,
    count: u64,
    first: Option<String>,
    last: Option<String>,
    /// The bundles, in name order.
    in_bundles: Vec<String>,
    example: kbdiag_engine::triage::Example,
    example_bundle: String,
    kb: Vec<KbHit>,
    near_rules: Vec<NearRule>,
}

/// A bundle's name and the templates no rule explained in it.
type Bundle = (String, Vec<Unexplained>);

pub fn triage(a: TriageCmdArgs) -> ExitCode {
    let mut set = load(&a.packs);
    if let Err(e) = kbdiag::without_rules(&mut set, &a.triage.no_rules) {
        return usage_error(&e);
    }
    report_load_errors(&set);
    let mut opts = match run_options(&set, &[], &[], &[], kbdiag_engine::input::Limits::default(), true) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    opts.threads = a.threads;
    // Triage is the list of templates: none is no triage (the help shared with diagnose says
    // that 0 turns mining off there; here it was ignored, hostile tester Z 14).
    if a.triage.max_unexplained == Some(0) {
        return usage_error("--max-unexplained 0: triage lists the templates no rule explains; give 1 or more");
    }
    let mut t = a.triage.clone();
    t.max_unexplained = Some(t.shown().max(1));
    if let Err(e) = t.apply(&mut opts) {
        return usage_error(&e);
    }
    let children: Vec<PathBuf> = match super::bundle_children(&a.dir) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("{}: {e}", a.dir.display())),
    };
    // Per bundle: its templates, and whether anything of it was read, and read whole (a
    // bundle that gave nothing must be said, or "0 templates" reads as "nothing to write").
    let (runs, status): (Vec<Bundle>, Vec<(bool, bool)>) = {
        use rayon::prelude::*;
        children
            .par_iter()
            .map(|c| {
                let name = c.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let run = super::diagnose_child(&set, c, &opts);
                let read = run.report.stats.files > 0;
                ((name, run.report.unexplained), (read, run.report.complete))
            })
            .unzip()
    };
    let unreadable: Vec<&str> = runs.iter().zip(&status).filter(|(_, s)| !s.0).map(|((n, _), _)| n.as_str()).collect();
    let incomplete: Vec<&str> =
        runs.iter().zip(&status).filter(|(_, s)| s.0 && !s.1).map(|((n, _), _)| n.as_str()).collect();
    let list = aggregate(&runs);
    if let Some(n) = a.draft_rule {
        let Some(x) = n.checked_sub(1).and_then(|i| list.get(i)) else {
            return usage_error(&format!("--draft-rule {n}: there are {} template(s)", list.len()));
        };
        return draft(x, &a.dir, &a.out, &set);
    }
    let shown = a.triage.shown();
    let mut out = match a.format.as_str() {
        "json" => {
            // An N given caps the list, as it does diagnose's JSON.
            let listed = &list[..a.triage.max_unexplained.map_or(list.len(), |n| n.min(list.len()))];
            let v = serde_json::json!({
                "bundles": runs.len(),
                "unreadable": unreadable,
                "incomplete": incomplete,
                "unexplained": listed,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        "markdown" => markdown(&list, runs.len(), shown),
        _ => text(&list, runs.len(), shown),
    };
    if a.format != "json" {
        let md = a.format == "markdown";
        for (names, what) in [(&unreadable, "could not be read at all"), (&incomplete, "were not read whole")] {
            if !names.is_empty() {
                let shown: Vec<String> =
                    names.iter().map(|n| if md { prose(n) } else { esc(n).into_owned() }).collect();
                out.push_str(&format!("\n{} bundle(s) {what}: {}\n", names.len(), shown.join(", ")));
            }
        }
    }
    if let Err(code) = kbdiag::print::to_stdout(out.as_bytes(), false) {
        return code;
    }
    // As `diagnose --each`: nothing readable at all is a failure, not an empty list; so is a
    // folder with no bundle in it (a wrong path, a copy not yet made), as `diagnose` of an
    // empty folder is.
    if runs.is_empty() {
        eprintln!(
            "kbdiag: {}: no bundle in this folder (each child folder, archive or log file is one)",
            esc(&a.dir.display().to_string())
        );
        return ExitCode::from(2);
    }
    if unreadable.len() == runs.len() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Templates of all bundles, merged by their text: most bundles first, then errors first, then
/// the most lines.
fn aggregate(runs: &[(String, Vec<Unexplained>)]) -> Vec<Across> {
    let mut by: BTreeMap<(Level, String), Across> = BTreeMap::new();
    for (bundle, us) in runs {
        for u in us {
            let e = by.entry((u.level, u.template.clone())).or_insert_with(|| Across {
                template: u.template.clone(),
                level: u.level,
                bundles: 0,
                count: 0,
                first: None,
                last: None,
                in_bundles: Vec::new(),
                example: u.example.clone(),
                example_bundle: bundle.clone(),
                kb: u.kb.clone(),
                near_rules: Vec::new(),
            });
            e.bundles += 1;
            e.count += u.count;
            e.in_bundles.push(bundle.clone());
            e.first = match (e.first.take(), &u.first) {
                (Some(a), Some(b)) => Some(a.min(b.clone())),
                (a, b) => a.or(b.clone()),
            };
            e.last = match (e.last.take(), &u.last) {
                (Some(a), Some(b)) => Some(a.max(b.clone())),
                (a, b) => a.or(b.clone()),
            };
            for n in &u.near_rules {
                if !e.near_rules.iter().any(|x| x.rule == n.rule) {
                    e.near_rules.push(n.clone());
                }
            }
        }
    }
    let mut list = merge_similar(by.into_values().collect());
    list.sort_by(|a, b| {
        b.bundles
            .cmp(&a.bundles)
            .then(a.level.cmp(&b.level))
            .then(b.count.cmp(&a.count))
            .then(a.template.cmp(&b.template))
    });
    list
}

/// Each bundle's miner generalises only over its own lines: a workflow's name that is the
/// same on every line of one bundle stays in its template (`mcSynch_mcExec1 (id=<*>) - ...`)
/// while another bundle has `cleanupJob (id=<*>) - ...`, and the exact-text merge counts the
/// same error once per name. Templates of one level and length whose fixed tokens agree at
/// three quarters or more of the places where both are fixed, or at half of them with the same
/// first word (Drain's own rule within a bundle), are the same message: they are merged, the
/// places that differ becoming `<*>`. In name order, so the result
/// does not depend on the order the bundles were read in.
fn merge_similar(items: Vec<Across>) -> Vec<Across> {
    const WILD: &str = "<*>";
    // Three quarters of the fixed places agree; or, as Drain groups one bundle's lines, the
    // first word is the same fixed word and half the fixed places agree (`Workflow wkf0
    // failed: disk` and `Workflow wkf1 failed: quota`, one template in each of two bundles,
    // is one message: hostile tester Q's 200 bundles listed it 200 times).
    let similar = |a: &[&str], b: &[&str]| {
        let both = a.iter().zip(b).filter(|(x, y)| **x != WILD && **y != WILD).count();
        let same = a.iter().zip(b).filter(|(x, y)| **x != WILD && x == y).count();
        let lead = a.first().zip(b.first()).is_some_and(|(x, y)| *x != WILD && x == y);
        // Another error code at the same place is another error (ORA-00942 and ORA-01017,
        // 0x80070005 and 0x800f081f), and so is another error word (refused and reset): the
        // same test as Drain's inside a bundle.
        // So is another word naming the limit hit (`lock timeout`, `statement timeout`).
        use kbdiag_engine::triage::drain::{apart, names_the_limit};
        let codes_differ =
            a.iter().zip(b).enumerate().any(|(i, (x, y))| x != y && (apart(x, y) || names_the_limit(a, b, i)));
        both > 0 && !codes_differ && (same * 4 >= both * 3 || (lead && same * 2 >= both))
    };
    let mut out: Vec<Across> = Vec::new();
    // Candidates by level and length only: a bundle set's templates are compared within those
    // groups, not each with all.
    let mut groups: std::collections::HashMap<(Level, usize), Vec<usize>> = std::collections::HashMap::new();
    for x in items {
        let toks: Vec<&str> = x.template.split(' ').collect();
        let group = groups.entry((x.level, toks.len())).or_default();
        let at = group.iter().copied().find(|&i| {
            let ot: Vec<&str> = out[i].template.split(' ').collect();
            similar(&ot, &toks)
        });
        let Some(i) = at else {
            group.push(out.len());
            out.push(x);
            continue;
        };
        let o = &mut out[i];
        let merged: Vec<&str> = o.template.split(' ').zip(&toks).map(|(a, b)| if a == *b { a } else { WILD }).collect();
        o.template = merged.join(" ");
        o.count += x.count;
        o.first = match (o.first.take(), x.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        o.last = match (o.last.take(), x.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for b in x.in_bundles {
            if !o.in_bundles.contains(&b) {
                o.in_bundles.push(b);
            }
        }
        o.in_bundles.sort();
        o.bundles = o.in_bundles.len();
        for k in x.kb {
            if !o.kb.iter().any(|h| h.article == k.article) {
                o.kb.push(k);
            }
        }
        o.kb.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.article.cmp(&b.article)));
        o.kb.truncate(5);
        for n in x.near_rules {
            if !o.near_rules.iter().any(|r| r.rule == n.rule) {
                o.near_rules.push(n);
            }
        }
    }
    out
}

fn text(list: &[Across], bundles: usize, n: usize) -> String {
    let mut s = format!("{} template(s) no rule explains, across {bundles} bundle(s):\n", list.len());
    for (i, x) in list.iter().take(n).enumerate() {
        s.push_str(&format!(
            "{:>3}. {} in {} bundle(s), {} line(s): {}\n     e.g. {}: {}:{}  {}\n",
            i + 1,
            x.level.as_str(),
            x.bundles,
            x.count,
            esc(&x.template),
            esc(&x.example_bundle),
            esc(&x.example.path),
            x.example.line,
            esc(&x.example.text)
        ));
        for k in &x.kb {
            s.push_str(&format!("     KB {} {} (score {:.1})\n", esc(&k.article), esc(&k.title), k.score));
        }
        for r in &x.near_rules {
            s.push_str(&format!("     near rule {}: {}\n", esc(&r.rule), esc(&r.why)));
        }
    }
    if list.len() > n {
        s.push_str(&format!("({} more; --max-unexplained N shows more, --format json all)\n", list.len() - n));
    }
    s
}

fn markdown(list: &[Across], bundles: usize, n: usize) -> String {
    let mut s = format!(
        "## Rules to write next\n\n{} template(s) no rule explains, across {bundles} bundle(s).\n\n| # | level | bundles | lines | template | KB candidates | near rules |\n|---|---|---|---|---|---|---|\n",
        list.len()
    );
    for (i, x) in list.iter().take(n).enumerate() {
        let kb: Vec<String> = x.kb.iter().map(|k| format!("{} ({:.1})", prose(&k.article), k.score)).collect();
        let near: Vec<String> = x.near_rules.iter().map(|r| prose(&r.rule)).collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            x.level.as_str(),
            x.bundles,
            x.count,
            cell_code(&x.template),
            if kb.is_empty() { "-".into() } else { kb.join(", ") },
            if near.is_empty() { "-".into() } else { near.join(", ") }
        ));
    }
    s
}

/// Write the draft of a rule for a template (the `kbdiag new` drafting code), with the example
/// line in a log of the example's file name as the must-fire fixture.
fn draft(x: &Across, dir: &Path, out: &Path, set: &kbdiag_engine::pack::RuleSet) -> ExitCode {
    // The first candidate article no loaded rule is written from: a draft named after an
    // article that has its rule would stand beside it (hostile tester Q); none: a TODO id.
    let kb = x.kb.iter().find(|k| set.find(&k.article).is_empty());
    let id = kb.map_or_else(|| format!("TODO-{:08x}", fnv(&x.template)), |k| k.article.clone());
    // The symptom reads what the template says: its constant words as written, any text
    // where it has `<*>` (a pattern made from the example line alone kept its ids and quoted
    // values and loosened its error code: it missed the template's other lines and fired on
    // another code, hostile tester T). Kept only when it finds the example line.
    // A template with no constant word of its own (`<*>`, or a level tag and wildcards) would
    // make a rule that fires on any line: the example line's pattern then.
    let worded = x.template.split_whitespace().any(|t| {
        t.split(kbdiag_engine::triage::mask::WILD).any(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
            && !kbdiag_engine::triage::level_tag(t)
    });
    let pattern = Some(template_regex(&x.template))
        .filter(|_| worded)
        .filter(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(&x.example.text)));
    let article = kbdiag::kbimport::Article {
        number: id.clone(),
        // A bidi override or other hidden character from a log shown as its escape: the title
        // is read in terminals, review tools and tickets, where it would act (hostile tester T).
        title: esc(&x.template).into_owned(),
        url: kb.and_then(|k| k.url.clone()).unwrap_or_default(),
        quoted: vec![x.example.text.clone()],
        lang: "en".into(),
        pattern,
        ..Default::default()
    };
    let mut files = kbdiag::kbimport::draft(&article, &format!("kbdiag triage {}", dir.display()));
    let log_name =
        // The last part of the name, whichever separator an archive member used (a backslash in a
        // zip written on Windows is a separator there: never a path out of the pack).
        x.example.path.rsplit(['/', '\\', '!']).next().filter(|n| !matches!(*n, "" | "." | "..")).unwrap_or("app.log").to_string();
    // The fixtures are the real line, in a file named as the one it came from (the same
    // format), and that line with its decisive words changed (another error code first), which
    // the rule must not fire on.
    files.retain(|(rel, _)| !rel.contains("/bundle/") && !rel.ends_with("case.yaml"));
    files.push((format!("fixtures/{id}/fires/bundle/{log_name}"), format!("{}\n", x.example.text)));
    files.push((
        format!("fixtures/{id}/fires/case.yaml"),
        format!("rule: {}\nexpect: confirmed\ndescription: >-\n  The template's example line, as {log_name} wrote it. TODO: add the corroborating\n  evidence that shows the cause.\n", yaml_id(&id)),
    ));
    let re = regex::Regex::new(&kbdiag::kbimport::draft_regex(&article, &x.example.text)).ok();
    if let Some(near) = re.as_ref().and_then(|re| kbdiag::kbimport::near_miss(&x.example.text, re)) {
        files.push((format!("fixtures/{id}/near-miss/bundle/{log_name}"), format!("{near}\n")));
        files.push((
            format!("fixtures/{id}/near-miss/case.yaml"),
            format!("rule: {}\nexpect: not_matched\ndescription: >-\n  The example line with its decisive words changed: the rule must not fire.\n", yaml_id(&id)),
        ));
    }
    // A new folder becomes a pack of its own, reading the loaded packs' formats, so that
    // `kbdiag lint DIR` and `kbdiag test DIR` run on it at once.
    if !out.join("pack.yaml").exists() {
        let from: Vec<String> = set.packs.iter().map(|(m, _)| m.name.clone()).collect();
        files.insert(
            0,
            (
                "pack.yaml".to_string(),
                format!(
                    "# Rules drafted by `kbdiag triage --draft-rule`: review them before use.\nname: drafts\nversion: 0.1.0\ndescription: Rules drafted from templates no rule explained.\nengine: \">=0.1\"\nlanguage: en\nformats_from: [{}]\n",
                    from.join(", ")
                ),
            ),
        );
    }
    for (rel, content) in &files {
        let path = out.join(rel);
        if path.exists() {
            return usage_error(&format!("{} exists", path.display()));
        }
        if let Some(d) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(d) {
                return usage_error(&format!("{}: {e}", d.display()));
            }
        }
        if let Err(e) = std::fs::write(&path, content) {
            return usage_error(&format!("{}: {e}", path.display()));
        }
        let _ = writeln!(anstream::stdout(), "wrote {}", esc(&path.display().to_string()));
    }
    ExitCode::SUCCESS
}

/// A regex for the lines of a template: its constant text escaped, blanks between its tokens
/// as any run of blanks (the miner joins tokens by one space), and each `<*>` as any text (a
/// masked quoted value or path may hold blanks).
fn template_regex(template: &str) -> String {
    let wild = kbdiag_engine::triage::mask::WILD;
    template
        .split_whitespace()
        .map(|tok| tok.split(wild).map(regex::escape).collect::<Vec<_>>().join(".+?"))
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// An id as a YAML string (a KB article's id comes from its front matter: any text).
fn yaml_id(id: &str) -> String {
    serde_json::to_string(id).unwrap_or_else(|_| "\"\"".into())
}

/// A short stable name for a template (FNV-1a).
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}
