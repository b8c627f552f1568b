//! Sparse files in tar archives (GNU tar's `-S`): which layout a member uses, the map GNU's
//! PAX 1.0 layout puts before the data, and the data read without its holes.

use super::collect::Collector;
use super::*;

impl Collector {
    /// Read a sparse member's data (its holes already left out by the archive, or expanded as
    /// zeros by the reader) with every run of 16 NUL bytes or more dropped: the holes, and the
    /// zeros that fill the blocks around them. A line cut by a hole ends there. Charged to the
    /// budget for every byte read, holes included (an old GNU header may declare a size of
    /// terabytes the reader expands as zeros); `None` (with a problem input) when the budget is
    /// spent.
    pub(super) fn take_squeezed(&mut self, r: &mut dyn Read, display: &str) -> Option<(Data, u64)> {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut run = 0u64;
        let mut holes = 0u64;
        let mut seen = 0u64;
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.member_unreadable(display, &e);
                    return None;
                }
            };
            seen += n as u64;
            if seen % (1 << 24) < (1 << 16) && self.cancelled() {
                self.stop_cancelled(display);
                return None;
            }
            let mut chunk = &buf[..n];
            while !chunk.is_empty() {
                let zeros = chunk.iter().take_while(|&&b| b == 0).count();
                run += zeros as u64;
                chunk = &chunk[zeros..];
                if chunk.is_empty() {
                    break;
                }
                squeeze_run(&mut out, &mut run, &mut holes);
                let text = memchr::memchr(0, chunk).unwrap_or(chunk.len());
                out.extend_from_slice(&chunk[..text]);
                chunk = &chunk[text..];
            }
            if seen > self.limits.max_bytes.saturating_sub(self.spent) {
                self.spent = self.limits.max_bytes;
                self.problem(display.to_string(), Code::ArchiveBytes, format!(
                    "archive limit reached: more than {} decompressed; this member and the rest of the archive were skipped (raise --max-archive-bytes)",
                    human_bytes(self.limits.max_bytes)
                ));
                return None;
            }
        }
        if run >= SQUEEZED_NULS {
            holes += run;
        } else {
            out.extend(std::iter::repeat_n(0u8, run as usize));
        }
        self.spent += seen.max(out.len() as u64);
        Some((out.into(), holes))
    }
}

/// The shortest run of NUL bytes a sparse member's reading drops (shorter ones may be UTF-16).
pub(super) const SQUEEZED_NULS: u64 = 16;

/// Before text that follows `run` NUL bytes: a long run is dropped (and its text starts a line),
/// a short one kept.
pub(super) fn squeeze_run(out: &mut Vec<u8>, run: &mut u64, holes: &mut u64) {
    if *run >= SQUEEZED_NULS {
        *holes += *run;
        if out.last().is_some_and(|&b| b != b'\n') {
            out.push(b'\n');
        }
    } else {
        out.extend(std::iter::repeat_n(0u8, *run as usize));
    }
    *run = 0;
}

/// How a tar member stores a sparse file (GNU tar's `-S`).
pub(super) enum Sparse {
    No,
    /// The old GNU layout (type `S`): the tar crate gives the file with its holes as zeros.
    OldGnu,
    /// GNU's PAX layouts: 0.0 and 0.1 store the data of the file without its holes; 1.0 puts a
    /// map first (decimal numbers, padded to 512 bytes), then the same. `name` is the file's
    /// real name (`GNU.sparse.name`), the header's being `GNUSparseFile.PID/NAME`.
    Pax {
        map_in_data: bool,
        name: Option<String>,
        real: Option<u64>,
    },
    /// A layout not known (a future GNU.sparse version): said, never read as text.
    Unknown(String),
}

/// The sparse layout of a member, from its type and its PAX keys.
pub(super) fn sparse_of<R: Read>(e: &mut tar::Entry<'_, R>) -> Result<Sparse, String> {
    if e.header().entry_type() == tar::EntryType::GNUSparse {
        return Ok(Sparse::OldGnu);
    }
    let Ok(Some(exts)) = e.pax_extensions() else { return Ok(Sparse::No) };
    let (mut major, mut minor, mut name, mut real, mut any) = (None, None, None, None, false);
    for x in exts.flatten() {
        let Ok(key) = x.key() else { continue };
        let Some(k) = key.strip_prefix("GNU.sparse.") else { continue };
        any = true;
        let v = x.value().unwrap_or_default().to_string();
        match k {
            "major" => major = Some(v),
            "minor" => minor = Some(v),
            "name" => name = Some(v),
            // 1.0 says `realsize`, 0.0 and 0.1 `size`.
            "realsize" | "size" => real = v.parse().ok(),
            _ => {}
        }
    }
    if !any {
        return Ok(Sparse::No);
    }
    match (major.as_deref(), minor.as_deref()) {
        (None, _) => Ok(Sparse::Pax { map_in_data: false, name, real }),
        (Some("1"), Some("0") | None) => Ok(Sparse::Pax { map_in_data: true, name, real }),
        (Some(ma), mi) => Err(format!("GNU sparse format {ma}.{}", mi.unwrap_or("?"))),
    }
}

/// GNU sparse format 1.0: skip the map at the start of the data (the count of regions, then an
/// offset and a size per region, one decimal number a line, padded with NULs to a multiple of
/// 512 bytes), checking that it is one.
pub(super) fn skip_sparse_map(r: &mut dyn Read) -> Result<(), String> {
    let mut block = [0u8; 512];
    let mut text = Vec::new();
    let mut numbers: Vec<u64> = Vec::new();
    let mut want: Option<u64> = None;
    loop {
        r.read_exact(&mut block).map_err(|e| format!("the data ends inside the map ({e})"))?;
        text.extend_from_slice(&block);
        // Whole lines only; a number may go on in the next block.
        let end = memchr::memrchr(b'\n', &text).map_or(0, |i| i + 1);
        for line in text[..end].split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let n = std::str::from_utf8(line)
                .ok()
                .and_then(|t| t.parse::<u64>().ok())
                .ok_or_else(|| format!("'{}' is not a number", String::from_utf8_lossy(line)))?;
            match want {
                None => want = Some(n.checked_mul(2).ok_or("too many regions")?),
                Some(_) => numbers.push(n),
            }
            if want.is_some_and(|w| numbers.len() as u64 == w) {
                return Ok(());
            }
        }
        text.drain(..end);
        if want.is_some_and(|w| w > 1 << 24) || text.len() > 64 {
            return Err("not a sparse map".into());
        }
    }
}
