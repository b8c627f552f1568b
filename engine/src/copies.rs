//! One server writing each record to several files: PostgreSQL with `log_destination =
//! 'stderr,csvlog,jsonlog'` writes `postgresql-2026-12-05_183139.log`, `.csv` and `.json`
//! side by side, each record once in each. Read as three logs, one deadlock would count three
//! times and a rate rule would fire on a third of the real rate. Files of one folder whose
//! names differ only in their extension, read in different formats, are such copies: an event
//! of a copy is dropped when the main file has an event of the same symptom at the same
//! millisecond whose fields agree with it (each counted as often as the main file has it), and
//! the copy says so in a `same_records` warning. Whole seconds are never matched: two hosts'
//! syslogs meet on the same second by chance, on the same millisecond hardly ever. The main
//! file is the plain-text one (`.log`: its lines read best as evidence), else the first.

use crate::event::Event;
use crate::report::InputSummary;
use crate::warning::{Code, Warning};
use std::collections::{BTreeMap, HashMap};

/// The folder and the name before its first dot, and the extension after the last dot.
fn stem(path: &str) -> Option<(&str, &str, &str)> {
    let cut = path.rfind(['/', '\\', '!']).map_or(0, |i| i + 1);
    let (folder, base) = path.split_at(cut);
    let dot = base.find('.')?;
    let ext = &base[base.rfind('.')? + 1..];
    Some((folder, &base[..dot], ext))
}

/// Drop the events of copies (see the module's doc) from `hits` (per rule, per symptom, each
/// sorted by time) and note it on the copies.
pub fn drop_copies(hits: &mut [Vec<Vec<Event>>], inputs: &mut [InputSummary]) {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, x) in inputs.iter().enumerate() {
        if let Some((folder, name, _)) = stem(&x.path).filter(|_| x.readable && !x.format.is_empty()) {
            groups.entry((folder, name)).or_default().push(i);
        }
    }
    // (copy, main) pairs: a group of files in two formats or more.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        let formats: std::collections::BTreeSet<&str> = members.iter().map(|&i| inputs[i].format.as_str()).collect();
        if formats.len() < 2 || formats.contains("generic") {
            continue;
        }
        let main = members
            .iter()
            .copied()
            .find(|&i| stem(&inputs[i].path).is_some_and(|(_, _, e)| e.eq_ignore_ascii_case("log")))
            .unwrap_or(members[0]);
        pairs.extend(members.iter().filter(|&&i| i != main).map(|&i| (i, main)));
    }
    if pairs.is_empty() {
        return;
    }
    let mut dropped: HashMap<usize, usize> = HashMap::new();
    for per_rule in hits.iter_mut() {
        for evs in per_rule.iter_mut() {
            for &(copy, main) in &pairs {
                // The main file's events by instant; only instants with milliseconds: two
                // servers' logs with whole seconds (syslog) meet on the same second by chance.
                let timed = |e: &Event| e.time.map(|t| t.utc_ms).filter(|ms| ms.rem_euclid(1000) != 0);
                let mut left: HashMap<i64, Vec<&crate::event::Fields>> = HashMap::new();
                for e in evs.iter().filter(|e| e.input == main) {
                    if let Some(ms) = timed(e) {
                        left.entry(ms).or_default().push(&e.fields);
                    }
                }
                if left.is_empty() {
                    continue;
                }
                // The same record: every field both name reads the same (the pid, the process
                // killed, the user); an OOM kill of another process at that millisecond is
                // another record. Marked first, then dropped.
                let gone: Vec<bool> = evs
                    .iter()
                    .map(|e| {
                        let Some(cands) = timed(e).filter(|_| e.input == copy).and_then(|ms| left.get_mut(&ms)) else {
                            return false;
                        };
                        let same = |f: &&crate::event::Fields| {
                            f.iter().all(|(k, v)| {
                                k == crate::event::UNKNOWN_FIELD || e.fields.get(k.as_str()).is_none_or(|w| w == v)
                            })
                        };
                        cands.iter().position(same).map(|k| cands.swap_remove(k)).is_some()
                    })
                    .collect();
                let before = evs.len();
                let mut k = 0;
                evs.retain(|_| {
                    k += 1;
                    !gone[k - 1]
                });
                *dropped.entry(copy).or_default() += before - evs.len();
            }
        }
    }
    for (copy, main) in pairs {
        let n = dropped.get(&copy).copied().unwrap_or(0);
        if n > 0 {
            let main_path = inputs[main].path.clone();
            inputs[copy].warnings.push(Warning::new(
                Code::SameRecords,
                format!(
                    "the same records as {main_path} in another format (a server that writes each record to several files, as PostgreSQL's log_destination = 'stderr,csvlog,jsonlog'): {n} event(s) found in both are counted once, from {main_path}"
                ),
            ));
        }
    }
}

/// A syslog line's text after its time: `host program[pid]: message`, the same in every file a
/// host's syslog daemon (or `journalctl`) wrote the record to, whatever the time's layout.
fn syslog_tail(text: &str) -> Option<&str> {
    #[allow(clippy::expect_used)] // a constant pattern, checked by `syslog_tails`
    static TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) +\S+ \S",
        )
        .expect("a valid regex")
    });
    // The match ends on the first byte of the program: keep the host before it.
    let m = TIME.find(text)?;
    let host_start = text[..m.end() - 1].trim_end().rfind(' ')? + 1;
    Some(&text[host_start..])
}

/// A record of a journal exported as JSON (`journalctl -o json`) reads as `PROGRAM: MESSAGE`
/// (its format's text), without the host and the pid the syslog daemon writes beside it. Where
/// a bundle holds such a journal, records are matched on that: a syslog line's tail without its
/// host and pid (`web1 sshd[812]: x` is `sshd: x`), in the same second. Two hosts' records of
/// one program with one message in one second would then count once: a message that names no
/// port, pid or address of its own is the only such case, and a journal is one host's.
fn reduced(tail: &str) -> Option<String> {
    let rest = &tail[tail.find(' ')? + 1..];
    let colon = rest.find(": ")?;
    let program = &rest[..colon];
    let program = program.find('[').map_or(program, |b| &program[..b]);
    Some(format!("{program}{}", &rest[colon..]))
}

/// A record's key text: the syslog tail ([`syslog_tail`]), or with `reduce` its
/// `PROGRAM: MESSAGE` form ([`reduced`]); a journal's record is its text as read.
fn record_tail(text: &str, journal: bool, reduce: bool) -> Option<std::borrow::Cow<'_, str>> {
    if journal {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    let tail = syslog_tail(text)?;
    if reduce {
        reduced(tail).map(std::borrow::Cow::Owned)
    } else {
        Some(std::borrow::Cow::Borrowed(tail))
    }
}

/// For one record (second, tail): the first input that has it, how many times, and per later
/// input how many of its own it dropped.
type Twins = (usize, usize, Vec<(usize, usize)>);

/// The format of `journalctl -o json` exports (the linux pack's).
const JOURNAL_JSON: &str = "journald-json";

/// The time a record is matched by in [`drop_twins`]: a syslog record's second, another
/// line's millisecond; a line of whole seconds only within its log's files (`family`, see
/// [`families`]), else never. `ms[input]`: the input writes milliseconds (some line of it has
/// a millisecond part other than 000), so that its `.000` is a millisecond like any other
/// (hostile tester R: 12 of 12,500 shared lines at `.000` counted twice). The key's middle
/// part is the family a whole-second time is matched within.
fn twin_time(e: &Event, syslog: &[bool], ms: &[bool], family: &[Option<usize>]) -> Option<(bool, Option<usize>, i64)> {
    let t = e.time?.utc_ms;
    if syslog.get(e.input) == Some(&true) {
        Some((true, None, t.div_euclid(1000)))
    } else if t.rem_euclid(1000) != 0 || ms.get(e.input) == Some(&true) {
        Some((false, None, t))
    } else {
        family.get(e.input).copied().flatten().map(|f| (false, Some(f), t))
    }
}

/// Per input: its log's family when another input of the bundle is a file of the same log
/// (the same folder and the same name once rotation and compression suffixes are set aside,
/// `crate::input::base_name`: `postgresql.log` and `postgresql.log.1.gz`). Two such files
/// that overlap (a rotation copied before it ended) hold the same records; in a log of whole
/// seconds, two lines of one second with the same text in two files of one log are one record
/// (hostile tester W: two password failures in overlapping whole-second rotations read as
/// four and confirmed PG-AUTH). Two servers' logs are in two folders.
fn families(inputs: &[InputSummary]) -> Vec<Option<usize>> {
    let mut by: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, x) in inputs.iter().enumerate() {
        by.entry(crate::input::log_of(&x.path)).or_default().push(i);
    }
    let mut out = vec![None; inputs.len()];
    for (f, members) in by.into_values().filter(|m| m.len() > 1).enumerate() {
        for i in members {
            out[i] = Some(f);
        }
    }
    out
}

/// Per input: does it write milliseconds (an event of it whose time has a millisecond part
/// other than 000)? A log of whole seconds has none, and its lines are matched by time only
/// with the other files of its log.
fn writes_ms(hits: &[Vec<Vec<Event>>], inputs: usize) -> Vec<bool> {
    let mut ms = vec![false; inputs];
    for e in hits.iter().flatten().flatten() {
        if let (Some(t), Some(m)) = (e.time, ms.get_mut(e.input)) {
            *m |= t.utc_ms.rem_euclid(1000) != 0;
        }
    }
    ms
}

fn syslog_inputs(inputs: &[InputSummary]) -> Vec<bool> {
    inputs.iter().map(|x| x.format.starts_with("syslog") || x.format == JOURNAL_JSON).collect()
}

/// The lines (per input, by number) of events whose text was not kept (past the first and
/// latest of a symptom in a file) and that may have a twin: an event of the same symptom in
/// another input at the same time ([`twin_time`]). [`drop_twins`] compares texts, so these are
/// read again first (`scan::read_again`, then [`fill_texts`]); without it, two overlapping
/// copies of a log with 40,000 refusals in their overlap counted all but the kept ones twice.
/// Cheap where nothing overlaps: a symptom whose events all come from one input is passed over.
pub fn untexted_twins(
    hits: &[Vec<Vec<Event>>],
    inputs: &[InputSummary],
) -> BTreeMap<usize, std::collections::BTreeSet<u64>> {
    let syslog = syslog_inputs(inputs);
    let ms = writes_ms(hits, inputs.len());
    let family = families(inputs);
    let mut wanted: BTreeMap<usize, std::collections::BTreeSet<u64>> = BTreeMap::new();
    for evs in hits.iter().flatten() {
        let Some(first) = evs.first().map(|e| e.input) else { continue };
        if evs.iter().all(|e| e.input == first) {
            continue;
        }
        // Per time: the inputs with an event then (a few at most).
        let mut at: HashMap<(bool, Option<usize>, i64), Vec<usize>> = HashMap::new();
        for e in evs {
            if let Some(k) = twin_time(e, &syslog, &ms, &family) {
                let ins = at.entry(k).or_default();
                if !ins.contains(&e.input) {
                    ins.push(e.input);
                }
            }
        }
        for e in evs.iter().filter(|e| e.text.is_empty()) {
            if twin_time(e, &syslog, &ms, &family).and_then(|k| at.get(&k)).is_some_and(|ins| ins.len() > 1) {
                wanted.entry(e.input).or_default().insert(e.line);
            }
        }
    }
    wanted
}

/// Give the events listed in `got` ((input, line) -> text, from `scan::read_again`) their text.
pub fn fill_texts(hits: &mut [Vec<Vec<Event>>], got: &BTreeMap<(usize, u64), String>) {
    if got.is_empty() {
        return;
    }
    for e in hits.iter_mut().flatten().flatten().filter(|e| e.text.is_empty()) {
        if let Some(t) = got.get(&(e.input, e.line)) {
            e.text = t.as_str().into();
        }
    }
}

/// One host's syslog records read from two files: Debian's syslog daemon writes a kernel line
/// to both `syslog` and `kern.log`; a `journalctl` export sits beside `auth.log`; a rotated
/// `auth.log.1` was copied before the rotation ended and overlaps `auth.log`. Counted in both,
/// one OOM kill is two and eight failed logins are sixteen. An event of a syslog file is
/// dropped when an earlier input (in the run's order) has an event of the same symptom in the
/// same second with the same host, program, pid and message (each counted as often as the
/// earlier input has it), and the later file says so in a `same_records` warning. Two hosts
/// never share the host field; two records of one process in one second with one message are
/// kept as often as one file holds them. Each later file is matched against the first on its
/// own: with the same records in four files, each of the three later ones drops its twins.
pub fn drop_twins(hits: &mut [Vec<Vec<Event>>], inputs: &mut [InputSummary]) {
    let syslog = syslog_inputs(inputs);
    let journal: Vec<bool> = inputs.iter().map(|x| x.format == JOURNAL_JSON).collect();
    let reduce = journal.contains(&true);
    let generic: Vec<bool> = inputs.iter().map(|x| x.format == "generic").collect();
    if inputs.len() < 2 {
        return;
    }
    let ms = writes_ms(hits, inputs.len());
    let family = families(inputs);
    // Per later input: the earlier one, and its lines dropped (a line several rules read is
    // one line).
    let mut dropped: BTreeMap<usize, (usize, std::collections::BTreeSet<u64>)> = BTreeMap::new();
    for per_rule in hits.iter_mut() {
        for evs in per_rule.iter_mut() {
            // (second, tail) -> (first input, how many it has, per later input how many of its
            // own it dropped: a third copy is a copy of the first as much as the second is).
            let mut seen: HashMap<(Option<usize>, i64, std::borrow::Cow<'_, str>), Twins> = HashMap::new();
            let mut gone = vec![false; evs.len()];
            let mut order: Vec<usize> = (0..evs.len()).collect();
            // A log of a known format before generic text: a ticket quoting a log's lines is
            // the copy, the log the record.
            // A log with a role before one without (whole lines pasted into a ticket read as
            // the log's format with no role: hostile tester S saw the ticket kept as evidence).
            order.sort_by_key(|&k| {
                let i = evs[k].input;
                (generic.get(i) == Some(&true), inputs.get(i).is_some_and(|x| x.role.is_none()), i, evs[k].line)
            });
            for &k in &order {
                let e = &evs[k];
                let Some(t) = e.time else { continue };
                // A syslog record by its second and tail; any other line by its millisecond and
                // whole text (two snapshots of one web.log that overlap; a log line pasted into
                // a ticket): two servers never write the same line at the same millisecond.
                // Whole seconds are matched so only between two files of one log (overlapping
                // rotations): elsewhere two lines of one second are two records (a log that
                // writes milliseconds has its `.000` matched, see `twin_time`).
                let key = if syslog.get(e.input) == Some(&true) {
                    let is_journal = journal.get(e.input) == Some(&true);
                    let Some(tail) = record_tail(&e.text, is_journal, reduce) else { continue };
                    (None, t.utc_ms.div_euclid(1000), tail)
                } else if let Some((_, fam, _)) = twin_time(e, &syslog, &ms, &family).filter(|_| !e.text.is_empty()) {
                    // Blanks at the end are no part of the record (a paste keeps or adds them).
                    (fam, t.utc_ms, std::borrow::Cow::Borrowed(e.text.trim_end()))
                } else {
                    continue;
                };
                let (first, has, later) = seen.entry(key).or_insert((e.input, 0, Vec::new()));
                if e.input == *first {
                    *has += 1;
                    continue;
                }
                let i = match later.iter().position(|(input, _)| *input == e.input) {
                    Some(i) => i,
                    None => {
                        later.push((e.input, 0));
                        later.len() - 1
                    }
                };
                // Pasted text quoting a log's line is a quote however often it quotes it (a
                // ticket quoting the same line twice: hostile tester S); a log holds a record as
                // often as it writes it.
                if later[i].1 < *has || generic.get(e.input) == Some(&true) {
                    later[i].1 += 1;
                    gone[k] = true;
                    dropped.entry(e.input).or_insert_with(|| (*first, Default::default())).1.insert(e.line);
                }
            }
            // A log's line pasted into a ticket without the columns between its time and its
            // message (pid, tid, level): the same record, found by the millisecond and the
            // text ([`pasted_from`]); hostile tester R: 10 refusals and 3 of them pasted so
            // counted 13.
            if generic.contains(&true) {
                let mut at_ms: HashMap<i64, Vec<usize>> = HashMap::new();
                // The lines quoted: of a log, or whole in another ticket (two tickets, one
                // quoting the line whole and one without its columns).
                for (k, e) in evs.iter().enumerate() {
                    if !gone[k] && syslog.get(e.input) != Some(&true) {
                        if let Some((false, None, t)) = twin_time(e, &syslog, &ms, &family) {
                            at_ms.entry(t).or_default().push(k);
                        }
                    }
                }
                let mut used: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
                for k in 0..evs.len() {
                    let e = &evs[k];
                    if gone[k] || generic.get(e.input) != Some(&true) {
                        continue;
                    }
                    let Some((false, None, t)) = twin_time(e, &syslog, &ms, &family) else { continue };
                    let Some(cands) = at_ms.get(&t) else { continue };
                    // A line quoted twice is one record: the log's line may be used again.
                    let quotes =
                        |c: &usize| !gone[*c] && evs[*c].input != e.input && pasted_from(&e.text, &evs[*c].text);
                    let hit = cands
                        .iter()
                        .copied()
                        .find(|c| !used.contains(&(e.input, *c)) && quotes(c))
                        .or_else(|| cands.iter().copied().find(quotes));
                    if let Some(c) = hit {
                        used.insert((e.input, c));
                        gone[k] = true;
                        dropped.entry(e.input).or_insert_with(|| (evs[c].input, Default::default())).1.insert(e.line);
                    }
                }
            }
            let mut k = 0;
            evs.retain(|_| {
                k += 1;
                !gone[k - 1]
            });
        }
    }
    let what = if reduce {
        "program and message (a JSON journal writes no host or pid in its text)"
    } else {
        "host, program, pid and message"
    };
    for (copy, (main, lines)) in dropped {
        let n = lines.len();
        let main_path = inputs[main].path.clone();
        let message = if syslog.get(copy) == Some(&true) {
            format!(
                "the same records as {main_path} (same second, {what}: one host's records in two files, as syslog and kern.log, a journal export beside auth.log, or overlapping rotations): {n} line(s) found in both are counted once, from {main_path}"
            )
        } else {
            // Lines of an application log name no host: two folders may be two servers
            // (hostile tester R: web1/ and web2/ with the same pids). Say so; the count stays
            // that of one copy, which a snapshot in a second folder needs.
            let folder = |p: &str| p.rfind(['/', '\\', '!']).map_or(String::new(), |i| p[..=i].to_string());
            let (a, b) = (folder(&main_path), folder(&inputs[copy].path));
            // Only for two logs of the same role (two web servers); a ticket elsewhere is no
            // second server.
            let same_role = inputs[copy].role.is_some() && inputs[copy].role == inputs[main].role;
            let apart = if a != b && same_role {
                format!(
                    "; the two files are in different folders ({a} and {b}): if they are two servers' logs rather than copies of one, these lines happened on both and are undercounted here"
                )
            } else {
                String::new()
            };
            format!(
                "the same records as {main_path} (the same line at the same millisecond: two copies of one log that overlap, as a snapshot beside the log, overlapping rotations, or a log's lines pasted into a ticket, whole or without the columns between time and message): {n} line(s) found in both are counted once, from {main_path}{apart}"
            )
        };
        inputs[copy].warnings.push(Warning::new(Code::SameRecords, message));
    }
}

/// Is `pasted` (a line of generic text) the log line `line` with the columns between its time
/// and its message left out, as a ticket quotes it? The two share an end of at least
/// [`PASTED_MIN_TAIL`] bytes that starts a word of `line`, and what `pasted` holds before that
/// end (its time, as written) is how `line` starts. Called only for lines at the same
/// millisecond.
fn pasted_from(pasted: &str, line: &str) -> bool {
    let (p, l) = (pasted.trim_end().as_bytes(), line.trim_end().as_bytes());
    let tail = p.iter().rev().zip(l.iter().rev()).take_while(|(a, b)| a == b).count();
    if tail < PASTED_MIN_TAIL || tail == l.len() {
        return false;
    }
    let head = p[..p.len() - tail].trim_ascii_end();
    let start = l.len() - tail;
    !head.is_empty()
        && (l[start].is_ascii_whitespace() || l[start - 1].is_ascii_whitespace())
        && starts_as_written(l, head)
        && head.iter().any(u8::is_ascii_digit)
}

/// Does `line` start with `head`, but that in the time (its first [`TIME_BYTES`] bytes) a `T`
/// may stand for a blank between date and time and a comma for the point before the fraction?
/// ISO 8601 allows both, and a ticket's writer or tool may use them where the log does not.
/// The two lines are already at the same millisecond; a time converted to another zone is
/// still not taken for the log's own.
fn starts_as_written(line: &[u8], head: &[u8]) -> bool {
    line.len() >= head.len()
        && line.iter().zip(head).enumerate().all(|(i, (&a, &b))| {
            a == b || (i < TIME_BYTES && matches!((a.min(b), a.max(b)), (b' ', b'T') | (b',', b'.')))
        })
}

/// How far into a line its time is looked at by [`starts_as_written`]: a date, a time and a
/// fraction of up to nine digits.
const TIME_BYTES: usize = 29;

/// The shortest message [`pasted_from`] matches on: a few words, not a lone code.
const PASTED_MIN_TAIL: usize = 20;

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_pasted_without_its_columns() {
        let log = "2024-05-13 06:00:00.022+02:00 00003A1C 00003A20 1 error log XSV-350013 The '10.1.2.3' IP address is not accepted.";
        let pasted = "2024-05-13 06:00:00.022+02:00 XSV-350013 The '10.1.2.3' IP address is not accepted.";
        assert!(super::pasted_from(pasted, log));
        // Only the message, or the time with another message, or a message cut short: no.
        assert!(!super::pasted_from("XSV-350013 The '10.1.2.3' IP address is not accepted.", log));
        assert!(!super::pasted_from(
            "2024-05-13 06:00:00.022+02:00 XSV-350013 The '10.9.9.9' IP address is not accepted.",
            log
        ));
        assert!(!super::pasted_from("2024-05-13 06:00:00.022+02:00 XSV-350013 The '10.1.2.3' IP address", log));
        // The date and time joined by a `T`, the fraction after a comma: the same time.
        assert!(super::pasted_from(
            "2024-05-13T06:00:00,022+02:00 XSV-350013 The '10.1.2.3' IP address is not accepted.",
            log
        ));
        // But not past the time, and not a `T` for another character.
        assert!(!super::pasted_from(
            "2024-05-13 06:00:00.022+02:00 1, XSV-350013 The '10.1.2.3' IP address is not accepted.",
            "2024-05-13 06:00:00.022+02:00 1. XSV-350013 The '10.1.2.3' IP address is not accepted."
        ));
        assert!(!super::pasted_from(
            "2024-05-13T06:00:00.022+02:00 XSV-350013 The '10.1.2.3' IP address is not accepted.",
            "2024-05-13-06:00:00.022+02:00 00003A1C 00003A20 1 error log XSV-350013 The '10.1.2.3' IP address is not accepted."
        ));
        // A time written otherwise (another zone) is no start of the line.
        assert!(!super::pasted_from(
            "2024-05-13T04:00:00.022Z XSV-350013 The '10.1.2.3' IP address is not accepted.",
            log
        ));
        // The end must start a word of the log's line.
        assert!(!super::pasted_from(
            "2024-05-13 06:00:00.022+02:00 x log XSV-350013 The '10.1.2.3' IP address is not accepted.",
            "2024-05-13 06:00:00.022+02:00 xlog XSV-350013 The '10.1.2.3' IP address is not accepted."
        ));
    }

    #[test]
    fn syslog_tails() {
        let a = "Dec 10 06:55:46 web1 sshd[812]: Failed password for root from 203.0.113.7 port 4711 ssh2";
        let b = "2024-12-10T06:55:46+0000 web1 sshd[812]: Failed password for root from 203.0.113.7 port 4711 ssh2";
        assert_eq!(
            super::syslog_tail(a),
            Some("web1 sshd[812]: Failed password for root from 203.0.113.7 port 4711 ssh2")
        );
        assert_eq!(super::syslog_tail(a), super::syslog_tail(b));
        assert_eq!(super::syslog_tail("Dec  1 06:55:46 web1 kernel: x"), Some("web1 kernel: x"));
        assert_eq!(super::syslog_tail("not a syslog line"), None);
    }

    #[test]
    fn journal_records_meet_syslog_lines_without_host_and_pid() {
        let a = "Dec 10 06:50:15 web1 sshd[812]: Failed password for root from 203.0.113.7 port 4711 ssh2";
        let tail = super::syslog_tail(a).unwrap_or_default();
        assert_eq!(
            super::reduced(tail).as_deref(),
            Some("sshd: Failed password for root from 203.0.113.7 port 4711 ssh2")
        );
        assert_eq!(
            super::reduced("web1 kernel: Out of memory: Killed process 4242").as_deref(),
            Some("kernel: Out of memory: Killed process 4242")
        );
        assert_eq!(
            super::record_tail("sshd: Failed password for root from 203.0.113.7 port 4711 ssh2", true, true).as_deref(),
            super::record_tail(a, false, true).as_deref()
        );
        assert_eq!(super::record_tail(a, false, false).as_deref(), Some(tail));
    }

    #[test]
    fn stems() {
        assert_eq!(super::stem("b/pg/postgresql-2026.log"), Some(("b/pg/", "postgresql-2026", "log")));
        assert_eq!(super::stem("x.tar.gz!pg/postgresql-1.csv"), Some(("x.tar.gz!pg/", "postgresql-1", "csv")));
        assert_eq!(super::stem("noext"), None);
    }
}
