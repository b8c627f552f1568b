//! Where a line regex has settled every field but the message (used by the miner, see
//! `triage::starts`). The miner passes over a line whose format's level field
//! says it is no error or warning (`info`, `debug`), but the field comes from the format's
//! regex, which reads the whole line. For a line regex of the shape `^P(?<message>.*)$` (every
//! line format of the packs) the part `P` decides every field but the message, and once no
//! thread of `P` is alive any more the rest of the line cannot change them: the message's `.*`
//! takes every byte but a newline, which lines do not hold. Where that happens is found by
//! running `P` as a DFA over the first line of a shape until its state leads nowhere on any byte
//! (`P` must hold no assertion but its leading `^`: a `\b` or `$` decides on a byte it does not
//! take, so `P` could have matched before that byte or not, with every thread ending there);
//! a later line whose skeleton (digits read as `1`, as the regex reads them when it is
//! `skeleton::digit_blind`) is the same up to there is parsed the same way: same fields, same
//! level. So such a line is known to be an info line from its first bytes, exactly.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::start;
use regex_automata::Anchored;
use std::collections::HashMap;

/// `P` of a line regex `^P(?<message>.*)$`, as a lazy DFA that matches from a line's start.
///
/// Lazy, not dense: a dense DFA of the PostgreSQL format's `P` (its level alternation holds
/// every translation of the level names) took 30 ms to build, once per run, which was a fifth
/// of the miner's cost on the 1 GiB bench; the lines of a log reach a few dozen of its states.
#[derive(Clone)]
pub struct Settle {
    dfa: DFA,
}

/// Per scanner: the lazy DFA's states made so far (its cache), and which of them lead nowhere
/// on the next byte. A state's id is valid until the cache is cleared (when it is full); then
/// what was known of the old ids is dropped.
#[derive(Default)]
pub struct Seen {
    cache: Option<Cache>,
    clears: usize,
    nowhere: HashMap<LazyStateID, bool>,
}

impl Settle {
    /// `P` of `pattern` when it is `^P(?<name>.*)$` with `.` any character but a newline;
    /// None for any other shape.
    pub fn new(pattern: &str) -> Option<Settle> {
        Self::with_cache(pattern, 4 << 20)
    }

    /// [`Settle::new`] with a cache of `bytes` for the lazy DFA's states (at least what it
    /// needs for a few states).
    fn with_cache(pattern: &str, bytes: usize) -> Option<Settle> {
        let p = prefix(pattern)?;
        let dfa = DFA::builder()
            .configure(DFA::config().cache_capacity(bytes).skip_cache_capacity_check(true))
            .build(&p)
            .ok()?;
        Some(Settle { dfa })
    }

    /// Where `line` settles and the ASCII bytes that settle it there: the first position after
    /// which no thread of `P` is alive (every next byte leads to the dead state, which also
    /// means no thread completed `P` on the last byte), and as a bit set the ASCII bytes that
    /// lead nowhere from the state before that position's last byte. None when `line` does not
    /// settle, or when the DFA's cache filled up meanwhile (nothing is then claimed).
    pub fn settle(&self, line: &[u8], seen: &mut Seen) -> Option<(usize, u128)> {
        let (n, before) = self.settled_at(line, seen)?;
        let mut bytes = 0u128;
        for b in 0..128u8 {
            if self.nowhere(self.next(seen, before, b)?, seen)? {
                bytes |= 1 << b;
            }
        }
        Some((n, bytes))
    }

    /// The first position of `line` after which no thread of `P` is alive, with the state
    /// before its last byte (valid while the cache is not cleared).
    fn settled_at(&self, line: &[u8], seen: &mut Seen) -> Option<(usize, LazyStateID)> {
        let cache = seen.cache.get_or_insert_with(|| self.dfa.create_cache());
        if cache.clear_count() != seen.clears {
            seen.clears = cache.clear_count();
            seen.nowhere.clear();
        }
        let mut s = self.dfa.start_state(cache, &start::Config::new().anchored(Anchored::Yes)).ok()?;
        for (i, &b) in line.iter().enumerate() {
            let before = s;
            s = self.next(seen, s, b)?;
            if s.is_quit() {
                return None;
            }
            if self.nowhere(s, seen)? {
                return Some((i + 1, before));
            }
        }
        None
    }

    /// The state after `b` from `s`; None when the cache was cleared on the way (the ids held
    /// are then stale).
    fn next(&self, seen: &mut Seen, s: LazyStateID, b: u8) -> Option<LazyStateID> {
        let cache = seen.cache.as_mut()?;
        let t = self.dfa.next_state(cache, s, b).ok()?;
        if cache.clear_count() != seen.clears {
            seen.clears = cache.clear_count();
            seen.nowhere.clear();
            return None;
        }
        Some(t)
    }

    /// Does every byte lead from `s` to the dead state?
    fn nowhere(&self, s: LazyStateID, seen: &mut Seen) -> Option<bool> {
        if let Some(&known) = seen.nowhere.get(&s) {
            return Some(known);
        }
        let mut all = true;
        for b in 0..=255u8 {
            if !self.next(seen, s, b)?.is_dead() {
                all = false;
                break;
            }
        }
        seen.nowhere.insert(s, all);
        Some(all)
    }
}

/// The pattern of `P` when `pattern` is `^P(?<name>.*)$` with `.` any character but a newline
/// and no assertion in `P`; None for any other shape.
fn prefix(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let hir = regex_syntax::parse(pattern).ok()?;
    let HirKind::Concat(parts) = hir.kind() else { return None };
    let [first, .., capture, end] = parts.as_slice() else { return None };
    let is_look = |h: &regex_syntax::hir::Hir, l: Look| matches!(h.kind(), HirKind::Look(x) if *x == l);
    if !is_look(first, Look::Start) || !is_look(end, Look::End) {
        return None;
    }
    let HirKind::Capture(c) = capture.kind() else { return None };
    let HirKind::Repetition(r) = c.sub.kind() else { return None };
    if r.min != 0 || r.max.is_some() || !r.greedy {
        return None;
    }
    // Every character but `\n` (the Unicode `.`), or every byte but `\n`.
    let all_but_newline = match r.sub.kind() {
        HirKind::Class(Class::Unicode(u)) => {
            let v: Vec<(char, char)> = u.ranges().iter().map(|r| (r.start(), r.end())).collect();
            v == [('\0', '\t'), ('\u{b}', char::MAX)]
        }
        HirKind::Class(Class::Bytes(b)) => {
            let v: Vec<(u8, u8)> = b.ranges().iter().map(|r| (r.start(), r.end())).collect();
            v == [(0, 9), (11, 255)]
        }
        _ => false,
    };
    if !all_but_newline {
        return None;
    }
    // No assertion in `P` but the leading `^`: an assertion (`\b`, `$`) looks at the byte
    // after it without taking it, so whether `P` matched before a byte could depend on that
    // byte while every thread of `P` ends there either way; a fuzzer found such lines.
    fn asserts(h: &regex_syntax::hir::Hir) -> bool {
        match h.kind() {
            HirKind::Look(_) => true,
            HirKind::Repetition(r) => asserts(&r.sub),
            HirKind::Capture(c) => asserts(&c.sub),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(asserts),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
        }
    }
    if parts[1..parts.len() - 2].iter().any(asserts) {
        return None;
    }
    Some(regex_syntax::hir::Hir::concat(parts[..parts.len() - 2].to_vec()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const NLSERVER: &str = r"^(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)\s+(?:(?P<pid>[0-9A-Fa-f]{1,8})\s+)?(?P<tid>[0-9A-Fa-f]{1,8})\s+(?P<depth>\d+)\s+(?P<level>info|warning|error|debug)\s+(?P<category>[a-z0-9]+)\s+(?P<message>.*)$";

    #[test]
    fn only_a_regex_ending_in_any_message_settles() {
        assert!(Settle::new(NLSERVER).is_some());
        assert!(Settle::new(r"^(?P<level>\w+) (?P<message>.*)$").is_some());
        // No `^`, a message that is not `.*`, something after it, `(?s)`: no.
        assert!(Settle::new(r"(?P<level>\w+) (?P<message>.*)$").is_none());
        assert!(Settle::new(r"^(?P<level>\w+) (?P<message>.+)$").is_none());
        assert!(Settle::new(r"^(?P<level>\w+) (?P<message>.*) end$").is_none());
        assert!(Settle::new(r"^(?P<level>\w+) (?P<message>.*?)$").is_none());
        assert!(Settle::new(r"(?s)^(?P<level>\w+) (?P<message>.*)$").is_none());
        assert!(Settle::new(r"^(?P<level>\w+) (?P<message>[^x]*)$").is_none());
        // An assertion in `P` (the fuzzer's finds): whether `P` matched before a byte can
        // depend on that byte.
        assert!(Settle::new(r"^(?P<time>\S+) (?P<level>i\b)?(?P<message>.*)$").is_none());
        assert!(Settle::new(r"^(?P<time>\S+) (?P<level>[a-z]+)\b(?P<message>.*)$").is_none());
        assert!(Settle::new(r"^(?P<time>\S+) (?:(?P<level>info)$)?(?P<message>.*)$").is_none());
        assert!(Settle::new(r"^(?P<time>\S+) (?:(?P<level>info)\B)?(?P<message>.*)$").is_none());
    }

    #[test]
    fn settles_once_the_columns_before_the_message_are_read() {
        let s = Settle::new(NLSERVER).unwrap();
        let mut seen = Seen::default();
        let line = b"2024-06-11 02:00:00.223+02:00 00003A1F 00003A2B 1 info log 4120 message(s) sent";
        // The `\s+` before the message is alive until a byte that is no space: one past the
        // message's start.
        let msg = line.windows(5).position(|w| w == b"4120 ").unwrap();
        let (n, bytes) = s.settle(line, &mut seen).unwrap();
        assert_eq!(n, msg + 1);
        // From the state before the message's first byte, any byte settles it but a blank
        // (which the `\s+` before the message would take).
        for b in 0..128u8 {
            assert_eq!(bytes >> b & 1 == 1, !b" \t\n\x0b\x0c\r".contains(&b), "byte {b}");
        }
        // Cut before that: not settled.
        assert_eq!(s.settle(&line[..msg], &mut seen), None);
        // No record of the format: the DFA dies early, which settles too (nothing can match).
        assert_eq!(s.settle(b"  at com.example.Foo(Foo.java:12)", &mut seen).map(|x| x.0), Some(1));
    }
}

#[cfg(test)]
mod lazy {
    use super::tests::NLSERVER;
    use super::*;
    use regex_automata::dfa::{dense, Automaton, StartKind};

    /// The settle point and bytes by a dense DFA of `P`, built whole (what the miner used
    /// before): the definition the lazy DFA is held to.
    fn dense_settle(dfa: &dense::DFA<Vec<u32>>, line: &[u8]) -> Option<(usize, u128)> {
        let nowhere = |s| (0..=255u8).all(|b| dfa.is_dead_state(dfa.next_state(s, b)));
        let mut s = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).ok()?;
        for (i, &b) in line.iter().enumerate() {
            let before = s;
            s = dfa.next_state(s, b);
            if dfa.is_quit_state(s) {
                return None;
            }
            if nowhere(s) {
                let bytes = (0..128u8).filter(|&b| nowhere(dfa.next_state(before, b))).fold(0, |m, b| m | 1 << b);
                return Some((i + 1, bytes));
            }
        }
        None
    }

    fn postgresql_line() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/postgresql/formats/postgresql.yaml");
        let y: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        y["line"].as_str().unwrap().to_string()
    }

    #[test]
    fn the_lazy_dfa_settles_where_a_dense_one_does() {
        let pg = postgresql_line();
        let lines: &[&str] = &[
            "2024-06-11 00:05:21.285 UTC [6393] LOG:  automatic vacuum of table \"x\"",
            "2024-06-11 00:05:22.728 UTC [5996] campaign@neolane LOG:  connection authorized: user=campaign",
            "2024-06-11 00:05:22.728 UTC [5996] campaign@neolane 10.0.0.5(5432) ERROR:  relation \"t\" does not exist",
            "2024-06-11 00:05:22.728 UTC [5996-3] app psql FATAL:  password authentication failed",
            "2024-06-11 00:05:22.728 CEST [5996] СООБЩЕНИЕ:  контрольная точка",
            "2024-06-11 00:05:22.728 UTC [5996] LOG:\u{a0} a no-break space after the colon",
            "2024-06-11 00:05:22.728 UTC [5996] LOG:",
            "2024-06-11 00:05:22-05 [1] 错误:  语法错误",
            "2024-06-11 02:00:00.223+02:00 00003A1F 00003A2B 1 info log 4120 message(s) sent",
            "2024-06-11T02:00:00.223Z 00003A2B 1 warning log Processed 8993 event(s)",
            "INFO a level and a message",
            "  at com.example.Foo(Foo.java:12)",
            "",
        ];
        let mut checked = 0;
        for pattern in [pg.as_str(), NLSERVER, r"^(?P<level>\w+) (?P<message>.*)$"] {
            let p = prefix(pattern).unwrap();
            let dfa = dense::Builder::new()
                .configure(dense::Config::new().start_kind(StartKind::Anchored))
                .build(&p)
                .unwrap();
            for cache in [4 << 20, 0] {
                // A cache of the least size is cleared on the way: the answer is then the
                // dense one or none, never another.
                let lazy = Settle::with_cache(pattern, cache).unwrap();
                let mut seen = Seen::default();
                for line in lines {
                    // Every prefix, cut anywhere (inside a character too).
                    for end in 0..=line.len() {
                        let l = &line.as_bytes()[..end];
                        let want = dense_settle(&dfa, l);
                        let got = lazy.settle(l, &mut seen);
                        if cache > 0 {
                            assert_eq!(got, want, "{pattern} on {:?}", String::from_utf8_lossy(l));
                            checked += usize::from(want.is_some());
                        } else {
                            assert!(got.is_none() || got == want, "{pattern} on {:?}", String::from_utf8_lossy(l));
                        }
                    }
                }
                // The least cache was cleared on the way for the large patterns (the case
                // above is not idle); the small one fits in it.
                assert!(cache > 0 || seen.clears > 0 || pattern.starts_with(r"^(?P<level>\w+)"), "{pattern}");
            }
        }
        // The lines do settle, on each pattern.
        assert!(checked > 100, "{checked}");
    }
}
