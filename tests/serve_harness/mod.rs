//! The harness of the `kbdiag serve` tests: the real binary on a loopback port, killed on
//! drop, and helpers to build bundles and read answers.
#![allow(dead_code)] // each test crate uses a part of it

use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TOKEN: &str = "test-token-5f2c";

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A running `kbdiag serve`, killed on drop.
pub struct Server {
    pub child: Child,
    pub base: String,
    /// stderr after the first line.
    pub log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// With a token file holding `TOKEN`, and `extra` options.
    pub fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        std::fs::write(&tokens, format!("# test tokens\n\nother-token\n{TOKEN}\n")).unwrap();
        let mut args = vec!["--token-file".to_string(), tokens.display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        Server::spawn(args, dir)
    }

    pub fn spawn(args: Vec<String>, dir: tempfile::TempDir) -> Server {
        Server::spawn_cmd(Command::new(env!("CARGO_BIN_EXE_kbdiag")), args, dir)
    }

    /// With the open-files limit of the server process lowered to `nofile` (as on many hosts,
    /// where 1024 is the default).
    pub fn start_with_nofile(nofile: u32, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        std::fs::write(&tokens, format!("{TOKEN}\n")).unwrap();
        let mut args = vec!["--token-file".to_string(), tokens.display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &format!("ulimit -n {nofile} && exec \"$0\" \"$@\""), env!("CARGO_BIN_EXE_kbdiag")]);
        Server::spawn_cmd(cmd, args, dir)
    }

    pub fn spawn_cmd(mut cmd: Command, args: Vec<String>, dir: tempfile::TempDir) -> Server {
        let mut child = cmd
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        err.read_line(&mut first).unwrap();
        let Some(addr) = first.trim().strip_prefix("listening on ") else {
            let mut rest = String::new();
            let _ = err.read_to_string(&mut rest);
            let _ = child.kill();
            panic!("the server did not start: {first}{rest}");
        };
        let base = addr.to_string();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in err.lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        Server { child, base, log, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> Response {
        client().get(self.url(path)).bearer_auth(TOKEN).send().unwrap()
    }

    pub fn post(&self, path: &str, body: Vec<u8>) -> Response {
        client().post(self.url(path)).bearer_auth(TOKEN).body(body).send().unwrap()
    }

    pub fn metrics(&self) -> String {
        let r = self.get("/metrics");
        assert_eq!(r.status(), StatusCode::OK);
        r.text().unwrap()
    }

    /// Wait until the metrics text has `line`.
    pub fn wait_metric(&self, line: &str, within: Duration) {
        let t0 = Instant::now();
        loop {
            let m = self.metrics();
            if m.lines().any(|l| l == line) {
                return;
            }
            assert!(t0.elapsed() < within, "no '{line}' within {within:?}:\n{m}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `host:port`, for raw sockets.
    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    /// The server's peak resident memory so far (VmHWM), in bytes.
    pub fn peak_rss(&self) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kb: u64 = s
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .unwrap()
            .trim()
            .trim_end_matches(" kB")
            .trim()
            .parse()
            .unwrap();
        kb * 1024
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn client() -> Client {
    Client::builder().timeout(Duration::from_secs(20)).build().unwrap()
}

/// The example bundle (examples/ka-05406) as a .tar.gz, made in memory.
pub fn bundle_tar_gz() -> Vec<u8> {
    let ex = root().join("examples/ka-05406");
    let mut b = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
    for f in ["marketing/wfserver.log", "rt1/web.log"] {
        b.append_path_with_name(ex.join(f), f).unwrap();
    }
    b.into_inner().unwrap().finish().unwrap()
}

pub fn example(f: &str) -> Vec<u8> {
    std::fs::read(root().join("examples/ka-05406").join(f)).unwrap()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A JSON error body: `{"error": {"code", "message"}}`; returns the code.
pub fn error_code(r: Response, status: StatusCode) -> String {
    assert_eq!(r.status(), status);
    assert!(
        r.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"),
        "{:?}",
        r.headers()
    );
    let v: Value = r.json().unwrap();
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v["error"]["code"].as_str().unwrap().to_string()
}

pub fn outcomes(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kb"].as_str().unwrap().to_string(), f["outcome"].as_str().unwrap().to_string()))
        .collect()
}
