//! Renderers of a [`Document`](crate::report::document::Document): one module per output format.
//!
//! [`markdown`] writes text for people (French amounts, escaped input), [`csv`] writes the one CSV
//! dialect of rappro (UTF-8 with BOM, `;`, CRLF, formulas neutralised). Adding a format (HTML, a
//! workbook) is adding one module here.

pub mod csv;
pub mod markdown;
