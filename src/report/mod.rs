//! Reports: pure builders (statements, discrepancies) and the writer, the only module that writes files.
//!
//! [`statement`] computes the compte de résultats and the cash position from a fiscal year,
//! [`markdown`] and [`write`] render them (JSON, CSV, Markdown), [`guard`] keeps outputs
//! apart from inputs, and [`publish`] writes a run's files as one set, in a locked folder.

pub mod ecarts;
mod fr_warnings;
pub mod guard;
pub mod markdown;
pub mod publish;
pub mod rejections;
pub mod statement;
#[cfg(test)]
mod testdata;
pub mod write;

pub use markdown::render_markdown;
pub use publish::{OutputFolder, write_file};
pub use statement::{
    CashLine, FinancialReport, Incomplete, Scope, Statement, StatementLine, build, compare_codes,
};
pub use write::{neutralise, render_all, render_csv, render_json};
