//! Copies of one file in a bundle: a tar with a member appended twice (`tar -r`), a rotated
//! copy beside the file it was copied from, an archive given with its extracted folder. Read
//! twice, every line of such a copy would count twice: 6 failed logins would read as 12 and
//! cross a rule's threshold of 10. Inputs whose bytes are the same as an earlier input's are
//! read once, the earlier one noting the other name (as a file reached by two names is).
//! Only inputs that can be read again are compared (files, archive members); sizes first, so
//! bytes are compared only between inputs of the same size, up to their first difference.
//!
//! A compressed input (`error.log.2.gz` beside the `error.log.1` it was made from, or both
//! given by a customer who attached the log and its rotation) is compared by what it
//! decompresses to: its size is not known without decompressing, so where a bundle has one,
//! every input's first 4 KiB of content are compared, and only inputs whose content starts the
//! same are read further (a month of rotations starts differently: each is decoded 4 KiB deep).

use super::kind::{compressed, decoder, sniff};
use super::{Input, Origin};
use crate::warning::{Code, Warning};
use std::collections::HashMap;
use std::io::Read;

/// Drop the inputs that are byte-for-byte copies of an earlier one, noting each on it.
pub(super) fn read_once(inputs: &mut Vec<Input>) {
    let packed: Vec<bool> = inputs.iter().map(is_compressed).collect();
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, inp) in inputs.iter().enumerate() {
        if let Some(n) = size(inp).filter(|&n| n > 0 && !packed[i]) {
            by_size.entry(n).or_default().push(i);
        }
    }
    // Within a size, by the first 4 KiB (read once per input): a folder of many logs of one
    // size (fixed-size rotation) is then not compared pair by pair. With a compressed input in
    // the bundle, every input is grouped by its head alone (size 0 in the key), the sizes of
    // two plain inputs compared before their bytes.
    let any_packed = packed.iter().any(|&p| p);
    let mut groups: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    let mut candidates: Vec<(u64, usize)> = Vec::new();
    for (size, group) in by_size.into_iter().filter(|(_, g)| any_packed || g.len() > 1) {
        candidates.extend(group.into_iter().map(|i| (size, i)));
    }
    candidates.extend(packed.iter().enumerate().filter(|(_, &p)| p).map(|(i, _)| (0, i)));
    for (size, i) in candidates {
        if let Some(h) = head_hash(&inputs[i]).filter(|&(_, n)| n > 0).map(|(h, _)| h) {
            groups.entry((if any_packed { 0 } else { size }, h)).or_default().push(i);
        }
    }
    let sizes_differ = |a: usize, b: usize| {
        !packed[a] && !packed[b] && size(&inputs[a]).zip(size(&inputs[b])).is_some_and(|(x, y)| x != y)
    };
    let mut copy_of: Vec<Option<usize>> = vec![None; inputs.len()];
    // A group of more than two is split by a hash of the whole content first, each input read
    // once: a hundred rotations that share their first 4 KiB (a header, a banner) and differ
    // later were compared pair by pair, each pair read to its end (hostile tester W: 400
    // compressed rotations took a minute). Inputs of the same hash are then compared byte by
    // byte, so a collision merges nothing.
    let mut split: Vec<Vec<usize>> = Vec::new();
    for group in groups.into_values().filter(|g| g.len() > 1) {
        if group.len() == 2 {
            split.push(group);
            continue;
        }
        let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
        for i in group {
            if let Some(h) = content_hash(&inputs[i]) {
                by_hash.entry(h).or_default().push(i);
            }
        }
        split.extend(by_hash.into_values().filter(|g| g.len() > 1));
    }
    for group in &mut split {
        // The plain input is read where there is one (the live `postgresql.log` rather than the
        // `.zst` rotation an archive happens to list first), else the first.
        group.sort_unstable_by_key(|&i| (packed[i], i));
        for (k, &later) in group.iter().enumerate().skip(1) {
            if let Some(&first) = group[..k]
                .iter()
                .find(|&&e| copy_of[e].is_none() && !sizes_differ(e, later) && same(&inputs[e], &inputs[later]))
            {
                copy_of[later] = Some(first);
            }
        }
    }
    if copy_of.iter().all(Option::is_none) {
        return;
    }
    for (later, first) in copy_of.iter().enumerate() {
        if let Some(first) = *first {
            let note = if packed[later] || packed[first] {
                format!("{} holds the same lines, compressed or not (a copy); read once", inputs[later].display)
            } else {
                format!("{} holds the same bytes (a copy); read once", inputs[later].display)
            };
            inputs[first].notes.push(Warning::new(Code::ReadOnce, note));
            let alias = inputs[later].display.clone();
            inputs[first].aliases.push(alias);
        }
    }
    let mut k = 0;
    inputs.retain(|_| {
        k += 1;
        copy_of[k - 1].is_none()
    });
}

fn size(inp: &Input) -> Option<u64> {
    match &inp.origin {
        Origin::File(p) => std::fs::metadata(p).ok().filter(|m| m.is_file()).map(|m| m.len()),
        Origin::Bytes(b) => Some(b.len() as u64),
        _ => None,
    }
}

/// A hash of the first 4 KiB of content, and how many bytes that was; None when the input
/// cannot be read (or decompressed).
fn head_hash(inp: &Input) -> Option<(u64, usize)> {
    use std::hash::{Hash, Hasher};
    let mut buf = vec![0u8; 4096];
    let n = fill(&mut *reader(inp)?, &mut buf)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    buf[..n].hash(&mut h);
    Some((h.finish(), n))
}

/// A hash of the whole content (decompressed); None when the input cannot be read whole.
fn content_hash(inp: &Input) -> Option<u64> {
    use std::hash::Hasher;
    let mut r = reader(inp)?;
    let mut buf = vec![0u8; 64 << 10];
    let mut h = std::collections::hash_map::DefaultHasher::new();
    loop {
        let n = fill(&mut *r, &mut buf)?;
        if n == 0 {
            return Some(h.finish());
        }
        h.write(&buf[..n]);
    }
}

/// Is the input a file or member whose bytes are compressed (gzip, bzip2, xz, zstd)? Asked
/// only of inputs named so (`.gz`, `.bz2`, `.xz`, `.zst`), then by their first bytes, as
/// `open` reads them: a bundle of plain logs is not opened for this.
fn is_compressed(inp: &Input) -> bool {
    let name = inp.display.to_ascii_lowercase();
    if ![".gz", ".bz2", ".xz", ".zst"].iter().any(|e| name.ends_with(e)) {
        return false;
    }
    let Some(mut r) = raw(inp) else { return false };
    let mut head = [0u8; 8];
    fill(&mut *r, &mut head).is_some_and(|_| compressed(sniff(&head)))
}

fn raw(inp: &Input) -> Option<Box<dyn Read + Send + '_>> {
    match &inp.origin {
        Origin::File(p) => std::fs::File::open(p).ok().map(|f| Box::new(f) as Box<dyn Read + Send>),
        Origin::Bytes(b) => Some(Box::new(&b[..])),
        _ => None,
    }
}

/// The input's content: decompressed when its first bytes say it is compressed.
fn reader(inp: &Input) -> Option<Box<dyn Read + Send + '_>> {
    use std::io::BufRead;
    let mut b = std::io::BufReader::new(raw(inp)?);
    let kind = sniff(b.fill_buf().ok()?);
    if compressed(kind) {
        decoder(kind, b).ok()
    } else {
        Some(Box::new(b))
    }
}

/// Do two inputs hold the same content, each decompressed if it is compressed? (False when one
/// cannot be read.)
fn same(a: &Input, b: &Input) -> bool {
    if let (Origin::Bytes(x), Origin::Bytes(y)) = (&a.origin, &b.origin) {
        if !compressed(sniff(x)) && !compressed(sniff(y)) {
            return x[..] == y[..];
        }
    }
    let (Some(mut ra), Some(mut rb)) = (reader(a), reader(b)) else { return false };
    let (mut ba, mut bb) = (vec![0u8; 64 << 10], vec![0u8; 64 << 10]);
    loop {
        let na = fill(&mut *ra, &mut ba);
        let nb = fill(&mut *rb, &mut bb);
        match (na, nb) {
            (Some(x), Some(y)) if x == y && ba[..x] == bb[..y] => {
                if x == 0 {
                    return true;
                }
            }
            _ => return false,
        }
    }
}

/// Read until `buf` is full or the input ends; None on a read error.
fn fill(r: &mut dyn Read, buf: &mut [u8]) -> Option<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_read_once_and_noted() {
        let mut v = vec![
            Input::bytes("a.tar!/auth.log", b"x\ny\n".to_vec()),
            Input::bytes("b.log", b"x\nz\n".to_vec()),
            Input::bytes("a.tar!/auth.log", b"x\ny\n".to_vec()),
            Input::bytes("c.log", b"".to_vec()),
            Input::bytes("d.log", b"".to_vec()),
            Input::bytes("auth.log.1", b"x\ny\n".to_vec()),
        ];
        read_once(&mut v);
        let names: Vec<&str> = v.iter().map(|i| i.display.as_str()).collect();
        // Empty inputs are no copies of each other: each is said to be empty.
        assert_eq!(names, ["a.tar!/auth.log", "b.log", "c.log", "d.log"]);
        assert_eq!(v[0].notes.len(), 2);
        assert!(v[0].notes[1].message.contains("auth.log.1 holds the same bytes"));
        assert!(v[1].notes.is_empty());
    }

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut e, b).unwrap();
        e.finish().unwrap()
    }

    /// A compressed copy is a copy, whichever comes first; a compressed rotation with other
    /// lines, one whose content only starts the same, or a plain file that only starts the
    /// same, is not.
    #[test]
    fn compressed_copies_are_read_once() {
        let log = b"2024-06-12 10:00:00 error a\n".repeat(400);
        let mut longer = log.clone();
        longer.extend_from_slice(b"2024-06-12 10:00:01 error b\n");
        let mut v = vec![
            Input::bytes("error.log.1", log.clone()),
            Input::bytes("error.log.2.gz", gz(&log)),
            Input::bytes("error.log.3.gz", gz(b"2024-06-11 10:00:00 other\n")),
            Input::bytes("error.log.4.gz", gz(&longer)),
            Input::bytes("error.log.5", longer.clone()),
            Input::bytes("bz/error.log.1.bz2", {
                let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
                std::io::Write::write_all(&mut e, &log).unwrap();
                e.finish().unwrap()
            }),
        ];
        read_once(&mut v);
        let names: Vec<&str> = v.iter().map(|i| i.display.as_str()).collect();
        // The plain one of two copies is read, whichever comes first.
        assert_eq!(names, ["error.log.1", "error.log.3.gz", "error.log.5"]);
        assert_eq!(v[0].notes.len(), 2, "{:?}", v[0].notes);
        assert!(v[0].notes[0].message.contains("error.log.2.gz holds the same lines"));
        assert!(v[0].notes[1].message.contains("error.log.1.bz2 holds the same lines"));
        assert!(v[2].notes[0].message.contains("error.log.4.gz holds the same lines"));
        assert_eq!(v[2].names().collect::<Vec<_>>(), ["error.log.5", "error.log.4.gz"]);
        // Many inputs that start the same and differ at their end (rotations under one
        // header): each read once for a hash of its content, the two copies among them found.
        let head = b"2024-06-12 10:00:00 LOG:  header\n".repeat(300);
        let rot = |k: usize| {
            let mut b = head.clone();
            b.extend_from_slice(format!("2024-06-12 10:00:01 ERROR:  tail {k}\n").as_bytes());
            b
        };
        let mut v: Vec<Input> = (0..6).map(|k| Input::bytes(format!("pg.log.{k}.gz"), gz(&rot(k)))).collect();
        v.push(Input::bytes("pg.log.7", rot(3)));
        read_once(&mut v);
        let names: Vec<&str> = v.iter().map(|i| i.display.as_str()).collect();
        assert_eq!(names, ["pg.log.0.gz", "pg.log.1.gz", "pg.log.2.gz", "pg.log.4.gz", "pg.log.5.gz", "pg.log.7"]);
        // The same bytes named .gz but plain are compared as plain bytes.
        let mut v = vec![Input::bytes("a.log", log.clone()), Input::bytes("a.log.gz", log.clone())];
        read_once(&mut v);
        assert_eq!(v.len(), 1);
    }
}
