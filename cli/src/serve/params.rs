//! The query parameters of `POST /v1/diagnose`, checked against the rule set served exactly
//! as the CLI checks its options (`kbdiag::options`): the same zones, formats and languages
//! are refused, with the same words.

use super::error::ApiError;
use crate::options::{check_lang, run_options};
use crate::verdict::FailLevel;
use kbdiag_engine::input::Limits;
use kbdiag_engine::pack::RuleSet;
use kbdiag_engine::scan::ScanOptions;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Json,
    Markdown,
    Text,
    Html,
}

/// The query, as given (before it meets a rule set).
#[derive(Debug, Default)]
pub struct Query {
    pub tz: Vec<String>,
    pub lang: Option<String>,
    pub format: Option<Format>,
    pub fail_on: Option<FailLevel>,
    /// Display name of a single-body bundle (`?name=marketing/wfserver.log`).
    pub name: Option<String>,
    /// Unexplained templates in the answer (`?max_unexplained=N`): 0 turns mining off (a bundle
    /// full of error lines), N keeps the first N (the answer says how many were left out).
    pub max_unexplained: Option<usize>,
}

/// Parse the query string: unknown parameters and bad values are 400s.
pub fn parse(query: Option<&str>) -> Result<Query, ApiError> {
    let mut q = Query::default();
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match &*k {
            "lang" if !v.is_empty() => q.lang = Some(v.into_owned()),
            "lang" => {}
            "tz" => q.tz.push(v.into_owned()),
            "format" => {
                q.format = Some(match &*v {
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    "text" => Format::Text,
                    "html" => Format::Html,
                    _ => return Err(ApiError::bad_request(format!("format '{v}': use json, markdown, text or html"))),
                })
            }
            "fail_on" => {
                q.fail_on = Some(match &*v {
                    "possible" => FailLevel::Possible,
                    "confirmed" => FailLevel::Confirmed,
                    _ => return Err(ApiError::bad_request(format!("fail_on '{v}': use possible or confirmed"))),
                })
            }
            "max_unexplained" => {
                q.max_unexplained = Some(v.parse().map_err(|_| {
                    ApiError::bad_request(format!("max_unexplained '{v}': give a number of templates (0: none)"))
                })?)
            }
            "name" if !v.is_empty() => q.name = Some(display_name(&v)),
            "name" => {}
            _ => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter '{k}' (lang, tz, format, fail_on, name, max_unexplained)"
                )))
            }
        }
    }
    Ok(q)
}

/// The scan options of a request, checked against the rule set it will run with: a zone for
/// a format no pack defines, or a language no rule is written in, is refused as the CLI
/// refuses `--tz` and `--lang` (same message).
pub fn scan_options(set: &RuleSet, q: &Query, limits: Limits) -> Result<ScanOptions, ApiError> {
    let mut opts = run_options(set, &q.tz, &[], &[], limits, false).map_err(ApiError::bad_request)?;
    check_lang(set, q.lang.as_deref()).map_err(ApiError::bad_request)?;
    opts.lang = q.lang.clone();
    // The answer carries what no rule explains, unless the request says otherwise.
    opts.mine = q.max_unexplained != Some(0);
    if let Some(n) = q.max_unexplained.filter(|&n| n > 0) {
        opts.max_templates = n;
    }
    Ok(opts)
}

/// A client-given file name as shown in the report: never a path on this server, only a
/// label (control characters dropped, at most 512 characters).
pub fn display_name(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(512).collect::<String>().trim_start_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters() {
        let q = parse(Some(
            "lang=sv&tz=Europe/Paris&tz=acc-journal=%2B05:30&format=markdown&fail_on=confirmed&name=rt1/web.log",
        ))
        .ok()
        .unwrap();
        assert_eq!(q.lang.as_deref(), Some("sv"));
        assert_eq!(q.tz, ["Europe/Paris", "acc-journal=+05:30"]);
        assert_eq!(q.format, Some(Format::Markdown));
        assert_eq!(q.fail_on, Some(FailLevel::Confirmed));
        assert_eq!(q.name.as_deref(), Some("rt1/web.log"));
        assert_eq!(parse(Some("max_unexplained=0")).ok().and_then(|q| q.max_unexplained), Some(0));
        for bad in ["format=pdf", "fail_on=maybe", "path=/etc/passwd", "max_unexplained=-1", "max_unexplained=x"] {
            assert!(parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_labels() {
        assert_eq!(display_name("/etc/x\u{1b}[2Jy.log"), "etc/x[2Jy.log");
    }
}
