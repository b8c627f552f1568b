//! Opening an input for reading: decompressed as it streams, on a thread of its own so that
//! decoding one input overlaps scanning another.

use super::*;

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
        Origin::Pipe(s) => s
            .take()
            .ok_or_else(|| Warning::new(Code::Unreadable, "a stream that can be read only once was already read"))?,
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
/// Chunks go back to the thread once read, so that it does not allocate (and the kernel
/// does not map and zero) a fresh megabyte for every one.
pub(super) struct Pipelined {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    back: std::sync::mpsc::Sender<Vec<u8>>,
    cur: Vec<u8>,
    pos: usize,
}

impl Pipelined {
    const CHUNK: usize = 1 << 20;

    fn new(mut r: Box<dyn Read + Send + 'static>) -> Pipelined {
        let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(4);
        let (back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || loop {
            let mut buf = spare.try_recv().unwrap_or_default();
            buf.resize(Self::CHUNK, 0);
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
        Pipelined { rx, back, cur: Vec::new(), pos: 0 }
    }
}

impl Read for Pipelined {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.cur.len() {
            match self.rx.recv() {
                Ok(Ok(b)) => {
                    let done = std::mem::replace(&mut self.cur, b);
                    if done.capacity() > 0 {
                        // The thread may have ended: then the chunk is simply dropped.
                        let _ = self.back.send(done);
                    }
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
