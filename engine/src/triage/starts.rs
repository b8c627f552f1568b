//! First bytes of info lines: where the format's line regex has settled (`crate::settle`),
//! remembered per scanner so that a later info line is known by its start.

/// Where info lines settle, the last one found first: a line whose skeleton starts with one of
/// them and whose next byte is one of its settling bytes is an info line. Comparing that last
/// byte by what it does rather than by its value lets one start serve every message (the byte
/// that settles the nlserver regex is the message's first).
pub struct InfoStarts {
    /// Each start's skeleton and the ASCII bytes that settle it, as two words (a shift of a
    /// 128-bit number by a byte's value took a dozen instructions on every line).
    starts: Vec<(Box<[u8]>, [u64; 2])>,
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
        let found = self.starts.iter().position(|(s, bytes)| {
            line.get(s.len()).is_some_and(|&b| b < 128 && bytes[usize::from(b >> 6)] >> (b & 63) & 1 == 1)
                && super::skeleton::same_skeleton_with(self.avx2, s, &line[..s.len()])
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
        if !self.starts.iter().any(|(s, _)| *s == skel) {
            self.starts.insert(0, (skel, [bytes as u64, (bytes >> 64) as u64]));
            self.starts.truncate(Self::CAP);
        }
    }
}
