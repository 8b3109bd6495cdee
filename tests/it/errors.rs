//! The error catalogue: one reproducer per rejection reason (see docs/ERRORS.md).
//!
//! Each code that `rappro import` can produce has a reproducer under tests/errors: a file
//! `<code>.<ext>` or a folder `<code>/`, optional extra arguments in `<code>.args`, the exact
//! stderr in `<code>.stderr` and the exit status in `<code>.status`. Two codes cannot be
//! committed as files (a file of several GiB, a file that does not exist): they are made here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use rappro::error::{Reason, WarningKind};
use rappro::model::{Date, Money, Source};

use crate::support::{assert_golden, check_rejets_match_stderr, rappro, root};

/// Every `Reason` code, one per variant, in declaration order.
const CODES: &[&str] = &[
    "empty_file",
    "unreadable_file",
    "file_too_large",
    "unknown_format",
    "corrupt_spreadsheet",
    "several_sheets",
    "bad_json",
    "missing_column",
    "duplicate_column",
    "not_paheko_database",
    "unknown_schema_version",
    "corrupt_database",
    "database_limit",
    "live_database",
    "backup_year",
    "invalid_encoding",
    "nul_byte",
    "column_count",
    "not_a_value",
    "bad_amount",
    "too_many_decimals",
    "amount_too_large",
    "bad_date",
    "missing_value",
    "bad_account",
    "unknown_type",
    "debit_and_credit",
    "orphan_continuation",
    "unbalanced",
    "too_few_lines",
    "entry_incomplete",
    "split_entry",
    "inconsistent_entry",
    "conflict",
    "date_outside_year",
    "duplicate_invoice",
    "unknown_direction",
    "ambiguous_duplicate",
    "invalid",
];

/// Codes reproduced in this file rather than by a committed reproducer.
const IN_TEST: &[&str] = &["unreadable_file", "file_too_large"];

/// Codes that `rappro import` cannot produce (invoices are not read by it).
const NOT_FROM_IMPORT: &[&str] = &["duplicate_invoice"];

/// Compile-time guard: a new `Reason` variant breaks this match (no wildcard), so that it
/// cannot be added without a code in [`CODES`] and a reproducer.
fn listed_code(reason: &Reason) -> &'static str {
    match reason {
        Reason::EmptyFile => "empty_file",
        Reason::Unreadable(_) => "unreadable_file",
        Reason::FileTooLarge { .. } => "file_too_large",
        Reason::UnknownFormat(_) => "unknown_format",
        Reason::CorruptSpreadsheet(_) => "corrupt_spreadsheet",
        Reason::SeveralSheets { .. } => "several_sheets",
        Reason::BadJson(_) => "bad_json",
        Reason::MissingColumn(_) => "missing_column",
        Reason::DuplicateColumn(_) => "duplicate_column",
        Reason::NotPahekoDatabase(_) => "not_paheko_database",
        Reason::UnknownSchemaVersion { .. } => "unknown_schema_version",
        Reason::CorruptDatabase(_) => "corrupt_database",
        Reason::DatabaseLimit(_) => "database_limit",
        Reason::LiveDatabase(_) => "live_database",
        Reason::BackupYear(_) => "backup_year",
        Reason::InvalidEncoding => "invalid_encoding",
        Reason::NulByte => "nul_byte",
        Reason::ColumnCount { .. } => "column_count",
        Reason::NotAValue { .. } => "not_a_value",
        Reason::BadAmount { .. } => "bad_amount",
        Reason::TooManyDecimals { .. } => "too_many_decimals",
        Reason::AmountTooLarge { .. } => "amount_too_large",
        Reason::BadDate { .. } => "bad_date",
        Reason::MissingValue(_) => "missing_value",
        Reason::BadAccount { .. } => "bad_account",
        Reason::UnknownType(_) => "unknown_type",
        Reason::DebitAndCredit { .. } => "debit_and_credit",
        Reason::OrphanContinuation => "orphan_continuation",
        Reason::Unbalanced { .. } => "unbalanced",
        Reason::TooFewLines(_) => "too_few_lines",
        Reason::EntryIncomplete { .. } => "entry_incomplete",
        Reason::SplitEntry { .. } => "split_entry",
        Reason::InconsistentEntry { .. } => "inconsistent_entry",
        Reason::Conflict { .. } => "conflict",
        Reason::DateOutsideYear { .. } => "date_outside_year",
        Reason::DuplicateInvoice { .. } => "duplicate_invoice",
        Reason::UnknownDirection(_) => "unknown_direction",
        Reason::AmbiguousDuplicate { .. } => "ambiguous_duplicate",
        Reason::Invalid(_) => "invalid",
    }
}

/// One value of every variant, so that the guard's codes can be checked against `code()`.
fn one_of_each() -> Vec<Reason> {
    let date = Date::new(2024, 1, 1).expect("date");
    let source = Source::new(Arc::from("a.csv"), 2);
    let text = || "x".to_owned();
    vec![
        Reason::EmptyFile,
        Reason::Unreadable(text()),
        Reason::FileTooLarge { size: 0, limit: 0 },
        Reason::UnknownFormat(text()),
        Reason::CorruptSpreadsheet(text()),
        Reason::SeveralSheets {
            sheets: vec![text(), text()],
        },
        Reason::BadJson(text()),
        Reason::MissingColumn(text()),
        Reason::DuplicateColumn(text()),
        Reason::NotPahekoDatabase(text()),
        Reason::UnknownSchemaVersion {
            found: text(),
            known: text(),
        },
        Reason::CorruptDatabase(text()),
        Reason::DatabaseLimit(text()),
        Reason::LiveDatabase(text()),
        Reason::BackupYear(text()),
        Reason::InvalidEncoding,
        Reason::NulByte,
        Reason::ColumnCount {
            expected: 2,
            found: 1,
        },
        Reason::NotAValue {
            sheet: text(),
            cell: text(),
            problem: text(),
        },
        Reason::BadAmount {
            column: text(),
            value: text(),
        },
        Reason::TooManyDecimals {
            column: text(),
            value: text(),
        },
        Reason::AmountTooLarge {
            column: text(),
            value: text(),
        },
        Reason::BadDate {
            column: text(),
            value: text(),
        },
        Reason::MissingValue(text()),
        Reason::BadAccount {
            column: text(),
            value: text(),
        },
        Reason::UnknownType(text()),
        Reason::DebitAndCredit {
            debit: Money::ZERO,
            credit: Money::ZERO,
        },
        Reason::OrphanContinuation,
        Reason::Unbalanced {
            number: text(),
            debit: Money::ZERO,
            credit: Money::ZERO,
        },
        Reason::TooFewLines(text()),
        Reason::EntryIncomplete {
            number: text(),
            bad_line: 1,
        },
        Reason::SplitEntry {
            number: text(),
            other_line: 1,
        },
        Reason::InconsistentEntry {
            number: text(),
            column: text(),
            first_value: text(),
            first_line: 1,
            value: text(),
            line: 2,
        },
        Reason::Conflict {
            number: text(),
            other: source.clone(),
            difference: text(),
        },
        Reason::DateOutsideYear {
            date,
            start: date,
            end: date,
        },
        Reason::DuplicateInvoice {
            number: text(),
            first: source,
        },
        Reason::UnknownDirection(text()),
        Reason::AmbiguousDuplicate {
            count: 2,
            other: Source::new(Arc::from("b.csv"), 2),
            other_count: 1,
            other_numbered: true,
            difference: String::new(),
        },
        Reason::Invalid(text()),
    ]
}

fn errors_dir() -> PathBuf {
    root().join("tests/errors")
}

/// The committed reproducer of a code: `<code>/` or `<code>.<ext>` (not a golden or args file).
fn reproducer(code: &str) -> Option<String> {
    let dir = errors_dir();
    if dir.join(code).is_dir() {
        return Some(code.to_owned());
    }
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir).expect("tests/errors") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some((stem, ext)) = name.rsplit_once('.')
            && stem == code
            && !matches!(ext, "stderr" | "status" | "args")
        {
            found.push(name);
        }
    }
    assert!(
        found.len() <= 1,
        "several reproducers for {code}: {found:?}"
    );
    found.pop()
}

/// Runs `rappro import` with `args` in `cwd`, writing rejets.csv into `rejets`; checks that
/// it did not panic.
fn import(cwd: &Path, args: &[&str], rejets: &Path) -> Output {
    let rejets_arg = rejets.to_str().expect("utf-8 temp path");
    let mut all: Vec<&str> = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--rejets", rejets_arg]);
    let output = rappro(cwd, &all);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(
        output.status.code(),
        Some(101),
        "{args:?} panicked: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    output
}

/// The per-file counts of the stdout summary: (path, [lues, acceptées, doublons, rejetées]),
/// the total last (path « Total »).
fn summary(stdout: &str) -> Vec<(String, [u64; 4])> {
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.contains("lues")),
        "no summary header:\n{stdout}"
    );
    let numbers = |line: &str| -> Option<[u64; 4]> {
        let mut words = line.split_whitespace();
        let mut counts = [0; 4];
        for count in &mut counts {
            *count = words.next()?.parse().ok()?;
        }
        Some(counts)
    };
    let mut files = Vec::new();
    let mut idx = 1;
    while idx < lines.len() {
        let line = lines[idx];
        if let Some(rest) = line.strip_prefix("Total ") {
            files.push(("Total".to_owned(), numbers(rest).expect("total counts")));
            break;
        }
        let counts = lines
            .get(idx + 1)
            .filter(|l| l.starts_with("          "))
            .and_then(|l| numbers(l))
            .unwrap_or_else(|| panic!("no counts under « {line} »:\n{stdout}"));
        files.push((line.to_owned(), counts));
        idx += 2;
    }
    assert_eq!(
        files.last().map(|(path, _)| path.as_str()),
        Some("Total"),
        "no total:\n{stdout}"
    );
    files
}

/// lues = acceptées + doublons + rejetées for every file and the total, and the total is the sum.
fn check_counts_add_up(stdout: &str) {
    let files = summary(stdout);
    let mut sum = [0; 4];
    for (path, [rows, accepted, duplicates, rejected]) in &files {
        assert_eq!(
            *rows,
            accepted + duplicates + rejected,
            "{path}: lues ≠ acceptées + doublons + rejetées\n{stdout}"
        );
        if path != "Total" {
            for (total, count) in sum.iter_mut().zip([rows, accepted, duplicates, rejected]) {
                *total += count;
            }
        }
    }
    assert_eq!(files.last().map(|(_, c)| *c), Some(sum), "total\n{stdout}");
}

#[test]
fn every_reason_code_is_listed_once_and_has_a_reproducer() {
    let all = one_of_each();
    let codes: Vec<&str> = all.iter().map(Reason::code).collect();
    assert_eq!(codes, CODES, "CODES must follow the variants of Reason");
    for reason in &all {
        assert_eq!(listed_code(reason), reason.code());
    }
    let unique: BTreeSet<&str> = CODES.iter().copied().collect();
    assert_eq!(unique.len(), CODES.len(), "a code is listed twice");
    for code in CODES {
        let committed = reproducer(code);
        if IN_TEST.contains(code) || NOT_FROM_IMPORT.contains(code) {
            assert!(
                committed.is_none(),
                "{code} is made in the test or not reachable, yet has a reproducer"
            );
            continue;
        }
        assert!(
            committed.is_some(),
            "no reproducer under tests/errors for {code}"
        );
        for ext in ["stderr", "status"] {
            assert!(
                errors_dir().join(format!("{code}.{ext}")).is_file(),
                "no {code}.{ext}"
            );
        }
    }
}

#[test]
fn errors_each_reproducer_gives_its_message() {
    let dir = errors_dir();
    let temp = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for code in CODES {
        if IN_TEST.contains(code) || NOT_FROM_IMPORT.contains(code) {
            continue;
        }
        let Some(input) = reproducer(code) else {
            failures.push(format!("{code}: no reproducer"));
            continue;
        };
        let extra = fs::read_to_string(dir.join(format!("{code}.args"))).unwrap_or_default();
        let mut args: Vec<&str> = vec![&input];
        args.extend(extra.split_whitespace());
        let rejets = temp.path().join(format!("{code}-rejets.csv"));
        let output = import(&dir, &args, &rejets);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_golden(&dir.join(format!("{code}.stderr")), &output.stderr);
        let status = fs::read_to_string(dir.join(format!("{code}.status"))).unwrap_or_default();
        assert_eq!(
            output.status.code(),
            status.trim().parse().ok(),
            "{code}: exit status\n{stderr}"
        );
        let codes = check_rejets_match_stderr(&stderr, &rejets);
        assert!(
            codes.contains(*code),
            "{code}: not among the rejections {codes:?}"
        );
        check_counts_add_up(&String::from_utf8_lossy(&output.stdout));
    }
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn errors_a_missing_file_is_unreadable() {
    let temp = tempfile::tempdir().expect("temp dir");
    let rejets = temp.path().join("rejets.csv");
    let output = import(temp.path(), &["absent.csv"], &rejets);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "absent.csv: fichier illisible : fichier ou dossier introuvable\n"
    );
    assert_eq!(output.status.code(), Some(2));
    let codes = check_rejets_match_stderr(&String::from_utf8_lossy(&output.stderr), &rejets);
    assert_eq!(codes, BTreeSet::from(["unreadable_file".to_owned()]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    check_counts_add_up(&stdout);
    assert!(stdout.contains("illisible"), "{stdout}");
}

#[test]
fn errors_a_huge_file_is_refused_unread() {
    let temp = tempfile::tempdir().expect("temp dir");
    // Sparse: 3 GiB long, no disk used (and rappro must not read it).
    let huge = fs::File::create(temp.path().join("énorme.csv")).expect("create");
    huge.set_len(3 * 1024 * 1024 * 1024).expect("set_len");
    drop(huge);
    let rejets = temp.path().join("rejets.csv");
    let output = import(temp.path(), &["énorme.csv"], &rejets);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "énorme.csv: fichier trop gros (3072 Mio, limite 2048 Mio) : est-ce bien un export ?\n"
    );
    assert_eq!(output.status.code(), Some(2));
    let codes = check_rejets_match_stderr(&String::from_utf8_lossy(&output.stderr), &rejets);
    assert_eq!(codes, BTreeSet::from(["file_too_large".to_owned()]));
    check_counts_add_up(&String::from_utf8_lossy(&output.stdout));
}

#[test]
fn errors_the_whole_catalogue_at_once_adds_up() {
    // Goldens and args files are read too (as unknown formats), and reproducers overlap
    // (same transaction numbers in several files): a good stress test of booking.
    let temp = tempfile::tempdir().expect("temp dir");
    let rejets = temp.path().join("rejets.csv");
    let output = import(&errors_dir(), &["."], &rejets);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    check_rejets_match_stderr(&stderr, &rejets);
    let stdout = String::from_utf8_lossy(&output.stdout);
    check_counts_add_up(&stdout);
    let files = summary(&stdout);
    let reproducers = CODES.iter().filter_map(|code| reproducer(code)).count();
    assert!(
        files.len() > reproducers,
        "every file is in the summary:\n{stdout}"
    );
}

/// One warning of every kind. Compile-time guard: a new `WarningKind` variant breaks the
/// match below (no wildcard), so it cannot be added without being listed here and documented.
fn one_warning_of_each() -> Vec<WarningKind> {
    use rappro::error::{FecExample, NameClue, YearEvidence};
    use rappro::import::not_exports::NotExport;
    use rappro::import::text::Encoding;
    let date = Date::new(2024, 1, 1).expect("date");
    let end = Date::new(2024, 12, 31).expect("date");
    let all = vec![
        WarningKind::NotUtf8 {
            encoding: Encoding::Windows1252,
            invoices: false,
        },
        WarningKind::MacLineEndings { invoices: true },
        WarningKind::NotAnExport(NotExport::IncomeStatement),
        WarningKind::SimpleExportOnly,
        WarningKind::FecNoProjects,
        WarningKind::YearInferred {
            evidence: YearEvidence::Name {
                file: Arc::from("Exercice 2024.csv"),
                clue: NameClue::Year(2024),
            },
            outside: 2,
        },
        WarningKind::LongYear { months: 16 },
        WarningKind::YearNameIgnored {
            start: date,
            end,
            outside: 12,
            total: 12,
        },
        WarningKind::FecNumberedPerJournal(Some(FecExample {
            number: "1".to_owned(),
            journal: "ANO".to_owned(),
            other_journal: "ACH".to_owned(),
            date: "20240101".to_owned(),
            other_date: "20240102".to_owned(),
        })),
        WarningKind::FecWithoutNumbers {
            number: String::new(),
        },
        WarningKind::DuplicatesByContent {
            count: 4,
            kept_in: vec![Arc::from("Complet 2024.csv")],
            more: 0,
        },
        WarningKind::AccountCase {
            accounts: vec!["604A".to_owned(), "604a".to_owned()],
        },
        WarningKind::ProjectLookalike {
            projects: vec!["BL-evolution".to_owned(), "BL-Évolution".to_owned()],
        },
        WarningKind::AlreadyVisited {
            first: Arc::from("."),
            folder: true,
            link: true,
        },
        WarningKind::OutputNotRead {
            folder: PathBuf::from("compta/2024"),
            count: 2,
            names: vec!["export.csv".to_owned(), "plan.csv".to_owned()],
        },
        WarningKind::InterruptedRun {
            folder: PathBuf::from("rapports"),
            removed: 2,
        },
        WarningKind::InterruptedPublication {
            folder: PathBuf::from("rapports"),
            placed: 3,
        },
        WarningKind::InvoiceLinesMismatch {
            credit_note: false,
            number: "FR123".to_owned(),
            sum: Money::from_cents(1000),
            total_ht: Money::from_cents(1200),
        },
        WarningKind::SimpleExportPart {
            periods: vec![(date, date)],
            more: false,
        },
        WarningKind::IncompleteProjects {
            from_fec: 1,
            from_simple: 2,
        },
        WarningKind::FecShortAccount {
            renamed: vec![(Arc::from("620"), Arc::from("62"))],
        },
        WarningKind::BackupMembersUnread { entries: 3 },
        WarningKind::NoProjectColumn,
        WarningKind::TotalRow {
            debit: Money::from_cents(1000),
            credit: Money::from_cents(1000),
            simple: false,
        },
        WarningKind::MonthFirstDates {
            line: 4,
            text: "1/13/24".to_owned(),
        },
    ];
    for kind in &all {
        match kind {
            WarningKind::NotUtf8 { .. }
            | WarningKind::MacLineEndings { .. }
            | WarningKind::NotAnExport(_)
            | WarningKind::SimpleExportOnly
            | WarningKind::FecNoProjects
            | WarningKind::YearInferred { .. }
            | WarningKind::LongYear { .. }
            | WarningKind::YearNameIgnored { .. }
            | WarningKind::FecNumberedPerJournal(_)
            | WarningKind::FecWithoutNumbers { .. }
            | WarningKind::DuplicatesByContent { .. }
            | WarningKind::AccountCase { .. }
            | WarningKind::ProjectLookalike { .. }
            | WarningKind::AlreadyVisited { .. }
            | WarningKind::OutputNotRead { .. }
            | WarningKind::InterruptedRun { .. }
            | WarningKind::InterruptedPublication { .. }
            | WarningKind::InvoiceLinesMismatch { .. }
            | WarningKind::SimpleExportPart { .. }
            | WarningKind::IncompleteProjects { .. }
            | WarningKind::FecShortAccount { .. }
            | WarningKind::BackupMembersUnread { .. }
            | WarningKind::NoProjectColumn
            | WarningKind::TotalRow { .. }
            | WarningKind::MonthFirstDates { .. } => {}
        }
    }
    all
}

#[test]
fn every_warning_kind_has_a_code_a_french_sentence_and_a_row_in_errors_md() {
    let kinds = one_warning_of_each();
    let codes: Vec<&str> = kinds.iter().map(WarningKind::code).collect();
    assert_eq!(
        codes,
        WarningKind::CODES,
        "one of each, in the order of WarningKind::CODES"
    );
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "a code is used twice");
    let doc = fs::read_to_string(root().join("docs/ERRORS.md")).expect("docs/ERRORS.md");
    for kind in &kinds {
        let code = kind.code();
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "warning {code} has no row in docs/ERRORS.md"
        );
        let sentence = kind.to_string();
        assert!(
            !sentence.is_empty() && !sentence.contains('\n'),
            "{code}: {sentence:?}"
        );
    }
    assert_eq!(
        WarningKind::InvoiceLinesMismatch {
            credit_note: true,
            number: "AFR1".to_owned(),
            sum: Money::from_cents(-1000),
            total_ht: Money::from_cents(-1200),
        }
        .to_string(),
        "avoir AFR1 : la somme des lignes HT (-10,00) diffère du total HT (-12,00)"
    );
}
