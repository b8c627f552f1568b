//! Paths → inputs: files, folders (walked recursively), archives and compressed files
//! (recognised by content, not by name), and `-` for stdin. Nothing found here is dropped
//! silently: what cannot be read becomes an input with a warning.
//!
//! Archives (`.zip`, `.tar`, and tar inside gzip, bzip2, xz or zstd, nested up to a depth) are
//! read as streams, never extracted to disk: each member becomes an input of its own, shown as
//! `bundle.zip!/marketing/log/wfserver.log`. Members are held in memory, bounded by
//! [`Limits::max_bytes`] over the whole run; a single compressed file (`web.log.2.gz`) stays a
//! stream that the scanner decompresses as it reads.

use crate::warning::{Code, Warning};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One log source to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as the user will recognise it (relative to the folder given, if any);
    /// archive members as `archive!/member`.
    pub display: String,
    pub origin: Origin,
    /// Notes from collecting it (other names it was given, archive limits): warnings on it.
    pub notes: Vec<Warning>,
    /// Modification time of the file or archive member (ms since the epoch), when known:
    /// the year of a log that writes times without one.
    pub mtime_ms: Option<i64>,
}

impl Input {
    /// An input made of bytes already in memory (tests, fuzzing, a server's request body).
    pub fn bytes(display: impl Into<String>, data: impl Into<Arc<[u8]>>) -> Input {
        Input { display: display.into(), origin: Origin::Bytes(data.into()), notes: Vec::new(), mtime_ms: None }
    }

    fn new(display: String, origin: Origin) -> Input {
        Input { display, origin, notes: Vec::new(), mtime_ms: None }
    }
}

#[derive(Debug, Clone)]
pub enum Origin {
    File(PathBuf),
    Stdin,
    /// Something found while collecting that cannot be read (a folder without permission, a
    /// symbolic-link loop, a broken archive member): reported as an input with this warning.
    Problem(Warning),
    /// Bytes already in memory (archive members, tests, embedding kbdiag in another tool).
    Bytes(Arc<[u8]>),
}

/// A path given on the command line that could not be used at all.
#[derive(Debug, Clone)]
pub struct PathProblem {
    pub path: String,
    pub message: String,
}

/// Bounds against archive bombs. The defaults are far above any real support bundle.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of archive members held in memory, over the whole run (decompressed).
    pub max_bytes: u64,
    /// Archives inside archives: how deep.
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 16 << 30, max_depth: 4 }
    }
}

/// What a stream's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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

fn sniff(head: &[u8]) -> Kind {
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
fn is_tar(head: &[u8]) -> bool {
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
fn decoder<'a, R: Read + Send + 'a>(kind: Kind, r: R) -> io::Result<Box<dyn Read + Send + 'a>> {
    Ok(match kind {
        Kind::Gzip => Box::new(flate2::read::MultiGzDecoder::new(r)),
        Kind::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(r)),
        Kind::Xz => Box::new(xz2::read::XzDecoder::new_multi_decoder(r)),
        Kind::Zstd => Box::new(zstd::stream::read::Decoder::new(r)?),
        _ => Box::new(r),
    })
}

fn compressed(kind: Kind) -> bool {
    matches!(kind, Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd)
}

/// Up to `n` bytes from the start of a reader.
fn read_head(r: &mut dyn Read, n: usize) -> Vec<u8> {
    let mut head = Vec::with_capacity(n);
    let _ = r.take(n as u64).read_to_end(&mut head);
    head
}

/// The collector's state over one run: limits, what was spent, files already seen.
struct Collector {
    limits: Limits,
    spent: u64,
    /// (device, inode) → index of the input already made for that file.
    seen: HashMap<(u64, u64), usize>,
    out: Vec<Input>,
}

/// Expand the user's paths into inputs, in a stable order (folders sorted by name).
pub fn collect(paths: &[String]) -> (Vec<Input>, Vec<PathProblem>) {
    collect_with(paths, Limits::default())
}

/// As [`collect`], with explicit archive limits.
pub fn collect_with(paths: &[String], limits: Limits) -> (Vec<Input>, Vec<PathProblem>) {
    let mut c = Collector { limits, spent: 0, seen: HashMap::new(), out: Vec::new() };
    let mut problems = Vec::new();
    for p in paths {
        if p == "-" {
            c.stdin();
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => problems.push(PathProblem { path: p.clone(), message: io_message(&e) }),
            Ok(m) if m.is_dir() => c.walk(path),
            Ok(_) => c.file(path, p.clone()),
        }
    }
    (c.out, problems)
}

impl Collector {
    fn walk(&mut self, root: &Path) {
        // walkdir follows links, detects loops and reports per-entry errors; we keep each error
        // as an input with a warning.
        for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let display = e.path().display().to_string();
                    let display = display.strip_prefix("./").map(str::to_string).unwrap_or(display);
                    self.file(e.path(), display);
                }
                Ok(_) => {}
                Err(err) => {
                    let display = err.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    let msg = if err.loop_ancestor().is_some() {
                        "folder already walked (symbolic link loop); skipped".to_string()
                    } else {
                        match err.io_error() {
                            Some(io) => format!("cannot open: {}", io_message(io)),
                            None => err.to_string(),
                        }
                    };
                    self.out.push(Input::new(display, Origin::Problem(Warning::new(Code::Unreadable, msg))));
                }
            }
        }
    }

    /// A file on disk: read once however many names reach it, expanded when it is an archive.
    fn file(&mut self, path: &Path, display: String) {
        let meta = std::fs::metadata(path);
        if let Ok(m) = &meta {
            if let Some(key) = file_key(m) {
                if let Some(&first) = self.seen.get(&key) {
                    let shown = self.out[first].display.clone();
                    self.out[first]
                        .notes
                        .push(Warning::new(Code::ReadOnce, format!("also given as {display}; read once")));
                    let _ = shown;
                    return;
                }
                self.seen.insert(key, self.out.len());
            }
        }
        let mtime_ms = meta.as_ref().ok().and_then(|m| m.modified().ok()).and_then(system_ms);
        let mut f = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.out.push(Input::new(
                    display,
                    Origin::Problem(Warning::new(Code::Unreadable, format!("cannot open: {}", io_message(&e)))),
                ));
                return;
            }
        };
        let head = read_head(&mut f, 512);
        let kind = sniff(&head);
        let start = self.out.len();
        match kind {
            Kind::Unsupported(what) => self.out.push(Input::new(
                display.clone(),
                Origin::Problem(Warning::new(
                    Code::UnsupportedArchive,
                    format!(
                        "{what} archive: not read (kbdiag opens zip and tar archives); extract it and give the folder"
                    ),
                )),
            )),
            Kind::Zip => match File::open(path) {
                Ok(f) => self.zip(f, &display, 1),
                Err(e) => self
                    .out
                    .push(Input::new(display.clone(), Origin::Problem(Warning::new(Code::Unreadable, io_message(&e))))),
            },
            Kind::Tar => match File::open(path) {
                Ok(f) => self.tar(Box::new(f), &display, 1),
                Err(e) => self
                    .out
                    .push(Input::new(display.clone(), Origin::Problem(Warning::new(Code::Unreadable, io_message(&e))))),
            },
            k if compressed(k) && self.tar_inside(k, File::open(path).ok()) => {
                match File::open(path).and_then(|f| decoder(k, BufReader::new(f))) {
                    Ok(d) => self.tar(d, &display, 1),
                    Err(e) => self.out.push(Input::new(
                        display.clone(),
                        Origin::Problem(Warning::new(Code::Unreadable, io_message(&e))),
                    )),
                }
            }
            _ => self.out.push(Input::new(display.clone(), Origin::File(path.to_path_buf()))),
        }
        if start == self.out.len() && !matches!(kind, Kind::Plain | Kind::Unsupported(_)) && !compressed(kind) {
            let mut i =
                Input::new(display, Origin::Problem(Warning::new(Code::EmptyArchive, "empty archive: no file in it")));
            i.mtime_ms = mtime_ms;
            self.out.push(i);
        }
        for i in &mut self.out[start..] {
            i.mtime_ms = i.mtime_ms.or(mtime_ms);
        }
    }

    /// Does this compressed stream hold a tar archive?
    fn tar_inside<R: Read + Send>(&self, kind: Kind, r: Option<R>) -> bool {
        let Some(r) = r else { return false };
        match decoder(kind, r) {
            Ok(mut d) => is_tar(&read_head(&mut d, 512)),
            Err(_) => false,
        }
    }

    /// Stdin: peeked (not consumed) to see whether it is an archive; a log stays a stream.
    fn stdin(&mut self) {
        let mut lock = io::stdin().lock();
        let head = lock.fill_buf().map(|b| b.to_vec()).unwrap_or_default();
        let kind = sniff(&head);
        let inner_tar = compressed(kind)
            && decoder(kind, Cursor::new(head.clone())).is_ok_and(|mut d| is_tar(&read_head(&mut d, 512)));
        if kind == Kind::Zip || kind == Kind::Tar || inner_tar {
            let mut all = Vec::new();
            let cap = self.limits.max_bytes.saturating_sub(self.spent);
            let _ = (&mut lock).take(cap.saturating_add(1)).read_to_end(&mut all);
            drop(lock);
            self.spent += all.len() as u64;
            self.member("<stdin>".into(), all, None, 0);
        } else {
            self.out.push(Input::new("<stdin>".into(), Origin::Stdin));
        }
    }

    /// Bytes of an archive member (or stdin): expanded again if they are an archive.
    fn member(&mut self, display: String, data: Vec<u8>, mtime_ms: Option<i64>, depth: u32) {
        let kind = sniff(&data);
        let archive = matches!(kind, Kind::Zip | Kind::Tar)
            || (compressed(kind) && self.tar_inside(kind, Some(Cursor::new(&data[..data.len().min(64 << 10)]))));
        if archive && depth >= self.limits.max_depth {
            let mut i = Input::new(
                display,
                Origin::Problem(Warning::new(
                    Code::ArchiveDepth,
                    format!(
                        "archive nested deeper than {} level(s); skipped (raise --max-archive-depth)",
                        self.limits.max_depth
                    ),
                )),
            );
            i.mtime_ms = mtime_ms;
            self.out.push(i);
            return;
        }
        let start = self.out.len();
        let data: Arc<[u8]> = data.into();
        match kind {
            Kind::Unsupported(what) => self.out.push(Input::new(
                display,
                Origin::Problem(Warning::new(
                    Code::UnsupportedArchive,
                    format!(
                        "{what} archive: not read (kbdiag opens zip and tar archives); extract it and give the folder"
                    ),
                )),
            )),
            Kind::Zip if archive => self.zip(Cursor::new(data), &display, depth + 1),
            Kind::Tar => self.tar(Box::new(Cursor::new(data)), &display, depth + 1),
            k if archive => match decoder(k, Cursor::new(data)) {
                Ok(d) => self.tar(d, &display, depth + 1),
                Err(e) => {
                    self.out.push(Input::new(display, Origin::Problem(Warning::new(Code::Unreadable, io_message(&e)))))
                }
            },
            _ => self.out.push(Input::new(display, Origin::Bytes(data))),
        }
        for i in &mut self.out[start..] {
            i.mtime_ms = i.mtime_ms.or(mtime_ms);
        }
    }

    /// Read one member's bytes within the run's budget; `None` (with a problem input) when
    /// the budget is spent.
    fn take_member(&mut self, r: &mut dyn Read, display: &str) -> Option<Vec<u8>> {
        let cap = self.limits.max_bytes.saturating_sub(self.spent);
        let mut data = Vec::new();
        match r.take(cap.saturating_add(1)).read_to_end(&mut data) {
            Ok(_) if data.len() as u64 > cap => {
                self.spent = self.limits.max_bytes;
                self.out.push(Input::new(
                    display.to_string(),
                    Origin::Problem(Warning::new(
                        Code::ArchiveBytes,
                        format!(
                            "archive limit reached: more than {} decompressed; this member and the rest of the archive were skipped (raise --max-archive-bytes)",
                            human_bytes(self.limits.max_bytes)
                        ),
                    )),
                ));
                None
            }
            Ok(_) => {
                self.spent += data.len() as u64;
                Some(data)
            }
            Err(e) => {
                self.out.push(Input::new(
                    display.to_string(),
                    Origin::Problem(Warning::new(
                        Code::Unreadable,
                        format!("cannot read this archive member: {}", io_message(&e)),
                    )),
                ));
                None
            }
        }
    }

    fn zip<R: Read + Seek>(&mut self, r: R, display: &str, depth: u32) {
        let mut z = match zip::ZipArchive::new(r) {
            Ok(z) => z,
            Err(e) => {
                self.out.push(Input::new(
                    display.to_string(),
                    Origin::Problem(Warning::new(Code::Unreadable, format!("cannot read zip archive: {e}"))),
                ));
                return;
            }
        };
        for k in 0..z.len() {
            let mut m = match z.by_index(k) {
                Ok(m) => m,
                Err(e) => {
                    self.out.push(Input::new(
                        format!("{display}!/#{k}"),
                        Origin::Problem(Warning::new(Code::Unreadable, format!("cannot read zip member: {e}"))),
                    ));
                    continue;
                }
            };
            if m.is_dir() {
                continue;
            }
            let name = format!("{display}!/{}", m.name().trim_start_matches('/'));
            let mtime = m.last_modified().and_then(zip_ms);
            let Some(data) = self.take_member(&mut m, &name) else {
                if self.spent >= self.limits.max_bytes {
                    return;
                }
                continue;
            };
            drop(m);
            self.member(name, data, mtime, depth);
        }
    }

    fn tar(&mut self, r: Box<dyn Read + Send + '_>, display: &str, depth: u32) {
        let mut a = tar::Archive::new(r);
        let entries = match a.entries() {
            Ok(e) => e,
            Err(e) => {
                self.out.push(Input::new(
                    display.to_string(),
                    Origin::Problem(Warning::new(Code::Unreadable, format!("cannot read tar archive: {e}"))),
                ));
                return;
            }
        };
        for entry in entries {
            let mut e = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.out.push(Input::new(
                        display.to_string(),
                        Origin::Problem(Warning::new(
                            Code::ReadStopped,
                            format!("tar archive broken here: {err}; the rest is skipped"),
                        )),
                    ));
                    return;
                }
            };
            if !matches!(e.header().entry_type(), tar::EntryType::Regular | tar::EntryType::Continuous) {
                continue;
            }
            let path = e.path().map(|p| p.display().to_string()).unwrap_or_else(|_| "?".into());
            let name = format!("{display}!/{}", path.trim_start_matches("./").trim_start_matches('/'));
            let mtime = e.header().mtime().ok().and_then(|s| i64::try_from(s).ok()).map(|s| s.saturating_mul(1000));
            let Some(data) = self.take_member(&mut e, &name) else {
                return;
            };
            self.member(name, data, mtime, depth);
        }
    }
}

/// A byte size for people: 16 GiB, 12.3 MiB, 512 B.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(unix)]
fn file_key(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_key(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

fn system_ms(t: std::time::SystemTime) -> Option<i64> {
    t.duration_since(std::time::UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_millis()).ok())
}

fn zip_ms(d: zip::DateTime) -> Option<i64> {
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(d.year()), u32::from(d.month()), u32::from(d.day()))?;
    let t = date.and_hms_opt(u32::from(d.hour()), u32::from(d.minute()), u32::from(d.second()))?;
    Some(t.and_utc().timestamp_millis())
}

pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// An opened input: a buffered reader over the decompressed bytes, and notes about it.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub gzip: bool,
    pub warnings: Vec<Warning>,
}

/// Open an input, decompressing gzip, bzip2, xz or zstd when the content (not only the name)
/// says so.
pub fn open(input: &Input) -> Result<Opened, Warning> {
    let raw: Box<dyn Read + Send> = match &input.origin {
        Origin::Stdin => Box::new(io::stdin()),
        Origin::File(p) => Box::new(
            File::open(p).map_err(|e| Warning::new(Code::Unreadable, format!("cannot open: {}", io_message(&e))))?,
        ),
        Origin::Problem(w) => return Err(w.clone()),
        Origin::Bytes(b) => Box::new(Cursor::new(b.clone())),
    };
    let mut buffered = BufReader::with_capacity(256 * 1024, raw);
    let head =
        buffered.fill_buf().map_err(|e| Warning::new(Code::Unreadable, format!("cannot read: {}", io_message(&e))))?;
    let kind = sniff(head);
    let mut warnings = Vec::new();
    if let Origin::File(p) = &input.origin {
        if p.to_str().is_none() {
            warnings.push(Warning::new(Code::NameNotUtf8, "the file name is not valid UTF-8; it is shown with U+FFFD"));
        }
    }
    for (ext, k, what) in [
        (".gz", Kind::Gzip, "gzip"),
        (".bz2", Kind::Bzip2, "bzip2"),
        (".xz", Kind::Xz, "xz"),
        (".zst", Kind::Zstd, "zstd"),
    ] {
        if input.display.ends_with(ext) && kind != k {
            warnings.push(Warning::new(
                Code::NotCompressed,
                format!("named {ext} but not {what} data; read as plain text"),
            ));
        }
    }
    if compressed(kind) {
        let dec = decoder(kind, buffered)
            .map_err(|e| Warning::new(Code::Unreadable, format!("cannot decompress: {}", io_message(&e))))?;
        let piped = Pipelined::new(dec);
        Ok(Opened { reader: Box::new(BufReader::with_capacity(256 * 1024, piped)), gzip: true, warnings })
    } else {
        Ok(Opened { reader: Box::new(buffered), gzip: false, warnings })
    }
}

/// Decompression on a thread of its own, a few 1 MiB chunks ahead of the reader: a single
/// large `.gz` is inflated on one core while it is scanned on another. The thread ends at the
/// end of the data, on an error (passed on to the reader), or when the reader is dropped.
struct Pipelined {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    cur: Vec<u8>,
    pos: usize,
}

impl Pipelined {
    const CHUNK: usize = 1 << 20;

    fn new(mut r: Box<dyn Read + Send + 'static>) -> Pipelined {
        let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(4);
        std::thread::spawn(move || loop {
            let mut buf = vec![0u8; Self::CHUNK];
            let mut filled = 0;
            while filled < buf.len() {
                match r.read(&mut buf[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        if filled > 0 {
                            buf.truncate(filled);
                            let _ = tx.send(Ok(buf));
                        }
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            let end = filled < buf.len();
            buf.truncate(filled);
            if (filled > 0 && tx.send(Ok(buf)).is_err()) || end {
                return;
            }
        });
        Pipelined { rx, cur: Vec::new(), pos: 0 }
    }
}

impl Read for Pipelined {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.cur.len() {
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    self.cur = b;
                    self.pos = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.cur.len() - self.pos);
        out[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The file name a format and a role are recognised by: the last path component (of an
/// archive member too), without compression suffixes (`.gz`, `.bz2`, `.xz`, `.zst`) and
/// without the suffixes log rotation adds (`.1`, `-20240612`, `_2`, `.old`, `.bak`):
/// `rt1/web.log.2.gz` is recognised as `web.log`. Generic knowledge, no product names.
pub fn base_name(display: &str) -> &str {
    let mut name = display.rsplit(['/', '\\']).next().unwrap_or(display);
    loop {
        let before = name.len();
        for ext in [".gz", ".bz2", ".xz", ".zst", ".old", ".bak"] {
            if let Some(rest) = name.strip_suffix(ext) {
                if !rest.is_empty() {
                    name = rest;
                }
            }
        }
        name = strip_rotation(name);
        if name.len() == before {
            return name;
        }
    }
}

/// One numeric rotation suffix: `.N` / `_N` (1-3 digits) or `-YYYYMMDD[HH[MM[SS]]]` /
/// `-YYYY-MM-DD` (also after `.` or `_`). Only when a name with an extension remains.
fn strip_rotation(name: &str) -> &str {
    let digits = name.bytes().rev().take_while(u8::is_ascii_digit).count();
    let cut = name.len() - digits;
    let sep = name[..cut].bytes().last();
    let stem = if cut > 0 { &name[..cut - 1] } else { "" };
    let keep = |s: &str| !s.is_empty() && s.contains('.') && !s.ends_with('.');
    match (digits, sep) {
        (1..=3, Some(b'.' | b'_')) if keep(stem) => stem,
        (8 | 10 | 12 | 14, Some(b'-' | b'.' | b'_')) if keep(stem) => stem,
        (2, Some(b'-')) => {
            // -YYYY-MM-DD (also after `.` or `_`)
            let b = name.as_bytes();
            let n = b.len();
            let shape = n >= 11
                && matches!(b[n - 11], b'-' | b'.' | b'_')
                && b[n - 10..n - 6].iter().all(u8::is_ascii_digit)
                && b[n - 6] == b'-'
                && b[n - 5..n - 3].iter().all(u8::is_ascii_digit)
                && b[n - 3] == b'-';
            if shape && keep(&name[..n - 11]) {
                return &name[..n - 11];
            }
            name
        }
        _ => name,
    }
}

/// Inputs from bytes already in memory (a server's request body, one file of a multipart
/// request): expanded like an archive member when they are an archive (zip, tar, tar inside
/// gzip/bzip2/xz/zstd, nested up to `limits.max_depth`), a single input otherwise. Members are
/// bounded by `limits.max_bytes` decompressed; what goes over becomes an input with a warning.
pub fn from_bytes(display: &str, data: Vec<u8>, limits: Limits) -> Vec<Input> {
    let mut c = Collector { limits, spent: 0, seen: HashMap::new(), out: Vec::new() };
    c.member(display.into(), data, None, 0);
    c.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_names_keep_their_base() {
        for (given, want) in [
            ("rt1/web.log.2.gz", "web.log"),
            ("marketing/wfserver.log.1", "wfserver.log"),
            ("web.log-20240612", "web.log"),
            ("web.log-20240612.gz", "web.log"),
            ("web.log-2024-06-12", "web.log"),
            ("web.log_2", "web.log"),
            ("wfserver.log.old", "wfserver.log"),
            ("b.zip!/x/postgresql-15-main.log.1", "postgresql-15-main.log"),
            ("mcSynch_mcExec1.journal.txt", "mcSynch_mcExec1.journal.txt"),
            ("wfserver_2.log", "wfserver_2.log"),
            ("1", "1"),
            ("syslog.7.gz", "syslog.7"),
        ] {
            assert_eq!(base_name(given), want, "{given}");
        }
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff(b"PK\x03\x04...."), Kind::Zip);
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Kind::Gzip);
        assert_eq!(sniff(b"BZh91AY"), Kind::Bzip2);
        assert_eq!(sniff(b"BZhello"), Kind::Plain);
        assert_eq!(sniff(b"7z\xbc\xaf\x27\x1c\x00\x04"), Kind::Unsupported("7-Zip"));
        assert_eq!(sniff(b"Rar!\x1a\x07\x01\x00"), Kind::Unsupported("RAR"));
        assert_eq!(sniff(b"2024-06-12 06:00:00 x"), Kind::Plain);
        let mut h = tar::Header::new_gnu();
        h.set_path("a.log").unwrap();
        h.set_size(0);
        h.set_cksum();
        assert_eq!(sniff(h.as_bytes()), Kind::Tar);
    }
}
