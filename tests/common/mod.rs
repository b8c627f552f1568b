//! The one CLI test helper: a builder in the style of just's `Test`. Arguments, stdin,
//! environment and working folder in; exit code, stdout and stderr (or JSON) out.
#![allow(dead_code)] // each test crate uses a part of it

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's root (where `examples/` and `rules/` are).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("repo root")
}

pub struct Kbdiag {
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    dir: PathBuf,
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `kbdiag ARGS...`, run in the repository's root with NO_COLOR.
pub fn kbdiag<S: AsRef<str>>(args: &[S]) -> Kbdiag {
    Kbdiag { args: args.iter().map(|s| s.as_ref().to_string()).collect(), stdin: None, env: Vec::new(), dir: repo() }
}

impl Kbdiag {
    pub fn stdin(mut self, data: &[u8]) -> Self {
        self.stdin = Some(data.to_vec());
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn dir(mut self, d: &Path) -> Self {
        self.dir = d.to_path_buf();
        self
    }

    pub fn run(self) -> Out {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kbdiag"));
        cmd.args(&self.args).current_dir(&self.dir).env("NO_COLOR", "1");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn kbdiag");
        if let Some(data) = &self.stdin {
            child.stdin.take().expect("stdin").write_all(data).expect("write stdin");
        }
        let o = child.wait_with_output().expect("wait");
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Run with `--format json` already among the arguments; the exit code and the report.
    pub fn json(self) -> (i32, serde_json::Value, String) {
        let o = self.run();
        let v =
            serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", o.stdout, o.stderr));
        (o.code, v, o.stderr)
    }
}

/// The outcome of a rule (by KB article) in a JSON report: a finding's outcome, `ruled_out`,
/// or `none`.
pub fn outcome(v: &serde_json::Value, kb: &str) -> String {
    if let Some(f) = v["findings"].as_array().into_iter().flatten().find(|f| f["kb"] == kb) {
        return f["outcome"].as_str().unwrap_or_default().to_string();
    }
    if v["ruled_out"].as_array().into_iter().flatten().any(|f| f["kb"] == kb) {
        return "ruled_out".into();
    }
    "none".into()
}

/// Every pack folder under rules/, in name order.
pub fn pack_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("rules"))
        .expect("rules/ folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    v.sort();
    v
}

/// A path in `../shared` beside the repository, or `None` after saying the test is skipped
/// (a fresh clone stands alone).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("../shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent (a clone without ../shared)", p.display());
        None
    }
}

/// A KA-05406 bundle of `n` Logon errors on the marketing server and `n` restart lines on the
/// RT server (Paris time), one a minute: every error 3 s before a restart line.
pub fn ka05406_bundle(dir: &Path, n: usize) {
    let start = 1_718_150_400_i64; // 2024-06-12T00:00:00Z
    let stamp = |t: i64, off: i64, ms: u32| {
        let secs = t + off;
        let (d, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        // Days since 1970-01-01 to a date (civil from days, H. Hinnant).
        let z = d + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{ms:03}", s / 3600, s % 3600 / 60, s % 60)
    };
    use std::fmt::Write as _;
    let (mut wf, mut web) = (String::new(), String::new());
    for i in 0..n as i64 {
        let t = start + i * 60;
        let _ = writeln!(
            wf,
            "{}Z 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=11875) - Empty return for method 'Logon' of service 'xtk:session'",
            stamp(t, 0, 118)
        );
        let _ = writeln!(
            web,
            "{}+02:00 000026A4 000026A5 1 info log Starting Web server module (pid=9892, tid=-1225184768)...",
            stamp(t + 3, 7200, 731)
        );
    }
    std::fs::create_dir_all(dir.join("marketing")).unwrap();
    std::fs::create_dir_all(dir.join("rt1")).unwrap();
    std::fs::write(dir.join("marketing/wfserver.log"), wf).unwrap();
    std::fs::write(dir.join("rt1/web.log"), web).unwrap();
}

/// The wall clock `HH:MM:SS.mmm` of the `n`-th line of a generated log: one line a second
/// (wrapping at a day), its milliseconds `n % 1000`, so every line has a time of its own.
pub fn clock(n: u64) -> String {
    format!("{:02}:{:02}:{:02}.{:03}", n / 3600 % 24, n / 60 % 60, n % 60, n % 1000)
}
