//! Format definitions → formats: the line pattern (or a parameter's layout), time layouts
//! read back, globs, the bytes a record can start with.

use super::*;

pub(super) fn compile_format(def: model::FormatDef) -> Result<Format, CompileError> {
    use crate::structured::Kind;
    let id = def.id.clone();
    // Format errors read "format 'id': what", and point at the key they are about.
    let err = |path: &str, kind: ErrorKind, what: &str| {
        let ctx = if what.is_empty() { format!("format '{id}'") } else { format!("format '{id}': {what}") };
        CompileError::new(KeyPath::parse(path), kind).context(ctx)
    };
    let invalid = |path: &str, msg: String| err(path, ErrorKind::Invalid(msg), "");
    let structured = def.kind != Kind::Line;
    let param = def.line_from.as_ref().map(|lf| compile_line_from(&def.id, lf)).transpose()?;
    if param.is_some() && (structured || !def.line.is_empty()) {
        return Err(invalid("line_from", "`line_from` replaces `line` in a line format; give one of them".into()));
    }
    let line = if structured {
        rule_regex("^").map_err(|e| err("kind", e.into(), ""))?
    } else if param.is_some() {
        // Matches nothing until the parameter is given.
        rule_regex(r"[^\s\S]").map_err(|e| err("line_from", e.into(), ""))?
    } else {
        rule_regex(&def.line).map_err(|e| err("line", e.into(), "bad `line` regex"))?
    };
    shadowed_capture(&line, true).map_err(|e| err("line", ErrorKind::Invalid(e), "`line`"))?;
    if !structured && param.is_none() && !line.capture_names().any(|n| n == Some("time")) {
        return Err(invalid("line", "the `line` regex must capture `time`".into()));
    }
    if structured && !def.fields.contains_key("time") {
        return Err(invalid("fields", format!("a {:?} format must name its `time` field under `fields`", def.kind)));
    }
    if def.kind == Kind::Csv && def.columns.is_empty() {
        return Err(invalid("columns", "a csv format must list its `columns`".into()));
    }
    let mut text = Vec::new();
    for (i, t) in def.text.iter().enumerate() {
        text.push(
            crate::structured::template(t).map_err(|e| err(&format!("text[{i}]"), ErrorKind::Invalid(e), "text"))?,
        );
    }
    let path_fields = def
        .path_fields
        .as_deref()
        .map(rule_regex)
        .transpose()
        .map_err(|e| err("path_fields", e.into(), "bad `path_fields` regex"))?;
    let mine_hint = def
        .mine_hint
        .as_deref()
        .map(|h| regex::bytes::RegexBuilder::new(&super::symptom::ascii_classes(h)).size_limit(2 << 20).build())
        .transpose()
        .map_err(|e| err("mine_hint", e.into(), "bad `mine_hint` regex"))?;
    // Every layout must read back a time it wrote: a layout that cannot yield a time would
    // leave every line of the format untimed, silently.
    for (i, layout) in def.time.layouts.iter().enumerate() {
        if layout == "iso" || matches!(layout.as_str(), "epoch_s" | "epoch_ms" | "epoch_us" | "epoch_ns") {
            continue;
        }
        let sample = chrono::NaiveDate::from_ymd_opt(2024, 6, 12).and_then(|d| d.and_hms_opt(6, 0, 4));
        let ok = sample.is_some_and(|t| {
            let text =
                chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(t, chrono::Utc).format(layout).to_string();
            let reference = Some(t.and_utc().timestamp_millis() + 86_400_000);
            crate::time::parse_with_year(&text, std::slice::from_ref(layout), &crate::time::Zone::default(), reference)
                .is_some_and(|st| st.utc_ms == t.and_utc().timestamp_millis())
        });
        if !ok {
            return Err(invalid(
                &format!("time.layouts[{i}]"),
                format!("time layout '{layout}' cannot be read back to a full time (it needs at least month, day, hour, minute and second)"),
            ));
        }
    }
    let glob = |at: String, g: &str| Glob::new(g).map_err(|e| invalid(&at, format!("bad file-name glob '{g}': {e}")));
    let files =
        def.files.iter().enumerate().map(|(i, g)| glob(format!("files[{i}]"), g)).collect::<Result<Vec<_>, _>>()?;
    let mut roles = Vec::new();
    for (k, v) in &def.roles {
        let gs =
            v.iter().enumerate().map(|(i, g)| glob(format!("roles.{k}[{i}]"), g)).collect::<Result<Vec<_>, _>>()?;
        roles.push((k.clone(), gs));
    }
    Ok(Format {
        id: def.id,
        pack: String::new(),
        description: def.description,
        files,
        roles,
        role_hints: def.role_hints.into_iter().collect(),
        path_fields,
        fields_set: def.fields_set.clone(),
        mine_hint,
        line,
        record_start: match def.kind {
            Kind::Line => first_bytes(&def.line),
            Kind::Jsonl => {
                let mut b = [false; 256];
                b[usize::from(b'{')] = true;
                b
            }
            Kind::Csv => [true; 256],
        },
        kind: def.kind,
        fields: def.fields.into_iter().collect(),
        min_columns: def.min_columns.unwrap_or(def.columns.len()).min(def.columns.len()),
        columns: def.columns,
        headers: def.headers.iter().map(|h| h.trim().to_lowercase()).collect(),
        text,
        layouts_month_first: crate::time::swap_day_month(&def.time.layouts),
        layouts: def.time.layouts,
        sniff_ratio: def.sniff_ratio.unwrap_or(0.6),
        sniff_fields: def.sniff_fields.clone(),
        param,
        given: false,
        settle: std::sync::OnceLock::new(),
    })
}

/// A `line_from` checked: one-letter escapes whose patterns compile; the pack name is filled in
/// when the pack is added to a rule set.
pub(super) fn compile_line_from(id: &str, lf: &model::LineFromDef) -> Result<crate::layout::ParamLayout, CompileError> {
    let at = KeyPath::root().key("line_from");
    let letter = |path: KeyPath, k: &str| -> Result<char, CompileError> {
        let mut cs = k.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c != '%' => Ok(c),
            _ => Err(CompileError::new(
                path,
                ErrorKind::Invalid(format!("line_from escape '{k}' must be one character (the letter after %)")),
            )
            .context(format!("format '{id}'"))),
        }
    };
    let mut escapes = BTreeMap::new();
    for (k, v) in &lf.escapes {
        let path = at.key("escapes").key(k.clone());
        let ctx = format!("format '{id}': line_from escape '{k}'");
        let re = rule_regex(v).map_err(|e| CompileError::new(path.clone(), e).context(&ctx))?;
        shadowed_capture(&re, true)
            .map_err(|e| CompileError::new(path.clone(), ErrorKind::Invalid(e)).context(&ctx))?;
        escapes.insert(letter(path, k)?, v.clone());
    }
    if !escapes.values().any(|v| v.contains("(?P<time>")) {
        return Err(CompileError::new(
            at.key("escapes"),
            ErrorKind::Invalid("no line_from escape captures `time`".into()),
        )
        .context(format!("format '{id}'")));
    }
    rule_regex(&lf.then)
        .map_err(|e| CompileError::new(at.key("then"), e).context(format!("format '{id}': line_from `then`")))?;
    Ok(crate::layout::ParamLayout {
        pack: String::new(),
        name: lf.param.clone(),
        escapes,
        optional_rest: lf.optional_rest.as_deref().map(|k| letter(at.key("optional_rest"), k)).transpose()?,
        then: lf.then.clone(),
        then_anywhere: super::rule_regex(&lf.then).ok(),
    })
}

/// The bytes a match of `pattern` can start with; every byte when that cannot be told.
pub fn first_bytes(pattern: &str) -> [bool; 256] {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut out = [false; 256];
    let all = [true; 256];
    // ASCII classes (\d is 0-9 here): the first byte of a UTF-8 digit of another script is not
    // worth a record start, and Unicode classes are too large to enumerate.
    let parsed = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok();
    let Some(hir) = parsed.or_else(|| regex_syntax::parse(pattern).ok()) else { return all };
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix).limit_literal_len(1).limit_class(256).limit_total(1024);
    let seq = ex.extract(&hir);
    let Some(lits) = seq.literals() else { return all };
    for l in lits {
        match l.as_bytes().first() {
            Some(&b) => out[usize::from(b)] = true,
            None => return all,
        }
    }
    if lits.is_empty() {
        return all;
    }
    out
}
