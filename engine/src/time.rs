//! Reading timestamps as real logs write them, and the zone used for those that carry none.
//!
//! Everything is compared as UTC milliseconds (`i64`); the offset a line was written in is kept
//! beside it so that reports can also show the server's own clock.
//!
//! (Over 500 lines because it is one concept with its tables: layouts, zone abbreviations,
//! years and DST are decided together for each timestamp.)

use chrono::Datelike;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A point in time read from a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch, UTC.
    pub utc_ms: i64,
    /// Offset from UTC (seconds east) the line was written in: the line's own, or the zone's
    /// that was assumed (`assumed`). Always known once a time is read (a plain number keeps
    /// the stamp, and every event, 8 bytes smaller than an `Option`).
    pub offset_s: i32,
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

    /// The offset from UTC (seconds east) this zone has at a UTC instant.
    pub fn offset_at(&self, utc_ms: i64) -> i32 {
        match self {
            Zone::Fixed(off) => *off,
            Zone::Iana(tz) => DateTime::from_timestamp_millis(utc_ms)
                .map_or(0, |d| chrono::Offset::fix(&tz.offset_from_utc_datetime(&d.naive_utc())).local_minus_utc()),
        }
    }

    /// Place a naive local time in this zone. An ambiguous time (the hour repeated when DST
    /// ends) takes the earlier instant; a time that does not exist (skipped when DST starts) is
    /// read as if the clock had not jumped yet, i.e. with the offset before the gap.
    pub fn resolve(&self, naive: NaiveDateTime) -> Stamp {
        match self {
            Zone::Fixed(off) => Stamp {
                utc_ms: naive.and_utc().timestamp_millis() - i64::from(*off) * 1000,
                offset_s: *off,
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
                            offset_s: off,
                            dst: true,
                            assumed: true,
                        };
                    }
                };
                Stamp {
                    utc_ms: dt.timestamp_millis(),
                    offset_s: chrono::Offset::fix(dt.offset()).local_minus_utc(),
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

#[inline]
fn two(b: &[u8], at: usize) -> Option<u32> {
    let x = *b.get(at)?;
    let y = *b.get(at + 1)?;
    if x.is_ascii_digit() && y.is_ascii_digit() {
        Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
    } else {
        None
    }
}

#[inline]
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

/// What a zone abbreviation printed in a log says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Abbrev {
    /// A fixed offset, seconds east of UTC.
    Fixed(i32),
    /// Several zones print it (IST: India, Israel, Ireland; CST: US Central, China): `--tz`
    /// decides.
    Ambiguous,
}

/// The zone abbreviations servers commonly print (PostgreSQL's `%t`/`%m` with `log_timezone`,
/// Java, syslog daemons), as offsets. Daylight-saving names carry their own offset (CEST is
/// +02:00 whatever the date).
pub fn zone_abbreviation(abbr: &str) -> Option<Abbrev> {
    let h = |x: f64| Some(Abbrev::Fixed((x * 3600.0) as i32));
    match abbr {
        "UTC" | "GMT" | "UT" | "Z" | "WET" => h(0.0),
        "BST" | "WEST" | "CET" | "MET" => h(1.0),
        "CEST" | "MEST" | "EET" | "SAST" => h(2.0),
        "EEST" | "MSK" => h(3.0),
        "GST" => h(4.0),
        "PKT" => h(5.0),
        "ICT" | "WIB" => h(7.0),
        "SGT" | "HKT" | "AWST" | "PHT" => h(8.0),
        "JST" | "KST" => h(9.0),
        "ACST" => h(9.5),
        "AEST" => h(10.0),
        "ACDT" => h(10.5),
        "AEDT" => h(11.0),
        "NZST" => h(12.0),
        "NZDT" => h(13.0),
        "NST" => h(-3.5),
        "NDT" => h(-2.5),
        "ADT" | "BRT" => h(-3.0),
        "EDT" => h(-4.0),
        "EST" | "CDT" => h(-5.0),
        "MDT" => h(-6.0),
        "MST" | "PDT" => h(-7.0),
        "PST" | "AKDT" => h(-8.0),
        "AKST" => h(-9.0),
        "HST" => h(-10.0),
        "IST" | "CST" | "AST" => Some(Abbrev::Ambiguous),
        _ => None,
    }
}

/// A local time written with its offset (seconds east of UTC).
/// Milliseconds from 1970 to the start of a minute read as UTC, or None when the date or time
/// is impossible. The last minute asked for on this thread is remembered.
fn minute_ms(y: u32, mo: u32, d: u32, h: u32, mi: u32) -> Option<i64> {
    thread_local! {
        static LAST: std::cell::Cell<(u64, i64)> = const { std::cell::Cell::new((u64::MAX, 0)) };
    }
    let key = (u64::from(y) << 32) | (u64::from(mo) << 24) | (u64::from(d) << 16) | (u64::from(h) << 8) | u64::from(mi);
    let (k, v) = LAST.with(std::cell::Cell::get);
    if k == key {
        return Some(v);
    }
    let v = NaiveDate::from_ymd_opt(y as i32, mo, d)?.and_hms_opt(h, mi, 0)?.and_utc().timestamp_millis();
    LAST.with(|c| c.set((key, v)));
    Some(v)
}

fn at_offset_ms(naive_ms: i64, off: i32) -> Stamp {
    Stamp { utc_ms: naive_ms - i64::from(off) * 1000, offset_s: off, dst: false, assumed: false }
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
    if b.get(10) == Some(&b',') && b.get(11) == Some(&b' ') {
        // `2024-06-10, 02:00:03 UTC` (Apache Airflow's task logs): read without the comma.
        let mut w = [0u8; 48];
        let n = (b.len() - 1).min(w.len());
        w[..10].copy_from_slice(&b[..10]);
        w[10..n].copy_from_slice(&b[11..n + 1]);
        return parse_iso(&w[..n], zone).map(|(st, used)| (st, used + 1));
    }
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
            // No digits after it: no fraction but the punctuation after the time (`10:00:01,
            // Error` in Windows' CBS.log, `at 10:00:01.` ending a sentence).
            i = 19;
        }
        for _ in n..3 {
            ms *= 10;
        }
    }
    // The instant as if the time were UTC, from the minute's (remembered: a log's lines share
    // their minute) plus seconds; the NaiveDateTime only where a zone rule needs it.
    let naive_ms = minute_ms(y, mo, d, h, mi)? + i64::from(s.min(59)) * 1000 + i64::from(ms);
    let naive = || DateTime::from_timestamp_millis(naive_ms).map(|t| t.naive_utc());
    // Some writers (PostgreSQL's %m and %t, many Java loggers) put the zone after a space: an
    // abbreviation (UTC, CET, EST ...) or a numeric offset (+04, -0330).
    if b.get(i) == Some(&b' ') {
        let rest = &b[i + 1..];
        if matches!(rest.first(), Some(b'+') | Some(b'-')) {
            if let Some((off, used)) = parse_offset(rest) {
                if rest.get(used).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                    return Some((at_offset_ms(naive_ms, off), i + 1 + used));
                }
            }
        }
        let n = rest.iter().take_while(|c| c.is_ascii_uppercase()).count();
        if (2..=5).contains(&n) && rest.get(n).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            if let Ok(abbr) = std::str::from_utf8(&rest[..n]) {
                match zone_abbreviation(abbr) {
                    Some(Abbrev::Fixed(off)) => return Some((at_offset_ms(naive_ms, off), i + 1 + n)),
                    Some(Abbrev::Ambiguous) => {
                        // IST, CST ...: the reader's zone (--tz) decides; unmarked, it is
                        // flagged like a time without a zone.
                        let mut st = zone.resolve(naive()?);
                        st.assumed = true;
                        return Some((st, i + 1 + n));
                    }
                    None => {}
                }
            }
        }
    }
    match b.get(i) {
        Some(b'Z') => Some((at_offset_ms(naive_ms, 0), i + 1)),
        Some(b'+') | Some(b'-') => {
            let (off, used) = parse_offset(&b[i..])?;
            Some((at_offset_ms(naive_ms, off), i + used))
        }
        _ => Some((zone.resolve(naive()?), i)),
    }
}

/// Parse `text` with one of chrono's `strftime` layouts (tried in order); naive results are
/// placed in `zone`, layouts with `%z`/`%:z` keep their own offset.
pub fn parse_with(text: &str, layouts: &[String], zone: &Zone) -> Option<Stamp> {
    parse_with_year(text, layouts, zone, None)
}

/// Does a chrono layout carry the year (or a full timestamp)?
pub fn layout_has_year(layout: &str) -> bool {
    layout == "iso"
        || layout.starts_with("epoch_")
        || ["%Y", "%y", "%G", "%g", "%C", "%s", "%+", "%c", "%D", "%F", "%x"].iter().any(|t| layout.contains(t))
}

/// The milliseconds of an ISO time's fraction `t[20..tail]` as `parse_iso` reads them: its
/// first three digits, scaled when there are fewer (none: 0).
fn frac_ms(t: &[u8], tail: usize) -> u32 {
    let n = tail.saturating_sub(20);
    let k = n.min(3);
    let mut v = digits(t, 20, k).unwrap_or(0);
    if n > 0 {
        for _ in k..3 {
            v *= 10;
        }
    }
    v
}

/// The last ISO time [`IsoMemo::parse`] read in full, to read the next one from its seconds:
/// the error lines of a log mostly share their minute with the one before.
#[derive(Default)]
pub struct IsoMemo {
    /// The remembered time's length, its first 16 bytes and its 17th (the date, hour and the
    /// minute's first digit; the minute's second digit), its last 8 bytes masked to those past
    /// its seconds and fraction (the zone text, at most 8 bytes), and where those end (`tail`).
    len: usize,
    head: u128,
    b16: u8,
    end: u64,
    end_mask: u64,
    tail: usize,
    /// The instant of the minute (`utc_ms` less the seconds and milliseconds) and the stamp.
    minute_ms: i64,
    stamp: Option<Stamp>,
    /// Times read from the memo (for the tests).

    #[cfg(test)]
    hits: usize,
}

/// The first 16 bytes of `t` (at least 16 long) as a number.
#[inline(always)]
fn head16(t: &[u8]) -> u128 {
    let mut a = [0u8; 16];
    a.copy_from_slice(&t[..16]);
    u128::from_le_bytes(a)
}

/// The last 8 bytes of `t` (at least 8 long) as a number.
#[inline(always)]
fn last8(t: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&t[t.len() - 8..]);
    u64::from_le_bytes(a)
}

impl IsoMemo {
    /// What `parse_iso(t, zone)` gives when it reads all of `t` (else None): from the memo
    /// when `t` is the remembered time but for the digits of its seconds and fraction (the
    /// same length, date, hour, minute and zone text, so every other step of `parse_iso` reads
    /// the same bytes), else in full, remembered. Only a time whose instant is its naive time
    /// less a fixed offset is remembered (a zone in the text, or a fixed zone): that is linear
    /// in the seconds, where a zone's rules need not be.
    #[inline]
    pub fn parse(&mut self, t: &[u8], zone: &Zone) -> Option<Stamp> {
        if let (Some(st), Some(utc_ms)) = (self.stamp, self.quick_ms(t)) {
            #[cfg(test)]
            {
                self.hits += 1;
            }
            return Some(Stamp { utc_ms, ..st });
        }
        self.parse_full(t, zone)
    }

    /// The instant (UTC ms) of `t` when it is the remembered time but for the digits of its
    /// seconds and fraction, else None ([`IsoMemo::parse`] then reads it in full). The miner's
    /// path for every error line of a known shape: inlined, a plain number back, no stamp
    /// copied (this path was half the miner's cost of a line before).
    #[inline(always)]
    pub fn quick_ms(&self, t: &[u8]) -> Option<i64> {
        self.stamp?;
        // `len` is at least 19 and `tail` at most `len`, so the reads below are in `t`.
        if t.len() != self.len || head16(t) != self.head || last8(t) & self.end_mask != self.end {
            return None;
        }
        // Milliseconds and a zone after them (`…:07.123+02:00`, `…:07.123Z`), most logs: the
        // byte before the seconds, the seconds, the separator and the fraction in one word,
        // the five digits checked together. Same result as the byte-wise way below, in half
        // its instructions and one branch.
        if self.tail == 23 && t.len() > 23 {
            let w = u64::from_le_bytes(t.get(16..24)?.try_into().ok()?);
            // Lanes 1, 2 (seconds) and 4, 5, 6 (milliseconds); lane 0 is `b16`, lane 3 the
            // separator; lane 7 is zone text, which `end` has checked.
            const DIGITS: u64 = 0x00ff_ffff_00ff_ff00;
            const THREES: u64 = 0x0030_3030_0030_3000;
            let digits = w & DIGITS & 0xf0f0_f0f0_f0f0_f0f0 == THREES
                && w.wrapping_add(0x0006_0606_0006_0600) & DIGITS & 0xf0f0_f0f0_f0f0_f0f0 == THREES;
            let sep = (w >> 24) as u8;
            if !digits || w as u8 != self.b16 || !matches!(sep, b'.' | b',') {
                return None;
            }
            let d = |k: u32| ((w >> (8 * k)) & 0xf) as i64;
            let s = (d(1) * 10 + d(2)).min(59);
            return Some(self.minute_ms + s * 1000 + d(4) * 100 + d(5) * 10 + d(6));
        }
        if t[16] != self.b16 {
            return None;
        }
        let (a, b) = (t[17].wrapping_sub(b'0'), t[18].wrapping_sub(b'0'));
        if a > 9 || b > 9 {
            return None;
        }
        let s = (u32::from(a) * 10 + u32::from(b)).min(59);
        // The fraction's first three digits, scaled when there are fewer (as `frac_ms`).
        let mut ms = 0u32;
        if self.tail > 19 {
            if !matches!(t[19], b'.' | b',') {
                return None;
            }
            let f = &t[20..self.tail];
            // Milliseconds, the common case, without the loop.
            if let &[x, y, z] = f {
                let (x, y, z) = (x.wrapping_sub(b'0'), y.wrapping_sub(b'0'), z.wrapping_sub(b'0'));
                if x > 9 || y > 9 || z > 9 {
                    return None;
                }
                let ms = u32::from(x) * 100 + u32::from(y) * 10 + u32::from(z);
                return Some(self.minute_ms + i64::from(s) * 1000 + i64::from(ms));
            }
            // Other lengths as `parse_iso` reads them.
            if !f.iter().all(u8::is_ascii_digit) {
                return None;
            }
            ms = frac_ms(t, self.tail);
        }
        Some(self.minute_ms + i64::from(s) * 1000 + i64::from(ms))
    }

    #[cold]
    fn parse_full(&mut self, t: &[u8], zone: &Zone) -> Option<Stamp> {
        self.stamp = None;
        let (st, used) = parse_iso(t, zone)?;
        if used != t.len() {
            return None;
        }
        let fixed = !st.dst && (!st.assumed || matches!(zone, Zone::Fixed(_)));
        // Past the seconds: a fraction (`.` or `,` and digits) or not.
        let tail = 19
            + t.get(19)
                .filter(|c| matches!(c, b'.' | b','))
                .map_or(0, |_| 1 + t[20..].iter().take_while(|c| c.is_ascii_digit()).count());
        let n = t.len();
        if fixed && n >= 19 && n - tail <= 8 {
            // parse_iso's own seconds and milliseconds, to take them off.
            let s = two(t, 17).map_or(0, |s| s.min(59));
            let ms = frac_ms(t, tail);
            // The mask keeps the positions of the last 8 bytes at or past `tail`: the zone text.
            // (A fraction's separator, `.` or `,`, reads the same either way: checked apart.)
            let mut mask = 0u64;
            for (i, pos) in (n - 8..n).enumerate() {
                if pos >= tail {
                    mask |= 0xff << (8 * i);
                }
            }
            self.len = n;
            self.head = head16(t);
            self.b16 = t[16];
            self.end_mask = mask;
            self.end = last8(t) & mask;
            self.tail = tail;
            self.minute_ms = st.utc_ms - i64::from(s) * 1000 - i64::from(ms);
            self.stamp = Some(st);
        }
        Some(st)
    }
}

/// `layouts` with `%d` and `%m` swapped, when some layout holds both (a numeric date whose
/// order a locale decides); empty when none does.
pub fn swap_day_month(layouts: &[String]) -> Vec<String> {
    if !layouts.iter().any(|l| l.contains("%d") && l.contains("%m")) {
        return Vec::new();
    }
    layouts.iter().map(|l| l.replace("%d", "\u{0}").replace("%m", "%d").replace('\u{0}', "%m")).collect()
}

/// [`parse_with_year`] of a time given as bytes (the miner reads every error line's time this
/// way). When the first layout is `iso`, what `parse_with_year` tries first is tried on the
/// bytes: no UTF-8 check, no loop over layouts. `parse_iso` consumes only ASCII, so where it
/// reads the whole (trimmed) time it gives what the full path gives; where it does not, the
/// full path decides.
pub fn parse_bytes_with_year(t: &[u8], layouts: &[String], zone: &Zone, year_ref: Option<i64>) -> Option<Stamp> {
    if layouts.first().is_some_and(|l| l == "iso") {
        let tt = t.trim_ascii();
        if let Some((st, used)) = parse_iso(tt, zone) {
            if used == tt.len() {
                return Some(st);
            }
        }
    }
    std::str::from_utf8(t).ok().and_then(|t| parse_with_year(t, layouts, zone, year_ref))
}

/// The clock skew a year-less time may have past its reference (two days).
pub const YEAR_SKEW_MS: i64 = 2 * 86_400_000;

/// As [`parse_with`]; a layout without a year (syslog's `Dec 10 06:55:46`) takes the year
/// that puts the time at or before `year_ref` (ms; by default now), allowing two days of
/// clock skew: a December line read against a January reference is from the year before.
pub fn parse_with_year(text: &str, layouts: &[String], zone: &Zone, year_ref: Option<i64>) -> Option<Stamp> {
    let text = text.trim();
    for layout in layouts {
        if let Some(unit) = layout.strip_prefix("epoch_") {
            // Seconds, milliseconds, microseconds or nanoseconds since 1970 (journald's
            // __REALTIME_TIMESTAMP is microseconds), always UTC.
            let div: i64 = match unit {
                "s" => -1000,
                "ms" => 1,
                "us" => 1000,
                "ns" => 1_000_000,
                _ => continue,
            };
            // Seconds may have a fraction (`1718186406.123`, go-kit's and Python's floats).
            let (whole, frac) = match text.split_once('.') {
                Some((w, f)) if div < 0 && !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()) => (w, f),
                _ => (text, ""),
            };
            let Ok(n) = whole.parse::<i64>() else { continue };
            let frac_ms =
                frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
            let ms = if div < 0 { n.checked_mul(1000).and_then(|m| m.checked_add(frac_ms)) } else { Some(n / div) };
            if let Some(ms) = ms {
                return Some(Stamp { utc_ms: ms, offset_s: 0, dst: false, assumed: false });
            }
            continue;
        }
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
                    offset_s: dt.offset().local_minus_utc(),
                    dst: false,
                    assumed: false,
                });
            }
        } else if !layout_has_year(layout) {
            let mut p = chrono::format::Parsed::new();
            if chrono::format::parse(&mut p, text, chrono::format::StrftimeItems::new(layout)).is_err() {
                continue;
            }
            let reference = year_ref.unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
            // The reference's year on the log's own clock: a server east of UTC is already
            // in the new year when UTC is not (its `Jan  1 00:00:05` is Dec 31 in UTC).
            let ref_year = DateTime::from_timestamp_millis(reference + i64::from(zone.offset_at(reference)) * 1000)
                .map_or(1970, |d| d.year());
            // The next year too, within the two days of skew: a log whose zone was not given
            // but runs ahead of the reference (a server east of UTC, read as UTC).
            for year in [ref_year + 1, ref_year, ref_year - 1] {
                let mut q = p.clone();
                if q.set_year(i64::from(year)).is_err() {
                    continue;
                }
                let (Ok(date), Ok(time)) = (q.to_naive_date(), q.to_naive_time()) else { continue };
                let st = zone.resolve(date.and_time(time));
                if st.utc_ms <= reference + YEAR_SKEW_MS || year < ref_year {
                    return Some(st);
                }
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

    /// The memo gives what `parse_iso` gives, for every time in a stream of times that share
    /// minutes, seconds, lengths and zones in every combination, in every reader zone.
    #[test]
    fn iso_memo_reads_as_parse_iso() {
        let zones = [Zone::Fixed(0), Zone::Fixed(-18000), Zone::parse("Europe/Paris").unwrap_or(Zone::Fixed(3600))];
        let mut times: Vec<String> = Vec::new();
        for zone in ["", "Z", "+02:00", "-05", "+0530", " UTC", " CEST", " IST", " +04", "x"] {
            for minute in ["2024-03-31 01:59", "2024-03-31 02:00", "2024-10-27 02:30"] {
                for frac in [
                    "", ".5", ".05", ".123", ",123", ".123456", ",9", ".", ".1a", ".7", ".999999", ".1/3", ".12:",
                    "x123",
                ] {
                    for sec in ["00", "07", "59", "60", "7x", "31", "5:", "/5"] {
                        times.push(format!("{minute}:{sec}{frac}{zone}"));
                    }
                }
            }
        }
        // Neighbours that differ in one byte past the seconds: the fraction's separator, the
        // zone's sign, hours or letters.
        for (a, b) in [
            (".5", "x5"),
            (".5", ",5"),
            (".5Z", ".5z"),
            ("+02:00", "+03:00"),
            ("-05", "+05"),
            (" CEST", " CETX"),
            (" UTC", " IST"),
            (".123", ".12x"),
        ] {
            for t in ["07", "08"] {
                times.push(format!("2024-10-27 02:30:{t}{a}"));
                times.push(format!("2024-10-27 02:30:{t}{b}"));
            }
        }
        // Neighbours in every order: sorted (the memo's case) and shuffled by a fixed stride.
        let n = times.len();
        let shuffled: Vec<String> = (0..n).map(|i| times[(i * 7919) % n].clone()).collect();
        times.extend(shuffled);
        for zone in &zones {
            let mut memo = IsoMemo::default();
            for t in &times {
                let want = parse_iso(t.as_bytes(), zone).filter(|(_, used)| *used == t.len()).map(|(st, _)| st);
                assert_eq!(memo.parse(t.as_bytes(), zone), want, "{t}");
            }
            assert!(memo.hits > 300, "the memo served {}", memo.hits);
        }
    }

    #[test]
    fn a_time_read_from_bytes_is_what_the_full_path_reads() {
        let zones = [Zone::Fixed(0), Zone::Fixed(7200), Zone::parse("Europe/Paris").unwrap_or(Zone::Fixed(3600))];
        let layouts: [&[&str]; 3] = [&["iso"], &["iso", "%d/%b/%Y:%H:%M:%S %z"], &["%Y-%m-%d %H:%M:%S%.f"]];
        let times: &[&[u8]] = &[
            b"2024-06-11 02:00:02.051+02:00",
            b"2024-06-11T02:00:02Z",
            b"  2024-06-11 02:00:02.5 ",
            b"2024-06-11 02:00:02 UTC",
            b"2024-06-11 02:00:02 CEST",
            b"2024-06-11 02:00:02 IST",
            b"2024-06-11 02:00:02 -0330",
            b"2024-06-11 02:00:02.051+02:00x",
            "2024-06-11 02:00:02\u{a0}".as_bytes(),
            "\u{a0}2024-06-11 02:00:02".as_bytes(),
            b"2024-06-11 02:00:02\xff",
            b"2024-13-11 02:00:02",
            b"2024-02-30 02:00:02",
            b"11/Jun/2024:02:00:02 +0200",
            b"2024-06-11 02:00",
            b"",
            b"   ",
        ];
        for zone in &zones {
            for l in layouts {
                let l: Vec<String> = l.iter().map(|s| s.to_string()).collect();
                for &t in times {
                    let full = std::str::from_utf8(t).ok().and_then(|s| parse_with_year(s, &l, zone, None));
                    let fast = parse_bytes_with_year(t, &l, zone, None);
                    let key = |s: Option<Stamp>| s.map(|s| (s.utc_ms, s.offset_s, s.dst, s.assumed));
                    assert_eq!(key(fast), key(full), "{:?} with {l:?}", String::from_utf8_lossy(t));
                }
            }
        }
    }

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
        assert_eq!(iso("2024-06-12 11:30:04.512+05:30").offset_s, 19800);
    }

    #[test]
    fn utc_spelt_out_is_utc() {
        let (st, used) = parse_iso(b"2024-06-12 06:00:04.118 UTC [42] LOG:", &Zone::parse("+02:00").unwrap()).unwrap();
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T06:00:04.118Z");
        assert_eq!(used, 27);
        let (st, _) = parse_iso(b"2024-06-12 06:00:04 UTCX", &Zone::parse("+02:00").unwrap()).unwrap();
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T04:00:04Z");
    }

    /// A comma or a dot after the seconds without digits after it is no fraction: the time
    /// ends at the seconds (Windows' CBS.log writes `2024-06-12 10:00:01, Error`).
    #[test]
    fn punctuation_after_the_seconds_is_no_fraction() {
        let utc = Zone::parse("UTC").unwrap();
        for line in [&b"2024-06-12 10:00:01, Error   CBS   Failed"[..], b"2024-06-12 10:00:01. done"] {
            let (st, used) = parse_iso(line, &utc).unwrap();
            assert_eq!((rfc3339(st.utc_ms).as_str(), used), ("2024-06-12T10:00:01Z", 19));
        }
        let (st, used) = parse_iso(b"2024-06-12 10:00:01,250 x", &utc).unwrap();
        assert_eq!((rfc3339(st.utc_ms).as_str(), used), ("2024-06-12T10:00:01.250Z", 23));
    }

    /// Apache Airflow writes a comma between the date and the time.
    #[test]
    fn a_comma_between_date_and_time() {
        let utc = Zone::parse("+02:00").unwrap();
        let (st, used) = parse_iso(b"2024-06-10, 02:00:03 UTC] {subprocess.py:93} INFO", &utc).unwrap();
        assert_eq!((rfc3339(st.utc_ms).as_str(), used), ("2024-06-10T02:00:03Z", 24));
        let (st, used) = parse_iso(b"2024-06-10, 02:00:03", &utc).unwrap();
        assert_eq!((rfc3339(st.utc_ms).as_str(), used), ("2024-06-10T00:00:03Z", 20));
        assert!(parse_iso(b"2024-06-10,02:00:03", &utc).is_none());
    }

    #[test]
    fn naive_iso_uses_the_zone() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        let (st, used) = parse_iso(b"2024-06-12 08:00:04 rest", &paris).unwrap();
        assert_eq!(used, 19);
        assert_eq!(rfc3339(st.utc_ms), "2024-06-12T06:00:04Z");
        assert_eq!(st.offset_s, 7200);
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

    #[test]
    fn zones_after_a_space_are_read() {
        let z = Zone::default();
        let t = |x: &str| parse_iso(x.as_bytes(), &z).map(|(st, used)| (rfc3339(st.utc_ms), used, st.assumed));
        assert_eq!(t("2026-11-26 11:18:47.265 +04 [1] LOG"), Some(("2026-11-26T07:18:47.265Z".into(), 27, false)));
        assert_eq!(t("2026-11-26 11:18:47 CET [1]"), Some(("2026-11-26T10:18:47Z".into(), 23, false)));
        assert_eq!(t("2026-07-15 11:18:47 CEST [1]"), Some(("2026-07-15T09:18:47Z".into(), 24, false)));
        assert_eq!(t("2026-11-26 11:18:47 EST x"), Some(("2026-11-26T16:18:47Z".into(), 23, false)));
        assert_eq!(t("2026-11-26 11:18:47 -0330 x"), Some(("2026-11-26T14:48:47Z".into(), 25, false)));
        // Ambiguous: read in the reader's zone, and flagged.
        assert_eq!(t("2026-11-26 11:18:47 IST x"), Some(("2026-11-26T11:18:47Z".into(), 23, true)));
        let kolkata = Zone::parse("Asia/Kolkata").unwrap();
        let (st, _) = parse_iso(b"2026-11-26 11:18:47 IST", &kolkata).unwrap();
        assert_eq!(rfc3339(st.utc_ms), "2026-11-26T05:48:47Z");
        // An unknown word is not a zone: the time stays naive.
        assert_eq!(t("2026-11-26 11:18:47 LOG: x").map(|x| x.1), Some(19));
    }

    #[test]
    fn yearless_times_take_the_year_of_the_reference() {
        let z = Zone::default();
        let l = vec!["%b %d %H:%M:%S".to_string()];
        let jan = Utc.with_ymd_and_hms(2025, 1, 3, 0, 0, 0).unwrap().timestamp_millis();
        let read = |x: &str, r: i64| parse_with_year(x, &l, &z, Some(r)).map(|st| rfc3339(st.utc_ms));
        assert_eq!(read("Jan  2 06:55:46", jan).as_deref(), Some("2025-01-02T06:55:46Z"));
        // December read in January: the year before.
        assert_eq!(read("Dec 31 23:59:59", jan).as_deref(), Some("2024-12-31T23:59:59Z"));
        assert_eq!(read("Dec 10 06:55:46", jan).as_deref(), Some("2024-12-10T06:55:46Z"));
        // A little clock skew past the reference stays in its year.
        assert_eq!(read("Jan  4 10:00:00", jan).as_deref(), Some("2025-01-04T10:00:00Z"));
        assert!(layout_has_year("%Y-%m-%d") && !layout_has_year("%b %d %H:%M:%S"));
    }

    #[test]
    fn epoch_layouts() {
        let z = Zone::default();
        let l = |x: &str| vec![x.to_string()];
        let t = parse_with("1764146327265123", &l("epoch_us"), &z).map(|s| rfc3339(s.utc_ms));
        assert_eq!(t.as_deref(), Some("2025-11-26T08:38:47.265Z"));
        assert_eq!(parse_with("1764146327", &l("epoch_s"), &z).map(|s| s.utc_ms), Some(1_764_146_327_000));
        assert_eq!(parse_with("x", &l("epoch_ms"), &z), None);
        assert_eq!(parse_with("1764146327.25", &l("epoch_s"), &z).map(|s| s.utc_ms), Some(1_764_146_327_250));
        assert_eq!(parse_with("1764146327.", &l("epoch_s"), &z), None);
        assert_eq!(parse_with("1764146327.5", &l("epoch_ms"), &z), None);
    }
}
