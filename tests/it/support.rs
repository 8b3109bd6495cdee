//! Shared helpers for the integration tests.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rappro::report::Statement;

// The one golden comparison, shared with the unit tests.
#[path = "../../src/testing/golden.rs"]
mod golden;
pub(crate) use golden::update_golden;

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

/// Compares `actual` with the golden file at `path` (see `src/testing/golden.rs`):
/// `UPDATE_GOLDEN=1` rewrites it; a missing golden file is written and the test fails.
pub(crate) fn assert_golden(path: &Path, actual: &[u8]) {
    if let Err(message) = golden::check_golden(path, actual) {
        panic!("{message}");
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

/// The rows of a rejets.csv: (Fichier, Ligne, Code, Raison).
pub(crate) fn rejets_rows(path: &Path) -> Vec<[String; 4]> {
    let bytes = std::fs::read(path).expect("rejets.csv written");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(body);
    reader
        .records()
        .map(|record| {
            let record = record.expect("rejets.csv row");
            assert_eq!(record.len(), 4, "{record:?}");
            [0, 1, 2, 3].map(|idx| record[idx].to_owned())
        })
        .collect()
}

/// Checks that stderr is exactly the rejections of rejets.csv (`fichier:ligne: raison`, in
/// the same order), then warnings only. Returns the codes of rejets.csv.
pub(crate) fn check_rejets_match_stderr(stderr: &str, rejets: &Path) -> BTreeSet<String> {
    let rows = rejets_rows(rejets);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        rows.len() <= lines.len(),
        "{} rows in rejets.csv, {} lines on stderr",
        rows.len(),
        lines.len()
    );
    for ([file, line, _, reason], printed) in rows.iter().zip(&lines) {
        let expected = if line.is_empty() {
            format!("{file}: {reason}")
        } else {
            format!("{file}:{line}: {reason}")
        };
        assert_eq!(*printed, expected, "stderr and rejets.csv differ");
    }
    for warning in &lines[rows.len()..] {
        assert!(
            warning.contains("attention : "),
            "a stderr line that is neither in rejets.csv nor a warning: {warning}"
        );
    }
    rows.into_iter().map(|[_, _, code, _]| code).collect()
}

/// Every file under `dir` with its bytes, by path relative to `dir`, skipping `skip`.
pub(crate) fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_except(dir, Some(skip))
}

/// Every file under `dir`, relative path → bytes.
pub(crate) fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_except(dir, None)
}

fn files_except(dir: &Path, skip: Option<&Path>) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir").flatten() {
            let path = entry.path();
            if skip.is_some_and(|skip| path.starts_with(skip)) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir").to_path_buf();
                files.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// `{"charges": {code: amount}, "produits": {...}, totals}` as expected.json writes it.
pub(crate) fn statement_figures(statement: &Statement) -> serde_json::Value {
    let side = |lines: &[rappro::report::StatementLine]| -> BTreeMap<String, String> {
        lines
            .iter()
            .map(|l| (l.account.clone(), l.amount.to_plain()))
            .collect()
    };
    serde_json::json!({
        "charges": side(&statement.expenses),
        "produits": side(&statement.income),
        "total_charges": statement.total_expenses.to_plain(),
        "total_produits": statement.total_income.to_plain(),
        "resultat": statement.result.to_plain(),
    })
}
