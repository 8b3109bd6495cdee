//! « What is this file? »: the one recogniser, for `rappro import`/`run` and `rappro init`.
//!
//! [`detect`] looks at the head of a file (its first bytes; the whole file when it is in
//! memory) and says what it is, from its content only: Paheko's download names contain runs
//! of spaces and say nothing reliable. The checks run in one order, the one the books reader
//! has always used: empty, SQLite backup, workbook, binary documents (PDF), other ZIP archives,
//! then the decoded text (bank and e-invoice formats, texts to read), JSON (OVH bills or
//! Paheko's API export), and last the header of a table (a Paheko export, the chart of
//! accounts, the OVH control-panel CSV, a Paheko report or another known table).
//!
//! A workbook is recognised in two steps: [`detect`] says [`FileKind::Workbook`], and once its
//! sheet is read, [`sheet_kind`] (or [`workbook_kind`] from the bytes) says which table it
//! holds. Reading a sheet is the reader's work, so the second step stays apart; it is here so
//! that both callers ask the same questions in the same order.
//!
//! To recognise a new input: add its arm to [`FileKind`], its test here (in its place in the
//! order), and its reader module; `import` and `init` then dispatch on the new arm.

use std::path::Path;

use csv::StringRecord;

use crate::import::backup;
use crate::import::container::text;
use crate::import::container::workbook::{self, Workbook};
use crate::import::invoices;
use crate::import::not_exports::{self, NotExport};
use crate::import::paheko::columns::{Layout, normalise_header, recognise};

/// What a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing but white space.
    Empty,
    /// Paheko's database backup (SQLite, by its magic bytes).
    Backup,
    /// An ODS or XLSX workbook: which table it holds is known once its sheet is read
    /// ([`sheet_kind`], [`workbook_kind`]).
    Workbook(Workbook),
    /// A Paheko journal export (Complet or Complet groupé, Simplifié, FEC), by its header.
    PahekoJournal(Layout),
    /// Paheko's chart of accounts export.
    Chart,
    /// A Paheko journal export whose header misses a mandatory column or has one twice (it
    /// has a column only Paheko writes): the reader refuses it, naming the column.
    DamagedExport,
    /// The same for a chart of accounts (its header has `Position`), such as the chart
    /// templates Paheko ships, whose columns are not those of its export.
    DamagedChart,
    /// JSON that is not OVH bills: read as Paheko's API export.
    PahekoApiJson,
    /// The OVH/Kimsufi API JSON dump (bills or refunds).
    OvhJson,
    /// The OVH/Kimsufi control-panel CSV export.
    ControlPanelCsv,
    /// A file a treasurer keeps beside the exports that is not one: a Paheko report, a bank
    /// statement, an e-invoice, a PDF, a text to read, an invoice list.
    NotExport(NotExport),
    /// A ZIP archive that is no workbook (ODT, DOCX, a plain archive).
    OtherZip,
    /// A text table whose header none of the above knows (a supplier's invoice list read
    /// through a column mapping, or an unknown file).
    Table,
    /// Nothing recognisable: binary content, or text with no table in it.
    Unknown,
}

/// How much of a file [`detect`] needs: a caller reading from disk passes this many first bytes.
pub const HEAD: usize = 64 * 1024;

/// What a file is, from its first bytes (`head`; the whole file when it is in memory).
///
/// `path` names the file; the content alone decides today (names are unreliable), the path
/// is there for a future kind that only its name can tell.
pub fn detect(head: &[u8], path: &Path) -> FileKind {
    let _ = path;
    if head.iter().all(u8::is_ascii_whitespace) {
        return FileKind::Empty;
    }
    if backup::is_sqlite(head) {
        return FileKind::Backup;
    }
    if let Some(kind) = workbook::detect(head) {
        return FileKind::Workbook(kind);
    }
    if let Some(what) = not_exports::from_binary(head) {
        return FileKind::NotExport(what);
    }
    if head.starts_with(b"PK\x03\x04") {
        return FileKind::OtherZip;
    }
    let Ok(decoded) = text::decode(head) else {
        return FileKind::Unknown;
    };
    text_kind(&decoded.bytes)
}

/// What a decoded text is.
fn text_kind(text: &[u8]) -> FileKind {
    if let Some(what) = not_exports::from_text(text) {
        return FileKind::NotExport(what);
    }
    let start = text.trim_ascii_start();
    if matches!(start.first(), Some(b'[' | b'{')) {
        return if invoices::looks_like_ovh_json(start) {
            FileKind::OvhJson
        } else {
            FileKind::PahekoApiJson
        };
    }
    match header(text) {
        Some(headers) => table_kind(&headers, Some(text)),
        None => FileKind::Unknown,
    }
}

/// The first record of a CSV text (any separator), if it has one.
fn header(text: &[u8]) -> Option<StringRecord> {
    let mut reader = text::csv_reader(text, text::sniff_delimiter(text), true);
    reader.records().next().and_then(Result::ok)
}

/// What a table is, from its header; `text` is the CSV text it heads, if it is one (the
/// control-panel CSV is a text format).
fn table_kind(headers: &StringRecord, text: Option<&[u8]>) -> FileKind {
    match recognise(headers) {
        Ok((Layout::Chart, _)) => return FileKind::Chart,
        Ok((layout, _)) => return FileKind::PahekoJournal(layout),
        // `recognise`'s own rule: a `Position` column makes a chart.
        Err(_) if not_exports::is_paheko_header(headers) => {
            return if headers.iter().any(|h| normalise_header(h) == "position") {
                FileKind::DamagedChart
            } else {
                FileKind::DamagedExport
            };
        }
        Err(_) => {}
    }
    if text.is_some_and(invoices::looks_like_control_panel) {
        return FileKind::ControlPanelCsv;
    }
    match not_exports::from_header(headers) {
        Some(what) => FileKind::NotExport(what),
        None => FileKind::Table,
    }
}

/// The second step for a workbook: what the table of its read sheet is, from its header.
pub fn sheet_kind(headers: &StringRecord) -> FileKind {
    table_kind(headers, None)
}

/// The second step from the workbook's bytes: reads its first sheet with values (only to
/// recognise it, never for its figures) and says what it holds. `None` when it cannot be
/// read (truncated, corrupt, nothing in it).
pub fn workbook_kind(bytes: &[u8], kind: Workbook) -> Option<FileKind> {
    let table = workbook::read_first_filled(bytes, kind).ok()?;
    Some(sheet_kind(&table.headers))
}

#[cfg(test)]
#[path = "detect_tests.rs"]
mod tests;
