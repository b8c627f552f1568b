//! `kbdiag kb import` and `kbdiag kb coverage`: the KB importer over a whole folder of
//! articles, and which articles the packs cover (docs/kb-import.md).

use super::usage_error;
use clap::{Args, Subcommand, ValueEnum};
use kbdiag::kbimport::{self, Article, Kind};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct KbArgs {
    #[command(subcommand)]
    command: KbCommand,
}

#[derive(Subcommand)]
enum KbCommand {
    /// Draft a rule, with fixtures from the article's own quoted lines, for every article of a
    /// folder; an existing rule file is never overwritten.
    Import {
        /// The folder of articles (Experience League markdown, `*.md`).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The pack folder to write into (created, with a pack.yaml, when absent).
        #[arg(long, value_name = "PACK")]
        out: PathBuf,
        /// Only articles whose front matter (solution, product, applies-to) names this product
        /// (case-insensitive; "Campaign Classic" also takes "Campaign Classic v7").
        #[arg(long, value_name = "PRODUCT")]
        product: Option<String>,
        /// Also draft articles that quote no log text (their fixtures are skeletons to fill).
        #[arg(long)]
        all: bool,
        /// Show what would be written, write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = KbFormat::Text)]
        format: KbFormat,
    },
    /// Per article: a reviewed rule, a draft, log text but no rule, or no log text; and rules
    /// written against an older revision of their article.
    Coverage {
        /// Pack folders whose rules count.
        #[arg(value_name = "PACK", required = true)]
        packs: Vec<PathBuf>,
        /// The folder of articles.
        #[arg(long, value_name = "DIR")]
        kb: PathBuf,
        /// Only articles about this product (as for import).
        #[arg(long, value_name = "PRODUCT")]
        product: Option<String>,
        #[arg(long, value_enum, default_value_t = KbFormat::Text)]
        format: KbFormat,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum KbFormat {
    Text,
    Json,
    Markdown,
}

pub fn kb(args: KbArgs) -> ExitCode {
    match args.command {
        KbCommand::Import { dir, out, product, all, dry_run, format } => {
            import(&dir, &out, product.as_deref(), all, dry_run, format)
        }
        KbCommand::Coverage { packs, kb, product, format } => coverage(&packs, &kb, product.as_deref(), format),
    }
}

/// The articles of a folder (`*.md`, not README), sorted by file name, parsed; the ones that
/// cannot be parsed come back as errors.
/// Each article file of a folder: its name, and the article or why it could not be read.
pub type Articles = Vec<(String, Result<Article, String>)>;

pub fn read_articles(dir: &Path, product: Option<&str>) -> Result<Articles, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "md")
                && !p.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().starts_with("readme"))
                && !p.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().starts_with("license"))
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parsed =
            std::fs::read(&f).map_err(|e| e.to_string()).and_then(|b| kbimport::parse(&String::from_utf8_lossy(&b)));
        if let (Some(p), Ok(a)) = (product, &parsed) {
            if !matches_product(a, p) {
                continue;
            }
        }
        out.push((name, parsed));
    }
    Ok(out)
}

pub fn matches_product(a: &Article, product: &str) -> bool {
    let want = product.trim().to_lowercase();
    a.products.iter().any(|p| p.to_lowercase().contains(&want))
}

/// A rule of a pack, read loosely (a broken draft still counts).
struct PackRule {
    file: String,
    id: String,
    article: String,
    revision: Option<u64>,
    status: String,
}

fn pack_rules(pack: &Path) -> Vec<PackRule> {
    let mut out = Vec::new();
    let rules = pack.join("rules");
    if !rules.is_dir() {
        return out;
    }
    for e in walkdir::WalkDir::new(&rules).sort_by_file_name() {
        // A folder or file that cannot be read is said, not dropped: the coverage it would
        // have given is missing from the table.
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                let _ = writeln!(anstream::stderr(), "kbdiag: warning: cannot read {}: {err}", rules.display());
                continue;
            }
        };
        let p = e.path();
        if !p.is_file() || !p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            continue;
        }
        let text = match std::fs::read_to_string(p) {
            Ok(t) => t,
            Err(err) => {
                let _ = writeln!(anstream::stderr(), "kbdiag: warning: cannot read {}: {err}", p.display());
                continue;
            }
        };
        let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&text) else { continue };
        let Some(article) = v.get("kb").and_then(|k| k.get("article")).and_then(|a| a.as_str()) else { continue };
        out.push(PackRule {
            file: p.display().to_string(),
            id: v.get("id").and_then(|x| x.as_str()).unwrap_or("").to_string(),
            article: article.to_string(),
            revision: v.get("kb").and_then(|k| k.get("revision")).and_then(|r| r.as_u64()),
            // The rule model's default status is `test`.
            status: v.get("status").and_then(|x| x.as_str()).unwrap_or("test").to_string(),
        });
    }
    out
}

fn import(dir: &Path, out: &Path, product: Option<&str>, all: bool, dry_run: bool, format: KbFormat) -> ExitCode {
    let articles = match read_articles(dir, product) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if !dry_run && !out.join("pack.yaml").is_file() {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "kb-drafts".into());
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let pack = format!(
            "# Drafts made by `kbdiag kb import`: review every rule before use.\nname: {name}\nversion: 0.0.1\ndescription: Draft rules from KB articles\nengine: \">=0.1\"\nlanguage: en\n"
        );
        if let Err(e) = std::fs::create_dir_all(out).and_then(|_| std::fs::write(out.join("pack.yaml"), pack)) {
            return usage_error(&format!("{}: {e}", out.display()));
        }
    }
    let existing = pack_rules(out);
    let mut rows = Vec::new();
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, parsed) in &articles {
        let mut row = serde_json::json!({ "file": file });
        let a = match parsed {
            Ok(a) => a,
            Err(e) => {
                row["status"] = "error".into();
                row["reason"] = format!("cannot read the article: {e}").into();
                *totals.entry("error").or_default() += 1;
                rows.push(row);
                continue;
            }
        };
        row["article"] = a.number.clone().into();
        row["title"] = a.title.clone().into();
        row["revision"] = a.revision.into();
        row["quotes"] = serde_json::to_value(&a.quotes).unwrap_or_default();
        let logs: Vec<&String> = a.quoted.iter().collect();
        row["log_lines"] = serde_json::to_value(&logs).unwrap_or_default();
        let patterns: Vec<String> = logs.iter().map(|q| kbimport::draft_pattern(a, q)).collect();
        row["patterns"] = serde_json::to_value(&patterns).unwrap_or_default();
        let rule_file = out.join(format!("rules/{}.yaml", a.number));
        let have = existing.iter().find(|r| r.article.eq_ignore_ascii_case(&a.number));
        let (status, reason) = if let Some(r) = have {
            if r.status == "draft" {
                ("kept", format!("a draft exists ({}); not overwritten", r.file))
            } else {
                ("kept", format!("a reviewed rule exists ({}, status {}); not overwritten", r.file, r.status))
            }
        } else if rule_file.exists() {
            ("kept", format!("{} exists; not overwritten", rule_file.display()))
        } else if logs.is_empty() && !all {
            ("skipped", "the article quotes no log text (--all drafts it anyway)".to_string())
        } else {
            let files = kbimport::draft(a, file);
            let clash = files.iter().find(|(rel, _)| out.join(rel).exists());
            if let Some((rel, _)) = clash {
                ("kept", format!("{} exists; not overwritten", out.join(rel).display()))
            } else if dry_run {
                ("would_write", format!("{} file(s)", files.len()))
            } else {
                let mut err = None;
                for (rel, content) in &files {
                    let path = out.join(rel);
                    let r = path
                        .parent()
                        .map_or(Ok(()), std::fs::create_dir_all)
                        .and_then(|_| std::fs::write(&path, content));
                    if let Err(e) = r {
                        err = Some(format!("{}: {e}", path.display()));
                        break;
                    }
                }
                match err {
                    Some(e) => ("error", e),
                    None => ("written", rule_file.display().to_string()),
                }
            }
        };
        *totals.entry(status).or_default() += 1;
        row["status"] = status.into();
        row["reason"] = reason.into();
        rows.push(row);
    }
    let mut stdout = anstream::stdout();
    match format {
        KbFormat::Json => {
            let v = serde_json::json!({ "articles": rows, "totals": totals });
            let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        KbFormat::Text | KbFormat::Markdown => {
            for r in &rows {
                let _ = writeln!(
                    stdout,
                    "{}  {}  {}",
                    r["article"].as_str().unwrap_or(r["file"].as_str().unwrap_or("")),
                    r["status"].as_str().unwrap_or(""),
                    r["reason"].as_str().unwrap_or("")
                );
                if let Some(qs) = r["quotes"].as_array() {
                    for q in qs {
                        let kind = q["kind"].as_str().unwrap_or("");
                        let mark = if kind == "log" { "LOG " } else { "    " };
                        let _ = writeln!(
                            stdout,
                            "    {mark}{:<9} {:<15} {}  ({})",
                            kind,
                            q["source"].as_str().unwrap_or(""),
                            short(q["text"].as_str().unwrap_or("")),
                            q["why"].as_str().unwrap_or("")
                        );
                    }
                }
                if let Some(ps) = r["patterns"].as_array() {
                    for (i, p) in ps.iter().enumerate() {
                        let label = if i == 0 { "active" } else { "candidate" };
                        let _ = writeln!(stdout, "    {label:<9} /{}/", short(p.as_str().unwrap_or("")));
                    }
                }
            }
            let t: Vec<String> = totals.iter().map(|(k, v)| format!("{v} {k}")).collect();
            let _ = writeln!(stdout, "{} article(s): {}", rows.len(), t.join(", "));
        }
    }
    ExitCode::SUCCESS
}

fn short(s: &str) -> String {
    if s.chars().count() > 140 {
        format!("{}…", s.chars().take(140).collect::<String>())
    } else {
        s.to_string()
    }
}

fn coverage(packs: &[PathBuf], kb: &Path, product: Option<&str>, format: KbFormat) -> ExitCode {
    for p in packs {
        if !p.is_dir() {
            return usage_error(&format!("{}: not a folder", p.display()));
        }
    }
    let articles = match read_articles(kb, product) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let rules: Vec<PackRule> = packs.iter().flat_map(|p| pack_rules(p)).collect();
    let mut rows = Vec::new();
    let mut stale = Vec::new();
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, parsed) in &articles {
        let Ok(a) = parsed else {
            *totals.entry("unreadable").or_default() += 1;
            rows.push(serde_json::json!({"file": file, "state": "unreadable", "reason": parsed.as_ref().err()}));
            continue;
        };
        let mine: Vec<&PackRule> = rules.iter().filter(|r| r.article.eq_ignore_ascii_case(&a.number)).collect();
        let reviewed: Vec<&&PackRule> = mine.iter().filter(|r| r.status != "draft").collect();
        let drafts: Vec<&&PackRule> = mine.iter().filter(|r| r.status == "draft").collect();
        let logs = a.quotes.iter().filter(|q| q.kind == Kind::Log).count();
        let (state, reason) = if !reviewed.is_empty() {
            ("reviewed", format!("rule {}", reviewed.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")))
        } else if !drafts.is_empty() {
            ("draft", format!("draft {}", drafts.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")))
        } else if logs > 0 {
            ("log_text_no_rule", format!("quotes {logs} log line(s); no rule or draft"))
        } else {
            ("no_log_text", "quotes no log or error line".to_string())
        };
        *totals.entry(state).or_default() += 1;
        for r in &mine {
            if let (Some(rr), Some(ar)) = (r.revision, a.revision) {
                if rr < ar {
                    stale.push(serde_json::json!({
                        "rule": r.id, "file": r.file, "article": a.number,
                        "rule_revision": rr, "article_revision": ar,
                    }));
                }
            }
        }
        rows.push(serde_json::json!({
            "article": a.number, "title": a.title, "revision": a.revision, "state": state, "reason": reason,
            "log_lines": logs,
        }));
    }
    *totals.entry("stale").or_default() += stale.len();
    let total_articles = rows.len();
    let mut stdout = anstream::stdout();
    match format {
        KbFormat::Json => {
            let v = serde_json::json!({"articles": rows, "stale": stale, "totals": totals, "total": total_articles});
            let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        KbFormat::Text => {
            for r in &rows {
                let _ = writeln!(
                    stdout,
                    "{:<10} {:<17} {}",
                    r["article"].as_str().or(r["file"].as_str()).unwrap_or(""),
                    r["state"].as_str().unwrap_or(""),
                    r["reason"].as_str().unwrap_or("")
                );
            }
            for s in &stale {
                let _ = writeln!(
                    stdout,
                    "stale: rule {} ({}) is written against revision {} of {}, which is at revision {}",
                    s["rule"].as_str().unwrap_or(""),
                    s["file"].as_str().unwrap_or(""),
                    s["rule_revision"],
                    s["article"].as_str().unwrap_or(""),
                    s["article_revision"]
                );
            }
            let t: Vec<String> = totals.iter().map(|(k, v)| format!("{v} {k}")).collect();
            let _ = writeln!(stdout, "{total_articles} article(s): {}", t.join(", "));
        }
        KbFormat::Markdown => {
            let _ = writeln!(stdout, "| Article | State | Detail |\n|---|---|---|");
            for r in &rows {
                let _ = writeln!(
                    stdout,
                    "| {} | {} | {} |",
                    r["article"].as_str().or(r["file"].as_str()).unwrap_or(""),
                    r["state"].as_str().unwrap_or(""),
                    r["reason"].as_str().unwrap_or("").replace('|', "\\|")
                );
            }
            if !stale.is_empty() {
                let _ = writeln!(stdout, "\n**Rules behind their article**\n\n| Rule | Article | Rule revision | Article revision |\n|---|---|---|---|");
                for s in &stale {
                    let _ = writeln!(
                        stdout,
                        "| {} | {} | {} | {} |",
                        s["rule"].as_str().unwrap_or(""),
                        s["article"].as_str().unwrap_or(""),
                        s["rule_revision"],
                        s["article_revision"]
                    );
                }
            }
            let t: Vec<String> = totals.iter().map(|(k, v)| format!("{v} {k}")).collect();
            let _ = writeln!(stdout, "\n**Totals**: {total_articles} article(s): {}", t.join(", "));
        }
    }
    ExitCode::SUCCESS
}
