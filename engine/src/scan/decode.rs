//! Reading bytes as text: line ends, and telling UTF-16 files (decoded as they stream by
//! encoding_rs_io, see `plan`).

pub(super) fn strip_eol(mut b: &[u8]) -> &[u8] {
    if b.last() == Some(&b'\n') {
        b = &b[..b.len() - 1];
    }
    if b.last() == Some(&b'\r') {
        b = &b[..b.len() - 1];
    }
    b
}

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
