//! ODS and XLSX workbooks (calamine) → [`Table`](crate::import::table::Table).
