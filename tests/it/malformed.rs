//! The malformed-input corpus (tests/malformed/, described in its README.md): one folder per
//! case, each run with `rappro run . --out rapports` in a copy. Each case's stderr and exit
//! status are golden (`<case>.stderr`, `<case>.status`); every run must also leave its inputs
//! as they were, give the same bytes when run again, add up its rows, and list on stderr
//! exactly the rejections of rejets.csv. Then every file of both corpora goes through
//! `rappro import` alone: never a panic, a signal or the bug status.

use std::fs;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{
    assert_golden, check_rejets_match_stderr, copy_dir, rappro, rejets_rows, root, snapshot,
};

fn corpus() -> PathBuf {
    root().join("tests/malformed")
}

/// The case folders, sorted.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus())
        .expect("tests/malformed")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Fails unless the process ended by itself with 0, 1 or 2: not a signal (abort, stack
/// overflow), not Rust's panic status 101, not rappro's bug status 3.
fn assert_no_crash(what: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{what}: status {:?}\n{stderr}",
        output.status
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("erreur interne"),
        "{what}: {stderr}"
    );
}

/// The four counts (lues, acceptées, doublons, rejetées) a summary line starts with, after
/// « Total » on the last one; `None` for any other line. A counts line is recognised by its
/// four leading numbers, not by its indentation.
fn counts_of(line: &str) -> Option<[u64; 4]> {
    let mut words = line.split_whitespace().peekable();
    words.next_if_eq(&"Total");
    let mut counts = [0; 4];
    for count in &mut counts {
        *count = words.next()?.parse().ok()?;
    }
    Some(counts)
}

/// Every counts line of the summary (exports and invoices): lues = acceptées + doublons +
/// rejetées; the rows of `rejets.csv` that name a line are the rejected rows of the files.
/// Returns how many lines were checked.
fn check_run_counts(what: &str, stdout: &str, rejets: &Path) -> usize {
    let mut checked = 0;
    let mut rejected = 0;
    for line in stdout.lines() {
        let Some([read, accepted, duplicates, rejected_here]) = counts_of(line) else {
            continue;
        };
        assert_eq!(
            read,
            accepted + duplicates + rejected_here,
            "{what}: « {line} »\n{stdout}"
        );
        if !line.starts_with("Total") {
            rejected += rejected_here;
        }
        checked += 1;
    }
    let rows = rejets_rows(rejets);
    let with_line = rows
        .iter()
        .filter(|[_, line, _, _]| !line.is_empty())
        .count();
    assert_eq!(
        u64::try_from(with_line).expect("count"),
        rejected,
        "{what}: rejected rows in the summary and in rejets.csv\n{stdout}"
    );
    checked
}

fn run_case(folder: &Path) -> Output {
    rappro(folder, &["run", ".", "--out", "rapports"])
}

/// Every case is checked, even after one fails: the test then fails once, naming every
/// failing case with its message.
#[test]
fn malformed_each_case_gives_its_golden_stderr_and_status() {
    let names = cases();
    assert!(names.len() >= 40, "{} cases", names.len());
    let temp = tempfile::tempdir().expect("tempdir");
    let failures: Vec<String> = names
        .iter()
        .filter_map(|name| {
            let checked =
                std::panic::catch_unwind(AssertUnwindSafe(|| check_case(temp.path(), name)));
            checked.err().map(|panic| {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                format!("{name}: {message}")
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

/// One case's checks (they panic on the first difference).
fn check_case(temp: &Path, name: &str) {
    let folder = temp.join(name);
    copy_dir(&corpus().join(name), &folder);
    let out = folder.join("rapports");
    let before = snapshot(&folder, &out);
    let output = run_case(&folder);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_no_crash(name, &output);
    assert_golden(&corpus().join(format!("{name}.stderr")), &output.stderr);
    let status = fs::read_to_string(corpus().join(format!("{name}.status"))).unwrap_or_default();
    let code = output.status.code().unwrap_or(-1);
    if status.trim() != code.to_string() {
        assert_golden(
            &corpus().join(format!("{name}.status")),
            format!("{code}\n").as_bytes(),
        );
    }
    // Reading never modifies an input.
    assert_eq!(snapshot(&folder, &out), before, "{name}: inputs changed");
    let fatal = stderr.starts_with("rappro : erreur : ");
    if fatal {
        assert_eq!(code, 2, "{name}: a fatal error is status 2");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line\n{stderr}");
        // Stopped before any work: nothing written.
        assert!(
            !out.join("rejets.csv").exists() && !out.join("ecarts.json").exists(),
            "{name}: reports written despite the error"
        );
        return;
    }
    check_rejets_match_stderr(&stderr, &out.join("rejets.csv"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        check_run_counts(name, &stdout, &out.join("rejets.csv")) > 0,
        "{name}: no counts\n{stdout}"
    );
    // A second run on the same input gives the same bytes. A case that comes with a
    // `rapports` folder (leftovers of an interrupted run) gets it back first.
    let reports = snapshot(&out, &out.join("none"));
    let committed = corpus().join(name).join("rapports");
    if committed.is_dir() {
        copy_dir(&committed, &out);
    }
    let again = run_case(&folder);
    assert_eq!(again.stderr, output.stderr, "{name}: stderr differs");
    assert_eq!(again.stdout, output.stdout, "{name}: stdout differs");
    assert_eq!(
        snapshot(&out, &out.join("none")),
        reports,
        "{name}: reports differ"
    );
}

#[test]
fn malformed_no_file_of_either_corpus_crashes_import() {
    let temp = tempfile::tempdir().expect("tempdir");
    let rejets = temp.path().join("rejets.csv");
    let rejets = rejets.to_str().expect("utf-8 temp path");
    let mut files = Vec::new();
    for corpus in [root().join("tests/errors"), corpus()] {
        files.extend(
            snapshot(&corpus, &corpus.join("none"))
                .into_keys()
                .map(|p| corpus.join(p)),
        );
    }
    assert!(files.len() > 100, "{} files", files.len());
    for file in &files {
        let path = file.to_str().expect("utf-8 path");
        let output = rappro(temp.path(), &["import", path, "--rejets", rejets]);
        assert_no_crash(path, &output);
    }
    // And all of them at once, as one batch.
    let all: Vec<&str> = files.iter().filter_map(|p| p.to_str()).collect();
    let mut args = vec!["import"];
    args.extend(all);
    args.extend(["--rejets", rejets]);
    let output = rappro(temp.path(), &args);
    assert_no_crash("whole corpus", &output);
    assert_eq!(output.status.code(), Some(2));
}
