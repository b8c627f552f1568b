//! Putting the parts of one input back together: line numbers, carried times, the input's
//! summary and warnings.

use super::*;

/// Put the parts of one input back together: line numbers offset by the parts before, times of
/// continuation lines at a part's start taken from the part before, warnings gathered.
pub(super) fn finish(p: Prepared, parts: Vec<Part>, input: &Input, index: usize, pf: &Prefilter) -> Scanned {
    let (plan, ranges, mut warnings, early_error) = match p {
        Prepared::Done(s) => {
            return Scanned {
                summary: *s,
                hits: Vec::new(),
                rejects: BTreeMap::new(),
                turned_away: BTreeMap::new(),
                cost: BTreeMap::new(),
                stages: Stages::default(),
                forms: Default::default(),
                unread: BTreeMap::new(),
                reading: None,
            }
        }
        Prepared::Ready { plan, ranges, warnings, early_error, .. } => (plan, ranges, warnings, early_error),
    };
    let lr = &plan.lr;
    let time_of =
        |rec: &Option<Vec<u8>>| rec.as_ref().and_then(|r| super::record_stamp(lr, &String::from_utf8_lossy(r)));
    let mut rejects: BTreeMap<SymRef, (u64, Vec<Reject>)> = BTreeMap::new();
    let mut turned_away: BTreeMap<SymRef, u64> = BTreeMap::new();
    let mut cost: BTreeMap<SymRef, (u64, u64)> = BTreeMap::new();
    let mut stages = Stages::default();
    // Per global symptom, the events in line order.
    let mut per_symptom: BTreeMap<usize, Vec<Event>> = BTreeMap::new();
    let (mut lines, mut events, mut skipped, mut bytes, mut bad) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut json_records = 0u64;
    let (mut untimed, mut dst, mut assumed) = ((0u64, 0u64), (0u64, 0u64), (0u64, 0u64));
    let mut denied = (0u64, 0u64, String::new());
    let mut cut_last: Option<(u64, String)> = None;
    let mut first = None;
    let mut prev_rec: Option<Vec<u8>> = None;
    let mut last_rec: Option<Vec<u8>> = None;
    let mut forms = crate::triage::Forms::default();
    let mut unread = super::Unread::new();
    for mut part in parts {
        let offset = lines;
        for (key, line) in std::mem::take(&mut part.unread) {
            unread.entry(key).or_insert(line + offset);
        }
        let carried = time_of(&prev_rec);
        let mut pf_forms = std::mem::take(&mut part.forms);
        pf_forms.offset(offset, index);
        if let Some(t) = carried {
            pf_forms.carry(t.utc_ms);
        }
        forms.merge(pf_forms);
        for &k in &part.unresolved {
            part.hits[k].1.time = carried;
        }
        for (g, mut e) in part.hits {
            e.line += offset;
            e.input = index;
            per_symptom.entry(g).or_default().push(e);
        }
        for (g, n) in part.turned_away {
            *turned_away.entry(pf.symptoms[g]).or_default() += n;
        }
        for (g, (n, mut kept)) in part.rejects {
            let slot = rejects.entry(pf.symptoms[g]).or_default();
            slot.0 += n;
            for r in &mut kept {
                r.line += offset;
                r.input = index;
            }
            slot.1.extend(kept);
        }
        stages.add(&part.stages);
        for (g, (n, ns)) in part.cost {
            let c = cost.entry(pf.symptoms[g]).or_default();
            c.0 += n;
            c.1 += ns;
        }
        for l in &part.long_lines {
            warnings.push(Warning::new(
                Code::LongLine,
                format!("line {} is longer than {} MiB: only its start was searched", l + offset, MAX_LINE >> 20),
            ));
        }
        if part.nul_holes.1 > 0 {
            warnings.push(Warning::new(
                Code::NulBytes,
                format!(
                    "{} NUL byte(s) in {} run(s) inside the file skipped (the first before line {}): holes left by a crash or by a truncation in place; the lines after them were read",
                    part.nul_holes.0,
                    part.nul_holes.1,
                    part.nul_holes.2 + offset
                ),
            ));
        }
        if part.nul_text.0 > 0 {
            warnings.push(Warning::new(
                Code::NulText,
                format!(
                    "{} line(s) (the first: line {}) have a NUL byte after each character: UTF-16 text inside a file read as UTF-8 (its writer changed encoding?); they could not be searched as text",
                    part.nul_text.0,
                    part.nul_text.1 + offset
                ),
            ));
        }
        if part.csv_lost.0 > 0 {
            warnings.push(Warning::new(
                Code::CsvResync,
                format!(
                    "{} line(s) are part of no readable CSV record (first: line {}): the file starts inside a quoted field (a copy made with tail or split?) or a record is cut or malformed; they were skipped and reading went on at the next line that starts a record",
                    part.csv_lost.0,
                    part.csv_lost.1 + offset
                ),
            ));
        }
        if let Some(e) = part.error {
            let code = if part.bounded { Code::InputBounded } else { Code::ReadStopped };
            warnings.push(Warning::new(code, format!("read stopped after line {}: {e}", offset + part.lines)));
        }
        if first.is_none() {
            first = time_of(&part.first_rec);
        }
        if part.last_rec.is_some() {
            last_rec = part.last_rec.clone();
            prev_rec = part.last_rec;
        }
        if let Some((n, text)) = part.cut_last {
            cut_last = Some((n + offset, text));
        }
        if part.denied.0 > 0 {
            if denied.0 == 0 {
                (denied.1, denied.2) = (part.denied.1 + offset, part.denied.2.clone());
            }
            denied.0 += part.denied.0;
        }
        for (acc, got) in [(&mut untimed, part.untimed), (&mut dst, part.dst), (&mut assumed, part.assumed)] {
            if got.0 > 0 && acc.0 == 0 {
                acc.1 = got.1 + offset;
            }
            acc.0 += got.0;
        }
        lines += part.lines;
        events += part.events;
        json_records += part.json_records;
        skipped += part.skipped;
        bytes += part.bytes;
        bad += part.bad_utf8;
    }
    // Each symptom's list as it is (no copy into one list of all): sorted below.
    let mut hits: Vec<(SymRef, Vec<Event>)> = per_symptom.into_iter().map(|(g, evs)| (pf.symptoms[g], evs)).collect();
    let all = || hits.iter().flat_map(|(_, evs)| evs.iter());
    if ranges.len() > 1 {
        if let Origin::File(path) = &input.origin {
            bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(bytes);
        }
    }
    if let Some(e) = early_error {
        warnings.push(Warning::new(Code::ReadStopped, format!("read stopped after line {lines}: {e}")));
    }
    if bytes == 0 {
        warnings.push(Warning::new(Code::Empty, "empty file"));
    }
    if untimed.0 > 0 {
        warnings.push(Warning::new(Code::Untimed, format!(
            "{} matching line(s) start like a record but have no readable time (first: line {}); they cannot be correlated",
            untimed.0, untimed.1
        )));
    }
    // A document's lines are not judged; lines in it that begin with a time are a log pasted
    // into it (a ticket exported as HTML, notes): the verdict does not rest on them.
    if plan.document && events > 0 {
        warnings.push(Warning::new(
            Code::DocumentRecords,
            format!(
                "{events} line(s) of this document begin with a time, as log records do: they were not judged (a log pasted into notes or a ticket export?); if they are a log, save them as a file of their own, or read this one with --as PATH=FORMAT"
            ),
        ));
    }
    if let Some((n, text)) = cut_last {
        warnings.push(Warning::new(
            Code::CutLastLine,
            format!("line {n}, the last, has no line end: the log was probably copied while it was written, so that line may be cut; it is read, but not grouped among the unexplained lines, so read it here: \"{}\"", text.trim_end()),
        ));
    }
    if denied.0 > 0 {
        warnings.push(Warning::new(Code::NotStated, format!(
            "{} line(s) name what a rule looks for in a sentence that denies it or says where to look for it (first: line {}, \"{}\"); they are not counted as evidence",
            denied.0, denied.1, denied.2
        )));
    }
    if assumed.0 > 0 {
        warnings.push(Warning::new(Code::ZoneAssumed, format!(
            "{} matching line(s) have times without a zone (first: line {}), read as UTC; if this log was written in another zone, say which with --tz ZONE or --tz {}=ZONE",
            assumed.0,
            assumed.1,
            plan.lr.id()
        )));
    } else if !plan.zoned && first.is_some_and(|t| t.assumed) && forms.map.values().any(|s| s.first.is_some()) {
        // No rule's line here, but the unexplained templates' times are read from this log's
        // zone-less times all the same: said as well (hostile tester 10, 6: the templates
        // showed UTC times and the input no warning).
        warnings.push(Warning::new(Code::ZoneAssumed, format!(
            "times without a zone (the first record's, and those of its unexplained templates), read as UTC; if this log was written in another zone, say which with --tz ZONE or --tz {}=ZONE",
            plan.lr.id()
        )));
    }
    if dst.0 > 0 {
        warnings.push(Warning::new(Code::DstAmbiguous, format!(
            "{} matching line(s) have a local time that a DST change makes ambiguous or skips (first: line {}): read as the earlier instant, or with the offset before the gap",
            dst.0, dst.1
        )));
    }
    // Times that go backwards within a file (clock changes, merged files): the events are
    // sorted by time anyway, but say so.
    let mut by_line: Vec<(u64, i64)> = all().filter_map(|e| e.time.map(|t| (e.line, t.utc_ms))).collect();
    by_line.sort_unstable();
    by_line.dedup();
    let mut high: Option<(u64, i64)> = None;
    let mut back = (0u64, None);
    for &(line, t) in &by_line {
        match high {
            Some((hl, ht)) if t + 1000 < ht => {
                back.0 += 1;
                back.1.get_or_insert((line, t, hl, ht));
            }
            Some((_, ht)) if t <= ht => {}
            _ => high = Some((line, t)),
        }
    }
    if let (n, Some((l, t, hl, ht))) = back {
        warnings.push(Warning::new(Code::TimeBackwards, format!(
            "time goes backwards at {n} matching line(s): line {l} ({}) comes after line {hl} ({}); events are ordered by time",
            crate::time::rfc3339(t),
            crate::time::rfc3339(ht)
        )));
    }
    if forms.dropped > 0 {
        warnings.push(Warning::new(
            Code::MiningBounded,
            format!(
                "{} error line(s) not grouped into templates: more than {} distinct messages in a part of this input",
                forms.dropped,
                crate::triage::MAX_FORMS
            ),
        ));
    }
    if bad > 0 {
        warnings.push(Warning::new(
            Code::InvalidUtf8,
            format!("{bad} matching line(s) had invalid UTF-8 bytes (shown as U+FFFD)"),
        ));
    }
    if plan.lr.format.is_none() && events == json_records && lines > 0 {
        // The times of its unexplained templates, if any, are JSON records' own time keys
        // (`triage::record`): said, so that the report does not seem to contradict itself
        // (hostile tester U, finding 14).
        let timed = forms.map.values().any(|s| s.first.is_some());
        warnings.push(Warning::new(
            Code::NoFormat,
            if json_records > 0 && (first.is_some() || time_of(&last_rec).is_some()) {
                format!(
                    "no known log format: its {json_records} JSON record(s) were read by their own keys (level, \
                     message, time) for the unexplained list and the input's span, but the rules searched its \
                     lines without times"
                )
            } else if timed {
                "no known log format and no timestamps recognised; lines were searched without times (the times \
                 of its unexplained templates are its JSON records' own time keys)"
                    .to_string()
            } else {
                "no known log format and no timestamps recognised; lines were searched without times".to_string()
            },
        ));
    }
    // The span: the earliest and latest of the first record, the last record and every event
    // (a journal pasted from a console runs newest first; times of other lines are not parsed).
    // Of a log of JSON records no pack knows, also the times the miner read from its records'
    // own keys: its records need not be in time order (a log merged from several processes,
    // an export sorted by another key), and no rule reads their times (hostile tester 8, 8).
    let last_written = time_of(&last_rec).map(|t| t.utc_ms);
    let mined = |pick: fn(&crate::triage::FormStat) -> Option<i64>| {
        let json = plan.lr.format.is_none() && json_records > 0;
        forms.map.values().filter(move |_| json).filter_map(pick)
    };
    let ends = [first.map(|t| t.utc_ms), last_written, mined(|s| s.first).min(), mined(|s| s.last).max()];
    let times = || ends.iter().flatten().copied().chain(all().filter_map(|e| e.time.map(|t| t.utc_ms)));
    let (first, last) = (times().min(), times().max());
    // Keys are unique within a symptom (one event per line): an in-place sort will do.
    hits.sort_unstable_by_key(|h| h.0);
    for (_, evs) in &mut hits {
        evs.sort_unstable_by_key(Event::key);
    }
    Scanned {
        summary: InputSummary {
            complete: true,
            path: input.display.clone(),
            format: plan.lr.id().to_string(),
            role: plan.role.clone(),
            events,
            bytes,
            first,
            last,
            skipped,
            lines,
            warnings,
            readable: true,
            yearless: plan.lr.yearless(),
            last_written,
            ambiguous_dates: plan.ambiguous_dates.clone(),
        },
        hits,
        rejects,
        turned_away,
        cost,
        stages,
        forms,
        unread,
        reading: Some(Reading {
            format: plan.lr.format.map(|f| f.id.clone()),
            zone: plan.lr.zone.clone(),
            year_ref: plan.lr.year_ref,
            month_first: plan.lr.month_first,
        }),
    }
}
