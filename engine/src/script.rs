//! The one place where Rhai is set up. Rule scripts are untrusted: every limit is set
//! explicitly here (the same in debug and release builds), nothing is loaded from disk,
//! `eval` is off and print/debug never reach stdout.

use crate::duration::human;
use crate::event::Event;
use crate::time::{local, offset_label, rfc3339};
use rhai::{Array, Dynamic, Engine, ImmutableString, Map, Scope};

/// Operations one template, `when` expression or script condition may use on its own, before
/// the events it was given are counted (see [`budgeted`]).
pub const MAX_OPERATIONS: u64 = 200_000;
/// Operations allowed per event in scope: a text that walks every event once (a `distinct`, a
/// `map`) must work at 10,000 events per symptom, while an endless loop is still stopped.
pub const OPERATIONS_PER_EVENT: u64 = 64;
/// Values in scope (events as maps, pairs of events) are data, not script output: the size
/// limits are set so that 10,000 events per symptom of a rule with several symptoms fit, and a
/// doubling bomb still stops in a few hundred MiB at most. Rhai counts nested sizes.
pub const MAX_ARRAY: usize = 1_000_000;
pub const MAX_MAP: usize = 2_000_000;
/// The most text a value may hold. Rhai counts the strings inside arrays too, so an array of
/// 10,000 event times must fit; a text for people stays short because `join` shortens lists.
pub const MAX_STRING: usize = 16 << 20;
/// `join` shows at most this many items, then "and N more".
pub const JOIN_SHOWN: usize = 10;

/// Wall-clock time one evaluation may take by default: the operation budget bounds work, not
/// time (one operation may copy a 15 MB string), so a clock bounds it too.
pub const MAX_TIME: std::time::Duration = std::time::Duration::from_secs(10);

thread_local! {
    static BUDGET: std::cell::Cell<u64> = const { std::cell::Cell::new(MAX_OPERATIONS) };
    static TIME_LIMIT: std::cell::Cell<std::time::Duration> = const { std::cell::Cell::new(MAX_TIME) };
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
}

/// The wall-clock limit of each evaluation on this thread (`RunOptions::script_time`).
pub fn set_time_limit(limit: std::time::Duration) {
    TIME_LIMIT.with(|t| t.set(limit));
}

/// Run `f` (a Rhai evaluation) with an operation budget of [`MAX_OPERATIONS`] plus
/// [`OPERATIONS_PER_EVENT`] per event in scope: scripts are bounded by their own work and by
/// the data they are given, never by the data alone.
pub fn budgeted<T>(events: usize, f: impl FnOnce() -> T) -> T {
    let budget = MAX_OPERATIONS.saturating_add(OPERATIONS_PER_EVENT.saturating_mul(events as u64));
    let old = BUDGET.with(|b| b.replace(budget));
    let limit = TIME_LIMIT.with(|t| t.get());
    let old_deadline = DEADLINE.with(|d| d.replace(std::time::Instant::now().checked_add(limit)));
    let out = f();
    BUDGET.with(|b| b.set(old));
    DEADLINE.with(|d| d.set(old_deadline));
    out
}

pub fn engine() -> Engine {
    let mut e = Engine::new();
    // The operation limit is enforced by `on_progress` against the per-evaluation budget.
    e.set_max_operations(0);
    e.on_progress(|ops| {
        let budget = BUDGET.with(|b| b.get());
        if ops > budget {
            return Some(Dynamic::from(format!("Too many operations (more than {budget})")));
        }
        // The clock, every 16 operations (reading it costs more than an operation).
        if ops % 16 == 0 {
            if let Some(end) = DEADLINE.with(|d| d.get()) {
                if std::time::Instant::now() > end {
                    let limit = TIME_LIMIT.with(|t| t.get());
                    return Some(Dynamic::from(format!("Took too long (more than {} s)", limit.as_secs_f64())));
                }
            }
        }
        None
    });
    e.set_max_call_levels(32);
    e.set_max_expr_depths(64, 32);
    e.set_max_string_size(MAX_STRING);
    e.set_max_array_size(MAX_ARRAY);
    e.set_max_map_size(MAX_MAP);
    e.set_max_modules(0);
    e.set_max_variables(256);
    e.set_max_functions(64);
    e.set_module_resolver(rhai::module_resolvers::DummyModuleResolver::new());
    e.disable_symbol("eval");
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    e.set_fail_on_invalid_map_property(true);
    register_helpers(&mut e);
    register_event(&mut e);
    e
}

/// Events as a type of their own: properties by name (`e.login`, through the indexer), `in`,
/// equality (the same line of the same symptom), and printing as the line.
fn register_event(e: &mut Engine) {
    register_event_list(e);
    e.register_type_with_name::<Ev>("event");
    e.register_indexer_get(|ev: &mut Ev, name: ImmutableString| -> Result<Dynamic, Box<rhai::EvalAltResult>> {
        ev.get(name.as_str())
            .ok_or_else(|| Box::new(rhai::EvalAltResult::ErrorPropertyNotFound(name.to_string(), rhai::Position::NONE)))
    });
    e.register_fn("contains", |ev: &mut Ev, name: ImmutableString| ev.has(name.as_str()));
    e.register_fn("==", |a: &mut Ev, b: Ev| a.same(&b));
    e.register_fn("!=", |a: &mut Ev, b: Ev| !a.same(&b));
    e.register_fn("to_string", |ev: &mut Ev| ev.get("text").map(|t| t.to_string()).unwrap_or_default());
    e.register_fn("to_debug", |ev: &mut Ev| ev.get("text").map(|t| t.to_string()).unwrap_or_default());
    e.register_fn("keys", |ev: &mut Ev| -> Array {
        let mut k: Vec<Dynamic> = ["has_time", "time", "offset", "at", "local", "path", "line", "text", "log_end"]
            .iter()
            .map(|s| Dynamic::from(s.to_string()))
            .collect();
        if let Some(evt) = ev.event() {
            k.extend(evt.fields.keys().map(|f| Dynamic::from(f.clone())));
        }
        k
    });
}

/// A symptom's events ([`EvList`]) read as an array: length, index, `for`, `in`, and the
/// array methods that take a function (`filter`, `map`, `reduce`, `some`, `all`), each of which
/// returns what the array's would; `to_array()` for anything else.
fn register_event_list(e: &mut Engine) {
    use rhai::{EvalAltResult, FnPtr, NativeCallContext, Position};
    type R<T> = Result<T, Box<EvalAltResult>>;
    e.register_type_with_name::<EvList>("events");
    e.register_iterator::<EvList>();
    e.register_fn("len", |l: &mut EvList| l.len() as i64);
    e.register_get("len", |l: &mut EvList| l.len() as i64);
    e.register_fn("is_empty", |l: &mut EvList| l.is_empty());
    e.register_get("is_empty", |l: &mut EvList| l.is_empty());
    e.register_fn("to_array", |l: &mut EvList| l.to_array());
    e.register_indexer_get(|l: &mut EvList, i: i64| -> R<Ev> {
        l.index(i).map(|k| l.ev(k)).ok_or_else(|| Box::new(EvalAltResult::ErrorArrayBounds(l.len(), i, Position::NONE)))
    });
    e.register_fn("contains", |l: &mut EvList, x: Dynamic| {
        x.read_lock::<Ev>().is_some_and(|x| (0..l.len()).any(|k| l.ev(k).same(&x)))
    });
    // A function of the event, or of the event and its index (as for arrays).
    fn call(ctx: &NativeCallContext, f: &FnPtr, l: &EvList, k: usize) -> R<Dynamic> {
        let ev = Dynamic::from(l.ev(k));
        match f.call_within_context::<Dynamic>(ctx, (ev.clone(),)) {
            Err(err) if matches!(*err, EvalAltResult::ErrorFunctionNotFound(..)) => {
                f.call_within_context::<Dynamic>(ctx, (ev, k as i64))
            }
            r => r,
        }
    }
    e.register_fn("filter", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<Array> {
        let mut out = Array::new();
        for k in 0..l.len() {
            if call(&ctx, &f, l, k)?.as_bool().unwrap_or(false) {
                out.push(Dynamic::from(l.ev(k)));
            }
        }
        Ok(out)
    });
    e.register_fn("map", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<Array> {
        (0..l.len()).map(|k| call(&ctx, &f, l, k)).collect()
    });
    e.register_fn("some", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<bool> {
        for k in 0..l.len() {
            if call(&ctx, &f, l, k)?.as_bool().unwrap_or(false) {
                return Ok(true);
            }
        }
        Ok(false)
    });
    e.register_fn("all", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<bool> {
        for k in 0..l.len() {
            if !call(&ctx, &f, l, k)?.as_bool().unwrap_or(false) {
                return Ok(false);
            }
        }
        Ok(true)
    });
    // `|acc, e|` or `|acc, e, i|`, as for arrays.
    fn fold(ctx: &NativeCallContext, l: &EvList, f: &FnPtr, init: Dynamic) -> R<Dynamic> {
        let mut acc = init;
        for k in 0..l.len() {
            let ev = Dynamic::from(l.ev(k));
            acc = match f.call_within_context::<Dynamic>(ctx, (acc.clone(), ev.clone())) {
                Err(err) if matches!(*err, EvalAltResult::ErrorFunctionNotFound(..)) => {
                    f.call_within_context::<Dynamic>(ctx, (acc, ev, k as i64))?
                }
                r => r?,
            };
        }
        Ok(acc)
    }
    e.register_fn("reduce", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr, init: Dynamic| fold(&ctx, l, &f, init));
    e.register_fn("reduce", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| fold(&ctx, l, &f, Dynamic::UNIT));
    // The first event a function accepts, and where it is (-1: none).
    e.register_fn("find", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<Dynamic> {
        for k in 0..l.len() {
            if call(&ctx, &f, l, k)?.as_bool().unwrap_or(false) {
                return Ok(Dynamic::from(l.ev(k)));
            }
        }
        Ok(Dynamic::UNIT)
    });
    e.register_fn("index_of", |ctx: NativeCallContext, l: &mut EvList, f: FnPtr| -> R<i64> {
        for k in 0..l.len() {
            if call(&ctx, &f, l, k)?.as_bool().unwrap_or(false) {
                return Ok(k as i64);
            }
        }
        Ok(-1)
    });
    e.register_fn("get", |l: &mut EvList, i: i64| l.index(i).map_or(Dynamic::UNIT, |k| Dynamic::from(l.ev(k))));
    // Printed as an array of events is: each event's line, in brackets.
    fn show(l: &EvList) -> String {
        let lines: Vec<String> =
            (0..l.len()).map(|k| l.ev(k).get("text").map(|t| t.to_string()).unwrap_or_default()).collect();
        format!("[{}]", lines.join(", "))
    }
    e.register_fn("to_string", |l: &mut EvList| show(l));
    e.register_fn("to_debug", |l: &mut EvList| show(l));
    e.register_fn("+", |a: &mut EvList, b: ImmutableString| format!("{}{b}", show(a)));
    e.register_fn("+", |a: ImmutableString, b: EvList| format!("{a}{}", show(&b)));
    // Equal to an array (or another list) holding the same events in the same order.
    fn same_as(l: &EvList, a: &Array) -> bool {
        l.len() == a.len() && a.iter().enumerate().all(|(k, v)| v.read_lock::<Ev>().is_some_and(|v| v.same(&l.ev(k))))
    }
    fn same_lists(a: &EvList, b: &EvList) -> bool {
        a.len() == b.len() && (0..a.len()).all(|k| a.ev(k).same(&b.ev(k)))
    }
    e.register_fn("==", |a: &mut EvList, b: Array| same_as(a, &b));
    e.register_fn("!=", |a: &mut EvList, b: Array| !same_as(a, &b));
    e.register_fn("==", |a: &mut Array, b: EvList| same_as(&b, a));
    e.register_fn("!=", |a: &mut Array, b: EvList| !same_as(&b, a));
    e.register_fn("==", |a: &mut EvList, b: EvList| same_lists(a, &b));
    e.register_fn("!=", |a: &mut EvList, b: EvList| !same_lists(a, &b));
    // An array takes a list's events: `all.append(s)`. (`all += s` is Rhai's own operator on
    // arrays, which cannot be overloaded: it pushes the list as one item.)
    e.register_fn("append", |a: &mut Array, b: EvList| a.extend(b.to_array()));
    // `a + b` of two symptoms' events, or of events and an array: an array.
    e.register_fn("+", |a: &mut EvList, b: EvList| {
        let mut v = a.to_array();
        v.extend(b.to_array());
        v
    });
    e.register_fn("+", |a: &mut EvList, b: Array| {
        let mut v = a.to_array();
        v.extend(b);
        v
    });
    e.register_fn("+", |a: &mut Array, b: EvList| {
        let mut v = a.clone();
        v.extend(b.to_array());
        v
    });
}

/// Helpers the texts use to put evidence into words. Times are UTC milliseconds (`i64`).
fn register_helpers(e: &mut Engine) {
    // RFC 3339 UTC, e.g. 2024-06-12T06:00:04Z
    e.register_fn("utc", |ms: i64| rfc3339(ms));
    // HH:MM in UTC
    e.register_fn("hhmm", |ms: i64| local(ms, 0, "%H:%M"));
    // HH:MM at a given offset in seconds
    e.register_fn("hhmm", |ms: i64, off: i64| local(ms, off as i32, "%H:%M"));
    // YYYY-MM-DD in UTC
    e.register_fn("day", |ms: i64| local(ms, 0, "%Y-%m-%d"));
    e.register_fn("minutes", |n: i64| n.saturating_mul(60_000));
    e.register_fn("hours", |n: i64| n.saturating_mul(3_600_000));
    e.register_fn("days", |n: i64| n.saturating_mul(86_400_000));
    // A duration as rules write it ("10m", "1h30m") in milliseconds; 0 when it does not parse.
    e.register_fn("dur", |s: ImmutableString| crate::duration::parse(s.as_str()).map_or(0, |d| d.ms()));
    e.register_fn("seconds", |n: i64| n.saturating_mul(1_000));
    e.register_fn("human", |ms: i64| human(ms));
    // Round up to the next whole minute: a suggested schedule time has no seconds.
    e.register_fn("ceil_minute", |ms: i64| ms.saturating_add(59_999).div_euclid(60_000).saturating_mul(60_000));
    // The list helpers, for arrays and for a symptom's events alike (see `Items`).
    register_list_helpers::<Array>(e);
    register_list_helpers::<EvList>(e);
}

/// What the list helpers read: an array of values (events, maps, strings), or a symptom's
/// events ([`EvList`]) without making a value of each.
trait Items: Clone + Send + Sync + 'static {
    fn count(&self) -> usize;
    /// A property of the item at `i` (an event's, a map's field).
    fn prop_at(&self, i: usize, name: &str) -> Option<Dynamic>;
    /// The item at `i` as a script value.
    fn value_at(&self, i: usize) -> Dynamic;
}

impl Items for Array {
    fn count(&self) -> usize {
        self.len()
    }
    fn prop_at(&self, i: usize, name: &str) -> Option<Dynamic> {
        prop(&self[i], name)
    }
    fn value_at(&self, i: usize) -> Dynamic {
        self[i].clone()
    }
}

impl Items for EvList {
    fn count(&self) -> usize {
        self.len()
    }
    fn prop_at(&self, i: usize, name: &str) -> Option<Dynamic> {
        self.ev(i).get(name)
    }
    fn value_at(&self, i: usize) -> Dynamic {
        Dynamic::from(self.ev(i))
    }
}

fn register_list_helpers<T: Items>(e: &mut Engine) {
    // A list for people: every item up to a dozen, else the first JOIN_SHOWN and "and N more",
    // so that a text never holds 10,000 times.
    e.register_fn("join", |a: &mut T, sep: ImmutableString| join_items(a, sep.as_str(), JOIN_SHOWN));
    e.register_fn("join", |a: &mut T, sep: ImmutableString, shown: i64| {
        join_items(a, sep.as_str(), usize::try_from(shown).unwrap_or(0).max(1))
    });
    // The first / last N elements (N clamped to the array).
    e.register_fn("first", |a: &mut T, n: i64| {
        let n = usize::try_from(n).unwrap_or(0).min(a.count());
        (0..n).map(|i| a.value_at(i)).collect::<Array>()
    });
    e.register_fn("last", |a: &mut T, n: i64| {
        let n = usize::try_from(n).unwrap_or(0).min(a.count());
        (a.count() - n..a.count()).map(|i| a.value_at(i)).collect::<Array>()
    });
    // Distinct values of a field over an array of events, in first-seen order.
    e.register_fn("distinct", |a: &mut T, field: ImmutableString| {
        let mut out: Array = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for i in 0..a.count() {
            if let Some(x) = a.prop_at(i, field.as_str()) {
                let s = x.to_string();
                if !s.is_empty() && seen.insert(s.clone()) {
                    out.push(Dynamic::from(s));
                }
            }
        }
        out
    });
    // The distinct values of a field as a list for people, or `fallback` when no event has
    // the field (a workflow named neither on the line nor by the file name).
    e.register_fn("names", |a: &mut T, field: ImmutableString, fallback: ImmutableString| {
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut out: Array = Vec::new();
        for i in 0..a.count() {
            if let Some(x) = a.prop_at(i, field.as_str()).map(|x| x.to_string()) {
                if !x.is_empty() && seen.insert(x.clone()) {
                    out.push(Dynamic::from(x));
                }
            }
        }
        if out.is_empty() {
            fallback.to_string()
        } else {
            join_items(&out, ", ", JOIN_SHOWN)
        }
    });
    // The run of events around `t` whose neighbours are at most `gap` apart: e.g. the stop and
    // start lines of one restart. Events must carry `time` (they do, sorted, in rule scope).
    e.register_fn("cluster", |evs: &mut T, t: i64, gap: i64| {
        let times: Vec<i64> = (0..evs.count())
            .map(|i| evs.prop_at(i, "time").and_then(|x| x.as_int().ok()).unwrap_or(i64::MIN))
            .collect();
        let path = |i: usize| evs.prop_at(i, "path").map(|p| p.to_string()).unwrap_or_default();
        let Some(mid) = (0..times.len()).min_by_key(|&i| (times[i].saturating_sub(t)).unsigned_abs()) else {
            return Array::new();
        };
        // Only events of the same file: two servers restarting at the same moment are two
        // restarts, not one.
        let same: Vec<usize> = (0..times.len()).filter(|&i| path(i) == path(mid)).collect();
        let Some(pos) = same.iter().position(|&i| i == mid) else { return Array::new() };
        let (mut lo, mut hi) = (pos, pos);
        while lo > 0 && times[same[lo]].saturating_sub(times[same[lo - 1]]) <= gap {
            lo -= 1;
        }
        while hi + 1 < same.len() && times[same[hi + 1]].saturating_sub(times[same[hi]]) <= gap {
            hi += 1;
        }
        same[lo..=hi].iter().map(|&i| evs.value_at(i)).collect()
    });
    // The events of an array grouped by a field's value, in one pass: a map value → events
    // (each group in the array's order; events without the field are left out). Per-address
    // texts use it instead of filtering every event once per address, which is quadratic.
    e.register_fn("group", |a: &mut T, field: ImmutableString| {
        let mut out = Map::new();
        for i in 0..a.count() {
            let Some(key) = a.prop_at(i, field.as_str()).map(|x| x.to_string()) else {
                continue;
            };
            let v = a.value_at(i);
            match out.get_mut(key.as_str()) {
                Some(g) => {
                    if let Some(mut arr) = g.write_lock::<Array>() {
                        arr.push(v);
                    }
                }
                None => {
                    out.insert(key.into(), Dynamic::from_array(vec![v]));
                }
            }
        }
        out
    });
    // Pick one field of every element.
    e.register_fn("pluck", |a: &mut T, field: ImmutableString| {
        (0..a.count()).filter_map(|i| a.prop_at(i, field.as_str())).collect::<Array>()
    });
}

/// Join at most `shown` items (all of them when there are only two more), then "and N more".
fn join_items(a: &impl Items, sep: &str, shown: usize) -> String {
    let n = a.count();
    let show = if n <= shown + 2 { n } else { shown };
    let mut out = (0..show).map(|i| a.value_at(i).to_string()).collect::<Vec<_>>().join(sep);
    if show < n {
        out.push_str(&format!("{sep}and {} more", n - show));
    }
    out
}

/// The events of one rule, shared by every value a script sees of them.
pub type Hits = std::sync::Arc<Vec<Vec<Event>>>;

/// An event as Rhai sees it: a reference into the rule's events, whose properties are made when
/// read (`e.time`, `e.login`, `e["login"]`, `"login" in e`): `time` (UTC ms), `offset` (s),
/// `at` (RFC 3339 UTC), `local` (the writer's clock), `path`, `line`, `text` (empty for a line
/// whose text was not kept, see `scan::TEXT_KEPT`), `has_time` and every field. A reference
/// costs a few words however many fields the event has, so a rule's texts can see 100,000
/// events without 100,000 maps; reading a field it does not have is an error, as with a map.
#[derive(Clone)]
pub struct Ev {
    of: std::sync::Arc<EvSource>,
    s: u32,
    k: u32,
}

/// What every [`Ev`] of a rule points into: one pointer per event value, not two.
pub struct EvSource {
    hits: Hits,
    paths: Vec<String>,
    /// Per input: its latest time (`log_end`), when it has one.
    ends: Vec<Option<i64>>,
}

impl Ev {
    fn event(&self) -> Option<&Event> {
        self.of.hits.get(self.s as usize).and_then(|v| v.get(self.k as usize))
    }

    fn same(&self, b: &Ev) -> bool {
        self.s == b.s && self.k == b.k && std::sync::Arc::ptr_eq(&self.of, &b.of)
    }

    /// A property or field, `None` when the event has none of that name.
    pub fn get(&self, name: &str) -> Option<Dynamic> {
        let e = self.event()?;
        let (ms, off) = e.time.map_or((0, 0), |t| (t.utc_ms, t.offset_s));
        Some(match name {
            "has_time" => e.time.is_some().into(),
            "time" => ms.into(),
            "offset" => i64::from(off).into(),
            "at" => if e.time.is_some() { rfc3339(ms) } else { String::new() }.into(),
            "local" => if e.time.is_some() {
                format!("{} {}", local(ms, off, "%Y-%m-%d %H:%M:%S"), offset_label(off))
            } else {
                "(no time)".to_string()
            }
            .into(),
            "path" => self.of.paths.get(e.input).cloned().unwrap_or_default().into(),
            // The latest time of the event's log (every line of it, not only events): how far
            // the log goes on after this event. The event's own time where the log has none.
            "log_end" => self.of.ends.get(e.input).copied().flatten().map_or(ms, |end| end.max(ms)).into(),
            "line" => (e.line as i64).into(),
            "text" => e.text.clone().into(),
            f => e.fields.get(f)?.clone().into(),
        })
    }

    fn has(&self, name: &str) -> bool {
        matches!(name, "has_time" | "time" | "offset" | "at" | "local" | "path" | "line" | "text" | "log_end")
            || self.event().is_some_and(|e| e.fields.contains_key(name))
    }
}

/// A property of an event or a field of a map: what the list helpers read.
fn prop(v: &Dynamic, name: &str) -> Option<Dynamic> {
    if let Some(ev) = v.read_lock::<Ev>() {
        return ev.get(name);
    }
    v.read_lock::<Map>().and_then(|m| m.get(name).cloned())
}

/// A symptom's events as scripts see them: a list of [`Ev`] made one at a time when read
/// (`s[0]`, `s.len()`, `for e in s`, `s.filter(...)`, the list helpers). As an array of values
/// each event was a boxed value of its own: 223,433 events of one generic symptom were 18 MiB
/// of them while the texts ran. What a method returns (`filter`, `map`, `first`) is an array.
#[derive(Clone)]
pub struct EvList {
    of: std::sync::Arc<EvSource>,
    s: u32,
}

impl EvList {
    pub fn len(&self) -> usize {
        self.of.hits.get(self.s as usize).map_or(0, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The event at `k` (in range: callers check).
    pub fn ev(&self, k: usize) -> Ev {
        Ev { of: self.of.clone(), s: self.s, k: k as u32 }
    }

    /// Every event, as an array of values.
    pub fn to_array(&self) -> Array {
        (0..self.len()).map(|k| Dynamic::from(self.ev(k))).collect()
    }

    /// An index as Rhai arrays take it (negative from the end).
    fn index(&self, i: i64) -> Option<usize> {
        let n = self.len() as i64;
        let i = if i < 0 { n + i } else { i };
        (0..n).contains(&i).then_some(i as usize)
    }
}

impl IntoIterator for EvList {
    type Item = Ev;
    type IntoIter = EvIter;
    fn into_iter(self) -> EvIter {
        EvIter { list: self, k: 0 }
    }
}

pub struct EvIter {
    list: EvList,
    k: usize,
}

impl Iterator for EvIter {
    type Item = Ev;
    fn next(&mut self) -> Option<Ev> {
        (self.k < self.list.len()).then(|| {
            self.k += 1;
            self.list.ev(self.k - 1)
        })
    }
}

/// Every symptom's events of a rule, as lists of references.
/// `paths` and `ends`: per input, its path and its latest time (`log_end`).
pub fn event_values(hits: &Hits, paths: &[String], ends: &[Option<i64>]) -> Vec<EvList> {
    let of = std::sync::Arc::new(EvSource { hits: hits.clone(), paths: paths.to_vec(), ends: ends.to_vec() });
    (0..hits.len()).map(|s| EvList { of: of.clone(), s: s as u32 }).collect()
}

/// A scope with every symptom's events as a list named after the symptom (an empty array for
/// a symptom the texts do not name).
///
/// Variables, not constants: Rhai copies a constant passed to a function.
pub fn symptom_scope(names: &[&str], values: Vec<Option<EvList>>) -> Scope<'static> {
    let mut scope = Scope::new();
    for (n, l) in names.iter().zip(values) {
        match l {
            Some(l) => scope.push(n.to_string(), l),
            None => scope.push(n.to_string(), Array::new()),
        };
    }
    scope
}

/// Turn an author's text with `${expr}` holes into a Rhai interpolated-string expression.
pub fn template_source(text: &str) -> String {
    // Inside a back-tick string only ` needs escaping, written as two back-ticks.
    format!("`{}`", text.replace('`', "``"))
}

/// An evaluation error in words: Rhai's own message, except for the budget stop, which Rhai
/// only calls "Script terminated".
pub fn describe(err: &rhai::EvalAltResult) -> String {
    match err {
        rhai::EvalAltResult::ErrorTerminated(token, pos) => {
            let at = if pos.is_none() { String::new() } else { format!(" ({pos})") };
            format!("{}{at}", token.clone().into_string().unwrap_or_else(|_| "Script terminated".into()))
        }
        other => other.to_string(),
    }
}

/// The engine shared by every rule (Rhai's `sync` feature makes it `Send + Sync`).
pub fn shared() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(engine)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scope with `a` (3 events, hosts h1 h2 h1) and `b` (1 event) as event lists.
    fn lists() -> Scope<'static> {
        let ev = |line: u64, host: &str| Event {
            input: 0,
            line,
            time: Some(crate::time::Stamp { utc_ms: line as i64 * 1000, offset_s: 0, dst: false, assumed: false }),
            text: format!("line {line}").into(),
            fields: [("host".to_string(), host.to_string())].into_iter().collect(),
        };
        let hits: Hits = std::sync::Arc::new(vec![vec![ev(1, "h1"), ev(2, "h2"), ev(3, "h1")], vec![ev(9, "h3")]]);
        // The log's latest line at 5 s: after a, before b.
        let values = event_values(&hits, &["f.log".to_string()], &[Some(5000)]);
        symptom_scope(&["a", "b"], values.into_iter().map(Some).collect())
    }

    fn eval<T: Clone + Send + Sync + 'static>(src: &str) -> Result<T, Box<rhai::EvalAltResult>> {
        shared().eval_with_scope::<T>(&mut lists(), src)
    }

    #[test]
    fn event_lists_read_as_arrays() {
        assert_eq!(eval::<i64>("a.len() + a.len + b.len()").unwrap(), 7);
        assert_eq!(eval::<i64>("a[0].line + a[-1].line * 10").unwrap(), 31);
        // log_end: the log's latest time, or the event's own when that is later.
        assert_eq!(eval::<i64>("a[0].log_end").unwrap(), 5000);
        assert_eq!(eval::<i64>("b[0].log_end").unwrap(), 9000);
        assert!(eval::<bool>(r#""log_end" in a[0]"#).unwrap());
        assert!(eval::<i64>("a[3].line").is_err());
        assert_eq!(eval::<i64>("let n = 0; for e in a { n += e.line; } n").unwrap(), 6);
        assert_eq!(eval::<i64>("a.filter(|e| e.host == \"h1\").len()").unwrap(), 2);
        assert_eq!(eval::<i64>("a.filter(|e, i| i > 0).len()").unwrap(), 2);
        assert_eq!(eval::<String>("a.map(|e| e.host).reduce(|s, h| s + h, \"\")").unwrap(), "h1h2h1");
        assert_eq!(eval::<i64>("a.reduce(|n, e| n + e.line, 0)").unwrap(), 6);
        assert!(eval::<bool>("a.some(|e| e.host == \"h2\") && !a.all(|e| e.host == \"h2\")").unwrap());
        assert!(eval::<bool>("a[1] in a && !(b[0] in a)").unwrap());
        assert_eq!(eval::<i64>("(a + b).len() + (a + [1]).len()").unwrap(), 8);
        assert_eq!(
            eval::<String>("join(distinct(a, \"host\"), \",\") + \" \" + names(b, \"host\", \"-\")").unwrap(),
            "h1,h2 h3"
        );
        assert_eq!(eval::<i64>("first(a, 2).len() + last(a, 9).len() + pluck(a, \"line\").len()").unwrap(), 8);
        assert_eq!(eval::<i64>("group(a, \"host\").h1.len()").unwrap(), 2);
        assert_eq!(eval::<i64>("cluster(a, 2000, 1000).len()").unwrap(), 3);
        assert_eq!(eval::<String>("join(a, \"|\")").unwrap(), eval::<String>("join(a.to_array(), \"|\")").unwrap());
        // What the review of the first version found: compared, printed, added to an array.
        assert!(eval::<bool>("[] != a && a == a && a != b && a == a.to_array() && a.to_array() == a").unwrap());
        let mut empty = Scope::new();
        let none: Hits = std::sync::Arc::new(vec![Vec::new()]);
        for (n, l) in ["z"].iter().zip(event_values(&none, &[], &[])) {
            empty.push(n.to_string(), l);
        }
        assert!(shared().eval_with_scope::<bool>(&mut empty, "z == [] && [] == z && z.is_empty()").unwrap());
        assert_eq!(eval::<String>("`${b}`").unwrap(), "[line 9]");
        assert_eq!(eval::<String>("\"n=\" + b").unwrap(), "n=[line 9]");
        assert_eq!(eval::<String>("b + \"!\"").unwrap(), "[line 9]!");
        // `array += list` is Rhai's own operator on arrays (it pushes the list as one item):
        // `y.append(list)` or `y += list.to_array()` (docs/rule-format.md).
        assert_eq!(eval::<i64>("let y = []; y += a.to_array(); y.len()").unwrap(), 3, "+=");
        assert_eq!(eval::<i64>("let y = []; y.append(b); y.len()").unwrap(), 1, "append");
        assert_eq!(eval::<i64>("let y = [1]; y.append(a); y.len()").unwrap(), 4, "append");
        assert_eq!(eval::<i64>("a.reduce(|n, e, i| n + i, 0)").unwrap(), 3);
        assert_eq!(eval::<i64>("a.find(|e| e.host == \"h2\").line + a.index_of(|e| e.line == 3)").unwrap(), 4);
        assert!(eval::<bool>("a.get(9) == ()").unwrap());
        // Anything else: `to_array()` first; the error names the type.
        let err = eval::<Array>("a.sort()").unwrap_err().to_string();
        assert!(err.contains("events"), "{err}");
        assert_eq!(eval::<i64>("let x = a.to_array(); x.sort(|p, q| q.line - p.line); x[0].line").unwrap(), 3);
    }

    #[test]
    fn endless_loop_is_stopped() {
        let e = engine();
        let err = budgeted(10_000, || e.eval::<i64>("let x = 0; loop { x += 1; }")).unwrap_err();
        assert!(describe(&err).contains("Too many operations (more than 840000)"), "{err}");
    }

    #[test]
    fn eval_and_modules_are_refused() {
        let e = engine();
        assert!(e.compile("eval(\"1\")").is_err());
        assert!(e.eval::<i64>("import \"x\" as y; 1").is_err());
    }

    #[test]
    fn huge_strings_are_refused() {
        let e = engine();
        let err = e.eval::<String>("let s = \"x\"; for i in 0..30 { s += s; } s").unwrap_err();
        assert!(err.to_string().to_lowercase().contains("too large") || err.to_string().contains("Length"), "{err}");
    }

    #[test]
    fn array_and_map_bombs_are_refused() {
        let e = engine();
        let err = e.eval::<Array>("let a = [0]; for i in 0..40 { a += a; } a").unwrap_err();
        assert!(err.to_string().contains("Size of array"), "{err}");
        let err = e.eval::<Map>("let m = #{}; for i in 0..40 { m = #{a: m, b: m}; } m").unwrap_err();
        assert!(err.to_string().contains("Size of object map"), "{err}");
    }

    #[test]
    fn join_shortens_long_lists() {
        let e = engine();
        assert_eq!(e.eval::<String>("join([1, 2, 3], \", \")").unwrap(), "1, 2, 3");
        let long = e.eval::<String>("let a = []; for i in 0..10000 { a.push(i); } join(a, \", \")").unwrap();
        assert_eq!(long, "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, and 9990 more");
        assert_eq!(e.eval::<String>("join([1, 2, 3, 4], \"/\", 2)").unwrap(), "1/2/3/4");
        assert_eq!(e.eval::<String>("join([1, 2, 3, 4, 5], \"/\", 2)").unwrap(), "1/2/and 3 more");
        assert_eq!(e.eval::<Array>("last(first([1, 2, 3, 4], 3), 2)").unwrap().len(), 2);
        assert_eq!(e.eval::<Array>("first([1], 5)").unwrap().len(), 1);
    }

    #[test]
    fn group_maps_values_to_their_events_in_one_pass() {
        let e = engine();
        let mut scope = rhai::Scope::new();
        let evs: Array = [("a", 1i64), ("b", 2), ("a", 3), ("", 4)]
            .iter()
            .map(|(ip, t)| {
                let mut m = Map::new();
                if !ip.is_empty() {
                    m.insert("ip".into(), (*ip).into());
                }
                m.insert("time".into(), (*t).into());
                Dynamic::from_map(m)
            })
            .collect();
        scope.push_constant("r", evs);
        let g = e.eval_with_scope::<Map>(&mut scope, "group(r, \"ip\")").unwrap();
        assert_eq!(g.len(), 2, "events without the field are left out");
        let s = e
            .eval_with_scope::<String>(
                &mut scope,
                "let g = group(r, \"ip\"); `${g.a.len()} ${g.a[1].time} ${g.b.len()}`",
            )
            .unwrap();
        assert_eq!(s, "2 3 1");
        // One call for 100,000 events in 3,000 groups (built here: building them in Rhai would
        // time the array's own size checks, not group()).
        let many: Array = (0..100_000)
            .map(|i| {
                let mut m = Map::new();
                m.insert("ip".into(), format!("10.0.{}", i % 3000).into());
                Dynamic::from_map(m)
            })
            .collect();
        let mut scope = rhai::Scope::new();
        scope.push_constant("many", many);
        let n = budgeted(100_000, || e.eval_with_scope::<i64>(&mut scope, "group(many, \"ip\").len()")).unwrap();
        assert_eq!(n, 3000);
    }

    #[test]
    fn templates_interpolate_and_escape() {
        let e = engine();
        let src = template_source("at ${hhmm(ceil_minute(1718172004000 + minutes(10)))} `x`");
        assert_eq!(e.eval::<String>(&src).unwrap(), "at 06:11 `x`");
    }

    #[test]
    fn closures_see_scope_constants_and_clusters_work() {
        let e = engine();
        let mut scope = rhai::Scope::new();
        let evs: Array = [0i64, 5_000, 9_000, 400_000]
            .iter()
            .map(|t| {
                let mut m = Map::new();
                m.insert("time".into(), (*t).into());
                Dynamic::from_map(m)
            })
            .collect();
        scope.push_constant("r", evs);
        let n = e.eval_with_scope::<i64>(&mut scope, "[1].map(|x| cluster(r, 6000, 60000).len())[0]").unwrap();
        assert_eq!(n, 3);
        let last = e.eval_with_scope::<i64>(&mut scope, "cluster(r, 390000, 60000)[-1].time").unwrap();
        assert_eq!(last, 400_000);
    }
}
