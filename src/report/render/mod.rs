//! Renderers of a [`Document`](crate::report::document::Document): one module per output format.
//!
//! [`markdown`] writes text for people (French amounts, escaped input), [`csv`] writes the one CSV
//! dialect of rappro (UTF-8 with BOM, `;`, CRLF, formulas neutralised), [`html`] writes one
//! self-contained page (inline CSS, A4 print). Adding a format (a workbook) is adding one module
//! here.

pub mod csv;
pub mod html;
pub mod markdown;
