//! Reading input files: the only module that opens inputs.
//!
//! A file's kind is recognised from its content, never its name (Paheko's download names
//! contain runs of spaces and say nothing reliable), by [`detect::detect`], the recogniser
//! `rappro init` uses too: ZIP workbooks (ODS, XLSX), JSON (Paheko's API export), or text
//! (CSV with any separator, FEC tab-separated text). Every container is brought to text
//! records and interpreted by `paheko`. Paheko's own database backup (SQLite) is read by
//! `backup`. A file that cannot be read becomes a file-level rejection; nothing here aborts
//! the batch.

pub mod backup;
pub mod container;
pub mod detect;
pub mod invoices;
mod month_first;
pub mod not_exports;
pub mod paheko;
mod sheet_values;
mod total_row;
pub mod unicode;
pub mod walk;

// The modules' former paths, kept so that callers need no edit.
use self::container::records;
pub use self::container::workbook as spreadsheet;
pub use self::container::{json, table, text, workbook};
use self::paheko::api_json;
use self::paheko::chart::ChartReader;
pub use self::paheko::columns as paheko_columns;
pub use self::paheko::fec;

use std::fs;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use csv::StringRecord;

use crate::error::{Reason, Rejection, Warning, WarningKind, french_io};
use crate::import::container::table::Table;
use crate::import::container::text::Encoding;
use crate::import::container::workbook::Workbook;
use crate::import::detect::{FileKind, detect};
use crate::import::not_exports::NotExport;
use crate::import::paheko::columns::{Layout, recognise};
use crate::import::paheko::{Journal, JournalFile};
use crate::model::{Chart, Entry, ExportType, Source};

/// Files larger than this are refused rather than loaded (a 1-million-line Complet export is ~150 MB).
pub const MAX_FILE_SIZE: u64 = 2 * 1024 * 1024 * 1024;

/// Why a device, a pipe or a socket is not read.
const NOT_A_FILE: &str = "ce n'est pas un fichier ordinaire (périphérique, tube…)";

/// The container a file was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// Comma/semicolon/tab-separated text.
    Csv,
    /// FEC « fichier conforme »: tab-separated, unquoted.
    FecText,
    /// OpenDocument spreadsheet.
    Ods,
    /// Excel workbook.
    Xlsx,
    /// Paheko API JSON.
    Json,
    /// Paheko's database backup (SQLite).
    Sqlite,
}

impl Container {
    fn french(self) -> &'static str {
        match self {
            Container::Csv => "CSV",
            Container::FecText => "texte FEC",
            Container::Ods => "ODS",
            Container::Xlsx => "XLSX",
            Container::Json => "JSON",
            Container::Sqlite => "sauvegarde SQLite",
        }
    }
}

/// What a books file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BooksKind {
    /// A journal export.
    Journal(ExportType, Container),
    /// A chart of accounts export.
    Chart(Container),
    /// Not an export (a report, a README, invoices, a bank statement): skipped, with the
    /// `not_an_export` warning and no row counted.
    Skipped(NotExport),
}

impl BooksKind {
    /// French description: « Complet (CSV) », « plan comptable (ODS) ».
    pub fn french(self) -> String {
        match self {
            BooksKind::Journal(export, container) => {
                format!("{} ({})", export.french(), container.french())
            }
            BooksKind::Chart(container) => format!("plan comptable ({})", container.french()),
            BooksKind::Skipped(what) => format!("ignoré ({})", what.short()),
        }
    }
}

/// Everything one books file gave.
/// Invariant: `rows == Σ entries.rows + row-level rejections`.
#[derive(Debug)]
pub struct BooksFile {
    /// The path as shown to the user.
    pub path: Arc<str>,
    /// What it is, when recognised.
    pub kind: Option<BooksKind>,
    /// Data rows read.
    pub rows: u64,
    /// Balanced entries, in file order.
    pub entries: Vec<Entry>,
    /// The chart of accounts, for a chart export.
    pub chart: Option<Chart>,
    /// Rejected rows, or one file-level rejection.
    pub rejected: Vec<Rejection>,
    /// Things to know (encoding, line endings).
    pub warnings: Vec<Warning>,
    /// False when the entries' numbers are not Paheko's transaction numbers (FEC numbered
    /// per journal or not numbered, Complet numbered by pièce): `book` matches them by content.
    pub paheko_numbers: bool,
    /// The fiscal year the file states it holds (first day, last day, label): a Paheko
    /// backup's `acc_years` row; `None` for exports, whose year is inferred.
    pub year: Option<(crate::model::Date, crate::model::Date, Arc<str>)>,
}

impl BooksFile {
    /// A file that is not an export: one warning says what it is, nothing else.
    fn skipped(path: Arc<str>, what: NotExport) -> BooksFile {
        BooksFile {
            warnings: vec![Warning::at(
                Source::file(Arc::clone(&path)),
                WarningKind::NotAnExport(what),
            )],
            path,
            kind: Some(BooksKind::Skipped(what)),
            rows: 0,
            entries: Vec::new(),
            chart: None,
            rejected: Vec::new(),
            paheko_numbers: true,
            year: None,
        }
    }

    fn failed(path: Arc<str>, reason: Reason) -> BooksFile {
        BooksFile {
            rejected: vec![Rejection::new(Source::file(Arc::clone(&path)), reason)],
            path,
            kind: None,
            rows: 0,
            entries: Vec::new(),
            chart: None,
            warnings: Vec::new(),
            paheko_numbers: true,
            year: None,
        }
    }
}

/// The files a list of paths leads to.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The files, sorted.
    pub files: Vec<PathBuf>,
    /// Paths that do not exist or could not be read, as file-level rejections.
    pub rejected: Vec<Rejection>,
    /// Paths not read because their file or folder was reached under another name.
    pub skipped: Vec<walk::Skipped>,
}

/// Expands the user's paths: files as given, folders walked recursively ([`walk::Walk`]: each
/// file and folder once, hidden entries skipped), sorted so that the batch does not depend on
/// the order of arguments. Paths that do not exist become file-level rejections. Inside
/// folders, `exclude`d paths (rappro's own output folder and rejections file) are skipped, so
/// that a second run does not read the first one's reports as exports.
pub fn expand_paths(inputs: &[PathBuf], exclude: &[PathBuf]) -> Expanded {
    let mut walk = walk::Walk::new(exclude);
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for input in inputs {
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => {
                walk.folder(input, usize::MAX, &mut |path, _, _| {
                    files.push(path.to_path_buf());
                });
            }
            Ok(meta) => {
                if walk.first_visit(input, &meta) {
                    files.push(input.clone());
                }
            }
            Err(err) => rejected.push(file_rejection(input, Reason::Unreadable(french_io(&err)))),
        }
    }
    let (skipped, errors) = walk.finish();
    for (path, err) in errors {
        rejected.push(file_rejection(&path, Reason::Unreadable(french_io(&err))));
    }
    files.sort();
    Expanded {
        files,
        rejected,
        skipped,
    }
}

fn file_rejection(path: &Path, reason: Reason) -> Rejection {
    Rejection::new(Source::file(display_path(path)), reason)
}

/// The path as shown in messages and reports.
pub fn display_path(path: &Path) -> Arc<str> {
    Arc::from(path.to_string_lossy().as_ref())
}

/// The path relative to `base` when it is under it (the treasurer's folder), so that reports
/// do not depend on where that folder is; the path as given otherwise.
pub fn display_relative(path: &Path, base: &Path) -> Arc<str> {
    path.strip_prefix(base)
        .map_or_else(|_| display_path(path), display_path)
}

/// Reads a file's bytes, refusing what is too large to be an export.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Reason> {
    let meta = fs::metadata(path).map_err(|err| Reason::Unreadable(french_io(&err)))?;
    // A device or a pipe has no size and may never end (/dev/zero) or never start (a FIFO).
    if !meta.is_file() {
        return Err(Reason::Unreadable(NOT_A_FILE.to_owned()));
    }
    let size = meta.len();
    if size > MAX_FILE_SIZE {
        return Err(Reason::FileTooLarge {
            size,
            limit: MAX_FILE_SIZE,
        });
    }
    fs::read(path).map_err(|err| Reason::Unreadable(french_io(&err)))
}

/// The first `limit` bytes of a file (enough to recognise it).
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, Reason> {
    use std::io::Read;
    if !fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
        return Err(Reason::Unreadable(NOT_A_FILE.to_owned()));
    }
    let file = fs::File::open(path).map_err(|err| Reason::Unreadable(french_io(&err)))?;
    let mut head = Vec::new();
    file.take(limit)
        .read_to_end(&mut head)
        .map_err(|err| Reason::Unreadable(french_io(&err)))?;
    Ok(head)
}

/// Reads one books file (journal export or chart), whatever its container.
pub fn read_books_file(path: &Path) -> BooksFile {
    read_books_file_as(path, display_path(path))
}

/// Reads one books file, naming it `display` in messages and reports.
pub fn read_books_file_as(path: &Path, display: Arc<str>) -> BooksFile {
    read_books_file_for(path, display, None)
}

/// Reads one books file, naming it `display`; `year` (first and last day) picks the fiscal
/// year of a Paheko backup, which holds several (exports hold one: it is ignored for them).
pub fn read_books_file_for(
    path: &Path,
    display: Arc<str>,
    year: Option<(crate::model::Date, crate::model::Date)>,
) -> BooksFile {
    if read_head(path, backup::MAGIC.len() as u64)
        .is_ok_and(|head| detect(&head, path) == FileKind::Backup)
    {
        return backup::read(path, display, year);
    }
    if let Some(file) = stream_text(path, &display) {
        return file;
    }
    match read_bytes(path) {
        Ok(bytes) => read_books_bytes(&bytes, display),
        Err(reason) => BooksFile::failed(display, reason),
    }
}

/// Reads books from bytes already in memory (the file's content; `path` names it).
pub fn read_books_bytes(bytes: &[u8], path: Arc<str>) -> BooksFile {
    match detect(bytes, Path::new(&*path)) {
        FileKind::Empty => BooksFile::failed(path, Reason::EmptyFile),
        FileKind::Workbook(workbook) => read_workbook(bytes, workbook, path),
        // SQLite reads a database from its file: the bytes alone are not read.
        FileKind::Backup => BooksFile::failed(
            path,
            Reason::UnknownFormat(
                "base SQLite lue hors de son fichier : donnez à rappro le fichier de la sauvegarde"
                    .into(),
            ),
        ),
        FileKind::NotExport(what) => BooksFile::skipped(path, what),
        FileKind::OtherZip => BooksFile::failed(
            path,
            Reason::UnknownFormat("archive ZIP qui n'est ni un classeur ODS ni XLSX".into()),
        ),
        // Text: read whatever its header (the reader knows a Paheko header from its columns,
        // and refuses the others with the column that misses).
        FileKind::PahekoJournal(_)
        | FileKind::Chart
        | FileKind::DamagedExport
        | FileKind::DamagedChart
        | FileKind::PahekoApiJson
        | FileKind::OvhJson
        | FileKind::ControlPanelCsv
        | FileKind::Table
        | FileKind::Unknown => read_books_text(bytes, path),
    }
}

/// Reads a workbook's one sheet; Paheko's own report workbooks have several sheets: still
/// recognised by their first one, and skipped.
fn read_workbook(bytes: &[u8], workbook: Workbook, path: Arc<str>) -> BooksFile {
    let container = match workbook {
        Workbook::Ods => Container::Ods,
        Workbook::Xlsx => Container::Xlsx,
    };
    match workbook::read(bytes, workbook) {
        Ok(table) => read_table(&table, path, container, false, Vec::new()),
        Err(reason @ Reason::SeveralSheets { .. }) => {
            match detect::workbook_kind(bytes, workbook) {
                Some(FileKind::NotExport(what)) => BooksFile::skipped(path, what),
                _ => BooksFile::failed(path, reason),
            }
        }
        Err(reason) => BooksFile::failed(path, reason),
    }
}

/// Reads a text export (CSV, FEC text, API JSON) held in memory, whatever its encoding.
fn read_books_text(bytes: &[u8], path: Arc<str>) -> BooksFile {
    let decoded = match text::decode(bytes) {
        Ok(decoded) => decoded,
        Err(reason) => return BooksFile::failed(path, reason),
    };
    let mut warnings = Vec::new();
    // Broken UTF-8 lines are rejected one by one; the other lines are plain UTF-8.
    if !matches!(
        decoded.encoding,
        Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Utf8WithInvalidLines
    ) {
        warnings.push(Warning::at(
            Source::file(Arc::clone(&path)),
            WarningKind::NotUtf8 {
                encoding: decoded.encoding,
                invoices: false,
            },
        ));
    }
    if decoded.mac_line_endings {
        warnings.push(Warning::at(
            Source::file(Arc::clone(&path)),
            WarningKind::MacLineEndings { invoices: false },
        ));
    }
    let first = decoded
        .bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    if matches!(first, Some(b'[' | b'{')) {
        return match api_json::table(&decoded.bytes) {
            Ok((table, bad)) => {
                let mut file =
                    read_table(&table, Arc::clone(&path), Container::Json, false, warnings);
                if matches!(file.kind, Some(BooksKind::Skipped(_))) {
                    return file;
                }
                file.rows += bad.len() as u64;
                file.rejected.extend(bad.into_iter().map(|(line, reason)| {
                    Rejection::new(Source::new(Arc::clone(&path), line), reason)
                }));
                file
            }
            Err(reason) => BooksFile::failed(path, reason),
        };
    }
    let text: &[u8] = &decoded.bytes;
    read_csv(
        text,
        text,
        text.len() as u64,
        decoded.encoding,
        Arc::clone(&path),
        warnings,
        false,
    )
    .unwrap_or_else(|| BooksFile::failed(path, Reason::InvalidEncoding))
}

/// Streams a CSV/FEC text through the journal interpreter.
/// `head` is the start of the text, at least its first line (for the separator and the
/// FEC dialect); `size` the text's size (to make room for its entries).
///
/// Two threads share the work: one cuts the text into records (`records::parse`), the
/// other interprets them, in order; records travel in reused batches, so the result is the
/// same as reading on one thread.
///
/// In `strict` mode (a file streamed from disk on the belief that it is UTF-8), a record
/// that is not UTF-8 text stops the reading with `None`: the caller then reads the whole
/// file and decodes it, so both ways give the same result.
fn read_csv<R: Read + Send>(
    input: R,
    head: &[u8],
    size: u64,
    encoding: Encoding,
    path: Arc<str>,
    warnings: Vec<Warning>,
    strict: bool,
) -> Option<BooksFile> {
    let delimiter = text::sniff_delimiter(head);
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    // FEC « fichier conforme » is tab-separated and unquoted: a `"` is an ordinary character.
    let fec_text = delimiter == b'\t' && !first_line.contains(&b'"');
    let container = if fec_text {
        Container::FecText
    } else {
        Container::Csv
    };
    let dialect = records::Dialect {
        delimiter,
        quoting: !fec_text,
        check_controls: encoding == Encoding::Windows1252,
        strict,
    };
    let mut sink: Option<Sink> = None;
    let mut skipped = None;
    let mut header_width = 0;
    let mut rejected_before_header = Vec::new();
    let outcome = records::parse(input, dialect, |row| {
        let (line, record, text_result) = match row {
            records::Row::Record(line, record, text_result) => (line, record, text_result),
            records::Row::Unreadable(line, reason) => {
                return match sink.as_mut() {
                    Some(sink) => {
                        sink.push_unreadable(line, reason);
                        ControlFlow::Continue(())
                    }
                    None => ControlFlow::Break(reason),
                };
            }
        };
        match (sink.as_mut(), text_result) {
            (None, Ok(())) => {
                header_width = record.len();
                match Sink::new(record, Arc::clone(&path), container) {
                    Ok(mut new_sink) => {
                        new_sink.reserve(estimated_rows(head, size));
                        sink = Some(new_sink);
                    }
                    Err(reason) => {
                        skipped = not_exports::from_header(record);
                        return ControlFlow::Break(reason);
                    }
                }
            }
            (None, Err(reason)) => {
                rejected_before_header
                    .push(Rejection::new(Source::new(Arc::clone(&path), line), reason));
            }
            (Some(sink), Ok(())) if record.len() != header_width => {
                sink.push_spoiled(
                    line,
                    record,
                    Reason::ColumnCount {
                        expected: header_width,
                        found: record.len(),
                    },
                );
            }
            (Some(sink), Ok(())) => sink.push(line, record),
            (Some(sink), Err(reason)) => sink.push_spoiled(line, record, reason),
        }
        ControlFlow::Continue(())
    });
    match outcome {
        records::Outcome::NotText => return None,
        records::Outcome::Stopped(reason) => {
            return Some(match skipped {
                Some(what) => BooksFile::skipped(path, what),
                None => BooksFile::failed(path, reason),
            });
        }
        records::Outcome::Done => {}
    }
    let Some(sink) = sink else {
        return Some(BooksFile::failed(path, Reason::EmptyFile));
    };
    let mut file = sink.finish(path, warnings);
    file.rows += rejected_before_header.len() as u64;
    file.rejected.splice(0..0, rejected_before_header);
    Some(file)
}

/// About how many rows a text of `size` bytes has, from the length of the rows of its head.
fn estimated_rows(head: &[u8], size: u64) -> usize {
    let rows_in_head = memchr::memchr_iter(b'\n', head).count().max(1) as u64;
    let row_length = (head.len() as u64 / rows_in_head).max(16);
    // A hint only: capped, and the reservation may fail without harm.
    usize::try_from((size / row_length).min(16_000_000)).unwrap_or(0)
}

/// How much of a file is read to decide whether it can be streamed.
const STREAM_HEAD: usize = 64 * 1024;

/// Reads a plain UTF-8 CSV/FEC text file as a stream, without holding it: what Paheko
/// writes, and the only case where size matters. `None` when the file is anything else
/// (spreadsheet, JSON, another encoding, binary, no line end in its head, unreadable):
/// the caller then reads it whole.
fn stream_text(path: &Path, display: &Arc<str>) -> Option<BooksFile> {
    // Only ordinary files: opening a FIFO would wait for a writer (the whole-file path
    // refuses devices and pipes with a message).
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_SIZE {
        return None;
    }
    let mut file = fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(STREAM_HEAD);
    (&mut file)
        .take(STREAM_HEAD as u64)
        .read_to_end(&mut head)
        .ok()?;
    let (text, encoding) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Encoding::Utf8Bom),
        None => (head.as_slice(), Encoding::Utf8),
    };
    let whole = head.len() < STREAM_HEAD;
    let utf8 = match std::str::from_utf8(text) {
        Ok(_) => true,
        // A character cut by the end of the head is fine.
        Err(err) => err.error_len().is_none() && !whole,
    };
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    memchr::memchr(b'\n', text)?;
    if !utf8
        || text.starts_with(b"PK")
        || text::looks_utf16(text)
        || text::looks_binary(text)
        || matches!(first, None | Some(b'[' | b'{'))
    {
        return None;
    }
    // What is not an export is named from the head, as a whole file would be.
    if let FileKind::NotExport(what) = detect(text, path) {
        return Some(BooksFile::skipped(Arc::clone(display), what));
    }
    let text = text.to_vec();
    let size = file.metadata().map_or(0, |m| m.len());
    let skip = head.len() - text.len();
    let mut input = std::io::Cursor::new(head).chain(file);
    // Skip the BOM, as decoding does.
    let mut bom = vec![0; skip];
    input.read_exact(&mut bom).ok()?;
    read_csv(
        input,
        &text,
        size,
        encoding,
        Arc::clone(display),
        Vec::new(),
        true,
    )
}

/// Interprets a whole table (spreadsheet, JSON).
fn read_table(
    table: &Table,
    path: Arc<str>,
    container: Container,
    strict_width: bool,
    warnings: Vec<Warning>,
) -> BooksFile {
    let mut sink = match Sink::new(&table.headers, Arc::clone(&path), container) {
        Ok(sink) => sink,
        Err(reason) => {
            return match not_exports::from_header(&table.headers) {
                Some(what) => BooksFile::skipped(path, what),
                None => BooksFile::failed(path, reason),
            };
        }
    };
    let width = table.headers.len();
    let mut spoiled = table.spoiled.iter().peekable();
    for (line, record) in &table.rows {
        if let Some((_, reason)) = spoiled.next_if(|(at, _)| at == line) {
            sink.push_spoiled(*line, record, reason.clone());
        } else if strict_width && record.len() != width {
            sink.push_spoiled(
                *line,
                record,
                Reason::ColumnCount {
                    expected: width,
                    found: record.len(),
                },
            );
        } else {
            sink.push(*line, record);
        }
    }
    sink.finish(path, warnings)
}

/// Where the rows of a recognised header go: a journal, or a chart.
enum Sink {
    Journal(Box<Journal>, Container),
    Chart(Box<ChartReader>),
}

impl Sink {
    fn new(headers: &StringRecord, path: Arc<str>, container: Container) -> Result<Sink, Reason> {
        let (layout, columns) = recognise(headers)?;
        Ok(match layout {
            Layout::Chart => Sink::Chart(Box::new(ChartReader::new(path, columns, container))),
            _ => Sink::Journal(Box::new(Journal::new(path, layout, columns)), container),
        })
    }

    fn reserve(&mut self, rows: usize) {
        if let Sink::Journal(journal, _) = self {
            journal.reserve(rows);
        }
    }

    fn push(&mut self, line: u64, record: &StringRecord) {
        match self {
            Sink::Journal(journal, _) => journal.push(line, record),
            Sink::Chart(chart) => chart.push(line, record),
        }
    }

    fn push_unreadable(&mut self, line: u64, reason: Reason) {
        match self {
            Sink::Journal(journal, _) => journal.push_unreadable(line, reason),
            Sink::Chart(chart) => chart.reject(line, reason),
        }
    }

    /// A row read only in part (bad bytes, wrong width): rejected, with its transaction.
    fn push_spoiled(&mut self, line: u64, record: &StringRecord, reason: Reason) {
        match self {
            Sink::Journal(journal, _) => journal.push_spoiled(line, record, reason),
            Sink::Chart(chart) => chart.reject(line, reason),
        }
    }

    fn finish(self, path: Arc<str>, warnings: Vec<Warning>) -> BooksFile {
        match self {
            Sink::Journal(journal, container) => {
                let export = journal.export_type();
                let JournalFile {
                    rows,
                    entries,
                    rejected,
                    grouped: _,
                    paheko_numbers,
                    warnings: grouping,
                } = journal.finish();
                let mut warnings = warnings;
                warnings.extend(grouping);
                BooksFile {
                    path,
                    kind: Some(BooksKind::Journal(export, container)),
                    rows,
                    entries,
                    chart: None,
                    rejected,
                    warnings,
                    paheko_numbers,
                    year: None,
                }
            }
            Sink::Chart(chart) => BooksFile {
                path,
                kind: Some(BooksKind::Chart(chart.container)),
                rows: chart.rows,
                entries: Vec::new(),
                chart: Some(chart.chart),
                rejected: chart.rejected,
                warnings,
                paheko_numbers: true,
                year: None,
            },
        }
    }
}
