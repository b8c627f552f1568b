//! Where a key path is written in a YAML text: an index built from the events of a YAML parser
//! (`saphyr-parser`, whose events carry their spans), so that block and flow style alike give
//! the exact line and column of a key, a list item, or a character inside a scalar.

use super::error::KeyPath;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use std::collections::HashMap;

struct Node {
    /// The key of a mapping entry.
    key: Option<Marker>,
    /// Where the value starts (a block scalar: its `|` or `>`).
    start: Marker,
    /// A scalar: where its text starts, its style and its value.
    scalar: Option<(Marker, ScalarStyle, String)>,
    end: Marker,
}

enum Frame {
    Map { path: KeyPath, key: Option<(String, Marker)> },
    Seq { path: KeyPath, next: usize },
}

/// The positions of every key and value of a YAML document (the first, when there are several).
/// Lines and columns are 1-based and count characters.
pub struct YamlIndex {
    chars: Vec<char>,
    nodes: HashMap<KeyPath, Node>,
}

impl YamlIndex {
    /// Index `text`. A syntax error ends the index where it is; what came before stays found.
    pub fn new(text: &str) -> YamlIndex {
        let chars: Vec<char> = text.chars().collect();
        let mut nodes: HashMap<KeyPath, Node> = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        for ev in Parser::new_from_str(text) {
            let Ok((ev, span)) = ev else { break };
            let scalar = match &ev {
                Event::DocumentEnd | Event::StreamEnd => break,
                Event::MappingEnd | Event::SequenceEnd => {
                    let path = match stack.pop() {
                        Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) => path,
                        None => continue,
                    };
                    if let Some(n) = nodes.get_mut(&path) {
                        n.end = span.end;
                    }
                    continue;
                }
                Event::Scalar(v, style, ..) => Some((v.to_string(), *style)),
                Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..) => None,
                _ => continue,
            };
            let (path, key) = match stack.last_mut() {
                None => (KeyPath::root(), None),
                Some(Frame::Seq { path, next }) => {
                    *next += 1;
                    (path.index(*next - 1), None)
                }
                Some(Frame::Map { path, key }) => match key.take() {
                    Some((k, at)) => (path.key(k), Some(at)),
                    None => {
                        // This node is a key. A key that is not a scalar is indexed as `?`.
                        let name = scalar.as_ref().map_or_else(|| "?".to_string(), |(v, _)| v.clone());
                        *key = Some((name.clone(), span.start));
                        if scalar.is_some() {
                            continue;
                        }
                        (path.key(name), None)
                    }
                },
            };
            let start = match &scalar {
                Some((_, ScalarStyle::Literal | ScalarStyle::Folded)) => indicator(&chars, span.start),
                _ => span.start,
            };
            match ev {
                Event::MappingStart(..) => stack.push(Frame::Map { path: path.clone(), key: None }),
                Event::SequenceStart(..) => stack.push(Frame::Seq { path: path.clone(), next: 0 }),
                _ => {}
            }
            let scalar = scalar.map(|(v, style)| (span.start, style, v));
            nodes.entry(path).or_insert(Node { key, start, scalar, end: span.end });
        }
        YamlIndex { chars, nodes }
    }

    /// The node at `path`, or else at the longest part of it that is in the text.
    fn nearest(&self, path: &KeyPath) -> Option<&Node> {
        (1..=path.0.len()).rev().find_map(|n| self.nodes.get(&KeyPath(path.0[..n].to_vec())))
    }

    /// Line and column of the key of `path` (of the item itself in a list); when the text does
    /// not have the whole path, of the deepest part of it that it has.
    pub fn position(&self, path: &KeyPath) -> Option<(usize, usize)> {
        let n = self.nearest(path)?;
        let m = n.key.unwrap_or(n.start);
        Some((m.line(), m.col() + 1))
    }

    /// Line and column where the value of `path` starts (its opening quote or bracket, the
    /// `|` or `>` of a block scalar).
    pub fn value_position(&self, path: &KeyPath) -> Option<(usize, usize)> {
        let m = self.nodes.get(path)?.start;
        Some((m.line(), m.col() + 1))
    }

    /// The value of the scalar at `path`, as the parser read it.
    pub fn value_text(&self, path: &KeyPath) -> Option<&str> {
        self.nodes.get(path)?.scalar.as_ref().map(|s| s.2.as_str())
    }

    /// Line and column of the character `offset` (in characters) of the scalar value at `path`:
    /// quotes, escapes, folded line breaks and block indentation are taken into account.
    pub fn position_in_value(&self, path: &KeyPath, offset: usize) -> Option<(usize, usize)> {
        let n = self.nodes.get(path)?;
        let (start, style, _) = n.scalar.as_ref()?;
        walk(&self.chars, *start, n.end, *style, offset)
    }
}

/// Line and column of `path` in the YAML `text` (see `YamlIndex::position`).
pub fn position(text: &str, path: &KeyPath) -> Option<(usize, usize)> {
    YamlIndex::new(text).position(path)
}

/// The `|` or `>` of a block scalar whose text starts at `content`: the last one on the
/// nearest line above that is not blank.
fn indicator(chars: &[char], content: Marker) -> Marker {
    let mut i = content.index().min(chars.len());
    let mut line = content.line();
    // Back to the end of the previous non-blank line.
    while i > 0 {
        i -= 1;
        if chars[i] == '\n' {
            line = line.saturating_sub(1);
            let begin = chars[..i].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
            let text = &chars[begin..i];
            if text.iter().any(|c| !c.is_whitespace()) {
                if let Some(col) = text.iter().rposition(|&c| c == '|' || c == '>') {
                    return Marker::new(begin + col, line, col);
                }
                return content;
            }
            i = begin;
        }
    }
    content
}

/// Walk a scalar's source from `start` until `offset` characters of its value have been read.
fn walk(chars: &[char], start: Marker, end: Marker, style: ScalarStyle, offset: usize) -> Option<(usize, usize)> {
    let (mut i, mut line, mut col) = (start.index(), start.line(), start.col());
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    if quoted {
        i += 1;
        col += 1;
    }
    let indent = start.col();
    let mut n = 0;
    loop {
        let at = Some((line, col + 1));
        let Some(&c) = chars.get(i).filter(|_| i < end.index()) else { return (n == offset).then_some(at?) };
        match (style, c) {
            (ScalarStyle::SingleQuoted, '\'') if chars.get(i + 1) != Some(&'\'') => {
                return (n == offset).then_some(at?)
            }
            (ScalarStyle::DoubleQuoted, '"') => return (n == offset).then_some(at?),
            (ScalarStyle::Literal, '\n') => {
                if n == offset {
                    return at;
                }
                n += 1;
                i += 1;
                line += 1;
                col = 0;
                while col < indent && chars.get(i) == Some(&' ') {
                    i += 1;
                    col += 1;
                }
                continue;
            }
            (ScalarStyle::Literal, _) => {}
            (_, '\n' | ' ' | '\t' | '\r') if line_break_ahead(chars, i) => {
                // Folding: one break is a space, more breaks are that many less newlines.
                let mut breaks = 0;
                while let Some(&w) = chars.get(i).filter(|w| matches!(w, '\n' | ' ' | '\t' | '\r')) {
                    if w == '\n' {
                        breaks += 1;
                        line += 1;
                        col = 0;
                    } else {
                        col += 1;
                    }
                    i += 1;
                }
                let add = if breaks == 1 { 1 } else { breaks - 1 };
                if offset < n + add {
                    return at;
                }
                n += add;
                continue;
            }
            _ => {}
        }
        if n == offset {
            return at;
        }
        let width = match (style, c) {
            (ScalarStyle::SingleQuoted, '\'') => 2,
            (ScalarStyle::DoubleQuoted, '\\') => match chars.get(i + 1) {
                Some('x') => 4,
                Some('u') => 6,
                Some('U') => 10,
                Some('\n') => {
                    // An escaped line break: no character at all.
                    i += 2;
                    line += 1;
                    col = 0;
                    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
                        i += 1;
                        col += 1;
                    }
                    continue;
                }
                _ => 2,
            },
            _ => 1,
        };
        i += width;
        col += width;
        n += 1;
    }
}

/// Is the white space at `i` the end of a line (only spaces up to the next line break)?
fn line_break_ahead(chars: &[char], i: usize) -> bool {
    chars[i..].iter().find(|c| !matches!(c, ' ' | '\t' | '\r')) == Some(&'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: &str = "id: x\nsymptoms:\n  a: {regex: 'x'}\n  b:\n    regex: 'y'\n    where:\n      f: z\ntext:\n  cause: c\n  steps:\n    - one\n    - when: x\n      text: two\n";

    fn at(s: &str) -> Option<(usize, usize)> {
        position(Y, &KeyPath::parse(s))
    }

    #[test]
    fn finds_keys_items_and_flow_children() {
        assert_eq!(at("symptoms.b.regex"), Some((5, 5)));
        assert_eq!(at("symptoms.b.where.f"), Some((7, 7)));
        assert_eq!(at("symptoms.a.regex"), Some((3, 7)));
        assert_eq!(at("text.steps[1].when"), Some((12, 7)));
        assert_eq!(at("text.steps[0]"), Some((11, 7)));
        assert_eq!(at("text.cause"), Some((9, 3)));
        assert_eq!(at("symptoms.b.nothing"), Some((4, 3)), "the deepest part found");
        assert_eq!(at("nothing.here"), None);
    }

    #[test]
    fn flow_style_throughout() {
        let y = "symptoms: {s: {regex: 'a(', where: {f: '[x'}}}\ntext: {steps: [one, 'two', {when: x, text: t}]}\n";
        let p = |s: &str| position(y, &KeyPath::parse(s));
        assert_eq!(p("symptoms.s.regex"), Some((1, 16)));
        assert_eq!(p("symptoms.s.where.f"), Some((1, 37)));
        assert_eq!(p("text.steps[1]"), Some((2, 21)));
        assert_eq!(p("text.steps[2].text"), Some((2, 38)));
    }

    #[test]
    fn characters_inside_scalars() {
        let y = "a: 'it''s ${x}'\nb: \"q\\\"q ${y}\"\nc: |\n  l1\n  l2 ${z}\nd: >-\n  f1\n  f2 ${w}\ne: plain ${v}\n";
        let ix = YamlIndex::new(y);
        let dollar = |k: &str| {
            let v = ix.value_text(&KeyPath::parse(k)).unwrap();
            let off = v.chars().take_while(|c| *c != '$').count();
            ix.position_in_value(&KeyPath::parse(k), off)
        };
        assert_eq!(dollar("a"), Some((1, 11)), "'' is one character");
        assert_eq!(dollar("b"), Some((2, 10)), "an escape is one character");
        assert_eq!(dollar("c"), Some((5, 6)));
        assert_eq!(dollar("d"), Some((8, 6)));
        assert_eq!(dollar("e"), Some((9, 10)));
        assert_eq!(ix.position(&KeyPath::parse("c")), Some((3, 1)));
        assert_eq!(ix.value_position(&KeyPath::parse("c")), Some((3, 4)), "the `|`");
    }

    #[test]
    fn a_syntax_error_keeps_what_came_before() {
        let ix = YamlIndex::new("a: 1\nb: {c: 2\nd: 3\n");
        assert_eq!(ix.position(&KeyPath::parse("a")), Some((1, 1)));
    }
}
