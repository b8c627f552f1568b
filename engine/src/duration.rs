//! Durations as rule authors write them: `30s`, `10m`, `2h`, `1d`, or combined (`1h30m`).

use std::fmt;

/// A span of time in milliseconds. Rules compare UTC milliseconds, so this is all they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Span(pub i64);

impl Span {
    pub fn ms(self) -> i64 {
        self.0
    }
}

/// Parse `30s`, `10m`, `2h`, `1d`, `500ms` and sums such as `1h30m`. A bare number is refused:
/// a unit-less window in a rule is almost always a mistake.
pub fn parse(text: &str) -> Result<Span, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("empty duration".into());
    }
    let mut total: i64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err(format!("bad duration '{text}': expected a number at '{rest}' (use e.g. 30s, 10m, 2h, 1d)"));
        }
        let n: i64 = rest[..digits].parse().map_err(|_| format!("bad duration '{text}': number too large"))?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let factor = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "" => return Err(format!("bad duration '{text}': a unit is needed (ms, s, m, h, d)")),
            other => return Err(format!("bad duration '{text}': unknown unit '{other}' (use ms, s, m, h, d)")),
        };
        total = n
            .checked_mul(factor)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("bad duration '{text}': too large"))?;
    }
    Ok(Span(total))
}

impl fmt::Display for Span {
    /// Shortest exact form, e.g. `8h22m`, `4s`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", human(self.0))
    }
}

/// A human-readable, exact rendering of a millisecond span (`8h22m25s`, `-3m`, `0s`).
pub fn human(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    if rest >= 1_000 {
        // Whole seconds are precise enough for a person once a span reaches a second.
        rest = (rest + 500) / 1_000 * 1_000;
    }
    for (unit, size) in [("d", 86_400_000u64), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] {
        if rest >= size {
            out.push_str(&format!("{}{}", rest / size, unit));
            rest %= size;
        }
    }
    if rest > 0 {
        out.push_str(&format!("{rest}ms"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_sums() {
        assert_eq!(parse("30s").unwrap().ms(), 30_000);
        assert_eq!(parse("10m").unwrap().ms(), 600_000);
        assert_eq!(parse("2h").unwrap().ms(), 7_200_000);
        assert_eq!(parse("1d").unwrap().ms(), 86_400_000);
        assert_eq!(parse("1h30m").unwrap().ms(), 5_400_000);
        assert_eq!(parse("250ms").unwrap().ms(), 250);
    }

    #[test]
    fn refuses_nonsense() {
        assert!(parse("10").unwrap_err().contains("unit"));
        assert!(parse("10 minutes").is_err());
        assert!(parse("m").is_err());
        assert!(parse("").is_err());
        assert!(parse("99999999999999999d").is_err());
    }

    #[test]
    fn renders_exactly() {
        assert_eq!(human(8 * 3_600_000 + 22 * 60_000 + 25_000), "8h22m25s");
        assert_eq!(human(-180_000), "-3m");
        assert_eq!(human(0), "0s");
        assert_eq!(human(1_500), "2s");
        assert_eq!(human(250), "250ms");
    }
}
