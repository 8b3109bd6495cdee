//! Reading input files. The only module that opens inputs.

pub mod invoices;
pub mod spreadsheet;
pub mod table;
pub mod text;
