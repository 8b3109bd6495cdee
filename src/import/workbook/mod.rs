//! ODS and XLSX workbooks (calamine) → [`Table`](crate::import::table::Table).
//!
//! What it does: recognise a workbook from its bytes ([`detect`]), check the ZIP directory
//! against decompression bombs, read the first sheet with calamine and turn every cell into
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
//! other sheets, compute formulas, read styles, or read legacy `.xls` / flat `.fods` files.
//! A damaged file is never a panic: it is a [`Reason::CorruptSpreadsheet`] rejection.

use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, Xlsx, XlsxFormulaMetadata};
use csv::StringRecord;

use crate::error::Reason;
use crate::import::sheet_values::{self, NotValue};
use crate::import::table::Table;
use crate::model::{Date, one_line};

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
/// Largest compression ratio accepted for an entry bigger than [`RATIO_FLOOR`].
const MAX_RATIO: u64 = 1000;
/// Entries up to this uncompressed size are not checked for their ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;
/// Largest number of cells (non-empty ones, then fields with their padding) of the table.
/// A year of Paheko lines is a few hundred thousand cells at most.
const MAX_CELLS: usize = 20_000_000;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

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

/// Reads the first sheet (Paheko exports have one). Row 1 is the header.
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
    read_within(bytes, kind, MAX_UNCOMPRESSED, MAX_UNCOMPRESSED)
}

/// [`read`], with at most `max_archive` bytes decompressed and `max_text` bytes of cell text
/// (tests use small ones).
fn read_within(
    bytes: &[u8],
    kind: Workbook,
    max_archive: u64,
    max_text: u64,
) -> Result<Table, Reason> {
    if bytes.is_empty() {
        return Err(corrupt("le fichier est vide (0 octet)".to_owned()));
    }
    // calamine and its ZIP and XML readers are not written for hostile input: a panic in
    // them is a corrupt file, not a crash of the batch.
    let (cells, problems) = catch_unwind(AssertUnwindSafe(|| {
        check_archive_size(bytes, max_archive)?;
        match kind {
            Workbook::Ods => ods_cells(bytes, max_archive, max_text),
            Workbook::Xlsx => xlsx_cells(bytes, max_text),
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

fn ods_cells(bytes: &[u8], max_archive: u64, max_text: u64) -> Result<SheetCells, Reason> {
    let rewritten = ods_without_row_whitespace(bytes, max_archive)?;
    let bytes = rewritten.as_deref().unwrap_or(bytes);
    let mut workbook: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable("ODS", &e))?;
    let name = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(no_sheet)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable("ODS", &e))?;
    // Formulas come as a second range, with its own extent: cells are matched by their
    // absolute position. A file without formulas has an empty one.
    let formulas = workbook
        .worksheet_formula(&name)
        .map_err(|e| unreadable("ODS", &e))?;
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

/// A range's absolute row or column from its start and a relative index (calamine keeps
/// both within `u32`; saturating, so that a broken range cannot overflow).
fn absolute(start: u32, relative: usize) -> u32 {
    start.saturating_add(u32::try_from(relative).unwrap_or(u32::MAX))
}

/// The archive with its `content.xml` cleaned by [`strip_row_whitespace`], or `None` when
/// there is nothing to clean.
///
/// Paheko's ODS writer puts a line break after every cell, and calamine 0.38 takes any
/// text between the cells of a row for a malformed row (« Expecting 'table-cell' »): it
/// reads none of Paheko's ODS exports as they are. The other entries are copied unchanged.
fn ods_without_row_whitespace(bytes: &[u8], max_archive: u64) -> Result<Option<Vec<u8>>, Reason> {
    let zip_error = |e: &dyn std::fmt::Display| unreadable("ODS", e);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let mut content = Vec::new();
    archive
        .by_name("content.xml")
        .map_err(|e| zip_error(&e))?
        .take(max_archive.saturating_add(1))
        .read_to_end(&mut content)
        .map_err(|e| zip_error(&e))?;
    if content.len() as u64 > max_archive {
        return Err(archive_too_large(content.len() as u64, max_archive));
    }
    check_ods_expansion(&content)?;
    check_tables_closed(&content)?;
    let Some(content) = strip_row_whitespace(&content) else {
        return Ok(None);
    };
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(u32::try_from(content.len()).is_err());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| zip_error(&e))?;
        if entry.name_raw() == b"content.xml" {
            drop(entry);
            writer
                .start_file("content.xml", options)
                .map_err(|e| zip_error(&e))?;
            writer.write_all(&content).map_err(|e| zip_error(&e))?;
        } else {
            writer.raw_copy_file(entry).map_err(|e| zip_error(&e))?;
        }
    }
    let rewritten = writer.finish().map_err(|e| zip_error(&e))?;
    Ok(Some(rewritten.into_inner()))
}

/// `content.xml` without the whitespace between the cells of a row (after a row's start
/// tag or a cell's end, before a cell or the row's end), or `None` if there is none.
///
/// Only whitespace that calamine would refuse is removed, so no readable file reads
/// differently; text inside cells is never touched. Quoted attribute values, comments and
/// CDATA sections are skipped whole.
fn strip_row_whitespace(xml: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(xml.len());
    let mut changed = false;
    // The last markup ends a cell or opens a row.
    let mut in_row_between_cells = false;
    let mut at = 0;
    while let Some(rest) = xml.get(at..).filter(|rest| !rest.is_empty()) {
        if rest.starts_with(b"<") {
            let len = markup_len(rest);
            let markup = rest.get(..len).unwrap_or(rest);
            in_row_between_cells = ends_cell_or_opens_row(markup);
            out.extend_from_slice(markup);
            at += markup.len();
        } else {
            let len = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
            let text = rest.get(..len).unwrap_or(rest);
            let next = rest.get(len..).unwrap_or_default();
            if in_row_between_cells
                && text
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                && starts_cell_or_ends_row(next)
            {
                changed = true;
            } else {
                out.extend_from_slice(text);
            }
            at += text.len();
        }
    }
    changed.then_some(out)
}

/// The length of the markup (tag, comment, CDATA…) at the start of `xml`, up to and with its
/// closing `>`; all of `xml` if it is not closed.
fn markup_len(xml: &[u8]) -> usize {
    let closing: &[u8] = if xml.starts_with(b"<!--") {
        b"-->"
    } else if xml.starts_with(b"<![CDATA[") {
        b"]]>"
    } else {
        let mut quote = None;
        for (index, &byte) in xml.iter().enumerate() {
            match (quote, byte) {
                (None, b'"' | b'\'') => quote = Some(byte),
                (Some(q), _) if q == byte => quote = None,
                (None, b'>') => return index + 1,
                _ => {}
            }
        }
        return xml.len();
    };
    xml.windows(closing.len())
        .position(|window| window == closing)
        .map_or(xml.len(), |index| index + closing.len())
}

const CELL: &[u8] = b"table:table-cell";
const COVERED_CELL: &[u8] = b"table:covered-table-cell";
const ROW: &[u8] = b"table:table-row";

/// The element name of a start, end or empty tag (`<name …>`, `</name>`, `<name/>`).
fn tag_name(tag: &[u8]) -> &[u8] {
    let body = tag
        .strip_prefix(b"</")
        .or_else(|| tag.strip_prefix(b"<"))
        .unwrap_or(tag);
    let len = body
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
        .unwrap_or(body.len());
    body.get(..len).unwrap_or(body)
}

fn ends_cell_or_opens_row(markup: &[u8]) -> bool {
    let name = tag_name(markup);
    let is_cell = name == CELL || name == COVERED_CELL;
    if markup.starts_with(b"</") {
        is_cell
    } else if markup.starts_with(b"<!") || markup.starts_with(b"<?") {
        false
    } else if markup.ends_with(b"/>") {
        is_cell
    } else {
        name == ROW
    }
}

fn starts_cell_or_ends_row(xml: &[u8]) -> bool {
    let end = markup_len(xml);
    let markup = xml.get(..end).unwrap_or(xml);
    let name = tag_name(markup);
    if markup.starts_with(b"</") {
        name == ROW
    } else {
        markup.starts_with(b"<") && (name == CELL || name == COVERED_CELL)
    }
}

/// Refuses a `content.xml` with a table that is never closed.
///
/// calamine 0.38 reads a table's rows until `</table:table>`, and on a content cut inside a
/// table it waits for that end tag past the end of the file, forever (found by fuzzing).
/// This pass reads the XML as calamine does (the same quick-xml reader and settings) and
/// refuses what would never end. XML that quick-xml cannot read is left to calamine, which
/// fails on it at the same place.
fn check_tables_closed(xml: &[u8]) -> Result<(), Reason> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut open = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => open = true,
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => open = false,
            Ok(Event::Eof) => break,
            // calamine meets the same error at the same place, and says so.
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
    if open {
        return Err(corrupt(
            "contenu ODS tronqué : un tableau n'est jamais refermé ; téléchargez le fichier à nouveau ou exportez-le en CSV"
                .to_owned(),
        ));
    }
    Ok(())
}

/// calamine's limits on an ODS table (rows, columns), which it applies to repetitions.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Refuses a `content.xml` whose repeated rows and cells would grow past [`MAX_CELLS`]
/// cells or [`MAX_UNCOMPRESSED`] bytes of text once calamine expands them.
///
/// `table:number-columns-repeated="16384"` on a cell with a value, or
/// `table:number-rows-repeated="1000000"` on a row with one, is a few bytes of XML that
/// calamine turns into millions of cells (each a copy of the cell's text) before rappro sees
/// any: the archive checks cannot catch it, the content is small. This scan follows
/// calamine's own expansion rules, over-estimating where unsure: every table is counted
/// (calamine reads them all), a cell is empty only when it is self-closing without a value
/// type or formula, and an empty cell costs nothing unless a non-empty one follows it in its
/// row; empty rows cost nothing unless a non-empty row follows them in the table. The
/// empty repetitions LibreOffice writes to pad a sheet to its full size therefore pass.
fn check_ods_expansion(xml: &[u8]) -> Result<(), Reason> {
    #[derive(Default)]
    struct TableCost {
        /// Cells calamine pushes while reading rows (each row element once).
        raw_cells: u64,
        /// Rows, with their repetitions, from the first non-empty row to the current one.
        rows_since_first: u64,
        /// Rows, with their repetitions, from the first to the last non-empty row.
        rows_spanned: u64,
        /// Widest row, in cells.
        width: u64,
        /// Bytes of text, expanded.
        text: u64,
        /// Rows seen, with their repetitions (calamine stops at [`ODS_MAX_ROWS`]).
        rows: u64,
        seen_non_empty: bool,
    }
    #[derive(Default)]
    struct RowCost {
        repeat: u64,
        cells: u64,
        pending_empty: u64,
        text: u64,
        non_empty: bool,
    }
    let mut cells_total: u64 = 0;
    let mut text_total: u64 = 0;
    let mut table = TableCost::default();
    let mut row: Option<RowCost> = None;
    // An open cell: its repetition, whether it has a value attribute, where its content starts.
    let mut cell: Option<(u64, bool, usize)> = None;
    let mut at = 0;
    let over = |cells: u64, text: u64| cells > MAX_CELLS as u64 || text > MAX_UNCOMPRESSED;
    while let Some(rest) = xml.get(at..).filter(|rest| !rest.is_empty()) {
        let Some(offset) = rest.iter().position(|&b| b == b'<') else {
            break;
        };
        let start = at + offset;
        let markup = &xml[start..];
        let markup = markup.get(..markup_len(markup)).unwrap_or(markup);
        at = start + markup.len().max(1);
        let name = tag_name(markup);
        let closing = markup.starts_with(b"</");
        let self_closing = markup.ends_with(b"/>");
        if markup.starts_with(b"<!") || markup.starts_with(b"<?") {
            continue;
        }
        if name == CELL || name == COVERED_CELL {
            let Some(row) = row.as_mut() else { continue };
            let (repeat, valued, content_len) = if closing {
                match cell.take() {
                    Some((repeat, valued, from)) => (repeat, valued, (start - from) as u64),
                    None => continue,
                }
            } else {
                let repeat = attribute_number(markup, b"table:number-columns-repeated")
                    .unwrap_or(1)
                    .clamp(1, ODS_MAX_COLUMNS);
                let valued = attribute(markup, b"office:value-type").is_some()
                    || attribute(markup, b"table:formula").is_some();
                if !self_closing {
                    cell = Some((repeat, valued, at));
                    continue;
                }
                (repeat, valued, 0)
            };
            if valued || content_len > 0 {
                let pushed = (row.pending_empty + repeat)
                    .min(ODS_MAX_COLUMNS - row.cells.min(ODS_MAX_COLUMNS));
                row.cells += pushed;
                row.text = row.text.saturating_add(repeat.saturating_mul(content_len));
                row.pending_empty = 0;
                row.non_empty = true;
            } else {
                row.pending_empty = repeat;
            }
        } else if name == ROW {
            if !closing && !self_closing {
                let repeat = attribute_number(markup, b"table:number-rows-repeated")
                    .unwrap_or(1)
                    .clamp(1, ODS_MAX_ROWS);
                row = Some(RowCost {
                    repeat,
                    ..RowCost::default()
                });
            } else if closing && let Some(done) = row.take() {
                let repeat = done.repeat.min(ODS_MAX_ROWS - table.rows.min(ODS_MAX_ROWS));
                table.rows += repeat;
                table.raw_cells += done.cells;
                table.text = table.text.saturating_add(done.text);
                if table.seen_non_empty {
                    table.rows_since_first += repeat;
                }
                if done.non_empty {
                    if !table.seen_non_empty {
                        table.seen_non_empty = true;
                        table.rows_since_first = repeat;
                    }
                    table.rows_spanned = table.rows_since_first;
                    table.width = table.width.max(done.cells);
                    table.text = table.text.saturating_add(repeat.saturating_mul(done.text));
                }
                let expanded = table.raw_cells + table.rows_spanned * table.width;
                if over(
                    cells_total + expanded,
                    text_total.saturating_add(table.text),
                ) {
                    return Err(sheet_too_large());
                }
            }
        } else if name == b"table:table" && closing {
            cells_total += table.raw_cells + table.rows_spanned * table.width;
            text_total = text_total.saturating_add(table.text);
            table = TableCost::default();
        }
    }
    Ok(())
}

/// The value of attribute `name` in a start tag, without its quotes.
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(found) = tag
        .get(from..)
        .and_then(|rest| rest.windows(name.len()).position(|w| w == name))
    {
        let begin = from + found;
        from = begin + name.len();
        let preceded = begin > 0 && matches!(tag[begin - 1], b' ' | b'\t' | b'\r' | b'\n');
        let rest = &tag[from..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let (Some(&quote), true) = (rest.first(), preceded) else {
            continue;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let value = &rest[1..];
        let end = value
            .iter()
            .position(|&b| b == quote)
            .unwrap_or(value.len());
        return Some(&value[..end]);
    }
    None
}

/// A decimal attribute value, as calamine reads it; saturating, `None` if not a number.
fn attribute_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let value = attribute(tag, name)?;
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

fn sheet_too_large() -> Reason {
    corrupt(format!(
        "feuille trop grande une fois ses cellules répétées développées (plus de {MAX_CELLS} cellules ou {} Mio de texte) : est-ce bien un export ?",
        MAX_UNCOMPRESSED / (1024 * 1024)
    ))
}

/// XLSX cells are streamed rather than read as a calamine `Range`: a range is dense, and two
/// cells at opposite corners of a sheet would ask for billions of empty cells.
fn xlsx_cells(bytes: &[u8], max_text: u64) -> Result<SheetCells, Reason> {
    let stale = xlsx_recalculated_on_load(bytes, max_text);
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable("XLSX", &e))?;
    let name = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(no_sheet)?;
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

/// A cell as the text the CSV export would hold: see the module documentation.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => float_text(*x),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(datetime) if datetime.is_datetime() => match serial_date(datetime) {
            Some(date) => date.to_string(),
            None => float_text(datetime.as_f64()),
        },
        // An Excel duration: its number of days.
        Data::DateTime(duration) => float_text(duration.as_f64()),
        // ODS `office:date-value`: `2024-01-01` or `2024-01-01T12:30:00`.
        Data::DateTimeIso(iso) => match Date::parse(iso) {
            Some(date) => date.to_string(),
            None => iso.clone(),
        },
        Data::DurationIso(iso) => iso.clone(),
        Data::Error(error) => error.to_string(),
    }
}

/// The text of a spreadsheet number. The only place in `src/` where an `f64` is handled.
///
/// Why this is exact for amounts: LibreOffice and Excel store a number typed or exported as
/// decimal text (`77.26`) as the nearest `f64`, and write that `f64` back as decimal text in
/// the file (`<v>77.26</v>`, `office:value="77.26"`). Rust's `Display` for `f64` prints the
/// *shortest* decimal text that reads back to the same `f64`, never in exponent notation.
/// Any decimal of at most 15 significant digits reads back to a distinct `f64` (an amount
/// under one billion with cents has at most 11), so the shortest text is the original one:
/// `77.26` gives `77.26`, `10688.0` gives `10688`. A value that was computed rather than
/// typed (`0.1 + 0.2`) shows all its digits (`0.30000000000000004`) and the amount parser
/// rejects it: nothing is rounded silently here.
fn float_text(value: f64) -> String {
    if value == 0.0 {
        // Not `-0`.
        return "0".to_owned();
    }
    format!("{value}")
}

/// The date of an Excel date cell, from the integral day part of its serial number.
fn serial_date(datetime: &ExcelDateTime) -> Option<Date> {
    let serial = datetime.as_f64();
    if !serial.is_finite() {
        return None;
    }
    // Saturating cast, on an integral value.
    let date = Date::from_serial(serial.floor() as i64)?;
    // calamine keeps the workbook's epoch (1900 or 1904) private but applies it here;
    // the two agree on every 1900-based serial (see the tests), so a difference means 1904.
    let (year, month, day, ..) = datetime.to_ymd_hms_milli();
    if (date.year(), date.month(), date.day()) == (year, month, day) {
        Some(date)
    } else {
        Date::new(year, month, day)
    }
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

// --- ZIP directory -------------------------------------------------------------------------

/// One central directory entry, as far as sizes go.
struct ZipEntry<'a> {
    name: &'a [u8],
    method: u16,
    compressed: u64,
    uncompressed: u64,
    local_offset: u64,
}

/// Refuses an archive whose directory announces more than `limit` bytes in all, or an entry
/// with an abnormal compression ratio.
///
/// The sizes are those of our own bounds-checked directory parser, or, for a directory it
/// does not read (ZIP64, several disks), those the zip crate found: the zip crate stops every
/// entry at the size its directory announces, so checking that size bounds what calamine
/// can decompress (a ZIP64 bomb included). An archive the zip crate cannot open is left to
/// calamine, which cannot open it either.
fn check_archive_size(bytes: &[u8], limit: u64) -> Result<(), Reason> {
    let sizes: Vec<(String, u64, u64)> = match central_directory(bytes) {
        Some(entries) => entries
            .iter()
            .map(|e| {
                (
                    String::from_utf8_lossy(e.name).into_owned(),
                    e.compressed,
                    e.uncompressed,
                )
            })
            .collect(),
        None => match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(mut archive) => {
                let mut sizes = Vec::with_capacity(archive.len());
                for index in 0..archive.len() {
                    let Ok(entry) = archive.by_index_raw(index) else {
                        continue;
                    };
                    sizes.push((
                        String::from_utf8_lossy(entry.name_raw()).into_owned(),
                        entry.compressed_size(),
                        entry.size(),
                    ));
                }
                sizes
            }
            Err(_) => return Ok(()),
        },
    };
    let mut total: u64 = 0;
    for (name, compressed, uncompressed) in &sizes {
        total = total.saturating_add(*uncompressed);
        if *uncompressed > RATIO_FLOOR && uncompressed / (*compressed).max(1) > MAX_RATIO {
            return Err(corrupt(format!(
                "archive décompressée trop grosse : « {} » passerait de {compressed} octets à {} Mio \
                 (taux de compression anormal, bombe ZIP ?)",
                one_line(name, 80),
                uncompressed / (1024 * 1024)
            )));
        }
    }
    if total > limit {
        return Err(archive_too_large(total, limit));
    }
    Ok(())
}

fn archive_too_large(size: u64, limit: u64) -> Reason {
    corrupt(format!(
        "archive décompressée trop grosse ({} Mio, limite {} Mio) : est-ce bien un export ?",
        size / (1024 * 1024),
        limit / (1024 * 1024)
    ))
}

/// The entries of the central directory, or `None` if it is missing, malformed, split over
/// several disks or ZIP64. Every read is bounds-checked.
fn central_directory(bytes: &[u8]) -> Option<Vec<ZipEntry<'_>>> {
    let eocd = find_end_of_directory(bytes)?;
    let disk = read_u16(bytes, eocd, 4)?;
    let directory_disk = read_u16(bytes, eocd, 6)?;
    let count = read_u16(bytes, eocd, 10)?;
    let size = read_u32(bytes, eocd, 12)?;
    let offset = read_u32(bytes, eocd, 16)?;
    let zip64_locator = eocd
        .checked_sub(20)
        .and_then(|at| read_u32(bytes, at, 0))
        .is_some_and(|sig| sig == ZIP64_LOCATOR);
    if disk != 0
        || directory_disk != 0
        || count == u16::MAX
        || size == u32::MAX
        || offset == u32::MAX
        || zip64_locator
    {
        return None;
    }
    let mut at = usize::try_from(offset).ok()?;
    let mut entries = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        if read_u32(bytes, at, 0)? != CENTRAL_HEADER {
            return None;
        }
        let method = read_u16(bytes, at, 10)?;
        let compressed = read_u32(bytes, at, 20)?;
        let uncompressed = read_u32(bytes, at, 24)?;
        let name_len = usize::from(read_u16(bytes, at, 28)?);
        let extra_len = usize::from(read_u16(bytes, at, 30)?);
        let comment_len = usize::from(read_u16(bytes, at, 32)?);
        let local_offset = read_u32(bytes, at, 42)?;
        if compressed == u32::MAX || uncompressed == u32::MAX || local_offset == u32::MAX {
            return None;
        }
        let name_start = at.checked_add(46)?;
        let name = bytes.get(name_start..name_start.checked_add(name_len)?)?;
        entries.push(ZipEntry {
            name,
            method,
            compressed: u64::from(compressed),
            uncompressed: u64::from(uncompressed),
            local_offset: u64::from(local_offset),
        });
        at = name_start
            .checked_add(name_len)?
            .checked_add(extra_len)?
            .checked_add(comment_len)?;
    }
    Some(entries)
}

/// Where the End Of Central Directory record starts: the last signature whose comment
/// fits in the file, in the last 64 KiB + 22 bytes.
fn find_end_of_directory(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        read_u32(bytes, at, 0) == Some(END_OF_DIRECTORY)
            && read_u16(bytes, at, 20).is_some_and(|comment| {
                at.checked_add(22 + usize::from(comment))
                    .is_some_and(|end| end <= bytes.len())
            })
    })
}

/// True if the archive starts with a stored `mimetype` entry naming an ODF spreadsheet,
/// as the OpenDocument format requires.
fn first_entry_is_ods_mimetype(bytes: &[u8]) -> bool {
    local_stored_data(bytes, 0, b"mimetype").is_some_and(|data| data.starts_with(ODS_MIMETYPE))
}

/// The bytes of a stored (uncompressed) entry listed in the directory.
fn stored_data<'a>(bytes: &'a [u8], entry: &ZipEntry<'_>) -> Option<&'a [u8]> {
    if entry.method != 0 {
        return None;
    }
    local_stored_data(bytes, usize::try_from(entry.local_offset).ok()?, entry.name)
}

/// The bytes of the stored entry whose local header is at `at`, if it is named `name`.
/// The size comes from the local header, so this works on a truncated file.
fn local_stored_data<'a>(bytes: &'a [u8], at: usize, name: &[u8]) -> Option<&'a [u8]> {
    if read_u32(bytes, at, 0)? != LOCAL_HEADER || read_u16(bytes, at, 8)? != 0 {
        return None;
    }
    let size = usize::try_from(read_u32(bytes, at, 18)?).ok()?;
    let name_len = usize::from(read_u16(bytes, at, 26)?);
    let extra_len = usize::from(read_u16(bytes, at, 28)?);
    let name_start = at.checked_add(30)?;
    let name_end = name_start.checked_add(name_len)?;
    if bytes.get(name_start..name_end)? != name {
        return None;
    }
    let data_start = name_end.checked_add(extra_len)?;
    bytes.get(data_start..data_start.checked_add(size)?)
}

/// The little-endian `u16` at `at + offset`, if within `bytes`.
fn read_u16(bytes: &[u8], at: usize, offset: usize) -> Option<u16> {
    let start = at.checked_add(offset)?;
    let slice = bytes.get(start..start.checked_add(2)?)?;
    Some(u16::from_le_bytes(slice.try_into().ok()?))
}

/// The little-endian `u32` at `at + offset`, if within `bytes`.
fn read_u32(bytes: &[u8], at: usize, offset: usize) -> Option<u32> {
    let start = at.checked_add(offset)?;
    let slice = bytes.get(start..start.checked_add(4)?)?;
    Some(u32::from_le_bytes(slice.try_into().ok()?))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::{Workbook, cell_text, central_directory, detect, float_text, read, serial_date};
    use crate::error::Reason;
    use crate::import::table::Table;
    use crate::model::{Date, Money};
    use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

    const AMOUNT_COLUMNS: [&str; 5] = ["Débit", "Crédit", "Montant", "Debit", "Credit"];

    fn fixture(kind: &str, ext: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/girofle-2024/paheko/Le Cloud Girofle   Export comptable   {kind}   Exercice 2024.{ext}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).expect("fixture")
    }

    fn is_corrupt(result: Result<Table, Reason>) -> bool {
        matches!(result, Err(Reason::CorruptSpreadsheet(_)))
    }

    /// The workbook export reads as the CSV export of the same journal.
    fn same_as_csv(kind: &str, ext: &str, expected: Workbook, lines: usize) {
        let bytes = fixture(kind, ext);
        assert_eq!(detect(&bytes), Some(expected), "{kind} {ext}");
        let table = read(&bytes, expected).expect("readable workbook");
        let csv_bytes = fixture(kind, "csv");
        let mut csv = csv::Reader::from_reader(csv_bytes.as_slice());
        let headers = csv.headers().expect("csv header").clone();
        let records: Vec<csv::StringRecord> =
            csv.records().collect::<Result<_, _>>().expect("csv rows");

        assert_eq!(table.header_line, 1);
        assert_eq!(
            table.spoiled,
            Vec::new(),
            "{kind} {ext}: every cell is a value"
        );
        assert_eq!(table.headers, headers, "{kind} {ext}: header");
        assert_eq!(records.len(), lines);
        assert_eq!(table.rows.len(), lines, "{kind} {ext}: rows");
        for (index, ((number, row), expected)) in table.rows.iter().zip(&records).enumerate() {
            assert_eq!(*number, index as u64 + 2, "{kind} {ext}: row number");
            assert!(
                row.len() <= expected.len(),
                "{kind} {ext} row {number}: too long"
            );
            for (column, title) in headers.iter().enumerate() {
                let got = row.get(column).unwrap_or("");
                let want: String = expected
                    .get(column)
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !matches!(c, '\n' | '\r'))
                    .collect();
                if AMOUNT_COLUMNS.contains(&title) && !(got.is_empty() && want.is_empty()) {
                    assert_eq!(
                        Money::parse(got).ok(),
                        Some(Money::parse(&want).expect("csv amount")),
                        "{kind} {ext} row {number} column {title}: {got} vs {want}"
                    );
                } else {
                    assert_eq!(got, want, "{kind} {ext} row {number} column {title}");
                }
            }
        }
    }

    #[test]
    fn complet_ods_matches_csv() {
        same_as_csv("Complet", "ods", Workbook::Ods, 737);
    }

    #[test]
    fn complet_xlsx_matches_csv() {
        same_as_csv("Complet", "xlsx", Workbook::Xlsx, 737);
    }

    #[test]
    fn groupe_ods_matches_csv() {
        same_as_csv("Groupé", "ods", Workbook::Ods, 737);
    }

    #[test]
    fn groupe_xlsx_matches_csv() {
        same_as_csv("Groupé", "xlsx", Workbook::Xlsx, 737);
    }

    #[test]
    fn simplifie_ods_matches_csv() {
        same_as_csv("Simplifié", "ods", Workbook::Ods, 350);
    }

    #[test]
    fn simplifie_xlsx_matches_csv() {
        same_as_csv("Simplifié", "xlsx", Workbook::Xlsx, 350);
    }

    #[test]
    fn fec_ods_matches_csv() {
        same_as_csv("FEC", "ods", Workbook::Ods, 737);
    }

    #[test]
    fn fec_xlsx_matches_csv() {
        same_as_csv("FEC", "xlsx", Workbook::Xlsx, 737);
    }

    #[test]
    fn detect_refuses_what_is_not_a_workbook() {
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"\"Numero\",\"Date\"\r\n"), None);
        assert_eq!(detect(&fixture("Complet", "csv")), None);
        assert_eq!(detect(b"PK\x03\x04"), None);
    }

    #[test]
    fn detect_recognises_a_truncated_workbook() {
        let ods = fixture("Complet", "ods");
        assert_eq!(detect(&ods[..ods.len() / 2]), Some(Workbook::Ods));
        let xlsx = fixture("Complet", "xlsx");
        assert_eq!(detect(&xlsx[..xlsx.len() / 2]), Some(Workbook::Xlsx));
    }

    #[test]
    fn truncated_files_are_corrupt() {
        for (ext, kind) in [("ods", Workbook::Ods), ("xlsx", Workbook::Xlsx)] {
            let bytes = fixture("Complet", ext);
            for cut in [bytes.len() / 2, bytes.len() - 1, 100, 30, 4] {
                assert!(is_corrupt(read(&bytes[..cut], kind)), "{ext} cut at {cut}");
            }
        }
    }

    #[test]
    fn garbage_and_empty_input_are_corrupt() {
        let mut noise = Vec::with_capacity(4096);
        let mut state: u32 = 0x1234_5678;
        for _ in 0..4096 {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            noise.push((state >> 24) as u8);
        }
        for kind in [Workbook::Ods, Workbook::Xlsx] {
            assert!(is_corrupt(read(&noise, kind)));
            assert!(is_corrupt(read(b"", kind)));
            assert!(is_corrupt(read(b"PK\x05\x06", kind)));
        }
        // An ODS read as XLSX and the reverse.
        assert!(is_corrupt(read(&fixture("FEC", "ods"), Workbook::Xlsx)));
        assert!(is_corrupt(read(&fixture("FEC", "xlsx"), Workbook::Ods)));
    }

    #[test]
    fn flipped_bytes_never_panic() {
        let ods = fixture("Simplifié", "ods");
        let xlsx = fixture("Simplifié", "xlsx");
        for (bytes, kind) in [(ods, Workbook::Ods), (xlsx, Workbook::Xlsx)] {
            for step in 1..40usize {
                let mut broken = bytes.clone();
                let at = (step * 7919) % broken.len();
                if let Some(byte) = broken.get_mut(at) {
                    *byte ^= 0x5a;
                }
                // Either readable or a rejection: returning at all is the test.
                let _ = read(&broken, kind);
            }
        }
    }

    // --- hand-made archives ----------------------------------------------------------------

    /// A ZIP of stored entries, each with its real data and a declared uncompressed and
    /// compressed size (which may lie, as in a ZIP bomb).
    fn zip(entries: &[(&str, &[u8], u32, u32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for (name, data, uncompressed, compressed) in entries {
            let offset = out.len() as u32;
            let crc = crc32(data);
            let header = |sig: u32, central: bool| {
                let mut h = sig.to_le_bytes().to_vec();
                if central {
                    h.extend(20u16.to_le_bytes()); // version made by
                }
                h.extend(20u16.to_le_bytes()); // version needed
                h.extend(0u16.to_le_bytes()); // flags
                h.extend(0u16.to_le_bytes()); // method: stored
                h.extend(0u32.to_le_bytes()); // time, date
                h.extend(crc.to_le_bytes());
                h.extend(compressed.to_le_bytes());
                h.extend(uncompressed.to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes()); // extra
                if central {
                    h.extend(0u16.to_le_bytes()); // comment
                    h.extend(0u16.to_le_bytes()); // disk
                    h.extend(0u16.to_le_bytes()); // internal attributes
                    h.extend(0u32.to_le_bytes()); // external attributes
                    h.extend(offset.to_le_bytes());
                }
                h.extend(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.extend(*data);
            directory.extend(header(0x0201_4b50, true));
        }
        let directory_offset = out.len() as u32;
        out.extend(&directory);
        out.extend(0x0605_4b50u32.to_le_bytes());
        out.extend([0u8; 4]); // disks
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((directory.len() as u32).to_le_bytes());
        out.extend(directory_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes()); // comment
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in data {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// An honest ZIP of stored entries.
    fn plain_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let sized: Vec<(&str, &[u8], u32, u32)> = entries
            .iter()
            .map(|(name, data)| (*name, *data, data.len() as u32, data.len() as u32))
            .collect();
        zip(&sized)
    }

    fn xlsx(sheet_data: &str, date_1904: bool) -> Vec<u8> {
        xlsx_parts(sheet_data, None, date_1904)
    }

    /// An XLSX workbook, with a shared strings part when `shared` is given.
    fn xlsx_parts(sheet_data: &str, shared: Option<&str>, date_1904: bool) -> Vec<u8> {
        xlsx_calc(sheet_data, shared, date_1904, "")
    }

    /// [`xlsx_parts`] with `calc_pr` (a `<calcPr …/>` element, or nothing) in the workbook part.
    fn xlsx_calc(
        sheet_data: &str,
        shared: Option<&str>,
        date_1904: bool,
        calc_pr: &str,
    ) -> Vec<u8> {
        let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
        let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let workbook = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{date_1904}"/><sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets>{calc_pr}</workbook>"#
        );
        let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
        // Style 1 is a date (built-in format 14), style 2 a duration.
        let styles = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
        );
        let mut parts: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", content_types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
            ("xl/styles.xml", styles.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ];
        if let Some(shared) = shared {
            parts.push(("xl/sharedStrings.xml", shared.as_bytes()));
        }
        plain_zip(&parts)
    }

    const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

    fn ods(table_rows: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Feuille1">{table_rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        plain_zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ])
    }

    fn texts(table: &Table) -> Vec<(u64, Vec<String>)> {
        std::iter::once((table.header_line, &table.headers))
            .chain(table.rows.iter().map(|(n, r)| (*n, r)))
            .map(|(n, r)| (n, r.iter().map(str::to_owned).collect()))
            .collect()
    }

    fn owned(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn hand_made_xlsx_cells_become_text() {
        let rows = r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Date</t></is></c><c r="C2" t="inlineStr"><is><t>Montant</t></is></c><c r="D2" t="inlineStr"><is><t>Divers</t></is></c></row>
<row r="3"><c r="B3" s="1"><v>45292</v></c><c r="C3"><v>77.26</v></c><c r="D3" t="b"><v>1</v></c></row>
<row r="4"><c r="B4" s="1"><v>45657.75</v></c><c r="C4"><v>10688</v></c><c r="D4" t="e"><v>#DIV/0!</v></c></row>
<row r="5"><c r="B5" t="inlineStr"><is><t></t></is></c><c r="C5"/></row>
<row r="6"><c r="B6" t="str"><v>1</v></c><c r="C6"><v>-0.3</v></c><c r="D6" s="2"><v>1.5</v></c></row>
<row r="7"><c r="C7"><v>1234.56</v></c></row>"#;
        let bytes = xlsx(rows, false);
        assert_eq!(detect(&bytes), Some(Workbook::Xlsx));
        let table = read(&bytes, Workbook::Xlsx).expect("readable");
        assert_eq!(
            texts(&table),
            vec![
                (2, owned(&["Date", "Montant", "Divers"])),
                (3, owned(&["2024-01-01", "77.26", "1"])),
                (4, owned(&["2024-12-31", "10688", "#DIV/0!"])),
                (6, owned(&["1", "-0.3", "1.5"])),
                (7, owned(&["", "1234.56"])),
            ]
        );
        // The 1904 date system moves every serial by 1462 days.
        let bytes = xlsx(r#"<row r="1"><c r="A1" s="1"><v>43830</v></c></row>"#, true);
        let table = read(&bytes, Workbook::Xlsx).expect("readable");
        assert_eq!(table.headers.get(0), Some("2024-01-01"));
    }

    #[test]
    fn hand_made_ods_cells_become_text() {
        let rows = r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Divers</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="77.26"><text:p>77,26</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2024-12-31T18:00:00"><text:p>31/12/2024</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="10688"><text:p>10688</text:p></table:table-cell><table:table-cell office:value-type="time" office:time-value="PT36H00M00S"><text:p>36:00:00</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="currency" office:currency="EUR" office:value="-0.3"><text:p>-0,30 €</text:p></table:table-cell></table:table-row>"#;
        let bytes = ods(rows);
        assert_eq!(detect(&bytes), Some(Workbook::Ods));
        let table = read(&bytes, Workbook::Ods).expect("readable");
        assert_eq!(
            texts(&table),
            vec![
                (3, owned(&["Date", "Montant", "Divers"])),
                (4, owned(&["2024-01-01", "77.26", "1"])),
                (8, owned(&["2024-12-31", "10688", "PT36H00M00S"])),
                (9, owned(&["1", "-0.3"])),
            ]
        );
    }

    fn spoiled(table: &Table) -> Vec<(u64, String)> {
        table
            .spoiled
            .iter()
            .map(|(line, reason)| {
                assert_eq!(reason.code(), "not_a_value");
                (*line, reason.to_string())
            })
            .collect()
    }

    const XLSX_NOT_VALUES: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Débit</t></is></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>SUM(B5:B6)</f></c></row>
<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="e"><f>B5/0</f><v>#DIV/0!</v></c></row>
<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="inlineStr"><is><t>=12.5</t></is></c></row>
<row r="5"><c r="A5"><v>4</v></c><c r="B5"><v>5</v></c></row>
<row r="6"><c r="A6"><v>5</v></c><c r="B6"><f>1+1</f><v>2</v></c></row>
<row r="7"><c r="A7" t="e"><v>#REF!</v></c></row>"#;

    #[test]
    fn xlsx_cells_that_are_not_values_spoil_their_row() {
        let table = read(&xlsx(XLSX_NOT_VALUES, false), Workbook::Xlsx).expect("readable");
        // Every row stays, with the text of its cells; a computed result is a value.
        assert_eq!(
            texts(&table),
            vec![
                (1, owned(&["Numéro", "Débit"])),
                (2, owned(&["1", ""])),
                (3, owned(&["2", "#DIV/0!"])),
                (4, owned(&["3", "=12.5"])),
                (5, owned(&["4", "5"])),
                (6, owned(&["5", "2"])),
                (7, owned(&["#REF!"])),
            ]
        );
        let fix = "ouvrez le classeur dans un tableur, recalculez et enregistrez-le, ou exportez à nouveau depuis Paheko";
        assert_eq!(
            spoiled(&table),
            vec![
                (2, format!("feuille « Feuille1 », cellule B2 : formule « =SUM(B5:B6) » enregistrée sans son résultat ; {fix}")),
                (3, "feuille « Feuille1 », cellule B3 : erreur « #DIV/0! » au lieu d'une valeur (formule « =B5/0 ») ; corrigez le classeur ou exportez à nouveau depuis Paheko".to_owned()),
                (4, "feuille « Feuille1 », cellule B4 : texte « =12.5 » qui est une formule, pas une valeur ; saisissez la valeur elle-même".to_owned()),
                (7, "feuille « Feuille1 », cellule A7 : erreur « #REF! » au lieu d'une valeur (formule) ; corrigez le classeur ou exportez à nouveau depuis Paheko".to_owned()),
            ]
        );
        // A workbook that asks for its formulas to be computed on opening (XlsxWriter,
        // openpyxl) saved placeholders: the `2` of B6 is not a value either.
        let calc = r#"<calcPr calcId="124519" fullCalcOnLoad="1"/>"#;
        let table = read(
            &xlsx_calc(XLSX_NOT_VALUES, None, false, calc),
            Workbook::Xlsx,
        )
        .expect("readable");
        let lines: Vec<u64> = table.spoiled.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 3, 4, 6, 7]);
        assert!(spoiled(&table)[3].1.starts_with("feuille « Feuille1 », cellule B6 : formule « =1+1 » dont le classeur demande de recalculer"));
        // In the header, the file cannot be read.
        let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1"><f>"Dé"&amp;"bit"</f></c></row>"#;
        assert!(matches!(
            read(&xlsx(header, false), Workbook::Xlsx),
            Err(Reason::NotAValue { cell, .. }) if cell == "B1"
        ));
    }

    #[test]
    fn a_row_with_several_cells_that_are_not_values_names_its_leftmost() {
        // Cells out of order in the file: the message still names the leftmost.
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Débit</t></is></c><c r="C1" t="inlineStr"><is><t>Crédit</t></is></c></row>
<row r="2"><c r="C2" t="e"><v>#N/A</v></c><c r="B2"><f>A9</f></c><c r="A2"><v>1</v></c></row>"#;
        let table = read(&xlsx(rows, false), Workbook::Xlsx).expect("readable");
        let got = spoiled(&table);
        assert_eq!(got.len(), 1);
        assert!(
            got[0]
                .1
                .starts_with("feuille « Feuille1 », cellule B2 : formule « =A9 »"),
            "{got:?}"
        );
    }

    #[test]
    fn ods_cells_that_are_not_values_spoil_their_row() {
        let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Numéro</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Débit</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:formula="of:=SUM([.B5:.B6])"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2"/><table:table-cell table:formula="of:=[.B5]/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="3"/><table:table-cell office:value-type="string"><text:p>=12.5</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="4"/><table:table-cell office:value-type="float" office:value="5"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="5"/><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="6"/><table:table-cell office:value-type="string"><text:p>#REF!</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:formula="of:=[.B9]"/></table:table-row>"#;
        let table = read(&ods(rows), Workbook::Ods).expect("readable");
        assert_eq!(
            texts(&table),
            vec![
                (1, owned(&["Numéro", "Débit"])),
                (2, owned(&["1", ""])),
                (3, owned(&["2", "#DIV/0!"])),
                (4, owned(&["3", "=12.5"])),
                (5, owned(&["4", "5"])),
                (6, owned(&["5", "2"])),
                // A typed « #REF! » without a formula is text.
                (7, owned(&["6", "#REF!"])),
                (8, owned(&["", "", "", ""])),
            ]
        );
        let got = spoiled(&table);
        let cells: Vec<(u64, &str)> = got
            .iter()
            .map(|(line, message)| (*line, message.split(" : ").next().unwrap_or("")))
            .collect();
        assert_eq!(
            cells,
            vec![
                (2, "feuille « Feuille1 », cellule B2"),
                (3, "feuille « Feuille1 », cellule B3"),
                (4, "feuille « Feuille1 », cellule B4"),
                (8, "feuille « Feuille1 », cellule D8"),
            ]
        );
        assert!(
            got[0]
                .1
                .contains("formule « =SUM([.B5:.B6]) » enregistrée sans son résultat")
        );
        assert!(
            got[1]
                .1
                .contains("erreur « #DIV/0! » au lieu d'une valeur (formule « =[.B5]/0 »)")
        );
    }

    #[test]
    fn whitespace_between_cells_is_removed_and_nothing_else() {
        let xml = "<table:table>\n<table:table-row a=\"x>y\">\n <table:table-cell office:value-type=\"string\"><text:p> a  b </text:p></table:table-cell>\r\n<table:table-cell/>\n<table:covered-table-cell/>\n<table:table-cell-x/> <table:table-cell>\n<text:p>c</text:p></table:table-cell>\n<!-- </table:table-cell> <table:table-cell -->\n</table:table-row>\n</table:table>";
        let expected = "<table:table>\n<table:table-row a=\"x>y\"><table:table-cell office:value-type=\"string\"><text:p> a  b </text:p></table:table-cell><table:table-cell/><table:covered-table-cell/>\n<table:table-cell-x/> <table:table-cell>\n<text:p>c</text:p></table:table-cell>\n<!-- </table:table-cell> <table:table-cell -->\n</table:table-row>\n</table:table>";
        let stripped = super::strip_row_whitespace(xml.as_bytes()).expect("changed");
        assert_eq!(String::from_utf8_lossy(&stripped), expected);
        assert_eq!(super::strip_row_whitespace(expected.as_bytes()), None);
        assert_eq!(super::strip_row_whitespace(b""), None);
        assert_eq!(super::strip_row_whitespace(b"<table:table-row"), None);
        assert_eq!(super::strip_row_whitespace(b"<!-- "), None);
    }

    #[test]
    fn paheko_style_ods_with_line_breaks_between_cells_reads() {
        let rows = "<table:table-row>\n<table:table-cell office:value-type=\"string\"><text:p>Libellé</text:p></table:table-cell>\n<table:table-cell office:value-type=\"string\"><text:p>Montant</text:p></table:table-cell>\n</table:table-row>\n<table:table-row>\n<table:table-cell office:value-type=\"string\"><text:p>Don  <text:s text:c=\"2\"/>x</text:p></table:table-cell>\n<table:table-cell office:value=\"1234.560000\" office:value-type=\"float\"><text:p>1 234,56</text:p></table:table-cell>\n</table:table-row>\n";
        let table = read(&ods(rows), Workbook::Ods).expect("readable");
        assert_eq!(
            texts(&table),
            vec![
                (1, owned(&["Libellé", "Montant"])),
                (2, owned(&["Don    x", "1234.56"])),
            ]
        );
    }

    #[test]
    fn an_empty_sheet_is_an_empty_file() {
        assert_eq!(
            read(&xlsx("", false), Workbook::Xlsx),
            Err(Reason::EmptyFile)
        );
        let empty_row = r#"<table:table-row><table:table-cell/></table:table-row>"#;
        assert_eq!(read(&ods(empty_row), Workbook::Ods), Err(Reason::EmptyFile));
    }

    #[test]
    fn a_header_only_sheet_has_no_rows() {
        let bytes = xlsx(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>"#,
            false,
        );
        let table = read(&bytes, Workbook::Xlsx).expect("readable");
        assert_eq!(table.header_line, 1);
        assert!(table.rows.is_empty());
    }

    #[test]
    fn distant_cells_do_not_exhaust_memory() {
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
        let table = read(&xlsx(rows, false), Workbook::Xlsx).expect("readable");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(
            table.rows.first().map(|(n, r)| (*n, r.len())),
            Some((1_048_576, 16_384))
        );
    }

    #[test]
    fn zip_bombs_are_refused() {
        let data = b"<x/>";
        // One entry declaring 600 MiB out of 1 MiB: the total is over the limit.
        let big = zip(&[("xl/worksheets/sheet1.xml", data, 600 << 20, 1 << 20)]);
        assert!(central_directory(&big).is_some());
        for kind in [Workbook::Ods, Workbook::Xlsx] {
            let err = read(&big, kind).expect_err("refused");
            assert!(
                matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("trop grosse")),
                "{err:?}"
            );
        }
        // Several entries adding up.
        let many = zip(&[
            ("a.xml", data, 300 << 20, 1 << 20),
            ("b.xml", data, 300 << 20, 1 << 20),
        ]);
        assert!(is_corrupt(read(&many, Workbook::Xlsx)));
        // A small total, but 2 MiB out of 10 bytes.
        let ratio = zip(&[("content.xml", data, 2 << 20, 10)]);
        let err = read(&ratio, Workbook::Ods).expect_err("refused");
        assert!(
            matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("taux de compression")),
            "{err:?}"
        );
        // The real exports pass the check.
        for ext in ["ods", "xlsx"] {
            assert!(
                super::check_archive_size(&fixture("Complet", ext), super::MAX_UNCOMPRESSED)
                    .is_ok()
            );
        }
    }

    fn is_too_large(result: Result<Table, Reason>) -> bool {
        matches!(&result, Err(Reason::CorruptSpreadsheet(why)) if why.contains("feuille trop grande"))
    }

    /// A header and a data row of three cells, as the repeated-cell tests' sane part.
    const SANE_ROWS: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Libellé</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="date" office:date-value="2024-01-01"><text:p>01/01/2024</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Don</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12.5"><text:p>12,50</text:p></table:table-cell></table:table-row>"#;

    #[test]
    fn repeated_ods_cells_cannot_exhaust_memory() {
        // 1 048 576 rows of 16 384 copies of one value: 17 billion cells from 200 bytes of XML.
        let square = format!(
            r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
        );
        let started = std::time::Instant::now();
        assert!(is_too_large(read(&ods(&square), Workbook::Ods)));
        // Many rows, each of 16 384 copies: calamine would hold them all before expanding.
        let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
        let many = format!("{SANE_ROWS}{}", row.repeat(1300));
        assert!(is_too_large(read(&ods(&many), Workbook::Ods)));
        // Empty rows between two non-empty ones are expanded too.
        let gap = format!(
            r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
        );
        assert!(is_too_large(read(&ods(&gap), Workbook::Ods)));
        // 16 384 copies of 40 KB of text: 640 MiB.
        let text = format!(
            r#"{SANE_ROWS}<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            "x".repeat(40_000)
        );
        assert!(is_too_large(read(&ods(&text), Workbook::Ods)));
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    /// Runs `job` on another thread and fails if it takes more than 20 seconds (a hang would
    /// otherwise hang the whole test run).
    fn within_seconds<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(job());
        });
        receive
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("finished within 20 seconds")
    }

    #[test]
    fn a_table_cut_before_its_end_is_corrupt_not_a_hang() {
        // Found by fuzzing: calamine 0.38 waits forever for the `</table:table>` of a
        // content.xml that ends inside a table.
        let cut = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Feuille1">{SANE_ROWS}"#
        );
        let bytes = plain_zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", cut.as_bytes()),
            ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ]);
        let result = within_seconds(move || read(&bytes, Workbook::Ods));
        assert!(
            matches!(&result, Err(Reason::CorruptSpreadsheet(why)) if why.contains("jamais refermé")),
            "{result:?}"
        );
        // The same table, closed, reads.
        assert_eq!(
            read(&ods(SANE_ROWS), Workbook::Ods).map(|t| t.rows.len()),
            Ok(1)
        );
    }

    #[test]
    fn libreoffice_padding_is_not_an_expansion() {
        // LibreOffice pads a sheet to its full size with repeated empty cells and rows.
        let padded = SANE_ROWS.replace(
            "</table:table-row>",
            r#"<table:table-cell table:number-columns-repeated="16381"/></table:table-row>"#,
        ) + r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
        let table = read(&ods(&padded), Workbook::Ods).expect("readable");
        assert_eq!(
            texts(&table),
            vec![
                (1, owned(&["Date", "Libellé", "Montant"])),
                (2, owned(&["2024-01-01", "Don", "12.5"])),
            ]
        );
        // Repeated values that stay small are read, each copy in its place.
        let repeated = format!(
            r#"{SANE_ROWS}<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>"#
        );
        let table = read(&ods(&repeated), Workbook::Ods).expect("readable");
        assert_eq!(
            texts(&table)[2..],
            [(3, owned(&["a", "a"])), (4, owned(&["a", "a"]))]
        );
    }

    #[test]
    fn one_large_shared_string_in_many_cells_is_bounded() {
        // Each cell gets its own copy of the shared string: 17 copies of 64 KiB is over a
        // 1 MiB budget (the real one is MAX_UNCOMPRESSED, too large for a unit test).
        let shared = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
            "y".repeat(64 * 1024)
        );
        let rows: String = (1..=17)
            .map(|n| format!(r#"<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>"#))
            .collect();
        let bytes = xlsx_parts(&rows, Some(&shared), false);
        assert!(is_too_large(super::read_within(
            &bytes,
            Workbook::Xlsx,
            super::MAX_UNCOMPRESSED,
            1 << 20
        )));
        // Under the budget, the same workbook reads.
        let table = super::read_within(&bytes, Workbook::Xlsx, super::MAX_UNCOMPRESSED, 2 << 20)
            .expect("readable");
        assert_eq!(table.rows.len(), 16);
        assert_eq!(table.headers.get(0).map(str::len), Some(64 * 1024));
    }

    #[test]
    fn a_zip64_archive_is_checked_too() {
        // ZIP64 directories (which Paheko never writes) are not read by our own parser: the
        // zip crate's reading of them is checked instead, so a ZIP64 bomb cannot slip by.
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row></sheetData><!--{}--></worksheet>"#,
            " ".repeat(3 << 20)
        );
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        let parts: [(&str, &[u8]); 2] = [
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ];
        for (name, data) in parts {
            writer.start_file(name, options).expect("entry");
            std::io::Write::write_all(&mut writer, data).expect("data");
        }
        let bytes = writer.finish().expect("zip").into_inner();
        assert!(
            central_directory(&bytes).is_none(),
            "ZIP64: not our parser's"
        );
        let err = super::check_archive_size(&bytes, 1 << 20).expect_err("3 MiB > 1 MiB");
        assert!(
            matches!(&err, Reason::CorruptSpreadsheet(why) if why.contains("(3 Mio, limite 1 Mio)")),
            "{err:?}"
        );
        assert!(super::check_archive_size(&bytes, 4 << 20).is_ok());
    }

    #[test]
    fn a_lying_small_size_is_caught_by_the_zip_reader() {
        // The directory announces less than the entry holds.
        let sheet = b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
        let bytes = zip(&[
            ("[Content_Types].xml", b"<Types/>", 8, 8),
            ("xl/worksheets/sheet1.xml", sheet, 4, 4),
        ]);
        assert!(is_corrupt(read(&bytes, Workbook::Xlsx)));
    }

    #[test]
    fn directory_parser_is_defensive() {
        let good = plain_zip(&[("a", b"1"), ("b", b"22")]);
        let entries = central_directory(&good).expect("directory");
        assert_eq!(entries.len(), 2);
        // Every prefix and many corruptions: never a panic, at worst `None`.
        for cut in 0..good.len() {
            let _ = central_directory(&good[..cut]);
            let _ = detect(&good[..cut]);
        }
        for at in 0..good.len() {
            for value in [0x00, 0xff] {
                let mut broken = good.clone();
                if let Some(byte) = broken.get_mut(at) {
                    *byte = value;
                }
                let _ = central_directory(&broken);
                let _ = detect(&broken);
                let _ = super::check_archive_size(&broken, super::MAX_UNCOMPRESSED);
            }
        }
    }

    #[test]
    fn floats_print_as_their_shortest_exact_decimal() {
        assert_eq!(float_text(77.26), "77.26");
        assert_eq!(float_text(1234.56), "1234.56");
        assert_eq!(float_text(10688.94), "10688.94");
        assert_eq!(float_text(10688.0), "10688");
        assert_eq!(float_text(0.0), "0");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(-12.3), "-12.3");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(1e-7), "0.0000001");
        assert_eq!(float_text(999_999_999.99), "999999999.99");
        assert_eq!(float_text(123_456_789_012.34), "123456789012.34");
        assert_eq!(float_text(1e21), "1000000000000000000000");
        // A computed value keeps its error in sight; the amount parser rejects it.
        let computed = 0.1 + 0.2;
        assert_eq!(float_text(computed), "0.30000000000000004");
        assert!(Money::parse(&float_text(computed)).is_err());
        // Every amount with cents up to 100 000 € comes back as typed.
        for cents in (0..10_000_000i64).step_by(997) {
            let text = format!("{}.{:02}", cents / 100, cents % 100);
            let value: f64 = text.parse().expect("float");
            let back = Money::parse(&float_text(value)).expect("amount");
            assert_eq!(back.cents(), cents, "{text}");
        }
    }

    #[test]
    fn cells_become_text() {
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Int(-42)), "-42");
        assert_eq!(cell_text(&Data::Bool(true)), "1");
        assert_eq!(cell_text(&Data::Bool(false)), "0");
        assert_eq!(cell_text(&Data::String("00".into())), "00");
        assert_eq!(cell_text(&Data::Error(CellErrorType::Div0)), "#DIV/0!");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-02-29".into())),
            "2024-02-29"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-02-29T10:00:00".into())),
            "2024-02-29"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("0001-01-01".into())),
            "0001-01-01"
        );
        assert_eq!(cell_text(&Data::DurationIso("PT1H".into())), "PT1H");
        let date = |serial: f64| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(cell_text(&date(45292.0)), "2024-01-01");
        assert_eq!(cell_text(&date(45292.999)), "2024-01-01");
        // Out of Paheko's range: the number, for the date parser to reject.
        assert_eq!(cell_text(&date(10.5)), "10.5");
        let duration = Data::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(cell_text(&duration), "1.5");
    }

    #[test]
    fn calamine_and_from_serial_agree_on_1900_serials() {
        for serial in 61..=73_415i64 {
            let datetime = ExcelDateTime::new(serial as f64, ExcelDateTimeType::DateTime, false);
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            assert_eq!(
                Date::from_serial(serial),
                Date::new(year, month, day),
                "{serial}"
            );
            assert_eq!(serial_date(&datetime), Date::from_serial(serial));
        }
        let datetime = ExcelDateTime::new(43_830.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(serial_date(&datetime), Date::new(2024, 1, 1));
    }
}
