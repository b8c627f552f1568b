//! First bytes of info lines: where the format's line regex has settled (`crate::settle`),
//! remembered per scanner so that a later info line is known by its start.

/// Where info lines settle, the last one found first: a line whose skeleton starts with one of
/// them and whose next byte is one of its settling bytes is an info line. Comparing that last
/// byte by what it does rather than by its value lets one start serve every message (the byte
/// that settles the nlserver regex is the message's first).
pub struct InfoStarts {
    /// Each start's skeleton and the ASCII bytes that settle it, as two words (a shift of a
    /// 128-bit number by a byte's value took a dozen instructions on every line).
    starts: Vec<Start>,
    /// The processor has AVX2: 32 bytes compared at a time (`wide::same`).
    avx2: bool,
    /// The start found last, asked first.
    front: usize,
    /// Lines checked and found in the current window (the scanner stops checking where most
    /// lines are not found).
    pub probes: u64,
    pub hits: u64,
}

impl Default for InfoStarts {
    fn default() -> Self {
        InfoStarts { starts: Vec::new(), avx2: super::skeleton::has_avx2(), front: 0, probes: 0, hits: 0 }
    }
}

impl InfoStarts {
    /// Starts kept; a log's info lines have a few (one per level word, column layout and
    /// category).
    pub const CAP: usize = 8;

    /// Is `line` an info line by its first bytes?
    #[inline]
    pub fn holds(&mut self, line: &[u8]) -> bool {
        if self.starts.is_empty() {
            return false;
        }
        self.probes += 1;
        match find(&self.starts, self.front, self.avx2, line) {
            Some(i) => {
                self.hits += 1;
                // The start found is asked first next time (an index, not a swap of two
                // starts: the swap's copies showed in profiles of a log whose lines alternate
                // between two starts, PostgreSQL's with and without `user@database`).
                self.front = i;
                true
            }
            None => false,
        }
    }

    /// Remember where an info line settles: its skeleton up to `n` and the bytes that settle
    /// it from there.
    pub fn add(&mut self, line: &[u8], n: usize, bytes: u128) {
        let skel = super::skeleton::skeleton_of(&line[..n]);
        if !self.starts.iter().any(|s| s.skel == skel) {
            self.starts.insert(0, Start::new(skel, bytes));
            self.starts.truncate(Self::CAP);
            self.front = 0;
        }
    }
}

/// The start `line` begins with, `front` asked first, then the others in order. The checks
/// of the byte after a start and of its last eight bytes are in line (most lines that are no
/// info lines fail them); only a start that passes them is compared in full.
#[inline(always)]
fn find(starts: &[Start], front: usize, avx2: bool, line: &[u8]) -> Option<usize> {
    let at = |s: &Start| s.settles(line) && s.tail_holds(line) && s.compare(avx2, line);
    match starts.get(front) {
        Some(s) if at(s) => Some(front),
        _ => starts.iter().enumerate().position(|(i, s)| i != front && at(s)),
    }
}

/// The compare of a start of 32 to 64 bytes (a time, ids and a level word) with AVX2: two
/// overlapping loads (the general compare's checks of lengths and its loop were a third of an
/// info line's cost to the miner).
#[cfg(target_arch = "x86_64")]
mod wide {
    use super::super::skeleton::wide::same32;
    use super::Start;

    /// Does `line` start with the skeleton of `s`, whose length is 32 to 64?
    #[target_feature(enable = "avx2")]
    pub fn same(s: &Start, line: &[u8]) -> bool {
        let n = s.skel.len();
        let block = |i: usize| line.get(i..i + 32).and_then(|b| <&[u8; 32]>::try_from(b).ok());
        match (block(0), n.checked_sub(32).and_then(block)) {
            (Some(a), Some(b)) => same32(&s.head, a) && same32(&s.back, b),
            _ => false,
        }
    }
}

/// One start of info lines.
struct Start {
    /// Its skeleton (digits as `1`) ...
    skel: Box<[u8]>,
    /// ... the ASCII bytes that settle it, as two words ...
    bytes: [u64; 2],
    /// ... and its last eight bytes as a word, with a mask of those that are no `1` (which
    /// a line must hold as they are). Most lines that are not info lines differ there (the
    /// level word is the start's end): checked inline first, which spares them the call of
    /// the full compare (the 40 % error lines of the bench made it a sixth of the miner's cost).
    tail: u64,
    tail_mask: u64,
    /// The skeleton's first and last 32 bytes (zeros where it is shorter), for the compare of
    /// a start of 32 to 64 bytes in two loads (`wide::same`).
    head: [u8; 32],
    back: [u8; 32],
}

impl Start {
    fn new(skel: Box<[u8]>, bytes: u128) -> Start {
        let (mut tail, mut tail_mask) = (0, 0);
        if let Some(t) = skel.len().checked_sub(8).and_then(|i| skel.get(i..)) {
            for (i, &b) in t.iter().enumerate() {
                if b != b'1' {
                    tail |= u64::from(b) << (8 * i);
                    tail_mask |= 0xff << (8 * i);
                }
            }
        }
        let (mut head, mut back) = ([0; 32], [0; 32]);
        let k = skel.len().min(32);
        head[..k].copy_from_slice(&skel[..k]);
        back[..k].copy_from_slice(&skel[skel.len() - k..]);
        Start { skel, bytes: [bytes as u64, (bytes >> 64) as u64], tail, tail_mask, head, back }
    }

    /// Does `line` start with this skeleton (after [`Start::settles`], so that it is longer)?
    #[inline(always)]
    fn compare(&self, avx2: bool, line: &[u8]) -> bool {
        let n = self.skel.len();
        #[cfg(target_arch = "x86_64")]
        if avx2 && (32..=64).contains(&n) {
            // SAFETY: `avx2` says the processor has AVX2.
            return unsafe { wide::same(self, line) };
        }
        line.get(..n).is_some_and(|l| super::skeleton::same_skeleton_with(avx2, &self.skel, l))
    }

    /// Does the byte after the start in `line` settle it (an ASCII byte of its set)?
    #[inline(always)]
    fn settles(&self, line: &[u8]) -> bool {
        line.get(self.skel.len()).is_some_and(|&b| b < 128 && self.bytes[usize::from(b >> 6)] >> (b & 63) & 1 == 1)
    }

    /// Can `line` start with this skeleton, by the last eight bytes (always, for a start
    /// shorter than eight)? A necessary condition of the full compare.
    #[inline(always)]
    fn tail_holds(&self, line: &[u8]) -> bool {
        let n = self.skel.len();
        match n.checked_sub(8).and_then(|i| line.get(i..n)).and_then(|t| <[u8; 8]>::try_from(t).ok()) {
            Some(t) => (u64::from_le_bytes(t) ^ self.tail) & self.tail_mask == 0,
            None => n < 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inline check of a start's last eight bytes never turns away a line the full compare
    /// takes, and turns away the lines that differ there.
    #[test]
    fn the_tail_check_agrees_with_the_full_compare() {
        let info = b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 info log ";
        let n = info.len();
        let all = u128::MAX >> 1;
        let lines: [&[u8]; 6] = [
            b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 info log Connection seems lost",
            b"2025-12-31 23:59:59.999+01:00 00009A1F 00001A2B 7 info log Connection seems lost",
            b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 error log XSV-350008 Session",
            b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 infa log Connection seems lost",
            b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 info lo",
            b"2024-06-11 02:02:05.244+02:00 00003B1F 00003A2B 1 info log x",
        ];
        for avx2 in [false, super::super::skeleton::has_avx2()] {
            let mut s = InfoStarts { avx2, ..Default::default() };
            s.add(info, n, all);
            let found: Vec<bool> = lines.iter().map(|l| s.holds(l)).collect();
            assert_eq!(found, [true, true, false, false, false, false], "avx2 {avx2}");
            for l in lines {
                let full = l.len() > n && super::super::skeleton::same_skeleton(&start_skel(&s), &l[..n]);
                assert!(!full || s.starts[0].tail_holds(l), "{}", String::from_utf8_lossy(l));
            }
            // A start of digits only at its end (no byte to check) lets every line through to
            // the full compare; one shorter than eight bytes too.
            for short in [&b"id 12345678"[..], b"[E] "] {
                let t = Start::new(super::super::skeleton::skeleton_of(short), all);
                assert!(t.tail_holds(b"zz 99999999 and more"));
            }
        }
    }

    /// The compare in two loads (a start of 32 to 64 bytes) and the general one agree at every
    /// byte of the start, for starts of 31 to 65 bytes, and the start found last is asked first
    /// without losing the others.
    #[test]
    fn every_compare_agrees_and_every_start_is_asked() {
        let all = u128::MAX >> 1;
        let line = b"2024-06-11 02:02:05.244+02:00 00003A1F 00003A2B 1 info log [x] 2024 and the rest".to_vec();
        for n in 31..=65 {
            for avx2 in [false, super::super::skeleton::has_avx2()] {
                let t = Start::new(super::super::skeleton::skeleton_of(&line[..n]), all);
                assert!(t.compare(avx2, &line), "n {n}");
                for i in 0..n {
                    // A digit for a digit keeps the skeleton; any other change breaks it.
                    let mut other = line.clone();
                    other[i] = if line[i].is_ascii_digit() { b'7' } else { b'#' };
                    let same = super::super::skeleton::same_skeleton(&t.skel, &other[..n]);
                    assert_eq!(t.compare(avx2, &other), same, "n {n}, byte {i}, avx2 {avx2}");
                }
            }
        }
        let pg = b"2024-06-11 00:05:21.285 UTC [6393] LOG:  ";
        let pg_user = b"2024-06-11 00:05:21.285 UTC [6393] campaign@neolane LOG:  ";
        let mut s = InfoStarts::default();
        s.add(pg, pg.len(), all);
        s.add(pg_user, pg_user.len(), all);
        let a: &[u8] = b"2024-06-11 00:05:22.273 UTC [4632] LOG:  connection received";
        let b: &[u8] = b"2024-06-11 00:05:22.728 UTC [5996] campaign@neolane LOG:  connection authorized";
        let c: &[u8] = b"2024-06-11 00:05:22.728 UTC [5996] ERROR:  relation does not exist";
        for l in [a, b, a, a, b, c, b, a] {
            assert_eq!(s.holds(l), l != c, "{}", String::from_utf8_lossy(l));
        }
        assert_eq!((s.probes, s.hits), (8, 7));
    }

    fn start_skel(s: &InfoStarts) -> Vec<u8> {
        s.starts[0].skel.to_vec()
    }
}
