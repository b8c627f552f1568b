//! Line layouts given at run time: a format may leave its `line` pattern to a parameter whose
//! value is the program's own description of its log prefix (PostgreSQL's `log_line_prefix`,
//! e.g. `%m [%p] %q%u@%d `). The pack says what each `%` escape stands for; the user gives the
//! exact value (`--param postgresql.prefix=...`), and the format then reads lines no sniffing
//! pattern could guess. One mechanism for any program that describes its layout with escapes.

use std::collections::{BTreeMap, HashSet};

/// What a format says about its parameter (from `line_from` in its YAML).
#[derive(Clone, Debug)]
pub struct ParamLayout {
    /// The pack whose parameter it is (`PACK` in `--param PACK.NAME=VALUE`).
    pub pack: String,
    pub name: String,
    /// Escape letter → the regex it stands for.
    pub escapes: BTreeMap<char, String>,
    /// The escape after which the rest of the layout may be missing (PostgreSQL's `%q`:
    /// processes without a session stop the prefix there).
    pub optional_rest: Option<char>,
    /// The regex for what follows the prefix (level and message).
    pub then: String,
    /// `then`, compiled, searched anywhere in a line: does a line look like this program's,
    /// whatever its prefix? (A file that does, read as generic text, deserves a warning.)
    pub then_anywhere: Option<regex::Regex>,
}

impl ParamLayout {
    /// `PACK.NAME`, as `--param` spells it.
    pub fn key(&self) -> String {
        format!("{}.{}", self.pack, self.name)
    }

    /// The `line` regex for one value of the parameter. Literal text is matched as written;
    /// `%%` is a percent sign; `%-10u`-style padding allows spaces around the value; an escape
    /// the pack does not know is an error naming the ones it does. A named capture that two
    /// escapes share (`%m` and `%t` both give `time`) is kept for the first only.
    pub fn line_regex(&self, value: &str) -> Result<String, String> {
        let mut out = String::from("^");
        let mut used: HashSet<String> = HashSet::new();
        let mut optional = false;
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push_str(&regex::escape(&c.to_string()));
                continue;
            }
            let mut padded = false;
            while let Some(&p) = chars.peek() {
                if p == '-' || p.is_ascii_digit() {
                    padded = true;
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(e) = chars.next() else {
                return Err("the value ends with a lone '%'".into());
            };
            if e == '%' {
                out.push('%');
            } else if Some(e) == self.optional_rest {
                if !optional {
                    out.push_str("(?:");
                    optional = true;
                }
            } else if let Some(re) = self.escapes.get(&e) {
                let re = first_names_only(re, &mut used);
                if padded {
                    out.push_str(&format!(r"\s*{re}\s*"));
                } else {
                    out.push_str(&re);
                }
            } else {
                let known: Vec<String> =
                    self.escapes.keys().copied().chain(self.optional_rest).map(|k| format!("%{k}")).collect();
                return Err(format!("'%{e}' is not an escape this format knows (it knows {} and %%)", known.join(" ")));
            }
        }
        if optional {
            out.push_str(")?");
        }
        if !used.contains("time") {
            return Err("the value has no escape that writes the time, so its lines could not be placed in time".into());
        }
        out.push_str(&self.then);
        Ok(out)
    }
}

/// `re` with the named groups already `used` made plain groups; records the others.
fn first_names_only(re: &str, used: &mut HashSet<String>) -> String {
    let mut out = String::with_capacity(re.len());
    let mut rest = re;
    while let Some(i) = rest.find("(?P<") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let Some(end) = after.find('>') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let name = &after[..end];
        if used.insert(name.to_string()) {
            out.push_str(&rest[i..i + 4 + end + 1]);
        } else {
            out.push_str("(?:");
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg() -> ParamLayout {
        let mut escapes = BTreeMap::new();
        escapes.insert('m', r"(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}(?: [A-Z]{2,5})?)".to_string());
        escapes.insert('t', r"(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: [A-Z]{2,5})?)".to_string());
        escapes.insert('p', r"(?P<pid>\d+)".to_string());
        escapes.insert('u', r"(?P<user>\S*?)".to_string());
        escapes.insert('d', r"(?P<db>\S*?)".to_string());
        ParamLayout {
            pack: "postgresql".into(),
            name: "prefix".into(),
            escapes,
            optional_rest: Some('q'),
            then: r"(?P<level>[A-Z]+):\s+(?P<message>.*)$".into(),
            then_anywhere: None,
        }
    }

    #[test]
    fn escapes_literals_padding_and_the_optional_rest() {
        let re = regex::Regex::new(&pg().line_regex("< %m > [%-6p] %q%u@%d ").unwrap()).unwrap();
        let c = re.captures("< 2026-11-26 08:33:10.849 UTC > [42    ] alice@shop ERROR:  deadlock detected").unwrap();
        assert_eq!(&c["pid"], "42");
        assert_eq!(&c["user"], "alice");
        assert_eq!(&c["message"], "deadlock detected");
        let c = re.captures("< 2026-11-26 08:33:10.849 UTC > [7     ] LOG:  checkpoint starting: time").unwrap();
        assert!(c.name("user").is_none(), "no session: the rest after %q is missing");
        assert!(!re.is_match("2026-11-26 08:33:10.849 UTC [42] LOG:  x"), "the literal '<' is required");
    }

    #[test]
    fn bad_values_say_why() {
        assert!(pg().line_regex("%m %Z ").unwrap_err().contains("'%Z' is not an escape"));
        assert!(pg().line_regex("[%p] ").unwrap_err().contains("time"));
        assert!(pg().line_regex("%m %").unwrap_err().contains("lone"));
        // %m and %t both give `time`: the second is a plain group.
        let re = pg().line_regex("%m %t ").unwrap();
        assert!(regex::Regex::new(&re).is_ok(), "{re}");
        // A percent sign written as %% is literal.
        let re = regex::Regex::new(&pg().line_regex("%m 100%% [%p] ").unwrap()).unwrap();
        assert!(re.is_match("2026-11-26 08:33:10.849 UTC 100% [1] LOG:  x"));
    }
}
