//! Paths → inputs: files, folders (walked recursively), `.gz` (by content, not by name) and
//! `-` for stdin. Nothing found here is dropped silently: what cannot be read becomes a
//! warning on that input.

use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One log source to read.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as the user will recognise it (relative to the folder given, if any).
    pub display: String,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum Origin {
    File(PathBuf),
    Stdin,
    /// Something found while walking a folder that cannot be read (a folder without
    /// permission, a symbolic-link loop): reported as an input with this warning.
    Problem(String),
    /// Bytes already in memory (tests, fuzzing, embedding kbdiag in another tool).
    Bytes(std::sync::Arc<[u8]>),
}

/// A path given on the command line that could not be used at all.
#[derive(Debug, Clone)]
pub struct PathProblem {
    pub path: String,
    pub message: String,
}

/// Expand the user's paths into inputs, in a stable order (folders sorted by name).
pub fn collect(paths: &[String]) -> (Vec<Input>, Vec<PathProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p == "-" {
            inputs.push(Input { display: "<stdin>".into(), origin: Origin::Stdin });
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => problems.push(PathProblem { path: p.clone(), message: io_message(&e) }),
            Ok(m) if m.is_dir() => {
                let mut seen = Vec::new();
                walk(path, path, &mut inputs, &mut seen);
            }
            Ok(_) => inputs.push(Input { display: p.clone(), origin: Origin::File(path.to_path_buf()) }),
        }
    }
    (inputs, problems)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Input>, seen: &mut Vec<PathBuf>) {
    // A symlink loop would make us walk forever: remember the real folders already walked.
    if let Ok(real) = std::fs::canonicalize(dir) {
        if seen.contains(&real) {
            out.push(Input {
                display: dir.display().to_string(),
                origin: Origin::Problem("folder already walked (symbolic link loop); skipped".into()),
            });
            return;
        }
        seen.push(real);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input {
                display: dir.display().to_string(),
                origin: Origin::Problem(format!("cannot read folder: {}", io_message(&e))),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let display = match p.strip_prefix(root) {
            Ok(rel) if root != Path::new(".") => {
                format!("{}/{}", root.display().to_string().trim_end_matches('/'), rel.display())
            }
            Ok(rel) => rel.display().to_string(),
            Err(_) => p.display().to_string(),
        };
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(root, &p, out, seen),
            Ok(m) if m.is_file() => out.push(Input { display, origin: Origin::File(p) }),
            Ok(_) => {}
            Err(e) => out.push(Input { display, origin: Origin::Problem(format!("cannot open: {}", io_message(&e))) }),
        }
    }
}

pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// An opened input: a buffered reader over the decompressed bytes, and notes about it.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub gzip: bool,
    pub warnings: Vec<String>,
}

/// Open an input, decompressing gzip when the content (not only the name) says so.
pub fn open(input: &Input) -> Result<Opened, String> {
    let raw: Box<dyn Read + Send> = match &input.origin {
        Origin::Stdin => Box::new(io::stdin()),
        Origin::File(p) => Box::new(File::open(p).map_err(|e| format!("cannot open: {}", io_message(&e)))?),
        Origin::Problem(w) => return Err(w.clone()),
        Origin::Bytes(b) => Box::new(std::io::Cursor::new(b.clone())),
    };
    let mut buffered = BufReader::with_capacity(256 * 1024, raw);
    let head = buffered.fill_buf().map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    let is_gz = head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    let mut warnings = Vec::new();
    if let Origin::File(p) = &input.origin {
        if p.to_str().is_none() {
            warnings.push("the file name is not valid UTF-8; it is shown with U+FFFD".into());
        }
    }
    if !is_gz && input.display.ends_with(".gz") {
        warnings.push("named .gz but not gzip data; read as plain text".into());
    }
    if is_gz {
        let dec = MultiGzDecoder::new(buffered);
        Ok(Opened { reader: Box::new(BufReader::with_capacity(256 * 1024, dec)), gzip: true, warnings })
    } else {
        Ok(Opened { reader: Box::new(buffered), gzip: false, warnings })
    }
}

/// The file name a format is recognised by: the last path component, without `.gz`.
pub fn base_name(display: &str) -> &str {
    let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
    name.strip_suffix(".gz").unwrap_or(name)
}
