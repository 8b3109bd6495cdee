//! rappro: Paheko exports and supplier invoices in, compte de résultats and discrepancies out.
//!
//! A pipeline of pure stages over plain data (see docs/ARCHITECTURE.md):
//! `import` reads files into [`model`] values and rejections, `book` groups and
//! de-duplicates them into fiscal years of balanced entries, `reconcile` matches invoices
//! to entries, `report` builds the statements and writes them.
//! [`pipeline`] composes them: a [`pipeline::Job`] in, a [`pipeline::Outcome`] out.
//! Only `import` reads inputs, only `report::publish` writes outputs, and only the binary
//! (`main.rs`, `cli.rs`) talks to the terminal: the library reports progress through a callback.

pub mod book;
pub mod config;
pub mod error;
pub mod import;
pub mod model;
pub mod pipeline;
pub mod reading;
pub mod reconcile;
pub mod report;
#[cfg(test)]
mod testing;
