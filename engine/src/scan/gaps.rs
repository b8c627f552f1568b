//! Stretches of an input without a line: read again when a rule is about to be ruled out by
//! the silence of a log. A log's first and last times say what span it covers only if it was
//! written all along; two rotations glued together with the one between them missing, or an
//! excerpt cut with `grep`, cover their first-to-last span with a hole in it, and a restart that
//! happened in the hole is simply not there. So before silence counts as contradiction, the
//! log's own lines around the time in question are looked at: a long stretch with no line
//! there makes it no evidence either way.

use super::decode::{strip_eol, BOM};
use super::reread::reopen;
use crate::format::LineReader;
use crate::input::Input;
use std::io::{BufRead, Read};

/// The first of `anchors` whose window (`pad` either side) meets a stretch of at least
/// `min_gap` ms in which `inp` has no record: `(anchor, last time before, first time after)`.
/// None when every anchor is near the log's lines, or the input cannot be read again.
pub fn gap_around(inp: &Input, lr: &LineReader, anchors: &[i64], pad: i64, min_gap: i64) -> Option<(i64, i64, i64)> {
    if anchors.is_empty() || !inp.rereadable() {
        return None;
    }
    let mut reader = reopen(inp)?;
    let mut line = Vec::new();
    let mut prev: Option<i64> = None;
    let mut first = true;
    loop {
        line.clear();
        match (&mut reader).take(super::MAX_LINE as u64).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') && line.len() >= super::MAX_LINE {
            let _ = reader.skip_until(b'\n');
        }
        let mut text = strip_eol(&line);
        if first {
            text = text.strip_prefix(BOM).unwrap_or(text);
            first = false;
        }
        let text = &text[text.iter().take_while(|&&b| b == 0).count()..];
        if !lr.starts_record(text) {
            continue;
        }
        let Some(t) = lr.parse(&String::from_utf8_lossy(text)).and_then(|p| p.time).map(|t| t.utc_ms) else {
            continue;
        };
        if let Some(p) = prev.filter(|&p| t - p >= min_gap) {
            // The hole (p, t) meets an anchor's window [a - pad, a + pad].
            if let Some(&a) = anchors.iter().find(|&&a| a - pad < t && p < a + pad) {
                return Some((a, p, t));
            }
        }
        prev = Some(t);
    }
    None
}
