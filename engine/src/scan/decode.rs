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

/// Is the text whose start is `head` pretty-printed JSON records: an array of objects, or
/// objects written over several lines each (`jq .`, `aws ... --output json`, PowerShell's
/// `ConvertTo-Json`)? Its first record must be a whole JSON object within `head`, and span
/// more than one line unless the records are an array's. A text log that starts with `[`
/// (`[2024-06-11 10:00:00] ERROR`) is none: an array's first element must be an object.
pub(super) fn pretty_json(head: &[u8]) -> bool {
    let b = head.strip_prefix(BOM).unwrap_or(head);
    let Some(start) = b.iter().position(|c| !c.is_ascii_whitespace()) else { return false };
    let next = |from: usize| b[from..].iter().position(|c| !c.is_ascii_whitespace()).map(|i| from + i);
    let (array, rec_start) = match b[start] {
        b'[' => match next(start + 1) {
            Some(i) if b[i] == b'{' => (true, i),
            _ => return false,
        },
        b'{' => match next(start + 1) {
            Some(i) if b[i] == b'"' || b[i] == b'}' => (false, start),
            _ => return false,
        },
        _ => return false,
    };
    // Where the first record closes, by the same lexing the flattening does.
    let (mut depth, mut in_str, mut escaped) = (0u32, false, false);
    let mut end = None;
    for (i, &c) in b[rec_start..].iter().enumerate() {
        if in_str {
            match c {
                b'\n' => return false,
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(rec_start + i + 1);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(end) = end else { return false };
    let rec = &b[rec_start..end];
    (array || rec.contains(&b'\n')) && serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(rec).is_ok()
}

/// Pretty-printed JSON records ([`pretty_json`]) read as one record per line: each record
/// without the blanks between its tokens, on the line where it starts, followed by as many
/// empty lines as it spanned, so that every line after it keeps its number (evidence cites the
/// file's own lines). An array's brackets and the commas between its records are dropped.
/// Text that is no JSON after all (a closing bracket with nothing open, a line end inside a
/// string) is passed on as it stands from there, the line ends held back first.
pub(super) struct JsonFlat<R> {
    inner: R,
    buf: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    /// Nesting of objects and arrays outside strings, and that of the records: 1 inside a
    /// top-level array, else 0 (known at the first byte that is no blank).
    depth: u32,
    base: Option<u32>,
    in_str: bool,
    escaped: bool,
    /// Line ends inside the current record, written after it.
    held: usize,
    /// Blanks between records, dropped before a record, a line end or a comma.
    blanks: Vec<u8>,
    through: bool,
}

impl<R> JsonFlat<R> {
    pub(super) fn new(inner: R) -> JsonFlat<R> {
        JsonFlat {
            inner,
            buf: vec![0; 64 * 1024],
            out: Vec::new(),
            at: 0,
            depth: 0,
            base: None,
            in_str: false,
            escaped: false,
            held: 0,
            blanks: Vec::new(),
            through: false,
        }
    }

    fn give_up(&mut self, c: u8) {
        self.out.append(&mut self.blanks);
        self.out.extend(std::iter::repeat_n(b'\n', self.held));
        self.held = 0;
        self.through = true;
        self.out.push(c);
    }

    fn byte(&mut self, c: u8) {
        if self.through {
            self.out.push(c);
            return;
        }
        if self.in_str {
            if c == b'\n' {
                return self.give_up(c);
            }
            self.out.push(c);
            match c {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_str = false,
                _ => {}
            }
            return;
        }
        let base = match self.base {
            Some(b) => b,
            None if c.is_ascii_whitespace() || c == 0xEF || c == 0xBB || c == 0xBF => {
                // Blanks (and a byte-order mark) before the first token.
                self.out.push(c);
                return;
            }
            None => *self.base.insert(u32::from(c == b'[')),
        };
        let inside = self.depth > base;
        match c {
            b' ' | b'\t' | b'\r' if inside => {}
            b' ' | b'\t' => self.blanks.push(c),
            b'\n' if inside => self.held += 1,
            b'\n' | b'\r' => {
                self.blanks.clear();
                self.out.push(c);
            }
            b',' if self.depth == base && base == 1 => self.blanks.clear(),
            b'{' | b'[' => {
                self.blanks.clear();
                if self.depth >= base {
                    self.out.push(c);
                }
                self.depth += 1;
            }
            b'}' | b']' => {
                if self.depth == 0 {
                    return self.give_up(c);
                }
                self.depth -= 1;
                if self.depth >= base {
                    self.out.push(c);
                }
                if self.depth == base {
                    self.out.extend(std::iter::repeat_n(b'\n', self.held));
                    self.held = 0;
                }
            }
            _ => {
                self.out.append(&mut self.blanks);
                self.in_str = c == b'"';
                self.out.push(c);
            }
        }
    }
}

impl<R: std::io::Read> std::io::Read for JsonFlat<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            self.out.clear();
            self.at = 0;
            let n = self.inner.read(&mut self.buf)?;
            if n == 0 {
                // A record cut at the end: its line ends, so that the count of lines holds.
                self.out.append(&mut self.blanks);
                self.out.extend(std::iter::repeat_n(b'\n', self.held));
                self.held = 0;
                if self.out.is_empty() {
                    return Ok(0);
                }
                break;
            }
            for i in 0..n {
                let c = self.buf[i];
                self.byte(c);
            }
        }
        let n = dst.len().min(self.out.len() - self.at);
        dst[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A line of a Kubernetes container log as the kubelet keeps it (CRI, `/var/log/pods/.../0.log`):
/// `2024-06-12T10:00:00.123456789Z stdout F message`: its time, whether it ends a line (`F`)
/// or is a part of a longer one (`P`), and its message.
fn cri_split(l: &[u8]) -> Option<(&[u8], bool, &[u8])> {
    let sp = memchr::memchr(b' ', l)?;
    let time = &l[..sp];
    let dated = time.len() >= 20 && time[..4].iter().all(u8::is_ascii_digit) && time[4] == b'-' && time[10] == b'T';
    if !dated {
        return None;
    }
    let rest = &l[sp + 1..];
    let rest = rest.strip_prefix(b"stdout ").or_else(|| rest.strip_prefix(b"stderr "))?;
    let full = match rest.first()? {
        b'F' => true,
        b'P' => false,
        _ => return None,
    };
    match rest.get(1) {
        None => Some((time, full, b"")),
        Some(b' ') => Some((time, full, &rest[2..])),
        Some(_) => None,
    }
}

/// Is the text whose start is `head` coloured by its program: a terminal's colour sequences
/// (`ESC [ 32 m`, what a program run with a TTY writes and `docker logs` and `kubectl logs`
/// keep) on at least a quarter of its first twenty lines that hold text (a .NET record colours
/// its header line, not its message line)? A stray sequence in a line or two (a user name
/// crafted to clear the screen) is the log's text and stays, shown visibly and kept byte for
/// byte in JSON.
pub(super) fn ansi_coded(head: &[u8]) -> bool {
    let mut lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    lines.pop();
    let lines: Vec<&[u8]> = lines.into_iter().filter(|l| !l.trim_ascii().is_empty()).take(20).collect();
    let coloured =
        lines.iter().filter(|l| memchr::memmem::find_iter(l, b"\x1b[").any(|i| colour_len(&l[i..]).is_some())).count();
    coloured >= 2 && coloured * 4 >= lines.len()
}

/// The length of the colour sequence `b` starts with: ESC, `[`, digits and semicolons, and
/// `m` (SGR), or `K` (erase to the end of the line, which colouring tools write after a
/// coloured span). None when `b` starts with none.
fn colour_len(b: &[u8]) -> Option<usize> {
    if !b.starts_with(b"\x1b[") {
        return None;
    }
    let n = 2 + b[2..].iter().take_while(|c| c.is_ascii_digit() || **c == b';').count();
    matches!(b.get(n), Some(b'm' | b'K')).then_some(n + 1)
}

/// A coloured text's lines without their colour sequences ([`ansi_coded`]):
/// `\x1b[41m\x1b[30mfail\x1b[39m` is the level word `fail`, which formats, rules and the miner
/// read as written. Other escape sequences stay. A [`Reline`] of [`Relined`]; every line keeps
/// its number.
#[derive(Default)]
pub(super) struct AnsiStrip;

impl AnsiStrip {
    fn strip(l: &[u8], out: &mut Vec<u8>) {
        let mut from = 0;
        for i in memchr::memchr_iter(0x1b, l) {
            if i < from {
                continue;
            }
            if let Some(n) = colour_len(&l[i..]) {
                out.extend_from_slice(&l[from..i]);
                from = i + n;
            }
        }
        out.extend_from_slice(&l[from..]);
    }
}

impl Reline for AnsiStrip {
    fn line(&mut self, l: &[u8], out: &mut Vec<u8>) {
        Self::strip(l, out);
    }

    fn end(&mut self, rest: &[u8], out: &mut Vec<u8>) {
        Self::strip(rest, out);
    }
}

/// Is the text whose start is `head` a Kubernetes container log (CRI)? Every whole line of
/// its first twenty is one.
pub(super) fn cri_log(head: &[u8]) -> bool {
    let mut lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    // The last piece is cut by the head (or empty after the last line end).
    lines.pop();
    let lines: Vec<&[u8]> = lines.into_iter().map(strip_eol).filter(|l| !l.is_empty()).take(20).collect();
    !lines.is_empty() && lines.iter().all(|l| cri_split(l).is_some())
}

/// A Kubernetes container log (CRI, [`cri_log`]) read as the program wrote it: each line's
/// message without the runtime's columns, a JSON record as it is (its own keys give its level
/// and time), any other text after the line's time; the parts of a long line (`P`) joined to
/// the line that ends it (`F`), on the line of its first part, followed by as many empty lines
/// as it had parts more, so that every line keeps its number. A line of no such form (the log
/// was cut in a line) is passed on as it stands. A [`Reline`] of [`Relined`].
#[derive(Default)]
pub(super) struct CriJoin {
    /// The parts of a long line so far: its first part's time, its text, the parts seen.
    pending: Option<(Vec<u8>, Vec<u8>, usize)>,
}

/// A reader of a Kubernetes container log, unwrapped ([`CriJoin`]).
pub(super) type CriUnwrap<R> = Relined<R, CriJoin>;

/// A Kubernetes container log's reader, unwrapped.
pub(super) fn cri_unwrap<R>(inner: R) -> CriUnwrap<R> {
    Relined::new(inner, CriJoin::default())
}

impl CriJoin {
    fn emit(out: &mut Vec<u8>, time: &[u8], msg: &[u8], parts: usize) {
        // The runtime's time goes before text that has none of its own; not before a JSON
        // record, a klog line (its own header, read by its format), a .NET console logger's
        // header, or its indented message line, which must stay indented to be joined to
        // it (hostile tester 11, 5).
        let own = msg.trim_ascii_start().starts_with(b"{")
            || crate::triage::header_level(msg).is_some()
            || console_header(msg)
            || (msg.starts_with(CONSOLE_INDENT) && !msg.trim_ascii().is_empty());
        if !own {
            out.extend_from_slice(time);
            out.push(b' ');
        }
        out.extend_from_slice(msg);
        out.extend(std::iter::repeat_n(b'\n', parts));
    }

    fn flush_pending(&mut self, out: &mut Vec<u8>) {
        if let Some((time, text, parts)) = self.pending.take() {
            Self::emit(out, &time, &text, parts);
        }
    }
}

impl Reline for CriJoin {
    fn line(&mut self, l: &[u8], out: &mut Vec<u8>) {
        match cri_split(strip_eol(l)) {
            Some((time, false, msg)) => match &mut self.pending {
                // A long line's parts past the bound of a line are passed as one (the scan
                // skips what is past its bound and says so).
                Some((_, text, parts)) if text.len() < super::MAX_LINE => {
                    text.extend_from_slice(msg);
                    *parts += 1;
                }
                _ => {
                    self.flush_pending(out);
                    self.pending = Some((time.to_vec(), msg.to_vec(), 1));
                }
            },
            Some((time, true, msg)) => match self.pending.take() {
                Some((first, mut text, parts)) => {
                    text.extend_from_slice(msg);
                    Self::emit(out, &first, &text, parts + 1);
                }
                None => Self::emit(out, time, msg, 1),
            },
            None => {
                self.flush_pending(out);
                out.extend_from_slice(l);
            }
        }
    }

    fn end(&mut self, rest: &[u8], out: &mut Vec<u8>) {
        self.flush_pending(out);
        if rest.is_empty() {
            return;
        }
        // The last line without its line end: as it is, unended.
        match cri_split(rest) {
            Some((time, _, msg)) => Self::emit(out, time, msg, 0),
            None => out.extend_from_slice(rest),
        }
    }
}

/// A rewriter of a stream's lines ([`Relined`]): given each whole line (with its line end),
/// it appends what the line becomes to `out`; at the end, the last line if it has no line end.
pub(super) trait Reline {
    fn line(&mut self, l: &[u8], out: &mut Vec<u8>);
    fn end(&mut self, rest: &[u8], out: &mut Vec<u8>);
}

/// A reader whose lines a [`Reline`] rewrites, read in whatever pieces.
pub(super) struct Relined<R, T> {
    inner: R,
    with: T,
    buf: Vec<u8>,
    /// Bytes read and not yet a whole line.
    line: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    eof: bool,
}

impl<R, T> Relined<R, T> {
    pub(super) fn new(inner: R, with: T) -> Relined<R, T> {
        Relined { inner, with, buf: vec![0; 64 * 1024], line: Vec::new(), out: Vec::new(), at: 0, eof: false }
    }
}

impl<R: std::io::Read, T: Reline> std::io::Read for Relined<R, T> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            self.out.clear();
            self.at = 0;
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.buf)?;
            if n == 0 {
                self.eof = true;
                let rest = std::mem::take(&mut self.line);
                self.with.end(&rest, &mut self.out);
                continue;
            }
            let mut from = 0;
            while let Some(i) = memchr::memchr(b'\n', &self.buf[from..n]) {
                let end = from + i + 1;
                if self.line.is_empty() {
                    self.with.line(&self.buf[from..end], &mut self.out);
                } else {
                    self.line.extend_from_slice(&self.buf[from..end]);
                    let l = std::mem::take(&mut self.line);
                    self.with.line(&l, &mut self.out);
                    self.line = l;
                    self.line.clear();
                }
                from = end;
            }
            self.line.extend_from_slice(&self.buf[from..n]);
        }
        let n = dst.len().min(self.out.len() - self.at);
        dst[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The levels of .NET's console logger (Microsoft.Extensions.Logging, ASP.NET Core's default
/// output, what `docker logs` shows of such a service), as its simple formatter writes them.
const CONSOLE_LEVELS: [&[u8]; 6] = [b"trce: ", b"dbug: ", b"info: ", b"warn: ", b"fail: ", b"crit: "];

/// Is `l` the first line of a .NET console logger record: `fail: Category[20004]`, after a
/// time if the logger writes one (`TimestampFormat`), its message on the next line?
fn console_header(l: &[u8]) -> bool {
    let l = strip_eol(l);
    // After a time (`TimestampFormat`, in brackets or not): the level word follows the first
    // blank of the first 40 bytes that does.
    let at = if l.first().is_some_and(|&b| b.is_ascii_digit() || b == b'[') {
        match memchr::memchr_iter(b' ', &l[..l.len().min(40)])
            .find(|&i| CONSOLE_LEVELS.iter().any(|w| l[i + 1..].starts_with(w)))
        {
            Some(i) => i + 1,
            None => return false,
        }
    } else {
        0
    };
    let rest = &l[at..];
    if !CONSOLE_LEVELS.iter().any(|w| rest.starts_with(w)) {
        return false;
    }
    let cat = &rest[6..];
    let Some(open) = memchr::memrchr(b'[', cat) else { return false };
    open > 0
        && !cat[..open].iter().any(u8::is_ascii_whitespace)
        && cat.len() > open + 2
        && cat.last() == Some(&b']')
        && cat[open + 1..cat.len() - 1].iter().all(u8::is_ascii_digit)
}

/// The indentation of a .NET console logger record's message lines.
const CONSOLE_INDENT: &[u8] = b"      ";

/// Is the text whose start is `head` a .NET console logger's output: among its first twenty
/// whole lines a record's first line followed by its indented message, and most lines that are
/// not indented such first lines (a container's entrypoint may print a line or two first:
/// hostile tester 11, 4)?
pub(super) fn dotnet_console(head: &[u8]) -> bool {
    let head = head.strip_prefix(BOM).unwrap_or(head);
    let mut lines: Vec<&[u8]> = head.split(|&b| b == b'\n').collect();
    lines.pop();
    let lines: Vec<&[u8]> = lines.into_iter().map(strip_eol).filter(|l| !l.is_empty()).take(20).collect();
    let paired = lines.windows(2).filter(|w| console_header(w[0]) && w[1].starts_with(CONSOLE_INDENT)).count();
    let flush: Vec<&&[u8]> = lines.iter().filter(|l| !l.starts_with(b" ") && !l.starts_with(b"\t")).collect();
    let headers = flush.iter().filter(|l| console_header(l)).count();
    paired > 0 && headers * 4 >= flush.len() * 3 && headers >= 2.min(flush.len())
}

/// A .NET console logger's output ([`dotnet_console`]) with each record's first message line
/// put after its header (`fail: Category[20004] An error occurred ...`), so that the record's
/// level and its words are one line, and an empty line in its place, so that every line keeps
/// its number. The message's further lines (an exception's) stay as they are, indented.
#[derive(Default)]
pub(super) struct ConsoleJoin {
    /// A header line held until the next line says whether it carries its message.
    held: Vec<u8>,
    /// The scope line held after it (`IncludeScopes`: `      => RequestPath:/api ...`, which the
    /// logger writes between the header and the message).
    scope: Vec<u8>,
}

/// Is `l` a .NET console logger record's scope line (`      => ConnectionId:... => ...`)?
fn console_scope(l: &[u8]) -> bool {
    l.starts_with(CONSOLE_INDENT) && strip_eol(l).trim_ascii_start().starts_with(b"=> ")
}

impl ConsoleJoin {
    /// The held header and `msg`, as one line: ended by a line end, the scope line if there
    /// was one, and an empty line for the message's place; or, for a message that ends the
    /// text unended, unended too.
    fn join(&mut self, msg: &[u8], out: &mut Vec<u8>, ended: bool) {
        out.extend_from_slice(strip_eol(&self.held));
        out.push(b' ');
        out.extend_from_slice(strip_eol(msg).trim_ascii_start());
        if self.scope.is_empty() {
            if ended {
                out.extend_from_slice(b"\n\n");
            }
        } else {
            out.push(b'\n');
            out.append(&mut self.scope);
            if ended {
                out.push(b'\n');
            } else {
                out.pop();
            }
        }
        self.held.clear();
    }

    /// What is held, as it stands.
    fn release(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.held);
        out.append(&mut self.scope);
    }
}

impl Reline for ConsoleJoin {
    fn line(&mut self, l: &[u8], out: &mut Vec<u8>) {
        if !self.held.is_empty() {
            if self.scope.is_empty() && console_scope(l) && l.ends_with(b"\n") {
                self.scope.extend_from_slice(l);
                return;
            }
            if l.starts_with(CONSOLE_INDENT) && !strip_eol(l).trim_ascii().is_empty() {
                self.join(l, out, true);
                return;
            }
            self.release(out);
        }
        if console_header(l.strip_prefix(BOM).unwrap_or(l)) && l.ends_with(b"\n") {
            self.held.extend_from_slice(l);
        } else {
            out.extend_from_slice(l);
        }
    }

    fn end(&mut self, rest: &[u8], out: &mut Vec<u8>) {
        if !self.held.is_empty() && rest.starts_with(CONSOLE_INDENT) && !console_scope(rest) {
            // The last line, unended: the joined text ends where it did.
            self.join(rest, out, false);
            return;
        }
        self.release(out);
        out.extend_from_slice(rest);
    }
}

/// A reader that hands its text on a few bytes at a time: a reader that rewrites a stream must
/// give the same whatever the pieces it is read in.
#[cfg(test)]
mod dribble {
    pub struct Dribble<'a>(pub &'a [u8], pub usize);

    impl std::io::Read for Dribble<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
}

#[cfg(test)]
mod pretty_json_tests {
    use super::dribble::Dribble;
    use super::{pretty_json, JsonFlat};
    use std::io::Read;

    fn flat(text: &str, chunk: usize) -> String {
        // Read in small pieces too: a record split between reads is flattened the same.
        let mut out = String::new();
        JsonFlat::new(Dribble(text.as_bytes(), chunk)).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn records_over_several_lines_are_told_from_other_text() {
        assert!(pretty_json(b"[\n  {\n    \"level\": \"error\"\n  }\n]\n"));
        assert!(pretty_json(b"\xEF\xBB\xBF{\n  \"msg\": \"x\"\n}\n{\n"));
        // An array of records one per line: its commas make them no JSON lines.
        assert!(pretty_json(b"[{\"a\": 1},\n{\"a\": 2}]\n"));
        // JSON lines, a text log in brackets, a record cut by the head, no JSON at all.
        assert!(!pretty_json(b"{\"a\": 1}\n{\"a\": 2}\n"));
        assert!(!pretty_json(b"[2024-06-11 10:00:00] ERROR boom\n"));
        assert!(!pretty_json(b"[\n  \"just\", \"strings\"\n]\n"));
        assert!(!pretty_json(b"{\n  \"events\": [\n    {\"a\": 1},\n"));
        assert!(!pretty_json(b"{ not json }\n"));
        assert!(!pretty_json(b"{\n  \"a\": \"line\nend in a string\"\n}\n"));
    }

    #[test]
    fn each_record_lands_on_its_first_line_and_every_line_keeps_its_number() {
        let text = "[\n  {\n    \"time\": \"2024-06-11T10:00:00Z\",\n    \"msg\": \"a {brace} and \\\"quote\\\" , here\",\n    \"tags\": [\n      \"x\",\n      \"y\"\n    ]\n  },\n  {\"time\": \"2024-06-11T10:00:01Z\", \"msg\": \"one line\"},\n  {\r\n    \"msg\": \"crlf\"\r\n  }\r\n]\n";
        for chunk in [1, 3, 7, 64 * 1024] {
            let out = flat(text, chunk);
            let lines: Vec<&str> = out.split('\n').collect();
            assert_eq!(lines.len(), text.split('\n').count(), "{out:?}");
            assert_eq!(lines[0], "");
            assert_eq!(
                lines[1],
                r#"{"time":"2024-06-11T10:00:00Z","msg":"a {brace} and \"quote\" , here","tags":["x","y"]}"#
            );
            assert!(lines[2..9].iter().all(|l| l.is_empty()), "{lines:?}");
            assert_eq!(lines[9], r#"{"time":"2024-06-11T10:00:01Z","msg":"one line"}"#);
            assert_eq!(lines[10], r#"{"msg":"crlf"}"#);
            assert_eq!(lines[11], "");
            assert_eq!(lines[12], "\r");
            for l in [lines[1], lines[9], lines[10]] {
                assert!(serde_json::from_str::<serde_json::Value>(l).is_ok(), "{l}");
            }
        }
    }

    #[test]
    fn text_that_is_no_json_after_all_passes_as_it_stands() {
        // A closing brace with nothing open: from there on the text is passed on.
        let text = "{\n  \"a\": 1\n}\n} stray\n  indented text\n";
        let out = flat(text, 5);
        assert_eq!(out, "{\"a\":1}\n\n\n} stray\n  indented text\n");
        // A record cut at the end keeps its line ends.
        let cut = "{\n  \"a\": 1,\n  \"b\":";
        assert_eq!(flat(cut, 4).matches('\n').count(), 2);
    }
}

#[cfg(test)]
mod cri_tests {
    use super::dribble::Dribble;
    use super::{cri_log, cri_unwrap};
    use std::io::Read;

    fn unwrap(text: &str, chunk: usize) -> String {
        let mut out = String::new();
        cri_unwrap(Dribble(text.as_bytes(), chunk)).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn container_logs_are_told_and_unwrapped_line_for_line() {
        let text = "2024-06-12T10:00:00.123456789Z stdout F {\"level\":\"info\",\"msg\":\"up\"}\n\
                    2024-06-12T10:00:01.000000001Z stderr P first part, \n\
                    2024-06-12T10:00:01.000000002Z stderr P second part, \n\
                    2024-06-12T10:00:01.000000003Z stderr F end\n\
                    2024-06-12T10:00:02.5Z stdout F\n\
                    not a container line\n\
                    2024-06-12T10:00:03Z stdout F cut at the e";
        // Told by whole lines of its start (here, those before the line of another form).
        assert!(cri_log(text.split("not a").next().unwrap_or("").as_bytes()));
        assert!(!cri_log(text.as_bytes()));
        assert!(!cri_log(b"2024-06-12T10:00:00Z ERROR boom\n2024-06-12T10:00:01Z stdout F x\n"));
        assert!(!cri_log(b"{\"a\":1}\n"));
        for chunk in [1, 5, 64 * 1024] {
            let out = unwrap(text, chunk);
            let lines: Vec<&str> = out.split('\n').collect();
            assert_eq!(lines.len(), text.split('\n').count(), "{out:?}");
            assert_eq!(lines[0], "{\"level\":\"info\",\"msg\":\"up\"}");
            assert_eq!(lines[1], "2024-06-12T10:00:01.000000001Z first part, second part, end");
            assert_eq!((lines[2], lines[3]), ("", ""));
            assert_eq!(lines[4], "2024-06-12T10:00:02.5Z ");
            assert_eq!(lines[5], "not a container line");
            assert_eq!(lines[6], "2024-06-12T10:00:03Z cut at the e");
        }
    }
}

#[cfg(test)]
mod console_tests {
    use super::dribble::Dribble;
    use super::{dotnet_console, ConsoleJoin, Relined};
    use std::io::Read;

    // Written with `concat!`: a `\` at a line's end in a string would eat the next line's
    // indentation, which is what tells a message line.
    const LOG: &str = concat!(
        "info: Microsoft.Hosting.Lifetime[0]\n",
        "      Application started.\n",
        "fail: Acme.Db.Connection[20004]\n",
        "      An error occurred using the connection to database 'orders'.\n",
        "      System.TimeoutException: timed out\n",
        "         at Acme.Db.Open()\n",
        "crit: Acme.Worker[0]\n",
        "      Worker stopped: broker connection lost"
    );

    fn joined(text: &[u8], piece: usize) -> String {
        let mut out = Vec::new();
        Relined::new(Dribble(text, piece), ConsoleJoin::default()).read_to_end(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Each header takes its first message line, an empty line holds that line's place, the
    /// exception's lines stay; the same whatever the pieces the text comes in.
    #[test]
    fn headers_take_their_message_and_lines_keep_their_numbers() {
        let want = concat!(
            "info: Microsoft.Hosting.Lifetime[0] Application started.\n\n",
            "fail: Acme.Db.Connection[20004] An error occurred using the connection to database 'orders'.\n\n",
            "      System.TimeoutException: timed out\n",
            "         at Acme.Db.Open()\n",
            "crit: Acme.Worker[0] Worker stopped: broker connection lost"
        );
        for piece in [1, 3, 7, 4096] {
            let got = joined(LOG.as_bytes(), piece);
            assert_eq!(got, want, "piece {piece}");
            // Ended, every line keeps its number; unended, the last message line's place is
            // the joined line's (its line end was the header's).
            assert_eq!(joined(format!("{LOG}\n").as_bytes(), piece).lines().count(), LOG.lines().count());
            assert_eq!(got.lines().count(), LOG.lines().count() - 1);
        }
        // With scopes (`IncludeScopes`): the scope line keeps its place after the joined line.
        let scoped = "info: A.B[1]\n      => RequestPath:/api RequestId:7\n      Request starting\nwarn: C[2]\n      => Scope:1\nfail: D[3]\n      => S:2\n      boom";
        for piece in [1, 5, 4096] {
            assert_eq!(
                joined(scoped.as_bytes(), piece),
                "info: A.B[1] Request starting\n      => RequestPath:/api RequestId:7\n\nwarn: C[2]\n      => Scope:1\nfail: D[3] boom\n      => S:2",
                "piece {piece}"
            );
        }
        // A header as the last line, and one whose next line is another header, stay as they are.
        assert_eq!(
            joined(b"warn: A[1]\ninfo: B[2]\n      hello\nfail: C[3]", 2),
            "warn: A[1]\ninfo: B[2] hello\n\nfail: C[3]"
        );
    }

    /// Told by its headers and indented messages; a log that merely has `info:` in it is not.
    #[test]
    fn the_console_logger_is_told_by_its_records() {
        assert!(dotnet_console(format!("{LOG}\n").as_bytes()));
        assert!(dotnet_console(b"2024-06-12 10:00:01 fail: A.B[3]\n      boom\n"));
        assert!(!dotnet_console(b"info: started\nfail: A.B[3]\n      boom\n"));
        // After an entrypoint's line, or a byte-order mark.
        let later = format!("Starting service...\n{LOG}\n");
        assert!(dotnet_console(later.as_bytes()));
        assert!(dotnet_console(format!("\u{feff}{LOG}\n").as_bytes()));
        assert!(!dotnet_console(b"fail: A.B[3]\nfail: A.B[3]\n"));
        assert!(!dotnet_console(b"2024-06-12 10:00:01 INFO hello\n      world\n"));
    }
}

#[cfg(test)]
mod ansi_tests {
    use super::*;

    /// A log coloured by its program is read without its colours, other escape sequences
    /// kept; a stray colour in one line of twenty leaves the text as it is.
    #[test]
    fn only_a_coloured_log_loses_its_colours() {
        let coloured =
            "\x1b[41m\x1b[30mfail\x1b[39m\x1b[22m\x1b[49m: A[1]\n      x\n\x1b[32minfo\x1b[0m: B[2]\n      y\x1b[K\n";
        assert!(ansi_coded(coloured.as_bytes()));
        let mut out = Vec::new();
        let mut s = AnsiStrip;
        for l in coloured.split_inclusive('\n') {
            s.line(l.as_bytes(), &mut out);
        }
        s.end(b"\x1b[31mlast\x1b[2J", &mut out);
        assert_eq!(String::from_utf8_lossy(&out), "fail: A[1]\n      x\ninfo: B[2]\n      y\nlast\x1b[2J");
        let mut stray = String::from("user \x1b[31mred\x1b[0m \x1b[2J\n");
        for i in 0..19 {
            stray.push_str(&format!("line {i}\n"));
        }
        assert!(!ansi_coded(stray.as_bytes()));
        // An escape that is no colour sequence, or one cut short, is none.
        assert_eq!((colour_len(b"\x1b[2J"), colour_len(b"\x1b[31"), colour_len(b"\x1b[1;31mx")), (None, None, Some(7)));
    }
}
