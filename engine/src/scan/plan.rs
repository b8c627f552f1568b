//! Planning one input: its head read, its format and role chosen, the symptoms that read it,
//! its byte ranges for parallel parts, and the warnings that choice deserves.

use super::*;

/// The bytes read while sniffing, and the reader for the rest.
pub(super) type Head = (Vec<u8>, Box<dyn Read + Send>);

pub(super) enum Prepared<'a> {
    /// Nothing to scan (unreadable, binary): the summary is final.
    Done(Box<InputSummary>),
    Ready {
        plan: Box<Plan<'a>>,
        /// The head already read (sniffed), for the first range.
        head: std::sync::Mutex<Option<Head>>,
        /// Byte ranges of a plain file, or one `(0, u64::MAX)` for a stream.
        ranges: Vec<(u64, u64)>,
        warnings: Vec<Warning>,
        gzip: bool,
        /// A read error met while sniffing: the input ends there.
        early_error: Option<String>,
    },
}

/// An option (`--as`, `--tz`) that names only a copy read within an input: the copy, and the
/// other such options (their indexes), which are not used.
type ByCopy = (String, Vec<usize>);

pub(super) fn prepare<'a>(
    input: &Input,
    _index: usize,
    rules: &[Rule],
    formats: &'a [Format],
    pf: &Prefilter,
    opts: &ScanOptions,
) -> Prepared<'a> {
    let opened = match input::open(input) {
        Ok(o) => o,
        Err(w) => {
            let mut s = InputSummary::unreadable(&input.display, w);
            s.warnings.extend(input.notes.iter().cloned());
            return Prepared::Done(Box::new(s));
        }
    };
    let mut reader: Box<dyn Read + Send> = opened.reader;
    let mut warnings = input.notes.clone();
    warnings.extend(opened.warnings);
    // Read the head: enough for the sniff lines.
    let mut head = Vec::with_capacity(64 * 1024);
    let mut buf = vec![0u8; 64 * 1024];
    let mut early_error: Option<String> = None;
    // A read that fails in the head: said as the scan says it later.
    let gzip = opened.gzip;
    let read_error = |e: &std::io::Error| {
        format!("{}{}", input::io_message(e), if gzip { " (truncated or corrupt gzip?)" } else { "" })
    };
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                head.extend_from_slice(&buf[..n]);
                if sniff_lines(&head) >= SNIFF_LINES || head.len() >= 256 * 1024 {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                early_error = Some(read_error(&e));
                reader = Box::new(std::io::empty());
                break;
            }
        }
    }
    // A run of NUL bytes at the start: what logrotate's copytruncate leaves when the writer
    // goes on at its old offset (a hole read as zeros). Skipped, counted, and the text after
    // it read as the log it is; a run shorter than 16 bytes may be UTF-16 and is left alone.
    let lead = head.iter().take_while(|&&b| b == 0).count();
    if lead >= 16 {
        let mut skipped = lead as u64;
        head.drain(..lead);
        // The run of NULs may be a compressed bomb (a few KB of bzip2 for gigabytes of
        // zeros): the bytes skipped count against the run's byte bound (`progress`), and a
        // cancelled run (a deadline, a client gone) stops here as it does between chunks.
        if let Some(p) = &opts.progress {
            p(lead as u64);
        }
        while head.is_empty() {
            if opts.cancel.as_ref().is_some_and(|c| c()) {
                early_error = Some("the run was cancelled".to_string());
                reader = Box::new(std::io::empty());
                break;
            }
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    let z = buf[..n].iter().take_while(|&&b| b == 0).count();
                    skipped += z as u64;
                    if let Some(p) = &opts.progress {
                        p(z as u64);
                    }
                    head.extend_from_slice(&buf[z..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    early_error = Some(read_error(&e));
                    reader = Box::new(std::io::empty());
                    break;
                }
            }
        }
        if head.is_empty() {
            // Nothing but NULs: not a log at all (or as far as it was read).
            let what = match &early_error {
                Some(e) => format!("binary file (only NUL bytes, {skipped}, before the read stopped: {e}); skipped"),
                None => format!("binary file (only NUL bytes, {skipped}); skipped"),
            };
            let mut s = InputSummary::unreadable(&input.display, Warning::new(Code::Binary, what));
            s.bytes = skipped;
            s.format = "binary".into();
            return Prepared::Done(Box::new(s));
        }
        // Fill the head again for the sniff lines.
        while sniff_lines(&head) < SNIFF_LINES && head.len() < 256 * 1024 {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        warnings.push(Warning::new(
            Code::NulBytes,
            format!("{skipped} NUL byte(s) at the start skipped (a log truncated in place, e.g. by logrotate's copytruncate); the text after them was read"),
        ));
    }
    let mut converted = false;
    if let Some(le) = utf16_kind(&head) {
        // Windows tools write UTF-16: decode it as it streams (encoding_rs), whatever its size,
        // and read the head again from the decoded text.
        let encoding = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        reader = rewrap(&mut head, reader, |raw| {
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding)).bom_override(true).build(raw),
            )
        });
        warnings.push(Warning::new(
            Code::Utf16,
            format!("UTF-16{} text, converted to UTF-8", if le { "LE" } else { "BE" }),
        ));
        converted = true;
    }
    if !converted && legacy_8bit(&head) {
        // An 8-bit Windows code page (Notepad's "ANSI"): read as Windows-1252, the Western
        // European one, so that `inconnu (voir définition` written with a one-byte `é` is the
        // article's text and not U+FFFD.
        reader = rewrap(&mut head, reader, |raw| {
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding_rs::WINDOWS_1252)).build(raw),
            )
        });
        warnings.push(Warning::new(
            Code::LegacyEncoding,
            "not UTF-8 but an 8-bit Windows code page (accented letters as one byte each): read as Windows-1252 (Western European) and converted to UTF-8",
        ));
        converted = true;
    }
    if cr_only(&head) {
        // Lines ended by a carriage return alone: read them as lines (the file is then read as
        // one stream, never split at line feeds it does not have).
        head.iter_mut().filter(|b| **b == b'\r').for_each(|b| *b = b'\n');
        reader = Box::new(CrToLf(reader));
        warnings.push(Warning::new(
            Code::CrLineEnds,
            "lines are ended by a carriage return alone (an old Mac or device format): read as line ends",
        ));
        converted = true;
    }
    if ansi_coded(&head) {
        // A log its program coloured (run with a TTY, as `docker logs` keeps it): the text
        // without the colours, so that `ESC[41mfail` reads as `fail`.
        reader = rewrap(&mut head, reader, |raw| Box::new(Relined::new(raw, AnsiStrip)));
        warnings.push(Warning::new(
            Code::AnsiCodes,
            "a terminal's colour sequences on many lines (a program run with a TTY): read without them",
        ));
        converted = true;
    }
    if cri_log(&head) {
        // A Kubernetes container log as the kubelet keeps it: the program's own lines, the
        // runtime's columns dropped (a JSON record is then read by its own keys).
        reader = rewrap(&mut head, reader, |raw| Box::new(cri_unwrap(raw)));
        warnings.push(Warning::new(
            Code::CriLog,
            "a Kubernetes container log (CRI): each line read as its program wrote it, after the line's time (a JSON record by its own keys), the stream and tag columns dropped and the parts of a long line joined, at the line it starts on",
        ));
        converted = true;
    }
    if dotnet_console(&head) {
        // .NET's console logger (ASP.NET Core, `docker logs`): a record's level on one line,
        // its message on the next, indented.
        reader = rewrap(&mut head, reader, |raw| Box::new(Relined::new(raw, ConsoleJoin::default())));
        warnings.push(Warning::new(
            Code::ConsoleLog,
            "a .NET console logger's output (`fail: Category[20004]`, its message on the next line): each record's first message line read after its level, on the record's first line",
        ));
        converted = true;
    }
    if pretty_json(&head) {
        // JSON records written over several lines each (an array of them, as `jq .` or
        // `aws ... --output json` write them): each read as one record, on its first line.
        reader = rewrap(&mut head, reader, |raw| Box::new(JsonFlat::new(raw)));
        warnings.push(Warning::new(
            Code::PrettyJson,
            "pretty-printed JSON (records over several lines each, or an array of them): each record read as one line, at the line it starts on",
        ));
        converted = true;
    }
    let probe = &head[..head.len().min(8192)];
    // A zero-filled tail (a preallocated log, written only at its start) is not binary: the
    // text before it decides.
    let tail = probe.iter().rev().take_while(|&&b| b == 0).count();
    let probe = if tail < probe.len() && tail >= 16 { &probe[..probe.len() - tail] } else { probe };
    let nuls = probe.iter().filter(|&&b| b == 0).count() + tail;
    // Runs of 16 NULs or more inside the text are holes (the scan skips them, see
    // `nul_lead`), not a sign of a binary file: a log with one near its start is still read.
    let holes: usize = probe.split(|&b| b != 0).map(<[u8]>::len).filter(|&n| n >= 16).sum();
    let controls =
        probe.iter().filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f).count()
            - holes;
    // Encrypted or compressed data (gpg, openssl, a PNG, a compressor kbdiag does not know)
    // has few NULs but is mostly bytes that are no UTF-8, with control bytes among them; a
    // log in a legacy 8-bit code page (Latin-1, CP1251) is no UTF-8 either, but holds almost
    // no control bytes.
    let noise = invalid_utf8(probe);
    if controls * 10 > probe.len() * 3 || (noise * 4 > probe.len() && controls * 100 > probe.len() * 3) {
        let mut s = InputSummary::unreadable(
            &input.display,
            Warning::new(
                Code::Binary,
                format!(
                    "binary file ({controls} control bytes and {noise} bytes that are no UTF-8 in its first {} bytes: encrypted, compressed or not text); skipped",
                    probe.len()
                ),
            ),
        );
        s.bytes = head.len() as u64;
        s.format = "binary".into();
        return Prepared::Done(Box::new(s));
    }
    // NULs in runs (holes, a zero-filled tail) are said by the scan, which skips them; the
    // others are read with the text they are in.
    let trimmed_tail = if tail < head.len().min(8192) && tail >= 16 { tail } else { 0 };
    let stray = nuls.saturating_sub(holes + trimmed_tail);
    if stray > 0 {
        warnings.push(Warning::new(
            Code::NulBytes,
            format!("{stray} NUL byte(s) near the start, outside runs of NULs; read as text"),
        ));
    }
    let name_buf = input::base_name(&input.display);
    let name: &str = &name_buf;
    // The lines up to the SNIFF_LINES-th that can start a record: a CSV format is sniffed on
    // records, the lines of their quoted fields included; the others (and the checks below) on
    // the lines that can start a record.
    let mut starts = 0;
    let raw: Vec<String> = head
        .split(|&b| b == b'\n')
        .take_while(|l| {
            starts += usize::from(!format::continuation(l));
            starts <= SNIFF_LINES
        })
        .map(|l| String::from_utf8_lossy(strip_eol(l.strip_prefix(BOM).unwrap_or(l))).into_owned())
        .collect();
    let sample: Vec<String> = raw.iter().filter(|l| !format::continuation(l.as_bytes())).cloned().collect();
    // `--as PATH=FORMAT[/ROLE]` wins over names and sniffing. One that names the input itself
    // wins over one that names only a copy read within it (`aliases`), whatever their order
    // (hostile tester W: `--as` of the dropped copy re-read the kept file in its format); the
    // copy's is used only where the input's own name has none, and then said.
    // Which option (its index) applies, and, when it names only a copy, that copy and the
    // other options that name copies only (the later in the options' list wins; the others
    // are said).
    let pick = |applies: &dyn Fn(&str, usize) -> bool, n: usize| -> Option<(usize, Option<ByCopy>)> {
        if let Some(k) = (0..n).rev().find(|&k| applies(&input.display, k)) {
            return Some((k, None));
        }
        let mut by_copy = (0..n).rev().filter_map(|k| input.aliases.iter().find(|a| applies(a, k)).map(|a| (k, a)));
        let (k, copy) = by_copy.next()?;
        Some((k, Some((copy.clone(), by_copy.map(|(k, _)| k).collect()))))
    };
    let unused = |what: &str, others: &[String]| {
        if others.is_empty() {
            String::new()
        } else {
            format!("; the {what} given for other copies ({}) are not used", others.join(", "))
        }
    };
    let forced_at = pick(&|n, k| opts.assign[k].applies_to(n), opts.assign.len());
    if let Some((k, Some((copy, others)))) = &forced_at {
        let others: Vec<String> =
            others.iter().map(|&o| format!("{}={}", opts.assign[o].path, opts.assign[o].format)).collect();
        warnings.push(Warning::new(
            Code::ReadOnce,
            format!(
                "--as ...={} given for {copy}, a copy read within this file, applies to this file{}",
                opts.assign[*k].format,
                unused("--as", &others)
            ),
        ));
    }
    let forced = forced_at.map(|(k, _)| &opts.assign[k]);
    let chosen = match forced {
        Some(a) => formats.iter().find(|f| f.id == a.format),
        None => format::choose(formats, name, &raw),
    };
    let zone_at = pick(&|n, k| options::names_input(&opts.zone_by_path[k].0, n), opts.zone_by_path.len());
    if let Some((_, Some((copy, others)))) = &zone_at {
        let others: Vec<String> = others.iter().map(|&o| format!("--tz {}", opts.zone_by_path[o].0)).collect();
        warnings.push(Warning::new(
            Code::ReadOnce,
            format!(
                "--tz given for {copy}, a copy read within this file, applies to this file{}",
                unused("zones", &others)
            ),
        ));
    }
    let by_path = zone_at.map(|(k, _)| &opts.zone_by_path[k]);
    let own = by_path
        .map(|(_, z)| z)
        .or_else(|| chosen.and_then(|f| opts.zone_by_format.get(&f.id)))
        .or_else(|| opts.zone_by_format.get(format::GENERIC).filter(|_| chosen.is_none()));
    let zoned = opts.zone_given || own.is_some();
    let zone = own.cloned().unwrap_or_else(|| opts.zone.clone());
    // Year-less times (syslog): the year that puts them at or before --year's end, else the
    // latest dated line of the bundle (second pass, see `scan_all`), else the file's (or
    // archive member's) modification time, else now.
    let (year_ref, year_from) = match (opts.year, &opts.dated_latest, input.mtime_ms.filter(|&m| crate::input::plausible_mtime(m))) {
        (Some(y), _, _) if opts.year_anchor.is_some() => (
            opts.year_anchor.map(|a| a + 86_400_000),
            format!("--year {y}, the year of its last line (the log runs over New Year: the lines after that date are from {})", y - 1),
        ),
        // The end of that year on the log's own clock, less the two days of skew every
        // reference allows (`time::parse_with_year`): no line of --year's log is in the next
        // year.
        (Some(y), _, _) => (
            chrono::NaiveDate::from_ymd_opt(y, 12, 31)
                .and_then(|d| d.and_hms_opt(23, 59, 59))
                .map(|t| zone.resolve(t).utc_ms - crate::time::YEAR_SKEW_MS),
            format!("--year {y}"),
        ),
        (None, Some((t, from)), _) => {
            (Some(*t), format!("the dated lines of the bundle (the latest, in {from}, plus a week)"))
        }
        (None, None, Some(m)) => (Some(m), "the file's modification time".to_string()),
        (None, None, None) => (
            None,
            if input.mtime_ms.is_some() {
                "the current date (the input's modification time is no date it was written: before 1990 or more than a year ahead)"
            } else {
                "the current date (the input has no modification time)"
            }
            .to_string(),
        ),
    };
    // A glog file says on its first line when it was created (`Log file created at:
    // 2024/06/12 10:00:00`, the machine's local time): its records, written without a year,
    // are of the year from then on, whatever a copy's modification time says (hostile tester
    // 11, 11). --year still decides.
    let created = raw
        .first()
        .and_then(|l| l.strip_prefix("Log file created at: "))
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t.trim(), "%Y/%m/%d %H:%M:%S").ok());
    let (year_ref, year_from) = match created.and_then(|c| c.checked_add_months(chrono::Months::new(12))) {
        // A year on, less the skew every reference allows (`time::parse_with_year`), as for
        // --year: no record is read as before the file was created.
        Some(end) if opts.year.is_none() => (
            Some(zone.resolve(end).utc_ms - crate::time::YEAR_SKEW_MS - 1),
            format!(
                "the file's first line, which says it was created on {}",
                created.map(|c| c.to_string()).unwrap_or_default()
            ),
        ),
        _ => (year_ref, year_from),
    };
    let mut lr = LineReader::new(chosen, zone, year_ref);
    // Numeric dates whose order a locale decides: the first lines' times say which (or, when
    // every one reads both ways, the bundle's other logs: `scan_all`).
    let mut ambiguous_dates = None;
    if let Some(f) = chosen.filter(|f| !f.layouts_month_first.is_empty()) {
        // A CSV log's times are a column (Windows Event Viewer's export: `6/12/2024 2:00:06 PM`).
        let times: Vec<String> = sample
            .iter()
            .filter_map(|l| match f.kind {
                crate::structured::Kind::Csv => {
                    crate::structured::csv_fields(l, &f.columns, &f.fields).and_then(|m| m.get("time").cloned())
                }
                _ => f.line.captures(l).and_then(|c| c.name("time")).map(|m| m.as_str().to_string()),
            })
            .collect();
        let times: Vec<&str> = times.iter().map(String::as_str).collect();
        if let Some((month_first, why)) = opts.date_order.clone() {
            lr.month_first = month_first;
            warnings.push(Warning::new(Code::DateOrder, why));
        } else if let Some((month_first, why)) = format::date_order(&times) {
            lr.month_first = month_first;
            warnings.push(Warning::new(Code::DateOrder, why));
        } else {
            ambiguous_dates = format::ambiguous_order(&times);
        }
    }
    if lr.yearless() {
        let latest = year_ref.unwrap_or_else(|| chrono::Utc::now().timestamp_millis())
            + if opts.year.is_some() && opts.year_anchor.is_none() { crate::time::YEAR_SKEW_MS } else { 0 };
        warnings.push(Warning::new(
            Code::YearInferred,
            format!(
                "times are written without a year: read as the latest {} or earlier, from {year_from}; say the year with --year",
                crate::time::rfc3339(latest).get(..10).unwrap_or_default()
            ),
        ));
    }
    // A name that promises a format whose lines are not there: say so, or a log in an
    // unforeseen layout would quietly be searched as generic text (rules that read only that
    // format would then see nothing). Only names a glob spells out (`postgresql-*.log`,
    // `syslog`), not any `*.log`.
    let has_lines = sample.iter().any(|l| !l.trim().is_empty());
    // A layout the user gave that fits none of the lines of a file that looks like the
    // program's (its name, or lines with the program's level-and-message shape): the value is
    // wrong (a missing trailing space, another server's prefix), and the file would be
    // searched as generic text, silently.
    let param_missed: Vec<String> = if chosen.is_none() && forced.is_none() && has_lines {
        formats
            .iter()
            .filter(|f| f.given)
            .filter(|f| {
                f.files.iter().any(|g| g.is_specific() && g.matches(name))
                    || f.param
                        .as_ref()
                        .and_then(|p| p.then_anywhere.as_ref())
                        .is_some_and(|re| sample.iter().any(|l| re.is_match(l)))
            })
            .filter_map(|f| f.param.as_ref().map(|p| p.key()))
            .collect()
    } else {
        Vec::new()
    };
    if let Some(key) = param_missed.first() {
        warnings.push(Warning::new(
            Code::ParamMismatch,
            format!(
                "none of its first lines fits the layout given with --param {key}, so it is read as generic text; compare the value with the server's (PostgreSQL: SHOW log_line_prefix), trailing spaces included"
            ),
        ));
    }
    if let Some(f) = forced.and_then(|a| formats.iter().find(|f| f.id == a.format)) {
        if has_lines && !sample.iter().any(|l| f.sniff_line(l)) {
            warnings.push(Warning::new(
                Code::AsFormatMismatch,
                format!(
                    "none of its first lines fits format {} given with --as: its lines may be read without times or fields",
                    f.id
                ),
            ));
        }
    }
    if chosen.is_none() && forced.is_none() && param_missed.is_empty() {
        // A name spelled out by the format's files, or by one of its roles (`web.log`).
        let named = |f: &&Format| {
            f.files.iter().any(|g| g.is_specific() && g.matches(name))
                || (f.files.iter().any(|g| g.matches(name))
                    && f.roles.iter().any(|(_, gs)| gs.iter().any(|g| g.is_specific() && g.matches(name))))
        };
        let fits: Vec<&Format> = formats.iter().filter(|f| f.param.is_none() || f.given).filter(named).collect();
        if !fits.is_empty() && sample.iter().any(|l| !l.trim().is_empty()) {
            let ids: Vec<&str> = fits.iter().map(|f| f.id.as_str()).collect();
            let params: Vec<String> = formats
                .iter()
                .filter(|f| !f.given)
                .filter(named)
                .filter_map(|f| f.param.as_ref().map(|p| format!("give its layout with --param {}=... or ", p.key())))
                .collect();
            warnings.push(Warning::new(
                Code::NameFormatMismatch,
                format!(
                    "its name fits format {} but its lines do not, so it is read as generic text; if it is one, {}say which with --as {}=FORMAT",
                    ids.join(", "),
                    params.first().map(String::as_str).unwrap_or(""),
                    input.display,
                ),
            ));
        }
    }
    let mut role = match forced.and_then(|a| a.role.clone()) {
        Some(r) => Some(r),
        // Else the role another name of the same bytes gives (a copy read once under a name
        // that sorts first, `attachment.log` beside `web.log`: hostile tester R lost a
        // confirmation so).
        None => chosen
            .and_then(|f| {
                format::role(f, name)
                    .or_else(|| input.aliases.iter().find_map(|a| format::role(f, &crate::input::base_name(a))))
            })
            .map(str::to_string),
    };
    if role.is_none() {
        if let Some(f) = chosen {
            if let Some(r) = format::role_by_content(f, &head) {
                warnings.push(Warning::new(
                    Code::RoleFromContent,
                    format!(
                        "role '{r}' taken from the file's content (its name '{name}' says none; --as {} says so explicitly)",
                        shell_quote(&format!("{}={}/{r}", input.display, f.id))
                    ),
                ));
                role = Some(r.to_string());
            }
        }
    }
    if role.is_none() && !head.is_empty() {
        if let Some(w) = unused_for_want_of_role(chosen, rules, name, &input.display) {
            warnings.push(Warning::new(Code::NoRole, w));
        }
    }
    // A KB article or notes saved into the bundle quote error texts in every paragraph: a
    // document is no log, and no evidence.
    // By its name even when its lines look like a log: a test script feeding sample lines to
    // `logger`, an alert rule's example. `--as` says otherwise.
    let kind = if forced.is_some() {
        None
    } else if chosen.is_none() && is_document(&raw) {
        Some("a document (front matter and Markdown, or HTML: a KB article, notes)")
    } else {
        not_a_log_by_name(name)
    };
    // An e-mail saved into the bundle (a forwarded `.eml`) carries its logs as base64
    // attachments, which no line of it shows: its verdict cannot rest on them.
    if forced.is_none() && crate::input::is_multipart_mail(&head) {
        warnings.push(Warning::new(
            Code::MailAttachments,
            "an e-mail with attachments (MIME multipart): attached logs are encoded and were not read; save the attachments and give them as files",
        ));
    }
    let document = kind.is_some();
    if let Some(kind) = kind {
        warnings.push(Warning::new(
            Code::Document,
            format!(
                "{kind}, not a log: its lines are no evidence and are not mined; if it is a log, say which with --as"
            ),
        ));
    }
    let base_fields = format::path_fields(chosen, name);
    let applies: Vec<bool> = pf
        .symptoms
        .iter()
        .map(|s| {
            let sym = &rules[s.rule].symptoms[s.symptom];
            !document && sym.reads(lr.id(), role.as_deref())
        })
        .collect();
    let fallback: Vec<usize> = pf.fallback.iter().copied().filter(|&g| applies[g]).collect();
    // Symptoms that cannot read this input although it may be their log: pasted text (no known
    // format), or a format's log whose role is unknown where the symptom reads that format in
    // a role. Only those its verdict reads (`require`, `confirm`; not a symptom only quoted in
    // its texts).
    let generic = chosen.is_none();
    let no_role = role.is_none() && chosen.is_some_and(|f| !f.roles.is_empty());
    let mut required: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
    let unread: Vec<bool> = pf
        .symptoms
        .iter()
        .enumerate()
        .map(|(g, s)| {
            let sym = &rules[s.rule].symptoms[s.symptom];
            !document
                && !applies[g]
                && (generic
                    || (no_role
                        && sym.sources.iter().any(|sel| sel.format.as_deref() == Some(lr.id()) && sel.role.is_some())))
                && required.entry(s.rule).or_insert_with(|| rules[s.rule].deciding_symptoms()).contains(&s.symptom)
        })
        .collect();
    let literal_applies = pf.owners().flatten().any(|&g| applies[g] || unread[g]);
    // KBDIAG_MINE_NO_SHAPES: the miner's full way on every line (for comparing and measuring).
    // Nor when a number in the line gives its level (`mine_hint`: an access log's status).
    let shapes = lr.line_pattern().is_some_and(crate::triage::skeleton::digit_blind)
        && lr.format.is_none_or(|f| f.mine_hint.is_none())
        && std::env::var_os("KBDIAG_MINE_NO_SHAPES").is_none();
    let quoted = if chosen.is_none() && !document {
        formats.iter().filter(|f| f.kind == crate::structured::Kind::Line && f.param.is_none()).collect()
    } else {
        Vec::new()
    };
    let plan = Box::new(Plan {
        quoted,
        lr,
        role,
        base_fields,
        applies,
        fallback,
        literal_applies,
        unread,
        shapes,
        zoned,
        document,
        ambiguous_dates,
    });
    // Split a large plain file at line boundaries; anything else is one stream.
    let size = match &input.origin {
        Origin::File(p) if !opened.gzip => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        _ => 0,
    };
    let split = if opts.split_bytes > 0 { opts.split_bytes } else { SPLIT_MIN };
    // Structured records (a CSV field may span lines) are read as one stream.
    let ranges = if size > split && !converted && !plan.lr.structured() {
        let n = size.div_ceil(split);
        (0..n).map(|k| (k * size / n, if k + 1 == n { u64::MAX } else { (k + 1) * size / n })).collect()
    } else {
        vec![(0, u64::MAX)]
    };
    Prepared::Ready {
        plan,
        head: std::sync::Mutex::new(Some((head, reader))),
        ranges,
        warnings,
        gzip: opened.gzip,
        early_error,
    }
}

/// A warning for a file of a format with roles whose role stayed unknown, when loaded rules
/// read that format only in given roles: they cannot use it.
pub(super) fn unused_for_want_of_role(
    chosen: Option<&Format>,
    rules: &[Rule],
    name: &str,
    display: &str,
) -> Option<String> {
    let f = chosen?;
    if f.roles.is_empty() {
        return None;
    }
    let mut wanting: Vec<&str> = Vec::new();
    let mut roles: Vec<&str> = Vec::new();
    for r in rules {
        // Per symptom: a rule one of whose symptoms reads this format only in given roles
        // cannot use the file for that symptom, even when another of its symptoms reads any
        // log (KA-16411's publishing line; hostile tester R: the rule was left out).
        let wants_role: Vec<&str> = r
            .symptoms
            .iter()
            .filter(|s| !s.reads(&f.id, None))
            .flat_map(|s| s.sources.iter())
            .filter(|sel| sel.format.as_deref() == Some(f.id.as_str()))
            .filter_map(|sel| sel.role.as_deref())
            .collect();
        if !wants_role.is_empty() {
            wanting.push(&r.kb.article);
            roles.extend(wants_role);
        }
    }
    if wanting.is_empty() {
        return None;
    }
    roles.sort_unstable();
    roles.dedup();
    wanting.sort_unstable();
    wanting.dedup();
    let shown = wanting.iter().take(5).copied().collect::<Vec<_>>().join(", ");
    let more = if wanting.len() > 5 { format!(" and {} more", wanting.len() - 5) } else { String::new() };
    Some(format!(
        "no role: the name '{name}' matches none of {}'s roles and its content gives none; symptoms that read only {}/{} logs cannot use it ({shown}{more}); name the role with --as {}",
        f.id,
        f.id,
        roles.join("|"),
        shell_quote(&format!("{display}={}/ROLE", f.id))
    ))
}

/// An argument as a POSIX shell reads it back: as it is when it holds only safe characters,
/// else in single quotes (a `'` inside written `'\''`), so that a suggested `--as` can be
/// pasted whatever the file's name (`<`, `>`, spaces, `$`). Control characters are left to
/// the printers, which escape them.
pub(crate) fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_./=:@%+,-".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Complete lines in the head that can start a record.
fn sniff_lines(head: &[u8]) -> usize {
    let mut n = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', head) {
        if !format::continuation(&head[start..end]) {
            n += 1;
        }
        start = end + 1;
    }
    n
}

/// What a file is by its name when that is not a log: a runbook or notes (`RUNBOOK.md`), a
/// configuration (`alert-rules.yml`: its patterns quote error texts) or source code (`wkf.js`,
/// whose comments do). Their lines name messages, they do not log them. Compression and
/// rotation suffixes are looked through (`notes.md.gz`); `.json`, `.xml`, `.txt` and `.conf`-less
/// names stay logs (JSON and XML logs exist, and `.txt` is how tickets are pasted).
fn not_a_log_by_name(name: &str) -> Option<&'static str> {
    const DOCS: &[&str] = &["md", "markdown", "rst", "adoc", "asciidoc", "html", "htm"];
    const CONFIG: &[&str] = &["yml", "yaml", "toml", "ini", "cfg", "conf", "properties"];
    const CODE: &[&str] = &[
        "js", "ts", "py", "sh", "bash", "ps1", "bat", "cmd", "sql", "java", "c", "h", "cpp", "go", "rs", "rb", "pl",
        "php", "jsx", "tsx",
    ];
    let base = crate::input::base_name(name).to_ascii_lowercase();
    let mut parts: Vec<&str> = base.split('.').collect();
    if parts.len() < 2 {
        return None;
    }
    // `notes.md.gz`, `alerts.yml.1`: the extension before a compression or rotation suffix.
    while parts.len() > 2
        && parts.last().is_some_and(|p| ["gz", "bz2", "xz", "zst"].contains(p) || p.bytes().all(|b| b.is_ascii_digit()))
    {
        parts.pop();
    }
    let ext = *parts.last()?;
    if DOCS.contains(&ext) {
        Some("a document by its name (Markdown, HTML: a runbook, notes)")
    } else if CONFIG.contains(&ext) {
        Some("a configuration file by its name (its patterns and settings quote messages)")
    } else if CODE.contains(&ext) {
        Some("source code by its name (its comments and strings quote messages)")
    } else {
        None
    }
}

/// Is a file with these first lines a document: YAML front matter (`---`, then `title:`,
/// `description:`, `id:` ... and a closing `---`) as Markdown pages and KB articles have, or an
/// HTML page?
fn is_document(first: &[String]) -> bool {
    let mut lines = first.iter().map(|l| l.trim());
    let Some(head) = lines.next() else { return false };
    let low = head.to_ascii_lowercase();
    if low.starts_with("<!doctype html") || low.starts_with("<html") {
        return true;
    }
    if head != "---" {
        return false;
    }
    const KEYS: &[&str] = &["title:", "description:", "id:", "article-number:", "solution:", "url:", "keywords:"];
    let mut keyed = false;
    for l in lines.take(60) {
        if l == "---" {
            return keyed;
        }
        keyed |= KEYS.iter().any(|k| l.to_ascii_lowercase().starts_with(k));
    }
    false
}

/// `reader`, whose first bytes are in `head`, read through a decoder or rewriter (`wrap`): the
/// head is given to it first, and filled again from what it gives, as the sniffing that
/// follows reads it.
fn rewrap(
    head: &mut Vec<u8>,
    reader: Box<dyn Read + Send>,
    wrap: impl FnOnce(std::io::Chain<std::io::Cursor<Vec<u8>>, Box<dyn Read + Send>>) -> Box<dyn Read + Send>,
) -> Box<dyn Read + Send> {
    let raw = std::io::Cursor::new(std::mem::take(head)).chain(reader);
    let mut wrapped = wrap(raw);
    let _ = (&mut wrapped).take(256 * 1024).read_to_end(head);
    wrapped
}

#[cfg(test)]
mod quote_tests {
    #[test]
    fn shell_quote_reads_back() {
        assert_eq!(super::shell_quote("weak/all.log=acc-nlserver/ROLE"), "weak/all.log=acc-nlserver/ROLE");
        assert_eq!(super::shell_quote("a b/<x>.log=f/r"), "'a b/<x>.log=f/r'");
        assert_eq!(super::shell_quote("it's.log"), "'it'\\''s.log'");
    }
}
