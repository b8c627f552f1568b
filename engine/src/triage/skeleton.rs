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
//! counted without its format regex, its error-word search or its masking.
//!
//! A skeleton is known by its 64-bit hash and its length, not by a compare of its bytes: on the
//! bench bundle the compare was the miner's largest single cost (a mispredicted loop over
//! every error line's bytes), and the hash already reads them all. The hash is seeded afresh
//! per scanner ([`Seed`]), so no line can be written to meet another's key; two of a run's
//! skeletons (a few thousand at most per stretch of an input) share a key with a chance of
//! about one in 2^40, and would then count a line under the other's template. Rules never see
//! the miner's counts.

use std::collections::HashMap;
use std::ops::Range;

/// A word of exactly 8 bytes (a fixed-size load, no copy loop).
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn word8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Sixteen bytes with every ASCII digit read as `1`, byte by byte: the definition, and the
/// map where there is no SSE2 ([`vec16`]).
#[cfg(any(test, not(target_arch = "x86_64")))]
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

/// 16 bytes' skeleton in a vector register (SSE2, which every x86-64 has): subtract `'0'`, an
/// unsigned minimum with 9 tells the digits, and they are replaced by `'1'`.
#[cfg(target_arch = "x86_64")]
mod vec16 {
    use std::arch::x86_64::*;

    #[inline(always)]
    pub fn map(c: &[u8; 16]) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline; the load reads exactly the 16 bytes of
        // `c` (unaligned load).
        unsafe {
            let v = _mm_loadu_si128(c.as_ptr().cast());
            let d = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
            let digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
            _mm_or_si128(_mm_and_si128(digit, _mm_set1_epi8(b'1' as i8)), _mm_andnot_si128(digit, v))
        }
    }

    #[inline(always)]
    pub fn words(c: &[u8; 16]) -> (u64, u64) {
        let m = map(c);
        // SAFETY: SSE2 only.
        unsafe { (_mm_cvtsi128_si64(m) as u64, _mm_cvtsi128_si64(_mm_unpackhi_epi64(m, m)) as u64) }
    }

    #[inline(always)]
    pub fn same(skel: &[u8; 16], c: &[u8; 16]) -> bool {
        // SAFETY: SSE2 only; the load reads exactly the 16 bytes of `skel`.
        unsafe {
            let s = _mm_loadu_si128(skel.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi8(s, map(c))) == 0xffff
        }
    }
}

/// The two 8-byte words of 16 bytes' skeleton, mapped in registers (nothing is stored).
#[inline(always)]
fn words16(c: &[u8; 16]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        vec16::words(c)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let m = map16(c);
        let (a, b) = m.split_at(8);
        (word8(a), word8(b))
    }
}

/// Are 16 bytes of a skeleton those of `c`'s?
#[inline(always)]
fn same16(skel: &[u8; 16], c: &[u8; 16]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        vec16::same(skel, c)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        map16(c) == *skel
    }
}

/// The hash of `b`'s skeleton, read straight from the line: each 16 bytes are mapped in a
/// register ([`words16`]) and their two words folded by one wide multiply (foldhash's and
/// wyhash's mixing step), in two lanes over 32-byte blocks so that two multiplies are in
/// flight; the last 16 bytes (overlapping when the length is no multiple of 16: the map gives
/// each position the same byte either way) go to the second lane, the length last, so the
/// overlap cannot make two lengths meet. Nothing is written: a line of a known shape costs one
/// read for the hash and one for the compare ([`same_skeleton`]), which is what makes equal
/// keys equal lines; the hash only has to spread.
#[inline]
pub fn hash_line(b: &[u8]) -> u64 {
    hash_seeded(b, &Seed::FIXED)
}

/// Keys of the hash ([`hash_seeded`]): the lanes' start values and the constants each block's
/// second word is mixed with. Drawn per scanner, they keep a crafted line from meeting another
/// line's key (or from zeroing a lane: a word equal to its constant would).
#[derive(Clone, Copy, Debug)]
pub struct Seed {
    s: [u64; 2],
    k: [u64; 2],
}

impl Seed {
    /// The fixed keys, for caches that compare the bytes anyway.
    pub const FIXED: Seed =
        Seed { s: [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344], k: [0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89] };

    /// Keys drawn from the standard library's per-process random state.
    pub fn random() -> Seed {
        use std::hash::{BuildHasher, Hasher};
        let state = std::collections::hash_map::RandomState::new();
        let draw = |i: u64| {
            let mut h = state.build_hasher();
            h.write_u64(i);
            h.finish()
        };
        let f = Seed::FIXED;
        // Odd constants: a multiply by them never loses the low bit.
        Seed { s: [f.s[0] ^ draw(0), f.s[1] ^ draw(1)], k: [(f.k[0] ^ draw(2)) | 1, (f.k[1] ^ draw(3)) | 1] }
    }
}

/// [`hash_line`] under the keys `seed`.
#[inline]
pub fn hash_seeded(b: &[u8], seed: &Seed) -> u64 {
    let [s0, s1] = seed.s;
    let [k0, k1] = seed.k;
    let n = b.len();
    let (mut h0, mut h1) = (s0, s1);
    if n < 16 {
        let mut a = [0u8; 16];
        a[..n].copy_from_slice(b);
        let (x, y) = words16(&a);
        h0 = fold(x ^ h0, y ^ k0);
    } else {
        let mut blocks = b.chunks_exact(32);
        for blk in &mut blocks {
            if let (Ok(p), Ok(q)) = (<&[u8; 16]>::try_from(&blk[..16]), <&[u8; 16]>::try_from(&blk[16..])) {
                let (x, y) = words16(p);
                let (u, v) = words16(q);
                h0 = fold(x ^ h0, y ^ k0);
                h1 = fold(u ^ h1, v ^ k1);
            }
        }
        return finish(b, blocks.remainder(), (h0, h1), seed);
    }
    fold(h0 ^ k1, h1 ^ n as u64)
}

/// The end of [`hash_seeded`] for a line of 16 bytes or more, once its 32-byte blocks are in
/// the lanes `h`: a remainder of 16 bytes or more to the first lane, the last 16 bytes (when
/// the length is no multiple of 16) to the second, the length last.
#[inline(always)]
fn finish(b: &[u8], rest: &[u8], (mut h0, mut h1): (u64, u64), seed: &Seed) -> u64 {
    let [k0, k1] = seed.k;
    let n = b.len();
    if rest.len() >= 16 {
        if let Ok(p) = <&[u8; 16]>::try_from(&rest[..16]) {
            let (x, y) = words16(p);
            h0 = fold(x ^ h0, y ^ k0);
        }
    }
    if n % 16 != 0 {
        if let Ok(t) = <&[u8; 16]>::try_from(&b[n - 16..]) {
            let (x, y) = words16(t);
            h1 = fold(x ^ h1, y ^ k1);
        }
    }
    fold(h0 ^ k1, h1 ^ n as u64)
}

/// [`hash_seeded`] with 32 bytes mapped at a time in one AVX2 register: the same number, in
/// about half the vector instructions (the map of every byte was most of the hash's cost). The
/// scanner's cache uses it where the processor has AVX2 ([`Cache::default`] asks once).
#[cfg(target_arch = "x86_64")]
pub(super) mod wide {
    use super::{fold, Seed};
    use std::arch::x86_64::*;

    /// The two lanes' words of one 32-byte block: the skeleton of its first 16 bytes as two
    /// words, then of its last 16.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn words32(c: &[u8; 32]) -> (u64, u64, u64, u64) {
        // SAFETY (of the load): it reads exactly the 32 bytes of `c` (unaligned load).
        let v = unsafe { _mm256_loadu_si256(c.as_ptr().cast()) };
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(b'0' as i8));
        let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
        let m = _mm256_blendv_epi8(v, _mm256_set1_epi8(b'1' as i8), digit);
        let (lo, hi) = (_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
        (
            _mm_cvtsi128_si64(lo) as u64,
            _mm_extract_epi64(lo, 1) as u64,
            _mm_cvtsi128_si64(hi) as u64,
            _mm_extract_epi64(hi, 1) as u64,
        )
    }

    /// [`super::same_skeleton`] for 32 bytes or more: 32 bytes compared at a time, the last
    /// 32 first (overlapping when the length is no multiple of 32).
    #[target_feature(enable = "avx2")]
    pub fn same_skeleton(skel: &[u8], line: &[u8]) -> bool {
        let n = line.len();
        if skel.len() != n || n < 32 {
            return super::same_skeleton(skel, line);
        }
        let at = |i: usize| match (<&[u8; 32]>::try_from(&skel[i..i + 32]), <&[u8; 32]>::try_from(&line[i..i + 32])) {
            (Ok(s), Ok(c)) => same32(s, c),
            _ => false,
        };
        if !at(n - 32) {
            return false;
        }
        let mut i = 0;
        while i + 32 < n {
            if !at(i) {
                return false;
            }
            i += 32;
        }
        true
    }

    /// Are the 32 bytes `c` those of the skeleton `skel` (digits as `1`)?
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(in crate::triage) fn same32(skel: &[u8; 32], c: &[u8; 32]) -> bool {
        // SAFETY (of the loads): each reads exactly the 32 bytes of its array.
        let (s, v) = unsafe { (_mm256_loadu_si256(skel.as_ptr().cast()), _mm256_loadu_si256(c.as_ptr().cast())) };
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(b'0' as i8));
        let digit = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
        let m = _mm256_blendv_epi8(v, _mm256_set1_epi8(b'1' as i8), digit);
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(s, m)) == -1
    }

    /// [`super::hash_seeded`], for lines of 16 bytes or more (shorter ones take it as is).
    #[target_feature(enable = "avx2")]
    pub fn hash(b: &[u8], seed: &Seed) -> u64 {
        let n = b.len();
        if n < 16 {
            return super::hash_seeded(b, seed);
        }
        let [s0, s1] = seed.s;
        let [k0, k1] = seed.k;
        let (mut h0, mut h1) = (s0, s1);
        let mut blocks = b.chunks_exact(32);
        for blk in &mut blocks {
            if let Ok(p) = <&[u8; 32]>::try_from(blk) {
                let (x, y, u, v) = words32(p);
                h0 = fold(x ^ h0, y ^ k0);
                h1 = fold(u ^ h1, v ^ k1);
            }
        }
        super::finish(b, blocks.remainder(), (h0, h1), seed)
    }
}

/// Is `skel` the skeleton of `line`? Compared 16 bytes at a time, each mapped in a register.
#[inline]
pub fn same_skeleton(skel: &[u8], line: &[u8]) -> bool {
    let n = line.len();
    if skel.len() != n {
        return false;
    }
    if n < 16 {
        return skel.iter().zip(line).all(|(&s, &c)| s == if c.is_ascii_digit() { b'1' } else { c });
    }
    let at = |i: usize| {
        let s = <&[u8; 16]>::try_from(&skel[i..i + 16]);
        let c = <&[u8; 16]>::try_from(&line[i..i + 16]);
        matches!((s, c), (Ok(s), Ok(c)) if same16(s, c))
    };
    // The last 16 bytes first (where lines of a log differ most), then from the start.
    if !at(n - 16) {
        return false;
    }
    let mut i = 0;
    while i < n - 16 {
        if !at(i) {
            return false;
        }
        i += 16;
    }
    true
}

/// Does this processor have AVX2 (the wide hash and compare)? Asked once per cache.
pub fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// [`same_skeleton`], 32 bytes at a time where `avx2` (from [`has_avx2`]).
#[inline]
pub fn same_skeleton_with(avx2: bool, skel: &[u8], line: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if avx2 {
        // SAFETY: `avx2` says the processor has AVX2.
        return unsafe { wide::same_skeleton(skel, line) };
    }
    let _ = avx2;
    same_skeleton(skel, line)
}

/// The skeleton of `line`, as bytes.
pub fn skeleton_of(line: &[u8]) -> Box<[u8]> {
    line.iter().map(|&c| if c.is_ascii_digit() { b'1' } else { c }).collect()
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
    /// Where its time was read (None: no time) ...
    pub time: Option<Range<usize>>,
    /// ... and whether those bytes are an ISO time without blanks around it (read through
    /// `time::IsoMemo` first).
    pub iso: bool,
    /// Its form (an index into [`super::Forms::map`]); None when the forms were full.
    pub form: Option<usize>,
    /// Ranges kept in the template that hold digits, with the bytes they must hold.
    pub kept: Vec<Range<usize>>,
}

/// A known skeleton: the first line seen of it and what the miner made of it (None: not an
/// error or warning line).
pub struct Entry {
    /// The line's bytes (their length checks the key; the kept ranges are compared with them) ...
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

/// What a line of a known skeleton comes to, in a slot of the cache's direct-mapped front
/// ([`Cache::quick`]): only for skeletons of lines that gave no events and whose template
/// keeps no digits, that is, whose entry says all without looking at the line again.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quick {
    key: u64,
    /// The line's length (0: an empty slot; lines mined are never empty).
    len: u32,
    pub what: QuickWhat,
}

/// See [`Quick`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum QuickWhat {
    /// Not an error or warning line.
    #[default]
    NotMined,
    /// An error or warning line whose form did not fit (the forms were full).
    Dropped,
    /// An error or warning line of the form at this index, its time read at `time` (an ISO
    /// time read through the memo first when `iso`).
    Form { form: u32, time: Option<(u32, u32)>, iso: bool },
}

impl QuickWhat {
    /// What a line of the skeleton that `m` was found on comes to (its kept bytes aside).
    pub fn of(m: &Mined) -> QuickWhat {
        match m.form {
            None => QuickWhat::Dropped,
            Some(i) => {
                let time =
                    m.time.as_ref().and_then(|r| Some((u32::try_from(r.start).ok()?, u32::try_from(r.end).ok()?)));
                match u32::try_from(i) {
                    Ok(form) if time.is_some() == m.time.is_some() => QuickWhat::Form { form, time, iso: m.iso },
                    _ => QuickWhat::Dropped,
                }
            }
        }
    }
}

/// Skeletons known so far in one stretch of an input, up to [`Cache::CAP`].
pub struct Cache {
    map: HashMap<u64, Entry, std::hash::BuildHasherDefault<Prehashed>>,
    /// A direct-mapped front of `map` by the key's low bits: a line of a known skeleton is
    /// counted after one compare, without the map's probe, the entry's checks and the match
    /// on what it holds (a third of the miner's instructions per error line on the bench
    /// bundle, `cachegrind`, nineteenth session).
    quick: Box<[Quick]>,
    seed: Seed,
    /// The processor has AVX2: the hash maps 32 bytes at a time ([`wide`]).
    avx2: bool,
    /// Lookups and hits in the current window (the scanner stops using the cache where most
    /// lines are new shapes).
    pub probes: u64,
    pub hits: u64,
}

impl Default for Cache {
    fn default() -> Self {
        let avx2 = has_avx2();
        Cache {
            map: HashMap::default(),
            quick: vec![Quick::default(); Self::QUICK].into_boxed_slice(),
            seed: Seed::random(),
            avx2,
            probes: 0,
            hits: 0,
        }
    }
}

impl Cache {
    /// Skeletons kept; past it new ones are not remembered (a bound on memory) ...
    pub const CAP: usize = 8_192;
    /// ... each of a line this long at most (its bytes are held twice: at most 16 MiB per
    /// stretch of an input, a few hundred KiB in practice); longer lines go the full way.
    pub const MAX_LINE: usize = 1024;

    /// The key of a skeleton (`h`, from [`hash_line`]) for a line that gave events to
    /// `rules` (none: the key itself).
    pub fn with_rules(h: u64, rules: &[u32]) -> u64 {
        const K: u64 = 0x2545_f491_4f6c_dd1d;
        rules.iter().fold(h, |h, &r| (h.rotate_left(7) ^ u64::from(r) ^ K).wrapping_mul(K))
    }

    /// The hash of `line`'s skeleton under this cache's keys.
    #[inline]
    pub fn hash(&self, line: &[u8]) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the processor has AVX2 (asked when the cache was made).
            return unsafe { wide::hash(line, &self.seed) };
        }
        hash_seeded(line, &self.seed)
    }

    /// The entry under `h` (a key made from [`Cache::hash`]) if it was remembered for a line
    /// of `line`'s length and for the same `rules`.
    #[inline]
    pub fn get(&mut self, h: u64, line: &[u8], rules: &[u32]) -> Option<&Entry> {
        self.probes += 1;
        let e = self.map.get(&h).filter(|e| e.raw.len() == line.len() && e.rules.iter().eq(rules));
        if e.is_some() {
            self.hits += 1;
        }
        e
    }

    /// Slots of the direct-mapped front (a power of two).
    const QUICK: usize = 512;

    /// What a line of `len` bytes under the key `h` (no rules, no kept bytes) comes to, when
    /// its slot of the front holds it. Counted as a probe and a hit like [`Cache::get`].
    #[inline(always)]
    pub fn quick(&mut self, h: u64, len: usize) -> Option<QuickWhat> {
        let q = self.quick[h as usize & (Self::QUICK - 1)];
        if q.key == h && q.len as usize == len && len > 0 {
            self.probes += 1;
            self.hits += 1;
            return Some(q.what);
        }
        None
    }

    /// Put in the front what a line of `len` bytes under `h` comes to; the caller knows that
    /// its skeleton's entry has no rules and keeps no digits.
    pub fn remember_quick(&mut self, h: u64, len: usize, what: QuickWhat) {
        if let Ok(len) = u32::try_from(len) {
            self.quick[h as usize & (Self::QUICK - 1)] = Quick { key: h, len, what };
        }
    }

    /// Remember `line` under `h` (its key, perhaps with rules and kept bytes).
    pub fn insert(&mut self, h: u64, line: &[u8], rules: &[u32], mined: Option<Mined>) {
        if self.map.len() < Self::CAP {
            self.map.entry(h).or_insert_with(|| Entry { raw: line.into(), rules: rules.into(), mined });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(line: &[u8]) -> u64 {
        hash_line(line)
    }

    /// Is `b` found under the key of `a` once `a` is remembered?
    fn same(a: &[u8], b: &[u8]) -> bool {
        let mut c = Cache::default();
        c.insert(c.hash(a), a, &[], None);
        let h = c.hash(b);
        c.get(h, b, &[]).is_some()
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
    fn each_cache_draws_its_own_keys() {
        // The keys differ between caches (a line crafted against one process's keys says
        // nothing of another's), and within one cache a line's key is its skeleton's.
        let (a, b) = (Cache::default(), Cache::default());
        let line = b"2024-06-11 00:00:00.363Z XSV-350122 job 42 failed";
        assert_ne!(a.hash(line), b.hash(line));
        assert_eq!(a.hash(line), a.hash(b"2024-06-12 09:41:07.999Z XSV-350199 job 17 failed"));
        assert_eq!(hash_line(line), hash_seeded(line, &Seed::FIXED));
        // A line of another length under a key that is known is not taken for it.
        let mut c = Cache::default();
        let h = c.hash(line);
        c.insert(h, line, &[], None);
        assert!(c.get(h, line, &[]).is_some());
        assert!(c.get(h, &line[1..], &[]).is_none());
        assert!(c.get(h, line, &[3]).is_none());
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
                let want = <[u8; 16]>::try_from(want).unwrap();
                let (lo, hi) = words16(&w);
                assert_eq!(
                    (lo.to_le_bytes(), hi.to_le_bytes()),
                    (want[..8].try_into().unwrap(), want[8..].try_into().unwrap()),
                    "byte {b} at {pos}"
                );
                assert!(same16(&want, &w), "byte {b} at {pos}");
                let mut other = want;
                other[pos] ^= 0x40;
                assert!(!same16(&other, &w), "byte {b} at {pos}");
            }
        }
        // Hash and compare for every length around the block sizes, against the byte-wise
        // skeleton: a line matches its own skeleton, and a change of any one byte (not a digit
        // for another digit) is seen by the compare, wherever it is.
        let src = b"2024-06-11 x=17 ERROR \xc3\xa9";
        let line: Vec<u8> = (0..100).map(|i| src[i % src.len()]).collect();
        for n in 0..line.len() {
            let l = &line[..n];
            let want: Vec<u8> = l.iter().map(|&c| if c.is_ascii_digit() { b'1' } else { c }).collect();
            assert_eq!(*skeleton_of(l), *want, "length {n}");
            assert!(same_skeleton(&want, l), "length {n}");
            let digits: Vec<u8> = l.iter().map(|&c| if c.is_ascii_digit() { b'7' } else { c }).collect();
            assert_eq!(hash_line(&digits), hash_line(l), "length {n}");
            assert!(same_skeleton(&want, &digits), "length {n}");
            for i in 0..n {
                let mut x = l.to_vec();
                x[i] = if x[i] == b'#' { b'%' } else { b'#' };
                assert!(!same_skeleton(&want, &x), "length {n}, byte {i}");
                assert_ne!(hash_line(&x), hash_line(l), "length {n}, byte {i}");
            }
            assert!(!same_skeleton(&want, &line[..n + 1]), "length {n}");
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_wide_hash_is_the_same_number() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            eprintln!("skipped: this processor has no AVX2, so the wide hash is never used here");
            return;
        }
        let seed = Seed::random();
        let src = b"2024-06-11 02:00:00.223+02:00 00003A1F error x=17 \xc3\xa9 delivery 'DM4120' (id=883918)";
        let line: Vec<u8> = (0..300).map(|i| src[i % src.len()]).collect();
        for n in 0..line.len() {
            let l = &line[..n];
            // SAFETY: the processor has AVX2 (checked above).
            let wide = unsafe { wide::hash(l, &seed) };
            assert_eq!(wide, hash_seeded(l, &seed), "length {n}");
            for i in 0..n {
                let mut x = l.to_vec();
                x[i] = if x[i] == b'#' { b'%' } else { b'#' };
                assert_eq!(unsafe { wide::hash(&x, &seed) }, hash_seeded(&x, &seed), "length {n}, byte {i}");
            }
        }
        // Every byte value in every position of a 32-byte block.
        for b in 0u8..=255 {
            for pos in 0..40 {
                let mut w = line[..40].to_vec();
                w[pos] = b;
                assert_eq!(unsafe { wide::hash(&w, &seed) }, hash_seeded(&w, &seed), "byte {b} at {pos}");
            }
        }
        // The wide compare, against the byte-wise skeleton, for every length and change.
        for n in 0..120 {
            let l = &line[..n];
            let want: Vec<u8> = l.iter().map(|&c| if c.is_ascii_digit() { b'1' } else { c }).collect();
            assert!(same_skeleton_with(true, &want, l), "length {n}");
            for i in 0..n {
                let mut x = l.to_vec();
                x[i] = if x[i] == b'#' { b'%' } else { b'#' };
                assert!(!same_skeleton_with(true, &want, &x), "length {n}, byte {i}");
                if l[i].is_ascii_digit() {
                    x[i] = if l[i] == b'7' { b'3' } else { b'7' };
                    assert!(same_skeleton_with(true, &want, &x), "length {n}, digit {i}");
                }
            }
            assert!(!same_skeleton_with(true, &want, &line[..n + 1]), "length {n}");
        }
        let c = Cache::default();
        assert!(c.avx2);
        assert_eq!(c.hash(&line), hash_seeded(&line, &c.seed));
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
