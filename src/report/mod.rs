//! Reports: pure builders (statements, discrepancies), format-neutral documents and their
//! renderers, and the writer, the only module that writes files.
//!
//! [`statement`] computes the compte de résultats and the cash position from a fiscal year;
//! [`bilan`], [`write`], [`rejections`] and [`ecarts`] build [`document`]s and tables from the
//! results, and [`render`] turns them into Markdown or CSV (JSON stays serde structs in [`write`]
//! and [`ecarts`]: a contract);
//! [`guard`] keeps outputs apart from inputs, and [`publish`] writes a run's files as one set, in
//! a locked folder.

pub mod bilan;
pub mod document;
pub mod ecarts;
#[cfg(test)]
mod ecarts_tests;
pub mod fr;
mod fr_warnings;
pub mod guard;
pub mod publish;
pub mod rapport;
pub mod rejections;
pub mod render;
pub mod statement;
#[cfg(test)]
mod testdata;
pub mod write;

pub use bilan::render_markdown;
pub use publish::{OutputFolder, write_file};
pub use statement::{
    CashLine, FinancialReport, Incomplete, Scope, Statement, StatementLine, build, compare_codes,
};
pub use write::{render_all, render_csv, render_json};
