//! Per-file counts, for every kind of input file (exports, charts, invoice files).

use std::sync::Arc;

/// What became of one file's rows. Invariant: `rows == accepted + duplicates + rejected`.
/// `kind` says what the file was read as: its export kind for the books, the supplier it was
/// read for for an invoice file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCounts<K> {
    /// The file, named as in messages.
    pub path: Arc<str>,
    /// What it was read as.
    pub kind: K,
    /// Data rows read.
    pub rows: u64,
    /// Rows kept.
    pub accepted: u64,
    /// Rows already seen in another file.
    pub duplicates: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// True if the whole file could not be used.
    pub failed: bool,
}

impl<K> FileCounts<K> {
    /// Rows read, accepted, duplicates and rejected, in the order of the summary table.
    pub fn figures(&self) -> [u64; 4] {
        [self.rows, self.accepted, self.duplicates, self.rejected]
    }
}
