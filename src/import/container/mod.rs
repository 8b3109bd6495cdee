//! Containers: how a file's bytes become text records or a [`Table`](table::Table), before
//! anything is interpreted. Text (CSV, FEC text, any encoding) is cut into records as a
//! stream; JSON and workbooks (ODS, XLSX) are read whole into a table.

pub mod json;
pub(super) mod records;
pub mod table;
pub mod text;
pub mod workbook;
