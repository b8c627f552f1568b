//! Symptoms: their regexes (ASCII classes, shadowed captures refused), their `contains` texts
//! and the literals the prefilter searches for.

use super::*;

/// A rule's regex. Rule regexes run only on candidate lines (short ones), so they get no lazy
/// DFA at all (a cache limit below its minimum turns it off; the one-pass DFA, backtracker and
/// PikeVM remain): with a thousand rules the DFA caches, kept per regex and per thread, were most
/// of the memory (83 MiB peak; 57 MiB without them, and no slower). The compiled size is capped
/// too, so that a regex that explodes (`(?:a{1000}){1000}`) is a load error, not a memory hog.
pub fn rule_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(&ascii_classes(pattern)).size_limit(2 << 20).dfa_size_limit(1 << 10).build()
}

/// `\d`, `\w`, `\s` (and their negations) and `\b`/`\B` mean their ASCII forms in rules: log
/// text is ASCII where these matter, and the Unicode classes make each regex about ten times
/// larger, which a pack of a thousand rules feels. `\p{..}` stays available for Unicode.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('s') => out.push_str("[\\t\\n\\x0B\\x0C\\r ]"),
            Some('S') => out.push_str("[^\\t\\n\\x0B\\x0C\\r ]"),
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Names the texts and scripts already use.
pub(super) const RESERVED: &[&str] =
    &["outcome", "missing", "true", "false", "this", "fn", "let", "if", "else", "for", "in", "loop"];

/// What every event carries besides its fields (see `script::event_value`): a capture of the
/// same name would be silently replaced by it.
pub const EVENT_KEYS: &[&str] = &["has_time", "time", "offset", "at", "local", "path", "line", "text", "log_end"];

/// A named capture that an event key would shadow, as an error naming the key.
pub(super) fn shadowed_capture(re: &Regex, allow_time: bool) -> Result<(), String> {
    for n in re.capture_names().flatten() {
        if EVENT_KEYS.contains(&n) && !(allow_time && n == "time") {
            return Err(format!(
                "the capture '{n}' has the name of a key every event has ({}): it would be replaced by that key; rename it (e.g. '{n}_value')",
                EVENT_KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

pub(super) fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

pub(super) fn compile_symptom(name: &str, s: &model::SymptomDef) -> Result<Symptom, CompileError> {
    let at = KeyPath::root().key("symptoms").key(name);
    if s.contains.is_empty() && s.regex.is_none() {
        return Err(CompileError::new(at, ErrorKind::Invalid("give `contains` or `regex` (or both)".into())));
    }
    let regex = s.regex.as_deref().map(rule_regex).transpose().map_err(|e| CompileError::new(at.key("regex"), e))?;
    if let Some(re) = &regex {
        shadowed_capture(re, false).map_err(|e| CompileError::new(at.key("regex"), ErrorKind::Invalid(e)))?;
    }
    let mut where_ = Vec::new();
    for (field, pat) in &s.where_ {
        let re = rule_regex(pat).map_err(|e| CompileError::new(at.key("where").key(field.clone()), e))?;
        where_.push((field.clone(), re));
    }
    let sources = s
        .sources
        .iter()
        .map(|t| {
            let t = t.trim();
            if t == "*" {
                return SourceSel { format: None, role: None };
            }
            match t.split_once('/') {
                Some((f, r)) => SourceSel { format: Some(f.to_string()), role: Some(r.to_string()) },
                None => SourceSel { format: Some(t.to_string()), role: None },
            }
        })
        .collect();
    let contains_ci = s.case == Some(model::LetterCase::Insensitive);
    let (literals, literal_ci, literal_origin) = if !s.contains.is_empty() {
        if let Some(i) = s.contains.iter().position(|c| c.is_empty()) {
            return Err(CompileError::new(
                at.key("contains").index(i),
                ErrorKind::Invalid("an empty text would match every line".into()),
            )
            .context(at.key("contains").to_string()));
        }
        if contains_ci {
            // ASCII case folding in the prefilter: a text with non-ASCII letters is searched by
            // its longest ASCII stretch (the exact check runs on the candidate line after).
            let lits: Option<Vec<String>> = s.contains.iter().map(|c| ascii_stretch(c)).collect();
            match lits {
                Some(l) => (l, true, "contains"),
                None => (Vec::new(), true, "none"),
            }
        } else {
            (s.contains.clone(), false, "contains")
        }
    } else {
        s.regex.as_deref().map(extract_literals).unwrap_or((Vec::new(), false, "none"))
    };
    let contains = if contains_ci { s.contains.iter().map(|c| c.to_lowercase()).collect() } else { s.contains.clone() };
    Ok(Symptom {
        name: name.to_string(),
        description: s.description.clone(),
        sources,
        literals,
        literal_ci,
        contains,
        contains_ci,
        literal_origin,
        required: regex.as_ref().map(|r| required_suffix(r.as_str())).unwrap_or_default(),
        regex,
        where_,
        other_server_than: None,
        one_server_per: None,
        claims_lines: true,
        told: false,
        distinct: s.distinct.clone(),
        levels: s.levels.clone(),
    })
}

/// The text ASCII-lower-cased when it is all ASCII, else its longest all-ASCII stretch of at
/// least 3 bytes (lower-cased), else none.
pub(super) fn ascii_stretch(text: &str) -> Option<String> {
    if text.is_ascii() {
        return Some(text.to_ascii_lowercase());
    }
    let best = text.split(|c: char| !c.is_ascii()).max_by_key(|p| p.trim().len())?;
    (best.trim().len() >= 3).then(|| best.to_ascii_lowercase())
}

/// The text every match of `pattern` ends with (the common ending of its suffix literals),
/// when it is 4 bytes or more:
/// a candidate line without it cannot match, and a substring search says so in a fraction of
/// the time the regex takes to fail (a busy line that shares a rule's prefix, `INT-150012 The
/// HTTP query returned a`, but not its ending, `type error (500)`, was a twentieth of a scan).
/// The regex's own prefilter already uses the prefix.
pub fn required_suffix(pattern: &str) -> Vec<memchr::memmem::Finder<'static>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(pattern) else { return Vec::new() };
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Suffix);
    // Every match ends with one of the literals, so with their longest common ending.
    let Some(lits) = ex.extract(&hir).literals().map(<[_]>::to_vec) else { return Vec::new() };
    let Some(first) = lits.first() else { return Vec::new() };
    let mut common = first.as_bytes();
    for l in &lits[1..] {
        let n = common.iter().rev().zip(l.as_bytes().iter().rev()).take_while(|(a, b)| a == b).count();
        common = &common[common.len() - n..];
    }
    if common.len() >= 4 {
        vec![memchr::memmem::Finder::new(common).into_owned()]
    } else {
        Vec::new()
    }
}

/// Literals every match of `pattern` starts (or else ends) with, for the prefilter, and
/// whether they are to be searched ignoring ASCII case: a case-insensitive pattern yields case
/// variants of the same text, which fold into fewer ASCII-lower-cased literals; an exact
/// pattern's literals are kept exactly (non-ASCII included). None when any literal would be
/// shorter than 3 bytes, or there would be more than 64.
pub fn extract_literals(pattern: &str) -> (Vec<String>, bool, &'static str) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return (Vec::new(), false, "none");
    };
    for (kind, origin) in [(ExtractKind::Prefix, "regex prefix"), (ExtractKind::Suffix, "regex suffix")] {
        let mut ex = Extractor::new();
        ex.kind(kind);
        let seq = ex.extract(&hir);
        if let Some(lits) = seq.literals() {
            let mut exact: Vec<String> =
                lits.iter().map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned()).collect();
            exact.sort();
            exact.dedup();
            let mut folded: Vec<String> = exact.iter().map(|l| l.to_ascii_lowercase()).collect();
            folded.sort();
            folded.dedup();
            let ci = folded.len() < exact.len();
            let out = if ci { folded } else { exact };
            if !out.is_empty() && out.iter().all(|l| l.trim().len() >= 3) && out.len() <= 64 {
                return (out, ci, origin);
            }
        }
    }
    (Vec::new(), false, "none")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suffix(p: &str) -> Option<Vec<u8>> {
        let f = required_suffix(&ascii_classes(p));
        assert!(f.len() <= 1);
        f.first().map(|f| f.needle().to_vec())
    }

    #[test]
    fn a_regex_ending_in_one_text_requires_it() {
        assert_eq!(
            suffix(r"INT-150012 The HTTP query returned an? '(?i:internal server error)' type error \(500\)")
                .as_deref(),
            Some(&b"' type error (500)"[..])
        );
        assert_eq!(
            suffix(r"session is not authorized to replicate").as_deref(),
            Some(&b"session is not authorized to replicate"[..])
        );
        // No single ending text: a capture, a class, alternatives, case variants, too short.
        assert_eq!(suffix(r"to replicate (?P<asset>/\S+)"), None);
        assert_eq!(suffix(r"error \((?:403|500)\)"), None);
        assert_eq!(suffix(r"(?i)timed out"), None);
        assert_eq!(suffix(r"a b"), None);
    }
}
