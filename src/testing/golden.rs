//! Golden-file comparison, one implementation for the unit tests (`crate::testing`) and the
//! integration tests (`tests/it/support.rs` includes this file by path). Depends on std and
//! `similar` only.

use std::path::Path;

/// True when the run blesses golden files: `UPDATE_GOLDEN=1`, exactly (any other value, or
/// none, compares).
pub(crate) fn update_golden() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares `actual` with the golden file at `path`; `UPDATE_GOLDEN=1` rewrites it. A
/// missing golden file is written and the comparison fails, so a new one is always looked at.
pub(crate) fn check_golden(path: &Path, actual: &[u8]) -> Result<(), String> {
    let update = update_golden();
    match std::fs::read(path) {
        Ok(stored) if stored == actual => Ok(()),
        Ok(_) if update => {
            std::fs::write(path, actual).expect("golden updated");
            Ok(())
        }
        Ok(stored) => {
            let (old, new) = (
                String::from_utf8_lossy(&stored),
                String::from_utf8_lossy(actual),
            );
            let diff = similar::TextDiff::from_lines(&*old, &*new)
                .unified_diff()
                .header("golden", "actual")
                .to_string();
            Err(format!(
                "{} differs (UPDATE_GOLDEN=1 to accept):\n{diff}",
                path.display()
            ))
        }
        Err(_) => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).expect("golden folder");
            }
            std::fs::write(path, actual).expect("golden written");
            if update {
                Ok(())
            } else {
                Err(format!(
                    "{} was missing: written, check it and run again",
                    path.display()
                ))
            }
        }
    }
}
