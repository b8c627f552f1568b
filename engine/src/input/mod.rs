//! Paths → inputs: files, folders (walked recursively), archives and compressed files
//! (recognised by content, not by name), and `-` for stdin. Nothing found here is dropped
//! silently: what cannot be read becomes an input with a warning.
//!
//! Archives (`.zip`, `.tar`, and tar inside gzip, bzip2, xz or zstd, nested up to a depth) are
//! read as streams, never extracted to disk: each member becomes an input of its own, shown as
//! `bundle.zip!/marketing/log/wfserver.log`. Members are held in memory, bounded by
//! [`Limits::max_bytes`] over the whole run; a single compressed file (`web.log.2.gz`) stays a
//! stream that the scanner decompresses as it reads.
//!
//! `collect` walks paths and archives into inputs (`sparse` reads the sparse files of tar
//! archives), `kind` tells archives and compressed data by their bytes, `open` opens one input
//! for reading; this file holds the types and the names.

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
    /// Other names of the same bytes, read once under this one (`copies::read_once`): a role
    /// its own name does not give may come from them (`attachment.log` beside `web.log`).
    pub aliases: Vec<String>,
    /// Modification time of the file or archive member (ms since the epoch), when known:
    /// the year of a log that writes times without one.
    pub mtime_ms: Option<i64>,
}

impl Input {
    /// Can it be read a second time (a regular file, bytes in memory), unlike stdin or a pipe?
    pub fn rereadable(&self) -> bool {
        match &self.origin {
            Origin::File(p) => std::fs::metadata(p).is_ok_and(|m| m.is_file()),
            Origin::Bytes(_) => true,
            Origin::Stdin | Origin::Pipe(_) | Origin::Problem(_) => false,
        }
    }

    /// Its names: the one shown, then those of its copies read once under it (`aliases`). An
    /// `--as` or `--tz` that names a copy names the input that was read: the bytes are the
    /// same (hostile tester W: `--as error.log.2.gz=postgresql` was lost when the plain
    /// `error.log.1` beside it was read instead).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.display.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// An input made of bytes already in memory (tests, fuzzing, a server's request body).
    pub fn bytes(display: impl Into<String>, data: impl Into<Data>) -> Input {
        Input {
            display: display.into(),
            origin: Origin::Bytes(data.into()),
            notes: Vec::new(),
            aliases: Vec::new(),
            mtime_ms: None,
        }
    }

    fn new(display: String, origin: Origin) -> Input {
        Input { display, origin, notes: Vec::new(), aliases: Vec::new(), mtime_ms: None }
    }
}

#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Origin {
    File(PathBuf),
    Stdin,
    /// Something found while collecting that cannot be read (a folder without permission, a
    /// symbolic-link loop, a broken archive member): reported as an input with this warning.
    Problem(Warning),
    /// Bytes already collected (archive members, tests, embedding kbdiag in another tool): in
    /// memory, or in a mapped temporary file past the run's memory budget ([`Data`]).
    Bytes(Data),
    /// A stream that can be read only once (stdin, a pipe, a FIFO, `<(zcat x.gz)`, a device):
    /// opened once while collecting, its first bytes sniffed and kept, the rest read by the scan.
    Pipe(Stream),
}

/// A reader that is handed out once: the first `open` takes it, a second one finds it gone.
#[derive(Clone)]
pub struct Stream(Arc<std::sync::Mutex<Option<Box<dyn Read + Send>>>>);

impl Stream {
    pub(crate) fn new(r: Box<dyn Read + Send>) -> Stream {
        Stream(Arc::new(std::sync::Mutex::new(Some(r))))
    }

    pub(crate) fn take(&self) -> Option<Box<dyn Read + Send>> {
        self.0.lock().ok().and_then(|mut g| g.take())
    }
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stream")
    }
}

/// A device read up to a bound (`/dev/urandom` never ends): past it, a read error of its own
/// kind ([`BoundReached`]), which the scan reports as an `input_bounded` warning after the line
/// it stopped at, so the input is not complete.
pub(crate) struct Bounded<R> {
    inner: R,
    left: u64,
    bound: u64,
}

impl<R> Bounded<R> {
    pub(crate) fn new(inner: R, bound: u64) -> Self {
        Bounded { inner, left: bound, bound }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(BoundReached(self.bound))),
            };
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The error a [`Bounded`] reader ends with when there is more past its bound.
#[derive(Debug)]
pub(crate) struct BoundReached(u64);

impl std::fmt::Display for BoundReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a device or endless stream: read up to {} and stopped", human_bytes(self.0))
    }
}

impl std::error::Error for BoundReached {}

/// Did reading stop at a device's bound (rather than on a read error)?
pub(crate) fn bound_reached(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|r| r.is::<BoundReached>())
}

/// The most read from a character or block device (`/dev/urandom`, `/dev/zero`, a terminal)
/// given as an input.
pub const MAX_DEVICE_BYTES: u64 = 256 << 20;

/// The bound applied to devices: [`MAX_DEVICE_BYTES`], or the `KBDIAG_MAX_DEVICE_BYTES`
/// environment variable (bytes, at least 1 MiB so that the head sniffed is always whole): a
/// knob for tests and for machines where 256 MiB is too much or too little.
pub(crate) fn device_bound() -> u64 {
    std::env::var("KBDIAG_MAX_DEVICE_BYTES")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(MAX_DEVICE_BYTES, |b| b.max(1 << 20))
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
    /// Bytes of archive members held in memory, over the whole run (decompressed). A member
    /// is charged what its header declares or what it holds, whichever is more: a header that
    /// lies cannot make the reader reserve memory the budget does not pay for.
    pub max_bytes: u64,
    /// Archives inside archives: how deep.
    pub max_depth: u32,
    /// Archive members over the whole run. Empty members cost no bytes but each one is an
    /// input to track and scan: without this bound a few megabytes of tar headers make
    /// millions of inputs.
    pub max_members: u64,
    /// Bytes of members held in memory; past them, a member of 64 KiB or more is put in a
    /// temporary file mapped into memory ([`Data`]), which costs disk, not RAM.
    pub max_memory: u64,
}

/// The default of [`Limits::max_memory`].
pub const DEFAULT_MAX_MEMORY: u64 = 1 << 30;

/// The default of [`Limits::max_members`].
pub const DEFAULT_MAX_MEMBERS: u64 = 100_000;

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 16 << 30, max_depth: 4, max_members: DEFAULT_MAX_MEMBERS, max_memory: DEFAULT_MAX_MEMORY }
    }
}

/// Asked during archive expansion: true stops it (a request that timed out, a client gone).
/// The same shape as `ScanOptions::cancel`, so that one closure serves both.
pub type Cancel = Arc<dyn Fn() -> bool + Send + Sync>;

mod collect;
mod copies;
mod data;
mod kind;
mod mail;
mod open;
mod sparse;

use collect::Collector;
pub use data::Data;
use kind::*;
/// Does this text start with a mail's header that declares MIME and a multipart body?
pub use mail::is_multipart as is_multipart_mail;
pub use open::{open, Opened};

/// Expand the user's paths into inputs, in a stable order (folders sorted by name).
pub fn collect(paths: &[String]) -> (Vec<Input>, Vec<PathProblem>) {
    collect_with(paths, Limits::default())
}

/// As [`collect`], with explicit archive limits.
pub fn collect_with(paths: &[String], limits: Limits) -> (Vec<Input>, Vec<PathProblem>) {
    let mut c = Collector::new(limits, None);
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
    copies::read_once(&mut c.out);
    (c.out, problems)
}

/// A byte size for people: 16 GiB, 12.3 MiB, 512 B.
/// What `path` is when it is neither a regular file nor a folder (following links): a FIFO, a
/// socket, a device. Found while listing a folder (a bundle's files, `--each`'s children), such
/// a thing is not read: a FIFO nobody writes to would wait forever. Given by name on the command
/// line it is read once, as stdin is ([`collect`]).
pub fn special_file(path: &Path) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = std::fs::metadata(path).ok()?.file_type();
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// The input that stands for a [`special_file`] found in a folder: listed, not read.
pub fn special_input(display: String, what: &str) -> Input {
    Input::new(
        display,
        Origin::Problem(Warning::new(
            Code::Unreadable,
            format!("{what} found in a folder: not read (it could wait forever); give it by name to read it once"),
        )),
    )
}

/// A link in a folder given to a file or folder outside it: named, not followed (an extracted
/// customer archive can plant `app.log -> ~/.aws/credentials`); its target can be given by
/// itself.
pub fn link_outside_input(display: String, target: &Path) -> Input {
    let msg = format!(
        "a link out of the folder given, to {}: not followed (a file outside the bundle is no part of it); give that path itself if it is a log",
        target.display()
    );
    Input::new(display, Origin::Problem(Warning::new(Code::LinkOutside, msg)))
}

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

pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Is a modification time one a log could have been written at? A zip written without times
/// holds DOS's 1980-01-01, a tar or a copy that lost them 1970-01-01, and a clock gone wrong
/// a date years ahead: none says what year a year-less log's lines are from. Before 1990 or
/// more than a year ahead of now is no date. (Within a year ahead it stays a clue: a machine
/// whose clock runs a few weeks fast still writes this year's logs.)
pub fn plausible_mtime(ms: i64) -> bool {
    const Y1990: i64 = 631_152_000_000;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(i64::MAX, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    ms >= Y1990 && ms <= now.saturating_add(366 * 86_400_000)
}

/// The file name a format and a role are recognised by: the last path component (of an
/// archive member too), without compression suffixes (`.gz`, `.bz2`, `.xz`, `.zst`) and
/// without the suffixes log rotation adds (`.1`, `-20240612`, `_2`, `.old`, `.bak`):
/// `rt1/web.log.2.gz` is recognised as `web.log`. Generic knowledge, no product names.
///
/// A copy's mark is looked through too: `web (1).log` (a browser's second download of a file),
/// `web - Copy.log`, `web - Copy (2).log` (Windows Explorer), `web copy.log`, `web copy 2.log`
/// (macOS Finder). A support engineer who downloads a customer's logs twice gets such names, and
/// the role a name gives must not hang on it.
pub fn base_name(display: &str) -> std::borrow::Cow<'_, str> {
    let last = display.rsplit(['/', '\\']).next().unwrap_or(display);
    match strip_copy(last) {
        Some(plain) => std::borrow::Cow::Owned(strip_suffixes(&plain).to_string()),
        None => std::borrow::Cow::Borrowed(strip_suffixes(last)),
    }
}

/// The log a file belongs to: its folder (as shown, archive members inside their archive) and
/// its [`base_name`]. `db/postgresql.log` and `db/postgresql.log.1.gz` are files of one log;
/// `a/postgresql.log` and `b/postgresql.log` (two servers) are not.
///
/// Rotation marks before the extension count too (not for a file's format, which [`base_name`]
/// recognises, only for which log it belongs to): `app.1.log` (logback's and log4j's numbered
/// rolls), `catalina.2024-06-12.log` (Tomcat's daily files), `app-2024-06-12-1.log` and
/// `localhost_access_log.2024-06-12.txt` are files of `app.log`, `catalina.log` and
/// `localhost_access_log.txt`. A number after `-` or `_` is no mark here (`node-1.log` and
/// `node-2.log` are as likely two servers as two rolls), nor a date not separated from the
/// stem (`web20240612.log`).
pub fn log_of(display: &str) -> (String, String) {
    let last = display.rsplit(['/', '\\', '!']).next().unwrap_or(display);
    let base = base_name(last);
    let name = strip_inner_rotation(&base).unwrap_or_else(|| base.into_owned());
    (display[..display.len() - last.len()].to_string(), name)
}

/// `name` without the rotation marks before its extension (see [`log_of`]), if it has any.
fn strip_inner_rotation(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    if ext.is_empty() || ext.len() > 5 || !ext.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let b = stem.as_bytes();
    // A date mark at `end`: `[._-]YYYY-MM-DD` or `[._-]YYYYMMDD`, its start.
    let date_before = |end: usize| -> Option<usize> {
        let is_digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let sep = |i: usize| matches!(b.get(i), Some(b'.' | b'_' | b'-'));
        if end >= 11
            && sep(end - 11)
            && is_digits(end - 10..end - 6)
            && b[end - 6] == b'-'
            && is_digits(end - 5..end - 3)
            && b[end - 3] == b'-'
            && is_digits(end - 2..end)
        {
            return Some(end - 11);
        }
        (end >= 9 && sep(end - 9) && is_digits(end - 8..end)).then(|| end - 9)
    };
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let mut end = b.len();
    if (1..=6).contains(&digits) && end > digits && matches!(b[end - digits - 1], b'.' | b'-' | b'_') {
        // A roll's number after `.`; after `-` or `_` only behind a date, as a roll's number or
        // a time (`-2024-06-12-1`, PostgreSQL's `postgresql-2024-06-12_101500`).
        let at = end - digits - 1;
        if (b[at] == b'.' && digits <= 3) || date_before(at).is_some() {
            end = at;
        }
    }
    if let Some(at) = date_before(end) {
        end = at;
    }
    (end < b.len() && end > 0).then(|| format!("{}.{ext}", &stem[..end]))
}

/// `name` without the marks of copies (see [`base_name`]), if it has any.
fn strip_copy(name: &str) -> Option<String> {
    static MARK: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = MARK
        .get_or_init(|| {
            regex::Regex::new(r"^(.+?)(?: ?\(\d{1,4}\)| - Copy(?: \(\d{1,4}\))?| copy(?: \d{1,4})?)(\.[^ ()]*)?$").ok()
        })
        .as_ref()?;
    let mut out = name.to_string();
    // `a (1) (2).log`: one mark after the other.
    for _ in 0..4 {
        let Some(c) = re.captures(&out) else { break };
        let next = format!("{}{}", &c[1], c.get(2).map_or("", |m| m.as_str()));
        out = next;
    }
    (out != name).then_some(out)
}

/// `name` without compression and rotation suffixes (see [`base_name`]).
fn strip_suffixes(mut name: &str) -> &str {
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

/// One numeric rotation suffix: `.N` / `_N` (up to 6 digits: `logrotate rotate 5000` and
/// numbered copies go past 999) or `-YYYYMMDD[HH[MM[SS]]]` / `-YYYY-MM-DD[-HH[-MM]]` (also
/// after `.` or `_`; hourly rotation adds the hour). Only when a name with an extension
/// remains.
fn strip_rotation(name: &str) -> &str {
    let digits = name.bytes().rev().take_while(u8::is_ascii_digit).count();
    let cut = name.len() - digits;
    let sep = name[..cut].bytes().last();
    // Only an ASCII separator leaves a stem: a name ending in `ß` or `é` (a zip member's CP437
    // name) has no byte boundary one byte before its end.
    let stem = match sep {
        Some(b'-' | b'.' | b'_') => &name[..cut - 1],
        _ => "",
    };
    let keep = |s: &str| !s.is_empty() && s.contains('.') && !s.ends_with('.');
    match (digits, sep) {
        (8 | 10 | 12 | 14, Some(b'-' | b'.' | b'_')) if keep(stem) => stem,
        (1..=6, Some(b'.' | b'_')) if keep(stem) => stem,
        (2, Some(b'-')) => {
            // -YYYY-MM-DD, then -HH and -MM (also after `.` or `_`)
            let b = name.as_bytes();
            let date_at = |end: usize| {
                end >= 11
                    && matches!(b[end - 11], b'-' | b'.' | b'_')
                    && b[end - 10..end - 6].iter().all(u8::is_ascii_digit)
                    && b[end - 6] == b'-'
                    && b[end - 5..end - 3].iter().all(u8::is_ascii_digit)
                    && b[end - 3] == b'-'
                    && b[end - 2..end].iter().all(u8::is_ascii_digit)
            };
            let two = |end: usize| end >= 3 && b[end - 3] == b'-' && b[end - 2..end].iter().all(u8::is_ascii_digit);
            let mut end = b.len();
            for _ in 0..3 {
                if date_at(end) && keep(&name[..end - 11]) {
                    return &name[..end - 11];
                }
                if !two(end) {
                    break;
                }
                end -= 3;
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
    from_bytes_cancellable(display, data, limits, None)
}

/// As [`from_bytes`], asking `cancel` before each member and between the chunks of a member
/// read: a cancelled expansion stops soon, its last input a `read_stopped` problem. `data` is
/// moved into the shared buffer the inputs read from (one copy, the `Vec` freed at once); each
/// member is read straight into a buffer of its own size, never copied again.
pub fn from_bytes_cancellable(display: &str, data: Vec<u8>, limits: Limits, cancel: Option<Cancel>) -> Vec<Input> {
    let mut c = Collector::new(limits, cancel);
    c.member(display.into(), data.into(), None, 0);
    copies::read_once(&mut c.out);
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
            ("wfserver.log.1000", "wfserver.log"),
            ("wfserver.log.4999", "wfserver.log"),
            ("wfserver.log.2024-06-12-04", "wfserver.log"),
            ("web.log-2024-06-12-04-30", "web.log"),
            ("wfserver.log.old.1", "wfserver.log"),
            ("web.log-12-04", "web.log-12-04"),
            ("web.log.1234567", "web.log.1234567"),
            // Names ending in a character of more than one byte (zip members named in CP437 by
            // Windows tools): no panic, and no rotation to strip (hostile tester O).
            ("süß", "süß"),
            ("Ü", "Ü"),
            ("logs/é", "é"),
            ("aé", "aé"),
            ("wfserver_é", "wfserver_é"),
            ("web.log.é", "web.log.é"),
            ("journal-é1", "journal-é1"),
            // Copies: a browser's second download, Windows Explorer's and macOS Finder's copies.
            ("web (1).log", "web.log"),
            ("rt1/web(2).log", "web.log"),
            ("web.log (1)", "web.log"),
            ("web - Copy.log", "web.log"),
            ("web - Copy (2).log", "web.log"),
            ("web copy.log", "web.log"),
            ("web copy 2.log", "web.log"),
            ("web.log.2 (1).gz", "web.log"),
            ("web (1) (2).log", "web.log"),
            ("wfserver (3).log.1", "wfserver.log"),
            // Not copies: a name that is only a mark, words in a name.
            ("(1).log", "(1).log"),
            ("my copy of notes.txt", "my copy of notes.txt"),
            ("web (a).log", "web (a).log"),
        ] {
            assert_eq!(base_name(given), want, "{given}");
        }
    }

    #[test]
    fn rotation_marks_inside_a_name_make_one_log() {
        for (given, want) in [
            ("logs/app.1.log", "app.log"),
            ("logs/app.12.log.gz", "app.log"),
            ("catalina.2024-06-12.log", "catalina.log"),
            ("localhost_access_log.2024-06-12.txt", "localhost_access_log.txt"),
            ("app-2024-06-12-1.log", "app.log"),
            ("app_20240612.log", "app.log"),
            ("pg/postgresql-2024-06-12_101500.log", "postgresql.log"),
            ("postgresql-2024-06-12_10.log.gz", "postgresql.log"),
            ("app.log", "app.log"),
            ("app.log.1", "app.log"),
            // Not marks: a server's number, a date that is part of the name, no extension.
            ("node-1.log", "node-1.log"),
            ("node_2.log", "node_2.log"),
            ("web20240612.log", "web20240612.log"),
            ("1.log", "1.log"),
            ("app.1234.log", "app.1234.log"),
            ("app.1", "app.1"),
        ] {
            assert_eq!(log_of(given).1, want, "{given}");
        }
        assert_eq!(log_of("a/app.1.log").0, "a/");
        // The format's name is unchanged: `base_name` does not look inside.
        assert_eq!(base_name("catalina.2024-06-12.log"), "catalina.2024-06-12.log");
    }

    fn tar_of(n: usize) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for i in 0..n {
            let mut h = tar::Header::new_gnu();
            h.set_path(format!("m{i}.log")).unwrap();
            h.set_size(2);
            h.set_cksum();
            // Each member its own bytes (copies would be read once, see `copies`).
            b.append(&h, &[b'a' + i as u8, b'\n'][..]).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn problem(i: &Input) -> Option<Code> {
        match &i.origin {
            Origin::Problem(w) => Some(w.code),
            _ => None,
        }
    }

    #[test]
    fn members_are_counted_and_read_whole() {
        let out = from_bytes("t.tar", tar_of(5), Limits::default());
        assert_eq!(out.len(), 5);
        assert!(out
            .iter()
            .enumerate()
            .all(|(k, i)| matches!(&i.origin, Origin::Bytes(b) if b[..] == [b'a' + k as u8, b'\n'])));
        let out = from_bytes("t.tar", tar_of(5), Limits { max_members: 3, ..Limits::default() });
        assert_eq!(out.len(), 4);
        assert_eq!(problem(&out[3]), Some(Code::ArchiveMembers));
        // Bytes: a member whose size is over what is left of the budget is not read.
        let out = from_bytes("t.tar", tar_of(5), Limits { max_bytes: 5, ..Limits::default() });
        assert_eq!(out.len(), 3);
        assert_eq!(problem(&out[2]), Some(Code::ArchiveBytes));
    }

    /// A tar of members of `size` bytes each, member `i` all `'a' + i` but for line ends.
    fn tar_sized(n: usize, size: usize) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for i in 0..n {
            let mut data = vec![b'a' + i as u8; size];
            for k in (99..size).step_by(100) {
                data[k] = b'\n';
            }
            let mut h = tar::Header::new_gnu();
            h.set_path(format!("m{i}.log")).unwrap();
            h.set_size(size as u64);
            h.set_cksum();
            b.append(&h, &data[..]).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn members_past_the_memory_budget_go_to_mapped_files_whole() {
        const MIB: usize = 1 << 20;
        let bytes = |i: &Input| match &i.origin {
            Origin::Bytes(b) => b.clone(),
            o => panic!("not bytes: {o:?}"),
        };
        // Three members of 1.5 MiB under a budget of 2 MiB: the first fits, the next two go
        // to files; every byte is the same either way.
        let tar = tar_sized(3, 3 * MIB / 2);
        let out = from_bytes("t.tar", tar.clone(), Limits { max_memory: 2 * MIB as u64, ..Limits::default() });
        assert_eq!(out.len(), 3);
        let mapped: Vec<bool> = out.iter().map(|i| bytes(i).is_mapped()).collect();
        assert_eq!(mapped, [false, true, true]);
        let whole = from_bytes("t.tar", tar, Limits::default());
        for (a, b) in out.iter().zip(&whole) {
            assert!(!bytes(b).is_mapped());
            assert_eq!(bytes(a)[..], bytes(b)[..], "{}", a.display);
            assert_eq!(bytes(a).len(), 3 * MIB / 2);
        }
        // Members under 64 KiB stay in memory whatever the budget (a file and a map each would
        // cost more than they save, and a system's maps are counted).
        let out = from_bytes("t.tar", tar_of(3), Limits { max_memory: 0, ..Limits::default() });
        assert!(out.iter().all(|i| !bytes(i).is_mapped()));
    }

    #[test]
    fn a_cut_member_in_a_mapped_file_keeps_what_came() {
        const MIB: usize = 1 << 20;
        let mut tar = tar_sized(1, 2 * MIB);
        // Cut a third of the way into the member's data (after its 512-byte header).
        tar.truncate(512 + 2 * MIB / 3);
        let out = from_bytes("t.tar", tar, Limits { max_memory: 0, ..Limits::default() });
        let i = out.iter().find(|i| i.display == "t.tar!/m0.log").expect("the member");
        let Origin::Bytes(b) = &i.origin else { panic!("not bytes: {:?}", i.origin) };
        assert!(b.is_mapped());
        assert_eq!(b.len(), 2 * MIB / 3);
        assert!(b.iter().all(|&c| c == b'a' || c == b'\n'));
        assert!(i.notes.iter().any(|w| w.code == Code::ReadStopped), "{:?}", i.notes);
    }

    #[test]
    fn a_cancelled_expansion_stops() {
        let out = from_bytes_cancellable("t.tar", tar_of(5), Limits::default(), Some(Arc::new(|| true)));
        assert_eq!(out.len(), 1);
        assert_eq!(problem(&out[0]), Some(Code::ReadStopped));
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
