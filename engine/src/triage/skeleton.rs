//! The miner's cache of line shapes. Most error lines of a busy log repeat a few shapes with
//! other numbers in them (times, ids, counts). A line's *skeleton* is its bytes with every digit
//! read as `1`. Everything the miner decides about a line
//! depends on its skeleton only, not on which digits it holds:
//! - the format's line regex, when it tells digits apart only as `\d` or a class holding all
//!   ten ([`digit_blind`] checks this once per format), so capture ranges are the same;
//! - the error words (no digits in them), hence whether the line is mined, and its level;
//! - the masking of every token, which looks at where digits are, not at their values.
//!
//! What can differ is the text of a token kept in the template with digits in it (`ssh2`,
//! `ORA-00942`): those ranges are stored and compared. So a line whose skeleton is known is
//! counted without its format regex, its error-word search or its masking, and the result is
//! exactly what the full path gives (the tests compare the two on every line).

use std::collections::HashMap;
use std::ops::Range;

/// A word of up to 8 bytes, zero-padded.
#[inline]
fn word(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a[..b.len()].copy_from_slice(b);
    u64::from_le_bytes(a)
}

/// A word of exactly 8 bytes (a fixed-size load, no copy loop).
#[inline(always)]
fn word8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Sixteen bytes with every ASCII digit read as `1`. Written byte by byte over a fixed-size
/// array, which the compiler turns into a few vector instructions (subtract, unsigned minimum,
/// compare, blend): half the time of the 64-bit word trick it replaced.
#[inline(always)]
fn map16(a: &[u8; 16]) -> [u8; 16] {
    let mut o = [0u8; 16];
    for (o, &c) in o.iter_mut().zip(a) {
        *o = if c.wrapping_sub(b'0') < 10 { b'1' } else { c };
    }
    o
}

/// A 64 x 64 -> 128-bit product folded to 64 bits: the mixing step of foldhash and wyhash.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The skeleton of `b` written to `out[..b.len()]`, sixteen bytes at a time (the last sixteen
/// again, overlapping, when the length is not a multiple: the map gives each position the same
/// byte either way), and its hash. The map is a loop of its own, which the compiler turns into
/// vector instructions; the hash then reads the skeleton back in 8-byte words, each inside one
/// of the map's 16-byte stores (a read across two stores would wait for both). Each 16 bytes'
/// two words are folded by one wide multiply (foldhash's and wyhash's mixing step), in two
/// lanes over 32-byte blocks so that two multiplies are in flight, the last 16 bytes (again
/// overlapping) in the second lane, the length last, so the overlap cannot make two lengths
/// meet. Equal keys are checked byte by byte ([`Cache::get`]): the hash only has to spread.
#[inline]
fn hash_skeleton(b: &[u8], out: &mut Vec<u8>) -> u64 {
    const S0: u64 = 0x243f_6a88_85a3_08d3;
    const S1: u64 = 0x1319_8a2e_0370_7344;
    const K0: u64 = 0xa409_3822_299f_31d0;
    const K1: u64 = 0x082e_fa98_ec4e_6c89;
    let n = b.len();
    // The buffer only grows: its bytes past `n` are left over from longer lines, and setting
    // its length for every line (a memset) showed in profiles.
    if out.len() < n.max(16) {
        out.resize(n.max(16), 0);
    }
    if n >= 16 {
        let mut chunks = b.chunks_exact(16);
        for (o, c) in out.chunks_exact_mut(16).zip(&mut chunks) {
            if let Ok(c) = <&[u8; 16]>::try_from(c) {
                o.copy_from_slice(&map16(c));
            }
        }
        if !chunks.remainder().is_empty() {
            if let Ok(c) = <&[u8; 16]>::try_from(&b[n - 16..]) {
                out[n - 16..n].copy_from_slice(&map16(c));
            }
        }
    } else {
        let mut a = [0u8; 16];
        a[..n].copy_from_slice(b);
        out[..16].copy_from_slice(&map16(&a));
    }
    let (mut h0, mut h1) = (S0, S1);
    if n < 16 {
        // Past `n` the buffer holds older bytes: only the line's own, zero-padded.
        let (x, y) = (word(&out[..n.min(8)]), word(&out[n.min(8)..n]));
        h0 = fold(x ^ h0, y ^ K0);
    } else {
        let s = &out[..n];
        let mut blocks = s.chunks_exact(32);
        for blk in &mut blocks {
            h0 = fold(word8(blk) ^ h0, word8(&blk[8..]) ^ K0);
            h1 = fold(word8(&blk[16..]) ^ h1, word8(&blk[24..]) ^ K1);
        }
        let r = blocks.remainder();
        if r.len() >= 16 {
            h0 = fold(word8(r) ^ h0, word8(&r[8..]) ^ K0);
        }
        if n % 16 != 0 {
            let t = &s[n - 16..];
            h1 = fold(word8(t) ^ h1, word8(&t[8..]) ^ K1);
        }
    }
    fold(h0 ^ K1, h1 ^ n as u64)
}

/// The key of a line's skeleton together with the bytes it holds at `kept` (the digits its
/// template keeps).
pub fn with_kept(h: u64, line: &[u8], kept: &[Range<usize>]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = h ^ K;
    for r in kept {
        for &b in line.get(r.clone()).unwrap_or_default() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    h
}

/// Does a line regex tell digits apart (a literal digit, a class holding some of them
/// only)? Then lines of one skeleton may parse differently and the cache is not used.
pub fn digit_blind(pattern: &str) -> bool {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn blind(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Literal(l) => !l.0.iter().any(u8::is_ascii_digit),
            HirKind::Class(Class::Unicode(c)) => {
                let n = ('0'..='9').filter(|d| c.ranges().iter().any(|r| r.start() <= *d && *d <= r.end())).count();
                n == 0 || n == 10
            }
            HirKind::Class(Class::Bytes(c)) => {
                let n = (b'0'..=b'9').filter(|d| c.ranges().iter().any(|r| r.start() <= *d && *d <= r.end())).count();
                n == 0 || n == 10
            }
            HirKind::Repetition(r) => blind(&r.sub),
            HirKind::Capture(c) => blind(&c.sub),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().all(blind),
            HirKind::Empty | HirKind::Look(_) => true,
        }
    }
    regex_syntax::parse(pattern).is_ok_and(|h| blind(&h))
}

/// What the miner found on a line of a known skeleton.
#[derive(Clone, Debug)]
pub struct Mined {
    /// Where its time was read (None: no time).
    pub time: Option<Range<usize>>,
    /// Its form (an index into [`super::Forms::map`]); None when the forms were full.
    pub form: Option<usize>,
    /// Ranges kept in the template that hold digits, with the bytes they must hold.
    pub kept: Vec<Range<usize>>,
}

/// A known skeleton: the first line seen of it (to check that a hash is not a collision) and
/// what the miner made of it (None: not an error or warning line).
pub struct Entry {
    /// The skeleton (see [`Cache::key`]) ...
    skel: Box<[u8]>,
    /// ... and its bytes (for the kept ranges) ...
    raw: Box<[u8]>,
    /// ... and the rules whose symptoms the line gave events to (a line's form is counted
    /// apart per such set, see `triage::FormKey`): a shape is remembered per set.
    rules: Box<[u32]>,
    pub mined: Option<Mined>,
}

impl Entry {
    /// Does this line read the same as the first one where the template keeps digits?
    pub fn kept_same(&self, line: &[u8]) -> bool {
        self.mined.as_ref().is_none_or(|m| m.kept.iter().all(|r| line.get(r.clone()) == self.raw.get(r.clone())))
    }
}

/// Identity hashing: the keys are hashes already.
#[derive(Default, Clone, Copy)]
pub struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Skeletons known so far in one stretch of an input, up to [`Cache::CAP`].
#[derive(Default)]
pub struct Cache {
    map: HashMap<u64, Entry, std::hash::BuildHasherDefault<Prehashed>>,
    /// The skeleton of the line last given to [`Cache::key`]: its first `len` bytes.
    bytes: Vec<u8>,
    len: usize,
    /// Lookups and hits in the current window (the scanner stops using the cache where most
    /// lines are new shapes).
    pub probes: u64,
    pub hits: u64,
}

impl Cache {
    /// Skeletons kept; past it new ones are not remembered (a bound on memory) ...
    pub const CAP: usize = 8_192;
    /// ... each of a line this long at most (its bytes are held twice: at most 16 MiB per
    /// stretch of an input, a few hundred KiB in practice); longer lines go the full way.
    pub const MAX_LINE: usize = 1024;

    /// The key of `line`'s skeleton ([`hash`]); the skeleton is kept for [`Cache::get`] and
    /// [`Cache::insert`] (one pass over the line).
    #[inline]
    pub fn key(&mut self, line: &[u8]) -> u64 {
        self.len = line.len();
        hash_skeleton(line, &mut self.bytes)
    }

    /// The key of a skeleton (`h`, from [`Cache::key`]) for a line that gave events to
    /// `rules` (none: the key itself).
    pub fn with_rules(h: u64, rules: &[u32]) -> u64 {
        const K: u64 = 0x2545_f491_4f6c_dd1d;
        rules.iter().fold(h, |h, &r| (h.rotate_left(7) ^ u64::from(r) ^ K).wrapping_mul(K))
    }

    /// The skeleton of the line last given to [`Cache::key`].
    pub fn skeleton(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The entry under `h` if its skeleton is that of the line last given to [`Cache::key`]
    /// and it was remembered for the same `rules`.
    #[inline]
    pub fn get(&mut self, h: u64, rules: &[u32]) -> Option<&Entry> {
        self.probes += 1;
        let bytes = &self.bytes[..self.len];
        let e = self.map.get(&h).filter(|e| *e.skel == *bytes && e.rules.iter().eq(rules));
        if e.is_some() {
            self.hits += 1;
        }
        e
    }

    /// Remember `line` (the line last given to [`Cache::key`]) under `h`.
    pub fn insert(&mut self, h: u64, line: &[u8], rules: &[u32], mined: Option<Mined>) {
        if self.map.len() < Self::CAP {
            let skel = self.bytes[..self.len].into();
            self.map.entry(h).or_insert(Entry { skel, raw: line.into(), rules: rules.into(), mined });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(line: &[u8]) -> u64 {
        Cache::default().key(line)
    }

    /// Is `b` found under the key of `a` once `a` is remembered?
    fn same(a: &[u8], b: &[u8]) -> bool {
        let mut c = Cache::default();
        let h = c.key(a);
        c.insert(h, a, &[], None);
        let h = c.key(b);
        c.get(h, &[]).is_some()
    }

    #[test]
    fn every_digit_reads_as_one() {
        assert!(same(b"2024-06-11 00:00:00.363Z id=17 ssh2", b"2024-06-12 09:41:07.999Z id=92 ssh3"));
        assert!(same(b"0x1f", b"1x1f"));
        assert!(!same(b"id=17", b"id=1a"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"job 42 failed", b"job 42 failef"));
        assert_eq!(hash(b"at 12:00:01 error 4"), hash(b"at 19:59:59 error 7"));
        assert_ne!(hash(b"at 12:00:01 error"), hash(b"at 12:00:01 Error"));
        // Every byte counts, in every lane and in the tail.
        let base = b"2024-06-11 00:00:00.363Z 00003A1F 00003A2B 1 error log cleanup done".to_vec();
        for i in 0..base.len() {
            let mut x = base.clone();
            x[i] = if x[i] == b'#' { b'%' } else { b'#' };
            assert_ne!(hash(&x), hash(&base), "byte {i}");
        }
        // Only ASCII digits are read as digits (0xb1 & 0x7f is '1').
        for b in 0u8..=255 {
            assert_eq!(same(&[b, b'x'], b"7x"), b.is_ascii_digit(), "byte {b}");
        }
    }

    #[test]
    fn the_word_map_reads_exactly_the_digits_as_one() {
        // Every byte value in every position of a chunk, against the byte-wise definition.
        for b in 0u8..=255 {
            for pos in 0..16 {
                let mut w = *b"a0Z9 :\xff\x00/9x\x80\x3a\x2f5Q";
                w[pos] = b;
                let want: Vec<u8> = w.iter().map(|&c| if c.is_ascii_digit() { b'1' } else { c }).collect();
                assert_eq!(map16(&w).to_vec(), want, "byte {b} at {pos}");
            }
        }
        // The skeleton written along the hash, for every length around the block sizes.
        let src = b"2024-06-11 x=17 ERROR \xc3\xa9";
        let line: Vec<u8> = (0..100).map(|i| src[i % src.len()]).collect();
        for n in 0..line.len() {
            let mut out = Vec::new();
            let h = hash_skeleton(&line[..n], &mut out);
            out.truncate(n);
            let want: Vec<u8> = line[..n].iter().map(|&c| if c.is_ascii_digit() { b'1' } else { c }).collect();
            assert_eq!(out, want, "length {n}");
            // A buffer left longer by an earlier line gives the same hash.
            let mut used = vec![b'7'; 200];
            assert_eq!(hash_skeleton(&line[..n], &mut used), h, "length {n}");
        }
    }

    #[test]
    fn regexes_that_tell_digits_apart() {
        assert!(digit_blind(r"^(?P<time>\d{4}-\d{2}) [0-9A-Fa-f]{1,8} (?P<message>.*)$"));
        assert!(digit_blind(r"^<(\d{1,3})> [0-9a-f]+"));
        assert!(!digit_blind(r"^<(\d{1,3})> 0x[0-9a-f]+"));
        assert!(!digit_blind(r"^<(\d{1,3})>1 (\S+)"));
        assert!(!digit_blind(r"^(?:[01]\d|2[0-3]):\d\d"));
        assert!(!digit_blind(r"(("));
    }
}
#[cfg(test)]
mod generic {
    /// The generic format's regex lets the cache work.
    #[test]
    fn generic_format_is_digit_blind() {
        let p = r"^(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)\s*(?P<message>.*)$";
        assert!(super::digit_blind(p));
    }
}
