//! Walking paths into inputs: folders, files read once, archives opened member by member
//! within the limits, stdin.
//!
//! (Over 500 lines because folders, files, streams, zip and tar members are walked against one
//! budget and one member count, and each kind of tar member, links included, is accounted for
//! here; the sparse-file reading is in `sparse`.)

use super::data::Buffer;
use super::sparse::*;
use super::*;

/// The collector's state over one run: limits, what was spent, files already seen.
pub(super) struct Collector {
    pub(super) limits: Limits,
    pub(super) spent: u64,
    /// Bytes of members held in memory (against `limits.max_memory`).
    held: u64,
    /// (device, inode) → index of the input already made for that file.
    pub(super) seen: HashMap<(u64, u64), usize>,
    pub(super) out: Vec<Input>,
    /// Archive members taken so far (against `limits.max_members`).
    members: u64,
    /// Set once the member limit or a cancel stopped the expansion: nothing more is read.
    pub(super) stopped: bool,
    cancel: Option<Cancel>,
    /// A member whose data broke off ([`Collector::take_member`] kept what came before): the
    /// warning its input gets ([`Collector::member`]).
    cut_note: Option<Warning>,
}

impl Collector {
    pub(super) fn new(limits: Limits, cancel: Option<Cancel>) -> Collector {
        Collector {
            limits,
            spent: 0,
            held: 0,
            seen: HashMap::new(),
            out: Vec::new(),
            members: 0,
            stopped: false,
            cancel,
            cut_note: None,
        }
    }

    pub(super) fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c())
    }

    /// The run was cancelled during an expansion: say so once, under `display`, and stop.
    pub(super) fn stop_cancelled(&mut self, display: &str) {
        self.stopped = true;
        self.problem(display.to_string(), Code::ReadStopped, "the run was cancelled while archives were expanded");
    }

    /// A member's bytes could not be read.
    pub(super) fn member_unreadable(&mut self, display: &str, e: &io::Error) {
        self.problem(
            display.to_string(),
            Code::Unreadable,
            format!("cannot read this archive member: {}", io_message(e)),
        );
    }

    /// Before each archive member: may another be taken? When not, says why once (a problem
    /// input) and stops the expansion.
    fn next_member(&mut self, display: &str) -> bool {
        if self.stopped {
            return false;
        }
        if self.cancelled() {
            self.stop_cancelled(display);
            return false;
        }
        if self.members >= self.limits.max_members {
            self.stopped = true;
            self.problem(
                display.to_string(),
                Code::ArchiveMembers,
                format!(
                    "archive limit reached: more than {} members; this member and the rest were skipped (raise --max-archive-members)",
                    self.limits.max_members
                ),
            );
            return false;
        }
        self.members += 1;
        true
    }

    /// Something that cannot be read becomes an input with a warning, never a silent skip.
    pub(super) fn problem(&mut self, display: impl Into<String>, code: Code, message: impl Into<String>) {
        self.out.push(Input::new(display.into(), Origin::Problem(Warning::new(code, message))));
    }

    pub(super) fn walk(&mut self, root: &Path) {
        // walkdir follows links, detects loops and reports per-entry errors; we keep each error
        // as an input with a warning.
        // A link inside the folder to a file or folder outside it is not followed: an extracted
        // customer archive can plant one (`app.log -> ~/.aws/credentials`) and put a file of
        // the support engineer's machine into the report. It is named, and the run is not
        // complete; its target can be given by itself.
        let top = std::fs::canonicalize(root).ok();
        let mut outside: Vec<(String, PathBuf)> = Vec::new();
        let walk = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            let Some(top) = &top else { return true };
            match std::fs::canonicalize(e.path()) {
                Ok(target) if !target.starts_with(top) => {
                    outside.push((e.path().display().to_string(), target));
                    false
                }
                _ => true,
            }
        });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let display = e.path().display().to_string();
                    let display = display.strip_prefix("./").map(str::to_string).unwrap_or(display);
                    self.file(e.path(), display);
                }
                Ok(e) if !e.file_type().is_dir() => {
                    // A FIFO, socket or device among the files: listed, not read.
                    let display = e.path().display().to_string();
                    let display = display.strip_prefix("./").map(str::to_string).unwrap_or(display);
                    let what = super::special_file(e.path()).unwrap_or("not a regular file");
                    self.out.push(super::special_input(display, what));
                }
                Ok(_) => {}
                Err(err) => {
                    let display = err.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    // A link back to a folder of the walk (an ancestor: walkdir only reports
                    // those as loops) holds nothing that is not read already: noted, and the
                    // run stays complete.
                    if let Some(up) = err.loop_ancestor() {
                        let msg = format!("a link back to {}, a folder already read; read once", up.display());
                        self.problem(display, Code::ReadOnce, msg);
                        continue;
                    }
                    let msg = match err.io_error() {
                        Some(io) => format!("cannot open: {}", io_message(io)),
                        None => err.to_string(),
                    };
                    self.problem(display, Code::Unreadable, msg);
                }
            }
        }
        for (link, target) in outside {
            let display = link.strip_prefix("./").map(str::to_string).unwrap_or(link);
            self.out.push(super::link_outside_input(display, &target));
        }
    }

    /// A file on disk: read once however many names reach it, expanded when it is an archive.
    pub(super) fn file(&mut self, path: &Path, display: String) {
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
                self.problem(display, Code::Unreadable, format!("cannot open: {}", io_message(&e)));
                return;
            }
        };
        // Not a regular file (a pipe, a FIFO, `<(zcat x.gz)`, /dev/stdin, a device): it can be
        // opened and read only once, so it is read like stdin, from this one open.
        if meta.as_ref().is_ok_and(|m| !m.is_file()) {
            #[cfg(unix)]
            let device = {
                use std::os::unix::fs::FileTypeExt;
                meta.as_ref().is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_block_device())
            };
            #[cfg(not(unix))]
            let device = false;
            let r: Box<dyn Read + Send> = if device { Box::new(Bounded::new(f, device_bound())) } else { Box::new(f) };
            self.stream(display, r);
            return;
        }
        let head = read_head(&mut f, 512);
        let kind = sniff(&head);
        let start = self.out.len();
        match kind {
            Kind::Unsupported(what) => self.problem(display.clone(), Code::UnsupportedArchive, unsupported(what)),
            Kind::Zip => match File::open(path) {
                Ok(f) => self.zip(f, &display, 1),
                Err(e) => self.problem(display.clone(), Code::Unreadable, io_message(&e)),
            },
            Kind::Tar => match File::open(path) {
                Ok(f) => self.tar(Box::new(f), &display, 1),
                Err(e) => self.problem(display.clone(), Code::Unreadable, io_message(&e)),
            },
            k if compressed(k) && self.tar_inside(k, File::open(path).ok()) => {
                match File::open(path).and_then(|f| decoder(k, BufReader::new(f))) {
                    Ok(d) => self.tar(d, &display, 1),
                    Err(e) => self.problem(display.clone(), Code::Unreadable, io_message(&e)),
                }
            }
            Kind::Plain if super::mail::starts_like_mail(&head) && self.mail_file(path, &display) => {}
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
    pub(super) fn tar_inside<R: Read + Send>(&self, kind: Kind, r: Option<R>) -> bool {
        let Some(r) = r else { return false };
        match decoder(kind, r) {
            Ok(mut d) => is_tar(&read_head(&mut d, 512)),
            Err(_) => false,
        }
    }

    /// Stdin: read like any stream.
    /// Standard input, read once however many times it is named (`- -`, `- /dev/stdin`): a
    /// second name is noted on the first, as a file given twice is. A closed standard input
    /// (`<&-`) is unreadable, not an empty file.
    pub(super) fn stdin(&mut self) {
        #[cfg(unix)]
        let key = {
            use std::os::fd::AsFd;
            match io::stdin().as_fd().try_clone_to_owned().map(File::from).and_then(|f| f.metadata()) {
                Ok(m) => file_key(&m),
                Err(e) => {
                    self.problem(
                        "<stdin>",
                        Code::Unreadable,
                        format!("standard input cannot be read: {}", io_message(&e)),
                    );
                    return;
                }
            }
        };
        #[cfg(not(unix))]
        let key: Option<(u64, u64)> = None;
        if let Some(&first) = key.as_ref().and_then(|k| self.seen.get(k)) {
            self.out[first].notes.push(Warning::new(Code::ReadOnce, "also given as - (standard input); read once"));
            return;
        }
        if let Some(k) = key {
            self.seen.insert(k, self.out.len());
        }
        self.stream("<stdin>".into(), Box::new(io::stdin()));
    }

    /// A stream read once: its first 512 bytes (or all of it, if shorter) are read whatever
    /// sizes the pipe delivers them in, and decide whether it is an archive (then it is read
    /// into memory, within the limits, and expanded); a log stays a stream, its head kept in
    /// front of the rest, so nothing is lost.
    pub(super) fn stream(&mut self, display: String, mut r: Box<dyn Read + Send>) {
        let head = read_head(&mut r, 512);
        let kind = sniff(&head);
        let inner_tar = compressed(kind)
            && decoder(kind, Cursor::new(head.clone())).is_ok_and(|mut d| is_tar(&read_head(&mut d, 512)));
        if kind == Kind::Zip
            || kind == Kind::Tar
            || inner_tar
            || (kind == Kind::Plain && super::mail::starts_like_mail(&head))
        {
            let mut all = head;
            let cap = self.limits.max_bytes.saturating_sub(self.spent);
            let read = r.take(cap.saturating_add(1)).read_to_end(&mut all);
            self.spent += all.len() as u64;
            // An archive whose stream stopped early (a device's bound, a read error): what
            // arrived is expanded, and the stop is said.
            if let Err(e) = read {
                let code = if bound_reached(&e) { Code::InputBounded } else { Code::ReadStopped };
                self.problem(
                    display.clone(),
                    code,
                    format!("read stopped after {} bytes: {}", all.len(), io_message(&e)),
                );
            }
            self.member(display, all.into(), None, 0);
        } else {
            let whole: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(r));
            self.out.push(Input::new(display, Origin::Pipe(Stream::new(whole))));
        }
    }

    /// Bytes of an archive member (or stdin): expanded again if they are an archive.
    pub(super) fn member(&mut self, display: String, data: Data, mtime_ms: Option<i64>, depth: u32) {
        let kind = sniff(&data);
        let mbox = kind == Kind::Plain && super::mail::is_mbox(&data);
        let mail =
            mbox || (kind == Kind::Plain && super::mail::starts_like_mail(&data) && super::mail::is_multipart(&data));
        let archive = matches!(kind, Kind::Zip | Kind::Tar)
            || (compressed(kind) && self.tar_inside(kind, Some(Cursor::new(&data[..data.len().min(64 << 10)]))));
        if (archive || mail) && depth >= self.limits.max_depth {
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
        let cut = self.cut_note.take();
        if let Some(w) = &cut {
            if archive || mail {
                // An archive cut short is opened for what it holds up to the cut (a zip's
                // members by their own headers); the cut is said under its name.
                self.problem(display.clone(), w.code, w.message.clone());
            }
        }
        match kind {
            _ if mbox => self.mbox(display, &data, mtime_ms, depth + 1),
            _ if mail => self.mail(display, &data, mtime_ms, depth + 1),
            Kind::Unsupported(what) => self.problem(display, Code::UnsupportedArchive, unsupported(what)),
            Kind::Zip if archive => self.zip(Cursor::new(data), &display, depth + 1),
            Kind::Tar => self.tar(Box::new(Cursor::new(data)), &display, depth + 1),
            k if archive => match decoder(k, Cursor::new(data)) {
                Ok(d) => self.tar(d, &display, depth + 1),
                Err(e) => self.problem(display, Code::Unreadable, io_message(&e)),
            },
            _ => {
                let mut i = Input::new(display, Origin::Bytes(data));
                i.notes.extend(cut);
                self.out.push(i);
            }
        }
        for i in &mut self.out[start..] {
            i.mtime_ms = i.mtime_ms.or(mtime_ms);
        }
    }

    /// Read one member's bytes within the run's budget; `None` (with a problem input) when
    /// the budget is spent or the run is cancelled.
    ///
    /// The member is read straight into a shared buffer of the size its header declares
    /// (`declared`): no growing `Vec` copied at the end, so a member costs its size once. The
    /// budget is charged the declared size even when the member turns out shorter, so that
    /// headers that overstate sizes cannot make the reader zero-fill memory for free.
    pub(super) fn take_member(&mut self, r: &mut dyn Read, display: &str, declared: u64) -> Option<Data> {
        let cap = self.limits.max_bytes.saturating_sub(self.spent);
        if declared > cap {
            self.spent = self.limits.max_bytes;
            self.problem(display.to_string(), Code::ArchiveBytes, format!(
                "archive limit reached: more than {} decompressed; this member and the rest of the archive were skipped (raise --max-archive-bytes)",
                human_bytes(self.limits.max_bytes)
            ));
            return None;
        }
        let Ok(size) = usize::try_from(declared) else {
            self.problem(
                display.to_string(),
                Code::Unreadable,
                "this archive member is larger than this machine's memory",
            );
            return None;
        };
        self.spent += declared;
        // A size declared past what arrives (a 2 KiB zip whose header says 4 GiB) must not make
        // the reader take that memory: a large member is first read 64 MiB in (into zeroed
        // memory, whose pages are taken only as they are written), and only then given its
        // buffer of the declared size.
        const FIRST: usize = 64 << 20;
        let mut filled = 0;
        let mut buf = if size > FIRST {
            let mut first = vec![0u8; FIRST];
            match self.fill(r, &mut first, &mut filled, display) {
                Fill::Done => {}
                Fill::Cancelled => return None,
                end => return self.ended(end, Buffer::Memory(first), filled, size, display),
            }
            let mut buf = self.buffer(size);
            buf.bytes_mut()[..FIRST].copy_from_slice(&first);
            buf
        } else {
            self.buffer(size)
        };
        match self.fill(r, buf.bytes_mut(), &mut filled, display) {
            Fill::Done => {}
            Fill::Cancelled => return None,
            end => return self.ended(end, buf, filled, size, display),
        }
        // Longer than declared: a zip whose data inflate past its header's size.
        if !self.ends_as_declared(r, display) {
            return None;
        }
        Some(buf.freeze(size))
    }

    /// A zeroed buffer of `size` bytes for a member: in memory while the run holds less than
    /// its memory budget (or the member is small), else in a mapped temporary file. Where no
    /// temporary file can be made (the folder full or read-only), in memory all the same:
    /// nothing is lost for want of disk.
    fn buffer(&mut self, size: usize) -> Buffer {
        const SMALL: usize = 64 << 10;
        if size >= SMALL && self.held.saturating_add(size as u64) > self.limits.max_memory {
            if let Ok(b) = Buffer::mapped(size) {
                return b;
            }
        }
        self.held = self.held.saturating_add(size as u64);
        Buffer::memory(size)
    }

    /// Read `r` into `dst` from `filled` on, until it is full, the data end or an error, in
    /// 64 KiB steps with a look at the run's cancel every MiB.
    fn fill(&mut self, r: &mut dyn Read, dst: &mut [u8], filled: &mut usize, display: &str) -> Fill {
        while *filled < dst.len() {
            if *filled % (1 << 20) < (1 << 16) && self.cancelled() {
                self.stop_cancelled(display);
                return Fill::Cancelled;
            }
            let end = (*filled + (1 << 16)).min(dst.len());
            match r.read(&mut dst[*filled..end]) {
                Ok(0) => return Fill::Ended,
                Ok(n) => *filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Fill::Failed(e),
            }
        }
        Fill::Done
    }

    /// A member whose data stopped before its declared `size`, `data` read so far. Shorter than
    /// declared (a truncated stream, a header that overstates), or cut or corrupt past its start
    /// (an archive copied before it was written whole): what came is kept, as for a cut gzip
    /// file, and the input says so. Unreadable from its start: nothing.
    fn ended(&mut self, end: Fill, buf: Buffer, filled: usize, size: usize, display: &str) -> Option<Data> {
        match end {
            Fill::Failed(e) if filled == 0 => {
                self.member_unreadable(display, &e);
                return None;
            }
            Fill::Failed(e) => self.cut_after(filled, size, &e),
            _ => self.short_of(filled, size),
        }
        Some(buf.freeze(filled))
    }

    /// A member whose data broke off after `filled` of `size` bytes: what came before is kept,
    /// and its input will say so (`cut_note`).
    fn cut_after(&mut self, filled: usize, size: usize, e: &io::Error) {
        self.cut_note = Some(Warning::new(
            Code::ReadStopped,
            format!(
                "this archive member breaks off after {filled} of the {size} byte(s) its header declares ({}): what came before is read, the rest is lost",
                io_message(e)
            ),
        ));
    }

    /// A member whose data ended after `filled` of the `size` bytes its header declares (an
    /// archive cut inside it, or a header that overstates): what came is read, and its input
    /// says the rest is missing.
    fn short_of(&mut self, filled: usize, size: usize) {
        self.cut_note = Some(Warning::new(
            Code::ReadStopped,
            format!("this archive member ends after {filled} of the {size} byte(s) its header declares: what came is read, the rest is missing"),
        ));
    }

    /// After a member's declared size: does its data end there? Longer (a zip whose data
    /// inflate past its header's size) is refused (false, with a problem input). Reading on to
    /// the end also lets a zip member's reader check its CRC: data that fail it are kept, with
    /// a note that they are damaged (`cut_note`).
    fn ends_as_declared(&mut self, r: &mut dyn Read, display: &str) -> bool {
        let mut probe = [0u8; 1];
        match r.read(&mut probe) {
            Ok(n) if n > 0 => {
                self.problem(
                    display.to_string(),
                    Code::Unreadable,
                    "this archive member holds more than its header says; skipped",
                );
                return false;
            }
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                self.cut_note = Some(Warning::new(
                    Code::ReadStopped,
                    format!(
                        "this archive member's data fail its check ({}): they are damaged, and are read as they stand",
                        io_message(&e)
                    ),
                ));
            }
            _ => {}
        }
        true
    }

    pub(super) fn zip<R: Read + Seek>(&mut self, mut r: R, display: &str, depth: u32) {
        let mut z = match zip::ZipArchive::new(&mut r) {
            Ok(z) => z,
            Err(e) => {
                self.zip_cut(&mut r, display, depth, &e);
                return;
            }
        };
        let first = self.out.len();
        let mut links = Vec::new();
        for k in 0..z.len() {
            if self.stopped {
                return;
            }
            let mut m = match z.by_index(k) {
                Ok(m) => m,
                Err(e) => {
                    self.problem(format!("{display}!/#{k}"), Code::Unreadable, format!("cannot read zip member: {e}"));
                    continue;
                }
            };
            if m.is_dir() {
                continue;
            }
            let member_path = zip_path(&m);
            let name = format!("{display}!/{member_path}");
            if m.is_symlink() {
                // A Unix symbolic link (`zip -y`): its data is the target's path, not a log.
                // Handled as a tar's links are, after the members.
                let mut target = String::new();
                let _ = (&mut m).take(4096).read_to_string(&mut target);
                links.push((name, member_path, target, true));
                continue;
            }
            let (data, mtime) = match self.zip_take(&mut m, &name) {
                Taken::Read(data, mtime) => (data, mtime),
                Taken::Lost => continue,
                Taken::Stop => return,
            };
            drop(m);
            self.member(name, data, mtime, depth);
        }
        self.links(links, first, display);
    }

    /// Read one zip member's data (`name`, as shown), within the run's limits.
    fn zip_take<R: Read>(&mut self, m: &mut zip::read::ZipFile<'_, R>, name: &str) -> Taken {
        if !self.next_member(name) {
            return Taken::Stop;
        }
        let mtime = m.last_modified().and_then(zip_ms);
        let size = m.size();
        match self.take_member(m, name, size) {
            Some(data) => Taken::Read(data, mtime),
            None if self.spent >= self.limits.max_bytes || self.stopped => Taken::Stop,
            None => Taken::Lost,
        }
    }

    /// A zip archive whose index (the central directory, at its end) cannot be read: most
    /// often one cut short by an upload or a copy that stopped. Each member also has a header
    /// of its own before its data, so the members are read from the start, one header after
    /// the other, until the data breaks off: those before the cut are kept whole, the one cut
    /// is kept up to the cut. The archive is not complete (what followed the cut is unknown),
    /// unless the headers lead to the index's start, where every member has been read.
    fn zip_cut<R: Read + Seek>(&mut self, r: &mut R, display: &str, depth: u32, why: &zip::result::ZipError) {
        if r.seek(io::SeekFrom::Start(0)).is_err() {
            return self.problem(display.to_string(), Code::Unreadable, format!("cannot read zip archive: {why}"));
        }
        let first = self.out.len();
        let mut read = 0usize;
        let end = loop {
            if self.stopped {
                return;
            }
            let mut m = match zip::read::read_zipfile_from_stream(r) {
                Ok(Some(m)) => m,
                Ok(None) => break None,
                Err(e) => break Some(format!("no member's header where the next should be: {e}")),
            };
            if m.is_dir() {
                continue;
            }
            let member_path = zip_path(&m);
            let name = format!("{display}!/{member_path}");
            let (data, mtime) = match self.zip_take(&mut m, &name) {
                Taken::Read(data, mtime) => (data, mtime),
                // Unreadable from its start: the next header cannot be found after it.
                Taken::Lost => break Some(format!("'{member_path}' cannot be read")),
                Taken::Stop => return,
            };
            let cut = self.cut_note.is_some();
            drop(m);
            self.member(name, data, mtime, depth);
            read += 1;
            if cut {
                break Some(format!("'{member_path}' is cut"));
            }
        };
        if let (0, Some(e)) = (read, &end) {
            self.out.truncate(first);
            return self.problem(
                display.to_string(),
                Code::Unreadable,
                format!("cannot read zip archive: {why}; nor its members one by one from their own headers: {e}"),
            );
        }
        match end {
            None => {
                // Every member up to the index was read: only the index is damaged. Said on
                // the first input the archive gave.
                let w = Warning::new(
                    Code::ZipIndexDamaged,
                    format!("{display}: this zip archive's index is damaged ({why}); its {read} member(s) were read from their own headers, all of them"),
                );
                match self.out.get_mut(first) {
                    Some(i) => i.notes.push(w),
                    None => self.out.push(Input::new(display.to_string(), Origin::Problem(w))),
                }
            }
            Some(e) => self.problem(
                display.to_string(),
                Code::ReadStopped,
                format!(
                    "this zip archive is cut short or damaged ({why}): {read} member(s) were read from their own headers, then it breaks off: {e}; what followed is lost"
                ),
            ),
        }
    }

    /// A file that starts like a mail: opened as one (`mail`) when it is a MIME multipart mail
    /// of a mail's size; false (nothing done) otherwise, and it is read as a text file.
    fn mail_file(&mut self, path: &Path, display: &str) -> bool {
        const MAX_MAIL: u64 = 256 << 20;
        let cap = self.limits.max_bytes.saturating_sub(self.spent).min(MAX_MAIL);
        let mut data = Vec::new();
        let read = File::open(path).and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut data));
        if read.is_err() || data.len() as u64 > cap {
            return false;
        }
        if super::mail::is_mbox(&data) {
            self.spent += data.len() as u64;
            self.mbox(display.to_string(), &data, None, 1);
            return true;
        }
        if !super::mail::is_multipart(&data) {
            return false;
        }
        self.spent += data.len() as u64;
        self.mail(display.to_string(), &data, None, 1);
        true
    }

    /// An mbox file (a mail folder exported): each mail a member `inbox!/N.eml`, opened as a
    /// mail when it is a multipart one, else read as the text it is.
    fn mbox(&mut self, display: String, data: &[u8], mtime_ms: Option<i64>, depth: u32) {
        for (k, m) in super::mail::mbox_messages(data).into_iter().enumerate() {
            let name = format!("{display}!/{}.eml", k + 1);
            if !self.next_member(&name) {
                return;
            }
            self.member(name, m.into(), mtime_ms, depth);
        }
    }

    /// A MIME multipart mail, opened like an archive: its text (subject and text parts) is an
    /// input under the mail's own name, noting what it held, and each attachment, decoded, a
    /// member `mail.eml!/name` (an attached archive or mail is opened in turn). A mail that
    /// cannot be parsed is read as the text it is (its attachments then make it incomplete,
    /// `mail_attachments`).
    fn mail(&mut self, display: String, data: &[u8], mtime_ms: Option<i64>, depth: u32) {
        let Some(parts) = super::mail::split(data) else {
            self.out.push(Input::new(display, Origin::Bytes(Data::from(data))));
            return;
        };
        let names: Vec<String> = parts.attachments.iter().map(|a| format!("{display}!/{}", a.name)).collect();
        let mut text = Input::new(display.clone(), Origin::Bytes(parts.text.into()));
        const LISTED: usize = 20;
        let listed = match names.len() {
            n if n > LISTED => format!("{} and {} more", names[..LISTED].join(", "), n - LISTED),
            _ => names.join(", "),
        };
        text.notes.push(Warning::new(
            Code::MailRead,
            match names.len() {
                0 => "an e-mail (MIME): its text is read here; it has no attachment".to_string(),
                n => format!("an e-mail (MIME): its text is read here, and its {n} attachment(s), decoded, as inputs of their own: {listed}"),
            },
        ));
        for d in parts.text_damage {
            text.notes.push(Warning::new(Code::ReadStopped, d));
        }
        text.mtime_ms = mtime_ms;
        self.out.push(text);
        for (name, a) in names.into_iter().zip(parts.attachments) {
            if !self.next_member(&name) {
                return;
            }
            let bytes = a.bytes;
            let size = bytes.len() as u64;
            if size > self.limits.max_bytes.saturating_sub(self.spent) {
                self.spent = self.limits.max_bytes;
                self.problem(name, Code::ArchiveBytes, format!(
                    "archive limit reached: more than {} decompressed; this attachment and the rest of the mail were skipped (raise --max-archive-bytes)",
                    human_bytes(self.limits.max_bytes)
                ));
                return;
            }
            self.spent += size;
            if let Some(why) = a.damage {
                // Said on its input (`member` takes the note).
                self.cut_note = Some(Warning::new(Code::ReadStopped, why));
            }
            self.member(name, bytes.into(), mtime_ms, depth);
        }
    }

    pub(super) fn tar(&mut self, r: Box<dyn Read + Send + '_>, display: &str, depth: u32) {
        let mut a = tar::Archive::new(r);
        let entries = match a.entries() {
            Ok(e) => e,
            Err(e) => {
                self.problem(display.to_string(), Code::Unreadable, format!("cannot read tar archive: {e}"));
                return;
            }
        };
        let first = self.out.len();
        let mut links = Vec::new();
        for entry in entries {
            // Every entry, directories too: a tar of a million folder entries is work as well.
            if self.stopped {
                return;
            }
            if self.cancelled() {
                self.stop_cancelled(display);
                return;
            }
            let mut e = match entry {
                Ok(e) => e,
                Err(err) => {
                    self.problem(
                        display.to_string(),
                        Code::ReadStopped,
                        format!("tar archive broken here: {err}; the rest is skipped"),
                    );
                    return;
                }
            };
            let kind = e.header().entry_type();
            let sparse = match sparse_of(&mut e) {
                Ok(s) => s,
                Err(what) => Sparse::Unknown(what),
            };
            let path = match &sparse {
                Sparse::Pax { name: Some(n), .. } => n.clone(),
                _ => e.path().map(|p| p.display().to_string()).unwrap_or_else(|_| "?".into()),
            };
            let member_path = path.trim_start_matches("./").trim_start_matches('/').to_string();
            let name = format!("{display}!/{member_path}");
            match kind {
                tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {}
                // A folder holds nothing of its own: its files are members of their own.
                tar::EntryType::Directory => continue,
                tar::EntryType::Link | tar::EntryType::Symlink => {
                    let target = e.link_name().ok().flatten().map(|t| t.display().to_string()).unwrap_or_default();
                    links.push((name, member_path, target, kind == tar::EntryType::Symlink));
                    continue;
                }
                other => {
                    if !self.next_member(&name) {
                        return;
                    }
                    let what = match other {
                        tar::EntryType::Char => "a character device".to_string(),
                        tar::EntryType::Block => "a block device".to_string(),
                        tar::EntryType::Fifo => "a FIFO".to_string(),
                        o => format!("of tar type '{}'", char::from(o.as_byte()).escape_default()),
                    };
                    if e.size() == 0 {
                        self.problem(
                            name,
                            Code::MemberSkipped,
                            format!("archive member that is {what}, with no content; not read"),
                        );
                    } else {
                        self.problem(
                            name,
                            Code::Unreadable,
                            format!(
                                "archive member that is {what}, which kbdiag does not read ({} of data skipped)",
                                human_bytes(e.size())
                            ),
                        );
                    }
                    continue;
                }
            }
            if !self.next_member(&name) {
                return;
            }
            let mtime = e.header().mtime().ok().and_then(|s| i64::try_from(s).ok()).map(|s| s.saturating_mul(1000));
            let start = self.out.len();
            let data = match &sparse {
                Sparse::No => {
                    let size = e.size();
                    let Some(data) = self.take_member(&mut e, &name, size) else {
                        return;
                    };
                    data
                }
                Sparse::Unknown(what) => {
                    self.problem(
                        name,
                        Code::Unreadable,
                        format!("sparse archive member in a layout kbdiag does not read ({what}); not read: extract the archive with GNU tar and give the folder"),
                    );
                    continue;
                }
                Sparse::OldGnu | Sparse::Pax { .. } => {
                    let map_in_data = matches!(sparse, Sparse::Pax { map_in_data: true, .. });
                    if map_in_data {
                        if let Err(err) = skip_sparse_map(&mut e) {
                            self.problem(
                                name,
                                Code::Unreadable,
                                format!("sparse archive member (GNU sparse format 1.0) whose map cannot be read: {err}; not read"),
                            );
                            continue;
                        }
                    }
                    let Some((data, holes)) = self.take_squeezed(&mut e, &name) else {
                        if self.spent >= self.limits.max_bytes || self.stopped {
                            return;
                        }
                        continue;
                    };
                    // The holes: what the file's real size has beyond the text kept (the
                    // PAX layouts store no hole; the old GNU one is read with them as zeros).
                    let real = match &sparse {
                        Sparse::Pax { real, .. } => *real,
                        _ => Some(e.size()),
                    };
                    let zeros = real.map_or(holes, |r| r.saturating_sub(data.len() as u64).max(holes));
                    self.member(name, data, mtime, depth);
                    if zeros > 0 {
                        for i in &mut self.out[start..] {
                            i.notes.push(Warning::new(
                                Code::NulBytes,
                                format!("a sparse file in the archive (tar -S): its holes, {zeros} byte(s) of zeros, were skipped and the text around them read"),
                            ));
                        }
                    }
                    continue;
                }
            };
            self.member(name, data, mtime, depth);
        }
        self.links(links, first, display);
    }

    /// Links in a tar archive: a link to a member read (hard links always are, symbolic ones
    /// when their target is in the archive) is noted on that member, read once; any other is an
    /// input that says what it points to, not read.
    fn links(&mut self, links: Vec<(String, String, String, bool)>, first: usize, display: &str) {
        for (name, member_path, target, symbolic) in links {
            let resolved = if symbolic { resolve_link(&member_path, &target) } else { Some(clean_path(&target)) };
            let found = resolved.and_then(|t| {
                let want = format!("{display}!/{t}");
                (first..self.out.len()).find(|&i| self.out[i].display == want)
            });
            let what = if symbolic { "symbolic link" } else { "hard link" };
            if found.is_none() && !self.next_member(&name) {
                return;
            }
            match found {
                Some(i) => self.out[i]
                    .notes
                    .push(Warning::new(Code::ReadOnce, format!("also in the archive as {name} (a {what}); read once"))),
                None => self.problem(
                    name,
                    Code::MemberSkipped,
                    format!("archive member that is a {what} to {target}, which is not in the archive; not read"),
                ),
            }
        }
    }
}

/// A path without `.` parts, `..` taken back, no leading `/`.
fn clean_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

/// The member a symbolic link at `member` points to, when it points inside the archive.
fn resolve_link(member: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let dir = member.rsplit_once('/').map_or("", |(d, _)| d);
    Some(clean_path(&format!("{dir}/{target}")))
}

#[cfg(unix)]
pub(super) fn file_key(m: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub(super) fn file_key(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

pub(super) fn system_ms(t: std::time::SystemTime) -> Option<i64> {
    t.duration_since(std::time::UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_millis()).ok())
}

pub(super) fn zip_ms(d: zip::DateTime) -> Option<i64> {
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(d.year()), u32::from(d.month()), u32::from(d.day()))?;
    let t = date.and_hms_opt(u32::from(d.hour()), u32::from(d.minute()), u32::from(d.second()))?;
    Some(t.and_utc().timestamp_millis())
}

/// What an archive kbdiag does not open gets said (7-Zip, RAR).
fn unsupported(what: &str) -> String {
    format!("{what} archive: not read (kbdiag opens zip and tar archives); extract it and give the folder")
}

/// How reading a member's data into its buffer ended (`Collector::fill`).
enum Fill {
    /// The buffer is full.
    Done,
    /// The data ended first.
    Ended,
    Failed(io::Error),
    Cancelled,
}

/// What reading one zip member gave (`Collector::zip_take`): its data and time, nothing (it
/// was unreadable, said; the next may be read), or the end of the expansion (a limit, a cancel).
enum Taken {
    Read(Data, Option<i64>),
    Lost,
    Stop,
}

/// A zip member's path as shown after `archive!/`: without a leading `./` or `/`.
fn zip_path<R: Read>(m: &zip::read::ZipFile<'_, R>) -> String {
    m.name().trim_start_matches("./").trim_start_matches('/').to_string()
}
