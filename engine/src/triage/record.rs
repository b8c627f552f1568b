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

/// Keys a level is written under (logrus, zap, slog, pino, bunyan, structlog, Serilog's
/// compact form `@l`, Python's `levelname`, Elastic's `log.level`), in the order tried.
const LEVEL_KEYS: &[&str] = &["level", "severity", "lvl", "loglevel", "log_level", "levelname", "@l", "@level"];
/// Keys a message is written under (`event`: structlog; `@m`/`@mt`: Serilog; `log`: Docker's
/// json-file driver).
const MESSAGE_KEYS: &[&str] = &["message", "msg", "@m", "@mt", "event", "log", "text"];
/// Keys a time is written under.
const TIME_KEYS: &[&str] = &["time", "timestamp", "ts", "@t", "@timestamp", "datetime", "asctime", "date"];

/// The level, message and time of `line` when it is a JSON object, under the names the miner
/// reads (`level`, `message`, `time`; each only when found, as text). None when the line is no
/// JSON object. A pino or bunyan level number (10 to 60) is read as its name; a number of 0
/// to 7 is kept (a syslog priority, which `triage::field_level` reads).
pub fn json_record(line: &str) -> Option<BTreeMap<String, String>> {
    let t = line.trim();
    if !t.starts_with('{') {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let obj = v.as_object()?;
    let mut out = BTreeMap::new();
    let level = LEVEL_KEYS
        .iter()
        .find_map(|k| obj.get(*k).and_then(level_text))
        .or_else(|| v.pointer("/log/level").and_then(level_text));
    if let Some(l) = level {
        out.insert("level".to_string(), l);
    }
    if let Some(m) = MESSAGE_KEYS.iter().find_map(|k| obj.get(*k).and_then(|x| x.as_str())) {
        out.insert("message".to_string(), m.trim_end().to_string());
    }
    let time = TIME_KEYS.iter().find_map(|k| obj.get(*k)).and_then(|x| match x {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    if let Some(t) = time {
        out.insert("time".to_string(), t);
    }
    Some(out)
}

/// The instant (UTC milliseconds) of a record's time as [`json_record`] gives it: an ISO 8601
/// time (a zone in it, else `zone`'s), or a Unix epoch in seconds (10 digits, a fraction
/// allowed) or milliseconds (13 digits).
pub fn record_time(t: &str, zone: &crate::time::Zone) -> Option<i64> {
    let t = t.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = int.parse().ok()?;
        return match int.len() {
            10 => {
                let ms =
                    frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0, |m, b| m * 10 + i64::from(b - b'0'));
                Some(n * 1000 + ms)
            }
            13 if frac.is_empty() => Some(n),
            _ => None,
        };
    }
    let (st, used) = crate::time::parse_iso(t.as_bytes(), zone)?;
    (used == t.len()).then_some(st.utc_ms)
}

/// A level value as text: a string as written; a pino or bunyan number as its name (60 fatal,
/// 50 error, 40 warn, 30 info, 20 debug, 10 trace); a syslog priority 0 to 7 as its digit.
fn level_text(x: &serde_json::Value) -> Option<String> {
    match x {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => {
            let n = n.as_u64()?;
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
        _ => None,
    }
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
    for key in LEVEL_KEYS {
        let Some(v) = value_of(t, key) else { continue };
        let text = match v {
            Value::Text(s) => std::str::from_utf8(s).ok()?.to_string(),
            Value::Number(n) => level_text(&serde_json::Value::from(n))?,
        };
        let mut f = BTreeMap::new();
        f.insert("level".to_string(), text);
        return super::field_level(&f);
    }
    None
}

enum Value<'a> {
    Text(&'a [u8]),
    Number(u64),
}

/// The value of `"key":` in a JSON object's bytes: a string without escapes, or a whole number.
/// Found as the first `"key"` followed by a colon (blanks around it allowed).
fn value_of<'a>(t: &'a [u8], key: &str) -> Option<Value<'a>> {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&t[from..], quoted.as_bytes()) {
        let after = &t[from + i + quoted.len()..];
        let rest = after.trim_ascii_start();
        if let Some(rest) = rest.strip_prefix(b":") {
            let rest = rest.trim_ascii_start();
            if let Some(s) = rest.strip_prefix(b"\"") {
                let end = memchr::memchr2(b'"', b'\\', s)?;
                return (s[end] == b'"').then(|| Value::Text(&s[..end]));
            }
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
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
        // No object: none.
        assert!(json_record("plain text error").is_none());
        assert!(json_record("[1, 2]").is_none());
        assert!(json_record("{not json").is_none());
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
            r#"{"priority":3}"#,
            r#"{"levelname":"WARNING","event":"x"}"#,
            r#"{"msg":"level is not a key here: \"level\"","x":1}"#,
            r#"  {"level" : "fatal"}"#,
            r#"{"@l":"Warning","@mt":"x"}"#,
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
    }
}
