//! ODS and XLSX workbooks (calamine) → [`Table`](crate::import::table::Table).
//! (Temporary stub; the real reader lands on branch `sheet`.)

use crate::error::Reason;
use crate::import::table::Table;

/// Which workbook format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workbook {
    /// OpenDocument spreadsheet.
    Ods,
    /// Office Open XML workbook.
    Xlsx,
}

/// Which workbook format, from the bytes.
pub fn detect(bytes: &[u8]) -> Option<Workbook> {
    bytes.starts_with(b"PK\x03\x04").then_some(Workbook::Ods)
}

/// Reads the first sheet.
pub fn read(_bytes: &[u8], _kind: Workbook) -> Result<Table, Reason> {
    Err(Reason::CorruptSpreadsheet("non pris en charge".to_owned()))
}
