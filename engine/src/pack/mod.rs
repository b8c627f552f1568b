//! Rule packs: reading the files of a pack (from a folder, or given in memory by the program)
//! and compiling them into formats and rules the engine runs. Every problem is collected, with file and
//! line where known; a broken rule never keeps the others from loading.

pub mod compile;
pub mod error;
pub mod model;
pub mod position;
mod reads;
mod walk;

use std::fmt;
use std::path::Path;

/// The format of files no pack format claims (the format module names it too): pasted text.
pub const GENERIC: &str = "generic";

pub use compile::{Cond, Format, Glob, LiteralSearch, RelKind, Rule, SourceSel, Symptom, Template, Text};
pub use error::{CompileError, ErrorKind, KeyPath, Seg};
pub use position::{position, YamlIndex};

/// A problem found while loading a pack.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoadError {
    /// The file, as `pack-name/relative/path.yaml`.
    pub file: String,
    /// 1-based line and column (in characters): of the YAML parser's error, of the key the
    /// compile error is about, or of the character a Rhai error points at.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The rule the problem belongs to, when it belongs to one.
    pub rule: Option<String>,
    pub message: String,
    /// The compile error, when that is what the problem is.
    #[serde(skip)]
    pub source: Option<Box<CompileError>>,
}

impl LoadError {
    /// A problem with no place in a file (a folder that cannot be read, a pack-level refusal).
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> LoadError {
        LoadError { file: file.into(), line: None, column: None, rule: None, message: message.into(), source: None }
    }

    /// A compile error in `file`, placed through the index of the file's text.
    pub fn compile(file: &str, rule: Option<String>, error: CompileError, index: &YamlIndex) -> LoadError {
        let at = error.position(index);
        LoadError {
            file: file.to_string(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            rule,
            message: error.to_string(),
            source: Some(Box::new(error)),
        }
    }

    /// The key path the problem is about, when it is a compile error.
    pub fn key_path(&self) -> Option<&KeyPath> {
        self.source.as_ref().map(|e| &e.path)
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(r) = &self.rule {
            write!(f, ": rule {r}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The raw files of one pack: relative path and text.
pub struct PackFiles {
    /// Where the pack came from, for messages: a folder, or `embedded:<name>`.
    pub origin: String,
    pub files: Vec<(String, String)>,
}

impl PackFiles {
    /// Read a pack folder: `pack.yaml`, `formats/*.yaml`, `rules/**/*.yaml`. Fixtures are not
    /// read here (they are test data, see `fixture`).
    pub fn from_dir(dir: &Path) -> Result<PackFiles, LoadError> {
        let origin = dir.display().to_string();
        let err = |file: &str, message: String| LoadError::new(file, message);
        if !dir.join("pack.yaml").is_file() {
            return Err(err(&origin, "not a rule pack: no pack.yaml in this folder".into()));
        }
        // The same walker as the inputs' (walkdir, links followed, loops detected); a folder
        // or file that cannot be read is an error, never skipped.
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() != 1 || e.file_name() != "fixtures");
        for entry in walk {
            let entry = entry.map_err(|e| {
                let at = e.path().unwrap_or(dir).display().to_string();
                err(&at, format!("cannot read: {e}"))
            })?;
            let p = entry.path();
            let rel = p.strip_prefix(dir).unwrap_or(p).to_string_lossy().replace('\\', "/");
            if entry.file_type().is_file() && (rel.ends_with(".yaml") || rel.ends_with(".yml")) {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| err(&p.display().to_string(), format!("cannot read: {e}")))?;
                files.push((rel, text));
            }
        }
        files.sort();
        Ok(PackFiles { origin, files })
    }
}

/// A compiled pack.
pub struct Pack {
    pub meta: model::PackMeta,
    pub origin: String,
    pub formats: Vec<Format>,
    pub rules: Vec<Rule>,
}

/// Everything loaded for one run: the packs' formats and rules, and what could not be loaded.
#[derive(Default)]
pub struct RuleSet {
    pub packs: Vec<(model::PackMeta, String)>,
    pub formats: Vec<Format>,
    pub rules: Vec<Rule>,
    pub errors: Vec<LoadError>,
}

impl RuleSet {
    pub fn add(&mut self, files: PackFiles) {
        let (pack, errors) = compile::compile_pack(&files);
        self.errors.extend(errors);
        if let Some(pack) = pack {
            for mut f in pack.formats {
                f.pack = pack.meta.name.clone();
                if let Some(p) = f.param.as_mut() {
                    p.pack = pack.meta.name.clone();
                }
                if self.formats.iter().any(|g| g.id == f.id) {
                    self.errors.push(LoadError::new(
                        format!("{}/formats", pack.origin),
                        format!("format '{}' is already defined by another pack", f.id),
                    ));
                } else {
                    self.formats.push(f);
                }
            }
            for r in pack.rules {
                if self.rules.iter().any(|g| g.id == r.id) {
                    self.errors.push(LoadError {
                        rule: Some(r.id.clone()),
                        ..LoadError::new(r.file.clone(), "a rule with this id is already loaded")
                    });
                } else {
                    self.rules.push(r);
                }
            }
            self.packs.push((pack.meta, pack.origin));
        }
    }

    /// Find a rule by id or by KB article number (case-insensitive).
    pub fn find(&self, key: &str) -> Vec<&Rule> {
        self.rules.iter().filter(|r| r.id.eq_ignore_ascii_case(key) || r.kb.article.eq_ignore_ascii_case(key)).collect()
    }
}

/// JSON Schemas of the pack files, generated from the same structs the loader reads
/// (`kbdiag schema`), for editors that validate and complete YAML.
pub fn schema(kind: &str) -> Option<serde_json::Value> {
    let s = match kind {
        "rule" => schemars::schema_for!(model::RuleDef),
        "pack" => schemars::schema_for!(model::PackMeta),
        "format" => schemars::schema_for!(model::FormatDef),
        "case" => schemars::schema_for!(model::CaseDef),
        _ => return None,
    };
    serde_json::to_value(s).ok()
}
