//! `diagnose --format html` (issue 25): the reviewed report of the example bundle, hostile log
//! text and file names made inert, and the size bound with 10,000 events per symptom. The
//! browser tests (headless Chromium) are in tests/browser.rs.

mod common;

use common::{kbdiag, repo};
use std::path::Path;

/// The report of `args`, run in `dir`; the exit code must be 0.
fn html_in(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["diagnose", "--format", "html"];
    all.extend_from_slice(args);
    let o = kbdiag(&all).dir(dir).run();
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with("<!DOCTYPE html>"), "{}", &o.stdout[..o.stdout.len().min(200)]);
    o.stdout
}

/// The tags a report may hold: anything else came from a log.
const TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "footer",
    "section",
    "p",
    "h1",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "b",
    "i",
    "code",
    "time",
    "small",
    "br",
    "div",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "svg",
    "g",
    "rect",
    "line",
    "text",
];

/// Attributes a report's tags may carry (and any `data-*`).
const ATTRS: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "rel",
    "viewBox",
    "role",
    "aria-label",
    "preserveAspectRatio",
    "x",
    "y",
    "width",
    "height",
    "x1",
    "y1",
    "x2",
    "y2",
    "colspan",
];

/// Every `<` of the page opens (or closes) one of [`TAGS`] with attributes of [`ATTRS`], each
/// value quoted (so no text became a tag or an attribute: no `<script`, no `onerror`), every
/// link http(s) or in-page; and no raw control or bidi character anywhere.
fn assert_inert(html: &str) {
    assert!(!html.to_ascii_lowercase().contains("<script"), "a <script> tag");
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').expect("an unclosed tag");
        let inner = &tag[..end];
        rest = &tag[end..];
        let body = inner.trim_start_matches('/').trim_end_matches('/');
        let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        assert!(TAGS.contains(&name.as_str()), "tag <{inner}>");
        if name == "!DOCTYPE" {
            continue;
        }
        let mut attrs = body[name.len()..].trim_start();
        while !attrs.is_empty() {
            let n: String = attrs.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            assert!(ATTRS.contains(&n.as_str()) || n.starts_with("data-"), "attribute '{n}' in <{inner}>");
            let after = attrs[n.len()..].strip_prefix("=\"").unwrap_or_else(|| panic!("unquoted '{n}' in <{inner}>"));
            let close = after.find('"').unwrap();
            let value = &after[..close];
            if n == "href" {
                assert!(
                    value.starts_with('#') || value.starts_with("https://") || value.starts_with("http://"),
                    "href {value}"
                );
            }
            attrs = after[close + 1..].trim_start();
        }
    }
    if let Some((at, c)) = html.char_indices().find(|&(_, c)| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }) {
        panic!("raw {c:?} at byte {at}: {:?}", &html[at.saturating_sub(60)..(at + 20).min(html.len())]);
    }
}

#[test]
fn example_report_is_the_reviewed_one() {
    let html = html_in(&repo(), &["examples/ka-05406/"]);
    assert_inert(&html);
    // One file: nothing fetched, nothing run.
    for external in ["src=\"http", "@import", "url(", "<link", "<img", "<iframe", "<object"] {
        assert!(!html.contains(external), "{external}");
    }
    insta::with_settings!({filters => vec![
        (r#"<p class="run">[^<]*</p>"#, r#"<p class="run">[run]</p>"#),
        (r#"content="kbdiag [^"]*""#, r#"content="kbdiag [version]""#),
    ]}, {
        insta::assert_snapshot!("ka05406_html", html);
    });
}

#[test]
fn hostile_lines_and_file_names_are_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let bundle = tmp.path().join("bundle");
    std::fs::create_dir(&bundle).unwrap();
    let log = repo().join("tests/hostile/bundle/postgresql.log");
    // A bidi override, a terminal escape and a tag in the file name: postgresql.log still
    // starts it, so the PostgreSQL format and its rule apply.
    let name = "postgresql-\u{202e}gol.<script>alert(1)\x1b[31m<img src=x onerror=alert(2)>.log";
    let named = std::fs::copy(&log, bundle.join(name)).is_ok();
    if !named {
        eprintln!("this filesystem refuses the hostile name: the log lines alone are checked");
        std::fs::copy(&log, bundle.join("postgresql.log")).unwrap();
    }
    let html = html_in(tmp.path(), &["bundle"]);
    assert_inert(&html);
    assert!(html.contains("data-outcome=\"confirmed\""), "the hostile bundle's finding");
    // The texts are there, visible: the tag as text, the controls as escapes.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("\\x1b]0;pwned\\x07"));
    assert!(html.contains("\\u{202e}nimda"));
    if named {
        assert!(html
            .contains("postgresql-\\u{202e}gol.&lt;script&gt;alert(1)\\x1b[31m&lt;img src=x onerror=alert(2)&gt;.log"));
    }
}

#[test]
fn ten_thousand_events_per_symptom_stay_under_two_megabytes() {
    let tmp = tempfile::tempdir().unwrap();
    common::ka05406_bundle(tmp.path(), 10_000);
    let html = html_in(tmp.path(), &["--rule", "KA-05406", "."]);
    assert_inert(&html);
    assert!(html.contains("data-kb=\"KA-05406\" data-outcome=\"confirmed\""));
    assert!(html.len() < 2 << 20, "{} bytes", html.len());
    // Past the threshold a row is drawn in buckets, not 10,000 marks.
    assert!(html.contains("class=\"bucket "));
    assert_eq!(html.matches("class=\"mark ").count(), 0);
    assert!(html.contains("data-events=\"20000\""), "every event is counted");
    eprintln!("report of 2 x 10,000 events: {} bytes", html.len());
}

/// The service: `GET /` is the upload page, public (the token is typed into it); the diagnose
/// request it makes, with `format=html`, needs the token and answers the HTML report.
#[test]
fn service_serves_the_upload_page_and_html_reports() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "secret-html-token\n").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kbdiag"))
        .args(["serve", "--listen", "127.0.0.1:0", "--token-file", tokens.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let base = first.trim().strip_prefix("listening on ").map(str::to_string);
    let result = std::panic::catch_unwind(|| {
        let base = base.expect("the server started");
        let http = reqwest::blocking::Client::new();
        let page = http.get(format!("{base}/")).send().unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("connect-src 'self'"));
        let page = page.text().unwrap();
        assert!(page.contains("webkitdirectory") && page.contains("/v1/diagnose?"));
        let log = std::fs::read(repo().join("examples/ka-05406/marketing/wfserver.log")).unwrap();
        let url = format!("{base}/v1/diagnose?format=html&name=marketing/wfserver.log");
        assert_eq!(http.post(&url).body(log.clone()).send().unwrap().status(), 401);
        let r = http.post(&url).bearer_auth("secret-html-token").body(log).send().unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
        let html = r.text().unwrap();
        assert_inert(&html);
        // The workflow log alone: the restarts are not in the bundle, so only possible.
        assert!(html.contains("data-kb=\"KA-05406\" data-outcome=\"possible\""), "{html}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
