//! `rappro.toml`: parsing and every check of meaning. Errors are values with a French
//! message; the oracle also wants that message on one line.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader refuses text that is not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(err) = rappro::config::parse(text, Path::new("dossier/rappro.toml")) {
        let message = err.to_string();
        assert!(!message.is_empty());
        assert!(!message.contains('\n'), "{message:?}");
    }
});
