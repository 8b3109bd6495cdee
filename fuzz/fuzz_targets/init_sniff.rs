//! `rappro init`: the first 64 KiB of every file of a folder are recognised
//! (`import::detect`: export, chart, OVH JSON, control-panel CSV…) to write a starting rappro.toml, which must then parse.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rappro_fuzz::tolerate_caught_dependency_panics();
    let head = &data[..data.len().min(64 * 1024)];
    let _ = rappro::import::detect::detect(head, Path::new("f"));
    let files = vec![
        ("factures/x.csv".to_owned(), head.to_vec()),
        ("paheko/export.csv".to_owned(), head.to_vec()),
    ];
    let text = rappro::config::starting_config(&files);
    // What init writes is a configuration rappro reads (or, at worst, refuses in French).
    if let Err(err) = rappro::config::parse(&text, Path::new("dossier/rappro.toml")) {
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message:?}");
    }
});
