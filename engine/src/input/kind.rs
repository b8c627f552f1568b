//! What bytes are: archives and compressed streams by their magic numbers, not their names.

use super::*;

/// What a stream's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    /// Archives kbdiag does not open (7-Zip, RAR): named, so that the user extracts them,
    /// rather than read as a binary file.
    Unsupported(&'static str),
    Plain,
}

pub(super) fn sniff(head: &[u8]) -> Kind {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Kind::Gzip
    } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        Kind::Bzip2
    } else if head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0x00]) {
        Kind::Xz
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Kind::Zstd
    } else if head.starts_with(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        Kind::Unsupported("7-Zip")
    } else if head.starts_with(b"Rar!\x1a\x07") {
        Kind::Unsupported("RAR")
    } else if is_tar(head) {
        Kind::Tar
    } else {
        Kind::Plain
    }
}

/// A POSIX/GNU tar header: "ustar" at offset 257 and a valid header checksum.
pub(super) fn is_tar(head: &[u8]) -> bool {
    if head.len() < 512 || &head[257..262] != b"ustar" {
        return false;
    }
    let field = &head[148..156];
    let digits: String = field.iter().take_while(|&&b| b != 0 && b != b' ').map(|&b| b as char).collect();
    let Ok(want) = u32::from_str_radix(digits.trim(), 8) else { return false };
    let sum: u32 =
        head[..512].iter().enumerate().map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u32::from(b) }).sum();
    sum == want
}

/// A decoder over `r` for a compressed kind (the identity for others).
pub(super) fn decoder<'a, R: Read + Send + 'a>(kind: Kind, r: R) -> io::Result<Box<dyn Read + Send + 'a>> {
    Ok(match kind {
        Kind::Gzip => Box::new(flate2::read::MultiGzDecoder::new(r)),
        Kind::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(r)),
        Kind::Xz => Box::new(xz2::read::XzDecoder::new_multi_decoder(r)),
        Kind::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
        _ => Box::new(r),
    })
}

pub(super) fn compressed(kind: Kind) -> bool {
    matches!(kind, Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd)
}

/// Up to `n` bytes from the start of a reader.
pub(super) fn read_head(r: &mut dyn Read, n: usize) -> Vec<u8> {
    let mut head = Vec::with_capacity(n);
    let _ = r.take(n as u64).read_to_end(&mut head);
    head
}
