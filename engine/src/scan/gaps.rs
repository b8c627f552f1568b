//! Stretches of an input without a line: read again when a rule is about to be ruled out by
//! the silence of a log. A log's first and last times say what span it covers only if it was
//! written all along; two rotations glued together with the one between them missing, or an
//! excerpt cut with `grep`, cover their first-to-last span with a hole in it, and a restart that
//! happened in the hole is simply not there. So before silence counts as contradiction, the
//! log's own lines around the time in question are looked at: a long stretch with no line
//! there makes it no evidence either way.
//!
//! Parsing every line's time would cost a line regex per line (seconds for a 256 MiB log), so
//! one record in [`SAMPLE`] is parsed: two samples less than the shortest hole apart have no
//! such hole between them (times of a log go forward), and only between two that are further
//! apart are the lines between parsed one by one. The whole log is read: a stretch it keeps
//! again and again (batches every two hours, a log written only at its daily restart) is its
//! rhythm, not a hole, and only the whole log says how often it keeps one.

use super::decode::{strip_eol, BOM};
use super::reread::reopen;
use crate::format::LineReader;
use crate::input::Input;
use std::io::{BufRead, Read};

/// One record in this many has its time read, unless a hole may be near.
const SAMPLE: usize = 64;

/// How many other stretches about as long (at least 4/5 of it) make a stretch the log's usual
/// rhythm rather than a hole: a log written in batches every two hours, or one that writes only
/// its daily restart, is silent that long again and again.
const RHYTHM: usize = 3;

/// The first of `anchors` (sorted) whose window (`pad` either side) meets a stretch of at least
/// `min_gap` ms in which `inp` has no record, unless the log is silent about as long at least
/// [`RHYTHM`] other times (its rhythm); or meets a hole of NUL bytes (a crash or a truncation
/// in place wrote zeros over what was there: whatever its length, the lines it held are lost):
/// `(anchor, last time before, first time after, a hole of NULs)`. None when every anchor is
/// near the log's lines, or the input cannot be read again.
pub fn gap_around(
    inp: &Input,
    lr: &LineReader,
    anchors: &[i64],
    pad: i64,
    min_gap: i64,
) -> Option<(i64, i64, i64, bool)> {
    let (gaps, nul_holes) = gaps_of(inp, lr, min_gap)?;
    let meets = |p: i64, t: i64| anchors.iter().find(|&&a| a - pad < t && p < a + pad).map(|&a| (a, p, t));
    if let Some((a, p, t)) = nul_holes.iter().find_map(|&(p, t)| meets(p, t)) {
        return Some((a, p, t, true));
    }
    gaps.iter().find_map(|&(p, t)| {
        let like = gaps.iter().filter(|&&(q, u)| (q, u) != (p, t) && (u - q) * 5 >= (t - p) * 4).count();
        if like >= RHYTHM {
            return None;
        }
        meets(p, t).map(|(a, p, t)| (a, p, t, false))
    })
}

/// A stretch without a record: (last time before, first time after).
type Stretch = (i64, i64);

/// Every stretch of at least `min_gap` ms in which `inp` has no record, in file order, and
/// every hole of NUL bytes between two records (a run of 16 or more before a record's text),
/// whatever its length. None when the input cannot be read again.
fn gaps_of(inp: &Input, lr: &LineReader, min_gap: i64) -> Option<(Vec<Stretch>, Vec<Stretch>)> {
    if !inp.rereadable() {
        return None;
    }
    let mut found = Vec::new();
    let mut nul_holes = Vec::new();
    let mut reader = reopen(inp)?;
    let stamp = |line: &[u8]| lr.parse(&String::from_utf8_lossy(line)).and_then(|p| p.time);
    let time = |line: &[u8]| stamp(line).map(|t| t.utc_ms);
    // Record lines since the last sample, in order (buffers reused).
    let mut pending: Vec<Vec<u8>> = (0..SAMPLE).map(|_| Vec::new()).collect();
    let mut n = 0usize;
    let mut sample: Option<i64> = None;
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let end = match (&mut reader).take(super::MAX_LINE as u64).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => true,
            Ok(_) => false,
        };
        if !end {
            if line.last() != Some(&b'\n') && line.len() >= super::MAX_LINE {
                let _ = reader.skip_until(b'\n');
            }
            let mut text = strip_eol(&line);
            if first {
                text = text.strip_prefix(BOM).unwrap_or(text);
                first = false;
            }
            let nuls = text.iter().take_while(|&&b| b == 0).count();
            let text = &text[nuls..];
            if !lr.starts_record(text) {
                continue;
            }
            if nuls >= 16 {
                // The last record time before the hole: among the lines since the last sample,
                // else the sample itself (the last timed record before them).
                let before = (0..n).rev().find_map(|k| time(&pending[k])).or(sample);
                if let (Some(p), Some(t)) = (before, time(text)) {
                    nul_holes.push((p, t));
                }
            }
            pending[n].clear();
            pending[n].extend_from_slice(text);
            n += 1;
        }
        // A sample: the first record, every SAMPLE-th, the last.
        if n == SAMPLE || (end && n > 0) || (sample.is_none() && n > 0) {
            let Some(t) = (0..n).rev().find_map(|k| time(&pending[k])) else {
                n = 0;
                if end {
                    break;
                }
                continue;
            };
            if let Some(s) = sample {
                if t - s >= min_gap {
                    // A hole may be between the samples: walk the lines between, in order.
                    // A stretch that ends on a time the DST change makes ambiguous is the
                    // hour the repeated hour's second pass was read into, not a hole.
                    let (mut prev, mut prev_dst) = (s, false);
                    for l in &pending[..n] {
                        if let Some(st) = stamp(l) {
                            let u = st.utc_ms;
                            if u - prev >= min_gap && !st.dst && !prev_dst {
                                found.push((prev, u));
                            }
                            (prev, prev_dst) = (u, st.dst);
                        }
                    }
                }
            }
            sample = Some(t);
            n = 0;
        }
        if end {
            break;
        }
    }
    Some((found, nul_holes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1,000 lines one a minute (generic ISO lines), with a hole of 7 hours after line `at`.
    fn log(at: usize) -> Input {
        let t0 = 1_718_150_400_000i64; // 2024-06-12T00:00:00Z
        let text: String = (0..1000)
            .map(|k| {
                let t = t0 + k as i64 * 60_000 + if k > at { 7 * 3_600_000 } else { 0 };
                format!("{} line {k}\n", crate::time::rfc3339(t))
            })
            .collect();
        Input::bytes("app.log", text.into_bytes())
    }

    #[test]
    fn a_hole_is_found_wherever_it_falls_between_samples() {
        let lr = LineReader::new(None, crate::time::Zone::default(), None);
        let t0 = 1_718_150_400_000i64;
        let (pad, min_gap) = (600_000, 6 * 3_600_000);
        for at in (0..140).chain([500, 998]) {
            let inp = log(at);
            let before = t0 + at as i64 * 60_000;
            let after = before + 60_000 + 7 * 3_600_000;
            // An anchor in the hole: found, with the hole's ends.
            let a = before + 3_600_000;
            assert_eq!(
                gap_around(&inp, &lr, &[a], pad, min_gap),
                Some((a, before, after, false)),
                "hole after line {at}"
            );
            // Anchors near lines, before and after the hole: none.
            let near: Vec<i64> =
                [before - 30 * 60_000, after + 30 * 60_000].into_iter().filter(|&x| x > t0 + 20 * 60_000).collect();
            assert_eq!(gap_around(&inp, &lr, &near, pad, min_gap), None, "hole after line {at}");
            // A shortest hole longer than the log's: not found.
            assert!(gap_around(&inp, &lr, &[a], pad, 8 * 3_600_000).is_none());
        }
    }

    #[test]
    fn a_rhythm_is_no_hole() {
        // Batches of 60 lines a minute apart, every 3 hours, for 4 days: the 2-hour silences
        // are the log's rhythm; one batch left out makes a 5-hour silence, a hole.
        let t0 = 1_718_150_400_000i64;
        let log = |skip: Option<usize>| {
            let text: String = (0..32)
                .filter(|b| Some(*b) != skip)
                .flat_map(|b| (0..60).map(move |k| t0 + b as i64 * 3 * 3_600_000 + k * 60_000))
                .map(|t| format!("{} line\n", crate::time::rfc3339(t)))
                .collect();
            Input::bytes("app.log", text.into_bytes())
        };
        let lr = LineReader::new(None, crate::time::Zone::default(), None);
        let in_gap = t0 + 10 * 3 * 3_600_000 + 90 * 60_000;
        assert_eq!(gap_around(&log(None), &lr, &[in_gap], 600_000, 3_600_000), None);
        let hole = gap_around(&log(Some(11)), &lr, &[in_gap + 3 * 3_600_000], 600_000, 3_600_000);
        assert!(hole.is_some());
    }
}
