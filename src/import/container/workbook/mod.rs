//! ODS and XLSX workbooks (calamine) → [`Table`](crate::import::container::table::Table).
//!
//! What it does: recognise a workbook from its bytes ([`detect`]), check the ZIP directory
//! against decompression bombs, read the one sheet that holds values with calamine (a
//! workbook with values on several sheets is a [`Reason::SeveralSheets`]: a year split over
//! two sheets, or notes before the export, must not be read as one sheet) and turn every cell into
//! text exactly as the CSV export would have it (numbers in their shortest exact decimal
//! form, dates as `YYYY-MM-DD`), so that the Paheko interpreter reads every container alike.
//! The first non-empty row is the header (row 1 in Paheko's exports); empty rows are skipped
//! and every data row keeps its spreadsheet row number.
//! calamine 0.38 cannot read Paheko's ODS as written (line breaks between the cells of a
//! row), so the ODS `content.xml` is cleaned of that whitespace first (`zip` crate, the one
//! calamine uses) and the archive rebuilt in memory; XLSX cells are streamed.
//!
//! A cell that holds no value (a formula without its result, an error, a formula typed as
//! text: see [`sheet_values`](crate::import::sheet_values)) keeps its row in the table, and
//! the row is listed in [`Table::spoiled`] with a [`Reason::NotAValue`] naming the cell.
//!
//! What it does not do: interpret columns, parse amounts or dates of text cells, read
//! several sheets, compute formulas, read styles, or read legacy `.xls` / flat `.fods` files.
//! A damaged file is never a panic: it is a [`Reason::CorruptSpreadsheet`] rejection.
//!
//! Layout: this file recognises a workbook and lays its cells out in a [`Table`];
//! `zip_guard` checks the archive before anything is decompressed (bombs, ZIP64, sizes);
//! `ods_xml` checks and cleans the ODS `content.xml` before calamine reads it; `cells`
//! turns a cell into text.

mod cells;
mod ods_xml;
#[cfg(test)]
mod tests;
mod zip_guard;

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, Ods, Reader, Xlsx, XlsxFormulaMetadata};
use csv::StringRecord;

use crate::error::Reason;
use crate::import::container::table::Table;
use crate::import::sheet_values::{self, NotValue};
use crate::model::one_line;

use self::cells::cell_text;
use self::ods_xml::{ods_without_row_whitespace, sheet_too_large};
use self::zip_guard::{
    LOCAL_HEADER, ODS_MIMETYPE, central_directory, check_archive_size, contains,
    first_entry_is_ods_mimetype, read_u32, stored_data,
};

/// Which workbook format, from the bytes (ZIP with an ODS mimetype / an XLSX content types part).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workbook {
    /// OpenDocument spreadsheet (LibreOffice, Paheko's « ODS » export).
    Ods,
    /// Office Open XML workbook (Excel, Paheko's « XLSX » export).
    Xlsx,
}

/// Largest total uncompressed size of the archive we accept.
const MAX_UNCOMPRESSED: u64 = 512 * 1024 * 1024;
/// Largest number of cells (non-empty ones, then fields with their padding) of the table.
/// A year of Paheko lines is a few hundred thousand cells at most.
const MAX_CELLS: usize = 20_000_000;

/// Recognises an ODS or XLSX workbook from its first bytes and its ZIP directory.
///
/// ODS: a ZIP whose `mimetype` entry (stored, normally first) names an OpenDocument
/// spreadsheet. XLSX: a ZIP with a `[Content_Types].xml` part and an `xl/` folder.
/// `None` for anything else, including other ZIP documents (ODT, DOCX…).
pub fn detect(bytes: &[u8]) -> Option<Workbook> {
    if read_u32(bytes, 0, 0) != Some(LOCAL_HEADER) {
        return None;
    }
    if first_entry_is_ods_mimetype(bytes) {
        return Some(Workbook::Ods);
    }
    match central_directory(bytes) {
        Some(entries) => {
            let has = |name: &[u8]| entries.iter().any(|e| e.name == name);
            let mimetype_is_ods = entries.iter().any(|e| {
                e.name == b"mimetype"
                    && stored_data(bytes, e).is_some_and(|data| data.starts_with(ODS_MIMETYPE))
            });
            if mimetype_is_ods {
                Some(Workbook::Ods)
            } else if has(b"[Content_Types].xml")
                && entries.iter().any(|e| e.name.starts_with(b"xl/"))
            {
                Some(Workbook::Xlsx)
            } else {
                None
            }
        }
        // No readable directory (a truncated file): names in local headers are plain bytes.
        None => (contains(bytes, b"[Content_Types].xml") && contains(bytes, b"xl/"))
            .then_some(Workbook::Xlsx),
    }
}

/// Reads the one sheet that holds values (Paheko exports have one sheet); a workbook with
/// values on several sheets is refused ([`Reason::SeveralSheets`]). Row 1 is the header.
///
/// More exactly, the first non-empty row is the header and `header_line` is its row number
/// (1 for every Paheko export). Each data row carries its 1-based spreadsheet row number;
/// rows whose cells are all empty are left out, columns left of the first used one too, and
/// trailing empty cells are trimmed, so a row may be shorter than the header.
///
/// Rows with a cell that is not a value are listed in [`Table::spoiled`] (see the module
/// documentation).
///
/// Errors: [`Reason::CorruptSpreadsheet`] for a truncated, corrupt, oversized or
/// non-workbook file (even an empty one); [`Reason::EmptyFile`] for a workbook whose first
/// sheet has no value at all; [`Reason::NotAValue`] for a header cell that is not a value.
pub fn read(bytes: &[u8], kind: Workbook) -> Result<Table, Reason> {
    read_within(bytes, kind, MAX_UNCOMPRESSED, MAX_UNCOMPRESSED, false)
}

/// [`read`], but a workbook with values on several sheets gives its first such sheet rather
/// than [`Reason::SeveralSheets`]: only to recognise what a workbook is (Paheko's own report
/// workbooks have a second sheet), never to read its figures.
pub fn read_first_filled(bytes: &[u8], kind: Workbook) -> Result<Table, Reason> {
    read_within(bytes, kind, MAX_UNCOMPRESSED, MAX_UNCOMPRESSED, true)
}

/// [`read`], with at most `max_archive` bytes decompressed and `max_text` bytes of cell text
/// (tests use small ones).
fn read_within(
    bytes: &[u8],
    kind: Workbook,
    max_archive: u64,
    max_text: u64,
    first_filled: bool,
) -> Result<Table, Reason> {
    if bytes.is_empty() {
        return Err(corrupt("le fichier est vide (0 octet)".to_owned()));
    }
    // calamine and its ZIP and XML readers are not written for hostile input: a panic in
    // them is a corrupt file, not a crash of the batch.
    let (cells, problems) = catch_unwind(AssertUnwindSafe(|| {
        check_archive_size(bytes, max_archive)?;
        match kind {
            Workbook::Ods => ods_cells(bytes, max_archive, max_text, first_filled),
            Workbook::Xlsx => xlsx_cells(bytes, max_text, first_filled),
        }
    }))
    .map_err(|_| {
        corrupt("la lecture du classeur a échoué sur un contenu inattendu".to_owned())
    })??;
    build_table(cells, problems)
}

/// One non-empty cell, at its 0-based absolute position.
struct SheetCell {
    row: u64,
    col: u64,
    text: String,
}

/// The first cell of a row that is not a value: its 0-based row, and why.
struct Problem {
    row: u64,
    reason: Reason,
}

/// The cells of a sheet, and those of them that are not values.
type SheetCells = (Vec<SheetCell>, Vec<Problem>);

/// Collects the cells of one sheet within the limits.
struct Collector {
    /// The sheet's name, as quoted in messages.
    sheet: String,
    cells: Vec<SheetCell>,
    /// The leftmost cell that is not a value of each row (column, what): one rejection per
    /// row, so memory grows with rows, not with such cells.
    problems: std::collections::BTreeMap<u64, (u64, NotValue)>,
    budget: TextBudget,
}

impl Collector {
    fn new(sheet: &str, max_text: u64) -> Collector {
        Collector {
            sheet: one_line(sheet, 80).into_owned(),
            cells: Vec::new(),
            problems: std::collections::BTreeMap::new(),
            budget: TextBudget::new(max_text),
        }
    }

    /// Keeps a cell: one with text, or one that is not a value (even without text, so that
    /// its row is read and rejected).
    fn push(
        &mut self,
        row: u64,
        col: u64,
        text: String,
        problem: Option<NotValue>,
    ) -> Result<(), Reason> {
        if text.is_empty() && problem.is_none() {
            return Ok(());
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(too_many_cells());
        }
        self.budget.spend(&text)?;
        if let Some(what) = problem {
            let leftmost = self
                .problems
                .get(&row)
                .is_none_or(|(first, _)| col < *first);
            if leftmost {
                self.problems.insert(row, (col, what));
            }
        }
        self.cells.push(SheetCell { row, col, text });
        Ok(())
    }

    fn finish(self) -> SheetCells {
        let sheet = self.sheet;
        let problems = self
            .problems
            .into_iter()
            .map(|(row, (col, what))| Problem {
                row,
                reason: sheet_values::reason(&sheet, row, col, what),
            })
            .collect();
        (self.cells, problems)
    }
}

/// One sheet of an ODS workbook: its values and its formulas.
fn ods_sheet(
    workbook: &mut Ods<Cursor<&[u8]>>,
    name: &str,
) -> Result<(calamine::Range<Data>, calamine::Range<String>), Reason> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| unreadable("ODS", &e))?;
    let formulas = workbook
        .worksheet_formula(name)
        .map_err(|e| unreadable("ODS", &e))?;
    Ok((range, formulas))
}

fn ods_cells(
    bytes: &[u8],
    max_archive: u64,
    max_text: u64,
    first_filled: bool,
) -> Result<SheetCells, Reason> {
    let rewritten = ods_without_row_whitespace(bytes, max_archive)?;
    let bytes = rewritten.as_deref().unwrap_or(bytes);
    let mut workbook: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable("ODS", &e))?;
    let mut filled = Vec::new();
    for name in workbook.sheet_names() {
        let (range, formulas) = ods_sheet(&mut workbook, &name)?;
        let has_value = range
            .used_cells()
            .any(|(_, _, value)| !cell_text(value).trim().is_empty());
        let has_formula = formulas.used_cells().any(|(_, _, f)| !f.is_empty());
        if has_value || has_formula {
            filled.push(name);
        }
    }
    let name = the_one_sheet(filled, workbook.sheet_names(), first_filled)?;
    // Formulas come as a second range, with its own extent: cells are matched by their
    // absolute position. A file without formulas has an empty one.
    let (range, formulas) = ods_sheet(&mut workbook, &name)?;
    let formula_at = |row: u32, col: u32| {
        formulas
            .get_value((row, col))
            .filter(|formula| !formula.is_empty())
            .map(|formula| sheet_values::ods_formula(formula))
    };
    let mut collector = Collector::new(&name, max_text);
    if let Some((first_row, first_col)) = range.start() {
        for (row, col, value) in range.used_cells() {
            let (row, col) = (absolute(first_row, row), absolute(first_col, col));
            let text = cell_text(value);
            let problem = match (value, formula_at(row, col)) {
                // LibreOffice saves an error result as its text (calamine reads it so).
                (Data::String(shown), Some(formula)) if sheet_values::is_error_text(shown) => {
                    Some(NotValue::Error {
                        shown: shown.clone(),
                        formula: Some(formula),
                    })
                }
                (Data::String(text), _) if sheet_values::is_formula_text(text) => {
                    Some(NotValue::FormulaText(text.clone()))
                }
                _ => None,
            };
            collector.push(u64::from(row), u64::from(col), text, problem)?;
        }
    }
    // A formula saved without its result: calamine reads an empty cell.
    if let Some((first_row, first_col)) = formulas.start() {
        for (row, col, formula) in formulas.used_cells() {
            let (row, col) = (absolute(first_row, row), absolute(first_col, col));
            if matches!(range.get_value((row, col)), None | Some(Data::Empty)) {
                let formula = Some(sheet_values::ods_formula(formula));
                collector.push(
                    u64::from(row),
                    u64::from(col),
                    String::new(),
                    Some(NotValue::NoResult(formula)),
                )?;
            }
        }
    }
    Ok(collector.finish())
}

/// The sheet to read: the only one that holds values, or the first when none does (the
/// table is then empty). Several filled sheets are refused rather than one guessed: a year
/// split over two sheets would lose half its transactions, and a sheet of notes put first
/// would hide the export. With `first_filled`, the first of several filled sheets.
fn the_one_sheet(
    filled: Vec<String>,
    all: Vec<String>,
    first_filled: bool,
) -> Result<String, Reason> {
    if filled.len() > 1 && !first_filled {
        return Err(Reason::SeveralSheets { sheets: filled });
    }
    filled
        .into_iter()
        .next()
        .or_else(|| all.into_iter().next())
        .ok_or_else(no_sheet)
}

/// A range's absolute row or column from its start and a relative index (calamine keeps
/// both within `u32`; saturating, so that a broken range cannot overflow).
fn absolute(start: u32, relative: usize) -> u32 {
    start.saturating_add(u32::try_from(relative).unwrap_or(u32::MAX))
}

/// XLSX cells are streamed rather than read as a calamine `Range`: a range is dense, and two
/// cells at opposite corners of a sheet would ask for billions of empty cells.
fn xlsx_cells(bytes: &[u8], max_text: u64, first_filled: bool) -> Result<SheetCells, Reason> {
    let stale = xlsx_recalculated_on_load(bytes, max_text);
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", &e))?;
    let mut filled = Vec::new();
    for name in workbook.sheet_names() {
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable("XLSX", &e))?;
        while let Some(cell) = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| unreadable("XLSX", &e))?
        {
            let has_value = match &cell.value {
                DataRef::SharedString(text) => !text.trim().is_empty(),
                DataRef::String(text) => !text.trim().is_empty(),
                DataRef::Empty => false,
                _ => true,
            };
            if has_value || cell.formula.is_some() {
                filled.push(name);
                break;
            }
        }
    }
    let name = the_one_sheet(filled, workbook.sheet_names(), first_filled)?;
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable("XLSX", &e))?;
    let mut collector = Collector::new(&name, max_text);
    // Formula metadata without expanding shared formulas: no copy of a formula per cell.
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| unreadable("XLSX", &e))?
    {
        let formula = cell.formula.as_ref().map(|formula| match formula {
            XlsxFormulaMetadata::Normal { formula }
            | XlsxFormulaMetadata::Shared { formula, .. } => Some(format!("={formula}")),
            _ => None,
        });
        let problem = match (&cell.value, formula) {
            (DataRef::Error(error), formula) => Some(NotValue::Error {
                shown: error.to_string(),
                formula: formula.flatten(),
            }),
            (DataRef::Empty, Some(formula)) => Some(NotValue::NoResult(formula)),
            (_, Some(formula)) if stale => Some(NotValue::Stale(formula)),
            (DataRef::String(text), _) if sheet_values::is_formula_text(text) => {
                Some(NotValue::FormulaText(text.clone()))
            }
            (DataRef::SharedString(text), _) if sheet_values::is_formula_text(text) => {
                Some(NotValue::FormulaText((*text).to_owned()))
            }
            _ => None,
        };
        let text = match cell.value {
            DataRef::SharedString(s) => s.to_owned(),
            other => cell_text(&Data::from(other)),
        };
        let (row, col) = cell.pos;
        collector.push(u64::from(row), u64::from(col), text, problem)?;
    }
    Ok(collector.finish())
}

/// True when the workbook asks for its formulas to be computed on opening
/// ([`sheet_values::recalculated_on_load`]); false when its `xl/workbook.xml` cannot be read
/// (calamine then says why).
fn xlsx_recalculated_on_load(bytes: &[u8], max_text: u64) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(part) = archive.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = Vec::new();
    if part.take(max_text).read_to_end(&mut xml).is_err() {
        return false;
    }
    sheet_values::recalculated_on_load(&xml)
}

/// The text of the cells read so far, against a limit ([`MAX_UNCOMPRESSED`] but in tests): an XLSX cell that
/// refers to a shared string gets its own copy, so a large string referred to by many cells
/// would otherwise multiply.
struct TextBudget {
    bytes: u64,
    limit: u64,
}

impl TextBudget {
    fn new(limit: u64) -> TextBudget {
        TextBudget { bytes: 0, limit }
    }

    fn spend(&mut self, text: &str) -> Result<(), Reason> {
        self.bytes = self.bytes.saturating_add(text.len() as u64);
        if self.bytes > self.limit {
            return Err(sheet_too_large());
        }
        Ok(())
    }
}

/// Lays non-empty cells out in rows: the first row is the header. A row with a cell that is
/// not a value is listed in `spoiled` with the first such cell (from the left).
fn build_table(mut cells: Vec<SheetCell>, problems: Vec<Problem>) -> Result<Table, Reason> {
    // Stable: of two cells at one place (a broken file), the first read is kept below.
    cells.sort_by_key(|c| (c.row, c.col));
    let Some(first_col) = cells.iter().map(|c| c.col).min() else {
        return Err(Reason::EmptyFile);
    };
    let mut fields = 0usize;
    let mut rows = Vec::new();
    for chunk in cells.chunk_by(|a, b| a.row == b.row) {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let width = usize::try_from(last.col - first_col + 1).unwrap_or(usize::MAX);
        fields = fields.saturating_add(width);
        if fields > MAX_CELLS {
            return Err(too_many_cells());
        }
        let mut record = StringRecord::new();
        let mut next_col = first_col;
        for cell in chunk {
            if cell.col < next_col {
                continue;
            }
            while next_col < cell.col {
                record.push_field("");
                next_col += 1;
            }
            record.push_field(&cell.text);
            next_col += 1;
        }
        rows.push((first.row + 1, record));
    }
    let mut rows = rows.into_iter();
    let (header_line, headers) = rows.next().ok_or(Reason::EmptyFile)?;
    // One problem per row, in row order (see `Collector`).
    let mut spoiled: Vec<(u64, Reason)> = Vec::with_capacity(problems.len());
    for problem in problems {
        let line = problem.row + 1;
        if line == header_line {
            return Err(problem.reason);
        }
        spoiled.push((line, problem.reason));
    }
    Ok(Table {
        header_line,
        headers,
        rows: rows.collect(),
        spoiled,
    })
}

fn corrupt(detail: String) -> Reason {
    Reason::CorruptSpreadsheet(detail)
}

/// A workbook the ZIP or XML reader gave up on. The French part says everything the
/// treasurer needs; the reader's own English words come last, in parentheses, on one
/// line and shortened, for a bug report.
fn unreadable(kind: &str, error: &dyn std::fmt::Display) -> Reason {
    let detail: String = error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let detail = match detail.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &detail[..cut]),
        None => detail,
    };
    corrupt(format!(
        "contenu {kind} illisible, le fichier est sans doute incomplet ou abîmé ; téléchargez-le à nouveau ou exportez-le en CSV (détail technique : {detail})"
    ))
}

fn no_sheet() -> Reason {
    corrupt("le classeur ne contient aucune feuille".to_owned())
}

fn too_many_cells() -> Reason {
    corrupt(format!(
        "feuille trop grande (plus de {MAX_CELLS} cellules) : est-ce bien un export ?"
    ))
}
