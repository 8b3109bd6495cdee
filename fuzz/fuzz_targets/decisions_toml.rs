//! `decisions.toml`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match rappro::config::parse_decisions(text, Path::new("dossier/decisions.toml")) {
        Ok(decisions) => {
            for decision in decisions {
                assert!(decision.source.line >= 1);
                assert!(decision.invoice.is_some() || decision.entry.is_some());
            }
        }
        Err(err) => {
            let message = err.to_string();
            assert!(!message.contains('\n'), "{message:?}");
        }
    }
});
