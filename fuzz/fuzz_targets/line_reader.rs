//! Any bytes, as a log file of each known kind, through the whole diagnosis.
#![no_main]
use kbdiag_engine::input::{Input, Origin};
use kbdiag_engine::pack::{embedded, RuleSet};
use kbdiag_engine::scan::ScanOptions;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn packs() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(embedded::rule_set)
}

fuzz_target!(|data: &[u8]| {
    let bytes: Arc<[u8]> = Arc::from(data);
    let inputs = ["web.log", "mcSynch_mcExec1.journal.txt", "postgresql.log", "x.log.gz"]
        .iter()
        .map(|n| Input { display: n.to_string(), origin: Origin::Bytes(bytes.clone()) })
        .collect();
    // threads: 0 uses the global pool; a pool per run would start (and leave) a thread per input.
    let opts = ScanOptions { chunk_bytes: 64, split_bytes: 0, threads: 0, ..Default::default() };
    let _ = kbdiag_engine::diagnose_inputs(packs(), inputs, vec![], &opts);
});
