//! `kbdiag serve` against a hostile client: silent and slow connections, trickled bodies,
//! bombs by bytes and by member count, lying lengths, SIGTERM with half-sent requests, and the
//! answers that must agree with the CLI and the metrics. Each test plays the client with real
//! sockets against the real binary.

mod common;
mod serve_harness;

use common::kbdiag;
use flate2::write::GzEncoder;
use flate2::Compression;
use reqwest::blocking::Client;
use reqwest::StatusCode;
use serde_json::Value;
use serve_harness::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn connect(s: &Server) -> TcpStream {
    let addr = s.addr().parse().unwrap();
    let c = TcpStream::connect_timeout(&addr, Duration::from_secs(3)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c
}

/// Wait for the server to close `c`: true when it did within `within`.
fn closed_within(c: &mut TcpStream, within: Duration) -> bool {
    c.set_read_timeout(Some(within)).unwrap();
    let t0 = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false
            }
            Err(_) => return true,
        }
        if t0.elapsed() > within {
            return false;
        }
    }
}

fn healthz(s: &Server, timeout: Duration) -> Option<StatusCode> {
    Client::builder().timeout(timeout).build().unwrap().get(s.url("/healthz")).send().ok().map(|r| r.status())
}

/// A tar.gz of `n` empty members, made cheaply: gzip streams of the same header block,
/// concatenated (a multi-member gzip is one stream to its readers).
fn member_bomb(n: usize) -> Vec<u8> {
    let mut h = tar::Header::new_gnu();
    h.set_path("empty.log").unwrap();
    h.set_size(0);
    h.set_mode(0o644);
    h.set_cksum();
    let per = 10_000.min(n);
    let block: Vec<u8> = std::iter::repeat_n(h.as_bytes().to_vec(), per).flatten().collect();
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(&block).unwrap();
    let one = e.finish().unwrap();
    let mut out = Vec::new();
    for _ in 0..n / per {
        out.extend_from_slice(&one);
    }
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(&[0u8; 1024]).unwrap();
    out.extend_from_slice(&e.finish().unwrap());
    out
}

/// This test process's own limit on open files.
fn own_open_files_limit() -> usize {
    let text = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l["Max open files".len()..].split_whitespace().next()?.parse().ok())
        .unwrap_or(1024)
}

#[test]
fn silent_connections_do_not_starve_healthz() {
    // The server's open files limited to 1,024, as on many hosts: 1,100 silent clients used to
    // take every descriptor, and the accept loop stalled with /healthz queued behind them.
    // (Scaled down to 256 and 300 when this test process may not open 1,100 sockets itself.)
    let (nofile, clients) = if own_open_files_limit() >= 1500 { (1024, 1100) } else { (256, 300) };
    let s = Server::start_with_nofile(nofile, &["--header-timeout", "2"]);
    let addr = s.addr().parse().unwrap();
    let silent: Vec<TcpStream> =
        (0..clients).filter_map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()).collect();
    assert!(silent.len() > nofile as usize, "only {} connections", silent.len());
    let t0 = Instant::now();
    loop {
        if healthz(&s, Duration::from_secs(2)) == Some(StatusCode::OK) {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(8), "/healthz unanswered for {:?}", t0.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    let m = s.metrics();
    assert!(m.contains("kbdiag_connections_refused_total"), "{m}");
    drop(silent);
}

#[test]
fn silent_slow_and_idle_connections_are_closed() {
    let s = Server::start(&["--header-timeout", "1"]);
    // Sends nothing.
    let mut silent = connect(&s);
    // Trickles its headers, a byte at a time, never finishing.
    let mut slow = connect(&s);
    let trickle = {
        let mut w = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa".iter() {
                if w.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(150));
            }
        })
    };
    // One request answered, then idle on a kept-alive connection.
    let mut idle = connect(&s);
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut buf = [0u8; 1024];
    let n = idle.read(&mut buf).unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
    for (what, c) in [("silent", &mut silent), ("slow headers", &mut slow), ("idle keep-alive", &mut idle)] {
        assert!(closed_within(c, Duration::from_secs(4)), "{what} connection still open");
    }
    let _ = trickle.join();
}

#[test]
fn sigterm_ends_within_the_grace_period_with_half_sent_requests() {
    let mut s = Server::start(&["--grace", "2", "--drain-delay", "1", "--header-timeout", "30", "--timeout", "60"]);
    assert_eq!(healthz(&s, Duration::from_secs(5)), Some(StatusCode::OK));
    let r = Client::new().get(s.url("/readyz")).send().unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Half a request head.
    let mut head = connect(&s);
    head.write_all(b"POST /v1/diagnose HTTP/1.1\r\nHost: x\r\nContent-Le").unwrap();
    // A whole head, a tenth of the body.
    let mut body = connect(&s);
    body.write_all(
        format!(
            "POST /v1/diagnose HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    body.write_all(&[b'x'; 100]).unwrap();
    // A kept-alive connection, to ask /readyz after the signal.
    let ka = Client::builder().pool_max_idle_per_host(1).build().unwrap();
    assert_eq!(ka.get(s.url("/readyz")).send().unwrap().status(), StatusCode::OK);
    std::thread::sleep(Duration::from_millis(300));
    let t0 = Instant::now();
    let killed = std::process::Command::new("kill").args(["-TERM", &s.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    // Not ready from the signal on, while still answering during the drain delay.
    std::thread::sleep(Duration::from_millis(300));
    let r = ka.get(s.url("/readyz")).send().unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            assert!(st.success(), "{st:?}\n{}", s.log());
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(8), "still running {:?} after SIGTERM:\n{}", t0.elapsed(), s.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    drop((head, body));
}

#[test]
fn a_zip_member_is_held_once() {
    // One member inflating to 256 MiB: held once (about its size), not read into a growing
    // buffer and copied (about twice its size).
    const SIZE: usize = 256 << 20;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("big.log", o).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..SIZE >> 20 {
        z.write_all(&chunk).unwrap();
    }
    let zip = z.finish().unwrap().into_inner();
    let s = Server::start(&["--max-decompressed-bytes", "300M"]);
    let before = s.peak_rss();
    let r = Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
        .post(s.url("/v1/diagnose?name=b.zip"))
        .bearer_auth(TOKEN)
        .body(zip)
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let grew = s.peak_rss().saturating_sub(before);
    assert!(grew < SIZE as u64 * 3 / 2, "peak RSS grew by {} MiB for a {} MiB member", grew >> 20, SIZE >> 20);
}

#[test]
fn a_member_count_bomb_is_refused() {
    let s = Server::start(&[]);
    // 150,000 empty members (a few hundred KB): over the default 100,000.
    let t0 = Instant::now();
    let r = s.post("/v1/diagnose?name=bomb.tar.gz", member_bomb(150_000));
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "too_many_members");
    assert!(t0.elapsed() < Duration::from_secs(15), "{:?}", t0.elapsed());
    let s = Server::start(&["--max-archive-members", "1000"]);
    let r = s.post("/v1/diagnose?name=bomb.tar.gz", member_bomb(20_000));
    assert_eq!(error_code(r, StatusCode::PAYLOAD_TOO_LARGE), "too_many_members");
}

#[test]
fn the_slot_is_freed_soon_after_a_504() {
    let s = Server::start(&[
        "--timeout",
        "2",
        "--max-concurrent",
        "1",
        "--queue",
        "0",
        "--max-archive-members",
        "100000000",
    ]);
    // Millions of members: expanding them takes far longer than the timeout.
    let r = s.post("/v1/diagnose?name=bomb.tar.gz", member_bomb(5_000_000));
    assert_eq!(error_code(r, StatusCode::GATEWAY_TIMEOUT), "timeout");
    let t0 = Instant::now();
    loop {
        let r = s.post("/v1/diagnose?name=web.log", b"2024-06-12 06:00:00 hello\n".to_vec());
        if r.status() == StatusCode::OK {
            break;
        }
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(t0.elapsed() < Duration::from_secs(2), "the slot is still held {:?} after the 504", t0.elapsed());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_declared_length_is_not_allocated() {
    let s = Server::start(&["--max-request-bytes", "100G"]);
    let before = s.peak_rss();
    let mut c = connect(&s);
    c.write_all(
        format!(
            "POST /v1/diagnose?name=x.log HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 90000000000\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    c.write_all(b"2024-06-12 06:00:00 hello\n").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(c);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(healthz(&s, Duration::from_secs(5)), Some(StatusCode::OK), "the server died:\n{}", s.log());
    let grew = s.peak_rss().saturating_sub(before);
    assert!(grew < 64 << 20, "peak RSS grew by {} MiB", grew >> 20);
}

#[test]
fn fail_on_fails_when_a_rule_errored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("pack.yaml"), "name: looping\nversion: 0.0.1\n").unwrap();
    std::fs::write(
        dir.path().join("rules/loop.yaml"),
        "id: loop\nkb: {article: KA-L}\ntitle: loops\nsymptoms:\n  a: {contains: [ALPHA]}\n\
         require:\n  script: 'let n = 0; loop { n += 1; } true'\ntext: {cause: c, steps: [s]}\n",
    )
    .unwrap();
    let log = dir.path().join("x.log");
    std::fs::write(&log, "2024-06-12T06:00:00Z ALPHA\n").unwrap();
    let pack = dir.path().display().to_string();
    // The CLI: exit 1.
    let out = kbdiag(&[
        "diagnose",
        "--no-default-rules",
        "--rules",
        &pack,
        "--fail-on",
        "confirmed",
        "-q",
        &log.display().to_string(),
    ])
    .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    // The service: the same verdict.
    let s = Server::start(&["--no-default-rules", "--rules", &pack]);
    let r = s.post("/v1/diagnose?name=x.log&fail_on=confirmed", std::fs::read(&log).unwrap());
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-kbdiag-verdict"], "fail");
}

#[test]
fn parameters_are_checked_as_the_cli_does() {
    let s = Server::start(&[]);
    let log = common::repo().join("examples/ka-05406/marketing/wfserver.log");
    for (query, cli) in
        [("tz=postgresq=Europe/Paris", ["--tz", "postgresq=Europe/Paris"]), ("lang=xx", ["--lang", "xx"])]
    {
        let r = s.post(&format!("/v1/diagnose?{query}"), b"2024-06-12 06:00:00 hello\n".to_vec());
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        let v: Value = r.json().unwrap();
        let out = kbdiag(&["diagnose", cli[0], cli[1], &log.display().to_string()]).run();
        assert_eq!(out.code, 2, "{query}");
        let cli_message = out.stderr.trim().trim_start_matches("kbdiag: error: ");
        assert_eq!(v["error"]["message"], cli_message, "{query}");
    }
}

#[test]
fn every_error_is_json_and_requests_carry_an_id() {
    let s = Server::start(&[]);
    // axum's own path rejection: a path segment that is not UTF-8 once decoded.
    assert_eq!(error_code(s.get("/v1/rules/%FF"), StatusCode::BAD_REQUEST), "bad_request");
    // hyper's own answers to heads it cannot parse (400) or that are too large (431).
    let too_many: String = (0..120).map(|i| format!("X-H{i}: v\r\n")).collect();
    for (head, status, code) in [
        ("GARBAGE\r\n\r\n".to_string(), "400", "bad_request"),
        ("GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n".to_string(), "400", "bad_request"),
        (format!("GET /healthz HTTP/1.1\r\n{too_many}\r\n"), "431", "headers_too_large"),
    ] {
        let mut c = connect(&s);
        c.write_all(head.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = c.read_to_string(&mut answer);
        assert!(answer.starts_with(&format!("HTTP/1.1 {status} ")), "{answer}");
        assert!(answer.to_ascii_lowercase().contains("content-type: application/json"), "{answer}");
        let body = answer.split("\r\n\r\n").nth(1).unwrap();
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["error"]["code"], code, "{answer}");
    }
    // X-Request-Id: a sane one is kept, anything else replaced.
    let r = client().get(s.url("/v1/rules")).bearer_auth(TOKEN).header("x-request-id", "case-42.a").send().unwrap();
    assert_eq!(r.headers()["x-request-id"], "case-42.a");
    let r = client().get(s.url("/healthz")).header("x-request-id", "a b").send().unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    // The access log: one JSON line per request, with the endpoint template, never the
    // raw path, the query, the token or any log text.
    let r = client()
        .post(s.url("/v1/diagnose?name=secret-customer.log"))
        .bearer_auth(TOKEN)
        .header("x-request-id", "trace-7")
        .body(std::fs::read(common::repo().join("examples/ka-05406/marketing/wfserver.log")).unwrap())
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t0 = Instant::now();
    let line = loop {
        if let Some(l) = s.log().lines().find(|l| l.contains("\"trace-7\"")).map(str::to_string) {
            break l;
        }
        assert!(t0.elapsed() < Duration::from_secs(5), "no access line:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(20));
    };
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["endpoint"], "/v1/diagnose");
    assert_eq!(v["method"], "POST");
    assert_eq!(v["status"], 200);
    assert!(v["bytes_in"].as_u64().unwrap() > 1000, "{v}");
    assert!(v["duration_ms"].as_f64().is_some(), "{v}");
    assert!(v["findings"].is_object(), "{v}");
    let all = s.log();
    for secret in [TOKEN, "secret-customer", "mcSynch_mcExec1"] {
        assert!(!all.contains(secret), "{secret} in the log:\n{all}");
    }
}

#[test]
fn a_token_file_with_a_byte_order_mark_works() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, format!("\u{feff}{TOKEN}\r\n")).unwrap();
    let s = Server::spawn(vec!["--token-file".into(), tokens.display().to_string()], dir);
    assert_eq!(s.get("/v1/rules").status(), StatusCode::OK);
}

#[test]
fn the_503_message_counts_what_the_metrics_count() {
    // Two slots, one waiting place: one diagnosis running, two requests still sending their
    // bodies (admitted, waiting), then one more is refused.
    let s = Server::start(&["--max-concurrent", "2", "--queue", "1", "--debug-delay-ms", "8000"]);
    let running = {
        let url = s.url("/v1/diagnose?name=x.log");
        std::thread::spawn(move || {
            let _ = Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap()
                .post(url)
                .bearer_auth(TOKEN)
                .body(b"2024-06-12 06:00:00 hello\n".to_vec())
                .send();
        })
    };
    s.wait_metric("kbdiag_diagnoses_running 1", Duration::from_secs(5));
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut c = connect(&s);
        c.write_all(
            format!("POST /v1/diagnose HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\nabc")
                .as_bytes(),
        )
        .unwrap();
        slow.push(c);
    }
    s.wait_metric("kbdiag_diagnoses_queued 2", Duration::from_secs(5));
    let r = s.post("/v1/diagnose?name=x.log", b"2024-06-12 06:00:00 hello\n".to_vec());
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let v: Value = r.json().unwrap();
    let msg = v["error"]["message"].as_str().unwrap().to_string();
    let m = s.metrics();
    let gauge = |name: &str| m.lines().find_map(|l| l.strip_prefix(&format!("{name} "))).unwrap().to_string();
    let want = format!(
        "{} diagnoses are running and {} waiting",
        gauge("kbdiag_diagnoses_running"),
        gauge("kbdiag_diagnoses_queued")
    );
    assert!(msg.starts_with(&want), "message: {msg}\nmetrics say: {want}");
    drop(slow);
    drop(s);
    let _ = running.join();
}

/// Bodies trickled a byte at a time by token holders would each hold an admitted request, and
/// a few of them every diagnose slot and queue place, for the whole `--timeout`. A body slower
/// than 1 KiB a second past the header timeout is cut with a 408, and the slots are free again
/// for the next client.
#[test]
fn trickled_bodies_are_cut_and_free_their_slots() {
    let s = Server::start(&["--header-timeout", "1", "--max-concurrent", "1", "--queue", "1", "--timeout", "60"]);
    let t0 = Instant::now();
    let trickles: Vec<_> = (0..2)
        .map(|_| {
            let mut c = connect(&s);
            let head = format!(
                "POST /v1/diagnose?name=x.log HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 100000\r\n\r\n"
            );
            c.write_all(head.as_bytes()).unwrap();
            std::thread::spawn(move || {
                let mut answer = Vec::new();
                let mut w = c.try_clone().unwrap();
                let feeder = std::thread::spawn(move || {
                    for _ in 0..40 {
                        if w.write_all(b"x").is_err() {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(500));
                    }
                });
                let _ = c.read_to_end(&mut answer);
                let _ = feeder.join();
                String::from_utf8_lossy(&answer).into_owned()
            })
        })
        .collect();
    // While they trickle (both admitted: the gate is full), another client is turned away ...
    std::thread::sleep(Duration::from_millis(300));
    let r = s.post("/v1/diagnose?name=a.log", b"2024-06-12 10:00:00 all quiet\n".to_vec());
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    for t in trickles {
        let answer = t.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("body_too_slow"), "{answer}");
    }
    assert!(t0.elapsed() < Duration::from_secs(15), "{:?}", t0.elapsed());
    // ... and once they are cut, served.
    let r = s.post("/v1/diagnose?name=a.log", b"2024-06-12 10:00:00 all quiet\n".to_vec());
    assert_eq!(r.status(), StatusCode::OK);
}

/// A flood of connections that send nothing, kept up (reconnecting as they are closed), needs
/// no token: at the connection limit it used to answer every other client 503, `/healthz`
/// included. A new connection now takes the place of the oldest one silent for a second, so
/// clients that talk are served while the flood goes on; a limit full of talking clients still
/// refuses.
#[test]
fn a_flood_of_silent_connections_does_not_keep_clients_out() {
    let s = Server::start(&["--max-connections", "8", "--header-timeout", "30"]);
    let mut silent: Vec<TcpStream> = (0..8).map(|_| connect(&s)).collect();
    std::thread::sleep(Duration::from_millis(1200));
    for round in 0..3 {
        assert_eq!(healthz(&s, Duration::from_secs(5)), Some(StatusCode::OK), "round {round}");
        // The flood fills the limit again.
        silent.push(connect(&s));
        std::thread::sleep(Duration::from_millis(1100));
    }
    // The oldest silent connections were closed to make room.
    assert!(closed_within(&mut silent[0], Duration::from_secs(2)), "the oldest silent connection is still open");
    let m = s.metrics();
    assert!(m.lines().any(|l| l == "kbdiag_connections_open 8" || l == "kbdiag_connections_open 7"), "{m}");
}

/// A flood that keeps every connection alive with a `/healthz` now and then (no token needed)
/// used to hold the whole limit: those connections had spoken, so none was evicted, and every
/// client with a token got 503 (hostile tester O: 40 of 40). A connection idle for a second
/// between requests is now evicted too, those that never showed accepted credentials first, so a
/// client with a token is served while the flood goes on.
#[test]
fn a_keep_alive_flood_without_a_token_does_not_keep_clients_out() {
    let s = Server::start(&["--max-connections", "8", "--header-timeout", "30"]);
    let ask = |c: &mut TcpStream| {
        c.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").unwrap();
        let mut buf = [0u8; 4096];
        let n = c.read(&mut buf).unwrap();
        assert!(
            String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
    };
    let mut flood: Vec<TcpStream> = (0..8).map(|_| connect(&s)).collect();
    for c in flood.iter_mut() {
        ask(c);
    }
    std::thread::sleep(Duration::from_millis(1200));
    for round in 0..3 {
        let r = s.post("/v1/diagnose?name=bundle.tar.gz", bundle_tar_gz());
        assert_eq!(r.status(), StatusCode::OK, "round {round}");
        // The flood fills the limit again, and speaks on its connections left.
        let mut c = connect(&s);
        ask(&mut c);
        flood.push(c);
        std::thread::sleep(Duration::from_millis(1100));
    }
}
