//! Reading bytes as text: line ends (also a carriage return alone), and telling UTF-16 files
//! (decoded as they stream by encoding_rs_io, see `plan`).

/// The UTF-8 byte-order mark some editors write at a text's start.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// Is a text whose start is `head` in an 8-bit Windows code page rather than UTF-8? Bytes past
/// ASCII that never make a UTF-8 character (`é` as the one byte 0xE9, as Notepad saves "ANSI"
/// text on a French or German Windows), and no UTF-8 character past ASCII at all: a UTF-8 log
/// with a stray byte stays UTF-8. Only the first 4 KiB decide, so that a log read again
/// (`reread::reopen`) is decoded as the scan decoded it.
pub(super) fn legacy_8bit(head: &[u8]) -> bool {
    let mut b = &head[..head.len().min(LEGACY_PROBE)];
    let (mut bad, mut wide) = (0usize, 0usize);
    loop {
        let (valid, rest) = match std::str::from_utf8(b) {
            Ok(s) => (s, None),
            Err(e) => (std::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or(""), Some(e)),
        };
        wide += valid.chars().filter(|c| !c.is_ascii()).count();
        match rest.map(|e| (e.valid_up_to(), e.error_len())) {
            Some((at, Some(n))) => {
                bad += n;
                b = &b[at + n..];
            }
            _ => break,
        }
    }
    bad > 0 && wide == 0
}

/// How much of a text's start [`legacy_8bit`] looks at.
pub(super) const LEGACY_PROBE: usize = 4096;

/// Are the lines of a text whose start is `head` ended by a carriage return alone (no line
/// feed anywhere in it, and a carriage return)? Read as one line, such a log would give every
/// record the first one's time.
pub(super) fn cr_only(head: &[u8]) -> bool {
    memchr::memchr(b'\n', head).is_none() && memchr::memchr(b'\r', head).is_some()
}

/// A reader that turns every carriage return into a line feed (for [`cr_only`] texts).
pub(super) struct CrToLf<R>(pub R);

impl<R: std::io::Read> std::io::Read for CrToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        buf[..n].iter_mut().filter(|b| **b == b'\r').for_each(|b| *b = b'\n');
        Ok(n)
    }
}

/// How many bytes of `b` are not part of a valid UTF-8 character (a character cut at the end
/// of `b` counts as valid).
pub(super) fn invalid_utf8(mut b: &[u8]) -> usize {
    let mut bad = 0;
    loop {
        match std::str::from_utf8(b) {
            Ok(_) => return bad,
            Err(e) => match e.error_len() {
                Some(n) => {
                    bad += n;
                    b = &b[e.valid_up_to() + n..];
                }
                None => return bad,
            },
        }
    }
}

#[cfg(test)]
mod legacy_tests {
    use super::legacy_8bit;

    #[test]
    fn windows_code_page_text_is_told_from_utf8() {
        // "définition" with a one-byte é: Windows-1252.
        assert!(legacy_8bit(b"Attribut 'Fld1' inconnu (voir d\xe9finition du sch\xe9ma)\r\n"));
        // The same in UTF-8, and plain ASCII: not.
        assert!(!legacy_8bit("Attribut 'Fld1' inconnu (voir définition du schéma)\n".as_bytes()));
        assert!(!legacy_8bit(b"plain ascii\n"));
        // UTF-8 with one stray byte stays UTF-8.
        let mut stray = "schéma ok ".as_bytes().to_vec();
        stray.extend_from_slice(b"\xff x");
        assert!(!legacy_8bit(&stray));
        // A character cut at the end of the probe is no proof either way.
        assert!(!legacy_8bit(b"abc\xc3"));
    }
}
