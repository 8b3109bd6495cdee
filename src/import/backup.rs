//! Paheko's own database backup (« Configuration → Sauvegardes → Télécharger la base de
//! données »): an SQLite file holding every fiscal year. Facts about the schema are in
//! docs/FORMATS.md (« Sauvegarde Paheko »).
//!
//! The file is the treasurer's: it is opened read-only and immutable (`mode=ro&immutable=1`:
//! no lock, no journal or WAL file beside it) and only its tables are queried, never its
//! views. A hostile file cannot make rappro work without end: every table's row count and
//! every text's length are checked in SQL before the rows are read, SQLite's own limits are
//! lowered (`SQLITE_LIMIT_LENGTH`), and a progress handler stops any statement past a fixed
//! budget of virtual-machine steps.
//!
//! One fiscal year is read: the one `[exercice]`/`--exercice` names (same first and last
//! day), or the only one the backup holds. A backup with several years and no choice is
//! refused with the list of its years (`backup_year`): rappro never guesses.
//!
//! A downloaded backup ends with the SHA-1 of its bytes, which Paheko checks before
//! restoring it; rappro checks it too (`trailer`) and refuses a backup changed since.
//!
//! The year's transactions become the same [`Entry`] values as the « Complet » export of
//! that year (`entries`), read as `ExportType::Full`. A row of the backup is a line of
//! `acc_transactions_lines`: its `line` is that row's `id` (an entry's source is its first
//! line's), and the « Numéro d'écriture » is `acc_transactions.id`, as in the export.

mod entries;
mod trailer;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Reason, Rejection, Warning, WarningKind};
use crate::import::{BooksFile, BooksKind, Container, MAX_FILE_SIZE};
use crate::model::{Date, ExportType, Source};

/// The first 16 bytes of every SQLite 3 database.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `PRAGMA application_id` of a Paheko database (`DB::APPID`).
pub const APPLICATION_ID: i64 = 0x5DA2_D811;

/// `PRAGMA user_version` of Paheko 1.3.22.1, the version the reader was tested on.
pub const TESTED_VERSION: i64 = 1_032_276;

/// The oldest version read: 1.3.21.0, the last change of the accounting columns read here
/// (`acc_accounts.archived`; `acc_letters` and `id_letter` came in 1.3.20).
const OLDEST_VERSION: i64 = 1_032_100;

/// The newest version read: the one tested. Paheko's later versions may change the schema,
/// and no document says they do not.
const NEWEST_VERSION: i64 = TESTED_VERSION;

/// Most rows read from one table (a million-line ledger is far below it).
pub const MAX_ROWS: i64 = 5_000_000;

/// Longest text read from one cell, in characters (labels, notes, references).
pub const MAX_TEXT_CHARS: i64 = 100_000;

/// SQLite's own bound on a string, a BLOB or a row, in bytes: a cell over it stops the query.
const MAX_VALUE_BYTES: i32 = 1_000_000;

/// Virtual-machine instructions between two calls of the progress handler.
const PROGRESS_PERIOD: i32 = 10_000;

/// Calls of the progress handler after which a statement is interrupted: 5·10⁹
/// instructions, far more than reading the largest ledger rappro is made for.
const PROGRESS_BUDGET: u32 = 500_000;

/// The tables read, each with the columns read. Only these are queried.
const SCHEMA: [(&str, &[&str]); 7] = [
    (
        "acc_years",
        &[
            "id",
            "label",
            "start_date",
            "end_date",
            "status",
            "id_chart",
        ],
    ),
    ("acc_charts", &["id"]),
    (
        "acc_accounts",
        &["id", "id_chart", "code", "label", "position", "type"],
    ),
    ("acc_projects", &["id", "code", "label"]),
    (
        "acc_transactions",
        &[
            "id",
            "type",
            "status",
            "label",
            "notes",
            "reference",
            "date",
            "id_year",
        ],
    ),
    (
        "acc_transactions_lines",
        &[
            "id",
            "id_transaction",
            "id_account",
            "credit",
            "debit",
            "reference",
            "label",
            "reconciled",
            "id_project",
            "id_letter",
        ],
    ),
    ("acc_letters", &["id", "letter"]),
];

/// Text columns whose length is checked before reading, by table.
const TEXT_COLUMNS: [(&str, &[&str]); 5] = [
    ("acc_years", &["label", "start_date", "end_date"]),
    ("acc_accounts", &["code", "label"]),
    ("acc_projects", &["code", "label"]),
    ("acc_transactions", &["label", "notes", "reference", "date"]),
    ("acc_transactions_lines", &["reference", "label"]),
];

/// `5 000 000`: a count with a space between thousands, as French writes it.
/// Groups thousands with narrow no-break spaces, as every number rappro writes for people.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::from(if n < 0 { "-" } else { "" });
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push(crate::model::NARROW_NBSP);
        }
        out.push(ch);
    }
    out
}

/// Whether a file's first bytes are those of an SQLite database.
pub fn is_sqlite(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// A fiscal year of the backup (`acc_years`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupYear {
    /// `acc_years.id`.
    pub id: i64,
    /// « Exercice 2024 ».
    pub label: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// `0` open, `1` closed, `2` locked.
    pub status: i64,
}

impl BackupYear {
    /// The value of `--exercice` that picks this year: `2025`, or `2024-07-01:2025-06-30`.
    pub fn option(&self) -> String {
        let calendar = (
            self.start.month(),
            self.start.day(),
            self.end.month(),
            self.end.day(),
        ) == (1, 1, 12, 31)
            && self.start.year() == self.end.year();
        if calendar {
            self.start.year().to_string()
        } else {
            format!("{}:{}", self.start, self.end)
        }
    }

    /// « « Exercice 2024 » du 01/01/2024 au 31/12/2024 (clôturé) ».
    pub fn french(&self) -> String {
        let status = match self.status {
            0 => "en cours",
            1 => "clôturé",
            2 => "verrouillé",
            _ => "statut inconnu",
        };
        format!(
            "« {} » du {} au {} ({status})",
            self.label,
            self.start.to_french(),
            self.end.to_french()
        )
    }
}

/// Reads the backup at `path` (named `display`), for the fiscal year `year` when given.
pub fn read(path: &Path, display: Arc<str>, year: Option<(Date, Date)>) -> BooksFile {
    match read_inner(path, &display, year) {
        Ok(file) => file,
        Err(reason) => BooksFile {
            rejected: vec![Rejection::new(Source::file(Arc::clone(&display)), reason)],
            path: display,
            kind: None,
            rows: 0,
            entries: Vec::new(),
            chart: None,
            warnings: Vec::new(),
            year: None,
            paheko_numbers: true,
        },
    }
}

fn read_inner(
    path: &Path,
    display: &Arc<str>,
    year: Option<(Date, Date)>,
) -> Result<BooksFile, Reason> {
    let meta =
        std::fs::metadata(path).map_err(|err| Reason::Unreadable(crate::error::french_io(&err)))?;
    if !meta.is_file() {
        return Err(Reason::Unreadable(
            "ce n'est pas un fichier ordinaire (périphérique, tube…)".to_owned(),
        ));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(Reason::FileTooLarge {
            size: meta.len(),
            limit: MAX_FILE_SIZE,
        });
    }
    trailer::check(path)?;
    check_not_live(path)?;
    let conn = open(path)?;
    check_identity(&conn)?;
    check_schema(&conn)?;
    check_sizes(&conn)?;
    let years = years(&conn)?;
    let chosen = choose_year(&years, year)?;
    let out = entries::read(&conn, display, chosen)?;
    let mut warnings = Vec::new();
    if out.members > 0 {
        warnings.push(Warning::at(
            Source::file(Arc::clone(display)),
            WarningKind::BackupMembersUnread {
                entries: out.members,
            },
        ));
    }
    Ok(BooksFile {
        path: Arc::clone(display),
        kind: Some(BooksKind::Journal(ExportType::Full, Container::Sqlite)),
        rows: out.rows,
        entries: out.entries,
        chart: None,
        rejected: out.rejected,
        warnings,
        year: Some((chosen.start, chosen.end, Arc::from(chosen.label.as_str()))),
        paheko_numbers: true,
    })
}

/// A database opened `immutable` is read without its journal: right for a downloaded backup,
/// which nobody writes, but a live `association.sqlite` may hold its latest transactions in a
/// `-wal` file beside it (WAL mode, header bytes 18–19 = 2), or be in the middle of a write (a
/// non-empty `-journal`). Read alone, it would give stale figures: it is refused.
fn check_not_live(path: &Path) -> Result<(), Reason> {
    let mut header = [0u8; 20];
    let wal_mode = std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header))
        .is_ok_and(|()| header[18] == 2 || header[19] == 2);
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let side = std::path::PathBuf::from(name);
        std::fs::metadata(&side)
            .is_ok_and(|meta| meta.len() > 0)
            .then(|| side.file_name().map(|n| n.to_string_lossy().into_owned()))
            .flatten()
    };
    let side = if wal_mode { beside("-wal") } else { None }.or_else(|| beside("-journal"));
    match side {
        Some(side) => Err(Reason::LiveDatabase(side)),
        None => Ok(()),
    }
}

/// The `file:` URI of a path: every byte that is not unreserved is percent-encoded.
fn uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().as_bytes().to_vec();
    let mut out = String::from("file:");
    for byte in bytes {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out.push_str("?mode=ro&immutable=1");
    out
}

/// Opens the file read-only and immutable, with the limits of a hostile input.
fn open(path: &Path) -> Result<Connection, Reason> {
    open_with_budget(path, PROGRESS_BUDGET)
}

/// [`open`], with `budget` calls of the progress handler before a statement is stopped.
fn open_with_budget(path: &Path, budget: u32) -> Result<Connection, Reason> {
    let flags = OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(uri(path), flags).map_err(sqlite_reason)?;
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        .map_err(sqlite_reason)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)
        .map_err(sqlite_reason)?;
    let calls = Arc::new(AtomicU32::new(0));
    conn.progress_handler(
        PROGRESS_PERIOD,
        Some(move || calls.fetch_add(1, Ordering::Relaxed) >= budget),
    )
    .map_err(sqlite_reason)?;
    for (pragma, value) in [
        ("query_only", "ON"),
        ("trusted_schema", "OFF"),
        ("cell_size_check", "ON"),
        ("mmap_size", "0"),
    ] {
        conn.pragma_update(None, pragma, value)
            .map_err(sqlite_reason)?;
    }
    Ok(conn)
}

/// An SQLite error as a rejection reason, in French.
pub(crate) fn sqlite_reason(err: rusqlite::Error) -> Reason {
    use rusqlite::ErrorCode;
    match &err {
        rusqlite::Error::SqliteFailure(failure, _) => match failure.code {
            ErrorCode::NotADatabase => Reason::CorruptDatabase(
                "SQLite ne reconnaît pas son format (fichier chiffré ou abîmé)".to_owned(),
            ),
            ErrorCode::DatabaseCorrupt => {
                Reason::CorruptDatabase("SQLite signale une base abîmée".to_owned())
            }
            ErrorCode::OperationInterrupted => Reason::DatabaseLimit(format!(
                "la lecture a demandé plus de {} millions d'opérations à SQLite : base démesurée ou construite pour bloquer rappro",
                grouped(i64::from(PROGRESS_BUDGET) * i64::from(PROGRESS_PERIOD) / 1_000_000)
            )),
            ErrorCode::TooBig => {
                Reason::DatabaseLimit(format!("une valeur dépasse {} octets", MAX_VALUE_BYTES))
            }
            ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                Reason::Unreadable("SQLite ne peut pas ouvrir le fichier".to_owned())
            }
            _ => Reason::CorruptDatabase(format!("erreur SQLite ({})", one_line_error(&err))),
        },
        _ => Reason::CorruptDatabase(format!("erreur SQLite ({})", one_line_error(&err))),
    }
}

fn one_line_error(err: &rusqlite::Error) -> String {
    crate::model::one_line(&err.to_string(), 120).into_owned()
}

/// Paheko's application id and a schema version rappro knows.
fn check_identity(conn: &Connection) -> Result<(), Reason> {
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(sqlite_reason)?;
    if app != APPLICATION_ID {
        return Err(Reason::NotPahekoDatabase(format!(
            "identifiant d'application {app:#X} au lieu de {APPLICATION_ID:#X}"
        )));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sqlite_reason)?;
    if !(OLDEST_VERSION..=NEWEST_VERSION).contains(&version) {
        return Err(Reason::UnknownSchemaVersion {
            found: format!("{} (user_version {version})", version_name(version)),
            known: format!(
                "{} à {}, essayée sur {}",
                version_name(OLDEST_VERSION),
                version_name(NEWEST_VERSION),
                version_name(TESTED_VERSION)
            ),
        });
    }
    Ok(())
}

/// Paheko's version from `user_version` (`DB::parseVersion`): major × 10⁶ + minor × 10⁴ +
/// patch × 100 + suffix (1–24 alpha, 25–49 beta, 50–74 rc, 75–99 a fourth number).
pub fn version_name(version: i64) -> String {
    if version <= 0 {
        return format!("{version} (aucune version)");
    }
    let (major, minor, patch, suffix) = (
        version / 1_000_000,
        version / 10_000 % 100,
        version / 100 % 100,
        version % 100,
    );
    let base = format!("{major}.{minor}.{patch}");
    match suffix {
        0 => base,
        1..=24 => format!("{base}-alpha{suffix}"),
        25..=49 => format!("{base}-beta{}", suffix - 25),
        50..=74 => format!("{base}-rc{}", suffix - 50),
        _ => format!("{base}.{}", suffix - 75),
    }
}

/// Every table read is a real table (not a view, not a virtual table) with every column read.
fn check_schema(conn: &Connection) -> Result<(), Reason> {
    for (table, columns) in SCHEMA {
        let sql: Option<Option<String>> = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |row| row.get(0),
            )
            .optional()
            .map_err(sqlite_reason)?;
        let is_plain = sql.flatten().is_some_and(|sql| {
            !sql.trim_start()
                .to_ascii_uppercase()
                .starts_with("CREATE VIRTUAL")
        });
        if !is_plain {
            return Err(Reason::NotPahekoDatabase(format!(
                "table « {table} » absente"
            )));
        }
        let mut statement = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .map_err(sqlite_reason)?;
        let present: Vec<String> = statement
            .query_map([table], |row| row.get(0))
            .map_err(sqlite_reason)?
            .take(1000)
            .collect::<Result<_, _>>()
            .map_err(sqlite_reason)?;
        if let Some(missing) = columns.iter().find(|c| !present.iter().any(|p| p == *c)) {
            return Err(Reason::NotPahekoDatabase(format!(
                "colonne « {table}.{missing} » absente"
            )));
        }
    }
    Ok(())
}

/// Row counts and text lengths within the reader's limits, checked in SQL before reading.
fn check_sizes(conn: &Connection) -> Result<(), Reason> {
    for (table, _) in SCHEMA {
        // Counting stops at the limit: a huge table costs no more than the limit.
        let count: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM (SELECT 1 FROM \"{table}\" LIMIT ?1)"),
                [MAX_ROWS + 1],
                |row| row.get(0),
            )
            .map_err(sqlite_reason)?;
        if count > MAX_ROWS {
            return Err(Reason::DatabaseLimit(format!(
                "la table « {table} » a plus de {} lignes",
                grouped(MAX_ROWS)
            )));
        }
    }
    for (table, columns) in TEXT_COLUMNS {
        let test = columns
            .iter()
            .map(|c| format!("length(\"{c}\") > ?1"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let long: Option<i64> = conn
            .query_row(
                &format!("SELECT id FROM \"{table}\" WHERE {test} LIMIT 1"),
                [MAX_TEXT_CHARS],
                |row| row.get(0),
            )
            .optional()
            .map_err(sqlite_reason)?;
        if let Some(id) = long {
            return Err(Reason::DatabaseLimit(format!(
                "un texte de la table « {table} » (id {id}) dépasse {} caractères",
                grouped(MAX_TEXT_CHARS)
            )));
        }
    }
    Ok(())
}

/// The fiscal years (`acc_years`), by first day.
pub(crate) fn years(conn: &Connection) -> Result<Vec<BackupYear>, Reason> {
    let mut statement = conn
        .prepare(
            "SELECT id, label, start_date, end_date, status FROM acc_years ORDER BY start_date, id",
        )
        .map_err(sqlite_reason)?;
    let mut rows = statement.query([]).map_err(sqlite_reason)?;
    let mut years = Vec::new();
    while let Some(row) = rows.next().map_err(sqlite_reason)? {
        let id: i64 = row.get(0).map_err(sqlite_reason)?;
        let label = entries::text(row.get_ref(1).map_err(sqlite_reason)?);
        let date = |idx: usize| -> Result<Date, Reason> {
            let value = entries::text(row.get_ref(idx).map_err(sqlite_reason)?);
            entries::strict_date(&value).ok_or_else(|| {
                Reason::NotPahekoDatabase(format!(
                    "date d'exercice invalide « {} » (acc_years, id {id})",
                    crate::model::one_line(&value, 40)
                ))
            })
        };
        let (start, end) = (date(2)?, date(3)?);
        if start > end {
            return Err(Reason::NotPahekoDatabase(format!(
                "exercice qui finit avant de commencer (acc_years, id {id})"
            )));
        }
        let status = match row.get_ref(4).map_err(sqlite_reason)? {
            rusqlite::types::ValueRef::Integer(status) => status,
            _ => -1,
        };
        years.push(BackupYear {
            id,
            label,
            start,
            end,
            status,
        });
    }
    Ok(years)
}

/// Most years named in the list of a `backup_year` refusal.
const LISTED_YEARS: usize = 6;

/// The year to read: the one asked for (same first and last day), or the only one.
pub(crate) fn choose_year(
    years: &[BackupYear],
    asked: Option<(Date, Date)>,
) -> Result<&BackupYear, Reason> {
    let list = || {
        let mut names: Vec<String> = years
            .iter()
            .take(LISTED_YEARS)
            .map(BackupYear::french)
            .collect();
        if years.len() > LISTED_YEARS {
            names.push(format!("et {} autres", years.len() - LISTED_YEARS));
        }
        names.join(" ; ")
    };
    match asked {
        Some((start, end)) => {
            let mut matching = years.iter().filter(|y| y.start == start && y.end == end);
            match (matching.next(), matching.next()) {
                (Some(year), None) => Ok(year),
                (None, _) if years.is_empty() => Err(Reason::BackupYear(
                    "la sauvegarde ne contient aucun exercice".to_owned(),
                )),
                (None, _) => Err(Reason::BackupYear(format!(
                    "la sauvegarde n'a pas d'exercice du {} au {} ; elle contient : {} ; choisissez l'un d'eux avec --exercice ou [exercice] dans rappro.toml",
                    start.to_french(),
                    end.to_french(),
                    list()
                ))),
                (Some(_), Some(_)) => Err(Reason::BackupYear(format!(
                    "la sauvegarde a plusieurs exercices du {} au {} : {} ; rappro ne choisit pas à votre place, faites l'export « Complet » de l'exercice voulu",
                    start.to_french(),
                    end.to_french(),
                    list()
                ))),
            }
        }
        None => match years {
            [] => Err(Reason::BackupYear(
                "la sauvegarde ne contient aucun exercice".to_owned(),
            )),
            [only] => Ok(only),
            _ => Err(Reason::BackupYear(format!(
                "la sauvegarde contient {} exercices : {} ; choisissez-en un avec --exercice (par exemple --exercice {}) ou [exercice] dans rappro.toml",
                years.len(),
                list(),
                years.last().map_or_else(String::new, BackupYear::option)
            ))),
        },
    }
}

#[cfg(test)]
mod tests;
