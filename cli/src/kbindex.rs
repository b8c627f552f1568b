//! `--kb DIR`: KB articles (Markdown or HTML, with YAML front matter) read into the engine's
//! BM25 index at start. The id is the front matter's `id` (or `article-number`, or the file
//! name), the title its `title` (or the first heading), the url its `url`.

use kbdiag_engine::triage::kb::{Article, Index};
use std::path::Path;

/// The KB folders: those given with `--kb`, else KBDIAG_KB's (separated as PATH is, empty
/// parts left out: `KBDIAG_KB=${KB:-}` in a pipeline means none), with the name of where they
/// came from for messages.
pub fn dirs(given: &[std::path::PathBuf]) -> (Vec<std::path::PathBuf>, &'static str) {
    if !given.is_empty() {
        return (given.to_vec(), "--kb");
    }
    let env = std::env::var_os("KBDIAG_KB")
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default();
    (env, "KBDIAG_KB")
}

/// Read every article under the folders (recursively); a folder that cannot be read is an
/// error, named after `from` (`--kb` or `KBDIAG_KB`).
pub fn load(dirs: &[std::path::PathBuf], from: &str) -> Result<Index, String> {
    load_with(dirs, from, &mut |w| {
        use std::io::Write as _;
        let _ = writeln!(anstream::stderr(), "kbdiag: warning: {w}");
    })
}

/// As [`load`], each article left out or read in part said to `warn` (one sentence, log text
/// escaped) rather than on stderr: `serve` says them after its first line.
pub fn load_with(dirs: &[std::path::PathBuf], from: &str, warn: &mut dyn FnMut(String)) -> Result<Index, String> {
    let mut articles = Vec::new();
    for d in dirs {
        if !d.is_dir() {
            return Err(format!("{from} {}: not a folder", d.display()));
        }
        // Links are followed (a KB folder of links to articles kept elsewhere); an entry the
        // walk cannot read (a dangling link, a loop of links, a folder without permission) is
        // said, never dropped without a word.
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for e in walkdir::WalkDir::new(d).follow_links(true) {
            let e = match e {
                Ok(e) => e,
                Err(e) => {
                    let at =
                        e.path().map(|p| crate::print::esc(&p.display().to_string()).into_owned()).unwrap_or_default();
                    let why = match e.io_error() {
                        Some(io) if e.path().is_some_and(|p| p.is_symlink()) => {
                            format!("a link that cannot be followed ({io})")
                        }
                        Some(io) => format!("cannot be read ({io})"),
                        None => "a loop of links".to_string(),
                    };
                    warn(format!("{from} {at}: {why}; skipped"));
                    continue;
                }
            };
            let p = e.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if e.file_type().is_file() && matches!(ext.as_str(), "md" | "markdown" | "html" | "htm") {
                files.push(e.into_path());
            }
        }
        files.sort();
        for f in files {
            // An article left out or read in part is said (a KB maintainer learns why an id or
            // url is missing); the index is built from the others.
            let shown = crate::print::esc(&f.display().to_string()).into_owned();
            let mut say = |why: &str| warn(format!("{from} {shown}: {why}"));
            let bytes = match std::fs::read(&f) {
                Ok(b) => b,
                Err(e) => {
                    say(&format!("cannot read ({e}); skipped"));
                    continue;
                }
            };
            if bytes.iter().take(8192).any(|&b| b == 0) {
                say("not text (binary, or UTF-16); skipped");
                continue;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                say("empty; skipped");
                continue;
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Some(e) = front_matter_error(&text) {
                say(&format!("its front matter does not parse ({e}); indexed with the file name as id and the first heading as title"));
            }
            articles.push(article(&f, &text));
        }
    }
    Ok(Index::build(articles))
}

/// Why an article's front matter (between `---` lines) does not parse, if it does not.
fn front_matter_error(raw: &str) -> Option<String> {
    let raw = raw.replace("\r\n", "\n");
    let fm = raw.strip_prefix("---\n").and_then(|r| r.find("\n---").map(|e| r[..e].to_string()))?;
    serde_yaml::from_str::<serde_yaml::Value>(&fm).err().map(|e| e.to_string())
}

/// One article from its file.
pub fn article(path: &Path, raw: &str) -> Article {
    let raw = raw.replace("\r\n", "\n");
    let (fm, body) = match raw.strip_prefix("---\n").and_then(|r| r.find("\n---").map(|e| (&r[..e], &r[e + 4..]))) {
        Some((fm, body)) => (serde_yaml::from_str::<serde_yaml::Value>(fm).ok(), body.to_string()),
        None => (None, raw.clone()),
    };
    let get = |k: &str| {
        fm.as_ref().and_then(|v| v.get(k)).and_then(|v| match v {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    // An HTML page without front matter names itself in `<title>` (or its first `<h1>`).
    let html_title = html.then(|| html_title(&body)).flatten();
    let body = if html { strip_tags(&body) } else { body };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").split('.').next().unwrap_or("").to_string();
    let id = get("id").or_else(|| get("article-number")).unwrap_or(stem);
    let title = get("title")
        .or(html_title)
        .or_else(|| body.lines().find_map(|l| l.strip_prefix("# ")).map(|t| t.trim().to_string()))
        .unwrap_or_else(|| id.clone());
    // Keywords and description say what the article is about: index them with the body.
    let extra = ["description", "keywords"].iter().filter_map(|k| get(k)).collect::<Vec<_>>().join(" ");
    // What the article is about, as Experience League's front matter says it (`product`,
    // `solution`, `applies-to`, each a name or a comma-separated list).
    let products: Vec<String> = ["product", "solution", "applies-to"]
        .iter()
        .filter_map(|k| get(k))
        .flat_map(|v| v.split(',').map(|p| p.trim().to_string()).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect();
    Article {
        id,
        title,
        url: get("url"),
        text: format!("{extra}\n{}", html_escape::decode_html_entities(&body)),
        products,
    }
}

/// The text of an HTML page's `<title>`, else of its first `<h1>`, tags and entities read.
fn html_title(s: &str) -> Option<String> {
    ["title", "h1"].iter().find_map(|tag| {
        let open = find_ci(s, &format!("<{tag}"))?;
        let start = open + s[open..].find('>')? + 1;
        let end = start + find_ci(&s[start..], &format!("</{tag}"))?;
        let t = html_escape::decode_html_entities(&strip_tags(&s[start..end]))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!t.is_empty()).then_some(t)
    })
}

/// Where `needle` (ASCII, lower case) is in `hay`, whatever the case of its letters there:
/// without a lower-case copy of the rest of the page per tag, which made a large page's
/// reading quadratic (a 20 MB article took 272 MB and long seconds to index).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let mut from = 0;
    while let Some(i) = h[from..].iter().position(|b| b.eq_ignore_ascii_case(&first)) {
        let at = from + i;
        if h.get(at..at + n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// HTML reduced to its text (tags dropped; script and style bodies too).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let low = rest[i..].get(..8).unwrap_or("").to_ascii_lowercase();
        let close = if low.starts_with("<script") {
            "</script>"
        } else if low.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        match find_ci(&rest[i..], close) {
            Some(j) => {
                out.push(' ');
                rest = &rest[i + j + close.len()..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_html() {
        let a =
            article(Path::new("x/KA-1.md"), "---\nid: KA-9\ntitle: Disk full\nurl: https://kb/9\n---\n# H\nbody text");
        assert_eq!((a.id.as_str(), a.title.as_str(), a.url.as_deref()), ("KA-9", "Disk full", Some("https://kb/9")));
        let b = article(Path::new("x/KA-2.en.html"), "<html><style>p{}</style><h1>T</h1><p>No space &amp; left</p>");
        assert_eq!(b.id, "KA-2");
        assert!(b.text.contains("No space & left") && !b.text.contains("p{}"));
        // Without front matter, an HTML page's <title> names it (then its first <h1>), tags
        // and entities read, whatever the case of the tag (hostile tester T's nitpick).
        let c = article(
            Path::new("x/KA-3.html"),
            "<HTML><HEAD><TITLE>Upload fails &amp; <b>stops</b></TITLE></HEAD><body><h1>Other</h1>text</body>",
        );
        assert_eq!(c.title, "Upload fails & stops");
        let d = article(Path::new("x/KA-4.htm"), "<body><H1 class=x>Disk  full</H1><p>text</p></body>");
        assert_eq!(d.title, "Disk full");
        // A tag's end found whatever its case; an unclosed one drops the rest.
        assert_eq!(strip_tags("a<SCRIPT>x</Script>b<p"), "a b");
        assert_eq!(find_ci("xx</STYLE>", "</style>"), Some(2));
    }
}
