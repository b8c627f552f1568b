//! Line location: the candidate lines of a chunk (prefilter hits), records and continuation
//! lines, structured records.

use super::*;

/// CSV records being read: the one gathered so far (its quoted fields span lines), and the lines
/// lost to a start inside a quoted field or to records that do not parse.
#[derive(Default)]
pub(super) struct CsvState {
    pending: Vec<u8>,
    /// The line the pending record starts on.
    first: u64,
    scan: crate::structured::CsvScan,
    /// Lines of a failed record to read again (their line numbers), before the next new line.
    again: VecDeque<(u64, Vec<u8>)>,
    /// Lines not read as part of any record: how many, and the first.
    pub(super) lost: (u64, u64),
}

/// How many times a part looks back for a timed record and finds none ([`State::record_time`]).
const WALKS: u32 = 10_000;

/// The record before a line, for the miner's time of a line that has none of its own (see
/// [`State::record_time`]): a continuation line, or one that starts like a record by its
/// first byte and does not parse (`Kernel panic - not syncing` inside a syslog file).
#[derive(Clone, Copy)]
pub(super) enum Rec<'r> {
    /// The last line before it in this region that starts a record: its stream offset, and
    /// the region up to its end (to look further back when that record has no time).
    In { key: u64, region: &'r [u8], start: usize },
    /// No record before it in this region: the last one before the region (`prev_rec`).
    Before,
}

impl<'r> Rec<'r> {
    /// What the memos of a record's time and level know it by: its stream offset, or
    /// `u64::MAX` for the record before the region.
    fn key(&self) -> u64 {
        match self {
            Rec::In { key, .. } => *key,
            Rec::Before => u64::MAX,
        }
    }

    #[inline(always)]
    fn of(last: Option<(usize, usize)>, region: &'r [u8], base: u64) -> Self {
        match last {
            Some((a, b)) => Rec::In { key: base + a as u64, region: &region[..b], start: a },
            None => Rec::Before,
        }
    }
}

impl CsvState {
    fn lose(&mut self, at: u64) {
        if self.lost.0 == 0 {
            self.lost.1 = at;
        }
        self.lost.0 += 1;
    }

    /// The pending record is not one: its first line is lost, the others are read again.
    fn resync(&mut self) {
        let rec = std::mem::take(&mut self.pending);
        self.lose(self.first);
        let again: Vec<(u64, Vec<u8>)> =
            rec.split(|&b| b == b'\n').enumerate().skip(1).map(|(k, l)| (self.first + k as u64, l.to_vec())).collect();
        for item in again.into_iter().rev() {
            self.again.push_front(item);
        }
    }
}

impl State<'_> {
    /// Handle the complete lines of `region` (which starts at stream offset `base`). Returns
    /// false once a line starts at or past `limit`.
    pub(super) fn region(&mut self, region: &[u8], base: u64, limit: Option<u64>) -> bool {
        let plan = self.plan;
        if plan.lr.structured() {
            self.records(region);
            return true;
        }
        let t_region = self.opts.profile.then(std::time::Instant::now);
        // JSON objects of no known format are mined by their own fields (`triage::record`):
        // asked once per region, not on every line.
        let json_log = !plan.document && plan.lr.format.is_none();
        let records = self.opts.mine && json_log;
        let symptoms_before = self.part.stages.symptoms_ns;
        self.cands.clear();
        self.unread_cands.clear();
        self.unread_at = 0;
        if plan.literal_applies {
            for lits in self.pf.classes() {
                // Find a line with a literal (the finder), name every literal on it with the
                // overlapping automaton, then go on from the end of that line.
                let mut pos = 0;
                let tiny = lits.find.tiny_starts(region);
                let mut ti = 0;
                while pos < region.len() {
                    let next = match &tiny {
                        Some(t) => {
                            while ti < t.len() && t[ti] < pos {
                                ti += 1;
                            }
                            t.get(ti).copied()
                        }
                        None => lits.find.candidate(region, pos),
                    };
                    let Some(s) = next else { break };
                    let ls = memchr::memrchr(b'\n', &region[..s]).map_or(0, |i| i + 1);
                    let le = memchr::memchr(b'\n', &region[s..]).map_or(region.len(), |i| s + i);
                    for m2 in lits.all.find_overlapping_iter(&region[ls..le]) {
                        for &g in &lits.owners[m2.pattern().as_usize()] {
                            if plan.applies[g] {
                                self.cands.push((ls, g));
                            } else if plan.unread[g] {
                                self.unread_cands.push((ls, g));
                            }
                        }
                    }
                    pos = le + 1;
                }
            }
            self.cands.sort_unstable();
            self.cands.dedup();
            self.unread_cands.sort_unstable();
            self.unread_cands.dedup();
        }
        // Lines worth mining (`mine`): those holding an error word, found the same way.
        self.mine_starts.clear();
        // Lines are mined by their shape (triage::skeleton) where that pays, else found by
        // their error words here.
        self.by_shape = self.opts.mine && !plan.document && plan.shapes && self.shape_pause == 0;
        self.shape_pause = self.shape_pause.saturating_sub(1);
        (self.shapes.probes, self.shapes.hits) = (0, 0);
        (self.info_starts.probes, self.info_starts.hits) = (0, 0);
        self.info_pause = self.info_pause.saturating_sub(1);
        if self.opts.mine && !plan.document && !self.by_shape {
            let mut pos = 0;
            while pos < region.len() {
                let Some(s) = self.pf.words.find(region, pos) else { break };
                let ls = memchr::memrchr(b'\n', &region[..s]).map_or(0, |i| i + 1);
                let le = memchr::memchr(b'\n', &region[s..]).map_or(region.len(), |i| s + i);
                self.mine_starts.push(ls);
                pos = le + 1;
            }
            // Lines whose level a number gives (an access log's 5xx status), by the format's
            // hint; their level is read from their fields (`mine`).
            if let Some(hint) = plan.lr.format.and_then(|f| f.mine_hint.as_ref()) {
                let before = self.mine_starts.len();
                for m in hint.find_iter(region) {
                    let ls = memchr::memrchr(b'\n', &region[..m.start()]).map_or(0, |i| i + 1);
                    self.mine_starts.push(ls);
                }
                if self.mine_starts.len() > before {
                    self.mine_starts.sort_unstable();
                    self.mine_starts.dedup();
                }
            }
        }
        let mine_starts = std::mem::take(&mut self.mine_starts);
        let mut mi = 0;
        let t_search = t_region.map(|t| t.elapsed().as_nanos() as u64);
        let any_fallback = !plan.fallback.is_empty();
        let mut ci = 0;
        let mut s = 0usize;
        let mut last_rec: Option<(usize, usize)> = None;
        let cands = std::mem::take(&mut self.cands);
        let mut iter = memchr::memchr_iter(b'\n', region);
        loop {
            let e = match iter.next() {
                Some(e) => e,
                None if s < region.len() => region.len(),
                None => break,
            };
            if let Some(lim) = limit {
                if base + s as u64 >= lim {
                    self.end_region(region, last_rec);
                    self.cands = cands;
                    return false;
                }
            }
            self.line_no += 1;
            self.part.lines += 1;
            let mut line = strip_eol(&region[s..e]);
            // Where the line's text starts (after a hole of NULs, see `nul_lead`).
            let mut ls = s;
            if line.first() == Some(&0) || line.get(1) == Some(&0) {
                let lead = self.nul_lead(line);
                line = &line[lead..];
                ls += lead;
            }
            // A UTF-8 byte-order mark (Notepad writes one) is no text of the first line.
            if s == 0 && base == 0 && line.starts_with(BOM) {
                line = &line[BOM.len()..];
                ls += BOM.len();
            }
            // A JSON object of a log no pack knows is a record too (`records`).
            let starts = plan.lr.starts_record(line);
            let json_rec = json_log && !starts && line.first() == Some(&b'{');
            let is_rec = starts || json_rec;
            let rec_before = last_rec;
            // Another program's line with its own time (a Log4j line in catalina.out): the
            // lines after it that continue it take that time in the miner (hostile tester 9, 5).
            if is_rec {
                self.own_since_rec = None;
            } else if self.opts.mine && line.first().is_some_and(|&b| b.is_ascii_digit() || b == b'[') {
                if let Some((t, _)) = self.own_time(line) {
                    self.own_since_rec = Some(t);
                }
            }
            if line.is_empty() {
            } else if is_rec {
                self.part.events += 1;
                self.part.json_records += u64::from(json_rec);
                if self.part.first_rec.is_none() {
                    self.part.first_rec = Some(line.to_vec());
                }
                last_rec = Some((ls, ls + line.len()));
            } else {
                self.part.skipped += 1;
            }
            // The symptoms to check on this line: the automaton's, then literal-less ones the
            // regex set (or, without a set, nothing) lets through. No allocation per line.
            self.line_cands.clear();
            while ci < cands.len() && cands[ci].0 == s {
                self.line_cands.push(cands[ci].1);
                ci += 1;
            }
            if any_fallback && !line.is_empty() {
                let add = |g: usize, v: &mut Vec<usize>| {
                    if plan.applies[g] && !v.contains(&g) {
                        v.push(g);
                    }
                };
                match &self.pf.fallback_set {
                    // The set's patterns are in `pf.fallback` order.
                    Some(set) => set.matches(line).iter().for_each(|k| add(self.pf.fallback[k], &mut self.line_cands)),
                    None => plan.fallback.iter().for_each(|&g| add(g, &mut self.line_cands)),
                }
            }
            // Lines of symptoms that do not read this input but could (`Scanned::unread`), where
            // no symptom of the same rule that reads it has a text on the line (a rule that reads
            // the wording in pasted text too, as a mention, took the line: its choice).
            while self.unread_at < self.unread_cands.len() && self.unread_cands[self.unread_at].0 == s {
                let g = self.unread_cands[self.unread_at].1;
                self.unread_at += 1;
                let sref = self.pf.symptoms[g];
                let key = (sref.rule, sref.symptom);
                if !self.part.unread.contains_key(&key)
                    && !self.line_cands.iter().any(|&h| self.pf.symptoms[h].rule == sref.rule)
                    && self.rules[sref.rule].symptoms[sref.symptom].matches_text(&String::from_utf8_lossy(line))
                {
                    self.part.unread.insert(key, self.line_no);
                }
            }
            let mut mine = mi < mine_starts.len() && mine_starts[mi] == s;
            if mine {
                mi += 1;
            } else if self.opts.mine && !plan.document && !self.by_shape {
                mine = crate::triage::has_code(line) || crate::triage::stated_level(line).is_some_and(|l| l.is_some());
            }
            // A JSON object of no known format is mined by its own level field, when it has one.
            if records {
                match crate::triage::record::json_level(line) {
                    Some(level) => mine = level.is_some(),
                    None => mine |= crate::triage::record::wraps_record(line),
                }
            }
            let hits_before = self.part.hits.len();
            let mut parsed = None;
            if !self.line_cands.is_empty() {
                let prev = self.prev_rec.take();
                let rec: Option<&[u8]> = if is_rec {
                    None
                } else {
                    match last_rec {
                        Some((a, b)) => Some(&region[a..b]),
                        None => prev.as_deref(),
                    }
                };
                let unresolved = !is_rec && last_rec.is_none() && prev.is_none() && self.starts_mid_file;
                let lc = std::mem::take(&mut self.line_cands);
                parsed = self.line(line, rec, unresolved, &lc);
                self.line_cands = lc;
                self.prev_rec = prev;
            }
            // The last line of a log copied while it was written may be cut ("... - Empty r"):
            // it is no template of its own.
            // So may a JSON record of a log no pack knows, when it is no whole object (a program
            // that crashed while writing it, hostile tester Z 2: lost without a word).
            // The source line Python prints under a traceback's frame (`    raise
            // RuntimeError("sync failed")`): code, whose words say nothing of what happened
            // (hostile tester 8 14). Frames are indented by two spaces, their source by four.
            // (Python 3.11's exception groups draw `  | ` before both.)
            let (py_source, py_frame) = match line.first() {
                Some(b' ') => {
                    let body = crate::triage::python_group_body(line);
                    let indent = body.len() - body.trim_ascii_start().len();
                    let frame = body[indent..].starts_with(b"File \"");
                    (self.after_py_frame.is_some_and(|f| indent > f + 1), frame.then_some(indent))
                }
                _ => (false, None),
            };
            self.after_py_frame = py_frame;
            let cut = self.ends_unterminated
                && e == region.len()
                && (plan.lr.format.is_some()
                    || (records
                        && line.trim_ascii_start().first() == Some(&b'{')
                        && crate::triage::record::json_record(&String::from_utf8_lossy(line)).is_none()));
            if cut {
                // Named with its text in the warning: a crashed program's last line is often the
                // one that matters (`PANIC: could not locate a valid checkpoint record`).
                let text = String::from_utf8_lossy(&line[..line.len().min(300)]).into_owned();
                self.part.cut_last = Some((self.line_no, text));
            } else if py_source {
            } else if !is_rec
                && matches!(line.first(), Some(b' ' | b'\t'))
                && (self.by_shape || mine)
                && plan.lr.format.is_some()
                && self.record_says_no_error(Rec::of(rec_before, region, base))
            {
                // An indented line of a record whose level field says it is no error (the SQL
                // text PostgreSQL indents under `LOG:  duration`, the frames of a trace under an
                // INFO record) has that record's level, whatever its own words (hostile tester
                // Z 5 and 13). A line that is not indented is the record's program's own text
                // only by guess: another program's output on the same stream (`cp: cannot stat`
                // under PostgreSQL's LOG, `Exception in thread "main"` under Tomcat's INFO, a Go
                // `panic:` after a logfmt record) is judged by its own words (hostile tester
                // 8: hidden).
            } else if self.by_shape && !line.is_empty() {
                // Every line mines by its shape; one that gave events, per set of rules.
                if records && line.trim_ascii_start().first() == Some(&b'{') {
                    self.mine_record(line, hits_before, Rec::of(rec_before, region, base));
                } else {
                    // (The record named only past the info lines' check: on every line, it
                    // was a tenth of an info line's cost.)
                    self.mine_by_shape(line, hits_before, || Rec::of(rec_before, region, base));
                }
            } else if mine && !line.is_empty() {
                self.mine(line, parsed, hits_before, Rec::of(rec_before, region, base));
            }
            s = e + 1;
            if e == region.len() {
                break;
            }
        }
        self.end_region(region, last_rec);
        self.nul_run_open = false;
        self.cands = cands;
        self.mine_starts = mine_starts;
        // Most lines of new shapes (ids in every line, or the cache full): search error words
        // for a while instead.
        if self.by_shape && self.shapes.probes >= 1024 && self.shapes.hits * 2 < self.shapes.probes {
            self.shape_pause = 8;
        }
        // Info lines' first bytes seldom found (other columns in every line): not worth checking.
        if self.info_starts.probes >= 1024 && self.info_starts.hits * 5 < self.info_starts.probes {
            self.info_pause = 8;
        }
        if let (Some(t), Some(search)) = (t_region, t_search) {
            let symptoms = self.part.stages.symptoms_ns - symptoms_before;
            self.part.stages.search_ns += search;
            self.part.stages.lines_ns += (t.elapsed().as_nanos() as u64).saturating_sub(search + symptoms);
        }
        true
    }

    /// JSON Lines and CSV: each record is parsed, rendered as the line(s) its format's `text`
    /// says, and those lines go through the same prefilter and symptoms as plain lines. (The
    /// raw bytes are not prefiltered: escaping in JSON and CSV changes quoted text.)
    pub(super) fn records(&mut self, region: &[u8]) {
        let plan = self.plan;
        let csv = plan.lr.format.filter(|f| f.kind == crate::structured::Kind::Csv);
        let mut s = 0usize;
        for e in memchr::memchr_iter(b'\n', region).chain(std::iter::once(region.len())) {
            if s > region.len() || (e == region.len() && s == region.len()) {
                break;
            }
            let mut line = strip_eol(&region[s..e]);
            s = e + 1;
            self.line_no += 1;
            self.part.lines += 1;
            if line.first() == Some(&0) || line.get(1) == Some(&0) {
                line = &line[self.nul_lead(line)..];
            }
            if self.line_no == 1 {
                line = line.strip_prefix(BOM).unwrap_or(line);
            }
            if let Some(f) = csv {
                let at = self.line_no;
                self.csv_line(f, line, at);
            } else if !line.is_empty() {
                let at = self.line_no;
                self.record(line, at);
            }
        }
    }

    /// A line (the current one, `line_no`) with a NUL byte first or second: how many bytes to
    /// skip before its text. A run of NULs is a hole (a crash, or logrotate's copytruncate with the
    /// writer going on at its old offset, leaves one, read as zeros): skipped and counted, so
    /// that the line after it is read with its own time rather than glued to the hole as a
    /// continuation of the record before. A NUL after the first character again is UTF-16 text
    /// (a writer that changed encoding): not readable as bytes, counted (the input is then not
    /// read whole), and left as it is.
    fn nul_lead(&mut self, line: &[u8]) -> usize {
        let lead = line.iter().take_while(|&&b| b == 0).count();
        if lead < 16 && line.len() >= lead + 2 && line[lead + 1] == 0 {
            if self.part.nul_text.0 == 0 {
                self.part.nul_text.1 = self.line_no;
            }
            self.part.nul_text.0 += 1;
            return 0;
        }
        if lead == line.len() && lead < 16 && self.part.nul_text.0 > 0 {
            // The second byte of the last UTF-16 line end: part of that text, no hole.
            return lead;
        }
        if !std::mem::take(&mut self.nul_run_open) {
            if self.part.nul_holes.1 == 0 {
                self.part.nul_holes.2 = self.line_no;
            }
            self.part.nul_holes.1 += 1;
        }
        self.part.nul_holes.0 += lead as u64;
        lead
    }

    /// CSV: one physical line (line `at`), then any lines a failed record handed back.
    fn csv_line(&mut self, f: &Format, line: &[u8], at: u64) {
        self.csv_step(f, line, at);
        while let Some((at, l)) = self.csv.again.pop_front() {
            self.csv_step(f, &l, at);
        }
    }

    /// CSV: a quoted field may hold newlines, so lines are gathered until the record is whole.
    /// A record starts only on a line that can start one (a readable time first, for csvlog):
    /// lines before it (a file that starts inside a quoted field: `tail -n`, `split`) are
    /// counted as lost. A record that turns out not to be strict CSV, or too short, or longer
    /// than the longest line searched, loses its first line, and the lines after it are read
    /// again from the reader's footing: the next line that starts a record.
    fn csv_step(&mut self, f: &Format, line: &[u8], at: u64) {
        let c = &mut self.csv;
        if c.pending.is_empty() {
            if line.iter().all(u8::is_ascii_whitespace) {
                return;
            }
            // The writer's header lines (PowerShell's `#TYPE` line, then the columns' names):
            // no record, and nothing lost.
            if at <= 2 && crate::format::csv_header(line, f) {
                return;
            }
            if !crate::format::csv_starts_record(line, f) {
                c.lose(at);
                return;
            }
            c.first = at;
            c.scan = crate::structured::CsvScan::default();
        } else {
            c.pending.push(b'\n');
        }
        c.pending.extend_from_slice(line);
        c.scan.feed(line);
        if c.scan.bad() || (c.scan.open() && c.pending.len() > MAX_LINE) {
            c.resync();
            return;
        }
        if c.scan.open() {
            return;
        }
        if c.scan.width() < f.min_columns.max(2) {
            c.resync();
            return;
        }
        let rec = std::mem::take(&mut c.pending);
        let first = c.first;
        self.record(&rec, first);
        self.csv.pending = rec;
        self.csv.pending.clear();
    }

    /// CSV at the end of the input: a record still open (its quoted field never closed) is read
    /// as far as it goes (the log was cut there), unless a line in it starts a record: then the
    /// quotes were off, and its lines are read again from the next record's start.
    pub(super) fn csv_end(&mut self) {
        let Some(f) = self.plan.lr.format.filter(|f| f.kind == crate::structured::Kind::Csv) else { return };
        while !self.csv.pending.is_empty() {
            let starts_again =
                self.csv.pending.split(|&b| b == b'\n').skip(1).any(|l| crate::format::csv_starts_record(l, f));
            if !starts_again {
                let rec = std::mem::take(&mut self.csv.pending);
                let first = self.csv.first;
                self.record(&rec, first);
                return;
            }
            self.csv.resync();
            while let Some((at, l)) = self.csv.again.pop_front() {
                self.csv_step(f, &l, at);
            }
        }
    }

    pub(super) fn record(&mut self, raw: &[u8], at: u64) {
        let plan = self.plan;
        if raw.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let text = String::from_utf8_lossy(raw);
        let Some(parsed) = plan.lr.parse(&text) else {
            self.part.skipped += 1;
            return;
        };
        self.part.events += 1;
        if self.part.first_rec.is_none() {
            self.part.first_rec = Some(raw.to_vec());
        }
        self.part.last_rec = Some(raw.to_vec());
        self.prev_rec = Some(raw.to_vec());
        let hits_before = self.part.hits.len();
        let rendered_all = plan.lr.render(&text, &parsed);
        for rendered in &rendered_all {
            let mut gs: Vec<usize> = Vec::new();
            for lits in self.pf.classes() {
                for m in lits.all.find_overlapping_iter(rendered.as_bytes()) {
                    for &g in &lits.owners[m.pattern().as_usize()] {
                        if plan.applies[g] && !gs.contains(&g) {
                            gs.push(g);
                        }
                    }
                }
            }
            match &self.pf.fallback_set {
                Some(set) => set.matches(rendered.as_bytes()).iter().for_each(|k| {
                    let g = self.pf.fallback[k];
                    if plan.applies[g] && !gs.contains(&g) {
                        gs.push(g);
                    }
                }),
                None => plan.fallback.iter().for_each(|&g| {
                    if !gs.contains(&g) {
                        gs.push(g);
                    }
                }),
            }
            if gs.is_empty() {
                continue;
            }
            let keep = self.line_no;
            self.line_no = at;
            let mut l = LineCtx {
                text: rendered,
                rec: None,
                unresolved: false,
                parsed: Some(Some(parsed.clone())),
                symptoms: &gs,
                rec_time: None,
                counted_bad: !matches!(text, std::borrow::Cow::Owned(_)),
                counted_time: false,
            };
            for &g in &gs {
                self.symptom(g, &mut l);
                self.part.cost.entry(g).or_default().0 += 1;
            }
            self.line_no = keep;
        }
        if self.opts.mine && !self.plan.document {
            let shown = rendered_all.first().map_or(text.as_ref(), String::as_str);
            let msg = crate::triage::message(Some(&parsed.fields), shown);
            // A klog line as the message: its letter, over the transport's level (journald).
            let own = crate::triage::header_level(msg.as_bytes());
            let level = match own.or_else(|| crate::triage::field_level(&parsed.fields)) {
                Some(l) => l,
                None => self.pf.words.level(shown),
            };
            if let Some(level) = level {
                let rules = self.rules_hit(hits_before);
                // A klog line as the message: its own message and error (as `mine`).
                let (msg, err) = crate::triage::klog_parts(msg);
                let msg = crate::triage::with_error(msg, err);
                let time = parsed.time.map(|t| t.utc_ms);
                let form = self.part.forms.add(level, &msg, shown, time, (self.index, at), rules);
                self.part.forms.gave_up(form, Some(&parsed.fields));
            }
        }
    }

    /// The rules (indexes) whose symptoms made events since `before`.
    fn rules_hit(&self, before: usize) -> Vec<u32> {
        let mut rules: Vec<u32> = self.part.hits[before.min(self.part.hits.len())..]
            .iter()
            .filter(|(g, _)| self.pf.claims[*g])
            .map(|(g, _)| self.pf.symptoms[*g].rule as u32)
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    /// Count an error or warning line into the part's forms (`mine`): its level from the
    /// format's level field, else from its words; its message from the message field.
    fn mine(&mut self, line: &[u8], parsed: Option<Option<format::Parsed>>, hits_before: usize, rec: Rec) {
        let text = String::from_utf8_lossy(line);
        // A JSON object of no known format: its level, message and time by their keys
        // (`triage::record`), its error words looked for in its message only.
        if self.plan.lr.format.is_none() {
            if let Some(rec) = crate::triage::record::json_record(&text) {
                let msg = crate::triage::message(Some(&rec), &text);
                let level = match crate::triage::field_level(&rec) {
                    Some(l) => l,
                    None => self.pf.words.level(msg),
                };
                let Some(level) = level else { return };
                let rules = self.rules_hit(hits_before);
                let time = rec.get("time").and_then(|t| crate::triage::record::record_time(t, &self.plan.lr.zone));
                let form = self.part.forms.add(level, msg, &text, time, (self.index, self.line_no), rules);
                // A record whose level says the program gave up (.NET's `Critical`) ranks first.
                self.part.forms.gave_up(form, Some(&rec));
                return;
            }
        }
        let parsed = parsed.unwrap_or_else(|| self.plan.lr.parse(&text));
        let fields = parsed.as_ref().map(|p| &p.fields);
        // A line of no line of the format that starts with its own time (`own_time`).
        let own = if parsed.is_none() { self.own_time(text.as_bytes()) } else { None };
        // Without a level field, the words of its message (a syslog line's, after its host and
        // program) say it: `level=info` there is the program's own judgement (hostile tester Z 6).
        let msg = match own {
            Some((_, n)) => text[n..].trim_start(),
            None => crate::triage::message(fields, &text),
        };
        let own_level = crate::triage::header_level(msg.as_bytes());
        let level = match own_level.or_else(|| fields.and_then(crate::triage::field_level)).or_else(|| self.set_level())
        {
            Some(l) => l,
            None => self.pf.words.level_of(fields, msg),
        };
        let Some(level) = level else { return };
        // A klog line inside the message: its own message, and its error (as `klog` reads it).
        let (msg, inner_err) = crate::triage::klog_parts(msg);
        let with_status;
        let msg = match fields.and_then(crate::triage::status_of) {
            Some(st) => {
                with_status = format!("{} status={st}", crate::triage::cut(msg, crate::triage::MASK_BYTES));
                &with_status
            }
            None => msg,
        };
        // The error a field of its own states (klog's `err="..."`), after the message.
        let err = inner_err.or_else(|| fields.and_then(|f| crate::triage::error_of(f, msg)).map(|(_, e)| e));
        let msg = crate::triage::with_error(msg, err);
        let rules = self.rules_hit(hits_before);
        let time = match parsed.as_ref() {
            Some(p) => match p.time {
                Some(t) => Some(t.utc_ms),
                None => self.continued_time(rec),
            },
            None => match own {
                Some((t, _)) => Some(t),
                None => self.continued_time(rec),
            },
        };
        let form = self.part.forms.add(level, &msg, &text, time, (self.index, self.line_no), rules);
        self.part.forms.gave_up(form, fields);
        self.carry_later(form, time, rec);
    }

    /// The time a line without one of its own takes: that of the line with its own time it
    /// continues (`own_since_rec`), else its record's ([`State::record_time`]).
    fn continued_time(&mut self, rec: Rec) -> Option<i64> {
        match self.own_since_rec {
            Some(t) => Some(t),
            None => self.record_time(rec),
        }
    }

    /// The ISO time a line that is no line of its input's format starts with, and the bytes
    /// it took: another program's line on the same stream (an application's Log4j line,
    /// `2024-06-12 10:00:01,234 ERROR ...`, in Tomcat's catalina.out under a JULI record) has
    /// its own time, which is truer than its neighbour's (hostile tester 8, 9). Placed in the
    /// input's zone when it writes none, as the format's own times are.
    ///
    /// Only a whole time: followed by a blank (or `]` when it opened with `[`), and not by a
    /// word that would change it (`PM`, a lone `Z`): a CSV row that starts with a date
    /// (`1999-01-01 00:00:00,42,ERROR ...`) or a 12-hour clock is no such time, and the line
    /// takes its record's (hostile tester 9, 6 and 7).
    fn own_time(&self, line: &[u8]) -> Option<(i64, usize)> {
        let lead = usize::from(line.first() == Some(&b'['));
        if !line.get(lead).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let (st, n) = crate::time::parse_iso(&line[lead..], &self.plan.lr.zone).filter(|&(_, n)| n >= 19)?;
        let mut end = lead + n;
        if lead == 1 {
            if line.get(end) != Some(&b']') {
                return None;
            }
            end += 1;
        }
        let rest = &line[end..];
        if !rest.first().is_none_or(u8::is_ascii_whitespace) {
            return None;
        }
        let word = rest.trim_ascii_start().split(|c| c.is_ascii_whitespace()).next().unwrap_or_default();
        if [&b"AM"[..], b"PM", b"am", b"pm", b"Z"].contains(&word) {
            return None;
        }
        Some((st.utc_ms, end))
    }

    /// A line counted into `form` without a time that continues a record of the part before
    /// (this part starts inside the file, before its first record): its time is set when the
    /// parts are put together (`triage::Forms::carry`), as the rules' events of such lines get.
    #[inline]
    fn carry_later(&mut self, form: Option<usize>, time: Option<i64>, rec: Rec) {
        if time.is_none() && matches!(rec, Rec::Before) && self.prev_rec.is_none() && self.starts_mid_file {
            if let Some(i) = form {
                *self.part.forms.carried.entry(i).or_default() += 1;
            }
        }
    }

    /// The level every record of the input's format has (`fields_set`, as a web server's access
    /// log says `level: info`: its error words are in the paths asked for), where a line's own
    /// fields state none.
    fn set_level(&self) -> Option<Option<crate::triage::Level>> {
        self.plan.lr.format.and_then(|f| crate::triage::field_level(&f.fields_set))
    }

    /// The time of the record a line without a time of its own belongs to (a stack frame, a
    /// `Caused by:`, a program's output between two timed lines): what the rules give a
    /// continuation line's events too. The record before it, or, when that is no line of the
    /// format (a `Call Trace:` line that only starts like a record), the last of the 16 lines
    /// before it that is and has a time; a part looks back so at most [`WALKS`] times without
    /// finding one (a log of no times at all would otherwise parse 16 lines per line). Read
    /// once per record.
    fn record_time(&mut self, rec: Rec) -> Option<i64> {
        let key = rec.key();
        if let Some((k, t)) = self.rec_time {
            if k == key {
                return t;
            }
        }
        let lr = &self.plan.lr;
        let time_of =
            |l: &[u8]| lr.parse(&String::from_utf8_lossy(strip_eol(l))).and_then(|p| p.time).map(|t| t.utc_ms);
        let t = match rec {
            Rec::In { region, start, .. } => {
                let parsed = lr.parse(&String::from_utf8_lossy(strip_eol(&region[start..])));
                // A line that only starts like a record, with its own time (a Log4j line in
                // catalina.out): the lines that continue it take that time (hostile tester 9, 5).
                let own = if parsed.is_none() { self.own_time(strip_eol(&region[start..])) } else { None };
                match parsed {
                    // A line of the format: its time, or none (dmesg's seconds since boot).
                    Some(p) => p.time.map(|t| t.utc_ms),
                    None if own.is_some() => own.map(|(t, _)| t),
                    None if self.walks_failed >= WALKS => None,
                    None => {
                        let (mut t, mut end, mut reached) = (None, start, start == 0);
                        for _ in 0..16 {
                            if end == 0 {
                                reached = true;
                                break;
                            }
                            let s = memchr::memrchr(b'\n', &region[..end - 1]).map_or(0, |i| i + 1);
                            let l = &region[s..end - 1];
                            if lr.starts_record(l) {
                                t = time_of(l);
                                if t.is_some() {
                                    break;
                                }
                            }
                            end = s;
                        }
                        match t {
                            Some(t) => Some(t),
                            None if reached || end == 0 => self.prev_rec.as_deref().and_then(time_of),
                            None => {
                                self.walks_failed += 1;
                                None
                            }
                        }
                    }
                }
            }
            Rec::Before => self.prev_rec.as_deref().and_then(time_of),
        };
        self.rec_time = Some((key, t));
        t
    }

    /// Does the record a continuation line belongs to state by its level field that it is no
    /// error or warning? Read once per record; false where the record does not parse (a line
    /// that only starts like one) or has no level field: the line's own words decide then.
    fn record_says_no_error(&mut self, rec: Rec) -> bool {
        let key = rec.key();
        if let Some((k, quiet)) = self.rec_quiet {
            if k == key {
                return quiet;
            }
        }
        let quiet_of = |l: &[u8]| {
            self.plan
                .lr
                .parse(&String::from_utf8_lossy(strip_eol(l)))
                .is_some_and(|p| crate::triage::field_level(&p.fields) == Some(None))
        };
        let quiet = match rec {
            Rec::In { region, start, .. } => quiet_of(&region[start..]),
            Rec::Before => self.prev_rec.as_deref().is_some_and(quiet_of),
        };
        self.rec_quiet = Some((key, quiet));
        quiet
    }

    /// A JSON object of no known format goes the full way, where its keys are read
    /// (`triage::record`): its level field decides, else its error words.
    fn mine_record(&mut self, line: &[u8], hits_before: usize, rec: Rec) {
        let go = match crate::triage::record::json_level(line) {
            Some(level) => level.is_some(),
            None => self.pf.words.worth(line) || crate::triage::record::wraps_record(line),
        };
        if go {
            self.mine(line, None, hits_before, rec);
        }
    }

    /// Mine a line by its shape: a known shape is counted from what
    /// its first line gave (its time read again from the same place); a new one goes the full
    /// way once and is remembered. Exactly what [`State::mine`] would count.
    fn mine_by_shape<'r>(&mut self, line: &[u8], hits_before: usize, rec: impl FnOnce() -> Rec<'r>) {
        use crate::triage::skeleton;
        // A line that gave events (those after `hits_before`) is counted apart for the rules
        // it gave them to (a finding's evidence is taken out of the unexplained by them):
        // its shape is remembered per set of rules.
        // (No vector made for the other lines, most of them: that was a tenth of an info line's cost.)
        let made;
        let rules: &[u32] = if self.part.hits.len() > hits_before {
            made = self.rules_hit(hits_before);
            &made
        } else {
            &[]
        };
        // A line that gave events and holds no error word is not mined, and its shape is not
        // remembered either: such lines (an address in every one) would fill the cache.
        if !rules.is_empty() && !self.pf.words.worth(line) {
            return;
        }
        // An info line by its first bytes (`crate::settle`): never mined, whatever follows.
        if rules.is_empty() && self.info_pause == 0 && self.info_starts.holds(line) {
            return;
        }
        let rec = rec();
        // A long line is no shape worth keeping (the cache holds each line's bytes twice).
        if line.len() > skeleton::Cache::MAX_LINE {
            if self.pf.words.worth(line) {
                self.mine(line, None, hits_before, rec);
            }
            return;
        }
        let mut h = skeleton::Cache::with_rules(self.shapes.hash(line), rules);
        let at = (self.index, self.line_no);
        // The front of the cache first: lines without events of a skeleton that keeps no digits.
        if rules.is_empty() {
            if let Some(what) = self.shapes.quick(h, line.len()) {
                self.count_quick(line, what, at, rec);
                return;
            }
        }
        for round in 0..2 {
            let Some(e) = self.shapes.get(h, line, rules) else { break };
            let Some(m) = &e.mined else {
                if rules.is_empty() {
                    self.shapes.remember_quick(h, line.len(), skeleton::QuickWhat::NotMined);
                }
                return;
            };
            if e.kept_same(line) {
                let what = skeleton::QuickWhat::of(m);
                if rules.is_empty() && m.kept.is_empty() {
                    self.shapes.remember_quick(h, line.len(), what);
                }
                self.count_quick(line, what, at, rec);
                return;
            }
            if round == 1 {
                // Not remembered under this key either: the full way, once more.
                self.mine(line, None, hits_before, rec);
                return;
            }
            // The template keeps digits that read otherwise here (`host5`, `host7`): each
            // reading is a shape of its own, under a key that adds those bytes.
            h = skeleton::with_kept(h, line, &m.kept);
        }
        let Ok(text) = std::str::from_utf8(line) else {
            if self.pf.words.worth(line) {
                self.mine(line, None, hits_before, rec);
            }
            return;
        };
        // Not remembered when the line's level is a number (see `mine_new_shape`).
        if let Some(mined) = self.mine_new_shape(text, at, rules, rec) {
            if rules.is_empty() && mined.as_ref().is_none_or(|m| m.kept.is_empty()) {
                let what = mined.as_ref().map_or(skeleton::QuickWhat::NotMined, skeleton::QuickWhat::of);
                self.shapes.remember_quick(h, line.len(), what);
            }
            self.shapes.insert(h, line, rules, mined);
        }
    }

    /// Count a line of a known skeleton by what its first line came to.
    #[inline(always)]
    fn count_quick(&mut self, line: &[u8], what: crate::triage::skeleton::QuickWhat, at: (usize, u64), rec: Rec) {
        use crate::triage::skeleton::QuickWhat;
        let (form, time, iso) = match what {
            QuickWhat::NotMined => return,
            QuickWhat::Dropped => {
                self.part.forms.dropped += 1;
                return;
            }
            QuickWhat::Form { form, time, iso } => (form as usize, time, iso),
        };
        // Only valid UTF-8 lines are remembered, and a line of the same skeleton differs from
        // one only in ASCII digits: it is valid too.
        let time = match time {
            None => self.continued_time(rec),
            Some((a, b)) => {
                let r = a as usize..b as usize;
                // The memo's quick path first: the same minute as the last time read.
                let quick = match line.get(r.clone()) {
                    Some(t) if iso => self.iso_memo.quick_ms(t),
                    _ => None,
                };
                match quick {
                    Some(ms) => Some(ms),
                    // A line's own ISO time in a log whose format writes another layout
                    // (`own_time`).
                    None if iso && !self.plan.lr.iso_layout() => {
                        line.get(r).and_then(|t| self.iso_memo.parse(t, &self.plan.lr.zone)).map(|t| t.utc_ms)
                    }
                    None => self.plan.lr.time_in_bytes_memo(line, r, &mut self.iso_memo).map(|t| t.utc_ms),
                }
                // A time that cannot be read (`E0039 99:90:92`, a corrupted line): the record's
                // before, as the full way gives it (hostile tester 11, 16).
                .or_else(|| self.continued_time(rec))
            }
        };
        self.part.forms.bump_with(form, time, at, || String::from_utf8_lossy(line).into_owned());
        if time.is_none() {
            self.carry_later(Some(form), time, rec);
        }
    }

    /// The full way for a line of a new shape: what [`State::mine`] does, noting where the
    /// time, the message and the template's digits were. None: a line of this shape may be
    /// mined otherwise (its level field is a number: a syslog priority 3 is an error, 6 is not).
    fn mine_new_shape(
        &mut self,
        text: &str,
        at: (usize, u64),
        rules: &[u32],
        rec: Rec,
    ) -> Option<Option<crate::triage::skeleton::Mined>> {
        use crate::triage::{self, mask};
        if !self.pf.words.worth(text.as_bytes()) {
            if rules.is_empty() {
                self.learn_info_start(text, None);
            }
            return Some(None);
        }
        let parsed = self.plan.lr.parse_at(text);
        let fields = parsed.as_ref().map(|(p, _)| &p.fields);
        let span = |name: &str| {
            parsed.as_ref().and_then(|(_, sp)| sp.iter().find(|(n, _)| *n == name)).map(|(_, r)| r.clone())
        };
        let level_at = fields.and_then(triage::level_field).and_then(span);
        let numeric_level = level_at.is_some_and(|r| text.as_bytes()[r].iter().any(u8::is_ascii_digit));
        // A line of no line of the format that starts with its own time (`own_time`): its
        // message is what follows the time.
        let own = if parsed.is_none() { self.own_time(text.as_bytes()) } else { None };
        let msg_at = match own {
            Some((_, n)) => n + (text.len() - n - text[n..].trim_start().len())..text.len(),
            None => fields.and_then(triage::message_field).and_then(span).unwrap_or(0..text.len()),
        };
        // Without a level field, the words of the message say it (as `State::mine`).
        let own_level = triage::header_level(text[msg_at.clone()].as_bytes());
        let level = match own_level.or_else(|| fields.and_then(triage::field_level)).or_else(|| self.set_level()) {
            Some(l) => l,
            None => self.pf.words.level_of(fields, &text[msg_at.clone()]),
        };
        let Some(level) = level else {
            // (A klog `I` line's start says nothing of the next line's letter.)
            if rules.is_empty() && !numeric_level && own_level.is_none() {
                self.learn_info_start(text, parsed.as_ref().map(|(p, _)| p));
            }
            return (!numeric_level).then_some(None);
        };
        // A klog line inside the message (as `mine`): its own message and error.
        let inner = triage::klog_inner(&text[msg_at.clone()]).map(|(m, e)| {
            let at = |r: std::ops::Range<usize>| r.start + msg_at.start..r.end + msg_at.start;
            (at(m), e.map(at))
        });
        let (msg_at, inner_err) = match inner {
            Some((m, e)) => (m, e),
            None => (msg_at, None),
        };
        let msg = triage::cut(&text[msg_at.clone()], triage::MASK_BYTES);
        // The error a field of its own states, after the message (as `mine`): the two are
        // masked as one text, each token's place mapped back to the line (the `:` between
        // them is glued to the message's last token, whose bytes are the message's).
        let err_at = inner_err.or_else(|| fields.and_then(|f| triage::error_of(f, msg)).and_then(|(k, _)| span(k)));
        let joined;
        let (msg, err_from) = match &err_at {
            Some(r) => {
                joined = format!("{msg}: {}", text[r.clone()].trim());
                (triage::cut(&joined, triage::MASK_BYTES), msg.len() + 2)
            }
            None => (msg, usize::MAX),
        };
        let err_lead =
            err_at.as_ref().map_or(0, |r| r.start + (text[r.clone()].len() - text[r.clone()].trim_start().len()));
        let msg_len = err_from.saturating_sub(2);
        let toks = mask::tokens_at(msg);
        let mut kept: Vec<std::ops::Range<usize>> = toks
            .iter()
            .filter(|(t, _)| t.bytes().any(|b| b.is_ascii_digit()))
            .map(|(_, r)| {
                if r.start >= err_from {
                    r.start - err_from + err_lead..r.end - err_from + err_lead
                } else {
                    r.start + msg_at.start..r.end.min(msg_len) + msg_at.start
                }
            })
            .collect();
        let mut masked = toks.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" ");
        // The HTTP status a record's level comes from, kept beside its request (as `mine`).
        if let Some(st) = fields.and_then(triage::status_of) {
            masked.push_str(" status=");
            masked.push_str(st);
            kept.extend(span("status"));
        }
        let time = match (parsed.as_ref().and_then(|(p, _)| p.time), own) {
            (Some(t), _) => Some(t.utc_ms),
            (None, Some((t, _))) => Some(t),
            (None, None) => self.continued_time(rec),
        };
        let key = triage::FormKey { level, masked, rules: rules.to_vec() };
        let form = self.part.forms.add_masked(key, text, time, at);
        self.part.forms.gave_up(form, fields);
        self.carry_later(form, time, rec);
        // An ISO time is read by the memo from its bytes without the blanks around them (the
        // skeleton keeps where blanks are, so the range holds for every line of the shape).
        let (time, iso) = match span("time") {
            // A line's own ISO time (`own_time`), read through the memo as such.
            None if own.is_some() => (own.map(|(_, n)| 0..n), true),
            Some(r) if self.plan.lr.iso_layout() => {
                let t = &text.as_bytes()[r.clone()];
                let lead = t.len() - t.trim_ascii_start().len();
                let trail = t.len() - t.trim_ascii_end().len();
                (Some(r.start + lead..(r.end - trail).max(r.start + lead)), true)
            }
            r => (r, false),
        };
        let mined = crate::triage::skeleton::Mined { time, iso, form, kept };
        (!numeric_level).then_some(Some(mined))
    }

    /// Remember where `text`, a line of a new shape that gave no events and is not mined, is
    /// settled as an info line (`crate::settle`): when its format's level field says so (not
    /// a number, which the skeleton would not keep) and the format's regex settles on an ASCII
    /// byte of the line (the bytes before it are then whole characters, and a line that is not
    /// UTF-8 past it keeps them when the miner reads it lossily). `parsed`: the line's parse,
    /// when it was made.
    fn learn_info_start(&mut self, text: &str, parsed: Option<&format::Parsed>) {
        let Some(settle) = self.plan.lr.settle() else { return };
        let owned;
        let parsed = match parsed {
            Some(p) => p,
            None => {
                let Some(p) = self.plan.lr.parse(text) else { return };
                owned = p;
                &owned
            }
        };
        let by_field = crate::triage::field_level(&parsed.fields) == Some(None);
        let level = crate::triage::level_field(&parsed.fields).and_then(|k| parsed.fields.get(k));
        if !by_field || level.is_none_or(|v| v.bytes().any(|b| b.is_ascii_digit())) {
            return;
        }
        // The skeleton is compared up to the last byte, which is compared by what it does from
        // the state before it: an ASCII byte that leaves no thread alive.
        let Some((n, bytes)) = settle.settle(text.as_bytes(), &mut self.settle_seen) else { return };
        if text.as_bytes()[n - 1].is_ascii() {
            self.info_starts.add(text.as_bytes(), n - 1, bytes);
        }
    }

    /// Remember the last record of a region: the next region's continuation lines (and the
    /// next part of a split file) take their time from it.
    pub(super) fn end_region(&mut self, region: &[u8], last_rec: Option<(usize, usize)>) {
        // The memo of `record_time` names records by where they start in this stream, and the
        // one before the region (`prev_rec`) by no place: it changes here.
        self.rec_time = None;
        self.rec_quiet = None;
        if let Some((a, b)) = last_rec {
            // A log copied while it was written ends in a cut line whose time cannot be read:
            // the last record with a readable time before it says how far the log reaches
            // (looked for among the few lines before, then the regions before).
            let lr = &self.plan.lr;
            let timed = |l: &[u8]| super::record_stamp(lr, &String::from_utf8_lossy(strip_eol(l))).is_some();
            let mut found = timed(&region[a..b]).then(|| region[a..b].to_vec());
            let mut end = a;
            for _ in 0..16 {
                if found.is_some() || end == 0 {
                    break;
                }
                let start = memchr::memrchr(b'\n', &region[..end - 1]).map_or(0, |i| i + 1);
                let l = &region[start..end];
                if lr.starts_record(l) && timed(l) {
                    found = Some(strip_eol(l).to_vec());
                }
                end = start;
            }
            match found {
                Some(r) => self.prev_rec = Some(r),
                None if self.prev_rec.is_none() => self.prev_rec = Some(region[a..b].to_vec()),
                None => {}
            }
        }
        self.part.last_rec.clone_from(&self.prev_rec);
    }

    /// Check one candidate line against its symptoms.
    pub(super) fn line(
        &mut self,
        line: &[u8],
        rec: Option<&[u8]>,
        unresolved: bool,
        gs: &[usize],
    ) -> Option<Option<format::Parsed>> {
        let text = String::from_utf8_lossy(line);
        // Parsed once per line, whatever the number of symptoms: the line, and the record a
        // continuation line belongs to.
        let mut l = LineCtx {
            text: &text,
            rec,
            unresolved,
            parsed: None,
            symptoms: gs,
            rec_time: None,
            // Count a line with invalid UTF-8 once, however many symptoms it matches.
            counted_bad: !matches!(text, std::borrow::Cow::Owned(_)),
            counted_time: false,
        };
        for &g in gs {
            let t0 = self.opts.profile.then(std::time::Instant::now);
            self.symptom(g, &mut l);
            let c = self.part.cost.entry(g).or_default();
            c.0 += 1;
            if let Some(t0) = t0 {
                let ns = t0.elapsed().as_nanos() as u64;
                c.1 += ns;
                self.part.stages.symptoms_ns += ns;
            }
        }
        l.parsed
    }
}
