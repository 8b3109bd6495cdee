//! The plain data every stage shares: money, dates, sources, ledger entries, invoices.
//!
//! Invariant: nothing here does IO or knows about csv, calamine, clap or indicatif;
//! it depends on `rust_decimal` only. Values are small, owned and comparable.

pub mod account;
pub mod chart;
pub mod counts;
pub mod date;
pub mod entry;
pub mod invoice;
pub mod money;
pub mod pattern;
pub mod period;
pub mod source;
pub mod text;

pub use account::{AccountClass, classify};
pub use chart::{Chart, ChartAccount};
pub use counts::FileCounts;
pub use date::Date;
pub use entry::{Entry, EntryKind, ExportType, Line, LineText};
pub use invoice::{Invoice, InvoiceLine};
pub use money::{AmountError, Money, NARROW_NBSP};
pub use period::Period;
pub use source::Source;
pub use text::one_line;
