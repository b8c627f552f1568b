//! Times a DST change makes ambiguous: the hour repeated when clocks go back (read as its
//! earlier instant) and the hour skipped when they go forward (read with the offset before the
//! gap). A verdict that rests on such times holds under one reading only: the rule is judged
//! again with those events left out (does a confirmation need them?) and with them moved by an
//! hour either way (their other reading), and when any of these changes a `confirmed` or a
//! `ruled_out`, the outcome is `possible`, and the reason names the first such line.

use super::{judge, Judgement, Outcome};
use crate::cond::Evaluator;
use crate::event::Event;
use crate::pack::Rule;
use crate::report::InputSummary;

const HOUR_MS: i64 = 3_600_000;

/// The ways the ambiguous events are read again.
#[derive(Clone, Copy)]
enum Reading {
    Without,
    Moved(i64),
}

fn variant(hits: &[Vec<Event>], r: Reading) -> Vec<Vec<Event>> {
    hits.iter()
        .map(|evs| {
            let mut out: Vec<Event> = Vec::with_capacity(evs.len());
            for e in evs {
                match (e.time.filter(|t| t.dst), r) {
                    (None, _) => out.push(e.clone()),
                    (Some(_), Reading::Without) => {}
                    (Some(mut t), Reading::Moved(ms)) => {
                        t.utc_ms += ms;
                        out.push(Event { time: Some(t), ..e.clone() });
                    }
                }
            }
            out.sort_by_key(Event::key);
            out
        })
        .collect()
}

/// Judge `rule` again under the other readings of its ambiguous times; `j` becomes
/// `possible` when one of them changes its verdict.
pub fn recheck(rule: &Rule, hits: &[Vec<Event>], inputs: &[InputSummary], j: &mut Judgement) {
    let was = j.outcome;
    if !matches!(was, Outcome::Confirmed | Outcome::RuledOut) {
        return;
    }
    let ambiguous: Vec<&Event> = hits.iter().flatten().filter(|e| e.time.is_some_and(|t| t.dst)).collect();
    let (Some(first), n) = (ambiguous.iter().min_by_key(|e| e.key()), ambiguous.len()) else {
        return;
    };
    // Clocks move by an hour almost everywhere, by half an hour on Lord Howe Island.
    let moves = [HOUR_MS, -HOUR_MS, HOUR_MS / 2, -HOUR_MS / 2].map(Reading::Moved);
    let readings: Vec<Reading> = if was == Outcome::Confirmed {
        std::iter::once(Reading::Without).chain(moves).collect()
    } else {
        moves.to_vec()
    };
    for r in readings {
        let h: crate::script::Hits = std::sync::Arc::new(variant(hits, r));
        let mut ev = Evaluator::new(rule, &h, inputs);
        let again = judge(rule, &h, inputs, &mut ev);
        if again.outcome == was {
            continue;
        }
        let how = match r {
            Reading::Without => "without them".to_string(),
            Reading::Moved(ms) => {
                format!("read {} {}", crate::duration::human(ms.abs()), if ms > 0 { "later" } else { "earlier" })
            }
        };
        let at = inputs.get(first.input).map_or(String::new(), |i| format!("{}:{}", i.path, first.line));
        j.outcome = Outcome::Possible;
        j.missing.push(format!(
            "{n} of its events have a local time that a DST change makes ambiguous or skips (first: {at}), and {how} the rule would not be {}: which hour the clock showed decides it; check the order of the lines around the change, or give the log's offset",
            if was == Outcome::Confirmed { "confirmed" } else { "ruled out" }
        ));
        return;
    }
}
