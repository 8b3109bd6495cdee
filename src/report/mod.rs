//! Reports: pure builders (statements, discrepancies) and the writer, the only module that writes files.
//!
//! [`statement`] computes the compte de résultats and the cash position from a fiscal year,
//! [`markdown`] and [`write`] render them (JSON, CSV, Markdown), and [`write::write_files`]
//! writes the files atomically.

pub mod ecarts;
#[cfg(test)]
mod ecarts_tests;
pub mod fr;
pub mod markdown;
pub mod rejections;
pub mod statement;
#[cfg(test)]
mod testdata;
pub mod write;

pub use markdown::render_markdown;
pub use statement::{
    CashLine, FinancialReport, Scope, Statement, StatementLine, build, compare_codes,
};
pub use write::{check_writable, neutralise, render_all, render_csv, render_json, write_files};
