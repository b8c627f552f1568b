//! `kbdiag serve` from the outside: the real binary on a loopback port, real HTTP requests.
//!
//! Each test starts its own server (`--listen 127.0.0.1:0`, the port read from the first
//! stderr line) and stops it when it ends, passing or not.

mod common;
mod serve_harness;

use common::kbdiag;
use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::blocking::multipart;
use reqwest::StatusCode;
use serde_json::Value;
use serve_harness::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn endpoints_answer_as_the_cli_does() {
    let s = Server::start(&[]);

    // /healthz: no token needed.
    let r = client().get(s.url("/healthz")).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h: Value = r.json().unwrap();
    assert_eq!(h["status"], "ok");
    assert!(h["rules"].as_u64().unwrap() > 0);

    // /v1/rules: what `kbdiag rules list --format json` prints.
    let r = s.get("/v1/rules");
    assert_eq!(r.status(), StatusCode::OK);
    let served: Value = r.json().unwrap();
    let (code, listed, _) = kbdiag(&["rules", "list", "--format", "json"]).json();
    assert_eq!(code, 0);
    assert_eq!(served, listed);

    // /v1/rules/{id}: by rule id or KB article; unknown → 404 with a JSON error.
    let one: Value = s.get("/v1/rules/acc-mc-logon-empty-return").json().unwrap();
    assert_eq!(one["kb"], "KA-05406");
    let by_kb: Value = s.get("/v1/rules/ka-05406").json().unwrap();
    assert_eq!(by_kb["id"], "acc-mc-logon-empty-return");
    assert_eq!(error_code(s.get("/v1/rules/KA-00000"), StatusCode::NOT_FOUND), "not_found");
    assert_eq!(error_code(s.get("/v1/nothing-here"), StatusCode::NOT_FOUND), "not_found");
    assert_eq!(error_code(s.get("/v1/diagnose"), StatusCode::METHOD_NOT_ALLOWED), "method_not_allowed");

    // The example bundle as a .tar.gz: KA-05406 confirmed, as the CLI reports it.
    let r = s.post("/v1/diagnose?name=bundle.tar.gz&fail_on=confirmed", bundle_tar_gz());
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-kbdiag-verdict"], "fail");
    assert!(r.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let report: Value = r.json().unwrap();
    assert_eq!(report["schema"], 1);
    assert_eq!(outcomes(&report), vec![("KA-05406".to_string(), "confirmed".to_string())]);
    let paths: Vec<&str> = report["inputs"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"bundle.tar.gz!/marketing/wfserver.log"), "{paths:?}");
    let (_, cli, _) = kbdiag(&["diagnose", "--format", "json", "examples/ka-05406"]).json();
    assert_eq!(report["findings"][0]["steps"], cli["findings"][0]["steps"]);
    assert_eq!(report["stats"]["outcomes"], cli["stats"]["outcomes"]);

    // HTML: never sniffed, and nothing loaded or run from it.
    let r = s.post("/v1/diagnose?format=html", bundle_tar_gz());
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.starts_with("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    assert!(r.text().unwrap().contains("KA-05406"));

    // Markdown and text.
    let r = s.post("/v1/diagnose?format=markdown", bundle_tar_gz());
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/markdown"));
    assert!(r.text().unwrap().contains("KA-05406"));
    let r = s.post("/v1/diagnose?format=text&tz=UTC&lang=en", bundle_tar_gz());
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().unwrap();
    assert!(text.contains("CONFIRMED KA-05406"), "{text}");
    assert!(!text.contains('\x1b'), "no terminal styling over HTTP: {text:?}");

    // fail_on when nothing is found: pass.
    let r = s.post("/v1/diagnose?fail_on=possible&name=notes.log", b"2024-06-12 10:00:00 all quiet\n".to_vec());
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-kbdiag-verdict"], "pass");
    // ... but an empty archive is no clean bundle: nothing was read, the run is incomplete.
    let mut empty_zip = b"PK\x05\x06".to_vec();
    empty_zip.extend([0u8; 18]);
    let r = s.post("/v1/diagnose?fail_on=possible&name=bundle.zip", empty_zip);
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-kbdiag-verdict"], "fail");
    let report: Value = r.json().unwrap();
    assert_eq!(report["complete"], false, "{report:#}");
    assert!(report["incomplete"].to_string().contains("nothing was read"), "{report:#}");

    // Bad parameters: 400, never a path on the server.
    for q in ["format=pdf", "fail_on=sometimes", "tz=Mars/Olympus_Mons", "path=/etc/passwd"] {
        let r = s.post(&format!("/v1/diagnose?{q}"), b"x\n".to_vec());
        assert_eq!(error_code(r, StatusCode::BAD_REQUEST), "bad_request", "{q}");
    }
    assert_eq!(error_code(s.post("/v1/diagnose", Vec::new()), StatusCode::BAD_REQUEST), "bad_request");

    // Metrics: the counters, in the Prometheus text format.
    let m = s.metrics();
    for want in [
        "# TYPE kbdiag_requests_total counter",
        "kbdiag_requests_total{endpoint=\"/v1/diagnose\",status=\"200\"} 6",
        "kbdiag_requests_total{endpoint=\"/v1/diagnose\",status=\"400\"} 5",
        "kbdiag_requests_total{endpoint=\"/v1/rules/{id}\",status=\"404\"} 1",
        "kbdiag_requests_total{endpoint=\"/v1/diagnose\",status=\"405\"} 1",
        "kbdiag_requests_total{endpoint=\"unmatched\",status=\"404\"} 1",
        "kbdiag_requests_total{endpoint=\"/healthz\",status=\"200\"} 1",
        "# TYPE kbdiag_request_duration_seconds histogram",
        "kbdiag_request_duration_seconds_count{endpoint=\"/v1/diagnose\"} 12",
        "kbdiag_findings_total{rule=\"acc-mc-logon-empty-return\",outcome=\"confirmed\"} 4",
        "kbdiag_inputs_rejected_total 0",
        &format!("kbdiag_rules_loaded {}", h["rules"]),
    ] {
        assert!(m.lines().any(|l| l == want), "no '{want}' in:\n{m}");
    }
    assert!(m.contains("kbdiag_request_duration_seconds_bucket{endpoint=\"/v1/diagnose\",le=\"+Inf\"} 12"), "{m}");
}

#[test]
fn plain_gzip_and_multipart_bodies() {
    let s = Server::start(&[]);

    // A plain log, named by the query: its format and role come from the name.
    let r = s.post("/v1/diagnose?name=marketing/wfserver.log", example("marketing/wfserver.log"));
    assert_eq!(r.status(), StatusCode::OK);
    let plain: Value = r.json().unwrap();
    assert_eq!(plain["inputs"][0]["path"], "marketing/wfserver.log");
    assert_eq!(plain["inputs"][0]["role"], "wfserver");
    assert_eq!(plain["inputs"][0]["format"], "acc-nlserver");
    assert_eq!(plain["errors"], serde_json::json!([]));

    // The same log gzipped, named by Content-Disposition: the same events.
    let r = client()
        .post(s.url("/v1/diagnose"))
        .bearer_auth(TOKEN)
        .header("content-disposition", "attachment; filename=\"marketing/wfserver.log.gz\"")
        .body(gzip(&example("marketing/wfserver.log")))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let gz: Value = r.json().unwrap();
    assert_eq!(gz["inputs"][0]["path"], "marketing/wfserver.log.gz");
    assert_eq!(gz["inputs"][0]["role"], "wfserver");
    assert_eq!(gz["inputs"][0]["events"], plain["inputs"][0]["events"]);
    assert_eq!(outcomes(&gz), outcomes(&plain));

    // Multipart: two files, each an input named by its file name (folders kept, so roles hold).
    let form = multipart::Form::new()
        .part("f1", multipart::Part::bytes(example("marketing/wfserver.log")).file_name("marketing/wfserver.log"))
        .part("f2", multipart::Part::bytes(example("rt1/web.log")).file_name("rt1/web.log"));
    let r = client().post(s.url("/v1/diagnose")).bearer_auth(TOKEN).multipart(form).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().unwrap();
    assert_eq!(outcomes(&report), vec![("KA-05406".to_string(), "confirmed".to_string())]);
    let mut seen: Vec<(String, String)> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap().to_string(), i["role"].as_str().unwrap_or("").to_string()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("marketing/wfserver.log".to_string(), "wfserver".to_string()),
            ("rt1/web.log".to_string(), "web".to_string())
        ]
    );
    let ev: Vec<&str> =
        report["findings"][0]["evidence"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert!(ev.contains(&"marketing/wfserver.log") && ev.contains(&"rt1/web.log"), "{ev:?}");

    // A multipart body without a file part is a 400.
    let r = client()
        .post(s.url("/v1/diagnose"))
        .bearer_auth(TOKEN)
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body("--XyZ--\r\n")
        .send()
        .unwrap();
    assert_eq!(error_code(r, StatusCode::BAD_REQUEST), "bad_request");
}

#[test]
fn bearer_tokens_are_required() {
    let s = Server::start(&[]);
    for path in ["/v1/rules", "/v1/rules/KA-05406", "/metrics"] {
        let r = client().get(s.url(path)).send().unwrap();
        assert_eq!(r.headers()[reqwest::header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(error_code(r, StatusCode::UNAUTHORIZED), "unauthorized", "{path}");
    }
    let r = client().post(s.url("/v1/diagnose")).body("x\n").send().unwrap();
    assert_eq!(error_code(r, StatusCode::UNAUTHORIZED), "unauthorized");
    let r = client().post(s.url("/v1/reload")).send().unwrap();
    assert_eq!(error_code(r, StatusCode::UNAUTHORIZED), "unauthorized");
    for bad in [&TOKEN[..TOKEN.len() - 1], "test-token-5f2d", "", "# test tokens"] {
        let r = client().get(s.url("/v1/rules")).bearer_auth(bad).send().unwrap();
        assert_eq!(error_code(r, StatusCode::UNAUTHORIZED), "unauthorized", "{bad:?}");
    }
    let r = client().get(s.url("/v1/rules")).basic_auth("u", Some(TOKEN)).send().unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Every token of the file is accepted, the scheme in any case.
    let r = client().get(s.url("/v1/rules")).header("authorization", "bearer other-token").send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.get("/v1/rules").status(), StatusCode::OK);
    assert!(s.metrics().contains("kbdiag_requests_total{endpoint=\"/v1/rules\",status=\"401\"} 6"));

    // --no-auth, given explicitly, serves without a token.
    let open = Server::spawn(vec!["--no-auth".into()], tempfile::tempdir().unwrap());
    let r = client().post(open.url("/v1/diagnose")).body(bundle_tar_gz()).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Neither, both, or a file without a token: a usage error, exit 2, nothing served.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "# no token yet\n\n").unwrap();
    let empty = empty.display().to_string();
    for args in [
        vec![],
        vec!["--no-auth", "--token-file", &empty],
        vec!["--token-file", &empty],
        vec!["--token-file", "/nonexistent/kbdiag-tokens"],
    ] {
        let out = kbdiag(&[&["serve", "--listen", "127.0.0.1:0"][..], &args].concat()).run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
}

#[test]
fn size_limits_answer_413() {
    let s = Server::start(&["--max-request-bytes", "16K", "--max-decompressed-bytes", "64K"]);
    let big: Vec<u8> = b"2024-06-12 10:00:00 a line of a log that goes on\n".repeat(500); // 25 KB

    // Over the request limit, with a Content-Length...
    let r = s.post("/v1/diagnose", big.clone());
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "payload_too_large");
    // ... and chunked, without one.
    let r = client()
        .post(s.url("/v1/diagnose"))
        .bearer_auth(TOKEN)
        .body(reqwest::blocking::Body::new(std::io::Cursor::new(big.clone())))
        .send()
        .unwrap();
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "payload_too_large");

    // Small compressed, large decompressed: a tar.gz member and a plain .gz stream.
    let huge: Vec<u8> = b"2024-06-12 10:00:00 the same line again and again\n".repeat(20_000); // 1 MB
    let mut b = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::best()));
    let mut h = tar::Header::new_gnu();
    h.set_size(huge.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, "rt1/web.log", &huge[..]).unwrap();
    let tgz = b.into_inner().unwrap().finish().unwrap();
    assert!(tgz.len() < 16 << 10, "{}", tgz.len());
    let r = s.post("/v1/diagnose?name=bomb.tar.gz", tgz);
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "decompressed_too_large");
    let gz = gzip(&huge);
    assert!(gz.len() < 16 << 10, "{}", gz.len());
    let r = s.post("/v1/diagnose?name=web.log.gz", gz);
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "decompressed_too_large");

    // A log that starts with a run of NULs (logrotate's copytruncate) has them skipped before
    // its head is read: they count against the limit too, alone or before text.
    let nuls = vec![0u8; 1 << 20];
    let gz = gzip(&nuls);
    assert!(gz.len() < 16 << 10, "{}", gz.len());
    let r = s.post("/v1/diagnose?name=zeros.log.gz", gz);
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "decompressed_too_large");
    let gz = gzip(&[&nuls[..], &big[..2000]].concat());
    let r = s.post("/v1/diagnose?name=rt1/web.log.gz", gz);
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "decompressed_too_large");

    // Within the limits, the same server answers.
    let r = s.post("/v1/diagnose?name=rt1/web.log", big[..2000].to_vec());
    assert_eq!(r.status(), StatusCode::OK);
    let m = s.metrics();
    assert!(m.contains("kbdiag_requests_total{endpoint=\"/v1/diagnose\",status=\"413\"} 6"), "{m}");
    assert!(m.contains("kbdiag_inputs_rejected_total 4"), "{m}");
}

#[test]
fn full_queue_answers_503_with_retry_after() {
    let s = Server::start(&["--max-concurrent", "1", "--queue", "0", "--debug-delay-ms", "1500"]);
    let url = s.url("/v1/diagnose");
    let slow = std::thread::spawn(move || {
        let r = client().post(url).bearer_auth(TOKEN).body(bundle_tar_gz()).send().unwrap();
        (r.status(), r.json::<Value>().unwrap())
    });
    s.wait_metric("kbdiag_diagnoses_running 1", Duration::from_secs(5));
    let r = s.post("/v1/diagnose", bundle_tar_gz());
    let retry: u64 = r.headers()[reqwest::header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    assert_eq!(error_code(r, StatusCode::SERVICE_UNAVAILABLE), "overloaded");
    // The other endpoints still answer meanwhile.
    assert_eq!(s.get("/v1/rules").status(), StatusCode::OK);
    let (status, report) = slow.join().unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outcomes(&report), vec![("KA-05406".to_string(), "confirmed".to_string())]);
    s.wait_metric("kbdiag_diagnoses_running 0", Duration::from_secs(5));
}

#[test]
fn slow_diagnosis_answers_504_and_stops() {
    let s = Server::start(&["--timeout", "0.3", "--debug-delay-ms", "5000", "--max-concurrent", "1"]);
    let t0 = Instant::now();
    let r = s.post("/v1/diagnose", bundle_tar_gz());
    assert_eq!(error_code(r, StatusCode::GATEWAY_TIMEOUT), "timeout");
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    // The diagnosis itself was stopped, and its slot freed, long before its 5 s.
    s.wait_metric("kbdiag_diagnoses_running 0", Duration::from_secs(2));
    s.wait_metric("kbdiag_diagnoses_queued 0", Duration::from_secs(2));
    assert!(s.metrics().contains("kbdiag_requests_total{endpoint=\"/v1/diagnose\",status=\"504\"} 1"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), &t).unwrap();
        }
    }
}

fn rule_count(s: &Server) -> usize {
    let v: Value = s.get("/v1/rules").json().unwrap();
    v["rules"].as_array().unwrap().len()
}

#[test]
fn reload_keeps_the_old_set_when_the_new_one_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("postgresql");
    copy_dir(&root().join("rules/postgresql"), &pack);
    let pack_arg = pack.display().to_string();
    let s = Server::start(&["--no-default-rules", "--rules", &pack_arg, "--debug-delay-ms", "600"]);
    let n = rule_count(&s);
    assert!(n >= 2, "{n}");

    // A reload while a diagnosis is in flight: both succeed.
    let url = s.url("/v1/diagnose?name=postgresql-15-main.log");
    let in_flight = std::thread::spawn(move || {
        client()
            .post(url)
            .bearer_auth(TOKEN)
            .body("2024-06-12 10:00:00.000 UTC [1] LOG:  hello\n")
            .send()
            .unwrap()
            .status()
    });
    s.wait_metric("kbdiag_diagnoses_running 1", Duration::from_secs(5));
    let r = client().post(s.url("/v1/reload")).bearer_auth(TOKEN).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().unwrap();
    assert_eq!(v["rules"].as_u64(), Some(n as u64));
    assert_eq!(in_flight.join().unwrap(), StatusCode::OK);

    // A broken rule file: the reload answers 409 with why, the old set is still served.
    std::fs::write(pack.join("rules/broken.yaml"), "id: broken\nsymptoms: [this is not a rule\n").unwrap();
    let r = client().post(s.url("/v1/reload")).bearer_auth(TOKEN).send().unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().unwrap();
    assert_eq!(v["error"]["code"], "reload_failed");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("broken.yaml") && msg.contains(&format!("still serving the {n} rules")), "{msg}");
    assert!(v["error"]["details"].as_array().is_some_and(|d| !d.is_empty()), "{v}");
    assert_eq!(rule_count(&s), n);
    let r = s.post("/v1/diagnose?name=postgresql-15-main.log", b"2024-06-12 10:00:00.000 UTC [1] LOG:  x\n".to_vec());
    assert_eq!(r.status(), StatusCode::OK);
    let t0 = Instant::now();
    while !s.log().contains("reload failed") {
        assert!(t0.elapsed() < Duration::from_secs(5), "not logged:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(20));
    }

    // Mended, with one rule less: SIGHUP loads it.
    std::fs::remove_file(pack.join("rules/broken.yaml")).unwrap();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(pack.join("rules")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    std::fs::remove_file(&files[0]).unwrap();
    let hup = Command::new("kill").args(["-HUP", &s.child.id().to_string()]).status().unwrap();
    assert!(hup.success());
    let t0 = Instant::now();
    while rule_count(&s) != n - 1 {
        assert!(t0.elapsed() < Duration::from_secs(5), "SIGHUP did not reload:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    let m = s.metrics();
    assert!(m.contains("kbdiag_reloads_total{result=\"ok\"} 2"), "{m}");
    assert!(m.contains("kbdiag_reloads_total{result=\"failed\"} 1"), "{m}");
    assert!(m.contains(&format!("kbdiag_rules_loaded {}", n - 1)), "{m}");
}

#[test]
fn timeout_stops_a_scan_that_is_running() {
    // About 2.6 GB of log once decompressed (a scan of a few seconds), sent as 100 copies of
    // one small gzip member (a gzip stream may hold several).
    let line = b"2024-06-12 04:00:04.118Z 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=11875) - a line\n";
    let member = gzip(&line.repeat(26_000_000 / line.len()));
    let body: Vec<u8> = member.iter().copied().cycle().take(member.len() * 100).collect();
    let s = Server::start(&["--timeout", "0.2", "--max-decompressed-bytes", "8G", "--max-concurrent", "1"]);
    let t0 = Instant::now();
    let r = s.post("/v1/diagnose?name=marketing/wfserver.log.gz", body);
    assert_eq!(error_code(r, StatusCode::GATEWAY_TIMEOUT), "timeout");
    // Stopped at its next read, not seconds later at the end of the stream.
    s.wait_metric("kbdiag_diagnoses_running 0", Duration::from_millis(700));
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    // The slot is free again: the next request runs.
    let r = s.post("/v1/diagnose", bundle_tar_gz());
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!s.log().contains("panicked"), "{}", s.log());
}

/// The answer carries what no rule explains; `max_unexplained=0` turns mining off (a bundle
/// full of error lines), `max_unexplained=N` keeps N templates and says how many were left out.
/// The text and Markdown answers list what no rule explains, as the CLI does, up to
/// max_unexplained (hostile tester 10, 5: the text answer left the section out).
#[test]
fn text_and_markdown_answers_list_the_unexplained() {
    let s = Server::start(&[]);
    let log = "2024-06-12 10:00:01 ERROR QZX-4417 quota exceeded for bucket b1\n\
               2024-06-12 10:00:02 ERROR QZX-4417 quota exceeded for bucket b2\n\
               2024-06-12 10:00:03 WARN scheduler slow, 5012 ms\n";
    let r = s.post("/v1/diagnose?format=text&name=app.log", log.as_bytes().to_vec());
    let text = r.text().unwrap();
    assert!(text.contains("Not explained by any rule (2 of 2"), "{text}");
    assert!(text.contains("error x2") && text.contains("QZX-4417 quota exceeded for bucket <*>"), "{text}");
    let r = s.post("/v1/diagnose?format=text&name=app.log&max_unexplained=1", log.as_bytes().to_vec());
    let text = r.text().unwrap();
    assert!(text.contains("Not explained by any rule (1 of 2"), "{text}");
    let r = s.post("/v1/diagnose?format=markdown&name=app.log&max_unexplained=1", log.as_bytes().to_vec());
    let md = r.text().unwrap();
    assert!(md.contains("QZX-4417") && !md.contains("scheduler slow"), "{md}");
}

#[test]
fn unexplained_in_the_answer_and_its_bound() {
    let s = Server::start(&[]);
    let mut log = String::new();
    for i in 0..6 {
        log.push_str(&format!(
            "2026-03-01T10:0{i}:00Z export job {i} failed: QZX-4417 quota exceeded for bucket b{i}\n"
        ));
        log.push_str(&format!(
            "2026-03-01T10:0{i}:30Z scheduler error: lane {i} stalled after 9{i} retries, giving up\n"
        ));
        log.push_str(&format!("2026-03-01T10:0{i}:40Z warning: disk {i} is slow to answer in the cluster\n"));
    }
    let post = |q: &str| -> Value {
        let r = s.post(&format!("/v1/diagnose?name=app.log{q}"), log.clone().into_bytes());
        assert_eq!(r.status(), StatusCode::OK);
        r.json().unwrap()
    };
    let all = post("");
    let n = all["unexplained"].as_array().map_or(0, Vec::len);
    assert!(n >= 3, "{:#}", all["unexplained"]);
    let none = post("&max_unexplained=0");
    assert_eq!(none["unexplained"].as_array().map(Vec::len), Some(0), "{:#}", none["unexplained"]);
    let one = post("&max_unexplained=1");
    assert_eq!(one["unexplained"].as_array().map(Vec::len), Some(1), "{:#}", one["unexplained"]);
    let r = s.post("/v1/diagnose?max_unexplained=lots", log.clone().into_bytes());
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// `POST /v1/reload` reads the `--kb` folders again, as it does the packs: an article removed
/// is no longer offered.
#[test]
fn reload_reads_the_kb_again() {
    let kb = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(common::repo().join("tests/kb-triage")).unwrap().flatten() {
        std::fs::copy(e.path(), kb.path().join(e.file_name())).unwrap();
    }
    let s = Server::start(&["--kb", kb.path().to_str().unwrap()]);
    let mut log = String::new();
    for i in 0..6 {
        log.push_str(&format!(
            "2026-03-01T10:0{i}:00Z export job {i} failed: QZX-4417 quota exceeded for bucket b{i}\n"
        ));
    }
    let offered = || -> bool {
        let r = s.post("/v1/diagnose?name=app.log", log.clone().into_bytes());
        assert_eq!(r.status(), StatusCode::OK);
        let v: Value = r.json().unwrap();
        v["unexplained"].to_string().contains("TK-001")
    };
    assert!(offered());
    for e in std::fs::read_dir(kb.path()).unwrap().flatten() {
        if std::fs::read_to_string(e.path()).unwrap_or_default().contains("TK-001") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
    assert!(offered(), "not read again before the reload");
    let r = s.post("/v1/reload", Vec::new());
    assert_eq!(r.status(), StatusCode::OK);
    assert!(!offered(), "the removed article is still offered after the reload");
}

/// The first stderr line is "listening on ..." (scripts and these tests read the port from
/// it), also when the KB has articles to warn about: those warnings come after it.
#[test]
fn kb_warnings_come_after_the_listening_line() {
    let kb = tempfile::tempdir().unwrap();
    std::fs::write(kb.path().join("empty.md"), "").unwrap();
    std::fs::write(kb.path().join("KA-1.md"), "---\nid: KA-1\ntitle: Quota exceeded\n---\nQZX-4417 quota\n").unwrap();
    // `start` reads the port from the first line: it fails when a warning comes first.
    let s = Server::start(&["--kb", &kb.path().display().to_string()]);
    let t0 = Instant::now();
    while !s.log.lock().unwrap().contains("empty.md: empty; skipped") {
        assert!(t0.elapsed() < Duration::from_secs(5), "no KB warning in: {}", s.log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn archive_members_past_the_memory_budget_are_judged_the_same() {
    // A bundle of members of about 2 MiB each, over a per-diagnosis memory budget of nothing:
    // they go to mapped temporary files, and the report is the CLI's.
    let tmp = tempfile::tempdir().unwrap();
    common::ka05406_bundle(tmp.path(), 20_000);
    let mut b = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for f in ["marketing/wfserver.log", "rt1/web.log"] {
        b.append_path_with_name(tmp.path().join(f), f).unwrap();
    }
    let tgz = b.into_inner().unwrap().finish().unwrap();
    let s = Server::start(&["--max-memory", "0"]);
    let r = s.post("/v1/diagnose?name=bundle.tar.gz", tgz);
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().unwrap();
    assert_eq!(outcomes(&report), vec![("KA-05406".to_string(), "confirmed".to_string())]);
    assert_eq!(report["complete"], true);
    let (_, cli, _) = kbdiag(&["diagnose", "--format", "json", &tmp.path().display().to_string()]).json();
    assert_eq!(report["findings"][0]["evidence_total"], cli["findings"][0]["evidence_total"]);
    assert_eq!(report["stats"]["events"], cli["stats"]["events"]);
}
