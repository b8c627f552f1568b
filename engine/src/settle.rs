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

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::Anchored;
use std::collections::HashMap;

/// `P` of a line regex `^P(?<message>.*)$`, as a DFA that matches from a line's start.
#[derive(Clone)]
pub struct Settle {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

/// States known to lead nowhere (true) or somewhere (false) on the next byte, per scanner.
pub type Seen = HashMap<StateID, bool>;

impl Settle {
    /// `P` of `pattern` when it is `^P(?<name>.*)$` with `.` any character but a newline;
    /// None for any other shape, or when the DFA would be large.
    pub fn new(pattern: &str) -> Option<Settle> {
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
        let p = regex_syntax::hir::Hir::concat(parts[..parts.len() - 2].to_vec());
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .dfa_size_limit(Some(4 << 20))
                    .determinize_size_limit(Some(4 << 20)),
            )
            .build(&p.to_string())
            .ok()?;
        let start = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).ok()?;
        Some(Settle { dfa, start })
    }

    /// The first position of `line` after which no thread of `P` is alive (every next byte leads
    /// to the dead state, which also means no thread completed `P` on the last byte), with the
    /// state before that last byte; None when there is none before the line's end.
    pub fn settled_at(&self, line: &[u8], seen: &mut Seen) -> Option<(usize, StateID)> {
        let mut s = self.start;
        for (i, &b) in line.iter().enumerate() {
            let before = s;
            s = self.dfa.next_state(s, b);
            if self.dfa.is_quit_state(s) {
                return None;
            }
            if self.nowhere(s, seen) {
                return Some((i + 1, before));
            }
        }
        None
    }

    /// Does every byte lead from `s` to the dead state?
    fn nowhere(&self, s: StateID, seen: &mut Seen) -> bool {
        *seen.entry(s).or_insert_with(|| (0..=255u8).all(|b| self.dfa.is_dead_state(self.dfa.next_state(s, b))))
    }

    /// The ASCII bytes that lead from `s` to a state where no thread is alive (as a bit set).
    pub fn settling_bytes(&self, s: StateID, seen: &mut Seen) -> u128 {
        (0..128u8).filter(|&b| self.nowhere(self.dfa.next_state(s, b), seen)).fold(0, |m, b| m | 1 << b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NLSERVER: &str = r"^(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)\s+(?:(?P<pid>[0-9A-Fa-f]{1,8})\s+)?(?P<tid>[0-9A-Fa-f]{1,8})\s+(?P<depth>\d+)\s+(?P<level>info|warning|error|debug)\s+(?P<category>[a-z0-9]+)\s+(?P<message>.*)$";

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
        let mut seen = Seen::new();
        let line = b"2024-06-11 02:00:00.223+02:00 00003A1F 00003A2B 1 info log 4120 message(s) sent";
        // The `\s+` before the message is alive until a byte that is no space: one past the
        // message's start.
        let msg = line.windows(5).position(|w| w == b"4120 ").unwrap();
        let (n, before) = s.settled_at(line, &mut seen).unwrap();
        assert_eq!(n, msg + 1);
        // From the state before the message's first byte, any byte settles it but a blank
        // (which the `\s+` before the message would take).
        let bytes = s.settling_bytes(before, &mut seen);
        for b in 0..128u8 {
            assert_eq!(bytes >> b & 1 == 1, !b" \t\n\x0b\x0c\r".contains(&b), "byte {b}");
        }
        // Cut before that: not settled.
        assert_eq!(s.settled_at(&line[..msg], &mut seen), None);
        // No record of the format: the DFA dies early, which settles too (nothing can match).
        assert_eq!(s.settled_at(b"  at com.example.Foo(Foo.java:12)", &mut seen).map(|x| x.0), Some(1));
    }
}
