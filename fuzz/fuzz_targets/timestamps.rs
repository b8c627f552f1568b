//! Any bytes through the time readers and the zone and duration parsers.
#![no_main]
use kbdiag_engine::time::{parse_iso, parse_with, Zone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for zone in [Zone::default(), Zone::parse("Europe/Paris").unwrap_or_default(), Zone::Fixed(-18000)] {
        let _ = parse_iso(data, &zone);
        let layouts = ["iso", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S%.f%#z"].map(String::from);
        let _ = parse_with(&text, &layouts, &zone);
    }
    let _ = Zone::parse(&text);
    let _ = kbdiag_engine::duration::parse(&text);
});
