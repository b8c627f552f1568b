//! Text from a log, a file name or a pack, made inert in HTML.
//!
//! Two steps, always both: control characters become visible exactly as the text report shows
//! them ([`esc`]: ESC as `\x1b`, U+202E as `\u{202e}` ...), so a bidi override cannot make a
//! line read backwards and a terminal escape copied from the page does nothing; then `&`, `<`,
//! `>` and (in attributes) both quotes become entities, so no text opens a tag. The page also
//! forbids scripts outright (its Content-Security-Policy): the escaping is what keeps it
//! correct, the policy what keeps a mistake harmless.

use crate::print::esc;
use std::fmt::Write;

/// For element content.
pub fn text(s: &str) -> String {
    html_escape::encode_text(&esc(s)).into_owned()
}

/// For a quoted attribute value (either quote).
pub fn attr(s: &str) -> String {
    html_escape::encode_quoted_attribute(&esc(s)).into_owned()
}

/// An `href` for a KB article's URL, when it is http(s): what could end the attribute or hide
/// in it (quotes, `<`, `>`, spaces, control and bidi characters) percent-encoded. `None` for
/// any other scheme (`javascript:`, `data:`): the URL is then shown as text only.
pub fn http_url(u: &str) -> Option<String> {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        if c.is_control() || c.is_whitespace() || esc(c.encode_utf8(&mut [0; 4])).len() > c.len_utf8() {
            let mut b = [0; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else if matches!(c, '"' | '\'' | '<' | '>' | '`') {
            let _ = write!(out, "%{:02X}", c as u32);
        } else if c == '&' {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_opens_a_tag_or_hides() {
        assert_eq!(text("<script>alert(1)</script>&"), "&lt;script&gt;alert(1)&lt;/script&gt;&amp;");
        assert_eq!(text("\x1b[2J\u{202e}x\u{9b}"), "\\x1b[2J\\u{202e}x\\u{9b}");
        assert_eq!(attr("a\"b'c<d>"), "a&quot;b&#x27;c&lt;d&gt;");
    }

    #[test]
    fn urls() {
        assert_eq!(
            http_url("https://x/a b\"<\u{202e}>?a=1&b=2").as_deref(),
            Some("https://x/a%20b%22%3C%E2%80%AE%3E?a=1&amp;b=2")
        );
        assert_eq!(http_url("javascript:alert(1)"), None);
        assert_eq!(http_url("HTTP://x").as_deref(), Some("HTTP://x"));
    }
}
