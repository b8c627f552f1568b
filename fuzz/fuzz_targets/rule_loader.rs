//! Any bytes as a rule file and as a format file of a pack.
#![no_main]
use kbdiag_engine::pack::{PackFiles, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut set = RuleSet::default();
    set.add(PackFiles {
        origin: "fuzz".into(),
        files: vec![
            ("pack.yaml".into(), "name: fuzz\nversion: 0.0.1\n".into()),
            ("rules/r.yaml".into(), text.clone()),
            ("formats/f.yaml".into(), text),
        ],
    });
});
