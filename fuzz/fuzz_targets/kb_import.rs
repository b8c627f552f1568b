//! Any bytes as a KB article through the importer, and the draft it makes through the loader.
#![no_main]
use kbdiag_engine::pack::{PackFiles, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(article) = kbdiag::kbimport::parse(&text) {
        let files = kbdiag::kbimport::draft(&article, "fuzz.md");
        let mut set = RuleSet::default();
        let mut pack = vec![("pack.yaml".to_string(), "name: f\nversion: 0.0.1\n".to_string())];
        pack.extend(files.into_iter().filter(|(p, _)| p.starts_with("rules/")));
        set.add(PackFiles { origin: "fuzz".into(), files: pack });
        // A draft must load: anything else is a bug in the importer.
        assert!(set.errors.iter().all(|e| !e.message.contains("did not find expected")), "{:?}", set.errors);
    }
});
