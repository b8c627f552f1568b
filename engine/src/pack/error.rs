//! Typed compile errors of pack files: what went wrong (`ErrorKind`) and where, as the YAML key
//! path of the value it is about (`KeyPath`); `position` turns the path into a line and column.

use std::fmt;

/// One step of a key path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a value is in a YAML document: `symptoms.s.regex` is `[Key(symptoms), Key(s),
/// Key(regex)]`, `text.steps[1]` is `[Key(text), Key(steps), Index(1)]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> KeyPath {
        KeyPath(Vec::new())
    }

    /// This path and then the key `k`.
    #[must_use]
    pub fn key(&self, k: impl Into<String>) -> KeyPath {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.into()));
        KeyPath(v)
    }

    /// This path and then the index `i`.
    #[must_use]
    pub fn index(&self, i: usize) -> KeyPath {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        KeyPath(v)
    }

    /// Read the written form back: `text.steps[1].when`. Keys holding `.` or `[` cannot be
    /// written this way (build those with `key`).
    pub fn parse(s: &str) -> KeyPath {
        let mut out = KeyPath::root();
        for part in s.split('.').filter(|p| !p.is_empty()) {
            let (name, mut rest) = part.find('[').map_or((part, ""), |i| (&part[..i], &part[i..]));
            if !name.is_empty() {
                out.0.push(Seg::Key(name.to_string()));
            }
            while let Some(close) = rest.find(']') {
                match rest[1..close].parse() {
                    Ok(n) => out.0.push(Seg::Index(n)),
                    Err(_) => out.0.push(Seg::Key(rest[1..close].to_string())),
                }
                rest = &rest[close + 1..];
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A regex that does not compile.
    #[error("{0}")]
    Regex(#[from] regex::Error),
    /// A text template (compiled as a Rhai back-tick string) that does not compile; the
    /// position is inside the back-ticked source.
    #[error("{0}")]
    Template(rhai::ParseError),
    /// A step's `when` expression that does not compile.
    #[error("{0}")]
    Expression(rhai::ParseError),
    /// A `script:` condition that does not compile.
    #[error("script: {0}")]
    Script(rhai::ParseError),
    /// A window or tolerance that is not a duration.
    #[error("{0}")]
    Duration(String),
    /// A name that refers to nothing, or to itself.
    #[error("{0}")]
    Reference(String),
    /// A value the rule language does not accept.
    #[error("{0}")]
    Invalid(String),
}

/// A problem in a rule or format file, at the value `path` is about.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{kind}", self.context.as_deref().map(|c| format!("{c}: ")).unwrap_or_default())]
pub struct CompileError {
    pub path: KeyPath,
    pub kind: ErrorKind,
    /// What the message starts with: the path by default.
    context: Option<String>,
}

impl CompileError {
    /// An error about the value at `path`; the message starts with the path.
    pub fn new(path: KeyPath, kind: impl Into<ErrorKind>) -> CompileError {
        let context = (!path.is_empty()).then(|| path.to_string());
        CompileError { path, kind: kind.into(), context }
    }

    /// The same, with the message starting with `context` instead of the path.
    #[must_use]
    pub fn context(mut self, context: impl Into<String>) -> CompileError {
        self.context = Some(context.into());
        self
    }

    /// The same, with the message saying only what is wrong (it names the place itself).
    #[must_use]
    pub fn bare(mut self) -> CompileError {
        self.context = None;
        self
    }

    /// The same error one level down: the path and its message prefixed by `parent`.
    #[must_use]
    pub fn under(mut self, parent: &KeyPath) -> CompileError {
        let mut v = parent.0.clone();
        v.extend(self.path.0);
        self.path = KeyPath(v);
        if self.context.is_some() || !self.path.is_empty() {
            self.context = Some(self.path.to_string());
        }
        self
    }

    /// 1-based line and column in the file the index was built from: for a Rhai error in a
    /// text, the character Rhai points at; otherwise the key (or the item) of the path.
    pub fn position(&self, index: &super::position::YamlIndex) -> Option<(usize, usize)> {
        let rhai = match &self.kind {
            ErrorKind::Template(e) => Some((e, true)),
            ErrorKind::Expression(e) => Some((e, false)),
            _ => None,
        };
        rhai.and_then(|(e, wrapped)| {
            let (line, col) = (e.1.line()?, e.1.position()?);
            index.position_in_value(&self.path, rhai_to_value(index.value_text(&self.path)?, line, col, wrapped)?)
        })
        .or_else(|| index.position(&self.path))
    }
}

/// The character offset in a scalar's value that a Rhai position (1-based line and column of
/// the compiled source) points at. A template is compiled as `` `value` `` with every back-tick
/// doubled: the opening back-tick and the doubling are taken out again.
fn rhai_to_value(value: &str, line: usize, col: usize, wrapped: bool) -> Option<usize> {
    let source = if wrapped { crate::script::template_source(value) } else { value.to_string() };
    let mut lines = source.split('\n');
    let before: usize = lines.by_ref().take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let src_offset = before + col.checked_sub(1)?;
    if !wrapped {
        return Some(src_offset);
    }
    // Walk the source to the offset, counting value characters.
    let mut chars = source.chars().enumerate().skip(1).peekable();
    let mut n = 0;
    while let Some((i, c)) = chars.next() {
        if i >= src_offset {
            return Some(n);
        }
        if c == '`' && chars.peek().is_some_and(|(_, d)| *d == '`') {
            chars.next();
        }
        n += 1;
    }
    Some(n.min(value.chars().count()))
}
