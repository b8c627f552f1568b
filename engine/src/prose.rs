//! Sentences about a message rather than the message itself. A ticket or a chat pasted into a
//! bundle names error texts in sentences that say they were *not* seen ("we do NOT see 'No
//! space left on device'") or that tell someone where to look ("if you see ..., check ...",
//! "grep for ..."). A program's log line never reads like that, but a symptom's literal
//! matches it all the same, and a rule would confirm a problem the customer just denied.
//!
//! [`denial`] reads the words of the sentence before a match and says whether they deny or
//! only point at what follows. It is kept narrow on purpose, because dropping a real error line
//! is as wrong as confirming a denied one: a negation counts only with a verb of seeing or
//! having after it ("not see", "never got", "no sign of", "without any"), and an instruction
//! only in the second person or the imperative ("if you see", "look for"). "cannot write: No
//! space left on device", "not retried: ..." and "why do we get ...?" stay evidence. The
//! scanner asks only for lines without a time (a program's log record has one).

/// Who speaks in a ticket: a denial needs a person before it ("*we* do not see"), which a
/// program's message ("Could not find configuration for domain") does not have.
const PERSONS: &[&str] = &["i", "we", "you", "they", "he", "she", "customer", "user", "users", "team"];
/// Words that deny what follows a person.
const NEGATIONS: &[&str] = &["not", "never", "no", "nor", "cannot"];
/// Verbs of seeing or having: "we do not *see*", "we never *got*".
const PERCEIVE: &[&str] = &[
    "see",
    "sees",
    "seeing",
    "saw",
    "seen",
    "get",
    "gets",
    "getting",
    "got",
    "gotten",
    "find",
    "finds",
    "finding",
    "found",
    "observe",
    "observed",
    "observing",
    "notice",
    "noticed",
    "noticing",
    "have",
    "has",
    "had",
    "having",
    "encounter",
    "encountered",
    "receive",
    "received",
    "spot",
    "spotted",
    "hit",
];
/// Nouns that deny with `no` before and `of` after, person or not: "no *sign* of".
const TRACES: &[&str] =
    &["sign", "signs", "trace", "traces", "mention", "mentions", "occurrence", "occurrences", "evidence"];
/// Instructions: where to look, said to the reader.
const POINTERS: &[&[&str]] = &[
    &["if", "you", "see"],
    &["if", "you", "get"],
    &["if", "you", "find"],
    &["if", "you", "notice"],
    &["when", "you", "see"],
    &["look", "for"],
    &["check", "for"],
    &["search", "for"],
    &["grep", "for"],
    &["grep"],
];
/// Words between the cue and the match at most ("we do NOT see any of the 'X' errors").
const REACH: usize = 6;

/// Why the text at byte `at` of `line` is not asserted by its sentence: the cue words
/// ("we not see", "look for"), or None when the sentence states it (or says nothing either
/// way).
pub fn denial(line: &str, at: usize) -> Option<String> {
    let before = line.get(..at)?;
    // The sentence the match is in: from the last end of a sentence before it.
    let start = before
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?' | ';') && before[i + 1..].starts_with(char::is_whitespace))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    // A colon right before the message introduces it as the reason of what the words before
    // say ("couldn't get lock: No space left on device"): that is a program speaking.
    let start = match before[start..].rfind(':') {
        Some(c) if before[start + c + 1..].trim().trim_matches(['\'', '"']).is_empty() => start + c + 1,
        _ => start,
    };
    let quoted = before.trim_end().ends_with(['\'', '"', '`', '\u{201c}', '\u{2018}']);
    let words: Vec<String> = before[start..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    let is = |i: usize, set: &[&str]| words.get(i).is_some_and(|w| set.contains(&w.as_str()));
    let negates = |i: usize| is(i, NEGATIONS) || words.get(i).is_some_and(|w| w.ends_with("n't") && w.len() > 3);
    let near = n.saturating_sub(REACH + 8);
    for i in near..n {
        // A person, a negation within three words, a verb of seeing within three more: "we do
        // NOT see", "I have never seen", "we don't get".
        if is(i, PERSONS) {
            for k in i + 1..(i + 4).min(n) {
                if negates(k) {
                    if let Some(v) = (k + 1..(k + 4).min(n)).find(|&v| is(v, PERCEIVE)) {
                        if n - v <= REACH + 1 {
                            return Some(format!("{} {} {}", words[i], words[k], words[v]));
                        }
                    }
                }
            }
        }
        // "no sign of", "without any trace of".
        if is(i, &["no", "without"]) {
            let t = if is(i + 1, &["any", "a", "the", "single"]) { i + 2 } else { i + 1 };
            if is(t, TRACES) && is(t + 1, &["of"]) && n - t <= REACH + 2 {
                return Some(format!("{} {} of", words[i], words[t]));
            }
        }
    }
    // "no 'X' errors": a denial right before a quoted message.
    if quoted && n > 0 && is(n - 1, &["no", "without", "never"]) {
        return Some(words[n - 1].clone());
    }
    for p in POINTERS {
        let k = p.len();
        if n >= k
            && (n.saturating_sub(REACH + k)..=n - k)
                .any(|i| words[i..i + k].iter().map(String::as_str).eq(p.iter().copied()))
        {
            return Some(p.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::denial;

    fn at(line: &str, lit: &str) -> Option<String> {
        denial(line, line.find(lit).expect("literal in line"))
    }

    #[test]
    fn sentences_that_deny_or_point_are_not_evidence() {
        let lit = "No space left on device";
        for line in [
            "We checked the disks and we do NOT see 'No space left on device' anywhere in the logs.",
            "We don't get No space left on device any more.",
            "There is no sign of \"No space left on device\" in syslog",
            "no 'No space left on device' errors since Monday",
            "We never got No space left on device on this host.",
            "If you see No space left on device, free some space.",
            "Please grep for 'No space left on device' in /var/log/messages",
            "Look for errors like No space left on device.",
            "The logs show nothing. We did not find any No space left on device",
            "I have never seen No space left on device on this host.",
            "Without any trace of 'No space left on device', we are lost.",
        ] {
            assert!(at(line, lit).is_some(), "{line}");
        }
    }

    #[test]
    fn sentences_that_state_the_error_are_evidence() {
        let lit = "No space left on device";
        for line in [
            "write /var/lib/x: No space left on device",
            "cannot write file: No space left on device",
            "pg_dump: not retried: No space left on device",
            "Why do we get 'No space left on device' on the app server?",
            "We do not know why. Since Monday we see No space left on device in every run.",
            "Error: could not extend file: No space left on device",
            "Nothing was written; No space left on device",
            "We did not change anything and now get No space left on device.",
            "It is not a quota issue. No space left on device appears hourly.",
            "error: couldn't get lock: No space left on device",
            "rsync: did not find room: 'No space left on device'",
            "Could not find No space left on device handler",
            "We get errors such as 'No space left on device'.",
            "The job cannot find space. No space left on device",
        ] {
            assert_eq!(at(line, lit), None, "{line}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for line in ["", "é", "not", "no é 'x'", "...", "e.g. x"] {
            for i in 0..=line.len() {
                let _ = denial(line, i);
            }
        }
    }
}
