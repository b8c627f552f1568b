//! Matching one candidate line against a symptom: regex, fields, time, `where`, and the event
//! sink (every event; the text of the first few per symptom).

use super::*;

impl State<'_> {
    pub(super) fn symptom(&mut self, g: usize, l: &mut LineCtx) {
        let text = l.text;
        let sref = self.pf.symptoms[g];
        let sym = &self.rules[sref.rule].symptoms[sref.symptom];
        // A `distinct` symptom's line that names a value already named: nothing new.
        if sym.distinct.is_some()
            && self.distinct_seen.get(&g).is_some_and(|v| v.iter().any(|x| has_word(text.as_bytes(), x.as_bytes())))
        {
            return;
        }
        let caps = match &sym.regex {
            Some(re) => {
                if self.locs.len() <= g {
                    self.locs.resize_with(g + 1, || None);
                }
                let locs = self.locs[g].get_or_insert_with(|| re.capture_locations());
                let lacks = sym.required.iter().any(|f| f.find(text.as_bytes()).is_none());
                if lacks || re.captures_read(locs, text).is_none() {
                    self.reject(g, text, || "the regex did not match".into());
                    return;
                }
                Some(())
            }
            None => {
                // `contains` only: the prefilter found a literal, possibly only a part of a
                // non-ASCII text, or folded: check the texts as the rule wrote them.
                let hit = if sym.contains_ci {
                    let low = text.to_lowercase();
                    sym.contains.iter().any(|l| low.contains(l.as_str()))
                } else {
                    sym.contains.iter().any(|l| text.contains(l.as_str()))
                };
                if !hit {
                    return;
                }
                None
            }
        };
        let lr = &self.plan.lr;
        if l.parsed.is_none() {
            l.parsed = Some(if self.plan.shapes {
                // Only the fields a rule of this line's symptoms can read are made, unless the
                // miner reads the parse afterwards (its level and message fields).
                let all = self.opts.mine && !self.by_shape;
                let (rules, pf, gs) = (self.rules, self.pf, l.symptoms);
                // The level is made too: a line its program marks as an error is no mention
                // (see the prose check below).
                let keep = |k: &str| {
                    all || crate::triage::is_level_field(k)
                        || gs.iter().any(|&g| rules[pf.symptoms[g].rule].reads_field(k))
                };
                self.spans.parse_some(lr, text, keep)
            } else {
                lr.parse(text)
            });
        }
        let p = l.parsed.as_ref().and_then(Option::as_ref);
        // `levels`: where the format writes a level, the line must have one of them.
        if !sym.levels.is_empty() {
            if let Some(lvl) = p.and_then(|p| crate::triage::field_level(&p.fields)) {
                use crate::pack::model::{LevelClass, SymptomLevel};
                let said = p.and_then(|p| crate::triage::level_field(&p.fields).and_then(|k| p.fields.get(k)));
                let ok = sym.levels.iter().any(|x| match x {
                    SymptomLevel::Class(LevelClass::Error) => lvl == Some(crate::triage::Level::Error),
                    SymptomLevel::Class(LevelClass::Warning) => lvl == Some(crate::triage::Level::Warning),
                    SymptomLevel::Word(w) => said.is_some_and(|s| s.trim().eq_ignore_ascii_case(w)),
                });
                if !ok {
                    self.reject(g, text, || {
                        format!("its level is '{}', not one the symptom takes", said.map_or("", String::as_str))
                    });
                    return;
                }
            }
        }
        // Only the fields the rule can read are made (see `Rule::names`; its `where` keys and
        // capture names are among them): an event of a busy rule is kept for the whole run,
        // and copies made only to be dropped would scatter it across the heap.
        let rule = &self.rules[sref.rule];
        let mut fields: BTreeMap<String, String> = self
            .plan
            .base_fields
            .iter()
            .filter(|(k, _)| rule.reads_field(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut time = None;
        if let Some(p) = p {
            fields.extend(
                p.fields
                    .iter()
                    .filter(|(k, _)| rule.reads_field(k))
                    .map(|(k, v)| (k.clone(), crate::event::cut_field(v))),
            );
            time = p.time;
        }
        // A whole line of a known format in pasted text: the fields it names that the
        // generic reading has not (its pid, its level), from the first format that matches it.
        // Only formats naming a field the rule reads are tried (most rules read none, and then
        // a busy pasted file costs nothing more).
        if !self.plan.quoted.is_empty() {
            let wanted = |f: &&&crate::pack::Format| {
                f.line.capture_names().flatten().any(|n| n != "time" && !fields.contains_key(n) && rule.reads_field(n))
            };
            let n = self.plan.quoted.len();
            let found = (0..n)
                .map(|i| (i + self.quoted_last) % n)
                .map(|i| (i, &self.plan.quoted[i]))
                .filter(|(_, f)| wanted(f))
                .find_map(|(i, f)| f.line.captures(text).map(|c| (i, f, c)));
            if let Some((i, f, c)) = found {
                self.quoted_last = i;
                for n in f.line.capture_names().flatten() {
                    if n == "time" || fields.contains_key(n) || !rule.reads_field(n) {
                        continue;
                    }
                    if let Some(m) = c.name(n).filter(|m| !m.as_str().is_empty()) {
                        fields.insert(n.to_string(), crate::event::cut_field(m.as_str()));
                    }
                }
            }
        }
        if time.is_none() {
            if let Some(r) = l.rec {
                // A continuation line: it happened at the time of the record it belongs to.
                time = *l.rec_time.get_or_insert_with(|| lr.parse(&String::from_utf8_lossy(r)).and_then(|p| p.time));
            }
        }
        // A line may be a sentence about the message rather than the message: a ticket's "we
        // do not see 'X'", a check's "OK - 0 matches found for 'X'", sudo logging a `grep "X"`
        // command, an alert rule's `pattern: "X"`. Then it is no evidence (`crate::prose`).
        // Every place the message appears is read: one that the line states is enough. A timed
        // line that its program marks as an error or a warning (a level field) is the error
        // itself, whatever its words: not read (which also keeps a busy error cheap).
        let marked = time.is_some()
            && p.and_then(|p| crate::triage::field_level(&p.fields))
                .flatten()
                .is_some_and(|l| matches!(l, crate::triage::Level::Error | crate::triage::Level::Warning));
        if !marked {
            let mut spans = text_spans(sym, text);
            if let (Some(()), Some(_), Some(Some(locs))) = (&caps, &sym.regex, self.locs.get(g)) {
                spans.extend(locs.get(0));
            }
            let cues: Vec<Option<String>> = spans.iter().map(|&(a, b)| crate::prose::denial(text, a, b)).collect();
            if !cues.is_empty() && cues.iter().all(Option::is_some) {
                let cue = cues.into_iter().flatten().next().unwrap_or_default();
                let d = &mut self.part.denied;
                if d.0 == 0 {
                    (d.1, d.2) = (self.line_no, cue.clone());
                }
                if d.3 != self.line_no || d.0 == 0 {
                    (d.0, d.3) = (d.0 + 1, self.line_no);
                }
                self.reject(g, text, || format!("its sentence does not state it ('{cue}')"));
                return;
            }
        }
        let first_look = !l.counted_time;
        l.counted_time = true;
        match time {
            _ if !first_look => {}
            None if self.plan.lr.starts_record(text.as_bytes()) => {
                self.part.untimed.0 += 1;
                if self.part.untimed.1 == 0 {
                    self.part.untimed.1 = self.line_no;
                }
            }
            Some(t) if t.dst => {
                self.part.dst.0 += 1;
                if self.part.dst.1 == 0 {
                    self.part.dst.1 = self.line_no;
                }
            }
            _ => {}
        }
        if first_look && time.is_some_and(|t| t.assumed) && !self.plan.zoned {
            self.part.assumed.0 += 1;
            if self.part.assumed.1 == 0 {
                self.part.assumed.1 = self.line_no;
            }
        }
        if let (Some(()), Some(re), Some(Some(locs))) = (caps, &sym.regex, self.locs.get(g)) {
            for (i, n) in re.capture_names().enumerate() {
                let (Some(n), Some((a, b))) = (n, locs.get(i)) else { continue };
                if a < b && rule.reads_field(n) {
                    fields.insert(n.to_string(), crate::event::cut_field(&text[a..b]));
                }
            }
        }
        // A field the line does not have is tested as empty: `where: {workflow: '^(mcSync_|$)'}`
        // accepts a line without a workflow name, `'^mcSync_'` does not. A line let through
        // only because the field is empty does not show the context the filter asks for: it is
        // marked (`_unknown` names the fields), and the judge lets it make a finding
        // `possible`, never `confirmed`.
        let mut unknown: Vec<&str> = Vec::new();
        for (f, re) in &sym.where_ {
            let v = fields.get(f).map_or("", String::as_str);
            if !re.is_match(v) {
                *self.part.turned_away.entry(g).or_default() += 1;
                self.reject(g, text, || match fields.get(f) {
                    Some(v) => format!("where.{f}: '{v}' does not match {}", re.as_str()),
                    None => format!("where.{f}: the line has no field '{f}'"),
                });
                return;
            }
            if v.is_empty() {
                unknown.push(f);
            }
        }
        if !unknown.is_empty() {
            fields.insert(crate::event::UNKNOWN_FIELD.to_string(), unknown.join(","));
        }
        // Only the fields the rule can read are kept (see `Rule::names`).
        fields.retain(|k, _| k == crate::event::UNKNOWN_FIELD || rule.reads_field(k));
        if !l.counted_bad {
            self.part.bad_utf8 += 1;
            l.counted_bad = true;
        }
        if let Some(f) = &sym.distinct {
            if let Some(v) = fields.get(f).filter(|v| !v.is_empty()) {
                let seen = self.distinct_seen.entry(g).or_default();
                if seen.contains(v) {
                    return;
                }
                seen.push(v.clone());
            }
        }
        // Every event is kept (conditions and counts judge on all of them); its text only for
        // the first and the latest few of each symptom in this stretch, which is what evidence
        // shows by default. Memory grows with the facts of an event (time, place, fields), not
        // with its line; a middle line printed as evidence is read again from its input.
        let kept = self.kept.entry(g).or_default();
        let at = self.part.hits.len();
        if *kept < TEXT_KEPT {
            *kept += 1;
        } else {
            let ring = self.texts.entry(g).or_default();
            ring.push_back(at);
            if ring.len() > TEXT_KEPT {
                if let Some(old) = ring.pop_front() {
                    self.part.hits[old].1.text = Box::default();
                }
            }
        }
        if l.unresolved && time.is_none() {
            self.part.unresolved.push(at);
        }
        let fields: crate::event::Fields = fields.into_iter().collect();
        // A long line is cut around what matched (the regex's match, else the literal).
        let shown = if text.len() <= crate::event::MAX_TEXT {
            text.to_string()
        } else {
            // The symptom's own text (the distinctive part), else the regex's match.
            let lit = text_spans(sym, text).into_iter().next();
            let span = lit.or_else(|| match (&caps, &sym.regex, self.locs.get(g)) {
                (Some(()), Some(_), Some(Some(locs))) => locs.get(0),
                _ => None,
            });
            match span {
                Some((a, b)) => crate::event::cut_around(text, a, b),
                None => cut(text),
            }
        };
        self.part.hits.push((g, Event { input: self.index, line: self.line_no, time, text: shown.into(), fields }));
    }

    pub(super) fn reject(&mut self, g: usize, text: &str, why: impl FnOnce() -> String) {
        if !self.opts.keep_rejects {
            return;
        }
        let e = self.part.rejects.entry(g).or_default();
        e.0 += 1;
        if e.1.len() < KEEP_REJECTS {
            e.1.push(Reject { input: self.index, line: self.line_no, text: cut(text), why: why() });
        }
    }
}

/// Does `text` hold `word` with no ASCII letter, digit or `_` right before or after it?
fn has_word(text: &[u8], word: &[u8]) -> bool {
    let w = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    !word.is_empty()
        && memchr::memmem::find_iter(text, word)
            .any(|i| !w(i.checked_sub(1).and_then(|k| text.get(k))) && !w(text.get(i + word.len())))
}

/// Where the symptom's own texts (its `contains`, else the literals the prefilter searches)
/// occur in `text`, in the case the symptom compares them. A text compared ignoring case in a
/// line that is not ASCII is not placed (lower-casing would move the offsets).
fn text_spans(sym: &crate::pack::Symptom, text: &str) -> Vec<(usize, usize)> {
    let (texts, ci) =
        if sym.contains.is_empty() { (&sym.literals, sym.literal_ci) } else { (&sym.contains, sym.contains_ci) };
    let hay: std::borrow::Cow<str> = match (ci, text.is_ascii()) {
        (false, _) => text.into(),
        (true, true) => text.to_ascii_lowercase().into(),
        (true, false) => return Vec::new(),
    };
    let mut spans: Vec<(usize, usize)> =
        texts.iter().flat_map(|c| hay.match_indices(c.as_str()).map(|(a, m)| (a, a + m.len()))).collect();
    spans.sort_unstable();
    spans
}
