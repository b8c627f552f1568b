//! Copies of one file in a bundle: a tar with a member appended twice (`tar -r`), a rotated
//! copy beside the file it was copied from, an archive given with its extracted folder. Read
//! twice, every line of such a copy would count twice: 6 failed logins would read as 12 and
//! cross a rule's threshold of 10. Inputs whose bytes are the same as an earlier input's are
//! read once, the earlier one noting the other name (as a file reached by two names is).
//! Only inputs that can be read again are compared (files, archive members); sizes first, so
//! bytes are compared only between inputs of the same size, up to their first difference.

use super::{Input, Origin};
use crate::warning::{Code, Warning};
use std::collections::HashMap;
use std::io::Read;

/// Drop the inputs that are byte-for-byte copies of an earlier one, noting each on it.
pub(super) fn read_once(inputs: &mut Vec<Input>) {
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, inp) in inputs.iter().enumerate() {
        if let Some(n) = size(inp).filter(|&n| n > 0) {
            by_size.entry(n).or_default().push(i);
        }
    }
    // Within a size, by the first 4 KiB (read once per input): a folder of many logs of one
    // size (fixed-size rotation) is then not compared pair by pair.
    let mut groups: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (size, group) in by_size.into_iter().filter(|(_, g)| g.len() > 1) {
        for i in group {
            if let Some(h) = head_hash(&inputs[i]) {
                groups.entry((size, h)).or_default().push(i);
            }
        }
    }
    let mut copy_of: Vec<Option<usize>> = vec![None; inputs.len()];
    for group in groups.values_mut().filter(|g| g.len() > 1) {
        group.sort_unstable();
        for (k, &later) in group.iter().enumerate().skip(1) {
            if let Some(&first) = group[..k].iter().find(|&&e| copy_of[e].is_none() && same(&inputs[e], &inputs[later]))
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
            let note = format!("{} holds the same bytes (a copy); read once", inputs[later].display);
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

/// A hash of the first 4 KiB; None when the input cannot be read.
fn head_hash(inp: &Input) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut buf = vec![0u8; 4096];
    let n = fill(&mut *reader(inp)?, &mut buf)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    buf[..n].hash(&mut h);
    Some(h.finish())
}

fn reader(inp: &Input) -> Option<Box<dyn Read + '_>> {
    match &inp.origin {
        Origin::File(p) => std::fs::File::open(p).ok().map(|f| Box::new(f) as Box<dyn Read>),
        Origin::Bytes(b) => Some(Box::new(&b[..])),
        _ => None,
    }
}

/// Do two inputs of the same size hold the same bytes? (False when one cannot be read.)
fn same(a: &Input, b: &Input) -> bool {
    if let (Origin::Bytes(x), Origin::Bytes(y)) = (&a.origin, &b.origin) {
        return x[..] == y[..];
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
}
