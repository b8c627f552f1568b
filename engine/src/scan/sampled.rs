//! A sampling prefilter for many long literals: it looks at one position in every `stride`
//! bytes instead of every byte.
//!
//! Why: past 64 literals aho-corasick has no SIMD searcher and its DFA walks every byte of the
//! bundle through a table of several MiB (about 400 MiB/s on this machine for the 225 literals
//! of the shipped packs, which made the literal search nearly all of kbdiag's time). Log
//! literals are long (error texts, codes like `XSV-350012`), and a literal of length `len` holds
//! a `Q`-byte window at every offset up to `len - Q`. If every literal is at least `min_len`
//! long and the haystack is sampled every `stride = min_len - Q + 1` bytes, each occurrence has
//! one sample inside it, at an offset in `0..stride` of the literal. So the filter stores, for
//! each literal, the hashes of `stride` consecutive windows (where in the literal is chosen to
//! avoid common text) in a bitset, and a sample whose window's hash is not in the bitset cannot
//! be inside any occurrence. A sample that passes is checked exactly: the windows are also kept
//! in a small table (window → literal and offset), and the literal is compared in place, so a
//! common word inside a literal costs a lookup, not a look at the whole line. This is the idea
//! behind Wu-Manber's block shifts and Hyperscan's
//! FDR, in its simplest fixed-stride form; no well-kept crate offers a sublinear multi-literal
//! search.

/// Window length in bytes: six bytes of log text are specific enough (the low 48 bits of an
/// unaligned little-endian load), and short enough to keep the stride long for 10-byte codes.
const Q: usize = 6;
/// Bitset size (2^18 bits, 32 KiB, in the first-level cache): the thousand windows of the
/// shipped packs let about 1 random window in 250 through to the exact table; 2^16 and 2^20
/// measured the same, the exact table being cheap.
const BITS: u32 = 18;
const MASK: u64 = (1 << (8 * Q)) - 1;

/// The filter: which window hashes occur in a literal at a sampled offset.
pub(crate) struct Sampled {
    stride: usize,
    bits: Vec<u64>,
    /// The windows by `bucket` of their value: `entries[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    entries: Vec<Entry>,
    lits: Vec<Box<[u8]>>,
}

/// A window of a literal: its value, the literal and the offset of the window in it.
#[derive(Clone, Copy)]
struct Entry {
    window: u64,
    lit: u32,
    offset: u32,
}

/// Buckets of the exact table (2^12): a few windows each at most.
const BUCKETS: u32 = 12;

impl Sampled {
    /// The shortest literal this filter takes (decided with the rule's other literals, in
    /// `LiteralSearch`).
    #[cfg(test)]
    pub(crate) const MIN_LEN: usize = crate::pack::LiteralSearch::SAMPLED_MIN_LEN;

    /// A filter for `lits` (each one `LiteralSearch::Sampled`), or None for none.
    pub(crate) fn new<'a>(lits: impl IntoIterator<Item = &'a [u8]> + Clone) -> Option<Sampled> {
        let min_len = lits.clone().into_iter().map(<[u8]>::len).min()?;
        debug_assert!(min_len >= crate::pack::LiteralSearch::SAMPLED_MIN_LEN);
        let stride = min_len - Q + 1;
        let mut bits = vec![0u64; 1 << (BITS - 6)];
        let mut entries = Vec::new();
        let mut kept: Vec<Box<[u8]>> = Vec::new();
        for lit in lits {
            // The `stride` consecutive windows with the rarest bytes: offsets a..a+stride.
            let last = lit.len() + 1 - Q - stride;
            let cost = |a: usize| (a..a + stride).map(|o| window_cost(&lit[o..o + Q])).sum::<u32>();
            let a = (0..=last).min_by_key(|&a| cost(a)).unwrap_or(0);
            for o in a..a + stride {
                let window = load(&lit[o..o + Q]);
                let h = hash(window);
                bits[h >> 6] |= 1 << (h & 63);
                entries.push(Entry { window, lit: kept.len() as u32, offset: o as u32 });
            }
            kept.push(lit.into());
        }
        entries.sort_by_key(|e| bucket(e.window));
        let mut starts = vec![0u32; (1 << BUCKETS) + 1];
        for e in &entries {
            starts[bucket(e.window) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        Some(Sampled { stride, bits, starts, entries, lits: kept })
    }

    /// Does a literal occur in `hay` with its window `window` at `pos`?
    #[inline]
    fn occurs(&self, hay: &[u8], pos: usize, window: u64) -> bool {
        let b = bucket(window);
        self.entries[self.starts[b] as usize..self.starts[b + 1] as usize].iter().any(|e| {
            let lit = &self.lits[e.lit as usize];
            // The window matched; the literal's first eight bytes are compared inline before
            // the whole literal (most window matches are a common word, not the literal).
            e.window == window
                && pos.checked_sub(e.offset as usize).is_some_and(|start| {
                    hay.get(start..start + lit.len()).is_some_and(|h| h[..8] == lit[..8] && h[8..] == lit[8..])
                })
        })
    }

    /// A position inside an occurrence of a literal that starts at or after `from` (not
    /// always the first such occurrence, but none starting between `from` and it is missed
    /// when the caller goes on from inside its line), or None when no literal starts at or
    /// after `from`.
    #[inline]
    pub(crate) fn candidate(&self, hay: &[u8], from: usize) -> Option<usize> {
        let (n, s) = (hay.len(), self.stride);
        let mut pos = from;
        // Four samples per round, with one branch on their union: most rounds pass nothing.
        while pos + 3 * s + 8 <= n {
            let ws = [load8(hay, pos), load8(hay, pos + s), load8(hay, pos + 2 * s), load8(hay, pos + 3 * s)];
            if self.has(hash(ws[0])) | self.has(hash(ws[1])) | self.has(hash(ws[2])) | self.has(hash(ws[3])) {
                for (k, w) in ws.into_iter().enumerate() {
                    let p = pos + k * s;
                    if self.has(hash(w)) && self.occurs(hay, p, w) {
                        return Some(p);
                    }
                }
            }
            pos += 4 * s;
        }
        while pos + Q <= n {
            let w = load(&hay[pos..pos + Q]);
            if self.has(hash(w)) && self.occurs(hay, pos, w) {
                return Some(pos);
            }
            pos += s;
        }
        None
    }

    #[inline(always)]
    fn has(&self, h: usize) -> bool {
        self.bits[h >> 6] & (1 << (h & 63)) != 0
    }
}

/// The `Q` bytes at `at` (with 8 bytes there) as one number: one unaligned load.
#[inline(always)]
fn load8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w) & MASK
}

/// The `Q` bytes of `w` as the same number `load8` gives.
fn load(w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b[..Q].copy_from_slice(&w[..Q]);
    u64::from_le_bytes(b)
}

/// The exact table's bucket of a window: other bits of the product than `hash`'s.
#[inline]
fn bucket(w: u64) -> usize {
    (w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20) as usize & ((1 << BUCKETS) - 1)
}

#[inline(always)]
fn hash(w: u64) -> usize {
    (w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
}

/// How common a window is in log text, roughly, from its bytes: letters and digits are
/// everywhere (words, times, ids), capitals and punctuation are rarer, and a space is cheap
/// because a window across two words ("n refused") is much rarer than one inside a common
/// word ("onnect"). Measured on the bench bundle, this picks windows that occur about three
/// times less than a per-byte frequency order that avoids spaces.
fn window_cost(w: &[u8]) -> u32 {
    w.iter()
        .map(|&b| match b {
            b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 6,
            b'0'..=b'9' | b'a'..=b'z' => 5,
            b':' | b'-' | b'.' | b'/' => 3,
            b' ' | b'A'..=b'Z' | b'_' | b'=' | b',' => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift): the test needs no crate and always sees the
    /// same cases.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Every occurrence of every literal, anywhere in the haystack, has a candidate inside it
    /// when the search starts at or before the occurrence: the filter never loses a match.
    #[test]
    fn every_occurrence_has_a_candidate_inside_it() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for round in 0..300 {
            let n_lits = 1 + rng.below(40);
            let alphabet = if round % 2 == 0 { &b"ab "[..] } else { &b"XSV-0123456789 abcdefghij'"[..] };
            let lits: Vec<Vec<u8>> = (0..n_lits)
                .map(|_| {
                    let len = Sampled::MIN_LEN + rng.below(30);
                    (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect()
                })
                .collect();
            let f = Sampled::new(lits.iter().map(Vec::as_slice)).expect("a filter");
            let mut hay: Vec<u8> = (0..rng.below(3000)).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            // Plant some literals at random places (the end included).
            for _ in 0..rng.below(8) {
                let l = &lits[rng.below(lits.len())];
                let at = rng.below(hay.len() + 1);
                hay.splice(at..at, l.iter().copied());
            }
            let l = &lits[rng.below(lits.len())];
            hay.extend_from_slice(l);
            // Every candidate lies inside an occurrence: a check, not a guess.
            let inside = |c: usize| {
                lits.iter()
                    .any(|l| (c.saturating_sub(l.len())..=c).any(|st| hay[st..].starts_with(l) && c < st + l.len()))
            };
            let mut from = 0;
            while let Some(c) = f.candidate(&hay, from) {
                assert!(inside(c), "round {round}: candidate {c} is in no occurrence");
                from = c + 1;
            }
            for lit in &lits {
                for p in memchr::memmem::find_iter(&hay, lit) {
                    for from in [0, p.saturating_sub(1 + rng.below(50)), p] {
                        let c = f.candidate(&hay, from).expect("a candidate before an occurrence");
                        assert!(c <= p + lit.len() - Q, "round {round}: candidate {c} after the occurrence at {p}");
                        // Going on from each candidate (as the caller does, from the next
                        // byte) reaches one inside the occurrence.
                        let mut c = c;
                        while c < p {
                            c = f.candidate(&hay, c + 1).expect("a candidate");
                        }
                        assert!(c <= p + lit.len() - Q, "round {round}: skipped the occurrence at {p}");
                    }
                }
            }
        }
    }

    #[test]
    fn text_without_the_literals_gives_no_candidate() {
        let lits = ["Empty return for method 'Logon'", "XSV-350122", "could not connect to server"];
        let f = Sampled::new(lits.iter().map(|l| l.as_bytes())).unwrap();
        let line = b"2024-06-12 04:00:01.123Z 1234 INFO  wfserver: workflow 'mcSync_42' step 7 finished in 12 ms\n";
        let hay: Vec<u8> = line.iter().copied().cycle().take(line.len() * 1000).collect();
        assert_eq!(f.candidate(&hay, 0), None);
        assert_eq!(f.candidate(b"short", 0), None);
        let mut hay = hay;
        hay.extend_from_slice(b"x XSV-350122");
        let c = f.candidate(&hay, 0).expect("the code");
        assert!((hay.len() - 10..hay.len()).contains(&c), "{c} is not inside the code");
    }
}
