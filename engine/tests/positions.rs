//! Load errors carry their place: the key path they are about, a typed kind, and the line and
//! column found through a YAML event parser, in flow and block style alike; Rhai errors point
//! at the character inside a quoted or block scalar; YAML syntax errors keep the parser's place.

use kbdiag_engine::pack::{ErrorKind, KeyPath, LoadError, PackFiles, RuleSet, Seg};

fn errors(rule: &str) -> Vec<LoadError> {
    let mut set = RuleSet::default();
    set.add(PackFiles {
        origin: "p".into(),
        files: vec![("pack.yaml".into(), "name: p\nversion: 0.0.1\n".into()), ("rules/r.yaml".into(), rule.into())],
    });
    set.errors
}

fn only(rule: &str) -> LoadError {
    let e = errors(rule);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.into_iter().next().unwrap()
}

const HEAD: &str = "id: r\nkb: {article: KA-1}\ntitle: t\n";

fn keys(path: &[&str]) -> KeyPath {
    KeyPath(path.iter().map(|k| Seg::Key(k.to_string())).collect())
}

#[test]
fn a_regex_in_flow_style_is_placed_at_its_key() {
    let e = only(&format!("{HEAD}symptoms: {{s: {{regex: 'a('}}}}\nrequire: s\ntext: {{cause: c, steps: [s]}}\n"));
    assert_eq!(e.key_path(), Some(&keys(&["symptoms", "s", "regex"])));
    assert!(matches!(e.source.as_ref().unwrap().kind, ErrorKind::Regex(_)), "{e:?}");
    assert_eq!((e.line, e.column), (Some(4), Some(16)), "the `regex` of line 4: {e}");
    assert!(e.message.starts_with("symptoms.s.regex: regex parse error"), "{}", e.message);
    assert!(e.to_string().starts_with("p/rules/r.yaml:4:16: rule r: symptoms.s.regex: "), "{e}");
    let source = std::error::Error::source(&e).expect("the compile error is the source");
    assert!(source.to_string().starts_with("symptoms.s.regex: "), "{source}");
}

#[test]
fn a_rhai_error_in_a_quoted_step_points_at_the_character() {
    // The `}` after `1 +`: line 10, the quote at column 7, `${` at 15, the `}` at 22.
    let rule = format!(
        "{HEAD}symptoms:\n  s: {{contains: [x]}}\nrequire: s\ntext:\n  cause: c\n  steps:\n    - fine\n    - \"it's ${{ 1 + }}\"\n"
    );
    let e = only(&rule);
    assert_eq!(e.key_path(), Some(&KeyPath::parse("text.steps[1]")));
    assert!(matches!(e.source.as_ref().unwrap().kind, ErrorKind::Template(_)), "{e:?}");
    assert_eq!((e.line, e.column), (Some(11), Some(20)), "{e}\n{rule}");
    // The same in single quotes, where '' is one character of the value.
    let e = only(&rule.replace("\"it's ${ 1 + }\"", "'it''s ${ 1 + }'"));
    assert_eq!((e.line, e.column), (Some(11), Some(21)), "{e}");
}

#[test]
fn a_rhai_error_in_a_literal_block_is_on_its_own_line() {
    let e = only(&format!(
        "{HEAD}symptoms:\n  s: {{contains: [x]}}\nrequire: s\ntext:\n  cause: |\n    first ${{ 1 }}\n      indented\n    third ${{ 2 * }}\n  steps: [s]\n"
    ));
    assert_eq!(e.key_path(), Some(&KeyPath::parse("text.cause")));
    // Line 3 of the block is line 11 of the file; the `}` of `${ 2 * }` is its 18th column.
    assert_eq!((e.line, e.column), (Some(11), Some(18)), "{e}");
}

#[test]
fn keys_nested_in_a_list_item() {
    let errs = errors(&format!(
        "{HEAD}symptoms:\n  s: {{contains: [x]}}\nrequire: s\ntext:\n  cause: c\n  steps:\n    - fine\n    - when: 'count(s) >'\n      text: 'ok ${{ ) }}'\n"
    ));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let when = errs.iter().find(|e| e.key_path() == Some(&KeyPath::parse("text.steps[1].when"))).unwrap();
    assert!(matches!(when.source.as_ref().unwrap().kind, ErrorKind::Expression(_)), "{when:?}");
    // `count(s) >` ends too soon: Rhai points past its end, at the closing quote (line 11, column 24).
    assert_eq!((when.line, when.column), (Some(11), Some(24)), "{when}");
    let text = errs.iter().find(|e| e.key_path() == Some(&KeyPath::parse("text.steps[1].text"))).unwrap();
    assert_eq!((text.line, text.column), (Some(12), Some(20)), "the `)`: {text}");
    assert_eq!(KeyPath::parse("text.steps[1].when").0[2], Seg::Index(1));
}

#[test]
fn a_key_path_error_without_rhai_points_at_the_key_in_flow_and_block_style() {
    let block = errors(&format!(
        "{HEAD}symptoms:\n  s: {{contains: [x]}}\nconditions:\n  far:\n    near: {{a: s, b: nope, within: 1m}}\nrequire: far\ntext: {{cause: c, steps: [s]}}\n"
    ));
    // The condition, and `require` that names it.
    assert_eq!(block.len(), 2, "{block:#?}");
    let block = &block[0];
    assert_eq!(block.key_path(), Some(&keys(&["conditions", "far"])));
    assert!(matches!(block.source.as_ref().unwrap().kind, ErrorKind::Reference(_)));
    assert_eq!((block.line, block.column), (Some(7), Some(3)), "{block}");
    let flow = &errors(&format!(
        "{HEAD}symptoms: {{s: {{contains: [x]}}}}\nconditions: {{far: {{near: {{a: s, b: s, within: 0m}}}}}}\nrequire: far\ntext: {{cause: c, steps: [s]}}\n"
    ))[0];
    assert!(matches!(flow.source.as_ref().unwrap().kind, ErrorKind::Duration(_)));
    assert_eq!((flow.line, flow.column), (Some(5), Some(14)), "{flow}");
}

#[test]
fn a_yaml_syntax_error_keeps_the_parsers_place() {
    let e = only("id: r\nkb: {article: KA-1\ntitle: t\n");
    assert!(e.source.is_none() && e.key_path().is_none());
    assert!(e.message.contains("did not find expected ',' or '}'"), "{}", e.message);
    assert_eq!((e.line, e.column), (Some(3), Some(6)), "{e}");
}

#[test]
fn the_index_answers_for_any_yaml_text() {
    let y = "a: [x, {b: [1, {c: d}]}]\n";
    assert_eq!(kbdiag_engine::pack::position(y, &KeyPath::parse("a[1].b[1].c")), Some((1, 17)));
    assert_eq!(kbdiag_engine::pack::position(y, &KeyPath::parse("a[1].b[0]")), Some((1, 13)));
}

#[test]
fn columns_count_characters_not_bytes() {
    let e = only(
        "id: r\nkb: {article: KA-1}\ntitle: Överföring misslyckades\nsymptoms: {s: {contains: [x]}}\nrequire: s\ntext: {cause: 'Åtgärd: ${ 1 + }', steps: [s]}\n",
    );
    // `text: {cause: 'Åtgärd: ${ 1 + }'`: the `}` is the 31st character of line 6.
    assert_eq!((e.line, e.column), (Some(6), Some(31)), "{e}");
}
