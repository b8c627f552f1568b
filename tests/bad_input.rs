//! Hostile input: every bad file in tests/corpus/bad (and a few made at run time: a 50 MB
//! line, a symlink loop, a name that is not UTF-8, a file without read permission) is read or
//! skipped with a warning that says why, and the rest of the bundle is still diagnosed.

mod common;

use common::kbdiag;
use std::path::PathBuf;
use std::process::Command;

fn input<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no input {name}: {v:#}"))
}

fn warning(v: &serde_json::Value, name: &str) -> String {
    input(v, name)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn the_bad_corpus_is_read_and_every_problem_is_named() {
    let (code, v, stderr) =
        kbdiag(&["diagnose", "--format", "json", "--tz", "Europe/Paris", "tests/corpus/bad"]).json();
    assert_eq!(code, 0, "{stderr}");
    // The good parts still give the diagnosis.
    let f = &v["findings"][0];
    assert_eq!(f["kb"], "KA-05406");
    assert_eq!(f["outcome"], "confirmed");
    assert_eq!(v["errors"], serde_json::json!([]));
    assert_eq!(v["inputs"].as_array().unwrap().len(), 8);
    let expect = [
        ("empty.log", "empty file"),
        ("core.bin", "binary file"),
        ("rotated/web_2.log.gz", "truncated or corrupt gzip"),
        ("rotated/watchdog.log.gz", "named .gz but not gzip"),
        ("rt1/web.log", "NUL byte(s)"),
        ("marketing/wfserver.log", "read as Windows-1252"),
        ("marketing/wfserver.log", "time goes backwards"),
        ("mcSynch_mcExec2.journal.txt", "UTF-16LE text, converted"),
        ("mcSynch_mcExec2.journal.txt", "no readable time (first: line 2)"),
        ("mcSynch_mcExec3.journal.txt", "DST change"),
    ];
    for (name, want) in expect {
        let w = warning(&v, name);
        assert!(w.contains(want), "{name}: want '{want}', got '{w}'");
    }
    // Lines were read across the mixed line endings and the NUL block.
    assert_eq!(input(&v, "rt1/web.log")["events"], 3);
    // The converted UTF-16 journal gave events (its first line is the error at 06:00:05Z).
    let evidence = f["evidence"].as_array().unwrap();
    assert!(
        evidence.iter().any(|e| e["path"].as_str().unwrap().ends_with("mcSynch_mcExec2.journal.txt")),
        "{evidence:?}"
    );
    // A year past 2038 is just a date.
    assert!(
        evidence.iter().any(|e| e["time"] == "2040-01-19T03:14:08Z") || f["steps"].to_string().contains("2040-01-19"),
        "{f:#}"
    );
}

#[test]
fn run_time_hostile_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A 50 MB line, then an ordinary error line after it.
    let mut big = vec![b'x'; 50 << 20];
    big.extend_from_slice(b"\n2024-06-12 06:00:04.118Z 00003A1F 00003A2B 1 error log mcSynch_mcExec1 (id=1) - Empty return for method 'Logon' of service 'xtk:session'\n");
    std::fs::write(d.join("wfserver.log"), big).unwrap();
    std::fs::write(
        d.join("web.log"),
        "2024-06-12 06:00:01.204Z 00002572 00007893 1 info log Stop requested (pid=9572)\n",
    )
    .unwrap();
    // A symbolic-link loop and a name that is not UTF-8.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::fs::create_dir(d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("loop"), d.join("loop/again")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.log");
        std::fs::write(d.join(name), "2024-06-12T06:00:00Z plain line\n").unwrap();
    }
    // A file without read permission (root reads it anyway; then there is nothing to check).
    let locked: PathBuf = d.join("locked.log");
    std::fs::write(&locked, "2024-06-12T06:00:00Z secret\n").unwrap();
    #[cfg(unix)]
    let privileged = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        std::fs::File::open(&locked).is_ok()
    };
    let (code, v, stderr) = kbdiag(&["diagnose", "--format", "json", &d.display().to_string()]).json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(v["findings"][0]["outcome"], "confirmed", "the line after the 50 MB one is still read: {v:#}");
    assert_eq!(v["findings"][0]["evidence"][1]["line"], 2);
    assert!(warning(&v, "wfserver.log").contains("line 1 is longer than 8 MiB"), "{}", warning(&v, "wfserver.log"));
    #[cfg(unix)]
    {
        assert!(warning(&v, "again").contains("a folder already read; read once"), "{v:#}");
        assert_eq!(input(&v, "caf\u{fffd}.log")["events"], 1);
        assert!(warning(&v, "caf\u{fffd}.log").contains("not valid UTF-8"), "{v:#}");
        if !privileged {
            assert!(warning(&v, "locked.log").contains("permission denied"), "{v:#}");
        }
    }
}

#[cfg(unix)]
#[test]
fn thousands_of_files_do_not_exhaust_file_descriptors() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..400 {
        std::fs::write(tmp.path().join(format!("f{i:03}.log")), format!("2024-06-12T06:00:00Z line {i}\n")).unwrap();
    }
    // With 64 descriptors allowed, opening every file before reading them would fail.
    let cmd = format!(
        "ulimit -n 64 && exec '{}' diagnose --format json '{}'",
        env!("CARGO_BIN_EXE_kbdiag"),
        tmp.path().display()
    );
    let o = Command::new("sh").arg("-c").arg(cmd).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let inputs = v["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 400);
    let failed: Vec<&serde_json::Value> =
        inputs.iter().filter(|i| !i["warnings"].as_array().unwrap().is_empty()).collect();
    assert!(failed.is_empty(), "{failed:?}");
}

/// A UTF-16 log is decoded as it streams: a line far past the head (here after 5 MiB of
/// UTF-16) is found like any other.
#[test]
fn a_large_utf16_log_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\u{feff}");
    for i in 0..40_000 {
        text.push_str(&format!("2024-06-12 06:00:{:02}.000Z 00001 00002 1 info log filler line {i}\r\n", i % 60));
    }
    text.push_str("2024-06-12 06:10:00.000Z 00001 00002 1 error log mcSynch_mcExec1 (id=42) - Empty return for method 'Logon' of service 'xtk:session'\r\n");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    assert!(bytes.len() > 5 << 20);
    let path = dir.path().join("wfserver.log");
    std::fs::write(&path, bytes).unwrap();
    let (code, v, err) = common::kbdiag(&["diagnose", "--format", "json", &path.display().to_string()]).json();
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["inputs"][0]["warnings"][0]["code"], "utf16", "{v:#}");
    assert_eq!(common::outcome(&v, "KA-05406"), "possible", "{v:#}");
}

/// An old GNU sparse tar member (type `S`) whose header declares a real size of 4 TiB
/// (base-256) around 41 bytes of text: the tar reader expands the hole as zeros, and those
/// count against --max-archive-bytes (before, only the text kept did, and a 2 KiB archive kept
/// kbdiag reading zeros for about twenty minutes).
#[test]
fn sparse_member_with_a_huge_declared_size_is_bounded() {
    fn octal(n: u64, w: usize) -> Vec<u8> {
        let mut v = format!("{n:0w$o}", w = w - 1).into_bytes();
        v.push(0);
        v
    }
    fn b256(n: u64) -> Vec<u8> {
        let mut v = vec![0u8; 4];
        v.extend_from_slice(&n.to_be_bytes());
        v[0] |= 0x80;
        v
    }
    let real = 1u64 << 42;
    let mut h = vec![0u8; 512];
    h[..5].copy_from_slice(b"a.log");
    h[100..108].copy_from_slice(&octal(0o644, 8));
    h[108..116].copy_from_slice(&octal(0, 8));
    h[116..124].copy_from_slice(&octal(0, 8));
    h[124..136].copy_from_slice(&octal(41, 12));
    h[136..148].copy_from_slice(&octal(1_700_000_000, 12));
    h[156] = b'S';
    h[257..265].copy_from_slice(b"ustar  \0");
    h[386..398].copy_from_slice(&octal(0, 12));
    h[398..410].copy_from_slice(&octal(41, 12));
    h[410..422].copy_from_slice(&b256(real));
    h[422..434].copy_from_slice(&octal(0, 12));
    h[483..495].copy_from_slice(&b256(real));
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let mut data = b"2024-06-12 10:00:00 error in sparse file\n".to_vec();
    data.resize(512, 0);
    h.extend_from_slice(&data);
    h.extend_from_slice(&[0u8; 1024]);
    let dir = std::env::temp_dir().join(format!("kbdiag-huge-sparse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tar = dir.join("huge.tar");
    std::fs::write(&tar, &h).unwrap();
    let (_, v, err) =
        kbdiag(&["diagnose", "--format", "json", "--max-archive-bytes", "64M", tar.to_str().unwrap()]).json();
    assert_eq!(v["complete"], false, "{err}");
    assert!(v["incomplete"].to_string().contains("archive limit reached"), "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A link inside the bundle back to one of its own folders loses nothing: noted, and the run
/// stays complete; a link out of the bundle is read as the folder it names.
#[cfg(unix)]
#[test]
fn a_link_back_into_the_bundle_keeps_the_run_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("bundle");
    std::fs::create_dir_all(d.join("a")).unwrap();
    std::fs::write(d.join("a/app.log"), "2024-06-12T06:00:00Z started\n").unwrap();
    std::os::unix::fs::symlink("..", d.join("a/up")).unwrap();
    let (code, v, stderr) = kbdiag(&["diagnose", "--format", "json", &d.display().to_string()]).json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(v["complete"], true, "{:#}", v["incomplete"]);
    assert!(v["inputs"].to_string().contains("a folder already read; read once"), "{:#}", v["inputs"]);
}

/// Encrypted or compressed data with few NUL bytes (gpg, openssl, a PNG, an unknown
/// compressor) is binary, not generic text: the run is incomplete and `--fail-on possible`
/// fails. Text in a legacy 8-bit code page (CP1251, Latin-1) is still read as text.
#[test]
fn encrypted_data_is_binary_and_legacy_code_pages_are_text() {
    let d = tempfile::tempdir().unwrap();
    // Bytes as a cipher writes them: uniform, from a fixed xorshift.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    std::fs::write(d.path().join("wfserver.log.enc"), &noise).unwrap();
    // "Ошибка сервера" (server error) in CP1251, and "arrêté" in Latin-1.
    let cp1251: Vec<u8> =
        [0xCE, 0xF8, 0xE8, 0xE1, 0xEA, 0xE0, b' ', 0xF1, 0xE5, 0xF0, 0xE2, 0xE5, 0xF0, 0xE0, b'\n'].repeat(300);
    std::fs::write(d.path().join("ru.log"), cp1251).unwrap();
    std::fs::write(d.path().join("fr.log"), b"Serveur arr\xEAt\xE9 \xE0 10h\n".repeat(300)).unwrap();
    let (code, v, _) =
        kbdiag(&["diagnose", "--format", "json", "--fail-on", "possible", &d.path().display().to_string()]).json();
    assert_eq!(input(&v, "wfserver.log.enc")["format"], "binary", "{v:#}");
    assert!(warning(&v, "wfserver.log.enc").contains("binary"), "{v:#}");
    assert_eq!(input(&v, "ru.log")["format"], "generic", "{v:#}");
    assert_eq!(input(&v, "fr.log")["format"], "generic", "{v:#}");
    assert_eq!(v["complete"], false);
    assert_eq!(code, 1, "--fail-on possible fails on an incomplete run");
}
