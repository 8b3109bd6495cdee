//! Where a value came from: a file and a line (or spreadsheet row, or JSON item).

use std::fmt;
use std::sync::Arc;

/// A place in an input file. `line` is 1-based; 0 means the file as a whole.
///
/// For CSV and FEC text it is the physical line where the record starts; for ODS and
/// XLSX the spreadsheet row (the header is row 1); for JSON arrays the item's rank (1-based);
/// for a Paheko database backup, the `id` of the line in its table `acc_transactions_lines`
/// (an entry's source is its first line's; its « Numéro d'écriture » is `acc_transactions.id`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// The path as the user gave it (or as found under a folder they gave).
    pub file: Arc<str>,
    /// 1-based line, row or item; 0 for the whole file.
    pub line: u64,
}

impl Source {
    /// A place in a file.
    pub fn new(file: Arc<str>, line: u64) -> Source {
        Source { file, line }
    }

    /// The file as a whole.
    pub fn file(file: Arc<str>) -> Source {
        Source { file, line: 0 }
    }
}

impl fmt::Display for Source {
    /// `path:line`, or `path` for the whole file: the form editors make clickable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name is shown whole, on one line.
        let file = crate::model::one_line(&self.file, usize::MAX);
        if self.line == 0 {
            write!(f, "{file}")
        } else {
            write!(f, "{file}:{}", self.line)
        }
    }
}
