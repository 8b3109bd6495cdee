//! Unit tests of the backup reader's pure parts (the reading itself is tested on the
//! Girofle backups in tests/it/backup.rs).

use super::{BackupYear, choose_year, version_name};
use crate::error::Reason;
use crate::model::Date;

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("date")
}

fn year(id: i64, y: u16, status: i64) -> BackupYear {
    BackupYear {
        id,
        label: format!("Exercice {y}"),
        start: date(y, 1, 1),
        end: date(y, 12, 31),
        status,
    }
}

#[test]
fn versions_are_decoded_as_paheko_encodes_them() {
    assert_eq!(version_name(1_032_276), "1.3.22.1");
    assert_eq!(version_name(1_032_200), "1.3.22");
    assert_eq!(version_name(1_040_000), "1.4.0");
    assert_eq!(version_name(1_040_003), "1.4.0-alpha3");
    assert_eq!(version_name(1_040_026), "1.4.0-beta1");
    assert_eq!(version_name(1_040_052), "1.4.0-rc2");
    assert_eq!(version_name(0), "0 (aucune version)");
}

#[test]
fn one_year_is_read_without_asking_several_are_not() {
    let one = [year(1, 2024, 0)];
    assert_eq!(choose_year(&one, None).map(|y| y.id), Ok(1));
    let two = [year(1, 2024, 1), year(2, 2025, 0)];
    let Err(Reason::BackupYear(message)) = choose_year(&two, None) else {
        panic!("several years must be refused");
    };
    assert!(
        message.contains("« Exercice 2024 » du 01/01/2024 au 31/12/2024 (clôturé)"),
        "{message}"
    );
    assert!(
        message.contains("« Exercice 2025 » du 01/01/2025 au 31/12/2025 (en cours)"),
        "{message}"
    );
    let asked = Some((date(2025, 1, 1), date(2025, 12, 31)));
    assert_eq!(choose_year(&two, asked).map(|y| y.id), Ok(2));
    // A year is chosen by its exact dates, never by overlap.
    let other = Some((date(2025, 1, 1), date(2025, 6, 30)));
    assert!(matches!(
        choose_year(&two, other),
        Err(Reason::BackupYear(_))
    ));
    assert!(matches!(choose_year(&[], None), Err(Reason::BackupYear(_))));
}

#[test]
fn the_suggested_option_picks_the_year() {
    assert_eq!(year(1, 2025, 0).option(), "2025");
    let mut school = year(1, 2024, 0);
    school.start = date(2024, 7, 1);
    school.end = date(2025, 6, 30);
    assert_eq!(school.option(), "2024-07-01:2025-06-30");
}

/// A small database file, made in a temp folder.
fn database(sql: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.sqlite");
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch(sql).expect("sql");
    drop(conn);
    (dir, path)
}

#[test]
fn a_statement_past_the_budget_is_stopped() {
    let (_dir, path) = database("CREATE TABLE t (x INTEGER);");
    let conn = super::open_with_budget(&path, 50).expect("open");
    let endless =
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n";
    let err = conn
        .query_row(endless, [], |row| row.get::<_, i64>(0))
        .expect_err("stopped");
    let reason = super::sqlite_reason(err);
    assert_eq!(reason.code(), "database_limit", "{reason}");
    assert!(reason.to_string().contains("opérations"), "{reason}");
}

#[test]
fn the_connection_cannot_write_nor_make_side_files() {
    let (dir, path) = database("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");
    let before = std::fs::read(&path).expect("read");
    let conn = super::open(&path).expect("open");
    assert!(conn.execute("INSERT INTO t VALUES (2)", []).is_err());
    assert!(
        conn.execute_batch("PRAGMA journal_mode = WAL")
            .is_ok_and(|()| true)
    );
    assert!(conn.execute("CREATE TABLE u (y)", []).is_err());
    let count: i64 = conn
        .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
        .expect("count");
    assert_eq!(count, 1);
    drop(conn);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["b.sqlite"]);
}

#[test]
fn a_path_becomes_an_escaped_uri() {
    let uri = super::uri(std::path::Path::new("/a b/c?d#e%f.sqlite"));
    assert_eq!(uri, "file:/a%20b/c%3Fd%23e%25f.sqlite?mode=ro&immutable=1");
}
