//! Shared helpers for the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the Girofle 2024 dataset copy under tests/fixtures.
pub(crate) fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures/girofle-2024").join(path)
}

/// Runs the `rappro` binary with `args` in `cwd`.
pub(crate) fn rappro(cwd: &Path, args: &[&str]) -> Output {
    rappro_with_env(cwd, args, &[])
}

/// Runs the `rappro` binary with `args` in `cwd` and the environment variables `env`.
pub(crate) fn rappro_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rappro"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RAPPRO_TEST_PANIC")
        .envs(env.iter().copied())
        .output()
        .expect("run rappro")
}

/// Compares `actual` with the golden file at `path`; `UPDATE_GOLDEN=1` rewrites it.
/// A missing golden file is written and the test fails, so it is never silently accepted.
pub(crate) fn assert_golden(path: &Path, actual: &[u8]) {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    match std::fs::read(path) {
        Ok(expected) if expected == actual => {}
        Ok(_) if update => std::fs::write(path, actual).expect("update golden"),
        Ok(expected) => {
            let expected = String::from_utf8_lossy(&expected);
            let actual_text = String::from_utf8_lossy(actual);
            let diff = similar::TextDiff::from_lines(&*expected, &*actual_text)
                .unified_diff()
                .header("attendu", "obtenu")
                .to_string();
            panic!(
                "{} differs (UPDATE_GOLDEN=1 to accept):\n{diff}",
                path.display()
            );
        }
        Err(_) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("golden folder");
            }
            std::fs::write(path, actual).expect("write golden");
            if !update {
                panic!(
                    "{} was missing: written, check it and run again",
                    path.display()
                );
            }
        }
    }
}

/// Copies a folder and everything under it.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
