//! One fiscal year's transactions and lines of a Paheko backup, as the « Complet » export
//! of that year gives them (`Export::iterateExport`): one row per line, `ORDER BY t.date,
//! t.id, l.id`, the same columns, the same checks as the CSV reader (a bad row rejects
//! its transaction whole, an unbalanced transaction is rejected).

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::{BackupYear, sqlite_reason};
use crate::error::{Reason, Rejection};
use crate::import::paheko::checks::judge_transaction;
use crate::import::unicode::nfc;
use crate::model::account::valid_code;
use crate::model::{Date, Entry, EntryKind, ExportType, Line, LineText, Money, Source};

/// What one year gave.
pub(super) struct YearRows {
    /// Lines read (the rows of the backup).
    pub rows: u64,
    /// Balanced transactions, in the export's order.
    pub entries: Vec<Entry>,
    /// Rejected lines.
    pub rejected: Vec<Rejection>,
    /// Transactions of the year with « Membres associés » (not read).
    pub members: u64,
}

/// Paheko refuses amounts of one billion euros or more (`Line.php`), in cents.
const MAX_CENTS: i64 = 100_000_000_000;

/// The rows of the year, in the Complet export's order, with what each line needs.
const QUERY: &str = "
SELECT t.id, t.type, t.status, t.label, t.notes, t.reference, t.date,
       l.id, l.id_account, a.id, a.id_chart, a.code, a.label,
       l.debit, l.credit, l.reference, l.label, l.reconciled,
       p.code, p.label, g.letter, l.id_project, p.id
FROM acc_transactions AS t
JOIN acc_transactions_lines AS l ON l.id_transaction = t.id
LEFT JOIN acc_accounts AS a ON a.id = l.id_account
LEFT JOIN acc_projects AS p ON p.id = l.id_project
LEFT JOIN acc_letters AS g ON g.id = l.id_letter
WHERE t.id_year = ?1
ORDER BY t.date, t.id, l.id";

/// The text of a cell: NULL is empty, numbers are their text, bytes that are not UTF-8
/// are shown with U+FFFD (the checks that need exact text reject them apart).
pub(super) fn text(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// A date as Paheko stores it, exactly `YYYY-MM-DD`.
pub(super) fn strict_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if shape { Date::parse(text) } else { None }
}

/// A text cell that must be UTF-8 text (or NULL), in NFC as the CSV reader gives it.
fn checked_text(value: ValueRef<'_>) -> Result<String, Reason> {
    match value {
        ValueRef::Null => Ok(String::new()),
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) if text.contains('\0') => Err(Reason::NulByte),
            Ok(text) => Ok(nfc(text).into_owned()),
            Err(_) => Err(Reason::InvalidEncoding),
        },
        ValueRef::Integer(n) => Ok(n.to_string()),
        ValueRef::Real(_) | ValueRef::Blob(_) => Err(Reason::Invalid(
            "valeur qui n'est pas du texte là où Paheko écrit du texte".to_owned(),
        )),
    }
}

/// An amount in integer cents, as Paheko stores it.
fn cents(value: ValueRef<'_>, column: &str) -> Result<Money, Reason> {
    match value {
        ValueRef::Integer(n) if (0..MAX_CENTS).contains(&n) => Ok(Money::from_cents(n)),
        ValueRef::Integer(n) if n >= MAX_CENTS => Err(Reason::AmountTooLarge {
            column: column.to_owned(),
            value: Money::from_cents(n).to_comma(),
        }),
        ValueRef::Null => Ok(Money::ZERO),
        other => Err(Reason::BadAmount {
            column: column.to_owned(),
            value: text(other),
        }),
    }
}

fn integer(value: ValueRef<'_>) -> Option<i64> {
    match value {
        ValueRef::Integer(n) => Some(n),
        _ => None,
    }
}

/// The transaction cells of a row.
struct Header {
    kind: EntryKind,
    status: Box<str>,
    label: Box<str>,
    date: Date,
    notes: Box<str>,
    reference: Box<str>,
}

/// A transaction being read: its number, its cells, its lines and each row's problem.
struct Pending {
    number: i64,
    header: Result<Header, (u64, Reason)>,
    lines: Vec<Line>,
    rows: Vec<(u64, Option<Reason>)>,
}

/// Shares the text of repeated accounts, labels and projects.
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        // Bounded: a backup of millions of distinct texts keeps only the first ones shared.
        if self.0.len() < 100_000 {
            self.0.insert(text.to_owned(), Arc::clone(&shared));
        }
        shared
    }
}

/// Reads every line of `year`.
pub(super) fn read(
    conn: &Connection,
    path: &Arc<str>,
    year: &BackupYear,
) -> Result<YearRows, Reason> {
    let chart: Option<i64> = conn
        .query_row(
            "SELECT id_chart FROM acc_years WHERE id = ?1",
            [year.id],
            |row| Ok(integer(row.get_ref(0)?)),
        )
        .map_err(sqlite_reason)?;
    let members: i64 = conn
        .query_row(
            "SELECT count(DISTINCT u.id_transaction) FROM acc_transactions_users AS u \
             JOIN acc_transactions AS t ON t.id = u.id_transaction WHERE t.id_year = ?1",
            [year.id],
            |row| row.get(0),
        )
        // A database without that table has no members to read.
        .unwrap_or(0);
    let mut statement = conn.prepare(QUERY).map_err(sqlite_reason)?;
    let mut rows = statement.query([year.id]).map_err(sqlite_reason)?;
    let mut out = YearRows {
        rows: 0,
        entries: Vec::new(),
        rejected: Vec::new(),
        members: u64::try_from(members).unwrap_or(0),
    };
    let mut interner = Interner::default();
    let mut pending: Option<Pending> = None;
    while let Some(row) = rows.next().map_err(sqlite_reason)? {
        let get = |idx: usize| row.get_ref(idx).map_err(sqlite_reason);
        out.rows += 1;
        let number = integer(get(0)?).ok_or_else(|| {
            Reason::NotPahekoDatabase("numéro d'écriture qui n'est pas un entier".to_owned())
        })?;
        let line_id = integer(get(7)?)
            .and_then(|id| u64::try_from(id).ok())
            .filter(|id| *id > 0)
            .ok_or_else(|| {
                Reason::NotPahekoDatabase(format!(
                    "ligne de l'écriture n° {number} sans identifiant entier positif"
                ))
            })?;
        if pending.as_ref().is_none_or(|p| p.number != number) {
            if let Some(done) = pending.take() {
                close(done, path, &mut out);
            }
            pending = Some(Pending {
                number,
                header: header(row).map_err(|reason| (line_id, reason)),
                lines: Vec::new(),
                rows: Vec::new(),
            });
        }
        let line = line(row, line_id, chart, &mut interner);
        if let Some(pending) = pending.as_mut() {
            match line {
                Ok(line) => {
                    pending.lines.push(line);
                    pending.rows.push((line_id, None));
                }
                Err(reason) => pending.rows.push((line_id, Some(reason))),
            }
        }
    }
    if let Some(done) = pending.take() {
        close(done, path, &mut out);
    }
    Ok(out)
}

/// The transaction cells of a row (`acc_transactions`).
fn header(row: &rusqlite::Row<'_>) -> Result<Header, Reason> {
    let get = |idx: usize| row.get_ref(idx).map_err(sqlite_reason);
    let kind = match get(1)? {
        ValueRef::Integer(n) => usize::try_from(n)
            .ok()
            .and_then(|n| EntryKind::ALL.get(n).copied())
            .ok_or_else(|| Reason::UnknownType(n.to_string()))?,
        other => return Err(Reason::UnknownType(text(other))),
    };
    // « Statut » names bits 1 and 2 of the mask (`Transaction::STATUS_NAMES`).
    let status = integer(get(2)?).unwrap_or(0);
    let mut names = Vec::new();
    if status & 1 != 0 {
        names.push("En attente de règlement");
    }
    if status & 2 != 0 {
        names.push("Réglé");
    }
    let label = checked_text(get(3)?)?;
    if label.is_empty() {
        return Err(Reason::MissingValue("Libellé".to_owned()));
    }
    let date_text = checked_text(get(6)?)?;
    let date = strict_date(&date_text).ok_or_else(|| Reason::BadDate {
        column: "Date".to_owned(),
        value: date_text.clone(),
    })?;
    Ok(Header {
        kind,
        status: names.join(", ").into(),
        label: label.into(),
        date,
        notes: checked_text(get(4)?)?.into(),
        reference: checked_text(get(5)?)?.into(),
    })
}

/// The line cells of a row (`acc_transactions_lines` and what it points to).
fn line(
    row: &rusqlite::Row<'_>,
    line_id: u64,
    chart: Option<i64>,
    interner: &mut Interner,
) -> Result<Line, Reason> {
    let get = |idx: usize| row.get_ref(idx).map_err(sqlite_reason);
    let Some(_) = integer(get(9)?) else {
        return Err(Reason::Invalid(format!(
            "la ligne renvoie au compte d'identifiant « {} », absent de la table des comptes",
            text(get(8)?)
        )));
    };
    if integer(get(10)?) != chart {
        return Err(Reason::Invalid(
            "la ligne renvoie à un compte d'un autre plan comptable que celui de l'exercice"
                .to_owned(),
        ));
    }
    let raw_code = checked_text(get(11)?)?;
    let code = match valid_code(&raw_code) {
        Some(code) if !code.is_empty() && code == raw_code => code,
        _ => {
            return Err(Reason::BadAccount {
                column: "Numéro compte".to_owned(),
                value: raw_code,
            });
        }
    };
    let debit = cents(get(13)?, "Débit")?;
    let credit = cents(get(14)?, "Crédit")?;
    if !debit.is_zero() && !credit.is_zero() {
        return Err(Reason::DebitAndCredit { debit, credit });
    }
    let project = match (integer(get(21)?), integer(get(22)?)) {
        (None, _) => None,
        (Some(_), Some(_)) => {
            // Exports write the project's code when it has one, else its label.
            let code = checked_text(get(18)?)?;
            let name = if code.is_empty() {
                checked_text(get(19)?)?
            } else {
                code
            };
            (!name.is_empty()).then(|| interner.get(&name))
        }
        (Some(id), None) => {
            return Err(Reason::Invalid(format!(
                "la ligne renvoie au projet analytique d'identifiant {id}, absent de la table des projets"
            )));
        }
    };
    let account_label = checked_text(get(12)?)?;
    let reference = checked_text(get(15)?)?;
    let label = checked_text(get(16)?)?;
    let letter = checked_text(get(20)?)?;
    Ok(Line {
        account: interner.get(code),
        account_label: interner.get(&account_label),
        debit,
        credit,
        text: LineText::new(&reference, &label, &letter),
        project,
        reconciled: integer(get(17)?) == Some(1),
        line: line_id,
    })
}

/// Checks a finished transaction and files it as an entry or as rejected rows.
fn close(pending: Pending, path: &Arc<str>, out: &mut YearRows) {
    let Pending {
        number,
        header,
        lines,
        rows,
    } = pending;
    let number_text = number.to_string();
    let source = |line: u64| Source::new(Arc::clone(path), line);
    let (header, rows) = match judge_transaction(&number_text, header, &lines, rows) {
        Ok(accepted) => accepted,
        Err(rejected) => {
            for (line, reason) in rejected {
                out.rejected.push(Rejection::new(source(line), reason));
            }
            return;
        }
    };
    let first_line = rows.first().map_or(0, |(line, _)| *line);
    out.entries.push(Entry {
        number: number_text.into(),
        kind: Some(header.kind),
        status: header.status,
        label: header.label,
        date: header.date,
        notes: header.notes,
        reference: header.reference,
        members: "".into(),
        lines,
        export: ExportType::Full,
        source: source(first_line),
        rows: u32::try_from(rows.len()).unwrap_or(u32::MAX),
    });
}
