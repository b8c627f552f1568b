//! `kbdiag new --from-kb`: a draft rule from an Experience League KB article (markdown with
//! front matter; `## Description` and `## Resolution`; Environment / Issue / Cause / Solution as
//! `###` headings or `<b>` lines, in English or Swedish; CRLF; HTML entities; brackets broken up
//! by backticks). Everything the article does not say is a clearly marked TODO.

use serde_yaml::Value;

/// What an article gives.
#[derive(Debug, Default)]
pub struct Article {
    pub number: String,
    pub title: String,
    pub url: String,
    pub revision: Option<u64>,
    pub products: Vec<String>,
    pub keywords: Vec<String>,
    pub environment: String,
    pub issue: String,
    pub cause: String,
    pub steps: Vec<String>,
    /// Error text quoted in the article (italic, code, lines with an error code).
    pub quoted: Vec<String>,
}

/// Decode the HTML entities KB articles carry.
fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Undo conversion artifacts: `` `[` `` → `[`, `[ x` → `[x`, runs of spaces.
fn tidy(s: &str) -> String {
    let mut t = s.to_string();
    for c in ["[", "]", "<", ">", "(", ")"] {
        t = t.replace(&format!("`{c}`"), c);
    }
    t = t.replace("[ ", "[").replace(" ]", "]");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A section name, in English or Swedish, normalised.
fn section(name: &str) -> Option<&'static str> {
    let n = name.trim().trim_end_matches(':').to_lowercase();
    let n = n.split('{').next().unwrap_or("").trim();
    Some(match n {
        "description" | "beskrivning" => "description",
        "resolution" | "upplösning" | "lösning" | "solution" => "resolution",
        "environment" | "miljö" => "environment",
        "issue" | "issues" | "issue/symptoms" | "issues/symptoms" | "symptoms" | "problem" | "problem/symptom" => {
            "issue"
        }
        "cause" | "orsak" => "cause",
        "steps to reproduce" => "reproduce",
        _ => return None,
    })
}

/// The heading a line opens, if it is one: `## X`, `### X`, `<b>X</b>`, `<br>X<br>`.
fn heading(line: &str) -> Option<(u8, &'static str)> {
    let l = line.trim();
    if let Some(rest) = l.strip_prefix("## ") {
        return section(rest).map(|s| (2, s));
    }
    if let Some(rest) = l.strip_prefix("### ") {
        let rest = rest.replace("<b>", "").replace("</b>", "");
        return section(&rest).map(|s| (3, s));
    }
    for (open, close) in [("<b>", "</b>"), ("<br>", "<br>"), ("**", "**")] {
        if let Some(inner) = l.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return section(inner).map(|s| (3, s));
        }
    }
    None
}

pub fn parse(text: &str) -> Result<Article, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut a = Article::default();
    let body = match text.strip_prefix("---\n") {
        Some(rest) => {
            let end = rest.find("\n---\n").or_else(|| rest.find("\n---")).ok_or("front matter is not closed by ---")?;
            let fm: Value = serde_yaml::from_str(&rest[..end]).map_err(|e| format!("front matter: {e}"))?;
            let get = |k: &str| fm.get(k).map(|v| entities(&value_text(v))).filter(|s| !s.is_empty());
            a.number = get("article-number").unwrap_or_default();
            a.title = get("title").unwrap_or_default();
            a.revision =
                fm.get("version-number").and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())));
            let mut products: Vec<String> = Vec::new();
            for k in ["solution", "product", "applies-to"] {
                for p in get(k).unwrap_or_default().split(',') {
                    let p = p.trim().to_string();
                    if !p.is_empty() && !products.contains(&p) {
                        products.push(p);
                    }
                }
            }
            a.products = products;
            a.keywords = get("keywords")
                .unwrap_or_default()
                .split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty() && k != "KCS")
                .collect();
            rest[end..].trim_start_matches('\n').trim_start_matches("---").to_string()
        }
        None => text.clone(),
    };
    if a.number.is_empty() {
        // Fall back on the first KA-number in the text.
        if let Some(i) = body.find("KA-") {
            a.number = body[i..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        }
    }
    if a.number.is_empty() {
        return Err("no article number (front matter `article-number`, or KA-nnnnn in the text)".into());
    }
    a.url = format!(
        "https://experienceleague.adobe.com/en/docs/experience-cloud-kcs/kbarticles/{}",
        a.number.to_lowercase()
    );
    if a.title.is_empty() {
        a.title = body.lines().find_map(|l| l.strip_prefix("# ")).map(|t| entities(t.trim())).unwrap_or_default();
    }
    // Walk the body: which top section and sub-section each line is in.
    let (mut top, mut sub) = ("", "");
    let mut texts: std::collections::BTreeMap<(&str, &str), Vec<String>> = Default::default();
    for raw in body.lines() {
        if let Some((level, name)) = heading(raw) {
            if level == 2 {
                top = name;
                sub = "";
            } else {
                sub = name;
            }
            continue;
        }
        if raw.trim_start().starts_with('#') {
            continue;
        }
        texts.entry((top, sub)).or_default().push(entities(raw));
    }
    let joined = |k: (&str, &str)| texts.get(&k).map(|v| tidy(&v.join(" "))).unwrap_or_default();
    a.environment = joined(("description", "environment"));
    a.issue = [joined(("description", "issue")), joined(("description", ""))].join(" ").trim().to_string();
    a.cause = [joined(("description", "cause")), joined(("resolution", "cause"))].join(" ").trim().to_string();
    // Ordered steps: from the resolution (any sub-section but the cause).
    let mut steps: Vec<String> = Vec::new();
    for ((t, s), lines) in &texts {
        if *t != "resolution" || *s == "cause" {
            continue;
        }
        for l in lines {
            let tl = l.trim_start();
            let num = tl.chars().take_while(char::is_ascii_digit).count();
            if num > 0 && tl[num..].starts_with(". ") {
                steps.push(tidy(&tl[num + 2..]));
            } else if let (Some(last), false) = (steps.last_mut(), tl.is_empty()) {
                if l.starts_with("   ") || l.starts_with('\t') {
                    last.push(' ');
                    last.push_str(&tidy(tl));
                }
            }
        }
    }
    a.steps = steps;
    // Quoted error text: *italic*, `code` (not single characters), lines with an error code.
    let all = texts.values().flatten().cloned().collect::<Vec<_>>().join("\n");
    let mut quoted: Vec<String> = Vec::new();
    let mut push = |s: String| {
        let s = tidy(s.trim_matches(|c: char| c == '\'' || c == '"' || c.is_whitespace() || c == '*' || c == '`'));
        if s.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !quoted.contains(&s) {
            quoted.push(s);
        }
    };
    for delim in ['*', '`'] {
        let parts: Vec<&str> = all.split(delim).collect();
        for (i, p) in parts.iter().enumerate() {
            if i % 2 == 1 && p.len() > 3 && !p.contains('\n') {
                push(p.to_string());
            }
        }
    }
    for l in all.lines() {
        if let Some(pos) = find_error_code(l) {
            push(l[pos..].to_string());
        }
    }
    a.quoted = quoted;
    Ok(a)
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Position of an error code such as `XSV-350008` in a line.
fn find_error_code(l: &str) -> Option<usize> {
    let b = l.as_bytes();
    (0..b.len().saturating_sub(9)).find(|&i| {
        b[i..i + 3].iter().all(u8::is_ascii_uppercase)
            && b[i + 3] == b'-'
            && b[i + 4..i + 10].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
    })
}

/// A regex for quoted error text that survives translation: the quoted identifiers and error
/// codes in order (`'Logon'.*?'xtk:\s*session'`), or the whole text when it has none.
pub fn pattern(quote: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = quote;
    while let Some(i) = rest.find('\'') {
        let after = &rest[i + 1..];
        // A quote the article forgot to close runs to the end of the text.
        let (j, closed) = after.find('\'').map_or((after.len(), false), |j| (j, true));
        let inner = after[..j].trim();
        if !inner.is_empty() && !inner.contains(' ') || inner.contains(':') {
            let esc = regex::escape(inner).replace(":\\ ", ":").replace(' ', "");
            let close = if closed { "'" } else { "" };
            parts.push(format!("'{}{close}", esc.replace(':', ":\\s*")));
        }
        rest = if closed { &after[j + 1..] } else { "" };
    }
    if let Some(p) = find_error_code(quote) {
        parts.insert(0, regex::escape(&quote[p..p + 10]));
    }
    if parts.is_empty() {
        regex::escape(quote)
    } else {
        parts.join(".*?")
    }
}

fn yaml_str(s: &str) -> String {
    // Texts become templates: keep a literal `${` from being read as a hole.
    serde_json::to_string(&s.replace("${", "$ {")).unwrap_or_else(|_| "\"\"".into())
}

/// The draft rule file and the two fixture skeletons (path relative to the pack, content).
pub fn draft(a: &Article, source: &str) -> Vec<(String, String)> {
    let mut y = String::new();
    y.push_str("# yaml-language-server: $schema=../../../docs/schema/rule.schema.json\n");
    y.push_str(&format!("# Draft made by `kbdiag new --from-kb {source}`. Review every TODO, rewrite the texts\n"));
    y.push_str("# in your own words, then prove the rule with its fixture cases (`kbdiag test`).\n");
    y.push_str(&format!("id: {}  # TODO: a descriptive id, e.g. product-problem\n", a.number.to_lowercase()));
    y.push_str(&format!("kb:\n  article: {}\n  url: {}\n", a.number, a.url));
    if let Some(r) = a.revision {
        y.push_str(&format!("  revision: {r}\n"));
    }
    y.push_str(&format!("title: {}  # TODO: say what is wrong, in a few words\n", yaml_str(&a.title)));
    y.push_str(&format!("products: [{}]\n", a.products.iter().map(|p| yaml_str(p)).collect::<Vec<_>>().join(", ")));
    y.push_str(&format!("keywords: [{}]\n", a.keywords.iter().map(|p| yaml_str(p)).collect::<Vec<_>>().join(", ")));
    y.push_str("severity: medium  # TODO\nstatus: draft\n\nsymptoms:\n");
    // Candidates with identifiers or error codes first: they survive translation.
    let mut quoted: Vec<&String> = a.quoted.iter().collect();
    quoted.sort_by_key(|q| (pattern(q) == regex::escape(q), std::cmp::Reverse(q.len())));
    match quoted.split_first() {
        None => {
            y.push_str("  # TODO: the article quotes no log text; write the error line as it appears in the logs.\n");
            y.push_str("  error:\n    description: TODO\n    contains: [\"TODO: text of the error line\"]\n");
        }
        Some((best, others)) => {
            y.push_str(&format!("  # TODO: check against a real log line. Quoted in the article: {best}\n"));
            y.push_str(&format!("  error:\n    description: {}\n", yaml_str(best)));
            y.push_str(&format!("    regex: {}\n", yaml_str(&format!("(?i){}", pattern(best)))));
            for (i, q) in others.iter().enumerate() {
                y.push_str(&format!(
                    "  # TODO: another candidate quoted in the article; keep it or delete it:\n  # candidate_{}:\n",
                    i + 2
                ));
                y.push_str(&format!("  #   regex: {}\n", yaml_str(&format!("(?i){}", pattern(q)))));
            }
        }
    }
    y.push_str("\n# TODO: add the corroborating evidence (a `confirm` condition).\nrequire: error\n\ntext:\n");
    let cause = if a.cause.is_empty() { "TODO: the article gives no cause".to_string() } else { a.cause.clone() };
    y.push_str(&format!("  cause: {}\n  steps:\n", yaml_str(&cause)));
    if a.steps.is_empty() {
        y.push_str("    - \"TODO: the article has no numbered steps\"\n");
    }
    for s in &a.steps {
        y.push_str(&format!("    - {}\n", yaml_str(s)));
    }
    let case =
        |expect: &str, what: &str| format!("rule: {}\nexpect: {expect}\ndescription: >-\n  TODO: {what}\n", a.number);
    vec![
        (format!("rules/{}.yaml", a.number), y),
        (format!("fixtures/{}/fires/case.yaml", a.number), case("confirmed", "logs in bundle/ that show the problem")),
        (format!("fixtures/{}/fires/bundle/.keep", a.number), String::new()),
        (
            format!("fixtures/{}/near-miss/case.yaml", a.number),
            case("not_matched", "similar lines in another context, in bundle/"),
        ),
        (format!("fixtures/{}/near-miss/bundle/.keep", a.number), String::new()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_survive_translation() {
        let p = pattern("Tom retur för metoden 'Logon' för tjänsten 'xtk: session'");
        assert_eq!(p, "'Logon'.*?'xtk:\\s*session'");
        assert_eq!(pattern("för tjänsten 'xtk: session"), "'xtk:\\s*session");
        let re = regex::Regex::new(&p).unwrap();
        assert!(re.is_match("Empty return for method 'Logon' of service 'xtk:session'"));
        assert!(pattern("XSV-350012 Invalid login or password.").starts_with("XSV\\-350012"));
    }

    #[test]
    fn entities_and_artifacts() {
        assert_eq!(entities("&#39;Logon&#39; &quot;x&quot; &amp; &lt;b&gt; &#x41;"), "'Logon' \"x\" & <b> A");
        assert_eq!(tidy("nlenv`[` 786882`]`  :"), "nlenv[786882] :");
    }
}
