//! Reading timestamps as real logs write them, and the zone used for those that carry none.
//!
//! Everything is compared as UTC milliseconds (`i64`); the offset a line was written in is kept
//! beside it so that reports can also show the server's own clock.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A point in time read from a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch, UTC.
    pub utc_ms: i64,
    /// Offset from UTC (seconds east) the line was written in, if the line or the zone said so.
    pub offset_s: Option<i32>,
    /// The local time was ambiguous or skipped by a DST change and was placed by the policy
    /// of [`Zone::resolve`]; reports say so.
    pub dst: bool,
    /// The line carried no zone: the reader's zone (`--tz`, UTC by default) was assumed.
    pub assumed: bool,
}

/// The zone for naive (zone-less) times: an IANA name or a fixed offset.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    Iana(Tz),
    Fixed(i32),
}

impl Default for Zone {
    fn default() -> Self {
        Zone::Fixed(0)
    }
}

impl Zone {
    /// Parse `UTC`, `Z`, `Europe/Stockholm`, `+05:30`, `-05`, `+0200`.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Zone::Fixed(0));
        }
        if t.starts_with('+') || t.starts_with('-') {
            return parse_offset(t.as_bytes())
                .filter(|(_, used)| *used == t.len())
                .map(|(s, _)| Zone::Fixed(s))
                .ok_or_else(|| format!("bad time zone '{text}': an offset looks like +05:30, -05 or +0200"));
        }
        t.parse::<Tz>().map(Zone::Iana).map_err(|_| {
            format!("bad time zone '{text}': not an IANA zone name (e.g. Europe/Paris) or an offset (e.g. +05:30)")
        })
    }

    /// Place a naive local time in this zone. An ambiguous time (the hour repeated when DST
    /// ends) takes the earlier instant; a time that does not exist (skipped when DST starts) is
    /// read as if the clock had not jumped yet, i.e. with the offset before the gap.
    pub fn resolve(&self, naive: NaiveDateTime) -> Stamp {
        match self {
            Zone::Fixed(off) => Stamp {
                utc_ms: naive.and_utc().timestamp_millis() - i64::from(*off) * 1000,
                offset_s: Some(*off),
                dst: false,
                assumed: true,
            },
            Zone::Iana(tz) => {
                let (dt, dst) = match tz.from_local_datetime(&naive) {
                    LocalResult::Single(d) => (d, false),
                    LocalResult::Ambiguous(a, _) => (a, true),
                    LocalResult::None => {
                        // Inside a DST gap: use the offset in force just before it.
                        let before = naive - chrono::Duration::hours(3);
                        let off = match tz.from_local_datetime(&before) {
                            LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => {
                                chrono::Offset::fix(d.offset()).local_minus_utc()
                            }
                            LocalResult::None => 0,
                        };
                        return Stamp {
                            utc_ms: naive.and_utc().timestamp_millis() - i64::from(off) * 1000,
                            offset_s: Some(off),
                            dst: true,
                            assumed: true,
                        };
                    }
                };
                Stamp {
                    utc_ms: dt.timestamp_millis(),
                    offset_s: Some(chrono::Offset::fix(dt.offset()).local_minus_utc()),
                    dst,
                    assumed: true,
                }
            }
        }
    }
}

/// Parse `±HH`, `±HHMM`, `±HH:MM` at the start of `b`; returns seconds east and bytes used.
fn parse_offset(b: &[u8]) -> Option<(i32, usize)> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hh = two(b, 1)?;
    let (mm, used) = if b.get(3) == Some(&b':') {
        (two(b, 4)?, 6)
    } else if b.len() >= 5 && b[3].is_ascii_digit() {
        (two(b, 3)?, 5)
    } else {
        (0, 3)
    };
    if hh > 23 || mm > 59 {
        return None;
    }
    Some((sign * (hh as i32 * 3600 + mm as i32 * 60), used))
}

fn two(b: &[u8], at: usize) -> Option<u32> {
    let x = *b.get(at)?;
    let y = *b.get(at + 1)?;
    if x.is_ascii_digit() && y.is_ascii_digit() {
        Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
    } else {
        None
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Fast reader for ISO-like stamps at the start of `b`:
/// `YYYY-MM-DD[ T]HH:MM:SS[.fff][Z|±HH[:MM]]`. Without a zone the time is placed in `zone`.
/// Returns the stamp and the number of bytes it took.
pub fn parse_iso(b: &[u8], zone: &Zone) -> Option<(Stamp, usize)> {
    let y = digits(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mo = two(b, 5)?;
    let d = two(b, 8)?;
    if !matches!(b.get(10), Some(b' ') | Some(b'T')) {
        return None;
    }
    let h = two(b, 11)?;
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let mi = two(b, 14)?;
    let s = two(b, 17)?;
    let mut i = 19;
    let mut ms = 0u32;
    if matches!(b.get(i), Some(b'.') | Some(b',')) {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                ms = ms * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            ms *= 10;
        }
    }
    let naive = NaiveDate::from_ymd_opt(y as i32, mo, d)?.and_hms_milli_opt(h, mi, s.min(59), ms)?;
    // Some writers (PostgreSQL's %m, many Java loggers) spell UTC out after a space.
    if let Some(rest) = b.get(i..) {
        for name in [&b" UTC"[..], b" GMT"] {
            if rest.starts_with(name) && rest.get(name.len()).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                return Some((
                    Stamp { utc_ms: naive.and_utc().timestamp_millis(), offset_s: Some(0), dst: false, assumed: false },
                    i + name.len(),
                ));
            }
        }
    }
    match b.get(i) {
        Some(b'Z') => {
            Some((Stamp { utc_ms: naive.and_utc().timestamp_millis(), offset_s: Some(0), dst: false, assumed: false }, i + 1))
        }
        Some(b'+') | Some(b'-') => {
            let (off, used) = parse_offset(&b[i..])?;
            Some((
                Stamp {
                    utc_ms: naive.and_utc().timestamp_millis() - i64::from(off) * 1000,
                    offset_s: Some(off),
                    dst: false,
                    assumed: false,
                },
                i + used,
            ))
        }
        _ => Some((zone.resolve(naive), i)),
    }
}

/// Parse `text` with one of chrono's `strftime` layouts (tried in order); naive results are
/// placed in `zone`, layouts with `%z`/`%:z` keep their own offset.
pub fn parse_with(text: &str, layouts: &[String], zone: &Zone) -> Option<Stamp> {
    let text = text.trim();
    for layout in layouts {
        if layout == "iso" {
            if let Some((st, used)) = parse_iso(text.as_bytes(), zone) {
                if used == text.len() {
                    return Some(st);
                }
            }
            continue;
        }
        if layout.contains("%z") || layout.contains("%:z") || layout.contains("%#z") {
            if let Ok(dt) = DateTime::parse_from_str(text, layout) {
                return Some(Stamp {
                    utc_ms: dt.timestamp_millis(),
                    offset_s: Some(dt.offset().local_minus_utc()),
                    dst: false,
                    assumed: false,
                });
            }
        } else if let Ok(n) = NaiveDateTime::parse_from_str(text, layout) {
            return Some(zone.resolve(n));
        }
    }
    None
}

/// RFC 3339 in UTC with seconds (and milliseconds when they are not zero), as the JSON
/// contract wants: `2024-06-12T06:00:04Z`, `2024-06-12T06:00:04.512Z`.
pub fn rfc3339(utc_ms: i64) -> String {
    match Utc.timestamp_millis_opt(utc_ms) {
        LocalResult::Single(dt) => {
            if utc_ms.rem_euclid(1000) == 0 {
                dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            } else {
                dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            }
        }
        _ => format!("@{utc_ms}ms"),
    }
}

/// The wall clock of `utc_ms` at `offset_s`, formatted with a chrono layout.
pub fn local(utc_ms: i64, offset_s: i32, layout: &str) -> String {
    let Some(off) = chrono::FixedOffset::east_opt(offset_s) else {
        return rfc3339(utc_ms);
    };
    match off.timestamp_millis_opt(utc_ms) {
        LocalResult::Single(dt) => dt.format(layout).to_string(),
        _ => rfc3339(utc_ms),
    }
}

/// `+05:30`, `-05:00`, `Z`.
pub fn offset_label(offset_s: i32) -> String {
    if offset_s == 0 {
        return "UTC".into();
    }
    let sign = if offset_s < 0 { '-' } else { '+' };
    let a = offset_s.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Stamp {
        parse_iso(s.as_bytes(), &Zone::default()).unwrap().0
    }

    #[test]
    fn iso_forms_agree_on_the_instant() {
        let z = iso("2024-06-12 06:00:04.512Z");
        assert_eq!(rfc3339(z.utc_ms), "2024-06-12T06:00:04.512Z");
        assert_eq!(iso("2024-06-12 11:30:04.512+05:30").utc_ms, z.utc_ms);
        assert_eq!(iso("2024-06-12T01:00:04.512-05").utc_ms, z.utc_ms);
        assert_eq!(iso("2024-06-12T01:00:04.512-0500").utc_ms, z.utc_ms);
        assert_eq!(iso("2024-06-12 11:30:04.512+05:30").offset_s, Some(19800));
    }

    #[test]
    fn utc_spelt_out_is_utc() {
        let (st, used) = parse_iso(b"2024-06-12 06:00:04.118 UTC [42] LOG:", &Zone::parse("+02:00").unwrap()).unwrap();
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T06:00:04.118Z");
        assert_eq!(used, 27);
        let (st, _) = parse_iso(b"2024-06-12 06:00:04 UTCX", &Zone::parse("+02:00").unwrap()).unwrap();
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T04:00:04Z");
    }

    #[test]
    fn naive_iso_uses_the_zone() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        let (st, used) = parse_iso(b"2024-06-12 08:00:04 rest", &paris).unwrap();
        assert_eq!(used, 19);
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T06:00:04Z");
        assert_eq!(st.offset_s, Some(7200));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_iso(b"2024-02-31 06:00:04Z", &Zone::default()).is_none());
        assert!(parse_iso(b"2024-06-12 25:00:04Z", &Zone::default()).is_none());
        assert!(parse_iso(b"12/06/2024 06:00:04", &Zone::default()).is_none());
    }

    #[test]
    fn zones_parse_or_explain() {
        assert_eq!(Zone::parse("+05:30").unwrap(), Zone::Fixed(19800));
        assert_eq!(Zone::parse("-05").unwrap(), Zone::Fixed(-18000));
        assert_eq!(Zone::parse("UTC").unwrap(), Zone::Fixed(0));
        assert!(Zone::parse("Mars/Olympus").unwrap_err().contains("IANA"));
        assert!(Zone::parse("+5:3").is_err());
    }

    #[test]
    fn strftime_layouts_with_am_pm() {
        let layouts = vec!["%d/%m/%Y %H:%M:%S".to_string(), "%d/%m/%Y %I:%M:%S %p".to_string()];
        let z = Zone::default();
        let a = parse_with("03/11/2021 6:35:29 AM", &layouts, &z).unwrap();
        assert_eq!(rfc3339(a.utc_ms), "2021-11-03T06:35:29Z");
        let b = parse_with("16/06/2020 14:30:06", &layouts, &z).unwrap();
        assert_eq!(rfc3339(b.utc_ms), "2020-06-16T14:30:06Z");
        let c = parse_with("12/11/2019 10:19:59 PM", &layouts, &z).unwrap();
        assert_eq!(rfc3339(c.utc_ms), "2019-11-12T22:19:59Z");
        assert!(parse_with("31/02/2020 10:19:59", &layouts, &z).is_none());
    }

    #[test]
    fn dst_ambiguity_takes_the_earlier_instant() {
        let ny = Zone::parse("America/New_York").unwrap();
        let n = NaiveDate::from_ymd_opt(2024, 11, 3).unwrap().and_hms_opt(1, 30, 0).unwrap();
        assert_eq!(rfc3339(ny.resolve(n).utc_ms), "2024-11-03T05:30:00Z");
        let gap = NaiveDate::from_ymd_opt(2024, 3, 10).unwrap().and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(rfc3339(ny.resolve(gap).utc_ms), "2024-03-10T07:30:00Z");
    }
}
