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
    /// The processor has AVX2: 32 bytes compared at a time.
    avx2: bool,
    /// Lines checked and found in the current window (the scanner stops checking where most
    /// lines are not found).
    pub probes: u64,
    pub hits: u64,
}

impl Default for InfoStarts {
    fn default() -> Self {
        InfoStarts { starts: Vec::new(), avx2: super::skeleton::has_avx2(), probes: 0, hits: 0 }
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
        let found = self.starts.iter().position(|s| {
            let n = s.skel.len();
            line.get(n).is_some_and(|&b| b < 128 && s.bytes[usize::from(b >> 6)] >> (b & 63) & 1 == 1)
                && s.tail_holds(line)
                && super::skeleton::same_skeleton_with(self.avx2, &s.skel, &line[..n])
        });
        if let Some(i) = found {
            self.hits += 1;
            if i > 0 {
                // The start found goes first (a swap: a rotation's call showed in profiles of a
                // log whose lines alternate between two starts).
                self.starts.swap(0, i);
            }
        }
        found.is_some()
    }

    /// Remember where an info line settles: its skeleton up to `n` and the bytes that settle
    /// it from there.
    pub fn add(&mut self, line: &[u8], n: usize, bytes: u128) {
        let skel = super::skeleton::skeleton_of(&line[..n]);
        if !self.starts.iter().any(|s| s.skel == skel) {
            self.starts.insert(0, Start::new(skel, bytes));
            self.starts.truncate(Self::CAP);
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
        Start { skel, bytes: [bytes as u64, (bytes >> 64) as u64], tail, tail_mask }
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

    fn start_skel(s: &InfoStarts) -> Vec<u8> {
        s.starts[0].skel.to_vec()
    }
}
