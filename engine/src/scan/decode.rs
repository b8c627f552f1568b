//! Reading bytes as text: line ends, UTF-16 files.

pub(super) fn strip_eol(mut b: &[u8]) -> &[u8] {
    if b.last() == Some(&b'\n') {
        b = &b[..b.len() - 1];
    }
    if b.last() == Some(&b'\r') {
        b = &b[..b.len() - 1];
    }
    b
}

/// The largest UTF-16 file converted (it is converted in memory).
pub(super) const UTF16_MAX: usize = 256 << 20;

/// UTF-16 by its byte-order mark, or by NUL bytes at every other position (no mark):
/// `Some(true)` little-endian, `Some(false)` big-endian.
pub(super) fn utf16_kind(head: &[u8]) -> Option<bool> {
    if head.starts_with(&[0xFF, 0xFE]) {
        return Some(true);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Some(false);
    }
    let probe = &head[..head.len().min(4096) & !1];
    if probe.len() < 16 {
        return None;
    }
    let odd = probe.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even = probe.iter().step_by(2).filter(|&&b| b == 0).count();
    let half = probe.len() / 2;
    if odd * 10 >= half * 9 && even * 10 < half {
        Some(true)
    } else if even * 10 >= half * 9 && odd * 10 < half {
        Some(false)
    } else {
        None
    }
}

pub(super) fn utf16_to_utf8(bytes: &[u8], le: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
        .collect();
    let s = String::from_utf16_lossy(&units);
    s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)
}
