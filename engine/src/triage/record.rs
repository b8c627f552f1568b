//! Records of no known format that name their own fields: one JSON object per line, as most
//! logging libraries write them (`{"ts": ..., "level": "error", "msg": ...}`). No pack knows
//! such a log, so its lines would be mined as raw text: the quoted-value mask runs across
//! fields, the keys and trace ids land in the template, and the level is guessed from words
//! (a `"level": "info"` line whose message says "no errors" became an error). Here the level,
//! message and time are read by the names the common libraries give them, and the miner counts
//! the record like a line of a known format: its level from its level field, its template from
//! its message.
//!
//! Facts only: which key holds what. The miner decides what to count.

use crate::unexplained::Level;
use std::collections::BTreeMap;

/// Keys a level is written under, in any case (logrus, zap, slog, pino, bunyan, structlog,
/// Serilog's compact form `@l`, Python's `levelname`, Elastic's `log.level`, .NET's
/// `LogLevel`), in the order tried.
const LEVEL_KEYS: &[&str] =
    &["level", "severity", "lvl", "loglevel", "log_level", "levelname", "@l", "@level", "log.level"];
/// Keys a message is written under, in any case (`event`: structlog; `@m`/`@mt`: Serilog's
/// compact form; `log`: Docker's json-file driver; `RenderedMessage` before `MessageTemplate`:
/// Serilog's plain JSON).
const MESSAGE_KEYS: &[&str] =
    &["message", "msg", "@m", "@mt", "event", "log", "text", "short_message", "renderedmessage", "messagetemplate"];
/// Keys of the error a record's message failed with.
const ERROR_KEYS: &[&str] = &["error", "err"];
/// Keys a time is written under, in any case (`t`: log15's, last: a value that is no time is
/// not read).
const TIME_KEYS: &[&str] = &["time", "timestamp", "ts", "@t", "@timestamp", "datetime", "asctime", "date", "t"];

/// The level, message and time of `line` when it is a JSON object, under the names the miner
/// reads (`level`, `message`, `time`; each only when found, as text). None when the line is no
/// JSON object. A pino or bunyan level number (10 to 60) is read as its name; a number of 0
/// to 7 is kept (a syslog priority, which `triage::field_level` reads). Of several keys for
/// one field, the first of its list wins; Elastic's `log.level` comes after the top-level ones.
/// The object is walked once and only the values of these keys are kept (the others are
/// skipped unread: no tree of the record is made).
pub fn json_record(line: &str) -> Option<BTreeMap<String, String>> {
    record(line, false)
}

/// [`json_record`]; `nested`: the line is the `log` value of an outer record.
fn record(line: &str, nested: bool) -> Option<BTreeMap<String, String>> {
    let t = line.trim();
    if !t.starts_with('{') {
        return None;
    }
    // A lone UTF-16 surrogate escape (`\ud800`, written by loggers that cut a string between
    // the two halves of a pair) is no JSON to serde_json: read as U+FFFD, the rest kept.
    let fixed;
    let t = match serde_json::from_str::<Picked>(t) {
        Ok(_) => t,
        Err(_) if t.contains("\\u") => {
            fixed = lone_surrogates_replaced(t)?;
            fixed.as_str()
        }
        Err(_) => return None,
    };
    let p: Picked = serde_json::from_str(t).ok()?;
    let serilog = p.serilog;
    let mut out = BTreeMap::new();
    for (name, v) in [("level", p.level), ("message", p.message), ("time", p.time)] {
        if let Some((_, v)) = v {
            out.insert(name.to_string(), v);
        }
    }
    // Serilog's compact form leaves `@l` out for Information.
    if serilog && !out.contains_key("level") {
        out.insert("level".to_string(), "Information".to_string());
    }
    if !out.contains_key("level") {
        if let Some(n) = http_status(t.as_bytes()) {
            out.insert("status".to_string(), n);
        }
    }
    if out.get("message").is_some_and(|m| m.trim().is_empty()) {
        out.remove("message");
    }
    // The cause a Go logger writes in its own key is part of what went wrong: `write failed:
    // no space left on device` and `write failed: permission denied` are two templates, as
    // the same records in logfmt are (hostile tester 10, 15: one `write failed` for both).
    if let (Some(m), Some((_, e))) = (out.get_mut("message"), p.error.as_ref()) {
        if !m.contains(e.as_str()) && !m.trim_start().starts_with('{') {
            m.push_str(": ");
            m.push_str(e);
        }
    }
    match out.get("message") {
        // Docker's json-file driver wraps a program's own JSON line in `log`: the inner record's
        // fields win (one level deep).
        Some(m) if m.trim_start().starts_with('{') => {
            if let Some(inner) = (!nested).then(|| record(m, true)).flatten() {
                out.remove("message");
                out.extend(inner);
            }
        }
        Some(_) => {}
        // No message key: the record's other values as `key=value`, so that the template is
        // made of them, not of the JSON text.
        None => {
            let v: serde_json::Value = serde_json::from_str(t).ok()?;
            let m = fields_text(&v);
            // Nothing but a level and a time: one template for all such records.
            let m = if m.is_empty() { "(a record without a message)".to_string() } else { m };
            out.insert("message".to_string(), m);
        }
    }
    Some(out)
}

/// `t` with every `\uXXXX` escape of a lone surrogate (one not in a high-low pair) made
/// `\ufffd`; None when there is none (the text is no JSON for another reason).
fn lone_surrogates_replaced(t: &str) -> Option<String> {
    let b = t.as_bytes();
    let hex = |i: usize| -> Option<u16> {
        let h = b.get(i..i + 4)?;
        u16::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let unit =
        |i: usize| -> Option<u16> { (b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u')).then(|| hex(i + 2))? };
    let mut out = String::with_capacity(t.len());
    let (mut i, mut from, mut any) = (0, 0, false);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xd800..=0xdbff) if unit(i + 6).is_some_and(|l| (0xdc00..=0xdfff).contains(&l)) => i += 12,
            Some(0xd800..=0xdfff) => {
                out.push_str(&t[from..i]);
                out.push_str("\\ufffd");
                i += 6;
                from = i;
                any = true;
            }
            Some(_) => i += 6,
            // Another escape: the backslash and the byte it escapes.
            None => i += 2,
        }
    }
    out.push_str(&t[from.min(t.len())..]);
    any.then_some(out)
}

/// The scalar values of an object but its level and time, as `key=value` in the order
/// written (one level of nesting as `outer.key`).
fn fields_text(v: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    let skip = |k: &str| LEVEL_KEYS.iter().chain(TIME_KEYS).any(|x| x.eq_ignore_ascii_case(k));
    let scalar = |x: &serde_json::Value| match x {
        serde_json::Value::String(s) if s.trim().is_empty() => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    for (k, x) in v.as_object().into_iter().flatten() {
        if skip(k) {
            continue;
        }
        match x {
            serde_json::Value::Object(o) => {
                for (k2, y) in o {
                    if let Some(s) = scalar(y) {
                        parts.push(format!("{k}.{k2}={s}"));
                    }
                }
            }
            _ => {
                if let Some(s) = scalar(x) {
                    parts.push(format!("{k}={s}"));
                }
            }
        }
    }
    parts.join(" ")
}

/// What [`json_record`] keeps of an object: each field's value with the rank of its key.
#[derive(Default)]
struct Picked {
    /// A Serilog compact key (`@m`, `@mt`, `@t`) was seen.
    serilog: bool,
    level: Option<(usize, String)>,
    message: Option<(usize, String)>,
    time: Option<(usize, String)>,
    /// The error a Go logger writes beside its message (zap's, zerolog's and logrus' `error`,
    /// slog's `err`).
    error: Option<(usize, String)>,
}

impl Picked {
    fn offer(slot: &mut Option<(usize, String)>, rank: usize, v: Option<String>) {
        if let Some(v) = v {
            if slot.as_ref().is_none_or(|(r, _)| rank < *r) {
                *slot = Some((rank, v));
            }
        }
    }
}

/// A key of the object, by what the miner reads under it.
enum Key {
    Level(usize),
    Message(usize),
    Time(usize),
    Error(usize),
    /// `log`: Docker's message (a string) or Elastic's object holding `level`.
    Log,
    Other,
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, k: &str) -> Result<Key, E> {
                // Keys in any case: .NET's JSON console formatter writes `LogLevel`, `Message`
                // and `Timestamp`; Serilog's plain JSON `Level` and `Timestamp` (hostile tester
                // 11, 8: every key in the template, an Information record listed as an error).
                let at = |keys: &[&str]| keys.iter().position(|x| x.eq_ignore_ascii_case(k));
                Ok(if k.eq_ignore_ascii_case("log") {
                    Key::Log
                } else if let Some(i) = at(LEVEL_KEYS) {
                    Key::Level(i)
                } else if let Some(i) = at(MESSAGE_KEYS) {
                    Key::Message(i)
                } else if let Some(i) = at(TIME_KEYS) {
                    Key::Time(i)
                } else if let Some(i) = at(ERROR_KEYS) {
                    Key::Error(i)
                } else {
                    Key::Other
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// A value as the miner may read it: text, a whole number, another number, or anything else
/// (skipped unread).
enum Scalar {
    Text(String),
    Whole(u64),
    Number(f64),
    Other,
}

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Whole(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(u64::try_from(v).map_or(Scalar::Other, Scalar::Whole))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Scalar, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Scalar, A::Error> {
                while a.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar {
    /// As a level's text ([`level_text`]).
    fn level(self) -> Option<String> {
        match self {
            // A number written as text (`"level":"50"`) or with a fraction (`50.0`) is read as
            // the number (hostile tester U, finding 13).
            Scalar::Text(s) if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) => level_number(s.parse().ok()?),
            Scalar::Text(s) if !s.trim().is_empty() => Some(s),
            Scalar::Whole(n) => level_number(n),
            Scalar::Number(x) if x.fract() == 0.0 && (0.0..=60.0).contains(&x) => level_number(x as u64),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Picked {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Picked, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Picked;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Picked, A::Error> {
                let mut p = Picked::default();
                while let Some(k) = a.next_key::<Key>()? {
                    if let Key::Message(i) | Key::Time(i) = k {
                        let name = if matches!(k, Key::Message(_)) { MESSAGE_KEYS[i] } else { TIME_KEYS[i] };
                        p.serilog |= name.starts_with('@') && name != "@timestamp";
                    }
                    match k {
                        Key::Level(i) => Picked::offer(&mut p.level, i, a.next_value::<Scalar>()?.level()),
                        Key::Message(i) => {
                            let m = match a.next_value::<Scalar>()? {
                                Scalar::Text(s) => Some(s.trim_end().to_string()),
                                _ => None,
                            };
                            Picked::offer(&mut p.message, i, m);
                        }
                        Key::Time(i) => {
                            let t = match a.next_value::<Scalar>()? {
                                Scalar::Text(s) => Some(s),
                                Scalar::Whole(n) => Some(n.to_string()),
                                Scalar::Number(x) => Some(x.to_string()),
                                Scalar::Other => None,
                            };
                            Picked::offer(&mut p.time, i, t);
                        }
                        Key::Error(i) => {
                            let e = match a.next_value::<Scalar>()? {
                                Scalar::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                                _ => None,
                            };
                            Picked::offer(&mut p.error, i, e);
                        }
                        Key::Log => match a.next_value::<serde_json::Value>()? {
                            serde_json::Value::String(s) => {
                                let i = MESSAGE_KEYS.iter().position(|k| *k == "log").unwrap_or(usize::MAX);
                                Picked::offer(&mut p.message, i, Some(s.trim_end().to_string()));
                            }
                            v => {
                                let l = v.get("level").and_then(level_text);
                                Picked::offer(&mut p.level, LEVEL_KEYS.len(), l);
                            }
                        },
                        Key::Other => {
                            a.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(p)
            }
        }
        d.deserialize_map(V)
    }
}

/// The instant (UTC milliseconds) of a record's time as [`json_record`] gives it: an ISO 8601
/// time (a zone in it, else `zone`'s), or a Unix epoch in seconds (10 digits, a fraction
/// allowed) or milliseconds (13 digits).
pub fn record_time(t: &str, zone: &crate::time::Zone) -> Option<i64> {
    record_stamp(t, zone).map(|s| s.utc_ms)
}

/// [`record_time`] as a stamp: an epoch is UTC; an ISO time says its zone, or `zone` was
/// assumed (`Stamp::assumed`, on which no ruling out rests).
pub fn record_stamp(t: &str, zone: &crate::time::Zone) -> Option<crate::time::Stamp> {
    let utc = |utc_ms| crate::time::Stamp { utc_ms, offset_s: 0, dst: false, assumed: false };
    let t = t.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = int.parse().ok()?;
        return match int.len() {
            10 => {
                let ms =
                    frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |m, b| m * 10 + i64::from(b - b'0'));
                Some(utc(n * 1000 + ms))
            }
            // Milliseconds, a fraction of one left out; microseconds (Python's and Go's
            // loggers, `time.time_ns() // 1000`) and nanoseconds (zap's `ts` in nanoseconds,
            // Docker's `timeNano`) cut to milliseconds (floor division: the millisecond the
            // instant falls in, as for a fraction).
            13 => Some(utc(n)),
            16 => Some(utc(n.div_euclid(1_000))),
            19 => Some(utc(n.div_euclid(1_000_000))),
            _ => None,
        };
    }
    let (st, used) = crate::time::parse_iso(t.as_bytes(), zone)?;
    (used == t.len()).then_some(st)
}

/// A level value as text: a string as written; a pino or bunyan number as its name (60 fatal,
/// 50 error, 40 warn, 30 info, 20 debug, 10 trace); a syslog priority 0 to 7 as its digit.
fn level_text(x: &serde_json::Value) -> Option<String> {
    match x {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => level_number(n.as_u64()?),
        _ => None,
    }
}

/// A level number as [`level_text`] reads it.
fn level_number(n: u64) -> Option<String> {
    Some(match n {
        0..=7 => n.to_string(),
        60 => "fatal".into(),
        50 => "error".into(),
        40 => "warn".into(),
        30 => "info".into(),
        20 => "debug".into(),
        10 => "trace".into(),
        _ => return None,
    })
}

/// What the level field of a JSON object line says, read from its bytes without parsing the
/// object (the check runs on every line of such a log): `Some(Some(level))` for an error or a
/// warning, `Some(None)` for a level that is neither, None when no level key is found before a
/// value (or the line is no JSON object). The same answer as [`json_record`]'s level read by
/// `triage::field_level` for the keys and values loggers write; a line it says is an error or
/// a warning is then parsed in full.
pub fn json_level(line: &[u8]) -> Option<Option<Level>> {
    let t = line.trim_ascii_start();
    if t.first() != Some(&b'{') {
        return None;
    }
    static KEYS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        LEVEL_KEYS.iter().map(|k| memchr::memmem::Finder::new(&format!("\"{k}\"")).into_owned()).collect()
    });
    for key in keys {
        let Some(v) = value_of(t, key) else { continue };
        let level = match v {
            Value::Text(s) => {
                // The usual names without the general reading (no copy made).
                const NEITHER: &[&[u8]] = &[b"info", b"debug", b"trace", b"notice"];
                const ERRORS: &[&[u8]] = &[b"error", b"fatal", b"critical"];
                const WARNINGS: &[&[u8]] = &[b"warn", b"warning"];
                let is = |names: &[&[u8]]| names.iter().any(|n| n.eq_ignore_ascii_case(s));
                if !s.is_empty() && s.iter().all(u8::is_ascii_digit) {
                    // A number written as text, as [`Scalar::level`] reads it.
                    let n = std::str::from_utf8(s).ok()?.parse().ok()?;
                    match level_number(n) {
                        Some(text) => super::level_value(&text),
                        None => continue,
                    }
                } else if is(NEITHER) {
                    None
                } else if is(ERRORS) {
                    Some(Level::Error)
                } else if is(WARNINGS) {
                    Some(Level::Warning)
                } else {
                    let text = std::str::from_utf8(s).ok()?;
                    if text.trim().is_empty() {
                        continue;
                    }
                    super::level_value(text)
                }
            }
            Value::Number(n) => match level_number(n) {
                Some(text) => super::level_value(&text),
                None => continue,
            },
        };
        return Some(level);
    }
    // No level key: an HTTP status as a number (a JSON request log's `"status": 502`) is one.
    if let Some(n) = http_status(t) {
        return super::http_status_level(&n);
    }
    // Serilog's compact form without `@l`: Information.
    static SERILOG: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> = std::sync::OnceLock::new();
    let serilog = SERILOG.get_or_init(|| {
        ["\"@m\"", "\"@mt\"", "\"@t\""].iter().map(|k| memchr::memmem::Finder::new(k).into_owned()).collect()
    });
    if serilog.iter().any(|f| has_key(t, f)) {
        return Some(None);
    }
    None
}

/// A record's `"status"` when it is a number that is an HTTP status
/// ([`super::http_status_level`]): a request log's level where it writes no level key.
fn http_status(t: &[u8]) -> Option<String> {
    static STATUS: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let status = STATUS.get_or_init(|| memchr::memmem::Finder::new("\"status\"").into_owned());
    match value_of(t, status) {
        Some(Value::Number(n)) => Some(n.to_string()).filter(|n| super::http_status_level(n).is_some()),
        _ => None,
    }
}

/// Is `"key"` followed by a colon somewhere in `t` (whatever its value)?
fn has_key(t: &[u8], quoted: &memchr::memmem::Finder) -> bool {
    let mut from = 0;
    while let Some(i) = quoted.find(&t[from..]) {
        let after = t[from + i + quoted.needle().len()..].trim_ascii_start();
        if after.first() == Some(&b':') {
            return true;
        }
        from += i + 1;
    }
    false
}

/// Does a JSON object line hold another JSON object as its `log` text (Docker's json-file
/// driver around a program that logs JSON)? Its level is then the inner record's, which
/// [`json_level`] does not read from the bytes: such a line is parsed ([`json_record`]).
pub fn wraps_record(line: &[u8]) -> bool {
    static LOG: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let f = LOG.get_or_init(|| memchr::memmem::Finder::new("\"log\"").into_owned());
    let mut from = 0;
    while let Some(i) = f.find(&line[from..]) {
        let after = line[from + i + 5..].trim_ascii_start();
        if let Some(v) = after.strip_prefix(b":") {
            return v.trim_ascii_start().starts_with(b"\"{");
        }
        from += i + 1;
    }
    false
}

enum Value<'a> {
    Text(&'a [u8]),
    Number(u64),
}

/// The value of `"key":` in a JSON object's bytes: a string without escapes, or a whole number.
/// Found as the first `"key"` followed by a colon (blanks around it allowed).
fn value_of<'a>(t: &'a [u8], quoted: &memchr::memmem::Finder) -> Option<Value<'a>> {
    let mut from = 0;
    while let Some(i) = quoted.find(&t[from..]) {
        let after = &t[from + i + quoted.needle().len()..];
        let rest = after.trim_ascii_start();
        if let Some(rest) = rest.strip_prefix(b":") {
            let rest = rest.trim_ascii_start();
            if let Some(s) = rest.strip_prefix(b"\"") {
                let end = memchr::memchr2(b'"', b'\\', s)?;
                return (s[end] == b'"').then(|| Value::Text(&s[..end]));
            }
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let number =
                rest.iter().take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')).count();
            if number > digits {
                // A fraction or an exponent (`50.0`, `5e1`): the whole number it is, as the
                // parse reads it (`Scalar::level`); another number is no level number.
                let x: f64 = std::str::from_utf8(&rest[..number]).ok()?.parse().ok()?;
                return (x.fract() == 0.0 && (0.0..=60.0).contains(&x)).then_some(Value::Number(x as u64));
            }
            return std::str::from_utf8(&rest[..digits]).ok()?.parse().ok().map(Value::Number);
        }
        from += i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_loggers_fields_are_read_by_their_names() {
        let r = json_record(r#"{"ts":"2024-06-12T10:00:00Z","level":"error","msg":"charge refused","trace":"ab12"}"#)
            .unwrap();
        assert_eq!(r["level"], "error");
        assert_eq!(r["message"], "charge refused");
        assert_eq!(r["time"], "2024-06-12T10:00:00Z");
        // pino: a number level, an epoch in milliseconds.
        let r = json_record(r#"{"level":50,"time":1718186400000,"msg":"db down"}"#).unwrap();
        assert_eq!((r["level"].as_str(), r["time"].as_str()), ("error", "1718186400000"));
        // Elastic: the level nested under log.
        let r =
            json_record(r#"{"@timestamp":"2024-06-12T10:00:00Z","log":{"level":"warn"},"message":"slow"}"#).unwrap();
        assert_eq!((r["level"].as_str(), r["message"].as_str()), ("warn", "slow"));
        // structlog, Serilog.
        assert_eq!(json_record(r#"{"event":"worker lost","level":"error"}"#).unwrap()["message"], "worker lost");
        assert_eq!(
            json_record(r#"{"@t":"2024-06-12T10:00:00Z","@l":"Error","@mt":"x {A}"}"#).unwrap()["level"],
            "Error"
        );
        // log15: `t`, `lvl` and its four-letter `eror`.
        let r = json_record(r#"{"t":"2024-06-12T10:00:00Z","lvl":"eror","msg":"x"}"#).unwrap();
        assert_eq!(
            (r["time"].as_str(), super::super::field_level(&r)),
            ("2024-06-12T10:00:00Z", Some(Some(Level::Error)))
        );
        // No object: none.
        assert!(json_record("plain text error").is_none());
        assert!(json_record("[1, 2]").is_none());
        assert!(json_record("{not json").is_none());
    }

    #[test]
    fn layouts_the_hostile_tester_found() {
        // Elastic's flat `log.level`; Serilog's compact form without `@l` is Information.
        let r = json_record(r#"{"@timestamp":"2024-06-11T01:00:00Z","log.level":"error","message":"alpha"}"#).unwrap();
        assert_eq!(r["level"], "error");
        assert_eq!(json_level(br#"{"log.level":"info","message":"retry failed once"}"#), Some(None));
        let r = json_record(r#"{"@t":"2024-06-11T01:00:00Z","@mt":"Login failed for {User}","User":"alice"}"#).unwrap();
        assert_eq!(r["level"], "Information");
        assert_eq!(json_level(br#"{"@t":"2024-06-11T01:00:00Z","@mt":"Login failed for {User}"}"#), Some(None));
        // Docker around a program's JSON line: the inner record's fields.
        let docker = r#"{"log":"{\"level\":50,\"msg\":\"payment declined\",\"time\":1718067600000}\n","stream":"stdout","time":"2024-06-11T01:00:00Z"}"#;
        let r = json_record(docker).unwrap();
        assert_eq!(
            (r["level"].as_str(), r["message"].as_str(), r["time"].as_str()),
            ("error", "payment declined", "1718067600000")
        );
        assert!(wraps_record(docker.as_bytes()));
        assert!(!wraps_record(br#"{"log":"plain text","stream":"stderr"}"#));
        // No message: the other values, else one wording for all.
        let r = json_record(r#"{"level":"error","error":{"message":"deep error only"},"ts":"2024-06-11T01:00:00Z"}"#)
            .unwrap();
        assert_eq!(r["message"], "error.message=deep error only");
        assert_eq!(json_record(r#"{"level":"error","msg":""}"#).unwrap()["message"], "(a record without a message)");
    }

    #[test]
    fn record_times_iso_or_epoch() {
        let utc = crate::time::Zone::Fixed(0);
        let want = 1_718_186_400_000;
        assert_eq!(record_time("2024-06-12T10:00:00Z", &utc), Some(want));
        assert_eq!(record_time("2024-06-12T12:00:00+02:00", &utc), Some(want));
        assert_eq!(record_time("1718186400", &utc), Some(want));
        assert_eq!(record_time("1718186400.25", &utc), Some(want + 250));
        assert_eq!(record_time("1718186400000", &utc), Some(want));
        assert_eq!(record_time("1718186400123.5", &utc), Some(want + 123));
        // Microseconds and nanoseconds, to the millisecond they fall in.
        assert_eq!(record_time("1718186400123456", &utc), Some(want + 123));
        assert_eq!(record_time("1718186400123999999", &utc), Some(want + 123));
        assert_eq!(record_time("171818640012345", &utc), None);
        assert_eq!(record_time("42", &utc), None);
        assert_eq!(record_time("yesterday", &utc), None);
    }

    #[test]
    fn the_level_read_from_bytes_is_the_parsed_one() {
        let lines = [
            r#"{"level":"error","msg":"a"}"#,
            r#"{"level": "warn", "msg":"a"}"#,
            r#"{"msg":"no errors here","level":"info"}"#,
            r#"{"severity":"CRITICAL","message":"x"}"#,
            r#"{"level":50,"msg":"x"}"#,
            r#"{"level":30,"msg":"failed"}"#,
            r#"{"lvl":"eror"}"#,
            r#"{"level":35,"severity":"error"}"#,
            r#"{"level":"","lvl":"warn"}"#,
            r#"{"log":{"level":"error"},"message":"x"}"#,
            r#"{"level":"Info","msg":"x"}"#,
            r#"{"priority":3}"#,
            r#"{"levelname":"WARNING","event":"x"}"#,
            r#"{"msg":"level is not a key here: \"level\"","x":1}"#,
            r#"  {"level" : "fatal"}"#,
            r#"{"@l":"Warning","@mt":"x"}"#,
            r#"{"level":"50","msg":"pino's number as text"}"#,
            r#"{"level":50.0,"msg":"as a float"}"#,
            r#"{"level":50.5,"msg":"no level number"}"#,
            r#"{"level":5e1,"msg":"an exponent"}"#,
            r#"{"level":500e-1,"msg":"an exponent below one"}"#,
            r#"{"level":4.0E1,"msg":"a warning"}"#,
            r#"{"lvl":"eror","msg":"log15"}"#,
            r#"{"level":"error","msg":"a lone \ud800 half"}"#,
            "no json error",
        ];
        for l in lines {
            let parsed = json_record(l).and_then(|f| super::super::field_level(&f));
            assert_eq!(json_level(l.as_bytes()), parsed, "{l}");
        }
        assert_eq!(json_level(br#"{"level":"error"}"#), Some(Some(Level::Error)));
        assert_eq!(json_level(br#"{"msg":"no errors here","level":"info"}"#), Some(None));
        assert_eq!(json_level(br#"{"level":40}"#), Some(Some(Level::Warning)));
        assert_eq!(json_level(br#"{"msg":"error"}"#), None);
        assert_eq!(json_level(br#"{"level":"50"}"#), Some(Some(Level::Error)));
        assert_eq!(json_level(br#"{"level":60.0}"#), Some(Some(Level::Error)));
        assert_eq!(json_level(br#"{"lvl":"eror"}"#), Some(Some(Level::Error)));
    }

    /// A record cut between the halves of a UTF-16 pair (a lone `\ud800`) is still read, the
    /// half as U+FFFD; a whole pair and an escaped backslash before `u` are left as they are.
    #[test]
    fn lone_surrogates_are_read_as_replacement_characters() {
        let r =
            json_record(r#"{"level":"error","time":"2024-06-11T01:08:00Z","msg":"lone \ud800 here"}"#).expect("read");
        assert_eq!(r.get("message").map(String::as_str), Some("lone \u{fffd} here"));
        assert_eq!(r.get("time").map(String::as_str), Some("2024-06-11T01:08:00Z"));
        let pair = json_record(r#"{"level":"error","msg":"pair \ud83d\ude00 \\ud800 \udc00"}"#).expect("read");
        assert_eq!(pair.get("message").map(String::as_str), Some("pair \u{1f600} \\ud800 \u{fffd}"));
        assert_eq!(lone_surrogates_replaced(r#"{"msg":"\\ud800"}"#), None);
        assert!(json_record(r#"{"msg":"broken \ud800"#).is_none());
    }
}
