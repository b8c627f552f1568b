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
/// program's message ("Could not find configuration for domain") does not have. English, and
/// the German, French and Swedish a support desk reads most.
const PERSONS: &[&str] =
    &["i", "we", "you", "they", "he", "she", "customer", "team", "wir", "ich", "nous", "je", "vi", "jag"];
/// Persons that deny by themselves: "*nobody* has seen".
const NOBODY: &[&str] = &["nobody", "noone", "niemand", "personne", "ingen"];
/// Words that deny what follows a person (also written without the apostrophe: "dont").
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nor", "cannot", "dont", "didnt", "doesnt", "havent", "hasnt", "hadnt", "cant", "wont",
    "isnt", "arent", "wasnt", "werent", "nicht", "nie", "ne", "kein", "keine", "keinen", "pas", "jamais", "aucun",
    "aucune", "inte", "aldrig", "ingen", "inget", "inga", "non",
];
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
    "sehen",
    "sehe",
    "gesehen",
    "finden",
    "gefunden",
    "voir",
    "vois",
    "voit",
    "voyons",
    "vu",
    "trouve",
    "trouvé",
    "ser",
    "sett",
    "såg",
    "hittar",
    "hittat",
    "meldung",
    "message",
    "erreur",
    "fel",
    // Spanish and Italian drop the person: "No vemos ...", "Non vediamo ...".
    "vemos",
    "veo",
    "vimos",
    "visto",
    "encontramos",
    "tenemos",
    "vediamo",
    "vedo",
    "troviamo",
    "trovato",
    "abbiamo",
];
/// Nouns that deny with `no` (or `zero`, `without`) before and `of` after, person or not:
/// "no *sign* of".
const TRACES: &[&str] = &[
    "sign",
    "signs",
    "trace",
    "traces",
    "mention",
    "mentions",
    "occurrence",
    "occurrences",
    "evidence",
    "match",
    "matches",
    "hit",
    "hits",
];
/// Instructions: where to look, said to the reader.
const POINTERS: &[&[&str]] = &[
    &["if", "you", "see"],
    &["if", "you", "get"],
    &["if", "you", "find"],
    &["if", "you", "notice"],
    &["when", "you", "see"],
    &["whether", "you"],
    &["check", "whether"],
    &["check", "if"],
    &["look", "for"],
    &["check", "for"],
    &["search", "for"],
    &["grep", "for"],
    &["grep"],
    &["zgrep"],
    &["egrep"],
    &["fgrep"],
    &["rg"],
];
/// After the message: it did happen, just not now ("we do not see X *anymore*", "not seen X
/// *since* Monday, when ..."): no denial.
const BEFORE_NOW: &[&str] = &["anymore", "since", "lately", "recently", "longer", "again"];
/// After the message, a denial of it: "X *does not appear* in any log", "X is *nowhere*".
const AFTER_VERBS: &[&str] =
    &["appear", "appears", "appeared", "occur", "occurs", "occurred", "show", "shows", "present", "logged"];
/// A question that asks whether the message is the cause ("Could our problem be 'X'?", "Is
/// this related to X?") supposes it, and says nothing of a log showing it. "Why do we get X?"
/// asks about what is seen, and stays evidence.
const SUPPOSE: &[&str] =
    &["could", "might", "maybe", "perhaps", "possibly", "related", "caused", "könnte", "pourrait", "kanske"];
/// Japanese endings that deny what comes before them ("「X」というエラーは出ていません": the error
/// does not appear); a Japanese sentence has no spaces, so they are looked for in the text.
const JA_DENIALS: &[&str] = &["ていません", "ありません", "見つかりません", "出ません", "ないです"];
/// Words between the cue and the match at most ("we do NOT see any of the 'X' errors").
const REACH: usize = 6;

/// The lower-cased words of `text` (letters, digits and apostrophes).
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Why the text at bytes `at..end` of `line` is not asserted by its sentence: the cue words
/// ("we … not … see", "look for"), or None when the sentence states it (or says nothing
/// either way).
pub fn denial(line: &str, at: usize, end: usize) -> Option<String> {
    let before = line.get(..at)?;
    // The match inside a quoted message (`if you see "PGS-220000 PostgreSQL error: ERROR:
    // function ... does not exist"`): the quote is what the sentence speaks of, so the
    // sentence is read around the quote, not from the colons inside it.
    if let Some(q) = open_quote(before) {
        let close =
            line.get(end.min(line.len())..).and_then(|r| r.find(line[q..].chars().next()?)).map(|i| end + i + 1);
        if q < at {
            if let Some(cue) = denial(line, q, close.unwrap_or(end).min(line.len())) {
                return Some(cue);
            }
        }
    }
    if let Some(cue) = mention(before) {
        return Some(cue);
    }
    let after = line.get(end.min(line.len())..).unwrap_or("");
    // The sentence the match is in: from the last end of a sentence before it ...
    let start = before
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?' | ';') && before[i + 1..].starts_with(char::is_whitespace))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    // ... to the next one after it.
    let stop = after
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';') && after[i + 1..].chars().next().is_none_or(char::is_whitespace)
        })
        .map_or(after.len(), |(i, _)| i);
    let rest = words_of(&after[..stop]);
    // A question that supposes the message, without saying it is seen.
    if after[stop..].starts_with('?') {
        let asked = words_of(&before[start..]);
        let sees = asked.iter().any(|w| PERCEIVE.contains(&w.as_str()) || w == "why" || w == "how");
        if let Some(w) = asked.iter().find(|w| SUPPOSE.contains(&w.as_str())).filter(|_| !sees) {
            return Some(format!("{w} … ?"));
        }
    }
    if let Some(j) = JA_DENIALS.iter().find(|j| after[..stop].contains(*j)) {
        return Some((*j).to_string());
    }
    // It happened, only not now: not a denial.
    if rest.iter().take(3).any(|w| BEFORE_NOW.contains(&w.as_str()))
        || before[start..].to_lowercase().contains("no longer")
    {
        return None;
    }
    // A colon right before the message introduces it as the reason of what the words before
    // say ("couldn't get lock: No space left on device"): that is a program speaking.
    let start = match before[start..].rfind(':') {
        Some(c) if before[start + c + 1..].trim().trim_matches(['\'', '"']).is_empty() => start + c + 1,
        _ => start,
    };
    let quoted = before.trim_end().ends_with(['\'', '"', '`', '\u{201c}', '\u{2018}', '\u{ab}']);
    let words = words_of(&before[start..]);
    let n = words.len();
    let is = |i: usize, set: &[&str]| words.get(i).is_some_and(|w| set.contains(&w.as_str()));
    let negates = |i: usize| is(i, NEGATIONS) || words.get(i).is_some_and(|w| w.ends_with("n't") && w.len() > 3);
    let near = n.saturating_sub(REACH + 8);
    let perceived = |k: usize| (k + 1..(k + 4).min(n)).find(|&v| is(v, PERCEIVE)).filter(|&v| n - v <= REACH + 1);
    for i in near..n {
        // A person, a negation within three words, a verb of seeing within three more: "we do
        // NOT see", "I have never seen"; or a sentence that starts with its negation ("Never
        // seen ...", "Not seeing ..."), or a person who is no one ("Nobody has seen ...").
        if is(i, PERSONS) {
            for k in i + 1..(i + 4).min(n) {
                if negates(k) {
                    if let Some(v) = perceived(k) {
                        return Some(format!("{} … {} … {}", words[i], words[k], words[v]));
                    }
                }
            }
        }
        if (i == 0 && negates(i)) || is(i, NOBODY) {
            if let Some(v) = perceived(i) {
                return Some(format!("{} … {}", words[i], words[v]));
            }
        }
        // "no sign of", "without any trace of", "zero occurrences of", "0 matches found for".
        if is(i, &["no", "without", "zero", "0"]) {
            let t = if is(i + 1, &["any", "a", "the", "single"]) { i + 2 } else { i + 1 };
            let of = if is(t + 1, &["found", "seen"]) { t + 2 } else { t + 1 };
            if is(t, TRACES) && is(of, &["of", "for"]) && n - t <= REACH + 3 {
                return Some(format!("{} {} of", words[i], words[t]));
            }
        }
    }
    // "no 'X' errors", "it is not 'X'": a denial right before a quoted message.
    if quoted && n > 0 && is(n - 1, &["no", "without", "never", "not", "pas", "inte", "nicht"]) {
        return Some(words[n - 1].clone());
    }
    // "'X' does not appear in any log", "'X' is nowhere in syslog".
    let neg_after = rest.iter().take(4).position(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"));
    if let Some(k) = neg_after {
        if let Some(v) = rest.iter().skip(k + 1).take(2).find(|w| AFTER_VERBS.contains(&w.as_str())) {
            return Some(format!("{} {v}", rest[k]));
        }
    }
    if rest.iter().take(3).any(|w| w == "nowhere") {
        return Some("nowhere".into());
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

/// Where a quote that is still open at the end of `before` starts: a double quote or a
/// backtick opened an odd number of times (single quotes are apostrophes too often to count).
fn open_quote(before: &str) -> Option<usize> {
    ['"', '`', '\u{201c}']
        .iter()
        .filter_map(|&q| {
            let close = if q == '\u{201c}' { '\u{201d}' } else { q };
            let opens = before.matches(q).count();
            let closes = if close == q { 0 } else { before.matches(close).count() };
            let open = if close == q { opens % 2 == 1 } else { opens > closes };
            open.then(|| before.rfind(q)).flatten()
        })
        .max()
}

/// Words that make a message a value rather than an event: a test's input or expectation, a
/// pattern to match, a query (`input="X"`, `match: "X"`, `LIKE '%X%'`, `expected error X`), or a
/// line of source code or a comment (`// X`, `-- X`, `# X`, also after a grep's `path:12:`).
fn mention(before: &str) -> Option<String> {
    let trimmed = before.trim_end();
    let low = trimmed.to_lowercase();
    // `key="X"`, `key: 'X'`, `key = X`: a setting or an argument whose value is the message.
    let value = low.trim_end_matches(['"', '\'', '`', '%', '(']).trim_end();
    if let Some(k) = value.strip_suffix('=').or_else(|| value.strip_suffix(':')).map(str::trim_end) {
        const KEYS: &[&str] = &[
            "input",
            "match",
            "matches",
            "pattern",
            "patterns",
            "regex",
            "regexp",
            "expect",
            "expected",
            "filter",
            "query",
            "search",
            "grep",
            "like",
            "contains",
            "message_contains",
            "needle",
        ];
        let key = k.rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
        if KEYS.contains(&key) {
            return Some(format!("{key}="));
        }
    }
    // SQL: `LIKE '%X%'`; log queries' filters: LogQL `|= "X"`, `=~ "X"`.
    if value.ends_with(" like") || value.ends_with(" ilike") {
        return Some("like".into());
    }
    if value.ends_with("|=") || value.ends_with("|~") || value.ends_with("=~") {
        return Some("a filter".into());
    }
    // A quoted message right after such a word without `=` or `:`: `(pattern "X")`.
    if trimmed.ends_with(['"', '\'', '`']) {
        let last = words_of(value).pop().unwrap_or_default();
        if ["pattern", "patterns", "regex", "regexp", "match", "filter", "needle"].contains(&last.as_str()) {
            return Some(last);
        }
    }
    // "expected error X", "simulated failure X": a test says what it provokes.
    let words = words_of(&low);
    let n = words.len();
    if n > 0 {
        let last2: Vec<&str> = words[n.saturating_sub(3)..].iter().map(String::as_str).collect();
        if last2.iter().any(|w| ["expected", "expecting", "simulated", "injected", "mocked", "fake"].contains(w)) {
            return Some(last2.join(" "));
        }
    }
    // A comment or a line of code: the line (or what follows a grep's `path:N:`) starts with a
    // comment marker.
    let body = match grep_prefix(before) {
        Some(i) => &before[i..],
        None => before,
    };
    let body = body.trim_start();
    for marker in ["//", "/*", "* ", "-- ", "# ", "#!", "rem "] {
        if body.starts_with(marker) {
            return Some(format!("a comment ({})", marker.trim()));
        }
    }
    None
}

/// Where the text of a line of grep's output starts (`path/to/file.js:301:`), if the line is
/// one: a path with a slash or a dot, a colon, a line number, a colon.
fn grep_prefix(line: &str) -> Option<usize> {
    let (path, rest) = line.split_once(':')?;
    if path.is_empty() || path.contains(char::is_whitespace) || !(path.contains('/') || path.contains('.')) {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest.as_bytes().get(digits) == Some(&b':')).then(|| path.len() + 1 + digits + 1)
}

#[cfg(test)]
mod tests {
    use super::denial;

    fn at(line: &str, lit: &str) -> Option<String> {
        let a = line.find(lit).expect("literal in line");
        denial(line, a, a + lit.len())
    }

    #[test]
    fn sentences_that_deny_or_point_are_not_evidence() {
        let lit = "No space left on device";
        for line in [
            "We checked the disks and we do NOT see 'No space left on device' anywhere in the logs.",
            "We don't get No space left on device any more.",
            "There is no sign of \"No space left on device\" in syslog",
            "no 'No space left on device' errors at all",
            "We never got No space left on device on this host.",
            "If you see No space left on device, free some space.",
            "Please grep for 'No space left on device' in /var/log/messages",
            "Look for errors like No space left on device.",
            "The logs show nothing. We did not find any No space left on device",
            "I have never seen No space left on device on this host.",
            "Without any trace of 'No space left on device', we are lost.",
            "Nobody here has seen 'No space left on device' on this host.",
            "'No space left on device' does not appear in any log.",
            "Zero occurrences of 'No space left on device' in /var/log.",
            "Please check whether you see 'No space left on device' in /var/log/syslog.",
            "df -h shows 40% used, so it is not \"No space left on device\".",
            "we dont see No space left on device",
            "Never seen 'No space left on device' here.",
            "Not seeing \"No space left on device\" anywhere.",
            "Wir sehen keine Meldung 'No space left on device' im syslog.",
            "Nous ne voyons pas 'No space left on device'.",
            "Vi ser inte 'No space left on device' i loggen.",
            "No vemos el error \"No space left on device\" en los logs.",
            "Non vediamo l'errore 'No space left on device'.",
            "「No space left on device」というエラーは出ていません。",
            "Could this be related to No space left on device? We have not checked yet.",
            "Could our problem be \"No space left on device.\"? We have not tried yet.",
            "Might it be 'No space left on device'?",
            "2024-06-10 09:00:01 INFO 0 occurrences of \"No space left on device\" in the last 24h",
            "# if you see \"write /var/lib/app/data.db: No space left on device\", clean /var/lib/app",
            "2024-06-10 PASS TestErrors/disk input=\"write x: No space left on device\"",
            "    match: \"No space left on device\"",
            "SELECT count(*) FROM errlog WHERE msg LIKE '%No space left on device%';",
            "2024-06-10 09:00:01 INFO expected error No space left on device (negative test)",
            "src/disk.js:301:  // No space left on device can happen when the volume is full",
            "-- No space left on device: see the runbook",
            "Jun 10 09:00:01 web1 check_log[88]: OK - 0 matches found for \"No space left on device\"",
            "Jun 10 09:00:01 web1 sudo: jdoe : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/grep \"No space left on device\" /var/log/syslog",
            "Jun 10 09:00:01 db1 pg_check[888]: OK: 0 occurrences of \"No space left on device\" in the last hour",
            "Jun 12 04:00:01 mon1 nagios: SERVICE ALERT: db1;LOGS;OK;HARD;1;check_logfiles OK - no errors (pattern \"No space left on device\")",
            "Jun 12 04:00:01 db1 bash[2211]: HISTORY: PID=2211 UID=0 zgrep -c 'No space left on device' /var/log/syslog.2.gz",
            "Jun 12 04:00:01 db1 bash[2211]: HISTORY: PID=2211 UID=0 rg 'No space left on device' /var/log",
            "level=info msg=\"loaded rule\" expr=\"count_over_time({job=\"syslog\"} |= \"No space left on device\" [5m]) > 0\"",
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
            "Is it normal that we see 'No space left on device' every night?",
            "Could it be that the backup fills the disk? We get No space left on device at 02:00.",
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
            "We do NOT see it anymore, but yesterday: tar: x: Cannot write: No space left on device",
            "We haven't seen 'No space left on device' since Monday, when the backup job died with it.",
            "No space left on device, then the job stopped.",
            "Not enough room: No space left on device",
            "no 'No space left on device' errors since Monday, when it filled up",
            "2024-06-10 09:00:01 ERROR write \"/var/x\": No space left on device",
            "2024-06-10 09:00:01 ERROR job=export error=\"No space left on device\"",
            "level=error msg=\"write failed: No space left on device\"",
            "kernel: EXT4-fs warning (device sda1): No space left on device",
            "app.log:12: write failed: No space left on device",
            "2024-06-10 09:00:01 app[12]: #3 write failed: No space left on device",
            "Message to 'x@y.com': Status='Failed', Reason='Unreachable' and Text='write: No space left on device'",
            "2024-06-12 04:00:01 ERROR compaction pattern: daily write /data/c.parquet failed: No space left on device",
            "2024-06-12 04:00:01 ERROR rsync -- write failed on \"/backup/x\": No space left on device (28)",
        ] {
            assert_eq!(at(line, lit), None, "{line}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for line in ["", "é", "not", "no é 'x'", "...", "e.g. x"] {
            for i in 0..=line.len() {
                let _ = denial(line, i, line.len());
                let _ = denial(line, 0, i);
            }
        }
    }
}
