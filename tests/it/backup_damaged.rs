//! Damaged Paheko backups (made from the Girofle fixture in a temp folder): truncated, a page
//! overwritten with random bytes, a table dropped, a column renamed. rappro either refuses
//! the file cleanly (one file-level rejection with a backup code) or reads what is there
//! correctly (every entry read is the intact backup's); it never panics nor hangs.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use rappro::import::{BooksFile, read_books_file_as};
use rusqlite::Connection;

use crate::backup::backup_fixture;

/// The page size of the Girofle backups.
const PAGE: usize = 4096;

/// Paheko's trailer: the SHA-1 in hex of the bytes before it.
const TRAILER: usize = 40;

/// The intact backup's entries, by number, as text without their places.
fn intact() -> &'static std::collections::BTreeMap<String, String> {
    static INTACT: OnceLock<std::collections::BTreeMap<String, String>> = OnceLock::new();
    INTACT.get_or_init(|| {
        let file = read_books_file_as(&backup_fixture("girofle-2024.sqlite"), Arc::from("f"));
        assert_eq!(file.entries.len(), 368);
        file.entries
            .iter()
            .map(|e| (e.number.to_string(), content(e)))
            .collect()
    })
}

fn content(entry: &rappro::model::Entry) -> String {
    let mut entry = entry.clone();
    entry.source.line = 0;
    for line in &mut entry.lines {
        line.line = 0;
    }
    format!(
        "{:?}",
        (
            &entry.lines,
            &entry.label,
            entry.date,
            &entry.reference,
            entry.kind
        )
    )
}

/// Codes a damaged backup may be refused with.
const CLEAN: &[&str] = &[
    "not_paheko_database",
    "unknown_schema_version",
    "corrupt_database",
    "database_limit",
    "backup_year",
    // A file cut before the end of SQLite's 16-byte magic is no longer recognised as SQLite.
    "unknown_format",
    "empty_file",
    "invalid_encoding",
];

/// A clean refusal, or a correct read.
fn check(file: &BooksFile, what: &str) -> Result<(), TestCaseError> {
    let whole: Vec<_> = file
        .rejected
        .iter()
        .filter(|r| r.source.line == 0)
        .collect();
    if let Some(refusal) = whole.first() {
        prop_assert_eq!(whole.len(), 1, "{}: {:?}", what, file.rejected);
        prop_assert!(file.entries.is_empty(), "{}", what);
        let code = refusal.reason.code();
        prop_assert!(CLEAN.contains(&code), "{}: {}", what, refusal);
        prop_assert!(!refusal.to_string().contains('\n'));
        return Ok(());
    }
    let rows: u64 =
        file.entries.iter().map(|e| u64::from(e.rows)).sum::<u64>() + file.rejected.len() as u64;
    prop_assert_eq!(rows, file.rows, "{}: lues = acceptées + rejetées", what);
    for entry in &file.entries {
        let expected = intact().get(&*entry.number);
        prop_assert_eq!(
            expected,
            Some(&content(entry)),
            "{}: écriture {}",
            what,
            entry.number
        );
    }
    Ok(())
}

/// The fixture's bytes; `keep_trailer` false drops Paheko's SHA-1, so that SQLite's own
/// checks are the only ones.
fn fixture_bytes(keep_trailer: bool) -> Vec<u8> {
    let mut bytes = std::fs::read(backup_fixture("girofle-2024.sqlite")).expect("fixture");
    if !keep_trailer {
        bytes.truncate(bytes.len() - TRAILER);
    }
    bytes
}

fn read_bytes_as_file(dir: &Path, bytes: &[u8]) -> BooksFile {
    let path = dir.join("sauvegarde.sqlite");
    std::fs::write(&path, bytes).expect("write");
    read_books_file_as(&path, Arc::from("sauvegarde.sqlite"))
}

/// The fixture without its trailer, changed with SQL in a temp folder.
fn altered(dir: &Path, sql: &str) -> BooksFile {
    let path = dir.join("sauvegarde.sqlite");
    std::fs::write(&path, fixture_bytes(false)).expect("write");
    {
        let conn = Connection::open(&path).expect("open copy");
        conn.execute_batch(sql).expect(sql);
    }
    read_books_file_as(&path, Arc::from("sauvegarde.sqlite"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_truncated_backup_is_refused_or_read_correctly(cut in 0usize..1_130_536, keep in any::<bool>()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let bytes = fixture_bytes(keep);
        let file = read_bytes_as_file(dir.path(), &bytes[..cut.min(bytes.len())]);
        check(&file, &format!("coupée à {cut}"))?;
    }

    #[test]
    fn a_page_of_random_bytes_is_refused_or_read_correctly(
        page in 0usize..276,
        seed in any::<u64>(),
        keep in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = fixture_bytes(keep);
        let start = page * PAGE;
        let mut state = seed | 1;
        for byte in &mut bytes[start..start + PAGE] {
            // xorshift64: random enough, reproducible from the seed.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state as u8;
        }
        let file = read_bytes_as_file(dir.path(), &bytes);
        if keep {
            // Paheko's SHA-1 catches every change.
            prop_assert_eq!(file.rejected.first().map(|r| r.reason.code()), Some("corrupt_database"));
        }
        check(&file, &format!("page {page}"))?;
    }
}

#[test]
fn a_missing_table_or_a_renamed_column_is_refused_and_others_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (sql, refused) in [
        (
            "DROP VIEW acc_accounts_balances; DROP TABLE acc_projects;",
            true,
        ),
        (
            "ALTER TABLE acc_transactions RENAME COLUMN label TO libelle;",
            true,
        ),
        (
            "ALTER TABLE acc_transactions_lines RENAME COLUMN debit TO debet;",
            true,
        ),
        (
            "ALTER TABLE acc_years RENAME COLUMN status TO closed;",
            true,
        ),
        ("DROP TABLE acc_letters;", true),
        (
            "ALTER TABLE acc_projects RENAME TO projets; CREATE VIEW acc_projects AS SELECT * FROM projets;",
            true,
        ),
        ("PRAGMA application_id = 0;", true),
        ("PRAGMA user_version = 1031200;", true),
        // Tables and columns rappro does not read change nothing.
        ("DROP TABLE acc_transactions_users;", false),
        (
            "ALTER TABLE acc_transactions RENAME COLUMN hash TO empreinte;",
            false,
        ),
        ("DROP TABLE logs;", false),
    ] {
        let file = altered(dir.path(), sql);
        let refusal = file.rejected.iter().find(|r| r.source.line == 0);
        assert_eq!(refusal.is_some(), refused, "{sql}: {:?}", file.rejected);
        if refused {
            let code = refusal.map(|r| r.reason.code());
            assert!(
                matches!(code, Some("not_paheko_database" | "unknown_schema_version")),
                "{sql}: {code:?}"
            );
        } else {
            assert_eq!(file.entries.len(), 368, "{sql}");
            check(&file, sql).expect("correct read");
        }
    }
}
