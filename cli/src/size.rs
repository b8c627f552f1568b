//! Byte counts on the command line: `--max-archive-bytes`, and `kbdiag serve`'s
//! `--max-request-bytes` and `--max-decompressed-bytes`.
//!
//! Hand-written rather than `bytesize`: that crate reads `16G` and `16GB` as decimal (16 × 10⁹)
//! and prints `16.0 GiB`, where kbdiag's options and messages have always meant binary units
//! and written `16 GiB` (see `kbdiag_engine::input::human_bytes`).

/// Digits with an optional K, M, G or T suffix, binary units (1K = 1024), either case.
/// A count that does not fit in 64 bits is an error, not a silent maximum.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let bad = || format!("'{s}': expected a number of bytes, optionally with K, M, G or T (like 16G or 512M)");
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m: u64 = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'T' => 1 << 40,
                _ => return Err(bad()),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    n.checked_mul(mult).ok_or_else(|| format!("'{s}': too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1024").unwrap(), 1024);
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("1g").unwrap(), 1 << 30);
        assert_eq!(parse_size(" 2K ").unwrap(), 2048);
        assert_eq!(parse_size("16G").unwrap(), 16 << 30);
        assert_eq!(parse_size("3T").unwrap(), 3 << 40);
        assert!(parse_size("12X").unwrap_err().contains("like 16G"));
        assert!(parse_size("").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("-1K").is_err());
        assert_eq!(parse_size("99999999999G").unwrap_err(), "'99999999999G': too large");
    }
}
