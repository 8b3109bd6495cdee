//! Reading input files. The only module that opens inputs.

pub mod invoices;
pub mod paheko;
pub mod paheko_columns;
pub mod spreadsheet;
pub mod table;
pub mod text;
