//! Reading one range of an input in chunks (plain, or decompressed as it streams), handing
//! complete lines on.

use super::*;

impl State<'_> {
    /// Read `head` then `rest` in chunks, handling complete lines; stop after the lines that
    /// start before `limit` (bytes from the start of `head`).
    pub(super) fn stream(&mut self, head: Vec<u8>, mut rest: Box<dyn Read + Send>, limit: Option<u64>, gzip: bool) {
        let mut buf = head;
        let mut offset: u64 = 0; // stream offset of buf[0]
        let mut eof = false;
        let mut skipping_long = false;
        let chunk = if self.opts.chunk_bytes > 0 { self.opts.chunk_bytes } else { CHUNK };
        let mut tmp = vec![0u8; chunk];
        self.part.bytes += buf.len() as u64;
        if let Some(p) = &self.opts.progress {
            p(buf.len() as u64);
        }
        loop {
            // Fill up to a chunk beyond what is carried.
            if !eof {
                eof = self.fill(rest.as_mut(), &mut buf, &mut tmp, chunk, gzip);
            }
            if skipping_long {
                // Drop the rest of an over-long line.
                match memchr::memchr(b'\n', &buf) {
                    Some(i) => {
                        offset += i as u64 + 1;
                        buf.drain(..=i);
                        skipping_long = false;
                    }
                    None => {
                        offset += buf.len() as u64;
                        buf.clear();
                        if eof {
                            return;
                        }
                        continue;
                    }
                }
            }
            if buf.is_empty() && eof {
                return;
            }
            let cut_at = match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None if eof => buf.len(),
                None if buf.len() >= MAX_LINE && buf.iter().all(|&b| b == 0) => {
                    // A hole longer than a line (a preallocated log's zero tail): no text in
                    // it, nothing to search; counted and dropped, and reading goes on.
                    if !self.nul_run_open {
                        if self.part.nul_holes.1 == 0 {
                            self.part.nul_holes.2 = self.line_no + 1;
                        }
                        self.part.nul_holes.1 += 1;
                    }
                    // The hole may go on in the next bytes: one run.
                    self.nul_run_open = true;
                    self.part.nul_holes.0 += buf.len() as u64;
                    offset += buf.len() as u64;
                    buf.clear();
                    if eof {
                        return;
                    }
                    continue;
                }
                None if buf.len() >= MAX_LINE => {
                    // One line longer than we search: take its first MAX_LINE bytes as a line.
                    self.part.long_lines.push(self.line_no + 1);
                    skipping_long = true;
                    buf.len()
                }
                None => {
                    // Keep reading until the line ends.
                    let before = buf.len();
                    let want = (buf.len() + chunk.max(buf.len())).min(MAX_LINE);
                    if !eof {
                        eof = self.fill(rest.as_mut(), &mut buf, &mut tmp, want, gzip);
                    }
                    if buf.len() == before && eof {
                        buf.len()
                    } else {
                        continue;
                    }
                }
            };
            self.ends_unterminated = eof && !skipping_long && cut_at == buf.len() && buf.last() != Some(&b'\n');
            let go_on = self.region(&buf[..cut_at], offset, limit);
            offset += cut_at as u64;
            buf.drain(..cut_at);
            if !go_on || (eof && buf.is_empty() && !skipping_long) {
                return;
            }
        }
    }

    /// Read into `buf` until it holds `want` bytes or the input ends; true at the end (a read
    /// error ends the input too, and is reported).
    pub(super) fn fill(
        &mut self,
        rest: &mut dyn Read,
        buf: &mut Vec<u8>,
        tmp: &mut [u8],
        want: usize,
        gzip: bool,
    ) -> bool {
        if self.opts.cancel.as_ref().is_some_and(|c| c()) {
            self.part.error = Some("the run was cancelled".to_string());
            return true;
        }
        let t0 = self.opts.profile.then(std::time::Instant::now);
        let eof = self.fill_to(rest, buf, tmp, want, gzip);
        if let Some(t0) = t0 {
            self.part.stages.read_ns += t0.elapsed().as_nanos() as u64;
        }
        eof
    }

    fn fill_to(&mut self, rest: &mut dyn Read, buf: &mut Vec<u8>, tmp: &mut [u8], want: usize, gzip: bool) -> bool {
        while buf.len() < want {
            match rest.read(tmp) {
                Ok(0) => return true,
                Ok(n) => {
                    buf.extend_from_slice(&tmp[..n]);
                    self.part.bytes += n as u64;
                    if let Some(p) = &self.opts.progress {
                        p(n as u64);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    // The line it stopped after is known once the bytes before the error are
                    // scanned: `merge` says it.
                    self.part.bounded = input::bound_reached(&e);
                    self.part.error = Some(format!(
                        "{}{}",
                        input::io_message(&e),
                        if gzip { " (truncated or corrupt gzip?)" } else { "" }
                    ));
                    return true;
                }
            }
        }
        false
    }
}
