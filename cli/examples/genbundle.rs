//! Deterministic generator of benchmark inputs (see docs/performance.md).
//!
//!   genbundle bundle DIR SIZE [P] an Adobe Campaign + PostgreSQL bundle of about SIZE bytes
//!                                 (e.g. 1G, 256M): six files, all three nlserver layouts, the
//!                                 workflow journal and a PostgreSQL log, with a KA-05406
//!                                 incident planted on the second day. The nlserver lines are
//!                                 two in five warnings or errors; with P (a percentage, e.g.
//!                                 3), P in a hundred (the same bundle otherwise: the bench's
//!                                 usual-share variant for the miner, docs/performance.md)
//!   genbundle pack DIR N          a synthetic rule pack of N rules (ids syn-0000 ...)
//!
//! The same arguments always give the same bytes.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

/// xorshift64*: small, fast and deterministic.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn size(s: &str) -> u64 {
    let (num, mul) = match s.chars().last() {
        Some('G') | Some('g') => (&s[..s.len() - 1], 1u64 << 30),
        Some('M') | Some('m') => (&s[..s.len() - 1], 1 << 20),
        Some('K') | Some('k') => (&s[..s.len() - 1], 1 << 10),
        _ => (s, 1),
    };
    num.parse::<u64>().expect("size like 1G, 256M") * mul
}

const DAY: u64 = 86_400_000;
const START: u64 = 1_718_150_400_000; // 2024-06-12T00:00:00Z

fn stamp(ms: u64, off_min: i64, sep: char, zone: &str) -> String {
    let local = (ms as i64 + off_min * 60_000) as u64;
    let days = local / DAY;
    let (y, m, d) = civil(days as i64 + 719_468);
    let t = local % DAY;
    format!(
        "{y:04}-{m:02}-{d:02}{sep}{:02}:{:02}:{:02}.{:03}{zone}",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1000 % 60,
        t % 1000
    )
}

/// Days since 0000-03-01 to a civil date (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

const MESSAGES: &[&str] = &[
    "Approval of content for main delivery 'Newsletter (DM{n})' by operator 'Ops (ops)'",
    "mcSynch_mcExec1 (id=11875) - {n} event(s) collected",
    "operationMgt (id=1201) - {n} job(s) submitted",
    "Starting delivery 'DM{n}' (id=88{n})",
    "{n} message(s) sent for delivery 'DM{n}'",
    "XSV-350008 Session has expired or is invalid. Please reconnect.",
    "Processed {n} event(s)",
    "cleanup (id=1502) - {n} rows purged from XtkWorkflowLog",
    "Connection seems to have been lost. Attempting to reconnect.",
];

/// One line in this many carries a synthetic-rule code (`SYN-0042-...`), spread over 1000 codes.
const SYN_EVERY: u64 = 500;

struct Out {
    w: BufWriter<File>,
    written: u64,
    budget: u64,
    t: u64,
    step: u64,
}

impl Out {
    fn new(path: &Path, budget: u64, span_days: u64) -> Out {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let lines = (budget / 130).max(1);
        Out {
            w: BufWriter::with_capacity(1 << 20, File::create(path).unwrap()),
            written: 0,
            budget,
            t: START - DAY,
            step: (span_days * DAY / lines).max(1),
        }
    }
    fn line(&mut self, s: &str) {
        self.w.write_all(s.as_bytes()).unwrap();
        self.w.write_all(b"\n").unwrap();
        self.written += s.len() as u64 + 1;
    }
    fn full(&self) -> bool {
        self.written >= self.budget
    }
}

fn message(rng: &mut Rng) -> String {
    if rng.below(SYN_EVERY) == 0 {
        return format!("SYN-{:04}-{} on host{}", rng.below(1000), rng.below(9000), rng.below(8));
    }
    let m = MESSAGES[rng.below(MESSAGES.len() as u64) as usize];
    m.replace("{n}", &rng.below(9000).to_string())
}

/// nlserver lines in one of the layouts; `restart_at` plants the daily restart markers.
fn nlserver(
    path: &Path,
    budget: u64,
    rng: &mut Rng,
    layout: u8,
    off_min: i64,
    zone: &str,
    plant: &dyn Fn(&mut Out, u64, u64),
) {
    let mut o = Out::new(path, budget, 3);
    while !o.full() {
        let prev = o.t;
        o.t += 1 + rng.below(2 * o.step);
        let now = o.t;
        plant(&mut o, prev, now);
        let pick = rng.below(5) as usize;
        let level = match MINED_PERCENT.get().copied().flatten() {
            None => ["info", "info", "info", "warning", "error"][pick],
            // The same draw, read as a share: the warning or error lines are P in a hundred.
            Some(p) => match rng.below(100) {
                x if x < p / 2 => "warning",
                x if x < p => "error",
                _ => "info",
            },
        };
        let msg = message(rng);
        let line = match layout {
            b'C' => format!("{}\t66462\t66501\t1\t{level}\tlog\t{msg}", stamp(o.t, 0, 'T', "Z")),
            _ => format!("{} 00003A1F 00003A2B 1 {level} log {msg}", stamp(o.t, off_min, ' ', zone)),
        };
        o.line(&line);
    }
    o.w.flush().unwrap();
}

fn bundle(dir: &Path, total: u64) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let incident = START + 4 * 3_600_000; // 2024-06-12 04:00Z = 06:00 in Paris: the RT restart
    let restarts = |o: &mut Out, prev: u64, now: u64, off: i64, zone: &str| {
        for day in 0..4u64 {
            let r = START - DAY + day * DAY + 4 * 3_600_000 + 1_204;
            if prev < r && r <= now {
                for (dt, m) in [
                    (0, "Stop requested (pid=9572)"),
                    (6_000, "Starting Web server module (pid=9892, tid=-1225184768)..."),
                    (8_000, "Server started"),
                ] {
                    let l = format!("{} 000026A4 000026A5 1 info log {m}", stamp(r + dt, off, ' ', zone));
                    o.line(&l);
                }
            }
        }
    };
    // Shares of the total: three big nlserver files, pipelined, PostgreSQL, a small journal.
    nlserver(&dir.join("marketing/wfserver.log"), total * 30 / 100, &mut rng, b'A', 0, "Z", &|o, prev, now| {
        if prev < incident + 4_118 && incident + 4_118 <= now {
            o.line(&format!(
                "{} 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=11875) - Empty return for method 'Logon' of service 'xtk:session'",
                stamp(incident + 4_118, 0, ' ', "Z")
            ));
        }
    });
    nlserver(&dir.join("rt1/web.log"), total * 25 / 100, &mut rng, b'B', 120, "+02:00", &|o, p, n| {
        restarts(o, p, n, 120, "+02:00")
    });
    nlserver(&dir.join("rt2/web.log"), total * 20 / 100, &mut rng, b'B', -300, "-05", &|o, p, n| {
        restarts(o, p, n, -300, "-05")
    });
    nlserver(&dir.join("pipelined.log"), total * 15 / 100, &mut rng, b'C', 0, "Z", &|_, _, _| {});
    let mut o = Out::new(&dir.join("db/postgresql.log"), total * 10 / 100, 3);
    while !o.full() {
        o.t += 1 + rng.below(2 * o.step);
        let pid = 3000 + rng.below(6000);
        let msg = match rng.below(4) {
            0 => "LOG:  checkpoint starting: time".to_string(),
            1 => format!("LOG:  connection received: host=10.0.3.{} port={}", rng.below(250), 40000 + rng.below(20000)),
            2 => "campaign@neolane LOG:  connection authorized: user=campaign database=neolane".to_string(),
            _ => format!(
                "LOG:  automatic vacuum of table \"neolane.public.nmsbroadlogrcp\": index scans: {}",
                rng.below(3)
            ),
        };
        o.line(&format!("{} [{pid}] {msg}", stamp(o.t, 0, ' ', " UTC")));
    }
    o.w.flush().unwrap();
    let mut j = Out::new(&dir.join("mcSynch_mcExec1.journal.txt"), 4096, 1);
    for k in 0..30u64 {
        let t = START + k * 1_800_000 + 600_000;
        let local = stamp(t, 120, ' ', "");
        let (date, time) = local.split_at(10);
        let (y, rest) = date.split_at(4);
        let d = format!("{}/{}/{y}", &rest[4..6], &rest[1..3]);
        j.line(&format!("{d} {} start Workflow started", &time[1..9]));
    }
    j.w.flush().unwrap();
}

fn pack(dir: &Path, n: usize) {
    fs::create_dir_all(dir.join("rules")).unwrap();
    fs::write(dir.join("pack.yaml"), format!("name: synthetic-{n}\nversion: 0.0.1\nengine: \">=0.1\"\n")).unwrap();
    for i in 0..n {
        let rule = format!(
            "id: syn-{i:04}\nkb: {{article: SYN-{i:04}}}\ntitle: synthetic rule {i}\nsymptoms:\n  hit:\n    \
             regex: 'SYN-{i:04}-(?P<code>\\d+) on (?P<host>host\\d)'\nconditions:\n  burst:\n    \
             count: {{symptom: hit, min: 50, within: 1m, by: host}}\nrequire: burst\n\
             text: {{cause: 'synthetic', steps: ['look at ${{hit[0].host}}']}}\n"
        );
        fs::write(dir.join(format!("rules/syn-{i:04}.yaml")), rule).unwrap();
    }
}

/// The share of warning and error lines in the nlserver logs, when given (percent).
static MINED_PERCENT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("bundle") if args.len() == 4 || args.len() == 5 => {
            let _ = MINED_PERCENT.set(args.get(4).map(|p| p.trim_end_matches('%').parse().expect("a percentage")));
            bundle(Path::new(&args[2]), size(&args[3]))
        }
        Some("pack") if args.len() == 4 => pack(Path::new(&args[2]), args[3].parse().expect("rule count")),
        _ => {
            eprintln!("usage: genbundle bundle DIR SIZE [PERCENT] | genbundle pack DIR N");
            std::process::exit(2);
        }
    }
}
