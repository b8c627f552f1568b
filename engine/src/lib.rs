//! kbdiag's engine. Data flows one way, one module per stage:
//!
//! paths → [`input`] → candidate events ([`scan`], using [`format`](mod@format)) → condition results
//! (`cond`) → rule outcomes ([`judge`]) → filled-in texts (`render`) → [`report`].
//!
//! The engine knows no product: formats and rules come from packs ([`pack`]). To embed it,
//! start at [`Engine`].

// Input reaches almost every path of the engine: no unwrap/expect outside tests. The one
// `expect` left (a built-in regex literal in format.rs) says why it cannot fail.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub(crate) mod cond;
mod copies;
pub mod duration;
pub(crate) mod event;
pub mod explain;
mod findings;
pub mod format;
pub mod input;
pub mod judge;
pub(crate) mod layout;
pub mod pack;
pub mod prose;
pub(crate) mod render;
pub mod report;
pub mod scan;
pub(crate) mod script;
pub mod settle;
pub(crate) mod structured;
pub mod time;
pub mod triage;
pub mod unexplained;
pub mod warning;

use cond::Evaluator;
use event::Event;
use judge::{Judgement, Outcome};
use pack::RuleSet;
use report::{ErrorEntry, Finding, Report, RuledOut, Stats, Tool};
use scan::{InputSummary, Prefilter, ScanOptions};
use std::collections::BTreeMap;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Evidence lines shown per finding by default: the first and the last ten.
pub const DEFAULT_EVIDENCE: usize = 10;

/// What a run reads: a path (file, folder, archive, `-` for stdin), bytes in memory, or a
/// reader (read to its end, then treated like bytes: archives and compressed data are
/// recognised by content).
#[non_exhaustive]
pub enum Source {
    Path(String),
    Bytes { name: String, data: Vec<u8> },
    Reader { name: String, reader: Box<dyn std::io::Read + Send> },
}

/// Options of a run (zones, language, threads, evidence and archive limits ...).
pub type RunOptions = ScanOptions;

/// The engine to embed: rule packs loaded once, then any number of runs, each from paths,
/// bytes or readers, each giving the same [`Report`] the CLI prints as JSON.
///
/// ```
/// use kbdiag_engine::{Engine, RunOptions, Source};
/// use kbdiag_engine::pack::PackFiles;
///
/// let rule = "id: disk-full\nkb: {article: KA-1}\ntitle: Disk full\n\
///             symptoms:\n  full: {contains: ['No space left on device']}\n\
///             require: full\ntext: {cause: The disk is full., steps: ['Free some space.']}\n";
/// let pack = PackFiles {
///     origin: "example".into(),
///     files: vec![
///         ("pack.yaml".into(), "name: example\nversion: 0.1.0\n".into()),
///         ("rules/disk-full.yaml".into(), rule.into()),
///     ],
/// };
/// let engine = Engine::from_packs(vec![pack]).expect("the pack loads");
/// let log = b"2024-06-12T06:00:00Z write failed: No space left on device\n".to_vec();
/// let report = engine.diagnose(vec![Source::Bytes { name: "app.log".into(), data: log }], &RunOptions::default());
/// assert_eq!(report.findings.len(), 1);
/// assert_eq!(report.findings[0].kb, "KA-1");
/// assert_eq!(report.findings[0].steps, ["Free some space."]);
/// ```
pub struct Engine {
    rules: RuleSet,
}

impl Engine {
    /// An engine over rules already loaded (errors in `rules.errors` are reported by each run).
    pub fn new(rules: RuleSet) -> Engine {
        Engine { rules }
    }

    /// Load packs; any load error is returned, with every other one.
    pub fn from_packs(packs: Vec<pack::PackFiles>) -> Result<Engine, Vec<pack::LoadError>> {
        let mut set = RuleSet::default();
        for p in packs {
            set.add(p);
        }
        if set.errors.is_empty() {
            Ok(Engine { rules: set })
        } else {
            Err(set.errors)
        }
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Diagnose and return the report.
    pub fn diagnose(&self, sources: Vec<Source>, opts: &RunOptions) -> Report {
        self.run(sources, opts).report
    }

    /// Diagnose and return everything the run produced (the report, and per rule the events
    /// and judgement `explain` shows).
    pub fn run(&self, sources: Vec<Source>, opts: &RunOptions) -> Run {
        let mut inputs = Vec::new();
        let mut problems = Vec::new();
        for s in sources {
            match s {
                Source::Path(p) => {
                    let (i, pp) = input::collect_with(std::slice::from_ref(&p), opts.archive_limits);
                    inputs.extend(i);
                    problems.extend(pp);
                }
                Source::Bytes { name, data } => inputs.extend(input::from_bytes(&name, data, opts.archive_limits)),
                Source::Reader { name, reader } => {
                    let mut data = Vec::new();
                    let cap = opts.archive_limits.max_bytes;
                    match std::io::Read::read_to_end(&mut std::io::Read::take(reader, cap), &mut data) {
                        Ok(_) => inputs.extend(input::from_bytes(&name, data, opts.archive_limits)),
                        Err(e) => problems.push(input::PathProblem { path: name, message: input::io_message(&e) }),
                    }
                }
            }
        }
        diagnose_inputs(&self.rules, inputs, problems, opts)
    }
}

/// Everything a run produced: the report, and per rule the details `explain` shows.
pub struct Run {
    pub report: Report,
    pub rules: Vec<RuleRun>,
    /// Paths given by the user that could not be used at all (a usage error for the CLI).
    pub path_problems: Vec<input::PathProblem>,
    /// Lines read, all inputs.
    pub lines: u64,
    /// With `profile`: the scan's thread time per stage, all inputs.
    pub stages: scan::Stages,
}

/// One rule's evaluation.
pub struct RuleRun {
    pub rule: usize,
    pub outcome: Outcome,
    pub judgement: Judgement,
    /// Per symptom, the events, sorted by time.
    pub hits: script::Hits,
    /// Per symptom, lines it turned down (only when asked for, see `ScanOptions::keep_rejects`).
    pub rejects: Vec<(u64, Vec<scan::Reject>)>,
    /// Candidate lines examined for the rule's symptoms, and nanoseconds spent on them and on
    /// judging the rule (measured with `ScanOptions::profile` only).
    pub candidates: u64,
    pub nanos: u64,
    pub error: Option<String>,
    /// The lines (input, line) the judgement rests on: what a finding of this rule explains
    /// besides the lines of the symptoms its `require` names (see [`unexplained`]).
    pub used: Vec<(usize, u64)>,
}

/// Diagnose the given paths with the loaded rules.
pub fn diagnose(set: &RuleSet, paths: &[String], opts: &ScanOptions) -> Run {
    let (inputs, path_problems) = input::collect_with(paths, opts.archive_limits);
    diagnose_inputs(set, inputs, path_problems, opts)
}

/// Diagnose inputs already collected (or made in memory with [`input::Origin::Bytes`]).
pub fn diagnose_inputs(
    set: &RuleSet,
    mut inputs: Vec<input::Input>,
    path_problems: Vec<input::PathProblem>,
    opts: &ScanOptions,
) -> Run {
    let started = std::time::Instant::now();
    if let Some(base) = &opts.relative_to {
        for i in &mut inputs {
            if let Some(rest) = i.display.strip_prefix(base.as_str()) {
                i.display = rest.trim_start_matches(['/', '\\']).to_string();
            }
        }
    }
    let pf = Prefilter::new(&set.rules);
    // `--param`: formats whose line layout is a parameter, made for this run.
    let (formats, param_errors) = match format::with_params(&set.formats, &opts.params) {
        Ok(f) => (f, Vec::new()),
        Err(e) => (set.formats.clone(), e),
    };

    let mut summaries: Vec<InputSummary> = Vec::with_capacity(inputs.len());
    // Per input, the lines of symptoms that could not read it ([`scan::Scanned::unread`]).
    let mut unread: Vec<scan::Unread> = Vec::with_capacity(inputs.len());
    let mut hits: Vec<Vec<Vec<Event>>> = set.rules.iter().map(|r| vec![Vec::new(); r.symptoms.len()]).collect();
    let mut rejects: Vec<Vec<(u64, Vec<scan::Reject>)>> =
        set.rules.iter().map(|r| vec![(0, Vec::new()); r.symptoms.len()]).collect();
    let mut turned_away: Vec<Vec<u64>> = set.rules.iter().map(|r| vec![0; r.symptoms.len()]).collect();
    let mut cost: std::collections::BTreeMap<event::SymRef, (u64, u64)> = std::collections::BTreeMap::new();
    let mut stages = scan::Stages::default();
    let scanned = scan::scan_all(&inputs, &set.rules, &formats, &pf, opts);
    // Each symptom's events from every input in one list. The largest input's list is taken
    // whole and grown to hold the others (a large block grows in place), and each other list
    // is dropped once copied: at the peak, about the events once and one input's share again,
    // not twice or three times the events as copying everything into fresh lists would be.
    let mut parts: Vec<Vec<Vec<Vec<Event>>>> = set.rules.iter().map(|r| vec![Vec::new(); r.symptoms.len()]).collect();
    let mut forms = triage::Forms::default();
    // How each input's lines were read, to read them again for gaps (see below).
    let mut readings: Vec<Option<scan::Reading>> = Vec::new();
    for mut s in scanned {
        readings.push(s.reading.take());
        stages.add(&s.stages);
        forms.merge(std::mem::take(&mut s.forms));
        for (sref, (n, ns)) in s.cost {
            let c = cost.entry(sref).or_default();
            c.0 += n;
            c.1 += ns;
        }
        for (sref, n) in std::mem::take(&mut s.turned_away) {
            turned_away[sref.rule][sref.symptom] += n;
        }
        for (sref, (n, mut kept)) in s.rejects {
            let slot = &mut rejects[sref.rule][sref.symptom];
            slot.0 += n;
            slot.1.append(&mut kept);
        }
        for (sref, evs) in s.hits {
            parts[sref.rule][sref.symptom].push(evs);
        }
        unread.push(std::mem::take(&mut s.unread));
        summaries.push(s.summary);
    }
    for (per_rule, parts) in hits.iter_mut().zip(parts) {
        for (evs, mut lists) in per_rule.iter_mut().zip(parts) {
            let Some(big) = (0..lists.len()).max_by_key(|&i| lists[i].len()) else { continue };
            let mut all = lists.swap_remove(big);
            if !lists.is_empty() {
                all.reserve_exact(lists.iter().map(Vec::len).sum());
                for mut l in lists {
                    all.append(&mut l);
                }
                // Keys are unique within a symptom (one event per line and input).
                all.sort_unstable_by_key(Event::key);
            }
            *evs = all;
        }
    }

    // One server's records written to several files (stderr, csvlog, jsonlog) count once.
    copies::drop_copies(&mut hits, &mut summaries);
    // One host's syslog records read from two files (syslog and kern.log, a journal export
    // beside auth.log) count once.
    // (Their texts compared: lines past the first and latest of a symptom that may have a
    // twin are read again for it.)
    let again = copies::untexted_twins(&hits, &summaries);
    if !again.is_empty() {
        copies::fill_texts(&mut hits, &scan::read_again(&inputs, &again));
    }
    copies::drop_twins(&mut hits, &mut summaries);
    for sm in &mut summaries {
        // An input not read because nothing in it is lost (a link back to a folder already
        // read: its warning loses no data) leaves the run complete.
        sm.complete = !sm.warnings.iter().any(|w| w.code.loses_data())
            && (sm.readable
                || (!sm.warnings.is_empty() && sm.warnings.iter().all(|w| w.code == warning::Code::ReadOnce)));
    }
    // Per input not read whole: why, for the findings of the rules that read it.
    let lost: Vec<Option<String>> = summaries
        .iter()
        .map(|sm| {
            (!sm.complete).then(|| {
                let why = sm.warnings.iter().find(|w| w.code.loses_data()).map_or("not read", |w| w.message.as_str());
                format!("{}: {why}", sm.path)
            })
        })
        .collect();
    let mut rules = Vec::new();
    let mut findings = Vec::new();
    let mut ruled_out = Vec::new();
    let mut errors: Vec<ErrorEntry> = set
        .errors
        .iter()
        .map(|e| ErrorEntry {
            kind: report::ErrorKind::Load,
            rule: e.rule.clone(),
            kb: None,
            file: Some(e.file.clone()),
            line: e.line,
            message: e.message.clone(),
        })
        .collect();
    errors.extend(param_errors.into_iter().map(|message| ErrorEntry {
        kind: report::ErrorKind::Load,
        rule: None,
        kb: None,
        file: None,
        line: None,
        message,
    }));
    errors.extend(path_problems.iter().map(|p| ErrorEntry {
        kind: report::ErrorKind::Input,
        rule: None,
        kb: None,
        file: Some(p.path.clone()),
        line: None,
        message: p.message.clone(),
    }));
    let mut outcomes: BTreeMap<Outcome, u64> =
        [Outcome::Confirmed, Outcome::Possible, Outcome::RuledOut, Outcome::NotMatched, Outcome::Error]
            .into_iter()
            .map(|k| (k, 0))
            .collect();
    // Rules that failed to load count as `error` outcomes too.
    let load_failed: std::collections::BTreeSet<&str> = set.errors.iter().filter_map(|e| e.rule.as_deref()).collect();
    *outcomes.entry(Outcome::Error).or_default() += load_failed.len() as u64;

    script::set_time_limit(opts.script_time.unwrap_or(script::MAX_TIME));
    for (ri, rule) in set.rules.iter().enumerate() {
        let t0 = opts.profile.then(std::time::Instant::now);
        let rh: script::Hits = std::sync::Arc::new(std::mem::take(&mut hits[ri]));
        let mut ev = Evaluator::new(rule, &rh, &summaries);
        ev.turned_away = std::mem::take(&mut turned_away[ri]);
        let mut j = judge::judge(rule, &rh, &summaries, &mut ev);
        judge::servers::recheck(rule, &rh, &summaries, &mut j);
        judge::servers::short_of_servers(rule, &rh, &summaries, &mut j);
        judge::dst::recheck(rule, &rh, &summaries, &mut j);
        // (Reading a log again is skipped once the run is cancelled: its answer is thrown away.)
        if j.outcome == Outcome::RuledOut && !cancelled(opts) {
            if let Some(why) = silence_in_gap(rule, &rh, &summaries, &inputs, &readings, &formats) {
                j.outcome = Outcome::Possible;
                j.missing.push(why);
            }
        }
        // The lines that satisfied the deciding condition are marked in the evidence.
        let decisive = report::Marks::of(&rh, &j.confirm.as_ref().filter(|c| c.ok).unwrap_or(&j.require).support);
        let keep = if opts.max_evidence == 0 { DEFAULT_EVIDENCE } else { opts.max_evidence };
        let (mut evidence, evidence_total) =
            report::select_evidence(rule, &rh, &summaries, &j.evidence, &decisive, keep);
        // The references are not read past this point: free them before the texts are
        // rendered, when a busy rule's events are also held as script values.
        let used: Vec<(usize, u64)> = j.evidence.iter().map(|&(s, k)| (rh[s][k].input, rh[s][k].line)).collect();
        j.evidence = Vec::new();
        scan::fill_texts(&mut evidence, &inputs, &summaries);
        let mut unchecked: Vec<String> = Vec::new();
        if j.outcome != Outcome::Error {
            for ci in 0..rule.conditions.len() {
                if let Some(msg) = ev.named(ci).error {
                    let name = &rule.conditions[ci].0;
                    unchecked.push(format!("condition '{name}' could not be checked: {msg}"));
                    errors.push(ErrorEntry {
                        kind: report::ErrorKind::Condition,
                        rule: Some(rule.id.clone()),
                        kb: Some(rule.kb.article.clone()),
                        file: Some(rule.file.clone()),
                        line: None,
                        message: format!("conditions.{name}: {msg}"),
                    });
                }
            }
        }
        let mut outcome = j.outcome;
        let mut error = None;
        match j.outcome {
            Outcome::Confirmed | Outcome::Possible => {
                let texts = render::fill(rule, &j, &mut ev, &rh, &summaries, opts.lang.as_deref());
                match texts {
                    Ok(t) => findings.push(Finding {
                        rule: rule.id.clone(),
                        kb: rule.kb.article.clone(),
                        title: t.title,
                        outcome: j.outcome,
                        severity: rule.severity,
                        confidence: if j.outcome == Outcome::Confirmed {
                            rule.confidence.confirmed
                        } else {
                            rule.confidence.possible
                        },
                        summary: t.summary,
                        cause: t.cause,
                        steps: t.steps,
                        evidence,
                        evidence_total,
                        missing: j.missing.iter().cloned().chain(unchecked).collect(),
                        incomplete: summaries
                            .iter()
                            .zip(&lost)
                            .filter(|(sm, _)| rule.symptoms.iter().any(|sy| sy.reads(&sm.format, sm.role.as_deref())))
                            .filter_map(|(_, l)| l.clone())
                            .collect(),
                        url: rule.kb.url.clone(),
                        superseded: Vec::new(),
                        timeline: if opts.timeline {
                            report::Timeline::of(
                                rule.symptoms.iter().map(|s| s.name.clone()).collect(),
                                &rule.symptoms.iter().map(|s| s.claims_lines).collect::<Vec<_>>(),
                                &rh,
                                &decisive,
                                &j.confirm
                                    .as_ref()
                                    .filter(|c| c.ok)
                                    .unwrap_or(&j.require)
                                    .relation
                                    .pairs
                                    .iter()
                                    .map(|p| (p.a, p.b))
                                    .collect::<Vec<_>>(),
                            )
                        } else {
                            report::Timeline::default()
                        },
                    }),
                    Err(msg) => {
                        // A text that cannot be filled makes the rule's outcome `error`.
                        outcome = Outcome::Error;
                        error = Some(msg);
                    }
                }
            }
            Outcome::RuledOut => ruled_out.push(RuledOut {
                rule: rule.id.clone(),
                kb: rule.kb.article.clone(),
                title: rule.title.clone(),
                reason: j.reason.clone(),
                evidence,
            }),
            Outcome::Error => error = Some(j.reason.clone()),
            Outcome::NotMatched => {}
        }
        if let Some(msg) = &error {
            errors.push(ErrorEntry {
                kind: report::ErrorKind::Rule,
                rule: Some(rule.id.clone()),
                kb: Some(rule.kb.article.clone()),
                file: Some(rule.file.clone()),
                line: None,
                message: msg.clone(),
            });
        }
        *outcomes.entry(outcome).or_default() += 1;
        let (candidates, scan_ns) = (0..rule.symptoms.len())
            .filter_map(|s| cost.get(&event::SymRef { rule: ri, symptom: s }))
            .fold((0, 0), |a, c| (a.0 + c.0, a.1 + c.1));
        let nanos = scan_ns + t0.map_or(0, |t| t.elapsed().as_nanos() as u64);
        rules.push(RuleRun {
            rule: ri,
            outcome,
            judgement: j,
            hits: rh,
            rejects: std::mem::take(&mut rejects[ri]),
            candidates,
            nanos,
            error,
            used,
        });
    }

    findings::rank(set, &mut findings, &mut ruled_out);

    // What no finding explains: the error lines of rules that did not fire, as templates.
    // Not after a cancel (a service request past its deadline, a client gone): the scan has
    // stopped, and mining and reading the logs again for context would hold a worker for an
    // answer nobody reads.
    let (unexplained, unexplained_bounded, unexplained_total) = if opts.mine && !cancelled(opts) {
        let context = context_lines(set, &rules, &readings, &formats);
        unexplained(set, &rules, &summaries, &forms, context, opts)
    } else {
        (Vec::new(), None, 0)
    };

    let lines = summaries.iter().map(|s| s.lines).sum();
    let stats = Stats {
        // Inputs with something in them: an empty file can neither show nor rule out anything.
        files: summaries.iter().filter(|s| s.readable && s.bytes > 0).count() as u64,
        bytes: summaries.iter().map(|s| s.bytes).sum(),
        events: summaries.iter().map(|s| s.events).sum(),
        rules: (set.rules.len() + load_failed.len()) as u64,
        elapsed_ms: started.elapsed().as_millis() as u64,
        lines,
        outcomes,
    };
    let mut incomplete: Vec<String> = lost.iter().flatten().cloned().collect();
    if !path_problems.is_empty() {
        incomplete.push(format!("{} path(s) given could not be used", path_problems.len()));
    }
    incomplete.extend(unusable_lines(set, &rules, &summaries, &unexplained, &unread));
    // Nothing read (an empty archive, a folder of empty files): no verdict rests on anything,
    // and a pipeline reading only `complete` must not take it for a clean bundle.
    if stats.files == 0 {
        incomplete.push(if summaries.is_empty() {
            "nothing was read: no input was given or found (an empty folder or archive?)".to_string()
        } else {
            format!("nothing was read: every one of the {} input(s) was empty or could not be read", summaries.len())
        });
    }
    let errored = stats.outcomes.get(&Outcome::Error).copied().unwrap_or(0);
    if errored > 0 {
        incomplete.push(format!("{errored} rule(s) could not be judged (see errors)"));
    }
    Run {
        report: Report {
            complete: incomplete.is_empty(),
            incomplete,
            schema: 1,
            tool: Tool { name: "kbdiag".into(), version: VERSION.into() },
            inputs: summaries,
            findings,
            ruled_out,
            errors,
            stats,
            unexplained,
            unexplained_bounded,
            unexplained_total,
            mined: opts.mine,
        },
        rules,
        path_problems,
        lines,
        stages,
    }
}

/// The product families ([`triage::kb::family`]) of the bundle's logs: of the products named
/// by the rules of the packs whose formats read them (an nlserver log is Campaign's). Generic
/// text says none.
fn bundle_products(set: &RuleSet, summaries: &[InputSummary]) -> Vec<String> {
    let packs: std::collections::BTreeSet<&str> = summaries
        .iter()
        .filter(|s| s.readable && s.format != format::GENERIC)
        .filter_map(|s| set.formats.iter().find(|f| f.id == s.format))
        .map(|f| f.pack.as_str())
        .collect();
    let mut out: Vec<String> = set
        .rules
        .iter()
        .filter(|r| packs.contains(r.pack.as_str()))
        .flat_map(|r| r.products.iter())
        .filter_map(|p| triage::kb::family(p))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Lines a rule's symptom matches in an input of its format that it cannot read only because
/// the input has no role (two logs pasted into one attachment, a file named otherwise): the
/// rule could not judge what the bundle holds, so the run is not an all-clear. A symptom whose
/// sources leave out the input's format or its known role is a choice of the rule (the same
/// text means something else there) and says nothing. Found among the unexplained templates'
/// examples (mining on), one sentence per rule, at most five.
fn unusable_lines(
    set: &RuleSet,
    rules: &[RuleRun],
    summaries: &[InputSummary],
    unexplained: &[triage::Unexplained],
    unread: &[scan::Unread],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut named = std::collections::BTreeSet::new();
    let say = |input: &InputSummary, line: u64, sym: &pack::Symptom, rule: &pack::Rule| {
        let read_as = if input.format == format::GENERIC {
            "generic text (no known log format)".to_string()
        } else {
            format!("{} with no role", input.format)
        };
        format!(
            "{}:{}: matches symptom '{}' of {} ({}), which reads {} only; this input is read as {read_as}, so the rule could not use it (if it is such a log, say so with --as)",
            input.path,
            line,
            sym.name,
            rule.kb.article,
            rule.id,
            sym.sources_text(" or "),
        )
    };
    // Lines the scan found of a symptom its rule requires, whatever their level (a line with
    // no error word is no template: hostile tester W's pasted `Start request repeated too
    // quickly` left a run complete and silent).
    // The symptoms whose lines would change a rule's verdict: those of `require`, and of
    // `confirm` once the rule stands at possible (a restart that KA-05406 cannot read in a
    // file of no role); not a confirmed rule's. By rule index.
    let wanted: std::collections::BTreeMap<usize, std::collections::BTreeSet<usize>> = rules
        .iter()
        .filter_map(|run| {
            let rule = set.rules.get(run.rule)?;
            match run.outcome {
                Outcome::Confirmed => None,
                Outcome::Possible => Some((run.rule, rule.deciding_symptoms())),
                _ => Some((run.rule, rule.required_symptoms())),
            }
        })
        .collect();
    for (input, lines) in summaries.iter().zip(unread) {
        for (&(ri, si), line) in lines {
            let Some(rule) = set.rules.get(ri).filter(|_| wanted.get(&ri).is_some_and(|w| w.contains(&si))) else {
                continue;
            };
            let Some(sym) = rule.symptoms.get(si) else { continue };
            if out.len() < 5 && named.insert(rule.id.clone()) {
                out.push(say(input, *line, sym, rule));
            }
        }
    }
    for u in unexplained {
        let Some(input) = summaries.iter().find(|s| s.path == u.example.path) else { continue };
        // Read with no role where its format has roles, or as generic text (no known format):
        // a symptom of a known format (and role) never read it.
        let no_role = input.role.is_none() && input.warnings.iter().any(|w| w.code == warning::Code::NoRole);
        let generic = input.format == format::GENERIC;
        if !no_role && !generic {
            continue;
        }
        // A possible finding too: the line it cannot read may be what would decide it (a
        // restart in a file of unknown role beside a Logon failure read as pasted text).
        for r in rules.iter().filter(|r| r.outcome != Outcome::Confirmed) {
            let Some(rule) = set.rules.get(r.rule) else { continue };
            // Only the symptoms its verdict reads (`require`, `confirm`): a line of a symptom
            // only its texts read (what PG-ARCHIVE's archive_command printed: `cp: cannot stat
            // ...`) changes no verdict, so the rule not reading it loses nothing (hostile W).
            let Some(required) = wanted.get(&r.rule) else { continue };
            let hit =
                rule.symptoms.iter().enumerate().filter(|(i, _)| required.contains(i)).map(|(_, s)| s).find(|sym| {
                    !sym.reads(&input.format, input.role.as_deref())
                        && (generic
                            || sym
                                .sources
                                .iter()
                                .any(|sel| sel.format.as_deref() == Some(input.format.as_str()) && sel.role.is_some()))
                        && sym.matches_text(&u.example.text)
                });
            let Some(sym) = hit else { continue };
            if out.len() >= 5 || !named.insert(rule.id.clone()) {
                continue;
            }
            out.push(say(input, u.example.line, sym, rule));
        }
    }
    out
}

/// Stretches without a line in a log make its silence there no evidence when they are four
/// times as long as the log's average spacing of lines (a log with a line every 37 minutes
/// silent for 3 hours was not written then, or that part is missing), at least [`MIN_GAP_MS`]
/// and twice the rule's window, and at most [`GAP_MS`] (or four times the window, if wider).
const GAP_MS: i64 = 6 * 3_600_000;
const MIN_GAP_MS: i64 = 30 * 60_000;

/// The average spacing of input `s`'s records, in ms (None with fewer than two timed ones).
fn spacing(s: &InputSummary) -> Option<i64> {
    match (s.first, s.last) {
        (Some(f), Some(l)) if s.events > 1 && l > f => Some((l - f) / (s.events as i64 - 1)),
        _ => None,
    }
}

/// The shortest hole in input `s` that makes its silence no evidence (see [`GAP_MS`]).
fn min_gap(s: &InputSummary, pad: i64) -> i64 {
    let most = GAP_MS.max(4 * pad);
    let least = MIN_GAP_MS.max(2 * pad).min(most);
    spacing(s).map_or(most, |d| (4 * d).clamp(least, most))
}

/// A `ruled_out` rests on a log's silence around the required events. If that log has no
/// line at all for hours around one of them (a rotation left out between two glued together,
/// an excerpt), its silence there is no contradiction: the sentence saying so, for `missing`.
fn silence_in_gap(
    rule: &pack::Rule,
    hits: &[Vec<Event>],
    summaries: &[InputSummary],
    inputs: &[input::Input],
    readings: &[Option<scan::Reading>],
    formats: &[pack::Format],
) -> Option<String> {
    let (eligible, anchors, pad) = judge::silent_side(rule, hits, summaries);
    for i in eligible {
        let (Some(Some(r)), Some(inp)) = (readings.get(i), inputs.get(i)) else { continue };
        let lr = r.line_reader(formats);
        if let Some((a, from, to, nul)) = scan::gap_around(inp, &lr, &anchors, pad, min_gap(&summaries[i], pad)) {
            if nul {
                return Some(format!(
                    "{}: between its lines of {} and {} the log holds a run of NUL bytes (what a crash or a truncation in place leaves where lines were), around {}: the lines of that stretch are lost, so its silence there is no contradiction",
                    summaries[i].path,
                    time::rfc3339(from),
                    time::rfc3339(to),
                    time::rfc3339(a)
                ));
            }
            return Some(format!(
                "{}: the log has no line from {} to {} ({}, against a line every {} on average), around {}: a part of it may be missing (a rotation left out, an excerpt) or it was not written then, so its silence there is no contradiction",
                summaries[i].path,
                time::rfc3339(from),
                time::rfc3339(to),
                duration::human(to - from),
                spacing(&summaries[i]).map_or("?".into(), duration::human),
                time::rfc3339(a)
            ));
        }
    }
    None
}

/// What a finding explains: the lines of the symptoms its `require` names (the problem's own
/// lines: every failed password of a brute force), the lines its judgement rests on, and the
/// lines of symptoms that no condition reads but its texts report. A line
/// of a context symptom (what `confirm` looks for) that the judgement did not use is not
/// explained by it: a mid-sourcing error a day after an IP refusal, matched as the refusal's
/// possible context but not near it, is another problem (hostile tester Q). The miner counted
/// such lines under the fired rule; they are mined again here, the full way, as lines no rule
/// explains. Lines whose text was not kept (past the first and latest events of a symptom in a
/// file) cannot be mined again: they are counted in the second value.
fn context_lines(
    set: &RuleSet,
    rules: &[RuleRun],
    readings: &[Option<scan::Reading>],
    formats: &[pack::Format],
) -> (triage::Forms, u64) {
    let mut forms = triage::Forms::default();
    let fired: Vec<&RuleRun> =
        rules.iter().filter(|r| matches!(r.outcome, Outcome::Confirmed | Outcome::Possible)).collect();
    let mut explained: std::collections::HashSet<(usize, u64)> = std::collections::HashSet::new();
    for r in &fired {
        let rule = &set.rules[r.rule];
        let mut req = std::collections::BTreeSet::new();
        judge::symptoms_of(rule, &rule.require, &mut req);
        explained.extend(r.used.iter().copied());
        // The lines of the symptoms its judgement rests on, and of those only its texts
        // report (see `Symptom::told`). Where the rule counts a symptom per group (`by: ip`),
        // only the lines of the groups its evidence holds: three failed passwords from other
        // addresses, under the threshold, beside a confirmed guesser are not its lines but
        // perhaps another problem (hostile tester Z 1: they vanished from the report).
        let told = rule.symptoms.iter().enumerate().filter(|(_, s)| s.told).map(|(i, _)| i);
        let used: std::collections::HashSet<(usize, u64)> = r.used.iter().copied().collect();
        for s in req.iter().copied().chain(told) {
            let Some(evs) = r.hits.get(s) else { continue };
            let by = group_fields(rule, s);
            if by.is_empty() {
                explained.extend(evs.iter().map(|e| (e.input, e.line)));
                continue;
            }
            let key =
                |e: &Event| -> Vec<Option<String>> { by.iter().map(|k| e.fields.get(k.as_str()).cloned()).collect() };
            // The groups of its evidence, from any of its symptoms (a guesser found by PAM's
            // lines: sshd's lines from the same address are the same guessing).
            let groups: std::collections::HashSet<Vec<Option<String>>> =
                r.hits.iter().flatten().filter(|e| used.contains(&(e.input, e.line))).map(key).collect();
            explained.extend(evs.iter().filter(|e| groups.contains(&key(e))).map(|e| (e.input, e.line)));
        }
    }
    let mut stray: std::collections::BTreeMap<(usize, u64), &Event> = std::collections::BTreeMap::new();
    for r in &fired {
        for evs in r.hits.iter() {
            for e in evs.iter().filter(|e| !explained.contains(&(e.input, e.line))) {
                stray.entry((e.input, e.line)).or_insert(e);
            }
        }
    }
    let words = triage::Words::new();
    let mut lost = 0;
    for ((input, line), e) in stray {
        if e.text.is_empty() {
            lost += 1;
            continue;
        }
        let lr = readings.get(input).and_then(Option::as_ref).map(|rd| rd.line_reader(formats));
        let parsed = lr.as_ref().and_then(|lr| lr.parse(&e.text));
        let fields = parsed.as_ref().map(|p| &p.fields);
        let msg = triage::message(fields, &e.text);
        let level = match fields.and_then(triage::field_level) {
            Some(l) => l,
            None => words.level_of(fields, msg),
        };
        let Some(level) = level else { continue };
        forms.add(level, msg, &e.text, e.time.map(|t| t.utc_ms), (input, line), Vec::new());
    }
    (forms, lost)
}

/// The fields the rule's counts of symptom `s` group by (`count: {symptom: s, by: ip}`), in
/// any of its conditions; empty when it counts it whole.
fn group_fields(rule: &pack::Rule, s: usize) -> Vec<String> {
    let mut by: Vec<String> = Vec::new();
    let mut visit = |c: &pack::Cond| {
        if let pack::Cond::Count { symptom, by: Some(f), .. } = c {
            if *symptom == s && !by.contains(f) {
                by.push(f.clone());
            }
        }
    };
    for (_, c) in &rule.conditions {
        c.walk(rule, &mut visit);
    }
    rule.require.walk(rule, &mut visit);
    by
}

/// Has the caller cancelled the run (`ScanOptions::cancel`)?
fn cancelled(opts: &ScanOptions) -> bool {
    opts.cancel.as_ref().is_some_and(|c| c())
}

/// The unexplained templates of a run (see [`triage`]): forms of rules that fired left out,
/// ranked, offered KB articles and near rules; and a sentence when the template bound was hit.
fn unexplained(
    set: &RuleSet,
    rules: &[RuleRun],
    summaries: &[InputSummary],
    forms: &triage::Forms,
    (context, lost): (triage::Forms, u64),
    opts: &ScanOptions,
) -> (Vec<triage::Unexplained>, Option<String>, u64) {
    let fired: std::collections::BTreeSet<u32> = rules
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Confirmed | Outcome::Possible))
        .map(|r| r.rule as u32)
        .collect();
    let paths: Vec<String> = summaries.iter().map(|s| s.path.clone()).collect();
    let max = if opts.max_templates == 0 { triage::MAX_TEMPLATES } else { opts.max_templates };
    let merged;
    let forms = if context.map.is_empty() {
        forms
    } else {
        let mut all = forms.clone();
        all.merge(context);
        merged = all;
        &merged
    };
    let (mut t, left_out) = triage::templates(forms, &fired, &paths, max);
    if let Some(ix) = &opts.kb {
        let prefer = bundle_products(set, summaries);
        for u in &mut t {
            u.kb = ix.search(&triage::query(u), triage::kb::MAX_HITS, triage::kb::MIN_SCORE, &prefer);
        }
    }
    let outcomes: Vec<(Outcome, String)> =
        rules.iter().map(|r| (r.outcome, r.error.clone().unwrap_or_else(|| r.judgement.reason.clone()))).collect();
    triage::near::fill(&mut t, &set.rules, &outcomes, summaries);
    // Said so that it reads right under a top N in text too (hostile tester Z 10: "10 of 20000"
    // then "19000 more past the first 1000" read as a contradiction).
    let mut bounded = (left_out > 0)
        .then(|| format!("{left_out} more template(s) counted but not listed: the list holds the first {max}"));
    if forms.dropped > 0 {
        let said = format!(
            "{} error or warning line(s) of new templates past the bound of {} were not mined (the inputs' mining_bounded warnings say where): a problem whose lines come only after them is not in this list",
            forms.dropped,
            triage::MAX_FORMS
        );
        bounded = Some(match bounded {
            Some(b) => format!("{b}; {said}"),
            None => said,
        });
    }
    if lost > 0 {
        let said = format!(
            "{lost} line(s) that matched a finding's context but were not its evidence could not be mined again (their text was not kept)"
        );
        bounded = Some(match bounded {
            Some(b) => format!("{b}; {said}"),
            None => said,
        });
    }
    let total = (t.len() + left_out) as u64;
    (t, bounded, total)
}
