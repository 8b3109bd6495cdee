//! Booking: parsed files → fiscal years of unique, balanced entries.

use std::collections::BTreeSet;

use crate::model::{Date, Entry, ExportType};

/// One fiscal year (« exercice ») of the batch, with its unique, balanced entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiscalYear {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Entries sorted by date, then number.
    pub entries: Vec<Entry>,
    /// The export types the entries were read from (decides warnings: Simplifié only, FEC only).
    pub export_types: BTreeSet<ExportType>,
}
