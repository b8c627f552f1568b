//! Find where a key path (`symptoms.s.regex`, `text.steps[2]`) is written in a YAML file, so
//! that problems found after parsing still point at a line. Block-style YAML only; for flow
//! style (`s: {regex: ..}`) the deepest key found is reported.

/// 1-based line and column of the deepest part of `path` found in `text`.
pub fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let want = segments(path);
    if want.is_empty() {
        return None;
    }
    // Stack of (indent, segment) for the keys and list items enclosing the current line.
    let mut stack: Vec<(usize, Seg)> = Vec::new();
    let mut counters: Vec<(usize, usize)> = Vec::new(); // (indent of "- ", next index)
    let mut best: Option<(usize, usize, usize)> = None; // (depth, line, col)
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            // A list item: its index among the items at this indent.
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
            counters.retain(|(i, _)| *i <= indent);
            let idx = match counters.iter_mut().find(|(i, _)| *i == indent) {
                Some(c) => {
                    c.1 += 1;
                    c.1 - 1
                }
                None => {
                    counters.push((indent, 1));
                    0
                }
            };
            stack.push((indent, Seg::Index(idx)));
            check(&stack, &want, n, indent, &mut best);
            indent += 2;
            rest = after.trim_start();
        }
        if let Some(key) = key_of(rest) {
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
            counters.retain(|(i, _)| *i < indent || stack.iter().any(|(s, _)| s == i));
            stack.push((indent, Seg::Key(key.to_string())));
            check(&stack, &want, n, indent, &mut best);
            // Flow-style children on the same line: `s: {regex: ...}`.
            if let Some(Seg::Key(k)) = want.get(stack.len()) {
                if let Some(pos) = rest.find(&format!("{k}:")) {
                    let depth = stack.len() + 1;
                    if matches(&stack, &want) && best.is_none_or(|b| depth > b.0) {
                        best = Some((depth, n + 1, indent + pos + 1));
                    }
                }
            }
        }
    }
    best.map(|(_, l, c)| (l, c))
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut idx) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Seg::Key(name.to_string()));
        }
        while let Some(close) = idx.find(']') {
            if let Ok(n) = idx[1..close].parse() {
                out.push(Seg::Index(n));
            }
            idx = &idx[close + 1..];
        }
    }
    out
}

fn key_of(s: &str) -> Option<&str> {
    let end = s.find(':')?;
    let k = s[..end].trim().trim_matches(['"', '\'']);
    let ok = !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (ok && s[end + 1..].chars().next().is_none_or(|c| c == ' ')).then_some(k)
}

fn matches(stack: &[(usize, Seg)], want: &[Seg]) -> bool {
    stack.len() <= want.len() && stack.iter().zip(want).all(|((_, a), b)| a == b)
}

fn check(stack: &[(usize, Seg)], want: &[Seg], n: usize, indent: usize, best: &mut Option<(usize, usize, usize)>) {
    if matches(stack, want) && best.is_none_or(|b| stack.len() > b.0) {
        *best = Some((stack.len(), n + 1, indent + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: &str = "id: x\nsymptoms:\n  a: {regex: 'x'}\n  b:\n    regex: 'y'\n    where:\n      f: z\ntext:\n  cause: c\n  steps:\n    - one\n    - when: x\n      text: two\n";

    #[test]
    fn finds_keys_items_and_flow_children() {
        assert_eq!(locate(Y, "symptoms.b.regex"), Some((5, 5)));
        assert_eq!(locate(Y, "symptoms.b.where.f"), Some((7, 7)));
        assert_eq!(locate(Y, "symptoms.a.regex"), Some((3, 7)));
        assert_eq!(locate(Y, "text.steps[1].when"), Some((12, 7)));
        assert_eq!(locate(Y, "text.steps[0]"), Some((11, 5)));
        assert_eq!(locate(Y, "text.cause"), Some((9, 3)));
        assert_eq!(locate(Y, "nothing.here"), None);
    }
}
