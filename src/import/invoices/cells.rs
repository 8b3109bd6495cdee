//! What the tabular invoice readers (control panel, mapped) share: header matching, cell
//! parsing with the right [`Reason`]s, the CSV front end, and the row loop itself.
//!
//! A reader only says which column holds what (a [`Layout`]); this module reads the rows.

use std::sync::Arc;

use csv::StringRecord;

use super::{InvoiceFile, InvoiceFormat};
use crate::error::{Reason, Rejection, Warning, WarningKind};
use crate::import::container::table::Table;
use crate::import::container::text::{Encoding, csv_table, decode, sniff_delimiter};
use crate::model::{AmountError, Date, Invoice, InvoiceLine, Money, Source};

/// A header text brought to a comparable form: trimmed, lower case, no-break spaces as
/// spaces, runs of blanks as one space, `’` and `‘` as `'`.
pub(super) fn normalize_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for ch in text.chars() {
        match ch {
            '\u{feff}' => {}
            c if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' => blank = true,
            c => {
                if blank && !out.is_empty() {
                    out.push(' ');
                }
                blank = false;
                match c {
                    '’' | '‘' => out.push('\''),
                    c => out.extend(c.to_lowercase()),
                }
            }
        }
    }
    out
}

/// A column found in a header: its index and its title as written in the file.
#[derive(Clone, Debug)]
pub(super) struct Column {
    index: usize,
    name: String,
}

/// Finds the column titled `wanted` (any of `aliases` too, for fixed formats).
/// `Ok(None)` if absent; a title present twice is a file-level `DuplicateColumn`.
pub(super) fn find_column(
    headers: &StringRecord,
    aliases: &[&str],
) -> Result<Option<Column>, Reason> {
    let wanted: Vec<String> = aliases.iter().map(|a| normalize_header(a)).collect();
    let mut found: Option<Column> = None;
    for (index, title) in headers.iter().enumerate() {
        if wanted.contains(&normalize_header(title)) {
            if found.is_some() {
                return Err(Reason::DuplicateColumn(title.to_owned()));
            }
            found = Some(Column {
                index,
                name: title.to_owned(),
            });
        }
    }
    Ok(found)
}

/// Like [`find_column`], but a missing column is a file-level `MissingColumn`.
pub(super) fn require_column(headers: &StringRecord, aliases: &[&str]) -> Result<Column, Reason> {
    find_column(headers, aliases)?.ok_or_else(|| {
        Reason::MissingColumn(aliases.first().copied().unwrap_or_default().to_owned())
    })
}

/// A cell of `row`, trimmed; empty when the row is too short.
fn cell<'r>(row: &'r StringRecord, column: &Column) -> &'r str {
    row.get(column.index).map_or("", str::trim)
}

/// A mandatory text cell.
fn text(row: &StringRecord, column: &Column) -> Result<String, Reason> {
    match cell(row, column) {
        "" => Err(Reason::MissingValue(column.name.clone())),
        value => Ok(value.to_owned()),
    }
}

/// Parses an amount cell; `column` names it in the reason.
pub(super) fn amount(column: &str, value: &str) -> Result<Money, Reason> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Reason::MissingValue(column.to_owned()));
    }
    Money::parse(value).map_err(|err| {
        let (column, value) = (column.to_owned(), value.to_owned());
        match err {
            AmountError::Invalid => Reason::BadAmount { column, value },
            AmountError::TooManyDecimals => Reason::TooManyDecimals { column, value },
            AmountError::TooLarge => Reason::AmountTooLarge { column, value },
        }
    })
}

/// Parses a date cell; `column` names it in the reason.
pub(super) fn date(column: &str, value: &str) -> Result<Date, Reason> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Reason::MissingValue(column.to_owned()));
    }
    Date::parse(value).ok_or_else(|| Reason::BadDate {
        column: column.to_owned(),
        value: value.to_owned(),
    })
}

/// Which column holds what, for one table.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    /// Invoice number (mandatory).
    pub(super) number: Column,
    /// Issue date (mandatory).
    pub(super) date: Column,
    /// Total TTC (mandatory).
    pub(super) total: Column,
    /// Total HT (empty cells allowed).
    pub(super) total_ht: Option<Column>,
    /// Description (empty cells allowed).
    pub(super) label: Option<Column>,
    /// Service: when mapped, each invoice gets one line.
    pub(super) service: Option<Column>,
    /// Order number, shown in the default label (control panel).
    pub(super) order: Option<Column>,
}

/// How strictly rows are checked against the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Width {
    /// CSV: a row with another number of fields than the header is rejected (`ColumnCount`),
    /// since an unquoted separator in a cell shifts the columns.
    Exact,
    /// Spreadsheets: short rows have empty cells, extra cells are ignored.
    Lenient,
}

/// Decodes CSV bytes into a table; a file-level reason when that is impossible.
/// Rows that are not text come back with their line.
pub(super) fn csv_front(bytes: &[u8]) -> Result<(Table, Vec<(u64, Reason)>), Reason> {
    csv_front_noted(bytes).map(|(table, bad, _)| (table, bad))
}

/// What the treasurer should know about a CSV text that was read anyway: its encoding when
/// it is not UTF-8, old Mac line endings. The same warnings as for Paheko exports.
pub(super) type TextNotes = Vec<WarningKind>;

/// A CSV text read: the table, the rows that are not text, the notes.
pub(super) type CsvText = (Table, Vec<(u64, Reason)>, TextNotes);

/// [`csv_front`], with the [`TextNotes`] of the file.
pub(super) fn csv_front_noted(bytes: &[u8]) -> Result<CsvText, Reason> {
    let decoded = decode(bytes)?;
    if decoded.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Reason::EmptyFile);
    }
    let mut notes = Vec::new();
    if matches!(
        decoded.encoding,
        Encoding::Windows1252 | Encoding::Utf16Le | Encoding::Utf16Be
    ) {
        notes.push(WarningKind::NotUtf8 {
            encoding: decoded.encoding,
            invoices: true,
        });
    }
    if decoded.mac_line_endings {
        notes.push(WarningKind::MacLineEndings { invoices: true });
    }
    let delimiter = sniff_delimiter(&decoded.bytes);
    // `csv_table` numbers rows by physical line, whatever the line ends.
    let (table, bad) = csv_table(&decoded.bytes, delimiter).map_err(|reason| {
        if reason.is_file_level() {
            reason
        } else {
            Reason::UnknownFormat(format!("en-tête illisible ({reason})"))
        }
    })?;
    Ok((table, bad, notes))
}

/// The notes of a file as warnings about it.
pub(super) fn note_warnings(file: &Arc<str>, notes: TextNotes) -> Vec<Warning> {
    notes
        .into_iter()
        .map(|kind| Warning::at(Source::file(Arc::clone(file)), kind))
        .collect()
}

/// Reads every row of `table` with `layout` into an [`InvoiceFile`]; `bad` are the rows the
/// CSV reader could not read as text, counted and rejected with their line.
pub(super) fn read_rows(
    table: &Table,
    bad: Vec<(u64, Reason)>,
    layout: &Layout,
    width: Width,
    file: Arc<str>,
    supplier: Arc<str>,
    format: InvoiceFormat,
) -> InvoiceFile {
    let mut out = InvoiceFile::empty(file.clone(), format);
    for (line, reason) in bad {
        // A row is never line 0, which would mean the whole file.
        let source = Source::new(file.clone(), line.max(table.header_line + 1).max(1));
        out.rejected.push(Rejection::new(source, reason));
        out.rows += 1;
    }
    let mut spoiled = table.spoiled.iter().peekable();
    for (line, row) in &table.rows {
        out.rows += 1;
        let source = Source::new(file.clone(), (*line).max(1));
        let result = if let Some((_, reason)) = spoiled.next_if(|(at, _)| at == line) {
            Err(reason.clone())
        } else if width == Width::Exact && row.len() != table.headers.len() {
            Err(Reason::ColumnCount {
                expected: table.headers.len(),
                found: row.len(),
            })
        } else {
            read_row(row, layout, &supplier, source.clone())
        };
        match result {
            Ok(invoice) => out.invoices.push(invoice),
            Err(reason) => out.rejected.push(Rejection::new(source, reason)),
        }
    }
    out.rejected.sort_by_key(|r| r.source.line);
    out
}

/// One row into an invoice, or the first reason it cannot be one.
fn read_row(
    row: &StringRecord,
    layout: &Layout,
    supplier: &Arc<str>,
    source: Source,
) -> Result<Invoice, Reason> {
    let number = text(row, &layout.number)?;
    let date = date(&layout.date.name, cell(row, &layout.date))?;
    let total = amount(&layout.total.name, cell(row, &layout.total))?;
    let total_ht = match &layout.total_ht {
        Some(column) if !cell(row, column).is_empty() => {
            Some(amount(&column.name, cell(row, column))?)
        }
        _ => None,
    };
    let credit_note = total.is_negative();
    if let Some(ht) = total_ht
        && ((credit_note && ht.cents() > 0) || (!credit_note && ht.is_negative()))
    {
        return Err(Reason::Invalid(format!(
            "montant HT ({ht}) et montant TTC ({total}) de signes opposés"
        )));
    }
    let label = layout
        .label
        .as_ref()
        .map(|column| cell(row, column))
        .filter(|label| !label.is_empty())
        .map_or_else(
            || {
                let kind = if credit_note { "Avoir" } else { "Facture" };
                match layout.order.as_ref().map(|c| cell(row, c)) {
                    Some(order) if !order.is_empty() => {
                        format!("{kind} {number} (commande {order})")
                    }
                    _ => format!("{kind} {number}"),
                }
            },
            str::to_owned,
        );
    let lines = match &layout.service {
        Some(column) => vec![InvoiceLine {
            description: label.clone(),
            service: cell(row, column).to_owned(),
            amount_ht: total_ht.unwrap_or(total),
        }],
        None => Vec::new(),
    };
    Ok(Invoice {
        supplier: supplier.clone(),
        number,
        date,
        total,
        total_ht,
        credit_note,
        original: None,
        label,
        lines,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::{amount, csv_front, date, normalize_header};
    use crate::error::Reason;
    use crate::model::Money;

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(normalize_header("  Date d’émission "), "date d'émission");
        assert_eq!(normalize_header("Montant\u{a0}TTC"), "montant ttc");
        assert_eq!(normalize_header("MONTANT  \t TTC"), "montant ttc");
        assert_eq!(normalize_header("\u{feff}Référence"), "référence");
    }

    #[test]
    fn rows_carry_their_physical_line_whatever_the_line_ends() {
        for text in [
            "h\n\na\nb\n",
            "h\r\n\r\na\r\nb\r\n",
            "h\r\ra\rb\r",
            "h\n \na\n\"b\n\nc\"\n",
        ] {
            let (table, bad) = csv_front(text.as_bytes()).expect("table");
            assert!(bad.is_empty());
            let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
            assert_eq!((table.header_line, lines), (1, vec![3, 4]), "{text:?}");
        }
        let (table, _) = csv_front(b"\n\n\r\nh\n\n\n\na\n\n").expect("table");
        assert_eq!((table.header_line, table.rows[0].0), (4, 8));
    }

    #[test]
    fn cells_give_the_right_reasons() {
        assert_eq!(amount("M", "77.26 €"), Ok(Money::from_cents(7726)));
        assert_eq!(amount("M", " 1 234,56 "), Ok(Money::from_cents(123_456)));
        assert_eq!(amount("M", ""), Err(Reason::MissingValue("M".to_owned())));
        assert_eq!(amount("M", "abc").map_err(|r| r.code()), Err("bad_amount"));
        assert_eq!(
            amount("M", "1,234").map_err(|r| r.code()),
            Err("too_many_decimals")
        );
        assert_eq!(
            amount("M", "1000000000").map_err(|r| r.code()),
            Err("amount_too_large")
        );
        assert_eq!(
            date("D", "31/02/2024").map_err(|r| r.code()),
            Err("bad_date")
        );
        assert_eq!(date("D", " ").map_err(|r| r.code()), Err("missing_value"));
    }
}
