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
//!
//! Two files of one log (the same folder and the same name once rotation and compression
//! suffixes are taken off, see [`super::base_name`]) are also compared line by line, their line
//! ends aside ([`lines_relation`]): a CRLF copy (a log opened and saved on Windows) holds the
//! same lines, and an earlier copy of a live log (`mta.txt.1.gz` taken before `mta.txt` grew)
//! holds its first lines. Read both, each of those lines counted twice (hostile tester W: 12
//! flow-control lines read as 24 and crossed a rule's threshold; two password failures in a
//! whole-second PostgreSQL log read as four and confirmed PG-AUTH). The copy is read once,
//! under the file that holds all of it.

use super::kind::{compressed, decoder, sniff};
use super::{Input, Origin};
use crate::warning::{Code, Warning};
use std::collections::HashMap;
use std::io::Read;

/// Drop the inputs that are copies of another (byte for byte, or of one log's lines: see the
/// module's doc), noting each on the one read.
pub(super) fn read_once(inputs: &mut Vec<Input>) {
    same_bytes(inputs);
    same_lines(inputs);
}

/// Drop the inputs that are byte-for-byte copies of an earlier one, noting each on it.
fn same_bytes(inputs: &mut Vec<Input>) {
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

/// Line comparisons per run between files of one log whose first lines agree (each reads both
/// files up to their first difference): a month of rotations that share a header costs at
/// most this many reads. Past it, the files left are read each and said to be.
const MAX_LINE_COMPARES: usize = 4096;

/// Drop the inputs of one log (same folder, same base name) that hold the same lines as another
/// of them, line ends aside, or only its first lines (an earlier copy of it), noting each on the
/// one kept.
fn same_lines(inputs: &mut Vec<Input>) {
    let mut families: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, inp) in inputs.iter().enumerate() {
        // An empty file is no copy of anything (each is said to be empty).
        if !matches!(inp.origin, Origin::File(_) | Origin::Bytes(_)) || size(inp) == Some(0) {
            continue;
        }
        families.entry(super::log_of(&inp.display)).or_default().push(i);
    }
    let mut families: Vec<Vec<usize>> = families.into_values().filter(|f| f.len() > 1).collect();
    if families.is_empty() {
        return;
    }
    families.sort_unstable();
    let mut gone: Vec<Option<(usize, Relation)>> = vec![None; inputs.len()];
    let mut budget = MAX_LINE_COMPARES;
    let mut unfinished: Vec<usize> = Vec::new();
    for family in families {
        if budget == 0 {
            unfinished.extend(family.iter().copied().filter(|&i| gone[i].is_none()));
            continue;
        }
        // The first lines of each, line ends aside: most files of one log differ there. Sorted
        // by them, the files whose first lines another's start with follow it, and the search
        // for each stops at the first that does not: no pair by pair (a tar of a million
        // members of one name).
        // Only text is compared: a file that the scan will find binary (a crash's garbage in
        // its first 8 KiB) is no file to read another within (hostile tester W: the readable
        // earlier copy was dropped into a file then skipped as binary).
        let mut heads: Vec<(Vec<u8>, usize)> =
            family.iter().filter_map(|&i| head_lines(&inputs[i]).filter(|h| !h.is_empty()).map(|h| (h, i))).collect();
        heads.sort_unstable();
        for x in 0..heads.len() {
            let (ha, a) = (&heads[x].0, heads[x].1);
            for (hb, b) in heads.iter().skip(x + 1) {
                let b = *b;
                if gone[a].is_some() {
                    break;
                }
                if gone[b].is_some() {
                    continue;
                }
                if !hb.starts_with(ha) {
                    break;
                }
                if budget == 0 {
                    unfinished.extend(family.iter().copied().filter(|&i| gone[i].is_none()));
                    break;
                }
                budget -= 1;
                match lines_relation(&inputs[a], &inputs[b]) {
                    Some(Relation::Same) => {
                        // The plain one, else the first, is read.
                        let (keep, copy) = if is_compressed(&inputs[a]) && !is_compressed(&inputs[b]) {
                            (b, a)
                        } else if is_compressed(&inputs[b]) && !is_compressed(&inputs[a]) {
                            (a, b)
                        } else {
                            (a.min(b), a.max(b))
                        };
                        gone[copy] = Some((keep, Relation::Same));
                    }
                    Some(Relation::FirstOf) => gone[a] = Some((b, Relation::FirstOf)),
                    Some(Relation::Holds) => gone[b] = Some((a, Relation::FirstOf)),
                    None => {}
                }
            }
        }
    }
    unfinished.sort_unstable();
    unfinished.dedup();
    for i in unfinished {
        inputs[i].notes.push(Warning::new(
            Code::ReadOnce,
            format!(
                "not compared with the other files of its log: more than {MAX_LINE_COMPARES} comparisons of files that start alike; lines it shares with them (an earlier copy) are counted in each"
            ),
        ));
    }
    // A copy of a copy is noted on the input read.
    let kept = |mut i: usize| {
        while let Some((k, _)) = gone[i] {
            i = k;
        }
        i
    };
    for copy in 0..inputs.len() {
        let Some((_, how)) = gone[copy] else { continue };
        let keep = kept(copy);
        let note = match how {
            Relation::FirstOf => format!(
                "{} holds only this log's first lines (an earlier copy of it, taken before it grew); read once, here",
                inputs[copy].display
            ),
            _ => format!("{} holds the same lines, line ends aside (a copy); read once", inputs[copy].display),
        };
        inputs[keep].notes.push(Warning::new(Code::ReadOnce, note));
        let mut names: Vec<String> = inputs[copy].names().map(str::to_string).collect();
        inputs[keep].aliases.append(&mut names);
    }
    let mut k = 0;
    inputs.retain(|_| {
        k += 1;
        gone[k - 1].is_none()
    });
}

/// How the lines of one input stand to another's ([`lines_relation`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Relation {
    /// The same lines.
    Same,
    /// The first input's lines are the second's first lines (its last line perhaps cut short:
    /// a copy taken while the log was written).
    FirstOf,
    /// The first input holds the second's lines and more.
    Holds,
}

/// Bytes of lines compared first ([`head_lines`]).
const HEAD_BYTES: usize = 4096;

/// The first lines of an input (about [`HEAD_BYTES`]), each ended by a bare `\n` whatever its
/// end was; None when it cannot be read or its first 8 KiB are no text ([`texty`]). Read once
/// for both: 8 KiB of content hold at least [`HEAD_BYTES`] of lines when the input goes on.
fn head_lines(inp: &Input) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 2 * HEAD_BYTES];
    let n = fill(&mut *reader(inp)?, &mut buf)?;
    buf.truncate(n);
    if !texty(&buf) {
        return None;
    }
    let mut r = Lines::new(Box::new(&buf[..]));
    let mut out = Vec::new();
    while out.len() < HEAD_BYTES {
        match r.next_line()? {
            Some((line, ended)) => {
                out.extend_from_slice(line);
                if ended {
                    out.push(b'\n');
                }
            }
            None => break,
        }
    }
    // Exactly as long when longer: two heads of long files then start one another only when
    // they are equal.
    out.truncate(HEAD_BYTES);
    Some(out)
}

/// Compare two inputs line by line, a line's end (`\n` or `\r\n`) aside. None: neither holds
/// the other's lines (or one cannot be read). An input whose last line has no end (it was
/// copied while the log was written) holds the other's first lines when that line starts the
/// other's line at the same place.
///
/// Lines alike are a copy only when one of them carries a time stamp with its day ([`has_date`]:
/// a daily job writes `02:00:00 backup failed` every night, and yesterday's log is then the
/// start of today's; hostile testers X and Y), or, for the same lines, when their ends differ (a
/// converted copy).
fn lines_relation(a: &Input, b: &Input) -> Option<Relation> {
    let (mut ra, mut rb) = (Lines::new(reader(a)?), Lines::new(reader(b)?));
    let mut dated = false;
    loop {
        // What the two lines say: go on, or one of them is cut and its file must end there.
        let cut = match (ra.next_line()?, rb.next_line()?) {
            (None, None) => return (dated || ra.crlf != rb.crlf).then_some(Relation::Same),
            (None, Some(_)) => return dated.then_some(Relation::FirstOf),
            (Some(_), None) => return dated.then_some(Relation::Holds),
            (Some((x, xe)), Some((y, ye))) if x == y && xe == ye => {
                dated = dated || has_date(x);
                continue;
            }
            (Some((x, false)), Some((y, _))) if y.starts_with(x) => Relation::FirstOf,
            (Some((x, _)), Some((y, false))) if x.starts_with(y) => Relation::Holds,
            _ => return None,
        };
        let over = match cut {
            Relation::FirstOf => ra.next_line()?.is_none(),
            _ => rb.next_line()?.is_none(),
        };
        return (over && dated).then_some(cut);
    }
}

/// Does a line hold a time stamp: a date (a day) with a time of day right after it
/// (`2024-06-12 10:00:01`, `2024-06-12T10:00`, `12/Jun/2024:10:00:00`, `Jun 12 10:00:00`,
/// `12-Jun-2024 10:00:00`, `12/06/2024 10:00`)? A date alone is none: a version
/// (`agent 2024.06.12`) or a build date in a banner repeats in every day's log (hostile tester
/// Y); nor is a number that could be an epoch time (a job id).
fn has_date(line: &[u8]) -> bool {
    static STAMP: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    STAMP
        .get_or_init(|| {
            regex::bytes::Regex::new(
                r"(?x)
                (?:
                    (?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])
                  | (?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d
                  | (?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d
                  | \d\d?[-/\ ](?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[-/\ ](?:19|20)\d\d
                  | \b(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\ +\d\d?
                  | (?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])
                )
                [T\ _:,-]{1,2}\d\d?:?\d\d",
            )
            .ok()
        })
        .as_ref()
        .is_some_and(|re| re.is_match(line))
}

/// Is the start of an input's content text (no NUL and no control byte but tab, line ends,
/// form feed and escape)? What the scan reads whole (UTF-8, or an 8-bit code page it converts
/// the same way in both files); a file it would call binary is not compared.
fn texty(head: &[u8]) -> bool {
    !head.iter().any(|&c| (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || c == 0x7f)
}

/// An input's lines without their ends (`\n`, `\r\n`), each with whether it had one.
struct Lines<'a> {
    r: std::io::BufReader<Box<dyn Read + Send + 'a>>,
    buf: Vec<u8>,
    /// Some line so far ended in `\r\n`.
    crlf: bool,
    /// The first line is next (a UTF-8 byte-order mark before it is no text of it).
    first: bool,
}

impl<'a> Lines<'a> {
    fn new(r: Box<dyn Read + Send + 'a>) -> Lines<'a> {
        Lines { r: std::io::BufReader::with_capacity(64 << 10, r), buf: Vec::new(), crlf: false, first: true }
    }

    /// The next line and whether it ended; Some(None) at the end, None on a read error.
    fn next_line(&mut self) -> Option<Option<(&[u8], bool)>> {
        use std::io::BufRead;
        self.buf.clear();
        let n = self.r.read_until(b'\n', &mut self.buf).ok()?;
        if n == 0 {
            return Some(None);
        }
        let ended = self.buf.last() == Some(&b'\n');
        let mut line = &self.buf[..];
        if std::mem::take(&mut self.first) {
            line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        }
        if ended {
            line = &line[..line.len() - 1];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
                self.crlf = true;
            }
        }
        Some(Some((line, ended)))
    }
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
        // The plain one of two copies is read, whichever comes first (`error.log.1`, with the
        // `.2.gz` and the `.bz2` in another folder); it holds the first lines of `error.log.5`
        // (same log, same folder) and is read within it, with its copies' names.
        assert_eq!(names, ["error.log.3.gz", "error.log.5"]);
        let notes: Vec<&str> = v[1].notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("error.log.4.gz holds the same lines"));
        assert!(notes[1].contains("error.log.1 holds only this log's first lines"));
        assert_eq!(
            v[1].names().collect::<Vec<_>>(),
            ["error.log.5", "error.log.4.gz", "error.log.1", "error.log.2.gz", "bz/error.log.1.bz2"]
        );
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

    /// Files of one log: a CRLF copy holds the same lines; an earlier copy (compressed or not,
    /// its last line perhaps cut) holds the first lines of the live log; both are read once,
    /// within the file that holds all of their lines. Rotations that only overlap, a file of
    /// another log or folder, and a cut line that is no start of the other's line are kept.
    #[test]
    fn copies_of_one_logs_lines_are_read_once() {
        let lines: Vec<String> =
            (0..300).map(|k| format!("2024-06-12 10:{:02}:{:02} FATAL: refused {k}", k / 60, k % 60)).collect();
        let text =
            |r: std::ops::Range<usize>, end: &str| lines[r].iter().map(|l| format!("{l}{end}")).collect::<String>();
        let live = text(0..300, "\n");
        let mut cut = text(0..100, "\n");
        cut.push_str(&lines[100][..20]);
        let names = |v: &[Input]| v.iter().map(|i| i.display.clone()).collect::<Vec<_>>();
        let mut v = vec![
            Input::bytes("b/mta.txt", live.clone().into_bytes()),
            Input::bytes("b/mta.txt.1.gz", gz(text(0..300, "\r\n").as_bytes())),
            Input::bytes("b/mta.txt.2.gz", gz(text(0..200, "\n").as_bytes())),
            Input::bytes("b/mta.txt.3", cut.into_bytes()),
            Input::bytes("b/mta.txt.4", text(150..300, "\n").into_bytes()),
            Input::bytes("b/other.txt", text(0..100, "\n").into_bytes()),
            Input::bytes("c/mta.txt", text(0..120, "\n").into_bytes()),
        ];
        read_once(&mut v);
        assert_eq!(names(&v), ["b/mta.txt", "b/mta.txt.4", "b/other.txt", "c/mta.txt"]);
        let notes: Vec<&str> = v[0].notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes.iter().any(|n| n.starts_with("b/mta.txt.1.gz holds the same lines, line ends aside")));
        assert!(notes.iter().any(|n| n.starts_with("b/mta.txt.2.gz holds only this log's first lines")));
        assert!(notes.iter().any(|n| n.starts_with("b/mta.txt.3 holds only this log's first lines")));
        // A cut line that goes on otherwise in the other file, or lines after a cut line: no copy.
        let mut wrong = text(0..100, "\n");
        wrong.push_str("2024-06-12 10:01:40 FATAL: refused 999");
        let mut after = text(0..100, "\n");
        after.push_str(&lines[100][..20]);
        after.push('\n');
        after.push_str(&text(101..102, "\n"));
        assert_eq!(
            kept(vec![
                Input::bytes("d/x.log", live.clone().into_bytes()),
                Input::bytes("d/x.log.1", wrong.into_bytes()),
                Input::bytes("d/x.log.2", after.into_bytes()),
            ]),
            ["d/x.log", "d/x.log.1", "d/x.log.2"]
        );
        // The CRLF copy alone, plain and first: the one without CRs... either is whole; the
        // plain one is read, the compressed one noted.
        let mut v = vec![
            Input::bytes("e/x.log.1.gz", gz(live.as_bytes())),
            Input::bytes("e/x.log", text(0..300, "\r\n").into_bytes()),
        ];
        read_once(&mut v);
        assert_eq!(names(&v), ["e/x.log"]);
        assert_eq!(v[0].names().collect::<Vec<_>>(), ["e/x.log", "e/x.log.1.gz"]);
    }

    /// What is no copy of a log's lines, found by hostile tester W: a file read within one the
    /// scan skips as binary; yesterday's undated lines that today's log starts with. A BOM, and
    /// a CRLF copy of undated lines, are still copies; a month of growing copies is read once
    /// whole.
    #[test]
    fn only_dated_text_is_read_within_another_file() {
        let names = |v: &[Input]| v.iter().map(|i| i.display.clone()).collect::<Vec<_>>();
        let fails: String = (1..=5).map(|k| format!("2024-06-12 10:00:0{k} UTC [12{k}] FATAL:  refused\n")).collect();
        let first3: String = fails.lines().take(3).map(|l| format!("{l}\n")).collect();
        let mut garbage = fails.clone().into_bytes();
        garbage.extend((0..3000u32).map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert_eq!(
            kept(vec![Input::bytes("db/pg.log", garbage), Input::bytes("db/pg.log.1", first3.clone().into_bytes())]),
            ["db/pg.log", "db/pg.log.1"]
        );
        // Undated lines: two nights of one job, not a copy; the same lines with CRLF are.
        let night = "02:00:00 ERROR backup failed: No space left on device\n";
        assert_eq!(
            kept(vec![
                Input::bytes("app/app.log", format!("{night}03:00:00 INFO done\n").into_bytes()),
                Input::bytes("app/app.log.1", night.as_bytes().to_vec()),
            ]),
            ["app/app.log", "app/app.log.1"]
        );
        assert_eq!(
            kept(vec![
                Input::bytes("app/app.log", night.repeat(3).into_bytes()),
                Input::bytes("app/app.log.1", night.replace('\n', "\r\n").repeat(3).into_bytes()),
            ]),
            ["app/app.log"]
        );
        // A byte-order mark before the copy's first line.
        let mut v = vec![
            Input::bytes("db/pg.log", fails.clone().into_bytes()),
            Input::bytes("db/pg.log.1", [&b"\xef\xbb\xbf"[..], first3.as_bytes()].concat()),
        ];
        read_once(&mut v);
        assert_eq!(names(&v), ["db/pg.log"]);
        // 300 copies, each the first k lines of the last: one read.
        let lines: Vec<String> = (0..300)
            .map(|k| format!("2024-06-12 10:{:02}:{:02} UTC [1] FATAL:  refused {k}\n", k / 60, k % 60))
            .collect();
        let mut v: Vec<Input> =
            (1..=300).map(|k| Input::bytes(format!("db/pg.log.{k}"), lines[..k].concat().into_bytes())).collect();
        read_once(&mut v);
        assert_eq!(names(&v), ["db/pg.log.300"]);
        for undated in [
            &b"02:00:00 ERROR backup failed"[..],
            b"ERROR: agent 2024.06.12 could not write block",
            b"MyApp 5.2 (build of 2024-06-12) log opened",
            b"job 1718186401 failed",
            b"host 10.12.06.24 refused",
        ] {
            assert!(date_free(undated), "{}", String::from_utf8_lossy(undated));
        }
        for dated in [
            &b"2024-06-12 10:00:00"[..],
            b"2024-06-12T10:00:00.123Z",
            b"12/06/2024 10:00",
            b"[12/Jun/2024:10:00:00 +0000]",
            b"Jun 12 10:00:00 host",
            b"[Wed Jun 12 10:00:00.123456 2024] [core:error]",
            b"12-Jun-2024 10:00:00.123 SEVERE",
            b"20240612T100000",
        ] {
            assert!(!date_free(dated), "{}", String::from_utf8_lossy(dated));
        }
        // A log in an 8-bit code page (Windows-1252: `é` as one byte) and its CRLF copy.
        let ansi: Vec<u8> = (1..=5)
            .flat_map(|k| format!("2024-06-12 10:00:0{k} ERROR caf\u{1}\n").into_bytes())
            .map(|b| if b == 1 { 0xe9 } else { b })
            .collect();
        let crlf: Vec<u8> = ansi.iter().flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] }).collect();
        assert_eq!(kept(vec![Input::bytes("w/app.log", ansi), Input::bytes("w/app.log.1", crlf)]), ["w/app.log"]);
        // A dated banner over undated lines: two days of one log, not a copy.
        let banner = "MyApp 5.2 (build of 2024-06-12) log opened\n02:00:00 ERROR: No space left on device\n";
        assert_eq!(
            kept(vec![
                Input::bytes("app/app.log", format!("{banner}02:10:00 ERROR: No space left on device\n").into_bytes()),
                Input::bytes("app/app.log.1", banner.as_bytes().to_vec()),
            ]),
            ["app/app.log", "app/app.log.1"]
        );
    }

    /// The names of the inputs read, once `v`'s copies are dropped.
    fn kept(mut v: Vec<Input>) -> Vec<String> {
        read_once(&mut v);
        v.iter().map(|i| i.display.clone()).collect()
    }

    fn date_free(l: &[u8]) -> bool {
        !has_date(l)
    }
}
