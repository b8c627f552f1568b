//! A finding's timeline as inline SVG: one time axis (UTC), one lane per input, one mark per
//! event, the deciding pairs joined by a line. No script: the tooltips are SVG `<title>`s.
//!
//! Each lane also shows the clock its log was written in (the ticks again, in that zone), so
//! that "06:00 on the RT server" and "04:00 UTC on the marketing server" are seen to be one
//! moment. Past [`MAX_MARKS`] events in one row the marks become buckets (a bar per slice of
//! the axis, its height the count), so that 10,000 events stay a few hundred elements.

use super::escape::{attr, text};
use kbdiag_engine::report::{Finding, Report, TimelineEvent};
use kbdiag_engine::time::{local, offset_label, rfc3339};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Events in one row (an input's symptom) drawn one by one; past this, in buckets.
pub const MAX_MARKS: usize = 500;
/// Buckets across the axis when a row is aggregated.
const BUCKETS: usize = 200;
/// Pair lines drawn at most (the table under the drawing counts them all).
const MAX_LINES: usize = 300;
/// Pairs listed in the table under the drawing.
const MAX_PAIR_ROWS: usize = 12;

// The drawing's geometry, in viewBox units (the SVG scales to the page's width).
const WIDTH: f64 = 1000.0;
const LEFT: f64 = 210.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const ROW: f64 = 22.0;
const LANE_PAD: f64 = 18.0;
const MARK_H: f64 = 14.0;
/// A lane is at least this tall: its label is three lines (name, format, clock).
const LANE_MIN: f64 = 50.0;

/// A row of the drawing: the events of one symptom in one input.
struct Row {
    symptom: usize,
    events: Vec<usize>,
    y: f64,
}

/// A lane: one input, its rows, its clock.
struct Lane {
    input: usize,
    top: f64,
    height: f64,
    rows: Vec<usize>,
    /// The offsets its events were written at (several across a DST change).
    offsets: BTreeSet<i32>,
    /// Some event had no zone on its line: the reader's zone was assumed.
    assumed: bool,
}

/// The time span drawn, in UTC ms, padded so marks at the ends are not on the frame.
#[derive(Clone, Copy)]
struct Span {
    from: i64,
    to: i64,
}

impl Span {
    fn of(times: impl Iterator<Item = i64>) -> Option<Span> {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for t in times {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        if lo > hi {
            return None;
        }
        // A little room at the ends; one moment alone gets five minutes either side.
        let pad = if hi == lo { 5 * 60_000 } else { ((hi - lo) / 30).max(500) };
        Some(Span { from: lo - pad, to: hi + pad })
    }

    fn x(&self, t: i64) -> f64 {
        let w = WIDTH - LEFT - RIGHT;
        LEFT + w * (t - self.from) as f64 / (self.to - self.from).max(1) as f64
    }
}

/// Tick steps, in ms: the first that gives at most 8 ticks is used.
const STEPS: [i64; 19] = [
    1_000,
    5_000,
    15_000,
    60_000,
    5 * 60_000,
    15 * 60_000,
    30 * 60_000,
    3_600_000,
    2 * 3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    2 * 86_400_000,
    7 * 86_400_000,
    14 * 86_400_000,
    30 * 86_400_000,
    91 * 86_400_000,
    365 * 86_400_000,
];

fn ticks(span: Span) -> (Vec<i64>, &'static str) {
    let range = span.to - span.from;
    let step = STEPS.iter().copied().find(|s| range / s <= 8).unwrap_or(365 * 86_400_000);
    let first = span.from.div_euclid(step) * step + if span.from.rem_euclid(step) == 0 { 0 } else { step };
    let ticks: Vec<i64> = (0..).map(|i| first + i * step).take_while(|&t| t <= span.to).collect();
    let layout = if step >= 86_400_000 {
        "%Y-%m-%d"
    } else if range > 86_400_000 {
        "%m-%d %H:%M"
    } else if step >= 60_000 {
        "%H:%M"
    } else {
        "%H:%M:%S"
    };
    (ticks, layout)
}

/// "UTC", "+02:00", "+01:00 / +02:00" (a DST change), or "zone unknown".
fn clock_label(offsets: &BTreeSet<i32>) -> String {
    if offsets.is_empty() {
        return "zone not written".into();
    }
    offsets
        .iter()
        .map(|o| if *o == 0 { "UTC".to_string() } else { format!("UTC{}", offset_label(*o)) })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// `2024-06-12T04:00:04.118Z`, and the wall clock the line was written in when it is not UTC.
pub fn both_clocks(e: &TimelineEvent) -> (String, Option<String>) {
    let Some(t) = e.utc_ms else { return ("(no time)".into(), None) };
    let written = e.offset_s.filter(|o| *o != 0).map(|o| local(t, o, "%Y-%m-%d %H:%M:%S%.3f %:z"));
    (rfc3339(t), written)
}

fn short_path(p: &str) -> String {
    const KEEP: usize = 27;
    let n = p.chars().count();
    if n <= KEEP {
        return p.to_string();
    }
    format!("…{}", p.chars().skip(n - KEEP + 1).collect::<String>())
}

/// The timeline of a finding: a `<figure>` with the SVG, its legend, the deciding pairs in
/// both clocks and the zone warnings of the inputs drawn. Empty when no event has a time.
pub fn render(f: &Finding, r: &Report) -> String {
    let tl = &f.timeline;
    let ev = &tl.events;
    let Some(span) = Span::of(ev.iter().filter_map(|e| e.utc_ms)) else {
        return if ev.is_empty() {
            String::new()
        } else {
            "<p class=\"note\">No event of this finding has a readable time: no timeline.</p>\n".into()
        };
    };
    let d = draw(f, r, span, false);
    let mut s = String::from("<figure class=\"timeline\">\n");
    s.push_str(&d.svg);
    s.push_str(&legend(f, d.bucketed, tl.pairs.len(), d.drawn));
    let timed = ev.iter().filter(|e| e.utc_ms.is_some()).count();
    let untimed = ev.len() - timed;
    if untimed > 0 {
        let _ = writeln!(s, "<p class=\"note\">{untimed} event(s) without a readable time are not on the axis.</p>");
    }
    let _ = writeln!(s, "</figure>");
    s.push_str(&close_up(f, r, span));
    s.push_str(&pairs_table(f, r));
    s.push_str(&zone_notes(&d.lanes, r));
    s
}

/// A close-up around the first deciding pair, when the whole span is too long to tell its
/// two events apart (KA-05406: an error 3 s after a restart, on a 3-day axis).
fn close_up(f: &Finding, r: &Report, whole: Span) -> String {
    let tl = &f.timeline;
    let Some(&(a, b)) = tl.pairs.first() else { return String::new() };
    let (Some(ta), Some(tb)) = (tl.events[a].utc_ms, tl.events[b].utc_ms) else { return String::new() };
    if whole.to - whole.from <= 2 * 3_600_000 {
        return String::new();
    }
    // Wide enough to show what is around the pair (a restart's stop and start), narrow
    // enough that seconds apart are seen apart.
    let pad = (3 * (tb - ta).abs()).clamp(ZOOM_MIN, ZOOM_MAX);
    let span = Span { from: ta.min(tb) - pad, to: ta.max(tb) + pad };
    let d = draw(f, r, span, true);
    format!(
        "<figure class=\"timeline close-up\">\n{}<figcaption class=\"legend\">Close-up: {} either side of the first deciding pair ({} UTC).</figcaption>\n</figure>\n",
        d.svg,
        text(&kbdiag_engine::duration::human(pad)),
        text(&rfc3339(ta))
    )
}

/// The close-up shows three times the pair's distance either side of it, within these bounds.
const ZOOM_MIN: i64 = 20_000;
const ZOOM_MAX: i64 = 15 * 60_000;

/// One SVG drawing and what the text around it needs to know.
struct Drawing {
    svg: String,
    lanes: Vec<Lane>,
    bucketed: bool,
    drawn: usize,
}

/// The SVG of the events within `span`: lanes, axis, marks (`mark`, or `zmark` in a close-up,
/// so that the main drawing alone has one `mark` per event), pair lines.
fn draw(f: &Finding, r: &Report, span: Span, zoom: bool) -> Drawing {
    let tl = &f.timeline;
    let ev = &tl.events;
    // Lanes in input order; rows in symptom order within a lane.
    let mut by_row: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, e) in ev.iter().enumerate() {
        if e.utc_ms.is_some_and(|t| span.from <= t && t <= span.to) {
            by_row.entry((e.input, e.symptom)).or_default().push(i);
        }
    }
    let mut lanes: Vec<Lane> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut y = TOP + 8.0;
    for ((input, symptom), events) in by_row {
        if lanes.last().is_none_or(|l| l.input != input) {
            if let Some(l) = lanes.last_mut() {
                y = y.max(l.top + LANE_MIN);
                l.height = y - l.top + LANE_PAD / 2.0;
                y += LANE_PAD;
            }
            lanes.push(Lane {
                input,
                top: y - 4.0,
                height: 0.0,
                rows: Vec::new(),
                offsets: BTreeSet::new(),
                assumed: false,
            });
            y += 14.0; // the lane's own clock, above its rows
        }
        let Some(lane) = lanes.last_mut() else { continue };
        for &i in &events {
            if let Some(o) = ev[i].offset_s {
                lane.offsets.insert(o);
            }
            lane.assumed |= ev[i].assumed;
        }
        lane.rows.push(rows.len());
        rows.push(Row { symptom, events, y: y + ROW / 2.0 });
        y += ROW;
    }
    if let Some(l) = lanes.last_mut() {
        y = y.max(l.top + LANE_MIN);
        l.height = y - l.top + LANE_PAD / 2.0;
    }
    let height = y + LANE_PAD + 24.0;
    let (tick_times, layout) = ticks(span);
    let timed: usize = rows.iter().map(|r| r.events.len()).sum();
    let (svg_class, mark) = if zoom { ("tl zoom", "zmark") } else { ("tl", "mark") };

    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"{svg_class}\" viewBox=\"0 0 {WIDTH} {height:.0}\" role=\"img\" aria-label=\"Timeline of {} event(s)\" data-events=\"{timed}\" data-pairs=\"{}\" preserveAspectRatio=\"xMinYMin meet\">",
        timed,
        tl.pairs.len()
    );
    // Lanes: a band, the input's name and its clock.
    for (n, l) in lanes.iter().enumerate() {
        let inp = r.inputs.get(l.input);
        let path = inp.map_or("", |i| i.path.as_str());
        let fmt = inp.map(|i| match &i.role {
            Some(role) => format!("{}/{}", i.format, role),
            None => i.format.clone(),
        });
        let _ = writeln!(
            s,
            "<g class=\"lane{}\" data-input=\"{}\"><rect class=\"band\" x=\"0\" y=\"{:.1}\" width=\"{WIDTH}\" height=\"{:.1}\"/>",
            if n % 2 == 1 { " odd" } else { "" },
            l.input,
            l.top,
            l.height
        );
        let _ = writeln!(
            s,
            "<text class=\"lname\" x=\"8\" y=\"{:.1}\"><title>{}</title>{}</text>",
            l.top + 16.0,
            text(path),
            text(&short_path(path))
        );
        let _ = writeln!(
            s,
            "<text class=\"lsub\" x=\"8\" y=\"{:.1}\">{}</text>",
            l.top + 30.0,
            text(&fmt.unwrap_or_default())
        );
        let clock = clock_label(&l.offsets);
        let _ = writeln!(
            s,
            "<text class=\"lclock{}\" x=\"8\" y=\"{:.1}\">{}{}</text>",
            if l.assumed { " assumed" } else { "" },
            l.top + 44.0,
            text(&clock),
            if l.assumed { " (zone assumed)" } else { "" }
        );
        // The lane's own clock at each tick, when it is not UTC.
        if let Some(&o) = l.offsets.iter().next().filter(|o| **o != 0) {
            for &t in tick_times.iter().filter(|&&t| span.x(t) < WIDTH - 60.0) {
                let _ = writeln!(
                    s,
                    "<text class=\"ltick\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    span.x(t) + 3.0,
                    l.top + 11.0,
                    // A date alone would hide that the lane's midnight is not UTC's.
                    local(t, o, if layout == "%Y-%m-%d" { "%m-%d %H:%M" } else { layout })
                );
            }
        }
        let _ = writeln!(s, "</g>");
    }
    // The axis: grid lines and UTC labels, top and bottom.
    let _ = writeln!(s, "<g class=\"axis\">");
    let _ = writeln!(s, "<text class=\"axis-title\" x=\"8\" y=\"{:.1}\">UTC</text>", TOP - 12.0);
    for &t in tick_times.iter().filter(|&&t| span.x(t) < WIDTH - 60.0) {
        let x = span.x(t);
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            TOP - 6.0,
            height - 20.0,
            x + 3.0,
            TOP - 12.0,
            local(t, 0, layout),
            x + 3.0,
            height - 6.0,
            local(t, 0, layout)
        );
    }
    let _ = writeln!(s, "</g>");
    // Marks (or buckets), remembering where each event was drawn for the pair lines.
    let mut at: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    let mut bucketed = false;
    for row in &rows {
        let name = tl.symptoms.get(row.symptom).map_or("", String::as_str);
        let class = format!("s{}", row.symptom % 6);
        if row.events.len() <= MAX_MARKS {
            for &i in &row.events {
                let e = &ev[i];
                let Some(t) = e.utc_ms else { continue };
                let x = span.x(t);
                at.insert(i, (x, row.y));
                let (utc, written) = both_clocks(e);
                let path = r.inputs.get(e.input).map_or("", |i| i.path.as_str());
                let _ = writeln!(
                    s,
                    "<rect class=\"{mark} {class}{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"3\" height=\"{MARK_H}\" data-symptom=\"{}\" data-input=\"{}\" data-line=\"{}\" data-utc=\"{utc}\"{}><title>{} · {}:{} · {utc}{}</title></rect>",
                    if e.decisive { " decisive" } else { "" },
                    x - 1.5,
                    row.y - MARK_H / 2.0,
                    attr(name),
                    e.input,
                    e.line,
                    written.as_ref().map(|w| format!(" data-written=\"{}\"", attr(w))).unwrap_or_default(),
                    text(name),
                    text(path),
                    e.line,
                    written.as_ref().map(|w| format!(" · written {}", text(w))).unwrap_or_default()
                );
            }
        } else {
            bucketed = true;
            let slice = ((span.to - span.from) / BUCKETS as i64).max(1);
            let mut buckets: BTreeMap<i64, (u64, bool, Vec<usize>)> = BTreeMap::new();
            for &i in &row.events {
                let Some(t) = ev[i].utc_ms else { continue };
                let b = (t - span.from) / slice;
                let entry = buckets.entry(b).or_default();
                entry.0 += 1;
                entry.1 |= ev[i].decisive;
                entry.2.push(i);
            }
            let most = buckets.values().map(|b| b.0).max().unwrap_or(1).max(1);
            for (b, (n, decisive, members)) in &buckets {
                let t0 = span.from + b * slice;
                let x0 = span.x(t0);
                let w = (span.x(t0 + slice) - x0).max(1.0);
                // Height by the square root of the count: one event stays visible beside a thousand.
                let h = 3.0 + (MARK_H + 4.0 - 3.0) * ((*n as f64) / most as f64).sqrt();
                for &i in members {
                    at.insert(i, (x0 + w / 2.0, row.y));
                }
                let _ = writeln!(
                    s,
                    "<rect class=\"bucket {class}{}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" data-symptom=\"{}\" data-count=\"{n}\"><title>{} · {n} event(s) from {} to {}</title></rect>",
                    if *decisive { " decisive" } else { "" },
                    row.y + MARK_H / 2.0 + 2.0 - h,
                    attr(name),
                    text(name),
                    rfc3339(t0),
                    rfc3339(t0 + slice)
                );
            }
        }
    }
    // The deciding pairs: a line from each `a` to its `b` (deduplicated where marks are
    // buckets, at most MAX_LINES).
    let mut drawn: BTreeSet<(i64, i64, i64, i64)> = BTreeSet::new();
    let mut lines = String::new();
    for &(a, b) in &tl.pairs {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (at.get(&a), at.get(&b)) else { continue };
        let key = ((x1 * 10.0) as i64, (y1 * 10.0) as i64, (x2 * 10.0) as i64, (y2 * 10.0) as i64);
        if drawn.len() >= MAX_LINES || !drawn.insert(key) {
            continue;
        }
        let delta = match (ev[a].utc_ms, ev[b].utc_ms) {
            (Some(ta), Some(tb)) => kbdiag_engine::duration::human((tb - ta).abs()),
            _ => String::new(),
        };
        let _ = writeln!(
            lines,
            "<line class=\"pair\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" data-a=\"{a}\" data-b=\"{b}\"><title>{} apart</title></line>",
            text(&delta)
        );
    }
    s.push_str(&lines);
    let _ = writeln!(s, "</svg>");
    Drawing { svg: s, lanes, bucketed, drawn: drawn.len() }
}

/// The symptoms' colours, what a bold mark and a line mean, and what was aggregated.
fn legend(f: &Finding, bucketed: bool, pairs: usize, drawn: usize) -> String {
    let mut s = String::from("<figcaption class=\"legend\">");
    let present: BTreeSet<usize> = f.timeline.events.iter().map(|e| e.symptom).collect();
    for i in present {
        let name = f.timeline.symptoms.get(i).map_or("", String::as_str);
        let n = f.timeline.events.iter().filter(|e| e.symptom == i).count();
        let _ = write!(s, "<span class=\"key s{}\"><i></i>{} ({n})</span> ", i % 6, text(name));
    }
    s.push_str("<span class=\"key decisive\"><i></i>decisive</span> ");
    if pairs > 0 {
        let _ = write!(s, "<span class=\"key pair\"><i></i>deciding pair ({pairs})</span> ");
    }
    if bucketed {
        let _ = write!(
            s,
            "<span class=\"note\">Rows of more than {MAX_MARKS} events are drawn as {BUCKETS} buckets; a bar's height grows with its count.</span> "
        );
    }
    if drawn < pairs {
        let _ = write!(s, "<span class=\"note\">{drawn} distinct pair line(s) drawn for {pairs} pair(s).</span>");
    }
    s.push_str("</figcaption>\n");
    s
}

/// The deciding pairs, each time in UTC and in the clock its log was written in.
fn pairs_table(f: &Finding, r: &Report) -> String {
    let tl = &f.timeline;
    if tl.pairs.is_empty() {
        return String::new();
    }
    let name = |i: usize| tl.symptoms.get(tl.events[i].symptom).map_or("", String::as_str).to_string();
    let (a0, b0) = tl.pairs[0];
    let mut s = format!(
        "<table class=\"pairs\"><caption>Deciding pairs: each <b>{}</b> and its <b>{}</b></caption>\n<thead><tr><th>{}</th><th>written</th><th>{}</th><th>written</th><th>apart</th></tr></thead><tbody>\n",
        text(&name(a0)),
        text(&name(b0)),
        text(&name(a0)),
        text(&name(b0))
    );
    let cell = |i: usize| {
        let e = &tl.events[i];
        let (utc, written) = both_clocks(e);
        let path = r.inputs.get(e.input).map_or("", |i| i.path.as_str());
        format!(
            "<td><time>{}</time><br><small>{}:{}</small></td><td>{}</td>",
            text(&utc),
            text(path),
            e.line,
            written.map(|w| text(&w)).unwrap_or_else(|| "UTC".into())
        )
    };
    for &(a, b) in tl.pairs.iter().take(MAX_PAIR_ROWS) {
        let delta = match (tl.events[a].utc_ms, tl.events[b].utc_ms) {
            (Some(ta), Some(tb)) => {
                let d = tb - ta;
                format!("{} {}", kbdiag_engine::duration::human(d.abs()), if d >= 0 { "after" } else { "before" })
            }
            _ => String::new(),
        };
        let _ = writeln!(s, "<tr>{}{}<td>{}</td></tr>", cell(a), cell(b), text(&delta));
    }
    if tl.pairs.len() > MAX_PAIR_ROWS {
        let _ = writeln!(
            s,
            "<tr><td colspan=\"5\" class=\"note\">and {} more pair(s)</td></tr>",
            tl.pairs.len() - MAX_PAIR_ROWS
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

/// The zone warnings of the inputs drawn: a time read in an assumed zone may be hours off.
fn zone_notes(lanes: &[Lane], r: &Report) -> String {
    let mut s = String::new();
    for l in lanes {
        let Some(i) = r.inputs.get(l.input) else { continue };
        for w in i
            .warnings
            .iter()
            .filter(|w| super::code(w.code) == "zone_assumed" || super::code(w.code) == "dst_ambiguous")
        {
            let _ =
                writeln!(s, "<p class=\"warn zone\"><b>Zone assumed</b> {}: {}</p>", text(&i.path), text(&w.message));
        }
    }
    s
}
