//! Where the format's line regex captures, by line shape. A candidate line is parsed with its
//! format's regex (its time and fields make the event); on a busy generic symptom that is
//! hundreds of thousands of lines, and a capture search runs a backtracking engine over each.
//! Lines of one skeleton (digits read as `1`, see `triage::skeleton`) are captured at the same
//! places when the regex tells digits apart only as `\d` (`Plan::shapes`), so the ranges found
//! on the first line of a shape serve every later one: the fields are cut from the line and its
//! time read from its range, which is exactly what the regex gives.

use crate::format::{LineReader, Parsed};
use crate::triage::skeleton;
use std::collections::HashMap;
use std::ops::Range;

/// Capture ranges of a shape: None when its lines are no record of the format.
type Spans = Option<Vec<(Box<str>, Range<usize>)>>;

#[derive(Default)]
pub(super) struct SpanCache {
    map: HashMap<u64, (Box<[u8]>, Spans), std::hash::BuildHasherDefault<skeleton::Prehashed>>,
}

impl SpanCache {
    /// Shapes kept per stretch of an input (a bound on memory, at most about 2 MiB with lines of
    /// `skeleton::Cache::MAX_LINE`; past it lines are parsed). A busy symptom's lines come in a
    /// few shapes; lines with an id in letters in each are all new shapes and parsed anyway.
    const CAP: usize = 1024;

    /// [`LineReader::parse`] of `text`, through the cache.
    #[cfg(test)]
    pub(super) fn parse(&mut self, lr: &LineReader, text: &str) -> Option<Parsed> {
        self.parse_some(lr, text, |_| true)
    }

    /// [`SpanCache::parse`] keeping only the fields `keep` names (the time is always read): a
    /// busy symptom's rule reads one or two of a line's fields, and making the others (the
    /// message above all) cost an allocation each per event.
    pub(super) fn parse_some(&mut self, lr: &LineReader, text: &str, keep: impl Fn(&str) -> bool) -> Option<Parsed> {
        if text.len() > skeleton::Cache::MAX_LINE {
            return lr.parse(text).map(|mut p| {
                p.fields.retain(|k, _| keep(k));
                p
            });
        }
        let h = skeleton::hash_line(text.as_bytes());
        if let Some((_, spans)) = self.map.get(&h).filter(|(s, _)| skeleton::same_skeleton(s, text.as_bytes())) {
            return spans.as_ref().and_then(|sp| lr.parse_from_some(text, sp, keep));
        }
        let got = lr.parse_at(text);
        if self.map.len() < Self::CAP {
            let spans = got.as_ref().map(|(_, sp)| sp.iter().map(|(n, r)| (Box::<str>::from(*n), r.clone())).collect());
            self.map.entry(h).or_insert((skeleton::skeleton_of(text.as_bytes()), spans));
        }
        got.map(|(mut p, _)| {
            p.fields.retain(|k, _| keep(k));
            p
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_shape_parses_as_the_regex_does() {
        let lr = LineReader::new(None, crate::time::Zone::Fixed(0), None);
        let mut c = SpanCache::default();
        let lines = [
            "2024-06-12 04:00:04.123Z error job 17 failed on host4",
            "2024-06-13 19:59:59.999Z error job 92 failed on host7",
            "2024-06-13 19:59:59.999Z error job 92 failed on hostX",
            "  at continuation line 12",
            "  at continuation line 99",
            "2024-06-12 04:00:04 UTC error ünïcode 5",
            "2024-06-12 05:00:04 UTC error ünïcode 7",
        ];
        for l in lines {
            let (a, b) = (c.parse(&lr, l), lr.parse(l));
            assert_eq!(a.is_some(), b.is_some(), "{l}");
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!(a.fields, b.fields, "{l}");
                assert_eq!(
                    a.time.map(|t| (t.utc_ms, t.offset_s, t.assumed)),
                    b.time.map(|t| (t.utc_ms, t.offset_s, t.assumed)),
                    "{l}"
                );
            }
        }
        // Three shapes with a record each, one without: four remembered.
        assert_eq!(c.map.len(), 4);
        // Only the fields asked for are made, from a known shape and from a new one; the time
        // is read either way.
        for keep in [false, true] {
            let mut c = SpanCache::default();
            for l in lines {
                let (a, b) = (c.parse_some(&lr, l, |k| keep && k == "message"), lr.parse(l));
                assert_eq!(a.is_some(), b.is_some(), "{l}");
                if let (Some(a), Some(b)) = (a, b) {
                    let want: Vec<_> = b.fields.iter().filter(|_| keep).collect();
                    assert_eq!(a.fields.iter().collect::<Vec<_>>(), want, "{l}");
                    assert_eq!(a.time.map(|t| t.utc_ms), b.time.map(|t| t.utc_ms), "{l}");
                }
            }
        }
    }
}
