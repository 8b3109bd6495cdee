//! A table read from any container (CSV text, ODS, XLSX, JSON): a header and numbered rows of text.
//!
//! Every reader brings its cells to text here, so that one interpreter (`paheko`) reads every
//! container alike. Spreadsheet numbers and dates are turned into text exactly
//! (amounts `1234.56`, dates `YYYY-MM-DD`) at that boundary.

use csv::StringRecord;

/// A header and its data rows, each with its 1-based line/row/item number in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Where the header is (1 for a spreadsheet's first row).
    pub header_line: u64,
    /// Column titles, as found.
    pub headers: StringRecord,
    /// Data rows with their line, row or item number; may be shorter or longer than the header.
    pub rows: Vec<(u64, StringRecord)>,
    /// Rows of `rows` that a reader must reject rather than interpret, by line, in order, with
    /// why: a spreadsheet row with a cell that is not a value (a formula without its result,
    /// an error). They stay in `rows` so that a journal can reject their transaction whole.
    pub spoiled: Vec<(u64, crate::error::Reason)>,
}
