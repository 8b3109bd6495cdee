//! Paheko's database backup (SQLite) as books: the same entries and the same reports as the
//! « Complet » export of the same year, the year chosen or asked for, the file never touched,
//! and the reproducers of the backup's rejection codes (tests/errors/*.sqlite), made here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rappro::import::{read_books_file_as, read_books_file_for};
use rappro::model::{Date, Entry};
use rusqlite::Connection;

use crate::support::{assert_golden, copy_dir, fixture, rappro, root, update_golden};

/// A file of the backup dataset copy (tests/fixtures/girofle-2024-backup).
pub(crate) fn backup_fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/girofle-2024-backup").join(name)
}

const ONE_YEAR: &str = "girofle-2024.sqlite";
const TWO_YEARS: &str = "girofle-2024-2025.sqlite";
const COMPLET_2024: &str =
    "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv";
const COMPLET_2025: &str = "Le Cloud Girofle   Export comptable   Complet   Exercice 2025.csv";

fn year(y: u16) -> Option<(Date, Date)> {
    Some((Date::new(y, 1, 1)?, Date::new(y, 12, 31)?))
}

/// An entry without where it was read from (file, lines), to compare two readers.
fn content(entry: &Entry) -> String {
    let mut entry = entry.clone();
    entry.source.file = Arc::from("");
    entry.source.line = 0;
    for line in &mut entry.lines {
        line.line = 0;
    }
    format!("{entry:?}")
}

fn assert_same_entries(backup: &Path, csv: &Path, year: Option<(Date, Date)>) {
    let from_backup = read_books_file_for(backup, Arc::from("b"), year);
    let from_csv = read_books_file_as(csv, Arc::from("c"));
    assert!(
        from_backup.rejected.is_empty(),
        "{:?}",
        from_backup.rejected
    );
    assert!(from_csv.rejected.is_empty(), "{:?}", from_csv.rejected);
    assert_eq!(from_backup.rows, from_csv.rows);
    assert_eq!(from_backup.entries.len(), from_csv.entries.len());
    for (a, b) in from_backup.entries.iter().zip(&from_csv.entries) {
        assert_eq!(content(a), content(b), "écriture {}", a.number);
    }
}

#[test]
fn backup_gives_the_entries_of_the_complet_export_of_each_year() {
    assert_same_entries(&backup_fixture(ONE_YEAR), &fixture(COMPLET_2024), None);
    assert_same_entries(
        &backup_fixture(TWO_YEARS),
        &fixture(COMPLET_2024),
        year(2024),
    );
    assert_same_entries(
        &backup_fixture(TWO_YEARS),
        &backup_fixture(COMPLET_2025),
        year(2025),
    );
    // Provenance: the file, and the id of the first line in acc_transactions_lines.
    let file = read_books_file_for(
        &backup_fixture(TWO_YEARS),
        Arc::from("s.sqlite"),
        year(2025),
    );
    let debt = file
        .entries
        .iter()
        .find(|e| &*e.number == "395")
        .expect("395");
    assert_eq!(
        debt.source.to_string(),
        format!("s.sqlite:{}", debt.lines[0].line)
    );
    assert_eq!(file.rows, 57);
    assert_eq!(file.entries.len(), 27);
}

/// Every file of an output folder, by name.
fn outputs(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .expect("outputs")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read"))
        })
        // rappro's own bookkeeping files (.rappro-verrou, .rappro-manifeste) are not reports.
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    files.sort();
    files
}

#[test]
fn report_on_the_backup_is_byte_for_byte_the_report_on_the_complet_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = backup_fixture(ONE_YEAR);
    let csv = fixture(COMPLET_2024);
    let a = rappro(
        dir.path(),
        &["report", backup.to_str().expect("utf-8"), "--out", "a"],
    );
    let b = rappro(
        dir.path(),
        &["report", csv.to_str().expect("utf-8"), "--out", "b"],
    );
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(b.status.code(), Some(0));
    assert!(
        a.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    let (a, b) = (
        outputs(&dir.path().join("a")),
        outputs(&dir.path().join("b")),
    );
    assert_eq!(
        a.len(),
        5,
        "{:?}",
        a.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(a, b);
}

/// The reports of a run with the places in the books (`file:line`) blanked: the backup and
/// the export number their rows differently, nothing else may differ.
fn without_book_places(bytes: &[u8], books: &[&str]) -> String {
    let mut text = String::from_utf8(bytes.to_vec()).expect("utf-8");
    for book in books {
        let pattern = format!("{book}:");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&pattern) {
            out.push_str(&rest[..at]);
            out.push_str("<écritures>");
            rest = rest[at + pattern.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        text = out;
    }
    text
}

#[test]
fn run_on_the_backup_sample_gives_the_reports_of_the_export_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &root().join("samples/girofle-2024"),
        &dir.path().join("export"),
    );
    copy_dir(
        &root().join("samples/girofle-2024-sauvegarde"),
        &dir.path().join("sauvegarde"),
    );
    let mut reports = Vec::new();
    for name in ["export", "sauvegarde"] {
        let folder = dir.path().join(name);
        let output = rappro(&folder, &["run", ".", "--out", "rapports"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
        reports.push(outputs(&folder.join("rapports")));
    }
    let books = [
        "paheko/Le Cloud Girofle   Export comptable   Complet   Exercice 2024.csv",
        "paheko/Le Cloud Girofle - Sauvegarde données - 2026-11-28.sqlite",
    ];
    assert_eq!(reports[0].len(), 9);
    let mut blanked = 0;
    for ((name, export), (other, backup)) in reports[0].iter().zip(&reports[1]) {
        assert_eq!(name, other);
        if name.starts_with("compte-de-resultat")
            || name == "bilan-financier.md"
            || name == "rejets.csv"
        {
            assert_eq!(export, backup, "{name} must be byte-for-byte the same");
        } else {
            let (a, b) = (
                without_book_places(export, &books),
                without_book_places(backup, &books),
            );
            assert_eq!(a, b, "{name}");
            blanked += usize::from(a.contains("<écritures>"));
        }
    }
    assert_eq!(
        blanked, 5,
        "ecarts.*, lignes.csv and rapport.html name the books"
    );
    // The seven planted discrepancies, as the export sample finds them.
    let ecarts = &reports[1]
        .iter()
        .find(|f| f.0 == "ecarts.json")
        .expect("ecarts")
        .1;
    let ecarts: serde_json::Value = serde_json::from_slice(ecarts).expect("json");
    let serious = ecarts["discrepancies"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["severity"] != "info")
        .count();
    assert_eq!(serious, 7);
}

/// The « lues acceptées doublons rejetées » counts of one file of the summary.
fn counts(stdout: &str, file: &str) -> Vec<u64> {
    let numbers = |line: &str| -> Vec<u64> {
        line.split_whitespace()
            .take(4)
            .map(|n| n.parse().expect("count"))
            .collect()
    };
    if file == "Total" {
        let total = stdout.lines().find_map(|l| l.strip_prefix("Total "));
        return numbers(total.expect("total"));
    }
    let mut lines = stdout.lines();
    while let Some(line) = lines.next() {
        if line.ends_with(file) {
            return numbers(lines.next().expect("counts"));
        }
    }
    panic!("{file} not in:\n{stdout}");
}

#[test]
fn backup_with_every_export_counts_each_transaction_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exports: Vec<String> = std::fs::read_dir(fixture("paheko"))
        .expect("paheko")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.is_file()
                && p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.contains("Export comptable") || n.starts_with("ASSOFEC")
                })
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(exports.len(), 14);
    let backup = backup_fixture(ONE_YEAR).to_string_lossy().into_owned();
    let mut with_backup: Vec<&str> = vec!["report", "--out", "a", &backup];
    with_backup.extend(exports.iter().map(String::as_str));
    let mut without: Vec<&str> = vec!["report", "--out", "b"];
    without.extend(exports.iter().map(String::as_str));
    let a = rappro(dir.path(), &with_backup);
    let b = rappro(dir.path(), &without);
    let stdout = String::from_utf8_lossy(&a.stdout);
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(b.status.code(), Some(0));
    // Kept from the backup (first by path among copies as rich), a duplicate everywhere else.
    assert_eq!(counts(&stdout, ONE_YEAR), [737, 737, 0, 0]);
    assert_eq!(
        counts(&stdout, "Total"),
        [737 * 12 + 350 * 3, 737, 737 * 11 + 350 * 3, 0]
    );
    assert!(
        stdout.contains("Exercice du 01/01/2024 au 31/12/2024 : 368 écritures"),
        "{stdout}"
    );
    let (a, b) = (
        outputs(&dir.path().join("a")),
        outputs(&dir.path().join("b")),
    );
    assert_eq!(a, b, "the same figures with or without the backup");
}

/// `compte-de-resultat.json` of `rappro report` on one year of the two-year backup.
fn statement(args: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = backup_fixture(TWO_YEARS);
    let mut all = vec!["report", backup.to_str().expect("utf-8"), "--out", "r"];
    all.extend_from_slice(args);
    let output = rappro(dir.path(), &all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read(dir.path().join("r/compte-de-resultat.json")).expect("json");
    serde_json::from_slice(&text).expect("parses")
}

/// A scope of compte-de-resultat.json as {charges, produits, totals}, like expected.json's.
fn as_expected(scope: &serde_json::Value) -> serde_json::Value {
    let side = |key: &str| -> serde_json::Map<String, serde_json::Value> {
        scope[key]
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| {
                (
                    row["account"].as_str().expect("code").to_owned(),
                    row["amount"].clone(),
                )
            })
            .collect()
    };
    let total = |key: &str| scope[key].clone();
    let result: rust_decimal::Decimal = scope["total_income"]
        .as_str()
        .and_then(|t| t.parse().ok())
        .zip(
            scope["total_expenses"]
                .as_str()
                .and_then(|t| t.parse().ok()),
        )
        .map(|(i, e): (rust_decimal::Decimal, rust_decimal::Decimal)| i - e)
        .expect("totals");
    serde_json::json!({
        "charges": side("expenses"),
        "produits": side("income"),
        "total_charges": total("total_expenses"),
        "total_produits": total("total_income"),
        "resultat": format!("{result:.2}"),
    })
}

#[test]
fn each_year_of_the_two_year_backup_gives_its_readme_figures() {
    let expected: serde_json::Value = serde_json::from_slice(
        &std::fs::read(backup_fixture("expected.json")).expect("expected.json"),
    )
    .expect("parses");
    for (year, label) in [("2024", "Exercice 2024"), ("2025", "Exercice 2025")] {
        let got = statement(&["--exercice", year]);
        let want = &expected["statements"][label];
        let scopes = got["scopes"].as_array().expect("scopes");
        let global = scopes.iter().find(|s| s["scope"] == "all").expect("global");
        assert_eq!(as_expected(global), want["statement"], "{label} global");
        for (project, figures) in want["per_project"].as_object().expect("projects") {
            // Reports name a project as the exports do: its code when it has one.
            let name = if project == "Install party 2025" {
                "IP25"
            } else {
                project
            };
            match scopes
                .iter()
                .find(|s| s["scope"] == "project" && s["name"] == name)
            {
                Some(scope) => assert_eq!(&as_expected(scope), figures, "{label} {project}"),
                None => assert_eq!(figures["total_charges"], "0.00", "{label} {project} absent"),
            }
        }
    }
    // The 2025 volunteering table.
    let got = statement(&["--exercice", "2025"]);
    let global = &got["scopes"][0];
    assert_eq!(global["volunteer_uses"][0]["account"], "864");
    assert_eq!(global["volunteer_uses"][0]["amount"], "150.00");
    assert_eq!(global["volunteer_sources"][0]["account"], "875");
}

#[test]
fn two_year_backup_without_a_year_lists_its_years_and_asks() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(backup_fixture(TWO_YEARS), dir.path().join(TWO_YEARS)).expect("copy");
    let output = rappro(dir.path(), &["report", TWO_YEARS, "--out", "r"]);
    assert_eq!(output.status.code(), Some(2));
    assert_golden(
        &root().join("tests/golden/backup/two_years.stderr"),
        &output.stderr,
    );
}

/// Bytes, modification time and the folder's listing of a backup, before and after.
fn snapshot(path: &Path) -> (Vec<u8>, std::time::SystemTime, Vec<String>) {
    let bytes = std::fs::read(path).expect("read");
    let mtime = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let mut names: Vec<String> = std::fs::read_dir(path.parent().expect("folder"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (bytes, mtime, names)
}

#[test]
fn reading_a_backup_leaves_it_and_its_folder_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let books = dir.path().join("livres");
    std::fs::create_dir(&books).expect("mkdir");
    let path = books.join("Le Cloud Girofle - Sauvegarde données - 2024?#%.sqlite");
    std::fs::copy(backup_fixture(TWO_YEARS), &path).expect("copy");
    let before = snapshot(&path);
    for args in [
        &["--exercice", "2025"][..],
        &[][..],
        &["--exercice", "2024"][..],
    ] {
        let mut all = vec!["report", "livres", "--out", "r"];
        all.extend_from_slice(args);
        let output = rappro(dir.path(), &all);
        assert_ne!(output.status.code(), Some(101));
        assert_eq!(snapshot(&path), before, "{args:?}");
    }
    // The same in the library, the file read twice at once.
    let read = || read_books_file_for(&path, Arc::from("s"), year(2025));
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(read);
        (a.join().expect("thread"), read())
    });
    assert_eq!(a.entries.len(), 27);
    assert_eq!(b.entries, a.entries);
    assert_eq!(snapshot(&path), before);
}

/// The tables rappro reads, as Paheko 1.3.22.1 declares them (the columns that matter).
const MINIMAL_SCHEMA: &str = "
CREATE TABLE acc_charts (id INTEGER PRIMARY KEY, country TEXT, code TEXT, label TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0);
CREATE TABLE acc_accounts (id INTEGER PRIMARY KEY, id_chart INTEGER NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL,
    description TEXT, position INTEGER NOT NULL, type INTEGER NOT NULL DEFAULT 0, user INTEGER NOT NULL DEFAULT 0,
    bookmark INTEGER NOT NULL DEFAULT 0, archived INTEGER NOT NULL DEFAULT 0);
CREATE TABLE acc_years (id INTEGER PRIMARY KEY, label TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,
    status INTEGER NOT NULL DEFAULT 0, id_chart INTEGER NOT NULL);
CREATE TABLE acc_projects (id INTEGER PRIMARY KEY, code TEXT, label TEXT NOT NULL, description TEXT, archived INTEGER NOT NULL DEFAULT 0);
CREATE TABLE acc_transactions (id INTEGER PRIMARY KEY, type INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL, notes TEXT, reference TEXT, date TEXT NOT NULL, hash TEXT, prev_id INTEGER, prev_hash TEXT,
    id_year INTEGER NOT NULL, id_creator INTEGER);
CREATE TABLE acc_letters (id INTEGER PRIMARY KEY, id_year INTEGER NOT NULL, letter TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE acc_transactions_lines (id INTEGER PRIMARY KEY, id_transaction INTEGER NOT NULL, id_account INTEGER NOT NULL,
    credit INTEGER NOT NULL, debit INTEGER NOT NULL, reference TEXT, label TEXT, reconciled INTEGER NOT NULL DEFAULT 0,
    id_project INTEGER, id_letter INTEGER, status INTEGER NOT NULL DEFAULT 0);
CREATE TABLE acc_transactions_users (id_user INTEGER NOT NULL, id_transaction INTEGER NOT NULL, id_service_user INTEGER);
INSERT INTO acc_charts VALUES (1, 'FR', 'PCA_2018', 'Plan comptable associatif', 0);
INSERT INTO acc_accounts VALUES (1, 1, '5121', 'Compte courant', NULL, 3, 1, 1, 1, 0);
INSERT INTO acc_accounts VALUES (2, 1, '604A', 'OVH', NULL, 4, 5, 1, 1, 0);
INSERT INTO acc_years VALUES (1, 'Exercice 2024', '2024-01-01', '2024-12-31', 1, 1);
INSERT INTO acc_transactions VALUES (1, 2, 2, 'Serveur', NULL, 'FR1', '2024-03-01', NULL, NULL, NULL, 1, NULL);
INSERT INTO acc_transactions_lines VALUES (1, 1, 2, 0, 1000, NULL, NULL, 0, NULL, NULL, 0);
INSERT INTO acc_transactions_lines VALUES (2, 1, 1, 1000, 0, NULL, NULL, 0, NULL, NULL, 0);
";

/// A small Paheko-like database at `path`: the minimal schema, one year, one transaction,
/// then `extra` SQL, with Paheko's application id and the given `user_version`.
pub(crate) fn minimal_backup(path: &Path, version: i64, extra: &str) {
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).expect("create");
    conn.execute_batch(MINIMAL_SCHEMA).expect("schema");
    conn.execute_batch(extra).expect("extra");
    conn.pragma_update(None, "application_id", 0x5DA2_D811_i64)
        .expect("application_id");
    conn.pragma_update(None, "user_version", version)
        .expect("user_version");
    conn.execute_batch("VACUUM").expect("vacuum");
}

/// The reproducers of the backup's rejection codes, each made from SQL.
fn reproducers(folder: &Path) -> Vec<PathBuf> {
    let made = |name: &str| folder.join(name);
    let not_paheko = made("not_paheko_database.sqlite");
    {
        let _ = std::fs::remove_file(&not_paheko);
        let conn = Connection::open(&not_paheko).expect("create");
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'courses');")
            .expect("sql");
    }
    let version = made("unknown_schema_version.sqlite");
    minimal_backup(&version, 1_040_000, "");
    let year = made("backup_year.sqlite");
    minimal_backup(
        &year,
        1_032_276,
        "INSERT INTO acc_years VALUES (2, 'Exercice 2025', '2025-01-01', '2025-12-31', 0, 1);",
    );
    let limit = made("database_limit.sqlite");
    minimal_backup(
        &limit,
        1_032_276,
        "UPDATE acc_transactions SET notes = printf('%.100001c', 'x') WHERE id = 1;",
    );
    // A good database whose second page (the first table's root) is overwritten.
    let corrupt = made("corrupt_database.sqlite");
    minimal_backup(&corrupt, 1_032_276, "");
    let mut bytes = std::fs::read(&corrupt).expect("read");
    let page = 4096;
    for (idx, byte) in bytes[page..2 * page].iter_mut().enumerate() {
        *byte = (idx * 37 % 251) as u8;
    }
    std::fs::write(&corrupt, bytes).expect("write");
    // For tests/malformed: the one-year minimal backup, beside an export that disagrees.
    let one_year = made("sauvegarde.sqlite");
    minimal_backup(&one_year, 1_032_276, "");
    vec![not_paheko, version, year, limit, corrupt, one_year]
}

/// Where a reproducer made by [`reproducers`] is committed.
fn committed(name: &str) -> Vec<PathBuf> {
    let malformed = root().join("tests/malformed");
    match name {
        "sauvegarde.sqlite" => vec![malformed.join("backup_conflict").join(name)],
        "backup_year.sqlite" => vec![
            root().join("tests/errors").join(name),
            malformed.join("backup_two_years/sauvegarde.sqlite"),
        ],
        _ => vec![root().join("tests/errors").join(name)],
    }
}

/// A live Paheko database in WAL mode, copied with its `-wal` file while a connection still
/// holds the latest transaction there: `association.sqlite` and `association.sqlite-wal`.
fn live_database(folder: &Path) {
    std::fs::create_dir_all(folder).expect("folder");
    let work = tempfile::tempdir().expect("tempdir");
    let path = work.path().join("association.sqlite");
    minimal_backup(&path, 1_032_276, "");
    let conn = Connection::open(&path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "wal_autocheckpoint", 0)
        .expect("no checkpoint");
    conn.execute_batch(
        "INSERT INTO acc_transactions VALUES (2, 1, 2, 'Cotisation', NULL, NULL, '2024-04-01', NULL, NULL, NULL, 1, NULL);
         INSERT INTO acc_transactions_lines VALUES (3, 2, 1, 0, 2000, NULL, NULL, 0, NULL, NULL, 0);
         INSERT INTO acc_transactions_lines VALUES (4, 2, 2, 2000, 0, NULL, NULL, 0, NULL, NULL, 0);",
    )
    .expect("insert");
    for name in ["association.sqlite", "association.sqlite-wal"] {
        std::fs::copy(work.path().join(name), folder.join(name)).expect("copy");
    }
    drop(conn);
}

#[test]
fn a_live_database_with_its_wal_is_refused_and_read_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live");
    live_database(&live);
    let path = live.join("association.sqlite");
    let file = read_books_file_as(&path, Arc::from("association.sqlite"));
    assert_eq!(
        file.rejected.first().map(|r| r.reason.code()),
        Some("live_database"),
        "{:?}",
        file.rejected
    );
    if update_golden() || !root().join("tests/errors/live_database").exists() {
        live_database(&root().join("tests/errors/live_database"));
    }
    // Without a -wal beside it (Paheko wrote it back and removed it), the file is read.
    std::fs::remove_file(live.join("association.sqlite-wal")).expect("rm");
    let file = read_books_file_as(&path, Arc::from("association.sqlite"));
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
}

/// The committed reproducers are what `reproducers` makes (`UPDATE_GOLDEN=1` rewrites them).
#[test]
fn backup_reproducers_are_made_from_sql() {
    let dir = tempfile::tempdir().expect("tempdir");
    for made in reproducers(dir.path()) {
        let name = made.file_name().expect("name");
        let bytes = std::fs::read(&made).expect("made");
        for committed in committed(&name.to_string_lossy()) {
            // What rappro says of the file matters, not its bytes (SQLite versions differ in
            // the free space they leave): both give the same message.
            if update_golden() || !committed.exists() {
                std::fs::write(&committed, &bytes).expect("write reproducer");
            }
            let say = |path: &Path| {
                let file = read_books_file_for(path, Arc::from("f"), None);
                (file.rows, file.rejected, file.warnings)
            };
            assert_eq!(say(&made), say(&committed), "{}", committed.display());
        }
    }
}

#[test]
fn init_proposes_the_backup_as_the_books_and_the_run_reads_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("samples/girofle-2024-sauvegarde"), dir.path());
    // An export beside the backup: proposed as useless, in a comment.
    std::fs::copy(fixture(COMPLET_2024), dir.path().join("paheko/complet.csv")).expect("copy");
    std::fs::remove_file(dir.path().join("rappro.toml")).expect("rm");
    let output = rappro(dir.path(), &["init", "."]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("rappro.toml")).expect("rappro.toml");
    let config = rappro::config::load(dir.path()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        config.exports,
        ["paheko/Le Cloud Girofle - Sauvegarde données - 2026-11-28.sqlite"]
    );
    assert!(text.contains("#   \"paheko/complet.csv\""), "{text}");
    assert!(text.contains("plusieurs exercices"), "{text}");
    let run = rappro(dir.path(), &["run", ".", "--out", "rapports"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("737       737         0         0  Complet (sauvegarde SQLite)"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn the_backup_states_its_year_which_is_not_inferred_from_the_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    minimal_backup(
        &dir.path().join("s.sqlite"),
        1_032_276,
        "UPDATE acc_years SET label = 'Exercice 2023-24', start_date = '2023-07-01', end_date = '2024-06-30';",
    );
    let output = rappro(dir.path(), &["report", "s.sqlite", "--out", "r"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // One transaction in March 2024: its dates alone would say the calendar year 2024.
    assert!(
        stdout.contains("Exercice du 01/07/2023 au 30/06/2024 : 1 écriture"),
        "{stdout}"
    );
    let with_year = rappro(
        dir.path(),
        &[
            "report",
            "s.sqlite",
            "--out",
            "r2",
            "--exercice",
            "2023-07-01:2024-06-30",
        ],
    );
    assert_eq!(with_year.status.code(), Some(0));
}
