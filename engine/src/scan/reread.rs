//! Reading a few lines of an input again, by number: the text of evidence lines whose text was
//! not kept in memory (only the first and latest [`TEXT_KEPT`](super::TEXT_KEPT) of each
//! symptom are). Rare: only a decisive line from the middle of a long run of events needs it.

use super::decode::{
    cr_only, cri_log, cri_unwrap, dotnet_console, legacy_8bit, pretty_json, strip_eol, utf16_kind, ConsoleJoin, CrToLf,
    JsonFlat, Relined, BOM,
};
use crate::input::{self, Input};
use crate::report::{Evidence, InputSummary};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};

/// Fill in the text of evidence lines that have none, reading each input concerned once. An
/// input that cannot be read again (stdin, a pipe) leaves a note in place of the text.
pub fn fill_texts(evidence: &mut [Evidence], inputs: &[Input], summaries: &[InputSummary]) {
    let mut wanted: BTreeMap<usize, BTreeSet<u64>> = BTreeMap::new();
    for e in evidence.iter().filter(|e| e.text_missing()) {
        if let Some(i) = summaries.iter().position(|s| s.path == e.path) {
            wanted.entry(i).or_default().insert(e.line);
        }
    }
    for (i, lines) in wanted {
        let got = inputs.get(i).filter(|inp| inp.rereadable()).map(|inp| read_lines(inp, &lines)).unwrap_or_default();
        for e in evidence.iter_mut().filter(|e| e.text_missing() && e.path == summaries[i].path) {
            e.text = match got.get(&e.line) {
                Some(t) => t.clone(),
                None => "(the text of this line was not kept, and the input cannot be read again)".to_string(),
            };
        }
    }
}

/// The text of the lines `wanted` (per input, by number), read again as [`fill_texts`] reads
/// them; lines of an input that cannot be read again are missing from the answer.
pub fn read_again(inputs: &[Input], wanted: &BTreeMap<usize, BTreeSet<u64>>) -> BTreeMap<(usize, u64), String> {
    let mut out = BTreeMap::new();
    for (&i, lines) in wanted {
        if let Some(inp) = inputs.get(i).filter(|inp| inp.rereadable()) {
            out.extend(read_lines(inp, lines).into_iter().map(|(n, t)| ((i, n), t)));
        }
    }
    out
}

/// The lines numbered `wanted` (1-based, as the scan counts them), decoded as the scan decodes.
fn read_lines(inp: &Input, wanted: &BTreeSet<u64>) -> BTreeMap<u64, String> {
    let mut out = BTreeMap::new();
    let Some(&last) = wanted.last() else { return out };
    let Some(mut reader) = reopen(inp) else { return out };
    let mut line = Vec::new();
    let mut n = 0u64;
    while n < last {
        line.clear();
        match (&mut reader).take(super::MAX_LINE as u64).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') && line.len() >= super::MAX_LINE {
            // The rest of a line longer than the scan searches: skip it as the scan did.
            let _ = reader.skip_until(b'\n');
        }
        n += 1;
        if wanted.contains(&n) {
            let text = if n == 1 { line.strip_prefix(BOM).unwrap_or(&line) } else { &line };
            out.insert(n, crate::event::cut(&String::from_utf8_lossy(strip_eol(text))));
        }
    }
    out
}

/// An input opened again and decoded as the scan decoded it (UTF-16, carriage returns alone).
pub(super) fn reopen(inp: &Input) -> Option<Box<dyn BufRead + Send>> {
    let mut reader = input::open(inp).ok()?.reader;
    let head = reader.fill_buf().map(|h| h.to_vec()).unwrap_or_default();
    let mut reader: Box<dyn BufRead + Send> = match utf16_kind(&head) {
        Some(le) => {
            let encoding = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(reader);
            Box::new(BufReader::new(decoded))
        }
        None if legacy_8bit(&head) => Box::new(BufReader::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding_rs::WINDOWS_1252)).build(reader),
        )),
        None => reader,
    };
    // Lines ended by a carriage return alone, as the scan read them (see `plan`).
    if reader.fill_buf().is_ok_and(cr_only) {
        reader = Box::new(BufReader::new(CrToLf(reader)));
    }
    // A Kubernetes container log, its lines unwrapped (see `plan`).
    if reader.fill_buf().is_ok_and(cri_log) {
        reader = Box::new(BufReader::new(cri_unwrap(reader)));
    }
    // A .NET console logger's records, each header with its message (see `plan`).
    if reader.fill_buf().is_ok_and(dotnet_console) {
        reader = Box::new(BufReader::new(Relined::new(reader, ConsoleJoin::default())));
    }
    // Pretty-printed JSON records, one per line (see `plan`).
    if reader.fill_buf().is_ok_and(pretty_json) {
        reader = Box::new(BufReader::new(JsonFlat::new(reader)));
    }
    Some(reader)
}
